"""Time expressions in report sentences, resolved to intervals ("on Thursday", "last month", "Sept. 7-8").

Entry points: `find_time_expressions` (every time expression in a text, resolved against the report's
reference date and the last time spoken of) and `resolve_relative_date` (one isolated expression).

Why hand-written rules rather than dateparser: dateparser moves "Friday" in a Friday article a week
back, knows nothing of "a month later" relative to the last time the report named, gives "Sept. 12" a
year without looking back from the report's date, and `dateparser.search` tries every word (seconds per
report). News reports use few, regular forms, which compiled patterns resolve in microseconds per
sentence. dateparser serves only as `resolve_relative_date`'s fallback for one isolated absolute
expression in a format these rules do not know ("26 octobre 2023", "2023年10月26日").

Choices (an interval is (start, end), each "YYYY", "YYYY-MM" or "YYYY-MM-DD"; precision = length):
- Reports look back. A date written without a year takes the year that puts it closest to, and not
  after, the reference date, unless the same sentence gives a year ("Dec. 30 and Jan. 2, 2024") or a
  future cue ("will", "scheduled", "plans to") comes shortly before it in the same clause. A bare
  weekday is the latest such day on or before the reference (a Friday article's "Friday" is that day);
  "last Friday" is strictly before it, "next Friday" strictly after.
- Weeks start on Monday. "this week/month/year" and "earlier this week/month/year" run from the period's
  first day to the reference day (reports speak of the period so far; a plan "this week" gets the wrong
  end); "later this ..." runs from the reference day to the period's end; "last/next ..." is the whole
  previous/next period at its own precision ("last month" in October 2023 is "2023-09").
- Parts of a month: early/beginning/start 1-10, mid/middle 11-20, late/end 21-last, halves 1-15/16-last,
  "the first/second/third/fourth/last week of". Parts of a year: early Jan-Apr, mid May-Aug, late Sep-Dec,
  end Oct-Dec, halves and quarters as named.
- Seasons are northern meteorological ones: spring Mar-May, summer Jun-Aug, autumn/fall Sep-Nov, winter
  Dec-Feb, named by the year it begins in ("the winter of 2022" is 2022-12..2023-02). "last autumn" is
  the latest autumn that ended before the reference.
- Vague windows ending on the reference day: "recently"/"lately" 60 days, "in recent days" 10 days,
  "in recent weeks" 6 weeks, "in recent months" 6 months, "in recent years" 5 years; "a few" or
  "several" counts 2-7 units; "N weeks ago" is that day +-3 days.
- "since X" runs from X's start to the reference day; "over the past N units" from N units before the
  reference to it. Anaphors ("a month later", "later the same month", "the day before") shift the last
  time resolved in the same text, else `previous`; "the day before the summit" names an event, not a
  time, and is left alone.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache

from armswatch.clean.dates import MONTHS, WEEKDAYS

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


# ---------------------------------------------------------------- vocabulary


def _cased(words: Iterable[str]) -> str:
    """Title and upper case forms only: "May"/"MAY" name a month, "may" does not."""
    forms = {f for w in words for f in (w.title(), w.upper())}
    return "|".join(sorted(forms, key=len, reverse=True))


_FULL_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
                "october", "november", "december")
_ABBR_MONTHS = ("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")
_MONTH_ANY = rf"(?:{_cased(_FULL_MONTHS)})\b|(?:{_cased(_ABBR_MONTHS)})\b\.?"
_MONTH_BARE = rf"(?:{_cased(_FULL_MONTHS)})\b|(?:{_cased(_ABBR_MONTHS)})\."
# months that are also common words or given names: alone they need a cue word before them
_AMBIGUOUS_MONTHS = {"may", "march", "april", "june", "august"}

_WEEKDAY_WORD = rf"(?:{_cased(WEEKDAYS)})\b|(?:Tues|Thurs|Tue|Wed|Thu|Fri)\."
_WEEKDAY_INDEX = {w[:3]: i for i, w in enumerate(WEEKDAYS)}
# capitalised words that make a weekday a name ("Good Friday", "Black Monday")
_WEEKDAY_NAMES_BEFORE = {"good", "black", "bloody", "ash", "holy", "palm", "easter", "super", "cyber",
                         "maundy", "shrove", "great", "girl", "man"}

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "eighteen": 18,
    "twenty": 20, "thirty": 30,
}
_VAGUE_COUNTS = {"a few": (2, 7), "few": (2, 7), "several": (2, 7), "some": (2, 7), "a couple of": (2, 3),
                 "a couple": (2, 3)}
_NUM = (r"(?:\d{1,3}|a\s+couple\s+of|a\s+few|few|several|some|"
        + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + ")")


def _count(words: str) -> tuple[int, int] | None:
    w = _norm(words) or ""
    if w.isdigit():
        return int(w), int(w)
    if w in _VAGUE_COUNTS:
        return _VAGUE_COUNTS[w]
    n = _NUMBER_WORDS.get(w)
    return (n, n) if n else None


def _month_number(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


_DAY = r"(?P<{0}>[0-3]?\d)(?:st|nd|rd|th)?\b(?![:.,]\d)"
_YEAR = r"(?P<{0}>(?:1[89]|20)\d\d)(?!\d)"
_RANGE_DASH = r"\s*(?:-|–|—|to|through|thru|until|till)\s*"
_PART_WORDS = (r"end|beginning|start|middle|first\s+half|second\s+half|first\s+ten\s+days|"
               r"(?:first|second|third|fourth|last)\s+(?:week|quarter)")
# "the end of", "the first half of", "early", "mid-", "late", "end-"
_PART = rf"(?:(?i:\b(?:the\s+)?(?P<part>{_PART_WORDS})\s+of\s+|\b(?P<part2>early|mid|late|end)(?:-|\s+)))"


def _p(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# written dates
_ISO = _p(r"\b(?P<y>(?:19|20)\d\d)([-/])(?P<m>[01]\d)\2(?P<d>[0-3]\d)\b")
_NUMERIC = _p(r"\b(?P<a>[0-3]?\d)([/.])(?P<b>[0-3]?\d)\2(?P<y>(?:19|20)\d\d)\b")
_MONTH_DAY = _p(
    rf"\b(?P<m1>{_MONTH_ANY})\s*{_DAY.format('d1')}"
    rf"(?:{_RANGE_DASH}(?:(?P<m2>{_MONTH_ANY})\s*)?{_DAY.format('d2')})?"
    rf"(?:,?\s+{_YEAR.format('y')})?"
)
_DAY_MONTH = _p(
    rf"\b{_DAY.format('d1')}(?:{_RANGE_DASH}{_DAY.format('d2')})?\s+(?:of\s+)?(?P<m1>{_MONTH_ANY})"
    rf"(?:,?\s+{_YEAR.format('y')})?"
)
_BETWEEN_DAYS = _p(
    rf"\b(?i:between)\s+(?:{_DAY.format('d1')}\s+and\s+{_DAY.format('d2')}\s+(?:of\s+)?(?P<m1>{_MONTH_ANY})"
    rf"|(?P<m2>{_MONTH_ANY})\s*{_DAY.format('e1')}\s+and\s+{_DAY.format('e2')})(?:,?\s+{_YEAR.format('y')})?"
)
_MONTH_YEAR = _p(rf"(?:{_PART})?\b(?P<m1>{_MONTH_ANY})(?:\s+of)?,?\s+{_YEAR.format('y')}")
_MONTH_ALONE = _p(
    rf"(?:\b(?P<rel>(?i:last|next|this|coming|past))\s+)?(?:{_PART})?\b(?P<m1>{_MONTH_BARE})(?!\s*\d)"
)
_YEAR_CUED = _p(
    r"\b(?i:in|since|during|throughout|until|till|through|by|from|before|after|of|for|between)\s+"
    r"(?:(?i:the\s+year)\s+)?" + _YEAR.format("y") + r"(?:\s*[-–/]\s*(?P<y2>\d{4}|\d{2})\b)?"
)
_YEAR_SPAN = _p(r"\b(?i:from|between)\s+" + _YEAR.format("y")
                 + r"(?:\s*[-–]\s*|\s+(?i:to|and|until|till|through)\s+)" + _YEAR.format("y2"))
_YEAR_ADJECTIVE = _p(r"\b(?i:the|its|a|his|her|their|our|my|your)\s+" + _YEAR.format("y")
                     + r"(?=\s+[a-z])|\b" + _YEAR.format("y2")
                     + r"(?='s\b|’s\b)")
_PART_YEAR = _p(rf"{_PART}{_YEAR.format('y')}|\b(?P<q>[QH][1-4])\s*(?:of\s+)?{_YEAR.format('y2')}")
_DECADE = _p(r"\b(?i:the\s+)(?:(?P<part>(?i:early|mid|late))[-\s]+)?(?P<d>(?:19|20)\d)0s\b")
_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                 "eighties": 8, "nineties": 9}
# "the nineties", "the late eighties": the twentieth century's decades
_DECADE_WORD = _p(r"(?i:\bthe\s+(?:(?P<part>early|mid|late)[-\s]+)?(?:nineteen[-\s]+)?(?P<w>"
                  + "|".join(_DECADE_WORDS) + r")\b)")
_SEASON = _p(
    r"(?i:\b(?:(?P<rel>last|this|next|past|coming)\s+|(?P<cue>in\s+(?:the\s+)?|during\s+(?:the\s+)?"
    r"|by\s+(?:the\s+)?|the\s+))?(?:(?P<part>early|mid|late)[-\s])?"
    r"(?P<season>spring|summer|autumn|fall|winter)\b(?:\s+(?:of\s+)?(?P<y>(?:19|20)\d\d)(?!\d)"
    r"(?:\s*[-–/]\s*(?P<y2>\d{4}|\d{2})\b)?)?)"
)

# relative to the reference
_WEEKDAY = _p(rf"(?:\b(?P<rel>(?i:last|next|this|coming|past|previous))\s+)?(?P<wd>{_WEEKDAY_WORD})")
_REL_DAY = _p(
    r"(?i:\b(?P<w>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday|today|tonight|"
    r"tomorrow|last\s+night|this\s+(?:morning|afternoon|evening)|earlier\s+today|later\s+today)\b)"
)
# "over the weekend": the latest weekend up to the report's day (news reports it after the fact)
_WEEKEND = _p(r"(?i:\b(?:over|at|on|during)\s+the\s+weekend\b)")
_REL_PERIOD = _p(
    r"(?i:\b(?:(?P<part2>early|earlier|mid|late|later|end)[-\s]+|(?:the\s+)?(?P<part>" + _PART_WORDS
    + r")\s+of\s+)?(?P<rel>last|this|next|coming)\s+(?P<unit>weekend|week|month|year|quarter|decade|"
    r"spring|summer|autumn|fall|winter)\b)"
)
_AGO = _p(
    rf"(?i:\b(?:(?P<n>{_NUM})\s+)?(?P<unit>hour|day|week|month|year|decade)s?\s+ago\b)"
)
_DURATION = _p(
    rf"(?i:\b(?:in|over|during|for|within|throughout)\s+the\s+(?:past|last|previous|preceding)\s+"
    rf"(?:(?P<n>{_NUM})\s+)?(?P<unit>hour|day|week|month|year|decade)s?\b)"
)
_RECENT = _p(r"(?i:\b(?:in\s+|over\s+|during\s+)?(?:the\s+)?recent\s+(?P<unit>days|weeks|months|years)\b"
             r"|\b(?P<adv>recently|lately)\b)")

# relative to the previous time
_SHIFT = _p(
    rf"(?i:\b(?:(?P<n>{_NUM})\s+)?(?P<unit>day|week|month|year|decade)s?\s+"
    r"(?P<dir>later|earlier|afterwards?|after|before|prior|previously)\b)"
)
_ANAPHOR = _p(
    r"(?i:\b(?P<w>(?:later|earlier)\s+(?:that|the\s+same)\s+(?:day|week|month|year)"
    r"|(?:that|the\s+same)\s+(?:day|night|week|month|year)"
    r"|the\s+(?:following|next|previous|preceding)\s+(?:day|week|month|year)"
    r"|the\s+(?:day|week|month|year)\s+(?:before|after|earlier))\b)"
)

_CUE_BEFORE = re.compile(
    r"(?i:\b(?:in|on|since|during|by|until|till|from|through|throughout|before|after|of|and|or|to|between"
    r"|early|mid|late|end|last|next|this)[\s-]+)$"
)
_THE_BEFORE = re.compile(r"(?i:\bthe\s+)$")
_NAME_AFTER = re.compile(r"\s+[A-Z][a-z]")
_CAPITALISED_WORD_BEFORE = re.compile(r"\b([A-Z][\w'’-]*)\s+$")
_SINCE_BEFORE = re.compile(r"(?i:\b(?:ever\s+)?since\s+(?:the\s+)?)$")
_FROM_BETWEEN_BEFORE = re.compile(r"(?i:\b(?P<w>from|between)\s+)$")
_RANGE_GAP = re.compile(r"\s*(?:-|–|—|to|through|thru|until|till|and)\s*")
_COORD_GAP = re.compile(r"\s*,?\s*(?:and|or|&)\s*")
_WEEKDAY_DATE_GAP = re.compile(r"\s*,?\s*\(?\s*")
_CLAUSE_END_AFTER = re.compile(r"\s*(?:[,.;:)!?\-–—]|$|(?i:that|this|then|and)\b)")
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)]*\s+(?=[A-Z\"“‘(])|\n")
_FUTURE_CUE = re.compile(
    r"(?i:\b(?:will|shall|would\s+be\s+held|to\s+be\s+held|scheduled|planned\s+for|plans?\s+to|intends?\s+to"
    r"|due\s+to|expected\s+to|set\s+to|upcoming|forthcoming|ahead\s+of"
    # deadlines and terms run forward: "payable Dec. 7", "effective Feb. 1", "expires Nov. 21", "to run
    # through June", "is to resume trading Tuesday"
    r"|payable|effective|takes?\s+effect|deadline|expires?|(?:is|are)\s+to"
    r"|to\s+(?:run|last|continue|remain|stay|expire|end|close|resume|begin|start|take\s+effect)"
    r"|(?:runs?|lasts?|continues?|remains?)\s+(?:until|through|till|to))\b|'ll\b)"
)
_SPEECH_VERB = re.compile(r"(?i:\b(?:said|says|told|announced|stated|added|reported|according|wrote)\b)")


def _before(text: str, pos: int, width: int = 24) -> str:
    return text[max(0, pos - width):pos]


def _clause_before(text: str, pos: int, width: int = 80) -> str:
    window = text[max(0, pos - width):pos]
    breaks = list(_SENTENCE_BREAK.finditer(window))
    return window[breaks[-1].end():] if breaks else window


def _is_future(text: str, pos: int) -> bool:
    """A future cue shortly before `pos`, with no speech verb after it ("will ..., he said Friday")."""
    clause = _clause_before(text, pos)
    cues = list(_FUTURE_CUE.finditer(clause))
    return bool(cues) and not _SPEECH_VERB.search(clause, cues[-1].end())


# past-tense verbs (and -ed participles, which in news clauses mostly are past verbs)
_PAST_VERB = re.compile(r"(?i:\b(?:was|were|had|did|came|went|began|met|held|left|took|made|said|told|sent"
                        r"|\w{3,}ed)\b)")


def _is_past(text: str, pos: int) -> bool:
    return _PAST_VERB.search(_clause_before(text, pos)) is not None


def _name_before(text: str, pos: int) -> str | None:
    """A capitalised word right before `pos` that is not a sentence opener like "In"/"On"."""
    m = _CAPITALISED_WORD_BEFORE.search(_before(text, pos))
    if m is None or _CUE_BEFORE.search(m.group(1) + " "):
        return None
    return m.group(1)


# ---------------------------------------------------------------- handlers: match -> candidate


def _const(span: Span) -> Resolver:
    return lambda ctx: span


def _h_iso(m: re.Match[str], text: str) -> _Candidate | None:
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    day = _safe_date(y, mo, d)
    if day is None:
        return None
    return _Candidate(m.start(), m.end(), DATE, _const((_fd(day), _fd(day))), mo, y, True, d)


def _h_numeric(m: re.Match[str], text: str) -> _Candidate | None:
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    options = [d for d in (_safe_date(y, b, a), _safe_date(y, a, b)) if d is not None]
    if not options:
        return None

    def resolve(ctx: _Context) -> Span:
        # day/month or month/day: where both read as dates, the one closest to and not after the reference
        past = [d for d in options if d <= ctx.reference]
        best = max(past) if past else min(options)
        return _fd(best), _fd(best)

    return _Candidate(m.start(), m.end(), DATE, resolve, None, y, True)


def _is_may_name(m: re.Match[str], group: str, text: str) -> bool:
    """ "Theresa May 2019" or "May 5" after a name: May is a surname there, not a month."""
    word = m[group]
    return word.lower() == "may" and _name_before(text, m.start(group)) is not None


def _h_day_range(m: re.Match[str], text: str) -> _Candidate | None:
    groups = m.groupdict()
    m1 = groups.get("m1") or groups.get("m2")
    d1 = groups.get("d1") or groups.get("e1")
    d2 = groups.get("d2") or groups.get("e2")
    m2 = groups.get("m2") if groups.get("m1") and groups.get("d2") and groups.get("m2") else None
    if m1 is None or d1 is None or _is_may_name(m, "m1" if groups.get("m1") else "m2", text):
        return None
    month1 = _month_number(m1)
    month2 = _month_number(m2) if m2 else month1
    day1, day2 = int(d1), int(d2) if d2 else int(d1)
    if not (1 <= day1 <= 31 and 1 <= day2 <= 31) or (month2 == month1 and day2 < day1):
        return None
    year = int(groups["y"]) if groups.get("y") else None

    def resolve(ctx: _Context) -> Span | None:
        if year is not None:
            y2 = year
            y1 = year if month1 <= month2 else year - 1
        else:
            y1 = _pick_year(month1, day1, day1, ctx)
            y2 = y1 if month2 >= month1 else y1 + 1
        lo, hi = _safe_date(y1, month1, day1), _safe_date(y2, month2, day2)
        if lo is None or hi is None:
            return None
        return _fd(lo), _fd(hi)

    single = d2 is None
    return _Candidate(m.start(), m.end(), DATE if single else RANGE, resolve, month1, year, True,
                      day1 if single else None)


def _h_month_year(m: re.Match[str], text: str) -> _Candidate | None:
    if _is_may_name(m, "m1", text):
        return None
    month, year = _month_number(m["m1"]), int(m["y"])
    part = _norm(m["part"] or m["part2"])
    span = _month_span(year, month, part)
    return _Candidate(m.start(), m.end(), DATE, _const(span), month, year, True) if span else None


def _h_month_alone(m: re.Match[str], text: str) -> _Candidate | None:
    rel, part = _norm(m["rel"]), _norm(m["part"] or m["part2"])
    word = m["m1"]
    month = _month_number(word)
    if rel is None and part is None and not _CUE_BEFORE.search(_before(text, m.start())):
        if word.lower().rstrip(".") in _AMBIGUOUS_MONTHS:
            return None
        if _THE_BEFORE.search(_before(text, m.start())) or _NAME_AFTER.match(text, m.end()):
            return None  # "the October Revolution", "September Group"
        if word.lower() == "may" and _name_before(text, m.start()) is not None:
            return None

    def resolve(ctx: _Context) -> Span | None:
        ref = ctx.reference
        if rel in ("last", "past"):
            year = ref.year if month < ref.month else ref.year - 1
        elif rel in ("next", "coming"):
            year = ref.year if month > ref.month else ref.year + 1
        elif rel == "this":
            year = ref.year
        else:
            year = _pick_year(month, 1, 31, ctx)
        return _month_span(year, month, part)

    kind = RELATIVE if rel else DATE
    return _Candidate(m.start(), m.end(), kind, resolve, month, None, rel is None)


def _two_digit_year(first: int, second: str) -> int | None:
    y2 = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
    return y2 if first < y2 <= first + 10 else None


def _h_year_cued(m: re.Match[str], text: str) -> _Candidate | None:
    y = int(m["y"])
    y2 = _two_digit_year(y, m["y2"]) if m["y2"] else None
    if m["y2"] and y2 is None:
        return None  # "2022-5" is not a span of years
    span = (_fy(y), _fy(y2 or y))
    parts = _year_parts(m, y, y2) if y2 else ()
    return _Candidate(m.start("y"), m.end(), RANGE if y2 else DATE, _const(span), None, y2 or y, True,
                      parts=parts)


def _year_parts(m: re.Match[str], y: int, y2: int) -> tuple[_Candidate, ...]:
    """ "2009-2010", "from 1990 to 1995": TimeML marks each year as a date of its own."""
    return (_Candidate(m.start("y"), m.end("y"), DATE, _const((_fy(y), _fy(y))), None, y, True),
            _Candidate(m.start("y2"), m.end("y2"), DATE, _const((_fy(y2), _fy(y2))), None, y2, True))


def _h_year_span(m: re.Match[str], text: str) -> _Candidate | None:
    y, y2 = int(m["y"]), int(m["y2"])
    if not y < y2 <= y + 200:
        return None
    return _Candidate(m.start(), m.end(), RANGE, _const((_fy(y), _fy(y2))), None, y2, True,
                      parts=_year_parts(m, y, y2))


def _h_year_adjective(m: re.Match[str], text: str) -> _Candidate | None:
    group = "y" if m["y"] else "y2"
    y = int(m[group])
    return _Candidate(m.start(group), m.end(group), DATE, _const((_fy(y), _fy(y))), None, y, True)


def _h_part_year(m: re.Match[str], text: str) -> _Candidate | None:
    if m["q"]:
        y, part = int(m["y2"]), m["q"].lower()
    else:
        y, part = int(m["y"]), _norm(m["part"] or m["part2"])
    span = _year_span(y, part)
    grain = "quarter" if part and ("quarter" in part or part[0] == "q") else "half" if part and (
        "half" in part or part[0] == "h") else "year"
    return _Candidate(m.start(), m.end(), DATE, _const(span), None, y, True, grain=grain) if span else None


def _h_decade(m: re.Match[str], text: str) -> _Candidate | None:
    first = int(m["d"]) * 10
    lo, hi = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}.get(_norm(m["part"]) or "", (0, 9))
    return _Candidate(m.start(), m.end(), DATE, _const((_fy(first + lo), _fy(first + hi))), None, first, True,
                      grain="decade")


def _h_decade_word(m: re.Match[str], text: str) -> _Candidate | None:
    first = 1900 + 10 * _DECADE_WORDS[m["w"].lower()]
    lo, hi = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}.get(_norm(m["part"]) or "", (0, 9))
    return _Candidate(m.start(), m.end(), DATE, _const((_fy(first + lo), _fy(first + hi))), None, first, True,
                      grain="decade")


def _h_season(m: re.Match[str], text: str) -> _Candidate | None:
    season, rel, cue = m["season"].lower(), _norm(m["rel"]), _norm(m["cue"])
    part = _norm(m["part"])
    if m["y"] is None and rel is None and cue is None:
        return None  # "spring up", "the Arab Spring"
    if season == "fall" and (m["y"] is None and rel is None and (cue is None or cue == "the")):
        return None  # "the fall of Kabul", "prices fall"
    if season == "fall" and re.match(r"\s+of\b", text[m.end():]) and m["y"] is None:
        return None
    if m["season"][0].isupper() and rel is None and m["y"] is None and _name_before(text, m.start("season")):
        return None  # "Prague Spring"
    start = m.start("part" if part else "season") if cue else m.start()
    if m["y"]:
        y = int(m["y"])
        if m["y2"] and _two_digit_year(y, m["y2"]) is None:
            return None
        return _Candidate(start, m.end(), DATE, _const(_season_span(season, y, part)), None, y, True,
                          grain="season")

    def resolve(ctx: _Context) -> Span:
        return _season_span(season, _season_year(season, rel, ctx.reference, ctx.future), part)

    return _Candidate(start, m.end(), RELATIVE, resolve, grain="season")


def _h_weekday(m: re.Match[str], text: str) -> _Candidate | None:
    rel = _norm(m["rel"])
    weekday = _WEEKDAY_INDEX[m["wd"][:3].lower()]
    name = _name_before(text, m.start("wd")) if rel is None else None
    if name and name.lower() in _WEEKDAY_NAMES_BEFORE:
        return None

    def resolve(ctx: _Context) -> Span:
        if rel in ("last", "past", "previous"):
            mode = "before"
        elif rel in ("next", "coming"):
            mode = "after"
        else:  # "on Thursday", "said Thursday", "this Thursday": back unless a future cue says otherwise
            mode = "on_or_after" if ctx.future else "on_or_before"
        d = _weekday_date(weekday, ctx.reference, mode)
        return _fd(d), _fd(d)

    return _Candidate(m.start(), m.end(), RELATIVE, resolve, weekday=weekday)


_REL_DAY_OFFSETS = {"the day before yesterday": -2, "the day after tomorrow": 2, "yesterday": -1,
                    "tomorrow": 1, "last night": -1}


def _h_rel_day(m: re.Match[str], text: str) -> _Candidate | None:
    offset = _REL_DAY_OFFSETS.get(_norm(m["w"]) or "", 0)

    def resolve(ctx: _Context) -> Span:
        d = ctx.reference + timedelta(days=offset)
        return _fd(d), _fd(d)

    return _Candidate(m.start(), m.end(), RELATIVE, resolve)


def _h_weekend(m: re.Match[str], text: str) -> _Candidate | None:
    def resolve(ctx: _Context) -> Span:
        ref = ctx.reference
        if ref.weekday() >= 5:  # a Saturday or Sunday report: this weekend, up to the day
            saturday = _week_start(ref) + timedelta(days=5)
            return _fd(saturday), _fd(ref)
        saturday = _week_start(ref) - timedelta(days=2)
        return _fd(saturday), _fd(saturday + timedelta(days=1))

    return _Candidate(m.start(), m.end(), RELATIVE, resolve, grain="weekend")


def _rel_period_span(unit: str, rel: str, part: str | None, ref: date) -> Span | None:
    """ "last month", "earlier this week", "late last year", "the first half of next year"."""
    so_far = rel == "this" and part in (None, "earlier")  # the period up to the reference day
    rest = rel == "this" and part == "later"
    if part in ("earlier", "later"):
        part = None if rel == "this" else {"earlier": "early", "later": "late"}[part]
    step = {"last": -1, "this": 0, "next": 1, "coming": 1}[rel]
    if unit == "week":
        monday = _week_start(ref) + timedelta(days=7 * step)
        if so_far:
            return _fd(monday), _fd(ref)
        if rest:
            return _fd(ref), _fd(monday + timedelta(days=6))
        return _week_span(monday, part)
    if unit == "weekend":
        saturday = _week_start(ref) + timedelta(days=-2 if step < 0 else 7 * step + 5)
        return _fd(saturday), _fd(saturday + timedelta(days=1))
    if unit == "month":
        y, mo = _add_months(ref.year, ref.month, step)
        if so_far:
            return _fd(ref.replace(day=1)), _fd(ref)
        if rest:
            return _fd(ref), _fd(ref.replace(day=_last_day(y, mo)))
        return _month_span(y, mo, part)
    if unit == "year":
        y = ref.year + step
        if so_far:
            return _fd(date(y, 1, 1)), _fd(ref)
        if rest:
            return _fd(ref), _fd(date(y, 12, 31))
        return _year_span(y, part)
    if unit == "quarter":
        y, first = _add_months(ref.year, (ref.month - 1) // 3 * 3 + 1, 3 * step)
        if so_far:
            return _fd(date(y, first, 1)), _fd(ref)
        return _fm(y, first), _fm(*_add_months(y, first, 2))
    if unit == "decade":
        return _fy(ref.year - 10 if step < 0 else ref.year), _fy(ref.year if step <= 0 else ref.year + 10)
    return None


def _h_rel_period(m: re.Match[str], text: str) -> _Candidate | None:
    unit, rel = m["unit"].lower(), _norm(m["rel"])
    part = _norm(m["part"] or m["part2"])
    if unit in _SEASONS:
        season = unit

        def resolve_season(ctx: _Context) -> Span:
            p = {"earlier": "early", "later": "late", "end": "late"}.get(part or "", part)
            return _season_span(season, _season_year(season, rel, ctx.reference, ctx.future), p)

        return _Candidate(m.start(), m.end(), RELATIVE, resolve_season, grain="season")
    grain = unit
    if unit == "year" and part:
        grain = "quarter" if "quarter" in part else "half" if "half" in part else "year"
    elif unit == "decade":  # "the last decade": a stretch of ten years back, a duration in TimeML
        return _Candidate(m.start(), m.end(), RELATIVE,
                          lambda ctx: _rel_period_span(unit, rel or "this", part, ctx.reference),
                          value="P1DE", timex_type="DURATION")
    return _Candidate(m.start(), m.end(), RELATIVE,
                      lambda ctx: _rel_period_span(unit, rel or "this", part, ctx.reference), grain=grain)


def _window_back(unit: str, lo_n: int, hi_n: int, ref: date, exact: bool) -> Span:
    """Units counted back from the reference: "two weeks ago", "a few days ago"."""
    if unit == "hour":
        return _fd(ref - timedelta(days=-(-hi_n // 24))), _fd(ref)
    if unit == "day":
        return _fd(ref - timedelta(days=hi_n)), _fd(ref - timedelta(days=lo_n))
    if unit == "week":
        slack = 3 if exact else 0
        return _fd(ref - timedelta(days=7 * hi_n + slack)), _fd(ref - timedelta(days=7 * lo_n - slack))
    if unit == "month":
        return _fm(*_add_months(ref.year, ref.month, -hi_n)), _fm(*_add_months(ref.year, ref.month, -lo_n))
    scale = 10 if unit == "decade" else 1
    return _fy(ref.year - hi_n * scale), _fy(ref.year - lo_n * scale)


def _h_ago(m: re.Match[str], text: str) -> _Candidate | None:
    unit = m["unit"].lower()
    counted = _count(m["n"]) if m["n"] else None
    if m["n"] and counted is None:
        return None
    if counted is None:  # "days ago", "weeks ago"
        counted = (2, 9) if unit == "day" else (1, 3)
    lo_n, hi_n = counted
    exact = lo_n == hi_n
    kind = RELATIVE if exact else VAGUE

    def resolve(ctx: _Context) -> Span:
        return _window_back(unit, lo_n, hi_n, ctx.reference, exact)

    grain = "day" if unit == "hour" else unit
    return _Candidate(m.start(), m.end(), kind, resolve, grain=grain if exact else None,
                      value=None if exact else "PAST_REF")


def _h_duration(m: re.Match[str], text: str) -> _Candidate | None:
    unit = m["unit"].lower()
    counted = _count(m["n"]) if m["n"] else (1, 1)
    if counted is None:
        return None
    n = counted[1]

    def resolve(ctx: _Context) -> Span:
        ref = ctx.reference
        if unit == "hour":
            first = ref - timedelta(days=-(-n // 24))
        elif unit in ("day", "week"):
            first = ref - timedelta(days=n * (7 if unit == "week" else 1))
        else:
            first = _shift_date_months(ref, -n * {"month": 1, "year": 12, "decade": 120}[unit])
        return _fd(first), _fd(ref)

    # TimeML: "the past two years" is a duration (P2Y) anchored at the document's time
    n_text = str(n) if m["n"] is None or counted[0] == counted[1] else "X"
    code = _UNIT_CODES[unit]
    value = f"PT{n_text}{code[1:]}" if code.startswith("T") else f"P{n_text}{code}"
    return _Candidate(m.start(), m.end(), DURATION_ANCHOR, resolve, value=value, timex_type="DURATION")


_RECENT_DAYS = {"days": 10, "weeks": 42}  # windows documented in the module docstring
_RECENT_MONTHS = {"months": 6, "years": 60}


def _h_recent(m: re.Match[str], text: str) -> _Candidate | None:
    unit = (m["unit"] or "").lower()

    def resolve(ctx: _Context) -> Span:
        ref = ctx.reference
        if unit in _RECENT_MONTHS:
            return _fd(_shift_date_months(ref, -_RECENT_MONTHS[unit])), _fd(ref)
        return _fd(ref - timedelta(days=_RECENT_DAYS.get(unit, 60))), _fd(ref)

    return _Candidate(m.start(), m.end(), VAGUE, resolve, value="PAST_REF")


def _shift_span(prev: TimeExpression, unit: str, lo_n: int, hi_n: int, sign: int) -> Span | None:
    """The previous time moved by a count of units ("three days later", "a month earlier")."""
    lo, hi = interval_bounds(prev.start, prev.end)
    a, b = (lo_n, hi_n) if sign > 0 else (-hi_n, -lo_n)
    precision = len(prev.start)
    if unit in ("day", "week"):
        k = 7 if unit == "week" else 1
        return _fd(lo + timedelta(days=a * k)), _fd(hi + timedelta(days=b * k))
    months = {"month": 1, "year": 12, "decade": 120}[unit]
    if precision == 10:
        return _fd(_shift_date_months(lo, a * months)), _fd(_shift_date_months(hi, b * months))
    if precision == 4 and months % 12 == 0:
        return _fy(lo.year + a * months // 12), _fy(hi.year + b * months // 12)
    return _fm(*_add_months(lo.year, lo.month, a * months)), _fm(*_add_months(hi.year, hi.month, b * months))


def _h_shift(m: re.Match[str], text: str) -> _Candidate | None:
    direction = m["dir"].lower()
    if direction in ("after", "before", "prior") and not _CLAUSE_END_AFTER.match(text, m.end()):
        return None  # "two days after the summit": relative to an event, not to a time
    unit = m["unit"].lower()
    if m["n"] is None and not m[0].lower().startswith(unit + "s"):
        return None  # "day later" without a count
    counted = _count(m["n"]) if m["n"] else (2, 9) if unit == "day" else (1, 3)  # "days later", "weeks later"
    if counted is None:
        return None
    sign = -1 if direction in ("earlier", "before", "prior", "previously") else 1

    def resolve(ctx: _Context) -> Span | None:
        if ctx.previous is None:
            return None
        return _shift_span(ctx.previous, unit, counted[0], counted[1], sign)

    grain = unit if counted[0] == counted[1] else None
    return _Candidate(m.start(), m.end(), ANAPHORIC, resolve, grain=grain)


def _anaphor_span(words: str, prev: TimeExpression) -> Span | None:
    """ "the day before", "later the same month", "that year", "the following week" after `prev`."""
    lo, hi = interval_bounds(prev.start, prev.end)
    precision = len(prev.start)
    unit = next(u for u in ("day", "night", "week", "month", "year") if u in words.split())
    unit = "day" if unit == "night" else unit
    step = 0
    if any(w in words for w in ("following", "next", "after")):
        step = 1
    elif any(w in words for w in ("previous", "preceding", "before")) or words.endswith("earlier"):
        step = -1
    later, earlier = words.startswith("later"), words.startswith("earlier")
    if unit == "day":
        if precision != 10:
            return None
        if step:
            d = hi + timedelta(days=1) if step > 0 else lo - timedelta(days=1)
            return _fd(d), _fd(d)
        return prev.start, prev.end
    if unit == "week":
        if precision != 10:
            return None
        monday = _week_start(hi if step > 0 else lo) + timedelta(days=7 * step)
        return _fd(monday), _fd(monday + timedelta(days=6))
    if unit == "month":
        if precision == 4:
            return None
        y, mo = _add_months(lo.year, lo.month, step) if step <= 0 else _add_months(hi.year, hi.month, step)
        if later and precision == 10 and hi.day < _last_day(hi.year, hi.month):
            return _fd(hi + timedelta(days=1)), _fd(hi.replace(day=_last_day(hi.year, hi.month)))
        if earlier and precision == 10 and lo.day > 1:
            return _fd(lo.replace(day=1)), _fd(lo - timedelta(days=1))
        return _fm(y, mo), _fm(y, mo)
    y = (hi.year + 1) if step > 0 else (lo.year - 1) if step < 0 else lo.year
    if later and precision > 4 and hi.month < 12:
        return _fm(*_add_months(hi.year, hi.month, 1)), _fm(hi.year, 12)
    if earlier and precision > 4 and lo.month > 1:
        return _fm(lo.year, 1), _fm(*_add_months(lo.year, lo.month, -1))
    return _fy(y), _fy(y)


def _h_anaphor(m: re.Match[str], text: str) -> _Candidate | None:
    words = _norm(m["w"]) or ""
    if words.split()[-1] in ("before", "after") and not _CLAUSE_END_AFTER.match(text, m.end()):
        return None  # "the day before the summit"

    def resolve(ctx: _Context) -> Span | None:
        return _anaphor_span(words, ctx.previous) if ctx.previous else None

    return _Candidate(m.start(), m.end(), ANAPHORIC, resolve)


Handler = Callable[[re.Match[str], str], _Candidate | None]


_CENTURY_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                     "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
                     "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
                     "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "twenty first": 21}
_CENTURY = _p(r"(?i:\bthe\s+(?:(?P<part>early|mid|late)[-\s]+)?(?:(?P<n>1\d|2[01])(?:st|nd|rd|th)|(?P<w>"
              + "|".join(sorted(_CENTURY_ORDINALS, key=len, reverse=True)) + r"))[-\s]+century\b)")


def _h_century(m: re.Match[str], text: str) -> _Candidate | None:
    n = int(m["n"]) if m["n"] else _CENTURY_ORDINALS[_norm(m["w"]) or ""]
    first = (n - 1) * 100  # the 20th century is 1900-1999 in TimeML ("19"), not 1901-2000
    lo, hi = {"early": (0, 32), "mid": (33, 66), "late": (67, 99)}.get(_norm(m["part"]) or "", (0, 99))
    return _Candidate(m.start(), m.end(), DATE, _const((_fy(first + lo), _fy(first + hi))), None, first + lo,
                      True, grain="century")


# "the third quarter", "third-quarter", "the fiscal first quarter" without a year: the latest such quarter
# begun by the reference (reports look back), the next one after a future cue
_QUARTER_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_QUARTER_ALONE = _p(r"(?i:\b(?:the\s+)?(?:fiscal[-\s]+)?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)"
                    r"[-\s]+quarter\b)(?![-\s]+(?i:of\s+)?(?:\d|(?i:last|next|this)\b))")


def _h_quarter_alone(m: re.Match[str], text: str) -> _Candidate | None:
    q = _QUARTER_ORD[m["q"].lower()]

    def resolve(ctx: _Context) -> Span:
        ref, y = ctx.reference, ctx.year_hint or ctx.reference.year
        if ctx.year_hint is None:
            begun = date(y, 3 * q - 2, 1) <= ref
            if ctx.future and (begun and _add_months(y, 3 * q, 1) <= (ref.year, ref.month)):
                y += 1
            elif not ctx.future and not begun:
                y -= 1
        return _fm(y, 3 * q - 2), _fm(y, 3 * q)

    return _Candidate(m.start(), m.end(), DATE, resolve, 3 * q - 2, None, True, grain="quarter")


# "this fiscal year", "the current fiscal year", "fiscal 1989": TimeBank gives a fiscal year the value
# of the calendar year it is named by (its gold has no "FY" values)
_FISCAL = _p(r"(?i:\b(?:(?P<rel>this|the\s+current|last|the\s+latest|the\s+previous|next|the\s+coming)\s+)?"
             r"fiscal(?:\s+year)?(?:\s+(?P<y>(?:19|20)\d\d)(?!\d))?)")


def _h_fiscal(m: re.Match[str], text: str) -> _Candidate | None:
    rel = _norm(m["rel"])
    if m["y"]:
        y = int(m["y"])
        return _Candidate(m.start(), m.end(), DATE, _const((_fy(y), _fy(y))), None, y, True, grain="year")
    if rel is None or "year" not in m[0].lower():
        return None  # "fiscal policy"
    step = -1 if rel.split()[-1] in ("last", "latest", "previous") else 1 if rel.split()[-1] in (
        "next", "coming") else 0
    return _Candidate(m.start(), m.end(), RELATIVE,
                      lambda ctx: (_fy(ctx.reference.year + step),) * 2, grain="year")


# "by the end of (the) year", "at the start of the month": the period the reference falls in
_PART_OF_CURRENT = _p(r"(?i:\b(?:the\s+)?(?P<part>end|beginning|start|middle|first\s+half|second\s+half)\s+of"
                      r"\s+(?:the\s+)?(?P<unit>year|month)\b)(?!\s*(?:['’]s|of|\d|before|after|earlier|later))")


def _h_part_of_current(m: re.Match[str], text: str) -> _Candidate | None:
    unit, part = m["unit"].lower(), _norm(m["part"])

    def resolve(ctx: _Context) -> Span | None:
        ref = ctx.reference
        return _year_span(ref.year, part) if unit == "year" else _month_span(ref.year, ref.month, part)

    return _Candidate(m.start(), m.end(), RELATIVE, resolve, grain=unit)


# ---- only with timeml=True: what TimeML marks that names no stretch of the calendar

_PRESENT = _p(r"(?i:\b(?:right\s+now|now|currently|at\s+present|presently|nowadays|these\s+days|"
              r"at\s+the\s+moment|at\s+this\s+time|current(?!\s+account))\b)(?!\s*(?:that|,?\s*then)\b)")
_PAST_FUTURE = _p(r"(?i:\b(?P<soon>soon)\b|\b(?P<recent>recent)\b(?!\s+(?:days|weeks|months|years)\b)"
                  r"|\b(?:in\s+)?the\s+(?:(?:near|distant|foreseeable)\s+)?(?P<term>near|short)\s+term\b"
                  r"|\b(?:in\s+)?the\s+(?:(?:near|distant|foreseeable|recent)\s+)?(?P<w>past|future)\b(?!\s+(?:\d|few|several|two|three|four|five|six|"
                  r"seven|eight|nine|ten|year|month|week|day|decade)))")
_UNIT_CODES = {"second": "TS", "minute": "TM", "hour": "TH", "day": "D", "night": "D", "week": "W",
               "month": "M", "year": "Y", "decade": "DE", "century": "CE", "quarter": "Q"}
_DURATION_NUM = (r"(?:\d{1,3}(?:\.\d)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                 r"fifteen|twenty|thirty|forty|fifty|sixty|hundred|a\s+few|several|some|many)")
_DURATION_PLAIN = _p(
    rf"(?i:\b(?P<n>{_DURATION_NUM})(?:[-\s]+(?:and[-\s]+a[-\s]+half[-\s]+)?)"
    r"(?P<unit>second|minute|hour|day|night|week|month|year|decade|century|quarter)s?\b"
    r"(?:[-\s]+(?:old|long)\b)?)"
)
# "the year", "the full year", "the quarter", "the latest quarter": in news the period the report is
# about, which TimeML resolves to the reference's year and to the last quarter ended before the report
_THE_PERIOD = _p(r"(?i:\bthe\s+(?:full\s+|fiscal\s+|latest\s+|current\s+|most\s+recent\s+)?"
                 r"(?P<unit>year|quarter)\b)(?!\s*(?:['’]s|-|before|after|earlier|later|ago|of|\d|(?:19|20)\d\d))")


def _h_the_period(m: re.Match[str], text: str) -> _Candidate | None:
    if m["unit"].lower() == "year":
        return _Candidate(m.start(), m.end(), RELATIVE, lambda ctx: (_fy(ctx.reference.year),) * 2,
                          grain="year")

    def resolve(ctx: _Context) -> Span:
        y, first = _add_months(ctx.reference.year, (ctx.reference.month - 1) // 3 * 3 + 1, -3)
        return _fm(y, first), _fm(*_add_months(y, first, 2))

    return _Candidate(m.start(), m.end(), RELATIVE, resolve, grain="quarter")


_TIMEX_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                  "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
                  "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "hundred": 100}


def _h_present(m: re.Match[str], text: str) -> _Candidate | None:
    return _Candidate(m.start(), m.end(), REFERENCE, lambda ctx: (_fd(ctx.reference), _fd(ctx.reference)),
                      value="PRESENT_REF")


def _h_past_future(m: re.Match[str], text: str) -> _Candidate | None:
    value = "PAST_REF" if m["recent"] or (m["w"] or "").lower() == "past" else "FUTURE_REF"
    return _Candidate(m.start(), m.end(), REFERENCE, lambda ctx: ("", ""), value=value)


def _h_duration_plain(m: re.Match[str], text: str) -> _Candidate | None:
    n_word, unit = _norm(m["n"]) or "", m["unit"].lower()
    if unit == "quarter" and n_word in ("a", "an", "one"):
        return None  # "a quarter of the shells": a fraction
    if m[0].lower().endswith("old"):
        return None  # an age
    n = "X" if not re.fullmatch(r"[\d.]+", n_word) and n_word not in _TIMEX_NUMBERS else (
        n_word if n_word[0].isdigit() else str(_TIMEX_NUMBERS[n_word]))
    if "half" in m[0].lower() and n != "X":
        n = str(float(n) + 0.5).rstrip("0").rstrip(".")
    code = _UNIT_CODES[unit]
    value = f"PT{n}{code[1:]}" if code.startswith("T") else f"P{n}{code}"
    if code in ("DE", "CE"):
        value = f"P{n}{code}"
    return _Candidate(m.start(), m.end(), DURATION, lambda ctx: ("", ""), value=value, timex_type="DURATION")


# Gates: a pattern runs only where the lowercased text holds one word of each group. Substring tests
# cost nanoseconds, while a pattern that opens with optional words tries them at every position; most
# sentences name no time, so gating makes the finder about ten times faster.
Gate = tuple[tuple[str, ...], ...]
_G_DIGIT = tuple("0123456789")
_G_YEAR = ("19", "20")
_G_MONTH = tuple(_ABBR_MONTHS[:-1]) + ("dec", "may")
_G_UNIT = ("day", "night", "week", "month", "year", "decade", "hour")
_G_SEASON = ("spring", "summer", "autumn", "fall", "winter")
_PATTERNS: tuple[tuple[re.Pattern[str], Handler, Gate], ...] = (
    (_ISO, _h_iso, (_G_YEAR,)),
    (_NUMERIC, _h_numeric, (_G_YEAR,)),
    (_MONTH_DAY, _h_day_range, (_G_MONTH, _G_DIGIT)),
    (_DAY_MONTH, _h_day_range, (_G_MONTH, _G_DIGIT)),
    (_BETWEEN_DAYS, _h_day_range, (_G_MONTH, ("between",))),
    (_MONTH_YEAR, _h_month_year, (_G_MONTH, _G_YEAR)),
    (_MONTH_ALONE, _h_month_alone, (_G_MONTH,)),
    (_YEAR_CUED, _h_year_cued, (_G_YEAR,)),
    (_YEAR_SPAN, _h_year_span, (_G_YEAR, ("from", "between"))),
    (_YEAR_ADJECTIVE, _h_year_adjective, (_G_YEAR,)),
    (_PART_YEAR, _h_part_year, (_G_YEAR,)),
    (_DECADE, _h_decade, (("0s",),)),
    (_SEASON, _h_season, (_G_SEASON,)),
    (_WEEKDAY, _h_weekday, (("day", "tue", "wed", "thu", "fri"),)),
    (_REL_DAY, _h_rel_day, (("yesterday", "today", "tonight", "tomorrow", "night", "morning", "afternoon",
                             "evening"),)),
    (_REL_PERIOD, _h_rel_period, (("last", "this", "next", "coming"), _G_UNIT + _G_SEASON + ("quarter",))),
    (_WEEKEND, _h_weekend, (("weekend",),)),
    (_AGO, _h_ago, (("ago",),)),
    (_DURATION, _h_duration, (("past", "last", "previous", "preceding"), _G_UNIT)),
    (_RECENT, _h_recent, (("recent", "lately"),)),
    (_SHIFT, _h_shift, (("later", "earlier", "after", "before", "prior", "previously"), _G_UNIT)),
    (_ANAPHOR, _h_anaphor, (_G_UNIT, ("that", "same", "following", "next", "previous", "preceding", "before",
                                      "after"))),
)
_PATTERNS += (
    (_CENTURY, _h_century, (("century",),)),
    (_DECADE_WORD, _h_decade_word, (("ties",),)),
    (_QUARTER_ALONE, _h_quarter_alone, (("quarter",),)),
    (_FISCAL, _h_fiscal, (("fiscal",),)),
    (_PART_OF_CURRENT, _h_part_of_current, (("year", "month"), (" of ",))),
)
_TIMEML_ONLY: tuple[tuple[re.Pattern[str], Handler, Gate], ...] = (
    (_PRESENT, _h_present, (("now", "current", "present", "these days", "moment", "this time"),)),
    (_PAST_FUTURE, _h_past_future, (("past", "future", "soon", "recent", " term"),)),
    (_THE_PERIOD, _h_the_period, (("the ",), ("year", "quarter"))),
    (_DURATION_PLAIN, _h_duration_plain, (_G_UNIT + ("second", "minute", "century", "quarter"),)),
)


PatternTable = tuple[tuple[re.Pattern[str], Handler, tuple[frozenset[str], ...]], ...]


def _gated(patterns: tuple[tuple[re.Pattern[str], Handler, Gate], ...]) -> PatternTable:
    return tuple((pattern, handler, tuple(frozenset(g) for g in gate)) for pattern, handler, gate in patterns)


_PATTERNS_EVENTS: PatternTable = _gated(_PATTERNS)
_PATTERNS_TIMEML: PatternTable = _gated(_PATTERNS + _TIMEML_ONLY)


def _lineinterval_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line of the text."""
    bounds, start = [], 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip():
            bounds.append((start, end))
        start = end + 1
    return bounds


