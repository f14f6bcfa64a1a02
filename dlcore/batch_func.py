"""The batched step of the CNN, GRU / RNN and conv-autoencoder families (issue 14).

:class:`dlcore.batch.Group` writes the MLP's batched forward by hand (``baddbmm`` per
layer). The other families are stacked the same way — parameters and optimizer state
``[S, …]``, each member's tensors views of its row — but their forward is the model's
own: ``torch.func.functional_call`` of the model and its objective for one row, wrapped
in ``grad_and_value`` and ``vmap`` over the rows. vmap turns a convolution of S rows into
one grouped convolution and a recurrent layer's matrix products into batched ones, so
one call does the S forwards and backwards of a class step; the optimizer update, the
batch order, the divergence checks and the history stay the Group's.

``grad`` (a torch.func transform, not ``loss.backward``) is what makes the recurrent
layers batchable: under it ``aten::gru`` / ``aten::rnn_tanh`` decompose into their cell
operations, which vmap batches (plain vmap has no rule for them). LSTM is not batched:
on the CPU its forward is oneDNN's fused ``mkldnn_rnn_layer``, which has no vmap rule,
and the decomposed fallback measured 0.4× (slower than one by one,
``bench/family_batching.py``); a GRU / vanilla RNN alone runs the same cell code that
vmap batches.

Evaluations run per member through its own model (whose tensors are views of its row):
they are full passes over the data, compute-bound, and this way they are the numbers
``Trainer._evaluate`` gives alone, bit for bit.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from typing import Any

import torch
from torch import nn
from torch.func import functional_call, grad_and_value, vmap

from dlcore.activations import torch_types
from dlcore.models.ae import ConvAutoencoder
from dlcore.models.cnn import CNN
from dlcore.models.rnn import SeqModel
from dlcore.objectives import (
    AEObjective,
    CharLMObjective,
    ForecastObjective,
    SequenceClassObjective,
)

__all__ = ["FuncProgram", "func_module_key", "func_objective_key", "FUNC_CELLS"]

# Recurrent cells batched through vmap (LSTM stays alone: see the module docstring).
FUNC_CELLS = ("gru", "rnn")

_ELEMENTWISE = torch_types()


def func_module_key(model: nn.Module) -> tuple | None:
    """The structure of a CNN, SeqModel or ConvAutoencoder (None: not batchable)."""
    if type(model) is CNN:
        parts = []
        for name, m in model.net.named_children():
            if isinstance(m, nn.Dropout):
                if m.p > 0:
                    return None  # masks from the global RNG: not reproducible batched
                continue
            if isinstance(m, nn.BatchNorm2d):
                return None  # running statistics updated in place: stepped alone
            ok = (nn.Conv2d, nn.MaxPool2d, nn.AvgPool2d, nn.Flatten, nn.Linear)
            if not isinstance(m, ok) and not isinstance(m, _ELEMENTWISE):
                return None
            parts.append((name, type(m).__name__, m.extra_repr()))
        return ("CNN", tuple(parts))
    if type(model) is SeqModel:
        if model.cell not in FUNC_CELLS:
            return None
        if model.vocab:
            return None  # F.one_hot checks its ids' range (.item()): vmap cannot batch it
        rnn = model.rnn
        return (
            "SeqModel",
            model.cell,
            rnn.input_size,
            rnn.hidden_size,
            rnn.num_layers,
            getattr(rnn, "nonlinearity", None),
            model.every_step,
            model.vocab,
            model.out.out_features,
        )
    if type(model) is ConvAutoencoder:
        if not isinstance(model.act, _ELEMENTWISE):
            return None
        return (
            "ConvAutoencoder",
            model.input_shape,
            tuple(c.out_channels for c in model.convs),
            model.bottleneck,
            tuple(d.output_padding for d in model.deconvs),
            type(model.act).__name__,
            model.act.extra_repr(),
        )
    return None


def func_objective_key(obj: object) -> tuple | None:
    """The objective of a family batched here (the recurrent ones; the others are
    keyed by dlcore.batch)."""
    for cls, name in (
        (ForecastObjective, "forecast"),
        (SequenceClassObjective, "seqclass"),
        (CharLMObjective, "charlm"),
    ):
        if type(obj) is cls:
            return (name,)
    return None


class _Loss(nn.Module):
    """The objective's loss of ``model`` on one row's batch (and its named parts)."""

    def __init__(self, model: nn.Module, objective: Any) -> None:
        super().__init__()
        self.model = model
        self.objective = objective

    def forward(
        self, x: torch.Tensor, y: torch.Tensor
    ) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
        return self.objective.loss(self.model, x, y)


class FuncProgram:
    """One vmapped loss-and-gradient call for the rows of a Group.

    ``model`` is copied once (the copy is the template ``functional_call`` fills with
    each row's tensors: the members' own modules are never swapped while pages read
    them); ``names`` are the parameters in the Group's slot order.
    """

    def __init__(
        self,
        model: nn.Module,
        objective: Any,
        names: Sequence[str],
        weights: Sequence[str],
        l1: bool,
        l2: bool,
    ) -> None:
        template = copy.deepcopy(model)
        template.train()
        self.names = list(names)
        self.parts_names = ("recon", "reg") if isinstance(objective, AEObjective) else ()
        self._loss = _Loss(template, objective)
        keys = ["model." + n for n in self.names]
        wk = [k for k, n in enumerate(self.names) if n in set(weights)]
        pen_on, l1_on, l2_on = l1 or l2, l1, l2

        def row(
            params: tuple[torch.Tensor, ...],
            x: torch.Tensor,
            y: torch.Tensor,
            l1: torch.Tensor,
            l2: torch.Tensor,
        ) -> tuple[torch.Tensor, tuple[torch.Tensor, dict[str, torch.Tensor]]]:
            state = dict(zip(keys, params, strict=True))
            total, parts = functional_call(self._loss, state, (x, y))
            if pen_on:  # Trainer.penalty, term for term (the same sums in the same order)
                pen = torch.zeros((), device=total.device)
                for k in wk:
                    w = params[k]
                    if l2_on:
                        pen = pen + l2 * (w * w).sum()
                    if l1_on:
                        pen = pen + l1 * w.abs().sum()
                total = total + pen
            return total, (total.detach(), {k: v.detach() for k, v in parts.items()})

        self._fn: Callable[..., Any] = vmap(grad_and_value(row, has_aux=True))

    def loss_and_grads(
        self,
        params: Sequence[torch.Tensor],
        xb: torch.Tensor,
        yb: torch.Tensor,
        l1: torch.Tensor,
        l2: torch.Tensor,
    ) -> tuple[torch.Tensor, dict[str, torch.Tensor], list[torch.Tensor]]:
        """(total loss [S], its parts [S] each, gradients [S, …] in ``names`` order)."""
        grads, (_, (total, parts)) = self._fn(tuple(p.detach() for p in params), xb, yb, l1, l2)
        return total, parts, list(grads)
