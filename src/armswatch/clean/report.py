"""From one RawReport to one Article."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date

from armswatch.clean.dump import clean_dump
from armswatch.clean.html import extract_html, html_to_dump
from armswatch.clean.metadata import (
    UNDATED_BASIS,
    ReferenceDate,
    byline,
    find_outlet,
    infer_reference_date,
    outlet_by_domain,
    outlet_by_name,
    stated_published,
)
from armswatch.clean.models import Article
from armswatch.read.models import RawReport

# An HTML extraction shorter than this is taken as "found nothing" and the page's visible text goes
# through the dump cleaner instead. 25 words: below the shortest gold article in wcxb-dev (150 words),
# above what trafilatura returns for cookie walls and index pages.
MIN_HTML_BODY_WORDS = 25

_ISO_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})")


@dataclass(frozen=True)
class CleanOptions:
    """What the run knows beyond the report: a year for dates written without one."""

    year_hint: int | None = None


def clean_report(raw: RawReport, options: CleanOptions | None = None) -> Article:
    """Clean one report and gather its metadata: container metadata first, then markup, then text cues."""
    options = options or CleanOptions()
    meta = raw.meta
    title = meta.get("title")
    published = _day(meta.get("published"))
    author = meta.get("author")
    outlet = meta.get("outlet")
    url = meta.get("url")

    if raw.form == "html":
        found = extract_html(raw.text, url)
        title = title or found.title
        published = published or _day(found.published)
        author = author or found.author
        outlet = outlet or (outlet_by_name(found.outlet) or found.outlet if found.outlet else None)
        url = url or found.url
        if len(found.body.split()) >= MIN_HTML_BODY_WORDS:
            body, lines, first, last = found.body, found.body.split("\n"), 0, -1
        else:
            visible = html_to_dump(raw.text)
            body, lines, first, last, dump_title = _clean_text(visible)
            title = title or dump_title
            if raw.is_article and not body.strip():
                # A feed's text field that holds markup is still the article: its visible text is
                # kept whole rather than lose the item to the page-furniture model.
                body, lines, first, last = _article_text(visible)
    elif raw.form == "markdown":
        body = raw.text.strip()
        lines, first, last = body.split("\n"), 0, len(body.split("\n")) - 1
        title = title or _markdown_title(body)
    elif raw.is_article:
        # A feed item's text is already the article: kept whole, one paragraph per line.
        body, lines, first, last = _article_text(raw.text)
    else:
        body, lines, first, last, dump_title = _clean_text(raw.text)
        title = title or dump_title

    by_author, email_domain = byline(lines)
    author = author or (by_author if by_author and not outlet_by_name(by_author) else None)
    published = published or (stated_published(lines, first, last) if raw.form == "text" else None)
    outlet = (
        outlet
        or find_outlet(lines, first, last if last >= 0 else len(lines), by_author, email_domain)
        or (outlet_by_domain(url) if url else None)
    )
    # Dates of the article proper: the body and what sits between the top of the page and the body's
    # end (captions, datelines), not the teasers of other stories after it.
    article_text = "\n".join(lines[: last + 1]) if last >= 0 else body
    lead = "\n".join(p for p in body.split("\n")[:4])
    ref = infer_reference_date(published, article_text, lead, options.year_hint) or _undated(raw)
    return Article(
        id=raw.id,
        source=raw.source,
        title=title.strip() if title else None,
        published=published,
        reference_date=ref.value,
        reference_date_inferred=ref.inferred,
        reference_date_basis=ref.basis,
        outlet=outlet,
        author=author,
        body=body,
        content_sha256=hashlib.sha256(raw.raw).hexdigest(),
        form=raw.form,
    )


def _undated(raw: RawReport) -> ReferenceDate:
    """A provisional date for a report whose text gives none: when its record was crawled or its file
    last saved. The pipeline replaces it with its collection's date wherever other reports are dated;
    the basis says which, and the run warns about it."""
    crawled = _day(raw.meta.get("crawled"))
    if crawled:
        return ReferenceDate(crawled, True, f"{UNDATED_BASIS}, nor in its collection: the day its record "
                             f"was crawled ({crawled})")
    if raw.saved_on:
        return ReferenceDate(raw.saved_on, True, f"{UNDATED_BASIS}, nor in its collection: the day its file "
                             f"was last modified ({raw.saved_on})")
    # Read from standard input, with nothing dated beside it: the day it was received is all there is.
    day = date.today().isoformat()
    return ReferenceDate(day, True, f"{UNDATED_BASIS}, nor in its collection: the day it was read ({day}); "
                         "give --date or --sidecar")


def _clean_text(text: str) -> tuple[str, list[str], int, int, str | None]:
    """Body, the dump's lines, the first and last kept line, and the headline, of a plain-text dump."""
    lines = text.split("\n")
    cleaned = clean_dump(text)
    kept = cleaned.kept_lines
    first, last = (kept[0], kept[-1]) if kept else (len(lines), -1)
    return cleaned.body, lines, first, last, cleaned.title


def _article_text(text: str) -> tuple[str, list[str], int, int]:
    """Body, lines, first and last line of a text that is all article: every non-blank line kept."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    return "\n".join(lines), lines, 0, len(lines) - 1


def _markdown_title(body: str) -> str | None:
    for line in body.split("\n"):
        if line.startswith("# "):
            return line[2:].strip()
    return None


def _day(value: str | None) -> str | None:
    """YYYY-MM-DD from a stated date, or None when it is not a full date."""
    if not value:
        return None
    m = _ISO_DAY.match(value.strip())
    if m:
        return m.group(1)
    import dateparser  # only for containers that state dates in free forms ("Tue, 10 Oct 2023")

    parsed = dateparser.parse(value, settings={"REQUIRE_PARTS": ["day", "month", "year"]})
    return parsed.date().isoformat() if parsed else None
