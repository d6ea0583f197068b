"""Metadata cues of plain-text reports: dates, bylines, outlets, the reference date."""

from datetime import date

from armswatch.clean.dates import (
    NAMED_YEAR,
    NEAR_YEAR,
    OWN_YEAR,
    PRECEDING_YEAR,
    find_dates,
    first_weekday,
    resolve_dates,
    resolve_dates_with_source,
)
from armswatch.clean.metadata import (
    NAMED_YEAR_BASIS,
    byline,
    find_outlet,
    infer_reference_date,
    outlet_by_domain,
    outlet_by_name,
    stated_published,
)


def test_written_dates_of_every_common_form() -> None:
    text = "On 17 October, after Nov 9, 2023 and Sept. 7-8, then 2024-01-02 and January 5th, 2022."
    found = [(d.year, d.month, d.day) for d in find_dates(text)]
    assert found == [(None, 10, 17), (2023, 11, 9), (None, 9, 7), (2024, 1, 2), (2022, 1, 5)]


def test_the_modal_may_is_not_a_date() -> None:
    assert find_dates("Officials may 5 times review it") == []
    assert [(d.month, d.day) for d in find_dates("On May 5 they met")] == [(5, 5)]


def test_year_less_dates_take_the_nearest_preceding_year() -> None:
    resolved = [
        d for d, _ in resolve_dates("Satellite images of 5 October 2023. On 17 October officials spoke.")
    ]
    assert resolved == [date(2023, 10, 5), date(2023, 10, 17)]
    assert resolve_dates("It sailed on Oct. 1.") == []
    assert [d for d, _ in resolve_dates("It sailed on Oct. 1.", year_hint=2021)] == [date(2021, 10, 1)]


def test_a_background_year_is_a_weak_year_for_a_year_less_date() -> None:
    text = "Attacks rose after Oct. 7. Troops first came in late 2015. On 5 March 2016 and 9 March they left."
    found = [(d, source) for d, _, source in resolve_dates_with_source(text)]
    assert found == [
        (date(2016, 10, 7), NAMED_YEAR),  # no full date before it: the latest year the text names
        (date(2016, 3, 5), OWN_YEAR),
        (date(2016, 3, 9), PRECEDING_YEAR),
    ]
    ref = infer_reference_date(None, "Attacks rose after Oct. 7. Troops came in late 2015.", "")
    assert ref is not None and NAMED_YEAR_BASIS in ref.basis
    # known to be near 28 Jan 2024: Oct. 7 is the one before it; Feb. 29 the latest leap day before it
    near = resolve_dates_with_source("Since Oct. 7 and Feb. 29.", near_before=date(2024, 1, 28))
    assert [(d, source) for d, _, source in near] == [
        (date(2023, 10, 7), NEAR_YEAR),
        (date(2020, 2, 29), NEAR_YEAR),
    ]


def test_a_report_is_no_older_than_the_day_it_is_known_near() -> None:
    ref = infer_reference_date(None, "Officials said Monday attacks rose after Oct. 7.", "said Monday",
                               near=date(2024, 1, 28))
    assert ref is not None and ref.value == "2024-01-29"  # 28 Jan 2024, a Sunday, on to the Monday


def test_first_weekday() -> None:
    assert first_weekday("the ministry said Saturday that") == 5
    assert first_weekday("no day here") is None


def test_published_from_a_cue_line_not_from_teasers() -> None:
    lines = [
        "Menu",
        "A headline",
        "Published March 14, 2023",
        "Body line one.",
        "Body two.",
        "Other story",
        "Updated 12 Mar, 2025",
    ]
    assert stated_published(lines, 3, 4) == "2023-03-14"
    assert stated_published(["Menu", "Body.", "Teaser", "Updated 12 Mar, 2025"], 1, 1) is None


def test_a_bare_date_line_above_the_body_is_the_publication_date() -> None:
    assert stated_published(["Headline", "14 March 2023", "Body."], 2, 2) == "2023-03-14"


def test_byline_with_email_and_capitals() -> None:
    assert byline(["BY JANE ROE [jane.roe@koreaherald.com]"]) == ("Jane Roe", "koreaherald.com")
    assert byline(["By Marta Ilves | The Ledger Review"]) == ("Marta Ilves", None)
    assert byline(["Bypass road closed to traffic for the whole of next week in the city"]) == (None, None)


