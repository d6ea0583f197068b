"""Passes over all of a document's candidate events: what one sentence leaves to the ones around it
(the other side of an exchange, the parties of a shipment told in pieces, the act a statement is about,
the legs of a route, the day of a statement)."""

from __future__ import annotations

from spacy.tokens import Token

from armswatch.events.attribution import Attribution
from armswatch.events.entity_map import with_states
from armswatch.events.found import _Found
from armswatch.events.frames import ACTOR_TYPES, Candidate, Entity, frame_type, lexicon, subject_of
from armswatch.events.frames.roles import _scope_tokens
from armswatch.events.items import ItemMention
from armswatch.events.models import EVENT_TYPES, ItemValue, PlaceRole
from armswatch.events.when import merge_spans as _merge_spans
from armswatch.events.when import token_at

ONWARD_WORDS = frozenset({"then", "subsequently", "later", "onward", "onwards", "thereafter", "afterwards"})
ANAPHORIC_DETS = frozenset({"the", "this", "these", "those", "that", "such"})


def _scope_indices(c: Candidate) -> set[int]:
    out: set[int] = set()
    for root in c.scope:
        out.update(t.i for t in _scope_tokens(root, c.trigger))
    return out


# How far (in sentences) a transfer may borrow an unsaid side from another: a report's follow-up
# sentences ("the government later supplied 300 more") come within a few sentences of the full account;
# further off, the sides belong to another story (a ship's former owner, background of another year).
SIDE_WINDOW = 4


# ------------------------------------------------------------------------------------------ discourse passes


def _complete_exchanges(
    found: list[_Found], items: list[ItemMention], starts: list[int], entity_at: list[Entity | None]
) -> None:
    """ "X supplies shells in exchange for Y's satellite know-how": a counter-transfer of the technology."""
    extra: list[tuple[int, _Found]] = []
    for n, f in enumerate(found):
        c = f.cand
        if c.type != "transfer" or c.exchange is None:
            continue
        x = c.exchange
        if x.lemma_.lower() in ("exchange", "return"):
            continue  # "in return" alone: the sides are filled from the report (_fill_transfer_sides)
        sub = {t.i for t in x.subtree}
        suppliers = list(
            dict.fromkeys(
                e[0] for i in sorted(sub) if (e := entity_at[i]) is not None and e[1] in ACTOR_TYPES
            )
        )
        counter = Candidate("transfer", x, "exchange", anchors=[x], scope=[x])
        counter.actor = suppliers or list(c.target)
        counter.target = list(c.actor)
        if not c.target and suppliers:
            c.target = [s for s in suppliers if s not in c.actor]
        if not counter.actor or not counter.target:
            continue
        its = [
            ItemValue(it.category, it.text, None) for it in items if token_at(starts, it.char_start) in sub
        ]
        if not its:
            continue
        g = _Found(counter, f.sentence, f.sentence_no, f.attribution, items=its, times=list(f.times))
        extra.append((n + 1, g))
    for pos, g in reversed(extra):
        found.insert(pos, g)


def _fill_transfer_sides(found: list[_Found]) -> None:
    """Unsaid sides of a transfer from the latest transfer shortly before it (at most SIDE_WINDOW
    sentences) that shares the said side: a side is never taken from an unrelated part of the report."""
    seen: list[_Found] = []

    def near(g: _Found, f: _Found) -> bool:
        return abs(f.sentence_no - g.sentence_no) <= SIDE_WINDOW

    for f in found:
        c = f.cand
        if c.type != "transfer":
            continue
        recent = [g.cand for g in seen if near(g, f)]
        if c.actor and not c.target:
            prev = next((p for p in reversed(recent) if set(p.actor) & set(c.actor) and p.target), None)
            if prev is not None:
                c.target = [t for t in prev.target if t not in c.actor]
        elif c.target and not c.actor:
            prev = next((p for p in reversed(recent) if set(p.target) & set(c.target) and p.actor), None)
            if prev is None and c.exchange is not None:  # "in return": the other side of the last deal
                prev2 = next((p for p in reversed(recent) if set(p.actor) & set(c.target) and p.target), None)
                if prev2 is not None:
                    c.actor = [t for t in prev2.target if t not in c.target]
            elif prev is not None:
                c.actor = [a for a in prev.actor if a not in c.target]
        elif not c.actor and not c.target and _anaphoric_cargo(c) and recent:
            c.actor, c.target = list(recent[-1].actor), list(recent[-1].target)
        if c.actor or c.target:
            seen.append(f)
        if not (c.actor or c.target):
            f.dropped = True
    # a lead that names one side ("X's supply of arms") is completed by the fuller account after it
    for n, f in enumerate(found):
        c = f.cand
        if c.type != "transfer" or f.dropped or (c.actor and c.target):
            continue
        later = [
            g.cand for g in found[n + 1 :]
            if g.cand.type == "transfer" and g.cand.actor and g.cand.target and near(g, f)
        ]
        if c.actor:
            nxt = next((p for p in later if set(p.actor) & set(c.actor)), None)
            if nxt is not None:
                c.target = [t for t in nxt.target if t not in c.actor]
        else:
            nxt = next((p for p in later if set(p.target) & set(c.target)), None)
            if nxt is not None:
                c.actor = [a for a in nxt.actor if a not in c.target]


