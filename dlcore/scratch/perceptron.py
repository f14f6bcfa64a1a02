"""The McCulloch–Pitts threshold unit (1943) and Rosenblatt's perceptron (1958).

* ``mp_unit``: binary inputs, weights, a threshold θ; fires (1) iff Σ wᵢxᵢ ≥ θ.
* ``best_threshold_unit``: exhaustive search of a weight / threshold grid for the
  unit closest to a truth table (XOR: 3 of 4 rows at best — never 4).
* ``Perceptron``: the learning rule as a step-by-step state machine, one sample
  per ``step()``: if y(w·x + b) ≤ 0 then w ← w + ηyx, b ← b + ηy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import product

import numpy as np

# -- McCulloch–Pitts -------------------------------------------------------------------------

# gate → (number of inputs, textbook weights, threshold); XOR has none (that is the point).
GATES: dict[str, tuple[int, tuple[float, ...] | None, float | None]] = {
    "and": (2, (1.0, 1.0), 2.0),
    "or": (2, (1.0, 1.0), 1.0),
    "not": (1, (-1.0,), 0.0),
    "nand": (2, (-1.0, -1.0), -1.0),
    "xor": (2, None, None),
}


def truth_inputs(n: int) -> np.ndarray:
    """All 2ⁿ binary input rows, (0,…,0) first: shape (2ⁿ, n)."""
    return np.array(list(product((0, 1), repeat=n)), dtype=np.float64)


def gate_targets(gate: str) -> np.ndarray:
    """The truth table's output column for ``gate`` (rows as in ``truth_inputs``)."""
    x = truth_inputs(GATES[gate][0])
    a = x[:, 0].astype(bool)
    if gate == "not":
        return (~a).astype(np.int64)
    b = x[:, 1].astype(bool)
    out = {"and": a & b, "or": a | b, "nand": ~(a & b), "xor": a ^ b}[gate]
    return out.astype(np.int64)


def mp_unit(x: np.ndarray, w: np.ndarray | tuple[float, ...], theta: float) -> np.ndarray:
    """McCulloch–Pitts output: 1 where Σ wᵢxᵢ ≥ θ, else 0 (rows of ``x`` are inputs)."""
    s = np.asarray(x, dtype=np.float64) @ np.asarray(w, dtype=np.float64)
    return (s >= theta).astype(np.int64)


@dataclass(frozen=True)
class GridSearch:
    """Result of ``best_threshold_unit``: how close one threshold unit gets to a table."""

    grid: np.ndarray  # the values tried for each weight and for θ
    correct: np.ndarray  # (w1, w2, θ) → rows correct
    best_correct: int
    best: tuple[tuple[float, float, float], ...]  # every (w1, w2, θ) reaching best_correct
    rows: int

    def best_over_theta(self) -> np.ndarray:
        """(w1, w2) → best number of correct rows over θ (for a heatmap)."""
        return self.correct.max(axis=2)


def best_threshold_unit(targets: np.ndarray, grid: np.ndarray | None = None) -> GridSearch:
    """Try every (w1, w2, θ) on ``grid``³ for a 2-input table; count correct rows."""
    grid = np.round(np.arange(-2.0, 2.01, 0.25), 2) if grid is None else np.asarray(grid, float)
    x = truth_inputs(2)
    targets = np.asarray(targets, dtype=np.int64)
    w1, w2, th = np.meshgrid(grid, grid, grid, indexing="ij")
    s = w1[..., None] * x[:, 0] + w2[..., None] * x[:, 1]  # (g, g, g, 4)
    out = (s >= th[..., None]).astype(np.int64)
    correct = (out == targets).sum(axis=-1)
    top = int(correct.max())
    idx = np.argwhere(correct == top)
    best = tuple((float(grid[i]), float(grid[j]), float(grid[k])) for i, j, k in idx)
    return GridSearch(grid=grid, correct=correct, best_correct=top, best=best, rows=len(x))


# -- data for the perceptron -----------------------------------------------------------------

DATA_KINDS = ("separable", "nearly", "xor")


