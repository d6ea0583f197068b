"""The entity layer: every surface form in the reports -> one canonical entity of the dossier.

Entry points: :func:`link_entities` (articles in, merged entities and per-document mentions out),
:func:`link_doc` (mentions of one processed spaCy Doc, for stages that reuse the Docs) and
:func:`merge_entities` (documents' mentions -> dossier entities).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from armswatch.entities.gazetteer import Gazetteer, GazetteerEntry, load_gazetteer, normalise, translit_key
from armswatch.entities.generic import generic_country, generic_type
from armswatch.entities.linking import LABEL_TO_TYPE, EntityMention, link_doc
from armswatch.entities.offices import is_title_form
from armswatch.entities.vessels import NAVAL_PREFIXES, merge_vessel_facts, vessel_key

if TYPE_CHECKING:
    from spacy.language import Language

    from armswatch.clean.models import Article

__all__ = ["CountedMention", "Entity", "EntityAnnotations", "EntityMention", "counted", "link_doc",
           "link_entities", "merge_entities"]


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
    imo: str | None = None  # vessels: IMO number (check digit verified), from the gazetteer or the reports
    flag: str | None = None  # vessels: flag state, ISO 3166 alpha-2 (the reports' word, else the gazetteer's)


@dataclass
class EntityAnnotations:
    entities: list[Entity]  # merged across all documents, sorted by id
    mentions: dict[str, list[EntityMention]] = field(default_factory=dict)  # doc id -> mentions in body order


def link_entities(articles: Sequence[Article], nlp: Language | None = None,
                  batch_size: int = 32) -> EntityAnnotations:
    """Run the pipeline over the articles' bodies (nlp.pipe, in batches) and link every entity mention."""
    from armswatch.headlines import sentence_case_headlines  # (it reads the gazetteer: imported late)

    if nlp is None:
        from armswatch.nlp import load_pipeline

        nlp = load_pipeline()
    mentions: dict[str, list[EntityMention]] = {}
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    bodies = (sentence_case_headlines(a.body or "") for a in articles)
    for article, doc in zip(articles, nlp.pipe(bodies, batch_size=batch_size), strict=True):
        mentions[article.id] = link_doc(doc)
        for ent in doc.ents:
            if ent.kb_id_:
                labels[ent.kb_id_][ent.label_] += 1
    return EntityAnnotations(merge_entities(mentions, labels), mentions)


def _unify_unknown_ids(mentions: Mapping[str, Sequence[EntityMention | CountedMention]], gaz: Gazetteer
                       ) -> dict[str, str]:
    """Ids of entities outside the gazetteer whose names are romanisation variants of one another
    (same transliteration key) -> the most mentioned of them."""
    counts: Counter[str] = Counter()
    for ms in mentions.values():
        for m in ms:
            if gaz.get(m.entity_id) is None:
                counts[m.entity_id] += _count(m)
    by_key: dict[str, list[str]] = defaultdict(list)
    for eid in counts:
        by_key[translit_key(eid.replace("-", " "))].append(eid)
    remap = {}
    for ids in by_key.values():
        if len(ids) > 1:
            best = max(ids, key=lambda i: (counts[i], i))
            remap.update({i: best for i in ids if i != best})
    return remap


_IMO_SUFFIX = re.compile(r"-\d{7}$")  # vessels.py's id of an unknown ship named with its IMO number


