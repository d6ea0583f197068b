"""Matching against sanctions lists (issue 15): the fixture of public designations and sentences written
to name them in varied forms (past names, other romanisations, Cyrillic and Hangul, legal forms, an IMO
number only), and names that are on no list."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from armswatch.cli import app
from armswatch.export.match import Matcher, iter_sentence_entities, match_dossier, read_list

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "sanctions"
LIST = FIXTURES / "designations.ftm.jsonl"


@pytest.fixture(scope="module")
def cases() -> list[dict]:
    return yaml.safe_load((FIXTURES / "mentions.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(read_list(LIST))


def score(cases: list[dict], matcher: Matcher) -> tuple[float, float, list[str]]:
    tp = fp = fn = 0
    misses = []
    for case, entity in zip(cases, iter_sentence_entities(cases), strict=True):
        found = matcher.match(entity)
        best = found[0]["candidate"] if found else None
        if best is not None and best == case["expect"]:
            tp += 1
            continue
        if best is not None:
            fp += 1
        if case["expect"] is not None:
            fn += 1
        if best != case["expect"]:
            misses.append(f"{case['name']}: expected {case['expect']}, got {best}")
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1), misses


def test_fixture_is_a_list_of_public_designations() -> None:
    ftm = pytest.importorskip("followthemoney")
    targets = read_list(LIST)
    assert len(targets) >= 50
    assert {"Vessel", "Person", "Company", "Organization"} <= {t.schema for t in targets}
    assert all(t.programs and t.authorities for t in targets)  # each with its programme and authority
    for line in LIST.read_text(encoding="utf-8").splitlines():
        data = json.loads(line)
        proxy = ftm.model.get_proxy(data, cleaned=False)
        if proxy.schema.name != "Sanction":
            assert any(n.startswith("Source: ") for n in data["properties"]["notes"])
        for prop, values in data["properties"].items():
            assert all(proxy.schema.get(prop).type.clean(v, proxy=proxy) for v in values), (proxy.id, prop)


def test_sentences_name_what_they_say(cases: list[dict]) -> None:
    assert len(cases) >= 60
    assert all(c["name"] in c["text"] for c in cases)
    assert sum(c["expect"] is None for c in cases) >= 15  # names on no list


def test_precision_and_recall(cases: list[dict], matcher: Matcher) -> None:
    precision, recall, misses = score(cases, matcher)
    assert precision >= 0.95, misses
    assert recall >= 0.90, misses


def test_a_ship_is_never_matched_to_another_imo(cases: list[dict], matcher: Matcher) -> None:
    for case, entity in zip(cases, iter_sentence_entities(cases), strict=True):
        if case["type"] != "vessel" or not case.get("imo"):
            continue
        for m in matcher.match(entity):
            assert m["candidate_imo"] in (None, str(case["imo"])), (case["name"], m)
    # the name of a listed ship with another IMO number matches nothing
    assert matcher.match({"id": "x", "name": "Angara", "type": "vessel", "imo": "9616101"}) == []
    # ... and an IMO number alone finds its ship whatever the name
    found = matcher.match({"id": "y", "name": "Unknown", "type": "vessel", "imo": "9179842"})
    assert [m["candidate"] for m in found] == ["fx-angara"] and found[0]["method"] == "imo"


def test_a_lone_surname_or_another_given_name_is_no_match(matcher: Matcher) -> None:
    assert matcher.match({"id": "a", "name": "Kim Jong Chol", "type": "person"}) == []
    assert matcher.match({"id": "b", "name": "Prigozhin", "type": "person"}) == []
    # a person's name never matches a company or ship
    assert matcher.match({"id": "c", "name": "Wise Honest", "type": "person"}) == []


def test_nested_sanctions_as_opensanctions_publishes(tmp_path: Path) -> None:
    line = {
        "id": "os-1",
        "schema": "Vessel",
        "datasets": ["us_ofac_sdn"],
        "caption": "Ocean Star",
        "properties": {
            "name": ["Ocean Star"],
            "imoNumber": ["IMO 9000001"],
            "sanctions": [
                {"id": "s1", "schema": "Sanction", "properties": {"program": ["IRAN"], "authority": ["OFAC"]}}
            ],
        },
    }
    path = tmp_path / "list.ftm.json"
    path.write_text(json.dumps(line) + "\n{broken\n", encoding="utf-8")
    [cand] = read_list(path)
    assert cand.imo == "9000001" and cand.programs == ["IRAN"]


def test_match_command_writes_matches_beside_the_dossier(tmp_path: Path) -> None:
    dossier = {
        "schema_version": "1",
        "generated_at": "2026-11-23T10:00:00Z",
        "documents": [],
        "events": [],
        "entities": [
            {
                "id": "angara",
                "name": "Angara",
                "type": "vessel",
                "aliases": [],
                "documents": [],
                "imo": "9179842",
                "flag": "RU",
            },
            {"id": "kim", "name": "Kim Jong-un", "type": "person", "aliases": ["Kim"], "documents": []},
            {"id": "blinken", "name": "Antony Blinken", "type": "person", "aliases": [], "documents": []},
        ],
    }
    (tmp_path / "dossier.json").write_text(json.dumps(dossier), encoding="utf-8")
    result = CliRunner().invoke(app, ["match", str(tmp_path), "--against", str(LIST)])
    assert result.exit_code == 0, result.output
    written = json.loads((tmp_path / "matches.json").read_text(encoding="utf-8"))
    schema = json.loads(
        resources.files("armswatch.export").joinpath("schemas/matches.schema.json").read_text("utf-8")
    )
    jsonschema.validate(written, schema)
    assert {m["entity"]: m["candidate"] for m in written["matches"]} == {
        "angara": "fx-angara",
        "kim": "fx-kim-jong-un",
    }
    # an analyst rejects one; matching again keeps the verdict, and exports leave it out
    written["matches"][0].update(accepted=False, reviewed=True)
    (tmp_path / "matches.json").write_text(json.dumps(written), encoding="utf-8")
    again = match_dossier(dossier, LIST, written)
    kept = next(m for m in again["matches"] if m["entity"] == written["matches"][0]["entity"])
    assert kept["accepted"] is False and kept["reviewed"] is True
    from armswatch.export.common import load_matches

    (tmp_path / "matches.json").write_text(json.dumps(again), encoding="utf-8")
    assert len(load_matches(tmp_path)) == 1
