"""Feedforward chapter figures: decision boundary, the network as a graph, neuron thumbnails.

Grids come from a trained model (torch in, float32 NumPy out); figures are pure
functions of those arrays. Colours follow TF Playground: orange negative, blue
positive, white zero.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
import torch
from torch import nn

from dlcore.data.toy2d import DOMAIN, featurize
from dlcore.figures.common import NEG, POS, base_layout, finite

# orange (−1) → white (0) → blue (+1)
COLORSCALE = [[0.0, NEG], [0.5, "#ffffff"], [1.0, POS]]
_NEG_RGB = np.array([0xF5, 0x93, 0x22], np.float32)
_POS_RGB = np.array([0x08, 0x77, 0xBD], np.float32)
_WHITE = np.array([255, 255, 255], np.float32)


def grid_points(res: int, domain: float = DOMAIN) -> tuple[np.ndarray, np.ndarray]:
    """Axis ticks (res,) and the (res*res, 2) points of a square grid, row = y."""
    ax = np.linspace(-domain, domain, res, dtype=np.float32)
    xx, yy = np.meshgrid(ax, ax)
    return ax, np.stack([xx.ravel(), yy.ravel()], 1)


def to_signed(pred: np.ndarray, task: str) -> np.ndarray:
    """Prediction in [−1, 1]: a class-1 probability p becomes 2p − 1, a value is clipped."""
    p = np.asarray(pred, np.float32)
    out = 2 * p - 1 if task != "regression" else p
    return np.clip(np.nan_to_num(out, nan=0.0), -1, 1).astype(np.float32)


@dataclass
class NetMaps:
    """Every node's output over the input plane plus the weights between layers.

    ``maps[l]`` is (n_nodes_l, res, res) in [−1, 1] (layer 0 = the input features,
    last = the output); ``weights[l]`` is (n_{l+1}, n_l); ``biases[l]`` is (n_{l+1},).
    """

    maps: list[np.ndarray]
    weights: list[np.ndarray]
    biases: list[np.ndarray]
    names: list[str]


@torch.no_grad()
def net_maps(
    model: nn.Module, features: tuple[str, ...], task: str, predict, res: int = 20
) -> NetMaps:
    """Run the grid through ``model`` and collect each neuron's output (hooks on act layers).

    ``predict`` maps the raw output to the task's space (``Trainer.predict``'s objective).
    """
    _, pts = grid_points(res)
    x = featurize(pts, features)
    dev = next(model.parameters()).device
    dtype = next(model.parameters()).dtype
    xt = torch.as_tensor(x, device=dev, dtype=dtype)
    acts: list[np.ndarray] = []
    hooks = []
    for name, m in model.named_modules():
        short = name.rsplit(".", 1)[-1]
        if short.startswith("act"):
            hooks.append(
                m.register_forward_hook(lambda _m, _i, o: acts.append(o.float().cpu().numpy()))
            )
    was_training = model.training
    model.eval()
    try:
        z = model(xt)
    finally:
        for h in hooks:
            h.remove()
        model.train(was_training)
    if z.shape[-1] > 1:  # softmax outputs: one node per class, its probability as 2p − 1
        out = (2 * torch.softmax(z.float(), -1) - 1).cpu().numpy()
    else:
        out = to_signed(predict(z).float().cpu().numpy(), task).reshape(-1, 1)
    feats = x.T.reshape(len(features), res, res)
    maps = [_normalise(feats)]
    for a in acts:
        maps.append(_normalise(a.T.reshape(a.shape[1], res, res)))
    maps.append(out.T.reshape(out.shape[1], res, res).astype(np.float32))
    lin = [(n, m) for n, m in model.named_modules() if isinstance(m, nn.Linear)]
    weights = [m.weight.detach().float().cpu().numpy() for _, m in lin]
    biases = [m.bias.detach().float().cpu().numpy() for _, m in lin]
    names = [n.rsplit(".", 1)[-1] for n, _ in lin]
    return NetMaps(maps, weights, biases, names)


def _normalise(a: np.ndarray) -> np.ndarray:
    """Each map into [−1, 1]: divided by its max |value| when that exceeds 1 (ReLU, features)."""
    a = np.nan_to_num(np.asarray(a, np.float32))
    m = np.abs(a).reshape(len(a), -1).max(1)
    scale = np.where(m > 1, m, 1.0).astype(np.float32)
    return (a / scale[:, None, None]).astype(np.float32)


def colorize(z: np.ndarray) -> np.ndarray:
    """(h, w) values in [−1, 1] → (h, w, 3) uint8 RGB on the orange–white–blue scale."""
    z = np.clip(np.nan_to_num(np.asarray(z, np.float32)), -1, 1)[..., None]
    rgb = np.where(z >= 0, _WHITE + (_POS_RGB - _WHITE) * z, _WHITE + (_NEG_RGB - _WHITE) * -z)
    return rgb.round().astype(np.uint8)


def _thumb_sheet(
    maps: list[np.ndarray],
    node_xy: list[np.ndarray],
    box: float,
    lo: tuple[float, float],
    hi: tuple[float, float],
    ppu: int,
) -> str:
    """All node thumbnails on one transparent RGBA PNG spanning ``lo``…``hi`` (data units)."""
    from PIL import Image

    w, h = int((hi[0] - lo[0]) * ppu), int((hi[1] - lo[1]) * ppu)
    sheet = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    side = max(4, int(box * ppu))
    for li, layer in enumerate(maps):
        for k, z in enumerate(layer):
            img = Image.fromarray(colorize(z[::-1]), "RGB").resize((side, side), Image.BILINEAR)
            framed = Image.new("RGB", (side + 2, side + 2), (110, 110, 110))
            framed.paste(img, (1, 1))
            x0, y0 = node_xy[li][k]
            px = int((x0 - lo[0]) * ppu - side / 2) - 1
            py = int((hi[1] - y0) * ppu - side / 2) - 1
            sheet.paste(framed, (px, py))
    buf = io.BytesIO()
    sheet.save(buf, format="PNG", compress_level=1)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def boundary_figure(
    z: np.ndarray,
    points_train: np.ndarray,
    y_train: np.ndarray,
    points_test: np.ndarray | None = None,
    y_test: np.ndarray | None = None,
    task: str = "binary",
    discretize: bool = False,
    labels: dict[str, str] | None = None,
    domain: float = DOMAIN,
    height: int = 420,
) -> go.Figure:
    """Heatmap of the model's output in [−1, 1] over the plane, with the data points.

    ``labels`` holds translated names: ``train``, ``test``, ``output``.
    """
    labels = labels or {}
    res = z.shape[0]
    ax = np.linspace(-domain, domain, res, dtype=np.float32)
    zz = finite(z)
    if discretize:
        zz = np.where(zz >= 0, 1.0, -1.0).astype(np.float32)
    fig = go.Figure(
        go.Heatmap(
            x=ax,
            y=ax,
            z=zz,
            zmin=-1,
            zmax=1,
            colorscale=COLORSCALE,
            showscale=False,
            name=labels.get("output", "output"),
            hovertemplate="x₁=%{x:.2f}<br>x₂=%{y:.2f}<br>%{z:.3f}<extra></extra>",
        )
    )

    def _pts(p: np.ndarray, y: np.ndarray, name: str, outline: str) -> None:
        c = to_signed(y, task) if task == "regression" else (2 * np.asarray(y) - 1)
        fig.add_trace(
            go.Scatter(
                x=finite(p[:, 0]),
                y=finite(p[:, 1]),
                mode="markers",
                name=name,
                marker=dict(
                    color=np.asarray(c, np.float32),
                    colorscale=COLORSCALE,
                    cmin=-1,
                    cmax=1,
                    size=6,
                    line=dict(color=outline, width=1),
                ),
                hovertemplate="(%{x:.2f}, %{y:.2f})<extra>" + name + "</extra>",
            )
        )

    _pts(points_train, y_train, labels.get("train", "train"), "#ffffff")
    if points_test is not None and y_test is not None and len(points_test):
        _pts(points_test, y_test, labels.get("test", "test"), "#222222")
    fig.update_xaxes(range=[-domain, domain], constrain="domain", title="x₁")
    fig.update_yaxes(range=[-domain, domain], scaleanchor="x", constrain="domain", title="x₂")
    return base_layout(fig, None, height, showlegend=True)


GAP = 2.4  # horizontal distance between layers in the graph
_FEATURE_LABEL = {
    "x1": "X₁",
    "x2": "X₂",
    "x1sq": "X₁²",
    "x2sq": "X₂²",
    "x1x2": "X₁X₂",
    "sin_x1": "sin X₁",
    "sin_x2": "sin X₂",
}


def network_figure(
    nm: NetMaps,
    features: tuple[str, ...],
    weight_label: str = "w",
    bias_label: str = "b",
    height: int = 420,
    max_hover: int = 1500,
    max_edges: int = 4000,
) -> go.Figure:
    """The network as a graph: each node a thumbnail of its output over the plane,
    each edge orange (w<0) or blue (w>0) with width ∝ |w|; hover an edge for its weight."""
    sizes = [len(m) for m in nm.maps]
    n_layers = len(sizes)
    tallest = max(sizes)
    step = 1.3 if tallest <= 8 else 10.4 / tallest  # wide layers: squeeze, don't grow
    span = max(tallest, 4) * step
    thin = min(1.0, 8.0 / tallest)  # thinner edges when there are many
    node_xy: list[np.ndarray] = []
    for li, n in enumerate(sizes):
        ys = (np.arange(n, dtype=np.float32) - (n - 1) / 2) * step
        node_xy.append(np.stack([np.full(n, li * GAP, np.float32), -ys], 1))
    fig = go.Figure()
    wmax = max((float(np.abs(w).max()) for w in nm.weights if w.size), default=1.0) or 1.0
    # edges grouped by sign and width bucket: a handful of traces whatever the size
    buckets: dict[tuple[bool, int], list[np.ndarray]] = {}
    mids: list[np.ndarray] = []
    names: list[tuple[int, np.ndarray]] = []
    ends: list[np.ndarray] = []  # (from i, to j) of each edge, for a click (ui/weights.py)
    every = np.concatenate([np.abs(np.nan_to_num(w)).ravel() for w in nm.weights])
    thr = -1.0 if len(every) <= max_edges else float(np.sort(every)[-max_edges])
    for li, w in enumerate(nm.weights):
        a, b = node_xy[li], node_xy[li + 1]
        wi = np.nan_to_num(w)
        j, i = np.meshgrid(np.arange(w.shape[0]), np.arange(w.shape[1]), indexing="ij")
        j, i, v = j.ravel(), i.ravel(), wi.ravel()
        strong = np.abs(v) >= thr  # huge nets: only the max_edges strongest edges
        j, i, v = j[strong], i[strong], v[strong]
        bucket = np.minimum((np.abs(v) / wmax * 4).astype(int), 3)
        for pos in (False, True):
            for k in range(4):
                sel = (bucket == k) & ((v > 0) == pos)
                if not sel.any():
                    continue
                seg = np.full((sel.sum(), 3, 2), np.nan, np.float32)
                seg[:, 0] = a[i[sel]]
                seg[:, 1] = b[j[sel]]
                buckets.setdefault((pos, k), []).append(seg.reshape(-1, 2))
        mids.append(np.concatenate([a[i] * 0.4 + b[j] * 0.6, np.abs(v)[:, None]], 1))
        names.append((li, v))
        ends.append(np.stack([i, j], 1))
    for (pos, k), segs in sorted(buckets.items()):
        s = np.concatenate(segs)
        fig.add_trace(
            go.Scatter(
                x=s[:, 0],
                y=s[:, 1],
                mode="lines",
                line=dict(color=POS if pos else NEG, width=(0.6 + 1.6 * k) * thin),
                opacity=0.75,
                hoverinfo="skip",
                showlegend=False,
            )
        )
    if mids:  # hover targets at edge midpoints: the max_hover strongest edges
        m = np.concatenate(mids).astype(np.float32)
        labels = np.concatenate([np.full(len(v), li) for li, v in names])
        vals = np.concatenate([v for _, v in names])
        keep = np.argsort(-m[:, 2], kind="stable")[:max_hover]
        hover = [f"{nm.names[labels[q]]}: {weight_label}={vals[q]:.3f}" for q in keep]
        ij = np.concatenate(ends)[keep]
        fig.add_trace(
            go.Scatter(
                x=m[keep, 0],
                y=m[keep, 1],
                mode="markers",
                marker=dict(size=7, color="rgba(0,0,0,0)"),
                # ["w", layer, from i, to j]: what a click on this edge edits
                customdata=[
                    ["w", int(labels[q]), int(f), int(to)]
                    for q, (f, to) in zip(keep, ij, strict=True)
                ],
                hovertext=hover,
                hoverinfo="text",
                showlegend=False,
            )
        )
    # nodes: every thumbnail pasted into ONE transparent PNG laid over the plot (one
    # layout image instead of hundreds keeps the figure fast), hover markers with bias
    box = 1.0 if tallest <= 8 else 0.8 * step
    half = span / 2 + box
    x_lo, x_hi = -2.0, (n_layers - 1) * GAP + 1.0
    ppu = 40 if tallest <= 8 else int(max(40, 12 / box))  # pixels per data unit
    sheet = _thumb_sheet(nm.maps, node_xy, box, (x_lo, -half), (x_hi, half), ppu)
    nx, ny, ntext, ncustom = [], [], [], []
    for li, maps in enumerate(nm.maps):
        for k in range(len(maps)):
            x0, y0 = node_xy[li][k]
            nx.append(x0)
            ny.append(y0)
            ncustom.append(["x", 0, 0, k] if li == 0 else ["b", li - 1, 0, k])
            if li == 0:
                ntext.append(_FEATURE_LABEL.get(features[k], features[k]))
            else:
                name = nm.names[li - 1]
                ntext.append(f"{name}[{k + 1}] {bias_label}={nm.biases[li - 1][k]:.3f}")
    fig.add_trace(
        go.Scatter(
            x=np.asarray(nx, np.float32),
            y=np.asarray(ny, np.float32),
            mode="markers",
            marker=dict(size=max(6, int(30 * box)), symbol="square", color="rgba(0,0,0,0)"),
            customdata=ncustom,  # ["b", layer, 0, neuron j]: a click edits its bias
            hovertext=ntext,
            hoverinfo="text",
            showlegend=False,
        )
    )
    # feature names left of the inputs
    for k, f in enumerate(features):
        x0, y0 = node_xy[0][k]
        fig.add_annotation(
            x=float(x0) - box * 0.6,
            y=float(y0),
            text=_FEATURE_LABEL.get(f, f),
            showarrow=False,
            xanchor="right",
        )
    fig.add_layout_image(
        source=sheet,
        x=x_lo,
        y=half,
        xref="x",
        yref="y",
        sizex=x_hi - x_lo,
        sizey=2 * half,
        xanchor="left",
        yanchor="top",
        sizing="stretch",
        layer="above",
    )
    fig.update_xaxes(visible=False, range=[x_lo, x_hi])
    fig.update_yaxes(visible=False, range=[-half, half], scaleanchor="x", scaleratio=1)
    return base_layout(fig, None, height, plot_bgcolor="#ffffff")


def encode_frame(z: np.ndarray) -> str:
    """A map in [−1, 1] as base64 of uint8 (0 = −1, 255 = +1), row 0 at the bottom."""
    q = np.round((np.clip(np.nan_to_num(z), -1, 1) + 1) * 127.5).astype(np.uint8)
    return base64.b64encode(q.tobytes()).decode("ascii")


def encode_points(points: np.ndarray, values: np.ndarray, domain: float = DOMAIN) -> str:
    """Points as base64 uint8 triples (x, y in 0…255 over the domain, value 0…255)."""
    p = np.clip((np.asarray(points, np.float32) + domain) / (2 * domain), 0, 1) * 255
    v = (np.clip(np.nan_to_num(np.asarray(values, np.float32)), -1, 1) + 1) * 127.5
    arr = np.concatenate([p, v[:, None]], 1).round().astype(np.uint8)
    return base64.b64encode(arr.tobytes()).decode("ascii")


# -- multi-class 2-D data -----------------------------------------------------------------
# one colour per class: the playground's orange and blue first
CLASS_COLORS = ("#f59322", "#0877bd", "#2ca02c", "#9467bd", "#d62728", "#8c564b", "#e377c2")


def _hex_rgb(c: str) -> np.ndarray:
    return np.array([int(c[i : i + 2], 16) for i in (1, 3, 5)], np.float32)


def class_probs_grid(predict, features: tuple[str, ...], res: int = 60) -> np.ndarray:
    """Class probabilities over the plane, (res, res, K), row 0 = bottom.

    ``predict`` maps raw 2-D points' features (n, d) to (n, K) probabilities
    (``Trainer.predict`` for a softmax output).
    """
    _, pts = grid_points(res)
    p = np.asarray(predict(featurize(pts, features)), np.float32)
    if p.ndim == 1:  # one probability of class 1: two classes
        p = np.stack([1 - p, p], 1)
    return p.reshape(res, res, -1)


def class_image(probs: np.ndarray) -> np.ndarray:
    """(res, res, K) probabilities → (res, res, 3) uint8: the likeliest class's colour,
    fading to white as the confidence drops to chance (1/K)."""
    p = np.nan_to_num(np.asarray(probs, np.float32))
    k = p.shape[-1]
    best = p.argmax(-1)
    conf = (p.max(-1) - 1.0 / k) / (1.0 - 1.0 / k)
    conf = np.clip(conf, 0.0, 1.0)[..., None]
    colors = np.stack([_hex_rgb(CLASS_COLORS[i % len(CLASS_COLORS)]) for i in range(k)])
    rgb = _WHITE + (colors[best] - _WHITE) * (0.15 + 0.85 * conf)
    return rgb.round().astype(np.uint8)


def encode_class_frame(probs: np.ndarray) -> str:
    """(res, res, K) class probabilities → base64 of one byte a pixel for the live canvas
    (ui/live_js.py): the likeliest class in the top 3 bits, the confidence above chance
    (as :func:`class_image` shades it) in the low 5 (0…31). Row 0 at the bottom."""
    p = np.nan_to_num(np.asarray(probs, np.float32))
    k = p.shape[-1]
    best = np.minimum(p.argmax(-1), 7).astype(np.uint8)
    conf = np.clip((p.max(-1) - 1.0 / k) / (1.0 - 1.0 / k), 0.0, 1.0)
    q = (best << 5) | np.round(conf * 31).astype(np.uint8)
    return base64.b64encode(q.astype(np.uint8).tobytes()).decode("ascii")


def encode_class_points(points: np.ndarray, y: np.ndarray, domain: float = DOMAIN) -> str:
    """Points as base64 uint8 triples (x, y in 0…255 over the domain, the class index)."""
    p = np.clip((np.asarray(points, np.float32) + domain) / (2 * domain), 0, 1) * 255
    c = np.clip(np.asarray(y, np.int64), 0, 255).astype(np.float32)
    arr = np.concatenate([p, c[:, None]], 1).round().astype(np.uint8)
    return base64.b64encode(arr.tobytes()).decode("ascii")


def class_boundary_figure(
    probs: np.ndarray,
    points_train: np.ndarray,
    y_train: np.ndarray,
    points_test: np.ndarray | None = None,
    y_test: np.ndarray | None = None,
    class_names: list[str] | None = None,
    labels: dict[str, str] | None = None,
    domain: float = DOMAIN,
    height: int = 420,
) -> go.Figure:
    """Multi-class decision regions: one colour per class, shaded by confidence, with
    the points in their class colours (train outlined white, test dark).

    ``labels`` holds translated names: ``train``, ``test``.
    """
    labels = labels or {}
    res = probs.shape[0]
    k = probs.shape[-1]
    names = class_names or [str(i) for i in range(k)]
    step = 2 * domain / max(res - 1, 1)
    fig = go.Figure(
        go.Image(
            z=class_image(probs),
            x0=-domain,
            dx=step,
            y0=-domain,
            dy=step,
            hoverinfo="skip",
        )
    )
    sets = [(points_train, y_train, labels.get("train", "train"), "#ffffff")]
    if points_test is not None and y_test is not None and len(points_test):
        sets.append((points_test, y_test, labels.get("test", "test"), "#222222"))
    for pts, y, set_name, outline in sets:
        y = np.asarray(y)
        for c in range(k):
            m = y == c
            fig.add_trace(
                go.Scatter(
                    x=finite(pts[m, 0]),
                    y=finite(pts[m, 1]),
                    mode="markers",
                    name=f"{names[c]} · {set_name}",
                    legendgroup=str(c),
                    marker=dict(
                        color=CLASS_COLORS[c % len(CLASS_COLORS)],
                        size=6,
                        line=dict(color=outline, width=1),
                    ),
                    hovertemplate="(%{x:.2f}, %{y:.2f})<extra>" + names[c] + "</extra>",
                )
            )
    fig.update_xaxes(range=[-domain, domain], constrain="domain", title="x₁")
    fig.update_yaxes(
        range=[-domain, domain], scaleanchor="x", constrain="domain", title="x₂", autorange=False
    )
    return base_layout(fig, None, height, showlegend=True)


def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, n_classes: int) -> np.ndarray:
    """Counts (n_classes, n_classes): rows the true class, columns the predicted one."""
    cm = np.zeros((n_classes, n_classes), np.int64)
    t = np.asarray(y_true, np.int64).ravel()
    p = np.asarray(y_pred, np.int64).ravel()
    ok = (t >= 0) & (t < n_classes) & (p >= 0) & (p < n_classes)
    np.add.at(cm, (t[ok], p[ok]), 1)
    return cm


def confusion_figure(
    cm: np.ndarray,
    class_names: list[str] | None = None,
    x_title: str = "predicted",
    y_title: str = "true",
    height: int = 320,
) -> go.Figure:
    """The confusion matrix: each cell shaded by its share of the true class (row),
    the count written in; the diagonal holds the correct predictions."""
    cm = np.asarray(cm, np.float64)
    k = len(cm)
    names = class_names or [str(i) for i in range(k)]
    rows = cm.sum(1, keepdims=True)
    share = np.divide(cm, rows, out=np.zeros_like(cm), where=rows > 0).astype(np.float32)
    fig = go.Figure(
        go.Heatmap(
            z=share,
            x=names,
            y=names,
            zmin=0,
            zmax=1,
            colorscale=[[0.0, "#ffffff"], [1.0, POS]],
            text=cm.astype(np.int64).astype(str),
            texttemplate="%{text}",
            showscale=False,
            hovertemplate="%{y} → %{x}: %{text} (%{z:.0%})<extra></extra>",
        )
    )
    fig.update_xaxes(title=x_title, type="category")
    fig.update_yaxes(title=y_title, type="category", autorange="reversed")
    return base_layout(fig, None, height)
