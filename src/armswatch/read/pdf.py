"""PDF reports (UN Panel of Experts reports, think-tank studies, government notices) through pypdfium2.

The text layer is read page by page and kept as one paragraph per line, so that the clean stage keeps
it whole (like a feed item's text) and evidence can cite the page: `meta["page_lines"]` lists, for each
page with text, the index of its first line and its printed label ("47", "iv") when the file has page
labels. Lines that repeat at the top or bottom of most pages (running headers and footers, with their
page numbers), bare page numbers and footnote markers glued to words are removed; a page set in two
columns is read column by column. A PDF without any text is a scan: that is said, not read as empty.
"""

from __future__ import annotations

import json
import re
import statistics
from collections import Counter
from dataclasses import dataclass

from armswatch.read.meta import normalise_date
from armswatch.read.models import RawReport
from armswatch.read.problems import ReadFailure

# A PDF date: D:YYYYMMDDHHmmSS with optional parts and a zone.
_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?")
# Document titles that name the file or the tool, not the report.
_JUNK_TITLE = re.compile(
    r"^(?:microsoft (?:word|powerpoint) - |untitled\b|document\d*$|slide \d|\S+\.(?:docx?|pdf|indd|qxd)$)",
    re.IGNORECASE,
)
# A line that is only a page number: "12", "- 12 -", "Page 12", "Page 12 of 40", "12/40", "xiv".
_PAGE_NUMBER = re.compile(
    r"^\W*(?:page\s+)?(?:\d{1,4}|[ivxlc]{1,7})(?:\s*(?:of|/)\s*\d{1,4})?\W*$", re.IGNORECASE
)
# A footnote marker glued to the end of a word or sentence: "sanctions.12 The", "vessels3 and".
# Only after a lower-case letter or closing punctuation, so "F-16", "S-300" and "MiG-29" are left alone.
_FOOTNOTE_MARKER = re.compile(r"(?<=[a-z.,;:)\]”’\"])\d{1,3}(?=\s|$)")
_SOFT_HYPHENS = str.maketrans({"\x02": "", "\ufffe": "", "\u00ad": "", "\x00": ""})
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Headers/footers: the lines this close to a page's top or bottom are candidates.
_EDGE_LINES = 2
# A candidate is furniture when it repeats (digits aside) on at least half the pages, and 3 of them:
# with fewer pages a repeated line cannot be told from a repeated sentence.
_MIN_REPEAT_PAGES = 3
_REPEAT_SHARE = 0.5
# Two columns: a vertical gap near the middle of the page that at most this share of the text
# segments cross (a headline or a full-width table may), with text on both sides of it.
_MAX_GUTTER_CROSSING = 0.1
_MIN_COLUMN_SEGMENTS = 4


@dataclass(frozen=True)
class PdfText:
    """The text of a PDF, one paragraph per line, and what its Info dictionary states."""

    lines: list[str]
    page_lines: list[tuple[int, int, str]]  # (first line index, page number from 1, printed label)
    meta: dict[str, str]
    pages: int


def read_pdf(data: bytes, source: str) -> PdfText:
    """The text and metadata of a PDF; ReadFailure (naming why) for an encrypted, corrupt or scanned one."""
    import pypdfium2 as pdfium  # imported here: only collections that hold PDFs pay for loading PDFium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        message = str(error)
        if "password" in message.lower():
            raise ReadFailure("encrypted PDF: it needs a password (save an unlocked copy)") from error
        raise ReadFailure(f"corrupt or truncated PDF ({message.rstrip('.')})") from error
    try:
        return _read_open_pdf(pdf, source)
    finally:
        pdf.close()


