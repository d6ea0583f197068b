"""Vessels: ship names found by their context, IMO numbers, flags and past names.

The statistical NER calls ship names people, organisations or places ("Graceful", "Gibraltar Eagle"), and
the gazetteer can only know the ships designated so far. A name is a ship where the text says so:

- a prefix: "M/V X", "MV X", "MT X", "USS X", "HMS X" (navies' prefixes are part of the name);
- a ship noun before it: "the tanker X", "a Russian-flagged cargo ship, X,", "a tanker named X";
- an apposition after it: "X, a North Korean-flagged freighter", "X, a Suezmax tanker";
- "aboard (the) X", "on board the X";
- an IMO number: "X (IMO 9123456)", "X, IMO: 9123456", or seven digits with a valid check digit in brackets
  after the name in a sentence about a ship ("the X (9123456)").

Past names join the current one as aliases of one entity: "X, formerly known as (the) Y", "Y was renamed X",
"then called the Y", "X (ex-Y)". Once a report has named a ship in context, its other mentions there are the
ship too (and "ex-X" and the name without a navy's prefix). Flags are read from "Panama-flagged",
"flagged in Panama", "flying the Panamanian flag" near the name; IMO numbers are kept only when their check
digit is right, and an IMO number the gazetteer knows links the ship to its entry whatever its name now is.

Entry point: :func:`find_vessels` (a Doc before linking -> ship mentions with their entity ids); the linker
(:mod:`armswatch.entities.linking`) puts them before the NER's spans and records the facts on the Doc.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy
from spacy.attrs import LEMMA, LOWER, SENT_START
from spacy.tokens import Doc, Span, Token

from armswatch.entities.gazetteer import Gazetteer, normalise, slug, translit_key

VESSELS_ATTR = "armswatch_vessels"  # Doc extension: the VesselFacts of the report, set by the linker
if not Doc.has_extension(VESSELS_ATTR):
    Doc.set_extension(VESSELS_ATTR, default=None)

# Head nouns of a noun phrase that names a ship (lemmas). "carrier" only with a word that makes it a ship
# ("bulk carrier", "aircraft carrier"): alone it is often an airline.
SHIP_NOUNS = frozenset({
    "ship", "vessel", "tanker", "freighter", "bulker", "containership", "boat", "yacht", "superyacht",
    "ferry", "trawler", "dhow", "barge", "tug", "tugboat", "submarine", "destroyer", "frigate",
    "cruiser", "corvette", "warship", "gunboat", "steamer", "schooner", "icebreaker", "coaster",
    "reefer",
})
CARRIER_MODIFIERS = frozenset({
    "bulk", "car", "aircraft", "ore", "gas", "lng", "lpg", "vehicle", "oil", "crude", "helicopter",
    "container", "cargo", "chemical", "product", "products",
})
# the words `_ship_noun_word` can accept by their lemma or form, as a cheap prefilter (ship_noun_flags)
_SHIP_OR_CARRIER = SHIP_NOUNS | {"carrier", "carriers"}
# Prefixes written before a merchant ship's name; they are not part of it ("MV Alaed" is the Alaed).
MERCHANT_PREFIXES = frozenset({"MV", "M/V", "MT", "M/T", "M.V.", "M.T.", "M/Y"})
# Navies' prefixes are part of the name ("USS Laboon"); the bare name is a short form of it.
NAVAL_PREFIXES = frozenset({"USS", "HMS", "HMAS", "HMCS", "HMNZS", "INS", "RFS", "ROKS", "USNS", "FS", "JS",
                            "HNLMS", "KRI", "BNS", "PNS", "TCG", "ARA", "IRIS"})
# Size classes and kinds of ships, written capitalised: never a ship's name ("a Suezmax tanker").
SHIP_CLASSES = frozenset(normalise(x) for x in (
    "Suezmax", "Aframax", "Panamax", "Neopanamax", "New Panamax", "Capesize", "Handysize", "Handymax",
    "Supramax", "Ultramax", "Kamsarmax", "VLCC", "ULCC", "VLGC", "LR1", "LR2", "MR", "Ro-Ro", "RoRo",
    "Ro/Ro", "Con-Ro", "LNG", "LPG", "FPSO", "FSO",
))
# Capitalised words that start a clause rather than a name.
NOT_NAMES = frozenset({
    "The", "A", "An", "In", "On", "At", "But", "And", "Or", "It", "Its", "This", "That", "These",
    "Those", "He", "She", "They", "We", "I", "You", "His", "Her", "Their", "Our", "Which", "Who", "When",
    "While", "After", "Before", "As", "Since", "If", "Monday", "Tuesday", "Wednesday", "Thursday",
    "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December", "Mr", "Mrs", "Ms", "Dr",
})
# NER labels of spans that are not names of anything (a run that is exactly one of them is no ship).
NOT_A_NAME_LABELS = frozenset({"DATE", "TIME", "NORP", "CARDINAL", "ORDINAL", "PERCENT", "MONEY",
                               "QUANTITY", "LAW", "LANGUAGE"})
# Types of gazetteer entities whose exact name after a ship noun is a clause's subject, not a ship's name
# ("the tanker Iran seized"); ships are often named after places, so places and facilities are allowed.
NOT_SHIP_TYPES = frozenset({"country", "person", "organization", "armed_group"})
MAX_NAME_TOKENS = 6
NAMING_VERBS = frozenset({"named", "called", "dubbed", "christened"})
# Words that end the noun phrase of an apposition ("X, a tanker carrying oil", "X, a company that ...").
PHRASE_ENDS = frozenset({
    "that", "which", "who", "whose", "with", "of", "carrying", "loaded", "bound", "owned", "operated",
    "managed", "registered", "sailing", "flying", "from", "to", "in", "on", "at", "for", "by", "and",
    "or", "was", "is", "had", "has", "said", "believed", "chartered",
})
BREAK_PUNCT = frozenset({",", ".", ";", ":", "(", ")", "—", "–", "\"", "“", "”", "?", "!"})
IMO_RE = re.compile(r"^(?:IMO)?:?(\d{7})$", re.IGNORECASE)
FLAG_WINDOW = 12  # tokens between a flag phrase and the ship it belongs to
HEADLINE_TITLE_SHARE = 0.7  # a sentence whose words are mostly capitalised is a headline: weak cues are off


def imo_valid(number: str) -> bool:
    """An IMO ship number: seven digits, the last the sum of the first six weighted 7..2, modulo 10."""
    if len(number) != 7 or not number.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(number[:6], range(7, 1, -1), strict=True))
    return total % 10 == int(number[6])


_SAINT = re.compile(r"^(saint|st) ")
_NUMBER_WORD = re.compile(r"\bno (?=\d)")


def vessel_key(text: str) -> str:
    """Key under which spellings of one ship's name coincide: St./Saint, "No. 2"/"2", Nikolas/Nicholas."""
    s = _NUMBER_WORD.sub("", _SAINT.sub("st ", normalise(text)))
    return translit_key(s).replace("ch", "k").replace("c", "k")


