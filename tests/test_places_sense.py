"""One place for one name in a report (one sense per discourse), on sentences written for these tests."""

from __future__ import annotations

import pytest
from spacy.language import Language

from armswatch.entities import geocode
from armswatch.entities.gazetteer import load_gazetteer


@pytest.fixture(scope="module")
def nlp() -> Language:
    from armswatch.nlp import load_pipeline

    return load_pipeline()


def regions(nlp: Language, text: str, name: str) -> list[tuple[str, str]]:
    """(country, admin1) of every mention of `name` that the linker placed."""
    gaz, out = load_gazetteer(), []
    for e in nlp(text).ents:
        if e.text == name:
            entry = gaz.get(e.kb_id_) if e.kb_id_ else None
            out.append((entry.country or "", entry.admin1) if entry is not None else ("", ""))
    return out


def within(nlp: Language, text: str) -> dict[str, tuple[str, str]]:
    doc, gaz = nlp(text), load_gazetteer()
    out = {}
    for a, b, eid in doc._.get(geocode.WITHIN_ATTR) or []:
        e = gaz.get(eid)
        assert e is not None
        out[doc.text[a:b]] = (e.country or "", e.admin1)
    return out


def test_a_name_placed_outright_once_is_that_place_throughout(nlp: Language) -> None:
    # Denver would draw a bare "Louisville" to Colorado; the report said which Louisville it means
    text = ("The finalists were Denver, Louisville, Ky., and Boise. Louisville has applied twice before, and "
            "its mayor said Louisville would try again.")
    assert set(regions(nlp, text, "Louisville")) == {("US", "KY")}


def test_a_name_left_unplaced_takes_the_place_the_report_gives_it_elsewhere(nlp: Language) -> None:
    text = ("Abkhazia declared independence in 1992. Russia recognised Abkhazia in 2008, and troops remain "
            "in Abkhazia.")
    assert set(regions(nlp, text, "Abkhazia")) == {("GE", "02")}


def test_a_place_the_report_names_is_that_place_inside_other_names(nlp: Language) -> None:
    found = within(nlp, "Hundreds of people walked the Dublin Art Stroll on Sunday evening. The event is "
                        "held every summer in Dublin, Ohio, near Columbus.")
    assert found == {"Dublin": ("US", "OH")}  # no kind word in 'Art Stroll', but the report names Dublin
    found = within(nlp, "Guests at the Best Western DeKalb Inn were moved after the fire. DeKalb, Illinois, "
                        "firefighters said nobody was hurt.")
    assert found == {"DeKalb": ("US", "IL")}  # not the name's first word


def test_one_sense_prefers_the_outright_place_then_a_namesake_over_a_seat() -> None:
    gaz = load_gazetteer()
    seat = gaz.metonyms["Paris"]
    assert geocode.one_sense({"Louisville": {"louisville", "x"}}, {"Louisville": "louisville"}, gaz) == {
        "Louisville": "louisville"}
    # the capital's default reading yields to the namesake the report's context chose
    namesake = "paris-us-4717560"  # Paris, Texas
    assert geocode.one_sense({"Paris": {seat[0], namesake}}, {}, gaz) == {"Paris": namesake}
    # two readings neither of which is a seat's: left to each mention
    assert geocode.one_sense({"Springfield": {"a", "b"}}, {}, gaz) == {}


def test_a_seat_of_government_stays_the_government_beside_its_city_placed_outright(nlp: Language) -> None:
    gaz = load_gazetteer()
    doc = nlp("Protesters marched in Washington, D.C., on Sunday. Washington said the sanctions would stay.")
    said = [e.kb_id_ for e in doc.ents if e.text == "Washington" and e.start > 8]
    assert said == [gaz.country_ids["US"]]  # the government, as the linker reads it


def test_an_alias_of_context_yields_to_the_longer_place_name_it_runs_into(nlp: Language) -> None:
    # "the South" stands for South Korea only in a Korean story; here it is the start of a town's name
    text = ("Crews from the South Charleston fire department put out the blaze near Charleston, West "
            "Virginia, on Sunday.")
    assert regions(nlp, text, "South Charleston") == [("US", "WV")]
    text = "Officials said the South Ossetian authorities closed the road to Tskhinvali."
    assert regions(nlp, text, "South Ossetian") == [("GE", "")]  # the region's people
