"""Event frames: which words signal which event type, and how the dependency parse gives each role.

A trigger is a verb or noun whose lemma is in the lexicon (data/frames.yaml). Its frame says how the
parse's relations map to roles: the subject of "supply" is the supplier and its "to" object the recipient,
the subject of "receive" is the recipient and its "from" object the supplier, the possessor of a nominal
"transfer" is the supplier ("Iran's transfer of drones"), the subject of a light verb gives a
nominal trigger its actor ("X imposed sanctions on Y", "X conducted drills").

Why lemma lookups rather than spaCy's Matcher/DependencyMatcher: every trigger is one token (a lemma, or
a lemma and its particle), and all the work is in walking the parse from it, which the matchers do not do;
a dict lookup per token is the cheapest form of a `{"LEMMA": {"IN": [...]}}` pattern and keeps the
lexicon in one YAML file. Nothing here re-parses or calls the pipeline.

Rules, and why each exists:
- Entities of a role are the linked entities in the argument's subtree, not crossing clauses and not
  crossing prepositions that introduce another role ("the US envoy for North Korea" is the US's envoy;
  "condemned X's transfer of missiles to Russia" condemns X, not Russia). Where the head names no entity
  the nested ones count ("to a depot in western Iran near Kermanshah").
- A verb without its own subject takes its governor's ("travelled to X to meet Y", "seeks to receive",
  "after meeting his counterparts"), as English leaves the shared subject unsaid.
- "accuse/condemn/blame X of/for [event]": X is the event's agent.
- A purpose clause "to help/bolster X" names the recipient of a transfer ("sent arms to help Russia's war").
- A transfer needs goods in its arguments (an item of the item lexicon, or cargo: "300 containers"):
  "provide", "send" and "move" are everyday verbs; civil goods (fuel, coal, machinery, cargo) count only
  with a state or armed group on one side ("the company sells clothing" is no event of the field).
  Goods named with their maker ("Iranian-made drones") name the supplier when no one else does.
- A meeting needs two parties: a named person or body, a counterpart noun ("his counterparts") or a
  plural subject ("X and Y met"); "the plan meets the requirements" and "visit our site" are none.
- "designate" sanctions only someone (an entity, or entities, companies, vessels ...), not a day.
- The subject nearest the verb wins (a dateline "KYIV (Reuters) - Russia has ..." parses as a second).
- A place's role comes from its preposition: from -> origin, to/into -> destination, via/through -> via,
  in/at/near/off/... -> location; a country after "to"/"from" of a transfer is the recipient/supplier.
- "fire/launch" a missile is a test unless it is aimed ("at/on/against" a country or place): an attack.
- Negated triggers ("did not condemn") are not events, except transfers, which become denied ones;
  "could/might/may" (without "have") make an event hypothetical and it is dropped; "will/would",
  "plan/vow/pledge to" mark it planned.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy
import yaml
from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Span, Token

from armswatch.entities.generic import generic_country, generic_type
from armswatch.entities.linking import NAVY_OF_PREFIX
from armswatch.events.models import PlaceRole

_LEXICON_PATH = Path(__file__).with_name("data") / "frames.yaml"

ACTOR_TYPES = frozenset({"country", "organization", "person", "armed_group", "other"})
PLACE_TYPES = frozenset({"place", "facility"})
VESSEL_TYPES = frozenset({"vessel"})

# dependency relations that open another clause: an argument's entities do not cross them
CLAUSE_DEPS = frozenset(
    {"relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis", "punct", "appos_clause", "mark", "csubj", "dep"}
)
# prepositions that introduce another role inside a noun phrase naming an actor or target
ROLE_PREPS = frozenset(
    {
        "to",
        "against",
        "in",
        "for",
        "with",
        "on",
        "from",
        "at",
        "into",
        "over",
        "about",
        "near",
        "off",
        "toward",
        "towards",
        "via",
        "through",
        "after",
        "before",
        "during",
        "since",
        "under",
        "amid",
        "despite",
        "as",
        "like",
        "including",
        "between",
    }
)
# the same for a speaker: "an official at the ministry", "a spokesman for the Kremlin" keep their body
SPEAKER_SKIP_PREPS = frozenset(
    {
        "to",
        "against",
        "about",
        "over",
        "on",
        "into",
        "after",
        "before",
        "during",
        "since",
        "amid",
        "despite",
        "with",
        "toward",
        "towards",
        "including",
    }
)
PLACE_PREPS: dict[str, str] = {
    "from": "origin",
    "to": "destination",
    "into": "destination",
    "toward": "destination",
    "towards": "destination",
    "onto": "destination",
    "via": "via",
    "through": "via",
    "in": "location",
    "at": "location",
    "near": "location",
    "off": "location",
    "over": "location",
    "around": "location",
    "across": "location",
    "inside": "location",
    "outside": "location",
    "along": "location",
    "within": "location",
    "on": "location",
    "aboard": "location",
}
MOTION_VERBS = frozenset(
    {
        "travel",
        "fly",
        "arrive",
        "go",
        "come",
        "head",
        "return",
        "journey",
        "sail",
        "land",
        "stop",
        "visit",
        "be",
    }
)
AIM_PREPS = frozenset({"at", "on", "against", "toward", "towards", "into"})
WATER_WORDS = frozenset({"sea", "ocean", "water", "waters", "gulf", "strait", "bay"})
TEST_ITEM_WORDS = (
    "missile",
    "rocket",
    "satellite",
    "warhead",
    "nuclear",
    "icbm",
    "slbm",
    "hypersonic",
    "drone",
    "engine",
    "launch vehicle",
    "projectile",
    "cruise",
)
TEST_ITEM_CATEGORIES = frozenset({"ballistic_missile", "cruise_missile", "rocket", "drone", "air_defence"})
ATTEMPT_VERBS = frozenset({"place", "put", "launch", "fire", "send", "test", "orbit", "deploy"})


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, str]  # lemma (or "lemma particle") -> frame name
    nouns: dict[str, str]
    light: dict[str, frozenset[str]]  # frame type -> light verbs
    receive_light: frozenset[str]
    beneficiary: frozenset[str]
    cargo: frozenset[str]
    ships: frozenset[str]
    attack_non_objects: frozenset[str]
    speech: frozenset[str]
    hedge_verbs: frozenset[str]
    agent_object_verbs: frozenset[str]
    hedge_words: frozenset[str]
    deny_words: frozenset[str]
    judgement_words: frozenset[str]
    concern_words: frozenset[str]
    hypothetical: frozenset[str]
    planned: frozenset[str]
    person_pronouns: frozenset[str]
    group_pronouns: frozenset[str]
    first_person: frozenset[str]
    group_anaphors: frozenset[str]
    designation_objects: frozenset[str]
    counterparts: frozenset[str]


def _words(data: dict, key: str) -> frozenset[str]:
    return frozenset(str(w).lower() for w in data.get(key) or [])


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The frames lexicon, read once per process."""
    with open(_LEXICON_PATH, encoding="utf-8") as f:
        data = yaml.safe_load(f)
    verbs = {str(w).lower(): frame for frame, ws in data["verbs"].items() for w in ws}
    nouns = {str(w).lower(): frame for frame, ws in data["nouns"].items() for w in ws}
    light = {
        k: frozenset(str(w).lower() for w in v)
        for k, v in data["light_verbs"].items()
        if k != "transfer_receive_light"
    }
    return Lexicon(
        verbs=verbs,
        nouns=nouns,
        light=light,
        receive_light=frozenset(data["light_verbs"]["transfer_receive_light"]),
        beneficiary=_words(data, "beneficiary_verbs"),
        cargo=_words(data, "cargo_nouns"),
        ships=_words(data, "ship_nouns"),
        attack_non_objects=_words(data, "attack_non_objects"),
        speech=_words(data, "speech_verbs"),
        hedge_verbs=_words(data, "hedge_verbs"),
        agent_object_verbs=_words(data, "agent_object_verbs"),
        hedge_words=_words(data, "hedge_words"),
        deny_words=_words(data, "deny_words"),
        judgement_words=_words(data, "judgement_words"),
        concern_words=_words(data, "concern_words"),
        hypothetical=_words(data, "hypothetical"),
        planned=_words(data, "planned_words"),
        person_pronouns=_words(data, "person_pronouns"),
        group_pronouns=_words(data, "group_pronouns"),
        first_person=_words(data, "first_person"),
        group_anaphors=_words(data, "group_anaphors"),
        designation_objects=_words(data, "designation_objects"),
        counterparts=_words(data, "counterpart_nouns"),
    )


