"""Byte streams with a peeked head, size caps and a guard against decompression bombs."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import BinaryIO

from armswatch.read.problems import ReadFailure, megabytes

#: Bytes read ahead to tell a file's kind (and decide if it is binary).
HEAD_BYTES = 65536
_CHUNK = 1 << 20

# 200: real text feeds compress 5-50:1 (wcxb-dev pages: ~4:1 with gzip), while a bomb of blank lines
# deflates at ~1030:1 (1000 let a 0.3 MB zip run two minutes before it was refused, reading 300 MB of
# empty lines); anything past 200:1 is a bomb, not a report collection. The ratio is checked as bytes
# come out, against the compressed bytes consumed so far (not the member's whole size, which let a 1 MB
# zip unpack 1 GB before it was refused), from the first MB out: below that a ratio says nothing.
MAX_COMPRESSION_RATIO = 200
_RATIO_CHECK_FROM = 1_000_000


class ExpansionBudget:
    """Bytes read from one input file on disk and bytes decompressed out of it at every nesting level.

    Nested archives multiply their ratios (a gzip of a zip of a gzip...), so beside each level's own
    ratio the innermost output is held to MAX_COMPRESSION_RATIO times the outer file's bytes read so far.
    """

    def __init__(self) -> None:
        self.outer: Callable[[], int] | None = None

    def over(self, count: int) -> int | None:
        """The outer bytes read, when `count` decompressed bytes are past the ratio to them; else None."""
        if self.outer is None or count <= _RATIO_CHECK_FROM:
            return None
        outer = max(1, self.outer())
        return outer if count > MAX_COMPRESSION_RATIO * outer else None


#: The budget of the input file being read (read_reports reads one top-level file at a time).
BUDGET = ExpansionBudget()


class PrefixedStream(io.RawIOBase):
    """A stream that first returns `head` (bytes already read from `rest`), then the rest."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def with_head(stream: BinaryIO) -> tuple[bytes, BinaryIO]:
    """The first HEAD_BYTES of a stream and a buffered stream that still starts at the beginning."""
    head = read_at_most(stream, HEAD_BYTES)
    return head, io.BufferedReader(PrefixedStream(head, stream), buffer_size=_CHUNK)  # type: ignore[arg-type]


def read_at_most(stream: BinaryIO, size: int) -> bytes:
    """Up to `size` bytes (fewer only at the end of the stream), whatever the stream's read sizes."""
    parts: list[bytes] = []
    left = size
    while left > 0:
        data = stream.read(min(left, _CHUNK))
        if not data:
            break
        parts.append(data)
        left -= len(data)
    return b"".join(parts)


def read_capped(stream: BinaryIO, limit: int, what: str = "page") -> bytes:
    """All of a stream, or ReadFailure as soon as it passes `limit` bytes (never more is held)."""
    data = read_at_most(stream, limit + 1)
    if len(data) > limit:
        raise ReadFailure(f"{what} exceeds the {megabytes(limit)} limit (--max-report-mb)")
    return data


class CountingReader(io.RawIOBase):
    """Counts the bytes read through it (the compressed side of a decompressor)."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        return len(data)


class BombGuard(io.RawIOBase):
    """Decompressed bytes, failing once past 64 MB out at over MAX_COMPRESSION_RATIO times what went in."""

    def __init__(self, stream: BinaryIO, compressed_count: Callable[[], int], what: str) -> None:
        self._stream = stream
        self._compressed_count = compressed_count
        self._what = what
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        if self.count > _RATIO_CHECK_FROM:
            compressed = max(1, self._compressed_count())
            outer = BUDGET.over(self.count)
            if self.count > MAX_COMPRESSION_RATIO * compressed or outer is not None:
                what = self._what if outer is None else f"{self._what} (nested archives in all)"
                raise ReadFailure(
                    f"{what} expands more than {MAX_COMPRESSION_RATIO} times "
                    f"({megabytes(outer or compressed)} to over {megabytes(self.count)}): "
                    "refused as a decompression bomb"
                )
        return len(data)
