"""Who a report counts for as a source, and that source's Admiralty reliability (A-F).

Why a source is not simply the report's outlet: one wire story carried by five outlets is one source
(the agency), whether the copy says so in its dateline ("WASHINGTON (Reuters) -"), in its outlet
("Reuters via Yahoo", "Fox News (AP text)") or only by being the same text. And a report whose outlet is
unknown cannot be shown to be independent of any other, so it never counts as corroboration.

Reliability (Admiralty source reliability, STANAG 2511): A completely reliable, B usually reliable,
C fairly reliable, D not usually reliable, E unreliable, F cannot be judged. Rules, by reasoning about
what can be known of an outlet from the report alone (not tuned):
- F: the outlet is unknown (no outlet, dateline credit or source address in the report).
- B: an international news agency or a national outlet of record (`ESTABLISHED`): named reporters,
  published corrections, a long record in this field.
- D: a state-controlled outlet (`STATE_CONTROLLED`): authoritative for what its government says, not
  usually reliable for what happened.
- C: any other known outlet (a regional paper, a blog, a repost site).
- A and E are never given automatically: they need a track record only the analyst can judge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from armswatch.clean.models import Article

# Wire agencies: canonical key -> display name, and the spellings they go by in datelines and outlets.
WIRES: dict[str, tuple[str, tuple[str, ...]]] = {
    "reuters": ("Reuters", ("reuters", "thomson reuters")),
    "ap": ("Associated Press", ("ap", "associated press", "the associated press", "ap news")),
    "afp": ("AFP", ("afp", "agence france-presse", "agence france presse")),
    "yonhap": ("Yonhap", ("yonhap", "yonhap news agency")),
    "kyodo": ("Kyodo", ("kyodo", "kyodo news")),
    "xinhua": ("Xinhua", ("xinhua", "xinhua news agency")),
    "tass": ("TASS", ("tass", "itar-tass")),
    "kcna": ("KCNA", ("kcna", "korean central news agency")),
    "irna": ("IRNA", ("irna", "islamic republic news agency")),
    "anadolu": ("Anadolu Agency", ("anadolu", "anadolu agency", "aa")),
    "dpa": ("dpa", ("dpa", "deutsche presse-agentur")),
    "upi": ("UPI", ("upi", "united press international")),
    "bloomberg": ("Bloomberg", ("bloomberg", "bloomberg news")),
}
_WIRE_BY_NAME = {alias: key for key, (_, aliases) in WIRES.items() for alias in aliases}

# Outlets by canonical key: their spellings and web domains (for a report that names only its address).
OUTLETS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "cnn": ("CNN", ("cnn", "cnn politics", "cnn business", "cnn world", "cnn international"), ("cnn.com",)),
    "bbc": ("BBC News", ("bbc", "bbc news", "bbc world service"), ("bbc.com", "bbc.co.uk")),
    "nytimes": ("The New York Times", ("new york times", "nytimes", "nyt"), ("nytimes.com",)),
    "washingtonpost": ("The Washington Post", ("washington post",), ("washingtonpost.com",)),
    "wsj": ("The Wall Street Journal", ("wall street journal", "wsj"), ("wsj.com",)),
    "guardian": ("The Guardian", ("guardian", "the guardian"), ("theguardian.com",)),
    "ft": ("Financial Times", ("financial times", "ft"), ("ft.com",)),
    "aljazeera": ("Al Jazeera", ("al jazeera", "al jazeera english"), ("aljazeera.com",)),
    "nbc": ("NBC News", ("nbc news", "msnbc"), ("nbcnews.com", "msnbc.com")),
    "cbs": ("CBS News", ("cbs news",), ("cbsnews.com",)),
    "fox": ("Fox News", ("fox news",), ("foxnews.com",)),
    "nhk": ("NHK", ("nhk", "nhk world"), ("nhk.or.jp",)),
    "dawn": ("Dawn", ("dawn",), ("dawn.com",)),
    "rodong": ("Rodong Sinmun", ("rodong sinmun",), ("rodong.rep.kp",)),
    "fars": ("Fars", ("fars", "fars news agency"), ("farsnews.ir",)),
    "tasnim": ("Tasnim", ("tasnim", "tasnim news agency"), ("tasnimnews.com",)),
    "presstv": ("Press TV", ("press tv", "presstv"), ("presstv.ir",)),
    "rt": ("RT", ("rt", "russia today"), ("rt.com",)),
    "sputnik": ("Sputnik", ("sputnik",), ("sputniknews.com",)),
    "globaltimes": ("Global Times", ("global times",), ("globaltimes.cn",)),
    "sana": ("SANA", ("sana", "syrian arab news agency"), ("sana.sy",)),
    "almasirah": ("Al-Masirah", ("al-masirah", "al masirah"), ("almasirah.net",)),
}
_OUTLET_BY_NAME = {alias: key for key, (_, aliases, _) in OUTLETS.items() for alias in aliases}
_OUTLET_BY_DOMAIN = {dom: key for key, (_, _, doms) in OUTLETS.items() for dom in doms}
_WIRE_DOMAINS = {
    "reuters.com": "reuters",
    "apnews.com": "ap",
    "afp.com": "afp",
    "yna.co.kr": "yonhap",
    "en.yna.co.kr": "yonhap",
    "kyodonews.net": "kyodo",
    "xinhuanet.com": "xinhua",
    "tass.com": "tass",
    "kcnawatch.org": "kcna",
    "irna.ir": "irna",
    "aa.com.tr": "anadolu",
    "bloomberg.com": "bloomberg",
    "upi.com": "upi",
}

ESTABLISHED = frozenset(
    {
        "reuters",
        "ap",
        "afp",
        "kyodo",
        "yonhap",
        "dpa",
        "upi",
        "bloomberg",
        "anadolu",
        "cnn",
        "bbc",
        "nytimes",
        "washingtonpost",
        "wsj",
        "guardian",
        "ft",
        "aljazeera",
        "nbc",
        "cbs",
        "fox",
        "nhk",
        "dawn",
    }
)
STATE_CONTROLLED = frozenset(
    {
        "kcna",
        "rodong",
        "xinhua",
        "tass",
        "irna",
        "fars",
        "tasnim",
        "presstv",
        "rt",
        "sputnik",
        "globaltimes",
        "sana",
        "almasirah",
    }
)
RELIABILITY_MEANING = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}

_WIRE_ALT = "|".join(
    sorted((re.escape(a) for a in _WIRE_BY_NAME if len(a) > 2 or a == "ap"), key=len, reverse=True)
)
# A dateline credit at the head of the story: "WASHINGTON (Reuters) -", "SEOUL, Aug. 20 (Yonhap) --".
DATELINE = re.compile(r"\((" + _WIRE_ALT + r")\)\s*[-\u2013\u2014]", re.IGNORECASE)
DATELINE_REACH = 400  # characters from the start of the body: a dateline opens the story
# "Reuters via Yahoo News", "Fox News (AP text)", "NYT (AP wire)", "AP story by ...": the wire is the source.
VIA = re.compile(r"^\s*(" + _WIRE_ALT + r")\s+(?:via|through|on|story|report)\b", re.IGNORECASE)
CARRIED = re.compile(
    r"\((?:an?\s+)?(" + _WIRE_ALT + r")(?:\s+(?:text|wire|story|report|copy))?\)", re.IGNORECASE
)
# "Source: https://edition.cnn.com/..." at the head of a repost (a mirror's own address is no source)
SOURCE_URL = re.compile(
    r"(?:\u6765\u6e90|source|originally published at|original)\s*[:\uff1a]?\s*"
    r"https?://(?:www\.|edition\.|amp\.)?([a-z0-9.-]+\.[a-z]{2,})/",
    re.IGNORECASE,
)
URL_REACH = 600  # a "source: URL" line of a repost sits at the top


@dataclass(frozen=True)
class Source:
    """The source a report counts for: a wire agency, an outlet, or unknown (key None)."""

    key: str | None  # "wire:reuters", "outlet:cnn", "outlet:<normalised name>"; None when unknown
    name: str  # for people: "Reuters", "CNN", "unknown outlet"
    reliability: str  # Admiralty A-F
    basis: str  # how it was identified: "dateline", "outlet", "outlet names the wire", "source address"

    @property
    def known(self) -> bool:
        return self.key is not None


UNKNOWN = Source(None, "unknown outlet", "F", "no outlet stated")


def _norm(name: str) -> str:
    s = " ".join(re.sub(r"[^\w\s.-]", " ", name.casefold()).split())
    s = re.sub(r"^(?:www\.)", "", s)
    return s[4:] if s.startswith("the ") else s


def _grade(key: str) -> str:
    bare = key.split(":", 1)[1]
    if bare in STATE_CONTROLLED:
        return "D"
    if bare in ESTABLISHED:
        return "B"
    return "C"


def _wire(key: str, basis: str) -> Source:
    return Source("wire:" + key, WIRES[key][0], _grade("wire:" + key), basis)


def _named_outlet(outlet: str) -> Source:
    n = _norm(outlet)
    if n in _WIRE_BY_NAME:
        return _wire(_WIRE_BY_NAME[n], "outlet")
    if n in _OUTLET_BY_NAME:
        key = _OUTLET_BY_NAME[n]
        return Source("outlet:" + key, OUTLETS[key][0], _grade("outlet:" + key), "outlet")
    dom = n.removesuffix("/")
    if dom in _WIRE_DOMAINS:
        return _wire(_WIRE_DOMAINS[dom], "outlet")
    if dom in _OUTLET_BY_DOMAIN:
        key = _OUTLET_BY_DOMAIN[dom]
        return Source("outlet:" + key, OUTLETS[key][0], _grade("outlet:" + key), "outlet")
    return Source("outlet:" + n, outlet.strip(), "C", "outlet")


def _from_domain(domain: str) -> Source | None:
    d = domain.casefold()
    for dom, key in _WIRE_DOMAINS.items():
        if d == dom or d.endswith("." + dom):
            return _wire(key, "source address")
    for dom, key in _OUTLET_BY_DOMAIN.items():
        if d == dom or d.endswith("." + dom):
            return Source("outlet:" + key, OUTLETS[key][0], _grade("outlet:" + key), "source address")
    return None


def source_of(article: Article | None) -> Source:
    """The source a report counts for (see the module docstring); UNKNOWN when nothing names it."""
    if article is None:
        return UNKNOWN
    outlet = (article.outlet or "").strip()
    if outlet:
        m = VIA.match(outlet) or CARRIED.search(outlet)
        if m:
            return _wire(_WIRE_BY_NAME[m.group(1).casefold()], "outlet names the wire")
    head = article.body[:DATELINE_REACH]
    m = DATELINE.search(head)
    if m:  # the story is the agency's, whoever carries it
        return _wire(_WIRE_BY_NAME[m.group(1).casefold()], "dateline")
    if outlet:
        return _named_outlet(outlet)
    for m in SOURCE_URL.finditer(article.body[:URL_REACH]):
        found = _from_domain(m.group(1))
        if found is not None:
            return found
    return UNKNOWN


def best_reliability(grades: list[str]) -> str:
    """The most reliable of several sources' grades (A best); F when there are none."""
    return min(grades) if grades else "F"
