"""Quantities in report sentences: "more than 1,000 containers", "a million artillery shells", "$1.2 billion".

spaCy marks number tokens (`like_num`, CARDINAL/MONEY/QUANTITY entities) but computes no values, and
neither it nor a well-kept library reads "a million", "tens of thousands", "1.2bn" or "some 300" into a
value with a bound, so the numeral grammar here is written by hand. It works over spaCy Docs and Spans (using
part-of-speech tags to find the counted noun when the pipeline tagged them) and over plain text (tokenised
by a regular expression, where the counted noun is found by word shape alone).

Choices, so that a reader of the dossier knows what a value means:
- ``bound``: "more than", "over", "at least", "upwards of", "in excess of", "... or more", "1,000+" ->
  at_least;
  "up to", "at most", "no more than", "fewer/less than", "under", "below", "as many as" -> at_most;
  "nearly", "almost", "close to", "just under", "just shy of" -> at_most and approximate (the speaker says the
  true figure is a little below the number).
- ``approximate``: "about", "some", "approximately", "around", "roughly", "an estimated", "... or so" ->
  approximate with bound exact.
- Vague magnitudes keep their words in ``text`` and a range in ``low``/``high``; ``value`` is the low end
  with bound at_least and approximate: "dozens" 24..99, "scores" 40..99, "hundreds" 200..999, "thousands"
  2,000..9,999, "tens of thousands" 20,000..99,999, "hundreds of thousands" 200,000..999,999, "millions"
  2..9.99 million; "several" 3..9 and "a few" 2..6 (times a following scale word: "several hundred" 300..999).
- Ranges ("between 300 and 500", "10,000-15,000", "two or three") give value = low, low/high, bound at_least.
- ``unit``: a measurement or currency unit when one follows ("km", "mile", "tonne", "barrel", "usd", "eur",
  "percent", "mm"); otherwise the lemma of the counted noun, singular ("container", "test"); shells,
  projectiles, bullets and cartridges count as "round". "over 100 missile tests" counts tests (unit "test"):
  the item it concerns ("missile") is found by `items.find_items`. Empty when nothing is counted. A
  hyphenated premodifier ("short-range", "surface-to-air", "155-mm", "Iranian-made") is read as one word and
  is never the counted noun: "two short-range ballistic missiles" counts missiles.
- Sums: "$1.2 billion", "1.2bn dollars", "$500m", "$1.2 bn", "$1.2-billion" -> unit "usd" (a currency code
  for each currency), value 1.2e9; "m"/"b"/"k" are million/billion/thousand only with a currency ("30m" is
  metres, "5k" is left alone). A sum after "worth" or "valued/priced at" is the value of the noun phrase
  before it ("artillery shells worth $1.2 billion"), which `items` attaches it to, unless it is a price of
  each ("drones worth $20,000 each").
- Not quantities: years, days of a month, clock times, ages and durations ("70-year-old", "three days"),
  ordinals ("third launch"), designators ("Hwasong 17", "Resolution 2397", "No. 5"), counts inside
  hyphenated adjectives ("two-stage"), and a conversion in brackets after a measure ("900 km (560 miles)").
- Offsets are character offsets in the Doc's text (also for a Span), or in the string given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from spacy.tokens import Doc, Span

__all__ = ["Quantity", "find_quantities", "parse_number", "unit_for_noun"]


@dataclass(frozen=True)
class Quantity:
    """A counted or measured amount as the report states it."""

    value: float
    unit: str
    approximate: bool
    bound: str  # "exact" | "at_least" | "at_most"
    text: str
    char_start: int
    char_end: int
    low: float | None = None
    high: float | None = None

    def as_contract(self) -> dict[str, object]:
        """The dossier's Quantity object (low/high ride along when known)."""
        out: dict[str, object] = {
            "value": self.value,
            "unit": self.unit,
            "approximate": self.approximate,
            "bound": self.bound,
            "text": self.text,
        }
        if self.low is not None:
            out["low"] = self.low
            out["high"] = self.high
        return out


class Tok(NamedTuple):
    """A token in the form this module and `items` read, from spaCy or from the plain-text tokenizer."""

    text: str
    lower: str
    idx: int  # character offset of the token's start
    end: int  # character offset just after it
    pos: str  # coarse part of speech, "" when untagged
    tag: str  # fine tag, "" when untagged
    lemma: str  # lower-case lemma, "" when unknown
    sent_start: bool


# --------------------------------------------------------------------------------------------- tokens

_PLAIN_TOKEN_RE = re.compile(
    r"(?:US|A|C|HK|NZ|S)?\$|[€£¥₩₽]"  # currency symbols (split off the number)
    r"|(?:USD|EUR|GBP|JPY|CNY|RMB|RUB|KRW|INR|HKD|AUD|CAD|CHF|SGD|NZD)(?=\d)"  # codes stuck on: "USD10m"
    r"|\d+(?:[.,]\d+)*(?:bn|mn|mln|tn|[kmb])?(?![\w])"  # numbers, 1,000 / 1.5 / 1.2bn
    r"|\d+(?=[a-zA-Z])"  # 152mm -> 152 | mm
    r"|[A-Za-z]+(?:\.[A-Za-z]\.?)+"  # a.m., U.S.
    r"|\w+(?:['’]\w+)*(?:[-/]\w+(?:['’]\w+)*)*"  # words, with hyphen/slash compounds (Shahed-136, S-300)
    r"|[^\w\s]"
)


_QUANTITIES_KEY = "armswatch_quantities"  # Doc.user_data key: the Doc's quantities, found once
_TOKENS_KEY = "armswatch_tokens"  # Doc.user_data key: the Doc's tokens, built once per Doc