@dataclass
class ShipMention:
    """One ship named in a report (token offsets), and the entity it links to."""

    start: int
    end: int
    entity_id: str = ""
    former: bool = False  # a past name of the ship


@dataclass
class VesselFacts:
    """What a report says about its ships: per entity id, the IMO number and flag (iso2) it states."""

    imo: dict[str, str] = field(default_factory=dict)
    flag: dict[str, str] = field(default_factory=dict)
    former_spans: set[tuple[int, int]] = field(default_factory=set)  # character spans of past names


@dataclass
class _Found:
    start: int
    end: int
    cue: str  # prefix, noun, appos, aboard, imo, rename, past, naval
    imo: str = ""
    flag: str = ""
    past: bool = False  # written as a past name
    current: bool = False  # written as the name given by a renaming
    partner: _Found | None = None  # for a past name: the ship's current name


def _is_name_token(t: Token, first: bool) -> bool:
    if t.is_space or not t.text.strip():
        return False
    if first:
        return (t.is_title or (t.is_upper and t.is_alpha)) and (t.text not in NOT_NAMES or _hyphenated(t))
    return t.is_title or (t.is_upper and any(c.isalpha() for c in t.text)) or t.like_num or (
        t.text[:1].isupper() and any(c.isdigit() for c in t.text))  # "Maia-1"


def _hyphenated(t: Token) -> bool:
    """ "An-San": a clause word glued by a hyphen to a capitalised word is part of a name."""
    doc, i = t.doc, t.i
    return (i + 2 < len(doc) and doc[i + 1].text == "-" and not t.whitespace_ and not doc[i + 1].whitespace_
            and doc[i + 2].is_title)


def _run_after(doc: Doc, i: int) -> int:
    """End of the capitalised name that starts at token i ("Yu Jong No. 2", "Baltic Leader"), i if none."""
    j = i
    n = len(doc)
    while j < n and j - i < MAX_NAME_TOKENS:
        t = doc[j]
        if _is_name_token(t, j == i):
            j += 1
        elif (t.text in ("-", ".") and j > i and j + 1 < n and not doc[j - 1].whitespace_
              and (t.text == "-" or doc[j - 1].text in ("No", "St", "Mt"))
              and _is_name_token(doc[j + 1], False)):
            j += 1  # "Maia-1", "No. 2"
        else:
            break
    while j > i and not any(c.isalnum() for c in doc[j - 1].text):  # not "Petrel-8"
        j -= 1
    return j


def _run_before(doc: Doc, k: int) -> int:
    """Start of the capitalised name that ends just before token k, k if none."""
    j = k
    while j > 0 and k - j < MAX_NAME_TOKENS:
        t = doc[j - 1]
        if _is_name_token(t, False) or (t.text in ("-", ".") and j - 2 >= 0 and not doc[j - 2].whitespace_
                                         and _is_name_token(doc[j - 2], False)):
            j -= 1
        else:
            break
    while j < k and not _is_name_token(doc[j], True):
        j += 1
    return j


def _strip_prefix(doc: Doc, start: int, end: int) -> int:
    """Start of the name after a merchant prefix ("MV", "M/V" as three tokens)."""
    if start < end and doc[start].text in MERCHANT_PREFIXES:
        return start + 1
    if start + 2 < end and doc[start].text == "M" and doc[start + 1].text == "/":
        return start + 3
    if (start + 1 < end and start >= 2 and doc[start].text in ("V", "T", "Y") and doc[start - 1].text == "/"
            and doc[start - 2].text == "M"):
        return start + 1  # a run read backwards stops at the slash of "M/V"
    return start


def _prefix_end(doc: Doc, i: int) -> int:
    """Token after a merchant prefix starting at i, or -1."""
    t = doc[i].text
    if t in MERCHANT_PREFIXES:  # case-sensitive: "my" is a word
        return i + 1
    if (t == "M" and i + 2 < len(doc) and doc[i + 1].text == "/" and doc[i + 2].text in ("V", "T", "Y")
            and not doc[i].whitespace_ and not doc[i + 1].whitespace_):
        return i + 3
    return -1


