"""Figures of the RNN chapter: pure functions, data → plotly Figure (labels passed in translated)."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dlcore.figures.common import PALETTE, base_layout, finite, level_line


def loss_compare_figure(
    curves: Mapping[str, tuple[np.ndarray, np.ndarray]],
    x_title: str,
    y_title: str,
    baseline: tuple[float, str] | None = None,
    height: int = 320,
) -> go.Figure:
    """One line per run ``name → (steps, loss)`` on a log axis; optional dashed baseline."""
    fig = go.Figure()
    for i, (name, (x, y)) in enumerate(curves.items()):
        y = finite(y)
        y = np.where(y > 0, y, np.nan).astype(np.float32)
        fig.add_trace(
            go.Scatter(
                x=finite(x), y=y, mode="lines", name=name, line=dict(color=PALETTE[i], width=2)
            )
        )
    if baseline is not None:
        level_line(fig, baseline[0], baseline[1], "#7f7f7f", log_y=True)
    fig.update_xaxes(title=x_title)
    fig.update_yaxes(title=y_title, type="log")
    return base_layout(fig, None, height)


def forecast_figure(
    window: np.ndarray, target: float, pred: float, names: tuple[str, str, str]
) -> go.Figure:
    """The input window, the true next value and the model's forecast."""
    T = len(window)
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=np.arange(T, dtype=np.float32), y=finite(window), mode="lines+markers", name=names[0]
        )
    )
    fig.add_trace(
        go.Scatter(
            x=np.array([T], np.float32),
            y=finite([target]),
            mode="markers",
            name=names[1],
            marker=dict(size=12, color="#2ca02c"),
        )
    )
    fig.add_trace(
        go.Scatter(
            x=np.array([T], np.float32),
            y=finite([pred]),
            mode="markers",
            name=names[2],
            marker=dict(size=12, symbol="x", color="#d62728"),
        )
    )
    return base_layout(fig, None, 260)


