"""Actors the gazetteer lacks: groups, forces, units and people named by a common noun.

    generic_actor_mentions(doc, mentions) -> list[EntityMention]

"Sudanese paramilitaries", "Houthi rebels", "security forces", "a suicide bomber", "unidentified
gunmen", "customs officers": the noun phrase becomes an entity with a stable id made from its
normalised head ("generic-armed_group-sudan-paramilitary"), typed by its head noun and tied to the
country a demonym or "of X" names. The events stage asks for these and keeps only those that fill an
event's role, so the entity list does not fill up with every "troops" of every report.

Why a word list and not the NER model: the small English model tags none of these phrases (they are not
names), and the field's actor nouns are a short, stable list (CAMEO's actor agents: REB, MIL, COP, SPY,
GOV, UAF), unlike the verbs.
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import POS
from spacy.symbols import NOUN, PROPN
from spacy.tokens import Doc, Token

from armswatch.entities.linking import TITLE_WORDS, EntityMention

_NOUN_IDS = numpy.array([NOUN, PROPN], dtype=numpy.uint64)

GENERIC_PREFIX = "generic-"
ARMED_GROUP_NOUNS = frozenset({
    "gunman", "gunmen", "militant", "rebel", "insurgent", "militia", "militiaman", "militiamen",
    "paramilitary", "paramilitaries", "jihadist", "bomber", "attacker", "fighter", "separatist", "pirate",
    "terrorist", "extremist", "guerrilla", "guerilla", "assailant", "raider", "hijacker", "smuggler",
    "mercenary", "sniper", "kidnapper", "group", "faction", "cell", "gang", "insurgency",
})
FORCE_NOUNS = frozenset({
    "force", "forces", "army", "navy", "military", "troop", "troops", "soldier", "police", "policeman",
    "policemen", "coastguard", "guard", "guards", "customs", "marine", "marines", "commando", "unit",
    "battalion", "brigade", "regiment", "division", "airforce", "officer", "officers", "coalition",
    # a military government ("the junta has received jets from Russia"; Myanmar, Mali, Niger, Sudan)
    "junta",
})
# (aircraft, drones and warships are goods or carriers to the items lexicon, not actors;
# officials, spokesmen, ministries and governments are left to the linker and the attribution rules:
# they speak far more often than they act)
PERSON_NOUNS = frozenset({"officer", "soldier", "policeman"})
# modifiers that make the noun a kind, not one group ("some", "many" are fine; "other" is not a name)
# ("dead", "wounded": what befell them, "shot dead two policemen", not a kind of policeman)
_SKIP = re.compile(r"^(the|a|an|some|several|many|few|two|three|four|five|dozens|hundreds|of|unidentified|"
                   r"unknown|suspected|alleged|dead|wounded|injured)$")


def generic_type(entity_id: str) -> str:
    """The entity type written into a generic actor's id ("" for other ids)."""
    if not entity_id.startswith(GENERIC_PREFIX):
        return ""
    return entity_id[len(GENERIC_PREFIX):].split("-", 1)[0]


def generic_country(entity_id: str) -> str:
    """The country id written into a generic actor's id ("palestinian-territory" for Palestinian
    militants), "" when the phrase named none."""
    parts = entity_id[len(GENERIC_PREFIX):].split("-") if entity_id.startswith(GENERIC_PREFIX) else []
    return parts[1].replace("_", "-") if len(parts) == 3 else ""


# Nouns of belonging that take their kind from the group named with them ("gang members")
MEMBER_NOUNS = frozenset({"member", "members"})
# "armed men", "masked gunmen", "unidentified assailants": people made an armed group by their modifier
ARMED_MODIFIERS = frozenset({"armed", "masked", "unidentified", "unknown", "hooded"})
PEOPLE_NOUNS = frozenset({"man", "men", "individual", "people", "person", "youth", "assailant"})


def _type_of(head: Token) -> str:
    lemma = head.lemma_.lower()
    if lemma in MEMBER_NOUNS:  # "gang members", "militia members": the group's kind ("members of a
        # militia" is the militia's own mention)
        kinds = [c for c in head.children if c.dep_ == "compound"]
        return next((t for k in kinds if (t := _type_of(k)) == "armed_group"), "")
    if (lemma in PEOPLE_NOUNS or head.lower_ in PEOPLE_NOUNS) and any(
            c.dep_ == "amod" and c.lower_ in ARMED_MODIFIERS for c in head.children):
        return "armed_group"
    if lemma in ("bomber", "fighter") and _aircraft(head):
        return ""  # "a B-2 stealth bomber", "Russian Tu-95 bombers", "F-16 fighters": aircraft, not people
    if lemma in ARMED_GROUP_NOUNS or head.lower_ in ARMED_GROUP_NOUNS:
        return "armed_group"
    if lemma in FORCE_NOUNS or head.lower_ in FORCE_NOUNS:
        return "person" if lemma in PERSON_NOUNS and head.tag_ == "NN" else "organization"
    if head.tag_ == "NNS" and lemma in STATE_GROUP_NOUNS and any(
            c.dep_ in ("amod", "compound") and c.lower_ in REGION_WORDS for c in head.children):
        return "organization"  # "Arab states denounced ...", "Western governments pledged ..."
    return ""


