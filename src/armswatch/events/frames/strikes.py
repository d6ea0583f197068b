"""Frames of blows and tests: what an attack verb hit and where, when a blow was a test or a rehearsal,
and the states a struck place or ship belongs to (split from verbs.py)."""

from __future__ import annotations

from spacy.tokens import Token

from armswatch.entities.generic import generic_type
from armswatch.entities.linking import NAVY_OF_PREFIX
from armswatch.events.frames.context import Candidate, Context, Entity, _add, _ids, actors, entities_under
from armswatch.events.frames.lexicon import (
    ACTOR_TYPES,
    AIM_PREPS,
    PLACE_TYPES,
    TEST_ITEM_WORDS,
    VESSEL_TYPES,
    WATER_WORDS,
    frame_type,
    lexicon,
)
from armswatch.events.frames.parse import (
    children,
    clause_head,
    hedged_objects,
    prep_objects,
    preps,
    subject_of,
)
from armswatch.events.frames.roles import (
    _named_country,
    _places_from,
    _scope_tokens,
    _verb_roles,
)
from armswatch.events.frames.triggers import WEAPON_FIRE_WORDS, _throws_arms, shot_down
from armswatch.events.models import PlaceRole


def _aimed_at(tok: Token, ctx: Context) -> list[Entity]:
    out = []
    for prep, obj in prep_objects(tok):
        if prep in AIM_PREPS and obj.lemma_.lower() not in WATER_WORDS:
            out.extend(
                e for e in entities_under(obj, ctx) if e[1] in ACTOR_TYPES | PLACE_TYPES | VESSEL_TYPES
            )
    return out


def _test_item_in(c: Candidate, ctx: Context) -> bool:
    for root in c.scope:
        for t in _scope_tokens(root, c.trigger):
            if t.lower_.startswith(TEST_ITEM_WORDS) or t.lemma_.lower().startswith(TEST_ITEM_WORDS):
                return True
            k = ctx.item_at[t.i]  # a weapon the items lexicon names ("a new air defence system")
            if k >= 0 and ctx.item_category(k) in TESTED_CATEGORIES:
                return True
    return False


# Item categories of weapons whose trials are weapons tests (not goods: fuel, commodities, dual-use parts)
TESTED_CATEGORIES = frozenset({"ballistic_missile", "cruise_missile", "rocket", "drone", "air_defence",
                               "artillery_ammunition", "naval_vessel", "aircraft", "armoured_vehicle"})