_TABLES: dict[bool, tuple[PatternTable, tuple[str, ...]]] = {
    timeml: (table, tuple(sorted({w for _, _, gate in table for g in gate for w in g})))
    for timeml, table in ((False, _PATTERNS_EVENTS), (True, _PATTERNS_TIMEML))
}


def _open_patterns(lowered: str, timeml: bool) -> list[tuple[re.Pattern[str], Handler]]:
    patterns, words = _TABLES[timeml]
    present = {w for w in words if w in lowered}
    if not present:
        return []
    return [(pattern, handler) for pattern, handler, gate in patterns
            if all(not g.isdisjoint(present) for g in gate)]


# ---------------------------------------------------------------- assembling candidates


def _non_overlapping(cands: list[_Candidate]) -> list[_Candidate]:
    """Longest first, then earliest; a candidate overlapping a chosen one is dropped."""
    chosen: list[_Candidate] = []
    for c in sorted(cands, key=lambda c: (c.start - c.end, c.start)):
        if all(c.end <= o.start or o.end <= c.start for o in chosen):
            chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


def _with_weekday(day: _Candidate, weekday: int, start: int, end: int) -> _Candidate:
    """ "Thursday, Oct. 26": the written date, its year picked so the weekday fits."""
    inner, month, dnum = day.resolve, day.month, day.day

    def resolve(ctx: _Context) -> Span | None:
        if day.year is None and ctx.year_hint is None and month and dnum:
            y = _weekday_year(month, dnum, weekday, ctx.reference)
            if y is not None:
                return inner(_Context(ctx.reference, ctx.previous, y, ctx.future))
        return inner(ctx)

    return _Candidate(start, end, DATE, resolve, month, day.year, True, dnum)


