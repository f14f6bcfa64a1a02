"""GAN configs headless (``python -m dlcore run gan_*.json``) and as a standalone script
(``python -m dlcore code``): the script's final losses equal the CLI's (dlcore/gan_code.py)."""

from __future__ import annotations

import contextlib
import io
import json
import math
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from dlcore.__main__ import main as cli_main
from dlcore.gan import GanConfig, gan_from_json
from dlcore.gan_code import metrics, run, script
from tests.conftest import ROOT
from tests.test_codegen import run_exported

PRESETS = sorted((ROOT / "examples").glob("gan_*.json"))
ROUNDS = 60
SMALL = dict(n_real=300, g_width=16, d_width=16, batch_size=32)  # quick variants
COMPARED = ("rounds", "d_steps", "g_steps", "d_loss", "g_loss", "modes_covered", "n_params")


# both sides of a comparison in one torch thread (same numbers either way; steadier timing)
pytestmark = pytest.mark.usefixtures("one_thread")


def run_cli(args: list[str]) -> tuple[int, str]:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        rc = cli_main(args)
    return rc, buf.getvalue()


def assert_same(got: dict, want: dict) -> None:
    for k in COMPARED:
        a, b = got[k], want[k]
        if isinstance(b, float):
            assert math.isclose(a, b, rel_tol=1e-5, abs_tol=1e-7), (k, a, b)
        else:
            assert a == b, (k, a, b)
    assert got["stopped"] == want["stopped"] is None


@pytest.mark.parametrize("preset", PRESETS, ids=[p.stem for p in PRESETS])
def test_preset_script_matches_cli(preset: Path, tmp_path: Path) -> None:
    cfg, notices = gan_from_json(preset.read_bytes())
    assert not notices
    rc, out = run_cli(["run", str(preset), "--steps", str(ROUNDS), "--quiet"])
    assert rc == 0
    want = json.loads(out)
    assert want["rounds"] == ROUNDS and want["d_steps"] == ROUNDS * cfg.k_d
    assert want["modes_covered"] is not None and 0 <= want["modes_covered"] <= 8
    assert_same(run_exported(script(cfg), ROUNDS, tmp_path), want)


@pytest.mark.parametrize(
    "change",
    [
        dict(target="ring", g_loss="minimax", activation="tanh", k_d=2),
        dict(target="moons", activation="leaky_relu", noise_dim=3, g_layers=1),
        dict(target="drawn", points=(0.0, 0.0, 1.0, 1.0, -1.0, 0.5, 2.0, -2.0)),
    ],
    ids=["ring_minimax_kd2", "moons", "drawn"],
)
def test_every_target_and_loss_matches(change: dict, tmp_path: Path) -> None:
    cfg = replace(GanConfig(), **SMALL, **change)
    want = metrics(run(cfg, 40))
    assert want["modes_covered"] is None  # only the mixture of 8 has modes to count
    assert_same(run_exported(script(cfg), 40, tmp_path), want)


def test_healthy_script_standalone_subprocess(tmp_path: Path) -> None:
    """The healthy preset exported by the CLI (in this process; the CLI's own process is
    tests/test_cli.py's), run in a clean interpreter outside the repo."""
    preset = ROOT / "examples" / "gan_healthy.json"
    rc, text = run_cli(["code", str(preset)])
    assert rc == 0
    assert "import dlcore" not in text and "from dlcore" not in text
    path = tmp_path / "experiment.py"
    path.write_text(text, encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-I", str(path), "--steps", "30"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={"OMP_NUM_THREADS": "1", "PATH": "/usr/bin:/bin"},
    )
    assert out.returncode == 0, out.stderr
    cfg, _ = gan_from_json(preset.read_bytes())
    assert_same(json.loads(out.stdout), metrics(run(cfg, 30)))


def test_bad_gan_configs_exit_2(tmp_path: Path, capsys) -> None:
    few = tmp_path / "few.json"
    few.write_text(json.dumps({"gan": {"target": "drawn", "points": [0, 0, 1, 1]}}))
    for cmd in ("run", "code"):
        rc, out = run_cli([cmd, str(few), "--steps", "5"] if cmd == "run" else [cmd, str(few)])
        assert rc == 2 and out == ""
        assert "at least 3 points" in capsys.readouterr().err
    odd = tmp_path / "odd.json"  # a bad field falls back with a warning, as page configs do
    odd.write_text(json.dumps({"gan": {**SMALL, "g_lr": "fast"}}))
    rc, out = run_cli(["run", str(odd), "--steps", "3", "--quiet"])
    assert rc == 0 and json.loads(out)["rounds"] == 3
    assert "g_lr" in capsys.readouterr().err


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_gan_page_shows_the_code_and_its_config(lang: str) -> None:
    from dlcore.i18n import t
    from tests.conftest import app_test, assert_clean

    at = app_test("pages/gan.py", lang=lang)
    assert_clean(at)
    at.toggle(key="gan.show_code").set_value(True).run()
    assert_clean(at)
    codes = [c.value for c in at.code]
    cfg = at.session_state["gan._cfg"]
    assert script(cfg).strip() in [c.strip() for c in codes]  # the page config's script
    assert any("python -m dlcore run gan_experiment.json" in c for c in codes)
    assert t("code.show", lang) == at.toggle(key="gan.show_code").label
