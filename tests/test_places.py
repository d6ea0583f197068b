"""Places: points for countries and regions, the context geocoder, and the misses of issue 12, on sentences
written for these tests."""

from __future__ import annotations

import pytest
from spacy.language import Language

from armswatch.entities.gazetteer import load_gazetteer


@pytest.fixture(scope="module")
def nlp() -> Language:
    from armswatch.nlp import load_pipeline

    return load_pipeline()


def places(nlp: Language, text: str) -> dict[str, str]:
    """surface form -> entity id of the place mentions of a sentence."""
    gaz = load_gazetteer()
    out = {}
    for e in nlp(text).ents:
        entry = gaz.get(e.kb_id_) if e.kb_id_ else None
        if entry is not None and entry.type in ("country", "place", "facility"):
            out[e.text] = e.kb_id_
    return out


def where(entity_id: str) -> tuple[str | None, str]:
    e = load_gazetteer().get(entity_id)
    assert e is not None
    return e.country, e.admin1


def test_every_country_and_region_has_a_point_with_a_source() -> None:
    gaz = load_gazetteer()
    countries = [e for e in gaz.entries.values() if e.type == "country"]
    missing = [e.id for e in countries if e.lat is None]
    assert len(missing) <= 8, missing  # only territories with no geonames place at all
    for iso2 in ("US", "RU", "KP", "UA", "FR", "IN", "CN", "GB", "JE"):
        e = gaz.get(gaz.country_ids[iso2])
        assert e is not None and e.lat is not None and "lat/lon" in (e.source or "")
    us = gaz.get("united-states")
    assert us is not None and 37 < us.lat < 42 and -102 < us.lon < -95  # Kansas, not Washington DC
    regions = [gaz.get(r) for r in gaz.regions.values()]
    assert len(regions) > 3000 and all(r is not None and r.lat is not None for r in regions)
    texas = gaz.get(gaz.regions[("US", "TX")])
    assert texas is not None and texas.name == "Texas" and 29 < texas.lat < 33 and -101 < texas.lon < -96


def test_us_states_are_states_not_foreign_towns(nlp: Language) -> None:
    found = places(nlp, "Wildfires spread across Colorado while storms hit Virginia on Monday.")
    assert where(found["Colorado"]) == ("US", "CO")
    assert where(found["Virginia"]) == ("US", "VA")


def test_homonyms_follow_the_story(nlp: Language) -> None:
    found = places(nlp, "The mayor of Birmingham said the Alabama city would rebuild after the tornado "
                        "that also struck Tuscaloosa.")
    assert where(found["Birmingham"])[0] == "US"
    found = places(nlp, "Officials in Georgia said Atlanta police had arrested the suspect.")
    assert where(found["Georgia"]) == ("US", "GA")
    found = places(nlp, "Russia accused Georgia of provoking the war in South Ossetia.")
    assert found["Georgia"] == "georgia"


def test_a_longer_place_name_beats_a_partial_hit(nlp: Language) -> None:
    found = places(nlp, "The governor of New Jersey flew to New Mexico last week.")
    assert where(found["New Jersey"]) == ("US", "NJ")
    assert where(found["New Mexico"]) == ("US", "NM")
    assert "jersey" not in found.values() and "mexico" not in found.values()
    found = places(nlp, "The frigate sailed across the Indian Ocean toward Tamil Nadu.")
    assert found["Indian Ocean"] == "indian-ocean"
    assert where(found["Tamil Nadu"]) == ("IN", "25")


def test_tamil_nadu_is_no_person(nlp: Language) -> None:
    doc = nlp("Tamil Nadu reported heavy rain on Sunday.")
    assert [(e.text, e.label_) for e in doc.ents if e.text == "Tamil Nadu"] == [("Tamil Nadu", "GPE")]


def test_state_abbreviations_only_where_a_state_is_expected(nlp: Language) -> None:
    found = places(nlp, "He grew up in Richmond, Va., and moved to Sacramento, Calif., in 2001.")
    assert where(found["Richmond"]) == ("US", "VA")
    assert where(found["Va."]) == ("US", "VA")
    assert where(found["Sacramento"]) == ("US", "CA")
    assert where(found["Calif."]) == ("US", "CA")
    found = places(nlp, "Va. is an abbreviation.")
    assert not any(where(i)[0] == "GH" for i in found.values())  # never Wa, Ghana


def test_no_fuzzy_match_for_short_names() -> None:
    from armswatch.entities.linking import lookup_name

    gaz = load_gazetteer()
    assert lookup_name("Va.", "GPE", gaz) == ""
    assert lookup_name("Wau", "GPE", gaz) != "wa"


def test_region_and_country_context_choose_among_namesakes(nlp: Language) -> None:
    found = places(nlp, "Floods closed roads in Alexandria, Louisiana, and in nearby Pineville.")
    assert where(found["Alexandria"])[0] == "US"
    found = places(nlp, "Protesters gathered in Alexandria and Cairo on Friday.")
    assert where(found["Alexandria"])[0] == "EG"


def test_transfer_countries_carry_points_for_the_map() -> None:
    """The report's map draws a transfer from its actor to its target when both have a point (report.js):
    countries now have one, inside them."""
    from armswatch.clean.models import Article
    from armswatch.entities import link_entities

    body = "North Korea shipped artillery shells to Russia, and Iran sent drones to Venezuela."
    art = Article(id="t", source="t", title=None, published=None, reference_date="2024-01-01",
                  reference_date_inferred=True, outlet=None, author=None, body=body, content_sha256="")
    ents = {e.id: e for e in link_entities([art]).entities}
    for cid, (lat, lon) in {"north-korea": (40.3, 127.4), "russia": (61.7, 99.9), "iran": (32.5, 54.3),
                            "venezuela": (7.1, -66.2)}.items():
        e = ents[cid]
        assert e.lat is not None and e.lon is not None
        assert abs(e.lat - lat) < 4 and abs(e.lon - lon) < 6, (cid, e.lat, e.lon)


def test_regions_of_one_name_yield_to_the_city_the_story_is_about(nlp: Language) -> None:
    found = places(nlp, "San Jose, California, will vote on a water ordinance, officials in Santa Clara "
                        "County said.")
    assert where(found["San Jose"]) == ("US", "CA")  # not the Costa Rican or Uruguayan province


def test_a_capital_listed_among_states_is_the_state(nlp: Language) -> None:
    found = places(nlp, "Cases were confirmed in Arizona, Oregon, Washington and Idaho, health officials "
                        "said.")
    assert where(found["Washington"]) == ("US", "WA")
    found = places(nlp, "Officials in Washington said Arizona would get more money.")
    assert found["Washington"] != load_gazetteer().regions[("US", "WA")]  # the capital, named alone
