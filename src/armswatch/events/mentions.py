"""From candidates to the dossier's event mentions: roles kept near their sentence, each role's evidence
span, attribution, the states behind the parties."""

from __future__ import annotations

import bisect
from typing import Any

from spacy.tokens import Doc, Span

from armswatch.entities.generic import generic_country, generic_type
from armswatch.entities.linking import EntityMention
from armswatch.events.discourse import _condemns_an_act
from armswatch.events.entity_map import state_of, with_states
from armswatch.events.found import _Found
from armswatch.events.frames import VESSEL_TYPES, Candidate, Entity, subject_of
from armswatch.events.models import EventMention
from armswatch.events.when import merge_spans as _merge_spans

# How far (in sentences) a role's name may stand from the sentence that states the event: a pronoun's
# antecedent, the subject of the paragraph, a side of the transfer just told (SIDE_WINDOW). A name
# further off belongs to another part of the report and never fills a role (a ship's former owner three
# paragraphs up, the parties of an unrelated debate).
ROLE_WINDOW = 4


def _entity_spans(mentions: list[EntityMention], entity_at: list[Entity | None], doc: Doc
                  ) -> dict[str, list[tuple[int, int]]]:
    """Character spans of every entity in the body (named mentions and ship anaphors), in order."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for m in mentions:
        spans.setdefault(m.entity_id, []).append((m.start, m.end))
    for i, e in enumerate(entity_at):  # a spaCy Token built only where an entity stands
        if e is not None and e[0] not in spans:  # an id the index derived (a ship anaphor, a state)
            t = doc[i]
            spans.setdefault(e[0], []).append((t.idx, t.idx + len(t)))
    for v in spans.values():
        v.sort()
    return spans


def _nearest(spans: list[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """The span inside [start, end), else the last one before it, else the first after it."""
    inside = [s for s in spans if start <= s[0] < end]
    if inside:
        return inside[0]
    before = [s for s in spans if s[0] < start]
    return before[-1] if before else spans[0]


def _nearest_to_trigger(spans: list[tuple[int, int]], start: int, end: int, trigger: int) -> tuple[int, int]:
    """A role's evidence: of the entity's names in the sentence, the one nearest the trigger, which is the
    one the parse gave the role far more often than an earlier one ("the Kazakh ministry denied reports
    that Kazakhstan planned to sell missiles": the seller is the second)."""
    inside = [s for s in spans if start <= s[0] < end]
    if inside:
        return min(inside, key=lambda s: (abs(s[0] - trigger), s[0]))
    return _nearest(spans, start, end)


def _keep_near_roles(f: _Found, spans: dict[str, list[tuple[int, int]]], sent_starts: list[int]) -> None:
    """Drop role entities named only far from the event's sentence (ROLE_WINDOW)."""
    c = f.cand
    k = f.sentence_no

    def near(eid: str) -> bool:
        where = spans.get(eid)
        if not where or eid in c.derived:
            return True  # derived from a name in the sentence (a place's country, an official's state)
        s = _nearest(where, f.sentence.start_char, f.sentence.end_char)
        return abs(bisect.bisect_right(sent_starts, s[0]) - 1 - k) <= ROLE_WINDOW

    c.actor[:] = [a for a in c.actor if near(a)]
    c.target[:] = [t for t in c.target if near(t)]


def _evidence(f: _Found, spans: dict[str, list[tuple[int, int]]]) -> dict[str, Any]:
    c = f.cand
    start, end = f.sentence.start_char, f.sentence.end_char
    out: dict[str, Any] = {"trigger": [c.trigger.idx, c.trigger.idx + len(c.trigger)]}
    roles = {"actor": c.actor, "target": c.target, "vessels": c.vessels,
             "attributed_to": f.attribution.speakers}
    for role, ids in roles.items():
        got = {e: list(_nearest(spans[e], start, end) if role == "attributed_to"
                       else _nearest_to_trigger(spans[e], start, end, c.trigger.idx))
               for e in ids if spans.get(e)}
        if got:
            out[role] = got
    return out


def _nobody_named_in_a_transfer(f: _Found) -> bool:
    """A transfer whose only parties are unnamed forces or bodies of no known state, with no place ("the
    navy plans to buy six frigates"): it tells an analyst nothing of who armed whom. Arms reaching an
    unnamed armed group ("rifles delivered to the militia") still do."""
    c = f.cand
    parties = c.actor + c.target
    return (c.type == "transfer" and not c.places and bool(parties)
            and all(generic_type(p) in ("organization", "person") and not generic_country(p)
                    for p in parties))


def _to_mentions(found: list[_Found], document_id: str, text: str) -> list[EventMention]:
    out: list[EventMention] = []
    index: dict[int, int] = {}
    kept = [
        f
        for f in found
        if not f.dropped
        and (f.cand.actor or f.cand.target or f.cand.unnamed_blow)
        and not (f.cand.type == "condemnation" and not f.cand.target and not _condemns_an_act(f))
        and not _nobody_named_in_a_transfer(f)
    ]
    for f in kept:
        f.kept = True
    for n, f in enumerate(found):
        if f in kept:
            index[n] = kept.index(f)
    for f in kept:
        c = f.cand
        sent = f.sentence
        stated = _merge_spans(f.stated)
        out.append(
            EventMention(
                document=document_id,
                type=c.type,
                text=text[sent.start_char : sent.end_char].strip(),
                start=sent.start_char,
                end=sent.start_char + len(text[sent.start_char : sent.end_char].rstrip()),
                actor=with_states(c.actor, False),
                target=[t for t in c.target if t not in c.actor],
                items=f.items,
                when=_merge_spans(f.times),
                places=list(dict.fromkeys(c.places)),
                vessels=list(c.vessels),
                attributed_to=_attribution(c, f.attribution.speakers),
                stance=f.attribution.stance,
                stated_on=stated.start if stated and len(stated.start) == 10 else None,  # contract: a day
                trigger=c.trigger.text,
                planned=c.planned,
                about=index.get(f.about) if f.about is not None else None,
            )
        )
    return out


# Speech acts and meetings are told by the report itself: "Bush warned Iran" is the reporter's account
# of what Bush did, not Bush's claim, so the act's own doer is not its source (the gold's convention too)
SELF_TOLD = frozenset({"condemnation", "denial", "meeting"})


def _attribution(c: Candidate, speakers: list[str]) -> list[str]:
    said = with_states(speakers, True)
    if c.type not in SELF_TOLD:
        return said
    doers = set(with_states(c.actor, False)) | set(c.actor)
    if all(s in doers or state_of(s) in doers for s in speakers):
        return []
    return said


def _doer_vessels(c: Candidate, entity_at: list[Entity | None]) -> set[str]:
    """Ships on the seizing side ("sailors from the USS Mason boarded ..."): not the ship seized."""
    subj = subject_of(c.trigger)
    if subj is None:
        return set()
    return {e[0] for t in subj.subtree if (e := entity_at[t.i]) is not None and e[1] in VESSEL_TYPES}


def vessels_in(sent: Span, entity_at: list[Entity | None]) -> list[str]:
    return list(
        dict.fromkeys(e[0] for t in sent if (e := entity_at[t.i]) is not None and e[1] in VESSEL_TYPES)
    )