def _unify_vessels(mentions: Mapping[str, Sequence[EntityMention | CountedMention]],
                   labels: Mapping[str, Mapping[str, int]], gaz: Gazetteer, remap: dict[str, str]) -> None:
    """Ships across reports: a name one report gives as a ship's past name ("formerly known as Y") is that
    ship in every report; spellings of one name (St Nikolas / St. Nicholas) are one ship. Updates `remap`."""
    def is_vessel(eid: str) -> bool:
        e = gaz.get(eid)
        return e.type == "vessel" if e is not None else bool(labels.get(eid, {}).get("VESSEL"))

    counts: Counter[str] = Counter()
    for ms in mentions.values():
        for m in ms:
            counts[remap.get(m.entity_id, m.entity_id)] += _count(m)
    past: dict[str, str] = {}  # vessel_key of a past name -> its ship's id
    by_key: dict[str, list[str]] = defaultdict(list)
    for ms in mentions.values():
        for m in ms:
            eid = remap.get(m.entity_id, m.entity_id)
            if m.former:
                past.setdefault(vessel_key(m.text), eid)
    for eid in counts:
        if gaz.get(eid) is None and is_vessel(eid):
            by_key[vessel_key(_IMO_SUFFIX.sub("", eid).replace("-", " "))].append(eid)
    for key, ids in by_key.items():
        numbered = [i for i in ids if _IMO_SUFFIX.search(i)]  # ids of ships whose IMO a report gave
        if len(numbered) > 1:
            continue  # namesakes of different IMO numbers: never one ship; the bare name is ambiguous
        target = past.get(key) or (numbered[0] if numbered else None)
        if target is None and len(ids) > 1:
            target = max(ids, key=lambda i: (counts[i], i))
        for i in ids:
            if target and i != target:
                remap[i] = target
                remap.update({k: target for k, v in remap.items() if v == i})


def _count(mention: EntityMention | CountedMention) -> int:
    """How many mentions a mention stands for: a CountedMention, its count; an EntityMention, one."""
    return getattr(mention, "count", 1)


@dataclass(slots=True)
class CountedMention:
    """A document's mentions of one entity under one form (and vessel facts), counted: all that merging
    entities reads of them. A document's CountedMentions, in the order of each one's first mention,
    merge into the same entities as its mentions (every count, and the order things are first met, is
    the same), for half as many rows on the seeds and dev reports (2,740 mentions, 1,310 rows): what an
    incremental run loads of a large store's cached annotations (issue 16)."""

    entity_id: str
    text: str
    former: bool
    imo: str | None
    flag: str | None
    count: int


def counted(mentions: Iterable[EntityMention | Mapping[str, object]]) -> list[CountedMention]:
    """One document's mentions (or their JSON) as CountedMentions, in the order of first mention."""
    rows: dict[tuple[object, ...], CountedMention] = {}
    for m in mentions:
        if isinstance(m, Mapping):
            key = (m["entity_id"], m["text"], bool(m.get("former")), m.get("imo"), m.get("flag"))
        else:
            key = (m.entity_id, m.text, m.former, m.imo, m.flag)
        row = rows.get(key)
        if row is None:
            rows[key] = CountedMention(*key, 1)  # type: ignore[arg-type]
        else:
            row.count += 1
    return list(rows.values())


def _display_name(forms: Counter[str]) -> str:
    """Name of an entity outside the gazetteer: its most frequent form, the longest on ties; a navy's ship
    by its full name ("USS Tarawa", however often the report writes "the ex-Tarawa")."""
    naval = [f for f in forms if f.split(" ", 1)[0] in NAVAL_PREFIXES]
    named = [f for f in forms if not is_title_form(f)]  # "Ariel Sharon", not "minister" said more often
    return max(naval or named or forms, key=lambda f: (forms[f], len(f), f))


