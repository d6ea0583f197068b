"""Title Case headlines put in sentence case before parsing (armswatch.headlines), on headlines written
for these tests."""

from __future__ import annotations

import pytest

from armswatch.headlines import sentence_case_headlines


@pytest.mark.parametrize(("text", "expected"), [
    ("Navy Seizes Tanker In Strait Of Hormuz", "Navy seizes tanker in Strait of Hormuz"),
    ("Iraq Condemns Turkish Strikes On Kurdish Villages",
     "Iraq condemns Turkish strikes on Kurdish villages"),
    ("Japan To Deliver Patrol Boats To Manila", "Japan to deliver patrol boats to Manila"),
])
def test_words_lowered_names_kept(text: str, expected: str) -> None:
    assert sentence_case_headlines(text) == expected


@pytest.mark.parametrize("text", [
    "The ministers met in Brussels on Monday to discuss new sanctions.",  # prose
    "North Korea",  # a name, not a headline
    "UPDATE 1-NATO ALLIES AGREE ON AIR DEFENCE",  # capitals: acronyms and shouting left alone
    "Apple Unveils New iPhone Model",  # not every word capitalised
])
def test_other_lines_unchanged(text: str) -> None:
    assert sentence_case_headlines(text) == text


def test_only_the_title_case_line_of_a_body_changes_and_offsets_hold() -> None:
    body = "Rebels Shell Army Base Near Goma\nThe rebels shelled the base on Sunday, officials said."
    out = sentence_case_headlines(body)
    assert len(out) == len(body)
    assert out.splitlines()[0] == "Rebels shell army base near Goma"
    assert out.splitlines()[1] == body.splitlines()[1]
