"""One experiment = one config value.

Frozen dataclasses describe the data, the model, the training and the seed.
The same value travels as JSON (download / CLI), as a URL query (share link)
and as Python (pages). Coercion on the way in never raises for a bad field:
the field falls back to its default and a :class:`Notice` names it.
"""

from __future__ import annotations

import dataclasses
import json
import math
import types
import typing
from dataclasses import dataclass, field, fields, replace
from typing import Any

from dlcore import registry, safejson

# 2: each section holds the fields of the config's model family (see :func:`migrate`);
# 1: every field of every family (files and links of that layout are still read)
CONFIG_VERSION = 2
MAX_JSON_BYTES = 1_000_000  # a config is a few hundred bytes; refuse anything huge
# Caps of the bounded reader (dlcore/safejson.py): a real config is 3 levels deep,
# its longest list has 30 elements and its longest number ~20 characters.
JSON_LIMITS = safejson.JsonLimits(
    max_bytes=MAX_JSON_BYTES,
    max_depth=16,
    max_number_len=100,
    max_string_len=2_000,
    max_items=1_000,
    max_number_digits=40,
)
MAX_QUERY_KEYS = 200  # keys of one URL query
MAX_QUERY_VALUE = 2_000  # characters of one URL value


class ConfigError(ValueError):
    """A config that cannot be read at all (not JSON, too large, not an object).

    ``key`` is an i18n key, ``kwargs`` its arguments; ``str(err)`` is English.
    """

    def __init__(self, key: str, message: str, **kwargs: object) -> None:
        super().__init__(message)
        self.key = key
        self.kwargs = kwargs


@dataclass(frozen=True)
class Notice:
    """A field that was ignored or replaced by its default, and why."""

    field: str  # dotted name, e.g. "train.lr"
    reason: str  # "unknown" | "type" | "range" | "choice"
    value: str  # the offending value, shortened

    def message(self, lang: str = "en") -> str:
        from dlcore.i18n import t

        return t(f"config.notice.{self.reason}", lang, field=self.field, value=self.value)


def _opt(
    default: Any,
    help: str,
    *,
    lo: float | None = None,
    hi: float | None = None,
    choices: str | tuple[str, ...] | None = None,
    n_max: int | None = None,
    clamp: bool = False,
    fam: tuple[str, ...] | None = None,
) -> Any:
    """A dataclass field with its help text and validation rules in metadata.

    ``choices`` is a registry name (``"activations"``) or a tuple of allowed strings.
    ``n_max`` caps the length of tuple fields. ``clamp``: an out-of-range number is
    clamped into [lo, hi] (notice "clamped") instead of falling back to the default.
    ``fam``: the model families whose section holds the field (None: every family's);
    JSON files and share links carry a field only for those families (:func:`applies`).
    """
    meta = {
        "help": help,
        "lo": lo,
        "hi": hi,
        "choices": choices,
        "n_max": n_max,
        "clamp": clamp,
        "families": fam,
    }
    return field(default=default, metadata=meta)


# Who reads which field (dlcore/models/*, dlcore/data/*, the objectives): a field tagged
# with families belongs to those families' sections only.
MLP, CNN, RNN, AE = ("mlp",), ("cnn",), ("rnn",), ("ae",)


@dataclass(frozen=True)
class DataConfig:
    """What the model learns from."""

    name: str = _opt("spiral", "dataset name (registry DATASETS)", choices="datasets")
    n_points: int = _opt(
        500,
        "2-D toys, sequences, manifolds: number of examples",
        lo=10,
        hi=5000,
        fam=MLP + RNN + AE,
    )
    noise: float = _opt(
        0.0, "2-D toys, sines, manifolds: noise level, 0 … 0.5", lo=0.0, hi=0.5, fam=MLP + RNN + AE
    )
    train_ratio: float = _opt(0.5, "fraction of examples used for training", lo=0.1, hi=0.9)
    features: tuple[str, ...] = _opt(
        ("x1", "x2"),
        "2-D toys: input features (registry FEATURES)",
        choices="features",
        n_max=7,
        fam=MLP,
    )
    seed: int = _opt(
        0, "seed of the data generator (Regenerate picks a new one)", lo=0, hi=2**31 - 1
    )
    seq_len: int = _opt(30, "sequence tasks: sequence length T", lo=2, hi=400, fam=RNN)
    image_size: int = _opt(
        16, "image tasks: side of the (upscaled) image in pixels", lo=8, hi=32, fam=MLP + CNN + AE
    )
    corpus: str = _opt("yellowstone", "character-level tasks: name of the shipped text", fam=RNN)
    n_classes: int = _opt(
        3, "multi-class 2-D toys (spiral_k, blobs): number of classes K", lo=3, hi=5, fam=MLP
    )


