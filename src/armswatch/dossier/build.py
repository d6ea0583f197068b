"""Assemble, validate and write `dossier.json`."""

from __future__ import annotations

import copy
import io
import json
import os
import re
import tempfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import fields, is_dataclass
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO

import jsonschema
import orjson

from armswatch.clean.models import Article
from armswatch.dossier.reuse import Reuse
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
        # a report's text left in the store stays there until the record is written (issue 16)
        "body": getattr(article, "deferred_body", None) or article.body,
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


@cache
def _field_names(cls: type) -> tuple[str, ...] | None:
    """A dataclass's field names in order; None for any other type."""
    return tuple(f.name for f in fields(cls)) if is_dataclass(cls) else None


_LEAVES = frozenset({str, int, float, bool, type(None)})


def plain(value: Any) -> Any:
    """`dataclasses.asdict` for the records' dataclasses, the same dicts in the same key order: asdict
    looks the fields up and deep-copies every leaf on each call, which cost a sixth of an incremental run
    at 1,000 stored reports (issue 16). Leaves (str, int, float, bool, None) are immutable and shared;
    lists, tuples and dicts are copied, as asdict copies them."""
    kind = type(value)
    if kind in _LEAVES:
        return value
    if kind is list:
        return [plain(v) for v in value]
    if kind is dict:
        return {k: plain(v) for k, v in value.items()}
    names = _field_names(kind)
    if names is not None:
        return {name: plain(getattr(value, name)) for name in names}
    if isinstance(value, list | tuple):  # tuples and subclasses keep their type, as in asdict
        return kind(plain(v) for v in value) if kind in (list, tuple) or not hasattr(value, "_fields") \
            else kind(*[plain(v) for v in value])
    if isinstance(value, dict):
        return kind((k, plain(v)) for k, v in value.items())
    return copy.deepcopy(value)


