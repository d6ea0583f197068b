"""Frames of verb triggers, one builder per event type: how the parse of a verb gives each role."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from armswatch.entities.generic import generic_type
from armswatch.events.frames.context import Candidate, Context, Entity, _add, _ids, actors, entities_under
from armswatch.events.frames.destined import carrier_destination, destined_goods
from armswatch.events.frames.lexicon import (
    ACTOR_TYPES,
    ASSET_NOUNS,
    BAN_VERBS,
    MOTION_VERBS,
    PLACE_TYPES,
    ROLE_PREPS,
    TRADE_NOUNS,
    VESSEL_TYPES,
    WATER_WORDS,
    frame_type,
    lexicon,
)
from armswatch.events.frames.parse import (
    agent_of,
    children,
    hedged_objects,
    noun_phrase_key,
    passive_subject,
    phrasal_key,
    preps,
    reduced_relative_of,
    subject_of,
)
from armswatch.events.frames.roles import (
    _agent_from_governor,
    _bound_for,
    _contents,
    _exchange_object,
    _has_goods,
    _is_arms_trade,
    _named_country,
    _places_from,
    _scope_tokens,
    _subject_entities,
    _verb_roles,
)
from armswatch.events.frames.strikes import _armed_hand, _attack_verb, _navies_of, _test_verb
from armswatch.events.frames.triggers import ENTRY_NOUNS, refused_entry
from armswatch.events.models import PlaceRole

# ---- verbs


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
    ends = children(v, "dobj") if v.lemma_.lower() == "reach" else preps(v, "in", "at", "to", "into", "on")
    ends += [p for o in children(v, "dobj") if o.lemma_.lower() == "way" for p in preps(o, "to", "into")]
    arrived = [e for o in ends for e in entities_under(o, ctx)]
    # "ended up in the hands of Sudanese paramilitaries", "ended up with the Houthis": who got them
    holders = [p for o in preps(v, "in") if o.lemma_.lower() == "hand" for p in preps(o, "of")]
    holders += preps(v, "with") if phrasal_key(v) == "end up" else []
    sources = [e for o in preps(v, "from") for e, t in entities_under(o, ctx) if t in ACTOR_TYPES]
    c.places = [PlaceRole(e, "destination") for e, t in arrived if t in PLACE_TYPES]
    c.target = [e for e, t in arrived if t == "country"]
    _add(c.target, [e for o in holders for e, t in entities_under(o, ctx) if t in ACTOR_TYPES])
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


# Occasions at which weapons are carried or moved to be shown, not delivered
SHOW_NOUNS = frozenset({"parade", "procession", "ceremony", "exhibition", "airshow", "display", "rehearsal"})


def _transfer_verb(c: Candidate, ctx: Context) -> bool:
    v = c.trigger
    if c.frame == "transfer_arrive":
        return _arrival_verb(c, ctx) or _arrival_visit(c, ctx)
    if c.frame == "transfer_make":
        return _made_for(c, ctx)
    if c.frame == "transfer_bound":
        return destined_goods(c, ctx)
    if _into_water(v):
        return False
    if any(o.lemma_.lower() in SHOW_NOUNS for o in preps(v, "during", "at", "in", "through")):
        return False  # "a missile carried during a military parade": shown, not handed to anyone
    receive = c.frame == "transfer_receive"
    objs = children(v, "dobj")
    if not objs:  # "delivered between 10 and 12 howitzers": the parser hangs the ranged goods on "between"
        objs = [o for o in preps(v, "between") if any(t.like_num for t in o.subtree)]
    if any(lexicon().nouns.get(o.lemma_.lower()) not in (None, "transfer_give", "transfer_receive")
           for o in objs):
        return False  # "ordered a missile strike", "sent a delegation to the talks": the object is the event
    psubj = passive_subject(v)
    agent = agent_of(v)
    if psubj is None and agent is not None and not objs:  # "Weapons shipped ... by the CIA were stolen":
        psubj = next(iter(children(v, "nsubj")), None)  # a reduced passive read as the main verb
    c.scope = objs + ([psubj] if psubj is not None else []) + preps(v, "with", "of")
    c.scope += [o for a in list(c.scope) for o in _contents(a)]
    c.scope += _goods_read_as_subject(v, ctx)
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
    elif psubj is not None and preps(v, "with") and not receive:  # "Russia was supplied with drones"
        o = [e for e in entities_under(psubj, ctx, nested=False) if e[1] in ACTOR_TYPES]
        if o:
            recipients.extend(o)
            c.scope = [s for s in c.scope if s != psubj]
    suppliers = [
        e
        for obj in _from_objects(v, args)
        for e in entities_under(obj, ctx)
        if e[1] in ACTOR_TYPES and e[1] != "person"
    ]
    if not recipients and not receive and objs and v.lemma_.lower() in GIVING_VERBS:
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
    bound_to: list[PlaceRole] = []
    if not recipients and not receive:  # "the freighter, bound for Port Sudan, was carrying rifles"
        ends, bound_to = carrier_destination(subject_of(v), v, ctx, args)
        recipients = [(e, ctx.types.get(e, "country")) for e in ends if e not in {d[0] for d in doer}]
    key = phrasal_key(v) or v.lemma_.lower()
    # where goods are loaded is the origin; where they are unloaded or received ("received ... at Dunay")
    # the destination
    load = "origin" if key in LOAD_VERBS else ("destination" if key in UNLOAD_VERBS or receive else "")
    places, countries = _places_from(v, ctx, motion=True, load=load)
    carried_on = [v.head] if v.dep_ == "advcl" and v.head.lemma_.lower() in MOTION_VERBS else []
    for o in args + _journeys(v) + carried_on:  # "planes flew from Iran to Russia carrying weapons"
        more, more_sides = _places_from(o, ctx, motion=True, load=load)
        places += [p for p in more if p not in places]
        countries += more_sides
    places += [p for p in bound_to if p not in places]
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
    return (_has_goods(c, ctx) or _arming(v, c)) and _is_arms_trade(c, ctx)


def _goods_read_as_subject(v: Token, ctx: Context) -> list[Token]:
    """ "The drones Russia received from Iran were ...": the parser makes the goods the subject and the
    party right after them its apposition; the goods are the object of a relative clause with no "that"."""
    return [s for s in children(v, "nsubj") if ctx.item_at[s.i] >= 0 and s.i < v.i
            and any(a.dep_ == "appos" and a.i == s.i + 1 and ctx.entity_at[a.i] is not None
                    for a in s.children)]


def _arming(v: Token, c: Candidate) -> bool:
    """ "Pakistan has armed the Taliban": the verb itself names the goods, given to a named recipient
    (CAMEO 062 "provide military aid"); not "militants armed with knives", a state, not an act."""
    return v.lemma_.lower() in ("arm", "rearm") and v.dep_ not in ("amod", "acl") and bool(c.target) \
        and bool(children(v, "dobj"))


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


# Verbs of giving that may name the receiver first, written as a compound of the goods by the parser ("sell
# Saudi Arabia kits", "deliver Ukraine F-16s"); not verbs of carrying ("a tanker carrying U.S. crude": the
# goods' origin)
GIVING_VERBS = DATIVE_VERBS | {"hand", "lend", "loan", "promise", "pledge", "deliver", "ship", "transfer",
                               "gift", "donate", "lease"}


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
    if not c.target:  # "hit back at Pyongyang's threats": a capital owning words or acts stands for its state
        c.target = [cc for o in objs for t in o.children if t.dep_ == "poss"
                    and (e := ctx.entity_at[t.i]) is not None and e[1] in PLACE_TYPES
                    and (cc := ctx.country_of(e[0])) and cc not in c.actor][:1]
    # "castigated the junta for the airstrike": what one is condemned for is what the condemning is about
    # (its scope, not a condemned party: "condemned Russia for its support of X" does not condemn X)
    # (only with a subject of its own: "after blaming it for the attack" leaves who blames to the reader)
    c.scope = objs + (preps(v, "for") if objs and children(v, "nsubj", "nsubjpass") else [])
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
                         "that", "this", "them", "these", "those", "any", "wrongdoing", "blame", "knowledge",
                         "participation", "part"})


def _denies_a_claim(v: Token) -> bool:
    """deny/dismiss/reject with no object or a clause, or with an object that is a claim."""
    if v.lemma_.lower() == "deny":
        # "denied supplying arms", "denied any role": deny takes acts and claims alike; not what is refused
        # ("denied them entry", "denied the request", "was denied bail")
        return not any(o.lemma_.lower() in REFUSED_THINGS for o in children(v, "dobj", "nsubjpass"))
    objs = children(v, "dobj", "nsubjpass")
    deny_words = lexicon().deny_words
    as_what = [t for c in v.children if c.dep_ in ("prep", "advcl", "oprd", "acomp")
               and any(m.lower_ == "as" for m in (c, *c.children)) for t in c.subtree]
    if any(t.lower_ in deny_words or t.lemma_.lower() in deny_words for t in as_what):
        return True  # "dismissed them as fabricated", "rejected the report as baseless"
    return not objs or any(o.lemma_.lower() in CLAIM_NOUNS or o.lower_ in CLAIM_NOUNS for o in objs)


# Things refused, not claims denied (CAMEO 12x "reject" a request is no denial of an allegation)
REFUSED_THINGS = frozenset({"entry", "access", "visa", "permission", "request", "bail", "application",
                            "passage", "clearance", "permit", "licence", "license", "asylum", "appeal",
                            "landing"})


def _denial_verb(c: Candidate, ctx: Context) -> bool:
    if not _denies_a_claim(c.trigger):
        return False
    doer, _ = _verb_roles(c, ctx)
    c.actor = actors(doer)
    c.scope = children(c.trigger, "dobj", "ccomp") + preps(c.trigger, "at", "of", "off")
    c.places, _ = _places_from(c.trigger, ctx, motion=False)
    return bool(c.actor) or c.first_person


# Verbs of coming together that are a meeting only for people of office (CAMEO 040/042 ASSEMBLE/CONVENE;
# PETRARCH2 gives "MOURNERS * GATHER" a commemoration, and warships gather for drills)
ASSEMBLY_VERBS = frozenset({"convene", "gather", "assemble", "huddle"})


def _people_of_office(v: Token, ctx: Context) -> bool:
    """The subject of v is people of office: persons named, or officials, leaders, ministers, envoys."""
    return any(_a_person(t, ctx) for s in children(v, "nsubj")
               for t in (s, *(k for k in s.children if k.dep_ == "conj")))


def _a_person(t: Token, ctx: Context) -> bool:
    """A person named, or a counterpart noun ("minister", "envoy", "his counterpart")."""
    named = ctx.entity_at[t.i]
    return (named is not None and named[1] == "person") or t.lemma_.lower() in lexicon().counterparts


def object_is_other_event(v: Token, etype: str) -> bool:
    """The verb's object is an event noun of another type, which is the event told ("held manoeuvres",
    "hosted naval drills"); a transfer noun may be a meeting's matter ("held talks on arms deliveries")."""
    lex = lexicon()
    return any((f := lex.nouns.get(o.lemma_.lower())) is not None and frame_type(f) not in (etype, "transfer")
               for o in children(v, "dobj"))


