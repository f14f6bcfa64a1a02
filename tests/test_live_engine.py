"""The live engine (dlcore/live.py) with a fake clock, and its route (ui/routes.py):
secrets, fairness, bounded buffers, expiry, Pause, Step, speed, divergence."""

from __future__ import annotations

import asyncio
import gc
import json
import math
import random

import pytest

from dlcore.config import ExperimentConfig, from_json
from dlcore.live import MAX_SPEED, Engine, Producer, slow_turn
from dlcore.train import Trainer
from tests.conftest import ROOT


class Clock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t

    def tick(self, dt: float) -> None:
        self.t += dt


class Model:
    """Anything a channel can hold weakly: counts its steps, may stop itself."""

    def __init__(self, name: str, stop_at: int = 10**9, fail: bool = False) -> None:
        self.name, self.steps, self.stop_at, self.fail = name, 0, stop_at, fail

    def step(self, n: int, budget_s: float) -> int:
        if self.fail:
            raise RuntimeError("broken model")
        n = 1 if n >= 10**9 else n  # full speed: one step per slice in these tests
        n = min(n, max(0, self.stop_at - self.steps))
        self.steps += n
        return n


def producer(**kw) -> Producer:
    return Producer(
        step=lambda m, n, b: m.step(n, b),
        snapshot=lambda m: {"who": m.name, "step": m.steps},
        stopped=lambda m: m.steps >= m.stop_at,
        frame_every_s=kw.pop("frame_every_s", 0.0),
        max_frames=kw.pop("max_frames", 4),
    )


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def eng(clock):
    return Engine(clock)


def drain(eng: Engine, limit: int = 1000) -> int:
    n = 0
    while eng.work_once() and n < limit:
        n += 1
    return n


def play(eng, ch):
    assert eng.control(ch.token, ch.secret, "play")[0] == 200


def test_a_token_needs_its_own_secret(eng):
    a, b = Model("a"), Model("b")
    ca = eng.open("sess-a", "ff", a, producer())
    cb = eng.open("sess-b", "ff", b, producer())
    assert ca.token != cb.token and len(ca.token) >= 20 and len(ca.secret) >= 20
    assert eng.poll(ca.token, ca.secret)[0] == 200
    for tok, sec in [
        (ca.token, cb.secret),  # a leaked token without its secret
        (ca.token, ""),
        ("guessed", ca.secret),
        ("", ""),
        (ca.token, "x" * 5000),
    ]:
        assert eng.poll(tok, sec) == (404, {})
        assert eng.control(tok, sec, "play") == (404, {})
    assert not ca.playing  # the refused Play did nothing


def test_play_trains_in_turn_and_frames_reach_only_their_view(eng, clock):
    a, b = Model("a"), Model("b")
    ca, cb = eng.open("s-a", "ff", a, producer()), eng.open("s-b", "ff", b, producer())
    play(eng, ca), play(eng, cb)
    eng.work_once(), eng.work_once()
    assert (a.steps, b.steps) == (1, 1)  # one slice each, round robin
    clock.tick(0.1)
    st, body = eng.poll(ca.token, ca.secret)
    assert st == 200 and body["playing"] and body["frames"] == [{"who": "a", "step": 1}]
    assert [f["who"] for f in eng.poll(cb.token, cb.secret)[1]["frames"]] == ["b"]


def test_round_robin_is_fair_and_buffers_are_bounded(eng, clock):
    models = [Model(str(i)) for i in range(5)]
    chans = [eng.open(f"s{i}", "ff", m, producer(max_frames=3)) for i, m in enumerate(models)]
    for ch in chans:
        play(eng, ch)
    assert drain(eng) == 5 * 3  # then nobody is due until a poll empties a buffer
    assert {m.steps for m in models} == {3}
    clock.tick(0.1)
    assert len(eng.poll(chans[0].token, chans[0].secret)[1]["frames"]) == 3
    assert drain(eng) == 3 and models[0].steps == 6


