"""Live channels (dlcore/live.py) and their route (pages/live_channel.py): tokens,
isolation, fairness, expiry, pacing, the route."""

from __future__ import annotations

import asyncio
import base64
import gc
import json
import threading
import time

import pytest

from dlcore import limits
from dlcore import live as lc
from dlcore.config import ExperimentConfig
from dlcore.train import Trainer
from pages import ff_live
from pages import live_channel as route


class Model:  # any object a channel can hold weakly
    def __init__(self, name: str, stop_after: int = 10**9) -> None:
        self.name = name
        self.calls = 0
        self.stop_after = stop_after


def produce(m: Model, session: str, params: dict) -> tuple[list[dict], bool]:
    m.calls += 1
    return [{"who": m.name, "session": session, "n": m.calls, **params}], m.calls >= m.stop_after


def hint(session: str) -> dict:
    return {"tick_ms": 300}


@pytest.fixture(autouse=True)
def fresh_channels():
    saved = dict(route._STATE)
    lc._CHANNELS.clear()
    yield
    lc._CHANNELS.clear()
    route._STATE.clear()
    route._STATE.update(saved)


def drain() -> int:
    n = 0
    while lc.work_once() and n < 1000:
        n += 1
    return n


def test_tokens_are_per_session_and_isolated():
    a, b = Model("a"), Model("b")
    ta = lc.open_channel("sess-a", "ff", a, produce, hint, res=48)
    tb = lc.open_channel("sess-b", "ff", b, produce, hint)
    assert ta != tb and len(ta) >= 32
    lc.work_once(), lc.work_once()  # one slice each, in turn
    st, body = lc.answer(ta)
    assert st == 200 and body["tick_ms"] == 300 and body["stop"] is False
    assert body["frames"] == [{"who": "a", "session": "sess-a", "n": 1, "res": 48}]
    assert [f["who"] for f in lc.answer(tb)[1]["frames"]] == ["b"]
    assert lc.answer("guessed-token")[0] == 404
    assert lc.answer("")[0] == 404


def test_round_robin_is_fair_and_buffers_are_bounded():
    models = [Model(str(i)) for i in range(5)]
    toks = [lc.open_channel(f"s{i}", "ff", m, produce, hint) for i, m in enumerate(models)]
    assert drain() == 5 * lc.MAX_BUFFER  # then nobody is due until a poll empties a buffer
    assert {m.calls for m in models} == {lc.MAX_BUFFER}
    t = time.monotonic() + 1
    assert len(lc.answer(toks[0], now=t)[1]["frames"]) == lc.MAX_BUFFER
    assert drain() == lc.MAX_BUFFER and models[0].calls == 2 * lc.MAX_BUFFER


def test_a_tab_that_stops_polling_is_not_trained():
    m = Model("m")
    tok = lc.open_channel("s", "ff", m, produce, hint)
    lc._CHANNELS[tok].polled -= lc.ACTIVE_S + 1
    assert lc.work_once() is False and m.calls == 0
    assert lc.answer(tok)[0] == 200  # polling again resumes it
    assert lc.work_once() is True and m.calls == 1


def test_reopening_keeps_the_token_and_close_ends():
    m, m2 = Model("m"), Model("m2")
    t1 = lc.open_channel("s", "ff", m, produce, hint)
    lc.work_once()
    t2 = lc.open_channel("s", "ff", m2, produce, hint, res=8)  # a rerun, a new model
    assert t1 == t2  # a poll in flight still finds its channel …
    lc.work_once()
    frames = lc.answer(t1, now=time.monotonic() + 1)[1]["frames"]
    assert [f["who"] for f in frames] == ["m2"]  # … with the old model's frames dropped
    other = lc.open_channel("s", "cnn", m, produce, hint)  # another canvas, same session
    assert other != t1
    lc.close_channel("s", "ff")
    assert lc.answer(t1, now=time.monotonic() + 2)[0] == 404
    assert lc.answer(other, now=time.monotonic() + 2)[0] == 200
    assert lc.open_channel("s", "ff", m, produce, hint) != t1  # played again after a pause


def test_closed_session_frees_the_model_and_the_channel():
    m = Model("m")
    tok = lc.open_channel("s", "ff", m, produce, hint)
    del m
    gc.collect()
    assert lc.work_once() is False
    assert lc.answer(tok)[0] == 404  # the channel did not keep the model alive
    assert lc.n_open() == 0


def test_idle_channels_expire():
    m = Model("m")
    tok = lc.open_channel("s", "ff", m, produce, hint)
    lc._CHANNELS[tok].polled -= lc.IDLE_S + 1
    assert lc.n_open() == 0 and lc.answer(tok)[0] == 404


