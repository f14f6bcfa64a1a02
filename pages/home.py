"""Home: what the playground is, the chapters, the device in use."""

import streamlit as st

from dlcore.train import available_devices, device_label
from ui.controls import device
from ui.language import t

CHAPTERS = ("history", "ff", "training", "cnn", "rnn", "ae")

st.title(t("home.title"))
st.markdown(t("home.lead"))
st.info(t("home.device", device=device_label(device())), icon="🖥️")
st.caption(t("home.devices_here", devices=", ".join(device_label(d) for d in available_devices())))

st.subheader(t("home.chapters"))
for i, ch in enumerate(CHAPTERS, start=1):
    st.markdown(f"**{i}. {t(f'chapter.{ch}')}** — {t(f'home.line.{ch}')}")
st.caption(t("home.howto"))
