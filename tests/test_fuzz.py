"""Property-based fuzzing of every reader and of the cleaners (issue 13, item 9).

The property: whatever the bytes, reading yields only RawReports and ReadProblems, never raises, and
a report's text is a str with no carriage returns; no problem is the catch-all guard's "unreadable
(SomeError: ...)" (a reader that raised, losing the rest of its file); the cleaners return an Article.

Runs are seeded (derandomized) so a failure reproduces. By default each test runs
ARMSWATCH_FUZZ_EXAMPLES examples (200); CI runs 10,000 (`.ci/run` sets it; by hand:
`ARMSWATCH_FUZZ_EXAMPLES=10000 pytest -m fuzz tests/test_fuzz.py`).

Structured inputs (JSON, front matter, CSV, HTML, WARC, XML feeds, e-mail, archives) are built from one byte
string (a `Tape`, see TAPES), not from nested strategies: Hypothesis spends 5-15 ms of CPU an example
generating lists of dictionaries of text, 5-10 times what the reader under test takes.
"""

from __future__ import annotations

import bz2
import csv
import gzip
import io
import json
import lzma
import os
import random
import warnings
import zipfile
from collections.abc import Sequence
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from armswatch.read import RawReport, ReadProblem, read_reports

EXAMPLES = int(os.environ.get("ARMSWATCH_FUZZ_EXAMPLES", "200"))
# The cleaners run trafilatura and the line model (~10 ms a page): a tenth as many examples.
CLEAN_EXAMPLES = max(20, EXAMPLES // 10)
FUZZ = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
# A tape of 64-3,000 bytes builds a few records of a few fields each. Its bytes come from a seeded
# random.Random, not st.binary: Hypothesis draws a byte string byte by byte with a "one more?" choice
# each (test_csv took 3.9 ms of CPU an example on st.binary(min_size=256), 2.3 ms on this; 1,000 each),
# and with no least size its strings average 6 bytes. Two integers are two choices; shrinking the size
# still shortens the tape (a seed's bytes are the same whatever the size, but for its last word).
TAPES = st.builds(lambda seed, size: random.Random(seed).randbytes(size),
                  st.integers(0, 2**64 - 1), st.integers(64, 3000))

pytestmark = pytest.mark.fuzz
T = TypeVar("T")


def read_bytes(data: bytes, limit: int = 256 * 1024) -> list[RawReport | ReadProblem]:
    """Everything read from `data` as standard input (sniffed by content, like any file)."""
    items = list(read_reports(["-"], stdin=io.BytesIO(data), max_report_bytes=limit))
    for item in items:
        assert isinstance(item, RawReport | ReadProblem), item
        if isinstance(item, RawReport):
            assert isinstance(item.text, str) and "\r" not in item.text and item.text.strip()
        else:
            assert isinstance(item.reason, str) and item.reason
            # the catch-all guards (reader._read_guarded, feeds.item_report): a reader raised what it
            # does not expect, losing the rest of the file or the item
            caught = ("unreadable (", "item unreadable (", "row unreadable (")
            assert not item.reason.startswith(caught), item.reason
    return items


# ---- the tape ------------------------------------------------------------------------------------

# Characters readers trip on: controls, line and paragraph separators, BOM, bidi, quotes and brackets
# of CSV/JSON/markup, a non-BMP character; others come from any code point (surrogates included). NUL is
# left to STRINGS and the markup parts: one in a text makes most files "binary", unread beyond that.
ODD_CHARS = ("\t", "\n", "\r", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\xa0", "\u2028", "\u2029",
             "\ufeff", "\ufffd", "\u202e", "\u200b", "\U0001f600", "é", "’", '"', "\\", "'", "[", "]", "{",
             "}", "<", ">", "&", ";", ",", "|", ":", "#", "-", "/", "=", " ", "\r\n")
NUMBERS = ("0", "-0", "1", "-1", "0.5", "1e15", "1e300", "-1e300", "1e15000000", "1e-400", "Infinity",
           "-Infinity", "NaN", "9" * 40, "9" * 5000, "1700000000", "1700000000000", "253402300800",
           "-62135596800", "2.5e9", "1E3", "-0.0")
STRINGS = ("2024-03-05", "2024-13-45T99:99:99Z", "0000-00-00", "9999-12-31T23:59:59+14:00", "yesterday",
           "", " ", "1e300", "Infinity", "http://", "http://[::1", "javascript:alert(1)", "<p>x</p>",
           "<script>", "&amp;", "[/]", "[link=file:x]y[/link]", "Tue, 05 Mar 2024 10:00:00 GMT", "\x00")
FEED_KEYS = ("text", "html", "title", "published", "date", "author", "authors", "id", "url", "link",
             "source", "body", "content", "items", "Title", "PUBLISHED", "headline", "pubDate",
             "datePublished", "byline", "outlet", "language", "entries", "data", "articles")


class Tape:
    """Choices read off a byte string: each call takes the next bytes; past the end, zeros (so a short
    tape builds a small input)."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._at = 0

    def byte(self) -> int:
        if self._at >= len(self._data):
            return 0
        self._at += 1
        return self._data[self._at - 1]

    def below(self, n: int) -> int:
        return self.byte() % n

    def number(self) -> int:
        """0 to 2**32 - 1."""
        return int.from_bytes(bytes(self.byte() for _ in range(4)), "big")

    def pick(self, options: Sequence[T]) -> T:
        return options[self.byte() % len(options)]

    def raw(self, longest: int) -> bytes:
        size = min(self.number() % (longest + 1), len(self._data) - self._at)
        self._at += size
        return self._data[self._at - size:self._at]

    def text(self, longest: int = 24) -> str:
        chars = []
        for _ in range(self.number() % (longest + 1) if longest > 255 else self.below(longest + 1)):
            kind = self.byte()
            if kind < 190:
                chars.append(chr(32 + kind % 95))  # printable ASCII: words, so items have text
            elif kind < 240:
                chars.append(self.pick(ODD_CHARS))
            else:
                chars.append(chr(self.number() % 0x110000))
        return "".join(chars)

    def string(self, longest: int = 24) -> str:
        return self.pick(STRINGS) if self.below(4) == 0 else self.text(longest)


def json_text(tape: Tape, depth: int = 0) -> str:
    """A JSON value (mostly valid: NaN, Infinity and 5,000-digit numbers as Python's json reads them)."""
    kind = tape.below(11 if depth < 4 else 5)
    if kind == 0:
        return tape.pick(("null", "true", "false"))
    if kind == 1:
        return tape.pick(NUMBERS)
    if kind == 2:
        return str(tape.number() - 2**31)
    if kind in (3, 4):
        return json.dumps(tape.string(40), ensure_ascii=tape.below(2) == 0)
    if kind in (5, 6):
        return "[" + ", ".join(json_text(tape, depth + 1) for _ in range(tape.below(5))) + "]"
    if kind in (7, 8, 9):
        return json_object(tape, depth + 1)
    deep = tape.byte() * 4  # up to 1,020 deep: past every depth limit and Python's recursion limit
    opener = tape.pick(("[", '{"title": ', '{"text": "x", "items": '))
    return opener * deep + json_text(tape, 4) + ("]" if opener == "[" else "}") * deep


def json_object(tape: Tape, depth: int = 0) -> str:
    """A JSON object whose keys are mostly a feed item's: a text or html field (but one in eight
    times), then others (title, published...) or any key."""
    fields = []
    if tape.below(8) < 7:
        fields.append(f"{json.dumps(tape.pick(('text', 'html', 'body', 'content')))}: "
                      f"{json.dumps(tape.text(300) if tape.below(4) else tape.string())}")
    for _ in range(tape.below(6)):
        key = tape.pick(FEED_KEYS) if tape.below(4) else tape.text(10)
        value = json.dumps(tape.text(300)) if tape.below(3) == 0 else json_text(tape, depth)
        fields.append(f"{json.dumps(key)}: {value}")
    return "{" + ", ".join(fields) + "}"


def encode(text: str, tape: Tape) -> bytes:
    """UTF-8 (lone surrogates kept as bytes UTF-8 forbids) or, now and then, another encoding."""
    encoding = tape.pick(("utf-8", "utf-8", "utf-8", "cp1252", "latin-1", "utf-16", "utf-8-sig"))
    return text.encode(encoding, "surrogatepass" if encoding == "utf-8" else "replace")


# ---- every reader, from arbitrary bytes --------------------------------------------------------

@FUZZ
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data: bytes) -> None:
    read_bytes(data)


@FUZZ
@given(st.sampled_from([b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00", b"PK\x03\x04", b"WARC/1.0\r\n", b"[", b"{\"",
                        b"id,text\n", b"---\n", b"<html>", b"\xef\xbb\xbf", b"\xff\xfe", b"%PDF-1.4\n",
                        b"<?xml version=\"1.0\"?><rss>", b"<feed xmlns=\"http://www.w3.org/2005/Atom\">",
                        b"<nitf>", b"From: a@b.c\nSubject: x\n", b"<DOC>\n<DOCNO>", b"@highlight\n"]),
       st.binary(max_size=1000))
def test_bytes_behind_every_magic_number(magic: bytes, rest: bytes) -> None:
    read_bytes(magic + rest)


@FUZZ
@given(st.text(max_size=400))
def test_arbitrary_text_documents(text: str) -> None:
    read_bytes(text.encode("utf-8", "surrogatepass"))


# ---- structured inputs, built from a tape -------------------------------------------------------

@FUZZ
@given(TAPES)
def test_json_lines(data: bytes) -> None:
    tape = Tape(data)
    lines = [json_object(tape) if tape.below(3) else json_text(tape) for _ in range(tape.below(6))]
    read_bytes(encode(tape.pick(("\n", "\r\n", "\n\n")).join(lines) + "\n", tape))


@FUZZ
@given(TAPES)
def test_json_arrays_and_wrappers(data: bytes) -> None:
    tape = Tape(data)
    items = "[" + ",\n".join(json_object(tape) for _ in range(tape.below(6))) + "]"
    wrapper = tape.pick(("{}", '{{"items": {}}}', '{{"data": {{"articles": {}}}}}',
                         '{{"entries": {}, "x": 1}}'))
    read_bytes(encode(wrapper.format(items), tape))


@FUZZ
@given(TAPES)
def test_json_cut_or_spliced(data: bytes) -> None:
    tape = Tape(data)
    text = "[" + ", ".join(json_object(tape) if tape.below(2) else json_text(tape)
                           for _ in range(1 + tape.below(4))) + "]"
    raw = text.encode("utf-8", "surrogatepass")
    cut, splice = tape.number() % (len(raw) + 1), tape.raw(8)
    read_bytes(raw[:cut] + splice + raw[cut:])


YAML_PARTS = ("&a x", "*a", "[", "]", "{", "}", ":", "- ", "!!python/object:os.system", "!!binary",
              "2024-03-05", "1e300", ".inf", "'", '"', "\n", "  ", "---", "<<: *a", "? ", "|", ">",
              "%YAML 1.1", "!!str", "&b [*a, *a, *a]", "\t", "#", "title: ", "date: ", "\n  - ")


@FUZZ
@given(TAPES)
def test_front_matter(data: bytes) -> None:
    tape = Tape(data)
    block = "".join(tape.pick(YAML_PARTS) if tape.below(2) else tape.text(20) for _ in range(tape.below(13)))
    fence = tape.pick(("---", "+++", "---\n", "..."))
    read_bytes(encode(f"{fence}\ntitle: {block}\nauthor: {block[::-1]}\n{fence}\n{tape.text(400)}\n"
                      "Some text.\n", tape))


@FUZZ
@given(TAPES)
def test_csv(data: bytes) -> None:
    tape = Tape(data)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=tape.pick((",", ";", "\t", "|")))
    header = tape.pick((["id", "text", "title"], ["text"], ["html", "published"], ["Text", "x", "x"]))
    writer.writerow(header)
    # rows mostly as wide as the header, one in six not
    writer.writerows([[tape.string(30) for _ in range(len(header) if tape.below(6) else tape.below(5))]
                      for _ in range(tape.below(7))])
    raw = encode(out.getvalue(), tape)
    at, splice = tape.number() % (len(raw) + 1), tape.raw(6)
    read_bytes(raw[:at] + splice + raw[at:])


HTML_PARTS = ("<html>", "<head>", "<title>", "</title>", "<body>", "<p>", "</p>", "<div>", "</div>",
              "<script>", "</script>", '<meta charset="koi8-r">', "<!--", "-->", "<article>", "<h1>", "&amp;",
              "&#0;", "&#x110000;", '<time datetime="9999">', "<br>", "<", ">", "\x00", "\u202e",
              '<meta property="article:published_time" content="1e300">', "<table><tr><td>", "<pre>",
              '<meta name="author" content="', '<link rel="canonical" href="http://[::1">', "<![CDATA[",
              "Source: http://[::1/2024/03/05/x\n", "<svg><title>", '<a href="javascript:x">',
              '<base href="//">', '<img alt="', '">')


@FUZZ
@given(TAPES)
def test_html(data: bytes) -> None:
    tape = Tape(data)
    parts = "".join(tape.pick(HTML_PARTS) if tape.below(2) else tape.text(30) for _ in range(tape.below(31)))
    read_bytes(encode("<!DOCTYPE html>" + parts, tape))


def _warc_record(body: bytes, headers: list[tuple[str, str]], length: int | None) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
    head = "WARC/1.0\r\nWARC-Type: response\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers)
    size = len(http) if length is None else length
    return head.encode("utf-8", "replace") + f"Content-Length: {size}\r\n\r\n".encode() + http + b"\r\n\r\n"


WARC_HEADERS = ("WARC-Target-URI", "WARC-Date", "WARC-Payload-Digest", "WARC-Block-Digest", "Content-Type",
                "WARC-Record-ID", "WARC-Type", "Content-Length")


@FUZZ
@given(TAPES)
def test_warc_records(data: bytes) -> None:
    tape = Tape(data)
    records = []
    for _ in range(1 + tape.below(3)):
        body = tape.raw(200) if tape.below(2) else tape.text(200).encode("utf-8", "surrogatepass")
        headers = [("WARC-Target-URI", f"http://news.example/{tape.byte()}")] if tape.below(8) < 7 else []
        headers += [(tape.pick(WARC_HEADERS), tape.string(30).replace("\n", " ").replace("\r", " "))
                    for _ in range(tape.below(4))]
        length = tape.pick((None, None, None, 0, -5, 10**20, tape.below(200), tape.number() % 400))
        records.append(_warc_record(body, headers, length))
    whole = b"".join(records)
    read_bytes(whole[:tape.number() % (len(whole) + 1)] if tape.below(2) else whole)


XML_PARTS = ("<item>", "</item>", "<entry>", "</entry>", "<title>", "</title>", "<description>",
             "</description>", "<pubDate>", "</pubDate>", "<link>", "</link>", "<content:encoded>",
             "</content:encoded>", "<![CDATA[", "]]>", "&amp;", "&lol;", "&#0;", '<summary type="html">',
             "</summary>", "<published>", "</published>", "<dc:date>", "</dc:date>", "<body.content>",
             "</body.content>", "<p>", "</p>", "<hl1>", "</hl1>", '<!ENTITY lol "lol">', "<!--", "-->", "<",
             ">")
XML_ROOTS = (("<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
              "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel>", "</channel></rss>"),
             ("<feed xmlns=\"http://www.w3.org/2005/Atom\">", "</feed>"),
             ("<nitf><head></head><body>", "</body></nitf>"),
             ("<newsMessage><itemSet><newsItem>", "</newsItem></itemSet></newsMessage>"))


@FUZZ
@given(TAPES)
def test_xml_news(data: bytes) -> None:
    tape = Tape(data)
    start, end = tape.pick(XML_ROOTS)
    entities = "<!DOCTYPE x [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;\">]>"
    doctype = entities if tape.below(4) == 0 else ""
    parts = "".join(tape.pick(XML_PARTS) if tape.below(2) else tape.text(40) for _ in range(tape.below(31)))
    read_bytes(encode(f"<?xml version=\"1.0\"?>{doctype}{start}{parts}{end}", tape))


MAIL_PARTS = ("From: Jane Roe <jane@example.org>\n", "Subject: ", "Date: ", "Tue, 05 Mar 2024 10:00:00 +0000",
              "=?utf-8?q?caf=C3=A9?=", "=?x-unknown?b?////?=",
              "Content-Type: multipart/mixed; boundary=\"b\"\n",
              "Content-Type: text/plain; charset=\"koi8-r\"\n", "Content-Type: text/html\n",
              "Content-Transfer-Encoding: base64\n", "Content-Transfer-Encoding: quoted-printable\n",
              "Content-Disposition: attachment; filename=\"../a.txt\"\n", "\n--b\n", "\n--b--\n", "\n", "=\n",
              "=C3", "Message-ID: <1@x>\n", "To: ", "Received: from x\n")


@FUZZ
@given(TAPES)
def test_email(data: bytes) -> None:
    tape = Tape(data)
    parts = "".join(tape.pick(MAIL_PARTS) if tape.below(2) else tape.text(40) for _ in range(tape.below(25)))
    read_bytes(encode("From: Desk <desk@example.org>\nSubject: Boats\n" + parts + "\n\nThe convoy sailed.\n",
                      tape))


MEMBER_NAMES = ("a.txt", "feed.jsonl", "page.html", "rows.csv", "../up.txt", "/abs.txt", ".hidden.txt",
                "__MACOSX/a.txt", "dir/", "dir/b.md", "a\\..\\b.txt", "[/]x.txt", "inner.zip", "x.gz", "y.xz")


def _member(tape: Tape, depth: int = 0) -> bytes:
    """What an archive holds: a feed line, a page, a CSV, text, or (once) an archive in turn."""
    kind = tape.below(6 if depth == 0 else 4)
    if kind == 0:
        return encode(json_object(tape) + "\n" + json_object(tape) + "\n", tape)
    if kind == 1:
        return encode("<html><body><p>" + tape.text(300) + "</p></body></html>", tape)
    if kind == 2:
        return encode("id,text\n1," + tape.text(100).replace("\n", " ") + "\n", tape)
    if kind == 3:
        return tape.text(300).encode("utf-8", "surrogatepass")
    return _archive(tape, depth + 1)


def _archive(tape: Tape, depth: int = 0) -> bytes:
    kind = tape.below(4)
    if kind == 1:
        return gzip.compress(_member(tape, depth))
    if kind == 2:
        return bz2.compress(_member(tape, depth))
    if kind == 3:
        return lzma.compress(_member(tape, depth))
    buffer = io.BytesIO()
    method = tape.pick((zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA))
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w", method) as archive:
        warnings.simplefilter("ignore")  # a duplicate member name is one of the cases
        for _ in range(1 + tape.below(3)):
            archive.writestr(tape.pick(MEMBER_NAMES), _member(tape, depth))
    return buffer.getvalue()


@FUZZ
@given(TAPES)
def test_archives(data: bytes) -> None:
    """Zip archives (members leaving the archive, hidden, duplicated, nested; every compression method)
    and gzip, bzip2 and xz streams of feeds, pages and text; now and then cut or spliced."""
    tape = Tape(data)
    packed = _archive(tape)
    if tape.below(3) == 0:
        at = tape.number() % (len(packed) + 1)
        packed = packed[:at] + tape.raw(8) + packed[at + tape.below(16):]
    read_bytes(packed)


# ---- the cleaners ----------------------------------------------------------------------------

@settings(max_examples=CLEAN_EXAMPLES, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(TAPES)
def test_cleaners(data: bytes) -> None:
    from armswatch.clean import CleanOptions, clean_report
    from armswatch.clean.models import Article

    tape = Tape(data)
    text = "".join(tape.pick(HTML_PARTS) if tape.below(2) else tape.text(40) for _ in range(tape.below(31)))
    text = text.replace("\r", "\n")
    if not text.strip():
        return
    raw = text.encode("utf-8", "surrogatepass")
    report = RawReport(id="fuzz", source="fuzz", raw=raw, form=tape.pick(("html", "text", "markdown")),
                       text=text, is_article=tape.below(2) == 0)
    assert isinstance(clean_report(report, CleanOptions()), Article)
