"""A synthetic dossier of a thousand events for the report's scale tests, made only from the invented
scenario of tests/fusion_sample.py: its events and reports copied, renamed and moved in time (one copy a
fortnight over about five years), so that paging, filters and the timeline's axis meet a real span."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from typing import Any

from tests.fusion_sample import sample_dossier


def _shift(value: str | None, days: int) -> str | None:
    """A YYYY[-MM[-DD]] date moved by `days`, at its own precision."""
    if not value:
        return value
    parts = [int(p) for p in value.split("-")]
    moved = date(parts[0], *(parts[1:] + [1] * (3 - len(parts)))) + timedelta(days=days)
    return moved.isoformat()[: len(value)]


def _shift_when(when: dict[str, Any] | None, days: int) -> dict[str, Any] | None:
    if not when:
        return when
    return {**when, "start": _shift(when["start"], days), "end": _shift(when["end"], days)}


def thousand_event_dossier(n_events: int = 1000) -> dict[str, Any]:
    """`n_events` events (and the reports they cite), copies of the sample's eight events."""
    base = sample_dossier()
    per_copy = len(base["events"])
    copies = -(-n_events // per_copy)
    documents: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for k in range(copies):
        days = -900 + 14 * k
        suffix = f"-{k:03d}"
        for d in base["documents"]:
            doc = copy.deepcopy(d)
            doc["id"] += suffix
            doc["published"] = _shift(doc.get("published"), days)
            doc["reference_date"] = _shift(doc.get("reference_date"), days)
            documents.append(doc)
        for e in base["events"]:
            ev = copy.deepcopy(e)
            ev["id"] += suffix
            ev["when"] = _shift_when(ev.get("when"), days)
            ev["part_of"] = ev["part_of"] + suffix if ev.get("part_of") else None
            ev["related"] = [r + suffix for r in ev.get("related") or []]
            for m in ev.get("mentions") or []:
                m["document"] += suffix
                m["when"] = _shift_when(m.get("when"), days)
                m["stated_on"] = _shift(m.get("stated_on"), days)
            events.append(ev)
    events = events[:n_events]
    cited = {m["document"] for e in events for m in e["mentions"]}
    return {**base, "documents": [d for d in documents if d["id"] in cited], "events": events}
