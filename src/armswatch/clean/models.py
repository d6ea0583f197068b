"""Plain data produced by the clean stage."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Article:
    """A report cleaned of page furniture, with its metadata: the dossier's Document."""

    id: str
    source: str
    title: str | None
    published: str | None  # YYYY-MM-DD, only when the report or its metadata states it
    reference_date: str  # YYYY-MM-DD, what relative dates are resolved against
    reference_date_inferred: bool
    outlet: str | None
    author: str | None
    body: str
    content_sha256: str
    form: str = "text"
    reference_date_basis: str = "published"  # how reference_date was found, for the analyst
    url: str | None = None  # the report's own address, as the file states it (canonical, og:url, Source:)
    # Which field of the file each metadata value came from ("front matter post_date", "og:url").
    metadata_basis: dict[str, str] = field(default_factory=dict)
    # For paged reports (PDF): (page number from 1, offset in body where it starts, printed label or "").
    pages: list[tuple[int, int, str]] = field(default_factory=list)
