"""Backpropagation by hand, as in the lecture: first one neuron per layer, then many.

Chain (one neuron per layer): x = h⁰, zⁱ = wᵢ hⁱ⁻¹, hⁱ = α(zⁱ) for i = 1…k, output
o = w_o hᵏ (linear) and loss L = (o − y)². The lecture's formula

    ∂L/∂wᵣ = ∂L/∂o · [∂o/∂hᵏ Πᵢ₌ᵣᵏ⁻¹ ∂hⁱ⁺¹/∂hⁱ] · ∂hʳ/∂wᵣ

is evaluated back to front, reusing the bracket from one layer to the next
("不需要重复计算"), and, for comparison, recomputed from scratch for every
weight; both count their multiplications.

Many neurons: an MLP ``sizes = (n₀, n₁, …, n_L)`` on one example, hidden
activation α, linear output, L = ‖o − y‖²; the backward pass in matrix form
with δ vectors and weight gradients as outer products δ hᵀ.

``*_autograd`` functions compute the same numbers with ``torch.autograd``
(float64) so pages can show both side by side.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dlcore.activations import ACTIVATIONS

Array = np.ndarray
CHAIN_ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "linear")


# -- one neuron per layer ----------------------------------------------------------------------
@dataclass
class ChainResult:
    """Every number of one forward + backward pass through a chain of k neurons.

    Arrays indexed by layer i = 1…k (position i − 1): ``z``, ``h`` (hⁱ), ``local``
    (∂hⁱ/∂hⁱ⁻¹ = α'(zⁱ) wᵢ), ``dh_dw`` (∂hⁱ/∂wᵢ = α'(zⁱ) hⁱ⁻¹), ``do_dh`` (∂o/∂hⁱ, the
    running product from the output back), ``dL_dh`` and ``dL_dw``.
    """

    x: float
    y: float
    w: Array  # w₁ … w_k
    w_out: float
    z: Array
    h: Array
    local: Array
    dh_dw: Array
    do_dh: Array
    dL_dh: Array
    dL_dw: Array
    o: float
    loss: float
    dL_do: float
    dL_dwout: float
    mults: int  # multiplications of the backward pass, back to front

    @property
    def k(self) -> int:
        return len(self.w)


def chain_forward(x: float, w: Array, w_out: float, activation: str) -> tuple[Array, Array, float]:
    """(z, h, o) for the chain; h[i−1] = hⁱ."""
    f = ACTIVATIONS[activation].f
    w = np.asarray(w, np.float64)
    z, h = np.empty_like(w), np.empty_like(w)
    prev = float(x)
    for i, wi in enumerate(w):
        z[i] = wi * prev
        h[i] = float(f(z[i]))
        prev = h[i]
    return z, h, float(w_out * prev)


def chain_backprop(
    x: float, y: float, w: Array, w_out: float, activation: str = "sigmoid"
) -> ChainResult:
    """Forward, then backward from the output, each product computed once and reused."""
    df = ACTIVATIONS[activation].df
    w = np.asarray(w, np.float64)
    k = len(w)
    z, h, o = chain_forward(x, w, w_out, activation)
    h_prev = np.concatenate([[float(x)], h[:-1]])
    dz = np.array([float(df(zi)) for zi in z])
    local = dz * w  # ∂hⁱ/∂hⁱ⁻¹
    dh_dw = dz * h_prev  # ∂hⁱ/∂wᵢ
    dL_do = 2.0 * (o - y)
    # The counted pass carries g = ∂L/∂hⁱ from the output down: one multiplication per
    # layer to pass it on, one for the weight's gradient.
    mults = 0
    dL_dh = np.empty(k)
    dL_dw = np.empty(k)
    g = dL_do * float(w_out)  # ∂L/∂hᵏ = ∂L/∂o · ∂o/∂hᵏ
    mults += 1
    for i in range(k - 1, -1, -1):
        if i < k - 1:
            g = g * local[i + 1]  # ∂L/∂hⁱ = ∂L/∂hⁱ⁺¹ · ∂hⁱ⁺¹/∂hⁱ  (reused, never recomputed)
            mults += 1
        dL_dh[i] = g
        dL_dw[i] = g * dh_dw[i]
        mults += 1
    dL_dwout = dL_do * h[-1]
    mults += 1
    # The lecture's bracket ∂o/∂hⁱ = ∂o/∂hᵏ Π ∂hʲ⁺¹/∂hʲ, for the table (not counted).
    do_dh = float(w_out) * np.concatenate([np.cumprod(local[:0:-1])[::-1], [1.0]])
    return ChainResult(
        float(x),
        float(y),
        w,
        float(w_out),
        z,
        h,
        local,
        dh_dw,
        do_dh,
        dL_dh,
        dL_dw,
        o,
        float((o - y) ** 2),
        dL_do,
        float(dL_dwout),
        mults,
    )


def chain_recompute(
    x: float, y: float, w: Array, w_out: float, activation: str = "sigmoid"
) -> tuple[Array, int]:
    """∂L/∂wᵣ for every r by multiplying the lecture's whole product anew: (grads, multiplications)."""
    r = chain_backprop(x, y, w, w_out, activation)
    k = r.k
    grads = np.empty(k)
    mults = 0
    for j in range(k):  # weight w_{j+1}
        p = r.dL_do * r.w_out  # ∂L/∂o · ∂o/∂hᵏ
        mults += 1
        for i in range(k - 1, j, -1):  # Π ∂hⁱ⁺¹/∂hⁱ
            p *= r.local[i]
            mults += 1
        grads[j] = p * r.dh_dw[j]
        mults += 1
    mults += 1  # ∂L/∂w_o = ∂L/∂o · hᵏ
    return grads, mults


