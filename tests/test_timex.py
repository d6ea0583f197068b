"""Time expressions: each form issue 4 lists, on sentences written for these tests."""

from __future__ import annotations

import re
import time
from datetime import date
from pathlib import Path

import pytest

from armswatch.events.timex import (
    ANAPHORIC,
    DURATION_ANCHOR,
    RANGE,
    VAGUE,
    TimeExpression,
    find_time_expressions,
    resolve_relative_date,
)

SAT_OCT_14 = date(2023, 10, 14)  # a Saturday
THU_OCT_26 = date(2023, 10, 26)  # a Thursday
FRI_OCT_27 = date(2023, 10, 27)


def spans(text: str, reference: date, previous: TimeExpression | None = None) -> list[tuple[str, str, str]]:
    return [(t.text, t.start, t.end) for t in find_time_expressions(text, reference, previous)]


def one(text: str, reference: date, previous: TimeExpression | None = None) -> tuple[str, str]:
    found = find_time_expressions(text, reference, previous)
    assert len(found) == 1, found
    return found[0].start, found[0].end


# ---------------------------------------------------------------- weekdays


def test_weekdays_look_back_to_the_latest_such_day() -> None:
    text = "The envoy spoke on Thursday, and the ministry replied, an aide said Saturday."
    assert spans(text, SAT_OCT_14) == [
        ("Thursday", "2023-10-12", "2023-10-12"),
        ("Saturday", "2023-10-14", "2023-10-14"),  # the report's own day, not a week earlier
    ]
    assert one("Ministers met on Wednesday in the capital.", SAT_OCT_14) == ("2023-10-11", "2023-10-11")


def test_weekday_in_an_article_of_that_weekday_is_that_day() -> None:
    text = "Officials said on Friday that the cargo had left."
    assert one(text, FRI_OCT_27) == ("2023-10-27", "2023-10-27")


def test_next_and_last_weekday() -> None:
    assert one("The talks resume next Tuesday.", FRI_OCT_27) == ("2023-10-31", "2023-10-31")
    assert one("The ship left port last Friday.", FRI_OCT_27) == ("2023-10-20", "2023-10-20")


def test_future_cue_moves_a_bare_weekday_forward_but_speech_verbs_do_not() -> None:
    assert one("The ministers will meet on Tuesday in Tokyo.", FRI_OCT_27) == ("2023-10-31", "2023-10-31")
    found = find_time_expressions("Sanctions will follow, the spokesman said Tuesday.", FRI_OCT_27)
    assert (found[0].start, found[0].end) == ("2023-10-24", "2023-10-24")


def test_a_weekday_opening_its_clause_looks_at_the_verb_after_it() -> None:
    assert one("On Tuesday the ministers will sign the accord.", FRI_OCT_27) == ("2023-10-31", "2023-10-31")
    assert one("Next month, the envoy is to travel to Cairo.", FRI_OCT_27) == ("2023-11", "2023-11")
    text = "On Tuesday, the envoy said he will travel to Cairo."
    assert one(text, FRI_OCT_27) == ("2023-10-24", "2023-10-24")
    assert one("On Tuesday the envoy visited Cairo and will go on to Amman.", FRI_OCT_27) == (
        "2023-10-24", "2023-10-24")


def test_fixed_date_holidays_are_days() -> None:
    assert one("A soldier was hurt in a rocket attack on Christmas Day.", date(2024, 1, 28)) == (
        "2023-12-25", "2023-12-25")
    assert one("Drones struck the port on New Year's Eve.", date(2024, 1, 28)) == ("2023-12-31", "2023-12-31")
    assert spans("They put up a Christmas tree in the square.", date(2024, 1, 28)) == []


def test_weekday_names_in_holidays_are_not_days() -> None:
    assert spans("Crowds gathered after Good Friday prayers.", FRI_OCT_27) == []


def test_weekday_beside_a_date_takes_the_date_and_fixes_its_year() -> None:
    found = find_time_expressions("The vote was held on Thursday, Oct. 26 in the assembly.", date(2024, 1, 5))
    assert [(t.text, t.start) for t in found] == [("Thursday, Oct. 26", "2023-10-26")]


# ---------------------------------------------------------------- periods relative to the reference


