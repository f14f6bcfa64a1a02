"""The preset box shows the preset that is loaded, or "custom" (ui/presets.py)."""

from __future__ import annotations

import pytest

from dlcore import config as C
from dlcore import i18n, presets
from tests.conftest import ROOT, app_test, assert_clean
from ui.presets import CUSTOM

# page, page key, example prefix, a preset, its teaching position
PAGES = [
    ("pages/ff.py", "ff", "ff_", "spiral", "xor_linear"),
    ("pages/gradflow.py", "gradflow", "training_", "relu_he", "sigmoid_small"),
    ("pages/cnn.py", "cnn", "cnn_", "no_pool", "digits"),
    ("pages/rnn.py", "rnn", "rnn_", "order_gru", "adding_lstm"),
    ("pages/ae.py", "ae", "ae_", "sparse", "digits_2d"),
]


def _query(prefix: str, name: str, page: str) -> dict[str, str]:
    cfg, _ = C.from_json((ROOT / "examples" / f"{prefix}{name}.json").read_bytes())
    return {**cfg.to_query(), "page": page}


@pytest.mark.parametrize(("file", "page", "prefix", "name", "first"), PAGES)
def test_a_share_link_of_a_preset_shows_that_preset(file, page, prefix, name, first):
    at = app_test(file, lang="zh", query=_query(prefix, name, page))
    assert_clean(at)
    box = at.selectbox(key=f"{page}.preset")
    assert box.value == name
    assert box.options[0] == i18n.t("preset.custom", "zh")
    assert box.options[1] == i18n.t(_label(page, first), "zh")  # teaching order, not A-Z


def _label(page: str, name: str) -> str:
    return {
        "ff": f"ff.preset.{name}",
        "gradflow": f"gf.preset.{name}",
        "cnn": f"cnn.preset.{name}",
        "rnn": f"rnn.preset.{name}",
        "ae": f"ae.preset.{name}",
    }[page]


def test_a_share_link_that_differs_shows_custom():
    q = _query("training_", "relu_he", "gradflow")
    q["m.hidden"] = ",".join(["32"] * 10)  # the issue: "ReLU + He, 20 layers" above 10 layers
    at = app_test("pages/gradflow.py", lang="en", query=q)
    assert_clean(at)
    assert at.selectbox(key="gradflow.preset").value == CUSTOM
    assert at.slider(key="gradflow.depth").value == 10
    assert not any("He" in i.value for i in at.info)  # no lesson of a preset not loaded


def test_picking_loads_and_a_change_turns_the_box_to_custom():
    at = app_test("pages/gradflow.py", lang="en")
    at.selectbox(key="gradflow.preset").set_value("relu_he").run()
    assert at.selectbox(key="gradflow.preset").value == "relu_he"
    assert at.slider(key="gradflow.depth").value == 20
    assert any(i.value == i18n.t("gf.preset_note.relu_he", "en") for i in at.info)
    at.slider(key="gradflow.depth").set_value(10).run()
    assert at.selectbox(key="gradflow.preset").value == CUSTOM
    at.selectbox(key="gradflow.preset").set_value("relu_he").run()  # back to the preset
    assert at.selectbox(key="gradflow.preset").value == "relu_he"
    assert at.slider(key="gradflow.depth").value == 20


def test_ff_default_is_not_labelled_circle_when_spiral_settings_are_shown():
    q = _query("ff_", "spiral", "ff")
    q["d.noise"] = "0.25"  # one setting differs
    at = app_test("pages/ff.py", lang="en", query=q)
    assert at.selectbox(key="ff.preset").value == CUSTOM


def test_every_preset_of_every_page_is_found_by_its_own_config():
    for _file, page, prefix, _name, _first in PAGES:
        names = presets.names(prefix, ())
        cfgs = {n: presets.load(prefix, n, C.ExperimentConfig()) for n in names}
        for n, cfg in cfgs.items():
            # no two presets share a config: the box could not tell them apart
            assert presets.matching(cfg, cfgs, ["data", "model", "train"]) == n, (page, n)


def test_one_reader_for_every_preset(tmp_path, monkeypatch):
    """dlcore.presets reads every shipped preset (the GAN's through its own parser); a
    missing or refused file is None, not an error; its seed comes with it."""
    from dlcore import gan as G

    assert presets.read("gan_healthy", G.gan_from_json) is not None
    assert presets.load("cnn_", "digits").model.family == "cnn"
    monkeypatch.setattr(presets, "EXAMPLES", tmp_path)
    (tmp_path / "ff_bad.json").write_text('{"train": {"lr": "fast"}, "seed": 7}')
    (tmp_path / "ff_broken.json").write_text("{not json")
    (tmp_path / "ff_ok.json").write_text('{"seed": 7}')
    assert presets.names("ff_", ("ok",)) == ["ok", "bad", "broken"]
    assert presets.load("ff_", "missing") is None
    assert presets.load("ff_", "broken") is None
    assert presets.load("ff_", "ok").seed == 7
