"""Build the report's offline basemap from Natural Earth 1:110m countries (public domain), as packaged
in the npm package `world-atlas` (countries-110m.json, TopoJSON, ISC licence for the packaging).

    cd /tmp && npm pack world-atlas && tar xzf world-atlas-*.tgz
    python scripts/build_basemap.py /tmp/package/countries-110m.json

writes src/armswatch/report/assets/basemap-110m.json: one SVG path per country in equirectangular
coordinates (x = longitude, y = -latitude, degrees, two decimals), so the report needs no map tiles and
no projection code for the land: it only sets the SVG viewBox around the places it shows.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[1] / "src" / "armswatch" / "report" / "assets" / "basemap-110m.json"
CREDIT = (
    "Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com "
    "(1:110m Admin 0 countries, public domain), via the world-atlas package (ISC)."
)


def decode_arcs(topo: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat points of every arc (TopoJSON stores quantized deltas)."""
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def ring_points(ring: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    pts: list[tuple[float, float]] = []
    for i in ring:
        arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        pts.extend(arc if not pts else arc[1:])  # consecutive arcs share their end point
    return pts


def ring_path(pts: list[tuple[float, float]]) -> str:
    out, last = [], None
    for lon, lat in pts:
        p = (round(lon, 2), round(-lat, 2))
        if p != last:
            out.append(f"{p[0]:g},{p[1]:g}")
            last = p
    return "M" + "L".join(out) + "Z" if len(out) > 2 else ""


def unwrapped_rings(pts: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """A ring that crosses the antimeridian (Russia's Chukotka, Fiji) drawn as-is would streak across the
    map: unwrap its longitudes into one continuous ring, and add a copy shifted by 360 degrees so both
    sides show. Rings around a pole (Antarctica) stay as they are."""
    out = [pts[0]]
    for lon, lat in pts[1:]:
        prev = out[-1][0]
        while lon - prev > 180:
            lon -= 360
        while lon - prev < -180:
            lon += 360
        out.append((lon, lat))
    if abs(out[-1][0] - out[0][0]) > 1:  # does not close: it winds round a pole
        return [pts]
    lo, hi = min(p[0] for p in out), max(p[0] for p in out)
    if hi > 180:
        return [out, [(lon - 360, lat) for lon, lat in out]]
    if lo < -180:
        return [out, [(lon + 360, lat) for lon, lat in out]]
    return [out]


def country_paths(topo: dict[str, Any]) -> list[dict[str, str]]:
    arcs = decode_arcs(topo)
    out = []
    for geom in topo["objects"]["countries"]["geometries"]:
        polys = (
            geom["arcs"]
            if geom["type"] == "MultiPolygon"
            else [geom["arcs"]]
            if geom["type"] == "Polygon"
            else []
        )
        d = "".join(
            ring_path(r) for poly in polys for ring in poly for r in unwrapped_rings(ring_points(ring, arcs))
        )
        if d:
            out.append(
                {"id": str(geom.get("id", "")), "name": geom.get("properties", {}).get("name", ""), "d": d}
            )
    return sorted(out, key=lambda c: (c["name"], c["id"]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("topojson", type=Path)
    ap.add_argument("--out", type=Path, default=OUT)
    a = ap.parse_args()
    topo = json.loads(a.topojson.read_text(encoding="utf-8"))
    data = {
        "credit": CREDIT,
        "projection": "equirectangular: x = longitude, y = -latitude (degrees)",
        "countries": country_paths(topo),
    }
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{a.out}: {len(data['countries'])} countries, {a.out.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()