# States named together by their region or bloc ("Arab states", "Western governments", "Gulf countries",
# "EU member states", "G7 nations"): a group of states acting together, as CAMEO's regional actors
# (AFR, ARB, WST, EUR ...) are
STATE_GROUP_NOUNS = frozenset({"state", "country", "nation", "government", "power", "ally"})
REGION_WORDS = frozenset({"arab", "western", "european", "gulf", "african", "asian", "latin", "nordic",
                          "baltic", "muslim", "islamic", "g7", "g20", "nato", "eu", "member", "allied",
                          "neighbouring", "neighboring", "regional", "scandinavian", "caribbean", "pacific"})


# Modifiers that make a bomber or fighter an aircraft ("stealth bomber", "strategic bombers", "jet fighters")
AIRCRAFT_MODIFIERS = frozenset({"stealth", "strategic", "heavy", "long-range", "supersonic", "jet", "nuclear",
                                "nuclear-capable"})


def _aircraft(head: Token) -> bool:
    """A bomber or fighter named by its class or model (a modifier of aircraft, or a designation with a
    digit: "B-2", "Tu-95", "F-16"): the aircraft."""
    mods = [c for c in head.children if c.dep_ in ("amod", "compound", "nmod", "nummod")]
    if head.lower_ == "bombers" and not any(c.lower_ == "suicide" for c in mods):
        return True  # "Russian and Chinese bombers": aircraft; a suicide bomber's fellows are named so
    return any(c.lower_ in AIRCRAFT_MODIFIERS or any(ch.isdigit() for ch in c.text) for c in mods)


def _is_armed_group(entity_id: str) -> bool:
    from armswatch.entities.gazetteer import load_gazetteer  # loaded once; imported here to stay light

    e = load_gazetteer().get(entity_id)
    return e is not None and e.type == "armed_group"


def _in_quotes(t: Token) -> bool:
    doc = t.doc
    return 0 < t.i < len(doc) - 1 and doc[t.i - 1].is_quote and doc[t.i + 1].is_quote


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


# Last words of the names of organisations ("Human Rights Watch", "Crisis Group", "Airwars Monitor")
BODY_WORDS = frozenset({"watch", "international", "group", "council", "committee", "institute", "agency",
                        "foundation", "network", "coalition", "organisation", "organization", "union",
                        "front", "party", "ministry", "brigade", "brigades", "army", "movement", "alliance",
                        "association", "observatory", "monitor", "centre", "center", "office", "service",
                        "commission", "federation", "league", "forces", "corps", "company", "bank"})


def _unnamed_name(tok: Token) -> bool:
    """A capitalised proper noun the NER model left untagged that is a verb's subject: a name it did not
    know ("Mitsotakis condemned ...", "Sisi said ..."; the small model misses many foreign surnames). It
    becomes a person, the commonest bare subject name in news (organisations and states are mostly tagged
    or in the gazetteer), or an organisation when written as an acronym ("ECOWAS imposed ...")."""
    return (tok.pos_ == "PROPN" and tok.tag_ == "NNP" and tok.dep_ == "nsubj" and tok.head.pos_ == "VERB"
            and not tok.ent_type_ and tok.is_alpha and tok.text[:1].isupper()
            and (not tok.is_upper or len(tok) <= 8)  # an acronym is an organisation's ("ECOWAS", "SADC")
            and len(tok) > 2 and tok.lower_ not in TITLE_WORDS
            # "The US Special Representative ..., Sung Kim, told": a title before the name, not a name
            and not any(c.dep_ in ("det", "appos", "poss") for c in tok.children)
            and not (tok.i == tok.sent.start and _common_word(tok.text)))  # "Artillery pounded villages"


def _common_word(word: str) -> bool:
    from armswatch.headlines import common_word  # (the headline module reads the gazetteer: imported late)

    return common_word(word)


def _describes_a_name(tok: Token, covered: list[bool]) -> bool:
    """Is the noun (or the phrase it sits in by "of") an apposition to a linked name, which it describes?"""
    cur = tok
    for _ in range(3):
        if cur.dep_ == "appos" and covered[cur.head.i]:
            return True
        if cur.dep_ != "pobj" or cur.head.lower_ != "of":
            return False
        cur = cur.head.head
    return False


