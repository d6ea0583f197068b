"""The analysts' review overlay (issue 14, item 3): decisions that survive re-runs.

A decision (reject this event, merge these two, set this report's date, grade this outlet...) is a row of
the `decisions` table: who, when, what, why, never edited or deleted (an `undo` decision revokes one), so
the table is the audit log. The pipeline applies every decision after each fusion (`apply_decisions`),
so a hand correction is never lost to the next run the way a hand edit of `dossier.json` was; decisions
about a report itself (its date, its exclusion) are applied before annotation too (`prepare_articles`),
since the report's date decides how its relative dates resolve.

Decisions are keyed by stable ids: report ids, entity ids, source names, event ids. An event's id is
derived from its first mention (armswatch.fuse.fusion.event_id), which moves if a report added later
states the event earlier; so a decision about an event also keeps the event's mentions as anchors
([document, start, end]), and finds the event by any of them when its id has moved.

This module also re-exports the store's query API (`armswatch.store.query`) and `write_dossier_tables`,
so the workbench imports one module.
"""

from __future__ import annotations

import copy
import hashlib
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Engine

from armswatch.clean.models import Article
from armswatch.store import tables as t

EVENT_FIELDS = ("type", "actor", "target", "items", "when", "places", "vessels", "status")
DOCUMENT_FIELDS = ("date", "outlet", "url", "title")
GRADES = ("A", "B", "C", "D", "E", "F")

# kind -> (what its target names, the payload keys it needs)
KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "accept_event": ("event", ()),
    "reject_event": ("event", ()),
    "merge_events": ("event", ("into",)),
    "split_event": ("event", ("mentions",)),
    "edit_event": ("event", ()),
    "set_document_date": ("document", ("date",)),
    "edit_document": ("document", ()),
    "exclude_document": ("document", ()),
    "rename_entity": ("entity", ("name",)),
    "merge_entities": ("entity", ("into",)),
    "grade_source": ("source", ("grade",)),
    "undo": ("decision", ()),
}


class DecisionInvalid(ValueError):
    """A decision of an unknown kind, or with a payload its kind does not take."""


@dataclass(frozen=True)
class Decision:
    id: str
    kind: str
    target: str
    payload: dict[str, Any]
    user: str
    at: str  # ISO 8601, UTC
    why: str = ""
    anchors: list[list[Any]] = field(default_factory=list)  # an event's mentions: [document, start, end]

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "target": self.target, "payload": dict(self.payload),
                "user": self.user, "at": self.at, "why": self.why}


# ---- recording ----------------------------------------------------------------------------------

def check_decision(kind: str, target: str, payload: dict[str, Any]) -> None:
    """Raise DecisionInvalid unless `kind` is known and `payload` is what it takes."""
    if kind not in KINDS:
        raise DecisionInvalid(f"unknown decision kind {kind!r}; known: {', '.join(sorted(KINDS))}")
    if not isinstance(target, str) or not target.strip():
        raise DecisionInvalid("a decision needs a target id")
    if not isinstance(payload, dict):
        raise DecisionInvalid("a decision's payload is an object")
    missing = [key for key in KINDS[kind][1] if payload.get(key) in (None, "", [])]
    if missing:
        raise DecisionInvalid(f"{kind} needs {', '.join(missing)}")
    if kind == "edit_event":
        unknown = sorted(set(payload) - set(EVENT_FIELDS))
        if unknown or not payload:
            raise DecisionInvalid(f"edit_event edits {', '.join(EVENT_FIELDS)}; not {', '.join(unknown)}")
    if kind == "edit_document":
        unknown = sorted(set(payload) - set(DOCUMENT_FIELDS))
        if unknown or not payload:
            raise DecisionInvalid(f"edit_document edits {', '.join(DOCUMENT_FIELDS)}; "
                                  f"not {', '.join(unknown)}")
    if kind in ("set_document_date", "edit_document") and payload.get("date"):
        try:
            date.fromisoformat(str(payload["date"]))
        except ValueError as exc:
            raise DecisionInvalid(f"a document's date is YYYY-MM-DD, not {payload['date']!r}") from exc
    if kind == "grade_source" and payload["grade"] not in GRADES:
        raise DecisionInvalid(f"a source's grade is one of {', '.join(GRADES)}")
    if kind == "split_event" and not all(_is_anchor(m) for m in payload["mentions"]):
        raise DecisionInvalid("split_event takes mentions as [document, start, end]")
    if kind in ("merge_events", "merge_entities") and payload["into"] == target:
        raise DecisionInvalid(f"{kind}: cannot merge {target} into itself")