def _test_verb(c: Candidate, ctx: Context) -> bool:
    v = c.trigger
    doer, _ = _verb_roles(c, ctx)
    c.scope = children(v, "dobj") + children(v, "nsubjpass") + hedged_objects(v)
    if not c.scope and v.dep_ == "acl" and v.tag_ == "VBN":  # "a missile fired towards the destroyer"
        c.scope = [v.head]
    if not c.scope and v.dep_ == "conj" and v.i > v.head.i:  # "unveiled and tested a new air defence
        c.scope = [o for o in children(v.head, "dobj") if o.i > v.i]  # system": the object both share
    if any(lexicon().nouns.get(o.lemma_.lower()) == "attack" for o in c.scope):
        return False  # "launched a missile strike": the strike is the event (an attack)
    if not _test_item_in(c, ctx):
        return _fired_upon(c, ctx, doer)
    aimed = _aimed_at(v, ctx) if c.frame == "fire_launch" else []
    if c.frame == "fire_launch" and not aimed:  # "fired missiles at Ukraine": the parser hangs "at" on them
        # (or on the last of its coordinated objects: "launched 40 missiles and 30 drones at Kharkiv")
        aimed = [e for o in children(v, "dobj") for x in (o, *o.conjuncts) for e in _aimed_at(x, ctx)]
    if c.frame == "fire_launch" and not aimed:  # "launched drones from Crimea at Odesa": or on the origin
        aimed = [e for o in preps(v, "from") for e in _aimed_at(o, ctx)]
    if c.frame == "fire_launch" and not aimed:
        aimed = _shells_into_foreign_waters(v, c, ctx, doer)
    c.places, _ = _places_from(v, ctx, motion=False)
    c.actor = actors(doer)
    if c.frame == "fire_launch" and not aimed and (_aimed_at_struck_thing(v) or _intercepted(v)):
        # "launched a wave of drones at the city": a town is not a test range; "launched 40 drones, 36 of
        # which were shot down": nobody intercepts a test
        c.type = "attack"
    doc = v.doc
    called_a_test = v.i >= 2 and doc[v.i - 1].text == "-" and doc[v.i - 2].lower_ == "test"  # "test-fired"
    if aimed and called_a_test:  # "test-fired its missiles at a base in Pingtung": where, not at whom
        c.places += [PlaceRole(e, "location") for e, t in aimed if t in PLACE_TYPES]
        aimed = []
    if aimed:
        c.type = "attack"
        # (a ship fired at is struck in its own name, as in `_attack_verb`: "towards the destroyer USS X")
        c.target = [e for e, t in aimed if t in ACTOR_TYPES | VESSEL_TYPES and e not in c.actor]
        c.places += [PlaceRole(e, "location") for e, t in aimed if t in PLACE_TYPES]
        if not c.target:  # "missiles at Kyiv" are fired at Ukraine
            c.target = [
                cc for e, t in aimed if t in PLACE_TYPES and (cc := ctx.country_of(e)) and cc not in c.actor
            ][:1]
    c.vessels = _ids(aimed, VESSEL_TYPES)
    if c.type == "weapons_test" and c.frame == "fire_launch" and not called_a_test and c.actor and all(
            ctx.types.get(a) == "armed_group" for a in c.actor):
        # militias fire rockets and drones at someone, seldom in a test; one they call a test ("the Houthis
        # test-fired a new missile") is a test
        c.type = "attack"
    if c.type == "attack" and _live_fire_test(v):  # "fired a missile into the Pacific in a rare test"
        c.type, c.target = "weapons_test", []
    # "rockets were fired from Lebanon towards the town of X": a blow aimed by an unnamed hand (issue 9)
    return bool(c.actor) or (c.type == "attack" and bool(c.target or c.places))


# Participles that name who holds or uses a thing struck ("bases used by", "positions held by")
HOLDING_VERBS = frozenset({"use", "operate", "run", "hold", "control", "occupy", "man", "own"})


def _holders_of_struck(objs: list[Token], ctx: Context) -> list[str]:
    """The parties named as holding or using what was struck: "facilities used by Kataib Hezbollah",
    "positions held by PKK militants", "villages controlled by Ukrainian troops"."""
    out: list[str] = []
    for o in objs:
        for t in o.subtree:
            if t.dep_ == "acl" and t.tag_ == "VBN" and t.lemma_.lower() in HOLDING_VERBS:
                out += [e for a in children(t, "agent") for p in children(a, "pobj")
                        for e, k in entities_under(p, ctx) if k in ACTOR_TYPES and e not in out]
    return out


def _shells_into_foreign_waters(v: Token, c: Candidate, ctx: Context, doer: list[Entity]) -> list[Entity]:
    """ "accused South Korea of firing shells into the North's waters": artillery fired into another
    state's waters is fired at that state (a test fires missiles into the sea, seldom shells into a
    neighbour's waters)."""
    cats = {ctx.item_category(ctx.item_at[t.i]) for root in c.scope for t in root.subtree
            if ctx.item_at[t.i] >= 0}
    if cats != {"artillery_ammunition"}:
        return []
    own = {e for e, _ in doer}
    return [(e, t) for o in preps(v, "into") if o.lemma_.lower() in WATER_WORDS
            for e, t in entities_under(o, ctx) if t == "country" and e not in own]


# Prepositions of what is fired upon: "fired on protesters", "fired at a convoy" (not "into the sea")
FIRED_UPON_PREPS = ("on", "at", "upon")


