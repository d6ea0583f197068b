"""Flat tables for pandas, spreadsheets and BI tools: events, mentions, entities, documents, places.

Lists are joined with "; " (ids, names, codes in the same order). Dates are full ISO days (a partial
date becomes its first day as `start`, its last as `end`) with a `precision` column (year, month,
day), so `pd.read_csv(..., parse_dates=[...])` reads them; the date as the contract writes it stays
beside (`when_start_raw`, `when_end_raw`)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from armswatch.export.codes import codes_of
from armswatch.export.common import View, date_bounds, precision_of

TABLES = ("events", "mentions", "entities", "documents", "places")
SEP = "; "
# Excel keeps at most 32,767 characters a cell: longer report bodies are cut there (xlsx only).
XLSX_CELL_MAX = 32_000


def _join(values: Iterable[Any]) -> str:
    return SEP.join("" if v is None else str(v) for v in values)


def _place(view: View, place: dict[str, Any] | None, prefix: str) -> dict[str, Any]:
    if place is None:
        return {
            f"{prefix}_id": None,
            f"{prefix}_name": None,
            f"{prefix}_role": None,
            f"{prefix}_lat": None,
            f"{prefix}_lon": None,
        }
    at = view.located(place["entity"])
    return {
        f"{prefix}_id": place["entity"],
        f"{prefix}_name": view.name(place["entity"]),
        f"{prefix}_role": place["role"],
        f"{prefix}_lat": at[0] if at else None,
        f"{prefix}_lon": at[1] if at else None,
    }


def _ordered_places(event: dict[str, Any]) -> list[dict[str, Any]]:
    """Places along the route: origin, via, destination, then plain locations."""
    rank = {"origin": 0, "via": 1, "destination": 2, "location": 3}
    return sorted(event.get("places", []), key=lambda p: rank.get(p["role"], 4))


def event_rows(view: View) -> list[dict[str, Any]]:
    rows = []
    for ev in view.events:
        when = ev.get("when") or {}
        places = _ordered_places(ev)
        actors, targets, vessels = ev.get("actor", []), ev.get("target", []), ev.get("vessels", [])
        involved = [*actors, *targets, *vessels]
        codes = codes_of(ev)
        sources = ev.get("sources") or {}
        rows.append(
            {
                "id": ev["id"],
                "type": ev["type"],
                "plover": codes.get("plover"),
                "plover_mode": codes.get("plover_mode"),
                "cameo": codes.get("cameo"),
                "cameo_label": codes.get("cameo_label"),
                "actor_ids": _join(actors),
                "actor_names": _join(view.name(a) for a in actors),
                "actor_iso3": _join(view.iso3(a) or "" for a in actors),
                "target_ids": _join(targets),
                "target_names": _join(view.name(t) for t in targets),
                "target_iso3": _join(view.iso3(t) or "" for t in targets),
                "items": _join(i.get("category") for i in ev.get("items", [])),
                "start": date_bounds(when.get("start")),
                "end": date_bounds(when.get("end"), end=True),
                "precision": precision_of(when.get("start")),
                "when_start_raw": when.get("start"),
                "when_end_raw": when.get("end"),
                "when_text": when.get("text"),
                **_place(view, places[0] if places else None, "first_place"),
                **_place(view, places[-1] if places else None, "last_place"),
                "vessel_ids": _join(vessels),
                "vessel_names": _join(view.name(v) for v in vessels),
                "vessel_imos": _join((view.entities.get(v) or {}).get("imo", "") for v in vessels),
                "status": ev.get("status"),
                "credibility": ev.get("credibility"),
                "reliability": ev.get("reliability"),
                "sources_documents": sources.get("documents"),
                "sources_outlets": sources.get("outlets"),
                "documents": _join(view.event_documents(ev)),
                "mentions": len(ev.get("mentions", [])),
                "first_seen": view.first_seen(ev),
                "sanctioned": any(view.sanctioned(i) for i in involved),
                "sanction_lists": _join(view.sanction_lists(involved)),
                "sanction_programs": _join(view.sanction_programs(involved)),
            }
        )
    return rows


def mention_rows(view: View) -> list[dict[str, Any]]:
    rows = []
    for ev in view.events:
        for n, m in enumerate(ev.get("mentions", [])):
            when = m.get("when") or ev.get("when") or {}
            rows.append(
                {
                    "event_id": ev["id"],
                    "n": n,
                    "type": m.get("type", ev["type"]),
                    "document": m["document"],
                    "text": m.get("text"),
                    "start_offset": m.get("start"),
                    "end_offset": m.get("end"),
                    "stance": m.get("stance"),
                    "attributed_to": _join(m.get("attributed_to", [])),
                    "attributed_names": _join(view.name(a) for a in m.get("attributed_to", [])),
                    "stated_on": m.get("stated_on"),
                    "actor_ids": _join(m.get("actor", ev.get("actor", []))),
                    "target_ids": _join(m.get("target", ev.get("target", []))),
                    "start": date_bounds(when.get("start")),
                    "end": date_bounds(when.get("end"), end=True),
                    "precision": precision_of(when.get("start")),
                }
            )
    return rows


def entity_rows(view: View) -> list[dict[str, Any]]:
    rows = []
    for e in view.entities.values():
        best = max(view.sanctions.get(e["id"], []), key=lambda m: m.get("score", 0), default=None)
        rows.append(
            {
                "id": e["id"],
                "name": e["name"],
                "type": e["type"],
                "aliases": _join(e.get("aliases", [])),
                "documents": len(e.get("documents", [])),
                "iso3": view.iso3(e["id"]),
                "lat": e.get("lat"),
                "lon": e.get("lon"),
                "wikidata": e.get("wikidata"),
                "imo": e.get("imo"),
                "flag": e.get("flag"),
                "sanctioned": view.sanctioned(e["id"]),
                "sanction_lists": _join(view.sanction_lists([e["id"]])),
                "sanction_programs": _join(view.sanction_programs([e["id"]])),
                "match_id": best["candidate"] if best else None,
                "match_name": best.get("candidate_name") if best else None,
                "match_score": best.get("score") if best else None,
            }
        )
    return rows


def document_rows(view: View) -> list[dict[str, Any]]:
    return [
        {
            "id": d["id"],
            "source": d.get("source"),
            "title": d.get("title"),
            "published": d.get("published"),
            "reference_date": d.get("reference_date"),
            "reference_date_inferred": d.get("reference_date_inferred"),
            "reference_date_basis": d.get("reference_date_basis"),
            "outlet": d.get("outlet"),
            "author": d.get("author"),
            "url": d.get("url"),
            "form": d.get("form"),
            "content_sha256": d.get("content_sha256"),
            "characters": len(d.get("body") or ""),
            "body": d.get("body"),
        }
        for d in view.documents.values()
    ]


def place_rows(view: View) -> list[dict[str, Any]]:
    rows = []
    for ev in view.events:
        when = ev.get("when") or {}
        for order, p in enumerate(_ordered_places(ev)):
            at = view.located(p["entity"])
            rows.append(
                {
                    "event_id": ev["id"],
                    "event_type": ev["type"],
                    "order": order,
                    "role": p["role"],
                    "entity_id": p["entity"],
                    "name": view.name(p["entity"]),
                    "type": (view.entities.get(p["entity"]) or {}).get("type"),
                    "lat": at[0] if at else None,
                    "lon": at[1] if at else None,
                    "start": date_bounds(when.get("start")),
                    "end": date_bounds(when.get("end"), end=True),
                    "precision": precision_of(when.get("start")),
                }
            )
    return rows


def all_tables(view: View) -> dict[str, list[dict[str, Any]]]:
    return {
        "events": event_rows(view),
        "mentions": mention_rows(view),
        "entities": entity_rows(view),
        "documents": document_rows(view),
        "places": place_rows(view),
    }


def _columns(rows: list[dict[str, Any]], table: str, view: View) -> list[str]:
    if rows:
        return list(rows[0])
    # an empty table keeps its header: compute it from a dummy row of the same builder
    return list(EMPTY_COLUMNS[table])


def write_csv(view: View, out: Path) -> list[Path]:
    """One CSV per table in the folder `out` (UTF-8, header row)."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in all_tables(view).items():
        path = out / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=_columns(rows, name, view))
            writer.writeheader()
            writer.writerows(rows)
        written.append(path)
    return written


