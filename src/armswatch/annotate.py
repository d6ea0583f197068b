"""Annotate stage: run the language pipeline once over each new document and cache what it finds.

Each document's annotations are stored beside it, keyed by its content hash and the version of the
code and data that made them, so a run that adds reports annotates only those, and a change to the
gazetteer re-annotates everything once.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import cache
from importlib import resources

from armswatch import __version__
from armswatch.clean.models import Article
from armswatch.entities import Entity, EntityMention, link_doc, merge_entities
from armswatch.events.models import EventMention, PlaceRole, event_mention_from_json
from armswatch.store import Store

# One cached record per document: its entity mentions, the NER labels of its entities, and its events.
ANNOTATION_STAGE = "annotations"


@dataclass
class Annotations:
    entities: list[Entity]
    mentions: dict[str, list[EntityMention]]  # document id -> entity mentions in body order
    events: dict[str, list[EventMention]]  # document id -> event mentions in body order
    annotated: int  # documents the pipeline ran over in this run (the rest came from the store)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (source, reason) of reports not annotated


@cache
def annotation_version() -> str:
    """The package version and a fingerprint of the lexicons (gazetteer, items, frames): a change to
    any of them re-annotates."""
    digest = hashlib.sha256(__version__.encode())
    for package in ("armswatch.entities", "armswatch.events", "armswatch.events.detector"):
        data = resources.files(package).joinpath("data")
        if not data.is_dir():
            continue
        for entry in sorted(data.iterdir(), key=lambda p: p.name):
            if entry.is_file():
                digest.update(entry.name.encode())
                digest.update(entry.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"


def annotate_articles(
    articles: Sequence[Article],
    store: Store,
    batch_size: int = 32,
    on_document: Callable[[str], None] | None = None,
    reannotate: bool = False,
) -> Annotations:
    """Entity and event mentions of every article (from the store where cached), entities merged."""
    from armswatch.events.extract import extract_events

    version = annotation_version()
    mentions: dict[str, list[EntityMention]] = {}
    events: dict[str, list[EventMention]] = {}
    labels: dict[str, Counter[str]] = {}
    todo: list[Article] = []
    failures: list[tuple[str, str]] = []
    for article in articles:
        cached = None if reannotate else store.annotation(article.content_sha256, ANNOTATION_STAGE, version)
        if cached is None or cached.get("reference_date") != article.reference_date:
            # relative dates ("on Friday") were resolved against another reference date: annotate again
            todo.append(article)
            continue
        mentions[article.id] = [EntityMention(**m) for m in cached["mentions"]]
        events[article.id] = [event_mention_from_json(e) for e in cached["events"]]
        for eid, counts in cached["labels"].items():
            labels.setdefault(eid, Counter()).update(counts)
    if todo:
        from armswatch.nlp import load_pipeline

        nlp = load_pipeline()
        for article, doc in zip(todo, nlp.pipe((a.body for a in todo), batch_size=batch_size), strict=True):
            try:
                found = link_doc(doc)
                reference = date.fromisoformat(article.reference_date)
                found_events = extract_events(doc, article.id, reference, found)
            except Exception as exc:  # one report the rules trip over never stops the run; not cached
                failures.append((article.source, f"could not be annotated: {exc!r}"))
                mentions[article.id], events[article.id] = [], []
                continue
            doc_labels: dict[str, Counter[str]] = {}
            for ent in doc.ents:
                if ent.kb_id_:
                    doc_labels.setdefault(ent.kb_id_, Counter())[ent.label_] += 1
            store.put_annotation(
                article.content_sha256,
                ANNOTATION_STAGE,
                version,
                {
                    "mentions": [asdict(m) for m in found],
                    "labels": {k: dict(v) for k, v in doc_labels.items()},
                    "events": [e.as_json() for e in found_events],
                    "reference_date": article.reference_date,
                },
            )
            mentions[article.id] = found
            events[article.id] = found_events
            for eid, counts in doc_labels.items():
                labels.setdefault(eid, Counter()).update(counts)
            if on_document is not None:
                on_document(article.id)
    ordered = {a.id: mentions[a.id] for a in articles}
    before = [(m, m.entity_id) for ms in ordered.values() for m in ms]
    entities = merge_entities(ordered, labels)  # may merge spelling variants of unknown names
    remap = {old: m.entity_id for m, old in before if m.entity_id != old}
    ordered_events = {a.id: [_remap_event(e, remap) for e in events[a.id]] for a in articles}
    return Annotations(entities, ordered, ordered_events, len(todo) - len(failures), failures)


def _remap_event(mention: EventMention, remap: dict[str, str]) -> EventMention:
    """Point an event mention's entity ids at the merged entities."""
    if not remap:
        return mention
    swap = lambda ids: [remap.get(i, i) for i in ids]  # noqa: E731
    mention.actor, mention.target = swap(mention.actor), swap(mention.target)
    mention.attributed_to, mention.vessels = swap(mention.attributed_to), swap(mention.vessels)
    mention.places = [PlaceRole(remap.get(p.entity, p.entity), p.role) for p in mention.places]
    return mention
