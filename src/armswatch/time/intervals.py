"""The calendar side of time expressions: the expression record, intervals at their own precision
("YYYY", "YYYY-MM", "YYYY-MM-DD"), their TimeML values, parts of months, years and seasons, and the
choice of a year or weekday near the reference date (the rules are told in `armswatch.time.timex`)."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

# kinds of expression
DATE = "date"  # a written calendar date, month, year, season of a year ("Sept. 12", "in 2022")
RANGE = "range"  # two written dates joined ("from Sept. 7 to Oct. 1", "between 5 and 9 October")
RELATIVE = "relative"  # resolved against the reference date ("yesterday", "last month", "on Thursday")
ANAPHORIC = "anaphoric"  # resolved against the previous time ("a month later", "the day before")
DURATION_ANCHOR = "duration_anchor"  # a stretch up to the reference ("since last year", "over the past year")
VAGUE = "vague"  # a loose window before the reference ("recently", "in recent weeks")
DURATION = "duration"  # a length of time, no date ("three years", "a five-year low"); only with timeml
REFERENCE = "reference"  # the present, past or future as such ("now", "in the past"); only with timeml

Span = tuple[str, str]


@dataclass(frozen=True)
class TimeExpression:
    """A time the text speaks of: its interval at its own precision and the words it came from."""

    start: str
    end: str
    text: str
    char_start: int
    char_end: int
    kind: str
    # TimeML (TIMEX3) reading: value at the expression's own granularity ("1998", "1998-08",
    # "1998-W32", "1998-Q3", "1998-SU", "199" for the 1990s, "19" for the 20th century, "PRESENT_REF",
    # "P3Y" for a duration) and type (DATE, DURATION, TIME, SET); a range's two ends are its `parts`,
    # as TimeML marks "2009-2010" as two dates
    value: str = ""
    type: str = "DATE"
    parts: tuple[TimeExpression, ...] = ()

    def as_time(self) -> dict[str, str]:
        """The dossier's Time object."""
        return {"start": self.start, "end": self.end, "text": self.text}


# ---------------------------------------------------------------- calendar arithmetic


def _fd(d: date) -> str:
    return d.isoformat()


