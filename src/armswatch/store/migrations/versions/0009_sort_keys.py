"""The event table sorted by credibility, reliability or status pages from an index led by that column and
the id (the order the table sorts in: the column, then the id), carrying the other columns the table
filters on, as ix_events_keys does (migration 0006): the single-column indexes they replace gave no order
of the ids, so an unfiltered page sorted all 100,000 events (PostgreSQL 62 ms), and a later page, bounded
by its cursor's credibility, was read through the index with every row fetched to test the filter
(2027's first quarter by credibility, page 2: 43 ms on SQLite, against 8 ms for the first page sorted
from the date index; scripts/bench_store.py's store).

On PostgreSQL, an entity's newest reports are chosen from an index of the documents' ids and dates
(with their key, to fetch the 200 chosen): they had been found by reading the whole documents table,
each row with its body's pointer, and hashed (the busiest entity: 58 ms against 29, side by side). On
SQLite migration 0008's covering index does it.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

KEYS = ["type", "date_start", "status", "credibility", "reliability", "date_end", "first_run", "first_seen",
        "review"]
SORTED = ("credibility", "reliability", "status")


def upgrade() -> None:
    for column in SORTED:
        op.drop_index(f"ix_events_{column}", table_name="events")
        op.create_index(f"ix_events_{column}", "events", [column, "id", *(k for k in KEYS if k != column)])
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ANALYZE events")  # the planner's statistics of the new indexes
    else:
        op.create_index("ix_documents_list", "documents", ["id", "reference_date"],
                        postgresql_include=["content_sha256"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_documents_list", table_name="documents")
    for column in SORTED:
        op.drop_index(f"ix_events_{column}", table_name="events")
        op.create_index(f"ix_events_{column}", "events", [column])