def tokens_of(doc: Doc | Span | str) -> tuple[list[Tok], str]:
    """Tokens and the text their offsets index into (the Doc's text for a Span). A Doc's tokens are built
    once and kept in its user_data: items, quantities and events all read them, sentence by sentence,
    and spaCy rebuilds `Doc.text` on every access."""
    if isinstance(doc, str):
        return plain_tokens(doc), doc
    base = doc.doc if isinstance(doc, Span) else doc
    cached = base.user_data.get(_TOKENS_KEY)
    if cached is None:
        tagged = base.has_annotation("TAG")
        lemmas = base.has_annotation("LEMMA")
        toks = [
            Tok(
                t.text,
                t.lower_,
                t.idx,
                t.idx + len(t.text),
                t.pos_ if tagged else "",
                t.tag_ if tagged else "",
                t.lemma_.lower() if lemmas else "",
                bool(t.is_sent_start) or t.i == 0,
            )
            for t in base
        ]
        cached = base.user_data[_TOKENS_KEY] = (toks, base.text)
    toks, text = cached
    return (toks[doc.start : doc.end] if isinstance(doc, Span) else toks), text


def plain_tokens(text: str) -> list[Tok]:
    """Regex tokens for plain text: no tags; a token after . ! ? or a line break starts a sentence."""
    out: list[Tok] = []
    start_next = True
    prev_end = 0
    find = text.find
    for m in _PLAIN_TOKEN_RE.finditer(text):
        s = m.group()
        a, b = m.span()
        out.append(Tok(s, s.lower(), a, b, "", "", "", start_next or find("\n", prev_end, a) != -1))
        start_next = s in _SENTENCE_END
        prev_end = b
    return out


_SENTENCE_END = frozenset({".", "!", "?"})
_HYPHENS = frozenset({"-", "\u2010", "\u2011", "\u2013"})  # hyphen-minus, hyphen, no-break hyphen, en dash


# --------------------------------------------------------------------------------------------- numerals

_UNITS_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS_WORDS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALE_WORDS = {
    "hundred": 100.0,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "dozen": 12.0,
}
_SCALE_ABBREV = {"bn": 1e9, "b": 1e9, "mn": 1e6, "mln": 1e6, "m": 1e6, "k": 1e3, "tn": 1e12}
_SPACED_ABBREV = frozenset({"bn", "mn", "mln"})  # read as a scale also after a space ("$1.2 bn")
# (low, high) of vague plural magnitudes; a following "of thousands" multiplies ("tens of thousands")
_VAGUE_PLURALS = {
    "dozens": (24.0, 99.0),
    "scores": (40.0, 99.0),
    "hundreds": (200.0, 999.0),
    "thousands": (2e3, 9999.0),
    "millions": (2e6, 9.99e6),
    "billions": (2e9, 9.99e9),
    "tens": (20.0, 99.0),
}
_VAGUE_QUANTIFIERS = {"several": (3.0, 9.0), "few": (2.0, 6.0)}
_NUMBER_RE = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(bn|mn|mln|tn|[kmb])?$")
_WORD_NUMBER_TOKENS = set(_UNITS_WORDS) | set(_TENS_WORDS) | set(_SCALE_WORDS)


class Numeral(NamedTuple):
    start: int  # token index of the first token
    end: int  # token index after the last token
    value: float
    low: float | None
    high: float | None
    vague: bool  # "dozens", "thousands", "several": counts only through "of" or a following noun
    scaled_abbrev: bool  # "1.2bn", "30m": needs a currency to read m/b as million/billion


def _digits_value(lower: str) -> tuple[float, str | None] | None:
    m = _NUMBER_RE.match(lower)
    if not m:
        return None
    value = float(m.group(1).replace(",", "") + (m.group(2) or ""))
    return value, m.group(3)


def _words_value(words: list[str]) -> float | None:
    """English cardinal words to a value: "twenty five", "one hundred and twenty", "a million"."""
    total, current, seen = 0.0, 0.0, False
    for w in words:
        if w in ("a", "an"):
            current = current or 1.0
        elif w in _UNITS_WORDS:
            current += _UNITS_WORDS[w]
        elif w in _TENS_WORDS:
            current += _TENS_WORDS[w]
        elif w == "hundred":
            current = (current or 1.0) * 100
        elif w in _SCALE_WORDS:
            total += (current or 1.0) * _SCALE_WORDS[w]
            current = 0.0
        else:
            continue
        seen = True
    return total + current if seen else None


def _parse_numeral(toks: list[Tok], i: int) -> Numeral | None:
    """The numeral starting at token i, if any."""
    n = len(toks)
    w = toks[i].lower
    nxt = toks[i + 1].lower if i + 1 < n else ""
    # "half a million", "half a dozen"
    if w == "half" and nxt in ("a", "an") and i + 2 < n and toks[i + 2].lower in _SCALE_WORDS:
        return Numeral(i, i + 3, 0.5 * _SCALE_WORDS[toks[i + 2].lower], None, None, False, False)
    # vague plurals: "dozens", "hundreds", "tens of thousands", "hundreds of millions"
    if w in _VAGUE_PLURALS:
        low, high = _VAGUE_PLURALS[w]
        end = i + 1
        if nxt == "of" and i + 2 < n and toks[i + 2].lower in ("thousands", "millions", "billions"):
            scale = {"thousands": 1e3, "millions": 1e6, "billions": 1e9}[toks[i + 2].lower]
            if w in ("tens", "hundreds"):
                low, high, end = low * scale, (high + 1) * scale - 1, i + 3
        elif w == "tens":
            return None
        return Numeral(i, end, low, low, high, True, False)
    # "several hundred", "a few thousand", "several", "a few"
    if w in _VAGUE_QUANTIFIERS or (w == "a" and nxt == "few"):
        j = i + 1 if w in _VAGUE_QUANTIFIERS else i + 2
        low, high = _VAGUE_QUANTIFIERS["few" if w == "a" else w]
        if j < n and toks[j].lower in _SCALE_WORDS:  # "several dozen" 36..119, "a few thousand"
            scale = _SCALE_WORDS[toks[j].lower]
            return Numeral(i, j + 1, low * scale, low * scale, (high + 1) * scale - 1, True, False)
        return Numeral(i, j, low, low, high, True, False)
    digits = _digits_value(w)
    if digits is not None:
        value, abbrev = digits
        j = i + 1
        if abbrev is None and j < n:  # "$500m" and "$1.2 bn" where a tokenizer split the abbreviation off
            nl = toks[j].lower
            if nl in _SPACED_ABBREV or (nl in _SCALE_ABBREV and toks[j].idx == toks[i].end):
                abbrev, j = nl, j + 1
        if abbrev:
            return Numeral(i, j, value * _SCALE_ABBREV[abbrev], None, None, False, True)
        while j < n:
            nl = toks[j].lower
            if nl not in _SCALE_WORDS:
                # "$1.2-billion": a scale word joined by a hyphen is part of the number, not a range's end
                if not (
                    toks[j].text in _HYPHENS
                    and j + 1 < n
                    and toks[j + 1].lower in _SCALE_WORDS
                    and toks[j + 1].lower != "dozen"
                    and toks[j].idx == toks[j - 1].end
                    and toks[j + 1].idx == toks[j].end
                ):
                    break
                j += 1
                nl = toks[j].lower
            value *= _SCALE_WORDS[nl]
            j += 1
        return Numeral(i, j, value, None, None, False, False)
    # cardinal words, with "a"/"an" only before a scale word ("a million", "a dozen")
    if w in ("a", "an"):
        if nxt not in _SCALE_WORDS:
            return None
    elif not all(part in _WORD_NUMBER_TOKENS for part in w.split("-")):
        return None
    words: list[str] = []
    j = i
    while j < n:
        t = toks[j].lower
        parts = t.split("-") if "-" in t else [t]
        if all(p in _WORD_NUMBER_TOKENS for p in parts) or (j == i and t in ("a", "an")):
            words.extend(parts)
            j += 1
        elif t in ("-", "and") and j + 1 < n and toks[j + 1].lower in _WORD_NUMBER_TOKENS and words:
            j += 1
        else:
            break
    value = _words_value(words)
    if value is None:
        return None
    return Numeral(i, j, value, None, None, False, False)