def _fired_upon(c: Candidate, ctx: Context, doer: list[Entity]) -> bool:
    """An armed hand firing on people or things with no weapon named ("troops fired on a crowd of
    demonstrators", "gunmen fired at a bus"): an attack; nobody fires "on" anything in a test."""
    v = c.trigger
    if v.lemma_.lower() != "fire" or not _armed_hand(doer):
        return False
    objs = [o for o in preps(v, *FIRED_UPON_PREPS)
            if o.lemma_.lower() not in WATER_WORDS and o.ent_type_ not in ("DATE", "TIME")]
    if not objs or children(v, "dobj"):
        return False  # "fired a warning shot", "fired him on Monday"
    c.type = "attack"
    c.actor = actors(doer)
    struck = [e for o in objs for e in entities_under(o, ctx)]
    c.target = [e for e, t in struck if t in ACTOR_TYPES | VESSEL_TYPES and e not in c.actor]
    c.vessels = _ids(struck, VESSEL_TYPES)
    c.places, _ = _places_from(v, ctx, motion=False)
    for o in objs:
        c.places += [p for p in _places_from(o, ctx, motion=False)[0] if p not in c.places]
    c.places += [PlaceRole(e, "location") for e, t in struck if t in PLACE_TYPES
                 and PlaceRole(e, "location") not in c.places]
    _own_ground_as_target(c, ctx)
    return bool(c.actor)


# Entity types that can be a side of a clash: states and armed groups (a state's forces stand for it)
ARMED_SIDE_TYPES = frozenset({"country", "armed_group"})


def _armed(ents: list[Entity]) -> list[str]:
    return [e for e, k in ents if k in ARMED_SIDE_TYPES or generic_type(e) == "armed_group"]


def _armed_hand(ents: list[Entity]) -> bool:
    """A state, an armed group, or a force named by a common noun ("troops", "security forces")."""
    return any(k in ARMED_SIDE_TYPES or generic_type(e) for e, k in ents)


def _clash(c: Candidate, ctx: Context) -> bool:
    """Two armed sides fighting: "Kurdish fighters clashed with Turkish troops" (the subject attacks, the
    "with" side is attacked), "fighting between A and B", "heavy fighting with Congolese troops" (the
    clause's subject against the "with" side). Both sides must be states or armed groups."""
    t = c.trigger
    between = [o for p in preps(t, "between") for o in (p, *p.conjuncts)]
    if len(between) >= 2:
        first = _armed(entities_under(between[0], ctx))
        other = _armed([e for o in between[1:] for e in entities_under(o, ctx)])
    else:
        doer = subject_of(t if t.pos_ in ("VERB", "AUX") else clause_head(t))
        first = _armed(entities_under(doer, ctx)) if doer is not None else []
        other = _armed([e for o in preps(t, "with", "against") for e in entities_under(o, ctx)])
    c.actor = first
    c.target = [e for e in other if e not in first]
    c.places, _ = _places_from(t, ctx, motion=False)
    return bool(c.actor and c.target)