@dataclass(frozen=True)
class ModelConfig:
    """The network: ``family`` and the fields of that family's section.

    One flat value in Python (``cfg.model.cell``); each field's ``families`` metadata
    says which families' sections hold it, so a JSON file or a share link carries only
    the fields of its family. Fields of another family keep their defaults and are
    ignored by the model.
    """

    family: str = _opt("mlp", "model family: mlp, cnn, rnn, ae", choices="families")
    hidden: tuple[int, ...] = _opt(
        (8, 8),
        "mlp: hidden widths; cnn: dense widths; ae: encoder widths",
        lo=1,
        hi=512,
        n_max=30,
        fam=MLP + CNN + AE,
    )
    activation: str = _opt(
        "tanh", "hidden activation (registry ACTIVATIONS)", choices="activations"
    )
    output: str = _opt(
        "auto",
        "mlp / cnn output: auto, sigmoid, softmax, tanh, linear",
        choices=("auto", "sigmoid", "softmax", "tanh", "linear"),
        fam=MLP + CNN,
    )
    init: str = _opt(
        "xavier", "weight initialisation (registry INITS)", choices="inits", fam=MLP + CNN + AE
    )
    dropout: float = _opt(
        0.0, "dropout probability after each hidden layer", lo=0.0, hi=0.9, fam=MLP + CNN
    )
    norm: str = _opt(
        "none",
        "normalisation after each hidden layer: none, batch, layer",
        choices=("none", "batch", "layer"),
        fam=MLP + CNN,
    )
    # cnn
    channels: tuple[int, ...] = _opt(
        (8, 16), "cnn / conv ae: channels of each conv layer", lo=1, hi=128, n_max=4, fam=CNN + AE
    )
    kernel_size: int = _opt(3, "cnn: kernel size", lo=1, hi=7, fam=CNN)
    pool: str = _opt(
        "max",
        "cnn: pooling after each conv: max, avg, none",
        choices=("max", "avg", "none"),
        fam=CNN,
    )
    # rnn
    cell: str = _opt(
        "lstm", "rnn: cell type: rnn, lstm, gru", choices=("rnn", "lstm", "gru"), fam=RNN
    )
    hidden_size: int = _opt(32, "rnn: hidden size", lo=1, hi=256, fam=RNN)
    num_layers: int = _opt(1, "rnn: stacked layers", lo=1, hi=4, fam=RNN)
    spectral_radius: float = _opt(
        0.0,
        "rnn: spectral radius of W_hh at init (0 = PyTorch default)",
        lo=0.0,
        hi=3.0,
        fam=RNN,
    )
    # autoencoder
    bottleneck: int = _opt(2, "ae: size of the code h", lo=1, hi=64, fam=AE)
    tied: bool = _opt(False, "ae: decoder uses the encoder's transposed weights", fam=AE)
    conv: bool = _opt(False, "ae: convolutional encoder / decoder", fam=AE)


@dataclass(frozen=True)
class TrainConfig:
    """How the model is trained."""

    optimizer: str = _opt("adam", "optimizer (registry OPTIMIZERS)", choices="optimizers")
    lr: float = _opt(0.03, "learning rate η", lo=1e-5, hi=10.0)
    batch_size: int = _opt(10, "mini-batch size (0 = the whole training set)", lo=0, hi=100_000)
    momentum: float = _opt(0.9, "momentum β (sgd_momentum) ", lo=0.0, hi=0.999)
    loss: str = _opt(
        "auto", "loss (registry LOSSES); auto picks by task", choices="losses", fam=MLP + CNN
    )
    l1: float = _opt(0.0, "L1 weight penalty rate", lo=0.0, hi=1.0)
    l2: float = _opt(0.0, "L2 weight penalty rate", lo=0.0, hi=1.0)
    clip_grad: float = _opt(0.0, "clip the gradient norm to this value (0 = off)", lo=0.0, hi=1e3)
    code_l2: float = _opt(0.0, "ae: weight λ of Ω(h) = ‖h‖₂", lo=0.0, hi=100.0, fam=AE)
    code_l1: float = _opt(
        0.0, "ae: weight of the L1 sparsity penalty on h", lo=0.0, hi=100.0, fam=AE
    )
    input_noise: float = _opt(
        0.0, "ae: std of Gaussian noise added to inputs (denoising)", lo=0.0, hi=2.0, fam=AE
    )
    stop_acc: float = _opt(
        0.0, "pause when test accuracy ≥ this (0 = off)", lo=0.0, hi=1.0, clamp=True
    )
    stop_loss: float = _opt(
        0.0, "pause when test loss ≤ this (0 = off)", lo=0.0, hi=1e3, clamp=True
    )


