"""Metadata from the text of a report: stated publication date, byline, outlet, reference date.

These are small pure functions over lines of text. HTML pages get most of their metadata from markup
(see html.py); these cues fill in for plain-text dumps and for pages whose markup says nothing.
"""

from __future__ import annotations

import html as html_module
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources
from urllib.parse import parse_qs, urlsplit

from armswatch.clean.dates import (
    MONTHS,
    NAMED_YEAR,
    WEEKDAYS,
    find_dates,
    first_weekday,
    resolve_dates,
    resolve_dates_with_source,
)

# A line that states when this report was published: "Published November 10, 2023", "Posted on ...",
# "date 2023-10-26", "First published: ...". "Updated" is left out: on a dump it as often dates a
# teaser of another story as this one.
_PUBLISHED_CUE = re.compile(
    r"^\W*(?:first\s+)?(?:published|posted|date|dated|publication date|released)\b\s*(?:on|in\b[^,]*,)?\s*:?",
    re.IGNORECASE,
)
# "Published in The Ledger, May 3rd, 2024": a line of its own that names the outlet before a date or nothing.
_PUBLISHED_IN = re.compile(
    r"(?i:(?:first )?published (?:in|by)) (?:the )?(?P<outlet>[A-Z][\w&'.-]*(?: [A-Z][\w&'.-]*){0,4})"
    r"\s*(?:[,|–-]\s*.{0,40}\d{4}\W*)?$"
)
_BYLINE = re.compile(
    r"^\s*(?:(?:written |words |reporting |story )?by|author|reporter|posted (?:on|at) [^|]{4,40}? by)"
    r"[:\s]+(?P<who>[A-Za-z][\w.'’-]*(?:[ \t]+(?:and[ \t]+)?[A-Za-z][\w.'’-]*){0,5})"
    r"\s*(?:[(\[<]?\s*(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)\s*[)\]>]?)?\s*(?:[|,•·–-].*)?$",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"\b[\w.+-]+@(?P<domain>[\w-]+(?:\.[\w-]+)+)\b")
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:\d{4}\s*[-–]?\s*(?:\d{4})?\s*)?(?P<owner>[A-Z][^.|,;\n]{1,60})",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z][\w'’-]*")


@dataclass(frozen=True)
class Outlet:
    name: str
    names: tuple[str, ...]
    domains: tuple[str, ...]


@cache
def outlets() -> tuple[tuple[Outlet, ...], dict[str, Outlet], dict[str, Outlet]]:
    """The outlet lexicon: (all, by lower-cased name or alias, by domain)."""
    text = resources.files("armswatch.clean").joinpath("data/outlets.tsv").read_text(encoding="utf-8")
    rows = [r for r in text.splitlines() if r and not r.startswith("#")][1:]
    all_: list[Outlet] = []
    by_name: dict[str, Outlet] = {}
    by_domain: dict[str, Outlet] = {}
    for row in rows:
        name, aliases, domains = (row.split("\t") + ["", ""])[:3]
        o = Outlet(name, (name, *filter(None, aliases.split(";"))), tuple(filter(None, domains.split(";"))))
        all_.append(o)
        for n in o.names:
            by_name.setdefault(_norm(n), o)
        for d in o.domains:
            by_domain[d.lower()] = o
    return tuple(all_), by_name, by_domain


def _norm(s: str) -> str:
    s = re.sub(r"[^\w\s]", " ", s.casefold())
    s = re.sub(r"\s+", " ", s).strip()
    return s[4:] if s.startswith("the ") else s


def outlet_by_name(name: str) -> str | None:
    o = outlets()[1].get(_norm(name))
    return o.name if o else None


def outlet_by_domain(domain_or_url: str) -> str | None:
    """The outlet whose web domain `domain_or_url` is or ends in (e-mail domains and URLs alike)."""
    host = re.sub(r"^[a-z]+://", "", domain_or_url.lower()).split("/")[0].split("@")[-1].split(":")[0]
    by_domain = outlets()[2]
    parts = host.split(".")
    for i in range(len(parts) - 1):
        hit = by_domain.get(".".join(parts[i:]))
        if hit:
            return hit.name
    return None


