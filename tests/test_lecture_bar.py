"""Lecture mode on the chapter pages (ui/lecture_bar.py): note, Previous / Next, n / N."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest

from dlcore import i18n, lecture
from tests.conftest import app_test, assert_clean

STEPS = lecture.steps()
N = len(STEPS)


def _links(at) -> dict[str, dict[str, str]]:
    """label → query of every page link on the page."""
    return {
        pl.proto.label: {k: v[-1] for k, v in parse_qs(pl.proto.query_string).items()}
        | {"_page": pl.proto.page}
        for pl in at.get("page_link")
    }


def _bar_text(at) -> str:
    return " ".join(m.value for m in at.markdown)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_step_shows_its_own_note_and_number(lang):
    for i in (0, 1, 2, N - 1):
        at = app_test(None, lang=lang, query={"lecture": str(i + 1)})
        assert_clean(at)
        text = _bar_text(at)
        assert f"{i + 1} / {N}" in text
        assert i18n.t(STEPS[i].note_key, lang) in text


def test_notes_belong_to_their_pages():
    """Issue 15: the timeline showed the perceptron/XOR sentence, the MP neuron 'drag w and b'."""
    by_page = {s.page: i18n.t(s.note_key, "en") for s in STEPS}
    assert "XOR" not in by_page["pages/history.py"] and "GLUE" in by_page["pages/history.py"]
    assert "XOR" in by_page["pages/neuron.py"] and "Drag w" not in by_page["pages/neuron.py"]
    assert "Drag w and b" in by_page["pages/activations.py"]


def test_links_keep_lang_present_and_hide_and_move_one_step():
    at = app_test(None, lang="en", query={"lecture": "5", "present": "1", "hide": "share"})
    assert_clean(at)
    links = _links(at)
    prev, nxt = links[i18n.t("lecture.prev", "en")], links[i18n.t("lecture.next", "en")]
    for q in (prev, nxt):
        assert q["lang"] == "en" and q["present"] == "1" and q["hide"] == "share"
    assert prev["lecture"] == "4" and nxt["lecture"] == "6"
    assert nxt["_page"] == STEPS[5].url_path
    for k, v in STEPS[5].query.items():  # the next step's preset travels in its link
        assert nxt[k] == v


def test_first_and_last_steps_have_one_direction():
    first = _links(app_test(None, lang="en", query={"lecture": "1"}))
    assert i18n.t("lecture.prev", "en") not in first and i18n.t("lecture.next", "en") in first
    last = _links(app_test(None, lang="en", query={"lecture": str(N)}))
    assert i18n.t("lecture.next", "en") not in last and i18n.t("lecture.prev", "en") in last


@pytest.mark.parametrize("raw", ["banana", "0", str(N + 1), "-3"])
def test_bad_step_opens_the_first_step_with_a_notice(raw):
    at = app_test(None, lang="en", query={"lecture": raw})
    assert_clean(at)
    assert f"1 / {N}" in _bar_text(at)
    assert any(raw in w.value for w in at.warning)


def test_bad_present_flag_is_off_with_a_notice_also_in_lecture_mode():
    at = app_test(None, lang="en", query={"lecture": "3", "present": "banana"})
    assert_clean(at)
    assert at.session_state["_present"] is False
    assert any("banana" in w.value for w in at.sidebar.warning)


def test_a_step_on_a_form_page_keeps_its_url():
    """One history entry per step: the page does not rewrite the step's URL (Back = one step)."""
    i = next(i for i, s in enumerate(STEPS) if s.page == "pages/ff.py" and s.query)
    at = app_test(None, lang="en", query={"lecture": str(i + 1)})
    assert_clean(at)
    assert at.query_params["lecture"] == [str(i + 1)] or at.query_params["lecture"] == str(i + 1)
    kept = {k: at.query_params[k] for k in at.query_params if "." in k}
    kept = {k: v if isinstance(v, str) else v[-1] for k, v in kept.items()}
    assert kept == STEPS[i].query  # not rewritten (to the settings that differ from the page's)
    cfg = at.session_state["ff._cfg"]
    assert cfg.data.name == STEPS[i].query["d.name"]


def test_no_bar_without_the_flag():
    at = app_test("pages/ff.py", lang="en")
    assert f"/ {N}" not in _bar_text(at)
