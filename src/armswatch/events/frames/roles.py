"""Role helpers the verb and noun frames share: places, goods, agents, light verbs."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from armswatch.events.frames.context import Candidate, Context, Entity, entities_under
from armswatch.events.frames.lexicon import PLACE_PREPS, PLACE_TYPES, ROLE_PREPS, frame_type, lexicon
from armswatch.events.frames.parse import (
    agent_of,
    children,
    clause_head,
    passive_subject,
    prep_objects,
    preps,
    subject_of,
    verb_lemmas,
)
from armswatch.events.models import PlaceRole


def _places_from(
    tok: Token, ctx: Context, motion: bool, load: str = ""
) -> tuple[list[PlaceRole], list[tuple[str, str]]]:
    """Place roles of tok's prepositional objects, and (country id, role) for the countries they name or
    lie in. `motion`: from/to are origin/destination (else a location); `load`: "origin" for verbs of
    loading, "destination" for unloading, whose "at/in" names that end of the journey."""
    places: list[PlaceRole] = []
    sides: list[tuple[str, str]] = []
    for prep, obj in prep_objects(tok):
        role = PLACE_PREPS.get(prep)
        if role is None or any(c.dep_ == "npadvmod" for c in obj.head.children):
            continue  # "290 km from the border" measures a distance, it names no end of the journey
        if obj.head.head.lower_ in NOT_PLACE_PREP_HEADS:
            continue  # "according to US press reports", "due to Iran's pressure": no end of any journey
        if not motion and prep in ("into", "onto"):
            role = "location"  # "an incursion into Kursk", "fired rockets into Israel": where the blows fell
        elif not motion and role == "destination":
            continue  # "condemned the transfer to Russia": a recipient, not where the condemning happened
        if motion and load and role == "location" and prep in ("at", "in"):
            role = load
        ents = entities_under(obj, ctx, skip_preps=ROLE_PREPS - _NESTED_PLACE_PREPS)
        head_places = [e for e in ents if e[1] in PLACE_TYPES]
        for e in head_places[:2]:
            pr = PlaceRole(e[0], role)
            if pr not in places:
                places.append(pr)
        if head_places:
            country = ctx.country_of(head_places[0][0])
            if country:
                sides.append((country, role))
        else:
            countries = [e[0] for e in ents if e[1] == "country"]
            sides.extend((e, role) for e in countries)
            # a country is a place of the event too: "met in Russia", "embassies in Kenya and Tanzania",
            # "a voyage from Russia to Syria" (the route map's ends), besides the side it names
            if (role != "location") if motion else (role == "location"):
                places.extend(PlaceRole(e, role) for e in countries[:_MAX_COUNTRY_PLACES]
                              if PlaceRole(e, role) not in places)
    return places, sides


# First words of two-word prepositions whose "to" names a source or a cause, not a destination
NOT_PLACE_PREP_HEADS = frozenset(
    {"according", "due", "owing", "thanks", "prior", "contrary", "pursuant", "subsequent", "compared"})
_NESTED_PLACE_PREPS = frozenset({"in", "near", "at", "off", "outside", "inside"})
# Countries one preposition names as places: a coordination ("in Kenya and Tanzania", "in Iraq, Syria and
# Jordan"); a longer list is a region's roll-call rather than where the event was
_MAX_COUNTRY_PLACES = 3


def _bound_for(roots: Iterable[Token], ctx: Context) -> list[Entity]:
    """ "Russia-bound ships": the entity before "-bound"."""
    out = []
    for root in roots:
        for t in root.subtree:
            if t.lower_ == "bound" and t.i >= 2 and t.nbor(-1).text == "-":
                e = ctx.entity_at[t.i - 2]
                if e is not None:
                    out.append(e)
    return out


CIVIL_CATEGORIES = frozenset({"commodity", "other", "dual_use", "fuel"})


def goods_beyond(c: Candidate, ctx: Context, categories: frozenset[str]) -> bool:
    """Does the candidate's scope name an item of a category outside `categories`?"""
    return any(ctx.item_at[t.i] >= 0 and ctx.item_category(ctx.item_at[t.i]) not in categories
               for root in c.scope for t in _scope_tokens(root, c.trigger))


def _is_arms_trade(c: Candidate, ctx: Context) -> bool:
    """A transfer of the field: military goods, or trade goods (fuel, coal, machinery, cargo) with a state
    or armed group on one side ("North Korea exported coal"), not "the company sells clothing"."""
    military = goods_beyond(c, ctx, CIVIL_CATEGORIES)
    if not military and _only_relief(c, ctx):
        return False  # "humanitarian aid delivered to Gaza", "20 trucks of food and medicine": relief,
        # which no embargo or arms register counts (cash and uniforms to an armed group still do)
    # an id the document does not name came from a place's country ("shipped to Vostochny": Russia)
    return military or any(
        ctx.types.get(e, "country") in ("country", "armed_group") for e in c.actor + c.target
    )


