"""Partial dates ("2023", "2023-10", "2023-10-13") as closed day intervals, for overlap and containment."""

from __future__ import annotations

import calendar
from datetime import date
from functools import lru_cache

from armswatch.events.models import TimeSpan

Interval = tuple[date, date]


@lru_cache(maxsize=65536)
def first_day(text: str) -> date:
    parts = [int(p) for p in text.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


@lru_cache(maxsize=65536)
def last_day(text: str) -> date:
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 1:
        return date(parts[0], 12, 31)
    if len(parts) == 2:
        return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return date(parts[0], parts[1], parts[2])


def interval_of(span: TimeSpan | None) -> Interval | None:
    """The days a time span covers at its precision; None when absent or unreadable."""
    if span is None or not span.start:
        return None
    try:
        lo, hi = first_day(span.start), last_day(span.end or span.start)
    except (ValueError, TypeError):
        return None
    return (lo, hi) if lo <= hi else (hi, lo)


def span_days(iv: Interval) -> int:
    return (iv[1] - iv[0]).days + 1


def overlaps(a: Interval, b: Interval) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def intersection(a: Interval, b: Interval) -> Interval:
    return (max(a[0], b[0]), min(a[1], b[1]))


def contains(outer: Interval, inner: Interval) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def parse_day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return first_day(text[:10])
    except ValueError:
        return None