@dataclass(frozen=True)
class ExperimentConfig:
    """Data + model + training + seed: everything needed to reproduce a run."""

    data: DataConfig = field(default_factory=DataConfig)
    model: ModelConfig = field(default_factory=ModelConfig)
    train: TrainConfig = field(default_factory=TrainConfig)
    seed: int = field(
        default=0,
        metadata={
            "help": "seed of initialisation and batch order",
            "lo": 0,
            "hi": 2**31 - 1,
            "choices": None,
            "n_max": None,
        },
    )

    # -- conversions -------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The JSON layout (version 2): each section holds the fields of ``model.family``."""
        family = self.model.family
        out: dict[str, Any] = {"version": CONFIG_VERSION}
        for section, cls in SECTIONS.items():
            sec = getattr(self, section)
            out[section] = {
                f.name: _json_value(getattr(sec, f.name))
                for f in fields(cls)
                if _applies(f, family)
            }
        out["seed"] = self.seed
        return out

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_query(self, base: ExperimentConfig | None = None) -> dict[str, str]:
        return to_query(self, base)

    def with_(self, **sections: Any) -> ExperimentConfig:
        """``cfg.with_(train={"lr": 0.1}, seed=3)``: a copy with fields replaced."""
        out = self
        for name, value in sections.items():
            if name == "seed":
                out = replace(out, seed=int(value))
            else:
                out = replace(out, **{name: replace(getattr(out, name), **value)})
        return out


SECTIONS: dict[str, type] = {"data": DataConfig, "model": ModelConfig, "train": TrainConfig}
_FIELDS: dict[str, dict[str, dataclasses.Field]] = {
    section: {f.name: f for f in fields(cls)} for section, cls in SECTIONS.items()
}
# URL prefixes: short keys keep share links readable (d.name=spiral&t.lr=0.03).
URL_PREFIX = {"data": "d", "model": "m", "train": "t"}


def _choices(spec: str | tuple[str, ...] | None) -> list[str] | None:
    if spec is None:
        return None
    if isinstance(spec, tuple):
        return list(spec)
    # Torch-free: the record modules fill theirs on import, the rest are declared names.
    from dlcore import activations, losses, optimizers  # noqa: F401

    reg = {
        "datasets": registry.DATASETS,
        "activations": registry.ACTIVATIONS,
        "inits": registry.INITS,
        "optimizers": registry.OPTIMIZERS,
        "losses": registry.LOSSES,
        "families": registry.FAMILIES,
        "features": registry.FEATURES,
    }[spec]
    names = reg.known()
    return [losses.AUTO, *names] if spec == "losses" else names


