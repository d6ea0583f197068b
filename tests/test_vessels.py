"""Vessels: ship names read from their context, IMO numbers, flags, past names, the gazetteer's ships.

Every sentence here was written for these tests; the ship names are invented unless they are the gazetteer's.
"""

from __future__ import annotations

import pytest
import yaml

from armswatch.clean.models import Article
from armswatch.dossier import entity_record
from armswatch.dossier.build import dossier_schema
from armswatch.entities import Entity, link_doc, link_entities
from armswatch.entities.gazetteer import DATA_DIR, GazetteerEntry, _Builder, load_gazetteer
from armswatch.entities.vessels import imo_valid, vessel_key


@pytest.fixture(scope="module")
def nlp():
    from armswatch.nlp import load_pipeline

    return load_pipeline()


def mentions(nlp, text: str) -> dict[str, object]:
    """surface form -> its mention (the last one of that form)."""
    return {m.text: m for m in link_doc(nlp(text))}


def article(doc_id: str, body: str) -> Article:
    return Article(id=doc_id, source=doc_id, title=None, published=None, reference_date="2024-01-01",
                   reference_date_inferred=True, outlet=None, author=None, body=body, content_sha256="")


def entities(nlp, *bodies: str) -> dict[str, Entity]:
    ann = link_entities([article(f"d{i}", b) for i, b in enumerate(bodies)], nlp=nlp)
    return {e.id: e for e in ann.entities}


# ---- IMO numbers


def test_imo_check_digit() -> None:
    assert imo_valid("9074729")  # 9*7 + 0*6 + 7*5 + 4*4 + 7*3 + 2*2 = 139 -> 9
    assert not imo_valid("9074728")
    assert not imo_valid("907472")
    assert not imo_valid("90747290")
    assert not imo_valid("907472X")


def test_every_gazetteer_imo_has_a_valid_check_digit() -> None:
    rows = yaml.safe_load((DATA_DIR / "vessels.yaml").read_text(encoding="utf-8"))
    numbers = [str(r["imo"]) for r in rows if r.get("imo")]
    assert len(numbers) >= 20
    for number in numbers:
        assert imo_valid(number), number
    assert len(set(numbers)) == len(numbers)
    for r in rows:
        assert r.get("source"), r["name"]
    gaz = load_gazetteer()
    assert gaz.imos["8905490"] == "wise-honest"


def test_a_gazetteer_vessel_with_a_wrong_imo_is_refused() -> None:
    with pytest.raises(ValueError, match="check digit"):
        _Builder().vessel(GazetteerEntry(id="x", name="X", type="vessel", imo="9074728"))


def test_imo_number_in_the_text_is_read_into_the_entity(nlp) -> None:
    found = mentions(nlp, "Inspectors boarded the Silver Harbour (IMO 9074729) off the coast on Monday.")
    m = found["Silver Harbour"]
    assert m.entity_id == "silver-harbour-9074729" and m.imo == "9074729"  # its number keeps namesakes apart
    assert "IMO" not in found  # the number's label, not the International Maritime Organization
    # a number whose check digit is wrong is not an IMO number: the ship stands, the number is dropped
    found = mentions(nlp, "Inspectors boarded the Silver Harbour (IMO 9074728) off the coast on Monday.")
    assert found["Silver Harbour"].imo is None


def test_an_imo_number_the_gazetteer_knows_links_its_ship_whatever_its_name(nlp) -> None:
    found = mentions(nlp, "The bulk carrier Ocean Dawn (IMO 8905490) was detained with a cargo of coal.")
    assert found["Ocean Dawn"].entity_id == "wise-honest"


# ---- ship contexts


