"""A throwaway PostgreSQL server for the store's tests: a cluster made by `initdb` under a temporary
directory, started by `pg_ctl` on 127.0.0.1 and a free port, stopped and deleted at the end.

The binaries are looked for on PATH, in /usr/lib/postgresql/*/bin (Debian's `postgresql` package, which
`.ci/run` installs) and /usr/local/bin; without them the PostgreSQL tests are skipped, saying why.
`initdb` refuses to run as root, so as root the cluster is made and run as the `postgres` user (made by
Debian's package) or `nobody`, through `runuser`.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

SUPERUSER = "armswatch"


def find_binaries() -> Path | None:
    """The folder holding initdb and pg_ctl, or None."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"),
                        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0, reverse=True)
    for folder in [*candidates, Path("/usr/local/bin")]:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return (folder / "initdb").resolve().parent
    return None


def _free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run_as() -> tuple[list[str], int | None, int | None]:
    """The command prefix (and uid, gid) that runs the server as an unprivileged user when we are root."""
    if os.geteuid() != 0:
        return [], None, None
    for name in ("postgres", "nobody"):
        try:
            user = pwd.getpwnam(name)
        except KeyError:
            continue
        if shutil.which("runuser"):
            return ["runuser", "-u", name, "--"], user.pw_uid, user.pw_gid
    raise RuntimeError("running as root, with no postgres/nobody user or no runuser to run initdb as")


class PgServer:
    """One cluster; `database()` makes a fresh database on it and returns its SQLAlchemy URL. With `root`,
    the cluster lives there and outlives `stop()` (made the first time; scripts/bench_store.py --keep)."""

    def __init__(self, binaries: Path, root: Path | None = None) -> None:
        self.binaries = binaries
        self.keep = root is not None
        if root is not None:
            root.mkdir(parents=True, exist_ok=True)
        self.root = root if root is not None else Path(tempfile.mkdtemp(prefix="armswatch-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.prefix, uid, gid = _run_as()
        if uid is not None:
            os.chown(self.root, uid, gid or -1)

    def _run(self, *args: str) -> None:
        subprocess.run([*self.prefix, *args], check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        if not (self.data / "PG_VERSION").exists():
            self._run(str(self.binaries / "initdb"), "-D", str(self.data), "-U", SUPERUSER, "-A", "trust",
                      "-E", "UTF8", "--no-locale", "-N")
        # fsync off: a test cluster need not survive a power cut, and it halves the run time
        self._run(str(self.binaries / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "log"), "-w",
                  "-t", "60", "-o", f"-h 127.0.0.1 -p {self.port} -k {self.root} -F -c max_connections=200",
                  "start")

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            # a kept cluster is shut down cleanly (no recovery at its next start)
            self._run(str(self.binaries / "pg_ctl"), "-D", str(self.data), "-m",
                      "fast" if self.keep else "immediate", "-w", "stop")
        if not self.keep:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def database(self, name: str | None = None) -> str:
        """A fresh database's URL; or, given its `name`, that database's, made when it is not there."""
        import psycopg

        wanted = name or "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user={SUPERUSER} dbname=postgres",
                             autocommit=True) as connection:
            held = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [wanted]).fetchone()
            if held is None:
                connection.execute(f'CREATE DATABASE "{wanted}"')
        return self.url(wanted)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """A running PostgreSQL cluster for the whole session (skips when PostgreSQL is not installed)."""
    binaries = find_binaries()
    if binaries is None:
        pytest.skip("PostgreSQL is not installed (initdb and pg_ctl not found); .ci/run installs it")
    server = PgServer(binaries)
    try:
        server.start()
    except (subprocess.CalledProcessError, RuntimeError, OSError) as exc:
        server.stop()
        detail = getattr(exc, "stderr", b"") or b""
        pytest.skip(f"could not start a PostgreSQL server: {exc} {detail.decode(errors='replace')[-500:]}")
    yield server
    server.stop()


@pytest.fixture
def pg_database(pg_server: PgServer) -> Callable[[], str]:
    """Makes a fresh database on the session's server; returns its URL."""
    return pg_server.database
