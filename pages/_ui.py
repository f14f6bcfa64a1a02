"""Streamlit glue shared by every page: language, config ↔ widgets ↔ URL, live training.

Pages stay thin: they draw widgets through these helpers, hand the values to
``dlcore`` and plot what comes back. Nothing here does maths.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import streamlit as st

from dlcore import config as C
from dlcore import i18n, limits
from dlcore.io import WeightsError, load_weights, weights_to_bytes
from dlcore.train import Trainer, available_devices, device_label
from ui.presenter import present_query, presenter, presenting  # noqa: F401 - re-exported
from ui.surface import LANG

ROOT = Path(__file__).resolve().parents[1]


def page(rel: str) -> str:
    """A page file (``"pages/ff.py"``, relative to the repository) as ``st.page_link``
    wants it: the shell that registers the pages lives in ui/, not beside pages/."""
    return str(ROOT / rel)


# -- language -----------------------------------------------------------------------------


def lang() -> str:
    """The session's language ('zh' or 'en'); on the live engine's worker, the frame's."""
    code = LANG.get()
    if code is not None:
        return code
    return st.session_state.get("lang", i18n.DEFAULT_LANG)


def t(key: str, **kwargs: object) -> str:
    """Translate ``key`` into the session's language."""
    return i18n.t(key, lang(), **kwargs)


def fmt(prefix: str) -> Callable[[str], str]:
    """A ``format_func`` translating registry names: ``fmt("act")("relu")`` → t("act.relu").

    The language is fixed when called: AppTest calls format_func outside the script
    run, where the session's language cannot be read (it would fall back to zh).
    """
    code = lang()
    return lambda name: i18n.t(f"{prefix}.{name}", code)


def device() -> str:
    """The device chosen in the sidebar (applies at a training page's next Reset)."""
    dev = st.session_state.get("device", "cpu")
    return dev if dev in available_devices() else "cpu"


def seed() -> int:
    return int(st.session_state.get("seed", 0))


def show_notices(notices: list[C.Notice]) -> None:
    """One warning box naming each ignored / defaulted setting."""
    if notices:
        lines = "\n".join(f"- {n.message(lang())}" for n in notices)
        st.warning(f"{t('config.notices_title')}\n\n{lines}", icon="⚠️")


# -- config bound to widgets and to the URL ----------------------------------------------


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
        q = cfg.to_query()
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
        self.apply(cfg)
        st.session_state["seed"] = cfg.seed
        st.session_state[f"{self.page}._notices"] = notices
        st.session_state[f"{self.page}._upload_msg"] = ("success", "share.config_loaded", {})


# -- live training ---------------------------------------------------------------------------


def _needs_rebuild(old: C.ExperimentConfig, new: C.ExperimentConfig) -> bool:
    """Everything but the learning rate rebuilds the network (TF Playground's rule)."""
    return replace(old, train=replace(old.train, lr=new.train.lr)) != new


def trainer(
    key: str,
    cfg: C.ExperimentConfig,
    build: Callable[[C.ExperimentConfig, str], Trainer] | None = None,
    *,
    caps: limits.Limits | None = None,
) -> Trainer | None:
    """This session's Trainer for a page, rebuilt on Reset or when the config changes.

    A learning-rate change is applied in place. Returns None (after showing why)
    if the config cannot be built. ``caps`` replaces the hosting limits for a page
    that needs another one (the gradient-flow page allows 30 narrow layers).
    """
    ss = st.session_state
    caps = caps or limits.LIMITS
    cfg, hits = limits.clamp_config(cfg, caps)  # hosting caps (dlcore/limits.py)
    show_limits(hits)
    cap = caps.max_params
    build = build or (lambda c, d: Trainer(c, device=d, max_params=cap))
    tr: Trainer | None = ss.get(f"{key}._trainer")
    if tr is None or ss.pop(f"{key}._reset", False) or _needs_rebuild(tr.cfg, cfg):
        try:
            tr = build(cfg, device())
            if tr.n_params > cap:  # a page's own build without max_params
                raise C.ConfigError(
                    "limits.params", "too many parameters", n=tr.n_params, limit=cap
                )
        except C.ConfigError as err:
            st.error(t(err.key, **err.kwargs))
            ss.pop(f"{key}._trainer", None)
            return None
        ss[f"{key}._trainer"] = tr
        ss[f"{key}._playing"] = False
    elif tr.cfg.train.lr != cfg.train.lr:
        tr.set_lr(cfg.train.lr)
        tr.cfg = cfg
        if tr.stop is not None:
            tr.resume()
    return tr


