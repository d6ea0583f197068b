"""Where an event took place, beyond the prepositions on its trigger: the site a weapon was launched from
and where it came down, where the things struck lie, the attacker's own place, where a seized ship is
taken, a visit or the gathering a meeting belongs to, a relative clause of place, a body's premises. The
rules add places; two change a role the trigger's phrases gave (a test's origin is its location; a country
goods only passed through on the way to others is a via).

    add_event_places(c, ctx)  # after the type's builder
"""

from __future__ import annotations

from spacy.tokens import Token

from armswatch.entities.generic import generic_country
from armswatch.events.frames.context import Candidate, Context, entities_under
from armswatch.events.frames.lexicon import ROLE_PREPS, frame_type, lexicon
from armswatch.events.frames.parse import children, clause_head, prep_objects, subject_of
from armswatch.events.frames.roles import _places_from
from armswatch.events.models import PlaceRole

# Entity types a place role may name (a country too: "fired from Yemen")
PLACE_OR_COUNTRY = frozenset({"place", "facility", "country"})
# Verbs that send a weapon off from somewhere: "fired a missile from X and struck the ship"
LAUNCH_VERBS = frozenset({"fire", "launch", "test-fire", "shoot", "lob", "send"})
# Verbs of a weapon coming down somewhere
LANDING_VERBS = frozenset(
    {"land", "crash", "fall", "explode", "splash", "impact", "hit", "strike", "detonate"})
# "X took place / happened / was held in Y": the place of the event noun X
OCCUR_VERBS = frozenset({"take", "occur", "happen", "unfold", "hold", "stage", "convene"})
# "During a visit to X", "on a trip to X": a journey that places what its traveller did there
VISIT_NOUNS = frozenset({"visit", "trip", "tour", "stay", "stop", "stopover", "journey", "voyage"})
# Types whose place is where their doer was: talks, statements (not a strike or a shipment, which land
# elsewhere)
SAID_OR_MET = frozenset({"meeting", "condemnation", "denial"})
# Prepositions that place the attacker ("militants in Gaza", "fighters from Lebanon")
ATTACKER_PREPS = frozenset({"in", "from", "inside", "at"})
# Prepositions of what an attack noun strikes ("an attack on a base in Jordan", "strikes against depots")
STRUCK_PREPS = frozenset({"on", "against", "upon"})
# Verbs that take a seized ship or cargo somewhere ("seized the tanker and is taking it to Bandar Abbas")
TAKE_AWAY_VERBS = frozenset({"take", "transfer", "escort", "tow", "divert", "bring", "steer", "move",
                             "redirect", "reroute", "sail", "lead", "force", "direct"})
TOWARD_PREPS = frozenset({"to", "toward", "towards", "into"})


def _named_places(obj: Token, ctx: Context, depth: int = 0) -> list[str]:
    """Places and countries a prepositional object is: its head's name ("from Lebanon", "from the Sea of
    Japan") or one its head lies in or at ("areas of Yemen", "the coastal town of X"); not a name that
    only qualifies it ("from a US warship" is no place in the United States), nor a pronoun's."""
    e = ctx.entity_at[obj.i]
    out: list[str] = []
    if depth == 0:  # "from Lebanon and Syria"
        out = [x for cj in children(obj, "conj") for x in _named_places(cj, ctx, 1)]
    if e is not None:
        return [e[0], *out] if e[1] in PLACE_OR_COUNTRY else out
    if depth < 2:
        for prep, o in prep_objects(obj):
            if prep in ("of", "in", "near", "off", "at"):
                out += _named_places(o, ctx, depth + 1)
    return out


def _add(c: Candidate, entity: str, role: str) -> None:
    if PlaceRole(entity, role) not in c.places:
        c.places.append(PlaceRole(entity, role))


def _launch_verbs(c: Candidate) -> list[Token]:
    """The trigger and the verbs of its clause that sent the weapon off: a conjoined launch verb sharing
    its subject ("fired ... from X and struck"), a participle on its subject ("missiles launched from X
    hit ..."), the trigger itself."""
    t = c.trigger
    out = [t]
    if t.pos_ in ("VERB", "AUX"):
        heads = [t.head] if t.dep_ == "conj" and t.head.pos_ == "VERB" else []
        out += [v for v in [*heads, *children(t, "conj")] if v.lemma_.lower() in LAUNCH_VERBS]
        subj = subject_of(t)
        if subj is not None:
            out += [v for v in children(subj, "acl") if v.tag_ == "VBN" and v.lemma_.lower() in LAUNCH_VERBS]
    return out