def _meeting_verb(c: Candidate, ctx: Context) -> bool:
    v = c.trigger
    lex = lexicon()
    if v.lemma_.lower() in ASSEMBLY_VERBS and not _people_of_office(v, ctx):
        return False
    if v.lemma_.lower() == "welcome" and not _person_as_object(v, ctx):
        return False  # "welcomed the decision", "welcomed it"
    if object_is_other_event(v, "meeting"):
        return False  # "hosted naval drills with Russia": the object is the event, an exercise
    topic = v.lemma_.lower() in TOPIC_VERBS  # "discussed Ukraine with Scholz": the object is the topic
    objects = ([] if topic else children(v, "dobj")) + preps(v, "with")
    if topic:  # "discussed arms deliveries with Zelensky": the parser hangs the partner on the topic
        objects += [p for o in children(v, "dobj") for p in preps(o, "with")]
        if not (_people_of_office(v, ctx) or any(_a_person(o, ctx) for o in objects)):
            return False  # "Moscow and Pyongyang discussed the deployment": states agreeing, no talks told
    subj = _subject_entities(v, ctx, c)
    # someone meets someone: "met Putin", "met his counterparts", not "meets the requirements"
    named = [
        o
        for o in objects
        if ctx.entity_at[o.i] is not None or o.lemma_.lower() in lex.counterparts or o.pos_ == "PRON"
    ]
    if not (subj or c.first_person):
        return False
    # "they met", "X and Y met in Z", "X and Y discussed trade": with no one else the subject holds both sides
    reciprocal = not named and (topic or not children(v, "dobj")) and _two_sides(actors(subj), ctx)
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
    for o in objects:
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


