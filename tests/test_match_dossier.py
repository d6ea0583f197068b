"""Sanctions matches shown in the dossier and the report (issue 15): after `armswatch match`, matched
entities of dossier.json carry `sanctioned` (list, programme, score, the listed entity, the analyst's
flags), valid under the dossier schema; report.html marks them, escaped; `analyze` run again keeps them."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from armswatch.cli import app
from armswatch.dossier import validate_dossier
from armswatch.export.common import merge_matches
from armswatch.report.render import render_report

LIST = Path(__file__).resolve().parent / "fixtures" / "sanctions" / "designations.ftm.jsonl"


def dossier() -> dict:
    return {
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
            {"id": "kim", "name": "Kim Jong-un", "type": "person", "aliases": [], "documents": []},
            {"id": "blinken", "name": "Antony Blinken", "type": "person", "aliases": [], "documents": []},
        ],
    }


def match(entity: str, candidate: str, **extra: object) -> dict:
    return {
        "entity": entity,
        "entity_name": entity,
        "candidate": candidate,
        "candidate_name": candidate.upper(),
        "score": 0.9,
        "method": "name",
        "datasets": ["us_ofac_sdn"],
        "programs": ["DPRK3"],
        "authorities": ["OFAC"],
        "accepted": True,
        "reviewed": False,
        **extra,
    }


def test_an_older_dossier_still_validates_and_is_kept_without_matches(tmp_path: Path) -> None:
    validate_dossier(dossier())
    assert merge_matches(dossier(), tmp_path) == dossier()
    (tmp_path / "matches.json").write_text("{broken", encoding="utf-8")
    assert merge_matches(dossier(), tmp_path) == dossier()  # a damaged file never stops a dossier


def test_matched_entities_carry_sanctioned(tmp_path: Path) -> None:
    matches = [match("kim", "fx-other", score=0.87, accepted=False, reviewed=True), match("kim", "fx-kim")]
    (tmp_path / "matches.json").write_text(json.dumps({"matches": matches}), encoding="utf-8")
    merged = merge_matches(dossier(), tmp_path)
    validate_dossier(merged)
    by_id = {e["id"]: e for e in merged["entities"]}
    assert "sanctioned" not in by_id["blinken"]
    first, second = by_id["kim"]["sanctioned"]
    assert first == {
        "list": "us_ofac_sdn",
        "programme": "DPRK3",
        "authority": "OFAC",
        "score": 0.9,
        "method": "name",
        "matched_id": "fx-kim",
        "matched_name": "FX-KIM",
        "accepted": True,
        "reviewed": False,
    }
    assert second["accepted"] is False and second["reviewed"] is True  # the analyst's rejection shown
    # merging again replaces, never duplicates
    assert merge_matches(merged, tmp_path) == merged


def test_report_marks_sanctioned_entities_escaped(tmp_path: Path) -> None:
    hostile = match("kim", "fx-kim", datasets=["</script><img src=x onerror=alert(1)>"])
    (tmp_path / "matches.json").write_text(json.dumps({"matches": [hostile]}), encoding="utf-8")
    page = render_report(merge_matches(dossier(), tmp_path))
    assert '<section id="sanctions" hidden>' in page and "sanctionedMark" in page
    assert "<img src=x" not in page and "\\u003c/script\\u003e\\u003cimg" in page
    assert page.count("</script>") == 3


def test_match_command_updates_dossier_and_report(tmp_path: Path) -> None:
    (tmp_path / "dossier.json").write_text(json.dumps(dossier()), encoding="utf-8")
    (tmp_path / "report.html").write_text("old", encoding="utf-8")
    result = CliRunner().invoke(app, ["match", str(tmp_path), "--against", str(LIST)])
    assert result.exit_code == 0, result.output
    written = json.loads((tmp_path / "dossier.json").read_text(encoding="utf-8"))
    validate_dossier(written)
    by_id = {e["id"]: e for e in written["entities"]}
    [angara] = by_id["angara"]["sanctioned"]
    assert angara["matched_id"] == "fx-angara" and angara["programme"] == "RUSSIA-EO14024"
    assert angara["score"] == 1.0 and angara["list"] == "us_ofac_sdn"
    assert "sanctioned" not in by_id["blinken"]
    assert "fx-angara" in (tmp_path / "report.html").read_text(encoding="utf-8")


def test_analyze_again_keeps_the_matches(tmp_path: Path) -> None:
    report = tmp_path / "in" / "angara.txt"
    report.parent.mkdir()
    report.write_text(
        "The Russian cargo ship Angara (IMO 9179842) docked at Rajin in October 2023.\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    runner = CliRunner()
    first = runner.invoke(app, ["analyze", str(report.parent), "--out", str(out), "--quiet"])
    assert first.exit_code == 0, first.output
    assert runner.invoke(app, ["match", str(out), "--against", str(LIST)]).exit_code == 0
    again = runner.invoke(app, ["analyze", str(report.parent), "--out", str(out), "--quiet"])
    assert again.exit_code == 0, again.output
    written = json.loads((out / "dossier.json").read_text(encoding="utf-8"))
    [ship] = [e for e in written["entities"] if e.get("sanctioned")]
    assert ship["imo"] == "9179842" and ship["sanctioned"][0]["matched_id"] == "fx-angara"
    assert "RUSSIA-EO14024" in (out / "report.html").read_text(encoding="utf-8")
