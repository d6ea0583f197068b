"""The report forms beyond pages and feeds: PDF, Word, e-mail, RSS/Atom, NITF/NewsML, SGML wire archives.

`read_form` is the read stage's one door to them (reader.read_stream calls it for the kinds that
detect.sniff_kind tells from content). Each reader module does one form; this one applies the size
limit and turns an e-mail's attachments into reports of their own.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import BinaryIO

from armswatch.read.detect import Kind
from armswatch.read.mail import read_email
from armswatch.read.models import RawReport, ReadProblem
from armswatch.read.office import docx_report
from armswatch.read.origin import Origin
from armswatch.read.pdf import pdf_report
from armswatch.read.problems import ReadFailure, megabytes
from armswatch.read.streams import read_capped
from armswatch.read.wire import read_wire
from armswatch.read.xmlnews import read_xml_news

Item = RawReport | ReadProblem
#: Reads a member (an attachment) as a stream of its own: reader._member_reader.
MemberReader = Callable[[BinaryIO, Origin, int | None], Iterator[Item]]

FORM_KINDS = frozenset({Kind.PDF, Kind.DOCX, Kind.EMAIL, Kind.XML_NEWS, Kind.WIRE})
# An archive of wire records or a feed holds many reports: it may be this many times the page limit.
_COLLECTION_FACTOR = 8
_NAMES = {Kind.PDF: "PDF", Kind.DOCX: "Word document", Kind.EMAIL: "e-mail"}


def read_form(kind: Kind, stream: BinaryIO, origin: Origin, limit: int, size: int | None,
              read_member: MemberReader) -> Iterator[Item]:
    """The reports in one PDF, Word file, e-mail, XML news file or wire archive."""
    cap = limit * _COLLECTION_FACTOR if kind in (Kind.XML_NEWS, Kind.WIRE) else limit
    what = _NAMES.get(kind, "file")
    if size is not None and size > cap:
        raise ReadFailure(f"{what} of {megabytes(size)} exceeds the {megabytes(cap)} limit (--max-report-mb)")
    data = read_capped(stream, cap, what)
    if kind is Kind.PDF:
        yield pdf_report(data, report_id=origin.stem, source=origin.source)
    elif kind is Kind.DOCX:
        yield docx_report(data, report_id=origin.stem, source=origin.source)
    elif kind is Kind.XML_NEWS:
        yield from read_xml_news(data, origin)
    elif kind is Kind.WIRE:
        yield from read_wire(data, origin)
    else:
        own, attachments = read_email(data, report_id=origin.stem, source=origin.source)
        if own is not None:
            yield own
        elif not attachments:
            raise ReadFailure("e-mail has neither text nor attachments")
        seen: set[str] = set()
        for name, payload in attachments:
            # Two attachments of one name stay two reports.
            unique = name if name not in seen else f"{len(seen) + 1}-{name}"
            seen.add(unique)
            yield from read_member(io.BytesIO(payload), origin.member(unique), len(payload))