def _joined_range(a: _Candidate, b: _Candidate, start: int) -> _Candidate:
    """ "from Sept. 7 to Oct. 1", "between 2020 and 2022": start of the first to end of the second."""

    def resolve(ctx: _Context) -> Span | None:
        hint_b = ctx.year_hint
        if b.year is None and a.year is not None:
            hint_b = a.year if (a.month or 1) <= (b.month or 12) else a.year + 1
        span_b = b.resolve(_Context(ctx.reference, ctx.previous, hint_b, ctx.future))
        if span_b is None:
            return None
        year_b = int(span_b[1][:4])
        hint_a = None
        if a.year is None:
            hint_a = year_b if (a.month or 1) <= (b.month or 12) else year_b - 1
        span_a = a.resolve(_Context(ctx.reference, ctx.previous, hint_a, ctx.future))
        if span_a is None or interval_bounds(*span_a)[0] > interval_bounds(*span_b)[1]:
            return None
        return span_a[0], span_b[1]

    return _Candidate(start, b.end, RANGE, resolve, a.month, b.year or a.year, False, parts=(a, b))


def _merge_neighbours(text: str, cands: list[_Candidate]) -> list[_Candidate]:
    out: list[_Candidate] = []
    i = 0
    while i < len(cands):
        a = cands[i]
        b = cands[i + 1] if i + 1 < len(cands) else None
        gap = text[a.end:b.start] if b else ""
        if b is not None and a.weekday is not None and b.day is not None and _WEEKDAY_DATE_GAP.fullmatch(gap):
            end = b.end + 1 if text[b.end:b.end + 1] == ")" and "(" in gap else b.end
            out.append(_with_weekday(b, a.weekday, a.start, end))
            i += 2
            continue
        if b is not None and a.day is not None and b.weekday is not None and _WEEKDAY_DATE_GAP.fullmatch(gap):
            end = b.end + 1 if text[b.end:b.end + 1] == ")" and "(" in gap else b.end
            out.append(_with_weekday(a, b.weekday, a.start, end))
            i += 2
            continue
        if b is not None and a.absolute and b.absolute and _RANGE_GAP.fullmatch(gap):
            lead = _FROM_BETWEEN_BEFORE.search(_before(text, a.start, 10))
            is_and = gap.strip() == "and"
            if not is_and or (lead and lead["w"].lower() == "between"):
                out.append(_joined_range(a, b, lead.start() + max(0, a.start - 10) if lead else a.start))
                i += 2
                continue
        if (b is not None and a.absolute and a.year is None and a.month and b.year is not None
                and _COORD_GAP.fullmatch(gap)):
            a.coord_year = b.year if a.month <= (b.month or 12) else b.year - 1
        out.append(a)
        i += 1
    return out


