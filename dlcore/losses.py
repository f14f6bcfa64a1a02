"""One record per loss: its torch function, its NumPy twin, its formula in the lecture's
notation and its i18n key (``loss.<name>``); the page, the trainer and the tests read it.

This module never imports torch at module level: a config checks a loss name without it,
and :meth:`Loss.torch` imports the torch side (:mod:`dlcore.heads`) on first use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from dlcore.registry import LOSSES
from dlcore.scratch import losses as NL

AUTO = "auto"  # not a loss: the config's "pick the loss from the task and output"


@dataclass(frozen=True)
class Loss:
    """A loss ℓ(raw output z, target y, output activation) → scalar."""

    name: str
    numpy: Callable[[np.ndarray, np.ndarray, str], float]
    latex: str

    @property
    def key(self) -> str:
        """The i18n key of the loss's name."""
        return f"loss.{self.name}"

    def torch(self) -> Callable[[Any, Any, str], Any]:
        """The torch function (same name in :mod:`dlcore.heads`), imported on first use."""
        from dlcore import heads

        return getattr(heads, self.name)


for _rec in (
    Loss(
        "mse",
        NL.mse,
        r"\ell(\mathbf{y},\hat{\mathbf{y}})=\|\mathbf{y}-\hat{\mathbf{y}}\|_2^2",
    ),
    Loss(
        "mse_half",
        NL.mse_half,
        r"\ell(\mathbf{y},\hat{\mathbf{y}})=\tfrac12\|\mathbf{y}-\hat{\mathbf{y}}\|_2^2",
    ),
    Loss(
        "bce",
        NL.bce,
        r"\ell(z,\hat{y})=-\hat{y}\log z-(1-\hat{y})\log(1-z),\ z=\sigma(o)",
    ),
    Loss(
        "ce",
        NL.ce,
        r"\ell(\mathbf{z},\hat{\mathbf{y}})=-\sum_{j=1}^{c}\hat{y}_j\log z_j,"
        r"\ \mathbf{z}=\mathrm{softmax}(\mathbf{o})",
    ),
):
    LOSSES.register(_rec.name, _rec)
