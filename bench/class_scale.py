"""A whole class on one process: N sessions played round-robin through dlcore.batch.

Session i is the preset with ``seed = i`` (data seed as in the preset). A worker loop
like the server's gives each unit — a batched group, or a trainer stepped alone — one
slice in turn (a time budget proportional to its sessions, so groups of different
shapes share the CPU per session), and every session is "watched" like a live page:
a snapshot (last evaluation + a 40×40 decision-boundary forward) every
``--snapshot-s`` seconds. No browser.

    python bench/class_scale.py --sessions 20 [--preset examples/ff_spiral.json]
        [--device cpu|cuda] [--seconds 30] [--json] [--check] [--mix] [--alone]

``--json`` prints one object ``{"sessions": [{"seed", "steps", "steps_per_s", "t95_s",
"train_loss", "test_loss", "test_acc"}, …], "cpu_percent", "rss_mb", …}``; re-run any
session alone with ``python -m dlcore run PRESET --steps STEPS`` after setting its seed.
``--check`` re-runs a few sessions alone (``dlcore.train.run``, the CLI's loop) for
their step counts and asserts the same final metrics (float32 rounding: see
tests/test_batch.py); ``--mix`` plays several presets (different shapes) at once.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import torch  # noqa: E402

from dlcore import catalog  # noqa: E402, F401  (fills the registries)
from dlcore.batch import Batcher, Group  # noqa: E402
from dlcore.config import ExperimentConfig, from_json  # noqa: E402
from dlcore.train import Trainer, run  # noqa: E402

MIX = (
    "examples/ff_spiral.json",
    "examples/ff_circle_squares.json",
    "examples/ff_xor_hidden.json",
    "examples/ff_sigmoid_ce.json",
    "examples/ff_spiral_shallow.json",
)
SLICE_PER_SESSION_S = 0.004  # CPU a session is owed per round
MAX_SLICE_S = 0.25  # no unit holds the worker longer (a live page's frame latency)
EVAL_EVERY = 25  # as pages/ff.py


CHECK_STEPS = 120  # --check compares the per-step losses of the first updates (float32)


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load(path: str) -> ExperimentConfig:
    p = Path(path) if Path(path).is_absolute() else ROOT / path
    cfg, _ = from_json(p.read_bytes())
    return cfg


def play(
    cfgs: list[ExperimentConfig],
    device: str,
    seconds: float,
    batched: bool = True,
    snapshot_s: float = 0.25,
) -> tuple[list[Trainer], tuple[list, list], float, float, float]:
    """Play every session for ``seconds``; returns trainers, t95 per session, wall, cpu, rss."""
    rss0 = rss_mb()
    trs = [Trainer(c, device=device, eval_every=EVAL_EVERY) for c in cfgs]
    rss1 = rss_mb()
    grid = np.stack(np.meshgrid(np.linspace(-6, 6, 40), np.linspace(-6, 6, 40)), -1)
    grid = grid.reshape(-1, 2).astype(np.float32)
    t95: list[float | None] = [None] * len(trs)
    t95_cpu: list[float | None] = [None] * len(trs)
    last_snap = [0.0] * len(trs)
    batcher = Batcher(min_group=2 if batched else 10**9)
    batcher.sync(trs)
    index = {id(tr): i for i, tr in enumerate(trs)}
    t0 = time.perf_counter()
    c0 = time.process_time()
    while True:
        now = time.perf_counter() - t0
        if now >= seconds:
            break
        for unit in batcher.units():
            members = unit.members if isinstance(unit, Group) else [unit]
            budget = min(MAX_SLICE_S, SLICE_PER_SESSION_S * len(members))
            unit.step(10**6, time_budget_s=budget)  # Group.step is Trainer.step for S
            now = time.perf_counter() - t0
            for tr in members:
                i = index[id(tr)]
                if t95[i] is None and tr.last_eval.get("test_acc", 0.0) >= 0.95:
                    t95[i] = now
                    t95_cpu[i] = time.process_time() - c0
                if now - last_snap[i] >= snapshot_s:  # the live page's frame
                    last_snap[i] = now
                    if tr.x_train.shape[-1] == 2:
                        tr.predict(grid)
            if now >= seconds:
                break
        batcher.sync(trs)  # a diverged session leaves (paused); the rest regroup
    wall = time.perf_counter() - t0
    cpu = time.process_time() - c0
    batcher.close()
    return trs, (t95, t95_cpu), wall, cpu, (rss1 - rss0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--preset", default="examples/ff_spiral.json")
    ap.add_argument("--device", default="cpu", choices=("cpu", "cuda"))
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--check", action="store_true", help="re-run 3 sessions alone, compare")
    ap.add_argument("--check-rtol", type=float, default=1e-5)
    ap.add_argument("--mix", action="store_true", help="sessions cycle through several presets")
    ap.add_argument("--alone", action="store_true", help="no batching (today's engine)")
    ap.add_argument("--snapshot-s", type=float, default=0.25)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    presets = MIX if args.mix else (args.preset,)
    base = {p: load(p) for p in presets}
    names = [presets[i % len(presets)] for i in range(args.sessions)]
    cfgs = [base[names[i]].with_(seed=i) for i in range(args.sessions)]
    trs, (t95, t95_cpu), wall, cpu, rss_sessions = play(
        cfgs, args.device, args.seconds, batched=not args.alone, snapshot_s=args.snapshot_s
    )
    sessions = []
    for i, tr in enumerate(trs):
        ev = tr.last_eval
        sessions.append(
            {
                "seed": i,
                "preset": names[i],
                "steps": tr.step_count,
                "steps_per_s": round(tr.step_count / wall, 2),
                "t95_s": None if t95[i] is None else round(t95[i], 3),
                # CPU seconds this process had used by then: t95 on a core of its own
                "t95_cpu_s": None if t95_cpu[i] is None else round(t95_cpu[i], 3),
                "train_loss": ev.get("train_loss"),
                "test_loss": ev.get("test_loss"),
                "test_acc": ev.get("test_acc"),
                "stopped": tr.stop.key if tr.stop else None,
            }
        )
    out: dict = {
        "sessions": sessions,
        "cpu_percent": round(100 * cpu / wall, 1),
        "rss_mb": round(rss_mb(), 1),
        "mb_per_session": round(rss_sessions / max(1, len(trs)), 3),
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "steps_per_cpu_s": round(sum(tr.step_count for tr in trs) / max(cpu, 1e-9), 1),
        "batched": not args.alone,
        "device": args.device,
    }
    if args.check:
        worst, ok = 0.0, True
        picks = sorted({0, len(trs) // 2, len(trs) - 1})
        # The per-step losses of the first CHECK_STEPS updates. In float32, Adam on the
        # spiral amplifies the last-bit differences of the batched kernels from about step
        # 130 (to 1e-3 by step 180; one weight moved by 1 ulp alone does the same): final
        # losses after thousands of steps compare that amplification, not the batching.
        # tests/test_batch.py holds the float64 equality over longer runs.
        worst_final = 0.0
        for i in picks:
            ref = run(cfgs[i], trs[i].step_count, device=args.device)
            ok &= ref.step_count == trs[i].step_count
            ha, hb = ref.history.batch, trs[i].history.batch
            ok &= bool(np.array_equal(ha.x, hb.x))
            k = int(np.searchsorted(ha.x, CHECK_STEPS, side="right"))
            a, b = np.asarray(ha["loss"][:k], np.float64), np.asarray(hb["loss"][:k], np.float64)
            if len(a):
                worst = max(worst, float(np.max(np.abs(a - b) / np.maximum(np.abs(a), 1e-12))))
            for key in ("train_loss", "test_loss"):
                fa, fb = ref.last_eval[key], trs[i].last_eval[key]
                worst_final = max(worst_final, abs(fa - fb) / max(abs(fa), 1e-12))
        ok &= worst <= args.check_rtol
        out["check"] = {
            "sessions": picks,
            "steps_compared": CHECK_STEPS,
            "max_rel_diff": worst,
            "max_rel_diff_final": worst_final,
            "ok": bool(ok),
        }
    if args.json:
        print(json.dumps(out))
    else:
        by = {}
        for s in sessions:
            by.setdefault(s["preset"], []).append(s)
        print(
            f"N={len(trs)} wall={wall:.1f}s cpu={out['cpu_percent']}% rss={out['rss_mb']} MB "
            f"({out['mb_per_session']} MB/session) batched={not args.alone} "
            f"class steps per CPU-s {out['steps_per_cpu_s']} "
            f"pid={os.getpid()}"
        )
        for p, ss in by.items():
            sps = [s["steps_per_s"] for s in ss]
            t = [s["t95_s"] for s in ss]
            tc = [s["t95_cpu_s"] for s in ss if s["t95_cpu_s"] is not None]
            reached = [x for x in t if x is not None]
            print(
                f"  {p}: n={len(ss)} steps/s min {min(sps):.0f} median "
                f"{statistics.median(sps):.0f}; ≥95 % test acc: {len(reached)}/{len(ss)}"
                + (
                    f", t95 median {statistics.median(reached):.2f}s max {max(reached):.2f}s"
                    f" (CPU-s: max {max(tc):.2f})"
                    if reached
                    else ""
                )
            )
        if "check" in out:
            print(f"  check: {out['check']}")
    if args.check and not out["check"]["ok"]:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
