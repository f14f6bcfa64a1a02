"""Figures of the history chapter and of the neuron pages: pure data → ``go.Figure``.

Labels arrive translated; arrays go to Plotly as float32 with NaN for anything
non-finite (``finite``), so no figure can carry NaN/inf into a chart as a number.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from dlcore.figures.common import NEG, PALETTE, POS, base_layout, finite

F32 = np.float32
# light fills for the two half-planes (orange = class 0 / −1, blue = class 1 / +1)
_FILL = [[0.0, "#fbd6ad"], [0.5, "#f4f4f4"], [1.0, "#b5d7ee"]]


def _clip(a: np.ndarray, lim: float = 1e6) -> np.ndarray:
    """float32, non-finite → NaN, and magnitudes capped so plot ranges stay sane."""
    f = finite(a)
    return np.clip(f, -lim, lim).astype(F32)


def line_in_box(
    w: Sequence[float], b: float, lo: float, hi: float
) -> tuple[np.ndarray, np.ndarray]:
    """The segment of {x : w₁x₁ + w₂x₂ + b = 0} inside [lo, hi]² (empty arrays if none)."""
    w1, w2 = float(w[0]), float(w[1])
    pts: list[tuple[float, float]] = []
    if (
        not (np.isfinite(w1) and np.isfinite(w2) and np.isfinite(b))
        or max(abs(w1), abs(w2)) < 1e-12
    ):
        return np.zeros(0, F32), np.zeros(0, F32)
    if abs(w2) > 1e-12:
        for x in (lo, hi):
            y = -(w1 * x + b) / w2
            if lo - 1e-9 <= y <= hi + 1e-9:
                pts.append((x, y))
    if abs(w1) > 1e-12:
        for y in (lo, hi):
            x = -(w2 * y + b) / w1
            if lo - 1e-9 <= x <= hi + 1e-9:
                pts.append((x, y))
    uniq: list[tuple[float, float]] = []
    for p in pts:
        if all(abs(p[0] - q[0]) + abs(p[1] - q[1]) > 1e-9 for q in uniq):
            uniq.append(p)
    if len(uniq) < 2:
        return np.zeros(0, F32), np.zeros(0, F32)
    uniq = uniq[:2]
    return np.array([p[0] for p in uniq], F32), np.array([p[1] for p in uniq], F32)


# -- timeline and GLUE ---------------------------------------------------------------------------


def timeline_figure(
    years: Sequence[int],
    tracks: Sequence[int],
    titles: Sequence[str],
    whos: Sequence[str],
    ids: Sequence[str],
    track_labels: Sequence[str],
    selected: str | None = None,
    height: int = 420,
) -> go.Figure:
    """Milestones as dots: year on x, one row per track; the selected one ringed.

    ``customdata`` carries each milestone's id so a chart selection can name it.
    """
    years_a = np.asarray(years, F32)
    rows = np.asarray(tracks, F32)
    fig = go.Figure()
    for k, label in enumerate(track_labels):
        m = np.flatnonzero(rows == k)
        if len(m) == 0:
            continue
        # alternate label positions so neighbouring years do not overlap
        # late dots put their label to the left so it stays inside the plot
        pos = [
            ("top" if j % 2 == 0 else "bottom") + (" left" if years[i] >= 2008 else " center")
            for j, i in enumerate(m)
        ]
        fig.add_trace(
            go.Scatter(
                x=years_a[m],
                y=rows[m],
                mode="markers+text",
                name=label,
                text=[f"{years[i]} · {titles[i]}" for i in m],
                textposition=pos,
                textfont=dict(size=11),
                customdata=np.asarray([ids[i] for i in m], dtype=object),
                hovertext=[f"<b>{years[i]} · {titles[i]}</b><br>{whos[i]}" for i in m],
                hoverinfo="text",
                marker=dict(
                    size=16, color=PALETTE[k % len(PALETTE)], line=dict(width=1, color="white")
                ),
            )
        )
    if selected is not None and selected in ids:
        i = list(ids).index(selected)
        fig.add_trace(
            go.Scatter(
                x=years_a[i : i + 1],
                y=rows[i : i + 1],
                mode="markers",
                marker=dict(size=28, color="rgba(0,0,0,0)", line=dict(width=3, color="#d62728")),
                hoverinfo="skip",
                showlegend=False,
            )
        )
    fig.update_yaxes(
        tickvals=np.arange(len(track_labels), dtype=F32),
        ticktext=list(track_labels),
        range=[-0.7, len(track_labels) - 0.3],
        showgrid=False,
    )
    fig.update_xaxes(range=[1928, 2024], tickvals=np.arange(1940, 2021, 10, dtype=F32), title=None)
    base_layout(fig, None, height, showlegend=False, clickmode="event+select", dragmode="pan")
    return fig


def glue_bar_figure(
    tasks: Sequence[str],
    systems: Sequence[str],
    scores: np.ndarray,
    sizes: Sequence[str],
    y_title: str = "",
    height: int = 380,
) -> go.Figure:
    """Grouped bars: one group per task (x label with its training-set size), one bar per system."""
    ticks = [f"{t}<br>{s}" for t, s in zip(tasks, sizes, strict=True)]
    fig = go.Figure()
    for i, s in enumerate(systems):
        fig.add_trace(
            go.Bar(
                x=ticks,
                y=_clip(scores[i]),
                name=s,
                marker_color=PALETTE[i % len(PALETTE)],
                hovertemplate=f"{s}<br>%{{x}}: %{{y:.1f}}<extra></extra>",
            )
        )
    fig.update_layout(barmode="group")
    fig.update_yaxes(title=y_title, range=[0, 100])
    return base_layout(fig, None, height)


def glue_heatmap_figure(
    tasks: Sequence[str],
    systems: Sequence[str],
    scores: np.ndarray,
    sizes: Sequence[str],
    height: int = 300,
) -> go.Figure:
    """Systems × tasks heatmap with the score printed in each cell."""
    z = _clip(scores)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[f"{t}<br>{s}" for t, s in zip(tasks, sizes, strict=True)],
            y=list(systems),
            colorscale="Blues",
            zmin=30,
            zmax=100,
            text=np.char.mod("%.1f", z.astype(np.float64)),
            texttemplate="%{text}",
            hovertemplate="%{y}<br>%{x}: %{z:.1f}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    return base_layout(fig, None, height)


# -- McCulloch–Pitts -----------------------------------------------------------------------------


def mp_figure(
    inputs: np.ndarray,
    targets: np.ndarray,
    outputs: np.ndarray,
    w: Sequence[float],
    theta: float,
    labels: Mapping[str, str],
    height: int = 360,
) -> go.Figure:
    """The binary inputs on the unit square, the region where the unit fires (Σwᵢxᵢ ≥ θ) shaded,
    the line Σwᵢxᵢ = θ, and each row marked ✓ / ✗ (one-input gates sit on x₂ = 0).

    ``labels``: ``fire``, ``quiet``, ``target1``, ``target0``, ``x1``, ``x2``.
    """
    x = np.asarray(inputs, np.float64)
    if x.shape[1] == 1:
        x = np.hstack([x, np.zeros((len(x), 1))])
    w2 = (list(w) + [0.0])[:2]
    g = np.linspace(-0.5, 1.5, 81)
    gx, gy = np.meshgrid(g, g)
    fire = (w2[0] * gx + w2[1] * gy >= theta).astype(F32)
    fig = go.Figure(
        go.Heatmap(
            x=g.astype(F32),
            y=g.astype(F32),
            z=fire,
            zmin=0,
            zmax=1,
            colorscale=_FILL,
            showscale=False,
            hoverinfo="skip",
        )
    )
    lx, ly = line_in_box(w2, -theta, -0.5, 1.5)
    if len(lx):
        fig.add_trace(
            go.Scatter(
                x=lx,
                y=ly,
                mode="lines",
                line=dict(color="#333", width=2, dash="dash"),
                hoverinfo="skip",
                showlegend=False,
            )
        )
    t = np.asarray(targets)
    ok = np.asarray(outputs) == t
    for cls, color, name in ((1, POS, labels["target1"]), (0, NEG, labels["target0"])):
        m = t == cls
        fig.add_trace(
            go.Scatter(
                x=x[m, 0].astype(F32),
                y=x[m, 1].astype(F32),
                mode="markers+text",
                name=name,
                text=["✓" if o else "✗" for o in ok[m]],
                textposition="top right",
                textfont=dict(size=18, color=["#2ca02c" if o else "#d62728" for o in ok[m]]),
                marker=dict(size=22, color=color, line=dict(width=2, color="white")),
            )
        )
    fig.update_xaxes(range=[-0.5, 1.5], title=labels["x1"], dtick=1, zeroline=False)
    fig.update_yaxes(
        range=[-0.5, 1.5],
        title=labels["x2"],
        dtick=1,
        zeroline=False,
        scaleanchor="x",
        scaleratio=1,
    )
    return base_layout(fig, None, height)


def grid_search_figure(
    grid: np.ndarray,
    best_over_theta: np.ndarray,
    rows: int,
    labels: Mapping[str, str],
    height: int = 360,
) -> go.Figure:
    """(w₁, w₂) → the most truth-table rows any θ gets right (XOR: never all of them)."""
    g = np.asarray(grid, F32)
    fig = go.Figure(
        go.Heatmap(
            x=g,
            y=g,
            z=np.asarray(best_over_theta, F32).T,
            zmin=0,
            zmax=rows,
            colorscale="Viridis",
            colorbar=dict(title=labels["correct"]),
            hovertemplate=f"w₁=%{{x}}<br>w₂=%{{y}}<br>{labels['correct']}: %{{z}}<extra></extra>",
        )
    )
    fig.update_xaxes(title="w₁")
    fig.update_yaxes(title="w₂", scaleanchor="x", scaleratio=1)
    return base_layout(fig, labels.get("title"), height)


# -- perceptron ----------------------------------------------------------------------------------


def perceptron_figure(
    x: np.ndarray,
    y: np.ndarray,
    w: Sequence[float],
    b: float,
    labels: Mapping[str, str],
    current: int | None = None,
    prev: tuple[Sequence[float], float] | None = None,
    lim: float = 1.3,
    height: int = 440,
) -> go.Figure:
    """Points (±1), the half-planes of sign(w·x + b), the boundary, the vector w, the current
    sample ringed, and the boundary before the last update dashed (``prev``).

    ``labels``: ``pos``, ``neg``, ``boundary``, ``before``, ``w``, ``current``.
    """
    x = np.asarray(x, np.float64)
    y = np.asarray(y)
    wv = np.nan_to_num(np.asarray(w, np.float64), nan=0.0, posinf=0.0, neginf=0.0)
    b = float(np.nan_to_num(b))
    g = np.linspace(-lim, lim, 61)
    gx, gy = np.meshgrid(g, g)
    side = np.sign(wv[0] * gx + wv[1] * gy + b) * 0.5 + 0.5
    fig = go.Figure(
        go.Heatmap(
            x=g.astype(F32),
            y=g.astype(F32),
            z=side.astype(F32),
            zmin=0,
            zmax=1,
            colorscale=_FILL,
            showscale=False,
            hoverinfo="skip",
            opacity=0.8,
        )
    )
    if prev is not None:
        px, py = line_in_box(prev[0], prev[1], -lim, lim)
        if len(px):
            fig.add_trace(
                go.Scatter(
                    x=px,
                    y=py,
                    mode="lines",
                    name=labels["before"],
                    line=dict(color="#888", width=2, dash="dot"),
                )
            )
    lx, ly = line_in_box(wv, b, -lim, lim)
    if len(lx):
        fig.add_trace(
            go.Scatter(
                x=lx, y=ly, mode="lines", name=labels["boundary"], line=dict(color="#222", width=3)
            )
        )
    for cls, color, name in ((1, POS, labels["pos"]), (-1, NEG, labels["neg"])):
        m = y == cls
        fig.add_trace(
            go.Scatter(
                x=x[m, 0].astype(F32),
                y=x[m, 1].astype(F32),
                mode="markers",
                name=name,
                marker=dict(size=9, color=color, line=dict(width=1, color="white")),
            )
        )
    if current is not None and 0 <= current < len(x):
        fig.add_trace(
            go.Scatter(
                x=x[current : current + 1, 0].astype(F32),
                y=x[current : current + 1, 1].astype(F32),
                mode="markers",
                name=labels["current"],
                marker=dict(size=22, color="rgba(0,0,0,0)", line=dict(width=3, color="#d62728")),
            )
        )
    norm = float(np.hypot(*wv))
    if norm > 1e-12:
        # w drawn from the boundary point nearest the origin, scaled to a readable length
        foot = -b * wv / norm**2
        foot = np.clip(foot, -lim, lim)
        tip = foot + 0.5 * wv / norm
        fig.add_annotation(
            x=float(tip[0]),
            y=float(tip[1]),
            ax=float(foot[0]),
            ay=float(foot[1]),
            xref="x",
            yref="y",
            axref="x",
            ayref="y",
            showarrow=True,
            arrowhead=3,
            arrowsize=1.3,
            arrowwidth=2.5,
            arrowcolor="#d62728",
            text=labels["w"],
            font=dict(color="#d62728", size=14),
        )
    fig.update_xaxes(range=[-lim, lim], title="x₁", zeroline=False)
    fig.update_yaxes(range=[-lim, lim], title="x₂", zeroline=False, scaleanchor="x", scaleratio=1)
    return base_layout(fig, None, height)


def mistakes_figure(
    mistakes: Sequence[int], x_title: str = "", y_title: str = "", height: int = 260
) -> go.Figure:
    """Mistakes per finished epoch as bars (zero means converged)."""
    m = np.asarray(mistakes, F32)
    ep = np.arange(1, len(m) + 1, dtype=F32)
    fig = go.Figure(go.Bar(x=ep, y=m, marker_color=np.where(m == 0, "#2ca02c", PALETTE[3])))
    fig.update_xaxes(title=x_title, range=[0.4, max(5, len(m)) + 0.6])
    fig.update_yaxes(title=y_title, rangemode="tozero")
    return base_layout(fig, None, height)


# -- artificial neuron, activations, losses ----------------------------------------------------


def neuron_figure(
    grid: np.ndarray,
    out: np.ndarray,
    point: tuple[float, float] | None,
    labels: Mapping[str, str],
    zrange: tuple[float, float] | None = None,
    height: int = 420,
) -> go.Figure:
    """The neuron's output f(w·x + b) over the input plane as a heatmap with contours."""
    g = np.asarray(grid, F32)
    z = _clip(out)
    lo, hi = (float(np.nanmin(z)), float(np.nanmax(z))) if zrange is None else zrange
    if not np.isfinite(lo) or not np.isfinite(hi):
        lo, hi = -1.0, 1.0
    if hi - lo < 1e-9:
        lo, hi = lo - 0.5, hi + 0.5
    fig = go.Figure(
        go.Contour(
            x=g,
            y=g,
            z=z,
            zmin=lo,
            zmax=hi,
            colorscale="RdBu",
            reversescale=False,
            contours=dict(showlines=True, coloring="heatmap"),
            line=dict(width=0.5),
            colorbar=dict(title=labels["out"]),
            hovertemplate="x₁=%{x:.2f}<br>x₂=%{y:.2f}<br>a=%{z:.3f}<extra></extra>",
        )
    )
    if point is not None:
        fig.add_trace(
            go.Scatter(
                x=np.asarray([point[0]], F32),
                y=np.asarray([point[1]], F32),
                mode="markers",
                name=labels["point"],
                marker=dict(size=14, color="#ffdd00", line=dict(width=2, color="#222")),
            )
        )
    fig.update_xaxes(title="x₁", range=[float(g[0]), float(g[-1])])
    fig.update_yaxes(title="x₂", range=[float(g[0]), float(g[-1])], scaleanchor="x", scaleratio=1)
    return base_layout(fig, None, height, showlegend=False)


