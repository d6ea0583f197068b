"""Numerals to values: digits ("1,000", "1.5", "1.2bn"), cardinal words ("twenty-five", "a million"),
vague magnitudes ("dozens", "tens of thousands", "several hundred").

spaCy marks number tokens (`like_num`) but computes no values, and no well-kept library reads "a million",
"tens of thousands" or "1.2bn" into a value with a range, so this grammar is written by hand."""

from __future__ import annotations

import re
from typing import NamedTuple

from armswatch.quantities.tokens import _HYPHENS, Tok, plain_tokens

__all__ = ["Numeral", "parse_number"]


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
    # South Asian scales: Indian reports write sums as "Rs 48,000 crore", "25 lakh tonnes"
    "lakh": 1e5,
    "lakhs": 1e5,
    "crore": 1e7,
    "crores": 1e7,
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
# digits grouped by thousands ("1,234,567") or the Indian way ("12,34,567"), or not at all; a decimal part may
# stand alone (".05", as statistics write it)
_NUMBER_RE = re.compile(
    r"^(\d{1,3}(?:,\d{3})+|\d{1,2}(?:,\d\d)+,\d{3}|\d+|(?=\.\d))(\.\d+)?(bn|mn|mln|tn|[kmb])?$")
_VULGAR_FRACTIONS = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3, "⅛": 0.125}
# "half a million" is read elsewhere; these are "half million", "a quarter million", "three quarters billion"
_FRACTION_WORDS = {"half": 0.5, "quarter": 0.25, "quarters": 0.25, "third": 1 / 3, "thirds": 1 / 3}
_WORD_NUMBER_TOKENS = set(_UNITS_WORDS) | set(_TENS_WORDS) | set(_SCALE_WORDS)


class Numeral(NamedTuple):
    start: int  # token index of the first token
    end: int  # token index after the last token
    value: float
    low: float | None
    high: float | None
    vague: bool  # "dozens", "thousands", "several": counts only through "of" or a following noun
    scaled_abbrev: bool  # "1.2bn", "30m": needs a currency to read m/b as million/billion
    fraction: bool = False  # "1/4", "10 1/2", "½": a measure must follow (else "3/4" may be a date)


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
    fractional = _fraction_of_scale(toks, i)
    if fractional is not None:
        return fractional
    if w in _VULGAR_FRACTIONS:
        return Numeral(i, i + 1, _VULGAR_FRACTIONS[w], None, None, False, False, True)
    # vague plurals: "dozens", "hundreds", "tens of thousands", "hundreds of millions"
    if w in _VAGUE_PLURALS:
        low, high = _VAGUE_PLURALS[w]
        end = i + 1
        if nxt == "of" and i + 2 < n and toks[i + 2].lower in ("thousands", "millions", "billions"):
            scale = {"thousands": 1e3, "millions": 1e6, "billions": 1e9}[toks[i + 2].lower]
            if w in ("tens", "hundreds"):
                low, high, end = low * scale, (high + 1) * scale - 1, i + 3
        elif w == "tens" and nxt != "of":
            return None  # "tens" counts only as "tens of ...": "tens of kilometres", "tens of MeV"
        return Numeral(i, end, low, low, high, True, False)
    # "several hundred", "a few thousand", "several", "a few"
    if w in _VAGUE_QUANTIFIERS or (w == "a" and nxt == "few"):
        j = i + 1 if w in _VAGUE_QUANTIFIERS else i + 2
        low, high = _VAGUE_QUANTIFIERS["few" if w == "a" else w]
        tens = j + 1 < n and toks[j].lower == "tens" and toks[j + 1].lower == "of"  # "several tens of MeV"
        if j < n and (toks[j].lower in _SCALE_WORDS or tens):  # "several dozen" 36..119, "a few thousand"
            scale = 10.0 if tens else _SCALE_WORDS[toks[j].lower]
            return Numeral(i, j + 1, low * scale, low * scale, (high + 1) * scale - 1, True, False)
        return Numeral(i, j, low, low, high, True, False)
    digits = _digits_value(w)
    if digits is not None:
        value, abbrev = digits
        j = i + 1
        frac = _slash_fraction(toks, i) if abbrev is None else None
        if frac is not None:  # "1/4 mile"
            return Numeral(i, i + 3, frac, None, None, False, False, True)
        if abbrev is None and "." not in w and j < n and toks[j].idx > toks[i].end:
            frac = _slash_fraction(toks, j)
            if frac is not None and frac < 1:  # "10 1/2 miles"
                return Numeral(i, j + 3, value + frac, None, None, False, False, True)
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
        if words and _no_continuation(words[-1], parts[0]):
            break  # "five three-ton satellites": two numerals side by side, not one
        if words and toks[j].idx > toks[j - 1].end and j + 2 < n and toks[j + 1].text in _HYPHENS and toks[
                j + 1].idx == toks[j].end and (
                toks[j + 2].idx == toks[j + 1].end and toks[j + 2].lower.isalpha()
                and toks[j + 2].lower not in _WORD_NUMBER_TOKENS):
            break  # "twenty eight-second integrations", "forty two-man teams": the second starts an adjective
        if all(p in _WORD_NUMBER_TOKENS for p in parts) or (j == i and t in ("a", "an")):
            words.extend(parts)
            j += 1
        elif (t in ("-", "and") and j + 1 < n and toks[j + 1].lower in _WORD_NUMBER_TOKENS and words
              and not _no_continuation(words[-1], toks[j + 1].lower)):  # "one - two prototypes" is a range
            j += 1
        else:
            break
    value = _words_value(words)
    if value is None:
        return None
    half = _and_a_half(toks, j) if words[-1] not in _SCALE_WORDS else None
    if half is not None:  # "four and a half cycles", "one and a half million barrels"
        value, j = (value + half[0]) * half[1], half[2]
    return Numeral(i, j, value, None, None, False, False)