def _fm(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def _fy(y: int) -> str:
    return f"{y:04d}"


def _last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def _add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def _shift_date_months(d: date, n: int) -> date:
    y, m = _add_months(d.year, d.month, n)
    return date(y, m, min(d.day, _last_day(y, m)))


def interval_bounds(start: str, end: str) -> tuple[date, date]:
    """First and last day of an interval written at any precision."""
    lo = [int(v) for v in start.split("-")]
    hi = [int(v) for v in end.split("-")]
    first = date(lo[0], lo[1] if len(lo) > 1 else 1, lo[2] if len(lo) > 2 else 1)
    if len(hi) == 1:
        return first, date(hi[0], 12, 31)
    if len(hi) == 2:
        return first, date(hi[0], hi[1], _last_day(hi[0], hi[1]))
    return first, date(hi[0], hi[1], hi[2])


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _week_start(d: date) -> date:
    return d - timedelta(days=d.weekday())


_SEASON_CODES = {3: "SP", 6: "SU", 9: "FA", 12: "WI"}  # TIMEX3 season codes by first month


def _iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def timeml_value(start: str, end: str, grain: str | None = None) -> str:
    """The TIMEX3 value of an interval: at `grain` when the expression names its unit ("this week" is
    "2023-W41" though it runs only to the reference day), else read off the interval: one period is its
    own value, three quarter-aligned months a quarter, a season's months a season, a decade's years a
    decade; an interval of parts of one month or one year has that month's or year's value ("early
    December" is "2023-12", TimeML marks the part with a modifier)."""
    lo, hi = interval_bounds(start, end)
    if grain == "year":
        return _fy(lo.year)
    if grain == "month":
        return _fm(lo.year, lo.month)
    if grain in ("week", "weekend"):
        # the middle day: "two weeks ago" is a day +-3 days, "last week" Monday to Sunday
        week = _iso_week(lo + (hi - lo) / 2)
        return week + "-WE" if grain == "weekend" else week
    if grain == "quarter":
        return f"{lo.year:04d}-Q{(lo.month - 1) // 3 + 1}"
    if grain == "half":
        return f"{lo.year:04d}-H{1 if lo.month <= 6 else 2}"
    if grain == "season":
        first = lo.month if lo.month in _SEASON_CODES else (lo.month - 1) // 3 * 3 or 12
        return f"{lo.year:04d}-{_SEASON_CODES.get(first, 'WI')}"
    if grain == "decade":
        return f"{lo.year // 10:03d}"
    if grain == "century":
        return f"{lo.year // 100:02d}"
    if grain == "day":
        return _fd(lo)
    if start == end:
        return start
    if len(start) == 4:
        if lo.year // 10 == hi.year // 10:
            return f"{lo.year // 10:03d}"
        return start
    if len(start) == 7:
        months = (hi.year - lo.year) * 12 + hi.month - lo.month + 1
        if months == 3 and lo.month in _SEASON_CODES:
            return f"{lo.year:04d}-{_SEASON_CODES[lo.month]}"
        if months == 3 and lo.month in (1, 4, 7, 10):
            return f"{lo.year:04d}-Q{(lo.month - 1) // 3 + 1}"
        if months == 6 and lo.month in (1, 7):
            return f"{lo.year:04d}-H{1 if lo.month == 1 else 2}"
        return _fy(lo.year) if lo.year == hi.year else start
    if (lo.year, lo.month) == (hi.year, hi.month):
        return _fm(lo.year, lo.month)
    if lo.weekday() == 0 and (hi - lo).days == 6:
        return _iso_week(lo)
    return start


_MONTH_PARTS: dict[str, tuple[int, int]] = {
    "early": (1, 10), "beginning": (1, 10), "start": (1, 10), "mid": (11, 20), "middle": (11, 20),
    "late": (21, 31), "end": (21, 31), "first half": (1, 15), "second half": (16, 31),
    "first week": (1, 7), "second week": (8, 14), "third week": (15, 21), "fourth week": (22, 28),
    "last week": (-7, 31), "first ten days": (1, 10),
}
_YEAR_PARTS: dict[str, tuple[int, int]] = {
    "early": (1, 4), "beginning": (1, 4), "start": (1, 4), "mid": (5, 8), "middle": (5, 8),
    "late": (9, 12), "end": (10, 12), "first half": (1, 6), "second half": (7, 12),
    "first quarter": (1, 3), "second quarter": (4, 6), "third quarter": (7, 9), "fourth quarter": (10, 12),
    "last quarter": (10, 12), "q1": (1, 3), "q2": (4, 6), "q3": (7, 9), "q4": (10, 12), "h1": (1, 6),
    "h2": (7, 12),
}
_WEEK_PARTS: dict[str, tuple[int, int]] = {  # weekday offsets from Monday
    "early": (0, 2), "beginning": (0, 1), "start": (0, 1), "mid": (2, 4), "middle": (2, 4),
    "late": (3, 6), "end": (4, 6),
}
_SEASONS: dict[str, int] = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}  # first month


def _norm(words: str | None) -> str | None:
    return " ".join(words.lower().split()) if words else None


def _month_span(y: int, m: int, part: str | None) -> Span | None:
    if part is None:
        return _fm(y, m), _fm(y, m)
    rng = _MONTH_PARTS.get(part)
    if rng is None:
        return None
    last = _last_day(y, m)
    lo = last + rng[0] + 1 if rng[0] < 0 else rng[0]
    return _fd(date(y, m, lo)), _fd(date(y, m, min(rng[1], last)))


def _year_span(y: int, part: str | None) -> Span | None:
    if part is None:
        return _fy(y), _fy(y)
    rng = _YEAR_PARTS.get(part)
    return (_fm(y, rng[0]), _fm(y, rng[1])) if rng else None


def _week_span(monday: date, part: str | None) -> Span | None:
    rng = _WEEK_PARTS.get(part, (0, 6)) if part else (0, 6)
    return _fd(monday + timedelta(days=rng[0])), _fd(monday + timedelta(days=rng[1]))


def _seasoninterval_bounds(season: str, y: int) -> tuple[date, date]:
    first = _SEASONS[season]
    ey, em = _add_months(y, first, 2)
    return date(y, first, 1), date(ey, em, _last_day(ey, em))


def _season_span(season: str, y: int, part: str | None) -> Span:
    first = _SEASONS[season]
    lo, hi = {"early": (0, 0), "mid": (1, 1), "late": (2, 2)}.get(part or "", (0, 2))
    return _fm(*_add_months(y, first, lo)), _fm(*_add_months(y, first, hi))


