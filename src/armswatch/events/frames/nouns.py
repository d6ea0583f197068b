"""Frames of noun triggers ("the transfer of", "sanctions on") and the special frames (use, attempt)."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from armswatch.events.frames.context import Candidate, Context, Entity, _add, _ids, actors, entities_under
from armswatch.events.frames.destined import destined_goods
from armswatch.events.frames.lexicon import (
    ACTOR_TYPES,
    ATTEMPT_VERBS,
    BAN_VERBS,
    PLACE_TYPES,
    ROLE_PREPS,
    VESSEL_TYPES,
    lexicon,
)
from armswatch.events.frames.modality import modality
from armswatch.events.frames.parse import agent_of, children, clause_head, prep_objects, preps, subject_of
from armswatch.events.frames.roles import (
    CIVIL_CATEGORIES,
    _agent_from_governor,
    _claimant,
    _copular_subject,
    _exchange_object,
    _has_goods,
    _is_arms_trade,
    _light_verb,
    _noun_modifier_entities,
    _places_from,
    _responsibility_verb,
    _subject_entities,
    _verb_roles,
)
from armswatch.events.frames.strikes import (
    HARM_VERBS,
    _aimed_at,
    _clash,
    _own_ground_as_target,
    _struck_places_as_target,
    _test_item_in,
    harm_clauses,
)
from armswatch.events.frames.triggers import TRADE_BARS, barred, disowned, under_attack
from armswatch.events.frames.verbs import (
    _beneficiaries,
    _maker_of_goods,
    _sides_to_roles,
    _two_sides,
)
from armswatch.events.models import PlaceRole

# ---- nouns


def _noun_actor(c: Candidate, ctx: Context, light_type: str | None = None) -> list[Entity]:
    """Entities doing a nominal event: its possessor/modifier, "by X", or its light verb's subject."""
    n = c.trigger
    ents = [e for e in _noun_modifier_entities(n, ctx) if e[1] in ACTOR_TYPES]
    for obj in preps(n, "by"):
        ents += [e for e in entities_under(obj, ctx) if e[1] in ACTOR_TYPES]
    if not ents:
        lv = _light_verb(n, light_type or c.type)
        if lv is not None:
            c.anchors.append(lv)
            agent = agent_of(lv)
            if agent is not None:  # "sanctions were imposed on X by the EU": the passive's agent does it
                ents = [e for e in entities_under(agent, ctx) if e[1] in ACTOR_TYPES]
            else:
                ents = [e for e in _subject_entities(lv, ctx, c) if e[1] in ACTOR_TYPES]
            _, c.planned, neg = modality(lv)
            c.negated = c.negated or neg
    if not ents:
        ents = _agent_from_governor(n, ctx)
    if not ents:
        ents = [e for e in _copular_subject(n, ctx) + _claimant(n, ctx) if e[1] in ACTOR_TYPES]
    return ents


def _bars_trade(noun: Token) -> bool:
    """A measure that bars or limits trade: a ban, curb or control, or a sanction or embargo noun."""
    lemma = noun.lemma_.lower()
    return lemma in TRADE_BARS or (noun.pos_ == "NOUN" and lexicon().nouns.get(lemma) == "sanction")


# Who trade is barred with: "a ban on trade with Libya", "curbs on exports to China", "on imports from Iran"
PARTNER_PREPS = frozenset({"with", "to", "from"})
# Verbs of a quantity's change, whose subject is a statistic ("arms exports fell 5%")
TREND_VERBS = frozenset({"rise", "fall", "grow", "increase", "decrease", "decline", "drop", "double",
                         "triple", "halve", "surge", "slump", "plunge", "soar", "climb", "shrink", "jump",
                         "dip", "rebound", "recover", "slow", "stagnate"})
APPROVAL_VERBS = frozenset({"approve", "authorize", "authorise", "clear"})


