"""Credibility, calibrated: wire copies are one source, an unknown outlet never corroborates, the source's
reliability (A-F) is kept apart from the information's credibility (1-6), key judgements only from events
stated as facts. Sentences and outlets are invented for these tests."""

from __future__ import annotations

import dataclasses
import hashlib

from armswatch.clean.models import Article
from armswatch.dossier import build_dossier
from armswatch.dossier.build import event_record, validate_dossier
from armswatch.events.models import EventMention, TimeSpan
from armswatch.fuse import fuse_events
from armswatch.fuse.sources import source_of
from armswatch.report.judgements import key_judgements

TYPES = {"iran": "country", "russia": "country", "united_states": "country", "kremlin": "organization"}
DAY = TimeSpan("2023-11-02", "2023-11-02", "on Thursday")
STORY = (
    "Iran delivered 300 drones to Russia on Thursday, officials in Washington said. The drones were "
    "unloaded at a Caspian port and moved by rail to a depot, according to people familiar with the matter. "
    "Analysts said the deliveries would probably continue through the winter."
)


def article(doc: str, outlet: str | None, body: str, day: str = "2023-11-03") -> Article:
    return Article(
        id=doc,
        source=doc + ".txt",
        title=None,
        published=day,
        reference_date=day,
        reference_date_inferred=False,
        outlet=outlet,
        author=None,
        body=body,
        content_sha256=hashlib.sha256((doc + body).encode()).hexdigest(),
    )


def transfer(doc: str, body: str, **kw: object) -> EventMention:
    end = body.index(". ") + 1
    fields: dict[str, object] = {
        "actor": ["iran"],
        "target": ["russia"],
        "when": DAY,
        "trigger": "delivered",
        **kw,
    }
    return EventMention(document=doc, type="transfer", text=body[:end], start=0, end=end, **fields)  # type: ignore[arg-type]


def one_event(arts: list[Article], ms: list[EventMention]):  # type: ignore[no-untyped-def]
    events = fuse_events(ms, arts, TYPES)
    assert len(events) == 1
    return events[0]


def test_five_wire_copies_are_one_source() -> None:
    outlets = ["Harbour Gazette", "Steppe Times", "Valley Post", "Coastal Herald", "Morning Ledger"]
    body = "MOSCOW (Reuters) - " + STORY
    arts = [article(f"w{i}", o, body) for i, o in enumerate(outlets)]
    e = one_event(arts, [transfer(a.id, body) for a in arts])
    assert e.sources == {"documents": 5, "outlets": 1, "unknown": 0}
    assert e.credibility == 3 and e.status == "asserted"  # one source, not five
    assert [s["name"] for s in e.source_list] == ["Reuters"]
    assert "4 copies" in e.credibility_reason


def test_wire_copies_found_by_their_outlet_or_their_text() -> None:
    # "Reuters via X" and "X (Reuters)" name the wire; a lightly edited copy is found by its text
    arts = [
        article("v1", "Reuters via Harbour Gazette", "Officials said so. " + STORY),
        article("v2", "Steppe Times (Reuters)", "A different lead sentence. " + STORY),
        article("v3", "Valley Post", STORY + " Our correspondent adds nothing."),
    ]
    e = one_event(arts, [transfer(a.id, a.body) for a in arts])
    assert e.sources["outlets"] == 1
    assert e.credibility == 3


def test_unknown_outlet_is_never_independent_corroboration() -> None:
    other = "Russia received Iranian drones on Thursday, the ministry said. Nothing else was reported."
    arts = [article("k", "Harbour Gazette", STORY), article("u", None, other)]
    e = one_event(arts, [transfer("k", STORY), transfer("u", other)])
    assert e.sources == {"documents": 2, "outlets": 1, "unknown": 1}
    assert e.credibility == 3 and e.status == "asserted"  # not 2 / confirmed
    assert "unknown outlet" in e.credibility_reason
    # two reports of unknown outlets: no known source at all
    arts = [article("u1", None, STORY), article("u2", "", other)]
    e = one_event(arts, [transfer("u1", STORY), transfer("u2", other)])
    assert e.sources["outlets"] == 0 and e.sources["unknown"] == 2
    assert e.credibility == 3 and e.reliability == "F"
    # while two known, independent outlets corroborate
    arts = [article("k1", "Harbour Gazette", STORY), article("k2", "Steppe Times", other)]
    e = one_event(arts, [transfer("k1", STORY), transfer("k2", other)])
    assert e.sources["outlets"] == 2 and e.credibility == 1 and e.status == "confirmed"


