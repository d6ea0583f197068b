"""Tests of the read stage: every input form, detection by content, and every kind of bad input.

All fixtures are written here (in tmp_path) in our own words; the names and events are invented.
"""

from __future__ import annotations

import bz2
import errno
import gzip
import hashlib
import io
import json
import lzma
import os
import zipfile
from pathlib import Path

import pytest

from armswatch.read import DEFAULT_MAX_REPORT_BYTES, RawReport, ReadProblem, read_reports, streams

PARAGRAPH = (
    "The freighter Lumen Star left the port of Vostrava on Tuesday carrying forty sealed containers, "
    "according to a customs official who asked not to be named."
)
SECOND = "Officials in Carvel denied that the cargo held any military equipment."
TEXT_DUMP = f"Freighter leaves Vostrava with sealed cargo\n\nPublished 3 March 2024\n{PARAGRAPH}\n{SECOND}\n"
HTML_PAGE = (
    "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Freighter leaves Vostrava</title></head>"
    f"<body><nav><a href=\"/\">Home</a></nav><article><h1>Freighter leaves Vostrava</h1><p>{PARAGRAPH}</p>"
    f"<p>{SECOND}</p></article></body></html>\n"
)


def read_all(*inputs: str | Path, **options: object) -> list[RawReport | ReadProblem]:
    return list(read_reports([str(item) for item in inputs], **options))  # type: ignore[arg-type]


def only_report(items: list[RawReport | ReadProblem]) -> RawReport:
    assert len(items) == 1, items
    assert isinstance(items[0], RawReport), items[0]
    return items[0]


def only_problem(items: list[RawReport | ReadProblem]) -> ReadProblem:
    problems = [item for item in items if isinstance(item, ReadProblem)]
    assert len(problems) == 1, items
    return problems[0]


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# ---- one test per form ----------------------------------------------------------------------------

def test_plain_text_dump(tmp_path: Path) -> None:
    path = write(tmp_path / "000_ab12cd34.txt", TEXT_DUMP)
    report = only_report(read_all(path))
    assert report.id == "000_ab12cd34"
    assert report.source == "000_ab12cd34.txt"
    assert report.form == "text"
    assert report.raw == path.read_bytes()
    assert report.text == TEXT_DUMP
    assert report.meta == {}


def test_html_page(tmp_path: Path) -> None:
    report = only_report(read_all(write(tmp_path / "page.html", HTML_PAGE)))
    assert report.form == "html"
    assert report.id == "page"
    assert "<article>" in report.text


def _stated(meta: dict[str, str]) -> dict[str, str]:
    """The values of a report's meta without the "<field>_from" keys that say where each came from."""
    return {key: value for key, value in meta.items() if not key.endswith("_from")}


def test_markdown_with_front_matter(tmp_path: Path) -> None:
    markdown = (
        "---\ntitle: Freighter leaves Vostrava\ndate: 2024-03-05\nauthors:\n  - Ana Reyes\n  - Tom Okafor\n"
        "publisher: Harbour Monitor\nlink: https://example.org/freighter\n---\n\n"
        "# Freighter leaves Vostrava\n\nThe **Lumen Star** left on Tuesday\nwith forty containers, says "
        "[a customs official](https://example.org/customs).\n\n- first point\n- second point\n\n"
        "![a crane](crane.jpg)\n"
    )
    report = only_report(read_all(write(tmp_path / "story.md", markdown)))
    assert report.form == "markdown"
    assert _stated(report.meta) == {
        "title": "Freighter leaves Vostrava",
        "published": "2024-03-05",
        "author": "Ana Reyes, Tom Okafor",
        "outlet": "Harbour Monitor",
        "url": "https://example.org/freighter",
    }
    assert report.text.split("\n") == [
        "Freighter leaves Vostrava",
        "The Lumen Star left on Tuesday with forty containers, says a customs official.",
        "first point",
        "second point",
    ]
    assert report.raw == markdown.encode()