def _attack_verb(c: Candidate, ctx: Context) -> bool:
    if c.frame == "attack_clash":
        return _clash(c, ctx)
    lex = lexicon()
    v = c.trigger
    if c.frame == "attack_impact" and not _weapon_subject(v, ctx):
        return False  # "the car crashed into a wall", "markets crashed"
    if _a_sports_result(v):
        return False  # "Germany beat France 2-1 in a friendly": national teams, not states
    if _downed_munitions(v, ctx):
        return False  # "shot down 30 of the 40 drones Russia launched": air defence, not a blow struck
    doer, undergoer = _verb_roles(c, ctx)
    objs = children(v, "dobj") + children(v, "nsubjpass")
    # "hit a target/its target" is a goal met; "struck targets in Syria" (plural) is a military strike
    if any(o.lemma_.lower() in lex.attack_non_objects and o.lower_ != "targets" and not _military_object(o)
           for o in objs):
        return False
    if _struck_by_measures(v):
        # "entities hit by sanctions", "sectors targeted by export controls": no blow struck; the measure
        # targets whom it names ("the EU's sanctions package targets Russian diamond exports")
        return _sanctions_targeting(c, ctx)
    undergoer += [e for e in _aimed_at(v, ctx) if e not in undergoer]
    c.actor = actors(doer)
    if c.frame == "attack_armed" and not _armed_hand(doer) and not _weapon_subject(v, ctx, aircraft=True) \
            and not _bombarded_unnamed(v, c):
        return False  # "fans stormed the pitch", "critics pummelled the plan": no armed hand
    c.target = [e for e, t in undergoer if t in ACTOR_TYPES | VESSEL_TYPES and e not in c.actor]
    holders = _holders_of_struck(objs, ctx)
    if holders:  # "struck facilities in Iraq used by Kataib Hezbollah": the group is struck, Iraq is where
        c.target = [e for e in holders if e not in c.actor]
    if v.lemma_.lower() == "exchange":
        # "Indian troops exchanged fire with Pakistani forces": the other side of the exchange is struck
        # (and strikes back), not the line or sea it happened along
        c.target = [e for o in [v, *objs] for w in preps(o, "with") for e, t in entities_under(w, ctx)
                    if t in ACTOR_TYPES and e not in c.actor] or c.target
    c.places, countries = _places_from(v, ctx, motion=False)
    c.places += [
        PlaceRole(e, "location")
        for e, t in undergoer
        if t in PLACE_TYPES and PlaceRole(e, "location") not in c.places
    ]
    # "blew up the embassies in Kenya and Tanzania", "struck three facilities in Iraq": where the things
    # struck lie is where the attack fell; "bombarded southern Israel": a state struck is struck on its soil
    for o in objs:
        c.places += [p for p in _places_from(o, ctx, motion=False)[0]
                     if p.role == "location" and p not in c.places]
        country = _named_country(o, ctx)
        if country and PlaceRole(country, "location") not in c.places:
            c.places.append(PlaceRole(country, "location"))
    c.vessels = _ids(undergoer, VESSEL_TYPES)
    c.scope = preps(v, "with")
    _struck_places_as_target(c, [e for e, t in undergoer if t in PLACE_TYPES], ctx)
    if not c.target:  # "struck targets in Syria": the country where the blows fell is the attacked
        c.target = [e for e, role in countries if role == "location" and e not in c.actor][:1]
    _own_ground_as_target(c, ctx)
    # "'We struck a depot in Kursk,' the military said": the speaker strikes (filled from the quote)
    if not c.actor and not c.first_person and (_weapon_subject(v, ctx, aircraft=True) or _throws_arms(v)):
        # "a missile hit an apartment block in Odesa", "a man threw a grenade at a police station": a blow
        # by an unnamed hand is still an attack (issue 9);
        # "hit by a roadside bomb outside Kandahar": the parser hangs the place on the weapon
        for w in [o for a in children(v, "agent") for o in children(a, "pobj")]:
            nested, sides = _places_from(w, ctx, motion=False)
            c.places += [p for p in nested if p not in c.places]
            if not c.target:
                c.target = [e for e, role in sides if role == "location"][:1]
        if not c.target and (ship := _ship_told_as_it(v, ctx)):  # "... MT Zografia was sailing to Israel
            c.target, c.vessels = [ship], [ship]  # when it was struck by a missile"
        # "a drone slammed into an apartment block, injuring five residents": the harm it did tells the
        # blow though the sentence names no place (the report's dateline or context may)
        c.unnamed_blow = (not (c.target or c.places) and _harm_told(v)) or (
            not c.target and any(water_body(p.entity) for p in c.places))  # "a drone struck a tanker in the
        # Gulf of Aden": a blow at sea, whose waters are where it fell, not whom it struck
        return bool(c.target or c.places or c.unnamed_blow)
    if not c.actor and not c.first_person and _bombarded_unnamed(v, c):
        # "a market in Kherson was shelled": a bombardment by an unnamed hand is still an attack (issue 9;
        # where the shelled thing lies is among the places already, from the objects above)
        return bool(c.target or c.places)
    # an armed hand's storming, torching or abducting is a blow whatever its object ("gunmen stormed a hotel")
    struck = _struck_thing(v) or (c.frame == "attack_armed" and bool(objs))
    return (bool(c.actor) or c.first_person) and bool(c.target or c.places or struck)


# Verbs of harm done to people: an attack told by its toll ("an attack in Iraq injured a US soldier")
HARM_VERBS = frozenset({"kill", "injure", "wound", "hurt", "maim"})


def _harm_told(v: Token) -> bool:
    """Does v, a clause on it or the verb it is a clause of tell whom the blow killed or hurt ("a bomb
    killed three passengers", "..., killing two", "... and wounded five", "were killed when ...")?"""
    if v.lemma_.lower() in HARM_VERBS and children(v, "dobj", "nsubjpass"):
        return True
    # "three people were killed when a bomb went off": the blow told in a clause on the harm
    head = v.head
    if v.dep_ == "advcl" and head.lemma_.lower() in HARM_VERBS and children(head, "dobj", "nsubjpass"):
        return True
    return bool(harm_clauses(v))


