"""Per-family config sections and short share links (issue 16, point 4).

A config carries only the fields of its model family (JSON files and links); a page's
share link carries only the fields that differ from the page's defaults; links and JSON
files of the old layout (every field of every family) still open, with a notice for a
field that no longer applies. ``python3 -m pytest -s`` prints each page's link length.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from dataclasses import fields
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest

from dlcore import config as C
from dlcore.__main__ import main
from tests.conftest import ROOT, app_test, assert_clean

FIXTURES = ROOT / "tests" / "fixtures"
EXAMPLES = sorted(p for p in (ROOT / "examples").glob("*.json") if not p.stem.startswith("gan_"))
HOST = "http://localhost:8501/"  # the link's length counts a local host, as a teacher's

# page file, its Form key, a tweak a student makes (family fields + a shared one)
PAGES = [
    ("pages/ff.py", "ff", {"m.activation": "relu", "t.lr": "0.1"}),
    ("pages/gradflow.py", "gradflow", {"m.activation": "relu", "m.init": "he"}),
    ("pages/cnn.py", "cnn", {"m.kernel_size": "5", "t.lr": "0.01"}),
    ("pages/rnn.py", "rnn", {"m.cell": "gru", "t.lr": "0.02"}),
    ("pages/rnn_inside.py", "rnn_inside", {"m.cell": "gru"}),
    ("pages/rnn_gradients.py", "rnn_grad", {"m.spectral_radius": "1.5"}),
    ("pages/ae.py", "ae", {"m.bottleneck": "3", "t.lr": "0.02"}),
    ("pages/ae_pca.py", "aepca", {"m.bottleneck": "8"}),
    ("pages/gan.py", "gan", {"g.k_d": "3", "g.g_loss": "minimax"}),  # its own config, same rule
]


def _query(at) -> dict[str, str]:
    """The query the page left in the address bar."""
    out = {}
    for k in at.query_params:
        v = at.query_params[k]
        out[k] = v[-1] if isinstance(v, list) else v
    return out


def _link(path: str, query: dict[str, str]) -> str:
    return f"{HOST}{path}?{urlencode(query)}"


def _config_keys(query: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in query.items() if k not in C.SHELL_KEYS}


# -- what a link and a file carry ---------------------------------------------------------------


FAMILY_CONFIGS = {
    "mlp": C.ExperimentConfig(),
    "cnn": C.ExperimentConfig().with_(data={"name": "digits"}, model={"family": "cnn"}),
    "rnn": C.ExperimentConfig().with_(data={"name": "adding"}, model={"family": "rnn"}),
    "ae": C.ExperimentConfig().with_(data={"name": "digits"}, model={"family": "ae"}),
}


@pytest.mark.parametrize("family", FAMILY_CONFIGS)
def test_a_link_and_a_file_carry_only_the_family_fields(family):
    cfg = FAMILY_CONFIGS[family]
    own = C.family_fields(family)
    want = {f"{C.URL_PREFIX[s]}.{n}" for s, names in own.items() for n in names} | {"seed"}
    assert set(cfg.to_query()) == want
    d = cfg.to_dict()
    assert d["version"] == C.CONFIG_VERSION == 2
    assert {s: tuple(d[s]) for s in C.SECTIONS} == own
    assert C.from_json(cfg.to_json()) == (cfg, [])
    others = {k for k in C.query_keys() if k not in want}
    assert others, family  # each family leaves out some fields of the others
    if family == "mlp":  # the issue's example: an MLP link carried d.corpus and m.cell
        assert {"d.corpus", "m.cell", "m.bottleneck", "t.code_l2"} <= others
        assert "m.hidden" in want and "d.features" in want
    if family == "rnn":
        assert {"m.hidden", "d.features", "m.init"} <= others and "m.cell" in want


def test_docs_name_the_families_of_each_field():
    doc = (ROOT / "docs" / "config.md").read_text()
    rows = dict(re.findall(r"^\| `([a-z0-9_.]+)` \| ([a-z, ]+) \|", doc, re.MULTILINE))
    for sec, cls in C.SECTIONS.items():
        for f in fields(cls):
            fams = f.metadata.get("families")
            assert rows[f"{sec}.{f.name}"] == ("all" if fams is None else ", ".join(fams))


def test_shared_fields_belong_to_every_family():
    for name in ("name", "train_ratio", "seed"):
        assert all(C.applies("data", name, f) for f in FAMILY_CONFIGS)
    for name in ("lr", "optimizer", "batch_size", "clip_grad", "stop_acc"):
        assert all(C.applies("train", name, f) for f in FAMILY_CONFIGS)
    assert all(C.applies("model", "family", f) for f in FAMILY_CONFIGS)
    assert not C.applies("model", "cell", "mlp") and C.applies("model", "cell", "rnn")


# A valid value, not the default, for every field some family does not read.
OTHER = {
    "data.n_points": 200,
    "data.noise": 0.2,
    "data.features": ("x1", "x2", "x1x2"),
    "data.seq_len": 12,
    "data.image_size": 12,
    "data.corpus": "not_a_corpus",
    "data.n_classes": 4,
    "model.hidden": (5, 4),
    "model.output": "linear",
    "model.init": "he",
    "model.dropout": 0.3,
    "model.norm": "batch",
    "model.channels": (3,),
    "model.kernel_size": 5,
    "model.pool": "avg",
    "model.cell": "gru",
    "model.hidden_size": 7,
    "model.num_layers": 2,
    "model.spectral_radius": 1.2,
    "model.bottleneck": 5,
    "model.tied": True,
    "model.conv": True,
    "train.loss": "mse",
    "train.code_l2": 0.5,
    "train.code_l1": 0.5,
    "train.input_noise": 0.3,
}
SMALL = {  # small runs of each family (a few steps on the CPU)
    "mlp": C.ExperimentConfig().with_(data={"n_points": 100}),
    "mlp_digits": C.ExperimentConfig().with_(data={"name": "digits", "image_size": 8}),
    "cnn": C.ExperimentConfig().with_(
        data={"name": "digits", "image_size": 8},
        model={"family": "cnn", "channels": (4,), "hidden": (8,)},
    ),
    "rnn": C.ExperimentConfig().with_(
        data={"name": "adding", "n_points": 64, "seq_len": 8},
        model={"family": "rnn", "hidden_size": 8},
    ),
    "rnn_chars": C.ExperimentConfig().with_(
        data={"name": "chars", "n_points": 64, "seq_len": 16},
        model={"family": "rnn", "hidden_size": 8},
    ),
    "ae": C.ExperimentConfig().with_(
        data={"name": "digits", "image_size": 8}, model={"family": "ae", "hidden": (8,)}
    ),
    "ae_manifold": C.ExperimentConfig().with_(
        data={"name": "swiss_roll", "n_points": 100}, model={"family": "ae", "hidden": (8,)}
    ),
}


def test_every_field_of_some_families_has_a_test_value():
    tagged = {
        f"{s}.{f.name}"
        for s, cls in C.SECTIONS.items()
        for f in fields(cls)
        if f.metadata.get("families") is not None
    }
    assert tagged == set(OTHER)


@pytest.mark.parametrize("name", SMALL)
def test_fields_of_other_families_change_nothing(name):
    """The families metadata is right: changing every field a family does not carry leaves
    the data, the initial weights, the training and the exported script as they were."""
    import torch

    from dlcore.codegen import script
    from dlcore.train import Trainer

    cfg = SMALL[name]
    fam = cfg.model.family
    changes: dict[str, dict] = {}
    for dotted, value in OTHER.items():
        sec, _, field = dotted.partition(".")
        if not C.applies(sec, field, fam):
            changes.setdefault(sec, {})[field] = value
    assert changes
    other = cfg.with_(**changes)
    assert other != cfg and other.to_query() == cfg.to_query()
    a, b = Trainer(cfg), Trainer(other)
    assert torch.equal(a.x_train, b.x_train) and torch.equal(a.y_test, b.y_test)
    sa, sb = a.model.state_dict(), b.model.state_dict()
    assert sa.keys() == sb.keys() and all(torch.equal(sa[k], sb[k]) for k in sa)
    a.step(3)
    b.step(3)
    assert a.last_eval == b.last_eval
    assert script(cfg) == script(other)


# -- round trips ---------------------------------------------------------------------------------


@pytest.mark.parametrize("family", FAMILY_CONFIGS)
def test_diff_link_round_trips(family):
    base = FAMILY_CONFIGS[family]
    assert base.to_query(base=base) == {}  # a page's defaults: nothing to carry
    changes = {"train": {"lr": 0.1}, "seed": 7}
    model = {"mlp": {"hidden": (4, 4, 4)}, "cnn": {"kernel_size": 5}, "rnn": {"cell": "gru"}}
    changes["model"] = model.get(family, {"bottleneck": 3})
    cfg = base.with_(**changes)
    q = cfg.to_query(base=base)
    assert set(q) == {"t.lr", "seed", *(f"m.{k}" for k in changes["model"])}
    back, notices = C.from_query(q, base=base)
    assert notices == [] and back == cfg and back.to_query(base=base) == q
    # another family than the base's: the family travels, with its changed fields
    other = FAMILY_CONFIGS["rnn" if family != "rnn" else "mlp"]
    q = other.to_query(base=base)
    assert q["m.family"] == other.model.family
    back, notices = C.from_query(q, base=base)
    assert notices == [] and back.to_query() == other.to_query()


def test_mlp_spiral_links_are_short():
    from pages import ff_widgets as W

    assert W.DEFAULT.data.name == "spiral" and W.DEFAULT.model.family == "mlp"
    shell = {"lang": "en", "page": "ff"}
    tweaked = W.DEFAULT.with_(
        data={"noise": 0.1, "features": ("x1", "x2", "x1sq", "x2sq")},
        model={"hidden": (8, 8, 8), "activation": "relu"},
        train={"lr": 0.01, "batch_size": 30},
        seed=42,
    )
    for cfg in (W.DEFAULT, tweaked):
        q = cfg.to_query(base=W.DEFAULT)
        link = _link("ff", {**shell, **q})
        print(f"\nMLP spiral link, {len(link)} characters: {link}")
        assert len(link) < 200, link
        assert C.from_query(q, base=W.DEFAULT) == (cfg, [])
    # every field of the family, a link that stands alone: 399 characters (all fields: 623)
    assert len(_link("ff", {**shell, **W.DEFAULT.to_query()})) < 450


# -- every training page, opened with its default link and a tweaked one --------------------------


@pytest.mark.parametrize(("file", "key", "tweak"), PAGES, ids=[p[1] for p in PAGES])
def test_page_links_round_trip(file, key, tweak):
    at = app_test(file, lang="en")
    assert_clean(at)
    q = _query(at)
    path = Path(file).stem
    print(f"\n{path}: default link {len(_link(path, q))} characters: {_link(path, q)}")
    assert q.get("page") == key and _config_keys(q) == {}, q  # the defaults: nothing else
    assert len(_link(path, q)) < 200
    # a tweaked link: query → config → query is the same, and nothing else is added
    at = app_test(file, lang="en", query={"page": key, **tweak})
    assert_clean(at)
    assert not at.warning, [w.value for w in at.warning]
    assert _config_keys(_query(at)) == tweak


# -- the old layout: links and files of version 1 ------------------------------------------------


def _old_links() -> list[dict[str, str]]:
    lines = (FIXTURES / "share_links_v1.txt").read_text().split()
    return [dict(parse_qsl(urlsplit(u).query, keep_blank_values=True)) for u in lines]


def test_old_links_open_without_notices():
    links = _old_links()
    assert len(links) == 8 and all(len(q) == 43 for q in links)  # every field of every family
    for q in links:
        cfg, notices = C.from_query(q)
        assert notices == [], (q["page"], notices)
        new = cfg.to_query()
        assert len(new) < len(q) and all(q[k] == v for k, v in new.items()), q["page"]


def test_old_ff_link_opens_on_its_page_and_shortens():
    q = next(q for q in _old_links() if q["page"] == "ff")
    at = app_test("pages/ff.py", lang="en", query=q)
    assert_clean(at)
    assert not at.warning, [w.value for w in at.warning]
    assert _config_keys(_query(at)) == {}  # the page's defaults, now said in no key


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_old_link_with_another_family_field_gives_a_notice(lang):
    q = next(q for q in _old_links() if q["page"] == "ff")
    q = {**q, "m.cell": "gru", "d.corpus": "alice", "t.lr": "0.1"}
    del q["lang"]  # the link's language is the test's
    cfg, notices = C.from_query(q)
    assert [(n.field, n.reason) for n in notices] == [
        ("d.corpus", "inapplicable"),
        ("m.cell", "inapplicable"),
    ]
    assert cfg.model.cell == "lstm" and cfg.train.lr == 0.1  # ignored; the rest is read
    at = app_test("pages/ff.py", lang=lang, query=q)
    assert_clean(at)
    text = " ".join(w.value for w in at.warning)
    assert "m.cell" in text and "gru" in text and "d.corpus" in text
    assert C.Notice("m.cell", "inapplicable", "gru").message(lang) in text
    assert _config_keys(_query(at)) == {"t.lr": "0.1"}


def test_notice_only_for_a_value_of_its_own():
    """The old layout wrote every field: one at its default says nothing, another is named."""
    _, notices = C.from_query({"m.cell": "lstm", "m.tied": "0", "t.code_l2": "0.0"})
    assert notices == []
    _, notices = C.from_query({"m.cell": "bogus", "m.family": "cnn"})
    assert [(n.field, n.reason) for n in notices] == [("m.cell", "inapplicable")]
    # the family is read first, wherever it stands in the link
    cfg, notices = C.from_query({"m.cell": "gru", "m.family": "rnn"})
    assert notices == [] and cfg.model.cell == "gru"
    # an unknown family: the base's family decides, and the family gets its own notice
    cfg, notices = C.from_query({"m.family": "transformer", "m.cell": "gru"})
    assert {(n.field, n.reason) for n in notices} == {
        ("m.family", "choice"),
        ("m.cell", "inapplicable"),
    }


V1_FILES = sorted((FIXTURES / "config_v1").glob("*.json"))


@pytest.mark.parametrize("path", V1_FILES, ids=[p.stem for p in V1_FILES])
def test_old_json_files_open_as_the_new_ones(path):
    old = json.loads(path.read_text())
    assert old["version"] == 1 and "corpus" in old["data"] and "cell" in old["model"]
    cfg, notices = C.from_json(path.read_bytes())
    assert notices == []
    new, notices = C.from_json((ROOT / "examples" / path.name).read_bytes())
    assert notices == [] and new == cfg


def test_old_json_with_another_family_field_gives_a_notice():
    raw = json.loads((FIXTURES / "config_v1" / "ff_spiral.json").read_text())
    raw["model"]["cell"] = "gru"
    raw["train"]["code_l1"] = 0.5
    cfg, notices = C.from_json(json.dumps(raw))
    assert [(n.field, n.reason) for n in notices] == [
        ("model.cell", "inapplicable"),
        ("train.code_l1", "inapplicable"),
    ]
    assert cfg == C.from_json((ROOT / "examples" / "ff_spiral.json").read_bytes())[0]


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_example_is_in_the_new_layout(path):
    raw = json.loads(path.read_text())
    cfg, notices = C.from_json(path.read_bytes())
    assert notices == []
    assert raw == cfg.to_dict(), "not the layout cfg.to_json() writes"


def _cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = main(list(args))
    return rc, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("path", V1_FILES, ids=[p.stem for p in V1_FILES])
def test_cli_runs_old_and_new_files_alike(path):
    new = str(ROOT / "examples" / path.name)
    rc, code_old, err = _cli("code", str(path))
    assert rc == 0 and err == ""
    rc, code_new, err = _cli("code", new)
    assert rc == 0 and err == "" and code_new == code_old
    rc, out, err = _cli("run", str(path), "--steps", "2", "--quiet")
    assert rc == 0 and err == "" and json.loads(out)["steps"] == 2


def test_cli_warns_for_a_field_of_another_family(tmp_path):
    raw = json.loads((FIXTURES / "config_v1" / "ff_spiral.json").read_text())
    raw["model"]["bottleneck"] = 9
    p = tmp_path / "c.json"
    p.write_text(json.dumps(raw))
    rc, out, err = _cli("run", str(p), "--steps", "2", "--quiet")
    assert rc == 0 and json.loads(out)["steps"] == 2
    assert err.strip() == "warning: " + C.Notice("model.bottleneck", "inapplicable", "9").message()


def test_migrate_leaves_its_input_alone():
    raw = {"model": {"family": "mlp", "cell": "gru"}, "data": 5}
    before = json.dumps(raw)
    out, notices = C.migrate(raw, C.ExperimentConfig())
    assert json.dumps(raw) == before
    assert out == {"model": {"family": "mlp"}, "data": 5}
    assert [n.field for n in notices] == ["model.cell"]
