"""One handler per pattern of `armswatch.time.vocabulary`: a match becomes a candidate that knows how to
resolve itself against a reference date (`_Context`); None where the words are not a time after all."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from armswatch.time.intervals import (
    _SEASONS,
    ANAPHORIC,
    DATE,
    DURATION_ANCHOR,
    RANGE,
    RELATIVE,
    VAGUE,
    Resolver,
    Span,
    TimeExpression,
    _add_months,
    _Candidate,
    _Context,
    _fd,
    _fm,
    _fy,
    _last_day,
    _month_span,
    _norm,
    _pick_year,
    _safe_date,
    _season_span,
    _season_year,
    _shift_date_months,
    _week_span,
    _week_start,
    _weekday_date,
    _year_span,
    interval_bounds,
)
from armswatch.time.vocabulary import (
    _AMBIGUOUS_MONTHS,
    _CLAUSE_END_AFTER,
    _CUE_BEFORE,
    _DECADE_WORDS,
    _NAME_AFTER,
    _THE_BEFORE,
    _UNIT_CODES,
    _WEEKDAY_INDEX,
    _WEEKDAY_NAMES_BEFORE,
    FIXED_HOLIDAYS,
    _before,
    _count,
    _month_number,
    _name_before,
    _p,
)

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


def _h_holiday(m: re.Match[str], text: str) -> _Candidate | None:
    """"on Christmas Day", "New Year's Eve": the day of the holiday in the year a date without one takes
    (the latest before the reference, the coming one after a future cue)."""
    month, day = FIXED_HOLIDAYS[re.sub(r"\s+", " ", m.group("h").lower()).replace("’", "'")]

    def resolve(ctx: _Context) -> Span | None:
        found = _safe_date(_pick_year(month, day, day, ctx), month, day)
        return (_fd(found), _fd(found)) if found is not None else None

    return _Candidate(m.start(), m.end(), DATE, resolve, month, None, False, day)


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
    earlier = rel == "this" and part == "earlier"

    def upto(first: date) -> Span:
        # "earlier this year" is before the day the report speaks ("this year" holds it); said on the
        # period's first day, it is that day
        return _fd(first), _fd(ref - timedelta(days=1) if earlier and ref > first else ref)

    def onward(last: date) -> Span:  # "later this month": after the day the report speaks
        return _fd(ref + timedelta(days=1) if ref < last else ref), _fd(last)

    if part in ("earlier", "later"):
        part = None if rel == "this" else {"earlier": "early", "later": "late"}[part]
    step = {"last": -1, "this": 0, "next": 1, "coming": 1}[rel]
    if unit == "week":
        monday = _week_start(ref) + timedelta(days=7 * step)
        if so_far:
            return upto(monday)
        if rest:
            return onward(monday + timedelta(days=6))
        return _week_span(monday, part)
    if unit == "weekend":
        saturday = _week_start(ref) + timedelta(days=-2 if step < 0 else 7 * step + 5)
        return _fd(saturday), _fd(saturday + timedelta(days=1))
    if unit == "month":
        y, mo = _add_months(ref.year, ref.month, step)
        if so_far:
            return upto(ref.replace(day=1))
        if rest:
            return onward(ref.replace(day=_last_day(y, mo)))
        return _month_span(y, mo, part)
    if unit == "year":
        y = ref.year + step
        if so_far:
            return upto(date(y, 1, 1))
        if rest:
            return onward(date(y, 12, 31))
        return _year_span(y, part)
    if unit == "quarter":
        y, first = _add_months(ref.year, (ref.month - 1) // 3 * 3 + 1, 3 * step)
        if so_far:
            return upto(date(y, first, 1))
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
        prev = ctx.previous
        if unit == "year" and exact and prev is not None and _PERIOD_OF_YEAR.fullmatch(prev.value):
            if prev.text.lower() == m[0].lower():
                return prev.start, prev.end  # said again: the same period
            # "profit rose in the third quarter from $2 million a year ago": the same period a year back
            # (TimeML's comparable period), not the whole of last year
            shifted = _shift_span(prev, unit, lo_n, hi_n, -1)
            if shifted is not None:
                return shifted
        return _window_back(unit, lo_n, hi_n, ctx.reference, exact)

    # the value of a comparable period is read off its span; "a year ago" alone is a year
    grain = "day" if unit == "hour" else None if unit == "year" else unit
    return _Candidate(m.start(), m.end(), kind, resolve, grain=grain if exact else None,
                      value=None if exact else "PAST_REF")


_PERIOD_OF_YEAR = re.compile(r"\d{4}-[QH]\d")  # a quarter or half of a year (TimeML value)


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


_RECENT_DAYS = {"days": 10, "weeks": 30}  # windows documented in the module docstring
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
        if ctx.previous.kind == ANAPHORIC and ctx.previous.text.lower() == m[0].lower():
            # "a year earlier" said again compares with the same time, not one more year back
            return ctx.previous.start, ctx.previous.end
        return _shift_span(ctx.previous, unit, counted[0], counted[1], sign)

    # TimeML: the shifted time keeps the granularity of the time it shifts ("the third quarter ... a year
    # earlier" is 1988-Q3, "Nov. 1 ... a year earlier" a day), so the value is read off the span
    return _Candidate(m.start(), m.end(), ANAPHORIC, resolve)


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
