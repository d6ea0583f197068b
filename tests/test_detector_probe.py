"""scripts/detector_probe.py and the probe rows as training data (sessions 10-11): near duplicates, the
derived labels file, a silver trigger made an event word, the weights of probe examples, the news
figure's row scoring. Small inputs written here, no training: a few seconds."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy
import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def probe():
    sys.path.insert(0, str(ROOT / "scripts"))
    import detector_probe

    return detector_probe


def test_near_duplicates_are_rewordings_not_shared_topics(probe) -> None:
    a = probe._words("The navy held joint drills off the coast on Monday.")
    assert probe._near(a, probe._words("The navy held joint drills off the coast on Tuesday."))
    assert not probe._near(a, probe._words("The army held a parade in the capital on Monday."))


def test_derived_labels_cover_the_fixture_and_hold_their_triggers() -> None:
    rows = [json.loads(line) for line in (ROOT / "scripts/data/event_labels/probe.jsonl").open()]
    assert len({d["row"] for d in rows}) == len(rows) > 1000
    assert {d["session"] for d in rows} == {"s5-8", "s9", "s10"}
    for d in rows:
        # an event row without a trigger is one whose speech word or generic noun was dropped (skipped)
        assert (d["label"] == "none") == (not d["events"] and not any(e["type"] == d["label"]
                                                                      for e in d["skip"]))
        for e in d["events"] + d["skip"]:
            assert d["text"][e["start"]:e["end"]] == e["trigger"]
        assert all(e["type"] == d["label"] for e in d["events"])
    events = [e for d in rows for e in d["events"]]
    assert not [e for e in events if e["trigger"].lower() in ("said", "insisted", "measures")]
    assert sum(e["how"] == "moved" for e in events) > 20


@pytest.fixture(scope="module")
def nlp():
    from armswatch.nlp import load_pipeline

    return load_pipeline()


@pytest.mark.parametrize(("text", "word", "label", "how", "to"), [
    ("The two ministers held talks in Oslo on Monday.", "held", "meeting", "moved", "talks"),
    ("The foreign ministry called the report a fabrication.", "called", "denial", "moved", "fabrication"),
    ("The bloc adopted a package of sanctions against the airline.", "package", "sanction", "moved",
     "sanctions"),
    ("Officials insisted that the convoy had been empty.", "insisted", "denial", "dropped", None),
    ("The council extended the restrictive measures for a year.", "measures", "sanction", "dropped", None),
    # a light verb with no event noun below it is the event word; so is a word no list has
    ("The president hosted his Turkish counterpart in Ankara.", "hosted", "meeting", "stage", "hosted"),
    ("Navy ships launched drones at the port.", "launched", "attack", "stage", "launched"),
])
def test_a_silver_trigger_is_an_event_word(probe, nlp, text, word, label, how, to) -> None:
    from armswatch.events.detector.features import sentence_features

    doc = nlp(text)
    i = next(t.i for t in doc if t.text == word)
    j, found = probe.event_word(doc, i, label, dict(sentence_features(doc)))
    assert (found, doc[j].text if j is not None else None) == (how, to)


def test_probe_weights(probe) -> None:
    from detector_data import Text

    train = probe.train
    texts = [Text("probe-0", "probe", "s9", "b", "x", [(0, 1, "attack", "own")]),
             Text("probe-1", "probe", "s9", "b", "x", []),
             Text("written-0", "written", "written", "w", "x", [])]
    owner, labels = [0, 0, 1, 2], [8, 0, 0, 0]
    assert train.sample_weights(texts, owner, labels, 3.0, 1.0, 1.0, 0.3) == [1.0, 0.3, 1.0, 1.0]
    assert train.sample_weights(texts, owner, labels, 3.0) == [0.0, 0.0, 0.0, 1.0]  # unused by default
    setup = train.parse_setup("2,3,,1,1,0,0")
    assert (setup.probe, setup.probe_negative) == (0.0, 0.0)
    assert (train.parse_setup("2,3,,1").probe, train.Setup().probe) == (train.PROBE, train.PROBE)


def test_rows_are_scored_by_the_types_of_their_words_and_second_events_can_be_unscored(probe) -> None:
    classes = probe.train.CLASSES
    p = {(0, 1): numpy.eye(len(classes))[classes.index("attack")],  # an attack row: found
         (0, 2): numpy.eye(len(classes))[classes.index("condemnation")],  # a second event on it
         (1, 0): numpy.eye(len(classes))[classes.index("meeting")],  # an eventless row fired
         (2, 0): numpy.eye(len(classes))[0]}  # a denial row missed
    gold = {0: "attack", 1: "none", 2: "denial"}
    assert probe.row_counts(None, p, 0.2, gold) == {0: (1, 1, 0), 1: (0, 1, 0), 2: (0, 0, 1)}
    unscored = probe.row_counts(None, p, 0.2, gold, {0: {"condemnation"}, 1: set(), 2: set()})
    assert unscored[0] == (1, 0, 0)
    line = probe.news_line(None, probe.row_types(p, 0.2), gold, [0, 1, 2])
    assert "none rows fired 1/1" in line and "F1 0.400" in line
