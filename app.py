"""DL Playground — the server: Streamlit's app (ui/shell.py) plus the live route.

``streamlit run app.py`` finds ``app`` below and serves it: the pages through
Streamlit, and the live route (ui/routes.py) that playing pages fetch their frames
from, through Streamlit's public ``st.App(script, routes=...)``.
"""

import streamlit as st

from ui import heap

# Before the server starts its threads (uvicorn imports this module first): a few shared
# glibc arenas instead of one per thread, so a class that has left hands its memory back
# (ui/heap.py, issue 14).
heap.limit_arenas()

from ui import routes  # noqa: E402 - after limit_arenas (it loads torch, builds the engine)

app = st.App(
    "ui/shell.py",
    routes=routes.routes(st.get_option("server.baseUrlPath")),
    lifespan=routes.lifespan,
)
