"""What every exporter shares: reading a dossier (folder, file or store), looking entities up, country
codes, dates of mixed precision, and the sanctions matches merged in."""

from __future__ import annotations

import calendar
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

MATCHES_FILE = "matches.json"


class ExportError(ValueError):
    """The input is not a dossier we can read, or the format is unknown."""


def load_dossier(source: str | Path) -> dict[str, Any]:
    """A dossier from DIR (DIR/dossier.json), a dossier.json file, or a store (a .db file or a
    SQLAlchemy URL), rebuilt from its cached annotations: the same facts `analyze` wrote."""
    text = str(source)
    if "://" in text:
        return dossier_from_store(text)
    path = Path(source)
    if path.is_dir():
        if (path / "dossier.json").is_file():
            path = path / "dossier.json"
        elif (path / "armswatch.db").is_file():
            return dossier_from_store(f"sqlite:///{(path / 'armswatch.db').resolve()}")
        else:
            raise ExportError(f"{path}: no dossier.json or armswatch.db in this folder")
    if path.suffix in {".db", ".sqlite", ".sqlite3"}:
        return dossier_from_store(f"sqlite:///{path.resolve()}")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ExportError(f"{path}: {exc}") from exc
    if not isinstance(data, dict) or not {"documents", "entities", "events"} <= data.keys():
        raise ExportError(f"{path}: not a dossier (documents, entities and events expected)")
    return data


def dossier_from_store(url: str) -> dict[str, Any]:
    """Rebuild the dossier from a store: its articles and their cached annotations, fused again (the
    annotation cache makes this cheap; reports whose cache is stale are annotated again)."""
    # imported here: the pipeline pulls in spaCy, which exporting a dossier.json never needs
    from armswatch.annotate import annotate_articles
    from armswatch.dossier import build_dossier, entity_record, event_record
    from armswatch.pipeline import fuse_annotated_events
    from armswatch.store import Store

    with Store(url) as store:
        articles = list(store.articles())
        if not articles:
            raise ExportError(f"{url}: the store holds no reports")
        annotations = annotate_articles(articles, store)
        events = fuse_annotated_events(articles, annotations)
        return build_dossier(
            articles,
            entities=[entity_record(e) for e in annotations.entities],
            events=[event_record(e) for e in events],
        )


def dossier_folder(source: str | Path) -> Path | None:
    """The folder results are written beside (matches.json), when the source is on disk."""
    text = str(source)
    if "://" in text:
        if text.startswith("sqlite:///"):
            return Path(text[len("sqlite:///") :]).parent
        return None
    path = Path(source)
    return path if path.is_dir() else path.parent


@cache
def _countries() -> dict[str, tuple[str, str]]:
    """Gazetteer country id -> (iso2, iso3)."""
    text = resources.files("armswatch.entities").joinpath("data/countries.json").read_text(encoding="utf-8")
    return {c["id"]: (c["iso2"], c["iso3"]) for c in json.loads(text)["countries"] if c.get("iso3")}


@cache
def iso3_of_iso2(iso2: str) -> str | None:
    for a2, a3 in _countries().values():
        if a2 == iso2.upper():
            return a3
    return None


def date_bounds(value: str | None, end: bool = False) -> str | None:
    """A partial date (YYYY, YYYY-MM, YYYY-MM-DD) as a full ISO day: its first day, or its last with
    `end`, so pandas parses a column of mixed precision; the precision goes in a column of its own."""
    if not value:
        return None
    parts = value.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else (12 if end else 1)
        day = int(parts[2]) if len(parts) > 2 else (calendar.monthrange(year, month)[1] if end else 1)
        return f"{year:04d}-{month:02d}-{day:02d}"
    except (ValueError, IndexError, calendar.IllegalMonthError):
        return None


def precision_of(value: str | None) -> str | None:
    """year, month or day: the contract's precision is the length of the string."""
    if not value:
        return None
    return {4: "year", 7: "month", 10: "day"}.get(len(value))