def parse_number(text: str) -> float | None:
    """The value of a numeral written in text: "1,000", "twenty-five", "a million", "1.5 million", "1.2bn"."""
    toks = plain_tokens(text)
    if not toks:
        return None
    num = _parse_numeral(toks, 0)
    if num is None or num.end != len(toks):
        return None
    return num.value


# --------------------------------------------------------------------------------------------- units

_CURRENCY_SYMBOLS = {
    "$": "usd",
    "us$": "usd",
    "€": "eur",
    "£": "gbp",
    "¥": "jpy",
    "₩": "krw",
    "₽": "rub",
    "a$": "aud",
    "c$": "cad",
    "hk$": "hkd",
    "nz$": "nzd",
    "s$": "sgd",
}
_CURRENCY_CODES = {
    "usd": "usd",
    "eur": "eur",
    "gbp": "gbp",
    "rub": "rub",
    "krw": "krw",
    "cny": "cny",
    "rmb": "cny",
    "jpy": "jpy",
    "irr": "irr",
    "uah": "uah",
    "inr": "inr",
    "pkr": "pkr",
    "kpw": "kpw",
    "rs": "rupee",
    "rs.": "rupee",
    "hkd": "hkd",
    "aud": "aud",
    "cad": "cad",
    "chf": "chf",
    "sgd": "sgd",
    "nzd": "nzd",
}
_CURRENCY_WORDS = {
    "dollar": "usd",
    "dollars": "usd",
    "euro": "eur",
    "euros": "eur",
    "ruble": "rub",
    "rubles": "rub",
    "rouble": "rub",
    "roubles": "rub",
    "yuan": "cny",
    "renminbi": "cny",
    "yen": "jpy",
    "won": "krw",
    "rupee": "rupee",
    "rupees": "rupee",
    "rial": "irr",
    "rials": "irr",
    "hryvnia": "uah",
    "hryvnias": "uah",
    "sterling": "gbp",
}
_MEASURE_WORDS = {
    "km": "km",
    "kms": "km",
    "kilometer": "km",
    "kilometers": "km",
    "kilometre": "km",
    "kilometres": "km",
    "mile": "mile",
    "miles": "mile",
    "nm": "nmi",
    "nmi": "nmi",
    "m": "m",
    "metre": "m",
    "metres": "m",
    "meter": "m",
    "meters": "m",
    "mm": "mm",
    "millimetre": "mm",
    "millimetres": "mm",
    "millimeter": "mm",
    "millimeters": "mm",
    "cm": "cm",
    "kg": "kg",
    "kgs": "kg",
    "kilogram": "kg",
    "kilograms": "kg",
    "kilogramme": "kg",
    "tonne": "tonne",
    "tonnes": "tonne",
    "ton": "tonne",
    "tons": "tonne",
    "t": "tonne",
    "lb": "lb",
    "lbs": "lb",
    "pound": "lb",
    "pounds": "lb",
    "barrel": "barrel",
    "barrels": "barrel",
    "bbl": "barrel",
    "bpd": "barrel_per_day",
    "litre": "litre",
    "litres": "litre",
    "liter": "litre",
    "liters": "litre",
    "gallon": "gallon",
    "gallons": "gallon",
    "%": "percent",
    "percent": "percent",
    "pct": "percent",
    "pc": "percent",  # British papers' "per cent" abbreviation
    # power, energy, data, frequency, speed, length: the field's vocabulary (issue 12)
    "w": "w", "kw": "kw", "mw": "mw", "gw": "gw", "kwh": "kwh", "mwh": "mwh", "gwh": "gwh",
    "kb": "kb", "mb": "mb", "gb": "gb", "tb": "tb",
    "hz": "hz", "khz": "khz", "mhz": "mhz", "ghz": "ghz",
    "mph": "mph", "kph": "km_per_hour", "km/h": "km_per_hour", "knot": "knot", "knots": "knot",
    "yard": "yard", "yards": "yard", "yd": "yard", "yds": "yard",
    "inch": "inch", "inches": "inch",
    "ft": "foot", "foot": "foot", "feet": "foot",
    "hectare": "hectare", "hectares": "hectare", "ha": "hectare", "acre": "acre", "acres": "acre",
    "calibre": "mm", "caliber": "mm",
}
# two-token measures read before one-token ones
_MEASURE_PAIRS = {
    ("metric", "ton"): "tonne",
    ("metric", "tons"): "tonne",
    ("metric", "tonnes"): "tonne",
    ("nautical", "miles"): "nmi",
    ("nautical", "mile"): "nmi",
    ("per", "cent"): "percent",
    ("us", "dollars"): "usd",
    ("u.s.", "dollars"): "usd",
    ("pounds", "sterling"): "gbp",
    ("sq", "m"): "m2", ("sq", "km"): "km2", ("sq", "ft"): "ft2", ("sq", "mi"): "mile2",
    ("square", "metres"): "m2", ("square", "meters"): "m2", ("square", "metre"): "m2",
    ("square", "kilometres"): "km2", ("square", "kilometers"): "km2", ("square", "miles"): "mile2",
    ("square", "feet"): "ft2", ("km", "/"): "km_per_hour",
}
# currency units (what "$", "USD", "dollars" give)
_MONEY_UNITS = frozenset(_CURRENCY_SYMBOLS.values()) | frozenset(_CURRENCY_CODES.values()) | frozenset(
    _CURRENCY_WORDS.values()
)
# measures that never count an item (distances, calibres, shares)
NON_COUNT_UNITS = frozenset({
    "km", "mile", "nmi", "m", "mm", "cm", "percent", "w", "kw", "mw", "gw", "kwh", "mwh", "gwh", "kb", "mb",
    "gb", "tb", "hz", "khz", "mhz", "ghz", "mph", "km_per_hour", "knot", "yard", "inch", "foot", "hectare",
    "acre", "m2", "km2", "ft2", "mile2",
})
_TIME_UNITS = frozenset(
    {
        "year",
        "years",
        "yr",
        "yrs",
        "month",
        "months",
        "week",
        "weeks",
        "day",
        "days",
        "hour",
        "hours",
        "minute",
        "minutes",
        "second",
        "seconds",
        "decade",
        "decades",
        "century",
        "centuries",
        "night",
        "nights",
        "a.m.",
        "p.m.",
        "am",
        "pm",
        "o'clock",
        "gmt",
        "utc",
        "bst",
        "kst",
    }
)
_NOUN_UNIT_MAP = {
    "shell": "round",
    "projectile": "round",
    "bullet": "round",
    "cartridge": "round",
    "artillery": "round",
}
_IRREGULAR_SINGULAR = {
    "people": "person",
    "men": "man",
    "women": "woman",
    "children": "child",
    "aircraft": "aircraft",
    "personnel": "personnel",
    "series": "series",
    "arms": "arms",
    "ammunition": "ammunition",
    "equipment": "equipment",
    "munitions": "munition",
    "troops": "troop",
    "lives": "life",
    "knives": "knife",
    "crises": "crisis",
}


