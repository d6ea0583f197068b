"""Annotate stage: run the language pipeline once over each new document and cache what it finds.

Each document's annotations are stored beside it, keyed by its content hash and the version of the
code and data that made them, so a run that adds reports annotates only those, and a change to the
gazetteer re-annotates everything once.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from armswatch import __version__
from armswatch.clean.models import Article
from armswatch.entities import CountedMention, Entity, EntityMention, counted, link_doc, merge_entities
from armswatch.entity_state import EntityState, load_state, save_state
from armswatch.events.models import EventMention, PlaceRole, event_mention_from_json
from armswatch.headlines import sentence_case_headlines
from armswatch.store import Store

# One cached record per document: its entity mentions, the NER labels of its entities, and its events.
ANNOTATION_STAGE = "annotations"
# Beside it, what a run reads of a report whose entities the entity state holds (armswatch.entity_state):
# its events, fingerprint and reference date (a third of the record's JSON: the mentions are half of it),
# written with it; a store annotated before issue 16's session 9 gets them on its next run.
EVENTS_STAGE = "annotations-events"
_EVENT_KEYS = ("events", "reference_date", "fingerprint", "failed")


def _events_payload(payload: Mapping[str, Any]) -> dict[str, Any]:
    return {k: payload[k] for k in _EVENT_KEYS if k in payload}


def _put(store: Store, content_sha256: str, version: str, payload: dict[str, Any]) -> None:
    """A report's annotations and their events-only copy, stored together."""
    store.put_annotation(content_sha256, ANNOTATION_STAGE, version, payload)
    store.put_annotation(content_sha256, EVENTS_STAGE, version, _events_payload(payload))


@dataclass
class Annotations:
    entities: list[Entity]
    # document id -> entity mentions in body order (CountedMentions, in order of first mention, when the
    # annotations were asked for compact)
    mentions: dict[str, list[Any]]
    events: dict[str, list[EventMention]]  # document id -> event mentions in body order
    annotated: int  # documents the pipeline ran over in this run (the rest came from the store)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (source, reason) of reports not annotated
    # document id -> near-duplicate fingerprint of its body (armswatch.fuse.duplicates), stored once; held
    # only for the documents with event mentions, the ones fusion compares
    fingerprints: dict[str, bytes] = field(default_factory=dict)


# The packages whose code and data make the annotations: a change to any of their files re-annotates
ANNOTATING_PACKAGES = ("armswatch.entities", "armswatch.events", "armswatch.events.detector",
                       "armswatch.events.frames", "armswatch.time", "armswatch.quantities")
# Modules of the top package that shape what the parser reads (the text it is given)
ANNOTATING_MODULES = ("headlines.py",)


