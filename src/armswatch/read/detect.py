"""Tell what a file holds from its first bytes (and its name only as a hint).

Kinds: a compression wrapper (gzip, bzip2, xz), a zip archive, a WARC/ARC crawl, a JSON feed
(JSON Lines, or a JSON array / object stream), a CSV feed, a single document, or binary content
that is no report at all. Content wins over the extension: an HTML page saved as .txt is HTML,
a .csv that holds a page of prose is read as a document when it has no header row.
"""

from __future__ import annotations

import re
from enum import Enum

from armswatch.read.models import TextForm


class Kind(Enum):
    GZIP = "gzip"
    BZIP2 = "bzip2"
    XZ = "xz"
    ZIP = "zip"
    WARC = "warc"
    JSON_LINES = "jsonl"
    JSON_STREAM = "json"  # a top-level array of items, or one or more (pretty-printed) objects
    CSV = "csv"
    PDF = "pdf"
    DOCX = "docx"  # a Word document: a zip archive with word/document.xml
    EMAIL = "email"  # an RFC 5322 message (.eml)
    XML_NEWS = "xml_news"  # RSS/Atom feeds, NITF articles, NewsML packages
    WIRE = "wire"  # SGML wire archives of <DOC> or <REUTERS> records
    DOCUMENT = "document"
    BINARY = "binary"


COMPRESSION_SUFFIXES = {Kind.GZIP: (".gz", ".gzip", ".tgz"), Kind.BZIP2: (".bz2",), Kind.XZ: (".xz", ".lzma")}

_COMPRESSION_MAGIC = (
    (b"\x1f\x8b", Kind.GZIP),
    (b"BZh", Kind.BZIP2),
    (b"\xfd7zXZ\x00", Kind.XZ),
    (b"PK\x03\x04", Kind.ZIP),
    (b"PK\x05\x06", Kind.ZIP),  # empty archive
)

# Files that are surely not reports; the label goes into the message ("looks like PNG image").
_BINARY_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\x7fELF", "ELF executable"),
    (b"\xca\xfe\xba\xbe", "Java class or Mach-O binary"),
    (b"\xcf\xfa\xed\xfe", "Mach-O binary"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Microsoft Office (OLE) document"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\x00asm", "WebAssembly module"),
    (b"OggS\x00", "Ogg media"),
    (b"ID3\x03", "MP3 audio"),
    (b"ID3\x04", "MP3 audio"),
    (b"\x1a\x45\xdf\xa3", "Matroska/WebM video"),
    (b"wOFF\x00", "WOFF font"),
    (b"wOF2\x00", "WOFF2 font"),
    (b"\x00\x01\x00\x00\x00", "TrueType font"),
    (b"\x93NUMPY", "NumPy array"),
    (b"\x80\x04\x95", "Python pickle"),
)

_RIFF_LABELS = {b"WEBP": "WebP image", b"WAVE": "WAV audio", b"AVI ": "AVI video"}
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v\x1b")
# 0.05: a text page dump or feed has essentially no C0 control bytes (none in the 228 wcxb-dev dumps
# and pages, nor in the seeds); binary formats without a known magic number have far more.
_MAX_CONTROL_RATIO = 0.05

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")

