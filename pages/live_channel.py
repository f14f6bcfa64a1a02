"""A live channel: a playing canvas fetches its next frames over plain HTTP.

Why: every Streamlit fragment run costs the browser about 0.15 s of CPU (React
re-rendering the app: measured with a CDP profile of a playing feedforward tab,
where the canvas itself took 0.4 %). With a class of students that is what starves
a tab, not the server. While a live canvas plays, its JavaScript instead asks
``GET <base>/_dlp/live?t=<token>`` for the frames made since its last poll, and no
script runs. The channels themselves — tokens, the worker that trains the playing
sessions in turn, the frames kept for each poll — are dlcore/live.py; this module is
the Streamlit glue: the route and its installation. Pause, a stop (divergence) or a
closed tab go back through Streamlit.

The route is added to the Starlette app that ``streamlit run`` serves (found once
per process). Where there is none (AppTest, another server), ``available()`` is
False and pages keep their fragment loop. A token is random, names one session's
page, and holds the model only weakly. Not a page of its own.
"""

from __future__ import annotations

import gc
import os
import threading
from typing import Any

from dlcore import live

ROUTE = "_dlp/live"
_STATE: dict[str, Any] = {"installed": None, "path": "/" + ROUTE}
_INSTALL = threading.Lock()


# -- the HTTP route ------------------------------------------------------------------------


STATS = {"polls": 0, "frames": 0}  # bench/classroom.py reads them (DLP_LIVE_STATS=1)


async def _endpoint(request: Any) -> Any:
    from starlette.responses import JSONResponse

    token = request.query_params.get("t", "")
    if request.query_params.get("stats") == "1" and _STATS_ON:
        return JSONResponse(dict(STATS, open=live.n_open()), headers={"Cache-Control": "no-store"})
    status, body = live.answer(token)  # no training here: quick, on the event loop
    STATS["polls"] += 1
    STATS["frames"] += len(body.get("frames", ()))
    return JSONResponse(body, status_code=status, headers={"Cache-Control": "no-store"})


_STATS_ON = os.environ.get("DLP_LIVE_STATS") == "1"  # off unless a bench asks


def _find_app() -> Any:
    """The Starlette app serving Streamlit's websocket in this process, if any."""
    try:
        from starlette.applications import Starlette
        from starlette.routing import WebSocketRoute
    except ImportError:
        return None
    for obj in gc.get_referrers(Starlette):
        if isinstance(obj, Starlette):
            for r in obj.router.routes:
                if isinstance(r, WebSocketRoute) and r.path.endswith("/_stcore/stream"):
                    return obj
    return None


def install() -> bool:
    """Add the live route to this process's Streamlit server, once. False if there is none."""
    with _INSTALL:
        if _STATE["installed"] is not None:
            return _STATE["installed"]
        ok = False
        app = _find_app()
        if app is not None:
            from starlette.routing import Route
            from streamlit import config
            from streamlit.url_util import make_url_path

            path = make_url_path(config.get_option("server.baseUrlPath") or "", ROUTE)
            app.router.routes.insert(0, Route(path, _endpoint, methods=["GET"]))
            _STATE["path"] = path
            live.start_workers()
            ok = True
        _STATE["installed"] = ok
        return ok


def available() -> bool:
    """True when canvases can poll this server (the route is installed)."""
    return bool(_STATE["installed"]) if _STATE["installed"] is not None else install()


def path() -> str:
    return str(_STATE["path"])