@pytest.mark.parametrize(
    ("words", "start", "end"),
    [
        ("last month", "2023-09", "2023-09"),
        ("this month", "2023-10-01", "2023-10-14"),
        ("earlier this month", "2023-10-01", "2023-10-13"),
        ("later this month", "2023-10-15", "2023-10-31"),
        ("early this month", "2023-10-01", "2023-10-10"),
        ("next month", "2023-11", "2023-11"),
        ("last week", "2023-10-02", "2023-10-08"),
        ("earlier this week", "2023-10-09", "2023-10-13"),
        ("this week", "2023-10-09", "2023-10-14"),
        ("next week", "2023-10-16", "2023-10-22"),
        ("last weekend", "2023-10-07", "2023-10-08"),
        ("last year", "2022", "2022"),
        ("this year", "2023-01-01", "2023-10-14"),
        ("late last year", "2022-09", "2022-12"),
        ("the first half of next year", "2024-01", "2024-06"),
        ("yesterday", "2023-10-13", "2023-10-13"),
        ("today", "2023-10-14", "2023-10-14"),
        ("tomorrow", "2023-10-15", "2023-10-15"),
        ("last night", "2023-10-13", "2023-10-13"),
        ("two weeks ago", "2023-09-27", "2023-10-03"),
        ("three days ago", "2023-10-11", "2023-10-11"),
        ("two months ago", "2023-08", "2023-08"),
        ("last autumn", "2022-09", "2022-11"),
        ("last summer", "2023-06", "2023-08"),
        ("this spring", "2023-03", "2023-05"),
        ("next winter", "2023-12", "2024-02"),
    ],
)
def test_relative_periods(words: str, start: str, end: str) -> None:
    assert one(f"The inspectors reported it {words}, officials confirmed.", SAT_OCT_14) == (start, end)


def test_earlier_or_later_this_period_leaves_out_the_day_the_report_speaks() -> None:
    text = "Iran tested a missile earlier this year, officials said."
    assert one(text, SAT_OCT_14) == ("2023-01-01", "2023-10-13")
    assert one("The inspectors will report later this week, officials said.", SAT_OCT_14) == \
        ("2023-10-15", "2023-10-15")
    # said on the period's first day, there is no day before it in the period: that day
    monday = date(2023, 10, 9)
    assert one("The inspectors reported it earlier this week.", monday) == ("2023-10-09", "2023-10-09")
    assert one("The inspectors reported it this week.", SAT_OCT_14) == ("2023-10-09", "2023-10-14")


def test_over_the_weekend_is_the_latest_weekend_up_to_the_report() -> None:
    # a Saturday report: this weekend so far; a Wednesday report: the weekend before it
    assert one("Drones struck the port over the weekend.", SAT_OCT_14) == ("2023-10-14", "2023-10-14")
    assert one("Drones struck the port at the weekend.", date(2023, 10, 18)) == ("2023-10-14", "2023-10-15")


def test_vague_windows_end_on_the_reference_day() -> None:
    text = "Allies have in recent weeks warned of this, and recently again."
    found = find_time_expressions(text, SAT_OCT_14)
    assert [(t.text, t.kind, t.start, t.end) for t in found] == [
        ("in recent weeks", VAGUE, "2023-09-14", "2023-10-14"),  # weeks, not months: within a month
        ("recently", VAGUE, "2023-08-15", "2023-10-14"),
    ]


def test_since_runs_to_the_reference_day() -> None:
    found = find_time_expressions("Since last year, the country has fired dozens of missiles.", THU_OCT_26)
    assert [(t.text, t.kind, t.start, t.end) for t in found] == [
        ("Since last year", DURATION_ANCHOR, "2022", "2023-10-26")
    ]
    assert one("Trade has grown since Sept. 7 by rail.", THU_OCT_26) == ("2023-09-07", "2023-10-26")
    assert one("No flights have left since 2021.", THU_OCT_26) == ("2021", "2023-10-26")


def test_over_the_past_period() -> None:
    assert one("Over the past two years the depot grew.", THU_OCT_26) == ("2021-10-26", "2023-10-26")
    assert one("Shipments rose in the past week.", THU_OCT_26) == ("2023-10-19", "2023-10-26")


# ---------------------------------------------------------------- written dates


def test_day_range_within_a_month_takes_the_latest_year_not_after_the_reference() -> None:
    assert spans("Crates were loaded at the pier from Sept. 7-8 under guard.", SAT_OCT_14) == [
        ("Sept. 7-8", "2023-09-07", "2023-09-08")
    ]
    # in January the same words point back to the previous September
    assert one("Crates were loaded from Sept. 7-8.", date(2024, 1, 10)) == ("2023-09-07", "2023-09-08")