def _short(value: object) -> str:
    """The offending value for a notice, at most 40 characters (never raises)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        return f"<{value.bit_length()}-bit integer>"  # repr() refuses > 4 300 digits
    if isinstance(value, list | tuple) and len(value) > 8:
        value = [*value[:8], "…"]
    try:
        s = repr(value) if not isinstance(value, str) else value
    except ValueError:  # e.g. a list holding an integer over 4 300 digits
        s = f"<{type(value).__name__}>"
    return s if len(s) <= 40 else s[:37] + "…"


def _coerce_scalar(raw: object, typ: type) -> Any:
    """Coerce ``raw`` (a JSON value or a URL string) to ``typ``; ValueError if impossible."""
    if typ is bool:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.strip().lower() in ("1", "true", "yes", "on"):
            return True
        if isinstance(raw, str) and raw.strip().lower() in ("0", "false", "no", "off"):
            return False
        if isinstance(raw, int) and raw in (0, 1):
            return bool(raw)
        raise ValueError("not a bool")
    if typ is int:
        if isinstance(raw, bool):
            raise ValueError("bool is not int")
        if isinstance(raw, int):
            return raw
        if isinstance(raw, float) and raw.is_integer():
            return int(raw)
        if isinstance(raw, str):
            s = raw.strip()
            if len(s) > JSON_LIMITS.max_number_digits:
                raise ValueError("number literal too long")
            try:
                return int(s)
            except ValueError:
                f = float(s)
                if f.is_integer():
                    return int(f)
        raise ValueError("not an int")
    if typ is float:
        if isinstance(raw, bool):
            raise ValueError("bool is not float")
        if isinstance(raw, int | float):
            v = float(raw)
        elif isinstance(raw, str):
            if len(raw.strip()) > JSON_LIMITS.max_number_digits + 10:
                raise ValueError("number literal too long")
            v = float(raw.strip())
        else:
            raise ValueError("not a float")
        if not math.isfinite(v):
            raise ValueError("not finite")
        return v
    if typ is str:
        if isinstance(raw, str):
            return raw.strip()
        raise ValueError("not a string")
    raise TypeError(typ)


def _field_types(cls: type) -> dict[str, Any]:
    return _HINTS[cls] if cls in _HINTS else _HINTS.setdefault(cls, typing.get_type_hints(cls))


_HINTS: dict[type, dict[str, Any]] = {}


def _coerce_field(
    f: dataclasses.Field, typ: Any, raw: object, dotted: str, notices: list[Notice]
) -> tuple[bool, Any]:
    """(ok, value). On failure appends a Notice and returns (False, None)."""
    meta = f.metadata
    origin = typing.get_origin(typ)
    n_max = meta.get("n_max")
    try:
        if origin is tuple:
            (elem,) = [a for a in typing.get_args(typ) if a is not Ellipsis]
            if isinstance(raw, str):
                if n_max is not None and raw.count(",") > 2 * n_max:  # before splitting
                    notices.append(Notice(dotted, "range", _short(raw)))
                    return False, None
                parts = [p for p in raw.split(",") if p.strip() != ""]
            elif isinstance(raw, list | tuple):
                parts = list(raw)
            else:
                raise ValueError("not a list")
            if n_max is not None and len(parts) > n_max:
                notices.append(Notice(dotted, "range", _short(raw)))
                return False, None
            if any(isinstance(p, safejson.Overlong) for p in parts):
                notices.append(Notice(dotted, "range", _short(raw)))
                return False, None
            value = tuple(_coerce_scalar(p, elem) for p in parts)
            items = value
        else:
            if isinstance(raw, safejson.Overlong):
                notices.append(Notice(dotted, "range", _short(raw)))
                return False, None
            value = _coerce_scalar(raw, typ)
            items = (value,)
    except (ValueError, TypeError, OverflowError):
        notices.append(Notice(dotted, "type", _short(raw)))
        return False, None
    lo, hi = meta.get("lo"), meta.get("hi")
    for v in items:
        if isinstance(v, int | float) and not isinstance(v, bool):
            if (lo is not None and v < lo) or (hi is not None and v > hi):
                if meta.get("clamp") and not isinstance(value, tuple):
                    value = type(value)(min(hi, max(lo, value)))
                    notices.append(Notice(dotted, "clamped", f"{_short(raw)} → {value}"))
                    return True, value
                notices.append(Notice(dotted, "range", _short(raw)))
                return False, None
    choices = _choices(meta.get("choices"))
    if choices is not None:
        for v in items:
            if v not in choices:
                notices.append(Notice(dotted, "choice", _short(raw)))
                return False, None
    return True, value


def _section_from(
    cls: type, raw: dict[str, Any], base: Any, prefix: str, notices: list[Notice]
) -> Any:
    hints = _field_types(cls)
    known = {f.name: f for f in fields(cls)}
    updates: dict[str, Any] = {}
    for key, value in raw.items():
        dotted = f"{prefix}.{key}"
        if key not in known:
            notices.append(Notice(dotted, "unknown", _short(value)))
            continue
        ok, v = _coerce_field(known[key], hints[key], value, dotted, notices)
        if ok:
            updates[key] = v
    return replace(base, **updates)


def _applies(f: dataclasses.Field, family: str) -> bool:
    fams = f.metadata.get("families")
    return fams is None or family in fams


def applies(section: str, name: str, family: str) -> bool:
    """Whether ``section.name`` (e.g. ``"model", "cell"``) is a field of a ``family`` config:
    a shared field (``train.lr``) or one of that family's section (``model.cell`` for rnn)."""
    return _applies(_FIELDS[section][name], family)


