"""Incremental fusion (armswatch.fuse.incremental): blocks of mentions kept between runs give the events of
a fusion of everything, whichever reports came in which run (issue 16)."""

from __future__ import annotations

import dataclasses
import os
import random
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from sqlalchemy.engine import Engine

from armswatch.clean.models import Article
from armswatch.dossier import event_record
from armswatch.events.models import EventMention
from armswatch.fuse import fuse_events
from armswatch.fuse.fusion import about_targets
from armswatch.fuse.grouping import shipment_legs
from armswatch.fuse.incremental import blocks, fuse_records
from tests import fusion_sample as s
from tests.pg_server import pg_database, pg_server  # noqa: F401  (fixtures)


def _copies(n: int) -> tuple[list[Article], list[EventMention]]:
    """`n` copies of the sample's reports (renamed, each copy's reports a month apart from the last),
    so that copies meet in fusion's buckets and their events merge or not by time."""
    articles: list[Article] = []
    mentions: list[EventMention] = []
    for k in range(n):
        year, month = 2023 + (10 + k) // 12, (10 + k) % 12 + 1
        for a in s.articles():
            day = f"{year}-{month:02d}-{a.reference_date[8:]}" if a.reference_date else None
            articles.append(dataclasses.replace(a, id=f"{a.id}-{k}", reference_date=day, published=day,
                                                content_sha256=f"{a.content_sha256[:56]}{k:08d}"))
        for m in s.mentions():
            when = m.when and dataclasses.replace(
                m.when, start=_moved(m.when.start, year, month), end=_moved(m.when.end, year, month))
            mentions.append(dataclasses.replace(m, document=f"{m.document}-{k}", when=when,
                                                stated_on=None if m.stated_on is None else
                                                f"{year}-{month:02d}{m.stated_on[7:]}"))
    return articles, mentions


def _moved(day: str, year: int, month: int) -> str:
    """A YYYY-MM[-DD] date moved to `year` and `month`; a year alone kept."""
    return f"{year}-{month:02d}{day[7:]}" if len(day) >= 7 else day


def _fused(articles: list[Article], mentions: list[EventMention]) -> bytes:
    events = fuse_events(mentions, articles, s.entity_types(), entity_names={})
    return orjson.dumps([event_record(e) for e in events])


def _incremental(articles: list[Article], mentions: list[EventMention], state: Path | None) -> bytes:
    records, _ = fuse_records(mentions, articles, s.entity_types(), event_record, entity_names={},
                              state=state)
    return orjson.dumps(records)


def _of(articles: list[Article], mentions: list[EventMention], keep: set[str]
        ) -> tuple[list[Article], list[EventMention]]:
    return [a for a in articles if a.id in keep], [m for m in mentions if m.document in keep]


def test_reports_added_in_two_runs_give_the_events_of_one_run(tmp_path: Path) -> None:
    articles, mentions = _copies(6)
    whole = _fused(articles, mentions)
    rng = random.Random(7)
    for trial in range(4):
        state = tmp_path / f"state{trial}.json"
        first = {a.id for a in articles if rng.random() < 0.6}
        assert _incremental(*_of(articles, mentions, first), state) == _fused(*_of(articles, mentions, first))
        assert _incremental(articles, mentions, state) == whole  # the rest added in a second run
        assert _incremental(articles, mentions, state) == whole  # and a rerun adding nothing


def test_a_rerun_adding_nothing_fuses_no_block_again(tmp_path: Path) -> None:
    articles, mentions = _copies(3)
    state = tmp_path / "state.json"
    _, first = fuse_records(mentions, articles, s.entity_types(), event_record, state=state)
    assert first.fused == first.blocks > 1
    _, again = fuse_records(mentions, articles, s.entity_types(), event_record, state=state)
    assert again.blocks == first.blocks and again.fused == 0 and again.mentions_fused == 0


