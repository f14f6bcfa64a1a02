"""How many updates each seed of a preset needs, alone, to reach a test accuracy.

The classroom targets of bench/class_scale.py ("every session reaches 95 % within 10 s")
assume every seed reaches 95 % at all. This trains each seed alone (``dlcore.train.
Trainer``, evaluated every 25 updates as /ff does) until it does or ``--max-steps`` pass,
so a session the class bench reports as never reaching it can be told apart from one
the server was too slow for.

    python bench/preset_reach.py [--preset examples/ff_spiral.json] [--seeds 0-19]
        [--target 0.95] [--max-steps 20000] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402

from dlcore import catalog  # noqa: E402, F401  (fills the registries)
from dlcore.config import from_json  # noqa: E402
from dlcore.train import Trainer  # noqa: E402

EVAL_EVERY = 25  # as pages/ff.py


def seeds(spec: str) -> list[int]:
    out: list[int] = []
    for part in spec.split(","):
        lo, _, hi = part.partition("-")
        out.extend(range(int(lo), int(hi or lo) + 1))
    return out


def reach(cfg, seed: int, target: float, max_steps: int) -> dict:
    tr = Trainer(cfg.with_(seed=seed), eval_every=EVAL_EVERY)
    t0 = time.process_time()
    steps = None
    while tr.step_count < max_steps and tr.stop is None:
        tr.step(EVAL_EVERY)
        if tr.last_eval.get("test_acc", 0.0) >= target:
            steps = tr.step_count
            break
    return {
        "seed": seed,
        "steps": steps,  # updates to the target; None: not within max_steps
        "cpu_s": round(time.process_time() - t0, 2),
        "test_acc": round(float(tr.last_eval.get("test_acc", 0.0)), 4),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--preset", default="examples/ff_spiral.json")
    ap.add_argument("--seeds", default="0-19")
    ap.add_argument("--target", type=float, default=0.95)
    ap.add_argument("--max-steps", type=int, default=20_000)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    torch.set_num_threads(1)
    path = Path(args.preset)
    cfg, _ = from_json((path if path.is_absolute() else ROOT / path).read_bytes())
    rows = [reach(cfg, s, args.target, args.max_steps) for s in seeds(args.seeds)]
    if args.json:
        print(json.dumps({"preset": args.preset, "target": args.target, "seeds": rows}))
        return 0
    for r in rows:
        print(
            f"seed {r['seed']:4d}: {r['steps'] or '—':>6} updates  (test acc {r['test_acc']:.3f})"
        )
    got = sorted(r["steps"] for r in rows if r["steps"] is not None)
    print(
        f"{args.preset}: {len(got)}/{len(rows)} seeds reach {args.target:.0%} within "
        f"{args.max_steps} updates"
        + (f"; median {statistics.median(got):.0f}, max {got[-1]}" if got else "")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