def mults_back_to_front(k: int) -> int:
    """Multiplications back to front: 2k + 1 (grows like k)."""
    return 2 * k + 1


def mults_recompute(k: int) -> int:
    """Multiplications recomputing every product: k(k − 1)/2 + 2k + 1 (grows like k²)."""
    return k * (k - 1) // 2 + 2 * k + 1


def _torch_act(name: str):
    return ACTIVATIONS[name].torch()


def chain_autograd(
    x: float, y: float, w: Array, w_out: float, activation: str = "sigmoid"
) -> dict[str, Array | float]:
    """The same chain in PyTorch (float64): h, o, L, ∂L/∂hⁱ (retained grads), ∂L/∂wᵢ, ∂L/∂w_o."""
    import torch

    act = _torch_act(activation)
    ws = torch.tensor(np.asarray(w, np.float64), requires_grad=True)
    wo = torch.tensor(float(w_out), dtype=torch.float64, requires_grad=True)
    prev = torch.tensor(float(x), dtype=torch.float64)
    hs = []
    for i in range(len(w)):
        hi = act(ws[i] * prev)
        hi.retain_grad()
        hs.append(hi)
        prev = hi
    o = wo * prev
    loss = (o - float(y)) ** 2
    loss.backward()
    return {
        "h": np.array([v.item() for v in hs]),
        "o": o.item(),
        "loss": loss.item(),
        "dL_dh": np.array([float(v.grad) for v in hs]),
        "dL_dw": ws.grad.numpy().copy(),
        "dL_dwout": float(wo.grad),
    }


# -- many neurons: matrix form -----------------------------------------------------------------
@dataclass
class MLPResult:
    """One example through an MLP. Lists indexed by layer l = 1…L (position l − 1).

    ``h[0]`` is the input x; ``h[l]`` = α(z[l−1]) for hidden layers, the last is o.
    ``delta[l−1]`` = ∂L/∂zˡ, ``dW[l−1]`` = δˡ (hˡ⁻¹)ᵀ, ``db[l−1]`` = δˡ,
    ``dh[l−1]`` = ∂L/∂hˡ.
    """

    W: list[Array]
    b: list[Array]
    z: list[Array]
    h: list[Array]
    delta: list[Array]
    dh: list[Array]
    dW: list[Array]
    db: list[Array]
    y: Array
    loss: float


