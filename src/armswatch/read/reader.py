"""The read stage: inputs (files, folders, "-") to RawReports and ReadProblems, one at a time."""

from __future__ import annotations

import lzma
import os
import stat
import sys
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from armswatch.read.containers import (
    StreamReader,
    compression_format,
    decompressed,
    read_zip,
    spooled,
    without_compression_suffix,
)
from armswatch.read.detect import Kind, sniff_kind
from armswatch.read.document import document_report
from armswatch.read.feeds import read_csv, read_json_lines, read_json_stream
from armswatch.read.forms import FORM_KINDS, read_form
from armswatch.read.models import RawReport, ReadProblem
from armswatch.read.origin import STDIN_NAME, Origin
from armswatch.read.problems import ReadFailure, megabytes, os_error_reason
from armswatch.read.streams import BUDGET, read_capped, with_head
from armswatch.read.warc import read_warc

#: 10 MB: a news page, even with its HTML, is well under 2 MB (the largest wcxb-dev page is 1.7 MB
#: of HTML); anything above 10 MB is a data dump, not a report.
DEFAULT_MAX_REPORT_BYTES = 10 * 1024 * 1024
# Archives inside archives deeper than this are refused (zip-in-gz-in-zip... is how bombs nest).
MAX_NESTING = 4

Item = RawReport | ReadProblem
_COMPRESSIONS = (Kind.GZIP, Kind.BZIP2, Kind.XZ)


def read_reports(inputs: Sequence[str | Path], *, stdin: BinaryIO | None = None,
                 max_report_bytes: int = DEFAULT_MAX_REPORT_BYTES) -> Iterator[Item]:
    """Every report in the inputs, in a deterministic order, and a ReadProblem for each that fails.

    Inputs are files, folders (walked recursively in name order; hidden files and folders skipped)
    and "-" for standard input (`stdin`, default sys.stdin.buffer). Nothing is held beyond the
    report being read: folders, feeds, WARCs and archives are streamed.
    """
    for given in inputs:
        text = str(given)
        if text == STDIN_NAME:
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _read_guarded(stream, Origin(STDIN_NAME, STDIN_NAME), max_report_bytes)
            continue
        path = Path(given)
        try:
            is_dir = path.is_dir()
        except OSError as error:
            yield ReadProblem(text, os_error_reason(error))
            continue
        if is_dir:
            for found in walk_folder(path):
                if isinstance(found, ReadProblem):
                    yield found
                else:
                    yield from read_file(found[0], found[1], max_report_bytes)
        else:
            yield from read_file(path, path.name, max_report_bytes, shown=text)


def walk_folder(root: Path) -> Iterator[tuple[Path, str] | ReadProblem]:
    """(path, path relative to root with "/") for every non-hidden file, in name order at each level.

    Symbolic links to folders are followed once each (a link loop is not walked twice).
    """
    seen: set[tuple[int, int]] = set()

    def walk(folder: Path, prefix: str) -> Iterator[tuple[Path, str] | ReadProblem]:
        try:
            info = folder.stat()
            key = (info.st_dev, info.st_ino)
            if key in seen:
                return
            seen.add(key)
            with os.scandir(folder) as scan:
                entries = sorted((entry for entry in scan if not entry.name.startswith(".")),
                                 key=lambda entry: entry.name)
        except OSError as error:
            yield ReadProblem(prefix.rstrip("/") or str(folder), os_error_reason(error))
            return
        for entry in entries:
            relative = prefix + entry.name
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                yield from walk(Path(entry.path), relative + "/")
            else:
                yield Path(entry.path), relative

    yield from walk(root, "")


def read_file(path: Path, source: str, limit: int, shown: str | None = None) -> Iterator[Item]:
    """The reports in one file. Its size is known from stat, so an oversize page is refused unread.

    Special files are refused by their type before they are opened (opening a FIFO blocks until a
    writer comes, a device never ends): only a pipe named on the command line (`shown`, as in
    `armswatch analyze <(zcat feed.gz)`) is read, never one found in a folder.
    """
    try:
        info = path.stat()
        named_pipe = stat.S_ISFIFO(info.st_mode) and shown is not None
        if not (stat.S_ISREG(info.st_mode) or named_pipe):
            yield ReadProblem(shown or source, f"not a regular file ({_file_type(info.st_mode)})")
            return
        handle = path.open("rb")
    except OSError as error:
        yield ReadProblem(shown or source, os_error_reason(error))
        return
    regular = stat.S_ISREG(info.st_mode)
    # Local time, as the analyst's file manager shows it; a page saved by wget keeps the server's date.
    saved_on = datetime.fromtimestamp(info.st_mtime).date().isoformat() if regular else None
    with handle:
        origin = Origin(source, path.name)
        # Decompressed bytes at any nesting depth are held to a ratio of the bytes read from this file.
        BUDGET.outer = handle.tell if regular else None
        try:
            for item in _read_guarded(handle, origin, limit, info.st_size if regular else None,
                                      seekable=handle if regular else None):
                yield replace(item, saved_on=saved_on) if isinstance(item, RawReport) and saved_on else item
        finally:
            BUDGET.outer = None


