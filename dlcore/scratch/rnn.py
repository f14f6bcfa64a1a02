"""The lecture's recurrent cells in NumPy, with weights copied from ``torch.nn`` modules.

Vanilla RNN   h⁽ᵗ⁾ = α_h(W_hh h⁽ᵗ⁻¹⁾ + W_hx x⁽ᵗ⁾ + b_h)
LSTM          f_t = σ(W_f x⁽ᵗ⁾ + U_f h⁽ᵗ⁻¹⁾ + b_f)      forget gate
              i_t = σ(W_i x⁽ᵗ⁾ + U_i h⁽ᵗ⁻¹⁾ + b_i)      input gate
              C̃⁽ᵗ⁾ = tanh(W_c x⁽ᵗ⁾ + U_c h⁽ᵗ⁻¹⁾ + b_c)   candidate
              C⁽ᵗ⁾ = f_t ⊙ C⁽ᵗ⁻¹⁾ + i_t ⊙ C̃⁽ᵗ⁾
              o_t = σ(W_o x⁽ᵗ⁾ + U_o h⁽ᵗ⁻¹⁾ + b_o)      output gate
              h⁽ᵗ⁾ = o_t ⊙ tanh(C⁽ᵗ⁾)
GRU           r_t = σ(W_r x + U_r h + b_r), z_t = σ(W_z x + U_z h + b_z)
              h̃ = tanh(W_h x + b_h + r_t ⊙ (U_h h + b_uh)),  h⁽ᵗ⁾ = (1 − z_t) ⊙ h̃ + z_t ⊙ h⁽ᵗ⁻¹⁾
              (PyTorch's variant: the reset gate multiplies U_h h + b_uh.)

Inputs may be one vector (d,) or a batch (B, d); the maths is the same.
"""

from __future__ import annotations

import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # σ(z), stable for large |z|


def _act(name: str, z: np.ndarray) -> np.ndarray:
    return np.maximum(z, 0.0) if name == "relu" else np.tanh(z)


