"""Each event row keeps a digest of what it was written from, so that a run rewrites only the events
that changed (adding 10 reports to a store of 10,000 rewrote every event); and, on PostgreSQL, the search
rows are indexed by what they point at, so that a changed event's row is found without a scan.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("digest", sa.String(40), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.create_index("ix_search_fts_ref", "search_fts", ["kind", "ref"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_search_fts_ref", table_name="search_fts")
    with op.batch_alter_table("events") as batch:
        batch.drop_column("digest")
