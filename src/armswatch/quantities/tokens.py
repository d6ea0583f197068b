"""Tokens the quantity finder and `items` read: from a spaCy Doc or Span (tags, lemmas and sentence starts
kept) or from plain text (a regular expression; no tags)."""

from __future__ import annotations

import re
from typing import NamedTuple

from spacy.tokens import Doc, Span

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
    r"|\d+(?:[.,]\d+)*(?=[^\W\d_])"  # 152mm -> 152 | mm, 115.5USD -> 115.5 | USD
    r"|[A-Za-z]+(?:\.[A-Za-z]\.?)+"  # a.m., U.S.
    # a number word before a hyphen stands alone, as spaCy has it: "six-mile" -> six | - | mile
    rf"|(?i:{_NUMBER_WORDS_RE})(?=[-\u2010\u2011\u2013][^\W\d_])"
    r"|\w+(?:['’]\w+)*(?:[-/]\w+(?:['’]\w+)*)*"  # words, with hyphen/slash compounds (Shahed-136, S-300)
    r"|[^\w\s]"
)


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

