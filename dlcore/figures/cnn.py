"""Figures of the CNN chapter: images and feature maps, the by-hand convolution, pooling,
receptive fields, equivariance, kernels, confusion matrix, shift robustness.

Colour rule everywhere: a map with no negative values is drawn in gray from 0
(black) to max(1, max) (white); a signed map uses a diverging scale symmetric
around 0 (orange negative, blue positive, white zero), so 0 always looks the same.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dlcore.figures.common import NEG, PALETTE, POS, base_layout, finite

DIVERGING = [[0.0, NEG], [0.5, "#ffffff"], [1.0, POS]]
# Spelled out, not the name "gray": figures built without validation (grid_figure) pass
# the name to plotly.js, which does not know it and drew its blue–red default instead.
GRAY = [[0.0, "#000000"], [1.0, "#ffffff"]]


def color_rule(a: np.ndarray) -> dict:
    """zmin / zmax / colorscale for a map by the chapter's colour rule."""
    a = finite(a)
    if not np.isfinite(a).any():
        return {"zmin": 0.0, "zmax": 1.0, "colorscale": GRAY}
    lo, hi = float(np.nanmin(a)), float(np.nanmax(a))
    if lo >= 0:
        return {"zmin": 0.0, "zmax": max(1.0, hi), "colorscale": GRAY}
    m = max(abs(lo), abs(hi), 1e-6)
    return {"zmin": -m, "zmax": m, "colorscale": DIVERGING}


def _heat(a: np.ndarray, showscale: bool = False, text: bool = False, **kw) -> dict:
    """A heatmap trace as a plain dict (no per-trace validation: dozens per figure stay fast)."""
    a = finite(a)
    h = {
        "type": "heatmap",
        "z": a,
        "showscale": showscale,
        "hovertemplate": "(%{y}, %{x}): %{z:.3f}<extra></extra>",
        **color_rule(a),
        **kw,
    }
    if text:
        txt = np.round(np.nan_to_num(a).astype(np.float64), 2).astype(str)
        h.update(
            text=np.where(np.isfinite(a), txt, ""), texttemplate="%{text}", textfont={"size": 10}
        )
    return h


def _square_axes(fig: go.Figure, n: int) -> None:
    for i in range(1, n + 1):
        sfx = "" if i == 1 else str(i)
        fig.layout[f"yaxis{sfx}"].update(
            autorange="reversed", scaleanchor=f"x{sfx}", showgrid=False
        )
        fig.layout[f"xaxis{sfx}"].update(showgrid=False, constrain="domain")
        fig.layout[f"yaxis{sfx}"].update(constrain="domain")


def grid_figure(
    cells: Sequence[tuple[int, int, Sequence[dict]]],
    rows: int,
    cols: int,
    titles: Sequence[str] | None = None,
    height: int = 320,
    hspace: float = 0.04,
    vspace: float = 0.06,
    ticks: bool = True,
    scale_room: float = 0.0,
    title_size: int = 12,
) -> go.Figure:
    """Square image subplots on a rows × cols grid, built as one layout (much faster
    than ``make_subplots`` + per-axis updates for dozens of maps).

    ``cells`` are (row, col, traces), 0-based; ``scale_room`` is the width fraction
    kept right of each cell for its colour bar.
    """
    w = (1 - hspace * (cols - 1)) / cols
    h = (1 - vspace * (rows - 1)) / rows
    layout: dict = {"annotations": []}
    data = []
    for i, (r, c, traces) in enumerate(cells, start=1):
        x0 = c * (w + hspace)
        y1 = 1 - r * (h + vspace)
        xd = [max(0.0, x0), min(1.0, x0 + w - scale_room)]
        yd = [max(0.0, y1 - h), min(1.0, y1)]
        sfx = "" if i == 1 else str(i)
        layout[f"xaxis{sfx}"] = {
            "domain": xd,
            "anchor": f"y{sfx}",
            "showgrid": False,
            "constrain": "domain",
            "showticklabels": ticks,
            "zeroline": False,
        }
        layout[f"yaxis{sfx}"] = {
            "domain": yd,
            "anchor": f"x{sfx}",
            "showgrid": False,
            "autorange": "reversed",
            "scaleanchor": f"x{sfx}",
            "constrain": "domain",
            "showticklabels": ticks,
            "zeroline": False,
        }
        for tr in traces:
            tr.update(xaxis=f"x{sfx}", yaxis=f"y{sfx}")
            if tr.get("showscale", False):
                tr["colorbar"] = {
                    "x": xd[1] + 0.005,
                    "y": (yd[0] + yd[1]) / 2,
                    "len": h,
                    "thickness": 10,
                }
            data.append(tr)
        if titles is not None and i - 1 < len(titles) and titles[i - 1]:
            layout["annotations"].append(
                {
                    "text": titles[i - 1],
                    "x": (xd[0] + xd[1]) / 2,
                    "y": yd[1],
                    "xref": "paper",
                    "yref": "paper",
                    "xanchor": "center",
                    "yanchor": "bottom",
                    "showarrow": False,
                    "font": {"size": title_size},
                }
            )
    fig = go.Figure(data=data, layout=layout, _validate=False)
    return base_layout(fig, None, height)


