"""The trigger lexicon (data/frames.yaml) and the word classes the frames share."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

_LEXICON_PATH = Path(__file__).parents[1] / "data" / "frames.yaml"

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
# Verbs that make a ban on trade a sanction ("banned exports of dual-use goods to Russia"; CAMEO 163,
# impose embargo, boycott or sanctions), with the trade nouns they must take as object: "banned the
# party" or "banned smoking" are no sanctions of the field
BAN_VERBS = frozenset({"ban", "prohibit", "outlaw", "halt", "suspend", "restrict", "curb", "bar"})
TRADE_NOUNS = frozenset({"export", "import", "sale", "shipment", "supply", "transfer", "trade", "delivery",
                         "purchase", "transit"})
# Freezing a state's or a person's assets is a sanction (CAMEO 163; "froze $6 billion in Iranian funds"),
# not freezing talks or prices
ASSET_NOUNS = frozenset({"asset", "fund", "account", "reserve", "property", "holding", "money", "dollar",
                         "billion", "million", "deposit", "wealth"})
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
    if frame in ("attack_impact", "attack_clash", "attack_armed"):
        return "attack"
    if frame == "seizure_find":
        return "seizure"
    return "weapons_test" if frame == "fire_launch" else frame


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
                           "threat", "call", "demand", "request",
                           # what is negotiated or contracted is still to come: "in talks to sell shells",
                           # "signed a contract to buy 30 jets", "a deal to supply five systems"
                           "talk", "negotiation", "deal", "contract", "agreement"})
