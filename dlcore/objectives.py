"""What each model family optimises: an :class:`Objective` per family.

``loss`` returns the scalar to minimise and its named parts; ``evaluate`` the metrics
the history keeps. The supervised objective picks its output head and loss from
:mod:`dlcore.heads` through the loss records of :mod:`dlcore.losses`; the autoencoder's
and the RNN's are below. Models import this module, not the trainer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F
from torch import nn

from dlcore.config import ExperimentConfig
from dlcore.data import BINARY, MULTICLASS, REGRESSION, Dataset
from dlcore.heads import apply_output
from dlcore.losses import LOSSES


def resolve_output(cfg: ExperimentConfig, dataset: Dataset) -> str:
    """The output activation: the config's, or the natural one for the task."""
    out = cfg.model.output
    if out != "auto":
        return out
    return {BINARY: "sigmoid", MULTICLASS: "softmax"}.get(dataset.task, "linear")


def resolve_loss(cfg: ExperimentConfig, dataset: Dataset, output: str) -> str:
    """The loss: the config's, or cross-entropy for classification, MSE otherwise.

    Cross-entropy needs the matching output (bce ↔ sigmoid, ce ↔ softmax);
    a mismatched choice falls back to the matching one.
    """
    loss = cfg.train.loss
    if loss == "auto":
        loss = {"sigmoid": "bce", "softmax": "ce"}.get(output, "mse")
        if dataset.task == REGRESSION:
            loss = "mse"
    if loss == "bce" and (output != "sigmoid" or dataset.task == MULTICLASS):
        loss = "ce" if output == "softmax" else "mse"
    if loss == "ce" and output != "softmax":
        loss = "bce" if output == "sigmoid" else "mse"
    return loss