def _season_year(season: str, rel: str | None, ref: date, future: bool) -> int:
    """The year a season named without one begins in."""
    years = range(ref.year - 2, ref.year + 2)
    if rel in ("last", "past"):
        return max(y for y in years if _seasoninterval_bounds(season, y)[1] < ref)
    if rel in ("next", "coming"):
        return min(y for y in years if _seasoninterval_bounds(season, y)[0] > ref)
    if rel == "this":
        return ref.year - 1 if season == "winter" and ref.month <= 2 else ref.year
    if future:
        return min(y for y in years if _seasoninterval_bounds(season, y)[1] >= ref)
    return max(y for y in years if _seasoninterval_bounds(season, y)[0] <= ref)


# ---------------------------------------------------------------- resolution context and candidates


@dataclass(frozen=True)
class _Context:
    reference: date
    previous: TimeExpression | None
    year_hint: int | None  # a year the same sentence gives for a date written without one
    future: bool  # a future cue comes shortly before the expression in its clause
    past: bool = False  # a verb in the past tense comes before it in its clause ("arrived on 17 November")


Resolver = Callable[[_Context], Span | None]


@dataclass
class _Candidate:
    start: int
    end: int
    kind: str
    resolve: Resolver
    month: int | None = None  # first month of a written date, to carry a year between neighbours
    year: int | None = None  # the year the text writes, if any
    absolute: bool = False  # a written date, month or year: may join a range
    day: int | None = None  # a written single day (month and day): may take a weekday beside it
    weekday: int | None = None
    coord_year: int | None = field(default=None)
    grain: str | None = None  # the unit of its TimeML value ("week", "quarter"); None: read off the span
    value: str | None = None  # a TimeML value that is not a calendar interval ("PRESENT_REF", "P3Y")
    timex_type: str = "DATE"
    parts: tuple[_Candidate, ...] = ()  # the two ends of a range, each a date of its own in TimeML
    inner: _Candidate | None = None  # "since 2019": the time it starts from, whose value TimeML gives


# A date without a year that falls this few days after the reference is the coming one even with no
# future cue beside it (news announces deadlines, payments and meetings by their date). Chosen on the
# TimeML development sets (TimeBank + AQUAINT, scripts/eval_time.py), DATE value accuracy on matched
# spans by window (no past-tense verb before it in its clause): 0 days 0.822, 30 0.829, 60 0.831,
# 90 0.829
NEAR_FUTURE_DAYS = 60


def _pick_year(month: int, first_day: int, last_day: int, ctx: _Context) -> int:
    """Year for a date written without one (see the module docstring)."""
    if ctx.year_hint is not None:
        return ctx.year_hint
    ref = ctx.reference
    if ctx.future:
        return ref.year if (month, last_day) >= (ref.month, ref.day) else ref.year + 1
    if (month, first_day) <= (ref.month, ref.day):
        ahead = _safe_date(ref.year + 1, month, min(first_day, 28))
    else:
        ahead = _safe_date(ref.year, month, min(first_day, 28))
    if ahead is not None and not ctx.past and (ahead - ref).days <= NEAR_FUTURE_DAYS:
        return ahead.year  # "payable Dec. 15" on Oct. 30: the coming one, not one ten months back
    return ref.year if (month, first_day) <= (ref.month, ref.day) else ref.year - 1


def _weekday_year(month: int, day: int, weekday: int, ref: date) -> int | None:
    """The year near the reference in which month/day falls on the weekday the text names."""
    fits = [y for y in (ref.year - 1, ref.year, ref.year + 1)
            if (d := _safe_date(y, month, day)) is not None and d.weekday() == weekday]
    if not fits:
        return None
    past = [y for y in fits if date(y, month, min(day, 28)) <= ref]
    return max(past) if past else min(fits)


def _weekday_date(weekday: int, ref: date, mode: str) -> date:
    back = (ref.weekday() - weekday) % 7
    fwd = (weekday - ref.weekday()) % 7
    if mode == "on_or_before":
        return ref - timedelta(days=back)
    if mode == "before":
        return ref - timedelta(days=back or 7)
    if mode == "on_or_after":
        return ref + timedelta(days=fwd)
    return ref + timedelta(days=fwd or 7)