def _transfer_noun(c: Candidate, ctx: Context) -> bool:
    if c.frame == "transfer_bound":
        return destined_goods(c, ctx)  # "the tanks were en route to Juba"
    lex = lexicon()
    n = c.trigger
    if n.dep_ in ("nsubj", "nsubjpass") and n.head.lemma_.lower() in TREND_VERBS and not _arms_flow(n, ctx):
        return False  # "exports of wheat rose by 10 percent": a trade statistic, not a shipment
    if n.dep_ in ("dobj", "nsubjpass") and n.head.lemma_.lower() in BAN_VERBS:
        return False  # "banned exports of dual-use goods to Russia": a sanction (verbs.py), not a shipment
    if n.dep_ == "pobj" and n.head.lower_ == "on" and (
            _bars_trade(n.head.head) or any(_bars_trade(o) for o in children(n.head.head, "dobj"))):
        return False  # "restrictions on exports of chips to China", "imposed curbs on exports": what a
        # sanction bars
    receive = c.frame == "transfer_receive"
    c.scope = [n]
    mods = [e for e in _noun_modifier_entities(n, ctx) if e[1] in ACTOR_TYPES]
    by = [] if _interdicted(n) else [e for o in preps(n, "by") for e in entities_under(o, ctx)
                                     if e[1] in ACTOR_TYPES]
    from_ = [e for o in preps(n, "from") for e in entities_under(o, ctx) if e[1] in ACTOR_TYPES]
    # "a weapons package for Kyiv", "arms for the rebels": "for" names whom the goods go to
    to = [e for o in preps(n, "to", "for") for e in entities_under(o, ctx) if e[1] in ACTOR_TYPES]
    # the goods' own origin: "Russia's procurement of DPRK missiles"
    of_mods = [e for o in preps(n, "of") for e in _noun_modifier_entities(o, ctx) if e[1] in ACTOR_TYPES]
    taker = None
    if n.dep_ in ("dobj",) and n.head.lemma_.lower() in lex.receive_light:  # "X took delivery of Y"
        taker = n.head
    elif n.dep_ == "pobj" and n.head.head.lemma_.lower() in lex.receive_light:
        taker = n.head.head
    if taker is not None:
        c.anchors.append(taker)
        _add(c.target, actors(_subject_entities(taker, ctx, c)))
        _add(c.actor, actors(mods + by + from_ + of_mods))
        # "took delivery of a drone consignment from X", "of its first batch of Su-57 fighters from X"
        chain = preps(n, "of")
        for _ in range(3):
            for o in chain:
                _add(c.actor, actors(e for oo in preps(o, "from") for e in entities_under(oo, ctx)))
            chain = [oo for o in chain for oo in preps(o, "of")]
    elif receive:
        _add(c.target, actors(mods + by) or actors(_copular_subject(n, ctx)))
        _add(c.actor, actors(from_ + of_mods))
    else:
        _add(c.actor, actors(mods + by + from_))
        if not c.actor:
            _add(c.actor, actors(_noun_actor(c, ctx, "transfer_give")))
        lv = _light_verb(n, "transfer_give")
        if lv is not None and lv.lemma_.lower() in APPROVAL_VERBS:
            c.planned = True  # "approved the sale of 40 F-16s to Turkey": the seller, a sale not yet made
        _add(c.target, actors(to))
    if not c.target and not receive:
        _add(c.target, actors(_beneficiaries(n, ctx)))
    if (
        not c.target
        and not receive
        and n.dep_ == "dobj"
        and not lex.verbs.get(n.head.lemma_.lower(), "").startswith("transfer")
    ):
        # "condemned X's transfer of missiles to Russia": the parser hangs "to Russia" on the verb
        _add(c.target, [e for o in preps(n.head, "to") for e in actors(entities_under(o, ctx))])
    places, countries = _places_from(n, ctx, motion=True)
    for o in preps(n, "of"):
        more, more_sides = _places_from(o, ctx, motion=True)
        places += [p for p in more if p not in places]
        countries += more_sides
        for oc in [o] + list(o.conjuncts):  # "supply of munitions and equipment to Russia"
            _add(
                c.target,
                []
                if c.target or receive
                else [e for x in preps(oc, "to") for e in actors(entities_under(x, ctx))],
            )
    c.places = places
    _sides_to_roles(c, countries)
    if not c.actor and not receive:  # "deliveries of North Korean shells to Russia": their maker
        c.scope = [n] + preps(n, "of")
        c.actor = [m for m in _maker_of_goods(c, ctx) if m not in c.target][:1]
        c.scope = [n]
    c.exchange = _exchange_object(n)
    if c.exchange is None and n.head.pos_ in ("VERB", "AUX"):
        c.exchange = _exchange_object(n.head)
    _, _, c.negated = modality(n)
    return _has_goods(c, ctx) and _is_arms_trade(c, ctx)


# Condemnations lodged with the party condemned (a diplomatic protest is lodged with the government
# protested against).
LODGED_NOUNS = frozenset({"protest", "representation"})
# "representations" are a protest only as diplomats lodge or make them ("made representations to
# Beijing"; not "legal representation", "representations of women in film")
REPRESENTATION_VERBS = frozenset({"lodge", "make", "register"})


def _condemn_noun(c: Candidate, ctx: Context) -> bool:
    n = c.trigger
    lv = _light_verb(n, "condemnation")
    if n.lemma_.lower() == "concern" and lv is None and not preps(n, "over", "about", "at", "regarding"):
        return False  # "a source of concern": nobody voices it
    if n.lemma_.lower() == "representation" and (
            n.lower_ != "representations" or lv is None or lv.lemma_.lower() not in REPRESENTATION_VERBS):
        return False
    if n.dep_ == "dobj" and n.head.lemma_.lower() in DRAWING_VERBS:
        return _condemnation_drawn(c, ctx)
    c.actor = actors(_noun_actor(c, ctx))
    objs = preps(n, "over", "about", "at", "of", "regarding", "against")
    if lv is not None:
        objs += preps(lv, "over", "about", "at", "regarding", "against")
    if n.lemma_.lower() in LODGED_NOUNS:  # "lodged a protest with India": India is protested to
        objs += preps(n, "with", "to") + (preps(lv, "with", "to") if lv is not None else [])
    # "concern over military cooperation between Pyongyang and Moscow": both sides of what concerns
    c.target = [
        e
        for o in objs
        for e in actors(entities_under(o, ctx, skip_preps=ROLE_PREPS - {"by", "between"}))
        if e not in c.actor
    ]
    c.scope = objs
    return bool(c.actor) or c.first_person


