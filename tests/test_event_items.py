"""Which items (and how many) an event carries: the weapon it was done with, the goods moved, and not what
another clause of the sentence names. Sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from armswatch.entities import link_doc
from armswatch.events.extract import extract_events
from armswatch.events.models import EventMention
from armswatch.nlp import load_pipeline

REF = date(2024, 3, 15)


def events(text: str) -> list[EventMention]:
    doc = load_pipeline()(text)
    return extract_events(doc, "t", REF, link_doc(doc))


def only(text: str, etype: str) -> EventMention:
    typed = [e for e in events(text) if e.type == etype]
    assert len(typed) == 1, [(e.type, e.actor, e.target, e.trigger) for e in events(text)]
    return typed[0]


def categories(e: EventMention) -> list[str]:
    return [i.category for i in e.items]


def first_count(e: EventMention) -> tuple[float, str, str]:
    """(value, unit, bound) of the first item of the event that has a count."""
    q = next(i.quantity for i in e.items if i.quantity)
    return q.value, q.unit, q.bound


@pytest.mark.parametrize(
    ("sentence", "category"),
    [
        ("Russian Tu-95 bombers struck a power plant near Lviv on Sunday.", "aircraft"),  # the subject
        ("A drone that crashed into a base in Jordan killed three soldiers.", "drone"),
        ("The convoy was hit by a roadside bomb near Kandahar.", "arms"),  # the "by" of a passive
        ("Ukrainian forces hit a Russian command post with HIMARS rockets.", "rocket"),  # "with" on the dobj
        ("The rebels used a truck bomb to attack a police station in Mogadishu.", "arms"),  # used X to attack
        ("Mortar fire from rebel positions hit the port of Hodeidah on Monday.", "arms"),  # a kind of fire
        ("Militants detonated a truck bomb outside the ministry in Baghdad.", "arms"),  # what is set off
        ("Gunmen hurled grenades at a police patrol in Manipur.", "arms"),  # or thrown
        ("Government forces bombarded rebel positions around the city with barrel bombs.", "arms"),
        ("Turkish jets carried out airstrikes on militant camps in northern Iraq.", "aircraft"),  # light verb
        ("The strike on the depot in Rafah was carried out by Israeli drones, residents said.", "drone"),
        ("Rebels fired a cruise missile from Yemen and struck a Greek tanker near Aden.", "cruise_missile"),
    ],
)
def test_the_weapon_an_attack_is_done_with_is_its_item(sentence: str, category: str) -> None:
    assert category in categories(only(sentence, "attack"))


def test_what_a_nominal_attack_included_is_its_item_with_its_count() -> None:
    e = only("Russia's attack on Odesa included dozens of Shahed drones.", "attack")
    q = next(i.quantity for i in e.items if i.quantity)
    assert categories(e) == ["drone"]
    assert (q.value, q.unit, q.bound, q.approximate) == (24, "drone", "at_least", True)


def test_projectiles_are_munitions_counted_as_rounds() -> None:
    e = only("The rebels launched roughly 30 projectiles at the town.", "attack")
    q = next(i.quantity for i in e.items if i.quantity)
    assert categories(e) == ["arms"] and (q.value, q.unit, q.approximate) == (30, "round", True)


@pytest.mark.parametrize("sentence", ["Rebel fighters stormed a police station in the north on Monday.",
                                      "A suicide bomber blew himself up at a market in the capital."])
def test_fighters_and_a_bomber_alone_are_people_not_aircraft(sentence: str) -> None:
    assert "aircraft" not in categories(only(sentence, "attack"))


def test_a_weapon_counted_in_the_subject_keeps_its_count() -> None:
    e = only("Two Houthi drones hit a cargo ship off Eritrea.", "attack")
    q = next(i.quantity for i in e.items if i.quantity)
    assert (q.value, q.unit) == (2, "drone")


def test_the_subject_of_a_test_is_the_tester_not_the_item() -> None:
    e = only("A Japanese destroyer tested a Naval Strike Missile off Hawaii last week.", "weapons_test")
    assert categories(e) == ["cruise_missile"]


def test_what_a_coordinated_clause_concerns_is_not_the_transfers_item() -> None:
    e = only("The minister signed deals to buy Turkish drones and to expand cooperation on missile "
             "technology.", "transfer")
    assert categories(e) == ["drone"]


@pytest.mark.parametrize(
    ("sentence", "value", "unit", "bound"),
    [
        ("Iran sent Russia hundreds of drones in 2022.", 200, "drone", "at_least"),  # recipient, then count
        ("Serbia sold Egypt two million rounds of ammunition.", 2_000_000, "round", "exact"),
        ("Pyongyang sent a batch of 20 drones to Moscow in May.", 20, "drone", "exact"),
        ("Iran shipped up to 300 Shahed-136 drones to Russia.", 300, "drone", "at_most"),
        ("Moscow sent Minsk 40 tanks to replace losses.", 40, "tank", "exact"),  # digits after a recipient
        ("Germany sent Ukraine 18 Leopard 2 tanks in March.", 18, "tank", "exact"),
    ],
)
def test_the_count_of_the_goods_moved(sentence: str, value: float, unit: str, bound: str) -> None:
    assert first_count(only(sentence, "transfer")) == (value, unit, bound)


def test_coordinated_goods_are_each_an_item() -> None:
    e = only("Belarus delivered tanks and artillery shells to Russia last month.", "transfer")
    assert categories(e) == ["armoured_vehicle", "artillery_ammunition"]


def test_a_number_after_a_weapons_name_is_its_designator_not_a_count() -> None:
    e = only("North Korea fired Hwasong 15 missiles into the sea.", "weapons_test")
    assert categories(e) == ["ballistic_missile"] and e.items[0].quantity is None


@pytest.mark.parametrize(
    ("sentence", "category", "count"),
    [
        ("Italian coastguards boarded the freighter off Sicily and found 300 rifles in its hold.",
         "small_arms", 300),
        ("Customs officers detained the ship after discovering explosives in its hold.", "arms", None),
    ],
)
def test_what_the_seizers_find_is_the_seizures_cargo(sentence: str, category: str, count: int | None) -> None:
    e = only(sentence, "seizure")
    assert categories(e) == [category]
    assert (e.items[0].quantity.value if e.items[0].quantity else None) == count


@pytest.mark.parametrize(
    ("sentence", "value", "unit", "bound"),
    [
        ("The coalition carried out dozens of air raids on Hodeidah last week.", 24, "raid", "at_least"),
        ("Armed groups have attacked the pipeline more than 30 times since June.", 30, "attack", "at_least"),
    ],
)
def test_a_count_of_the_attacks_themselves(sentence: str, value: float, unit: str, bound: str) -> None:
    assert first_count(only(sentence, "attack")) == (value, unit, bound)


def test_times_counts_no_goods_of_a_transfer() -> None:
    e = only("Iran shipped drones to Russia three times last year.", "transfer")
    assert all(i.quantity is None for i in e.items)
