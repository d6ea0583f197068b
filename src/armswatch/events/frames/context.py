"""The entities of a sentence as the frames see them, and the candidate event a trigger starts."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from spacy.tokens import Token

from armswatch.entities.generic import generic_country, generic_type
from armswatch.entities.offices import is_office
from armswatch.events.frames.lexicon import ACTOR_TYPES, CLAUSE_DEPS, ROLE_PREPS, lexicon
from armswatch.events.models import PlaceRole

# ------------------------------------------------------------------------------------------ entities

Entity = tuple[str, str]  # (entity id, entity type)


@dataclass
class Context:
    """What the frames need from the document: entity per token, pronoun resolution, items per token."""

    entity_at: list[Entity | None]  # per token of the doc
    item_at: list[int]  # per token: index of the item covering it, -1 when none
    cargo_at: list[int]  # per token: index of a cargo quantity covering it, -1 when none
    resolve: Callable[[Token], list[Entity]]  # pronouns and "the two" -> entities
    country_of: Callable[[str], str]  # place entity id -> country entity id ("" when unknown)
    item_category: Callable[[int], str] = lambda k: ""  # item index -> its category
    types: dict[str, str] = field(default_factory=dict)  # entity id -> type, for the document's entities
    known: frozenset[str] = frozenset()  # the document's entity ids that the gazetteer knows


def entities_under(
    tok: Token, ctx: Context, skip_preps: frozenset[str] = ROLE_PREPS, nested: bool = True
) -> list[Entity]:
    """Linked entities in tok's subtree, not crossing clauses or role prepositions. Pronouns and "the two"
    are resolved only where the phrase names nobody itself ("Russia and its allies" is Russia). Where
    none is found and `nested`, the entities behind the skipped prepositions count."""
    lex = lexicon()
    found: list[Entity] = []
    skipped: list[Token] = []
    anaphors: list[Token] = []
    stack = [tok]
    while stack:
        t = stack.pop()
        e = ctx.entity_at[t.i]
        if e is not None:
            if e not in found:
                found.append(e)
        elif t.pos_ == "PRON" or (
            t.lower_ in lex.group_anaphors and t.dep_ in ("nummod", "det", "nsubj", "pobj", "dobj", "preconj")
        ) or _state_anaphor(t, ctx):
            anaphors.append(t)
        for c in t.children:
            if c.dep_ in CLAUSE_DEPS and c != tok:
                continue
            if c.dep_ == "prep" and c.lower_ in skip_preps:
                skipped.append(c)
                continue
            if c.dep_ in ("prep", "poss") and t.lemma_.lower() in RELATION_NOUNS and (
                    c.dep_ == "poss" or c.lower_ == "of"):
                continue  # "a close partner of Russia", "Russia's ally": someone else, related to Russia
            if c.dep_ in ("compound", "amod", "nmod") and c.i < t.i and t.lemma_.lower() in TIE_NOUNS and (
                    (m := ctx.entity_at[c.i]) is not None and m[1] == "country"):
                continue  # "a close U.S. ally": another state, tied to the one named ("NATO allies" are
                # NATO's members)
            stack.append(c)
    if not found:
        for t in sorted(anaphors, key=lambda x: x.i):
            for r in _resolve_anaphor(t, ctx):
                if r not in found:
                    found.append(r)
    if not found and nested:
        for p in skipped:
            if p.lower_ in ("with", "against", "between", "to") or (
                    p.lower_ == "for" and not p.head.lemma_.lower().startswith("spokes")):
                continue  # "a spokesman for the Houthis" speaks for them; "the envoy for Korea" does not
            found.extend(e for e in entities_under(p, ctx, skip_preps, nested=False) if e not in found)
    found.sort(key=lambda e: _first_index(tok, e, ctx))
    return found


# Nouns naming another party by its tie to the one named ("a partner of Russia" is not Russia); not
# "proxies" or "forces", whose patron the reports hold to act through them
RELATION_NOUNS = frozenset({"partner", "ally", "neighbour", "neighbor", "rival", "enemy", "adversary",
                            "friend", "foe", "counterpart", "critic", "opponent"})


# Those of them whose modifier, too, names the party they are tied to ("a U.S. ally" is an ally of the US);
# "his Ukrainian counterpart", "Syrian opponents" name the party they belong to
TIE_NOUNS = frozenset({"partner", "ally", "neighbour", "neighbor", "rival", "enemy", "adversary", "foe"})


STATE_WORDS = frozenset(
    {"country", "government", "nation", "regime", "administration", "state", "leadership"}
)


# Nouns that stand for a state named before when definite ("the country", "the regime", "the kingdom"), and
# those that do only with an adjective that describes it ("the communist state", "the Islamic republic"),
# as "the state" alone is as often a province or the public sector ("the state of Texas")
STATE_ANAPHORS = frozenset({"country", "regime", "nation", "kingdom"})
QUALIFIED_STATE_ANAPHORS = frozenset({"state", "republic"})


def _state_anaphor(t: Token, ctx: Context) -> bool:
    return state_anaphor(t, ctx.entity_at)


def state_anaphor(t: Token, entity_at: list[Entity | None]) -> bool:
    """"the country", "the regime", "the communist state" standing for a state named before, as a party
    ("sanctions on the country") or as the owner of a party ("the regime's drone makers")."""
    lemma = t.lemma_.lower()
    if t.pos_ != "NOUN" or lemma not in STATE_ANAPHORS | QUALIFIED_STATE_ANAPHORS:
        return False
    if t.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj", "poss"):
        return False
    if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in t.children):
        return False
    if any(entity_at[c.i] is not None for c in t.children):
        return False  # "the Iranian regime", "the country of Georgia": the phrase names its state itself
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in t.children):
        return False  # "the state of emergency", "the nation of immigrants"
    if lemma in QUALIFIED_STATE_ANAPHORS:
        return any(c.dep_ == "amod" for c in t.children)
    return True


def _resolve_anaphor(t: Token, ctx: Context) -> list[Entity]:
    """A pronoun's entities; "his country" is the country of the person "his" stands for; "he" after "the
    Iranian president" is that office and its state, as the title named both (entities.offices)."""
    ents = ctx.resolve(t)
    if t.dep_ == "poss" and t.head.lemma_.lower() in STATE_WORDS:
        out = []
        for e, typ in ents:
            if typ == "person":
                c = ctx.country_of(e)
                if c:
                    out.append((c, "country"))
            else:
                out.append((e, typ))
        return out
    states = [(c, "country") for e, typ in ents if typ == "person" and is_office(e)
              and (c := ctx.country_of(e))]
    return ents + [s for s in dict.fromkeys(states) if s not in ents] if states else ents


