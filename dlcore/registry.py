"""Name → object registries.

Activations, datasets, losses, optimizers, initialisations and model families
travel by name (in configs, URLs and JSON) and are looked up here, the way
TensorFlow Playground's ``state.ts`` maps names to objects.

This module is the leaf of dlcore's import order (it imports nothing of dlcore):
``registry → activations, losses, optimizers → config → data → objectives → models →
train → experiments → catalog → live → UI`` (see :mod:`dlcore.catalog`). The record modules (``activations``,
``losses``, ``optimizers``) fill their registries when imported and never import
torch at module level; datasets, input features, initialisations and model families
are *declared* here by name (so :mod:`dlcore.config` can check a URL value without
importing torch) and filled by the modules :mod:`dlcore.catalog` imports.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    """An ordered name → object map with a readable error for unknown names."""

    def __init__(self, kind: str, declared: tuple[str, ...] = ()) -> None:
        self.kind = kind
        self.declared = declared  # names known before any module fills the registry
        self._items: dict[str, T] = {}

    def register(self, name: str, obj: T | None = None) -> Callable[[T], T] | T:
        """``REG.register("x", obj)`` or ``@REG.register("x")`` as a decorator."""
        if obj is not None:
            self._add(name, obj)
            return obj

        def deco(o: T) -> T:
            self._add(name, o)
            return o

        return deco

    def _add(self, name: str, obj: T) -> None:
        if name in self._items:
            raise ValueError(f"{self.kind} {name!r} registered twice")
        if self.declared and name not in self.declared:
            raise ValueError(f"{self.kind} {name!r} is not declared in dlcore.registry")
        self._items[name] = obj

    def __getitem__(self, name: str) -> T:
        try:
            return self._items[name]
        except KeyError:
            if name in self.declared:
                raise KeyError(
                    f"{self.kind} {name!r} is not registered yet: import dlcore.catalog first"
                ) from None
            raise KeyError(
                f"unknown {self.kind} {name!r}; known: {', '.join(self.known())}"
            ) from None

    def get(self, name: str, default: T | None = None) -> T | None:
        return self._items.get(name, default)

    def __contains__(self, name: object) -> bool:
        return name in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())

    def __len__(self) -> int:
        return len(self._items)

    def names(self) -> list[str]:
        """The registered names, in declaration order where the names are declared."""
        if self.declared:
            return [n for n in self.declared if n in self._items]
        return list(self._items)

    def known(self) -> list[str]:
        """The names a config may use: the declared ones, else the registered ones."""
        return list(self.declared) if self.declared else list(self._items)

    def items(self) -> list[tuple[str, T]]:
        return [(n, self._items[n]) for n in self.names()]


# Filled by the record modules dlcore.activations / dlcore.losses / dlcore.optimizers.
ACTIVATIONS: Registry = Registry("activation")
LOSSES: Registry = Registry("loss")
OPTIMIZERS: Registry = Registry("optimizer")
# Declared here, filled by the modules dlcore.catalog imports (data chapters, models).
DATASETS: Registry = Registry(
    "dataset",
    (
        *("circle", "xor", "gauss", "spiral", "moons", "spiral_k", "blobs"),
        *("reg_plane", "reg_gauss", "digits", "shapes", "sine", "sines", "adding"),
        *("order", "chars", "swiss_roll", "noisy_curve"),
    ),
)
INITS: Registry = Registry(
    "initialisation", ("zeros", "uniform", "small_uniform", "normal", "xavier", "he")
)
FAMILIES: Registry = Registry("model family", ("mlp", "cnn", "rnn", "ae"))
FEATURES: Registry = Registry(
    "input feature", ("x1", "x2", "x1sq", "x2sq", "x1x2", "sin_x1", "sin_x2")
)
