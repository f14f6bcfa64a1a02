"""Language: no English left on zh pages (the words and what is shown; checked on every page by
tests/test_every_page.py, one render per page); a live switch relabels every option and the URL."""

from __future__ import annotations

import json
import re

from dlcore import i18n
from tests.conftest import app_test

WORD = re.compile(r"[A-Za-z]{4,}")


def _english_only_words() -> set[str]:
    """Lower-case words of the en catalogue that its zh side never uses (not technical terms)."""
    en, zh = set(), set()
    for zh_text, en_text in i18n.CATALOG.values():
        en |= {w for w in WORD.findall(en_text) if w.islower()}
        zh |= {w.lower() for w in WORD.findall(zh_text)}
    return en - zh


def _shown(at) -> list[str]:
    """Every text a student reads: markdown, captions, labels, options, metrics, figure text."""
    out: list[str] = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "info", "warning",
                 "error", "success"):  # fmt: skip
        out += [e.value for e in at.get(kind)]
    for kind in ("selectbox", "radio", "multiselect", "select_slider", "slider", "number_input",
                 "text_input", "toggle", "checkbox", "button"):  # fmt: skip
        for e in at.get(kind):
            out.append(e.label)
            out += [str(o) for o in getattr(e, "options", [])]
    for e in at.get("metric"):
        out += [e.label, str(e.value)]
    for e in at.get("plotly_chart"):
        lay = json.loads(e.proto.spec).get("layout", {})
        for v in lay.values():
            if isinstance(v, dict) and isinstance(v.get("title"), dict):
                out.append(str(v["title"].get("text") or ""))
        out += [str(a.get("text", "")) for a in lay.get("annotations", []) or []]
    for e in at.dataframe:
        out += [str(c) for c in e.value.columns]
    # formulas, code and layer names (conv1[0], pool2[3]) are not prose
    return [re.sub(r"\$[^$]*\$|`[^`]*`|\b[a-z]+\d+\[\d+\]", " ", s) for s in out]


def test_glue_table_headers_in_zh():
    at = app_test("pages/history.py", lang="zh")
    cols = [str(c) for e in at.dataframe for c in e.value.columns]
    assert "系统" in cols and "平均" in cols
    assert "System" not in cols and "Average" not in cols


def test_a_live_switch_relabels_options_and_the_url_on_that_run():
    """The browser keeps a selectbox's old label unless its value is sent again (ui/language.py)."""
    at = app_test("pages/gd.py", lang="en")
    box = at.selectbox(key="gd.surface")
    assert box.proto.options[0].startswith("quadratic")
    at.session_state["lang"] = "zh"  # the sidebar's switch
    at.run()
    box = at.selectbox(key="gd.surface")
    assert box.proto.options[0] == i18n.t("gd.surf.quadratic", "zh")
    assert box.proto.set_value  # sent to the browser with the new label
    assert at.query_params["lang"] in ("zh", ["zh"])  # /gd kept lang=en before
    at.run()  # the next run does not resend
    assert not at.selectbox(key="gd.surface").proto.set_value
