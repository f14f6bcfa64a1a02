"""Many trainers of one shape trained as one batched model (issue 14).

Small nets are dispatch-bound (DESIGN.md §5): one optimizer step of a 2-8-8-1 MLP
costs far more Python and dispatch than arithmetic. A :class:`Group` stacks the
parameters, buffers and optimizer state of S trainers whose models have the same
structure into tensors ``[S, …]`` and runs one forward (``torch.baddbmm`` per
Linear), one backward and one optimizer update for all of them; each row keeps its
own data, batch order, learning rate, regularisation rates and seed. The CNN, GRU /
vanilla RNN and conv-autoencoder families are stacked the same way; their forward and
backward are the model's own, vmapped over the rows (:mod:`dlcore.batch_func`).

Each trainer's model stays a normal ``nn.Module``: while it is a member, its
parameters, buffers and optimizer-state tensors *are views* of its row of the
stacked tensors (``t.data = stack[i]``), so a page reading the model between two
slices (probes, figures, downloads) sees the current weights without a copy, and a
member stepped alone by ``Trainer.step`` updates its row in place. The group checks
at every slice that the views are still in place (a reset, ``load_state_dict`` of an
optimizer or a new model replaces tensors) and rebuilds its stacks from the
trainers' own tensors when not: the trainers are always the truth. :meth:`Group.leave`
clones the views so that the trainer keeps its weights and optimizer state.

``Group.step(max_steps=k)`` leaves every member exactly as ``tr.step(max_steps=k)``
would (same counters, epoch, batch order, history records, evaluation points,
divergence stop with its reason and the last good state restored); losses agree
with the alone run to rounding (the batched kernels sum in another order).
"""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

from dlcore import probe
from dlcore.activations import torch_types
from dlcore.batch_func import FuncProgram, func_module_key, func_objective_key
from dlcore.data import BINARY, MULTICLASS
from dlcore.heads import apply_output as _apply_output
from dlcore.models.ae import MLPAutoencoder
from dlcore.models.mlp import MLP
from dlcore.objectives import AEObjective, SupervisedObjective
from dlcore.train import Stop, Trainer

__all__ = [
    "Group",
    "Batcher",
    "group_key",
    "step_many",
    "BATCHED_FAMILIES",
    "BATCHABLE_FAMILIES",
]

# Families whose models a Group can stack: the MLP and MLP autoencoder with the forward
# written out below, the CNN, GRU / vanilla RNN and conv autoencoder through torch.func
# (dlcore/batch_func.py; LSTM stays alone, see there).
BATCHABLE_FAMILIES = ("mlp", "ae", "cnn", "rnn")
# The ones the live engine batches: where one group step of 20 sessions measured ≥ 1.5×
# faster than 20 alone (bench/family_batching.py: MLP ~7×, conv AE ~4×, GRU ~4×, vanilla
# RNN ~3×). The CNN is not: 1.4–2.1× on its small presets, 1.1× on cnn_shapes (its
# convolutions are compute-bound); Group(..., families=BATCHABLE_FAMILIES) still batches it.
BATCHED_FAMILIES = ("mlp", "ae", "rnn")

_ELEMENTWISE = torch_types()  # every activation record is elementwise


# -- the key ----------------------------------------------------------------------------
def _optimizer_key(opt: torch.optim.Optimizer) -> tuple | None:
    if len(opt.param_groups) != 1:
        return None
    g = opt.param_groups[0]
    if g.get("maximize") or g.get("differentiable") or g.get("foreach") or g.get("fused"):
        return None
    if g.get("weight_decay", 0) != 0 or g.get("capturable"):
        return None
    if type(opt) is torch.optim.SGD:
        if g["dampening"] != 0:
            return None
        return ("sgd", g["momentum"] != 0, bool(g["nesterov"]))
    if type(opt) is torch.optim.Adam:
        if g["amsgrad"] or g.get("decoupled_weight_decay"):
            return None
        return ("adam", tuple(float(b) for b in g["betas"]), float(g["eps"]))
    if type(opt) is torch.optim.RMSprop:
        if g["centered"] or g["momentum"] != 0:
            return None
        return ("rmsprop", float(g["alpha"]), float(g["eps"]))
    return None


def _module_key(model: nn.Module) -> tuple | None:
    if type(model) is MLP:
        parts = []
        for name, m in model.net.named_children():
            if isinstance(m, nn.Dropout):
                if m.p > 0:
                    return None  # masks come from the global RNG: not reproducible batched
                continue
            if not isinstance(m, nn.Flatten | nn.Linear | nn.BatchNorm1d | nn.LayerNorm):
                if not isinstance(m, _ELEMENTWISE):
                    return None
            parts.append((name, type(m).__name__, m.extra_repr()))
        return ("MLP", tuple(parts))
    if type(model) is MLPAutoencoder:
        if not isinstance(model.act, _ELEMENTWISE):
            return None
        return (
            "MLPAutoencoder",
            tuple(model.widths),
            model.input_shape,
            model.tied,
            type(model.act).__name__,
            model.act.extra_repr(),
        )
    return func_module_key(model)


def _objective_key(tr: Trainer) -> tuple | None:
    obj = tr.objective
    if type(obj) is SupervisedObjective:
        return ("sup", obj.task, obj.output, obj.loss_name)
    if type(obj) is AEObjective:
        if obj.input_noise > 0:
            return None  # noise from the global RNG: not reproducible batched
        return ("ae", obj.code_l2 > 0, obj.code_l1 > 0)
    return func_objective_key(obj)


