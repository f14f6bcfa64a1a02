"""2-D convolution and pooling from scratch in NumPy (the lecture's formulas).

Deep-learning "convolution" is cross-correlation, as in ``torch.nn.functional.conv2d``:

    y[o, i, j] = b[o] + Σ_c Σ_{u,v} w[o, c, u, v] · x_pad[c, i·s + u·d, j·s + v·d]

with stride ``s``, zero padding ``p`` and dilation ``d``. The output side is
⌊(n + 2p − d(k−1) − 1) / s⌋ + 1. Tests check every function against PyTorch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# -- sizes -----------------------------------------------------------------------------


def output_size(n: int, k: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> int:
    """⌊(n + 2p − d(k−1) − 1)/s⌋ + 1 (≤ 0 means the kernel does not fit)."""
    span = n + 2 * padding - dilation * (k - 1) - 1
    if span < 0:
        return 0
    return span // stride + 1


def check_geometry(
    n: int, k: int, stride: int = 1, padding: int = 0, dilation: int = 1
) -> tuple[str, dict[str, int]] | None:
    """Why this combination is impossible (an i18n key and its numbers), or None if it works."""
    if min(n, k, stride, dilation) < 1 or padding < 0:
        return "cnn.geom.nonpositive", {}
    span = dilation * (k - 1) + 1
    if span > n + 2 * padding:
        return "cnn.geom.too_big", {"span": span, "n": n, "p": padding, "np": n + 2 * padding}
    return None


def conv_params(c_in: int, c_out: int, k: int, bias: bool = True) -> int:
    """Weights of a k×k convolution: c_out·c_in·k² (+ c_out biases), whatever the image size."""
    return c_out * c_in * k * k + (c_out if bias else 0)


def dense_params(n_in: int, n_out: int, bias: bool = True) -> int:
    """Weights of a fully connected layer n_in → n_out: n_in·n_out (+ n_out biases)."""
    return n_in * n_out + (n_out if bias else 0)


def conv_connections(h_out: int, w_out: int, c_in: int, c_out: int, k: int) -> int:
    """Input–output connections of a convolution: each output sees only k²·c_in inputs."""
    return h_out * w_out * c_out * c_in * k * k


# -- convolution --------------------------------------------------------------------------


def pad2d(x: np.ndarray, padding: int, value: float = 0.0) -> np.ndarray:
    """Zero-pad the last two axes by ``padding`` on each side."""
    if padding == 0:
        return x
    widths = [(0, 0)] * (x.ndim - 2) + [(padding, padding), (padding, padding)]
    return np.pad(x, widths, constant_values=value)


def _windows(
    xp: np.ndarray, k: int, stride: int, dilation: int, h_out: int, w_out: int
) -> np.ndarray:
    """View (…, h_out, w_out, k, k) of the dilated k×k windows of padded ``xp``."""
    lead = xp.shape[:-2]
    st = xp.strides
    shape = (*lead, h_out, w_out, k, k)
    strides = (*st[:-2], st[-2] * stride, st[-1] * stride, st[-2] * dilation, st[-1] * dilation)
    return np.lib.stride_tricks.as_strided(xp, shape=shape, strides=strides, writeable=False)


def conv2d(
    x: np.ndarray,
    w: np.ndarray,
    b: np.ndarray | None = None,
    stride: int = 1,
    padding: int = 0,
    dilation: int = 1,
) -> np.ndarray:
    """Cross-correlation like ``F.conv2d``: x (N, C, H, W), w (O, C, k, k), b (O,) → (N, O, H', W').

    Also accepts a single image (H, W) with a kernel (k, k) and returns (H', W').
    """
    single = x.ndim == 2
    if single:
        x, w = x[None, None], w[None, None]
        b = None if b is None else np.atleast_1d(b)
    x = np.asarray(x, np.float64)
    w = np.asarray(w, np.float64)
    k = w.shape[-1]
    if w.shape[-2] != k:
        raise ValueError("square kernels only")
    h_out = output_size(x.shape[-2], k, stride, padding, dilation)
    w_out = output_size(x.shape[-1], k, stride, padding, dilation)
    if h_out < 1 or w_out < 1:
        raise ValueError("the kernel does not fit the (padded) input")
    win = _windows(np.ascontiguousarray(pad2d(x, padding)), k, stride, dilation, h_out, w_out)
    y = np.einsum("nchwuv,ocuv->nohw", win, w, optimize=True)
    if b is not None:
        y = y + np.asarray(b, np.float64)[None, :, None, None]
    y = y.astype(np.float32)
    return y[0, 0] if single else y


@dataclass
class OneOutput:
    """The computation of one output cell y[i, j] of a single-channel convolution."""

    rows: np.ndarray  # (k,) row indices into the padded input
    cols: np.ndarray  # (k,) column indices into the padded input
    patch: np.ndarray  # (k, k) input values under the kernel
    products: np.ndarray  # (k, k) patch · kernel, element-wise
    bias: float
    value: float  # Σ products + bias


def one_output(
    x: np.ndarray,
    kernel: np.ndarray,
    i: int,
    j: int,
    stride: int = 1,
    padding: int = 0,
    dilation: int = 1,
    bias: float = 0.0,
) -> OneOutput:
    """y[i, j] written out: the receptive field, element-wise products and their sum (+ b)."""
    k = kernel.shape[0]
    xp = pad2d(np.asarray(x, np.float64), padding)
    rows = i * stride + dilation * np.arange(k)
    cols = j * stride + dilation * np.arange(k)
    patch = xp[np.ix_(rows, cols)]
    prod = patch * np.asarray(kernel, np.float64)
    return OneOutput(rows, cols, patch, prod, float(bias), float(prod.sum() + bias))


# -- pooling ------------------------------------------------------------------------------


def pool2d(
    x: np.ndarray, size: int, stride: int | None = None, mode: str = "max"
) -> tuple[np.ndarray, np.ndarray]:
    """Max or average pooling of (…, H, W) like ``F.max_pool2d`` / ``F.avg_pool2d`` (no padding).

    Returns (pooled, taken): for max, ``taken[..., i, j]`` is the flat index (r·W + c) in
    the input of the value each output took; for avg, the flat index of the window's top-left.
    """
    stride = stride or size
    x = np.asarray(x, np.float32)
    h, w = x.shape[-2:]
    h_out, w_out = output_size(h, size, stride), output_size(w, size, stride)
    if h_out < 1 or w_out < 1:
        raise ValueError("the pooling window does not fit the input")
    win = _windows(np.ascontiguousarray(x), size, stride, 1, h_out, w_out)
    flat = win.reshape(*win.shape[:-2], size * size)
    r0 = (np.arange(h_out) * stride)[:, None]
    c0 = (np.arange(w_out) * stride)[None, :]
    if mode == "max":
        arg = flat.argmax(-1)
        rows = r0 + arg // size
        cols = c0 + arg % size
        return flat.max(-1).astype(np.float32), (rows * w + cols).astype(np.int64)
    if mode == "avg":
        taken = np.broadcast_to(r0 * w + c0, flat.shape[:-1])
        return flat.mean(-1).astype(np.float32), taken.astype(np.int64)
    raise ValueError(f"unknown pooling {mode!r}")


# -- shifts, equivariance, receptive fields -------------------------------------------------


def shift(x: np.ndarray, dx: int, dy: int) -> np.ndarray:
    """Move the content of (…, H, W) right by ``dx`` and down by ``dy``; zeros come in."""
    out = np.zeros_like(x)
    h, w = x.shape[-2:]
    if abs(dx) >= w or abs(dy) >= h:
        return out
    src_r = slice(max(0, -dy), h - max(0, dy))
    dst_r = slice(max(0, dy), h - max(0, -dy))
    src_c = slice(max(0, -dx), w - max(0, dx))
    dst_c = slice(max(0, dx), w - max(0, -dx))
    out[..., dst_r, dst_c] = x[..., src_r, src_c]
    return out


def border_mask(h: int, w: int, dx: int, dy: int, reach: int) -> np.ndarray:
    """True where conv(shift x) = shift(conv x) must hold: away from borders by ``reach`` + shift."""
    m = np.zeros((h, w), bool)
    r0, r1 = reach + max(dy, 0), h - reach - max(-dy, 0)
    c0, c1 = reach + max(dx, 0), w - reach - max(-dx, 0)
    if r1 > r0 and c1 > c0:
        m[r0:r1, c0:c1] = True
    return m


def dense_same_size(x: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """A fully connected layer mapping an H×W image to an H×W map: reshape(W · vec(x))."""
    h, w = x.shape
    return (weight @ x.reshape(-1).astype(np.float64)).reshape(h, w).astype(np.float32)


def shift_sensitivity(
    x: np.ndarray, kernel: np.ndarray, shifts: list[int], pool: int = 2
) -> tuple[np.ndarray, np.ndarray]:
    """Relative change of the features when the input moves right by each shift.

    Returns (without pooling, with ``pool``×``pool`` max pooling) of
    ‖f(shift x) − f(x)‖ / ‖f(x)‖ with f = ReLU(conv(x)) ('same' padding):
    pooling makes small shifts change the features much less (approximate invariance).
    """
    k = kernel.shape[0]
    base = np.maximum(conv2d(x, kernel, padding=k // 2), 0)
    base_p = pool2d(base, pool, pool, "max")[0]
    raw, pooled = [], []
    for s in shifts:
        f = np.maximum(conv2d(shift(x, s, 0), kernel, padding=k // 2), 0)
        fp = pool2d(f, pool, pool, "max")[0]
        raw.append(np.linalg.norm(f - base) / max(np.linalg.norm(base), 1e-8))
        pooled.append(np.linalg.norm(fp - base_p) / max(np.linalg.norm(base_p), 1e-8))
    return np.asarray(raw, np.float32), np.asarray(pooled, np.float32)


def receptive_field(layers: list[tuple[int, int, int]]) -> tuple[int, int]:
    """(size, jump) on the input of one unit after stacked (k, stride, dilation) layers.

    r_l = r_{l−1} + d(k−1)·j_{l−1},  j_l = j_{l−1}·s.
    """
    r, j = 1, 1
    for k, s, d in layers:
        r += d * (k - 1) * j
        j *= s
    return r, j


def receptive_box(
    layers: list[tuple[int, int, int, int]], i: int, j: int
) -> tuple[int, int, int, int]:
    """Input rows/cols (r0, r1, c0, c1), inclusive, seen by output unit (i, j).

    ``layers`` are (k, stride, padding, dilation); coordinates may fall in the padding.
    """
    r0 = r1 = i
    c0 = c1 = j
    for k, s, p, d in reversed(layers):
        r0, r1 = r0 * s - p, r1 * s - p + d * (k - 1)
        c0, c1 = c0 * s - p, c1 * s - p + d * (k - 1)
    return r0, r1, c0, c1


# -- kernels --------------------------------------------------------------------------------


def gaussian_kernel(k: int, sigma: float | None = None) -> np.ndarray:
    sigma = sigma or max(0.5, k / 4)
    a = np.arange(k) - (k - 1) / 2
    g = np.exp(-(a[:, None] ** 2 + a[None, :] ** 2) / (2 * sigma**2))
    return (g / g.sum()).astype(np.float32)


def kernel_preset(name: str, k: int = 3) -> np.ndarray:
    """A k×k preset kernel: identity, box, gaussian, sharpen, sobel_x, sobel_y, laplacian, emboss.

    3×3 classics are embedded in the centre of larger kernels (except box / gaussian).
    """
    z = np.zeros((k, k), np.float32)
    c = k // 2
    if name == "box":
        return np.full((k, k), 1.0 / (k * k), np.float32)
    if name == "gaussian":
        return gaussian_kernel(k)
    base = {
        "identity": [[0, 0, 0], [0, 1, 0], [0, 0, 0]],
        "sharpen": [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
        "sobel_x": [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]],
        "sobel_y": [[-1, -2, -1], [0, 0, 0], [1, 2, 1]],
        "laplacian": [[0, 1, 0], [1, -4, 1], [0, 1, 0]],
        "emboss": [[-2, -1, 0], [-1, 1, 1], [0, 1, 2]],
    }[name]
    if k < 3:
        z[c, c] = 1.0 if name in ("identity", "sharpen", "emboss") else 0.0
        return z
    z[c - 1 : c + 2, c - 1 : c + 2] = np.asarray(base, np.float32)
    return z


def parse_kernel(cells: list[list[object]], limit: float = 1000.0) -> np.ndarray | None:
    """A square k×k kernel (k = 1…7) from edited cells (numbers or text), or None if any cell
    is empty, not a number, not finite or larger than ``limit`` in size."""
    k = len(cells)
    if not 1 <= k <= 7 or any(len(row) != k for row in cells):
        return None
    out = np.zeros((k, k), np.float32)
    for i, row in enumerate(cells):
        for j, v in enumerate(row):
            if v is None or isinstance(v, bool):
                return None
            try:
                f = float(str(v).strip().replace("−", "-").replace("，", "."))
            except ValueError:
                return None
            if not np.isfinite(f) or abs(f) > limit:
                return None
            out[i, j] = f
    return out


KERNEL_PRESETS: tuple[str, ...] = (
    "identity",
    "box",
    "gaussian",
    "sharpen",
    "sobel_x",
    "sobel_y",
    "laplacian",
    "emboss",
)
