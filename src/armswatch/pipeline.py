"""The main job, end to end: read → clean → store → (annotate) → dossier.json.

The CLI is a thin shell over `analyze`, so the same run can be driven from Python or tests.
"""

from __future__ import annotations

import gc
import hashlib
import re
import statistics
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO

from armswatch.annotate import Annotations, annotate_articles
from armswatch.clean import CleanOptions, clean_report
from armswatch.clean.dates import first_weekday
from armswatch.clean.metadata import (
    NAMED_YEAR_BASIS,
    QUOTED_BASIS,
    SINCE_BASIS,
    UNDATED_BASIS,
    infer_reference_date,
    outlet_by_domain,
)
from armswatch.clean.models import Article
from armswatch.dossier import build_dossier, entity_record, event_record, write_dossier
from armswatch.dossier.build import with_texts
from armswatch.entities.gazetteer import load_gazetteer
from armswatch.entity_state import STATE_NAME
from armswatch.events.models import Event
from armswatch.export.common import merge_matches
from armswatch.fuse import fuse_events
from armswatch.lock import run_lock
from armswatch.read import read_reports
from armswatch.read.models import RawReport, ReadProblem
from armswatch.read.problems import ProblemLog
from armswatch.read.sidecar import Sidecar, read_sidecar
from armswatch.report import write_report
from armswatch.store import Store, default_database_url
from armswatch.store.db import with_bodies
from armswatch.store.engine import SQLITE_RUN_MMAP_BYTES
from armswatch.store.review import (
    apply_decisions,
    excluded_ids,
    list_decisions,
    prepare_articles,
    record_run,
    write_dossier_tables,
)

DEFAULT_MAX_REPORT_MB = 10.0


@dataclass(frozen=True)
class Undated:
    """A report that states no date, and the date the run gave it (and how), for the analyst to check."""

    id: str
    source: str
    reference_date: str
    basis: str

    def __str__(self) -> str:
        return f"{self.source}: states no date; dated {self.reference_date} ({self.basis})"


class IdLog(list):  # type: ignore[type-arg]
    """Report ids, counted, the first ID_EXAMPLES kept: a run over a million-line feed does not hold a
    million ids to count them (issue 16). It is the list of the ids kept; `total` counts all."""

    def __init__(self, items: Iterable[str] = ()) -> None:
        super().__init__()
        self.total = 0
        for item in items:
            self.append(item)

    def append(self, item: str) -> None:
        self.total += 1
        if len(self) < ID_EXAMPLES:
            super().append(item)


ID_EXAMPLES = 20


@dataclass
class RunSummary:
    """What a run did, for the closing screen and `run.json`."""

    new: IdLog = field(default_factory=IdLog)  # the first ids of the reports stored; `.total` counts them
    already_stored: IdLog = field(default_factory=IdLog)
    problems: list[ReadProblem] = field(default_factory=ProblemLog)  # counted by kind, examples kept
    notes: list[ReadProblem] = field(default_factory=ProblemLog)  # worked around: lines re-decoded...
    undated: list[Undated] = field(default_factory=list)
    sidecar_problems: list[ReadProblem] = field(default_factory=list)
    documents_in_dossier: int = 0
    annotated: int = 0
    triage: bool = False  # whether the triage pass ran (see armswatch.triage)
    set_aside: int = 0  # reports triage kept from the parser
    set_aside_ids: list[str] = field(default_factory=list)  # the first TRIAGE_EXAMPLES of them
    entities: int = 0
    events: int = 0
    seconds: float = 0.0
    dossier_path: Path | None = None
    report_path: Path | None = None

    @property
    def read(self) -> int:
        return self.new.total + self.already_stored.total

    def as_json(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "new": self.new.total,
            "already_stored": self.already_stored.total,
            "skipped": [{"source": p.source, "line": p.line, "reason": p.reason} for p in self.problems],
            # every problem counted by kind; "skipped" keeps the first few of each kind with file and line
            "skipped_count": _total(self.problems),
            "skipped_by_kind": dict(getattr(self.problems, "counts", {})),
            "notes": [{"source": p.source, "line": p.line, "note": p.reason} for p in self.notes],
            "notes_count": _total(self.notes),
            "undated": [
                {"id": u.id, "source": u.source, "reference_date": u.reference_date, "basis": u.basis,
                 "warning": str(u)}
                for u in self.undated
            ],
            "sidecar": [
                {"file": p.source, "line": p.line, "reason": p.reason} for p in self.sidecar_problems
            ],
            "documents_in_dossier": self.documents_in_dossier,
            "annotated": self.annotated,
            # reports the triage pass kept from the parser: stored, and annotated by a run with --no-triage
            "triage": {"on": self.triage, "set_aside": self.set_aside,
                       "set_aside_ids": self.set_aside_ids[:TRIAGE_EXAMPLES]},
            "entities": self.entities,
            "events": self.events,
            "seconds": round(self.seconds, 3),
            "dossier": str(self.dossier_path) if self.dossier_path else None,
            "report": str(self.report_path) if self.report_path else None,
        }


