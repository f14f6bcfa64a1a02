"""The multilayer perceptron: Linear → activation (→ norm → dropout), one layer a line."""

from __future__ import annotations

from collections import OrderedDict

from torch import nn

from dlcore.models import Family, init_module, make_activation
from dlcore.objectives import SupervisedObjective, resolve_output
from dlcore.registry import FAMILIES


class MLP(nn.Module):
    """A feedforward net. Layer names (``fc1``, ``act1``, …, ``out``) key every probe.

    The output layer is linear: the output activation (sigmoid, softmax, tanh)
    belongs to the objective so that losses can use the stable fused forms.
    """

    def __init__(
        self,
        n_in: int,
        hidden: tuple[int, ...],
        n_out: int,
        activation: str = "tanh",
        dropout: float = 0.0,
        norm: str = "none",
        flatten: bool = False,
    ) -> None:
        super().__init__()
        layers: OrderedDict[str, nn.Module] = OrderedDict()
        if flatten:
            layers["flatten"] = nn.Flatten()
        width = n_in
        for i, h in enumerate(hidden, start=1):
            layers[f"fc{i}"] = nn.Linear(width, h)
            if norm == "batch":
                layers[f"norm{i}"] = nn.BatchNorm1d(h)
            elif norm == "layer":
                layers[f"norm{i}"] = nn.LayerNorm(h)
            layers[f"act{i}"] = make_activation(activation)
            if dropout > 0:
                layers[f"drop{i}"] = nn.Dropout(dropout)
            width = h
        layers["out"] = nn.Linear(width, n_out)
        self.net = nn.Sequential(layers)
        self.hidden = tuple(hidden)
        self.n_in, self.n_out = n_in, n_out

    def forward(self, x):  # noqa: D102
        return self.net(x)

    def linear_layers(self) -> list[tuple[str, nn.Linear]]:
        """(name, layer) for every Linear, input to output."""
        return [(n, m) for n, m in self.net.named_children() if isinstance(m, nn.Linear)]


def output_size(dataset, output: str) -> int:
    """Units of the output layer for this task / output activation."""
    if dataset.task == "multiclass" or output == "softmax":
        return max(dataset.n_classes, 2)
    if dataset.y_train.ndim > 1:
        return dataset.y_train.shape[1]
    return 1


def build_mlp(cfg, dataset) -> MLP:
    out = resolve_output(cfg, dataset)
    flatten = len(dataset.input_shape) > 1
    model = MLP(
        dataset.n_features,
        tuple(cfg.model.hidden),
        output_size(dataset, out),
        cfg.model.activation,
        cfg.model.dropout,
        cfg.model.norm,
        flatten=flatten,
    )
    init_module(model, cfg.model.init, cfg.model.activation)
    return model


FAMILIES.register(
    "mlp",
    Family(
        build_model=build_mlp,
        build_objective=SupervisedObjective.from_config,
        groups=("toy2d", "image"),
        label_key="family.mlp",
    ),
)