def _since(c: _Candidate, start: int) -> _Candidate:
    def resolve(ctx: _Context) -> Span | None:
        span = c.resolve(ctx)
        if span is None or interval_bounds(*span)[0] > ctx.reference:
            return None
        return span[0], _fd(ctx.reference)

    return _Candidate(start, c.end, DURATION_ANCHOR, resolve, inner=c)


def _wrap_since(text: str, cands: list[_Candidate]) -> list[_Candidate]:
    out = []
    for c in cands:
        widen = c.kind not in (DURATION_ANCHOR, VAGUE, DURATION, REFERENCE)
        m = _SINCE_BEFORE.search(_before(text, c.start, 16)) if widen else None
        out.append(_since(c, max(0, c.start - 16) + m.start()) if m else c)
    return out


def _year_hint(c: _Candidate, last_dated: _Candidate | None, text: str) -> int | None:
    """A year the sentence gives to a date written without one: a coordinated date's, else that of the
    last date with a year earlier in the same sentence."""
    if c.year is not None or not c.absolute:
        return None
    if c.coord_year is not None:
        return c.coord_year
    if last_dated is None or _SENTENCE_BREAK.search(text, last_dated.end, c.start):
        return None
    assert last_dated.year is not None
    if c.month is None or last_dated.month is None or c.month >= last_dated.month:
        return last_dated.year
    return last_dated.year + 1


