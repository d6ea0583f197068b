"""SGML wire archives: one report per <DOC> (TREC/LDC newswire: AP, NYT, LA Times, Xinhua, Gigaword) or
<REUTERS> record (the Reuters-21578 layout), with its date, headline, dateline, byline and source read
from the record's own tags.

SGML is not XML (unclosed tags, `&#3;` control references, stray `&`), so records are cut out with
patterns and their fields read tag by tag; markup and control characters never reach the text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import date

from armswatch.read.decode import decode_bytes
from armswatch.read.models import RawReport, ReadProblem
from armswatch.read.origin import Origin
from armswatch.read.wirecopy import headline_line, strip_wire_habits

_RECORD = re.compile(rb"<(DOC|REUTERS)\b([^>]*)>(.*?)</\1\s*>", re.DOTALL | re.IGNORECASE)
_OPEN_RECORD = re.compile(rb"<(?:DOC|REUTERS)\b[^>]*>", re.IGNORECASE)
_FIELD = r"<{name}\b[^>]*>(.*?)</{name}\s*>"
_TAGS = re.compile(r"<[^<>]{0,500}>")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NUMERIC_CONTROL_REF = re.compile(r"&#(?:[0-8]|1[1-9]|2\d|3[01]|127);")
_ATTR = re.compile(r'(\w[\w.-]*)\s*=\s*"([^"]*)"')
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                       "nov", "dec"), 1)}
# Dates as wire archives write them: 26-FEB-1987 15:01:01.79 (Reuters-21578), 880101 and 19940701
# (TREC and Gigaword), the id NYT_ENG_19940701.0001, "January 1, 1989, Sunday" (LA Times).
_DMY_NAMED = re.compile(r"\b(\d{1,2})-([A-Za-z]{3})-(\d{4})\b")
_COMPACT = re.compile(r"(?<!\d)((?:19|20)\d{2}|\d{2})(\d{2})(\d{2})(?!\d)")
_WRITTEN = re.compile(r"\b([A-Z][a-z]+)\.? (\d{1,2}), ((?:19|20)\d{2})\b")
# "Reuters" from Reuters-21578 records, whose element is named after the agency.
_RECORD_OUTLETS = {"REUTERS": "Reuters"}
_ID_SOURCES = {"NYT": "The New York Times", "APW": "Associated Press", "AFP": "Agence France-Presse",
               "XIN": "Xinhua", "LTW": "Los Angeles Times/Washington Post", "CNA": "Central News Agency",
               "AP": "Associated Press", "LA": "Los Angeles Times", "FT": "Financial Times", "WSJ":
               "The Wall Street Journal", "SJMN": "San Jose Mercury News", "FBIS": "FBIS"}


def looks_like_wire(head: bytes) -> bool:
    """True when the bytes open (after an optional doctype) with a <DOC> or <REUTERS> record."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.upper().startswith(b"<!DOCTYPE LEWIS"):
        text = text.split(b">", 1)[-1].lstrip()
    return _OPEN_RECORD.match(text) is not None


def read_wire(data: bytes, origin: Origin) -> Iterator[RawReport | ReadProblem]:
    """One report per record; a record without text (Reuters-21578 has many bare headlines) is a problem."""
    found = False
    for number, match in enumerate(_RECORD.finditer(data), 1):
        found = True
        line = data.count(b"\n", 0, match.start()) + 1
        record = match.group(0)
        text = _clean(decode_bytes(record))
        element = match.group(1).decode().upper()
        attrs = dict(_ATTR.findall(match.group(2).decode("latin-1")))
        report = _record_report(text, element, attrs, record, origin, number)
        if report is None:
            yield ReadProblem(origin.source, f"wire record {number} has no text", line)
        else:
            yield report
    if not found:
        yield ReadProblem(origin.source, "no complete <DOC> or <REUTERS> record (truncated archive?)", 1)


def _clean(text: str) -> str:
    return _CONTROLS.sub(" ", _NUMERIC_CONTROL_REF.sub(" ", text))


def _field(text: str, *names: str) -> str | None:
    """The text of the first of the named fields, markup dropped, entities decoded, spaces collapsed."""
    for name in names:
        match = re.search(_FIELD.format(name=name), text, re.DOTALL | re.IGNORECASE)
        if match:
            value = " ".join(html.unescape(_TAGS.sub(" ", match.group(1))).split())
            if value:
                return value
    return None


