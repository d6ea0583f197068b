"""Hard-wrapped text made flowing again: one paragraph per line, as every other reader gives.

E-mails, wire copy, saved notes and old archives break their sentences at a fixed width (72 or 80
characters), so a name can be cut over a line break ("Luis" / "Eduardo"). The rest of the pipeline
reads a line as a block of its own (the dump cleaner classifies lines, the parser starts a sentence
after a break), so such a text is unwrapped first. Whether a text is hard-wrapped is told from its
line lengths: most lines that run on into another end close to one right margin, because the next
word would not have fit; or, where lines were broken by hand or by a tool with no margin (a copy out
of a PDF, a damaged file), most lines that run on into another stop in the middle of a sentence. A
page dump (one block per line: menus, a headline, paragraphs hundreds of characters long) has neither
and is left alone.

A line break inside a paragraph becomes a space, so every character keeps its offset; after a word
cut at its hyphen the break goes ("anti-" / "ship" gives "anti-ship", "Franco-" / "American" gives
"Franco-American").
"""

from __future__ import annotations

import re

# Widths at which text is hard-wrapped: 40 (narrow columns) to 132 (line printers); a "margin" wider
# than that is the length of long paragraphs, not a wrap.
_MIN_WIDTH = 40
_MAX_WIDTH = 132
# Of the lines followed by another line of their block, this share must end at the margin.
_MIN_FULL_SHARE = 0.6
_MIN_FULL_LINES = 3
# Lines this far past the margin (URLs, tables) may be this share of all lines at most.
_OVER_MARGIN = 10
_MAX_OVER_SHARE = 0.05
_MIN_PROSE_WORDS = 4
_MIN_LOWER_SHARE = 0.4
# En and em dashes open wrapped lines of prose ("... all customers matter" / "— whatever the size"):
# they are no list markers.
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*•·▪]|\d{1,3}[.)]|[a-z][.)])[ \t]+")
_HYPHEN_END = re.compile(r"[A-Za-z]-$")
_SENTENCE_END = re.compile(r"[.!?:;\"'”’)\]]$")


def wrap_width(lines: list[str]) -> int | None:
    """The width a text was hard-wrapped at, or None when it is not hard-wrapped."""
    lengths = [len(line.rstrip()) for line in lines]
    inner = [i for i in range(len(lines) - 1) if lengths[i] and lengths[i + 1]]
    if len(inner) < _MIN_FULL_LINES:
        return None
    ordered = sorted(lengths[i] for i in inner)
    width = ordered[int(0.9 * (len(ordered) - 1))]  # the margin: a high quantile, robust to a URL or two
    if not _MIN_WIDTH <= width <= _MAX_WIDTH:
        return None
    full = sum(1 for i in inner if _fills(lines[i], lines[i + 1], width))
    written = [n for n in lengths if n]
    over = sum(1 for n in written if n > width + _OVER_MARGIN)
    if full < _MIN_FULL_LINES or full < _MIN_FULL_SHARE * len(inner) or over > _MAX_OVER_SHARE * len(written):
        return None
    return width


def broken_mid_sentence(lines: list[str]) -> bool:
    """True when most lines followed by another of their block stop in the middle of a sentence: the
    lines of a paragraph broken with no regular margin."""
    inner = [i for i in range(len(lines) - 1) if lines[i].strip() and lines[i + 1].strip()]
    if len(inner) < _MIN_FULL_LINES:
        return False
    ordered = sorted(len(lines[i].rstrip()) for i in inner)
    if ordered[int(0.9 * (len(ordered) - 1))] > _MAX_WIDTH:
        return False  # paragraphs one a line: a page dump, not a wrapped text
    mid = sum(1 for i in inner if _mid_sentence(lines[i]))
    # Prose broken anywhere goes on in lower case after most breaks (most words are); a page's runs of
    # menu items and headings start every line with a capital (none of the wcxb-dev dumps passes 0.3).
    lower = sum(1 for i in inner if lines[i + 1].lstrip()[:1].islower())
    return (mid >= _MIN_FULL_LINES and mid >= _MIN_FULL_SHARE * len(inner)
            and lower >= _MIN_LOWER_SHARE * len(inner))


def _mid_sentence(line: str) -> bool:
    """A line of prose (four words or more) that stops without ending its sentence."""
    return len(line.split()) >= _MIN_PROSE_WORDS and not _SENTENCE_END.search(line.rstrip())


def _fills(line: str, following: str, width: int) -> bool:
    """True when the next line's first word would not have fit on this line: the break is a wrap."""
    words = following.split()
    return bool(words) and len(line.rstrip()) + 1 + len(words[0]) > width


def unwrap(text: str) -> str:
    """The text with its hard-wrapped paragraphs joined (see the module's comment); else as it was."""
    if "\n" not in text:
        return text
    lines = text.split("\n")
    width = wrap_width(lines)
    if width is None and not broken_mid_sentence(lines):
        return text
    last = len(lines) - 1
    parts: list[str] = []
    for i, line in enumerate(lines):
        if i < last and _joins(line, lines[i + 1], width):
            if _HYPHEN_END.search(line.rstrip()) and lines[i + 1].lstrip()[:1].isalpha():
                parts.append(line.rstrip())  # a word cut at its hyphen is joined without a space
            else:
                parts.append(line + " ")
        else:
            parts.append(line if i == last else line + "\n")
    return "".join(parts)


def _joins(line: str, following: str, width: int | None) -> bool:
    if not line.strip() or not following.strip() or _LIST_ITEM.match(following):
        return False
    if following[:1] in " \t" and line[:1] not in " \t":
        return False  # an indented first line starts a paragraph
    if width is not None and _fills(line, following, width):
        return True
    # A break after no sentence's end, before a word in lower case or after a line of prose, goes on
    # with the sentence (a line cut short by a long word, or broken with no margin). A short line
    # without a full stop before a capital is a heading or a name, and keeps its break.
    if _SENTENCE_END.search(line.rstrip()):
        return False
    return following.lstrip()[:1].islower() or _mid_sentence(line)
