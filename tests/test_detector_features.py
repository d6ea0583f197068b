"""scripts/detector_features.py, session 12's context features for the event detector (measured, not
shipped): negation and modality on a word or its head, the frame type of its head and dependents, its
lemma with its object's class; setups named by variants. Sentences written for this test."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from armswatch.nlp import load_pipeline

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def features():
    sys.path.insert(0, str(ROOT / "scripts"))
    import detector_features

    return detector_features


def _extras(features, text: str, names: list[str]) -> list[tuple[str, list[str]]]:
    doc = load_pipeline()(text)
    sentence_features = features.with_extras(names)
    return [(doc[i].lower_, [x for x in f if x.startswith("x")]) for i, f in sentence_features(doc)]


def test_negation_and_modality_on_the_word_and_on_its_head(features) -> None:
    words = dict(_extras(features, "The ministry did not deliver the rifles to the militia.", ["negmod"]))
    assert "xn:w" in words["deliver"] and "xn:h" in words["rifles"]  # its verb is negated
    words = dict(_extras(features, "Officials said the navy could seize the tanker next week.", ["negmod"]))
    assert "xm:w" in words["seize"] and "xm:h" in words["tanker"]
    assert not words["officials"]


def test_the_object_class_tells_goods_from_a_speech(features) -> None:
    text = "The firm gave a speech to investors, while the army gave drones to the rebels."
    words = _extras(features, text, ["lemctx", "depframe"])
    gave = [f for word, f in words if word == "gave"]
    assert any("xlo:give|noun" in f for f in gave) and any("xlo:give|goods" in f for f in gave)
    assert "xdh:transfer" in dict(words)["drones"]  # governed by a verb of the transfer frame


def test_a_dependent_event_noun_marks_its_light_verb(features) -> None:
    words = dict(_extras(features, "The army carried out an attack on the border post.", ["depframe"]))
    assert "xdc:attack" in words["carried"]


def test_argument_classes(features) -> None:
    doc = load_pipeline()("Russian officials in Moscow said they sold missiles.")
    by = {t.lower_: features.argument_class(t) for t in doc}
    assert (by["missiles"], by["they"], by["moscow"]) == ("goods", "actor", "place")


def test_setups_are_variants_joined_by_plus(features) -> None:
    opts = features.setup_options("negmod+depframe+min1+C=1.5")
    assert opts == {"x": ["negmod", "depframe"], "min": 1, "c": 1.5}
    with pytest.raises(KeyError):
        features.setup_options("nosuchvariant")