def stated_published(lines: list[str], body_first: int, body_last: int) -> str | None:
    """The publication date a dump states: a cue line ("Published ...", "date ...") anywhere, or a line
    that is only a date between the top of the page and the body's start."""
    for i, line in enumerate(lines):
        cue = _PUBLISHED_CUE.match(line)
        near = i <= body_first or i > body_last
        if cue and near or (i < body_first and _only_a_date(line)):
            rest = line[cue.end() :] if cue else line
            dated = [d for d, _ in resolve_dates(rest, numeric=bool(cue)) if _.year]
            if dated:
                return dated[0].isoformat()
    return None


def _only_a_date(line: str) -> bool:
    found = find_dates(line)
    if len(found) != 1 or found[0].year is None:
        return False
    rest = line[: found[0].start] + line[found[0].end :]
    return len(_WORD.findall(rest)) <= 2


def byline(lines: list[str]) -> tuple[str | None, str | None]:
    """(author, e-mail domain) from the first "By ..." line: a short line whose words after "By" are
    capitalised like a name ("By Thursday, officials ..." is prose, not a byline)."""
    for line in lines:
        if len(line) > 120:
            continue
        m = _BYLINE.match(line)
        if not m or not _looks_like_names(m.group("who")):
            continue
        who = m.group("who").strip(" .")
        if who.isupper() or who.islower():
            who = " ".join(w.capitalize() if w.lower() != "and" else "and" for w in who.split())
        email = m.group("email") or (_EMAIL.search(line).group(0) if _EMAIL.search(line) else None)
        return who, email.split("@")[1] if email else None
    return None, None


_NAME_PARTICLES = frozenset({"and", "de", "van", "von", "der", "bin", "al", "el", "da", "di", "la", "le"})


def _looks_like_names(text: str) -> bool:
    words = text.split()
    return (
        bool(words)
        and all(w[0].isupper() or w.lower() in _NAME_PARTICLES for w in words)
        and not any(w.lower().strip(",.") in _WEEKDAY_AND_MONTH_WORDS for w in words)
    )


# Words that follow "By" in prose, not in bylines ("By Thursday, ...", "By March, ...", "By then").
_WEEKDAY_AND_MONTH_WORDS = frozenset(WEEKDAYS) | {m for m in MONTHS if len(m) > 3} | {"then", "now"}


def find_outlet(
    lines: list[str],
    body_first: int,
    body_last: int,
    author: str | None = None,
    email_domain: str | None = None,
) -> str | None:
    """The outlet, from the strongest cue found: a line "Published in X, <date>", an agency byline, the
    author's e-mail domain, a page line that is only a known outlet's name or names it beside a copyright
    sign, a known outlet named (capitalised as it writes itself) in the page's furniture."""
    for line in lines:
        m = _PUBLISHED_IN.match(line.strip())
        if m:
            return outlet_by_name(m.group("outlet")) or m.group("outlet").strip()
    if author and outlet_by_name(author):
        return outlet_by_name(author)
    if email_domain and outlet_by_domain(email_domain):
        return outlet_by_domain(email_domain)
    furniture = [line for i, line in enumerate(lines) if not body_first <= i <= body_last]
    for line in furniture:
        stripped = line.strip()
        if 0 < len(stripped) <= 60 and outlet_by_name(stripped):
            return outlet_by_name(stripped)
        m = _COPYRIGHT.search(line)
        if m:
            owner = re.sub(
                r"\b(?:all rights reserved|inc|ltd|llc)\b.*$", "", m.group("owner"), flags=re.I
            ).strip()
            return outlet_by_name(owner) or owner or None
        for domain in _EMAIL.findall(line):
            if outlet_by_domain(domain):
                return outlet_by_domain(domain)
    # A known outlet named in a furniture line ("sign in to comment on The Ledger Review"), written with the
    # capitals of its name so that "a national headache" does not name The National.
    for line in furniture:
        if len(line) > 200:
            continue
        for o in outlets()[0]:
            for n in o.names:
                bare = n[4:] if n.startswith("The ") else n
                if (
                    len(bare) >= 6
                    and " " in bare
                    and re.search(rf"(?<![\w-]){re.escape(bare)}(?![\w-])", line)
                ):
                    return o.name
    return None


#: How `reference_date_basis` begins for a report whose text gives no date at all. The pipeline
#: dates such reports from their collection, again on every run (the collection grows), so the
#: prefix must survive whatever the basis says next.
UNDATED_BASIS = "no date in the text"


@dataclass(frozen=True)
class ReferenceDate:
    value: str
    inferred: bool
    basis: str


