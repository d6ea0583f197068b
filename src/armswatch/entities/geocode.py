"""The geocoder: which place a place name stands for, read in the light of the report.

A name is looked up among the gazetteer's curated places and countries, the geonames first-level regions and
the geonames cities that bear it (main or alternate name). The candidates are then ranked by the report's
context (the countries, regions and places it names unambiguously, a "City, State" or "City, Country" that
says so outright), then by population and feature class (a country before a region before a city of the same
name). The weights below are in log10 units of population: a city in a country the report names outweighs a
namesake a thousand times larger elsewhere.
"""

from __future__ import annotations

import functools
import gzip
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from armswatch.entities.gazetteer import (
    ALT_NAME_POPULATION_RATIO,
    DATA_DIR,
    Gazetteer,
    GazetteerEntry,
    normalise,
)

# Weights chosen on the development geoparsing corpora (LGL, GeoVirus, TR-News, TUD-Loc-2013: see
# scripts/eval_places.py); GeoWebNews was never read.
IN_NAMED_COUNTRY = 3.0  # the candidate lies in a country the report names
IN_NAMED_REGION = 4.0  # ... in a first-level region the report names
NEAR_NAMED_PLACE = 2.0  # ... within NEAR_KM of a place the report names unambiguously
NEAR_KM = 200.0
# Feature class, as log10 population: a country name means the country, a region name the region, unless
# the context says otherwise ("Georgia" beside Atlanta).
COUNTRY_BONUS = 5.0
REGION_BONUS = 1.5
# A place of the field's curated gazetteer (a sea, a continent, a port) carries no population: it counts as
# a city of a hundred million, so neither a namesake town's alternate name ("Africa" is no Mahdia) nor a
# geonames first-level region of the same name beats it: the Red Sea is not Sudan's Red Sea state, and the
# hand-listed Gaza Strip, West Bank and Crimea are the regions geonames also lists (one entity, not two).
CURATED_LOG_POPULATION = 8.0
PLACE_TYPES = frozenset({"country", "place", "facility"})
# Abbreviations of US states written after a city ("Richmond, Va."); AP style, never looked up elsewhere.
US_STATE_ABBREVIATIONS = {
    "Ala": "AL", "Ariz": "AZ", "Ark": "AR", "Calif": "CA", "Cal": "CA", "Colo": "CO", "Conn": "CT",
    "Del": "DE", "Fla": "FL", "Ga": "GA", "Ill": "IL", "Ind": "IN", "Kan": "KS", "Kans": "KS", "Ky": "KY",
    "La": "LA", "Md": "MD", "Mass": "MA", "Mich": "MI", "Minn": "MN", "Miss": "MS", "Mo": "MO", "Mont": "MT",
    "Neb": "NE", "Nebr": "NE", "Nev": "NV", "N.H": "NH", "N.J": "NJ", "N.M": "NM", "N.Y": "NY", "N.C": "NC",
    "N.D": "ND", "Okla": "OK", "Ore": "OR", "Pa": "PA", "R.I": "RI", "S.C": "SC", "S.D": "SD", "Tenn": "TN",
    "Tex": "TX", "Vt": "VT", "Va": "VA", "Wash": "WA", "W.Va": "WV", "Wis": "WI", "Wisc": "WI", "Wyo": "WY",
    "D.C": "DC",
}


# geonames places of 1,000-15,000 inhabitants and US counties (scripts/build_gazetteer.py): read on first need
MINOR_PLACES = DATA_DIR / "minor_places.tsv.gz"
# "Guangdong province", "Kermanshah Province": the region the name before the word names
REGION_SUFFIX = re.compile(r" (?:province|region|state|oblast|governorate|prefecture)$")


@dataclass
class PlaceContext:
    """What a report says about where it is."""

    countries: set[str] = field(default_factory=set)  # ISO alpha-2 of the countries it names
    regions: set[tuple[str, str]] = field(default_factory=set)  # (iso2, admin1) of the regions it names
    points: list[tuple[float, float]] = field(default_factory=list)  # places it names unambiguously


def candidates(text: str, gaz: Gazetteer) -> list[str]:
    """Every place, country and region the name may stand for; the gazetteer's first choice first."""
    key = normalise(text)
    out: list[str] = []
    for i in gaz.keys.get(key, []):
        e = gaz.get(i)
        if e is not None and e.type in PLACE_TYPES:
            out.append(i)
    for i in (*gaz.region_keys.get(key, ()), *gaz.city_keys.get(key, ())):
        if i not in out:
            out.append(i)
    if not out and REGION_SUFFIX.search(key):
        out = list(gaz.region_keys.get(REGION_SUFFIX.sub("", key), ()))
    return out