def _read_open_pdf(pdf: object, source: str) -> PdfText:
    import pypdfium2 as pdfium

    assert isinstance(pdf, pdfium.PdfDocument)
    pages: list[list[str]] = []
    labels: list[str] = []
    for number in range(len(pdf)):
        try:
            page = pdf[number]
        except pdfium.PdfiumError as error:
            raise ReadFailure(f"corrupt PDF: page {number + 1} cannot be read ({error})") from error
        try:
            pages.append(_page_lines(page))
        finally:
            page.close()
        try:
            labels.append(pdf.get_page_label(number) or "")
        except (pdfium.PdfiumError, AttributeError):
            labels.append("")
    if not pages:
        raise ReadFailure("PDF has no pages")
    if not any(pages):
        raise ReadFailure(f"scanned PDF: no text layer on any of its {len(pages)} page"
                          f"{'s' if len(pages) > 1 else ''} (run OCR on it first)")
    pages = _without_running_lines(pages)
    lines: list[str] = []
    page_lines: list[tuple[int, int, str]] = []
    for number, page_text in enumerate(pages, 1):
        paragraphs = _paragraphs(page_text)
        if not paragraphs:
            continue
        label = labels[number - 1]
        page_lines.append((len(lines), number, label if label and label != str(number) else ""))
        lines.extend(paragraphs)
    if not lines:
        raise ReadFailure(f"PDF has no text beyond page numbers and running headers ({len(pages)} pages)")
    return PdfText(lines, page_lines, _info(pdf), len(pages))


def _info(pdf: object) -> dict[str, str]:
    """title, author, published from the Info dictionary, when they look like the report's own."""
    try:
        info = pdf.get_metadata_dict(skip_empty=True)  # type: ignore[attr-defined]
    except Exception:  # a damaged Info dictionary is no reason to lose the text
        return {}
    meta: dict[str, str] = {}
    title = " ".join(str(info.get("Title", "")).split())
    if len(title) > 3 and not _JUNK_TITLE.search(title):
        meta["title"], meta["title_from"] = title, "PDF Info Title"
    author = " ".join(str(info.get("Author", "")).split())
    if author and len(author) <= 120:
        meta["author"], meta["author_from"] = author, "PDF Info Author"
    for key in ("CreationDate", "ModDate"):
        match = _PDF_DATE.match(str(info.get(key, "")).strip())
        if match and match.group(3):
            day = normalise_date(f"{match[1]}-{match[2]}-{match[3]}")
            if day and day[:4].isdigit() and int(day[:4]) > 1900:
                meta["published"], meta["published_from"] = day, f"PDF Info {key}"
                break
    return meta


def _page_lines(page: object) -> list[str]:
    """The page's text lines in reading order (column by column on a two-column page)."""
    textpage = page.get_textpage()  # type: ignore[attr-defined]
    try:
        width = float(page.get_width())  # type: ignore[attr-defined]
        text = _two_column_text(textpage, width)
        if text is None:
            text = textpage.get_text_range()
    finally:
        textpage.close()
    text = _CONTROLS.sub(" ", text.translate(_SOFT_HYPHENS).replace("\r\n", "\n").replace("\r", "\n"))
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


def _two_column_text(textpage: object, width: float) -> str | None:
    """The text of a two-column page read left column first, or None for a one-column page."""
    count = textpage.count_rects()  # type: ignore[attr-defined]
    if count < 2 * _MIN_COLUMN_SEGMENTS:
        return None
    rects = [textpage.get_rect(i) for i in range(count)]  # type: ignore[attr-defined]
    best: tuple[int, float] | None = None
    for step in range(35, 66):
        x = width * step / 100
        crossing = sum(1 for left, _, right, _ in rects if left < x < right)
        if best is None or crossing < best[0]:
            best = (crossing, x)
    assert best is not None
    crossing, gutter = best
    left_side = [r for r in rects if r[2] <= gutter]
    right_side = [r for r in rects if r[0] >= gutter]
    if crossing > _MAX_GUTTER_CROSSING * count or min(len(left_side), len(right_side)) < _MIN_COLUMN_SEGMENTS:
        return None
    # The columns must sit side by side (overlap in height), not be a caption beside a figure.
    left_span = (min(r[1] for r in left_side), max(r[3] for r in left_side))
    right_span = (min(r[1] for r in right_side), max(r[3] for r in right_side))
    overlap = min(left_span[1], right_span[1]) - max(left_span[0], right_span[0])
    if overlap < 0.3 * min(left_span[1] - left_span[0], right_span[1] - right_span[0]):
        return None
    wide = [r for r in rects if r[0] < gutter < r[2]]
    above = [r for r in wide if r[1] >= min(left_span[1], right_span[1]) - 1]
    below = [r for r in wide if r not in above]
    out: list[str] = []
    for group in (above, left_side, right_side, below):
        for left, bottom, right, top in sorted(group, key=lambda r: (-r[3], r[0])):
            out.append(textpage.get_text_bounded(left, bottom, right, top))  # type: ignore[attr-defined]
    return "\n".join(out)


