"""`analyze --cluster ADDRESS`: the per-report work on a Dask cluster (dask.distributed).

The work sent out is the same per-report work `--workers N` gives to local processes: cleaning
(`pipeline._clean_one`, a raw report in, an Article out) and annotation (`annotate._annotate_chunk`, a few
Articles in, their entity and event mentions out), plain picklable data both ways. The driver (the
process running `analyze`) reads the inputs, stores every report and annotation in its store (SQLite, or
the team's PostgreSQL with `--db`) in input order, then fuses over the store: the dossier is the
one a single process gives.

Why Dask rather than Ray: `distributed` is pure-Python wheels on PyPI (no compiled daemon, nothing to
install outside the virtual environment), a `LocalCluster` of real worker processes starts inside a test
in seconds, its `Client.get_executor()` is a `concurrent.futures.Executor`, the very interface the local
process pool offers (so the pipeline's code is unchanged), and a multi-machine cluster is two commands:

    dask scheduler                                # on one machine: listens on tcp://HOST:8786
    dask worker tcp://HOST:8786 --nworkers 4 --nthreads 1   # on each machine, armswatch installed
    armswatch analyze REPORTS --cluster tcp://HOST:8786 --db postgresql+psycopg://...

Every worker must run the same armswatch (code, lexicons, model): `cluster` checks that their annotation
version is the driver's, since annotations are cached under it. Workers need no access to the inputs
(the driver sends each report's bytes) nor to the store.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

LOCAL = "local:"  # `local:N` starts a LocalCluster of N worker processes on this machine
CONNECT_TIMEOUT_S = 30

_CLIENT: ContextVar[Any | None] = ContextVar("armswatch_dask_client", default=None)


class ClusterMismatch(RuntimeError):
    """Workers whose armswatch differs from the driver's: their annotations would be cached wrongly."""


def parse_local(address: str) -> int | None:
    """The number of worker processes of a `local:N` address; None for the address of a running cluster."""
    if not address.startswith(LOCAL):
        return None
    count = address[len(LOCAL):]
    if not count.isdigit() or int(count) < 1:
        raise ValueError(f"expected local:N with N >= 1, not {address!r}")
    return int(count)


def _worker_version() -> str:
    from armswatch.annotate import annotation_version

    return annotation_version()


@contextmanager
def cluster(address: str) -> Iterator[int]:
    """Connect to the Dask scheduler at `address` (`tcp://HOST:PORT`), or start a LocalCluster for
    `local:N`; while inside, `active_executor` hands out an executor on it. Yields the number of worker
    threads (the parallelism the pipeline aims at). Closes what it opened."""
    from distributed import Client, LocalCluster

    from armswatch.annotate import annotation_version

    count = parse_local(address)
    local = None
    if count is not None:
        # one thread per process: spaCy and our rules hold the GIL; the dashboard is not needed
        local = LocalCluster(n_workers=count, threads_per_worker=1, processes=True, host="127.0.0.1",
                             dashboard_address=None)
        client = Client(local)
    else:
        client = Client(address, timeout=CONNECT_TIMEOUT_S)
    token = _CLIENT.set(client)
    try:
        versions = client.run(_worker_version)
        mine = annotation_version()
        odd = sorted(w for w, v in versions.items() if v != mine)
        if odd:
            raise ClusterMismatch(f"{len(odd)} worker(s) run another armswatch (annotation version "
                                  f"{versions[odd[0]]}, here {mine}): {', '.join(odd[:3])}")
        yield max(1, sum(client.nthreads().values()))
    finally:
        _CLIENT.reset(token)
        client.close()
        if local is not None:
            local.close()


def active_executor() -> Executor | None:
    """An executor on the cluster `cluster` opened, or None outside it. Tasks are not `pure`: the same
    report sent twice is worked twice rather than hashed to find out."""
    client = _CLIENT.get()
    return None if client is None else client.get_executor(pure=False)
