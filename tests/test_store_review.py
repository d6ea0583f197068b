"""Review survives re-runs (issue 14, item 3): decisions recorded in the store are applied by the next
`armswatch analyze`, to dossier.json and to the store's tables alike."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from armswatch.pipeline import analyze
from armswatch.store import default_database_url, open_engine
from armswatch.store.review import EventFilters, document_page, events_page, record_decision
from tests.pg_server import pg_database, pg_server  # noqa: F401  (fixtures)

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _run(inputs: Path, out: Path) -> dict:
    analyze([inputs], out, write_html_report=False, workers=1)
    return json.loads((out / "dossier.json").read_text(encoding="utf-8"))


def test_decisions_survive_a_rerun(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("01_drones_dump.txt", "03_galaxy_leader.md"):
        shutil.copy(EXAMPLES / name, inputs / name)
    out = tmp_path / "out"
    first = _run(inputs, out)
    engine = open_engine(default_database_url(out))
    try:
        assert events_page(engine).total == len(first["events"]) > 1
        rejected = first["events"][0]["id"]
        record_decision(engine, "reject_event", rejected, {}, "alice", why="misread")
        record_decision(engine, "set_document_date", "01_drones_dump", {"date": "2023-03-21"}, "alice")
        record_decision(engine, "exclude_document", "03_galaxy_leader", {}, "bob", why="off topic")
        second = _run(inputs, out)
        assert rejected not in {e["id"] for e in second["events"]}
        assert events_page(engine, EventFilters()).total == len(second["events"])
        assert rejected not in {r.id for r in events_page(engine, limit=1000).rows}
        assert [d["id"] for d in second["documents"]] == ["01_drones_dump"]
        assert all(m["document"] == "01_drones_dump" for e in second["events"] for m in e["mentions"])
        (doc,) = second["documents"]
        assert doc["reference_date"] == "2023-03-21" and "alice" in doc["reference_date_basis"]
        # the report was annotated again with its new date: "on Tuesday" is now the 21st, not the 14th
        days = lambda d: {(e.get("when") or {}).get("start") for e in d["events"]}  # noqa: E731
        assert "2023-03-14" in days(first) and "2023-03-14" not in days(second)
        assert "2023-03-21" in days(second)
        page = document_page(engine, "01_drones_dump")
        assert page is not None and page.document["reference_date"] == "2023-03-21"
        assert [d["kind"] for d in second["review"]["decisions"]] == ["reject_event", "set_document_date",
                                                                     "exclude_document"]
        # a third run changes nothing
        assert _run(inputs, out)["events"] == second["events"]
    finally:
        engine.dispose()


def test_two_runs_on_one_postgresql_store(tmp_path: Path, pg_database) -> None:  # noqa: F811
    """Two processes, two output folders, one PostgreSQL store: the second waits for the first (an
    advisory lock), both finish, and the store holds each report once (issue 13, item 8)."""
    url = pg_database()
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("01_drones_dump.txt", "03_galaxy_leader.md"):
        shutil.copy(EXAMPLES / name, inputs / name)
    command = [sys.executable, "-m", "armswatch.cli", "analyze", str(inputs), "--db", url, "-q",
               "--no-report", "--workers", "1", "--wait", "300", "--out"]
    runs = [subprocess.Popen([*command, str(tmp_path / f"out{i}")], stderr=subprocess.PIPE) for i in (1, 2)]
    codes = [run.wait(600) for run in runs]
    assert codes == [0, 0], [run.stderr.read() for run in runs if run.stderr]  # type: ignore[union-attr]
    dossiers = [json.loads((tmp_path / f"out{i}" / "dossier.json").read_text(encoding="utf-8"))
                for i in (1, 2)]
    assert [len(d["documents"]) for d in dossiers] == [2, 2]
    assert dossiers[0]["events"] == dossiers[1]["events"]
    engine = open_engine(url)
    try:
        assert events_page(engine).total == len(dossiers[0]["events"])
    finally:
        engine.dispose()
