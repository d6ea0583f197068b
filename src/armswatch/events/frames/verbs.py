"""Frames of verb triggers, one builder per event type: how the parse of a verb gives each role."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from armswatch.entities.linking import NAVY_OF_PREFIX
from armswatch.events.frames.context import Candidate, Context, Entity, _add, _ids, actors, entities_under
from armswatch.events.frames.lexicon import (
    ACTOR_TYPES,
    AIM_PREPS,
    ASSET_NOUNS,
    BAN_VERBS,
    MOTION_VERBS,
    PLACE_TYPES,
    ROLE_PREPS,
    TEST_ITEM_WORDS,
    TRADE_NOUNS,
    VESSEL_TYPES,
    WATER_WORDS,
    frame_type,
    lexicon,
)
from armswatch.events.frames.parse import (
    agent_of,
    children,
    clause_head,
    hedged_objects,
    passive_subject,
    phrasal_key,
    prep_objects,
    preps,
    reduced_relative_of,
    subject_of,
)
from armswatch.events.frames.roles import (
    _agent_from_governor,
    _bound_for,
    _exchange_object,
    _has_goods,
    _is_arms_trade,
    _places_from,
    _scope_tokens,
    _subject_entities,
)
from armswatch.events.frames.triggers import WEAPON_FIRE_WORDS
from armswatch.events.models import PlaceRole

# ---- verbs


def _verb_roles(c: Candidate, ctx: Context) -> tuple[list[Entity], list[Entity]]:
    """(doer, done-to) entities of a verb trigger, active or passive."""
    v = c.trigger
    agent = agent_of(v)
    psubj = passive_subject(v)
    if psubj is not None or agent is not None:
        doer = entities_under(agent, ctx) if agent is not None else []
        undergoer = entities_under(psubj, ctx) if psubj is not None else []
        if v.dep_ in ("acl", "relcl") and not undergoer:
            undergoer = entities_under(v.head, ctx)
        return doer, undergoer
    doer = _subject_entities(v, ctx, c)
    objs = children(v, "dobj")
    undergoer = entities_under(objs[0], ctx) if objs else []
    if v.dep_ == "acl" and v.tag_ == "VBN" and not undergoer:  # "missiles provided by X": head is the object
        undergoer = entities_under(v.head, ctx)
    return doer, undergoer


def _arrival_verb(c: Candidate, ctx: Context) -> bool:
    """ "The shells arrived in Russia", "the shipment reached Vostochny": goods as the subject; where they
    arrive is the destination, and the country it lies in (or names) the recipient."""
    v = c.trigger
    subj = subject_of(v)
    if subj is None or subj.pos_ == "PRON":
        return False
    c.scope = [subj]
    if not _has_goods(c, ctx) or _port_call(subj, ctx):
        return False
    ends = children(v, "dobj") if v.lemma_.lower() == "reach" else preps(v, "in", "at", "to", "into")
    arrived = [e for o in ends for e in entities_under(o, ctx)]
    sources = [e for o in preps(v, "from") for e, t in entities_under(o, ctx) if t in ACTOR_TYPES]
    c.places = [PlaceRole(e, "destination") for e, t in arrived if t in PLACE_TYPES]
    c.target = [e for e, t in arrived if t == "country"]
    _add(c.target, [k for p in c.places if (k := ctx.country_of(p.entity))])
    more, _ = _places_from(v, ctx, motion=True)
    c.places += [p for p in more if p.entity not in {q.entity for q in c.places}]
    c.actor = sources[:1] or [m for m in _maker_of_goods(c, ctx) if m not in c.target][:1]
    c.target = [t for t in c.target if t not in c.actor]
    return bool(c.target) and _is_arms_trade(c, ctx)


# Nouns of people sent to talk for a state or group: whom they stand for visits
DELEGATION_NOUNS = frozenset({"delegation", "envoy", "negotiator", "mission", "team", "emissary", "delegate"})


def _arrival_visit(c: Candidate, ctx: Context) -> bool:
    """ "Vice President Biden arrives in Israel on Tuesday", "Lavrov arrived in Pyongyang for talks": a
    person arriving in a foreign country or city makes a visit (CAMEO 042, PETRARCH2's ARRIVE patterns
    "* (FOR VISIT)", "* (IN ^) (FOR SUMMIT)"), a meeting with the country visited. Troops, ships and goods
    that arrive are deployments or deliveries, not visits."""
    v = c.trigger
    subj = subject_of(v)
    if subj is None or v.lemma_.lower() != "arrive":
        return False
    envoys = subj.lemma_.lower() in DELEGATION_NOUNS  # "a Hamas delegation arrived in Cairo"
    visitors = [e for e, t in entities_under(subj, ctx, nested=False)
                if t == "person" or (envoys and t in ACTOR_TYPES)]
    if not visitors:
        return False
    arrived = [e for o in preps(v, "in", "at") for e in entities_under(o, ctx, nested=False)]
    hosts = [e if t == "country" else ctx.country_of(e) for e, t in arrived if t in ("country", *PLACE_TYPES)]
    home = {ctx.country_of(p) for p in visitors}
    hosts = [h for h in hosts if h and h not in home]
    if not hosts:
        return False
    c.type, c.frame = "meeting", "meeting"
    c.places = [PlaceRole(e, "location") for e, t in arrived if t in ("country", *PLACE_TYPES)]
    _add(c.actor, visitors + hosts[:1])
    return True


# Words that make warships goods sold rather than a navy's own ships ("Chinese-built frigates")
MAKER_WORDS = frozenset({"built", "made", "supplied", "donated", "sold", "purchased", "bought", "new"})


def _port_call(subj: Token, ctx: Context) -> bool:
    """ "Two Russian warships arrived in Havana": a navy's own ships arriving are a port call or a
    deployment, not a delivery; "Chinese-built frigates arrived in Pakistan", "the new submarines reached
    Dhaka" are goods delivered."""
    items = [t for t in subj.subtree if ctx.item_at[t.i] >= 0]
    if not items or any(ctx.item_category(ctx.item_at[t.i]) != "naval_vessel" for t in items):
        return False
    return not any(t.lower_ in MAKER_WORDS for t in subj.subtree)


