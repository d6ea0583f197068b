"""Attribution and stance on sentences written for this test (fixtures/attribution_probe.tsv), not copied
from any corpus: a guard on who-said-it beyond the development reports.

Columns: status ("ok", or "open" for a row still wrong: it xfails while wrong); the event type, optionally
with its trigger word ("attack/struck") where a passage holds several of that type; the entity ids of whom
the report says told it, as alternatives (one of them must be among the event's `attributed_to`; one
marked "!" must not be), or "-" for the reporter's own voice (empty `attributed_to`); the stance; the text.
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

PROBE = Path(__file__).with_name("fixtures") / "attribution_probe.tsv"
ROWS = [line.split("\t") for line in PROBE.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")]


def events(text: str) -> list[EventMention]:
    doc = load_pipeline()(sentence_case_headlines(text))  # the text as annotate gives it to the parser
    return extract_events(doc, "probe", date(2024, 3, 15), link_doc(doc))


def problems(kind: str, sources: str, stance: str, found: list[EventMention]) -> list[str]:
    """What the row's events get wrong ([] when one event of its type has the right source and stance)."""
    etype, _, trigger = kind.partition("/")
    cands = [e for e in found if e.type == etype and (not trigger or e.trigger == trigger)]
    if not cands:
        return [f"no {kind} event"]
    ids = [] if sources == "-" else sources.split(",")
    alts = {i for i in ids if not i.startswith("!")}
    banned = {i[1:] for i in ids if i.startswith("!")}
    out = []
    for e in cands:
        said = set(e.attributed_to)
        who_ok = (not said if not alts else bool(alts & said)) and not banned & said
        if who_ok and e.stance == stance:
            return []
        out.append(f"{e.trigger}: attributed_to={e.attributed_to} stance={e.stance}")
    return out


@pytest.mark.parametrize(("status", "kind", "sources", "stance", "text"), ROWS,
                         ids=[f"{r[1]}-{i}" for i, r in enumerate(ROWS)])
def test_attribution_on_unseen_sentences(status: str, kind: str, sources: str, stance: str,
                                         text: str) -> None:
    wrong = problems(kind, sources, stance, events(text))
    if status == "open":
        if wrong:
            pytest.xfail("; ".join(wrong))
        return
    assert not wrong
