"""One run at a time on an output folder and its store.

Two runs on one folder at once used to die half-way ("table documents already exists", "UNIQUE
constraint failed"). A run holds an exclusive lock on OUT/.armswatch.lock (and, for a SQLite store
elsewhere, on STORE.lock beside it) for its whole length; a second run waits up to `wait` seconds, then
stops with FolderInUse naming the folder and the process that holds it. The lock is the operating
system's (flock): it is released when the process ends, however it ends, so a killed run leaves no
stale lock behind.

A PostgreSQL store is shared by a team, from several machines: no file beside it can be locked, so a
run there also holds a session-level advisory lock (`pg_advisory_lock`) on the store for its whole
length. Runs on one PostgreSQL store are serialised, whatever their output folders; the lock goes with
the run's connection, so a killed run releases it too.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no flock, runs are not locked
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = ".armswatch.lock"
_POLL_SECONDS = 0.2


class FolderInUse(RuntimeError):
    """Another run holds the output folder or store."""


# pg_advisory_lock key of a run (an arbitrary constant: "armsrun" in ASCII)
RUN_LOCK_KEY = 0x61726D7372756E


@contextmanager
def run_lock(out_dir: Path, database_url: str | None = None, wait: float = 0.0) -> Iterator[None]:
    """Hold the output folder (and a SQLite store outside it, or a PostgreSQL store) for a run."""
    paths = [out_dir / LOCK_NAME]
    sqlite_file = _sqlite_path(database_url)
    if sqlite_file is not None and sqlite_file.parent.resolve() != out_dir.resolve():
        paths.append(sqlite_file.with_name(sqlite_file.name + ".lock"))
    with ExitStack() as stack:
        for path in paths:
            stack.enter_context(_locked(path, wait))
        if database_url and database_url.startswith(("postgresql", "postgres")):
            stack.enter_context(advisory_lock(database_url, wait))
        yield


@contextmanager
def advisory_lock(database_url: str, wait: float = 0.0, key: int = RUN_LOCK_KEY) -> Iterator[None]:
    """Hold PostgreSQL's session-level advisory lock `key` on the store at `database_url`; wait up to
    `wait` seconds for another holder, then FolderInUse naming the holder's backend process."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    from armswatch.store.engine import normalise_url

    # NullPool: the connection (and with it the lock) ends when this block does, never pooled.
    engine = create_engine(normalise_url(database_url), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT")
            deadline = time.monotonic() + max(0.0, wait)
            try_lock = text("SELECT pg_try_advisory_lock(:key)")
            while not connection.execute(try_lock, {"key": key}).scalar():
                if time.monotonic() >= deadline:
                    holder = connection.execute(
                        text("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted "
                             "AND (classid::bigint << 32 | objid::bigint) = :key LIMIT 1"),
                        {"key": key}).scalar()
                    raise FolderInUse(
                        f"the store {engine.url.render_as_string(hide_password=True)} is in use by another "
                        f"armswatch run{f' (server process {holder})' if holder else ''}; wait for it to "
                        "finish (--wait SECONDS waits for it)")
                time.sleep(_POLL_SECONDS)
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
    finally:
        engine.dispose()


@contextmanager
def file_lock(path: Path, wait: float = 0.0) -> Iterator[None]:
    """Hold an exclusive lock on the file at `path` (created if missing), waiting up to `wait` seconds."""
    with _locked(path, wait):
        yield


def _sqlite_path(url: str | None) -> Path | None:
    if not url or not url.startswith("sqlite:///") or ":memory:" in url:
        return None
    return Path(url[len("sqlite:///"):])


@contextmanager
def _locked(path: Path, wait: float) -> Iterator[None]:
    if fcntl is None:  # pragma: no cover
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+", encoding="utf-8") as handle:
        deadline = time.monotonic() + max(0.0, wait)
        while not _try_lock(handle):
            if time.monotonic() >= deadline:
                holder = _holder(path)
                raise FolderInUse(
                    f"{path.parent} is in use by another armswatch run{holder}; wait for it to finish "
                    "or use another --out (--wait SECONDS waits for it)")
            time.sleep(_POLL_SECONDS)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _try_lock(handle: IO[str]) -> bool:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _holder(path: Path) -> str:
    try:
        pid = path.read_text(encoding="utf-8").strip()
    except OSError:
        return ""
    return f" (process {pid})" if pid.isdigit() else ""