class _Context:
    """Per report: what the cues need to know about tokens (NER labels, gazetteer meanings, sentences)."""

    def __init__(self, doc: Doc, gaz: Gazetteer) -> None:
        self.doc, self.gaz = doc, gaz
        self.ent_label: dict[tuple[int, int], str] = {(e.start, e.end): e.label_ for e in doc.ents}
        self.sent_of: list[int] = [0] * len(doc)
        self.sents: list[Span] = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        for k, s in enumerate(self.sents):
            for i in range(s.start, s.end):
                self.sent_of[i] = k
        # _is_ship_noun of every token, read once (the cues ask it for every token again)
        self.ship_noun, maritime = _ship_nouns(doc)
        self.ship_sents = {k for k, s in enumerate(self.sents) if any(self.ship_noun[s.start:s.end])}
        self.headline = {k for k, s in enumerate(self.sents) if _is_headline(s)}
        # a report about ships (a ship noun or a maritime word anywhere): where numbered names may be ships
        self.about_ships = bool(self.ship_sents) or maritime

    def not_a_ship(self, start: int, end: int) -> bool:
        """A run that is exactly a date, a people's name, a country or a known person or organisation."""
        if self.ent_label.get((start, end)) in NOT_A_NAME_LABELS:
            return True
        text = self.doc[start:end].text
        if normalise(text) in SHIP_CLASSES or self.gaz.country_of(text):
            return True
        types = {self.gaz.entries[i].type for i in self.gaz.lookup(text)}
        return bool(types) and "vessel" not in types and types <= NOT_SHIP_TYPES

    def looks_like_name(self, start: int, end: int) -> bool:
        """One capitalised word at a sentence's start must be a proper noun ("Meanwhile, a ship ...")."""
        toks = self.doc[start:end]
        return any(t.pos_ == "PROPN" or (t.is_upper and len(t) > 1) or t.like_num for t in toks) or (
            not toks[0].is_sent_start)


def _is_ship_noun(doc: Doc, i: int) -> bool:
    t = doc[i]
    return _ship_noun_word(t.lemma_, t.lower_, doc[i - 1].lower_ if i > 0 else None)


def ship_noun_flags(doc: Doc) -> list[bool]:
    """`_is_ship_noun` of every token."""
    return _ship_nouns(doc)[0]


def _ship_nouns(doc: Doc) -> tuple[list[bool], bool]:
    """`_is_ship_noun` of every token, and whether any word is in MARITIME_WORDS: from one to_array, each
    distinct word's string looked up once and `_ship_noun_word` asked only where the lemma or the form is a
    ship noun or "carrier" (the only tokens it can accept), not a spaCy Token built per word."""
    n = len(doc)
    if not n:
        return [], False
    strings = doc.vocab.strings
    cols = doc.to_array([LEMMA, LOWER])
    lemma_keys, lower_keys = numpy.unique(cols[:, 0]), numpy.unique(cols[:, 1])
    lemma_strs = dict(zip(lemma_keys.tolist(), (strings[k] for k in lemma_keys.tolist()), strict=True))
    lower_strs = dict(zip(lower_keys.tolist(), (strings[k] for k in lower_keys.tolist()), strict=True))
    ship_lemmas = [k for k, w in lemma_strs.items() if w and w.lower() in _SHIP_OR_CARRIER]
    ship_lowers = [k for k, w in lower_strs.items() if w in _SHIP_OR_CARRIER]
    maybe = numpy.isin(cols[:, 0], ship_lemmas) | numpy.isin(cols[:, 1], ship_lowers)
    flags = [False] * n
    for i in numpy.flatnonzero(maybe).tolist():
        before = lower_strs[int(cols[i - 1, 1])] if i else None
        flags[i] = _ship_noun_word(lemma_strs[int(cols[i, 0])], lower_strs[int(cols[i, 1])], before)
    return flags, any(w in MARITIME_WORDS for w in lower_strs.values())


def _ship_noun_word(lemma_: str, lower: str, before: str | None) -> bool:
    """A ship noun, from the token's lemma, lower-case form and the lower-case word before it."""
    lemma = lemma_.lower() if lemma_ else lower
    if lemma in SHIP_NOUNS or lower in SHIP_NOUNS:
        return True
    if lemma == "carrier" or lower in ("carrier", "carriers"):
        return before is not None and before in CARRIER_MODIFIERS
    return False


def _is_headline(sent: Span) -> bool:
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    return len(words) >= 4 and sum(t.is_title for t in words) >= HEADLINE_TITLE_SHARE * len(words)


def _skip_the(doc: Doc, j: int) -> int:
    return j + 1 if j < len(doc) and doc[j].lower_ in ("the", "a", "an") else j


