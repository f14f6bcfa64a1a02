"""The RNN family's objectives (``train.Objective`` subclasses; apart from ``rnn.py``
because ``dlcore.train`` imports the model package while it loads)."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from dlcore.train import Objective, r2_score


class ForecastObjective(Objective):
    """Regression on the last step (forecasting, adding problem): mean squared error."""

    def loss(self, model, xb, yb):
        pred = model(xb)
        return F.mse_loss(pred, yb.reshape(pred.shape).to(pred.dtype)), {}

    def predict(self, z: torch.Tensor) -> torch.Tensor:
        return z

    @torch.no_grad()
    def evaluate(self, model, x, y):
        pred = model(x)
        loss = F.mse_loss(pred, y.reshape(pred.shape).to(pred.dtype))
        return {"loss": float(loss), "r2": r2_score(pred, y)}


class SequenceClassObjective(Objective):
    """Classification from the last hidden state: cross-entropy, accuracy."""

    def loss(self, model, xb, yb):
        return F.cross_entropy(model(xb), yb.long()), {}

    def predict(self, z: torch.Tensor) -> torch.Tensor:
        return torch.softmax(z, -1)

    @torch.no_grad()
    def evaluate(self, model, x, y):
        z = model(x)
        return {
            "loss": float(F.cross_entropy(z, y.long())),
            "acc": float((z.argmax(-1) == y).float().mean()),
        }


class CharLMObjective(Objective):
    """Next-character prediction at every step: cross-entropy averaged over steps (nats)."""

    def loss(self, model, xb, yb):
        z = model(xb)
        return F.cross_entropy(z.reshape(-1, z.shape[-1]), yb.reshape(-1).long()), {}

    def predict(self, z: torch.Tensor) -> torch.Tensor:
        return torch.softmax(z, -1)

    @torch.no_grad()
    def evaluate(self, model, x, y):
        z = model(x)
        flat = z.reshape(-1, z.shape[-1])
        return {
            "loss": float(F.cross_entropy(flat, y.reshape(-1).long())),
            "acc": float((flat.argmax(-1) == y.reshape(-1)).float().mean()),
        }