def test_outlet_lexicon_by_name_alias_and_domain() -> None:
    assert outlet_by_name("the Associated Press") == "Associated Press"
    assert outlet_by_name("PA") == "Press Association"
    assert outlet_by_domain("reporter@news.heraldcorp.com") == "The Korea Herald"
    assert outlet_by_domain("https://www.reuters.com/world/asia/") == "Reuters"
    assert outlet_by_domain("example.org") is None


def test_outlet_cues_in_order_of_strength() -> None:
    lines = [
        "Menu",
        "Body sentence one.",
        "Body two.",
        "Published in The Ledger Review, May 4th, 2024",
        "AFP",
    ]
    assert find_outlet(lines, 1, 2) == "The Ledger Review"
    assert (
        find_outlet(["Body.", "By Press Association"], 0, 0, author="Press Association")
        == "Press Association"
    )
    assert find_outlet(["Body.", "x"], 0, 0, email_domain="joongang.co.kr") == "Korea JoongAng Daily"
    assert (
        find_outlet(["Body.", "© 2023 The Ledger Review. All rights reserved."], 0, 0) == "The Ledger Review"
    )
    assert (
        find_outlet(["Body.", "Sign in to share this story with Korea JoongAng Daily readers"], 0, 0)
        == "Korea JoongAng Daily"
    )


def test_reference_date_is_published_when_stated() -> None:
    ref = infer_reference_date("2023-11-10", "On Thursday ...", "On Thursday ...")
    assert (ref.value, ref.inferred) == ("2023-11-10", False)


def test_reference_date_moves_the_latest_date_to_the_weekday_of_the_lead() -> None:
    text = "Strikes on Dec. 30, 2023, and Jan. 2, 2024. A photo taken on Jan. 6."
    ref = infer_reference_date(None, text, "Ministers condemned it in a statement on Wednesday.")
    assert ref.value == "2024-01-10" and ref.inferred  # Saturday 6 January → Wednesday 10 January
    assert infer_reference_date(
        None, "Seen on 5 October 2023 and on 17 October.", "Officials spoke."
    ).value == ("2023-10-17")


def test_reference_date_without_any_date_is_left_to_the_collection() -> None:
    # Not the day of the run: the pipeline dates such a report from its collection (test_pipeline_dates).
    assert infer_reference_date(None, "Nothing dated.", "Nothing.") is None


def test_a_byline_is_a_name_not_a_sentence() -> None:
    assert byline(["By Thursday, officials said the ship had left port."]) == (None, None)
    assert byline(["By Ana de la Cruz"]) == ("Ana de la Cruz", None)


def test_an_outlet_name_must_be_written_as_a_name() -> None:
    furniture = ["Body.", "Tax reform would ease a national headache, the editorial says."]
    assert find_outlet(furniture, 0, 0) is None
    assert find_outlet(["Body.", "Published in The Ledger Review, May 3, 2024"], 0, 0) == "The Ledger Review"


def test_numeric_dates_dotted_day_first_and_slashed_only_when_unambiguous() -> None:
    def days(text: str) -> list[tuple[int | None, int, int]]:
        return [(d.year, d.month, d.day) for d in find_dates(text, numeric=True)]

    assert days("Published: 13.03.2025") == [(2025, 3, 13)]
    assert days("13/03/2025") == [(2025, 3, 13)] and days("03/13/2025") == [(2025, 3, 13)]
    assert days("03/04/2025") == []  # March 4 or 3 April: left out
    assert find_dates("13.03.2025") == []  # numeric dates only where asked for (a publication-date line)
    assert stated_published(["Published: 13.03.2025", "Text."], 1, 1) == "2025-03-13"


def test_bylines_in_their_common_forms() -> None:
    assert byline(["Author: Oksana Melnyk"])[0] == "Oksana Melnyk"
    assert byline(["Posted on 10 March 2025 by Hannah Voss"])[0] == "Hannah Voss"
    assert byline(["Written by Anna Lee"])[0] == "Anna Lee"
    assert byline(["By Thursday, officials said the convoy had left."])[0] is None