def _cues(ctx: _Context) -> list[_Found]:
    """Every name the text puts in a ship's context."""
    doc = ctx.doc
    n = len(doc)
    out: list[_Found] = []

    def add(start: int, end: int, cue: str, strong: bool = False, **kw: object) -> _Found | None:
        start = _strip_prefix(doc, start, end)
        if start >= end or not _is_name_token(doc[start], True) or len(doc[start:end].text) < 2:
            return None
        if not strong and (ctx.not_a_ship(start, end) or not ctx.looks_like_name(start, end)):
            return None
        if normalise(doc[start:end].text) in SHIP_CLASSES:
            return None
        same = next((g for g in out if g.start == start and g.end == end), None)
        if same is not None:  # named by two cues ("the tanker Koti": a ship noun, a gazetteer ship)
            return same
        f = _Found(start, end, cue, **kw)  # type: ignore[arg-type]
        out.append(f)
        return f

    for i in range(n):
        t = doc[i]
        k = ctx.sent_of[i]
        weak_ok = k not in ctx.headline
        # "M/V X", "MV X"
        j = _prefix_end(doc, i)
        if j > 0 and j < n:
            end = _run_after(doc, j)
            if end > j:
                add(j, end, "prefix", strong=True)
            continue
        # "USS X": the prefix is part of the name
        if t.text in NAVAL_PREFIXES and i + 1 < n:
            end = _run_after(doc, i + 1)
            if end > i + 1:
                add(i, end, "naval", strong=True)
            continue
        # "the tanker X", "a cargo ship, X,", "a tanker named X"
        # (a capitalised ship word inside a sentence is part of a name: "Tanker Trackers", "Anti-Ship")
        if (ctx.ship_noun[i] and weak_ok and t.tag_ not in ("NNS", "NNPS")
                and (t.is_lower or t.is_sent_start)):
            j = i + 1
            comma = j < n and doc[j].text == ","
            j += comma
            named = j < n and doc[j].lower_ in NAMING_VERBS
            self_named = _self_naming_end(doc, j)  # "a ship calling itself X"
            named = named or self_named > j
            j = _skip_the(doc, self_named if self_named > j else j + named)
            if j < n and _prefix_end(doc, j) > 0:  # "the vessel M/V Angara"
                j = _prefix_end(doc, j)
            end = _run_after(doc, j)
            if end > j:
                after = doc[end].text if end < n else "."
                if not comma or named or after in BREAK_PUNCT:
                    add(j, end, "noun", strong=named)
            continue
        # "aboard the X", "on board the X"
        on_board = t.lower_ == "on" and i + 1 < n and doc[i + 1].lower_ == "board"
        if t.lower_ in ("aboard", "onboard") or on_board:
            j = _skip_the(doc, i + (2 if t.lower_ == "on" else 1))
            end = _run_after(doc, j)
            if end > j and weak_ok:
                add(j, end, "aboard")
            continue
        # "X, a North Korean-flagged freighter"
        if (t.text == "," and i + 1 < n and doc[i + 1].lower_ in ("a", "an", "the")
                and _apposition_is_ship(doc, i + 2)):
            start = _run_before(doc, i)
            if start < i:
                add(start, i, "appos")
            continue
        # "X (IMO 9123456)", "IMO: 9123456"
        number = _imo_at(doc, i, ctx)
        if number:
            _attach_imo(doc, i, number, out, add)
            continue
        # "the Lady R", "the Samjong 2", "the Hong Kong-flagged Lighthouse Winmore"
        if _name_starts(doc, i):
            _named_by_form(ctx, i, add, weak_ok)
    return out


def _self_naming_end(doc: Doc, j: int) -> int:
    """Token after "calling itself", "identifying itself as" written from j, else -1."""
    if (j + 1 < len(doc) and doc[j].lower_ in ("calling", "identifying", "naming")
            and doc[j + 1].lower_ == "itself"):
        return j + 2 + (j + 2 < len(doc) and doc[j + 2].lower_ == "as")
    return -1


# Words counted like ships' numbers but naming parts, ranks and rounds ("the Article 5", "the Phase 2").
COUNTED_NOUNS = frozenset({
    "article", "resolution", "phase", "stage", "level", "type", "group", "section", "chapter", "unit",
    "day", "week", "round", "part", "class", "category", "grade", "vol", "volume", "zone", "sector", "flight",
    "brigade", "battalion", "division", "regiment", "corps", "army", "fleet", "squadron", "channel", "gate",
    "terminal", "pier", "berth", "route", "highway", "road", "line", "annex", "paragraph", "point", "number",
    "no", "formula", "league", "cup", "season", "episode", "step", "task", "force", "camp", "site", "base",
    "building", "block", "hall", "room", "district", "area", "region", "province", "g", "p", "n", "plan",
    "option", "model", "version", "series", "mark", "mk", "lot", "batch", "tranche", "package", "minsk",
    "apollo", "windows", "iphone", "galaxy", "falcon", "soyuz", "progress", "sputnik", "covid", "switch",
})
# Words after a numbered name that make it a count or a plural ("the West 37 or 10%", "the CIS 18 are").
NOT_AFTER_A_SHIP = frozenset({"or", "and", "to", "%", "percent", "are", "were", "have", "per", "-", "/"})
# Words of a report about ships besides the ship nouns: ports, voyages, crews, cargo.
MARITIME_WORDS = frozenset({
    "port", "ports", "harbour", "harbor", "docked", "sailed", "sailing", "berthed", "moored", "anchored",
    "maritime", "naval", "coastguard", "cargo", "crew", "transponder", "ais", "voyage", "strait", "imo",
    "unloaded", "offloaded", "seaport", "shipment", "shipments", "shipping", "fleet",
})
ROMAN_NUMERALS = frozenset({"II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"})


def _name_starts(doc: Doc, i: int) -> bool:
    """Token i starts a capitalised name that is not the tail of a longer one."""
    if not _is_name_token(doc[i], True):
        return False
    return i == 0 or not (_is_name_token(doc[i - 1], False) and doc[i - 1].text not in NOT_NAMES) or (
        doc[i - 1].is_sent_start and doc[i - 1].text in NOT_NAMES)


def _numbered(doc: Doc, start: int, end: int) -> str:
    """How a ship's number ends the name: "space" ("Grace 1", "Sparta IV", "Tong San No. 2"), "glued"
    ("Petrel-8"), else ''. A number of three digits and more is a model's ("Boeing 747"), not a ship's."""
    last = doc[end - 1]
    if end - start >= 2 and (last.text in ROMAN_NUMERALS or (last.text.isdigit() and len(last.text) <= 2
                                                              and last.text[0] != "0")):
        return "space"
    if re.fullmatch(r"[A-Z][a-z]+-\d{1,2}", last.text):
        return "glued"
    return ""


