"""FollowTheMoney entities as JSON lines, the form Aleph and the `ftm` tools load (`ftm store write`,
`alephclient write-entities`). Written without the followthemoney library (a test-time dependency);
the tests check every entity against its model.

Mapping: person -> Person; organization, armed group -> Organization; a country as an actor -> PublicBody
(its government) with `jurisdiction`; vessel -> Vessel (imoNumber, flag, previousName: the dossier keeps a
ship's past names as its aliases); place, facility -> Address with coordinates; other -> LegalEntity;
document -> Article; event -> Event (involved, organizer, proof, location); each mention ->
Documentation (document, entity, role = stance, summary = sentence); each entity's reports ->
Documentation; each sanctions match -> Sanction (authority, program) and the topic `sanction`."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from armswatch.export.codes import codes_of
from armswatch.export.common import View

PREFIX = "aw"  # namespace of our ids inside an Aleph collection

SCHEMA_OF_TYPE = {
    "person": "Person",
    "organization": "Organization",
    "armed_group": "Organization",
    "country": "PublicBody",
    "vessel": "Vessel",
    "place": "Address",
    "facility": "Address",
    "other": "LegalEntity",
}


_NOT_ID = re.compile(r"[^A-Za-z0-9.-]")


def ftm_id(kind: str, key: str) -> str:
    """Stable FtM ids: ours, prefixed. FtM ids allow letters, digits, '.' and '-' only: other characters
    become '-' and a short hash keeps ids distinct; long keys are hashed (Aleph limits ids)."""
    safe_key = _NOT_ID.sub("-", key)
    if safe_key != key:
        safe_key += "." + hashlib.sha1(key.encode()).hexdigest()[:8]
    raw = f"{PREFIX}-{kind}-{safe_key}"
    return raw if len(raw) <= 100 else f"{PREFIX}-{kind}-{hashlib.sha1(key.encode()).hexdigest()}"


def _entity(eid: str, schema: str, props: dict[str, list[Any]]) -> dict[str, Any]:
    clean = {k: [str(v) for v in vs if v not in (None, "")] for k, vs in props.items()}
    return {"id": eid, "schema": schema, "properties": {k: vs for k, vs in clean.items() if vs}}


def _iso2(view: View, entity_id: str) -> list[str]:
    code = view.iso2(entity_id)
    return [code.lower()] if code else []


def entity_ref(entity_id: str) -> str:
    return ftm_id("entity", entity_id)


def iter_ftm(view: View) -> Iterator[dict[str, Any]]:
    for doc in view.documents.values():
        yield _entity(
            ftm_id("doc", doc["id"]),
            "Article",
            {
                "title": [doc.get("title")],
                "name": [doc.get("title") or doc["id"]],
                "publishedAt": [doc.get("published") or doc.get("reference_date")],
                "author": [doc.get("author")],
                "publisher": [doc.get("outlet")],
                "sourceUrl": [doc.get("url")],
                "fileName": [doc.get("source")],
                "contentHash": [],
                "bodyText": [doc.get("body")],
            },
        )
    for e in view.entities.values():
        schema = SCHEMA_OF_TYPE.get(e["type"], "LegalEntity")
        aliases = [a for a in e.get("aliases", []) if a != e["name"]]
        props: dict[str, list[Any]] = {"name": [e["name"]], "alias": aliases}
        if e.get("wikidata"):
            props["wikidataId"] = [e["wikidata"]]
        if schema == "Vessel":
            props.update(
                imoNumber=[e.get("imo")],
                flag=[e["flag"].lower()] if e.get("flag") else [],
                previousName=aliases,
            )
        elif schema == "Address":
            props = {
                "full": [e["name"]],
                "name": [e["name"]],
                "summary": aliases,
                "latitude": [e.get("lat")],
                "longitude": [e.get("lon")],
            }
        elif schema == "PublicBody":
            props.update(jurisdiction=_iso2(view, e["id"]), country=_iso2(view, e["id"]))
        if view.sanctioned(e["id"]) and schema != "Address":
            props["topics"] = ["sanction"]
        yield _entity(entity_ref(e["id"]), schema, props)
        for doc_id in e.get("documents", []):
            yield _entity(
                ftm_id("seen", f"{e['id']}@{doc_id}"),
                "Documentation",
                {
                    "document": [ftm_id("doc", doc_id)],
                    "entity": [entity_ref(e["id"])],
                    "role": ["mentioned"],
                },
            )
        for m in view.sanctions.get(e["id"], []):
            if schema == "Address":
                continue
            yield _entity(
                ftm_id("sanction", f"{e['id']}@{m['candidate']}"),
                "Sanction",
                {
                    "entity": [entity_ref(e["id"])],
                    "authority": m.get("authorities", []),
                    "program": m.get("programs", []),
                    "sourceUrl": m.get("source_urls", []),
                    "summary": [
                        f"matched to {m.get('candidate_name')} ({m['candidate']}) "
                        f"score {m.get('score')} by {m.get('method')}"
                    ],
                },
            )
    for ev in view.events:
        when = ev.get("when") or {}
        codes = codes_of(ev)
        located = [p["entity"] for p in ev.get("places", [])]
        involved = [*ev.get("actor", []), *ev.get("target", []), *ev.get("vessels", [])]
        actors = [
            a
            for a in ev.get("actor", [])
            if SCHEMA_OF_TYPE.get((view.entities.get(a) or {}).get("type", ""), "")
            in {"Person", "Organization", "PublicBody"}
        ]
        title = f"{ev['type']}: " + ", ".join(view.name(a) for a in ev.get("actor", []))
        if ev.get("target"):
            title += " → " + ", ".join(view.name(t) for t in ev["target"])
        yield _entity(
            ftm_id("event", ev["id"]),
            "Event",
            {
                "name": [title],
                "summary": [
                    f"PLOVER {codes.get('plover')}; CAMEO {codes.get('cameo')}; status {ev.get('status')}; "
                    f"credibility {ev.get('credibility')}{ev.get('reliability') or ''}"
                ],
                "startDate": [when.get("start")],
                "endDate": [when.get("end")],
                "involved": [entity_ref(i) for i in involved if i in view.entities],
                "organizer": [entity_ref(a) for a in actors if a in view.entities],
                "location": [view.name(p) for p in located],
                "addressEntity": [
                    entity_ref(p)
                    for p in located
                    if (view.entities.get(p) or {}).get("type") in {"place", "facility"}
                ],
                "country": [
                    c
                    for i in involved
                    for c in _iso2(view, i)
                    if (view.entities.get(i) or {}).get("type") == "country"
                ],
                "proof": [ftm_id("doc", d) for d in view.event_documents(ev)],
                "keywords": [ev["type"], codes.get("plover"), codes.get("cameo")],
            },
        )
        for n, m in enumerate(ev.get("mentions", [])):
            yield _entity(
                ftm_id("mention", f"{ev['id']}#{n}"),
                "Documentation",
                {
                    "document": [ftm_id("doc", m["document"])],
                    "entity": [ftm_id("event", ev["id"])],
                    "role": [m.get("stance")],
                    "summary": [m.get("text")],
                    "date": [m.get("stated_on")],
                },
            )


def write_ftm(view: View, out: Path) -> list[Path]:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as f:
        for entity in iter_ftm(view):
            f.write(json.dumps(entity, ensure_ascii=False, sort_keys=True) + "\n")
    return [out]
