"""The stop condition's widgets on /ff (ui/targets.py): a target applies in place, pauses
with a message when reached, travels in the share link, and is clamped with a notice."""

from __future__ import annotations

import pytest

from dlcore.i18n import t
from tests.conftest import app_test, assert_clean

PAGE = "pages/ff.py"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_accuracy_target_pauses_with_a_message(lang):
    at = app_test(PAGE, lang=lang, query={"d.name": "xor"})
    at.button(key="ff.btn_epoch").click().run()
    tr = at.session_state["ff._trainer"]
    assert tr.step_count == 25 and tr.stop is None
    at.number_input(key="ff.train.stop_acc").set_value(0.9).run()
    assert at.session_state["ff._trainer"] is tr and tr.step_count == 25  # in place, no reset
    assert tr.cfg.train.stop_acc == 0.9
    assert at.query_params["t.stop_acc"] == "0.9"  # config: in the share link
    for _ in range(40):
        at.button(key="ff.btn_epoch").click().run()
        if tr.stop is not None:
            break
    assert tr.stop is not None and tr.stop.key == "train.stop.target_acc"
    assert tr.last_eval["test_acc"] >= 0.9
    msg = t("train.stop.target_acc", lang, **tr.stop.kwargs)
    assert [s.value for s in at.success] == [msg] and not at.error
    # Play / Step goes on past the target (the fallback's buttons resume)
    n = tr.step_count
    at.button(key="ff.btn_step").click().run()
    assert tr.step_count == n + 1 and tr.stop is None and not at.success
    assert_clean(at)


def test_loss_target_and_off_again():
    at = app_test(PAGE, lang="en", query={"d.name": "gauss"})
    at.number_input(key="ff.train.stop_loss").set_value(0.3).run()
    tr = at.session_state["ff._trainer"]
    for _ in range(20):
        at.button(key="ff.btn_epoch").click().run()
        if tr.stop is not None:
            break
    assert tr.stop is not None and tr.stop.key == "train.stop.target_loss"
    assert tr.last_eval["test_loss"] <= 0.3
    at.number_input(key="ff.train.stop_loss").set_value(0.0).run()  # off: the pause is lifted
    assert tr.stop is None and tr.cfg.train.stop_loss == 0.0
    assert_clean(at)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_out_of_range_targets_are_clamped_with_a_notice(lang):
    at = app_test(PAGE, lang=lang, query={"t.stop_acc": "1.7", "t.stop_loss": "-2"})
    assert_clean(at)
    assert at.session_state["ff.train.stop_acc"] == 1.0
    assert at.session_state["ff.train.stop_loss"] == 0.0
    cfg = at.session_state["ff._cfg"]
    assert (cfg.train.stop_acc, cfg.train.stop_loss) == (1.0, 0.0)
    text = "\n".join(w.value for w in at.warning)
    assert "t.stop_acc" in text and "1.7" in text and "t.stop_loss" in text
    assert (t("config.notice.clamped", lang, field="t.stop_acc", value="1.7 → 1.0")) in text
