"""Annotate stage: run the language pipeline once over each new document and cache what it finds.

Each document's annotations are stored beside it, keyed by its content hash and the version of the
code and data that made them, so a run that adds reports annotates only those, and a change to the
gazetteer re-annotates everything once.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from functools import cache
from importlib import resources

from armswatch import __version__
from armswatch.clean.models import Article
from armswatch.entities import Entity, EntityMention, link_doc, merge_entities
from armswatch.store import Store

ENTITY_STAGE = "entities"


@dataclass
class Annotations:
    entities: list[Entity]
    mentions: dict[str, list[EntityMention]]  # document id -> entity mentions in body order
    annotated: int  # documents the pipeline ran over in this run (the rest came from the store)


@cache
def annotation_version() -> str:
    """The package version and a fingerprint of the gazetteer data: a change to either re-annotates."""
    digest = hashlib.sha256(__version__.encode())
    data = resources.files("armswatch.entities").joinpath("data")
    for entry in sorted(data.iterdir(), key=lambda p: p.name):
        if entry.is_file():
            digest.update(entry.name.encode())
            digest.update(entry.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"


def annotate_articles(articles: Sequence[Article], store: Store, batch_size: int = 32,
                      on_document: Callable[[str], None] | None = None) -> Annotations:
    """Entity mentions of every article (from the store where cached), merged into dossier entities."""
    version = annotation_version()
    mentions: dict[str, list[EntityMention]] = {}
    labels: dict[str, Counter[str]] = {}
    todo: list[Article] = []
    for article in articles:
        cached = store.annotation(article.content_sha256, ENTITY_STAGE, version)
        if cached is None:
            todo.append(article)
            continue
        mentions[article.id] = [EntityMention(**m) for m in cached["mentions"]]
        for eid, counts in cached["labels"].items():
            labels.setdefault(eid, Counter()).update(counts)
    if todo:
        from armswatch.nlp import load_pipeline

        nlp = load_pipeline()
        for article, doc in zip(todo, nlp.pipe((a.body for a in todo), batch_size=batch_size), strict=True):
            found = link_doc(doc)
            doc_labels: dict[str, Counter[str]] = {}
            for ent in doc.ents:
                if ent.kb_id_:
                    doc_labels.setdefault(ent.kb_id_, Counter())[ent.label_] += 1
            store.put_annotation(article.content_sha256, ENTITY_STAGE, version, {
                "mentions": [asdict(m) for m in found],
                "labels": {k: dict(v) for k, v in doc_labels.items()},
            })
            mentions[article.id] = found
            for eid, counts in doc_labels.items():
                labels.setdefault(eid, Counter()).update(counts)
            if on_document is not None:
                on_document(article.id)
    ordered = {a.id: mentions[a.id] for a in articles}
    return Annotations(merge_entities(ordered, labels), ordered, len(todo))