def _add_launch_sites(c: Candidate, ctx: Context) -> None:
    """ "fired from Yemen", "a launch from the Sea of Japan": where the weapon left. An attack's origin; a
    test's location (a test is where it is launched: what it is aimed at, the sea, is a location too)."""
    role = "location" if c.type == "weapons_test" else "origin"
    for v in _launch_verbs(c):  # the verb's phrases, or its weapon's ("fired rockets from Lebanon")
        for prep, obj in [pair for h in (v, *children(v, "dobj")) for pair in prep_objects(h)]:
            if prep != "from" or any(ch.dep_ == "npadvmod" for ch in obj.head.children):
                continue
            for e in _named_places(obj, ctx)[:2]:
                if e not in c.actor and e not in c.target:
                    _add(c, e, role)


def _add_landing_places(c: Candidate, ctx: Context) -> None:
    """ "fired a missile that landed in the Sea of Japan", "a rocket that failed and crashed in Yemen":
    where the weapon came down is where the blow fell (or the test ended)."""
    for v in _launch_verbs(c):
        for weapon in children(v, "dobj"):
            clauses = [cl for cl in weapon.children if cl.dep_ in ("relcl", "acl")]
            clauses += [cj for cl in clauses for cj in children(cl, "conj")]
            for cl in clauses:
                if cl.lemma_.lower() not in LANDING_VERBS:
                    continue
                for p in _places_from(cl, ctx, motion=False)[0]:
                    if p.role == "location":
                        _add(c, p.entity, "location")


def _attacker_token(c: Candidate) -> Token | None:
    t = c.trigger
    if t.pos_ in ("VERB", "AUX"):
        if any(ch.dep_ in ("nsubjpass", "auxpass") for ch in t.children):
            agents = [a for p in children(t, "agent") for a in children(p, "pobj")]
            return agents[0] if agents else None
        return subject_of(t)
    by = [o for prep, o in prep_objects(t) if prep == "by"]
    return by[0] if by else None


def _add_attacker_places(c: Candidate, ctx: Context) -> None:
    """ "Palestinian militants in Gaza bombarded southern Israel", "Lebanon-based Hezbollah fired ...": the
    attacker's place is where the blows came from when the event falls elsewhere, else where it was."""
    who = _attacker_token(c)
    if who is None or not c.actor:
        return
    named: list[str] = []
    for prep, obj in prep_objects(who):
        if prep in ATTACKER_PREPS:
            named += _named_places(obj, ctx)
    for acl in children(who, "acl"):  # "fighters based in Lebanon"
        if acl.lemma_.lower() == "base":
            named += [e for prep, obj in prep_objects(acl) if prep == "in" for e in _named_places(obj, ctx)]
    for t in who.subtree:  # "Lebanon-based fighters": the name before "-based"
        if t.lower_ == "based" and t.i >= 2 and t.nbor(-1).text == "-" and t.i - 2 >= who.left_edge.i:
            e = ctx.entity_at[t.i - 2]
            if e is not None and e[1] in PLACE_OR_COUNTRY:
                named.append(e[0])
    located = {p.entity for p in c.places if p.role == "location"}
    if c.type == "seizure":
        # "authorities in Panama seized ...", "seized by Iranian forces in the Persian Gulf", "customs
        # officers at the port of Mersin seized ...": a seizure is made where its seizers are (the state
        # the authorities of a country stand for is where they act too), unless the sentence says where
        named = [e for e in named if e not in c.target]
        for e in named[:0 if located else 1]:
            _add(c, e, "location")
        return
    # an actor's own name holding a place ("Islamic Resistance in Iraq") is one entity: no place there
    named = [e for e in named if e not in c.actor and e not in c.target]
    if not named:
        return
    role = "origin" if located - set(named) else "location"
    for e in named[:2]:
        _add(c, e, role)


# Verbs that carry an event noun as their object ("conducted a test", "carried out strikes", "held talks")
LIGHT_VERBS = frozenset({"conduct", "carry", "hold", "stage", "launch", "mount", "perform", "execute",
                         "undertake", "make", "have", "begin", "start", "resume", "complete"})


