"""A small invented scenario for the fusion and report tests (sentences written for these tests).

Five reports: three of one drone supply (two of them the same wire story in two outlets), with different
figures and a denial; one shipment of it on a named ship (a sub-event); two unrelated meetings; a
condemnation; and a report whose title and text try to inject markup into the HTML report.
"""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Any

from armswatch.clean.models import Article
from armswatch.events.models import EventMention, ItemValue, PlaceRole, QuantityValue, TimeSpan

WIRE = (
    "Tehran shipped more than 1,700 attack drones to Moscow over the past year, according to the White "
    "House. The shipments crossed the Caspian Sea in small batches, officials added, and were paid for "
    "partly in cash and partly in grain deliveries that arrived at Iranian ports through the summer. "
    "Analysts expect the flow to continue into the winter months."
)

BODIES = {
    "r1": (
        "Iran has delivered about 2,000 drones to Russia since last year, US officials said on Thursday. "
        "The Kremlin dismissed the report as unfounded."
    ),
    "r2": WIRE,
    "r3": "Steppe Times reports. " + WIRE,
    "r4": (
        "A cargo ship, the Caspian Star, left Amirabad on 12 October and unloaded 300 crates of drone "
        "parts at Makhachkala four days later, British intelligence said. Iran's foreign ministry "
        "denied sending any drones."
    ),
    "r5": (
        "The foreign ministers of France and Germany met in Paris on 7 November. The two ministers condemned "
        "the drone deliveries. Separately, the foreign ministers of Japan and Australia met in Tokyo on "
        "1 November. A reader wrote </script><script>alert('x')</script> & <b>bold</b> in a comment."
    ),
}
META = {  # id: (outlet, published, title)
    "r1": ("Caspian Courier", "2023-11-02", "US says Iran sent drones to Russia"),
    "r2": ("Eastern Wire", "2023-11-03", "Drone shipments continue, White House says"),
    "r3": ("Steppe Times", "2023-11-03", "Drone shipments continue"),
    "r4": ("Gulf Monitor", "2023-11-06", "Ship tracked carrying drone parts"),
    "r5": ("Harbour Gazette", "2023-11-08", "</title><script>alert(1)</script> Ministers meet"),
}
ENTITIES: dict[str, dict[str, Any]] = {
    "iran": {"name": "Iran", "type": "country", "lat": 32.0, "lon": 53.0},
    "russia": {"name": "Russia", "type": "country", "lat": 55.75, "lon": 37.62},
    "united_states": {"name": "United States", "type": "country", "lat": 38.9, "lon": -77.0},
    "white_house": {"name": "White House", "type": "organization"},
    "british_intelligence": {"name": "British intelligence", "type": "organization"},
    "united_kingdom": {"name": "United Kingdom", "type": "country", "lat": 51.5, "lon": -0.12},
    "amirabad": {"name": "Amirabad", "type": "place", "lat": 36.85, "lon": 53.37},
    "makhachkala": {"name": "Makhachkala", "type": "place", "lat": 42.98, "lon": 47.5},
    "caspian_star": {"name": "Caspian Star", "type": "vessel"},
    "france": {"name": "France", "type": "country", "lat": 46.6, "lon": 2.4},
    "germany": {"name": "Germany", "type": "country", "lat": 51.1, "lon": 10.4},
    "paris": {"name": "Paris", "type": "place", "lat": 48.86, "lon": 2.35},
    "japan": {"name": "Japan", "type": "country", "lat": 36.2, "lon": 138.25},
    "australia": {"name": "Australia", "type": "country", "lat": -25.3, "lon": 133.8},
    "tokyo": {"name": "Tokyo", "type": "place", "lat": 35.68, "lon": 139.69},
    "bad": {"name": "<img src=x onerror=alert(2)>", "type": "organization"},
}
AFFILIATIONS = {"white_house": "united_states", "british_intelligence": "united_kingdom"}


def articles() -> list[Article]:
    return [
        Article(
            id=d,
            source=f"{d}.txt",
            title=META[d][2],
            published=META[d][1],
            reference_date=META[d][1],
            reference_date_inferred=False,
            outlet=META[d][0],
            author=None,
            body=body,
            content_sha256=hashlib.sha256(body.encode()).hexdigest(),
        )
        for d, body in BODIES.items()
    ]


def _sentence(doc: str, starts_with: str) -> tuple[str, int, int]:
    body = BODIES[doc]
    start = body.index(starts_with)
    end = body.find(". ", start)
    end = len(body) if end < 0 else end + 1
    return body[start:end], start, end


