"""Quantities: values, bounds, units and what is not a quantity (sentences written for these tests)."""

from __future__ import annotations

import pytest
import spacy

from armswatch.events.items import find_items
from armswatch.events.quantities import (
    Quantity,
    find_quantities,
    find_quantities_with_tokens,
    parse_number,
    unit_kind,
)


def one(nlp: spacy.language.Language, text: str) -> Quantity:
    found = find_quantities(nlp(text))
    assert len(found) == 1, found
    return found[0]


def both(nlp: spacy.language.Language, text: str, durations: bool = True) -> list[list[Quantity]]:
    """The same sentence read as a parsed Doc and as plain text."""
    return [find_quantities(nlp(text), durations), find_quantities(text, durations)]


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
    for found in both(nlp, "The army has conducted over 100 missile tests in two years.", durations=False):
        assert [(q.value, q.unit, q.bound) for q in found] == [(100, "test", "at_least")]
    for found in both(nlp, "The army has conducted over 100 missile tests in two years."):
        assert [(q.value, q.unit) for q in found] == [(100, "test"), (2, "year")]  # and the duration


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
        ("Analysts think a million shells went north.", 1e6, "round"),
        ("The general moved 11,000 troops to the front.", 11000, "troop"),
        ("The rocket fell 5 km short of the pier.", 5, "km"),
        ("The barge held 2,000 tonnes of fuel.", 2000, "tonne"),
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
        "The third launch failed.",
        "Resolution 2397 caps deliveries.",
        "The Hwasong 17 is the largest.",
        "A two-stage design was shown.",
    ],
)
def test_not_quantities(nlp: spacy.language.Language, text: str) -> None:
    for found in both(nlp, text):
        assert found == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The 70-year-old general retired.", [(70, "year")]),
        ("The talks lasted three days.", [(3, "day")]),
        ("Officers aged 35 to 55 were called up.", [(35, "year")]),  # an age: years, not a bare number
        ("A 30 - year lease of the port was signed.", []),  # a spaced hyphen: an adjective, read by neither
    ],
)
def test_durations_and_ages_have_their_kind_and_stay_out_of_the_events_view(
        nlp: spacy.language.Language, text: str, expected: list[tuple[float, str]]) -> None:
    for found in both(nlp, text):
        assert [(q.value, q.unit) for q in found] == expected
        assert all(unit_kind(q.unit) == "duration" for q in found)
    for found in both(nlp, text, durations=False):  # what the events stage asks for: the time component's
        assert found == []


def test_an_age_after_a_range_is_no_count(nlp: spacy.language.Language) -> None:
    for found in both(nlp, "Most 18–24 year olds own a phone.", durations=False):
        assert found == []
    for found in both(nlp, "Some two to three year olds were tested."):
        assert [(q.value, q.high, q.unit) for q in found] == [(2, 3, "year")]


def test_one_search_serves_both_views(nlp: spacy.language.Language) -> None:
    doc = nlp("The convoy of 40 trucks waited for 3 days before 12 tanks crossed, a 5-year deal.")
    every, _ = find_quantities_with_tokens(doc)
    events, _ = find_quantities_with_tokens(doc, durations=False)
    assert [f.quantity.unit for f in every] == ["truck", "day", "tank", "year"]
    assert events == [f for f in every if unit_kind(f.quantity.unit) != "duration"]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("The survey spanned four and a half solar cycles.", 4.5, "cycle"),
        ("It holds one and a half million barrels of crude.", 1.5e6, "barrel"),
        ("Kyiv asked for a quarter of a million rounds.", 2.5e5, "round"),
        ("The bill adds three quarters of a billion dollars.", 7.5e8, "usd"),
        ("Shelling reached tens of kilometres behind the line.", 20, "km"),
        ("Electrons reach several tens of MeV there.", 30, "MeV"),
    ],
)
def test_fractions_and_vague_tens(nlp: spacy.language.Language, text: str, value: float, unit: str) -> None:
    for found in both(nlp, text):
        assert [(q.value, q.unit) for q in found] == [(value, unit)]


def test_tens_alone_is_no_number(nlp: spacy.language.Language) -> None:
    for found in both(nlp, "He counted in tens and then stopped."):
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