def singular(word: str) -> str:
    """Rule-based singular of an English noun (enough for unit names and lexicon keys)."""
    w = word.lower()
    if w in _IRREGULAR_SINGULAR:
        return _IRREGULAR_SINGULAR[w]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if w.endswith(("ches", "shes", "sses", "xes", "zzes")):
        return w[:-2]
    if len(w) > 2 and w.endswith("s") and not w.endswith(("ss", "us", "is", "'s")):
        return w[:-1]
    return w


def unit_for_noun(word: str, lemma: str = "") -> str:
    """The unit name for a counted noun: its singular lemma, with ammunition counted in rounds."""
    w = word.lower()
    if w in _MEASURE_WORDS:
        return _MEASURE_WORDS[w]
    if w in _CURRENCY_WORDS:
        return _CURRENCY_WORDS[w]
    base = lemma if lemma and lemma.replace("-", "").isalpha() and lemma != "-pron-" else singular(w)
    return _NOUN_UNIT_MAP.get(base, base)


# --------------------------------------------------------------------------------------------- modifiers

_APPROX = ("exact", True)
_AT_LEAST = ("at_least", False)
_AT_MOST = ("at_most", False)
_BELOW_NEAR = ("at_most", True)
_PREFIXES: dict[tuple[str, ...], tuple[str, bool]] = {
    ("more", "than"): _AT_LEAST,
    ("over",): _AT_LEAST,
    ("at", "least"): _AT_LEAST,
    ("upwards", "of"): _AT_LEAST,
    ("upward", "of"): _AT_LEAST,
    ("in", "excess", "of"): _AT_LEAST,
    ("above",): _AT_LEAST,
    ("no", "fewer", "than"): _AT_LEAST,
    ("no", "less", "than"): _AT_LEAST,
    ("well", "over"): _AT_LEAST,
    ("well", "above"): _AT_LEAST,
    ("just", "over"): ("at_least", True),
    ("at", "minimum"): _AT_LEAST,
    ("a", "minimum", "of"): _AT_LEAST,
    ("greater", "than"): _AT_LEAST,
    ("up", "to"): _AT_MOST,
    ("at", "most"): _AT_MOST,
    ("no", "more", "than"): _AT_MOST,
    ("fewer", "than"): _AT_MOST,
    ("less", "than"): _AT_MOST,
    ("under",): _AT_MOST,
    ("below",): _AT_MOST,
    ("as", "many", "as"): ("at_most", True),
    ("as", "much", "as"): ("at_most", True),
    ("a", "maximum", "of"): _AT_MOST,
    ("not", "more", "than"): _AT_MOST,
    ("nearly",): _BELOW_NEAR,
    ("almost",): _BELOW_NEAR,
    ("close", "to"): _BELOW_NEAR,
    ("just", "under"): _BELOW_NEAR,
    ("just", "shy", "of"): _BELOW_NEAR,
    ("just", "below"): _BELOW_NEAR,
    ("about",): _APPROX,
    ("some",): _APPROX,
    ("approximately",): _APPROX,
    ("approx",): _APPROX,
    ("approx", "."): _APPROX,
    ("around",): _APPROX,
    ("roughly",): _APPROX,
    ("an", "estimated"): _APPROX,
    ("estimated",): _APPROX,
    ("circa",): _APPROX,
    ("c.",): _APPROX,
    ("~",): _APPROX,
    ("an", "approximate"): _APPROX,
    ("a", "total", "of"): ("exact", False),
    ("exactly",): ("exact", False),
    ("precisely",): ("exact", False),
}
_PREFIX_MAX = max(len(k) for k in _PREFIXES)
_MONTHS = frozenset(
    {
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    }
)
# words before a number that make it an identifier ("Resolution 2397", "No. 5")
_ID_WORDS = frozenset(
    {
        "no",
        "no.",
        "nos",
        "#",
        "number",
        "resolution",
        "article",
        "section",
        "chapter",
        "page",
        "paragraph",
        "para",
        "flight",
        "route",
        "pier",
        "berth",
        "gate",
        "phase",
        "stage",
        "level",
        "grade",
        "volume",
        "vol",
        "item",
        "annex",
        "rule",
        "point",
        "line",
        "platform",
        "building",
        "block",
        "room",
        "unit",
        "model",
        "version",
        "type",
        "class",
        "series",
        "mark",
        "mk",
        "tier",
        "category",
        "code",
        "sector",
    }
)
_DET_AFTER_OF = frozenset({"the", "these", "those", "its", "their", "his", "her", "our", "them", "which"})
_PLURAL_IRREGULAR = frozenset(
    {
        "people",
        "aircraft",
        "personnel",
        "troops",
        "arms",
        "equipment",
        "ammunition",
        "police",
        "cattle",
        "sheep",
        "fish",
        "seafood",
    }
)
_NOUNISH_POS = frozenset({"NOUN", "PROPN"})
_RUN_POS = frozenset({"NOUN", "PROPN", "ADJ", "NUM"})
_STOPWORDS = frozenset(
    {
        "a",
        "an",
        "the",
        "of",
        "to",
        "from",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "and",
        "or",
        "but",
        "nor",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "that",
        "this",
        "these",
        "those",
        "which",
        "who",
        "whom",
        "whose",
        "what",
        "when",
        "where",
        "why",
        "how",
        "it",
        "its",
        "they",
        "them",
        "their",
        "he",
        "she",
        "his",
        "her",
        "we",
        "our",
        "you",
        "your",
        "i",
        "me",
        "my",
        "not",
        "no",
        "than",
        "then",
        "there",
        "here",
        "also",
        "into",
        "onto",
        "over",
        "under",
        "about",
        "after",
        "before",
        "since",
        "until",
        "while",
        "during",
        "per",
        "each",
        "every",
        "all",
        "some",
        "any",
        "more",
        "most",
        "other",
        "such",
        "only",
        "just",
        "said",
        "says",
        "say",
        "according",
    }
)
_DESIGNATOR_RE = re.compile(r"^[a-z]{1,8}-?\d{1,4}[a-z0-9]{0,4}$")


