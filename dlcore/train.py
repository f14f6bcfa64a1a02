"""The step-wise Trainer: ``step(n | time budget)`` → history arrays.

The trainer owns model, optimizer, data and history, and knows nothing about
the UI: pages call :meth:`Trainer.step` with a small time budget and plot
:attr:`Trainer.history`. A non-finite or exploding loss stops training with a
reason (an i18n key) and restores the last good parameters; it never raises.
"""

from __future__ import annotations

import copy
import functools
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
from torch import nn

from dlcore import probe, rng
from dlcore.config import ConfigError, ExperimentConfig
from dlcore.data import Dataset, build_dataset
from dlcore.models import count_params
from dlcore.optimizers import OPTIMIZERS
from dlcore.registry import DATASETS, FAMILIES


# -- bounded history ------------------------------------------------------------------
class Series:
    """Columns of floats against a step axis, bounded to ``capacity`` points.

    Points are averaged in buckets of ``stride`` incoming values; when full, adjacent
    pairs are merged and the stride doubles, so a million-step run keeps at most
    ``capacity`` evenly spaced points (d2l's ProgressBoard smoothing, bounded).
    """

    def __init__(self, capacity: int = 2048) -> None:
        self.capacity = capacity - capacity % 2
        self.stride = 1
        self.n = 0
        self._x = np.zeros(self.capacity, np.float64)
        self._cols: dict[str, np.ndarray] = {}
        self._acc: dict[str, float] = {}
        self._acc_n = 0
        self._acc_x = 0.0
        self.last: dict[str, float] = {}

    def append(self, x: float, **values: float) -> None:
        cols = self._cols
        for k in values:
            if k not in cols:
                cols[k] = np.full(self.capacity, np.nan, np.float64)
        self.last = {"x": x, **values}
        if self.stride == 1 and self.n < self.capacity:
            # one value per point: stored as is (v / 1 below is v), without the buckets
            n = self.n
            self._x[n] = x
            for k, col in cols.items():
                col[n] = values.get(k, np.nan)
            self._acc_x = x
            self.n = n + 1
            return
        for k, v in values.items():
            self._acc[k] = self._acc.get(k, 0.0) + v
        self._acc_n += 1
        self._acc_x = x
        if self._acc_n < self.stride:
            return
        if self.n == self.capacity:
            self._compact()
        self._x[self.n] = self._acc_x
        for k, col in self._cols.items():
            col[self.n] = self._acc[k] / self._acc_n if k in self._acc else np.nan
        self.n += 1
        self._acc, self._acc_n = {}, 0

    def _compact(self) -> None:
        h = self.capacity // 2
        self._x[:h] = self._x[1::2]
        for col in self._cols.values():
            col[:h] = (col[0::2] + col[1::2]) / 2
            col[h:] = np.nan
        self.n = h
        self.stride *= 2

    @property
    def x(self) -> np.ndarray:
        return self._x[: self.n]

    def __getitem__(self, key: str) -> np.ndarray:
        col = self._cols.get(key)
        return col[: self.n] if col is not None else np.full(self.n, np.nan)

    def keys(self) -> list[str]:
        return list(self._cols)

    def __len__(self) -> int:
        return self.n

    def nbytes(self) -> int:
        return self._x.nbytes + sum(c.nbytes for c in self._cols.values())


@dataclass
class History:
    """What a run recorded. ``batch``: loss of every step (bucketed); ``evals``: full
    train / test metrics at evaluation points; ``grads``: per-layer gradient norms."""

    batch: Series = field(default_factory=Series)
    evals: Series = field(default_factory=Series)
    grads: Series = field(default_factory=Series)

    def nbytes(self) -> int:
        return self.batch.nbytes() + self.evals.nbytes() + self.grads.nbytes()


