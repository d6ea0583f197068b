"""Baseline: the document store and the annotation cache of armswatch 0.3.

Stores written before migrations existed already hold these tables (made by `create_all`), perhaps
without the newer nullable columns: the tables are created only where missing and the columns added.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

DOCUMENT_COLUMNS = (
    ("content_sha256", lambda: sa.String(64)),
    ("id", lambda: sa.String(512)),
    ("source", lambda: sa.Text()),
    ("form", lambda: sa.String(16)),
    ("title", lambda: sa.Text()),
    ("published", lambda: sa.String(10)),
    ("reference_date", lambda: sa.String(10)),
    ("reference_date_inferred", lambda: sa.Boolean()),
    ("reference_date_basis", lambda: sa.Text()),
    ("outlet", lambda: sa.Text()),
    ("author", lambda: sa.Text()),
    ("body", lambda: sa.Text()),
    ("url", lambda: sa.Text()),
    ("details", lambda: sa.JSON()),
    ("added_at", lambda: sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    tables = set(inspector.get_table_names())
    if "documents" not in tables:
        op.create_table(
            "documents",
            *[sa.Column(name, kind(), primary_key=name == "content_sha256",
                        nullable=name in ("title", "published", "outlet", "author", "url", "details"))
              for name, kind in DOCUMENT_COLUMNS],
        )
        op.create_index("ix_documents_id", "documents", ["id"])
    else:
        present = {c["name"] for c in inspector.get_columns("documents")}
        for name, kind in DOCUMENT_COLUMNS:
            if name not in present:
                op.add_column("documents", sa.Column(name, kind(), nullable=True))
    if "annotations" not in tables:
        op.create_table(
            "annotations",
            sa.Column("content_sha256", sa.String(64), primary_key=True),
            sa.Column("stage", sa.String(64), primary_key=True),
            sa.Column("version", sa.String(64), nullable=False),
            sa.Column("payload", sa.JSON(), nullable=False),
        )


def downgrade() -> None:
    op.drop_table("annotations")
    op.drop_table("documents")
