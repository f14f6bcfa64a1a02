"""History chapter maths: activations vs torch.autograd, MP truth tables, the perceptron
(Novikoff bound, XOR never settles), losses vs torch, and the lecture's GLUE numbers."""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from dlcore import i18n
from dlcore import timeline as TL
from dlcore.activations import ACTIVATIONS
from dlcore.scratch import activations as A
from dlcore.scratch import losses as L
from dlcore.scratch import perceptron as P
from tests.conftest import ROOT, SHARED

NAMES = ACTIVATIONS.names()


def torch_value_and_grad(name: str, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """g(z) and g′(z) from the record's own torch module, by autograd."""
    zt = torch.tensor(z, dtype=torch.float64, requires_grad=True)
    y = ACTIVATIONS[name].torch()(zt)
    (g,) = torch.autograd.grad(y.sum(), zt)
    return y.detach().numpy(), g.numpy()


@pytest.mark.parametrize("name", NAMES)
def test_activation_and_derivative_match_torch_autograd(name):
    z = np.linspace(-9, 9, 721) + 1e-3  # off the kinks
    z = np.concatenate([z, [-15.0, -3.3, -1e-6, 1e-6, 0.7, 15.0]])
    rec = ACTIVATIONS[name]
    ty, tg = torch_value_and_grad(name, z)
    np.testing.assert_allclose(rec.f(z), ty, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(rec.df(z), tg, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("name", NAMES)
def test_derivative_matches_finite_differences(name):
    z = np.linspace(-5, 5, 101) + 0.0123
    rec = ACTIVATIONS[name]
    h = 1e-6
    np.testing.assert_allclose(rec.df(z), (rec.f(z + h) - rec.f(z - h)) / (2 * h), atol=1e-6)


@pytest.mark.parametrize("name", NAMES)
def test_torch_convention_at_zero(name):
    _, tg = torch_value_and_grad(name, np.zeros(1))
    assert ACTIVATIONS[name].df(0.0) == pytest.approx(tg[0]), name


@pytest.mark.parametrize("name", NAMES)
def test_activations_finite_for_huge_inputs(name):
    z = np.array([-1e300, -1e6, -1000.0, -50.0, 0.0, 50.0, 1000.0, 1e6, 1e300])
    rec = ACTIVATIONS[name]
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        assert np.isfinite(rec.f(z)).all() and np.isfinite(rec.df(z)).all()


def test_tanh_is_the_lecture_formula_and_records_are_complete():
    z = np.linspace(-4, 4, 9)
    np.testing.assert_allclose(A.tanh(z), 2 / (1 + np.exp(-2 * z)) - 1, atol=1e-15)
    for name in NAMES:
        rec = ACTIVATIONS[name]
        assert rec.name == name and rec.key == f"act.{name}" and i18n.has(rec.key)
        assert rec.latex.strip() and rec.latex_grad.strip() and rec.gain > 0


def test_saturation_intervals():
    z = np.linspace(-10, 10, 2001)
    iv = A.saturated_intervals(z, A.sigmoid_grad(z), 0.05)
    assert len(iv) == 2 and iv[0][0] == -10 and iv[1][1] == 10
    edge = np.log((1 + np.sqrt(1 - 0.2)) / (1 - np.sqrt(1 - 0.2)))  # σ' = 0.05
    assert abs(iv[1][0] - edge) < 0.02 and abs(iv[0][1] + edge) < 0.02
    assert A.saturated_intervals(z, A.relu_grad(z)) == [(-10.0, 0.0)]
    assert A.saturated_intervals(z, A.linear_grad(z)) == []


# -- McCulloch–Pitts --------------------------------------------------------------------------


def test_mp_truth_tables():
    assert P.mp_unit(P.truth_inputs(2), (1, 1), 2).tolist() == [0, 0, 0, 1]
    assert P.mp_unit(P.truth_inputs(2), (1, 1), 1).tolist() == [0, 1, 1, 1]
    assert P.mp_unit(P.truth_inputs(1), (-1,), 0).tolist() == [1, 0]
    for gate, (n, w, th) in P.GATES.items():
        if w is not None:
            assert (P.mp_unit(P.truth_inputs(n), w, th) == P.gate_targets(gate)).all(), gate
    assert P.gate_targets("xor").tolist() == [0, 1, 1, 0]


def test_grid_search_xor_is_three_of_four():
    res = P.best_threshold_unit(P.gate_targets("xor"))
    assert res.best_correct == 3 and res.rows == 4
    assert res.best_over_theta().max() == 3
    for w1, w2, th in res.best:
        assert (P.mp_unit(P.truth_inputs(2), (w1, w2), th) == P.gate_targets("xor")).sum() == 3
    assert P.best_threshold_unit(P.gate_targets("and")).best_correct == 4
    assert P.best_threshold_unit(P.gate_targets("or")).best_correct == 4


# -- perceptron ------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(6))
def test_perceptron_converges_within_novikoff_bound(seed):
    x, y = P.make_points("separable", 60, seed)
    r, gamma, bound = P.novikoff_bound(x, y)
    xa = np.hstack([x, np.ones((len(x), 1))])
    assert r == pytest.approx(np.linalg.norm(xa, axis=1).max())
    assert gamma > 0
    p = P.Perceptron(x, y, lr=0.5, seed=seed)
    p.run(200_000)
    assert p.converged and p.errors() == 0 and p.mistakes_per_epoch[-1] == 0
    assert p.updates <= bound, (p.updates, bound)
    assert sum(p.mistakes_per_epoch) == p.updates


def test_novikoff_margin_is_the_max_margin():
    # two points: the max margin in the augmented space is known in closed form
    x = np.array([[1.0, 0.0], [-1.0, 0.0]])
    y = np.array([1, -1])
    r, gamma, _ = P.novikoff_bound(x, y)
    assert r == pytest.approx(np.sqrt(2))
    assert gamma == pytest.approx(1.0, abs=1e-4)  # w̃ = (1, 0, 0)
    x = np.array([[0.0, 0.0], [0.0, 0.0001]])
    assert P.novikoff_bound(np.array([[1.0, 1.0], [1.0, 1.0]]), np.array([1, -1])) is None


@pytest.mark.parametrize("seed", range(3))
def test_perceptron_never_settles_on_xor(seed):
    x, y = P.make_points("xor", 40, seed)
    p = P.Perceptron(x, y, seed=seed)
    p.run(200 * len(x))
    assert len(p.mistakes_per_epoch) == 200
    assert min(p.mistakes_per_epoch) > 0 and not p.converged


def test_perceptron_step_is_the_rule():
    x = np.array([[0.5, -1.0], [-0.2, 0.3]])
    y = np.array([1, -1])
    p = P.Perceptron(x, y, lr=0.5, seed=0)
    u = p.step()
    assert u.mistake and u.activation == 0.0  # w = 0: every first sample is a mistake
    np.testing.assert_allclose(u.w_after, 0.5 * u.y * np.array(u.x))
    assert u.b_after == 0.5 * u.y and p.seen == 1 and p.epoch == 0
    u2 = p.step()
    assert p.epoch == 1 and len(p.mistakes_per_epoch) == 1
    expect = u2.y * (np.dot(u.w_after, u2.x) + u.b_after) <= 0
    assert u2.mistake == expect


def test_data_kinds_and_bad_kind():
    for kind in P.DATA_KINDS:
        x, y = P.make_points(kind, 50, 3)
        assert x.shape == (50, 2) and set(np.unique(y)) == {-1, 1}
        assert np.isfinite(x).all() and np.abs(x).max() <= 1
    with pytest.raises(ValueError):
        P.make_points("spiral", 10)


# -- losses -----------------------------------------------------------------------------------


def test_binary_curves_match_torch_autograd():
    p = np.linspace(0.01, 0.99, 99)
    c = L.binary_curves(p)
    a = torch.tensor(L.logit(p), dtype=torch.float64, requires_grad=True)
    pt = torch.sigmoid(a)
    mse = (1 - pt) ** 2
    ce = F.binary_cross_entropy_with_logits(a, torch.ones_like(a), reduction="none")
    (g_mse,) = torch.autograd.grad(mse.sum(), a)
    (g_ce,) = torch.autograd.grad(ce.sum(), a)
    np.testing.assert_allclose(c["mse"], mse.detach().numpy(), atol=1e-12)
    np.testing.assert_allclose(c["ce"], ce.detach().numpy(), atol=1e-10)
    np.testing.assert_allclose(c["mse_grad_a"], g_mse.numpy(), atol=1e-10)
    np.testing.assert_allclose(c["ce_grad_a"], g_ce.numpy(), atol=1e-10)
    # confidently wrong: squared loss stalls, cross-entropy does not
    w = L.binary_curves(np.array([1e-3]))
    assert abs(w["mse_grad_a"][0]) < 0.01 and abs(w["ce_grad_a"][0]) > 0.99


@pytest.mark.parametrize("temp", [1.0, 0.3, 2.5])
def test_softmax_cross_entropy_matches_torch(temp):
    logits = np.array([2.0, -1.0, 0.5, 3.0])
    a = torch.tensor(logits, requires_grad=True, dtype=torch.float64)
    loss = F.cross_entropy((a / temp)[None], torch.tensor([2]))
    (g,) = torch.autograd.grad(loss, a)
    assert L.cross_entropy(logits, 2, temp) == pytest.approx(loss.item(), abs=1e-12)
    np.testing.assert_allclose(L.cross_entropy_grad(logits, 2, temp), g.numpy(), atol=1e-12)
    np.testing.assert_allclose(
        L.softmax(logits, temp), torch.softmax(a / temp, 0).detach(), atol=1e-12
    )


def test_losses_finite_when_degenerate():
    logits = np.array([50.0, -50.0, 50.0, 0.0])
    for temp in (1e-9, 0.0, 0.01, 1e9, float("nan")):
        pr = L.softmax(logits, temp)
        assert np.isfinite(pr).all() and pr.sum() == pytest.approx(1.0)
        assert np.isfinite(L.cross_entropy(logits, 1, temp))
        assert np.isfinite(L.cross_entropy_grad(logits, 1, temp)).all()
    assert L.softmax(logits, 1e-6)[[0, 2]] == pytest.approx([0.5, 0.5])
    c = L.binary_curves(np.array([0.0, 1.0]))
    assert all(np.isfinite(v).all() for v in c.values())
    assert L.squared_loss([1, 0], [0.5, 0.5]) == pytest.approx(0.5)
    assert L.mean_loss([1.0, 2.0, 3.0]) == 2.0


# -- timeline and GLUE --------------------------------------------------------------------------


def test_glue_matches_the_lecture():
    # the lecture's own text when ../shared is checked out, else the table copied from it
    lecture = SHARED / "curriculum" / "lecture-zh.txt"
    copy = ROOT / "tests" / "fixtures" / "lecture-glue.tsv"
    text = (lecture if lecture.is_file() else copy).read_text()
    lines = text.splitlines()
    i = next(k for k, s in enumerate(lines) if s.startswith("System\tMNLI"))
    header = lines[i].split("\t")
    assert header[1:] == [
        "MNLI-(m/mm)",
        "QQP",
        "QNLI",
        "SST-2",
        "CoLA",
        "STS-B",
        "MRPC",
        "RTE",
        "Average",
    ]
    sizes = lines[i + 1].split("\t")[1:]
    expect_sizes = [TL.GLUE_TRAIN_SIZE["MNLI-m"]] + [
        TL.GLUE_TRAIN_SIZE[t] for t in TL.GLUE_TASKS[2:]
    ]
    assert [float(s[:-1]) * 1000 for s in sizes[:-1]] == expect_sizes
    names = {
        "Pre-OpenAI SOTA": "Pre-OpenAI SOTA",
        "BiLSTM+ELMo+Attn": "BiLSTM+ELMo+Attn",
        "OpenAI GPT": "OpenAI GPT",
        "BERT _{BASE}": "BERT-base",
        "BERT _{LARGE}": "BERT-large",
    }
    seen = set()
    for row in lines[i + 2 : i + 7]:
        cells = row.split("\t")
        sysname = names[cells[0]]
        seen.add(sysname)
        nums = [float(v) for v in re.findall(r"\d+\.\d", "\t".join(cells[1:]))]
        assert nums[:-1] == list(TL.GLUE_SCORES[sysname]), sysname
        assert nums[-1] == TL.GLUE_AVERAGE[sysname]
    assert seen == set(TL.GLUE_SYSTEMS)
    # the table the page shows reproduces the lecture's rows cell by cell
    rows = TL.glue_rows()
    assert rows[0]["MNLI-(m/mm)"] == "392k" and rows[0]["CoLA"] == "8.5k"
    assert [r["MNLI-(m/mm)"] for r in rows[1:]][-1] == "86.7/85.9"


def test_glue_sorts():
    assert TL.glue_task_order("size")[:2] == ["RTE", "MRPC"]
    assert TL.glue_task_order("gain")[0] == "CoLA"
    assert TL.glue_task_order("score", "BERT-large")[0] == "SST-2"
    assert TL.glue_task_order("lecture") == list(TL.GLUE_TASKS)
    assert TL.glue_matrix().shape == (5, 9)
    # the page says "BERT-large is best on every task": the data must agree
    m = TL.glue_matrix()
    assert (m.argmax(axis=0) == TL.GLUE_SYSTEMS.index("BERT-large")).all()


def test_milestones_complete_and_translated():
    years = {(m.id, m.year) for m in TL.MILESTONES}
    for y in (1943, 1958, 1960, 1974, 1980, 1982, 1986, 1989, 1997, 2009, 2012, 2014, 2016, 2018):
        assert any(yr == y for _, yr in years), y
    assert [m.year for m in TL.MILESTONES] == sorted(m.year for m in TL.MILESTONES)
    for m in TL.MILESTONES:
        assert m.track in TL.TRACKS and m.who
        for page in m.pages:  # each candidate page has a link label
            assert re.fullmatch(r"pages/[a-z_]+\.py", page)
            assert i18n.has(f"history.page.{page[6:-3]}"), page
        assert all(i18n.CATALOG[m.title_key])
        zh, en = i18n.CATALOG[m.what_key]
        assert re.search(r"[\u4e00-\u9fff]", zh) and en
    assert (ROOT / "pages/neuron.py").exists()


def test_history_i18n_complete():
    keys = [k for k in i18n.CATALOG if k.startswith("history.")]
    assert len(keys) > 150
    for k in keys:
        zh, en = i18n.CATALOG[k]
        assert zh.strip() and en.strip(), k
        assert zh.count("{") == en.count("{"), k


def test_learning_rate_only_scales_the_perceptron_from_zero():
    x, y = P.make_points("nearly", 50, 4)
    a, b = P.Perceptron(x, y, lr=0.01, seed=1), P.Perceptron(x, y, lr=2.0, seed=1)
    a.run(20 * 50)
    b.run(20 * 50)
    assert a.mistakes_per_epoch == b.mistakes_per_epoch and a.updates == b.updates
    np.testing.assert_allclose(a.w * 200, b.w, rtol=1e-9)
