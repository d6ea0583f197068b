"""The analysts' decisions as an overlay on the dossier: who decided what, when and why, kept in the
database and applied again over every new dossier, so that a re-run never undoes a review.

The store's review module (`armswatch.store.review`) holds the same overlay for the command line; while
it is not there, this module keeps the decisions in a table of the web app's own (`web_decisions`)."""

from __future__ import annotations

import copy
import secrets
from datetime import UTC, datetime
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator
from sqlalchemy import JSON, Column, DateTime, Integer, String, Table, Text, func, insert, select
from sqlalchemy.engine import Engine

from armswatch.dossier.build import dossier_schema
from armswatch.web.auth import metadata

KINDS = ("reject_event", "accept_event", "merge_events", "set_document_date", "exclude_document",
         "edit_event", "rename_entity", "merge_entities", "grade_source")
EDITABLE_EVENT_FIELDS = ("type", "status", "when", "actor", "target", "items", "places", "vessels")
GRADES = ("A", "B", "C", "D", "E", "F")


decisions = Table(
    "web_decisions",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", String(32), unique=True, nullable=False),
    Column("kind", String(32), nullable=False, index=True),
    Column("target", String(512), nullable=False, index=True),
    Column("payload", JSON, nullable=False),
    Column("user", String(200), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("why", Text, nullable=False, default=""),
)


class DecisionError(ValueError):
    """A decision that cannot be recorded as given (unknown kind, missing or bad payload)."""


def create_tables(engine: Engine) -> None:
    metadata.create_all(engine)


def check_decision(kind: str, target: str, payload: dict[str, Any]) -> None:
    """Refuse what could not be applied, before it is recorded."""
    if kind not in KINDS:
        raise DecisionError(f"unknown kind {kind!r}: one of {', '.join(KINDS)}")
    if not target:
        raise DecisionError("a decision needs a target")
    if kind in {"merge_events", "merge_entities"}:
        into = payload.get("into")
        if not isinstance(into, str) or not into or into == target:
            raise DecisionError(f"{kind} needs 'into', another id")
    if kind == "set_document_date":
        day = payload.get("date")
        try:
            datetime.strptime(str(day), "%Y-%m-%d")
        except ValueError as exc:
            raise DecisionError("set_document_date needs 'date' as YYYY-MM-DD") from exc
    if kind == "rename_entity" and not str(payload.get("name") or "").strip():
        raise DecisionError("rename_entity needs 'name'")
    if kind == "grade_source" and payload.get("grade") not in GRADES:
        raise DecisionError(f"grade_source needs 'grade', one of {', '.join(GRADES)}")
    if kind == "edit_event":
        unknown = set(payload) - set(EDITABLE_EVENT_FIELDS)
        if unknown or not payload:
            raise DecisionError(f"edit_event changes some of {', '.join(EDITABLE_EVENT_FIELDS)}")
        bad = [name for name, value in payload.items() if not _valid_field(name, value)]
        if bad:
            raise DecisionError(f"edit_event: {', '.join(bad)} not as dossier.schema.json has it")


@cache
def _event_field_validators() -> dict[str, Any]:
    """A validator per editable event field, from the dossier contract's own JSON Schema."""
    schema = dossier_schema()
    return {name: Draft202012Validator({"$defs": schema["$defs"], "$ref": f"#/$defs/event/properties/{name}"})
            for name in EDITABLE_EVENT_FIELDS}


def _valid_field(name: str, value: Any) -> bool:
    """Whether an edited event field has the form the dossier contract gives it, so that an edit can
    never make a page fail."""
    return _event_field_validators()[name].is_valid(value)


def record_decision(engine: Engine, kind: str, target: str, payload: dict[str, Any], user: str,
                    why: str = "") -> dict[str, Any]:
    check_decision(kind, target, payload)
    row = {"id": "dec_" + secrets.token_hex(6), "kind": kind, "target": target, "payload": payload,
           "user": user, "at": datetime.now(UTC), "why": why}
    with engine.begin() as conn:
        conn.execute(insert(decisions).values(**row))
    return {**row, "at": row["at"].isoformat()}


def list_decisions(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(select(decisions).order_by(decisions.c.seq)).mappings().all()
    return [{"id": r["id"], "kind": r["kind"], "target": r["target"], "payload": r["payload"],
             "user": r["user"], "at": r["at"].isoformat(), "why": r["why"]} for r in rows]


def decision_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(decisions)).scalar_one())


# -- applying ---------------------------------------------------------------------------------------------

def _stamp(decision: dict[str, Any], state: str) -> dict[str, Any]:
    return {"state": state, "by": decision["user"], "at": decision["at"], "why": decision["why"],
            "decision": decision["id"]}


def _resolve(event_id: str, merged_into: dict[str, str]) -> str:
    seen = set()
    while event_id in merged_into and event_id not in seen:
        seen.add(event_id)
        event_id = merged_into[event_id]
    return event_id


def _recount(event: dict[str, Any], documents: dict[str, dict[str, Any]]) -> None:
    docs = {m["document"] for m in event.get("mentions", [])}
    outlets = {documents[d].get("outlet") for d in docs if d in documents}
    event["sources"] = {**event.get("sources", {}), "documents": len(docs),
                        "outlets": len({o for o in outlets if o})}


