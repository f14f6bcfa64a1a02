"""Config fields bound to widgets and to the URL (:class:`Form`), the sidebar's seed, and
loading a preset or an uploaded config (:func:`use`). Not a page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import streamlit as st

from dlcore import config as C
from ui.language import lang


def seed() -> int:
    """The seed chosen in the sidebar."""
    return int(st.session_state.get("seed", 0))


def use(cfg: Any, apply: Callable[[Any], None]) -> None:
    """Load a preset or an uploaded config: ``apply(cfg)`` sets the page's widgets, and
    the sidebar's seed becomes the preset's (its curves are the ones its note describes).
    Call from a widget's callback."""
    apply(cfg)
    st.session_state["seed"] = cfg.seed


def _get(cfg: C.ExperimentConfig, path: str) -> Any:
    sec, _, name = path.partition(".")
    return getattr(getattr(cfg, sec), name) if name else getattr(cfg, sec)


def _to_widget(v: Any) -> Any:
    return list(v) if isinstance(v, tuple) else v


class Form:
    """Config fields bound to widget keys ``"{page}.{section}.{field}"``.

    The config comes from the URL on a fresh load (bad fields → notices), else from
    this session's last config for the page, else ``default``. Create widgets with
    ``key=form.k(path)`` and no ``value=``; then ``cfg = form.collect()`` reads them
    back, stores the config and writes the URL.
    """

    def __init__(self, page: str, default: C.ExperimentConfig, paths: list[str]) -> None:
        self.page, self.default, self.paths = page, default, paths
        self.notices: list[C.Notice] = []
        ss = st.session_state
        query = {
            k: st.query_params.get_all(k) for k in st.query_params.keys() if k not in C.SHELL_KEYS
        }
        flat = {k: v[-1] if v else "" for k, v in query.items()}
        owner = st.query_params.get("page")
        if owner is not None and owner != page:
            flat = {}  # another page's config left in the URL: not ours to read
        if flat and flat != ss.get(f"{page}._query"):
            cfg, self.notices = C.from_query(flat, base=default)
            self.apply(replace(cfg, seed=seed()))
            ss[f"{page}._query"] = flat
            ss[f"{page}._notices"] = self.notices
        elif f"{page}._cfg" not in ss:
            self.apply(replace(default, seed=seed()))
        else:
            self.notices = ss.get(f"{page}._notices", [])
        cfg = ss[f"{page}._cfg"]
        for p in paths:  # widgets forgotten after a page switch come back from the config
            if self.k(p) not in ss:
                ss[self.k(p)] = _to_widget(_get(cfg, p))

    def k(self, path: str) -> str:
        return f"{self.page}.{path}"

    @property
    def cfg(self) -> C.ExperimentConfig:
        return st.session_state[f"{self.page}._cfg"]

    def apply(self, cfg: C.ExperimentConfig) -> None:
        """Set every bound widget from ``cfg`` (call before widgets are drawn, or in a callback)."""
        ss = st.session_state
        ss[f"{self.page}._cfg"] = cfg
        for p in self.paths:
            ss[self.k(p)] = _to_widget(_get(cfg, p))

    def collect(self, **overrides: dict[str, Any]) -> C.ExperimentConfig:
        """The config from the widgets (+ ``overrides`` per section); stored and put in the URL."""
        ss = st.session_state
        cfg = self.cfg
        updates: dict[str, dict[str, Any]] = {}
        for p in self.paths:
            sec, _, name = p.partition(".")
            v = ss.get(self.k(p))
            if isinstance(v, list):
                v = tuple(v)
            updates.setdefault(sec, {})[name] = v
        for sec, vals in overrides.items():
            updates.setdefault(sec, {}).update(vals)
        cfg = cfg.with_(**updates, seed=seed())
        ss[f"{self.page}._cfg"] = cfg
        self.sync_url(cfg)
        return cfg

    def sync_url(self, cfg: C.ExperimentConfig) -> None:
        q = cfg.to_query(base=self.default)  # the family's fields that differ from the page's
        ss = st.session_state
        if "lecture" in st.query_params and self._url_describes(cfg):
            return  # a lecture step's URL stays as it is: one history entry per step
        ss[f"{self.page}._query"] = {k: v for k, v in q.items()}
        full = {"lang": lang(), "page": self.page, **q}
        for k in ("present", "hide", "view", "lecture"):
            if k in st.query_params:
                full[k] = st.query_params[k]
        current = {k: st.query_params.get(k) for k in st.query_params.keys()}
        if current != full:
            st.query_params.from_dict(full)

    def _url_describes(self, cfg: C.ExperimentConfig) -> bool:
        """Whether this (lecture step's) URL still stands for ``cfg``: the config the page
        ran with when the URL arrived, until a setting changes."""
        ss = st.session_state
        url = tuple(sorted((k, st.query_params.get(k)) for k in st.query_params.keys()))
        seen = ss.get(f"{self.page}._lecture_url")
        if seen is None or seen[0] != url:
            ss[f"{self.page}._lecture_url"] = (url, cfg)
            flat = {k: v for k, v in url if k not in C.SHELL_KEYS}
            ss[f"{self.page}._query"] = flat  # read, so not applied again
            return True
        return seen[1] == cfg

    def load_json_callback(self, uploader_key: str) -> None:
        """``on_change`` of a config uploader: parse, apply, remember notices or error."""
        f = st.session_state.get(uploader_key)
        if f is None:
            return
        try:
            cfg, notices = C.from_json(f.getvalue(), base=self.default)
        except C.ConfigError as err:
            st.session_state[f"{self.page}._upload_msg"] = ("error", err.key, err.kwargs)
            return
        use(cfg, self.apply)
        st.session_state[f"{self.page}._notices"] = notices
        st.session_state[f"{self.page}._upload_msg"] = ("success", "share.config_loaded", {})
