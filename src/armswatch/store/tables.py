"""The dossier as relational tables (issue 14): what the workbench, datasette and SQL users query.

`dossier.json` stays the contract; these tables are a queryable copy of it (decisions applied), filled by
`armswatch.store.write.write_dossier_tables` after every run, plus the analysts' `decisions` overlay and
the `runs` log, which are the store's own. The schema is created and upgraded by the Alembic migrations
in `armswatch.store.migrations`; `tests/test_store.py` checks that these definitions match them.

Wide event columns (actors, date, first sentence) are denormalised on purpose: the event table must page
and facet 100,000 events under 200 ms, without joins. `record` keeps each row's whole JSON for the pages.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

# The event columns that filter, sort and facet the event table, copied into its narrow indexes.
EVENT_KEYS = ("type", "date_start", "status", "credibility", "reliability", "date_end", "first_run",
              "first_seen", "review")
# PostgreSQL sorts NULL last going up, first going down (a backward scan); SQLite the other way. The
# table's default order (newest first, undated last) is that of these indexes read forwards there
# ("DESC NULLS LAST" in the index: SQLite has none) and read backwards here.
NEWEST_FIRST = {"date_start": "DESC NULLS LAST", "id": "DESC"}

runs = Table(
    "runs", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("version", String(32), nullable=False),
    Column("inputs", JSON),
    Column("counts", JSON),
)

entities = Table(
    "entities", metadata,
    Column("id", String(300), primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", String(32), nullable=False, index=True),
    Column("lat", Float),
    Column("lon", Float),
    Column("wikidata", String(32)),
    Column("imo", String(16)),
    Column("flag", String(64)),
    Column("n_events", Integer, nullable=False, default=0, index=True),
    Column("n_documents", Integer, nullable=False, default=0),
    Column("record", JSON, nullable=False),
    Column("roles", JSON),  # role -> events where it plays it (actor, target, vessel, origin, ...)
    Column("timeline", JSON),  # [[YYYY-MM, events], ...] of its dated events, for the entity's timeline
)

entity_aliases = Table(
    "entity_aliases", metadata,
    Column("entity_id", String(300), ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True),
    Column("alias", String(500), primary_key=True),
)

entity_documents = Table(
    "entity_documents", metadata,
    Column("entity_id", String(300), ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True),
    Column("document_id", String(512), primary_key=True, index=True),
)

# The network: two entities that share events, with how many (a < b).
entity_links = Table(
    "entity_links", metadata,
    Column("a", String(300), ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True),
    Column("b", String(300), ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True),
    Column("n", Integer, nullable=False),
    Index("ix_entity_links_b", "b"),
)

events = Table(
    "events", metadata,
    Column("id", String(64), primary_key=True),
    Column("type", String(32), nullable=False),  # led by ix_events_type_keys
    Column("plover", String(16)),
    Column("cameo", String(8)),
    Column("status", String(16), nullable=False),  # these three indexed with the id (below)
    Column("credibility", Integer, nullable=False),
    Column("reliability", String(1), nullable=False),
    Column("date_start", String(10)),  # indexed with date_end (ix_events_dates)
    Column("date_end", String(10)),
    Column("when_text", Text),
    Column("actors", Text, nullable=False, default=""),  # display names, comma-separated
    Column("targets", Text, nullable=False, default=""),
    Column("sentence", Text, nullable=False, default=""),  # the first mention's sentence
    Column("first_document", String(512)),
    Column("n_mentions", Integer, nullable=False, default=0),
    Column("n_documents", Integer, nullable=False, default=0),
    Column("review", String(16)),  # accepted / edited / merged, when an analyst decided so
    Column("first_run", Integer, index=True),  # the run that first wrote it ("new since run N")
    Column("first_seen", String(20), index=True),  # when it was first written (ISO, UTC)
    Column("record", JSON, nullable=False),
    Column("digest", String(40)),  # of what its rows were written from: unchanged events are not rewritten
    Index("ix_events_dates", "date_start", "date_end"),
    # narrow copies of what the event table filters, sorts and facets on (migration 0006)
    Index("ix_events_keys", "id", *EVENT_KEYS),
    Index("ix_events_type_keys", "type", "date_start", "id", *EVENT_KEYS[2:], postgresql_ops=NEWEST_FIRST),
    Index("ix_events_newest", "date_start", "id", postgresql_ops=NEWEST_FIRST),
    # a page sorted by one of these reads its ids in order, and tests the filters, from the index alone
    *(Index(f"ix_events_{key}", key, "id", *(k for k in EVENT_KEYS if k != key))
      for key in ("credibility", "reliability", "status")),
)

# Every entity an event names, by role: actor, target, vessel, or a place role (origin, destination,
# via, location). date_start is copied so that an entity's events page without a join.
event_entities = Table(
    "event_entities", metadata,
    Column("event_id", String(64), ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("entity_id", String(300), primary_key=True),
    Column("role", String(16), primary_key=True),
    Column("date_start", String(10)),
    Column("entity_type", String(32)),  # the entity's type (the country facet groups on it)
    Index("ix_event_entities_entity", "entity_id", "role", "date_start", "event_id"),
    Index("ix_event_entities_event", "event_id", "role", "entity_id", "entity_type"),
    Index("ix_event_entities_entity_day", "entity_id", "date_start", "event_id"),
)

mentions = Table(
    "mentions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(64), ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("document_id", String(512), nullable=False, index=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("type", String(32), nullable=False),
    Column("stance", String(16)),
    Column("trigger", Text),
    Column("text", Text, nullable=False),
    Column("evidence", JSON),  # field -> [start, end] (or entity id -> [start, end]) in the body
    Column("record", JSON, nullable=False),
)

# Places of events with their coordinates, for the map (a route is an origin and a destination).
places = Table(
    "places", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(64), ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("entity_id", String(300), nullable=False, index=True),
    Column("role", String(16), nullable=False),
    Column("name", Text),
    Column("lat", Float),
    Column("lon", Float),
)

sources = Table(
    "sources", metadata,
    Column("name", String(300), primary_key=True),
    Column("reliability", String(1), nullable=False),
    Column("known", Boolean, nullable=False),
    Column("n_events", Integer, nullable=False, default=0),
    Column("n_documents", Integer, nullable=False, default=0),
)

event_sources = Table(
    "event_sources", metadata,
    Column("event_id", String(64), ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("source_name", String(300), primary_key=True, index=True),
    Column("supports", Boolean, nullable=False),
    Index("ix_event_sources_event", "event_id", "supports", "source_name"),
)

# The analysts' overlay: every decision, never edited or deleted (an `undo` decision revokes one).
decisions = Table(
    "decisions", metadata,
    Column("id", String(32), primary_key=True),
    Column("kind", String(32), nullable=False, index=True),
    Column("target", String(512), nullable=False, index=True),
    Column("payload", JSON, nullable=False),
    Column("anchors", JSON),  # an event's mentions as [document, start, end], to find it if its id moves
    Column("user", String(200), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
    Column("why", Text, nullable=False, default=""),
)

# Values computed from the dossier's tables and kept with them: "facets" (the unfiltered event table's).
store_meta = Table(
    "store_meta", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", JSON, nullable=False),
)

#: Tables rewritten from the dossier on every run (children first, for deleting).
DOSSIER_TABLES = (event_sources, places, mentions, event_entities, entity_links, entity_documents,
                  entity_aliases, events, entities, sources)
