"""Name → object registries.

Activations, datasets, losses, optimizers, initialisations and model families
travel by name (in configs, URLs and JSON) and are looked up here, the way
TensorFlow Playground's ``state.ts`` maps names to objects.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    """An ordered name → object map with a readable error for unknown names."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
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
        self._items[name] = obj

    def __getitem__(self, name: str) -> T:
        try:
            return self._items[name]
        except KeyError:
            raise KeyError(
                f"unknown {self.kind} {name!r}; known: {', '.join(self._items)}"
            ) from None

    def get(self, name: str, default: T | None = None) -> T | None:
        return self._items.get(name, default)

    def __contains__(self, name: object) -> bool:
        return name in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def names(self) -> list[str]:
        return list(self._items)

    def items(self) -> list[tuple[str, T]]:
        return list(self._items.items())


# The registries every module fills at import time (see dlcore.catalog.ensure_loaded).
DATASETS: Registry = Registry("dataset")
ACTIVATIONS: Registry = Registry("activation")
LOSSES: Registry = Registry("loss")
OPTIMIZERS: Registry = Registry("optimizer")
INITS: Registry = Registry("initialisation")
FAMILIES: Registry = Registry("model family")
FEATURES: Registry = Registry("input feature")


def ensure_loaded() -> None:
    """Import the modules that fill the registries (idempotent)."""
    from dlcore import data, models, train  # noqa: F401