def test_a_changed_report_reopens_its_blocks_only(tmp_path: Path) -> None:
    articles, mentions = _copies(3)
    state = tmp_path / "state.json"
    fuse_records(mentions, articles, s.entity_types(), event_record, state=state)
    # another outlet for one report: its events' sources change, and only the blocks holding them
    changed = [dataclasses.replace(a, outlet="Reuters") if a.id == "r1-1" else a for a in articles]
    records, reuse = fuse_records(mentions, changed, s.entity_types(), event_record, state=state)
    assert 0 < reuse.fused < reuse.blocks
    assert orjson.dumps(records) == _fused(changed, mentions)
    # entity names are part of what a block is made of (credibility reasons name entities)
    names = {"iran": "Islamic Republic of Iran"}
    records, reuse = fuse_records(mentions, articles, s.entity_types(), event_record, entity_names=names,
                                  state=state)
    assert reuse.fused > 0
    assert orjson.dumps(records) == orjson.dumps(
        [event_record(e) for e in fuse_events(mentions, articles, s.entity_types(), entity_names=names)])


def test_a_state_left_by_other_code_or_broken_is_not_used(tmp_path: Path) -> None:
    articles, mentions = _copies(2)
    whole = _fused(articles, mentions)
    state = tmp_path / "state.json"
    state.write_bytes(b"{not json")
    assert _incremental(articles, mentions, state) == whole
    found = orjson.loads(state.read_bytes())
    # a block's records replaced by wrong ones under another code key: ignored
    found["code"] = "other"
    found["blocks"] = {k: [] for k in found["blocks"]}
    state.write_bytes(orjson.dumps(found))
    assert _incremental(articles, mentions, state) == whole


def test_blocks_hold_what_fusion_links() -> None:
    mentions = s.mentions()
    parts = blocks(mentions, shipment_legs(mentions), about_targets(mentions))
    block_of = {i: n for n, part in enumerate(parts) for i in part}
    assert sorted(i for part in parts for i in part) == list(range(len(mentions)))
    for i, j in about_targets(mentions).items():  # a denial and the event it denies
        assert block_of[i] == block_of[j]
    events = fuse_events(mentions, s.articles(), s.entity_types())
    index = {id(m): i for i, m in enumerate(mentions)}
    for e in events:  # an event's mentions never straddle blocks
        assert len({block_of[index[id(m)]] for m in e.mentions}) == 1


@pytest.mark.corpus
def test_seeds_and_dev_reports_fused_incrementally_as_at_once(tmp_path: Path) -> None:
    """The real reports' cached mentions (an analyze run of the seeds and dev reports), added in halves."""
    from armswatch.annotate import annotate_articles
    from armswatch.pipeline import analyze, fuse_annotated_events, fuse_annotated_records
    from armswatch.store import Store, default_database_url

    shared = Path(__file__).resolve().parents[1] / "../shared"
    inputs = sorted((shared / "seeds").glob("*.txt")) + [shared / "data/dev-reports/reports"]
    if not (shared / "seeds").is_dir():
        pytest.skip("no shared seeds")
    out = tmp_path / "out"
    analyze(inputs, out, write_html_report=False)
    with Store(default_database_url(out)) as store:
        articles = list(store.articles())
        annotations = annotate_articles(articles, store)
    whole = orjson.dumps([event_record(e) for e in fuse_annotated_events(articles, annotations)])
    half = articles[::2]
    state = tmp_path / "state.json"
    fuse_annotated_records(half, annotations, state)
    assert orjson.dumps(fuse_annotated_records(articles, annotations, state)) == whole


# ---- the store's tables: only the entities that changed are written again ----------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def two_stores(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Engine, Engine]]:
    """Two empty stores of one kind: one written twice, one written once with the second dossier."""
    from armswatch.store.engine import open_engine

    if request.param == "sqlite":
        urls = [f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'b.db'}"]
    else:
        make = request.getfixturevalue("pg_database")
        urls = [make(), make()]
    engines = [open_engine(u) for u in urls]
    yield engines[0], engines[1]
    for e in engines:
        e.dispose()


SORTED = orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS


def _entity_tables(engine: Engine) -> dict[str, Any]:
    """Every entity-side row (and the entities' search rows), order aside."""
    from sqlalchemy import select, text

    from armswatch.store import tables as t

    out: dict[str, Any] = {}
    with engine.connect() as c:
        for table in (t.entities, t.entity_aliases, t.entity_documents, t.entity_links, t.sources):
            rows = c.execute(select(table))
            out[table.name] = sorted(orjson.dumps(r._asdict(), option=SORTED) for r in rows)
        out["search"] = sorted(tuple(r) for r in c.execute(text(
            "SELECT ref, title, body FROM search_fts WHERE kind = 'entity'")))
    return out


def test_a_rewrite_of_the_tables_writes_the_entities_that_changed_alone(
        two_stores: tuple[Engine, Engine]) -> None:
    from sqlalchemy import select

    from armswatch.store import tables as t
    from armswatch.store.write import write_dossier_tables
    from tests.test_store import small_dossier

    twice, once = two_stores
    write_dossier_tables(twice, small_dossier(), run_id=1)
    later = small_dossier()
    entities = {e["id"]: e for e in later["entities"]}
    entities["iran"]["name"] = "Islamic Republic of Iran"  # renamed
    entities["russia"]["documents"] = ["a", "b", "c"]  # named by one more report
    entities["north-korea"]["aliases"] = ["DPRK", "N. Korea"]
    later["entities"] = [e for e in later["entities"] if e["id"] != "galaxy"]  # gone
    later["entities"].append({"id": "kyiv", "name": "Kyiv", "type": "city", "aliases": [],
                              "documents": ["c"]})
    later["events"][2]["vessels"] = []
    with twice.connect() as c:
        kept = c.execute(select(t.entities.c.id).where(t.entities.c.id == "yemen")).scalar_one()
    write_dossier_tables(twice, later, run_id=2)
    write_dossier_tables(once, later, run_id=2)
    assert kept == "yemen"
    assert _entity_tables(twice) == _entity_tables(once)
    # a third write of the same dossier changes nothing
    write_dossier_tables(twice, later, run_id=3)
    assert _entity_tables(twice) == _entity_tables(once)


# ---- dossier.json: unchanged records copied from the last file ------------------------------------


def test_dossier_json_rewritten_from_the_last_file_is_the_file_written_afresh(tmp_path: Path) -> None:
    import copy

    from armswatch.dossier.build import dossier_bytes, write_dossier
    from armswatch.dossier.reuse import INDEX_NAME, Reuse
    from tests.report_scale import thousand_event_dossier

    dossier = thousand_event_dossier(200)
    path = tmp_path / "dossier.json"
    write_dossier(dossier, path)
    assert path.read_bytes() == dossier_bytes(dossier) and (tmp_path / INDEX_NAME).is_file()
    later = copy.deepcopy(dossier)
    later["events"][3]["status"] = "disputed"  # changed
    del later["events"][10]  # gone
    later["events"].insert(0, dict(copy.deepcopy(later["events"][5]), id="ev_new"))  # added
    later["entities"][0]["name"] = "Renamed"
    reuse = Reuse.of(path, later)
    copied = sum(reuse.encoded(k, i) is not None
                 for k in ("events", "entities") for i in range(len(later[k])))
    assert copied == len(later["events"]) + len(later["entities"]) - 3
    write_dossier(later, path)
    assert path.read_bytes() == dossier_bytes(later)
    # a file changed by something else is not read through a stale index
    path.write_bytes(path.read_bytes().replace(b"Renamed", b"Renamex"))
    assert not any(Reuse.of(path, later).found.get("events") or [])
    write_dossier(later, path)
    assert path.read_bytes() == dossier_bytes(later)
    # nor one changed in place keeping its size and modification time: the changed record's bytes no
    # longer have their CRC, and it is encoded again (the others are copied)
    stat = path.stat()
    path.write_bytes(path.read_bytes().replace(b'"Renamed"', b'"Renamex"'))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    reuse = Reuse.of(path, later)
    assert reuse.found["entities"][0] is None and all(reuse.found["entities"][1:])
    assert all(reuse.found["events"])
    reuse.close()
    write_dossier(later, path)
    assert path.read_bytes() == dossier_bytes(later)