def test_a_huge_model_does_not_starve_the_small_ones(eng, clock):
    """Each slice is one turn whatever it costs: the slow model gets no more turns."""
    slow = Model("slow")
    slow_step = slow.step

    def heavy(n, b):
        clock.tick(0.5)  # a slice that takes half a second
        return slow_step(n, b)

    slow.step = heavy
    small = [Model(f"s{i}") for i in range(3)]
    chans = [eng.open("big", "ff", slow, producer(max_frames=100))]
    chans += [eng.open(f"p{i}", "ff", m, producer(max_frames=100)) for i, m in enumerate(small)]
    for ch in chans:
        play(eng, ch)
    for _ in range(40):
        eng.work_once()
        for ch in chans:
            eng.poll(ch.token, ch.secret)  # every view keeps polling
    assert slow.steps == 10 and all(m.steps == 10 for m in small)


def test_a_tab_that_stops_polling_is_not_trained_and_expires(eng, clock):
    m = Model("a")
    ch = eng.open("s", "ff", m, producer())
    play(eng, ch)
    clock.tick(eng.active_s + 0.1)  # the tab closed: no poll since
    assert eng.work_once() is False and m.steps == 0
    clock.tick(eng.idle_s)
    assert eng.n_open() == 0
    assert eng.poll(ch.token, ch.secret)[0] == 404


def test_hostile_polls_do_not_keep_a_closed_tab_training(eng, clock):
    m = Model("a")
    ch = eng.open("s", "ff", m, producer())
    play(eng, ch)
    for _ in range(1000):  # someone with the token but not the secret
        clock.tick(0.01)
        assert eng.poll(ch.token, "stolen")[0] == 404
    assert eng.work_once() is False and m.steps == 0
    assert eng.stats["refused"] == 1000


def test_pause_stops_at_once_and_answers_with_the_model_as_it_is(eng, clock):
    m = Model("a")
    ch = eng.open("s", "ff", m, producer())
    play(eng, ch)
    drain(eng)
    st, body = eng.control(ch.token, ch.secret, "pause")
    assert st == 200 and body["playing"] is False and body["frame"] == {"who": "a", "step": 4}
    assert eng.work_once() is False and m.steps == 4  # not one more step
    clock.tick(0.1)
    assert eng.poll(ch.token, ch.secret)[1]["frames"] == []  # frames made before are dropped
    for _ in range(100):  # 100 Pause presses in a row: every one taken
        play(eng, ch)
        eng.work_once()
        steps = m.steps
        assert eng.control(ch.token, ch.secret, "pause")[1]["frame"]["step"] == steps
        assert eng.work_once() is False and m.steps == steps


def test_step_trains_exactly_n(eng):
    m = Model("a")
    ch = eng.open("s", "ff", m, producer())
    st, body = eng.control(ch.token, ch.secret, "step", 7)
    assert st == 200 and body["frame"]["step"] == 7 and not ch.playing
    for bad in ("x", None, -3, 10**30, math.nan):
        assert eng.control(ch.token, ch.secret, "step", bad)[0] == 200
    assert m.steps == 7 + 4 * 1 + 100_000  # bad → one step, huge → capped
    assert eng.control(ch.token, ch.secret, "explode")[0] == 400


def test_speed_limits_the_steps_per_second(eng, clock):
    fast, slow = Model("fast"), Model("slow")
    cf = eng.open("f", "ff", fast, producer(max_frames=1000))
    cs = eng.open("s", "ff", slow, producer(max_frames=1000))
    play(eng, cf), play(eng, cs)
    eng.control(cs.token, cs.secret, "speed", 2)  # two steps per second
    assert cs.speed == 2
    for _ in range(100):  # 5 s of a worker looping every 50 ms
        clock.tick(0.05)
        eng.work_once(), eng.work_once()
        eng.poll(cf.token, cf.secret), eng.poll(cs.token, cs.secret)
    assert 9 <= slow.steps <= 11 and fast.steps >= 90
    eng.control(cs.token, cs.secret, "speed", "full")
    assert cs.speed == MAX_SPEED


