"""Store stage: documents, the annotation cache, the dossier as relational tables and the analysts'
decisions, in SQLite (default) or PostgreSQL through SQLAlchemy 2, the schema kept by Alembic migrations.

The review overlay and the queries of the workbench are in `armswatch.store.review`.
"""

from armswatch.store.db import Store, default_database_url
from armswatch.store.engine import open_engine

__all__ = ["Store", "default_database_url", "open_engine"]