def _into_water(v: Token) -> bool:
    """Goods sent "into the sea", a cruiser sent "to the Mediterranean": a launch or a deployment, not a
    delivery to anyone."""
    for obj in preps(v, "into", "to", "toward", "towards"):
        lower = obj.lower_
        if obj.lemma_.lower() in WATER_WORDS or (
                obj.ent_type_ in ("LOC", "GPE") and any(w in lower for w in SEA_NAMES)):
            return True
    return False


SEA_NAMES = ("sea", "ocean", "gulf", "mediterranean", "pacific", "atlantic", "baltic", "arctic")


def _made_for(c: Candidate, ctx: Context) -> bool:
    """ "X produces shells for Russia": weapons made for a party are supplied to it by their maker."""
    v = c.trigger
    c.scope = children(v, "dobj") + children(v, "nsubjpass")
    if not any(ctx.item_at[t.i] >= 0 and ctx.item_category(ctx.item_at[t.i]) not in ("", "commodity", "fuel",
                                                                                       "other")
               for root in c.scope for t in root.subtree):
        return False
    agent = agent_of(v)
    found = entities_under(agent, ctx) if agent is not None else _subject_entities(v, ctx, c)
    makers = [e for e in found if e[1] in ACTOR_TYPES]
    users = [e for o in preps(v, "for") + [p for o in c.scope for p in preps(o, "for")]
             for e, t in entities_under(o, ctx, nested=False)
             if t in ("country", "armed_group") and (e, t) not in makers]
    if not users:
        return False
    _add(c.actor, [e for e, _ in makers])
    _add(c.target, users)
    c.places, _ = _places_from(v, ctx, motion=False)
    return True