def test_divergence_stops_the_channel_and_is_reported(eng, clock):
    m = Model("a", stop_at=3)
    ch = eng.open("s", "ff", m, producer())
    play(eng, ch)
    drain(eng)
    assert m.steps == 3 and ch.stopped and not ch.playing
    clock.tick(0.1)
    body = eng.poll(ch.token, ch.secret)[1]
    assert body["stop"] is True and body["frames"][-1] == {"who": "a", "step": 3}
    st, body = eng.control(ch.token, ch.secret, "play")  # still stopped: Play says so
    assert body == {"playing": False, "stop": True}


def test_a_failing_model_stops_its_channel_not_the_worker(eng, clock):
    bad, good = Model("bad", fail=True), Model("good")
    cb, cg = eng.open("b", "ff", bad, producer()), eng.open("g", "ff", good, producer())
    play(eng, cb), play(eng, cg)
    drain(eng)
    assert cb.stopped and good.steps == 4


def test_reopening_keeps_token_secret_and_play_state_a_new_model_pauses(eng):
    m = Model("a")
    ch = eng.open("s", "ff", m, producer())
    play(eng, ch)
    again = eng.open("s", "ff", m, producer())  # a rerun while playing
    assert again is ch and ch.playing
    m2 = Model("b")
    eng.open("s", "ff", m2, producer())  # Reset / a new config: a new model
    assert ch.token == again.token and not ch.playing
    eng.close("s")
    assert eng.poll(ch.token, ch.secret)[0] == 404


def test_a_closed_session_frees_its_model(eng):
    m = Model("a")
    ch = eng.open("s", "ff", m, producer())
    del m
    gc.collect()
    assert eng.n_open() == 0 and eng.poll(ch.token, ch.secret)[0] == 404


def test_workers_train_a_real_trainer_and_stop_on_divergence():
    from dlcore.live_train import train_step

    eng = Engine()
    tr = Trainer(ExperimentConfig())
    prod = Producer(
        step=train_step,
        snapshot=lambda t: {"step": t.step_count},
        stopped=lambda t: t.stop is not None,
    )
    ch = eng.open("s", "ff", tr, prod)
    play(eng, ch)
    for _ in range(20):
        eng.work_once()
        eng.poll(ch.token, ch.secret)
    assert tr.step_count > 20 and ch.playing
    bad = Trainer(from_json((ROOT / "examples" / "ff_lr_too_high.json").read_text())[0])
    cb = eng.open("s2", "ff", bad, prod)
    play(eng, cb)
    for _ in range(500):
        eng.work_once()
        eng.poll(cb.token, cb.secret)
        if cb.stopped:
            break
    assert cb.stopped and not cb.playing and bad.stop is not None


# -- the route ---------------------------------------------------------------------------


def asgi_post(app, path: str, body: bytes) -> tuple[int, bytes]:
    """One POST through an ASGI app, on a fresh event loop."""
    out: dict = {"body": b""}

    async def run():
        sent = False

        async def receive():
            nonlocal sent
            if sent:
                return {"type": "http.disconnect"}
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(msg):
            if msg["type"] == "http.response.start":
                out["status"] = msg["status"]
            elif msg["type"] == "http.response.body":
                out["body"] += msg.get("body", b"")

        scope = {
            "type": "http",
            "method": "POST",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "headers": [(b"content-type", b"application/json")],
            "http_version": "1.1",
            "scheme": "http",
            "server": ("127.0.0.1", 80),
            "client": ("127.0.0.1", 1234),
            "root_path": "",
        }
        await app(scope, receive, send)

    asyncio.run(run())
    return out["status"], out["body"]