def _named_by_form(ctx: _Context, i: int, add, weak_ok: bool) -> None:  # type: ignore[no-untyped-def]
    """A name that is a ship by its form and place, without a ship noun beside it: one the gazetteer knows
    as a ship (in any spacing: "Samjong 2", "Petrel-8", "JIE SHUN") after "the", "-flagged" or in a
    sentence about ships; a name ending in a ship's number after "the" ("the Sparta 4 sailed"), where it is
    the head of its noun phrase (not "the Falcon 9 rocket") and not in a headline (`weak_ok`); any name after
    "X-flagged"."""
    doc = ctx.doc
    end = _run_after(doc, i)
    if end <= i:
        return
    prev = doc[i - 1].lower_ if i > 0 else ""
    flagged = i > 1 and prev == "flagged" and doc[i - 2].text == "-"
    the = prev == "the"
    ship_sent = ctx.sent_of[i] in ctx.ship_sents
    nxt = doc[end] if end < len(doc) else None
    head = nxt is None or not (nxt.pos_ in ("NOUN", "PROPN") or nxt.text[:1].isupper())
    if vessel_key(doc[i:end].text) in _gazetteer_keys(ctx.gaz) and (the or flagged or ship_sent):
        add(i, end, "gaz", strong=True)
        return
    if flagged and head and not ctx.not_a_ship(i, end):
        add(i, end, "flagged")
        return
    form = _numbered(doc, i, end)
    if not weak_ok or not the or not head or not form or (form == "glued" and not ship_sent):
        return
    if not ctx.about_ships or (nxt is not None and nxt.lower_ in NOT_AFTER_A_SHIP):
        return  # cameras, consoles and rockets are numbered too: a ship's number only in a report on ships
    words = [t.lower_.split("-")[0] for t in doc[i:end] if any(c.isalpha() for c in t.text)]
    if not words or any(w in COUNTED_NOUNS - {"no"} for w in words):  # "No. 2" is a ship's number
        return
    if any(t.lower_ == "of" or (any(c.isdigit() for c in t.text) and any(c.isalpha() for c in t.text)
                                and t.i < end - 1) for t in doc[i:end]):
        return  # "the Canon 5D Mark IV", "the Sony A7 IV": model codes, not ships' names
    add(i, end, "numbered")


def _gazetteer_keys(gaz: Gazetteer) -> dict[str, str]:
    """vessel_key of every name, alias and past name of the gazetteer's ships -> its id (built once)."""
    cached = getattr(gaz, "_vessel_keys", None)
    if cached is None:
        cached = {}
        for e in gaz.entries.values():
            if e.type == "vessel":
                for form in (e.name, *e.aliases, *e.former_names):
                    cached.setdefault(vessel_key(form), e.id)
        object.__setattr__(gaz, "_vessel_keys", cached)
    return cached


def _apposition_is_ship(doc: Doc, j: int) -> bool:
    """Does the noun phrase starting at j ("North Korean-flagged freighter") have a ship as its head?"""
    last = -1
    k = j
    while k < len(doc) and k - j < 10:
        t = doc[k]
        if t.text in BREAK_PUNCT or t.lower_ in PHRASE_ENDS or t.is_space:
            break
        if t.lower_ == "flagged" and k > j and doc[k - 1].text == "-":
            return True  # only ships (and aircraft) fly flags
        last = k
        k += 1
    return last >= 0 and _is_ship_noun(doc, last)


def _imo_at(doc: Doc, i: int, ctx: _Context) -> str:
    """The IMO number written at token i ("IMO 9123456", "IMO: 9123456", "IMO9123456", "(9123456)")."""
    t = doc[i]
    m = IMO_RE.match(t.text)
    if m and t.text[:3].upper() == "IMO":
        return m.group(1)
    if t.text.upper() == "IMO":
        j = i + 1
        while j < len(doc) and j - i <= 3 and doc[j].lower_ in (":", "number", "no", "no.", ".", "#", "nr"):
            j += 1
        if j < len(doc) and (m := IMO_RE.match(doc[j].text)):
            return m.group(1)
        return ""
    # seven digits in brackets just after a name, in a sentence about a ship: an IMO number if it checks
    if (m and i > 1 and doc[i - 1].text == "(" and i + 1 < len(doc) and doc[i + 1].text == ")"
            and ctx.sent_of[i] in ctx.ship_sents and imo_valid(m.group(1))
            and _is_name_token(doc[i - 2], False)):
        return m.group(1)
    return ""


def _attach_imo(doc: Doc, i: int, number: str, out: list[_Found], add) -> None:  # type: ignore[no-untyped-def]
    """Give the IMO number to the name just before it ("the X (IMO ...)", "X, IMO ..."), which is a ship;
    else to the ship named last before it in the sentence ("X, a tanker (IMO ...)")."""
    k = i
    while k > 0 and doc[k - 1].text in ("(", ",", "[", "-", "–"):
        k -= 1
    start = _run_before(doc, k)
    f: _Found | None = None
    if start < k:
        start = _strip_prefix(doc, start, k)
        f = next((g for g in out if g.start <= start and g.end >= k), None)
        f = f or add(start, k, "imo", strong=True)
    else:
        sent_start = doc[i].sent.start if doc.has_annotation("SENT_START") else 0
        before = [g for g in out if sent_start <= g.start and g.end <= i and i - g.end <= FLAG_WINDOW]
        f = before[-1] if before else None
        if f is None and imo_valid(number) and doc[i].text.upper().startswith("IMO"):
            # "a tanker with IMO 8705539": a ship known by its number only is named "IMO 8705539"
            end = next(j for j in range(i, min(i + 5, len(doc))) if number in doc[j].text) + 1
            f = add(i, end, "imo", strong=True)
    if f is not None and imo_valid(number):
        f.imo = number


# ---- past names

FORMER_CUES = (("formerly", "known", "as"), ("previously", "known", "as"), ("once", "known", "as"),
               ("formerly", "named"), ("formerly", "called"), ("previously", "named"),
               ("previously", "called"),
               ("then", "called"), ("then", "named"), ("then", "known", "as"), ("formerly",))
