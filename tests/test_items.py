"""Item categories and the quantities attached to items (sentences written for these tests)."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from armswatch.events.items import CATEGORIES, ItemMention, find_items, item_category, lexicon

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.mark.parametrize(
    ("phrase", "category"),
    [
        ("artillery shells", "artillery_ammunition"),
        ("152mm shells", "artillery_ammunition"),
        ("ballistic missiles", "ballistic_missile"),
        ("short-range ballistic missiles (SRBM)", "ballistic_missile"),
        ("KN-23", "ballistic_missile"),
        ("Hwasong-11", "ballistic_missile"),
        ("Iskander-M", "ballistic_missile"),
        ("Fateh-110", "ballistic_missile"),
        ("Shahed-136", "drone"),
        ("drones", "drone"),
        ("UAVs", "drone"),
        ("loitering munitions", "drone"),
        ("Mohajer-6", "drone"),
        ("Lancet drones", "drone"),
        ("munitions", "arms"),
        ("weapons", "arms"),
        ("military equipment", "arms"),
        ("arms", "arms"),
        ("military supplies", "arms"),
        ("containers of military equipment", "arms"),
        ("space technology", "technology"),
        ("satellite technology", "technology"),
        ("nuclear technology", "technology"),
        ("weapons technologies", "technology"),
        ("know-how", "technology"),
        ("missile technology", "technology"),
        ("fighter aircraft", "aircraft"),
        ("jets", "aircraft"),
        ("Su-35", "aircraft"),
        ("MiG-29 fighters", "aircraft"),
        ("armored vehicles", "armoured_vehicle"),
        ("tanks", "armoured_vehicle"),
        ("T-90 tanks", "armoured_vehicle"),
        ("rifles", "small_arms"),
        ("small arms", "small_arms"),
        ("S-300", "air_defence"),
        ("air defense systems", "air_defence"),
        ("Pantsir", "air_defence"),
        ("cruise missiles", "cruise_missile"),
        ("Kalibr", "cruise_missile"),
        ("Kalibr missiles", "cruise_missile"),
        ("rockets", "rocket"),
        ("MLRS", "rocket"),
        ("Grad", "rocket"),
        ("122-mm Grad rockets", "rocket"),
        ("oil", "fuel"),
        ("petroleum", "fuel"),
        ("diesel", "fuel"),
        ("refined petroleum", "fuel"),
        ("coal", "commodity"),
        ("iron ore", "commodity"),
        ("seafood", "commodity"),
        ("textiles", "commodity"),
        ("machinery", "dual_use"),
        ("electronic components", "dual_use"),
        ("microchips", "dual_use"),
        ("ball bearings", "dual_use"),
        ("warships", "naval_vessel"),
        ("submarines", "naval_vessel"),
        ("shipping containers", None),
        ("the Lancet", None),
        ("shell companies", None),
        ("arms control", None),
        ("anti-drone guns", "air_defence"),
        ("anti-drone", None),
        ("oil company", None),
        ("missile programme", None),
        ("think tanks", None),
    ],
)
def test_item_category(phrase: str, category: str | None) -> None:
    assert item_category(phrase) == category


def test_lexicon_categories_are_the_contract() -> None:
    assert set(lexicon().terms.values()) - {"__stop__"} <= set(CATEGORIES)


def cats(items: list[ItemMention]) -> list[tuple[str, str, float | None, str | None]]:
    return [
        (
            i.category,
            i.text,
            i.quantity.value if i.quantity else None,
            i.quantity.unit if i.quantity else None,
        )
        for i in items
    ]


def test_container_quantity_goes_to_the_item(nlp: spacy.language.Language) -> None:
    text = "Officials said 1,000 containers of military equipment reached the port."
    for doc in (nlp(text), text):
        assert cats(find_items(doc)) == [("arms", "military equipment", 1000, "container")]


def test_count_of_the_item_itself(nlp: spacy.language.Language) -> None:
    text = "Seoul believes a million artillery shells and dozens of drones were sent."
    for doc in (nlp(text), text):
        got = cats(find_items(doc))
        assert got == [
            ("artillery_ammunition", "artillery shells", 1e6, "round"),
            ("drone", "drones", 24, "drone"),
        ]


def test_item_naming_the_kind_of_what_is_counted(nlp: spacy.language.Language) -> None:
    text = "The regime has carried out over 100 missile tests since the treaty."
    for doc in (nlp(text), text):
        items = find_items(doc)
        assert cats(items) == [("ballistic_missile", "missile tests", 100, "test")]
        assert items[0].quantity is not None and items[0].quantity.bound == "at_least"


def test_measures_and_money(nlp: spacy.language.Language) -> None:
    text = "The freighter unloaded 12,000 tonnes of coal and $2 million worth of microchips."
    assert cats(find_items(nlp(text))) == [
        ("commodity", "coal", 12000, "tonne"),
        ("dual_use", "microchips", 2e6, "usd"),
    ]


def test_named_systems_merge_with_their_type_noun(nlp: spacy.language.Language) -> None:
    text = "Video showed KN-24 missiles, Shahed-136 drones, S-400 air defense systems and Su-34 jets."
    assert [(c, t) for c, t, _, _ in cats(find_items(nlp(text)))] == [
        ("ballistic_missile", "KN-24 missiles"),
        ("drone", "Shahed-136 drones"),
        ("air_defence", "S-400 air defense systems"),
        ("aircraft", "Su-34 jets"),
    ]


def test_count_of_designators_gets_the_type_unit(nlp: spacy.language.Language) -> None:
    items = find_items("Russia received 50 KN-23s last year.")
    assert cats(items) == [("ballistic_missile", "KN-23s", 50, "missile")]


def test_distance_and_percent_do_not_count_items(nlp: spacy.language.Language) -> None:
    text = "The missiles flew 900 kilometers, and 40% of the shells were duds."
    got = cats(find_items(nlp(text)))
    assert [q for _, _, q, _ in got] == [None, None]


def test_countries_are_not_items(nlp: spacy.language.Language) -> None:
    assert find_items(nlp("The declaration was signed by 45 other countries.")) == []


def test_contract_shape(nlp: spacy.language.Language) -> None:
    item = find_items(nlp("The navy bought two submarines."))[0]
    assert item.as_contract() == {
        "category": "naval_vessel",
        "text": "submarines",
        "quantity": {
            "value": 2,
            "unit": "submarine",
            "approximate": False,
            "bound": "exact",
            "text": "two submarines",
        },
    }


@pytest.mark.corpus
def test_seed_reports_run_with_consistent_offsets(nlp: spacy.language.Language) -> None:
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    if not seeds:
        pytest.skip("../shared/seeds is not beside the repository")
    for path in seeds:
        doc = nlp(path.read_text(encoding="utf-8"))
        for sent in doc.sents:
            for item in find_items(sent):
                assert doc.text[item.char_start : item.char_end] == item.text
                assert item.category in CATEGORIES
