"""The headless CLI: one JSON object on stdout, progress on stderr, clear refusals."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from dlcore.__main__ import main
from dlcore.config import ExperimentConfig
from tests.conftest import ROOT


def run_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """``python -m dlcore ARGS`` in a process of its own (what a user runs)."""
    return subprocess.run(
        [sys.executable, "-m", "dlcore", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def cli(capsys):
    """The CLI's ``main`` in this process (no second torch import): ``cli(*args)`` returns
    a CompletedProcess-like result with the exit code, stdout and stderr."""

    def call(*args: str) -> subprocess.CompletedProcess:
        capsys.readouterr()
        try:
            rc = main(list(args))
        except SystemExit as e:  # argparse: --help, a bad option
            rc = int(e.code or 0)
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(["dlcore", *args], rc, out, err)

    return call


def test_help_documents_run(cli):
    r = cli("--help")
    assert r.returncode == 0 and "run" in r.stdout
    r = cli("run", "--help")
    assert "--steps" in r.stdout and "--device" in r.stdout and "--out" in r.stdout


def test_run_prints_one_json_object(tmp_path, cli):
    cfg = tmp_path / "c.json"
    cfg.write_text(ExperimentConfig().with_(data={"name": "xor", "n_points": 200}).to_json())
    out = tmp_path / "m.json"
    r = run_cli("run", str(cfg), "--steps", "300", "--out", str(out))
    assert r.returncode == 0, r.stderr
    lines = [ln for ln in r.stdout.splitlines() if ln.strip()]
    assert len(lines) == 1
    m = json.loads(lines[0])
    assert m["steps"] == 300 and m["train_acc"] > 0.8
    assert {"wall_seconds", "train_loss", "test_loss", "test_acc"} <= set(m)
    assert json.loads(out.read_text()) == m
    assert "step" in r.stderr  # progress goes to stderr
    # same config + seed → same numbers (here in this process)
    r2 = cli("run", str(cfg), "--steps", "300", "--quiet")
    m2 = json.loads(r2.stdout)
    assert m2["train_loss"] == m["train_loss"] and r2.stderr == ""


@pytest.mark.parametrize(
    ("content", "needle"),
    [("{not json", "not JSON"), ("[]", "JSON object"), (" " * 1_000_001, "larger than")],
    ids=["not-json", "not-object", "too-big"],
)
def test_bad_configs_refused_in_one_line(tmp_path, cli, content, needle):
    cfg = tmp_path / "c.json"
    cfg.write_text(content)
    r = cli("run", str(cfg))
    assert r.returncode == 2 and r.stdout == ""
    assert needle in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_missing_file_and_unavailable_device(tmp_path, cli):
    r = cli("run", str(tmp_path / "nope.json"))
    assert r.returncode == 2 and "no such config" in r.stderr
    from dlcore.train import available_devices

    # a device --device accepts that this machine lacks (on a GPU box: mps): never skipped
    device = next(d for d in ("cuda", "mps") if d not in available_devices())
    cfg = tmp_path / "c.json"
    cfg.write_text(ExperimentConfig().to_json())
    r = cli("run", str(cfg), "--device", device)
    assert r.returncode == 2 and r.stdout == "" and "not available" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_bad_field_warns_and_runs(tmp_path, cli):
    cfg = tmp_path / "c.json"
    cfg.write_text(json.dumps({"train": {"lr": "fast"}, "data": {"name": "xor", "n_points": 100}}))
    r = cli("run", str(cfg), "--steps", "20")
    assert r.returncode == 0 and "train.lr" in r.stderr
    json.loads(r.stdout)


def test_every_example_config_runs():
    """Every Trainer preset in examples/ runs through the CLI (a few steps each)."""
    from dlcore.config import from_json
    from dlcore.train import Trainer

    files = sorted((ROOT / "examples").glob("*.json"))
    assert files
    for f in files:
        raw = json.loads(f.read_text())
        if not isinstance(raw, dict) or "model" not in raw:
            continue  # not a Trainer experiment (e.g. a page preset of another kind)
        cfg, notices = from_json(f.read_text())
        assert notices == [], (f.name, notices)
        tr = Trainer(cfg)
        tr.step(3)
        assert tr.step_count == 3, f.name
