"""The command line end to end: the bundled examples, re-runs, bad input, exit status."""

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from armswatch import __version__
from armswatch.cli import app
from armswatch.dossier import validate_dossier

from .conftest import EXAMPLES

runner = CliRunner()


def _dossier(out: Path) -> dict:
    return json.loads((out / "dossier.json").read_text(encoding="utf-8"))


def test_version_and_help() -> None:
    assert runner.invoke(app, ["--version"]).output.strip() == f"armswatch {__version__}"
    for args in (["--help"], ["analyze", "--help"], ["validate", "--help"], ["schema", "--help"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0 and "Usage" in result.output


def test_examples_make_a_valid_dossier_and_a_second_run_changes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = runner.invoke(app, ["analyze", str(EXAMPLES), "--out", str(out), "--quiet"])
    assert first.exit_code == 0, first.output
    dossier = _dossier(out)
    validate_dossier(dossier)
    ids = {d["id"] for d in dossier["documents"]}
    assert {
        "01_drones_dump",
        "02_summit",
        "03_galaxy_leader",
        "feed-panel-veto",
        "feed-tanker-seizure",
    } <= ids
    run = json.loads((out / "run.json").read_text())
    assert run["new"] == len(ids) and run["skipped"] == []

    second = runner.invoke(app, ["analyze", str(EXAMPLES), "--out", str(out), "--quiet"])
    assert second.exit_code == 0
    again = _dossier(out)
    assert json.loads((out / "run.json").read_text())["new"] == 0
    strip = lambda d: {k: v for k, v in d.items() if k != "generated_at"}  # noqa: E731
    assert strip(again) == strip(dossier)


def test_examples_metadata(tmp_path: Path) -> None:
    out = tmp_path / "out"
    runner.invoke(app, ["analyze", str(EXAMPLES), "--out", str(out), "--quiet"])
    docs = {d["id"]: d for d in _dossier(out)["documents"]}
    dump = docs["01_drones_dump"]
    assert dump["title"] == "Iran's drones keep reaching Russia, Western officials say"
    assert dump["published"] == "2023-03-14" and dump["author"] == "Marta Ilves"
    assert dump["outlet"] == "The Ledger Review"
    assert "Shahed-136" in dump["body"] and "MOST READ" not in dump["body"]
    assert "Comments are closed" not in dump["body"]
    html = docs["02_summit"]
    assert html["title"] == "Kim and Putin meet at Russian space base"
    assert html["published"] == "2023-09-13" and html["outlet"] == "Northern Desk"
    assert "Vostochny Cosmodrome" in html["body"] and "Rail link reopens" not in html["body"]
    md = docs["03_galaxy_leader"]
    assert (md["title"], md["published"], md["author"], md["outlet"]) == (
        "Houthis seize a car carrier in the Red Sea",
        "2023-11-20",
        "R. Okafor",
        "Strait Notes",
    )
    assert docs["feed-tanker-seizure"]["published"] == "2020-08-14"
    assert "1.1 million barrels" in docs["feed-tanker-seizure"]["body"]


def test_bad_reports_are_skipped_with_reasons_and_the_run_goes_on(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(EXAMPLES / "01_drones_dump.txt", inputs / "good.txt")
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (inputs / "cut.html").write_text("<!DOCTYPE html><html><head><title>Arms shipments to")
    (inputs / "feed.jsonl").write_text(
        '{"id": "ok", "text": "A line of report text about a shipment."}\n{"id": \n'
    )
    out = tmp_path / "out"
    result = runner.invoke(app, ["analyze", str(inputs), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    run = json.loads((out / "run.json").read_text())
    assert run["new"] == 2
    skipped = {(Path(s["source"]).name, s["line"]) for s in run["skipped"]}
    assert {("empty.txt", None), ("image.png", None), ("cut.html", None)} <= skipped
    assert any(name.startswith("feed.jsonl") and line == 2 for name, line in skipped)
    strict = runner.invoke(app, ["analyze", str(inputs), "--out", str(out), "--quiet", "--strict"])
    assert strict.exit_code == 1


def test_nothing_readable_exits_non_zero(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["analyze", str(tmp_path / "empty.txt"), "--out", str(tmp_path / "o"), "-q"])
    assert result.exit_code == 1
    missing = runner.invoke(app, ["analyze", str(tmp_path / "nope"), "--out", str(tmp_path / "o2"), "-q"])
    assert missing.exit_code == 1


def test_standard_input(tmp_path: Path) -> None:
    text = (EXAMPLES / "01_drones_dump.txt").read_bytes()
    result = runner.invoke(app, ["analyze", "-", "--out", str(tmp_path / "o"), "-q"], input=text)
    assert result.exit_code == 0, result.output
    assert len(_dossier(tmp_path / "o")["documents"]) == 1


def test_validate_command(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": "1"}')
    assert runner.invoke(app, ["validate", str(bad)]).exit_code == 1
    (tmp_path / "broken.json").write_text("{")
    assert runner.invoke(app, ["validate", str(tmp_path / "broken.json")]).exit_code == 2


def test_bench_reports_both_throughputs_and_their_ratio() -> None:
    from armswatch.bench import run_benchmark
    from armswatch.nlp import load_pipeline

    before = load_pipeline().pipe_names
    result = run_benchmark([EXAMPLES], rounds=1)
    assert result.documents >= 4 and result.words > 200
    assert result.bare_seconds > 0 and result.annotate_seconds > 0
    assert 0 < result.annotate_ratio < 5
    assert load_pipeline().pipe_names == before  # the bare side's switch to the stock model is undone


def test_adding_one_report_annotates_only_that_one(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("01_drones_dump.txt", "02_summit.html"):
        shutil.copy(EXAMPLES / name, inputs / name)
    out = tmp_path / "out"
    assert runner.invoke(app, ["analyze", str(inputs), "--out", str(out), "-q", "--no-report"]).exit_code == 0
    assert json.loads((out / "run.json").read_text())["annotated"] == 2
    shutil.copy(EXAMPLES / "03_galaxy_leader.md", inputs / "03_galaxy_leader.md")
    assert runner.invoke(app, ["analyze", str(inputs), "--out", str(out), "-q", "--no-report"]).exit_code == 0
    run = json.loads((out / "run.json").read_text())
    assert (run["new"], run["already_stored"], run["annotated"]) == (1, 2, 1)
    assert len(_dossier(out)["documents"]) == 3


def test_report_is_written_beside_the_dossier(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert runner.invoke(app, ["analyze", str(EXAMPLES), "--out", str(out), "-q"]).exit_code == 0
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "Content-Security-Policy" in html


def test_a_report_the_annotator_trips_over_is_reported_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import armswatch.events.extract as extract

    real = extract.extract_events

    def flaky(doc, document_id, reference, mentions):  # noqa: ANN001, ANN202
        if document_id == "02_summit":
            raise ValueError("rule tripped")
        return real(doc, document_id, reference, mentions)

    monkeypatch.setattr(extract, "extract_events", flaky)
    out = tmp_path / "out"
    result = runner.invoke(app, ["analyze", str(EXAMPLES), "--out", str(out), "-q", "--no-report"])
    assert result.exit_code == 0, result.output
    run = json.loads((out / "run.json").read_text())
    assert [s["source"] for s in run["skipped"]] == ["02_summit.html"]
    assert "could not be annotated" in run["skipped"][0]["reason"]
    assert len(_dossier(out)["documents"]) == 5


def _undated_folder(folder: Path) -> Path:
    """One report that states its date and one that writes none (our own words, invented names)."""
    folder.mkdir()
    (folder / "dated.md").write_text(
        "---\ntitle: Patrol boats seized\ndate: 2022-05-04\n---\nPatrol boats seized a cargo of rifles.\n",
        encoding="utf-8",
    )
    (folder / "undated.md").write_text("Border police inspected three trucks near the crossing.\n",
                                       encoding="utf-8")
    return folder


def test_an_undated_report_is_warned_about_on_the_console_and_in_run_json(tmp_path: Path) -> None:
    folder, out = _undated_folder(tmp_path / "in"), tmp_path / "out"
    result = runner.invoke(app, ["analyze", str(folder), "--out", str(out), "--no-report"])
    assert result.exit_code == 0, result.output
    docs = {d["id"]: d for d in _dossier(out)["documents"]}
    assert docs["undated"]["reference_date"] == "2022-05-04"  # its collection's, not the run's day
    [warning] = json.loads((out / "run.json").read_text())["undated"]
    assert warning["source"] == "undated.md" and warning["reference_date"] == "2022-05-04"
    assert warning["basis"].startswith("no date in the text: the median reference date")
    assert "undated.md: states no date; dated 2022-05-04" in " ".join(result.output.split())


def test_date_and_sidecar_options(tmp_path: Path) -> None:
    folder = _undated_folder(tmp_path / "in")
    dated = runner.invoke(app, ["analyze", str(folder), "--out", str(tmp_path / "o1"), "-q", "--no-report",
                                "--date", "2023-01-15"])
    assert dated.exit_code == 0, dated.output
    docs = {d["id"]: d for d in _dossier(tmp_path / "o1")["documents"]}
    assert docs["undated"]["reference_date"] == "2023-01-15"
    assert docs["dated"]["reference_date"] == "2022-05-04"  # its own stated date wins over --date
    assert json.loads((tmp_path / "o1" / "run.json").read_text())["undated"] == []

    sidecar = tmp_path / "notes.csv"
    sidecar.write_text("id,date,outlet,url\nundated.md,2021-11-30,Crossing Watch,\ndated,20220504,,\n",
                       encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(folder), "--out", str(tmp_path / "o2"), "--no-report",
                                 "--sidecar", str(sidecar)])
    assert result.exit_code == 0, result.output
    docs = {d["id"]: d for d in _dossier(tmp_path / "o2")["documents"]}
    assert (docs["undated"]["published"], docs["undated"]["outlet"]) == ("2021-11-30", "Crossing Watch")
    # The bad row is named with its file and line, and the run went on.
    assert f"{sidecar}:3:" in "".join(result.output.split("\n"))
    [problem] = json.loads((tmp_path / "o2" / "run.json").read_text())["sidecar"]
    assert (problem["file"], problem["line"]) == (str(sidecar), 3) and "YYYY-MM-DD" in problem["reason"]
    strict = runner.invoke(app, ["analyze", str(folder), "--out", str(tmp_path / "o2"), "-q", "--no-report",
                                 "--sidecar", str(sidecar), "--strict"])
    assert strict.exit_code == 1

    bad_date = runner.invoke(app, ["analyze", str(folder), "--out", str(tmp_path / "o3"), "--date", "May 4"])
    missing = runner.invoke(app, ["analyze", str(folder), "--out", str(tmp_path / "o3"),
                                  "--sidecar", str(tmp_path / "nope.csv")])
    assert bad_date.exit_code == 2 and missing.exit_code == 2


def test_analyze_help_documents_date_and_sidecar() -> None:
    text = " ".join(runner.invoke(app, ["analyze", "--help"]).output.replace("│", " ").split())
    assert "--date" in text and "stated date still wins" in text
    assert "--sidecar" in text and "id,date,outlet,url" in text


def test_bench_bare_side_is_the_model_as_shipped() -> None:
    from armswatch.nlp import CUSTOM_COMPONENTS, load_pipeline, shipped_components

    bare = shipped_components(load_pipeline())
    assert "senter" not in bare and "attribute_ruler" in bare  # the package leaves senter off
    assert not set(bare) & set(CUSTOM_COMPONENTS)