def merge_entities(mentions: Mapping[str, Sequence[EntityMention | CountedMention]],
                   labels: Mapping[str, Mapping[str, int]] | None = None,
                   gazetteer: Gazetteer | None = None) -> list[Entity]:
    """Documents' mentions -> dossier entities (one per id), sorted by id. Rewrites merged ids in place."""
    gaz = gazetteer or load_gazetteer()
    labels = labels or {}
    remap = _unify_unknown_ids(mentions, gaz)
    _unify_vessels(mentions, labels, gaz, remap)
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    current: dict[str, Counter[str]] = defaultdict(Counter)  # forms that are not past names
    facts: dict[str, list[tuple[str | None, str | None]]] = defaultdict(list)
    docs: dict[str, list[str]] = defaultdict(list)
    merged_labels: dict[str, Counter[str]] = defaultdict(Counter)
    # (entity, id it was found under) -> its mentions, in order of first mention: each id's label counts
    # are added once per mention (as before), multiplied here once per pair rather than added per mention
    # (half of loading a 10,000-report store's cached annotations, issue 16); the same counts, and the
    # same key order, so the same `most_common` ties
    pairs: Counter[tuple[str, str]] = Counter()
    for doc_id, ms in mentions.items():
        for m in ms:
            old = m.entity_id
            m.entity_id = remap.get(old, old)
            n = _count(m)
            forms[m.entity_id][m.text] += n
            if not m.former:
                current[m.entity_id][m.text] += n
            if m.imo or m.flag:
                facts[m.entity_id] += [(m.imo, m.flag)] * n
            if not docs[m.entity_id] or docs[m.entity_id][-1] != doc_id:
                docs[m.entity_id].append(doc_id)
            pairs[m.entity_id, old] += n
    for (eid, old), n in pairs.items():
        found = labels.get(old)
        merged = merged_labels[eid]
        if found:
            merged.update({label: count * n for label, count in found.items()})
    out = []
    for eid in sorted(forms):
        e = gaz.get(eid)
        if e is None and _MINOR_PLACE_ID.search(eid):
            e = _minor_place(eid, forms[eid], gaz)
        if e is not None:
            name, etype, lat, lon, wd = e.name, e.type, e.lat, e.lon, e.wikidata
        else:
            name = _display_name(current[eid] or forms[eid])  # a ship is named by its current name
            etype, lat, lon, wd = generic_type(eid) or _type_of(merged_labels[eid]), None, None, None
            name = _with_demonym(eid, name, gaz)
        seen = sorted({f for f in forms[eid] if normalise(f) != normalise(name) or f != name})
        imo, flag = merge_vessel_facts(facts[eid]) if etype == "vessel" else (None, None)
        if e is not None and etype == "vessel":
            imo, flag = e.imo or imo, flag or e.country  # reports state the flag now; ships reflag
        out.append(Entity(id=eid, name=name, type=etype, aliases=[f for f in seen if f != name],
                          documents=sorted(set(docs[eid])), lat=lat, lon=lon, wikidata=wd,
                          imo=imo, flag=flag))
    return out


# The id of a small town or US county of the geocoder's minor places ("west-us-4740686"): the geocoder
# makes such a place known to the gazetteer of the process that linked it, which is a worker's with
# --workers 2 or a cluster, not the one merging the entities.
_MINOR_PLACE_ID = re.compile(r"-[a-z]{2}-\d+$|-admin2$")


def _minor_place(entity_id: str, forms: Iterable[str], gaz: Gazetteer) -> GazetteerEntry | None:
    """The gazetteer entry of a minor place linked in another process, found again by its names."""
    from armswatch.entities.geocode import minor_candidates  # the geocoder's table, read on first need

    for form in forms:
        if entity_id in minor_candidates(form, gaz):
            return gaz.get(entity_id)
    return None


def _with_demonym(entity_id: str, name: str, gaz: Gazetteer) -> str:
    """A generic actor tied to a country is named with its demonym ("Palestinian militants", not
    "militants"): the mention's span leaves out the demonym, which is the country's own mention."""
    country = generic_country(entity_id)
    demonym = _first_demonyms(gaz).get(country, "") if country else ""
    if not demonym or name.lower().startswith(demonym.lower()):
        return name
    return f"{demonym} {name}"


def _first_demonyms(gaz: Gazetteer) -> dict[str, str]:
    """country id -> its first demonym ("American"), built once per gazetteer."""
    cached = getattr(gaz, "_first_demonyms", None)
    if cached is None:
        cached = {}
        for form, cid in gaz.demonyms.items():
            if form[:1].isupper() and not form.endswith("s"):
                cached.setdefault(cid, form)
        object.__setattr__(gaz, "_first_demonyms", cached)
    return cached


# A name the text puts in a ship's context is a ship even where the NER called its other mentions a person or
# an organisation: VESSEL wins with a third of the labels.
VESSEL_LABEL_SHARE = 1 / 3


def _type_of(labels: Counter[str]) -> str:
    if not labels:
        return "other"
    if labels.get("VESSEL", 0) >= VESSEL_LABEL_SHARE * sum(labels.values()):
        return "vessel"
    return LABEL_TO_TYPE.get(labels.most_common(1)[0][0], "other")
