"""Multi-class data on the live /ff canvas: one byte a pixel (class + confidence) and the
points with their class (dlcore.figures.ff.encode_class_*, pages/ff_live.Output.payload)."""

from __future__ import annotations

import base64

import numpy as np

from dlcore.config import ExperimentConfig
from dlcore.figures.ff import (
    CLASS_COLORS,
    class_image,
    class_probs_grid,
    encode_class_frame,
    encode_class_points,
)
from dlcore.train import Trainer


def _bytes(s: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(s), np.uint8)


def _decode_rgb(q: np.ndarray, colors: list[str]) -> np.ndarray:
    """What ui/live_js.drawMap paints for one encoded pixel (the same formula)."""
    rgb = np.array([[int(c[i : i + 2], 16) for i in (1, 3, 5)] for c in colors], np.float32)
    f = 0.15 + 0.85 * (q & 31) / 31
    return np.round(255 + (rgb[q >> 5] - 255) * f[:, None])


def test_class_frame_is_the_paused_figures_colours():
    rng = np.random.default_rng(0)
    logits = rng.normal(size=(48, 48, 4)) * 3
    probs = np.exp(logits) / np.exp(logits).sum(-1, keepdims=True)
    q = _bytes(encode_class_frame(probs))
    assert q.shape == (48 * 48,)
    np.testing.assert_array_equal(q >> 5, probs.reshape(-1, 4).argmax(-1))
    painted = _decode_rgb(q, list(CLASS_COLORS[:4]))
    want = class_image(probs).reshape(-1, 3).astype(np.float32)
    assert np.abs(painted - want).max() <= 4  # 32 confidence levels on the canvas
    # certain → the full colour (bits 31), chance → the faintest (0)
    sure = np.zeros((1, 2, 3), np.float32)
    sure[0, 0] = (0, 0, 1)
    sure[0, 1] = (1 / 3, 1 / 3, 1 / 3)
    assert list(_bytes(encode_class_frame(sure))) == [2 << 5 | 31, 0]


def test_class_points_carry_their_class():
    pts = np.array([[-6.0, -6.0], [0.0, 0.0], [6.0, 6.0]], np.float32)
    b = _bytes(encode_class_points(pts, np.array([0, 3, 4]))).reshape(-1, 3)
    assert b[:, 2].tolist() == [0, 3, 4]
    assert b[0, :2].tolist() == [0, 0] and b[2, :2].tolist() == [255, 255]


def test_live_payload_of_a_multiclass_run():
    from pages import ff_live

    cfg = ExperimentConfig().with_(data={"name": "blobs", "n_classes": 5, "n_points": 200})
    tr = Trainer(cfg)
    out = ff_live.Output(show_test=True, discretize=False)
    first = out.payload(tr, full=False)
    assert first["cls"] == list(CLASS_COLORS[:5]) and first["pts"]
    q = _bytes(first["z"])
    assert q.shape == (ff_live.RES**2,)
    probs = class_probs_grid(tr.predict, ("x1", "x2"), ff_live.RES)
    np.testing.assert_array_equal(q >> 5, probs.reshape(-1, 5).argmax(-1))
    train = _bytes(first["train"]).reshape(-1, 3)
    assert train[:, 2].tolist() == tr.dataset.y_train.tolist()
    assert len(_bytes(first["test"])) == 3 * len(tr.dataset.y_test)
    later = out.payload(tr, full=False)  # the points travel once per view
    assert "train" not in later and later["cls"] == first["cls"]
