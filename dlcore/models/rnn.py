"""Recurrent networks: vanilla RNN (tanh / ReLU), LSTM, GRU, and their objectives.

One model for every sequence task: ``x`` (B, T, d) floats or (B, T) character ids
→ ``torch.nn.RNN / LSTM / GRU`` (batch first) → a linear read-out of the last
hidden state (forecasting, adding, classification) or of every hidden state
(character language model).
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from dlcore import objectives as o
from dlcore.models import Family
from dlcore.registry import FAMILIES

CELLS = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}
GATES = {"rnn": 1, "lstm": 4, "gru": 3}  # blocks stacked in weight_hh


class SeqModel(nn.Module):
    """``rnn`` (the recurrent layers) + ``out`` (Linear). ``vocab`` > 0: inputs are ids (one-hot)."""

    def __init__(
        self,
        n_in: int,
        n_out: int,
        cell: str = "lstm",
        hidden_size: int = 32,
        num_layers: int = 1,
        nonlinearity: str = "tanh",
        every_step: bool = False,
        vocab: int = 0,
    ) -> None:
        super().__init__()
        self.cell, self.hidden_size, self.num_layers = cell, hidden_size, num_layers
        self.every_step, self.vocab = every_step, vocab
        kw = {"nonlinearity": nonlinearity} if cell == "rnn" else {}
        self.rnn = CELLS[cell](n_in, hidden_size, num_layers, batch_first=True, **kw)
        self.out = nn.Linear(hidden_size, n_out)

    def inputs(self, x: torch.Tensor) -> torch.Tensor:
        """Ids → one-hot float vectors x⁽ᵗ⁾; float inputs pass through."""
        if self.vocab:
            return F.one_hot(x.long(), self.vocab).to(self.out.weight.dtype)
        return x.to(self.out.weight.dtype)

    def run(self, x: torch.Tensor, state=None):
        """(hidden states of the top layer (B, T, H), final state)."""
        return self.rnn(self.inputs(x), state)

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # noqa: D102
        hs, _ = self.run(x)
        return self.out(hs if self.every_step else hs[:, -1])


def spectral_init_(w_hh: torch.Tensor, radius: float, hidden_size: int, gen=None) -> None:
    """Fill each H×H block of ``w_hh`` with a Gaussian matrix rescaled to spectral radius ``radius``."""
    with torch.no_grad():
        for k in range(w_hh.shape[0] // hidden_size):
            m = torch.randn(hidden_size, hidden_size, generator=gen, dtype=torch.float64)
            rho = torch.linalg.eigvals(m).abs().max().item()
            block = m * (radius / rho) if rho > 0 else m
            w_hh[k * hidden_size : (k + 1) * hidden_size] = block.to(w_hh.dtype)


def spectral_radius(w: torch.Tensor | object) -> float:
    """max |λ| of a square matrix."""
    import numpy as np

    a = np.asarray(w.detach().cpu() if isinstance(w, torch.Tensor) else w, np.float64)
    return float(np.abs(np.linalg.eigvals(a)).max())


def w_hh_blocks(model: SeqModel, layer: int = 0) -> list[torch.Tensor]:
    """The H×H recurrent blocks of ``layer`` (torch order: LSTM i, f, g, o; GRU r, z, n)."""
    w = getattr(model.rnn, f"weight_hh_l{layer}").detach()
    H = model.hidden_size
    return [w[k * H : (k + 1) * H] for k in range(GATES[model.cell])]


def _n_in_out(dataset) -> tuple[int, int, int, bool]:
    """(input size, output size, vocab, every_step) for a dataset."""
    vocab = dataset.meta.get("vocab")
    if dataset.x_train.ndim == 2:  # character ids
        V = len(vocab)
        return V, V, V, True
    n_in = dataset.x_train.shape[-1]
    if dataset.task in ("binary", "multiclass"):
        return n_in, max(2, dataset.n_classes), 0, False
    return n_in, dataset.y_train.shape[-1] if dataset.y_train.ndim > 1 else 1, 0, False


def build_rnn(cfg, dataset) -> SeqModel:
    """The recurrent net for ``cfg.model`` (cell, hidden_size, num_layers, activation, radius)."""
    m = cfg.model
    n_in, n_out, vocab, every = _n_in_out(dataset)
    nl = "relu" if m.activation == "relu" else "tanh"
    model = SeqModel(n_in, n_out, m.cell, m.hidden_size, m.num_layers, nl, every, vocab)
    if m.spectral_radius > 0:
        for layer in range(m.num_layers):
            spectral_init_(
                getattr(model.rnn, f"weight_hh_l{layer}"), m.spectral_radius, m.hidden_size
            )
    return model


class Unrolled(nn.Module):
    """``model`` computed step by step in torch, keeping every top-layer h⁽ᵗ⁾ in the graph."""

    def __init__(self, model: SeqModel) -> None:
        super().__init__()
        self.model = model
        self.hs: list[torch.Tensor] = []

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # noqa: D102
        m, rnn = self.model, self.model.rnn
        seq = list(m.inputs(x).unbind(1))
        for layer in range(m.num_layers):
            w_ih, w_hh, b_ih, b_hh = (
                getattr(rnn, f"{n}_l{layer}")
                for n in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
            )
            h = seq[0].new_zeros(seq[0].shape[0], m.hidden_size)
            c = torch.zeros_like(h)
            out = []
            for xt in seq:
                gi, gh = xt @ w_ih.T + b_ih, h @ w_hh.T + b_hh
                if m.cell == "rnn":
                    a = gi + gh
                    h = torch.relu(a) if rnn.nonlinearity == "relu" else torch.tanh(a)
                elif m.cell == "lstm":
                    i, f, g, o = (gi + gh).chunk(4, -1)
                    c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
                    h = torch.sigmoid(o) * torch.tanh(c)
                else:
                    ir, iz, in_ = gi.chunk(3, -1)
                    hr, hz, hn = gh.chunk(3, -1)
                    r, z = torch.sigmoid(ir + hr), torch.sigmoid(iz + hz)
                    h = (1 - z) * torch.tanh(in_ + r * hn) + z * h
                out.append(h)
            seq = out
        self.hs = seq
        hs = torch.stack(seq, 1)
        return m.out(hs if m.every_step else hs[:, -1])


def hidden_grad_norms(model: SeqModel, objective, x: torch.Tensor, y: torch.Tensor) -> np.ndarray:
    """‖∂L/∂h⁽ᵗ⁾‖ of the top layer for t = 1 … T (autograd through the unrolled net).

    The total derivative: every path from h⁽ᵗ⁾ to L, through later steps included.
    """
    un = Unrolled(model)
    loss, _ = objective.loss(un, x, y)
    grads = torch.autograd.grad(loss, un.hs, allow_unused=True)
    return np.array(
        [0.0 if g is None else float(g.detach().norm()) for g in grads], dtype=np.float64
    )


def build_objective(cfg, dataset):
    """MSE on the last output (regression), CE (classification), CE per step (characters)."""
    if dataset.x_train.ndim == 2:
        return o.CharLMObjective()
    if dataset.task in ("binary", "multiclass"):
        return o.SequenceClassObjective()
    return o.ForecastObjective()


@torch.no_grad()
def sample(
    model: SeqModel,
    vocab: list[str],
    prime: str,
    n: int = 200,
    temperature: float = 1.0,
    seed: int = 0,
) -> str:
    """Generate ``n`` characters after ``prime`` (softmax(z / temperature) sampling)."""
    index = {c: i for i, c in enumerate(vocab)}
    ids = [index[c] for c in prime if c in index] or [0]
    gen = torch.Generator().manual_seed(seed)
    model.eval()
    dev = next(model.parameters()).device
    hs, state = model.run(torch.tensor([ids], device=dev))
    z = model.out(hs[:, -1])
    out = []
    for _ in range(n):
        if temperature <= 1e-3:
            nxt = int(z.argmax(-1))
        else:
            p = torch.softmax(z.float().cpu() / temperature, -1)
            nxt = int(torch.multinomial(p[0], 1, generator=gen))
        out.append(vocab[nxt])
        hs, state = model.run(torch.tensor([[nxt]], device=dev), state)
        z = model.out(hs[:, -1])
    return "".join(out)


FAMILIES.register(
    "rnn",
    Family(
        build_model=build_rnn,
        build_objective=build_objective,
        groups=("sequence", "text"),
        label_key="family.rnn",
    ),
)
