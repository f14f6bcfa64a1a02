"""GAN figures: real vs generated points, D(x) over the plane, the generator's push, losses.

Pure functions of float32 arrays (see :class:`dlcore.gan.Frame`); labels come in
already translated. The plane is ``[-domain, domain]²`` in every figure, square.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from dlcore.figures.common import finite

REAL, FAKE, ARROW = "#2ca02c", "#9467bd", "#d62728"
# D(x): 0 (sure it is fake) purple … ½ white … 1 (sure it is real) green (GAN Lab's colours)
D_SCALE = [
    [0.0, "#7b3294"],
    [0.25, "#c2a5cf"],
    [0.5, "#f7f7f7"],
    [0.75, "#a6dba0"],
    [1.0, "#008837"],
]


def _plane_layout(domain: float, title: str | None, height: int) -> dict:
    """One layout dict for a square plane (built once: every ``update_*`` call re-validates)."""
    ax = dict(range=[-domain, domain], zeroline=False, showgrid=False, exponentformat="power",
              constrain="domain")  # fmt: skip
    return dict(
        title=dict(text=title) if title else None,
        height=height,
        margin=dict(l=10, r=10, t=50 if title else 20, b=10),
        legend=dict(orientation="h", yanchor="top", y=-0.13, x=0),  # under the x tick labels
        plot_bgcolor="#fafafa",
        xaxis=ax,
        yaxis=dict(ax, scaleanchor="x", scaleratio=1),
    )


def _points(pts: np.ndarray, name: str, colour: str, size: int = 5, opacity: float = 0.6) -> dict:
    p = finite(pts).reshape(-1, 2)
    return dict(type="scatter", x=p[:, 0], y=p[:, 1], mode="markers", name=name,
                marker=dict(color=colour, size=size, opacity=opacity))  # fmt: skip


def points_figure(
    real: np.ndarray,
    fake: np.ndarray,
    names: tuple[str, str],
    *,
    domain: float = 3.0,
    centres: np.ndarray | None = None,
    covered: np.ndarray | None = None,
    centre_names: tuple[str, str] = ("", ""),
    click_grid: np.ndarray | None = None,
    real_style: tuple[int, float] = (5, 0.35),
    title: str | None = None,
    height: int = 400,
) -> go.Figure:
    """Real points (green) and generated points (purple); for the 8-Gaussian mixture the
    modes as rings (dark when G reaches them, red when it misses them). ``click_grid`` adds invisible points to
    click or lasso (drawing a target); ``real_style`` is the real points' (size, opacity)."""
    data = [_points(real, names[0], REAL, *real_style), _points(fake, names[1], FAKE)]
    if centres is not None:
        c = finite(centres)
        cov = np.zeros(len(c), bool) if covered is None else np.asarray(covered, bool)
        for mask, colour, label in ((cov, "#333", centre_names[0]), (~cov, ARROW, centre_names[1])):
            if mask.any():
                data.append(dict(type="scatter", x=c[mask, 0], y=c[mask, 1], mode="markers",
                                 name=label, hoverinfo="skip", marker=dict(symbol="circle-open",
                                 size=24, color=colour, line=dict(width=2))))  # fmt: skip
    if click_grid is not None:
        g = finite(click_grid)
        data.append(dict(type="scatter", x=g[:, 0], y=g[:, 1], mode="markers", showlegend=False,
                         hoverinfo="none", marker=dict(size=9, color="rgba(0,0,0,0.02)"),
                         name="grid"))  # fmt: skip
    return go.Figure(data=data, layout=_plane_layout(domain, title, height))


def discriminator_figure(
    grid: np.ndarray,
    d_grid: np.ndarray,
    real: np.ndarray,
    fake: np.ndarray,
    names: tuple[str, str, str],
    *,
    domain: float = 3.0,
    title: str | None = None,
    height: int = 400,
) -> go.Figure:
    """D(x) as a heatmap over the plane (0 = fake … 1 = real), with the points on top."""
    heat = dict(
        type="heatmap", x=finite(grid), y=finite(grid), z=finite(d_grid), zmin=0.0, zmax=1.0,
        colorscale=D_SCALE, name=names[0], hovertemplate="D(x)=%{z:.2f}<extra></extra>",
        zsmooth="best",
        colorbar=dict(title=dict(text="D(x)"), thickness=12, len=0.8, tickvals=[0, 0.5, 1]),
    )  # fmt: skip
    data = [heat, _points(real, names[1], REAL, 4, 0.35), _points(fake, names[2], FAKE, 4, 0.8)]
    return go.Figure(data=data, layout=_plane_layout(domain, title, height))


