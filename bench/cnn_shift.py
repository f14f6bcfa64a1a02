"""CNN vs an MLP with about as many parameters, trained equally long on unshifted digits,
tested on test digits shifted by 0–4 pixels (what the ``/cnn_shift`` page shows).

    python bench/cnn_shift.py [--seconds 5] [--seeds 0,1,2]

Prints one JSON line per seed and the mean accuracy per shift for each model.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dlcore import catalog  # noqa: E402, F401  (fills the registries)
from dlcore.config import from_json  # noqa: E402
from dlcore.experiments import shift_comparison  # noqa: E402

SHIFTS = [0, 1, 2, 3, 4]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=5.0, help="training time per model")
    ap.add_argument("--seeds", default="0,1,2")
    args = ap.parse_args()
    torch.set_num_threads(1)
    base, _ = from_json((ROOT / "examples" / "cnn_digits.json").read_text())
    base = base.with_(model={"channels": (8, 16, 32), "hidden": (32,)})  # as on the page
    rows = []
    for seed in (int(s) for s in args.seeds.split(",")):
        r = shift_comparison(base.with_(seed=seed), args.seconds, SHIFTS)
        row = {
            "seed": seed,
            "cnn_acc": [round(float(a), 3) for a in r["cnn"]["acc"]],
            "mlp_acc": [round(float(a), 3) for a in r["mlp"]["acc"]],
            "cnn_params": r["cnn"]["n_params"],
            "mlp_params": r["mlp"]["n_params"],
        }
        rows.append(row)
        print(json.dumps(row), flush=True)
    cnn = np.mean([r["cnn_acc"] for r in rows], axis=0)
    mlp = np.mean([r["mlp_acc"] for r in rows], axis=0)
    for s, c, m in zip(SHIFTS, cnn, mlp, strict=True):
        print(f"shift {s} px: CNN {c:.3f}  MLP {m:.3f}  ratio {c / max(m, 1e-9):.2f}")


if __name__ == "__main__":
    main()
