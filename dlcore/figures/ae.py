"""Figures of the autoencoder chapter: image grids, code space, manifolds, histograms.

Pure functions: NumPy in, ``go.Figure`` out; every label arrives translated.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from dlcore.figures.common import PALETTE, base_layout, finite


def _layout(fig: go.Figure, title: str | None, height: int, **kw) -> go.Figure:
    """``base_layout`` with room for a title above the legend (they overlap otherwise)."""
    base_layout(fig, title, height, **kw)
    if title:
        fig.update_layout(margin=dict(t=75), title=dict(y=0.98, yanchor="top"))
    return fig


def _as_images(a: np.ndarray) -> np.ndarray:
    """(n, 1, H, W) or (n, H, W) or (n, H·W square) → (n, H, W) float32."""
    a = np.asarray(a, np.float32)
    if a.ndim == 4:
        a = a[:, 0]
    if a.ndim == 2:
        side = int(round(np.sqrt(a.shape[1])))
        a = a.reshape(len(a), side, side)
    return a


def image_rows_figure(
    rows: Sequence[np.ndarray],
    row_names: Sequence[str],
    col_names: Sequence[str] | None = None,
    title: str | None = None,
    zrange: tuple[float, float] = (0.0, 1.0),
    height: int | None = None,
) -> go.Figure:
    """Rows of small images (e.g. originals over reconstructions) as one heatmap.

    ``rows[r]`` is (n, H, W) (or (n, 1, H, W)); tiles are separated by one blank
    pixel; values are clipped to ``zrange`` for display (ink dark on white).
    """
    imgs = [_as_images(r) for r in rows]
    n_cols = max((len(r) for r in imgs), default=0)
    if n_cols == 0:
        return base_layout(go.Figure(), title, height or 120)
    h, w = imgs[0].shape[1:]
    canvas = np.full((len(imgs) * (h + 1) - 1, n_cols * (w + 1) - 1), np.nan, np.float32)
    for r, block in enumerate(imgs):
        for c, img in enumerate(block):
            canvas[r * (h + 1) : r * (h + 1) + h, c * (w + 1) : c * (w + 1) + w] = img
    canvas = np.clip(finite(canvas), *zrange).astype(np.float32)
    fig = go.Figure(
        go.Heatmap(
            z=canvas,
            colorscale="Greys",
            zmin=zrange[0],
            zmax=zrange[1],
            showscale=False,
            hoverinfo="skip",
        )
    )
    fig.update_yaxes(
        autorange="reversed",
        tickvals=[r * (h + 1) + (h - 1) / 2 for r in range(len(imgs))],
        ticktext=list(row_names),
        scaleanchor="x",
        showgrid=False,
        zeroline=False,
    )
    fig.update_xaxes(
        tickvals=[c * (w + 1) + (w - 1) / 2 for c in range(n_cols)],
        ticktext=list(col_names) if col_names is not None else [""] * n_cols,
        showticklabels=col_names is not None,
        showgrid=False,
        zeroline=False,
    )
    per_row = max(45, min(110, 700 // max(1, n_cols)))
    return base_layout(fig, title, height or 30 + per_row * len(imgs), plot_bgcolor="white")


def code_scatter_figure(
    codes: np.ndarray,
    colour: np.ndarray,
    class_names: Sequence[str] | None,
    x_title: str,
    y_title: str,
    title: str | None = None,
    picked: tuple[float, float] | None = None,
    path: np.ndarray | None = None,
    picked_name: str = "",
    path_name: str = "",
    colour_name: str = "",
    height: int = 420,
) -> go.Figure:
    """Codes (n, 2) as points; classes → one trace each, else a continuous colour scale.

    ``picked`` marks a point whose decoding is shown; ``path`` draws an interpolation.
    """
    c2 = finite(np.asarray(codes).reshape(len(codes), -1)[:, :2])
    fig = go.Figure()
    if class_names is not None:
        lab = np.asarray(colour).astype(int)
        for k, name in enumerate(class_names):
            m = lab == k
            if m.any():
                fig.add_trace(
                    go.Scatter(
                        x=c2[m, 0],
                        y=c2[m, 1],
                        mode="markers",
                        name=name,
                        marker=dict(size=6, color=PALETTE[k % len(PALETTE)], opacity=0.75),
                    )
                )
    else:
        fig.add_trace(
            go.Scatter(
                x=c2[:, 0],
                y=c2[:, 1],
                mode="markers",
                name=colour_name,
                marker=dict(
                    size=6,
                    color=finite(colour),
                    colorscale="Viridis",
                    showscale=True,
                    colorbar=dict(title=colour_name, thickness=10),
                ),
            )
        )
    if path is not None and len(path):
        p = finite(np.asarray(path)[:, :2])
        fig.add_trace(
            go.Scatter(
                x=p[:, 0],
                y=p[:, 1],
                mode="lines+markers",
                name=path_name,
                line=dict(color="black", width=2),
                marker=dict(size=8, color="black", symbol="diamond"),
            )
        )
    if picked is not None:
        fig.add_trace(
            go.Scatter(
                x=finite([picked[0]]),
                y=finite([picked[1]]),
                mode="markers",
                name=picked_name,
                marker=dict(size=16, color="red", symbol="x"),
            )
        )
    fig.update_xaxes(title=x_title)
    fig.update_yaxes(title=y_title)
    return _layout(fig, title, height)


def code_line_figure(
    codes: np.ndarray,
    colour: np.ndarray,
    x_title: str,
    colour_name: str,
    title: str | None = None,
    height: int = 220,
) -> go.Figure:
    """A 1-D code: each example at h₁, coloured by ``colour`` (jittered vertically)."""
    h = finite(np.asarray(codes).reshape(len(codes), -1)[:, 0])
    jitter = np.random.default_rng(0).uniform(-1, 1, len(h)).astype(np.float32)
    fig = go.Figure(
        go.Scatter(
            x=h,
            y=jitter,
            mode="markers",
            name=colour_name,
            marker=dict(
                size=6,
                color=finite(colour),
                colorscale="Viridis",
                showscale=True,
                colorbar=dict(title=colour_name, thickness=10),
            ),
        )
    )
    fig.update_xaxes(title=x_title)
    fig.update_yaxes(visible=False)
    return _layout(fig, title, height)


def points_figure(
    x: np.ndarray,
    x_hat: np.ndarray | None,
    colour: np.ndarray,
    names: tuple[str, str],
    colour_name: str = "",
    title: str | None = None,
    height: int = 420,
) -> go.Figure:
    """Toy-manifold data (2-D or 3-D) coloured by ``colour`` and its reconstructions (red)."""
    x = finite(x)
    three = x.shape[1] >= 3
    scatter = go.Scatter3d if three else go.Scatter

    def coords(a: np.ndarray) -> dict:
        d = dict(x=a[:, 0], y=a[:, 1])
        if three:
            d["z"] = a[:, 2]
        return d

    size = 3 if three else 6
    fig = go.Figure(
        scatter(
            **coords(x),
            mode="markers",
            name=names[0],
            marker=dict(
                size=size,
                color=finite(colour),
                colorscale="Viridis",
                showscale=True,
                colorbar=dict(title=colour_name, thickness=10),
            ),
        )
    )
    if x_hat is not None:
        fig.add_trace(
            scatter(
                **coords(finite(x_hat)),
                mode="markers",
                name=names[1],
                marker=dict(size=size, color="#d62728", opacity=0.7),
            )
        )
    if not three:
        fig.update_yaxes(scaleanchor="x")
    return _layout(fig, title, height)


def histogram_figure(
    groups: Mapping[str, np.ndarray],
    x_title: str,
    y_title: str,
    title: str | None = None,
    bins: int = 40,
    height: int = 320,
    marks: Mapping[str, float] | None = None,
) -> go.Figure:
    """Overlaid histograms on shared bins (non-finite values dropped, top 1 % clipped).

    ``marks`` draws labelled vertical lines (a threshold, one uploaded image's score).
    """
    vals = {k: np.asarray(v, np.float64) for k, v in groups.items()}
    vals = {k: v[np.isfinite(v)] for k, v in vals.items()}
    every = np.concatenate([v for v in vals.values() if len(v)] or [np.zeros(1)])
    lo, hi = float(every.min()), float(np.quantile(every, 0.99))
    if hi <= lo:
        hi = lo + 1.0
    edges = np.linspace(lo, hi, bins + 1)
    centres = ((edges[:-1] + edges[1:]) / 2).astype(np.float32)
    fig = go.Figure()
    for i, (name, v) in enumerate(vals.items()):
        counts, _ = np.histogram(np.clip(v, lo, hi), edges)
        frac = (counts / max(1, len(v))).astype(np.float32)
        fig.add_trace(
            go.Bar(
                x=centres, y=frac, name=name, opacity=0.6, marker_color=PALETTE[i % len(PALETTE)]
            )
        )
    for name, v in (marks or {}).items():
        if np.isfinite(v):
            fig.add_vline(x=float(min(max(v, lo), hi)), line_dash="dash", annotation_text=name)
    fig.update_layout(barmode="overlay", bargap=0)
    # inside the top-right corner: in a narrow column a legend above would cover the title
    legend = dict(orientation="v", x=0.99, xanchor="right", y=0.99, yanchor="top",
                  bgcolor="rgba(255,255,255,0.7)")  # fmt: skip
    fig.update_xaxes(title=x_title)
    fig.update_yaxes(title=y_title)
    _layout(fig, title, height)
    fig.update_layout(legend=legend)
    if title:
        fig.update_layout(margin=dict(t=40))
    return fig


def pca_vs_ae_figure(
    pca_errors: np.ndarray,
    points: Mapping[str, tuple[int, float]],
    pca_name: str,
    x_title: str,
    y_title: str,
    title: str | None = None,
    height: int = 320,
) -> go.Figure:
    """PCA's error against k = 0 … K (line) with autoencoders' errors at their k (markers)."""
    ks = np.arange(len(pca_errors), dtype=np.float32)
    fig = go.Figure(
        go.Scatter(
            x=ks,
            y=finite(pca_errors),
            mode="lines+markers",
            name=pca_name,
            line=dict(color=PALETTE[0], width=2),
        )
    )
    for i, (name, (k, err)) in enumerate(points.items(), start=1):
        fig.add_trace(
            go.Scatter(
                x=finite([k]),
                y=finite([err]),
                mode="markers",
                name=name,
                marker=dict(size=14, symbol="star", color=PALETTE[i % len(PALETTE)]),
            )
        )
    fig.update_xaxes(title=x_title)
    fig.update_yaxes(title=y_title, rangemode="tozero")
    return _layout(fig, title, height)


def ae_loss_figure(
    step: np.ndarray,
    recon: np.ndarray,
    reg: np.ndarray,
    eval_step: np.ndarray,
    test_recon: np.ndarray,
    names: tuple[str, str, str],
    x_title: str,
    y_title: str,
    title: str | None = None,
    height: int = 300,
) -> go.Figure:
    """Reconstruction and regulariser (per batch) apart, and the test reconstruction error.

    The regulariser's line is left out while it is 0 (λ = 0), which a log axis cannot show.
    """
    fig = go.Figure()
    lines = [(step, recon, names[0], "solid"), (eval_step, test_recon, names[2], "dot")]
    if np.nanmax(np.abs(np.nan_to_num(np.asarray(reg, np.float64))), initial=0.0) > 0:
        lines.insert(1, (step, reg, names[1], "solid"))
    for i, (x, y, name, dash) in enumerate(lines):
        yy = finite(y)
        yy = np.where(yy > 0, yy, np.nan).astype(np.float32)
        fig.add_trace(
            go.Scatter(
                x=finite(x),
                y=yy,
                mode="lines",
                name=name,
                line=dict(color=PALETTE[i], width=2, dash=dash),
            )
        )
    fig.update_xaxes(title=x_title)
    fig.update_yaxes(title=y_title, type="log")
    return _layout(fig, title, height)