class Objective:
    """What a family optimises. ``loss`` returns the scalar to minimise and named parts."""

    def loss(
        self, model: nn.Module, xb: torch.Tensor, yb: torch.Tensor
    ) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
        raise NotImplementedError

    @torch.no_grad()
    def evaluate(self, model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> dict[str, float]:
        loss, parts = self.loss(model, x, y)
        return {"loss": float(loss), **{k: float(v) for k, v in parts.items()}}


@dataclass
class SupervisedObjective(Objective):
    """Classification or regression: output activation + loss (+ accuracy)."""

    task: str
    output: str
    loss_name: str
    _fn: Callable[..., torch.Tensor] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._fn = LOSSES[self.loss_name].torch()  # looked up once, not every step

    @classmethod
    def from_config(cls, cfg: ExperimentConfig, dataset: Dataset) -> SupervisedObjective:
        out = resolve_output(cfg, dataset)
        return cls(dataset.task, out, resolve_loss(cfg, dataset, out))

    def loss(self, model, xb, yb):
        z = model(xb)
        return self._fn(z, yb, self.output), {}

    def predict(self, z: torch.Tensor) -> torch.Tensor:
        """Model output → prediction in the task's space (probability of class 1, or value)."""
        p = apply_output(z, self.output)
        if self.task == BINARY and self.output == "tanh":
            return (p.reshape(-1) + 1) / 2
        if self.task == BINARY and p.ndim > 1 and p.shape[-1] == 2:
            return p[:, 1]
        if self.task == BINARY or (self.task == REGRESSION and p.ndim > 1 and p.shape[-1] == 1):
            return p.reshape(-1)
        return p

    @torch.no_grad()
    def evaluate(self, model, x, y):
        z = model(x)
        out = {"loss": float(self._fn(z, y, self.output))}
        if self.task == BINARY:
            out["acc"] = float(((self.predict(z) > 0.5).long() == y.long()).float().mean())
        elif self.task == MULTICLASS:
            out["acc"] = float((z.argmax(-1) == y).float().mean())
        else:
            out["r2"] = r2_score(self.predict(z), y)
        return out


def r2_score(pred: torch.Tensor, y: torch.Tensor) -> float:
    """R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)² over all outputs (NaN when y is constant, or when
    the prediction does not match y's size, e.g. a softmax output on a regression task)."""
    if pred.numel() != y.numel():
        return float("nan")
    y = y.to(pred.dtype).reshape(pred.shape)
    ss_tot = float(((y - y.mean()) ** 2).sum())
    if not ss_tot > 0:
        return float("nan")
    return 1.0 - float(((y - pred) ** 2).sum()) / ss_tot


# -- the autoencoder ---------------------------------------------------------------------
def omega(h: torch.Tensor) -> torch.Tensor:
    """The lecture's Ω(h) = ‖h‖₂ for each example (not squared), shape (n,)."""
    return torch.linalg.vector_norm(h, ord=2, dim=-1)


@dataclass
class AEObjective(Objective):
    """L = ‖x − g(f(x̃))‖² + λ Ω(h) + μ ‖h‖₁, averaged over the batch, Ω(h) = ‖h‖₂.

    x̃ = x + ε, ε ~ N(0, σ²I) during training only (denoising); the target stays the
    clean x. Parts ``recon`` and ``reg`` are returned apart so the history keeps both.
    The labels ``y`` are never read (unsupervised).
    """

    code_l2: float = 0.0
    code_l1: float = 0.0
    input_noise: float = 0.0

    @classmethod
    def from_config(cls, cfg, dataset=None) -> AEObjective:
        tc = cfg.train
        return cls(tc.code_l2, tc.code_l1, tc.input_noise)

    def corrupt(self, x: torch.Tensor) -> torch.Tensor:
        """x̃ = x + σ·ε (a new tensor; x itself is never changed)."""
        if self.input_noise <= 0:
            return x
        return x + self.input_noise * torch.randn_like(x)

    def parts(
        self, model: nn.Module, x_in: torch.Tensor, x_target: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """(recon, reg, h) for inputs ``x_in`` reconstructed towards ``x_target``."""
        h = model.encode(x_in)
        x_hat = model.decode(h)
        recon = ((x_hat - x_target) ** 2).reshape(len(x_hat), -1).sum(-1).mean()
        reg = torch.zeros((), device=h.device)
        if self.code_l2 > 0:
            reg = reg + self.code_l2 * omega(h).mean()
        if self.code_l1 > 0:
            reg = reg + self.code_l1 * h.abs().sum(-1).mean()
        return recon, reg, h

    def loss(self, model, xb, yb):
        recon, reg, _ = self.parts(model, self.corrupt(xb), xb)
        return recon + reg, {"recon": recon.detach(), "reg": reg.detach()}

    @torch.no_grad()
    def evaluate(self, model, x, y):
        """Clean inputs (no noise): loss, recon, reg, mean ‖h‖₂, mean per-unit std of h."""
        recon, reg, h = self.parts(model, x, x)
        spread = float(h.std(0).mean()) if len(h) > 1 else 0.0
        return {
            "loss": float(recon + reg),
            "recon": float(recon),
            "reg": float(reg),
            "code_norm": float(omega(h).mean()),
            "code_spread": spread,
        }


# -- the recurrent family -----------------------------------------------------------------
class ForecastObjective(Objective):
    """Regression on the last step (forecasting, adding problem): mean squared error."""

    def loss(self, model, xb, yb):
        pred = model(xb)
        return F.mse_loss(pred, yb.reshape(pred.shape).to(pred.dtype)), {}

    def predict(self, z: torch.Tensor) -> torch.Tensor:
        return z

    @torch.no_grad()
    def evaluate(self, model, x, y):
        pred = model(x)
        loss = F.mse_loss(pred, y.reshape(pred.shape).to(pred.dtype))
        return {"loss": float(loss), "r2": r2_score(pred, y)}


class SequenceClassObjective(Objective):
    """Classification from the last hidden state: cross-entropy, accuracy."""

    def loss(self, model, xb, yb):
        return F.cross_entropy(model(xb), yb.long()), {}

    def predict(self, z: torch.Tensor) -> torch.Tensor:
        return torch.softmax(z, -1)

    @torch.no_grad()
    def evaluate(self, model, x, y):
        z = model(x)
        return {
            "loss": float(F.cross_entropy(z, y.long())),
            "acc": float((z.argmax(-1) == y).float().mean()),
        }


class CharLMObjective(Objective):
    """Next-character prediction at every step: cross-entropy averaged over steps (nats)."""

    def loss(self, model, xb, yb):
        z = model(xb)
        return F.cross_entropy(z.reshape(-1, z.shape[-1]), yb.reshape(-1).long()), {}

    def predict(self, z: torch.Tensor) -> torch.Tensor:
        return torch.softmax(z, -1)

    @torch.no_grad()
    def evaluate(self, model, x, y):
        z = model(x)
        flat = z.reshape(-1, z.shape[-1])
        return {
            "loss": float(F.cross_entropy(flat, y.reshape(-1).long())),
            "acc": float((flat.argmax(-1) == y.reshape(-1)).float().mean()),
        }
