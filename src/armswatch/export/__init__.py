"""Exports of a dossier in the field's formats: one module per format, one entry point.

`export_dossier(dossier, format, out)` takes a dossier (the dict of dossier.json, or a path: DIR,
DIR/dossier.json, a store .db or URL) and writes `out`. The format modules import their libraries
(pyarrow, openpyxl, networkx) only when used; this package is imported by the dossier builder for the
event codes table (armswatch.export.codes), so it stays light."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from armswatch.export.common import ExportError, View, dossier_folder, load_dossier, load_matches

#: format -> (what it is for, one line; whether `out` is a folder)
FORMATS: dict[str, tuple[str, bool]] = {
    "csv": (
        "flat tables (events, mentions, entities, documents, places) as CSV files in the folder OUT",
        True,
    ),
    "parquet": (
        "the same tables as Parquet files in the folder OUT (dates typed), for pandas, DuckDB, Arrow",
        True,
    ),
    "xlsx": ("the same tables as sheets of one Excel workbook", False),
    "ftm": ("FollowTheMoney entities as JSON lines, for Aleph and the ftm tools", False),
    "stix": (
        "a STIX 2.1 bundle (identities, locations, reports, groupings, notes), for OpenCTI and MISP",
        False,
    ),
    "geojson": (
        "places as points and routes (origin → via → destination) as lines, for QGIS and web maps",
        False,
    ),
    "graphml": ("the actor network (typed nodes, weighted dated edges by event type), for Gephi, yEd", False),
    "gexf": ("the same actor network as GEXF, Gephi's own format", False),
}


def _writer(fmt: str) -> Callable[[View, Path], list[Path]]:
    if fmt in {"csv", "parquet", "xlsx"}:
        from armswatch.export import tables

        return {"csv": tables.write_csv, "parquet": tables.write_parquet, "xlsx": tables.write_xlsx}[fmt]
    if fmt == "ftm":
        from armswatch.export.ftm import write_ftm

        return write_ftm
    if fmt == "stix":
        from armswatch.export.stix import write_stix

        return write_stix
    if fmt == "geojson":
        from armswatch.export.geo import write_geojson

        return write_geojson
    if fmt in {"graphml", "gexf"}:
        from armswatch.export import graph

        return graph.write_graphml if fmt == "graphml" else graph.write_gexf
    raise ExportError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")


def export_dossier(
    dossier: dict[str, Any] | str | Path,
    format: str,
    out: str | Path,
    matches: list[dict[str, Any]] | None = None,
) -> list[Path]:
    """Write `dossier` in `format` to `out` (a folder for csv and parquet, else a file); return the files
    written. Sanctions matches (matches.json beside a dossier on disk, or `matches`) are merged in."""
    writer = _writer(format)
    if isinstance(dossier, dict):
        data, folder = dossier, None
    else:
        data, folder = load_dossier(dossier), dossier_folder(dossier)
    if matches is None:
        matches = load_matches(folder)
    return writer(View(data, matches), Path(out))


__all__ = ["FORMATS", "ExportError", "View", "export_dossier", "load_dossier"]
