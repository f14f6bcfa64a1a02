"""A GAN on 2-D points, trained phase by phase (GAN Lab's idea, the lecture's notation).

    min_G max_D  V(D, G) = E_x[log D(x)] + E_z[log(1 − D(G(z)))]

The discriminator D is an MLP ending in one logit (D(x) = σ(logit)); the generator G
an MLP from noise z ~ N(0, I) to the plane. :class:`GanTrainer` exposes the phases:
``step_d()`` (one discriminator update), ``step_g()`` (one generator update) and
``step(n)`` (n rounds of k_d discriminator updates then one generator update — the
unit a live engine calls). ``frame()`` returns every array the figures draw.

The GAN has its own frozen config (:class:`GanConfig`) instead of a family inside
``ExperimentConfig``: two networks, two learning rates and a target distribution do
not fit the one-model sections, and the GAN never goes through ``Trainer``. It reuses
the config module's field metadata and coercion, so JSON and URL values are checked the
same way (bad fields fall back with a :class:`~dlcore.config.Notice`).
"""

from __future__ import annotations

import json
import math
import threading
import time
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from dlcore import rng
from dlcore.config import ConfigError, Notice, _opt, _section_from
from dlcore.train import Stop

DOMAIN = 3.0  # the plotted plane is [-DOMAIN, DOMAIN]²
TARGETS = ("gauss8", "ring", "moons", "drawn")
G_LOSSES = ("nonsaturating", "minimax")
ACTS = ("relu", "leaky_relu", "tanh")
MAX_POINTS = 400  # drawn points kept in a config (and a URL)
GAUSS8_RADIUS = 2.0
GAUSS8_STD = 0.1
N_SHOW = 300  # generated points drawn (fixed noise, so the points move smoothly)
N_REAL_SHOW = 300  # real points drawn (a fixed subset: the browser redraws every frame)
GRID = 48  # D(x) heatmap resolution
LOG4 = 2 * math.log(2.0)  # L_D at the equilibrium D ≡ ½
LOG2 = math.log(2.0)  # non-saturating L_G at the equilibrium


