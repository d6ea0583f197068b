"""The geocoder: which place a place name stands for, read in the light of the report.

A name is looked up among the gazetteer's curated places and countries, the geonames first-level regions and
the geonames cities that bear it (main or alternate name). The candidates are then ranked by the report's
context (the countries, regions and places it names unambiguously, a "City, State" or "City, Country" that
says so outright), then by population and feature class (a country before a region before a city of the same
name). The weights below are in log10 units of population: a city in a country the report names outweighs a
namesake a thousand times larger elsewhere.
"""

from __future__ import annotations

import bisect
import functools
import gzip
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc

from armswatch.entities.gazetteer import (
    ALT_NAME_POPULATION_RATIO,
    DATA_DIR,
    DIRECTION_WORDS,
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
# ... in a first-level region where another place name of the report may lie too (a story's places cluster:
# "Georgia" beside "Barrow County" and "Oconee County" is the state all three share)
SHARED_REGION = 2.0
# ... within CLOSE_KM of a namesake of another of the report's ambiguous names ("spatial minimality": Walker
# County beside Huntsville is the Texas county whose seat is Huntsville, Texas; Paris beside Henry County the
# Tennessee town in it). A name supports only with its likelier candidates, those within SPOT_MARGIN (log10
# population, class bonuses included) of its likeliest: "Geneva" has a namesake near a village in Illinois,
# but a reader takes it for Switzerland's city; and a name with more than MAX_NAMESAKES candidates lies near
# anything: it supports none. Chosen on the even-numbered articles of the development corpora (the odd ones
# reported on: scripts/eval_places.py --half): CLOSE_KM 30 and 80, NEAR_NAMESAKE 2 and 4, MAX_NAMESAKES 10
# and 40, SPOT_MARGIN 1.0 to 3.0 all within 5 toponyms of 4,296.
NEAR_NAMESAKE = 3.0
CLOSE_KM = 50.0
MAX_NAMESAKES = 20
SPOT_MARGIN = 2.5
# Feature class, as log10 population: a country name means the country, a region name the region, unless
# the context says otherwise ("Georgia" beside Atlanta).
COUNTRY_BONUS = 5.0
REGION_BONUS = 1.5
# A first-level region in a report that names another of its country's first-level regions, or a place in
# one: "Georgia" beside "Florida" or "Dallas" is the state, not the Caucasian country.
SIBLING_REGION = 2.0
# An ambiguous name stands for a region or country as context when that reading leads the next by this much
# (log10 units, without context): "Virginia" beside "Richmond" makes Richmond, Virginia.
PROBABLE_MARGIN = 1.0
PROBABLE_WEIGHT = 0.5  # of the bonus a region or country named unambiguously gives
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


# Words around a place's name in a name no table holds ("South Arlington", "Fargo City", "Metro Nashville"):
# the place they are attached to stands for it where the report places that place (its region, a place near)
CORE_PREFIXES = DIRECTION_WORDS | {"metro", "greater", "downtown", "uptown", "suburban", "rural"}
CORE_SUFFIXES = frozenset({"city", "town", "township", "twp", "village", "area", "metro", "region",
                           "district"})
# ... or, where the report does not place it, a quarter of a city this large ("South Los Angeles", "East
# Oxford"; not "Jackson Township", a township of its own): on the even half of the development corpora
# (scripts/eval_places.py --half even) 10,000 and 100,000 scored alike, 300,000 one toponym fewer; the larger
# kept, as a quarter named by its direction is a large city's
CORE_CITY_POPULATION = 100_000

# A namesake in a country the report names replaces the only city of the name elsewhere when it has at least
# a tenth of its inhabitants (the English county of Surrey beside Surrey, British Columbia; not a hamlet
# called Toronto in Australia). On the even half of the development corpora 3 scored one toponym fewer, 10, 30
# and 100 alike: the smallest of those kept, the least ready to move a city
HOME_NAMESAKE_RATIO = 10

Spot = tuple[str, str, float, float]  # (name key, id, lat, lon) of an ambiguous name's likelier candidate


class Votes(Counter[tuple[str, str]]):
    """(iso2, admin1) -> how many of the report's ambiguous place names have a candidate there; and where
    those candidates lie (one-degree cells -> spots), for the proximity of namesakes."""

    def __init__(self) -> None:
        super().__init__()
        self.spots: dict[tuple[int, int], list[Spot]] = {}
        self.names: set[str] = set()
        # the regions and countries that ambiguous names most likely stand for ("Virginia", which a town in
        # South Africa shares): context as a region named unambiguously is
        self.regions: set[tuple[str, str]] = set()
        self.countries: set[str] = set()

    def add(self, key: str, e: GazetteerEntry) -> None:
        """A candidate `e` of the name `key`, where it lies."""
        if e.lat is not None and e.lon is not None:
            cell = (math.floor(e.lat), math.floor(e.lon))
            self.spots.setdefault(cell, []).append((key, e.id, e.lat, e.lon))


@dataclass
class PlaceContext:
    """What a report says about where it is."""

    countries: set[str] = field(default_factory=set)  # ISO alpha-2 of the countries it names
    regions: set[tuple[str, str]] = field(default_factory=set)  # (iso2, admin1) of the regions it names
    points: list[tuple[float, float]] = field(default_factory=list)  # places it names unambiguously
    # (iso2, admin1) -> how many of its ambiguous place names have a candidate there
    votes: Counter[tuple[str, str]] = field(default_factory=Votes)


def candidates(text: str, gaz: Gazetteer) -> list[str]:
    """Every place, country and region the name may stand for; the gazetteer's first choice first."""
    key = normalise(text)
    out: list[str] = []
    for i in gaz.keys.get(key, []):
        e = gaz.get(i)
        if e is not None and e.type in PLACE_TYPES:
            out.append(i)
    for i in (*gaz.region_keys.get(key, ()), *gaz.city_keys.get(key, ())):
        if i not in out and not ((e := gaz.get(i)) is not None and e.type == "country"):
            # a city whose id is its country's (Hong Kong, Singapore) comes in above under the country's own
            # names; under a city's alternate name it would take a country's weight ("Victoria")
            out.append(i)
    if not out and REGION_SUFFIX.search(key):
        out = list(gaz.region_keys.get(REGION_SUFFIX.sub("", key), ()))
    if out and not gaz.keys.get(key) and not gaz.region_keys.get(key) and all(
            (e := gaz.get(i)) is not None and normalise(e.name) != key for i in out):
        # only cities that bear it as an alternate name ("Rogersville" for Rogers Park, "Brandon" for
        # Winder): the small towns named so are candidates too (not a district: "Göteborg" is Gothenburg)
        out += [i for i in minor_candidates(text, gaz)
                if normalise(gaz.city_rows[i][0]) == key and not i.endswith("-admin2")]
    return out


@functools.cache
def _minor_lines() -> list[str]:
    """The rows (key, id, name, country, admin1, lat, lon, population, geonameid) as sorted lines: bisected,
    not indexed (a dict of 139,000 rows costs most of a second to build, the lines a tenth of that)."""
    with gzip.open(MINOR_PLACES, "rt", encoding="utf-8") as f:
        return f.read().split("\n")[2:]  # after the source note and the header


def _minor_rows(key: str) -> list[list[str]]:
    lines, prefix = _minor_lines(), key + "\t"
    i, out = bisect.bisect_left(lines, prefix), []
    while key and i < len(lines) and lines[i].startswith(prefix):
        out.append(lines[i].split("\t"))
        i += 1
    return out


def minor_candidates(text: str, gaz: Gazetteer) -> list[str]:
    """The small towns and US counties that bear the name; each made known to the gazetteer (as a geonames
    city row, so that `gaz.get` builds its entry) when first proposed."""
    return _known(_minor_rows(normalise(text)), gaz)


def _known(rows: list[list[str]], gaz: Gazetteer) -> list[str]:
    for _, rid, name, cc, a1, lat, lon, pop, gid in rows:
        if rid not in gaz.city_rows:
            gaz.city_rows[rid] = (name, cc, a1, lat, lon, pop, gid or "places' mean point (US county)")
    return [r[1] for r in rows]


def county_candidates(text: str, gaz: Gazetteer) -> list[str]:
    """The US counties and parishes a name stands for without its word ("DeKalb" for DeKalb County,
    "Vanderburgh", "Pointe Coupee"): local news names a county so, beside the county seat and its towns. Taken
    only where the report names the county's state or a place near it (choose_minor, with_minor)."""
    key = normalise(text)
    if not key or key.split()[-1] in COUNTY_WORDS:
        return []
    return [i for w in COUNTY_WORDS - {"borough"} for i in _known(_minor_rows(f"{key} {w}"), gaz)]


def names_a_place(text: str, gaz: Gazetteer) -> bool:
    """Some place of the main tables or of the minor places bears the name ("North Kansas City", a town of
    4,000 that no main table holds, is no hit on Kansas)."""
    return bool(candidates(text, gaz) or _minor_rows(normalise(text)))


def add_spots(ctx: PlaceContext, key: str, ids: Sequence[str], gaz: Gazetteer) -> None:
    """Make the candidates of an ambiguous name (normalised `key`) known for the proximity of namesakes."""
    votes = ctx.votes
    if not isinstance(votes, Votes) or key in votes.names or len(ids) > MAX_NAMESAKES:
        return
    votes.names.add(key)
    entries = [e for i in ids if (e := gaz.get(i)) is not None]
    prior = {e.id: score(e, key, PlaceContext(), gaz) for e in entries}
    best = max(prior.values(), default=0.0)
    for e in entries:
        if e.lat is None or e.lon is None or e.type == "country" or _is_region(e, gaz):
            continue  # a country's or region's point says nothing of what lies near it
        if prior[e.id] >= best - SPOT_MARGIN:
            votes.add(key, e)


def _regions(ctx: PlaceContext) -> set[tuple[str, str]]:
    votes = ctx.votes
    return ctx.regions | votes.regions if isinstance(votes, Votes) and votes.regions else ctx.regions


def _countries(ctx: PlaceContext) -> set[str]:
    votes = ctx.votes
    return ctx.countries | votes.countries if isinstance(votes, Votes) and votes.countries else ctx.countries


def _is_region(e: GazetteerEntry, gaz: Gazetteer) -> bool:
    return bool(e.admin1) and gaz.regions.get((e.country or "", e.admin1)) == e.id


def near_namesakes(e: GazetteerEntry, key: str, ctx: PlaceContext, gaz: Gazetteer) -> int:
    """How many other ambiguous names of the report have a candidate within CLOSE_KM of `e`."""
    votes = ctx.votes
    if (not isinstance(votes, Votes) or not votes.spots or e.lat is None or e.lon is None
            or e.type == "country" or _is_region(e, gaz)):
        return 0
    la, lo = math.floor(e.lat), math.floor(e.lon)
    dlon = 1 + int(CLOSE_KM / (111.0 * max(0.1, math.cos(math.radians(e.lat)))))
    near = set()
    for a in (la - 1, la, la + 1):
        for o in range(lo - dlon, lo + dlon + 1):
            for k, i, lat, lon in votes.spots.get((a, o), ()):
                # the same place under another name ("Mecca", a geonames alternate name of Medina, Ohio) is
                # no other place near it
                if k != key and i != e.id and k not in near and _km((e.lat, e.lon), (lat, lon)) <= CLOSE_KM:
                    near.add(k)
    return len(near)


def supported(e: GazetteerEntry, ctx: PlaceContext, strongly: bool = False, key: str = "",
              gaz: Gazetteer | None = None) -> bool:
    """The report names the place's region or a place near it, or another ambiguous name of it has a namesake
    near it; or, unless `strongly`, it names its country, a name that most likely stands for its region, or
    another ambiguous name that may lie in its region (a European tour's Rome, Berlin and Vienna all have
    namesakes in New York state)."""
    if (e.country, e.admin1) in (_regions(ctx) if not strongly else ctx.regions):
        return True
    if key and gaz is not None and near_namesakes(e, key, ctx, gaz):
        return True
    if not strongly and (e.country in _countries(ctx) or ctx.votes.get((e.country or "", e.admin1), 0) >= 2):
        return True
    if e.lat is None or e.lon is None:
        return False
    return any(_km((e.lat, e.lon), p) <= NEAR_KM for p in ctx.points)


def choose_minor(text: str, ctx: PlaceContext, gaz: Gazetteer) -> str:
    """A small town or county for a place name the gazetteer lacks, where the report's context supports it
    (one of 136,000 towns is no guess to make blind); for a name no table holds, the place it names with a
    word of direction or kind ("South Arlington", "Fargo City"); '' when nothing fits."""
    if REGION_SUFFIX.search(normalise(text)) and (regions := candidates(text, gaz)):
        return choose(text, regions, ctx, gaz)  # "Guangdong province": the name says it is a region
    every, key = minor_candidates(text, gaz), normalise(text)
    ids = [i for i in every if (e := gaz.get(i)) is not None and supported(e, ctx, key=key, gaz=gaz)]
    ids += [i for i in county_candidates(text, gaz)
            if (e := gaz.get(i)) is not None and supported(e, ctx, True)]
    if not ids and len(every) == 1 and " " in text.strip():
        return every[0]  # a name of several words only one place bears: "Licking County", "South Charleston"
    if not ids and not every and (core := _core_name(text)):
        # only where the report places it: a bare word ("Creek", "Bank", "Plateau") names towns everywhere
        eid = choose(core, with_minor(core, candidates(core, gaz), ctx, gaz), ctx, gaz)
        e = gaz.get(eid) if eid else None
        if e is None or not (supported(e, ctx, True, normalise(core), gaz)
                             or (e.id in gaz.city_rows and e.population >= CORE_CITY_POPULATION
                                 and text.split()[0].lower().replace("-", "") in CORE_PREFIXES)):
            return ""
        return eid
    return choose(text, ids, ctx, gaz) if ids else ""


def _core_name(text: str) -> str:
    """The place a name no table holds is part of or stands for: "South Arlington", "Northwest D.C.", "Metro
    Nashville" (a word of direction or extent before it), "Fargo City", "Hamilton Township" (a word of kind
    after it); '' when there are no such words."""
    words = text.split()
    while len(words) > 1 and (words[0].lower().replace("-", "") in CORE_PREFIXES):
        words = words[1:]
    while len(words) > 1 and words[-1].lower().rstrip(".") in CORE_SUFFIXES:
        words = words[:-1]
    core = " ".join(words)
    return core if core != text.strip() else ""


def with_minor(text: str, ids: list[str], ctx: PlaceContext, gaz: Gazetteer) -> list[str]:
    """The candidates of an ambiguous name, and its small namesakes in a region the report names or near a
    place it names (Edmonton, Queensland, in a story that names Queensland)."""
    for i in ids:
        e = gaz.get(i)
        if e is not None and (e.type == "country" or gaz.regions.get((e.country or "", e.admin1)) == i):
            return ids  # a state's or country's name ("Florida", "Wyoming") is not a village's
    key = normalise(text)
    extra = [i for i in minor_candidates(text, gaz)
             if i not in ids and (e := gaz.get(i)) is not None and supported(e, ctx, True, key, gaz)]
    # a county by its bare name only where the report names its state or a place near it: not by a namesake
    # near it ("Mecca", an alternate name of Medina, Ohio, is no support for Medina County); and never for the
    # name of a large city ("Des Moines", "Richmond": the city)
    if not any((e := gaz.get(i)) is not None and e.population >= CORE_CITY_POPULATION for i in ids):
        extra += [i for i in county_candidates(text, gaz)
                  if i not in ids and (e := gaz.get(i)) is not None and supported(e, ctx, True)]
    return ids + extra if extra else ids


def namesake_instead(text: str, seat: GazetteerEntry, ctx: PlaceContext, gaz: Gazetteer) -> str:
    """A seat of government's name ("Paris", "London") in a report that names nothing else of its country
    but names the region of a namesake, or places near one (Paris, Tennessee; London, Ontario): that
    namesake; '' otherwise."""
    key = normalise(text)
    every = [*candidates(text, gaz), *minor_candidates(text, gaz)]
    add_spots(ctx, key, every, gaz)
    if seat.country in ctx.countries:
        return ""
    ids = [i for i in every if (e := gaz.get(i)) is not None and e.type != "country"
           and e.country != seat.country and supported(e, ctx, True, key, gaz)]
    alt = choose(text, ids, ctx, gaz) if ids else ""
    if alt and isinstance(ctx.votes, Votes) and (e := gaz.get(alt)) is not None:
        ctx.votes.add(key, e)  # the namesake taken now supports its neighbours (Henry County beside it)
    return alt


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dl = math.radians(b[1] - a[1])
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def score(e: GazetteerEntry, key: str, ctx: PlaceContext, gaz: Gazetteer, near: bool = True) -> float:
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
    regions = _regions(ctx)
    if e.country and e.type != "country" and e.country in ctx.countries:
        s += IN_NAMED_COUNTRY
    elif e.country and e.type != "country" and e.country in _countries(ctx):
        s += IN_NAMED_COUNTRY * PROBABLE_WEIGHT
    if e.admin1 and (e.country, e.admin1) in ctx.regions:  # a region counts too: "Georgia" beside Atlanta
        s += IN_NAMED_REGION
    elif e.admin1 and (e.country, e.admin1) in regions:
        s += IN_NAMED_REGION * PROBABLE_WEIGHT
    elif _is_region(e, gaz) and any(cc == e.country for cc, _ in regions):
        s += SIBLING_REGION
    if e.lat is not None and e.lon is not None and any(_km((e.lat, e.lon), p) <= NEAR_KM for p in ctx.points):
        s += NEAR_NAMED_PLACE
    if e.type != "country" and ctx.votes.get((e.country or "", e.admin1), 0) >= 2:
        s += SHARED_REGION
    if near and near_namesakes(e, key, ctx, gaz):
        s += NEAR_NAMESAKE
    return s


def vote(ctx: PlaceContext, names: Iterable[tuple[str, Sequence[str]]], gaz: Gazetteer) -> None:
    """Count, for each first-level region, the distinct ambiguous names of the report that may lie in it;
    two names that one place bears there count once ("Mecca" is a geonames alternate name of Medina, Ohio:
    "Mecca and Medina" is no story of Ohio)."""
    names_in: dict[tuple[str, str], set[str]] = {}
    ids_in: dict[tuple[str, str], set[str]] = {}
    for name, ids in names:
        key = normalise(name)
        add_spots(ctx, key, [*ids, *_minor_in_named_region(name, ids, ctx, gaz)], gaz)
        _probable(ctx, name, ids, gaz)
        for i in ids:
            e = gaz.get(i)
            if e is not None and e.type != "country" and e.country and e.admin1:
                names_in.setdefault((e.country, e.admin1), set()).add(key)
                ids_in.setdefault((e.country, e.admin1), set()).add(i)
    for region, keys in names_in.items():
        ctx.votes[region] += min(len(keys), len(ids_in[region]))


def _minor_in_named_region(name: str, ids: Sequence[str], ctx: PlaceContext, gaz: Gazetteer) -> list[str]:
    """The small namesakes of an ambiguous name in a region the report names (the candidates `with_minor`
    will add), made known before any name is chosen: Monroe and Trenton in a story of Ohio are the Ohio towns
    10 km apart, not the Michigan ones, larger and as close to each other."""
    if not ctx.regions or any((e := gaz.get(i)) is not None and (e.type == "country" or _is_region(e, gaz))
                              for i in ids):
        return []
    return [i for i in minor_candidates(name, gaz)
            if i not in ids and (e := gaz.get(i)) is not None and (e.country, e.admin1) in ctx.regions]


def _probable(ctx: PlaceContext, name: str, ids: Sequence[str], gaz: Gazetteer) -> None:
    """Note the region or country `name` most likely stands for, when that reading leads clearly."""
    votes = ctx.votes
    if not isinstance(votes, Votes) or len(ids) < 2 or (name.isupper() and name.title() in gaz.metonyms):
        return  # "WASHINGTON", a dateline, is the capital
    key, empty = normalise(name), PlaceContext()
    ranked = sorted(((score(e, key, empty, gaz), e) for i in ids if (e := gaz.get(i)) is not None),
                    key=lambda x: -x[0])
    if len(ranked) < 2 or ranked[0][0] - ranked[1][0] < PROBABLE_MARGIN:
        return
    e = ranked[0][1]
    if e.type == "country" and e.country:
        votes.countries.add(e.country)
    elif _is_region(e, gaz) and e.country:
        votes.regions.add((e.country, e.admin1))


def choose(text: str, ids: list[str], ctx: PlaceContext, gaz: Gazetteer) -> str:
    """The best candidate for a name; the first when there is only one."""
    if len(ids) < 2:
        return ids[0] if ids else ""
    seat = gaz.metonyms.get(text.title()) if text.isupper() and len(text) > 3 else None
    if seat and seat[1] in ids:
        return seat[1]  # a dateline in capitals ("WASHINGTON --") names the seat's city, not its namesakes
    key = normalise(text)
    entries = [(n, i, e) for n, i in enumerate(ids) if (e := gaz.get(i)) is not None]
    states = {e.country for _, _, e in entries if e.type == "country"}
    # a country's name means the country, not its own namesake state or city ("Mexico" beside "Mexico City",
    # "Panama", "Guatemala"); a namesake abroad stays in the running (Georgia)
    entries = [x for x in entries if x[2].type == "country" or x[2].country not in states]
    if any(e.id not in gaz.city_rows and e.type != "country" and not _is_region(e, gaz)
           and normalise(e.name) == key for _, _, e in entries):
        # a curated place of this very name is the region geonames lists under it (the Gaza Strip, the Red
        # Sea): one entity, whatever the report's other regions
        entries = [x for x in entries if not _is_region(x[2], gaz)] or entries
    # a city inside the region of its own name (Tel Aviv, Hama) is told from it by class alone: the places
    # near the city lie in the region too
    inside = {(e.country, e.admin1) for _, _, e in entries if _is_region(e, gaz)}
    scored = [(score(e, key, ctx, gaz, near=(e.country, e.admin1) not in inside or _is_region(e, gaz)), -n, i)
              for n, i, e in entries]
    return max(scored)[2] if scored else ids[0]


def has_minor_namesake_abroad(text: str, e: GazetteerEntry, gaz: Gazetteer) -> bool:
    """The only city of the name in the main tables, and a place of another country bears the name too, at
    least a tenth its size (Suffolk, Virginia, and the English county): the report's countries may choose."""
    if e.type == "country" or e.id not in gaz.city_rows or _is_region(e, gaz):
        return False
    return any(r[3] != e.country and int(r[7] or 0) * HOME_NAMESAKE_RATIO >= e.population
               for r in _minor_rows(normalise(text)))


def namesake_at_home(text: str, e: GazetteerEntry, ctx: PlaceContext, gaz: Gazetteer) -> str:
    """Where the report names other countries but not the city's, the namesake of comparable size in one
    it names (Suffolk and Surrey in a story of the UK are the English counties); '' otherwise."""
    if not ctx.countries or e.country in ctx.countries:
        return ""
    ids = [i for i in minor_candidates(text, gaz) if (m := gaz.get(i)) is not None
           and m.country in ctx.countries and m.population * HOME_NAMESAKE_RATIO >= e.population]
    return choose(text, [e.id, *ids], ctx, gaz) if ids else ""


def region_of(text: str, country: str, gaz: Gazetteer) -> str:
    """The first-level region of `country` that bears the name ("Washington" in the US), else ''."""
    for i in gaz.region_keys.get(normalise(text), ()):
        e = gaz.get(i)
        if e is not None and e.country == country and _is_region(e, gaz):
            return i
    return ""


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


def context_of(entities: Iterable[GazetteerEntry | None], gaz: Gazetteer,
               ctx: PlaceContext | None = None) -> PlaceContext:
    """The context a report's unambiguous place mentions give (added to `ctx` when given)."""
    ctx = ctx or PlaceContext()
    for e in entities:
        if e is None:
            continue
        if e.type == "country" and e.country:
            ctx.countries.add(e.country)
        elif e.type in ("place", "facility") and e.country:
            ctx.countries.add(e.country)
            if e.admin1:
                ctx.regions.add((e.country, e.admin1))
            if e.lat is not None and e.lon is not None and gaz.regions.get((e.country, e.admin1)) != e.id:
                ctx.points.append((e.lat, e.lon))
    return ctx


# Doc extension: the places named inside names no table holds, as (start_char, end_char, place id): Henderson
# County in "Henderson County Jail", Vancouver in "Vancouver International Airport", Los Angeles in "Port of
# Los Angeles". The name keeps its own unknown entity; the place inside it is a toponym of the report.
WITHIN_ATTR = "armswatch_places_within"
if not Doc.has_extension(WITHIN_ATTR):
    Doc.set_extension(WITHIN_ATTR, default=None)
# Words after which a name's place follows ("Port of Los Angeles", "City of Norfolk", "Church in Lyon")
WITHIN_JOINERS = frozenset({"of", "in", "at"})
# Kinds of thing a name that holds a place's name is (a body, a building, a water, a feature): "Henderson
# County Jail", "Vancouver International Airport", "Boston Harbor". A name without such a word is itself a
# place's name ("Sandy Hook", "Ridge Farm", "Casco Antiguo") whose first word says nothing of where it lies;
# street words are left out: a street is named after a person as often as after a town ("Collins Avenue")
WITHIN_HEADS = frozenset({
    "airport", "port", "harbor", "harbour", "marina", "river", "creek", "lake", "bay", "canal", "strait",
    "straits", "beach", "island", "islands", "valley", "mountains", "falls", "jail", "prison", "court",
    "courthouse", "hall", "center", "centre", "office", "department", "police", "sheriff", "fire", "school",
    "high", "college", "university", "hospital", "library", "museum", "church", "cathedral", "bridge", "park",
    "district", "council", "board", "commission", "authority", "station", "stadium", "arena", "mall",
    "galleria", "inn", "hotel", "club", "zoo", "tower", "square", "market", "chamber", "clerk", "committee",
    "marshal", "herald", "times", "city", "town", "township", "county", "province", "state", "republic",
    "region", "highway", "parkway", "common", "palace", "schools", "elections", "government", "guides",
})
# A city this large is what a building or body named after one word means ("Copenhagen Airport", "Shanghai
# Tower") wherever the story is: a round figure, above the largest wrong one-word city of the development
# corpora's nested places (Manchester, 569,000; scripts/eval_places.py)
WITHIN_LONE_POPULATION = 1_000_000
# A county's name is a place's name whatever follows ("Otter Tail County Road", "Titus County Sheriff")
COUNTY_WORDS = frozenset({"county", "parish", "borough"})
_WORD = re.compile(r"\S+")


def _words(text: str) -> set[str]:
    return {w.strip(".,;:’'()").lower() for w in text.split()}


def one_sense(senses: dict[str, set[str]], qualified: dict[str, str], gaz: Gazetteer) -> dict[str, str]:
    """Name -> the one place a report means by it, from the places its mentions were given (`senses`): the
    place a mention was given with its state or country after it (`qualified`: "Louisville, Ky."), else the
    only one given; where a capital's name was read both as the seat of government and as a namesake the
    report's context chose ("Paris" beside Dallas), the namesake. Names read as two places otherwise are left
    as they are."""
    out = {}
    for name, ids in senses.items():
        if name in qualified:
            out[name] = qualified[name]
            continue
        seat = gaz.metonyms.get(name)
        rest = ids - set(seat) if seat else ids
        if len(rest) == 1 and (len(ids) == 1 or seat):
            out[name] = next(iter(rest))
    return out


def named_places(mentions: Iterable[tuple[str, str, str]], gaz: Gazetteer) -> dict[str, str]:
    """Name -> place id of the report's place mentions (text, gazetteer phrase, entity id); a capital read as
    its government ("Paris said") names the city."""
    out: dict[str, str] = {}
    for text, phrase, eid in mentions:
        e = gaz.get(eid)
        if e is not None and e.type in PLACE_TYPES:
            seat = gaz.metonyms.get(phrase or text)
            out.setdefault(text, seat[1] if seat and seat[1] and seat[0] == e.id else e.id)
    return out


# Labels of a span that may name a place the report names elsewhere under the same name
PLACE_SPAN_LABELS = frozenset({"GPE", "LOC", "FAC", "NORP"})


def one_place_per_name(mentions: Sequence[tuple[str, str, bool, str]], qualified: dict[str, str],
                       gaz: Gazetteer) -> dict[int, str]:
    """A report names one place by one name (one sense per discourse): of its mentions (text, entity id,
    unknown, label), those the linker left without a place, or gave a capital's default reading, take the
    place another mention of the same name was given on evidence (one_sense): a state or country after it
    ("Louisville, Ky." ... "Louisville", which Denver beside it would draw to Colorado), or a namesake of a
    capital that the report's context chose. -> {index of a mention: its place id}, for the mentions to
    change. "Washington said" stays the government beside "Washington, D.C.": only a namesake abroad of the
    seat replaces the seat's reading."""
    senses: dict[str, set[str]] = {}
    for text, eid, unknown, label in mentions:
        e = gaz.get(eid) if eid and not unknown else None
        if e is not None and e.type in PLACE_TYPES and label != "NORP":
            senses.setdefault(text, set()).add(eid)
    chosen = one_sense(senses, qualified, gaz)
    out = {}
    for n, (text, eid, unknown, label) in enumerate(mentions):
        new = chosen.get(text)
        if not new or new == eid:
            continue
        seat = gaz.metonyms.get(text)
        if unknown or not eid:
            placed = label in PLACE_SPAN_LABELS
        elif seat is not None and eid in seat:
            placed = new not in seat
        else:
            placed = label != "NORP" and text in qualified
        if placed:
            out[n] = new
    return out


def region_demonym(text: str, gaz: Gazetteer) -> str:
    """The first-level region, or curated region of a country, whose people a name calls by the English
    suffixes -n, -an and -ian ("Ohioans", "Minnesotan", "Texans", "Ontarians", "Floridians", "South
    Ossetians"); '' when none. Countries' own demonyms are the country table's (gaz.demonyms), asked first;
    continents carry no country ("European" stays a people's name)."""
    word = text[:-1] if text.endswith("s") else text
    if not word.endswith("an") or len(word) < 5 or not word[0].isupper() or names_a_place(text, gaz):
        return ""  # "Milan", "Sudan": a place's own name
    # Minnesota-n, Ohio-an, Texa(s)-n, Ontari(o)-an, Florid(a)-ian
    stems = [word[:-1], word[:-2], word[:-1] + "s", word[:-2] + "o"]
    if word.endswith("ian"):
        stems.append(word[:-3] + "a")
    for stem in stems:
        key = normalise(stem)
        if len(key) < 4:
            continue
        curated = [i for i in gaz.keys.get(key, ()) if (e := gaz.get(i)) is not None and e.type == "place"
                   and e.country]
        ids = [*gaz.region_keys.get(key, ()), *curated]
        if ids:
            return choose(stem, ids, PlaceContext(), gaz)
    return ""


def _named_within(words: list[tuple[int, int, str]], named: dict[str, str]) -> tuple[int, int, str] | None:
    """The longest run of words inside a name that the report gives a place elsewhere ("Best Western DeKalb
    Inn & Suites", where DeKalb is a town the report names): (start, end, id), else None."""
    n = len(words)
    for size in range(n - 1, 0, -1):
        for a in range(0, n - size + 1):
            sub = " ".join(w for _, _, w in words[a:a + size]).rstrip(".,;:")
            if sub in named and all(w[0].isupper() for _, _, w in words[a:a + size]):
                return words[a][0], words[a][0] + len(sub), named[sub]
    return None


def place_within(name: str, ctx: PlaceContext, gaz: Gazetteer,
                 named: dict[str, str] | None = None) -> tuple[int, int, str] | None:
    """The place a name no table holds begins with, or names after 'of'/'in' ("Henderson County Sheriff's
    Office", "Port of Los Angeles"): (start, end) in `name` and the place's id, the longest such name first;
    None when there is none. The rest of the name must say what kind of thing it is (WITHIN_HEADS), and the
    place is taken only where it is a country, where the report places it (its country, region or a place
    near: supported; for one word, its region or a place near), or where it is a region or large city (for
    one word, in a country the report names): a first word that some small town bears ("Best Western",
    "University Hospital") is no place of the report. A place the report names elsewhere by the same words
    (`named`: name -> id) is that place wherever it stands in the name, whatever the rest of it: a report
    names one place by one name ("Dublin Art Stroll" in a story of Dublin, Ohio)."""
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(name)]
    if len(words) < 2:
        return None
    if named and (hit := _named_within(words, named)) is not None:
        return hit
    spans = [(0, k) for k in range(len(words) - 1, 0, -1)]  # the longest leading name first
    for j in range(len(words) - 2, 0, -1):
        if words[j][2].lower() in WITHIN_JOINERS:
            spans.insert(0, (j + 1, len(words)))
            break
    for a, b in spans:
        if not all(w[0].isupper() or w[0].isdigit() for _, _, w in words[a:b]) or words[b - 1][2][-1] in "’'":
            continue
        start, end = words[a][0], words[b - 1][1]
        sub = name[start:end].rstrip(".,;:")
        key = normalise(sub)
        if not key or all(w in CORE_PREFIXES or w in CORE_SUFFIXES for w in key.split()):
            continue  # "North", "City": no place alone
        rest = _words(name[:start] + " " + name[end:])
        if key.split()[-1] not in COUNTY_WORDS and (not rest & WITHIN_HEADS or _words(sub) & WITHIN_HEADS
                                                    - CORE_SUFFIXES - COUNTY_WORDS):
            continue
        ids = candidates(sub, gaz)
        eid = choose(sub, with_minor(sub, ids, ctx, gaz), ctx, gaz) if ids else choose_minor(sub, ctx, gaz)
        e = gaz.get(eid) if eid else None
        if e is None or e.lat is None or e.lon is None:
            continue
        if e.type == "country" or supported(e, ctx, strongly=b - a == 1, key=key, gaz=gaz):
            return start, start + len(sub), eid
        # one word is a person's name as often as a town's ("Thomas Memorial Hospital", "George Washington
        # University"): a region or large city there only in a country the report names, or a city of millions
        big = _is_region(e, gaz) or (e.id in gaz.city_rows and e.population >= CORE_CITY_POPULATION)
        if big and (b - a > 1 or e.country in _countries(ctx) or e.population >= WITHIN_LONE_POPULATION):
            return start, start + len(sub), eid
    return None
