"""Output heads and the losses on them, in torch (the NumPy twins are in
:mod:`dlcore.scratch.losses`; the records that name them in :mod:`dlcore.losses`).

A loss takes the model's raw output ``z``, the target ``y`` and the output activation
(``sigmoid``, ``softmax``, ``tanh`` or ``linear``) and returns a scalar.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F


def apply_output(z: torch.Tensor, output: str) -> torch.Tensor:
    """The output activation applied to the raw output ``z``."""
    if output == "sigmoid":
        return torch.sigmoid(z)
    if output == "softmax":
        return torch.softmax(z, dim=-1)
    if output == "tanh":
        return torch.tanh(z)
    return z


def target_like(pred: torch.Tensor, y: torch.Tensor, output: str) -> torch.Tensor:
    """The target in the output's space: one-hot for softmax (or class labels against
    several output units), ±1 for tanh."""
    if output == "softmax":
        return F.one_hot(y.long(), pred.shape[-1]).to(pred.dtype)
    if y.dtype == torch.long and y.ndim == 1 and pred.ndim > 1 and pred.shape[-1] > 1:
        t = F.one_hot(y, pred.shape[-1]).to(pred.dtype)
        return 2 * t - 1 if output == "tanh" else t
    t = y.to(pred.dtype).reshape(pred.shape)
    if output == "tanh" and y.dtype == torch.long:
        t = 2 * t - 1
    return t


def mse(z: torch.Tensor, y: torch.Tensor, output: str) -> torch.Tensor:
    """ℓ(y, ŷ) = ‖y − ŷ‖₂², averaged over examples (the lecture's squared loss)."""
    pred = apply_output(z, output)
    err = (pred - target_like(pred, y, output)) ** 2
    return err.sum(-1).mean() if err.ndim > 1 else err.mean()


def mse_half(z: torch.Tensor, y: torch.Tensor, output: str) -> torch.Tensor:
    """½(o − t)², TensorFlow Playground's per-example loss."""
    return 0.5 * mse(z, y, output)


def bce(z: torch.Tensor, y: torch.Tensor, output: str) -> torch.Tensor:
    """Binary cross-entropy −[y log z + (1−y) log(1−z)] on a sigmoid output (fused, stable)."""
    return F.binary_cross_entropy_with_logits(z.reshape(-1), y.to(z.dtype).reshape(-1))


def ce(z: torch.Tensor, y: torch.Tensor, output: str) -> torch.Tensor:
    """Cross-entropy ℓ(z, ŷ) = −Σⱼ ŷⱼ log zⱼ on softmax outputs (fused, stable)."""
    return F.cross_entropy(z, y.long())