def unrolled_figure(
    T: int,
    step: int,
    values: Mapping[str, np.ndarray],
    labels: Mapping[str, str],
    texts: Mapping[str, Sequence[str]] | None = None,
    max_cols: int = 8,
) -> go.Figure:
    """The network unrolled over time: x⁽ᵗ⁾ → h⁽ᵗ⁾ → y⁽ᵗ⁾, h⁽ᵗ⁻¹⁾ → h⁽ᵗ⁾ with the same
    weights; the chosen ``step`` is highlighted and its numbers (first entries) written in.
    ``texts[key][t]`` (e.g. the character read or predicted) is shown in every box."""
    lo = min(max(0, step - max_cols // 2), max(0, T - max_cols))
    cols = list(range(lo, min(T, lo + max_cols)))
    fig = go.Figure()
    shapes, ann = [], []
    for j, t in enumerate(cols):
        on = t == step
        for row, key in ((0, "x"), (1, "h"), (2, "y")):
            colour = "#fde0c5" if on else "#eef3f8"
            shapes.append(
                dict(
                    type="rect",
                    x0=j - 0.38,
                    x1=j + 0.38,
                    y0=row - 0.25,
                    y1=row + 0.25,
                    fillcolor=colour,
                    line=dict(color="#0877bd" if on else "#9ab"),
                )
            )
            text = f"{key}<sup>({t + 1})</sup>"
            if texts and key in texts and t < len(texts[key]):
                text += f" {html.escape(texts[key][t])}"
            if on and key in values:
                v = np.asarray(values[key]).reshape(-1)[:3]
                text += "<br>" + ", ".join(f"{a:+.2f}" for a in v)
            ann.append(dict(x=j, y=row, text=text, showarrow=False, font=dict(size=13)))
        ann.append(dict(x=j, y=0.72, ax=j, ay=0.27, **_arrow()))
        ann.append(dict(x=j, y=1.72, ax=j, ay=1.27, **_arrow()))
        if j + 1 < len(cols):
            ann.append(dict(x=j + 0.62, y=1, ax=j + 0.38, ay=1, **_arrow()))
            ann.append(
                dict(x=j + 0.5, y=1.12, text="W<sub>hh</sub>", showarrow=False, font=dict(size=9))
            )
    ann.append(dict(x=-0.6, y=0.5, text="W<sub>hx</sub>", showarrow=False, font=dict(size=10)))
    ann.append(dict(x=-0.6, y=1.5, text="W<sub>yh</sub>", showarrow=False, font=dict(size=10)))
    for row, key in ((0, "x"), (1, "h"), (2, "y")):
        ann.append(
            dict(
                x=len(cols) - 0.2, y=row, text=labels.get(key, key), showarrow=False, xanchor="left"
            )
        )
    fig.update_layout(shapes=shapes, annotations=ann)
    fig.update_xaxes(visible=False, range=[-0.8, len(cols) + 1.2])
    fig.update_yaxes(visible=False, range=[-0.5, 2.5])
    return base_layout(fig, None, 380, plot_bgcolor="white")


def _arrow() -> dict:
    return dict(
        xref="x", yref="y", axref="x", ayref="y", showarrow=True, arrowhead=2, arrowwidth=1.2,
        arrowcolor="#555", text="",
    )  # fmt: skip


def gate_heatmaps(
    traces: Mapping[str, np.ndarray],
    titles: Mapping[str, str],
    x_labels: Sequence[str] | None,
    unit_title: str,
    max_units: int = 32,
) -> go.Figure:
    """One heatmap (unit × time) per quantity: gates in [0, 1], C̃ / h in [−1, 1], C free."""
    names = list(traces)
    fig = make_subplots(
        rows=len(names),
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.03,
        subplot_titles=[titles.get(n, n) for n in names],
    )
    for r, n in enumerate(names, start=1):
        z = finite(np.asarray(traces[n])[:, :max_units].T)
        gate = n in ("f", "i", "o", "r", "z")
        lim = 1.0 if n != "C" else float(np.nanmax(np.abs(z))) if np.isfinite(z).any() else 1.0
        fig.add_trace(
            go.Heatmap(
                z=z,
                x=np.arange(z.shape[1]),
                zmin=0.0 if gate else -lim,
                zmax=1.0 if gate else lim,
                colorscale="Viridis" if gate else "RdBu",
                reversescale=not gate,
                showscale=False,
                hovertemplate="t=%{x}, unit %{y}: %{z:.3f}<extra></extra>",
            ),
            row=r,
            col=1,
        )
        fig.update_yaxes(title=unit_title if r == 1 else None, row=r, col=1)
    if x_labels is not None:
        fig.update_xaxes(
            tickvals=np.arange(len(x_labels)),
            ticktext=[c if c.strip() else "␣" for c in x_labels],
            row=len(names),
            col=1,
        )
    return base_layout(fig, None, 150 * len(names) + 40)


def char_colour_html(
    chars: Sequence[str], values: np.ndarray, span: tuple[int, int] | None = None
) -> str:
    """Karpathy-style: each character on a background from blue (−1) through white to red (+1)."""
    v = np.clip(np.nan_to_num(np.asarray(values, np.float64)), -1, 1)
    parts = []
    for k, (c, a) in enumerate(zip(chars, v, strict=False)):
        if a >= 0:
            rgb = (255, int(255 * (1 - a)), int(255 * (1 - a)))
        else:
            rgb = (int(255 * (1 + a)), int(255 * (1 + a)), 255)
        border = ";outline:2px solid #333" if span and span[0] <= k < span[1] else ""
        ch = "␣" if c == " " else "⏎" if c == "\n" else html.escape(c)
        parts.append(
            f'<span title="{a:+.2f}" style="background:rgb{rgb};padding:1px 0{border}">{ch}</span>'
        )
    return (
        '<div style="font-family:monospace;font-size:1.05rem;line-height:1.9;'
        'word-wrap:break-word">' + "".join(parts) + "</div>"
    )


def span_cells(
    h: np.ndarray, span: tuple[int, int], top: int = 5, threshold: float = 0.3
) -> tuple[np.ndarray, np.ndarray]:
    """LSTMVis-style: cells that are "on" across the span [a, b) and "off" elsewhere.

    Each cell is scaled by its largest |activation|; "on" means above ``threshold``.
    Score = fraction of the span where the cell is on − fraction of the rest where it
    is on (ties broken by the mean scaled activation in the span). Returns (ids, scores).
    """
    a, b = span
    z = h / np.maximum(np.abs(h).max(0, keepdims=True), 1e-12)
    on = z > threshold
    mask = np.zeros(len(h), bool)
    mask[a:b] = True
    inside = on[mask].mean(0) if mask.any() else np.zeros(h.shape[1])
    outside = on[~mask].mean(0) if (~mask).any() else np.zeros(h.shape[1])
    score = inside - outside + 0.01 * (z[mask].mean(0) if mask.any() else 0.0)
    order = np.argsort(-score)[:top]
    return order, score[order]


def cell_traces_figure(
    h: np.ndarray, cells: Sequence[int], span: tuple[int, int], x_title: str, name: str
) -> go.Figure:
    fig = go.Figure()
    t = np.arange(len(h), dtype=np.float32)
    for i, c in enumerate(cells):
        fig.add_trace(
            go.Scatter(
                x=t,
                y=finite(h[:, c]),
                mode="lines",
                name=f"{name} {c}",
                line=dict(color=PALETTE[i]),
            )
        )
    fig.add_vrect(
        x0=span[0] - 0.5, x1=span[1] - 0.5, fillcolor="#fde0c5", opacity=0.5, line_width=0
    )
    fig.update_xaxes(title=x_title)
    return base_layout(fig, None, 260)


def grad_time_figure(
    curves: Mapping[str, np.ndarray], x_title: str, y_title: str, height: int = 340
) -> go.Figure:
    """‖∂L/∂h⁽ᵗ⁾‖ against t on a log axis, one line per model."""
    fig = go.Figure()
    for i, (name, g) in enumerate(curves.items()):
        y = finite(g)
        y = np.where(y > 0, y, np.nan).astype(np.float32)
        fig.add_trace(
            go.Scatter(
                x=np.arange(1, len(y) + 1, dtype=np.float32),
                y=y,
                mode="lines+markers",
                name=name,
                line=dict(color=PALETTE[i]),
            )
        )
    fig.update_xaxes(title=x_title)
    fig.update_yaxes(title=y_title, type="log", exponentformat="power")
    return base_layout(fig, None, height)


def eigen_figure(
    eigs: Mapping[str, np.ndarray], radius: float | None, circle_names: tuple[str, str]
) -> go.Figure:
    """Eigenvalues of W_hh on the complex plane, the unit circle and the chosen radius."""
    fig = go.Figure()
    th = np.linspace(0, 2 * np.pi, 181)
    fig.add_trace(
        go.Scatter(
            x=np.cos(th).astype(np.float32), y=np.sin(th).astype(np.float32), mode="lines",
            name=circle_names[0], line=dict(color="#333", dash="dash"),
        )
    )  # fmt: skip
    if radius:
        fig.add_trace(
            go.Scatter(
                x=(radius * np.cos(th)).astype(np.float32), y=(radius * np.sin(th)).astype(np.float32),
                mode="lines", name=circle_names[1], line=dict(color="#f59322", dash="dot"),
            )
        )  # fmt: skip
    for i, (name, e) in enumerate(eigs.items()):
        fig.add_trace(
            go.Scatter(
                x=finite(np.real(e)), y=finite(np.imag(e)), mode="markers", name=name,
                marker=dict(color=PALETTE[i], size=7),
            )
        )  # fmt: skip
    fig.update_yaxes(scaleanchor="x", scaleratio=1, title="Im λ")
    fig.update_xaxes(title="Re λ")
    return base_layout(fig, None, 380)


def clip_figure(
    steps: np.ndarray,
    norms: np.ndarray,
    clip: float,
    names: tuple[str, str, str],
    x_title: str = "",
    y_title: str = "",
) -> go.Figure:
    """Gradient norm before clipping against step, and the norm actually applied (≤ clip)."""
    y = finite(norms)
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=finite(steps), y=y, mode="lines", name=names[0]))
    if clip > 0:
        fig.add_trace(
            go.Scatter(
                x=finite(steps),
                y=np.minimum(y, clip).astype(np.float32),
                mode="lines",
                name=names[1],
                line=dict(color="#2ca02c"),
            )
        )
        level_line(fig, clip, names[2], "#d62728", log_y=True)
    fig.update_yaxes(type="log", title=y_title)
    fig.update_xaxes(title=x_title)
    return base_layout(fig, None, 260)
