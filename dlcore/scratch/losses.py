"""The lecture's losses in NumPy: squared loss and cross-entropy, with softmax.

Lecture notation: ℓ(y, ŷ) = ‖y − ŷ‖² for the squared loss; ℓ(z, ŷ) = −Σⱼ ŷⱼ log zⱼ for
cross-entropy, where z = softmax(logits) is the network's output and ŷ the one-hot label.
Everything is finite for any finite logits and any temperature > 0.
"""

from __future__ import annotations

import numpy as np

from dlcore.scratch.activations import sigmoid

P_MIN = 1e-6  # predicted probabilities are clipped to [P_MIN, 1 − P_MIN] on plots
T_MIN = 1e-3  # the smallest softmax temperature used (T → 0 is argmax)


def squared_loss(y: np.ndarray, y_hat: np.ndarray) -> float:
    """ℓ(y, ŷ) = ‖y − ŷ‖²₂."""
    d = np.asarray(y, float) - np.asarray(y_hat, float)
    return float(d @ d)


def mean_loss(losses: np.ndarray) -> float:
    """L(W) = 1/n Σᵢ ℓ⁽ⁱ⁾."""
    return float(np.mean(np.asarray(losses, float)))


def log_softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """log softmax(logits / T) along the last axis, stable for huge logits and tiny T."""
    t = max(float(temperature), T_MIN) if np.isfinite(temperature) else 1.0
    s = np.asarray(logits, float) / t
    s = s - s.max(axis=-1, keepdims=True)
    return s - np.log(np.exp(s).sum(axis=-1, keepdims=True))


def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """zⱼ = exp(aⱼ/T) / Σₖ exp(aₖ/T)."""
    return np.exp(log_softmax(logits, temperature))


def cross_entropy(logits: np.ndarray, label: int, temperature: float = 1.0) -> float:
    """ℓ(z, ŷ) = −Σⱼ ŷⱼ log zⱼ with z = softmax(logits / T) and ŷ one-hot at ``label``."""
    return float(-log_softmax(logits, temperature)[..., int(label)])


def cross_entropy_grad(logits: np.ndarray, label: int, temperature: float = 1.0) -> np.ndarray:
    """∂ℓ/∂aⱼ = (zⱼ − ŷⱼ) / T: the softmax + cross-entropy gradient on the logits."""
    t = max(float(temperature), T_MIN) if np.isfinite(temperature) else 1.0
    g = softmax(logits, t)
    g[..., int(label)] -= 1.0
    return g / t


def binary_curves(p: np.ndarray) -> dict[str, np.ndarray]:
    """Loss and gradient against the predicted probability p = σ(a) of the true class (label 1).

    ``mse``: ℓ = (1 − p)², ∂ℓ/∂a = −2(1 − p) p(1 − p) — vanishes as p → 0 (confidently wrong);
    ``ce``:  ℓ = −log p,   ∂ℓ/∂a = p − 1 — stays near −1 when confidently wrong.
    Also ∂ℓ/∂p for both. ``p`` is clipped to [P_MIN, 1 − P_MIN].
    """
    p = np.clip(np.asarray(p, float), P_MIN, 1 - P_MIN)
    return {
        "p": p,
        "mse": (1 - p) ** 2,
        "ce": -np.log(p),
        "mse_grad_a": -2 * (1 - p) * p * (1 - p),
        "ce_grad_a": p - 1,
        "mse_grad_p": -2 * (1 - p),
        "ce_grad_p": -1 / p,
    }


def logit(p: np.ndarray) -> np.ndarray:
    """a = log(p / (1 − p)), the pre-activation with σ(a) = p."""
    p = np.clip(np.asarray(p, float), P_MIN, 1 - P_MIN)
    return np.log(p) - np.log1p(-p)


# -- the trainer's losses in NumPy: ℓ(raw output z, target y, output activation) --------
# Twins of dlcore.heads (the torch side); dlcore.losses names both in one record each.
def apply_output(z: np.ndarray, output: str) -> np.ndarray:
    """The output activation applied to the raw output ``z``."""
    z = np.asarray(z, float)
    if output == "sigmoid":
        return sigmoid(z)
    if output == "softmax":
        return softmax(z)
    if output == "tanh":
        return np.tanh(z)
    return z


def target_like(pred: np.ndarray, y: np.ndarray, output: str) -> np.ndarray:
    """The target in the output's space: one-hot for softmax (or class labels against
    several output units), ±1 for tanh."""
    y = np.asarray(y)
    labels = y.dtype.kind in "iu"
    if output == "softmax" or (labels and y.ndim == 1 and pred.ndim > 1 and pred.shape[-1] > 1):
        t = np.eye(pred.shape[-1])[y.astype(np.int64)]
        return 2 * t - 1 if output == "tanh" else t
    t = y.astype(float).reshape(pred.shape)
    return 2 * t - 1 if output == "tanh" and labels else t


def mse(z: np.ndarray, y: np.ndarray, output: str) -> float:
    """ℓ(y, ŷ) = ‖y − ŷ‖₂², averaged over examples."""
    pred = apply_output(z, output)
    err = (pred - target_like(pred, y, output)) ** 2
    return float(err.sum(-1).mean() if err.ndim > 1 else err.mean())


def mse_half(z: np.ndarray, y: np.ndarray, output: str) -> float:
    """½‖y − ŷ‖₂², TensorFlow Playground's per-example loss."""
    return 0.5 * mse(z, y, output)


def bce(z: np.ndarray, y: np.ndarray, output: str) -> float:
    """−[y log σ(z) + (1−y) log(1−σ(z))] from the logit z: max(z, 0) − zy + log(1 + e^−|z|)."""
    z = np.asarray(z, float).reshape(-1)
    y = np.asarray(y, float).reshape(-1)
    return float(np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))))


def ce(z: np.ndarray, y: np.ndarray, output: str) -> float:
    """−log softmax(z)_y averaged over examples."""
    lp = log_softmax(np.asarray(z, float))
    return float(-np.mean(lp[np.arange(len(lp)), np.asarray(y, np.int64)]))
