"""The store (keyed by content hash, committed per report) and the dossier's schema."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from armswatch.clean.models import Article
from armswatch.dossier import DossierInvalid, build_dossier, validate_dossier, write_dossier
from armswatch.store import Store


def _article(doc_id: str = "r1", sha: str = "a" * 64, body: str = "Body.") -> Article:
    return Article(
        id=doc_id,
        source=f"{doc_id}.txt",
        title="A title",
        published=None,
        reference_date="2024-01-10",
        reference_date_inferred=True,
        outlet=None,
        author=None,
        body=body,
        content_sha256=sha,
        reference_date_basis="latest date in the text",
    )


def test_store_adds_each_content_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    with Store(url) as store:
        assert store.add(_article()) is True
        assert store.add(_article(doc_id="other-name")) is False  # same bytes, same document
        assert store.add(_article("r2", "b" * 64)) is True
    with Store(url) as store:  # a new process sees what was committed
        assert [a.id for a in store.articles()] == ["r1", "r2"]
        assert store.known_hashes() == {"a" * 64, "b" * 64}


def test_annotations_are_cached_by_stage_and_version(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path / 'a.db'}") as store:
        store.put_annotation("a" * 64, "entities", "v1", {"n": 1})
        assert store.annotation("a" * 64, "entities", "v1") == {"n": 1}
        assert store.annotation("a" * 64, "entities", "v2") is None


def test_dossier_validates_and_is_written_atomically(tmp_path: Path) -> None:
    stamp = datetime(2026, 1, 1, tzinfo=UTC)
    dossier = build_dossier([_article("b", "b" * 64), _article("a")], generated_at=stamp)
    assert [d["id"] for d in dossier["documents"]] == ["a", "b"]
    assert dossier["generated_at"] == "2026-01-01T00:00:00Z"
    path = write_dossier(dossier, tmp_path / "dossier.json")
    assert json.loads(path.read_text())["schema_version"] == "1"
    # no temporary file left; the index beside it lets the next write copy unchanged records
    assert sorted(p.name for p in tmp_path.iterdir()) == [".dossier-index.json", "dossier.json"]


def test_invalid_dossier_names_the_offending_path(tmp_path: Path) -> None:
    dossier = build_dossier([_article()])
    dossier["documents"][0]["reference_date"] = "10 January"
    with pytest.raises(DossierInvalid, match="documents/0/reference_date"):
        validate_dossier(dossier)
    (tmp_path / "dossier.json").write_text("previous")
    with pytest.raises(DossierInvalid):
        write_dossier(dossier, tmp_path / "dossier.json")
    assert (tmp_path / "dossier.json").read_text() == "previous"  # earlier data never lost
