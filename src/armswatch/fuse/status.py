"""Status of a fused event across its mentions, its information-credibility grade (1-6) and its sources'
reliability (A-F), kept apart as the Admiralty system keeps them.

Credibility (Admiralty / NATO STANAG 2511 information credibility): 1 confirmed by other independent
sources, 2 probably true, 3 possibly true, 4 doubtful, 5 improbable, 6 cannot be judged. Rules, by
reasoning about what corroboration means (not tuned):
- Support comes from mentions that assert or hedge. A source is a wire agency or an outlet, with near-
  duplicate texts joined (`duplicates.source_groups`): five outlets carrying one Reuters story are one
  source. A source whose outlet is unknown is a source, but never an independent corroboration: nothing
  shows it is not a copy of another.
- Originators are who a claim is attributed to, folded to the government they serve where known (the
  White House and a US spokesman are one originator), plus each known source speaking in its own voice.
- 1: two known independent sources and two originators, at least one source asserting without hedging.
- 2: two known independent sources, or two named originators (two parties saying so, as reported).
- 3: one source, asserting. 4: one, only hedged.
- No support at all: 5 when the event is only denied, else 6.
- A denial by a third party costs one grade; a denial by the accused (a participant) costs one grade only
  where support is thin (grade 3 or worse), since the accused denying is expected. Grade 5 at worst.
Reliability (`sources.py`): the most reliable of the supporting sources; F when none is known.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from armswatch.events.models import EventMention
from armswatch.fuse.duplicates import SourceGroup
from armswatch.fuse.sources import RELIABILITY_MEANING, best_reliability


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
    outlets: int  # known independent sources among them (near-duplicates and wire copies joined)
    reliability: str = "F"  # Admiralty source reliability of the best supporting source
    reliability_reason: str = ""
    unknown: int = 0  # sources among them whose outlet is unknown
    sources: tuple[dict[str, object], ...] = ()  # each source: name, reliability, documents, known


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def judge(
    mentions: Sequence[EventMention],
    participants: set[str],
    external_denials: Sequence[Denial],
    source_groups: Callable[[Sequence[str]], list[SourceGroup]],
    affiliations: Mapping[str, str],
    name: Callable[[str], str],
) -> Judgement:
    """Status, grade, reliability and their reasons for one event from its mentions and the denials of it."""
    support = [m for m in mentions if m.stance in ("assert", "hedge")]
    denials = [Denial(tuple(m.attributed_to), m.document) for m in mentions if m.stance == "deny"]
    denials += list(external_denials)
    all_docs = sorted({m.document for m in mentions})
    groups = source_groups([m.document for m in mentions])
    group_of = {d: i for i, g in enumerate(groups) for d in g.documents}
    support_groups = {group_of[m.document] for m in support}
    known_support = {i for i in support_groups if groups[i].known}
    asserting_groups = {group_of[m.document] for m in support if m.stance == "assert"}
    named = sorted({affiliations.get(a, a) for m in support for a in m.attributed_to})
    originators: set[str] = set(named)
    for m in support:
        if not m.attributed_to and groups[group_of[m.document]].known:
            originators.add(f"outlet#{group_of[m.document]}")
    deniers = sorted({e for d in denials for e in d.by})
    accused = bool(deniers) and all(e in participants or affiliations.get(e) in participants for e in deniers)
    outlets_n = len(known_support)

    if all(m.planned for m in mentions) and mentions:
        status = "planned"
    elif denials:
        status = "disputed" if support else "denied"
    elif support and not asserting_groups:
        status = "alleged"
    elif outlets_n >= 2 and len(asserting_groups & known_support) >= 2 and len(originators) >= 2:
        status = "confirmed"
    else:
        status = "asserted"

    if not support:
        grade = 5 if denials else 6
    elif len(originators) >= 2 and outlets_n >= 2 and asserting_groups & known_support:
        grade = 1
    elif outlets_n >= 2 or (len(named) >= 2 and asserting_groups):
        grade = 2
    elif asserting_groups:
        grade = 3
    else:
        grade = 4
    if support and denials and (not accused or grade >= 3):
        grade = min(5, grade + 1)

    hedged = sum(1 for m in support if m.stance == "hedge")
    unknown_support = len(support_groups) - outlets_n
    parts = [
        f"{_plural(outlets_n, 'independent source')} in support ({_plural(len(all_docs), 'document')} in all)"
    ]
    if unknown_support:
        parts.append(f"{_plural(unknown_support, 'source')} of unknown outlet, not counted as corroboration")
    copies = sum(len(groups[i].documents) - 1 for i in known_support)
    if copies:
        what = "copy" if copies == 1 else "copies"
        parts.append(f"{copies} {what} of a wire story or of another report counted once")
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

    backing = sorted(known_support, key=lambda i: (groups[i].source.reliability, groups[i].source.name))
    reliability = best_reliability([groups[i].source.reliability for i in backing])
    if backing:
        top = groups[backing[0]].source
        why = f"{top.name}: {RELIABILITY_MEANING[top.reliability]} (identified by {top.basis})"
        if len(backing) > 1:
            why += "; also " + ", ".join(
                f"{groups[i].source.name} ({groups[i].source.reliability})" for i in backing[1:5]
            )
    elif support_groups:
        why = "no supporting report names its outlet"
    else:
        why = "no source supports it"
    sources = tuple(
        {
            "name": g.source.name,
            "reliability": g.source.reliability,
            "known": g.known,
            "documents": list(g.documents),
            "supports": i in support_groups,
        }
        for i, g in enumerate(groups)
    )
    return Judgement(
        status,
        grade,
        "; ".join(parts),
        len(all_docs),
        sum(1 for g in groups if g.known),
        reliability,
        why,
        sum(1 for g in groups if not g.known),
        sources,
    )