def test_json_lines_with_two_items(tmp_path: Path) -> None:
    first = {"id": "lv-1", "url": "https://example.org/a", "title": "Cargo seized", "published":
             "Tue, 05 Mar 2024 09:30:00 +0100", "author": "Ana Reyes", "text": PARAGRAPH}
    second = {"title": "Denial issued", "date": "2024-03-06T18:00:00-05:00", "html": f"<p>{SECOND}</p>"}
    lines = [json.dumps(first), "", json.dumps(second)]
    path = write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    items = read_all(path)
    assert all(isinstance(item, RawReport) for item in items)
    a, b = items
    assert isinstance(a, RawReport) and isinstance(b, RawReport)
    assert (a.id, a.source, a.form, a.text) == ("lv-1", "https://example.org/a", "text", PARAGRAPH)
    assert _stated(a.meta) == {"title": "Cargo seized", "published": "2024-03-05", "author": "Ana Reyes",
                      "url": "https://example.org/a"}
    assert a.raw == lines[0].encode()
    assert (b.id, b.source, b.form) == ("feed-2", "feed.jsonl#2", "html")
    assert _stated(b.meta) == {"title": "Denial issued", "published": "2024-03-06"}
    assert b.raw == lines[2].encode()


def test_json_array(tmp_path: Path) -> None:
    items = [{"id": 7, "title": "Cargo seized", "text": PARAGRAPH},
             {"title": "Denial issued", "content": SECOND, "source": {"name": "Harbour Monitor"}}]
    path = write(tmp_path / "batch.json", json.dumps(items, indent=2))
    a, b = read_all(path)
    assert isinstance(a, RawReport) and isinstance(b, RawReport)
    assert (a.id, a.source, a.text) == ("7", "batch.json#1", PARAGRAPH)
    assert a.raw == json.dumps(items[0], sort_keys=True, ensure_ascii=False).encode()
    assert (b.id, b.text, b.meta["outlet"]) == ("batch-2", SECOND, "Harbour Monitor")


def test_csv_with_text_column(tmp_path: Path) -> None:
    content = (
        "ID;Headline;Published;Body\n"
        f"r1;Cargo seized;05/03/2024;\"{PARAGRAPH}\nSecond line; with a semicolon.\"\n"
        f"r2;Denial issued;2024-03-06;{SECOND}\n"
    )
    a, b = read_all(write(tmp_path / "reports.csv", content))
    assert isinstance(a, RawReport) and isinstance(b, RawReport)
    assert a.id == "r1"
    assert a.text == f"{PARAGRAPH}\nSecond line; with a semicolon."
    assert a.meta["title"] == "Cargo seized"
    assert a.meta["published"] == "05/03/2024"  # ambiguous day/month: kept as given
    assert b.meta["published"] == "2024-03-06"
    row = {"ID": "r2", "Headline": "Denial issued", "Published": "2024-03-06", "Body": SECOND}
    assert b.raw == json.dumps(row, sort_keys=True, ensure_ascii=False).encode()


def test_warc_written_with_warcio(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)

        def response(url: str, body: bytes, content_type: str, status: str = "200 OK") -> None:
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                               http_headers=headers)
            writer.write_record(record)

        writer.write_record(writer.create_warcinfo_record("crawl.warc.gz", {"software": "test"}))
        response("https://example.org/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png")
        page = HTML_PAGE.replace("utf-8", "windows-1252").replace("Vostrava", "Vostráva").encode("cp1252")
        response("https://example.org/story", page, "text/html; charset=windows-1252")
        response("https://example.org/gone", b"<html>gone</html>", "text/html", status="404 Not Found")
    report = only_report(read_all(path))
    assert report.id == "crawl-3"
    assert report.source == "https://example.org/story"
    assert report.form == "html"
    assert report.meta["url"] == "https://example.org/story"
    assert "crawled" in report.meta and "published" not in report.meta
    assert "Vostráva" in report.text
    assert report.raw == page


@pytest.mark.parametrize(("suffix", "compress"), [
    (".gz", gzip.compress), (".bz2", bz2.compress), (".xz", lzma.compress),
])
def test_compressed_files(tmp_path: Path, suffix: str, compress: object) -> None:
    path = write(tmp_path / f"0001.html{suffix}", compress(HTML_PAGE.encode()))  # type: ignore[operator]
    report = only_report(read_all(path))
    assert (report.id, report.source, report.form) == ("0001", f"0001.html{suffix}", "html")
    assert report.raw == HTML_PAGE.encode()


def test_zip_with_two_members(tmp_path: Path) -> None:
    path = tmp_path / "pack.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("b/second.txt", SECOND)
        archive.writestr("a-first.html", HTML_PAGE)
        archive.writestr("__MACOSX/._a-first.html", b"\x00\x05\x16\x07")
        archive.writestr(".hidden.txt", "not a report")
    items = read_all(path)
    assert [(item.id, item.source, item.form) for item in items] == [  # type: ignore[union-attr]
        ("a-first", "pack.zip!a-first.html", "html"),
        ("second", "pack.zip!b/second.txt", "text"),
    ]


