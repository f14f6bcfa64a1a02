"""Per-session limits for a hosted server: every cap in ONE place.

A class of 50–200 students shares one deployment, so no single session may
build a huge model, a huge grid or a huge upload, or hold the CPU for long.
The caps are generous for teaching and small for a server. Pages call
:func:`clamp_config` (or ``ui.controls.trainer`` does it for them), the Trainer
gets ``max_params``, uploaders call :func:`check_upload`, figures use
:func:`grid_size`, live loops :func:`update_budget`. Each hit carries an i18n
key (``limits.*`` in ``dlcore/i18n/classroom.py``) so the UI can explain it.

Every cap can be overridden per deployment by an environment variable
``DLP_LIMIT_<NAME>`` (e.g. ``DLP_LIMIT_MAX_PARAMS=1000000`` on a laptop).
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from dataclasses import dataclass, fields, replace
from typing import Any

from dlcore.config import ExperimentConfig


@dataclass(frozen=True)
class Limits:
    """The caps. Sizes are counts, bytes or seconds as named."""

    max_params: int = 250_000  # trainable parameters of one model
    max_points: int = 5_000  # examples of a generated or uploaded dataset
    max_layers: int = 8  # hidden layers of an MLP / encoder
    max_width: int = 256  # neurons of one hidden layer
    max_channels: int = 64  # channels of one conv layer
    max_image_size: int = 32  # side of a (upscaled) training image
    max_seq_len: int = 200  # sequence length T
    max_hidden_size: int = 256  # RNN hidden size
    max_num_layers: int = 3  # stacked RNN layers
    max_batch: int = 5_000  # mini-batch size
    max_grid: int = 100  # side of a decision-boundary / loss-surface grid
    max_steps_per_update: int = 2_000  # optimizer updates in one live tick
    max_update_s: float = 0.25  # seconds of torch work in one live tick
    min_update_s: float = 0.01  # … and at least this much, however busy the server
    cpu_share: float = 0.6  # fraction of the cores all live ticks together may use
    # playing sessions whose views poll at the full rate (10 a second each): bounds the polls
    # the web server answers; the frames are bounded by their measured cost (live.FRAME_SHARE)
    full_rate_sessions_per_core: float = 8.0
    max_upload_bytes: int = 10 * 2**20  # any upload (matches server.maxUploadSize)
    max_image_bytes: int = 5_000_000  # an uploaded image file
    # decoded pixels of an uploaded image (a 12-megapixel phone photo fits)
    max_image_pixels: int = 4_096 * 4_096
    max_image_side: int = 4_096  # width or height of an uploaded image
    # bytes of full-resolution pixels the decoder may hold for one upload: a 4096² grey
    # PNG or a 2048² colour PNG; a JPEG is decoded at 1/8 … 1 scale (draft), so photos fit
    max_image_decode_bytes: int = 16 * 2**20
    max_csv_bytes: int = 1_000_000  # an uploaded CSV table
    max_csv_rows: int = 5_000
    max_csv_cols: int = 16
    max_text_chars: int = 200_000  # characters of an uploaded text corpus

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Limits:
        """Defaults, overridden by ``DLP_LIMIT_<NAME>`` variables (bad values ignored)."""
        env = dict(os.environ if env is None else env)
        out: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(f"DLP_LIMIT_{f.name.upper()}")
            if raw is None:
                continue
            try:
                value = float(raw) if f.type in (float, "float") else int(raw)
            except ValueError:
                continue
            if value > 0:
                out[f.name] = value
        return replace(cls(), **out)


LIMITS = Limits.from_env()


@dataclass(frozen=True)
class Hit:
    """A cap that was hit: an i18n key with its arguments (the UI translates)."""

    key: str
    kwargs: dict[str, Any]

    def message(self, lang: str = "en") -> str:
        from dlcore.i18n import t

        return t(self.key, lang, **self.kwargs)


class LimitError(ValueError):
    """Something too big to accept at all (an upload). ``key`` / ``kwargs`` are for i18n."""

    def __init__(self, key: str, message: str, **kwargs: object) -> None:
        super().__init__(message)
        self.key = key
        self.kwargs = kwargs


def _cap(hits: list[Hit], name: str, value: int, limit: int) -> int:
    if value > limit:
        hits.append(Hit("limits.capped", {"field": name, "value": value, "limit": limit}))
        return limit
    return value


def clamp_config(
    cfg: ExperimentConfig, limits: Limits = LIMITS
) -> tuple[ExperimentConfig, list[Hit]]:
    """``cfg`` with every size brought within ``limits``, and the caps that were hit.

    Parameter counts depend on the built model; the Trainer checks them
    (``Trainer(max_params=limits.max_params)``).
    """
    hits: list[Hit] = []
    d, m, tr = cfg.data, cfg.model, cfg.train
    hidden = m.hidden
    if len(hidden) > limits.max_layers:
        hits.append(
            Hit(
                "limits.capped",
                {"field": "m.hidden", "value": len(hidden), "limit": limits.max_layers},
            )
        )
        hidden = hidden[: limits.max_layers]
    if hidden and max(hidden) > limits.max_width:
        _cap(hits, "m.hidden", max(hidden), limits.max_width)
        hidden = tuple(min(h, limits.max_width) for h in hidden)
    channels = m.channels
    if channels and max(channels) > limits.max_channels:
        _cap(hits, "m.channels", max(channels), limits.max_channels)
        channels = tuple(min(c, limits.max_channels) for c in channels)
    data = replace(
        d,
        n_points=_cap(hits, "d.n_points", d.n_points, limits.max_points),
        seq_len=_cap(hits, "d.seq_len", d.seq_len, limits.max_seq_len),
        image_size=_cap(hits, "d.image_size", d.image_size, limits.max_image_size),
    )
    model = replace(
        m,
        hidden=hidden,
        channels=channels,
        hidden_size=_cap(hits, "m.hidden_size", m.hidden_size, limits.max_hidden_size),
        num_layers=_cap(hits, "m.num_layers", m.num_layers, limits.max_num_layers),
    )
    train = replace(tr, batch_size=_cap(hits, "t.batch_size", tr.batch_size, limits.max_batch))
    out = replace(cfg, data=data, model=model, train=train)
    return (cfg if out == cfg else out), hits


def grid_size(requested: int, limits: Limits = LIMITS) -> int:
    """A grid resolution (points per side) within the cap, at least 2."""
    return max(2, min(int(requested), limits.max_grid))


class _TickRate:
    """Live ticks per second across the whole process (all sessions), thread-safe."""

    def __init__(self, window_s: float = 1.0) -> None:
        self.window_s = window_s
        self._times: deque[float] = deque()
        self._lock = threading.Lock()

    def note(self, now: float | None = None) -> float:
        """Record one tick at ``now``; the ticks per second over the last window."""
        now = time.monotonic() if now is None else now
        with self._lock:
            self._times.append(now)
            while self._times and self._times[0] < now - self.window_s:
                self._times.popleft()
            return len(self._times) / self.window_s

    def reset(self) -> None:
        with self._lock:
            self._times.clear()


TICKS = _TickRate()


class _LiveSessions:
    """Sessions that played (ticked) within the last ``window_s`` seconds, process-wide."""

    def __init__(self, window_s: float = 3.0) -> None:
        self.window_s = window_s
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()

    def note(self, session: str, now: float | None = None) -> int:
        """Record a tick of ``session``; the number of sessions playing now."""
        now = time.monotonic() if now is None else now
        with self._lock:
            self._last[session] = now
            for k in [k for k, t in self._last.items() if t < now - self.window_s]:
                del self._last[k]
            return len(self._last)

    def count(self, now: float | None = None, include: str | None = None) -> int:
        """Sessions playing now; ``include`` counts that session too (about to play)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            live = {k for k, t in self._last.items() if t >= now - self.window_s}
        if include is not None:
            live.add(include)
        return len(live)

    def reset(self) -> None:
        with self._lock:
            self._last.clear()


