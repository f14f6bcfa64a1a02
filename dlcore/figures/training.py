"""Figures of the training chapter: loss surfaces with optimizer paths, the backprop
chain and MLP diagrams, multiplication counts, per-layer activation histograms.

Pure functions (arrays in, Plotly figure out); every label arrives translated.
Loss / step-size curves and per-layer gradient norms use ``figures.common``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from dlcore.figures.common import NEG, PALETTE, POS, base_layout, finite


def log_levels(z: np.ndarray, floor: float = 1e-4) -> np.ndarray:
    """log₁₀ of a loss grid, floored so a zero minimum stays finite."""
    z = np.asarray(z, np.float64)
    return finite(np.log10(np.maximum(np.where(np.isfinite(z), z, np.nan), floor)))


def surface_figure(
    xs: np.ndarray,
    ys: np.ndarray,
    z: np.ndarray,
    paths: Sequence[tuple[str, np.ndarray, int]],
    labels: Mapping[str, str],
    minimum: tuple[float, float] | None = None,
    start: tuple[float, float] | None = None,
    pick: int = 0,
    height: int = 520,
) -> go.Figure:
    """Contours of log₁₀ L, each path ``(name, w (n, 2), colour index)`` on top.

    ``pick`` > 0 adds an invisible ``pick × pick`` grid of points so a click
    anywhere on the plot selects a start point (Streamlit's selection events
    only report clicks on points). ``labels``: x, y, colorbar, start, minimum.
    """
    fig = go.Figure()
    fig.add_trace(
        go.Contour(
            x=finite(xs),
            y=finite(ys),
            z=log_levels(z),
            colorscale="Viridis",
            ncontours=30,
            contours=dict(coloring="heatmap", showlines=True),
            line=dict(width=0.5, color="rgba(255,255,255,0.35)"),
            colorbar=dict(title=labels.get("colorbar", ""), thickness=12),
            hoverinfo="skip",
            name="",
        )
    )
    if pick > 0:
        gx, gy = np.meshgrid(
            np.linspace(xs[0], xs[-1], pick, dtype=np.float32),
            np.linspace(ys[0], ys[-1], pick, dtype=np.float32),
        )
        fig.add_trace(
            go.Scatter(
                x=gx.ravel(),
                y=gy.ravel(),
                mode="markers",
                marker=dict(size=14, opacity=0.0, color="white"),
                hovertemplate="(%{x:.2f}, %{y:.2f})<extra></extra>",
                showlegend=False,
                name="pick",
            )
        )
    for name, w, ci in paths:
        w = finite(w)
        colour = PALETTE[ci % len(PALETTE)]
        fig.add_trace(
            go.Scatter(
                x=w[:, 0],
                y=w[:, 1],
                mode="lines+markers",
                name=name,
                line=dict(color=colour, width=2),
                marker=dict(size=4, color=colour),
                hovertemplate=f"{name}<br>n=%{{pointNumber}}<br>(%{{x:.3f}}, %{{y:.3f}})<extra></extra>",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=w[-1:, 0],
                y=w[-1:, 1],
                mode="markers",
                marker=dict(
                    size=11, color=colour, symbol="circle", line=dict(color="white", width=1)
                ),
                showlegend=False,
                hoverinfo="skip",
            )
        )
    if minimum is not None:
        fig.add_trace(
            go.Scatter(
                x=np.array([minimum[0]], np.float32),
                y=np.array([minimum[1]], np.float32),
                mode="markers",
                marker=dict(
                    size=14, symbol="star", color="white", line=dict(color="black", width=1)
                ),
                name=labels.get("minimum", ""),
            )
        )
    if start is not None:
        fig.add_trace(
            go.Scatter(
                x=np.array([start[0]], np.float32),
                y=np.array([start[1]], np.float32),
                mode="markers",
                marker=dict(size=12, symbol="x", color="white", line=dict(color="black", width=1)),
                name=labels.get("start", ""),
            )
        )
    fig.update_xaxes(title=labels.get("x", "w₁"), range=[float(xs[0]), float(xs[-1])])
    fig.update_yaxes(title=labels.get("y", "w₂"), range=[float(ys[0]), float(ys[-1])])
    fig.update_layout(clickmode="event+select", dragmode="pan", hovermode="closest")
    return base_layout(fig, None, height)


def chain_figure(
    h: np.ndarray,
    w: np.ndarray,
    w_out: float,
    o: float,
    loss: float,
    dL_dh: np.ndarray,
    dL_do: float,
    x: float,
    labels: Mapping[str, str],
    height: int = 300,
) -> go.Figure:
    """The chain x → h¹ → … → hᵏ → o → L: forward values above, ∂L/∂· below, weights on edges."""
    k = len(h)
    names = ["x", *[f"h{_sup(i)}" for i in range(1, k + 1)], "o", "L"]
    fwd = [x, *list(h), o, loss]
    bwd = [None, *list(dL_dh), dL_do, 1.0]
    xs = np.arange(len(names), dtype=np.float32)
    fig = go.Figure()
    colours = ["#999999", *[POS] * k, "#2ca02c", "#d62728"]
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=np.zeros(len(xs), np.float32),
            mode="markers+text",
            marker=dict(size=44, color=colours, line=dict(color="black", width=1)),
            text=names,
            textfont=dict(color="white", size=14),
            hoverinfo="skip",
            showlegend=False,
        )
    )
    for i, v in enumerate(fwd):
        fig.add_annotation(x=float(i), y=0.55, text=f"{v:.4g}", showarrow=False, font=dict(size=12))
    for i, v in enumerate(bwd):
        if v is not None and np.isfinite(v):  # NaN = not computed yet (stepping through)
            fig.add_annotation(
                x=float(i), y=-0.6, text=f"{v:.3g}", showarrow=False, font=dict(size=12, color=NEG)
            )
    weights = [*list(w), w_out]
    for i, wi in enumerate(weights):
        label = f"w{_sub(i + 1)}" if i < k else "wₒ"
        fig.add_annotation(
            x=i + 0.5, y=0.18, text=f"{label}={wi:.3g}", showarrow=False, font=dict(size=11)
        )
    for i in range(len(names) - 1):  # forward arrows
        fig.add_annotation(
            x=i + 0.72,
            y=0.0,
            ax=i + 0.28,
            ay=0.0,
            xref="x",
            yref="y",
            axref="x",
            ayref="y",
            showarrow=True,
            arrowhead=2,
            arrowwidth=1.5,
            arrowcolor="#555",
            text="",
        )
    for i in range(1, len(names) - 1):  # backward arrows
        fig.add_annotation(
            x=i + 0.28,
            y=-0.35,
            ax=i + 0.72,
            ay=-0.35,
            xref="x",
            yref="y",
            axref="x",
            ayref="y",
            showarrow=True,
            arrowhead=2,
            arrowwidth=1.2,
            arrowcolor=NEG,
            text="",
        )
    fig.add_annotation(
        x=-0.45,
        y=0.55,
        text=labels.get("forward", ""),
        showarrow=False,
        xanchor="right",
        font=dict(size=11),
    )
    fig.add_annotation(
        x=-0.45,
        y=-0.6,
        text=labels.get("backward", ""),
        showarrow=False,
        xanchor="right",
        font=dict(size=11, color=NEG),
    )
    fig.update_xaxes(visible=False, range=[-1.6, len(names) - 0.4])
    fig.update_yaxes(visible=False, range=[-0.9, 0.85])
    return base_layout(fig, None, height, plot_bgcolor="white")


_SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _sup(i: int) -> str:
    return str(i).translate(_SUP)


def _sub(i: int) -> str:
    return str(i).translate(_SUB)


def mult_count_figure(
    ks: np.ndarray,
    back: np.ndarray,
    naive: np.ndarray,
    labels: Mapping[str, str],
    height: int = 300,
) -> go.Figure:
    """Multiplications for k = 2 … back to front (reuse) versus recomputing each product."""
    fig = go.Figure()
    fig.add_trace(
        go.Bar(x=finite(ks), y=finite(naive), name=labels.get("naive", ""), marker_color=NEG)
    )
    fig.add_trace(
        go.Bar(x=finite(ks), y=finite(back), name=labels.get("back", ""), marker_color=POS)
    )
    fig.update_xaxes(title=labels.get("x", "k"), dtick=1)
    fig.update_yaxes(title=labels.get("y", ""))
    fig.update_layout(barmode="group")
    return base_layout(fig, None, height)


def mlp_figure(
    values: Sequence[np.ndarray],
    edges: Sequence[np.ndarray],
    labels: Mapping[str, str],
    highlight: int | None = None,
    height: int = 340,
) -> go.Figure:
    """Neurons in columns (``values[l]`` their numbers), edges coloured by ``edges[l]`` (n_out × n_in).

    ``highlight`` = index of the column being computed in this step (drawn with a thick ring).
    """
    n_layers = len(values)
    fig = go.Figure()
    pos: list[np.ndarray] = []
    for v in values:
        n = len(v)
        pos.append(np.linspace(-(n - 1) / 2, (n - 1) / 2, n) if n > 1 else np.zeros(1))
    scale = max((float(np.max(np.abs(e))) for e in edges if e.size), default=1.0) or 1.0
    for col, e in enumerate(edges):
        for i in range(e.shape[0]):
            for j in range(e.shape[1]):
                val = float(e[i, j]) if np.isfinite(e[i, j]) else 0.0
                fig.add_trace(
                    go.Scatter(
                        x=np.array([col, col + 1], np.float32),
                        y=np.array([pos[col][j], pos[col + 1][i]], np.float32),
                        mode="lines",
                        line=dict(color=POS if val >= 0 else NEG, width=0.5 + 5 * abs(val) / scale),
                        hoverinfo="text",
                        text=f"{val:.3g}",
                        showlegend=False,
                    )
                )
    for col, v in enumerate(values):
        ring = 4 if highlight == col else 1
        fig.add_trace(
            go.Scatter(
                x=np.full(len(v), col, np.float32),
                y=pos[col].astype(np.float32),
                mode="markers+text",
                marker=dict(size=40, color="white", line=dict(color="black", width=ring)),
                text=[f"{float(a):.3g}" if np.isfinite(a) else "" for a in v],
                textfont=dict(size=11),
                hoverinfo="skip",
                showlegend=False,
            )
        )
    col_names = labels.get("columns", "")
    for col, name in enumerate(col_names.split("|") if col_names else []):
        if col < n_layers:
            top = float(np.max(pos[col])) if len(pos[col]) else 0.0
            fig.add_annotation(x=col, y=max(top, 1.0) + 0.8, text=name, showarrow=False)
    fig.update_xaxes(visible=False, range=[-0.5, n_layers - 0.5])
    fig.update_yaxes(visible=False)
    return base_layout(fig, None, height, plot_bgcolor="white")


def activation_heatmap(
    counts: Mapping[str, np.ndarray],
    edges: np.ndarray,
    labels: Mapping[str, str],
    height: int = 360,
) -> go.Figure:
    """Per-layer activation histograms on shared bins: one row per layer (first at the bottom)."""
    names = list(counts)
    rows = []
    for name in names:
        c = np.asarray(counts[name], np.float64)
        total = c.sum()
        rows.append(c / total if total > 0 else np.zeros_like(c))
    z = np.asarray(rows, np.float64) if rows else np.zeros((0, len(edges) - 1))
    e = np.asarray(edges, np.float64)
    centres = e[:-1] / 2 + e[1:] / 2  # no overflow at ±3e38
    fig = go.Figure(
        go.Heatmap(
            x=finite(centres),
            y=names,
            z=finite(np.sqrt(z)),
            colorscale="Blues",
            zmin=0.0,
            zmax=1.0,
            colorbar=dict(title=labels.get("colorbar", ""), thickness=12),
            customdata=finite(z),
            hovertemplate="%{y}<br>%{x:.3g}: %{customdata:.1%}<extra></extra>",
        )
    )
    fig.update_xaxes(title=labels.get("x", ""))
    fig.update_yaxes(title=labels.get("y", ""), type="category")
    return base_layout(fig, None, height)


def bmatrix(a: np.ndarray, digits: int = 3) -> str:
    """A vector (as a column) or matrix as LaTeX ``\\begin{bmatrix}…``, numbers rounded."""
    a = np.asarray(a, np.float64)
    if a.ndim == 1:
        a = a[:, None]

    def num(v: float) -> str:
        if not np.isfinite(v):
            return r"\text{—}"
        s = f"{v:.{digits}g}"
        if "e" in s:
            mant, exp = s.split("e")
            return rf"{mant}\times 10^{{{int(exp)}}}"
        return s

    rows = [" & ".join(num(v) for v in row) for row in a]
    return r"\begin{bmatrix}" + r" \\ ".join(rows) + r"\end{bmatrix}"
