"""Unit expressions as scientific and technical writing has them, read after a number: "420 K", "12 MPa",
"5 μm", "2 m s−1", "10 mg/L", "0.4 wt.%", "4‰", "1065 cm−1", "5 °C/min".

An expression is a run of atoms, each with an optional power ("cm−1", "m2", "s^-1"), joined by "/", "·" or a
space; an atom joined by a space must carry a negative power ("m s−1", "W m−2"), so that a unit followed by
a word ("50 eV photons", "3.00 ka cal BP") is not read as a product. Each atom is read, in this order,
through the news vocabulary of `units` (so that what reports write keeps its name: "km", "percent"),
through a short table of ratios and signs that no unit registry names as papers write them ("wt.%", "‰",
"ppt" as parts per thousand, "°N"), and through `pint`'s unit registry, which knows every SI prefix with
every unit symbol ("MPa", "μbar", "keV", "nT", "Ma", "mmol"). A registry atom counts only when it is
written as the registry's symbol, case included ("K" is kelvin, "Kings" is no unit), and not when it is an
English word or a news abbreviation that the registry also reads as a unit ("in", "a", "pm", "cal").
A single atom already in the news vocabulary, with no power, is left to the finder's own reading (news
behaviour unchanged); every other expression is returned here.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from armswatch.quantities.units import _CURRENCY_WORDS, _DURATION_WORDS, _MEASURE_NGRAMS, _MEASURE_WORDS

__all__ = ["is_expression_unit", "power_of_ten", "read_unit", "unit_expression"]

# ratios and signs read as papers write them (pint has no "wt%", reads "ppt" as a picopint, and has no
# sign for a latitude); chosen on the MeasEval train and trial units
_RATIOS = {
    "%": "percent", "‰": "permille", "ppm": "ppm", "ppb": "ppb", "ppt": "ppt", "ppmv": "ppmv",
    "ppbv": "ppbv", "pptv": "pptv", "wt%": "wt_percent", "wt.%": "wt_percent", "vol%": "vol_percent",
    "vol.%": "vol_percent", "at%": "at_percent", "at.%": "at_percent", "mol%": "mol_percent",
    "×": "times", "°n": "degree_north", "°s": "degree_south", "°e": "degree_east", "°w": "degree_west",
}
# registry symbols that are English words or read otherwise in news: "5 in", "3 a", "5 pm", "2 cal",
# "10 d" (a day in the registry, a letter in a list), "4 bar", "5 G" (a network), "Class 5 A"
_NOT_UNITS = frozenset({"in", "a", "am", "pm", "at", "d", "b", "c", "e", "f", "p", "cal", "bar", "G", "A",
                        "P", "S", "B", "C", "D", "E", "F", "H", "I", "L", "N", "R", "T", "U", "Y", "Z",
                        "ft", "yd", "mi", "it", "ha", "sr", "u", "x", "X", "rad", "min"})
_ATOM_RE = re.compile(
    r"(?P<atom>(?:wt|vol|at|mol)\.?\s?%|°[NSEWnsew](?![A-Za-z])|°[CFcf](?![A-Za-z])|[%‰°×]"
    r"|[A-Za-zµμΩÅ]+)"
    # a power: a minus stuck to the atom ("s−1", "cm-3", "g− 1" as some papers space it), a caret, a
    # superscript, or a small digit stuck on ("m2", "cm3"); never the start of a longer number ("m-10")
    r"(?P<pow>\^?[-−]\s?[1-4](?![\d]|[.,]\d)|\^[1-4](?![\d]|[.,]\d)|[⁻]?[¹²³⁴]"
    r"|(?<=[A-Za-zµμ])[2-4](?![\d]|[.,]\d))?"
)
_JOIN_RE = re.compile(r"\s?[/·⋅∙]\s?|\s")
_SUPERSCRIPTS = str.maketrans("⁻¹²³⁴−", "-1234-")


@cache
def _registry() -> object:
    """pint's default unit registry, built on first use (about 0.2 s CPU, once a process)."""
    import pint  # imported here: most reports never ask the registry anything

    return pint.UnitRegistry()


