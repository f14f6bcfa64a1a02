"""RNN chapter · train live: sequence tasks, RNN / LSTM / GRU, compared side by side, generation."""

from __future__ import annotations

import numpy as np
import streamlit as st

from dlcore.config import ExperimentConfig
from dlcore.data import sequences as S
from dlcore.data.text import TextError, check_text, make_chars
from dlcore.figures import rnn as F
from dlcore.models import rnn as R
from dlcore.train import Trainer
from pages import _presets
from pages import _ui as ui
from pages import rnn_widgets as U
from pages._ui import t

PAGE = "rnn"
# teaching order: long lags need gates, the plain RNN explodes, then word order, a forecast,
# characters
PRESET_ORDER = ("adding_lstm", "exploding", "order_gru", "sines_gru", "chars_lstm")
DEFAULT = ExperimentConfig().with_(
    data={"name": "adding", "n_points": 1000, "seq_len": 30, "train_ratio": 0.8},
    model={"family": "rnn", "cell": "lstm", "hidden_size": 32, "activation": "tanh"},
    train={"optimizer": "adam", "lr": 0.01, "batch_size": 32, "clip_grad": 1.0},
)
PATHS = [
    "data.name",
    "data.seq_len",
    "data.n_points",
    "data.corpus",
    "data.noise",
    "model.cell",
    "model.activation",
    "model.hidden_size",
    "model.num_layers",
    "train.optimizer",
    "train.lr",
    "train.batch_size",
    "train.clip_grad",
]

st.title(t("rnn.title"))
st.markdown(t("rnn.lead"))
st.latex(
    r"h^{(t)} = \alpha_h\left(W_{hh} h^{(t-1)} + W_{hx} x^{(t)} + b_h\right),\qquad "
    r"y^{(t)} = \alpha_y\left(W_{yh} h^{(t)} + b_y\right)"
)
st.caption(t("rnn.properties"))

form = ui.Form(PAGE, DEFAULT, PATHS)
ui.show_notices(form.notices)


def on_preset(name: str, _cfg) -> None:
    """After a preset is loaded: the adding problem is compared with a plain RNN."""
    st.session_state[f"{PAGE}.compare"] = ["rnn"] if name == "adding_lstm" else []


def load_text() -> None:
    """``on_change`` of the text uploader: validate (UTF-8, not empty, not huge), then reset."""
    ss = st.session_state
    f = ss.get(f"{PAGE}.up_text")
    ss.pop(f"{PAGE}._text_error", None)
    ss[f"{PAGE}._text"] = None
    if f is not None:
        try:
            ss[f"{PAGE}._text"] = check_text(f.getvalue())
        except TextError as err:
            ss[f"{PAGE}._text_error"] = err
    ss[f"{PAGE}._reset"] = True


U.guard(form)

left, right = st.columns([1, 2.3], gap="large")
with left:
    st.subheader(t("rnn.settings"))
    preset_slot = st.container()  # filled after form.collect (pages/_presets.py)
    name = U.task_widgets(form)
    if name == "chars":
        st.file_uploader(
            t("rnn.upload_text"),
            type=["txt"],
            key=f"{PAGE}.up_text",
            on_change=load_text,
            help=t("rnn.upload_text_help"),
        )
        if f"{PAGE}._text_error" in st.session_state:
            err = st.session_state[f"{PAGE}._text_error"]
            st.error(t(err.key, **err.kwargs))
        elif st.session_state.get(f"{PAGE}._text"):
            st.caption(t("rnn.text_in_use", n=len(st.session_state[f"{PAGE}._text"])))
    cell = U.cell_widgets(form)
    U.train_widgets(form)
    others = [c for c in U.CELLS if c != cell]
    st.multiselect(
        t("rnn.compare"),
        others,
        key=f"{PAGE}.compare",
        format_func=ui.fmt("rnn.cell"),
        max_selections=2,
        help=t("rnn.compare_help"),
        placeholder=t("rnn.compare_placeholder"),
    )
    U.limits_caption()

cfg = form.collect(data={"train_ratio": 0.9 if name == "chars" else 0.8})
_presets.preset_box(
    preset_slot, form, cfg, prefix="rnn_", order=PRESET_ORDER, label_key="rnn.preset.{}",
    note_key="rnn.preset.{}.note", title_key="rnn.preset", on_load=on_preset,
)  # fmt: skip


def build(c, device: str) -> Trainer:
    """The page's Trainer; a character model uses the uploaded text when there is one."""
    text = st.session_state.get(f"{PAGE}._text")
    if c.data.name == "chars" and text:
        ds = make_chars(c.data, text)
        return Trainer(c, device=device, dataset=ds, eval_every=50, max_params=U.MAX_PARAMS)
    return U.build(c, device)


tr = ui.trainer(PAGE, cfg, build)


