"""Entity links on sentences written for this test (fixtures/entity_probe.tsv), not copied from any corpus:
a guard on linking beyond the development reports. Classes: a name two countries share ("Congo"), a word that
is a region somewhere and a common word here ("Gulf", "the West"), weapon models the NER model calls
organisations, credit lines, laws, fleets and services, capitals that are places, titles and ranks.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from armswatch.entities import EntityMention, link_doc
from armswatch.nlp import load_pipeline

PROBE = Path(__file__).with_name("fixtures") / "entity_probe.tsv"
ROWS = [line.split("\t") for line in PROBE.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")]


def _split(cell: str) -> list[str]:
    return [x for x in cell.split(",") if x]


def mentions(text: str) -> list[EntityMention]:
    return link_doc(load_pipeline()(text))


def wrong(must: list[str], must_not: list[str], bad_forms: list[str],
          found: list[EntityMention]) -> list[str]:
    """What the linked mentions get wrong against the row ([] when all is right)."""
    ids = {m.entity_id for m in found}
    out = [f"missing {i}" for i in must if not i.startswith("~") and i not in ids]
    out += [f"no mention with {w[1:]!r}" for w in must if w.startswith("~")
            and not any(w[1:].lower() in m.text.lower() for m in found)]
    out += [f"linked {i}" for i in must_not if i in ids]
    out += [f"{f!r} linked as {m.entity_id}" for f in bad_forms for m in found if f.lower() in m.text.lower()]
    return out


@pytest.mark.parametrize(("status", "must", "must_not", "bad_forms", "text"), ROWS,
                         ids=[f"{r[0]}-{i}" for i, r in enumerate(ROWS)])
def test_entities_linked_on_unseen_sentences(status: str, must: str, must_not: str, bad_forms: str,
                                             text: str) -> None:
    found = mentions(text.replace("\\n", "\n"))
    problems = wrong(_split(must), _split(must_not), _split(bad_forms), found)
    if status == "open":
        if problems:
            pytest.xfail("; ".join(problems))
        return
    assert not problems, [(m.text, m.entity_id) for m in found]
