"""One record per optimizer: its ``torch.optim`` factory, its NumPy twin
(:mod:`dlcore.scratch.optim`), its update rule in the lecture's notation and its i18n
key (``opt.<name>``). torch is imported only when a torch optimizer is built.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from dlcore.registry import OPTIMIZERS
from dlcore.scratch import optim as O


@dataclass(frozen=True)
class Optimizer:
    """An update rule W ← W − η·(…) as torch builds it and as NumPy writes it out."""

    name: str
    torch_name: str  # the class in torch.optim
    torch_kwargs: Callable[[Any], dict[str, Any]]  # TrainConfig → its keyword arguments
    numpy: Callable[[float, float], O.Optimizer]  # (η, β) → a NumPy optimizer
    latex: str

    @property
    def key(self) -> str:
        """The i18n key of the optimizer's name."""
        return f"opt.{self.name}"

    def torch(self, params: Iterable[Any], tc: Any) -> Any:
        """A ``torch.optim`` optimizer over ``params`` with the train config ``tc``'s η, β."""
        import torch

        return getattr(torch.optim, self.torch_name)(params, **self.torch_kwargs(tc))


def _lines(*eqs: str) -> str:
    """One equation per line (a long update rule wraps instead of running off its column)."""
    return r"\begin{gathered}" + r" \\ ".join(eqs) + r"\end{gathered}"


for _rec in (
    Optimizer(
        "sgd",
        "SGD",
        lambda tc: {"lr": tc.lr},
        lambda lr, beta: O.GD(lr),
        r"\mathbf{W}_{n+1} \leftarrow \mathbf{W}_n - \eta \nabla \mathcal{L}(\mathbf{W}_n)",
    ),
    Optimizer(
        "momentum",
        "SGD",
        lambda tc: {"lr": tc.lr, "momentum": tc.momentum},
        lambda lr, beta: O.Momentum(lr, beta),
        _lines(
            r"\mathbf{v}_{n+1} = \beta\,\mathbf{v}_n + \nabla \mathcal{L}(\mathbf{W}_n)",
            r"\mathbf{W}_{n+1} \leftarrow \mathbf{W}_n - \eta\,\mathbf{v}_{n+1}",
        ),
    ),
    Optimizer(
        "nesterov",
        "SGD",
        lambda tc: {"lr": tc.lr, "momentum": tc.momentum, "nesterov": True},
        lambda lr, beta: O.Momentum(lr, beta, nesterov=True),
        _lines(
            r"\mathbf{v}_{n+1} = \beta\,\mathbf{v}_n + \mathbf{g}_n",
            r"\mathbf{W}_{n+1} \leftarrow \mathbf{W}_n - \eta\,(\mathbf{g}_n + \beta\,\mathbf{v}_{n+1})",
        ),
    ),
    Optimizer(
        "rmsprop",
        "RMSprop",
        lambda tc: {"lr": tc.lr},
        lambda lr, beta: O.RMSProp(lr),
        _lines(
            r"\mathbf{s}_{n+1} = \alpha\,\mathbf{s}_n + (1-\alpha)\,\mathbf{g}_n^2",
            r"\mathbf{W}_{n+1} \leftarrow \mathbf{W}_n - \eta\,\frac{\mathbf{g}_n}{\sqrt{\mathbf{s}_{n+1}} + \epsilon}",
        ),
    ),
    Optimizer(
        "adam",
        "Adam",
        lambda tc: {"lr": tc.lr},
        lambda lr, beta: O.Adam(lr),
        _lines(
            r"\mathbf{m}_{n+1} = \beta_1 \mathbf{m}_n + (1-\beta_1)\mathbf{g}_n",
            r"\mathbf{v}_{n+1} = \beta_2 \mathbf{v}_n + (1-\beta_2)\mathbf{g}_n^2",
            r"\mathbf{W}_{n+1} \leftarrow \mathbf{W}_n - \eta\,\frac{\hat{\mathbf{m}}_{n+1}}"
            r"{\sqrt{\hat{\mathbf{v}}_{n+1}} + \epsilon}",
        ),
    ),
):
    OPTIMIZERS.register(_rec.name, _rec)