# The registry's prefixes and units that scientific writing puts after a number. The registry alone would
# take English words and web abbreviations for prefixed symbols ("are" and "week" are units of their own,
# "as" is an attosecond, "me" a milli-elementary charge, "li" a link, "md" a milli-day: found among the words
# of the dev reports and the seeds), so a symbol counts only when its prefix and its unit are among these.
_PREFIXES_OK = frozenset({"", "pico", "nano", "micro", "milli", "centi", "deci", "kilo", "mega", "giga",
                          "tera"})
_UNITS_OK = frozenset({
    "meter", "gram", "second", "minute", "hour", "year", "liter", "mole", "molar", "bar", "pascal", "hertz",
    "watt", "volt", "ampere", "ohm", "joule", "electron_volt", "tesla", "kelvin", "newton", "gray",
    "sievert", "becquerel", "dalton", "siemens", "farad", "angstrom", "ppm", "torr", "atmosphere",
    "gauss", "coulomb", "lumen", "calorie", "poise", "weber", "henry", "rayleigh",
    "turn",  # an angle, a unit that is its own name: "3 turns" is a measure, as it was before this filter
})
_SMALL_PREFIXES = frozenset({"centi", "deci"})  # only "cm", "dL", "cg": not "ca" (a centi-year), "cV"
_SMALL_PREFIXED = frozenset({"meter", "liter", "gram"})
_YEAR_PREFIXES = frozenset({"", "kilo", "mega", "giga"})  # "ka", "Ma", "Ga"; not "na", "da"
_SECOND_PREFIXES = frozenset({"", "milli", "micro", "nano", "pico"})  # "ms", "μs", "ns", "ps"


@lru_cache(maxsize=4096)
def _registry_symbol(atom: str) -> bool:
    """Whether `atom` is written as pint's symbol for a unit (a prefix's and the unit's symbols, case as
    the registry has it): "MPa", "μbar", "keV", "K"; not an alias ("yr"), a name ("days") or a plural, and
    not a word in capitals ("TV", "PM")."""
    if len(atom) > 1 and atom.isupper():
        return False
    reg = _registry()
    try:
        parsed = reg.parse_unit_name(atom, case_sensitive=True)  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - the registry raises several kinds for a string it cannot read
        return False
    norm = atom.replace("µ", "μ")
    for prefix, name, suffix in parsed:
        if suffix or prefix not in _PREFIXES_OK or name not in _UNITS_OK:
            continue
        small = prefix in _SMALL_PREFIXES and name not in _SMALL_PREFIXED
        timed = ((name == "year" and prefix not in _YEAR_PREFIXES) or (name in ("hour", "minute") and prefix)
                 or (name == "second" and prefix not in _SECOND_PREFIXES))
        if small or timed:
            continue  # "ca" is no centi-year, "Th" no tera-hour
        try:
            symbol = reg.get_symbol(prefix + name)  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001
            continue
        symbol = symbol.replace("µ", "μ")
        if symbol == norm or (name == "liter" and symbol == norm.replace("L", "l")):  # "dL", "μL"
            return True
    return False


def _atom_name(atom: str, news_only: bool = False, alone: bool = True) -> str | None:
    """Our name for one written atom: the news vocabulary's, a ratio's, else the registry symbol itself
    (case kept: "MPa" and "mPa" differ), or None; `alone`: the atom is the whole expression so far."""
    low = atom.lower()
    news = _MEASURE_WORDS.get(low) or _CURRENCY_WORDS.get(low)
    if news or news_only:
        return news
    ratio = _RATIOS.get(low.replace(" ", ""))
    if ratio:
        return ratio
    titled = len(atom) > 2 and atom[0].isupper() and atom[1:].islower()
    if (alone and atom in _NOT_UNITS) or len(atom) > 6 or titled:
        return None  # a word in capitals ("Kings", "Torr" - which the registry does not have either)
    return atom.replace("µ", "μ") if _registry_symbol(atom) else None


_RATIO_NAMES = frozenset(_RATIOS.values())


def is_expression_unit(name: str) -> bool:
    """Whether a unit name is one this grammar gives (a compound, a power, a ratio or a registry symbol)."""
    return "." in name or "^" in name or name in _RATIO_NAMES or (
        name not in _NOT_UNITS and len(name) <= 6 and _registry_symbol(name))


def _power(text: str) -> int:
    p = text.translate(_SUPERSCRIPTS).replace("^", "").replace(" ", "")
    return int(p) if p else 1