def activation_figure(
    z: np.ndarray,
    f: np.ndarray,
    df: np.ndarray,
    intervals: Sequence[tuple[float, float]],
    labels: Mapping[str, str],
    title: str | None = None,
    height: int = 300,
) -> go.Figure:
    """f(z) solid, f'(z) dashed, saturation regions (|f'| small) shaded grey."""
    zz = _clip(z)
    fig = go.Figure()
    for lo, hi in intervals:
        fig.add_vrect(x0=lo, x1=hi, fillcolor="#999", opacity=0.18, line_width=0)
    fig.add_trace(
        go.Scatter(
            x=zz, y=_clip(f), mode="lines", name=labels["f"], line=dict(color=PALETTE[0], width=3)
        )
    )
    fig.add_trace(
        go.Scatter(
            x=zz,
            y=_clip(df),
            mode="lines",
            name=labels["df"],
            line=dict(color=PALETTE[1], width=2, dash="dash"),
        )
    )
    if intervals:  # a legend entry for the shading
        fig.add_trace(
            go.Scatter(
                x=zz[:1],
                y=np.full(1, np.nan, F32),
                mode="markers",
                name=labels["sat"],
                marker=dict(symbol="square", size=12, color="rgba(150,150,150,0.45)"),
            )
        )
    fig.update_xaxes(title="z", zeroline=True)
    fig.update_yaxes(zeroline=True)
    return base_layout(fig, title, height)


