"""Full-text search of the store: documents, events and entities holding every word asked (stemmed), best
first. SQLite searches its FTS5 table `search_fts` (whose `kind` column is indexed, migration 0007, so
that one kind's hits are counted and ranked from the index alone); PostgreSQL the `tsvector` columns under
GIN indexes (`plainto_tsquery`, so the index answers the match). On both, the search page finds events in
their own `event_fts`.

`search_by_kind` answers the search page: the best hits of each kind and each kind's count, in one
statement. `search` ranks every kind together (the API's plain search).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from armswatch.store.engine import is_postgres, reading

# A search snippet marks the words found with these (private-use) characters: the page escapes the
# snippet first, then turns them into <mark> and </mark>, so no text of a report is ever read as markup.
MARK_START, MARK_END = "\ue000", "\ue001"
KINDS = ("entity", "event", "document")
# Both databases rank at most this many documents (or entities) found, the newest written, and count
# them all; events are all ranked. PostgreSQL: ranking reads each hit's tsvector, and a document's (1.9 kB
# on average in scripts/bench_store.py's store, stored compressed out of line) costs as much to read as a
# page has: a common word ('missiles', 8,862 of its 12,500 reports) took 110-205 ms to rank, against
# 24-35 ms to count (EXPLAIN ANALYZE, load 17). SQLite: bm25 reads FTS5's position lists of every hit,
# and the snippets of every row that passes through the page's sorter: the document page of the bench's
# 60 search words took 9.6 ms p50, 22 ms p95 of CPU, 3.3 and 6.5 ranked among the newest 1,000 (load 15;
# 9,186 of 12,500 reports at most), 7.5 and 11.5 with the page's snippets made after ranking.
RANK_MAX = 1_000
_PG_HEADLINE = (f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=10, MaxFragments=2, "
                "FragmentDelimiter=…")
WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class SearchHit:
    kind: str  # document / event / entity
    id: str
    title: str
    snippet: str  # with MARK_START ... MARK_END around the words found
    rank: float  # lower is better


@dataclass(frozen=True)
class SearchPage:
    query: str
    total: int
    hits: list[SearchHit]
    limit: int
    offset: int


def words_of(q: str) -> list[str]:
    return WORD.findall(q or "")


def fts5_query(q: str) -> str:
    """The words of `q` as an FTS5 query that finds rows holding all of them: each word quoted, so that
    no character typed (a quote, a colon, NEAR, a minus) is read as FTS5 syntax."""
    return " ".join(f'"{w}"' for w in words_of(q))


def _fts5_text_query(q: str, kind: str | None = None) -> str:
    """The words of `q` in search_fts's title and body (not its indexed kind: a search for 'event' is
    not every event), of one kind when given."""
    found = f"{{title body}}: ({fts5_query(q)})"
    return f'kind: "{kind}" AND {found}' if kind else found


def _page(limit: int, offset: int) -> tuple[int, int]:
    return max(1, min(int(limit), 500)), max(0, int(offset))


def search(engine: Engine, q: str, limit: int = 20, offset: int = 0,
           kinds: Sequence[str] | None = None) -> SearchPage:
    """Documents, events and entities holding every word of `q` (stemmed), best first, ranked together;
    `kinds` keeps those kinds only."""
    limit, offset = _page(limit, offset)
    if not words_of(q):
        return SearchPage(q, 0, [], limit, offset)
    if kinds and len(set(kinds)) == 1:
        return search_by_kind(engine, q, limit, offset, kinds=list(kinds))[kinds[0]]
    with reading(engine) as connection:
        if is_postgres(engine):
            total, hits = _search_pg(connection, q, limit, offset, kinds)
        else:
            total, hits = _search_sqlite(connection, q, limit, offset, kinds)
    return SearchPage(q, total, hits, limit, offset)


def _kinds_sql(kinds: Sequence[str] | None, params: dict[str, Any]) -> str:
    if not kinds:
        return ""
    names = []
    for i, kind in enumerate(kinds):
        params[f"kind{i}"] = kind
        names.append(f":kind{i}")
    return f" AND kind IN ({', '.join(names)})"


def _search_sqlite(connection: Connection, q: str, limit: int, offset: int, kinds: Sequence[str] | None
                   ) -> tuple[int, list[SearchHit]]:
    params: dict[str, Any] = {"q": _fts5_text_query(q), "limit": limit, "offset": offset,
                              "a": MARK_START, "b": MARK_END}
    where = "search_fts MATCH :q" + _kinds_sql(kinds, params)
    total = connection.execute(text(f"SELECT count(*) FROM search_fts WHERE {where}"), params).scalar() or 0
    rows = connection.execute(text(
        f"SELECT kind, ref, title, snippet(search_fts, 3, :a, :b, '…', 16), "
        f"bm25(search_fts, 0, 0, 1, 1) AS score FROM search_fts WHERE {where} "
        f"ORDER BY score LIMIT :limit OFFSET :offset"), params)
    return int(total), [SearchHit(k, r, title or r, s or "", float(rank)) for k, r, title, s, rank in rows]


def _search_pg(connection: Connection, q: str, limit: int, offset: int, kinds: Sequence[str] | None
               ) -> tuple[int, list[SearchHit]]:
    params: dict[str, Any] = {"q": " ".join(words_of(q)), "limit": limit, "offset": offset,
                              "opts": _PG_HEADLINE}
    where = "tsv @@ plainto_tsquery('english', :q)" + _kinds_sql(kinds, params)
    total = connection.execute(text(f"SELECT count(*) FROM search_fts WHERE {where}"), params).scalar() or 0
    # ts_headline reads the whole body: only for the page's hits, after ranking and limiting
    rows = connection.execute(text(
        "SELECT kind, ref, title, ts_headline('english', body, plainto_tsquery('english', :q), :opts), rank "
        "FROM (SELECT kind, ref, title, body, ts_rank_cd(tsv, plainto_tsquery('english', :q)) AS rank "
        f"FROM search_fts WHERE {where} ORDER BY rank DESC, id LIMIT :limit OFFSET :offset) AS page "
        "ORDER BY rank DESC"), params)
    return int(total), [SearchHit(k, r, title or r, s or "", -float(rank)) for k, r, title, s, rank in rows]


def search_by_kind(engine: Engine, q: str, limit: int = 20, offset: int = 0,
                   kinds: Sequence[str] = KINDS) -> dict[str, SearchPage]:
    """The search page's question: for each kind, its hits `offset` to `offset + limit`, best first, and
    how many there are, in one statement (the page had asked three searches of two statements each,
    every one reading each hit's kind from its row: 300 ms of CPU for a common word on 100,000 events)."""
    limit, offset = _page(limit, offset)
    kinds = [k for k in dict.fromkeys(kinds) if k in KINDS]
    if not words_of(q) or not kinds:
        return {kind: SearchPage(q, 0, [], limit, offset) for kind in kinds}
    pg = is_postgres(engine)
    with reading(engine) as connection:
        rows = connection.execute(*(_by_kind_pg(q, limit, offset, kinds) if pg
                                    else _by_kind_sqlite(q, limit, offset, kinds))).all()
    totals: dict[str, int] = dict.fromkeys(kinds, 0)
    hits: dict[str, list[SearchHit]] = {kind: [] for kind in kinds}
    for part, kind, ref, title, snippet, rank in rows:
        if part == "total":
            totals[kind] = int(rank)
        else:
            hits[kind].append(SearchHit(kind, ref, title or ref, snippet or "", float(rank)))
    return {kind: SearchPage(q, totals[kind], sorted(hits[kind], key=lambda h: (h.rank, h.id)), limit,
                             offset) for kind in kinds}


def _by_kind_sqlite(q: str, limit: int, offset: int, kinds: Sequence[str]) -> tuple[Any, dict[str, Any]]:
    """One compound SELECT: each kind's page (FTS5 ranks and snippets it) and each kind's count, all
    answered by FTS5 indexes. Events come from `event_fts` (the same rows under the events' rowids,
    migration 0006), so the words' doclists hold events alone; documents and entities from search_fts
    with the kind as one more word to match. On the bench's 100,000 events an event word has up to
    31,000 hits: matching `kind: "event" AND ...` in search_fts read the 100,000-entry doclist of
    'event' beside it and ranked 7.8 ms p50, 33 ms p95 of CPU per query (60 of its words, load 15),
    event_fts 3.4 and 25 ms."""
    params: dict[str, Any] = {"limit": limit, "offset": offset, "a": MARK_START, "b": MARK_END,
                              "cap": RANK_MAX - 1}
    parts = []
    for i, kind in enumerate(kinds):
        if kind == "event":
            params[f"q{i}"] = fts5_query(q)
            # ranked and snipped in event_fts; the 50 rows of the page then find their ids by rowid
            # (CROSS JOIN: the planner would otherwise scan events and match each)
            parts.append("SELECT 'hit', 'event', ev.id, p.title, p.snippet, p.score FROM ("
                         "SELECT rowid AS r, title, snippet(event_fts, 1, :a, :b, '…', 16) AS snippet, "
                         f"bm25(event_fts) AS score FROM event_fts WHERE event_fts MATCH :q{i} "
                         "ORDER BY score, rowid LIMIT :limit OFFSET :offset) AS p "
                         "CROSS JOIN events AS ev ON ev.rowid = p.r")
            parts.append(f"SELECT 'total', 'event', NULL, NULL, NULL, count(*) FROM event_fts "
                         f"WHERE event_fts MATCH :q{i}")
            continue
        params[f"q{i}"] = _fts5_text_query(q, kind)
        # ranked among the newest RANK_MAX found (FTS5 walks a doclist by rowid, newest first, cheaply);
        # kind and ref weigh nothing: every row of a kind holds its kind
        newest = (f"search_fts MATCH :q{i} AND rowid >= coalesce((SELECT rowid FROM search_fts WHERE "
                  f"search_fts MATCH :q{i} ORDER BY rowid DESC LIMIT 1 OFFSET :cap), 0)")
        ranked = (f"SELECT rowid AS r, ref, title, bm25(search_fts, 0, 0, 1, 1) AS score FROM search_fts "
                  f"WHERE {newest} ORDER BY score, rowid LIMIT :limit OFFSET :offset")
        if kind == "document":
            # a report's body is long: only the page's rows are snipped, after ranking (inline, every row
            # that entered the sorter's top `limit` on the way was snipped too)
            parts.append("SELECT 'hit', 'document', p.ref, p.title, "
                         "snippet(search_fts, 3, :a, :b, '…', 16), p.score "
                         f"FROM ({ranked}) AS p CROSS JOIN search_fts AS f ON f.rowid = p.r "
                         f"WHERE search_fts MATCH :q{i}")
        else:
            parts.append(f"SELECT * FROM (SELECT 'hit', kind, ref, title, "
                         "snippet(search_fts, 3, :a, :b, '…', 16), "
                         f"bm25(search_fts, 0, 0, 1, 1) AS score FROM search_fts WHERE {newest} "
                         f"ORDER BY score, rowid LIMIT :limit OFFSET :offset)")
        parts.append(f"SELECT 'total', '{kind}', NULL, NULL, NULL, count(*) FROM search_fts "
                     f"WHERE search_fts MATCH :q{i}")
    return text(" UNION ALL ".join(parts)), params


def _by_kind_pg(q: str, limit: int, offset: int, kinds: Sequence[str]) -> tuple[Any, dict[str, Any]]:
    """One statement: the hits of each kind found once by its GIN index (events in event_fts, narrow,
    the others in search_fts under their kind's partial index, migration 0007), counted and ranked
    (documents and entities: their newest-written RANK_MAX), the page's headlined (ts_headline reads
    the whole body: only for the page's hits)."""
    params: dict[str, Any] = {"q": " ".join(words_of(q)), "limit": limit, "offset": offset,
                              "cap": RANK_MAX, "opts": _PG_HEADLINE}
    ctes = ["query AS (SELECT plainto_tsquery('english', :q) AS q)"]
    parts = []
    for i, kind in enumerate(kinds):
        params[f"kind{i}"] = kind
        if kind == "event":  # event_fts's tsvectors are small and stored in line: all ranked as found
            found = ("SELECT event_id AS ref, ts_rank_cd(tsv, query.q) AS rank FROM event_fts, query "
                     "WHERE tsv @@ query.q")
            ranked = f"SELECT ref, rank FROM hits{i}"
        else:  # search_fts's id: the order rows were written
            found = f"SELECT ref, id AS at FROM search_fts, query WHERE kind = :kind{i} AND tsv @@ query.q"
            ranked = (f"SELECT s.ref, ts_rank_cd(s.tsv, query.q) AS rank FROM (SELECT at FROM hits{i} "
                      "ORDER BY at DESC LIMIT :cap) AS h JOIN search_fts AS s ON s.id = h.at, query")
        ctes.append(f"hits{i} AS MATERIALIZED ({found})")
        ctes.append(f"page{i} AS ({ranked} ORDER BY rank DESC, ref LIMIT :limit OFFSET :offset)")
        parts.append(f"SELECT 'hit', :kind{i}, s.ref, s.title, "
                     "ts_headline('english', s.body, query.q, :opts), -p.rank "
                     f"FROM page{i} AS p JOIN search_fts AS s ON s.kind = :kind{i} AND s.ref = p.ref, query")
        parts.append(f"SELECT 'total', :kind{i}, NULL, NULL, NULL, count(*) FROM hits{i}")
    return text("WITH " + ", ".join(ctes) + " " + " UNION ALL ".join(parts)), params
