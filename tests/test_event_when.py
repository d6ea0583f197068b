"""When an event took place (events/when.py), on sentences written for these tests."""

from __future__ import annotations

from datetime import date

from armswatch.entities import link_doc
from armswatch.events.extract import extract_events
from armswatch.events.models import EventMention
from armswatch.nlp import load_pipeline

REF = date(2024, 3, 17)  # a Sunday


def events(text: str, reference: date = REF) -> list[EventMention]:
    doc = load_pipeline()(text)
    return extract_events(doc, "t", reference, link_doc(doc))


def span(e: EventMention) -> tuple[str, str] | None:
    return (e.when.start, e.when.end) if e.when is not None else None


def of_type(found: list[EventMention], etype: str) -> list[EventMention]:
    return [e for e in found if e.type == etype]


def test_coordinated_predicates_share_the_time_said_once() -> None:
    found = events("On March 12, Houthi militants fired a ballistic missile and struck a Greek tanker.")
    attacks = of_type(found, "attack")
    assert attacks and all(span(e) == ("2024-03-12", "2024-03-12") for e in attacks)


def test_a_strike_claimed_in_a_dated_statement_takes_the_statement_day() -> None:
    found = events("Russia is shelling Kharkiv daily. On Friday, the Ukrainian army said it struck a Russian "
                   "ammunition depot in Crimea.")
    struck = [e for e in of_type(found, "attack") if e.trigger == "struck"]
    assert struck and span(struck[0]) == ("2024-03-15", "2024-03-15")


def test_a_since_clause_does_not_date_the_event_it_bounds() -> None:
    found = events("Mr. Lavrov's visit to Pyongyang was the first by a Russian foreign minister since the "
                   "war began two years ago.")
    for e in of_type(found, "meeting"):
        assert span(e) is None or not span(e)[0].startswith("2022")


def test_a_statement_answering_a_dated_deed_is_of_the_report_day() -> None:
    text = ("Iranian gunboats seized a tanker in the Gulf of Oman on Thursday. Tehran said the ship had "
            "smuggled fuel. Britain condemned the seizure as piracy.")
    found = events(text)
    seizure = of_type(found, "seizure")
    assert seizure and span(seizure[0]) == ("2024-03-14", "2024-03-14")
    condemnation = of_type(found, "condemnation")
    assert condemnation and span(condemnation[0]) == ("2024-03-17", "2024-03-17")


def test_a_statement_at_a_dated_meeting_keeps_the_meeting_day() -> None:
    text = ("Antony Blinken met Japanese Foreign Minister Yoko Kamikawa in Tokyo on Thursday. Japan and the "
            "United States condemned North Korea for its missile launches.")
    condemnation = of_type(events(text), "condemnation")
    assert condemnation and span(condemnation[0]) == ("2024-03-14", "2024-03-14")


def test_a_meeting_under_way_is_of_the_report_day() -> None:
    text = ("The State Department said the United States had approved the sale of missiles to Saudi Arabia. "
            "The approval came as President Joe Biden was visiting Saudi Arabia.")
    meetings = of_type(events(text), "meeting")
    assert meetings and span(meetings[0]) == ("2024-03-17", "2024-03-17")


def test_a_plan_takes_no_time_the_story_told_before() -> None:
    text = "Netanyahu and Abbas met in Washington in 2019. Biden will also sit down with Mahmoud Abbas."
    plans = [e for e in of_type(events(text), "meeting") if e.planned]
    assert plans and span(plans[0]) is None
