"""From one RawReport to one Article."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date

from armswatch.clean.dump import clean_dump, headline_without_tag
from armswatch.clean.html import extract_html, html_to_dump
from armswatch.clean.metadata import (
    UNDATED_BASIS,
    ReferenceDate,
    byline,
    clean_title,
    find_outlet,
    infer_reference_date,
    outlet_by_domain,
    outlet_by_name,
    source_line,
    stated_published,
    unwrap_redirect,
    url_date,
)
from armswatch.clean.models import Article
from armswatch.read.decode import undo_mojibake
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


class _Chosen:
    """The first value found for each metadata field, and which field of the file it came from."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}
        self.basis: dict[str, str] = {}

    def offer(self, field: str, value: str | None, basis: str) -> None:
        if value and field not in self.values:
            self.values[field], self.basis[field] = value, basis

    def get(self, field: str) -> str | None:
        return self.values.get(field)


def clean_report(raw: RawReport, options: CleanOptions | None = None) -> Article:
    """Clean one report and gather its metadata from what the file states, before any inference:
    the container's (front matter, feed keys, PDF/Word properties, wire tags), then the markup's, then
    cue lines of the text ("Published ...", "Source: ...", a byline), then the URL's path and domain.
    `metadata_basis` records which field each value came from."""
    options = options or CleanOptions()
    meta = raw.meta
    chosen = _Chosen()
    titles: list[tuple[str, str]] = []
    if meta.get("title"):
        titles.append((meta["title"], meta.get("title_from", "container metadata title")))
    chosen.offer("published", _day(meta.get("published")),
                 meta.get("published_from", "container metadata date"))
    for field in ("author", "outlet", "url"):
        chosen.offer(field, meta.get(field), meta.get(f"{field}_from", f"container metadata {field}"))
    url_in = chosen.get("url")

    if raw.form == "html":
        found = extract_html(raw.text, url_in)
        # Mojibake written as character references ("caf&Atilde;&copy;") shows only once they are resolved.
        found.body, found.title = undo_mojibake(found.body), found.title and undo_mojibake(found.title)
        if found.title:
            titles.append((found.title, "HTML title markup"))
        chosen.offer("published", _day(found.published), "HTML date markup (htmldate and meta tags)")
        chosen.offer("author", found.author, "HTML author markup")
        if found.outlet and _is_host(found.outlet):
            # A "site name" that is a host name (trafilatura's guess from the URL) names an outlet only
            # through the lexicon of domains.
            chosen.offer("outlet", outlet_by_domain(found.outlet), "HTML site name (a known domain)")
        elif found.outlet:
            chosen.offer("outlet", outlet_by_name(found.outlet) or found.outlet, "HTML site name")
        if found.url and found.url != url_in:
            chosen.offer("url", found.url, "HTML <link rel=canonical> or og:url")
        if len(found.body.split()) >= MIN_HTML_BODY_WORDS:
            body, lines, first, last = found.body, found.body.split("\n"), 0, -1
        else:
            visible = html_to_dump(raw.text)
            body, lines, first, last, dump_title = _clean_text(visible)
            if dump_title:
                titles.append((dump_title, "headline line of the page's text"))
            if raw.is_article and not body.strip():
                # A feed's text field that holds markup is still the article: its visible text is
                # kept whole rather than lose the item to the page-furniture model.
                body, lines, first, last = _article_text(visible)
    elif raw.form == "markdown":
        body = raw.text.strip()
        lines, first, last = body.split("\n"), 0, len(body.split("\n")) - 1
        heading = _markdown_heading(raw)
        if heading:
            titles.append((heading, "Markdown heading"))
    elif raw.is_article:
        # A feed item's text is already the article: kept whole, one paragraph per line.
        body, lines, first, last = _article_text(raw.text)
    else:
        body, lines, first, last, dump_title = _clean_text(raw.text)
        if dump_title:
            titles.append((dump_title, "headline line of the page's text"))

    source_url, source_outlet = source_line(lines)
    chosen.offer("outlet", source_outlet, "'Source:' line")
    chosen.offer("url", source_url, "'Source:' line")
    title = None
    for candidate, basis in titles:
        title, title_outlet = clean_title(candidate, chosen.get("outlet"))
        if title:
            title = undo_mojibake(title)  # a title's character references resolved ("Caf&Atilde;&copy;")
            chosen.offer("title", title, basis)
            chosen.offer("outlet", title_outlet, f"site name in the title ({basis})")
            break
    by_author, email_domain = byline(lines)
    if by_author and not outlet_by_name(by_author):
        chosen.offer("author", by_author, "byline line")
    if raw.form in ("text", "markdown") and not raw.is_article or raw.form == "markdown":
        # A dump's or a post's "Published ..." line; markdown posts put it under the heading.
        markdown = raw.form == "markdown"
        top, end = (min(len(lines) - 1, _STAMP_REACH), len(lines)) if markdown else (first, last)
        chosen.offer("published", stated_published(lines, top, end), "'Published/Posted' line")
    url = chosen.get("url")
    if url:
        # An aggregator's redirect (news.google.com/...&url=...) stands for the article it points to.
        url = chosen.values["url"] = unwrap_redirect(url)
    chosen.offer("published", url_date(url), "date in the URL path")
    chosen.offer(
        "outlet",
        find_outlet(lines, first, last if last >= 0 else len(lines), by_author, email_domain),
        "outlet named in the page's text",
    )
    if url:
        chosen.offer("outlet", outlet_by_domain(url), "the URL's domain")
    published = chosen.get("published")
    # Dates of the article proper: the body and what sits between the top of the page and the body's
    # end (captions, datelines), not the teasers of other stories after it.
    article_text = "\n".join(lines[: last + 1]) if last >= 0 else body
    lead = "\n".join(p for p in body.split("\n")[:4])
    ref = infer_reference_date(published, article_text, lead, options.year_hint) or _undated(raw)
    return Article(
        id=raw.id,
        source=raw.source,
        title=chosen.get("title"),
        published=published,
        reference_date=ref.value,
        reference_date_inferred=ref.inferred,
        reference_date_basis=ref.basis,
        outlet=chosen.get("outlet"),
        author=chosen.get("author"),
        body=body,
        content_sha256=hashlib.sha256(raw.raw).hexdigest(),
        form=raw.form,
        url=url,
        metadata_basis=dict(chosen.basis),
        pages=_pages(raw, body),
    )


