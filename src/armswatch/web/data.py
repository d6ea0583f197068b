"""What the workbench reads and writes, behind one small interface so that the pages need not know where
the facts live.

The facts are the dossier (`DIR/dossier.json`, or the one rebuilt from a store), with the analysts'
decisions applied over it (`armswatch.web.review`), held in memory for the pages of one event or report.
The event table, search and entity pages ask the store's tables (`armswatch.store.query`: indexes, FTS5
or tsvector) when they hold that same dossier, which the run that wrote it made sure of; while decisions
taken since are not yet in them (until the next run), or for a dossier without tables, the same
questions are answered in memory over the view, which is quick for thousands of events, not 100,000.
"""

from __future__ import annotations

import json
import re
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from armswatch.store.db import default_database_url
from armswatch.store.engine import open_engine
from armswatch.store.query import MARK_END, MARK_START
from armswatch.web import auth, review

FACETS = ("type", "actor", "target", "country", "vessel", "status", "credibility", "source", "review")
SORTS = ("date", "type", "status", "credibility", "sources", "actor", "id")
FACET_VALUES = 12  # values shown per facet, the most frequent first


class DataError(ValueError):
    """The source given to the workbench holds no dossier we can read."""


@dataclass
class EventFilters:
    """The event table's filters; None leaves a facet open. Dates bound the event's time (ISO, any
    precision): an event is kept when its time overlaps [date_from, date_to]."""

    type: str | None = None
    actor: str | None = None
    target: str | None = None
    country: str | None = None
    vessel: str | None = None
    status: str | None = None
    credibility: int | None = None
    source: str | None = None
    review: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    new_since: str | None = None  # events first written on or after this day (YYYY-MM-DD)
    new_since_run: int | None = None  # events first written by this run or a later one
    entity: str | None = None  # any role

    def as_query(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.__dict__.items() if v not in (None, "")}


@dataclass
class View:
    """The dossier with decisions applied, and the indexes the pages need."""

    dossier: dict[str, Any]
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    entities: dict[str, dict[str, Any]] = field(default_factory=dict)
    events: dict[str, dict[str, Any]] = field(default_factory=dict)
    rows: list[dict[str, Any]] = field(default_factory=list)
    merged_into: dict[str, str] = field(default_factory=dict)
    row_of: dict[str, dict[str, Any]] = field(default_factory=dict)
    mentions_in: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = field(default_factory=dict)

    @classmethod
    def of(cls, dossier: dict[str, Any], merged_into: dict[str, str],
           first_written: dict[str, tuple[int | None, str | None]] | None = None) -> View:
        view = cls(dossier, merged_into=merged_into)
        view.documents = {d["id"]: d for d in dossier.get("documents", [])}
        view.entities = {e["id"]: e for e in dossier.get("entities", [])}
        view.events = {e["id"]: e for e in dossier.get("events", [])}
        view.rows = [event_row(e, view.entities, view.documents) for e in dossier.get("events", [])]
        for row in view.rows:
            row["first_run"], row["first_seen"] = (first_written or {}).get(row["id"], (None, None))
        view.row_of = {r["id"]: r for r in view.rows}
        for event in dossier.get("events", []):
            for mention in event.get("mentions", []):
                view.mentions_in.setdefault(mention["document"], []).append((event, mention))
        return view

    def name(self, entity_id: str) -> str:
        entity = self.entities.get(entity_id)
        return entity["name"] if entity else entity_id

    def aliases(self, entity_id: str) -> list[str]:
        return list(self.entities.get(entity_id, {}).get("aliases", []))


def _names(ids: list[str], entities: dict[str, dict[str, Any]]) -> list[str]:
    return [entities[i]["name"] if i in entities else i for i in ids]


