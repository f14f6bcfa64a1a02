"""Bilingual (zh / en) message catalogue.

Each chapter keeps its messages in its own module as ``MESSAGES = {key: (zh, en)}``;
they are merged here. ``t(key, lang, **kwargs)`` formats with ``str.format``.
The language is always passed explicitly: one server process serves many
sessions, each with its own language, so there is no global "current language".
"""

from __future__ import annotations

from importlib import import_module

LANGS: tuple[str, ...] = ("zh", "en")
DEFAULT_LANG = "zh"

# Chapter catalogues, merged in this order. Add a module name here for a new chapter.
_MODULES = (
    "common",
    "home",
    "ff",
    "history",
    "training",
    "cnn",
    "rnn",
    "ae",
    "classroom",
    "live",
    "gan",
)

CATALOG: dict[str, tuple[str, str]] = {}


def _load() -> None:
    for name in _MODULES:
        try:
            mod = import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:  # a chapter not written yet
            if exc.name == f"{__name__}.{name}":
                continue
            raise
        for key, pair in mod.MESSAGES.items():
            if key in CATALOG:
                raise ValueError(f"i18n key defined twice: {key!r} (in {name})")
            if not (isinstance(pair, tuple) and len(pair) == 2):
                raise ValueError(f"i18n key {key!r} must map to a (zh, en) tuple")
            CATALOG[key] = pair


_load()


def normalize_lang(lang: str | None) -> str:
    """Map anything (``'en-US'``, ``'zh_CN'``, ``None``) to one of LANGS."""
    if not lang:
        return DEFAULT_LANG
    lang = str(lang).strip().lower()
    for code in LANGS:
        if lang.startswith(code):
            return code
    return DEFAULT_LANG


def has(key: str) -> bool:
    return key in CATALOG


def t(key: str, lang: str = DEFAULT_LANG, /, **kwargs: object) -> str:
    """The message ``key`` in ``lang``, formatted with ``kwargs``.

    A missing key returns the key itself in brackets (visible, never a crash);
    the test-suite fails on any missing key.
    """
    pair = CATALOG.get(key)
    if pair is None:
        return f"[{key}]"
    text = pair[0] if normalize_lang(lang) == "zh" else pair[1]
    if kwargs:
        try:
            return text.format(**kwargs)
        except (KeyError, IndexError, ValueError):
            return text
    return text