def _is_anchor(value: Any) -> bool:
    return (isinstance(value, list | tuple) and len(value) == 3 and isinstance(value[0], str)
            and all(isinstance(v, int) for v in value[1:]))


def record_decision(engine: Engine, kind: str, target: str, payload: dict[str, Any] | None, user: str,
                    why: str = "") -> Decision:
    """Store one decision (committed at once) and return it. For a decision about an event, the event's
    mentions are kept as anchors (from the store's events table, where it is there)."""
    payload = dict(payload or {})
    check_decision(kind, target, payload)
    if kind == "undo":
        with engine.connect() as connection:
            undone = connection.execute(select(t.decisions.c.kind).where(t.decisions.c.id == target)).scalar()
        if undone is None or undone == "undo":
            raise DecisionInvalid(f"no decision {target} to undo")
    anchors = _event_anchors(engine, target) if KINDS[kind][0] == "event" else []
    decision = Decision(id=uuid.uuid4().hex, kind=kind, target=target, payload=payload, user=user,
                        at=datetime.now(UTC).isoformat(timespec="microseconds"), why=why or "",
                        anchors=anchors)
    with engine.begin() as connection:
        connection.execute(insert(t.decisions).values(
            id=decision.id, kind=kind, target=target, payload=payload, anchors=anchors, user=user,
            at=datetime.fromisoformat(decision.at), why=decision.why))
    return decision


def _event_anchors(engine: Engine, event_id: str) -> list[list[Any]]:
    query = (select(t.mentions.c.document_id, t.mentions.c.start, t.mentions.c.end)
             .where(t.mentions.c.event_id == event_id).order_by(t.mentions.c.id))
    with engine.connect() as connection:
        return [[doc, start, end] for doc, start, end in connection.execute(query)]


def list_decisions(engine: Engine, target: str | None = None) -> list[Decision]:
    """Every decision (or those about `target`), oldest first: the audit log."""
    query = select(t.decisions).order_by(t.decisions.c.at, t.decisions.c.id)
    if target is not None:
        query = query.where(t.decisions.c.target == target)
    with engine.connect() as connection:
        return [_decision(row) for row in connection.execute(query).mappings()]


def _decision(row: Any) -> Decision:
    at = row["at"]
    if at.tzinfo is None:  # SQLite keeps no offset: every decision is written in UTC
        at = at.replace(tzinfo=UTC)
    return Decision(id=row["id"], kind=row["kind"], target=row["target"], payload=dict(row["payload"] or {}),
                    user=row["user"], at=at.isoformat(timespec="microseconds"), why=row["why"] or "",
                    anchors=[list(a) for a in row["anchors"] or []])


def in_force(decisions: Iterable[Decision]) -> list[Decision]:
    """The decisions not undone, oldest first (undo decisions themselves left out)."""
    ordered = sorted(decisions, key=lambda d: (d.at, d.id))
    undone = {d.target for d in ordered if d.kind == "undo"}
    return [d for d in ordered if d.kind != "undo" and d.id not in undone]


# ---- before annotation: the reports themselves --------------------------------------------------

def excluded_ids(decisions: Iterable[Decision]) -> set[str]:
    """The ids of the reports an analyst excluded (decisions in force)."""
    return {d.target for d in in_force(decisions) if d.kind == "exclude_document"}


