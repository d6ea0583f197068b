"""The entity state kept between runs (armswatch.entity_state) merges into the entities `merge_entities`
makes of every report at once, whichever reports came in which run (issue 16)."""

from __future__ import annotations

import copy
import random
from dataclasses import asdict
from pathlib import Path

from armswatch.annotate import _add_labels
from armswatch.entities import CountedMention, merge_entities
from armswatch.entity_state import EntityState, load_state, save_state

# ids outside the gazetteer that unify (romanisation variants; a ship's spellings, its IMO-numbered id and
# past names that other ships' reports give), ids in it; counts of one, so that ties are many and first
# occurrences decide (a form, a flag, an entity's type by its labels, which ship a past name is)
IDS = ["russia", "iran", "abu-ali", "abou-ali", "abu-aly", "st-nikolas", "st-nicholas", "zenith",
       "zenith-9876543", "aurora", "boreas", "acme-arms", "acme-armz"]
SHIPS = {"st-nikolas", "st-nicholas", "zenith", "zenith-9876543", "aurora", "boreas"}
FORMS = ["Abu Ali", "Abou Ali", "St Nikolas", "St. Nicholas", "Zenith", "Aurora", "Boreas", "Acme Arms",
         "Russia"]
LABELS = ["ORG", "PERSON", "GPE", "VESSEL", "NORP"]


def _report(rng: random.Random) -> tuple[list[CountedMention], dict[str, dict[str, int]]]:
    rows: dict[tuple[object, ...], CountedMention] = {}
    for _ in range(rng.randint(0, 8)):
        eid = rng.choice(IDS)
        ship = eid in SHIPS
        former = ship and rng.random() < 0.4
        imo = rng.choice([None, "9876543", "1234567"]) if ship else None
        flag = rng.choice([None, "PA", "LR"]) if ship else None
        key = (eid, rng.choice(FORMS), former, imo, flag)
        if key in rows:
            rows[key].count += 1
        else:
            rows[key] = CountedMention(*key, 1)
    labels: dict[str, dict[str, int]] = {}
    for eid in {r.entity_id for r in rows.values()}:
        labels[eid] = {label: 1 for label in rng.sample(LABELS, rng.randint(1, 2))}
    return list(rows.values()), labels


Reports = dict[str, tuple[list[CountedMention], dict[str, dict[str, int]]]]


def _reference(reports: Reports, annotated: list[str]) -> tuple[list[dict[str, object]], dict[str, str]]:
    """merge_entities as annotate_articles calls it: mentions in report order, labels of the cached
    reports in report order, then of those annotated in this run in the order they were annotated."""
    ordered = {doc: copy.deepcopy(reports[doc][0]) for doc in sorted(reports)}
    labels: dict[str, dict[str, int]] = {}
    for doc in sorted(reports):
        if doc not in annotated:
            _add_labels(labels, reports[doc][1])
    for doc in annotated:
        _add_labels(labels, reports[doc][1])
    before = [(m, m.entity_id) for ms in ordered.values() for m in ms]
    entities = merge_entities(ordered, labels)
    return [asdict(e) for e in entities], {old: m.entity_id for m, old in before if m.entity_id != old}


def _run(state: EntityState, reports: Reports, new: list[str], annotated: list[str]
         ) -> tuple[list[dict[str, object]], dict[str, str]]:
    """What annotate_articles adds: the new cached reports in report order, then those annotated."""
    for doc in sorted(set(new) - set(annotated)):
        state.add(doc, "h" + doc, "2024-01-01", copy.deepcopy(reports[doc][0]), reports[doc][1])
    for rank, doc in enumerate(annotated):
        state.add(doc, "h" + doc, "2024-01-01", copy.deepcopy(reports[doc][0]), reports[doc][1], rank)
    entities, remap = state.merge()
    return [asdict(e) for e in entities], remap


def test_reports_merged_in_two_runs_give_the_entities_of_one_merge(tmp_path: Path) -> None:
    rng = random.Random(16)
    for trial in range(40):
        reports = {f"r{k:02d}": _report(rng) for k in range(rng.randint(2, 14))}
        docs = sorted(reports)
        first = [d for d in docs if rng.random() < 0.6]
        # a run annotates some of its reports (in an order of their own: long ones last), the others come
        # from the store's cache
        first_annotated = rng.sample(first, rng.randint(0, len(first)))
        state = EntityState("v1")
        assert _run(state, reports, first, first_annotated) == _reference(
            {d: reports[d] for d in first}, first_annotated)
        path = tmp_path / f"state{trial}.json"
        save_state(path, state)
        kept = load_state(path, "v1")
        assert kept.covered == state.covered
        rest = [d for d in docs if d not in first]
        annotated = rng.sample(rest, rng.randint(0, len(rest)))
        assert _run(kept, reports, rest, annotated) == _reference(reports, annotated), trial


def test_a_state_of_another_version_or_broken_is_not_used(tmp_path: Path) -> None:
    rng = random.Random(3)
    rows, labels = _report(rng)
    state = EntityState("v1")
    state.add("r1", "h1", None, rows, labels)
    path = tmp_path / "state.json"
    save_state(path, state)
    assert load_state(path, "v1").covered == {"r1": ["h1", None]}
    assert load_state(path, "v2").covered == {}
    path.write_bytes(b"{broken")
    assert load_state(path, "v1").covered == {}