def test_feed_inside_zip_inside_folder(tmp_path: Path) -> None:
    with zipfile.ZipFile(write(tmp_path / "in" / "sub" / "x.zip", b""), "w") as archive:
        archive.writestr("feed.jsonl", json.dumps({"text": PARAGRAPH}) + "\n")
    report = only_report(read_all(tmp_path / "in"))
    assert (report.id, report.source) == ("feed-1", "sub/x.zip!feed.jsonl#1")


def test_standard_input() -> None:
    items = read_all("-", stdin=io.BytesIO(gzip.compress(TEXT_DUMP.encode())))
    report = only_report(items)
    assert (report.id, report.source, report.form, report.text) == ("stdin", "-", "text", TEXT_DUMP)


# ---- detection by content -------------------------------------------------------------------------

def test_html_saved_as_txt_is_html(tmp_path: Path) -> None:
    assert only_report(read_all(write(tmp_path / "a.txt", HTML_PAGE))).form == "html"


def test_text_saved_as_html_is_text(tmp_path: Path) -> None:
    assert only_report(read_all(write(tmp_path / "a.html", TEXT_DUMP))).form == "text"


def test_front_matter_in_txt_is_markdown(tmp_path: Path) -> None:
    report = only_report(read_all(write(tmp_path / "a.txt", f"---\ntitle: Cargo\n---\n{PARAGRAPH}\n")))
    assert (report.form, _stated(report.meta), report.text) == ("markdown", {"title": "Cargo"}, PARAGRAPH)


def test_text_starting_with_a_rule_is_not_front_matter(tmp_path: Path) -> None:
    text = f"---\n{PARAGRAPH}\n---\n{SECOND}\n"
    report = only_report(read_all(write(tmp_path / "a.txt", text)))
    assert (report.form, report.text) == ("text", text)


def test_jsonl_without_extension_and_utf16_text(tmp_path: Path) -> None:
    write(tmp_path / "feed", json.dumps({"text": PARAGRAPH}) + "\n")
    write(tmp_path / "wide.txt", TEXT_DUMP.encode("utf-16"))
    write(tmp_path / "wide_no_bom.txt", TEXT_DUMP.encode("utf-16-le"))
    feed, wide, no_bom = read_all(tmp_path)
    assert isinstance(feed, RawReport) and feed.text == PARAGRAPH
    assert isinstance(wide, RawReport) and wide.text == TEXT_DUMP
    assert isinstance(no_bom, RawReport) and no_bom.text == TEXT_DUMP


# ---- bad input ------------------------------------------------------------------------------------

def test_missing_path(tmp_path: Path) -> None:
    problem = only_problem(read_all(tmp_path / "nowhere.txt"))
    assert problem.reason == "no such file or directory"
    assert problem.source.endswith("nowhere.txt")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_permission_denied(tmp_path: Path) -> None:
    path = write(tmp_path / "locked.txt", TEXT_DUMP)
    path.chmod(0)
    try:
        assert only_problem(read_all(path)).reason == "permission denied"
    finally:
        path.chmod(0o600)


def test_permission_denied_as_any_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = write(tmp_path / "locked.txt", TEXT_DUMP)
    write(tmp_path / "open.txt", TEXT_DUMP)
    real_open = Path.open

    def refuse_locked(self: Path, *args: object, **kwargs: object) -> object:
        if self == locked:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", refuse_locked)
    items = read_all(tmp_path)
    assert [(type(item).__name__, item.source) for item in items] == [
        ("ReadProblem", "locked.txt"), ("RawReport", "open.txt")]
    assert items[0].reason == "permission denied"  # type: ignore[union-attr]


