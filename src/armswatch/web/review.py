"""The analysts' decisions, as the web app records and shows them: the store's review overlay
(`armswatch.store.review`, one `decisions` table that the pipeline applies after every fusion), plus what
the app needs on top: a stricter check of an event edit, and the decisions taken since the served dossier
was written, applied over it at once so that a review shows before the next run makes it permanent."""

from __future__ import annotations

from functools import cache
from typing import Any

from jsonschema import Draft202012Validator
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from armswatch.dossier.build import dossier_schema
from armswatch.store import review as store_review
from armswatch.store import tables

KINDS = tuple(store_review.KINDS)
GRADES = store_review.GRADES
DecisionError = store_review.DecisionInvalid


@cache
def _event_field_validators() -> dict[str, Any]:
    """A validator per editable event field, from the dossier contract's own JSON Schema."""
    defs = dossier_schema()["$defs"]
    return {name: Draft202012Validator({"$defs": defs, "$ref": f"#/$defs/event/properties/{name}"})
            for name in store_review.EVENT_FIELDS}


def check_decision(kind: str, target: str, payload: dict[str, Any]) -> None:
    """The store's check, and for an event edit, each field in the form the dossier contract gives it, so
    that an edit can never break a page, an export or the next run."""
    store_review.check_decision(kind, target, payload)
    if kind == "edit_event":
        bad = [name for name, value in payload.items() if not _event_field_validators()[name].is_valid(value)]
        if bad:
            raise DecisionError(f"edit_event: {', '.join(bad)} not as dossier.schema.json has it")


def record_decision(engine: Engine, kind: str, target: str, payload: dict[str, Any], user: str,
                    why: str = "") -> dict[str, Any]:
    check_decision(kind, target, payload)
    return store_review.record_decision(engine, kind, target, payload, user, why).as_json()


def list_decisions(engine: Engine) -> list[dict[str, Any]]:
    """The audit log, oldest first."""
    return [d.as_json() for d in store_review.list_decisions(engine)]


def decision_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(tables.decisions)).scalar_one())


def merged_into(decisions: list[dict[str, Any]]) -> dict[str, str]:
    """Which event id was merged into which, for the decisions in force (an old link leads on)."""
    undone = {d["target"] for d in decisions if d["kind"] == "undo"}
    return {d["target"]: str(d["payload"]["into"]) for d in decisions
            if d["kind"] == "merge_events" and d["id"] not in undone}


def overlay(dossier: dict[str, Any], engine: Engine) -> dict[str, Any]:
    """The served dossier with the decisions taken since it was written applied over it. A run applies
    them all (the pipeline does); those it saw are listed in the dossier's `review`, so only the newer
    ones are applied here. An undo of a decision the dossier already holds takes effect at the next run."""
    decisions = store_review.list_decisions(engine)
    seen = dossier.get("review") or {}
    considered = set(seen.get("decisions_seen", [])) | {d["id"] for d in seen.get("decisions", [])} \
        | set(seen.get("unresolved", []))
    pending = [d for d in store_review.in_force(decisions) if d.id not in considered]
    if not pending:
        return dossier
    out = store_review.apply_decisions(dossier, pending)
    new = out.get("review", {})
    out["review"] = {
        "decisions": seen.get("decisions", []) + new.get("decisions", []),
        "rejected_events": sorted(set(seen.get("rejected_events", [])) | set(new.get("rejected_events", []))),
        "excluded_documents": sorted(set(seen.get("excluded_documents", []))
                                     | set(new.get("excluded_documents", []))),
        "unresolved": seen.get("unresolved", []) + new.get("unresolved", []),
        "pending": [d.id for d in pending],
    }
    return out
