"""The document store.

Documents are keyed by the SHA-256 of their raw bytes, so reading the same report twice adds nothing,
and a run commits its reports a batch at a time as they are cleaned (`add_many`), so a run killed midway
keeps what it had committed (all but its last few seconds) and a rerun takes up from there.
SQLAlchemy 2 keeps the schema portable: `--db postgresql://...` works without code changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import fields
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import JSON, Boolean, DateTime, String, Text, delete, insert, select, type_coerce
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from armswatch.clean.models import Article
from armswatch.store.engine import SQLITE_MMAP_BYTES, open_engine


class Base(DeclarativeBase):
    pass


class DocumentRow(Base):
    __tablename__ = "documents"

    content_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    id: Mapped[str] = mapped_column(String(512), index=True)
    source: Mapped[str] = mapped_column(Text)
    form: Mapped[str] = mapped_column(String(16))
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(10))
    reference_date: Mapped[str] = mapped_column(String(10))
    reference_date_inferred: Mapped[bool] = mapped_column(Boolean)
    reference_date_basis: Mapped[str] = mapped_column(Text, default="published")
    outlet: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text, nullable=True)
    # metadata_basis and pages: {"metadata_basis": {...}, "pages": [[page, start, label], ...]}
    details: Mapped[Any] = mapped_column(JSON, nullable=True)
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AnnotationRow(Base):
    """A later stage's output for one document, cached so that adding reports re-annotates only those."""

    __tablename__ = "annotations"

    content_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    stage: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[str] = mapped_column(String(64))
    payload: Mapped[Any] = mapped_column(JSON)


def default_database_url(out_dir: Path) -> str:
    return f"sqlite:///{(out_dir / 'armswatch.db').resolve()}"