def _transfer_verb(c: Candidate, ctx: Context) -> bool:
    v = c.trigger
    if c.frame == "transfer_arrive":
        return _arrival_verb(c, ctx) or _arrival_visit(c, ctx)
    if c.frame == "transfer_make":
        return _made_for(c, ctx)
    if _into_water(v):
        return False
    receive = c.frame == "transfer_receive"
    objs = children(v, "dobj")
    if any(lexicon().nouns.get(o.lemma_.lower()) not in (None, "transfer_give", "transfer_receive")
           for o in objs):
        return False  # "ordered a missile strike", "sent a delegation to the talks": the object is the event
    psubj = passive_subject(v)
    agent = agent_of(v)
    if psubj is None and agent is not None and not objs:  # "Weapons shipped ... by the CIA were stolen":
        psubj = next(iter(children(v, "nsubj")), None)  # a reduced passive read as the main verb
    c.scope = objs + ([psubj] if psubj is not None else []) + preps(v, "with", "of")
    if v.dep_ in ("acl", "relcl"):
        c.scope.append(v.head)
    if psubj is not None or agent is not None:
        doer = entities_under(agent, ctx) if agent is not None else []
        if agent is not None and _is_carrier(agent, ctx):  # "by the vessel X": the carrier, not the supplier
            c.vessels = [e for e, t in entities_under(agent, ctx) if t in VESSEL_TYPES]
            doer = []
    else:
        doer = _subject_entities(v, ctx, c)
    doer = [e for e in doer if e[1] in ACTOR_TYPES]
    if not doer and not receive:
        doer = _agent_from_governor(v, ctx)
    recipients: list[Entity] = []
    args = objs + ([psubj] if psubj is not None else []) + preps(v, "of")
    for obj in preps(v, "to") + [p for o in args for p in preps(o, "to")]:
        recipients.extend(e for e in entities_under(obj, ctx) if e[1] in ACTOR_TYPES)
    recipients.extend(e for d in children(v, "dative") for e in entities_under(d, ctx) if e[1] in ACTOR_TYPES)
    if objs and preps(v, "with") and not receive:  # "provide Russia with drones"
        o = [e for e in entities_under(objs[0], ctx, nested=False) if e[1] in ACTOR_TYPES]
        if o:
            recipients.extend(o)
            c.scope = [s for s in c.scope if s != objs[0]]
    suppliers = [
        e
        for obj in _from_objects(v, args)
        for e in entities_under(obj, ctx)
        if e[1] in ACTOR_TYPES and e[1] != "person"
    ]
    if not recipients and not receive and objs:
        recipients = _misparsed_dative(objs[0], ctx)
    if not recipients and not receive and objs and v.lemma_.lower() in DATIVE_VERBS:
        # "the amount the US will give Israel": a state as the only object of a giving verb receives
        e = ctx.entity_at[objs[0].i]
        if e is not None and e[1] in ("country", "armed_group") and e not in doer:
            recipients = [e]
    if not recipients and not receive:  # "weapons shipped into Jordan for Syrian rebels"
        recipients = [e for o in preps(v, "for") for e in entities_under(o, ctx, nested=False)
                      if e[1] in ("country", "armed_group") and e not in doer]
    if not recipients and not receive:
        recipients = _beneficiaries(v, ctx)
    key = phrasal_key(v) or v.lemma_.lower()
    # where goods are loaded is the origin; where they are unloaded or received ("received ... at Dunay")
    # the destination
    load = "origin" if key in LOAD_VERBS else ("destination" if key in UNLOAD_VERBS or receive else "")
    places, countries = _places_from(v, ctx, motion=True, load=load)
    for o in args + _journeys(v):
        more, more_sides = _places_from(o, ctx, motion=True, load=load)
        places += [p for p in more if p not in places]
        countries += more_sides
    bound = _bound_for(args + preps(v, "onto", "to", "into"), ctx)
    places += [PlaceRole(e, "destination") for e, t in bound if t in PLACE_TYPES]
    countries += [(e, "destination") for e, t in bound if t == "country"]
    if load == "origin":
        places += [PlaceRole(p, "origin") for p in _relative_antecedent_places(v, ctx)]
    c.places = places
    if receive:
        _add(c.target, [e for e, _ in doer])
        _add(c.actor, [e for e, _ in suppliers])
    else:
        _add(c.actor, [e for e, _ in doer])
        _add(c.actor, [e for e, _ in suppliers if not c.actor])
        _add(c.target, [e for e, _ in recipients])
    _sides_to_roles(c, countries)
    if not c.actor:  # "received Iranian-made drones"
        c.actor = [m for m in _maker_of_goods(c, ctx) if m not in c.target][:1]
    c.exchange = _exchange_object(v)
    return _has_goods(c, ctx) and _is_arms_trade(c, ctx)


# Nouns of a journey whose "from X to Y" are the ends of the shipment that travels on it ("carrying
# helicopters on a voyage from Russia to Syria")
JOURNEY_NOUNS = frozenset({"voyage", "journey", "trip", "route", "way", "passage", "transit", "run",
                           "flight"})


