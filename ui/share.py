"""Share an experiment: its config (JSON, the CLI line), its weights (safetensors) and
the code (a standalone PyTorch script). Not a page.

"Show the code" is a toggle inside the share expander (not a nested expander). The
script comes from ``dlcore.codegen``, a pure function of the config, cached per
config text.
"""

from __future__ import annotations

import streamlit as st

from dlcore.codegen import CodegenError, script
from dlcore.config import ExperimentConfig, from_json
from dlcore.io import WeightsError, load_weights, weights_to_bytes
from dlcore.train import Trainer
from ui.form import Form
from ui.language import t


@st.cache_data(max_entries=64, show_spinner=False)
def _script_for(cfg_json: str) -> str:
    cfg, _ = from_json(cfg_json)
    return script(cfg)


def code_box(page: str, text: str, filename: str) -> None:
    """A script with syntax highlighting, its download and how to run it."""
    st.caption(t("code.run_hint", file=f"{filename}.py"))
    st.download_button(
        t("code.download"),
        text,
        file_name=f"{filename}.py",
        mime="text/x-python",
        key=f"{page}.dl_code",
    )
    st.code(text, language="python", line_numbers=True)


def show_code(page: str, cfg: ExperimentConfig, filename: str, custom_data: bool = False) -> None:
    """A "Show the code" toggle; when on, the script with syntax highlighting and a download."""
    if not st.toggle(t("code.show"), key=f"{page}.show_code", help=t("code.help")):
        return
    try:
        text = _script_for(cfg.to_json())
    except CodegenError as err:
        st.info(t(err.key, **err.kwargs))
        return
    except (ValueError, KeyError):  # a config the Trainer refuses too (its page says why)
        st.info(t("code.error.module"))
        return
    if custom_data:
        st.warning(t("code.custom_data"))
    code_box(page, text, filename)


def share(form: Form, cfg: ExperimentConfig, tr: Trainer | None, filename: str) -> None:
    """Download / upload of the config (JSON) and the weights (safetensors)."""
    page = form.page
    st.caption(t("share.link_help"))
    st.download_button(
        t("share.download_config"),
        cfg.to_json(),
        file_name=f"{filename}.json",
        mime="application/json",
        key=f"{page}.dl_cfg",
    )
    st.file_uploader(
        t("share.upload_config"),
        type=["json"],
        key=f"{page}.up_cfg",
        on_change=form.load_json_callback,
        args=(f"{page}.up_cfg",),
    )
    msg = st.session_state.pop(f"{page}._upload_msg", None)
    if msg:
        getattr(st, msg[0])(t(msg[1], **msg[2]))
    st.caption(t("share.cli_hint"))
    st.code(f"python -m dlcore run {filename}.json --steps 2000", language="bash")
    show_code(page, cfg, filename, custom_data=tr is not None and tr.custom_data)
    if tr is None:
        return
    st.download_button(
        t("share.download_weights"),
        weights_to_bytes(tr.model),
        file_name=f"{filename}.safetensors",
        mime="application/octet-stream",
        key=f"{page}.dl_w",
    )
    up = st.file_uploader(t("share.upload_weights"), type=["safetensors"], key=f"{page}.up_w")
    if up is not None and st.session_state.get(f"{page}._w_done") != up.file_id:
        st.session_state[f"{page}._w_done"] = up.file_id
        try:
            load_weights(tr.model, up.getvalue())
            tr.evaluate()
            st.success(t("share.weights_loaded"))
        except WeightsError as err:
            st.error(t(err.key, **err.kwargs))


@st.cache_data(max_entries=64, show_spinner=False)
def _gan_script_for(cfg_json: str) -> str:
    from dlcore.gan import gan_from_json
    from dlcore.gan_code import script as gan_script

    cfg, _ = gan_from_json(cfg_json)
    return gan_script(cfg)


def show_gan(cfg, filename: str = "gan_experiment") -> None:
    """The /gan page's share box: its config (for ``python -m dlcore run``) and its
    "Show the code" (dlcore/gan_code.py), as :func:`share` does for the other pages."""
    from dlcore.config import ConfigError

    st.download_button(
        t("share.download_config"),
        cfg.to_json(),
        file_name=f"{filename}.json",
        mime="application/json",
        key="gan.dl_cfg",
    )
    st.caption(t("share.cli_hint"))
    st.code(f"python -m dlcore run {filename}.json --steps 2000", language="bash")
    if not st.toggle(t("code.show"), key="gan.show_code", help=t("code.help")):
        return
    try:
        text = _gan_script_for(cfg.to_json())
    except ConfigError as err:  # a drawn target without its points (the page says so too)
        st.info(t(err.key, **err.kwargs))
        return
    code_box("gan", text, filename)