# Verbs whose subject is what is condemned: "the strike drew condemnation from the UN" (the reporters'
# "drew/sparked international condemnation")
DRAWING_VERBS = frozenset({"draw", "spark", "prompt", "provoke", "trigger", "attract", "earn", "elicit"})


def _condemnation_drawn(c: Candidate, ctx: Context) -> bool:
    """ "Iran's seizure of the tanker sparked condemnation from Britain and France": those it came "from"
    (or "by") condemn the subject's doer; with nobody named ("drew international condemnation") no one
    can be given as the condemner, so no event is made."""
    n, drawer = c.trigger, c.trigger.head
    c.anchors.append(drawer)
    c.actor = actors([e for o in preps(n, "from", "by") + preps(drawer, "from", "by")
                      for e in entities_under(o, ctx)])
    subj = subject_of(drawer)
    if subj is not None:
        c.target = [e for e in actors(entities_under(subj, ctx)) if e not in c.actor]
        c.scope = [subj]
    return bool(c.actor)


def _denial_noun(c: Candidate, ctx: Context) -> bool:
    if disowned(c.trigger):  # "Minsk said it had no involvement in the shipment": the speaker denies
        speech = c.trigger.head.head
        c.anchors.append(speech)
        c.actor = actors(_subject_entities(speech, ctx, c))
        c.scope = preps(c.trigger, "in")
        c.negated = False  # the "no" is the denial, not its negation
        return bool(c.actor)
    c.actor = actors(_noun_actor(c, ctx))
    c.scope = preps(c.trigger, "of")
    return bool(c.actor) or c.first_person


def _for_hangs_on_noun(n: Token) -> bool:
    """Does the meeting noun's "for" phrase hang on a noun ("a plan for talks"), not on a verb of going?"""
    return n.head.head.pos_ not in ("VERB", "AUX", "ADJ")


# Prepositions that set a speaker's words beside talks they held ("said after talks with X")
AROUND_TALKS = frozenset({"after", "during", "following", "at"})


def _meeting_noun(c: Candidate, ctx: Context) -> bool:
    n = c.trigger
    # a name the trigger is part of ("the App Promotion Summit") is the meeting's own name, not a party
    own_name = ctx.entity_at[n.i]
    ents = [e for e in _noun_modifier_entities(n, ctx) if e != own_name]
    for o in preps(n, "with", "between", "of", "among"):
        ents += entities_under(o, ctx)
    lv = _light_verb(n, "meeting")
    if lv is not None:
        c.anchors.append(lv)
        ents += _subject_entities(lv, ctx, c)
        if (agent := agent_of(lv)) is not None:  # "the drills conducted by China near Taiwan"
            ents += entities_under(agent, ctx)
        for o in preps(lv, "with"):
            ents += entities_under(o, ctx)
        if n.lemma_.lower() == "host":  # "played host to X": X is the guest
            ents += [e for o in preps(n, "to") + preps(lv, "to") for e in entities_under(o, ctx)]
    places, _ = _places_from(n, ctx, motion=False)
    if lv is not None:
        places += _places_from(lv, ctx, motion=False)[0]
    elif (gone_for := _gone_for(n)) is not None and not _for_hangs_on_noun(gone_for):
        # "Lavrov is due in Tehran for talks with ...", "X flew to Beijing for a summit": the one who goes
        # for the meeting is a party to it, and where they go is where it is held
        goer = gone_for.head.head
        verb = clause_head(goer)
        c.anchors.append(verb)
        goers = _subject_entities(verb, ctx, c)
        # "Russian Foreign Minister Sergei Lavrov": the person goes (as a visitor arriving does, verbs.py)
        goers = [e for e in goers if e[1] == "person"] or goers
        ents += goers
        going = [goer, *children(goer, "acomp")]  # "is due in Tehran for talks": "in" hangs on "due"
        gone_to = [(e, t) for g in going for o in preps(g, "in", "to", "at")
                   for e, t in entities_under(o, ctx, nested=False) if t in ("country", *PLACE_TYPES)]
        places += [PlaceRole(e, "location") for e, _ in gone_to]
        home = {ctx.country_of(e) or e for e, _ in goers}
        ents += [(h, "country") for e, t in gone_to if (h := e if t == "country" else ctx.country_of(e))
                 and h not in home][:1]  # the host
        _, planned, _ = modality(verb)
        c.planned = c.planned or planned or any(g.lemma_.lower() == "due" for g in going)
    elif (n.dep_ == "pobj" and n.head.lower_ in AROUND_TALKS and preps(n, "with")
          and (verb := clause_head(n.head)).lemma_.lower() in lexicon().speech):
        # "Lavrov told reporters after talks with Wang Yi": who speaks of the talks just held held them
        # (not "Netanyahu broke off talks during the US-led negotiations with Iran")
        c.anchors.append(verb)
        ents += [e for e in _subject_entities(verb, ctx, c) if e[1] == "person"]
    elif (n.dep_ == "pobj" and n.head.lower_ in AROUND_TALKS | {"in"} and not preps(n, "with")
          and (verb := clause_head(n.head)).lemma_.lower() in lexicon().speech):
        # "In a meeting in Geneva, Lavrov told his Turkish counterpart that ...": the speaker and the one
        # told, in the meeting the words were said at
        told = [e for o in children(verb, "dobj", "dative") + preps(verb, "to")
                for e in entities_under(o, ctx)]
        speaker = [e for e in _subject_entities(verb, ctx, c) if e[1] == "person"]
        if speaker and told:
            c.anchors.append(verb)
            ents += speaker + told
    if (lv is None and n.dep_ == "pobj" and n.head.lower_ == "at" and ents
            and (verb := clause_head(n.head)).pos_ == "VERB" and verb not in c.anchors):
        # "Erdogan announced the deal at a summit of NATO leaders", "the king unveiled the plan at a
        # meeting with Gulf leaders": who acts at a meeting of named others took part in it
        attendees = [e for e in _subject_entities(verb, ctx, c) if e[1] in ("person", "country")]
        if attendees:
            c.anchors.append(verb)
            ents += attendees
    if n.lemma_.lower() == "visit":
        for o in preps(n, "to"):
            for e in entities_under(o, ctx):
                if e[1] in PLACE_TYPES:
                    places.append(PlaceRole(e[0], "location"))
                if e[1] in PLACE_TYPES and ctx.country_of(e[0]):
                    ents.append((ctx.country_of(e[0]), "country"))
                elif e[1] == "country":
                    ents.append(e)
                    places.append(PlaceRole(e[0], "location"))  # "his visit to China": where they met
    c.places = [p for i, p in enumerate(places) if p not in places[:i]]
    _add(c.actor, actors(ents))
    # one named body that has members ("a G7 meeting in Japan") is a meeting of its members
    modifiers = [e for e, t in _noun_modifier_entities(n, ctx) if t == "organization" and (e, t) != own_name]
    single_body = len(c.actor) == 1 and c.actor[0] in modifiers
    return _two_sides(c.actor, ctx) or (len(c.actor) == 1 and single_body and n.lemma_.lower() != "visit")


