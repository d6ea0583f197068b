"""Feeds of many reports: JSON Lines, JSON arrays (or a stream of JSON objects), CSV with a text column.

Each is read as a stream, one item at a time. A bad item becomes a ReadProblem naming the file and
the line it starts on, and the rest of the feed is still read. Items are objects like
{id, url, title, published, author, outlet, text | html}; key names are matched case-insensitively
with the aliases in meta.py and detect.TEXT_FIELDS / HTML_FIELDS.
"""

from __future__ import annotations

import codecs
import csv
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any, BinaryIO

from charset_normalizer import from_bytes

from armswatch.read.decode import LineDecoder, decode_bytes, head_fallback, normalise_newlines
from armswatch.read.detect import HTML_FIELDS, TEXT_FIELDS, header_delimiter
from armswatch.read.document import text_report
from armswatch.read.meta import canonical_key, meta_from_mapping, value_text
from armswatch.read.models import RawReport, ReadProblem
from armswatch.read.origin import Origin
from armswatch.read.problems import ReadFailure, megabytes

Items = Iterator[RawReport | ReadProblem]

_ID_KEYS = ("id", "guid", "uuid", "doc_id", "document_id", "article_id", "_id")
_CHUNK = 1 << 20
_WHITESPACE = re.compile(r"[ \t\r\n]*")
# A feed line or JSON value may be this many times the page limit: markup and escapes ("\u00e9",
# "\n") around a page's text take room that its text does not.
_ITEM_OVERHEAD = 2
# A feed item is an object of strings, lists of strings and small objects ({"name": ...}): 3-4 levels.
# 64 leaves room for any real producer; JSON nested 10,000 deep hit Python's recursion limit.
MAX_JSON_DEPTH = 64


def feed_encoding(head: bytes) -> str:
    """One codec for a whole feed, from its first bytes: UTF-8 (with or without BOM) unless they are
    not UTF-8, then what charset-normalizer finds. ReadFailure when nothing fits.
    """
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8-sig"
    except UnicodeDecodeError:
        pass
    best = from_bytes(head).best()
    if best is None:
        raise ReadFailure("not valid UTF-8 and no encoding detected")
    return best.encoding


def json_depth(value: Any) -> int:
    """How deep arrays and objects nest in a parsed JSON value (a string or number is 0), without
    recursion, stopping once past MAX_JSON_DEPTH."""
    depth, level = 0, [value]
    while level and depth <= MAX_JSON_DEPTH:
        inner: list[Any] = []
        for node in level:
            if isinstance(node, dict):
                inner.extend(node.values())
            elif isinstance(node, list):
                inner.extend(node)
        if not inner and not any(isinstance(node, dict | list) for node in level):
            break
        depth += 1
        level = [node for node in inner if isinstance(node, dict | list)]
    return depth