def event_record(event: Any) -> dict[str, Any]:
    """One Event of the contract (plus why it was graded so, and its links to other events)."""
    record = {
        "id": event.id,
        "type": event.type,
        # PLOVER category (and mode) and CAMEO code, from the one table (armswatch.export.codes)
        **event_codes(event.type, (i.category for i in event.items)),
        "actor": list(event.actor),
        "target": list(event.target),
        "items": [plain(i) for i in event.items],
        "when": plain(event.when) if event.when else None,
        "places": [plain(p) for p in event.places],
        "vessels": list(event.vessels),
        "status": event.status,
        "mentions": [plain(m) for m in event.mentions],
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


class DocumentRecords(Sequence[dict[str, Any]]):
    """A dossier's documents as a read-only sequence of `document_record`s made from the articles when
    read, one at a time: a run's dossier holds its articles, not also a record of each (0.7 kB a
    report, issue 16). Equal to the list of its records; the writers (write_json, Reuse, the store's
    tables) take it a record or a chunk at a time."""

    __slots__ = ("_articles",)

    def __init__(self, articles: Sequence[Article]) -> None:
        self._articles = articles

    def __len__(self) -> int:
        return len(self._articles)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [document_record(a) for a in self._articles[index]]
        return document_record(self._articles[index])

    def __iter__(self) -> Any:
        return (document_record(a) for a in self._articles)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and not isinstance(other, str) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"DocumentRecords({len(self)} documents)"


# What a dossier's top-level lists of records may be (see DocumentRecords)
RECORD_LISTS = (list, DocumentRecords)


def build_dossier(
    articles: Iterable[Article],
    entities: Sequence[dict[str, Any]] = (),
    events: Sequence[dict[str, Any]] = (),
    generated_at: datetime | None = None,
    lazy_documents: bool = False,
) -> dict[str, Any]:
    """The dossier as plain JSON-ready data. Documents are sorted by id so that runs are comparable.
    `lazy_documents`: the documents a DocumentRecords (made when written; what a run writes), not a
    list of records."""
    stamp = (generated_at or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    ordered = sorted(articles, key=lambda a: (a.id, a.content_sha256))
    return {
        "schema_version": SCHEMA_VERSION,
        "generated_at": stamp,
        "documents": DocumentRecords(ordered) if lazy_documents else [document_record(a) for a in ordered],
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
        if isinstance(records, RECORD_LISTS) and len(records) > per_kind:
            step = -(-len(records) // per_kind)
            out[key] = records[::step]
    return out


def read_deferred(value: Any) -> str:
    """orjson's `default`: a text left in the store (armswatch.store.db.StoredText, or anything with
    `read_text`), read as it is written."""
    read = getattr(value, "read_text", None)
    if read is None:
        raise TypeError(f"{type(value).__name__} is not JSON serializable")
    return str(read())


def read_all_deferred(values: Sequence[Any]) -> list[str]:
    """`read_deferred` of each value, in order: texts of one kind that can be read together
    (`read_many`, as armswatch.store.db.StoredText's bodies in one query a chunk) are."""
    kinds = {type(v) for v in values}
    if len(kinds) == 1:
        many = getattr(next(iter(kinds)), "read_many", None)
        if many is not None:
            return [str(t) for t in many(values)]
    return [read_deferred(v) for v in values]


def _with_bodies(records: Sequence[Any]) -> list[Any]:
    """The records, those whose body was left in the store with it read (all in one go)."""
    deferred = [r["body"] for r in records if isinstance(r, dict) and not isinstance(r.get("body", ""), str)]
    if not deferred:
        return list(records)
    texts = iter(read_all_deferred(deferred))
    return [r if not isinstance(r, dict) or isinstance(r.get("body", ""), str) else {**r, "body": next(texts)}
            for r in records]


def with_texts(dossier: dict[str, Any]) -> dict[str, Any]:
    """The dossier with its documents' texts read from the store where they were left there (for what
    needs them all at once: validation of a sample, the HTML report with the texts)."""
    documents = dossier.get("documents")
    if isinstance(documents, DocumentRecords):
        documents = list(documents)
    if not isinstance(documents, list) or all(isinstance(d.get("body", ""), str) for d in documents):
        return dossier if documents is dossier.get("documents") else {**dossier, "documents": documents}
    return {**dossier, "documents": _with_bodies(documents)}


def write_dossier(dossier: dict[str, Any], path: Path, validate: bool | str = "sample") -> Path:
    """Validate (every record with validate=True; a sample of each kind by default, see
    RECORDS_CHECKED), then write atomically: a crash midway leaves the previous dossier.json intact."""
    from armswatch.report.render import ordinary_mode

    reuse = Reuse.of(path, dossier)  # the text of records unchanged since the last dossier.json there
    try:
        if validate:
            # records copied from the last file were checked when first written
            validate_dossier(with_texts(sampled(reuse.left(dossier)) if validate == "sample" else dossier))
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".dossier-", suffix=".json", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                spans = write_json(dossier, f, reuse)
            os.chmod(tmp, ordinary_mode())  # mkstemp's 0600 would keep colleagues on a shared drive out
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    finally:
        reuse.close()
    reuse.save(spans)
    return path


def dossier_bytes(dossier: dict[str, Any]) -> bytes:
    """`dossier.json`'s bytes (see write_json)."""
    out = io.BytesIO()
    write_json(dossier, out)
    return out.getvalue()


def write_json(dossier: dict[str, Any], out: BinaryIO, reuse: Reuse | None = None
               ) -> dict[str, list[tuple[int, int, int]]]:
    """Write what `json.dump(dossier, f, ensure_ascii=False, indent=1)` and a newline wrote, byte for
    byte, at a fraction of the CPU and a record at a time. The standard library's encoder runs in Python
    as soon as it indents, and json.dump writes every token on its own (1.1 s of a 6.2 s rerun on 1,000
    stored reports, issue 16); orjson encodes in Rust (tests/test_dossier_bytes.py checks the bytes are
    the same). Each record of a top-level list is encoded on its own, so that the whole text is never
    held at once. Only NaN and infinities differ: orjson writes null, json the NaN that is not JSON.
    `reuse` gives the text of records unchanged since the last file (armswatch.dossier.reuse); returns
    where each record of each top-level list lies in the text written and what it holds (offset,
    length, CRC-32 of its bytes)."""
    spans: dict[str, list[tuple[int, int, int]]] = {}
    if not dossier or not all(isinstance(k, str) for k in dossier):
        out.write(_indented(dossier, 0) + b"\n")
        return spans
    written = 0

    def put(text: bytes) -> None:
        nonlocal written
        out.write(text)
        written += len(text)

    put(b"{")
    for n, (key, value) in enumerate(dossier.items()):
        put(b"%s\n %s: " % (b"," if n else b"", orjson.dumps(key)))
        if isinstance(value, RECORD_LISTS) and value:
            put(b"[")
            where = spans[key] = []
            for start in range(0, len(value), WRITE_CHUNK):
                chunk = value[start:start + WRITE_CHUNK]
                texts = [reuse.encoded(key, i) for i in range(start, start + len(chunk))] if reuse else \
                    [None] * len(chunk)
                # the texts left in the store of the records to encode, read together (one query)
                left = iter(_with_bodies([r for r, t in zip(chunk, texts, strict=True) if t is None]))
                for i, text in enumerate(texts, start):
                    put(b",\n  " if i else b"\n  ")
                    if text is None:
                        text = _indented(next(left), 2)
                    where.append((written, len(text), zlib.crc32(text)))
                    put(text)
            put(b"\n ]")
        else:
            put(_indented(value, 1))
    put(b"\n}\n")
    return spans


WRITE_CHUNK = 500  # records encoded together: their stored texts read in one query, a bounded number held


def _indented(value: Any, depth: int) -> bytes:
    """`value` as json.dumps(indent=1) writes it `depth` levels down (its first line not indented)."""
    try:
        raw = halve_indent(_python_floats(
            orjson.dumps(value, default=read_deferred, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS)))
    except (TypeError, orjson.JSONEncodeError):  # a value orjson refuses (an int past 64 bits, say)
        raw = json.dumps(value, ensure_ascii=False, indent=1, default=read_deferred).encode("utf-8")
    return raw.replace(b"\n", b"\n" + b" " * depth) if depth else raw


def halve_indent(raw: bytes) -> bytes:
    """JSON text indented by two spaces a level, indented by one (orjson indents by two only). A JSON
    text holds no raw line break inside a string, so every line break is structural and the spaces after
    it are the indent."""
    lines = raw.split(b"\n")
    return b"\n".join([line[(len(line) - len(line.lstrip(b" "))) // 2:] for line in lines])


# orjson and Python write every float alike (the shortest text that reads back the same) but those under
# 1e-4: orjson 0.00001 and 1e-7 where Python writes 1e-05 and 1e-07. A number is the last token of its
# line in indented JSON, after a space (or the whole text); a token with no quote that ends its line is
# outside any string.
_ORJSON_ONLY_FLOAT = re.compile(rb"(?:(?<= )|^)(-?[0-9]+(?:\.[0-9]+)?e-[1-9]|-?0\.0000[0-9]*)(?=,?\n|$)")
_MAYBE = (re.compile(rb"e-[1-9](?:,?\n|$)"), re.compile(rb"0\.0000"))  # literal-led: a fast scan


def _python_floats(raw: bytes) -> bytes:
    if not any(p.search(raw) for p in _MAYBE):
        return raw
    return _ORJSON_ONLY_FLOAT.sub(lambda m: repr(float(m[1])).encode(), raw)