def _journeys(v: Token) -> list[Token]:
    return [o for o in preps(v, "on", "during", "in") if o.lemma_.lower() in JOURNEY_NOUNS]


def _misparsed_dative(obj: Token, ctx: Context) -> list[Entity]:
    """ "sell Saudi Arabia bomb-guidance kits": the parser reads the recipient as a compound of the goods;
    a state or armed group named first, as compounds of the object, is its recipient."""
    first = min(obj.subtree, key=lambda t: t.i)
    if first.dep_ != "compound" or first.pos_ != "PROPN":
        return []
    e = ctx.entity_at[first.i]
    if e is None or e[1] not in ("country", "armed_group"):
        return []
    span = [t for t in obj.subtree if ctx.entity_at[t.i] == e]
    if any(t.dep_ not in ("compound",) for t in span) or obj.i in {t.i for t in span}:
        return []
    return [e]


# Verbs whose first object may be the receiver ("give Israel", "supply Ukraine", "arm the rebels")
DATIVE_VERBS = frozenset({"give", "supply", "provide", "arm", "equip", "offer", "sell", "send", "furnish"})


LOAD_VERBS = frozenset({"load", "pick up", "collect", "ship out"})
UNLOAD_VERBS = frozenset({"offload", "unload", "deliver"})


MADE_WORDS = frozenset({"made", "built", "produced", "manufactured", "supplied", "designed", "origin"})


def _maker_of_goods(c: Candidate, ctx: Context) -> list[str]:
    """ "Iranian-made drones", "North Korean missiles": the state the goods come from, named on them."""
    out: list[str] = []
    for root in c.scope:
        for t in _scope_tokens(root, c.trigger):
            if ctx.item_at[t.i] < 0 or t.pos_ not in ("NOUN", "PROPN"):
                continue
            for m in t.children:
                if m.dep_ in ("amod", "compound", "nmod") and m.i < t.i:
                    e = ctx.entity_at[m.i] or next(
                        (ctx.entity_at[x.i] for x in m.subtree if ctx.entity_at[x.i] is not None), None
                    )
                    if e is not None and e[1] in ("country", "armed_group") and e[0] not in out:
                        out.append(e[0])
    return out


def _sides_to_roles(c: Candidate, sides: list[tuple[str, str]]) -> None:
    """A transfer's unsaid supplier/recipient: the country its origin/destination lies in."""
    for eid, role in sides:
        if role == "origin" and not c.actor:
            c.actor.append(eid)
        elif role == "destination" and not c.target and eid not in c.actor:
            c.target.append(eid)
    c.target = [t for t in c.target if t not in c.actor]


def _is_carrier(tok: Token, ctx: Context) -> bool:
    lex = lexicon()
    return any(
        ctx.entity_at[t.i] is not None
        and ctx.entity_at[t.i][1] in VESSEL_TYPES  # type: ignore[index]
        or t.lemma_.lower() in lex.ships
        or t.lemma_.lower() in ("rail", "train", "truck", "road", "sea", "air", "ship")
        for t in tok.subtree
    )


def _from_objects(v: Token, args: list[Token]) -> list[Token]:
    """Objects of "from" on the verb or its arguments, leaving out distances ("290 km from the border")."""
    out = []
    for t in [v] + args:
        for p in t.children:
            if p.dep_ == "prep" and p.lower_ == "from" and not any(c.dep_ == "npadvmod" for c in p.children):
                out.extend(c for c in p.children if c.dep_ == "pobj")
    return out


def _beneficiaries(tok: Token, ctx: Context) -> list[Entity]:
    """ "to help/bolster X": X is the recipient; so is X in "aiding X's war effort by providing"."""
    lex = lexicon()
    out: list[Entity] = []
    means_of = []  # "by providing": the verb the means clause hangs from, through "by"
    if tok.dep_ == "pcomp" and tok.head.lower_ == "by" and tok.head.head is not tok.head:
        means_of = [tok.head.head]
    for x in children(tok, "xcomp", "advcl", "acl") + means_of:
        if x.lemma_.lower() in lex.beneficiary:
            for o in children(x, "dobj") + children(x, "xcomp"):
                ents = entities_under(o, ctx, skip_preps=ROLE_PREPS | {"of"})
                out.extend(e for e in ents[:1] if e[1] in ACTOR_TYPES)
    return out


