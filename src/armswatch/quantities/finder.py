"""Finding quantities in tokens: a numeral, its currency or measure or counted noun, its bound, range and
what it is of. The choices are listed in the package's docstring (`armswatch.quantities`)."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from armswatch.quantities.labels import _in_brackets, _is_reference
from armswatch.quantities.lexicon import (
    _DESIGNATOR_RE,
    _DET_AFTER_OF,
    _ID_WORDS,
    _MONTHS,
    _NOUNISH_POS,
    _PREFIX_MAX,
    _PREFIXES,
    _RUN_POS,
    _STOPWORDS,
)
from armswatch.quantities.model import Found, Quantity
from armswatch.quantities.money import _code_at, _currency_before, _million_code_at, _symbol_after
from armswatch.quantities.nouns import _is_plural_looking, _noun_run_head
from armswatch.quantities.numbers import (
    _FRACTION_WORDS,
    _NUMBER_RE,
    _SCALE_WORDS,
    _VAGUE_PLURALS,
    _VAGUE_QUANTIFIERS,
    _VULGAR_FRACTIONS,
    _WORD_NUMBER_TOKENS,
    Numeral,
    _digits_value,
    _parse_numeral,
    _words_value,
)
from armswatch.quantities.science import (
    _SHARED_KINDS,
    _SIGNED_KINDS,
    _arc_tail,
    _duration_at,
    _expression_at,
    _is_formula_part,
    _is_isotope,
    _ratio_at,
    _science_tail,
    _share_list_units,
)
from armswatch.quantities.tokens import _HYPHENS, Tok, tokens_of
from armswatch.quantities.units import (
    _CURRENCY_CODES,
    _CURRENCY_SYMBOLS,
    _CURRENCY_WORDS,
    _DURATION_WORDS,
    _MEASURE_NGRAMS,
    _MEASURE_WORDS,
    _NGRAM_MAX,
    _TEMPERATURE_SCALES,
    _TIME_UNITS,
    BULK_UNITS,
    DURATION_UNITS,
    MONEY_UNITS,
    NON_COUNT_UNITS,
    unit_for_noun,
    unit_kind,
)

__all__ = ["find_quantities", "find_quantities_with_tokens"]

_QUANTITIES_KEY = "armswatch_quantities"  # Doc.user_data key: the Doc's quantities, found once


_SIGN_BOUNDS = frozenset({"<", ">", "≤", "≥"})
_OPENERS = frozenset({"(", "[", "{", "=", ":"})


def _prefix(toks: list[Tok], start: int) -> tuple[int, str, bool]:
    """(first token index, bound, approximate) of a bound/approximation phrase ending before `start`."""
    for size in range(min(_PREFIX_MAX, start), 0, -1):
        key = tuple(t.lower for t in toks[start - size : start])
        if key in _PREFIXES and key[0] in _SIGN_BOUNDS and (
                (key[0] in "<>" and toks[start].idx != toks[start - 1].end)
                or (start - size > 0 and toks[start - size - 1].end == toks[start - size].idx
                    and toks[start - size - 1].text[-1:] not in _OPENERS)):
            # "<td>149", "b>2": the end of a markup tag; "Home > 7 Trends": a breadcrumb; papers write the
            # bound stuck to the number (">100 μm") or as a sign of its own ("≥ 16")
            continue
        if key in _PREFIXES:
            bound, approx = _PREFIXES[key]
            return start - size, bound, approx
    return start, "exact", False


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


_RATE_PERIODS = frozenset({"year", "month", "week", "day"})


def _after_rate(toks: list[Tok], k: int) -> int:
    """The index after a rate at k ("a year", "per month", "annually"), else k."""
    if k < len(toks) and toks[k].lower in ("annually", "yearly", "monthly"):
        return k + 1
    if k + 1 < len(toks) and toks[k].lower in ("a", "an", "per", "each", "every") and toks[
            k + 1].lower in _RATE_PERIODS:
        return k + 2
    return k


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
    if j >= n:
        return None
    if toks[j].lower in _NGRAM_FIRST:  # "nautical miles", "miles an hour", "degrees C"
        for size in range(min(_NGRAM_MAX, n - j), 1, -1):
            ngram = _MEASURE_NGRAMS.get(tuple(t.lower for t in toks[j : j + size]))
            if ngram is not None:
                return ngram, j + size
    w = toks[j].lower
    if w.endswith(".") and len(w) > 1 and w not in _MEASURE_WORDS:
        w = w[:-1]  # "5.16 m." as spaCy keeps a sentence's full stop on an abbreviation
    unit = _MEASURE_WORDS.get(w) or _CURRENCY_WORDS.get(w) or _code_at(toks[j]) or _symbol_after(toks, j)
    if unit is None and toks[j].text == "C" and j > 0 and toks[j].idx == toks[j - 1].end and toks[
            j - 1].text[-1:].isdigit():
        # "40C", "-20C": a capital C stuck to the number is a temperature; not F ("13F filing", "Form 10F")
        unit = _TEMPERATURE_SCALES[w]
    if unit is None and "-" in w:  # one token in plain text: "a 10-mile-long convoy", "12-cent-a-share"
        head, _, tail = w.partition("-")
        if len(head) > 1 or tail in _SIZE_ADJECTIVES:  # "a 17.7 m-thick section"
            unit = _MEASURE_WORDS.get(head) or _CURRENCY_WORDS.get(head)
    return (unit, j + 1) if unit else None


_NGRAM_FIRST = frozenset(k[0] for k in _MEASURE_NGRAMS)
_SIZE_ADJECTIVES = frozenset({"thick", "long", "wide", "high", "deep", "tall", "thin"})
_BRACKETS = {"(": ")", "[": "]", "{": "}", "<": ">"}


def _bracketed_unit(toks: list[Tok], j: int) -> tuple[str, int] | None:
    """(unit, index after the closing bracket) for a unit alone in brackets after a number, as spec sheets
    write it ("20 (kg)"); None otherwise."""
    if j + 2 >= len(toks) or toks[j].text not in _BRACKETS:
        return None
    m = _measure_at(toks, j + 1)
    if m is None or m[1] >= len(toks) or toks[m[1]].text != _BRACKETS[toks[j].text]:
        return None
    return m[0], m[1] + 1


def _is_excluded(toks: list[Tok], num: Numeral, currency: str | None, noun_lower: str,
                 durations: bool = False, unit_next: bool = False, ranged: bool = False) -> bool:
    """Years, dates, times, ages, durations, ordinals, designators and hyphenated adjectives; `unit_next`: a
    measure's unit follows the number, `ranged`: the number starts a range."""
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
        and not (unit_next and after is not None and after.idx - first.end <= 1 and not after.sent_start
                 and not after.text[:1].isupper())
    ):
        return True  # a year (not "at x = 1980 mm", "2000 ppm"; not "2019\nCM", "1958 W.", "2011 to 30%")
    if prev is not None and prev.lower.rstrip(".") in _MONTHS:
        return True  # "October 13"
    if after is not None and (
        after.lower.rstrip(".") in _MONTHS
        or (after.lower == "of" and after2 is not None and after2.lower.rstrip(".") in _MONTHS)
    ):
        return True  # "13 October", "13th of October"
    if after is not None and after.lower in ("th", "st", "nd", "rd") and after.idx == first.end:
        return True  # "8th" split by the plain tokenizer
    if noun_lower in _TIME_UNITS or (noun_lower and after is not None and after.lower in _TIME_UNITS):
        return True  # durations, ages, clock times; "a 10 min pre-anneal", "a 7 month experiment"
    stuck = after is not None and after.idx == first.end
    # a comma and a counted noun end a reference ("shown in Fig. 10, 350 electrons were injected")
    counts_after = bool(noun_lower) and prev is not None and prev.text == "," and after is not None and (
        after.lower == noun_lower and _is_plural_looking(after))
    if is_plain_int and (not unit_next or stuck) and not counts_after and _is_reference(toks, num.start):
        return True  # "Fig. 5", "phases 3, 5, and 7", "Figures 3A and 3C"; not "front lines 20 km away"
    if stuck and is_plain_int and _is_isotope(toks, num.start, num.end):
        return True  # "14C dates", "[11C]PK11195", "15N-labelled": a mass number, not a temperature
    if (
        after is not None
        and after.idx == first.end
        and after.text.isalpha()
        and after.text.isupper()
        and len(after.text) <= 3
        and after.text not in ("K", "M", "B", "C", "F", "MN", "BN", "TN")
        and _measure_at(toks, num.end) is None
    ):
        return True  # "3D", "16S", "2SD", "5G": a label, not an amount (capital scale letters and C/F kept)
    if after is not None and after.idx == first.end and _is_formula_part(toks, num.end):
        return True  # "3MgF2", "2σ", "40Ar/39Ar": a formula, a multiple of a symbol, an isotope
    if prev is not None and prev.text in (")", "]") and prev.end == first.idx:
        return True  # "Mg(ClO4)2", "(PgωΛ)2": a subscript or a power
    if after is not None and after.lower in (":", "/") and after2 is not None and after2.lower[:1].isdigit():
        return True  # 10:30, 3/4
    if prev is not None:
        if prev.lower in _ID_WORDS and not (prev.sent_start and prev.lower == "no"):
            return True
        if prev.lower in ("aged", "age") and not durations:
            return True
        if (
            prev.text[:1].isupper()
            and first.text[:1].isdigit()  # a designator's number is written in digits: not "sold Egypt two
            # million rounds", "sent Russia hundreds of drones" (a recipient, then the count)
            and not prev.sent_start
            and not unit_next  # "the Na D 589.3 nm line": a measure after a name
            and not (ranged and "." in first.text)  # "95% CI 1.92–2.65": a designator is no decimal range
            and prev.lower not in _STOPWORDS
            and prev.lower not in _CURRENCY_CODES
            and (prev.tag in ("NNP", "NNPS") or not prev.tag)
            and not any(prev.lower == k[-1] for k in _PREFIXES)
            and not (after is not None and after.lower == "times")  # "struck Gaza 14 times": a count
        ):
            return True  # "Hwasong 17", "Leopard 2"
        if (
            prev.lower in ("-", "/", ".", ":", "\u2212", "^")
            and num.start > 1
            and toks[num.start - 2].text[:1].isalnum()
            and prev.idx == toks[num.start - 2].end
            and prev.end == first.idx
        ):
            return True  # "Hwasong-17" split by a tokenizer, "2023-10-26", "F/A-18", "10:30", "ha−1"
        if (
            prev.text in _HYPHENS
            and num.start > 1
            and prev.end == first.idx
            and _is_designator_word(toks[num.start - 2].text)
        ):
            return True  # "DF -21", "RS -12M2": a designator as tokenised copy spaces it
    after2_word = after2.lower.split("-")[0] if after2 is not None else ""
    if (
        after is not None
        and after.lower == "-"
        and after2_word.isalpha()
        and after2_word not in _WORD_NUMBER_TOKENS
        and _measure_at(toks, num.end) is None
        and not (durations and after2_word in _DURATION_WORDS)
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
    words |= set(_FRACTION_WORDS) | set(_VULGAR_FRACTIONS) | {"mach"}
    million_codes = {"m" + c for c in _CURRENCY_CODES}
    return frozenset(words | set(_CURRENCY_SYMBOLS) | set(_CURRENCY_CODES) | million_codes)


_NUMERAL_STARTS = _numeral_starts()
_MEASURE_UNITS = NON_COUNT_UNITS | BULK_UNITS


_MINOR_UNITS = {"usd": ("cent", "cents"), "eur": ("cent", "cents"), "gbp": ("penny", "pence", "p"),
                "cad": ("cent", "cents"), "aud": ("cent", "cents"), "cny": ("fen",)}
_CLAUSE_END = frozenset({".", ",", ";", "!", "?", ")"})


def _read_on(toks: list[Tok], num: Numeral, unit: str, value: float, q_end: int, noun: int
             ) -> tuple[str, float, int]:
    """(unit, value, end) once the words after a sum or a measure are read: a scale after a code ("75 USD
    million"), a sum in pounds rather than a weight ("361 million pounds"), the minor part of a sum
    ("3 dollars 50 cents", "15 dollars and 50.") or of a length ("5 ft 2 in", "5 feet 2 inches")."""
    n = len(toks)
    scaled = num.scaled_abbrev or (num.end - num.start > 1 and toks[num.end - 1].lower in _SCALE_WORDS)
    nxt = toks[q_end].lower if q_end < n else ""
    if unit == "lb" and scaled and noun != -1 and toks[noun].lower in ("pound", "pounds") and nxt != "of":
        return "gbp", value, q_end  # millions of pounds are money far more often than weight, unless "of"
    if unit in MONEY_UNITS and not scaled and nxt in ("million", "billion", "trillion", "bn", "mn"):
        return unit, value * _SCALE_WORDS.get(nxt, 1e9 if nxt == "bn" else 1e6), q_end + 1
    if scaled or not float(value).is_integer() or num.end - num.start != 1:
        return unit, value, q_end
    minor_words = _MINOR_UNITS.get(unit, ("cent", "cents")) if unit in MONEY_UNITS else ()
    if unit == "foot":
        minor_words, per = ("in", "inch", "inches", '"'), 12.0
    elif minor_words:
        per = 100.0
    else:
        return unit, value, q_end
    j = q_end + 1 if nxt == "and" else q_end
    minor = _parse_numeral(toks, j) if j < n else None
    if minor is None or minor.vague or minor.fraction or minor.value >= per or not minor.value.is_integer():
        return unit, value, q_end
    k = minor.end
    after = toks[k].lower if k < n else ""
    if k < n and toks[k].idx == toks[k - 1].end and after[:1].isalnum():
        return unit, value, q_end  # "11a": a code, not a minor part
    if after in minor_words:
        return unit, value + minor.value / per, k + 1
    # a bare minor part after a currency written as a word or code: "15 dollars 50.", "17 USD 25"
    bare = unit in MONEY_UNITS and noun >= num.end and (
        after in _CLAUSE_END or after == "" or (nxt != "and" and after in _STOPWORDS))
    return (unit, value + minor.value / per, k) if bare else (unit, value, q_end)


_APPROX_MARKS = frozenset({"∼", "~", "≈", "about", "around", "approximately", "roughly"})


def _after_approx(toks: list[Tok], k: int) -> int:
    """The index after an approximation mark at k that a number follows ("to ∼550", "to around 80%"), else
    k: a range's second end may be approximate too."""
    if k + 1 < len(toks) and toks[k].lower in _APPROX_MARKS and toks[k + 1].text[:1].isdigit():
        return k + 1
    return k


def _minus_before(toks: list[Tok], i: int) -> bool:
    """A minus sign stuck to the number at i and standing apart from what precedes it ("at -5 C"), not the
    hyphen of a range or a compound ("10-15", "F-16") nor a designator's in tokenised copy ("DF -21")."""
    if i == 0 or toks[i - 1].text not in ("-", "\u2212") or toks[i - 1].end != toks[i].idx:
        return False
    if i == 1 or not toks[i - 2].text[-1:].isalnum():
        return True  # "(−5", "∼−27‰", "to −23.1‰"
    return toks[i - 2].end < toks[i - 1].idx and not _is_designator_word(toks[i - 2].text)


def _is_designator_word(word: str) -> bool:
    """A short name in capitals that a designator's number follows ("DF", "RS", "SS", "F")."""
    return word.isalpha() and word.isupper() and len(word) <= 4


def _mach(toks: list[Tok], i: int, text: str) -> Found | None:
    """ "Mach 5", "over Mach 10": a speed as a multiple of the speed of sound (hypersonic weapons)."""
    if i + 1 >= len(toks) or not toks[i + 1].text[:1].isdigit():
        return None
    digits = _digits_value(toks[i + 1].lower)
    if digits is None or digits[1] is not None:
        return None
    p_start, bound, approx = _prefix(toks, i)
    c0, c1 = toks[p_start].idx, toks[i + 1].end
    q = Quantity(digits[0], "mach", approx, bound, text[c0:c1], c0, c1)
    return Found(q, p_start, i, -1)


def _find(toks: list[Tok], text: str, durations: bool = False) -> list[Found]:
    out: list[Found] = []
    n = len(toks)
    i = 0
    last_measure_end = -10  # token index after the last measure quantity (to skip bracketed conversions)
    while i < n:
        t = toks[i]
        if (
            t.lower not in _NUMERAL_STARTS
            and not t.lower[:1].isdigit()
            and not (t.lower[:1] == "." and t.lower[1:2].isdigit())  # ".05"
            and t.lower.partition("-")[0] not in _NUMERAL_STARTS
        ):
            i += 1
            continue
        if t.lower == "mach":  # "Mach 5": the unit is written before the number
            mach = _mach(toks, i, text)
            if mach is not None:
                out.append(mach)
            i += 1
            continue
        ratio = _ratio_at(toks, i) if t.lower[:1].isdigit() else None
        if ratio is not None:  # "1:3", "∼1:60": a ratio's value is its first term over its second
            p_start, bound, approx = _prefix(toks, i)
            c0, c1 = toks[p_start].idx, toks[ratio[1] - 1].end
            out.append(Found(Quantity(ratio[0], "", approx, bound, text[c0:c1], c0, c1), p_start, -1, -1))
            i = ratio[1]
            continue
        currency = None
        num_i = i
        code_scale = 1.0
        before = _currency_before(toks, i)
        if before is not None:
            currency, num_i, i, code_scale = before
        num = _parse_numeral(toks, num_i) if num_i < n else None
        if num is None:
            i = num_i if before is not None else i + 1
            continue
        if code_scale != 1.0:
            num = num._replace(value=num.value * code_scale)
        measure: tuple[str, int] | None = None
        if num.scaled_abbrev and not currency:
            # "30m" without a currency is 30 metres ("30m dollars" is money), "5k" is left alone
            value, abbrev = _digits_value(toks[num.start].lower) or (0.0, None)
            abbrev = abbrev or toks[num.end - 1].lower  # split off by the tokenizer: "30" "m"
            after = _measure_at(toks, num.end)
            # "1.2m tons", "1.2m people": a million of a measure or of a counted noun, not metres
            counted = after is not None or (num.end < n and toks[num.end].lower.isalpha()
                                            and _is_plural_looking(toks[num.end]))
            if not abbrev.endswith("n") and not (after and after[0] in MONEY_UNITS) and not (
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
        approx_range = False
        minus_first = not currency and _minus_before(toks, num.start)
        b_at = start_i - 1 - (1 if minus_first else 0)  # where "between" would be ("between −25 and −18 °C")
        between = b_at >= 0 and toks[b_at].lower == "between"
        # "between 5% and 6%", "5 to 6 km": a range whose first end repeats the unit
        unit_first = (_expression_at(toks, text, end) or _measure_at(toks, end)) if not currency else None
        if unit_first is not None and unit_first[1] + 1 < n and toks[unit_first[1]].lower in (
                "to", "-", "–", "and") and (between or toks[unit_first[1]].lower != "and"):
            second_end = _parse_numeral(toks, _after_approx(toks, unit_first[1] + 1))
            m_second = (_expression_at(toks, text, second_end.end) or _measure_at(toks, second_end.end)
                        ) if second_end is not None else None
            if second_end is not None and not second_end.vague and not num.vague and (
                    m_second is not None and m_second[0] == unit_first[0]):
                end = unit_first[1]  # the joiner: read on as if the unit were not repeated
        joiner = toks[end].lower if end + 1 < n else ""
        if joiner in ("to", "-", "–", "or", "and") and (between or joiner != "and"):
            second_currency = _CURRENCY_SYMBOLS.get(toks[end + 1].lower)
            k2 = _after_approx(toks, end + 1 + (1 if second_currency else 0))  # "from ∼250 to ∼550 ppm"
            approx_second = k2 > end + 1 + (1 if second_currency else 0)
            minus_second = not currency and k2 + 1 < n and _minus_before(toks, k2 + 1)  # "−25 to −18 °C"
            second = _parse_numeral(toks, k2 + (1 if minus_second else 0))
            same_unit = second_currency is None or second_currency == currency
            if second is not None and not second.vague and not num.vague and same_unit:
                hi_value = -second.value if minus_second else second.value
                if second.end - second.start > 1 and num.end - num.start == 1 and value < 1000 <= hi_value:
                    digits = _digits_value(toks[second.start].lower)
                    head = digits[0] if digits else _words_value([toks[second.start].lower])
                    scale = hi_value / head if head else 1.0
                    # "1 to 2 million", "four to five thousand": the scale word serves both ends, unless
                    # that would put the low end above the high ("from $200 to $4 million")
                    if value * scale <= hi_value:
                        value *= scale
                low, high, end = value, hi_value, second.end
                approx_range = approx_second
        if not currency and low is None and end < n:
            end, value = _science_tail(toks, text, end, value)
        pre_end = b_at if between else start_i
        p_start, bound, approx = _prefix(toks, pre_end)
        ph = not currency and p_start > 0 and toks[p_start - 1].text == "pH"  # "pH 7–8", "pH∼2"
        if ph:
            p_start -= 1
        if num.vague or (low is not None and high is not None):
            bound = "at_least" if bound == "exact" else bound
            approx = approx or approx_range or num.vague or (end > num.end and toks[num.end].lower == "or")
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
        grammar_unit = False  # the unit is an expression read by `grammar` ("420 K", "2 m s−1")
        unit = currency or ""
        q_end = end
        if ph:
            unit, grammar_unit = "pH", True
        elif currency:
            m2 = _measure_at(toks, end)
            # "$5 million dollars" repeats the currency; a symbol after "$20,000" is the next sum's
            if m2 and m2[0] == currency and toks[m2[1] - 1].lower not in _CURRENCY_SYMBOLS:
                q_end = m2[1]  # "$5 million dollars" / "€30 million euros"
            noun = q_end - 1
        elif measure is not None:
            unit, q_end = measure
            noun = q_end - 1
        else:
            expr = (durations and _duration_at(toks, end)) or _expression_at(toks, text, end)
            grammar_unit = bool(expr)
            m = expr or _measure_at(toks, end) or _bracketed_unit(toks, end)
            million_code = _million_code_at(toks[end]) if end < n and m is None else None
            if million_code is not None:  # "30 MUSD"
                unit, q_end, noun, value = million_code, end + 1, end, value * 1e6
            elif m is not None and m[0] == "times" and m[1] < n and toks[m[1]].text[:1].isdigit():
                grammar_unit = False  # "60 × 10 × 3 mm3": sizes, the last one's unit shared (`science`)
            elif m is not None:
                unit, q_end = m
                arc = _arc_tail(toks, q_end) if unit == "degree" else None
                if arc is not None:  # "57°44′8.47″N": degrees, minutes and seconds of arc
                    value, q_end, unit, grammar_unit = value + arc[0], arc[1], arc[2] or unit, True
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
                    # "tens of MeV", "hundreds of kPa": a unit of the grammar after "of", as after a number
                    expr = _expression_at(toks, text, head) if j > end else None
                    if expr is not None and expr[1] == head + 1:
                        unit, grammar_unit = expr[0], True
                    else:
                        # a proper noun keeps its form as spaCy's lemma ("900 Joint Direct Attack Munitions",
                        # "12 Hellfire Missiles"): the singular, as plain text reads it
                        proper = toks[head].tag in ("NNP", "NNPS") and toks[head].lemma == toks[head].lower
                        lemma = "" if proper else toks[head].lemma
                        unit = unit_for_noun(toks[head].text, lemma)
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
        if low is None and (unit in MONEY_UNITS or unit in _MEASURE_UNITS):
            unit, value, q_end = _read_on(toks, num, unit, value, q_end, noun)
        if num.fraction and unit_kind(unit) not in ("measure", "currency", "temperature"):
            i = end
            continue  # "3/4" with no measure after it may be a date
        if q_end + 1 < n and toks[q_end].text in ("±", "∓") and unit_kind(unit) in _SHARED_KINDS:
            tol = _parse_numeral(toks, q_end + 1)  # "46.8% ± 1.6%": a tolerance in the same unit
            again = (_expression_at(toks, text, tol.end) or _measure_at(toks, tol.end)) if tol else None
            if again is not None and again[0] == unit:
                q_end = again[1]
        if not currency and toks[num.start].text[:1] == "." and noun != -1:  # ".05", ".50 caliber"
            if toks[noun].lower in ("caliber", "calibre"):
                unit = "inch"  # ".50 caliber": a calibre in inches (not 0.5 mm)
            elif unit_kind(unit) == "count":
                unit, noun, q_end = "", -1, end  # "a .22 rifle", "p < .001 overall": a fraction counts none
        if durations and not unit and p_start > 0 and toks[p_start - 1].lower in ("aged", "age"):
            unit = "year"  # "aged 58 to 70", "Age 65": an age, a duration in years (`durations` only)
        measured = unit in _MEASURE_UNITS or grammar_unit
        counted = noun != -1 and unit not in MONEY_UNITS and not measured
        # the exclusions of durations and ages are lifted only for a quantity read as one, so that the same
        # quantities less the durations are found either way (`find_quantities_with_tokens` relies on it)
        if counted and end < noun and toks[end].lower in _TIME_UNITS:
            i = end  # "55–74 year olds", "two to three year olds": ages, after a range as after a number
            continue
        if not currency and _is_excluded(toks, num, currency, toks[noun].lower if counted else "",
                                         unit_kind(unit) == "duration", measured and end == num.end,
                                         low is not None):
            i = max(end, num.start + 1)
            continue
        if not unit and p_start == start_i and not plus and _in_brackets(toks, start_i, end):
            i = end
            continue  # "[25]", "(31)": a citation or an equation's number
        if not currency and unit == "" and not _digits_value(toks[num.start].lower) and value < 100:
            i = end
            continue  # "the two", "several of which", "one": a word numeral that counts nothing named
        # bracketed conversion after a measure: "900 km (560 miles)"
        if (
            measured
            and start_i - p_start == 0
            and start_i > 0
            and toks[start_i - 1].lower == "("
            and last_measure_end == start_i - 1
        ):
            i = q_end
            continue
        if measured or currency:
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
        # "of"/"worth of"/"in" after a container, measure or money: what the quantity is of; a sum's rate read
        # over ("$1.3 billion a year in direct military aid")
        k = _after_rate(toks, q_end) if currency else q_end
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
        if of_target == -1 and (currency or unit in MONEY_UNITS):
            of_target = _valued_phrase(toks, p_start, q_end)  # "shells worth $1.2 billion"
        # below zero, news writes temperatures and shares
        true_minus = num.start > 0 and toks[num.start - 1].text == "\u2212"  # never a hyphen
        signed = (unit_kind(unit) in _SIGNED_KINDS or (true_minus and not unit)) and (
            p_start == num.start or (between and p_start == b_at))
        if signed and minus_first:
            value = -value  # "-5 degrees": a minus stuck to the number
            low = -low if low is not None else None  # "−100 °C to 200 °C": the range's low end
            if not between:
                p_start = num.start - 1
            if p_start > 0 and not between:  # "∼−27‰", "<−60‰": a bound or an approximation before the sign
                p_start, bound, approx = _prefix(toks, p_start)
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
        # read on after a unit word (a code after a number is not the next number's: "10 RMB 20 USD"), but
        # not after a counted noun, which a phrase's other numbers may precede
        i = max(end, num.start + 1, q_end if unit in MONEY_UNITS or measured else 0)
    return _share_list_units(out, toks)


def find_quantities_with_tokens(doc: Doc | Span | str, durations: bool = True
                                ) -> tuple[list[Found], list[Tok]]:
    """Quantities with their token indices, and the tokens (what `items` attaches quantities with).
    One search reads durations too; `durations=False` leaves them out of what it returns (a quantity whose
    unit is a duration's: the search lifts the exclusions of durations and ages only for those, so the rest
    is what a search without durations finds). A whole Doc's quantities are found once and kept in its
    user_data (items and events both ask)."""
    toks, text = tokens_of(doc)
    if not isinstance(doc, Doc):
        found: list[Found] = _find(toks, text, True)
    else:
        found = doc.user_data.get(_QUANTITIES_KEY)
        if found is None:
            found = doc.user_data[_QUANTITIES_KEY] = _find(toks, text, True)
    if durations:
        return list(found), toks
    return [f for f in found if f.quantity.unit not in DURATION_UNITS], toks


def find_quantities(doc: Doc | Span | str, durations: bool = True) -> list[Quantity]:
    """Every quantity stated in a Doc, a Span (a sentence) or a plain string, in reading order, durations
    and ages included ("3 days", "a 5-year study", "aged 58 to 70": unit "day", "year"; `unit_kind` says
    "duration"). `durations=False` leaves them out, as the dossier's events stage does: there the time
    component reads durations, and an item is counted by a count, never by a duration."""
    return [f.quantity for f in find_quantities_with_tokens(doc, durations)[0]]
