"""Matching a dossier's entities against sanctions and watch lists in FollowTheMoney JSON lines (the
form OpenSanctions publishes: flat entities with Sanction entities pointing at them, or nested
`sanctions`).

Vessels: by IMO number first (a ship with an IMO is only ever matched to that IMO), then by name
(current and past names, spacing and "No." ignored) and flag. Companies, organizations and people: by
name (every alias, transliterated to ASCII: rigour's transliteration when installed, else a Cyrillic
table of ours; word order and hyphens ignored; each word aligned to its best counterpart, so "Kim Jong
Un" never takes "Kim Jong Sik"), country where both sides state one, and shared identifiers.
Candidates are blocked by name token, so a list of a million entities is read once, line by line."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Levenshtein

THRESHOLD = 0.86  # accepted score; below it a candidate is not a match (chosen on the test fixture)

TARGET_SCHEMATA = {"Vessel", "Person", "Company", "Organization", "LegalEntity", "PublicBody"}
# which list schemata an entity of our types may match
COMPATIBLE = {
    "vessel": {"Vessel"},
    "person": {"Person"},
    "organization": {"Company", "Organization", "LegalEntity", "PublicBody", "Vessel"},
    "armed_group": {"Organization", "LegalEntity"},
    "other": {"Company", "Organization", "LegalEntity", "Vessel"},
}
# a ship's name the entity linker typed as an organization ("The Yuson was seen"): a listed ship of
# exactly that name is a candidate, scored just above the threshold for an analyst to confirm
MISTYPED_VESSEL_SCORE = 0.88
_IMO_IN_NAME = re.compile(r"\bIMO[\s:#.-]*(\d{7})\b", re.IGNORECASE)
NAME_PROPS = ("name", "alias", "previousName", "pastNames", "weakAlias", "abbreviation")
ID_PROPS = (
    "registrationNumber",
    "idNumber",
    "taxNumber",
    "innCode",
    "ogrnCode",
    "leiCode",
    "swiftBic",
    "passportNumber",
    "imoNumber",
    "mmsi",
)
COUNTRY_PROPS = ("country", "nationality", "jurisdiction", "citizenship", "flag", "mainCountry")
# words that say what kind of body it is, not which: dropped before names are compared
ORG_WORDS = frozenset(
    [
        "llc",
        "ltd",
        "limited",
        "co",
        "company",
        "corp",
        "corporation",
        "inc",
        "jsc",
        "pjsc",
        "ojsc",
        "cjsc",
        "ooo",
        "oao",
        "zao",
        "ao",
        "gmbh",
        "sa",
        "plc",
        "general",
        "group",
        "the",
        "of",
        "trading",
    ]
)
PERSON_TITLES = frozenset(["mr", "mrs", "ms", "dr", "gen", "general", "col", "sayyed", "sayed", "sheikh"])

_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "",
            "y",
            "",
            "e",
            "yu",
            "ya",
        ],
        strict=True,
    )
)


@cache
def _rigour_ascii() -> Any:
    try:  # rigour (a followthemoney dependency) transliterates every script; optional at run time
        from rigour.text import ascii_text

        return ascii_text
    except ImportError:
        return None


def to_ascii(text: str) -> str:
    translit = _rigour_ascii()
    if translit is not None:
        return translit(text)
    text = "".join(_CYRILLIC.get(c, _CYRILLIC.get(c.lower(), c)) for c in text)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


_NON_WORD = re.compile(r"[^a-z0-9 ]+")
_NO = re.compile(r"\bno\b\.?\s*(?=\d)")


def name_tokens(name: str, kind: str) -> list[str]:
    s = to_ascii(name).casefold().replace("'", "").replace("’", "")
    s = _NO.sub("", s)
    s = _NON_WORD.sub(" ", s.replace("-", " "))
    tokens = s.split()
    drop = ORG_WORDS if kind == "org" else PERSON_TITLES if kind == "person" else frozenset()
    kept = [t for t in tokens if t not in drop]
    if kind == "org":  # "Shipping Line" / "Shipping Lines": a body's name in the singular or the plural
        kept = [t[:-1] if len(t) > 4 and t.endswith("s") and not t.endswith("ss") else t for t in kept]
    # "al" and "el" articles of Arabic names are glued on or left off: drop them
    if kind == "person":
        kept = [t for t in kept if t not in {"al", "el", "ul"}]
        # ... or glued to the name after the first ("Alhouthi" = "al-Houthi")
        kept = [t[2:] if n and t.startswith("al") and len(t) > 5 else t for n, t in enumerate(kept)]
    return kept or tokens


def _phonetic(token: str) -> str:
    """A coarse key for romanisation variants (Qasem/Ghasem, Yevgeny/Evgeny, Shoigu/Shoygu)."""
    t = re.sub(r"gu(?=[ei])", "g", token)  # French romanisations: Evgueni, Prigojine, Poutine
    t = re.sub(r"(?<=[aeiou])j(?=[aeiou])", "zh", t)
    t = re.sub(r"(?<=[aeiou]n)e$", "", t)
    for a, b in (
        ("kh", "h"),
        ("gh", "g"),
        ("q", "g"),
        ("ck", "k"),
        ("ph", "f"),
        ("w", "v"),
        ("y", "i"),
        ("ou", "u"),
        ("j", "i"),
        ("dz", "z"),
        ("zh", "z"),
        ("ts", "z"),
        ("x", "ks"),
        ("ee", "i"),
        ("eo", "o"),
        ("oe", "o"),
        ("c", "k"),
    ):
        t = t.replace(a, b)
    t = re.sub(r"(.)\1+", r"\1", t)
    return t[1:] if len(t) > 3 and t[0] in "ei" and t[1] in "aeiouv" else t


def _keys(tokens: list[str]) -> set[str]:
    """Blocking keys of a name: each word's phonetic key and consonant skeleton, and the glued name's."""
    keys = {_phonetic("".join(tokens))}
    for t in tokens:
        p = _phonetic(t)
        keys |= {p, "~" + (re.sub(r"[aeiou]", "", p) or p)}
    return keys


def token_similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    pa, pb = _phonetic(a), _phonetic(b)
    if pa == pb:
        return 0.95
    return Levenshtein.normalized_similarity(pa, pb)


def name_score(left: list[str], right: list[str]) -> float:
    """Similarity of two tokenised names: exact or glued-together equality first ("Chonmasan" = "Chon Ma
    San"), else every word of the shorter name aligned to a distinct word of the longer (order free), the
    longer's unaligned words costing a little (a patronymic left out)."""
    if not left or not right:
        return 0.0
    if "".join(left) == "".join(right) or sorted(left) == sorted(right):
        return 1.0
    if _phonetic("".join(left)) == _phonetic("".join(right)):
        return 0.95
    short, long_ = (left, right) if len(left) <= len(right) else (right, left)
    used: set[int] = set()
    total = 0.0
    for t in short:
        best, at = 0.0, -1
        for i, u in enumerate(long_):
            if i in used:
                continue
            s = token_similarity(t, u)
            if s > best:
                best, at = s, i
        if at >= 0:
            used.add(at)
        total += best
    base = total / len(short)
    worst = min((max((token_similarity(t, u) for u in long_), default=0.0) for t in short), default=0.0)
    if worst < 0.75:  # one word with no counterpart: another person or body
        return min(base, 0.7)
    if len(short) == 1 and len(long_) > 1:
        return min(base, 0.75)  # a lone surname is no identification
    missing = len(long_) - len(short)
    return base - 0.04 * missing


def normalise_imo(value: str | None) -> str | None:
    digits = re.sub(r"\D", "", value or "")
    return digits if len(digits) == 7 else None


@dataclass
class Candidate:
    id: str
    schema: str
    names: list[str]
    caption: str
    imo: str | None
    countries: set[str]
    identifiers: set[str]
    datasets: list[str]
    programs: list[str] = field(default_factory=list)
    authorities: list[str] = field(default_factory=list)
    source_urls: list[str] = field(default_factory=list)


def _props(entity: dict[str, Any], key: str) -> list[Any]:
    return [v for v in (entity.get("properties") or {}).get(key, []) if v not in (None, "")]


def read_list(path: Path) -> list[Candidate]:
    """Targets of a FtM JSON lines file, with the sanctions (programme, authority) that point at them."""
    targets: dict[str, Candidate] = {}
    sanctions: list[dict[str, Any]] = []
    list_name = path.name.split(".")[0]
    with path.open(encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            try:
                entity = json.loads(line)
            except json.JSONDecodeError:
                continue  # a bad line in a list of millions is skipped, not fatal
            schema = entity.get("schema")
            if schema == "Sanction":
                sanctions.append(entity)
                continue
            if schema not in TARGET_SCHEMATA:
                continue
            names = [n for p in NAME_PROPS for n in _props(entity, p) if isinstance(n, str)]
            if not names:
                continue
            imo = next((normalise_imo(v) for v in _props(entity, "imoNumber") if normalise_imo(v)), None)
            cand = Candidate(
                id=entity["id"],
                schema=schema,
                names=names,
                caption=entity.get("caption") or names[0],
                imo=imo,
                countries={str(c).lower() for p in COUNTRY_PROPS for c in _props(entity, p)},
                identifiers={re.sub(r"\W", "", str(v)).upper() for p in ID_PROPS for v in _props(entity, p)},
                datasets=list(entity.get("datasets") or [list_name]),
            )
            for nested in _props(entity, "sanctions"):  # OpenSanctions' nested form
                if isinstance(nested, dict):
                    _add_sanction(cand, nested)
            targets[cand.id] = cand
    for s in sanctions:
        for target in _props(s, "entity"):
            target_id = target.get("id") if isinstance(target, dict) else target
            if target_id in targets:
                _add_sanction(targets[target_id], s)
    return list(targets.values())


def _add_sanction(cand: Candidate, sanction: dict[str, Any]) -> None:
    for value, into in (
        (_props(sanction, "program"), cand.programs),
        (_props(sanction, "authority"), cand.authorities),
        (_props(sanction, "sourceUrl"), cand.source_urls),
    ):
        into.extend(v for v in value if v not in into)
    for d in sanction.get("datasets") or []:
        if d not in cand.datasets:
            cand.datasets.append(d)


def _kind(schema_or_type: str) -> str:
    return {"Person": "person", "person": "person", "Vessel": "vessel", "vessel": "vessel"}.get(
        schema_or_type, "org"
    )


class Matcher:
    """An index of a list's candidates by IMO and by name token."""

    def __init__(self, candidates: Iterable[Candidate]) -> None:
        self.candidates = list(candidates)
        self.by_imo: dict[str, list[Candidate]] = {}
        self.by_token: dict[str, set[int]] = {}
        self.tokens: list[list[list[str]]] = []
        for n, c in enumerate(self.candidates):
            if c.imo:
                self.by_imo.setdefault(c.imo, []).append(c)
            toks = [name_tokens(name, _kind(c.schema)) for name in c.names]
            self.tokens.append(toks)
            for t in toks:
                for key in _keys(t):
                    self.by_token.setdefault(key, set()).add(n)

    def match(self, entity: dict[str, Any]) -> list[dict[str, Any]]:
        """Candidate matches of one dossier entity, best first, each with its score and why."""
        etype = entity.get("type", "")
        allowed = COMPATIBLE.get(etype)
        if not allowed:
            return []
        kind = _kind(etype)
        names = [entity["name"], *entity.get("aliases", [])]
        tokens = [name_tokens(n, kind) for n in names]
        if kind == "person":  # a lone surname ("Blinken") identifies nobody: full names only
            tokens = [t for t in tokens if len(t) > 1] or tokens[:1]
        imo = normalise_imo(entity.get("imo"))
        if imo is None and kind == "vessel":  # a ship known only as "IMO 9179842"
            imo = next((m.group(1) for n in names if (m := _IMO_IN_NAME.search(n))), None)
        flag = (entity.get("flag") or "").lower()
        countries = {c.lower() for c in entity.get("countries", [])} | ({flag} if flag else set())
        identifiers = {re.sub(r"\W", "", str(v)).upper() for v in entity.get("identifiers", [])}
        found: list[dict[str, Any]] = []
        if imo and kind == "vessel":
            for c in self.by_imo.get(imo, []):
                found.append(self._result(entity, c, 1.0, "imo", [f"IMO {imo}"]))
            if found:
                return found
        pool: set[int] = set()
        for t in tokens:
            for key in _keys(t):
                pool |= self.by_token.get(key, set())
        for n in sorted(pool):
            c = self.candidates[n]
            if c.schema not in allowed:
                continue
            if kind == "vessel" and imo and c.imo and c.imo != imo:
                continue  # never a ship to another IMO number, whatever its name
            best, pair = 0.0, ("", "")
            for t in tokens:
                for n2, u in enumerate(self.tokens[n]):
                    s = name_score(t, u)
                    if s > best:
                        best, pair = s, (" ".join(t), c.names[n2])
            why = [f"name {pair[0]!r} ~ {pair[1]!r} {best:.2f}"]
            score = best
            if kind == "vessel" and best < 1.0:
                score = min(score, 0.8)  # ship names are short and reused: only an exact name counts
            if kind != "vessel" and c.schema == "Vessel":
                score = MISTYPED_VESSEL_SCORE if best >= 1.0 else 0.0
                why.append("a ship's name typed as " + etype)
            if countries and c.countries:
                if countries & c.countries:
                    score += 0.03
                    why.append("country agrees")
                else:
                    score -= 0.12
                    why.append("country differs")
            if identifiers & c.identifiers:
                score = 1.0
                why.append("identifier shared")
            score = round(min(score, 1.0), 3)
            if score >= THRESHOLD:
                found.append(self._result(entity, c, score, "name+flag" if kind == "vessel" else "name", why))
        found.sort(key=lambda m: -m["score"])
        return found

    @staticmethod
    def _result(
        entity: dict[str, Any], c: Candidate, score: float, method: str, why: list[str]
    ) -> dict[str, Any]:
        return {
            "entity": entity["id"],
            "entity_name": entity["name"],
            "entity_type": entity.get("type"),
            "candidate": c.id,
            "candidate_name": c.caption,
            "candidate_schema": c.schema,
            "candidate_imo": c.imo,
            "score": score,
            "method": method,
            "reasons": why,
            "datasets": c.datasets,
            "programs": c.programs,
            "authorities": c.authorities,
            "source_urls": c.source_urls,
            "accepted": True,
            "reviewed": False,
        }


def match_entities(
    entities: Iterable[dict[str, Any]], against: Path | list[Candidate]
) -> list[dict[str, Any]]:
    candidates = read_list(against) if isinstance(against, Path) else against
    matcher = Matcher(candidates)
    return [m for e in entities for m in matcher.match(e)]


def match_dossier(
    dossier: dict[str, Any], against: Path, previous: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The content of matches.json: every candidate match, an analyst's earlier review kept (a match
    marked `reviewed` keeps its `accepted`)."""
    matches = match_entities(dossier.get("entities", []), against)
    reviewed = {
        (m["entity"], m["candidate"]): m for m in (previous or {}).get("matches", []) if m.get("reviewed")
    }
    for m in matches:
        old = reviewed.pop((m["entity"], m["candidate"]), None)
        if old is not None:
            m["accepted"], m["reviewed"] = old.get("accepted", True), True
            if old.get("note"):
                m["note"] = old["note"]
    return {
        "generated_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "against": str(against),
        "threshold": THRESHOLD,
        "matches": matches + list(reviewed.values()),  # a reviewed match the list no longer gives stays
    }


def iter_sentence_entities(cases: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Test helper shape: a case's surface form as a dossier entity."""
    for n, c in enumerate(cases):
        yield {
            "id": f"case-{n}",
            "name": c["name"],
            "type": c["type"],
            "aliases": c.get("aliases", []),
            **({"imo": str(c["imo"])} if c.get("imo") else {}),
            **({"flag": c["flag"]} if c.get("flag") else {}),
        }