def parse_json(text: str, line: int) -> Any:
    """json.loads, with every way it can fail on hostile text (syntax, nesting, a 5,000-digit number)
    turned into a ReadFailure naming the line."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise ReadFailure(f"malformed JSON at line {line}: {error.msg}", line) from error
    except RecursionError as error:
        raise ReadFailure(f"JSON nested more than {MAX_JSON_DEPTH} deep", line) from error
    except ValueError as error:  # integers past Python's 4,300-digit limit
        raise ReadFailure(f"malformed JSON at line {line}: {error}", line) from error
    check_depth(value, line)
    return value


def check_depth(value: Any, line: int) -> None:
    if json_depth(value) > MAX_JSON_DEPTH:
        raise ReadFailure(f"JSON nested more than {MAX_JSON_DEPTH} deep", line)


def _stream_codec(head: bytes) -> str:
    """The codec of a JSON array: UTF-8 when its head is UTF-8 but for a few stray bytes (those are
    decoded one run at a time, see _JsonValues), else what feed_encoding finds."""
    if not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = head.decode("utf-8", errors="replace")
        # UTF-8 is evident from one multi-byte character that decodes (Latin-1 text almost never does)
        if text.count("\ufffd") <= len(head) // 100 or any("\x7f" < c != "\ufffd" for c in text):
            return "utf-8-sig"
    return feed_encoding(head)


def _line_codec(head: bytes) -> str:
    """JSON Lines and CSV are decoded line by line (LineDecoder): only UTF-16 needs a whole-file codec."""
    return "utf-16" if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8-sig"


def item_report(item: Any, raw: bytes, origin: Origin, number: int, line: int, limit: int,
                noun: str = "item") -> RawReport:
    """A RawReport for one feed item (a JSON object or a CSV row as a mapping); ReadFailure if unusable.

    `html` wins over `text` when both are there: the page keeps the structure and metadata that
    the clean stage extracts from. Anything else one hostile item raises is a ReadFailure on its line,
    so the rest of the feed is still read.
    """
    try:
        try:
            return _item_report(item, raw, origin, number, line, limit, noun)
        except UnicodeEncodeError:
            return _item_report(without_lone_surrogates(item), raw, origin, number, line, limit, noun)
    except ReadFailure:
        raise
    except RecursionError as error:
        raise ReadFailure(f"{noun} nested too deep", line) from error
    except Exception as error:
        reason = f"{noun} unreadable ({type(error).__name__}: {_shorten(str(error))})"
        raise ReadFailure(reason, line) from error


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def without_lone_surrogates(value: Any) -> Any:
    """The parsed JSON value with every lone surrogate (JSON's "\\ud83d" escape without its pair, as a
    string cut inside an emoji leaves it; no UTF-8 can hold it) made U+FFFD, in keys and values.
    Recursive: only called on values check_depth has passed (64 deep at most)."""
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [without_lone_surrogates(inner) for inner in value]
    if isinstance(value, dict):
        return {without_lone_surrogates(key): without_lone_surrogates(inner) for key, inner in value.items()}
    return value


def _item_report(item: Any, raw: bytes, origin: Origin, number: int, line: int, limit: int,
                 noun: str) -> RawReport:
    if not isinstance(item, Mapping):
        raise ReadFailure(f"{noun} is a JSON {_json_type(item)}, not an object", line)
    keys = {canonical_key(key): value for key, value in reversed(list(item.items())) if isinstance(key, str)}
    html = _content(keys, HTML_FIELDS)
    text = _content(keys, TEXT_FIELDS)
    if html is None and text is None:
        names = ", ".join(str(key) for key in item) or "none"
        raise ReadFailure(f"{noun} has no text or html field ({'columns' if noun == 'row' else 'keys'}: "
                          f"{_shorten(names)})", line)
    content = html or text or ""
    if not content.strip():
        raise ReadFailure(f"{noun} has empty text", line)
    size = len(content.encode("utf-8"))
    if size > limit:
        raise ReadFailure(f"{noun} text of {megabytes(size)} exceeds the {megabytes(limit)} limit "
                          "(--max-report-mb)", line)
    meta = meta_from_mapping(item)
    own_id = next((value_text(keys[key]) for key in _ID_KEYS if key in keys and value_text(keys[key])), None)
    report_id = own_id or f"{origin.stem}-{number}"
    source = meta.get("url") or f"{origin.source}#{number}"
    try:
        # A text field is the article as the feed's producer extracted it, not a page: the clean stage
        # must not run the page-furniture model over it (it dropped 9 in 10 one-sentence items).
        return text_report(normalise_newlines(content), report_id=report_id, source=source, raw=raw,
                           meta=meta, form="html" if html else None, is_article=html is None)
    except ReadFailure as failure:
        raise ReadFailure(failure.reason, line) from failure


def _content(keys: Mapping[str, Any], names: tuple[str, ...]) -> str | None:
    """The first of the named fields that is present: a string, or a list of paragraph strings."""
    for name in names:
        if name not in keys:
            continue
        value = keys[name]
        if isinstance(value, list):
            return "\n".join(str(part) for part in value if isinstance(part, str))
        if isinstance(value, str):
            return value
        if value is None:
            return ""
    return None


def _json_type(value: Any) -> str:
    names = {list: "array", str: "string", bool: "boolean", int: "number", float: "number"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _shorten(text: str, size: int = 200) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _problem(origin: Origin, failure: ReadFailure, line: int | None = None) -> ReadProblem:
    return ReadProblem(origin.source, failure.reason, failure.line if failure.line is not None else line)


# ---- JSON Lines ---------------------------------------------------------------------------------

def read_json_lines(stream: BinaryIO, head: bytes, origin: Origin, limit: int) -> Items:
    """One item per line; blank lines are skipped; a malformed line is a problem on its own."""
    encoding = _line_codec(head)
    # Line by line: UTF-8 first, the other encoding only for the lines that are not (a feed that mixes
    # them kept no row intact when one codec was guessed from its head).
    decoder = None if encoding == "utf-16" else LineDecoder(head_fallback(head))
    cap = _ITEM_OVERHEAD * limit
    number = 0
    for line_number, line in enumerate(_capped_lines(stream, cap), 1):
        if line is None:
            number += 1
            yield ReadProblem(origin.source, f"line of more than {megabytes(cap)} exceeds the limit "
                              f"(twice --max-report-mb)", line_number)
            continue
        raw = line.rstrip(b"\r\n")
        if line_number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        if not raw.strip():
            continue
        number += 1
        try:
            text = decoder.decode(raw, line_number) if decoder else _decode_line(raw, encoding)
            item = parse_json(text, line_number)
            yield item_report(item, raw, origin, number, line_number, limit)
        except ReadFailure as failure:
            yield _problem(origin, failure, line_number)
    note = decoder.note() if decoder else None
    if note:
        yield ReadProblem(origin.source, note, note=True)


def _capped_lines(stream: BinaryIO, cap: int) -> Iterator[bytes | None]:
    """The stream's lines; None for a line longer than `cap` (its bytes are skipped, never held)."""
    while True:
        line = stream.readline(cap + 1)
        if not line:
            return
        if len(line) > cap and not line.endswith(b"\n"):
            while True:
                rest = stream.readline(_CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None
            continue
        yield line


def _decode_line(raw: bytes, encoding: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        return decode_bytes(raw)


# ---- JSON arrays and object streams -------------------------------------------------------------

def read_json_stream(stream: BinaryIO, head: bytes, origin: Origin, limit: int) -> Items:
    """Items of a top-level JSON array, or each top-level object of a file of (pretty-printed) objects.

    `raw` of an item is its canonical JSON (sorted keys, UTF-8), since its bytes in the array are
    not a document of their own. A syntax error stops the file: JSON cannot be resynchronised.
    """
    values = _JsonValues(stream, _stream_codec(head), _ITEM_OVERHEAD * limit)
    number = 0
    try:
        for line, value in values:
            items = _wrapped_items(value)
            for item in [value] if items is None else items:
                number += 1
                yield _item_or_problem(item, origin, number, line, limit)
    except ReadFailure as failure:
        yield _problem(origin, failure)
    except UnicodeDecodeError as error:
        yield ReadProblem(origin.source, f"undecodable bytes after line {values.line} ({error.reason})",
                          values.line)
    if values.redecoded:
        more = " …" if len(values.redecoded) > 10 else ""
        lines = ", ".join(str(line) for line in values.redecoded[:10]) + more
        yield ReadProblem(origin.source, f"{len(values.redecoded)} runs of bytes not UTF-8, decoded as "
                          f"cp1252 (lines {lines})", note=True)


def _wrapped_items(value: Any) -> list[Any] | None:
    """The item list of a wrapper object such as {"items": [...]} or {"articles": [...]}, else None."""
    if not isinstance(value, dict):
        return None
    keys = {canonical_key(key) for key in value if isinstance(key, str)}
    if keys & set(TEXT_FIELDS + HTML_FIELDS):
        return None
    for key, inner in value.items():
        if canonical_key(str(key)) in ("items", "articles", "documents", "reports", "entries", "data",
                                       "results", "posts") and isinstance(inner, list):
            return inner
    return None


def _item_or_problem(
    item: Any, origin: Origin, number: int, line: int, limit: int
) -> RawReport | ReadProblem:
    try:
        check_depth(item, line)
        try:
            raw = json.dumps(item, sort_keys=True, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            item = without_lone_surrogates(item)
            raw = json.dumps(item, sort_keys=True, ensure_ascii=False).encode("utf-8")
        return item_report(item, raw, origin, number, line, limit)
    except ReadFailure as failure:
        return _problem(origin, failure, line)
    except (ValueError, TypeError, RecursionError) as error:  # a value json.dumps cannot write back
        return ReadProblem(origin.source, f"item unreadable ({type(error).__name__})", line)


_CP1252_RUNS = "armswatch-cp1252-runs"


class _JsonValues:
    """Iterates (start line, value) over a top-level array's items or a stream of JSON values,
    decoding one value at a time with json.JSONDecoder.raw_decode over a sliding text buffer.
    """

    def __init__(self, stream: BinaryIO, encoding: str, max_chars: int) -> None:
        self._stream = stream
        # UTF-8 with a stray byte run in another encoding (a pasted Latin-1 item) is read on, the run
        # decoded as windows-1252 and counted, rather than stopping the whole array there
        utf8 = codecs.lookup(encoding).name in ("utf-8", "utf-8-sig")
        self.redecoded: list[int] = []
        self._decoder = codecs.getincrementaldecoder(encoding)(errors=_CP1252_RUNS if utf8 else "strict")
        if utf8:
            codecs.register_error(_CP1252_RUNS, self._cp1252_run)
        self._json = json.JSONDecoder()
        self._max_chars = max_chars
        self._buffer = ""
        self._pos = 0
        self._eof = False
        self.line = 1

    def __iter__(self) -> Iterator[tuple[int, Any]]:
        self._skip_whitespace()
        in_array = self._peek() == "["
        if in_array:
            self._advance(1)
        while True:
            self._skip_whitespace()
            char = self._peek()
            if char == "":
                if in_array:
                    raise ReadFailure(f"malformed JSON at line {self.line}: the array is not closed with ']'",
                                      self.line)
                return
            if in_array and char == "]":
                self._advance(1)
                self._skip_whitespace()
                if self._peek():
                    raise ReadFailure(f"malformed JSON at line {self.line}: extra data after the array",
                                      self.line)
                return
            start = self.line
            yield start, self._value()
            self._skip_whitespace()
            if in_array:
                char = self._peek()
                if char == ",":
                    self._advance(1)
                elif char != "]":
                    reason = f"malformed JSON at line {self.line}: Expecting ',' delimiter"
                    raise ReadFailure(reason, self.line)

    def _cp1252_run(self, error: UnicodeError) -> tuple[str, int]:
        if not isinstance(error, UnicodeDecodeError):
            raise error
        # the chunk being decoded is not in the buffer yet: count its lines up to the bad bytes too
        self.redecoded.append(self.line + self._buffer.count("\n", self._pos)
                              + error.object.count(b"\n", 0, error.start))
        return error.object[error.start:error.end].decode("cp1252", "replace"), error.end

    def _value(self) -> Any:
        while True:
            try:
                value, end = self._json.raw_decode(self._buffer, self._pos)
            except RecursionError as error:
                raise ReadFailure(f"JSON nested more than {MAX_JSON_DEPTH} deep at line {self.line}",
                                  self.line) from error
            except json.JSONDecodeError as error:
                # More text can only help when the parser stopped at (or just before) the buffer's end.
                truncated = error.msg.startswith("Unterminated string") or error.pos >= len(self._buffer) - 8
                if self._eof or not truncated:
                    line = self.line + self._buffer.count("\n", self._pos, error.pos)
                    raise ReadFailure(f"malformed JSON at line {line}: {error.msg}", line) from error
                self._more_for_value()
                continue
            except ValueError as error:  # an integer past Python's 4,300-digit limit
                raise ReadFailure(f"malformed JSON at line {self.line}: {error}", self.line) from error
            if end == len(self._buffer) and not self._eof:
                self._more_for_value()  # a number at the buffer's end may go on
                continue
            self._advance(end - self._pos)
            return value

    def _more_for_value(self) -> None:
        pending = len(self._buffer) - self._pos
        if pending > self._max_chars:
            raise ReadFailure(f"JSON item at line {self.line} exceeds {megabytes(self._max_chars)} "
                              "(twice --max-report-mb)", self.line)
        self._read(max(_CHUNK, pending))

    def _read(self, size: int) -> None:
        data = self._stream.read(size)
        if not data:
            self._eof = True
        if self._pos > _CHUNK:
            self._buffer = self._buffer[self._pos:]
            self._pos = 0
        self._buffer += self._decoder.decode(data, final=not data)

    def _peek(self) -> str:
        while self._pos >= len(self._buffer) and not self._eof:
            self._read(_CHUNK)
        return self._buffer[self._pos] if self._pos < len(self._buffer) else ""

    def _advance(self, count: int) -> None:
        self.line += self._buffer.count("\n", self._pos, self._pos + count)
        self._pos += count

    def _skip_whitespace(self) -> None:
        while True:
            match = _WHITESPACE.match(self._buffer, self._pos)
            self._advance(match.end() - self._pos if match else 0)
            if self._pos < len(self._buffer) or self._eof:
                return
            self._read(_CHUNK)


# ---- CSV ----------------------------------------------------------------------------------------

def read_csv(stream: BinaryIO, head: bytes, origin: Origin, limit: int) -> Items:
    """Rows of a CSV/TSV with a header row naming a text or html column; the delimiter is the one
    the header line uses most. `raw` of a row is its canonical JSON ({column: value}, sorted keys).

    The file is fed to the csv module one physical line at a time, each decoded on its own (UTF-8
    first), so a row in another encoding is decoded, not fatal; every row is named by the line it
    starts on; after a malformed row (an oversize field, a stray quote) reading resumes at the first
    line where that row's quotes close, so no good row after it is lost.
    """
    encoding = _line_codec(head)
    cap = _ITEM_OVERHEAD * limit
    csv.field_size_limit(max(csv.field_size_limit(), min(cap, 2**31 - 1)))
    lines = _CsvLines(stream, None if encoding == "utf-16" else LineDecoder(head_fallback(head)),
                      encoding, cap)
    first_line = head.split(b"\n", 1)[0].decode(encoding, errors="replace")
    delimiter = "\t" if origin.name.lower().endswith(".tsv") else header_delimiter(first_line) or ","
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
    except (csv.Error, UnicodeDecodeError, ReadFailure) as error:
        yield ReadProblem(origin.source, f"malformed CSV header: {error}", 1)
        return
    if not header:
        yield ReadProblem(origin.source, "CSV has no header row", 1)
        return
    columns = [cell.strip().lstrip("\ufeff") for cell in header]
    lowered = {column.lower() for column in columns}
    if not lowered & set(TEXT_FIELDS + HTML_FIELDS):
        listed = _shorten(", ".join(columns))
        yield ReadProblem(origin.source, f"CSV has no text or html column (columns: {listed})", 1)
        return
    yield from _csv_rows(reader, lines, columns, origin, limit, delimiter)
    note = lines.decoder.note() if lines.decoder else None
    if note:
        yield ReadProblem(origin.source, note, note=True)


class _CsvLines:
    """The physical lines of a CSV, decoded one by one, counted, with the parity of the quotes seen
    since the current row began (odd: the row is inside a quoted field)."""

    def __init__(self, stream: BinaryIO, decoder: LineDecoder | None, encoding: str, cap: int) -> None:
        self._stream = stream
        self.decoder = decoder
        self._encoding = encoding
        self._cap = cap
        self.line = 0
        self.open_quote = False

    def __iter__(self) -> _CsvLines:
        return self

    def __next__(self) -> str:
        raw = self._stream.readline(self._cap + 1)
        if not raw:
            raise StopIteration
        self.line += 1
        if len(raw) > self._cap and not raw.endswith(b"\n"):
            # an oversize line is passed over unheld, but its quotes still count: they tell where its row ends
            quotes = raw.count(b'"')
            while not raw.endswith(b"\n"):
                raw = self._stream.readline(_CHUNK)
                if not raw:
                    break
                quotes += raw.count(b'"')
            if quotes % 2:
                self.open_quote = not self.open_quote
            raise ReadFailure(f"line of more than {megabytes(self._cap)} exceeds the limit "
                              "(twice --max-report-mb)", self.line)
        if self.line == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        text = self.decoder.decode(raw, self.line) if self.decoder else raw.decode(self._encoding, "replace")
        if text.count('"') % 2:
            self.open_quote = not self.open_quote
        return text

    def start_row(self) -> None:
        self.open_quote = False

    def skip_rest_of_row(self) -> None:
        """After a malformed row: pass the lines up to where its quoted field closes."""
        try:
            while self.open_quote:
                next(self)
        except (StopIteration, ReadFailure):
            self.open_quote = False


def _csv_rows(reader: Any, lines: _CsvLines, columns: list[str], origin: Origin, limit: int,
              delimiter: str) -> Items:
    number = 0
    while True:
        start = lines.line + 1
        lines.start_row()
        try:
            row = next(reader)
        except StopIteration:
            break
        except (csv.Error, ReadFailure) as error:
            reason = error.reason if isinstance(error, ReadFailure) else str(error)
            number += 1
            yield ReadProblem(origin.source, f"malformed CSV at line {start}: {reason}", start)
            lines.skip_rest_of_row()
            # the csv module keeps no state between rows, but a fresh reader is sure to start clean
            reader = csv.reader(lines, delimiter=delimiter, strict=True)
            continue
        if not any(cell.strip() for cell in row):
            continue
        number += 1
        if len(row) != len(columns):
            yield ReadProblem(origin.source, f"malformed CSV at line {start}: {len(row)} fields where the "
                              f"header has {len(columns)}", start)
            continue
        record = dict(zip(columns, row, strict=True))
        raw = json.dumps(record, sort_keys=True, ensure_ascii=False).encode("utf-8")
        try:
            yield item_report(record, raw, origin, number, start, limit, noun="row")
        except ReadFailure as failure:
            yield _problem(origin, failure, start)
    if number == 0:
        yield ReadProblem(origin.source, "CSV has a header but no rows")