def _relative_antecedent_places(v: Token, ctx: Context) -> list[str]:
    """ "the port of X, which shows containers being loaded": the place the clause is about."""
    cur = v
    for _ in range(4):
        if cur.dep_ == "relcl":
            ents = entities_under(cur.head, ctx)
            return [e for e, t in ents if t in PLACE_TYPES][:1]
        if cur.head == cur:
            return []
        cur = cur.head
    return []


# Verbs of condemning whose "to"/"with" object is the party condemned: a protest is lodged with it
LODGED_VERBS = frozenset({"protest", "complain", "remonstrate"})


def _condemn_verb(c: Candidate, ctx: Context) -> bool:
    doer, undergoer = _verb_roles(c, ctx)
    c.actor = actors(doer)
    v = c.trigger
    # a clause before the verb is no object of it, though the parser may hang one there ("On Wednesday X
    # launched missiles, officials said, hours after Y denounced the drills")
    objs = [o for o in children(v, "dobj", "ccomp", "oprd") if o.i > v.i]  # oprd: "called the shelling a ...
    objs += children(v, "nsubjpass")  # "the strikes were condemned by the Arab League"
    objs += preps(v, "over", "about", "at", "against", "of")
    if not undergoer:
        undergoer = [e for o in objs for e in entities_under(o, ctx, skip_preps=ROLE_PREPS - {"by"})]
    if not undergoer:  # "condemned the cooperation/deal between A and B": both sides are condemned
        undergoer = [e for o in objs for p in preps(o, "between") for e in entities_under(p, ctx)]
    if v.lemma_.lower() in LODGED_VERBS:  # "India protested to Pakistan over ...": lodged with the party
        lodged = [e for o in preps(v, "to", "with") for e in entities_under(o, ctx)]  # protested against
        if actors(lodged):
            undergoer = lodged
    c.target = [e for e in actors(undergoer) if e not in c.actor]
    c.scope = objs
    c.places, _ = _places_from(v, ctx, motion=False)
    return bool(c.actor) or c.first_person


# What one denies, dismisses or rejects when it is a denial (CAMEO 016: reject an accusation, deny
# responsibility): a claim, not an offer, a plan or a person ("dismissing two generals", "rejected offers
# of citizenship")
CLAIM_NOUNS = frozenset({"claim", "report", "accusation", "allegation", "charge", "suggestion",
                         "responsibility", "involvement", "role", "idea", "notion", "assertion", "story",
                         "rumour", "rumor",
                         "speculation", "assessment", "finding", "conclusion", "statement", "account", "link",
                         "connection", "reporting", "video", "footage", "image", "photo", "evidence", "it",
                         "that", "this", "any", "wrongdoing", "blame", "knowledge", "participation", "part"})


def _denies_a_claim(v: Token) -> bool:
    """deny/dismiss/reject with no object or a clause, or with an object that is a claim."""
    if v.lemma_.lower() == "deny":
        return True  # "denied supplying arms", "denied any role": deny takes acts and claims alike
    objs = children(v, "dobj", "nsubjpass")
    deny_words = lexicon().deny_words
    as_what = [t for c in v.children if c.dep_ in ("prep", "advcl", "oprd", "acomp")
               and any(m.lower_ == "as" for m in (c, *c.children)) for t in c.subtree]
    if any(t.lower_ in deny_words or t.lemma_.lower() in deny_words for t in as_what):
        return True  # "dismissed them as fabricated", "rejected the report as baseless"
    return not objs or any(o.lemma_.lower() in CLAIM_NOUNS or o.lower_ in CLAIM_NOUNS for o in objs)


def _denial_verb(c: Candidate, ctx: Context) -> bool:
    if not _denies_a_claim(c.trigger):
        return False
    doer, _ = _verb_roles(c, ctx)
    c.actor = actors(doer)
    c.scope = children(c.trigger, "dobj", "ccomp") + preps(c.trigger, "at", "of", "off")
    c.places, _ = _places_from(c.trigger, ctx, motion=False)
    return bool(c.actor) or c.first_person


