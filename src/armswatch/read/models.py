"""Plain data produced by the read stage."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

#: How a report's text is encoded: a plain-text page dump, an HTML page, or Markdown.
TextForm = Literal["text", "html", "markdown"]


@dataclass(frozen=True)
class RawReport:
    """One report as read from its container, before any cleaning.

    `raw` is the exact bytes the report came as (for a feed item, the item's own bytes), and
    hashes to the document key; `text` is `raw` decoded (for a feed item, its `text` or `html`).
    `meta` holds what the container states about the report: title, published, author, url,
    outlet (from a feed item, Markdown front matter or WARC headers). Keys are absent when unknown.

    `is_article` is true when `text` is already the article, not a page to clean: a feed item's
    text field. The clean stage keeps all of it (it never runs the page-furniture model over it).
    `saved_on` is the day (YYYY-MM-DD) the file it came from was last modified, when it came from a
    file on disk: the last clue to when a report that writes no date was collected.
    """

    id: str
    source: str
    raw: bytes
    form: TextForm
    text: str
    meta: dict[str, str] = field(default_factory=dict)
    is_article: bool = False
    saved_on: str | None = None
    # What the reader had to work around and the analyst should know (lines re-decoded from another
    # encoding, unusable front matter cut off): reported by the run, the report is still read.
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReadProblem:
    """A report (or a whole file) that could not be read, and why; the run goes on without it."""

    source: str
    reason: str
    line: int | None = None
    # True for a problem worked around rather than a report skipped (a file's lines re-decoded).
    note: bool = False

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.reason}"
