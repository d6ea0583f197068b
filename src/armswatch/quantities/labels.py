"""Numbers that label rather than count: a part of a document or a labelled thing ("Fig. 5", "phases 3, 5,
and 7", "Table 2") and citations or equation numbers in brackets ("[25]", "[13, 14]", "(31)")."""

from __future__ import annotations

import re

from armswatch.quantities.lexicon import _REFERENCE_WORDS
from armswatch.quantities.tokens import Tok

__all__: list[str] = []

_LIST_JOINERS = frozenset({",", "and", "or", "&", "-", "–", "to"})


def _is_reference(toks: list[Tok], start: int) -> bool:
    """A number that a reference word, or a list of numbers after one, precedes ("Fig. 5", "Figs. 7 and 8",
    "phases 3, 5, and 7", "lines 13-17"): a label, not an amount."""
    k = start - 1
    for _ in range(12):
        if k < 0:
            return False
        t = toks[k]
        if _listed(t.lower) or (len(t.text) == 1 and t.text.isalpha() and k > 0 and toks[k - 1].end == t.idx
                                and toks[k - 1].text[-1:].isdigit()):
            k -= 1  # a label, a joiner, or a panel's letter split off its number ("Figures 3A and 3C")
            continue
        if not _LABEL_RE.match(toks[k + 1].lower):
            return False  # the list starts with a label: "phases 3, 5", not "column, 407 ppm"
        if t.text == "." and k > 0 and toks[k - 1].end == t.idx:
            k -= 1  # "Fig." "Nos." with the full stop split off
            t = toks[k]
        elif t.lower.endswith(".") and len(t.lower) > 1:
            return t.lower[:-1] in _REFERENCE_WORDS
        return t.lower in _REFERENCE_WORDS and not (t.sent_start and t.lower == "no")
    return False


_LABEL_RE = re.compile(r"^\d{1,4}[a-z]?$")  # "5", "4a", "12" in a list of labels


def _listed(lower: str) -> bool:
    """A token of a list of labels: a short number ("5", "4a") or what joins two ("," "and" "-")."""
    return lower in _LIST_JOINERS or bool(_LABEL_RE.match(lower))


def _in_brackets(toks: list[Tok], start: int, end: int) -> bool:
    """A number alone, or in a list of numbers, inside brackets that hold nothing else ("[25]", "[76-80]",
    "[13, 14]", "(31)"): a citation or an equation's number."""
    k = start - 1
    while k >= 0 and start - k < 12 and _listed(toks[k].lower):
        k -= 1
    if k < 0 or toks[k].text not in ("[", "("):
        return False
    close = "]" if toks[k].text == "[" else ")"
    j = end
    while j < len(toks) and j - end < 12 and _listed(toks[j].lower):
        j += 1
    return j < len(toks) and toks[j].text == close