LIVE = _LiveSessions(window_s=10.0)  # long enough that a slow tab still counts


def crowding(n_playing: int, limits: Limits = LIMITS, cores: int | None = None) -> float:
    """1.0 while the server can serve every playing session at the full rate, else the
    factor by which each live update should get cheaper (fewer frames per message,
    slower side charts) so that a full class shares the cores instead of starving."""
    cores = cores or os.cpu_count() or 1
    return max(1.0, n_playing / (limits.full_rate_sessions_per_core * cores))


def engine_workers(limits: Limits = LIMITS, cores: int | None = None) -> int:
    """Worker threads for the live engine: ``cpu_share`` of the cores, at least one (the
    rest is left to the web server and the page runs)."""
    cores = cores or os.cpu_count() or 1
    return max(1, round(limits.cpu_share * cores - 0.2))


def update_budget(
    budget_s: float,
    max_steps: int | None = None,
    limits: Limits = LIMITS,
    now: float | None = None,
) -> tuple[float, int]:
    """(seconds, steps) one live tick may spend, within the caps, fairly shared.

    Every call is one tick of some session. When all sessions together would ask
    for more torch time per second than ``cpu_share`` of the cores, each tick's
    time shrinks in proportion (never below ``min_update_s``): with a full class,
    every student gets more frequent, shorter updates instead of a few sessions
    starving the rest.
    """
    secs = min(float(budget_s), limits.max_update_s)
    rate = TICKS.note(now)
    capacity = limits.cpu_share * (os.cpu_count() or 1)  # torch seconds per second
    if rate * secs > capacity:
        secs = max(limits.min_update_s, capacity / rate)
    steps = limits.max_steps_per_update if max_steps is None else max_steps
    return secs, max(1, min(int(steps), limits.max_steps_per_update))