#: Said of a reference date that rests on a written day whose year the text gave only as a background
#: year ("Oct. 7" beside "in late 2015"): the collection may date it better (`pipeline`).
NAMED_YEAR_BASIS = "its year one the text names"
#: Opens the basis of a reference date taken from another report that carries the same quotation.
QUOTED_BASIS = "a report carrying the same quotation"
#: Said of a reference date that rests only on days the text writes as the start of a period ("sanctions
#: in force since its first test on October 9, 2006"): the report is of some day after it, which the
#: collection may tell (`pipeline`).
SINCE_BASIS = "the start of a period it names"
# "since" opening the phrase a written day is in ("since its first nuclear test on October 9, 2006"):
# within the same sentence, a few words before the day
_SINCE_BEFORE = re.compile(r"\bsince\b[^.!?;\n]{0,60}$", re.IGNORECASE)


def _starts_a_period(text: str, start: int) -> bool:
    """The day written at `start` is what a "since" phrase counts from, a bound the report lies after."""
    return bool(_SINCE_BEFORE.search(" ".join(text[max(0, start - 80) : start].split())))


def infer_reference_date(
    published: str | None, text: str, lead: str, year_hint: int | None = None, near: date | None = None
) -> ReferenceDate | None:
    """The date relative expressions are resolved against.

    `published` when known; else the latest written date of the article (captions included), moved
    forward to the weekday its lead names for the main event ("said Saturday"), since reports name the
    day of their news and look back on earlier dates; else None: the text alone cannot date the report,
    and the day of the run would be a silent guess (the pipeline dates it from its collection).
    `near`: a day the report is known to be of or after (another report carrying the same statement);
    written days without a year take the year nearest before it, and the report is no older than it."""
    if published:
        return ReferenceDate(published, False, "published")
    found = resolve_dates_with_source(text, year_hint, near_before=near)
    dated: list[tuple[date, str]] = [(day, source) for day, _, source in found]
    # a day a "since" phrase counts from is a bound, not the report's news: another written day, or a
    # report of the collection quoting the same words (`pipeline`), dates it better
    told = [(day, source) for day, f, source in found if not _starts_a_period(text, f.start)]
    since = bool(dated) and (not told or max(told) < max(dated)) and near is None
    dated = dated if since else told or dated
    if near is not None:
        dated.append((near, "quotation"))
    if not dated:
        return None
    latest, source = max(dated)
    said = latest.isoformat() + (f", {NAMED_YEAR_BASIS}" if source == NAMED_YEAR else "")
    said += f", {SINCE_BASIS}" if since else ""
    what = QUOTED_BASIS if source == "quotation" else "latest date in the text"
    weekday = first_weekday(lead)
    if weekday is None:
        return ReferenceDate(latest.isoformat(), True, f"{what} ({said})")
    moved = latest + timedelta(days=(weekday - latest.weekday()) % 7)
    return ReferenceDate(
        moved.isoformat(), True, f"{what} ({said}) moved to the {moved.strftime('%A')} the lead names"
    )


# ---- what a file states about itself: titles, source lines, dates in URLs --------------------------

# A title's label or Markdown marker: "Title: ...", "Headline - ...", "# ...".
_TITLE_LABEL = re.compile(r"^\s*(?:#{1,6}\s+|(?:title|headline|subject)\s*[:：]\s*)", re.IGNORECASE)
# A bullet or a summary highlight is never the headline.
_BULLET = re.compile(r"^\s*(?:[•·▪►●○◦■□✓✔*]|[-–—]\s|@highlight\b|\d{1,2}[.)]\s)")
# A photo caption: a credit at its end or a label at its start.
_CAPTION = re.compile(
    r"(?:^\s*(?:photo|image|picture|file photo|pictured|caption)\b\s*[:|-]"
    r"|(?:\(|\b)(?:photo|image|picture)s?\s*(?:credit\s*)?[:/]\s*[\w .,'&-]{2,60}\)?\s*$"
    r"|\b(?:getty images|ap photo|afp(?: photo)?|reuters)\s*/\s*[\w .'-]{2,40}\)?\s*$"
    r"|\bREUTERS/[A-Z][\w .'-]+\s*$)",
    re.IGNORECASE,
)
# Separators between a headline and the site's name: "Headline | CNN", "Headline - The Ledger".
_TITLE_SEPARATOR = re.compile(r"\s+(?:\||–|—|-|::|•|·|»)\s+")
_MAX_SITE_WORDS = 5