def _arrow_table(rows: list[dict[str, Any]], name: str, view: View) -> Any:
    import pyarrow as pa

    columns = _columns(rows, name, view)
    data = {c: [r.get(c) for r in rows] for c in columns}
    fields = []
    for c in columns:
        values = [v for v in data[c] if v is not None]
        if c in DATE_COLUMNS:
            typ = pa.date32()  # real dates in Parquet: the precision column says how much of them is known
        elif values and all(isinstance(v, bool) for v in values):
            typ = pa.bool_()
        elif values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            typ = pa.int64()
        elif values and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
            typ = pa.float64()
        else:
            typ = pa.string()
        fields.append(pa.field(c, typ))
    import datetime as dt

    arrays = []
    for f in fields:
        col = data[f.name]
        if f.type == pa.date32():
            col = [dt.date.fromisoformat(v) if v else None for v in col]
        elif f.type == pa.string():
            col = [None if v is None else str(v) for v in col]
        arrays.append(pa.array(col, type=f.type))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def write_parquet(view: View, out: Path) -> list[Path]:
    """One Parquet file per table in the folder `out`; dates typed as dates."""
    import pyarrow.parquet as pq

    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in all_tables(view).items():
        path = out / f"{name}.parquet"
        pq.write_table(_arrow_table(rows, name, view), path)
        written.append(path)
    return written