def group_key(trainer: Trainer, families: Collection[str] = BATCHED_FAMILIES) -> Hashable | None:
    """What trainers must share to be stepped as one batched model; None: step it alone.

    Family and layer structure (shapes, activation, normalisation), objective (task,
    output, loss), optimizer kind, batch size, data sizes and dtypes, device, which
    regularisers are on (their rates may differ) and whether gradients are clipped.
    Learning rate, momentum, rates, data, seed and batch order are per row. ``families``:
    the model families batched at all (the engine's: BATCHED_FAMILIES).
    """
    tr = trainer
    if tr.cfg.model.family not in families:
        return None
    mk = _module_key(tr.model)
    ok = _objective_key(tr)
    opk = _optimizer_key(tr.optimizer)
    if mk is None or ok is None or opk is None:
        return None
    p0 = next(tr.model.parameters(), None)
    if p0 is None or any(p.dtype != p0.dtype for p in tr.model.parameters()):
        return None
    tc = tr.cfg.train
    if getattr(tc, "stop_acc", 0) or getattr(tc, "stop_loss", 0):
        return None  # a stop condition is checked per Trainer.step call: stepped alone
    return (
        mk,
        ok,
        opk,
        tr.batch_size,
        tuple(tr.x_train.shape),
        tuple(tr.x_test.shape),
        tuple(tr.y_train.shape),
        tuple(tr.y_test.shape),
        str(tr.x_train.dtype),
        str(tr.y_train.dtype),
        str(p0.dtype),
        str(p0.device),
        tc.l1 > 0,
        tc.l2 > 0,
        tc.clip_grad > 0,
    )


def _phase(tr: Trainer) -> int | None:
    """Where in its epoch a trainer is, when batches are ragged (n % batch ≠ 0).

    Rows of a group must draw batches of one size at every step: with a short last
    batch they must be at the same point of their epochs (they then stay in step)."""
    n, bs = tr._n_train, tr.batch_size
    if bs >= n or n % bs == 0:
        return None
    return tr._cursor


# -- per-row losses -----------------------------------------------------------------------
class _ContiguousGrad(torch.autograd.Function):
    """Identity whose backward hands on a contiguous gradient: the layer below then sums
    its bias gradient in the same memory order as nn.Linear's (the same rounding)."""

    @staticmethod
    def forward(ctx: Any, x: torch.Tensor) -> torch.Tensor:
        return x.view_as(x)

    @staticmethod
    def backward(ctx: Any, g: torch.Tensor) -> torch.Tensor:
        return g.contiguous()


