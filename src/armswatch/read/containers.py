"""Compressed files (.gz, .bz2, .xz) and .zip archives, opened as streams.

Everything decompressed goes through a BombGuard (streams.py), and a page is never read past the
page limit, so a small archive that expands to terabytes is refused rather than unpacked.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

from armswatch.read.detect import COMPRESSION_SUFFIXES, Kind
from armswatch.read.models import RawReport, ReadProblem
from armswatch.read.origin import Origin
from armswatch.read.streams import BombGuard, CountingReader

#: Reads one stream (a file, member or decompressed content) into reports and problems.
StreamReader = Callable[[BinaryIO, Origin, int | None], Iterator[RawReport | ReadProblem]]

_FORMAT_NAMES = {Kind.GZIP: "gzip", Kind.BZIP2: "bzip2", Kind.XZ: "xz"}
_ENCRYPTED_FLAG = 0x1


def decompressed(stream: BinaryIO, kind: Kind) -> BinaryIO:
    """The decompressed content of a gzip, bzip2 or xz stream (multi-member gzip included)."""
    counter = CountingReader(stream)
    raw = io.BufferedReader(counter)
    inner: BinaryIO
    if kind is Kind.GZIP:
        inner = gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[assignment]
    elif kind is Kind.BZIP2:
        inner = bz2.BZ2File(raw, mode="rb")  # type: ignore[assignment]
    else:
        inner = lzma.LZMAFile(raw, mode="rb")  # type: ignore[assignment]  # noqa: SIM115 - closed with the file
    guard = BombGuard(inner, lambda: counter.count, f"{_FORMAT_NAMES[kind]} data")
    return io.BufferedReader(guard, buffer_size=1 << 20)  # type: ignore[arg-type]


def without_compression_suffix(name: str, kind: Kind) -> str:
    """"a.html" for "a.html.gz"; "a.tar" for "a.tgz" is not attempted (tar is no report format)."""
    lower = name.lower()
    for suffix in COMPRESSION_SUFFIXES.get(kind, ()):
        if lower.endswith(suffix):
            return name[: -len(suffix)]
    return name


def compression_format(kind: Kind) -> str:
    return _FORMAT_NAMES.get(kind, kind.value)


def read_zip(
    archive_file: BinaryIO, origin: Origin, read_stream: StreamReader
) -> Iterator[RawReport | ReadProblem]:
    """Each member in name order (folders, hidden files and __MACOSX skipped), as `read_stream` reads it.

    A bad member is a problem of its own ("archive.zip!member.txt") and the others are still read:
    `read_stream` must turn a member's failures into problems itself.
    """
    with zipfile.ZipFile(archive_file) as archive:
        infos = archive.infolist()
        members = sorted((info for info in infos if _is_report_member(info)), key=lambda info: info.filename)
        # Nothing is ever written to disk, but a member named outside the archive is a sign of a crafted
        # file: it is named, not skipped silently as a hidden file would be.
        for info in sorted(infos, key=lambda info: info.filename):
            if _leaves_archive(info.filename):
                yield ReadProblem(origin.member(info.filename).source,
                                  "zip member path leaves the archive ('..' or absolute): not read")
        members = [info for info in members if not _leaves_archive(info.filename)]
        if not members:
            if not any(_leaves_archive(info.filename) for info in infos):
                yield ReadProblem(origin.source, "zip archive holds no files")
            return
        for info in members:
            member_origin = origin.member(info.filename)
            if info.flag_bits & _ENCRYPTED_FLAG:
                yield ReadProblem(member_origin.source, "encrypted zip member (no password is tried)")
                continue
            try:
                member = archive.open(info)
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError) as error:
                yield ReadProblem(member_origin.source, f"unreadable zip member: {error}")
                continue
            with member:
                guard = BombGuard(member, _consumed(member, info), "zip member")
                stream = io.BufferedReader(guard, buffer_size=1 << 20)  # type: ignore[arg-type]
                yield from read_stream(stream, member_origin, info.file_size)


def _consumed(member: Any, info: zipfile.ZipInfo) -> Callable[[], int]:
    """The compressed bytes of a member read so far (ZipExtFile counts down what is left), so the
    bomb guard compares what came out with what went in, not with the member's whole size."""
    def count() -> int:
        left = getattr(member, "_compress_left", None)
        if not isinstance(left, int):
            return info.compress_size
        # ZipExtFile reads ahead; what zlib holds unconsumed has not been expanded yet
        tail = getattr(getattr(member, "_decompressor", None), "unconsumed_tail", b"")
        return info.compress_size - left - (len(tail) if isinstance(tail, bytes) else 0)

    return count


def _leaves_archive(name: str) -> bool:
    return name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/")


def _is_report_member(info: zipfile.ZipInfo) -> bool:
    if info.is_dir():
        return False
    parts = info.filename.split("/")
    return not any(part.startswith(".") or part == "__MACOSX" for part in parts)


def spooled(stream: BinaryIO) -> BinaryIO:
    """A seekable copy of a stream (a zip read from standard input or from inside another file)."""
    copy = tempfile.TemporaryFile()  # noqa: SIM115 - the caller closes it
    shutil.copyfileobj(stream, copy, 1 << 20)
    copy.seek(0)
    return copy  # type: ignore[return-value]
