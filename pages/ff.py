"""前馈神经网络 · Feedforward networks: TensorFlow Playground on PyTorch.

Data → features → network → output, every setting in the URL; the boundary
animates in the browser (several snapshots per message) while training plays.
"""

import time

import numpy as np
import streamlit as st

from dlcore import limits
from dlcore.data.csvdata import CsvError, csv_dataset
from dlcore.figures.common import grad_norm_figure, loss_figure
from dlcore.figures.ff import boundary_figure, net_maps, network_figure
from dlcore.train import Trainer
from pages import _ui, ff_classes, ff_live
from pages import ff_widgets as W
from pages._ui import t

KEY = W.PAGE
ss = st.session_state

st.title(t("ff.title"))
st.caption(t("ff.lead"))

# -- presets -----------------------------------------------------------------------------
form = _ui.Form(KEY, W.DEFAULT, W.PATHS)
with st.container(border=True):
    c1, c2, c3 = st.columns([2, 1, 4], vertical_alignment="bottom")
    names = W.presets()
    c1.selectbox(t("ff.preset"), names, key=W.k("preset"), format_func=W.fmt("ff.preset"))
    c2.button(
        t("ff.load_preset"),
        key=W.k("load_preset"),
        on_click=W.load_preset,
        args=(form,),
        width="stretch",
    )
    note = ss.get(W.k("_note"))
    if note:
        c3.info(t(f"ff.preset.{note}.note"), icon="💡")
_ui.show_notices(form.notices)

# -- settings ------------------------------------------------------------------------------
with st.container(border=True):
    W.training_widgets()
    f_loss, f_opt = st.columns(2)
ctrl_slot = st.container()
col_data, col_net, col_out = st.columns([1, 2, 2], gap="medium")
with col_data:
    st.subheader(t("ff.data"))
    W.data_widgets()
with col_net:
    st.subheader(t("ff.network"))
    W.feature_widgets()
    W.network_widgets()
    f_neuron = st.container()

features = tuple(ss.get(W.k("data.features")) or ("x1", "x2"))
cfg = form.collect(data={"features": features})
if cfg.data.name == "custom" and W.k("_csv") not in ss:
    cfg = cfg.with_(data={"name": W.DEFAULT.data.name})


def build(c, dev: str) -> Trainer:
    ds = None
    if c.data.name == "custom":
        try:
            ds = csv_dataset(ss[W.k("_csv")], c.data)
        except CsvError:
            ds = None
    return Trainer(c, device=dev, dataset=ds, max_params=limits.LIMITS.max_params, eval_every=25)


tr = _ui.trainer(KEY, cfg, build)

# -- formulas beside their controls -----------------------------------------------------------
ACT_TEX = {
    "relu": r"g(z)=\max\{0,z\}",
    "tanh": r"g(z)=\tanh(z)=\frac{2}{1+\exp(-2z)}-1",
    "sigmoid": r"g(z)=\sigma(z)=\frac{1}{1+\exp(-z)}",
    "linear": r"g(z)=z",
    "leaky_relu": r"g(z)=\max\{0.01z,z\}",
    "gelu": r"g(z)=z\,\Phi(z)",
    "elu": r"g(z)=\begin{cases}z&z>0\\e^{z}-1&z\le0\end{cases}",
    "softplus": r"g(z)=\log(1+e^{z})",
}
LOSS_TEX = {
    "mse": r"\ell(\mathbf{y},\hat{\mathbf{y}})=\|\mathbf{y}-\hat{\mathbf{y}}\|_2^2",
    "mse_half": r"\ell(\mathbf{y},\hat{\mathbf{y}})=\tfrac12\|\mathbf{y}-\hat{\mathbf{y}}\|_2^2",
    "bce": r"\ell(z,\hat{y})=-\hat{y}\log z-(1-\hat{y})\log(1-z),\ z=\sigma(o)",
    "ce": r"\ell(\mathbf{z},\hat{\mathbf{y}})=-\sum_{j=1}^{c}\hat{y}_j\log z_j,\ \mathbf{z}=\mathrm{softmax}(\mathbf{o})",
}
OPT_TEX = {
    "sgd": r"\mathbf{W}_{n+1}\leftarrow\mathbf{W}_n-\eta\nabla\mathcal{L}(\mathbf{W}_n)",
    "momentum": r"\mathbf{v}\leftarrow\beta\mathbf{v}+\nabla\mathcal{L},\ \mathbf{W}\leftarrow\mathbf{W}-\eta\mathbf{v}",
    "nesterov": r"\mathbf{v}\leftarrow\beta\mathbf{v}+\nabla\mathcal{L},\ \mathbf{W}\leftarrow\mathbf{W}-\eta(\nabla\mathcal{L}+\beta\mathbf{v})",
    "rmsprop": r"\mathbf{s}\leftarrow\alpha\mathbf{s}+(1-\alpha)\mathbf{g}^2,\ \mathbf{W}\leftarrow\mathbf{W}-\frac{\eta\,\mathbf{g}}{\sqrt{\mathbf{s}}+\epsilon}",
    "adam": r"\mathbf{W}\leftarrow\mathbf{W}-\eta\,\frac{\hat{\mathbf{m}}}{\sqrt{\hat{\mathbf{v}}}+\epsilon}",
}
with f_neuron:
    st.latex(r"h_j=g\Big(\sum_i w_{ij}x_i+b_j\Big)")
    st.latex(ACT_TEX[cfg.model.activation])