# Spans and rounds a meeting comes in: "for two days of talks", "for a second round of talks"
MEETING_SPANS = frozenset({"day", "round", "hour", "week", "session", "series"})


def _gone_for(n: Token) -> Token | None:
    """The noun after "for" that n is or comes in ("for talks", "for two days of talks"), else None."""
    if n.dep_ != "pobj":
        return None
    if n.head.lower_ == "of" and n.head.head.lemma_.lower() in MEETING_SPANS:
        n = n.head.head
    return n if n.dep_ == "pobj" and n.head.lower_ == "for" else None


# "adopted a package of sanctions against X": the sanctions come in a batch, which is what is imposed
SANCTION_BATCHES = frozenset(
    {"package", "round", "set", "wave", "raft", "batch", "series", "tranche", "slew"}
)


# Verbs that put someone on a sanctions list: their object is the one sanctioned
LISTING_VERBS = frozenset({"add", "put", "place"})


def _sanction_noun(c: Candidate, ctx: Context) -> bool:
    n = c.trigger
    batch = n.dep_ == "pobj" and n.head.lower_ == "of" and n.head.head.lemma_.lower() in SANCTION_BATCHES
    if n.dep_ == "pobj" and n.head.lower_ in ("under", "despite", "of", "from", "against") and not batch:
        return False  # a state ("under sanctions"), or the sanctions as a thing spoken of
    c.actor = actors(_noun_actor(c, ctx))
    objs = preps(n, "on", "against") + (preps(n.head.head, "on", "against") if batch else [])
    if n.lemma_.lower() in TRADE_BARS:  # "a ban on trade with Libya", "restrictions on exports of chips to
        # China": the partner barred is the target
        objs += [w for o in barred(n) for t in o.subtree
                 if t.dep_ == "prep" and t.lower_ in PARTNER_PREPS for w in t.children if w.dep_ == "pobj"]
    lv = _light_verb(n, "sanction")
    if lv is not None:
        objs += preps(lv, "on", "against")
        # "Switzerland adopted the EU's latest package": who adopts them imposes them, whoever drew them up
        adopters = [e for e in _subject_entities(lv, ctx, c) if e[1] in ACTOR_TYPES] \
            if agent_of(lv) is None and not children(lv, "nsubjpass") else []
        if adopters and not set(actors(adopters)) & set(c.actor):
            c.actor = actors(adopters)
        if lv.lemma_.lower() in LISTING_VERBS and n.dep_ == "pobj":  # "added 11 firms to its blacklist"
            objs += children(lv, "dobj") + children(lv, "nsubjpass")
            if children(lv, "nsubjpass"):  # "were placed on the Entity List by the US": the agent lists
                agent = agent_of(lv)
                by = [e for o in preps(n, "by") for e in entities_under(o, ctx)]
                c.actor = actors(entities_under(agent, ctx) if agent is not None else by)
        if lv.lemma_.lower() in ("target", "hit", "slap"):
            objs += children(lv, "dobj") + children(lv, "nsubjpass")
            if lv.dep_ == "acl" and lv.tag_ == "VBN":  # "entities hit by US sanctions"
                objs.append(lv.head)
            hit_subject = not children(lv, "dobj", "nsubjpass") and n in preps(lv, "with")
            if hit_subject:  # "officials hit with sanctions today", read as active with no object: an
                # active "X hit Y with sanctions" names Y; with none, the subject is the one hit
                objs += children(lv, "nsubj")
            if (lv.dep_ == "acl" and lv.tag_ == "VBN") or children(lv, "nsubjpass") or hit_subject:
                # "one of 11 Russian officials hit with sanctions", "firms were slapped with curbs": those
                # hit are sanctioned; only a "by" names who imposed them
                agent = agent_of(lv)
                by = [e for o in preps(n, "by") for e in entities_under(o, ctx)]
                c.actor = actors(entities_under(agent, ctx) if agent is not None else by)
    if not c.actor and lv is not None and children(lv, "nsubjpass"):
        # "sanctions were slapped on the group's leadership by the US": the parser hangs the passive's
        # agent on the object; it imposes them, and is no target
        c.actor = _agents_hung_on(objs, ctx)
    ents = [e for o in objs for e in entities_under(o, ctx, skip_preps=ROLE_PREPS | {"by"})]
    c.target = [e for e in actors(ents) + _ids(ents, VESSEL_TYPES) if e not in c.actor]
    c.vessels = _ids(ents, VESSEL_TYPES)
    c.scope = objs
    if not c.actor:  # "the Council decided to extend the restrictive measures against Russia": imposed on
        # someone by a body the sentence leaves unnamed (issue 9); not one only promised or proposed
        return lv is not None and bool(c.target) and not c.planned
    return lv is not None or bool(c.target)