def frame_type(frame: str) -> str:
    """The event type a frame name belongs to ("transfer_give" -> "transfer")."""
    if frame.startswith("transfer"):
        return "transfer"
    return "weapons_test" if frame == "fire_launch" else frame


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
            stack.append(c)
    if not found:
        for t in sorted(anaphors, key=lambda x: x.i):
            for r in _resolve_anaphor(t, ctx):
                if r not in found:
                    found.append(r)
    if not found and nested:
        for p in skipped:
            if p.lower_ in ("for", "with", "against", "between", "to"):
                continue
            found.extend(e for e in entities_under(p, ctx, skip_preps, nested=False) if e not in found)
    found.sort(key=lambda e: _first_index(tok, e, ctx))
    return found


# Nouns naming another party by its tie to the one named ("a partner of Russia" is not Russia); not
# "proxies" or "forces", whose patron the reports hold to act through them
RELATION_NOUNS = frozenset({"partner", "ally", "neighbour", "neighbor", "rival", "enemy", "adversary",
                            "friend", "foe", "counterpart", "critic", "opponent"})


STATE_WORDS = frozenset(
    {"country", "government", "nation", "regime", "administration", "state", "leadership"}
)


def _state_anaphor(t: Token, ctx: Context) -> bool:
    """"the country", "the regime" standing for a state named before (not "the country's navy")."""
    return (t.pos_ == "NOUN" and t.lemma_.lower() in ("country", "regime", "nation")
            and t.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")
            and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in t.children)
            and not any(ctx.entity_at[c.i] is not None for c in t.children))


def _resolve_anaphor(t: Token, ctx: Context) -> list[Entity]:
    """A pronoun's entities; "his country" is the country of the person "his" stands for."""
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
    return ents


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


# ------------------------------------------------------------------------------------------ parse helpers