def _value(c: _Candidate, ctx: _Context, span: Span) -> str:
    """The candidate's TimeML value: its own, the value of the time a "since" starts from, or its span's."""
    if c.value is not None:
        return c.value
    if c.inner is not None and (inner := c.inner.resolve(ctx)) is not None:
        return _value(c.inner, ctx, inner)
    return timeml_value(span[0], span[1], c.grain)


def _parts(c: _Candidate, ctx: _Context, span: Span, text: str) -> tuple[TimeExpression, ...]:
    """A range's ends as expressions of their own, each given the year its end of the range has."""
    out = []
    for k, p in enumerate(c.parts):
        hint = int(span[k][:4]) if p.year is None else None
        part = p.resolve(_Context(ctx.reference, ctx.previous, hint, ctx.future))
        if part is not None:
            out.append(TimeExpression(part[0], part[1], text[p.start:p.end], p.start, p.end, p.kind,
                                      _value(p, ctx, part), p.timex_type))
    return tuple(out)


def find_time_expressions(
    text: str, reference: date, previous: TimeExpression | None = None, *, timeml: bool = False
) -> list[TimeExpression]:
    """Every time expression in `text`, in order, resolved against `reference` (the report's date) and,
    for anaphors, the time named before it in `text`, else `previous`. Each carries its TimeML value.

    With `timeml`, also what TimeML marks but names no stretch of the calendar the events stage could
    date an event by: durations ("three years", "a five-year low": start and end empty, value "P3Y") and
    the present, past and future ("now", "currently": PRESENT_REF over the reference day; "in the past":
    PAST_REF, "the future": FUTURE_REF, start and end empty)."""
    if isinstance(reference, datetime):
        reference = reference.date()
    if not text:
        return []
    # gated line by line: in a whole body every gate word occurs somewhere, in a line few do (a time
    # expression never spans a line break); this halved the finder's cost on the seed reports
    cands = [c for start, end in _lineinterval_bounds(text)
             for pattern, handler in _open_patterns(text[start:end].lower(), timeml)
             for m in pattern.finditer(text, start, end) if (c := handler(m, text))]
    if not cands:
        return []
    cands = _wrap_since(text, _merge_neighbours(text, _non_overlapping(cands)))
    found: list[TimeExpression] = []
    last_dated: _Candidate | None = None
    for c in cands:
        future = _is_future(text, c.start)
        ctx = _Context(reference, previous, _year_hint(c, last_dated, text), future,
                       not future and _is_past(text, c.start))
        span = c.resolve(ctx)
        if c.year is not None:
            last_dated = c
        if span is None:
            continue
        expression = TimeExpression(span[0], span[1], text[c.start:c.end], c.start, c.end, c.kind,
                                    _value(c, ctx, span), c.timex_type,
                                    _parts(c, ctx, span, text) if c.parts else ())
        found.append(expression)
        if c.kind not in (VAGUE, DURATION_ANCHOR, DURATION, REFERENCE):
            previous = expression
    return found