INVOLVING_VERBS = frozenset({"involve", "include", "feature"})


def _exercise_noun(c: Candidate, ctx: Context) -> bool:
    n = c.trigger
    # "the Freedom Shield exercise": a name on the exercise, not in the gazetteer (the NER model calls it a
    # person or an organisation), is no party to it
    names = {e[0] for t in n.children
             if t.dep_ in ("compound", "nmod") and (e := ctx.entity_at[t.i]) is not None
             and (e[1] in ("person", "other") or e[0] not in ctx.known)}
    ents = [e for e in _noun_modifier_entities(n, ctx) if e[0] not in names]
    lv = _light_verb(n, "exercise")
    places, _ = _places_from(n, ctx, motion=False)
    if lv is not None:
        c.anchors.append(lv)
        ents += _subject_entities(lv, ctx, c)
        if (agent := agent_of(lv)) is not None:  # "the drills conducted by China near Taiwan"
            ents += entities_under(agent, ctx)
        for o in preps(lv, "with"):
            ents += entities_under(o, ctx)
        places += _places_from(lv, ctx, motion=False)[0]
        _, c.planned, c.negated = modality(lv)
    by = [e for o in preps(n, "by") for e in entities_under(o, ctx)]
    if by:  # "in protest of the exercise by South Korea and the US": they hold it, not who protests
        ents = [e for e in ents if e not in _subject_entities(lv, ctx, c)] if lv is not None else []
        ents += by
    for o in preps(n, "with", "between", "involving", "of"):
        ents += entities_under(o, ctx)
    # "drills involving Egypt", "the exercises, which involved Russian and Chinese bombers"
    involved = [e for v in children(n, "acl", "relcl") if v.lemma_.lower() in INVOLVING_VERBS
                for o in children(v, "dobj") for e in entities_under(o, ctx)]
    ents += involved
    c.places = [p for i, p in enumerate(places) if p not in places[:i]]
    _add(c.actor, actors(ents))
    # ("the joint exercise between Egypt and Saudi Arabia": two sides named with the exercise itself)
    between = len(c.actor) >= 2 and bool(preps(n, "between"))
    told = lv is not None or bool(c.places) or bool(by) or bool(actors(involved)) or between
    return bool(c.actor) and told


def _test_noun(c: Candidate, ctx: Context) -> bool:
    n = c.trigger
    c.scope = [n]
    if not _test_item_in(c, ctx):
        return False
    c.actor = actors(_noun_actor(c, ctx, "weapons_test"))
    if not c.actor and n.dep_ == "dobj" and n.head.lemma_.lower() in OBSERVING_VERBS:
        # "Kim Jong Un watched the test firing of a new cruise missile": a leader watching his state's
        # test, as state media tell it (the light verbs "oversee", "guide" say the same)
        c.anchors.append(n.head)
        c.actor = actors([e for e in _subject_entities(n.head, ctx, c) if e[1] in ACTOR_TYPES])
    c.places, _ = _places_from(n, ctx, motion=False)
    return bool(c.actor)


OBSERVING_VERBS = frozenset({"watch", "observe", "inspect", "witness", "view"})


# Attack nouns whose "of" names what was struck ("the invasion of Ukraine", "the shelling of Kharkiv"); an
# "attack of the Houthis" may be theirs, so "attack" and "strike" are not among them.
STRUCK_OF_NOUNS = frozenset({"invasion", "incursion", "bombardment", "shelling", "bombing", "assassination"})


