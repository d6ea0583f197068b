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
    write_dossier(dossier, tmp_path / "dossier.json")
    with pytest.raises(DossierInvalid):
        write_dossier(dossier, tmp_path / "dossier.json", validate=True)
