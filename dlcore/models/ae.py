"""Autoencoders: encoder h = f(x), decoder x̂ = g(h), trained on ‖x − x̂‖² (+ λ Ω(h)).

Two models share one interface (``encode``, ``decode``, ``forward``):

* :class:`MLPAutoencoder` — encoder widths ``ModelConfig.hidden``, code size
  ``ModelConfig.bottleneck``, decoder the mirror image; with ``tied`` the decoder
  reuses the encoder's transposed weights (own biases). The code layer is linear,
  so with ``activation="linear"`` the whole net is linear (Baldi & Hornik 1989).
* :class:`ConvAutoencoder` — stride-2 3×3 convolutions (``ModelConfig.channels``),
  a linear code layer, and transposed convolutions back to the input size.

Labels stay in the dataset's ``y`` (digit class, or the position along a toy
manifold) only to colour and group results: the objective never reads them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from dlcore.config import ConfigError, DataConfig
from dlcore.data.shapes import shapes
from dlcore.models import Family, init_module, make_activation
from dlcore.objectives import AEObjective
from dlcore.registry import FAMILIES

MAX_LAYERS = 4  # encoder hidden layers the page offers
WIDTH_RANGE = (1, 512)
BOTTLENECK_RANGE = (1, 64)


class MLPAutoencoder(nn.Module):
    """x (any shape) → flatten → Linear/act … → h (linear) → mirror … → x̂ (input shape)."""

    def __init__(
        self,
        input_shape: Sequence[int],
        hidden: Sequence[int],
        bottleneck: int,
        activation: str = "tanh",
        tied: bool = False,
    ) -> None:
        super().__init__()
        self.input_shape = tuple(int(s) for s in input_shape)
        n_in = int(np.prod(self.input_shape))
        self.widths = [n_in, *[int(h) for h in hidden], int(bottleneck)]
        self.tied = tied
        self.encoder = nn.ModuleList(
            nn.Linear(a, b) for a, b in zip(self.widths[:-1], self.widths[1:], strict=True)
        )
        rev = self.widths[::-1]
        if tied:
            self.dec_bias = nn.ParameterList(nn.Parameter(torch.zeros(b)) for b in rev[1:])
        else:
            self.decoder = nn.ModuleList(
                nn.Linear(a, b) for a, b in zip(rev[:-1], rev[1:], strict=True)
            )
        self.act = make_activation(activation)

    @property
    def bottleneck(self) -> int:
        return self.widths[-1]

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        """The code h = f(x), shape (n, bottleneck); the last layer is linear."""
        h = x.reshape(len(x), -1)
        last = len(self.encoder) - 1
        for i, layer in enumerate(self.encoder):
            h = layer(h)
            if i < last:
                h = self.act(h)
        return h

    def decode(self, h: torch.Tensor) -> torch.Tensor:
        """x̂ = g(h) in the input's shape; the output layer is linear."""
        n = len(self.encoder)
        for j in range(n):
            if self.tied:
                w = self.encoder[n - 1 - j].weight
                h = F.linear(h, w.t(), self.dec_bias[j])
            else:
                h = self.decoder[j](h)
            if j < n - 1:
                h = self.act(h)
        return h.reshape(len(h), *self.input_shape)

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # noqa: D102
        return self.decode(self.encode(x))


