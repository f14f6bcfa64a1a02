"""Optimizers in NumPy, one update at a time, with PyTorch's exact conventions.

``W ← W − η ∇L(W)`` and four refinements: momentum, Nesterov, RMSProp, Adam.
Each class keeps its state (velocity, running averages) in plain arrays so a
page can show it; the tests check the first steps against ``torch.optim``.
The records that name them (with their torch twins) are in :mod:`dlcore.optimizers`.
:func:`run_path` runs one on a 2-D surface and stops cleanly when it diverges.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dlcore.scratch.surfaces import Surface

Array = np.ndarray


class Optimizer:
    """``step(w, g)`` → the next ``w``; the state lives on the instance."""

    def __init__(self, lr: float) -> None:
        self.lr = float(lr)
        self.t = 0

    def step(self, w: Array, g: Array) -> Array:
        raise NotImplementedError


class GD(Optimizer):
    """Plain gradient descent: W ← W − η∇L(W)."""

    def step(self, w, g):
        self.t += 1
        return w - self.lr * g


class Momentum(Optimizer):
    """Heavy ball as ``torch.optim.SGD(momentum=β)``: v ← βv + g (v₁ = g), W ← W − ηv."""

    def __init__(self, lr: float, beta: float = 0.9, nesterov: bool = False) -> None:
        super().__init__(lr)
        self.beta, self.nesterov = float(beta), nesterov
        self.v: Array | None = None

    def step(self, w, g):
        self.t += 1
        self.v = g.copy() if self.v is None else self.beta * self.v + g
        d = g + self.beta * self.v if self.nesterov else self.v
        return w - self.lr * d


class RMSProp(Optimizer):
    """``torch.optim.RMSprop`` defaults: s ← αs + (1−α)g², W ← W − η g / (√s + ε)."""

    def __init__(self, lr: float, alpha: float = 0.99, eps: float = 1e-8) -> None:
        super().__init__(lr)
        self.alpha, self.eps = float(alpha), float(eps)
        self.s: Array | None = None

    def step(self, w, g):
        self.t += 1
        if self.s is None:
            self.s = np.zeros_like(g)
        self.s = self.alpha * self.s + (1 - self.alpha) * g * g
        return w - self.lr * g / (np.sqrt(self.s) + self.eps)


class Adam(Optimizer):
    """``torch.optim.Adam`` defaults (β₁ 0.9, β₂ 0.999, ε 1e-8) with bias correction."""

    def __init__(
        self, lr: float, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8
    ) -> None:
        super().__init__(lr)
        self.b1, self.b2, self.eps = float(beta1), float(beta2), float(eps)
        self.m: Array | None = None
        self.v: Array | None = None

    def step(self, w, g):
        self.t += 1
        if self.m is None:
            self.m, self.v = np.zeros_like(g), np.zeros_like(g)
        self.m = self.b1 * self.m + (1 - self.b1) * g
        self.v = self.b2 * self.v + (1 - self.b2) * g * g
        m_hat = self.m / (1 - self.b1**self.t)
        v_hat = self.v / (1 - self.b2**self.t)
        return w - self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


@dataclass
class Path:
    """Where an optimizer went: points ``w`` (n+1, 2), losses (n+1,), step sizes ‖Δw‖ (n,).

    Everything is finite: a run that diverges is cut at the last point inside
    the bound and ``diverged_at`` names the step that left it.
    """

    w: Array
    loss: Array
    step: Array
    diverged_at: int | None = None

    @property
    def n_steps(self) -> int:
        return len(self.step)


def run_path(
    surface: Surface,
    opt: Optimizer,
    start: tuple[float, float] | Array,
    n_steps: int,
    bound: float | None = None,
) -> Path:
    """Run ``opt`` on ``surface`` from ``start`` for ``n_steps`` updates.

    Divergence = a non-finite point or loss, or a point farther than ``bound``
    from the centre of the plot (default: 20 × the plot's half-width).
    """
    cx, cy = np.mean(surface.xlim), np.mean(surface.ylim)
    half = max(surface.xlim[1] - surface.xlim[0], surface.ylim[1] - surface.ylim[0]) / 2
    bound = 20.0 * half if bound is None else bound
    w = np.asarray(start, np.float64).copy()
    ws, losses, steps = [w.copy()], [surface.loss(w)], []
    diverged = None
    with np.errstate(all="ignore"):
        for i in range(1, n_steps + 1):
            new = opt.step(w, surface.grad(w))
            loss = surface.loss(new) if np.all(np.isfinite(new)) else float("nan")
            far = not np.all(np.isfinite(new)) or max(abs(new[0] - cx), abs(new[1] - cy)) > bound
            if far or not np.isfinite(loss):
                diverged = i
                break
            steps.append(float(np.hypot(*(new - w))))
            w = new
            ws.append(w.copy())
            losses.append(loss)
    return Path(
        np.asarray(ws, np.float64),
        np.asarray(losses, np.float64),
        np.asarray(steps, np.float64),
        diverged,
    )
