"""Military and sanctioned items in report sentences, with the quantity that counts them.

The lexicon (data/items.yaml) maps noun phrases and weapon designators to the dossier's item categories.
Matching is a longest-match scan over tokens (spaCy's or the plain-text tokenizer's) against that lexicon,
not spaCy's PhraseMatcher, because the same scan must work on plain text and must try each phrase with its
last word made singular ("ballistic missiles" -> "ballistic missile") while leaving "arms" and "MLRS" alone.

Rules (see the lexicon's comments for the word lists):
- Adjacent matches in one noun phrase merge: a named system before a type noun keeps its category
  ("KN-23 missiles", "Grad rockets"); a calibre takes the category of what follows ("122 mm Grad rockets");
  otherwise the head (the right-hand match) decides ("missile technology" -> technology). An acronym in
  brackets right after an item of the same category joins it ("short-range ballistic missiles (SRBM)").
- A match followed by a noun such as "company", "programme", "dealer" or "embargo" is not an item, nor is a
  match after "anti-"/"counter-"/"non-" ("anti-drone") or inside a stop phrase ("shell company").
- An item's quantity is the number that counts it ("a million artillery shells"), its container or measure
  ("1,000 containers of military equipment", "12,000 tonnes of coal", "$1.2 billion worth of weapons"), or a
  count of what the item names the kind of ("over 100 missile tests": the item "missile tests" counts 100
  tests; its category is the missile's). A container's quantity goes to the first item after its "of".
- "rounds" counted by a number ("a million rounds") and not followed by "of" is an item of category arms.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import yaml
from spacy.tokens import Doc, Span

from armswatch.events.quantities import (
    MONEY_UNITS,
    NON_COUNT_UNITS,
    Found,
    Quantity,
    Tok,
    find_quantities_with_tokens,
    plain_tokens,
    singular,
    tokens_of,
    unit_for_noun,
    unit_kind,
)

__all__ = ["ItemMention", "find_items", "item_category", "CATEGORIES"]

CATEGORIES = ("arms", "artillery_ammunition", "ballistic_missile", "cruise_missile", "rocket", "drone",
              "air_defence", "armoured_vehicle", "aircraft", "naval_vessel", "small_arms", "technology",
              "dual_use", "fuel", "commodity", "other")
_LEXICON_PATH = Path(__file__).with_name("data") / "items.yaml"
_MAX_NGRAM = 8  # tokens; "man-portable air defence system" is 6 spaCy tokens
_STOP = "__stop__"
_CALIBRE = "__calibre__"
# the unit for a count of designators ("50 KN-23s") by category
_CATEGORY_UNIT = {"ballistic_missile": "missile", "cruise_missile": "missile", "rocket": "rocket",
                  "drone": "drone", "air_defence": "system", "armoured_vehicle": "vehicle",
                  "aircraft": "aircraft", "naval_vessel": "vessel", "small_arms": "weapon",
                  "artillery_ammunition": "round", "arms": "weapon"}


@dataclass(frozen=True)
class ItemMention:
    """An item named in the text, with the quantity that counts it when the text gives one."""

    category: str
    text: str
    char_start: int
    char_end: int
    quantity: Quantity | None

    def as_contract(self) -> dict[str, object]:
        """The dossier's Item object."""
        return {"category": self.category, "text": self.text,
                "quantity": self.quantity.as_contract() if self.quantity else None}


# --------------------------------------------------------------------------------------------- lexicon

_SPELLING = {"defense": "defence", "defenses": "defences", "armored": "armoured", "armor": "armour",
             "caliber": "calibre", "aluminum": "aluminium", "fiber": "fibre", "fertilizer": "fertiliser",
             "program": "programme", "programs": "programmes"}
_SPELLING_RE = re.compile(r"\b(" + "|".join(_SPELLING) + r")\b")
_DASHES_RE = re.compile(r"\s*[-‐‑‒–—]\s*")
_SPACES_RE = re.compile(r"\s+")


# The item scan's caches hold at most this many entries each (150-220 bytes an entry, key and answer).
# Measured on a real mix (2,078 reports: the lines triage keeps of a 100,000-line feed and the 36 dev
# reports, session 13): the hit rates of norm_key, the shipped lexicon's lookup and _can_start are 18.5%,
# 22.9% and 85.6% at 16,384 entries, the same to three places as at 65,536 or 262,144 (most hits repeat
# within a report: at 1,024 entries 11.4%, 14.6%, 70.1%); a miss costs 5-9 us. Full at the old sizes
# (65,536, 262,144 and 65,536) they held some 60 MB on a long run; at this size some 9 MB (issue 16).
ITEM_CACHE = 16384