class _RowBCE(torch.autograd.Function):
    """Per-row mean BCE-with-logits whose backward rounds as the fused mean does alone:
    ((σ(z) − y)·g) / n, not (σ(z) − y)·(g / n) as mean() over reduction="none" would."""

    @staticmethod
    def forward(ctx: Any, z: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        ctx.save_for_backward(z, y)
        return F.binary_cross_entropy_with_logits(z, y, reduction="none").mean(-1)

    @staticmethod
    def backward(ctx: Any, g: torch.Tensor) -> tuple[torch.Tensor, None]:
        z, y = ctx.saved_tensors
        return ((z.sigmoid() - y) * g.unsqueeze(-1)) / z.shape[-1], None


def _sup_loss(z: torch.Tensor, y: torch.Tensor, output: str, loss: str) -> torch.Tensor:
    """Per-row loss [S] of stacked outputs z [S, n, k] (dlcore.train.LOSSES, row-wise)."""
    s = z.shape[0]
    if loss in ("mse", "mse_half"):
        pred = _apply_output(z, output)
        if output == "softmax":
            t = F.one_hot(y.long(), pred.shape[-1]).to(pred.dtype)
        else:
            t = y.to(pred.dtype).reshape(pred.shape)
            if output == "tanh" and y.dtype == torch.long:
                t = 2 * t - 1
        err = (pred - t) ** 2
        out = err.sum(-1).mean(-1)
        return 0.5 * out if loss == "mse_half" else out
    if loss == "bce":
        return _RowBCE.apply(z.reshape(s, -1), y.to(z.dtype).reshape(s, -1))
    if loss == "ce":
        k = z.shape[-1]
        return (
            F.cross_entropy(z.reshape(-1, k), y.reshape(-1).long(), reduction="none")
            .reshape(s, -1)
            .mean(-1)
        )
    raise KeyError(loss)


# -- members -------------------------------------------------------------------------------
@dataclass
class _Member:
    tr: Trainer
    model: nn.Module
    optimizer: torch.optim.Optimizer
    opt_state: Any
    x_train: torch.Tensor
    tensors: list[torch.Tensor]  # every tensor that is a view of this row, slot order
    ptrs: list[int]


class Group:
    """S trainers of one :func:`group_key`, stepped as one batched model.

    ``join`` / ``leave`` change the membership (the stacks are rebuilt lazily, at the
    next ``step``); ``step(max_steps=k)`` is ``tr.step(max_steps=k)`` for every member
    at once and returns the updates done per member (in ``members`` order).
    """

    def __init__(
        self, trainers: Iterable[Trainer] = (), families: Collection[str] = BATCHED_FAMILIES
    ) -> None:
        self.families = tuple(families)  # the families it may batch (see group_key)
        self.key: Hashable | None = None
        self.members: list[Trainer] = []
        self._rows: list[_Member] = []
        self._dirty = True
        self._stacks: list[torch.Tensor] = []
        self._phase: int | None = None
        self._keys: dict[int, tuple[tuple, Hashable | None]] = {}
        # members owed the evaluation of their current step: a slice with a time budget
        # evaluates member by member (torch.func kinds: one forward each) only while its
        # budget lasts and the group trains on once every member is evaluated, so a Pause
        # waits for one member's evaluation, not twenty (numbers as alone: nothing trains
        # between a step and its evaluation)
        self._owed: list[Trainer] = []
        for tr in trainers:
            self.join(tr)

    # -- membership ---------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.members)

    def __contains__(self, tr: object) -> bool:
        return any(m is tr for m in self.members)

    def can_join(self, tr: Trainer) -> bool:
        """Same key (and, for ragged batches, the same point of the epoch)."""
        k = group_key(tr, self.families)
        if k is None or tr.stop is not None:
            return False
        if not self.members:
            return True
        return k == self.key and _phase(tr) == _phase(self.members[0])

    def join(self, tr: Trainer) -> None:
        if tr in self:
            return
        if not self.can_join(tr):
            raise ValueError("trainer does not fit this group (see group_key)")
        if not self.members:
            self.key = group_key(tr, self.families)
        self.members.append(tr)
        self._dirty = True

    def leave(self, tr: Trainer) -> None:
        """Take ``tr`` out; it keeps its weights and optimizer state (own tensors), and
        gets the evaluation it was owed (as alone)."""
        for i, m in enumerate(self.members):
            if m is tr:
                same = True  # still the model it was stacked with (not reset meanwhile)
                for row in self._rows:
                    if row.tr is tr:
                        self._detach(row)
                        same = row.model is tr.model
                if any(o is tr for o in self._owed):
                    self._owed = [o for o in self._owed if o is not tr]
                    if same and tr.stop is None:
                        with tr.lock:
                            tr._evaluate()
                del self.members[i]
                self._keys.pop(id(tr), None)
                self._rows = [r for r in self._rows if r.tr is not tr]
                self._dirty = True
                break
        if not self.members:
            self.key = None

    def close(self) -> None:
        for tr in list(self.members):
            self.leave(tr)

    @staticmethod
    def _detach(row: _Member) -> None:
        for t, ptr in zip(row.tensors, row.ptrs, strict=True):
            if t.data_ptr() == ptr:
                t.data = t.data.clone()
        for p in row.model.parameters():
            if p.grad is not None:
                p.grad = p.grad.clone()

    # -- stacks ---------------------------------------------------------------------------
    def _collect(self, tr: Trainer) -> tuple[list[torch.Tensor], list[str]]:
        """This trainer's tensors in slot order (creating optimizer state if absent)."""
        model, opt = tr.model, tr.optimizer
        tensors: list[torch.Tensor] = []
        names: list[str] = []
        params = list(model.named_parameters())
        for n, p in params:
            tensors.append(p)
            names.append("param:" + n)
        for n, b in model.named_buffers():
            tensors.append(b)
            names.append("buffer:" + n)
        kind = self.key[2][0]
        momentum = self.key[2][1] if kind == "sgd" else False
        for n, p in params:
            st = opt.state[p]
            if kind == "adam":
                if len(st) == 0:
                    st["step"] = torch.tensor(0.0, dtype=torch.float32)
                    st["exp_avg"] = torch.zeros_like(p, memory_format=torch.preserve_format)
                    st["exp_avg_sq"] = torch.zeros_like(p, memory_format=torch.preserve_format)
                slots = ("step", "exp_avg", "exp_avg_sq")
            elif kind == "rmsprop":
                if len(st) == 0:
                    st["step"] = torch.tensor(0.0, dtype=torch.float32)
                    st["square_avg"] = torch.zeros_like(p, memory_format=torch.preserve_format)
                slots = ("step", "square_avg")
            elif momentum:
                if st.get("momentum_buffer") is None:
                    # 0·m + g = g: the same numbers as torch's first-step clone(g)
                    st["momentum_buffer"] = torch.zeros_like(p)
                slots = ("momentum_buffer",)
            else:
                slots = ()
            for s in slots:
                tensors.append(st[s])
                names.append(f"opt:{n}:{s}")
        return tensors, names

    def _rebuild(self) -> None:
        """Stack the members' current tensors and make theirs views of their rows."""
        per = [self._collect(tr) for tr in self.members]
        names = per[0][1]
        self._names = names
        stacks = []
        with torch.no_grad():
            for k in range(len(names)):
                stacks.append(torch.stack([ts[k].detach() for ts, _ in per]))
        self._stacks = stacks
        self._rows = []
        for i, (tr, (ts, _)) in enumerate(zip(self.members, per, strict=True)):
            ptrs = []
            for k, t in enumerate(ts):
                t.data = stacks[k][i]
                ptrs.append(t.data_ptr())
            self._rows.append(
                _Member(tr, tr.model, tr.optimizer, tr.optimizer.state, tr.x_train, ts, ptrs)
            )
        self._index = {n: k for k, n in enumerate(names)}
        self._setup_program()
        dev = stacks[0].device
        S = len(self.members)
        self._rows_idx = torch.arange(S, device=dev)
        self._xtr = torch.stack([tr.x_train for tr in self.members])
        self._ytr = torch.stack([tr.y_train for tr in self.members])
        self._xte = torch.stack([tr.x_test for tr in self.members])
        self._yte = torch.stack([tr.y_test for tr in self.members])
        grads = []
        for k in self._param_slots:
            gs = [ts[k].grad for ts, _ in per]
            if all(
                g is not None and g.shape == ts[k].shape
                for g, (ts, _) in zip(gs, per, strict=False)
            ):
                grads.append(torch.stack([g.detach() for g in gs]))
            else:
                grads.append(torch.zeros_like(stacks[k]))
        self._grads = grads
        self._dirty = False

    def _valid(self, row: _Member) -> bool:
        tr = row.tr
        if tr.model is not row.model or tr.optimizer is not row.optimizer:
            return False
        if tr.optimizer.state is not row.opt_state or tr.x_train is not row.x_train:
            return False
        return all(t.data_ptr() == p for t, p in zip(row.tensors, row.ptrs, strict=True))

    def _sync(self) -> None:
        """Drop members that no longer fit (stopped, reset, new config); re-stack if needed."""
        if not self._dirty:
            for row in self._rows:
                if not self._valid(row):
                    self._dirty = True
                    break
        for tr in list(self.members):
            if tr.stop is not None or self._key_of(tr) != self.key:
                self.leave(tr)
        if self.members and self._phase_mismatch():
            first = _phase(self.members[0])
            for tr in list(self.members):
                if _phase(tr) != first:
                    self.leave(tr)
        if self._dirty and self.members:
            self._rebuild()

    def _key_of(self, tr: Trainer) -> Hashable | None:
        """group_key(tr), recomputed only when the objects it reads were replaced."""
        sig = (id(tr.model), id(tr.optimizer), id(tr.cfg), id(tr.x_train), id(tr.objective))
        cached = self._keys.get(id(tr))
        if cached is None or cached[0] != sig:
            cached = self._keys[id(tr)] = (sig, group_key(tr, self.families))
        return cached[1]

    def _phase_mismatch(self) -> bool:
        first = _phase(self.members[0])
        return any(_phase(tr) != first for tr in self.members[1:])

    # -- the batched model ----------------------------------------------------------------
    def _setup_program(self) -> None:
        model = self.members[0].model
        idx = self._index
        self._param_slots = [k for k, n in enumerate(self._names) if n.startswith("param:")]
        self._pname = {k: self._names[k][6:] for k in self._param_slots}
        # slots whose name ends with "weight": Trainer.penalty's weights
        self._weight_slots = [k for k in self._param_slots if self._pname[k].endswith("weight")]
        prog: list[tuple] = []
        if type(model) is MLP:
            self._kind = "mlp"
            for name, m in model.net.named_children():
                pre = f"net.{name}."
                if isinstance(m, nn.Flatten):
                    prog.append(("flat",))
                elif isinstance(m, nn.Linear):
                    b = idx.get("param:" + pre + "bias")
                    prog.append(("lin", idx["param:" + pre + "weight"], b))
                elif isinstance(m, nn.BatchNorm1d):
                    prog.append(
                        (
                            "bn",
                            idx.get("param:" + pre + "weight"),
                            idx.get("param:" + pre + "bias"),
                            idx.get("buffer:" + pre + "running_mean"),
                            idx.get("buffer:" + pre + "running_var"),
                            idx.get("buffer:" + pre + "num_batches_tracked"),
                            m,
                        )
                    )
                elif isinstance(m, nn.LayerNorm):
                    prog.append(
                        (
                            "ln",
                            idx.get("param:" + pre + "weight"),
                            idx.get("param:" + pre + "bias"),
                            m,
                        )
                    )
                elif isinstance(m, nn.Dropout):
                    continue
                else:
                    prog.append(("act", m))
        elif type(model) is MLPAutoencoder:
            self._kind = "ae"
            self._ae = model
            n = len(model.encoder)
            self._enc = [
                (idx[f"param:encoder.{i}.weight"], idx[f"param:encoder.{i}.bias"]) for i in range(n)
            ]
            if model.tied:
                self._dec = [
                    (self._enc[n - 1 - j][0], idx[f"param:dec_bias.{j}"]) for j in range(n)
                ]
            else:
                self._dec = [
                    (idx[f"param:decoder.{j}.weight"], idx[f"param:decoder.{j}.bias"])
                    for j in range(n)
                ]
        else:
            self._kind = "func"
            tc = self.members[0].cfg.train
            self._func = FuncProgram(
                model,
                self.members[0].objective,
                [self._pname[k] for k in self._param_slots],
                [self._pname[k] for k in self._weight_slots],
                tc.l1 > 0,
                tc.l2 > 0,
            )
        self._prog = prog
        # per-layer gradient norms, as probe.grad_norms_by_layer groups them
        layers = []
        pidx = {n: k for k, n in self._pname.items()}
        for lname, m in probe.weight_layers(model):
            ks = [
                pidx[f"{lname}.{pn}"]
                for pn, _ in m.named_parameters(recurse=False)
                if "weight" in pn and f"{lname}.{pn}" in pidx
            ]
            if ks:
                layers.append((probe.short_name(lname), ks))
        self._grad_layers = layers

    @staticmethod
    def _linear(x: torch.Tensor, w: torch.Tensor, b: torch.Tensor | None) -> torch.Tensor:
        if w.shape[1] == 1:
            # One output unit: nn.Linear's addmm runs as a matrix-vector product in the BLAS;
            # W·xᵀ (one row) takes the same kernel for n·in ≥ 400, so the same rounding.
            xt = _ContiguousGrad.apply(x).transpose(1, 2)
            out = torch.bmm(w, xt) if b is None else torch.baddbmm(b.unsqueeze(-1), w, xt)
            return out.transpose(1, 2)
        wt = w.transpose(1, 2)
        if b is None:
            return torch.bmm(x, wt)
        return torch.baddbmm(b.unsqueeze(1), x, wt)

    def _forward(
        self, P: Sequence[torch.Tensor], B: Sequence[torch.Tensor], x: torch.Tensor, train: bool
    ) -> torch.Tensor:
        """Stacked MLP forward: x [S, n, …] → z [S, n, k]. ``B``: buffers (BN stats)."""
        s, n = x.shape[0], x.shape[1]
        h = x
        for op in self._prog:
            kind = op[0]
            if kind == "flat":
                h = h.reshape(s, n, -1)
            elif kind == "lin":
                h = self._linear(h, P[op[1]], P[op[2]] if op[2] is not None else None)
            elif kind == "act":
                h = op[1](h)
            elif kind == "bn":
                _, kw, kb, krm, krv, knb, m = op
                width = h.shape[-1]
                # [S, n, H] → [n, S·H]: one BatchNorm over S·H channels is S BatchNorms
                flat = h.transpose(0, 1).reshape(n, s * width)
                use_batch = train or B[krm] is None
                if train and knb is not None and m.track_running_stats:
                    B[knb].add_(1)
                mom = m.momentum if m.momentum is not None else 0.0
                out = F.batch_norm(
                    flat,
                    B[krm].reshape(-1) if krm is not None else None,
                    B[krv].reshape(-1) if krv is not None else None,
                    P[kw].reshape(-1) if kw is not None else None,
                    P[kb].reshape(-1) if kb is not None else None,
                    use_batch,
                    mom,
                    m.eps,
                )
                h = out.reshape(n, s, width).transpose(0, 1)
            elif kind == "ln":
                _, kw, kb, m = op
                h = F.layer_norm(h, m.normalized_shape, None, None, m.eps)
                if kw is not None:
                    h = h * P[kw].unsqueeze(1)
                if kb is not None:
                    h = h + P[kb].unsqueeze(1)
        return h

    def _encode(self, P: Sequence[torch.Tensor], x: torch.Tensor) -> torch.Tensor:
        s, n = x.shape[0], x.shape[1]
        h = x.reshape(s, n, -1)
        last = len(self._enc) - 1
        for i, (kw, kb) in enumerate(self._enc):
            h = self._linear(h, P[kw], P[kb])
            if i < last:
                h = self._ae.act(h)
        return h

    def _decode(self, P: Sequence[torch.Tensor], h: torch.Tensor) -> torch.Tensor:
        n = len(self._dec)
        for j, (kw, kb) in enumerate(self._dec):
            if self._ae.tied:
                h = torch.baddbmm(P[kb].unsqueeze(1), h, P[kw])
            else:
                h = self._linear(h, P[kw], P[kb])
            if j < n - 1:
                h = self._ae.act(h)
        return h.reshape(h.shape[0], h.shape[1], *self._ae.input_shape)

    def _ae_parts(
        self, P: Sequence[torch.Tensor], x: torch.Tensor, rates: tuple[torch.Tensor, torch.Tensor]
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        h = self._encode(P, x)
        x_hat = self._decode(P, h)
        s, n = x.shape[0], x.shape[1]
        recon = ((x_hat - x) ** 2).reshape(s, n, -1).sum(-1).mean(-1)
        reg = torch.zeros(s, device=h.device, dtype=h.dtype)
        if self.key[1][1]:
            reg = reg + rates[0] * torch.linalg.vector_norm(h, ord=2, dim=-1).mean(-1)
        if self.key[1][2]:
            reg = reg + rates[1] * h.abs().sum(-1).mean(-1)
        return recon, reg, h

    def _train_loss(
        self,
        P: Sequence[torch.Tensor | None],
        Bf: Sequence[torch.Tensor | None],
        xb: torch.Tensor,
        yb: torch.Tensor,
        l1: torch.Tensor | None,
        l2: torch.Tensor | None,
        ae_rates: tuple[torch.Tensor, torch.Tensor] | None,
    ) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
        """Per-row total loss [S] (with its graph) and parts, the MLP / MLP-AE forward."""
        S = xb.shape[0]
        with torch.enable_grad():
            parts: dict[str, torch.Tensor] = {}
            if self._kind == "mlp":
                z = self._forward(P, Bf, xb, train=True)
                obj = self.members[0].objective
                loss = _sup_loss(z, yb, obj.output, obj.loss_name)
            else:
                recon, reg, _ = self._ae_parts(P, xb, ae_rates)
                loss = recon + reg
                parts = {"recon": recon.detach(), "reg": reg.detach()}
            if l1 is not None or l2 is not None:
                p0 = P[self._param_slots[0]]
                pen = torch.zeros(S, device=p0.device, dtype=p0.dtype)
                for k in self._weight_slots:
                    w = P[k].reshape(S, -1)
                    if l2 is not None:
                        pen = pen + l2 * (w * w).sum(-1)
                    if l1 is not None:
                        pen = pen + l1 * w.abs().sum(-1)
                total = loss + pen
            else:
                total = loss
        return total, parts

    # -- one slice ---------------------------------------------------------------------------
    def step(
        self,
        n_steps: int | None = None,
        *,
        time_budget_s: float | None = None,
        max_steps: int | None = None,
        final_eval: bool = True,
    ) -> dict[Trainer, int]:
        """``tr.step(n_steps, time_budget_s=…, max_steps=…, final_eval=…)`` for every
        member at once.

        All members do the same number of updates (the time budget is the group's);
        returns the updates done per member. Members that stopped or changed leave
        first (they keep their weights); a member that diverges in this slice is
        restored, keeps its reason in ``tr.stop`` and leaves. Takes every member's lock.
        """
        if n_steps is None and time_budget_s is None:
            n_steps = 1
        limit = n_steps if n_steps is not None else (max_steps or 10**9)
        if max_steps is not None:
            limit = min(limit, max_steps)
        self._sync()
        if not self.members:
            return {}
        with contextlib.ExitStack() as locks:
            for tr in sorted(self.members, key=id):
                locks.enter_context(tr.lock)
            self._sync()  # a page may have changed a member while we waited for its lock
            if not self.members:
                return {}
            if limit <= 0:
                return {tr: tr.step(0) for tr in list(self.members)}
            if self._owed:
                t0 = time.perf_counter()
                if not self._pay_owed(t0, time_budget_s):
                    return {tr: 0 for tr in self.members}  # no update before they are paid
                if time_budget_s is not None:
                    time_budget_s = max(0.0, time_budget_s - (time.perf_counter() - t0))
            return self._step_locked(limit, time_budget_s, final_eval)

    def _pay_owed(self, t0: float, budget_s: float | None) -> bool:
        """Evaluate owed members (at least one) while ``budget_s`` lasts; True when none is
        owed any more."""
        members = self.members
        at = {id(tr): i for i, tr in enumerate(members)}
        rows = [at[id(tr)] for tr in self._owed if id(tr) in at]
        paid = 0
        for i in rows:
            if paid and budget_s is not None and time.perf_counter() - t0 >= budget_s:
                break
            self._evaluate_rows([i], members)
            paid += 1
        self._owed = [members[i] for i in rows[paid:]]
        return not self._owed

    def _step_locked(
        self, limit: int, time_budget_s: float | None, final_eval: bool = True
    ) -> dict[Trainer, int]:
        members = list(self.members)
        S = len(members)
        stacks = self._stacks
        dev = stacks[0].device
        fdt = stacks[self._param_slots[0]].dtype
        key_opt = self.key[2]
        with torch.no_grad():
            snap = [t.clone() for t in stacks]
        # Trainer.step sets train mode here; the batched forward reads no module flags, and
        # the members are locked until the end of the call, where they are left in eval
        # mode as Trainer.step leaves them: the walks over every module are skipped.
        P = [stacks[k] if k in self._pname else None for k in range(len(stacks))]
        Bf = [
            stacks[k] if self._names[k].startswith("buffer:") else None for k in range(len(stacks))
        ]
        leaves = [stacks[k] for k in self._param_slots]
        func = self._kind == "func"  # loss and gradients from one vmapped call
        for t in leaves:
            t.requires_grad_(not func)
        tcs = [tr.cfg.train for tr in members]

        def col(vals: list[float]) -> torch.Tensor:
            return torch.tensor(vals, dtype=fdt, device=dev)

        l1 = col([tc.l1 for tc in tcs]) if self.key[12] else None
        l2 = col([tc.l2 for tc in tcs]) if self.key[13] else None
        clip = col([tc.clip_grad for tc in tcs]) if self.key[14] else None
        ae_rates = None
        if self._kind == "ae":
            objs = [tr.objective for tr in members]
            ae_rates = (col([o.code_l2 for o in objs]), col([o.code_l1 for o in objs]))
        groups = [tr.optimizer.param_groups[0] for tr in members]
        lrs = [float(g["lr"]) for g in groups]
        active = [True] * S  # False: stopped during this slice (row is garbage from then on)
        stop_grads: dict[int, list[torch.Tensor]] = {}

        def stop(i: int, key: str, kwargs: dict, grads_now: Sequence[torch.Tensor]) -> None:
            members[i].stop = Stop(key, kwargs)
            active[i] = False
            stop_grads[i] = [g[i].clone() for g in grads_now]  # p.grad as Trainer leaves it

        done = [0] * S
        n = members[0]._n_train
        bs = members[0].batch_size
        full = bs >= n
        if not full:
            orders = torch.stack([tr._order for tr in members])
            ar = torch.arange(bs, device=dev)
        t0 = time.perf_counter()
        steps = 0
        try:
            while steps < limit:
                # -- the batch of every row (Trainer._next_batch) ----------------------
                if full:
                    xb, yb = self._xtr, self._ytr
                    for i, tr in enumerate(members):
                        if active[i]:  # a stopped row keeps its counters (as alone)
                            tr.epoch += 1
                else:
                    # a stopped row keeps its place; it reads the active rows' batch
                    # positions (its result is dropped) so that the gather stays in range
                    c_act = next(tr._cursor for i, tr in enumerate(members) if active[i])
                    curs = [tr._cursor if active[i] else c_act for i, tr in enumerate(members)]
                    c0 = curs[0]
                    if all(c == c0 for c in curs):
                        idx = orders[:, c0 : c0 + bs]
                    else:
                        idx = orders.gather(1, torch.tensor(curs, device=dev)[:, None] + ar)
                    if idx.shape[1] > n - c0:  # ragged tail: rows are in phase (see _phase)
                        idx = idx[:, : n - c0]
                    width = idx.shape[1]
                    rr = self._rows_idx[:, None]
                    xb, yb = self._xtr[rr, idx], self._ytr[rr, idx]
                    for i, tr in enumerate(members):
                        if not active[i]:
                            continue
                        tr._cursor += width
                        if tr._cursor >= n:
                            tr._cursor = 0
                            tr.epoch += 1
                            tr._order = tr._new_order()
                            if active[i]:
                                orders[i] = tr._order
                # -- loss, penalty ------------------------------------------------------
                fgrads: list[torch.Tensor] | None = None
                if func:
                    zero = torch.zeros(S, dtype=fdt, device=dev)
                    total, parts, fgrads = self._func.loss_and_grads(
                        leaves,
                        xb,
                        yb,
                        l1 if l1 is not None else zero,
                        l2 if l2 is not None else zero,
                    )
                else:
                    total, parts = self._train_loss(P, Bf, xb, yb, l1, l2, ae_rates)
                values = total.detach().tolist()
                for i, tr in enumerate(members):
                    if not active[i]:
                        continue
                    v = values[i]
                    if not math.isfinite(v):
                        stop(i, "train.stop.nonfinite", {"step": tr.step_count + 1}, self._grads)
                        continue
                    if tr._first_loss is None:
                        tr._first_loss = v
                    if v > max(1e6, 1e4 * tr._first_loss):
                        kw = {"step": tr.step_count + 1, "loss": v}
                        stop(i, "train.stop.exploded", kw, self._grads)
                if not any(active):
                    break
                grads = fgrads if fgrads is not None else torch.autograd.grad(total.sum(), leaves)
                gnorms = None
                if clip is not None:
                    norms = torch.stack(
                        [torch.linalg.vector_norm(g.reshape(S, -1), 2, dim=-1) for g in grads]
                    )
                    tn = torch.linalg.vector_norm(norms, 2, dim=0)
                    coef = torch.clamp(clip / (tn + 1e-6), max=1.0)
                    for g in grads:
                        g.mul_(coef.reshape(S, *([1] * (g.ndim - 1))))
                    gnorms = tn.tolist()
                    for i, tr in enumerate(members):
                        if active[i] and not math.isfinite(gnorms[i]):
                            kw = {"step": tr.step_count + 1}
                            stop(i, "train.stop.grad_nonfinite", kw, grads)
                    if not any(active):
                        break
                self._grads = list(grads)
                self._update(key_opt, leaves, grads, groups, lrs, members)
                steps += 1
                part_vals = {k: v.tolist() for k, v in parts.items()}
                for i, tr in enumerate(members):
                    if not active[i]:
                        continue
                    tr.step_count += 1
                    done[i] += 1
                    rec = {"loss": values[i]}
                    if gnorms is not None:
                        rec["grad_norm"] = gnorms[i]
                    for k, vs in part_vals.items():
                        rec[k] = vs[i]
                    tr.history.batch.append(tr.step_count, **rec)
                # -- evaluation points (Trainer.step: every eval_every, not at the end) --
                if steps < limit:
                    due = [
                        i
                        for i, tr in enumerate(members)
                        if active[i] and tr.step_count % tr.eval_every == 0
                    ]
                    if due:
                        finite = self._finite_rows()
                        ok = []
                        for i in due:
                            if finite[i]:
                                ok.append(i)
                            else:
                                kw = {"step": members[i].step_count}
                                stop(i, "train.stop.params_nonfinite", kw, self._grads)
                        if ok and func and time_budget_s is not None:
                            for j, i in enumerate(ok):  # member by member, while it lasts
                                if time.perf_counter() - t0 >= time_budget_s:
                                    self._owed = [members[k] for k in ok[j:]]
                                    break
                                self._evaluate_rows([i], members)
                        elif ok:
                            self._evaluate_rows(ok, members)
                if not any(active) or self._owed:
                    break
                if time_budget_s is not None and time.perf_counter() - t0 >= time_budget_s:
                    break
        finally:
            for t in leaves:
                t.requires_grad_(False)
        dt = time.perf_counter() - t0
        for tr in members:
            tr.train_seconds += dt
        finite = self._finite_rows()
        for i, tr in enumerate(members):
            if active[i] and not finite[i]:
                stop(i, "train.stop.params_nonfinite", {"step": tr.step_count}, self._grads)
        # grads as Trainer leaves them: the last update's, in p.grad
        for i, row in enumerate(self._rows):
            for j, p in enumerate(row.tensors[: len(self._param_slots)]):
                p.grad = self._grads[j][i]
        # Trainer.step: the end of the call evaluates unless final_eval is off (the live
        # engine's full-speed slices), a stopped row (below) or a first evaluation
        ok = [i for i in range(S) if active[i] and (final_eval or not members[i].history.evals.n)]
        if ok:
            self._evaluate_rows(ok, members)
            done_now = {id(members[i]) for i in ok}
            self._owed = [tr for tr in self._owed if id(tr) not in done_now]
        stopped = [i for i in range(S) if not active[i]]
        for i in stopped:
            tr, row = members[i], self._rows[i]
            self._detach(row)
            with torch.no_grad():
                for k, t in enumerate(row.tensors):
                    t.copy_(snap[k][i])
            for p, g in zip(row.tensors, stop_grads[i], strict=False):
                p.grad = g
            tr._evaluate()
        for i in stopped:
            self.leave(members[i])
        return {tr: d for tr, d in zip(members, done, strict=True)}

    # -- optimizer update ------------------------------------------------------------------
    def _update(
        self,
        key_opt: tuple,
        leaves: list[torch.Tensor],
        grads: Sequence[torch.Tensor],
        groups: list[dict],
        lrs: list[float],
        members: list[Trainer],
    ) -> None:
        S = len(members)
        dev, fdt = leaves[0].device, leaves[0].dtype
        kind = key_opt[0]
        idx = self._index

        def per_row(vals: list[float], nd: int) -> torch.Tensor:
            return torch.tensor(vals, dtype=fdt, device=dev).reshape(S, *([1] * (nd - 1)))

        with torch.no_grad():
            if kind == "sgd":
                momentum, nesterov = key_opt[1], key_opt[2]
                for k, p, g in zip(self._param_slots, leaves, grads, strict=True):
                    if momentum:
                        buf = self._stacks[idx[f"opt:{self._pname[k]}:momentum_buffer"]]
                        mom = per_row([float(gr["momentum"]) for gr in groups], p.ndim)
                        buf.mul_(mom).add_(g)
                        g = g.add(buf * mom) if nesterov else buf
                    p.addcmul_(g, per_row([-lr for lr in lrs], p.ndim))
            elif kind == "adam":
                (beta1, beta2), eps = key_opt[1], key_opt[2]
                step_k = idx[f"opt:{self._pname[self._param_slots[0]]}:step"]
                steps_now = (self._stacks[step_k] + 1).tolist()
                neg, bc2s = [], []
                cache: dict[tuple[float, float], tuple[float, float]] = {}
                for st, lr in zip(steps_now, lrs, strict=True):
                    c = cache.get((st, lr))
                    if c is None:
                        bc1 = 1 - beta1**st
                        bc2 = 1 - beta2**st
                        c = cache[(st, lr)] = (-(lr / bc1), bc2**0.5)
                    neg.append(c[0])
                    bc2s.append(c[1])
                neg_t = torch.tensor(neg, dtype=fdt, device=dev)  # one tensor each a step,
                bc2_t = torch.tensor(bc2s, dtype=fdt, device=dev)  # viewed per parameter shape
                for k, p, g in zip(self._param_slots, leaves, grads, strict=True):
                    pn = self._pname[k]
                    shape = (S, *([1] * (p.ndim - 1)))
                    self._stacks[idx[f"opt:{pn}:step"]].add_(1)
                    m = self._stacks[idx[f"opt:{pn}:exp_avg"]]
                    v = self._stacks[idx[f"opt:{pn}:exp_avg_sq"]]
                    m.lerp_(g, 1 - beta1)
                    v.mul_(beta2).addcmul_(g, g, value=1 - beta2)
                    denom = (v.sqrt() / bc2_t.view(shape)).add_(eps)
                    p.add_(neg_t.view(shape) * m / denom)
            elif kind == "rmsprop":
                alpha, eps = key_opt[1], key_opt[2]
                for k, p, g in zip(self._param_slots, leaves, grads, strict=True):
                    pn = self._pname[k]
                    self._stacks[idx[f"opt:{pn}:step"]].add_(1)
                    sq = self._stacks[idx[f"opt:{pn}:square_avg"]]
                    sq.mul_(alpha).addcmul_(g, g, value=1 - alpha)
                    avg = sq.sqrt().add_(eps)
                    p.add_(per_row([-lr for lr in lrs], p.ndim) * g / avg)

    # -- evaluation ---------------------------------------------------------------------------
    def _finite_rows(self) -> list[bool]:
        S = len(self._rows)
        ok = torch.ones(S, dtype=torch.bool, device=self._stacks[0].device)
        with torch.no_grad():
            for k in self._param_slots:
                ok &= torch.isfinite(self._stacks[k].reshape(S, -1)).all(-1)
        return ok.tolist()

    @torch.no_grad()
    def _evaluate_rows(self, rows: list[int], members: list[Trainer]) -> None:
        """Trainer._evaluate for the given rows, as one batched forward."""
        S = len(self._rows)
        sel = None if len(rows) == S else torch.tensor(rows, device=self._stacks[0].device)
        func = self._kind == "func"  # evaluated member by member below: no stacks picked
        stacks = self._stacks if sel is None or func else [t[sel] for t in self._stacks]
        for i in rows:
            if members[i].model.training:
                members[i].model.eval()
        P = [stacks[k] if k in self._pname else None for k in range(len(stacks))]
        Bf = [
            stacks[k] if self._names[k].startswith("buffer:") else None for k in range(len(stacks))
        ]

        def pick(t: torch.Tensor) -> torch.Tensor:
            return t if sel is None else t[sel]

        def metrics(x: torch.Tensor, y: torch.Tensor) -> dict[str, list[float]]:
            if self._kind == "mlp":
                obj = members[0].objective
                z = self._forward(P, Bf, x, train=False)
                out = {"loss": _sup_loss(z, y, obj.output, obj.loss_name).tolist()}
                if obj.task == BINARY:
                    p = _apply_output(z, obj.output)
                    if obj.output == "tanh":
                        p = (p.reshape(p.shape[0], -1) + 1) / 2
                    elif p.shape[-1] == 2:
                        p = p[..., 1]
                    p = p.reshape(p.shape[0], -1)
                    hit = ((p > 0.5).long() == y.reshape(y.shape[0], -1).long()).float()
                    out["acc"] = hit.mean(-1).tolist()
                elif obj.task == MULTICLASS:
                    out["acc"] = (z.argmax(-1) == y).float().mean(-1).tolist()
                else:  # regression: R² per row, as train.r2_score
                    p = _apply_output(z, obj.output).reshape(z.shape[0], -1)
                    if p.shape[1] != y[0].numel():
                        out["r2"] = [float("nan")] * z.shape[0]
                    else:
                        yy = y.to(p.dtype).reshape(p.shape)
                        tot = ((yy - yy.mean(-1, keepdim=True)) ** 2).sum(-1)
                        res = ((yy - p) ** 2).sum(-1)
                        out["r2"] = [
                            1.0 - r / t if t > 0 else float("nan")
                            for r, t in zip(res.tolist(), tot.tolist(), strict=True)
                        ]
                return out
            objs = [members[i].objective for i in rows]
            rates = (
                torch.tensor([o.code_l2 for o in objs], dtype=x.dtype, device=x.device),
                torch.tensor([o.code_l1 for o in objs], dtype=x.dtype, device=x.device),
            )
            recon, reg, h = self._ae_parts(P, x, rates)
            spread = h.std(1).mean(-1).tolist() if h.shape[1] > 1 else [0.0] * h.shape[0]
            return {
                "loss": (recon + reg).tolist(),
                "recon": recon.tolist(),
                "reg": reg.tolist(),
                "code_norm": torch.linalg.vector_norm(h, ord=2, dim=-1).mean(-1).tolist(),
                "code_spread": spread,
            }

        if func:
            # each member's own model (views of its row): Trainer._evaluate's numbers
            tr_m, te_m = {}, {}
            for i in rows:
                tr = members[i]
                ev = tr.objective.evaluate(tr.model, tr.x_train, tr.y_train)
                for k, v in ev.items():
                    tr_m.setdefault(k, []).append(v)
                if len(tr.x_test):
                    ev = tr.objective.evaluate(tr.model, tr.x_test, tr.y_test)
                    for k, v in ev.items():
                        te_m.setdefault(k, []).append(v)
        else:
            tr_m = metrics(pick(self._xtr), pick(self._ytr))
            te_m = metrics(pick(self._xte), pick(self._yte)) if self._xte.shape[1] else {}
        gsq = []
        for _, ks in self._grad_layers:
            cols = [
                (self._grads[k] if sel is None else self._grads[k][sel])
                .pow(2)
                .reshape(len(rows), -1)
                .sum(-1)
                .tolist()
                for k in ks
            ]
            gsq.append(cols)
        for j, i in enumerate(rows):
            tr = members[i]
            norms = {}
            for (lname, _), cols in zip(self._grad_layers, gsq, strict=True):
                sq = 0.0
                for c in cols:
                    sq += c[j]
                norms[lname] = math.sqrt(sq)
            tr._record_eval(
                {k: v[j] for k, v in tr_m.items()}, {k: v[j] for k, v in te_m.items()}, norms
            )


# -- many groups -------------------------------------------------------------------------------
class Batcher:
    """The worker's view: trainers in, groups out. ``sync(trainers)`` (the playing
    ones) makes each trainer a member of one group of its key, or leaves it alone;
    ``slices()`` yields (group or trainer) to give one slice each, in turn."""

    def __init__(self, min_group: int = 2) -> None:
        self.min_group = min_group
        self.groups: list[Group] = []
        self.alone: list[Trainer] = []

    def sync(self, trainers: Iterable[Trainer]) -> None:
        want = [tr for tr in trainers if tr.stop is None]
        wanted = {id(tr) for tr in want}
        for g in self.groups:
            for tr in list(g.members):
                if id(tr) not in wanted or not g.can_join_again(tr):
                    g.leave(tr)
        placed = {id(tr) for g in self.groups for tr in g.members}
        by_key: dict[Hashable, list[Trainer]] = {}
        self.alone = []
        for tr in want:
            if id(tr) in placed:
                continue
            k = group_key(tr)
            if k is None:
                self.alone.append(tr)
                continue
            home = next((g for g in self.groups if g.members and g.can_join(tr)), None)
            if home is not None:
                home.join(tr)
            else:
                by_key.setdefault((k, _phase(tr)), []).append(tr)
        for trs in by_key.values():
            self.groups.append(Group(trs))
        kept = []
        for g in self.groups:
            if len(g) >= self.min_group:
                kept.append(g)
            elif len(g):
                self.alone.extend(g.members)
                g.close()
        self.groups = kept

    def units(self) -> list[Group | Trainer]:
        return [*self.groups, *self.alone]

    def close(self) -> None:
        for g in self.groups:
            g.close()
        self.groups = []


def _can_join_again(self: Group, tr: Trainer) -> bool:
    return tr.stop is None and group_key(tr, self.families) == self.key


Group.can_join_again = _can_join_again  # type: ignore[attr-defined]


def step_many(
    trainers: Sequence[Trainer], *, max_steps: int, time_budget_s: float | None = None
) -> list[int]:
    """``tr.step(max_steps, time_budget_s=…)`` for each trainer, batching those that share
    a :func:`group_key`; returns the updates done per trainer, in order. The groups live
    only for this call (stacked in, views, cloned out): a worker keeps a :class:`Batcher`."""
    b = Batcher()
    b.sync(trainers)
    done: dict[int, int] = {}
    try:
        for g in b.groups:
            for tr, d in g.step(max_steps, time_budget_s=time_budget_s).items():
                done[id(tr)] = d
        for tr in b.alone:
            done[id(tr)] = tr.step(max_steps, time_budget_s=time_budget_s)
    finally:
        b.close()
    return [done.get(id(tr), 0) for tr in trainers]