@pytest.mark.parametrize(("text", "name"), [
    ("The Kestrel Bay, a North Korean-flagged freighter, docked at Nampo on Tuesday.", "Kestrel Bay"),
    ("Crates of rifles were found aboard the Orion Lantern after it reached port.", "Orion Lantern"),
    ("Customs officers inspected the M/V Amber Coast when it reached port.", "Amber Coast"),
    ("Customs officers inspected the MV Amber Coast when it reached port.", "Amber Coast"),
    ("Customs officers said the tanker Grey Heron switched off its transponder.", "Grey Heron"),
    ("France detained a Russian-flagged cargo ship, Polar Dawn, on Saturday.", "Polar Dawn"),
    ("Monitors said the vessel was a crude tanker named Blue Marlin 7, bound for Syria.", "Blue Marlin 7"),
    ("The Sea Falcon (IMO 9074729) was seen loading crates at night.", "Sea Falcon"),
])
def test_ship_context_makes_a_vessel(nlp, text: str, name: str) -> None:
    doc = nlp(text)
    ents = {e.text: e.label_ for e in doc.ents if e.kb_id_}
    assert ents.get(name) == "VESSEL", ents


def test_flags_are_read(nlp) -> None:
    found = mentions(nlp, "The Kestrel Bay, a North Korean-flagged freighter, docked at Nampo on Tuesday.")
    assert found["Kestrel Bay"].flag == "KP"
    found = mentions(nlp, "France detained a Russian-flagged cargo ship, Polar Dawn, on Saturday.")
    assert found["Polar Dawn"].flag == "RU"
    found = mentions(nlp, "The tanker Grey Heron, flying the Panamanian flag, switched off its transponder.")
    assert found["Grey Heron"].flag == "PA"


def test_a_vessel_is_not_typed_person_or_place(nlp) -> None:
    # the NER calls these a person and a place; their context says they are ships
    ents = entities(nlp, "We wrote last week about the 80-metre yacht, Graceful Wind, owned by a tycoon.",
                    "The Jin Tai, a Sierra Leone-flagged freighter, was impounded in Subic Bay.",
                    "The M/V Gibraltar Hawk was struck by a missile in the Red Sea.")
    assert ents["graceful-wind"].type == "vessel"
    assert ents["jin-tai"].type == "vessel" and ents["jin-tai"].flag == "SL"
    assert ents["gibraltar-hawk"].type == "vessel"
    assert "gibraltar" not in ents  # not the territory


def test_names_that_are_not_ships_stay_what_they_are(nlp) -> None:
    found = mentions(nlp, "Officials said the tanker Iran seized last week was carrying fuel.")
    assert found["Iran"].entity_id == "iran"
    found = mentions(nlp, "The Navy seized a Suezmax tanker loaded with crude oil on Thursday.")
    assert "Suezmax" not in found
    found = mentions(nlp, "A maritime monitoring website, Tanker Trackers, said the ship had gone dark.")
    assert "Trackers" not in found
    found = mentions(nlp, "A jet fired a Long-Range Anti-Ship Missile at the hulk during the exercise.")
    assert all(m.entity_id != "missile" for m in found.values())


def test_a_ship_named_in_context_is_the_ship_everywhere_in_the_report(nlp) -> None:
    found = mentions(nlp, "The Kestrel Bay, a North Korean-flagged freighter, docked at Nampo. "
                          "Satellite images showed crates beside the Kestrel Bay two days later.")
    assert found["Kestrel Bay"].entity_id == "kestrel-bay"
    assert len([m for m in link_doc(nlp("The tanker Grey Heron left. Grey Heron returned."))
                if m.entity_id == "grey-heron"]) == 2


def test_navy_ships_and_their_short_names(nlp) -> None:
    doc = nlp("The destroyer USS Marlowe escorted the convoy. Laboon-class ships followed the USS Marlowe, "
              "and Marlowe fired twice. Later the ex-USS Brandt was sunk; a missile hit the ex-Brandt.")
    ids = {e.text: e.kb_id_ for e in doc.ents if e.kb_id_}
    assert ids["USS Marlowe"] == "uss-marlowe" and ids["Marlowe"] == "uss-marlowe"
    assert ids["USS Brandt"] == "uss-brandt" and ids["Brandt"] == "uss-brandt"


# ---- past names


