"""Places named inside names no table holds ("Henderson County Jail", "Port of Los Angeles"), on sentences
written for these tests."""

from __future__ import annotations

import pytest
from spacy.language import Language

from armswatch.entities import geocode
from armswatch.entities.gazetteer import load_gazetteer


@pytest.fixture(scope="module")
def nlp() -> Language:
    from armswatch.nlp import load_pipeline

    return load_pipeline()


def within(nlp: Language, text: str) -> dict[str, tuple[str, str, str]]:
    """Place named inside another name -> (name, country, admin1) of the place it was resolved to."""
    doc, gaz = nlp(text), load_gazetteer()
    out = {}
    for a, b, eid in doc._.get(geocode.WITHIN_ATTR) or []:
        e = gaz.get(eid)
        assert e is not None and e.lat is not None
        out[doc.text[a:b]] = (e.name, e.country or "", e.admin1)
    return out


def test_a_facility_named_after_a_place_carries_the_place(nlp: Language) -> None:
    found = within(nlp, "Deputies booked the man into the Henderson County Jail in Athens, Texas, on Monday.")
    assert found["Henderson County"][1:] == ("US", "TX")  # the Texas county, as the report's places say
    found = within(nlp, "Flights at Vancouver International Airport in British Columbia were delayed.")
    assert found["Vancouver"][1:] == ("CA", "02")
    found = within(nlp, "Containers piled up at the Port of Los Angeles, California officials said.")
    assert found["Los Angeles"][:2] == ("Los Angeles", "US")


def test_a_name_that_only_begins_with_a_small_towns_name_carries_no_place(nlp: Language) -> None:
    # "Best" is a Dutch town, "Grand" several: words of a brand or a description, not a place of the report
    assert within(nlp, "The band played at the Best Western Hotel in Illinois on Friday.") == {}
    gaz = load_gazetteer()
    assert geocode.place_within("Grand Canal Square", geocode.PlaceContext(), gaz) is None


def test_one_word_inside_a_name_needs_the_report_to_place_it(nlp: Language) -> None:
    gaz = load_gazetteer()
    us = geocode.PlaceContext(countries={"US"})
    # a person's name before a kind word: a South African town called George is no place of a US story
    assert geocode.place_within("George Washington University", us, gaz) is None
    assert geocode.place_within("Thomas Memorial Hospital", us, gaz) is None
    # a city of millions is what an airport named after it means, wherever the story is
    hit = geocode.place_within("Copenhagen Airport", us, gaz)
    assert hit is not None and hit[2] == "copenhagen"


def test_a_citys_alternate_name_never_gives_it_its_countrys_weight() -> None:
    gaz = load_gazetteer()
    # geonames lists "Victoria" for the city of Hong Kong, whose id is the territory's
    ids = geocode.candidates("Victoria", gaz)
    assert "hong-kong" not in ids
    assert geocode.choose("Victoria", ids, geocode.PlaceContext(), gaz) == "victoria-au"
    assert geocode.candidates("Hong Kong", gaz)[0] == "hong-kong"


def test_a_small_towns_longer_name_beats_the_state_inside_it(nlp: Language) -> None:
    doc = nlp("Police in North Kansas City, Missouri, said the road was closed.")
    ents = {e.text: e.kb_id_ for e in doc.ents}
    e = load_gazetteer().get(ents["North Kansas City"])  # a town of 4,000 no main table holds, not Kansas
    assert e is not None and (e.country, e.admin1) == ("US", "MO")