@lru_cache(maxsize=ITEM_CACHE)
def norm_key(text: str) -> str:
    """Lower case, British spelling, one kind of dash without spaces around it, single spaces (cached:
    the item scan asks for the same few thousand word n-grams in every report)."""
    s = _DASHES_RE.sub("-", text.lower().replace("’", "'"))
    s = _SPACES_RE.sub(" ", s).strip()
    return _SPELLING_RE.sub(lambda m: _SPELLING[m.group(1)], s)


class Lexicon(NamedTuple):
    terms: dict[str, str]  # normalised key (and its hyphen-less variant) -> category or _STOP
    first_words: frozenset[str]  # first words of all keys, to skip tokens fast
    patterns: re.Pattern[str]  # designators, one alternation with a group per pattern
    pattern_categories: dict[str, str]  # group name -> category
    calibre: re.Pattern[str]
    calibre_category: str
    generic: frozenset[str]
    needs_head: frozenset[str]
    capitalised_only: frozenset[str]
    lower_only: frozenset[str]
    non_goods: frozenset[str]


def _key_variants(key: str) -> tuple[str, ...]:
    spaced = key.replace("-", " ")
    return (key,) if spaced == key else (key, spaced)


def _first_word(key: str) -> str:
    return re.split(r"[ -/]", key, maxsplit=1)[0]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The item lexicon, read and compiled once."""
    data = yaml.safe_load(_LEXICON_PATH.read_text(encoding="utf-8"))
    terms: dict[str, str] = {}
    for category, block in data["categories"].items():
        if category not in CATEGORIES:
            raise ValueError(f"unknown item category in lexicon: {category}")
        for term in block["terms"]:
            for k in _key_variants(norm_key(str(term))):
                terms.setdefault(k, category)
    for phrase in data["stop_phrases"]:
        for k in _key_variants(norm_key(str(phrase))):
            terms[k] = _STOP
    groups, categories = [], {}
    for n, p in enumerate(data["patterns"]):
        groups.append(f"(?P<p{n}>{p['re']})")
        categories[f"p{n}"] = p["category"]
    first = {_first_word(k) for k in terms}
    return Lexicon(
        terms=terms,
        first_words=frozenset(first),
        patterns=re.compile("(?:" + "|".join(groups) + r")(?:'?s)?"),
        pattern_categories=categories,
        calibre=re.compile(data["calibres"]["re"]),
        calibre_category=data["calibres"]["category"],
        generic=frozenset(norm_key(str(w)) for w in data["generic_heads"]),
        needs_head=frozenset(norm_key(str(w)) for w in data["needs_head"]),
        capitalised_only=frozenset(norm_key(str(w)) for w in data["capitalised_only"]),
        lower_only=frozenset(norm_key(str(w)) for w in data["lower_only"]),
        non_goods=frozenset(singular(str(w)) for w in data["non_goods_heads"]),
    )


def _singular_last(key: str) -> str:
    head, _, last = key.rpartition(" ")
    return (head + " " if head else "") + singular(last)


class _Hit(NamedTuple):
    category: str  # a category, _STOP or _CALIBRE
    base: str  # the lexicon key that matched (singular)
    designator: bool  # matched a designator pattern


def _lookup(key: str, lex: Lexicon) -> _Hit | None:
    """The lexicon's answer for one normalised phrase: as written, then with its last word singular."""
    if lex is lexicon():  # the shipped lexicon: phrases recur across reports, so answers are cached
        return _lookup_shipped(key)
    return _lookup_in(key, lex)


@lru_cache(maxsize=ITEM_CACHE)
def _lookup_shipped(key: str) -> _Hit | None:
    return _lookup_in(key, lexicon())


def _lookup_in(key: str, lex: Lexicon) -> _Hit | None:
    for k in (key, _singular_last(key)):
        for v in _key_variants(k):
            if v in lex.terms:
                return _Hit(lex.terms[v], v, False)
    if any(c.isdigit() for c in key):
        for k in (key, key.replace(" ", "-")):
            m = lex.patterns.fullmatch(k)
            if m and m.lastgroup:
                return _Hit(lex.pattern_categories[m.lastgroup], k, True)
            if lex.calibre.fullmatch(k):
                return _Hit(_CALIBRE, k, False)
    return None


# --------------------------------------------------------------------------------------------- matching

class _Match(NamedTuple):
    start: int  # token index
    end: int  # token index after the last token
    category: str
    generic: bool  # a type noun ("missiles") rather than a named or specific thing
    calibre: bool
    designator: bool


@lru_cache(maxsize=ITEM_CACHE)
def _can_start(lower: str) -> bool:
    """Whether a lexicon phrase or designator may start with this token (cached: vocabularies repeat)."""
    if not lower[:1].isalnum():
        return False
    lex = lexicon()
    w = norm_key(lower)
    return (_first_word(w) in lex.first_words or singular(w) in lex.first_words
            or any(c.isdigit() for c in w))