@cache
def annotation_version() -> str:
    """The package version and a fingerprint of the annotating stages' code and lexicons (gazetteer, items,
    frames, the detector's weights): a change to any of them re-annotates, so a store never serves
    annotations an older rule made."""
    digest = hashlib.sha256(__version__.encode())
    for package in ANNOTATING_PACKAGES:
        root = resources.files(package)
        data = root.joinpath("data")
        code = [e for e in root.iterdir() if e.is_file() and e.name.endswith(".py")]
        lexicons = [e for e in data.iterdir() if e.is_file()] if data.is_dir() else []
        for entry in sorted(code, key=lambda p: p.name) + sorted(lexicons, key=lambda p: p.name):
            digest.update(f"{package}/{entry.name}".encode())
            digest.update(entry.read_bytes())
    for name in ANNOTATING_MODULES:
        digest.update(name.encode())
        digest.update(resources.files("armswatch").joinpath(name).read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"


def annotate_articles(
    articles: Sequence[Article],
    store: Store,
    batch_size: int = 32,
    on_document: Callable[[str], None] | None = None,
    reannotate: bool = False,
    workers: int = 1,
    compact: bool = False,
    entity_state: Path | None = None,
    lean: bool = False,
) -> Annotations:
    """Entity and event mentions of every article (from the store where cached), entities merged;
    `workers` > 1 annotates in that many processes (the same result as one). `compact`: each document's
    entity mentions are kept as CountedMentions (no offsets; the same entities), as a run needs them.
    `entity_state` (with `compact`): a file kept between runs holding what merging read of the reports
    it covers (armswatch.entity_state), so that only the other reports' mentions are read and merged;
    the same entities. The mentions of the reports it covers are then left out of `mentions` (empty).
    `lean` (with an entity state in use, as a run asks): no report's entity mentions are kept (`mentions`
    empty) and `events` holds only the reports with event mentions; each report's counted mentions and
    labels go into the state as they are read, not held to the end (issue 16: a run over a feed held
    them for every report). The same entities and events."""
    from armswatch.events.extract import extract_events
    from armswatch.fuse.duplicates import fingerprint, fingerprint_from_text, fingerprint_text
    from armswatch.fuse.fusion import no_cyclic_gc

    version = annotation_version()
    fingerprints: dict[str, bytes] = {}
    mentions: dict[str, list[Any]] = {}  # EntityMentions, or CountedMentions when `compact`
    events: dict[str, list[EventMention]] = {}
    labels: dict[str, dict[str, int]] = {}  # entity id -> NER label -> mentions, over all documents
    todo: list[Article] = []
    failures: list[tuple[str, str]] = []
    failed_now = 0
    state = _entity_state(articles, entity_state, version, reannotate) if compact else None
    covered = state.covered if state is not None else {}
    # reports in the order merging meets their labels (cached, then annotated): (article, counted
    # mentions, labels, rank among those annotated now); the mentions and labels of a report the state
    # covers are not read (None), unless the state turns out stale (`_rebuilt`)
    merged_in: list[tuple[Article, Any, Any, int | None]] = []
    stale = False
    lean = lean and state is not None

    def merge_in(article: Article, rows: Any, doc_labels: Any, rank: int | None) -> None:
        if lean and rows is not None and state is not None:
            # added now; should the state turn out stale, `_rebuilt` reads them back from the store
            state.add(article.id, article.content_sha256, article.reference_date, rows, doc_labels, rank)
            rows = doc_labels = None
        merged_in.append((article, rows, doc_labels, rank))

    def keep(article: Article, found_mentions: list[Any], found_events: list[EventMention]) -> None:
        if not lean:
            mentions[article.id], events[article.id] = found_mentions, found_events
        elif found_events:
            events[article.id] = found_events

    # a large store's cached mentions: many small objects and no cycles, which the collector would
    # rescan again and again (as in fusion)
    with no_cyclic_gc():
        for article, cached in _cached(articles, store, version, reannotate,
                                       covered if state is not None else None):
            if cached is not None and cached.get("failed"):
                stale |= article.id in covered
                # stored as failed by an earlier run of this version: not tried again on every run
                failures.append((article.source, f"could not be annotated: {cached['failed']} (stored as "
                                 "failed; --reannotate tries again)"))
                keep(article, [], [])
                continue
            if cached is None or cached.get("reference_date") != article.reference_date:
                # relative dates ("on Friday") were resolved against another reference date: annotate again
                stale |= article.id in covered
                todo.append(article)
                continue
            if article.id in covered:  # what merging reads of it is in the state
                rows: list[Any] = []
                merged_in.append((article, None, None, None))
            elif not compact:
                rows = [EntityMention(**m) for m in cached["mentions"]]
            elif "entity_rows" in cached:  # stored counted (since issue 16's session 8)
                rows = [CountedMention(*row) for row in cached["entity_rows"]]
            else:
                rows = counted(cached["mentions"])
            found_events = [event_mention_from_json(e) for e in cached["events"]]
            keep(article, rows, found_events)
            if "fingerprint" in cached and found_events:  # fusion compares only reports with events
                fingerprints[article.id] = fingerprint_from_text(cached["fingerprint"])
            if state is None:
                _add_labels(labels, cached["labels"])
            elif article.id not in covered:
                merge_in(article, rows, cached["labels"], None)
    if todo:
        from armswatch.nlp import load_pipeline

        if workers > 1 and len(todo) > WORKER_CHUNK:
            results = _annotated_in_workers(todo, batch_size, workers)
        else:
            results = _annotated(load_pipeline(), todo, batch_size, extract_events)
        for article, found, found_events, doc_labels in results:
            if isinstance(found, BaseException):
                # one report the pipeline or the rules trip over never stops the run; it is stored as
                # failed (for this version of the code) so later runs do not try it again every time
                reason = str(found) if isinstance(found, AnnotationFailed) else _short(found)
                failures.append((article.source, f"could not be annotated: {reason}"))
                failed_now += 1
                keep(article, [], [])
                _put(store, article.content_sha256, version,
                     {"failed": reason, "reference_date": article.reference_date})
                continue
            printed = fingerprint(article.body)
            if found_events:  # kept for fusion, which compares only the reports with events (512 bytes each)
                fingerprints[article.id] = printed
            rows = counted(found)
            _put(
                store,
                article.content_sha256,
                version,
                {
                    "mentions": [asdict(m) for m in found],
                    # what merging entities reads, counted (CountedMention's fields in order)
                    "entity_rows": [[r.entity_id, r.text, r.former, r.imo, r.flag, r.count] for r in rows],
                    "labels": {k: dict(v) for k, v in doc_labels.items()},
                    "events": [e.as_json() for e in found_events],
                    "reference_date": article.reference_date,
                    "fingerprint": fingerprint_text(printed),
                },
            )
            keep(article, rows if compact else found, found_events)
            if state is None:
                _add_labels(labels, doc_labels)
            else:
                merge_in(article, rows, doc_labels, len(merged_in))
            if on_document is not None:
                on_document(article.id)
    with no_cyclic_gc():
        ordered = {a.id: mentions[a.id] for a in articles} if not lean else {}
        if state is None:
            before = [(m, m.entity_id) for ms in ordered.values() for m in ms]
            entities = merge_entities(ordered, labels)  # may merge spelling variants of unknown names
            remap = {old: m.entity_id for m, old in before if m.entity_id != old}
        else:
            if stale or covered.keys() - {a.id for a, *_ in merged_in}:
                state = _rebuilt(state, merged_in, store, version)
            else:
                for article, rows, doc_labels, rank in merged_in:
                    if rows is not None:
                        state.add(article.id, article.content_sha256, article.reference_date, rows,
                                  doc_labels, rank)
            entities, remap = state.merge()
            for ms in ordered.values():  # as merge_entities rewrites the mentions it is given
                for m in ms:
                    m.entity_id = remap.get(m.entity_id, m.entity_id)
            if state.changed and entity_state is not None:
                save_state(entity_state, state)
        ordered_events = {a.id: [_remap_event(e, remap) for e in events[a.id]] for a in articles
                          if not lean or a.id in events}
    return Annotations(entities, ordered, ordered_events, len(todo) - failed_now, failures, fingerprints)


def _entity_state(articles: Sequence[Article], path: Path | None, version: str, fresh: bool = False
                  ) -> EntityState | None:
    """The entity state at `path` when it still holds for `articles` (every report it covers there with
    the same content and reference date), else (or when `fresh`: every report annotated again) an empty
    one; None without a path, or when the articles are not in the order (id, hash) that the state's
    first occurrences follow."""
    if path is None:
        return None
    keys = [(a.id, a.content_sha256) for a in articles]
    if any(a >= b for a, b in zip(keys, keys[1:], strict=False)):
        path.unlink(missing_ok=True)  # it would no longer be kept up to date
        return None
    state = load_state(path, version) if not fresh else EntityState(version)
    by_id = {a.id: a for a in articles}
    for doc, (sha, day) in state.covered.items():
        a = by_id.get(doc)
        if a is None or a.content_sha256 != sha or a.reference_date != day:
            return EntityState(version)  # a report gone or changed: built again from every report
    return state


def _rebuilt(state: EntityState, merged_in: Sequence[tuple[Article, Any, Any, int | None]], store: Store,
             version: str) -> EntityState:
    """A state of every report of `merged_in`, those the old state covered read from the store again
    (their cache changed under the state: another run's --reannotate, say)."""
    fresh = EntityState(version)
    unread = [a for a, rows, *_ in merged_in if rows is None]
    payloads = dict(store.annotations((a.content_sha256 for a in unread), ANNOTATION_STAGE, version))
    for article, rows, doc_labels, rank in merged_in:
        if rows is None:
            cached = payloads.get(article.content_sha256) or {}
            rows = cached.get("entity_rows") or counted(cached.get("mentions") or [])
            doc_labels = cached.get("labels") or {}
        fresh.add(article.id, article.content_sha256, article.reference_date, rows, doc_labels, rank)
    return fresh


# Cached payloads parsed at a time: a parsed payload takes some 75 kB of Python objects (its JSON about
# 15 kB, the seeds and dev reports' average), and all of a 10,000-report store's were held at once
# (issue 16); each is made compact (CountedMentions, EventMentions) before the next chunk is read.
LOAD_CHUNK = 500


def _cached(articles: Sequence[Article], store: Store, version: str, reannotate: bool,
            covered: Mapping[str, Any] | None = None) -> Iterator[tuple[Article, Any]]:
    """(article, its cached payload or None) in the order of `articles`, LOAD_CHUNK payloads at a time;
    of the `covered` reports (whose entities the entity state holds) only the events (EVENTS_STAGE).
    With an entity state (`covered` not None), a report read whole has its events stored apart now,
    for the next run, which finds it covered (a store annotated before them gets them once)."""
    for start in range(0, len(articles), LOAD_CHUNK):
        part = articles[start:start + LOAD_CHUNK]
        if reannotate:
            stored: dict[str, Any] = {}
        else:
            brief = {a.content_sha256 for a in part if covered and a.id in covered}
            stored = dict(store.annotations(brief, EVENTS_STAGE, version)) if brief else {}
            whole = [a.content_sha256 for a in part if a.content_sha256 not in stored]
            found = dict(store.annotations(whole, ANNOTATION_STAGE, version))
            if covered is not None and found:
                store.put_annotations(EVENTS_STAGE, version,
                                      [(sha, _events_payload(p)) for sha, p in found.items()])
            stored.update(found)
        for article in part:
            yield article, stored.pop(article.content_sha256, None)


# spaCy refuses texts over nlp.max_length (1,000,000 characters, error E088), and its cost and memory
# grow faster than the text (a 400 KB report took 62 s and 1.4 GB; 1.1 MB ran past 5 minutes). A body
# over LONG_REPORT_CHARS is annotated in pieces of about PIECE_CHARS cut at line breaks (a body holds
# one paragraph per line), each piece on its own, with every offset moved back into the whole body:
# cost linear in length, memory bounded by a piece. Shorter bodies, every report of the seeds, are
# annotated whole as before (the pieces lose context only across their cuts).
LONG_REPORT_CHARS = 100_000
PIECE_CHARS = 20_000

_Result = tuple[Article, Any, Any, Any]


def body_pieces(body: str, size: int = PIECE_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, text) pieces of a body of at most `size` characters, cut after a line break where there
    is one, else after a sentence end or a space, else anywhere; together they are the body."""
    start = 0
    while start < len(body):
        end = min(len(body), start + size)
        if end < len(body):
            for mark in ("\n", ". ", " "):
                cut = body.rfind(mark, start + size // 4, end)
                if cut >= 0:
                    end = cut + len(mark)
                    break
        yield start, body[start:end]
        start = end


def _annotated(nlp: Any, todo: Sequence[Article], batch_size: int, extract: Callable[..., Any]
               ) -> Iterator[_Result]:
    """(article, entity mentions, event mentions, entity labels) per article, or (article, the exception,
    None, None) for one that failed; long bodies in pieces (see LONG_REPORT_CHARS)."""
    short = [a for a in todo if len(a.body) <= LONG_REPORT_CHARS]
    for article, doc in _docs(nlp, short, batch_size):
        if isinstance(doc, BaseException):
            yield article, doc, None, None
            continue
        try:
            yield (article, *_annotate_doc(doc, article, extract, 0, 0))
        except Exception as exc:
            yield article, exc, None, None
    for article in (a for a in todo if len(a.body) > LONG_REPORT_CHARS):
        try:
            found: list[EntityMention] = []
            found_events: list[EventMention] = []
            labels: dict[str, Counter[str]] = {}
            texts = body_pieces(article.body)
            offsets: list[int] = []

            def piece_texts(pieces: Iterator[tuple[int, str]] = texts, seen: list[int] = offsets
                            ) -> Iterator[str]:
                for offset, text in pieces:
                    seen.append(offset)
                    yield sentence_case_headlines(text)

            for index, doc in enumerate(nlp.pipe(piece_texts(), batch_size=4)):
                piece = _annotate_doc(doc, article, extract, offsets[index], len(found_events))
                found += piece[0]
                found_events += piece[1]
                for eid, counts in piece[2].items():
                    labels.setdefault(eid, Counter()).update(counts)
            yield article, found, found_events, labels
        except Exception as exc:
            yield article, exc, None, None


def _docs(nlp: Any, articles: Sequence[Article], batch_size: int) -> Iterator[tuple[Article, Any]]:
    """nlp.pipe over the bodies, in batches of at most `batch_size` reports and BATCH_CHARS characters;
    should a batch fail, its reports one at a time, so that a failure is one report's, not the batch's."""
    for batch in _batches(articles, batch_size):
        done = 0
        try:
            texts = (sentence_case_headlines(a.body) for a in batch)  # same length: offsets hold
            for doc in nlp.pipe(texts, batch_size=len(batch)):
                yield batch[done], doc
                done += 1
        except Exception:
            for article in batch[done:]:
                try:
                    yield article, nlp(sentence_case_headlines(article.body))
                except Exception as exc:
                    yield article, exc


# spaCy holds a whole batch in memory while it runs (about 2.5 KB a character with our components): 32
# web pages of 12,000 characters took the 228-page run to 1.8 GB. A batch stops at this many characters
# (or at batch_size reports), which keeps that to about 150 MB; short reports still go 32 at a time.
BATCH_CHARS = 60_000


def _batches(articles: Sequence[Article], batch_size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    chars = 0
    for article in articles:
        if batch and (len(batch) >= batch_size or chars + len(article.body) > BATCH_CHARS):
            yield batch
            batch, chars = [], 0
        batch.append(article)
        chars += len(article.body)
    if batch:
        yield batch


def _annotate_doc(doc: Any, article: Article, extract: Callable[..., Any], offset: int, before: int
                  ) -> tuple[list[EntityMention], list[EventMention], dict[str, Counter[str]]]:
    """Entity and event mentions of one doc (a whole body, or a piece of one starting at `offset`, after
    `before` events of the same body), with offsets into the whole body."""
    found = link_doc(doc)
    reference = date.fromisoformat(article.reference_date)
    found_events = extract(doc, article.id, reference, found)
    labels: dict[str, Counter[str]] = {}
    for ent in doc.ents:
        if ent.kb_id_:
            labels.setdefault(ent.kb_id_, Counter())[ent.label_] += 1
    if offset or before:
        found = [replace(m, start=m.start + offset, end=m.end + offset) for m in found]
        for event in found_events:
            event.start += offset
            event.end += offset
            if event.about is not None:
                event.about += before
            event.evidence = _shift_evidence(event.evidence, offset)
    return found, found_events, labels


def _shift_evidence(evidence: dict[str, Any], offset: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in evidence.items():
        if isinstance(value, list):
            out[key] = [value[0] + offset, value[1] + offset]
        else:
            out[key] = {e: [span[0] + offset, span[1] + offset] for e, span in value.items()}
    return out


class AnnotationFailed(Exception):
    """A report a worker process could not annotate (the original exception, as text: not every
    exception survives being sent between processes)."""


# Reports a worker process takes at a time: enough to amortise sending them, few enough that results
# come back steadily in order
WORKER_CHUNK = 8


def _annotate_chunk(chunk: list[Article], batch_size: int) -> list[tuple[str, Any, Any, Any]]:
    """In a worker process: (article id, entity mentions, event mentions, labels) per article, or
    (article id, AnnotationFailed, None, None). The language pipeline is the worker's own, loaded once."""
    from armswatch.events.extract import extract_events
    from armswatch.nlp import load_pipeline

    out: list[tuple[str, Any, Any, Any]] = []
    results = _annotated(load_pipeline(), chunk, batch_size, extract_events)
    for article, found, found_events, labels in results:
        if isinstance(found, BaseException):
            out.append((article.id, AnnotationFailed(_short(found)), None, None))
        else:
            out.append((article.id, found, found_events, labels))
    return out


def _annotated_in_workers(todo: Sequence[Article], batch_size: int, workers: int) -> Iterator[_Result]:
    """`_annotated` spread over `workers` processes, results in the order of `todo` (so the store and
    the dossier are the same as with one process). The parent loads the language pipeline first: forked
    workers share it instead of loading it again."""
    from armswatch.nlp import load_pipeline
    from armswatch.parallel import cluster_executor, process_pool

    if cluster_executor() is None:  # on a cluster, only its workers load the pipeline
        load_pipeline()
    chunks = [list(todo[i:i + WORKER_CHUNK]) for i in range(0, len(todo), WORKER_CHUNK)]
    by_id = {a.id: a for a in todo}
    with process_pool(workers) as pool:
        for results in pool.map(_annotate_chunk, chunks, [batch_size] * len(chunks)):
            for article_id, found, found_events, labels in results:
                yield by_id[article_id], found, found_events, labels


def _short(exc: BaseException, size: int = 300) -> str:
    text = f"{type(exc).__name__}: {' '.join(str(exc).split())}"
    return text if len(text) <= size else text[: size - 1] + "…"


def _add_labels(into: dict[str, dict[str, int]], found: Mapping[str, Mapping[str, int]]) -> None:
    """Add one document's label counts: Counter.update's sums in its key order, without its cost per call
    (68,623 calls, a second of CPU under the profiler, adding 10 reports to a store of 3,000, issue 16)."""
    for eid, counts in found.items():
        have = into.get(eid)
        if have is None:
            into[eid] = dict(counts)
        else:
            for label, n in counts.items():
                have[label] = have.get(label, 0) + n


def _remap_event(mention: EventMention, remap: dict[str, str]) -> EventMention:
    """Point an event mention's entity ids at the merged entities."""
    if not remap or remap.keys().isdisjoint((*mention.actor, *mention.target, *mention.attributed_to,
                                             *mention.vessels, *(p.entity for p in mention.places))):
        return mention  # most name no merged entity: their lists stay as they are
    swap = lambda ids: [remap.get(i, i) for i in ids]  # noqa: E731
    mention.actor, mention.target = swap(mention.actor), swap(mention.target)
    mention.attributed_to, mention.vessels = swap(mention.attributed_to), swap(mention.vessels)
    mention.places = [PlaceRole(remap.get(p.entity, p.entity), p.role) for p in mention.places]
    return mention