def check_upload(data: bytes | bytearray | memoryview, limits: Limits = LIMITS) -> None:
    """:class:`LimitError` (``limits.upload``) if an upload is larger than the cap."""
    n = len(data)
    if n > limits.max_upload_bytes:
        raise LimitError(
            "limits.upload",
            f"upload of {n} bytes exceeds {limits.max_upload_bytes}",
            size_mb=round(n / 2**20, 1),
            limit_mb=round(limits.max_upload_bytes / 2**20, 1),
        )


def check_image_size(width: int, height: int, limits: Limits = LIMITS) -> None:
    """:class:`LimitError` (``limits.image``) for an image too large to decode safely.

    Call it with the header's size *before* decoding the pixels (PIL's
    ``Image.open`` reads only the header).
    """
    if (
        width <= 0
        or height <= 0
        or width > limits.max_image_side
        or height > limits.max_image_side
        or width * height > limits.max_image_pixels
    ):
        raise LimitError(
            "limits.image",
            f"image {width}x{height} is too large",
            width=width,
            height=height,
            limit=limits.max_image_side,
        )


def check_table(rows: int, cols: int, limits: Limits = LIMITS) -> None:
    """:class:`LimitError` (``limits.table``) for a CSV with too many rows or columns."""
    if rows > limits.max_csv_rows or cols > limits.max_csv_cols:
        raise LimitError(
            "limits.table",
            f"table {rows}x{cols} is too large",
            rows=rows,
            cols=cols,
            max_rows=limits.max_csv_rows,
            max_cols=limits.max_csv_cols,
        )


def check_text(text: str, limits: Limits = LIMITS) -> None:
    """:class:`LimitError` (``limits.text``) for a text corpus longer than the cap."""
    if len(text) > limits.max_text_chars:
        raise LimitError(
            "limits.text",
            f"text of {len(text)} characters is too long",
            n=len(text),
            limit=limits.max_text_chars,
        )
