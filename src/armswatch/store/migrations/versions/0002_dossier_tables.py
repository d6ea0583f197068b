"""The dossier as relational tables, the analysts' decisions, the runs, and full-text search.

SQLite searches with an FTS5 table (porter stemming, as PostgreSQL's 'english' configuration does);
PostgreSQL with a generated `tsvector` column under a GIN index.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('decisions',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('target', sa.String(length=512), nullable=False),
        sa.Column('payload', sa.JSON(), nullable=False),
        sa.Column('anchors', sa.JSON(), nullable=True),
        sa.Column('user', sa.String(length=200), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('why', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('id')
        )
    op.create_index(op.f('ix_decisions_at'), 'decisions', ['at'])
    op.create_index(op.f('ix_decisions_kind'), 'decisions', ['kind'])
    op.create_index(op.f('ix_decisions_target'), 'decisions', ['target'])
    op.create_table('entities',
        sa.Column('id', sa.String(length=300), nullable=False),
        sa.Column('name', sa.Text(), nullable=False),
        sa.Column('type', sa.String(length=32), nullable=False),
        sa.Column('lat', sa.Float(), nullable=True),
        sa.Column('lon', sa.Float(), nullable=True),
        sa.Column('wikidata', sa.String(length=32), nullable=True),
        sa.Column('imo', sa.String(length=16), nullable=True),
        sa.Column('flag', sa.String(length=64), nullable=True),
        sa.Column('n_events', sa.Integer(), nullable=False),
        sa.Column('n_documents', sa.Integer(), nullable=False),
        sa.Column('record', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('id')
        )
    op.create_index(op.f('ix_entities_n_events'), 'entities', ['n_events'])
    op.create_index(op.f('ix_entities_type'), 'entities', ['type'])
    op.create_table('events',
        sa.Column('id', sa.String(length=64), nullable=False),
        sa.Column('type', sa.String(length=32), nullable=False),
        sa.Column('plover', sa.String(length=16), nullable=True),
        sa.Column('cameo', sa.String(length=8), nullable=True),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('credibility', sa.Integer(), nullable=False),
        sa.Column('reliability', sa.String(length=1), nullable=False),
        sa.Column('date_start', sa.String(length=10), nullable=True),
        sa.Column('date_end', sa.String(length=10), nullable=True),
        sa.Column('when_text', sa.Text(), nullable=True),
        sa.Column('actors', sa.Text(), nullable=False),
        sa.Column('targets', sa.Text(), nullable=False),
        sa.Column('sentence', sa.Text(), nullable=False),
        sa.Column('first_document', sa.String(length=512), nullable=True),
        sa.Column('n_mentions', sa.Integer(), nullable=False),
        sa.Column('n_documents', sa.Integer(), nullable=False),
        sa.Column('review', sa.String(length=16), nullable=True),
        sa.Column('first_run', sa.Integer(), nullable=True),
        sa.Column('first_seen', sa.String(length=20), nullable=True),
        sa.Column('record', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('id')
        )
    op.create_index(op.f('ix_events_credibility'), 'events', ['credibility'])
    op.create_index(op.f('ix_events_date_start'), 'events', ['date_start'])
    op.create_index(op.f('ix_events_first_run'), 'events', ['first_run'])
    op.create_index(op.f('ix_events_first_seen'), 'events', ['first_seen'])
    op.create_index(op.f('ix_events_reliability'), 'events', ['reliability'])
    op.create_index(op.f('ix_events_status'), 'events', ['status'])
    op.create_index(op.f('ix_events_type'), 'events', ['type'])
    op.create_table('runs',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('version', sa.String(length=32), nullable=False),
        sa.Column('inputs', sa.JSON(), nullable=True),
        sa.Column('counts', sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint('id')
        )
    op.create_table('sources',
        sa.Column('name', sa.String(length=300), nullable=False),
        sa.Column('reliability', sa.String(length=1), nullable=False),
        sa.Column('known', sa.Boolean(), nullable=False),
        sa.Column('n_events', sa.Integer(), nullable=False),
        sa.Column('n_documents', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('name')
        )
    op.create_table('entity_aliases',
        sa.Column('entity_id', sa.String(length=300), nullable=False),
        sa.Column('alias', sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('entity_id', 'alias')
        )
    op.create_table('entity_documents',
        sa.Column('entity_id', sa.String(length=300), nullable=False),
        sa.Column('document_id', sa.String(length=512), nullable=False),
        sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('entity_id', 'document_id')
        )
    op.create_index(op.f('ix_entity_documents_document_id'), 'entity_documents', ['document_id'])
    op.create_table('entity_links',
        sa.Column('a', sa.String(length=300), nullable=False),
        sa.Column('b', sa.String(length=300), nullable=False),
        sa.Column('n', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['a'], ['entities.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['b'], ['entities.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('a', 'b')
        )
    op.create_index('ix_entity_links_b', 'entity_links', ['b'])
    op.create_table('event_entities',
        sa.Column('event_id', sa.String(length=64), nullable=False),
        sa.Column('entity_id', sa.String(length=300), nullable=False),
        sa.Column('role', sa.String(length=16), nullable=False),
        sa.Column('date_start', sa.String(length=10), nullable=True),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('event_id', 'entity_id', 'role')
        )
    op.create_index('ix_event_entities_entity', 'event_entities', ['entity_id', 'role', 'date_start'])
    op.create_index('ix_event_entities_entity_date', 'event_entities', ['entity_id', 'date_start'])
    op.create_table('event_sources',
        sa.Column('event_id', sa.String(length=64), nullable=False),
        sa.Column('source_name', sa.String(length=300), nullable=False),
        sa.Column('supports', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('event_id', 'source_name')
        )
    op.create_index(op.f('ix_event_sources_source_name'), 'event_sources', ['source_name'])
    op.create_table('mentions',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('event_id', sa.String(length=64), nullable=False),
        sa.Column('document_id', sa.String(length=512), nullable=False),
        sa.Column('start', sa.Integer(), nullable=False),
        sa.Column('end', sa.Integer(), nullable=False),
        sa.Column('type', sa.String(length=32), nullable=False),
        sa.Column('stance', sa.String(length=16), nullable=True),
        sa.Column('trigger', sa.Text(), nullable=True),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('evidence', sa.JSON(), nullable=True),
        sa.Column('record', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id')
        )
    op.create_index(op.f('ix_mentions_document_id'), 'mentions', ['document_id'])
    op.create_index(op.f('ix_mentions_event_id'), 'mentions', ['event_id'])
    op.create_table('places',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('event_id', sa.String(length=64), nullable=False),
        sa.Column('entity_id', sa.String(length=300), nullable=False),
        sa.Column('role', sa.String(length=16), nullable=False),
        sa.Column('name', sa.Text(), nullable=True),
        sa.Column('lat', sa.Float(), nullable=True),
        sa.Column('lon', sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id')
        )
    op.create_index(op.f('ix_places_entity_id'), 'places', ['entity_id'])
    op.create_index(op.f('ix_places_event_id'), 'places', ['event_id'])
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE TABLE search_fts (id BIGSERIAL PRIMARY KEY, kind VARCHAR(16) NOT NULL, "
                   "ref VARCHAR(512) NOT NULL, title TEXT, body TEXT NOT NULL, "
                   "tsv TSVECTOR GENERATED ALWAYS AS "
                   "(to_tsvector('english', coalesce(title, '') || ' ' || body)) STORED)")
        op.execute("CREATE INDEX ix_search_fts_tsv ON search_fts USING GIN (tsv)")
    else:
        op.execute("CREATE VIRTUAL TABLE search_fts USING fts5(kind UNINDEXED, ref UNINDEXED, title, body, "
                   "tokenize='porter unicode61')")


def downgrade() -> None:
    op.execute("DROP TABLE search_fts")
    for table in ("decisions", "event_sources", "places", "mentions", "event_entities", "entity_links",
                  "entity_documents", "entity_aliases", "events", "entities", "sources", "runs"):
        op.drop_table(table)
