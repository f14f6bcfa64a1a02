"""The GAN page's experiment headless and as code (issue 17, point 5b).

``python -m dlcore run gan_healthy.json --steps N`` trains N *rounds* (k_d discriminator
updates, then one generator update) of :class:`dlcore.gan.GanTrainer` and prints one
JSON line of final metrics (:func:`metrics`). ``python -m dlcore code gan_healthy.json``
prints :func:`script`: the same experiment as a standalone PyTorch script (no dlcore
import) that draws the same real points, initialises the same networks and consumes
the same noise in the same order, so it prints the same losses.
"""

from __future__ import annotations

import math
from typing import Any

from dlcore import gan as G
from dlcore.gan import GanConfig, GanTrainer


def metrics(tr: GanTrainer) -> dict[str, Any]:
    """Final metrics as plain JSON values (what the CLI and the exported script print):
    the last discriminator and generator losses, the updates of each, and for the
    8-Gaussian mixture how many modes the generator reaches."""
    d = tr._d_hist[1]
    g = tr._g_hist[1]
    cov = tr.coverage()

    def num(v: list[float]) -> float | None:
        return v[-1] if v and math.isfinite(v[-1]) else None

    return {
        "rounds": tr.g_steps,
        "d_steps": tr.d_steps,
        "g_steps": tr.g_steps,
        "d_loss": num(d),
        "g_loss": num(g),
        "modes_covered": None if cov is None else int(cov.sum()),
        "wall_seconds": round(tr.train_seconds, 4),
        "n_params": tr.n_params,
        "device": tr.device,
        "stopped": tr.stop.key if tr.stop else None,
    }


def run(cfg: GanConfig, rounds: int, device: str = "cpu", chunk: int = 200) -> GanTrainer:
    """Train ``rounds`` rounds headless (the CLI's loop)."""
    tr = GanTrainer(cfg, device=device)
    while tr.g_steps < rounds and tr.stop is None:
        tr.step(min(chunk, rounds - tr.g_steps))
    return tr


_TARGET_SRC = {
    "gauss8": """\
    a = np.arange(8) * (2 * np.pi / 8)
    centres = (GAUSS8_RADIUS * np.stack([np.cos(a), np.sin(a)], 1)).astype(np.float32)
    pts = centres[rng.integers(0, 8, n)] + rng.normal(0, GAUSS8_STD, (n, 2))
""",
    "ring": """\
    a = rng.uniform(0, 2 * np.pi, n)
    r = 1.8 + rng.normal(0, 0.06, n)
    pts = np.stack([r * np.cos(a), r * np.sin(a)], 1)
""",
    "moons": """\
    a = rng.uniform(0, np.pi, n)
    upper = rng.random(n) < 0.5
    x = np.where(upper, np.cos(a), 1 - np.cos(a))
    y = np.where(upper, np.sin(a), 0.5 - np.sin(a))
    pts = (np.stack([x, y], 1) - [0.5, 0.25]) * 1.8 + rng.normal(0, 0.06, (n, 2))
""",
    "drawn": """\
    drawn = np.asarray(DRAWN, np.float32).reshape(-1, 2)
    pts = drawn[rng.integers(0, len(drawn), n)] + rng.normal(0, 0.05, (n, 2))
""",
}
_ACT_SRC = {"relu": "nn.ReLU()", "leaky_relu": "nn.LeakyReLU(0.2)", "tanh": "nn.Tanh()"}