@pytest.mark.parametrize(
    ("text", "value", "unit", "quantity_text"),
    [
        (
            "The navy fired two short-range ballistic missiles at dawn.",
            2,
            "missile",
            "two short-range ballistic missiles",
        ),
        ("Kyiv wants three long-range cruise missiles.", 3, "missile", "three long-range cruise missiles"),
        ("The brigade fired 400 155mm shells overnight.", 400, "round", "400 155mm shells"),
        ("The brigade fired 400 155-mm shells overnight.", 400, "round", "400 155-mm shells"),
        (
            "The ministry bought four surface-to-air missile systems.",
            4,
            "system",
            "four surface-to-air missile systems",
        ),
        ("Rebels seized 200 anti-tank missiles near the town.", 200, "missile", "200 anti-tank missiles"),
        ("The base was hit by 50 Iranian-made attack drones.", 50, "drone", "50 Iranian-made attack drones"),
    ],
)
def test_hyphenated_modifiers_are_not_the_unit(
    nlp: spacy.language.Language, text: str, value: float, unit: str, quantity_text: str
) -> None:
    for found in both(nlp, text):
        q = found[0]  # a calibre ("155mm") may follow as a measure of its own
        assert (q.value, q.unit, q.bound, q.text) == (value, unit, "exact", quantity_text)


def test_vague_count_with_hyphenated_modifier(nlp: spacy.language.Language) -> None:
    for found in both(nlp, "The navy has fired dozens of short-range missiles this spring."):
        assert [(q.value, q.low, q.high, q.unit, q.bound, q.text) for q in found] == [
            (24, 24, 99, "missile", "at_least", "dozens of short-range missiles")
        ]


def test_digits_joined_by_hyphens_are_no_compound(nlp: spacy.language.Language) -> None:
    # a phone number after a count is not a premodifier of a later noun
    for found in both(nlp, "Call 1-800-555-0199 Free Help today."):
        assert all(q.unit != "help" for q in found)


@pytest.mark.parametrize(
    ("text", "value", "approximate", "quantity_text"),
    [
        ("The regime sold artillery shells worth $1.2 billion to its ally.", 1.2e9, False, "$1.2 billion"),
        (
            "The regime sold artillery shells worth an estimated $1.2 billion to its ally.",
            1.2e9,
            True,
            "an estimated $1.2 billion",
        ),
        ("The regime sent drones valued at $500 million last year.", 5e8, False, "$500 million"),
        ("The regime sent drones priced at about 40 million dollars.", 4e7, True, "about 40 million dollars"),
    ],
)
def test_sum_after_worth_or_valued_at(
    nlp: spacy.language.Language, text: str, value: float, approximate: bool, quantity_text: str
) -> None:
    for found in both(nlp, text):
        assert [(q.value, q.unit, q.bound, q.approximate, q.text) for q in found] == [
            (value, "usd", "exact", approximate, quantity_text)
        ]
    # the sum is the value of the noun phrase before "worth"/"valued at": items attach it there
    for source in (nlp(text), text):
        (item,) = find_items(source)
        assert item.text in ("artillery shells", "drones")
        assert item.quantity is not None
        assert (item.quantity.value, item.quantity.unit) == (value, "usd")


def test_price_of_each_is_not_the_value_of_the_lot(nlp: spacy.language.Language) -> None:
    text = "The regime sold drones worth $20,000 each to its ally."
    for source in (nlp(text), text):
        found, _ = find_quantities_with_tokens(source)
        assert [(f.quantity.value, f.quantity.unit, f.of_target) for f in found] == [(20000, "usd", -1)]
        (item,) = find_items(source)
        assert item.quantity is None


def test_count_wins_over_a_sum_after_worth(nlp: spacy.language.Language) -> None:
    text = "The regime sold 300 drones worth $60 million."
    for source in (nlp(text), text):
        (item,) = find_items(source)
        assert item.quantity is not None
        assert (item.quantity.value, item.quantity.unit) == (300, "drone")


def test_sum_after_worth_needs_a_noun_before_it(nlp: spacy.language.Language) -> None:
    for source in (nlp("The contract is worth $2 billion."), "The contract is worth $2 billion."):
        found, _ = find_quantities_with_tokens(source)
        assert [(f.quantity.value, f.quantity.unit, f.of_target) for f in found] == [(2e9, "usd", -1)]