def write_xlsx(view: View, out: Path) -> list[Path]:
    """One workbook, one sheet per table; dates as ISO strings as in the CSV."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    out.parent.mkdir(parents=True, exist_ok=True)
    book = Workbook()
    book.remove(book.active)
    for name, rows in all_tables(view).items():
        sheet = book.create_sheet(name)
        columns = _columns(rows, name, view)
        sheet.append(columns)
        for r in rows:
            cells = []
            for c in columns:
                v = r.get(c)
                if isinstance(v, str):
                    # control characters are illegal in XML; a cell holds at most 32,767 characters
                    v = ILLEGAL_CHARACTERS_RE.sub("", v)[:XLSX_CELL_MAX]
                cells.append(v)
            sheet.append(cells)
        sheet.freeze_panes = "A2"
    book.save(out)
    return [out]


DATE_COLUMNS = frozenset({"start", "end", "first_seen", "published", "reference_date", "stated_on"})

_EMPTY = View({"documents": [], "entities": [], "events": []})
_DUMMY_EVENT = {
    "id": "",
    "type": "transfer",
    "actor": [],
    "target": [],
    "items": [],
    "when": None,
    "places": [{"entity": "", "role": "location"}],
    "vessels": [],
    "status": "asserted",
    "mentions": [
        {
            "document": "",
            "text": "",
            "start": 0,
            "end": 0,
            "attributed_to": [],
            "stance": "assert",
            "stated_on": None,
        }
    ],
    "sources": {},
    "credibility": 6,
}
_DUMMY = View(
    {
        "documents": [{"id": ""}],
        "entities": [{"id": "", "name": "", "type": "other"}],
        "events": [_DUMMY_EVENT],
    }
)
EMPTY_COLUMNS: dict[str, tuple[str, ...]] = {
    name: tuple(rows[0]) for name, rows in all_tables(_DUMMY).items()
}
