"""Short forms of several words: the end of a longer name the same report gives in full.

    link_name_tails(doc, cands, gaz)   (rewrites the entity ids of the linker's candidates in place)

"Bou Habib" after "Abdallah Bou Habib", "bin Laden" after "Osama bin Laden", "Central Command" after "US
Central Command": a report names a person or a body in full once and by the last words of the name after
that (a surname of two words, a body without its state). The one-word short forms ("Kirby" after "John
Kirby") are the linker's own (`linking._link_short_forms`); this is the same rule for a tail of two words or
more, which the small NER model tags as a name of its own.
"""

from __future__ import annotations

from typing import Protocol

from spacy.tokens import Doc

from armswatch.entities.gazetteer import Gazetteer

# The NER labels of names cut so: people and bodies (places are not: "Korea" of "North Korea")
_KINDS = {"PERSON": "person", "ORG": "organization"}


class _Candidate(Protocol):
    start: int
    end: int
    label: str
    entity_id: str
    unknown: bool


def _kind(c: _Candidate, gaz: Gazetteer) -> str:
    e = None if c.unknown or not c.entity_id else gaz.get(c.entity_id)
    if e is not None:
        return e.type if e.type in ("person", "organization", "armed_group") else ""
    return _KINDS.get(c.label, "")


def _words(doc: Doc, c: _Candidate) -> tuple[str, ...]:
    return tuple(t.lower_ for t in doc[c.start:c.end] if not t.is_punct or t.text in ("-", "'s"))


def _starts_as_a_name(doc: Doc, start: int) -> bool:
    """Does the full name start with a name's word ("Osama", "US"), not a prefix ("pro-Muslim Brotherhood"
    is not a name of the Muslim Brotherhood)?"""
    first = doc[start]
    return (first.is_title or first.is_upper) and start + 1 < len(doc) and doc[start + 1].text != "-"


def link_name_tails(doc: Doc, cands: list[_Candidate], gaz: Gazetteer) -> None:
    """A name the gazetteer lacks, of two words or more, that ends a longer name of a person or body in the
    report, is that person or body (the full name nearest before it, else the first after it)."""
    full = [(c.start, _words(doc, c), c.entity_id, c.label, c.unknown) for c in cands
            if c.entity_id and c.end - c.start >= 3 and _kind(c, gaz)]
    full = [f for f in full if _starts_as_a_name(doc, f[0])]
    if not full:
        return
    for c in cands:
        # (the NER model calls a foreign surname a body as often as a person: an exact tail of two words
        # or more is the name, whichever it said)
        if not c.unknown or c.end - c.start < 2 or c.label not in _KINDS:
            continue
        words = _words(doc, c)
        n = len(words)
        fits = [(start, eid, label, unknown) for start, w, eid, label, unknown in full
                if len(w) > n and w[-n:] == words and eid != c.entity_id]
        if not fits:
            continue
        before = [f for f in fits if f[0] < c.start]
        _, c.entity_id, c.label, c.unknown = max(before) if before else min(fits)


# Words an acronym leaves out ("International Committee of the Red Cross" is ICRC)
_ACRONYM_SKIPS = frozenset({"of", "the", "and", "for", "on", "in", "&", "-"})
_ACRONYM_KINDS = frozenset({"organization", "armed_group"})


def _initials(doc: Doc, start: int, end: int) -> str:
    return "".join(t.text[0] for t in doc[start:end]
                   if t.lower_ not in _ACRONYM_SKIPS and t.text[:1].isalpha())


def link_acronyms(doc: Doc, cands: list[_Candidate], gaz: Gazetteer) -> None:
    """An acronym and the name of a body whose initials it is, in one report, are one body: "Middle East
    Airlines (MEA) ... MEA said", "UKMTO" and "United Kingdom Maritime Trade Operations" (the abbreviation
    rule of Schwartz and Hearst, 2003, where the pair is found by the initials alone; three letters at least:
    "IS" is too many names' initials). The acronym takes the full name's id, or the full name the acronym's
    where the gazetteer knows only the acronym."""
    acronyms = [c for c in cands if c.entity_id and c.end - c.start == 1 and doc[c.start].is_upper
                and doc[c.start].is_alpha and 3 <= len(doc[c.start]) <= 6 and _kind(c, gaz) in _ACRONYM_KINDS]
    if not acronyms:
        return
    full: dict[str, list[_Candidate]] = {}
    for c in cands:
        if c.entity_id and c.end - c.start >= 2 and _kind(c, gaz) in _ACRONYM_KINDS:
            full.setdefault(_initials(doc, c.start, c.end).upper(), []).append(c)
    for a in acronyms:
        names = [f for f in full.get(doc[a.start].text, []) if f.entity_id != a.entity_id]
        if not names:
            continue
        before = [f for f in names if f.start < a.start]
        f = max(before, key=lambda x: x.start) if before else min(names, key=lambda x: x.start)
        if a.unknown:
            a.entity_id, a.label, a.unknown = f.entity_id, f.label, f.unknown
        elif f.unknown:
            for g in names:  # every mention of the full name the gazetteer lacks
                g.entity_id, g.label, g.unknown = a.entity_id, a.label, False