#: Called once per report read (or skipped), with a short label, so a shell can show progress.
ProgressHook = Callable[[str], None]


def analyze(
    inputs: Sequence[str | Path],
    out_dir: Path,
    *,
    database_url: str | None = None,
    max_report_mb: float = DEFAULT_MAX_REPORT_MB,
    stdin: BinaryIO | None = None,
    on_report: ProgressHook | None = None,
    on_annotated: ProgressHook | None = None,
    default_date: date | None = None,
    sidecar: Path | None = None,
    reannotate: bool = False,
    write_html_report: bool = True,
    report_text: bool = True,
    lock_wait: float = 0.0,
    workers: int = 1,
    triage: bool | None = None,
    cluster: str | None = None,
) -> RunSummary:
    """Read every input, store each new report as it is cleaned (committed a batch at a time, at most
    STORE_SECONDS apart), write `out_dir/dossier.json`.

    `default_date` dates every report that states no date of its own (`--date`); `sidecar` is a file
    of the analyst's date, outlet and url by report id (`--sidecar`), which wins over anything the
    report states. Both are kept in the store for later runs. One run at a time holds `out_dir` and its
    store: another waits up to `lock_wait` seconds, then FolderInUse (armswatch.lock). `workers` > 1
    cleans and annotates reports in that many processes; the dossier is the same as with one. `triage`
    sets aside, before the parser, reports that cannot hold an event of our types (None: on for streams,
    see `is_stream`). `cluster` (a Dask scheduler's address, or local:N) sends the cleaning and annotation
    to that cluster's workers instead of `workers` local processes (armswatch.distributed)."""
    if cluster:
        from armswatch.distributed import cluster as on_cluster

        with on_cluster(cluster) as threads:
            return analyze(inputs, out_dir, database_url=database_url, max_report_mb=max_report_mb,
                           stdin=stdin, on_report=on_report, on_annotated=on_annotated,
                           default_date=default_date, sidecar=sidecar, reannotate=reannotate,
                           write_html_report=write_html_report, report_text=report_text,
                           lock_wait=lock_wait, workers=max(2, threads),
                           triage=triage)  # 2: the cluster even for one thread
    if triage is None:
        triage = any(is_stream(i) for i in inputs)
    started = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    collecting = gc.isenabled()
    with run_lock(out_dir, database_url, wait=lock_wait):
        try:
            return _analyze_locked(inputs, out_dir, started, database_url=database_url,
                                   max_report_mb=max_report_mb, stdin=stdin, on_report=on_report,
                                   on_annotated=on_annotated,
                                   default_date=default_date, sidecar=sidecar, reannotate=reannotate,
                                   write_html_report=write_html_report, report_text=report_text,
                                   workers=workers, triage=triage)
        finally:
            gc.unfreeze()  # what no_cyclic_gc froze is the collector's again
            if collecting:
                gc.enable()  # the collector was off from annotation on (see _analyze_locked)


