"""Plain data of the events stage: what one sentence of one report says happened (EventMention), and
the fused, cross-report view of one real-world event (Event). Field names follow the dossier contract
(spec/dossier.md), so `as_json` is a plain dump."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal, get_args

EventType = Literal[
    "transfer",
    "condemnation",
    "denial",
    "meeting",
    "sanction",
    "exercise",
    "weapons_test",
    "attack",
    "seizure",
]
EVENT_TYPES: tuple[str, ...] = get_args(EventType)
Stance = Literal["assert", "hedge", "deny"]
PlaceRoleName = Literal["origin", "destination", "via", "location"]


@dataclass(frozen=True)
class QuantityValue:
    value: float
    unit: str  # the counted noun's lemma ("container") or a measurement unit ("km", "tonne", "usd")
    approximate: bool
    bound: str  # "exact" | "at_least" | "at_most"
    text: str
    low: float | None = None  # the range of a vague number ("hundreds" 200..999, "between 300 and 500")
    high: float | None = None


@dataclass(frozen=True)
class ItemValue:
    category: str  # the contract's item taxonomy (arms, artillery_ammunition, ballistic_missile, ...)
    text: str
    quantity: QuantityValue | None = None


@dataclass(frozen=True)
class TimeSpan:
    start: str  # YYYY[-MM[-DD]]
    end: str
    text: str


@dataclass(frozen=True)
class PlaceRole:
    entity: str  # entity id
    role: str  # "origin" | "destination" | "via" | "location"


@dataclass
class EventMention:
    """One event as one sentence of one report states it."""

    document: str
    type: str
    text: str  # the sentence
    start: int  # character offsets of the sentence in the document's body
    end: int
    actor: list[str] = field(default_factory=list)  # entity ids
    target: list[str] = field(default_factory=list)
    items: list[ItemValue] = field(default_factory=list)
    when: TimeSpan | None = None
    places: list[PlaceRole] = field(default_factory=list)
    vessels: list[str] = field(default_factory=list)
    attributed_to: list[str] = field(default_factory=list)  # empty: the outlet in its own voice
    stance: str = "assert"  # "assert" | "hedge" | "deny"
    stated_on: str | None = None  # YYYY-MM-DD when the statement is dated
    trigger: str = ""  # the word that signalled the event ("delivered", "condemned")
    planned: bool = False  # future or conditional ("would pursue new sanctions")
    about: int | None = (
        None  # for a denial or condemnation: index (in the document's list) of the event it speaks of
    )
    # where each fact came from, as character spans in the body: {"trigger": [start, end],
    # "actor": {entity id: [start, end]}, "target": {...}, "vessels": {...}, "attributed_to": {...}};
    # an id with no span was derived (the country of a named place or official)
    evidence: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Event:
    """One real-world event fused across mentions and reports (the dossier's Event)."""

    id: str
    type: str
    actor: list[str]
    target: list[str]
    items: list[ItemValue]
    when: TimeSpan | None
    places: list[PlaceRole]
    vessels: list[str]
    status: str  # asserted | alleged | confirmed | denied | disputed | planned
    mentions: list[EventMention]
    sources: dict[str, int]  # {"documents": n, "outlets": n}
    credibility: int  # Admiralty 1..6
    credibility_reason: str = ""
    part_of: str | None = None  # id of a larger event this one is a part of (one shipment of a supply)
    related: list[str] = field(default_factory=list)  # denials/condemnations <-> the event they speak of


def event_mention_from_json(data: dict[str, Any]) -> EventMention:
    """An EventMention back from `as_json` (the store caches mentions as JSON)."""
    items = [
        ItemValue(i["category"], i["text"], QuantityValue(**i["quantity"]) if i.get("quantity") else None)
        for i in data.get("items") or []
    ]
    when = TimeSpan(**data["when"]) if data.get("when") else None
    places = [PlaceRole(**p) for p in data.get("places") or []]
    rest = {k: v for k, v in data.items() if k not in ("items", "when", "places")}
    return EventMention(items=items, when=when, places=places, **rest)