def family_fields(family: str) -> dict[str, tuple[str, ...]]:
    """The fields a ``family`` config carries, per section (what its JSON and links hold)."""
    return {
        section: tuple(f.name for f in fields(cls) if _applies(f, family))
        for section, cls in SECTIONS.items()
    }


def _json_value(v: Any) -> Any:
    return list(v) if isinstance(v, tuple) else v


def migrate(raw: dict[str, Any], base: ExperimentConfig) -> tuple[dict[str, Any], list[Notice]]:
    """The one migration from the old layout: a config dict (JSON or a share link's query)
    in which every section held the fields of every family (version 1) → the fields of
    its family only (version 2).

    The family is the dict's ``model.family`` when that is a valid one, else ``base``'s.
    A field of another family's section is dropped; a notice ("inapplicable") names it
    unless it held its default or ``base``'s value (the old layout wrote every field, so
    those say nothing). Unknown names and non-object sections are left for
    :func:`from_dict` to report. ``raw`` itself is not changed.
    """
    family = base.model.family
    model = raw.get("model")
    if isinstance(model, dict) and "family" in model:
        ok, value = _coerce_field(
            _FIELDS["model"]["family"], str, model["family"], "model.family", []
        )
        if ok:
            family = value
    out = dict(raw)
    notices: list[Notice] = []
    for section, cls in SECTIONS.items():
        sec = raw.get(section)
        if not isinstance(sec, dict):
            continue
        hints, here = _field_types(cls), getattr(base, section)
        kept: dict[str, Any] = {}
        for name, value in sec.items():
            f = _FIELDS[section].get(name)
            if f is None or _applies(f, family):
                kept[name] = value
                continue
            ok, v = _coerce_field(f, hints[name], value, f"{section}.{name}", [])
            if not ok or v not in (f.default, getattr(here, name)):
                notices.append(Notice(f"{section}.{name}", "inapplicable", _short(value)))
        out[section] = kept
    return out, notices


def from_dict(
    raw: object, base: ExperimentConfig | None = None
) -> tuple[ExperimentConfig, list[Notice]]:
    """Build a config from a JSON-like dict; bad fields keep ``base``'s value (notice)."""
    base = base or ExperimentConfig()
    if not isinstance(raw, dict):
        raise ConfigError("config.error.not_object", "the config must be a JSON object")
    raw, notices = migrate(raw, base)
    out = base
    for key, value in raw.items():
        if key == "version":
            continue
        if key == "seed":
            ok, v = _coerce_field(fields(ExperimentConfig)[3], int, value, "seed", notices)
            if ok:
                out = replace(out, seed=v)
        elif key in SECTIONS:
            if not isinstance(value, dict):
                notices.append(Notice(key, "type", _short(value)))
                continue
            sec = _section_from(SECTIONS[key], value, getattr(out, key), key, notices)
            out = replace(out, **{key: sec})
        else:
            notices.append(Notice(key, "unknown", _short(value)))
    return out, notices


# safejson's refusal reasons → the i18n key of the ConfigError
_JSON_REASON_KEY = {
    "too_big": "config.error.too_big",
    "encoding": "config.error.not_utf8",
    "syntax": "config.error.not_json",
    "depth": "config.error.depth",
    "number": "config.error.number",
    "string": "config.error.string",
    "items": "config.error.items",
    "duplicate": "config.error.duplicate",
}


def read_json(text: str | bytes) -> object:
    """The bounded JSON reader for configs (``dlcore.safejson``); only :class:`ConfigError`."""
    try:
        return safejson.loads(text, JSON_LIMITS)
    except safejson.JsonLimitError as err:
        key = _JSON_REASON_KEY.get(err.reason, "config.error.not_json")
        kwargs: dict[str, object] = {"detail": err.detail, "limit": MAX_JSON_BYTES, **err.kwargs}
        message = {
            "syntax": f"not JSON: {err.detail}",
            "too_big": f"the config is larger than {MAX_JSON_BYTES} bytes",
            "encoding": f"the config is {err.detail}",
        }.get(err.reason, f"config refused: {err.detail}")
        raise ConfigError(key, message, **kwargs) from None


