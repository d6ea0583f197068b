"""A STIX 2.1 bundle for threat-intelligence platforms (OpenCTI, MISP's STIX import).

identity per actor (person -> individual, organization and armed group -> group / organization, country
-> organization: its government), location per place (coordinates) and per country, a report per
document (external reference to its URL), a grouping per event (its actors, targets, places, ships,
relationships and notes), a relationship per actor -> target of an event (custom types such as
"transfer-to", named by our event type), and a note per mention (the sentence, who said it, stance).
Ids are UUIDv5 of our own ids, so the same dossier gives the same bundle."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from armswatch.export.codes import codes_of
from armswatch.export.common import View

NAMESPACE = uuid.UUID("6f1f3d4e-5c1b-4a8e-9a53-61726d737761")  # fixed: stable ids across runs

IDENTITY_CLASS = {
    "person": "individual",
    "organization": "organization",
    "armed_group": "group",
    "country": "organization",
    "vessel": "system",
    "other": "unknown",
}
RELATION = {
    "transfer": "transfers-to",
    "condemnation": "condemns",
    "denial": "denies",
    "meeting": "meets",
    "sanction": "sanctions",
    "exercise": "exercises-with",
    "weapons_test": "tests",
    "attack": "attacks",
    "seizure": "seizes",
}


def sid(kind: str, key: str) -> str:
    return f"{kind}--{uuid.uuid5(NAMESPACE, f'{kind}:{key}')}"


def _stamp(generated_at: str) -> str:
    """STIX timestamps with milliseconds, UTC."""
    base = generated_at.rstrip("Z").split(".")[0]
    return f"{base}.000Z"


def build_bundle(view: View) -> dict[str, Any]:
    ts = _stamp(view.generated_at)
    common = {"spec_version": "2.1", "created": ts, "modified": ts}
    objects: list[dict[str, Any]] = []
    ref: dict[str, str] = {}  # our entity id -> STIX id

    for e in view.entities.values():
        kind = "location" if e["type"] in {"place", "facility"} else "identity"
        if kind == "location":
            if e.get("lat") is None:
                continue  # a location needs coordinates, a region or a country
            obj = {
                "type": "location",
                "id": sid("location", e["id"]),
                **common,
                "name": e["name"],
                "latitude": e["lat"],
                "longitude": e["lon"],
            }
        else:
            obj = {
                "type": "identity",
                "id": sid("identity", e["id"]),
                **common,
                "name": e["name"],
                "identity_class": IDENTITY_CLASS.get(e["type"], "unknown"),
                "x_armswatch_type": e["type"],
            }
            if e.get("aliases"):
                obj["x_armswatch_aliases"] = list(e["aliases"])
            if e.get("imo"):
                obj["x_armswatch_imo"] = e["imo"]
            if e.get("flag"):
                obj["x_armswatch_flag"] = e["flag"]
            matches = view.sanctions.get(e["id"], [])
            if matches:
                obj["labels"] = ["sanctioned"]
                obj["external_references"] = [
                    {
                        "source_name": ", ".join(m.get("datasets") or ["sanctions list"]),
                        "external_id": m["candidate"],
                        "description": f"{m.get('candidate_name')}: {', '.join(m.get('programs', []))} "
                        f"(score {m.get('score')})",
                    }
                    for m in matches
                ]
        ref[e["id"]] = obj["id"]
        objects.append(obj)
        if e["type"] == "country" and view.iso2(e["id"]):
            objects.append(
                {
                    "type": "location",
                    "id": sid("location", e["id"]),
                    **common,
                    "name": e["name"],
                    "country": view.iso2(e["id"]),
                }
            )

    groups_of_doc: dict[str, list[str]] = {}
    for ev in view.events:
        codes = codes_of(ev)
        members: list[str] = []
        rel = RELATION.get(ev["type"], "related-to")
        actors = [a for a in ev.get("actor", []) if a in ref]
        targets = [t for t in ev.get("target", []) if t in ref]
        for a in actors:
            for t in targets:
                if a == t:
                    continue
                r = {
                    "type": "relationship",
                    "id": sid("relationship", f"{ev['id']}:{a}:{t}"),
                    **common,
                    "relationship_type": rel,
                    "source_ref": ref[a],
                    "target_ref": ref[t],
                    "description": f"{ev['type']} (CAMEO {codes.get('cameo')}), event {ev['id']}",
                }
                when = ev.get("when") or {}
                if when.get("start") and len(when["start"]) == 10:
                    r["start_time"] = f"{when['start']}T00:00:00.000Z"
                objects.append(r)
                members.append(r["id"])
        for key in ("actor", "target", "vessels"):
            members += [ref[i] for i in ev.get(key, []) if i in ref]
        members += [ref[p["entity"]] for p in ev.get("places", []) if p["entity"] in ref]
        group_id = sid("grouping", ev["id"])
        note_ids = []
        for n, m in enumerate(ev.get("mentions", [])):
            said_by = ", ".join(view.name(a) for a in m.get("attributed_to", [])) or "the outlet"
            note = {
                "type": "note",
                "id": sid("note", f"{ev['id']}#{n}"),
                **common,
                "abstract": f"{said_by} ({m.get('stance')})",
                "content": m.get("text") or "",
                "object_refs": [group_id, sid("report", m["document"])],
            }
            objects.append(note)
            note_ids.append(note["id"])
            groups_of_doc.setdefault(m["document"], []).append(group_id)
        members += note_ids
        when = ev.get("when") or {}
        objects.append(
            {
                "type": "grouping",
                "id": group_id,
                **common,
                "name": f"{ev['type']}: "
                + ", ".join(view.name(a) for a in ev.get("actor", []))
                + (" → " + ", ".join(view.name(t) for t in ev["target"]) if ev.get("target") else ""),
                "context": "suspicious-activity",
                "object_refs": list(dict.fromkeys(members)) or note_ids,
                "x_armswatch_event_id": ev["id"],
                "x_armswatch_type": ev["type"],
                "x_armswatch_plover": codes.get("plover"),
                "x_armswatch_cameo": codes.get("cameo"),
                "x_armswatch_status": ev.get("status"),
                "x_armswatch_credibility": ev.get("credibility"),
                "x_armswatch_when": f"{when.get('start')}/{when.get('end')}" if when else "",
            }
        )

    for doc in view.documents.values():
        mentioned = [
            ref[e["id"]]
            for e in view.entities.values()
            if doc["id"] in e.get("documents", []) and e["id"] in ref
        ]
        refs = list(dict.fromkeys([*groups_of_doc.get(doc["id"], []), *mentioned]))
        if not refs:
            # a report must refer to something: a note saying the document holds no linked fact
            empty = {
                "type": "note",
                "id": sid("note", f"empty:{doc['id']}"),
                **common,
                "content": "No entity or event was linked in this report.",
                "object_refs": [sid("report", doc["id"])],
            }
            objects.append(empty)
            refs = [empty["id"]]
        ext = {"source_name": doc.get("outlet") or "armswatch", "external_id": doc["id"]}
        if doc.get("url"):
            ext["url"] = doc["url"]
        objects.append(
            {
                "type": "report",
                "id": sid("report", doc["id"]),
                **common,
                "name": doc.get("title") or doc["id"],
                "report_types": ["threat-report"],
                "published": f"{doc.get('published') or doc['reference_date']}T00:00:00.000Z",
                "object_refs": refs,
                "external_references": [ext],
                "x_armswatch_source": doc.get("source") or "",
            }
        )
    # STIX forbids null and empty-list values: drop them
    objects = [{k: v for k, v in o.items() if v is not None and v != [] and v != ""} for o in objects]
    return {"type": "bundle", "id": sid("bundle", view.generated_at + str(len(objects))), "objects": objects}


def write_stix(view: View, out: Path) -> list[Path]:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(build_bundle(view), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return [out]
