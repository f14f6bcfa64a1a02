"""Config: JSON and URL round trips, coercion, notices for bad fields, hard refusals."""

from __future__ import annotations

import json

import pytest

from dlcore import config as C
from dlcore.config import ExperimentConfig


def custom() -> ExperimentConfig:
    return ExperimentConfig().with_(
        data={"name": "xor", "noise": 0.25, "features": ("x1", "x2", "x1x2"), "seed": 7},
        model={"hidden": (4, 3, 2), "activation": "relu", "init": "he", "dropout": 0.1},
        train={"optimizer": "momentum", "lr": 0.003, "batch_size": 0, "l2": 0.001},
        seed=123,
    )


def test_json_round_trip():
    cfg = custom()
    back, notices = C.from_json(cfg.to_json())
    assert back == cfg and notices == []
    assert json.loads(cfg.to_json())["version"] == C.CONFIG_VERSION


def test_query_round_trip_all_strings():
    cfg = custom()
    q = cfg.to_query()
    assert all(isinstance(v, str) for v in q.values())
    back, notices = C.from_query(q)
    assert back == cfg and notices == []


def test_query_coercion_of_types():
    cfg, notices = C.from_query(
        {
            "t.lr": "1e-2",
            "m.family": "ae",
            "m.hidden": "5,6",
            "m.tied": "true",
            "d.n_points": "300.0",
        }
    )
    assert cfg.train.lr == pytest.approx(0.01)
    assert cfg.model.hidden == (5, 6)
    assert cfg.model.tied is True
    assert cfg.data.n_points == 300
    assert notices == []


@pytest.mark.parametrize(
    ("key", "value", "reason"),
    [
        ("t.lr", "fast", "type"),
        ("t.lr", "nan", "type"),
        ("t.lr", "1e9", "range"),
        ("m.activation", "swish9", "choice"),
        ("m.hidden", "8,x", "type"),
        ("m.hidden", ",".join(["2"] * 40), "range"),
        ("d.name", "../../etc/passwd", "choice"),
        ("bogus", "1", "unknown"),
        ("m.nothing", "1", "unknown"),
        ("seed", "-5", "range"),
    ],
)
def test_bad_query_values_fall_back_with_notice(key, value, reason):
    base = ExperimentConfig()
    cfg, notices = C.from_query({key: value, "t.batch_size": "32"})
    assert cfg.train.batch_size == 32  # the good field is kept
    assert len(notices) == 1
    assert notices[0].field == key and notices[0].reason == reason
    # everything else is the default
    assert cfg.with_(train={"batch_size": base.train.batch_size}) == base
    assert key in notices[0].message("en") and key in notices[0].message("zh")


def test_shell_keys_are_not_config():
    _, notices = C.from_query({"lang": "en", "present": "1"})
    assert notices == []


def test_bad_json_fields_in_json():
    cfg, notices = C.from_json(
        json.dumps({"train": {"lr": "x", "optimizer": "adam"}, "data": 5, "foo": 1})
    )
    assert cfg.train.lr == ExperimentConfig().train.lr
    assert {n.field for n in notices} == {"train.lr", "data", "foo"}


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("not json {", "config.error.not_json"),
        ("[1, 2]", "config.error.not_object"),
        (b"\xff\xfe\x00", "config.error.not_utf8"),
        ("{" + " " * (C.MAX_JSON_BYTES + 1) + "}", "config.error.too_big"),
    ],
)
def test_refused_configs(text, key):
    with pytest.raises(C.ConfigError) as err:
        C.from_json(text)
    assert err.value.key == key


def test_schema_documented():
    rows = C.field_help()
    names = {r[0] for r in rows}
    assert {"data.name", "model.hidden", "train.lr", "seed"} <= names
    doc = (__import__("pathlib").Path(__file__).parents[1] / "docs" / "config.md").read_text()
    for name in names:
        assert f"`{name}`" in doc, f"{name} missing from docs/config.md"