# Meeting verbs whose object is what was talked about, not a party ("discussed the war")
TOPIC_VERBS = frozenset({"discuss"})


def _receives_a_visitor(v: Token, ctx: Context) -> bool:
    """ "received the Iranian foreign minister", "received Kim": to receive a person is to meet them."""
    if v.lemma_.lower() != "receive" or v.pos_ not in ("VERB", "AUX"):
        return False
    return _person_as_object(v, ctx)


def _person_as_object(v: Token, ctx: Context) -> bool:
    """A person named or a counterpart noun as v's object ("received Kim", "welcomed the Iranian
    president")."""
    return any(_a_person(o, ctx) for o in children(v, "dobj"))


def _two_sides(participants: list[str], ctx: Context) -> bool:
    """A meeting needs two parties: a leader and his own country are one ("Kim visited a factory")."""
    sides = {ctx.country_of(p) or p for p in participants}
    return len(sides) >= 2


def _sanction_verb(c: Candidate, ctx: Context) -> bool:
    if c.trigger.lemma_.lower() in BAN_VERBS:
        return _trade_ban(c, ctx, TRADE_NOUNS, nested=False) or _travel_ban(c, ctx)
    if refused_entry(c.trigger):
        return _travel_ban(c, ctx)
    if c.trigger.lemma_.lower() == "freeze":  # "$6 billion in Iranian funds": the owner behind "in"
        return _trade_ban(c, ctx, ASSET_NOUNS, nested=True) or _assets_of_the_unnamed(c, ctx)
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
    # "sanctioned a fleet of tankers", "dozens of firms": the designated named by what the group is of
    named = c.scope + [n for o in c.scope for n in preps(o, "of")]
    if not c.target and not any(o.lemma_.lower() in lexicon().designation_objects for o in named):
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