# --------------------------------------------------------------------------------------------- finding


class Found(NamedTuple):
    """A quantity with the token indices `items` needs to attach it."""

    quantity: Quantity
    number_start: int  # token index where the quantity's text starts
    noun: int  # token index of the counted noun or unit, -1 when none
    # token index where the phrase naming what a container, measure or sum is of starts, or -1: after its
    # "of"/"worth of" ("1,000 containers of ...", "$1.2 billion worth of ..."), or, for a sum, before its
    # "worth"/"valued at" ("artillery shells worth $1.2 billion")
    of_target: int


def _prefix(toks: list[Tok], start: int) -> tuple[int, str, bool]:
    """(first token index, bound, approximate) of a bound/approximation phrase ending before `start`."""
    for size in range(min(_PREFIX_MAX, start), 0, -1):
        key = tuple(t.lower for t in toks[start - size : start])
        if key in _PREFIXES:
            bound, approx = _PREFIXES[key]
            return start - size, bound, approx
    return start, "exact", False


def _is_plural_looking(tok: Tok) -> bool:
    if tok.tag:
        return tok.tag in ("NNS", "NNPS")
    w = tok.lower
    return w in _PLURAL_IRREGULAR or (len(w) > 2 and w.endswith("s") and not w.endswith(("ss", "us", "is")))


def _noun_run_head(toks: list[Tok], j: int, sent_end: int) -> int:
    """Index of the head noun of the noun phrase starting at j (premodifiers skipped), or -1."""
    n = min(sent_end, len(toks), j + 7)
    if j >= n:
        return -1
    if toks[0].tag or toks[0].pos:  # tagged: the last noun of a run of premodifiers and nouns
        head = -1
        compound_head = False  # the head so far ends a hyphenated compound ("short-range")
        limit = min(sent_end, len(toks))
        k = j
        while k < n:
            t = toks[k]
            g = _compound_end(toks, k, limit)
            if g != k:
                # a hyphenated compound ("short-range", "surface-to-air", "155-mm") is one premodifier:
                # its parts are not read one by one, and a noun ending it heads only when nothing follows
                if toks[g].pos in _NOUNISH_POS or _DESIGNATOR_RE.match(toks[g].lower):
                    head, compound_head = g, True
                n = min(limit, n + g - k)  # the hyphens do not use up the phrase's length
                k = g + 1
                continue
            if t.pos in _NOUNISH_POS or _DESIGNATOR_RE.match(t.lower):
                if t.lower in _STOPWORDS and t.pos != "PROPN":
                    break
                head, compound_head = k, False
            elif t.pos in _RUN_POS or t.tag in ("HYPH", "VBN", "VBG") or t.lower in _MEASURE_WORDS:
                # "152 mm" calibres inside the phrase are fine; a second count is not
                if (
                    t.pos == "NUM"
                    and k > j
                    and toks[k - 1].tag != "HYPH"
                    and head == -1
                    and not (k + 1 < n and toks[k + 1].lower in ("mm", "-"))
                ):
                    break
                if t.tag in ("VBN", "VBG") and not (k + 1 < n and toks[k + 1].pos in _RUN_POS):
                    break
                if head != -1 and t.pos == "ADJ" and not compound_head:
                    break
            else:
                break
            k += 1
        return head
    # untagged: up to three content words; the head is the first plural-looking one, else the last
    run: list[int] = []
    k = j
    while k < n and len(run) < 3:
        t = toks[k]
        if t.lower == "-" and run:
            k += 1
            continue
        if t.lower.isdigit() and not run and _is_calibre(toks, k):
            k += 3 if toks[k + 1].lower == "-" else 2  # "152mm shells", "122-mm rockets"
            continue
        if t.lower in _PREMODIFIERS and not run:
            k += 1
            continue
        if t.lower in _STOPWORDS or not (
            t.text[0].isalpha() or _DESIGNATOR_RE.match(t.lower) or t.lower in _MEASURE_WORDS
        ):
            break
        if t.text[0].isupper() and run and not toks[run[-1]].text[0].isupper():
            break  # "containers North Korea ..." - a name starts a new phrase
        run.append(k)
        if _is_plural_looking(t):
            break
        k += 1
    if not run:
        return -1
    for k in run:
        if _is_plural_looking(toks[k]):
            return k
    return run[-1]