def init_mlp(sizes: tuple[int, ...], seed: int = 0, scale: float = 1.0) -> tuple[list, list]:
    """Small random weights (Xavier-like, × ``scale``) and biases for ``sizes``."""
    rng = np.random.default_rng(seed)
    W, b = [], []
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        W.append(rng.normal(0.0, scale * np.sqrt(2.0 / (n_in + n_out)), (n_out, n_in)))
        b.append(rng.normal(0.0, 0.1, n_out))
    return W, b


def mlp_backprop(
    x: Array, y: Array, W: list[Array], b: list[Array], activation: str = "sigmoid"
) -> MLPResult:
    """Forward, then backward in matrix form: δᴸ = 2(o − y), δˡ = (Wˡ⁺¹)ᵀ δˡ⁺¹ ⊙ α'(zˡ)."""
    f, df = ACTIVATIONS[activation].f, ACTIVATIONS[activation].df
    n = len(W)
    h = [np.asarray(x, np.float64)]
    z: list[Array] = []
    for layer in range(n):
        zl = W[layer] @ h[-1] + b[layer]
        z.append(zl)
        h.append(zl.copy() if layer == n - 1 else np.asarray(f(zl)))
    o = h[-1]
    y = np.asarray(y, np.float64)
    delta: list[Array] = [np.empty(0)] * n
    dh: list[Array] = [np.empty(0)] * n
    dW: list[Array] = [np.empty(0)] * n
    db: list[Array] = [np.empty(0)] * n
    g = 2.0 * (o - y)  # ∂L/∂o
    for layer in range(n - 1, -1, -1):
        dh[layer] = g
        delta[layer] = g if layer == n - 1 else g * np.asarray(df(z[layer]))
        dW[layer] = np.outer(delta[layer], h[layer])
        db[layer] = delta[layer].copy()
        g = W[layer].T @ delta[layer]  # ∂L/∂hˡ⁻¹
    return MLPResult(list(W), list(b), z, h, delta, dh, dW, db, y, float(np.sum((o - y) ** 2)))


def mlp_autograd(
    x: Array, y: Array, W: list[Array], b: list[Array], activation: str = "sigmoid"
) -> dict[str, list[Array] | float]:
    """The same MLP in PyTorch (float64): h, δ = ∂L/∂z, ∂L/∂W, ∂L/∂b."""
    import torch

    act = _torch_act(activation)
    Wt = [torch.tensor(w, dtype=torch.float64, requires_grad=True) for w in W]
    bt = [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in b]
    hcur = torch.tensor(np.asarray(x, np.float64))
    hs, zs = [hcur], []
    for layer in range(len(W)):
        zl = Wt[layer] @ hcur + bt[layer]
        zl.retain_grad()
        zs.append(zl)
        hcur = zl if layer == len(W) - 1 else act(zl)
        hs.append(hcur)
    loss = ((hcur - torch.tensor(np.asarray(y, np.float64))) ** 2).sum()
    loss.backward()
    return {
        "h": [v.detach().numpy().copy() for v in hs],
        "delta": [v.grad.numpy().copy() for v in zs],
        "dW": [v.grad.numpy().copy() for v in Wt],
        "db": [v.grad.numpy().copy() for v in bt],
        "loss": loss.item(),
    }


def max_abs_diff(a: list[Array] | Array, b: list[Array] | Array) -> float:
    """Largest |a − b| over (lists of) arrays: the agreement figure shown on the pages."""
    if isinstance(a, list):
        return max((max_abs_diff(x, y) for x, y in zip(a, b, strict=True)), default=0.0)
    return float(np.max(np.abs(np.asarray(a, np.float64) - np.asarray(b, np.float64)), initial=0.0))
