"""The preset box every training page shares: presets in teaching order, the loaded one shown.

The box shows the preset whose config the page is running, or "custom" as soon as one
setting differs — also after a share link or a JSON upload, because it compares the
page's current config with each preset's config instead of remembering a click. Draw it
after ``form.collect()`` (into a container made where the box should appear): then it
compares this run's config, not the last one. Not a page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from dlcore import config as C
from dlcore import i18n
from dlcore.presets import load, matching, names
from ui.form import Form, use
from ui.language import lang

CUSTOM = "custom"


def preset_box(
    slot,
    form: Form,
    cfg: C.ExperimentConfig,
    *,
    prefix: str,
    order: Sequence[str],
    label_key: str,
    note_key: str,
    title_key: str,
    extra_paths: Sequence[str] = (),
    on_load: Callable[[str, C.ExperimentConfig], None] | None = None,
) -> str | None:
    """Draw the preset box into ``slot``; returns the preset running now, or None (custom).

    ``label_key`` / ``note_key`` are format strings with ``{}`` for the preset's name (its
    title and its one-line lesson); ``extra_paths`` are config fields the page sets
    outside ``form.paths`` (e.g. ``model.hidden`` from depth × width); ``on_load`` runs
    after a preset was applied (in the selectbox's callback).
    """
    ss = st.session_state
    key = f"{form.page}.preset"
    avail = names(prefix, order)
    presets = {n: c for n in avail if (c := load(prefix, n, form.default)) is not None}
    paths = list(dict.fromkeys([*form.paths, *extra_paths]))
    now = matching(cfg, presets, paths)
    ss[key] = now or CUSTOM  # before the widget: it shows what is loaded, not what was picked

    def _load() -> None:
        name = ss.get(key)
        p = presets.get(name)
        if p is None:  # "custom" picked: nothing to load
            return
        use(p, form.apply)
        if on_load is not None:
            on_load(name, p)

    code = lang()  # options in this run's language (format_func is called later)

    def label(name: str) -> str:
        if name == CUSTOM:
            return i18n.t("preset.custom", code)
        return i18n.t(label_key.format(name), code)

    with slot:
        st.selectbox(
            i18n.t(title_key, code),
            [CUSTOM, *presets],
            key=key,
            format_func=label,
            on_change=_load,
        )
        if now is not None:
            st.info(i18n.t(note_key.format(now), code), icon="💡")
        else:
            st.caption(i18n.t("preset.custom_note", code))
    return now
