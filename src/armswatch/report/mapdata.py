"""Points the report's map draws for entities that have none of their own.

A transfer between a state's bodies (a ministry, an army, a state exporter such as Rosoboronexport) and
another state is drawn from country to country when the reports name no finer place: the body stands at
its country's point, the same point the country itself is drawn at.
"""

from __future__ import annotations

from typing import Any

from armswatch.entities.gazetteer import Gazetteer, load_gazetteer

# Kinds of entity drawn at their country's point; a place without coordinates is not (a port drawn at the
# middle of its country would mislead), nor a person
BODY_TYPES = frozenset({"organization", "armed_group"})


def country_points(dossier: dict[str, Any], gaz: Gazetteer | None = None) -> dict[str, dict[str, Any]]:
    """entity id -> {"country", "lat", "lon"} for each entity of the dossier without a point whose gazetteer
    entry belongs to a country that has one."""
    gaz = gaz or load_gazetteer()
    out: dict[str, dict[str, Any]] = {}
    for ent in dossier.get("entities") or []:
        if isinstance(ent.get("lat"), (int, float)) and isinstance(ent.get("lon"), (int, float)):
            continue
        e = gaz.get(ent.get("id") or "")
        if e is None or e.type not in BODY_TYPES:
            continue
        state = gaz.get(gaz.country_ids.get(e.country or "", ""))
        if state is not None and state.lat is not None and state.lon is not None:
            out[ent["id"]] = {"country": state.name, "lat": state.lat, "lon": state.lon}
    return out
