"""From a trigger and its frame to a candidate event: the type's builder, then the checks every
event passes."""

from __future__ import annotations

from spacy.tokens import Token

from armswatch.events.frames.context import Candidate, Context, _unqualified
from armswatch.events.frames.lexicon import frame_type
from armswatch.events.frames.modality import _requested, modality
from armswatch.events.frames.nouns import _NOUN_BUILDERS, _attempt_frame, _use_frame
from armswatch.events.frames.places import add_event_places
from armswatch.events.frames.roles import _places_from
from armswatch.events.frames.strikes import (
    _add_owning_states,
    _live_fire_test,
)
from armswatch.events.frames.verbs import (
    _VERB_BUILDERS,
    _receives_a_visitor,
)


def build_candidate(trigger: Token, frame: str, ctx: Context) -> Candidate | None:
    """The event a trigger signals, with the roles its parse gives, or None when it is not one."""
    if frame == "use":
        return _use_frame(trigger, ctx)
    if frame == "attempt":
        return _attempt_frame(trigger, ctx)
    if frame == "transfer_receive" and _receives_a_visitor(trigger, ctx):
        frame = "meeting"  # "Xi received the Iranian foreign minister": a reception, not a delivery
    etype = frame_type(frame)
    c = Candidate(etype, trigger, frame, anchors=[trigger])
    hypothetical, c.planned, c.negated = modality(trigger)
    if hypothetical:
        return None
    is_verb = trigger.pos_ in ("VERB", "AUX") or trigger.tag_ == "VBN"
    builder = _VERB_BUILDERS.get(etype) if is_verb else _NOUN_BUILDERS.get(etype)
    if builder is None:
        return None
    if not builder(c, ctx):
        return None
    c.actor, c.target = _unqualified(c.actor), _unqualified(c.target)
    if not is_verb and not any(p.role == "location" for p in c.places):
        _add_clause_places(c, ctx)
    if etype == "attack" and _live_fire_test(trigger):
        c.type, c.target = "weapons_test", []  # a sinking exercise on a retired hull tests the weapon
    if c.type == "attack":
        _add_owning_states(c, ctx)
    add_event_places(c, ctx)
    if c.negated and etype != "transfer":
        return None
    if any(_requested(a) for a in c.anchors):
        return None
    return c


def _add_clause_places(c: Candidate, ctx: Context) -> None:
    """Where a nominal event takes place, told by a clause on its noun: "a G20 summit he is hosting today
    in St Petersburg", "the talks, held in Doha", "drills that began in the Baltic"."""
    for clause in c.trigger.children:
        if clause.dep_ not in ("relcl", "acl") or clause.pos_ not in ("VERB", "AUX"):
            continue
        found, _ = _places_from(clause, ctx, motion=False)
        c.places += [p for p in found if p.role == "location" and p not in c.places]