def harm_clauses(v: Token) -> list[Token]:
    """The clauses on v that tell whom a blow killed or hurt ("..., killing two", "and two soldiers were
    wounded")."""
    return [c for c in v.children if c.dep_ in ("advcl", "conj", "xcomp") and c.pos_ == "VERB"
            and c.lemma_.lower() in HARM_VERBS and children(c, "dobj", "nsubjpass")]


# Verbs of bombardment with no everyday sense in the passive ("was shelled", "were bombed"; not "hit",
# "struck", "targeted" or "attacked", which sanctions, storms and critics do too)
BOMBARDMENT_VERBS = frozenset({"shell", "bombard", "bomb", "strafe", "firebomb", "rocket", "mortar",
                               "ambush"})


def _bombarded_unnamed(v: Token, c: Candidate) -> bool:
    """A passive bombardment verb with no agent: "the town was shelled overnight", "a police officer was
    shot dead in Belfast"."""
    lemma = v.lemma_.lower()
    return ((lemma in BOMBARDMENT_VERBS or (lemma == "shoot" and c.frame == "attack_armed"))
            and bool(children(v, "nsubjpass")) and not children(v, "agent"))


# Item categories of weapons that strike by themselves: a subject of these hits as a weapon does
STRIKING_CATEGORIES = frozenset({"artillery_ammunition", "ballistic_missile", "cruise_missile", "rocket",
                                 "drone"})


def _weapon_subject(v: Token, ctx: Context, aircraft: bool = False) -> bool:
    """Is the doer of v a weapon ("a drone slammed into ...", "two missiles hit ...", "the convoy was hit
    by a roadside bomb")? With `aircraft`, a military aircraft doing an attack verb counts too ("warplanes
    pounded rebel positions", "fighter jets bombed eastern Idlib"); not for an impact ("a plane crashed
    into a building" is an accident)."""
    categories = STRIKING_CATEGORIES | {"aircraft"} if aircraft else STRIKING_CATEGORIES
    by = [o for a in children(v, "agent") for o in children(a, "pobj")]
    doers = children(v, "nsubj") + by
    if not doers and v.dep_ == "conj":  # "Drones launched from Yemen struck ...": read as two clauses
        doers = children(v.head, "nsubj")
    # what a volley or a count is of ("a barrage of rockets slammed into", "dozens of drones hit")
    doers += [o for s in doers if s.lemma_.lower() in VOLLEY_NOUNS for o in preps(s, "of")]
    for s in doers:
        # the head, or a weapon compound to it ("a drone boat struck a tanker": an unmanned surface vessel)
        boat = s.lemma_.lower() in ("boat", "ship", "vessel", "craft")
        for w in [s] + [m for m in s.children if m.dep_ == "compound" and boat]:
            k = ctx.item_at[w.i]
            if k >= 0 and (ctx.item_category(k) in categories or w.lemma_.lower() in STRIKING_ARMS):
                return True
        # (not "killed by enemy fire": a weapon named, not fire in general, strikes in the passive)
        if s not in by and s.lemma_.lower() == "fire" and any(
                m.lemma_.lower() in WEAPON_FIRE_WORDS for m in s.children if m.dep_ in ("compound", "amod")):
            return True  # "mortar fire from rebel positions hit the airport"
    return False


# Nouns that count or group what strikes ("a barrage of rockets", "a swarm of drones", "dozens of shells")
VOLLEY_NOUNS = frozenset({"barrage", "salvo", "volley", "hail", "wave", "swarm", "flurry", "string", "rain",
                          "dozen", "hundred", "score", "pair", "couple", "number", "series"})


# Words of the items lexicon's general "arms" category that go off by themselves ("a roadside bomb tore
# through a police vehicle", "a mine hit the ship")
STRIKING_ARMS = frozenset({"bomb", "explosive", "mine", "landmine", "grenade", "mortar", "ied", "artillery",
                           "howitzer"})


# What a weapon is fired at in a test: a retired hull ("the ex-Tarawa", "a decommissioned ship") or a
# target built for it; and the exercises and trials in which such firings take place (SINKEX, RIMPAC)
TEST_HULL_WORDS = frozenset({"ex", "decommissioned", "retired", "hulk", "derelict"})
TEST_SETTINGS = frozenset({"test", "exercise", "drill", "trial", "sinkex", "demonstration", "rimpac"})


