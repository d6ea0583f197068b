"""From a trigger and its frame to a candidate event: the type's builder, then the checks every
event passes."""

from __future__ import annotations

from spacy.tokens import Token

from armswatch.events.frames.context import Candidate, Context, _unqualified
from armswatch.events.frames.lexicon import frame_type
from armswatch.events.frames.modality import _requested, modality
from armswatch.events.frames.nouns import _NOUN_BUILDERS, _attempt_frame, _use_frame
from armswatch.events.frames.places import add_event_places
from armswatch.events.frames.roles import CIVIL_CATEGORIES, INCLUDING_VERBS, _places_from, _scope_tokens
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
    if c.type in ("attack", "weapons_test"):
        _add_weapons_used(c, ctx, is_verb)
    if c.type == "seizure" and is_verb:
        _add_cargo_found(c)
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


# Verbs whose object is the weapon with which the clause they govern is done ("used a truck bomb to attack")
USING_VERBS = frozenset({"use", "employ", "deploy"})
# Verbs that carry a nominal attack ("jets carried out airstrikes", "the strike was carried out by drones")
CARRYING_OUT_VERBS = frozenset({"carry", "conduct", "launch", "stage", "mount", "execute", "perform"})
# Attack verbs whose object is the weapon set off or thrown, not the target ("detonated a car bomb",
# "lobbed grenades at a checkpoint"; triggers.THROWING_VERBS and the verbs of setting off a charge)
WEAPON_OBJECT_VERBS = frozenset({"throw", "hurl", "lob", "fling", "toss", "detonate", "explode", "plant"})
# Verbs of firing whose object, told first, is what a coordinated verb of striking strikes with
FIRING_VERBS = frozenset({"fire", "launch", "shoot"})
# What a volley or a kind of fire is of ("mortar fire hit", "a drone strike killed")
FIRE_NOUNS = frozenset({"fire", "barrage", "salvo", "volley", "strike", "attack", "shelling"})
# Verbs by which the seizers find the cargo, beside the seizure ("boarded the freighter and found 2,000
# rifles", "impounded the ship after finding weapons")
FINDING_VERBS = frozenset({"find", "recover", "discover", "uncover", "seize", "confiscate"})


def _add_weapons_used(c: Candidate, ctx: Context, is_verb: bool) -> None:
    """The weapon an attack or a test is done with, where the parse puts it outside the verb's objects
    (the items of an event are those under its scope): of an attack, the striking subject ("Russian
    Tu-95 bombers struck a plant", "two drones hit a ship", "a drone that struck a base", "mortar fire
    hit the airport"), the "by" of a passive, the object of a verb of setting off or throwing
    ("detonated a car bomb") and of a verb of firing before it ("fired a missile and struck a ship");
    of both, a "with" the parser hangs inside the object ("hit a command post with HIMARS rockets",
    "pounded positions along the front line with glide bombs") and the object of "use" before the act
    ("used a truck bomb to attack"); of a nominal one, what it "involved" or "included" ("the barrage
    included 40 rockets") and the doer of its light verb ("jets carried out airstrikes", "the strike was
    carried out by Israeli aircraft"). Only a phrase headed by a weapon the items lexicon names joins."""
    v = c.trigger
    roots: list[Token] = []
    if not is_verb:
        if v.dep_ == "nsubj" and v.head.lemma_.lower() in INCLUDING_VERBS:
            roots += [o for o in v.head.children if o.dep_ == "dobj"]
        if c.type == "attack" and v.head.lemma_.lower() in CARRYING_OUT_VERBS:
            if v.dep_ == "dobj":
                roots += [s for s in v.head.children if s.dep_ == "nsubj"]
            elif v.dep_ == "nsubjpass":
                roots += _agent_objects(v.head)
    elif c.type == "attack":  # (a test's subject is who tests: "a destroyer tested a missile")
        roots += [s for s in v.children if s.dep_ == "nsubj"]
        roots += _agent_objects(v)
        if v.dep_ == "relcl" and any(s.tag_ in ("WDT", "WP") for s in roots):
            roots.append(v.head)  # "the drone that struck": the relative pronoun stands for the noun
        if v.lemma_.lower() in WEAPON_OBJECT_VERBS:
            roots += [o for o in v.children if o.dep_ == "dobj"]
        if v.dep_ == "conj" and v.head.lemma_.lower() in FIRING_VERBS:
            roots += [o for o in v.head.children if o.dep_ == "dobj"]
    for o in v.children:
        if o.dep_ == "dobj":
            roots += [p for w in _scope_tokens(o, v) if w.dep_ == "prep" and w.lower_ == "with"
                      for p in w.children if p.dep_ == "pobj"]
    if v.dep_ in ("xcomp", "advcl") and v.head.lemma_.lower() in USING_VERBS:
        roots += [o for o in v.head.children if o.dep_ == "dobj"]
    for r in roots:
        # the weapon itself, or what a count or a volley is "of" ("dozens of drones", "a salvo of missiles"),
        # or the kind of fire ("mortar fire", "a drone strike")
        heads = [r] + [p for w in r.children if w.dep_ == "prep" and w.lower_ == "of"
                       for p in w.children if p.dep_ == "pobj"]
        if r.lemma_.lower() in FIRE_NOUNS:
            heads += [m for m in r.children if m.dep_ in ("compound", "amod") and m.i < r.i]
        if any(_weapon(h, ctx) for h in heads) and r not in c.scope:
            c.scope.append(r)


def _agent_objects(v: Token) -> list[Token]:
    """The "by" of a passive verb: "was hit by a roadside bomb"."""
    return [o for a in v.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]


def _add_cargo_found(c: Candidate) -> None:
    """What the seizers found on board, told by a verb beside the seizure ("boarded the freighter and
    found 2,000 rifles in its hold", "impounded the ship after finding weapons"): its object is the
    seizure's cargo, whatever the items lexicon calls it."""
    v = c.trigger
    beside = [k for k in v.children if k.dep_ == "conj"]
    beside += [k for p in v.children if p.dep_ == "prep" for k in p.children if k.dep_ == "pcomp"]
    beside += [k for k in v.children if k.dep_ == "advcl"]
    for k in beside:
        if k.lemma_.lower() in FINDING_VERBS:
            c.scope += [o for o in k.children if o.dep_ == "dobj" and o not in c.scope]


# Aircraft words that name people as often ("Boko Haram fighters raided", "a suicide bomber blew himself
# up"): as the doer of an attack, a weapon only when the item says more ("fighter jets", "Tu-95 bombers")
PEOPLE_TOO = frozenset({"fighter", "bomber"})


def _weapon(t: Token, ctx: Context) -> bool:
    k = ctx.item_at[t.i]
    if k < 0 or ctx.item_category(k) in CIVIL_CATEGORIES:
        return False
    alone = all(ctx.item_at[n.i] != k for n in t.doc[max(t.i - 3, 0):t.i + 4] if n.i != t.i)
    return not (alone and t.lemma_.lower() in PEOPLE_TOO)