def _meeting_verb(c: Candidate, ctx: Context) -> bool:
    v = c.trigger
    lex = lexicon()
    subj = _subject_entities(v, ctx, c)
    # someone meets someone: "met Putin", "met his counterparts", not "meets the requirements"
    named = [
        o
        for o in children(v, "dobj") + preps(v, "with")
        if ctx.entity_at[o.i] is not None or o.lemma_.lower() in lex.counterparts or o.pos_ == "PRON"
    ]
    if not (subj or c.first_person):
        return False
    # "they met", "X and Y met in Z": with no object the subject holds both sides
    reciprocal = not named and not children(v, "dobj") and _two_sides(actors(subj), ctx)
    if not named and not reciprocal:
        return False
    others = [e for o in named for e in entities_under(o, ctx)]
    places, _ = _places_from(v, ctx, motion=False)
    if v.dep_ in ("xcomp", "advcl") and v.head.lemma_.lower() in MOTION_VERBS:  # "travelled to X to meet Y"
        more, _ = _places_from(v.head, ctx, motion=True)
        places += [
            PlaceRole(p.entity, "location") for p in more if PlaceRole(p.entity, "location") not in places
        ]
        c.anchors.append(v.head)
    for o in children(v, "dobj") + preps(v, "with"):
        places += _places_from(o, ctx, motion=False)[0]
    visited = [e for e in others if e[1] in PLACE_TYPES]
    if v.lemma_.lower() == "visit":  # "visiting Saudi Arabia": the country visited is where they met
        places += [PlaceRole(e[0], "location") for e in visited]
        places += [PlaceRole(e, "location") for o in children(v, "dobj")
                   if (e := _named_country(o, ctx)) and PlaceRole(e, "location") not in places]
        others += [(ctx.country_of(e[0]), "country") for e in visited if ctx.country_of(e[0])]
    c.places = [p for i, p in enumerate(places) if p not in places[:i]]
    _add(c.actor, actors(subj) + actors(others))
    return _two_sides(c.actor, ctx) or (len(c.actor) == 1 and c.first_person)


def _receives_a_visitor(v: Token, ctx: Context) -> bool:
    """ "received the Iranian foreign minister", "received Kim": to receive a person is to meet them."""
    if v.lemma_.lower() != "receive" or v.pos_ not in ("VERB", "AUX"):
        return False
    lex = lexicon()
    for o in children(v, "dobj"):
        named = ctx.entity_at[o.i]
        if (named is not None and named[1] == "person") or o.lemma_.lower() in lex.counterparts:
            return True
    return False


def _named_country(tok: Token, ctx: Context) -> str | None:
    """The country `tok` itself names ("visited Russia"), not one its modifier names ("Russian troops")."""
    named = ctx.entity_at[tok.i]
    return named[0] if named is not None and named[1] == "country" else None


def _two_sides(participants: list[str], ctx: Context) -> bool:
    """A meeting needs two parties: a leader and his own country are one ("Kim visited a factory")."""
    sides = {ctx.country_of(p) or p for p in participants}
    return len(sides) >= 2


def _sanction_verb(c: Candidate, ctx: Context) -> bool:
    if c.trigger.lemma_.lower() in BAN_VERBS:
        return _trade_ban(c, ctx, TRADE_NOUNS, nested=False)
    if c.trigger.lemma_.lower() == "freeze":  # "$6 billion in Iranian funds": the owner behind "in"
        return _trade_ban(c, ctx, ASSET_NOUNS, nested=True)
    doer, undergoer = _verb_roles(c, ctx)
    c.actor = actors(doer)
    # a designated ship is sanctioned in its own name ("sanctioned the vessel X"), as it is seized
    c.target = [e for e, t in undergoer if t in ACTOR_TYPES | VESSEL_TYPES and e not in c.actor]
    c.scope = children(c.trigger, "dobj")
    c.places, _ = _places_from(c.trigger, ctx, motion=False)
    if not c.target and c.scope:  # "designated five entities in China": the sanctioned are in China
        c.target = [
            e
            for o in preps(c.trigger, "in", "from")
            for e in actors(entities_under(o, ctx))
            if e not in c.actor
        ]
        c.places = [p for p in c.places if p.entity not in c.target]
    if not c.target and not any(o.lemma_.lower() in lexicon().designation_objects for o in c.scope):
        return False  # "designated World Meditation Day": nobody is sanctioned
    return bool(c.actor or c.target)


