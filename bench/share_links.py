"""Share-link length of every training page: the URL each page writes on a fresh load.

Opens each page in Streamlit's AppTest with ``?lang=en`` (its defaults), reads back the
query the page wrote into the address bar, and prints its length as a link
``http://localhost:8501/<page>?<query>`` (the host part is 22 characters).

    python3 bench/share_links.py 2>/dev/null          # default links
    python3 bench/share_links.py --show 2>/dev/null   # … and the links themselves
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.conftest import app_test  # noqa: E402

# page file, page key (its Form), URL path
PAGES = [
    ("pages/ff.py", "ff", "ff"),
    ("pages/gradflow.py", "gradflow", "gradflow"),
    ("pages/cnn.py", "cnn", "cnn"),
    ("pages/rnn.py", "rnn", "rnn"),
    ("pages/rnn_inside.py", "rnn_inside", "rnn_inside"),
    ("pages/rnn_gradients.py", "rnn_gradients", "rnn_gradients"),
    ("pages/ae.py", "ae", "ae"),
    ("pages/ae_pca.py", "aepca", "ae_pca"),
    ("pages/gan.py", "gan", "gan"),
]
HOST = "http://localhost:8501/"


def link(at, path: str) -> str:
    q = {
        k: at.query_params[k][-1] if isinstance(at.query_params[k], list) else at.query_params[k]
        for k in at.query_params
    }
    return f"{HOST}{path}?{urlencode(q)}"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--show", action="store_true", help="print the links too")
    args = p.parse_args()
    print(f"{'page':<16} {'keys':>5} {'chars':>6}")
    for file, _key, path in PAGES:
        at = app_test(file, lang="en")
        if at.exception:
            print(f"{path:<16} error: {at.exception[0].value}")
            continue
        url = link(at, path)
        print(f"{path:<16} {len(at.query_params):>5} {len(url):>6}")
        if args.show:
            print(f"  {url}")


if __name__ == "__main__":
    main()