def _replace_entity(value: Any, old: str, new: str) -> Any:
    """Every reference to entity `old` in an event or mention record made to `new` (ids in lists, keys of
    evidence maps, a place's entity), without duplicates."""
    if isinstance(value, list):
        out: list[Any] = []
        for item in value:
            item = _replace_entity(item, old, new)
            if item not in out:
                out.append(item)
        return out
    if isinstance(value, dict):
        return {(new if k == old else k): _replace_entity(v, old, new) for k, v in value.items()}
    return new if value == old else value


def _merge_events(dossier: dict[str, Any], source: str, into: str, decision: dict[str, Any],
                  merged_into: dict[str, str]) -> None:
    events = {e["id"]: e for e in dossier["events"]}
    source, into = _resolve(source, merged_into), _resolve(into, merged_into)
    if source == into or source not in events or into not in events:
        return
    gone, kept = events[source], events[into]
    kept["mentions"] = kept.get("mentions", []) + gone.get("mentions", [])
    for role in ("actor", "target", "vessels"):
        kept[role] = kept.get(role, []) + [i for i in gone.get(role, []) if i not in kept.get(role, [])]
    kept.setdefault("merged_from", []).append({"id": source, **_stamp(decision, "merged")})
    merged_into[source] = into
    dossier["events"] = [e for e in dossier["events"] if e["id"] != source]


def _exclude_document(dossier: dict[str, Any], document_id: str) -> None:
    dossier["documents"] = [d for d in dossier["documents"] if d["id"] != document_id]
    for event in dossier["events"]:
        event["mentions"] = [m for m in event.get("mentions", []) if m["document"] != document_id]
    dossier["events"] = [e for e in dossier["events"] if e.get("mentions")]
    for entity in dossier["entities"]:
        entity["documents"] = [d for d in entity.get("documents", []) if d != document_id]


def _merge_entities(dossier: dict[str, Any], source: str, into: str) -> None:
    entities = {e["id"]: e for e in dossier["entities"]}
    if source not in entities or into not in entities:
        return
    gone, kept = entities[source], entities[into]
    for alias in [gone["name"], *gone.get("aliases", [])]:
        if alias != kept["name"] and alias not in kept.setdefault("aliases", []):
            kept["aliases"].append(alias)
    kept["documents"] = sorted(set(kept.get("documents", [])) | set(gone.get("documents", [])))
    dossier["entities"] = [e for e in dossier["entities"] if e["id"] != source]
    dossier["events"] = [_replace_entity(e, source, into) for e in dossier["events"]]


def _apply_one(dossier: dict[str, Any], d: dict[str, Any], merged_into: dict[str, str]) -> None:
    kind, target, payload = d["kind"], d["target"], d["payload"]
    events = {e["id"]: e for e in dossier["events"]}
    if kind in {"reject_event", "accept_event", "edit_event"}:
        event = events.get(_resolve(target, merged_into))
        if event is None:
            return
        if kind == "edit_event":
            event.update({k: v for k, v in payload.items() if k in EDITABLE_EVENT_FIELDS})
        state = {"reject_event": "rejected", "accept_event": "accepted"}.get(kind, "edited")
        event["review"] = _stamp(d, state)
    elif kind == "merge_events":
        _merge_events(dossier, target, payload["into"], d, merged_into)
    elif kind == "set_document_date":
        for document in dossier["documents"]:
            if document["id"] == target:
                document.update(published=payload["date"], reference_date=payload["date"],
                                reference_date_inferred=False, reference_date_basis="analyst",
                                review=_stamp(d, "dated"))
    elif kind == "exclude_document":
        _exclude_document(dossier, target)
    elif kind == "rename_entity":
        for entity in dossier["entities"]:
            if entity["id"] == target and entity["name"] != payload["name"]:
                entity.setdefault("aliases", []).append(entity["name"])
                entity["name"] = payload["name"]
    elif kind == "merge_entities":
        _merge_entities(dossier, target, payload["into"])
    elif kind == "grade_source":
        for event in dossier["events"]:
            for source in event.get("source_list", []):
                if source.get("name") == target:
                    source.update(reliability=payload["grade"], graded=_stamp(d, "graded"))


def apply_decisions(dossier: dict[str, Any], decisions_: list[dict[str, Any]]
                    ) -> tuple[dict[str, Any], dict[str, str]]:
    """A copy of the dossier with the decisions applied in the order they were taken, and which event
    ids were merged into which (so that an old link still finds its event)."""
    out = copy.deepcopy(dossier)
    out.setdefault("documents", [])
    out.setdefault("entities", [])
    out.setdefault("events", [])
    merged_into: dict[str, str] = {}
    for decision in decisions_:
        _apply_one(out, decision, merged_into)
    documents = {d["id"]: d for d in out["documents"]}
    for event in out["events"]:
        if event.get("merged_from"):
            _recount(event, documents)
    return out, merged_into


def sidecar_rows(decisions_: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The analysts' dates as rows of the pipeline's sidecar (id, date), the last decision winning, so
    that a re-run resolves every relative date of the report against the date the analyst set."""
    dates: dict[str, str] = {}
    for d in decisions_:
        if d["kind"] == "set_document_date":
            dates[d["target"]] = d["payload"]["date"]
    return [{"id": k, "date": v} for k, v in sorted(dates.items())]