def children(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def preps(tok: Token, *words: str) -> list[Token]:
    """Objects of tok's prepositions with these words ("to Russia" -> Russia)."""
    out = []
    for p in tok.children:
        if p.dep_ == "prep" and (not words or p.lower_ in words):
            out.extend(c for c in p.children if c.dep_ in ("pobj", "pcomp"))
    return out


def prep_objects(tok: Token) -> list[tuple[str, Token]]:
    """(preposition, object) pairs under tok, including two-word ones ("according to")."""
    out = []
    for p in tok.children:
        if p.dep_ != "prep":
            continue
        for c in p.children:
            if c.dep_ in ("pobj", "pcomp"):
                out.append((p.lower_, c))
            elif c.dep_ == "prep":  # "out of", "away from"
                out.extend((c.lower_, cc) for cc in c.children if cc.dep_ == "pobj")
    return out


# Verbs whose object, not their subject, does what their "to" clause says ("urged China to stop supplying")
OBJECT_CONTROL_VERBS = frozenset({"urge", "ask", "press", "encourage", "persuade", "force", "order", "tell",
                                  "allow", "permit", "help", "warn", "call", "invite", "pressure", "compel"})
# Verbs whose passive "by" agent, not their passive subject, does what the "to" clause says ("the ship was
# used/chartered by X to carry"); raising verbs ("X is believed by analysts to have sold") are not here.
INSTRUMENT_VERBS = frozenset({"use", "employ", "charter", "hire", "lease", "task", "commission", "deploy"})


def reduced_relative_of(verb: Token) -> Token | None:
    """ "seized a dhow carrying arms": a participle the parser hangs on the verb (advcl) though it describes
    the object just before it, with no comma between; that object, else None."""
    if verb.dep_ != "advcl" or verb.tag_ != "VBG" or verb.i == 0 or verb.nbor(-1).is_punct:
        return None
    for obj in verb.head.children:
        if obj.dep_ == "dobj" and obj.right_edge.i == verb.i - 1:
            return obj
    return None


def subject_of(verb: Token) -> Token | None:
    """The subject of a verb, or of the verb whose unsaid subject it shares (xcomp, advcl, conj); for
    "accused X of supplying" X; for "ships offloading" the ships; for "X's attempts to buy" X."""
    lex = lexicon()
    cur = verb
    for _ in range(5):
        subj = [c for c in cur.children if c.dep_ in ("nsubj", "csubj")]
        if subj:  # the nearest: a dateline ("KYIV (Reuters) - Russia has ...") may parse as a second one
            return max(subj, key=lambda x: x.i if x.i < cur.i else -1)
        if cur != verb and verb.dep_ == "xcomp" and cur.lemma_.lower() in INSTRUMENT_VERBS:
            agent = agent_of(cur)  # "the tanker was used by X to supply": X supplies
            if agent is not None:
                return agent
        if cur != verb and verb.dep_ == "xcomp":  # "X is believed/said to have sold": X sold
            raised = [c for c in cur.children if c.dep_ == "nsubjpass"]
            if raised:
                return raised[0]
        if cur.dep_ in ("pcomp", "pobj") and cur.head.dep_ == "prep" and cur.head.lower_ in ("of", "for"):
            gov = cur.head.head
            if gov.lemma_.lower() in lex.agent_object_verbs:
                objs = [c for c in gov.children if c.dep_ in ("dobj", "nsubjpass")]
                if objs:
                    return objs[0]
        if cur.dep_ == "acl" and cur.tag_ == "VBG":
            return cur.head
        carried_by = reduced_relative_of(cur)
        if carried_by is not None:
            return carried_by
        infinitive_relcl = cur.dep_ == "relcl" and any(c.dep_ == "aux" and c.lower_ == "to"
                                                        for c in cur.children)  # "a deal to supply"
        if (cur.dep_ == "acl" or infinitive_relcl) and cur.head.pos_ in ("NOUN", "PROPN"):
            poss = [c for c in cur.head.children if c.dep_ == "poss"]
            if poss:
                return poss[0]
            if cur.head.dep_ == "dobj" and cur.head.head != cur.head:  # "X signed a contract to buy": X
                cur = cur.head.head
                continue
            if (cur.head.dep_ == "pobj" and cur.head.lemma_.lower() in PLANNED_NOUNS
                    and cur.head.head.dep_ == "prep" and cur.head.head.head.pos_ in ("VERB", "AUX")):
                cur = cur.head.head.head  # "X notified Congress of plans to sell": X plans to sell
                continue
            return None
        if (cur.dep_ == "advcl" and cur.tag_ == "VBG" and cur.i > 0 and cur.nbor(-1).text == ","
                and cur.head.dep_ == "ccomp" and cur.head.head != cur.head):
            # "X denied that Y had supplied arms, calling the reports lies": the parser hangs the
            # participle on the reported clause, but it is X who calls them so
            cur = cur.head.head
            continue
        if cur.dep_ == "xcomp" and cur.head.lemma_.lower() in OBJECT_CONTROL_VERBS:
            objs = [c for c in cur.head.children if c.dep_ == "dobj"]
            if objs:  # "urged China to stop supplying": China would be the one supplying
                return objs[0]
        if cur.dep_ in ("xcomp", "advcl", "conj", "pcomp", "acomp", "oprd") and cur.head != cur:
            cur = cur.head
            if cur.dep_ == "prep" and cur.head != cur:
                cur = cur.head
            continue
        return None
    return None


def passive_subject(verb: Token) -> Token | None:
    s = children(verb, "nsubjpass")
    return s[0] if s else None


def agent_of(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ == "agent":
            objs = children(c, "pobj")
            return objs[0] if objs else None
    return None


def phrasal_key(tok: Token) -> str:
    prt = [c.lower_ for c in tok.children if c.dep_ == "prt"]
    return f"{tok.lemma_.lower()} {prt[0]}" if prt else ""


def noun_phrase_key(tok: Token) -> str:
    comp = [c.lower_ for c in tok.children if c.dep_ in ("compound", "amod") and c.i == tok.i - 1]
    return f"{comp[0]} {tok.lemma_.lower()}" if comp else ""


def clause_head(tok: Token) -> Token:
    """The verb of the clause a token is in (itself for a verb)."""
    cur = tok
    for _ in range(8):
        if cur.pos_ in ("VERB", "AUX") or cur.head == cur:
            return cur
        cur = cur.head
    return cur


def modality(tok: Token) -> tuple[bool, bool, bool]:
    """(hypothetical, planned, negated) of the clause a trigger is in."""
    lex = lexicon()
    verb = clause_head(tok)
    chain = [tok, verb] if verb != tok else [tok]
    reported = verb.dep_ == "ccomp" and verb.head.lemma_.lower() in lex.speech  # "would not confirm that X"
    # "will travel to Seoul to meet X": a purpose clause shares its head's future
    purpose = verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if (verb.dep_ in ("xcomp", "ccomp") or purpose) and verb.head != verb and not reported:
        chain.append(verb.head)
    hypothetical = planned = negated = False
    for v in chain:
        auxes = [c for c in v.children if c.dep_ in ("aux", "auxpass", "neg", "mark")]
        words = {c.lower_ for c in auxes}
        if words & lex.hypothetical and not (words & {"have", "has", "had"}):
            hypothetical = True
        if "if" in words or "unless" in words:
            hypothetical = True
        if words & {"will", "would", "shall", "'ll"} or v.lemma_.lower() in lex.planned and v != tok:
            planned = True
        if v != tok and v.lemma_.lower() in THREAT_WORDS:
            hypothetical = True  # a threatened act is a threat (CAMEO 13), not the act: it has not happened
        if any(c.dep_ == "neg" for c in auxes) and v in (tok, verb):
            negated = True
    if any(c.dep_ == "neg" or c.lower_ in ("no",) for c in tok.children if c.dep_ in ("neg", "det")):
        negated = True
    if _under_condition(tok):
        hypothetical = True
    first = verb  # "capacity to wage war and kill": "kill" shares the infinitive of "wage"
    while first.dep_ == "conj" and first.head != first and first.head.pos_ in ("VERB", "AUX"):
        first = first.head
    if first.dep_ == "acl" and first.head.pos_ == "NOUN":  # "a threat to arm Iran", "plans to buy jets"
        head = first.head.lemma_.lower()
        if head in HYPOTHETICAL_NOUNS:
            hypothetical = True
        elif head in PLANNED_NOUNS:
            planned = True
    if _infinitive_of(first) and first.head.pos_ == "ADJ" \
            and first.head.lemma_.lower() in HYPOTHETICAL_ADJECTIVES:
        hypothetical = True
    if tok.lemma_.lower() in ("offer", "propose") and tok.pos_ == "VERB":
        planned = True  # what is offered or proposed has not happened
    if tok.pos_ in ("NOUN", "PROPN"):
        governor = _noun_governor(tok)
        if any(c.dep_ == "det" and c.lower_ in ("any", "every") for c in tok.children) or \
                governor in HYPOTHETICAL_NOUNS:
            hypothetical = True  # "the potential for any transfer", "the risk of an attack"
        elif governor in PLANNED_NOUNS:
            planned = True  # "a pledge of new sanctions", "plans for joint drills"
    return hypothetical, planned, negated


def _under_condition(tok: Token) -> bool:
    """Inside a clause of "whether", "if" or "unless" ("confusion about whether the US will confront Iran",
    "if Iran attacks, ..."): asked about or supposed, not asserted."""
    cur = tok
    for _ in range(8):
        if any(c.dep_ == "mark" and c.lower_ in ("whether", "if", "unless") for c in cur.children):
            return True
        if cur.head == cur:
            return False
        cur = cur.head
    return False


def _infinitive_of(verb: Token) -> bool:
    """ "to strike" (its own "to", or that of the verb it is coordinated with: "to wage war and kill")."""
    while True:
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            return True
        if verb.dep_ != "conj" or verb.head == verb:
            return False
        verb = verb.head


# Words of threatening: what is threatened is coded as a threat (CAMEO 13, PLOVER THREATEN), a type of
# its own, not as the act threatened ("threatened to arm Iran" is no transfer)
THREAT_WORDS = frozenset({"threaten", "threat", "warn"})


# Nouns that make what they govern a possibility or an intention rather than a fact
HYPOTHETICAL_NOUNS = frozenset({"potential", "possibility", "risk", "threat", "prospect", "fear", "danger",
                                "likelihood", "chance", "scenario", "option", "spectre", "specter",
                                # "its capacity to wage war and kill": what one can do, not what one did
                                "capacity", "capability", "ability", "means", "power", "readiness",
                                "willingness", "right", "need", "way", "freedom"})
# Adjectives whose infinitive is a possibility, a need or a readiness ("necessary to weaken", "able to
# strike", "ready to supply"), not an act
HYPOTHETICAL_ADJECTIVES = frozenset({"necessary", "needed", "able", "unable", "ready", "willing", "unwilling",
                                     "possible", "impossible", "likely", "unlikely", "prepared", "free",
                                     "capable", "eager", "keen", "reluctant", "hard", "difficult", "easy"})
PLANNED_NOUNS = frozenset({"plan", "pledge", "promise", "intention", "proposal", "bid", "offer", "vow",
                           "threat", "call", "demand", "request"})


def _noun_governor(tok: Token) -> str:
    """The noun a nominal trigger hangs on through "of"/"for" ("risk of war" -> "risk"), else ""."""
    cur = tok
    for _ in range(2):
        if cur.dep_ != "pobj" or cur.head.lower_ not in ("of", "for"):
            return ""
        gov = cur.head.head
        if gov.pos_ == "NOUN":
            return gov.lemma_.lower()
        cur = gov
    return ""


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


def _trigger_words(lex: Lexicon) -> frozenset[str]:
    """Every single word that can be (the head word of) a trigger."""
    words = {k.split()[0] for k in lex.verbs} | {k.split()[-1] for k in lex.nouns} | {"use", "attempt"}
    return frozenset(words)


@lru_cache(maxsize=8)
def _word_hashes(strings: object, group: str) -> numpy.ndarray:
    """Hashes of a word group's words, as written and capitalised, in a vocabulary's string store:
    sorted, for a binary search per token (re-sorting them for numpy.isin on every Doc cost more than
    the search; measured on the seeds)."""
    lex = lexicon()
    words = {
        "trigger": _trigger_words(lex),
        "speech": lex.speech,
        "judge": lex.judgement_words | lex.deny_words | lex.concern_words | {"responsible"},  # blame
    }[group]
    # with each "-e" verb's form as spaCy's rule lemmatizer may strip it ("staged" -> "stag")
    words = set(words) | {w[:-1] for w in words if w.endswith("e") and " " not in w and len(w) > 3}
    hashes = {strings[w] for word in words for w in (word, word.capitalize())}  # type: ignore[index]
    return numpy.array(sorted(hashes), dtype=numpy.uint64)


def candidate_tokens(doc: Doc, group: str) -> list[int]:
    """Indices of tokens whose lemma or lower-case form is in a word group ("trigger", "speech", "judge"):
    one vectorised pass over the Doc, so the rules look only at these tokens."""
    hashes = _word_hashes(doc.vocab.strings, group)
    arr = doc.user_data.get("armswatch_lemma_lower")
    if arr is None:  # one array per Doc, shared by the word groups
        arr = doc.user_data["armswatch_lemma_lower"] = doc.to_array([LEMMA, LOWER])
    hit = _among(arr[:, 0], hashes) | _among(arr[:, 1], hashes)
    return numpy.flatnonzero(hit).tolist()


def _among(values: numpy.ndarray, sorted_keys: numpy.ndarray) -> numpy.ndarray:
    """Which values occur in `sorted_keys` (a boolean mask)."""
    if not len(sorted_keys):
        return numpy.zeros(len(values), dtype=bool)
    at = numpy.minimum(numpy.searchsorted(sorted_keys, values), len(sorted_keys) - 1)
    return sorted_keys[at] == values


def in_sentence(indices: list[int], sent: Span) -> list[int]:
    """The indices (sorted) that fall inside a sentence."""
    return indices[bisect.bisect_left(indices, sent.start) : bisect.bisect_left(indices, sent.end)]


def find_triggers(sent: Span, candidates: list[int] | None = None) -> list[tuple[Token, str]]:
    """(token, frame name) for every trigger in a sentence (among `candidates`, token indices, if given)."""
    lex = lexicon()
    out = []
    doc = sent.doc
    tokens = sent if candidates is None else (doc[i] for i in in_sentence(candidates, sent))
    for tok in tokens:
        pos = tok.pos_
        lemma = tok.lemma_.lower()
        if pos in ("VERB", "AUX") or (pos == "ADJ" and tok.tag_ == "VBN"):
            if phrasal_key(tok) in OTHER_SENSE_PHRASALS:
                continue  # "carried out strikes": the strikes are the event, "carry" is no delivery
            frame = (lex.verbs.get(phrasal_key(tok)) or lex.verbs.get(lemma) or lex.verbs.get(tok.lower_)
                     or next((f for v in verb_lemmas(tok)[1:] if (f := lex.verbs.get(v))), None))
            if frame is None and lemma == "use":
                frame = "use"
            if frame:
                out.append((tok, frame))
        elif pos in ("NOUN", "PROPN"):
            if tok.dep_ == "compound" and tok.head.lemma_.lower() not in ("test", "launch"):
                continue  # "launch facility", "sanctions regime", "arms shipment" (the item word)
            frame = lex.nouns.get(noun_phrase_key(tok)) or lex.nouns.get(lemma) or lex.nouns.get(tok.lower_)
            if frame is None and lemma in ("attempt", "use"):
                frame = lemma
            if frame is None and lemma == "ban" and _bans_trade(tok):
                frame = "sanction"
            if frame:
                out.append((tok, frame))
    return out


# What a ban must bar to be a sanction ("a ban on trade with Libya", "a ban on arms sales"), not a smoking ban
BANNED_TRADE = frozenset({"trade", "export", "import", "arm", "arms", "sale", "weapon", "oil", "investment",
                          "transaction", "shipment", "purchase", "dealing", "business", "commerce"})


def sense_fixed_by_context(tok: Token, frame: str) -> bool:
    """A noun whose event sense its context fixes: carried by its frame's light verb ("lodged a protest",
    "imposed sanctions"), or a ban, which the frames take only where it bars trade ("an export ban", "a ban
    on trade with Libya")."""
    if tok.pos_ != "NOUN":
        return False
    return tok.lemma_.lower() == "ban" or _light_verb(tok, frame_type(frame)) is not None


def _bans_trade(tok: Token) -> bool:
    return any(t.pos_ == "NOUN" and (t.lemma_.lower() in BANNED_TRADE or t.lower_ in BANNED_TRADE)
               for p in tok.children if p.dep_ == "prep" and p.lower_ == "on"
               for o in p.children if o.dep_ == "pobj" for t in o.subtree)


# Phrasal verbs whose particle takes the verb out of its frame ("carry out" an attack, "take out" a
# target, "fire up" a crowd, "test out" an idea)
OTHER_SENSE_PHRASALS = frozenset({
    "carry out", "carry on", "take out", "fire up", "fire off", "test out", "give up", "give in", "hit back",
    "send off", "move on", "ship off", "hand out", "deliver on"})


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
        if not motion and role == "destination":
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
            sides.extend((e[0], role) for e in ents if e[1] == "country")
            if not motion and role == "location":  # "met in Russia", "drills in Japan"
                places.extend(PlaceRole(e[0], role) for e in ents[:1] if e[1] == "country")
    return places, sides


_NESTED_PLACE_PREPS = frozenset({"in", "near", "at", "off", "outside", "inside"})


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


def _is_arms_trade(c: Candidate, ctx: Context) -> bool:
    """A transfer of the field: military goods, or trade goods (fuel, coal, machinery, cargo) with a state
    or armed group on one side ("North Korea exported coal"), not "the company sells clothing"."""
    military = any(
        ctx.item_at[t.i] >= 0 and ctx.item_category(ctx.item_at[t.i]) not in CIVIL_CATEGORIES
        for root in c.scope
        for t in _scope_tokens(root, c.trigger)
    )
    # an id the document does not name came from a place's country ("shipped to Vostochny": Russia)
    return military or any(
        ctx.types.get(e, "country") in ("country", "armed_group") for e in c.actor + c.target
    )


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


def verb_lemmas(tok: Token) -> tuple[str, ...]:
    """The verb's lemma, and for an -ed/-ing form also that lemma + "e": spaCy's rule lemmatizer strips
    "staged" to "stag" and "staging" to "stag" (as it must "tagged" to "tag")."""
    lemma = tok.lemma_.lower()
    if tok.lower_.endswith(("ed", "ing")) and not lemma.endswith("e"):
        return lemma, lemma + "e"
    return (lemma,)


# Dependencies through which a noun is carried up to its light verb
CARRIED_DEPS = frozenset({"dobj", "nsubjpass", "attr", "oprd", "pobj", "prep", "agent", "conj", "acl",
                          "appos"})


def _light_verb(noun: Token, frame_type_: str) -> Token | None:
    """The verb that carries a nominal trigger ("imposed sanctions", "conducted drills", "used missiles
    ... in attacks"): the first verb above it, through objects, prepositions and participles only."""
    allowed = lexicon().light.get(frame_type_, frozenset())
    cur = noun
    for _ in range(5):
        if cur.dep_ not in CARRIED_DEPS and not (cur.dep_ == "xcomp" and cur.tag_ == "VBG"):
            return None
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX"):
            if any(lemma in allowed for lemma in verb_lemmas(cur)):
                return cur
            # "issued blocking sanctions": the parser reads the participle as a verb taking the noun
            if cur.dep_ != "acl" and not (cur.dep_ == "xcomp" and cur.tag_ == "VBG" and cur.i < noun.i):
                return None
    return None


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


def build_candidate(trigger: Token, frame: str, ctx: Context) -> Candidate | None:
    """The event a trigger signals, with the roles its parse gives, or None when it is not one."""
    if frame == "use":
        return _use_frame(trigger, ctx)
    if frame == "attempt":
        return _attempt_frame(trigger, ctx)
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
    if etype == "attack" and _live_fire_test(trigger):
        c.type, c.target = "weapons_test", []  # a sinking exercise on a retired hull tests the weapon
    if c.type == "attack":
        _add_owning_states(c, ctx)
    if c.negated and etype != "transfer":
        return None
    if any(_requested(a) for a in c.anchors):
        return None
    return c


# "urged Europe to expand sanctions", "called for sanctions": what is asked of others has not happened
REQUEST_VERBS = frozenset({"call", "urge", "ask", "press", "appeal", "demand", "encourage", "implore",
                           "request", "lobby", "push"})


FACT_MARKS = frozenset({"after", "since", "because", "as", "when", "while", "once", "though", "although"})


def _requested(tok: Token) -> bool:
    if tok.dep_ == "pobj" and tok.head.lower_ == "for" and tok.head.head.lemma_.lower() in REQUEST_VERBS:
        return True
    clause = clause_head(tok)
    for _ in range(3):  # "urged China to stop supplying": up through the chain of "to" clauses
        if clause.dep_ not in ("xcomp", "advcl", "ccomp") or clause.head == clause:
            return False
        if any(c.dep_ == "mark" and c.lower_ in FACT_MARKS for c in clause.children):
            return False  # "called for sanctions after Iran test-fired missiles": the test happened
        if clause.head.lemma_.lower() in REQUEST_VERBS:
            return True
        clause = clause.head
    return False


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
    if not _has_goods(c, ctx):
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


def _transfer_verb(c: Candidate, ctx: Context) -> bool:
    v = c.trigger
    if c.frame == "transfer_arrive":
        return _arrival_verb(c, ctx)
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
    """ "to help/bolster X": X is the recipient."""
    lex = lexicon()
    out: list[Entity] = []
    for x in children(tok, "xcomp", "advcl", "acl"):
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


def _condemn_verb(c: Candidate, ctx: Context) -> bool:
    doer, undergoer = _verb_roles(c, ctx)
    c.actor = actors(doer)
    v = c.trigger
    # a clause before the verb is no object of it, though the parser may hang one there ("On Wednesday X
    # launched missiles, officials said, hours after Y denounced the drills")
    objs = [o for o in children(v, "dobj", "ccomp") if o.i > v.i]
    objs += preps(v, "over", "about", "at", "against", "of")
    if not undergoer:
        undergoer = [e for o in objs for e in entities_under(o, ctx, skip_preps=ROLE_PREPS - {"by"})]
    if not undergoer:  # "condemned the cooperation/deal between A and B": both sides are condemned
        undergoer = [e for o in objs for p in preps(o, "between") for e in entities_under(p, ctx)]
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
    if v.lemma_.lower() == "visit":
        places += [PlaceRole(e[0], "location") for e in visited]
        others += [(ctx.country_of(e[0]), "country") for e in visited if ctx.country_of(e[0])]
    c.places = [p for i, p in enumerate(places) if p not in places[:i]]
    _add(c.actor, actors(subj) + actors(others))
    return _two_sides(c.actor, ctx) or (len(c.actor) == 1 and c.first_person)


def _two_sides(participants: list[str], ctx: Context) -> bool:
    """A meeting needs two parties: a leader and his own country are one ("Kim visited a factory")."""
    sides = {ctx.country_of(p) or p for p in participants}
    return len(sides) >= 2


def _sanction_verb(c: Candidate, ctx: Context) -> bool:
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
    c.scope = children(v, "dobj") + children(v, "nsubjpass")
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
    if c.type == "weapons_test" and c.actor and all(ctx.types.get(a) == "armed_group" for a in c.actor):
        c.type = "attack"  # militias fire rockets and drones at someone; they do not hold weapons tests
    return bool(c.actor)


def _attack_verb(c: Candidate, ctx: Context) -> bool:
    lex = lexicon()
    v = c.trigger
    doer, undergoer = _verb_roles(c, ctx)
    objs = children(v, "dobj") + children(v, "nsubjpass")
    # "hit a target/its target" is a goal met; "struck targets in Syria" (plural) is a military strike
    if any(o.lemma_.lower() in lex.attack_non_objects and o.lower_ != "targets" for o in objs):
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
    c.vessels = _ids(undergoer, VESSEL_TYPES)
    c.scope = preps(v, "with")
    _struck_places_as_target(c, [e for e, t in undergoer if t in PLACE_TYPES], ctx)
    if not c.target:  # "struck targets in Syria": the country where the blows fell is the attacked
        c.target = [e for e, role in countries if role == "location" and e not in c.actor][:1]
    _own_ground_as_target(c, ctx)
    return bool(c.actor) and bool(c.target or c.places or _struck_thing(v))


# What a weapon is fired at in a test: a retired hull ("the ex-Tarawa", "a decommissioned ship") or a
# target built for it; and the exercises and trials in which such firings take place (SINKEX, RIMPAC)
TEST_HULL_WORDS = frozenset({"ex", "decommissioned", "retired", "hulk", "derelict"})
TEST_SETTINGS = frozenset({"test", "exercise", "drill", "trial", "sinkex", "demonstration", "rimpac"})


def _live_fire_test(v: Token) -> bool:
    """A blow struck in a test: at a retired hull or a practice target, or "in/during" a test or exercise."""
    objs = children(v, "dobj", "nsubjpass") + preps(v, "of", "on", "at", "against")
    for o in objs:
        words = {t.lower_ for t in o.subtree}
        practice_target = "target" in words and words & {"surface", "practice", "mock", "drone"}
        if TEST_HULL_WORDS & words or practice_target:
            return True
    head = clause_head(v)
    return any(o.lemma_.lower() in TEST_SETTINGS or o.lower_ in TEST_SETTINGS
               for x in {v, head} for o in preps(x, "in", "during"))


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
    objs = children(v, "dobj") + children(v, "nsubjpass")
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
            ents = [e for e in _subject_entities(lv, ctx, c) if e[1] in ACTOR_TYPES]
            _, c.planned, neg = modality(lv)
            c.negated = c.negated or neg
    if not ents:
        ents = _agent_from_governor(n, ctx)
    return ents


def _transfer_noun(c: Candidate, ctx: Context) -> bool:
    lex = lexicon()
    n = c.trigger
    receive = c.frame == "transfer_receive"
    c.scope = [n]
    mods = [e for e in _noun_modifier_entities(n, ctx) if e[1] in ACTOR_TYPES]
    by = [e for o in preps(n, "by") for e in entities_under(o, ctx) if e[1] in ACTOR_TYPES]
    from_ = [e for o in preps(n, "from") for e in entities_under(o, ctx) if e[1] in ACTOR_TYPES]
    to = [e for o in preps(n, "to") for e in entities_under(o, ctx) if e[1] in ACTOR_TYPES]
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
        for o in preps(n, "of"):  # "took delivery of a drone consignment from X"
            _add(c.actor, actors(e for oo in preps(o, "from") for e in entities_under(oo, ctx)))
    elif receive:
        _add(c.target, actors(mods + by))
        _add(c.actor, actors(from_ + of_mods))
    else:
        _add(c.actor, actors(mods + by + from_))
        if not c.actor:
            _add(c.actor, actors(_noun_actor(c, ctx, "transfer_give")))
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
LODGED_NOUNS = frozenset({"protest"})


def _condemn_noun(c: Candidate, ctx: Context) -> bool:
    n = c.trigger
    lv = _light_verb(n, "condemnation")
    if n.lemma_.lower() == "concern" and lv is None and not preps(n, "over", "about", "at", "regarding"):
        return False  # "a source of concern": nobody voices it
    c.actor = actors(_noun_actor(c, ctx))
    objs = preps(n, "over", "about", "at", "of", "regarding", "against")
    if lv is not None:
        objs += preps(lv, "over", "about", "at", "regarding", "against")
    if n.lemma_.lower() in LODGED_NOUNS:  # "lodged a protest with India": India is protested to
        objs += preps(n, "with") + (preps(lv, "with") if lv is not None else [])
    c.target = [
        e
        for o in objs
        for e in actors(entities_under(o, ctx, skip_preps=ROLE_PREPS - {"by"}))
        if e not in c.actor
    ]
    c.scope = objs
    return bool(c.actor) or c.first_person


def _denial_noun(c: Candidate, ctx: Context) -> bool:
    c.actor = actors(_noun_actor(c, ctx))
    c.scope = preps(c.trigger, "of")
    return bool(c.actor) or c.first_person


def _meeting_noun(c: Candidate, ctx: Context) -> bool:
    n = c.trigger
    ents = _noun_modifier_entities(n, ctx)
    for o in preps(n, "with", "between", "of", "among"):
        ents += entities_under(o, ctx)
    lv = _light_verb(n, "meeting")
    if lv is not None:
        c.anchors.append(lv)
        ents += _subject_entities(lv, ctx, c)
        for o in preps(lv, "with"):
            ents += entities_under(o, ctx)
    places, _ = _places_from(n, ctx, motion=False)
    if lv is not None:
        places += _places_from(lv, ctx, motion=False)[0]
    if n.lemma_.lower() == "visit":
        for o in preps(n, "to"):
            for e in entities_under(o, ctx):
                if e[1] in PLACE_TYPES:
                    places.append(PlaceRole(e[0], "location"))
                if e[1] in PLACE_TYPES and ctx.country_of(e[0]):
                    ents.append((ctx.country_of(e[0]), "country"))
                elif e[1] == "country":
                    ents.append(e)
    c.places = [p for i, p in enumerate(places) if p not in places[:i]]
    _add(c.actor, actors(ents))
    # one named body that has members ("a G7 meeting in Japan") is a meeting of its members
    modifiers = [e for e, t in _noun_modifier_entities(n, ctx) if t == "organization"]
    single_body = len(c.actor) == 1 and c.actor[0] in modifiers
    return _two_sides(c.actor, ctx) or (len(c.actor) == 1 and single_body and n.lemma_.lower() != "visit")


# "adopted a package of sanctions against X": the sanctions come in a batch, which is what is imposed
SANCTION_BATCHES = frozenset(
    {"package", "round", "set", "wave", "raft", "batch", "series", "tranche", "slew"}
)


def _sanction_noun(c: Candidate, ctx: Context) -> bool:
    n = c.trigger
    batch = n.dep_ == "pobj" and n.head.lower_ == "of" and n.head.head.lemma_.lower() in SANCTION_BATCHES
    if n.dep_ == "pobj" and n.head.lower_ in ("under", "despite", "of", "from", "against") and not batch:
        return False  # a state ("under sanctions"), or the sanctions as a thing spoken of
    c.actor = actors(_noun_actor(c, ctx))
    objs = preps(n, "on", "against") + (preps(n.head.head, "on", "against") if batch else [])
    if n.lemma_.lower() == "ban":  # "a ban on trade with Libya": the partner barred is the target
        objs += [w for o in preps(n, "on") for t in o.subtree if t.dep_ == "prep" and t.lower_ == "with"
                 for w in t.children if w.dep_ == "pobj"]
    lv = _light_verb(n, "sanction")
    if lv is not None:
        objs += preps(lv, "on", "against")
        if lv.lemma_.lower() in ("target", "hit"):
            objs += children(lv, "dobj") + children(lv, "nsubjpass")
            if lv.dep_ == "acl" and lv.tag_ == "VBN":  # "entities hit by US sanctions"
                objs.append(lv.head)
    ents = [e for o in objs for e in entities_under(o, ctx)]
    c.target = [e for e in actors(ents) + _ids(ents, VESSEL_TYPES) if e not in c.actor]
    c.vessels = _ids(ents, VESSEL_TYPES)
    c.scope = objs
    return bool(c.actor) and (lv is not None or bool(c.target))


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
    c.places = [p for i, p in enumerate(places) if p not in places[:i]]
    _add(c.actor, actors(ents))
    return bool(c.actor) and (lv is not None or bool(c.places) or bool(by))


def _test_noun(c: Candidate, ctx: Context) -> bool:
    n = c.trigger
    c.scope = [n]
    if not _test_item_in(c, ctx):
        return False
    c.actor = actors(_noun_actor(c, ctx, "weapons_test"))
    c.places, _ = _places_from(n, ctx, motion=False)
    return bool(c.actor)


# Attack nouns whose "of" names what was struck ("the invasion of Ukraine", "the shelling of Kharkiv"); an
# "attack of the Houthis" may be theirs, so "attack" and "strike" are not among them.
STRUCK_OF_NOUNS = frozenset({"invasion", "incursion", "bombardment", "shelling", "bombing"})


def _attack_noun(c: Candidate, ctx: Context) -> bool:
    n = c.trigger
    c.actor = actors(_noun_actor(c, ctx))
    aimed = _aimed_at(n, ctx)
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
    c.places += [PlaceRole(e, "location") for e, t in aimed if t in PLACE_TYPES]
    # "strikes on Houthi targets in Yemen": where the things struck lie is where the attack fell
    for obj in preps(n, "on", "against", "at"):
        nested, sides = _places_from(obj, ctx, motion=False)
        c.places += [p for p in nested if p not in c.places]
        c.places += [PlaceRole(e, "location") for e, role in sides
                     if role == "location" and PlaceRole(e, "location") not in c.places]
    c.vessels = _ids(aimed, VESSEL_TYPES)
    c.scope.append(n)
    _struck_places_as_target(c, [e for e, t in aimed if t in PLACE_TYPES], ctx)
    _own_ground_as_target(c, ctx)
    return bool(c.actor) and bool(c.target or c.places)


def _seizure_noun(c: Candidate, ctx: Context) -> bool:
    n = c.trigger
    c.actor = actors(_noun_actor(c, ctx))
    objs = preps(n, "of")
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
