"""The unit vocabulary: currency symbols, codes and words; measures (length, mass, volume, power, data,
frequency, speed, area); units that never count an item; time words; counted nouns' singular."""

from __future__ import annotations

__all__ = ["NON_COUNT_UNITS", "singular", "unit_for_noun"]


_CURRENCY_SYMBOLS = {
    "$": "usd",
    "us$": "usd",
    "€": "eur",
    "£": "gbp",
    "¥": "jpy",
    "₩": "krw",
    "₽": "rub",
    "a$": "aud",
    "c$": "cad",
    "hk$": "hkd",
    "nz$": "nzd",
    "s$": "sgd",
}
_CURRENCY_CODES = {
    "usd": "usd",
    "eur": "eur",
    "gbp": "gbp",
    "rub": "rub",
    "krw": "krw",
    "cny": "cny",
    "rmb": "cny",
    "jpy": "jpy",
    "irr": "irr",
    "uah": "uah",
    "inr": "inr",
    "pkr": "pkr",
    "kpw": "kpw",
    "rs": "rupee",
    "rs.": "rupee",
    "hkd": "hkd",
    "aud": "aud",
    "cad": "cad",
    "chf": "chf",
    "sgd": "sgd",
    "nzd": "nzd",
}
_CURRENCY_WORDS = {
    "dollar": "usd",
    "dollars": "usd",
    "euro": "eur",
    "euros": "eur",
    "ruble": "rub",
    "rubles": "rub",
    "rouble": "rub",
    "roubles": "rub",
    "yuan": "cny",
    "renminbi": "cny",
    "yen": "jpy",
    "won": "krw",
    "rupee": "rupee",
    "rupees": "rupee",
    "rial": "irr",
    "rials": "irr",
    "hryvnia": "uah",
    "hryvnias": "uah",
    "sterling": "gbp",
}
_MEASURE_WORDS = {
    "km": "km",
    "kms": "km",
    "kilometer": "km",
    "kilometers": "km",
    "kilometre": "km",
    "kilometres": "km",
    "mile": "mile",
    "miles": "mile",
    "nm": "nmi",
    "nmi": "nmi",
    "m": "m",
    "metre": "m",
    "metres": "m",
    "meter": "m",
    "meters": "m",
    "mm": "mm",
    "millimetre": "mm",
    "millimetres": "mm",
    "millimeter": "mm",
    "millimeters": "mm",
    "cm": "cm",
    "kg": "kg",
    "kgs": "kg",
    "kilogram": "kg",
    "kilograms": "kg",
    "kilogramme": "kg",
    "tonne": "tonne",
    "tonnes": "tonne",
    "ton": "tonne",
    "tons": "tonne",
    "t": "tonne",
    "lb": "lb",
    "lbs": "lb",
    "pound": "lb",
    "pounds": "lb",
    "barrel": "barrel",
    "barrels": "barrel",
    "bbl": "barrel",
    "bpd": "barrel_per_day",
    "litre": "litre",
    "litres": "litre",
    "liter": "litre",
    "liters": "litre",
    "gallon": "gallon",
    "gallons": "gallon",
    "%": "percent",
    "percent": "percent",
    "pct": "percent",
    "pc": "percent",  # British papers' "per cent" abbreviation
    # power, energy, data, frequency, speed, length: the field's vocabulary (issue 12)
    "w": "w", "kw": "kw", "mw": "mw", "gw": "gw", "kwh": "kwh", "mwh": "mwh", "gwh": "gwh",
    "kb": "kb", "mb": "mb", "gb": "gb", "tb": "tb",
    "hz": "hz", "khz": "khz", "mhz": "mhz", "ghz": "ghz",
    "mph": "mph", "kph": "km_per_hour", "km/h": "km_per_hour", "knot": "knot", "knots": "knot",
    "yard": "yard", "yards": "yard", "yd": "yard", "yds": "yard",
    "inch": "inch", "inches": "inch",
    "ft": "foot", "foot": "foot", "feet": "foot",
    "hectare": "hectare", "hectares": "hectare", "ha": "hectare", "acre": "acre", "acres": "acre",
    "calibre": "mm", "caliber": "mm",
}
# two-token measures read before one-token ones
_MEASURE_PAIRS = {
    ("metric", "ton"): "tonne",
    ("metric", "tons"): "tonne",
    ("metric", "tonnes"): "tonne",
    ("nautical", "miles"): "nmi",
    ("nautical", "mile"): "nmi",
    ("per", "cent"): "percent",
    ("us", "dollars"): "usd",
    ("u.s.", "dollars"): "usd",
    ("pounds", "sterling"): "gbp",
    ("sq", "m"): "m2", ("sq", "km"): "km2", ("sq", "ft"): "ft2", ("sq", "mi"): "mile2",
    ("square", "metres"): "m2", ("square", "meters"): "m2", ("square", "metre"): "m2",
    ("square", "kilometres"): "km2", ("square", "kilometers"): "km2", ("square", "miles"): "mile2",
    ("square", "feet"): "ft2", ("km", "/"): "km_per_hour",
}
# currency units (what "$", "USD", "dollars" give)
_MONEY_UNITS = frozenset(_CURRENCY_SYMBOLS.values()) | frozenset(_CURRENCY_CODES.values()) | frozenset(
    _CURRENCY_WORDS.values()
)
# measures that never count an item (distances, calibres, shares)
NON_COUNT_UNITS = frozenset({
    "km", "mile", "nmi", "m", "mm", "cm", "percent", "w", "kw", "mw", "gw", "kwh", "mwh", "gwh", "kb", "mb",
    "gb", "tb", "hz", "khz", "mhz", "ghz", "mph", "km_per_hour", "knot", "yard", "inch", "foot", "hectare",
    "acre", "m2", "km2", "ft2", "mile2",
})
_TIME_UNITS = frozenset(
    {
        "year",
        "years",
        "yr",
        "yrs",
        "month",
        "months",
        "week",
        "weeks",
        "day",
        "days",
        "hour",
        "hours",
        "minute",
        "minutes",
        "second",
        "seconds",
        "decade",
        "decades",
        "century",
        "centuries",
        "night",
        "nights",
        "a.m.",
        "p.m.",
        "am",
        "pm",
        "o'clock",
        "gmt",
        "utc",
        "bst",
        "kst",
    }
)
_NOUN_UNIT_MAP = {
    "shell": "round",
    "projectile": "round",
    "bullet": "round",
    "cartridge": "round",
    "artillery": "round",
}
_IRREGULAR_SINGULAR = {
    "people": "person",
    "men": "man",
    "women": "woman",
    "children": "child",
    "aircraft": "aircraft",
    "personnel": "personnel",
    "series": "series",
    "arms": "arms",
    "ammunition": "ammunition",
    "equipment": "equipment",
    "munitions": "munition",
    "troops": "troop",
    "lives": "life",
    "knives": "knife",
    "crises": "crisis",
}


def singular(word: str) -> str:
    """Rule-based singular of an English noun (enough for unit names and lexicon keys)."""
    w = word.lower()
    if w in _IRREGULAR_SINGULAR:
        return _IRREGULAR_SINGULAR[w]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if w.endswith(("ches", "shes", "sses", "xes", "zzes")):
        return w[:-2]
    if len(w) > 2 and w.endswith("s") and not w.endswith(("ss", "us", "is", "'s")):
        return w[:-1]
    return w


def unit_for_noun(word: str, lemma: str = "") -> str:
    """The unit name for a counted noun: its singular lemma, with ammunition counted in rounds."""
    w = word.lower()
    if w in _MEASURE_WORDS:
        return _MEASURE_WORDS[w]
    if w in _CURRENCY_WORDS:
        return _CURRENCY_WORDS[w]
    base = lemma if lemma and lemma.replace("-", "").isalpha() and lemma != "-pron-" else singular(w)
    return _NOUN_UNIT_MAP.get(base, base)

