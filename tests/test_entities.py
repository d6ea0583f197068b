"""Tests of the entity layer: each linking rule on sentences written for these tests."""

from __future__ import annotations

import gc
import time

import pytest

from armswatch.clean.models import Article
from armswatch.entities import link_doc, link_entities
from armswatch.entities.gazetteer import build_gazetteer, normalise, translit_key


@pytest.fixture(scope="module")
def nlp():
    from armswatch.nlp import load_pipeline

    return load_pipeline()


def ids(nlp, text: str) -> dict[str, str]:
    """surface form -> entity id for one text."""
    return {m.text: m.entity_id for m in link_doc(nlp(text))}


def article(doc_id: str, body: str) -> Article:
    return Article(id=doc_id, source=doc_id, title=None, published=None, reference_date="2024-01-01",
                   reference_date_inferred=True, outlet=None, author=None, body=body, content_sha256="")


def test_gazetteer_builds_in_under_a_second() -> None:
    # CPU time: robust to other processes loading the machine; the cyclic collector off while timing, as
    # its full collections would scan everything earlier tests left alive in this process (1.02 s in the
    # whole suite under load, 0.4-0.6 s alone)
    gc.collect()
    gc.disable()
    try:
        t = time.process_time()
        gaz = build_gazetteer()
        spent = time.process_time() - t
    finally:
        gc.enable()
    assert spent < 1.0
    assert gaz.get("north-korea").wikidata == "Q423"
    assert "DPRK" in gaz.phrases


def test_normalise_and_transliteration_keys() -> None:
    assert normalise("Kim Jong-un") == normalise("Kim Jong Un")
    assert normalise("the Kremlin's") == "kremlin"
    assert translit_key("Dunay") == translit_key("Dunai")
    assert translit_key("Zelenskyy") == translit_key("Zelensky")


def test_aliases_of_one_state_are_one_entity(nlp) -> None:
    found = ids(nlp, "The DPRK denied it. North Korea has long traded with China, and the Democratic "
                     "People's Republic of Korea keeps doing so.")
    assert set(found.values()) >= {"north-korea", "china"}
    assert found["DPRK"] == found["North Korea"] == "north-korea"


def test_seat_of_power_is_government_unless_the_place_is_meant(nlp) -> None:
    found = ids(nlp, "Pyongyang rejected the charge on Monday.")
    assert found["Pyongyang"] == "north-korea"
    found = ids(nlp, "The envoys met in Pyongyang on Monday.")
    assert found["Pyongyang"] == "pyongyang"
    found = ids(nlp, "The Kremlin said the claims were false.")
    assert "russia" in found.values()


def test_titles_and_honorifics_are_not_entities(nlp) -> None:
    found = ids(nlp, "Secretary of State Antony Blinken met Mr Lavrov in Geneva.")
    assert found["Antony Blinken"] == "antony-blinken"
    assert found.get("Lavrov") == "sergei-lavrov"
    assert "State" not in found


def test_possessive_and_demonym_qualify_an_institution(nlp) -> None:
    found = ids(nlp, "Russia's Foreign Ministry issued a note, and the Iranian navy held a drill.")
    assert "ministry-of-foreign-affairs-of-russia" in found.values()
    assert "navy-of-iran" in found.values()
    found = ids(nlp, "A senior official at the Foreign Ministry in Seoul spoke to reporters.")
    assert "ministry-of-foreign-affairs-of-south-korea" in found.values()


def test_generic_institution_alone_is_not_an_entity(nlp) -> None:
    found = ids(nlp, "The Foreign Ministry declined to comment on the matter.")
    assert not found


def test_demonym_in_actor_position_links_to_country(nlp) -> None:
    found = ids(nlp, "Russian ships were seen loading crates at the quay.")
    assert found["Russian"] == "russia"


def test_short_form_after_full_name_in_same_report(nlp) -> None:
    found = ids(nlp, "Defence analyst Margaret Vellacott reviewed the photographs. "
                     "Vellacott said the crates held shells.")
    assert found["Margaret Vellacott"] == found["Vellacott"]


