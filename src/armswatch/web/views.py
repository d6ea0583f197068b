"""The workbench's three views of the whole dossier: a timeline that zooms (brush a date range, the event
table follows), a map of countries, places and routes (origin → via → destination) over the report's
offline basemap, and the network of actors filtered by event type and date range.

The page (/views) is drawn by static/views.js from the JSON endpoints here (/api/views/...), typed so that
they stand in the OpenAPI schema. They answer from the view in memory (the dossier with decisions
applied), with the event table's own filters, so that every view agrees with the table.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from armswatch.report.mapdata import country_points
from armswatch.report.render import asset
from armswatch.web.api import WB, Filters
from armswatch.web.data import View, matches
from armswatch.web.security import ApiViewer, Viewer

router = APIRouter(prefix="/api/views", tags=["views"])
pages = APIRouter(include_in_schema=False)

MAX_ROUTES = 2000  # lines on one map: beyond that the map is ink, and the filters narrow it
DEFAULT_NODES, MAX_NODES = 60, 300  # the busiest actors the network shows


class DayCount(BaseModel):
    day: str = Field(description="YYYY-MM-DD: the first day of the events' stated time")
    count: int
    types: dict[str, int] = Field(description="events of each type that day")


class TimelineOut(BaseModel):
    total: int = Field(description="events matching the filters")
    undated: int = Field(description="of those, events with no stated time (not on the timeline)")
    first: str | None
    last: str | None
    days: list[DayCount]


class MapPoint(BaseModel):
    id: str
    name: str
    type: str
    lat: float
    lon: float
    events: int
    at_country: bool = Field(False, description="a state's body drawn at its country's point")


class MapRoute(BaseModel):
    event: str
    type: str
    stops: list[str] = Field(description="entity ids, origin → via → destination")
    stated: bool = Field(description="false: a transfer between the countries named, no route stated")
    date: str | None


class MapOut(BaseModel):
    points: list[MapPoint]
    routes: list[MapRoute]
    routes_left_out: int
    missing: list[str] = Field(description="places of events without coordinates (not on the map)")


class NetNode(BaseModel):
    id: str
    name: str
    type: str
    events: int


class NetEdge(BaseModel):
    source: str
    target: str
    type: str
    directed: bool = Field(description="actor → target; undirected: participants of one meeting or exercise")
    events: int
    event: str = Field(description="one of its events, to open")


class NetworkOut(BaseModel):
    nodes: list[NetNode]
    edges: list[NetEdge]
    total_nodes: int
    types: list[str] = Field(description="the event types present, for the filter")


class Basemap(BaseModel):
    credit: str
    projection: str
    countries: list[dict[str, str]]


# -- pure functions over a view ----------------------------------------------------------------------------


def chosen_events(view: View, filters: Any) -> list[dict[str, Any]]:
    return [view.events[r["id"]] for r in view.rows if matches(r, filters)]


def first_day(value: str) -> str:
    """The first day of a YYYY[-MM[-DD]] time: a month's events stand at its first day."""
    parts = value.split("-")
    return "-".join(parts + ["01"] * (3 - len(parts)))


def timeline(events: list[dict[str, Any]]) -> TimelineOut:
    days: dict[str, Counter[str]] = {}
    undated = 0
    for e in events:
        start = (e.get("when") or {}).get("start")
        if not start:
            undated += 1
            continue
        days.setdefault(first_day(start), Counter())[e.get("type") or "other"] += 1
    ordered = sorted(days)
    return TimelineOut(total=len(events), undated=undated, first=ordered[0] if ordered else None,
                       last=ordered[-1] if ordered else None,
                       days=[DayCount(day=d, count=sum(days[d].values()), types=dict(days[d]))
                             for d in ordered])


@cache
def _gazetteer_points(entity_ids: frozenset[str]) -> dict[str, dict[str, Any]]:
    """Countries' points from the gazetteer (a dossier's country may carry none of its own)."""
    from armswatch.entities.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    out = {}
    for i in entity_ids:
        entry = gaz.get(i)
        if entry is not None and entry.lat is not None and entry.lon is not None:
            out[i] = {"lat": entry.lat, "lon": entry.lon}
    return out


def coordinates(view: View) -> dict[str, tuple[float, float, bool]]:
    """entity id -> (lat, lon, drawn at its country's point) for every entity the map can place."""
    out: dict[str, tuple[float, float, bool]] = {}
    countries = frozenset(i for i, e in view.entities.items() if e.get("type") == "country"
                          and not isinstance(e.get("lat"), (int, float)))
    for i, p in _gazetteer_points(countries).items():
        out[i] = (float(p["lat"]), float(p["lon"]), False)
    for i, p in country_points(view.dossier).items():
        out[i] = (float(p["lat"]), float(p["lon"]), True)
    for i, e in view.entities.items():
        if isinstance(e.get("lat"), (int, float)) and isinstance(e.get("lon"), (int, float)):
            out[i] = (float(e["lat"]), float(e["lon"]), False)
    return out


