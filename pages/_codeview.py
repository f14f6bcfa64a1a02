"""Show the code: the current experiment as a standalone PyTorch script.

Called once from ``_ui.share`` (inside the share expander, so a toggle rather
than a nested expander). The script comes from ``dlcore.codegen``, a pure
function of the config, cached per config text.
"""

from __future__ import annotations

import streamlit as st

from dlcore.codegen import CodegenError, script
from dlcore.config import ExperimentConfig, from_json
from dlcore.i18n import t


@st.cache_data(max_entries=64, show_spinner=False)
def _script_for(cfg_json: str) -> str:
    cfg, _ = from_json(cfg_json)
    return script(cfg)


def show_code(
    page: str, cfg: ExperimentConfig, filename: str, lang: str, custom_data: bool = False
) -> None:
    """A "Show the code" toggle; when on, the script with syntax highlighting and a download."""
    if not st.toggle(t("code.show", lang), key=f"{page}.show_code", help=t("code.help", lang)):
        return
    try:
        text = _script_for(cfg.to_json())
    except CodegenError as err:
        st.info(t(err.key, lang, **err.kwargs))
        return
    except (ValueError, KeyError):  # a config the Trainer refuses too (its page says why)
        st.info(t("code.error.module", lang))
        return
    if custom_data:
        st.warning(t("code.custom_data", lang))
    st.caption(t("code.run_hint", lang, file=f"{filename}.py"))
    st.download_button(
        t("code.download", lang),
        text,
        file_name=f"{filename}.py",
        mime="text/x-python",
        key=f"{page}.dl_code",
    )
    st.code(text, language="python", line_numbers=True)


@st.cache_data(max_entries=64, show_spinner=False)
def _gan_script_for(cfg_json: str) -> str:
    from dlcore.gan import gan_from_json
    from dlcore.gan_code import script as gan_script

    cfg, _ = gan_from_json(cfg_json)
    return gan_script(cfg)


def show_gan(cfg, lang: str, filename: str = "gan_experiment") -> None:
    """The /gan page's share box: its config (for ``python -m dlcore run``) and its
    "Show the code" (dlcore/gan_code.py), as ``_ui.share`` does for the other pages."""
    from dlcore.config import ConfigError

    st.download_button(
        t("share.download_config", lang),
        cfg.to_json(),
        file_name=f"{filename}.json",
        mime="application/json",
        key="gan.dl_cfg",
    )
    st.caption(t("share.cli_hint", lang))
    st.code(f"python -m dlcore run {filename}.json --steps 2000", language="bash")
    if not st.toggle(t("code.show", lang), key="gan.show_code", help=t("code.help", lang)):
        return
    try:
        text = _gan_script_for(cfg.to_json())
    except ConfigError as err:  # a drawn target without its points (the page says so too)
        st.info(t(err.key, lang, **err.kwargs))
        return
    st.caption(t("code.run_hint", lang, file=f"{filename}.py"))
    st.download_button(
        t("code.download", lang),
        text,
        file_name=f"{filename}.py",
        mime="text/x-python",
        key="gan.dl_code",
    )
    st.code(text, language="python", line_numbers=True)
