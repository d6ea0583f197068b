"""Sums: a currency written as a code, a code in millions, or a symbol before or after a number ("USD 5m",
"MSEK 500", "$1.2 billion", "100 €")."""

from __future__ import annotations

from armswatch.quantities.tokens import Tok
from armswatch.quantities.units import _CURRENCY_CODES, _CURRENCY_SYMBOLS, WORDLIKE_CODES

__all__: list[str] = []


def _code_at(tok: Tok) -> str | None:
    """The currency a token written as a code names ("USD", "usd", "Rs."), or None; a code that is also an
    English word or abbreviation ("TRY", "NIS") only in capitals, "Rs" only as Indian papers write it."""
    code = _CURRENCY_CODES.get(tok.lower)
    if code is None:
        return None
    if tok.lower.startswith("rs"):
        return code if tok.text[:2] == "Rs" else None
    return code if tok.text.isupper() or tok.lower not in WORDLIKE_CODES else None


def _million_code_at(tok: Tok) -> str | None:
    """The currency of a code in millions as business papers write it ("MUSD", "MEUR", "MSEK"), or None."""
    t = tok.text
    if len(t) == 4 and t.isupper() and t[0] == "M":
        return _CURRENCY_CODES.get(tok.lower[1:])
    return None


def _symbol_after(toks: list[Tok], j: int) -> str | None:
    """The currency of a symbol written after a number ("10 $", "100 €", "100元"): one not stuck to a number
    that follows it (that one is the next sum's: "10 $20")."""
    if j >= len(toks) or toks[j].lower not in _CURRENCY_SYMBOLS:
        return None
    if j + 1 < len(toks) and toks[j + 1].idx == toks[j].end and toks[j + 1].text[:1].isdigit():
        return None
    return _CURRENCY_SYMBOLS[toks[j].lower]


_DOLLAR_PREFIXES = frozenset({"US", "C", "A", "HK", "NZ", "S", "NT", "R", "c", "hk", "nz"})


def _currency_before(toks: list[Tok], i: int) -> tuple[str, int, int, float] | None:
    """(currency, index of the number, index where the quantity's text starts, scale) for a currency written
    before a number at token i: a symbol ("$", "C$", "₹"; "C $" with a space as tokenised copy has it), a
    code ("USD 5m", "Rs 500 crore") or a code in millions ("MSEK 500"); None when there is none."""
    t = toks[i]
    start = i
    currency = _CURRENCY_SYMBOLS.get(t.lower)
    scale = 1.0
    if currency is not None:
        prev = toks[i - 1] if i > 0 else None
        if t.lower == "$" and prev is not None and prev.text in _DOLLAR_PREFIXES and t.idx - prev.end <= 1:
            currency, start = _CURRENCY_SYMBOLS[prev.lower + "$"], i - 1  # "US $1.2 billion", "c $ 16.4"
    else:
        currency = _code_at(t)
        if currency is None:
            currency, scale = _million_code_at(t), 1e6
        if currency == "rupee" and i + 2 < len(toks) and toks[i + 1].text == ".":
            i += 1  # "Rs. 500 crore" where the tokenizer split the abbreviation's full stop off
        if currency is None or i + 1 >= len(toks) or not toks[i + 1].text[:1].isdigit():
            return None
    return currency, i + 1, start, scale