def map_data(view: View, events: list[dict[str, Any]],
             coords: dict[str, tuple[float, float, bool]]) -> MapOut:
    """Points where events happened or began and ended, and their routes: the stated chain origin → via
    → destination, else (a transfer) from the actor's country to the target's, marked as not stated."""
    counts: Counter[str] = Counter()
    routes: list[MapRoute] = []
    missing: set[str] = set()
    for e in events:
        roles: dict[str, list[str]] = {"origin": [], "via": [], "destination": [], "location": []}
        for p in e.get("places") or []:
            if p["entity"] not in coords:
                missing.add(p["entity"])
                continue
            roles.get(p.get("role") or "location", roles["location"]).append(p["entity"])
            counts[p["entity"]] += 1
        chain = roles["origin"][:1] + roles["via"] + roles["destination"][:1]
        date = (e.get("when") or {}).get("start")
        if len(chain) >= 2:
            routes.append(MapRoute(event=e["id"], type=e["type"], stops=chain, stated=True, date=date))
        elif e.get("type") == "transfer":
            start = (roles["origin"] or [a for a in e.get("actor") or [] if a in coords])[:1]
            end = (roles["destination"] or [t for t in e.get("target") or [] if t in coords])[:1]
            if start and end and start != end:
                routes.append(MapRoute(event=e["id"], type=e["type"], stops=start + end, stated=False,
                                       date=date))
                counts.update(i for i in start + end if i not in roles["origin"] + roles["destination"])
    routes.sort(key=lambda r: (not r.stated, r.date or "", r.event))
    points = [MapPoint(id=i, name=view.name(i), type=view.entities.get(i, {}).get("type", "other"),
                       lat=coords[i][0], lon=coords[i][1], events=n, at_country=coords[i][2])
              for i, n in sorted(counts.items())]
    return MapOut(points=points, routes=routes[:MAX_ROUTES], routes_left_out=max(0, len(routes) - MAX_ROUTES),
                  missing=sorted(view.name(i) for i in missing))


def network(view: View, events: list[dict[str, Any]], limit: int = DEFAULT_NODES) -> NetworkOut:
    """Actors and targets of the events: an edge from actor to target per event type, or between the
    participants of an event without target (a meeting); the `limit` busiest actors and their edges."""
    degree: Counter[str] = Counter()
    edges: dict[tuple[str, str, str, bool], list[str]] = {}
    for e in events:
        actors, targets = list(e.get("actor") or []), list(e.get("target") or [])
        degree.update(set(actors + targets))
        pairs = ([(a, t, True) for a in actors for t in targets] if targets else
                 [(a, b, False) for i, a in enumerate(sorted(actors)) for b in sorted(actors)[i + 1:]])
        for a, b, directed in pairs:
            if a != b:
                edges.setdefault((a, b, e["type"], directed), []).append(e["id"])
    kept = [i for i, _ in sorted(degree.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]
    keep = set(kept)
    return NetworkOut(
        nodes=[NetNode(id=i, name=view.name(i), type=view.entities.get(i, {}).get("type", "other"),
                       events=degree[i]) for i in kept],
        edges=[NetEdge(source=a, target=b, type=t, directed=d, events=len(ids), event=ids[0])
               for (a, b, t, d), ids in sorted(edges.items()) if a in keep and b in keep],
        total_nodes=len(degree),
        types=sorted({e["type"] for e in view.events.values() if e.get("type")}),
    )


# -- endpoints -----------------------------------------------------------------------------------------------


@router.get("/timeline", response_model=TimelineOut)
def timeline_endpoint(wb: WB, user: ApiViewer, filters: Filters) -> TimelineOut:
    """Events a day (by the first day of their stated time), for the timeline's bars and its brush."""
    return timeline(chosen_events(wb.view(), filters))


@router.get("/map", response_model=MapOut)
def map_endpoint(wb: WB, user: ApiViewer, filters: Filters) -> MapOut:
    """Places of the matching events with their coordinates, and routes (stated, or country to country)."""
    view = wb.view()
    return map_data(view, chosen_events(view, filters), coordinates(view))


@router.get("/network", response_model=NetworkOut)
def network_endpoint(wb: WB, user: ApiViewer, filters: Filters,
                     limit: Annotated[int, Query(ge=2, le=MAX_NODES)] = DEFAULT_NODES) -> NetworkOut:
    """Actors and targets of the matching events (filter by type and date_from/date_to), busiest first."""
    view = wb.view()
    return network(view, chosen_events(view, filters), limit)


@cache
def _basemap_text() -> str:
    return json.dumps(json.loads(asset("basemap-110m.json")), separators=(",", ":"))


@router.get("/basemap", response_class=Response,
            responses={200: {"model": Basemap, "description": "the offline basemap"}})
def basemap(user: ApiViewer) -> Response:
    """Natural Earth 1:110m countries as SVG paths (x = longitude, y = -latitude), shipped with armswatch."""
    return Response(_basemap_text(), media_type="application/json",
                    headers={"Cache-Control": "private, max-age=86400"})


@pages.get("/views")
def views_page(request: Request, login: Viewer) -> HTMLResponse:
    from armswatch.web.pages import render

    return render(request, "views.html", login)
