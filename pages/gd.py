"""Gradient descent on a 2-parameter loss surface: the path, the loss, the step size, a race.

W ← W − η∇L(W) on a quadratic bowl (condition number κ, stable iff η < 2/λ_max),
Rosenbrock, a saddle and a real 2-weight logistic regression; momentum, Nesterov,
RMSProp and Adam from the same start. A click on the contour plot sets the start.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from dlcore.figures import training as FT
from dlcore.figures.common import loss_figure
from dlcore.optimizers import OPTIMIZERS
from dlcore.scratch import optim as O
from dlcore.scratch import surfaces as S
from ui.language import fmt, t

ss = st.session_state
K = "gd"
KAPPAS = [1, 2, 5, 10, 20, 50, 100]
# A learning rate that shows each surface at its best with plain GD.
DEFAULT_LR = {"quadratic": 0.05, "rosenbrock": 0.001, "saddle": 0.05, "logistic": 1.0}
DEFAULT_STEPS = {"quadratic": 100, "rosenbrock": 500, "saddle": 100, "logistic": 100}
LR_MIN, LR_MAX = 1e-5, 10.0
MODES = ("one", "race")


def keep(key: str) -> None:
    """Widgets drawn only sometimes lose their value while hidden: keep a shadow copy."""
    if key in ss:
        ss[f"{key}._keep"] = ss[key]
    elif f"{key}._keep" in ss:
        ss[key] = ss[f"{key}._keep"]


def surface() -> S.Surface:
    return S.make(ss[f"{K}.surface"], kappa=float(ss.get(f"{K}.kappa", 10)))


def reset_start() -> None:
    """A new surface: its own start point, learning rate and number of steps."""
    name = ss[f"{K}.surface"]
    s = S.make(name)
    ss[f"{K}.x0"], ss[f"{K}.y0"] = float(s.start[0]), float(s.start[1])
    ss[f"{K}.lr"] = DEFAULT_LR[name]
    ss[f"{K}.steps"] = DEFAULT_STEPS[name]


def set_lr(factor: float) -> None:
    eta = surface().eta_max()
    if eta is not None:
        ss[f"{K}.lr"] = float(np.clip(round(factor * eta, 5), LR_MIN, LR_MAX))


def picked() -> None:
    """A click on the contour plot: the clicked grid point becomes the start."""
    ev = ss.get(f"{K}.fig")
    pts = (ev or {}).get("selection", {}).get("points", []) if ev else []
    s = surface()
    for p in pts:
        x, y = p.get("x"), p.get("y")
        if x is None or y is None:
            continue
        if s.xlim[0] <= x <= s.xlim[1] and s.ylim[0] <= y <= s.ylim[1]:
            ss[f"{K}.x0"], ss[f"{K}.y0"] = round(float(x), 3), round(float(y), 3)
            ss[f"{K}._picked"] = True
            return


if f"{K}.surface" not in ss:
    ss[f"{K}.surface"] = "quadratic"
    ss[f"{K}.kappa"] = 10
    ss[f"{K}.opt"] = "sgd"
    ss[f"{K}.beta"] = 0.9
    ss[f"{K}.mode"] = "one"
    ss[f"{K}.race"] = ["sgd", "momentum", "adam"]
    reset_start()

for _k in ("kappa", "opt", "race", "beta"):
    keep(f"{K}.{_k}")

st.title(t("gd.title"))
st.markdown(t("gd.lead"))
st.latex(
    r"\mathcal{L}(\mathbf{W}) = \frac{1}{n} \sum_{i=1}^n \ell\left(\mathbf{y}^{(i)}, "
    r"\hat{\mathbf{y}}^{(i)}\right), \qquad "
    r"\mathbf{W}_{n+1} \leftarrow \mathbf{W}_n - \eta \nabla \mathcal{L}(\mathbf{W}_n)"
)

left, right = st.columns([1, 2.4], gap="large")
with left:
    st.selectbox(
        t("gd.surface"),
        S.NAMES,
        key=f"{K}.surface",
        format_func=fmt("gd.surf"),
        on_change=reset_start,
    )
    name = ss[f"{K}.surface"]
    if name == "quadratic":
        st.select_slider(t("gd.kappa"), KAPPAS, key=f"{K}.kappa", help=t("gd.kappa_help"))
    surf = surface()
    st.radio(t("gd.mode"), MODES, key=f"{K}.mode", format_func=fmt("gd.mode"), horizontal=True)
    race = ss[f"{K}.mode"] == "race"
    if race:
        st.multiselect(
            t("gd.race_opts"), OPTIMIZERS.names(), key=f"{K}.race", format_func=fmt("opt")
        )
        st.caption(t("gd.race_note"))
    else:
        st.selectbox(t("gd.optimizer"), OPTIMIZERS.names(), key=f"{K}.opt", format_func=fmt("opt"))
    st.number_input(
        t("gd.lr"),
        min_value=LR_MIN,
        max_value=LR_MAX,
        step=0.001,
        format="%.5f",
        key=f"{K}.lr",
        help=t("gd.lr_help"),
    )
    opts = list(ss[f"{K}.race"]) if race else [ss[f"{K}.opt"]]
    if any(o in ("momentum", "nesterov") for o in opts):
        st.slider(t("gd.beta"), 0.0, 0.99, step=0.01, key=f"{K}.beta")
    st.slider(t("gd.steps"), 10, 1000, step=10, key=f"{K}.steps")
    c = st.columns(2)
    c[0].number_input(
        "w₁⁽⁰⁾", min_value=-100.0, max_value=100.0, step=0.1, format="%.3f", key=f"{K}.x0"
    )
    c[1].number_input(
        "w₂⁽⁰⁾", min_value=-100.0, max_value=100.0, step=0.1, format="%.3f", key=f"{K}.y0"
    )
    st.caption(t("gd.click_hint"))
    st.button(t("gd.reset_start"), key=f"{K}.btn_start", on_click=reset_start)

lr = float(ss[f"{K}.lr"])
beta = float(ss.get(f"{K}.beta", 0.9))
steps = int(ss[f"{K}.steps"])
start = (float(ss[f"{K}.x0"]), float(ss[f"{K}.y0"]))
if not opts:
    st.info(t("gd.race_empty"))

paths: dict[str, O.Path] = {
    o: O.run_path(surf, OPTIMIZERS[o].numpy(lr, beta), start, steps) for o in opts
}

with right:
    st.latex(surf.latex)
    eta_max = surf.eta_max()
    if eta_max is not None:
        lam = float(surf.params["kappa"])
        st.latex(
            rf"\eta_{{\max}} = \frac{{2}}{{\lambda_{{\max}}}} = \frac{{2}}{{{lam:g}}} = "
            rf"{eta_max:.4g} \qquad \eta = {lr:.4g}\ "
            + (r"<" if lr < eta_max else r"\geq")
            + r"\ \eta_{\max}"
        )
        b = st.columns(2)
        b[0].button(t("gd.just_below"), key=f"{K}.btn_below", on_click=set_lr, args=(0.95,))
        b[1].button(t("gd.just_above"), key=f"{K}.btn_above", on_click=set_lr, args=(1.05,))
    elif surf.minimum is not None:
        lam_min = float(np.linalg.eigvalsh(surf.hessian(np.array(surf.minimum))).max())
        st.caption(t("gd.local_eta", lam=f"{lam_min:.3g}", eta=f"{2 / lam_min:.3g}"))
    if not race and opts:
        st.latex(OPTIMIZERS[opts[0]].latex)
    g0 = np.asarray(surf.grad(np.array(start, np.float64)), np.float64)
    if opts and float(np.linalg.norm(g0)) < 1e-12:
        at_min = surf.minimum is not None and np.allclose(start, surf.minimum, atol=1e-9)
        kind = t("gd.stationary.min") if at_min else t("gd.stationary.other")
        st.info(t("gd.stationary", x=start[0], y=start[1], kind=kind), icon="ℹ️")
    for o, p in paths.items():
        if p.diverged_at is not None:
            st.error(
                t("gd.diverged", opt=t(f"opt.{o}"), step=p.diverged_at, lr=f"{lr:g}"), icon="🛑"
            )
    xs, ys, z = surf.grid(90)
    labels = {
        "x": "w₁",
        "y": "w₂",
        "colorbar": t("gd.log_loss"),
        "start": t("gd.start"),
        "minimum": t("gd.minimum"),
    }
    fig = FT.surface_figure(
        xs,
        ys,
        z,
        [(t(f"opt.{o}"), p.w, i) for i, (o, p) in enumerate(paths.items())],
        labels,
        minimum=surf.minimum,
        start=start,
        pick=40,
    )
    st.plotly_chart(fig, key=f"{K}.fig", on_select=picked, selection_mode="points", width="stretch")
    if ss.pop(f"{K}._picked", False):
        st.toast(t("gd.picked", x=start[0], y=start[1]))

    summary = {
        t("gd.col_opt"): [t(f"opt.{o}") for o in paths],
        t("gd.col_steps"): [p.n_steps for p in paths.values()],
        t("gd.col_loss"): [float(p.loss[-1]) for p in paths.values()],
        t("gd.col_w"): [f"({p.w[-1, 0]:.3f}, {p.w[-1, 1]:.3f})" for p in paths.values()],
        t("gd.col_status"): [
            t("gd.status_diverged") if p.diverged_at is not None else t("gd.status_ok")
            for p in paths.values()
        ],
    }
    if paths:
        st.dataframe(summary, hide_index=True, width="stretch", key=f"{K}.table")

g1, g2 = st.columns(2)
with g1:
    series = {t(f"opt.{o}"): p.loss for o, p in paths.items()}
    longest = max((len(p.loss) for p in paths.values()), default=1)
    padded = {
        k: np.pad(v, (0, longest - len(v)), constant_values=np.nan) for k, v in series.items()
    }
    st.plotly_chart(
        loss_figure(
            np.arange(longest),
            padded,
            title=t("gd.loss_title"),
            x_title=t("gd.iter"),
            y_title=t("train.loss"),
        ),
        key=f"{K}.loss",
        width="stretch",
    )
with g2:
    steps_series = {t(f"opt.{o}"): p.step for o, p in paths.items()}
    longest = max((len(p.step) for p in paths.values()), default=1)
    padded = {
        k: np.pad(v, (0, longest - len(v)), constant_values=np.nan) for k, v in steps_series.items()
    }
    st.plotly_chart(
        loss_figure(
            np.arange(1, longest + 1),
            padded,
            title=t("gd.step_title"),
            x_title=t("gd.iter"),
            y_title="‖Δw‖",
        ),
        key=f"{K}.stepsize",
        width="stretch",
    )
st.markdown(t(f"gd.note.{name}"))
