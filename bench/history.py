"""History chapter numbers: perceptron vs the Novikoff bound, XOR cycling, and the time each
figure takes to build and serialise (what one Play tick or slider move costs on the server).

    python bench/history.py
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dlcore import timeline as TL  # noqa: E402
from dlcore.figures import history as FH  # noqa: E402
from dlcore.scratch import activations as A  # noqa: E402
from dlcore.scratch import perceptron as P  # noqa: E402


def ms(fn, n: int = 20) -> float:
    """Median wall time of ``fn()`` in milliseconds."""
    ts = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        ts.append((time.perf_counter() - t0) * 1e3)
    return float(np.median(ts))


def main() -> None:
    out: dict[str, object] = {}
    ratios, epochs, conv = [], [], []
    for seed in range(20):
        x, y = P.make_points("separable", 60, seed)
        _, _, bound = P.novikoff_bound(x, y)
        p = P.Perceptron(x, y, seed=seed)
        p.run(10**6)
        ratios.append(p.updates / bound)
        epochs.append(p.epoch)
        conv.append(p.converged)
    out["separable_60pts_20seeds"] = {
        "converged_all": all(conv),
        "updates_over_bound_max": round(max(ratios), 3),
        "updates_over_bound_median": round(float(np.median(ratios)), 3),
        "epochs_median": float(np.median(epochs)),
    }
    least = []
    for seed in range(10):
        x, y = P.make_points("xor", 40, seed)
        p = P.Perceptron(x, y, seed=seed)
        p.run(500 * 40)
        least.append(min(p.mistakes_per_epoch))
    out["xor_40pts_500epochs_fewest_mistakes_in_an_epoch"] = min(least)
    x, y = P.make_points("separable", 200, 0)
    p = P.Perceptron(x, y)
    t0 = time.perf_counter()
    n = 0
    while time.perf_counter() - t0 < 0.5:
        p.step()
        n += 1
        if p.converged:
            p = P.Perceptron(x, y, seed=n)
    out["perceptron_steps_per_s"] = int(n / 0.5)
    out["grid_search_ms"] = round(ms(lambda: P.best_threshold_unit(P.gate_targets("xor"))), 2)
    out["novikoff_bound_ms_60pts"] = round(
        ms(lambda: P.novikoff_bound(*P.make_points("separable", 60, 1)), 5), 1
    )

    lab = {"pos": "+", "neg": "-", "boundary": "b", "before": "p", "w": "w", "current": "c"}
    px, py = P.make_points("separable", 200, 0)
    g = np.linspace(-5, 5, 121)
    gx, gy = np.meshgrid(g, g)
    z = np.linspace(-6, 6, 801)
    figs = {
        "perceptron_200pts": lambda: FH.perceptron_figure(
            px, py, (0.3, -0.5), 0.1, lab, 3, ((0.2, -0.4), 0.0)
        ),
        "neuron_121x121": lambda: FH.neuron_figure(
            g, A.sigmoid(gx - gy), (0.5, 0.5), {"out": "a", "point": "p"}
        ),
        "activation_801pts": lambda: FH.activation_figure(
            z,
            A.tanh(z),
            A.tanh_grad(z),
            A.saturated_intervals(z, A.tanh_grad(z)),
            {"f": "f", "df": "d", "sat": "s"},
        ),
        "timeline": lambda: FH.timeline_figure(
            [m.year for m in TL.MILESTONES],
            [TL.TRACKS.index(m.track) for m in TL.MILESTONES],
            [m.id for m in TL.MILESTONES],
            [m.who for m in TL.MILESTONES],
            [m.id for m in TL.MILESTONES],
            list(TL.TRACKS),
            "lstm",
        ),
    }
    out["figure_build_plus_json_ms"] = {
        k: round(ms(lambda f=f: f().to_json()), 2) for k, f in figs.items()
    }
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
