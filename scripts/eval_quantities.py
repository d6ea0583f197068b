"""Score the quantity component on its development sets in ../shared/data/components/quantities/.

    .venv/bin/python scripts/eval_quantities.py [--misses N]

- Recognizers-Text NumberWithUnit (currency, dimension, temperature, age): per input, our quantities
  against the expected ones; value F1 (the number alone) and value+unit F1 (the number and the unit,
  the library's unit names mapped to ours: the table below, else the name read through our own unit
  vocabulary, else its singular as a counted noun; a unit we have no name for counts as a miss).
  Each file tests one kind of quantity (the library's currency model returns sums only), so the
  figure per file ("typed") scores our quantities of that kind (`unit_kind`); "all" scores every
  quantity we find, the counts and percentages the file does not annotate included, as false positives.
- MeasEval (paragraphs of scientific articles; trial+train, where the finder's rules were chosen, and
  eval, kept apart, reported each): a Quantity span is matched by one of ours that overlaps it; span
  P/R/F1 (overlap), value F1 (the first number of the gold span text, MeasEval does not normalise
  values: digits times the power of ten written after them, "4.3 × 10−8", or a cardinal word, "two",
  "four and a half")
  and value+unit F1 (the gold unit string read through the finder's unit grammar or vocabulary, also its
  first word when a word that is no unit follows, "m thick", "ppm by mass", "° latitude", else
  as the name we give a counted noun written so; a gold count, which MeasEval gives no unit, is matched
  by a bare number or a counted noun; a gold Quantity not marked IsCount whose Unit annotation was left
  out takes the unit its span writes after the number, "as low as 25 km"; a gold value written ".05" is
  read as written, a ratio "1:60" as its first term over its second, a position "57°44’8.47”N" in
  degrees). Every Quantity span of the gold
  is scored, also those a quantity finder cannot or should not give (dates, "room temperature"), and
  each of our quantities counts, also a second one inside a list the gold annotates as one span.
  `--measeval-misses N` prints trial+train's misses by class. `--without-durations` scores MeasEval a
  second time as the dossier's events stage reads quantities (`find_quantities(durations=False)`: durations
  and ages left to the time component; MeasEval annotates "3 days").
`--spacy` reads each text through the project's spaCy pipeline first (what `analyze` does: tags guide the
counted noun), instead of the plain-text tokenizer.
Development data only: NewsQuant is the independent check and is never read here.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

from armswatch.quantities import Quantity, find_quantities
from armswatch.quantities.grammar import power_of_ten, read_unit
from armswatch.quantities.units import (
    _CURRENCY_CODES,
    _CURRENCY_WORDS,
    _DURATION_WORDS,
    _MEASURE_NGRAMS,
    _MEASURE_WORDS,
    singular,
    unit_for_noun,
    unit_kind,
)

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "components" / "quantities"

# Recognizers-Text unit names -> ours
RT_UNITS = {
    "kilometer": "km", "mile": "mile", "meter": "m", "centimeter": "cm", "millimeter": "mm",
    "kilogram": "kg", "pound": "lb", "ton": "tonne", "metric ton": "tonne", "liter": "litre",
    "gallon": "gallon",
    "barrel": "barrel", "foot": "foot", "inch": "inch", "yard": "yard", "square kilometer": "km2",
    "square meter": "m2", "square foot": "ft2", "square mile": "mile2", "kilowatt": "kw", "megawatt": "mw",
    "watt": "w", "gigabyte": "gb", "megabyte": "mb", "kilobyte": "kb", "terabyte": "tb", "hertz": "hz",
    "megahertz": "mhz", "gigahertz": "ghz", "kilohertz": "khz", "mile per hour": "mph",
    "kilometer per hour": "km_per_hour", "knot": "knot", "hectare": "hectare", "acre": "acre",
    "nautical mile": "nmi", "percentage": "percent", "year": "year", "month": "month", "week": "week",
    "day": "day",
    # names that are not our surface forms ("mile per hour" is written "miles per hour")
    "c": "celsius", "f": "fahrenheit", "cubic foot": "ft3", "cubic meter": "m3",
}
# the kinds of our quantities each file annotates
RT_KINDS = {"CurrencyModel": {"currency"}, "DimensionModel": {"measure"},
            "TemperatureModel": {"temperature", "measure"}, "AgeModel": {"duration"}}  # an age: years

RT_CURRENCIES = {"dollar": "usd", "united states dollar": "usd", "euro": "eur", "pound": "gbp",
                 "british pound": "gbp", "yen": "jpy", "japanese yen": "jpy", "yuan": "cny",
                 "chinese yuan": "cny", "ruble": "rub", "russian ruble": "rub", "rupee": "rupee"}


def rt_unit(name: str) -> str:
    """Our name for a Recognizers-Text unit name: the table, else our vocabulary (the whole name, else its
    last word: "Netherlands guilder"), else the singular a counted noun would get, else "?name"."""
    low = name.strip().lower()
    if low in RT_UNITS:
        return RT_UNITS[low]
    for form in (low, low + "s", low.split()[-1] if low else low):
        words = tuple(form.split())
        unit = (_MEASURE_NGRAMS.get(words) or _MEASURE_WORDS.get(form) or _CURRENCY_WORDS.get(form)
                or _CURRENCY_CODES.get(form))
        if unit:
            return unit
    return singular(low) if low.isalpha() else "?" + name


def f1(tp: int, n_sys: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_sys if n_sys else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


def _count_matches(gold: list[tuple[float, str]], ours: list[tuple[float, str]], with_unit: bool) -> int:
    left = list(ours)
    tp = 0
    for gv, gu in gold:
        for k, (ov, ou) in enumerate(left):
            if _same(ov, gv) and (not with_unit or ou == gu):
                tp += 1
                del left[k]
                break
    return tp


Reader = Callable[[str], list[Quantity]]


def recognizers(root: Path, misses: int, read: Reader = find_quantities) -> None:
    shown = 0
    for name in ("CurrencyModel", "DimensionModel", "TemperatureModel", "AgeModel"):
        cases = json.loads((root / f"{name}.json").read_text(encoding="utf-8"))
        n_gold = n_sys = tp_v = tp_vu = n_typed = tp_typed = 0
        for case in cases:
            gold = []
            for r in case.get("Results", []):
                res = r.get("Resolution") or {}
                try:
                    value = float(res.get("value"))
                except (TypeError, ValueError):
                    continue
                iso = (res.get("isoCurrency") or "").lower()
                rt = (res.get("unit") or "").lower()
                if name == "CurrencyModel" and not iso:
                    iso = RT_CURRENCIES.get(rt, "")
                unit = iso if iso else rt_unit(str(res.get("unit")))
                gold.append((value, unit))
            found = read(case["Input"])
            ours = [(q.value, q.unit) for q in found]
            typed = [(q.value, q.unit) for q in found if unit_kind(q.unit) in RT_KINDS[name]]
            n_gold += len(gold)
            n_sys += len(ours)
            n_typed += len(typed)
            tp_v += _count_matches(gold, ours, False)
            tp_vu += _count_matches(gold, ours, True)
            got = _count_matches(gold, typed, True)
            tp_typed += got
            if (got < len(gold) or got < len(typed)) and shown < misses:
                shown += 1
                print(f"  miss {name}: {case['Input']!r} gold {gold} ours {ours}")
        _, _, fv = f1(tp_v, n_sys, n_gold)
        _, _, fvu = f1(tp_vu, n_sys, n_gold)
        p, r, ft = f1(tp_typed, n_typed, n_gold)
        print(f"Recognizers-Text {name:17s} gold {n_gold:4d} ours {n_typed:4d} of its kind "
              f"({n_sys:4d} in all): "
              f"value+unit P {p:.3f} R {r:.3f} F1 {ft:.3f}; all quantities: value F1 {fv:.3f}, "
              f"value+unit F1 {fvu:.3f}")


_FIRST_NUMBER = re.compile(r"[-−]?(?:\d+(?:,\d{3})*(?:\.\d+)?|\.\d+)")  # also ".05" as statistics write it
# cardinal words as MeasEval's spans write counts ("two", "Five", "sixteen times"), read by this table so that
# the gold's value does not depend on the finder's own numeral reader
_CARDINAL_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                   "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
                   "nineteen", "twenty")
_CARDINALS = {w: float(k) for k, w in enumerate(_CARDINAL_WORDS)}
_CARDINALS.update({"thirty": 30.0, "forty": 40.0, "fifty": 50.0, "hundred": 100.0, "thousand": 1000.0,
                   "twice": 2.0, "none": 0.0})
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
_SCALE_AFTER = re.compile(r"\s(thousand|million|billion)\b", re.IGNORECASE)
_ARC_AFTER = re.compile(r"\s?°\s?(\d+)[′’']\s?(?:(\d+(?:\.\d+)?)[″”\"])?")
_RATIO_AFTER = re.compile(r":(\d+(?:\.\d+)?)(?![\d:])")
_AND_A_HALF = re.compile(r"\s+and\s+a\s+half\b", re.IGNORECASE)
_CARDINAL_RE = re.compile(r"\b(" + "|".join(_CARDINALS) + r")\b", re.IGNORECASE)


def gold_value(text: str) -> float | None:
    """The first number a MeasEval span states: digits (times a power of ten or a scale word written after
    them, "4.3 × 10−8", "5.9 million"; a ratio's first term over its second, "1:60"), or a cardinal word
    ("two", "Five"; "four and a half" 4.5), whichever comes first; None when there is neither."""
    m = _FIRST_NUMBER.search(text)
    w = _CARDINAL_RE.search(text)
    if w is not None and (m is None or w.start() < m.start()):
        half = _AND_A_HALF.match(text, w.end())  # "four and a half": 4.5
        return _CARDINALS[w.group(1).lower()] + (0.5 if half else 0.0)
    if m is None:
        return None
    value = float(m.group().replace(",", "").replace("−", "-"))
    arc = _ARC_AFTER.match(text, m.end())  # "57°44’8.47”N": one angle, in degrees
    if arc is not None:
        return value + float(arc.group(1)) / 60 + float(arc.group(2) or 0) / 3600
    ratio = _RATIO_AFTER.match(text, m.end())  # "∼1:60": a ratio's value, the first term over the second
    clock = ratio is not None and len(ratio.group(1)) == 2 and int(ratio.group(1)) < 60 and value <= 24
    if ratio is not None and float(ratio.group(1)) != 0 and not clock:  # "05:28 UT" is a time
        return value / float(ratio.group(1))
    ten = power_of_ten(text, m.end())
    if ten is not None:
        return value * 10.0 ** ten[0]
    scale = _SCALE_AFTER.match(text, m.end())  # "5.9 million"
    return value * _SCALES[scale.group(1).lower()] if scale else value


def _our_unit_for(gold_unit: str) -> str:
    """Our name for a MeasEval unit string: the finder's unit grammar or vocabulary (of the whole string, else
    of its first word when the words after it are no unit and no "per ...": "m thick", "ppm by mass"), else
    what we name a counted noun written so ("passages" -> "passage"; of several words, the head: "elderly
    participants" -> "participant", "lines of code" -> "line"), else "?unit"."""
    expression = read_unit(gold_unit)
    if expression is not None:
        return expression
    u = gold_unit.strip().lower()
    known = (_MEASURE_NGRAMS.get(tuple(u.split())) or _MEASURE_WORDS.get(u) or _CURRENCY_WORDS.get(u)
             or _CURRENCY_CODES.get(u) or _DURATION_WORDS.get(u) or _DURATION_WORDS.get(u.split("-")[0]))
    if known:
        return known
    words = gold_unit.split()
    if len(words) > 1 and words[1].lower() != "per":  # "m thick", "ppm by mass", "° latitude": the unit
        first = read_unit(words[0])  # written first, a word after it that is no unit ("per year" is a rate)
        if first is not None:
            return first
    if " " in u:  # a counted noun with its modifiers ("elderly participants", "lines of code"): its head
        words = u.split(" of ")[0].split()
        return unit_for_noun(words[-1]) if words[-1].isalpha() else "?" + gold_unit
    return unit_for_noun(u) if u else "?" + gold_unit


_WORD_AFTER_NUMBER = re.compile(r"[-−–]?\d[\d.,]*(?:\s*(?:[-–]|to|and)\s*[-−]?\d[\d.,]*)?\s?(\S+)")


def _unit_in_span(span: str) -> str:
    """The unit a gold span writes after its first number (or range) when its Unit annotation was left out
    ("as low as 25 km", "1550 cm−1", "6 months"): the word read as a unit by the finder's unit grammar or
    vocabulary, else "" (a counted noun, "14 times", is no unit)."""
    m = _WORD_AFTER_NUMBER.search(span)
    if m is None:
        return ""
    word = m.group(1).rstrip(".,;)")
    u = word.lower()
    known = (read_unit(word) or _MEASURE_WORDS.get(u) or _CURRENCY_WORDS.get(u) or _DURATION_WORDS.get(u))
    return word if known else ""


def _unit_matches(gold_unit: str, ours: Quantity) -> bool:
    """Our unit against a MeasEval unit string: a gold count (no unit) is matched by a bare number, a
    counted noun (MeasEval writes what is counted in its MeasuredEntity, not as a unit: "147 patients" has
    no unit) or a share; a gold unit by our name for it."""
    if not gold_unit:
        return unit_kind(ours.unit) in ("", "count", "percent")
    return ours.unit == _our_unit_for(gold_unit)


Misses = list[tuple[str, str]]  # (class, line): what `--measeval-misses` prints


def _context(text: str, s: int, e: int, width: int = 40) -> str:
    return (text[max(0, s - width):s] + "[[" + text[s:e] + "]]" + text[e:e + width]).replace("\n", " ")


def _measeval_split(base: Path, read: Reader, misses: Misses | None = None
                    ) -> tuple[int, int, int, int, int, int]:
    """(gold, ours, gold matched by a span, ours matching one, value hits, value+unit hits) in one split;
    with `misses`, each gold span not matched in value and unit and each of ours overlapping no gold span is
    added to it with its class: "missed" (no overlap), "value" (overlap, value differs), "unit" (value
    right, unit differs), "spurious" (ours, no gold)."""
    n_gold = n_sys = span_tp = sys_tp = tp_v = tp_vu = 0
    text_dir = base / "txt" if (base / "txt").is_dir() else base / "text"
    for txt in sorted(text_dir.glob("*.txt")):
        text = txt.read_text(encoding="utf-8")
        golds = []
        tsv = base / "tsv" / (txt.stem + ".tsv")
        if tsv.exists():
            with tsv.open(encoding="utf-8") as fh:
                for row in csv.DictReader(fh, delimiter="\t"):
                    if row["annotType"] != "Quantity":
                        continue
                    other = json.loads(row["other"]) if row.get("other") else {}
                    unit = str(other.get("unit", ""))
                    if not unit and "IsCount" not in other.get("mods", []):
                        unit = _unit_in_span(row["text"])  # a measure whose Unit span was left out
                    golds.append((int(row["startOffset"]), int(row["endOffset"]), row["text"], unit))
        ours = read(text)
        n_gold += len(golds)
        n_sys += len(ours)
        for q in ours:
            if any(q.char_start < e and s < q.char_end for s, e, _, _ in golds):
                sys_tp += 1
            elif misses is not None:
                misses.append(("spurious", f"{txt.stem}: {_context(text, q.char_start, q.char_end)}  ours "
                                           f"{q.value:g} {q.unit!r}"))
        for s, e, gtext, gunit in golds:
            over = [q for q in ours if q.char_start < e and s < q.char_end]
            where = f"{txt.stem}: {_context(text, s, e)}  gold unit {gunit!r}"
            if not over:
                if misses is not None:
                    misses.append(("missed", where))
                continue
            span_tp += 1
            gv = gold_value(gtext)
            if gv is None:
                continue
            hit = [q for q in over if _same(q.value, gv) or _same(q.low or q.value, gv)]
            ours_said = "; ".join(f"{q.text!r} {q.value:g} {q.unit!r}" for q in over)
            if hit:
                tp_v += 1
                if any(_unit_matches(gunit, q) for q in hit):
                    tp_vu += 1
                elif misses is not None:
                    misses.append(("unit", f"{where} (read {_our_unit_for(gunit)!r})  ours {ours_said}"))
            elif misses is not None:
                misses.append(("value", f"{where} value {gv:g}  ours {ours_said}"))
    return n_gold, n_sys, span_tp, sys_tp, tp_v, tp_vu


def measeval(root: Path, read: Reader = find_quantities, misses: int = 0) -> None:
    """Scores on trial+train (where the finder's rules were chosen) and on eval (kept apart), then all;
    `misses`: print up to that many of trial+train's misses of each class (never eval's)."""
    total = [0] * 6
    for label, splits in (("trial+train", ("trial", "train")), ("eval", ("eval",))):
        sums = [0] * 6
        found: Misses | None = [] if misses and label == "trial+train" else None
        for split in splits:
            for k, v in enumerate(_measeval_split(root / split, read, found)):
                sums[k] += v
        if found:
            for cls in ("missed", "value", "unit", "spurious"):
                lines = [line for c, line in found if c == cls]
                print(f"-- {cls}: {len(lines)}")
                for line in lines[:misses]:
                    print("  " + line)
        total = [a + b for a, b in zip(total, sums, strict=True)]
        _print_measeval(label, *sums)
    _print_measeval("all splits", *total)


def _print_measeval(label: str, n_gold: int, n_sys: int, span_tp: int, sys_tp: int, tp_v: int,
                    tp_vu: int) -> None:
    p = sys_tp / n_sys if n_sys else 0.0
    r = span_tp / n_gold if n_gold else 0.0
    fs = 2 * p * r / (p + r) if p + r else 0.0
    _, _, fv = f1(tp_v, n_sys, n_gold)
    _, _, fvu = f1(tp_vu, n_sys, n_gold)
    print(f"MeasEval {label:12s} gold {n_gold} ours {n_sys}: span overlap P {p:.3f} R {r:.3f} F1 {fs:.3f}; "
          f"value F1 {fv:.3f}; value+unit F1 {fvu:.3f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--misses", type=int, default=0, help="Recognizers-Text inputs missed, up to N")
    ap.add_argument("--measeval-misses", type=int, default=0,
                    help="MeasEval trial+train misses by class (missed, value, unit, spurious), up to N each")
    ap.add_argument("--spacy", action="store_true", help="read texts through the spaCy pipeline first")
    ap.add_argument("--without-durations", action="store_true",
                    help="MeasEval also without durations, as the events stage reads quantities")
    args = ap.parse_args(argv)
    nlp = None
    if args.spacy:
        from armswatch.nlp import load_pipeline

        nlp = load_pipeline()

    def reader(durations: bool) -> Reader:
        def read(text: str) -> list[Quantity]:
            return find_quantities(nlp(text) if nlp is not None else text, durations=durations)

        return read

    read = reader(True)

    recognizers(args.data / "recognizers-text-numberwithunit-en", args.misses, read)
    measeval(args.data / "measeval", read, args.measeval_misses)
    if args.without_durations:
        print("without durations:")
        measeval(args.data / "measeval", reader(False), args.measeval_misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
