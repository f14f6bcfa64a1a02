"""RNN chapter · gradients through time: ‖∂L/∂h⁽ᵗ⁾‖ against t, the spectral radius of W_hh,
its eigenvalues, and what gradient clipping does (Pascanu et al. 2013)."""

from __future__ import annotations

import numpy as np
import streamlit as st

from dlcore.config import ExperimentConfig
from dlcore.figures import rnn as F
from dlcore.models import rnn as R
from dlcore.rng import seeded
from pages import rnn_widgets as U
from ui import widgets as W
from ui.controls import trainer
from ui.form import Form
from ui.language import show_notices, t
from ui.live import LiveView
from ui.share import share

PAGE = "rnn_grad"
DEFAULT = ExperimentConfig().with_(
    data={"name": "adding", "n_points": 1000, "seq_len": 50, "train_ratio": 0.8},
    model={"family": "rnn", "cell": "rnn", "hidden_size": 32, "spectral_radius": 1.0},
    train={"optimizer": "adam", "lr": 0.005, "batch_size": 32, "clip_grad": 0.0},
)
PATHS = [
    *U.TASK_PATHS,
    *U.CELL_PATHS,
    "model.spectral_radius",
    "train.optimizer",
    "train.lr",
    "train.batch_size",
    "train.clip_grad",
]
RADII = (0.5, 0.9, 1.0, 1.1, 1.5)
BLOCK = {"rnn": 0, "lstm": 2, "gru": 2}  # W_hh, the candidate's U_c, GRU's U_h

st.title(t("rnn.grad.title"))
st.markdown(t("rnn.grad.lead"))
st.latex(
    r"\frac{\partial L}{\partial h^{(t)}} = W_{hh}^{\top}\,"
    r"\mathrm{diag}\!\left(\alpha_h'(a^{(t+1)})\right) \frac{\partial L}{\partial h^{(t+1)}}"
    r"\;\Rightarrow\;\left\|\frac{\partial L}{\partial h^{(t)}}\right\| \sim "
    r"\left(\rho(W_{hh})\,\overline{|\alpha_h'|}\right)^{T-t}"
    r"\left\|\frac{\partial L}{\partial h^{(T)}}\right\|"
)
form = Form(PAGE, DEFAULT, PATHS)
show_notices(form.notices)
U.guard(form)

left, right = st.columns([1, 2.3], gap="large")
with left:
    name = U.task_widgets(form)
    cell = U.cell_widgets(form, layers=False)
    W.field_slider(form, "model.spectral_radius", t("rnn.grad.radius"))
    U.train_widgets(form)
    U.limits_caption()
cfg = form.collect(model={"num_layers": 1})
tr = trainer(PAGE, cfg, U.build, caps=U.caps())
if tr is None:
    st.stop()


def draw(s, tr) -> None:
    """The loss and the gradient-norm curves (the metrics are the driver part, U.metrics)."""
    curves = {t(f"rnn.cell.{tr.cfg.model.cell}"): (tr.history.batch.x, tr.history.batch["loss"])}
    s.plotly_chart(
        F.loss_compare_figure(curves, t("train.step_axis"), t("train.loss"), height=220),
        key=f"{PAGE}.loss",
    )
    clip = tr.cfg.train.clip_grad
    if clip > 0:
        steps, norms = tr.history.batch.x, tr.history.batch["grad_norm"]
    else:  # without clipping the norm is recorded at evaluation points only
        g = tr.history.grads
        steps = g.x
        norms = np.sqrt(sum(np.nan_to_num(g[k]) ** 2 for k in g.keys())) if g.keys() else g.x * 0
    names = (t("rnn.grad.norm_before"), t("rnn.grad.norm_after"), t("rnn.grad.threshold"))
    fig = F.clip_figure(steps, norms, clip, names, t("train.step_axis"), t("train.grad_norm"))
    s.plotly_chart(fig, key=f"{PAGE}.clipfig")
    s.caption(t("rnn.grad.clip_on" if clip > 0 else "rnn.grad.clip_off", c=clip))


with right:
    live_slot = st.container()  # the view is made last: its channel's idle clock starts then


def fresh(radius: float):
    """The model at initialisation with spectral radius ``radius`` (same seed as the run)."""
    with seeded(cfg.seed, restore=True):  # the running session's sequence stays as it was
        c = cfg.with_(model={"spectral_radius": radius})
        return R.build_rnn(c, tr.dataset).to(tr.device)


@st.cache_data(max_entries=16, show_spinner=False)
def init_curves(cfg_json: str, radii: tuple[float, ...]) -> dict[float, np.ndarray]:
    return {r: R.hidden_grad_norms(fresh(r), tr.objective, xb, yb) for r in radii}


xb, yb = tr.x_test[:64], tr.y_test[:64]
rho = cfg.model.spectral_radius
st.subheader(t("rnn.grad.through_time"))
sweep = st.toggle(t("rnn.grad.sweep"), value=True, key=f"{PAGE}.sweep")
radii = tuple(sorted({rho, *(RADII if sweep else ())}))
at_init = init_curves(cfg.to_json(), radii)
curves: dict[str, np.ndarray] = {}
for r in radii:
    label = t("rnn.grad.at_init", r=f"{r:g}") if r > 0 else t("rnn.grad.at_init_default")
    curves[label] = at_init[r]
curves[t("rnn.grad.now", step=tr.step_count)] = R.hidden_grad_norms(tr.model, tr.objective, xb, yb)
st.plotly_chart(
    F.grad_time_figure(curves, t("rnn.grad.t_axis"), t("rnn.grad.g_axis")), key=f"{PAGE}.gtt"
)
g = at_init[rho]
ratio = g[0] / g[-1] if g[-1] > 0 else float("nan")
st.info(t("rnn.grad.ratio", T=len(g), ratio=f"{ratio:.2e}"))
st.caption(t(f"rnn.grad.explain.{cell}"))

st.subheader(t("rnn.grad.eigen"))
w0 = R.w_hh_blocks(fresh(rho))[BLOCK[cell]].cpu().double().numpy()
w1 = R.w_hh_blocks(tr.model)[BLOCK[cell]].cpu().double().numpy()
eigs = {
    t("rnn.grad.eig_init", r=f"{R.spectral_radius(w0):.2f}"): np.linalg.eigvals(w0),
    t("rnn.grad.eig_now", r=f"{R.spectral_radius(w1):.2f}"): np.linalg.eigvals(w1),
}
circles = (t("rnn.grad.unit_circle"), t("rnn.grad.radius_circle", r=f"{rho:g}"))
c1, c2 = st.columns([1.2, 1])
c1.plotly_chart(F.eigen_figure(eigs, rho or None, circles), key=f"{PAGE}.eig")
c2.markdown(t(f"rnn.grad.eig_help.{cell}"))
c2.markdown(t("rnn.grad.clip_explain"))
c2.latex(r"g \leftarrow g \cdot \min\left(1, \frac{c}{\|g\|}\right)")

with st.expander(t("share.title")):
    share(form, cfg, tr, "rnn_gradients")
with live_slot:
    view = LiveView(PAGE, tr, {"main": U.metrics, "curves": draw}, every={"curves": 0.25})
    view.part("main")  # the numbers every frame; a Pause answers with them at once
    view.part("curves")  # the Plotly figures 4 times a second (ui/live.py: slow parts)
