"""Assemble, validate and write `dossier.json`."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

from armswatch.clean.models import Article
from armswatch.export.codes import event_codes

SCHEMA_VERSION = "1"


class DossierInvalid(ValueError):
    """The dossier does not follow the contract; the message names the first offending path."""


@cache
def dossier_schema() -> dict[str, Any]:
    """The JSON Schema of the dossier contract, shipped inside the package."""
    text = resources.files("armswatch.dossier").joinpath("dossier.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


@cache
def _validator() -> jsonschema.protocols.Validator:
    schema = dossier_schema()
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def validate_dossier(dossier: dict[str, Any]) -> None:
    """Raise DossierInvalid when `dossier` breaks the contract."""
    error = jsonschema.exceptions.best_match(_validator().iter_errors(dossier))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(root)"
        raise DossierInvalid(f"dossier.json at {where}: {error.message}")


def document_record(article: Article) -> dict[str, Any]:
    """One Document of the contract, with the extra keys armswatch knows."""
    return {
        "id": article.id,
        "source": article.source,
        "title": article.title,
        "published": article.published,
        "reference_date": article.reference_date,
        "reference_date_inferred": article.reference_date_inferred,
        "reference_date_basis": article.reference_date_basis,
        "outlet": article.outlet,
        "author": article.author,
        "url": article.url,
        "metadata_basis": dict(article.metadata_basis),
        **({"pages": [{"page": n, "start": start, **({"label": label} if label else {})}
                      for n, start, label in article.pages]} if article.pages else {}),
        "form": article.form,
        "body": article.body,
        "content_sha256": article.content_sha256,
    }


def entity_record(entity: Any) -> dict[str, Any]:
    """One Entity of the contract; coordinates and Q-id only where known."""
    record = {
        "id": entity.id,
        "name": entity.name,
        "type": entity.type,
        "aliases": list(entity.aliases),
        "documents": list(entity.documents),
    }
    if entity.lat is not None and entity.lon is not None:
        record["lat"], record["lon"] = entity.lat, entity.lon
    if entity.wikidata:
        record["wikidata"] = entity.wikidata
    if getattr(entity, "imo", None):  # vessels: IMO number and flag state, where known
        record["imo"] = entity.imo
    if getattr(entity, "flag", None):
        record["flag"] = entity.flag
    return record


def event_record(event: Any) -> dict[str, Any]:
    """One Event of the contract (plus why it was graded so, and its links to other events)."""
    record = {
        "id": event.id,
        "type": event.type,
        # PLOVER category (and mode) and CAMEO code, from the one table (armswatch.export.codes)
        **event_codes(event.type, (i.category for i in event.items)),
        "actor": list(event.actor),
        "target": list(event.target),
        "items": [asdict(i) for i in event.items],
        "when": asdict(event.when) if event.when else None,
        "places": [asdict(p) for p in event.places],
        "vessels": list(event.vessels),
        "status": event.status,
        "mentions": [m.as_json() for m in event.mentions],
        "sources": dict(event.sources),
        "credibility": event.credibility,
        "credibility_reason": event.credibility_reason,
        # the source's reliability (A-F) kept apart from the information's credibility (1-6)
        "reliability": getattr(event, "reliability", "F"),
        "reliability_reason": getattr(event, "reliability_reason", ""),
        "source_list": [dict(x) for x in getattr(event, "source_list", [])],
        "part_of": event.part_of,
        "related": list(event.related),
    }
    return record


def build_dossier(
    articles: Iterable[Article],
    entities: Sequence[dict[str, Any]] = (),
    events: Sequence[dict[str, Any]] = (),
    generated_at: datetime | None = None,
) -> dict[str, Any]:
    """The dossier as plain JSON-ready data. Documents are sorted by id so that runs are comparable."""
    stamp = (generated_at or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {
        "schema_version": SCHEMA_VERSION,
        "generated_at": stamp,
        "documents": [document_record(a) for a in sorted(articles, key=lambda a: (a.id, a.content_sha256))],
        "entities": list(entities),
        "events": list(events),
    }


# Records of each kind (documents, entities, events) checked against the schema on every write. All
# records of a kind come from one function (document_record, entity_record, event_record), so a sample
# spread over the list finds a broken record type; the whole dossier's check cost more than fusion at
# 10,000 reports (43 s, issue 16). `armswatch validate` and the tests check every record.
RECORDS_CHECKED = 200


def sampled(dossier: dict[str, Any], per_kind: int = RECORDS_CHECKED) -> dict[str, Any]:
    """The dossier with at most `per_kind` records of each list, spread evenly over it."""
    out = dict(dossier)
    for key, records in dossier.items():
        if isinstance(records, list) and len(records) > per_kind:
            step = -(-len(records) // per_kind)
            out[key] = records[::step]
    return out


def write_dossier(dossier: dict[str, Any], path: Path, validate: bool | str = "sample") -> Path:
    """Validate (every record with validate=True; a sample of each kind by default, see
    RECORDS_CHECKED), then write atomically: a crash midway leaves the previous dossier.json intact."""
    from armswatch.report.render import ordinary_mode

    if validate:
        validate_dossier(sampled(dossier) if validate == "sample" else dossier)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".dossier-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(dossier, f, ensure_ascii=False, indent=1)
            f.write("\n")
        os.chmod(tmp, ordinary_mode())  # mkstemp's 0600 would keep colleagues on a shared drive out
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