def _travel_ban(c: Candidate, ctx: Context) -> bool:
    """ "Canada barred entry to 15 Iranian officials", "banned two generals from entering the country": a
    travel ban on named people or a state's officials is a sanction (CAMEO 163, PLOVER SANCTION); not
    "barred entry to the stadium", where what follows "to" is a place."""
    v = c.trigger
    entry = [o for o in children(v, "dobj") if o.lemma_.lower() in ENTRY_NOUNS]
    if entry:  # ("denied them entry": the dative)
        told = preps(v, "to") + [p for e in entry for p in preps(e, "to")] + children(v, "dative")
        barred = [o for o in told
                  if (e := ctx.entity_at[o.i]) is None or e[1] not in PLACE_TYPES | {"country"}]
    else:
        barred = [o for o in children(v, "dobj", "nsubjpass")
                  if any(p.lower_ == "from" and any(w.lemma_.lower() == "enter" for w in p.children)
                         for p in v.children if p.dep_ == "prep")]
    if not barred:
        return False
    doer, _ = _verb_roles(c, ctx)
    c.actor = actors(doer)
    c.target = [e for e in actors([e for o in barred for e in entities_under(o, ctx)]) if e not in c.actor]
    c.scope = barred
    return bool(c.actor and c.target)


def _assets_of_the_unnamed(c: Candidate, ctx: Context) -> bool:
    """ "Britain froze the assets of a Dubai-based shipping company", "of 20 individuals": an asset freeze
    on owners the report does not name (OFAC's blocked property of designated persons), sanctioned as the
    designations are ("blacklisted three firms"), with the imposer named."""
    lex = lexicon()
    v = c.trigger
    assets = [o for o in children(v, "dobj", "nsubjpass") if o.lemma_.lower() in ASSET_NOUNS]
    owners = [p for o in assets for p in preps(o, "of")]
    if not any(p.lemma_.lower() in lex.designation_objects for p in owners):
        return False
    doer, _ = _verb_roles(c, ctx)
    c.actor = actors(doer)
    c.target = []
    c.scope = assets
    return bool(c.actor)


