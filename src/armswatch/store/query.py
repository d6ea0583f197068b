"""What the workbench asks the store: full-text search, the faceted event table, the pages of an event,
an entity and a document. Plain dataclasses out; the same SQL on SQLite and PostgreSQL except full-text
search (FTS5 there, `tsvector` here; armswatch.store.search). Each must answer under 200 ms on 100,000 events
(scripts/bench_store.py measures it).
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    String,
    Table,
    and_,
    func,
    insert,
    literal,
    literal_column,
    or_,
    select,
    text,
    true,
    union_all,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.sql import ColumnElement, Select

from armswatch.store import tables as t
from armswatch.store.db import DocumentRow
from armswatch.store.engine import is_postgres, reading
from armswatch.store.search import (  # noqa: F401  (search's names re-exported: one import for the pages)
    MARK_END,
    MARK_START,
    WORD,
    SearchHit,
    SearchPage,
    fts5_query,
    search,
    search_by_kind,
)

FACET_SIZE = 15  # values shown per entity facet (actor, target, country, vessel, source)
# Over more matching events than this, the facets of entities and sources are not counted (the page
# names them in `facets_skipped`): they cost a pass over every matching event's roles each, ~0.15 s of
# CPU for 5,000 events on SQLite (scripts/bench_store.py), against the 200 ms a page has. The events'
# own facets are always counted; the unfiltered table's come counted from when the dossier was written.
FACET_MAX_EVENTS = 5_000
# And they are left out when they would end later than this after the page began (its own statements
# first): a budget for the whole page, where datasette's facet_time_limit_ms (200) limits each facet,
# so that a page with its facets answers within issue 14's 200 ms (this much, and the rest for what
# follows) however long its other statements waited for a core. A fixed 100 ms for the facets alone
# let pages run to 250 ms at a load of 25 (scripts/bench_store.py); on a quiet machine, where a page's
# own statements take 10-20 ms, the facets have more time than they had. With less than FACET_MIN_MS
# left they are not started.
FACET_TIME_LIMIT_MS = 150
FACET_MIN_MS = 10
PROGRESS_STEPS = 1000  # SQLite's virtual machine steps between two looks at the clock
ENTITY_FACETS = ("actor", "target", "vessel", "country", "source")


@dataclass(frozen=True)
class EventRow:
    id: str
    type: str
    status: str
    credibility: int
    reliability: str
    date_start: str | None
    date_end: str | None
    when_text: str | None
    actors: str
    targets: str
    sentence: str
    first_document: str | None
    n_mentions: int
    n_documents: int
    review: str | None
    first_run: int | None
    first_seen: str | None


@dataclass
class EventFilters:
    """Filters of the event table; each one left None does not filter. Values of `type`, `status`,
    `reliability` and `credibility` may be one value or a list of them (any of them matches)."""

    type: str | Sequence[str] | None = None
    status: str | Sequence[str] | None = None
    credibility: int | Sequence[int] | None = None
    reliability: str | Sequence[str] | None = None
    actor: str | None = None  # entity ids
    target: str | None = None
    entity: str | None = None  # in any role, or as a place
    country: str | None = None  # a country's entity id, in any role or as a place
    vessel: str | None = None
    source: str | None = None  # an outlet's name
    date_from: str | None = None  # YYYY-MM-DD: events that may overlap the range
    date_to: str | None = None
    new_since: str | None = None  # ISO date: events first written on or after it
    new_since_run: int | None = None  # events first written by this run or a later one
    review: str | None = None  # accepted / edited / merged / "none"
    q: str | None = None  # full text, over the events' sentences


@dataclass(frozen=True)
class EventsPage:
    total: int
    rows: list[EventRow]
    facets: dict[str, list[tuple[str, str, int]]]  # facet -> [(value, label, count)], commonest first
    limit: int
    offset: int
    sort: str
    facets_skipped: tuple[str, ...] = ()  # facets not counted: too many events match (FACET_MAX_EVENTS)
    next_after: str | None = None  # the cursor of the next page (events_page's `after`); None: the last


@dataclass(frozen=True)
class EventPage:
    event: dict[str, Any]  # the dossier's record, decisions applied
    row: EventRow
    documents: dict[str, dict[str, Any]]  # id -> title, outlet, reference_date, url of each mention's report
    entities: dict[str, dict[str, Any]]  # id -> name, type of every entity it names
    decisions: list[Any]


@dataclass(frozen=True)
class EntityPage:
    entity: dict[str, Any]  # the dossier's record (name, type, aliases, coordinates, IMO, flag...)
    n_events: int
    events: list[EventRow]  # newest first, one page of them
    by_month: list[tuple[str, int]]  # (YYYY-MM, events) for the timeline
    neighbours: list[tuple[str, str, str, int]]  # (id, name, type, shared events), most first
    documents: list[dict[str, Any]]  # id, title, reference_date, outlet
    roles: dict[str, int]  # actor / target / vessel / place role -> events
    decisions: list[Any] = field(default_factory=list)


@dataclass(frozen=True)
class DocumentPage:
    document: dict[str, Any]  # every stored field, body included
    mentions: list[dict[str, Any]]  # event_id, start, end, type, text, evidence: offsets into the body
    events: list[EventRow]
    entities: list[dict[str, Any]]  # id, name, type
    decisions: list[Any] = field(default_factory=list)


# ---- the words filter ---------------------------------------------------------------------------

def _event_ids_matching(connection: Connection, engine_is_pg: bool, q: str) -> ColumnElement[bool]:
    if engine_is_pg:
        found = text("SELECT event_id FROM event_fts WHERE tsv @@ plainto_tsquery('english', :q)"
                     ).bindparams(q=" ".join(WORD.findall(q)))
        return t.events.c.id.in_(found.columns(event_id=t.events.c.id.type))
    # event_fts's rowids are the events' own (migration 0006): no row of either is read to match
    found = text("SELECT rowid FROM event_fts WHERE event_fts MATCH :q").bindparams(q=fts5_query(q))
    return literal_column("events.rowid").in_(found.columns(rowid=Integer()))


# ---- the event table ----------------------------------------------------------------------------

_EVENT_COLUMNS = [t.events.c[name] for name in EventRow.__dataclass_fields__]
SORTS = {"date": t.events.c.date_start, "credibility": t.events.c.credibility,
         "reliability": t.events.c.reliability, "type": t.events.c.type, "mentions": t.events.c.n_mentions,
         "documents": t.events.c.n_documents, "first_seen": t.events.c.first_seen, "id": t.events.c.id,
         "status": t.events.c.status}


def _any_of(column: Any, value: Any) -> ColumnElement[bool]:
    values = [value] if isinstance(value, str | int) else list(value)
    return column.in_(values) if len(values) > 1 else column == values[0]


def _has_entity(entity: str, roles: Sequence[str] | None = None) -> ColumnElement[bool]:
    # IN (the entity's event ids), not a correlated EXISTS: the planner starts from the entity's index
    # entries instead of testing every event (75 ms against 5 ms at 10,000 events)
    ee = t.event_entities
    ids = select(ee.c.event_id).where(ee.c.entity_id == entity)
    if roles:
        ids = ids.where(ee.c.role.in_(list(roles)))
    return t.events.c.id.in_(ids)


def _conditions(f: EventFilters, pg: bool, connection: Connection) -> list[ColumnElement[bool]]:
    e = t.events.c
    out: list[ColumnElement[bool]] = []
    for column, value in ((e.type, f.type), (e.status, f.status), (e.credibility, f.credibility),
                          (e.reliability, f.reliability)):
        if value not in (None, "", []):
            out.append(_any_of(column, value))
    for entity, roles in ((f.actor, ["actor"]), (f.target, ["target"]), (f.vessel, ["vessel"]),
                          (f.entity, None), (f.country, None)):
        if entity:
            out.append(_has_entity(entity, roles))
    if f.source:
        es = t.event_sources
        out.append(e.id.in_(select(es.c.event_id).where(es.c.source_name == f.source)))
    # an event overlaps the range; an undated one cannot be said to (and an OR would void the index)
    if f.date_from:
        out.append(e.date_end >= f.date_from)
    if f.date_to:
        out.append(e.date_start <= f.date_to)
    if f.new_since:
        out.append(e.first_seen >= f.new_since)
    if f.new_since_run is not None:
        out.append(e.first_run >= int(f.new_since_run))
    if f.review == "none":
        out.append(e.review.is_(None))
    elif f.review:
        out.append(e.review == f.review)
    if f.q and WORD.search(f.q):
        out.append(_event_ids_matching(connection, pg, f.q))
    return out


def _sort_column(sort: str) -> Any:
    return SORTS.get((sort or "-date").lstrip("-"), t.events.c.date_start)


def _order(sort: str) -> list[Any]:
    """Undated (NULL) values last either way. NULLS LAST only on a column that may be NULL: written on a
    NOT NULL one it kept PostgreSQL from reading its index backwards (it sorted all 100,000 rows)."""
    column = _sort_column(sort)
    if sort.startswith("-"):
        return [column.desc().nulls_last() if column.nullable else column.desc(), t.events.c.id.desc()]
    return [column.asc().nulls_last() if column.nullable else column.asc(), t.events.c.id]


def cursor_of(row: EventRow, sort: str) -> str:
    """Where the next page starts after `row` (keyset pagination): its sort value and id, as JSON."""
    return json.dumps([getattr(row, _sort_column(sort).name), row.id], separators=(",", ":"))


def _after(sort: str, after: str, column: Any = None, ids: Any = None) -> list[ColumnElement[bool]] | None:
    """The rows after a cursor of `cursor_of` in `_order(sort)` (nulls last, then the id), as the
    conditions of one query each, to be read in turn: the dated rows after it, then (on a column that
    may be NULL) the undated ones. Each bounds the sort column itself (`date_start >= v`), so that the
    index read in order starts at the cursor: an OR of "after, or undated" bounded nothing, and a
    page of events matching a word, after the 27,000th in date order, read those 27,000 rows first
    (PostgreSQL, 260 ms). None for a cursor that is not one (a hand-edited link): paged from the start.
    `column` and `ids`: the sort column and the event ids of another table (event_entities') to bound."""
    try:
        value, last_id = json.loads(after)
    except (ValueError, TypeError):
        return None
    if not isinstance(last_id, str) or not isinstance(value, str | int | None) or isinstance(value, bool):
        return None
    # what neither database takes as a value: an integer past 64 bits, a NUL in a string
    if isinstance(value, int) and abs(value) >= 1 << 62 or "\x00" in last_id + str(value):
        return None
    column = _sort_column(sort) if column is None else column
    ids, down = t.events.c.id if ids is None else ids, sort.startswith("-")
    same = ids < last_id if down else ids > last_id
    if value is None:
        return [and_(column.is_(None), same)]
    bound = column <= value if down else column >= value
    dated = and_(bound, or_(column != value, same))
    return [dated, column.is_(None)] if column.nullable else [dated]


def _count(connection: Connection, f: EventFilters, conditions: list[ColumnElement[bool]]) -> int:
    """How many events match. A filter by one entity alone is answered from the entity's summary (its
    events, by role), written with the tables from the same dossier: counting a busy entity's events
    (10,000 of 100,000) cost 10-14 ms of CPU, one lookup costs nothing. Words alone are counted in the
    full-text index."""
    if len(conditions) == 1 and f.q and WORD.search(f.q):
        # words alone: event_fts holds exactly the events (written with them), counted without them
        pg = connection.dialect.name == "postgresql"
        query = ("SELECT count(*) FROM event_fts WHERE tsv @@ plainto_tsquery('english', :q)" if pg else
                 "SELECT count(*) FROM event_fts WHERE event_fts MATCH :q")
        words = " ".join(WORD.findall(f.q)) if pg else fts5_query(f.q)
        return int(connection.execute(text(query), {"q": words}).scalar() or 0)
    single = _single_entity(f, conditions)
    if single is not None:
        entity, role = single
        en = t.entities.c
        found = connection.execute(select(en.n_events, en.roles).where(en.id == entity)).first()
        if found is None:
            return 0
        return int(found.n_events if role is None else (found.roles or {}).get(role, 0))
    where = and_(true(), *conditions)
    return int(connection.execute(select(func.count()).select_from(t.events).where(where)).scalar() or 0)


def _rows(connection: Connection, query: Select[Any]) -> list[EventRow]:
    return [EventRow(**row) for row in connection.execute(query).mappings()]


def _page_rows(connection: Connection, where: ColumnElement[bool], sort: str, limit: int, offset: int,
               after: Sequence[ColumnElement[bool]] = ()) -> list[EventRow]:
    """One page: its ids found and sorted on the events' narrow indexes (ids and sort keys alone), then
    joined to their rows in the same statement (sorting the matching rows whole carried every row's
    sentence and names through the sort; a second statement cost PostgreSQL a wait under load).
    `after`: the keyset conditions of `_after`, read in turn until the page is full."""
    rows: list[EventRow] = []
    e = t.events
    for part in after or [true()]:
        want = limit + offset - len(rows)
        if want <= 0:
            break
        ids = select(e.c.id).where(and_(where, part)).order_by(*_order(sort)).limit(want).subquery("page")
        rows += _rows(connection, select(*_EVENT_COLUMNS).select_from(e.join(ids, ids.c.id == e.c.id))
                      .order_by(*_order(sort)))
    return rows[offset:offset + limit]


def _entity_rows(connection: Connection, entity: str, role: str | None, sort: str, limit: int, offset: int,
                 after: str | None) -> list[EventRow]:
    """A page of one entity's events (in a role, or in any) by date: their ids read in order from the
    entity's index entries (entity, role, date, event), as its page reads them, from the cursor on, and
    joined to their rows. Found among the events instead (their ids in the entity's list, then sorted),
    page 15 of the United States' 8,000 events as an actor cost 18 ms of CPU on SQLite (the bench's
    store), this way well under one."""
    ee, e = t.event_entities.c, t.events
    down = sort.startswith("-")
    # the dated events, then the undated (nulls last): each part read in the index's order
    parts = (_after(sort, after, ee.date_start, ee.event_id) if after else None) or [
        ee.date_start.is_not(None), ee.date_start.is_(None)]
    rows: list[EventRow] = []
    for part in parts:
        want = limit + offset - len(rows)
        if want <= 0:
            break
        ids = select(ee.event_id.label("id"), ee.date_start.label("day")).where(ee.entity_id == entity, part)
        # in any role: an event naming the entity in two roles counted once
        ids = ids.where(ee.role == role) if role else ids.group_by(ee.date_start, ee.event_id)
        order = [ee.date_start.desc(), ee.event_id.desc()] if down else [ee.date_start, ee.event_id]
        page = ids.order_by(*order).limit(want).subquery("page")
        again = [page.c.day.desc(), page.c.id.desc()] if down else [page.c.day, page.c.id]
        rows += _rows(connection, select(*_EVENT_COLUMNS).select_from(e.join(page, page.c.id == e.c.id))
                      .order_by(*again))
    return rows[offset:offset + limit]


def events_page(engine: Engine, filters: EventFilters | None = None, sort: str = "-date", limit: int = 50,
                offset: int = 0, facets: bool = True, after: str | None = None) -> EventsPage:
    """One page of the events matching `filters`, sorted by `sort` (a key of SORTS, '-' for descending),
    with the total and (with `facets`) the counts of each value of type, status, credibility,
    reliability, actor, target, country, vessel and source among the matching events. `after` (the
    previous page's `next_after`) starts the page after that row, without counting the rows before it
    as an offset does; `offset` is then counted from there."""
    f = filters or EventFilters()
    limit, offset = max(1, min(int(limit), 1000)), max(0, int(offset))
    started = time.monotonic()
    with reading(engine) as connection:
        conditions = _conditions(f, is_postgres(engine), connection)
        total, counted, matching, later = _total_and_facets(connection, f, conditions, facets)
        where = and_(true(), *conditions) if matching is None else t.events.c.id.in_(matching)
        single = _single_entity(f, conditions)
        if single is not None and _sort_column(sort) is t.events.c.date_start:
            rows = _entity_rows(connection, *single, sort, limit, offset, after)
        else:
            keyset = (_after(sort, after) if after else None) or []
            rows = _page_rows(connection, where, sort, limit, offset, keyset)
        skipped = _add_entity_facets(connection, counted, later, started) if facets else ()
    next_after = cursor_of(rows[-1], sort) if len(rows) == limit else None
    return EventsPage(total, rows, counted, limit, offset, sort, skipped, next_after)


Facets = dict[str, list[tuple[str, str, int]]]  # facet -> [(value, label, count)], commonest first


def event_facets(engine: Engine, filters: EventFilters | None = None) -> Facets:
    """The facets of `events_page` alone (a page may load them after its rows), with its limit: the
    facets of entities and sources are left out when more than FACET_MAX_EVENTS events match."""
    f = filters or EventFilters()
    started = time.monotonic()
    with reading(engine) as connection:
        conditions = _conditions(f, is_postgres(engine), connection)
        _, counted, _, later = _total_and_facets(connection, f, conditions, True)
        _add_entity_facets(connection, counted, later, started)
        return counted


def _total_and_facets(connection: Connection, f: EventFilters, conditions: list[ColumnElement[bool]],
                      facets: bool) -> tuple[int, Facets, Any, Any]:
    """The matching events' count; with `facets`, the events' own facets (the count is their type
    facet's sum: no statement of its own); where the filter was evaluated into a temporary table, the
    select of its ids (else None); and the select of the ids whose facets of entities and sources are
    still to count (`_add_entity_facets`, last: a page's rows come first), None when none are (over
    FACET_MAX_EVENTS events, or the unfiltered table's, counted when the tables were written)."""
    if not conditions:
        # every event: the count is the type facet's sum, both written with the tables (PostgreSQL's
        # count(*) read all 100,000 index entries, 47 ms)
        every = _facets(connection, None)
        total = sum(n for _, _, n in every.get("type", []))
        return total, (every if facets else {}), None, None
    if not facets:
        return _count(connection, f, conditions), {}, None, None
    where = and_(true(), *conditions)
    matching = None
    # SQLite only: PostgreSQL plans a filter's subqueries into each pass well (hash joins), while a
    # temporary table costs it catalog writes and has no statistics (each pass probed the events' index
    # once a matching event: 4,224 events, 58 ms against 1.3 ms for the filter itself)
    if connection.dialect.name == "sqlite" and (_costly(f, conditions) or f.date_from or f.date_to):
        # evaluated once into a table, with the events' own columns, that the facets' passes and the
        # page then read: a date range reads the date index from one end (an overlap bounds one side
        # only: 1,412 events of 2027's first quarter read 98,000 entries, 11 ms a pass), words and
        # entities read other tables. The own facets then group the table instead of probing the events'
        # index by id (scripts/bench_store.py's store: 2027's quarter 27 -> 15 ms, 'Ukrainian' 9.7 -> 5)
        matching = _materialised(connection, where)
    counted = _own_facets(connection, where, matching)
    total = sum(n for _, _, n in counted["type"])
    if total > FACET_MAX_EVENTS:
        return total, counted, matching, None
    later = matching
    if later is None:
        later = (_materialised(connection, where, own=False)
                 if connection.dialect.name == "sqlite" else select(t.events.c.id).where(where))
    return total, counted, matching, later


def _add_entity_facets(connection: Connection, counted: Facets, ids: Any, started: float) -> tuple[str, ...]:
    """The facets of entities and sources over the events `ids` selects, added to `counted` by
    FACET_TIME_LIMIT_MS after the page began (`started`, time.monotonic()); the facets left out
    (ENTITY_FACETS past the limit or with `ids` None, unless `counted` holds them already: the
    unfiltered table's)."""
    if ids is None:
        return () if "actor" in counted else ENTITY_FACETS
    left = FACET_TIME_LIMIT_MS - (time.monotonic() - started) * 1000
    if left < FACET_MIN_MS:
        return ENTITY_FACETS
    try:
        with _time_limit(connection, left):
            counted.update(_entity_facets(connection, ids))
    except OperationalError as error:  # past the limit: left out, as datasette leaves out a slow facet
        if not _cancelled(error):
            raise
        return ENTITY_FACETS
    return ()


def _single_entity(f: EventFilters, conditions: Sequence[Any]) -> tuple[str, str | None] | None:
    """(entity, role or None) when the filter is one entity's (in a role or any), and nothing else."""
    single = [(v, role) for v, role in ((f.actor, "actor"), (f.target, "target"), (f.vessel, "vessel"),
                                        (f.entity, None), (f.country, None)) if v]
    return single[0] if len(conditions) == 1 and len(single) == 1 else None


def _costly(f: EventFilters, conditions: Sequence[Any]) -> bool:
    """Whether the filter reads other tables than the events' (entities, sources, words), so that
    evaluating it once pays; the events' own columns are read from their narrow indexes."""
    return _single_entity(f, conditions) is None and bool(
        f.actor or f.target or f.vessel or f.entity or f.country or f.source or (f.q and WORD.search(f.q)))


def _facets(connection: Connection, where: ColumnElement[bool] | None, entities: bool = True) -> Facets:
    """The unfiltered table's facets (where None), counted when the tables were written (store_meta
    "facets"); or counted now over the events matching `where`."""
    if where is None:
        meta = t.store_meta.c
        cached = connection.execute(select(meta.value).where(meta.key == "facets")).scalar()
        if cached is not None:
            return {name: [tuple(v) for v in values] for name, values in cached.items()}  # type: ignore[misc]
        return count_facets(connection, None, entities)
    return count_facets(connection, where, entities)


_OWN = ("type", "status", "credibility", "reliability")


def _materialised(connection: Connection, where: ColumnElement[bool], own: bool = True) -> Any:
    """The ids of the events matching `where` (with `own`, their own facets' columns too) as a temporary
    table, read by the facets' passes and the page: the filter is evaluated once, not once a pass.
    Returns the select of its ids, carrying the table (`get_final_froms()`) for `_own_facets`."""
    e = t.events.c
    columns = [Column("id", String(64), primary_key=True)]
    if own:
        columns += [Column(name, e[name].type) for name in _OWN]
    table = Table("facet_events", MetaData(), *columns, prefixes=["TEMPORARY"])
    connection.exec_driver_sql("DROP TABLE IF EXISTS temp.facet_events")
    table.create(connection)
    names = [c.name for c in columns]
    connection.execute(insert(table).from_select(names, select(*(e[n] for n in names)).where(where)))
    return select(table.c.id)


def count_facets(connection: Connection, where: ColumnElement[bool] | None, entities: bool = True,
                 matching: Any = None) -> Facets:
    """Facet counts over the events matching `where` (None: every event), with no time limit (the
    tables' writer counts the unfiltered table's this way); `matching`: their ids, already evaluated
    into a table (`_materialised`). Two statements: the events' own columns grouped together, then the
    entities' and sources' facets together."""
    where = true() if where is None else where
    out = _own_facets(connection, where, matching)
    if entities:
        out.update(_entity_facets(connection, select(t.events.c.id).where(where) if matching is None
                                  else matching))
    return out


def _own_facets(connection: Connection, where: ColumnElement[bool], matching: Any = None) -> Facets:
    """The facets of the events' own columns (type, status, credibility, reliability), grouped together
    in one pass over the events' narrow index, or over the temporary table of `_materialised` that holds
    them."""
    e = t.events.c
    held = matching.get_final_froms()[0] if matching is not None else None
    if held is not None and "type" in held.c:
        source = held.c
        own_query = select(*(source[n] for n in _OWN), func.count()).select_from(held)
    else:
        source = e
        own_query = select(e.type, e.status, e.credibility, e.reliability, func.count())
        # IN, not a join: SQLite's planner, which has no statistics of a temporary table, scanned every
        # event for the join, and probes the id index for the IN
        own_query = own_query.where(where if matching is None else e.id.in_(matching))
    sums: dict[str, Counter[str]] = {name: Counter() for name in _OWN}
    for *values, n in connection.execute(own_query.group_by(*(source[n] for n in _OWN))):
        for name, value in zip(_OWN, values, strict=True):
            sums[name][str(value)] += int(n)
    return {name: [(v, v, n) for v, n in sorted(sums[name].items(), key=lambda x: (-x[1], x[0]))]
            for name in _OWN}


def _entity_facets(connection: Connection, matching: Any) -> Facets:
    """The facets of entities and sources over the events `matching` selects, in one statement (each
    statement cost a PostgreSQL page a wait for its server process under load): the matching events'
    entities grouped once, with a count of each role and of the events naming a country (once however
    many roles it plays), and the sources; each facet's FACET_SIZE commonest kept, named from the
    entities. One pass over the events' entities instead of one for the roles and one for the
    countries: on SQLite, scripts/bench_store.py's store, 18.6 ms of CPU for 3,656 events against 23.7."""
    ee, es, en = t.event_entities, t.event_sources, t.entities
    if connection.dialect.name == "postgresql":
        # one evaluation of the filter for the passes (a CTE read twice is materialised)
        ids = select(matching.subquery().c[0]).cte("facet_ids")
        matching = select(ids.c[0])
    by_entity = (select(ee.c.entity_id.label("value"),
                        *(func.count().filter(ee.c.role == role).label(role)
                          for role in ("actor", "target", "vessel")),
                        func.count(func.distinct(ee.c.event_id)).filter(ee.c.entity_type == "country")
                        .label("country"))
                 .where(ee.c.event_id.in_(matching)).group_by(ee.c.entity_id)).cte("by_entity")
    parts = [select(literal(name, String()).label("facet"), by_entity.c.value, by_entity.c[name].label("n"))
             .where(by_entity.c[name] > 0) for name in ("actor", "target", "vessel", "country")]
    sources = (select(literal("source", String()), es.c.source_name, func.count())
               .where(es.c.supports, es.c.event_id.in_(matching)).group_by(es.c.source_name))
    grouped = union_all(*parts, sources).subquery()
    place = func.row_number().over(partition_by=grouped.c.facet,
                                   order_by=(grouped.c.n.desc(), grouped.c.value))
    ranked = select(grouped, place.label("place")).subquery()
    query = (select(ranked.c.facet, ranked.c.value, ranked.c.n, en.c.name)
             .outerjoin(en, and_(en.c.id == ranked.c.value, ranked.c.facet != "source"))
             .where(ranked.c.place <= FACET_SIZE).order_by(ranked.c.facet, ranked.c.place))
    out: Facets = {name: [] for name in ENTITY_FACETS}
    for facet, value, n, name in connection.execute(query):
        out[facet].append((value, name or value, int(n)))
    return out


@contextmanager
def _time_limit(connection: Connection, milliseconds: float) -> Iterator[None]:
    """Statements run inside are cancelled past `milliseconds` (an OperationalError): SQLite's progress
    handler, as datasette's time limit does it; on PostgreSQL a cancel request sent by a timer (libpq's,
    over a connection of its own), which costs nothing unless it fires: statement_timeout, set before and
    reset after, had cost two round trips a page, each a wait for the server process under load. The
    timer is stopped (and waited for) before the next statement, and a cancel that reaches the server
    after the statement ended does nothing (PostgreSQL's documented behaviour)."""
    raw = connection.connection.driver_connection
    if connection.dialect.name == "sqlite":
        deadline = time.monotonic() + milliseconds / 1000
        raw.set_progress_handler(lambda: int(time.monotonic() > deadline), PROGRESS_STEPS)
        try:
            yield
        finally:
            raw.set_progress_handler(None, 0)
        return
    timer = threading.Timer(milliseconds / 1000, raw.cancel)
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        timer.join()


def _cancelled(error: OperationalError) -> bool:
    """Whether a statement was cancelled by `_time_limit` (not failed otherwise)."""
    return "interrupted" in str(error.orig) or type(error.orig).__name__ == "QueryCanceled"


# ---- pages --------------------------------------------------------------------------------------

def _any_decision(target: str) -> Any:
    """Whether a decision names `target`: a column of a page's first statement, so that the decisions
    (seldom any) cost a statement only where there are some (each one a round trip on PostgreSQL)."""
    return select(t.decisions.c.id).where(t.decisions.c.target == target).exists().label("decided")


def _decisions_about(connection: Connection, targets: Sequence[str]) -> list[Any]:
    from armswatch.store.review import _decision

    query = (select(t.decisions).where(t.decisions.c.target.in_(list(targets)))
             .order_by(t.decisions.c.at, t.decisions.c.id))
    return [_decision(row) for row in connection.execute(query).mappings()]


def event_page(engine: Engine, event_id: str) -> EventPage | None:
    """An event as the dossier has it, with its mentions' reports, its entities and the decisions about it."""
    with reading(engine) as connection:
        found = connection.execute(select(*_EVENT_COLUMNS, t.events.c.record, _any_decision(event_id))
                                   .where(t.events.c.id == event_id)).mappings().first()
        if found is None:
            return None
        record = dict(found["record"])
        row = EventRow(**{k: v for k, v in found.items() if k not in ("record", "decided")})
        names = {m["document"] for m in record.get("mentions", [])}
        d = DocumentRow.__table__.c
        found_documents = connection.execute(
            select(d.id, d.title, d.outlet, d.reference_date, d.url, d.source).where(d.id.in_(sorted(names))))
        documents = {r.id: {"title": r.title, "outlet": r.outlet, "reference_date": r.reference_date,
                            "url": r.url, "source": r.source} for r in found_documents}
        ids = select(t.event_entities.c.entity_id).where(t.event_entities.c.event_id == event_id)
        entities = {r.id: {"name": r.name, "type": r.type, "lat": r.lat, "lon": r.lon}
                    for r in connection.execute(select(t.entities.c.id, t.entities.c.name, t.entities.c.type,
                                                       t.entities.c.lat, t.entities.c.lon)
                                                .where(t.entities.c.id.in_(ids)))}
        merged = (record.get("review") or {}).get("merged", [])
        decisions = _decisions_about(connection, [event_id, *merged]) if found["decided"] or merged else []
    return EventPage(record, row, documents, entities, decisions)


def entity_page(engine: Engine, entity_id: str, limit: int = 50, offset: int = 0) -> EntityPage | None:
    """An entity with one page of its events (newest first), its timeline by month, its neighbours in the
    network, its documents and the roles it plays."""
    en = t.entities.c
    limit, offset = max(1, min(int(limit), 1000)), max(0, int(offset))
    with reading(engine) as connection:
        found = connection.execute(select(en.record, en.n_events, en.roles, en.timeline,
                                          _any_decision(entity_id)).where(en.id == entity_id)).first()
        if found is None:
            return None
        record, n_events, roles, timeline, decided = found
        by_month = [(str(m), int(n)) for m, n in timeline or []]
        events = _entity_events(connection, entity_id, sum(n for _, n in by_month), limit, offset)
        links, en = t.entity_links, t.entities
        # both sides of the links in one statement (each a round trip on PostgreSQL), each side's 50
        # strongest chosen before their names are joined (the busiest entity has thousands of links:
        # naming them all first cost PostgreSQL 30 ms)
        sides = [select(other.label("id"), links.c.n).where(side == entity_id)
                 .order_by(links.c.n.desc(), other).limit(50).subquery()
                 for side, other in ((links.c.a, links.c.b), (links.c.b, links.c.a))]
        both = union_all(*(select(side) for side in sides)).subquery()
        best = select(both).order_by(both.c.n.desc(), both.c.id).limit(50).subquery()
        neighbours = [(i, name, kind, int(n)) for i, name, kind, n in connection.execute(
            select(best.c.id, en.c.name, en.c.type, best.c.n).join(en, en.c.id == best.c.id)
            .order_by(best.c.n.desc(), best.c.id))]
        documents = _entity_documents(connection, entity_id)
        decisions = _decisions_about(connection, [entity_id]) if decided else []
    return EntityPage(dict(record), int(n_events), events, by_month, neighbours, documents,
                      {str(k): int(v) for k, v in (roles or {}).items()}, decisions)


def _entity_documents(connection: Connection, entity_id: str, limit: int = 200) -> list[dict[str, Any]]:
    """An entity's newest reports (id, title, reference_date, outlet). SQLite reads them from a covering
    index (migration 0008); PostgreSQL chooses them from an index of ids and dates, then fetches the
    chosen rows by their key (migration 0009), instead of hashing the whole documents table."""
    d, ed = DocumentRow.__table__.c, t.entity_documents.c
    joined = DocumentRow.__table__.join(t.entity_documents, ed.document_id == d.id)
    if connection.dialect.name != "postgresql":
        query = (select(d.id, d.title, d.reference_date, d.outlet).select_from(joined)
                 .where(ed.entity_id == entity_id).order_by(d.reference_date.desc(), d.id).limit(limit))
    else:
        chosen = (select(d.content_sha256, d.reference_date, d.id).select_from(joined)
                  .where(ed.entity_id == entity_id).order_by(d.reference_date.desc(), d.id).limit(limit)
                  .subquery("chosen"))
        query = (select(d.id, d.title, d.reference_date, d.outlet)
                 .join(chosen, chosen.c.content_sha256 == d.content_sha256)
                 .order_by(chosen.c.reference_date.desc(), chosen.c.id))
    return [{"id": i, "title": title, "reference_date": day, "outlet": outlet}  # (a Row's mapping costs)
            for i, title, day, outlet in connection.execute(query)]


def _entity_events(connection: Connection, entity_id: str, dated: int, limit: int, offset: int
                   ) -> list[EventRow]:
    """One page of an entity's events, newest first, undated ones last: their ids read in order from the
    (entity, date, event) index, grouped (an event may name the entity in several roles), so that the
    busiest entity's page costs what a rare one's does, and joined to their rows in the same statement.
    `dated`: how many of its events have a date."""
    ee, e = t.event_entities.c, t.events
    rows: list[EventRow] = []
    if offset < dated:
        page = (select(ee.event_id, ee.date_start)
                .where(ee.entity_id == entity_id, ee.date_start.is_not(None))
                .group_by(ee.date_start, ee.event_id).order_by(ee.date_start.desc(), ee.event_id.desc())
                .limit(limit).offset(offset).subquery("page"))
        rows = _rows(connection, select(*_EVENT_COLUMNS).select_from(e.join(page, page.c.event_id == e.c.id))
                     .order_by(page.c.date_start.desc(), page.c.event_id.desc()))
    if len(rows) < limit:
        page = (select(ee.event_id).where(ee.entity_id == entity_id, ee.date_start.is_(None))
                .group_by(ee.event_id).order_by(ee.event_id.desc())
                .limit(limit - len(rows)).offset(max(0, offset - dated)).subquery("page"))
        rows += _rows(connection, select(*_EVENT_COLUMNS).select_from(e.join(page, page.c.event_id == e.c.id))
                      .order_by(page.c.event_id.desc()))
    return rows


def document_page(engine: Engine, document_id: str) -> DocumentPage | None:
    """A stored document with every event mention in it (offsets into its body) and the decisions about it."""
    with reading(engine) as connection:
        d = DocumentRow.__table__.c
        found = connection.execute(select(DocumentRow.__table__, _any_decision(document_id))
                                   .where(d.id == document_id).order_by(d.added_at)).mappings().first()
        if found is None:
            return None
        document = {k: v for k, v in found.items() if k not in ("details", "added_at", "decided")}
        details = found["details"] or {}
        document["metadata_basis"] = details.get("metadata_basis") or {}
        document["pages"] = details.get("pages") or []
        document["added_at"] = found["added_at"].isoformat() if found["added_at"] else None
        m = t.mentions.c
        mentions = [dict(r._mapping) for r in connection.execute(
            select(m.event_id, m.start, m.end, m.type, m.stance, m.trigger, m.text, m.evidence)
            .where(m.document_id == document_id).order_by(m.start, m.event_id))]
        ids = sorted({x["event_id"] for x in mentions})
        events = _rows(connection, select(*_EVENT_COLUMNS).where(t.events.c.id.in_(ids))
                       .order_by(t.events.c.date_start, t.events.c.id))
        en = t.entities.c
        entities = [dict(r._mapping) for r in connection.execute(
            select(en.id, en.name, en.type).join(t.entity_documents, t.entity_documents.c.entity_id == en.id)
            .where(t.entity_documents.c.document_id == document_id).order_by(en.type, en.name))]
        decisions = _decisions_about(connection, [document_id]) if found["decided"] else []
    from armswatch.store.review import edit_document_record, in_force

    # the store keeps what the report said; the page shows it with the analysts' decisions applied
    document["excluded"] = False
    for decision in in_force(decisions):
        if decision.kind in ("set_document_date", "edit_document"):
            edit_document_record(document, decision)
        document["excluded"] = document["excluded"] or decision.kind == "exclude_document"
    return DocumentPage(document, mentions, events, entities, decisions)
