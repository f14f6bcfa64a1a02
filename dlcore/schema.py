"""What a widget may offer for one config field: its range, step, choices and help, read
from the field's metadata (``dlcore/config.py::_opt``) and capped by the hosting limits
(``dlcore/limits.py``). The UI draws every config-bound widget from :func:`spec`, so no
page declares a range of its own and a cap changes in one place.

``spec("model.hidden")`` describes one element of a tuple field (a layer's width) and
``n_max`` its length.

Help: every field's widget help is the i18n key ``help.<section>.<field>``
(:attr:`FieldSpec.help_key`, e.g. ``help.train.lr``, in ``dlcore/i18n/fields.py``, zh and
en); the metadata's ``help`` stays the English developer note of ``field_help()``. Pure: no Streamlit, no torch unless a choice list is asked for
(the registries are filled on first use).
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, fields
from functools import lru_cache
from typing import Any, get_args, get_origin, get_type_hints

from dlcore import config as C
from dlcore.limits import LIMITS, Limits

# The hosting cap of each field (a ``Limits`` attribute); for a tuple field, of an element.
CAPS: dict[str, str] = {
    "data.n_points": "max_points",
    "data.seq_len": "max_seq_len",
    "data.image_size": "max_image_size",
    "model.hidden": "max_width",
    "model.channels": "max_channels",
    "model.hidden_size": "max_hidden_size",
    "model.num_layers": "max_num_layers",
    "train.batch_size": "max_batch",
}
# The cap on the length of a tuple field.
LEN_CAPS: dict[str, str] = {"model.hidden": "max_layers"}
# The step a widget moves by (a float field not named here: a hundredth of its range).
STEPS: dict[str, float] = {
    "data.n_points": 10,
    "data.noise": 0.01,
    "data.train_ratio": 0.05,
    "model.dropout": 0.05,
    "model.spectral_radius": 0.05,
    "train.lr": 0.001,
    "train.momentum": 0.01,
    "train.l1": 0.001,
    "train.l2": 0.001,
    "train.clip_grad": 0.25,
    "train.code_l2": 0.01,
    "train.code_l1": 0.01,
    "train.input_noise": 0.05,
    "train.batch_size": 1,
    "train.stop_acc": 0.01,
    "train.stop_loss": 0.01,
}


@dataclass(frozen=True)
class FieldSpec:
    """One config field as a widget sees it (``lo`` / ``hi`` already capped)."""

    path: str  # "section.field"
    kind: type  # int, float, str or bool; for a tuple field, its element's type
    default: Any
    help: str  # the schema's own (English) developer note; widgets show ``help_key``
    lo: float | None = None
    hi: float | None = None
    step: float | None = None
    choices: tuple[str, ...] | None = None
    n_max: int | None = None  # tuple fields: at most this many elements

    @property
    def help_key(self) -> str:
        """The i18n key of this field's widget help: ``help.<section>.<field>``."""
        return f"help.{self.path}"

    def fit(self, value: Any) -> Any:
        """``value`` brought inside this range / these choices (the default if it cannot be)."""
        if self.choices is not None:
            return value if value in self.choices else self.default
        if self.kind in (int, float) and isinstance(value, int | float):
            if isinstance(value, bool):
                return self.default
            v = value
            if self.lo is not None:
                v = max(v, self.lo)
            if self.hi is not None:
                v = min(v, self.hi)
            return self.kind(v)
        return value


def widths_text(widths: tuple[int, ...] | list[int]) -> str:
    """(64, 32) → '64, 32' (a text box's content)."""
    return ", ".join(str(int(w)) for w in widths)


def parse_widths(text: str, sp: FieldSpec, n_min: int = 0) -> tuple[int, ...] | None:
    """'64, 32' (or '64，32') → (64, 32) for tuple field ``sp``; None unless ``n_min`` …
    ``sp.n_max`` integers in [``sp.lo``, ``sp.hi``]."""
    try:
        out = tuple(int(p) for p in text.replace("，", ",").split(",") if p.strip())
    except ValueError:
        return None
    n_max = sp.n_max if sp.n_max is not None else len(out)
    lo = sp.lo if sp.lo is not None else float("-inf")
    hi = sp.hi if sp.hi is not None else float("inf")
    if not n_min <= len(out) <= n_max or not all(lo <= v <= hi for v in out):
        return None
    return out


def _field(path: str) -> tuple[Any, type]:
    section, _, name = path.partition(".")
    cls = C.SECTIONS.get(section)
    if cls is None:
        raise KeyError(path)
    for f in fields(cls):
        if f.name == name:
            return f, get_type_hints(cls)[name]
    raise KeyError(path)


@lru_cache(maxsize=1024)
def spec(path: str, caps: Limits = LIMITS) -> FieldSpec:
    """The widget's view of config field ``path`` (e.g. ``"train.lr"``) under ``caps``
    (cached: the schema and a ``Limits`` never change while the server runs)."""
    f, typ = _field(path)
    meta = f.metadata
    kind = typ
    if get_origin(typ) is tuple:
        kind = get_args(typ)[0]
    default = f.default if f.default is not MISSING else None
    lo, hi = meta.get("lo"), meta.get("hi")
    cap = CAPS.get(path)
    if cap is not None and hi is not None:
        hi = min(hi, getattr(caps, cap))
    n_max = meta.get("n_max")
    len_cap = LEN_CAPS.get(path)
    if len_cap is not None:
        n_max = min(n_max, getattr(caps, len_cap)) if n_max else getattr(caps, len_cap)
    if kind is int:
        lo = None if lo is None else int(lo)
        hi = None if hi is None else int(hi)
    elif kind is float:
        lo = None if lo is None else float(lo)
        hi = None if hi is None else float(hi)
    step: float | None = STEPS.get(path)
    if step is None and kind is int and lo is not None:
        step = 1
    elif step is None and kind is float and lo is not None and hi is not None:
        step = (hi - lo) / 100
    if kind is int and step is not None:
        step = int(step)
    choices = C._choices(meta.get("choices"))  # the registries' names (or the field's tuple)
    return FieldSpec(
        path=path,
        kind=kind,
        default=default,
        help=meta.get("help", ""),
        lo=lo,
        hi=hi,
        step=step,
        choices=None if choices is None else tuple(choices),
        n_max=n_max,
    )