def _paragraphs(text: str) -> list[str]:
    """The body's paragraphs: <P> elements, else blocks split on blank or indented lines."""
    parts = re.findall(r"<P\b[^>]*>(.*?)(?=</P\s*>|<P\b|\Z)", text, re.DOTALL | re.IGNORECASE)
    if not parts:
        parts = re.split(r"\n\s*\n|\n(?=[ \t]{2,}\S)", text)
    out = []
    for part in parts:
        value = " ".join(html.unescape(_TAGS.sub(" ", part)).split())
        if value:
            out.append(value)
    return out


def _record_report(text: str, element: str, attrs: dict[str, str], record: bytes, origin: Origin,
                   number: int) -> RawReport | None:
    meta: dict[str, str] = {}
    body_match = re.search(_FIELD.format(name="TEXT"), text, re.DOTALL | re.IGNORECASE)
    inner = body_match.group(1) if body_match else ""
    # Reuters-21578 keeps the story in <BODY> inside <TEXT>, beside <TITLE> and <DATELINE>.
    body_only = re.search(_FIELD.format(name="BODY"), inner, re.DOTALL | re.IGNORECASE)
    for name in ("TITLE", "DATELINE", "AUTHOR"):
        inner = re.sub(_FIELD.format(name=name), " ", inner, flags=re.DOTALL | re.IGNORECASE)
    # The agency's sign-off (on a line of its own or at the end of the last paragraph), an editor's note
    # above the story and a byline line above the lede are no part of it (armswatch.read.wirecopy).
    paragraphs, byline_line = strip_wire_habits(_paragraphs(body_only.group(1) if body_only else inner))
    if not paragraphs:
        return None
    title = _field(text, "HEADLINE", "HEAD", "TITLE", "HL", "HEADER")
    if title:
        meta["title"], meta["title_from"] = title, "wire record headline tag"
    else:
        title, paragraphs = headline_line(paragraphs)
        if title:
            meta["title"], meta["title_from"] = title, "wire record headline line above the dateline"
    dateline = _field(text, "DATELINE", "DATELN")
    if dateline:
        meta["dateline"] = dateline.rstrip(" -—")
    author = _field(text, "BYLINE", "AUTHOR")
    if author:
        meta["author"], meta["author_from"] = re.sub(r"^by\s+", "", author, flags=re.I), "wire record byline"
    elif byline_line:
        meta["author"], meta["author_from"] = byline_line, "wire record byline line of the text"
    doc_id = _field(text, "DOCNO", "DOCID") or attrs.get("id") or attrs.get("NEWID")
    day = None
    for basis, value in (("DATE", _field(text, "DATE", "DATE_TIME", "PUBDATE")), ("DOCNO", doc_id),
                         ("FILEID", _field(text, "FILEID"))):
        day = _wire_date(value) if value else None
        if day:
            meta["published"], meta["published_from"] = day, f"wire record {basis} tag"
            break
    tagged = _field(text, "SOURCE", "PUBLISHER")
    source = tagged or _RECORD_OUTLETS.get(element)
    if source:
        meta["outlet"], meta["outlet_from"] = source, f"wire record {'SOURCE tag' if tagged else element}"
    elif doc_id:
        prefix = re.match(r"([A-Z]+)", doc_id.strip())
        if prefix and prefix.group(1) in _ID_SOURCES:
            meta["outlet"], meta["outlet_from"] = _ID_SOURCES[prefix.group(1)], "wire record DOCNO prefix"
    report_id = re.sub(r"[^\w.-]+", "_", doc_id.strip()) if doc_id else f"{origin.stem}-{number}"
    return RawReport(id=report_id, source=f"{origin.source}#{number}", raw=record, form="text",
                     text="\n".join(paragraphs), meta=meta, is_article=True)


def _wire_date(value: str) -> str | None:
    match = _DMY_NAMED.search(value)
    if match and match.group(2).lower() in _MONTHS:
        return _day(int(match.group(3)), _MONTHS[match.group(2).lower()], int(match.group(1)))
    match = _WRITTEN.search(value)
    if match and match.group(1)[:3].lower() in _MONTHS:
        return _day(int(match.group(3)), _MONTHS[match.group(1)[:3].lower()], int(match.group(2)))
    match = _COMPACT.search(value)
    if match:
        year = int(match.group(1))
        if year < 100:
            year += 1900 if year >= 50 else 2000  # TREC's yymmdd: the archives run from the 1980s on
        return _day(year, int(match.group(2)), int(match.group(3)))
    return None


def _day(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None
