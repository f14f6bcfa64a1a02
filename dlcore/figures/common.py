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


def _axes(fig: go.Figure) -> list[tuple[str, object]]:
    """(name, axis) for every cartesian axis of ``fig`` (xaxis, yaxis2, …)."""
    lay = fig.layout
    return [
        (k, lay[k])
        for k in lay
        if (k.startswith("xaxis") or k.startswith("yaxis")) and lay[k] is not None
    ]


def _trace_values(fig: go.Figure, axis_name: str) -> np.ndarray:
    """The finite positive values the traces on ``axis_name`` (e.g. "yaxis2") draw."""
    letter, suffix = axis_name[0], axis_name[5:]
    ref = letter + suffix
    out = []
    for tr in fig.data:
        if (getattr(tr, f"{letter}axis", None) or letter) != ref:
            continue
        v = getattr(tr, letter, None)
        if v is None:
            continue
        try:
            a = np.asarray(v, dtype=np.float64).ravel()
        except (TypeError, ValueError):  # category labels
            continue
        out.append(a[np.isfinite(a) & (a > 0)])
    return np.concatenate(out) if out else np.zeros(0)


def _plain(v: float) -> str:
    """0.002, 0.5, 20 — or 2×10⁻⁵ beyond what reads as a plain number."""
    if 1e-3 <= v < 1e4:
        return f"{v:g}"
    m, e = f"{v:.0e}".split("e")
    sup = str(int(e)).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
    return f"10{sup}" if m == "1" else f"{m}×10{sup}"


# 1-2-5 ticks from 10⁻¹⁵ to 10¹⁵, for log axes that span less than a decade (plotly
# shows only those inside the range, so they stay right while a live chart extends)
_STEPS_125 = np.array([m * 10.0**e for e in range(-15, 16) for m in (1, 2, 5)])
_STEPS_125_TEXT = [_plain(float(v)) for v in _STEPS_125]


def readable_axes(fig: go.Figure) -> go.Figure:
    """Number formats a lecture hall reads right, on every axis and colour bar of ``fig``.

    Plotly's default ``exponentformat`` ("B") writes SI prefixes: a loss of 1e-4 reads
    "100µ", a gradient "10n". Every axis and colour bar gets ``"power"`` (10⁻⁴) instead.
    A log axis that spans a decade or more labels its decades only (``dtick=1``: 1, 0.1,
    0.01, 10⁻³ …; plotly's "2 … 9" minor labels between them read as values); one that
    spans less (a loss between 0.2 and 0.9, where there may be no power of ten to label)
    gets 1-2-5 ticks written in full: 0.2, 0.5, 1. Called by
    ``base_layout`` and by every figure builder that does not go through it.
    """
    for name, ax in _axes(fig):
        if ax.exponentformat is None:
            ax.exponentformat = "power"
        if ax.type != "log":
            continue
        ax.showexponent = "all"
        if ax.tickvals is not None or ax.dtick is not None:
            continue
        v = _trace_values(fig, name)
        if ax.range is not None:
            lo, hi = float(ax.range[0]), float(ax.range[1])
        else:
            lo, hi = (np.log10(v.min()), np.log10(v.max())) if v.size else (0.0, 0.0)
        if abs(hi - lo) >= 1.0:  # a decade or more: label the decades only
            ax.dtick = 1
        else:  # inside one decade there may be no power of ten to label: 0.2, 0.5, 1
            ax.update(tickvals=_STEPS_125, ticktext=_STEPS_125_TEXT)
    # only colour bars that are drawn: touching ``marker.colorbar`` of a scatter makes
    # plotly.js draw a stray one
    for tr in fig.data:
        holders = []
        if "colorbar" in tr and tr.showscale is not False:  # heatmap, contour: shown by default
            holders.append(tr)
        marker = tr.marker if "marker" in tr else None
        if marker is not None and "colorbar" in marker and marker.showscale:  # opt-in
            holders.append(marker)
        for h in holders:
            if h.colorbar.exponentformat is None:
                h.colorbar.exponentformat = "power"
    return fig


def level_line(fig: go.Figure, y: float, text: str, color: str, log_y: bool) -> go.Figure:
    """A dashed horizontal line at ``y`` labelled just above its right end.

    ``add_hline(annotation_text=…)`` puts the label at ``y`` in axis units, which on a
    log axis are log₁₀ units: a line at 1.0 got its label at 10, far above the line.
    """
    fig.add_hline(y=y, line_dash="dash", line_color=color)
    if text:
        ya = float(np.log10(y)) if log_y and y > 0 else float(y)
        fig.add_annotation(
            x=1, xref="x domain", y=ya, yref="y", text=text, showarrow=False,
            xanchor="right", yanchor="bottom", font=dict(color=color),
        )  # fmt: skip
    return fig


def title_room(fig: go.Figure) -> int:
    """Pixels above the plot area that the top row's subplot titles need.

    ``make_subplots`` titles (and ``grid_figure``'s) are paper annotations anchored at
    their bottom on the top edge of the plot area: with a 10 px margin they were cut in half.
    """
    need = 0
    for a in fig.layout.annotations:
        if a.yref == "paper" and a.yanchor == "bottom" and (a.y or 0) >= 0.999 and a.text:
            size = (a.font.size if a.font is not None else None) or 16
            lines = str(a.text).count("<br>") + 1
            need = max(need, int(lines * size * 1.4) + 8)
    return need


def base_layout(fig: go.Figure, title: str | None = None, height: int = 320, **kw) -> go.Figure:
    fig.update_layout(
        title=title,
        height=height,
        margin=dict(l=10, r=10, t=40 if title else 10, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0),
        **kw,
    )
    top = title_room(fig)
    if top > fig.layout.margin.t:
        fig.update_layout(margin=dict(t=top))
    return readable_axes(fig)


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
    fig.update_yaxes(title=y_title, type="log")
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
    return base_layout(fig, title, height)