# Modifiers that make a word of sport or trade a military object ("a command post", "an army post")
MILITARY_MODIFIERS = frozenset({"command", "military", "army", "border", "observation", "police", "guard",
                                "frontline", "enemy", "troop", "artillery", "radar", "naval", "militia"})


def _military_object(o: Token) -> bool:
    return any(c.dep_ in ("compound", "amod", "nmod") and c.lemma_.lower() in MILITARY_MODIFIERS
               for c in o.children)


def _live_fire_test(v: Token) -> bool:
    """A blow struck in a test: at a retired hull or a practice target, or "in/during" a test or exercise."""
    objs = children(v, "dobj", "nsubjpass") + preps(v, "of", "on", "at", "against")
    for o in objs:
        words = {t.lower_ for t in o.subtree}
        practice_target = "target" in words and words & {"surface", "practice", "mock", "drone"}
        if TEST_HULL_WORDS & words or practice_target:
            return True
    head = clause_head(v)
    if any(o.lemma_.lower() in TEST_SETTINGS or o.lower_ in TEST_SETTINGS
           for x in {v, head} for o in preps(x, "in", "during")):
        return True
    return v.pos_ == "VERB" and _practised(v)


# Verbs under which a blow is rehearsed, not struck ("practiced using a low-cost bomb to sink a ship")
PRACTICE_VERBS = frozenset({"practice", "practise", "rehearse", "simulate", "demonstrate", "train"})


def _practised(v: Token) -> bool:
    cur = v
    for _ in range(3):
        if cur.dep_ not in ("xcomp", "advcl", "ccomp", "pcomp") or cur.head == cur:
            return False
        cur = cur.head
        if cur.lemma_.lower() in PRACTICE_VERBS:
            return True
    return False


def _add_owning_states(c: Candidate, ctx: Context) -> None:
    """An attack on a state's body ("blew up the US embassies", "struck a Russian air base") is an attack
    on that state too; so a report naming the body and one naming the state agree."""
    owners = [cc for t in c.target if ctx.types.get(t) in ("organization", "facility")
              and (cc := ctx.country_of(t)) and cc not in c.actor]
    _add(c.target, owners)
    c.derived.update(owners)


def _struck_by_measures(v: Token) -> bool:
    """The doer of "hit/target/strike" is a sanction or other measure, not an armed force."""
    return bool(_measures_striking(v))


def _measures_striking(v: Token) -> list[Token]:
    """The doers of v that are measures: a sanction or measure noun, or a batch named by one ("the 12th
    sanctions package", "a new round of sanctions"), or what one is hit "with" ("hit Iran's oil sector
    with new sanctions")."""
    doers = [o for a in children(v, "agent") for o in children(a, "pobj")]
    doers += [o for p in children(v, "prep") if p.lower_ == "with" for o in children(p, "pobj")]
    subj = subject_of(v)
    if subj is not None and subj.dep_ != "nsubjpass":
        doers.append(subj)
    return [d for d in doers if _a_measure(d) or any(
        _a_sanction(m) for m in d.children if m.dep_ == "compound") or any(
        _a_sanction(o) for p in d.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children)]


def _a_sanction(tok: Token) -> bool:
    frame = lexicon().nouns.get(tok.lemma_.lower())
    return frame is not None and frame_type(frame) == "sanction"


def _a_measure(tok: Token) -> bool:
    return _a_sanction(tok) or tok.lemma_.lower() in MEASURE_NOUNS


