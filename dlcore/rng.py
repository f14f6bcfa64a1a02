"""The process's global random generators, shared by every thread, kept per session.

PyTorch's layer initialisations (``nn.init``), dropout masks and ``torch.randn_like``
draw from one global generator per device; Python's ``random`` and NumPy's legacy
``np.random`` are global too. A server runs many sessions' scripts on threads of its own:
two students pressing Play together would seed, then draw, in an order the scheduler
chooses, and a model built for seed 3 could get the weights of seed 4 (30 % of 160
initialisations, 8 threads at once, before this module). Two guarantees:

- ``seeded(seed)``: seeding and the draws that follow happen under one process-wide lock
  (``LOCK``), so a model built for a seed has that seed's weights whatever else runs.
- ``Stream``: a session's own place in the generator's sequence. A session whose training
  draws random numbers (dropout, a denoising autoencoder's input noise) sets the global
  generator to its own state for the length of its steps and keeps the state it left,
  under the same lock: its masks and noise are those it would draw alone
  (``python -m dlcore run``), however the live engine interleaves it with other sessions.

Sessions that draw nothing while they train (most of them) never take the lock: their
steps stay as cheap as a plain PyTorch loop's.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import torch

# Re-entrant: a seeded build may construct a part that seeds again (a Trainer's reset).
LOCK = threading.RLock()


def seed_everything(seed: int) -> None:
    """Seed Python's, NumPy's and PyTorch's global generators (every device's). Call it
    inside ``seeded`` when other threads may draw at the same time."""
    random.seed(seed)
    np.random.seed(seed % 2**32)
    # torch.manual_seed(seed) less its cost where a device is absent: for CUDA and XPU
    # not (yet) started it queues the seeding with ``traceback.format_stack()`` of the
    # caller, ~1 ms in a Streamlit script's stack and the source of every file in it
    # loaded into ``linecache`` for good; the CPU generator's numbers are the same
    torch.random.default_generator.manual_seed(seed)
    if torch.cuda.is_available():
        torch.cuda.manual_seed_all(seed)
    if torch.backends.mps.is_available():
        torch.mps.manual_seed(seed)


@contextmanager
def seeded(seed: int, *, restore: bool = False) -> Iterator[None]:
    """The global generators seeded with ``seed`` and held by this thread for the block.

    ``restore``: the CPU generator's state from before is put back afterwards (a probe
    that builds a throwaway model must not move a running session's sequence), as
    ``torch.random.fork_rng(devices=[])`` does, but under the lock."""
    with LOCK:
        if not restore:
            seed_everything(seed)
            yield
            return
        with torch.random.fork_rng(devices=[]):
            seed_everything(seed)
            yield


def _cuda_index(device: str) -> int | None:
    dev = torch.device(device)
    if dev.type != "cuda":
        return None
    return dev.index if dev.index is not None else torch.cuda.current_device()


class Stream:
    """One session's position in the global generators' sequence (CPU, and the CUDA
    device it trains on): taken where it stands now (right after its model was built,
    under ``seeded``), then swapped in for each ``active`` block and saved after it."""

    def __init__(self, device: str = "cpu") -> None:
        self._cuda = _cuda_index(device)
        self._cpu = torch.get_rng_state()
        self._gpu = torch.cuda.get_rng_state(self._cuda) if self._cuda is not None else None

    @contextmanager
    def active(self) -> Iterator[None]:
        """The global generators at this stream's state for the block (under ``LOCK``);
        where they got to is this stream's next state."""
        with LOCK:
            torch.set_rng_state(self._cpu)
            if self._gpu is not None:
                torch.cuda.set_rng_state(self._gpu, self._cuda)
            try:
                yield
            finally:
                self._cpu = torch.get_rng_state()
                if self._cuda is not None:
                    self._gpu = torch.cuda.get_rng_state(self._cuda)
