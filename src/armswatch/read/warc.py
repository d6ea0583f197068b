"""Reports from WARC (and ARC) crawl files, read with warcio.

Only successful (2xx) `response` records, and `resource` records, whose payload is HTML or text
become reports; images, scripts, redirects, DNS and request records are not reports and are passed
over without a problem. The payload is what warcio's content_stream() gives: de-chunked and
content-decoded, the page's own bytes. It is decoded with the charset the HTTP header states
(after a BOM and strict UTF-8), then the page's meta charset, then detection.
"""

from __future__ import annotations

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
    """One report per HTML/text response record; id "<file stem>-<record number>", source the URL."""
    number = 0
    try:
        for number, record in enumerate(ArchiveIterator(stream, arc2warc=True), 1):  # noqa: B007
            url = record.rec_headers.get_header("WARC-Target-URI") or ""
            try:
                report = record_report(record, number, url, origin, limit)
            except ReadFailure as failure:
                where = f"record {number}" + (f" ({url})" if url else "")
                yield ReadProblem(origin.source, f"{where}: {failure.reason}")
                continue
            if report is not None:
                yield report
    except ArchiveLoadFailed as error:
        yield ReadProblem(origin.source, f"malformed WARC after record {number}: {_first_line(str(error))}")


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