def compare_trainers(main) -> dict:
    """The comparison runs: same data and settings, another cell; rebuilt with the main run."""
    ss = st.session_state
    wanted = [c for c in ss.get(f"{PAGE}.compare", []) if c != main.cfg.model.cell]
    box = ss.get(f"{PAGE}._cmp")
    if box is None or box["main"] is not main:
        box = {"main": main, "runs": {}}
    runs = {}
    for c in wanted:
        run = box["runs"].get(c)
        if run is None:
            try:
                run = build(main.cfg.with_(model={"cell": c}), main.device)
            except Exception as err:  # noqa: BLE001 — a config error is shown, never raised
                st.error(t(getattr(err, "key", "rnn.compare_failed"), **getattr(err, "kwargs", {})))
                continue
        runs[c] = run
    box["runs"] = runs
    ss[f"{PAGE}._cmp"] = box
    return runs


def task_view(tr) -> None:
    """What the current model does on one test example of the task."""
    ds = tr.dataset
    if name in ("sine", "sines", "adding"):
        k = int(st.session_state.get(f"{PAGE}.example", 0)) % len(ds.x_test)
        x = ds.x_test[k]
        pred = float(tr.predict(x[None])[0].reshape(-1)[0])
        target = float(ds.y_test[k].reshape(-1)[0])
        if name == "adding":
            marked = np.nonzero(x[:, 1])[0]
            st.markdown(
                t(
                    "rnn.adding_example",
                    a=f"{x[marked[0], 0]:.3f}",
                    b=f"{x[marked[-1], 0]:.3f}",
                    i=int(marked[0]) + 1,
                    j=int(marked[-1]) + 1,
                    y=f"{target:.3f}",
                    p=f"{pred:.3f}",
                )
            )
        else:
            names = (t("rnn.window"), t("rnn.target"), t("rnn.forecast"))
            st.plotly_chart(F.forecast_figure(x[:, 0], target, pred, names), key=f"{PAGE}.fc")
    elif name == "order":
        vocab = ds.meta["vocab"]
        probs = tr.predict(ds.x_test[:6])
        rows = [
            f"- {S.decode_order(ds.x_test[k], vocab)} → **{t(f'rnn.order.{int(p.argmax())}')}** "
            f"({p.max():.2f}) {'✅' if int(p.argmax()) == int(ds.y_test[k]) else '❌'}"
            for k, p in enumerate(probs)
        ]
        st.markdown("\n".join(rows))
        acc = st.session_state.get(f"{PAGE}._bow", {}).get(cfg.data)
        if acc is None:
            acc = S.bag_of_words_accuracy(ds)
            st.session_state[f"{PAGE}._bow"] = {cfg.data: acc}
        st.info(t("rnn.bow", acc=f"{acc:.0%}"))
    else:
        temp = float(st.session_state.get(f"{PAGE}.temperature", 0.7))
        prime = st.session_state.get(f"{PAGE}.prime") or ds.meta["text"][:10]
        text = R.sample(
            tr.model, ds.meta["vocab"], prime, n=240, temperature=temp, seed=tr.step_count
        )
        st.markdown(t("rnn.sample_at", step=tr.step_count))
        st.code(prime + text, language=None, wrap_lines=True)


def draw(tr) -> None:
    runs = compare_trainers(tr)
    for c, run in runs.items():  # the comparison runs follow the main run's step count
        if run.stop is None and run.step_count < tr.step_count:
            run.step(tr.step_count - run.step_count, time_budget_s=0.12)
        if run.stop is not None:
            st.warning(f"{t(f'rnn.cell.{c}')}: {t(run.stop.key, **run.stop.kwargs)}")
    U.metrics(tr)
    curves = {t(f"rnn.cell.{tr.cfg.model.cell}"): (tr.history.batch.x, tr.history.batch["loss"])}
    for c, run in runs.items():
        curves[t(f"rnn.cell.{c}")] = (run.history.batch.x, run.history.batch["loss"])
    base = (S.ADDING_BASELINE_MSE, t("rnn.baseline")) if name == "adding" else None
    fig = F.loss_compare_figure(curves, t("train.step_axis"), t("train.loss"), base)
    st.plotly_chart(fig, key=f"{PAGE}.loss")
    if len(runs):
        cols = st.columns(len(runs) + 1)
        for col, (c, run) in zip(cols, [(tr.cfg.model.cell, tr), *runs.items()], strict=True):
            ev = run.last_eval.get("test_loss", float("nan"))
            col.metric(t(f"rnn.cell.{c}"), f"{ev:.4g}", help=t("train.test_loss"))
    task_view(tr)


with right:
    if tr is None:
        st.stop()
    ui.controls(PAGE, tr)
    ui.live(PAGE, tr, draw)
    if name in ("sine", "sines", "adding"):
        st.number_input(t("rnn.example"), 0, 10_000, key=f"{PAGE}.example")
    elif name == "chars":
        c1, c2 = st.columns(2)
        c1.slider(t("rnn.temperature"), 0.0, 2.0, 0.7, 0.05, key=f"{PAGE}.temperature")
        c2.text_input(t("rnn.prime"), key=f"{PAGE}.prime", max_chars=40)
        st.caption(t("rnn.temperature_help"))
    if name == "adding":
        st.caption(t("rnn.adding_notice"))

with st.expander(t("share.title")):
    ui.share(form, cfg, tr, "rnn")
    if tr is not None:
        st.caption(t("rnn.device_params", n=tr.n_params, device=tr.device))