def loss_curves_figure(
    p: np.ndarray,
    series: Mapping[str, np.ndarray],
    x_title: str = "",
    y_title: str = "",
    marker: float | None = None,
    y_range: tuple[float, float] | None = None,
    height: int = 320,
) -> go.Figure:
    """Curves against the predicted probability of the true class; a vertical line at ``marker``."""
    fig = go.Figure()
    pp = _clip(p)
    for i, (name, ys) in enumerate(series.items()):
        fig.add_trace(
            go.Scatter(
                x=pp,
                y=_clip(ys),
                mode="lines",
                name=name,
                line=dict(color=PALETTE[(3, 0, 1, 2)[i % 4]], width=3),
            )
        )
    if marker is not None and np.isfinite(marker):
        fig.add_vline(x=float(marker), line=dict(color="#555", width=1, dash="dot"))
    fig.update_xaxes(title=x_title, range=[0, 1])
    fig.update_yaxes(title=y_title)
    if y_range is not None:
        fig.update_yaxes(range=list(y_range))
    return base_layout(fig, None, height)


def softmax_figure(
    classes: Sequence[str],
    probs: np.ndarray,
    grad: np.ndarray | None,
    labels: Mapping[str, str],
    true_class: int | None = None,
    height: int = 320,
) -> go.Figure:
    """Probabilities zⱼ as bars (the true class outlined) and, if given, ∂ℓ/∂aⱼ as a second bar set."""
    p = _clip(probs)
    widths = [3 if i == true_class else 0 for i in range(len(p))]
    fig = go.Figure(
        go.Bar(
            x=list(classes),
            y=p,
            name=labels["prob"],
            marker_color=PALETTE[0],
            marker_line=dict(width=widths, color="#d62728"),
            text=np.char.mod("%.3f", np.nan_to_num(p).astype(np.float64)),
            textposition="outside",
        )
    )
    if grad is not None:
        fig.add_trace(
            go.Bar(x=list(classes), y=_clip(grad), name=labels["grad"], marker_color=PALETTE[1])
        )
    fig.update_layout(barmode="group")
    lo = min(0.0, float(np.nanmin(_clip(grad)))) - 0.1 if grad is not None and len(grad) else 0.0
    fig.update_yaxes(range=[lo, 1.15])
    return base_layout(fig, None, height)


def overlay_figure(
    x: np.ndarray,
    series: Mapping[str, np.ndarray],
    x_title: str = "",
    y_title: str = "",
    height: int = 320,
) -> go.Figure:
    """Several curves on one axis (e.g. every chosen activation's derivative f′(z))."""
    fig = go.Figure()
    xx = _clip(x)
    for i, (name, ys) in enumerate(series.items()):
        fig.add_trace(
            go.Scatter(
                x=xx,
                y=_clip(ys),
                mode="lines",
                name=name,
                line=dict(color=PALETTE[i % len(PALETTE)], width=2),
            )
        )
    fig.update_xaxes(title=x_title)
    fig.update_yaxes(title=y_title)
    return base_layout(fig, None, height)
