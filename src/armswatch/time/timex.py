"""Time expressions in report sentences, resolved to intervals ("on Thursday", "last month", "Sept. 7-8").

Entry points: `find_time_expressions` (every time expression in a text, resolved against the report's
reference date and the last time spoken of) and `resolve_relative_date` (one isolated expression).

The package's modules, in the order they build on each other: `intervals` (the record, calendar
arithmetic, TimeML values, year choice), `vocabulary` (words, patterns, cues around a match),
`handlers` (a match becomes a candidate), `table` (which patterns run, gated by cheap word tests) and
this one (candidates joined into ranges, resolved in reading order; the entry points).

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
- Weeks start on Monday. "this week/month/year" runs from the period's first day to the reference day
  (reports speak of the period so far; a plan "this week" gets the wrong end), "earlier this ..." to the
  day before it (before the day the report speaks, unless that is the period's first); "later this ..."
  runs from the day after the reference day to the period's end; "last/next ..." is the whole
  previous/next period at its own precision ("last month" in October 2023 is "2023-09").
- Parts of a month: early/beginning/start 1-10, mid/middle 11-20, late/end 21-last, halves 1-15/16-last,
  "the first/second/third/fourth/last week of". Parts of a year: early Jan-Apr, mid May-Aug, late Sep-Dec,
  end Oct-Dec, halves and quarters as named.
- Seasons are northern meteorological ones: spring Mar-May, summer Jun-Aug, autumn/fall Sep-Nov, winter
  Dec-Feb, named by the year it begins in ("the winter of 2022" is 2022-12..2023-02). "last autumn" is
  the latest autumn that ended before the reference.
- Vague windows ending on the reference day: "recently"/"lately" 60 days, "in recent days" 10 days,
  "in recent weeks" 30 days (a writer who meant more would say "months"), "in recent months" 6 months,
  "in recent years" 5 years; "a few" or "several" counts 2-7 units; "N weeks ago" is that day +-3 days.
- "since X" runs from X's start to the reference day; "over the past N units" from N units before the
  reference to it. Anaphors ("a month later", "later the same month", "the day before") shift the last
  time resolved in the same text, else `previous`; "the day before the summit" names an event, not a
  time, and is left alone.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

from armswatch.time.intervals import (
    ANAPHORIC,
    DATE,
    DURATION,
    DURATION_ANCHOR,
    RANGE,
    REFERENCE,
    RELATIVE,
    VAGUE,
    Span,
    TimeExpression,
    _Candidate,
    _Context,
    _fd,
    _fm,
    _fy,
    _weekday_year,
    interval_bounds,
    timeml_value,
)
from armswatch.time.table import (
    _lineinterval_bounds,
    _open_patterns,
)
from armswatch.time.vocabulary import (
    _COORD_GAP,
    _FROM_BETWEEN_BEFORE,
    _RANGE_GAP,
    _SENTENCE_BREAK,
    _SINCE_BEFORE,
    _WEEKDAY_DATE_GAP,
    _before,
    _is_future,
    _is_past,
    _opens_future_clause,
)

# the kinds and the record are imported from here by the events stage and the tests
__all__ = [
    "ANAPHORIC", "DATE", "DURATION", "DURATION_ANCHOR", "RANGE", "REFERENCE", "RELATIVE", "VAGUE", "Span",
    "TimeExpression", "find_time_expressions", "interval_bounds", "resolve_relative_date", "timeml_value",
]

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
        future = _is_future(text, c.start, c.end if c.absolute else None) or _opens_future_clause(
            text, c.start, c.end)
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
