"""Absolute calendar dates written out in report text ("Nov 9, 2023", "17 October", "2023-10-26").

Written by hand rather than with dateparser.search: that scans every word and takes seconds per report,
while these written forms are few and regular; relative expressions ("last month") are the events
stage's business, not this module's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS: dict[str, int] = {}
for _i, _names in enumerate(
    (
        "january jan",
        "february feb",
        "march mar",
        "april apr",
        "may",
        "june jun",
        "july jul",
        "august aug",
        "september sep sept",
        "october oct",
        "november nov",
        "december dec",
    ),
    start=1,
):
    for _n in _names.split():
        MONTHS[_n] = _i

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DATE_PATTERNS = [
    # 2023-10-26, 2023/10/26
    re.compile(r"\b(?P<year>(?:19|20)\d\d)[-/.](?P<mnum>[01]?\d)[-/.](?P<day>[0-3]?\d)\b"),
    # November 10, 2023 / Nov. 9 2023 / Sept. 7 (year optional) / Dec. 30, 2023
    re.compile(rf"\b{_MONTH}\s+{_DAY}(?:\s*[-–]\s*[0-3]?\d)?\b(?:,?\s+{_YEAR}\b)?", re.IGNORECASE),
    # 10 November 2023 / 17 October / 31 Mar, 2025
    re.compile(rf"\b{_DAY}\s+{_MONTH}\b(?:,?\s+{_YEAR}\b)?", re.IGNORECASE),
]
# 13.03.2025 (day first, as written with dots), 13/03/2025 or 03/13/2025 where one part exceeds 12: read
# only on a line that says it gives the publication date ("Published: 13.03.2025"). In running text and
# under headlines (HTML) they were left out: there a shown "8/27/2025" is usually the update's date, and
# reading it moved one wcxb-dev page's published date off its gold (178 instead of 179 of 194).
_NUMERIC_DATE = re.compile(
    r"\b(?P<first>[0-3]?\d)(?P<sep>[./])(?P<second>[01]?\d|[0-3]\d)(?P=sep)(?P<year>(?:19|20)\d\d)\b"
)
_YEAR_ONLY = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)


@dataclass(frozen=True)
class FoundDate:
    """A calendar day written in the text; `year` is None when the text left it out ("on 17 October")."""

    year: int | None
    month: int
    day: int
    start: int
    end: int

    def resolve(self, year: int) -> date | None:
        try:
            return date(self.year or year, self.month, self.day)
        except ValueError:
            return None


def _numeric_day_month(first: int, second: int, sep: str) -> tuple[int, int] | None:
    """(day, month) of "13.03.2025" or "13/03/2025"; a slash date whose order cannot be told (03/04/2025:
    March 4 in the US, 3 April elsewhere) is None. Dotted dates are day first wherever they are written."""
    if sep == "." or first > 12:
        return first, second
    if second > 12:
        return second, first
    return None


def find_dates(text: str, numeric: bool = False) -> list[FoundDate]:
    """Every written calendar day in `text`, in order, without overlaps (`numeric`: also 13.03.2025)."""
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for pattern in _DATE_PATTERNS + ([_NUMERIC_DATE] if numeric else []):
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            groups = m.groupdict()
            if groups.get("first"):
                numeric = _numeric_day_month(int(groups["first"]), int(groups["second"]), groups["sep"])
                if numeric is None:
                    continue
                groups = {**groups, "day": str(numeric[0]), "mnum": str(numeric[1])}
            month = (
                int(groups["mnum"]) if groups.get("mnum") else MONTHS.get(groups["month"].lower().rstrip("."))
            )
            day = int(groups["day"])
            year = int(groups["year"]) if groups.get("year") else None
            if not month or not 1 <= month <= 12 or not 1 <= day <= 31:
                continue
            if groups.get("month") and groups["month"].lower() == "may" and groups["month"] != "May":
                continue  # "may 5" is a verb and a number far more often than a date
            found.append(FoundDate(year, month, day, m.start(), m.end()))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


def years_mentioned(text: str) -> list[int]:
    return [int(y) for y in _YEAR_ONLY.findall(text)]


def first_weekday(text: str) -> int | None:
    """Index (Monday = 0) of the first weekday the text names, if any."""
    m = _WEEKDAY.search(text)
    return WEEKDAYS.index(m.group(1).lower()) if m else None


def resolve_dates(
    text: str, year_hint: int | None = None, numeric: bool = False, near_before: date | None = None
) -> list[tuple[date, FoundDate]]:
    """Dates in `text` with a year: their own, else that of the nearest preceding full date, else the
    year that puts them nearest on or before `near_before` (a date the report is known to be near),
    else the latest year the text names, else `year_hint`; dates whose year cannot be known are left
    out."""
    return [(d, f) for d, f, _ in resolve_dates_with_source(text, year_hint, numeric, near_before)]


#: Where a resolved date's year came from (see `resolve_dates_with_source`).
OWN_YEAR, PRECEDING_YEAR, NEAR_YEAR, NAMED_YEAR, HINT_YEAR = "own", "preceding", "near", "named", "hint"


def resolve_dates_with_source(
    text: str, year_hint: int | None = None, numeric: bool = False, near_before: date | None = None
) -> list[tuple[date, FoundDate, str]]:
    """`resolve_dates` with where each year came from. A year the text names on its own ("in late 2015",
    "since 2006") is weak evidence for "Oct. 7": reports name such years mostly for background, so a
    date dated by one (NAMED_YEAR) is a guess the collection can correct."""
    dates = find_dates(text, numeric)
    years = years_mentioned(text)
    fallback = max(years) if years else year_hint
    out: list[tuple[date, FoundDate, str]] = []
    last_year: int | None = None
    for d in dates:
        if d.year:
            last_year = d.year
            year, source = d.year, OWN_YEAR
        elif last_year:
            year, source = last_year, PRECEDING_YEAR
        elif near_before is not None:
            # the year that puts the day nearest on or before the known date (a Feb. 29 steps back more)
            year, source = near_before.year, NEAR_YEAR
            while year > near_before.year - 8 and (d.resolve(year) is None or d.resolve(year) > near_before):
                year -= 1
        elif fallback is not None:
            year, source = fallback, NAMED_YEAR if years else HINT_YEAR
        else:
            continue
        resolved = d.resolve(year)
        if resolved is not None:
            out.append((resolved, d, source))
    return out