def _attack_noun(c: Candidate, ctx: Context) -> bool:
    if c.frame == "attack_clash":
        return _clash(c, ctx)
    n = c.trigger
    c.actor = actors(_noun_actor(c, ctx))
    aimed = _aimed_at(n, ctx)
    batch = _batch_of(n)
    if batch is not None:  # "a wave of strikes on Hezbollah positions": the parser hangs "on" on the wave
        aimed += [e for e in _aimed_at(batch, ctx) if e not in aimed]
    if n.lemma_.lower() in STRUCK_OF_NOUNS:
        aimed += [e for o in preps(n, "of") for e in entities_under(o, ctx) if e not in aimed]
    for by in preps(n, "by"):  # "attacks by Iranian proxies on US troops": the parser hangs "on" on the doer
        aimed += [e for e in _aimed_at(by, ctx) if e not in aimed]
    lv = _light_verb(n, "attack")
    if lv is not None:
        aimed += [e for e in _aimed_at(lv, ctx) if e not in aimed]
        c.scope = children(lv, "dobj")
    c.target = [e for e, t in aimed if t in ACTOR_TYPES and e not in c.actor]
    c.places, _ = _places_from(n, ctx, motion=False)
    if batch is not None:
        c.places += [p for p in _places_from(batch, ctx, motion=False)[0] if p not in c.places]
    if n.dep_ == "nsubj" and (n.head.lemma_.lower() in DAMAGE_VERBS or _sets_fire(n.head)):
        # "an airstrike flattened a building in Rafah": what the blow hit, and where, is what its verb says
        damage = n.head
        c.anchors.append(damage)
        for o in children(damage, "dobj") + (preps(damage, "to") if _sets_fire(damage) else []):
            aimed += [e for e in entities_under(o, ctx) if e not in aimed and e[1] in ACTOR_TYPES]
            c.places += [p for p in _places_from(o, ctx, motion=False)[0] if p not in c.places]
        c.places += [p for p in _places_from(damage, ctx, motion=False)[0] if p not in c.places]
    c.places += [PlaceRole(e, "location") for e, t in aimed if t in PLACE_TYPES]
    # "strikes on Houthi targets in Yemen": where the things struck lie is where the attack fell
    struck_objects = preps(n, "on", "against", "at")
    if batch is not None:
        struck_objects += preps(batch, "on", "against", "at")
    for obj in struck_objects:
        nested, sides = _places_from(obj, ctx, motion=False)
        c.places += [p for p in nested if p not in c.places]
        c.places += [PlaceRole(e, "location") for e, role in sides
                     if role == "location" and PlaceRole(e, "location") not in c.places]
    toll = _toll_verb(n)
    if toll is not None:  # "killed in an Israeli strike on a car in southern Lebanon": the parser hangs
        # where the blow fell on the toll's verb
        c.anchors.append(toll)
        for obj in [toll] + preps(toll, "on", "at", "against"):
            c.places += [p for p in _places_from(obj, ctx, motion=False)[0]
                         if p.role == "location" and p not in c.places]
    c.vessels = _ids(aimed, VESSEL_TYPES)
    c.scope.append(n)
    _struck_places_as_target(c, [e for e, t in aimed if t in PLACE_TYPES], ctx)
    _own_ground_as_target(c, ctx)
    # "Houthi rebels claimed responsibility for the attack": the claimant (`_claimant`, via `_noun_actor`)
    # struck, though the sentence names neither target nor place (the same "responsibility for" pattern)
    claimant = _responsibility_verb(n)
    if claimant is not None and c.actor:
        c.anchors.append(claimant)
        return True
    if under_attack(n):  # "Ukrainian positions came under rocket fire": the subject is what was struck
        held = n.head.head
        c.anchors.append(held)
        held_ones = _subject_entities(held, ctx, c)
        _add(c.target, [e for e, t in held_ones if t in ACTOR_TYPES and e not in c.actor])
        c.places += [p for p in _places_from(held, ctx, motion=False)[0] if p not in c.places]
        # "a police checkpoint in Kirkuk came under attack": the place of what was struck
        for s in children(held, "nsubj", "nsubjpass"):
            c.places += [p for p in _places_from(s, ctx, motion=False)[0]
                         if p.role == "location" and p not in c.places]
        if not c.actor:  # "came under attack from Islamic State gunmen": who attacked
            c.actor = actors([e for o in preps(n, "from") + preps(held, "from")
                              for e in entities_under(o, ctx) if e[1] in ACTOR_TYPES])
        if c.target or c.places:
            return True
        if c.actor:
            return True  # "the convoy came under fire from militants": a thing struck (`under_attack`)
        # "the convoy came under fire near the border, and two soldiers were wounded": whom it harmed
        harm = harm_clauses(held)
        if harm:
            c.target = actors([e for h in harm for o in children(h, "dobj", "nsubjpass")
                               for e in entities_under(o, ctx) if e[1] in ACTOR_TYPES])
            c.unnamed_blow = not c.target
            c.anchors += harm
            return True
    if not c.actor:
        return _attack_told_by_its_toll(c, ctx) or _new_blow_at_a_place(c, ctx)
    # "the junta carried out air strikes on a camp for displaced people": an armed blow by a named hand
    # on a thing named by a common noun is one struck, though neither the thing nor its place is an entity
    # ("carried out air strikes on a camp": the parser hangs "on" on the light verb as often as on the noun)
    carried = preps(n.head, "on", "against") if n.dep_ == "dobj" else []
    # ("an assault by the RSF on El Fasher": an armed group's blow is armed whatever its noun)
    armed = _armed_blow(n) or any(ctx.types.get(e) == "armed_group" for e in c.actor)
    return bool(c.target or c.places) or (armed and any(map(_blow_object, struck_objects + carried)))