_PREMODIFIERS = frozenset({"other", "more", "new", "additional", "further", "such"})


def _compound_end(toks: list[Tok], k: int, limit: int) -> int:
    """Index of the last token of a hyphenated compound starting at k ("short - range", "surface - to - air",
    "155 - mm"), its parts written with no space around the hyphens and one of them a word; k itself when
    there is none (also for digits only: "721-1115")."""
    end = k
    wordy = toks[k].text[:1].isalpha()
    while (
        end + 2 < limit
        and toks[end + 1].text in _HYPHENS
        and toks[end + 1].idx == toks[end].end
        and toks[end + 2].idx == toks[end + 1].end
        and toks[end + 2].text[:1].isalnum()
    ):
        end += 2
        wordy = wordy or toks[end].text[:1].isalpha()
    return end if wordy else k


def _is_calibre(toks: list[Tok], k: int) -> bool:
    """A calibre at k: "152 mm", "152-mm" (a measure inside a noun phrase, not a second count)."""
    nxt = toks[k + 1].lower if k + 1 < len(toks) else ""
    if nxt == "-" and k + 2 < len(toks):
        nxt = toks[k + 2].lower
    return nxt in ("mm", "millimetre", "millimeter")


_VALUED_AT = frozenset({"valued", "priced", "estimated", "put"})  # "... valued at $500 million"
_PER_ITEM = frozenset({"each", "apiece", "per", "a", "an"})  # "worth $20,000 each / a piece / per unit"


def _valued_phrase(toks: list[Tok], p: int, q_end: int) -> int:
    """Where the noun phrase that a sum starting at p is the value of starts, when the sum follows it through
    "worth" or "valued/priced/estimated at" ("artillery shells worth $1.2 billion", "drones valued at $500
    million"); -1 otherwise, also for a price of each ("drones worth $20,000 each")."""
    v = p - 1
    if v >= 1 and toks[v].lower == "at" and toks[v - 1].lower in _VALUED_AT:
        v -= 1
    elif v < 1 or toks[v].lower != "worth":
        return -1
    if q_end < len(toks) and toks[q_end].lower in _PER_ITEM:
        return -1
    tagged = bool(toks[0].tag or toks[0].pos)
    start = -1
    e = v - 1  # last token of the phrase's element being read, right to left
    for _ in range(4):
        if e < 0:
            break
        b = e  # a hyphenated compound ("short - range") is one element
        while (
            b >= 2
            and toks[b - 1].text in _HYPHENS
            and toks[b - 1].idx == toks[b - 2].end
            and toks[b].idx == toks[b - 1].end
            and toks[b - 2].text[:1].isalnum()
        ):
            b -= 2
        t = toks[e]
        if t.lower in _STOPWORDS and t.pos != "PROPN":
            break
        if tagged:
            nounish = t.pos in _NOUNISH_POS or bool(_DESIGNATOR_RE.match(t.lower))
            if not (nounish if start == -1 else nounish or b != e or t.pos in _RUN_POS):
                break
        elif not (t.text[:1].isalpha() or _DESIGNATOR_RE.match(t.lower)) or (
            start != -1 and t.text[:1].isupper() and not toks[start].text[:1].isupper()
        ):
            break  # untagged: words only, and a name before a lower-case noun starts another phrase
        start = b
        if toks[b].sent_start:
            break
        e = b - 1
    return start


def _sentence_end(toks: list[Tok], i: int) -> int:
    k = i + 1
    while k < len(toks) and not toks[k].sent_start:
        k += 1
    return k


def _measure_at(toks: list[Tok], j: int) -> tuple[str, int] | None:
    """(unit, index after it) for a measurement or currency word at j, also across a hyphen ("900-km")."""
    n = len(toks)
    if j < n and toks[j].lower == "-" and j + 1 < n:
        j += 1
    if j + 1 < n and (toks[j].lower, toks[j + 1].lower) in _MEASURE_PAIRS:
        return _MEASURE_PAIRS[(toks[j].lower, toks[j + 1].lower)], j + 2
    if j < n and toks[j].lower in _MEASURE_WORDS:
        return _MEASURE_WORDS[toks[j].lower], j + 1
    if j < n and toks[j].lower in _CURRENCY_WORDS:
        return _CURRENCY_WORDS[toks[j].lower], j + 1
    if j < n and toks[j].lower in _CURRENCY_CODES and toks[j].text.isupper():
        return _CURRENCY_CODES[toks[j].lower], j + 1
    return None


