"""The counted noun after a number: the head of the noun phrase that follows it, premodifiers, hyphenated
compounds and calibres inside the phrase read over ("two short-range ballistic missiles", "12 152 mm
howitzers"), and whether a token looks plural."""

from __future__ import annotations

from armswatch.quantities.lexicon import (
    _DESIGNATOR_RE,
    _NOUNISH_POS,
    _PLURAL_IRREGULAR,
    _RUN_POS,
    _STOPWORDS,
)
from armswatch.quantities.tokens import _HYPHENS, Tok
from armswatch.quantities.units import _MEASURE_WORDS

__all__ = ["_is_plural_looking", "_noun_run_head"]


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