def prepare_articles(articles: Sequence[Article], decisions: Iterable[Decision]
                     ) -> tuple[list[Article], list[Article]]:
    """The articles to annotate (excluded reports left out) and those whose metadata a decision changed
    (to store). A date set by an analyst is the report's reference date, as a sidecar's would be."""
    decided = in_force(decisions)
    excluded = excluded_ids(decided)
    by_id = {a.id: a for a in articles}
    changed: dict[str, Article] = {}
    for d in decided:
        article = by_id.get(d.target)
        if article is None or d.kind not in ("set_document_date", "edit_document"):
            continue
        before = (article.published, article.reference_date, article.outlet, article.url, article.title)
        _set_document_fields(article, d)
        if before != (article.published, article.reference_date, article.outlet, article.url, article.title):
            changed[article.id] = article
    return [a for a in articles if a.id not in excluded], list(changed.values())


def _set_document_fields(article: Article, d: Decision) -> None:
    basis = f"set by {d.user} on {d.at[:10]} (decision {d.id[:8]})"
    if d.payload.get("date"):
        article.published = article.reference_date = str(d.payload["date"])
        article.reference_date_inferred = False
        article.reference_date_basis = basis
        # a new dict: a stored article's may be shared (armswatch.store.db.StoredArticle)
        article.metadata_basis = {**article.metadata_basis, "published": basis}
    for key in ("outlet", "url", "title"):
        if d.payload.get(key):
            setattr(article, key, str(d.payload[key]))
            article.metadata_basis = {**article.metadata_basis, key: basis}


# ---- after fusion: the dossier ------------------------------------------------------------------

def apply_decisions(dossier: dict[str, Any], decisions: Iterable[Decision]) -> dict[str, Any]:
    """The dossier with every decision in force applied, oldest first; the input is left unchanged.
    Decisions whose target is not in this dossier are listed under review.unresolved, not dropped."""
    decided = in_force(decisions)
    out = dict(dossier)
    if not decided:  # nothing to apply: no index of the dossier's records (its documents made one by one)
        out["events"] = list(dossier["events"])
        out["review"] = {"decisions": [], "rejected_events": [], "excluded_documents": [], "unresolved": []}
        return out
    # copied only when there is something to apply: a dossier of 10,000 reports is large
    for key in ("entities", "events"):
        out[key] = copy.deepcopy(dossier.get(key, []))
    # documents (their bodies) are copied one by one, where a decision edits one (_edit_document)
    out["documents"] = list(dossier.get("documents", []))
    state = _State(out)
    for d in decided:
        applied = _APPLY[d.kind](state, d)
        (state.applied if applied else state.unresolved).append(d.id)
    out["events"] = [e for e in out["events"] if e["id"] not in state.removed]
    out["review"] = {
        "decisions": [d.as_json() for d in decided if d.id in set(state.applied)],
        "rejected_events": sorted(state.rejected),
        "excluded_documents": sorted(state.excluded),
        "unresolved": state.unresolved,
    }
    return out


class _State:
    """The dossier being reviewed, with its indexes (events by id and by mention anchor)."""

    def __init__(self, dossier: dict[str, Any]) -> None:
        self.dossier = dossier
        self.events = {e["id"]: e for e in dossier["events"]}
        self.anchors = {_anchor(m): e["id"] for e in dossier["events"] for m in e.get("mentions", [])}
        self.entities = {e["id"]: e for e in dossier["entities"]}
        self.documents = {d["id"]: d for d in dossier["documents"]}
        self.removed: set[str] = set()
        self.rejected: set[str] = set()
        self.excluded: set[str] = set()
        self.applied: list[str] = []
        self.unresolved: list[str] = []

    def event(self, target: str, anchors: Sequence[Sequence[Any]] = ()) -> dict[str, Any] | None:
        if target in self.events and target not in self.removed:
            return self.events[target]
        for anchor in anchors:
            found = self.anchors.get(tuple(anchor))
            if found is not None and found not in self.removed:
                return self.events[found]
        return None

    def remove_event(self, event: dict[str, Any], replaced_by: str | None = None) -> None:
        self.removed.add(event["id"])
        for other in self.events.values():
            if other.get("part_of") == event["id"]:
                other["part_of"] = replaced_by
            if event["id"] in other.get("related", []):
                related = [replaced_by if r == event["id"] else r for r in other["related"]]
                other["related"] = _unique([r for r in related if r and r != other["id"]])


