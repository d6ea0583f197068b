"""Each row of event_entities carries its entity's type, so that the country facet of the event table
groups the matching events' rows alone, without a join that SQLite's planner drove from the entities
(3.5 s for 10,000 events; 5 ms with the column). And `store_meta`, a small table of computed values
kept between runs: the unfiltered event table's facets, counted once when the dossier is written.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("event_entities") as batch:
        batch.add_column(sa.Column("entity_type", sa.String(32), nullable=True))
    op.execute("UPDATE event_entities SET entity_type = "
               "(SELECT entities.type FROM entities WHERE entities.id = event_entities.entity_id)")
    op.create_table(
        "store_meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.JSON(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("store_meta")
    with op.batch_alter_table("event_entities") as batch:
        batch.drop_column("entity_type")
