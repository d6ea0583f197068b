"""Wire datelines opening a report's body ("DUBAI, Jan 11 (Reuters) - ", "SEOUL:"): where the story was
filed, and the span whose date is the story's own, not an event's."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from armswatch.events.frames import Entity

# A wire dateline opening a body: the place in capitals, its country or state, the date, the agency, then a
# dash or colon ("DUBAI, Jan 11 (Reuters) - ", "SEOUL, South Korea (AP) — ", "BEIJING — ")
WIRE_DATELINE = re.compile(
    r"\s*[A-Z][A-Z'.\- ]{1,40}(?:,\s*[A-Z][A-Za-z.]*(?:\s+[A-Z][A-Za-z.]*){0,2})?"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?"
    r"\s*(?:\([A-Za-z .&-]{2,30}\))?\s*[-\u2014\u2013:]{1,2}\s")


def dateline_place(doc: Doc, entity_at: list[Entity | None]) -> str:
    """The place of a dateline opening the body ("SEOUL:", "KYIV (Reuters) -")."""
    for t in doc[:6]:
        if t.text in (":", "-", "\u2014", "\u2013") and t.i > 0:
            e = entity_at[t.i - 1] or (entity_at[t.i - 4] if t.i >= 4 and doc[t.i - 1].text == ")" else None)
            if (
                e is not None
                and e[1] in ("place", "facility")
                and doc[t.i - 1].is_upper
                or (e is not None and e[1] in ("place", "facility") and doc[t.i - 1].text == ")")
            ):
                return e[0]
            return ""
    return ""