_JSON_ARRAY_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*\[\s*(?:[{\]]|\Z)")
_JSON_OBJECT_START = re.compile(rb'\A(?:\xef\xbb\xbf)?\s*\{\s*(?:"|\}|\Z)')
_JSON_SUFFIXES = (".json", ".jsonl", ".ndjson", ".jsonlines")
_JSON_LINES_SUFFIXES = (".jsonl", ".ndjson", ".jsonlines")
_CSV_SUFFIXES = (".csv", ".tsv")

#: Column or key names that hold a report's text, best first (compared lower-cased).
TEXT_FIELDS = ("text", "body", "content", "article", "article_text", "full_text", "maintext")
HTML_FIELDS = ("html", "raw_html", "content_html", "page_html")
CSV_DELIMITERS = (",", "\t", ";", "|")


def compression_kind(head: bytes) -> Kind | None:
    """GZIP, BZIP2, XZ or ZIP when the bytes start with that format's magic number."""
    for magic, kind in _COMPRESSION_MAGIC:
        if head.startswith(magic):
            return kind
    return None


def binary_reason(head: bytes) -> str | None:
    """Why bytes are no text ("binary content (looks like PNG image)"), or None when they may be text."""
    for magic, label in _BINARY_MAGIC:
        if head.startswith(magic):
            return f"binary content (looks like {label})"
    if head[:4] == b"RIFF" and head[8:12] in _RIFF_LABELS:
        return f"binary content (looks like {_RIFF_LABELS[head[8:12]]})"
    if head[4:8] == b"ftyp":
        return "binary content (looks like MP4/QuickTime media)"
    if utf16_or_32_encoding(head) is not None:
        return None
    sample = head[:8192]
    if b"\x00" in sample:
        return "binary content (contains NUL bytes)"
    controls = sum(1 for byte in sample if byte < 32 and byte not in _TEXT_CONTROLS)
    if sample and controls / len(sample) > _MAX_CONTROL_RATIO:
        return f"binary content ({controls} control bytes in the first {len(sample)})"
    return None


def utf16_or_32_encoding(head: bytes) -> str | None:
    """The Python codec for UTF-16/32 text, from its BOM or (for BOM-less UTF-16) its NUL pattern."""
    if head.startswith(_UTF32_BOMS):
        return "utf-32"
    if head.startswith(_UTF16_BOMS):
        return "utf-16"
    sample = head[:4096]
    if len(sample) < 16:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) / 2
    # Mostly-ASCII UTF-16 has a NUL in nearly every other byte and almost none in the others.
    if odd_nuls > 0.7 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.7 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def looks_like_warc(head: bytes) -> bool:
    return head.startswith((b"WARC/", b"filedesc://"))


def sniff_kind(head: bytes, name: str) -> tuple[Kind, str | None]:
    """The kind of content that starts with `head`, and for BINARY the reason it is no text."""
    compressed = compression_kind(head)
    if compressed is not None:
        if compressed is Kind.ZIP and _looks_like_docx(head):
            return Kind.DOCX, None
        return compressed, None
    form = _report_form_kind(head, name)
    if form is not None:
        return form, None
    if looks_like_warc(head):
        return Kind.WARC, None
    reason = binary_reason(head)
    if reason is not None:
        return Kind.BINARY, reason
    lower = name.lower()
    json_kind = _json_kind(head, lower)
    if json_kind is not None:
        return json_kind, None
    if lower.endswith(_CSV_SUFFIXES) or csv_header_delimiter(head) is not None:
        return Kind.CSV, None
    return Kind.DOCUMENT, None


def _looks_like_docx(head: bytes) -> bool:
    """A zip whose first members (their names are stored in plain) are a Word document's."""
    return b"[Content_Types].xml" in head and b"word/" in head


def _report_form_kind(head: bytes, name: str) -> Kind | None:
    """PDF, e-mail, XML news or wire archive, told from the first bytes (see the reader modules)."""
    from armswatch.read.mail import looks_like_email  # the reader modules import this one
    from armswatch.read.wire import looks_like_wire
    from armswatch.read.xmlnews import xml_news_root

    if head.lstrip(b" \t\r\n").startswith(b"%PDF-"):
        return Kind.PDF
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<"):
        if xml_news_root(stripped) is not None:
            return Kind.XML_NEWS
        if looks_like_wire(stripped):
            return Kind.WIRE
        return None
    if looks_like_email(head, name):
        return Kind.EMAIL
    return None


def _json_kind(head: bytes, lower_name: str) -> Kind | None:
    if _JSON_ARRAY_START.match(head):
        return Kind.JSON_STREAM
    if lower_name.endswith(_MARKDOWN_SUFFIXES):
        return None  # a Markdown post that opens with "{" has Hugo's JSON front matter
    by_name = lower_name.endswith(_JSON_SUFFIXES)
    if not (_JSON_OBJECT_START.match(head) or by_name):
        return None
    if lower_name.endswith(_JSON_LINES_SUFFIXES):
        return Kind.JSON_LINES
    first_line = head.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0].strip()
    if first_line.startswith(b"{") and first_line.endswith(b"}"):
        return Kind.JSON_LINES
    if first_line.startswith((b"{", b"[")):
        return Kind.JSON_STREAM
    # A .json file that does not start like JSON: read it line by line so the error names the line.
    return Kind.JSON_LINES if by_name else None


