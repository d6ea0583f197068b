"""Fusion with actors the gazetteer lacks: an actor described, not named ("armed men", "security forces",
entities.generic), agrees with any named one. Sentences and mentions invented for these tests."""

from __future__ import annotations

from tests.test_fuse_grain import art, fuse, m

ARMED = "generic-armed_group-armed_man"


def test_a_described_boarding_party_and_the_named_seizer_are_one_seizure() -> None:
    a = art("a", "2024-01-11")
    day = ("2024-01-11", "2024-01-11")
    ms = [
        m("a", "seizure", 0, day, actor=[ARMED], target=["st_nikolas"], vessels=["st_nikolas"]),
        m("a", "seizure", 300, day, actor=["iran"], target=["st_nikolas"], vessels=["st_nikolas"]),
    ]
    events = fuse(ms, [a])
    assert len([e for e in events if e.type == "seizure"]) == 1


def test_two_named_seizers_stay_apart() -> None:
    a = art("a", "2024-01-11")
    day = ("2024-01-11", "2024-01-11")
    ms = [
        m("a", "seizure", 0, day, actor=["united_states"], target=["st_nikolas"], vessels=["st_nikolas"]),
        m("a", "seizure", 300, day, actor=["iran"], target=["st_nikolas"], vessels=["st_nikolas"]),
    ]
    assert len([e for e in fuse(ms, [a]) if e.type == "seizure"]) == 2