# What an armed force takes when it takes ground (CAMEO 192, "occupy territory", under FIGHT): "seized
# control of the provincial capital", "captured the town of Bakhmut", "took the airport"
TERRITORY_NOUNS = frozenset({"control", "city", "town", "village", "capital", "territory", "district",
                             "province", "region", "area", "airport", "airbase", "base", "outpost",
                             "stronghold", "position", "hill", "border", "crossing", "bridgehead",
                             "settlement", "neighbourhood", "neighborhood"})


def _territory_taken(c: Candidate, ctx: Context, doer: list[Entity], objs: list[Token]) -> bool:
    """An armed hand seizing ground is an attack, not a seizure of goods: "the Taliban seized control of
    the provincial capital", "rebels captured the town of Goma"."""
    if not _armed_hand(doer) or not objs or any("police" in e for e, _ in doer):
        return False  # (the police seize people and goods, not ground)
    taken = [o for o in objs if o.lemma_.lower() in TERRITORY_NOUNS
             or (ctx.entity_at[o.i] is not None and ctx.entity_at[o.i][1] in PLACE_TYPES | {"country"})]
    if not taken:
        return False
    c.type = "attack"
    c.actor = actors(doer)
    ground = [e for o in taken for e in entities_under(o, ctx)]
    c.target = [e for e, t in ground if t in ACTOR_TYPES and e not in c.actor]
    c.places, _ = _places_from(c.trigger, ctx, motion=False)
    c.places += [PlaceRole(e, "location") for e, t in ground if t in PLACE_TYPES
                 and PlaceRole(e, "location") not in c.places]
    if not c.target:
        c.target = [k for p in c.places if (k := ctx.country_of(p.entity)) and k not in c.actor][:1]
    return bool(c.actor)


# Seizure verbs a person does on a tour of inspection ("the leader inspected new jets", "boarded a ship")
VISITING_VERBS = frozenset({"inspect", "board"})


# Events a leader or officer inspects or watches rather than seizes anything in
WATCHED_EVENTS = frozenset({"weapons_test", "exercise"})


