"""Names the statistical NER misses, found by their form and cues: companies and names in other scripts.

- a legal form before or after a capitalised name: "OOO Oboronlogistika", "JSC X", "X LLC", "X Co. Ltd.";
- a sector word ending a capitalised name, across "of": "Islamic Republic of Iran Shipping Line",
  "X Shipping", "X Trading Co.";
- transliterated Russian company names, by the stems of their compounds ("Rosoboroneksport",
  "Oboronlogistika", "Uralvagonzavod");
- an acronym before "ships", "company", "line", "firm": "IRISL ships";
- a capitalised word in Cyrillic ("Оборонлогистика": a company; two or three words: a person) and a Korean
  name in Hangul (a common surname and one or two syllables: "김정은").

Entry point: :func:`find_org_names` (a Doc -> (start, end, NER label) spans, token offsets); the linker
(:mod:`armswatch.entities.linking`) adds them where they do not cut across its own spans.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

# Legal forms written before the name (Russian and post-Soviet ones) or after it.
LEGAL_PREFIXES = frozenset({"OOO", "OAO", "ZAO", "AO", "PAO", "JSC", "PJSC", "OJSC", "CJSC", "FGUP", "GUP",
                            "ООО", "ОАО", "ЗАО", "АО", "ПАО"})
LEGAL_SUFFIXES = frozenset({"llc", "ltd", "ltd.", "limited", "inc", "inc.", "corp", "corp.", "co", "co.",
                            "corporation", "company", "gmbh", "plc", "jsc", "pjsc", "llp", "s.a.", "sa", "ag",
                            "bv", "pte", "fze", "fzco", "shipping", "trading", "bank",
                            "airlines", "industries", "logistics", "holdings", "holding"})
# Stems of Russian compound company names (transliterated, and in Cyrillic): defence, export, logistics,
# works, oil, special, supply... One of these makes a compound a company's name; the weak ones, which
# English words contain too ("Promoting", "Scandinavian"), only two together ("Promsvyazbank").
RUSSIAN_COMPANY_STEMS = ("oboron", "eksport", "export", "logistik", "mash", "zavod", "neft", "tekhn", "tyazh",
                         "voen", "spets", "snab", "оборон", "экспорт", "логистик", "маш", "завод", "нефт",
                         "техн", "тяж", "воен", "спец", "снаб")
WEAK_COMPANY_STEMS = ("prom", "torg", "flot", "stroy", "energo", "avia", "bank", "svyaz", "trans", "пром",
                      "торг", "флот", "строй", "энерго", "авиа", "банк", "связ", "транс")
# Endings of English words that hold a stem ("Exporting", "Promotion"): no Russian compound ends so.
ENGLISH_ENDINGS = ("ing", "ion", "ions", "ed", "er", "ers", "ism", "ist", "ists", "ive")
# Words after an acronym that make it a company: "IRISL ships", "the KOMID firm".
ACRONYM_COMPANY_WORDS = frozenset({"ships", "vessels", "tankers", "fleet", "firm", "line", "lines",
                                   "subsidiary", "subsidiaries", "shipping"})
# "company" makes a company of an acronym of four letters and more ("the KOMID company"; an "SEO company"
# is a kind of company).
ACRONYM_MIN_FOR_COMPANY = 4
# Capitalised words that start clauses, not names.
NOT_NAMES = frozenset({"The", "A", "An", "In", "On", "At", "But", "And", "Or", "It", "Its", "This", "That",
                       "These", "Those", "He", "She", "They", "We", "His", "Her", "Their", "Our", "When",
                       "While", "After", "Before", "As", "If"})
JOINERS = frozenset({"of", "and", "&", "for"})
MAX_TOKENS = 8
# Korean surnames in Hangul (the commonest, and those of the North's leadership): a three-syllable word
# starting with one is a person's name.
HANGUL_SURNAMES = frozenset("김이리박최정강조윤장임한오서신권황안송류유홍"
                            "전고문손양배백허남심노하곽성차주우구민")
_HANGUL = re.compile(r"^[\uac00-\ud7a3]+$")
_CYRILLIC = re.compile(r"^[\u0400-\u04ff][\u0400-\u04ff-]*$")


def _cap(t: Token) -> bool:
    return bool(t.text[:1].isupper()) and any(c.isalpha() for c in t.text)


def _run_back(doc: Doc, k: int, joins: bool) -> int:
    """Start of the capitalised run (with "of", "and" between capitalised words if `joins`) before k."""
    j = k
    while j > 0 and k - j < MAX_TOKENS:
        t = doc[j - 1]
        joined = joins and t.lower_ in JOINERS and j - 2 >= 0 and _cap(doc[j - 2]) and j < k
        if (_cap(t) and t.text not in NOT_NAMES) or joined:
            j -= 1
        else:
            break
    while j < k and not _cap(doc[j]):
        j += 1
    return j


def _run_fwd(doc: Doc, i: int) -> int:
    j = i
    while j < len(doc) and j - i < MAX_TOKENS and _cap(doc[j]) and doc[j].text not in NOT_NAMES:
        j += 1
    return j


def _russian_compound(t: Token) -> bool:
    low = t.lower_
    if not (t.is_title and t.is_alpha and len(low) >= 9) or t.is_sent_end or low.endswith(ENGLISH_ENDINGS):
        return False
    strong = any(stem in low for stem in RUSSIAN_COMPANY_STEMS)
    return strong or sum(stem in low for stem in WEAK_COMPANY_STEMS) >= 2


def _legal_suffix(doc: Doc, i: int) -> bool:
    """Token i is a legal form or sector word ending a capitalised name ("X LLC", "X Shipping Line")."""
    t = doc[i]
    line = t.lower_ in ("line", "lines") and i > 0 and doc[i - 1].lower_ == "shipping"
    if not (t.lower_ in LEGAL_SUFFIXES or line) or i == 0 or not _cap(doc[i - 1]):
        return False
    if not (_cap(t) or t.lower_ in ("llc", "ltd", "ltd.", "jsc")):
        return False
    if i + 1 < len(doc) and doc[i + 1].text == "-" and not t.whitespace_:
        return False  # "Co-Owner"
    return i + 1 >= len(doc) or not _cap(doc[i + 1])


def find_org_names(doc: Doc) -> list[tuple[int, int, str]]:
    """Spans (start, end, label) of names found by form and cue, in text order, without overlaps."""
    out: list[tuple[int, int, str]] = []
    n = len(doc)
    i = 0
    while i < n:
        t = doc[i]
        span: tuple[int, int, str] | None = None
        if t.text in LEGAL_PREFIXES and i + 1 < n and _cap(doc[i + 1]):
            span = (i, _run_fwd(doc, i + 1), "ORG")  # "OOO Oboronlogistika"
        elif _legal_suffix(doc, i):
            end = i + 1
            if end < n and doc[end].lower_ in ("ltd", "ltd.", "llc", "inc", "inc."):
                end += 1
            start = _run_back(doc, i, joins=True)
            if start < i:
                span = (start, end, "ORG")  # "Islamic Republic of Iran Shipping Line", "X Co. Ltd."
        elif (t.is_upper and t.is_alpha and len(t) >= 3 and i + 1 < n and doc[i + 1].is_lower
              and (doc[i + 1].lower_ in ACRONYM_COMPANY_WORDS
                   or (doc[i + 1].lower_ == "company" and len(t) >= ACRONYM_MIN_FOR_COMPANY))):
            span = (i, i + 1, "ORG")  # "IRISL ships"
        elif _russian_compound(t) and (i == 0 or not _cap(doc[i - 1]) or doc[i - 1].text in NOT_NAMES):
            span = (i, i + 1, "ORG")  # "Rosoboroneksport"
        elif _HANGUL.match(t.text):
            if len(t.text) in (2, 3, 4) and t.text[0] in HANGUL_SURNAMES and len(t.text) == 3:
                span = (i, i + 1, "PERSON")  # "김정은"
        elif _CYRILLIC.match(t.text) and t.is_title:
            end = i + 1
            while end < n and end - i < 3 and _CYRILLIC.match(doc[end].text) and doc[end].is_title:
                end += 1
            if end - i >= 2:
                span = (i, end, "PERSON")  # "Евгений Пригожин"
            elif _russian_compound(t):
                span = (i, end, "ORG")  # "Оборонлогистика"; a capitalised Russian word alone is any word
        if span is not None and span[1] > span[0]:
            out.append(span)
            i = span[1]
        else:
            i += 1
    return out
