"""Show the code: every preset's exported script gives the CLI's numbers.

The scripts run in this process through ``runpy`` (one ``import torch`` for all of
them) and once for the spiral in a clean subprocess, the way a student runs it.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import math
import runpy
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn

from dlcore.__main__ import main as cli_main
from dlcore.codegen import FEATURE_EXPR, module_expr, script
from dlcore.config import ExperimentConfig, from_json
from dlcore.data import build_dataset
from dlcore.registry import DATASETS, FEATURES
from tests.conftest import ROOT

# every experiment preset (the GAN page has a config of its own: dlcore/gan.py)
PRESETS = sorted(p for p in (ROOT / "examples").glob("*.json") if not p.stem.startswith("gan_"))
# Few hundred steps each; the slow families fewer (the whole file stays near a minute).
STEPS = {"mlp": 300, "ae": 200, "cnn": 150, "rnn": 100}
STEPS_DEEP = 150  # the 10–20-layer MLPs on digits
COMPARED = (
    "steps",
    "epochs",
    "n_params",
    "train_loss",
    "test_loss",
    "train_acc",
    "test_acc",
    "train_r2",
    "test_r2",
    "stopped",
)


# both sides of a comparison in one torch thread (same numbers either way; steadier timing)
pytestmark = pytest.mark.usefixtures("one_thread")


def _cfg(path: Path) -> ExperimentConfig:
    cfg, notices = from_json(path.read_bytes())
    assert not notices
    return cfg


def _steps(cfg: ExperimentConfig) -> int:
    if cfg.model.family == "mlp" and len(cfg.model.hidden) >= 10:
        return STEPS_DEEP
    return STEPS[cfg.model.family]


def run_exported(text: str, steps: int, tmp_path: Path) -> dict:
    """Run a generated script as ``__main__`` with ``--steps``; its one JSON line."""
    path = tmp_path / "experiment.py"
    path.write_text(text, encoding="utf-8")
    buf, argv = io.StringIO(), sys.argv
    sys.argv = [str(path), "--steps", str(steps)]
    try:
        with contextlib.redirect_stdout(buf):
            runpy.run_path(str(path), run_name="__main__")
    finally:
        sys.argv = argv
    lines = [ln for ln in buf.getvalue().splitlines() if ln.strip()]
    assert len(lines) == 1, lines
    return json.loads(lines[0])


def run_cli(path: Path, steps: int) -> dict:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert cli_main(["run", str(path), "--steps", str(steps), "--quiet"]) == 0
    return json.loads(buf.getvalue())


def assert_same_metrics(got: dict, want: dict) -> None:
    for k in COMPARED:
        assert (k in got) == (k in want), k
        if k not in want:
            continue
        a, b = got[k], want[k]
        if isinstance(b, float) and isinstance(a, float):
            assert math.isclose(a, b, rel_tol=1e-5, abs_tol=1e-7), (k, a, b)
        else:
            assert a == b, (k, a, b)


@pytest.mark.parametrize("preset", PRESETS, ids=[p.stem for p in PRESETS])
def test_preset_script_matches_cli(preset: Path, tmp_path: Path) -> None:
    cfg = _cfg(preset)
    steps = _steps(cfg)
    got = run_exported(script(cfg), steps, tmp_path)
    want = run_cli(preset, steps)
    assert_same_metrics(got, want)


def test_spiral_script_standalone_subprocess(tmp_path: Path) -> None:
    """The spiral preset exported by the CLI (``python -m dlcore code``: the CLI's own
    process is tests/test_cli.py's), run in a clean interpreter outside the repo."""
    preset = ROOT / "examples" / "ff_spiral.json"
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert cli_main(["code", str(preset)]) == 0
    assert buf.getvalue() == script(_cfg(preset))
    path = tmp_path / "experiment.py"
    path.write_text(buf.getvalue(), encoding="utf-8")
    # -I: isolated mode (no PYTHONPATH, no user site, not the repo's folder)
    out = subprocess.run(
        [sys.executable, "-I", str(path), "--steps", "400"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    assert_same_metrics(got, run_cli(preset, 400))
    assert got["train_acc"] > 0.9


def test_cross_chunk_and_divergence() -> None:
    """Past the CLI's 500-step chunk; and a diverging run restored like the Trainer's."""
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        for name, steps in (("ff_xor_hidden", 620), ("rnn_exploding", 50)):
            preset = ROOT / "examples" / f"{name}.json"
            got = run_exported(script(_cfg(preset)), steps, Path(d))
            want = run_cli(preset, steps)
            assert_same_metrics(got, want)
    assert want["stopped"] == "train.stop.exploded"


@pytest.mark.parametrize("preset", PRESETS, ids=[p.stem for p in PRESETS])
def test_script_never_imports_dlcore(preset: Path) -> None:
    tree = ast.parse(script(_cfg(preset)))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            assert not any(a.name.split(".")[0] == "dlcore" for a in node.names)
        if isinstance(node, ast.ImportFrom):
            assert (node.module or "").split(".")[0] != "dlcore"


_FAMILY_FOR_GROUP = {"toy2d": "mlp", "image": "cnn", "sequence": "rnn", "text": "rnn"}


@pytest.mark.parametrize("name", DATASETS.names())
def test_make_data_equals_dlcore_data(name: str, tmp_path: Path) -> None:
    """Every registered dataset: the script's make_data() is bit for bit dlcore's data."""
    spec = DATASETS[name]
    family = _FAMILY_FOR_GROUP.get(spec.group, "ae")
    data = {"name": name, "n_points": 120, "noise": 0.1, "seed": 3, "seq_len": 12}
    if spec.group == "toy2d":
        data["features"] = tuple(FEATURE_EXPR)
    cfg = ExperimentConfig().with_(data=data, model={"family": family})
    ns = runpy.run_path(_write(tmp_path, script(cfg)), run_name="not_main")
    ds = build_dataset(cfg.data)
    for got, want in zip(
        ns["make_data"](), (ds.x_train, ds.y_train, ds.x_test, ds.y_test), strict=True
    ):
        assert got.dtype == want.dtype and got.shape == want.shape
        np.testing.assert_array_equal(got, want)


def _write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "experiment.py"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_feature_expressions_are_the_registry_features() -> None:
    assert set(FEATURE_EXPR) == set(FEATURES.names())
    p = np.random.default_rng(0).uniform(-6, 6, (50, 2))
    for name, expr in FEATURE_EXPR.items():
        np.testing.assert_array_equal(eval(expr, {"np": np, "p": p}), FEATURES[name](p))


@pytest.mark.parametrize(
    "module",
    [
        nn.Linear(3, 5),
        nn.Conv2d(1, 8, 3, padding=1),
        nn.Conv2d(4, 8, 3, stride=2, padding=1),
        nn.ConvTranspose2d(8, 4, 3, stride=2, padding=1, output_padding=(1, 0)),
        nn.MaxPool2d(2),
        nn.AvgPool2d(2),
        nn.BatchNorm1d(7),
        nn.BatchNorm2d(7),
        nn.LayerNorm(6),
        nn.Dropout(0.25),
        nn.LeakyReLU(0.01),
        nn.Flatten(),
        nn.Tanh(),
        nn.GELU(),
    ],
    ids=lambda m: type(m).__name__,
)
def test_module_expr_rebuilds_the_module(module: nn.Module) -> None:
    assert repr(eval(module_expr(module), {"nn": nn})) == repr(module)


def test_export_leaves_the_callers_random_state_alone() -> None:
    torch.manual_seed(123)
    before = torch.get_rng_state()
    script(_cfg(ROOT / "examples" / "rnn_exploding.json"))  # spectral init draws numbers
    assert torch.equal(torch.get_rng_state(), before)


def test_cli_code_refuses_a_missing_file(capsys) -> None:
    assert cli_main(["code", "no/such.json"]) == 2
    assert "no such config file" in capsys.readouterr().err