def from_json(
    text: str | bytes, base: ExperimentConfig | None = None
) -> tuple[ExperimentConfig, list[Notice]]:
    """Parse a JSON config (file, upload or CLI) through the bounded reader.

    Raises only :class:`ConfigError` (too big, not text, not JSON, over a cap of
    :data:`JSON_LIMITS`, not an object); a bad field becomes a :class:`Notice`.
    """
    return from_dict(read_json(text), base)


def _url_value(v: Any) -> str:
    if isinstance(v, tuple):
        return ",".join(str(x) for x in v)
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, float):
        return repr(v)
    return str(v)


def to_query(cfg: ExperimentConfig, base: ExperimentConfig | None = None) -> dict[str, str]:
    """Flat ``{key: str}`` for a URL: ``d.name``, ``m.hidden`` (comma-separated), ``t.lr``,
    ``seed`` — the fields of the config's family only.

    With ``base`` (a page's defaults) only the fields that differ from it: the page's
    share link, read back by ``from_query(query, base=base)``. Without, every field of
    the family (a link that stands on its own).
    """
    family = cfg.model.family
    out: dict[str, str] = {}
    for section, prefix in URL_PREFIX.items():
        sec = getattr(cfg, section)
        ref = getattr(base, section) if base is not None else None
        for f in fields(SECTIONS[section]):
            if not _applies(f, family):
                continue
            v = getattr(sec, f.name)
            if ref is not None and getattr(ref, f.name) == v:
                continue
            out[f"{prefix}.{f.name}"] = _url_value(v)
    if base is None or cfg.seed != base.seed:
        out["seed"] = str(cfg.seed)
    return out


def query_keys() -> list[str]:
    """Every config key a URL may carry, of every family (``d.name`` … ``seed``), sorted."""
    keys = [f"{p}.{f.name}" for s, p in URL_PREFIX.items() for f in fields(SECTIONS[s])]
    return sorted([*keys, "seed"])


# Query keys that belong to the app shell, not to the experiment.
SHELL_KEYS = frozenset(
    {
        "lang",
        "device",
        "present",
        "step",
        "lecture",  # lecture mode's step on a chapter page (ui/lecture_bar.py)
        "preset",
        "hide",
        "embed",
        "embed_options",
        "page",
        "view",  # a page's view toggles (e.g. feedforward: view=test,discrete)
    }
)


def from_query(
    query: dict[str, str | list[str]],
    base: ExperimentConfig | None = None,
    ignore: frozenset[str] | set[str] = SHELL_KEYS,
) -> tuple[ExperimentConfig, list[Notice]]:
    """Parse a URL query (values are strings). Unknown keys and bad values → notices."""
    base = base or ExperimentConfig()
    by_prefix = {p: s for s, p in URL_PREFIX.items()}
    raw: dict[str, Any] = {}
    notices: list[Notice] = []
    for n, (key, value) in enumerate(query.items()):
        if key in ignore:
            continue
        if isinstance(value, list):
            value = value[-1] if value else ""
        if n >= MAX_QUERY_KEYS or not isinstance(value, str) or len(key) > 100:
            notices.append(Notice(_short(key), "unknown", _short(value)))
            continue
        if len(value) > MAX_QUERY_VALUE:  # never parse a 1 MB value
            notices.append(Notice(_short(key), "range", _short(value)))
            continue
        if key == "seed":
            raw["seed"] = value
            continue
        prefix, _, name = key.partition(".")
        if prefix in by_prefix and name:
            raw.setdefault(by_prefix[prefix], {})[name] = value
        else:
            notices.append(Notice(key, "unknown", _short(value)))
    cfg, more = from_dict(raw, base)
    for n in more:  # report URL keys as the user sees them
        sec, _, name = n.field.partition(".")
        key = f"{URL_PREFIX.get(sec, sec)}.{name}" if name else n.field
        notices.append(Notice(key, n.reason, n.value))
    return cfg, notices


def field_help() -> list[tuple[str, str, str, str]]:
    """(dotted name, type, default, help) for every field: the schema documentation."""
    rows = []
    for section, cls in SECTIONS.items():
        hints = _field_types(cls)
        for f in fields(cls):
            typ = hints[f.name]
            tname = (
                getattr(typ, "__name__", str(typ))
                if not isinstance(typ, types.GenericAlias)
                else str(typ)
            )
            rows.append((f"{section}.{f.name}", tname, repr(f.default), f.metadata.get("help", "")))
    rows.append(("seed", "int", "0", "seed of initialisation and batch order"))
    return rows
