"""scripts/detector_models.py, the session-9 comparison of model classes for the event detector: a model
is built from its constructor call, and a network's learning curve gives probabilities over the detector's
classes after each epoch mark. Tiny synthetic features: no corpus, under a few seconds."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy
import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def models():
    sys.path.insert(0, str(ROOT / "scripts"))
    import detector_models

    return detector_models


def test_models_are_built_from_literal_constructor_calls(models) -> None:
    net = models.build("MLP(8, 1e-2, (1, 2), (3,))")
    assert (net.hidden, net.alpha, net.marks, net.seeds) == (8, 1e-2, (1, 2), (3,))
    assert models.build("LR()").c == models.train.C and models.build("LR(0.5)").c == 0.5
    with pytest.raises(ValueError):
        models.build("MLP(__import__('os'))")  # arguments are literals, never evaluated code


def test_network_learning_curve_gives_probabilities_per_mark(models) -> None:
    classes = models.train.CLASSES
    feats = [["w:bombed", "dep:ROOT"], ["w:met", "dep:ROOT"], ["w:table", "dep:dobj"]] * 20
    labels = [classes.index("attack"), classes.index("meeting"), 0] * 20
    net = models.MLP(8, 1e-3, (1, 30), (13, 14), lr=0.05, batch=16).fit(feats, labels, [1.0] * len(feats))
    curve = net.predict([["w:bombed", "dep:ROOT"], ["w:unseen"]])
    assert sorted(curve) == [1, 30]
    for probs in curve.values():
        assert probs.shape == (2, len(classes)) and numpy.allclose(probs.sum(axis=1), 1.0)
    assert classes[int(curve[30][0].argmax())] == "attack"
    assert models.f1(0, 3, 4) == 0.0 and models.f1(2, 1, 1) == pytest.approx(2 / 3)
