"""dlcore/playground.py: the feedforward page's arithmetic, apart from its widgets."""

from __future__ import annotations

import numpy as np

from dlcore import playground as P
from dlcore.config import ExperimentConfig
from dlcore.train import Trainer


def test_layers_grow_by_copies_of_the_last_width_and_cut():
    assert P.resize_layers([8, 3], 4) == [8, 3, 3, 3]
    assert P.resize_layers([8, 3], 1) == [8]
    assert P.resize_layers([], 2) == [4, 4]
    assert P.resize_layers([8], 0) == []
    assert P.set_width([8, 3], 1, 6) == [8, 6]
    assert P.set_width([8, 3], 5, 6) == [8, 3]


def test_view_toggles_round_trip_and_ignore_unknown_names():
    assert P.parse_view("discrete,test,bogus") == {"test", "discrete"}
    assert P.parse_view("") == set()
    assert P.view_query({"discrete", "test"}) == "test,discrete"
    assert P.view_query([]) == ""
    assert P.next_seed(P.SEED_MOD - 1) == 0 and P.next_seed(4) == 5


def test_predicted_classes_and_point_values():
    probs = np.array([[0.1, 0.9], [0.8, 0.2]])
    assert P.predicted_classes(lambda x: probs, np.zeros((2, 2))).tolist() == [1, 0]
    assert P.predicted_classes(lambda x: np.array([0.7, 0.2]), np.zeros((2, 2))).tolist() == [1, 0]
    assert P.point_values(np.array([0, 1]), "binary").tolist() == [-1.0, 1.0]
    assert P.finite({"a": float("nan"), "b": 2}, "a") is None
    assert P.finite({"b": 2}, "b") == 2.0 and P.finite({}, "c") is None


def test_grid_and_points_of_a_trainer():
    tr = Trainer(ExperimentConfig().with_(data={"name": "xor", "n_points": 100}))
    z = P.grid_z(tr, 12)
    assert z.shape == (12, 12) and np.all(np.abs(z) <= 1.0)
    pts = P.point_payload(tr.dataset, show_test=False)
    assert pts["test"] is None and isinstance(pts["train"], str) and pts["train"]