def _is_excluded(toks: list[Tok], num: Numeral, currency: str | None, noun_lower: str) -> bool:
    """Years, dates, times, ages, durations, ordinals, designators and hyphenated adjectives."""
    n = len(toks)
    first = toks[num.start]
    prev = toks[num.start - 1] if num.start > 0 else None
    after = toks[num.end] if num.end < n else None
    after2 = toks[num.end + 1] if num.end + 1 < n else None
    if currency:
        return False
    is_plain_int = (
        num.end - num.start == 1
        and _NUMBER_RE.match(first.lower)
        and "," not in first.lower
        and "." not in first.lower
    )
    if is_plain_int and len(first.lower) > 1 and first.lower.startswith("0"):
        return True  # "01", "007": codes, days, clock digits
    if (
        is_plain_int
        and len(first.lower) == 4
        and 1800 <= num.value <= 2100
        and (after is None or not _is_plural_looking(after))
    ):
        return True  # a year
    if prev is not None and prev.lower.rstrip(".") in _MONTHS:
        return True  # "October 13"
    if after is not None and (
        after.lower.rstrip(".") in _MONTHS
        or (after.lower == "of" and after2 is not None and after2.lower.rstrip(".") in _MONTHS)
    ):
        return True  # "13 October", "13th of October"
    if after is not None and after.lower in ("th", "st", "nd", "rd") and after.idx == first.end:
        return True  # "8th" split by the plain tokenizer
    if noun_lower in _TIME_UNITS:
        return True  # durations, ages, clock times
    if after is not None and after.lower in (":", "/") and after2 is not None and after2.lower[:1].isdigit():
        return True  # 10:30, 3/4
    if prev is not None:
        if prev.lower in _ID_WORDS and not (prev.sent_start and prev.lower == "no"):
            return True
        if prev.lower in ("aged", "age"):
            return True
        if (
            prev.text[:1].isupper()
            and not prev.sent_start
            and prev.lower not in _STOPWORDS
            and prev.lower not in _CURRENCY_CODES
            and (prev.tag in ("NNP", "NNPS") or not prev.tag)
            and not any(prev.lower == k[-1] for k in _PREFIXES)
        ):
            return True  # "Hwasong 17", "Leopard 2"
        if (
            prev.lower in ("-", "/", ".")
            and num.start > 1
            and toks[num.start - 2].text[:1].isalnum()
            and prev.idx == toks[num.start - 2].end
            and prev.end == first.idx
        ):
            return True  # "Hwasong-17" split by a tokenizer, "2023-10-26", "F/A-18"
    after2_word = after2.lower.split("-")[0] if after2 is not None else ""
    if (
        after is not None
        and after.lower == "-"
        and after2_word.isalpha()
        and after2_word not in _MEASURE_WORDS
        and after2_word not in _WORD_NUMBER_TOKENS
    ):
        return True  # "two-stage", "three-day"
    one_as_pronoun = first.lower == "one" and (
        (after is not None and after.lower in ("of", "another", "day", "time", "way", "side"))
        or (
            prev is not None
            and prev.lower
            in ("the", "this", "that", "which", "any", "no", "every", "each", "only", "someone", "anyone")
        )
    )
    return one_as_pronoun


def _numeral_starts() -> frozenset[str]:
    """Tokens a numeral or a currency before one can start with (a fast first test)."""
    words = set(_WORD_NUMBER_TOKENS) | set(_VAGUE_PLURALS) | set(_VAGUE_QUANTIFIERS) | {"a", "an", "half"}
    return frozenset(words | set(_CURRENCY_SYMBOLS) | set(_CURRENCY_CODES) | {"us"})


_NUMERAL_STARTS = _numeral_starts()


