"""Why a CNN for "兔子?": a CNN and an MLP with about as many parameters, trained on the same
images, tested on shifted images."""

import numpy as np
import streamlit as st

from dlcore import config as C
from dlcore import presets
from dlcore.config import DataConfig
from dlcore.data import build_dataset
from dlcore.experiments import shift_comparison
from dlcore.figures import cnn as fig
from dlcore.registry import DATASETS
from dlcore.scratch.conv import shift
from ui.controls import device
from ui.form import seed
from ui.language import t

BASE = presets.load("cnn_", "digits") or C.ExperimentConfig().with_(
    data={"name": "digits"}, model={"family": "cnn"}
)  # the shipped preset; a plain CNN on digits if it cannot be read
BASE = BASE.with_(model={"channels": (8, 16, 32), "hidden": (32,)})
SHIFTS = [0, 1, 2, 3, 4]
DATA = [n for n, s in DATASETS.items() if s.group == "image" and n in ("digits", "shapes")]
ss = st.session_state

st.title(t("cnn.shift.title"))
st.markdown(t("cnn.shift.lead"))
c1, c2, c3 = st.columns(3)
data = c1.selectbox(
    t("cnn.dataset"),
    DATA,
    key="cnn_shift.data",
    format_func={n: t(DATASETS[n].label_key) for n in DATA}.get,
)
seconds = c2.slider(
    t("cnn.shift.seconds"), 1, 20, 5, key="cnn_shift.seconds", help=t("cnn.shift.seconds_help")
)
c3.write("")
run = c3.button(t("cnn.shift.run"), key="cnn_shift.run", type="primary", width="stretch")
cfg = BASE.with_(data={"name": data}, seed=seed())


@st.cache_data(max_entries=4)
def preview(name: str, seed: int) -> np.ndarray:
    ds = build_dataset(DataConfig(name=name, image_size=16, seed=seed, train_ratio=0.7))
    return ds.x_test[0, 0]


img = preview(data, cfg.data.seed)
st.plotly_chart(
    fig.heatmaps(
        [shift(img, s, 0) for s in SHIFTS],
        [t("cnn.shift.by", s=s) for s in SHIFTS],
        height=200,
        scales=False,
    ),
    key="cnn_shift.fig_preview",
)
st.caption(t("cnn.shift.preview_caption"))

if run:
    with st.spinner(t("cnn.shift.running", s=2 * seconds)):
        ss["cnn_shift._result"] = (
            data,
            shift_comparison(cfg, float(seconds), SHIFTS, device()),
        )
result = ss.get("cnn_shift._result")
if result is None or result[0] != data:
    st.info(t("cnn.shift.press"), icon="👆")
    st.stop()
res = result[1]
cnn, mlp = res["cnn"], res["mlp"]
m1, m2 = st.columns(2)
m1.metric(t("cnn.shift.cnn", n=f"{cnn['n_params']:,}"), f"{cnn['acc'][0]:.1%}")
m2.metric(t("cnn.shift.mlp", n=f"{mlp['n_params']:,}", h=mlp["hidden"]), f"{mlp['acc'][0]:.1%}")
st.plotly_chart(
    fig.shift_accuracy_figure(
        np.asarray(res["shifts"], np.float32),
        {
            t("cnn.shift.cnn_short"): np.asarray(cnn["acc"]),
            t("cnn.shift.mlp_short"): np.asarray(mlp["acc"]),
        },
        t("cnn.shift_px"),
        t("train.test_acc"),
    ),
    key="cnn_shift.fig_acc",
)
st.caption(t("cnn.shift.steps", cnn=cnn["steps"], mlp=mlp["steps"]))
st.markdown(t("cnn.shift.explain"))