# -- weights from torch ----------------------------------------------------------------------
def params_from_torch(module, layer: int = 0) -> dict[str, np.ndarray]:
    """Split ``torch.nn.RNN / LSTM / GRU`` weights of ``layer`` into the lecture's named matrices.

    torch stacks gates as LSTM (i, f, g, o), GRU (r, z, n); biases b_ih + b_hh are one
    bias in the lecture, except GRU's candidate where they stay apart.
    """

    def get(name: str) -> np.ndarray:
        return getattr(module, f"{name}_l{layer}").detach().cpu().double().numpy()

    w_ih, w_hh, b_ih, b_hh = get("weight_ih"), get("weight_hh"), get("bias_ih"), get("bias_hh")
    H = w_hh.shape[1]
    kind = type(module).__name__.lower()
    if kind == "rnn":
        return {
            "W_hx": w_ih,
            "W_hh": w_hh,
            "b_h": b_ih + b_hh,
            "act": np.array(0 if module.nonlinearity == "tanh" else 1),
        }
    blocks = lambda a: [a[k * H : (k + 1) * H] for k in range(a.shape[0] // H)]  # noqa: E731
    W, U, bi, bh = blocks(w_ih), blocks(w_hh), blocks(b_ih), blocks(b_hh)
    if kind == "lstm":
        out = {}
        for k, g in enumerate("ifco"):
            out[f"W_{g}"], out[f"U_{g}"], out[f"b_{g}"] = W[k], U[k], bi[k] + bh[k]
        return out
    return {
        "W_r": W[0], "U_r": U[0], "b_r": bi[0] + bh[0],
        "W_z": W[1], "U_z": U[1], "b_z": bi[1] + bh[1],
        "W_h": W[2], "U_h": U[2], "b_h": bi[2], "b_uh": bh[2],
    }  # fmt: skip


# -- one step --------------------------------------------------------------------------------
def rnn_step(x: np.ndarray, h: np.ndarray, p: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """h⁽ᵗ⁾ = α_h(W_hh h⁽ᵗ⁻¹⁾ + W_hx x⁽ᵗ⁾ + b_h); returns {"a": pre-activation, "h": …}."""
    a = h @ p["W_hh"].T + x @ p["W_hx"].T + p["b_h"]
    return {"a": a, "h": _act("relu" if int(p["act"]) else "tanh", a)}


def lstm_step(
    x: np.ndarray, h: np.ndarray, C: np.ndarray, p: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """The lecture's LSTM step: gates f, i, o, candidate C̃, cell state C, hidden state h."""
    f = sigmoid(x @ p["W_f"].T + h @ p["U_f"].T + p["b_f"])
    i = sigmoid(x @ p["W_i"].T + h @ p["U_i"].T + p["b_i"])
    C_tilde = np.tanh(x @ p["W_c"].T + h @ p["U_c"].T + p["b_c"])
    C_new = f * C + i * C_tilde
    o = sigmoid(x @ p["W_o"].T + h @ p["U_o"].T + p["b_o"])
    h_new = o * np.tanh(C_new)
    return {"f": f, "i": i, "C_tilde": C_tilde, "C": C_new, "o": o, "h": h_new}


def gru_step(x: np.ndarray, h: np.ndarray, p: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """GRU step: reset r, update z, candidate h̃, h⁽ᵗ⁾ = (1 − z) ⊙ h̃ + z ⊙ h⁽ᵗ⁻¹⁾."""
    r = sigmoid(x @ p["W_r"].T + h @ p["U_r"].T + p["b_r"])
    z = sigmoid(x @ p["W_z"].T + h @ p["U_z"].T + p["b_z"])
    h_tilde = np.tanh(x @ p["W_h"].T + p["b_h"] + r * (h @ p["U_h"].T + p["b_uh"]))
    return {"r": r, "z": z, "h_tilde": h_tilde, "h": (1 - z) * h_tilde + z * h}


def run(cell: str, p: dict[str, np.ndarray], xs: np.ndarray, h0=None, C0=None) -> dict:
    """Unroll ``cell`` over xs (T, d) or (B, T, d). Returns each quantity stacked over time
    on axis −2: ``{"h": (…, T, H), "f": …}``."""
    xs = np.asarray(xs, np.float64)
    H = (p["W_hh"] if cell == "rnn" else p["U_f" if cell == "lstm" else "U_r"]).shape[0]
    lead = xs.shape[:-2]
    h = np.zeros((*lead, H)) if h0 is None else np.asarray(h0, np.float64)
    C = np.zeros((*lead, H)) if C0 is None else np.asarray(C0, np.float64)
    trace: dict[str, list[np.ndarray]] = {}
    for t in range(xs.shape[-2]):
        x = xs[..., t, :]
        if cell == "rnn":
            s = rnn_step(x, h, p)
        elif cell == "lstm":
            s = lstm_step(x, h, C, p)
            C = s["C"]
        else:
            s = gru_step(x, h, p)
        h = s["h"]
        for k, v in s.items():
            trace.setdefault(k, []).append(v)
    return {k: np.stack(v, axis=-2) for k, v in trace.items()}


def run_stack(module, xs: np.ndarray) -> dict:
    """Every layer of a torch RNN/LSTM/GRU module in NumPy; the top layer's trace + ``layers``."""
    cell = type(module).__name__.lower()
    out, inp, layers = {}, np.asarray(xs, np.float64), []
    for layer in range(module.num_layers):
        out = run(cell, params_from_torch(module, layer), inp)
        layers.append(out)
        inp = out["h"]
    out = dict(out)
    out["layers"] = layers
    return out


# -- backpropagation through time (vanilla RNN) ------------------------------------------------
def rnn_bptt_hidden_grads(
    p: dict[str, np.ndarray], xs: np.ndarray, dL_dhT: np.ndarray
) -> np.ndarray:
    """‖∂L/∂h⁽ᵗ⁾‖ for every t when L depends on the last hidden state only.

    ∂L/∂h⁽ᵗ⁻¹⁾ = W_hhᵀ (α'(a⁽ᵗ⁾) ⊙ ∂L/∂h⁽ᵗ⁾): the gradient is multiplied by W_hh again and
    again, so it shrinks or grows like ρ(W_hh)ᵗ (Pascanu et al. 2013). Returns (T,) norms
    (summed over a batch, as autograd's ∂L/∂h⁽ᵗ⁾ for a batch-mean loss).
    """
    tr = run("rnn", p, xs)
    a, h = tr["a"], tr["h"]
    relu = bool(int(p["act"]))
    dact = (a > 0).astype(np.float64) if relu else 1.0 - h**2
    T = a.shape[-2]
    g = np.asarray(dL_dhT, np.float64)
    norms = np.zeros(T)
    for t in range(T - 1, -1, -1):
        norms[t] = np.linalg.norm(g)
        g = (g * dact[..., t, :]) @ p["W_hh"]
    return norms