RELIEF_WORDS = frozenset({"aid", "medicine", "medicines", "medical", "food", "relief", "humanitarian"})


def _only_relief(c: Candidate, ctx: Context) -> bool:
    """The goods are relief supplies and nothing else: humanitarian aid, food, medicine."""
    words = [t for root in c.scope for t in _scope_tokens(root, c.trigger)]
    goods = [t for t in words if ctx.item_at[t.i] >= 0 or ctx.cargo_at[t.i] >= 0]
    return any(t.lower_ in RELIEF_WORDS for t in words) and all(
        ctx.item_at[t.i] >= 0 and ctx.item_category(ctx.item_at[t.i]) == "other" and t.lower_ not in (
            "cash", "uniform", "uniforms") for t in goods)


# Verbs whose object is what a nominal event or a consignment was made of ("the barrage included 40
# rockets", "the shipment, which contained anti-tank missiles, ...")
INCLUDING_VERBS = frozenset({"involve", "include", "comprise", "contain"})


def _contents(noun: Token) -> list[Token]:
    """What a relative clause on a consignment says it held: "the shipment, which included missiles"."""
    return [o for r in noun.children if r.dep_ == "relcl" and r.lemma_.lower() in INCLUDING_VERBS
            for o in r.children if o.dep_ == "dobj"]


def _has_goods(c: Candidate, ctx: Context) -> bool:
    return any(
        ctx.item_at[t.i] >= 0 or ctx.cargo_at[t.i] >= 0 or t.lemma_.lower() in lexicon().cargo
        for root in c.scope
        for t in _scope_tokens(root, c.trigger)
    )


def _scope_tokens(root: Token, trigger: Token) -> Iterable[Token]:
    """The tokens of an argument: its subtree, not entering other clauses (except the trigger's own)."""
    stack = [root]
    while stack:
        t = stack.pop()
        yield t
        for ch in t.children:
            if ch.dep_ in ("relcl", "ccomp", "advcl", "parataxis") and ch != trigger:
                continue
            if ch.dep_ == "acl" and t != root:
                continue
            stack.append(ch)


def _noun_modifier_entities(noun: Token, ctx: Context) -> list[Entity]:
    """Entities among a noun's left modifiers: possessor, nationality adjective, compound ("US sanctions",
    "North Korea's transfer", "Russian strikes")."""
    out: list[Entity] = []
    for c in noun.children:
        if c.i < noun.i and c.dep_ in ("poss", "amod", "compound", "nmod", "npadvmod"):
            for e in entities_under(c, ctx):
                if e not in out:
                    out.append(e)
    return out


# Dependencies through which a noun is carried up to its light verb
CARRIED_DEPS = frozenset({"dobj", "nsubjpass", "attr", "oprd", "pobj", "prep", "agent", "conj", "acl",
                          "appos"})


def _light_verb(noun: Token, frame_type_: str) -> Token | None:
    """The verb that carries a nominal trigger ("imposed sanctions", "conducted drills", "used missiles
    ... in attacks"): the first verb above it, through objects, prepositions and participles only."""
    allowed = lexicon().light.get(frame_type_, frozenset())
    # the noun's own participle first: "the freeze imposed by the EU ... was extended" (the EU imposed it)
    participle = _light_participle(noun, allowed)
    return participle if participle is not None else _carrying_verb(noun, allowed)


# Phrases that name what a deed answers or when it was done, never what it carries: "launched missiles in
# protest at US-South Korean drills", "held talks after the exercises" (the drills are others')
ANSWERED_PREPS = frozenset({"after", "before", "amid", "despite", "against", "over", "ahead", "following"})
ANSWER_NOUNS = frozenset({"protest", "response", "retaliation", "reaction", "answer", "reply", "riposte"})


def _carrying_verb(noun: Token, allowed: frozenset[str]) -> Token | None:
    cur = noun
    for _ in range(5):
        if cur.dep_ not in CARRIED_DEPS and not (cur.dep_ == "xcomp" and cur.tag_ == "VBG"):
            return None
        cur = cur.head
        if (cur.dep_ == "prep" and cur.lower_ in ANSWERED_PREPS) or cur.lemma_.lower() in ANSWER_NOUNS:
            return None
        if cur.pos_ in ("VERB", "AUX"):
            if any(lemma in allowed for lemma in verb_lemmas(cur)):
                return cur
            # "issued blocking sanctions": the parser reads the participle as a verb taking the noun
            if cur.dep_ != "acl" and not (cur.dep_ == "xcomp" and cur.tag_ == "VBG" and cur.i < noun.i):
                return None
    return None


def _light_participle(noun: Token, allowed: frozenset[str]) -> Token | None:
    """A light verb told after its noun as a participle with its own agent or object phrase: "the asset
    freeze imposed by the EU on the minister", "the strikes carried out by Israel" (a reduced passive:
    the noun is its object)."""
    return next((a for a in noun.children if a.dep_ == "acl" and a.tag_ == "VBN" and a.i > noun.i
                 and any(lemma in allowed for lemma in verb_lemmas(a))
                 and any(c.dep_ in ("agent", "prep") for c in a.children)), None)


