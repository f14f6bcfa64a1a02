"""Shared widgets of the convolution pages: the input image and the kernel (not a page)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from dlcore.config import DataConfig
from dlcore.data import upload as U
from dlcore.data.images import digits_raw, resize_images
from dlcore.data.shapes import SHAPE_NAMES, natural_image, render_shapes
from dlcore.scratch.conv import KERNEL_PRESETS, kernel_preset, parse_kernel
from ui.language import fmt, t

SOURCES = ("digit", "shape", "natural", "upload")


@st.cache_data(max_entries=64)
def sample_image(source: str, index: int, size: int) -> np.ndarray:
    """A built-in sample as a (size, size) float32 image in [0, 1]."""
    if source == "digit":
        imgs, _ = digits_raw()
        return resize_images(imgs[index : index + 1], size)[0]
    if source == "shape":
        rng = np.random.default_rng([DataConfig().seed, 600 + index])
        return render_shapes(np.array([index % len(SHAPE_NAMES)]), size, rng, noise=0.0)[0]
    return natural_image(size, seed=index)


@st.cache_data(max_entries=8, show_spinner=False)
def decode_upload(
    data: bytes, size: int
) -> tuple[np.ndarray | None, list[str], tuple[str, dict] | None]:
    """(image or None, conversion notes, (error key, kwargs) or None); cached by content."""
    return U.decode_upload(data, size, digit=False)


def input_image(prefix: str, default_size: int = 28, max_size: int = 64) -> np.ndarray:
    """Source, sample and size widgets; returns the image (a digit if an upload is refused)."""
    ss = st.session_state
    c1, c2, c3 = st.columns([1.2, 1, 1])
    source = c1.selectbox(
        t("cnn.source"), SOURCES, key=f"{prefix}.source", format_func=fmt("cnn.source")
    )
    size = c3.slider(
        t("cnn.size"), 7, max_size, default_size, key=f"{prefix}.size", help=t("cnn.size_help")
    )
    if source != "upload":
        index = c2.number_input(t("cnn.sample"), 0, 99, 0, key=f"{prefix}.sample")
        return sample_image(source, int(index), int(size))
    up = c2.file_uploader(t("cnn.upload"), type=["png", "jpg", "jpeg"], key=f"{prefix}.upload")
    if up is None:
        st.info(t("cnn.upload_hint"))
        return sample_image("digit", 0, int(size))
    img, notes, err = decode_upload(up.getvalue(), int(size))
    for note in notes:
        st.caption(t(note))
    if err is not None:
        st.error(t(err[0], **err[1]))
        ss[f"{prefix}._upload_error"] = err[0]
        return sample_image("digit", 0, int(size))
    return img


def kernel_widget(prefix: str) -> np.ndarray:
    """Preset + size + a cell-by-cell editor; an invalid cell keeps the last valid kernel."""
    ss = st.session_state
    kkey, vkey = f"{prefix}._kernel", f"{prefix}._kver"

    def load_preset() -> None:
        ss[kkey] = ss[f"{prefix}._kbase"] = kernel_preset(
            ss[f"{prefix}.preset"], int(ss[f"{prefix}.k"])
        )
        ss[vkey] = ss.get(vkey, 0) + 1

    c1, c2 = st.columns([2, 1])
    c1.selectbox(
        t("cnn.kernel_preset"),
        KERNEL_PRESETS,
        key=f"{prefix}.preset",
        on_change=load_preset,
        format_func=fmt("cnn.kernel"),
    )
    c2.select_slider(t("cnn.kernel_size"), [3, 5, 7], key=f"{prefix}.k", on_change=load_preset)
    if kkey not in ss:
        load_preset()
    last, base = ss[kkey], ss[f"{prefix}._kbase"]
    frame = pd.DataFrame(
        [[f"{v:.4g}" for v in row] for row in base], columns=[str(j) for j in range(len(base))]
    )
    edited = st.data_editor(
        frame, key=f"{prefix}.editor{ss[vkey]}", hide_index=True, width="stretch"
    )
    parsed = parse_kernel(edited.to_numpy().tolist())
    if parsed is None:
        st.warning(t("cnn.kernel_bad"), icon="⚠️")
        return last
    ss[kkey] = parsed
    return parsed