def _find(toks: list[Tok], text: str) -> list[Found]:
    out: list[Found] = []
    n = len(toks)
    i = 0
    last_measure_end = -10  # token index after the last measure quantity (to skip bracketed conversions)
    while i < n:
        t = toks[i]
        if (
            t.lower not in _NUMERAL_STARTS
            and not t.lower[:1].isdigit()
            and t.lower.partition("-")[0] not in _NUMERAL_STARTS
        ):
            i += 1
            continue
        currency = None
        num_i = i
        if t.lower in _CURRENCY_SYMBOLS or (
            t.lower in _CURRENCY_CODES and t.text.isupper() and t.lower != "rs"
        ):
            currency = _CURRENCY_SYMBOLS.get(t.lower) or _CURRENCY_CODES[t.lower]
            num_i = i + 1
            if t.lower == "$" and i > 0 and toks[i - 1].text == "US":
                i -= 1  # "US $1.2 billion"
        num = _parse_numeral(toks, num_i) if num_i < n else None
        if num is None:
            i += 1
            continue
        measure: tuple[str, int] | None = None
        if num.scaled_abbrev and not currency:
            # "30m" without a currency is 30 metres ("30m dollars" is money), "5k" is left alone
            value, abbrev = _digits_value(toks[num.start].lower) or (0.0, None)
            abbrev = abbrev or toks[num.end - 1].lower  # split off by the tokenizer: "30" "m"
            after = _measure_at(toks, num.end)
            # "1.2m tons", "1.2m people": a million of a measure or of a counted noun, not metres
            counted = after is not None or (num.end < n and toks[num.end].lower.isalpha()
                                            and _is_plural_looking(toks[num.end]))
            if not abbrev.endswith("n") and not (after and after[0] in _MONEY_UNITS) and not (
                    abbrev == "m" and counted):
                if abbrev != "m":
                    i = num.end
                    continue
                num = num._replace(value=value)
                measure = ("m", num.end)
        start_i = i if currency else num.start
        low, high = num.low, num.high
        value = num.value
        end = num.end
        # ranges: "300 to 500", "10,000-15,000", "two or three", "between 300 and 500"
        between = start_i > 0 and toks[start_i - 1].lower == "between"
        # "between 5% and 6%", "5 to 6 km": a range whose first end repeats the unit
        unit_first = _measure_at(toks, end) if not currency else None
        if unit_first is not None and unit_first[1] + 1 < n and toks[unit_first[1]].lower in (
                "to", "-", "–", "and") and (between or toks[unit_first[1]].lower != "and"):
            second_end = _parse_numeral(toks, unit_first[1] + 1)
            m_second = _measure_at(toks, second_end.end) if second_end is not None else None
            if second_end is not None and not second_end.vague and not num.vague and (
                    m_second is not None and m_second[0] == unit_first[0]):
                end = unit_first[1]  # the joiner: read on as if the unit were not repeated
        joiner = toks[end].lower if end + 1 < n else ""
        if joiner in ("to", "-", "–", "or", "and") and (between or joiner != "and"):
            second_currency = _CURRENCY_SYMBOLS.get(toks[end + 1].lower)
            second = _parse_numeral(toks, end + 1 + (1 if second_currency else 0))
            same_unit = second_currency is None or second_currency == currency
            if second is not None and not second.vague and not num.vague and same_unit:
                hi_value = second.value
                if second.end - second.start > 1 and num.end - num.start == 1 and value < 1000 <= hi_value:
                    digits = _digits_value(toks[second.start].lower)
                    head = digits[0] if digits else _words_value([toks[second.start].lower])
                    scale = hi_value / head if head else 1.0
                    # "1 to 2 million", "four to five thousand": the scale word serves both ends, unless
                    # that would put the low end above the high ("from $200 to $4 million")
                    if value * scale <= hi_value:
                        value *= scale
                low, high, end = value, hi_value, second.end
        pre_end = start_i - 1 if between else start_i
        p_start, bound, approx = _prefix(toks, pre_end)
        if num.vague or (low is not None and high is not None):
            bound = "at_least" if bound == "exact" else bound
            approx = approx or num.vague or (end > num.end and toks[num.end].lower == "or")
        plus = end < n and (
            toks[end].text == "+"
            or (toks[end].lower == "plus" and not (end + 1 < n and toks[end + 1].text[:1].isdigit()))
        )
        if plus:
            bound = "at_least"
            end += 1
        # the unit: currency, measure, or the counted noun
        sent_end = _sentence_end(toks, end - 1)
        noun = -1
        of_target = -1
        unit = currency or ""
        q_end = end
        if currency:
            m2 = _measure_at(toks, end)
            if m2 and m2[0] == currency:
                q_end = m2[1]  # "$5 million dollars" / "€30 million euros"
            noun = q_end - 1
        elif measure is not None:
            unit, q_end = measure
            noun = q_end - 1
        else:
            m = _measure_at(toks, end)
            if m is not None:
                unit, q_end = m
                noun = q_end - 1
            else:
                j = end
                if (
                    j < n
                    and toks[j].lower == "of"
                    and (num.vague or (j + 1 < n and toks[j + 1].lower in _DET_AFTER_OF))
                ):
                    j += 1  # "dozens of drones", "two of the ships"
                    while j < n and toks[j].lower in _DET_AFTER_OF:
                        j += 1
                    head = _noun_run_head(toks, j, sent_end)
                elif num.vague and toks[num.start].lower not in ("several", "few", "a"):
                    head = -1  # "thousands were killed" counts nothing named
                else:
                    head = _noun_run_head(toks, j, sent_end)
                if head != -1:
                    noun = head
                    unit = unit_for_noun(toks[head].text, toks[head].lemma)
                    q_end = head + 1
                    if _DESIGNATOR_RE.match(toks[head].lower) and not toks[head].lower.isalpha():
                        unit = ""  # "50 KN-23s": items fills in the type
                elif (
                    num.vague
                    and not (num.end < n and toks[num.end].lower == "of")
                    and toks[num.start].lower in ("several", "few", "a")
                ):
                    i = end
                    continue  # "several" alone is no quantity
        if not currency and _is_excluded(toks, num, currency, toks[noun].lower if noun != -1 else ""):
            i = max(end, num.start + 1)
            continue
        if not currency and unit == "" and not _digits_value(toks[num.start].lower) and value < 100:
            i = end
            continue  # "the two", "several of which", "one": a word numeral that counts nothing named
        # bracketed conversion after a measure: "900 km (560 miles)"
        if (
            unit in NON_COUNT_UNITS | {"tonne", "kg", "lb", "barrel", "litre", "gallon"}
            and start_i - p_start == 0
            and start_i > 0
            and toks[start_i - 1].lower == "("
            and last_measure_end == start_i - 1
        ):
            i = q_end
            continue
        if unit in NON_COUNT_UNITS | {"tonne", "kg", "lb", "barrel", "litre", "gallon"} or currency:
            last_measure_end = q_end
        # suffixes: "or more", "or so", "or fewer"
        if q_end + 1 < n and toks[q_end].lower == "or":
            sfx = toks[q_end + 1].lower
            if sfx in ("more", "greater", "above"):
                bound, q_end = "at_least", q_end + 2
            elif sfx in ("fewer", "less", "under"):
                bound, q_end = "at_most", q_end + 2
            elif sfx == "so":
                approx, q_end = True, q_end + 2
        # "of"/"worth of"/"in" after a container, measure or money: what the quantity is of
        k = q_end
        if k < n and toks[k].lower == "worth":
            k += 1
        if k < n and (toks[k].lower == "of" or (currency and toks[k].lower == "in")):
            k += 1
            while k < n and toks[k].lower in _DET_AFTER_OF:
                k += 1
            if k < sent_end:
                of_target = k
        elif currency and q_end < n and toks[q_end].lower == "worth" and k < sent_end:
            of_target = k
        if of_target == -1 and (currency or unit in _MONEY_UNITS):
            of_target = _valued_phrase(toks, p_start, q_end)  # "shells worth $1.2 billion"
        c0 = toks[p_start].idx
        c1 = toks[q_end - 1].end
        quantity = Quantity(
            value=float(value),
            unit=unit,
            approximate=approx,
            bound=bound,
            text=text[c0:c1],
            char_start=c0,
            char_end=c1,
            low=low,
            high=high,
        )
        out.append(Found(quantity, p_start, noun, of_target))
        i = max(end, num.start + 1)
    return out


def find_quantities_with_tokens(doc: Doc | Span | str) -> tuple[list[Found], list[Tok]]:
    """Quantities with their token indices, and the tokens (what `items` attaches quantities with).
    A whole Doc's quantities are found once and kept in its user_data (items and events both ask)."""
    toks, text = tokens_of(doc)
    if not isinstance(doc, Doc):
        return _find(toks, text), toks
    found = doc.user_data.get(_QUANTITIES_KEY)
    if found is None:
        found = doc.user_data[_QUANTITIES_KEY] = _find(toks, text)
    return list(found), toks


def find_quantities(doc: Doc | Span | str) -> list[Quantity]:
    """Every quantity stated in a Doc, a Span (a sentence) or a plain string, in reading order."""
    return [f.quantity for f in find_quantities_with_tokens(doc)[0]]
