"""Event types and actors on sentences written for this test (fixtures/event_probe.tsv), worded unlike the
samples, the development reports and the detector's training sentences: a guard on generality.

Written in the styles of wire copy, think-tank notes and UN panel reports, with parties and places from
several regions; passive voice, nominal triggers, claims denied, receptions, listings and protests included.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from armswatch.entities import link_doc
from armswatch.events.extract import extract_events
from armswatch.events.models import EventMention
from armswatch.headlines import sentence_case_headlines
from armswatch.nlp import load_pipeline

PROBE = Path(__file__).with_name("fixtures") / "event_probe.tsv"
LINES = [line for line in PROBE.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
ALL = [(etype, [a for a in actors.split(",") if a], text)
       for etype, actors, text in (line.split("\t") for line in LINES)]
ROWS = [r for r in ALL if r[0] != "none"]
NONE = [r[2] for r in ALL if r[0] == "none"]  # sentences that report no event of ours


def events(text: str) -> list[EventMention]:
    doc = load_pipeline()(sentence_case_headlines(text))  # the text as annotate gives it to the parser
    return extract_events(doc, "probe", date(2024, 3, 15), link_doc(doc))


@pytest.mark.parametrize(("etype", "actors", "text"), ROWS, ids=[f"{r[0]}-{i}" for i, r in enumerate(ROWS)])
def test_type_and_actor_on_unseen_wording(etype: str, actors: list[str], text: str) -> None:
    found = [e for e in events(text) if e.type == etype]
    assert found, [(e.type, e.actor) for e in events(text)]
    assert any(set(actors) <= set(e.actor) for e in found), [e.actor for e in found]


@pytest.mark.parametrize("text", NONE)
def test_no_event_where_none_is_reported(text: str) -> None:
    assert not events(text), [(e.type, e.trigger) for e in events(text)]