class ConvAutoencoder(nn.Module):
    """(n, C, S, S) → [Conv 3×3 stride 2 → act]… → Linear → h → Linear → [ConvT]… → x̂."""

    def __init__(
        self,
        input_shape: Sequence[int],
        channels: Sequence[int],
        bottleneck: int,
        activation: str = "relu",
    ) -> None:
        super().__init__()
        self.input_shape = tuple(int(s) for s in input_shape)
        c_in, height, width = self.input_shape
        sizes = [(height, width)]
        convs = []
        prev = c_in
        for c in channels:
            convs.append(nn.Conv2d(prev, int(c), 3, stride=2, padding=1))
            h, w = sizes[-1]
            sizes.append(((h + 1) // 2, (w + 1) // 2))
            prev = int(c)
        self.convs = nn.ModuleList(convs)
        self.inner = (prev, *sizes[-1])
        n_inner = int(np.prod(self.inner))
        self.code = nn.Linear(n_inner, int(bottleneck))
        self.uncode = nn.Linear(int(bottleneck), n_inner)
        deconvs = []
        chans = [c_in, *[int(c) for c in channels]]
        for i in range(len(channels), 0, -1):
            (h_in, w_in), (h_out, w_out) = sizes[i], sizes[i - 1]
            pad = (h_out - (2 * h_in - 1), w_out - (2 * w_in - 1))
            deconvs.append(
                nn.ConvTranspose2d(
                    chans[i], chans[i - 1], 3, stride=2, padding=1, output_padding=pad
                )
            )
        self.deconvs = nn.ModuleList(deconvs)
        self.act = make_activation(activation)
        self.bottleneck = int(bottleneck)

    def encode(self, x: torch.Tensor) -> torch.Tensor:  # noqa: D102
        h = x
        for conv in self.convs:
            h = self.act(conv(h))
        return self.code(h.reshape(len(h), -1))

    def decode(self, h: torch.Tensor) -> torch.Tensor:  # noqa: D102
        z = self.act(self.uncode(h)).reshape(len(h), *self.inner)
        last = len(self.deconvs) - 1
        for i, deconv in enumerate(self.deconvs):
            z = deconv(z)
            if i < last:
                z = self.act(z)
        return z

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # noqa: D102
        return self.decode(self.encode(x))


def check_sizes(hidden: Sequence[int], bottleneck: int) -> None:
    """ConfigError (i18n key ``ae.error.*``) if widths or the bottleneck are out of range."""
    lo, hi = WIDTH_RANGE
    if len(hidden) > MAX_LAYERS or any(not lo <= int(h) <= hi for h in hidden):
        raise ConfigError(
            "ae.error.widths",
            f"encoder widths must be {lo}…{hi}, at most {MAX_LAYERS} layers",
            lo=lo,
            hi=hi,
            n=MAX_LAYERS,
        )
    blo, bhi = BOTTLENECK_RANGE
    if not blo <= int(bottleneck) <= bhi:
        raise ConfigError("ae.error.bottleneck", f"bottleneck must be {blo}…{bhi}", lo=blo, hi=bhi)


def build_ae(cfg, dataset) -> nn.Module:
    """The autoencoder for ``cfg.model`` on ``dataset`` (conv needs images)."""
    m = cfg.model
    check_sizes(m.hidden, m.bottleneck)
    shape = dataset.input_shape
    if m.conv:
        if len(shape) != 3:
            raise ConfigError(
                "ae.error.conv_needs_images", "the convolutional autoencoder needs image data"
            )
        model: nn.Module = ConvAutoencoder(shape, m.channels, m.bottleneck, m.activation)
    else:
        model = MLPAutoencoder(shape, m.hidden, m.bottleneck, m.activation, m.tied)
    init_module(model, m.init, m.activation)
    return model


FAMILIES.register(
    "ae",
    Family(
        build_model=build_ae,
        build_objective=AEObjective.from_config,
        groups=("image", "manifold"),
        label_key="family.ae",
    ),
)


# -- analysis helpers (NumPy in, NumPy out) ---------------------------------------------------
def _device(model: nn.Module) -> torch.device:
    p = next(model.parameters(), None)
    return p.device if p is not None else torch.device("cpu")


@torch.no_grad()
def encode_np(model: nn.Module, x: np.ndarray, batch: int = 4096) -> np.ndarray:
    """Codes h of ``x`` as float32 (n, bottleneck)."""
    model.eval()
    dev = _device(model)
    out = [
        model.encode(torch.as_tensor(np.asarray(x[i : i + batch], np.float32), device=dev))
        for i in range(0, len(x), batch)
    ]
    return (
        torch.cat(out).float().cpu().numpy() if out else np.zeros((0, model.bottleneck), np.float32)
    )


@torch.no_grad()
def decode_np(model: nn.Module, h: np.ndarray) -> np.ndarray:
    """x̂ = g(h) as float32 in the input's shape."""
    model.eval()
    ht = torch.as_tensor(
        np.asarray(h, np.float32).reshape(-1, model.bottleneck), device=_device(model)
    )
    return model.decode(ht).float().cpu().numpy()


def reconstruct_np(model: nn.Module, x: np.ndarray) -> np.ndarray:
    return decode_np(model, encode_np(model, x))


def recon_errors(x: np.ndarray, x_hat: np.ndarray) -> np.ndarray:
    """Per-example ‖x − x̂‖² (float64); non-finite values become +inf."""
    d = (np.asarray(x, np.float64) - np.asarray(x_hat, np.float64)).reshape(len(x), -1)
    e = (d * d).sum(-1)
    return np.where(np.isfinite(e), e, np.inf)


def per_class_error(errors: np.ndarray, labels: np.ndarray, n_classes: int) -> np.ndarray:
    """Mean error of each class (NaN for a class with no example)."""
    out = np.full(n_classes, np.nan)
    for c in range(n_classes):
        m = labels == c
        if m.any():
            out[c] = float(errors[m].mean())
    return out


def codes_collapsed(
    codes: np.ndarray, x: np.ndarray, recon: float, tol: float = 0.02, flat: float = 0.95
) -> bool:
    """True when the codes carry (almost) no information about x.

    Either every code is (nearly) the same point — spread < ``tol`` × the data's
    spread — or the reconstruction is no better than predicting the mean image
    (``recon`` ≥ ``flat`` × total variance). A strong λ Ω(h) drives codes there.
    """
    if len(codes) < 2:
        return False
    xs = np.asarray(x, np.float64).reshape(len(x), -1)
    total_var = float(((xs - xs.mean(0)) ** 2).sum(-1).mean())
    spread = float(np.asarray(codes, np.float64).std(0).mean())
    x_spread = math.sqrt(total_var / xs.shape[1]) if total_var > 0 else 1.0
    return spread < tol * x_spread or (total_var > 0 and recon >= flat * total_var)


@torch.no_grad()
def decoder_basis(model: nn.Module) -> np.ndarray:
    """(d, k) matrix whose columns span the decoder's image around h = 0.

    For a linear autoencoder x̂ = W h + b this is exactly W (g(eᵢ) − g(0)); for a
    nonlinear one it is a finite-difference Jacobian at the origin.
    """
    k = model.bottleneck
    eye = np.vstack([np.zeros((1, k), np.float32), np.eye(k, dtype=np.float32)])
    out = decode_np(model, eye).reshape(k + 1, -1).astype(np.float64)
    return (out[1:] - out[:1]).T


def code_from_view(
    codes: np.ndarray, proj: np.ndarray, view, coords: Sequence[float]
) -> tuple[np.ndarray, np.ndarray]:
    """(code h, its 2-D view point) for slider ``coords`` in standard deviations.

    ``proj`` is the 2-D view of ``codes`` and ``view`` the PCA behind it (None when
    the codes are their own view): coordinates not set stay at the mean code.
    """
    c = np.asarray(coords, np.float64)
    m = len(c)
    spread = proj[:, :m].std(0) + 1e-6 if len(proj) > 1 else np.ones(m)
    if view is None:
        h = codes.mean(0).astype(np.float64) if len(codes) else np.zeros(codes.shape[1])
        h[:m] = h[:m] + c * spread
        return h.astype(np.float32), h[:2].astype(np.float32)
    point = c * spread
    return view.decode(point[None])[0].astype(np.float32), point.astype(np.float32)


def interpolate(h_a: np.ndarray, h_b: np.ndarray, n: int) -> np.ndarray:
    """``n`` codes on the straight line from h_a to h_b (both ends included)."""
    alphas = np.linspace(0.0, 1.0, n, dtype=np.float32)[:, None]
    return (1 - alphas) * np.asarray(h_a, np.float32) + alphas * np.asarray(h_b, np.float32)


def regularisation_runs(base, lam: float, mu: float, sigma: float) -> dict[str, object]:
    """Four configs differing only in the regulariser: none, λΩ(h), μ‖h‖₁, denoising σ."""
    zero = {"code_l2": 0.0, "code_l1": 0.0, "input_noise": 0.0}
    return {
        "plain": base.with_(train=zero),
        "omega": base.with_(train={**zero, "code_l2": lam}),
        "l1": base.with_(train={**zero, "code_l1": mu}),
        "denoise": base.with_(train={**zero, "input_noise": sigma}),
    }


def outlier_sets(shape: Sequence[int], n: int, seed: int = 0) -> dict[str, np.ndarray]:
    """Images unlike digits for an anomaly score: generated shapes, noise.

    ``shape`` is (1, S, S); each set holds ``n`` images in [0, 1].
    """
    rng = np.random.default_rng([seed, 81])
    out: dict[str, np.ndarray] = {}
    out["shapes"] = shapes(DataConfig(name="shapes", image_size=int(shape[-1]), seed=seed)).x_test[
        :n
    ]
    out["noise"] = rng.uniform(0.0, 1.0, (n, *shape)).astype(np.float32)
    return out
