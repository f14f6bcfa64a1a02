"""One record per activation: everything the pages, the models, the reference maths and
the figures read about it (TensorFlow Playground's ``nn.ts`` ``Activations`` objects).

A record holds the NumPy f and f′ (:mod:`dlcore.scratch.activations`), the torch module
that the models build, the gain Xavier initialisation uses with it, the formula and its
derivative in the lecture's notation, and its i18n key (``act.<name>``). This module
never imports torch at module level, so a config can check an activation name cheaply.

Adding an activation = one :class:`Activation` below (plus its NumPy pair in
``scratch/activations.py``) and the ``act.<name>`` translation in ``i18n/common.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from dlcore.registry import ACTIVATIONS
from dlcore.scratch import activations as A

Fn = Callable[[np.ndarray | float], np.ndarray]


@dataclass(frozen=True)
class Activation:
    """An activation g: its maths in NumPy and LaTeX, and its torch module."""

    name: str
    f: Fn  # g(z), NumPy, overflow-safe
    df: Fn  # g′(z), NumPy, PyTorch's convention at kinks
    latex: str  # "Name(z) = …" in the lecture's notation
    latex_grad: str  # "Name′(z) = …"
    torch_name: str  # the class in torch.nn
    torch_kwargs: tuple[tuple[str, float], ...] = ()
    gain: float = 1.0  # the gain Xavier initialisation uses after this activation

    @property
    def key(self) -> str:
        """The i18n key of the activation's name."""
        return f"act.{self.name}"

    def torch(self) -> Any:
        """A new ``torch.nn`` module computing g (torch is imported on first use)."""
        from torch import nn

        return getattr(nn, self.torch_name)(**dict(self.torch_kwargs))


def torch_types() -> tuple[type, ...]:
    """The ``torch.nn`` classes of every record (what a probe counts as an activation)."""
    from torch import nn

    return tuple(getattr(nn, rec.torch_name) for _, rec in ACTIVATIONS.items())


def torch_source(module: Any) -> str | None:
    """Python source building ``module`` if it is a record's torch class, else None."""
    from torch import nn

    for _, rec in ACTIVATIONS.items():
        if type(module) is getattr(nn, rec.torch_name):
            args = ", ".join(f"{k}={getattr(module, k)!r}" for k, _ in rec.torch_kwargs)
            return f"nn.{rec.torch_name}({args})"
    return None


def _add(rec: Activation) -> None:
    ACTIVATIONS.register(rec.name, rec)


# The three the lecture writes out come first, in its notation.
_add(
    Activation(
        "relu",
        A.relu,
        A.relu_grad,
        r"\text{ReLU}(z) = \max\{0, z\}",
        r"\text{ReLU}'(z) = \begin{cases} 1 & z > 0 \\ 0 & z \le 0 \end{cases}",
        "ReLU",
    )
)
_add(
    Activation(
        "tanh",
        A.tanh,
        A.tanh_grad,
        r"\tanh(z) = \frac{2}{1 + \exp(-2z)} - 1",
        r"\tanh'(z) = 1 - \tanh^2(z)",
        "Tanh",
        gain=5.0 / 3,  # torch.nn.init.calculate_gain("tanh")
    )
)
_add(
    Activation(
        "sigmoid",
        A.sigmoid,
        A.sigmoid_grad,
        r"\sigma(z) = \frac{1}{1 + \exp(-z)}",
        r"\sigma'(z) = \sigma(z)\,(1 - \sigma(z))",
        "Sigmoid",
    )
)
_add(Activation("linear", A.linear, A.linear_grad, r"f(z) = z", r"f'(z) = 1", "Identity"))
_add(
    Activation(
        "leaky_relu",
        A.leaky_relu,
        A.leaky_relu_grad,
        r"\text{LeakyReLU}(z) = \max\{0.01\,z,\ z\}",
        r"\text{LeakyReLU}'(z) = \begin{cases} 1 & z > 0 \\ 0.01 & z \le 0 \end{cases}",
        "LeakyReLU",
        (("negative_slope", A.LEAKY_SLOPE),),
    )
)
_add(
    Activation(
        "gelu",
        A.gelu,
        A.gelu_grad,
        r"\text{GELU}(z) = z\,\Phi(z) = \frac{z}{2}\left(1 + \operatorname{erf}\frac{z}{\sqrt 2}\right)",
        r"\text{GELU}'(z) = \Phi(z) + z\,\varphi(z)",
        "GELU",
    )
)
_add(
    Activation(
        "elu",
        A.elu,
        A.elu_grad,
        r"\text{ELU}(z) = \begin{cases} z & z > 0 \\ \exp(z) - 1 & z \le 0 \end{cases}",
        r"\text{ELU}'(z) = \begin{cases} 1 & z > 0 \\ \exp(z) & z \le 0 \end{cases}",
        "ELU",
        (("alpha", A.ELU_ALPHA),),
    )
)
_add(
    Activation(
        "mish",
        A.mish,
        A.mish_grad,
        r"\text{Mish}(z) = z\,\tanh\left(\text{softplus}(z)\right)",
        r"\text{Mish}'(z) = \tanh(\text{softplus}(z)) + z\,\sigma(z)\,"
        r"\operatorname{sech}^2(\text{softplus}(z))",
        "Mish",
    )
)
_add(
    Activation(
        "softplus",
        A.softplus,
        A.softplus_grad,
        r"\text{softplus}(z) = \log\left(1 + \exp(z)\right)",
        r"\text{softplus}'(z) = \sigma(z)",
        "Softplus",
    )
)
