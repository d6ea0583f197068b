"""The unit vocabulary: currency symbols, codes and words; measures (length, mass, volume, power, data,
frequency, speed, area, angle, temperature, explosive yield); units that never count an item; time words;
counted nouns' singular.

Hand-written on purpose: the vocabularies of `pint` and `quantulum3` hold thousands of symbols that are
also English words or read otherwise in news ("in", "a" for annum, "pm" for picometre, "mb" for
millibarn, "t" for tesla, "min"), so each would need a list of exceptions longer than this table, and
neither names currencies by ISO code the way the dossier does. The table maps the surface forms met in
reports to one name per unit; `unit_kind` says which dimension a name measures.
"""

from __future__ import annotations

__all__ = ["DURATION_UNITS", "MONEY_UNITS", "NON_COUNT_UNITS", "singular", "unit_for_noun", "unit_kind"]


def _forms(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """{surface form: unit} from {unit: surface forms}."""
    return {form: unit for unit, forms in table.items() for form in forms}


# symbols before (or after) the number; a letter prefix names the dollar ("C$", "HK$", "Mex$")
_CURRENCY_SYMBOLS = {
    "$": "usd", "us$": "usd", "usd$": "usd", "€": "eur", "£": "gbp", "¥": "jpy", "₩": "krw", "₽": "rub",
    "a$": "aud", "au$": "aud", "aud$": "aud", "c$": "cad", "ca$": "cad", "cad$": "cad", "hk$": "hkd",
    "hkd$": "hkd", "nz$": "nzd", "nzd$": "nzd", "s$": "sgd", "sgd$": "sgd", "nt$": "twd", "r$": "brl",
    "mx$": "mxn", "mex$": "mxn", "mxn$": "mxn", "₹": "inr", "₪": "ils", "₺": "try", "₴": "uah", "₦": "ngn",
    "₱": "php", "฿": "thb", "₫": "vnd", "₡": "crc", "₾": "gel", "₭": "lak", "₸": "kzt", "₼": "azn",
    "₿": "btc", "元": "cny", "௹": "inr", "ரூ": "lkr",
}
# ISO 4217 codes (and a few house codes) read before or after a number
_CURRENCY_CODES = {
    "usd": "usd", "eur": "eur", "gbp": "gbp", "rub": "rub", "krw": "krw", "cny": "cny", "rmb": "cny",
    "jpy": "jpy", "irr": "irr", "uah": "uah", "inr": "inr", "pkr": "pkr", "kpw": "kpw", "rs": "rupee",
    "rs.": "rupee", "hkd": "hkd", "aud": "aud", "cad": "cad", "chf": "chf", "sgd": "sgd", "nzd": "nzd",
    "sek": "sek", "nok": "nok", "dkk": "dkk", "pln": "pln", "czk": "czk", "huf": "huf",
    "ils": "ils", "nis": "ils", "sar": "sar", "aed": "aed", "qar": "qar", "kwd": "kwd", "omr": "omr",
    "bhd": "bhd", "jod": "jod", "egp": "egp", "try": "try", "ngn": "ngn", "zar": "zar", "kes": "kes",
    "brl": "brl", "mxn": "mxn", "ars": "ars", "clp": "clp", "thb": "thb",
    "myr": "myr", "idr": "idr", "vnd": "vnd", "twd": "twd", "bdt": "bdt", "lkr": "lkr",
    "kzt": "kzt", "gel": "gel", "azn": "azn", "byn": "byn", "ves": "ves", "btc": "btc",
}
# (left out: COP, AMD, PHP, PEN, RON: in capitals they are more often a conference, a firm, a language, an
# octane rating than a sum)
# codes that are also English words or abbreviations: read only in capitals ("TRY 5m", not "try 5")
WORDLIKE_CODES = frozenset({"try", "gel", "nis", "rs", "rs."})
_CURRENCY_WORDS = _forms({
    "usd": ("dollar", "dollars", "buck", "bucks"), "eur": ("euro", "euros"),
    "rub": ("ruble", "rubles", "rouble", "roubles"), "cny": ("yuan", "renminbi", "rmb"), "jpy": ("yen",),
    "krw": ("won",), "rupee": ("rupee", "rupees"), "irr": ("rial", "rials"), "uah": ("hryvnia", "hryvnias"),
    "gbp": ("sterling",), "cent": ("cent", "cents"), "penny": ("penny", "pence"),
    "franc": ("franc", "francs"), "esp": ("peseta", "pesetas"), "fim": ("markka", "markkaa"),
    "nlg": ("guilder", "guilders"), "lira": ("lira", "lire", "liras"), "ils": ("shekel", "shekels"),
    "riyal": ("riyal", "riyals"), "dirham": ("dirham", "dirhams"), "dinar": ("dinar", "dinars"),
    "peso": ("peso", "pesos"), "sek": ("krona", "kronor"), "krone": ("krone", "kroner"),
    "pln": ("zloty", "zlotys", "zlotys", "zloties"), "huf": ("forint", "forints"), "thb": ("baht",),
    "myr": ("ringgit",), "idr": ("rupiah",), "ngn": ("naira",), "zar": ("rand",), "bdt": ("taka",),
    "kzt": ("tenge",), "btc": ("bitcoin", "bitcoins"), "satoshi": ("satoshi", "satoshis"),
})
# "Australian dollars", "Swiss francs", "Hong Kong dollars": the country names the currency
_NATIONAL_CURRENCIES = {
    ("us", "usd"): "usd", ("u.s.", "usd"): "usd", ("american", "usd"): "usd", ("australian", "usd"): "aud",
    ("canadian", "usd"): "cad", ("hong kong", "usd"): "hkd", ("new zealand", "usd"): "nzd",
    ("singapore", "usd"): "sgd", ("taiwan", "usd"): "twd", ("new taiwan", "usd"): "twd",
    ("zimbabwe", "usd"): "zwl", ("swiss", "franc"): "chf", ("french", "franc"): "frf",
    ("turkish", "lira"): "try", ("italian", "lira"): "itl", ("lebanese", "lira"): "lbp",
    ("mexican", "peso"): "mxn", ("argentine", "peso"): "ars", ("philippine", "peso"): "php",
    ("colombian", "peso"): "cop", ("chilean", "peso"): "clp", ("indian", "rupee"): "inr",
    ("pakistani", "rupee"): "pkr", ("sri lankan", "rupee"): "lkr", ("nepalese", "rupee"): "npr",
    ("saudi", "riyal"): "sar", ("qatari", "riyal"): "qar", ("omani", "rial"): "omr",
    ("iranian", "irr"): "irr",
    ("yemeni", "riyal"): "yer", ("uae", "dirham"): "aed", ("emirati", "dirham"): "aed",
    ("moroccan", "dirham"): "mad", ("iraqi", "dinar"): "iqd", ("kuwaiti", "dinar"): "kwd",
    ("jordanian", "dinar"): "jod", ("libyan", "dinar"): "lyd", ("algerian", "dinar"): "dzd",
    ("serbian", "dinar"): "rsd", ("bahraini", "dinar"): "bhd", ("israeli", "ils"): "ils",
    ("new israeli", "ils"): "ils", ("swedish", "sek"): "sek", ("norwegian", "krone"): "nok",
    ("danish", "krone"): "dkk", ("egyptian", "lb"): "egp", ("lebanese", "lb"): "lbp",
    ("syrian", "lb"): "syp", ("sudanese", "lb"): "sdg", ("british", "lb"): "gbp", ("japanese", "jpy"): "jpy",
    ("chinese", "cny"): "cny",
    ("russian", "rub"): "rub", ("south korean", "krw"): "krw", ("korean", "krw"): "krw",
    ("north korean", "krw"): "kpw", ("ukrainian", "uah"): "uah", ("south african", "zar"): "zar",
    ("nigerian", "ngn"): "ngn", ("brazilian", "real"): "brl", ("brazilian", "reais"): "brl",
}
# the longest country name in words (for the look-up's window)
_NATIONAL_MAX = max(len(k[0].split()) for k in _NATIONAL_CURRENCIES)
_TEMPERATURE_SCALES = {"c": "celsius", "celsius": "celsius", "centigrade": "celsius", "celcius": "celsius",
                       "f": "fahrenheit", "fahrenheit": "fahrenheit", "farenheit": "fahrenheit"}
_DEGREE_WORDS = ("degree", "degrees", "deg", "°", "º")
_MEASURE_WORDS = _forms({
    "km": ("km", "kms", "kilometer", "kilometers", "kilometre", "kilometres"),
    "mile": ("mile", "miles", "mi"), "nmi": ("nm", "nmi"),
    "m": ("m", "metre", "metres", "meter", "meters"),
    "mm": ("mm", "millimetre", "millimetres", "millimeter", "millimeters", "calibre", "caliber"),
    "cm": ("cm", "centimetre", "centimetres", "centimeter", "centimeters"),
    "dm": ("dm", "decimetre", "decimetres", "decimeter", "decimeters"),
    "yard": ("yard", "yards", "yd", "yds"), "inch": ("inch", "inches"), "foot": ("ft", "foot", "feet"),
    "kg": ("kg", "kgs", "kilogram", "kilograms", "kilogramme", "kilogrammes"),
    "g": ("gram", "grams", "gramme", "grammes"), "mg": ("mg", "milligram", "milligrams"),
    "ug": ("μg", "µg", "mcg", "microgram", "micrograms", "microgramme", "microgrammes"),
    "tonne": ("tonne", "tonnes", "ton", "tons", "t"), "lb": ("lb", "lbs", "pound", "pounds"),
    "oz": ("oz", "ounce", "ounces"),
    "kiloton": ("kiloton", "kilotons", "kilotonne", "kilotonnes"),
    "megaton": ("megaton", "megatons", "megatonne", "megatonnes"),
    "barrel": ("barrel", "barrels", "bbl"), "barrel_per_day": ("bpd",),
    "litre": ("l", "litre", "litres", "liter", "liters"), "ml": ("ml", "millilitre", "millilitres",
                                                               "milliliter", "milliliters"),
    "gallon": ("gallon", "gallons"), "m3": ("m3", "m³", "cbm"), "bcm": ("bcm",),
    "tbsp": ("tablespoon", "tablespoons", "tbsp"), "tsp": ("teaspoon", "teaspoons", "tsp"),
    "percent": ("%", "percent", "pct", "pc"),  # "pc": British papers' "per cent" abbreviation
    "w": ("w", "watt", "watts"), "kw": ("kw", "kilowatt", "kilowatts"), "mw": ("mw", "megawatt", "megawatts"),
    "gw": ("gw", "gigawatt", "gigawatts"), "kwh": ("kwh",), "mwh": ("mwh",), "gwh": ("gwh",),
    "hp": ("hp", "horsepower", "bhp"),
    "kb": ("kb", "kilobyte", "kilobytes"), "mb": ("mb", "megabyte", "megabytes"),
    "gb": ("gb", "gigabyte", "gigabytes"), "tb": ("tb", "terabyte", "terabytes"),
    "kbps": ("kbps",), "mbps": ("mbps",), "gbps": ("gbps",),
    "hz": ("hz", "hertz"), "khz": ("khz", "kilohertz"), "mhz": ("mhz", "megahertz"),
    "ghz": ("ghz", "gigahertz"),
    "mph": ("mph",), "km_per_hour": ("kph", "kmph", "km/h", "km/hr", "kmh"), "knot": ("knot", "knots"),
    "m_per_s": ("m/s",),
    "hectare": ("hectare", "hectares", "ha"), "acre": ("acre", "acres"),
    "m2": ("m2", "m²"), "km2": ("km2", "km²"), "ft2": ("ft2",), "cm2": ("cm2", "cm²"),
    "degree": ("degree", "degrees", "deg", "°", "º"), "radian": ("rad", "radian", "radians"),
    "celsius": ("°c", "ºc", "celsius", "centigrade", "celcius"), "fahrenheit": ("°f", "ºf", "fahrenheit",
                                                                             "farenheit"),
})


def _measure_ngrams() -> dict[tuple[str, ...], str]:
    """Measures of two or three words, read before one-word ones ("nautical miles", "miles an hour")."""
    out: dict[tuple[str, ...], str] = {
        ("metric", "ton"): "tonne", ("metric", "tons"): "tonne", ("metric", "tonnes"): "tonne",
        ("nautical", "miles"): "nmi", ("nautical", "mile"): "nmi", ("per", "cent"): "percent",
        ("pounds", "sterling"): "gbp", ("sq", "m"): "m2", ("sq", "km"): "km2", ("sq", "ft"): "ft2",
        ("sq", "mi"): "mile2", ("cu", "m"): "m3", ("cu", "ft"): "ft3", ("km", "/", "h"): "km_per_hour",
        ("km", "/", "hr"): "km_per_hour", ("m", "/", "s"): "m_per_s", ("u.s.", "dollars"): "usd",
    }
    area = {"m2": ("metre", "metres", "meter", "meters"), "km2": ("kilometre", "kilometres", "kilometer",
            "kilometers"), "mile2": ("mile", "miles"), "ft2": ("foot", "feet"), "cm2": ("centimetre",
            "centimetres", "centimeter", "centimeters")}
    for unit, forms in area.items():
        for f in forms:
            out[("square", f)] = unit
            out[("sq", f)] = unit
    volume = {"m3": ("metre", "metres", "meter", "meters"), "ft3": ("foot", "feet")}
    for unit, forms in volume.items():
        for f in forms:
            out[("cubic", f)] = unit
    speed = {"mph": ("mile", "miles"), "km_per_hour": ("kilometre", "kilometres", "kilometer", "kilometers",
             "km"), "m_per_s": ("metre", "metres", "meter", "meters")}
    for unit, forms in speed.items():
        per = ("second",) if unit == "m_per_s" else ("hour",)
        for f in forms:
            for p in per:
                out[(f, "per", p)] = unit
                out[(f, "an", p)] = unit
                out[(f, "a", p)] = unit
    for d in _DEGREE_WORDS:  # "degrees Celsius", "deg F", "° C"
        for s, unit in _TEMPERATURE_SCALES.items():
            out[(d, s)] = unit
    for (nation, unit), code in _NATIONAL_CURRENCIES.items():  # "Australian dollars"
        words = tuple(nation.split())
        for form, u in _CURRENCY_WORDS.items():
            if u == unit:
                out[(*words, form)] = code
        for form, u in _MEASURE_WORDS.items():  # "Egyptian pounds"
            if u == unit and unit == "lb":
                out[(*words, form)] = code
        if unit in ("real", "reais"):
            out[(*words, unit)] = code
    return out


_MEASURE_NGRAMS = _measure_ngrams()
_NGRAM_MAX = max(len(k) for k in _MEASURE_NGRAMS)
# currency units (what "$", "USD", "dollars" give)
MONEY_UNITS = (frozenset(_CURRENCY_SYMBOLS.values()) | frozenset(_CURRENCY_CODES.values())
               | frozenset(_CURRENCY_WORDS.values()) | frozenset(_NATIONAL_CURRENCIES.values()))
_MONEY_UNITS = MONEY_UNITS  # the name before it was public
_TEMPERATURE_UNITS = frozenset({"celsius", "fahrenheit"})
# measures that never count an item (distances, calibres, shares, speeds, angles, temperatures)
NON_COUNT_UNITS = frozenset({
    "km", "mile", "nmi", "m", "mm", "cm", "dm", "percent", "w", "kw", "mw", "gw", "kwh", "mwh", "gwh",
    "hp",
    "kb", "mb", "gb", "tb", "kbps", "mbps", "gbps", "hz", "khz", "mhz", "ghz", "mph", "km_per_hour", "knot",
    "m_per_s", "mach", "yard", "inch", "foot", "hectare", "acre", "m2", "km2", "ft2", "mile2", "cm2",
    "degree", "radian", "celsius", "fahrenheit", "kiloton", "megaton",
})
# measures of an amount of stuff ("1.2m tons of fuel"), never a count of items either
BULK_UNITS = frozenset({"tonne", "kg", "g", "mg", "ug", "lb", "oz", "barrel", "barrel_per_day", "litre", "ml",
                        "gallon", "m3", "ft3", "bcm", "tbsp", "tsp"})


# durations and ages, quantities of kind "duration" (`find_quantities(..., durations=False)` leaves them out:
# the dossier's events stage leaves them to the time component)
_DURATION_WORDS = _forms({
    "year": ("year", "years", "yr", "yrs"), "month": ("month", "months"), "week": ("week", "weeks"),
    "day": ("day", "days"), "hour": ("hour", "hours", "hr", "hrs"),
    "minute": ("minute", "minutes", "min", "mins"), "second": ("second", "seconds"),
    "decade": ("decade", "decades"), "century": ("century", "centuries"),
})
DURATION_UNITS = frozenset(_DURATION_WORDS.values())


def unit_kind(unit: str) -> str:
    """Which kind of amount a unit name measures: "currency", "percent", "temperature", "duration", "measure"
    (length, mass, volume, speed, area, power, data, angle...), "count" (a counted noun) or "" (no unit)."""
    if not unit:
        return ""
    if unit in DURATION_UNITS:
        return "duration"
    if unit in MONEY_UNITS:
        return "currency"
    if unit == "percent":
        return "percent"
    if unit in _TEMPERATURE_UNITS:
        return "temperature"
    if unit in NON_COUNT_UNITS or unit in BULK_UNITS:
        return "measure"
    from armswatch.quantities.grammar import is_expression_unit  # imported here: grammar reads this module

    return "measure" if is_expression_unit(unit) else "count"


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
        "min",  # as papers abbreviate them ("40 min", "24 hr"): durations like the words
        "mins",
        "hr",
        "hrs",
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
    "species": "species",
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