def _trade_ban(c: Candidate, ctx: Context, nouns: frozenset[str], nested: bool) -> bool:
    """ "Japan banned exports of dual-use goods to Russia", "the EU prohibited imports of Iranian oil": a
    ban on trade with a state is a sanction on it; the state is where the goods were to go ("to") or come
    from ("from", or the goods' own modifier)."""
    v = c.trigger
    trade = [o for o in children(v, "dobj", "nsubjpass") if o.lemma_.lower() in nouns
             or o.lower_ == "$" and any(n.lemma_.lower() in nouns for n in o.subtree)]
    if not trade:
        return False
    doer, _ = _verb_roles(c, ctx)
    c.actor = actors(doer)
    sides = [e for o in trade for p in preps(o, "to", "from", "with") + preps(v, "to", "from", "with")
             for e in entities_under(p, ctx)]
    sides += [e for o in trade for e in entities_under(o, ctx, nested=nested)]
    c.target = [e for e in actors(sides) if e not in c.actor]
    c.scope = trade
    return bool(c.actor and c.target)


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
    return False


def _test_verb(c: Candidate, ctx: Context) -> bool:
    v = c.trigger
    doer, _ = _verb_roles(c, ctx)
    c.scope = children(v, "dobj") + children(v, "nsubjpass") + hedged_objects(v)
    if any(lexicon().nouns.get(o.lemma_.lower()) == "attack" for o in c.scope):
        return False  # "launched a missile strike": the strike is the event (an attack)
    if not _test_item_in(c, ctx):
        return False
    aimed = _aimed_at(v, ctx) if c.frame == "fire_launch" else []
    if c.frame == "fire_launch" and not aimed:  # "fired missiles at Ukraine": the parser hangs "at" on them
        aimed = [e for o in children(v, "dobj") for e in _aimed_at(o, ctx)]
    c.places, _ = _places_from(v, ctx, motion=False)
    c.actor = actors(doer)
    if aimed:
        c.type = "attack"
        c.target = [e for e, t in aimed if t in ACTOR_TYPES and e not in c.actor]
        c.places += [PlaceRole(e, "location") for e, t in aimed if t in PLACE_TYPES]
        if not c.target:  # "missiles at Kyiv" are fired at Ukraine
            c.target = [
                cc for e, t in aimed if t in PLACE_TYPES and (cc := ctx.country_of(e)) and cc not in c.actor
            ][:1]
    c.vessels = _ids(aimed, VESSEL_TYPES)
    doc = v.doc
    called_a_test = v.i >= 2 and doc[v.i - 1].text == "-" and doc[v.i - 2].lower_ == "test"  # "test-fired"
    if c.type == "weapons_test" and c.frame == "fire_launch" and not called_a_test and c.actor and all(
            ctx.types.get(a) == "armed_group" for a in c.actor):
        # militias fire rockets and drones at someone, seldom in a test; one they call a test ("the Houthis
        # test-fired a new missile") is a test
        c.type = "attack"
    return bool(c.actor)


def _attack_verb(c: Candidate, ctx: Context) -> bool:
    lex = lexicon()
    v = c.trigger
    if c.frame == "attack_impact" and not _weapon_subject(v, ctx):
        return False  # "the car crashed into a wall", "markets crashed"
    doer, undergoer = _verb_roles(c, ctx)
    objs = children(v, "dobj") + children(v, "nsubjpass")
    # "hit a target/its target" is a goal met; "struck targets in Syria" (plural) is a military strike
    if any(o.lemma_.lower() in lex.attack_non_objects and o.lower_ != "targets" and not _military_object(o)
           for o in objs):
        return False
    if _struck_by_measures(v):
        return False  # "entities hit by sanctions", "sectors targeted by export controls": no blow struck
    undergoer += [e for e in _aimed_at(v, ctx) if e not in undergoer]
    c.actor = actors(doer)
    c.target = [e for e, t in undergoer if t in ACTOR_TYPES | VESSEL_TYPES and e not in c.actor]
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
    if not c.actor and not c.first_person and _weapon_subject(v, ctx):
        # "a missile hit an apartment block in Odesa": a blow by an unnamed hand is still an attack (issue 9)
        return bool(c.target or c.places)
    return (bool(c.actor) or c.first_person) and bool(c.target or c.places or _struck_thing(v))


# Item categories of weapons that strike by themselves: a subject of these hits as a weapon does
STRIKING_CATEGORIES = frozenset({"artillery_ammunition", "ballistic_missile", "cruise_missile", "rocket",
                                 "drone"})