def _agent_from_governor(trigger: Token, ctx: Context) -> list[Entity]:
    """ "accused X of supplying ...", "condemn X for providing ...": X is the agent of the nested event."""
    lex = lexicon()
    cur = trigger
    if cur.dep_ in ("conj",):
        cur = cur.head
    if cur.dep_ in ("pcomp", "pobj") and cur.head.dep_ == "prep" and cur.head.lower_ in ("of", "for"):
        gov = cur.head.head
        if gov.lemma_.lower() in lex.agent_object_verbs:
            objs = children(gov, "dobj") or children(gov, "nsubjpass")
            if objs:
                return entities_under(objs[0], ctx)
        if cur.head.lower_ == "for":
            # "(intensified) its criticism of South Korea for carrying out the drill": the criticised did it
            nouns = [gov] if gov.pos_ == "NOUN" else children(gov, "dobj")
            for noun in nouns:
                frame = lex.nouns.get(noun.lemma_.lower())
                if frame is not None and frame_type(frame) == "condemnation":
                    return [e for o in preps(noun, "of") for e in entities_under(o, ctx)]
    return []


# "X claimed the bombing", "X claimed/took responsibility for the attack": the claimant did it (in its
# own words: the sentence's attribution says who reports the claim)
CLAIM_VERBS = frozenset({"claim"})
RESPONSIBILITY_NOUNS = frozenset({"responsibility", "credit"})
RESPONSIBILITY_VERBS = frozenset({"claim", "take", "accept", "assume", "admit"})


def _responsibility_verb(noun: Token) -> Token | None:
    """The verb of "X claimed/took responsibility for <noun>", else None."""
    if (noun.dep_ == "pobj" and noun.head.lower_ == "for" and noun.head.head.dep_ == "dobj"
            and noun.head.head.lemma_.lower() in RESPONSIBILITY_NOUNS
            and noun.head.head.head.lemma_.lower() in RESPONSIBILITY_VERBS):
        return noun.head.head.head
    return None


def _claimant(noun: Token, ctx: Context) -> list[Entity]:
    """Who claims a nominal event as its own act."""
    claimed = noun.dep_ == "dobj" and noun.head.lemma_.lower() in CLAIM_VERBS
    verb = noun.head if claimed else _responsibility_verb(noun)
    if verb is None or any(c.dep_ == "neg" for c in verb.children):
        return []
    subjects = [s for s in children(verb, "nsubj")  # "no group has claimed it": nobody did
                if s.lemma_.lower() not in ("nobody", "none") and not any(
                    d.dep_ == "det" and d.lower_ == "no" for d in s.children)]
    return [e for s in subjects for e in entities_under(s, ctx)]


COPULAS = frozenset({"be", "become", "remain"})


def _copular_subject(noun: Token, ctx: Context) -> list[Entity]:
    """ "China is a key supplier of missiles to Iran", "Iran remains the main buyer": the subject of the
    copula is the one the agent noun names."""
    if noun.dep_ != "attr" or noun.head.lemma_.lower() not in COPULAS:
        return []
    return [e for s in children(noun.head, "nsubj") for e in entities_under(s, ctx)]


def _gerund_agent(verb: Token, ctx: Context) -> list[Entity]:
    """A gerund after "for" that a condemning word governs has the condemned as its doer ("blasted Seoul for
    conducting drills", "criticism of Seoul for carrying out drills"), not the sentence's subject."""
    if verb.tag_ != "VBG" or verb.dep_ != "pcomp":
        return []
    return _agent_from_governor(verb, ctx)


def _subject_entities(verb: Token, ctx: Context, c: Candidate) -> list[Entity]:
    if agent := _gerund_agent(verb, ctx):
        return agent
    subj = subject_of(verb)
    if subj is None:
        return []
    if subj.lower_ in lexicon().first_person and subj.pos_ == "PRON":  # "we", not "US"
        c.first_person = True
        return []
    return entities_under(subj, ctx)


def _exchange_object(tok: Token) -> Token | None:
    """ "in exchange for X" / "in return for X" in tok's clause: X (or the word "return"/"exchange" itself
    when nothing follows, "in return would receive")."""
    clause = clause_head(tok)
    for t in clause.subtree:
        if (
            t.lemma_.lower() in ("exchange", "return")
            and t.pos_ == "NOUN"
            and t.i > 0
            and t.nbor(-1).lower_ == "in"
            and clause_head(t).i == clause.i
        ):
            objs = preps(t, "for")
            if not objs:  # "in exchange" parsed flat, "for X" on the verb
                objs = [o for o in preps(clause, "for") if o.i > t.i]
            return objs[0] if objs else t
    return None


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


def _named_country(tok: Token, ctx: Context) -> str | None:
    """The country `tok` itself names ("visited Russia"), not one its modifier names ("Russian troops")."""
    named = ctx.entity_at[tok.i]
    return named[0] if named is not None and named[1] == "country" else None
