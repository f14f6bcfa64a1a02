"""Edit a weight by hand on the paused feedforward page (issue 17, TF Playground #35).

A click on an edge (its weight) or a neuron (its bias) of the live network graph
sends ``["w", layer, i, j]`` / ``["b", layer, 0, j]`` (the figure's customdata, see
``dlcore.figures.ff.network_figure``) through the live view's ``pick`` trigger
(ui/live.py); :func:`editor` then shows that parameter with a text box for its new
value. The same choice can be made with the selectors (no mouse, AppTest). The maths
and every check live in ``dlcore/weights.py``; an edit is state, never config.

"New initial weights" for Reset: :func:`ui.controls.request_new_weights`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import streamlit as st

from dlcore import weights as W
from dlcore.train import Trainer
from ui.language import fmt, t

KINDS = ("weight", "bias")


def _k(key: str, name: str) -> str:
    return f"{key}.edit.{name}"


def parse_pick(value: Any) -> list | None:
    """A click from the graph (a trigger's value, untrusted JSON) → ``[kind, layer, i, j]``
    with kind "w" (a weight) or "b" (a bias), or None for anything else."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    if isinstance(value, dict):  # {"p": [...], "n": a nonce: the same edge clicked twice}
        value = value.get("p")
    if (
        isinstance(value, list)
        and len(value) == 4
        and value[0] in ("w", "b")
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value[1:])
    ):
        return value
    return None


def take_pick(key: str, value: Any) -> None:
    """Remember a click from the graph for :func:`editor` (the ``pick`` trigger's callback)."""
    pick = parse_pick(value)
    if pick is not None:
        st.session_state[f"{key}._pick"] = pick


def _layer_names(tr: Trainer) -> list[str]:
    layers = W.linear_layers(tr.model)
    names = [t("ff.edit.input")]
    names += [t("ff.edit.hidden_n", n=n + 1) for n in range(len(layers) - 1)]
    names.append(t("ff.edit.out"))
    return [t("ff.edit.layer_n", a=names[q], b=names[q + 1]) for q in range(len(layers))]


def _apply(key: str, tr: Trainer, playing: Callable[[], bool], box: bool = False) -> None:
    """Set the chosen parameter to the typed value (the button, or Enter in the box)."""
    ss = st.session_state
    text = ss.get(_k(key, "value"), "")
    if box and not str(text).strip():
        return  # the box emptied: nothing asked
    if playing():
        ss[_k(key, "_msg")] = ("warning", "ff.edit.paused_only", {})
        return
    kind = ss.get(_k(key, "kind"), "weight")
    layer = int(ss.get(_k(key, "layer"), 0))
    i = int(ss.get(_k(key, "from"), 1)) - 1
    j = int(ss.get(_k(key, "to"), 1)) - 1
    sig = (id(tr), tr.step_count, kind, layer, i, j, str(text))
    if ss.get(_k(key, "_done")) == sig:
        return  # Enter in the box and the button in one run: applied once
    try:
        with tr.lock:
            loss0 = float(tr.last_eval.get("train_loss", float("nan")))
            if kind == "bias":
                old = W.set_bias(tr.model, layer, j, text)
                name, new = f"b{j + 1}", W.get_bias(tr.model, layer, j)
            else:
                old = W.set_weight(tr.model, layer, i, j, text)
                name = f"w{i + 1},{j + 1}"
                new = W.get_weight(tr.model, layer, i, j)
            ev = tr.evaluate()
    except W.EditError as err:
        ss[_k(key, "_msg")] = ("error", err.key, err.kwargs)
        return
    ss[_k(key, "_done")] = sig
    name = f"{name} ({_layer_names(tr)[layer]})"
    kw = {"name": name, "old": old, "new": new, "loss0": loss0, "loss1": ev["train_loss"]}
    ss[_k(key, "_msg")] = ("success", "ff.edit.done", kw)


def _clamp(name: str, lo: int, hi: int) -> None:
    ss = st.session_state
    try:
        v = int(ss.get(name, lo))
    except (TypeError, ValueError):
        v = lo
    ss[name] = min(hi, max(lo, v))


def editor(key: str, tr: Trainer, playing: Callable[[], bool]) -> None:
    """The weight editor under the network graph (draw it while the page is paused)."""
    ss = st.session_state
    layers = W.linear_layers(tr.model)
    if not layers:
        return
    pick = ss.pop(f"{key}._pick", None)
    if pick is not None and 0 <= pick[1] < len(layers):
        n_out, n_in = layers[pick[1]][1].weight.shape
        ss[_k(key, "kind")] = "bias" if pick[0] == "b" else "weight"
        ss[_k(key, "layer")] = pick[1]
        ss[_k(key, "from")] = min(max(pick[2], 0), n_in - 1) + 1
        ss[_k(key, "to")] = min(max(pick[3], 0), n_out - 1) + 1
        ss.pop(_k(key, "value"), None)  # the box starts empty for a newly picked parameter
    if ss.get(_k(key, "kind")) not in KINDS:
        ss[_k(key, "kind")] = "weight"
    _clamp(_k(key, "layer"), 0, len(layers) - 1)
    with st.container(border=True, key=f"{key}-edit"):
        st.markdown(f"**{t('ff.edit.title')}**", help=t("ff.edit.help"))
        names = _layer_names(tr)
        c1, c2 = st.columns(2)
        kind = c1.segmented_control(
            t("ff.edit.kind"),
            KINDS,
            key=_k(key, "kind"),
            format_func=fmt("ff.edit.kind"),  # its language fixed now (AppTest calls it later)
        )
        layer = c2.selectbox(
            t("ff.edit.layer"),
            list(range(len(layers))),
            key=_k(key, "layer"),
            format_func=lambda q: names[q],
        )
        n_out, n_in = layers[int(layer)][1].weight.shape
        _clamp(_k(key, "from"), 1, n_in)
        _clamp(_k(key, "to"), 1, n_out)
        c1, c2 = st.columns(2)
        c1.number_input(
            t("ff.edit.from"), 1, n_in, step=1, key=_k(key, "from"), disabled=kind == "bias"
        )
        c2.number_input(t("ff.edit.to"), 1, n_out, step=1, key=_k(key, "to"))
        i, j = int(ss[_k(key, "from")]) - 1, int(ss[_k(key, "to")]) - 1
        with tr.lock:
            if kind == "bias":
                name, cur = f"b{j + 1}", W.get_bias(tr.model, int(layer), j)
            else:
                name, cur = f"w{i + 1},{j + 1}", W.get_weight(tr.model, int(layer), i, j)
        st.caption(t("ff.edit.current", name=name, value=cur))
        c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
        args = (key, tr, playing)
        c1.text_input(
            t("ff.edit.value"), key=_k(key, "value"), on_change=_apply, args=(*args, True)
        )
        c2.button(t("ff.edit.apply"), key=_k(key, "apply"), on_click=_apply, args=args)
        msg = ss.pop(_k(key, "_msg"), None)
        if msg:
            getattr(st, msg[0])(t(msg[1], **msg[2]))