def arrow_segments(
    start: np.ndarray, vec: np.ndarray, max_len: float = 0.35, head: float = 0.3
) -> tuple[np.ndarray, np.ndarray]:
    """x and y of arrows (shaft + two head strokes) separated by NaN, for one line trace.

    Vectors are scaled together so that the 95th-percentile length is ``max_len`` (longer
    ones are capped): relative sizes stay readable, a saturated generator's tiny
    gradients stay tiny only relative to each other.
    """
    s = finite(start).reshape(-1, 2).astype(np.float64)
    v = np.nan_to_num(finite(vec).reshape(-1, 2).astype(np.float64))
    norm = np.linalg.norm(v, axis=1)
    ref = np.quantile(norm, 0.95) if len(norm) else 0.0
    if not np.isfinite(ref) or ref <= 0:
        return np.zeros(0, np.float32), np.zeros(0, np.float32)
    v = v * (max_len / ref)
    long = np.linalg.norm(v, axis=1) > max_len
    v[long] *= (max_len / np.linalg.norm(v[long], axis=1))[:, None]
    end = s + v
    c, sn = np.cos(np.pi / 7), np.sin(np.pi / 7)
    back = -v * head
    left = end + np.stack([back[:, 0] * c - back[:, 1] * sn, back[:, 0] * sn + back[:, 1] * c], 1)
    right = end + np.stack([back[:, 0] * c + back[:, 1] * sn, -back[:, 0] * sn + back[:, 1] * c], 1)
    gap = np.full_like(s, np.nan)
    # per arrow: start → end → left, gap, end → right, gap
    seq = np.stack([s, end, left, gap, end, right, gap], 1).reshape(-1, 2)
    return seq[:, 0].astype(np.float32), seq[:, 1].astype(np.float32)


def gradient_figure(
    fake: np.ndarray,
    grad: np.ndarray,
    grid: np.ndarray,
    d_grid: np.ndarray,
    names: tuple[str, ...],
    *,
    real: np.ndarray | None = None,
    n_arrows: int = 80,
    domain: float = 3.0,
    title: str | None = None,
    height: int = 380,
) -> go.Figure:
    """The generator's gradient −∂L_G/∂x as arrows on the fake points (where G will move
    them), over the contour lines of D(x); ``real`` (faint) if given, named ``names[3]``."""
    contour = dict(
        type="contour", x=finite(grid), y=finite(grid), z=finite(d_grid), zmin=0.0, zmax=1.0,
        contours=dict(coloring="lines", start=0.1, end=0.9, size=0.2, showlabels=True),
        colorscale=D_SCALE, showscale=False, name=names[0], line=dict(width=1), hoverinfo="skip",
    )  # fmt: skip
    k = min(n_arrows, len(fake))
    ax, ay = arrow_segments(np.asarray(fake)[:k], np.asarray(grad)[:k])
    arrows = dict(type="scatter", x=ax, y=ay, mode="lines", name=names[2], hoverinfo="skip",
                  line=dict(color=ARROW, width=1.2), connectgaps=False)  # fmt: skip
    data = [contour, _points(fake, names[1], FAKE, 4, 0.7), arrows]
    if real is not None:
        data.insert(1, _points(real, names[3], REAL, 3, 0.2))
    return go.Figure(data=data, layout=_plane_layout(domain, title, height))


def binned(x: np.ndarray, y: np.ndarray, max_points: int = 1500) -> tuple[np.ndarray, np.ndarray]:
    """Means over equal bins so at most ``max_points`` are drawn (d2l's ProgressBoard idea)."""
    x, y = finite(x), finite(y)
    n = len(x)
    if n <= max_points:
        return x, y
    k = int(np.ceil(n / max_points))
    m = n // k * k
    xb = x[:m].reshape(-1, k).mean(1)
    yb = np.nanmean(y[:m].reshape(-1, k), 1) if m else y[:0]
    return np.append(xb, x[m:].mean() if m < n else []).astype(np.float32), np.append(
        yb, np.nanmean(y[m:]) if m < n else []
    ).astype(np.float32)


def gan_loss_figure(
    d_x: np.ndarray,
    d_loss: np.ndarray,
    g_x: np.ndarray,
    g_loss: np.ndarray,
    names: tuple[str, str],
    x_title: str,
    y_title: str,
    *,
    log_y: bool = False,
    refs: Sequence[tuple[float, str]] = (),
    title: str | None = None,
    height: int = 320,
) -> go.Figure:
    """L_D and L_G against updates (binned), with dotted reference lines (the equilibrium
    values). A log axis falls back to linear when a value is ≤ 0 (the minimax L_G < 0)."""
    dx, dy = binned(d_x, d_loss)
    gx, gy = binned(g_x, g_loss)
    data = [
        dict(type="scatter", x=x, y=y, mode="lines", name=name, line=dict(color=colour))
        for x, y, name, colour in ((dx, dy, names[0], "#1f77b4"), (gx, gy, names[1], FAKE))
    ]
    vals = np.concatenate([dy, gy])
    use_log = bool(log_y and (len(vals) == 0 or np.nanmin(vals) > 0))
    shapes, notes = [], []
    for value, label in refs:
        if value > 0 or not use_log:
            shapes.append(dict(type="line", xref="paper", x0=0, x1=1, y0=value, y1=value,
                               line=dict(dash="dot", color="#888", width=1)))  # fmt: skip
            notes.append(dict(xref="paper", x=0, y=value, text=label, showarrow=False,
                              xanchor="left", yanchor="bottom", font=dict(color="#666")))  # fmt: skip
    layout = dict(
        title=dict(text=title) if title else None,
        height=height,
        margin=dict(l=10, r=10, t=70 if title else 10, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0),
        shapes=shapes,
        annotations=notes,
        xaxis=dict(title=dict(text=x_title), exponentformat="power", rangemode="tozero"),
        yaxis=dict(
            title=dict(text=y_title), type="log" if use_log else "linear", exponentformat="power"
        ),  # fmt: skip
    )
    return go.Figure(data=data, layout=layout)