@dataclass(frozen=True)
class GanConfig:
    """One GAN experiment. ``points`` are drawn points, flattened: x0, y0, x1, y1, …"""

    target: str = _opt("gauss8", "target distribution: gauss8, ring, moons, drawn", choices=TARGETS)
    n_real: int = _opt(1000, "number of real points sampled from the target", lo=16, hi=5000)
    points: tuple[float, ...] = _opt(
        (),
        "drawn target: x0, y0, x1, y1, … in [-3, 3]",
        lo=-DOMAIN,
        hi=DOMAIN,
        n_max=2 * MAX_POINTS,
    )
    noise_dim: int = _opt(2, "size of the noise z fed to the generator", lo=1, hi=16)
    g_width: int = _opt(64, "generator: width of each hidden layer", lo=2, hi=256)
    g_layers: int = _opt(2, "generator: number of hidden layers", lo=1, hi=4)
    d_width: int = _opt(64, "discriminator: width of each hidden layer", lo=2, hi=256)
    d_layers: int = _opt(2, "discriminator: number of hidden layers", lo=1, hi=4)
    activation: str = _opt("relu", "hidden activation of both networks", choices=ACTS)
    g_lr: float = _opt(1e-3, "generator learning rate", lo=1e-5, hi=1.0)
    d_lr: float = _opt(1e-3, "discriminator learning rate", lo=1e-5, hi=1.0)
    beta1: float = _opt(
        0.5, "Adam β₁ of both optimizers (0.5 is the DCGAN choice)", lo=0.0, hi=0.99
    )
    k_d: int = _opt(1, "discriminator updates per generator update", lo=1, hi=10)
    g_loss: str = _opt(
        "nonsaturating",
        "generator loss: nonsaturating (−log D(G(z))) or minimax (log(1 − D(G(z))))",
        choices=G_LOSSES,
    )
    batch_size: int = _opt(128, "real and fake points per update", lo=8, hi=2048)
    seed: int = _opt(0, "seed of the data, the initial weights and the noise", lo=0, hi=2**31 - 1)

    def to_dict(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}

    def to_json(self) -> str:
        return json.dumps({"gan": self.to_dict()}, indent=2)

    def drawn_points(self) -> np.ndarray:
        """The drawn points as an (n, 2) float32 array."""
        p = np.asarray(self.points, np.float32)
        return p[: len(p) // 2 * 2].reshape(-1, 2)

    def with_points(self, pts: Any) -> GanConfig:
        """A copy with these (x, y) points (clipped to the plane, at most MAX_POINTS)."""
        a = np.clip(np.asarray(pts, np.float64).reshape(-1, 2)[:MAX_POINTS], -DOMAIN, DOMAIN)
        return replace(self, points=tuple(round(float(v), 3) for v in a.ravel()))


def gan_from_dict(raw: object, base: GanConfig | None = None) -> tuple[GanConfig, list[Notice]]:
    """A :class:`GanConfig` from ``{"gan": {...}}`` or the bare section; bad fields → notices."""
    base = base or GanConfig()
    if not isinstance(raw, dict):
        raise ConfigError("config.error.not_object", "the config must be a JSON object")
    raw = raw.get("gan", raw)
    if not isinstance(raw, dict):
        raise ConfigError("config.error.not_object", "the config must be a JSON object")
    notices: list[Notice] = []
    raw = {k: v for k, v in raw.items() if k not in ("lesson", "version")}
    cfg = _section_from(GanConfig, raw, base, "gan", notices)
    return cfg, notices


def gan_from_json(
    text: str | bytes, base: GanConfig | None = None
) -> tuple[GanConfig, list[Notice]]:
    try:
        raw = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
        raise ConfigError("config.error.not_json", "not JSON", detail="") from None
    return gan_from_dict(raw, base)


def gan_to_query(cfg: GanConfig, base: GanConfig | None = None) -> dict[str, str]:
    """Flat ``{"g.field": str}`` for a share link (tuples comma-separated); with ``base``
    (the page's defaults) only the fields that differ from it."""
    out = {}
    for f in fields(GanConfig):
        v = getattr(cfg, f.name)
        if base is not None and getattr(base, f.name) == v:
            continue
        out[f"g.{f.name}"] = ",".join(str(x) for x in v) if isinstance(v, tuple) else str(v)
    return out


def gan_from_query(
    q: dict[str, str], base: GanConfig | None = None
) -> tuple[GanConfig, list[Notice]]:
    raw = {k[2:]: v for k, v in q.items() if k.startswith("g.")}
    return gan_from_dict(raw, base)


# -- target distributions -------------------------------------------------------------------


def gauss8_centres() -> np.ndarray:
    """The 8 modes of the mixture, on a circle of radius 2."""
    a = np.arange(8) * (2 * np.pi / 8)
    return (GAUSS8_RADIUS * np.stack([np.cos(a), np.sin(a)], 1)).astype(np.float32)


def target_points(cfg: GanConfig) -> np.ndarray:
    """``cfg.n_real`` real points (float32, shape (n, 2)), the same for the same seed.

    Raises :class:`ConfigError` for a drawn target with fewer than 3 points.
    """
    rng = np.random.default_rng(cfg.seed)
    n = cfg.n_real
    if cfg.target == "gauss8":
        c = gauss8_centres()[rng.integers(0, 8, n)]
        pts = c + rng.normal(0, GAUSS8_STD, (n, 2))
    elif cfg.target == "ring":
        a = rng.uniform(0, 2 * np.pi, n)
        r = 1.8 + rng.normal(0, 0.06, n)
        pts = np.stack([r * np.cos(a), r * np.sin(a)], 1)
    elif cfg.target == "moons":
        a = rng.uniform(0, np.pi, n)
        upper = rng.random(n) < 0.5
        x = np.where(upper, np.cos(a), 1 - np.cos(a))
        y = np.where(upper, np.sin(a), 0.5 - np.sin(a))
        pts = (np.stack([x, y], 1) - [0.5, 0.25]) * 1.8 + rng.normal(0, 0.06, (n, 2))
    else:  # drawn: sample the student's points with a little jitter
        drawn = cfg.drawn_points()
        if len(drawn) < 3:
            raise ConfigError("gan.error.few_points", "draw at least 3 points", n=len(drawn))
        pts = drawn[rng.integers(0, len(drawn), n)] + rng.normal(0, 0.05, (n, 2))
    return np.clip(pts, -DOMAIN, DOMAIN).astype(np.float32)


def mode_coverage(
    fake: np.ndarray, centres: np.ndarray, radius: float = 0.3, frac: float = 0.02
) -> np.ndarray:
    """Per mode: whether at least ``frac`` of the generated points lie within ``radius``."""
    d = np.linalg.norm(fake[:, None, :] - centres[None, :, :], axis=2)
    return (d < radius).mean(0) >= frac


# -- networks ---------------------------------------------------------------------------------

_ACT = {"relu": nn.ReLU, "leaky_relu": lambda: nn.LeakyReLU(0.2), "tanh": nn.Tanh}


def mlp(n_in: int, width: int, layers: int, n_out: int, act: str) -> nn.Sequential:
    """n_in → (Linear, activation) × layers → Linear → n_out."""
    mods: list[nn.Module] = []
    for i in range(layers):
        mods.append(nn.Linear(n_in if i == 0 else width, width))
        mods.append(_ACT[act]())
    mods.append(nn.Linear(width, n_out))
    return nn.Sequential(*mods)


# -- the trainer ------------------------------------------------------------------------------


@dataclass
class Frame:
    """Everything the GAN figures draw, as float32 arrays (plus counters)."""

    real: np.ndarray  # (N_REAL_SHOW, 2), the first real points (already in random order)
    fake: np.ndarray  # (N_SHOW, 2), the same noise every frame
    grad: np.ndarray  # (N_SHOW, 2), −∂L_G/∂x at each fake point: where G pushes it
    grid: np.ndarray  # (GRID,) coordinates of the heatmap's rows and columns
    d_grid: np.ndarray  # (GRID, GRID) D(x) over the plane, rows = y
    d_x: np.ndarray  # updates at which L_D was recorded
    d_loss: np.ndarray
    g_x: np.ndarray
    g_loss: np.ndarray
    d_steps: int
    g_steps: int
    d_real: float  # mean D(x) on real points
    d_fake: float  # mean D(G(z))
    covered: np.ndarray | None  # gauss8: per mode, whether G reaches it


class GanTrainer:
    """Generator and discriminator with their Adam optimizers, trained phase by phase.

    Deterministic for a config (seed): the weights, the real points, the batches and
    the noise all come from generators seeded by ``cfg.seed``. ``stop`` is set (an
    i18n key + arguments) when training diverges; the last good state is restored.
    """

    WIN_PATIENCE = 100  # consecutive D updates with D winning outright before a stop
    WIN_LOSS = 1e-3  # … L_D below this
    WIN_DFAKE = 1e-3  # … and mean D(G(z)) below this

    def __init__(self, cfg: GanConfig, device: str = "cpu") -> None:
        self.cfg = cfg
        self.device = device
        self.real = target_points(cfg)
        self._real_t = torch.as_tensor(self.real, device=device)
        with rng.seeded(cfg.seed, restore=True):  # under the process's RNG lock
            self.G = mlp(cfg.noise_dim, cfg.g_width, cfg.g_layers, 2, cfg.activation).to(device)
            self.D = mlp(2, cfg.d_width, cfg.d_layers, 1, cfg.activation).to(device)
        betas = (cfg.beta1, 0.999)
        self.opt_g = torch.optim.Adam(self.G.parameters(), lr=cfg.g_lr, betas=betas)
        self.opt_d = torch.optim.Adam(self.D.parameters(), lr=cfg.d_lr, betas=betas)
        self._gen = torch.Generator().manual_seed(cfg.seed + 1)
        self._z_show = torch.randn(N_SHOW, cfg.noise_dim, generator=self._gen).to(device)
        g = np.linspace(-DOMAIN, DOMAIN, GRID, dtype=np.float32)
        self._grid = g
        gx, gy = np.meshgrid(g, g)
        self._grid_t = torch.as_tensor(np.stack([gx.ravel(), gy.ravel()], 1), device=device)
        self.lock = threading.RLock()
        self.d_steps = 0
        self.g_steps = 0
        self.d_in_round = 0  # D updates since the last G update
        self.stop: Stop | None = None
        self.train_seconds = 0.0
        self._d_hist: tuple[list[int], list[float]] = ([], [])
        self._g_hist: tuple[list[int], list[float]] = ([], [])
        self._win_streak = 0
        self._last_dfake = 0.5
        self._good = self._snapshot()

    # counters a page shows; ``step_count`` = updates of either network
    @property
    def step_count(self) -> int:
        return self.d_steps + self.g_steps

    @property
    def n_params(self) -> int:
        return sum(p.numel() for m in (self.G, self.D) for p in m.parameters())

    # -- the two phases ---------------------------------------------------------------------

    def _z(self, n: int) -> torch.Tensor:
        return torch.randn(n, self.cfg.noise_dim, generator=self._gen).to(self.device)

    def _real_batch(self) -> torch.Tensor:
        idx = torch.randint(0, len(self.real), (self.cfg.batch_size,), generator=self._gen)
        return self._real_t[idx.to(self.device)]

    def g_loss_of(self, logit_fake: torch.Tensor) -> torch.Tensor:
        """Per-point generator loss: −log D(G(z)) or log(1 − D(G(z))) (from the logit)."""
        if self.cfg.g_loss == "minimax":
            return -F.softplus(logit_fake)  # log(1 − σ(l)) = −softplus(l)
        return F.softplus(-logit_fake)  # −log σ(l) = softplus(−l)

    def _d_update(self) -> bool:
        """One discriminator update: maximise log D(x) + log(1 − D(G(z)))."""
        x = self._real_batch()
        with torch.no_grad():
            fake = self.G(self._z(self.cfg.batch_size))
        lr, lf = self.D(x), self.D(fake)
        loss = F.softplus(-lr).mean() + F.softplus(lf).mean()  # −log D(x) − log(1 − D(G(z)))
        self.opt_d.zero_grad(set_to_none=True)
        loss.backward()
        value = loss.item()
        if not math.isfinite(value):
            self.stop = Stop("gan.stop.nonfinite", {"step": self.step_count + 1, "net": "D"})
            return False
        self.opt_d.step()
        self.d_steps += 1
        self.d_in_round += 1
        self._d_hist[0].append(self.step_count)
        self._d_hist[1].append(value)
        dfake = torch.sigmoid(lf).mean().item()
        self._last_dfake = dfake
        if value < self.WIN_LOSS and dfake < self.WIN_DFAKE:
            self._win_streak += 1
            if self._win_streak >= self.WIN_PATIENCE:
                self.stop = Stop(
                    "gan.stop.d_wins",
                    {"step": self.step_count, "loss": f"{value:.1e}", "dfake": f"{dfake:.1e}"},
                )
                return False
        else:
            self._win_streak = 0
        return True

    def _g_update(self) -> bool:
        """One generator update on fresh noise (D is not changed)."""
        logit = self.D(self.G(self._z(self.cfg.batch_size)))
        loss = self.g_loss_of(logit).mean()
        self.opt_g.zero_grad(set_to_none=True)
        loss.backward()
        value = loss.item()
        if not math.isfinite(value):
            self.stop = Stop("gan.stop.nonfinite", {"step": self.step_count + 1, "net": "G"})
            return False
        self.opt_g.step()
        self.g_steps += 1
        self.d_in_round = 0
        self._g_hist[0].append(self.step_count)
        self._g_hist[1].append(value)
        return True

    # -- what a page or a live engine calls -----------------------------------------------

    def step_d(self) -> bool:
        """One discriminator update (GAN Lab's "train D" phase). False if it stopped."""
        return self._run(lambda: self._d_update(), 1) == 1

    def step_g(self) -> bool:
        """One generator update (GAN Lab's "train G" phase). False if it stopped."""
        return self._run(lambda: self._g_update(), 1) == 1

    def _round(self) -> bool:
        """Finish the current round: D updates until k_d of them, then one G update."""
        while self.d_in_round < self.cfg.k_d:
            if not self._d_update():
                return False
        return self._g_update()

    def step(
        self,
        n_steps: int | None = None,
        *,
        time_budget_s: float | None = None,
        max_steps: int | None = None,
    ) -> int:
        """``n_steps`` rounds (k_d D updates + 1 G update each), or as many as fit in
        ``time_budget_s`` seconds (at most ``max_steps``). Returns the rounds done.

        Same signature as :meth:`dlcore.train.Trainer.step`, so the live loop drives both.
        """
        if n_steps is None and time_budget_s is None:
            n_steps = 1
        limit = n_steps if n_steps is not None else (max_steps or 10**9)
        if max_steps is not None:
            limit = min(limit, max_steps)
        return self._run(self._round, limit, time_budget_s)

    def _run(self, one, limit: int, budget: float | None = None) -> int:
        if self.stop is not None:
            return 0
        with self.lock:
            if self._healthy():
                self._good = self._snapshot()
            t0 = time.perf_counter()
            done = 0
            while done < limit:
                if not one():
                    break
                done += 1
                if budget is not None and time.perf_counter() - t0 >= budget:
                    break
            if self.stop is None and not self._params_finite():
                self.stop = Stop("gan.stop.nonfinite", {"step": self.step_count, "net": "G/D"})
            if self.stop is not None:
                self._restore(self._good)
                self.stop.kwargs["good"] = self.step_count
            self.train_seconds += time.perf_counter() - t0
            return done

    def resume(self) -> None:
        """Clear a stop and go on from the restored state (no-op while not stopped: the
        run of D wins in a row keeps counting across Step clicks)."""
        if self.stop is not None:
            self.stop = None
            self._win_streak = 0

    def set_lr(self, g_lr: float, d_lr: float) -> None:
        """Change the learning rates in place (the networks are kept)."""
        for opt, lr in ((self.opt_g, g_lr), (self.opt_d, d_lr)):
            for group in opt.param_groups:
                group["lr"] = lr
        self.cfg = replace(self.cfg, g_lr=g_lr, d_lr=d_lr)

    # -- health and snapshots ---------------------------------------------------------------

    def _params_finite(self) -> bool:
        return all(torch.isfinite(p).all() for m in (self.G, self.D) for p in m.parameters())

    def _healthy(self) -> bool:
        return self._win_streak == 0 and self._last_dfake > self.WIN_DFAKE and self._params_finite()

    def _snapshot(self) -> dict[str, Any]:
        clone = _clone
        return {
            "G": clone(self.G.state_dict()),
            "D": clone(self.D.state_dict()),
            "opt_g": clone(self.opt_g.state_dict()),
            "opt_d": clone(self.opt_d.state_dict()),
            "counters": (self.d_steps, self.g_steps, self.d_in_round),
            "hist": (len(self._d_hist[0]), len(self._g_hist[0])),
        }

    def _restore(self, snap: dict[str, Any]) -> None:
        self.G.load_state_dict(snap["G"])
        self.D.load_state_dict(snap["D"])
        self.opt_g.load_state_dict(snap["opt_g"])
        self.opt_d.load_state_dict(snap["opt_d"])
        self.d_steps, self.g_steps, self.d_in_round = snap["counters"]
        nd, ng = snap["hist"]
        for h, n in ((self._d_hist, nd), (self._g_hist, ng)):
            del h[0][n:], h[1][n:]

    # -- reading the state --------------------------------------------------------------------

    def generate(self, n: int = N_SHOW, z: torch.Tensor | None = None) -> np.ndarray:
        """``n`` generated points (the fixed display noise when n == N_SHOW)."""
        with torch.no_grad():
            z = self._z_show if z is None and n == N_SHOW else (z if z is not None else self._z(n))
            return self.G(z).cpu().numpy().astype(np.float32)

    def coverage(self, n: int = 2000) -> np.ndarray | None:
        """gauss8: per mode, whether G's samples reach it (fixed noise; None otherwise)."""
        if self.cfg.target != "gauss8":
            return None
        z = torch.randn(n, self.cfg.noise_dim, generator=torch.Generator().manual_seed(7))
        return mode_coverage(self.generate(z=z.to(self.device)), gauss8_centres())

    def frame(self) -> Frame:
        """The arrays the figures draw, read under the lock (consistent while playing)."""
        with self.lock:
            fake_t = self.G(self._z_show).detach().requires_grad_(True)
            logit = self.D(fake_t)
            (grad,) = torch.autograd.grad(self.g_loss_of(logit).sum(), fake_t)
            with torch.no_grad():
                d_grid = torch.sigmoid(self.D(self._grid_t)).reshape(GRID, GRID)
                d_real = float(torch.sigmoid(self.D(self._real_t)).mean())
            f32 = np.float32
            return Frame(
                real=self.real[:N_REAL_SHOW],
                fake=fake_t.detach().cpu().numpy().astype(f32),
                grad=(-grad).cpu().numpy().astype(f32),
                grid=self._grid,
                d_grid=d_grid.cpu().numpy().astype(f32),
                d_x=np.asarray(self._d_hist[0], f32),
                d_loss=np.asarray(self._d_hist[1], f32),
                g_x=np.asarray(self._g_hist[0], f32),
                g_loss=np.asarray(self._g_hist[1], f32),
                d_steps=self.d_steps,
                g_steps=self.g_steps,
                d_real=d_real,
                d_fake=torch.sigmoid(logit).detach().mean().item(),
                covered=self.coverage(),
            )


def _clone(obj: Any) -> Any:
    if isinstance(obj, torch.Tensor):
        return obj.detach().clone()
    if isinstance(obj, dict):
        return {k: _clone(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return type(obj)(_clone(v) for v in obj)
    return obj


def seconds_to_cover(
    cfg: GanConfig, max_rounds: int = 20_000, check_every: int = 100
) -> tuple[float, int]:
    """(training seconds, rounds) until G reaches all 8 modes; (nan, rounds) if never."""
    tr = GanTrainer(cfg)
    t0 = time.perf_counter()
    while tr.g_steps < max_rounds and tr.stop is None:
        tr.step(check_every)
        cov = tr.coverage()
        if cov is not None and cov.all():
            return time.perf_counter() - t0, tr.g_steps
    return float("nan"), tr.g_steps


__all__ = [
    "DOMAIN",
    "Frame",
    "GanConfig",
    "GanTrainer",
    "gan_from_dict",
    "gan_from_json",
    "gan_from_query",
    "gan_to_query",
    "gauss8_centres",
    "mode_coverage",
    "seconds_to_cover",
    "target_points",
]