def test_reliability_is_kept_apart_from_credibility() -> None:
    other = "Russia received Iranian drones on Thursday, the ministry said. Nothing else was reported."
    # an established agency, alone: a usually reliable source, information possibly true
    e = one_event([article("a", None, "TEHRAN (AP) - " + STORY)], [transfer("a", "TEHRAN (AP) - " + STORY)])
    assert (e.reliability, e.credibility) == ("B", 3)
    # two small outlets that corroborate each other: information confirmed, sources only fairly reliable
    arts = [article("b1", "Harbour Gazette", STORY), article("b2", "Steppe Times", other)]
    e = one_event(arts, [transfer("b1", STORY), transfer("b2", other)])
    assert (e.reliability, e.credibility) == ("C", 1)
    # a state-controlled outlet: not usually reliable
    e = one_event([article("c", "KCNA", STORY)], [transfer("c", STORY)])
    assert e.reliability == "D" and "not usually reliable" in e.reliability_reason
    # unknown outlet: reliability cannot be judged, whatever the information's grade
    e = one_event([article("d", None, STORY)], [transfer("d", STORY)])
    assert (e.reliability, e.credibility) == ("F", 3)


def test_sources_identified_from_the_report() -> None:
    assert source_of(article("x", None, "SEOUL, Aug. 20 (Yonhap) -- North Korea said")).name == "Yonhap"
    assert source_of(article("x", "Fox News (AP text)", "North Korea fired")).key == "wire:ap"
    assert source_of(article("x", "NYTimes", "text")).reliability == "B"
    assert source_of(article("x", None, "told Reuters on Monday")).key is None  # a quote is no dateline
    assert source_of(article("x", None, "text")).reliability == "F"


def test_dossier_carries_reliability_and_sources_and_validates() -> None:
    arts = [article("k", "Harbour Gazette", STORY), article("u", None, STORY + " More.")]
    events = fuse_events([transfer("k", STORY), transfer("u", STORY)], arts, TYPES)
    dossier = build_dossier(arts, events=[event_record(e) for e in events])
    validate_dossier(dossier)
    rec = dossier["events"][0]
    assert rec["reliability"] == "C" and rec["credibility"] in range(1, 7)
    assert rec["sources"]["unknown"] == 0 and rec["sources"]["outlets"] == 1  # the copy joins its original
    assert {s["name"] for s in rec["source_list"]} == {"Harbour Gazette"}


def _dossier_event(**kw: object) -> dict[str, object]:
    base: dict[str, object] = {
        "id": "ev_x",
        "type": "transfer",
        "status": "asserted",
        "credibility": 2,
        "reliability": "B",
        "sources": {"documents": 2, "outlets": 2},
        "mentions": [{"stance": "assert", "planned": False}],
    }
    return {**base, **kw}


def test_key_judgements_only_from_asserted_facts() -> None:
    events = [
        _dossier_event(id="ok"),
        _dossier_event(id="disputed", status="disputed", credibility=2),
        _dossier_event(id="planned", status="planned", mentions=[{"stance": "assert", "planned": True}]),
        _dossier_event(id="hedged", status="asserted", mentions=[{"stance": "hedge", "planned": False}]),
        _dossier_event(id="alleged", status="alleged", credibility=4),
        _dossier_event(id="denial", type="denial"),
        _dossier_event(id="unknown_source", reliability="F", credibility=2),
    ]
    kj = {k["event"]: k for k in key_judgements({"events": events})}
    assert set(kj) == {"ok", "unknown_source"}
    assert kj["ok"]["likelihood"] == "likely"
    assert kj["unknown_source"]["likelihood"] == "roughly even chance"  # capped: nobody vouches for it


def test_key_judgements_never_say_likely_beside_disputed() -> None:
    from tests.fusion_sample import sample_dossier

    dossier = sample_dossier()
    by_id = {e["id"]: e for e in dossier["events"]}
    chosen = key_judgements(dossier)
    assert chosen
    for k in chosen:
        assert by_id[k["event"]]["status"] in ("asserted", "confirmed")
    supply = next(e for e in dossier["events"] if e["type"] == "transfer" and e["status"] == "disputed")
    assert supply["id"] not in {k["event"] for k in chosen}


def test_fused_event_is_an_event() -> None:
    e = one_event([article("a", "Harbour Gazette", STORY)], [transfer("a", STORY)])
    d = dataclasses.asdict(e)
    assert d["reliability"] == "C" and d["source_list"][0]["documents"] == ["a"]