def heatmaps(
    arrays: Sequence[np.ndarray],
    titles: Sequence[str],
    cols: int | None = None,
    height: int = 320,
    text: bool = False,
    scales: bool = True,
    shared_scale: bool = False,
) -> go.Figure:
    """Several 2-D maps side by side (rows of ``cols``), each by the colour rule."""
    n = len(arrays)
    cols = cols or n
    rows = (n + cols - 1) // cols
    shared = (
        color_rule(np.concatenate([finite(a).ravel() for a in arrays])) if shared_scale else None
    )
    cells = []
    for i, a in enumerate(arrays):
        show = scales and (not shared or i == n - 1)
        cells.append((i // cols, i % cols, [_heat(a, showscale=show, text=text, **(shared or {}))]))
    return grid_figure(
        cells,
        rows,
        cols,
        titles,
        height * rows,
        # room for a colour bar, its tick labels and the next map's tick labels
        hspace=0.14 if scales else 0.03,
        ticks=scales,
        scale_room=0.05 if scales else 0.0,
    )


def _box(
    fig: go.Figure,
    r0: float,
    r1: float,
    c0: float,
    c1: float,
    color: str,
    row=None,
    col=None,
    width=3,
):
    fig.add_shape(
        type="rect",
        x0=c0 - 0.5,
        x1=c1 + 0.5,
        y0=r0 - 0.5,
        y1=r1 + 0.5,
        line={"color": color, "width": width},
        row=row,
        col=col,
    )


def by_hand_figure(
    x_padded: np.ndarray,
    kernel: np.ndarray,
    products: np.ndarray,
    out: np.ndarray,
    rows: np.ndarray,
    cols: np.ndarray,
    cell: tuple[int, int],
    titles: Sequence[str],
) -> go.Figure:
    """Padded input with the receptive field, kernel, element-wise products, output so far."""
    fig = make_subplots(
        rows=1,
        cols=4,
        subplot_titles=list(titles),
        column_widths=[0.34, 0.18, 0.18, 0.3],
        horizontal_spacing=0.05,
    )
    fig.add_trace(_heat(x_padded, text=True), row=1, col=1)
    fig.add_trace(_heat(kernel, text=True), row=1, col=2)
    fig.add_trace(_heat(products, text=True), row=1, col=3)
    fig.add_trace(_heat(out, text=True), row=1, col=4)
    # the receptive field: one marker per tap (dilated kernels skip cells)
    rr, cc = np.meshgrid(rows, cols, indexing="ij")
    fig.add_trace(
        go.Scatter(
            x=cc.ravel().astype(np.float32),
            y=rr.ravel().astype(np.float32),
            mode="markers",
            marker={"symbol": "square-open", "size": 22, "color": "#d62728", "line": {"width": 3}},
            hoverinfo="skip",
            showlegend=False,
        ),
        row=1,
        col=1,
    )
    _box(fig, rows[0], rows[-1], cols[0], cols[-1], "#d62728", 1, 1, width=1)
    _box(fig, cell[0], cell[0], cell[1], cell[1], "#d62728", 1, 4)
    _square_axes(fig, 4)
    return base_layout(fig, None, 360)


def receptive_field_figure(
    image: np.ndarray, boxes: Sequence[tuple[int, int, int, int]], names: Sequence[str]
) -> go.Figure:
    """The input with the receptive field of one unit after 1, 2, … layers (nested boxes)."""
    fig = go.Figure(_heat(image))
    for i, (box, name) in enumerate(zip(boxes, names, strict=True)):
        color = PALETTE[(i + 3) % len(PALETTE)]
        _box(fig, *box, color, width=3)
        fig.add_trace(
            go.Scatter(
                x=[None], y=[None], mode="lines", line={"color": color, "width": 3}, name=name
            )
        )
    h, w = image.shape
    fig.update_xaxes(range=[-0.5, w - 0.5])
    fig.update_yaxes(range=[h - 0.5, -0.5])
    _square_axes(fig, 1)
    fig.update_yaxes(autorange=False)
    base_layout(fig, None, 380)
    fig.update_layout(legend={"orientation": "v", "x": 1.02, "y": 1})
    return fig


def pool_figure(
    fmap: np.ndarray,
    pooled: np.ndarray,
    taken: np.ndarray,
    size: int,
    stride: int,
    mode: str,
    titles: Sequence[str],
) -> go.Figure:
    """The feature map with each pooling window (and, for max, the cell it took) and the result."""
    fig = make_subplots(rows=1, cols=2, subplot_titles=list(titles), horizontal_spacing=0.08)
    fig.add_trace(_heat(fmap, text=fmap.size <= 256), row=1, col=1)
    fig.add_trace(_heat(pooled, text=pooled.size <= 256), row=1, col=2)
    w = fmap.shape[1]
    if mode == "max":
        r, c = np.divmod(taken.ravel(), w)
        fig.add_trace(
            go.Scatter(
                x=c.astype(np.float32),
                y=r.astype(np.float32),
                mode="markers",
                marker={
                    "symbol": "circle-open",
                    "size": 14,
                    "color": "#d62728",
                    "line": {"width": 3},
                },
                hoverinfo="skip",
                showlegend=False,
            ),
            row=1,
            col=1,
        )
    h_out, w_out = pooled.shape
    if h_out * w_out <= 64:
        for i in range(h_out):
            for j in range(w_out):
                color = PALETTE[(i * w_out + j) % len(PALETTE)]
                r0, c0 = i * stride, j * stride
                _box(fig, r0, r0 + size - 1, c0, c0 + size - 1, color, 1, 1, width=2)
    _square_axes(fig, 2)
    return base_layout(fig, None, 380)


def kernels_figure(kernels: np.ndarray, title_prefix: str = "") -> go.Figure:
    """First-layer kernels (C_out, C_in, k, k): channel 0 of each, on one shared diverging scale."""
    ks = [finite(k[0]) for k in kernels]
    m = max(float(np.nanmax(np.abs(np.stack(ks)))), 1e-6)
    cols = min(len(ks), 8)
    rows = (len(ks) + cols - 1) // cols
    cells = [
        (
            i // cols,
            i % cols,
            [
                {
                    "type": "heatmap",
                    "z": k,
                    "zmin": -m,
                    "zmax": m,
                    "colorscale": DIVERGING,
                    "showscale": False,
                }
            ],
        )
        for i, k in enumerate(ks)
    ]
    titles = [f"{title_prefix}{i + 1}" for i in range(len(ks))]
    return grid_figure(cells, rows, cols, titles, 120 * rows + 30, hspace=0.02, ticks=False)


def feature_maps_figure(maps: dict[str, np.ndarray], max_channels: int = 8) -> go.Figure:
    """One row per layer, its first channels as small maps, each titled ``layer[channel]``."""
    names = list(maps)
    cols = min(max_channels, max(m.shape[0] for m in maps.values()))
    cells, titles = [], []
    for r, name in enumerate(names):
        m = maps[name]
        for c in range(min(cols, m.shape[0])):
            cells.append((r, c, [_heat(m[c])]))
            titles.append(f"{name}[{c}]")
    fig = grid_figure(
        cells,
        len(names),
        cols,
        titles,
        115 * len(names) + 30,
        hspace=0.02,
        vspace=0.05,
        ticks=False,
        title_size=10,
    )
    return fig


def confusion_figure(
    cm: np.ndarray, labels: Sequence[str], x_title: str, y_title: str
) -> go.Figure:
    """Confusion matrix: rows = true class, columns = predicted class, counts written in."""
    cm = np.asarray(cm, np.float32)
    fig = go.Figure(
        go.Heatmap(
            z=cm,
            x=list(labels),
            y=list(labels),
            colorscale="Blues",
            text=cm.astype(int).astype(str),
            texttemplate="%{text}",
            showscale=False,
        )
    )
    fig.update_xaxes(title=x_title, type="category")
    fig.update_yaxes(title=y_title, type="category", autorange="reversed")
    return base_layout(fig, None, 360)


def probs_figure(probs: np.ndarray, labels: Sequence[str], x_title: str) -> go.Figure:
    """Bar chart of class probabilities; the predicted class highlighted."""
    p = finite(probs)
    colors = [POS if i == int(np.nanargmax(p)) else "#9aa9b8" for i in range(len(p))]
    fig = go.Figure(go.Bar(x=list(labels), y=p, marker_color=colors))
    fig.update_xaxes(type="category")
    fig.update_yaxes(title=x_title, range=[0, 1])
    return base_layout(fig, None, 260)


def shift_accuracy_figure(
    shifts: np.ndarray,
    curves: dict[str, np.ndarray],
    x_title: str,
    y_title: str,
    y_range: tuple[float, float] | None = (0.0, 1.02),
) -> go.Figure:
    """Test accuracy of each model against the size of the shift."""
    fig = go.Figure()
    for i, (name, acc) in enumerate(curves.items()):
        fig.add_trace(
            go.Scatter(
                x=finite(shifts),
                y=finite(acc),
                mode="lines+markers",
                name=name,
                line={"color": PALETTE[i], "width": 3},
            )
        )
    fig.update_xaxes(title=x_title, dtick=1)
    fig.update_yaxes(title=y_title, range=list(y_range) if y_range else None, rangemode="tozero")
    return base_layout(fig, None, 320)