def test_route_answers_its_view_and_404s_everything_else(monkeypatch):
    from starlette.applications import Starlette

    from ui import routes

    eng = Engine()
    monkeypatch.setattr(routes, "ENGINE", eng)
    app = Starlette(routes=routes.ROUTES)
    m = Model("a")
    ch = eng.open("s", "ff", m, producer())
    ok = json.dumps({"t": ch.token, "s": ch.secret, "a": "play"}).encode()
    st, body = asgi_post(app, routes.live_path(), ok)
    assert st == 200 and json.loads(body)["playing"] is True
    poll = json.dumps({"t": ch.token, "s": ch.secret}).encode()
    assert asgi_post(app, routes.live_path(), poll)[0] == 200
    hostile = [
        b"",
        b"not json",
        b"[]",
        b'{"t": 1, "s": 2}',
        json.dumps({"t": ch.token, "s": "wrong"}).encode(),
        json.dumps({"t": ch.token}).encode(),
        b"[" * 100_000,
        json.dumps({"t": ch.token, "s": ch.secret, "pad": "x" * 10_000}).encode(),
    ]
    for h in hostile:
        assert asgi_post(app, routes.live_path(), h) == (404, b""), h[:40]
    for _ in range(1000):  # 1000 rapid hostile requests: refused, the owner unaffected
        asgi_post(app, routes.live_path(), b'{"t": "x", "s": "y"}')
    assert ch.playing and eng.poll(ch.token, ch.secret)[0] == 200


def test_a_page_can_pause_its_own_view(eng, clock):
    m = Model("a")
    ch = eng.open("s", "gan", m, producer())
    play(eng, ch)
    eng.work_once()
    assert eng.pause("s", "gan") and not ch.playing
    assert eng.work_once() is False
    clock.tick(0.1)
    assert eng.poll(ch.token, ch.secret)[1]["playing"] is False  # the view stops polling
    assert eng.pause("s", "other") is False


def test_sessions_of_one_shape_train_as_one_batched_slice_with_their_own_numbers():
    """Three spiral sessions (seeds 0, 1, 2) playing on one engine: one batched slice for
    all (issue 14), and each session's losses equal the same config trained alone."""
    from dlcore.live_train import producer as trainer_producer

    eng = Engine()
    cfg = from_json((ROOT / "examples" / "ff_spiral.json").read_text())[0].with_(
        train={"optimizer": "sgd", "lr": 0.03, "batch_size": 10}
    )
    trs = [Trainer(cfg.with_(seed=i)) for i in range(3)]
    prod = trainer_producer(lambda t: {"step": t.step_count}, max_frames=1000)
    chans = [eng.open(f"s{i}", "ff", tr, prod) for i, tr in enumerate(trs)]
    for ch in chans:
        play(eng, ch)
    while min(tr.step_count for tr in trs) < 200:
        eng.work_once()
        for ch in chans:
            eng.poll(ch.token, ch.secret)
    assert eng.stats.get("group_slices", 0) >= 1
    assert len({tr.step_count for tr in trs}) == 1  # one batched step for all
    for ch in chans:
        eng.control(ch.token, ch.secret, "pause")
    for i, tr in enumerate(trs):
        alone = Trainer(cfg.with_(seed=i))
        alone.step(tr.step_count)
        a, b = alone.history.batch["loss"], tr.history.batch["loss"]
        assert len(a) == len(b)
        rel = max(abs(x - y) / max(abs(x), 1e-12) for x, y in zip(a, b, strict=True))
        assert rel <= 1e-5, (i, rel)