def _anchor(mention: dict[str, Any]) -> tuple[str, int, int]:
    return (mention["document"], mention["start"], mention["end"])


def _unique(values: Iterable[Any]) -> list[Any]:
    seen: list[Any] = []
    for v in values:
        if v not in seen:
            seen.append(v)
    return seen


def _mark(event: dict[str, Any], status: str, d: Decision) -> None:
    review = event.setdefault("review", {"status": status, "decisions": []})
    if review["status"] != "edited" or status != "accepted":
        review["status"] = status
    review["decisions"].append(d.id)


def _reject_event(s: _State, d: Decision) -> bool:
    event = s.event(d.target, d.anchors)
    if event is None:
        return False
    s.remove_event(event)
    s.rejected.add(event["id"])
    return True


def _accept_event(s: _State, d: Decision) -> bool:
    event = s.event(d.target, d.anchors)
    if event is None:
        return False
    _mark(event, "accepted", d)
    return True


def _edit_event(s: _State, d: Decision) -> bool:
    event = s.event(d.target, d.anchors)
    if event is None:
        return False
    for key, value in d.payload.items():
        event[key] = copy.deepcopy(value)
    if "type" in d.payload or "items" in d.payload:
        from armswatch.export.codes import event_codes

        for key in ("plover", "plover_mode", "cameo", "cameo_label"):
            event.pop(key, None)
        event.update(event_codes(event["type"], (i.get("category") for i in event.get("items", []))))
    _mark(event, "edited", d)
    return True


def _merge_events(s: _State, d: Decision) -> bool:
    source = s.event(d.target, d.anchors)
    into = s.event(str(d.payload["into"]), d.payload.get("into_anchors") or ())
    if source is None or into is None or source is into:
        return False
    _absorb(into, source)
    for m in source.get("mentions", []):
        s.anchors[_anchor(m)] = into["id"]
    s.remove_event(source, replaced_by=into["id"])
    _mark(into, "merged", d)
    into["review"].setdefault("merged", []).append(source["id"])
    return True


def _absorb(into: dict[str, Any], other: dict[str, Any]) -> None:
    """`into` takes `other`'s mentions, roles, items, places, vessels, sources and links."""
    seen = {_anchor(m) for m in into.get("mentions", [])}
    into["mentions"] = into.get("mentions", []) + [m for m in other.get("mentions", [])
                                                   if _anchor(m) not in seen]
    for key in ("actor", "target", "vessels", "items", "places"):
        into[key] = _unique(list(into.get(key, [])) + list(other.get(key, [])))
    into["related"] = [r for r in _unique(into.get("related", []) + other.get("related", []))
                       if r not in (into["id"], other["id"])]
    by_name = {x["name"]: x for x in into.get("source_list", [])}
    for x in other.get("source_list", []):
        if x["name"] in by_name:
            mine = by_name[x["name"]]
            mine["documents"] = _unique(mine.get("documents", []) + x.get("documents", []))
            mine["supports"] = bool(mine.get("supports") or x.get("supports"))
        else:
            into.setdefault("source_list", []).append(copy.deepcopy(x))
    _recount_sources(into)
    if other.get("reliability", "F") < into.get("reliability", "F"):
        into["reliability"] = other["reliability"]
        into["reliability_reason"] = other.get("reliability_reason", "")


def _recount_sources(event: dict[str, Any]) -> None:
    sources = event.setdefault("sources", {})
    sources["documents"] = len({m["document"] for m in event.get("mentions", [])})


