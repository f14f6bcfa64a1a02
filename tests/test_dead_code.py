"""Dead code stays out: every i18n key is read somewhere, every registry name has its
translation in both languages, and every page a milestone links to exists and is in the
navigation (no fallback for chapters that have not landed).

A key is *referenced* when a .py file of the app (dlcore/, ui/, pages/, app.py; not the
i18n tables themselves, not tests/) holds it as a string literal, or when it is built
from a prefix the code writes out:

- an f-string, e.g. ``t(f"rnn.cell.{cell}")``, or a format string, e.g.
  ``"gan.preset.{}".format(name)``: any key of that shape when the text before the first
  hole has two dots (``rnn.cell.``), else (``t(f"gan.{name}_help")``) only with values the
  code writes out as literals (``"g_lr"``);
- the argument of a ``fmt`` / ``fmt_now`` / ``label`` formatter: ``fmt("act")`` formats
  each option of a widget as ``t("act.<option>")``;
- ``REGISTRY_PREFIXES`` below: keys built from registry names (``act.relu``).
"""

from __future__ import annotations

import ast
import re

import pytest

from dlcore import catalog, i18n, registry
from tests.conftest import ROOT

# Keys built from registry names: prefix → the registry whose names follow it.
REGISTRY_PREFIXES = {
    "act.": registry.ACTIVATIONS,
    "loss.": registry.LOSSES,
    "opt.": registry.OPTIMIZERS,
    "init.": registry.INITS,
    "family.": registry.FAMILIES,
    "data.": registry.DATASETS,
}
FORMATTERS = ("fmt", "fmt_now", "label")  # fmt("act") formats an option as t("act.<option>")
KEYLIKE = re.compile(r"[a-z_]+\.[a-z_.{}]*")


def _app_files():
    yield ROOT / "app.py"
    for top in ("dlcore", "ui", "pages"):
        for path in sorted((ROOT / top).rglob("*.py")):
            if path.parent.name != "i18n":
                yield path


def _pattern(parts: list[str | None]) -> tuple[re.Pattern, bool]:
    """A key pattern from literal parts and holes (None); strong when the text before the
    first hole names a family of keys by itself (two dots: ``rnn.cell.``)."""
    rx = "".join(re.escape(p) if p is not None else "(.+)" for p in parts)
    return re.compile(rx), (parts[0] or "").count(".") > 1


def _references() -> tuple[set[str], list[tuple[re.Pattern, bool]]]:
    """The string literals of the app, and the key patterns its f-strings, format strings
    and formatters build."""
    literals: set[str] = set()
    patterns: list[tuple[re.Pattern, bool]] = []
    for path in _app_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                v = node.value
                literals.add(v)
                if "{" in v and KEYLIKE.fullmatch(v):  # "gan.preset.{}".format(name)
                    pieces = re.split(r"{[^}]*}", v)
                    parts = [q for p in pieces for q in (p, None)][:-1]
                    patterns.append(_pattern(parts))
            elif isinstance(node, ast.JoinedStr) and any(
                isinstance(v, ast.FormattedValue) for v in node.values
            ):
                parts = [v.value if isinstance(v, ast.Constant) else None for v in node.values]
                if parts[0] and KEYLIKE.match(parts[0]):
                    patterns.append(_pattern(parts))
            elif isinstance(node, ast.Call):
                fn = node.func
                name = fn.attr if isinstance(fn, ast.Attribute) else getattr(fn, "id", "")
                arg = node.args[0] if node.args else None
                if (
                    name in FORMATTERS
                    and isinstance(arg, ast.Constant)
                    and isinstance(arg.value, str)
                ):
                    patterns.append((re.compile(re.escape(f"{arg.value}.") + "(.+)"), True))
    return literals, patterns


def _referenced(key: str, literals: set[str], patterns: list[tuple[re.Pattern, bool]]) -> bool:
    if key in literals:
        return True
    for pre, reg in REGISTRY_PREFIXES.items():
        if key.startswith(pre) and key[len(pre) :] in reg.known():
            return True
    for rx, strong in patterns:
        m = rx.fullmatch(key)
        # a weak pattern (t(f"ff.{name}")) counts for the suffixes the code writes out
        if m and (strong or all(g in literals for g in m.groups())):
            return True
    return False


def test_the_reference_finder_sees_literals_fstrings_and_formatters():
    literals, patterns = _references()
    assert _referenced("rnn.cell.lstm", set(), patterns)  # t(f"rnn.cell.{cell}")
    assert _referenced("cnn.kernel.box", set(), patterns)  # fmt("cnn.kernel")
    assert _referenced("gan.g_lr_help", literals, patterns)  # t(f"gan.{name}_help")
    assert _referenced("act.relu", set(), [])  # a registry name
    assert not _referenced("act.swish", set(), [])
    assert not _referenced("ff.never_used_anywhere", literals, patterns)


def test_no_unused_i18n_keys():
    literals, patterns = _references()
    unused = sorted(k for k in i18n.CATALOG if not _referenced(k, literals, patterns))
    assert not unused, f"{len(unused)} i18n keys no .py file of the app reads: {unused}"


def _registry_keys() -> list[tuple[str, str]]:
    """(registry kind + name, the i18n key of its label) for every registered name."""
    out = []
    for pre, reg in REGISTRY_PREFIXES.items():
        for name, obj in reg.items():
            key = getattr(obj, "key", None) or getattr(obj, "label_key", None) or f"{pre}{name}"
            out.append((f"{reg.kind} {name}", key))
    for name in registry.FEATURES.names():
        out.append((f"input feature {name}", f"ff.feat.{name}"))
    return out


@pytest.mark.parametrize(("what", "key"), _registry_keys(), ids=lambda v: str(v))
def test_every_registry_name_is_translated_in_both_languages(what, key):
    assert catalog.unfilled() == {}
    assert i18n.has(key), f"{what}: no i18n key {key!r}"
    zh, en = i18n.CATALOG[key]
    assert zh.strip() and en.strip(), f"{what}: {key!r} is empty in a language"


def test_every_milestone_page_exists_and_is_in_the_navigation():
    from dlcore import timeline as TL

    shell = (ROOT / "ui" / "shell.py").read_text(encoding="utf-8")
    pages = sorted({p for m in TL.MILESTONES for p in m.pages})
    assert pages
    for page in pages:
        assert (ROOT / page).is_file(), page
        assert f'"{page}"' in shell, f"{page} is not in ui/shell.py's navigation"
