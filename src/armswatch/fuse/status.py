"""Status of a fused event across its mentions, and its Admiralty information-credibility grade.

Grades (Admiralty / NATO STANAG 2511 information credibility): 1 confirmed by other independent sources,
2 probably true, 3 possibly true, 4 doubtful, 5 improbable, 6 cannot be judged. Rules, by reasoning about
what corroboration means (not tuned):
- Support comes from mentions that assert or hedge. Independent outlets are outlets after joining near-
  duplicate texts (one wire story carried twice is one source). Originators are who a claim is attributed
  to, folded to the government they serve where known (the White House and a US spokesman are one
  originator), plus the outlet itself when it speaks in its own voice.
- 1: at least two originators and two independent outlets, at least one asserting without hedging.
- 2: two independent outlets or two originators. 3: one, asserting. 4: one, only hedged.
- No support at all: 5 when the event is only denied, else 6.
- A denial by a third party costs one grade; a denial by the accused (a participant) costs one grade only
  where support is thin (grade 3 or worse), since the accused denying is expected. Grade 5 at worst.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from armswatch.events.models import EventMention


@dataclass(frozen=True)
class Denial:
    """Someone denying an event: from a mention of it with stance `deny`, or a denial event about it."""

    by: tuple[str, ...]  # entity ids (empty: the outlet's own voice)
    document: str


@dataclass(frozen=True)
class Judgement:
    status: str
    credibility: int
    reason: str
    documents: int  # documents that speak of the event
    outlets: int  # independent outlets among them (near-duplicate texts joined)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def judge(
    mentions: Sequence[EventMention],
    participants: set[str],
    external_denials: Sequence[Denial],
    source_groups: Callable[[Sequence[str]], list[list[str]]],
    affiliations: Mapping[str, str],
    name: Callable[[str], str],
) -> Judgement:
    """Status, grade and the grade's reason for one event from its mentions and the denials of it."""
    support = [m for m in mentions if m.stance in ("assert", "hedge")]
    denials = [Denial(tuple(m.attributed_to), m.document) for m in mentions if m.stance == "deny"]
    denials += list(external_denials)
    all_docs = sorted({m.document for m in mentions})
    groups = source_groups([m.document for m in mentions])
    group_of = {d: i for i, g in enumerate(groups) for d in g}
    support_groups = {group_of[m.document] for m in support}
    asserting_groups = {group_of[m.document] for m in support if m.stance == "assert"}
    originators: set[str] = set()
    for m in support:
        if m.attributed_to:
            originators |= {affiliations.get(a, a) for a in m.attributed_to}
        else:
            originators.add(f"outlet#{group_of[m.document]}")
    named = sorted({affiliations.get(a, a) for m in support for a in m.attributed_to})
    deniers = sorted({e for d in denials for e in d.by})
    accused = bool(deniers) and all(e in participants or affiliations.get(e) in participants for e in deniers)
    outlets_n = len(support_groups)

    if all(m.planned for m in mentions) and mentions:
        status = "planned"
    elif denials:
        status = "disputed" if support else "denied"
    elif support and not asserting_groups:
        status = "alleged"
    elif outlets_n >= 2 and len(asserting_groups) >= 2 and len(originators) >= 2:
        status = "confirmed"
    else:
        status = "asserted"

    if not support:
        grade = 5 if denials else 6
    elif len(originators) >= 2 and outlets_n >= 2 and asserting_groups:
        grade = 1
    elif outlets_n >= 2 or len(originators) >= 2:
        grade = 2
    elif asserting_groups:
        grade = 3
    else:
        grade = 4
    if support and denials and (not accused or grade >= 3):
        grade = min(5, grade + 1)

    hedged = sum(1 for m in support if m.stance == "hedge")
    parts = [
        f"{_plural(outlets_n, 'independent outlet')} in support ({_plural(len(all_docs), 'document')} in all)"
    ]
    if named:
        parts.append(
            "attributed to "
            + ", ".join(name(e) for e in named[:6])
            + (" and others" if len(named) > 6 else "")
        )
    if any(not m.attributed_to for m in support):
        parts.append("stated by the outlet in its own voice")
    parts.append(f"{len(support) - hedged} asserting, {hedged} hedged")
    if deniers:
        who = ", ".join(name(e) for e in deniers[:4])
        parts.append(("denied by the accused (" if accused else "denied by a third party (") + who + ")")
    elif denials:
        parts.append("denied by the outlet")
    if not support:
        parts.append("no source asserts it")
    return Judgement(status, grade, "; ".join(parts), len(all_docs), len(groups))
