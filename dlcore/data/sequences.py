"""Sequence tasks for the RNN chapter, all generated (nothing downloaded).

- ``sine`` / ``sines``: forecast the next value of a sine / a sum of three sines
  from the last T values (regression).
- ``adding``: Hochreiter & Schmidhuber's adding problem: T pairs (value, marker),
  exactly two markers are 1; the target is the sum of the two marked values.
  Predicting the mean 1.0 always gives MSE ≈ 1/6 — the trivial baseline.
- ``order``: the lecture's "I went to Yellowstone National Park last summer" /
  "Last summer I went to Yellowstone National Park": both orderings use the same
  words, the label says which one it is, so a bag-of-words model sits at chance.
"""

from __future__ import annotations

import numpy as np

from dlcore.config import DataConfig
from dlcore.data import BINARY, REGRESSION, Dataset, DatasetSpec, split
from dlcore.registry import DATASETS

ADDING_BASELINE_MSE = 1.0 / 6.0  # Var(u1 + u2) for u ~ U(0, 1): predict 1.0 every time


def _wave(t: np.ndarray, freqs: np.ndarray, phases: np.ndarray, amps: np.ndarray) -> np.ndarray:
    return (
        amps[:, None, :] * np.sin(freqs[:, None, :] * t[None, :, None] + phases[:, None, :])
    ).sum(-1)


def make_sines(cfg: DataConfig, n_waves: int = 1) -> Dataset:
    """Windows of T values of a (sum of) sine(s) with random phase; target the value at T+1."""
    rng = np.random.default_rng(cfg.seed)
    n, T = cfg.n_points, cfg.seq_len
    if n_waves == 1:
        freqs = np.full((n, 1), 0.3)
        amps = np.ones((n, 1))
    else:
        freqs = np.tile(np.array([[0.21, 0.47, 0.83]]), (n, 1))
        amps = np.tile(np.array([[0.6, 0.3, 0.2]]), (n, 1))
    phases = rng.uniform(0, 2 * np.pi, (n, n_waves))
    t = np.arange(T + 1, dtype=np.float64)
    series = _wave(t, freqs, phases, amps)
    series += cfg.noise * rng.standard_normal(series.shape)
    x = series[:, :T, None].astype(np.float32)
    y = series[:, T : T + 1].astype(np.float32)
    xtr, ytr, xte, yte = split(x, y, cfg.train_ratio, rng)
    return Dataset(xtr, ytr, xte, yte, REGRESSION, meta={"feature_names": ["x"]})


def make_adding(cfg: DataConfig) -> Dataset:
    """The adding problem: x[:, t] = (u_t, m_t); y = Σ_t m_t u_t with one marker in each half."""
    rng = np.random.default_rng(cfg.seed)
    n, T = cfg.n_points, cfg.seq_len
    vals = rng.uniform(0, 1, (n, T))
    marks = np.zeros((n, T))
    half = max(1, T // 2)
    first = rng.integers(0, half, n)
    second = rng.integers(half, T, n) if T > half else first
    marks[np.arange(n), first] = 1.0
    marks[np.arange(n), second] = 1.0
    x = np.stack([vals, marks], -1).astype(np.float32)
    y = (vals * marks).sum(1, keepdims=True).astype(np.float32)
    xtr, ytr, xte, yte = split(x, y, cfg.train_ratio, rng)
    return Dataset(
        xtr,
        ytr,
        xte,
        yte,
        REGRESSION,
        meta={"feature_names": ["u", "m"], "baseline_mse": ADDING_BASELINE_MSE},
    )


# -- the order task -------------------------------------------------------------------------
WHO = (("I",), ("we",), ("my", "sister"), ("Tom",), ("they",))
VERB = (("went", "to"), ("drove", "to"), ("flew", "to"), ("walked", "to"))
PLACE = (
    ("Yellowstone", "National", "Park"),
    ("the", "Great", "Wall"),
    ("Paris",),
    ("the", "lake"),
    ("the", "old", "museum"),
)
WHEN = (("last", "summer"), ("last", "year"), ("in", "May"), ("yesterday",), ("on", "Sunday"))
PAD = "<pad>"


def order_vocab() -> list[str]:
    words = {w for group in (WHO, VERB, PLACE, WHEN) for phrase in group for w in phrase}
    return [PAD, *sorted(words)]


def order_sentence(rng: np.random.Generator) -> tuple[list[str], int]:
    """(words, label): label 1 when the time phrase comes first ("Last summer I went to …")."""
    who = WHO[rng.integers(len(WHO))]
    verb = VERB[rng.integers(len(VERB))]
    place = PLACE[rng.integers(len(PLACE))]
    when = WHEN[rng.integers(len(WHEN))]
    label = int(rng.integers(2))
    words = [*when, *who, *verb, *place] if label else [*who, *verb, *place, *when]
    return words, label


def make_order(cfg: DataConfig) -> Dataset:
    """One-hot word sequences (pre-padded to the longest sentence); binary label = word order."""
    rng = np.random.default_rng(cfg.seed)
    vocab = order_vocab()
    index = {w: i for i, w in enumerate(vocab)}
    sents = [order_sentence(rng) for _ in range(cfg.n_points)]
    L = max(len(s) for s, _ in sents)
    x = np.zeros((len(sents), L, len(vocab)), np.float32)
    y = np.zeros(len(sents), np.int64)
    for k, (words, label) in enumerate(sents):
        pad = L - len(words)
        x[k, :pad, 0] = 1.0
        for j, w in enumerate(words):
            x[k, pad + j, index[w]] = 1.0
        y[k] = label
    xtr, ytr, xte, yte = split(x, y, cfg.train_ratio, rng)
    return Dataset(xtr, ytr, xte, yte, BINARY, n_classes=2, meta={"vocab": vocab})


def decode_order(x: np.ndarray, vocab: list[str]) -> str:
    """One one-hot sentence (L, V) back to words (padding dropped)."""
    return " ".join(vocab[i] for i in x.argmax(-1) if vocab[i] != PAD)


def bag_of_words_accuracy(ds: Dataset, l2: float = 1e-3) -> float:
    """Test accuracy of a linear model on word counts (ridge regression on ±1 labels).

    Both orderings have the same counts, so this stays near chance (0.5).
    """

    def feats(x: np.ndarray) -> np.ndarray:
        c = x.sum(1)
        return np.concatenate([c, np.ones((len(c), 1), c.dtype)], 1).astype(np.float64)

    a, b = feats(ds.x_train), 2.0 * ds.y_train - 1.0
    w = np.linalg.solve(a.T @ a + l2 * np.eye(a.shape[1]), a.T @ b)
    pred = (feats(ds.x_test) @ w > 0).astype(np.int64)
    return float((pred == ds.y_test).mean())


DATASETS.register(
    "sine", DatasetSpec(lambda c: make_sines(c, 1), REGRESSION, "sequence", "rnn.data.sine")
)
DATASETS.register(
    "sines", DatasetSpec(lambda c: make_sines(c, 3), REGRESSION, "sequence", "rnn.data.sines")
)
DATASETS.register("adding", DatasetSpec(make_adding, REGRESSION, "sequence", "rnn.data.adding"))
DATASETS.register("order", DatasetSpec(make_order, BINARY, "sequence", "rnn.data.order"))