@pytest.mark.parametrize(
    ("text", "value", "quantity_text"),
    [
        ("The budget rose by $1.2-billion in March.", 1.2e9, "$1.2-billion"),
        ("The budget rose by $500m in March.", 5e8, "$500m"),
        ("The budget rose by $1.2 bn in March.", 1.2e9, "$1.2 bn"),
        ("The budget rose by €3 mln in March.", 3e6, "€3 mln"),
        ("The budget rose by 30m dollars in March.", 3e7, "30m dollars"),
    ],
)
def test_money_scale_abbreviations_and_hyphens(
    nlp: spacy.language.Language, text: str, value: float, quantity_text: str
) -> None:
    for found in both(nlp, text):
        assert [(q.value, q.bound, q.low, q.text) for q in found] == [(value, "exact", None, quantity_text)]


def test_abbreviation_without_currency_stays_a_measure(nlp: spacy.language.Language) -> None:
    for found in both(nlp, "Crews launched a 30m patrol boat."):
        assert [(q.value, q.unit) for q in found] == [(30, "m")]


@pytest.mark.parametrize(("phrase", "low", "high"), [
    ("several dozen Shahed drones", 36.0, 119.0),
    ("a few dozen drones", 24.0, 83.0),
    ("several hundred shells", 300.0, 999.0),
])
def test_vague_multiples_of_a_scale_word(phrase: str, low: float, high: float) -> None:
    (q,) = find_quantities(phrase)
    assert (q.low, q.high, q.bound, q.approximate) == (low, high, "at_least", True)


def test_only_a_count_counts_an_item() -> None:
    """An item's count comes only from a quantity whose unit is a count: a measure read by the unit grammar
    ("300 MPa", which the news vocabulary's list of measures does not hold) never counts the item its unit
    word falls inside."""
    from armswatch.events.items import _attach, _Match

    for text, counted in (("The plant sent 300 MPa shells.", False), ("The plant sent 300 shells.", True),
                          ("The lab cooled 20 K drones.", False)):
        found, toks = find_quantities_with_tokens(text)
        (f,) = found
        item = _Match(f.noun, len(toks) - 1, "arms", True, False, False)  # from the unit or noun to the end
        assert bool(_attach([item], found, toks)) is counted, text


def test_a_plural_proper_noun_counts_in_its_singular(nlp: spacy.language.Language) -> None:
    # spaCy keeps a proper noun's plural as its lemma; plain text reads the singular, so the Doc does too
    found = find_quantities(nlp("Congress was told of the sale of 900 Joint Direct Attack Munitions."))
    assert [(q.value, q.unit) for q in found] == [(900, "munition")]  # (plain text stops at three words)
    for found in both(nlp, "The unit fired 12 Hellfire Missiles at the compound."):
        assert [(q.value, q.unit) for q in found] == [(12, "missile")]
    assert [q.unit for q in find_quantities("The survey found three species of moss.")] == ["species"]


@pytest.mark.parametrize("text", ["Egypt receives $1.3 billion a year in direct military aid.",
                                  "Israel gets $3.8 billion annually in direct military assistance."])
def test_a_sums_rate_is_read_over_to_what_it_is_in(nlp: spacy.language.Language, text: str) -> None:
    for source in (nlp(text), text):
        (item,) = find_items(source)
        assert item.quantity is not None and item.quantity.unit == "usd"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Each run was twenty eight-second integrations.", [(20, "integration"), (8, "second")]),
        ("The air force bought a hundred two-seat jets.", [(100, "jet")]),
        ("They sent forty two-man teams.", [(40, "team")]),
        ("He counted twenty-eight soldiers.", [(28, "soldier")]),
        ("The pump runs twenty-eight-day cycles.", [(28, "day")]),
    ],
)
def test_a_cardinal_word_joined_to_a_noun_by_a_hyphen_starts_an_adjective(
        nlp: spacy.language.Language, text: str, expected: list[tuple[float, str]]) -> None:
    for found in both(nlp, text):
        assert [(q.value, q.unit) for q in found] == expected


def test_times_after_a_name_is_a_count_not_a_designator(nlp: spacy.language.Language) -> None:
    for found in both(nlp, "Israeli jets struck Gaza 14 times on Monday."):
        assert [(q.value, q.unit) for q in found] == [(14, "time")]
    for found in both(nlp, "The Hwasong 17 flew, and Leopard 2 tanks crossed."):
        assert found == []


def test_a_number_in_words_after_a_name_is_a_count(nlp: spacy.language.Language) -> None:
    # designators are written in digits; a number in words after a name follows a recipient
    for found in both(nlp, "Iran sent Russia hundreds of drones and Serbia sold Egypt two million rounds."):
        assert [(q.value, q.unit) for q in found] == [(200, "drone"), (2_000_000, "round")]
