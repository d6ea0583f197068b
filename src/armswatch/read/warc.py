"""Reports from WARC (and ARC) crawl files, read with warcio.

Only successful (2xx) `response` records, and `resource` records, whose payload is HTML or text
become reports; images, scripts, redirects, DNS and request records are not reports and are passed
over without a problem. The payload is what warcio's content_stream() gives: de-chunked and
content-decoded, the page's own bytes. It is decoded with the charset the HTTP header states
(after a BOM and strict UTF-8), then the page's meta charset, then detection.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from armswatch.read.document import document_report
from armswatch.read.models import RawReport, ReadProblem, TextForm
from armswatch.read.origin import Origin
from armswatch.read.problems import ReadFailure
from armswatch.read.streams import read_capped

_FORMS: dict[str, TextForm | None] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": None,  # told by content: a crawler's text/plain may be anything
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
    "": None,  # no stated type: kept when the bytes are text
}


def read_warc(stream: BinaryIO, origin: Origin, limit: int) -> Iterator[RawReport | ReadProblem]:
    """One report per HTML/text response record; id "<file stem>-<record number>", source the URL.

    WARC files are split into records here, each checked against its Content-Length (a record cut off
    by the end of the file, or one whose length runs into the next record, is reported, never stored
    as if whole) and its digests (WARC-Payload-Digest, WARC-Block-Digest where present), before warcio
    parses the one record: a hostile record then costs only itself. ARC files go to warcio whole.
    """
    head = stream.peek(8)[:8] if hasattr(stream, "peek") else b""
    if not head.startswith(b"WARC/"):
        yield from _read_with_warcio(stream, origin, limit)
        return
    for number, framed in enumerate(_warc_records(stream, limit), 1):
        if isinstance(framed, str):
            yield ReadProblem(origin.source, f"record {number}: {framed}")
            continue
        yield from _one_record(framed, number, origin, limit)


def _one_record(data: bytes, number: int, origin: Origin, limit: int) -> Iterator[RawReport | ReadProblem]:
    url = ""
    header = data[: data.find(b"\r\n\r\n")].lower()
    if b"warc-type: response" in header and b"warc-target-uri:" not in header:
        # warcio fails on it with an AttributeError; a response to no stated URL is no page either
        yield ReadProblem(origin.source, _where(number, url) + "response record without WARC-Target-URI")
        return
    try:
        for record in ArchiveIterator(io.BytesIO(data), check_digests=True):
            url = record.rec_headers.get_header("WARC-Target-URI") or ""
            report = record_report(record, number, url, origin, limit)
            record.content_stream().read()  # to the end, so the digests are checked
            break
        else:
            return
        checker = getattr(record, "digest_checker", None)
        if checker is not None and checker.passed is False:
            raise ReadFailure("digest does not match the content (WARC-Payload-Digest or WARC-Block-Digest):"
                              " the record is corrupt")
    except ReadFailure as failure:
        yield ReadProblem(origin.source, _where(number, url) + failure.reason)
        return
    except Exception as error:  # warcio on a malformed record: that record only
        yield ReadProblem(origin.source, _where(number, url) + f"malformed record ({type(error).__name__}: "
                          f"{_first_line(str(error))[:160]})")
        return
    if report is not None:
        yield report


def _where(number: int, url: str) -> str:
    return f"record {number}" + (f" ({url})" if url else "") + ": "


#: A record's header block is a few hundred bytes; Content-Length has at most this many digits (1 TB).
_MAX_HEADER_BYTES = 64 * 1024
_MAX_LENGTH_DIGITS = 12
_CONTENT_LENGTH = re.compile(rb"^content-length:[ \t]*([^\s]*)[ \t\r]*$", re.IGNORECASE | re.MULTILINE)
_RECORD_START = re.compile(rb"(?:\A|\n)(WARC/1\.[01]\r?\n)")


def _warc_records(stream: BinaryIO, limit: int) -> Iterator[bytes | str]:
    """Each record's bytes (header, block and its closing blank lines), or a reason for a bad one.

    A block over the record limit is skipped unread (never held); after a bad length the next record
    is found by its "WARC/1.x" line, looked for inside the bad record's block first.
    """
    cap = 2 * limit + _MAX_HEADER_BYTES
    reader = _Pushback(stream)
    while True:
        line = reader.readline(_MAX_HEADER_BYTES)
        while line in (b"\r\n", b"\n"):
            line = reader.readline(_MAX_HEADER_BYTES)
        if not line:
            return
        if not line.startswith(b"WARC/"):
            skipped = _skip_to_record(reader, line)
            yield f"not a WARC record header at this point ({skipped} bytes skipped to the next record)"
            continue
        header = line
        while not header.endswith((b"\r\n\r\n", b"\n\n")):
            more = reader.readline(_MAX_HEADER_BYTES)
            if not more:
                yield "cut off in its header (the file ends)"
                return
            header += more
            if len(header) > _MAX_HEADER_BYTES:
                yield f"header longer than {_MAX_HEADER_BYTES // 1024} KB"
                _skip_to_record(reader, b"")
                break
        else:
            match = _CONTENT_LENGTH.search(header)
            digits = match.group(1) if match else b""
            if not digits.isdigit() or len(digits) > _MAX_LENGTH_DIGITS:
                shown = digits[:24].decode("ascii", "replace") or "none"
                yield f"invalid Content-Length ({shown})"
                _skip_to_record(reader, b"")
                continue
            length = int(digits)
            if length > cap:
                left = _discard(reader, length)
                yield (f"record of {length} bytes exceeds the limit (twice --max-report-mb)"
                       + (" and is cut off by the end of the file" if left else ""))
                continue
            block = reader.read_exactly(length)
            if len(block) < length:
                yield f"cut off: {len(block)} of its {length} bytes (Content-Length) before the file ends"
                return
            trailer = reader.read_exactly(4)
            if trailer not in (b"\r\n\r\n",) and not trailer.startswith(b"\n\n"):
                # The length is wrong: the block ran into the next record, or stops short of its end.
                reader.push(block + trailer)
                _skip_to_record(reader, b"")
                yield ("Content-Length does not match the record (it runs into the next record or stops "
                       "short of its end): not read")
                continue
            if trailer.startswith(b"\n\n") and trailer != b"\n\n":
                reader.push(trailer[2:])
            yield header + block + b"\r\n\r\n"


def _skip_to_record(reader: _Pushback, already: bytes) -> int:
    """Read on to the next line that starts a WARC record (left unread); the bytes passed over."""
    skipped = len(already)
    while True:
        line = reader.readline(1 << 20)
        if not line:
            return skipped
        if line.startswith(b"WARC/1.") and line.rstrip(b"\r\n") in (b"WARC/1.0", b"WARC/1.1"):
            reader.push(line)
            return skipped
        skipped += len(line)


def _discard(reader: _Pushback, length: int) -> int:
    left = length
    while left > 0:
        data = reader.read(min(left, 1 << 20))
        if not data:
            break
        left -= len(data)
    return left


class _Pushback:
    """A byte stream with bytes that can be pushed back to be read again (resynchronising on a record)."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._back = b""

    def push(self, data: bytes) -> None:
        self._back = data + self._back

    def read(self, size: int) -> bytes:
        if self._back:
            data, self._back = self._back[:size], self._back[size:]
            return data
        return self._stream.read(size)

    def read_exactly(self, size: int) -> bytes:
        parts, left = [], size
        while left > 0:
            data = self.read(min(left, 1 << 20))
            if not data:
                break
            parts.append(data)
            left -= len(data)
        return b"".join(parts)

    def readline(self, size: int) -> bytes:
        if self._back:
            end = self._back.find(b"\n", 0, size)
            cut = size if end < 0 else end + 1
            if end >= 0 or len(self._back) >= size:
                data, self._back = self._back[:cut], self._back[cut:]
                return data
            data, self._back = self._back, b""
            return data + self._stream.readline(size - len(data))
        return self._stream.readline(size)


