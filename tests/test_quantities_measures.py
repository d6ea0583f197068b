"""Measures the quantity finder reads: speeds, temperatures, yields, fractions, compound lengths, units in
brackets or glued to the number (sentences written for these tests; each class is one the development
sets showed missing)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from armswatch.quantities import find_quantities
from armswatch.quantities.units import unit_kind


def measures(text: str) -> list[tuple[float, str]]:
    kinds = ("measure", "temperature")
    return [(round(q.value, 4), q.unit) for q in find_quantities(text) if unit_kind(q.unit) in kinds]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # speeds written in words, and as a multiple of the speed of sound
        ("The car ran at over 188 miles an hour.", [(188.0, "mph")]),
        ("The convoy moved at 40 kilometres per hour.", [(40.0, "km_per_hour")]),
        ("The glide vehicle reached Mach 5.", [(5.0, "mach")]),
        # temperatures, also below zero
        ("The fuel froze at -5 degrees Fahrenheit.", [(-5.0, "fahrenheit")]),
        ("Engines were tested at 40 °C.", [(40.0, "celsius")]),
        ("The barrels were kept at 20 deg C.", [(20.0, "celsius")]),
        # explosive yield, mass, volume, area
        ("The test had a yield of 10 kilotons.", [(10.0, "kiloton")]),
        ("The seized package held 68 ounces of powder.", [(68.0, "oz")]),
        ("Each vial held 75 ml.", [(75.0, "ml")]),
        ("The export quota is 55 bcm of gas.", [(55.0, "bcm")]),
        ("The base covers 190 km2.", [(190.0, "km2")]),
        ("The tank holds 900 cubic feet.", [(900.0, "ft3")]),
        # fractions before a measure
        ("The tunnel runs 1/4 mile under the border.", [(0.25, "mile")]),
        ("They laid 10 1/2 miles of cable.", [(10.5, "mile")]),
        ("The fuse burns for ½ inch.", [(0.5, "inch")]),
        # a measure hyphenated before a noun
        ("After a six-mile trip the convoy stopped.", [(6.0, "mile")]),
        ("The launcher lifted five three-ton satellites.", [(3.0, "tonne")]),
        # a length in feet and inches is one length
        ("The soldier is 5 ft 2 in tall.", [(5.1667, "foot")]),
        ("The barrel is 5 feet and 2 inches long.", [(5.1667, "foot")]),
        # a unit alone in brackets after the number, as spec sheets write it
        ("Weight 20 (kg), range 300 [km]", [(20.0, "kg"), (300.0, "km")]),
        # digits and a unit written together
        ("The barrel is a new 7.62mm design.", [(7.62, "mm")]),
        ("He weighs 200lbs.", [(200.0, "lb")]),
    ],
)
def test_measures(text: str, expected: list[tuple[float, str]]) -> None:
    assert measures(text) == expected


def test_a_fraction_without_a_measure_is_not_read() -> None:
    assert find_quantities("The talks resumed on 3/4 after a pause.") == []


@pytest.mark.parametrize("text", ["The 1990s ended.", "He came 8th at 5pm.", "A 4K TV and 5G phones.",
                                  "F-16 jets and 737MAX planes flew.", "It sold 5k units."])
def test_spacy_tokens_glued_to_letters_that_are_no_unit_stay_whole(nlp: Language, text: str) -> None:
    assert find_quantities(nlp(text)) == find_quantities(text) == []


def test_a_range_hyphen_is_no_minus() -> None:
    (q,) = find_quantities("Temperatures of 10-15 degrees were forecast.")
    assert (q.value, q.low, q.high) == (10.0, 10.0, 15.0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Each vial held 75ml.", (75.0, "ml")), ("The site covers 24703m2.", (24703.0, "m2")),
     ("They laid 10 1/2 miles of cable.", (10.5, "mile")),
     ("The car reached 10km/hr.", (10.0, "km_per_hour")),
     # papers glue symbols and names on (issue 12, session 7): read as the plain-text tokenizer reads them
     ("The wind peaks near 1.5Rp in the model.", (1.5, "rp")), ("Ions arrive at ∼400eV. Then", (400.0, "eV")),
     ("At x=0.64 H the plume turns.", (0.64, "h")), ("The mix kept CaP=1.67 throughout.", (1.67, "")),
     ("The acid was brought to pH∼2 first.", (2.0, "pH")), ("The core was cut at 5.16 m.", (5.16, "m"))],
)
def test_spacy_tokens_glued_to_a_unit_are_read(nlp: Language, text: str, expected: tuple[float, str]) -> None:
    doc = nlp(text)
    assert [(q.value, q.unit) for q in find_quantities(doc)] == [expected]
    # a sentence's quantities are those of the Doc inside it, glued tokens split or not
    (sent,) = list(doc.sents)
    assert [(q.value, q.unit) for q in find_quantities(sent)] == [expected]


def test_a_minus_only_before_a_temperature_or_a_share() -> None:
    assert measures("Output fell at -3 % a year.") == []  # a share, not a measure
    assert [(q.value, q.unit) for q in find_quantities("Output fell -3% in May.")] == [(-3.0, "percent")]
    assert [(q.value, q.unit) for q in find_quantities("There may be -3 units left.")] == [(3.0, "unit")]


def test_a_designator_spaced_by_a_tokenizer_is_no_count() -> None:
    assert find_quantities("China fields DF -21 medium - range missiles .") == []


def test_two_cardinal_words_joined_by_a_hyphen_are_a_range() -> None:
    (q,) = find_quantities("Possibly one - two prototypes were built.")
    assert (q.value, q.low, q.high, q.unit) == (1.0, 1.0, 2.0, "prototype")


def test_spacy_tokens_holding_a_range_or_a_sign_are_read(nlp: Language) -> None:
    def read(text: str) -> list[tuple[float, float | None, float | None, str]]:
        return [(q.value, q.low, q.high, q.unit) for q in find_quantities(nlp(text))]

    assert read("Between 300–500 troops crossed.") == [(300.0, 300.0, 500.0, "troop")]
    assert read("At −4°C the fuel froze.") == [(-4.0, None, None, "celsius")]
    assert read("They met at 10:30 on 2023-10-26.") == []
    assert read("Iran and the P5 ( +1 ) met in Vienna.") == []


def test_a_capital_c_stuck_to_the_number_is_a_temperature(nlp: Language) -> None:
    for read in (find_quantities, lambda text: find_quantities(nlp(text))):
        assert [(q.value, q.unit) for q in read("Temperatures dropped to -20C near the front.")] == [
            (-20.0, "celsius")]
        assert read("The Type 20C frigate sailed.") == []
        assert all(unit_kind(q.unit) != "temperature" for q in read("The fund's 13F filing came late."))
