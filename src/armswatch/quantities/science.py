"""What scientific and technical writing adds around a number: a unit expression read by `grammar`, a
power of ten and a tolerance after the number, a unit written once for a list, a duration when asked for,
and formulas and symbols stuck to a number that are not amounts."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace

from armswatch.quantities.grammar import power_of_ten, unit_expression
from armswatch.quantities.model import Found
from armswatch.quantities.numbers import _parse_numeral
from armswatch.quantities.tokens import _HYPHENS, Tok
from armswatch.quantities.units import _DURATION_WORDS, _MEASURE_WORDS, unit_kind

__all__: list[str] = []


def _expression_at(toks: list[Tok], text: str, j: int) -> tuple[str, int] | None:
    """(unit, index after it) for a unit expression that the news vocabulary alone does not read, starting
    at token j right after a number ("420 K", "2 m s−1", "10 mg/L": `grammar`)."""
    if j == 0 or j >= len(toks) or toks[j].idx - toks[j - 1].end > 1:
        return None
    got = unit_expression(text, toks[j - 1].end)
    if got is None:
        return None
    unit, stop = got
    k = j
    while k < len(toks) and toks[k].idx < stop:
        k += 1
    return unit, k


def _science_tail(toks: list[Tok], text: str, end: int, value: float) -> tuple[int, float]:
    """(end, value) after a power of ten and a tolerance that follow a number ("4.3 × 10−8 wt.%",
    "420 ± 30 K"): the value is scaled, the tolerance read over so that the unit after it is the number's."""
    ten = power_of_ten(text, toks[end - 1].end)
    if ten is not None:
        value *= 10.0 ** ten[0]
        while end < len(toks) and toks[end].idx < ten[1]:
            end += 1
    if end + 1 < len(toks) and toks[end].text in ("±", "∓"):
        tol = _parse_numeral(toks, end + 1)
        if tol is not None and not tol.vague:
            end = tol.end
    return end, value


_SIGNED_KINDS = frozenset({"temperature", "percent", "measure"})  # "-5 C", "−0.72 V", "−27‰"
_SHARED_KINDS = frozenset({"measure", "percent", "temperature", "duration"})


def _share_list_units(out: list[Found], toks: list[Tok]) -> list[Found]:
    """A bare number in a list whose last member has a measure takes that measure ("34 and 38 °C", "1, 5,
    10 and 50 μg/L", "0.63 and 0.51 ppm"): papers write the unit once for the list."""
    starts = [t.idx for t in toks]
    for k in range(len(out) - 2, -1, -1):  # right to left: a unit passes along the whole list
        q, nxt = out[k].quantity, out[k + 1].quantity
        if q.unit or out[k].noun != -1 or unit_kind(nxt.unit) not in _SHARED_KINDS:
            continue
        a = bisect_left(starts, q.char_end)
        between = [t.lower for t in toks[a : out[k + 1].number_start]]
        # not ", or": news restates a figure so ("tumbled 5.39, or 1.2%")
        joined = all(w in (",", "and", "or", "to", "×") for w in between) and between != [",", "or"]
        if 1 <= len(between) <= 2 and joined:
            out[k] = out[k]._replace(quantity=replace(q, unit=nxt.unit))
    return out


def _duration_at(toks: list[Tok], j: int) -> tuple[str, int] | None:
    """(unit, index after it) for a duration word after a number, also across a hyphen ("3 days",
    "5-year", "ten-day")."""
    if j + 1 < len(toks) and toks[j].text in _HYPHENS and toks[j].idx == toks[j - 1].end:
        j += 1
    unit = _DURATION_WORDS.get(toks[j].lower.partition("-")[0]) if j < len(toks) else None  # "year-old"
    return (unit, j + 1) if unit else None


_FUNCTIONS = frozenset({"sin", "cos", "tan", "sinh", "cosh", "tanh", "exp", "log", "ln"})


def _is_formula_part(toks: list[Tok], j: int) -> bool:
    """Whether the token stuck after a number at j makes it part of a formula or symbol: letters with a
    digit ("MgF2", "Mg3NF3"), a Greek letter ("2σ", "30ε"), or an element before a slash and a number
    ("40Ar/39Ar", "187Os/188Os"); not a unit."""
    w = toks[j].text
    if w in _FUNCTIONS:
        return True  # "2sin(2πt/P)": a coefficient of a function
    if not w[:1].isalpha() or _MEASURE_WORDS.get(toks[j].lower) is not None or w[:1] in "µμ":
        return False
    if any(c.isdigit() for c in w) or (w[:1].isupper() and not w.isascii()) or "\u03b1" <= w[:1] <= "\u03c9":
        return True
    return (w[:1].isupper() and j + 2 < len(toks) and toks[j + 1].text == "/"
            and toks[j + 2].text[:1].isdigit())