def _file_type(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISDIR, "a folder")):
        if test(mode):
            return name
    return "a special file"


def _read_guarded(stream: BinaryIO, origin: Origin, limit: int, size: int | None = None,
                  seekable: BinaryIO | None = None) -> Iterator[Item]:
    """read_stream, with any failure of the stream itself turned into a ReadProblem."""
    try:
        yield from read_stream(stream, origin, limit, size, seekable)
    except ReadFailure as failure:
        yield ReadProblem(origin.source, failure.reason, failure.line)
    except (EOFError, zlib.error, lzma.LZMAError) as error:
        yield ReadProblem(origin.source, f"truncated or corrupt compressed data ({error})")
    except zipfile.BadZipFile as error:
        yield ReadProblem(origin.source, f"corrupt zip archive ({error})")
    except OSError as error:
        yield ReadProblem(origin.source, _stream_error_reason(error))
    except UnicodeDecodeError as error:
        yield ReadProblem(origin.source, f"undecodable bytes ({error.reason})")
    except RecursionError:
        yield ReadProblem(origin.source, "nested too deep to read")
    except MemoryError:
        yield ReadProblem(origin.source, "too large to hold in memory")
    except Exception as error:  # one hostile file never stops the run: what a reader raises is its problem
        yield ReadProblem(origin.source, f"unreadable ({type(error).__name__}: {_shorten(str(error))})")


def _shorten(text: str, size: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


def _stream_error_reason(error: OSError) -> str:
    if isinstance(error, OSError) and error.errno is None:
        return f"corrupt compressed data ({error})"  # gzip.BadGzipFile, bz2 "Invalid data stream"
    return os_error_reason(error)


def read_stream(stream: BinaryIO, origin: Origin, limit: int, size: int | None = None,
                seekable: BinaryIO | None = None) -> Iterator[Item]:
    """Reports in a stream, whatever its kind (told from its first bytes, see detect.sniff_kind).

    `size` is the stream's length when known (a file, a zip member), `seekable` the file itself when
    it can be reopened at its start (a zip archive on disk is then read in place).
    """
    head, buffered = with_head(stream)
    if not head:
        raise ReadFailure("empty file")
    kind, reason = sniff_kind(head, origin.name)
    if kind is Kind.BINARY:
        raise ReadFailure(reason or "binary content")
    if (kind in _COMPRESSIONS or kind is Kind.ZIP) and origin.depth >= MAX_NESTING:
        raise ReadFailure(f"archives nested more than {MAX_NESTING} deep")
    if kind in _COMPRESSIONS:
        inner = decompressed(buffered, kind)
        inner_origin = origin.inside(without_compression_suffix(origin.name, kind))
        try:
            yield from read_stream(inner, inner_origin, limit)
        except ReadFailure as failure:
            if failure.reason == "empty file":
                raise ReadFailure(f"empty file (inside {compression_format(kind)})") from failure
            raise
    elif kind is Kind.ZIP:
        if seekable is not None:
            seekable.seek(0)
            yield from read_zip(seekable, origin, _member_reader(limit))
        else:
            with spooled(buffered) as copy:
                yield from read_zip(copy, origin, _member_reader(limit))
    elif kind is Kind.WARC:
        yield from read_warc(buffered, origin, limit)
    elif kind is Kind.JSON_LINES:
        yield from read_json_lines(buffered, head, origin, limit)
    elif kind is Kind.JSON_STREAM:
        yield from read_json_stream(buffered, head, origin, limit)
    elif kind is Kind.CSV:
        yield from read_csv(buffered, head, origin, limit)
    elif kind in FORM_KINDS:  # PDF, Word, e-mail, RSS/Atom/NITF/NewsML, SGML wire archives
        yield from read_form(kind, buffered, origin, limit, size, _member_reader(limit))
    else:
        if size is not None and size > limit:
            raise ReadFailure(
                f"page of {megabytes(size)} exceeds the {megabytes(limit)} limit (--max-report-mb)"
            )
        data = read_capped(buffered, limit)
        yield document_report(data, report_id=origin.stem, source=origin.source, name=origin.name)


def _member_reader(limit: int) -> StreamReader:
    def read_member(stream: BinaryIO, origin: Origin, size: int | None) -> Iterator[Item]:
        return _read_guarded(stream, origin, limit, size)

    return read_member