def _analyze_locked(
    inputs: Sequence[str | Path],
    out_dir: Path,
    started: float,
    *,
    database_url: str | None,
    max_report_mb: float,
    stdin: BinaryIO | None,
    on_report: ProgressHook | None,
    on_annotated: ProgressHook | None,
    default_date: date | None,
    sidecar: Path | None,
    reannotate: bool,
    write_html_report: bool,
    report_text: bool = True,
    workers: int = 1,
    triage: bool = False,
) -> RunSummary:
    summary = RunSummary(triage=triage)
    with Store(database_url or default_database_url(out_dir), mmap_bytes=SQLITE_RUN_MMAP_BYTES) as store:
        options = CleanOptions()
        reports = read_reports(inputs, stdin=stdin, max_report_bytes=int(max_report_mb * 1024 * 1024))
        pending = _Pending(store, summary)
        try:
            for item, cleaned, sha, seen in _cleaned(_guarded(reports, summary), options, pending, workers):
                if isinstance(item, ReadProblem):
                    (summary.notes if item.note else summary.problems).append(item)
                    _tick(on_report, item.source)
                    continue
                try:
                    _store_report(item, pending, options, seen, summary, cleaned, sha)
                except Exception as exc:  # one bad report never stops a run of a thousand, whatever the stage
                    summary.problems.append(ReadProblem(item.source, f"could not be stored: {_short(exc)}"))
                _tick(on_report, item.source)
        finally:
            pending.flush()  # what was cleaned before a failure or an interrupt is kept
        # their bodies left in the store, read one at a time by each stage (issue 16)
        given = read_sidecar(sidecar) if sidecar is not None else None
        dated = analyst_dated(store.articles(bodies=False), store, default_date, given,
                              summary.sidecar_problems)
        # The analysts' decisions (armswatch.store.review): excluded reports are left out, and dates they
        # set win over the reports' own, before anything is annotated or fused.
        decisions = list_decisions(store.engine)
        excluded = excluded_ids(decisions)
        listed = (a for a in dated if a.id not in excluded)
        # Triage before the dating stages: a report it sets aside is out of this run as an excluded one
        # is (it neither takes nor gives a collection's date), so that a run over a feed holds the reports
        # it keeps, never every line's (issue 16: 0.9 kB a report, 0.9 GB at a million lines)
        articles = _triaged(listed, store, summary) if triage else list(listed)
        articles, _ = prepare_articles(articles, decisions)
        articles = settle_year_less_dates(articles, store)
        # before the collection's median is taken, so that a report it re-dates counts at its new date
        date_by_shared_quotations(articles, store)
        settle_undated(articles, store)
        # lean: each report's entity mentions merged into the entities as they come, and event mentions
        # held only for the reports that have any; nothing later reads the rest (issue 16)
        annotations = annotate_articles(articles, store, on_document=on_annotated, reannotate=reannotate,
                                        workers=workers, compact=True, entity_state=out_dir / ENTITY_STATE,
                                        lean=True)
        annotations.mentions.clear()
        # The cyclic collector off from here to the end of the run (as in fusion): every full collection
        # would scan the articles and cached annotations of a large store again (90 kB a report), and
        # building the dossier's records makes objects enough to trigger many (two thirds of building the
        # event records at 1,000 stored reports, issue 16). What is left makes few cycles, if any;
        # reference counting frees the rest.
        gc.disable()
        summary.annotated = annotations.annotated
        summary.problems += [ReadProblem(source, reason) for source, reason in annotations.failures]
        # fused incrementally: the blocks of mentions that did not change since the last run into
        # `out_dir` keep their events (armswatch.fuse.incremental); the same events as fusing everything
        state = out_dir / FUSION_STATE
        events = fuse_annotated_records(articles, annotations, state)
        if anchor_on_quoted_statements(articles, events, store):
            # Some reports were re-dated by statements other reports date: the undated take the median of
            # the dates as they now stand (as a rerun, reading them from the store, would), and the
            # re-dated reports are annotated again.
            settle_undated(articles, store)
            annotations = annotate_articles(articles, store, on_document=on_annotated, workers=workers,
                                            compact=True, entity_state=out_dir / ENTITY_STATE, lean=True)
            annotations.mentions.clear()
            summary.annotated += annotations.annotated
            events = fuse_annotated_records(articles, annotations, state)
        # Every report the run had to date itself is named, with what was done, so none is dated silently.
        summary.undated = [
            Undated(a.id, a.source, a.reference_date, a.reference_date_basis)
            for a in articles
            if a.reference_date_inferred
        ]
        dossier = build_dossier(
            articles,
            entities=[entity_record(e) for e in annotations.entities],
            events=events,
            lazy_documents=True,  # each document's record made as it is written (issue 16)
        )
        dossier = apply_decisions(dossier, decisions)  # a rejected event stays gone, a merge stays made
        _write_tables(store, dossier, inputs, summary, started)
    dossier = merge_matches(dossier, out_dir)  # sanctions matches of `armswatch match` kept across runs
    summary.documents_in_dossier = len(dossier["documents"])
    summary.entities = len(dossier["entities"])
    summary.events = len(dossier["events"])
    if write_html_report:
        summary.report_path = write_report(with_texts(dossier) if report_text else dossier,
                                           out_dir / "report.html", include_text=report_text,
                                           inputs=[str(i) for i in inputs])
    summary.dossier_path = write_dossier(dossier, out_dir / "dossier.json")
    summary.seconds = time.perf_counter() - started
    return summary


def _write_tables(store: Store, dossier: dict[str, Any], inputs: Sequence[str | Path], summary: RunSummary,
                  started: float) -> None:
    """The run logged and the dossier written as the store's tables (what the workbench and datasette
    read). A failure there is reported; dossier.json is still written."""
    try:
        began = datetime.now(UTC) - timedelta(seconds=time.perf_counter() - started)
        counts = {"read": summary.read, "new": summary.new.total, "documents": len(dossier["documents"]),
                  "events": len(dossier["events"]), "entities": len(dossier["entities"])}
        run_id = record_run(store.engine, began, [str(i) for i in inputs], counts)
        write_dossier_tables(store.engine, dossier, run_id=run_id)
    except Exception as exc:
        summary.problems.append(ReadProblem("(store)", f"the dossier's tables not written: {_short(exc)}"))