def _anaphoric_cargo(c: Candidate) -> bool:
    for root in c.scope + [c.trigger]:
        for t in root.subtree:
            if t.dep_ == "det" and t.lower_ in ANAPHORIC_DETS and t.head.lemma_.lower() in lexicon().cargo:
                return True
    subj = subject_of(c.trigger) if c.trigger.pos_ == "VERB" else None
    psubj = [x for x in c.trigger.children if x.dep_ == "nsubjpass"]
    for s in ([subj] if subj is not None else []) + psubj:
        if any(d.lower_ in ANAPHORIC_DETS for d in s.children if d.dep_ == "det"):
            return True
    return False


def _link_about(found: list[_Found]) -> None:
    """Denials and condemnations -> the transfer they speak of; denials set its stance."""
    last_transfer: int | None = None
    for n, f in enumerate(found):
        c = f.cand
        if c.type == "transfer" and not f.dropped:
            last_transfer = n
            continue
        if c.type not in ("denial", "condemnation"):
            continue
        inside = None
        scope = _scope_indices(c) | ({t.i for t in c.trigger.subtree} if not f.judgement else set())
        for m, g in enumerate(found):
            if g.cand.type == "transfer" and g.sentence_no == f.sentence_no and g.cand.trigger.i in scope:
                inside = m
                break
        if inside is None and c.type == "condemnation" and not c.target:
            named = _named_event(found, n, _scope_indices(c))
            condemned = [a for a in found[named].cand.actor if a not in c.actor] if named is not None else []
            if condemned:  # "denounced the launch": the launch's actor is the condemned
                f.about, c.target = named, condemned
                continue
        f.about = inside if inside is not None else last_transfer
        if inside is not None and found[inside].attribution.verb in (None, c.trigger):
            g = found[inside]
            if c.type == "denial":
                g.attribution = Attribution(list(c.actor), "deny", f.attribution.verb)
            elif not g.attribution.speakers:
                g.attribution.speakers = list(c.actor)
        if not c.target and c.type == "condemnation" and f.about is not None:
            t = found[f.about].cand
            c.target = [a for a in (t.actor + (t.target if f.judgement else [])) if a not in c.actor]


# How far back (sentences) a condemnation's object ("the launch", "the strike") looks for the event it
# names; a report states the event and the reactions to it in neighbouring paragraphs. Reasoned (two or
# three sentences of reaction per paragraph), not measured: the seeds have no such case.
NAMED_EVENT_REACH = 6


# Nouns that name an act without saying which ("condemned the decision/move/step")
GENERIC_EVENT_NOUNS = frozenset({"decision", "move", "step", "measure", "action", "act"})


def _named_event(found: list[_Found], n: int, scope: set[int]) -> int | None:
    """The event a condemnation's object names by its noun ("condemned the launch/strike/seizure"): one
    of that type in the same sentence under the object, else the latest one before it in the report."""
    f = found[n]
    lex = lexicon()
    nouns = [t for t in f.sentence
             if t.i in scope and t.i != f.cand.trigger.i and t.pos_ in ("NOUN", "PROPN")]
    named_types = {
        frame_type(frame) for t in nouns if (frame := lex.nouns.get(t.lemma_.lower())) is not None
    } - {"condemnation", "denial", "transfer"}
    reach = NAMED_EVENT_REACH
    if not named_types and any(t.lemma_.lower() in GENERIC_EVENT_NOUNS for t in nouns):
        # "condemned the decision": the latest act of any kind
        named_types = set(EVENT_TYPES) - {"condemnation", "denial"}
    elif not named_types and _reaction_to_what_was_told(f, scope):
        # "X fired a missile. Tokyo condemned it / lodged a protest": the act just told
        named_types, reach = set(EVENT_TYPES) - {"condemnation", "denial"}, REACTION_REACH
    if not named_types:
        return None
    for m, g in enumerate(found):
        if g.sentence_no == f.sentence_no and g.cand.trigger.i in scope and g.cand.type in named_types:
            if g.cand.actor:
                return m
            break  # "said the launch was a provocation": the launch told before, with who launched
    for m in range(n - 1, -1, -1):
        g = found[m]
        if f.sentence_no - g.sentence_no > reach:
            break
        if g.cand.type in named_types and g.cand.actor and not g.dropped:
            return m
    return None


# How far back (sentences) "condemned it" or an objectless "protested" looks for the act it answers: a
# pronoun's antecedent is in the sentence before or the one before that (reasoned, as above)
REACTION_REACH = 2
# What a condemnation may be said about; without any of these it answers what was just told
ABOUT_PREPS = frozenset({"over", "at", "against", "about", "on", "for", "to", "with", "of", "by"})


