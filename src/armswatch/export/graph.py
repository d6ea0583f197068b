"""The actor network for Gephi and other graph tools, as GraphML and GEXF (networkx writes both).

Nodes: every entity that acts, is acted on or carries (actor, target, vessel), typed, with its country
code and sanctions flag. Edges: one per (actor, target, event type), directed, weighted by the number
of events, with the first and last date and the event ids; meetings and exercises, which have no
target, join their participants pairwise (edge attribute `directed` false)."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path
from typing import Any

from armswatch.export.codes import codes_of
from armswatch.export.common import View, date_bounds

SYMMETRIC = frozenset({"meeting", "exercise"})


def build_graph(view: View) -> Any:
    import networkx as nx

    graph = nx.MultiDiGraph(name="armswatch actor network")
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}

    def node(entity_id: str) -> None:
        if entity_id in graph:
            return
        e = view.entities.get(entity_id) or {"name": entity_id, "type": "other"}
        graph.add_node(
            entity_id,
            label=e["name"],
            type=e["type"],
            iso3=view.iso3(entity_id) or "",
            imo=e.get("imo") or "",
            sanctioned=view.sanctioned(entity_id),
            sanction_lists="; ".join(view.sanction_lists([entity_id])),
        )

    for ev in view.events:
        actors, targets = ev.get("actor", []), ev.get("target", [])
        pairs: list[tuple[str, str, bool]] = [(a, t, True) for a in actors for t in targets if a != t]
        if ev["type"] in SYMMETRIC or not targets:
            pairs += [(a, b, False) for a, b in combinations(sorted(set(actors)), 2)]
        pairs += [(v, t, True) for v in ev.get("vessels", []) for t in targets if v != t]
        for p in (*actors, *targets, *ev.get("vessels", [])):
            node(p)
        when = ev.get("when") or {}
        day = date_bounds(when.get("start")) or ""
        for a, b, directed in pairs:
            key = (a, b, ev["type"])
            edge = edges.setdefault(
                key, {"weight": 0, "events": [], "first": day, "last": day, "directed": directed}
            )
            edge["weight"] += 1
            edge["events"].append(ev["id"])
            if day:
                edge["first"] = min(filter(None, [edge["first"], day]))
                edge["last"] = max(filter(None, [edge["last"], day]))
    for (a, b, kind), edge in sorted(edges.items()):
        codes = codes_of({"type": kind})
        graph.add_edge(
            a,
            b,
            key=kind,
            event_type=kind,
            label=kind,
            weight=edge["weight"],
            cameo=codes.get("cameo", ""),
            plover=codes.get("plover", ""),
            first_date=edge["first"],
            last_date=edge["last"],
            directed=edge["directed"],
            events="; ".join(edge["events"]),
        )
    return graph


def write_graphml(view: View, out: Path) -> list[Path]:
    import networkx as nx

    out.parent.mkdir(parents=True, exist_ok=True)
    nx.write_graphml(build_graph(view), out)
    return [out]


def write_gexf(view: View, out: Path) -> list[Path]:
    import networkx as nx

    out.parent.mkdir(parents=True, exist_ok=True)
    nx.write_gexf(build_graph(view), out)
    return [out]
