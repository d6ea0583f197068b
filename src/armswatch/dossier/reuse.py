"""dossier.json written again from the last one where records did not change.

A rerun on a store of 10,000 reports writes the same 11,612 events as the run before it, and encoding
them (orjson, then the indent halved to json.dump's) was most of writing dossier.json (issue 16). Beside
the file, an index (`INDEX_NAME`) lists for each event and entity record a digest of its JSON and where
its text lies in the file with a CRC-32 of that text; the next write copies the text of every record
whose digest it finds and whose bytes still hold that CRC, and encodes the rest. The index is used only
for the very file it was written with (same size and modification time) by the same writer code, so a
dossier.json changed by anything else (`armswatch match`, an analyst's editor) is simply encoded again;
and as a file changed without changing its size or time (an edit of the same length saved within the
clock's tick, `touch -r`, a restored copy) would pass that test, each copied record's bytes are checked
too, at the cost of a CRC over the bytes copied (zlib's: 50 MB in 12 ms of CPU here), the changed
records encoded again.
"""

from __future__ import annotations

import hashlib
import mmap
import os
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import orjson

INDEX_NAME = ".dossier-index.json"
# Documents too: a document record's body is either its text or a text left in the store under its
# content hash (armswatch.store.db.StoredText), which is digested as that hash (a stored body never
# changes under its hash), so an unchanged report's record, body and all, is copied from the last file
# without reading its text from the store (10,000 reads on a rerun of a 10,000-report store, issue 16).
REUSED_LISTS = ("documents", "entities", "events")


@cache
def writer_key() -> str:
    """The writer's code: another version of it may write other bytes for the same record."""
    return hashlib.sha256(Path(__file__).with_name("build.py").read_bytes()).hexdigest()[:24]


def _stored(value: Any) -> Any:
    """orjson's `default` for digests: a text left in the store stands for itself by its content hash
    (as an object, which no document's body is as written)."""
    sha = getattr(value, "content_sha256", None)
    if not isinstance(sha, str):
        raise TypeError(f"{type(value).__name__} is not JSON serializable")
    return {"stored_text": sha}


def record_digest(record: Any) -> str | None:
    """A digest of a record's JSON (key order included: it is the order written); None for a record
    orjson cannot encode (it is encoded, never reused)."""
    try:
        return hashlib.sha1(orjson.dumps(record, default=_stored, option=orjson.OPT_NON_STR_KEYS)).hexdigest()
    except (TypeError, orjson.JSONEncodeError):
        return None


@dataclass
class Reuse:
    """The encodings of the records of a dossier that the previous dossier.json at `path` holds."""

    path: Path
    digests: dict[str, list[str | None]] = field(default_factory=dict)  # list key -> digest per record
    # list key -> (offset, length) in the last file per record whose bytes there are still those written:
    # sliced when written, so that the copied text is never held whole (documents carry their bodies)
    found: dict[str, list[tuple[int, int] | None]] = field(default_factory=dict)
    text: mmap.mmap | None = None  # the last file, mapped; closed by `close`

    @classmethod
    def of(cls, path: Path, dossier: Mapping[str, Any]) -> Reuse:
        reuse = cls(path)
        for key in REUSED_LISTS:
            records = dossier.get(key)
            if isinstance(records, Sequence) and not isinstance(records, str):  # a list, DocumentRecords
                reuse.digests[key] = [record_digest(r) for r in records]
        old = _previous(path)
        if old is not None:
            reuse.text, where = old
            for key, digests in reuse.digests.items():
                spans = where.get(key, {})
                reuse.found[key] = [_intact(reuse.text, spans.get(d)) if d else None for d in digests]
        return reuse

    def close(self) -> None:
        if self.text is not None:
            self.text.close()
            self.text = None

    def encoded(self, key: str, index: int) -> bytes | None:
        """The text of record `index` of list `key` as the last file wrote it, if unchanged."""
        found = self.found.get(key)
        span = found[index] if found is not None else None
        if span is None or self.text is None:
            return None
        return self.text[span[0]:span[0] + span[1]]

    def left(self, dossier: dict[str, Any]) -> dict[str, Any]:
        """The dossier with only the records to be encoded in its reused lists (for validation: the
        others were checked when first written)."""
        out = dict(dossier)
        for key, found in self.found.items():
            out[key] = [r for r, text in zip(dossier[key], found, strict=True) if text is None]
        return out

    def save(self, spans: Mapping[str, Sequence[tuple[int, int, int]]]) -> None:
        """The index of the file just written at `path`: each reused list's records' spans (offset,
        length, CRC-32) by digest."""
        index = self.path.with_name(INDEX_NAME)
        where = {key: {d: span for d, span in zip(self.digests[key], spans[key], strict=True) if d}
                 for key in self.digests if key in spans}
        if not any(where.values()):  # nothing to copy next time: no index beside the file
            index.unlink(missing_ok=True)
            return
        try:
            stat = self.path.stat()
            index.write_bytes(orjson.dumps({"writer": writer_key(), "size": stat.st_size,
                                            "mtime_ns": stat.st_mtime_ns, "records": where}))
        except OSError:
            index.unlink(missing_ok=True)


def _intact(text: mmap.mmap, span: Any) -> tuple[int, int] | None:
    """(offset, length) of a span of the index, when the file's bytes there still have its CRC."""
    if not isinstance(span, list) or len(span) != 3:  # an index without CRCs: nothing copied
        return None
    offset, length, crc = span
    return (offset, length) if zlib.crc32(text[offset:offset + length]) == crc else None


def _previous(path: Path) -> tuple[mmap.mmap, dict[str, dict[str, list[int]]]] | None:
    """The previous file (mapped, not read: its documents' texts are most of it and never copied) and
    its records' spans by digest, when the index is that file's."""
    try:
        index = orjson.loads(path.with_name(INDEX_NAME).read_bytes())
        with open(path, "rb") as f:
            stat = os.fstat(f.fileno())
            if (index.get("writer"), index.get("size"), index.get("mtime_ns")) != (
                    writer_key(), stat.st_size, stat.st_mtime_ns) or not stat.st_size:
                return None
            text = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError, orjson.JSONDecodeError, AttributeError):
        return None
    return text, index.get("records") or {}
