"""The event table at 100,000 events answered from narrow indexes instead of the wide event rows (a row
carries its whole JSON record, 1.6 kB on average in scripts/bench_store.py's store):

- `ix_events_keys` (id, then every column the table filters, sorts or facets on): an event found by id
  (an entity's, a source's or a search's events) is counted, sorted and faceted without its row;
- `ix_events_type_keys`: the same led by type, so that a type filter pages in date order from it, and
  `ix_events_newest`, so that the unfiltered table does;
- `event_entities` by role with the event's id (a role filter reads no row) and by event with role,
  entity and type (the facets' passes over the matching events read no row);
- `event_sources` by event with the source and whether it supports (the source facet);
- full-text search of events alone, `event_fts`, so that a words filter reads no row of `search_fts`
  (telling an event's row from a document's read each matching row: on SQLite 50 ms for 'missiles',
  15,737 events; on PostgreSQL 7,034 heap blocks): on SQLite an FTS5 table whose rowid is the event
  row's, on PostgreSQL a narrow table of (event id, `tsvector`) under a GIN index.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# PostgreSQL sorts NULL last going up, first going down (a backward scan), SQLite the other way: the
# table's default order, newest first and undated last, is the order of these indexes read forwards
# there (an index "DESC NULLS LAST") and backwards here (SQLite has no NULLS LAST in an index).
NEWEST_FIRST = {"date_start": "DESC NULLS LAST", "id": "DESC"}
KEYS = ["type", "date_start", "status", "credibility", "reliability", "date_end", "first_run", "first_seen",
        "review"]


def upgrade() -> None:
    op.create_index("ix_events_keys", "events", ["id", *KEYS])
    op.create_index("ix_events_type_keys", "events", ["type", "date_start", "id", *KEYS[2:]],
                    postgresql_ops=NEWEST_FIRST)
    op.create_index("ix_events_newest", "events", ["date_start", "id"], postgresql_ops=NEWEST_FIRST)
    op.drop_index("ix_events_type", table_name="events")  # the prefix of ix_events_type_keys
    op.drop_index("ix_event_entities_entity", table_name="event_entities")
    ee = "event_entities"
    op.create_index("ix_event_entities_entity", ee, ["entity_id", "role", "date_start", "event_id"])
    op.create_index("ix_event_entities_event", ee, ["event_id", "role", "entity_id", "entity_type"])
    op.create_index("ix_event_sources_event", "event_sources", ["event_id", "supports", "source_name"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE TABLE event_fts (event_id VARCHAR(64) PRIMARY KEY "
                   "REFERENCES events (id) ON DELETE CASCADE, tsv TSVECTOR NOT NULL)")
        op.execute("INSERT INTO event_fts (event_id, tsv) SELECT search_fts.ref, search_fts.tsv "
                   "FROM search_fts JOIN events ON events.id = search_fts.ref "
                   "WHERE search_fts.kind = 'event'")
        op.execute("CREATE INDEX ix_event_fts_tsv ON event_fts USING GIN (tsv)")
    else:
        op.execute("CREATE VIRTUAL TABLE event_fts USING fts5(title, body, tokenize='porter unicode61')")
        op.execute("INSERT INTO event_fts (rowid, title, body) SELECT events.rowid, search_fts.title, "
                   "search_fts.body FROM search_fts JOIN events ON events.id = search_fts.ref "
                   "WHERE search_fts.kind = 'event'")
        op.execute("ANALYZE")  # the planner's statistics: which index narrows a filter most


def downgrade() -> None:
    op.execute("DROP TABLE event_fts")
    op.drop_index("ix_event_sources_event", table_name="event_sources")
    op.drop_index("ix_event_entities_event", table_name="event_entities")
    op.drop_index("ix_event_entities_entity", table_name="event_entities")
    op.create_index("ix_event_entities_entity", "event_entities", ["entity_id", "role", "date_start"])
    op.create_index("ix_events_type", "events", ["type"])
    op.drop_index("ix_events_newest", table_name="events")
    op.drop_index("ix_events_type_keys", table_name="events")
    op.drop_index("ix_events_keys", table_name="events")
