"""Metadata headers that are not YAML front matter: "Key: value" blocks, Org-mode keywords and
reStructuredText field lists.

Static-site and note tools write a post's metadata as plain lines at the top of the file:
Pelican and MultiMarkdown as "Title: ...", "Date: 2015-03-02 10:20", "Author: ...", e-mail-like
saved texts as "Subject:"/"Date:"/"From:", Org-mode as "#+TITLE:"/"#+DATE: <2015-03-02 Mon>". Read
as prose, those lines became the title ("Title: ...") or a paragraph of keys. A header block is
only taken at the very top of the text, made of key lines alone (and indented continuations), ended
by a blank line, and its keys must be ones such tools write: a transcript's "Question:"/"Answer:" or
an "Update:" paragraph is never a header.
"""

from __future__ import annotations

import re

from armswatch.read.meta import canonical_key, meta_from_mapping, normalise_date

# Keys Pelican, MultiMarkdown, Jekyll-less blog exports and saved e-mails write (compared after
# canonical_key). A block is a header when most of its keys are here and one of them states metadata.
_METADATA_KEYS = frozenset({
    "title", "headline", "subject", "date", "published", "pubdate", "pub_date", "created",
    "modified", "updated", "author", "authors", "byline", "source", "url", "link", "permalink",
    "canonical", "canonical_url", "source_url", "original_url", "publisher", "outlet", "site",
})
_OTHER_KEYS = frozenset({
    "category", "categories", "tags", "tag", "keywords", "slug", "summary", "description", "excerpt",
    "lang", "language", "status", "template", "save_as", "translation", "type", "layout", "draft",
    "subtitle", "copyright", "format", "base_header_level", "css", "comment", "comments", "from", "to",
    "cc", "bcc", "sent", "importance", "id", "image", "cover", "thumbnail", "series", "section", "location",
    "email", "affiliation",
    "version", "options", "startup", "filetags", "setupfile", "html_head", "description_short",
})
_KEY_LINE = re.compile(
    r"^(?P<key>[A-Za-z][A-Za-z0-9_-]*(?:[ ][A-Za-z0-9_-]+){0,2})[ \t]*:[ \t]*(?P<value>.*)$")
_CONTINUATION = re.compile(r"^[ \t]+\S")
_ORG_KEYWORD = re.compile(r"^#\+(?P<key>[A-Za-z_][A-Za-z0-9_-]*):[ \t]*(?P<value>.*)$")
# An Org timestamp's brackets and weekday: "<2015-03-02 Mon 10:20>", "[2015-03-02 Mon]".
_ORG_TIMESTAMP = re.compile(
    r"^[<\[](\d{4}-\d{2}-\d{2})(?:[ \t]+[A-Za-z]{2,3}\.?)?([ \t]+\d{1,2}:\d{2})?[^>\]]*[>\]]")
# A header is a few lines; a longer run of "Key: value" lines is a table or a transcript.
_MAX_HEADER_LINES = 30
# Org markup in body lines: links "[[target][text]]" keep their text, "[[target]]" goes.
_ORG_LINK = re.compile(r"\[\[([^\]\n]{1,2000})\](?:\[([^\]\n]{0,2000})\])?\]")
_ORG_BLOCK_LINE = re.compile(r"^[ \t]*#\+(?:begin|end)_\w+.*$|^[ \t]*#\+\w+:.*$", re.IGNORECASE)
_ORG_DRAWER = re.compile(r"^[ \t]*:[A-Za-z_]+:[ \t]*$")
_ORG_HEADLINE = re.compile(r"^\*+[ \t]+(?:(?:TODO|DONE)[ \t]+)?(?P<text>.*?)(?:[ \t]+:[\w@#%:]+:)?[ \t]*$")
_ORG_COMMENT = re.compile(r"^[ \t]*#(?:[ \t].*)?$")

# "Ana Ruiz <ana@ledger.example>" or "\"Ruiz, Ana\" <...>": a sender's name (a bare address names nobody).
_SENDER = re.compile(r"^\s*\"?(?P<name>[^\"<>@\n]{2,80}?)\"?\s*<[^<>\s]+@[^<>\s]+>\s*$")
# The time after a sent date ("..., 2015 10:20 AM"), which the date formats do not read.
_SENT_DATE = re.compile(r"\s+(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AP]\.?M\.?)?\s*(?:[A-Z]{2,4})?\s*$",
                        re.IGNORECASE)
HEADER_WHERE = "'Key: value' header"
RST_WHERE = "reStructuredText field"
ORG_WHERE = "Org keyword"


def split_key_value_header(text: str) -> tuple[dict[str, str], str] | None:
    """(keys, the rest) when the text opens with a "Key: value" header block, else None."""
    lines = text.split("\n")
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    keys: dict[str, str] = {}
    order: list[str] = []
    end = start
    while end < len(lines) and lines[end].strip():
        line = lines[end]
        match = _KEY_LINE.match(line)
        if match:
            key = canonical_key(match["key"])
            order.append(key)
            keys.setdefault(key, match["value"].strip())
        elif order and _CONTINUATION.match(line):
            keys[order[-1]] = f"{keys[order[-1]]} {line.strip()}".strip()  # MultiMarkdown's wrapped value
        else:
            return None  # a line that is no key: prose, not a header
        end += 1
        if end - start > _MAX_HEADER_LINES:
            return None
    rest = "\n".join(lines[end:])
    if not order or not rest.strip() or end >= len(lines):
        return None  # a header ends with a blank line before the text
    if not _is_header(order):
        return None
    return keys, rest.lstrip("\n")


