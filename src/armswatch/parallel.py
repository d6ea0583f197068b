"""Worker processes for `analyze --workers N`: one way to start them, shared by cleaning and annotation;
under `analyze --cluster` (armswatch.distributed) the same work goes to the Dask cluster instead."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Executor, ProcessPoolExecutor


def process_pool(workers: int) -> Executor:
    """A pool of `workers` processes, forked where the platform can (they share the parent's loaded
    language model instead of loading it again), else spawned; on a cluster, an executor on it."""
    remote = cluster_executor()
    if remote is not None:
        return remote
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)


def cluster_executor() -> Executor | None:
    """The Dask cluster's executor while `analyze --cluster` runs, else None."""
    from armswatch.distributed import active_executor

    return active_executor()