CURRENT_CUES = (("renamed", "as"), ("renamed",), ("now", "called"), ("now", "named"), ("now", "known", "as"),
                ("name", "was", "changed", "to"), ("name", "changed", "to"), ("its", "name", "to"),
                ("re", "-", "named"), ("rebranded", "as"))


def _match_words(doc: Doc, i: int, words: tuple[str, ...]) -> int:
    """Token after `words` if they are written from token i, else -1."""
    if i + len(words) > len(doc):
        return -1
    for k, w in enumerate(words):
        if doc[i + k].lower_ != w:
            return -1
    return i + len(words)


def _renamings(ctx: _Context, found: list[_Found]) -> list[_Found]:
    """Past and current names written with a renaming cue, in sentences about a ship."""
    doc = ctx.doc
    out: list[_Found] = []
    for i in range(len(doc)):
        k = ctx.sent_of[i]
        named_ship = any(ctx.sent_of[f.start] == k for f in found)
        # "X (ex-Y)", "X, ex-Y": in a report about ships, X is a ship and Y its past name
        if (doc[i].lower_ == "ex" and i + 2 < len(doc) and doc[i + 1].text == "-" and i > 1
                and doc[i - 1].text in ("(", ",") and (ctx.ship_sents or found)):
            end = _run_after(doc, i + 2)
            start = _run_before(doc, i - 1)
            if end > i + 2 and start < i - 1 and not ctx.not_a_ship(start, i - 1):
                current = _Found(_strip_prefix(doc, start, i - 1), i - 1, "rename", current=True)
                past_name = _Found(_strip_prefix(doc, i + 2, end), end, "past", past=True, partner=current)
                out += [current, past_name]
            continue
        if k not in ctx.ship_sents and not named_ship:
            continue
        for cues, past in ((FORMER_CUES, True), (CURRENT_CUES, False)):
            for words in cues:
                j = _match_words(doc, i, words)
                if j < 0:
                    continue
                j = _skip_the(doc, j)
                end = _run_after(doc, j)
                start = _strip_prefix(doc, j, end)
                if end > start and not ctx.not_a_ship(start, end) and ctx.looks_like_name(start, end):
                    f = _Found(start, end, "past" if past else "rename", past=past, current=not past)
                    out.append(f)
                    if past:  # "X, formerly known as Y": X is the ship, by its current name
                        b = i
                        while b > 0 and doc[b - 1].text in (",", "("):
                            b -= 1
                        bs = _run_before(doc, b)
                        if bs < b < i and not ctx.not_a_ship(bs, b):
                            f.partner = _Found(_strip_prefix(doc, bs, b), b, "rename", current=True)
                            out.append(f.partner)
                    if not past:  # "Y was renamed X": Y is the past name
                        b = i - 1
                        while b > 0 and doc[b].lower_ in ("was", "is", "had", "has", "been", "later",
                                                          "subsequently", "since", ","):
                            b -= 1
                        bs = _run_before(doc, b + 1)
                        if bs <= b and doc[b].text not in BREAK_PUNCT:
                            bs = _strip_prefix(doc, bs, b + 1)
                            if not ctx.not_a_ship(bs, b + 1):
                                out.append(_Found(bs, b + 1, "past", past=True, partner=f))
                break
    return out


def _pair_past_names(ctx: _Context, found: list[_Found]) -> None:
    """Each past name -> the ship's current name: the renaming's in the sentence, else the nearest ship named
    before it in the sentence (or the two before), else after it in the sentence."""
    ordered = sorted(found, key=lambda f: f.start)
    for f in ordered:
        if not f.past or f.partner is not None:
            continue
        k = ctx.sent_of[f.start]
        same = [g for g in ordered if not g.past and ctx.sent_of[g.start] == k and g is not f]
        renamed = [g for g in same if g.current]
        before = [g for g in ordered if not g.past and g.end <= f.start and k - ctx.sent_of[g.start] <= 2]
        after = [g for g in same if g.start >= f.end]
        partner = (renamed or before[-1:] or after[:1] or [None])[0]
        f.partner = partner


# ---- flags


def _flags(ctx: _Context) -> list[tuple[int, str]]:
    """(token, iso2) of each flag given: "Panama-flagged", "flagged in Panama", "the Panamanian flag"."""
    doc = ctx.doc
    out = []
    for i, t in enumerate(doc):
        if t.lower_ not in ("flagged", "flag", "registered"):
            continue
        iso = ""
        if i > 1 and doc[i - 1].text == "-" and t.lower_ in ("flagged", "registered"):
            iso = _country_before(ctx, i - 1)
        elif t.lower_ == "flagged" and i + 1 < len(doc) and doc[i + 1].lower_ in ("in", "to", "by"):
            iso = _country_after(ctx, i + 2)
        elif t.lower_ == "flag":
            if i + 1 < len(doc) and doc[i + 1].lower_ == "of":
                iso = _country_after(ctx, _skip_the(doc, i + 2))
            else:
                iso = _country_before(ctx, i)
        if iso:
            out.append((i, iso))
    return out


def _iso_of(ctx: _Context, text: str) -> str:
    cid = ctx.gaz.country_of(text)
    e = ctx.gaz.entries.get(cid) if cid else None
    return (e.country or "") if e is not None else ""


def _country_before(ctx: _Context, k: int) -> str:
    for width in (3, 2, 1):
        if k - width >= 0:
            iso = _iso_of(ctx, ctx.doc[k - width:k].text)
            if iso:
                return iso
    return ""


