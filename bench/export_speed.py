"""Exported script (``python -m dlcore code``) versus ``python -m dlcore run`` on the same config.

For each preset both run as fresh processes with the same ``--steps``, alternating,
``--repeats`` times; the table shows the medians of the whole process (import,
data, training, evaluation) and of the training loop alone (the ``wall_seconds``
each prints), their ratios (script / CLI; target ≤ 1.2) and whether the final
losses agree. One torch thread per process (``--threads``) keeps a shared machine fair.

    python bench/export_speed.py [--steps 1000] [--repeats 3] [presets …]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = (
    "ff_spiral",
    "ff_xor_hidden",
    "training_tanh_xavier",
    "cnn_digits",
    "rnn_sines_gru",
    "ae_digits_2d",
)


def _run(cmd: list[str], env: dict[str, str]) -> tuple[float, dict]:
    t0 = time.perf_counter()
    r = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return time.perf_counter() - t0, json.loads(r.stdout.strip().splitlines()[-1])


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("presets", nargs="*", default=list(DEFAULT), help="names in examples/")
    p.add_argument("--steps", type=int, default=1000)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--threads", default="1", help="OMP_NUM_THREADS for every process")
    args = p.parse_args()
    env = {**os.environ, "OMP_NUM_THREADS": args.threads, "PYTHONPATH": str(ROOT)}
    print(f"steps {args.steps}, repeats {args.repeats}, threads {args.threads}")
    print(
        f"{'preset':24s} {'cli s':>7s} {'script s':>8s} {'ratio':>6s}   "
        f"{'cli loop':>8s} {'scr loop':>8s} {'ratio':>6s}   same losses"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.presets:
            cfg = ROOT / "examples" / f"{name}.json"
            code = subprocess.run(
                [sys.executable, "-m", "dlcore", "code", str(cfg)],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            path = Path(tmp) / f"{name}.py"
            path.write_text(code, encoding="utf-8")
            steps = ["--steps", str(args.steps)]
            cli_cmd = [sys.executable, "-m", "dlcore", "run", str(cfg), *steps, "--quiet"]
            scr_cmd = [sys.executable, str(path), *steps]
            cli_t, scr_t, cli_l, scr_l = [], [], [], []
            for _ in range(args.repeats):
                t, m_cli = _run(cli_cmd, env)
                cli_t.append(t)
                cli_l.append(m_cli["wall_seconds"])
                t, m_scr = _run(scr_cmd, env)
                scr_t.append(t)
                scr_l.append(m_scr["wall_seconds"])
            keys = ("train_loss", "test_loss", "steps", "d_loss", "g_loss", "rounds")  # + gan_*
            same = all(m_cli.get(k) == m_scr.get(k) for k in keys)
            a, b = statistics.median(cli_t), statistics.median(scr_t)
            c, d = statistics.median(cli_l), statistics.median(scr_l)
            print(
                f"{name:24s} {a:7.2f} {b:8.2f} {b / a:6.2f}   {c:8.3f} {d:8.3f} "
                f"{d / max(c, 1e-9):6.2f}   {'yes' if same else 'NO'}"
            )


if __name__ == "__main__":
    main()