# ---- the entities of counted mentions, and analyze adding reports in two runs -------------------------


def test_counted_mentions_merge_into_the_entities_of_the_mentions() -> None:
    """What a run keeps of each report's cached entity mentions (armswatch.entities.counted) merges into
    the same entities, in the same order, with the same names, aliases and documents."""
    from armswatch.dossier import entity_record
    from armswatch.entities import EntityMention, counted, merge_entities

    rng = random.Random(16)
    forms = [("russia", "Russia"), ("russia", "Moscow"), ("ivan-petrov", "Ivan Petrov"),
             ("ivan-petrow", "Ivan Petrow"), ("lumen-star", "Lumen Star"), ("lumen-star", "the Lumen Star"),
             ("grey-heron", "Grey Heron"), ("sorna-militia", "Sorna militia")]
    docs: dict[str, list[EntityMention]] = {}
    for d in range(30):
        ms = []
        for k in range(rng.randint(0, 25)):
            eid, text = rng.choice(forms)
            vessel = eid in ("lumen-star", "grey-heron")
            ms.append(EntityMention(eid, text, 10 * k, 10 * k + len(text),
                                    imo=rng.choice([None, "9074729"]) if vessel else None,
                                    flag=rng.choice([None, "PA", "LR"]) if vessel else None,
                                    former=vessel and rng.random() < 0.1))
        docs[f"d{d:02d}"] = ms
    labels = {"ivan-petrov": Counter({"PERSON": 3}), "ivan-petrow": Counter({"PERSON": 1, "ORG": 1}),
              "lumen-star": Counter({"VESSEL": 4}), "grey-heron": Counter({"VESSEL": 2, "ORG": 2}),
              "sorna-militia": Counter({"ORG": 2, "NORP": 2})}
    plain = merge_entities({d: [dataclasses.replace(m) for m in ms] for d, ms in docs.items()}, labels)
    rows = {d: counted(ms) for d, ms in docs.items()}
    assert rows == {d: counted([dataclasses.asdict(m) for m in ms]) for d, ms in docs.items()}  # stored
    assert sum(len(r) for r in rows.values()) < sum(len(ms) for ms in docs.values())
    assert [entity_record(e) for e in merge_entities(rows, labels)] == [entity_record(e) for e in plain]


REPORT_A = ("Freighter seized off Tarvos\n\nPublished 3 March 2024\n"
            "Customs officers in Greece seized a freighter carrying 40 crates of rifles bound for Libya on "
            "Tuesday, the coast guard said.\nThe Greek government condemned the shipment.\n")
REPORT_B = ("Rifles traced to Serbia\n\nPublished 9 March 2024\n"
            "Investigators said on Friday that the rifles seized in Greece had been sold by Serbia to a "
            "broker in Cyprus.\nSerbia denied that it had sold weapons bound for Libya.\n")


def test_analyze_adding_reports_in_two_runs_writes_the_dossier_of_one_run(tmp_path: Path) -> None:
    import json

    from armswatch.pipeline import analyze

    folders = {}
    for name, text in (("a", REPORT_A), ("b", REPORT_B)):
        folders[name] = tmp_path / name
        folders[name].mkdir()
        (folders[name] / f"{name}.txt").write_text(text)
    analyze([folders["a"], folders["b"]], tmp_path / "once", write_html_report=False)
    analyze([folders["a"]], tmp_path / "twice", write_html_report=False)
    analyze([folders["b"]], tmp_path / "twice", write_html_report=False)
    once, twice = (json.loads((tmp_path / d / "dossier.json").read_text()) for d in ("once", "twice"))
    once.pop("generated_at"), twice.pop("generated_at")
    assert once["events"] and once == twice