def _country_after(ctx: _Context, k: int) -> str:
    for width in (3, 2, 1):
        if k + width <= len(ctx.doc):
            iso = _iso_of(ctx, ctx.doc[k:k + width].text)
            if iso:
                return iso
    return ""


def _attach_flags(ctx: _Context, found: list[_Found]) -> None:
    """A flag goes to the nearest ship named in its sentence, within FLAG_WINDOW tokens."""
    for i, iso in _flags(ctx):
        k = ctx.sent_of[i]
        near = [f for f in found if ctx.sent_of[f.start] == k and not f.past]
        if not near:
            continue
        f = min(near, key=lambda f: min(abs(f.start - i), abs(f.end - 1 - i)))
        if min(abs(f.start - i), abs(f.end - 1 - i)) <= FLAG_WINDOW and not f.flag:
            f.flag = iso


# ---- ids and the report's other mentions


def _gazetteer_vessel(gaz: Gazetteer, text: str, imo: str) -> str:
    if imo and imo in gaz.imos:
        return gaz.imos[imo]
    ids = [i for i in gaz.lookup(text) if gaz.entries[i].type == "vessel"]
    if not ids and (by_key := _gazetteer_keys(gaz).get(vessel_key(text))):
        ids = [by_key]  # another spelling of a known ship: "Samjong 2", "Tong San No. 2", "Petrel-8"
    if imo:  # a ship of the same name with another IMO number is another ship: never merged
        ids = [i for i in ids if not gaz.entries[i].imo or gaz.entries[i].imo == imo]
    return ids[0] if ids else ""


def _new_id(gaz: Gazetteer, text: str, imo: str) -> str:
    """The id of a ship the gazetteer does not know: its name's slug, with its IMO number where the report
    gives one (two ships of one name and different numbers are never one entity, in a report or across
    reports), else kept apart from a gazetteer entry of that name (a place) by '-vessel'."""
    sid = slug(text)
    if imo and not sid.endswith(imo):  # "IMO 8705539" is already named by its number
        return f"{sid}-{imo}"
    return sid if gaz.get(sid) is None else f"{sid}-vessel"


def _tokens_key(doc: Doc, start: int, end: int) -> tuple[str, ...]:
    return tuple(t.lower_.rstrip(".") for t in doc[start:end] if t.text not in ("-", "."))


def find_vessels(doc: Doc, gaz: Gazetteer) -> tuple[list[ShipMention], VesselFacts]:
    """Ships named in a report (before its NER spans are linked), with the entity each links to."""
    ctx = _Context(doc, gaz)
    found = _cues(ctx)
    found += _renamings(ctx, found)
    if not found:
        return [], VesselFacts()
    _pair_past_names(ctx, found)
    _attach_flags(ctx, found)
    key_id = _ids(doc, gaz, found)
    former_keys = {vessel_key(doc[f.start:f.end].text) for f in found if f.past and f.partner is not None}
    facts = VesselFacts()
    for f in found:
        eid = key_id[vessel_key(doc[f.start:f.end].text)]
        if f.imo:
            facts.imo.setdefault(eid, f.imo)
        if f.flag:
            facts.flag.setdefault(eid, f.flag)
    forms, bare = _forms(ctx, found, key_id)
    mentions = _all_mentions(doc, forms, bare, found, key_id)
    for m in mentions:
        if vessel_key(doc[m.start:m.end].text) in former_keys:
            m.former = True
            facts.former_spans.add((doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1])))
    return mentions, facts


def _ids(doc: Doc, gaz: Gazetteer, found: list[_Found]) -> dict[str, str]:
    """vessel_key of each name -> entity id: the gazetteer's (by IMO, then by name), else the slug of the
    first spelling; a past name takes its ship's id (a gazetteer ship under a new name keeps its entry)."""
    key_id: dict[str, str] = {}
    for f in sorted((f for f in found if not f.past), key=lambda f: f.start):
        text = doc[f.start:f.end].text
        key = vessel_key(text)
        known = _gazetteer_vessel(gaz, text, f.imo)
        if known:
            key_id[key] = known
        else:
            key_id.setdefault(key, _new_id(gaz, text, f.imo))
    for f in (f for f in found if f.past):
        text = doc[f.start:f.end].text
        key, known = vessel_key(text), _gazetteer_vessel(gaz, text, "")
        if f.partner is None:
            key_id.setdefault(key, known or slug(text))
            continue
        pid = key_id[vessel_key(doc[f.partner.start:f.partner.end].text)]
        if known and gaz.get(pid) is None:
            key_id.update({k: known for k, v in key_id.items() if v == pid})
            pid = known
        key_id[key] = pid
    return key_id


def _forms(ctx: _Context, found: Iterable[_Found], key_id: dict[str, str]
           ) -> tuple[dict[tuple[str, ...], str], dict[tuple[str, ...], str]]:
    """Token forms that name each ship in this report -> its id: the names found, and a navy ship's name
    without its prefix where that is no place or country ("Laboon" after "USS Laboon"); second, the bare
    names that are places too, which name the ship only after "ex-" ("the ex-Tarawa")."""
    doc = ctx.doc
    forms: dict[tuple[str, ...], str] = {}
    bare: dict[tuple[str, ...], str] = {}
    for f in found:
        eid = key_id[vessel_key(doc[f.start:f.end].text)]
        forms.setdefault(_tokens_key(doc, f.start, f.end), eid)
        if doc[f.start].text in NAVAL_PREFIXES and f.end - f.start > 1:
            name = doc[f.start + 1:f.end].text
            key = _tokens_key(doc, f.start + 1, f.end)
            bare.setdefault(key, eid)
            gaz = ctx.gaz
            if not gaz.lookup(name) and not gaz.country_of(name) and normalise(name) not in gaz.city_keys:
                forms.setdefault(key, eid)
    return forms, bare