def _reaction_to_what_was_told(f: _Found, scope: set[int]) -> bool:
    """A condemnation whose object is a pronoun ("Tokyo condemned it") or that names nothing it is about
    ("Japan lodged a protest through diplomatic channels", "Seoul protested"): a reaction to the act the
    report has just told."""
    if f.judgement:
        return False  # a judgement needs what it is said of in its own sentence
    trig = f.cand.trigger
    if any(t.i in scope and t.lower_ in ("it", "this", "that", "them") and t.dep_ in ("dobj", "pobj")
           for t in f.sentence):
        return True
    heads = [trig] + [t for t in trig.children if t.dep_ == "dobj"]
    return not any(c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN") and c.lemma_.lower() not in
                   lexicon().nouns for c in trig.children) and not any(
        c.dep_ in ("prep", "agent") and c.lower_ in ABOUT_PREPS for h in heads for c in h.children)


def _condemns_an_act(f: _Found) -> bool:
    """A condemnation with nobody named as condemned still stands when a condemning verb or noun has an
    act of our types as its object ("Iraq's government condemned the drone strike": who struck is not yet
    known), or a judgement is said of such an act ("called the strike a war crime"; its scope is what it
    is said of). A judgement word alone ("a serious threat") needs someone it is said of, and "criticised
    the decision" names no act."""
    lex = lexicon()
    if f.judgement:  # only the thing judged itself, not what its phrase mentions ("the potential for ...")
        return any(t.pos_ == "NOUN" and (t.lemma_.lower() in CONDEMNED_ACTS or frame_type(
            lex.nouns.get(t.lemma_.lower(), "condemnation")) not in ("condemnation", "denial"))
            for t in f.cand.scope)
    scope = _scope_indices(f.cand)
    return any(
        t.i in scope and t.pos_ == "NOUN" and (
            t.lemma_.lower() in CONDEMNED_ACTS or _use_of_arms(t)
            or (frame := lex.nouns.get(t.lemma_.lower())) is not None
            and frame_type(frame) not in ("condemnation", "denial"))
        for t in f.sentence
    )


# What "the use of" names when it is force used: "condemned the use of cluster munitions in Kharkiv",
# "deplored the use of chemical weapons" (CAMEO 19x/20x; not "the use of social media")
USED_ARMS = frozenset({"weapon", "munition", "bomb", "missile", "rocket", "drone", "gas", "chemical",
                       "cluster", "force", "landmine", "mine", "phosphorus", "napalm", "shell", "artillery",
                       "ammunition"})


def _use_of_arms(t: Token) -> bool:
    if t.lemma_.lower() != "use":
        return False
    return any(w.lemma_.lower() in USED_ARMS for c in t.children if c.dep_ == "prep" and c.lower_ == "of"
               for w in c.subtree)


# Acts of violence and force a condemnation names by a noun outside our event types ("deplored the
# killing of aid workers", "condemned the coup"): CAMEO's assault and mass-violence codes (18, 20) and
# the acts of PLOVER's ASSAULT and COERCE a state is condemned for
CONDEMNED_ACTS = frozenset({
    "killing", "massacre", "murder", "assassination", "execution", "atrocity", "violence", "crackdown",
    "coup", "aggression", "occupation", "annexation", "genocide", "abduction", "kidnapping", "bloodshed",
    "deployment", "buildup", "build-up", "militarization", "militarisation",
    # arrests and detentions (CAMEO 173, PLOVER COERCE): "denounced the detention of the ship's crew"
    "detention", "arrest", "imprisonment", "expulsion",
    # the nouns of the attack_armed verbs (frames.yaml): "denounced the storming of its embassy"
    "storming", "raid", "incursion", "siege", "hijacking", "beheading", "torching",
})


def _legs_to_via(found: list[_Found]) -> None:
    """ "... sailed to A. From there the cargo went by road to B": A is a via point of the shipment."""
    prev: _Found | None = None
    for f in found:
        c = f.cand
        if c.type != "transfer" or f.dropped:
            continue
        onward = any(t.lower_ in ONWARD_WORDS for t in c.trigger.children if t.dep_ == "advmod")
        if onward and prev is not None and any(p.role == "destination" for p in c.places):
            prev.cand.places = [
                PlaceRole(p.entity, "via") if p.role == "destination" else p for p in prev.cand.places
            ]
        prev = f


STATEMENT_CARRY_SENTENCES = 3  # a spokesman's briefing runs over a few sentences of a report (reasoned)


def _carry_statement_dates(found: list[_Found]) -> None:
    """ "The US said on Tuesday that ... . '...,' Kirby told reporters": an undated statement by a speaker
    who made a dated one a few sentences before was made that day (stated_on only; `when` is settled)."""
    voices = [set(with_states(f.attribution.speakers, True)) for f in found]  # Kirby speaks for the US
    for n, f in enumerate(found):
        if f.stated or not voices[n] or f.attribution.stance == "hedge":  # "the US believes": no one day
            continue
        for m in range(n - 1, -1, -1):
            g = found[m]
            if f.sentence_no - g.sentence_no > STATEMENT_CARRY_SENTENCES:
                break
            day = _merge_spans(g.stated)
            if day is not None and day.start == day.end and len(day.start) == 10 and voices[n] & voices[m]:
                f.stated = list(g.stated)
                break