def test_the_north_needs_a_korean_context(nlp) -> None:
    found = ids(nlp, "South Korea said the North had fired two missiles.")
    assert found["the North"] == "north-korea"
    found = ids(nlp, "Storms hit the North of England overnight.")
    assert "the North" not in found


def test_a_city_the_ner_calls_a_person_links_where_it_stands_as_a_place(nlp) -> None:
    assert ids(nlp, "Russian missiles struck a port in Odessa overnight.")["Odessa"] == "odesa"
    # the name of a kind of place: "the Rafah camp", "the Kherson region"
    assert ids(nlp, "Aid groups condemned the strike on the Rafah camp.").get("Rafah") == "rafah"


def test_a_name_the_report_uses_for_a_place_is_that_place_throughout(nlp) -> None:
    doc = nlp("Clashes spread in Aleppo on Tuesday. Government helicopter gunships attacked Aleppo, "
              "activists said.")
    assert {m.entity_id for m in link_doc(doc) if m.text == "Aleppo"} == {"aleppo-sy"}


def test_equal_length_plain_alias_beats_a_context_alias(nlp) -> None:
    found = ids(nlp, "The North Korean shells reached Russia, South Korea said.")
    assert found.get("North Korean") == "north-korea"


def test_national_security_council_is_not_the_un_security_council(nlp) -> None:
    found = ids(nlp, "National Security Council spokesman John Kirby spoke at the White House.")
    assert found.get("National Security Council") == "us-national-security-council"
    assert "un-security-council" not in found.values()


def test_a_distinctive_surname_the_ner_model_missed_links_where_it_names_someone(nlp) -> None:
    assert ids(nlp, "Lavrov held talks with his counterpart in Moscow.")["Lavrov"] == "sergei-lavrov"
    assert "Cleverly" not in ids(nlp, "Cleverly, the ministry kept quiet about the convoy.")


def test_a_surname_the_ner_model_calls_a_place_is_the_person(nlp) -> None:
    assert ids(nlp, "Blinken travelled to Seoul to meet Yoon.")["Yoon"] == "yoon-suk-yeol"


def test_transliteration_variants_link(nlp) -> None:
    found = ids(nlp, "The containers were unloaded at the port of Dunai, near Vladivostok.")
    assert "dunay" in found.values()
    found = ids(nlp, "Kim Jong-un inspected the factory.")
    assert found["Kim Jong-un"] == "kim-jong-un"


def test_vessel_names_need_a_ship_in_the_sentence(nlp) -> None:
    found = ids(nlp, "The cargo ship Angara left the harbour at night.")
    assert found["Angara"] == "angara"
    found = ids(nlp, "Maria said she would travel next week.")
    assert "maria" not in found.values()


def test_page_furniture_is_not_an_entity(nlp) -> None:
    body = ("Share on Facebook\nTwitter\n"
            "The inspectors met officials in Geneva on Tuesday to discuss the cargo.")
    found = ids(nlp, body)
    assert "facebook" not in found.values() and "twitter" not in found.values()


def test_link_entities_merges_across_reports(nlp) -> None:
    ann = link_entities([
        article("a", "Tarvo Logistics shipped the crates to Najin, officials said."),
        article("b", "Investigators named Tarvo Logistics and the port of Rajin in their report."),
    ], nlp=nlp)
    by_id = {e.id: e for e in ann.entities}
    assert by_id["najin"].documents == ["a", "b"]
    assert any("Rajin" in a for a in by_id["najin"].aliases)
    assert by_id["najin"].lat is not None
    tarvo = [e for e in ann.entities if e.name == "Tarvo Logistics"]
    assert len(tarvo) == 1 and tarvo[0].documents == ["a", "b"] and tarvo[0].type == "organization"
    assert [m.start for m in ann.mentions["a"]] == sorted(m.start for m in ann.mentions["a"])
    body = "Tarvo Logistics shipped the crates to Najin, officials said."
    assert all(body[m.start:m.end] == m.text for m in ann.mentions["a"])
    assert [e.id for e in ann.entities] == sorted(e.id for e in ann.entities)


