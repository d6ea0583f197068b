"""The HTML report as a file: self-contained, offline, escaped; the dossier round-trips through it."""

from __future__ import annotations

import json
import re
from pathlib import Path

from armswatch.report import render_report, write_report
from armswatch.report.render import script_json
from tests.fusion_sample import sample_dossier


def embedded(page: str, element_id: str) -> object:
    m = re.search(rf'<script type="application/json" id="{element_id}">(.*?)</script>', page, re.S)
    assert m is not None
    return json.loads(m.group(1))


def test_write_report_into_a_directory(tmp_path: Path) -> None:
    out = write_report(sample_dossier(), tmp_path)
    assert out == tmp_path / "report.html"
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert write_report(sample_dossier(), tmp_path / "x" / "other.html").name == "other.html"


def test_dossier_round_trips_and_nothing_closes_the_script() -> None:
    dossier = sample_dossier()
    page = render_report(dossier)
    assert page.count("</script>") == 3  # the two data blocks and the code, nothing from the reports
    data = embedded(page, "dossier-data")
    assert data.pop("key_judgements")  # chosen in Python, carried beside the dossier
    data.pop("country_points")  # the map's points for state bodies (report/mapdata.py), likewise
    assert data.pop("text_included") is True  # the reports' texts are in (--no-report-text leaves them out)
    assert data.pop("report_inputs") == []
    assert data == json.loads(json.dumps(dossier))
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;/title&gt;" not in page  # titles reach the page only through the script, as text


def test_script_json_escapes_markup() -> None:
    text = script_json({"a": "</script><!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!-- & \u2028"}


def test_no_network_at_all() -> None:
    page = render_report(sample_dossier())
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    attrs = re.findall(r'\b(?:src|href)\s*=\s*"([^"]*)"', page)
    assert all(not re.match(r"(?i)(https?:)?//", a) for a in attrs)
    assert "@import" not in page and "url(http" not in page


def test_basemap_is_shipped_and_credited() -> None:
    page = render_report(sample_dossier())
    basemap = embedded(page, "basemap-data")
    assert isinstance(basemap, dict) and len(basemap["countries"]) > 150
    assert "Natural Earth" in basemap["credit"] and "Natural Earth" in page