def _split_event(s: _State, d: Decision) -> bool:
    event = s.event(d.target, d.anchors)
    wanted = {tuple(a) for a in d.payload["mentions"]}
    if event is None:
        return False
    moved = [m for m in event.get("mentions", []) if _anchor(m) in wanted]
    kept = [m for m in event.get("mentions", []) if _anchor(m) not in wanted]
    if not moved or not kept:
        return False
    key = "|".join([event["id"], *sorted(f"{a[0]}:{a[1]}:{a[2]}" for a in map(_anchor, moved))])
    new = copy.deepcopy(event)
    new["id"] = "ev_" + hashlib.sha1(key.encode()).hexdigest()[:12]
    for target, mentions in ((event, kept), (new, moved)):
        target["mentions"] = mentions
        for role in ("actor", "target", "vessels"):
            target[role] = _unique(x for m in mentions for x in m.get(role, []))
        target["items"] = _unique(x for m in mentions for x in m.get("items", []))
        target["places"] = _unique(x for m in mentions for x in m.get("places", []))
        names = {m["document"] for m in mentions}
        target["source_list"] = [dict(x, documents=[doc for doc in x.get("documents", []) if doc in names])
                                 for x in target.get("source_list", [])
                                 if names & set(x.get("documents", []))]
        _recount_sources(target)
    new["related"] = _unique([event["id"], *event.get("related", [])])
    event["related"] = _unique([*event.get("related", []), new["id"]])
    s.dossier["events"].append(new)
    s.events[new["id"]] = new
    for m in moved:
        s.anchors[_anchor(m)] = new["id"]
    new.pop("review", None)
    _mark(event, "edited", d)
    _mark(new, "edited", d)
    return True


def _exclude_document(s: _State, d: Decision) -> bool:
    s.excluded.add(d.target)
    if d.target not in s.documents:  # left out before annotation by the pipeline (prepare_articles)
        return True
    s.dossier["documents"] = [doc for doc in s.dossier["documents"] if doc["id"] != d.target]
    del s.documents[d.target]
    for event in list(s.events.values()):
        if event["id"] in s.removed:
            continue
        mentions = [m for m in event.get("mentions", []) if m["document"] != d.target]
        if len(mentions) == len(event.get("mentions", [])):
            continue
        if not mentions:
            s.remove_event(event)
            continue
        event["mentions"] = mentions
        event["source_list"] = [dict(x, documents=[doc for doc in x.get("documents", []) if doc != d.target])
                                for x in event.get("source_list", [])]
        event["source_list"] = [x for x in event["source_list"] if x["documents"]]
        _recount_sources(event)
    for entity in s.entities.values():
        if d.target in entity.get("documents", []):
            entity["documents"] = [doc for doc in entity["documents"] if doc != d.target]
    return True


def _edit_document(s: _State, d: Decision) -> bool:
    record = s.documents.get(d.target)
    if record is None:
        return False
    # a copy: the input dossier stays as it was
    record = dict(record, metadata_basis=dict(record.get("metadata_basis") or {}))
    s.dossier["documents"] = [record if doc["id"] == d.target else doc for doc in s.dossier["documents"]]
    s.documents[d.target] = record
    edit_document_record(record, d)
    return True


def edit_document_record(record: dict[str, Any], d: Decision) -> None:
    """A document's record (the dossier's, or the store's on its page) with a decision's date, outlet,
    url or title, each one's basis naming who set it and when."""
    basis = f"set by {d.user} on {d.at[:10]} (decision {d.id[:8]})"
    metadata_basis = record.setdefault("metadata_basis", {})
    if d.payload.get("date"):
        record["published"] = record["reference_date"] = str(d.payload["date"])
        record["reference_date_inferred"] = False
        record["reference_date_basis"] = metadata_basis["published"] = basis
    for key in ("outlet", "url", "title"):
        if d.payload.get(key):
            record[key] = str(d.payload[key])
            metadata_basis[key] = basis