def test_slow_parts_space_out_as_the_class_grows(clock):
    """slow_pace: the page's own pace alone, the crowding factor, and more once the playing
    views together would ask for more than slow_per_s slow refreshes a second."""
    rate = 3.0  # /ff: the network every 1 s, the curves every 0.5 s
    eng = Engine(clock, slow_per_s=6.0, pace=lambda n: max(1.0, n / 3))
    assert Engine(clock).slow_pace(rate) == 1.0  # no budget: only the crowding factor
    models = [Model(str(i)) for i in range(20)]  # held: a channel holds its model weakly
    chans = [eng.open(f"s{i}", "ff", m, producer()) for i, m in enumerate(models)]
    play(eng, chans[0])
    assert eng.slow_pace(rate) == 1.0  # alone: the page's own pace
    for ch in chans[1:5]:
        play(eng, ch)
    assert eng.slow_pace(rate) == pytest.approx(5 * rate / 6.0)  # 15/s asked, 6/s given
    for ch in chans[5:]:
        play(eng, ch)
    assert eng.slow_pace(rate) == pytest.approx(20 * rate / 6.0)
    assert eng.slow_pace(0.0) == pytest.approx(20 / 3)  # no slow parts: the crowding factor
    clock.tick(eng.active_s + 0.1)  # nobody polled since: no tab is playing any more
    for ch in chans[:2]:
        eng.poll(ch.token, ch.secret)
    assert eng.slow_pace(rate) == 1.0


def test_slow_parts_of_a_class_pressing_play_together_spread_out_and_stay_fair(clock):
    """Twenty views (the network every 1 s, the curves every 0.5 s, as /ff) that pressed Play
    at the same moment, drawing their slow parts as ui/live.LiveView does (slow_turn, a
    frame each in turn): the first seconds do not draw all forty figures at once, the total
    stays within the budget, every view gets the same share, and a Pause answers at once."""
    every = {"net": 1.0, "curves": 0.5}
    rate = sum(1 / e for e in every.values())
    rng = random.Random(0)
    eng = Engine(clock, slow_per_s=6.0, pace=lambda k: max(1.0, k / 3))
    draws: list[float] = []

    class View:
        def __init__(self) -> None:
            self.due = {name: clock() + e for name, e in every.items()}  # drawn at mount
            self.drawn = 0

        def snapshot(self, m: Model) -> dict:
            now, f = clock(), eng.slow_pace(rate)
            for name, e in every.items():
                nxt = slow_turn(now, self.due[name], e * f, f > 1, rng.random)
                if nxt is None:
                    nxt = now + e * f  # drawn now
                    self.drawn += 1
                    draws.append(now)
                self.due[name] = nxt
            return {"step": m.steps}

    views, models = [View() for _ in range(20)], [Model(str(i)) for i in range(20)]
    clock.tick(30)  # the page was read for a while before the class pressed Play
    chans = []
    for i, (v, m) in enumerate(zip(views, models, strict=True)):
        p = Producer(step=lambda m, k, b: m.step(k, b), snapshot=v.snapshot, max_frames=50)
        chans.append(eng.open(f"s{i}", "ff", m, p))
    for ch in chans:
        play(eng, ch)
    t0 = clock()
    for k in range(3000):  # 30 s of 0.01 s slices
        eng.work_once()
        clock.tick(0.01)
        if k % 20 == 0:
            for ch in chans:
                eng.poll(ch.token, ch.secret)
    secs = clock() - t0
    f = 20 * rate / 6.0
    per_s = [sum(1 for d in draws if t0 + i <= d < t0 + i + 1) for i in range(int(secs))]
    assert max(per_s[:3]) <= 12  # not 40 figures in the first second after Play
    assert len(draws) <= 6.0 * secs * 1.15  # within the budget (± the phases)
    share = rate / f * secs  # each view's own schedule
    drawn = [v.drawn for v in views]
    assert min(drawn) >= 0.8 * share - 2 and max(drawn) <= share + 2  # the same share each
    st_, body = eng.control(chans[0].token, chans[0].secret, "pause")
    assert st_ == 200 and body["frame"]["step"] == models[0].steps and not chans[0].playing


def test_slow_turn_draws_when_due_and_gives_a_crowd_a_random_phase():
    assert slow_turn(10.0, 11.0, 2.0, True) == 11.0  # not due yet
    assert slow_turn(11.5, 11.0, 2.0, True) is None  # due: drawn now
    assert slow_turn(20.0, 11.0, 2.0, False) is None  # alone: drawn now, however late
    assert slow_turn(20.0, 11.0, 2.0, True, lambda: 0.25) == 20.5  # a crowd: a phase