def _add_light_verb_places(c: Candidate, ctx: Context) -> None:
    """ "India carried out a test of its Agni missile off the coast of Odisha", "the navies held drills
    near Vladivostok": the verb that carries an event noun says where it was; for a test, also the weapon
    tested ("a test of a hypersonic missile at Cape Canaveral", where the parser hangs the place on it)."""
    t = c.trigger
    if t.pos_ != "NOUN":
        return
    heads = [t.head] if t.dep_ == "dobj" and t.head.lemma_.lower() in LIGHT_VERBS else []
    if c.type == "weapons_test":
        heads += [o for prep, o in prep_objects(t) if prep == "of"]
    for h in heads:
        for p in _places_from(h, ctx, motion=False)[0]:
            if p.role == "location" and p.entity not in c.actor and p.entity not in c.target:
                _add(c, p.entity, "location")


def _struck_things(c: Candidate) -> list[Token]:
    """What the attack struck as the parse holds it: a verb's object ("killed troops in Jordan"), an attack
    noun's "on/against" object ("an attack on a US outpost in Jordan"), also where the parser hangs that
    object on the attacker ("attacks by militias on US forces in Iraq")."""
    t = c.trigger
    if t.pos_ in ("VERB", "AUX"):
        objs = children(t, "dobj") + children(t, "nsubjpass")
    else:
        objs = [o for prep, o in prep_objects(t) if prep in STRUCK_PREPS]
        objs += [o2 for prep, o in prep_objects(t) if prep == "by"
                 for prep2, o2 in prep_objects(o) if prep2 in STRUCK_PREPS]
    return objs + [cj for o in objs for cj in children(o, "conj")]


def _add_struck_places(c: Candidate, ctx: Context) -> None:
    """Where the things struck lie is where the blows fell ("killed US troops in Jordan", "158 attacks
    on US forces in Iraq and Syria", "struck a depot near Kherson"); a place struck is itself where it
    fell ("attacked targets including the Al-Rukban camp")."""
    for o in _struck_things(c):
        for p in _places_from(o, ctx, motion=False)[0]:
            if p.role == "location" and p.entity not in c.actor:
                _add(c, p.entity, "location")
    for e in c.target:
        if ctx.types.get(e) in ("place", "facility"):
            _add(c, e, "location")


def _toward_places(obj: Token, ctx: Context) -> list[str]:
    """Where a "to/toward" object leads: a place it names ("to Bandar Abbas", "to the port of X"), else the
    country an adjective gives it ("to an Iranian port", "toward Iranian territorial waters")."""
    named = _named_places(obj, ctx)
    if named:
        return named
    for ch in obj.children:
        e = ctx.entity_at[ch.i]
        if ch.dep_ in ("amod", "compound") and e is not None and e[1] == "country":
            return [e[0]]
    return []


def _add_seized_destination(c: Candidate, ctx: Context) -> None:
    """ "Iran seized a tanker and is transferring it to an Iranian port", "boarded the ship and diverted
    it toward Iranian waters": where the seizer takes what it seized is the seizure's destination."""
    t = c.trigger
    if t.pos_ not in ("VERB", "AUX"):
        return
    verbs = [v for v in (*children(t, "conj"), *children(t, "xcomp"), *children(t, "advcl"))
             if v.lemma_.lower() in TAKE_AWAY_VERBS]
    for v in verbs:
        for prep, obj in [pair for h in (v, *children(v, "dobj")) for pair in prep_objects(h)]:
            if prep in TOWARD_PREPS:
                for e in _toward_places(obj, ctx)[:1]:  # a seizer takes a ship to its own port, too
                    if e not in c.target:
                        _add(c, e, "destination")


def _is_meeting_noun(t: Token) -> bool:
    frame = lexicon().nouns.get(t.lemma_.lower())
    return t.pos_ in ("NOUN", "PROPN") and frame is not None and frame_type(frame) == "meeting"


def _gathering_places(noun: Token, ctx: Context) -> list[str]:
    """Where a gathering noun says it is: its own phrases ("a summit at Camp David") or a clause on it ("a
    summit he is hosting in St Petersburg")."""
    found = [p.entity for p in _places_from(noun, ctx, motion=False)[0] if p.role == "location"]
    for clause in noun.children:
        if clause.dep_ in ("relcl", "acl") and clause.pos_ in ("VERB", "AUX"):
            found += [p.entity for p in _places_from(clause, ctx, motion=False)[0] if p.role == "location"]
    return found