def _read_with_warcio(stream: BinaryIO, origin: Origin, limit: int) -> Iterator[RawReport | ReadProblem]:
    """ARC files (and anything not starting as WARC): warcio's own framing; a failure stops the file."""
    number = 0
    try:
        for number, record in enumerate(ArchiveIterator(stream, arc2warc=True), 1):  # noqa: B007
            url = record.rec_headers.get_header("WARC-Target-URI") or ""
            try:
                report = record_report(record, number, url, origin, limit)
            except ReadFailure as failure:
                yield ReadProblem(origin.source, _where(number, url) + failure.reason)
                continue
            if report is not None:
                yield report
    except ArchiveLoadFailed as error:
        yield ReadProblem(origin.source, f"malformed WARC after record {number}: {_first_line(str(error))}")
    except Exception as error:  # warcio on a hostile file: the records before it are kept
        yield ReadProblem(origin.source, f"malformed WARC after record {number}: {type(error).__name__}")


def record_report(record: Any, number: int, url: str, origin: Origin, limit: int) -> RawReport | None:
    """The report in one WARC record, or None when the record holds no page (see the module's comment)."""
    if record.rec_type == "response":
        if record.http_headers is None:
            return None
        if not str(record.http_headers.get_statuscode() or "").startswith("2"):
            return None
        content_type = record.http_headers.get_header("Content-Type") or ""
    elif record.rec_type == "resource":
        content_type = record.rec_headers.get_header("Content-Type") or ""
    else:
        return None
    mime, charset = parse_content_type(content_type)
    if mime not in _FORMS:
        return None
    data = read_capped(record.content_stream(), limit)
    if not data.strip():
        return None
    meta = {"url": url} if url else {}
    crawled = record.rec_headers.get_header("WARC-Date")
    if crawled:
        meta["crawled"] = crawled  # the crawl time, not the publication date
    try:
        return document_report(data, report_id=f"{origin.stem}-{number}",
                               source=url or f"{origin.source}#{number}", name="", meta=meta,
                               declared_charset=charset, form=_FORMS[mime])
    except ReadFailure as failure:
        if mime == "" and failure.reason.startswith("binary content"):
            return None  # an untyped record that is an image or the like: not a report
        raise


def parse_content_type(value: str) -> tuple[str, str | None]:
    """("text/html", "iso-8859-1") from 'text/html; charset="ISO-8859-1"'."""
    parts = value.split(";")
    mime = parts[0].strip().lower()
    charset = None
    for part in parts[1:]:
        key, _, param = part.partition("=")
        if key.strip().lower() == "charset":
            charset = param.strip().strip("\"'").lower() or None
    return mime, charset


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "unreadable record"
