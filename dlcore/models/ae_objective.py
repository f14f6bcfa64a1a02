"""The autoencoder's objective (a ``train.Objective``; apart from ``ae.py`` because
``dlcore.train`` imports the model package while it loads)."""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from dlcore.models.ae import omega
from dlcore.train import Objective


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
