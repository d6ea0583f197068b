"""TimeML values beside the interval, and the misses issue 12 lists (sentences written for these tests)."""

from datetime import date

from armswatch.events.timex import find_time_expressions as events_find
from armswatch.time import find_time_expressions

REF = date(2023, 10, 26)  # a Thursday


def values(text: str, ref: date = REF) -> list[tuple[str, str]]:
    return [(t.text, t.value) for t in find_time_expressions(text, ref, timeml=True)]


def test_old_path_is_the_same_function() -> None:
    assert events_find is find_time_expressions


def test_calendar_values() -> None:
    assert values("The deal was signed on Sept. 12, 2023.") == [("Sept. 12, 2023", "2023-09-12")]
    assert values("Deliveries resumed in March 2022.") == [("March 2022", "2022-03")]
    assert values("Exports rose in 2019.") == [("2019", "2019")]
    assert values("Sales fell in the third quarter of 2022.")[0][1] == "2022-Q3"
    assert values("The plant opened in the 1990s.") == [("the 1990s", "199")]
    assert values("Shipments arrived in early December.")[0][1] == "2022-12"
    assert values("Fighting resumed in the summer of 2021.")[0][1] == "2021-SU"


def test_weeks_are_iso_weeks_not_day_ranges() -> None:
    assert values("The ship docked last week.") == [("last week", "2023-W42")]
    assert values("Talks continued this week.") == [("this week", "2023-W43")]


def test_his_2007_presidential_campaign() -> None:
    assert values("He spoke about his 2007 presidential campaign.") == [("2007", "2007")]


def test_end_of_year_and_fiscal_year() -> None:
    assert values("The frigates will be delivered by the end of year.")[0][1] == "2023"
    assert values("Arms spending grew this fiscal year.") == [("this fiscal year", "2023")]
    assert values("Revenue fell in fiscal 2021.") == [("fiscal 2021", "2021")]


def test_present_ref() -> None:
    assert values("The frigate is now in port.") == [("now", "PRESENT_REF")]
    assert values("The convoy is currently in Rafah.") == [("currently", "PRESENT_REF")]
    # the events stage is not given them: they date nothing
    assert find_time_expressions("The frigate is now in port.", REF) == []


def test_centuries() -> None:
    assert values("The worst famine of the 20th century.") == [("the 20th century", "19")]
    assert values("The twenty-first century began.") == [("The twenty-first century", "20")]


def test_future_clause_runs_forward() -> None:
    found = find_time_expressions("The embargo is to run through June.", REF, timeml=True)
    assert [(t.text, t.value) for t in found] == [("June", "2024-06")]
    # a deadline shortly after the report is the coming one
    assert values("The dividend is payable Dec. 15.") == [("Dec. 15", "2023-12-15")]
    # a past-tense clause keeps it in the past
    assert values("The envoy arrived on 17 November.") == [("17 November", "2022-11-17")]


def test_year_ranges_have_two_dates() -> None:
    (t,) = find_time_expressions("Exports doubled in 2009-2010.", REF, timeml=True)
    assert (t.start, t.end) == ("2009", "2010")
    assert [(p.text, p.value) for p in t.parts] == [("2009", "2009"), ("2010", "2010")]
    (t,) = find_time_expressions("Prices rose from May to July 2021.", REF, timeml=True)
    assert [p.value for p in t.parts] == ["2021-05", "2021-07"]


def test_durations_are_durations() -> None:
    found = find_time_expressions("The ceasefire lasted three days.", REF, timeml=True)
    assert [(t.text, t.type, t.value, t.start) for t in found] == [("three days", "DURATION", "P3D", "")]
    assert values("Stocks hit a five-year low.") == [("five-year", "P5Y")]
    # never turned into dates, and not given to the events stage
    assert find_time_expressions("The ceasefire lasted three days.", REF) == []
    assert values("Attacks rose over the past two years.") == [("over the past two years", "P2Y")]


def test_since_takes_the_value_it_starts_from() -> None:
    assert values("Sanctions have applied since March 2022.")[0][1] == "2022-03"