def event_row(event: dict[str, Any], entities: dict[str, dict[str, Any]],
              documents: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """One line of the event table: the fields it shows, filters on and sorts by."""
    when = event.get("when") or {}
    place_ids = [p["entity"] for p in event.get("places", [])]
    involved = event.get("actor", []) + event.get("target", []) + place_ids
    countries = sorted({i for i in involved if entities.get(i, {}).get("type") == "country"})
    outlets = sorted({documents[m["document"]].get("outlet") or "(no outlet)"
                      for m in event.get("mentions", []) if m["document"] in documents})
    mentions = event.get("mentions", [])
    return {
        "id": event["id"],
        "type": event.get("type"),
        "date_start": when.get("start"),
        "date_end": when.get("end") or when.get("start"),
        "when_text": when.get("text"),
        "actor": event.get("actor", []),
        "target": event.get("target", []),
        "actor_names": _names(event.get("actor", []), entities),
        "target_names": _names(event.get("target", []), entities),
        "country": countries,
        "vessel": event.get("vessels", []),
        "places": place_ids,
        "items": [i.get("text") for i in event.get("items", [])],
        "status": event.get("status"),
        "credibility": event.get("credibility"),
        "reliability": event.get("reliability"),
        "source": outlets,
        "n_documents": len({m["document"] for m in mentions}),
        "n_mentions": len(mentions),
        "sentence": mentions[0]["text"] if mentions else "",
        "review": (event.get("review") or {}).get("status", "unreviewed"),
    }


def _overlaps(row: dict[str, Any], date_from: str | None, date_to: str | None) -> bool:
    start, end = row["date_start"], row["date_end"]
    if start is None:
        return not (date_from or date_to)
    # ISO strings of mixed precision compare as text once padded: "2023" < "2023-05" < "2023-05-01"
    if date_to and start > date_to + "\uffff":
        return False
    return not (date_from and (end or start) + "\uffff" < date_from)


def _facet_values(row: dict[str, Any], facet: str) -> list[str]:
    value = row.get(facet)
    if isinstance(value, list):
        return [str(v) for v in value]
    return [] if value is None else [str(value)]


def matches(row: dict[str, Any], filters: EventFilters) -> bool:
    for facet in FACETS:
        wanted = getattr(filters, facet)
        if wanted not in (None, "") and str(wanted) not in _facet_values(row, facet):
            return False
    if filters.entity and filters.entity not in row["actor"] + row["target"] + row["vessel"] + row["places"]:
        return False
    if filters.new_since and not (row.get("first_seen") and row["first_seen"][:10] >= filters.new_since):
        return False
    if filters.new_since_run is not None and not (row.get("first_run") or 0) >= filters.new_since_run:
        return False
    return _overlaps(row, filters.date_from, filters.date_to)


def _sort_key(sort: str):  # noqa: ANN202 - a key function for sorted()
    column = sort.lstrip("-")
    if column == "date":
        return lambda r: (r["date_start"] or "", r["id"])
    if column == "sources":
        return lambda r: (r["n_documents"], r["id"])
    if column == "actor":
        return lambda r: (", ".join(r["actor_names"]).casefold(), r["id"])
    return lambda r: (str(r.get(column) or ""), r["id"])


def sort_rows(rows: list[dict[str, Any]], sort: str) -> list[dict[str, Any]]:
    if sort.lstrip("-") not in SORTS:
        sort = "-date"
    return sorted(rows, key=_sort_key(sort), reverse=sort.startswith("-"))


def facet_counts(rows: list[dict[str, Any]], view: View) -> dict[str, list[dict[str, Any]]]:
    """For each facet, its most frequent values among the rows, with a label to show."""
    out: dict[str, list[dict[str, Any]]] = {}
    for facet in FACETS:
        counts = Counter(v for row in rows for v in _facet_values(row, facet))
        entity_facet = facet in {"actor", "target", "country", "vessel"}
        out[facet] = [{"value": value, "label": view.name(value) if entity_facet else value, "count": n}
                      for value, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_VALUES]]
    return out


def _terms(query: str) -> list[str]:
    return [t for t in query.casefold().split() if t]


def _hit(text: str | None, terms: list[str]) -> bool:
    folded = (text or "").casefold()
    return all(t in folded for t in terms)