_ABSOLUTE_LOOK = re.compile(r"\d")


def resolve_relative_date(
    expression: str, reference: date, previous: TimeExpression | None = None
) -> Span | None:
    """The interval one isolated expression names ("last month", "Dec. 30, 2023, and Jan. 2, 2024"):
    the span of what `find_time_expressions` finds in it, else dateparser's reading of an absolute date
    in a format these rules do not know."""
    if isinstance(reference, datetime):
        reference = reference.date()
    found = find_time_expressions(expression, reference, previous)
    if found:
        first = min(found, key=lambda t: interval_bounds(t.start, t.end)[0])
        last = max(found, key=lambda t: interval_bounds(t.start, t.end)[1])
        return first.start, last.end
    if not _ABSOLUTE_LOOK.search(expression):
        return None  # relative wording the rules do not know: dateparser's relative logic is the wrong one
    return _dateparser_absolute(expression.strip(), reference)


@lru_cache(maxsize=4096)
def _dateparser_absolute(expression: str, reference: date) -> Span | None:
    import dateparser  # slow to import; only this rare fallback needs it

    settings = {"PREFER_DATES_FROM": "past", "RELATIVE_BASE": datetime(reference.year, reference.month,
                                                                         reference.day)}
    data = dateparser.date.DateDataParser(settings=settings).get_date_data(expression)
    if data is None or data.date_obj is None:
        return None
    d = data.date_obj.date()
    if data.period == "year":
        return _fy(d.year), _fy(d.year)
    if data.period == "month":
        return _fm(d.year, d.month), _fm(d.year, d.month)
    return _fd(d), _fd(d)
