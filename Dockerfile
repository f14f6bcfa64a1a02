# DL Playground — one app replica: slim Python, CPU build of torch, non-root user.
#   docker build -t dl-playground .
#   docker run --rm -p 8501:8501 -e STREAMLIT_SERVER_COOKIE_SECRET=change-me dl-playground
# See docs/deploy.md for several replicas behind a load balancer.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    # one torch / BLAS thread per process: many sessions share the cores
    OMP_NUM_THREADS=1 \
    MKL_NUM_THREADS=1

WORKDIR /app

# torch first, from PyTorch's CPU wheel index: the default PyPI wheel for Linux
# pulls several GB of CUDA libraries that a CPU server never uses. The pin in
# requirements.txt (torch==2.13.0) is then already satisfied by 2.13.0+cpu.
COPY requirements.txt .
RUN pip install --index-url https://download.pytorch.org/whl/cpu torch==2.13.0 \
 && pip install -r requirements.txt \
 && python -c "import torch; assert not torch.version.cuda, 'expected the CPU build of torch'"

RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin app
COPY --chown=app:app . .
USER app

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD python -c "import sys, urllib.request; r = urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4); sys.exit(r.status != 200)"

# .streamlit/config.toml holds the hosting limits (upload size, error details, TTL).
CMD ["python", "-m", "streamlit", "run", "app.py", "--server.port=8501", "--server.address=0.0.0.0"]
