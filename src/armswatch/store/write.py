"""Filling the relational tables from a dossier (decisions applied), after every run.

The dossier's tables are brought to the new dossier in one transaction: a reader (the workbench) sees
the old dossier or the new one, never half of each, and nothing of an event the analyst rejected
survives. Only what changed is written again: events by a digest of what their rows hold, documents'
full-text rows when a document is new (indexing every body again would cost most of a large run).
When each event was first written (`first_run`, `first_seen`, for "new since") is kept.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from itertools import combinations, islice
from typing import Any

import orjson
from sqlalchemy import bindparam, delete, func, insert, literal_column, select, text, update
from sqlalchemy.engine import Connection, Engine

from armswatch.dossier.build import read_deferred
from armswatch.store import tables as t
from armswatch.store.db import DocumentRow

PLACE_ROLES = ("origin", "destination", "via", "location")
BATCH = 5000  # rows per INSERT ... VALUES executemany: bounded memory on a 100,000-event store
ANALYZE_ROWS = 1000  # rows sampled an index for SQLite's statistics (its documentation suggests 100-1000)


def record_run(engine: Engine, started_at: datetime, inputs: Sequence[str] = (),
               counts: dict[str, Any] | None = None, finished_at: datetime | None = None) -> int:
    """Log one run (its inputs and counts) and return its number."""
    from armswatch import __version__

    with engine.begin() as connection:
        result = connection.execute(insert(t.runs).values(
            started_at=started_at, finished_at=finished_at or datetime.now(UTC), version=__version__,
            inputs=[str(i) for i in inputs][:1000], counts=counts or {}))
        return int(result.inserted_primary_key[0])


def finish_run(engine: Engine, run_id: int, counts: dict[str, Any]) -> None:
    with engine.begin() as connection:
        connection.execute(update(t.runs).where(t.runs.c.id == run_id)
                           .values(finished_at=datetime.now(UTC), counts=counts))


def pad_start(day: str | None) -> str | None:
    """A YYYY or YYYY-MM start as the first day it can mean, so that date ranges compare as strings."""
    if not day:
        return None
    return day + ("-01-01" if len(day) == 4 else "-01" if len(day) == 7 else "")


def pad_end(day: str | None) -> str | None:
    """A YYYY or YYYY-MM end as the last day it can mean (the 31st of any month: only compared)."""
    if not day:
        return None
    return day + ("-12-31" if len(day) == 4 else "-31" if len(day) == 7 else "")


def write_dossier_tables(engine: Engine, dossier: dict[str, Any], run_id: int | None = None) -> None:
    """Make the dossier's tables hold `dossier` (events, entities, mentions, places, sources, the network,
    the search index), and add its documents the store lacks, in one transaction. Events are written
    again only where they changed (a digest of each event's record and the names it shows), so adding
    ten reports to a store of 10,000 rewrites their events, not every event; entities, sources and the
    network are small and rewritten."""
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    entity_rows = {e["id"]: e for e in dossier.get("entities", [])}
    events = dossier.get("events", [])
    roles = [list(_event_entities(e)) for e in events]
    digests = [_digest(e, rs, entity_rows) for e, rs in zip(events, roles, strict=True)]
    with engine.begin() as connection:
        c = t.events.c
        before = {row.id: row
                  for row in connection.execute(select(c.id, c.first_run, c.first_seen, c.digest))}
        fresh = [i for i, (e, d) in enumerate(zip(events, digests, strict=True))
                 if e["id"] not in before or before[e["id"]].digest != d]
        fresh_ids = {events[i]["id"] for i in fresh}
        current = {e["id"] for e in events}
        stale = [i for i in before if i in fresh_ids or i not in current]
        _delete_events(connection, stale)
        _add_documents(connection, dossier.get("documents", []))
        summaries = _entity_summaries(events, roles)
        rewritten = _write_entities(connection, entity_rows, summaries)
        _replace_if_changed(connection, t.entity_links, "links", list(_links(roles, entity_rows)))
        new = [events[i] for i in fresh]
        new_roles = [roles[i] for i in fresh]
        _insert(connection, t.events, (
            dict(_event_row(x, entity_rows, run_id, now, _seen(before.get(x["id"]))), digest=digests[i])
            for i, x in zip(fresh, new, strict=True)))
        _insert(connection, t.event_entities, (
            {"event_id": e["id"], "entity_id": entity, "role": role,
             "date_start": pad_start((e.get("when") or {}).get("start")),
             "entity_type": entity_rows.get(entity, {}).get("type")}
            for e, rs in zip(new, new_roles, strict=True) for entity, role in dict.fromkeys(rs)))
        _insert(connection, t.mentions, (
            _mention_row(e["id"], m) for e in new for m in e.get("mentions", [])))
        _insert(connection, t.places, (
            {"event_id": e["id"], "entity_id": p["entity"], "role": p.get("role", "location"),
             "name": entity_rows.get(p["entity"], {}).get("name"),
             "lat": entity_rows.get(p["entity"], {}).get("lat"),
             "lon": entity_rows.get(p["entity"], {}).get("lon")}
            for e in new for p in _unique_places(e)))
        _replace_if_changed(connection, t.sources, "sources", _sources(events)[0])
        _insert(connection, t.event_sources, _sources(new)[1])
        _index_for_search(connection, dossier, entity_rows, new, stale, rewritten)
        # the unfiltered event table's facets, counted once here rather than on every visit
        from armswatch.store.query import count_facets

        connection.execute(delete(t.store_meta).where(t.store_meta.c.key == "facets"))
        connection.execute(insert(t.store_meta).values(key="facets", value=count_facets(connection, None)))
        _analyze(connection)


def _analyze(connection: Connection) -> None:
    """The planners' statistics of the tables just written: which index narrows a filter most (a type,
    an entity, a date range). SQLite samples ANALYZE_ROWS rows an index (the whole store's took seconds);
    PostgreSQL's own sample is 30,000 rows a table."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"PRAGMA analysis_limit={ANALYZE_ROWS}")
        connection.exec_driver_sql("ANALYZE")
    else:
        connection.exec_driver_sql("ANALYZE events, event_entities, event_sources, event_fts, entities")


def _seen(row: Any) -> tuple[int | None, str | None] | None:
    return None if row is None else (row.first_run, row.first_seen)


def _digest(event: dict[str, Any], roles: Sequence[tuple[str, str]], entities: dict[str, dict[str, Any]]
            ) -> str:
    """What an event's rows are made of: its record, and the name, type and place of each entity in it."""
    named = sorted({x for x, _ in roles})
    shown = [[x, *(entities.get(x, {}).get(k) for k in ("name", "type", "lat", "lon"))] for x in named]
    return _sha1([event, shown])


def _sha1(value: Any) -> str:
    """A digest of JSON data, keys sorted: orjson's encoding (json.dumps with sorted keys was two thirds
    of rewriting the tables of 10,000 stored reports, issue 16)."""
    try:
        raw = orjson.dumps(value, default=str, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)
    except (TypeError, orjson.JSONEncodeError):  # a value orjson refuses (an int past 64 bits, say)
        raw = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")
    return hashlib.sha1(raw).hexdigest()


ENTITY_DIGESTS = "entity_digests"  # store_meta key: entity id -> digest of its rows, as last written


def _write_entities(connection: Connection, entities: dict[str, dict[str, Any]],
                    summaries: dict[str, tuple[int, Counter[str], Counter[str]]]) -> set[str]:
    """Bring the entity tables (entities, aliases, documents) to `entities`, writing only the entities
    whose rows changed (a digest of each, kept in store_meta): adding ten reports to a store of 10,000
    rewrote 231,689 rows of entity_documents, for the few entities the new reports name. Returns the ids
    written (new or changed) or removed, whose search rows are to be written again."""
    rows = {i: _entity_row(e, summaries.get(i)) for i, e in entities.items()}
    aliases = {i: list(dict.fromkeys(a[:500] for a in e.get("aliases", []))) for i, e in entities.items()}
    digests = {i: _sha1([row, aliases[i]]) for i, row in rows.items()}
    meta = t.store_meta.c
    found = connection.execute(select(meta.value).where(meta.key == ENTITY_DIGESTS)).first()
    before: dict[str, str] = dict(found[0]) if found is not None else {}
    stored = connection.execute(select(func.count()).select_from(t.entities)).scalar_one()
    if stored != len(before):  # tables written otherwise (an older version): everything again
        for table in (t.entity_links, t.entity_documents, t.entity_aliases, t.entities):
            connection.execute(delete(table))
        connection.execute(delete(t.store_meta).where(meta.key == "digest_links"))
        before = {}
    gone = [i for i in before if i not in digests]
    changed = [i for i, d in digests.items() if i in before and before[i] != d]
    added = [i for i in digests if i not in before]
    for start in range(0, len(gone), 500):  # children first: SQLite enforces no cascade here
        chunk = gone[start:start + 500]
        for table in (t.entity_documents, t.entity_aliases):
            connection.execute(delete(table).where(table.c.entity_id.in_(chunk)))
        links = t.entity_links.c
        connection.execute(delete(t.entity_links).where(links.a.in_(chunk) | links.b.in_(chunk)))
        connection.execute(delete(t.entities).where(t.entities.c.id.in_(chunk)))
    if changed:  # updated in place: deleting the rows would cascade to the links on PostgreSQL
        c = t.entities.c
        columns = [k for k in rows[changed[0]] if k != "id"]
        statement = update(t.entities).where(c.id == bindparam("v_id")).values(
            {k: bindparam("v_" + k, type_=c[k].type) for k in columns})
        for start in range(0, len(changed), BATCH):
            connection.execute(statement, [{"v_" + k: rows[i][k] for k in ("id", *columns)}
                                           for i in changed[start:start + BATCH]])
    _insert(connection, t.entities, (rows[i] for i in added))
    # aliases and documents of the changed entities by difference: a much-named country's documents
    # are thousands of rows, of which a run adds a few
    documents = {i: list(dict.fromkeys(e.get("documents", []))) for i, e in entities.items()}
    for table, column, wanted in ((t.entity_aliases, "alias", aliases),
                                  (t.entity_documents, "document_id", documents)):
        have: dict[str, set[str]] = defaultdict(set)
        for start in range(0, len(changed), 500):
            chunk = changed[start:start + 500]
            for entity, value in connection.execute(
                    select(table.c.entity_id, table.c[column]).where(table.c.entity_id.in_(chunk))):
                have[entity].add(value)
        drop = [{"e": i, "v": v} for i in changed for v in have[i] - set(wanted[i])]
        if drop:
            connection.execute(delete(table).where((table.c.entity_id == bindparam("e"))
                                                   & (table.c[column] == bindparam("v"))), drop)
        _insert(connection, table, ({"entity_id": i, column: v} for i in (*changed, *added)
                                    for v in wanted[i] if v not in have[i]))
    connection.execute(delete(t.store_meta).where(t.store_meta.c.key == ENTITY_DIGESTS))
    connection.execute(insert(t.store_meta).values(key=ENTITY_DIGESTS, value=digests))
    return {*gone, *changed, *added}


def _replace_if_changed(connection: Connection, table: Any, name: str, rows: list[dict[str, Any]]) -> None:
    """A small derived table (the network, the sources) written again only when its rows changed."""
    key = f"digest_{name}"
    digest = _sha1(rows)
    found = connection.execute(select(t.store_meta.c.value).where(t.store_meta.c.key == key)).first()
    if found is not None and found[0] == digest:
        return
    connection.execute(delete(table))
    _insert(connection, table, rows)
    connection.execute(delete(t.store_meta).where(t.store_meta.c.key == key))
    connection.execute(insert(t.store_meta).values(key=key, value=digest))


def _delete_events(connection: Connection, ids: Sequence[str]) -> None:
    """Events (and their rows in the child tables, and in SQLite's event_fts) that are gone or changed."""
    sqlite = connection.dialect.name == "sqlite"
    for start in range(0, len(ids), 500):
        chunk = list(ids[start:start + 500])
        if sqlite:
            rowids = list(connection.execute(select(literal_column("rowid")).select_from(t.events)
                                             .where(t.events.c.id.in_(chunk))).scalars())
            if rowids:
                connection.execute(text("DELETE FROM event_fts WHERE rowid = :r"), [{"r": r} for r in rowids])
        for table in (t.event_sources, t.places, t.mentions, t.event_entities):
            connection.execute(delete(table).where(table.c.event_id.in_(chunk)))
        connection.execute(delete(t.events).where(t.events.c.id.in_(chunk)))


def _index_documents(connection: Connection, add: Any, documents: Iterable[dict[str, Any]]) -> None:
    batch = [{"kind": "document", "ref": d["id"], "title": d.get("title") or d["id"],
              "body": _text(d["body"])} for d in documents]
    if batch := [r for r in batch if r["body"]]:
        connection.execute(add, batch)


def _insert(connection: Connection, table: Any, rows: Iterable[dict[str, Any]]) -> None:
    iterator: Iterator[dict[str, Any]] = iter(rows)
    while batch := list(islice(iterator, BATCH)):
        connection.execute(insert(table), batch)


def _add_documents(connection: Connection, documents: Sequence[dict[str, Any]]) -> None:
    """Documents of a dossier that came from elsewhere (a dossier.json loaded into a new store)."""
    # only the dossier's own hashes asked for, a chunk at a time: the store's every hash was 0.15 kB a
    # stored report held at the run's end (a million-line feed's store, issue 16)
    column = DocumentRow.content_sha256
    hashes = list(dict.fromkeys(d["content_sha256"] for d in documents
                                if d.get("content_sha256") and "body" in d))
    known: set[str] = set()
    for start in range(0, len(hashes), 500):
        chunk = hashes[start:start + 500]
        known.update(connection.execute(select(column).where(column.in_(chunk))).scalars())
    now = datetime.now(UTC)
    rows = [
        {"content_sha256": d["content_sha256"], "id": d["id"], "source": d.get("source", d["id"]),
         "form": d.get("form", "text"), "title": d.get("title"), "published": d.get("published"),
         "reference_date": d.get("reference_date"), "outlet": d.get("outlet"), "author": d.get("author"),
         "reference_date_inferred": bool(d.get("reference_date_inferred")),
         "reference_date_basis": d.get("reference_date_basis", ""), "body": _text(d["body"]),
         "url": d.get("url"),
         "details": {"metadata_basis": d.get("metadata_basis") or {}, "pages": []}, "added_at": now}
        for d in documents if d.get("content_sha256") and "body" in d and d["content_sha256"] not in known
    ]
    _insert(connection, DocumentRow.__table__, rows)


def _text(body: Any) -> str:
    """A document's body, read from the store where the dossier left it (dossier.build.read_deferred)."""
    return body if isinstance(body, str) else read_deferred(body)


def _event_entities(event: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for role, key in (("actor", "actor"), ("target", "target"), ("vessel", "vessels")):
        for entity in event.get(key, []):
            yield entity, role
    for place in event.get("places", []):
        yield place["entity"], place.get("role", "location")


def _unique_places(event: dict[str, Any]) -> list[dict[str, Any]]:
    return list({(p["entity"], p.get("role")): p for p in event.get("places", [])}.values())


def _entity_summaries(events: Sequence[dict[str, Any]], roles: Sequence[Sequence[tuple[str, str]]]
                      ) -> dict[str, tuple[int, Counter[str], Counter[str]]]:
    """entity id -> (events naming it, events by role, dated events by month)."""
    out: dict[str, tuple[int, Counter[str], Counter[str]]] = {}
    for event, rs in zip(events, roles, strict=True):
        month = (pad_start((event.get("when") or {}).get("start")) or "")[:7]
        by_entity: dict[str, set[str]] = {}
        for entity, role in rs:
            by_entity.setdefault(entity, set()).add(role)
        for entity, played in by_entity.items():
            n, role_counts, months = out.get(entity) or (0, Counter(), Counter())
            role_counts.update(played)
            if month:
                months[month] += 1
            out[entity] = (n + 1, role_counts, months)
    return out


def _entity_row(entity: dict[str, Any], summary: tuple[int, Counter[str], Counter[str]] | None
                ) -> dict[str, Any]:
    n_events, roles, months = summary or (0, Counter(), Counter())
    return {"id": entity["id"], "name": entity["name"], "type": entity["type"], "lat": entity.get("lat"),
            "lon": entity.get("lon"), "wikidata": entity.get("wikidata"), "imo": entity.get("imo"),
            "flag": entity.get("flag"), "n_events": n_events,
            "n_documents": len(set(entity.get("documents", []))), "record": entity,
            "roles": dict(sorted(roles.items())), "timeline": sorted([m, n] for m, n in months.items())}


def _names(ids: Sequence[str], entities: dict[str, dict[str, Any]]) -> str:
    return ", ".join(entities.get(i, {}).get("name", i) for i in ids)


def _event_row(event: dict[str, Any], entities: dict[str, dict[str, Any]], run_id: int | None, now: str,
               seen: tuple[int | None, str | None] | None) -> dict[str, Any]:
    when = event.get("when") or {}
    mentions = event.get("mentions", [])
    first = mentions[0] if mentions else {}
    first_run, first_seen = seen if seen is not None else (run_id, now)
    return {
        "id": event["id"], "type": event["type"], "plover": event.get("plover"), "cameo": event.get("cameo"),
        "status": event.get("status", "asserted"), "credibility": int(event.get("credibility", 6)),
        "reliability": event.get("reliability", "F"),
        "date_start": pad_start(when.get("start")), "date_end": pad_end(when.get("end") or when.get("start")),
        "when_text": when.get("text"),
        "actors": _names(event.get("actor", []), entities),
        "targets": _names(event.get("target", []), entities),
        "sentence": first.get("text", ""), "first_document": first.get("document"),
        "n_mentions": len(mentions), "n_documents": len({m["document"] for m in mentions}),
        "review": (event.get("review") or {}).get("status"),
        "first_run": first_run, "first_seen": first_seen or now, "record": event,
    }


def _mention_row(event_id: str, mention: dict[str, Any]) -> dict[str, Any]:
    return {"event_id": event_id, "document_id": mention["document"], "start": mention["start"],
            "end": mention["end"], "type": mention.get("type", ""), "stance": mention.get("stance"),
            "trigger": mention.get("trigger"), "text": mention.get("text", ""),
            "evidence": mention.get("evidence"), "record": mention}


def _links(roles: Sequence[Sequence[tuple[str, str]]], entities: dict[str, Any]) -> Iterator[dict[str, Any]]:
    counts: Counter[tuple[str, str]] = Counter()
    for rs in roles:
        ids = sorted({entity for entity, _ in rs if entity in entities})
        counts.update(combinations(ids, 2))
    for (a, b), n in sorted(counts.items()):
        yield {"a": a, "b": b, "n": n}


def _sources(events: Sequence[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Sources (outlets) with their grade and counts, and which events each one speaks for."""
    grade: dict[str, str] = {}
    known: dict[str, bool] = {}
    n_events: Counter[str] = Counter()
    documents: dict[str, set[str]] = {}
    links: dict[tuple[str, str], bool] = {}
    for event in events:
        for x in event.get("source_list", []):
            name = str(x.get("name", ""))[:300]
            if not name:
                continue
            grade[name] = min(grade.get(name, "F"), x.get("reliability", "F"))
            known[name] = known.get(name, False) or bool(x.get("known"))
            key = (event["id"], name)
            if key not in links:
                n_events[name] += 1
            links[key] = links.get(key, False) or bool(x.get("supports"))
            documents.setdefault(name, set()).update(x.get("documents", []))
    sources = [{"name": n, "reliability": grade[n], "known": known[n], "n_events": n_events[n],
                "n_documents": len(documents[n])} for n in sorted(grade)]
    return sources, [{"event_id": e, "source_name": n, "supports": s} for (e, n), s in links.items()]


def _index_for_search(connection: Connection, dossier: dict[str, Any], entities: dict[str, dict[str, Any]],
                      events: Sequence[dict[str, Any]], stale: Sequence[str], rewritten: set[str]) -> None:
    """Entities indexed again when written again (`rewritten`: new, changed or gone); events only when
    new or changed (`events`), those gone or changed (`stale`) taken out; documents only when new (a body
    does not change), and those no longer in the dossier (excluded) taken out."""
    ids = sorted(rewritten)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ", ".join(f":r{i}" for i in range(len(chunk)))
        connection.execute(text(f"DELETE FROM search_fts WHERE kind = 'entity' AND ref IN ({marks})"),
                           {f"r{i}": ref for i, ref in enumerate(chunk)})
    for start in range(0, len(stale), 500):
        chunk = list(stale[start:start + 500])
        marks = ", ".join(f":r{i}" for i in range(len(chunk)))
        connection.execute(text(f"DELETE FROM search_fts WHERE kind = 'event' AND ref IN ({marks})"),
                           {f"r{i}": ref for i, ref in enumerate(chunk)})
    indexed = set(connection.execute(text("SELECT ref FROM search_fts WHERE kind = 'document'")).scalars())
    # the documents taken one at a time, twice (a run's are made from its articles as read, issue 16);
    # the new ones' texts read a batch at a time (a run's dossier leaves them in the store)
    documents = dossier.get("documents", [])
    gone = indexed - {d["id"] for d in documents}
    if gone:
        connection.execute(text("DELETE FROM search_fts WHERE kind = 'document' AND ref = :ref"),
                           [{"ref": ref} for ref in gone])
    add = text("INSERT INTO search_fts (kind, ref, title, body) VALUES (:kind, :ref, :title, :body)")
    seen: set[str] = set()  # an id once (ids are unique in a dossier; the first record of one wins)
    new: list[dict[str, Any]] = []
    for d in documents:
        if d["id"] not in indexed and d["id"] not in seen and d.get("body"):
            new.append(d)
            if len(new) == BATCH:
                _index_documents(connection, add, new)
                new.clear()
        seen.add(d["id"])
    _index_documents(connection, add, new)
    rows: list[dict[str, Any]] = [
        {"kind": "event", "ref": e["id"],
         "title": f"{e['type']}: {_names(e.get('actor', []), entities)} → "
                  f"{_names(e.get('target', []), entities)}",
         "body": "\n".join(dict.fromkeys(m.get("text", "") for m in e.get("mentions", [])))}
        for e in events]
    rows += [{"kind": "entity", "ref": e["id"], "title": e["name"], "body": " ".join(e.get("aliases", []))}
             for e in entities.values() if e["id"] in rewritten]
    for start in range(0, len(rows), BATCH):
        connection.execute(add, rows[start:start + BATCH])
    events_rows = [r for r in rows if r["kind"] == "event"]
    if connection.dialect.name == "sqlite":
        _index_events_sqlite(connection, events_rows)
    else:  # the stale events' rows went with their events (ON DELETE CASCADE)
        add = text("INSERT INTO event_fts (event_id, tsv) VALUES (:ref, to_tsvector('english', "
                   "coalesce(CAST(:title AS TEXT), '') || ' ' || CAST(:body AS TEXT)))")
        for start in range(0, len(events_rows), BATCH):
            connection.execute(add, [{k: r[k] for k in ("ref", "title", "body")}
                                     for r in events_rows[start:start + BATCH]])


def _index_events_sqlite(connection: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """SQLite's event_fts: the events' search rows again, under their event rows' rowids, so that the
    event table's words filter finds events without reading a row (migration 0006)."""
    add = text("INSERT INTO event_fts (rowid, title, body) VALUES (:rowid, :title, :body)")
    for start in range(0, len(rows), 500):
        chunk = rows[start:start + 500]
        rowid = dict(connection.execute(select(t.events.c.id, literal_column("rowid")).select_from(t.events)
                                        .where(t.events.c.id.in_([r["ref"] for r in chunk]))).all())
        connection.execute(add, [{"rowid": rowid[r["ref"]], "title": r["title"], "body": r["body"]}
                                 for r in chunk if r["ref"] in rowid])
