"""CNN/Daily Mail `.story` files: the article, then its summary as `@highlight` paragraphs.

The highlights are the summary, not the report's text (nor its headline): they are cut off, and the
article is kept whole but for what the form marks as no part of it. Daily Mail stories open with a
header run into the first paragraph ("By . NAME . PUBLISHED: . 10:04 EST, 5 May 2013 . | . UPDATED:
. ..." or "Last updated at 4:31 PM on 6th May 2012 ."): its byline and date go into the metadata and
the header out of the text. Their photo captions stand as paragraphs of their own, written as a short
label, a colon and a sentence with no full stop ("Seized: The container at the port"), beside
"Pictured: ..." lines and "Scroll down for video": those lines are left out of the article.
"""

from __future__ import annotations

import re

from armswatch.read.meta import normalise_date

_HIGHLIGHT = re.compile(r"^@highlight[ \t]*$", re.MULTILINE)

# The Daily Mail header, at the very start of the article: "By . " names, then a stamp or not.
_STAMP = (r"(?:PUBLISHED:\s*\.\s*(?P<published>[^|]{4,60}?)\s*\.\s*(?:\|\s*\.\s*UPDATED:\s*\.\s*"
          r"(?P<updated>.{4,60}?)\s*\.\s*)?|Last updated at (?P<last>.{4,60}?)\s*\.\s*)")
# A name part of the byline: no stop, no bar, and not the stamp that follows it.
_NAMES = r"(?:(?!PUBLISHED:|Last updated at)[^.|\n]){2,80}?"
_HEADER = re.compile(
    rf"\A\s*(?:By\s*\.\s*(?P<who>{_NAMES}(?:\s*\.\s*{_NAMES})?)\s*\.\s*)?{_STAMP}?"
)
# "09:12 EST, 3 March 2015" and "4:31 PM on 6th February 2012": the date after the time.
_TIME_PREFIX = re.compile(r"^\d{1,2}:\d{2}(?:\s*[AP]M)?(?:\s*[A-Z]{2,4})?\s*(?:,|\bon\b)\s*", re.IGNORECASE)
_MAX_BYLINE_WORDS = 8

_LABELLED = re.compile(
    r"^\s*(?:pictured|photo(?:graph)?s?|images?|pictures?|caption|video|watch|above|below|top|inset)"
    r"\s*(?:\([^)]{0,40}\))?\s*:", re.IGNORECASE)
_SCROLL = re.compile(r"^\s*(?:video\s*:?\s*)?scroll down for (?:the )?(?:videos?|more)\b.{0,40}$",
                     re.IGNORECASE)
# A caption: a short label and a colon, then text that starts like a sentence but ends without a full
# stop. Prose that ends in a colon's quotation ("He said: 'We will.'") ends with a stop or a quote.
_CAPTION = re.compile(r"^\s*(?P<label>[A-Z][^:.!?\n]{0,60}?)\s*:\s+(?P<text>[A-Z0-9].{10,})$")
_ENDS_SENTENCE = re.compile(r"[.!?…\"'”’)\]]\s*$")
_MAX_LABEL_WORDS = 6
# A label with a verb of saying ("He told reporters:") introduces speech, not a photo.
_SPEECH = frozenset({"said", "says", "added", "adds", "told", "tells", "explained", "insisted", "warned",
                     "stated", "wrote", "writes", "continued", "declared", "claimed", "replied", "asked",
                     "noted", "argued", "announced", "concluded", "admitted", "revealed", "reads", "read"})


def split_story(text: str) -> tuple[str, list[str]] | None:
    """(article, highlights) when the text is a .story (its last blocks are @highlight ones), else None."""
    first = _HIGHLIGHT.search(text)
    if first is None:
        return None
    article, rest = text[: first.start()], text[first.start():]
    highlights = [block.strip() for block in _HIGHLIGHT.split(rest) if block.strip()]
    return article, highlights


def story_article(article: str) -> tuple[str, dict[str, str]]:
    """(the article without the Daily Mail header and caption lines, the header's author and date)."""
    meta: dict[str, str] = {}
    header = _HEADER.match(article)
    if header and (header["who"] or _stamp(header)):
        who = " ".join((header["who"] or "").replace(" . ", " ").replace(".", " ").split())
        who = who.split(",")[0].strip()  # "NAME, Defence Correspondent"
        if who and len(who.split()) <= _MAX_BYLINE_WORDS:
            meta["author"], meta["author_from"] = who, "Daily Mail story header 'By .'"
        for key, label in (("published", "PUBLISHED"), ("updated", "UPDATED"), ("last", "Last updated at")):
            day = _header_day(header[key])
            if day:
                meta["published"], meta["published_from"] = day, f"Daily Mail story header '{label}'"
                break
        article = article[header.end():]
    kept = [line for line in article.split("\n") if not is_story_caption(line)]
    return "\n".join(kept), meta


def _stamp(header: re.Match[str]) -> bool:
    return any(header[key] for key in ("published", "updated", "last"))


def _header_day(value: str | None) -> str | None:
    if not value:
        return None
    day = normalise_date(_TIME_PREFIX.sub("", value.strip()))
    return day if day and re.match(r"^\d{4}-\d{2}-\d{2}$", day) else None


def is_story_caption(line: str) -> bool:
    """True for a .story line that is a photo caption or page furniture (see the module's comment)."""
    if not line.strip():
        return False
    if _LABELLED.match(line) or _SCROLL.match(line):
        return True
    caption = _CAPTION.match(line)
    if caption is None or _ENDS_SENTENCE.search(line):
        return False
    label = caption["label"].split()
    return len(label) <= _MAX_LABEL_WORDS and not any(word.lower().strip(",") in _SPEECH for word in label)