def _and_a_half(toks: list[Tok], j: int) -> tuple[float, float, int] | None:
    """(fraction, scale, index after) for "and a half" or "and a quarter" after a cardinal word, with the
    scale word that may follow ("one and a half million": the scale multiplies the whole), or None."""
    n = len(toks)
    if j + 2 >= n or toks[j].lower != "and" or toks[j + 1].lower not in ("a", "an"):
        return None
    frac = {"half": 0.5, "quarter": 0.25}.get(toks[j + 2].lower)
    if frac is None:
        return None
    k = j + 3
    if k < n and toks[k].lower in ("thousand", "million", "billion", "trillion"):
        return frac, _SCALE_WORDS[toks[k].lower], k + 1
    return frac, 1.0, k


def _slash_fraction(toks: list[Tok], i: int) -> float | None:
    """The value of "1/4" written as three tokens with no space between them, or None."""
    if i + 2 >= len(toks) or toks[i + 1].text != "/":
        return None
    num, den = toks[i].text, toks[i + 2].text
    if not (num.isdigit() and den.isdigit()) or toks[i + 1].idx != toks[i].end or toks[i + 2].idx != toks[
            i + 1].end:
        return None
    d = int(den)
    return int(num) / d if d in (2, 3, 4, 8, 16) else None


def _fraction_of_scale(toks: list[Tok], i: int) -> Numeral | None:
    """ "half million", "a quarter million", "three quarters billion": a fraction of a scale word."""
    n = len(toks)
    j, times = i, 1.0
    w = toks[i].lower
    if w in ("a", "an", "one"):
        j += 1
    elif w in _UNITS_WORDS and w != "zero":
        times, j = float(_UNITS_WORDS[w]), j + 1
    if j + 1 >= n or toks[j].lower not in _FRACTION_WORDS:
        return None
    k = j + 1
    if k + 2 < n and toks[k].lower == "of" and toks[k + 1].lower in ("a", "an"):
        k += 2  # "a quarter of a million", "three quarters of a billion"
    if toks[k].lower not in _SCALE_WORDS or toks[k].lower in ("hundred", "dozen"):
        return None  # "a quarter hundred" is not said; "half dozen" is read by the words path
    value = times * _FRACTION_WORDS[toks[j].lower] * _SCALE_WORDS[toks[k].lower]
    return Numeral(i, k + 1, value, None, None, False, False)


def _no_continuation(last: str, word: str) -> bool:
    """A cardinal word that cannot follow `last` within one numeral ("five three", "twenty twelve")."""
    if word not in _UNITS_WORDS:
        return False
    return last in _UNITS_WORDS or (last in _TENS_WORDS and _UNITS_WORDS[word] >= 10)


def parse_number(text: str) -> float | None:
    """The value of a numeral written in text: "1,000", "twenty-five", "a million", "1.5 million", "1.2bn"."""
    toks = plain_tokens(text)
    if not toks:
        return None
    num = _parse_numeral(toks, 0)
    if num is None or num.end != len(toks):
        return None
    return num.value