# Stream inputs: crawls bring whatever was published, mostly off our topics (see --triage). A JSON Lines
# feed, a CSV or standard input is the analyst's own selection (and issue 9's rule: every item of a feed
# reaches the dossier), so triage is off for them unless asked for.
STREAM_SUFFIXES = (".warc", ".arc")
TRIAGE_EXAMPLES = 20  # set-aside ids kept in run.json; the count covers them all


def is_stream(item: str | Path) -> bool:
    """A WARC crawl (compressed or not): a stream, not a folder, feed or file an analyst chose."""
    name = Path(item).name.lower()
    for ext in (".gz", ".bz2", ".xz", ".zip"):
        name = name.removesuffix(ext)
    return Path(item).is_file() and name.endswith(STREAM_SUFFIXES)


def _triaged(articles: Iterable[Article], store: Store, summary: RunSummary) -> list[Article]:
    """The articles for the parser, those triage sets aside counted in `summary` (and dropped: a run
    holds only what it keeps). A report annotated by an earlier run (with --no-triage, say) is kept:
    its annotations cost nothing and the analyst asked. Taken a chunk at a time: one query for the
    chunk's cached annotations, its bodies read together (armswatch.store.db.with_bodies)."""
    from armswatch.annotate import ANNOTATION_STAGE, annotation_version
    from armswatch.store.db import ANNOTATION_CHUNK
    from armswatch.triage import triage_text

    version = annotation_version()
    kept: list[Article] = []
    iterator = iter(articles)
    while chunk := list(islice(iterator, ANNOTATION_CHUNK)):
        cached = store.annotated((a.content_sha256 for a in chunk), ANNOTATION_STAGE, version)
        passed = {id(a) for a, body in with_bodies(a for a in chunk if a.content_sha256 not in cached)
                  if _kept_by_triage(body, triage_text)}
        for a in chunk:
            if a.content_sha256 in cached or id(a) in passed:
                kept.append(a)
            else:
                summary.set_aside += 1
                if len(summary.set_aside_ids) < TRIAGE_EXAMPLES:
                    summary.set_aside_ids.append(a.id)
    return kept


def _kept_by_triage(body: str, triage_text: Callable[[str], Any]) -> bool:
    """Triage's verdict; a report it fails on is kept (recall first: the parser decides)."""
    try:
        return bool(triage_text(body).keep)
    except Exception:  # noqa: BLE001  (one odd report never stops a run of a million)
        return True


def _guarded(items: Iterator[RawReport | ReadProblem], summary: RunSummary
             ) -> Iterator[RawReport | ReadProblem]:
    """The reader's items; should the reader itself fail (each file is guarded inside it, so this is the
    last resort), the failure is a problem and the run goes on with what was read."""
    while True:
        try:
            item = next(items)
        except StopIteration:
            return
        except Exception as exc:
            summary.problems.append(ReadProblem("(reading)", f"reading stopped: {_short(exc)}"))
            return
        yield item


# Reports cleaned by the worker processes at a time (each batch is stored, in order, before the next)
CLEAN_BATCH = 32
# Reports read at a time by one process: the store is asked once a batch which of them it holds and which
# of their ids are taken (a run holds no table of every stored hash and id, issue 16), the raw reports
# held together at most STORE_CHUNK_BYTES (one larger report is a batch of its own)
STORE_CHUNK = 500
STORE_CHUNK_BYTES = 8 << 20
# Reports committed together, in one transaction (`Store.add_many`), or what was cleaned in the last
# STORE_SECONDS, whichever comes first: a run killed midway keeps all but its last few seconds' reports
# (a rerun reads those again), as one commit a report did, at a twentieth of the cost a line (issue 16)
STORE_BATCH = 500
STORE_SECONDS = 2.0


@dataclass
class _Seen:
    """Of the reports of the batch being stored: the content hashes and the ids the store or the run
    holds already (asked of the store for the batch, then each report stored added)."""

    hashes: set[str]
    ids: set[str]


class _Pending:
    """Cleaned reports waiting for their commit: written STORE_BATCH at a time, or once STORE_SECONDS
    have passed since the last commit. Each is counted as new once committed; should a batch fail, its
    reports are stored one at a time, and those that still fail are problems, not the run's end."""

    def __init__(self, store: Store, summary: RunSummary) -> None:
        self.store, self.summary = store, summary
        self.articles: list[tuple[Article, str]] = []  # (article, its source)
        self.hashes: set[str] = set()
        self.ids: set[str] = set()
        self.since = time.monotonic()

    def add(self, article: Article, source: str) -> None:
        self.articles.append((article, source))
        self.hashes.add(article.content_sha256)
        self.ids.add(article.id)
        if len(self.articles) >= STORE_BATCH or time.monotonic() - self.since >= STORE_SECONDS:
            self.flush()

    def flush(self) -> None:
        batch, self.articles = self.articles, []
        self.hashes, self.ids = set(), set()
        self.since = time.monotonic()
        if not batch:
            return
        try:
            stored = {id(a) for a in self.store.add_many([a for a, _ in batch])}
        except Exception:  # noqa: BLE001  (one bad report never stops a run: each is tried on its own)
            stored = set()
            for article, source in batch:
                try:
                    if self.store.add(article):
                        stored.add(id(article))
                except Exception as exc:
                    self.summary.problems.append(ReadProblem(source, f"could not be stored: {_short(exc)}"))
        for article, _ in batch:
            if id(article) in stored:
                self.summary.new.append(article.id)

    def seen(self, hashes: Iterable[str], ids: Iterable[str]) -> _Seen:
        """Which of these hashes and ids the store or this batch holds."""
        hashes, ids = set(hashes), set(ids)
        return _Seen(self.store.stored_hashes(hashes) | (self.hashes & hashes),
                     self.store.ids_taken(ids) | (self.ids & ids))