@dataclass
class View:
    """A dossier with indexes the exporters need, and the matches (matches.json) merged in."""

    dossier: dict[str, Any]
    matches: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.entities: dict[str, dict[str, Any]] = {e["id"]: e for e in self.dossier.get("entities", [])}
        self.documents: dict[str, dict[str, Any]] = {d["id"]: d for d in self.dossier.get("documents", [])}
        self.events: list[dict[str, Any]] = list(self.dossier.get("events", []))
        self.sanctions: dict[str, list[dict[str, Any]]] = {}
        for m in self.matches:
            self.sanctions.setdefault(m["entity"], []).append(m)

    @property
    def generated_at(self) -> str:
        return self.dossier.get("generated_at") or "1970-01-01T00:00:00Z"

    def name(self, entity_id: str) -> str:
        e = self.entities.get(entity_id)
        return e["name"] if e else entity_id

    def iso3(self, entity_id: str) -> str | None:
        """ISO 3166 alpha-3 of a country entity, or of a vessel's flag."""
        pair = _countries().get(entity_id)
        if pair:
            return pair[1]
        e = self.entities.get(entity_id) or {}
        return iso3_of_iso2(e["flag"]) if e.get("flag") else None

    def iso2(self, entity_id: str) -> str | None:
        pair = _countries().get(entity_id)
        if pair:
            return pair[0]
        e = self.entities.get(entity_id) or {}
        return e.get("flag")

    def sanctioned(self, entity_id: str) -> bool:
        return entity_id in self.sanctions

    def sanction_lists(self, entity_ids: Iterable[str]) -> list[str]:
        return sorted(
            {d for i in entity_ids for m in self.sanctions.get(i, []) for d in m.get("datasets", [])}
        )

    def sanction_programs(self, entity_ids: Iterable[str]) -> list[str]:
        return sorted(
            {p for i in entity_ids for m in self.sanctions.get(i, []) for p in m.get("programs", [])}
        )

    def located(self, entity_id: str) -> tuple[float, float] | None:
        e = self.entities.get(entity_id) or {}
        if e.get("lat") is not None and e.get("lon") is not None:
            return float(e["lat"]), float(e["lon"])
        return None

    def event_documents(self, event: dict[str, Any]) -> list[str]:
        return sorted({m["document"] for m in event.get("mentions", [])})

    def first_seen(self, event: dict[str, Any]) -> str | None:
        """The earliest day a report spoke of the event (its stated or reference date)."""
        days = [
            m.get("stated_on") or (self.documents.get(m["document"]) or {}).get("reference_date")
            for m in event.get("mentions", [])
        ]
        days = [d for d in days if d]
        return min(days) if days else None


def load_matches(folder: Path | None) -> list[dict[str, Any]]:
    """The accepted matches written by `armswatch match` beside the dossier, if any."""
    if folder is None or not (folder / MATCHES_FILE).is_file():
        return []
    data = json.loads((folder / MATCHES_FILE).read_text(encoding="utf-8"))
    return [m for m in data.get("matches", []) if m.get("accepted", True)]


def sanctioned_record(match: dict[str, Any]) -> dict[str, Any]:
    """One match of matches.json as the dossier shows it on its entity (`sanctioned`)."""
    return {
        "list": ", ".join(match.get("datasets") or []),
        "programme": "; ".join(match.get("programs") or []),
        "authority": "; ".join(match.get("authorities") or []),
        "score": match.get("score", 0.0),
        "method": match.get("method", ""),
        "matched_id": match["candidate"],
        "matched_name": match.get("candidate_name") or match["candidate"],
        "accepted": bool(match.get("accepted", True)),
        "reviewed": bool(match.get("reviewed", False)),
    }


def merge_matches(dossier: dict[str, Any], folder: Path | None) -> dict[str, Any]:
    """The dossier with folder/matches.json (written by `armswatch match`) shown on its entities: each
    matched entity carries `sanctioned`, its matches best first (an analyst's rejection kept, flagged);
    entities without a match carry none. No matches.json: the dossier as it is."""
    if folder is None or not (folder / MATCHES_FILE).is_file():
        return dossier
    try:
        data = json.loads((folder / MATCHES_FILE).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return dossier  # a damaged matches.json never stops a dossier from being written
    by_entity: dict[str, list[dict[str, Any]]] = {}
    for m in data.get("matches", []) if isinstance(data, dict) else []:
        if isinstance(m, dict) and m.get("entity") and m.get("candidate"):
            by_entity.setdefault(m["entity"], []).append(sanctioned_record(m))
    entities = []
    for e in dossier.get("entities", []):
        e = {k: v for k, v in e.items() if k != "sanctioned"}
        if e.get("id") in by_entity:
            e["sanctioned"] = sorted(by_entity[e["id"]], key=lambda s: (not s["accepted"], -s["score"]))
        entities.append(e)
    return {**dossier, "entities": entities}


def show_matches_in_dossier(source: str | Path) -> list[Path]:
    """After `armswatch match`: the dossier.json on disk (DIR/dossier.json or the file given) rewritten with
    its entities' `sanctioned` matches, and the report.html beside it, if any; the files written. A store
    has no dossier.json to rewrite: the next `analyze` merges the matches."""
    path = Path(source) if "://" not in str(source) else None
    if path is not None and path.is_dir():
        path = path / "dossier.json"
    if path is None or path.suffix != ".json" or not path.is_file():
        return []
    from armswatch.dossier import write_dossier
    from armswatch.report import write_report

    dossier = merge_matches(load_dossier(path), path.parent)
    written = [write_dossier(dossier, path)]
    if (path.parent / "report.html").is_file():
        written.append(write_report(dossier, path.parent / "report.html"))
    return written
