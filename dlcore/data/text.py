"""Character-level language modelling on a small text shipped with the project.

Corpora (``dlcore/data/corpus/*.txt``, see the README there):
- ``yellowstone``: English text written for this project, starting with the lecture's
  "I went to Yellowstone National Park last summer". Licence: CC0 1.0.
- ``tang``: fifteen Tang-dynasty quatrains (8th–9th century), public domain.

x is (n, T) int64 character ids, y the same windows shifted by one character:
the model predicts every next character (cross-entropy per step).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from dlcore.config import DataConfig
from dlcore.data import MULTICLASS, Dataset, DatasetSpec
from dlcore.data.textio import TextInputError, decode_upload
from dlcore.limits import LIMITS
from dlcore.registry import DATASETS

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
CORPORA: tuple[str, ...] = ("yellowstone", "tang")
MAX_TEXT_CHARS = LIMITS.max_text_chars  # dlcore/limits.py: every cap in one place


class TextError(ValueError):
    """A text that cannot be used; ``key`` is an i18n key."""

    def __init__(self, key: str, message: str, **kwargs: object) -> None:
        super().__init__(message)
        self.key = key
        self.kwargs = kwargs


@lru_cache(maxsize=8)
def load_corpus(name: str) -> str:
    """The shipped text ``name`` (unknown names fall back to the first corpus)."""
    if name not in CORPORA:
        name = CORPORA[0]
    return (CORPUS_DIR / f"{name}.txt").read_text(encoding="utf-8")


def check_text(data: bytes | str, min_chars: int = 50) -> str:
    """Decode and validate a user text; raises :class:`TextError` with the reason."""
    if isinstance(data, bytes | bytearray | memoryview):
        # ≤ 4 bytes a character: bytes over that cannot fit MAX_TEXT_CHARS
        try:
            data = decode_upload(bytes(data), 4 * MAX_TEXT_CHARS)
        except TextInputError as err:
            key = {
                "too_big": "rnn.text.too_long",
                "encoding": "rnn.text.not_utf8",
                "binary": "rnn.text.binary",
            }[err.reason]
            raise TextError(key, str(err), n=MAX_TEXT_CHARS) from None
    elif "\x00" in data:
        raise TextError("rnn.text.binary", "NUL characters", n=MAX_TEXT_CHARS)
    if len(data) > MAX_TEXT_CHARS:  # before strip() copies it
        raise TextError("rnn.text.too_long", "the text is too long", n=MAX_TEXT_CHARS)
    if len(data.strip()) < min_chars:
        raise TextError("rnn.text.too_short", "the text is too short", n=min_chars)
    if len(data) > MAX_TEXT_CHARS:
        raise TextError("rnn.text.too_long", "the text is too long", n=MAX_TEXT_CHARS)
    return data


def vocabulary(text: str) -> list[str]:
    return sorted(set(text))


def encode(text: str, vocab: list[str]) -> np.ndarray:
    index = {c: i for i, c in enumerate(vocab)}
    return np.array([index.get(c, 0) for c in text], np.int64)


def decode(ids: np.ndarray | list[int], vocab: list[str]) -> str:
    return "".join(vocab[int(i)] for i in ids)


def make_chars(cfg: DataConfig, text: str | None = None) -> Dataset:
    """Windows of T characters; train windows from the first ``train_ratio`` of the text."""
    text = text if text is not None else load_corpus(cfg.corpus)
    vocab = vocabulary(text)
    ids = encode(text, vocab)
    T = min(cfg.seq_len, max(2, len(ids) // 4))
    cut = int(len(ids) * cfg.train_ratio)
    cut = min(max(cut, T + 2), len(ids) - T - 2)
    rng = np.random.default_rng(cfg.seed)

    def windows(lo: int, hi: int, n: int) -> tuple[np.ndarray, np.ndarray]:
        starts = rng.integers(lo, max(lo + 1, hi - T - 1), n)
        idx = starts[:, None] + np.arange(T + 1)[None, :]
        seq = ids[idx]
        return seq[:, :-1].copy(), seq[:, 1:].copy()

    n_test = max(16, int(cfg.n_points * (1 - cfg.train_ratio)))
    xtr, ytr = windows(0, cut, cfg.n_points)
    xte, yte = windows(cut - T // 2, len(ids), n_test)
    return Dataset(
        xtr, ytr, xte, yte, MULTICLASS, n_classes=len(vocab), meta={"vocab": vocab, "text": text}
    )


DATASETS.register("chars", DatasetSpec(make_chars, MULTICLASS, "text", "rnn.data.chars"))