def _clean_one(item: RawReport, options: CleanOptions) -> Article | str:
    """In a worker process: the article, or why it could not be cleaned."""
    try:
        return clean_report(item, options)
    except Exception as exc:  # one bad report never stops a run of a thousand
        return f"could not be cleaned: {_short(exc)}"


def _batches(items: Iterator[RawReport | ReadProblem], size: int
             ) -> Iterator[list[RawReport | ReadProblem]]:
    """The items in order, `size` at a time, a batch's raw reports at most STORE_CHUNK_BYTES together."""
    batch: list[RawReport | ReadProblem] = []
    held = 0
    for item in items:
        batch.append(item)
        held += len(item.raw) if isinstance(item, RawReport) else 0
        if len(batch) >= size or held >= STORE_CHUNK_BYTES:
            yield batch
            batch, held = [], 0
    if batch:
        yield batch


def _cleaned(items: Iterator[RawReport | ReadProblem], options: CleanOptions, pending: _Pending, workers: int
             ) -> Iterator[tuple[RawReport | ReadProblem, Article | str | None, str, _Seen]]:
    """The reader's items in order, each with its cleaned article (or why not) when cleaning runs in
    `workers` processes (with one, None: the report is cleaned as it is stored), its content hash and
    what the store holds of its batch (`_Seen`, shared by the batch's items)."""
    from concurrent.futures import ProcessPoolExecutor

    from armswatch.parallel import process_pool

    pool: ProcessPoolExecutor | None = None  # started on the first batch worth it, not for one report
    try:
        for batch in _batches(items, CLEAN_BATCH if workers > 1 else STORE_CHUNK):
            raws = [i for i in batch if isinstance(i, RawReport)]
            sha = {id(i): hashlib.sha256(i.raw).hexdigest() for i in raws}
            seen = pending.seen(sha.values(), (i.id for i in raws))
            done: dict[int, Article | str] = {}
            if workers > 1:
                new = [i for i in raws if sha[id(i)] not in seen.hashes]
                if len(new) >= MIN_PARALLEL and pool is None:
                    pool = process_pool(workers)
                if pool is not None:
                    articles = list(pool.map(_clean_one, new, [options] * len(new)))
                else:
                    articles = [_clean_one(i, options) for i in new]
                done = {id(i): a for i, a in zip(new, articles, strict=True)}
            for item in batch:
                yield item, done.get(id(item)), sha.get(id(item), ""), seen
    finally:
        if pool is not None:
            pool.shutdown()


MIN_PARALLEL = 4  # fewer new reports than this are cleaned here: starting processes costs more


def _store_report(item: RawReport, pending: _Pending, options: CleanOptions, seen: _Seen,
                  summary: RunSummary, cleaned: Article | str | None, sha: str) -> None:
    """Clean one report (unless a worker did) and pass it on to be stored (`_Pending`), or record why
    not. `seen` holds what the store and the run hold of its batch; the report is added to it."""
    for note in item.notes:
        summary.notes.append(ReadProblem(item.source, note, note=True))
    if sha in seen.hashes:
        summary.already_stored.append(item.id)
        return
    if isinstance(cleaned, str):
        summary.problems.append(ReadProblem(item.source, cleaned))
        return
    try:
        article = cleaned if cleaned is not None else clean_report(item, options)
    except Exception as exc:  # one bad report never stops a run of a thousand
        summary.problems.append(ReadProblem(item.source, f"could not be cleaned: {_short(exc)}"))
        return
    if not article.body.strip():  # a page cut off before its text, a shell of markup
        summary.problems.append(ReadProblem(item.source, "no article text found in it"))
        return
    article.id = _unique_id(article.id, sha, seen.ids)
    seen.hashes.add(sha)
    seen.ids.add(article.id)
    pending.add(article, item.source)


def _short(exc: BaseException, size: int = 300) -> str:
    text = f"{type(exc).__name__}: {' '.join(str(exc).split())}"
    return text if len(text) <= size else text[: size - 1] + "…"