class Store:
    """Documents keyed by content hash; one instance per run."""

    def __init__(self, url: str, mmap_bytes: int = SQLITE_MMAP_BYTES) -> None:
        self.url = url
        # the schema (these tables and the dossier's) is made and upgraded by the Alembic migrations
        self.engine: Engine = open_engine(url, mmap_bytes=mmap_bytes)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def known_hashes(self) -> set[str]:
        with Session(self.engine) as s:
            return set(s.scalars(select(DocumentRow.content_sha256)))

    def has(self, content_sha256: str) -> bool:
        with Session(self.engine) as s:
            return s.get(DocumentRow, content_sha256) is not None

    def add(self, article: Article) -> bool:
        """Store one article and commit at once; False when its content was already stored."""
        return bool(self.add_many([article]))

    def add_many(self, articles: Sequence[Article]) -> list[Article]:
        """Store the articles in one transaction (one INSERT of their rows), those whose content the
        store already holds (or an earlier one of `articles` does) left out; returns those stored. A
        transaction a report cost 1.25 ms of CPU a line of a JSON Lines feed, five sixths of reading and
        storing it through the ORM's unit of work (issue 16)."""
        if not articles:
            return []
        table = DocumentRow.__table__
        now = datetime.now(UTC)
        with self.engine.begin() as connection:
            held = self._held(connection, [a.content_sha256 for a in articles])
            new: list[Article] = []
            for a in articles:
                if a.content_sha256 not in held:
                    held.add(a.content_sha256)
                    new.append(a)
            if new:
                connection.execute(insert(table), [_row(a, now) for a in new])
        return new

    @staticmethod
    def _held(connection: Connection, hashes: Sequence[str]) -> set[str]:
        found: set[str] = set()
        column = DocumentRow.content_sha256
        for start in range(0, len(hashes), ANNOTATION_CHUNK):
            chunk = list(hashes[start:start + ANNOTATION_CHUNK])
            found.update(connection.execute(select(column).where(column.in_(chunk))).scalars())
        return found

    def stored_hashes(self, content_hashes: Iterable[str]) -> set[str]:
        """Those of the given content hashes whose documents the store holds (one query a chunk): what a
        run asks of each batch of reports it reads, instead of holding every stored hash (a million
        lines' hashes and ids were some 0.3 kB a line, issue 16)."""
        with self.engine.connect() as connection:
            return self._held(connection, list(dict.fromkeys(content_hashes)))

    def ids_taken(self, ids: Iterable[str]) -> set[str]:
        """Those of the given document ids that a stored document has (one query a chunk)."""
        wanted = list(dict.fromkeys(ids))
        found: set[str] = set()
        with self.engine.connect() as connection:
            for start in range(0, len(wanted), ANNOTATION_CHUNK):
                chunk = wanted[start:start + ANNOTATION_CHUNK]
                found.update(connection.execute(
                    select(DocumentRow.id).where(DocumentRow.id.in_(chunk))).scalars())
        return found

    def update_reference_date(self, article: Article) -> None:
        with Session(self.engine) as s, s.begin():
            row = s.get(DocumentRow, article.content_sha256)
            if row is not None:
                row.reference_date = article.reference_date
                row.reference_date_inferred = article.reference_date_inferred
                row.reference_date_basis = article.reference_date_basis

    def update_metadata(self, article: Article) -> None:
        """Store what the analyst gave for a report (--date, a sidecar): its dates, outlet and source."""
        with Session(self.engine) as s, s.begin():
            row = s.get(DocumentRow, article.content_sha256)
            if row is not None:
                row.published = article.published
                row.reference_date = article.reference_date
                row.reference_date_inferred = article.reference_date_inferred
                row.reference_date_basis = article.reference_date_basis
                row.outlet = article.outlet
                row.source = article.source
                row.url = article.url
                row.details = _details(article)

    def articles(self, bodies: bool = True) -> Iterator[Article]:
        """Every stored article, ordered by id then hash (deterministic). With `bodies` False, each is a
        StoredArticle: its body stays in the store and is read from it whenever asked for."""
        if not bodies:
            yield from self._stored_articles()
            return
        with Session(self.engine) as s:
            for row in s.scalars(select(DocumentRow).order_by(DocumentRow.id, DocumentRow.content_sha256)):
                yield Article(
                    id=row.id,
                    source=row.source,
                    title=row.title,
                    published=row.published,
                    reference_date=row.reference_date,
                    reference_date_inferred=row.reference_date_inferred,
                    reference_date_basis=row.reference_date_basis,
                    outlet=row.outlet,
                    author=row.author,
                    body=row.body,
                    content_sha256=row.content_sha256,
                    form=row.form,
                    url=row.url,
                    metadata_basis=dict((row.details or {}).get("metadata_basis") or {}),
                    pages=[(int(p), int(s), str(label))
                           for p, s, label in (row.details or {}).get("pages") or []],
                )

    def _stored_articles(self) -> Iterator[Article]:
        row = DocumentRow
        columns = [c for c in DocumentRow.__table__.columns if c.name not in ("body", "added_at")]
        # Values most reports share (dates, outlets, forms, how each field was found) held once, not a
        # copy a report: a run holds every report's metadata (issue 16: 1.6 kB a report before this).
        # The metadata_basis dicts too: a feed's items name the same fields (see StoredArticle).
        shared: dict[Any, Any] = {}
        bases: dict[tuple[tuple[str, str], ...], SharedBasis] = {}

        def one(value: Any) -> Any:
            return value if value is None else shared.setdefault(value, value)

        def basis(found: dict[str, str]) -> SharedBasis:
            key = tuple(found.items())
            return bases.get(key) or bases.setdefault(key, SharedBasis((one(k), one(v)) for k, v in key))

        with self.engine.connect() as connection:
            for found in connection.execute(select(*columns).order_by(row.id, row.content_sha256)):
                r = found._mapping
                details = r["details"] or {}
                yield StoredArticle(
                    self.engine,
                    id=r["id"], source=r["source"], title=r["title"], published=one(r["published"]),
                    reference_date=one(r["reference_date"]),
                    reference_date_inferred=r["reference_date_inferred"],
                    reference_date_basis=one(r["reference_date_basis"]), outlet=one(r["outlet"]),
                    author=one(r["author"]), body=None, content_sha256=r["content_sha256"],
                    form=one(r["form"]), url=r["url"],
                    metadata_basis=basis(details.get("metadata_basis") or {}),
                    pages=[(int(p), int(s), str(label)) for p, s, label in details.get("pages") or []],
                )

    def annotation(self, content_sha256: str, stage: str, version: str) -> Any | None:
        with Session(self.engine) as s:
            row = s.get(AnnotationRow, (content_sha256, stage))
            return row.payload if row is not None and row.version == version else None

    def annotations(self, content_hashes: Iterable[str], stage: str, version: str
                    ) -> Iterator[tuple[str, Any]]:
        """(content hash, payload) of the given documents' annotations of `stage` made by `version`, read
        in chunks of ANNOTATION_CHUNK: one query a chunk, not a session and a query a document, which
        with json's parse were most of the 2.1 s of CPU a run spent loading 1,000 stored reports'
        annotations (issue 16). Payloads are read as text and parsed by orjson."""
        hashes = list(content_hashes)
        row = AnnotationRow
        raw = type_coerce(row.payload, Text)  # the JSON text as stored, not decoded by the dialect
        with self.engine.connect() as connection:
            for start in range(0, len(hashes), ANNOTATION_CHUNK):
                chunk = hashes[start:start + ANNOTATION_CHUNK]
                query = select(row.content_sha256, raw).where(
                    row.stage == stage, row.version == version, row.content_sha256.in_(chunk))
                for sha, payload in connection.execute(query):
                    # PostgreSQL's driver hands a json column over parsed already
                    yield sha, orjson.loads(payload) if isinstance(payload, str | bytes) else payload

    def annotated(self, content_hashes: Iterable[str], stage: str, version: str) -> set[str]:
        """Those of the given documents that have annotations of `stage` made by `version` (their payloads
        not read), in chunks as `annotations`."""
        hashes = list(content_hashes)
        row = AnnotationRow
        found: set[str] = set()
        with self.engine.connect() as connection:
            for start in range(0, len(hashes), ANNOTATION_CHUNK):
                query = select(row.content_sha256).where(
                    row.stage == stage, row.version == version,
                    row.content_sha256.in_(hashes[start:start + ANNOTATION_CHUNK]))
                found.update(connection.execute(query).scalars())
        return found

    def put_annotation(self, content_sha256: str, stage: str, version: str, payload: Any) -> None:
        with Session(self.engine) as s, s.begin():
            s.merge(
                AnnotationRow(content_sha256=content_sha256, stage=stage, version=version, payload=payload)
            )

    def put_annotations(self, stage: str, version: str, payloads: Iterable[tuple[str, Any]]) -> None:
        """(content hash, payload) pairs of `stage` stored in one transaction (each replacing the
        document's earlier payload of that stage), not one transaction a document."""
        rows = [{"content_sha256": sha, "stage": stage, "version": version, "payload": p}
                for sha, p in payloads]
        row = AnnotationRow
        with self.engine.begin() as connection:
            for start in range(0, len(rows), ANNOTATION_CHUNK):
                chunk = rows[start:start + ANNOTATION_CHUNK]
                connection.execute(delete(row).where(
                    row.stage == stage, row.content_sha256.in_([r["content_sha256"] for r in chunk])))
                connection.execute(insert(row), chunk)


