"""Opening a store: one SQLAlchemy engine, its schema brought up to date by the Alembic migrations.

Every opener (a run, `armswatch serve`, a script) calls `open_engine`, so a store written by an older
version is upgraded in place the first time a newer one opens it. Two processes opening one store at
once migrate one after the other: PostgreSQL under a transaction-scoped advisory lock, SQLite under a
lock file beside the database (SQLite has no advisory locks, and a second `CREATE TABLE` would fail).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, event, exc, text
from sqlalchemy.engine import Connection, Engine

#: The newest migration; `tests/test_store.py` checks it is the scripts' head.
HEAD = "0009"
MIGRATIONS = "armswatch.store:migrations"
# pg_advisory_xact_lock key for migrating (an arbitrary constant: "armswatch" in ASCII, truncated)
MIGRATE_LOCK_KEY = 0x61726D7377617463
SQLITE_BUSY_SECONDS = 30  # a writer waits this long for another process's write to finish
# Reads through a memory map and a larger page cache: with SQLite's defaults (2 MB of cache, a read()
# call a page) the event table's queries over scripts/bench_store.py's 100,000 events spent about as
# much CPU in system calls as in SQL (one actor's page 86 -> 50 ms, a type's facets 104 -> 53 ms). The
# map is address space, not memory; the cache is per connection, at most this much.
SQLITE_MMAP_BYTES = 1 << 30
# An `analyze` run reads its store once over, a chunk at a time: what it touched of a 1 GB map stayed
# resident and counted in its peak (211 MB of a 100,000-line feed's run, 1.7 kB a line, issue 16), so a
# run maps at most this much and reads the rest through the page cache (bounded by SQLITE_CACHE_KIB).
SQLITE_RUN_MMAP_BYTES = 64 << 20
SQLITE_CACHE_KIB = 65536
# A pooled PostgreSQL connection is pinged before use only when it has lain idle this long: SQLAlchemy's
# pool_pre_ping pinged at every checkout, a round trip to the server (and a BEGIN before it), each a
# wait for a server process to be scheduled on a loaded machine (about 10 ms each at a load of 20 on the
# project's 2 cores). A server restarted under a busy workbench costs at most one failed request.
PING_IDLE_SECONDS = 10.0
# PostgreSQL settings of the store's connections, sent with the connection's start (no round trip): the
# workbench's statements are short, and on a shared machine parallel workers cost more CPU than they save
# (a words filter's facets on scripts/bench_store.py's 100,000 events: 95 ms with two workers, three
# processes busy), as does compiling a statement whose estimate passes jit_above_cost (50-200 ms of
# LLVM for a statement that runs in tens).
PG_OPTIONS = "-c max_parallel_workers_per_gather=0 -c jit=off"


def normalise_url(url: str) -> str:
    """`postgresql://` means psycopg 3 here (the driver armswatch installs), not psycopg2."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def is_postgres(engine_or_url: Engine | str) -> bool:
    url = engine_or_url if isinstance(engine_or_url, str) else str(engine_or_url.url)
    return url.startswith(("postgresql", "postgres"))


def _sqlite_pragmas(dbapi_connection: Any, _record: Any, mmap_bytes: int = SQLITE_MMAP_BYTES) -> None:
    # WAL keeps readers (the workbench) working during a run and makes each commit durable on its own.
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA mmap_size={int(mmap_bytes)}")
    cur.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    cur.close()


def open_engine(url: str, migrate: bool = True, mmap_bytes: int = SQLITE_MMAP_BYTES) -> Engine:
    """An engine on the store at `url` (any SQLAlchemy URL), its schema at HEAD; a SQLite file mapped
    into memory up to `mmap_bytes`."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_SECONDS})

        def pragmas(dbapi_connection: Any, record: Any) -> None:
            _sqlite_pragmas(dbapi_connection, record, mmap_bytes)

        event.listen(engine, "connect", pragmas)
    else:
        engine = create_engine(url, connect_args={"options": PG_OPTIONS})
        event.listen(engine, "checkout", _ping_if_idle)
        event.listen(engine, "checkin", _mark_checkin)
        event.listen(engine, "connect", _mark_checkin)
    if migrate:
        upgrade(engine)
    return engine


def _mark_checkin(_dbapi_connection: Any, record: Any) -> None:
    record.info["idle_since"] = time.monotonic()


def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    """The pool's checkout: a connection idle for PING_IDLE_SECONDS is pinged (in autocommit, so that no
    BEGIN is sent nor a transaction left open); a dead one is replaced (DisconnectionError: the pool
    retries with a new connection)."""
    if time.monotonic() - record.info.get("idle_since", 0.0) < PING_IDLE_SECONDS:
        return
    try:
        autocommit = dbapi_connection.autocommit
        dbapi_connection.autocommit = True
        try:
            dbapi_connection.execute("SELECT 1")
        finally:
            dbapi_connection.autocommit = autocommit
    except Exception as error:  # noqa: BLE001  (whatever a dead connection raises, it is replaced)
        raise exc.DisconnectionError(str(error)) from error


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A connection for a request that only reads (the workbench's pages). On PostgreSQL it runs in
    autocommit: each statement sees the committed data as at its start, as in the READ COMMITTED
    transaction it had been, but without the BEGIN before the first statement and the ROLLBACK when the
    connection goes back to the pool, two round trips a page (psycopg sends BEGIN on its own)."""
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.execution_options(isolation_level="AUTOCOMMIT")
        yield connection


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Run the migrations up to HEAD (nothing when the store is there already)."""
    with engine.connect() as connection:
        if current_revision(connection) == HEAD:
            return
    sqlite_file = _sqlite_file(str(engine.url))
    if sqlite_file is not None:
        from armswatch.lock import file_lock

        with file_lock(sqlite_file.with_name(sqlite_file.name + ".migrate.lock"), wait=120):
            _upgrade(engine)
    else:
        _upgrade(engine)


def _upgrade(engine: Engine) -> None:
    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    with engine.begin() as connection:
        if is_postgres(engine):
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATE_LOCK_KEY})
        if current_revision(connection) == HEAD:  # another process migrated while this one waited
            return
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _sqlite_file(url: str) -> Path | None:
    if not url.startswith("sqlite:///") or ":memory:" in url or url == "sqlite://":
        return None
    return Path(url[len("sqlite:///"):])
