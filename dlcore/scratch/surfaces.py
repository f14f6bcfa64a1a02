"""Two-parameter loss surfaces L(w₁, w₂) with analytic gradients and Hessians.

Each surface is small enough to draw as a contour plot and to run gradient
descent on by hand: a quadratic bowl whose condition number κ the student
chooses (largest stable step η < 2/λ_max), Rosenbrock's banana valley, a saddle
that has somewhere to go, and a real loss — a two-weight logistic regression on
two-dimensional points.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

Array = np.ndarray
NAMES = ("quadratic", "rosenbrock", "saddle", "logistic")


@dataclass(frozen=True)
class Surface:
    """A loss surface. ``f`` is vectorised over ``(..., 2)`` points; ``grad``/``hessian`` take one point."""

    name: str
    f: Callable[[Array], Array]
    grad: Callable[[Array], Array]
    hessian: Callable[[Array], Array]
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    minimum: tuple[float, float] | None  # where the minimum lies, if known
    start: tuple[float, float]  # a start point that shows the surface's character
    latex: str
    params: dict[str, float] = field(default_factory=dict)

    def loss(self, w: Array) -> float:
        return float(self.f(np.asarray(w, np.float64)))

    def grid(self, n: int = 80) -> tuple[Array, Array, Array]:
        """(xs, ys, Z) on an n × n grid over the plot box; ``Z[i, j] = L(xs[j], ys[i])``."""
        xs = np.linspace(*self.xlim, n)
        ys = np.linspace(*self.ylim, n)
        gx, gy = np.meshgrid(xs, ys)
        return xs, ys, self.f(np.stack([gx, gy], axis=-1))

    def eta_max(self) -> float | None:
        """2/λ_max for a quadratic (the largest stable GD step); None for the others."""
        if self.name != "quadratic":
            return None
        lam = np.linalg.eigvalsh(self.hessian(np.zeros(2)))
        return float(2.0 / lam.max())


def _xy(w: Array) -> tuple[Array, Array]:
    w = np.asarray(w, np.float64)
    return w[..., 0], w[..., 1]


# -- the quadratic bowl: L = ½ wᵀ H w, H = R diag(1, κ) Rᵀ -----------------------------------
QUAD_ANGLE = math.pi / 6  # a tilted bowl: the valley is not along an axis


def quadratic(kappa: float = 10.0, angle: float = QUAD_ANGLE) -> Surface:
    """½ wᵀHw with eigenvalues 1 and κ (κ = condition number); the minimum is 0 at the origin."""
    kappa = float(max(1.0, kappa))
    c, s = math.cos(angle), math.sin(angle)
    rot = np.array([[c, -s], [s, c]])
    h = rot @ np.diag([1.0, kappa]) @ rot.T
    a, b, d = h[0, 0], h[0, 1], h[1, 1]

    def f(w):
        x, y = _xy(w)
        return 0.5 * (a * x * x + 2 * b * x * y + d * y * y)

    def grad(w):
        return h @ np.asarray(w, np.float64)

    return Surface(
        "quadratic",
        f,
        grad,
        lambda w: h.copy(),
        (-3.0, 3.0),
        (-3.0, 3.0),
        (0.0, 0.0),
        (-2.5, 1.5),
        r"\mathcal{L}(\mathbf{w}) = \tfrac12\,\mathbf{w}^\top H\,\mathbf{w},\quad "
        r"H = R\,\mathrm{diag}(1, \kappa)\,R^\top",
        {"kappa": kappa, "a": a, "b": b, "d": d},
    )


# -- Rosenbrock: (1 − x)² + 100 (y − x²)² ------------------------------------------------------
def rosenbrock(a: float = 1.0, b: float = 100.0) -> Surface:
    """The banana valley; minimum 0 at (a, a²)."""

    def f(w):
        x, y = _xy(w)
        return (a - x) ** 2 + b * (y - x * x) ** 2

    def grad(w):
        x, y = _xy(w)
        return np.array([-2 * (a - x) - 4 * b * x * (y - x * x), 2 * b * (y - x * x)])

    def hess(w):
        x, y = _xy(w)
        return np.array([[2 - 4 * b * (y - 3 * x * x), -4 * b * x], [-4 * b * x, 2 * b]])

    return Surface(
        "rosenbrock",
        f,
        grad,
        hess,
        (-2.0, 2.0),
        (-1.0, 3.0),
        (a, a * a),
        (-1.5, 2.0),
        r"\mathcal{L}(w_1, w_2) = (1 - w_1)^2 + 100\,(w_2 - w_1^2)^2",
        {"a": a, "b": b},
    )


# -- a saddle with a floor: x² − y² + ¼y⁴ + 1 ---------------------------------------------------
def saddle() -> Surface:
    """A saddle point at the origin (value 1) between two minima (0, ±√2) of value 0."""

    def f(w):
        x, y = _xy(w)
        return x * x - y * y + 0.25 * y**4 + 1.0

    def grad(w):
        x, y = _xy(w)
        return np.array([2 * x, -2 * y + y**3])

    def hess(w):
        x, y = _xy(w)
        return np.array([[2.0, 0.0], [0.0, -2.0 + 3 * y * y]])

    return Surface(
        "saddle",
        f,
        grad,
        hess,
        (-2.0, 2.0),
        (-2.5, 2.5),
        (0.0, math.sqrt(2.0)),
        (1.8, 0.01),
        r"\mathcal{L}(w_1, w_2) = w_1^2 - w_2^2 + \tfrac14 w_2^4 + 1",
    )


# -- logistic regression with two weights on 2-D points ---------------------------------------
def logistic_data(n: int = 80, seed: int = 0) -> tuple[Array, Array]:
    """Two overlapping Gaussian clouds either side of a line through the origin."""
    rng = np.random.default_rng(seed)
    y = np.repeat([0.0, 1.0], n // 2)
    centers = np.where(y[:, None] > 0, [1.0, 0.5], [-1.0, -0.5])
    x = centers + rng.normal(0.0, 0.9, (len(y), 2))
    return x, y


def _log1pexp(z: Array) -> Array:
    return np.logaddexp(0.0, z)


def logistic(lam: float = 0.01, n: int = 80, seed: int = 0) -> Surface:
    """Mean cross-entropy of σ(w₁x₁ + w₂x₂) on :func:`logistic_data` + (λ/2)‖w‖²."""
    X, Y = logistic_data(n, seed)

    def f(w):
        w = np.asarray(w, np.float64)
        z = w @ X.T  # (..., n)
        # −[y log σ(z) + (1−y) log(1−σ(z))] = log(1 + e^z) − y z
        return np.mean(_log1pexp(z) - Y * z, axis=-1) + 0.5 * lam * np.sum(w * w, axis=-1)

    def sig(z):
        e = np.exp(-np.abs(z))
        return np.where(z >= 0, 1 / (1 + e), e / (1 + e))

    def grad(w):
        w = np.asarray(w, np.float64)
        p = sig(X @ w)
        return X.T @ (p - Y) / len(Y) + lam * w

    def hess(w):
        w = np.asarray(w, np.float64)
        p = sig(X @ w)
        return (X.T * (p * (1 - p))) @ X / len(Y) + lam * np.eye(2)

    w_star = np.zeros(2)
    for _ in range(30):  # Newton's method: the minimum, for the marker on the plot
        w_star = w_star - np.linalg.solve(hess(w_star), grad(w_star))
    return Surface(
        "logistic",
        f,
        grad,
        hess,
        (-4.0, 8.0),
        (-4.0, 8.0),
        (float(w_star[0]), float(w_star[1])),
        (-3.0, 7.0),
        r"\mathcal{L}(\mathbf{w}) = \frac1n \sum_{i=1}^n "
        r"-\left[y^{(i)}\log\sigma(\mathbf{w}^\top\mathbf{x}^{(i)}) + (1-y^{(i)})"
        r"\log\left(1-\sigma(\mathbf{w}^\top\mathbf{x}^{(i)})\right)\right] + \frac{\lambda}{2}\|\mathbf{w}\|^2",
        {"lam": lam},
    )


def make(name: str, kappa: float = 10.0) -> Surface:
    """A surface by name (``NAMES``); ``kappa`` is the quadratic's condition number."""
    if name == "quadratic":
        return quadratic(kappa)
    if name == "rosenbrock":
        return rosenbrock()
    if name == "saddle":
        return saddle()
    if name == "logistic":
        return logistic()
    raise KeyError(f"unknown surface {name!r}; known: {', '.join(NAMES)}")
