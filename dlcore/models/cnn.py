"""A LeNet-like convolutional network: [conv → act → pool] × L → flatten → dense head."""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
import torch
from torch import nn

from dlcore.models import Family, init_module, make_activation
from dlcore.objectives import SupervisedObjective
from dlcore.registry import FAMILIES


class CNN(nn.Module):
    """Conv layers (``conv1``, ``act1``, ``pool1``, …) then ``flatten``, ``fc1``, ``fact1``, …, ``out``.

    Convolutions keep the side ("same" padding k//2); each pooling halves it
    while the side is at least 2. The output layer is linear (softmax in the loss).
    """

    def __init__(
        self,
        in_shape: tuple[int, int, int],
        channels: tuple[int, ...],
        n_out: int,
        kernel_size: int = 3,
        pool: str = "max",
        activation: str = "relu",
        hidden: tuple[int, ...] = (64,),
        norm: str = "none",
        dropout: float = 0.0,
    ) -> None:
        super().__init__()
        c, h, w = in_shape
        layers: OrderedDict[str, nn.Module] = OrderedDict()
        for i, ch in enumerate(channels, start=1):
            layers[f"conv{i}"] = nn.Conv2d(c, ch, kernel_size, padding=kernel_size // 2)
            # even kernels with padding k//2 grow the side by one
            h, w = (
                h + 2 * (kernel_size // 2) - kernel_size + 1,
                w + 2 * (kernel_size // 2) - kernel_size + 1,
            )
            if norm == "batch":
                layers[f"norm{i}"] = nn.BatchNorm2d(ch)
            layers[f"act{i}"] = make_activation(activation)
            if pool != "none" and min(h, w) >= 2:
                layers[f"pool{i}"] = nn.MaxPool2d(2) if pool == "max" else nn.AvgPool2d(2)
                h, w = h // 2, w // 2
            c = ch
        layers["flatten"] = nn.Flatten()
        width = c * h * w
        for i, hdim in enumerate(hidden, start=1):
            layers[f"fc{i}"] = nn.Linear(width, hdim)
            layers[f"fact{i}"] = make_activation(activation)
            if dropout > 0:
                layers[f"drop{i}"] = nn.Dropout(dropout)
            width = hdim
        layers["out"] = nn.Linear(width, n_out)
        self.net = nn.Sequential(layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # noqa: D102
        return self.net(x)

    @torch.no_grad()
    def feature_maps(self, x: torch.Tensor) -> OrderedDict[str, torch.Tensor]:
        """Output of every layer up to ``flatten`` (4-D feature maps), keyed by layer name."""
        out: OrderedDict[str, torch.Tensor] = OrderedDict()
        for name, layer in self.net.named_children():
            if name == "flatten":
                break
            x = layer(x)
            out[name] = x
        return out

    def first_kernels(self) -> torch.Tensor:
        """Weights of ``conv1``: (channels, in_channels, k, k)."""
        return self.net.conv1.weight.detach()


def build_cnn(cfg, dataset) -> CNN:
    """The CNN for ``cfg.model`` on an image dataset of shape (n, C, H, W)."""
    shape = dataset.input_shape
    if len(shape) == 2:
        shape = (1, *shape)
    m = cfg.model
    model = CNN(
        tuple(shape),
        tuple(m.channels),
        max(dataset.n_classes, 2),
        m.kernel_size,
        m.pool,
        m.activation,
        tuple(m.hidden),
        m.norm,
        m.dropout,
    )
    init_module(model, m.init, m.activation)
    return model


FAMILIES.register(
    "cnn",
    Family(
        build_model=build_cnn,
        build_objective=SupervisedObjective.from_config,
        groups=("image",),
        label_key="family.cnn",
    ),
)


@torch.no_grad()
def accuracy_under_shift(
    model: nn.Module, x: torch.Tensor, y: torch.Tensor, shifts: list[int]
) -> list[float]:
    """Test accuracy when every image moves by s pixels, averaged over right, left, down, up."""
    from dlcore.scratch.conv import shift

    model.eval()
    xs = x.detach().cpu().numpy()
    out = []
    for s in shifts:
        accs = []
        for dx, dy in ((s, 0), (-s, 0), (0, s), (0, -s)) if s else ((0, 0),):
            xt = torch.as_tensor(shift(xs, dx, dy), device=x.device)
            accs.append(float((model(xt).argmax(-1) == y).float().mean()))
        out.append(sum(accs) / len(accs))
    return out


def matched_mlp_width(n_params: int, n_in: int, n_out: int) -> int:
    """Width h of a one-hidden-layer MLP n_in → h → n_out with about ``n_params`` parameters."""
    return max(1, round((n_params - n_out) / (n_in + 1 + n_out)))


def confusion(y_true: np.ndarray, y_pred: np.ndarray, n: int) -> np.ndarray:
    """Counts: rows true class, columns predicted class."""
    cm = np.zeros((n, n), np.int64)
    np.add.at(cm, (np.asarray(y_true, np.int64), np.asarray(y_pred, np.int64)), 1)
    return cm
