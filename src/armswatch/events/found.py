"""An event candidate as the document passes see it: the sentence it was found in, its speakers and what
the passes decided about it."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span

from armswatch.events.attribution import Attribution
from armswatch.events.frames import Candidate
from armswatch.events.models import ItemValue
from armswatch.events.timex import TimeExpression


@dataclass
class _Found:
    """A candidate with what the later passes add."""

    cand: Candidate
    sentence: Span
    sentence_no: int
    attribution: Attribution
    items: list[ItemValue] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    stated: list[TimeExpression] = field(default_factory=list)
    about: int | None = None
    judgement: bool = False
    dropped: bool = False
    kept: bool = False  # made into an EventMention
