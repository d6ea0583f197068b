"""Word documents (.docx, through python-docx): paragraphs and tables in order, title and dates from
the document's core properties or its Title/first heading style.

A .docx is a zip archive; it is told from other zips by its `word/document.xml` member.
"""

from __future__ import annotations

import io
import zipfile

from armswatch.read.models import RawReport
from armswatch.read.problems import ReadFailure

DOCX_MEMBER = "word/document.xml"
# Core property titles that are the template's, not the report's.
_TEMPLATE_TITLES = frozenset({"", "title", "document", "untitled", "normal", "template"})


def is_docx(archive: zipfile.ZipFile) -> bool:
    try:
        archive.getinfo(DOCX_MEMBER)
    except KeyError:
        return False
    return True


def docx_report(data: bytes, *, report_id: str, source: str) -> RawReport:
    """One RawReport for a .docx: every non-empty paragraph (and table row) a line, kept whole."""
    import docx  # imported here: only collections holding Word files pay for it
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ReadFailure(f"corrupt Word document ({error})") from error
    except Exception as error:  # lxml errors on a damaged document.xml, and others python-docx raises
        raise ReadFailure(f"corrupt Word document ({type(error).__name__}: {error})") from error
    lines: list[str] = []
    heading: str | None = None
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = " ".join("".join(n.text or "" for n in child.iter() if n.tag.endswith("}t")).split())
            if not text:
                continue
            style = _style_name(document, child)
            if heading is None and (style == "title" or style.startswith("heading 1")):
                heading = text
            lines.append(text)
        elif tag == "tbl":
            for row in child.iter():
                if not row.tag.endswith("}tr"):
                    continue
                cells = []
                for cell in row.iterchildren():
                    if cell.tag.endswith("}tc"):
                        cells.append(" ".join("".join(n.text or "" for n in cell.iter()
                                                      if n.tag.endswith("}t")).split()))
                joined = " | ".join(cell for cell in cells if cell)
                if joined:
                    lines.append(joined)
    if not lines:
        raise ReadFailure("Word document has no text")
    meta: dict[str, str] = {}
    props = document.core_properties
    title = " ".join((props.title or "").split())
    if title.casefold() not in _TEMPLATE_TITLES:
        meta["title"], meta["title_from"] = title, "Word core property title"
    elif heading:
        meta["title"], meta["title_from"] = heading, "Word Title/Heading 1 paragraph"
    if props.author and props.author.strip():
        meta["author"], meta["author_from"] = " ".join(props.author.split()), "Word core property author"
    for name in ("created", "modified"):
        value = getattr(props, name)
        # python-docx's own template states 2013-12-23T23:15:00: a file it made keeps that date.
        if value is not None and value.year > 1980 and value.isoformat()[:16] != "2013-12-23T23:15":
            meta["published"], meta["published_from"] = value.date().isoformat(), f"Word core property {name}"
            break
    if props.identifier and props.identifier.startswith(("http://", "https://")):
        meta["url"], meta["url_from"] = props.identifier, "Word core property identifier"
    return RawReport(id=report_id, source=source, raw=data, form="text", text="\n".join(lines), meta=meta,
                     is_article=True)


def _style_name(document: object, paragraph: object) -> str:
    """The lower-cased style name of a paragraph element ("heading 1", "title"), or ""."""
    props = paragraph.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pPr")  # type: ignore[attr-defined]
    if props is None:
        return ""
    style = props.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pStyle")
    if style is None:
        return ""
    style_id = style.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val") or ""
    try:
        name = document.styles.get_by_id(style_id, 1).name  # type: ignore[attr-defined]  # 1: paragraph
    except Exception:
        name = style_id
    return (name or style_id).casefold()