def test_missing_model_gives_a_clear_error(monkeypatch) -> None:
    from armswatch import nlp as nlp_module

    monkeypatch.setattr(nlp_module, "MODEL_PACKAGES", ("armswatch_no_such_model",))
    with pytest.raises(nlp_module.ModelNotInstalledError, match="never downloads"):
        nlp_module.load_base_pipeline()


def test_another_surname_is_another_person() -> None:
    from armswatch.entities import link_doc
    from armswatch.nlp import load_pipeline

    doc = load_pipeline()("Vladimir Putilin, a businessman in Tula, was sanctioned.")
    assert "vladimir-putin" not in [m.entity_id for m in link_doc(doc)]


def test_a_person_the_model_reads_is_no_small_namesake_town() -> None:
    from armswatch.entities import link_doc
    from armswatch.entities.gazetteer import load_gazetteer
    from armswatch.nlp import load_pipeline

    gaz = load_gazetteer()
    doc = load_pipeline()("Ministers met on Monday, and Bush said Iran should stop.")
    kinds = [(m.text, (gaz.get(m.entity_id) or m).__dict__.get("type")) for m in link_doc(doc)]
    assert ("Bush", "place") not in kinds
    doc = load_pipeline()("Fighting raged in Odesa on Monday.")
    assert [m.entity_id for m in link_doc(doc)] == ["odesa"]


def test_an_honorific_makes_a_person_whatever_the_name_resembles(nlp) -> None:
    found = ids(nlp, "Mr Cameron insisted it would be very perilous for the US to step back.")
    assert found.get("Cameron") not in (None, "cameroon")


def test_a_generic_group_is_named_with_its_demonym() -> None:
    from armswatch.entities import _with_demonym
    from armswatch.entities.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    assert _with_demonym("generic-armed_group-syria-rebel", "rebels", gaz) == "Syrian rebels"
    assert _with_demonym("generic-armed_group-rebel", "rebels", gaz) == "rebels"


def test_a_region_named_only_by_directions_is_no_place_of_its_own(nlp) -> None:
    found = ids(nlp, "Floods hit the South East and the Western suburbs of the city on Monday.")
    assert not any(eid and eid.startswith(("south-east", "western")) for eid in found.values())


def test_a_minor_place_linked_in_another_process_keeps_its_point() -> None:
    """--workers 2: the geocoder of a worker made the small town known to its own gazetteer only; the
    merge in the main process finds it again by name (the dossier was not the same as with one worker)."""
    from armswatch.entities import merge_entities
    from armswatch.entities.gazetteer import load_gazetteer
    from armswatch.entities.linking import EntityMention

    gaz = load_gazetteer()
    gaz.city_rows.pop("west-us-4740686", None)
    gaz.entries.pop("west-us-4740686", None)
    [place] = merge_entities({"r1": [EntityMention("west-us-4740686", "West", 0, 4)]}, gazetteer=gaz)
    assert place.name == "West" and place.type == "place"
    assert place.lat == pytest.approx(31.80, abs=0.01) and place.lon == pytest.approx(-97.09, abs=0.01)


def test_a_name_two_countries_share_takes_the_usual_one_unless_the_report_names_the_other(nlp) -> None:
    assert ids(nlp, "Militias clashed in eastern Congo.")["Congo"] == "democratic-republic-of-the-congo"
    found = ids(nlp, "Officials in Brazzaville said Congo would buy patrol boats.")
    assert found["Congo"] == "republic-of-the-congo"
    assert build_gazetteer().country_of("Congo") == "democratic-republic-of-the-congo"  # "Congo's army"