_HOST = re.compile(r"^(?:[a-z0-9-]+\.)+[a-z]{2,}$", re.IGNORECASE)


def _is_host(name: str) -> bool:
    return _HOST.match(name.strip()) is not None


# How many lines under a post's heading may hold its "Published ..." stamp.
_STAMP_REACH = 6
_MD_HEADING = re.compile(r"^[ ]{0,3}#[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
# A Setext level-1 heading: the title's line underlined with "=" (hand-written Markdown's habit).
_MD_SETEXT = re.compile(r"^[ ]{0,3}(\S[^\n]*?)[ \t]*\n[ ]{0,3}=+[ \t]*$", re.MULTILINE)


def _markdown_heading(raw: RawReport) -> str | None:
    """The first level-1 heading (ATX "# ..." or Setext, underlined with "=") of a Markdown report's
    source (its text was made plain)."""
    try:
        source = raw.raw.decode("utf-8", errors="replace")
    except Exception:  # raw is bytes; a defensive guard for feed items whose raw is JSON
        return None
    found = [m for m in (_MD_HEADING.search(source[:20000]), _MD_SETEXT.search(source[:20000])) if m]
    return min(found, key=lambda m: m.start()).group(1).strip() if found else None


def _pages(raw: RawReport, body: str) -> list[tuple[int, int, str]]:
    """(page number, offset in body, label) for a paged report whose body kept its lines one for one."""
    if "pages" not in raw.meta:
        return []
    try:
        entries = json.loads(raw.meta["pages"])
    except ValueError:
        return []
    starts = [0]
    for line in body.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    return [(int(page), starts[int(index)], str(label)) for index, page, label in entries
            if 0 <= int(index) < len(starts) - 1]


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
    # the headline line itself is what the dump cleaner dropped from the body; the title shown is without
    # a short tag after a dash (dump.headline_without_tag)
    title = headline_without_tag(cleaned.title) if cleaned.title else None
    return cleaned.body, lines, first, last, title


def _article_text(text: str) -> tuple[str, list[str], int, int]:
    """Body, lines, first and last line of a text that is all article: every non-blank line kept."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    return "\n".join(lines), lines, 0, len(lines) - 1


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
