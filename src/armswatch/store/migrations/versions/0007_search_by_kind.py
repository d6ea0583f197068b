"""The search page counts and ranks each kind of hit (documents, events, entities) from the index alone:

- on SQLite, `search_fts` made again with its `kind` column indexed (it was UNINDEXED: telling one kind's
  hits from another's read every hit's row, 40-60 ms a kind for a common word on 100,000 events), so
  that a kind is one more word to match (`kind: "event" AND {title body}: (...)`);
- on PostgreSQL, a GIN index of the documents' rows and one of the entities' (events are searched in
  `event_fts`): one kind's hits had been found by the whole table's GIN index ANDed with the bitmap of
  every row of that kind from `ix_search_fts_ref` (12,500 documents: 21 ms of a common word's 38 ms).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


PARTIAL = ("document", "entity")


def _rebuild(kind_column: str) -> None:
    op.execute(f"CREATE VIRTUAL TABLE search_fts_new USING fts5({kind_column}, ref UNINDEXED, title, body, "
               "tokenize='porter unicode61')")
    # the same rowids: nothing points at them, but the order rows were written is kept
    op.execute("INSERT INTO search_fts_new (rowid, kind, ref, title, body) "
               "SELECT rowid, kind, ref, title, body FROM search_fts")
    op.execute("DROP TABLE search_fts")
    op.execute("ALTER TABLE search_fts_new RENAME TO search_fts")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for kind in PARTIAL:
            op.execute(f"CREATE INDEX ix_search_fts_tsv_{kind} ON search_fts USING GIN (tsv) "
                       f"WHERE kind = '{kind}'")
        op.execute("ANALYZE search_fts")
    else:
        _rebuild("kind")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for kind in PARTIAL:
            op.execute(f"DROP INDEX ix_search_fts_tsv_{kind}")
    else:
        _rebuild("kind UNINDEXED")
