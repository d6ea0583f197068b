"""The internal exception that turns into a ReadProblem, and OS error wording."""

from __future__ import annotations

import errno
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

_ERRNO_REASONS = {
    errno.ENOENT: "no such file or directory",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EISDIR: "is a directory",
    errno.ENOTDIR: "a path component is not a directory",
    errno.ELOOP: "too many levels of symbolic links",
    errno.ENAMETOOLONG: "file name too long",
}


class ReadFailure(Exception):
    """A report, item or file that cannot be read; `reason` is the message shown to the user."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


def os_error_reason(error: OSError) -> str:
    """A short lower-case reason for an OS error ("permission denied"), without the path."""
    if error.errno in _ERRNO_REASONS:
        return _ERRNO_REASONS[error.errno]
    if error.strerror:
        return error.strerror[0].lower() + error.strerror[1:]
    return str(error) or type(error).__name__


#: One MB as --max-report-mb counts it (the pipeline multiplies by 1024 * 1024).
MB = 1024 * 1024


def megabytes(size: int) -> str:
    """A size in MB (of 1024 * 1024 bytes) for messages: "52.4 MB", "10 MB", "0.2 MB"."""
    text = f"{size / MB:.1f}"
    return (text[:-2] if text.endswith(".0") else text) + " MB"


# How many problems of one kind keep their file and line (the rest are counted): a feed of a million bad
# lines once kept every one, passed 4.7 GB and wrote a 120 MB run.json.
EXAMPLES_PER_KIND = 20
# Kinds beyond this many are counted together as "other" (a kind is a reason without its numbers).
MAX_KINDS = 200
# Beyond its kind's examples, the first problem of each file is kept too, for this many files: a second
# feed of the same bad lines was only counted, never named (the hostile corpus's million.jsonl).
MAX_FILES_NAMED = 1000
_NUMBERS = re.compile(r"\d+(?:\.\d+)?")


def problem_kind(reason: str) -> str:
    """The kind of a problem, for counting: its reason up to the first colon, numbers as N
    ("malformed JSON at line N", "record N (http")."""
    return _NUMBERS.sub("N", reason.split(":", 1)[0]).strip()[:120] or "unknown"


class ProblemLog(list):  # type: ignore[type-arg]
    """Problems counted by kind, with the first EXAMPLES_PER_KIND of each kind kept, and the first of
    each file (up to MAX_FILES_NAMED files): memory and run.json stay small however many lines are bad,
    and every file with a problem is named. It is the list of the examples kept; `total` counts all."""

    def __init__(self, items: Iterable[Any] = ()) -> None:
        super().__init__()
        self.total = 0
        self.counts: Counter[str] = Counter()
        self._files: set[str] = set()
        for item in items:
            self.append(item)

    def append(self, item: Any) -> None:
        kind = problem_kind(item.reason)
        if kind not in self.counts and len(self.counts) >= MAX_KINDS:
            kind = "other"
        self.total += 1
        self.counts[kind] += 1
        file = item.source.split("#", 1)[0]  # a feed item's source is FILE#N
        new_file = file not in self._files and len(self._files) < MAX_FILES_NAMED
        if new_file:
            self._files.add(file)
        if self.counts[kind] <= EXAMPLES_PER_KIND or new_file:
            super().append(item)

    def extend(self, items: Iterable[Any]) -> None:
        for item in items:
            self.append(item)

    def __iadd__(self, items: Iterable[Any]) -> ProblemLog:  # type: ignore[override]
        self.extend(items)
        return self

    @property
    def left_out(self) -> int:
        return self.total - len(self)