def test_single_days_without_a_year() -> None:
    text = "The barge reached the coast on Sept. 12 and the depot on Oct. 1, and talks began 17 October."
    assert spans(text, THU_OCT_26) == [
        ("Sept. 12", "2023-09-12", "2023-09-12"),
        ("Oct. 1", "2023-10-01", "2023-10-01"),
        ("17 October", "2023-10-17", "2023-10-17"),
    ]
    # a date later in the year than the reference belongs to the year before
    assert one("The envoy arrived on 17 November.", THU_OCT_26) == ("2022-11-17", "2022-11-17")


def test_between_days_of_a_month() -> None:
    found = find_time_expressions("Drills took place between 5 and 9 October near the coast.", THU_OCT_26)
    assert [(t.text, t.kind, t.start, t.end) for t in found] == [
        ("between 5 and 9 October", RANGE, "2023-10-05", "2023-10-09")
    ]


def test_dates_with_their_year() -> None:
    text = "Imagery taken on 5 October 2023 showed wagons."
    assert one(text, date(2024, 3, 1)) == ("2023-10-05", "2023-10-05")
    assert one("The report is dated 2023-10-26.", date(2024, 3, 1)) == ("2023-10-26", "2023-10-26")


def test_two_dates_are_both_returned() -> None:
    text = "Missiles struck the city on Dec. 30, 2023, and Jan. 2, 2024, officials said."
    assert spans(text, date(2024, 1, 10)) == [
        ("Dec. 30, 2023", "2023-12-30", "2023-12-30"),
        ("Jan. 2, 2024", "2024-01-02", "2024-01-02"),
    ]


def test_a_coordinated_date_lends_its_year() -> None:
    text = "Missiles struck on Dec. 30 and Jan. 2, 2024."
    assert [t.start for t in find_time_expressions(text, date(2024, 6, 1))] == ["2023-12-30", "2024-01-02"]


def test_a_range_across_months() -> None:
    text = "The convoy moved from Sept. 28 to Oct. 2 by night."
    assert one(text, THU_OCT_26) == ("2023-09-28", "2023-10-02")
    assert one("The convoy moved Sept. 28-Oct. 2.", THU_OCT_26) == ("2023-09-28", "2023-10-02")


def test_months_and_years() -> None:
    text = "Sanctions came in November 2022, talks in September 2023, and a deal in 2022."
    assert spans(text, THU_OCT_26) == [
        ("November 2022", "2022-11", "2022-11"),
        ("September 2023", "2023-09", "2023-09"),
        ("2022", "2022", "2022"),
    ]
    assert one("The leaders held a summit in September.", THU_OCT_26) == ("2023-09", "2023-09")
    assert one("The leaders held a summit in December.", THU_OCT_26) == ("2022-12", "2022-12")


@pytest.mark.parametrize(
    ("words", "start", "end"),
    [
        ("early December", "2022-12-01", "2022-12-10"),
        ("mid-December", "2022-12-11", "2022-12-20"),
        ("late December", "2022-12-21", "2022-12-31"),
        ("the end of December", "2022-12-21", "2022-12-31"),
        ("early October", "2023-10-01", "2023-10-10"),
        ("early 2024", "2024-01", "2024-04"),
        ("mid-2022", "2022-05", "2022-08"),
        ("the first half of 2023", "2023-01", "2023-06"),
        ("the third quarter of 2023", "2023-07", "2023-09"),
        ("Q1 2023", "2023-01", "2023-03"),
        ("the spring of 2023", "2023-03", "2023-05"),
        ("the winter of 2022-23", "2022-12", "2023-02"),
        ("the 1990s", "1990", "1999"),
    ],
)
def test_parts_of_months_and_years(words: str, start: str, end: str) -> None:
    assert one(f"Deliveries resumed in {words}, a diplomat said.", THU_OCT_26) == (start, end)


def test_seasons_without_a_year() -> None:
    assert one("The plant reopened in the spring.", THU_OCT_26) == ("2023-03", "2023-05")
    assert one("The plant reopened in the spring.", date(2024, 1, 10)) == ("2023-03", "2023-05")


# ---------------------------------------------------------------- relative to the previous time


def test_a_month_later_follows_the_previous_time_in_the_text() -> None:
    text = "In November 2022, envoys met. A month later, a shipment left."
    found = find_time_expressions(text, THU_OCT_26)
    assert [(t.text, t.kind, t.start) for t in found] == [
        ("November 2022", "date", "2022-11"),
        ("A month later", ANAPHORIC, "2022-12"),
    ]


