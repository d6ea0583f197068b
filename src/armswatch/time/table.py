"""Which patterns run, with their handlers and gate words: the table for the events stage and, with
what only TimeML marks (durations; the present, past and future as such), the table for TimeML."""

from __future__ import annotations

import re

from armswatch.time.handlers import (
    _CENTURY,
    _FISCAL,
    _PART_OF_CURRENT,
    _QUARTER_ALONE,
    Handler,
    _h_ago,
    _h_anaphor,
    _h_century,
    _h_day_range,
    _h_decade,
    _h_decade_word,
    _h_duration,
    _h_fiscal,
    _h_holiday,
    _h_iso,
    _h_month_alone,
    _h_month_year,
    _h_numeric,
    _h_part_of_current,
    _h_part_year,
    _h_quarter_alone,
    _h_recent,
    _h_rel_day,
    _h_rel_period,
    _h_season,
    _h_shift,
    _h_weekday,
    _h_weekend,
    _h_year_adjective,
    _h_year_cued,
    _h_year_span,
)
from armswatch.time.intervals import (
    DURATION,
    REFERENCE,
    RELATIVE,
    Span,
    _add_months,
    _Candidate,
    _Context,
    _fd,
    _fm,
    _fy,
    _norm,
)
from armswatch.time.vocabulary import (
    _ABBR_MONTHS,
    _AGO,
    _ANAPHOR,
    _BETWEEN_DAYS,
    _DAY_MONTH,
    _DECADE,
    _DECADE_WORD,
    _DURATION,
    _HOLIDAY,
    _ISO,
    _MONTH_ALONE,
    _MONTH_DAY,
    _MONTH_YEAR,
    _NUMERIC,
    _PART_YEAR,
    _RECENT,
    _REL_DAY,
    _REL_PERIOD,
    _SEASON,
    _SHIFT,
    _UNIT_CODES,
    _WEEKDAY,
    _WEEKEND,
    _YEAR_ADJECTIVE,
    _YEAR_CUED,
    _YEAR_SPAN,
    _p,
)

# ---- only with timeml=True: what TimeML marks that names no stretch of the calendar

_PRESENT = _p(r"(?i:\b(?:right\s+now|now|currently|at\s+present|presently|nowadays|these\s+days|"
              r"at\s+the\s+moment|at\s+this\s+time|current(?!\s+account))\b)(?!\s*(?:that|,?\s*then)\b)")
_PAST_FUTURE = _p(r"(?i:\b(?P<soon>soon)\b|\b(?P<recent>recent)\b(?!\s+(?:days|weeks|months|years)\b)"
                  r"|\b(?:in\s+)?the\s+(?:(?:near|distant|foreseeable)\s+)?(?P<term>near|short)\s+term\b"
                  r"|\b(?:in\s+)?the\s+(?:(?:near|distant|foreseeable|recent)\s+)?(?P<w>past|future)\b(?!\s+(?:\d|few|several|two|three|four|five|six|"
                  r"seven|eight|nine|ten|year|month|week|day|decade)))")
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
    (_HOLIDAY, _h_holiday, (("christmas", "boxing", "new year", "valentine", "halloween", "bastille",
                             "armistice"),)),
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
