"""Deadlines run forward, comparisons keep the granularity of what they compare with (sentences written
for these tests, after the kinds of miss found on the TimeML development sets)."""

from datetime import date

from armswatch.time import find_time_expressions

REF = date(2023, 10, 26)  # a Thursday


def values(text: str, ref: date = REF) -> list[tuple[str, str]]:
    return [(t.text, t.value) for t in find_time_expressions(text, ref, timeml=True)]


def test_deadlines_are_ahead() -> None:
    assert values("The ministry extended to Nov. 20 its offer.") == [("Nov. 20", "2023-11-20")]
    assert values("They said they expect the sale to be completed by Dec. 15.") == [("Dec. 15", "2023-12-15")]
    assert values("The lenders gave the firm until mid-November to reply.") == [("mid-November", "2023-11")]
    assert values("Talks went on past the Nov. 1 deadline.") == [("Nov. 1", "2023-11-01")]


def test_past_perfect_and_agents_are_no_deadline() -> None:
    assert values("By March the army had retaken the town.") == [("March", "2023-03")]
    assert values("Visits were laid down by the Feb. 23 accord.") == [("Feb. 23", "2023-02-23")]
    assert values("Sales rose this year through August.")[-1] == ("August", "2023-08")


def test_a_year_earlier_keeps_the_granularity_it_shifts() -> None:
    text = "Profit rose in the third quarter of 2023 from $4 million a year earlier."
    assert values(text)[-1] == ("a year earlier", "2022-Q3")
    text = "The contract was signed on Oct. 2; a year earlier, the navy had tested the gun."
    assert values(text)[-1] == ("a year earlier", "2022-10-02")


def test_a_year_ago_after_a_quarter_is_that_quarter_a_year_back() -> None:
    text = "Revenue in the second quarter of 2023 was $9 million, up from $7 million a year ago."
    assert values(text)[-1] == ("a year ago", "2022-Q2")
    assert values("A year ago the plant made no shells.") == [("A year ago", "2022")]


def test_the_same_comparison_said_again_is_the_same_time() -> None:
    text = ("Sales fell in the third quarter of 2023 from a year earlier. Costs rose from a year earlier, "
            "and margins narrowed from a year earlier.")
    assert [v for _, v in values(text)] == ["2023-Q3", "2022-Q3", "2022-Q3", "2022-Q3"]


def test_plans_and_the_future_of_reported_speech_run_forward() -> None:
    assert values("The team planned to leave Kyiv on Monday.") == [("Monday", "2023-10-30")]
    assert values("Protesters planned a rally on Saturday.") == [("Saturday", "2023-10-28")]
    assert values("He said the envoy would be travelling to Seoul Friday.") == [("Friday", "2023-10-27")]
    assert values("The convoy could cross as early as Tuesday.") == [("Tuesday", "2023-10-31")]


def test_a_refusal_or_a_plan_carried_out_looks_back() -> None:
    assert values("The ministry would not comment on Saturday's launch.") == [("Saturday", "2023-10-21")]
    assert values("Militants planned the raid on Monday for weeks.")[0] == ("Monday", "2023-10-23")
