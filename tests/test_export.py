"""Exports (issue 15): every format written from the seeds' and the examples' dossiers and read back with
the field's own tools: pandas, pyarrow, openpyxl, followthemoney, stix2-validator, networkx, a schema."""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from armswatch.cli import app
from armswatch.export import FORMATS, export_dossier
from armswatch.export.codes import EVENT_CODES, codes_of, event_codes

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "sanctions" / "designations.ftm.jsonl"


@pytest.fixture(scope="session", params=["seeds", "examples"])
def dossier_dir(
    request: pytest.FixtureRequest, shared: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """A dossier made by the pipeline (once per session), then matched against the fixture list."""
    from armswatch.export.match import match_dossier
    from armswatch.pipeline import analyze

    src = shared / "seeds" if request.param == "seeds" else REPO / "examples"
    out = tmp_path_factory.mktemp(f"export-{request.param}")
    analyze([src], out, write_html_report=False)
    dossier = json.loads((out / "dossier.json").read_text(encoding="utf-8"))
    (out / "matches.json").write_text(json.dumps(match_dossier(dossier, FIXTURE)), encoding="utf-8")
    return out


def _dossier(d: Path) -> dict[str, Any]:
    return json.loads((d / "dossier.json").read_text(encoding="utf-8"))


def _schema(name: str) -> dict[str, Any]:
    return json.loads(resources.files("armswatch.export").joinpath(f"schemas/{name}").read_text("utf-8"))


def test_codes_follow_the_contract() -> None:
    assert set(EVENT_CODES) == {
        "transfer",
        "condemnation",
        "denial",
        "meeting",
        "sanction",
        "exercise",
        "weapons_test",
        "attack",
        "seizure",
    }
    assert event_codes("transfer") == {
        "plover": "AID",
        "plover_mode": "military",
        "cameo": "072",
        "cameo_label": "Provide military aid",
    }
    assert event_codes("attack", ["drone"])["cameo"] == "195"
    assert event_codes("attack", ["small_arms"])["cameo"] == "193"
    assert event_codes("weapons_test")["cameo"] == "138"
    # an older dossier's event, without codes, gets them at export time
    assert codes_of({"type": "sanction", "items": []})["plover"] == "SANCTION"


def test_dossier_events_carry_codes(dossier_dir: Path) -> None:
    from armswatch.dossier import validate_dossier

    d = _dossier(dossier_dir)
    validate_dossier(d)
    assert d["events"] and all(e["plover"] and e["cameo"] for e in d["events"])
    # the schema keeps the codes optional: an older dossier without them still validates
    for e in d["events"]:
        for k in ("plover", "plover_mode", "cameo", "cameo_label"):
            e.pop(k, None)
    validate_dossier(d)


def test_csv_reads_into_pandas_with_dates(dossier_dir: Path, tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    export_dossier(dossier_dir, "csv", tmp_path)
    events = pd.read_csv(
        tmp_path / "events.csv", parse_dates=["start", "end", "first_seen"], dtype={"cameo": str}
    )
    assert len(events) == len(_dossier(dossier_dir)["events"])
    dated = events.dropna(subset=["start"])
    assert len(dated) and str(dated["start"].dtype).startswith("datetime64")
    assert (dated["end"] >= dated["start"]).all()
    assert set(dated["precision"]) <= {"year", "month", "day"}
    assert events["cameo"].str.fullmatch(r"\d{3,4}").all()
    for table in ("mentions", "entities", "documents", "places"):
        frame = pd.read_csv(tmp_path / f"{table}.csv")
        schema = _schema("tables.schema.json")["$defs"][table]
        assert list(frame.columns) == schema["required"]
    entities = pd.read_csv(tmp_path / "entities.csv")
    assert entities["sanctioned"].dtype == bool


def test_tables_rows_follow_their_schema(dossier_dir: Path) -> None:
    from armswatch.export.common import View, load_matches
    from armswatch.export.tables import all_tables

    schema = _schema("tables.schema.json")
    for name, rows in all_tables(View(_dossier(dossier_dir), load_matches(dossier_dir))).items():
        for row in rows:
            jsonschema.validate(row, {**schema["$defs"][name], "$defs": schema["$defs"]})


def test_parquet_through_pyarrow(dossier_dir: Path, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    export_dossier(dossier_dir, "parquet", tmp_path)
    table = pq.read_table(tmp_path / "events.parquet")
    assert table.num_rows == len(_dossier(dossier_dir)["events"])
    assert str(table.schema.field("start").type) == "date32[day]"
    assert pq.read_table(tmp_path / "entities.parquet").num_rows == len(_dossier(dossier_dir)["entities"])


def test_xlsx_has_one_sheet_per_table(dossier_dir: Path, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    export_dossier(dossier_dir, "xlsx", tmp_path / "d.xlsx")
    book = openpyxl.load_workbook(tmp_path / "d.xlsx", read_only=True)
    assert book.sheetnames == ["events", "mentions", "entities", "documents", "places"]
    assert book["events"].max_row == len(_dossier(dossier_dir)["events"]) + 1


def test_ftm_entities_valid_in_the_followthemoney_model(dossier_dir: Path, tmp_path: Path) -> None:
    ftm = pytest.importorskip("followthemoney")
    model = ftm.model
    export_dossier(dossier_dir, "ftm", tmp_path / "d.ftm.json")
    ids, refs, schemata = set(), [], set()
    for line in (tmp_path / "d.ftm.json").read_text(encoding="utf-8").splitlines():
        data = json.loads(line)
        proxy = model.get_proxy(data, cleaned=False)
        schemata.add(proxy.schema.name)
        for prop, values in data["properties"].items():
            p = proxy.schema.get(prop)
            assert p is not None, (proxy.schema.name, prop)
            for v in values:
                assert p.type.clean(v, proxy=proxy) is not None, (proxy.schema.name, prop, v)
                if p.type == ftm.registry.entity:
                    refs.append(v)
        ids.add(proxy.id)
    assert set(refs) <= ids  # no dangling reference
    assert {"Article", "Event", "Documentation"} <= schemata
    d = _dossier(dossier_dir)
    if any(e["type"] == "vessel" for e in d["entities"]):
        assert "Vessel" in schemata
    if json.loads((dossier_dir / "matches.json").read_text())["matches"]:
        assert "Sanction" in schemata


def test_stix_bundle_valid(dossier_dir: Path, tmp_path: Path) -> None:
    validator = pytest.importorskip("stix2validator")
    export_dossier(dossier_dir, "stix", tmp_path / "d.json")
    bundle = json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))
    result = validator.validate_instance(bundle, validator.ValidationOptions(strict=False))
    assert result.is_valid, [str(e) for e in result.errors][:5]
    types = {o["type"] for o in bundle["objects"]}
    assert {"identity", "report", "grouping", "note"} <= types
    ids = {o["id"] for o in bundle["objects"]}
    for o in bundle["objects"]:
        for ref in o.get("object_refs", []) + [o.get("source_ref"), o.get("target_ref")]:
            assert ref is None or ref in ids


def test_geojson_follows_its_schema(dossier_dir: Path, tmp_path: Path) -> None:
    export_dossier(dossier_dir, "geojson", tmp_path / "d.geojson")
    data = json.loads((tmp_path / "d.geojson").read_text(encoding="utf-8"))
    jsonschema.validate(data, _schema("geojson.schema.json"))
    assert any(f["geometry"]["type"] == "Point" for f in data["features"])


def test_route_is_a_line_in_order() -> None:
    from armswatch.export.common import View
    from armswatch.export.geo import build_geojson

    d = _tiny_dossier()
    routes = [f for f in build_geojson(View(d))["features"] if f["geometry"]["type"] == "LineString"]
    assert len(routes) == 1
    assert routes[0]["properties"]["roles"] == ["origin", "via", "destination"]
    assert routes[0]["geometry"]["coordinates"][0] == [130.0, 42.0]  # lon, lat of the origin
    jsonschema.validate(build_geojson(View(d)), _schema("geojson.schema.json"))


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_reads_back_in_networkx(fmt: str, dossier_dir: Path, tmp_path: Path) -> None:
    nx = pytest.importorskip("networkx")
    export_dossier(dossier_dir, fmt, tmp_path / f"d.{fmt}")
    graph = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(tmp_path / f"d.{fmt}")
    d = _dossier(dossier_dir)
    actors = {a for e in d["events"] for a in e["actor"] + e["target"]}
    assert actors <= set(graph.nodes)
    assert graph.number_of_edges() > 0
    _, _, data = next(iter(graph.edges(data=True)))
    assert data["weight"] >= 1 and data["event_type"] in EVENT_CODES


def test_tiny_dossier_every_format(tmp_path: Path) -> None:
    """A dossier built in the test: every format, a sanctioned ship flagged in the tables."""
    pd = pytest.importorskip("pandas")
    d = _tiny_dossier()
    matches = [
        {
            "entity": "ship",
            "candidate": "fx-angara",
            "candidate_name": "Angara",
            "score": 1.0,
            "method": "imo",
            "datasets": ["us_ofac_sdn"],
            "programs": ["RUSSIA-EO14024"],
        }
    ]
    for fmt, (_, folder) in FORMATS.items():
        out = tmp_path / (fmt if folder else f"d.{fmt}")
        assert export_dossier(d, fmt, out, matches=matches)
    events = pd.read_csv(tmp_path / "csv" / "events.csv", parse_dates=["start", "end"])
    assert events.loc[0, "sanctioned"] and events.loc[0, "sanction_programs"] == "RUSSIA-EO14024"
    assert events.loc[0, "precision"] == "month" and str(events.loc[0, "end"].date()) == "2023-09-30"
    assert events.loc[0, "actor_iso3"] == "PRK" and events.loc[0, "vessel_imos"] == 9179842


def test_export_from_the_store(dossier_dir: Path, tmp_path: Path) -> None:
    """Given the store instead of dossier.json, the dossier is rebuilt from it: the same events."""
    from armswatch.export import load_dossier

    rebuilt = load_dossier(dossier_dir / "armswatch.db")
    assert sorted(e["id"] for e in rebuilt["events"]) == sorted(
        e["id"] for e in _dossier(dossier_dir)["events"]
    )
    alone = tmp_path / "store-only"
    alone.mkdir()
    shutil.copy(dossier_dir / "armswatch.db", alone / "armswatch.db")
    assert export_dossier(alone, "geojson", tmp_path / "g.geojson")


def test_cli_export_and_help(dossier_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    helped = runner.invoke(app, ["export", "--help"], env={"COLUMNS": "200"})
    assert helped.exit_code == 0
    for fmt in FORMATS:
        assert f"{fmt}:" in helped.output
    result = runner.invoke(
        app, ["export", str(dossier_dir), "--format", "stix", "--out", str(tmp_path / "b.json")]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "b.json").is_file()
    bad = runner.invoke(app, ["export", str(dossier_dir), "--format", "pdf", "--out", str(tmp_path / "x")])
    assert bad.exit_code == 2


def _tiny_dossier() -> dict[str, Any]:
    ents = [
        {
            "id": "russia",
            "name": "Russia",
            "type": "country",
            "aliases": [],
            "documents": ["d1"],
            "lat": 60.0,
            "lon": 100.0,
        },
        {
            "id": "north-korea",
            "name": "North Korea",
            "type": "country",
            "aliases": ["DPRK"],
            "documents": ["d1"],
        },
        {
            "id": "najin",
            "name": "Najin",
            "type": "place",
            "aliases": ["Rajin"],
            "documents": ["d1"],
            "lat": 42.0,
            "lon": 130.0,
        },
        {
            "id": "vladivostok",
            "name": "Vladivostok",
            "type": "place",
            "aliases": [],
            "documents": ["d1"],
            "lat": 43.1,
            "lon": 131.9,
        },
        {
            "id": "dunay",
            "name": "Dunay",
            "type": "place",
            "aliases": [],
            "documents": ["d1"],
            "lat": 42.9,
            "lon": 132.3,
        },
        {
            "id": "ship",
            "name": "Angara",
            "type": "vessel",
            "aliases": ["Lady Rina"],
            "documents": ["d1"],
            "imo": "9179842",
            "flag": "RU",
        },
    ]
    mention = {
        "document": "d1",
        "text": "The Angara carried containers from Najin to Dunay.",
        "start": 0,
        "end": 50,
        "attributed_to": [],
        "stance": "assert",
        "stated_on": None,
    }
    event = {
        "id": "ev1",
        "type": "transfer",
        "actor": ["north-korea"],
        "target": ["russia"],
        "items": [{"category": "artillery_ammunition", "text": "shells", "quantity": None}],
        "when": {"start": "2023-09", "end": "2023-09", "text": "in September"},
        "places": [
            {"entity": "dunay", "role": "destination"},
            {"entity": "najin", "role": "origin"},
            {"entity": "vladivostok", "role": "via"},
        ],
        "vessels": ["ship"],
        "status": "asserted",
        "mentions": [mention],
        "sources": {"documents": 1, "outlets": 1},
        "credibility": 3,
    }
    doc = {
        "id": "d1",
        "source": "d1.txt",
        "title": "Shells by sea",
        "published": "2023-10-02",
        "reference_date": "2023-10-02",
        "outlet": "Example",
        "author": None,
        "url": "https://example.org/a",
        "body": mention["text"],
        "content_sha256": "0" * 64,
    }
    return {
        "schema_version": "1",
        "generated_at": "2026-11-23T10:00:00Z",
        "documents": [doc],
        "entities": ents,
        "events": [event],
    }
