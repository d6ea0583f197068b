"""Entities merged across a store's reports, kept between runs, so that a run merges the reports it adds
and not every stored report's mentions again (issue 16: merging the counted mentions of 10,000 stored
reports was the largest cost of adding ten).

`merge_entities` (armswatch.entities) reads of the mentions only sums and first occurrences: how often
each entity id was found under each form (past name or not, with the vessel facts stated), the reports
each id is found in, the NER label counts of each id, and the order in which ids, forms, facts and
labels are first met. An `EntityState` keeps exactly that for the reports it covers: one row per
distinct (id, form, past name, IMO, flag) with its count and the place of its first mention (report id,
content hash, index among the report's counted mentions: the order in which `annotate_articles` hands
the mentions over, reports sorted by id and hash), each id's reports, and each id's label counts with
the place each label is first met. Reports are added to it in any order; `merge` then calls
`merge_entities` itself on one row per distinct key in the order of first occurrence, with each id's
labels in their order of first occurrence, which gives the same entities (every sum and every first
occurrence is the same), and the reports of each entity are put back from the ids it merged.

Labels are added in the order `annotate_articles` loads them: the cached reports in report order, then
the reports annotated in this run in the order they were annotated. A report stored in the state is
cached on every later run, so the state keeps the place of each label in report order; the run that
annotates a report orders its labels after every cached report's (`annotated_rank`).

The state is a cache beside the dossier (`STATE_NAME`): it is used only when every report it covers is
still in the run with the same content, reference date and annotation version, and was read from the
store's cache; else it is built again from every report (the cost of merging everything, once).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import orjson

from armswatch.entities import CountedMention, Entity, merge_entities

STATE_NAME = ".entity-state.json"
STATE_FORMAT = 1

# (report id, content hash, index): where something was first met, in the order merging reads it
Place = tuple[Any, ...]


@cache
def code_key() -> str:
    """This module's code and merge_entities': a change to either builds the state again."""
    digest = hashlib.sha256(f"entity state {STATE_FORMAT}".encode())
    digest.update(Path(__file__).read_bytes())
    for name in ("__init__.py", "vessels.py", "gazetteer.py", "generic.py"):
        digest.update(resources.files("armswatch.entities").joinpath(name).read_bytes())
    return digest.hexdigest()[:24]


@dataclass
class EntityState:
    """Sums and first occurrences of the counted entity mentions and labels of the reports covered."""

    version: str  # the annotation version of the reports' mentions
    covered: dict[str, list[str | None]] = field(default_factory=dict)  # report id -> [hash, reference date]
    # (id, form, past, imo, flag) -> [count, report id, hash, index of its first mention]
    rows: dict[tuple[Any, ...], list[Any]] = field(default_factory=dict)
    documents: dict[str, list[str]] = field(default_factory=dict)  # entity id as found -> report ids
    # entity id as found -> label -> [count, report id, hash, index among the report's labels of the id]
    labels: dict[str, dict[str, list[Any]]] = field(default_factory=dict)
    # this run's place of the labels that reports annotated in this run name (see `add`)
    run_labels: dict[tuple[str, str], Place] = field(default_factory=dict)
    changed: bool = False  # reports added since it was loaded

    def add(self, doc: str, sha: str, reference_date: str | None,
            rows: Iterable[CountedMention | Sequence[Any]], labels: Mapping[str, Mapping[str, int]],
            annotated_rank: int | None = None) -> None:
        """One report's counted mentions (CountedMentions or their stored rows) and label counts.
        `annotated_rank`: the report was annotated in this run, the rank-th; reports read from the
        store's cache are added first (as `annotate_articles` adds their labels first)."""
        self.covered[doc] = [sha, reference_date]
        self.changed = True
        seen: set[str] = set()
        for i, r in enumerate(rows):
            if isinstance(r, CountedMention):
                key: tuple[Any, ...] = (r.entity_id, r.text, r.former, r.imo, r.flag)
                n = r.count
            else:
                key, n = (r[0], r[1], bool(r[2]), r[3], r[4]), r[5]
            found = self.rows.get(key)
            if found is None:
                self.rows[key] = [n, doc, sha, i]
            else:
                found[0] += n
                if (doc, sha, i) < (found[1], found[2], found[3]):
                    found[1:] = [doc, sha, i]
            if key[0] not in seen:
                seen.add(key[0])
                self.documents.setdefault(key[0], []).append(doc)
        for eid, counts in labels.items():
            have = self.labels.setdefault(eid, {})
            for j, (label, n) in enumerate(counts.items()):
                found = have.get(label)
                if annotated_rank is not None and (eid, label) not in self.run_labels:
                    # this run meets the label first in the cached report where the state had it (all
                    # cached reports were added before), else here
                    self.run_labels[eid, label] = (0, *found[1:]) if found is not None else (
                        1, annotated_rank, j)
                if found is None:
                    have[label] = [n, doc, sha, j]
                else:
                    found[0] += n
                    if (doc, sha, j) < (found[1], found[2], found[3]):
                        found[1:] = [doc, sha, j]

    def merge(self) -> tuple[list[Entity], dict[str, str]]:
        """The entities `merge_entities` makes of every covered report's mentions and labels, and the
        merged id of each entity id as found that changed (for the event mentions)."""
        order = sorted(self.rows.items(), key=lambda kv: (kv[1][1], kv[1][2], kv[1][3]))
        rows = [CountedMention(*key, found[0]) for key, found in order]
        olds = [r.entity_id for r in rows]
        labels: dict[str, dict[str, int]] = {}
        for eid, have in self.labels.items():
            def place(item: tuple[str, list[Any]], eid: str = eid) -> Place:
                return self.run_labels.get((eid, item[0])) or (0, *item[1][1:])

            labels[eid] = {label: found[0] for label, found in sorted(have.items(), key=place)}
        entities = merge_entities({"": rows}, labels)  # rewrites each row's id to the merged one
        remap = {old: r.entity_id for old, r in zip(olds, rows, strict=True) if r.entity_id != old}
        merged: dict[str, set[str]] = {}
        for old, docs in self.documents.items():
            merged.setdefault(remap.get(old, old), set()).update(docs)
        for e in entities:
            e.documents = sorted(merged.get(e.id, ()))
        return entities, remap

    def as_json(self) -> bytes:
        return orjson.dumps({
            "code": code_key(), "version": self.version, "covered": self.covered,
            "rows": [[*key, *found] for key, found in self.rows.items()],
            "documents": self.documents, "labels": self.labels})


def load_state(path: Path | None, version: str) -> EntityState:
    """The state kept at `path` for reports annotated by `version`; an empty one when there is none, or
    one other code or another version wrote."""
    empty = EntityState(version)
    if path is None:
        return empty
    try:
        found = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return empty
    if not isinstance(found, dict) or found.get("code") != code_key() or found.get("version") != version:
        return empty
    try:
        return EntityState(
            version, covered=found["covered"],
            rows={tuple(r[:5]): list(r[5:]) for r in found["rows"]},
            documents=found["documents"], labels=found["labels"])
    except (KeyError, TypeError, IndexError):
        return empty


def save_state(path: Path, state: EntityState) -> None:
    """Written whole and atomically (a cache: a lost or broken one costs one merge of everything)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".entity-state-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(state.as_json())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