def test_closed_sessions_of_a_batched_group_are_freed_once_the_group_idles():
    """A class plays as one batched group, then closes its tabs (issue 14, 200 sessions
    opened and closed): the group held its members strongly, so their Trainers outlived
    their sessions until another group played. The engine's housekeeping lets go a group
    nobody plays and the closed sessions' models are freed; a group in play is kept."""
    import time
    import weakref

    from dlcore.live_train import close_groups, release_idle
    from dlcore.live_train import producer as trainer_producer

    later = {"s": 0.0}  # how far past now the housekeeping looks (a fake wait)
    eng = Engine(on_idle=lambda: release_idle(now=time.monotonic() + later["s"]))
    cfg = from_json((ROOT / "examples" / "ff_spiral.json").read_text())[0]
    prod = trainer_producer(lambda t: {"step": t.step_count})
    try:
        trs = [Trainer(cfg.with_(seed=i)) for i in range(4)]
        chans = [eng.open(f"s{i}", "ff", tr, prod) for i, tr in enumerate(trs)]
        for ch in chans:
            play(eng, ch)
        while eng.stats.get("group_slices", 0) < 2:
            eng.work_once()
        eng.tidy()  # the group was just played: kept, its members train on
        assert all(ch.alive() for ch in chans)
        refs = [weakref.ref(tr) for tr in trs]
        del trs, ch, chans  # the sessions are gone (Streamlit dropped their state)
        gc.collect()
        assert all(r() is not None for r in refs)  # held by their group alone
        later["s"] = 1e3  # … and nobody plays that group any more
        eng.tidy()
        gc.collect()
        assert all(r() is None for r in refs)
        assert eng.n_open() == 0
    finally:
        close_groups()


def test_a_quiet_server_collects_what_dropped_sessions_left_at_most_once_a_minute(monkeypatch):
    """ui/routes.py's housekeeping: a full collection only while nothing plays, at most
    every QUIET_GC_S, only if anything was allocated since the last (the sessions
    Streamlit drops at a disconnect become garbage without any), backing off while
    collections find nothing and back to a minute when someone opens a live page."""
    from ui import routes

    class FakeGC:
        count = (0, 0, 1)
        calls = 0
        found = 5  # unreachable objects the next collection finds

        def get_count(self):
            return self.count

        def collect(self):
            self.calls += 1
            return self.found

    fake, now, playing, open_ = FakeGC(), [1000.0], [0], [0]
    trims = []
    monkeypatch.setattr(routes, "gc", fake)
    monkeypatch.setattr(routes.heap, "trim", lambda: trims.append(fake.calls))
    monkeypatch.setattr(routes, "_clock", lambda: now[0])
    monkeypatch.setattr(routes.ENGINE, "n_playing", lambda: playing[0])
    monkeypatch.setattr(routes.ENGINE, "n_open", lambda: open_[0])
    monkeypatch.setitem(routes._GC, "last", now[0] - routes.QUIET_GC_S)
    monkeypatch.setitem(routes._GC, "every", routes.QUIET_GC_S)
    routes._on_idle()
    assert fake.calls == 1
    routes._on_idle()  # within the minute: no second collection
    now[0] += routes.QUIET_GC_S
    fake.count = (0, 0, 0)  # nothing allocated since: nothing to do
    routes._on_idle()
    fake.count = (5, 0, 0)  # a disconnect dropped sessions: a few allocations, much garbage
    playing[0] = 1  # a class is playing: Python's own thresholds are met, no full walk
    routes._on_idle()
    assert fake.calls == 1
    playing[0] = 0
    routes._on_idle()
    assert fake.calls == 2
    assert trims == [1, 2]  # each collection hands the freed pages back (ui/heap.py)
    # an empty server: collections that find nothing come every 2, 4, 8, 10, 10 minutes
    fake.found, waits, last = 0, [], now[0]
    for _ in range(6 * 600):
        now[0] += 1.0
        before = fake.calls
        routes._on_idle()
        if fake.calls > before:
            waits.append(round(now[0] - last))
            last = now[0]
    assert waits[:5] == [60, 120, 240, 480, 600], waits
    now[0] = routes._GC["last"] + 1.0  # just after a collection, ten minutes to the next …
    open_[0] = 1  # … a student opens a live page: after they leave, a minute again
    routes._on_idle()
    open_[0] = 0
    before = fake.calls
    now[0] = routes._GC["last"] + routes.QUIET_GC_S
    routes._on_idle()
    assert fake.calls == before + 1


