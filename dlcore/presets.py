"""The shipped presets: ``examples/<name>.json``, read in one place (pages, lecture, CLI).

A preset that cannot be read (missing file, a field the config refuses) is ``None``, never
an error: a page shows the presets it has. Pure: no Streamlit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from dlcore import config as C

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
T = TypeVar("T")


def names(prefix: str, order: Sequence[str]) -> list[str]:
    """Presets ``examples/{prefix}<name>.json``: ``order`` first, any others after it."""
    found = {p.stem[len(prefix) :] for p in EXAMPLES.glob(f"{prefix}*.json")}
    return [n for n in order if n in found] + sorted(found - set(order))


def read(name: str, parse: Callable[[bytes], tuple[T, Any]]) -> T | None:
    """``examples/{name}.json`` through ``parse`` (e.g. ``dlcore.gan.gan_from_json``);
    None if the file is missing or ``parse`` refuses it."""
    try:
        cfg, _notices = parse((EXAMPLES / f"{name}.json").read_bytes())
    except (OSError, C.ConfigError):
        return None
    return cfg


def load(
    prefix: str, name: str, default: C.ExperimentConfig | None = None
) -> C.ExperimentConfig | None:
    """The experiment ``examples/{prefix}{name}.json`` (its missing fields: ``default``'s)."""
    base = default or C.ExperimentConfig()
    return read(f"{prefix}{name}", lambda b: C.from_json(b, base=base))


def _value(cfg: C.ExperimentConfig, path: str) -> Any:
    v: Any = cfg
    for part in path.split("."):
        v = getattr(v, part)
    return tuple(v) if isinstance(v, list) else v


def matching(
    cfg: C.ExperimentConfig, presets: dict[str, C.ExperimentConfig], paths: Sequence[str]
) -> str | None:
    """The first preset whose values at ``paths`` (and seed) are those of ``cfg``."""
    paths = [*paths, "seed"]
    now = [_value(cfg, p) for p in paths]
    for name, p in presets.items():
        if [_value(p, q) for q in paths] == now:
            return name
    return None
