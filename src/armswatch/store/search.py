"""Full-text search of the store: documents, events and entities holding every word asked (stemmed), best
first. SQLite searches its FTS5 table `search_fts` (whose `kind` column is indexed, migration 0007, so
that one kind's hits are counted and ranked from the index alone); PostgreSQL the `tsvector` columns under
GIN indexes (`plainto_tsquery`, so the index answers the match), events in their narrow `event_fts`.

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

from armswatch.store.engine import is_postgres

# A search snippet marks the words found with these (private-use) characters: the page escapes the
# snippet first, then turns them into <mark> and </mark>, so no text of a report is ever read as markup.
MARK_START, MARK_END = "\ue000", "\ue001"
KINDS = ("entity", "event", "document")
# PostgreSQL ranks at most this many documents (or entities) found, the newest written: ranking reads
# each hit's tsvector, and a document's (1.9 kB on average in scripts/bench_store.py's store, stored
# compressed out of line) costs as much to read as a page has: a common word ('missiles', 8,862 of its
# 12,500 reports) took 110-205 ms to rank, against 24-35 ms to count (EXPLAIN ANALYZE, load 17). The
# count stays exact, and events (small tsvectors, in line in event_fts) are all ranked. SQLite's bm25
# reads FTS5's own index, no row: it ranks every hit.
PG_RANK_MAX = 1_000
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
    with engine.connect() as connection:
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
    with engine.connect() as connection:
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
    """One compound SELECT: each kind's page (FTS5 ranks and snippets it) and each kind's count, both
    answered by the FTS5 index with the kind as one more word to match."""
    params: dict[str, Any] = {"limit": limit, "offset": offset, "a": MARK_START, "b": MARK_END}
    parts = []
    for i, kind in enumerate(kinds):
        params[f"q{i}"] = _fts5_text_query(q, kind)
        # kind and ref weigh nothing: every row of a kind holds its kind
        parts.append("SELECT * FROM (SELECT 'hit', kind, ref, title, "
                     "snippet(search_fts, 3, :a, :b, '…', 16), "
                     f"bm25(search_fts, 0, 0, 1, 1) AS score FROM search_fts WHERE search_fts MATCH :q{i} "
                     f"ORDER BY score, rowid LIMIT :limit OFFSET :offset)")
        parts.append(f"SELECT 'total', '{kind}', NULL, NULL, NULL, count(*) FROM search_fts "
                     f"WHERE search_fts MATCH :q{i}")
    return text(" UNION ALL ".join(parts)), params


def _by_kind_pg(q: str, limit: int, offset: int, kinds: Sequence[str]) -> tuple[Any, dict[str, Any]]:
    """One statement: the hits of each kind found once by its GIN index (events in event_fts, narrow,
    the others in search_fts under their kind's partial index, migration 0007), counted and ranked
    (documents and entities: their newest-written PG_RANK_MAX), the page's headlined (ts_headline reads
    the whole body: only for the page's hits)."""
    params: dict[str, Any] = {"q": " ".join(words_of(q)), "limit": limit, "offset": offset,
                              "cap": PG_RANK_MAX, "opts": _PG_HEADLINE}
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