def stored_body(engine: Engine, content_sha256: str) -> str:
    with engine.connect() as connection:
        return str(connection.execute(select(DocumentRow.body).where(
            DocumentRow.content_sha256 == content_sha256)).scalar_one())


def stored_bodies(engine: Engine, content_hashes: Iterable[str]) -> dict[str, str]:
    """content hash -> body of the given documents, one query per ANNOTATION_CHUNK of them: a query a
    body cost 0.27 ms of CPU, and a rerun of a 10,000-report store read some 40,000 (issue 16)."""
    hashes = list(dict.fromkeys(content_hashes))
    out: dict[str, str] = {}
    with engine.connect() as connection:
        for start in range(0, len(hashes), ANNOTATION_CHUNK):
            query = select(DocumentRow.content_sha256, DocumentRow.body).where(
                DocumentRow.content_sha256.in_(hashes[start:start + ANNOTATION_CHUNK]))
            out.update((sha, str(body)) for sha, body in connection.execute(query))
    return out


class StoredText:
    """A report's body left in the store, in the place of the text in its dossier record: what writes
    the record reads it (`read_text`), one record at a time, so that a run's dossier never holds every
    report's text at once (issue 16: the bodies were 7.6 kB a line of a JSON Lines feed)."""

    __slots__ = ("engine", "content_sha256")

    def __init__(self, engine: Engine, content_sha256: str) -> None:
        self.engine, self.content_sha256 = engine, content_sha256

    def read_text(self) -> str:
        return stored_body(self.engine, self.content_sha256)

    @staticmethod
    def read_many(texts: Iterable[StoredText]) -> list[str]:
        """The texts of `texts`, in order, in one query per chunk and store (`stored_bodies`)."""
        texts = list(texts)
        by_engine: dict[int, tuple[Engine, list[str]]] = {}
        for t in texts:
            by_engine.setdefault(id(t.engine), (t.engine, []))[1].append(t.content_sha256)
        found = {(key, sha): body for key, (engine, hashes) in by_engine.items()
                 for sha, body in stored_bodies(engine, hashes).items()}
        return [found[id(t.engine), t.content_sha256] for t in texts]