def _candidate_start(tok: Tok, lex: Lexicon) -> bool:
    return _can_start(tok.lower)


def _accept(hit: _Hit, toks: list[Tok], a: int, b: int, lex: Lexicon) -> bool:
    """Case and context conditions of ambiguous lexicon words."""
    first = toks[a]
    base = hit.base
    if base in lex.capitalised_only and not first.text[:1].isupper():
        return False
    if base in lex.lower_only and first.text[:1].isupper() and not (first.sent_start or first.text.isupper()):
        return False
    if a >= 2 and toks[a - 1].lower in ("-", "‐", "–") and toks[a - 2].lower in ("anti", "counter", "non"):
        return False
    prefixed = toks[a].lower.startswith(("anti-", "counter-", "non-"))
    if prefixed and not base.startswith(("anti", "counter", "non")):
        return False
    if base in lex.needs_head:
        nxt = _next_key(toks, b)
        if nxt is None or nxt not in lex.generic:
            return False
    return True


def _next_key(toks: list[Tok], b: int) -> str | None:
    """The singular, normalised word after token b-1 (None at the end)."""
    if b >= len(toks) or not toks[b].text[:1].isalpha():
        return None
    return norm_key(singular(toks[b].lower))


def _scan(toks: list[Tok], text: str, lex: Lexicon) -> list[_Match]:
    out: list[_Match] = []
    n = len(toks)
    i = 0
    while i < n:
        if not _candidate_start(toks[i], lex):
            i += 1
            continue
        found: tuple[int, _Hit] | None = None
        for b in range(min(n, i + _MAX_NGRAM), i, -1):
            if not toks[b - 1].text[:1].isalnum() or any(toks[k].sent_start for k in range(i + 1, b)):
                continue
            hit = _lookup(norm_key(text[toks[i].idx:toks[b - 1].end]), lex)
            if hit is not None:
                found = (b, hit)
                break
        if found is None:
            i += 1
            continue
        b, hit = found
        if hit.category == _STOP:
            i = b
            continue
        if _accept(hit, toks, i, b, lex):
            calibre = hit.category == _CALIBRE
            category = lex.calibre_category if calibre else hit.category
            generic = _singular_last(hit.base) in lex.generic or hit.base in lex.generic
            out.append(_Match(i, b, category, generic, calibre, hit.designator))
            i = b
        else:
            i += 1
    return out


def _merge(matches: list[_Match], toks: list[Tok]) -> list[_Match]:
    """Join adjacent matches of one noun phrase, and an acronym in brackets after an item."""
    out: list[_Match] = []
    for m in matches:
        if out:
            prev = out[-1]
            hyphen_join = m.start == prev.end + 1 and toks[prev.end].lower == "-"
            if prev.end == m.start or hyphen_join:
                if prev.calibre:
                    category = m.category
                elif m.generic and not prev.generic:
                    category = prev.category
                else:
                    category = m.category
                out[-1] = _Match(prev.start, m.end, category, m.generic and prev.generic, False,
                                 prev.designator or m.designator)
                continue
            bracketed = (m.start == prev.end + 1 and toks[prev.end].lower == "("
                         and m.end < len(toks) and toks[m.end].lower == ")")
            if bracketed and m.category == prev.category:
                out[-1] = prev._replace(end=m.end + 1)
                continue
        out.append(m)
    return out


def _drop_non_goods(matches: list[_Match], toks: list[Tok], lex: Lexicon) -> list[_Match]:
    kept = []
    for m in matches:
        k = m.end + 1 if m.end < len(toks) and toks[m.end].lower == "-" else m.end
        nxt = _next_key(toks, k)
        if nxt is not None and nxt in lex.non_goods:
            continue
        kept.append(m)
    return kept


def _items_in(toks: list[Tok], text: str) -> list[_Match]:
    lex = lexicon()
    return _drop_non_goods(_merge(_scan(toks, text, lex), toks), toks, lex)


# --------------------------------------------------------------------------------------------- quantities

