"""A run commits its reports a batch at a time (issue 16: a transaction a report was most of the cost of
a line of a feed), asks the store about each batch instead of holding every stored hash, and still keeps
what it committed when stopped midway: a rerun takes up from there and ends with the same dossier."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

import armswatch.pipeline as pipeline
from armswatch.clean.models import Article
from armswatch.pipeline import analyze
from armswatch.store import Store


def _article(doc_id: str, sha: str) -> Article:
    return Article(id=doc_id, source=f"{doc_id}.txt", title="A title", published="2024-03-01",
                   reference_date="2024-03-01", reference_date_inferred=False, outlet=None, author=None,
                   body=f"Customs officers seized crates of rifles ({doc_id}).", content_sha256=sha,
                   metadata_basis={"published": "feed item date"})


def test_add_many_stores_each_content_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    with Store(url) as store:
        assert store.add(_article("r1", "a" * 64)) is True
        batch = [_article("r1-again", "a" * 64), _article("r2", "b" * 64), _article("r2-copy", "b" * 64),
                 _article("r3", "c" * 64)]
        assert [a.id for a in store.add_many(batch)] == ["r2", "r3"]  # stored, and an earlier copy, left out
        assert store.add_many([]) == []
        assert store.stored_hashes(["a" * 64, "c" * 64, "d" * 64]) == {"a" * 64, "c" * 64}
        assert store.ids_taken(["r1", "r2", "r1-again", "r9"]) == {"r1", "r2"}
    with Store(url) as store:  # committed: a new process sees them, with what each article stated
        stored = list(store.articles())
        assert [a.id for a in stored] == ["r1", "r2", "r3"]
        assert stored[1].metadata_basis == {"published": "feed item date"}
        assert stored[1].body.endswith("(r2).")


# Sentences of our own, one report a line, each distinct
_LINES = [f"Customs officers in Tarvos seized {n} crates of rifles bound for Kelmar on {1 + n % 27} March "
          f"2024, the port authority said." for n in range(2, 32)]


def _feed(path: Path) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for n, text in enumerate(_LINES):
            out.write(json.dumps({"id": f"line{n:02d}", "text": text, "published": "2024-03-28"}) + "\n")
    return path


def _document_inserts(counter: list[str]) -> Any:
    def seen(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO DOCUMENTS"):
            counter.append(statement)
    return seen


def _without_stamp(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if '"generated_at"' not in line]


def test_a_run_stopped_midway_keeps_its_batches_and_a_rerun_ends_as_a_fresh_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    feed = _feed(tmp_path / "feed.jsonl")
    monkeypatch.setattr(pipeline, "STORE_BATCH", 10)
    monkeypatch.setattr(pipeline, "STORE_SECONDS", 3600.0)
    inserts: list[str] = []
    listener = _document_inserts(inserts)
    event.listen(Engine, "before_cursor_execute", listener)
    try:
        fresh = analyze([feed], tmp_path / "fresh", write_html_report=False)
        assert fresh.new.total == 30 and len(inserts) == 3  # three transactions of ten, not thirty

        # stopped (an interrupt) while cleaning the 26th report: the first 25 were committed, the two
        # full batches and what was pending when it stopped
        real = pipeline.clean_report
        calls = {"n": 0}

        def stopping(item: Any, options: Any) -> Article:
            calls["n"] += 1
            if calls["n"] == 26:
                raise KeyboardInterrupt
            return real(item, options)

        monkeypatch.setattr(pipeline, "clean_report", stopping)
        with pytest.raises(KeyboardInterrupt):
            analyze([feed], tmp_path / "resumed", write_html_report=False)
        with Store(f"sqlite:///{tmp_path / 'resumed' / 'armswatch.db'}") as store:
            assert len(list(store.articles(bodies=False))) == 25
        monkeypatch.setattr(pipeline, "clean_report", real)
        resumed = analyze([feed], tmp_path / "resumed", write_html_report=False)
    finally:
        event.remove(Engine, "before_cursor_execute", listener)
    assert (resumed.already_stored.total, resumed.new.total) == (25, 5)
    assert _without_stamp(tmp_path / "resumed" / "dossier.json") == _without_stamp(
        tmp_path / "fresh" / "dossier.json")


def test_a_batch_that_fails_is_stored_one_report_at_a_time(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch the store refuses costs only the reports it refuses: the others are stored one by one,
    and each refused one is a problem naming its source."""
    real_many = Store.add_many

    def refusing_batch(self: Store, articles: Any) -> list[Article]:
        raise RuntimeError("disk says no")

    def refusing_one(self: Store, article: Article) -> bool:
        if article.id == "r2":
            raise RuntimeError("this row says no")
        return bool(real_many(self, [article]))

    with Store(f"sqlite:///{tmp_path / 'a.db'}") as store:
        summary = pipeline.RunSummary()
        pending = pipeline._Pending(store, summary)
        for n in range(1, 4):
            pending.articles.append((_article(f"r{n}", f"{n:064x}"), f"r{n}.txt"))
        monkeypatch.setattr(Store, "add_many", refusing_batch)
        monkeypatch.setattr(Store, "add", refusing_one)
        pending.flush()
        assert list(summary.new) == ["r1", "r3"]
        assert [(p.source, p.reason) for p in summary.problems] == [
            ("r2.txt", "could not be stored: RuntimeError: this row says no")]
