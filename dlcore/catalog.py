"""The catalog: importing it fills every registry of :mod:`dlcore.registry`.

dlcore's import order, leaves first (``tests/test_imports.py`` checks that no module
imports one above it, and that nothing imports in a cycle)::

    registry, heads (torch), scratch (NumPy) → activations, losses, optimizers (records)
      → config → data, limits → objectives → models → train → experiments, batch
      → catalog → live → live_train → the UI (ui/, pages/)

The record modules (activations, losses, optimizers) fill theirs when imported; the
datasets, input features, initialisations and model families are declared by name in
the registry (that is what a config checks, without torch) and filled by the data
chapter modules and the model family modules imported below. The entry points (the UI
shell, the CLI, the live engine, the tests) import this module once.
"""

from __future__ import annotations

from dlcore import activations, losses, optimizers  # noqa: F401  (their records)
from dlcore.data import images, manifold, sequences, shapes, text, toy2d  # noqa: F401
from dlcore.models import ae, cnn, mlp, rnn  # noqa: F401
from dlcore.registry import DATASETS, FAMILIES, FEATURES, INITS, Registry


def unfilled() -> dict[str, list[str]]:
    """Declared names that no module registered, by registry kind (empty when complete)."""
    regs: tuple[Registry, ...] = (DATASETS, FEATURES, INITS, FAMILIES)
    out = {r.kind: [n for n in r.declared if n not in r] for r in regs}
    return {k: v for k, v in out.items() if v}
