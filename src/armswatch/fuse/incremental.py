"""Fusion that reopens only what changed: a store's mentions split into independent blocks, each block's
events kept between runs under a digest of everything they are made of.

Why blocks are independent (so fusing a block alone gives exactly its events in a fusion of everything):
`cluster_mentions` compares a mention only with clusters filed under one of its own participants or
vessels for its type, and a cluster is filed under its first member's; `_parents` looks campaigns up
under the episode's participants and type; `_relations` links a denial or condemnation to the mention
its `about` names; `shipment_legs` chains legs of one report; `event_ids` tells apart events whose first
mentions share type, report, span and trigger. A block is a connected set of mentions under those links
(`blocks`): nothing in fusion looks across two blocks but what is computed here over all mentions and
passed in (near-duplicate groups of the reports, the legs, the `about` links), and cluster numbers,
which only order clusters of one block among themselves. Events of all blocks are sorted as
`fuse_events` sorts them (start, type, id: ids are unique, so the order is total).

A block's digest covers its mentions (every field, entity ids as merged this run), the metadata of
their reports (date, outlet, source...), the near-duplicate group of each report, the names, types and
affiliations (the gazetteer's country of a person or body) of the entities they name, and fusion's code
(`code_key`). A block whose digest is in the state left by the last run takes its event records from
there; the others are fused together (one call: blocks are independent) and their records stored for
the next run. Fusion reads an entity's affiliation only for the entities of the mentions it compares
(`Matcher`, `judge`), so each block digests its own entities' alone: the whole table in every digest
reopened every block when one new report named a state body no report had named before (the gazetteer
makes such ids on first sight), a full fusion for a small change.

The near-duplicate groups of the reports (`near_duplicate_groups`, a pass over every fingerprint) are
kept in the state too, under a digest of the reports compared (id and content hash: a fingerprint is
its body's): a run whose new reports carry no mention, most of a crawl, does not group them again.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import orjson

from armswatch.clean.models import Article
from armswatch.events.models import Event, EventMention
from armswatch.fuse.duplicates import article_texts, near_duplicate_groups
from armswatch.fuse.fusion import about_targets, fuse_block, no_cyclic_gc
from armswatch.fuse.grouping import shipment_legs

STATE_FORMAT = 2  # 2: affiliations digested per block; near-duplicate groups kept
# Article fields fusion reads (dates, outlet, source, dateline in the body: the body by its hash)
_ARTICLE_FIELDS = ("id", "content_sha256", "reference_date", "reference_date_inferred", "published", "outlet",
                   "source", "url", "author", "title")


@cache
def code_key() -> str:
    """Fusion's code and the record's: a change to either fuses every block again."""
    digest = hashlib.sha256(f"state {STATE_FORMAT}".encode())
    for package, names in (("armswatch.fuse", None), ("armswatch.dossier", ("build.py",)),
                           ("armswatch.export", ("codes.py",))):
        root = resources.files(package)
        for entry in sorted((e for e in root.iterdir() if e.is_file() and e.name.endswith(".py")),
                            key=lambda e: e.name):
            if names is None or entry.name in names:
                digest.update(f"{package}/{entry.name}".encode())
                digest.update(entry.read_bytes())
    return digest.hexdigest()[:24]


@dataclass
class Reuse:
    """What an incremental fusion did: blocks in all, and those fused again."""

    blocks: int = 0
    fused: int = 0
    mentions_fused: int = 0


def blocks(mentions: Sequence[EventMention], legs: Mapping[int, Any], targets: Mapping[int, int]
           ) -> list[list[int]]:
    """Mention indices grouped into independent blocks (see the module docstring), each in index order,
    the blocks in the order of their first mention."""
    parent = list(range(len(mentions)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    first: dict[tuple[Any, ...], int] = {}
    for i, m in enumerate(mentions):
        # the keys a cluster is filed under (participants and vessels by type: a superset of what
        # `cluster_mentions` files, since the block may only be coarser), and the first-mention key of
        # `event_id` (two events told apart by a suffix are in one block)
        keys: list[tuple[Any, ...]] = [("span", m.type, m.document, m.start, m.end, m.trigger)]
        keys += [("e", m.type, e) for e in (*m.actor, *m.target)]
        keys += [("v", m.type, v) for v in m.vessels]
        for key in keys:
            j = first.setdefault(key, i)
            if j != i:
                union(i, j)
    for i, j in targets.items():
        union(i, j)
    chains: dict[Any, int] = {}
    for i, span in legs.items():  # a shipment's legs share their span within one report
        j = chains.setdefault((mentions[i].document, span), i)
        if j != i:
            union(i, j)
    grouped: dict[int, list[int]] = {}
    for i in range(len(mentions)):
        grouped.setdefault(find(i), []).append(i)
    return list(grouped.values())


def _article_key(a: Article | None) -> bytes:
    return orjson.dumps([getattr(a, f) for f in _ARTICLE_FIELDS] if a is not None else None)


def fuse_records(
    mentions: Sequence[EventMention],
    articles: Sequence[Article],
    entity_types: Mapping[str, str],
    record: Callable[[Event], dict[str, Any]],
    *,
    affiliations: Mapping[str, str] | None = None,
    entity_names: Mapping[str, str] | None = None,
    fingerprints: Mapping[str, bytes] | None = None,
    state: Path | None = None,
) -> tuple[list[dict[str, Any]], Reuse]:
    """`record` (dossier.event_record) of each event `fuse_events` would give, in its order, taking the
    records of unchanged blocks from `state` (a file this function keeps; None: fuse everything) and
    fusing the rest. The same records as fusing everything, whatever the state holds."""
    with no_cyclic_gc():
        return _fuse_records(mentions, articles, entity_types, record, affiliations or {}, entity_names or {},
                             fingerprints, state)


def _fuse_records(
    mentions: Sequence[EventMention],
    articles: Sequence[Article],
    entity_types: Mapping[str, str],
    record: Callable[[Event], dict[str, Any]],
    affiliations: Mapping[str, str],
    names: Mapping[str, str],
    fingerprints: Mapping[str, bytes] | None,
    state: Path | None,
) -> tuple[list[dict[str, Any]], Reuse]:
    by_id = {a.id: a for a in articles}
    found = _load(state)
    before: dict[str, list[dict[str, Any]]] = found.get("blocks") or {}
    texts = article_texts(articles, {m.document for m in mentions})
    dup_key = _texts_key(texts, by_id)
    dup = found.get("dup") if found.get("dup_key") == dup_key else None
    if not isinstance(dup, dict):
        dup = near_duplicate_groups(texts, fingerprints)
    legs = shipment_legs(mentions)
    targets = about_targets(mentions)
    parts = blocks(mentions, legs, targets)
    common = hashlib.sha256(code_key().encode())
    article_keys: dict[str, bytes] = {}
    keys: list[str] = []
    for part in parts:
        digest = common.copy()
        seen: set[str] = set()
        docs: set[str] = set()
        for i in part:
            m = mentions[i]
            digest.update(orjson.dumps(m))
            span = legs.get(i)
            digest.update(b"leg %s %s" % (str(span[0]).encode(), str(span[1]).encode()) if span else b"-")
            docs.add(m.document)
            for e in (*m.actor, *m.target, *m.vessels, *m.attributed_to, *(p.entity for p in m.places)):
                if e not in seen:
                    seen.add(e)
                    digest.update(orjson.dumps([e, entity_types.get(e), names.get(e), affiliations.get(e)]))
        for d in sorted(docs):
            key = article_keys.get(d)
            if key is None:
                key = article_keys[d] = _article_key(by_id.get(d)) + dup.get(d, d).encode()
            digest.update(key)
        keys.append(digest.hexdigest())
    reopened = [n for n, key in enumerate(keys) if key not in before]
    fresh: dict[str, list[dict[str, Any]]] = {keys[n]: [] for n in reopened}
    if reopened:
        chosen = sorted(i for n in reopened for i in parts[n])
        local = {i: k for k, i in enumerate(chosen)}
        block_of = {i: keys[n] for n in reopened for i in parts[n]}
        events = fuse_block([mentions[i] for i in chosen], by_id, entity_types, affiliations, names, dup,
                            {local[i]: legs[i] for i in chosen if i in legs},
                            {local[i]: local[j] for i, j in targets.items() if i in local})
        position = {id(m): i for i, m in enumerate(mentions)}
        for e in events:
            fresh[block_of[position[id(e.mentions[0])]]].append(record(e))
    kept = {key: before[key] if key in before else fresh[key] for key in keys}
    if state is not None and (reopened or kept.keys() != before.keys() or found.get("dup_key") != dup_key):
        # (unchanged, the state is left as it is: writing it is a pass over every event record)
        _save(state, kept, dup_key, dup)
    out = [r for records in kept.values() for r in records]
    out.sort(key=_record_order)
    return out, Reuse(len(parts), len(reopened), sum(len(parts[n]) for n in reopened))


def _record_order(r: dict[str, Any]) -> tuple[str, str, str]:
    """`fusion._event_order` of a record."""
    when = r.get("when")
    return (when["start"] if when else "9999", r["type"], r["id"])


def _texts_key(texts: Mapping[str, str], by_id: Mapping[str, Article]) -> str:
    """What `near_duplicate_groups` is given: the reports compared, each by id and content hash (its
    fingerprint, stored or not, is its body's)."""
    digest = hashlib.sha256()
    for doc in sorted(texts):
        a = by_id.get(doc)
        digest.update(orjson.dumps([doc, a.content_sha256 if a is not None else None]))
    return digest.hexdigest()


def _load(path: Path | None) -> dict[str, Any]:
    """What the last run kept (blocks, near-duplicate groups); nothing when there is no state, or one
    another version wrote."""
    if path is None:
        return {}
    try:
        found = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return {}
    if not isinstance(found, dict) or found.get("code") != code_key():
        return {}
    return found


def _save(path: Path, kept: dict[str, list[dict[str, Any]]], dup_key: str, dup: Mapping[str, str]) -> None:
    """Written whole and atomically: a crash leaves the previous state (a cache: a lost one costs a full
    fusion, never a wrong one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".fusion-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(orjson.dumps({"code": code_key(), "blocks": kept, "dup_key": dup_key, "dup": dup},
                                 option=orjson.OPT_NON_STR_KEYS))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
