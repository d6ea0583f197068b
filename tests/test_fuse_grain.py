"""Fusion at the grain of one real-world event: the cases the issue names (a seizure split in two, a launch
in three, two tests two months apart merged), sub-events linked to their campaign, and a person standing
for the country they serve. Sentences invented for these tests."""

from __future__ import annotations

import hashlib

from armswatch.clean.models import Article
from armswatch.events.models import EventMention, ItemValue, PlaceRole, TimeSpan
from armswatch.fuse import fuse_events

TYPES = {
    "iran": "country",
    "north_korea": "country",
    "south_korea": "country",
    "united_states": "country",
    "russia": "country",
    "blinken": "person",
    "yoon": "person",
    "cho": "person",
    "fm_south_korea": "organization",
    "st_nikolas": "vessel",
    "gulf_of_oman": "place",
    "sinpo": "place",
}
AFF = {
    "blinken": "united_states",
    "yoon": "south_korea",
    "cho": "south_korea",
    "fm_south_korea": "south_korea",
}


def art(doc: str, day: str, outlet: str = "Harbour Gazette") -> Article:
    return Article(
        id=doc,
        source=doc,
        title=None,
        published=day,
        reference_date=day,
        reference_date_inferred=False,
        outlet=outlet + " " + doc,
        author=None,
        body="x" * 2000,
        content_sha256=hashlib.sha256(doc.encode()).hexdigest(),
    )


def m(
    doc: str, type_: str, start: int = 0, when: tuple[str, str] | None = None, **kw: object
) -> EventMention:
    span = TimeSpan(when[0], when[1], "") if when else None
    return EventMention(document=doc, type=type_, text="", start=start, end=start + 50, when=span, **kw)  # type: ignore[arg-type]


def fuse(ms: list[EventMention], arts: list[Article]):  # type: ignore[no-untyped-def]
    return fuse_events(ms, arts, TYPES, affiliations=AFF)


def test_one_seizure_reported_twice_is_one_event() -> None:
    arts = [art("a", "2024-01-11"), art("b", "2024-01-12")]
    ms = [
        m(
            "a",
            "seizure",
            actor=["iran"],
            vessels=["st_nikolas"],
            when=("2024-01-11", "2024-01-11"),
            places=[PlaceRole("gulf_of_oman", "location")],
        ),
        m("b", "seizure", actor=["iran"], vessels=["st_nikolas"], when=("2024-01-08", "2024-01-12")),
        m("b", "seizure", start=300, actor=["iran"], target=["united_states"], vessels=["st_nikolas"]),
    ]
    events = fuse(ms, arts)
    assert len(events) == 1 and len(events[0].mentions) == 3


def test_one_launch_in_three_reports_is_one_event() -> None:
    arts = [art("a", "2016-04-23"), art("b", "2016-04-23"), art("c", "2016-04-24")]
    slbm = [ItemValue("ballistic_missile", "submarine-launched ballistic missile")]
    ms = [
        m("a", "weapons_test", actor=["north_korea"], items=slbm, when=("2016-04-23", "2016-04-23")),
        m(
            "b",
            "weapons_test",
            actor=["north_korea"],
            items=slbm,
            when=("2016-04-23", "2016-04-23"),
            places=[PlaceRole("sinpo", "location")],
        ),
        m("c", "weapons_test", actor=["north_korea"], items=slbm, when=("2016-04-23", "2016-04-23")),
        m("c", "weapons_test", start=400, actor=["north_korea"], items=slbm),  # "the launch", undated
    ]
    events = fuse(ms, arts)
    assert len(events) == 1


def test_two_tests_two_months_apart_stay_apart() -> None:
    arts = [art("a", "2016-04-24")]
    slbm = [ItemValue("ballistic_missile", "SLBM")]
    ms = [
        m("a", "weapons_test", actor=["north_korea"], items=slbm, when=("2016-04-23", "2016-04-23")),
        m(
            "a",
            "weapons_test",
            start=900,
            actor=["north_korea"],
            items=slbm,
            when=("2016-02-25", "2016-02-25"),
        ),
    ]
    assert len(fuse(ms, arts)) == 2


def test_a_shipment_stays_linked_to_its_campaign() -> None:
    arts = [art("a", "2023-11-02"), art("b", "2023-11-06")]
    drones = [ItemValue("drone", "drones")]
    ms = [
        m("a", "transfer", actor=["iran"], target=["russia"], items=drones, when=("2022", "2023-11-02")),
        m(
            "b",
            "transfer",
            actor=["iran"],
            target=["russia"],
            items=drones,
            when=("2023-10-12", "2023-10-16"),
            vessels=["st_nikolas"],
        ),
    ]
    events = fuse(ms, arts)
    assert len(events) == 2
    campaign = next(e for e in events if not e.vessels)
    shipment = next(e for e in events if e.vessels)
    assert shipment.part_of == campaign.id


def test_a_person_stands_for_the_country_they_serve_in_meetings() -> None:
    arts = [art("a", "2023-11-09")]
    day = ("2023-11-09", "2023-11-09")
    ms = [
        m("a", "meeting", actor=["blinken", "south_korea", "yoon"], when=day),
        m("a", "meeting", start=100, actor=["blinken", "yoon"], when=day),
        m("a", "meeting", start=300, actor=["blinken", "south_korea", "cho"], when=day),
    ]
    events = fuse(ms, arts)
    assert sorted(len(e.mentions) for e in events) == [1, 2]  # Blinken-Yoon twice, Blinken-Cho once


def test_statements_of_two_named_speakers_stay_apart() -> None:
    arts = [art("a", "2023-11-09")]
    ms = [
        m(
            "a",
            "condemnation",
            actor=["fm_south_korea", "south_korea"],
            target=["north_korea"],
            when=("2023-10-14", "2023-10-14"),
        ),
        m("a", "condemnation", start=600, actor=["yoon", "south_korea"], target=["north_korea"]),
        m(
            "a",
            "condemnation",
            start=900,
            actor=["south_korea"],
            target=["north_korea"],
            when=("2023-10-14", "2023-10-14"),
        ),
    ]
    events = fuse(ms, arts)
    assert sorted(len(e.mentions) for e in events) == [1, 2]  # the ministry's (also "South Korea"), Yoon's