def _total(problems: list[ReadProblem]) -> int:
    return getattr(problems, "total", len(problems))


def fuse_annotated_events(articles: Sequence[Article], annotations: Annotations) -> list[Event]:
    """Every document's event mentions fused into events, with the gazetteer's affiliations (a
    spokesman's or a ministry's country) so that a person and the state they speak for can match."""
    entity_types = {e.id: e.type for e in annotations.entities}
    names = {e.id: e.name for e in annotations.entities}
    mentions = [m for a in articles for m in annotations.events.get(a.id, [])]
    return fuse_events(mentions, articles, entity_types, affiliations=affiliations(), entity_names=names,
                       fingerprints=annotations.fingerprints)


# Fusion's state between runs, beside the dossier (a cache: removing it costs one full fusion)
FUSION_STATE = ".fusion-state.json"
# The merged entities' (armswatch.entity_state; a cache: removing it costs one merge of every report)
ENTITY_STATE = STATE_NAME


def fuse_annotated_records(articles: Sequence[Article], annotations: Annotations, state: Path | None = None
                           ) -> list[dict[str, Any]]:
    """The records (dossier.event_record) of `fuse_annotated_events`' events, the blocks of mentions
    unchanged since the run that left `state` taken from it (armswatch.fuse.incremental)."""
    from armswatch.fuse.incremental import fuse_records

    entity_types = {e.id: e.type for e in annotations.entities}
    names = {e.id: e.name for e in annotations.entities}
    mentions = [m for a in articles for m in annotations.events.get(a.id, [])]
    records, _ = fuse_records(mentions, articles, entity_types, event_record, affiliations=affiliations(),
                              entity_names=names, fingerprints=annotations.fingerprints, state=state)
    return records


@cache
def affiliations() -> dict[str, str]:
    """Gazetteer entity id -> id of the country it belongs to (people, ministries, militaries)."""
    gaz = load_gazetteer()
    country_by_iso = {e.country: e.id for e in gaz.entries.values() if e.type == "country" and e.country}
    return {
        e.id: country_by_iso[e.country]
        for e in gaz.entries.values()
        if e.type in ("person", "organization") and e.country in country_by_iso
    }


def _tick(hook: ProgressHook | None, label: str) -> None:
    if hook is not None:
        hook(label)


def _unique_id(doc_id: str, sha: str, taken: set[str]) -> str:
    """Two different reports with the same file name keep distinct ids (the second gets a hash suffix).
    `taken`: the ids stored documents have, among them any this report's could clash with."""
    return doc_id if doc_id not in taken else f"{doc_id}-{sha[:8]}"


_QUOTATION = re.compile(r"[“\"]([^”\"]{40,600})[”\"]")
# British outlets quote in single marks ('We will keep unloading the ship,' he said): a mark opening a
# quotation follows a space, a bracket or a dash; one closing it is followed by no letter; an apostrophe
# between letters ("We're", "Korea's") is neither
_SINGLE_QUOTATION = re.compile(
    r"(?:^|(?<=[\s(\[\u2014\u2013-]))['\u2018]((?:[^'\u2018\u2019\"\u201c\u201d]|(?<=\w)['\u2019](?=\w)){40,600}?)"
    r"['\u2019](?!\w)", re.MULTILINE)
# A quotation must be this long to identify one statement across reports: 8 words rarely recur by chance.
MIN_QUOTE_WORDS = 8


def _quotations(text: str) -> list[str]:
    out = []
    for q in _QUOTATION.findall(text) + _SINGLE_QUOTATION.findall(text):
        words = re.findall(r"\w+", q.casefold())
        if len(words) >= MIN_QUOTE_WORDS:
            out.append(" ".join(words))
    return out


def anchor_on_quoted_statements(articles: Sequence[Article], events: Sequence[Event | dict[str, Any]],
                                store: Store) -> bool:
    """A report cannot be older than a statement it quotes. Where a report's date was inferred, and it
    quotes words that another report dates ("On 13 October, X said: ..."), its reference date moves
    forward to that date (and on to the weekday its lead names). Returns whether any report moved.
    `events` are fused events or their records."""
    dated: dict[str, str] = {}  # quotation -> earliest date a report gives for it
    for event in events:
        for m in event["mentions"] if isinstance(event, dict) else event.mentions:
            stated_on, text = (m["stated_on"], m["text"]) if isinstance(m, dict) else (m.stated_on, m.text)
            if stated_on:
                for q in _quotations(text):
                    dated[q] = min(dated.get(q, stated_on), stated_on)
    if not dated:
        return False
    moved = False
    for a, text in with_bodies(a for a in articles if a.reference_date_inferred):
        body = " ".join(re.findall(r"\w+", text.casefold()))
        bounds = [day for q, day in dated.items() if q in body and day > a.reference_date]
        if not bounds:
            continue
        bound = date.fromisoformat(max(bounds))
        weekday = first_weekday("\n".join(text.split("\n")[:4]))
        if weekday is not None:
            bound += timedelta(days=(weekday - bound.weekday()) % 7)
        a.reference_date = bound.isoformat()
        a.reference_date_basis += f"; not before {max(bounds)}, when another report dates words it quotes"
        store.update_reference_date(a)
        moved = True
    return moved


