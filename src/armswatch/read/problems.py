"""The internal exception that turns into a ReadProblem, and OS error wording."""

from __future__ import annotations

import errno

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
