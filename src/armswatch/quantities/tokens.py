"""Tokens the quantity finder and `items` read: from a spaCy Doc or Span (tags, lemmas and sentence starts
kept) or from plain text (a regular expression; no tags)."""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

import numpy as np
from spacy.attrs import IDX, LEMMA, LOWER, ORTH, POS, SENT_START, SPACY, TAG
from spacy.parts_of_speech import NAMES as _POS_NAMES
from spacy.strings import StringStore
from spacy.tokens import Doc, Span

from armswatch.quantities.units import _CURRENCY_CODES, _CURRENCY_SYMBOLS, _MEASURE_WORDS

__all__ = ["Tok", "plain_tokens", "tokens_of"]


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

_NUMBER_WORDS_RE = (
    "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
    "|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand"
    "|million|billion|dozen|half"
)
_CODES_RE = ("USD|EUR|GBP|JPY|CNY|RMB|RUB|KRW|INR|HKD|AUD|CAD|CHF|SGD|NZD|SEK|NOK|DKK|PLN|ILS|SAR|AED|TRY"
             "|ZAR|BRL|MXN|TWD|PKR")
_PLAIN_TOKEN_RE = re.compile(
    # currency symbols, split off the number; a letter prefix names the dollar ("C$", "HK$", "Mex$")
    r"(?i:usd|aud|cad|hkd|nzd|sgd|mxn|mex|us|au|ca|hk|nz|nt|mx|a|c|s|r)?\$|[€£¥₩₽₹₪₺₴₦₱฿₫₡₾₭₸₼₿元௹]|ரூ"
    rf"|(?:{_CODES_RE})(?=\d)"  # codes stuck on: "USD10m"
    r"|\d+(?:[.,]\d+)*+(?:bn|mn|mln|tn|[kmb])?(?![\w])"  # numbers, 1,000 / 1.5 / 1.2bn
    r"|(?<![\w.])\.\d+(?![\w.])"  # a decimal with no leading zero, as statistics write it ("p < .001")
    r"|\d+(?:[.,]\d+)*(?=[^\W\d_])"  # 152mm -> 152 | mm, 115.5USD -> 115.5 | USD
    r"|[A-Za-z]+(?:\.[A-Za-z]\.?)+"  # a.m., U.S.
    # a number word before a hyphen stands alone, as spaCy has it: "six-mile" -> six | - | mile
    rf"|(?i:{_NUMBER_WORDS_RE})(?=[-\u2010\u2011\u2013][^\W\d_])"
    r"|\w+(?:['’]\w+)*(?:[-/]\w+(?:['’]\w+)*)*"  # words, with hyphen/slash compounds (Shahed-136, S-300)
    r"|[^\w\s]"
)


_TOKENS_KEY = "armswatch_tokens_v2"  # Doc.user_data key: the Doc's tokens, built once per Doc
# a number glued to a unit or a code as spaCy leaves it in one token ("75ml", "115.5USD", "USD115", "1/2")
# a digit beside something other than a digit or a decimal/thousands mark: a token may hold a number glued
# to a unit, a code, a symbol or another number ("75ml", "USD115", "~$5", "300–500", "1/2", "−4")
_GLUED = re.compile(r"\d[^\d.,\s]|[^\d.,\s]\d")


def _glued_parts(text: str) -> list[tuple[str, int]] | None:
    """(part, offset) of a token in which spaCy left a number glued to a unit, a currency code, a sign or
    another number ("75ml", "115.5USD", "300–500", "1/2"), split as the plain-text tokenizer splits them;
    None for any other token (also for "1990s", "8th", "F-16": a decade, an ordinal, a designator stay
    whole)."""
    parts = [(m.group(), m.start()) for m in _PLAIN_TOKEN_RE.finditer(text)]
    if len(parts) < 2 or not any(p[:1].isdigit() for p, _ in parts) or parts[0][0] == "+":
        return None  # "+1", "+1000": an increment or odds, kept whole as spaCy has them
    first = next(k for k, (p, _) in enumerate(parts) if p[:1].isdigit())
    # "x=0.64", "pH∼2", "n=104": a short name, a sign, a number (not "scale=1.0", "TSTY&pageId=1" of markup)
    named = first == 2 and parts[1][0] in _SIGNS and len(parts[0][0]) <= 3
    for k, (part, _) in enumerate(parts):
        after_degree = k > 0 and parts[k - 1][0] in ("°", "º") and part.lower() in ("c", "f")
        degrees = part == "C" or after_degree
        # letters ending the token right after its number: a symbol in mixed case that papers glue on ("5Rp",
        # "~88kR", "400eV"), as the plain tokenizer splits it; not a decade, an ordinal, a clock time, a label
        # or markup ("1990s", "8th", "5pm", "5G", "737MAX", "10px")
        last = len(parts) - (2 if parts[-1][0] == "." else 1)  # "∼400eV." at a sentence's end
        symbol = k == first + 1 == last and len(part) <= 3 and not part.islower() and not part.isupper()
        if part[:1].isalpha() and not _is_unit_word(part.lower()) and not degrees and not symbol and not (
                named and k < first - 1):
            return None
    return parts


