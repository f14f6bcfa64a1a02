"""The GAN trainer (dlcore/gan.py) and its figures (dlcore/figures/gan.py)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
import torch

from dlcore import gan as G
from dlcore import i18n
from dlcore.config import ConfigError
from dlcore.figures import gan as F

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def preset(name: str) -> G.GanConfig:
    cfg, notices = G.gan_from_json((EXAMPLES / f"gan_{name}.json").read_text())
    assert notices == []
    return cfg


def params(m: torch.nn.Module) -> list[torch.Tensor]:
    return [p.detach().clone() for p in m.parameters()]


def same(a: list[torch.Tensor], b: list[torch.Tensor]) -> bool:
    return all(torch.equal(x, y) for x, y in zip(a, b, strict=True))


# -- learning ---------------------------------------------------------------------------------


def test_healthy_preset_reaches_every_mode():
    """1000 rounds (≈3 s on one core; ≈8 s on a loaded 2-core machine): all 8 modes have
    generated points within 0.3 of their centre (measured: all 8 from ~600 rounds on seeds
    0, 1, 2)."""
    torch.set_num_threads(1)
    tr = G.GanTrainer(preset("healthy"))
    tr.step(1000)
    assert tr.stop is None
    z = torch.randn(2000, tr.cfg.noise_dim, generator=torch.Generator().manual_seed(3))
    fake = tr.generate(z=z)
    dist = np.linalg.norm(fake[:, None] - G.gauss8_centres()[None], axis=2)
    assert (dist.min(0) < 0.3).all(), dist.min(0)
    assert tr.coverage().all()


def test_mode_collapse_preset_stays_on_few_modes():
    tr = G.GanTrainer(preset("mode_collapse"))
    tr.step(1000)
    assert tr.coverage().sum() <= 3


def test_deterministic_given_seed():
    cfg = G.GanConfig(n_real=200, g_width=16, d_width=16, k_d=2)
    a, b = G.GanTrainer(cfg), G.GanTrainer(cfg)
    a.step(30)
    b.step(30)
    fa, fb = a.frame(), b.frame()
    np.testing.assert_array_equal(fa.fake, fb.fake)
    np.testing.assert_array_equal(fa.d_loss, fb.d_loss)
    np.testing.assert_array_equal(fa.g_loss, fb.g_loss)
    np.testing.assert_array_equal(fa.d_grid, fb.d_grid)
    c = G.GanTrainer(G.GanConfig(n_real=200, g_width=16, d_width=16, k_d=2, seed=1))
    c.step(30)
    assert not np.array_equal(c.frame().fake, fa.fake)


def test_phases_touch_one_network_each():
    tr = G.GanTrainer(G.GanConfig(n_real=100, g_width=8, d_width=8, k_d=3))
    g0, d0 = params(tr.G), params(tr.D)
    assert tr.step_d()
    assert (tr.d_steps, tr.g_steps) == (1, 0)
    assert same(g0, params(tr.G)) and not same(d0, params(tr.D))
    d1 = params(tr.D)
    assert tr.step_g()
    assert (tr.d_steps, tr.g_steps) == (1, 1)
    assert same(d1, params(tr.D)) and not same(g0, params(tr.G))
    assert tr.step(2) == 2  # two rounds of k_d = 3 D updates and one G update
    assert (tr.d_steps, tr.g_steps) == (7, 3)
    tr.step_d()
    tr.step(1)  # the round goes on from the manual D step: 2 more D, then G
    assert (tr.d_steps, tr.g_steps) == (10, 4)
    f = tr.frame()
    assert len(f.d_loss) == 10 and len(f.g_loss) == 4
    assert list(f.g_x) == sorted(f.g_x) and f.g_x[-1] == tr.step_count


def test_time_budget_and_max_steps():
    tr = G.GanTrainer(G.GanConfig(n_real=100, g_width=8, d_width=8))
    assert tr.step(time_budget_s=10.0, max_steps=5) == 5
    assert tr.g_steps == 5


@pytest.mark.parametrize("kind", G.G_LOSSES)
def test_generator_losses_in_the_lecture_notation(kind):
    tr = G.GanTrainer(G.GanConfig(g_loss=kind, n_real=50, g_width=4, d_width=4))
    logit = torch.tensor([-3.0, 0.0, 2.0])
    d = torch.sigmoid(logit)
    want = torch.log(1 - d) if kind == "minimax" else -torch.log(d)
    torch.testing.assert_close(tr.g_loss_of(logit), want)


def test_equilibrium_constants():
    assert G.LOG4 == pytest.approx(-2 * math.log(0.5))
    assert G.LOG2 == pytest.approx(-math.log(0.5))


# -- divergence ---------------------------------------------------------------------------------


def test_discriminator_winning_stops_with_reason_and_restores():
    cfg = G.GanConfig(g_lr=1e-5, d_lr=1e-2, k_d=10, g_loss="minimax", d_width=128)
    tr = G.GanTrainer(cfg)
    for _ in range(40):
        tr.step(20)
        if tr.stop is not None:
            break
    assert tr.stop is not None and tr.stop.key == "gan.stop.d_wins"
    kw = tr.stop.kwargs
    assert kw["good"] == tr.step_count < kw["step"]
    assert tr.step(5) == 0  # stopped: nothing happens until resumed
    for lang in i18n.LANGS:
        msg = i18n.t(tr.stop.key, lang, **kw)
        assert "{" not in msg and str(kw["step"]) in msg
    f = tr.frame()
    assert np.isfinite(f.fake).all() and len(f.d_loss) == tr.d_steps
    tr.resume()
    assert tr.stop is None


def test_nan_weights_stop_and_restore_last_good_state():
    tr = G.GanTrainer(G.GanConfig(n_real=100, g_width=8, d_width=8))
    tr.step(5)
    before = params(tr.G)
    counters = (tr.d_steps, tr.g_steps)
    with torch.no_grad():
        tr.G[0].weight[0, 0] = float("nan")
    tr.step(3)
    assert tr.stop is not None and tr.stop.key == "gan.stop.nonfinite"
    assert all(torch.isfinite(p).all() for p in tr.G.parameters())
    assert (tr.d_steps, tr.g_steps) <= counters
    assert tr.stop.kwargs["good"] == tr.step_count
    assert i18n.t(tr.stop.key, "zh", **tr.stop.kwargs).count("{") == 0
    tr.resume()
    tr.step(2)
    assert tr.stop is None and not same(before, params(tr.G))


# -- config and data --------------------------------------------------------------------------


def test_config_round_trips_and_bad_fields_fall_back():
    cfg = G.GanConfig(target="drawn", k_d=3).with_points([(0, 0), (1, 1.5), (9, -9)])
    assert cfg.drawn_points().tolist() == [[0, 0], [1, 1.5], [3, -3]]  # clipped to the plane
    back, notices = G.gan_from_json(cfg.to_json())
    assert back == cfg and notices == []
    back, notices = G.gan_from_query(G.gan_to_query(cfg))
    assert back == cfg and notices == []
    bad, notices = G.gan_from_dict({"k_d": 99, "g_loss": "wasserstein", "d_lr": "x", "foo": 1})
    assert bad == G.GanConfig()
    assert {n.field for n in notices} == {"gan.k_d", "gan.g_loss", "gan.d_lr", "gan.foo"}
    with pytest.raises(ConfigError):
        G.gan_from_json("[1, 2]")


@pytest.mark.parametrize("target", ["gauss8", "ring", "moons"])
def test_targets_shapes_and_seed(target):
    cfg = G.GanConfig(target=target, n_real=300)
    a, b = G.target_points(cfg), G.target_points(cfg)
    assert a.shape == (300, 2) and a.dtype == np.float32
    np.testing.assert_array_equal(a, b)
    assert np.abs(a).max() <= G.DOMAIN
    assert not np.array_equal(a, G.target_points(G.GanConfig(target=target, n_real=300, seed=5)))


def test_drawn_target_needs_three_points():
    cfg = G.GanConfig(target="drawn").with_points([(0, 0), (1, 1)])
    with pytest.raises(ConfigError) as err:
        G.GanTrainer(cfg)
    assert err.value.key == "gan.error.few_points"
    pts = G.target_points(cfg.with_points([(0, 0), (1, 1), (-1, 2)]))
    assert np.linalg.norm(pts - [-1, 2], axis=1).min() < 0.3


def test_presets_carry_a_sentence_in_both_languages():
    for name in ("healthy", "mode_collapse"):
        zh, en = i18n.CATALOG[f"gan.preset_note.{name}"]
        assert zh and en and en.endswith(".")
        assert json.loads((EXAMPLES / f"gan_{name}.json").read_text())["gan"]["target"] == "gauss8"


# -- figures ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def frame() -> G.Frame:
    tr = G.GanTrainer(G.GanConfig(n_real=300, g_width=16, d_width=16))
    tr.step(20)
    return tr.frame()


def test_points_figure(frame):
    fig = F.points_figure(
        frame.real, frame.fake, ("real", "fake"), centres=G.gauss8_centres(),
        covered=np.array([True] * 3 + [False] * 5), centre_names=("hit", "missed"),
    )  # fmt: skip
    names = [tr.name for tr in fig.data]
    assert names == ["real", "fake", "hit", "missed"]
    assert len(fig.data[1].x) == G.N_SHOW and fig.data[1].x.dtype == np.float32
    assert len(fig.data[2].x) == 3 and len(fig.data[3].x) == 5
    assert fig.layout.yaxis.scaleanchor == "x"
    board = F.points_figure(frame.real[:0], frame.fake[:0], ("a", "b"), click_grid=np.zeros((4, 2)))
    assert len(board.data[2].x) == 4


def test_discriminator_figure(frame):
    fig = F.discriminator_figure(frame.grid, frame.d_grid, frame.real, frame.fake, ("D", "r", "f"))
    heat = fig.data[0]
    assert heat.type == "heatmap" and heat.z.shape == (G.GRID, G.GRID)
    assert heat.z.dtype == np.float32 and (heat.zmin, heat.zmax) == (0.0, 1.0)
    assert 0 <= frame.d_grid.min() and frame.d_grid.max() <= 1


def test_gradient_arrows_point_along_the_vectors(frame):
    start = np.array([[0.0, 0.0], [1.0, 1.0]], np.float32)
    vec = np.array([[1.0, 0.0], [0.0, -2.0]], np.float32)
    x, y = F.arrow_segments(start, vec, max_len=0.5)
    assert len(x) == 14 and np.isnan(x[3]) and np.isnan(x[6])
    assert (x[1], y[1]) == pytest.approx((0.25, 0.0), abs=1e-2)  # scaled together
    assert (x[8], y[8]) == pytest.approx((1.0, 0.5), abs=1e-2)  # the longest capped at 0.5
    assert F.arrow_segments(start, np.zeros_like(vec))[0].size == 0
    fig = F.gradient_figure(
        frame.fake, frame.grad, frame.grid, frame.d_grid, ("D", "f", "arrows", "r"),
        real=frame.real,
    )  # fmt: skip
    assert [tr.name for tr in fig.data] == ["D", "r", "f", "arrows"]
    assert len(fig.data[3].x) == 7 * min(80, G.N_SHOW)


def test_loss_figure_log_axis_and_binning(frame):
    x = np.arange(10_000, dtype=np.float32)
    fig = F.gan_loss_figure(
        x, np.full_like(x, 1.3), x, np.full_like(x, 0.7), ("L_D", "L_G"), "updates", "loss",
        log_y=True, refs=[(G.LOG4, "2 log 2"), (G.LOG2, "log 2")],
    )  # fmt: skip
    assert fig.layout.yaxis.type == "log" and fig.layout.yaxis.exponentformat == "power"
    assert fig.layout.xaxis.exponentformat == "power"
    assert len(fig.data[0].x) <= 1500 and len(fig.layout.shapes) == 2
    neg = F.gan_loss_figure(x, x * 0 + 1.3, x, x * 0 - 0.7, ("a", "b"), "", "", log_y=True)
    assert neg.layout.yaxis.type == "linear"  # the minimax L_G is negative
    empty = F.gan_loss_figure(frame.d_x[:0], frame.d_loss[:0], frame.g_x[:0], frame.g_loss[:0],
                              ("a", "b"), "", "")  # fmt: skip
    assert len(empty.data) == 2