def test_credit_lines_and_an_authors_note_name_no_entities() -> None:
    from armswatch.entities.notnames import credit_ranges

    body = ("Chad bought rifles.\n(Reporting by Ann Bee; Editing by Cy Dee)\nMore text.\n"
            "Jo Ray is a senior fellow at a Paris institute.\nShe also teaches.")
    ranges = credit_ranges(body)
    assert any(lo <= body.index("Ann Bee") < hi for lo, hi in ranges)
    assert any(lo <= body.index("She also") < hi for lo, hi in ranges)
    assert not any(lo <= body.index("Chad") < hi for lo, hi in ranges)
    assert not any(lo <= body.index("More text") < hi for lo, hi in ranges)


def test_a_title_alone_is_its_holder_named_in_the_report_else_the_office(nlp) -> None:
    # the holder the report names with the title, before or after; the state's own word stays the state's
    found = ids(nlp, "Chilean President Ana Soto toured the base. The Chilean president said the jets came.")
    assert found["president"] == "ana-soto" and found["Chilean"] == "chile"
    found = ids(nlp, "Mongolia's foreign minister flew to Seoul.")
    assert found["minister"] == "foreign-minister-of-mongolia"
    office = build_gazetteer().get("foreign-minister-of-mongolia")
    assert office is not None and office.type == "person" and office.name == "Foreign Minister of Mongolia"
    # no state and no holder named: whose president is not guessed; a former holder is not the office
    assert "president" not in ids(nlp, "The president said the talks would go on.")
    assert "president" not in ids(nlp, "The former Chilean president denied the claim.")


def test_an_office_title_before_a_name_is_the_persons_title(nlp) -> None:
    found = ids(nlp, "UN Secretary-General Kofi Mensah urged calm. The UN Secretary-General said war loomed.")
    assert set(found.values()) == {"kofi-mensah"}  # not the office and its holder as two entities


def test_he_after_an_office_is_the_office_and_its_state(nlp) -> None:
    from datetime import date

    from armswatch.events.extract import extract_events

    doc = nlp("The Peruvian president arrived in Lima on Tuesday. He condemned the sanctions on Chile.")
    events = extract_events(doc, "t", date(2024, 3, 15), link_doc(doc))
    assert any(e.type == "condemnation" and {"president-of-peru", "peru"} <= set(e.actor) for e in events)


def test_a_states_mission_to_the_un_and_central_bank_are_its_institutions(nlp) -> None:
    found = ids(nlp, "Chile's mission to the United Nations said Peru's central bank had been warned; the UN "
                     "mission in Mali said nothing.")
    assert found["Chile's mission to the United Nations"] == "un-mission-of-chile"
    assert found["Peru's central bank"] == "central-bank-of-peru"
    assert "un-mission-of-mali" not in found.values()  # the UN's own mission, not Mali's


def test_the_last_words_of_a_name_given_in_full_are_that_name(nlp) -> None:
    found = ids(nlp, "Interior Minister Luis Perez Soto flew to Quito. Perez Soto said the guns came by sea.")
    assert found["Perez Soto"] == found["Luis Perez Soto"]
    found = ids(nlp, "US Southern Command sent two ships. Southern Command said they would stay a month.")
    assert found["Southern Command"] == found["US Southern Command"]
    # a prefix of stance is no part of the name ("a pro-Houthi channel" names the Houthis)
    assert "pro-Muslim Brotherhood" not in ids(nlp, "A pro-Muslim Brotherhood channel aired the calls.")


def test_an_acronym_and_the_name_whose_initials_it_is_are_one_body(nlp) -> None:
    found = ids(nlp, "Kenya Airways Freight (KAF) flew the crates to Juba, and KAF said it had not known.")
    assert found["KAF"] == found["Kenya Airways Freight"]


def test_a_former_holder_is_not_the_title_and_a_title_never_names_its_holder(nlp) -> None:
    found = ids(nlp, "Prime Minister Ana Rios met the envoy at the funeral of former Prime Minister Luis "
                     "Vega. The prime minister said the talks would resume.")
    assert found["minister"] == "ana-rios"
    body = ("Prime Minister Dan Avi spoke. The prime minister said no. The prime minister left. "
            "The prime minister wept.")
    (entity,) = link_entities([article("t", body)], nlp).entities
    assert entity.name == "Dan Avi" and "minister" in entity.aliases