def _rename_entity(s: _State, d: Decision) -> bool:
    entity = s.entities.get(d.target)
    if entity is None:
        return False
    name = str(d.payload["name"])
    if entity["name"] != name:
        entity["aliases"] = _unique([*entity.get("aliases", []), entity["name"]])
        entity["aliases"] = [a for a in entity["aliases"] if a != name]
        entity["name"] = name
    return True


# Keys of an event (and its mentions) whose values are entity ids.
_ENTITY_KEYS = frozenset({"actor", "target", "vessels", "entity", "attributed_to", "about"})


def _replace_entity(value: Any, old: str, new: str, key: str | None = None) -> Any:
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            k2 = new if key in ("actor", "target", "vessels") and k == old else k  # evidence maps by id
            out[k2] = _replace_entity(v, old, new, k)
        return out
    if isinstance(value, list):
        items = [_replace_entity(v, old, new, key) for v in value]
        return _unique(items) if key in _ENTITY_KEYS else items
    if isinstance(value, str) and key in _ENTITY_KEYS and value == old:
        return new
    return value


def _merge_entities(s: _State, d: Decision) -> bool:
    source, into = s.entities.get(d.target), s.entities.get(str(d.payload["into"]))
    if source is None or into is None:
        return False
    aliases = _unique([*into.get("aliases", []), source["name"], *source.get("aliases", [])])
    into["aliases"] = [a for a in aliases if a != into["name"]]
    into["documents"] = _unique([*into.get("documents", []), *source.get("documents", [])])
    s.dossier["entities"] = [e for e in s.dossier["entities"] if e["id"] != source["id"]]
    del s.entities[source["id"]]
    for event in s.events.values():
        replaced = _replace_entity(event, source["id"], into["id"])
        event.clear()
        event.update(replaced)
    return True


def _grade_source(s: _State, d: Decision) -> bool:
    grade, found = str(d.payload["grade"]), False
    for event in s.events.values():
        entries = [x for x in event.get("source_list", []) if x.get("name") == d.target]
        if not entries:
            continue
        found = True
        for x in entries:
            x["reliability"] = grade
            x["graded_by"] = d.user
        supporting = [x["reliability"] for x in event["source_list"] if x.get("supports") and x.get("known")]
        best = min(supporting) if supporting else event.get("reliability", "F")
        if best != event.get("reliability"):
            event["reliability"] = best
        event["reliability_reason"] = (f"{event.get('reliability_reason', '')}; {d.target} graded {grade} "
                                       f"by {d.user}").lstrip("; ")
    return found


_APPLY = {
    "accept_event": _accept_event,
    "reject_event": _reject_event,
    "merge_events": _merge_events,
    "split_event": _split_event,
    "edit_event": _edit_event,
    "set_document_date": _edit_document,
    "edit_document": _edit_document,
    "exclude_document": _exclude_document,
    "rename_entity": _rename_entity,
    "merge_entities": _merge_entities,
    "grade_source": _grade_source,
}


from armswatch.store.query import (  # noqa: E402  (re-exported for the workbench: one import)
    DocumentPage,
    EntityPage,
    EventFilters,
    EventPage,
    EventRow,
    EventsPage,
    SearchHit,
    SearchPage,
    document_page,
    entity_page,
    event_page,
    events_page,
    search,
    search_by_kind,
)
from armswatch.store.write import record_run, write_dossier_tables  # noqa: E402

__all__ = [
    "KINDS", "Decision", "DecisionInvalid", "DocumentPage", "EntityPage", "EventFilters", "EventPage",
    "EventRow", "EventsPage", "SearchHit", "SearchPage", "apply_decisions", "check_decision",
    "document_page", "entity_page", "event_page", "events_page", "in_force", "list_decisions",
    "prepare_articles", "record_decision", "record_run", "search", "search_by_kind",
    "write_dossier_tables",
]
