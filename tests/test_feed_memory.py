"""A run leaves its reports' bodies in the store (issue 16): the articles it holds read their text from
the store when asked, never keep it, and the dossier's document records point at it until written."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import pytest

from armswatch.clean.models import Article
from armswatch.dossier import build_dossier, write_dossier
from armswatch.dossier.build import dossier_bytes, with_texts
from armswatch.store import Store
from armswatch.store.db import StoredArticle, StoredText


def _article(i: int) -> Article:
    day = f"2024-03-0{i + 1}"
    return Article(id=f"r{i}", source=f"r{i}.txt", title=f"Report {i}", published=day,
                   reference_date=day, reference_date_inferred=False, outlet="Wire",
                   author=None, body=f"Customs officers in Tarvos seized {i + 2} crates of rifles. «ü»\n" * 3,
                   content_sha256=f"{i:064x}", metadata_basis={"published": "front matter date"},
                   pages=[(1, 0, "")] if i == 1 else [])


def _values(article: Article) -> tuple[object, ...]:
    return tuple(getattr(article, f.name) for f in dataclasses.fields(Article))


def test_stored_articles_read_their_bodies_from_the_store(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path / 'store.db'}") as store:
        for i in range(3):
            store.add(_article(i))
        plain = list(store.articles())
        lazy = list(store.articles(bodies=False))
        assert all(isinstance(a, StoredArticle) for a in lazy)
        assert all(vars(a).get("body") is None and vars(a).get("_body") is None for a in lazy)
        assert [_values(a) for a in lazy] == [_values(a) for a in plain]  # the bodies read from the store
        # to a worker process: a plain Article carrying its body
        back = pickle.loads(pickle.dumps(lazy[1]))
        assert type(back) is Article and _values(back) == _values(plain[1])
        # the dossier's records hold StoredText until written; the bytes are those of the plain bodies
        dossier = build_dossier(lazy, entities=[], events=[])
        assert all(isinstance(d["body"], StoredText) for d in dossier["documents"])
        assert dossier_bytes(dossier) == dossier_bytes(build_dossier(plain, entities=[], events=[]))
        assert with_texts(dossier)["documents"] == build_dossier(plain, entities=[], events=[])["documents"]
        write_dossier(dossier, tmp_path / "dossier.json")  # validated with the sample's texts read
        # a body set on a stored article is kept, as an Article's would be
        lazy[0].body = "Edited."
        assert lazy[0].body == "Edited."
        assert build_dossier(lazy[:1], [], [])["documents"][0]["body"] == "Edited."


def test_bodies_are_read_a_chunk_at_a_time(tmp_path: Path) -> None:
    from sqlalchemy import event

    from armswatch.store.db import with_bodies

    with Store(f"sqlite:///{tmp_path / 'store.db'}") as store:
        for i in range(5):
            store.add(_article(i))
        lazy = list(store.articles(bodies=False))
        lazy[2].body = "Edited."  # a body set on a stored article is the one given
        queries: list[str] = []
        event.listen(store.engine, "before_cursor_execute", lambda *a: queries.append(a[2]))
        got = list(with_bodies(lazy, chunk=2))
        assert [text for _, text in got] == [_article(i).body if i != 2 else "Edited." for i in range(5)]
        assert [a for a, _ in got] == lazy
        assert len(queries) == 3  # one query for each chunk of two, not one a body
        queries.clear()
        texts = StoredText.read_many([a.deferred_body for a in lazy if a.id != "r2"])
        assert texts == [_article(i).body for i in (0, 1, 3, 4)] and len(queries) == 1


def test_a_dossier_rewritten_copies_unchanged_documents_without_reading_their_text(tmp_path: Path) -> None:
    """A document record's text left in the store is digested by its content hash: written again, an
    unchanged report's record (its body included) is copied from the last file, not read from the store,
    and the file is the one written afresh."""
    from sqlalchemy import event

    with Store(f"sqlite:///{tmp_path / 'store.db'}") as store:
        for i in range(3):
            store.add(_article(i))
        path = tmp_path / "dossier.json"
        fixed = dict(generated_at=None)
        write_dossier(build_dossier(store.articles(bodies=False), **fixed), path)  # type: ignore[arg-type]
        store.add(_article(3))
        later = build_dossier(store.articles(bodies=False), **fixed)  # type: ignore[arg-type]
        queries: list[str] = []
        event.listen(store.engine, "before_cursor_execute", lambda *a: queries.append(a[2]))
        write_dossier(later, path, validate=False)
        assert len(queries) == 1  # the new report's body alone, in one query
        stamp = later["generated_at"]
        afresh = build_dossier(store.articles(), generated_at=None)
        afresh["generated_at"] = stamp
        assert path.read_bytes() == dossier_bytes(afresh)


def test_a_runs_documents_are_made_as_they_are_written(tmp_path: Path) -> None:
    """A run's dossier holds its articles, not a record of each besides (DocumentRecords): the records
    are the list's, written to the same bytes, the search index and the store's tables the same."""
    from armswatch.dossier.build import DocumentRecords, sampled
    from armswatch.store.review import apply_decisions
    from armswatch.store.write import write_dossier_tables

    with Store(f"sqlite:///{tmp_path / 'store.db'}") as store:
        for i in (2, 0, 1):
            store.add(_article(i))
        articles = list(store.articles())
        docs = build_dossier(articles, [], [], lazy_documents=True)["documents"]
        listed = build_dossier(articles, [], [])["documents"]
        assert isinstance(docs, DocumentRecords) and len(docs) == 3
        assert docs == listed and [d["id"] for d in docs] == ["r0", "r1", "r2"]
        assert docs[1:] == listed[1:] and docs[-1] == listed[-1]
        # the texts left in the store
        lazy = build_dossier(store.articles(bodies=False), [], [], lazy_documents=True)
        plain = build_dossier(store.articles(bodies=False), [], [])
        plain["generated_at"] = lazy["generated_at"]
        docs = lazy["documents"]
        assert dossier_bytes(lazy) == dossier_bytes(plain)
        assert [d["id"] for d in sampled(lazy, per_kind=2)["documents"]] == ["r0", "r2"]
        assert with_texts(lazy)["documents"] == with_texts(plain)["documents"]
        reviewed = apply_decisions(lazy, [])  # nothing decided: the records are not made for an index
        assert reviewed["documents"] is docs and reviewed["review"]["decisions"] == []
        a, b = tmp_path / "a" / "dossier.json", tmp_path / "b" / "dossier.json"
        write_dossier(lazy, a)
        write_dossier(plain, b)
        assert a.read_bytes() == b.read_bytes()
        write_dossier(lazy, a)  # rewritten: the records copied from the last file
        assert a.read_bytes() == b.read_bytes()
        write_dossier_tables(store.engine, lazy)
        with store.engine.connect() as connection:
            indexed = connection.exec_driver_sql(
                "SELECT ref, body FROM search_fts WHERE kind = 'document' ORDER BY ref").all()
        assert [tuple(r) for r in indexed] == [(f"r{i}", _article(i).body) for i in range(3)]


def test_stored_articles_share_the_values_reports_have_in_common(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path / 'store.db'}") as store:
        for i in range(3):
            store.add(_article(i))
        plain = list(store.articles())
        lazy = list(store.articles(bodies=False))
        assert [_values(a) for a in lazy] == [_values(a) for a in plain]
        assert lazy[0].outlet is lazy[2].outlet and lazy[0].form is lazy[1].form
        (basis,), (again,) = lazy[0].metadata_basis.values(), lazy[1].metadata_basis.values()
        assert basis is again
        # the dict itself shared (a feed's items name the same fields), read only: a change is an error,
        # never a silent change to the other reports; a stage sets a new dict
        assert lazy[0].metadata_basis is lazy[1].metadata_basis
        with pytest.raises(TypeError):
            lazy[0].metadata_basis["published"] = "set by hand"
        lazy[0].metadata_basis = {**lazy[0].metadata_basis, "published": "set by hand"}
        assert lazy[1].metadata_basis == {"published": "front matter date"}
        assert pickle.loads(pickle.dumps(lazy[1].metadata_basis)) == {"published": "front matter date"}
        # slots, no __dict__: a run holds one such article a kept report
        assert {f.name for f in dataclasses.fields(Article)} - {"body"} <= set(StoredArticle.__slots__)
        assert vars(lazy[2]) == {}  # every field in a slot (vars makes the empty dict it shows)


def test_a_run_counts_ids_and_keeps_the_first() -> None:
    from armswatch.pipeline import ID_EXAMPLES, IdLog

    log = IdLog(f"r{i}" for i in range(ID_EXAMPLES + 5))
    assert log.total == ID_EXAMPLES + 5 and log == [f"r{i}" for i in range(ID_EXAMPLES)]
    assert IdLog() == [] and IdLog().total == 0
