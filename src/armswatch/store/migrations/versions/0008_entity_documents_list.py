"""An entity's page lists its newest 200 reports from a covering index of the documents (id, then the
date, title and outlet the list shows), so that a busy entity's thousands of reports are sorted without
reading their rows (each carries the report's whole body): on scripts/bench_store.py's store the
busiest entity (7,700 reports) took 6.5 ms of CPU for the list on SQLite, 2.9 ms with this index.

SQLite only: on PostgreSQL a B-tree entry must fit in a third of a page (about 2.7 kB) and a title is
unbounded, so an INCLUDE of the title could refuse a report's write.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        return
    op.create_index("ix_documents_list", "documents", ["id", "reference_date", "title", "outlet"])
    op.execute("ANALYZE documents")  # without statistics the planner keeps to ix_documents_id


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        return
    op.drop_index("ix_documents_list", table_name="documents")
