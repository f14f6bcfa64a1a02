"""前馈神经网络 · Feedforward networks: TensorFlow Playground on PyTorch.

Data → features → network → output, every setting in the URL; the boundary
animates in the browser (several snapshots per message) while training plays.
"""

import streamlit as st

from dlcore import playground as P
from dlcore.activations import ACTIVATIONS
from dlcore.data.csvdata import CsvError, csv_dataset
from dlcore.limits import LIMITS
from dlcore.losses import LOSSES
from dlcore.optimizers import OPTIMIZERS
from dlcore.train import Trainer, device_label
from pages import ff_live
from pages import ff_widgets as W
from ui import targets, weights
from ui.controls import trainer
from ui.form import Form
from ui.language import show_notices, t
from ui.live import LiveView
from ui.share import share

KEY = W.PAGE
ss = st.session_state

st.title(t("ff.title"))
st.caption(t("ff.lead"))

# -- presets -----------------------------------------------------------------------------
form = Form(KEY, W.DEFAULT, W.PATHS)
preset_slot = st.container(border=True)  # filled after form.collect (ui/presets.py)
show_notices(form.notices)

# -- settings ------------------------------------------------------------------------------
with st.container(border=True):
    W.training_widgets()
    targets.widgets(KEY)  # the stop condition: pause at a test accuracy / loss
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
W.preset_box(preset_slot, form, cfg)
if cfg.data.name == "custom" and W.k("_csv") not in ss:
    cfg = cfg.with_(data={"name": W.DEFAULT.data.name})


def build(c, dev: str) -> Trainer:
    ds = None
    if c.data.name == "custom":
        try:
            ds = csv_dataset(ss[W.k("_csv")], c.data)
        except CsvError:
            ds = None
    return Trainer(c, device=dev, dataset=ds, max_params=LIMITS.max_params, eval_every=25)


tr = trainer(KEY, cfg, build)

# -- formulas beside their controls -----------------------------------------------------------
with f_neuron:
    st.latex(r"h_j=g\Big(\sum_i w_{ij}x_i+b_j\Big)")
    st.latex("g(z) = " + ACTIVATIONS[cfg.model.activation].latex)
if tr is not None:
    obj = tr.objective
    reg = ""
    if cfg.train.l1 > 0:
        reg += r"+\lambda_1\sum|w|"
    if cfg.train.l2 > 0:
        reg += r"+\lambda_2\sum w^2"
    with f_loss:
        st.caption(t("ff.loss_in_use", loss=t(f"loss.{obj.loss_name}"), out=obj.output))
        st.latex(LOSSES[obj.loss_name].latex)
        st.latex(
            r"\mathcal{L}(\mathbf{W})=\frac{1}{n}\sum_{i=1}^n\ell(\mathbf{y}^{(i)},\hat{\mathbf{y}}^{(i)})"
            + reg
        )
    with f_opt:
        st.caption(t("ff.update_rule"))
        st.latex(OPTIMIZERS[cfg.train.optimizer].latex)

if tr is None:
    st.stop()

# -- output column: the live view (boundary, network, curves) -----------------------------
with col_out:
    st.subheader(t("ff.output_title"))
    v1, v2 = st.columns(2)
    VIEWS = dict(zip(P.VIEWS, (W.k("show_test"), W.k("discretize")), strict=True))
    if f"{KEY}._view_read" not in ss:  # a shared link's view toggles, once per session
        ss[f"{KEY}._view_read"] = True
        if st.query_params.get("page", KEY) == KEY:
            asked = P.parse_view(st.query_params.get("view", ""))
            for name, wkey in VIEWS.items():
                ss[wkey] = name in asked
    show_test = v1.toggle(t("ff.show_test"), key=W.k("show_test"))
    discretize = v2.toggle(t("ff.discretize"), key=W.k("discretize"))
    view = P.view_query(name for name, wkey in VIEWS.items() if ss.get(wkey))
    if st.query_params.get("view", "") != view:  # the toggles travel with the share link
        if view:
            st.query_params["view"] = view
        else:
            del st.query_params["view"]
    st.caption(t("ff.params", n=tr.n_params, device=device_label(tr.device)))

out = ff_live.Output(show_test, discretize)
live = LiveView(
    KEY,
    tr,
    {
        "controls": lambda s, tr: None,  # the driver: Play / Pause / Step / speed at the top
        "main": out.draw,
        "confusion": ff_live.draw_confusion,  # multi-class data only
        "net": ff_live.draw_net,
        "curves": ff_live.draw_curves,
    },
    every=ff_live.EVERY,
    frame_every_s=ff_live.FRAME_EVERY_S,
    max_frames=ff_live.MAX_FRAMES,
    new_weights=True,  # Reset: same or new initial weights
)
with ctrl_slot:
    live.part("controls")
with col_out:
    live.part("main")
    if tr.dataset.task == "multiclass":
        live.part("confusion")
with col_net:
    live.part("net")
    if not live.playing:  # paused: click an edge or a neuron, type its new value
        weights.editor(KEY, tr, lambda: live.playing)
live.part("curves")

with st.expander(t("share.title")):
    share(form, cfg, tr, "ff_experiment")
