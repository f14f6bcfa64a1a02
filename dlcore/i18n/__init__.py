"""Bilingual (zh / en) message catalogue.

Each chapter keeps its messages in its own module as ``MESSAGES = {key: (zh, en)}``;
they are merged here. ``t(key, lang, **kwargs)`` formats with ``str.format``.
The language is always passed explicitly: one server process serves many
sessions, each with its own language, so there is no global "current language".
"""

from __future__ import annotations

from dlcore.i18n import (
    ae,
    classroom,
    cnn,
    common,
    ff,
    fields,
    gan,
    history,
    home,
    live,
    rnn,
    training,
)

LANGS: tuple[str, ...] = ("zh", "en")
DEFAULT_LANG = "zh"

# Chapter catalogues, merged in this order. Import a new chapter's module above and add it.
_MODULES = (common, fields, home, ff, history, training, cnn, rnn, ae, classroom, live, gan)

CATALOG: dict[str, tuple[str, str]] = {}


def _load() -> None:
    for mod in _MODULES:
        for key, pair in mod.MESSAGES.items():
            if key in CATALOG:
                raise ValueError(f"i18n key defined twice: {key!r} (in {mod.__name__})")
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