def test_fast_polls_get_nothing_and_a_stop_is_reported_after_its_frames():
    m = Model("m", stop_after=3)
    tok = lc.open_channel("s", "ff", m, produce, hint)
    assert drain() == 3 and m.calls == 3  # stopped: no more slices
    t = lc._CHANNELS[tok].polled
    assert lc.answer(tok, now=t + lc.MIN_GAP_S / 2) == (200, {"frames": []})
    st, body = lc.answer(tok, now=t + 1)
    assert len(body["frames"]) == 3 and body["stop"] is True


def test_a_failing_model_stops_its_channel_not_the_worker():
    def broken(m, session, params):
        raise RuntimeError("boom")

    bad, good = Model("bad"), Model("good")
    tb = lc.open_channel("s1", "ff", bad, broken, hint)
    lc.open_channel("s2", "ff", good, produce, hint)
    drain()
    assert good.calls == lc.MAX_BUFFER
    assert lc.answer(tb, now=time.monotonic() + 1)[1]["stop"] is True


def _trainer(**train) -> Trainer:
    cfg = ExperimentConfig().with_(data={"name": "spiral", "n_points": 200}, train=train)
    return Trainer(cfg, device="cpu", eval_every=25)


def test_ff_channel_trains_and_sends_frames():
    limits.LIVE.reset()
    tr = _trainer()
    tok = lc.open_channel("s", "ff", tr, ff_live.produce, ff_live.hint, res=16)
    for _ in range(4):
        lc.work_once()
    status, body = lc.answer(tok, now=time.monotonic() + 1)
    assert status == 200 and body["stop"] is False and body["tick_ms"] == 300
    assert len(body["frames"]) == 4 and tr.step_count >= 4
    f = body["frames"][-1]
    assert f["step"] == tr.step_count and len(base64.b64decode(f["z"])) == 16 * 16
    assert limits.LIVE.count() == 1  # the poll counts as a playing session
    json.dumps(body)  # JSON-able as sent


def test_ff_channel_reports_a_divergence():
    tr = _trainer(lr=1e6, optimizer="sgd")
    tok = lc.open_channel("s", "ff", tr, ff_live.produce, ff_live.hint)
    for _ in range(200):
        if not lc.work_once():
            break
    _, body = lc.answer(tok, now=time.monotonic() + 1)
    assert body["stop"] is True and tr.stop is not None


def test_ff_poll_interval_follows_the_class_size():
    assert ff_live.channel_pace(1) == ff_live.TICK_S
    assert ff_live.channel_pace(20) == ff_live.CHANNEL_MAX_TICK_S
    assert [ff_live.side_every(n) for n in (1, 5, 10, 20)] == [1.5, 5.0, 15.0, 30.0]


def test_install_without_a_server_is_a_no_op():
    route._STATE["installed"] = None
    assert route.install() is False and route.available() is False


def test_install_adds_the_route_to_the_streamlit_app(monkeypatch):
    from starlette.applications import Starlette
    from starlette.routing import Route, WebSocketRoute

    async def ws(_):  # stands in for Streamlit's websocket route
        return None

    async def spa(_):
        from starlette.responses import PlainTextResponse

        return PlainTextResponse("index")

    app = Starlette(routes=[WebSocketRoute("/_stcore/stream", ws), Route("/{path:path}", spa)])
    started = []
    monkeypatch.setattr(lc, "start_workers", lambda: started.append(1))  # driven by hand here
    route._STATE["installed"] = None
    assert route.install() is True and route.path() == "/_dlp/live" and started == [1]
    assert route.install() is True  # once per process
    m = Model("m")
    tok = lc.open_channel("s", "ff", m, produce, hint)
    lc.work_once()

    async def get(qs: bytes) -> tuple[int, bytes, dict]:
        out: dict = {"body": b""}

        async def receive():
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(msg):
            if msg["type"] == "http.response.start":
                out["status"] = msg["status"]
                out["headers"] = {k.decode(): v.decode() for k, v in msg["headers"]}
            elif msg["type"] == "http.response.body":
                out["body"] += msg.get("body", b"")

        scope = {
            "type": "http",
            "method": "GET",
            "path": "/_dlp/live",
            "raw_path": b"/_dlp/live",
            "query_string": qs,
            "headers": [],
            "scheme": "http",
            "server": ("127.0.0.1", 80),
            "client": ("127.0.0.1", 1),
            "root_path": "",
            "app": app,
        }
        await app.router(scope, receive, send)
        return out["status"], out["body"], out["headers"]

    def run(qs: bytes):  # a fresh loop in its own thread (another test may hold this one's)
        out: dict = {}
        th = threading.Thread(target=lambda: out.setdefault("r", asyncio.run(get(qs))))
        th.start()
        th.join()
        return out["r"]

    status, body, headers = run(b"t=" + tok.encode())
    assert status == 200 and json.loads(body)["frames"][0]["who"] == "m"
    assert headers["cache-control"] == "no-store"
    status, body, _ = run(b"t=nope")
    assert status == 404 and json.loads(body) == {"gone": True}
