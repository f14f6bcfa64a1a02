"""Figures every training page shares: loss / accuracy curves and per-layer gradient norms."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

PALETTE = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
)
# Diverging colours of TF Playground: orange negative, blue positive.
NEG, POS = "#f59322", "#0877bd"


def finite(a: np.ndarray | Sequence[float]) -> np.ndarray:
    """float32 copy with ±inf and NaN replaced by NaN (Plotly draws gaps), never overflow."""
    arr = np.asarray(a, dtype=np.float64)
    arr = np.where(np.isfinite(arr) & (np.abs(arr) < 3e38), arr, np.nan)
    return arr.astype(np.float32)


def base_layout(fig: go.Figure, title: str | None = None, height: int = 320, **kw) -> go.Figure:
    fig.update_layout(
        title=title,
        height=height,
        margin=dict(l=10, r=10, t=40 if title else 10, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0),
        **kw,
    )
    return fig


def loss_figure(
    x: np.ndarray,
    series: Mapping[str, np.ndarray],
    title: str | None = None,
    x_title: str = "",
    y_title: str = "",
    log_y: bool = True,
    y_range: tuple[float, float] | None = None,
    height: int = 300,
) -> go.Figure:
    """Lines ``series[name]`` against ``x`` (e.g. train / test loss against step).

    A log axis cannot show zero: when a series reaches 0 or below (a run that starts
    at the minimum, a loss that is exactly 0), the axis falls back to linear.
    """
    fig = go.Figure()
    xs = finite(x)
    if log_y:
        vals = [np.asarray(v, np.float64) for v in series.values()]
        log_y = not any(bool(np.any(v[np.isfinite(v)] <= 0)) for v in vals)
    for i, (name, ys) in enumerate(series.items()):
        y = finite(ys)
        if log_y:
            y = np.where(y > 0, y, np.nan).astype(np.float32)
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=y,
                mode="lines" if len(xs) > 1 else "markers",  # one point: a dot, not nothing
                name=name,
                line=dict(color=PALETTE[i % len(PALETTE)], width=2),
            )
        )
    fig.update_xaxes(title=x_title)
    fig.update_yaxes(title=y_title, type="log" if log_y else "linear")
    if y_range is not None:
        fig.update_yaxes(range=list(y_range))
    return base_layout(fig, title, height)


def grad_norm_figure(
    x: np.ndarray,
    norms: Mapping[str, np.ndarray],
    title: str | None = None,
    x_title: str = "",
    y_title: str = "",
    height: int = 300,
) -> go.Figure:
    """Per-layer ‖∂L/∂W‖ over time on a log axis, first layer darkest.

    Shared by the feedforward, training and other pages (one figure, one meaning).
    """
    fig = go.Figure()
    names = list(norms)
    n = max(1, len(names) - 1)
    for i, name in enumerate(names):
        y = finite(norms[name])
        y = np.where(y > 0, y, np.nan).astype(np.float32)
        shade = int(40 + 170 * i / n)
        fig.add_trace(
            go.Scatter(
                x=finite(x),
                y=y,
                mode="lines",
                name=name,
                line=dict(color=f"rgb({shade // 3},{shade // 2 + 40},{shade})", width=2),
            )
        )
    fig.update_xaxes(title=x_title)
    # norms span many decades: 10⁻¹² reads better than SI prefixes (1p)
    fig.update_yaxes(title=y_title, type="log", exponentformat="power")
    return base_layout(fig, title, height)


def layer_bar_figure(
    values: Mapping[str, float],
    title: str | None = None,
    y_title: str = "",
    log_y: bool = True,
    height: int = 300,
    reference: Mapping[str, float] | None = None,
    legend: tuple[str, str] = ("", ""),
) -> go.Figure:
    """One bar per layer (e.g. gradient norm at initialisation), input → output left → right.

    ``reference`` (e.g. the same norms at initialisation) is drawn as markers over the
    bars; ``legend`` names (bars, markers) then.
    """
    names = list(values)
    v = finite([values[k] for k in names])
    fig = go.Figure(go.Bar(x=names, y=v, marker_color=PALETTE[0], name=legend[0]))
    if reference is not None:
        r = finite([reference.get(k, np.nan) for k in names])
        fig.add_trace(
            go.Scatter(
                x=names,
                y=r,
                mode="markers",
                name=legend[1],
                marker=dict(symbol="diamond", size=10, color=PALETTE[1]),
            )
        )
    fig.update_yaxes(title=y_title, type="log" if log_y else "linear")
    if log_y:
        fig.update_yaxes(exponentformat="power")
    return base_layout(fig, title, height)
