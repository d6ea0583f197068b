"""Store stage: documents (and later annotations) in an embedded SQLite database, through SQLAlchemy 2."""

from armswatch.store.db import Store, default_database_url

__all__ = ["Store", "default_database_url"]
