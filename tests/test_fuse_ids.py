"""Event ids are stable: adding a report never changes the id of an event that already existed."""

from __future__ import annotations

import dataclasses
import hashlib

from armswatch.clean.models import Article
from armswatch.events.models import EventMention, ItemValue, TimeSpan
from armswatch.fuse import fuse_events
from tests import fusion_sample as s

NEW_BODY = (
    "Iran has sent drones to Russia for more than a year, the White House said. "
    "The foreign ministers of Japan and Korea met in Seoul on 9 November."
)


def _fuse(ms: list[EventMention], arts: list[Article]):  # type: ignore[no-untyped-def]
    types = {**s.entity_types(), "korea": "country", "seoul": "place", "belarus": "country"}
    return fuse_events(ms, arts, types, affiliations=s.AFFILIATIONS)


def _new_report(doc: str) -> tuple[Article, list[EventMention]]:
    art = Article(
        id=doc,
        source=doc + ".txt",
        title="Drones",
        published="2023-11-10",
        reference_date="2023-11-10",
        reference_date_inferred=False,
        outlet="Northern Observer",
        author=None,
        body=NEW_BODY,
        content_sha256=hashlib.sha256(NEW_BODY.encode()).hexdigest(),
    )
    cut = NEW_BODY.index("The foreign")
    ms = [
        EventMention(
            document=doc,
            type="transfer",
            text=NEW_BODY[:cut].strip(),
            start=0,
            end=cut - 1,
            actor=["iran"],
            target=["russia"],
            items=[ItemValue("drone", "drones")],
            when=TimeSpan("2022-11", "2023-11-10", "for more than a year"),
            attributed_to=["white_house"],
            trigger="sent",
        ),
        EventMention(
            document=doc,
            type="meeting",
            text=NEW_BODY[cut:],
            start=cut,
            end=len(NEW_BODY),
            actor=["japan", "korea"],
            when=TimeSpan("2023-11-09", "2023-11-09", "on 9 November"),
            trigger="met",
        ),
    ]
    return art, ms


def _by_id(events):  # type: ignore[no-untyped-def]
    return {e.id: e for e in events}


def test_event_ids_unchanged_after_adding_a_report() -> None:
    before = _by_id(_fuse(s.mentions(), s.articles()))
    # "a0" sorts before every other report id: an id taken from the first document by name would move
    for doc in ("r9", "a0"):
        art, ms = _new_report(doc)
        after = _by_id(_fuse(s.mentions() + ms, s.articles() + [art]))
        assert set(before) <= set(after), doc
        supply = next(e for e in after.values() if e.type == "transfer" and e.part_of is None)
        assert supply.id in before and doc in {m.document for m in supply.mentions}  # joined, id kept
        assert len(after) == len(before) + 1  # the new meeting
        for eid, old in before.items():
            old_docs = {(m.document, m.start) for m in old.mentions}
            assert old_docs <= {(m.document, m.start) for m in after[eid].mentions}


def test_event_id_comes_from_the_first_mention_not_the_cluster() -> None:
    ms = s.mentions()
    one = _by_id(_fuse(ms, s.articles()))
    # a later mention that adds a participant to the event leaves its id unchanged
    extra = dataclasses.replace(ms[2], document="r3", start=500, end=560, target=["russia", "belarus"])
    two = _by_id(_fuse(ms + [extra], s.articles()))
    assert set(one) == set(two)
    assert any("belarus" in e.target for e in two.values())


def test_two_events_stated_in_one_sentence_get_distinct_ids() -> None:
    m = s.mentions()[7]  # France-Germany meeting
    twin = dataclasses.replace(m, when=TimeSpan("2023-05-02", "2023-05-02", ""))
    events = _fuse([m, twin], s.articles())
    assert len(events) == 2 and len({e.id for e in events}) == 2
