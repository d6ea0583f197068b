"""Property-based fuzzing of every reader and of the cleaners (issue 13, item 9).

The property: whatever the bytes, reading yields only RawReports and ReadProblems, never raises, and
a report's text is a str with no carriage returns; the cleaners return an Article. Runs are seeded
(derandomized) so a failure reproduces. By default each test runs ARMSWATCH_FUZZ_EXAMPLES examples
(200); CI's fuzz run sets it to 10000 (`ARMSWATCH_CI_FUZZ_EXAMPLES=10000 .ci/run`, or
`ARMSWATCH_FUZZ_EXAMPLES=10000 pytest -m fuzz tests/test_fuzz.py`).
"""

from __future__ import annotations

import csv
import io
import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from armswatch.read import RawReport, ReadProblem, read_reports

EXAMPLES = int(os.environ.get("ARMSWATCH_FUZZ_EXAMPLES", "200"))
# The cleaners run trafilatura and the line model (~50-200 ms a page): a tenth as many examples.
CLEAN_EXAMPLES = max(20, EXAMPLES // 10)
FUZZ = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

pytestmark = pytest.mark.fuzz


def read_bytes(data: bytes, limit: int = 256 * 1024) -> list[RawReport | ReadProblem]:
    """Everything read from `data` as standard input (sniffed by content, like any file)."""
    items = list(read_reports(["-"], stdin=io.BytesIO(data), max_report_bytes=limit))
    for item in items:
        assert isinstance(item, RawReport | ReadProblem), item
        if isinstance(item, RawReport):
            assert isinstance(item.text, str) and "\r" not in item.text and item.text.strip()
        else:
            assert isinstance(item.reason, str) and item.reason
    return items


# ---- strategies --------------------------------------------------------------------------------

json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=40)
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=20)
item_keys = st.sampled_from(["text", "html", "title", "published", "date", "author", "id", "url", "source",
                             "body", "content", "items", "Title", "PUBLISHED"])
feed_items = st.dictionaries(item_keys | st.text(max_size=8), json_values | st.text(max_size=200), max_size=6)
texts = st.text(max_size=400)
yaml_scalars = st.sampled_from(["&a x", "*a", "[", "]", "{", "}", ":", "- ", "!!python/object:os.system",
                                "!!binary", "2024-03-05", "1e300", ".inf", "'", '"', "\n", "  ", "---",
                                "<<: *a"])


# ---- every reader, from arbitrary bytes --------------------------------------------------------

@FUZZ
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data: bytes) -> None:
    read_bytes(data)


@FUZZ
@given(st.sampled_from([b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00", b"PK\x03\x04", b"WARC/1.0\r\n", b"[", b"{\"",
                        b"id,text\n", b"---\n", b"<html>", b"\xef\xbb\xbf", b"\xff\xfe"]),
       st.binary(max_size=1000))
def test_bytes_behind_every_magic_number(magic: bytes, rest: bytes) -> None:
    read_bytes(magic + rest)


@FUZZ
@given(texts)
def test_arbitrary_text_documents(text: str) -> None:
    read_bytes(text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(st.lists(feed_items | json_values, max_size=5), st.sampled_from(["utf-8", "cp1252", "utf-16"]))
def test_json_lines(items: list[object], encoding: str) -> None:
    lines = [json.dumps(item, ensure_ascii=False) for item in items]
    read_bytes(("\n".join(lines) + "\n").encode(encoding, "replace"))


@FUZZ
@given(st.lists(feed_items, max_size=5), st.booleans())
def test_json_arrays_and_wrappers(items: list[object], wrapped: bool) -> None:
    value: object = {"items": items} if wrapped else items
    read_bytes(json.dumps(value, ensure_ascii=False).encode())


@FUZZ
@given(st.lists(feed_items | json_values, min_size=1, max_size=4), st.integers(0, 200),
       st.binary(max_size=8))
def test_json_cut_or_spliced(items: list[object], cut: int, splice: bytes) -> None:
    data = json.dumps(items).encode()
    read_bytes(data[:cut] + splice + data[cut:])


@FUZZ
@given(st.lists(yaml_scalars | st.text(max_size=20), max_size=12), st.sampled_from(["---", "+++"]), texts)
def test_front_matter(parts: list[str], fence: str, body: str) -> None:
    block = "".join(parts)
    read_bytes(f"{fence}\ntitle: {block}\nauthor: {block[::-1]}\n{fence}\n{body}\nSome text.\n".encode())


@FUZZ
@given(st.lists(st.lists(st.text(max_size=30), min_size=1, max_size=4), max_size=6),
       st.sampled_from([",", ";", "\t", "|"]), st.binary(max_size=6), st.integers(0, 300))
def test_csv(rows: list[list[str]], delimiter: str, splice: bytes, at: int) -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(["id", "text", "title"])
    writer.writerows(rows)
    data = out.getvalue().encode()
    read_bytes(data[:at] + splice + data[at:])


html_parts = st.sampled_from(["<html>", "<head>", "<title>", "</title>", "<body>", "<p>", "</p>", "<div>",
                              "</div>", "<script>", "</script>", "<meta charset=\"koi8-r\">", "<!--", "-->",
                              "<article>", "<h1>", "&amp;", "&#0;", "&#x110000;", "<time datetime=\"9999\">",
                              "<meta property=\"article:published_time\" content=\"1e300\">", "<br>", "<",
                              ">", "\x00", "\u202e"])


@FUZZ
@given(st.lists(html_parts | st.text(max_size=30), max_size=30))
def test_html(parts: list[str]) -> None:
    read_bytes(("<!DOCTYPE html>" + "".join(parts)).encode("utf-8", "surrogatepass"))


def _warc_record(body: bytes, headers: list[tuple[str, str]], length: int | None) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
    head = "WARC/1.0\r\nWARC-Type: response\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers)
    size = len(http) if length is None else length
    return head.encode("utf-8", "replace") + f"Content-Length: {size}\r\n\r\n".encode() + http + b"\r\n\r\n"


header_names = st.sampled_from(["WARC-Target-URI", "WARC-Date", "WARC-Payload-Digest", "WARC-Block-Digest",
                                "Content-Type", "WARC-Record-ID"])
header_values = st.text(max_size=30).map(lambda t: t.replace("\n", " ").replace("\r", " "))
warc_headers = st.lists(st.tuples(header_names, header_values), max_size=4)


@FUZZ
@given(st.lists(st.tuples(st.binary(max_size=200), warc_headers,
                          st.none() | st.integers(-5, 400) | st.just(10**20)), min_size=1, max_size=3),
       st.integers(0, 2000))
def test_warc_records(records: list[tuple[bytes, list[tuple[str, str]], int | None]], cut: int) -> None:
    data = b"".join(_warc_record(body, headers, length) for body, headers, length in records)
    read_bytes(data if cut >= len(data) else data[:cut])


# ---- the cleaners ----------------------------------------------------------------------------

@settings(max_examples=CLEAN_EXAMPLES, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(html_parts | st.text(max_size=40), max_size=30),
       st.sampled_from(["html", "text", "markdown"]), st.booleans())
def test_cleaners(parts: list[str], form: str, is_article: bool) -> None:
    from armswatch.clean import CleanOptions, clean_report
    from armswatch.clean.models import Article

    text = "".join(parts).replace("\r", "\n")
    if not text.strip():
        return
    raw = text.encode("utf-8", "surrogatepass")
    report = RawReport(id="fuzz", source="fuzz", raw=raw, form=form, text=text,  # type: ignore[arg-type]
                       is_article=is_article)
    assert isinstance(clean_report(report, CleanOptions()), Article)