def test_anaphors_use_the_previous_argument_when_the_text_names_no_time() -> None:
    previous = find_time_expressions("In September 2023, envoys met.", THU_OCT_26)[0]
    assert one("Later the same month, crates were seen.", THU_OCT_26, previous) == ("2023-09", "2023-09")
    day = find_time_expressions("The envoy arrived on Sept. 20.", THU_OCT_26)[0]
    assert one("Later the same month, crates were seen.", THU_OCT_26, day) == ("2023-09-21", "2023-09-30")
    assert one("The day before, a train left.", THU_OCT_26, day) == ("2023-09-19", "2023-09-19")
    assert one("Three days earlier, a train left.", THU_OCT_26, day) == ("2023-09-17", "2023-09-17")
    assert one("The following week, a train left.", THU_OCT_26, day) == ("2023-09-25", "2023-10-01")


def test_anaphors_without_a_previous_time_are_dropped() -> None:
    assert spans("A month later, a shipment left.", THU_OCT_26) == []


def test_the_day_before_an_event_is_not_a_time() -> None:
    previous = find_time_expressions("The envoy arrived on Sept. 20.", THU_OCT_26)[0]
    assert spans("It sailed the day before the summit.", THU_OCT_26, previous) == []


# ---------------------------------------------------------------- things that are not dates


@pytest.mark.parametrize(
    "text",
    [
        "Officials may extend the measures.",
        "Protesters plan a march on Moscow.",
        "Inspectors counted 7-8 containers on deck.",
        "Section 9 of the law applies.",
        "The briefing starts at 9:30 a.m. sharp.",
        "The March on the capital drew crowds.",
        "Former prime minister Theresa May 2019 speech archive.",
        "Analysts discussed the October Revolution.",
        "After the fall of Kabul, the mission ended.",
        "Prices fall when supply rises.",
        "The Arab Spring changed the region.",
        "Resolution 2397 limits fuel imports.",
        "The company shipped 2024 units.",
    ],
)
def test_non_dates(text: str) -> None:
    assert spans(text, THU_OCT_26) == []


def test_may_the_month_is_still_found_after_a_cue() -> None:
    assert one("The leaders met in May to sign it.", THU_OCT_26) == ("2023-05", "2023-05")
    assert one("The talks ended on May 5.", THU_OCT_26) == ("2023-05-05", "2023-05-05")


# ---------------------------------------------------------------- the isolated resolver


def test_resolve_relative_date() -> None:
    assert resolve_relative_date("last month", date(2023, 10, 5)) == ("2023-09", "2023-09")
    assert resolve_relative_date("Friday", FRI_OCT_27) == ("2023-10-27", "2023-10-27")
    assert resolve_relative_date("Dec. 30, 2023, and Jan. 2, 2024", date(2024, 1, 10)) == (
        "2023-12-30",
        "2024-01-02",
    )
    assert resolve_relative_date("the whole affair", THU_OCT_26) is None


def test_resolve_relative_date_falls_back_to_dateparser_for_unusual_absolute_formats() -> None:
    assert resolve_relative_date("26 octobre 2023", date(2024, 1, 1)) == ("2023-10-26", "2023-10-26")


def test_offsets_and_dossier_time() -> None:
    text = "Talks ended on Oct. 1, sources said."
    t = find_time_expressions(text, THU_OCT_26)[0]
    assert text[t.char_start:t.char_end] == t.text == "Oct. 1"
    assert t.as_time() == {"start": "2023-10-01", "end": "2023-10-01", "text": "Oct. 1"}


# ---------------------------------------------------------------- over the shared corpora

_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])|\n+")
_TIME = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


@pytest.mark.corpus
def test_runs_fast_and_well_formed_over_page_dumps(shared: Path) -> None:
    dumps = sorted((shared / "data" / "wcxb-dev-articles" / "dumps").glob("*.txt"))
    sentences = [s for f in dumps for s in _SPLIT.split(f.read_text(encoding="utf-8")) if s.strip()]
    started = time.perf_counter()
    found = [t for s in sentences for t in find_time_expressions(s, THU_OCT_26)]
    per_sentence = (time.perf_counter() - started) / len(sentences)
    assert found
    for t in found:
        assert _TIME.match(t.start) and _TIME.match(t.end), t
        assert t.start[:4] <= t.end[:4], t
    assert per_sentence < 1e-3  # generous: about 30 us on one laptop core
