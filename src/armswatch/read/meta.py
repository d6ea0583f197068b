"""What a container states about a report (front matter, feed keys, CSV columns) as RawReport.meta.

Keys out: title, published (YYYY-MM-DD when the value parses, else as given), author, url, outlet.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

# Names a key may have in the wild, compared lower-cased with "-" and " " read as "_".
META_ALIASES: dict[str, tuple[str, ...]] = {
    # WordPress exports (Jekyll's wordpress importer) write post_title and post_date.
    "title": ("title", "headline", "post_title"),
    # An update's date comes last: it dates the page only when nothing states its publication.
    "published": ("published", "date", "pubdate", "pub_date", "published_at", "publish_date",
                  "publication_date", "date_published", "datepublished", "published_date", "issued",
                  "post_date", "post_date_gmt", "created", "created_at", "updated", "updated_at", "modified",
                  "date_modified", "lastmod"),
    "author": ("author", "authors", "byline", "creator", "dc_creator", "writer"),
    # The original's address (canonical, source) before the address of this copy (permalink).
    "url": ("canonical_url", "canonical", "source_url", "original_url", "original_link", "url", "link",
            "permalink", "uri"),
    "outlet": ("outlet", "publisher", "site_name", "sitename", "site", "source_name", "source", "newspaper",
               "publication", "domain"),
}
_URL = re.compile(r"\Ahttps?://", re.IGNORECASE)
_ISO_PREFIX = re.compile(r"\A(\d{4})-(\d{2})-(\d{2})(?:[T ]|\Z)")
_TEXT_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%b. %d, %Y", "%Y/%m/%d", "%d.%m.%Y",
                 "%A, %B %d, %Y", "%a, %d %b %Y", "%B %d %Y")
# Numbers above these are Unix times in seconds (since 2001-09) or milliseconds.
_EPOCH_SECONDS_FROM = 1_000_000_000
_EPOCH_MILLIS_FROM = 1_000_000_000_000


def canonical_key(key: str) -> str:
    return key.strip().lower().replace("-", "_").replace(" ", "_").replace(":", "_")


# A title is a string or a short list of names: values nested deeper than this are no metadata (and a
# title nested 500 deep hit Python's recursion limit).
_MAX_VALUE_DEPTH = 8
# Metadata longer than this is not a title or a byline; cut so a hostile value cannot fill the store.
_MAX_VALUE_CHARS = 2000


def value_text(value: Any, _depth: int = 0) -> str | None:
    """A metadata value as one stripped string: lists joined by ", ", {name: ...} objects by name."""
    if _depth > _MAX_VALUE_DEPTH:
        return None
    text = _value_text(value, _depth)
    return text[:_MAX_VALUE_CHARS] if text else text


def _value_text(value: Any, _depth: int) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        text = " ".join(value.split())
        return text or None
    if isinstance(value, Mapping):
        for key in ("name", "title", "value", "@value", "url"):
            if key in value:
                return value_text(value[key], _depth + 1)
        return None
    if isinstance(value, list | tuple):
        parts = [part for part in (value_text(item, _depth + 1) for item in value[:100]) if part]
        return ", ".join(dict.fromkeys(parts)) or None
    return None


def normalise_date(value: Any) -> str | None:
    """YYYY-MM-DD for a date, datetime, ISO string, RFC 822 date, common written date or Unix time;
    the value as given when it does not parse; None when empty. A stated time zone is kept: the
    date is the local date the value states, not its UTC date.
    """
    if isinstance(value, datetime | date):
        return (value.date() if isinstance(value, datetime) else value).isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = value / 1000 if value >= _EPOCH_MILLIS_FROM else value
        if seconds >= _EPOCH_SECONDS_FROM:
            try:
                return datetime.fromtimestamp(seconds, tz=UTC).date().isoformat()
            except (ValueError, OverflowError, OSError):
                pass  # 1e15, 1e300, Infinity: past year 9999, kept as given rather than failing the report
        return str(value)
    text = value_text(value)
    if text is None:
        return None
    parsed = _parse_date_text(text)
    return parsed.isoformat() if parsed else text


def _parse_date_text(text: str) -> date | None:
    match = _ISO_PREFIX.match(text)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    if text.isdigit() and len(text) in (10, 13):
        seconds = int(text) / (1000 if len(text) == 13 else 1)
        try:
            return datetime.fromtimestamp(seconds, tz=UTC).date()
        except (ValueError, OverflowError, OSError):
            return None
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text)
    for pattern in _TEXT_FORMATS:
        try:
            return datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
    return None


def meta_from_mapping(values: Mapping[str, Any], where: str = "feed item") -> dict[str, str]:
    """title, published, author, url, outlet from a mapping whose keys use any of META_ALIASES, and for
    each the key it came from as "<field>_from" ("front matter post_date").

    A "source" that is a URL counts as the url, not the outlet. A date key whose value is no date
    (Jekyll's `published: true`) is passed over for the next.
    """
    by_key: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(key, str):
            by_key.setdefault(canonical_key(key), value)
    meta: dict[str, str] = {}
    for field, aliases in META_ALIASES.items():
        for alias in aliases:
            if alias not in by_key:
                continue
            raw = by_key[alias]
            text = normalise_date(raw) if field == "published" else value_text(raw)
            if not text:
                continue
            if field == "published" and not _ISO_PREFIX.match(text) and not any(c.isdigit() for c in text):
                continue
            if field == "url" and not _URL.match(text):
                continue
            if field == "outlet" and _URL.match(text):
                if "url" not in meta:
                    meta["url"], meta["url_from"] = text, f"{where} {alias}"
                continue
            meta[field], meta[f"{field}_from"] = text, f"{where} {alias}"
            break
    return meta