# Words a quotation shares with another report's, in a row, to be the same statement: 8 words rarely
# recur by chance (as MIN_QUOTE_WORDS), and a run, not the whole quotation, survives a reporter's
# cut or inserted "(of)".
SHARED_RUN_WORDS = 8


def _quoted_runs(text: str) -> set[str]:
    runs: set[str] = set()
    n = SHARED_RUN_WORDS
    for q in _quotations(text):
        words = q.split()
        runs.update(" ".join(words[i : i + n]) for i in range(len(words) - n + 1))
    return runs


# Each report's quoted runs are per-report data: worked out once from its body and stored (as short
# digests, under this stage of the annotations table), so that a run does not read every stored body
# again to date a few guessed reports (2.4 s of a 14 s rerun of 1,000 stored reports under the profiler,
# issue 16). The version changes with what makes the runs.
QUOTATIONS_STAGE = "quoted-runs"


@cache
def _quotations_version() -> str:
    made_by = (f"{_QUOTATION.pattern}|{_SINGLE_QUOTATION.pattern}|{MIN_QUOTE_WORDS}|{SHARED_RUN_WORDS}"
               "|blake2b-8|1")
    return hashlib.sha256(made_by.encode()).hexdigest()[:16]


def quoted_run_keys(articles: Sequence[Article], store: Store) -> dict[str, set[str]]:
    """Content hash -> digests of the report's quoted runs (`_quoted_runs`), from the store where it
    holds them; the others are worked out from their bodies (read a chunk at a time) and stored."""
    version = _quotations_version()
    found = {sha: set(keys) for sha, keys in store.annotations(
        dict.fromkeys(a.content_sha256 for a in articles), QUOTATIONS_STAGE, version)}
    missing = {a.content_sha256: a for a in articles if a.content_sha256 not in found}
    made = []
    for a, body in with_bodies(missing.values()):
        keys = sorted({hashlib.blake2b(r.encode(), digest_size=8).hexdigest() for r in _quoted_runs(body)})
        found[a.content_sha256] = set(keys)
        made.append((a.content_sha256, keys))
    if made:
        store.put_annotations(QUOTATIONS_STAGE, version, made)
    return found


def date_by_shared_quotations(articles: Sequence[Article], store: Store) -> None:
    """A report dated only by a guess (no date written, or a written day whose year came from a
    background year the text names) that quotes the words a report of stated date quotes is of that
    statement's news: news quotes a statement within days. Its reference date becomes the earliest such
    report's (moved on to the weekday its lead names, its year-less days taking the year nearest before
    it). Reports whose date is stated, written with its year or given by the analyst are left alone.
    A report so dated passes its date on in turn, to the guessed reports that quote words it quotes (the
    reports of one story, one of them of stated date)."""
    weak = [a for a in articles if a.reference_date_inferred and (
        a.reference_date_basis.startswith((UNDATED_BASIS, QUOTED_BASIS))
        or NAMED_YEAR_BASIS in a.reference_date_basis or SINCE_BASIS in a.reference_date_basis)]
    if not weak:
        return
    sources = [b for b in articles if not b.reference_date_inferred]
    runs = quoted_run_keys([*weak, *sources], store)
    while weak and sources:
        near = _sharing_quotations(weak, sources, runs)
        dated = [a for a in weak if a.id in near]
        for a in dated:
            day, other = near[a.id]
            lead = "\n".join(a.body.split("\n")[:4])
            ref = infer_reference_date(None, a.body, lead, near=date.fromisoformat(day))
            if ref is None or ref.value == a.reference_date:
                continue
            a.reference_date = ref.value
            a.reference_date_basis = f"{ref.basis}; report {other} ({day}) quotes the same words"
            store.update_reference_date(a)
        weak = [a for a in weak if a.id not in near]
        sources = dated


def _sharing_quotations(weak: Sequence[Article], sources: Sequence[Article], runs: dict[str, set[str]]
                        ) -> dict[str, tuple[str, str]]:
    """Article id of a `weak` report -> (the earliest reference date of a report of `sources` quoting
    words it quotes, that report's id)."""
    wanted: dict[str, list[Article]] = {}
    for a in weak:
        for run in runs[a.content_sha256]:
            wanted.setdefault(run, []).append(a)
    near: dict[str, tuple[str, str]] = {}
    for b in sources:
        for run in runs[b.content_sha256] & wanted.keys():
            for a in wanted[run]:
                if a.id != b.id and (a.id not in near or b.reference_date < near[a.id][0]):
                    near[a.id] = (b.reference_date, b.id)
    return near


