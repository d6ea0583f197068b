"""The relational store and the review overlay (issue 14), on SQLite and on a real PostgreSQL.

Every test taking `engine` runs twice: on a SQLite file and on a fresh database of a throwaway
PostgreSQL cluster (tests/pg_server.py; skipped where PostgreSQL is not installed).
"""

from __future__ import annotations

import copy
import dataclasses
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from armswatch.lock import FolderInUse, advisory_lock, run_lock
from armswatch.store import Store, open_engine
from armswatch.store import tables as t
from armswatch.store.engine import HEAD, MIGRATIONS
from armswatch.store.query import MARK_END, MARK_START, fts5_query
from armswatch.store.review import (
    DecisionInvalid,
    EventFilters,
    apply_decisions,
    document_page,
    entity_page,
    event_page,
    events_page,
    list_decisions,
    record_decision,
    search,
    write_dossier_tables,
)
from armswatch.store.search import search_by_kind
from tests.pg_server import pg_database, pg_server  # noqa: F401  (fixtures)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Any) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return request.getfixturevalue("pg_database")()


@pytest.fixture
def engine(store_url: str) -> Iterator[Engine]:
    engine = open_engine(store_url)
    yield engine
    engine.dispose()


def _doc(doc_id: str, body: str, day: str, outlet: str | None = None) -> dict[str, Any]:
    return {"id": doc_id, "source": f"{doc_id}.txt", "title": f"Title of {doc_id}", "published": day,
            "reference_date": day, "reference_date_inferred": False, "reference_date_basis": "published",
            "outlet": outlet, "author": None, "url": None, "metadata_basis": {}, "form": "text", "body": body,
            "content_sha256": (doc_id * 64)[:64]}


def _mention(doc: str, text: str, start: int, actor: list[str], target: list[str], kind: str = "transfer"
             ) -> dict[str, Any]:
    return {"document": doc, "type": kind, "text": text, "start": start, "end": start + len(text),
            "actor": actor, "target": target, "items": [], "when": None, "places": [], "vessels": [],
            "attributed_to": [], "stance": "assert", "stated_on": None, "trigger": "sent", "planned": False,
            "about": None, "evidence": {"actor": {a: [start, start + 4] for a in actor}}}


def _event(event_id: str, kind: str, actor: list[str], target: list[str], mentions: list[dict[str, Any]],
           day: str | None, outlet: str = "Wire", **extra: Any) -> dict[str, Any]:
    return {"id": event_id, "type": kind, "plover": "AID", "cameo": "072", "actor": actor, "target": target,
            "items": [], "when": {"start": day, "end": day, "text": day} if day else None,
            "places": extra.get("places", []), "vessels": extra.get("vessels", []), "status": "asserted",
            "mentions": mentions, "sources": {"documents": len({m["document"] for m in mentions})},
            "credibility": extra.get("credibility", 3), "credibility_reason": "", "reliability": "C",
            "reliability_reason": "", "related": [], "part_of": None,
            "source_list": [{"name": outlet, "reliability": "C", "known": True,
                             "documents": sorted({m["document"] for m in mentions}), "supports": True}]}