@pytest.mark.parametrize("text", [
    "Monitors said the tanker was the Amber Coast, formerly known as the Grey Heron, bound for Syria.",
    "The tanker Grey Heron was renamed the Amber Coast in 2021 and kept sailing to Syria.",
    "The ship, then called the Grey Heron, was later renamed the Amber Coast.",
    "Port records list the tanker Amber Coast (ex-Grey Heron) as arriving on Monday.",
])
def test_a_past_name_is_merged(nlp, text: str) -> None:
    found = mentions(nlp, text)
    assert found["Amber Coast"].entity_id == found["Grey Heron"].entity_id == "amber-coast"
    assert found["Grey Heron"].former and not found["Amber Coast"].former
    ents = entities(nlp, text)
    assert ents["amber-coast"].name == "Amber Coast"  # the current name names the ship
    assert "Grey Heron" in ents["amber-coast"].aliases


def test_a_past_name_is_merged_across_reports(nlp) -> None:
    ents = entities(nlp, "Monitors said the tanker was the Amber Coast, formerly known as the Grey Heron.",
                    "The Grey Heron, a Panama-flagged tanker, was seized by the coast guard last year.")
    assert "grey-heron" not in ents
    assert ents["amber-coast"].documents == ["d0", "d1"]
    assert ents["amber-coast"].flag == "PA"


def test_spellings_of_one_ship_are_one_entity() -> None:
    assert vessel_key("St Nikolas") == vessel_key("St. Nicholas") == vessel_key("Saint Nikolas")
    assert vessel_key("Yu Jong No. 2") == vessel_key("Yu Jong 2")
    assert vessel_key("Maia-1") == vessel_key("Maia 1")


def test_gazetteer_past_name_links_to_the_ship(nlp) -> None:
    found = mentions(nlp, "The tanker Grace 1 was detained off Gibraltar.")
    assert found["Grace 1"].entity_id == "adrian-darya-1"
    found = mentions(nlp, "The CHON MA SAN, a tanker, took on fuel at sea.")
    assert found["CHON MA SAN"].entity_id == "chon-ma-san"


# ---- the dossier


def test_dossier_entity_carries_imo_and_flag() -> None:
    import jsonschema

    e = Entity(id="amber-coast", name="Amber Coast", type="vessel", aliases=["Grey Heron"], documents=["d0"],
               imo="9074729", flag="PA")
    record = entity_record(e)
    assert record["imo"] == "9074729" and record["flag"] == "PA"
    entity_schema = {"$defs": dossier_schema()["$defs"], "$ref": "#/$defs/entity"}
    jsonschema.validate(record, entity_schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**record, "imo": "12345"}, entity_schema)
    plain = entity_record(Entity(id="x", name="X", type="person", aliases=[], documents=[]))
    assert "imo" not in plain and "flag" not in plain


def test_the_ship_points_to_the_ship_named_before(nlp) -> None:
    from armswatch.entities.vessels import ship_anaphors

    doc = nlp("The tanker Grey Heron left Bandar Abbas on Monday. The same ship was seized two days later. "
              "Officials said the crude oil tanker had switched off its transponder.")
    vessel_at: list[str | None] = [None] * len(doc)
    for e in doc.ents:
        if e.label_ == "VESSEL":
            vessel_at[e.start:e.end] = [e.kb_id_] * (e.end - e.start)
    found = ship_anaphors(doc, vessel_at)
    nouns = {doc[i].text: eid for i, eid in found.items()}
    assert nouns == {"ship": "grey-heron", "tanker": "grey-heron"}
    assert [doc[i].text for i in found][0] == "ship"  # "The tanker Grey Heron": a name follows, no anaphor


def test_a_namesake_ship_with_another_imo_is_another_ship() -> None:
    from armswatch.entities import link_doc
    from armswatch.nlp import load_pipeline

    doc = load_pipeline()("The Russian cargo ship ANGARA, with IMO 9616101, docked at Rostov.")
    (ship,) = [m for m in link_doc(doc) if m.text == "ANGARA"]
    assert ship.entity_id != "angara" and ship.imo == "9616101"


# ---- names that are ships by their form: a ship's number, the gazetteer's ships in any spelling