def _add_gathering_places(c: Candidate, ctx: Context) -> None:
    """A meeting inside a gathering that is placed: "hosting the council for a summit at Camp David" (the
    summit the hosting is for), "a summit he hosts in St Petersburg, in which he will hold a meeting with
    X" (the summit a clause on it belongs to), "the talks took place in Doha" (a verb of occurring)."""
    t = c.trigger
    places: list[str] = []
    for prep, obj in prep_objects(t):
        if prep in ("for", "at", "during") and _is_meeting_noun(obj):
            places += _gathering_places(obj, ctx)
    cur = t
    for _ in range(4):  # up to the relative clause the meeting sits in
        if cur.dep_ == "relcl":
            if _is_meeting_noun(cur.head):
                places += _gathering_places(cur.head, ctx)
            break
        if cur.head == cur:
            break
        cur = cur.head
    for e in places[:2]:
        _add(c, e, "location")


# Weapons a report names again when it tells where they were launched ("the missiles were launched from X")
LAUNCHED_WEAPONS = frozenset({"missile", "rocket", "projectile", "warhead", "icbm", "slbm"})
# "launched from X", "fired from near X" (the parse keeps the second word), "launched off the coast of X"
LAUNCH_SITE_PREPS = frozenset({"from", "near", "off"})


def _weapon_launched_again(tok: Token) -> bool:
    """ "The missiles were launched from ...": a passive launch whose subject is a definite weapon, the one
    a launch the report told before sent off."""
    if tok.pos_ not in ("VERB", "AUX") or tok.lemma_.lower() not in LAUNCH_VERBS:
        return False
    subj = children(tok, "nsubjpass")
    return bool(subj) and subj[0].lemma_.lower() in LAUNCHED_WEAPONS and any(
        ch.dep_ == "det" and ch.lower_ in ("the", "this", "these", "those") for ch in subj[0].children)


def occurrence_places(noun: Token, ctx: Context) -> list[str]:
    """ "The launch took place near Sinpo", "the attack happened in X", "the talks were held in Doha": where
    a verb of occurring, whose subject the event noun is, says it was; "the missiles were launched from
    X": where the weapons of a launch told before left (a test's place)."""
    if _weapon_launched_again(noun):
        return [e for prep, obj in prep_objects(noun) if prep in LAUNCH_SITE_PREPS
                for e in _named_places(obj, ctx)][:2]
    if noun.dep_ not in ("nsubj", "nsubjpass") or noun.head.lemma_.lower() not in OCCUR_VERBS:
        return []
    verb = noun.head
    if verb.lemma_.lower() == "take" and not any(ch.lower_ == "place" for ch in verb.children):
        return []
    if verb.lemma_.lower() in ("hold", "stage", "convene") and noun.dep_ != "nsubjpass":
        return []  # "the summit held talks": not where it was held
    return [p.entity for p in _places_from(verb, ctx, motion=False)[0] if p.role == "location"]


def anaphoric_event_noun(tok: Token) -> bool:
    """ "The launch", "this attack", "Saturday's test": a definite event noun that refers back to an event
    the report has told; also "the missiles were launched", a launch told again by its weapons."""
    if _weapon_launched_again(tok):
        return True
    return tok.pos_ == "NOUN" and any((ch.dep_ == "det" and ch.lower_ in ("the", "this", "that"))
                                      or ch.dep_ == "poss" for ch in tok.children)


def _add_premises(c: Candidate, ctx: Context) -> None:
    """ "met at the Pentagon", "talks at the White House", "a meeting at NATO headquarters": a meeting at a
    body is at its premises (the body's entity, which the map places where its record says)."""
    for prep, obj in prep_objects(c.trigger):
        if prep != "at":
            continue
        for e, t in entities_under(obj, ctx, skip_preps=ROLE_PREPS, nested=False):
            if t == "organization" and any(ctx.entity_at[x.i] == (e, t) for x in obj.subtree):
                _add(c, e, "location")
                return


