"""PCA in NumPy via the SVD, its reconstruction error, and principal angles.

Reference maths for the autoencoder chapter: a linear autoencoder with k code
units trained on ‖x − x̂‖² spans the same subspace as the first k principal
components (Baldi & Hornik 1989), and reaches the same error.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class PCA:
    """``mean`` (d,), ``components`` (k, d) orthonormal rows, ``variances`` (k,)."""

    mean: np.ndarray
    components: np.ndarray
    variances: np.ndarray

    @property
    def k(self) -> int:
        return len(self.components)

    def encode(self, x: np.ndarray) -> np.ndarray:
        """Coordinates z = (x − μ) Vₖᵀ, shape (n, k)."""
        return (_flat(x) - self.mean) @ self.components.T

    def decode(self, z: np.ndarray) -> np.ndarray:
        """x̂ = μ + z Vₖ (flat, shape (n, d))."""
        return self.mean + np.asarray(z, np.float64) @ self.components

    def reconstruct(self, x: np.ndarray) -> np.ndarray:
        """x̂ in the shape of ``x``."""
        x = np.asarray(x)
        return self.decode(self.encode(x)).reshape(x.shape)


def _flat(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, np.float64)
    return x.reshape(len(x), -1)


def fit(x: np.ndarray, k: int) -> PCA:
    """PCA with ``k`` components of the rows of ``x`` (any shape, flattened), via SVD.

    X − μ = U S Vᵀ; the components are the first k rows of Vᵀ and the variances
    S² / n (the 1/n convention, so that the error below matches).
    """
    xf = _flat(x)
    n, d = xf.shape
    k = int(max(1, min(k, d, n)))
    mean = xf.mean(0)
    _, s, vt = np.linalg.svd(xf - mean, full_matrices=False)
    var = s**2 / n
    return PCA(mean, vt[:k], var[:k])


def reconstruction_error(x: np.ndarray, x_hat: np.ndarray) -> float:
    """Mean over examples of ‖x − x̂‖² (the autoencoder's loss)."""
    d = _flat(x) - _flat(x_hat)
    return float((d * d).sum(-1).mean())


def error_curve(x: np.ndarray, k_max: int) -> np.ndarray:
    """Training-set PCA error for k = 0 … k_max: the variance left after k components."""
    xf = _flat(x)
    s = np.linalg.svd(xf - xf.mean(0), compute_uv=False)
    var = np.concatenate([s**2 / len(xf), np.zeros(max(0, k_max + 1 - len(s)))])
    return np.array([var[k:].sum() for k in range(k_max + 1)])


def orthonormal_basis(a: np.ndarray) -> np.ndarray:
    """Orthonormal columns spanning the column space of ``a`` (d, k), via thin QR."""
    q, _ = np.linalg.qr(np.asarray(a, np.float64))
    return q


def principal_angles(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Principal angles (degrees, ascending) between span(a) and span(b), a and b (d, k).

    cos θᵢ are the singular values of Qₐᵀ Q_b (Björck & Golub 1973).
    """
    qa, qb = orthonormal_basis(a), orthonormal_basis(b)
    s = np.linalg.svd(qa.T @ qb, compute_uv=False)
    return np.degrees(np.arccos(np.clip(s, -1.0, 1.0)))


def project_2d(codes: np.ndarray) -> tuple[np.ndarray, PCA | None]:
    """A 2-D view of points: themselves if they have ≤ 2 dims, else their first two PCs."""
    codes = np.asarray(codes)
    if codes.shape[1] <= 2:
        return codes.astype(np.float32), None
    p = fit(codes, 2)
    return p.encode(codes).astype(np.float32), p
