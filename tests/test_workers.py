"""Several processes give the same dossier as one (`analyze --workers N`). Reports written for this test."""

from __future__ import annotations

import json
from pathlib import Path

from armswatch.pipeline import analyze

SENTENCES = [
    "Iran shipped {n} drones to Russia in May, officials in Kyiv said.",
    "Gunmen ambushed a police patrol near Mosul on Monday, killing {n} officers.",
    "The European Union adopted new sanctions on {n} Russian arms makers on Friday.",
    "Japan and Australia held joint naval drills off Okinawa for {n} days.",
    "North Korea test-fired {n} short-range ballistic missiles into the sea on Tuesday.",
    "Greek coastguard officers seized a freighter carrying {n} tonnes of explosives bound for Libya.",
]


def _reports(folder: Path, count: int) -> Path:
    folder.mkdir()
    for k in range(count):
        body = " ".join(s.format(n=k + 2) for s in SENTENCES[k % 3:] + SENTENCES[: k % 3])
        (folder / f"report-{k:02d}.txt").write_text(
            f"Report number {k}\nPublished: 2024-03-{k + 1:02d}\n\n{body}\n", encoding="utf-8")
    return folder


def _dossier(out: Path) -> dict:
    data = json.loads((out / "dossier.json").read_text(encoding="utf-8"))
    data.pop("generated_at", None)
    return data


def test_two_workers_give_the_dossier_of_one(tmp_path: Path) -> None:
    folder = _reports(tmp_path / "in", 20)  # more than one chunk of reports per worker
    one = analyze([folder], tmp_path / "one", workers=1, write_html_report=False)
    two = analyze([folder], tmp_path / "two", workers=2, write_html_report=False)
    assert one.documents_in_dossier == two.documents_in_dossier == 20
    assert one.events == two.events > 5
    assert _dossier(tmp_path / "one") == _dossier(tmp_path / "two")


def test_a_report_that_fails_in_a_worker_is_reported_and_the_rest_go_on(
        tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import armswatch.annotate as annotate

    folder = _reports(tmp_path / "in", 12)
    real = annotate._annotate_doc

    def flaky(doc, article, *args, **kwargs):  # type: ignore[no-untyped-def]
        if article.id == "report-05":
            raise ValueError("a rule tripped")
        return real(doc, article, *args, **kwargs)

    monkeypatch.setattr(annotate, "_annotate_doc", flaky)  # forked workers inherit the patch
    summary = analyze([folder], tmp_path / "out", workers=2, write_html_report=False)
    assert summary.documents_in_dossier == 12
    assert [p.reason for p in summary.problems if "report-05" in p.source] == [
        "could not be annotated: ValueError: a rule tripped"]