@dataclass
class Stop:
    """Why training stopped: an i18n key and its arguments (the UI translates).

    ``diverged``: the run blew up (the last good state was restored); False for a
    stop condition that was met (the state is kept as it is).
    """

    key: str
    kwargs: dict[str, Any] = field(default_factory=dict)
    diverged: bool = True


def _clone_tree(obj: Any) -> Any:
    """Deep copy of nested dicts / lists whose leaves are tensors (cloned) or plain values."""
    if isinstance(obj, torch.Tensor):
        return obj.detach().clone()
    if isinstance(obj, dict):
        return {k: _clone_tree(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return type(obj)(_clone_tree(v) for v in obj)
    return copy.copy(obj)


def available_devices() -> list[str]:
    """'cpu', plus 'cuda' / 'mps' when this machine has them."""
    out = ["cpu"]
    if torch.cuda.is_available():
        out.append("cuda")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        out.append("mps")
    return out


def device_label(device: str) -> str:
    """Human name of a device: 'CPU', 'CUDA · NVIDIA H100', 'Apple MPS'."""
    if device == "cuda" and torch.cuda.is_available():
        return f"CUDA · {torch.cuda.get_device_name(0)}"
    if device == "mps":
        return "Apple MPS"
    return "CPU"


_DROPOUT = (
    nn.Dropout,
    nn.Dropout1d,
    nn.Dropout2d,
    nn.Dropout3d,
    nn.AlphaDropout,
    nn.FeatureAlphaDropout,
)


def _draws(model: nn.Module, objective: Any) -> bool:
    """Whether training this model draws random numbers from the global generators: a
    dropout layer (or a stacked RNN's dropout) above 0, or an objective's input noise."""
    if float(getattr(objective, "input_noise", 0.0) or 0.0) > 0:
        return True
    for m in model.modules():
        if isinstance(m, _DROPOUT) and m.p > 0:
            return True
        if isinstance(m, nn.RNNBase) and m.dropout > 0:
            return True
    return False


def _locked(method: Callable[..., Any]) -> Callable[..., Any]:
    """Run a Trainer method while holding ``self.lock``."""

    @functools.wraps(method)
    def wrapper(self: Trainer, *args: Any, **kwargs: Any) -> Any:
        with self.lock:
            return method(self, *args, **kwargs)

    return wrapper


class Trainer:
    """Trains one experiment step by step.

    ``dataset`` overrides the config's data (an uploaded CSV, a fixture).
    ``max_params`` guards a hosted server against huge models.
    """

    def __init__(
        self,
        cfg: ExperimentConfig,
        device: str = "cpu",
        dataset: Dataset | None = None,
        eval_every: int = 100,
        max_params: int | None = None,
    ) -> None:
        self.cfg = cfg
        self.device = device
        self._dataset_override = dataset
        self.eval_every = eval_every
        self.max_params = max_params
        # Held while training, resetting, evaluating or predicting: a page reading the
        # model or history from another script thread (a rerun that overlaps a stopping
        # one) sees a consistent state. Re-entrant, so these methods may nest.
        self.lock = threading.RLock()
        self.reset()

    # -- setup ------------------------------------------------------------------------
    @_locked
    def reset(
        self,
        cfg: ExperimentConfig | None = None,
        device: str | None = None,
        dataset: Dataset | None = None,
    ) -> None:
        """Start again from scratch (new model, optimizer, history) with the same seed."""
        if cfg is not None:
            self.cfg = cfg
        if device is not None:
            self.device = device
        if dataset is not None:
            self._dataset_override = dataset
        cfg = self.cfg
        if self.device not in available_devices():
            raise ConfigError(
                "device.unavailable",
                f"device {self.device!r} is not available here",
                device=self.device,
            )
        family = FAMILIES[cfg.model.family]
        self.dataset = self._dataset_override or build_dataset(cfg.data)
        group = DATASETS[cfg.data.name].group if cfg.data.name in DATASETS else "toy2d"
        if self._dataset_override is None and group not in family.groups:
            raise ConfigError(
                "config.error.family_data",
                f"model family {cfg.model.family!r} cannot learn dataset {cfg.data.name!r}",
                family=cfg.model.family,
                data=cfg.data.name,
            )
        with rng.seeded(cfg.seed):  # under the process's RNG lock: other sessions build too
            self.model = family.build_model(cfg, self.dataset)
            self.objective = family.build_objective(cfg, self.dataset)
            # a training that draws (dropout, input noise) keeps its own place in the
            # global generators' sequence, whatever other sessions draw (dlcore/rng.py)
            self._stream = rng.Stream(self.device) if _draws(self.model, self.objective) else None
        n_params = count_params(self.model)
        if self.max_params is not None and n_params > self.max_params:
            raise ConfigError(
                "limits.params",
                f"{n_params} parameters exceed the limit {self.max_params}",
                n=n_params,
                limit=self.max_params,
            )
        self.model.to(self.device)
        self.optimizer = OPTIMIZERS[cfg.train.optimizer].torch(self.model.parameters(), cfg.train)
        ds = self.dataset
        self.x_train = torch.as_tensor(ds.x_train, device=self.device)
        self.y_train = torch.as_tensor(ds.y_train, device=self.device)
        self.x_test = torch.as_tensor(ds.x_test, device=self.device)
        self.y_test = torch.as_tensor(ds.y_test, device=self.device)
        n = self._n_train = len(self.x_train)
        bs = cfg.train.batch_size
        self.batch_size = n if bs <= 0 or bs > n else bs
        self.steps_per_epoch = math.ceil(n / self.batch_size)
        self._gen = torch.Generator().manual_seed(cfg.seed)
        # _next_batch gathers each epoch's order once when the data are small (≤ 256 kB, a
        # toy set; a second copy of an image set is not worth it), _perm_of being the order
        # the gathered copy follows (dlcore.batch replaces _order)
        data_bytes = sum(t.nelement() * t.element_size() for t in (self.x_train, self.y_train))
        self._perm_small = data_bytes <= 256 << 10
        self._perm_of: torch.Tensor | None = None
        self._order = self._new_order()
        self._cursor = 0
        self.step_count = 0
        self.epoch = 0
        self.stop: Stop | None = None
        self._targets_on = True  # a met target pauses once; resume() trains on past it
        self.history = History()
        self.train_seconds = 0.0
        self._weights = [p for name, p in self.model.named_parameters() if name.endswith("weight")]
        self._first_loss: float | None = None
        self.last_eval: dict[str, float] = {}
        self._evaluate()

    def _new_order(self) -> torch.Tensor:
        """This epoch's example order, on the device (moved once per epoch, not per batch)."""
        n = len(self.x_train)
        order = torch.randperm(n, generator=self._gen) if self.shuffle else torch.arange(n)
        return order.to(self.device)

    @property
    def shuffle(self) -> bool:
        return getattr(self, "_shuffle", True)

    @shuffle.setter
    def shuffle(self, value: bool) -> None:
        self._shuffle = value
        self._order = self._new_order()

    @property
    def custom_data(self) -> bool:
        """True when the data is not the config's (an uploaded CSV, a fixture)."""
        return self._dataset_override is not None

    @property
    def n_params(self) -> int:
        return count_params(self.model)

    @property
    def epoch_float(self) -> float:
        return self.epoch + self._cursor / max(1, len(self.x_train))

    # -- training -----------------------------------------------------------------------
    def _next_batch(self) -> tuple[torch.Tensor, torch.Tensor]:
        n = self._n_train
        if self.batch_size >= n:
            self.epoch += 1
            return self.x_train, self.y_train
        c = self._cursor
        end = c + self.batch_size
        order = self._order
        if self._perm_of is order:
            # the epoch's examples gathered once in batch order: a batch is a view of them
            xb, yb = self._x_perm[c:end], self._y_perm[c:end]
        elif self._perm_small:
            self._perm_of = order
            self._x_perm, self._y_perm = self.x_train[order], self.y_train[order]
            xb, yb = self._x_perm[c:end], self._y_perm[c:end]
        else:  # large data: no second copy of it, one gather per batch
            idx = order[c:end]
            xb, yb = self.x_train[idx], self.y_train[idx]
        self._cursor = end
        if end >= n:
            self._cursor = 0
            self.epoch += 1
            self._order = self._new_order()
        return xb, yb

    def penalty(self) -> torch.Tensor | None:
        """L1 / L2 penalty on the weights (not biases), as TF Playground's regularisation."""
        tc = self.cfg.train
        if tc.l1 <= 0 and tc.l2 <= 0:
            return None
        total = torch.zeros((), device=self.device)
        for w in self._weights:
            if tc.l2 > 0:
                total = total + tc.l2 * (w * w).sum()
            if tc.l1 > 0:
                total = total + tc.l1 * w.abs().sum()
        return total

    def _one_step(self) -> bool:
        """One optimizer update. False (and ``self.stop`` set) if it diverged."""
        xb, yb = self._next_batch()
        loss, parts = self.objective.loss(self.model, xb, yb)
        tc = self.cfg.train
        pen = self.penalty() if tc.l1 > 0 or tc.l2 > 0 else None
        total = loss + pen if pen is not None else loss
        value = total.item()  # the same float as float(total.detach()), one op fewer
        if not math.isfinite(value):
            self.stop = Stop("train.stop.nonfinite", {"step": self.step_count + 1})
            return False
        if self._first_loss is None:
            self._first_loss = value
        if value > max(1e6, 1e4 * self._first_loss):
            self.stop = Stop("train.stop.exploded", {"step": self.step_count + 1, "loss": value})
            return False
        # optimizer.zero_grad(set_to_none=True) without its profiler scope: the same
        # None gradients for the same parameters, a few µs a step cheaper
        for g in self.optimizer.param_groups:
            for p in g["params"]:
                p.grad = None
        total.backward()
        clip = tc.clip_grad
        rec = {"loss": value}
        if clip > 0:
            # clipping needs the norm anyway: record it, and refuse a non-finite one
            gnorm = float(nn.utils.clip_grad_norm_(self.model.parameters(), clip))
            if not math.isfinite(gnorm):
                self.stop = Stop("train.stop.grad_nonfinite", {"step": self.step_count + 1})
                return False
            rec["grad_norm"] = gnorm
        # Without clipping, a non-finite gradient shows up as non-finite parameters,
        # checked at every evaluation and at the end of step(): the snapshot is restored.
        self.optimizer.step()
        self.step_count += 1
        if parts:
            for k, v in parts.items():
                rec[k] = float(v)
        self.history.batch.append(self.step_count, **rec)
        return True

    def _params_finite(self) -> bool:
        # one isfinite over all parameters at once (a handful of ops, not six per tensor)
        flat = [p.detach().reshape(-1) for p in self.model.parameters()]
        return not flat or bool(torch.isfinite(torch.cat(flat)).all())

    @_locked
    def step(
        self,
        n_steps: int | None = None,
        *,
        time_budget_s: float | None = None,
        max_steps: int | None = None,
        stop_when: Callable[[], bool] | None = None,
        final_eval: bool = True,
    ) -> int:
        """Train ``n_steps`` updates, or as many as fit in ``time_budget_s`` seconds.

        Returns the number of updates done. Stops early (``self.stop`` set, last good
        parameters restored) when the loss becomes NaN, infinite or explodes, and after
        the update in flight when ``stop_when()`` turns true (a Pause). ``final_eval``
        evaluates at the end of the call (the live engine, calling many short slices,
        relies on the evaluation every ``eval_every`` updates instead).
        """
        if self.stop is not None:
            return 0
        if n_steps is None and time_budget_s is None:
            n_steps = 1
        limit = n_steps if n_steps is not None else (max_steps or 10**9)
        if max_steps is not None:
            limit = min(limit, max_steps)
        if self._stream is None:
            return self._step(limit, time_budget_s, stop_when, final_eval)
        with self._stream.active():  # this session's own dropout masks and noise
            return self._step(limit, time_budget_s, stop_when, final_eval)

    def _step(
        self,
        limit: int,
        time_budget_s: float | None,
        stop_when: Callable[[], bool] | None,
        final_eval: bool,
    ) -> int:
        good = self._snapshot()
        self.model.train()  # once per call, not per step: train() walks every module
        t0 = time.perf_counter()
        done = 0
        while done < limit:
            if not self._one_step():
                break
            done += 1
            if self.step_count % self.eval_every == 0 and done < limit:
                if not self._check_params(good):
                    break
                self._evaluate()
                # back to training mode: batch norm and dropout stay on for the next steps
                self.model.train()
                if self._check_targets():
                    break
            if time_budget_s is not None and time.perf_counter() - t0 >= time_budget_s:
                break
            if stop_when is not None and stop_when():
                break
        self.train_seconds += time.perf_counter() - t0
        if self.stop is None:
            self._check_params(good)
        if self.stop is not None and self.stop.diverged:
            self._restore(good)
        if final_eval or self.stop is not None or not self.history.evals.n:
            self._evaluate()
        if self.stop is None:
            self._check_targets()
        return done

    def _check_targets(self) -> bool:
        """Pause (a non-divergence stop) when test accuracy ≥ / test loss ≤ its target."""
        tc = self.cfg.train
        if not self._targets_on or (tc.stop_acc <= 0 and tc.stop_loss <= 0):
            return False
        ev = self.last_eval
        acc = ev.get("test_acc", ev.get("train_acc"))
        loss = ev.get("test_loss", ev.get("train_loss"))
        if tc.stop_acc > 0 and acc is not None and acc >= tc.stop_acc:
            kw = {"step": self.step_count, "value": acc, "target": tc.stop_acc}
            self.stop = Stop("train.stop.target_acc", kw, diverged=False)
        elif tc.stop_loss > 0 and loss is not None and loss <= tc.stop_loss:
            kw = {"step": self.step_count, "value": loss, "target": tc.stop_loss}
            self.stop = Stop("train.stop.target_loss", kw, diverged=False)
        return self.stop is not None

    def _check_params(self, good: dict[str, Any]) -> bool:
        if self._params_finite():
            return True
        self.stop = Stop("train.stop.params_nonfinite", {"step": self.step_count})
        return False

    def _snapshot(self) -> dict[str, Any]:
        return {
            "model": _clone_tree(self.model.state_dict()),
            "optim": _clone_tree(self.optimizer.state_dict()),
            "step": self.step_count,
        }

    def _restore(self, snap: dict[str, Any]) -> None:
        self.model.load_state_dict(snap["model"])
        self.optimizer.load_state_dict(snap["optim"])

    def resume(self) -> None:
        """Clear a stop (e.g. after the user lowered the learning rate) and go on.

        After a met target, training goes on without the targets (until the next reset).
        """
        if self.stop is not None and not self.stop.diverged:
            self._targets_on = False
        self.stop = None
        self._first_loss = None

    @_locked
    def set_targets(self, stop_acc: float | None = None, stop_loss: float | None = None) -> None:
        """Change the stop condition in place (no reset) and arm it again; values clamp
        into the config's ranges. A page applies it as it applies a new learning rate."""
        from dlcore.config import from_dict

        train: dict[str, float] = {}
        if stop_acc is not None:
            train["stop_acc"] = stop_acc
        if stop_loss is not None:
            train["stop_loss"] = stop_loss
        self.cfg, _ = from_dict({"train": train}, base=self.cfg)
        self._targets_on = True
        if self.stop is not None and not self.stop.diverged:
            self.stop = None

    @_locked
    def rewind(self, new_weights: bool = False, seed: int | None = None) -> int:
        """Back to step 0; returns the seed in use (put it in the page's config).

        Same initial weights (default): the run replays exactly — the same
        initialisation and the same batch order, so the same losses step by step
        (TF Playground's issue #25). ``new_weights``: a new seed (``seed``, or one
        drawn at random) for the initialisation and the batch order; the data stay.
        """
        if not new_weights:
            self.reset()
            return self.cfg.seed
        if seed is None:
            seed = int(np.random.default_rng().integers(0, 2**31 - 1))
            if seed == self.cfg.seed:
                seed = (seed + 1) % (2**31 - 1)
        self.reset(cfg=self.cfg.with_(seed=seed))
        return seed

    def set_lr(self, lr: float) -> None:
        """Change the learning rate in place (no reset)."""
        for g in self.optimizer.param_groups:
            g["lr"] = lr

    # -- evaluation -------------------------------------------------------------------
    @torch.no_grad()
    def _evaluate(self) -> dict[str, float]:
        self.model.eval()
        tr = self.objective.evaluate(self.model, self.x_train, self.y_train)
        te = (
            self.objective.evaluate(self.model, self.x_test, self.y_test)
            if len(self.x_test)
            else {}
        )
        return self._record_eval(tr, te, None)

    def _record_eval(
        self, tr: dict[str, float], te: dict[str, float], norms: dict[str, float] | None
    ) -> dict[str, float]:
        """Store one evaluation (train / test metrics; per-layer gradient norms, read from
        the model's ``.grad`` when ``norms`` is None). dlcore.batch records through here."""
        rec = {f"train_{k}": v for k, v in tr.items()}
        rec.update({f"test_{k}": v for k, v in te.items()})
        rec = {k: (v if math.isfinite(v) else float("nan")) for k, v in rec.items()}
        rec["epoch"] = self.epoch_float
        if not self.history.evals.n or self.history.evals.last.get("x") != self.step_count:
            self.history.evals.append(self.step_count, **rec)
            if norms is None:
                norms = probe.grad_norms_by_layer(self.model)
            if norms:
                self.history.grads.append(self.step_count, **norms)
        self.last_eval = rec
        return rec

    @_locked
    def evaluate(self) -> dict[str, float]:
        """Train / test loss (and accuracy) now."""
        return self._evaluate()

    @_locked
    @torch.no_grad()
    def predict(self, x: np.ndarray | torch.Tensor) -> np.ndarray:
        """Model prediction in the task's space (probability of class 1, class probs, value)."""
        self.model.eval()
        xt = torch.as_tensor(np.asarray(x, np.float32), device=self.device)
        z = self.model(xt)
        pred = self.objective.predict(z) if hasattr(self.objective, "predict") else z
        return pred.float().cpu().numpy()

    def metrics(self) -> dict[str, Any]:
        """Final metrics as plain JSON values (what the CLI prints)."""
        ev = self.last_eval
        out: dict[str, Any] = {
            "steps": self.step_count,
            "epochs": round(self.epoch_float, 4),
            "wall_seconds": round(self.train_seconds, 4),
            "n_params": self.n_params,
            "device": self.device,
        }
        for k in ("train_loss", "test_loss", "train_acc", "test_acc", "train_r2", "test_r2"):
            if k in ev:
                out[k] = ev[k] if math.isfinite(ev[k]) else None
        out["stopped"] = self.stop.key if self.stop else None
        return out


def run(
    cfg: ExperimentConfig,
    steps: int,
    device: str = "cpu",
    progress: Callable[[Trainer], None] | None = None,
    chunk: int = 200,
) -> Trainer:
    """Train ``steps`` updates headless (the CLI's loop)."""
    tr = Trainer(cfg, device=device)
    while tr.step_count < steps and tr.stop is None:
        tr.step(min(chunk, steps - tr.step_count))
        if progress:
            progress(tr)
    return tr
