"""Runs of the pipeline started from the web app (an upload, or a re-run after review), one at a time in
a background thread, with their progress and the reports they had to skip.

A thread, not a task queue: the pipeline holds the output folder's lock for the whole run anyway (one
run at a time, see armswatch.lock), and a single analyst team needs no broker to run it.
"""

from __future__ import annotations

import queue
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

UPLOADS = "uploads"  # under the served folder: what analysts uploaded, kept as the inputs of later runs
MAX_UPLOAD_MB = 50


@dataclass
class Job:
    id: str
    kind: str  # "upload" or "rerun"
    files: list[str]
    user: str
    state: str = "queued"  # queued, running, done, failed
    done: int = 0
    total: int = 0
    current: str = ""
    skipped: list[dict[str, Any]] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)
    error: str = ""
    created_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    seconds: float = 0.0

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def safe_name(name: str) -> str:
    """An uploaded file's name, reduced to a plain file name (no folders, no control characters)."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[^\w.\- ]+", "_", base).strip(" .") or "report"
    return base[:120]


Runner = Callable[[Job, Callable[[str], None]], dict[str, Any]]


class Jobs:
    """The queue of runs and their states, shown on the upload page and under /api/jobs."""

    def __init__(self, runner: Runner) -> None:
        self._runner = runner
        self._jobs: dict[str, Job] = {}
        self._queue: queue.Queue[Job] = queue.Queue()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._work, name="armswatch-jobs", daemon=True)
        self._thread.start()

    def submit(self, kind: str, files: list[str], user: str) -> Job:
        job = Job(id="job_" + secrets.token_hex(5), kind=kind, files=files, user=user, total=len(files))
        with self._lock:
            self._jobs[job.id] = job
        self._queue.put(job)
        return job

    def get(self, job_id: str) -> Job | None:
        return self._jobs.get(job_id)

    def all(self) -> list[Job]:
        return sorted(self._jobs.values(), key=lambda j: j.created_at, reverse=True)

    def idle(self) -> bool:
        return all(j.state in {"done", "failed"} for j in self._jobs.values())

    def _work(self) -> None:
        while True:
            job = self._queue.get()
            job.state = "running"
            started = time.perf_counter()

            def tick(label: str, job: Job = job) -> None:
                job.done += 1
                job.current = label

            try:
                job.summary = self._runner(job, tick)
                job.skipped = job.summary.get("skipped", [])
                job.state = "done"
            except Exception as exc:  # a failed run is shown to the analyst, the server keeps serving
                job.error = f"{type(exc).__name__}: {exc}"[:500]
                job.state = "failed"
            job.seconds = round(time.perf_counter() - started, 2)
            self._queue.task_done()
