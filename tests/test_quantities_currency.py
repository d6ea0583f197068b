"""Sums of money: symbols, codes and currency names the quantity finder reads (sentences written for these
tests; each class is one the development sets showed missing)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from armswatch.quantities import find_quantities
from armswatch.quantities.units import unit_kind


def sums(text: str) -> list[tuple[float, str]]:
    return [(round(q.value, 6), q.unit) for q in find_quantities(text) if unit_kind(q.unit) == "currency"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a symbol after the number, and symbols beyond the dollar, pound, euro and yen
        ("The fine was 500 € per crate.", [(500.0, "eur")]),
        ("The militia sold the rifles for 20 $ each.", [(20.0, "usd")]),
        ("The contract is worth ₹500 crore.", [(5e9, "inr")]),
        ("Israel paid ₪40 million for the radars.", [(40e6, "ils")]),
        # a dollar named by its prefix, stuck or spaced as tokenised copy has it
        ("The frigate cost C$1.2 billion.", [(1.2e9, "cad")]),
        ("the refit cost c $ 300 million .", [(300e6, "cad")]),
        ("The deal was put at Mex$ 10 million.", [(10e6, "mxn")]),
        ("Exports rose to NZ$45m.", [(45e6, "nzd")]),
        # a currency named by its country
        ("The order is worth 125 million Australian dollars.", [(125e6, "aud")]),
        ("He was fined 10,000 Swiss francs.", [(10000.0, "chf")]),
        ("Riyadh agreed to pay 2 billion Saudi riyals.", [(2e9, "sar")]),
        ("The lira fell to 35 Turkish lira per dollar.", [(35.0, "try")]),
        # codes in lower case, after the number, with a scale after the code, and in millions
        ("They paid 20 usd and 10 rmb.", [(20.0, "usd"), (10.0, "cny")]),
        ("The yard lost 75 USD million last year.", [(75e6, "usd")]),
        ("Saab booked orders of MSEK 500 in the quarter.", [(500e6, "sek")]),
        ("The claim exceeded 30 MUSD.", [(30e6, "usd")]),
        ("The Saab order is worth SEK 5 billion.", [(5e9, "sek")]),
        # Indian reports: Rs, lakh and crore, digits grouped the Indian way
        ("The ministry signed a Rs. 48,000 crore deal.", [(4.8e11, "rupee")]),
        ("Each rifle costs Rs 1.5 lakh.", [(1.5e5, "rupee")]),
        ("The fund holds 12,34,567 rupees.", [(1234567.0, "rupee")]),
        # fractions of a scale word
        ("It costs half million usd.", [(5e5, "usd")]),
        ("The bribe was a quarter million dollars.", [(2.5e5, "usd")]),
        ("The budget is three quarters billion dollars.", [(7.5e8, "usd")]),
        # a sum and its minor part are one sum
        ("The round costs 3 dollars 50 cents.", [(3.5, "usd")]),
        ("It sold for thirteen dollars and forty-five cents.", [(13.45, "usd")]),
        # a hyphenated sum before a noun
        ("The firm withdrew its one-yen bid.", [(1.0, "jpy")]),
        # a code is the unit of the number before it, not the start of the next sum
        ("10 RMB 20 USD", [(10.0, "cny"), (20.0, "usd")]),
    ],
)
def test_sums(text: str, expected: list[tuple[float, str]]) -> None:
    assert sums(text) == expected


def test_millions_of_pounds_are_money_unless_of_something() -> None:
    assert sums("The firm's profit rose to 361 million pounds.") == [(361e6, "gbp")]
    (q,) = find_quantities("The ship carried 2 million pounds of explosives.")
    assert (q.value, q.unit) == (2e6, "lb")
    (q,) = find_quantities("The bomb weighs 2,000 pounds.")
    assert (q.value, q.unit) == (2000.0, "lb")


def test_words_that_look_like_codes_are_not_sums() -> None:
    assert sums("We try 5 times.") == []
    assert sums("Delegates met at COP 28 in Dubai.") == []
    assert sums("He paid 10 dollars and 20 soldiers died.") == [(10.0, "usd")]


def test_spacy_tokens_glued_to_a_code_are_read(nlp: Language) -> None:
    for text, want in [("The fee is 115.5USD.", (115.5, "usd")), ("The fee is USD115.", (115.0, "usd"))]:
        found = [(q.value, q.unit) for q in find_quantities(nlp(text)) if q.unit == "usd"]
        assert found == [want], text


def test_a_symbol_after_a_sum_starts_the_next_one() -> None:
    assert sums("Expenses: $ 20,000.00 $ 37,305.97 in February") == [(20000.0, "usd"), (37305.97, "usd")]
