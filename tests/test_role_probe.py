"""Parties told by a pronoun or a description ("the country", "the regime", "they", "the two countries")
on passages written for this test (fixtures/role_probe.tsv), not copied from any report: a guard on the
resolution of roles beyond the development reports.

Columns: status ("ok", or "open" for a row still wrong: it xfails while wrong); the event type; the entity
ids that must all be among one event's actors, and those that must all be among its targets ("!id": must
not be; "-": not checked); the text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_attribution_probe import events

PROBE = Path(__file__).with_name("fixtures") / "role_probe.tsv"
ROWS = [line.split("\t") for line in PROBE.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")]


def _ids(column: str) -> set[str]:
    return {i for i in column.split(",") if i != "-" and not i.startswith("!")}


def _banned(column: str) -> set[str]:
    return {i[1:] for i in column.split(",") if i.startswith("!")}


@pytest.mark.parametrize(("status", "etype", "actors", "targets", "text"), ROWS,
                         ids=[f"{r[1]}-{i}" for i, r in enumerate(ROWS)])
def test_parties_told_by_pronouns_and_descriptions(status: str, etype: str, actors: str, targets: str,
                                                   text: str) -> None:
    found = [e for e in events(text) if e.type == etype]
    right = any(_ids(actors) <= set(e.actor) and _ids(targets) <= set(e.target)
                and not _banned(actors) & set(e.actor) and not _banned(targets) & set(e.target)
                for e in found)
    if status == "open":
        if not right:
            pytest.xfail(str([(e.actor, e.target) for e in found]))
        return
    assert right, [(e.type, e.actor, e.target) for e in events(text)]


def test_a_description_never_stands_for_the_subject_of_its_own_clause() -> None:
    text = "North Korea launched another missile in May. Japan imposed fresh sanctions on the country."
    found = [e for e in events(text) if e.type == "sanction"]
    assert found and all("japan" not in e.target for e in found)


def test_a_bare_state_noun_names_no_state() -> None:
    text = "Germany raised its defence budget. The state of emergency in the region was lifted on Monday."
    assert all("germany" not in e.target + e.actor for e in events(text) if e.type != "sanction")