class SharedBasis(dict):  # type: ignore[type-arg]
    """A metadata_basis that stored articles share (most of a feed's items name the same fields): read
    only, so that a change to one report's is an error, never a silent change to every report sharing
    it; a stage that changes it sets a new dict. Pickled (to a worker process) as a plain dict."""

    def _shared(self, *_args: Any, **_kwargs: Any) -> Any:
        raise TypeError("a shared metadata_basis is read only: set a new dict on the article")

    __setitem__ = __delitem__ = update = setdefault = pop = popitem = clear = __ior__ = _shared  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        return dict, (dict(self),)


class StoredArticle(Article):
    """An article whose body stays in the store: read from it each time it is asked for, never kept
    (issue 16), so that a run holds its reports' metadata and not their texts. Pickled (to a worker
    process) as a plain Article with its body. A body set on it (none of the run's stages sets one) is
    kept instead. Its fields are slots, not a __dict__ (a run holds one a kept report: 910 -> 520 bytes
    with the shared metadata_basis of `Store.articles`, issue 16). Its `metadata_basis` may be shared
    with other articles (a SharedBasis, read only): a stage that changes it sets a new dict (as
    `pipeline.analyst_dated` does)."""

    __slots__ = ("_engine", "_body", *(f.name for f in fields(Article) if f.name != "body"))

    def __init__(self, engine: Engine, **values: Any) -> None:
        self._engine = engine
        self._body: str | None = None
        super().__init__(**values)

    @property  # type: ignore[override]
    def body(self) -> str:
        given = self._body
        return given if given is not None else stored_body(self._engine, self.content_sha256)

    @body.setter
    def body(self, value: str | None) -> None:
        self._body = value

    @property
    def deferred_body(self) -> StoredText | str:
        """The body as a StoredText (one set on it as itself), for the dossier's document record
        (armswatch.dossier.build)."""
        given = self._body
        return given if given is not None else StoredText(self._engine, self.content_sha256)

    def __reduce__(self) -> tuple[Any, ...]:
        return Article, tuple(getattr(self, f.name) for f in fields(Article))


def with_bodies(articles: Iterable[Article], chunk: int = 500) -> Iterator[tuple[Article, str]]:
    """(article, its body) for each article, the bodies of stored articles read `chunk` at a time
    (`stored_bodies`), never all at once."""
    iterator = iter(articles)
    while batch := list(islice(iterator, chunk)):
        left = [a for a in batch if isinstance(a, StoredArticle) and a._body is None]
        texts = StoredText.read_many(a.deferred_body for a in left) if left else []  # type: ignore[misc]
        found = {id(a): t for a, t in zip(left, texts, strict=True)}
        for a in batch:
            text = found.get(id(a))  # not .get's default: a.body would read the store again
            yield a, text if text is not None else a.body


# Hashes a query asks for at once: under SQLite's 32,766 bound variables, and a bounded result to hold
ANNOTATION_CHUNK = 2000


def _row(article: Article, added_at: datetime) -> dict[str, Any]:
    """An article's row of the documents table."""
    return {"content_sha256": article.content_sha256, "id": article.id, "source": article.source,
            "form": article.form, "title": article.title, "published": article.published,
            "reference_date": article.reference_date,
            "reference_date_inferred": article.reference_date_inferred,
            "reference_date_basis": article.reference_date_basis, "outlet": article.outlet,
            "author": article.author, "body": article.body, "url": article.url,
            "details": _details(article), "added_at": added_at}


def _details(article: Article) -> dict[str, Any] | None:
    if not article.metadata_basis and not article.pages:
        return None
    return {"metadata_basis": dict(article.metadata_basis), "pages": [list(p) for p in article.pages]}
