"""The user's own 2-D points from a CSV file ``x1,x2,label`` — validated, never trusted.

Not registered in DATASETS: the page passes the result to ``Trainer(dataset=...)``.
Every refusal is a :class:`CsvError` with an i18n key and its arguments.
"""

from __future__ import annotations

import csv
import io
import math

import numpy as np

from dlcore.config import DataConfig
from dlcore.data import BINARY, REGRESSION, Dataset
from dlcore.data.textio import TextInputError, decode_upload
from dlcore.data.toy2d import DOMAIN, make_toy
from dlcore.limits import LIMITS

MAX_CSV_BYTES = LIMITS.max_csv_bytes  # dlcore/limits.py: every cap in one place
MAX_ROWS = LIMITS.max_csv_rows
MIN_ROWS = 4
MAX_LINE = 200  # characters of one row: "x1,x2,label" with long floats is < 80


class CsvError(ValueError):
    """An upload we refuse. ``key`` / ``kwargs`` are for i18n; ``str(err)`` is English."""

    def __init__(self, key: str, message: str, **kwargs: object) -> None:
        super().__init__(message)
        self.key = key
        self.kwargs = kwargs


def _printable(s: str) -> str:
    """A fragment of the upload safe to echo in a message (no control characters)."""
    return "".join(ch if ch.isprintable() else "\ufffd" for ch in s)


def parse_csv(data: bytes) -> tuple[np.ndarray, np.ndarray, str]:
    """Points (n, 2) float, labels (n,), task from CSV bytes with header ``x1,x2,label``.

    Labels that are all 0/1 (or ±1) make a classification task, anything else
    regression (values scaled into [−1, 1]). Points are rescaled into the plotted
    square when they fall outside it.
    """
    try:
        text = decode_upload(data, MAX_CSV_BYTES, MAX_LINE)
    except TextInputError as err:
        key = {
            "too_big": "ff.csv.too_big",
            "encoding": "ff.csv.not_utf8",
            "binary": "ff.csv.binary",
            "line": "ff.csv.line_too_long",
        }[err.reason]
        kwargs = {"limit": MAX_LINE, **err.kwargs, "limit_kb": MAX_CSV_BYTES // 1000}
        raise CsvError(key, str(err), **kwargs) from None
    if not text.strip():
        raise CsvError("ff.csv.empty", "the file is empty")
    if text.count("\n") > MAX_ROWS + 1_000:  # before building the rows
        raise CsvError("ff.csv.too_many", "too many rows", n=text.count("\n"), max=MAX_ROWS)
    try:
        rows = [r for r in csv.reader(io.StringIO(text)) if any(c.strip() for c in r)]
    except csv.Error as e:  # e.g. a field over the csv module's 128 KB limit
        raise CsvError("ff.csv.malformed", "not a readable CSV table", detail=str(e)[:80]) from None
    if not rows:
        raise CsvError("ff.csv.empty", "the file is empty")
    header = [c.strip().lower() for c in rows[0]]
    if header != ["x1", "x2", "label"]:
        raise CsvError("ff.csv.columns", "wrong columns", got=_printable(",".join(header)[:60]))
    body = rows[1:]
    if len(body) < MIN_ROWS:
        raise CsvError("ff.csv.too_few", "too few rows", n=len(body), min=MIN_ROWS)
    if len(body) > MAX_ROWS:
        raise CsvError("ff.csv.too_many", "too many rows", n=len(body), max=MAX_ROWS)
    vals = np.empty((len(body), 3), np.float64)
    for i, r in enumerate(body, start=2):
        if len(r) != 3:
            raise CsvError("ff.csv.row_len", "wrong number of fields", line=i, n=len(r))
        for j, c in enumerate(r):
            try:
                v = float(c.strip())
            except ValueError:
                raise CsvError(
                    "ff.csv.not_number", "not a number", line=i, value=_printable(c.strip()[:20])
                ) from None
            if not math.isfinite(v):
                raise CsvError("ff.csv.not_number", "not finite", line=i, value=c.strip()[:20])
            vals[i - 2, j] = v
    pts, lab = vals[:, :2], vals[:, 2]
    span = float(np.abs(pts).max())
    if span > DOMAIN:
        pts = pts * (DOMAIN / span)
    uniq = set(np.unique(lab).tolist())
    if uniq <= {0.0, 1.0} or uniq <= {-1.0, 1.0}:
        if len(uniq) < 2:
            raise CsvError("ff.csv.one_class", "only one class")
        return pts, (lab > 0).astype(np.int64), BINARY
    m = float(np.abs(lab).max()) or 1.0
    return pts, (lab / m if m > 1 else lab), REGRESSION


def csv_dataset(data: bytes, cfg: DataConfig) -> Dataset:
    """A :class:`Dataset` (features, split and seed from ``cfg``) from CSV bytes."""
    pts, lab, task = parse_csv(data)
    ds = make_toy(pts, lab, cfg, task)
    ds.meta["source"] = "csv"
    return ds