def make_points(
    kind: str, n: int = 40, seed: int = 0, margin: float = 0.15
) -> tuple[np.ndarray, np.ndarray]:
    """2-D points in [-1, 1]² with labels ±1.

    ``separable``: a random line with an empty band of half-width ``margin`` around it;
    ``nearly``: the same line, no band, and ~8 % of labels flipped near it;
    ``xor``: four quadrant clusters labelled by the sign of x₁x₂.
    """
    if kind not in DATA_KINDS:
        raise ValueError(f"unknown data kind {kind!r}; known: {', '.join(DATA_KINDS)}")
    n = int(max(4, min(n, 1000)))
    rng = np.random.default_rng(seed)
    if kind == "xor":
        x = rng.uniform(0.15, 1.0, (n, 2)) * rng.choice((-1.0, 1.0), (n, 2))
        return x, np.where(x[:, 0] * x[:, 1] > 0, 1, -1).astype(np.int64)
    angle = rng.uniform(0, 2 * np.pi)
    normal = np.array([np.cos(angle), np.sin(angle)])
    offset = rng.uniform(-0.3, 0.3)
    pts: list[np.ndarray] = []
    while sum(len(p) for p in pts) < n:
        cand = rng.uniform(-1, 1, (4 * n, 2))
        s = cand @ normal - offset
        pts.append(cand[np.abs(s) >= margin] if kind == "separable" else cand)
    x = np.concatenate(pts)[:n]
    s = x @ normal - offset
    y = np.where(s > 0, 1, -1).astype(np.int64)
    if kind == "separable":
        # both classes present (a line far off the square would leave one empty)
        if (y > 0).all() or (y < 0).all():
            return make_points(kind, n, seed + 10_007, margin)
        return x, y
    near = np.argsort(np.abs(s))[: max(2, n // 4)]
    flip = near[rng.random(len(near)) < 0.35]
    if len(flip) == 0:
        flip = near[:1]
    y[flip] *= -1
    return x, y


# -- Rosenblatt's perceptron ---------------------------------------------------------------


@dataclass
class Update:
    """What one ``step()`` saw and did."""

    index: int  # the sample's row
    x: tuple[float, float]
    y: int  # ±1
    activation: float  # w·x + b before the update
    mistake: bool
    w_before: tuple[float, float]
    b_before: float
    w_after: tuple[float, float]
    b_after: float


@dataclass
class Perceptron:
    """Rosenblatt's rule on (x, y∈{−1, +1}), one sample per ``step()``, epochs in a shuffled order.

    ``mistakes_per_epoch`` gets one entry per finished epoch; ``converged`` turns true
    after an epoch without a mistake (nothing will change after that).
    """

    x: np.ndarray
    y: np.ndarray
    lr: float = 1.0
    seed: int = 0
    w: np.ndarray = field(default_factory=lambda: np.zeros(2))
    b: float = 0.0
    epoch: int = 0
    pos: int = 0  # position inside the current epoch's order
    seen: int = 0  # samples processed
    updates: int = 0  # mistakes (= weight updates) in total
    mistakes_now: int = 0  # mistakes in the current epoch
    mistakes_per_epoch: list[int] = field(default_factory=list)
    converged: bool = False
    last: Update | None = None

    def __post_init__(self) -> None:
        self.x = np.asarray(self.x, dtype=np.float64)
        self.y = np.where(np.asarray(self.y) > 0, 1, -1).astype(np.int64)
        self.w = np.asarray(self.w, dtype=np.float64).copy()
        self.lr = float(self.lr) if np.isfinite(self.lr) and self.lr > 0 else 1.0
        self._rng = np.random.default_rng(self.seed)
        self.order = self._rng.permutation(len(self.x))

    def step(self) -> Update | None:
        """Process the next sample; None once converged (or with no data)."""
        if self.converged or len(self.x) == 0:
            return None
        i = int(self.order[self.pos])
        xi, yi = self.x[i], int(self.y[i])
        a = float(self.w @ xi + self.b)
        mistake = yi * a <= 0
        wb, bb = tuple(self.w.tolist()), self.b
        if mistake:
            self.w = self.w + self.lr * yi * xi
            self.b = self.b + self.lr * yi
            self.updates += 1
            self.mistakes_now += 1
        self.last = Update(
            i,
            (float(xi[0]), float(xi[1])),
            yi,
            a,
            bool(mistake),
            wb,
            bb,
            tuple(self.w.tolist()),
            self.b,
        )
        self.seen += 1
        self.pos += 1
        if self.pos == len(self.x):
            self.mistakes_per_epoch.append(self.mistakes_now)
            self.converged = self.mistakes_now == 0
            self.mistakes_now = 0
            self.pos = 0
            self.epoch += 1
            self.order = self._rng.permutation(len(self.x))
        return self.last

    def run(self, n: int) -> None:
        """Up to ``n`` steps (stops early once converged)."""
        for _ in range(int(n)):
            if self.step() is None:
                return

    def finish_epoch(self) -> None:
        """Steps to the end of the current epoch."""
        if not self.converged:
            self.run(len(self.x) - self.pos)

    def errors(self) -> int:
        """Points the current (w, b) classifies wrongly (y(w·x + b) ≤ 0)."""
        return int(((self.x @ self.w + self.b) * self.y <= 0).sum())


def novikoff_bound(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float] | None:
    """(R, γ, (R/γ)²) for the perceptron with bias, i.e. on x̃ = (x, 1); None if not separable.

    R = max‖x̃‖, γ = the largest margin min yᵢ w·x̃ᵢ over ‖w‖ = 1 (hard-margin SVM through the
    origin in the augmented space). Starting from w = 0, the number of updates is ≤ (R/γ)².
    """
    from scipy.optimize import linprog, minimize

    xa = np.hstack([np.asarray(x, float), np.ones((len(x), 1))])
    ya = np.where(np.asarray(y) > 0, 1.0, -1.0)
    r = float(np.linalg.norm(xa, axis=1).max())
    a = ya[:, None] * xa
    # separable ⇔ some w has a w ≥ 1 (a feasibility LP); then min ‖w‖² on that set (SLSQP)
    lp = linprog(
        np.zeros(3), A_ub=-a, b_ub=-np.ones(len(a)), bounds=[(None, None)] * 3, method="highs"
    )
    if lp.status != 0:
        return None
    w0 = lp.x
    res = minimize(
        lambda w: w @ w,
        w0,
        jac=lambda w: 2 * w,
        method="SLSQP",
        constraints=[{"type": "ineq", "fun": lambda w: a @ w - 1.0, "jac": lambda w: a}],
        options={"maxiter": 500, "ftol": 1e-12},
    )
    w = res.x if res.success and (a @ res.x).min() > 1 - 1e-6 else w0
    gamma = float((a @ w).min() / np.linalg.norm(w))
    return r, gamma, (r / gamma) ** 2