def playing(key: str) -> bool:
    return bool(st.session_state.get(f"{key}._playing", False))


def controls(key: str, tr: Trainer, epoch_button: bool = True) -> None:
    """Play / Pause, Step (one batch), Step (one epoch), Reset; then the stop message, if any."""
    ss = st.session_state

    def toggle() -> None:
        ss[f"{key}._playing"] = not ss.get(f"{key}._playing", False)
        if ss[f"{key}._playing"] and tr.stop is not None:
            tr.resume()

    def step(n: int) -> None:
        ss[f"{key}._playing"] = False
        if tr.stop is not None:
            tr.resume()
        tr.step(n)

    def reset() -> None:
        ss[f"{key}._reset"] = True
        ss[f"{key}._playing"] = False

    cols = st.columns(4 if epoch_button else 3)
    cols[0].button(
        t("train.pause") if playing(key) else t("train.play"),
        key=f"{key}.btn_play",
        on_click=toggle,
        type="primary",
        use_container_width=True,
    )
    cols[1].button(
        t("train.step"), key=f"{key}.btn_step", on_click=step, args=(1,), use_container_width=True
    )
    if epoch_button:
        cols[2].button(
            t("train.step_epoch"),
            key=f"{key}.btn_epoch",
            on_click=step,
            args=(tr.steps_per_epoch,),
            use_container_width=True,
        )
    cols[-1].button(
        t("train.reset"), key=f"{key}.btn_reset", on_click=reset, use_container_width=True
    )
    dev = getattr(tr, "device", None)  # a live target that is not a Trainer may have none
    if dev is not None and dev != device():
        st.caption(t("train.device_pending", new=device_label(device()), old=device_label(dev)))


def show_stop(tr: Trainer) -> None:
    if tr.stop is not None:
        st.error(t(tr.stop.key, **tr.stop.kwargs), icon="🛑")


def live(
    key: str,
    tr: Trainer,
    draw: Callable[[Trainer], None],
    budget_s: float = 0.15,
    every_s: float = 0.25,
    max_steps: int | None = None,
    step: Callable[[Any, int, float], Any] | None = None,
) -> None:
    """Train a bounded chunk, then ``draw(tr)``; repeats every ``every_s`` while playing.
    ``step(tr, n, budget_s)`` trains instead of ``tr.step`` (a page's own slice).

    Torch work comes first and is bounded by ``budget_s``; a stop (divergence)
    pauses play through a full rerun so the page can show why.
    """
    run_every = every_s if playing(key) and tr.stop is None else None

    @st.fragment(run_every=run_every)
    def _tick() -> None:
        if playing(key) and tr.stop is None:
            secs, steps = limits.update_budget(budget_s, max_steps)
            if step is not None:
                step(tr, steps, secs)
            else:
                tr.step(time_budget_s=secs, max_steps=steps)
            if tr.stop is not None:
                st.session_state[f"{key}._playing"] = False
                st.rerun()
        show_stop(tr)
        with tr.lock:  # a consistent view even while a stopping run still trains
            draw(tr)

    _tick()


def share(form: Form, cfg: C.ExperimentConfig, tr: Trainer | None, filename: str) -> None:
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
    from pages._codeview import show_code

    show_code(page, cfg, filename, lang(), custom_data=tr is not None and tr.custom_data)
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


# -- classroom: per-session limits (presenter mode: ui/presenter.py) ---------------------


def show_limits(hits: list[limits.Hit]) -> None:
    """One warning box naming each hosting cap that was hit (see ``dlcore/limits.py``)."""
    if hits:
        lines = "\n".join(f"- {h.message(lang())}" for h in hits)
        st.warning(f"{t('limits.title')}\n\n{lines}", icon="🚦")