@pytest.mark.parametrize(("text", "name", "eid"), [
    ("The Samjong 2 was named in the Panel's report.", "Samjong 2", "sam-jong-2"),
    ("The Tong San No. 2 was denied entry to every port.", "Tong San No. 2", "tong-san-2"),
    ("The Petrel-8 was among the ships banned from all ports.", "Petrel-8", "petrel-8"),
    ("Egypt intercepted the JIE SHUN carrying grenades.", "JIE SHUN", "jie-shun"),
    ("Panama stopped the Chongchongang with jets under sugar.", "Chongchongang", "chong-chon-gang"),
    ("The An-San 1 took oil from a foreign tanker.", "An-San 1", "an-san-1"),
    ("A tanker with IMO 8705539 switched off its transponder.", "IMO 8705539", "kum-un-san-3"),
])
def test_a_known_ship_in_another_spelling_or_by_its_number_alone(nlp, text: str, name: str, eid: str) -> None:
    assert mentions(nlp, text)[name].entity_id == eid


@pytest.mark.parametrize(("text", "name"), [
    ("Analysts said the Kestrel 4 unloaded crates at dawn.", "Kestrel 4"),
    ("Monitors put the Orion Star II near the strait on Friday.", "Orion Star II"),
    ("Coastguards stopped the Malta-flagged Silver Pelican at dawn.", "Silver Pelican"),
    ("A vessel calling itself Blue Otter left the port at night.", "Blue Otter"),
    ("The Kestrel-4 was among the ships banned from all ports.", "Kestrel-4"),
])
def test_a_name_with_a_ships_number_or_flag_is_a_ship(nlp, text: str, name: str) -> None:
    ents = {e.text: e.label_ for e in nlp(text).ents if e.kb_id_}
    assert ents.get(name) == "VESSEL", ents


@pytest.mark.parametrize("text", [
    "The Falcon 9 rocket lifted off from the pad on Monday.",
    "Allies invoked the Article 5 clause after the attack.",
    "The Boeing 747 landed in Tehran after a long flight.",
    "The Hwasong-18 was launched from near Pyongyang.",
    "I shoot with the Canon 5D Mark IV on board the ferry, and the Sony A7 IV too.",
    "The Nintendo Switch 2 will be released in 2025.",
    "The Falcon 9 rocket lifted off; the West 37 or 10% of the cargo went by sea.",
])
def test_numbered_names_that_are_no_ships(nlp, text: str) -> None:
    assert not [e for e in nlp(text).ents if e.label_ == "VESSEL"]


def test_an_unknown_ship_with_an_imo_number_is_never_merged_across_numbers(nlp) -> None:
    ents = entities(nlp, "The cargo ship Kestrel Moon (IMO 9074729) docked at Nampo.",
                    "The cargo ship Kestrel Moon (IMO 9321483) docked at Rostov.",
                    "The tanker Grey Dove (IMO 9074729) was seen off Busan.",
                    "The tanker Grey Dove was seen again later.")
    moons = [e for e in ents.values() if e.name == "Kestrel Moon"]
    assert sorted(e.imo for e in moons) == ["9074729", "9321483"]
    (dove,) = [e for e in ents.values() if e.name == "Grey Dove"]  # the bare name: the one numbered ship
    assert dove.imo == "9074729" and dove.documents == ["d2", "d3"]


def test_ship_nouns_are_read_as_from_each_token(nlp) -> None:
    """ship_noun_flags (one to_array, a prefilter on the words it can accept) gives `_is_ship_noun` of every
    token, 'carrier' only after a word that makes it a ship."""
    from armswatch.entities.vessels import _is_ship_noun, ship_noun_flags

    doc = nlp("The aircraft carrier and two Tankers met a carrier of the airline. Vessels, ships and a "
              "bulk carrier docked; the SHIP left.")
    flags = ship_noun_flags(doc)
    assert flags == [_is_ship_noun(doc, i) for i in range(len(doc))]
    assert [t.text for t, f in zip(doc, flags, strict=True) if f] == [
        "carrier", "Vessels", "ships", "carrier", "SHIP"]
