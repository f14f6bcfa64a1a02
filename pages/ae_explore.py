"""Autoencoder page: the code space to explore (ordinary Streamlit, on the paused page).

A scatter of the test codes (click a point, or pick one with the sliders) decoded
back into an input, and the interpolation between two test examples. Its widgets
rerun the page, so it is drawn only while the model is paused. Not a page of its own.
"""

import numpy as np
import streamlit as st

from dlcore.figures import ae as F
from dlcore.models.ae import code_from_view, decode_np, interpolate
from dlcore.scratch import pca
from dlcore.train import Trainer
from pages.ae_live import class_names
from ui.language import t

ss = st.session_state


def clicked_point(k: int) -> np.ndarray | None:
    """The (x, y) of the point clicked on the code scatter, if any."""
    try:
        pts = ss["ae.fig_code"]["selection"]["points"] if k >= 2 else []
        return np.array([pts[0]["x"], pts[0]["y"]], np.float32) if pts else None
    except (KeyError, IndexError, TypeError):
        return None


def explore(tr: Trainer, codes: np.ndarray, is_img: bool) -> None:
    """Code space: scatter, decode a picked point, interpolate between two test examples."""
    ds, model = tr.dataset, tr.model
    k = codes.shape[1]
    st.subheader(t("ae.code_space"))
    st.caption(t("ae.code_space_help" if k <= 2 else "ae.code_space_pca", k=k))
    proj, p = pca.project_2d(codes)
    axes = ("h₁", "h₂") if p is None else (t("ae.pc", i=1), t("ae.pc", i=2))
    cols = st.columns(2 if k >= 2 else 1)
    s = [cols[i].slider(t("ae.pick", i=i + 1), -3.0, 3.0, 0.0, 0.1, key=f"ae.pick{i + 1}",
                        help=t("ae.pick_help")) for i in range(min(k, 2))]  # fmt: skip
    h_pick, picked2 = code_from_view(codes, proj, p, s)
    clicked = clicked_point(k)
    if clicked is not None:  # a click on the scatter wins over the sliders
        picked2 = clicked
        h_pick = clicked if p is None else p.decode(clicked[None])[0].astype(np.float32)
    n = len(ds.x_test)
    for key in ("ae.interp_a", "ae.interp_b"):  # the test set may have shrunk
        if ss.get(key, 0) > n - 1:
            ss[key] = 0
    cols = st.columns(2)
    a = cols[0].number_input(t("ae.interp_a"), 0, max(0, n - 1), 0, key="ae.interp_a")
    b = cols[1].number_input(t("ae.interp_b"), 0, max(0, n - 1), min(1, n - 1), key="ae.interp_b")
    path = interpolate(codes[a], codes[b], 9)
    path2 = path if p is None else p.encode(path).astype(np.float32)
    classes = class_names(ds) if ds.n_classes else None
    if k == 1:
        st.plotly_chart(
            F.code_line_figure(codes, ds.y_test, "h₁", t("ae.position")), key="ae.fig_code1"
        )
    else:
        fig = F.code_scatter_figure(proj, ds.y_test, classes, axes[0], axes[1],
                                    picked=tuple(picked2[:2]), path=path2,
                                    picked_name=t("ae.picked"), path_name=t("ae.path"),
                                    colour_name=t("ae.position"))  # fmt: skip
        st.plotly_chart(fig, key="ae.fig_code", on_select="rerun", selection_mode="points")
    decoded = decode_np(model, np.vstack([h_pick[None], path]))
    if is_img:
        cols = st.columns([1, 5])
        cols[0].plotly_chart(
            F.image_rows_figure([decoded[:1]], [""], title=t("ae.decoded")), key="ae.fig_pick_img"
        )
        cols[1].plotly_chart(
            F.image_rows_figure(
                [ds.x_test[[a, b]], decoded[1:]],
                [t("ae.ends"), t("ae.path")],
                title=t("ae.interp_title"),
            ),
            key="ae.fig_path_img",
        )
    else:
        st.plotly_chart(
            F.points_figure(
                ds.x_test,
                decoded,
                ds.y_test,
                (t("ae.data"), t("ae.decoded")),
                t("ae.position"),
                height=360,
            ),
            key="ae.fig_path_pts",
        )
