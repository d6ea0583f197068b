"""Fusion and output at scale: the parts that must not grow faster than the input (issue 16).
The timing itself is scripts/bench_fusion.py; these check the behaviour that keeps it linear."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from armswatch.dossier import DossierInvalid, build_dossier
from armswatch.dossier.build import RECORDS_CHECKED, sampled, write_dossier
from armswatch.fuse import grouping
from armswatch.fuse.duplicates import (
    fingerprint,
    fingerprint_from_text,
    fingerprint_text,
    near_duplicate_groups,
    shingle_hashes,
)

STORY = ("The cargo ship left the northern port on Tuesday carrying crates that officials described as "
         "machine parts, and it reached the southern harbour four days later under escort. ") * 3


def test_shingle_hashes_are_a_set_and_deterministic() -> None:
    a = shingle_hashes(STORY)
    assert a.dtype == np.uint64 and len(a) == len(np.unique(a))
    assert np.array_equal(a, shingle_hashes(STORY.upper()))  # case-folded
    assert len(shingle_hashes("too short to shingle")) == 0
    # the same words in another order share few shingles
    other = shingle_hashes(" ".join(reversed(STORY.split())))
    assert len(np.intersect1d(a, other)) < len(a) // 4


def test_many_copies_of_one_story_are_one_group_without_all_pairs() -> None:
    texts = {f"copy{i:03d}": f"Filed by desk {i}. " + STORY for i in range(300)}
    texts["other"] = "A football club announced a new coach for the coming season after a long search. " * 3
    groups = near_duplicate_groups(texts)
    assert {groups[f"copy{i:03d}"] for i in range(300)} == {"copy000"}
    assert groups["other"] == "other"


def test_stored_fingerprints_give_the_groups_of_the_texts() -> None:
    texts = {f"copy{i}": f"Filed by desk {i}. " + STORY for i in range(5)}
    texts["other"] = "A football club announced a new coach for the coming season after a long search. " * 3
    texts["short"] = "too short"
    stored = {d: fingerprint_from_text(fingerprint_text(fingerprint(t))) for d, t in texts.items()}
    assert stored["short"] == b"" and len(stored["other"]) == 8 * 64
    # the texts are not read where a fingerprint is stored
    assert near_duplicate_groups(dict.fromkeys(texts, ""), stored) == near_duplicate_groups(texts)
    assert near_duplicate_groups(texts)["copy3"] == "copy0"


def test_candidates_are_bounded_in_a_dense_bucket() -> None:
    class P:  # just what _candidates reads
        interval = None
        participants = frozenset({"Q1", "Q2"})
        vessels = frozenset()
        reference = __import__("datetime").date(2024, 5, 1)

        class mention:  # noqa: N801
            type = "attack"

    month = grouping._lookup_range(P())[0]  # type: ignore[arg-type]
    index = {("attack", "Q1"): {month: list(range(1000))}, ("attack", "Q2"): {month: list(range(990, 1010))}}
    found = grouping._candidates(P(), index)  # type: ignore[arg-type]
    assert len(found) == grouping.MAX_CANDIDATES
    assert found == sorted(found) and set(range(990, 1000)) <= set(found)  # sharing both keys first
    small = {("attack", "Q1"): {month: [3, 1, 2]}}
    assert grouping._candidates(P(), small) == [1, 2, 3]  # type: ignore[arg-type]
    # a bucket outside the months an undated mention can reach is not looked at
    far = {("attack", "Q1"): {month - 1: [7], grouping.UNDATED: [8], grouping.LONG: [9]}}
    assert grouping._candidates(P(), far) == [8, 9]  # type: ignore[arg-type]


def _dossier(n: int) -> dict:
    from tests.fusion_sample import articles

    base = build_dossier(articles())
    doc = base["documents"][0]
    base["documents"] = [dict(doc, id=f"d{i}") for i in range(n)]
    return base


def test_written_dossier_is_checked_on_a_sample_of_each_kind(tmp_path: Path) -> None:
    dossier = _dossier(RECORDS_CHECKED * 3)
    assert len(sampled(dossier)["documents"]) <= RECORDS_CHECKED
    write_dossier(dossier, tmp_path / "dossier.json")
    dossier["documents"][0]["reference_date"] = "10 January"  # a broken record of a kind is sampled
    with pytest.raises(DossierInvalid):
        write_dossier(dossier, tmp_path / "dossier.json")
    dossier["documents"][0]["reference_date"] = dossier["documents"][1]["reference_date"]
    dossier["documents"][1]["reference_date"] = "10 January"  # one the sample skips: the full check finds it
    with pytest.raises(DossierInvalid):  # beside the last file a changed record is among those encoded,
        write_dossier(dossier, tmp_path / "dossier.json")  # which are all checked up to the sample's size
    write_dossier(dossier, tmp_path / "new" / "dossier.json")  # a new file: the sample alone
    with pytest.raises(DossierInvalid):
        write_dossier(dossier, tmp_path / "new" / "dossier.json", validate=True)


def test_profiles_share_equal_facts_and_clusters_copy_only_what_grows() -> None:
    from tests.fusion_sample import mentions

    ms = mentions()
    interned = grouping.Interned()
    ref = __import__("datetime").date(2023, 11, 3)
    a = grouping.profile(0, ms[2], ref, interned=interned)  # r2 and r3: one wire story, the same facts
    b = grouping.profile(1, ms[3], ref, interned=interned)
    assert a.actor is b.actor and a.target is b.target and a.interval is b.interval
    assert grouping.profile(0, ms[2], ref).actor == a.actor  # interning changes no value
    c = grouping.Cluster(number=0, type=a.mention.type, episode=a.episode)
    c.add(a)
    c.reduced = frozenset({"cached"})
    c.add(b)  # adds no fact: the first member's sets stay shared, the derived sets stay valid
    assert c.actor is a.actor and c.items is a.items and c.reduced == frozenset({"cached"})
    first = grouping.profile(2, ms[0], ref, interned=interned)  # r1: the same parties, another figure
    c.add(first)
    assert isinstance(c.quantities, frozenset) and a.quantities <= c.quantities
    assert c.quantities != a.quantities and a.quantities == b.quantities  # the member's own set untouched


def test_shared_bands_are_the_buckets_of_the_signatures() -> None:
    from collections import defaultdict

    from armswatch.fuse import duplicates

    rng = np.random.default_rng(7)
    rows = rng.integers(0, 3, size=(40, duplicates.PERMUTATIONS)).astype(np.uint64)  # many shared bands
    width = duplicates.ROWS * 8
    buckets: dict[tuple[int, bytes], list[int]] = defaultdict(list)
    for i, fp in enumerate(rows.astype("<u8").tobytes()[k * 512:(k + 1) * 512] for k in range(40)):
        for band in range(duplicates.BANDS):
            buckets[(band, fp[band * width:(band + 1) * width])].append(i)
    expected = [m for m in buckets.values() if len(m) > 1]  # in the order a dictionary meets them
    assert duplicates._shared_bands(rows) == expected


def test_cached_annotations_are_read_in_bulk_as_one_at_a_time(tmp_path: Path) -> None:
    """Store.annotations (one query per chunk, orjson) gives what Store.annotation gives row by row."""
    from armswatch.store import Store, default_database_url
    from armswatch.store import db as store_db

    with Store(default_database_url(tmp_path)) as store:
        hashes = [f"{i:064x}" for i in range(7)]
        for i, sha in enumerate(hashes[:5]):
            store.put_annotation(sha, "annotations", "v1" if i else "v0",
                                 {"mentions": [{"text": "é\n\"", "n": i, "x": 0.5}], "events": []})
        store.put_annotation(hashes[5], "other", "v1", {"mentions": []})
        original = store_db.ANNOTATION_CHUNK
        store_db.ANNOTATION_CHUNK = 2  # several chunks
        try:
            bulk = dict(store.annotations(hashes, "annotations", "v1"))
        finally:
            store_db.ANNOTATION_CHUNK = original
        one = {sha: store.annotation(sha, "annotations", "v1") for sha in hashes}
        annotated = store.annotated(hashes, "annotations", "v1")
    assert bulk == {sha: payload for sha, payload in one.items() if payload is not None}
    assert sorted(bulk) == hashes[1:5] == sorted(annotated)


def test_analyze_gives_the_collector_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The run turns the cyclic collector off after annotation (issue 16) and back on when it ends, and
    leaves it off where the caller had it off."""
    import gc

    from armswatch import pipeline
    from armswatch.annotate import Annotations

    def no_parse(articles: list, store: object, **_: object) -> Annotations:
        return Annotations([], {a.id: [] for a in articles}, {a.id: [] for a in articles}, 0)

    monkeypatch.setattr(pipeline, "annotate_articles", no_parse)
    report = tmp_path / "note.txt"
    report.write_text("The harbour published its summer timetable on 3 May 2024.\n", encoding="utf-8")
    assert gc.isenabled()
    pipeline.analyze([report], tmp_path / "out", write_html_report=False)
    assert gc.isenabled()
    gc.disable()
    try:
        pipeline.analyze([report], tmp_path / "out", write_html_report=False)
        assert not gc.isenabled()
    finally:
        gc.enable()
