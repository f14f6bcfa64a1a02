"""Trainer lifecycle and controls for the training pages: this session's Trainer (rebuilt
on Reset or a config change), Play / Pause / Step / Reset, and the fragment loop that
plays a page where the live route is not there (AppTest). Not a page.

The states of a page's run live in the session under :class:`Keys` (one place).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import streamlit as st

from dlcore import config as C
from dlcore import limits
from dlcore.train import Trainer, available_devices, device_label
from ui.language import show_limits, t


def device() -> str:
    """The device chosen in the sidebar (applies at a training page's next Reset)."""
    dev = st.session_state.get("device", "cpu")
    return dev if dev in available_devices() else "cpu"


class Keys:
    """The session keys that hold one page's run: its states, named in one place.

    ``trainer``: the Trainer; ``playing``: Play is on; ``reset``: rebuild at the next run
    (Reset, a preset, an upload); ``no_channel``: the live route is out of this browser's
    reach (play through Streamlit); ``play_now``: play at once on the next mount.
    """

    def __init__(self, key: str) -> None:
        self.trainer = f"{key}._trainer"
        self.playing = f"{key}._playing"
        self.reset = f"{key}._reset"
        self.no_channel = f"{key}._no_channel"
        self.play_now = f"{key}._play_now"


def request_reset(key: str) -> None:
    """Rebuild page ``key``'s Trainer at its next run, paused (Reset, a preset, a CSV)."""
    k = Keys(key)
    st.session_state[k.reset] = True
    st.session_state[k.playing] = False


def request_new_weights(key: str) -> None:
    """Reset with new initial weights: a new seed (the sidebar's, so the config and its
    share link say which), then the page's Reset. Same initial weights: Reset alone."""
    ss = st.session_state
    old = int(ss.get("seed", 0))
    seed = old
    while seed == old:
        seed = secrets.randbelow(2**31 - 1)
    ss["seed"] = seed
    request_reset(key)


def pause(key: str) -> None:
    """Stop page ``key`` playing (the fragment loop; the live view has its own pause)."""
    st.session_state[Keys(key).playing] = False


def _needs_rebuild(old: C.ExperimentConfig, new: C.ExperimentConfig) -> bool:
    """Everything but the learning rate rebuilds the network (TF Playground's rule);
    so do not the stop targets (applied in place, like the rate)."""
    n = new.train
    kept = replace(old.train, lr=n.lr, stop_acc=n.stop_acc, stop_loss=n.stop_loss)
    return replace(old, train=kept) != new


def trainer(
    key: str,
    cfg: C.ExperimentConfig,
    build: Callable[[C.ExperimentConfig, str], Trainer] | None = None,
    *,
    caps: limits.Limits | None = None,
    **trainer_kw: Any,
) -> Trainer | None:
    """This session's Trainer for a page, rebuilt on Reset or when the config changes.

    A learning-rate change is applied in place. Returns None (after showing why)
    if the config cannot be built. ``caps`` replaces the hosting limits for a page
    that needs another one (the gradient-flow page allows 30 narrow layers); its
    ``max_params`` is the one cap on the model's size. ``trainer_kw`` go to the
    default build (``eval_every=100``).
    """
    ss = st.session_state
    keys = Keys(key)
    caps = caps or limits.LIMITS
    cfg, hits = limits.clamp_config(cfg, caps)  # hosting caps (dlcore/limits.py)
    show_limits(hits)
    cap = caps.max_params
    build = build or (lambda c, d: Trainer(c, device=d, max_params=cap, **trainer_kw))
    tr: Trainer | None = ss.get(keys.trainer)
    if tr is None or ss.pop(keys.reset, False) or _needs_rebuild(tr.cfg, cfg):
        try:
            tr = build(cfg, device())
            if tr.n_params > cap:  # a page's own build without max_params
                raise C.ConfigError(
                    "limits.params", "too many parameters", n=tr.n_params, limit=cap
                )
        except C.ConfigError as err:
            st.error(t(err.key, **err.kwargs))
            ss.pop(keys.trainer, None)
            return None
        ss[keys.trainer] = tr
        ss[keys.playing] = False
    else:
        targets = (cfg.train.stop_acc, cfg.train.stop_loss)
        if (tr.cfg.train.stop_acc, tr.cfg.train.stop_loss) != targets:
            tr.set_targets(*targets)  # in place: the run goes on with the new stop condition
            tr.cfg = cfg
        if tr.cfg.train.lr != cfg.train.lr:
            tr.set_lr(cfg.train.lr)
            tr.cfg = cfg
            if tr.stop is not None:
                tr.resume()
    return tr


def playing(key: str) -> bool:
    return bool(st.session_state.get(Keys(key).playing, False))


def controls(key: str, tr: Trainer, epoch_button: bool = True, new_weights: bool = False) -> None:
    """Play / Pause, Step (one batch), Step (one epoch), Reset; then the stop message, if any.
    ``new_weights``: Reset offers same / new initial weights (ui/weights.py)."""
    ss = st.session_state
    keys = Keys(key)

    def toggle() -> None:
        ss[keys.playing] = not ss.get(keys.playing, False)
        if ss[keys.playing] and tr.stop is not None:
            tr.resume()

    def step(n: int) -> None:
        pause(key)
        if tr.stop is not None:
            tr.resume()
        tr.step(n)

    cols = st.columns((4 if epoch_button else 3) + new_weights)
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
    same = f"{t('train.reset')} · {t('train.rewind.same')}" if new_weights else t("train.reset")
    cols[-1 - new_weights].button(
        same,
        key=f"{key}.btn_reset",
        on_click=request_reset,
        args=(key,),
        use_container_width=True,
    )
    if new_weights:
        cols[-1].button(
            f"{t('train.reset')} · {t('train.rewind.new')}",
            key=f"{key}.btn_reset_new",
            on_click=request_new_weights,
            args=(key,),
            help=t("train.rewind.help"),
            use_container_width=True,
        )
    dev = getattr(tr, "device", None)  # a live target that is not a Trainer may have none
    if dev is not None and dev != device():
        st.caption(t("train.device_pending", new=device_label(device()), old=device_label(dev)))


def show_stop(tr: Trainer) -> None:
    stop = tr.stop
    if stop is not None and getattr(stop, "diverged", True):
        st.error(t(stop.key, **stop.kwargs), icon="🛑")
    elif stop is not None:  # a stop target was reached (ui/targets.py)
        st.success(t(stop.key, **stop.kwargs), icon="🎯")


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
                pause(key)
                st.rerun()
        show_stop(tr)
        with tr.lock:  # a consistent view even while a stopping run still trains
            draw(tr)

    _tick()
