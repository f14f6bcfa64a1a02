"""Activation functions and their derivatives in NumPy (the lecture's formulas).

Every function is overflow-safe for any finite input (no ``exp`` of a large
positive number), so a slider at ±1000 still gives finite values. Derivatives
follow PyTorch's convention at kinks (ReLU'(0) = 0, LeakyReLU'(0) = slope).

The record that names each pair, with its formula and its torch module, is in
:mod:`dlcore.activations` (``ACTIVATIONS[name].f`` / ``.df``).
"""

from __future__ import annotations

import numpy as np
from scipy.special import erf

Array = np.ndarray
LEAKY_SLOPE = 0.01
ELU_ALPHA = 1.0


def _f(z: Array | float) -> Array:
    return np.asarray(z, dtype=np.float64)


def relu(z: Array | float) -> Array:
    """ReLU(z) = max{0, z}."""
    return np.maximum(_f(z), 0.0)


def relu_grad(z: Array | float) -> Array:
    return (_f(z) > 0).astype(np.float64)


def sigmoid(z: Array | float) -> Array:
    """σ(z) = 1 / (1 + exp(−z)), evaluated without overflow on either side."""
    z = _f(z)
    e = np.exp(-np.abs(z))  # in (0, 1]
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_grad(z: Array | float) -> Array:
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z: Array | float) -> Array:
    """tanh(z) = 2 / (1 + exp(−2z)) − 1, the lecture's form (= 2σ(2z) − 1)."""
    return 2.0 * sigmoid(2.0 * _f(z)) - 1.0


def tanh_grad(z: Array | float) -> Array:
    # 1 − tanh² loses everything for |z| > 19; 4σ(2z)σ(−2z) keeps tiny values exact.
    z2 = 2.0 * _f(z)
    return 4.0 * sigmoid(z2) * sigmoid(-z2)


def leaky_relu(z: Array | float) -> Array:
    """max{0.01 z, z}."""
    z = _f(z)
    return np.where(z > 0, z, LEAKY_SLOPE * z)


def leaky_relu_grad(z: Array | float) -> Array:
    return np.where(_f(z) > 0, 1.0, LEAKY_SLOPE)


def elu(z: Array | float) -> Array:
    """z if z > 0 else α(exp(z) − 1), α = 1."""
    z = _f(z)
    return np.where(z > 0, z, ELU_ALPHA * np.expm1(np.minimum(z, 0.0)))


def elu_grad(z: Array | float) -> Array:
    z = _f(z)
    return np.where(z > 0, 1.0, ELU_ALPHA * np.exp(np.minimum(z, 0.0)))


_SQRT2 = np.sqrt(2.0)
_INV_SQRT_2PI = 1.0 / np.sqrt(2.0 * np.pi)


def gelu(z: Array | float) -> Array:
    """z Φ(z) with the exact Gaussian CDF Φ(z) = ½(1 + erf(z/√2)) (PyTorch's default)."""
    z = _f(z)
    return 0.5 * z * (1.0 + erf(z / _SQRT2))


def gelu_grad(z: Array | float) -> Array:
    z = _f(z)
    zc = np.minimum(np.abs(z), 40.0)  # φ(40) underflows to 0 anyway; no z² overflow
    pdf = _INV_SQRT_2PI * np.exp(-0.5 * zc * zc)
    return 0.5 * (1.0 + erf(z / _SQRT2)) + z * pdf


def softplus(z: Array | float) -> Array:
    """log(1 + exp(z)), computed as logaddexp(0, z)."""
    return np.logaddexp(0.0, _f(z))


def softplus_grad(z: Array | float) -> Array:
    return sigmoid(z)


def mish(z: Array | float) -> Array:
    """Mish(z) = z tanh(softplus(z)) (Misra 2019)."""
    z = _f(z)
    return z * np.tanh(softplus(z))


def mish_grad(z: Array | float) -> Array:
    # tanh(sp) + z σ(z) sech²(sp), sp = softplus(z); sech² as tanh' (exact for large sp)
    z = _f(z)
    sp = softplus(z)
    return np.tanh(sp) + z * sigmoid(z) * tanh_grad(sp)


def linear(z: Array | float) -> Array:
    """The identity: no non-linearity at all."""
    return _f(z).copy()


def linear_grad(z: Array | float) -> Array:
    return np.ones_like(_f(z))


def saturated_intervals(z: Array, dz: Array, eps: float = 0.05) -> list[tuple[float, float]]:
    """The maximal intervals of the sorted grid ``z`` where ``|f'(z)| < eps`` (gradient ≈ 0)."""
    z = _f(z)
    flat = np.abs(_f(dz)) < eps
    out: list[tuple[float, float]] = []
    i, n = 0, len(z)
    while i < n:
        if flat[i]:
            j = i
            while j + 1 < n and flat[j + 1]:
                j += 1
            out.append((float(z[i]), float(z[j])))
            i = j + 1
        else:
            i += 1
    return out