def script(cfg: GanConfig) -> str:
    """The standalone PyTorch script of ``cfg`` (text). A drawn target needs ≥ 3 points
    (:class:`dlcore.config.ConfigError`, as the trainer)."""
    G.target_points(cfg)  # the same check as the trainer: a drawn target needs its points
    drawn = ""
    if cfg.target == "drawn":
        drawn = f"DRAWN = {list(cfg.points)!r}  # the points the student drew: x0, y0, x1, …\n"
    g_loss = (
        "-F.softplus(logit).mean()  # minimax: log(1 − D(G(z)))"
        if cfg.g_loss == "minimax"
        else "F.softplus(-logit).mean()  # non-saturating: −log D(G(z))"
    )
    return f'''\
"""DL Playground GAN experiment as a standalone PyTorch script (it does not need dlcore).

    python experiment.py --steps 1000

trains 1000 rounds ({cfg.k_d} discriminator update(s), then one generator update) and
prints one JSON line of final metrics, the same numbers as
``python -m dlcore run CONFIG.json --steps 1000`` on the CPU (float32).

    min_G max_D  V(D, G) = E_x[log D(x)] + E_z[log(1 − D(G(z)))]

target: {cfg.target} · G {cfg.g_layers}×{cfg.g_width}, D {cfg.d_layers}×{cfg.d_width} ({cfg.activation}) \
· Adam (G lr {cfg.g_lr}, D lr {cfg.d_lr}, β₁ {cfg.beta1}) · seed {cfg.seed}
"""

from __future__ import annotations

import argparse
import json
import math
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

SEED = {cfg.seed}  # seed of the real points, the initial weights and the noise
N_REAL = {cfg.n_real}
NOISE_DIM = {cfg.noise_dim}
BATCH = {cfg.batch_size}
K_D = {cfg.k_d}  # discriminator updates per generator update
DOMAIN = {G.DOMAIN!r}
GAUSS8_RADIUS, GAUSS8_STD = {G.GAUSS8_RADIUS!r}, {G.GAUSS8_STD!r}
N_SHOW = {G.N_SHOW}  # the page's display noise (drawn first: the same noise follows)
{drawn}

def make_data():
    """{cfg.n_real} real points of the target "{cfg.target}" (float32, shape (n, 2))."""
    rng = np.random.default_rng(SEED)
    n = N_REAL
{_TARGET_SRC[cfg.target]}    return np.clip(pts, -DOMAIN, DOMAIN).astype(np.float32)


def mlp(n_in, width, layers, n_out):
    """n_in → (Linear, activation) × layers → Linear → n_out."""
    mods = []
    for i in range(layers):
        mods.append(nn.Linear(n_in if i == 0 else width, width))
        mods.append({_ACT_SRC[cfg.activation]})
    mods.append(nn.Linear(width, n_out))
    return nn.Sequential(*mods)


def modes_covered(G, n=2000, radius=0.3, frac=0.02):
    """How many of the 8 modes get at least 2 % of the generated points within 0.3."""
    z = torch.randn(n, NOISE_DIM, generator=torch.Generator().manual_seed(7))
    with torch.no_grad():
        fake = G(z).numpy()
    a = np.arange(8) * (2 * np.pi / 8)
    centres = (GAUSS8_RADIUS * np.stack([np.cos(a), np.sin(a)], 1)).astype(np.float32)
    d = np.linalg.norm(fake[:, None, :] - centres[None, :, :], axis=2)
    return int(((d < radius).mean(0) >= frac).sum())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=1000, help="training rounds")
    args = parser.parse_args()

    real = torch.as_tensor(make_data())
    torch.manual_seed(SEED)
    G = mlp(NOISE_DIM, {cfg.g_width}, {cfg.g_layers}, 2)  # generator: noise z → a point
    D = mlp(2, {cfg.d_width}, {cfg.d_layers}, 1)  # discriminator: a point → the logit of D(x)
    opt_g = torch.optim.Adam(G.parameters(), lr={cfg.g_lr!r}, betas=({cfg.beta1!r}, 0.999))
    opt_d = torch.optim.Adam(D.parameters(), lr={cfg.d_lr!r}, betas=({cfg.beta1!r}, 0.999))
    gen = torch.Generator().manual_seed(SEED + 1)
    torch.randn(N_SHOW, NOISE_DIM, generator=gen)

    d_loss = g_loss = float("nan")
    d_steps = g_steps = 0
    stopped = None
    t0 = time.perf_counter()
    for _ in range(args.steps):
        for _ in range(K_D):  # maximise log D(x) + log(1 − D(G(z)))
            x = real[torch.randint(0, len(real), (BATCH,), generator=gen)]
            with torch.no_grad():
                fake = G(torch.randn(BATCH, NOISE_DIM, generator=gen))
            loss = F.softplus(-D(x)).mean() + F.softplus(D(fake)).mean()
            opt_d.zero_grad(set_to_none=True)
            loss.backward()
            d_loss = loss.item()
            if not math.isfinite(d_loss):
                stopped = "gan.stop.nonfinite"
                break
            opt_d.step()
            d_steps += 1
        if stopped:
            break
        logit = D(G(torch.randn(BATCH, NOISE_DIM, generator=gen)))
        loss = {g_loss}
        opt_g.zero_grad(set_to_none=True)
        loss.backward()
        g_loss = loss.item()
        if not math.isfinite(g_loss):
            stopped = "gan.stop.nonfinite"
            break
        opt_g.step()
        g_steps += 1
    wall = time.perf_counter() - t0

    n_params = sum(p.numel() for m in (G, D) for p in m.parameters())
    print(json.dumps({{
        "rounds": g_steps,
        "d_steps": d_steps,
        "g_steps": g_steps,
        "d_loss": d_loss if math.isfinite(d_loss) else None,
        "g_loss": g_loss if math.isfinite(g_loss) else None,
        "modes_covered": {"modes_covered(G)" if cfg.target == "gauss8" else "None"},
        "wall_seconds": round(wall, 4),
        "n_params": n_params,
        "device": "cpu",
        "stopped": stopped,
    }}))


if __name__ == "__main__":
    main()
'''