def _armed_blow(n: Token) -> bool:
    """An attack noun that is an armed blow by itself or by its modifier ("a drone attack", "air strikes";
    not "attacks on the press")."""
    return n.lemma_.lower() in ARMED_BLOW_NOUNS or any(
        m.dep_ in ("compound", "amod") and BLOW_MODIFIERS & {m.lower_, m.lemma_.lower()} for m in n.children)


def _blow_object(o: Token) -> bool:
    """A noun a blow fell "on/against/at" that is no time ("on Tuesday", "at dawn"): a common noun, or a
    name the gazetteer lacks ("an assault on El Fasher")."""
    return o.pos_ in ("NOUN", "PROPN") and o.ent_type_ not in ("DATE", "TIME") \
        and o.lemma_.lower() not in TIME_NOUNS


TIME_NOUNS = frozenset({"day", "night", "morning", "evening", "afternoon", "dawn", "dusk", "weekend", "week",
                        "time", "anniversary", "eve", "occasion", "midnight", "noon", "hour", "basis"})


# Attack nouns that are armed blows by themselves; the others ("attack", "strike", "raid", "assault") are
# armed only with a modifier of arms or of the armed ("a drone attack", "a suicide bombing", "an air raid")
ARMED_BLOW_NOUNS = frozenset({"airstrike", "bombing", "shelling", "bombardment", "assassination"})
BLOW_MODIFIERS = frozenset({
    "drone", "missile", "rocket", "mortar", "artillery", "suicide", "air", "aerial", "terror", "terrorist",
    "militant", "insurgent", "rebel", "grenade", "bomb", "car", "gun", "armed", "military", "naval",
    "chemical", "ballistic", "cruise", "sniper", "jihadist",
})


def _new_blow_at_a_place(c: Candidate, ctx: Context) -> bool:
    """An attack by an unnamed hand that the sentence brings in with its place: "an airstrike on a market
    in Idlib" (a noun with "a"/"an" and a known place). "The attack" or "this strike" with a place is most
    often one told before, and "165 attacks on US troops" a tally, not one event (issue 9: the doer may be
    unnamed)."""
    n = c.trigger
    if not any(d.dep_ == "det" and d.lower_ in ("a", "an") for d in n.children):
        return False
    if n.dep_ == "pobj" and n.head.lower_ in ("for", "against", "of"):
        return False  # "tactics for a surprise attack on X", "the risk of an attack": not one struck
    if not _armed_blow(n):
        return False  # "a panic attack in Paris", "a strike at the plant", "a shark attack in Sydney"
    return any(p.role == "location" and p.entity in ctx.known for p in c.places)


# Nouns that count or group events ("a wave of strikes", "a barrage of missiles", "a series of raids")
BATCH_NOUNS = frozenset({"wave", "series", "barrage", "round", "spate", "string", "volley", "salvo", "flurry",
                         "campaign", "succession", "hail", "torrent", "number", "dozen", "hundred"})


def _batch_of(n: Token) -> Token | None:
    """The batch noun an event noun is counted by ("a wave of strikes" -> wave)."""
    if n.dep_ == "pobj" and n.head.lower_ == "of" and n.head.head.lemma_.lower() in BATCH_NOUNS:
        return n.head.head
    return None


# Verbs of damage done by a blow named as their subject ("the strike destroyed a depot in Kursk")
DAMAGE_VERBS = HARM_VERBS | {"destroy", "damage", "flatten", "level", "hit", "demolish", "raze", "wreck",
                             "devastate", "gut", "sink", "disable", "knock"}


def _sets_fire(verb: Token) -> bool:
    """ "set fire to an oil depot", "set ablaze": a blow's damage told by its fire."""
    return verb.lemma_.lower() == "set" and any(
        c.dep_ in ("dobj", "acomp", "advmod", "oprd") and c.lower_ in ("fire", "ablaze", "alight")
        for c in verb.children)


def _toll_verb(n: Token, through: tuple[str, ...] = ("in", "during", "by")) -> Token | None:
    """The verb of harm an attack noun tells the toll of: "five people were killed in an Israeli strike"."""
    head = n.head
    if (n.dep_ == "pobj" and head.lower_ in through and head.head.lemma_.lower() in HARM_VERBS
            and head.head.pos_ == "VERB"):
        return head.head
    return None


