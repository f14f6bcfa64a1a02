"""AppTest: "Show the code" in the share section of the training pages."""

from __future__ import annotations

import pytest

from tests.conftest import app_test, assert_clean


@pytest.mark.parametrize(
    ("page", "key", "lang"),
    [("pages/ff.py", "ff", "en"), ("pages/ae.py", "ae", "zh")],
)
def test_show_the_code(page: str, key: str, lang: str) -> None:
    at = app_test(page, lang=lang)
    assert_clean(at)
    assert not [c for c in at.code if "def make_data" in c.value]  # off until asked
    at.toggle(key=f"{key}.show_code").set_value(True).run()
    assert_clean(at)
    scripts = [c.value for c in at.code if "def make_data" in c.value]
    assert len(scripts) == 1
    text = scripts[0]
    assert "import dlcore" not in text and "from dlcore" not in text
    assert "def main():" in text and "--steps" in text
    compile(text, "experiment.py", "exec")