def _is_header(keys: list[str]) -> bool:
    known = [key for key in keys if key in _METADATA_KEYS or key in _OTHER_KEYS]
    stated = [key for key in keys if key in _METADATA_KEYS]
    # Every key of a one- or two-line block must be known; a longer block may carry a few own keys.
    return bool(stated) and (len(known) == len(keys) or len(keys) >= 3 and len(known) * 3 >= len(keys) * 2)


def split_org_keywords(text: str, name: str = "") -> tuple[dict[str, str], str] | None:
    """(keywords, the rest) when the text opens with Org-mode "#+KEY: value" lines, else None."""
    lines = text.split("\n")
    keys: dict[str, str] = {}
    index = 0
    while index < len(lines):
        line = lines[index]
        match = _ORG_KEYWORD.match(line)
        if match:
            keys.setdefault(canonical_key(match["key"]), match["value"].strip())
        elif line.strip() and not (keys and _ORG_COMMENT.match(line)):
            break
        index += 1
    if not keys or not (set(keys) & _METADATA_KEYS or name.lower().endswith(".org")):
        return None
    return keys, "\n".join(lines[index:])


# reStructuredText (Pelican's other form): a title underlined (and maybe overlined) with one punctuation
# character, then a field list ":date: 2015-03-02 10:20", ":authors: ...".
_RST_TITLE = re.compile(r"\A\s*(?:([=#*~^\"+`'-])\1{2,}[ \t]*\n)?[ \t]*(?P<title>\S[^\n]{0,300}?)[ \t]*\n"
                        r"(?P<under>[=#*~^\"+`'-])(?P=under){2,}[ \t]*(?:\n|\Z)")
_RST_FIELD = re.compile(r"^:(?P<key>[A-Za-z][A-Za-z0-9_ -]{0,30}):(?:[ \t]+(?P<value>.*))?$")


def split_rst_fields(text: str, name: str = "") -> tuple[dict[str, str], str] | None:
    """(fields, the rest) when a reStructuredText text opens with its title and a field list of
    metadata (Pelican's posts), else None. The underlined title comes as "heading" (a field may name
    the title instead)."""
    title = _RST_TITLE.match(text)
    rest = text[title.end():] if title else text
    lines = rest.split("\n")
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    keys: dict[str, str] = {}
    end = start
    while end < len(lines) and end - start <= _MAX_HEADER_LINES:
        field = _RST_FIELD.match(lines[end].strip())
        if field is None:
            break
        keys.setdefault(canonical_key(field["key"]), (field["value"] or "").strip())
        end += 1
    rst = name.lower().endswith((".rst", ".rest"))
    if not keys or not (set(keys) & _METADATA_KEYS) or not (rst or title):
        return None
    if title and "title" not in keys:
        keys["heading"] = title["title"]
    return keys, "\n".join(lines[end:])


def header_meta(keys: dict[str, str], where: str) -> dict[str, str]:
    """title, published, author, url, outlet (and each one's "_from") from a header's keys."""
    values: dict[str, str] = dict(keys)
    if "date" in values:
        values["date"] = _org_date(values["date"])
    meta = meta_from_mapping(values, where)
    if "title" not in meta and values.get("heading"):
        meta["title"] = " ".join(values["heading"].split())
        meta["title_from"] = "reStructuredText underlined title"
    if "title" not in meta and values.get("subject"):
        meta["title"], meta["title_from"] = " ".join(values["subject"].split()), f"{where} subject"
    # A message copied out of a mail client ("From: Ana Ruiz <ana@...>", "Sent: Monday, March 2, 2015
    # 10:20 AM"): its sender and when it was sent, as the e-mail reader takes them.
    sent = normalise_date(_SENT_DATE.sub("", values.get("sent", "")[:200].strip()))  # a date is short
    if "published" not in meta and sent and re.match(r"\d{4}-\d{2}-\d{2}$", sent):
        meta["published"], meta["published_from"] = sent, f"{where} sent"
    sender = _SENDER.match(values.get("from", "")[:300])
    if "author" not in meta and sender:
        meta["author"], meta["author_from"] = " ".join(sender["name"].split()), f"{where} from"
    return meta


def _org_date(value: str) -> str:
    match = _ORG_TIMESTAMP.match(value.strip())
    return f"{match[1]}{match[2] or ''}" if match else value


def org_to_plain(text: str) -> str:
    """Plain prose from an Org-mode body: one paragraph or headline per line, as Markdown is made.

    Lines of a paragraph (Org text is usually hard-wrapped) are joined with a space; headlines lose
    their stars and tags, links keep their text, block delimiters, keywords, drawers and comments go.
    """
    paragraphs: list[str] = []
    current: list[str] = []

    def close() -> None:
        if current:
            paragraphs.append(" ".join(current))
            current.clear()

    in_drawer = False
    for raw_line in text.split("\n"):
        line = raw_line.rstrip()
        if _ORG_DRAWER.match(line):
            in_drawer = line.strip().lower() != ":end:"
            continue
        if in_drawer or _ORG_BLOCK_LINE.match(line) or _ORG_COMMENT.match(line):
            continue
        if not line.strip():
            close()
            continue
        headline = _ORG_HEADLINE.match(line)
        if headline:
            close()
            paragraphs.append(headline["text"])
            continue
        if re.match(r"^[ \t]*(?:[-+]|\d+[.)])[ \t]+", line):
            close()  # a list item starts a line of its own
        current.append(_ORG_LINK.sub(lambda m: m[2] if m[2] is not None else "", line).strip())
    close()
    return "\n".join(p for p in (" ".join(p.split()) for p in paragraphs) if p)