@functools.cache
def _minor_index() -> dict[str, list[list[str]]]:
    """normalised name -> rows (id, name, country, admin1, lat, lon, population, geonameid, key)."""
    index: dict[str, list[list[str]]] = {}
    with gzip.open(MINOR_PLACES, "rt", encoding="utf-8") as f:
        next(f), next(f)  # source note, header
        for line in f:
            row = line.rstrip("\n").split("\t")
            index.setdefault(row[8], []).append(row)
    return index


def minor_candidates(text: str, gaz: Gazetteer) -> list[str]:
    """The small towns and US counties that bear the name; each made known to the gazetteer (as a geonames
    city row, so that `gaz.get` builds its entry) when first proposed."""
    rows = _minor_index().get(normalise(text), [])
    for rid, name, cc, a1, lat, lon, pop, gid, _ in rows:
        if rid not in gaz.city_rows:
            gaz.city_rows[rid] = (name, cc, a1, lat, lon, pop, gid or "places' mean point (US county)")
    return [r[0] for r in rows]


def supported(e: GazetteerEntry, ctx: PlaceContext) -> bool:
    """The report names the place's country, region, or a place near it."""
    if e.country in ctx.countries or (e.country, e.admin1) in ctx.regions:
        return True
    if e.lat is None or e.lon is None:
        return False
    return any(_km((e.lat, e.lon), p) <= NEAR_KM for p in ctx.points)


def choose_minor(text: str, ctx: PlaceContext, gaz: Gazetteer) -> str:
    """A small town or county for a place name the gazetteer lacks, only where the report's context
    supports it (one of 136,000 towns is no guess to make blind); '' otherwise."""
    ids = [i for i in minor_candidates(text, gaz) if (e := gaz.get(i)) is not None and supported(e, ctx)]
    return choose(text, ids, ctx, gaz) if ids else ""


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dl = math.radians(b[1] - a[1])
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def score(e: GazetteerEntry, key: str, ctx: PlaceContext, gaz: Gazetteer) -> float:
    """log10 population plus class and context bonuses."""
    pop = e.population
    if e.type != "country" and e.id in gaz.city_rows and normalise(e.name) != key:
        pop //= ALT_NAME_POPULATION_RATIO  # named by an alternate name: as at build time
    s = math.log10(pop + 10)
    if e.type == "country":
        s += COUNTRY_BONUS
    elif e.admin1 and gaz.regions.get((e.country or "", e.admin1)) == e.id:
        s += REGION_BONUS
    elif e.id not in gaz.city_rows and not e.population:
        s = CURATED_LOG_POPULATION
    if e.country and e.type != "country" and e.country in ctx.countries:
        s += IN_NAMED_COUNTRY
    is_region = gaz.regions.get((e.country or "", e.admin1)) == e.id
    if e.admin1 and (e.country, e.admin1) in ctx.regions and not is_region:
        s += IN_NAMED_REGION
    if e.lat is not None and e.lon is not None and any(_km((e.lat, e.lon), p) <= NEAR_KM for p in ctx.points):
        s += NEAR_NAMED_PLACE
    return s


def choose(text: str, ids: list[str], ctx: PlaceContext, gaz: Gazetteer) -> str:
    """The best candidate for a name; the first when there is only one."""
    if len(ids) < 2:
        return ids[0] if ids else ""
    key = normalise(text)
    scored = [(score(e, key, ctx, gaz), -n, i) for n, i in enumerate(ids) if (e := gaz.get(i)) is not None]
    return max(scored)[2] if scored else ids[0]


def within(ids: Iterable[str], country: str, admin1: str, gaz: Gazetteer) -> list[str]:
    """The candidates in that country (and region, when given): "Birmingham, Ala.", "Kent, England"."""
    out = []
    for i in ids:
        e = gaz.get(i)
        if e is None or e.country != country or e.type == "country":
            continue
        if admin1 and e.admin1 != admin1 and not (e.country == "GB" and not e.admin1):
            continue
        out.append(i)
    return out


def context_of(entities: Iterable[GazetteerEntry], gaz: Gazetteer) -> PlaceContext:
    """The context a report's unambiguous place mentions give."""
    ctx = PlaceContext()
    for e in entities:
        if e.type == "country" and e.country:
            ctx.countries.add(e.country)
        elif e.type in ("place", "facility") and e.country:
            ctx.countries.add(e.country)
            if e.admin1:
                ctx.regions.add((e.country, e.admin1))
            if e.lat is not None and e.lon is not None and gaz.regions.get((e.country, e.admin1)) != e.id:
                ctx.points.append((e.lat, e.lon))
    return ctx