def clean_title(title: str | None, site: str | None = None) -> tuple[str | None, str | None]:
    """(the headline, the outlet its site-name part names) from a title as a file states it.

    Labels and Markdown markers go ("Title: X", "# X"); a bullet or a photo caption is no title (None);
    a site name before or after a separator goes when it is a known outlet, the page's own site name,
    or (after a pipe, the separator sites use for their name) a short name beside a longer headline.
    """
    if not title:
        return None, None
    text = " ".join(html_module.unescape(title).split())
    text = _TITLE_LABEL.sub("", text).strip()
    if not text or _BULLET.match(text) or _CAPTION.search(text):
        return None, None
    parts = _TITLE_SEPARATOR.split(text)
    separators = _TITLE_SEPARATOR.findall(text)
    if len(parts) >= 2:
        for site_part, rest, sep in ((parts[-1], text[: text.rfind(separators[-1])], separators[-1]),
                                     (parts[0], text[text.find(separators[0]) + len(separators[0]):],
                                      separators[0])):
            name = _site_name(site_part, rest, sep.strip(), site)
            if name:
                return rest.strip(), name
    return text, None


def _site_name(part: str, rest: str, separator: str, site: str | None) -> str | None:
    words = part.split()
    if not words or len(words) > _MAX_SITE_WORDS or len(rest.split()) < 3:
        return None
    known = outlet_by_name(part)
    if known:
        return known
    # "CNN Business", "CNN Politics": a desk of a known outlet keeps its own name.
    for size in range(len(words) - 1, 0, -1):
        if outlet_by_name(" ".join(words[:size])):
            return part
    if site and _norm(part) == _norm(site):
        return site
    if separator == "|" and all(w[:1].isupper() or not w[:1].isalpha() for w in words):
        return part
    return None


# "Source: https://...", "Src: AP", "来源：[url](url)", "Via: The Ledger", "Originally published at ...".
_SOURCE_LINE = re.compile(
    r"^[\s>*_]*(?:source|src|via|original(?:ly published)?(?: (?:at|in|on))?|read (?:more|the original) at|"
    r"quelle|fuente|fonte|источник|来源|來源|出处|出處)\s*[:：]\s*(?P<value>.+?)\s*$",
    re.IGNORECASE,
)
_URL_IN_TEXT = re.compile(r"https?://[^\s\])>\"'<]+")
# How far from the top (or the bottom) of a text a source line is looked for.
_SOURCE_LINE_REACH = 12


def source_line(lines: list[str]) -> tuple[str | None, str | None]:
    """(url, outlet) a "Source:" line near the top or the end of a text states."""
    reach = lines[:_SOURCE_LINE_REACH] + lines[-_SOURCE_LINE_REACH // 2 :]
    for line in reach:
        if len(line) > 400:
            continue
        m = _SOURCE_LINE.match(line)
        if not m:
            continue
        value = m.group("value")
        url = _URL_IN_TEXT.search(value)
        if url:
            return unwrap_redirect(url.group(0).rstrip(".,;")), None
        name = value.strip(" .()[]")
        if 0 < len(name.split()) <= _MAX_SITE_WORDS:
            return None, outlet_by_name(name) or name
    return None, None


_REDIRECT_PARAMS = ("url", "u", "q", "target", "dest", "destination", "redirect")


def unwrap_redirect(url: str) -> str:
    """The address a redirect link (a news aggregator's or a mail filter's) points to, else the link."""
    try:
        parts = urlsplit(html_module.unescape(url))
    except ValueError:  # "http://[::1": a bracket that opens no IPv6 address (the fuzzer's find)
        return url
    for key, values in parse_qs(parts.query).items():
        if key.lower() in _REDIRECT_PARAMS:
            for value in values:
                if value.startswith(("http://", "https://")):
                    return value
    return url


_URL_DATE = (
    re.compile(r"/((?:19|20)\d\d)[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?=[/_-]|$|\b)"),
    re.compile(r"/((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=[/_-]|$)"),
)


def url_date(url: str | None) -> str | None:
    """YYYY-MM-DD a URL's path states (/2024/01/11/, /2024-01-11-, /20240111/), else None."""
    if not url:
        return None
    try:
        path = urlsplit(url).path
    except ValueError:  # an unclosed "[" in the host
        return None
    for pattern in _URL_DATE:
        m = pattern.search(path)
        if m:
            try:
                return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
            except ValueError:
                continue
    return None
