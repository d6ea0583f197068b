"""A run leaves its reports' bodies in the store (issue 16): the articles it holds read their text from
the store when asked, never keep it, and the dossier's document records point at it until written."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

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