def _add_visit_places(c: Candidate, ctx: Context) -> None:
    """ "During a visit to Kyiv, Blinken condemned the strikes", "on a trip to Moscow, he met them": where
    the journey its clause names took its doer."""
    heads = [c.trigger]
    verb = clause_head(c.trigger)
    if verb != c.trigger:
        heads.append(verb)
    for h in heads:
        for prep, obj in prep_objects(h):
            if prep not in ("during", "on", "in") or obj.lemma_.lower() not in VISIT_NOUNS:
                continue
            found, _ = _places_from(obj, ctx, motion=True)
            for p in found:
                if p.role in ("destination", "location") and p.entity not in c.target:
                    _add(c, p.entity, "location")
            if found:
                return


# Verbs of a speaker's appearance whose participle places what was said or met ("Speaking in Brussels, the
# minister condemned ...", "Visiting Kyiv on Tuesday, he denied ...", "the minister, speaking to reporters
# in Ankara, denounced ...")
APPEARANCE_VERBS = frozenset({"speak", "talk", "visit", "address", "brief", "tour", "appear", "travel"})
# Verbs of saying whose own place is where a statement they carry was made ("Blinken said in Tokyo that
# Washington condemned ...", "told reporters in Seoul that ...")
SAYING_VERBS = frozenset({"say", "tell", "state", "declare", "announce", "add", "warn", "insist", "stress"})


def _appearance_places(v: Token, ctx: Context) -> list[str]:
    """Where a participle of appearance or a verb of saying puts its speaker: its own place phrases ("in
    Brussels"), a place it visits ("Visiting Kyiv"), one hung on its hearers ("to reporters in Ankara",
    "told reporters in Seoul")."""
    out = [p.entity for p in _places_from(v, ctx, motion=False)[0] if p.role == "location"]
    hearers = [o for prep, o in prep_objects(v) if prep == "to"] + children(v, "dobj", "dative")
    for o in hearers:
        e = ctx.entity_at[o.i]
        if v.lemma_.lower() in ("visit", "tour") and e is not None and e[1] in PLACE_OR_COUNTRY:
            out.append(e[0])
            continue
        out += [x for prep, obj in prep_objects(o) if prep in ("in", "at") for x in _named_places(obj, ctx)]
    return out


def _add_speaking_places(c: Candidate, ctx: Context) -> None:
    """A statement or a meeting is where its speaker was as they spoke: a participle of appearance on its
    verb or on the speaker ("Speaking in Brussels, the minister condemned ...", "The minister, speaking in
    Ankara, denounced ..."), or the place of the verb of saying that carries it ("said in Tokyo that
    Washington condemned ...")."""
    verb = clause_head(c.trigger)
    verbs = [verb]
    cur = verb
    for _ in range(2):  # up through the clauses a verb of saying carries ("said ... that X condemned")
        if cur.dep_ not in ("ccomp", "xcomp", "conj") or cur.head == cur:
            break
        cur = cur.head
        verbs.append(cur)
    for v in verbs:
        holders = [v, *children(v, "nsubj", "nsubjpass")]
        # (an opening participle the parser reads as the clause's subject beside its real one: "Visiting
        # Kyiv on Tuesday, the Dutch prime minister condemned ...")
        opening = ("csubj",) if children(v, "nsubj") else ()
        participles = [cl for h in holders for cl in h.children if cl.dep_ in ("advcl", "acl", *opening)
                       and cl.tag_ == "VBG" and cl.lemma_.lower() in APPEARANCE_VERBS]
        places = [e for cl in participles for e in _appearance_places(cl, ctx)]
        if v is not verb and v.lemma_.lower() in SAYING_VERBS:
            places += _appearance_places(v, ctx)
        places = [e for e in places if e not in c.actor and e not in c.target]
        if places:
            for e in places[:2]:
                _add(c, e, "location")
            return


# Where a distance is measured from ("30 kilometres north of Kharkiv")
COMPASS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
                     "north-east", "north-west", "south-east", "south-west"})
# Deeds done at one spot, which a distance from a named place locates (not a journey's end or a meeting)
MEASURED_TYPES = frozenset({"attack", "seizure", "weapons_test", "exercise"})


