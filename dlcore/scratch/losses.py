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


def sigmoid_prob(a: np.ndarray) -> np.ndarray:
    """σ(a), re-exported so pages need one import."""
    return sigmoid(a)
