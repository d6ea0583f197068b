"""Habits of agency copy that any container may carry (an SGML record, a NITF or NewsML item): paragraphs
marked by indenting their first line in hard-wrapped text, an editor's note and a byline on lines of their
own above the lede, and the desk's sign-off after the last paragraph.

Written by hand: these are conventions of wire desks (Reuters, AP, AAP, PA, AFP copy as the agencies send
it), not of web pages, so no extraction library knows them; each pattern is tested on lines of our own in
tests/test_formats.py.
"""

from __future__ import annotations

import re

# "    Jan 30 (Reuters) - Gold rose ..." after flush-left continuation lines: an indented line starts a
# paragraph. Tabs and two or more spaces, as the wires indent.
_INDENTED = re.compile(r"[ \t]{2,}\S")

# An editor's note on the first line of an updated story: "(Adds comments, detail)", "(Updates with
# ministry statement)", "(Corrects spelling of name in paragraph 3)".
_EDITOR_NOTE = re.compile(r"^\((?:adds|updates|recasts|corrects|changes|repeats|refiles|rewrites|releads"
                          r"|writes through|fixes|removes|inserts|clarifies|amends|moves|tops)\b[^()]*\)$",
                          re.IGNORECASE)

# "By Arpan Varghese", "By BERNARD CONDON", "By Jan de Vries and Ana Lima": a byline on a line of its own,
# a few capitalised words (particles allowed), nothing after the names.
_NAME = r"[A-Z][\w.'’-]*"
_PARTICLE = r"(?:de|da|del|der|van|von|al|el|bin|ibn|la|le|di|du|and|&)"
BYLINE_LINE = re.compile(rf"^by\s+({_NAME}(?:\s+(?:{_NAME}|{_PARTICLE})){{0,6}})\s*$", re.IGNORECASE)
_BYLINE_NAMES = re.compile(rf"^{_NAME}(?:\s+(?:{_NAME}|{_PARTICLE}))*$")

# The desk's sign-off, a line of its own after the story: "Reuter", "ends", "-0-", "###", "(END)", an
# agency's name alone in brackets ("(BusinessDesk)", "(AFP)"), or desk codes and operator initials
# ("AAP RTV ar", "gr/bp", "mk/jl").
_SIGN_OFF = re.compile(r"^(?:(?i:reuters?|ends?|\(end\))|-+0-+|#{3,}|\*{3,}"
                       r"|\([A-Z][\w&.-]*(?: [A-Z][\w&.-]*){0,2}\)"
                       r"|(?:[A-Z]{2,5} ){1,3}[a-z]{1,3}(?:/[a-z]{1,3})*"
                       r"|[a-z]{1,3}(?:/[a-z]{1,3})+)$")
_REUTER_TAIL = re.compile(r"\s+(?:Reuter|Reuters|REUTER)\W*$")
# A rule of underscores or dashes above a short note after the story (AP's "___" before "Online:", a
# writer's contact or a contributor's credit).
_RULE = re.compile(r"^[_\-–—=]{3,}$")
TAIL_NOTE_MAX_WORDS, TAIL_NOTE_MAX_PARAGRAPHS = 60, 2


# A wire lede's dateline: a place in capitals, then its date, the agency in brackets or both, then a dash
# ("PARIS, Jan 1 (AFP) - ", "HOUSTON, Feb 26 - ", "LOWPORT (HW) - ").
_DATELINE = re.compile(r"^[A-Z][A-Z.'’ -]{1,40}(?:, [A-Z][\w. ]{1,30})?"
                       r"(?:,? (?:[A-Z][a-z]{2,8}\.? \d{1,2}|\d{1,2} [A-Z][a-z]{2,8})(?: \([^()]{2,40}\))?"
                       r"| \([^()]{2,40}\)) ?[-–—]{1,2} ")
HEADLINE_MAX_WORDS = 14


def headline_line(paragraphs: list[str]) -> tuple[str | None, list[str]]:
    """A headline on a line of its own above a dateline lede, in copy whose record names no headline:
    a short first paragraph with no closing punctuation, the next one opening with a dateline."""
    if len(paragraphs) >= 2 and _DATELINE.match(paragraphs[1]):
        first = paragraphs[0].strip()
        if 0 < len(first.split()) <= HEADLINE_MAX_WORDS and first[-1] not in ".?!:;,":
            return first, paragraphs[1:]
    return None, paragraphs


def wire_paragraphs(text: str) -> list[str]:
    """The paragraphs of one block of copy, its lines joined with spaces.

    Blank lines always part paragraphs. An indented line starts one only where the copy mixes indented
    and flush-left lines (the wires' habit: the first line of a paragraph indented, the others not); a
    block whose every line is indented alike, as an XML pretty-printer leaves text, is one paragraph."""
    lines = text.split("\n")
    rest = [line for line in lines[1:] if line.strip()]  # the first line's indentation went with its tag
    indented = [bool(_INDENTED.match(line)) for line in rest]
    split_indented = any(indented) and not all(indented)
    paragraphs: list[list[str]] = [[]]
    for number, line in enumerate(lines):
        if not line.strip():
            paragraphs.append([])
            continue
        if number and split_indented and _INDENTED.match(line):
            paragraphs.append([])
        paragraphs[-1].append(line.strip())
    return [" ".join(" ".join(p).split()) for p in paragraphs if p]


def strip_wire_habits(paragraphs: list[str]) -> tuple[list[str], str | None]:
    """The paragraphs less an editor's note at the top, a byline line above the lede (its names returned),
    a sign-off at the end and a short note under a rule after the story; only lines standing alone, never
    text inside a paragraph."""
    out = list(paragraphs)
    if out and _EDITOR_NOTE.match(out[0]):
        out.pop(0)
    author = None
    for index, paragraph in enumerate(out[:6]):
        match = BYLINE_LINE.match(paragraph)
        if match and _BYLINE_NAMES.match(match.group(1)):
            author = match.group(1)
            del out[index]
            break
    while out and _SIGN_OFF.match(out[-1].strip()):
        out.pop()
    for index in range(max(1, len(out) - TAIL_NOTE_MAX_PARAGRAPHS - 1), len(out)):
        if _RULE.match(out[index]):
            note = out[index + 1:]
            words = sum(len(p.split()) for p in note)
            if len(note) <= TAIL_NOTE_MAX_PARAGRAPHS and words <= TAIL_NOTE_MAX_WORDS:
                del out[index:]
            break
    if out:  # Reuters' sign-off run on at the end of the last paragraph
        out[-1] = _REUTER_TAIL.sub("", out[-1]).strip()
        if not out[-1]:
            out.pop()
    return out, author
