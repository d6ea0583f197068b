"""Worker processes for `analyze --workers N`: one way to start them, shared by cleaning and annotation."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor


def process_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of `workers` processes, forked where the platform can (they share the parent's loaded
    language model instead of loading it again), else spawned."""
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)
