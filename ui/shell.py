"""DL Playground — the shell every page runs in: navigation (the lecture's table of
contents) and sidebar. app.py serves it with the live route (``st.App``); it sits in
``ui/`` so that Streamlit never sees ``pages/`` as a legacy pages folder beside its
main script."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
import torch

import ui.surface
from dlcore import catalog, i18n  # noqa: F401  (catalog: fills the registries)
from dlcore.train import available_devices, device_label
from ui import language, lecture_bar
from ui.language import t
from ui.presenter import presenter

ROOT = Path(__file__).resolve().parents[1]

# One torch thread per process: many sessions share this server's cores.
torch.set_num_threads(1)
ui.surface.no_plotly_template()  # figures build 4x faster (see there)

st.set_page_config(page_title="DL Playground · 深度学习游乐场", page_icon="🧠", layout="wide")

# Sections in the lecture's order: (file relative to the repository, title key, icon, url path).
PAGES: dict[str, list[tuple[str, str, str, str]]] = {
    "nav.start": [
        ("pages/home.py", "nav.home", "🏠", "home"),
        ("pages/lecture.py", "nav.lecture", "🎓", "lecture"),
    ],
    "chapter.history": [
        ("pages/history.py", "history.nav.timeline", "⏳", "history"),
        ("pages/neuron.py", "history.nav.neuron", "🧩", "neuron"),
        ("pages/gan.py", "gan.nav", "🎭", "gan"),
    ],
    "chapter.ff": [
        ("pages/activations.py", "history.nav.activations", "⚡", "activations"),
        ("pages/losses.py", "history.nav.losses", "🎯", "losses"),
        ("pages/ff.py", "chapter.ff", "🕸️", "ff"),
    ],
    "chapter.training": [
        ("pages/gd.py", "training.nav.gd", "⛰️", "gd"),
        ("pages/backprop.py", "training.nav.backprop", "🔗", "backprop"),
        ("pages/backprop_mlp.py", "training.nav.backprop_mlp", "🕸️", "backprop_mlp"),
        ("pages/gradflow.py", "training.nav.gradflow", "🌊", "gradflow"),
    ],
    "chapter.cnn": [
        ("pages/conv.py", "cnn.nav.conv", "🔲", "conv"),
        ("pages/conv_props.py", "cnn.nav.props", "🐇", "conv_props"),
        ("pages/cnn.py", "cnn.nav.cnn", "🧩", "cnn"),
        ("pages/cnn_shift.py", "cnn.nav.shift", "🐰", "cnn_shift"),
    ],
    "chapter.rnn": [
        ("pages/rnn.py", "rnn.nav.train", "🔁", "rnn"),
        ("pages/rnn_inside.py", "rnn.nav.inside", "🔬", "rnn_inside"),
        ("pages/rnn_gradients.py", "rnn.nav.gradients", "📉", "rnn_gradients"),
    ],
    "chapter.ae": [
        ("pages/ae.py", "ae.nav.train", "🗜️", "ae"),
        ("pages/ae_pca.py", "ae.nav.pca", "📐", "ae_pca"),
    ],
}


def _shell_from_url() -> None:
    """``?lang=`` and ``?seed=`` win over the defaults on a fresh session."""
    ss = st.session_state
    if "lang" not in ss:
        q = st.query_params.get("lang")
        if q is not None and q not in i18n.LANGS:
            ss["_bad_lang"] = q
        ss["lang"] = q if q in i18n.LANGS else i18n.normalize_lang(st.context.locale)
    if "seed" not in ss:
        try:
            ss["seed"] = max(0, min(2**31 - 1, int(st.query_params.get("seed", 0))))
        except ValueError:
            ss["seed"] = 0


def sidebar() -> None:
    sb = st.sidebar
    sb.segmented_control(
        t("shell.language"),
        list(i18n.LANGS),
        key="lang",
        format_func=lambda c: t(f"shell.lang.{c}"),
    )
    if st.session_state.get("lang") is None:  # segmented control can be cleared
        st.session_state["lang"] = i18n.DEFAULT_LANG
    devices = available_devices()
    if st.session_state.get("device") not in devices:
        st.session_state["device"] = devices[0]
    sb.selectbox(
        t("shell.device"),
        devices,
        key="device",
        format_func=device_label,
        help=t("shell.device_help"),
    )
    sb.number_input(
        t("shell.seed"),
        min_value=0,
        max_value=2**31 - 1,
        step=1,
        key="seed",
        help=t("shell.seed_help"),
    )
    bad = st.session_state.pop("_bad_lang", None)
    if bad:
        sb.warning(t("shell.bad_lang", value=bad))


_shell_from_url()
nav = {
    t(section): [
        st.Page(ROOT / f, title=t(title), icon=icon, url_path=path, default=(path == "home"))
        for f, title, icon, path in pages
    ]
    for section, pages in PAGES.items()
    if pages
}
page = st.navigation(nav, expanded=True)  # every page visible, no "View more"
sidebar()
presenter()  # ?present=1&hide=… for a projector (ui/presenter.py)
language.follow_switch()  # a live language switch: option labels and the URL's lang (ui/language.py)
lecture_bar.bar(page)  # ?lecture=N: the step's note, Previous / Next (ui/lecture_bar.py)
page.run()