def _attack_told_by_its_toll(c: Candidate, ctx: Context) -> bool:
    """An attack whose doer is not named is still an attack when the report tells whom it harmed: "a
    drone attack on the base killed three soldiers", "a US soldier was critically injured in an attack in
    Iraq". The state or group of the harmed is the target (issue 9: an event whose actor is not named is
    still an event, with an empty actor)."""
    n = c.trigger
    head = n.head
    if n.dep_ == "nsubj" and head.lemma_.lower() in HARM_VERBS:
        harm, victims = head, children(head, "dobj")
    elif (toll := _toll_verb(n, ("in", "during"))) is not None:
        harm, victims = toll, children(toll, "nsubjpass")
    else:
        return False
    if harm.dep_ == "relcl" and any(v.lower_ in ("who", "that", "which") for v in victims):
        victims = [harm.head]  # "one US soldier who was injured in an attack": the soldier
    harmed = [e for v in victims for e, t in entities_under(v, ctx) if t in ACTOR_TYPES]
    # the harmed named with their state or group ("a US soldier", "three Iraqi policemen"): "40 troops
    # were wounded in the attack" or "he was injured in an attack" tell of an attack told before
    if not any(ctx.types.get(e) in ("country", "armed_group") for e in harmed):
        return False
    _add(c.target, [e for e in harmed if e not in c.actor])
    if not c.places:
        c.places, _ = _places_from(harm, ctx, motion=False)
    c.anchors.append(harm)
    return True


def _arms_flow(n: Token, ctx: Context) -> bool:
    """ "Arms deliveries from Belarus to Russia have surged": military goods going from one named side to
    another, told as a trend, are shipments still being made (not a statistic of trade in general)."""
    military = any(ctx.item_at[t.i] >= 0 and ctx.item_category(ctx.item_at[t.i]) not in CIVIL_CATEGORIES
                   for t in n.subtree)
    return military and bool(preps(n, "from")) and bool(preps(n, "to"))


def _agents_hung_on(objs: list[Token], ctx: Context) -> list[str]:
    """The actors of a "by" the parser hangs on a nominal event's object rather than on the event ("the
    interception of a shipment by the US Navy", "sanctions were slapped on X's leadership by the US")."""
    return actors(e for o in objs for b in preps(o, "by") for e in entities_under(b, ctx)
                  if e[1] in ACTOR_TYPES)


def _interdicted(n: Token) -> bool:
    """Goods that are the "of" of a seizure noun ("the interception of an Iranian arms shipment by the US
    Navy"): a "by" the parser hangs on the goods is the seizure's doer, not their sender."""
    return (n.dep_ == "pobj" and n.head.lower_ == "of"
            and lexicon().nouns.get(n.head.head.lemma_.lower()) == "seizure")


def _seizure_noun(c: Candidate, ctx: Context) -> bool:
    n = c.trigger
    c.actor = actors(_noun_actor(c, ctx))
    objs = preps(n, "of")
    if not c.actor:  # (the parser's attachment, `_interdicted`)
        c.actor = _agents_hung_on(objs, ctx)
    ents = [e for o in objs for e in entities_under(o, ctx)]
    c.vessels = _ids(ents, VESSEL_TYPES)
    c.target = [e for e, t in ents if t in ACTOR_TYPES | VESSEL_TYPES and e not in c.actor]
    c.scope = objs
    c.places, _ = _places_from(n, ctx, motion=False)
    return bool(c.actor) and bool(c.target or c.vessels or _has_goods(c, ctx))


_NOUN_BUILDERS: dict[str, Callable[[Candidate, Context], bool]] = {
    "transfer": _transfer_noun,
    "condemnation": _condemn_noun,
    "denial": _denial_noun,
    "meeting": _meeting_noun,
    "sanction": _sanction_noun,
    "exercise": _exercise_noun,
    "weapons_test": _test_noun,
    "attack": _attack_noun,
    "seizure": _seizure_noun,
}


# ---- special frames


def _use_frame(v: Token, ctx: Context) -> Candidate | None:
    """ "X used missiles against Y", "X's use of missiles against Y": an attack with the weapons used."""
    aimed = [
        e for prep, obj in prep_objects(v) if prep in ("against", "on") for e in entities_under(obj, ctx)
    ]
    is_noun = v.pos_ in ("NOUN", "PROPN")
    objs = preps(v, "of") if is_noun else children(v, "dobj") + children(v, "nsubjpass")
    if not aimed or not objs:
        return None
    c = Candidate("attack", v, "use", anchors=[v], scope=objs)
    hypothetical, c.planned, c.negated = modality(v)
    if hypothetical or c.negated or not _has_goods(c, ctx):
        return None
    doer = _noun_modifier_entities(v, ctx) if is_noun else _verb_roles(c, ctx)[0]
    c.actor = actors(doer)
    c.target = [e for e, t in aimed if t in ACTOR_TYPES and e not in c.actor]
    c.places = [PlaceRole(e, "location") for e, t in aimed if t in PLACE_TYPES]
    return c if c.actor and c.target else None


def _attempt_frame(n: Token, ctx: Context) -> Candidate | None:
    """ "three attempts to put a satellite in orbit": launch attempts, a weapons test."""
    acts = [
        x for x in n.children if x.dep_ in ("acl", "xcomp", "relcl") and x.lemma_.lower() in ATTEMPT_VERBS
    ]
    if not acts:
        return None
    c = Candidate("weapons_test", n, "attempt", anchors=[n], scope=children(acts[0], "dobj"))
    if not _test_item_in(c, ctx):
        return None
    c.scope.append(n)
    c.actor = actors(_noun_actor(c, ctx, "weapons_test"))
    return c if c.actor else None
