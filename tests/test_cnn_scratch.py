"""From-scratch convolution / pooling vs torch.nn.functional; sizes, params, equivariance."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from dlcore.scratch import conv as C

RNG = np.random.default_rng(0)


@pytest.mark.parametrize("stride", [1, 2, 3])
@pytest.mark.parametrize("padding", [0, 1, 3])
@pytest.mark.parametrize("dilation", [1, 2])
@pytest.mark.parametrize("k", [1, 3, 4])
def test_conv2d_matches_torch(stride, padding, dilation, k):
    x = RNG.normal(size=(2, 3, 11, 9)).astype(np.float32)
    w = RNG.normal(size=(4, 3, k, k)).astype(np.float32)
    b = RNG.normal(size=4).astype(np.float32)
    assert C.output_size(9, k, stride, padding, dilation) >= 1  # every case fits the 11×9 input
    ours = C.conv2d(x, w, b, stride, padding, dilation)
    ref = F.conv2d(
        torch.from_numpy(x), torch.from_numpy(w), torch.from_numpy(b), stride, padding, dilation
    )
    assert ours.shape == tuple(ref.shape)
    np.testing.assert_allclose(ours, ref.numpy(), atol=1e-4)


@pytest.mark.parametrize(
    "n,k,s,p,d", [(7, 3, 1, 0, 1), (28, 5, 2, 2, 1), (10, 3, 3, 1, 2), (5, 5, 1, 0, 1)]
)
def test_output_size_formula(n, k, s, p, d):
    got = C.output_size(n, k, s, p, d)
    ref = F.conv2d(torch.zeros(1, 1, n, n), torch.zeros(1, 1, k, k), None, s, p, d).shape[-1]
    assert got == ref == (n + 2 * p - d * (k - 1) - 1) // s + 1


def test_impossible_geometry_explained():
    assert C.check_geometry(5, 7, 1, 0, 1)[0] == "cnn.geom.too_big"
    assert C.check_geometry(5, 3, 1, 0, 3)[0] == "cnn.geom.too_big"  # span 7 > 5
    assert C.check_geometry(5, 3, 1, 1, 1) is None
    with pytest.raises(ValueError):
        C.conv2d(np.zeros((4, 4)), np.zeros((5, 5)))


def test_one_output_matches_conv_and_torch():
    x = RNG.normal(size=(7, 7)).astype(np.float32)
    k = RNG.normal(size=(3, 3)).astype(np.float32)
    y = C.conv2d(x, k, np.array([0.5]), stride=2, padding=1)
    ref = F.conv2d(
        torch.from_numpy(x)[None, None], torch.from_numpy(k)[None, None], torch.tensor([0.5]), 2, 1
    )[0, 0]
    for i in range(y.shape[0]):
        for j in range(y.shape[1]):
            one = C.one_output(x, k, i, j, stride=2, padding=1, bias=0.5)
            assert one.value == pytest.approx(float(ref[i, j]), abs=1e-5)
            assert one.products.shape == (3, 3)


@pytest.mark.parametrize("mode", ["max", "avg"])
@pytest.mark.parametrize("size,stride", [(2, 2), (3, 2), (2, 1), (3, 3)])
def test_pool_matches_torch(mode, size, stride):
    x = RNG.normal(size=(2, 3, 9, 8)).astype(np.float32)
    ours, taken = C.pool2d(x, size, stride, mode)
    fn = F.max_pool2d if mode == "max" else F.avg_pool2d
    ref = fn(torch.from_numpy(x), size, stride)
    np.testing.assert_allclose(ours, ref.numpy(), atol=1e-6)
    if mode == "max":
        _, idx = F.max_pool2d(torch.from_numpy(x), size, stride, return_indices=True)
        np.testing.assert_array_equal(taken, idx.numpy())


def test_param_counts_vs_torch():
    conv = torch.nn.Conv2d(3, 8, 5)
    assert C.conv_params(3, 8, 5) == sum(p.numel() for p in conv.parameters())
    lin = torch.nn.Linear(28 * 28, 24 * 24)
    assert C.dense_params(28 * 28, 24 * 24) == sum(p.numel() for p in lin.parameters())
    assert C.conv_connections(24, 24, 1, 1, 5) == 24 * 24 * 25


def test_receptive_field():
    assert C.receptive_field([(3, 1, 1)]) == (3, 1)
    assert C.receptive_field([(3, 1, 1), (3, 1, 1)]) == (5, 1)
    assert C.receptive_field([(3, 2, 1), (3, 1, 1)]) == (7, 2)
    assert C.receptive_field([(3, 1, 2)]) == (5, 1)
    assert C.receptive_box([(3, 1, 1, 1), (3, 1, 1, 1)], 4, 4) == (2, 6, 2, 6)
    # brute force: gradient of one output w.r.t. the input
    x = torch.zeros(1, 1, 20, 20, requires_grad=True)
    w = torch.ones(1, 1, 3, 3)
    y = F.conv2d(F.conv2d(x, w, stride=2), w, dilation=2)
    y[0, 0, 2, 3].backward()
    rows, cols = np.nonzero(x.grad[0, 0].numpy())
    r0, r1, c0, c1 = C.receptive_box([(3, 2, 0, 1), (3, 1, 0, 2)], 2, 3)
    assert (rows.min(), rows.max(), cols.min(), cols.max()) == (r0, r1, c0, c1)


@pytest.mark.parametrize("dx,dy", [(2, 0), (0, -3), (1, 2), (-2, -1)])
def test_translation_equivariance(dx, dy):
    x = RNG.uniform(size=(16, 16)).astype(np.float32)
    k = RNG.normal(size=(3, 3)).astype(np.float32)
    a = C.conv2d(C.shift(x, dx, dy), k, padding=1)
    b = C.shift(C.conv2d(x, k, padding=1), dx, dy)
    m = C.border_mask(16, 16, dx, dy, 1)
    assert m.sum() > 50
    np.testing.assert_allclose(a[m], b[m], atol=1e-5)
    # a fully connected layer is not equivariant
    W = RNG.normal(size=(256, 256)).astype(np.float32) / 16
    fa = C.dense_same_size(C.shift(x, dx, dy), W)
    fb = C.shift(C.dense_same_size(x, W), dx, dy)
    assert np.abs(fa - fb)[m].max() > 0.1


def test_shift_and_presets():
    x = np.arange(9, dtype=np.float32).reshape(3, 3)
    assert C.shift(x, 1, 0)[0].tolist() == [0, 0, 1]
    assert C.shift(x, 0, -1)[2].tolist() == [0, 0, 0]
    assert not C.shift(x, 5, 0).any()
    for name in C.KERNEL_PRESETS:
        for k in (3, 5, 7):
            kern = C.kernel_preset(name, k)
            assert kern.shape == (k, k) and np.isfinite(kern).all()
    assert C.kernel_preset("box", 5).sum() == pytest.approx(1.0)
    assert C.kernel_preset("gaussian", 7).sum() == pytest.approx(1.0)


def test_parse_kernel():
    ok = C.parse_kernel([["1", "0", "-1"], [2, " 0 ", "−2"], ["1", "0.5", "-1"]])
    assert ok is not None and ok[1, 2] == -2 and ok[2, 1] == 0.5
    assert C.parse_kernel([["1", "", "0"], ["0"] * 3, ["0"] * 3]) is None
    assert C.parse_kernel([["1", "abc", "0"], ["0"] * 3, ["0"] * 3]) is None
    assert C.parse_kernel([["1", None, "0"], ["0"] * 3, ["0"] * 3]) is None
    assert C.parse_kernel([["nan", "0", "0"], ["0"] * 3, ["0"] * 3]) is None
    assert C.parse_kernel([["1e9", "0", "0"], ["0"] * 3, ["0"] * 3]) is None
    assert C.parse_kernel([["1", "0"], ["0", "0", "0"]]) is None


def test_pooling_makes_small_shifts_matter_less():
    from dlcore.data.shapes import natural_image

    x = natural_image(32, seed=0)
    raw, pooled = C.shift_sensitivity(x, C.kernel_preset("sobel_x"), [0, 1, 2])
    assert raw[0] == 0 and pooled[0] == 0
    assert pooled[1] < raw[1]