def _seizure_verb(c: Candidate, ctx: Context) -> bool:
    lex = lexicon()
    v = c.trigger
    doer, undergoer = _verb_roles(c, ctx)
    objs = children(v, "dobj") + children(v, "nsubjpass") + hedged_objects(v)
    shared = passive_subject(v)  # "the tanker was boarded and seized by Iranian forces": seized too
    if shared is not None and shared not in objs:
        objs.append(shared)
    if v.dep_ == "acl" and v.tag_ == "VBN" and v.head not in objs:
        objs.append(v.head)  # "the tanker, seized by Iran in April last year, was released": what was seized
    # "seized a dhow carrying arms ... in the Gulf of Oman": the cargo and where, though hung on the verb
    carrying = [x for x in children(v, "advcl") if reduced_relative_of(x) is not None]
    c.scope = objs + carrying
    has_ship = any(t.lemma_.lower() in lex.ships for o in objs for t in o.subtree) \
        or any(_ship_pronoun(o) for o in objs)
    c.vessels = _ids(undergoer, VESSEL_TYPES)
    if not (has_ship or c.vessels) and _territory_taken(c, ctx, doer, objs):
        return True
    if not (has_ship or c.vessels or _has_goods(c, ctx)):
        return False
    if v.lemma_.lower() == "stop" and not (has_ship or c.vessels):
        return False  # "stopped a freighter off Sicily" is an interdiction; "stopped gas deliveries" is not
    if any(lex.nouns.get(noun_phrase_key(o)) in WATCHED_EVENTS or lex.nouns.get(o.lemma_.lower()) in
           WATCHED_EVENTS for o in objs):
        return False  # "Kim inspected the test firing of a new missile": he watched a test, seized nothing
    if v.lemma_.lower() in VISITING_VERBS and doer and all(t == "person" for _, t in doer):
        return False  # "Kim Jong Un inspected fighter jets": a leader's visit, not a search (seizures are
        # done by navies, coast guards, customs and states)
    c.actor = actors(doer) or _navies_of(doer)
    if c.frame == "seizure_find" and not _searchers(doer, objs, ctx):
        return False
    c.target = [e for e, t in undergoer if t in ACTOR_TYPES | VESSEL_TYPES and e not in c.actor]
    c.places, _ = _places_from(v, ctx, motion=False)
    for o in objs + carrying:  # "seized the tanker X in the Gulf of Oman"
        c.places += [p for p in _places_from(o, ctx, motion=False)[0] if p not in c.places]
    c.anchors += carrying  # its time ("... on Thursday") may hang there too
    # "the cargo of drone engines was seized in the port of Rotterdam": taken where it was, by a hand the
    # sentence leaves unnamed (issue 9: an event whose doer is not named is still an event)
    c.unnamed_blow = (not doer and bool(children(v, "nsubjpass"))
                      and any(p.role == "location" for p in c.places))
    return bool(c.actor) or c.unnamed_blow


def _ship_pronoun(o: Token) -> bool:
    """ "The tanker had been loitering off Fujairah. Commandos boarded it": "it" stands for the subject of
    the sentence before (its object when it has none), and that is a ship."""
    if o.lower_ != "it" or o.sent.start == 0:
        return False
    before = o.doc[o.sent.start - 1].sent
    for deps in (("nsubj", "nsubjpass"), ("dobj",)):
        nouns = [t for t in before if t.pos_ == "NOUN" and t.dep_ in deps]
        if nouns:
            return nouns[0].lemma_.lower() in lexicon().ships
    return False


def _searchers(doer: list[Entity], objs: list[Token], ctx: Context) -> bool:
    """Arms found by a state or a force (customs, police, a coast guard), named as the object: a
    search's find, not a study's finding."""
    # (not a named body: "Conflict Armament Research found Iranian parts in the drones" is a study's
    # finding, and "rebels found weapons" no interdiction)
    finders = [e for e, t in doer if t == "country" or generic_type(e) == "organization"]
    return bool(finders) and bool(objs) and any(
        ctx.item_at[t.i] >= 0 or t.lemma_.lower() in ARMS_FIND_NOUNS for t in objs[0].subtree)


# Heads of what a search finds that are arms by what they hold ("a weapons cache", "an arms depot")
ARMS_FIND_NOUNS = frozenset({"cache", "stockpile", "depot", "consignment", "arsenal"})


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
