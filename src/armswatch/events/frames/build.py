"""From a trigger and its frame to a candidate event: the type's builder, then the checks every
event passes."""

from __future__ import annotations

from spacy.tokens import Token

from armswatch.events.frames.context import Candidate, Context, _unqualified
from armswatch.events.frames.lexicon import frame_type
from armswatch.events.frames.modality import _requested, modality
from armswatch.events.frames.nouns import _NOUN_BUILDERS, _attempt_frame, _use_frame
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
    if etype == "attack" and _live_fire_test(trigger):
        c.type, c.target = "weapons_test", []  # a sinking exercise on a retired hull tests the weapon
    if c.type == "attack":
        _add_owning_states(c, ctx)
    if c.negated and etype != "transfer":
        return None
    if any(_requested(a) for a in c.anchors):
        return None
    return c