def mention(doc: str, starts_with: str, type_: str, **kw: Any) -> EventMention:
    text, start, end = _sentence(doc, starts_with)
    return EventMention(document=doc, type=type_, text=text, start=start, end=end, **kw)


def drones(
    value: float,
    text: str,
    bound: str = "exact",
    approximate: bool = False,
    unit: str = "drone",
    category: str = "drone",
) -> ItemValue:
    return ItemValue(category, text, QuantityValue(value, unit, approximate, bound, text))


def mentions() -> list[EventMention]:
    """Per document in reading order (an `about` index counts within its document)."""
    return [
        mention(
            "r1",
            "Iran has delivered",
            "transfer",
            actor=["iran"],
            target=["russia"],
            items=[drones(2000, "about 2,000 drones", approximate=True)],
            when=TimeSpan("2022", "2023-11-02", "since last year"),
            attributed_to=["united_states"],
            stated_on="2023-11-02",
            trigger="delivered",
        ),
        mention(
            "r1",
            "The Kremlin dismissed",
            "denial",
            actor=["russia"],
            when=TimeSpan("2023-11-02", "2023-11-02", ""),
            attributed_to=["russia"],
            trigger="dismissed",
            about=0,
        ),
        mention(
            "r2",
            "Tehran shipped",
            "transfer",
            actor=["iran"],
            target=["russia"],
            items=[drones(1700, "more than 1,700 attack drones", bound="at_least")],
            when=TimeSpan("2022-11", "2023-11-03", "over the past year"),
            attributed_to=["white_house"],
        ),
        mention(
            "r3",
            "Tehran shipped",
            "transfer",
            actor=["iran"],
            target=["russia"],
            items=[drones(1700, "more than 1,700 attack drones", bound="at_least")],
            when=TimeSpan("2022-11", "2023-11-03", "over the past year"),
            attributed_to=["white_house"],
        ),
        mention(
            "r4",
            "A cargo ship",
            "transfer",
            actor=["iran"],
            target=["russia"],
            items=[drones(300, "300 crates of drone parts", unit="crate")],
            when=TimeSpan("2023-10-12", "2023-10-16", "on 12 October ... four days later"),
            places=[PlaceRole("amirabad", "origin"), PlaceRole("makhachkala", "destination")],
            vessels=["caspian_star"],
            attributed_to=["british_intelligence"],
        ),
        mention(
            "r4",
            "Iran's foreign ministry denied",
            "transfer",
            actor=["iran"],
            target=["russia"],
            items=[ItemValue("drone", "drones")],
            attributed_to=["iran"],
            stance="deny",
        ),
        mention(
            "r4",
            "Iran's foreign ministry denied",
            "denial",
            actor=["iran"],
            when=TimeSpan("2023-11-06", "2023-11-06", ""),
            about=1,
        ),
        mention(
            "r5",
            "The foreign ministers of France",
            "meeting",
            actor=["france", "germany"],
            when=TimeSpan("2023-11-07", "2023-11-07", "on 7 November"),
            places=[PlaceRole("paris", "location")],
        ),
        mention(
            "r5",
            "The two ministers condemned",
            "condemnation",
            actor=["france", "germany"],
            target=["iran"],
            when=TimeSpan("2023-11-07", "2023-11-07", ""),
        ),
        mention(
            "r5",
            "Separately, the foreign",
            "meeting",
            actor=["japan", "australia"],
            when=TimeSpan("2023-11-01", "2023-11-01", "on 1 November"),
            places=[PlaceRole("tokyo", "location")],
        ),
        mention("r5", "A reader wrote", "meeting", actor=["bad", "france"]),
    ]


def entity_types() -> dict[str, str]:
    return {k: v["type"] for k, v in ENTITIES.items()}


def entity_records() -> list[dict[str, Any]]:
    out = []
    for k, v in ENTITIES.items():
        rec = {"id": k, "name": v["name"], "type": v["type"], "aliases": [], "documents": []}
        if "lat" in v:
            rec["lat"], rec["lon"] = v["lat"], v["lon"]
        out.append(rec)
    return out


def sample_dossier() -> dict[str, Any]:
    """The scenario fused and laid out as dossier.json would be."""
    from armswatch.dossier import build_dossier
    from armswatch.fuse import fuse_events

    names = {k: v["name"] for k, v in ENTITIES.items()}
    events = fuse_events(
        mentions(), articles(), entity_types(), affiliations=AFFILIATIONS, entity_names=names
    )
    return build_dossier(
        articles(), entities=entity_records(), events=[dataclasses.asdict(e) for e in events]
    )