def csv_header_delimiter(head: bytes) -> str | None:
    """The delimiter when the first line is a CSV header naming a text or html column, else None.

    A page dump's first line is a headline or menu item, not a list of short column names,
    so this only fires on real tables (no wcxb-dev dump nor seed matches it).
    """
    first_line = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].rstrip(b"\r")
    if len(first_line) > 2000:
        return None
    try:
        line = first_line.decode("utf-8")
    except UnicodeDecodeError:
        line = first_line.decode("latin-1")
    delimiter = header_delimiter(line)
    if delimiter is None:
        return None
    names = [cell.strip().strip('"').strip().lower() for cell in line.split(delimiter)]
    if any(len(cell) > 40 for cell in names):
        return None
    if any(cell in TEXT_FIELDS or cell in HTML_FIELDS for cell in names):
        return delimiter
    return None


def header_delimiter(line: str) -> str | None:
    """The candidate delimiter that occurs most often in a header line (None when none occurs)."""
    counts = {delimiter: line.count(delimiter) for delimiter in CSV_DELIMITERS}
    best = max(CSV_DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else None


# ---- form of a single document ----------------------------------------------------------------

_HTML_START = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
                         re.IGNORECASE | re.DOTALL)
_HTML_STRUCTURE = re.compile(r"<(?:html|head|body)\b[^>]*>", re.IGNORECASE)
_HTML_TAG = re.compile(
    r"</?(p|div|span|a|br|hr|img|table|tr|td|th|ul|ol|li|h[1-6]|script|style|meta|link|article|section|"
    r"header|footer|nav|main|aside|figure|figcaption|em|strong|b|i|blockquote|time|title|form|input|button|"
    r"iframe|noscript|svg)\b[^<>]{0,2000}>",
    re.IGNORECASE,
)
# 8 tags of 3 different names: a page that does not open like HTML and has fewer is prose that quotes
# a tag or two; a scraped HTML fragment has dozens of many kinds. One wcxb-dev dump (0214) has
# dozens of escaped <span> tags in its comments, of that one name; no other dump nor seed has any.
_MIN_HTML_TAGS = 8
_MIN_HTML_TAG_NAMES = 3

_MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+\S", re.MULTILINE)
_MD_LINK = re.compile(r"!?\[[^\]\n]{1,300}\]\((?:https?://|/|\.|#)[^)\s]{0,500}(?:\s+\"[^\"\n]*\")?\)")
_MD_EMPHASIS = re.compile(r"(?<![\w*])\*\*[^*\n]{1,200}\*\*(?![\w*])")
_MD_FENCE = re.compile(r"^(?:```|~~~)", re.MULTILINE)
_SNIFF_CHARS = 65536


def looks_like_html(text: str, name: str = "") -> bool:
    """True for an HTML page or fragment: opens like HTML, has html/head/body tags, or many tags.

    With an .html/.htm name, any known tag is enough (a small hand-written page).
    """
    sample = text[:_SNIFF_CHARS]
    if _HTML_START.match(sample) or _HTML_STRUCTURE.search(sample):
        return True
    if name.lower().endswith((".html", ".htm", ".xhtml", ".shtml")):
        return _HTML_TAG.search(sample) is not None
    names: set[str] = set()
    for count, match in enumerate(_HTML_TAG.finditer(sample), 1):
        names.add(match.group(1).lower())
        if count >= _MIN_HTML_TAGS and len(names) >= _MIN_HTML_TAG_NAMES:
            return True
    return False


def looks_like_markdown(text: str, name: str = "") -> bool:
    """True for a .md file, or text with clear Markdown structure (headings with links, many links).

    A page dump copied from a browser has no `#` headings nor `[text](url)` links, so this takes
    two different Markdown constructs, or five links (none of the wcxb-dev dumps nor seeds match).
    """
    if name.lower().endswith(_MARKDOWN_SUFFIXES):
        return True
    sample = text[:_SNIFF_CHARS]
    # The substring tests skip the (slower) patterns on the usual text that has none of the markers.
    headings = len(_MD_HEADING.findall(sample)) if "#" in sample else 0
    links = len(_MD_LINK.findall(sample)) if "](" in sample else 0
    emphasis = len(_MD_EMPHASIS.findall(sample)) if "**" in sample else 0
    fences = len(_MD_FENCE.findall(sample)) if "```" in sample or "~~~" in sample else 0
    kinds = sum(1 for count in (headings, links, emphasis, fences // 2) if count)
    return kinds >= 2 or links >= 5


def document_form(text: str, name: str = "") -> TextForm:
    """html, markdown or text for one decoded document (without front matter)."""
    if looks_like_html(text, name):
        return "html"
    if looks_like_markdown(text, name):
        return "markdown"
    return "text"