def small_dossier() -> dict[str, Any]:
    """Three reports, four events, five entities: enough for every filter, page and decision."""
    s1 = "Iran sent drones to Russia in March."
    s2 = "North Korea shipped artillery shells to Russia by rail."
    s3 = "The tanker Galaxy carried missiles from Iran to Yemen via Oman."
    s4 = "Russia received more drones from Iran, officials said."
    documents = [_doc("a", s1 + " " + s2, "2023-03-14", "Wire"), _doc("b", s3, "2023-11-20", "Coast"),
                 _doc("c", s4, "2024-01-05", "Wire")]
    entities = [
        {"id": "iran", "name": "Iran", "type": "country", "aliases": ["Islamic Republic of Iran"],
         "documents": ["a", "b", "c"], "lat": 32.0, "lon": 53.0},
        {"id": "russia", "name": "Russia", "type": "country", "aliases": [], "documents": ["a", "c"]},
        {"id": "north-korea", "name": "North Korea", "type": "country", "aliases": ["DPRK"],
         "documents": ["a"]},
        {"id": "yemen", "name": "Yemen", "type": "country", "aliases": [], "documents": ["b"]},
        {"id": "galaxy", "name": "Galaxy", "type": "vessel", "aliases": [], "documents": ["b"],
         "imo": "9999999"},
        {"id": "oman", "name": "Oman", "type": "country", "aliases": [], "documents": ["b"], "lat": 21.0,
         "lon": 57.0},
    ]
    events = [
        _event("ev_1", "transfer", ["iran"], ["russia"], [_mention("a", s1, 0, ["iran"], ["russia"])],
               "2023-03"),
        _event("ev_2", "transfer", ["north-korea"], ["russia"],
               [_mention("a", s2, len(s1) + 1, ["north-korea"], ["russia"])], "2023-03-10", credibility=2),
        _event("ev_3", "transfer", ["iran"], ["yemen"], [_mention("b", s3, 0, ["iran"], ["yemen"])],
               "2023-11-19", outlet="Coast", vessels=["galaxy"],
               places=[{"entity": "iran", "role": "origin"}, {"entity": "oman", "role": "via"}]),
        _event("ev_4", "transfer", ["iran"], ["russia"], [_mention("c", s4, 0, ["iran"], ["russia"])],
               "2024"),
    ]
    return {"schema_version": "1", "generated_at": "2026-01-01T00:00:00Z", "documents": documents,
            "entities": entities, "events": events}


# ---- schema and migrations ----------------------------------------------------------------------