def snippet(text: str, terms: list[str], width: int = 220) -> str:
    """The part of a long text around the first term found, the terms marked as the store marks them
    (MARK_START, MARK_END: the page escapes the text, then makes the marks <mark>)."""
    at = max((text.casefold().find(terms[0]) if terms else 0), 0)
    start = max(at - width // 3, 0)
    part = ("…" if start else "") + text[start : start + width] + ("…" if start + width < len(text) else "")
    if not terms:
        return part
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
    return pattern.sub(lambda m: MARK_START + m.group(0) + MARK_END, part)


# -- the store's tables, where they hold the served dossier ---------------------------------------------

STORE_SORTS = {"date": "date", "type": "type", "status": "status", "credibility": "credibility",
               "sources": "documents", "id": "id"}


def first_written(engine: Engine) -> dict[str, tuple[int | None, str | None]]:
    """When the store first wrote each event (run, ISO time), which it keeps across rewrites: for "new
    since" in memory too. Empty without the store's tables."""
    from sqlalchemy import select

    from armswatch.store import tables

    try:
        with engine.connect() as conn:
            e = tables.events.c
            return {i: (run, seen) for i, run, seen in conn.execute(select(e.id, e.first_run, e.first_seen))}
    except Exception:  # noqa: BLE001 - a store of another version: no "new since"
        return {}


def store_tables_hold(engine: Engine, view: View) -> bool:
    """Whether the store's event table holds the view's events: the last run wrote both, and no decision
    was taken since (those wait in the view until the next run writes the tables again)."""
    if (view.dossier.get("review") or {}).get("pending") or not view.events:
        return False
    from sqlalchemy import func, select

    from armswatch.store import tables

    try:
        with engine.connect() as conn:
            count = conn.execute(select(func.count()).select_from(tables.events)).scalar_one()
            sample = conn.execute(select(tables.events.c.id).limit(50)).scalars().all()
    except Exception:  # noqa: BLE001 - a store of another version: the pages answer from memory
        return False
    return int(count) == len(view.events) and all(i in view.events for i in sample)


def _store_filters(filters: EventFilters) -> Any:
    from armswatch.store.query import EventFilters as StoreFilters
    from armswatch.store.write import pad_end, pad_start

    review_state = {"unreviewed": "none"}.get(filters.review or "", filters.review or None)
    return StoreFilters(type=filters.type or None, status=filters.status or None,
                        credibility=filters.credibility, actor=filters.actor or None,
                        target=filters.target or None, entity=filters.entity or None,
                        country=filters.country or None, vessel=filters.vessel or None,
                        source=filters.source or None, date_from=pad_start(filters.date_from),
                        date_to=pad_end(filters.date_to), review=review_state,
                        new_since=filters.new_since or None, new_since_run=filters.new_since_run)


def _cursor(row: dict[str, Any]) -> str:
    """A page's cursor in memory: its last row's id (the store's cursors carry the sort value too)."""
    return json.dumps([None, row["id"]], separators=(",", ":"))


def _position_after(rows: list[dict[str, Any]], after: str | None) -> int:
    """Where the rows after a cursor's row start (0 for none, or for a row no longer there)."""
    try:
        last_id = json.loads(after)[1] if after else None
    except (ValueError, TypeError, IndexError, KeyError):
        return 0
    for i, row in enumerate(rows):
        if row["id"] == last_id:
            return i + 1
    return 0


def store_events_page(engine: Engine, view: View, filters: EventFilters, sort: str, limit: int,
                      offset: int, after: str | None = None) -> dict[str, Any]:
    """The event table from the store: its SQL finds, sorts, pages and counts; the rows shown are the
    view's own (the same events), so the page looks the same whichever answered."""
    from armswatch.store.query import events_page

    column = STORE_SORTS[sort.lstrip("-")]
    page = events_page(engine, _store_filters(filters), ("-" if sort.startswith("-") else "") + column,
                       limit, offset, after=after)
    facets = {name: [{"value": str(v), "label": str(label), "count": int(n)} for v, label, n in values]
              for name, values in page.facets.items()}
    return {"total": page.total, "limit": limit, "offset": offset,
            "items": [view.row_of[r.id] for r in page.rows if r.id in view.row_of],
            "facets": {name: facets.get(name, []) for name in FACETS},
            "facets_skipped": list(page.facets_skipped), "next_after": page.next_after}


def store_search(engine: Engine, view: View, query: str, limit: int, offset: int) -> dict[str, Any]:
    """Search through the store's full-text index (stemmed words, ranked), in the shape of the in-memory
    search; snippets carry the store's marks (armswatch.store.query.MARK_START/END) for the page. Each
    kind's best hits and count come in one statement (search_by_kind)."""
    from armswatch.store.query import search_by_kind

    found = search_by_kind(engine, query, limit, offset, kinds=("entity", "event", "document"))
    entities = [view.entities[h.id] for h in found["entity"].hits if h.id in view.entities]
    events = [{**view.row_of[h.id], "snippet": h.snippet} for h in found["event"].hits if h.id in view.row_of]
    documents = [{"id": h.id, "title": view.documents[h.id].get("title"),
                  "outlet": view.documents[h.id].get("outlet"),
                  "reference_date": view.documents[h.id].get("reference_date"), "snippet": h.snippet}
                 for h in found["document"].hits if h.id in view.documents]
    return {"query": query, "total": sum(p.total for p in found.values()),
            "entities": [{"id": e["id"], "name": e["name"], "type": e["type"],
                          "aliases": e.get("aliases", []), "documents": len(e.get("documents", []))}
                         for e in entities],
            "events": events, "documents": documents}


def store_entity_page(engine: Engine, view: View, entity_id: str) -> dict[str, Any] | None:
    from armswatch.store.query import entity_page

    page = entity_page(engine, entity_id, limit=200)
    if page is None or entity_id not in view.entities:
        return None
    return {"entity": view.entities[entity_id], "n_events": page.n_events,
            "events": [view.row_of[r.id] for r in page.events if r.id in view.row_of],
            "by_month": page.by_month,
            "neighbours": [{"id": i, "name": name, "type": kind, "events": n}
                           for i, name, kind, n in page.neighbours[:30]],
            "documents": page.documents}


class Workbench:
    """The served dossier: where it lives, its database (users, decisions), and the current view."""

    def __init__(self, source: str | Path) -> None:
        text = str(source)
        self.source = text
        self.folder: Path | None
        if "://" in text:
            self.database_url = text
            self.folder = Path(text[len("sqlite:///"):]).parent if text.startswith("sqlite:///") else None
        else:
            path = Path(source)
            if path.suffix in {".db", ".sqlite", ".sqlite3"}:
                self.folder, self.database_url = path.parent, f"sqlite:///{path.resolve()}"
            else:
                if path.name == "dossier.json":
                    path = path.parent
                path.mkdir(parents=True, exist_ok=True)
                self.folder, self.database_url = path, default_database_url(path)
        self.engine: Engine = open_engine(self.database_url)  # the store's schema, migrated to its head
        auth.create_tables(self.engine)
        self._lock = threading.Lock()
        self._view: View | None = None
        self._stamp: tuple[Any, ...] | None = None
        self._tables_current = False
        self._base: tuple[Any, dict[str, Any]] | None = None  # (dossier.json's mtime, its content)
        self.on_decision: Callable[[str], None] | None = None  # told of each decision (the app queues work)

    @property
    def dossier_path(self) -> Path | None:
        return self.folder / "dossier.json" if self.folder else None

    def _base_dossier(self) -> dict[str, Any]:
        path = self.dossier_path
        if path is not None and path.is_file():
            from armswatch.export.common import load_dossier

            return load_dossier(path)
        if path is not None and not Path(self.database_url.removeprefix("sqlite:///")).is_file():
            # an empty workbench: reports are uploaded into it
            return {"schema_version": "1", "documents": [], "entities": [], "events": []}
        from armswatch.export.common import ExportError, dossier_from_store

        try:
            return dossier_from_store(self.database_url)
        except ExportError:
            return {"schema_version": "1", "documents": [], "entities": [], "events": []}

    def _current_stamp(self) -> tuple[Any, ...]:
        path = self.dossier_path
        mtime = path.stat().st_mtime_ns if path is not None and path.is_file() else None
        return (mtime, review.decision_count(self.engine))

    def view(self) -> View:
        """The dossier with every decision applied, rebuilt when the dossier or the decisions change."""
        with self._lock:
            stamp = self._current_stamp()
            if self._view is None or stamp != self._stamp:
                if self._base is None or self._base[0] != stamp[0] or stamp[0] is None:
                    # read again only when the file changed: a decision alone re-applies the overlay
                    self._base = (stamp[0], self._base_dossier())
                dossier = review.overlay(self._base[1], self.engine)
                merged = review.merged_into(review.list_decisions(self.engine))
                self._view, self._stamp = View.of(dossier, merged, first_written(self.engine)), stamp
                self._tables_current = store_tables_hold(self.engine, self._view)
            return self._view

    def tables(self) -> View | None:
        """The view, when the store's tables hold the very same events (the pages may ask them)."""
        view = self.view()
        return view if self._tables_current else None

    # -- reading ---------------------------------------------------------------------------------------

    def events_page(self, filters: EventFilters, sort: str = "-date", limit: int = 50,
                    offset: int = 0, after: str | None = None) -> dict[str, Any]:
        """One page of the event table; `after`: the `next_after` of the page before (keyset paging:
        the store reads on from that row instead of counting the rows before it)."""
        view = self.tables()
        if view is not None and sort.lstrip("-") in STORE_SORTS:
            return store_events_page(self.engine, view, filters, sort, limit, offset, after)
        view = self.view()
        rows = sort_rows([r for r in view.rows if matches(r, filters)], sort)
        start = offset + _position_after(rows, after)
        items = rows[start : start + limit]
        more = len(items) == limit and start + limit < len(rows)
        return {"total": len(rows), "limit": limit, "offset": offset, "items": items,
                "facets": facet_counts(rows, view), "next_after": _cursor(items[-1]) if more else None}

    def all_event_rows(self, filters: EventFilters, sort: str = "-date") -> list[dict[str, Any]]:
        view = self.view()
        return sort_rows([r for r in view.rows if matches(r, filters)], sort)

    def search(self, query: str, limit: int = 20, offset: int = 0) -> dict[str, Any]:
        """Entities by name or alias, events by a mention's sentence or a participant's name, documents by
        title or body; every term must appear (case-insensitive)."""
        view = self.tables()
        if view is not None and _terms(query):
            return store_search(self.engine, view, query, limit, offset)
        view = self.view()
        terms = _terms(query)
        if not terms:
            return {"query": query, "entities": [], "events": [], "documents": [], "total": 0}
        entities = [e for e in view.entities.values()
                    if _hit(" ".join([e["name"], *e.get("aliases", [])]), terms)]
        entities.sort(key=lambda e: (-len(e.get("documents", [])), e["name"]))
        events = []
        for row in view.rows:
            event = view.events[row["id"]]
            sentences = [m["text"] for m in event.get("mentions", [])]
            names = " ".join(row["actor_names"] + row["target_names"])
            hit = next((s for s in sentences if _hit(s, terms)), None)
            if hit is not None or _hit(names + " " + " ".join(sentences), terms):
                events.append({**row, "snippet": snippet(hit or row["sentence"], terms, 400)})
        documents = [{"id": d["id"], "title": d.get("title"), "outlet": d.get("outlet"),
                      "reference_date": d.get("reference_date"),
                      "snippet": snippet(d.get("body", ""), terms)}
                     for d in view.documents.values()
                     if _hit((d.get("title") or "") + "\n" + d.get("body", ""), terms)]
        total = len(entities) + len(events) + len(documents)
        return {"query": query, "total": total,
                "entities": [{"id": e["id"], "name": e["name"], "type": e["type"],
                              "aliases": e.get("aliases", []), "documents": len(e.get("documents", []))}
                             for e in entities[offset : offset + limit]],
                "events": events[offset : offset + limit],
                "documents": documents[offset : offset + limit]}

    def event(self, event_id: str) -> dict[str, Any] | None:
        """The event, or the one it was merged into (followed along a chain of merges)."""
        view = self.view()
        seen: set[str] = set()
        while event_id not in view.events and event_id in view.merged_into and event_id not in seen:
            seen.add(event_id)
            event_id = view.merged_into[event_id]
        return view.events.get(event_id)

    def rejection(self, event_id: str) -> dict[str, Any] | None:
        """The decision in force that rejected this event, if one did."""
        decisions = self.decisions()
        undone = {d["target"] for d in decisions if d["kind"] == "undo"}
        found = [d for d in decisions if d["kind"] == "reject_event" and d["target"] == event_id
                 and d["id"] not in undone]
        return found[-1] if found else None

    def entity_page(self, entity_id: str) -> dict[str, Any] | None:
        view = self.tables()
        if view is not None:
            return store_entity_page(self.engine, view, entity_id)
        view = self.view()
        entity = view.entities.get(entity_id)
        if entity is None:
            return None
        rows = sort_rows([r for r in view.rows if matches(r, EventFilters(entity=entity_id))], "date")
        neighbours: Counter[str] = Counter()
        for row in rows:
            for other in set(row["actor"] + row["target"] + row["vessel"]) - {entity_id}:
                neighbours[other] += 1
        documents = [view.documents[d] for d in entity.get("documents", []) if d in view.documents]
        months = Counter(r["date_start"][:7] for r in rows if r["date_start"] and len(r["date_start"]) >= 7)
        return {"entity": entity, "events": rows, "n_events": len(rows), "by_month": sorted(months.items()),
                "neighbours": [{"id": i, "name": view.name(i), "type": view.entities.get(i, {}).get("type"),
                                "events": n} for i, n in neighbours.most_common(30)],
                "documents": [{"id": d["id"], "title": d.get("title"), "outlet": d.get("outlet"),
                               "reference_date": d.get("reference_date")} for d in documents]}

    def document_page(self, document_id: str) -> dict[str, Any] | None:
        view = self.view()
        document = view.documents.get(document_id)
        if document is None:
            return None
        mentions = sorted(view.mentions_in.get(document_id, []), key=lambda em: em[1]["start"])
        return {"document": document, "mentions": mentions}

    # -- review ----------------------------------------------------------------------------------------

    def record_decision(self, kind: str, target: str, payload: dict[str, Any], user: str,
                        why: str = "") -> dict[str, Any]:
        decision = review.record_decision(self.engine, kind, target, payload, user, why)
        with self._lock:
            self._view = None
        if self.on_decision is not None:
            self.on_decision(kind)
        return decision

    def write_applied(self) -> dict[str, Any]:
        """The decisions taken since the last run, written into the store's tables and dossier.json (as
        the next run would apply them), so that the tables answer the pages again and exports show them.
        Holds the folder's run lock: never at the same time as a run."""
        from armswatch.dossier import write_dossier
        from armswatch.lock import run_lock
        from armswatch.store.write import write_dossier_tables

        if self.folder is None or self.dossier_path is None or not self.dossier_path.is_file():
            return {"applied": 0}
        with run_lock(self.folder, self.database_url, wait=600.0):
            view = self.view()
            seen = dict(view.dossier.get("review") or {})
            pending = seen.pop("pending", [])
            if not pending:
                return {"applied": 0}
            dossier = {**view.dossier, "review": seen}
            write_dossier_tables(self.engine, dossier)
            write_dossier(dossier, self.dossier_path)
        return {"applied": len(pending), "events": len(dossier["events"])}

    def decisions(self) -> list[dict[str, Any]]:
        return review.list_decisions(self.engine)