# Nouns that stand for a state named before ("the country's navy"; events.frames.context.STATE_ANAPHORS)
_STATE_DESCRIPTIONS = frozenset({"country", "regime", "nation", "kingdom"})


def _state_description(tok: Token) -> bool:
    return tok.lemma_.lower() in _STATE_DESCRIPTIONS and any(
        c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children)


def generic_actor_mentions(doc: Doc, mentions: list[EntityMention]) -> list[EntityMention]:
    """A mention for every noun phrase whose head is an actor noun and which no linked entity covers."""
    covered = [False] * len(doc)
    country_at: dict[int, str] = {}
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        for i in range(span.start, span.end):
            covered[i] = True
            country_at[i] = m.entity_id
    out: list[EntityMention] = []
    # only nouns are looked at: their indexes from one to_array, not a spaCy Token built for every word
    nouns = numpy.flatnonzero(numpy.isin(doc.to_array(POS), _NOUN_IDS)).tolist() if len(doc) else []
    for i in nouns:
        if covered[i]:
            continue
        tok = doc[i]
        if tok.dep_ in ("compound", "amod", "npadvmod"):
            continue
        if tok.i + 1 < len(doc) and doc[tok.i + 1].text == "-":
            continue  # "rebel-held", "army-run": a modifier, not the actor
        etype = _type_of(tok)
        if not etype and _unnamed_name(tok):
            first = tok  # the whole run of name words before it ("Human Rights Watch", not "Rights Watch")
            while (first.i > 0 and (prev := doc[first.i - 1]).pos_ == "PROPN" and prev.dep_ == "compound"
                   and not covered[prev.i] and prev.head.i <= tok.i and prev.head.i >= first.i):
                first = prev
            start, end = first.idx, tok.idx + len(tok)
            text = doc[first.i : tok.i + 1].text  # doc.text[start:end], without rebuilding the whole text
            # "ECOWAS slapped sanctions on ...", "Human Rights Watch said": an acronym or a name ending in
            # a word of bodies is an organisation's
            kind = "organization" if tok.is_upper or (first != tok and tok.lower_ in BODY_WORDS) else "person"
            out.append(EntityMention(GENERIC_PREFIX + kind + "-" + _slug(text), text, start, end))
            continue
        if not etype:
            continue
        if _describes_a_name(tok, covered):
            continue  # "the Islamic Resistance in Iraq, an umbrella group of ... militias": the named group
        if any(c.dep_ in ("det", "amod") and c.lower_ in ("another", "other", "any") for c in tok.children):
            continue  # "Hezbollah or another militant group": an alternative left open, not a party
        left = [c for c in tok.lefts if c.dep_ in ("amod", "compound", "nmod", "poss")]
        if any(c.dep_ == "poss" and (c.lower_ in ("its", "their") or _state_description(c)) for c in left):
            # "the Houthis said their forces fired", "the country's military said": the state or group the
            # pronoun or description stands for (resolved by the events stage)
            continue
        # the entity named in the phrase ("Sudanese", "Syria's", "of the Houthis"): the group's country
        tied = [country_at[c.i] for c in left if c.i in country_at]
        for p in tok.rights:
            if p.dep_ == "prep" and p.lower_ in ("of", "from"):  # "forces from South Korea and Malaysia"
                tied += [country_at[g.i] for g in p.children if g.i in country_at]
        if etype == "organization" and tied:
            continue  # "Russian forces", "the Chinese navy": the state's own forces stand for the state
        if etype == "armed_group" and any(_is_armed_group(t) for t in tied):
            continue  # "Houthi militants", "Hamas fighters": the named group's members are the group
        words = [c for c in left if not covered[c.i] and not _SKIP.match(c.lower_) and c.is_alpha
                 and not (c.i > 0 and doc[c.i - 1].text == "-")]  # "Iran-backed": not part of the name
        start_tok = min([tok, *words], key=lambda t: t.i)
        if any(covered[i] for i in range(start_tok.i, tok.i)):
            start_tok = tok
        start, end = doc[start_tok.i].idx, tok.idx + len(tok)
        # (a word in scare quotes, 'armed "unauthorized" people', is the writer's doubt, not part of the
        # name: the same group as "armed people" said elsewhere)
        head = _slug(" ".join(t.lemma_.lower() for t in doc[start_tok.i : tok.i + 1]
                              if not t.is_quote and not _in_quotes(t)))
        key = "-".join(filter(None, [etype, _slug(tied[0]) if tied else "", head]))
        out.append(EntityMention(GENERIC_PREFIX + key, doc[start_tok.i : tok.i + 1].text, start, end))
    return out