def _sanctions_targeting(c: Candidate, ctx: Context) -> bool:
    """ "The EU's new sanctions package targets Russian diamond exports": sanctions, not measures at large
    (tariffs, laws), that a named imposer's possessive and a named target give a sanction of their own;
    "entities hit by sanctions" (passive: the measure is not new) stays nothing."""
    v = c.trigger
    subj = subject_of(v)
    if subj is None or subj.dep_ == "nsubjpass" or subj not in _measures_striking(v) or (
            subj.lemma_.lower() in MEASURE_NOUNS and not _a_sanction(subj)
            and subj.lemma_.lower() not in SANCTION_LIKE_MEASURES):
        return False
    owners = [e for p in subj.children if p.dep_ == "poss" for e in entities_under(p, ctx)]
    owners += [e for a in preps(subj, "by", "from") for e in entities_under(a, ctx)]
    # "the measures, announced by the Treasury on Wednesday, target ...": who announced or imposed them
    owners += [e for k in children(subj, "acl") if k.lemma_.lower() in MEASURE_TAKING_VERBS
               for a in children(k, "agent") for o in children(a, "pobj") for e in entities_under(o, ctx)]
    c.type = "sanction"
    c.actor = actors(owners)
    c.target = [e for o in children(v, "dobj") for e in actors(entities_under(o, ctx)) if e not in c.actor]
    c.scope = children(v, "dobj")
    return bool(c.actor and c.target)


# Measures that are sanctions when a state body that imposed them is named ("the measures, announced by the
# Treasury, target 16 entities"; not tariffs or laws at large), and the verbs that name that body
SANCTION_LIKE_MEASURES = frozenset({"measure", "restriction", "control"})
MEASURE_TAKING_VERBS = frozenset({"announce", "impose", "unveil", "adopt", "introduce", "issue"})
# Measures that "hit" or "target" without arms ("the new tariffs hit Chinese exporters")
MEASURE_NOUNS = frozenset({"measure", "restriction", "tariff", "control", "penalty", "ban", "law", "rule",
                           "regulation", "decree", "order", "policy"})


def _struck_places_as_target(c: Candidate, struck: list[str], ctx: Context) -> None:
    """With no people named as struck, the places struck are the target ("shelled Aleppo", "a strike on
    Kharkiv"), with the country they lie in; else the country where the blows fell ("killed civilians in
    Kharkiv" struck Ukraine). Both, so that a report naming the town and one naming the country agree. A
    sea is never the target ("attacks on shipping in the Red Sea")."""
    if c.target:
        return
    c.target = [e for e in struck if e not in c.actor and not water_body(e)][:2]
    states = [cc for p in c.places if (cc := ctx.country_of(p.entity)) and cc not in c.actor][:1]
    _add(c.target, states)
    c.derived.update(states)


# Words of a gazetteer id that name a sea, gulf or strait: where blows fall or ships sail, never who is struck
WATER_ID_WORDS = frozenset({"sea", "ocean", "gulf", "strait", "straits", "channel"})


def water_body(entity: str) -> bool:
    """ "yellow-sea", "persian-gulf", "strait-of-hormuz": a body of water (by its gazetteer id's words)."""
    return bool(WATER_ID_WORDS & set(entity.split("-")))


def _own_ground_as_target(c: Candidate, ctx: Context) -> None:
    """A state striking inside its own borders ("security services killed civilians in Darfur") struck that
    region, not its own country: the place is the target; so is a place whose country is unknown, but not a
    sea ("killed four South Koreans on a Yellow Sea island": the sea is where, not whom, it struck)."""
    if c.target or not c.actor:
        return
    c.target = [
        p.entity for p in c.places
        if p.role == "location" and p.entity not in c.actor and not water_body(p.entity)
        and (ctx.country_of(p.entity) in c.actor or not ctx.country_of(p.entity))
        and ctx.types.get(p.entity) != "country"
    ][:1]
    if not c.target and not c.places:  # "after rebels in Darfur rose up, Sudanese forces killed thousands"
        own = {e[0] for t in c.trigger.sent if (e := ctx.entity_at[t.i]) is not None and e[1] == "place"
               and ctx.country_of(e[0]) in c.actor}
        c.target = sorted(own) if len(own) == 1 else []


# What attacks strike when no name is given ("bombarded the city", "shelled a convoy"): an unnamed target
# still makes the verb an attack, unlike "hit the headlines" or "struck a deal"
STRUCK_NOUNS = frozenset({
    "city", "town", "village", "district", "neighbourhood", "neighborhood", "area", "region", "base", "camp",
    "convoy", "patrol", "checkpoint", "position", "post", "outpost", "port", "harbour", "harbor", "airport",
    "airfield", "depot", "facility", "plant", "refinery", "hospital", "school", "market", "building",
    "bridge",
    "ship", "vessel", "tanker", "freighter", "boat", "warship", "destroyer", "frigate", "aircraft", "drone",
    "troops", "soldier", "civilian", "protester", "police", "station", "headquarters", "compound", "embassy",
    "infrastructure", "grid", "pipeline", "capital", "stronghold", "territory", "border", "front", "line",
    "target", "site", "installation"})


