"""The feedforward page's arithmetic (TensorFlow Playground on PyTorch), apart from its
widgets and drawing: the model's output over the plane, the points the view plots, the
predicted classes, the layer list the depth slider edits and the ``?view=`` toggles.

Pure of Streamlit; the page (``pages/ff*.py``) lays out what these return.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

from dlcore.data.toy2d import featurize
from dlcore.figures.ff import encode_points, grid_points, to_signed

VIEWS = ("test", "discrete")  # the output column's toggles a share link carries (?view=)
SEED_MOD = 2**31 - 1


def grid_z(tr: Any, res: int) -> np.ndarray:
    """The model's output over the plane in [−1, 1], (res, res), row 0 = bottom."""
    _, pts = grid_points(res)
    feats = tr.dataset.meta.get("features", ("x1", "x2"))
    z = to_signed(tr.predict(featurize(pts, feats)), tr.dataset.task)
    if z.ndim > 1:
        z = z[:, 0]
    return z.reshape(res, res)


def finite(ev: dict[str, Any], key: str) -> float | None:
    """``ev[key]`` as a float, or None when missing or not finite."""
    v = ev.get(key)
    return float(v) if v is not None and np.isfinite(v) else None


def point_values(y: np.ndarray, task: str) -> np.ndarray:
    """The colour value of each point in [−1, 1]: the target (regression) or ±1 (labels)."""
    return to_signed(y, task) if task == "regression" else 2 * np.asarray(y, np.float32) - 1


def point_payload(ds: Any, show_test: bool) -> dict[str, str | None]:
    """The training (and test) points of ``ds``, encoded for the client view."""
    train = encode_points(ds.meta["points_train"], point_values(ds.y_train, ds.task))
    test = (
        encode_points(ds.meta["points_test"], point_values(ds.y_test, ds.task))
        if show_test
        else None
    )
    return {"train": train, "test": test}


def predicted_classes(predict: Callable[[np.ndarray], Any], x: np.ndarray) -> np.ndarray:
    """The class each row of ``x`` is given: argmax of the outputs, or output > 0.5."""
    pred = np.asarray(predict(x))
    return pred.argmax(-1) if pred.ndim > 1 else (pred > 0.5).astype(np.int64)


def resize_layers(hidden: Sequence[int], n: int, new_width: int = 4) -> list[int]:
    """``hidden`` with ``n`` layers: cut, or grown by copies of the last width."""
    h = [int(w) for w in hidden]
    return (h + [h[-1] if h else new_width] * n)[:n]


def set_width(hidden: Sequence[int], i: int, width: int) -> list[int]:
    """``hidden`` with layer ``i`` (0-based) ``width`` wide (unchanged if there is none)."""
    h = [int(w) for w in hidden]
    if 0 <= i < len(h):
        h[i] = int(width)
    return h


def next_seed(seed: int) -> int:
    """The data seed after "Regenerate"."""
    return (int(seed) + 1) % SEED_MOD


def parse_view(raw: str) -> set[str]:
    """``?view=test,discrete`` → the toggles it turns on (unknown names ignored)."""
    return {v.strip() for v in raw.split(",")} & set(VIEWS)


def view_query(on: Iterable[str]) -> str:
    """The toggles that are on → the ``?view=`` value ('' when none), in a fixed order."""
    on = set(on)
    return ",".join(v for v in VIEWS if v in on)