def _add_measured_places(c: Candidate, ctx: Context) -> None:
    """ "attacked the freighter 300 miles off the coast of Somalia", "seized the tanker 20 miles off Oman",
    "struck a village 30 kilometres north of Kharkiv", "hit a depot 15 km from Odesa": a place a distance
    is measured from is near where the deed was done (the place roles of prepositions leave a measured
    "from" out: for a journey it names no end)."""
    t = c.trigger
    heads = [t, *children(t, "dobj")] if t.pos_ in ("VERB", "AUX") else [t]
    for h in heads:
        for ch in h.children:
            if not any(m.dep_ == "npadvmod" for m in ch.children):
                continue
            if ch.dep_ == "prep":
                objs = children(ch, "pobj")
            elif ch.dep_ == "advmod" and ch.lower_ in COMPASS:
                objs = [o for prep, o in prep_objects(ch) if prep == "of"]
            else:
                continue
            for e in [x for o in objs for x in _named_places(o, ctx)][:1]:
                if e not in c.actor and e not in c.target:
                    _add(c, e, "location")
                    return


def _state_of(entity: str, ctx: Context) -> str:
    """The country an actor stands for: itself for a state, a generic actor's ("Syrian rebels"); "" for a
    listed body, whose registered country does not say where it is (Wagner in Mali)."""
    return entity if ctx.types.get(entity) == "country" else generic_country(entity)


def _transit_countries(c: Candidate, ctx: Context) -> None:
    """ "Weapons shipped into Jordan for Syrian rebels", "tanks delivered to Poland for Ukraine": a country
    the goods went to, when every recipient whose state is known belongs to another, is where they passed
    through on the way, not their end."""
    states = {_state_of(t, ctx) for t in c.target}
    if not c.target or "" in states:
        return
    for k, p in enumerate(c.places):
        if (p.role == "destination" and ctx.types.get(p.entity) == "country" and p.entity not in states
                and p.entity not in c.actor):
            c.places[k] = PlaceRole(p.entity, "via")


def _relative_place(c: Candidate, ctx: Context) -> None:
    """ "Kharkiv, where missiles struck a school", "St Petersburg, in which he will hold a meeting": a
    relative clause of place on a named place holds the event."""
    cur = c.trigger
    for _ in range(4):
        if cur.dep_ == "relcl":
            break
        if cur.head == cur or cur.dep_ in ("ccomp", "advcl", "parataxis"):
            return
        cur = cur.head
    else:
        return
    by_place = any(ch.lower_ == "where" for ch in cur.children) or any(
        p in ("in", "at") and (o.lower_ == "which" or any(d.lower_ == "which" for d in o.children))
        for p, o in prep_objects(cur))
    head = ctx.entity_at[cur.head.i]
    if by_place and head is not None and head[1] in PLACE_OR_COUNTRY and head[0] not in c.actor:
        _add(c, head[0], "location")


def add_event_places(c: Candidate, ctx: Context) -> None:
    """The rules above, by type, on a built candidate."""
    located = any(p.role == "location" for p in c.places)
    if c.trigger.pos_ not in ("VERB", "AUX") and not located:
        for e in occurrence_places(c.trigger, ctx)[:2]:
            _add(c, e, "location")
        _add_light_verb_places(c, ctx)
    if c.type in ("attack", "weapons_test"):
        _add_launch_sites(c, ctx)
        _add_landing_places(c, ctx)
    if c.type == "attack":
        _add_struck_places(c, ctx)
        _add_attacker_places(c, ctx)
    if c.type == "seizure":
        _add_attacker_places(c, ctx)
        _add_seized_destination(c, ctx)
    if c.type == "meeting" and not located:
        _add_gathering_places(c, ctx)
        if not any(p.role == "location" for p in c.places):
            _add_premises(c, ctx)
    if c.type in SAID_OR_MET and not any(p.role == "location" for p in c.places):
        _add_visit_places(c, ctx)
    if c.type in SAID_OR_MET and not any(p.role == "location" for p in c.places):
        _add_speaking_places(c, ctx)
    if not any(p.role == "location" for p in c.places):
        _relative_place(c, ctx)
    if c.type in MEASURED_TYPES and not any(p.role == "location" for p in c.places):
        _add_measured_places(c, ctx)
    if c.type == "transfer":
        _transit_countries(c, ctx)
    if c.type == "weapons_test":  # "fired from X into the sea": a test's site, not a journey's end
        moved = [PlaceRole(p.entity, "location") if p.role == "origin" else p for p in c.places]
        c.places = [p for i, p in enumerate(moved) if p not in moved[:i]]