def _parse(text: str, pos: int) -> tuple[str, int, bool] | None:
    """(name, end, plain news atom) of the unit expression starting at `pos`, or None."""
    parts: list[tuple[str, int]] = []
    end = pos
    k = pos
    news_atom = False
    while True:
        m = _ATOM_RE.match(text, k)
        if m is None or (m.end() < len(text) and (text[m.end()].isalnum() or text[m.end()] in "µμ")):
            break
        power = _power(m.group("pow")) if m.group("pow") else 1
        if parts and k > end and text[end:k].strip() == "" and power >= 0:
            break  # a space joins only an atom with a negative power ("m s−1"), not "eV photons"
        whole = _MEASURE_WORDS.get(m.group().lower())  # "m2", "km²", "m3": the vocabulary's own names
        # a word such as "min" or "in" is a unit only inside an expression ("°C/min", "s−1"), not alone
        alone = not parts and m.group("pow") is None
        name = whole or _atom_name(m.group("atom"), alone=alone)
        if name is None and not alone:  # a time word inside an expression: "Mg ha−1 yr−1", "mg/day"
            name = _DURATION_WORDS.get(m.group("atom").lower())
        if name is None:
            break
        if whole:
            power = 1
        if parts and text[end:k].strip() in ("/",):
            power = -power
        if not parts:
            news_atom = whole is not None or (
                m.group("pow") is None and _atom_name(m.group("atom"), news_only=True) is not None)
        parts.append((name, power))
        end = m.end()
        j = _JOIN_RE.match(text, end)
        if j is None:
            break
        k = j.end()
    if not parts:
        return None
    name = ".".join(n if p == 1 else f"{n}^{p}" for n, p in parts)
    return name, end, news_atom and len(parts) == 1


# "× 10−5", "×1012" (a power of ten whose superscript the text lost: 10^12), "x 10^-3"; the digits after
# "10" are an exponent only when stuck to it and not a round number ("× 100" is a product)
_POWER_OF_TEN_RE = re.compile(
    r"\s?[×x]\s?10(?:\^?(?P<neg>[-−])\s?(?P<e1>\d{1,2})|\^?(?P<e2>[1-9]\d?))(?![\d.,])")


def power_of_ten(text: str, pos: int) -> tuple[int, int] | None:
    """(exponent, end offset) of a power of ten right after a number ending at `pos` ("4.3 × 10−8"), or
    None."""
    m = _POWER_OF_TEN_RE.match(text, pos)
    if m is None:
        return None
    exp = int(m.group("e1") or m.group("e2"))
    return (-exp if m.group("neg") else exp), m.end()


_NGRAM_PARTS = re.compile(r"[^\s/]+|/")


def unit_expression(text: str, pos: int) -> tuple[str, int] | None:
    """(unit name, end offset) of a unit expression right after a number ending at `pos` (one space or
    none between), when it is one the news vocabulary alone does not read: a registry or ratio symbol
    ("420 K", "4‰"), a power ("1065 cm−1") or a compound ("2 m s−1", "10 mg/L"); None otherwise."""
    if pos < len(text) and text[pos] in " \u00a0\u2009\u202f":
        pos += 1
    if pos >= len(text) or not (text[pos].isalpha() or text[pos] in "%‰°µμ×"):
        return None
    got = _parse(text, pos)
    if got is None or got[2]:
        return None
    if tuple(_NGRAM_PARTS.findall(text[pos:got[1]].lower())) in _MEASURE_NGRAMS:
        return None  # "10 km/hr": the news vocabulary's own name (km_per_hour)
    if got[0] in ("K", "s") and text[pos - 1].isdigit():
        return None  # stuck on, "300K" is 300,000 and "1970s" a decade in news; papers space them ("420 K")
    return got[0], got[1]


def read_unit(written: str) -> str | None:
    """Our name for a unit written alone ("m s−1", "MPa", "wt.%"), the whole string read, or None: what the
    scorer compares a gold unit string with."""
    ngram = _MEASURE_NGRAMS.get(tuple(_NGRAM_PARTS.findall(written.strip().lower())))
    if ngram is not None:
        return ngram  # "km/h": the news vocabulary's name, as the finder gives it
    got = _parse(written.strip(), 0)
    if got is None or got[1] != len(written.strip()):
        return None
    return got[0]