INTERCEPT_VERBS = frozenset({"intercept", "down", "destroy", "neutralise", "neutralize"})


def _intercepted(v: Token) -> bool:
    """What v launched was shot down or intercepted, in the launch's own clause ("40 drones, 36 of which
    were shot down"; "launched 40 drones and air defences downed 36")."""
    near = [t for o in children(v, "dobj") for t in o.subtree]
    near += [t for k in v.children if k.dep_ in ("conj", "advcl") for t in k.subtree]
    return any(t.pos_ == "VERB" and (t.lemma_.lower() in INTERCEPT_VERBS or shot_down(t)) for t in near)


def _ship_told_as_it(v: Token, ctx: Context) -> str:
    """The ship a passive blow's "it" stands for: the last ship named before it, in its sentence or the one
    before ("the bulk carrier X was sailing to Israel when it was struck")."""
    subj = [s for s in children(v, "nsubjpass") if s.lower_ == "it"]
    if not subj:
        return ""
    sent = subj[0].sent
    start = v.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    for i in range(subj[0].i - 1, start - 1, -1):
        e = ctx.entity_at[i]
        if e is not None and e[1] in VESSEL_TYPES:
            return e[0]
    return ""


# Munitions whose downing is an interception (a shot-down jet or helicopter is a blow at its crew)
DOWNED_MUNITIONS = frozenset({"ballistic_missile", "cruise_missile", "rocket", "drone",
                              "artillery_ammunition"})


def _downed_munitions(v: Token, ctx: Context) -> bool:
    """ "shot down 30 of the 40 drones", "intercepted two missiles": what is downed is a munition in flight
    (its object, or what its count is "of")."""
    if not shot_down(v):
        return False
    objs = children(v, "dobj", "nsubjpass")
    objs += [p for o in objs for p in preps(o, "of")]
    return any(ctx.item_at[o.i] >= 0 and ctx.item_category(ctx.item_at[o.i]) in DOWNED_MUNITIONS
               for o in objs)


# Contests a match is played in ("in a friendly", "in the final")
SPORT_CONTESTS = frozenset({"friendly", "final", "semi-final", "semifinal", "quarter-final", "quarterfinal",
                            "match", "game", "tournament", "qualifier", "derby", "cup", "league", "playoff"})


def _a_sports_result(verb: Token) -> bool:
    """A score after the beaten side ("beat France 2-1") or a contest it was won in ("in the final")."""
    doc = verb.doc
    for o in (c for c in verb.children if c.dep_ == "dobj"):
        end = max(t.i for t in o.subtree) + 1
        if end + 2 < len(doc) and doc[end].like_num and doc[end + 1].text in ("-", "–") \
                and doc[end + 2].like_num:
            return True
    return any(p.lower_ == "in" and o.lemma_.lower() in SPORT_CONTESTS
               for p in verb.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj")


def _aimed_at_struck_thing(v: Token) -> bool:
    """ "fired rockets at the town", "launched drones at a port" (no name to link): aimed at something
    that is struck, not at a test's target or into the sea."""
    heads = [v] + [x for o in children(v, "dobj") for x in (o, *o.conjuncts)]
    return any(p in AIM_PREPS and p != "into" and o.lemma_.lower() in STRUCK_NOUNS and o.lower_ != "target"
               for h in heads for p, o in prep_objects(h))


def _struck_thing(v: Token) -> bool:
    objs = children(v, "dobj") + children(v, "nsubjpass")
    return any(o.lemma_.lower() in STRUCK_NOUNS and o.lower_ != "target" for o in objs)


def _navies_of(ents: list[Entity]) -> list[str]:
    """The states whose navies ships named with a navy's prefix serve ("the USS Mason": the US)."""
    out = []
    for e, t in ents:
        navy = NAVY_OF_PREFIX.get(e.split("-", 1)[0].upper()) if t in VESSEL_TYPES else None
        if navy and navy not in out:
            out.append(navy)
    return out
