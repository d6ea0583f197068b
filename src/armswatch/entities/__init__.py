"""The entity layer: every surface form in the reports -> one canonical entity of the dossier.

Entry points: :func:`link_entities` (articles in, merged entities and per-document mentions out),
:func:`link_doc` (mentions of one processed spaCy Doc, for stages that reuse the Docs) and
:func:`merge_entities` (documents' mentions -> dossier entities).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from armswatch.entities.gazetteer import Gazetteer, load_gazetteer, normalise, translit_key
from armswatch.entities.generic import generic_type
from armswatch.entities.linking import LABEL_TO_TYPE, EntityMention, link_doc

if TYPE_CHECKING:
    from spacy.language import Language

    from armswatch.clean.models import Article

__all__ = ["Entity", "EntityAnnotations", "EntityMention", "link_doc", "link_entities", "merge_entities"]


@dataclass
class Entity:
    """The dossier's Entity (see the dossier contract)."""

    id: str
    name: str
    type: str
    aliases: list[str]
    documents: list[str]
    lat: float | None = None
    lon: float | None = None
    wikidata: str | None = None


@dataclass
class EntityAnnotations:
    entities: list[Entity]  # merged across all documents, sorted by id
    mentions: dict[str, list[EntityMention]] = field(default_factory=dict)  # doc id -> mentions in body order


def link_entities(articles: Sequence[Article], nlp: Language | None = None,
                  batch_size: int = 32) -> EntityAnnotations:
    """Run the pipeline over the articles' bodies (nlp.pipe, in batches) and link every entity mention."""
    if nlp is None:
        from armswatch.nlp import load_pipeline

        nlp = load_pipeline()
    mentions: dict[str, list[EntityMention]] = {}
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    bodies = (a.body or "" for a in articles)
    for article, doc in zip(articles, nlp.pipe(bodies, batch_size=batch_size), strict=True):
        mentions[article.id] = link_doc(doc)
        for ent in doc.ents:
            if ent.kb_id_:
                labels[ent.kb_id_][ent.label_] += 1
    return EntityAnnotations(merge_entities(mentions, labels), mentions)


def _unify_unknown_ids(mentions: Mapping[str, list[EntityMention]], gaz: Gazetteer) -> dict[str, str]:
    """Ids of entities outside the gazetteer whose names are romanisation variants of one another
    (same transliteration key) -> the most mentioned of them."""
    counts = Counter(m.entity_id for ms in mentions.values() for m in ms if gaz.get(m.entity_id) is None)
    by_key: dict[str, list[str]] = defaultdict(list)
    for eid in counts:
        by_key[translit_key(eid.replace("-", " "))].append(eid)
    remap = {}
    for ids in by_key.values():
        if len(ids) > 1:
            best = max(ids, key=lambda i: (counts[i], i))
            remap.update({i: best for i in ids if i != best})
    return remap


def _display_name(forms: Counter[str]) -> str:
    """Name of an entity outside the gazetteer: its most frequent form, the longest on ties."""
    return max(forms, key=lambda f: (forms[f], len(f), f))


def merge_entities(mentions: Mapping[str, list[EntityMention]],
                   labels: Mapping[str, Counter[str]] | None = None,
                   gazetteer: Gazetteer | None = None) -> list[Entity]:
    """Documents' mentions -> dossier entities (one per id), sorted by id. Rewrites merged ids in place."""
    gaz = gazetteer or load_gazetteer()
    labels = labels or {}
    remap = _unify_unknown_ids(mentions, gaz)
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    docs: dict[str, list[str]] = defaultdict(list)
    merged_labels: dict[str, Counter[str]] = defaultdict(Counter)
    for doc_id, ms in mentions.items():
        for m in ms:
            old = m.entity_id
            m.entity_id = remap.get(old, old)
            forms[m.entity_id][m.text] += 1
            if not docs[m.entity_id] or docs[m.entity_id][-1] != doc_id:
                docs[m.entity_id].append(doc_id)
            merged_labels[m.entity_id].update(labels.get(old, {}))
    out = []
    for eid in sorted(forms):
        e = gaz.get(eid)
        if e is not None:
            name, etype, lat, lon, wd = e.name, e.type, e.lat, e.lon, e.wikidata
        else:
            name = _display_name(forms[eid])
            label = merged_labels[eid].most_common(1)[0][0] if merged_labels[eid] else ""
            etype, lat, lon, wd = generic_type(eid) or LABEL_TO_TYPE.get(label, "other"), None, None, None
        seen = sorted({f for f in forms[eid] if normalise(f) != normalise(name) or f != name})
        out.append(Entity(id=eid, name=name, type=etype, aliases=[f for f in seen if f != name],
                          documents=sorted(set(docs[eid])), lat=lat, lon=lon, wikidata=wd))
    return out
