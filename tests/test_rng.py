"""dlcore.rng: sessions on a server's threads get the numbers they get alone.

PyTorch's initialisers, dropout and ``randn_like`` draw from one global generator. A model
built for a seed must have that seed's weights while other threads build theirs, and a
session whose training draws (dropout, input noise) must draw its own masks however the
engine interleaves it with others: the same losses as ``dlcore.train.run`` alone.
"""

from __future__ import annotations

import threading

import pytest
import torch

from dlcore import rng
from dlcore.batch import step_many
from dlcore.train import Trainer, run
from tests.test_batch import CHUNK, preset


def _weights(tr: Trainer) -> list[torch.Tensor]:
    return [p.detach().clone() for p in tr.model.parameters()]


def test_models_built_on_many_threads_at_once_have_their_seeds_weights():
    cfgs = [preset("ff_spiral.json", seed=s) for s in range(8)]
    ref = [_weights(Trainer(c)) for c in cfgs]
    for _ in range(5):
        out: dict[int, list[torch.Tensor]] = {}
        go = threading.Barrier(len(cfgs))

        def build(i: int, go: threading.Barrier = go, out: dict = out) -> None:
            go.wait()
            out[i] = _weights(Trainer(cfgs[i]))

        ts = [threading.Thread(target=build, args=(i,)) for i in range(len(cfgs))]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        for i, ws in out.items():
            assert all(torch.equal(a, b) for a, b in zip(ws, ref[i], strict=True)), i


def _noisy() -> list:
    """Configs whose training draws random numbers: dropout in an MLP and a CNN, and a
    denoising autoencoder's input noise."""
    return [
        preset("ff_spiral.json", seed=1, model={"dropout": 0.3}),
        preset("ff_spiral.json", seed=2, model={"dropout": 0.1}, train={"lr": 0.01}),
        preset("ae_denoising.json", seed=3),
        preset("cnn_tiny.json", seed=4, model={"dropout": 0.25}),
    ]


def test_a_session_that_draws_keeps_its_own_stream():
    cfgs = _noisy()
    assert all(Trainer(c)._stream is not None for c in cfgs)
    assert Trainer(preset("ff_spiral.json"))._stream is None  # nothing to draw: no lock


def test_interleaved_sessions_draw_the_masks_and_noise_they_draw_alone():
    """Four drawing sessions stepped in turns of 7 (as the live engine slices them), other
    sessions built and trained on a second thread all the while, equal the CLI's runs."""
    cfgs, steps = _noisy(), 140
    ref = [run(c, steps, chunk=CHUNK) for c in cfgs]
    trs = [Trainer(c) for c in cfgs]
    halt = threading.Event()

    def other_session() -> None:  # students opening pages and playing meanwhile
        k = 100
        while not halt.is_set():
            k += 1
            Trainer(preset("ff_spiral.json", seed=k, model={"dropout": 0.5})).step(3)

    noise = threading.Thread(target=other_session)
    noise.start()
    try:
        while any(tr.step_count < steps for tr in trs):
            for tr in trs:
                k = min(7, steps - tr.step_count)
                if k:
                    tr.step(k, final_eval=False)
    finally:
        halt.set()
        noise.join()
    for tr, r in zip(trs, ref, strict=True):
        tr.evaluate()
        assert tr.history.batch["loss"].tolist() == pytest.approx(
            r.history.batch["loss"].tolist(), rel=1e-6
        ), tr.cfg.model.family
        assert all(torch.equal(a, b) for a, b in zip(_weights(tr), _weights(r), strict=True))


def test_drawing_sessions_step_alone_beside_a_group():
    """The engine's path: drawing sessions are not batched; stepped beside a batched
    group of plain ones they still equal their runs alone."""
    plain = [preset("ff_spiral.json", seed=s) for s in range(3)]
    drawing = [preset("ff_spiral.json", seed=9 + s, model={"dropout": 0.2}) for s in range(2)]
    cfgs, steps = plain + drawing, 60
    ref = [run(c, steps, chunk=CHUNK) for c in cfgs]
    trs = [Trainer(c) for c in cfgs]
    while trs[0].step_count < steps:
        step_many(trs, max_steps=10)
    for tr, r in zip(trs, ref, strict=True):
        assert tr.step_count == r.step_count
        assert tr.history.batch["loss"].tolist() == pytest.approx(
            r.history.batch["loss"].tolist(), rel=1e-5
        )


def test_seeded_restore_leaves_the_sequence_where_it_was():
    torch.manual_seed(123)
    state = torch.get_rng_state()
    with rng.seeded(7, restore=True):
        a = torch.rand(3)
    assert torch.equal(torch.get_rng_state(), state)
    with rng.seeded(7, restore=True):
        assert torch.equal(torch.rand(3), a)