if tr is not None:
    obj = tr.objective
    reg = ""
    if cfg.train.l1 > 0:
        reg += r"+\lambda_1\sum|w|"
    if cfg.train.l2 > 0:
        reg += r"+\lambda_2\sum w^2"
    with f_loss:
        st.caption(t("ff.loss_in_use", loss=t(f"loss.{obj.loss_name}"), out=obj.output))
        st.latex(LOSS_TEX.get(obj.loss_name, LOSS_TEX["mse"]))
        st.latex(
            r"\mathcal{L}(\mathbf{W})=\frac{1}{n}\sum_{i=1}^n\ell(\mathbf{y}^{(i)},\hat{\mathbf{y}}^{(i)})"
            + reg
        )
    with f_opt:
        st.caption(t("ff.update_rule"))
        st.latex(OPT_TEX.get(cfg.train.optimizer, OPT_TEX["sgd"]))

if tr is None:
    st.stop()

# -- controls, output column: live boundary ------------------------------------------------
with ctrl_slot:
    _ui.controls(KEY, tr)
with col_out:
    st.subheader(t("ff.output_title"))
    v1, v2 = st.columns(2)
    VIEWS = (("test", W.k("show_test")), ("discrete", W.k("discretize")))
    if f"{KEY}._view_read" not in ss:  # a shared link's view toggles, once per session
        ss[f"{KEY}._view_read"] = True
        if st.query_params.get("page", KEY) == KEY:
            asked = set(st.query_params.get("view", "").split(","))
            for name, wkey in VIEWS:
                ss[wkey] = name in asked
    show_test = v1.toggle(t("ff.show_test"), key=W.k("show_test"))
    discretize = v2.toggle(t("ff.discretize"), key=W.k("discretize"))
    view = ",".join(name for name, wkey in VIEWS if ss.get(wkey))
    if st.query_params.get("view", "") != view:  # the toggles travel with the share link
        if view:
            st.query_params["view"] = view
        else:
            del st.query_params["view"]
    st.caption(t("ff.params", n=tr.n_params, device=_ui.device_label(tr.device)))
    labels = {"train": t("ff.train_pts"), "test": t("ff.test_pts"), "output": t("ff.output_title")}
    live_labels = {
        "epoch": t("train.epoch"),
        "loss": t("train.loss"),
        "acc": t("ff.acc_short"),
        "train": t("train.train_loss"),
        "test": t("train.test_loss"),
    }
    playing = _ui.playing(KEY) and tr.stop is None

    # The pace follows how many students play on this server (pages/ff_live.pace). On a
    # `streamlit run` server the canvas fetches its own updates (the live channel, no
    # script run per update); elsewhere (AppTest) this fragment sends them.
    tick, n_frames, budget = ff_live.pace(ff_live.n_playing())
    channel = ff_live.channel_ok(KEY)

    @st.fragment(run_every=tick if playing and not channel else None)
    def boundary_view() -> None:
        if _ui.playing(KEY) and tr.stop is not None:  # diverged while the canvas played
            ss[f"{KEY}._playing"] = False
            ff_live.close_live(KEY)
            st.rerun()
        if _ui.playing(KEY) and channel:
            if not ff_live.channel_ok(KEY):  # this browser cannot reach the live route
                st.rerun()  # a full run registers the fragment loop instead
            live = ff_live.open_live(KEY, tr)
            points = ff_live.point_payload(tr, show_test)
            ff_live.canvas(KEY, [ff_live.frame(tr)], points, discretize, live_labels, live)
            return
        if _ui.playing(KEY):
            points = ff_live.point_payload(tr, show_test)
            frames = ff_live.train_frames(tr, n_frames, budget)
            if tr.stop is not None:
                ss[f"{KEY}._playing"] = False
                st.rerun()
            new_tick = ff_live.pace(ff_live.n_playing())[0]
            if not tick / 1.5 <= new_tick <= tick * 1.5:
                st.rerun()  # the class grew or shrank: re-register at the new pace
            ff_live.canvas(KEY, frames, points, discretize, live_labels)
            return
        ff_live.close_live(KEY)
        _ui.show_stop(tr)
        ev = tr.last_eval
        # three metrics share the narrow output column: a smaller value font, not "593…"
        st.html("<style>.st-key-ff-metrics [data-testid='stMetricValue']{font-size:1.5rem}</style>")
        m = st.container(key="ff-metrics").columns(3)
        m[0].metric(t("train.epoch"), f"{tr.epoch_float:.2f}")
        m[1].metric(t("train.train_loss"), f"{ev.get('train_loss', float('nan')):.4f}")
        m[2].metric(t("train.test_loss"), f"{ev.get('test_loss', float('nan')):.4f}")
        ds = tr.dataset
        if ds.task == "multiclass":  # one colour per class, and the confusion matrix
            ff_classes.static_view(tr, show_test, labels, W.k("boundary"))
            return
        z = ff_live.grid_z(tr, 60)
        fig = boundary_figure(
            z,
            ds.meta["points_train"],
            ds.y_train,
            ds.meta["points_test"] if show_test else None,
            ds.y_test if show_test else None,
            task=ds.task,
            discretize=discretize,
            labels=labels,
        )
        st.plotly_chart(fig, key=W.k("boundary"), width="stretch")

    boundary_view()