def _match_form(doc: Doc, i: int, form: tuple[str, ...]) -> int:
    """End of `form` written from token i (hyphens and dots inside skipped), else -1."""
    end, k, n = i, 0, len(doc)
    while end < n and k < len(form):
        if doc[end].text in ("-", ".") and end > i:
            end += 1
            continue
        if doc[end].lower_.rstrip(".") != form[k]:
            return -1
        end, k = end + 1, k + 1
    return end if k == len(form) else -1


def _standalone(doc: Doc, start: int, end: int) -> bool:
    """A form stands alone, not inside a longer name ("Maria" in "Maria Zakharova")."""
    if end < len(doc) and doc[end].is_alpha and (doc[end].is_title or doc[end].is_upper):
        return False
    if start == 0 or doc[start].is_sent_start:
        return True
    prev = doc[start - 1]
    return not (prev.is_alpha and (prev.is_title or prev.is_upper) and prev.text not in NOT_NAMES)


def _all_mentions(doc: Doc, forms: dict[tuple[str, ...], str], bare: dict[tuple[str, ...], str],
                  found: list[_Found], key_id: dict[str, str]) -> list[ShipMention]:
    """The cues' spans, then every other capitalised occurrence of a ship's form in the report (longest
    first, no overlaps); "ex-X" is the ship X."""
    taken = [False] * len(doc)
    out: list[ShipMention] = []
    for f in sorted(found, key=lambda f: f.start - f.end):
        if not any(taken[f.start:f.end]):
            out.append(ShipMention(f.start, f.end, key_id[vessel_key(doc[f.start:f.end].text)]))
            taken[f.start:f.end] = [True] * (f.end - f.start)
    by_first: dict[str, list[tuple[tuple[str, ...], str, bool]]] = defaultdict(list)
    for table, after_ex in ((forms, False), (bare, True)):
        for form, eid in table.items():
            by_first[form[0]].append((form, eid, after_ex))
    for entries in by_first.values():
        entries.sort(key=lambda e: -len(e[0]))
    i, n = 0, len(doc)
    while i < n:
        t = doc[i]
        entries = by_first.get(t.lower_.rstrip(".")) if t.text[:1].isupper() and not taken[i] else None
        matched = -1
        for form, eid, after_ex in entries or ():
            if after_ex and not (i > 1 and doc[i - 1].text == "-" and doc[i - 2].lower_ == "ex"):
                continue
            end = _match_form(doc, i, form)
            if end > i and not any(taken[i:end]) and _standalone(doc, i, end):
                out.append(ShipMention(i, end, eid))
                taken[i:end] = [True] * (end - i)
                matched = end
                break
        i = matched if matched > i else i + 1
    return sorted(out, key=lambda m: m.start)


def merge_vessel_facts(facts: Iterable[tuple[str | None, str | None]]) -> tuple[str | None, str | None]:
    """(imo, flag) of one entity from its mentions' (imo, flag): the most stated of each."""
    imos: Counter[str] = Counter()
    flags: Counter[str] = Counter()
    for imo, flag in facts:
        if imo:
            imos[imo] += 1
        if flag:
            flags[flag] += 1
    return (imos.most_common(1)[0][0] if imos else None, flags.most_common(1)[0][0] if flags else None)


# ---- "the ship": for the events stage

ANAPHOR_DETERMINERS = frozenset({"the", "this", "that"})
ANAPHOR_SENTENCES = 4  # how far back "the ship" may point: the ship named in the last few sentences


def ship_anaphors(doc: Doc, vessel_at: list[str | None]) -> dict[int, str]:
    """ "the ship", "the same vessel", "this tanker" (a singular ship noun after a definite determiner, with
    no name after it) -> the ship named last before it, within ANAPHOR_SENTENCES sentences; `vessel_at`:
    per token, the id of the vessel mention covering it. Keys are the ship nouns' token indices."""
    out: dict[int, str] = {}
    last: tuple[int, str] | None = None  # (sentence number, id) of the last ship named
    named = {v for v in vessel_at if v}
    # A report that names one ship only speaks of it by "a tanker" or "the vessel" too, before or after
    # naming it ("Iran seizes oil tanker ... The St Nikolas was ..."); with several named, only "the ship"
    # after a name can be resolved.
    only = next(iter(named)) if len(named) == 1 else None
    determiners = ANAPHOR_DETERMINERS | ({"a", "an"} if only else set())
    # only the tokens where `last` changes or an anaphor may stand are visited: vessel mentions and ship
    # nouns (the same answer as a walk over every token, without a spaCy Token built for each)
    ship = ship_noun_flags(doc)
    sent_starts = numpy.cumsum(doc.to_array(SENT_START) == 1).tolist() if len(doc) else []
    for i in sorted({i for i, v in enumerate(vessel_at) if v} | {i for i, s in enumerate(ship) if s}):
        t = doc[i]
        sent_no = sent_starts[i]
        if vessel_at[t.i]:
            last = (sent_no, vessel_at[t.i] or "")
            continue
        if only is not None:
            last = (sent_no, only)
        if last is None or sent_no - last[0] > ANAPHOR_SENTENCES:
            continue
        if t.tag_ in ("NNS", "NNPS") or not t.is_lower:
            continue
        j = t.i - 1
        while j >= 0 and (doc[j].lower_ in ("same", "seized", "hijacked", "detained", "sanctioned")
                          or doc[j].is_lower and doc[j].pos_ in ("ADJ", "NOUN") and j > t.i - 4):
            j -= 1
        after = t.i + 1
        named_after = after < len(doc) and vessel_at[after] is not None
        if j >= 0 and doc[j].lower_ in determiners and not named_after:
            out[t.i] = last[1]
    return out