# mass numbers of the carbon and nitrogen isotopes papers name ("14C", "13C", "15N"); the letters are also
# units (a temperature, a newton), so only these numbers are read as isotopes, and only where a mass number
# stands: in square brackets, before a hyphen, or before the noun it qualifies ("14C dates", "15N tracer")
_ISOTOPES = {"C": frozenset({11, 12, 13, 14}), "N": frozenset({13, 14, 15})}


def _is_isotope(toks: list[Tok], start: int, end: int) -> bool:
    """Whether the integer at start (one token) with a capital C or N stuck after it names an isotope
    ("[11C]PK11195", "14C dates", "15N-labelled"), not a temperature or a force ("40C", "a 14C day"?
    no: only the mass numbers above, and "hit 14C on Monday" keeps its temperature)."""
    if end >= len(toks) or toks[end].idx != toks[end - 1].end:
        return False
    letter = toks[end].text[:1]
    if letter not in _ISOTOPES or not toks[start].text.isdigit() or int(toks[start].text) not in _ISOTOPES[
            letter]:
        return False
    if toks[end].text[1:2] in _HYPHENS:
        return toks[end].text[2:3].isalpha()  # "15N-labelled" as one token
    if len(toks[end].text) > 1:
        return False
    if start > 0 and toks[start - 1].text == "[" and toks[start - 1].end == toks[start].idx:
        return True  # "[11C]PK11195": a labelled compound
    nxt = toks[end + 1] if end + 1 < len(toks) else None
    if nxt is None or nxt.idx > toks[end].end + 1:
        return False
    if nxt.text in _HYPHENS or nxt.text == "]":
        return nxt.idx == toks[end].end  # "14C-labelled", "[14C]"
    if nxt.tag:
        return nxt.pos == "NOUN"
    w = nxt.text
    # untagged: a lower-case plural or gerund qualified by the isotope ("14C dates", "14C dating")
    return w.isalpha() and w.islower() and (w.endswith("ing") or (w.endswith("s") and not w.endswith("ss")))


def _ratio_at(toks: list[Tok], i: int) -> tuple[float, int] | None:
    """(value, index after it) of a ratio written with a colon at token i ("1:3", "∼1:60", "93:7",
    "1:50,000"), its value the first term over the second; None for a clock time (two-digit minutes under
    60 after an hour: "10:30", "1:10"; also "01:25:00") and for a verse or a label after a name ("Psalm
    23:4")."""
    if i + 2 >= len(toks) or toks[i + 1].text != ":" or not (
            toks[i].end == toks[i + 1].idx and toks[i + 1].end == toks[i + 2].idx):
        return None
    a, b = _parse_numeral(toks, i), _parse_numeral(toks, i + 2)
    if a is None or b is None or a.end != i + 1 or b.end != i + 3 or b.value == 0 or a.vague or b.vague:
        return None
    first, second = toks[i].text, toks[i + 2].text
    if not first[:1].isdigit() or not second[:1].isdigit():
        return None
    if len(second) == 2 and second.isdigit() and int(second) < 60 and first.isdigit() and int(first) <= 24:
        return None  # a clock time
    if (i + 3 < len(toks) and toks[i + 3].text == ":" and toks[i + 3].idx == toks[i + 2].end) or (
            i > 0 and toks[i - 1].text == ":" and toks[i - 1].end == toks[i].idx):
        return None  # "01:25:00", read from its first or its second part
    if i > 0 and toks[i - 1].text[:1].isupper() and toks[i - 1].text.isalpha():
        return None  # "Psalm 23:4", "Type 1:3"? a label after a name
    return a.value / b.value, i + 3


_MINUTE_MARKS = frozenset({"′", "’", "'"})
_SECOND_MARKS = frozenset({"″", "”", '"'})
_HEMISPHERES = {"N": "degree_north", "S": "degree_south", "E": "degree_east", "W": "degree_west"}


def _arc_tail(toks: list[Tok], j: int) -> tuple[float, int, str | None] | None:
    """(degrees to add, index after, hemisphere's unit or None) for the minutes and seconds of arc after a
    number of degrees that ends before token j ("57°44′8.47″N", "26°34'N", "57° 44' 8.47\" N"): one angle, as
    a position is written, not three numbers."""
    added, k = 0.0, j
    for marks, scale in ((_MINUTE_MARKS, 60.0), (_SECOND_MARKS, 3600.0)):
        if k + 1 >= len(toks) or toks[k + 1].text not in marks or toks[k + 1].idx != toks[k].end:
            break
        part = _parse_numeral(toks, k)
        if part is None or part.end != k + 1 or not toks[k].text[:1].isdigit() or part.value >= 60:
            break
        added, k = added + part.value / scale, k + 2
    if k == j:
        return None
    hemisphere = None
    if k < len(toks) and toks[k].text in _HEMISPHERES and toks[k].idx - toks[k - 1].end <= 1:
        hemisphere, k = _HEMISPHERES[toks[k].text], k + 1
    return added, k, hemisphere