def _attach(matches: list[_Match], found: list[Found], toks: list[Tok]) -> dict[int, tuple[Found, int]]:
    """For each item (by index), the quantity that counts it and the token end of the item's text."""
    out: dict[int, tuple[Found, int]] = {}
    used: set[int] = set()
    # only a count counts an item: not a measure, a sum or a share, also one read by the unit grammar
    # ("300 K", "12 MPa", which the news vocabulary's NON_COUNT_UNITS does not list)
    countable = [(qi, f) for qi, f in enumerate(found)
                 if f.noun != -1 and unit_kind(f.quantity.unit) in ("count", "")]
    # 1. the number counts the item itself ("a million artillery shells", "dozens of drones")
    for mi, m in enumerate(matches):
        for qi, f in countable:
            if qi not in used and m.start <= f.noun < m.end:
                out[mi] = (f, m.end)
                used.add(qi)
                break
    # 2. a container, measure or sum "of" the item ("1,000 containers of military equipment")
    for qi, f in enumerate(found):
        if qi in used or f.quantity.unit in NON_COUNT_UNITS:
            continue
        if f.of_target != -1:
            target = f.of_target
        elif f.quantity.unit in MONEY_UNITS and f.noun != -1:
            target = f.noun + 1  # "a $1.2 billion arms deal"
        else:
            continue
        for mi, m in enumerate(matches):
            if mi not in out and target <= m.start <= target + 3:
                out[mi] = (f, m.end)
                used.add(qi)
                break
    # 3. the item names the kind of what is counted ("over 100 missile tests")
    for mi, m in enumerate(matches):
        if mi in out:
            continue
        for qi, f in countable:
            if qi not in used and f.noun == m.end and m.start > f.number_start:
                out[mi] = (f, f.noun + 1)
                used.add(qi)
                break
    return out


def _bare_rounds(found: list[Found], toks: list[Tok], matches: list[_Match]) -> list[_Match]:
    """A counted "rounds" not followed by "of" ("a million rounds"): munitions not further named."""
    covered = {k for m in matches for k in range(m.start, m.end)}
    extra = []
    for f in found:
        k = f.noun
        if k == -1 or k in covered or f.quantity.unit != "round" or toks[k].lower not in ("rounds", "round"):
            continue
        if k + 1 < len(toks) and toks[k + 1].lower == "of":
            continue
        extra.append(_Match(k, k + 1, "arms", True, False, False))
    return extra


_DIGITS_RE = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")


def _count_after_recipient(m: _Match, toks: list[Tok], text: str, covered: set[int]) -> Quantity | None:
    """ "sent Minsk 40 tanks", "sold North Korea 12 Mohajer 6 drones": a count in digits after the
    recipient of a verb of giving. The quantity finder reads a number after a name as a designator
    ("Hwasong 17", "Leopard 2"), which it cannot tell from a name of a place; here the name is no item of
    the lexicon and a verb comes before it (spaCy's tags; plain text has none)."""
    k = m.start - 1
    if k < 2 or not _DIGITS_RE.fullmatch(toks[k].text):
        return None
    j = k - 1
    while j >= 0 and toks[j].pos == "PROPN" and toks[j].text[:1].isupper() and j not in covered:
        j -= 1
    if j == k - 1 or j < 0 or toks[j].pos != "VERB":
        return None
    head = toks[m.end - 1]
    return Quantity(float(toks[k].text.replace(",", "")), unit_for_noun(head.text, head.lemma), False,
                    "exact", text[toks[k].idx:head.end], toks[k].idx, head.end)


def find_items(doc: Doc | Span | str) -> list[ItemMention]:
    """Items named in a Doc, a Span (a sentence) or plain text, each with the quantity that counts it."""
    found, toks = find_quantities_with_tokens(doc, durations=False)  # durations are the time component's
    text = doc if isinstance(doc, str) else tokens_of(doc)[1]  # Doc.text is rebuilt on each access
    matches = _items_in(toks, text)
    matches = sorted(matches + _bare_rounds(found, toks, matches), key=lambda m: m.start)
    attached = _attach(matches, found, toks)
    covered = {k for m in matches for k in range(m.start, m.end)}
    counted = {k for f in found for k in range(f.number_start, max(f.noun, f.number_start) + 1)}
    out: list[ItemMention] = []
    for mi, m in enumerate(matches):
        quantity = None
        end = m.end
        if mi in attached:
            f, end = attached[mi]
            quantity = f.quantity
            if quantity.unit == "":  # "50 KN-23s": the count is of the item's type
                quantity = dataclasses.replace(quantity, unit=_CATEGORY_UNIT.get(m.category, quantity.unit))
        elif m.start - 1 not in counted:
            quantity = _count_after_recipient(m, toks, text, covered)
        c0, c1 = toks[m.start].idx, toks[end - 1].end
        out.append(ItemMention(m.category, text[c0:c1], c0, c1, quantity))
    return out


def item_category(text: str) -> str | None:
    """The category of a noun phrase ("short-range ballistic missiles", "Su-35 jets"), or None.

    The first item in the phrase decides ("containers of military equipment" -> arms).
    """
    toks = plain_tokens(text)
    if toks:  # a phrase given alone: its first word need not meet sentence-start case rules
        toks[0] = toks[0]._replace(sent_start=True)
    matches = _items_in(toks, text)
    return matches[0].category if matches else None