def settle_year_less_dates(articles: list[Article], store: Store) -> list[Article]:
    """Reports that write dates without a year ("on Oct. 1") get the year of the collection they came
    with: the median year of the other reports' reference dates. Their rows are updated in the store."""
    year_less = [a for a in articles if a.reference_date_basis.startswith(UNDATED_BASIS)]
    settled = {id(a) for a in articles} - {id(a) for a in year_less}
    known_years = [int(a.reference_date[:4]) for a in articles if id(a) in settled]
    if not year_less or not known_years:
        return articles
    hint = int(statistics.median_low(known_years))
    for a in year_less:
        ref = infer_reference_date(None, a.body, "\n".join(a.body.split("\n")[:4]), year_hint=hint)
        if ref is None:
            continue
        a.reference_date, a.reference_date_basis = ref.value, ref.basis + f", year {hint} from the collection"
        store.update_reference_date(a)
    return articles


def settle_undated(articles: Sequence[Article], store: Store) -> None:
    """Reports that write no date at all take their collection's: the median reference date of the
    reports dated otherwise (stated, written in their text, given by the analyst). Reports that come
    together were mostly collected together, and the median is not pulled by one old background piece.
    Done again on every run, since the collection grows. With nothing dated in the collection, the
    provisional date from cleaning stays (when its record was crawled or its file last modified)."""
    undated = [a for a in articles if a.reference_date_basis.startswith(UNDATED_BASIS)]
    dated = sorted(a.reference_date for a in articles if not a.reference_date_basis.startswith(UNDATED_BASIS))
    if not undated or not dated:
        return
    day = statistics.median_low(dated)
    basis = (f"{UNDATED_BASIS}: the median reference date of the {len(dated)} dated report"
             f"{'s' if len(dated) > 1 else ''} in its collection")
    for a in undated:
        if (a.reference_date, a.reference_date_basis) == (day, basis):
            continue
        a.reference_date, a.reference_date_inferred, a.reference_date_basis = day, True, basis
        store.update_reference_date(a)


def apply_analyst_dates(
    articles: Sequence[Article], store: Store, default_date: date | None, sidecar: Sidecar | None
) -> list[ReadProblem]:
    """`analyst_dated` over a list of articles; returns the sidecar's problems."""
    problems: list[ReadProblem] = []
    for _ in analyst_dated(articles, store, default_date, sidecar, problems):
        pass
    return problems


def analyst_dated(
    articles: Iterable[Article], store: Store, default_date: date | None, sidecar: Sidecar | None,
    problems: list[ReadProblem],
) -> Iterator[Article]:
    """What the analyst says wins over what the run infers. A sidecar row sets a report's date (as its
    published and reference date), outlet and url (as its source), over the report's own metadata too;
    `default_date` dates the reports that state no date and have no sidecar date (a report's own stated
    date wins over it: it is a blanket date for a collection, the stated one is the report's word).
    Applied to every stored report, so a second run with a sidecar fixes reports stored by the first.
    Yields each article as it is dated (a stream: a run over a feed need not hold them all); once the
    stream is spent, `problems` holds the sidecar's, with one for each row that names no report of the
    collection."""
    matched: set[str] = set()
    for a in articles:
        row = sidecar.row_for(a.id, a.source) if sidecar is not None else None
        before = (a.published, a.reference_date, a.reference_date_inferred, a.reference_date_basis,
                  a.outlet, a.source)
        if row is not None and sidecar is not None:
            matched.add(row.id)
            if row.date:
                a.published = a.reference_date = row.date
                a.reference_date_inferred = False
                a.reference_date_basis = f"given in the sidecar {sidecar.path.name}, line {row.line}"
                # a new dict: a stored article's may be shared (armswatch.store.db.StoredArticle)
                a.metadata_basis = {**a.metadata_basis, "published": a.reference_date_basis}
            if row.url:
                a.source = a.url = row.url
                a.metadata_basis = {**a.metadata_basis,
                                    "url": f"the sidecar {sidecar.path.name}, line {row.line}"}
                a.outlet = a.outlet if row.outlet or a.outlet else outlet_by_domain(row.url)
            if row.outlet:
                a.outlet = row.outlet
        if default_date is not None and a.published is None:
            a.reference_date = default_date.isoformat()
            a.reference_date_inferred = False
            a.reference_date_basis = "given with --date"
        if before != (a.published, a.reference_date, a.reference_date_inferred, a.reference_date_basis,
                      a.outlet, a.source):
            store.update_metadata(a)
        yield a
    if sidecar is not None:
        problems += sidecar.problems
        problems += [
            ReadProblem(str(sidecar.path), f"no report with id {row.id} in the collection", row.line)
            for row in sidecar.rows.values()
            if row.id not in matched
        ]