def _first_index(root: Token, e: Entity, ctx: Context) -> int:
    for t in root.subtree:
        if ctx.entity_at[t.i] == e:
            return t.i
    return root.i


def actors(ents: Iterable[Entity]) -> list[str]:
    return _unqualified([e for e, t in ents if t in ACTOR_TYPES])


def _unqualified(ids: list[str]) -> list[str]:
    """A state whose demonym qualifies an unnamed armed group beside it ("Syrian rebels", "Palestinian
    militants") is that group's qualifier, not a party itself; one qualifying a state's agent ("a
    Jordanian officer", "an Israeli soldier") is the party the agent acts for."""
    groups = {c for e in ids if generic_type(e) == "armed_group" and (c := generic_country(e))}
    agents = [c for e in ids if generic_type(e) == "person" and (c := generic_country(e))]
    out = [e for e in ids if e not in groups] if groups else list(ids)
    _add(out, agents)
    return out


def _ids(ents: Iterable[Entity], types: frozenset[str]) -> list[str]:
    return [e for e, t in ents if t in types]


def _add(dst: list[str], src: Iterable[str]) -> None:
    for x in src:
        if x not in dst:
            dst.append(x)


# ------------------------------------------------------------------------------------------ candidates


@dataclass
class Candidate:
    """An event found at one trigger, before attribution, items and time are added."""

    type: str
    trigger: Token
    frame: str
    actor: list[str] = field(default_factory=list)
    target: list[str] = field(default_factory=list)
    places: list[PlaceRole] = field(default_factory=list)
    vessels: list[str] = field(default_factory=list)
    scope: list[Token] = field(default_factory=list)  # roots of the subtrees whose items are the event's
    anchors: list[Token] = field(default_factory=list)  # tokens a time expression attaches to
    planned: bool = False
    negated: bool = False
    exchange: Token | None = None  # "in exchange/return for X": the counter-transfer's object
    first_person: bool = False  # its actor is "we"/"I": the speaker
    derived: set[str] = field(default_factory=set)  # roles inferred from a name in the sentence (its state)
    # an act by an unnamed hand on unnamed people or things, kept with no side named: a blow ("a bomb killed
    # three passengers"), a cargo seized in a named port ("was seized in the port of Rotterdam")
    unnamed_blow: bool = False
