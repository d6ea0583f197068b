"""GeoJSON (RFC 7946) for GIS (QGIS, kepler.gl, Leaflet): each located place as a Point with the events
it appears in, and each event's route (origin -> via -> destination, where at least two of them are
located) as a LineString with the event id, type, codes and dates. Coordinates are [lon, lat]."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from armswatch.export.codes import codes_of
from armswatch.export.common import View, date_bounds, precision_of

ROUTE_ROLES = ("origin", "via", "destination")


def build_geojson(view: View) -> dict[str, Any]:
    features: list[dict[str, Any]] = []
    events_at: dict[str, list[dict[str, Any]]] = {}
    for ev in view.events:
        for p in ev.get("places", []):
            events_at.setdefault(p["entity"], []).append(ev)
    for e in view.entities.values():
        at = view.located(e["id"])
        if at is None or (e["type"] == "country" and e["id"] not in events_at):
            continue  # countries only where an event puts something there: their centroid is no place
        evs = events_at.get(e["id"], [])
        starts = sorted(d for d in (date_bounds((ev.get("when") or {}).get("start")) for ev in evs) if d)
        features.append(
            {
                "type": "Feature",
                "id": f"place:{e['id']}",
                "geometry": {"type": "Point", "coordinates": [at[1], at[0]]},
                "properties": {
                    "kind": "place",
                    "entity_id": e["id"],
                    "name": e["name"],
                    "entity_type": e["type"],
                    "events": [ev["id"] for ev in evs],
                    "event_types": sorted({ev["type"] for ev in evs}),
                    "roles": sorted(
                        {p["role"] for ev in evs for p in ev["places"] if p["entity"] == e["id"]}
                    ),
                    "first_date": starts[0] if starts else None,
                    "last_date": starts[-1] if starts else None,
                    "sanctioned": view.sanctioned(e["id"]),
                },
            }
        )
    for ev in view.events:
        stops = [p for role in ROUTE_ROLES for p in ev.get("places", []) if p["role"] == role]
        points = [(p, view.located(p["entity"])) for p in stops]
        points = [(p, at) for p, at in points if at is not None]
        if len(points) < 2:
            continue
        when = ev.get("when") or {}
        codes = codes_of(ev)
        features.append(
            {
                "type": "Feature",
                "id": f"route:{ev['id']}",
                "geometry": {"type": "LineString", "coordinates": [[at[1], at[0]] for _, at in points]},
                "properties": {
                    "kind": "route",
                    "event_id": ev["id"],
                    "event_type": ev["type"],
                    "plover": codes.get("plover"),
                    "cameo": codes.get("cameo"),
                    "stops": [p["entity"] for p, _ in points],
                    "stop_names": [view.name(p["entity"]) for p, _ in points],
                    "roles": [p["role"] for p, _ in points],
                    "start": date_bounds(when.get("start")),
                    "end": date_bounds(when.get("end"), end=True),
                    "precision": precision_of(when.get("start")),
                    "vessels": [view.name(v) for v in ev.get("vessels", [])],
                    "status": ev.get("status"),
                    "credibility": ev.get("credibility"),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def write_geojson(view: View, out: Path) -> list[Path]:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(build_geojson(view), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return [out]
