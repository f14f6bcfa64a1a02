"""Training chapter maths: surfaces, optimizers and backprop tables against PyTorch."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
import torch

from dlcore.optimizers import OPTIMIZERS
from dlcore.scratch import backprop as B
from dlcore.scratch import optim as O
from dlcore.scratch import surfaces as S


# -- surfaces: an independent PyTorch version of each loss ---------------------------------------
def torch_loss(name: str, w: torch.Tensor, kappa: float = 10.0) -> torch.Tensor:
    x, y = w[0], w[1]
    if name == "quadratic":
        s = S.quadratic(kappa)
        c, sn = np.cos(S.QUAD_ANGLE), np.sin(S.QUAD_ANGLE)
        r = torch.tensor([[c, -sn], [sn, c]], dtype=torch.float64)
        h = r @ torch.diag(torch.tensor([1.0, s.params["kappa"]], dtype=torch.float64)) @ r.T
        return 0.5 * w @ h @ w
    if name == "rosenbrock":
        return (1 - x) ** 2 + 100 * (y - x**2) ** 2
    if name == "saddle":
        return x**2 - y**2 + 0.25 * y**4 + 1
    X, Y = S.logistic_data()
    X, Y = torch.tensor(X), torch.tensor(Y)
    z = X @ w
    bce = torch.nn.functional.binary_cross_entropy_with_logits(z, Y)
    return bce + 0.5 * 0.01 * (w * w).sum()


POINTS = [(0.3, -0.7), (-1.2, 1.0), (1.5, 0.4), (-0.5, 2.2)]


@pytest.mark.parametrize("name", S.NAMES)
@pytest.mark.parametrize("pt", POINTS)
def test_surface_value_gradient_hessian_vs_autograd(name, pt):
    surf = S.make(name, kappa=25.0)
    w = torch.tensor(pt, dtype=torch.float64, requires_grad=True)
    loss = torch_loss(name, w, kappa=25.0)
    loss.backward()
    assert surf.loss(np.array(pt)) == pytest.approx(loss.item(), rel=1e-10, abs=1e-12)
    np.testing.assert_allclose(surf.grad(np.array(pt)), w.grad.numpy(), rtol=1e-9, atol=1e-12)
    hess = torch.autograd.functional.hessian(
        lambda v: torch_loss(name, v, 25.0), torch.tensor(pt, dtype=torch.float64)
    )
    np.testing.assert_allclose(surf.hessian(np.array(pt)), hess.numpy(), rtol=1e-9, atol=1e-12)


def test_surface_grid_is_vectorised():
    for name in S.NAMES:
        surf = S.make(name)
        xs, ys, z = surf.grid(7)
        assert z.shape == (7, 7)
        assert z[2, 5] == pytest.approx(surf.loss((xs[5], ys[2])))


def test_quadratic_eta_max_and_minima():
    surf = S.quadratic(40.0)
    assert surf.eta_max() == pytest.approx(2 / 40.0)
    assert S.rosenbrock().eta_max() is None
    for name in S.NAMES:
        surf = S.make(name)
        np.testing.assert_allclose(surf.grad(np.array(surf.minimum)), 0.0, atol=1e-9)


def test_quadratic_crossing_two_over_lambda_diverges():
    surf = S.quadratic(20.0)
    eta = surf.eta_max()
    below = O.run_path(surf, O.GD(0.95 * eta), surf.start, 400)
    above = O.run_path(surf, O.GD(1.05 * eta), surf.start, 400)
    assert below.diverged_at is None and below.loss[-1] < 1e-3
    assert above.diverged_at is not None
    assert np.all(np.isfinite(above.w)) and np.all(np.isfinite(above.loss))


def test_huge_learning_rate_never_gives_nan():
    p = O.run_path(S.rosenbrock(), O.GD(10.0), (-1.5, 2.0), 100)
    assert p.diverged_at is not None and p.diverged_at <= 5
    assert np.all(np.isfinite(p.w)) and len(p.w) == len(p.loss) == p.n_steps + 1


# -- optimizers: the first steps of torch.optim ---------------------------------------------------


@pytest.mark.parametrize("name", OPTIMIZERS.names())
@pytest.mark.parametrize("surface", ["rosenbrock", "logistic"])
def test_optimizer_matches_torch_optim(name, surface):
    lr = 1e-3 if surface == "rosenbrock" and name in ("sgd", "momentum", "nesterov") else 0.05
    surf = S.make(surface)
    start = np.array([-1.2, 1.0])
    path = O.run_path(surf, OPTIMIZERS[name].numpy(lr, 0.8), start, 20)
    assert path.diverged_at is None
    w = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = OPTIMIZERS[name].torch([w], SimpleNamespace(lr=lr, momentum=0.8))  # the record's
    for i in range(20):
        opt.zero_grad()
        torch_loss(surface, w).backward()
        opt.step()
        np.testing.assert_allclose(path.w[i + 1], w.detach().numpy(), rtol=1e-9, atol=1e-12)


def test_unknown_names():
    with pytest.raises(KeyError):
        OPTIMIZERS["lbfgs"]
    with pytest.raises(KeyError):
        S.make("himmelblau")


# -- backprop, one neuron per layer -----------------------------------------------------------------
@pytest.mark.parametrize("act", B.CHAIN_ACTIVATIONS)
@pytest.mark.parametrize("k", [2, 5, 8])
def test_chain_tables_equal_autograd(act, k):
    rng = np.random.default_rng(k)
    w = rng.uniform(-1.5, 1.5, k)
    r = B.chain_backprop(0.8, 0.3, w, 1.3, act)
    ref = B.chain_autograd(0.8, 0.3, w, 1.3, act)
    assert B.max_abs_diff(r.h, ref["h"]) < 1e-6
    assert B.max_abs_diff(r.dL_dh, ref["dL_dh"]) < 1e-6
    assert B.max_abs_diff(r.dL_dw, ref["dL_dw"]) < 1e-6
    assert abs(r.dL_dwout - ref["dL_dwout"]) < 1e-6 and abs(r.loss - ref["loss"]) < 1e-9
    # the running product ∂o/∂hⁱ is the bracket of the lecture's formula
    for i in range(k):
        assert r.do_dh[i] == pytest.approx(r.w_out * np.prod(r.local[i + 1 :]), rel=1e-12)
    grads, _ = B.chain_recompute(0.8, 0.3, w, 1.3, act)
    np.testing.assert_allclose(grads, r.dL_dw, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("k", range(2, 9))
def test_multiplication_counts(k):
    r = B.chain_backprop(0.5, 1.0, np.full(k, 0.7), 1.1, "tanh")
    _, naive = B.chain_recompute(0.5, 1.0, np.full(k, 0.7), 1.1, "tanh")
    assert r.mults == B.mults_back_to_front(k) == 2 * k + 1
    assert naive == B.mults_recompute(k) == k * (k - 1) // 2 + 2 * k + 1
    assert naive >= r.mults and (k < 3 or naive > r.mults)


# -- backprop, many neurons -------------------------------------------------------------------------
@pytest.mark.parametrize("act", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("sizes", [(2, 3, 2), (3, 4, 4, 2), (2, 2)])
def test_mlp_matrix_form_equals_autograd(act, sizes):
    W, b = B.init_mlp(sizes, seed=3)
    x = np.linspace(-1, 1, sizes[0])
    y = np.linspace(0.2, 0.9, sizes[-1])
    r = B.mlp_backprop(x, y, W, b, act)
    ref = B.mlp_autograd(x, y, W, b, act)
    assert B.max_abs_diff(r.h, ref["h"]) < 1e-6
    assert B.max_abs_diff(r.delta, ref["delta"]) < 1e-6
    assert B.max_abs_diff(r.dW, ref["dW"]) < 1e-6
    assert B.max_abs_diff(r.db, ref["db"]) < 1e-6
    assert abs(r.loss - ref["loss"]) < 1e-9
    for dW, d, h in zip(r.dW, r.delta, r.h[:-1], strict=True):  # outer products
        assert dW.shape == (len(d), len(h))
        np.testing.assert_allclose(dW, d[:, None] * h[None, :])


@pytest.mark.parametrize(
    ("name", "limit"),
    [("momentum", 2 * 1.9 / 10), ("nesterov", 2 * 1.9 / (10 * 2.8))],
)
def test_momentum_stability_limits_shown_on_the_page(name, limit):
    surf = S.quadratic(10.0)  # λ_max = 10, β = 0.9
    assert (
        O.run_path(surf, OPTIMIZERS[name].numpy(0.97 * limit, 0.9), surf.start, 3000).diverged_at
        is None
    )
    assert O.run_path(surf, OPTIMIZERS[name].numpy(1.03 * limit, 0.9), surf.start, 3000).diverged_at