def test_migrations_reach_the_head_and_match_the_tables(engine: Engine) -> None:
    config = __import__("alembic.config", fromlist=["Config"]).Config()
    config.set_main_option("script_location", MIGRATIONS)
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD
    with engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == HEAD
        ours = set(t.metadata.tables)

        # Alembic reflects an index with a column ordering (DESC NULLS LAST) on PostgreSQL as expressions,
        # which it cannot compare: those are checked by name and definition below instead
        ordered = {i.name for table in t.metadata.tables.values() for i in table.indexes
                   if i.dialect_options["postgresql"]["ops"]}

        def only_ours(obj: Any, name: str | None, kind: str, *_: Any) -> bool:
            if kind == "index" and name in ordered and engine.dialect.name == "postgresql":
                return False
            table = obj if kind == "table" else getattr(obj, "table", None)
            return kind != "table" or name in ours if table is None else table.name in ours

        context = MigrationContext.configure(connection, opts={"include_object": only_ours,
                                                               "compare_type": True})
        assert compare_metadata(context, t.metadata) == []
        if engine.dialect.name == "postgresql":
            found = dict(connection.execute(sa.text(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'events'")).all())
            assert ordered == {"ix_events_type_keys", "ix_events_newest"}
            assert all("date_start DESC NULLS LAST, id DESC" in found[name] for name in ordered)


def test_an_older_store_is_upgraded_in_place(tmp_path: Any) -> None:
    """A 0.3 store: documents (without the newer url/details columns) and annotations, no alembic_version."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    raw = sa.create_engine(url)
    with raw.begin() as c:
        c.execute(sa.text("CREATE TABLE documents (content_sha256 VARCHAR(64) PRIMARY KEY, id VARCHAR(512), "
                          "source TEXT, form VARCHAR(16), title TEXT, published VARCHAR(10), "
                          "reference_date VARCHAR(10), reference_date_inferred BOOLEAN, outlet TEXT, "
                          "author TEXT, body TEXT, added_at DATETIME)"))
        c.execute(sa.text("INSERT INTO documents VALUES ('h', 'old', 'old.txt', 'text', NULL, NULL, "
                          "'2023-01-01', 0, NULL, NULL, 'Body.', '2023-01-01 00:00:00')"))
    raw.dispose()
    with Store(url) as store:
        (article,) = list(store.articles())
        assert article.id == "old" and article.url is None
        assert {"events", "decisions", "runs"} <= set(sa.inspect(store.engine).get_table_names())


# ---- tables, search and pages -------------------------------------------------------------------

def test_the_dossier_becomes_tables(engine: Engine) -> None:
    write_dossier_tables(engine, small_dossier(), run_id=None)
    with engine.connect() as c:
        count = lambda table: c.execute(sa.select(sa.func.count()).select_from(table)).scalar()  # noqa: E731
        assert count(t.events) == 4 and count(t.entities) == 6 and count(t.mentions) == 4
        assert count(t.places) == 2 and count(t.sources) == 2
        roles = set(c.execute(sa.select(t.event_entities.c.role).where(t.event_entities.c.event_id == "ev_3")
                              ).scalars())
        assert roles == {"actor", "target", "vessel", "origin", "via"}
        padded = c.execute(sa.select(t.events.c.date_start, t.events.c.date_end)
                           .where(t.events.c.id == "ev_4")).one()
        assert tuple(padded) == ("2024-01-01", "2024-12-31")
        assert c.execute(sa.select(t.entity_links.c.n).where(t.entity_links.c.a == "iran",
                                                              t.entity_links.c.b == "russia")).scalar() == 2
    # written again: nothing doubles, the events keep when they were first seen
    first = events_page(engine, EventFilters(), sort="id").rows
    write_dossier_tables(engine, small_dossier(), run_id=7)
    again = events_page(engine, EventFilters(), sort="id").rows
    assert [r.first_seen for r in again] == [r.first_seen for r in first] and again[0].first_run is None


def test_search_finds_documents_events_and_entities(engine: Engine) -> None:
    write_dossier_tables(engine, small_dossier())
    page = search(engine, "drones Russia")
    assert page.total == 4  # documents a and c, events 1 and 4
    assert {(h.kind, h.id) for h in page.hits} == {("document", "a"), ("document", "c"), ("event", "ev_1"),
                                                  ("event", "ev_4")}
    assert all(MARK_START in h.snippet and MARK_END in h.snippet for h in page.hits)
    assert search(engine, "shipping").total >= 1  # stemmed: "shipped"
    assert [h.id for h in search(engine, "DPRK", kinds=["entity"]).hits] == ["north-korea"]
    assert search(engine, 'drones" -:*(').total == 4  # typed syntax is never FTS syntax
    assert search(engine, "   ").total == 0
    two = search(engine, "drones", limit=1, offset=1)
    assert two.total == 4 and len(two.hits) == 1


def test_the_search_page_asks_each_kind_in_one_statement(engine: Engine, monkeypatch: Any) -> None:
    write_dossier_tables(engine, small_dossier())
    statements: list[str] = []
    sa.event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    found = search_by_kind(engine, "drones Russia", limit=1)
    assert len(statements) == 1
    assert {kind: page.total for kind, page in found.items()} == {"entity": 0, "event": 2, "document": 2}
    assert [len(page.hits) for page in found.values()] == [0, 1, 1]
    for kind in ("event", "document"):  # the same as one kind's search, page by page
        alone = search(engine, "drones Russia", kinds=[kind])
        assert alone.total == 2 and found[kind].hits[0].id == alone.hits[0].id
        assert MARK_START in found[kind].hits[0].snippet
        assert search_by_kind(engine, "drones Russia", limit=1, offset=1)[kind].hits[0].id == alone.hits[1].id
    assert search_by_kind(engine, "drones", offset=9)["event"].total == 2  # counted past the last page
    # a kind's name is no word of its rows: 'event' finds no event (search_fts's kind is indexed, 0007)
    assert search_by_kind(engine, "event")["event"].total == 0 and search(engine, "entity").total == 0
    assert [h.id for h in search_by_kind(engine, "DPRK", kinds=["entity"])["entity"].hits] == ["north-korea"]
    assert all(page.total == 0 for page in search_by_kind(engine, "  ").values())
    # only the newest-written documents of a common word are ranked, and all are counted
    monkeypatch.setattr("armswatch.store.search.RANK_MAX", 1)
    capped = search_by_kind(engine, "Iran", limit=5)["document"]
    assert capped.total == 3 and len(capped.hits) == 1


def test_search_survives_the_migration_of_its_table(tmp_path: Any) -> None:
    """A store written at 0006 (search_fts's kind unindexed) is searched by kind once upgraded."""
    from alembic import command
    from alembic.config import Config

    url = f"sqlite:///{tmp_path / 'store.db'}"
    engine = open_engine(url)
    write_dossier_tables(engine, small_dossier())
    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0006")
    assert search(engine, "drones").total == 4
    engine.dispose()
    engine = open_engine(url)  # upgraded again
    assert search_by_kind(engine, "drones")["document"].total == 2
    assert search(engine, "drones Russia").total == 4
    engine.dispose()


def test_fts5_query_quotes_every_word() -> None:
    assert fts5_query('a "b" NEAR(c) -d') == '"a" "b" "NEAR" "c" "d"'


def test_the_event_table_filters_sorts_and_facets(engine: Engine) -> None:
    write_dossier_tables(engine, small_dossier(), run_id=1)
    ids = lambda page: [r.id for r in page.rows]  # noqa: E731
    every = events_page(engine)
    assert every.total == 4 and ids(every) == ["ev_4", "ev_3", "ev_2", "ev_1"]  # newest first
    assert ids(events_page(engine, sort="date")) == ["ev_1", "ev_2", "ev_3", "ev_4"]
    assert ids(events_page(engine, EventFilters(actor="iran"), sort="id")) == ["ev_1", "ev_3", "ev_4"]
    assert ids(events_page(engine, EventFilters(target="yemen"))) == ["ev_3"]
    assert ids(events_page(engine, EventFilters(country="oman"))) == ["ev_3"]  # a place counts
    assert ids(events_page(engine, EventFilters(vessel="galaxy"))) == ["ev_3"]
    assert ids(events_page(engine, EventFilters(source="Coast"))) == ["ev_3"]
    assert ids(events_page(engine, EventFilters(credibility=[2]))) == ["ev_2"]
    # a year-only event overlaps any range inside its year
    assert ids(events_page(engine, EventFilters(date_from="2024-06-01", date_to="2024-06-30"))) == ["ev_4"]
    assert ids(events_page(engine, EventFilters(date_from="2023-03-05", date_to="2023-03-09"))) == ["ev_1"]
    assert ids(events_page(engine, EventFilters(q="shells rail"))) == ["ev_2"]
    assert events_page(engine, EventFilters(new_since_run=2)).total == 0
    assert events_page(engine, EventFilters(new_since="2000-01-01")).total == 4
    page = events_page(engine, EventFilters(country="russia"), limit=2, offset=1, sort="-date")
    assert page.total == 3 and ids(page) == ["ev_2", "ev_1"]
    facets = events_page(engine).facets
    assert facets["actor"][0][:3] == ("iran", "Iran", 3)
    assert ("russia", "Russia", 3) in facets["country"] and ("oman", "Oman", 1) in facets["country"]
    assert facets["credibility"][0] == ("3", "3", 3)
    narrowed = events_page(engine, EventFilters(actor="north-korea")).facets
    assert narrowed["target"] == [("russia", "Russia", 1)]


def test_pages_of_an_event_an_entity_and_a_document(engine: Engine) -> None:
    write_dossier_tables(engine, small_dossier())
    event = event_page(engine, "ev_3")
    assert event is not None and event.row.n_mentions == 1 and event.documents["b"]["outlet"] == "Coast"
    assert event.entities["oman"]["lat"] == 21.0 and event_page(engine, "ev_x") is None
    iran = entity_page(engine, "iran")
    assert iran is not None and iran.n_events == 3 and [r.id for r in iran.events] == ["ev_4", "ev_3", "ev_1"]
    assert iran.entity["aliases"] == ["Islamic Republic of Iran"]
    assert iran.neighbours[0][:2] == ("russia", "Russia") and iran.neighbours[0][3] == 2
    assert iran.by_month == [("2023-03", 1), ("2023-11", 1), ("2024-01", 1)]
    assert iran.roles == {"actor": 3, "origin": 1} and {d["id"] for d in iran.documents} == {"a", "b", "c"}
    assert entity_page(engine, "nobody") is None
    doc = document_page(engine, "a")
    assert doc is not None and doc.document["body"].startswith("Iran sent drones")
    assert [m["event_id"] for m in doc.mentions] == ["ev_1", "ev_2"]
    assert doc.mentions[1]["start"] == len("Iran sent drones to Russia in March.") + 1
    assert {e["id"] for e in doc.entities} == {"iran", "russia", "north-korea"}
    assert document_page(engine, "zzz") is None


# ---- decisions ----------------------------------------------------------------------------------

def test_decisions_are_recorded_checked_listed_and_undone(engine: Engine) -> None:
    write_dossier_tables(engine, small_dossier())
    reject = record_decision(engine, "reject_event", "ev_2", {}, "alice", why="a duplicate wire story")
    body = small_dossier()["documents"][0]["body"]
    assert reject.anchors == [["a", body.index("North Korea"), len(body)]]
    with pytest.raises(DecisionInvalid):
        record_decision(engine, "explode_event", "ev_1", {}, "alice")
    with pytest.raises(DecisionInvalid):
        record_decision(engine, "grade_source", "Wire", {"grade": "Z"}, "alice")
    with pytest.raises(DecisionInvalid):
        record_decision(engine, "set_document_date", "a", {"date": "14/03/2023"}, "alice")
    with pytest.raises(DecisionInvalid):
        record_decision(engine, "edit_event", "ev_1", {"id": "ev_9"}, "alice")
    logged = list_decisions(engine)
    assert [(d.kind, d.user, d.why) for d in logged] == [("reject_event", "alice", "a duplicate wire story")]
    assert logged[0].at == reject.at and logged[0].anchors == reject.anchors
    assert len(apply_decisions(small_dossier(), logged)["events"]) == 3
    record_decision(engine, "undo", reject.id, {}, "bob", why="not a duplicate")
    assert len(apply_decisions(small_dossier(), list_decisions(engine))["events"]) == 4
    assert [d.kind for d in list_decisions(engine, target=reject.id)] == ["undo"]


def test_every_kind_of_decision_applies(engine: Engine) -> None:
    dossier = small_dossier()
    write_dossier_tables(engine, dossier)
    for kind, target, payload in [
        ("accept_event", "ev_1", {}),
        ("merge_events", "ev_4", {"into": "ev_1"}),
        ("edit_event", "ev_3", {"type": "seizure", "target": ["oman"]}),
        ("set_document_date", "b", {"date": "2023-11-21"}),
        ("edit_document", "b", {"outlet": "Coast Guard News"}),
        ("rename_entity", "north-korea", {"name": "DPRK"}),
        ("merge_entities", "yemen", {"into": "oman"}),
        ("grade_source", "Wire", {"grade": "A"}),
    ]:
        record_decision(engine, kind, target, payload, "alice")
    out = apply_decisions(dossier, list_decisions(engine))
    assert dossier == small_dossier()  # the input is left alone
    events = {e["id"]: e for e in out["events"]}
    assert set(events) == {"ev_1", "ev_2", "ev_3"}
    assert len(events["ev_1"]["mentions"]) == 2 and events["ev_1"]["review"]["status"] == "merged"
    assert events["ev_1"]["review"]["merged"] == ["ev_4"] and events["ev_1"]["sources"]["documents"] == 2
    assert events["ev_3"]["type"] == "seizure" and events["ev_3"]["target"] == ["oman"]
    assert events["ev_3"]["plover"] != "AID" and events["ev_3"]["review"]["status"] == "edited"
    b = next(d for d in out["documents"] if d["id"] == "b")
    assert b["reference_date"] == "2023-11-21" and not b["reference_date_inferred"]
    assert b["outlet"] == "Coast Guard News" and "alice" in b["metadata_basis"]["outlet"]
    entities = {e["id"]: e for e in out["entities"]}
    assert entities["north-korea"]["name"] == "DPRK" and "North Korea" in entities["north-korea"]["aliases"]
    assert "yemen" not in entities and "Yemen" in entities["oman"]["aliases"]
    assert events["ev_3"]["mentions"][0]["target"] == ["oman"]  # the merged entity's id is replaced
    assert events["ev_1"]["reliability"] == "A" and events["ev_3"]["reliability"] == "C"
    assert out["review"]["unresolved"] == [] and len(out["review"]["decisions"]) == 8
    # the tables show the reviewed dossier
    write_dossier_tables(engine, out)
    assert events_page(engine, EventFilters(review="merged")).rows[0].id == "ev_1"
    assert document_page(engine, "b").document["reference_date"] == "2023-11-21"  # type: ignore[union-attr]


def test_excluding_a_document_and_splitting_an_event(engine: Engine) -> None:
    dossier = small_dossier()
    dossier["events"][0]["mentions"].append(dossier["events"][3]["mentions"][0])  # ev_1 told by a and c
    write_dossier_tables(engine, dossier)
    record_decision(engine, "exclude_document", "b", {}, "alice", why="a blog")
    c_mention = dossier["events"][3]["mentions"][0]
    anchor = ["c", c_mention["start"], c_mention["end"]]
    record_decision(engine, "split_event", "ev_1", {"mentions": [anchor]}, "alice")
    out = apply_decisions(dossier, list_decisions(engine))
    assert "b" not in {d["id"] for d in out["documents"]} and out["review"]["excluded_documents"] == ["b"]
    assert "ev_3" not in {e["id"] for e in out["events"]}  # its only report is excluded
    split = [e for e in out["events"] if e["id"] not in ("ev_1", "ev_2", "ev_3", "ev_4")]
    assert len(split) == 1 and [m["document"] for m in split[0]["mentions"]] == ["c"]
    ev_1 = next(e for e in out["events"] if e["id"] == "ev_1")
    assert [m["document"] for m in ev_1["mentions"]] == ["a"] and split[0]["id"] in ev_1["related"]


def test_an_event_whose_id_moved_is_found_by_its_mentions(engine: Engine) -> None:
    write_dossier_tables(engine, small_dossier())
    record_decision(engine, "reject_event", "ev_3", {}, "alice")
    rerun = small_dossier()
    rerun["events"][2]["id"] = "ev_3b"  # an earlier report now states it first: a new id
    out = apply_decisions(rerun, list_decisions(engine))
    assert "ev_3b" not in {e["id"] for e in out["events"]} and out["review"]["rejected_events"] == ["ev_3b"]
    gone = copy.deepcopy(rerun)
    gone["events"] = gone["events"][:2]
    assert len(apply_decisions(gone, list_decisions(engine))["review"]["unresolved"]) == 1


# ---- runs on a shared PostgreSQL store are serialised (issue 13, item 8) ----------------------------

def test_runs_on_one_postgresql_store_are_serialised(pg_database: Callable[[], str],  # noqa: F811
                                                     tmp_path: Any) -> None:
    url = pg_database()
    with run_lock(tmp_path / "one", url):
        busy = pytest.raises(FolderInUse, match="in use by another armswatch run")
        with busy, run_lock(tmp_path / "two", url):  # another output folder, the same store
            pass
        released = threading.Event()

        def second() -> None:
            with advisory_lock(url, wait=30):
                released.set()

        waiter = threading.Thread(target=second)
        waiter.start()
        time.sleep(0.5)
        assert not released.is_set()  # waits while the first run holds the store
    waiter.join(timeout=30)
    assert released.is_set()
    with run_lock(tmp_path / "two", url):  # free again
        pass


def test_facets_of_entities_are_left_out_over_many_events(engine: Engine, monkeypatch: Any) -> None:
    from armswatch.store import query

    write_dossier_tables(engine, small_dossier())
    monkeypatch.setattr(query, "FACET_MAX_EVENTS", 2)
    broad = events_page(engine, EventFilters(type="transfer"))
    assert broad.facets_skipped == query.ENTITY_FACETS and "actor" not in broad.facets
    assert broad.facets["type"] == [("transfer", "transfer", 4)]
    assert "actor" in events_page(engine).facets  # unfiltered: counted when written
    narrow = events_page(engine, EventFilters(actor="north-korea"))
    assert narrow.facets["target"] == [("russia", "Russia", 1)] and not narrow.facets_skipped
    assert "actor" not in query.event_facets(engine, EventFilters(type="transfer"))


def test_a_rewrite_writes_only_the_events_that_changed(engine: Engine) -> None:
    write_dossier_tables(engine, small_dossier(), run_id=1)
    with engine.connect() as c:
        mention_ids = {e: i for e, i in c.execute(sa.select(t.mentions.c.event_id, t.mentions.c.id))}
    later = small_dossier()
    later["events"][1]["status"] = "disputed"  # ev_2 changed
    del later["events"][3]  # ev_4 gone
    added = copy.deepcopy(later["events"][0])
    added["id"], added["mentions"][0]["text"] = "ev_5", "Iran delivered torpedoes to Russia."
    later["events"].append(added)
    write_dossier_tables(engine, later, run_id=2)
    with engine.connect() as c:
        after = {e: i for e, i in c.execute(sa.select(t.mentions.c.event_id, t.mentions.c.id))}
    assert after["ev_1"] == mention_ids["ev_1"] and after["ev_3"] == mention_ids["ev_3"]  # not rewritten
    assert after["ev_2"] != mention_ids["ev_2"] and "ev_4" not in after
    rows = {r.id: r for r in events_page(engine).rows}
    assert set(rows) == {"ev_1", "ev_2", "ev_3", "ev_5"} and rows["ev_2"].status == "disputed"
    assert rows["ev_2"].first_run == 1 and rows["ev_5"].first_run == 2
    assert [h.id for h in search(engine, "torpedoes").hits] == ["ev_5"]
    assert search(engine, "received", kinds=["event"]).total == 0  # ev_4's sentence is gone
    assert events_page(engine).facets["status"] == [("asserted", "asserted", 3), ("disputed", "disputed", 1)]
    iran = entity_page(engine, "iran")
    assert iran is not None and iran.n_events == 3 and iran.by_month[-1] == ("2023-11", 1)
    # the event table's words filter reads event_fts, kept with the events
    assert [r.id for r in events_page(engine, EventFilters(q="torpedoes")).rows] == ["ev_5"]
    assert events_page(engine, EventFilters(q="received")).total == 0
    assert events_page(engine, EventFilters(q="shells")).total == 1


def test_pages_follow_one_another_by_cursor(engine: Engine) -> None:
    """Keyset paging: each page read after the last row of the one before (its `next_after`) is the page
    an offset gives, for every sort either way, undated events last; a cursor that is not one pages from
    the start."""
    dossier = small_dossier()
    undated = copy.deepcopy(dossier["events"][0])
    undated.update(id="ev_0", when=None)
    dossier["events"].append(undated)
    write_dossier_tables(engine, dossier, run_id=1)
    for sort in ("-date", "date", "-credibility", "credibility", "type", "-id", "first_seen"):
        by_offset = [r.id for r in events_page(engine, sort=sort, limit=5).rows]
        for size in (1, 2):  # by one, a cursor at the undated event too
            walked: list[str] = []
            after = None
            for _ in range(6):
                page = events_page(engine, sort=sort, limit=size, after=after, facets=False)
                walked += [r.id for r in page.rows]
                after = page.next_after
                if after is None:
                    break
            assert walked == by_offset, (sort, size)
    assert [r.id for r in events_page(engine).rows][-1] == "ev_0"  # undated last
    assert [r.id for r in events_page(engine, sort="date").rows][-1] == "ev_0"
    first = [r.id for r in events_page(engine, limit=2).rows]
    for junk in ("x", "[]", '[1.5, "ev_1"]', '[99999999999999999999999, "ev_1"]', '["\\u0000", "a"]'):
        assert [r.id for r in events_page(engine, limit=2, after=junk).rows] == first


def test_counts_from_summaries_match_counting(engine: Engine) -> None:
    """The counts answered without counting the events (one entity's from its summary, words alone from
    the full-text index, every event from the facets written with the tables) are the counts."""
    write_dossier_tables(engine, small_dossier(), run_id=1)
    e = t.events.c

    def counted(*where: Any) -> int:
        with engine.connect() as c:
            query = sa.select(sa.func.count()).select_from(t.events).where(*where)
            return int(c.execute(query).scalar() or 0)

    assert events_page(engine).total == counted()
    for f in (EventFilters(actor="iran"), EventFilters(target="russia"), EventFilters(country="oman"),
              EventFilters(vessel="galaxy"), EventFilters(entity="iran"), EventFilters(actor="nobody")):
        # the same filter with a condition that holds for every event is counted by SQL
        assert events_page(engine, f).total == events_page(engine, dataclasses.replace(
            f, credibility=[1, 2, 3, 4, 5, 6])).total, f
    assert events_page(engine, EventFilters(q="drones")).total == 2 == counted(e.id.in_(["ev_1", "ev_4"]))


def test_facets_past_their_time_limit_are_left_out(engine: Engine, monkeypatch: Any) -> None:
    """The facets of entities and sources are cancelled past FACET_TIME_LIMIT_MS after the page began (a
    statement that takes a second stands for a slow pass) and named in facets_skipped; the page, its
    total and the events' own facets are still there, and the connection still answers. With less than
    FACET_MIN_MS left they are not started."""
    from armswatch.store import query

    write_dossier_tables(engine, small_dossier())
    slow = ("SELECT pg_sleep(1)" if engine.dialect.name == "postgresql" else
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000000) "
            "SELECT count(*) FROM n")

    def slow_facets(connection: Any, matching: Any) -> Any:
        connection.execute(sa.text(slow))
        raise AssertionError("not cancelled")

    monkeypatch.setattr(query, "_entity_facets", slow_facets)
    monkeypatch.setattr(query, "FACET_TIME_LIMIT_MS", 50)
    started = time.perf_counter()
    page = events_page(engine, EventFilters(type="transfer"))
    assert time.perf_counter() - started < 0.9
    assert page.facets_skipped == query.ENTITY_FACETS and "actor" not in page.facets
    assert page.total == 4 and len(page.rows) == 4 and page.facets["type"] == [("transfer", "transfer", 4)]
    assert "actor" in events_page(engine).facets  # unfiltered: counted when written
    monkeypatch.setattr(query, "FACET_TIME_LIMIT_MS", query.FACET_MIN_MS / 2)
    monkeypatch.setattr(query, "_entity_facets", None)  # a call would fail
    assert events_page(engine, EventFilters(type="transfer")).facets_skipped == query.ENTITY_FACETS


def test_one_entitys_events_by_date_page_from_its_index_entries(engine: Engine, monkeypatch: Any) -> None:
    """A filter of one entity (in a role, or in any) sorted by date pages through the entity's index
    entries (query._entity_rows): the same rows, in the same order, page after page by cursor, as the
    events' own path gives, the undated last both ways, an event naming it twice listed once."""
    from armswatch.store import query

    dossier = small_dossier()
    model = dossier["events"][0]
    for i, day in enumerate(["2022-05-01", None, "2023-03", "2021", None, "2023-03-01", "2022-05-01"]):
        extra = copy.deepcopy(model)
        extra["id"] = f"ev_x{i}"
        extra["when"] = {"start": day, "end": day, "text": day} if day else None
        extra["target"] = ["russia", "iran"] if i % 2 else ["russia"]  # Iran in two roles of some
        dossier["events"].append(extra)
    write_dossier_tables(engine, dossier)

    def pages(filters: EventFilters, sort: str) -> list[list[str]]:
        out, after = [], None
        while True:
            page = events_page(engine, filters, sort=sort, limit=2, after=after, facets=False)
            out.append([row.id for row in page.rows])
            after = page.next_after
            if after is None:
                return out

    led_pages: list[int] = []
    entity_rows = query._entity_rows
    monkeypatch.setattr(query, "_entity_rows", lambda *a: led_pages.append(1) or entity_rows(*a))
    for filters in (EventFilters(actor="iran"), EventFilters(target="russia"), EventFilters(entity="iran"),
                    EventFilters(country="russia")):
        for sort in ("-date", "date"):
            led = pages(filters, sort)
            assert len(led_pages) >= len(led)  # every page read from the entity's entries
            led_pages.clear()
            with monkeypatch.context() as m:
                m.setattr(query, "_entity_rows", None)  # the events' own path (a call would fail)
                m.setattr(query, "_single_entity", lambda *_: None)
                plain = pages(filters, sort)
            assert led == plain, (filters, sort)
            ids = [i for page in led for i in page]
            assert len(ids) == len(set(ids)) and len(ids) >= 8, (filters, sort)