def _shape(line: str) -> str:
    """A line with its numbers blanked: "Page 3 of 40" and "Page 4 of 40" are one running footer."""
    return re.sub(r"\d+", "#", line.casefold()).strip()


def _without_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Pages without running headers/footers and bare page numbers.

    A running line sits within _EDGE_LINES of a page's top or bottom on most pages, either word for
    word or with a number that follows the page count ("Page 3 of 40", "S/2024/215  12/40"): a sentence
    that differs from page to page in other figures is still content.
    """
    seen: dict[str, list[tuple[int, str]]] = {}
    with_text = 0
    for index, lines in enumerate(pages):
        if len(lines) <= _EDGE_LINES + 1:
            continue
        with_text += 1
        for line in dict.fromkeys(lines[:_EDGE_LINES] + lines[-_EDGE_LINES:]):
            seen.setdefault(_shape(line), []).append((index, line))
    needed = max(_MIN_REPEAT_PAGES, _REPEAT_SHARE * with_text)
    running: set[str] = set()
    for occurrences in seen.values():
        if len(occurrences) < needed:
            continue
        texts = Counter(line for _, line in occurrences)
        running.update(line for line, n in texts.items() if n >= needed)
        offsets: set[int] | None = None
        for index, line in occurrences:
            found = {int(n) - index for n in re.findall(r"\d{1,4}", line)}
            offsets = found if offsets is None else offsets & found
        if offsets:
            running.update(line for _, line in occurrences)
    out: list[list[str]] = []
    for lines in pages:
        if len(lines) <= _EDGE_LINES + 1:
            # A page of a line or three is all content (a title page, a list's last line): only its
            # bare page numbers go.
            out.append([line for line in lines if not _PAGE_NUMBER.match(line)])
            continue
        edge = set(range(_EDGE_LINES)) | set(range(len(lines) - _EDGE_LINES, len(lines)))
        out.append([
            line for i, line in enumerate(lines)
            if not (i in edge and (line in running or _PAGE_NUMBER.match(line)))
        ])
    return out


def _paragraphs(lines: list[str]) -> list[str]:
    """Wrapped lines joined into paragraphs: a line shorter than most ends one, as does a line that
    closes a sentence and is followed by a capitalised one that starts a new block."""
    if not lines:
        return []
    typical = statistics.median(len(line) for line in lines)
    out: list[str] = []
    current = ""
    for i, line in enumerate(lines):
        line = _FOOTNOTE_MARKER.sub("", line).rstrip()
        if not line:
            continue
        if current.endswith("-") and line[:1].islower():
            current = current[:-1] + line  # a word hyphenated at the line's end
        else:
            current = f"{current} {line}" if current else line
        ends_short = len(line) < 0.75 * typical
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if ends_short or not following or (_PAGE_NUMBER.match(following) is not None):
            out.append(current)
            current = ""
    if current:
        out.append(current)
    return out


def pdf_report(data: bytes, *, report_id: str, source: str) -> RawReport:
    """One RawReport for a PDF: its text is the document (kept whole), its pages in meta["pages"]."""
    found = read_pdf(data, source)
    meta = dict(found.meta)
    # [[first line, page number, printed label], ...]: the clean stage turns lines into body offsets.
    meta["pages"] = json.dumps([list(entry) for entry in found.page_lines])
    return RawReport(id=report_id, source=source, raw=data, form="text", text="\n".join(found.lines),
                     meta=meta, is_article=True)