def test_frames_space_out_by_their_measured_cost_each_view_its_share(clock):
    """The frames of all playing views take at most frame_cpu_per_s of CPU time, shared
    equally: a view whose frames are cheap keeps the full rate, a dear one (the largest
    model the limits allow) gets fewer frames and polls, never the rest of the class; a
    frame that also drew slow parts (the first after Play) does not count; the budget grows
    as views pause."""
    cost = {"0": 0.001, "1": 0.001, "2": 0.001, "3": 0.001}
    cpu = Clock()

    def snapshot(m):
        cpu.tick(cost[m.name])  # the snapshot's CPU time, as the engine's cpu_clock sees it
        return {"who": m.name, "step": m.steps}

    prod = Producer(step=lambda m, n, b: m.step(n, b), snapshot=snapshot, frame_every_s=0.1)
    eng = Engine(clock, frame_cpu_per_s=0.1, cpu_clock=cpu)  # 25 ms/s for each of 4 views
    models = [Model(str(i)) for i in range(4)]
    chans = [eng.open(f"s{i}", "ff", m, prod) for i, m in enumerate(models)]
    for ch in chans:
        play(eng, ch)

    def frames_after(dt: float) -> list[int]:
        """Advance dt, poll every view, let the worker go round: who got a frame."""
        clock.tick(dt)
        for ch in chans:  # their browsers poll (and take what was there)
            eng.poll(ch.token, ch.secret)
        for _ in range(2 * len(chans)):
            eng.work_once()
        return [int(bool(ch.frames)) for ch in chans]

    def tick(k: int) -> int:
        clock.tick(0.05)
        return eng.poll(chans[k].token, chans[k].secret)[1]["tick_ms"]

    cost["3"] = 0.06  # the first frame after Play draws every slow part: not the view's cost
    frames_after(10.0)
    cost["3"] = 0.001
    for _ in range(3):
        frames_after(10.0)
    assert eng.crowd() == 1.0 and eng.pacing()["frame_budget_ms"] == 25.0
    assert [tick(k) for k in range(4)] == [100] * 4  # 1 ms a frame: within 25 ms/s at 10/s
    cost["3"] = 0.04  # view 3 drew a slow part again: does not count
    frames_after(10.0)
    assert tick(3) == 100
    cost["3"] = 0.01  # view 3 now costs 10 ms a frame for good: 2.5 frames/s fit its share
    for _ in range(8):  # a lasting new cost: counted once it is the cheapest of 8 frames
        frames_after(10.0)
    assert eng.pacing()["frame_ms_max"] == pytest.approx(10.0, rel=0.02)
    assert [tick(k) for k in range(3)] == [100] * 3  # the rest keep their rate
    assert tick(3) == pytest.approx(400, abs=10)  # 10 ms / 25 ms/s: a frame every 0.4 s
    got = [0, 0, 0, 0]
    for _ in range(20):  # 2 s of turns just over a frame's 0.1 s
        got = [g + f for g, f in zip(got, frames_after(0.101), strict=True)]
    assert got[:3] == [20, 20, 20] and 4 <= got[3] <= 6, got
    assert eng.control(chans[0].token, chans[0].secret, "pause")[0] == 200
    assert eng.pacing()["frame_budget_ms"] == pytest.approx(1000 * 0.1 / 3, abs=0.1)
    # no budget (a bench, the tests above): only the pace
    assert Engine(clock, cpu_clock=cpu).pacing()["frame_budget_ms"] is None