# -- network graph + curves (slower refresh while playing) ------------------------------------
# On a crowded server the side charts refresh less often; the pace is re-registered when
# the class grows or shrinks a step (ff_live.side_every).
# A class presses Play within seconds of each other: the first check waits until the
# count has settled, so that each student re-registers once, not once per step.
SLOW_S = ff_live.side_every(ff_live.n_playing()) if playing else None
if playing:
    ss.setdefault(f"{KEY}._play_t0", time.monotonic())
else:
    ss.pop(f"{KEY}._play_t0", None)


@st.fragment(run_every=SLOW_S)
def network_view() -> None:
    settled = time.monotonic() - ss.get(f"{KEY}._play_t0", time.monotonic()) > ff_live.SETTLE_S
    if SLOW_S is not None and _ui.playing(KEY) and settled:
        if ff_live.side_every(ff_live.n_playing()) != SLOW_S:
            st.rerun()  # the class grew or shrank a step: re-register at the new pace
    feats = tr.dataset.meta.get("features", ("x1", "x2"))
    with tr.lock:
        nm = net_maps(tr.model, feats, tr.dataset.task, tr.objective.predict, res=16)
    fig = network_figure(nm, feats, t("ff.weight"), t("ff.bias"))
    st.plotly_chart(fig, key=W.k("network"), width="stretch")


@st.fragment(run_every=SLOW_S)
def curves_view() -> None:
    with tr.lock:  # one consistent copy, even if a stopping run is still training
        h = tr.history.evals
        ep = h["epoch"].copy()
        cols = {k: h[k].copy() for k in h.keys()}
        hx = h.x.copy()
        g = tr.history.grads
        gx = g.x.copy()
        norms = {name: g[name].copy() for name in g.keys()}
    c1, c2, c3 = st.columns(3)
    losses = {t("train.train_loss"): cols["train_loss"], t("train.test_loss"): cols["test_loss"]}
    c1.plotly_chart(
        loss_figure(ep, losses, t("train.loss"), t("train.epoch")),
        key=W.k("loss_fig"),
        width="stretch",
    )
    if "train_acc" in cols:
        accs = {t("train.train_acc"): cols["train_acc"], t("train.test_acc"): cols["test_acc"]}
        c2.plotly_chart(
            loss_figure(ep, accs, t("train.accuracy"), t("train.epoch"), log_y=False),
            key=W.k("acc_fig"),
            width="stretch",
        )
    x = np.interp(gx, hx, ep) if len(hx) else gx
    c3.plotly_chart(
        grad_norm_figure(x, norms, t("train.grad_norm"), t("train.epoch")),
        key=W.k("grad_fig"),
        width="stretch",
    )


with col_net:
    network_view()
curves_view()

with st.expander(t("share.title")):
    _ui.share(form, cfg, tr, "ff_experiment")