_SIGNS = frozenset({"=", "∼", "~", "≈", "<", ">", "≤", "≥"})


def _is_unit_word(word: str) -> bool:
    """A unit or code the finder reads after or before a number."""
    return (word in _MEASURE_WORDS or word in _CURRENCY_CODES or word in _CURRENCY_SYMBOLS
            or word in ("bn", "mn", "mln", "tn", "km/hr", "m/s"))


def _start(tok: Tok) -> int:
    return tok.idx


def _part_tags(part: str) -> tuple[str, str]:
    """Coarse and fine tags for a part of a split token: a number, a unit word, a hyphen, a symbol."""
    if part[:1].isdigit():
        return "NUM", "CD"
    if part[:1].isalpha():
        return "NOUN", "NN"
    return ("PUNCT", "HYPH") if part in _HYPHENS else ("SYM", "SYM")


def _strings_of(strings: StringStore, keys: np.ndarray) -> list[str]:
    """The string of each hash in `keys`, each distinct one looked up once (a report repeats its words)."""
    distinct, inverse = np.unique(keys, return_inverse=True)
    table = [strings[k] for k in distinct.tolist()]
    return [table[i] for i in inverse.tolist()]


def _doc_tokens(base: Doc) -> tuple[list[Tok], str, list[int] | None]:
    """The Doc's tokens, glued numbers split, the Doc's text, and the index of each spaCy token's first Tok
    (one more at the end) so that a Span's tokens can be sliced out; None when no token was split (the
    indices are the Doc's own)."""
    tagged = base.has_annotation("TAG")
    lemmas = base.has_annotation("LEMMA")
    # read column-wise from one to_array, each column's strings looked up once per distinct value: building
    # a spaCy Token per word (as Doc.text does too) cost more than the rest of the quantity finder on long
    # web pages (the same Toks and text as reading each Token's attributes)
    cols = base.to_array([ORTH, LOWER, IDX, POS, TAG, LEMMA, SENT_START, SPACY])
    strings = base.vocab.strings
    n = len(cols)
    texts = _strings_of(strings, cols[:, 0])
    lowers = _strings_of(strings, cols[:, 1])
    idxs = cols[:, 2].astype(np.int64).tolist()
    ends = [i + len(t) for i, t in zip(idxs, texts, strict=True)]
    poss = [_POS_NAMES[p] for p in cols[:, 3].tolist()] if tagged else [""] * n
    tags = _strings_of(strings, cols[:, 4]) if tagged else [""] * n
    lems = [w.lower() for w in _strings_of(strings, cols[:, 5])] if lemmas else [""] * n
    starts_ = (cols[:, 6].astype(np.int64) == 1).tolist()
    if n:
        starts_[0] = True
    text = "".join([t + " " if sp else t for t, sp in zip(texts, cols[:, 7].tolist(), strict=True)])
    toks = list(map(Tok, texts, lowers, idxs, ends, poss, tags, lems, starts_))
    glued: dict[int, list[tuple[str, int]]] = {}
    seen: set[int] = set()
    for m in _GLUED.finditer(text):  # only the tokens where the text has a digit beside another sign
        at = m.start()
        k = bisect_right(toks, at, key=_start) - 1
        if k < 0 or k in seen or toks[k].end <= at + 1:
            continue  # before the first token, looked at, or the two signs are two tokens: "(5"
        seen.add(k)
        parts = _glued_parts(toks[k].text)
        if parts is not None:
            glued[k] = parts
    if not glued:
        return toks, text, None
    out: list[Tok] = []
    starts: list[int] = []
    shift = prev = 0  # Toks added so far by splitting; the first spaCy token not yet copied
    for k in sorted(glued):  # copied by slices: a report holds few such tokens among thousands
        starts.extend(range(prev + shift, k + shift + 1))
        out.extend(toks[prev:k])
        tk = toks[k]
        for m, (part, off) in enumerate(glued[k]):
            pos, tag = _part_tags(part) if tagged else ("", "")
            out.append(Tok(part, part.lower(), tk.idx + off, tk.idx + off + len(part), pos, tag,
                           part.lower() if lemmas else "", tk.sent_start and m == 0))
        shift += len(glued[k]) - 1
        prev = k + 1
    starts.extend(range(prev + shift, len(toks) + shift + 1))
    out.extend(toks[prev:])
    return out, text, starts


def tokens_of(doc: Doc | Span | str) -> tuple[list[Tok], str]:
    """Tokens and the text their offsets index into (the Doc's text for a Span). A Doc's tokens are built
    once and kept in its user_data: items, quantities and events all read them, sentence by sentence,
    and spaCy rebuilds `Doc.text` on every access."""
    if isinstance(doc, str):
        return plain_tokens(doc), doc
    base = doc.doc if isinstance(doc, Span) else doc
    cached = base.user_data.get(_TOKENS_KEY)
    if cached is None:
        toks, text, starts = _doc_tokens(base)
        cached = base.user_data[_TOKENS_KEY] = (toks, text, starts)
    toks, text, starts = cached
    if not isinstance(doc, Span):
        return toks, text
    if starts is None:
        return toks[doc.start : doc.end], text
    return toks[starts[doc.start] : starts[doc.end]], text


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