def test_binary_file(tmp_path: Path) -> None:
    path = write(tmp_path / "photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    problem = only_problem(read_all(path))
    assert (problem.source, problem.reason) == ("photo.txt", "binary content (looks like PNG image)")
    other = only_problem(read_all(write(tmp_path / "blob.txt", b"abc\x00\x01\x02def" * 50)))
    assert other.reason == "binary content (contains NUL bytes)"


def test_empty_and_blank_files(tmp_path: Path) -> None:
    def reason(name: str, data: bytes | str) -> str:
        return only_problem(read_all(write(tmp_path / name, data))).reason

    assert reason("empty.txt", b"") == "empty file"
    assert reason("blank.txt", " \n\n\t") == "no text (only whitespace)"
    assert reason("e.gz", gzip.compress(b"")) == "empty file (inside gzip)"


def test_oversize_page_is_refused_by_size(tmp_path: Path) -> None:
    path = write(tmp_path / "huge.html", "x" * int(2.1 * 1024 * 1024))
    problem = only_problem(read_all(path, max_report_bytes=1024 * 1024))
    assert problem.reason == "page of 2.1 MB exceeds the 1 MB limit (--max-report-mb)"
    assert DEFAULT_MAX_REPORT_BYTES == 10 * 1024 * 1024


def test_oversize_compressed_page_stops_decompressing(tmp_path: Path) -> None:
    path = write(tmp_path / "huge.txt.gz", gzip.compress(b"word " * 10_000_000))  # 50 MB inside
    problem = only_problem(read_all(path, max_report_bytes=1024 * 1024))
    assert problem.reason == "page exceeds the 1 MB limit (--max-report-mb)"


def test_decompression_bomb_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(streams, "MAX_COMPRESSION_RATIO", 5)
    monkeypatch.setattr(streams, "_RATIO_CHECK_FROM", 100_000)
    line = json.dumps({"text": PARAGRAPH}) + "\n"
    items = read_all(write(tmp_path / "feed.jsonl.xz", lzma.compress(line.encode() * 5000)))
    assert "refused as a decompression bomb" in items[-1].reason  # type: ignore[union-attr]
    assert len(items) < 5000


def test_malformed_json_line_skips_that_item_only(tmp_path: Path) -> None:
    good = json.dumps({"text": PARAGRAPH})
    path = write(tmp_path / "feed.jsonl", f"{good}\n{good}\n{{\"text\": \"cut\" \"off\"}}\n[1, 2]\n"
                 f"{{\"title\": \"no body\"}}\n{{\"text\": \"  \"}}\n{good}\n")
    items = read_all(path)
    assert [item.id for item in items if isinstance(item, RawReport)] == ["feed-1", "feed-2", "feed-7"]
    problems = [str(item) for item in items if isinstance(item, ReadProblem)]
    assert problems == [
        "feed.jsonl:3: malformed JSON at line 3: Expecting ',' delimiter",
        "feed.jsonl:4: item is a JSON array, not an object",
        "feed.jsonl:5: item has no text or html field (keys: title)",
        "feed.jsonl:6: item has empty text",
    ]


def test_malformed_json_array_reports_the_line(tmp_path: Path) -> None:
    path = write(tmp_path / "batch.json", f'[\n  {{"text": "{PARAGRAPH}"}},\n  {{"text": oops}}\n]\n')
    items = read_all(path)
    assert isinstance(items[0], RawReport)
    assert str(items[1]) == "batch.json:3: malformed JSON at line 3: Expecting value"


def test_csv_without_text_column(tmp_path: Path) -> None:
    problem = only_problem(read_all(write(tmp_path / "t.csv", "a,b\n1,2\n")))
    assert (problem.reason, problem.line) == ("CSV has no text or html column (columns: a, b)", 1)


def test_malformed_csv_rows(tmp_path: Path) -> None:
    content = f"title,text\nok,{PARAGRAPH.replace(',', '')}\nempty,\nshort\nlast,\"never closed\n"
    items = read_all(write(tmp_path / "t.csv", content))
    assert isinstance(items[0], RawReport)
    problems = [(item.line, item.reason) for item in items if isinstance(item, ReadProblem)]
    assert problems == [
        (3, "row has empty text"),
        (4, "malformed CSV at line 4: 1 fields where the header has 2"),
        (5, "malformed CSV at line 5: unexpected end of data"),
    ]


def test_undecodable_bytes(tmp_path: Path) -> None:
    path = write(tmp_path / "noise.txt", bytes(range(0x80, 0x100)) * 4)
    assert only_problem(read_all(path)).reason == "not valid UTF-8 and no encoding detected"


def test_windows_1252_text_is_decoded_right(tmp_path: Path) -> None:
    western = "Le cargo a quitté Vostráva – « déjà vu », dit le ministre à São Paulo. ‘Quoted’ naïf.\n"
    russian = "Министр заявил в понедельник, что поставки продолжаются через порт.\n"
    polish = "Minister powiedział w poniedziałek, że dostawy są kontynuowane przez port w Gdańsku.\n"
    write(tmp_path / "1.txt", western.encode("cp1252"))
    write(tmp_path / "2.txt", russian.encode("cp1251"))
    write(tmp_path / "3.txt", polish.encode("cp1250"))
    texts = [item.text for item in read_all(tmp_path)]  # type: ignore[union-attr]
    assert texts == [western, russian, polish]


def test_declared_html_charset_is_used(tmp_path: Path) -> None:
    page = '<html><head><meta charset="iso-8859-15"></head><body><p>Prix: 5 €, Vostráva</p></body></html>'
    report = only_report(read_all(write(tmp_path / "p.html", page.encode("iso-8859-15"))))
    assert "5 €, Vostráva" in report.text


def test_corrupt_archives(tmp_path: Path) -> None:
    truncated = gzip.compress(TEXT_DUMP.encode() * 50)[:-30]
    assert "corrupt" in only_problem(read_all(write(tmp_path / "cut.txt.gz", truncated))).reason
    broken_zip = b"PK\x03\x04" + b"\x00" * 40
    assert "zip" in only_problem(read_all(write(tmp_path / "bad.zip", broken_zip))).reason


def test_bad_file_in_folder_does_not_stop_the_others(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    write(folder / "b.txt", b"")
    write(folder / "a.txt", TEXT_DUMP)
    write(folder / "c" / "d.png", b"\x89PNG\r\n\x1a\n\x00")
    write(folder / "c" / "e.html", HTML_PAGE)
    write(folder / ".git" / "x.txt", TEXT_DUMP)
    write(folder / ".hidden.txt", TEXT_DUMP)
    items = read_all(folder, tmp_path / "missing")
    summary = [(type(item).__name__, item.source) for item in items]
    assert summary == [
        ("RawReport", "a.txt"),
        ("ReadProblem", "b.txt"),
        ("ReadProblem", "c/d.png"),
        ("RawReport", "c/e.html"),
        ("ReadProblem", str(tmp_path / "missing")),
    ]


def test_raw_bytes_hash_to_a_stable_key(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", TEXT_DUMP)
    first = only_report(read_all(path))
    second = only_report(read_all(path))
    assert hashlib.sha256(first.raw).hexdigest() == hashlib.sha256(second.raw).hexdigest()


SHARED = Path(__file__).parents[2] / "shared"
WCXB = SHARED / "data" / "wcxb-dev-articles"


@pytest.mark.corpus
@pytest.mark.skipif(not WCXB.is_dir(), reason="../shared/data/wcxb-dev-articles is absent")
def test_wcxb_pages_are_html_and_dumps_are_text() -> None:
    for folder, form in (("html", "html"), ("dumps", "text")):
        items = read_all(WCXB / folder)
        assert not [item for item in items if isinstance(item, ReadProblem)]
        assert {item.form for item in items} == {form}  # type: ignore[union-attr]
        assert len(items) == 228
        assert all("." not in item.id for item in items)  # type: ignore[union-attr]


@pytest.mark.corpus
@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared/seeds is absent")
def test_seeds_are_read_as_text_dumps() -> None:
    items = read_all(SHARED / "seeds")
    assert items and all(isinstance(item, RawReport) and item.form == "text" for item in items)


def test_text_encoded_twice_is_decoded_back() -> None:
    from armswatch.read.decode import decode_bytes

    notes: list[str] = []
    twice = "He said\u00c2\u00a0the ship was bombed, \u00e2\u20ac\u0153a warning\u00e2\u20ac\u009d."
    right = "He said\u00a0the ship was bombed, \u201ca warning\u201d."
    assert decode_bytes(twice.encode("utf-8"), notes=notes) == right
    assert notes and "encoded twice" in notes[0]
    # Portuguese and Spanish written right are left alone
    notes.clear()
    fine = "S\u00e3o Paulo, \u00c2ngela, \u00bfQu\u00e9?"
    assert decode_bytes(fine.encode("utf-8"), notes=notes) == fine and not notes
    # the no-break space of "\u00c2\u00a0" later turned into a plain space: "said\u00c2 the ship"
    faded = "Officials said\u00c2 the ship was bombed."
    assert decode_bytes(faded.encode("utf-8")) == "Officials said\u00a0the ship was bombed."
    letter = "The letter \u00c2 is rare in French."
    assert decode_bytes(letter.encode("utf-8")) == letter