def _weapon_subject(v: Token, ctx: Context) -> bool:
    """Is the active subject of v a weapon ("a drone slammed into ...", "two missiles hit ...")?"""
    for s in children(v, "nsubj"):
        k = ctx.item_at[s.i]
        if k >= 0 and (ctx.item_category(k) in STRIKING_CATEGORIES or s.lemma_.lower() in STRIKING_ARMS):
            return True
        if s.lemma_.lower() == "fire" and any(m.lemma_.lower() in WEAPON_FIRE_WORDS for m in s.children
                                              if m.dep_ in ("compound", "amod")):
            return True  # "mortar fire from rebel positions hit the airport"
    return False


# Words of the items lexicon's general "arms" category that go off by themselves ("a roadside bomb tore
# through a police vehicle", "a mine hit the ship")
STRIKING_ARMS = frozenset({"bomb", "explosive", "mine", "landmine", "grenade", "mortar", "ied"})


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
    lex = lexicon()
    doers = [o for a in children(v, "agent") for o in children(a, "pobj")]
    subj = subject_of(v)
    if subj is not None and subj.dep_ != "nsubjpass":
        doers.append(subj)
    return any((frame := lex.nouns.get(d.lemma_.lower())) is not None and frame_type(frame) == "sanction"
               or d.lemma_.lower() in MEASURE_NOUNS for d in doers)


# Measures that "hit" or "target" without arms ("the new tariffs hit Chinese exporters")
MEASURE_NOUNS = frozenset({"measure", "restriction", "tariff", "control", "penalty", "ban", "law", "rule",
                           "regulation", "decree", "order", "policy"})


def _struck_places_as_target(c: Candidate, struck: list[str], ctx: Context) -> None:
    """With no people named as struck, the places struck are the target ("shelled Aleppo", "a strike on
    Kharkiv"), with the country they lie in; else the country where the blows fell ("killed civilians in
    Kharkiv" struck Ukraine). Both, so that a report naming the town and one naming the country agree."""
    if c.target:
        return
    c.target = [e for e in struck if e not in c.actor][:2]
    states = [cc for p in c.places if (cc := ctx.country_of(p.entity)) and cc not in c.actor][:1]
    _add(c.target, states)
    c.derived.update(states)


def _own_ground_as_target(c: Candidate, ctx: Context) -> None:
    """A state striking inside its own borders ("security services killed civilians in Darfur") struck that
    region, not its own country: the place is the target; so is a place whose country is unknown."""
    if c.target or not c.actor:
        return
    c.target = [
        p.entity for p in c.places
        if p.role == "location" and p.entity not in c.actor
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


def _seizure_verb(c: Candidate, ctx: Context) -> bool:
    lex = lexicon()
    v = c.trigger
    doer, undergoer = _verb_roles(c, ctx)
    objs = children(v, "dobj") + children(v, "nsubjpass") + hedged_objects(v)
    # "seized a dhow carrying arms ... in the Gulf of Oman": the cargo and where, though hung on the verb
    carrying = [x for x in children(v, "advcl") if reduced_relative_of(x) is not None]
    c.scope = objs + carrying
    has_ship = any(t.lemma_.lower() in lex.ships for o in objs for t in o.subtree)
    c.vessels = _ids(undergoer, VESSEL_TYPES)
    if not (has_ship or c.vessels or _has_goods(c, ctx)):
        return False
    c.actor = actors(doer) or _navies_of(doer)
    c.target = [e for e, t in undergoer if t in ACTOR_TYPES | VESSEL_TYPES and e not in c.actor]
    c.places, _ = _places_from(v, ctx, motion=False)
    for o in objs + carrying:  # "seized the tanker X in the Gulf of Oman"
        c.places += [p for p in _places_from(o, ctx, motion=False)[0] if p not in c.places]
    c.anchors += carrying  # its time ("... on Thursday") may hang there too
    return bool(c.actor)


_VERB_BUILDERS: dict[str, Callable[[Candidate, Context], bool]] = {
    "transfer": _transfer_verb,
    "condemnation": _condemn_verb,
    "denial": _denial_verb,
    "meeting": _meeting_verb,
    "sanction": _sanction_verb,
    "weapons_test": _test_verb,
    "attack": _attack_verb,
    "seizure": _seizure_verb,
}
