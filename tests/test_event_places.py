"""Where events took place (`events/frames/places.py`, the later-sentence rule in `events/extract.py`), on
sentences written for these tests."""

from __future__ import annotations

from datetime import date

from armswatch.entities import link_doc
from armswatch.events.extract import extract_events
from armswatch.events.models import EventMention
from armswatch.nlp import load_pipeline


def events(text: str) -> list[EventMention]:
    doc = load_pipeline()(text)
    return extract_events(doc, "t", date(2024, 3, 15), link_doc(doc))


def places(text: str, etype: str) -> set[tuple[str, str]]:
    return {(p.entity, p.role) for e in events(text) if e.type == etype for p in e.places}


def test_a_weapon_fired_from_a_country_came_from_there() -> None:
    text = "Rebel fighters fired three rockets from Lebanon and hit a kibbutz in northern Israel."
    assert {("lebanon", "origin"), ("israel", "location")} <= places(text, "attack")
    text = "Missiles launched from Yemen struck a tanker in the Red Sea."
    assert ("yemen", "origin") in places(text, "attack")


def test_a_test_takes_place_where_the_missile_left() -> None:
    text = "Pakistan test-fired a cruise missile from a warship in the Arabian Sea."
    assert places(text, "weapons_test") == {("arabian-sea", "location")}


def test_the_attackers_place_is_where_blows_came_from_or_fell() -> None:
    text = "Militants in Gaza shelled the border town of Sderot."
    assert {("sderot", "location"), ("gaza-strip", "origin")} <= places(text, "attack")
    assert ("kandahar-af", "location") in places("Gunmen in Kandahar attacked a police checkpoint.", "attack")


def test_a_place_inside_a_groups_name_places_nothing() -> None:
    text = "The Islamic Resistance in Iraq said it attacked a US base on Sunday."
    assert ("iraq", "location") not in places(text, "attack")
    assert ("iraq", "origin") not in places(text, "attack")


def test_sanctions_from_a_state_have_no_origin() -> None:
    text = "New sanctions from the European Union hit Russian banks in France."
    assert not any(role == "origin" for _, role in places(text, "sanction"))


def test_a_meeting_for_a_summit_is_where_the_summit_is() -> None:
    text = "The Kremlin hosted the Chinese delegation for a summit in Kazan."
    assert ("kazan", "location") in places(text, "meeting")


def test_a_later_sentence_tells_where_the_event_took_place() -> None:
    text = ("Iran fired a ballistic missile on Friday, officials said. "
            "The launch took place near the coastal city of Chabahar, they added.")
    assert places(text, "weapons_test") == {("chabahar", "location")}


def test_a_later_sentence_about_another_kind_of_event_places_nothing() -> None:
    text = ("Iran fired a ballistic missile on Friday. "
            "The attack on the tanker took place in the Gulf of Oman.")
    assert places(text, "weapons_test") == set()


def test_a_relative_clause_of_place_holds_the_event() -> None:
    text = "Erdogan travelled to Sochi, where he met Putin for three hours."
    assert ("sochi", "location") in places(text, "meeting")
    text = "The envoys arrived in Baku, in which the Armenian and Azerbaijani ministers held talks on Friday."
    assert ("baku", "location") in places(text, "meeting")
    text = "Sirens sounded across Haifa, where Hezbollah drones struck a naval base on Monday."
    assert ("haifa-il", "location") in places(text, "attack")


def test_a_meeting_at_a_body_is_at_its_premises() -> None:
    text = "Lloyd Austin met his Japanese counterpart at the Pentagon on Thursday."
    assert ("us-department-of-defense", "location") in places(text, "meeting")



def test_a_visit_places_what_the_visitor_said_or_whom_he_met() -> None:
    text = "During a visit to Kyiv on Tuesday, the German chancellor condemned Russia's strikes on dams."
    assert ("kyiv", "location") in places(text, "condemnation")
    text = "On a trip to Hanoi, Putin met the Vietnamese president and signed a defence pact."
    assert ("hanoi", "location") in places(text, "meeting")
    text = "During his stay in Ankara, the Swedish minister met Turkish officials."
    assert ("ankara", "location") in places(text, "meeting")


def test_a_statement_is_where_its_speaker_spoke() -> None:
    text = "Speaking in Brussels on Wednesday, the German minister condemned the Russian strikes on Odesa."
    assert places(text, "condemnation") == {("brussels", "location")}
    text = "Blinken, speaking in Tokyo, condemned the launch as a reckless provocation."
    assert places(text, "condemnation") == {("tokyo", "location")}
    text = "Speaking to reporters in Tokyo, Blinken denounced the North Korean missile launch."
    assert places(text, "condemnation") == {("tokyo", "location")}
    text = "Blinken said in Tokyo that Washington condemned the launch."
    assert places(text, "condemnation") == {("tokyo", "location")}
    # the place of what was condemned is not where the condemning was
    text = "The German minister condemned the Russian strikes on Odesa."
    assert places(text, "condemnation") == set()


def test_a_dateline_places_what_is_said_there_not_deeds_far_away() -> None:
    text = "SEOUL — North Korea fired two ballistic missiles into the sea on Sunday, the military said."
    assert places(text, "weapons_test") == set()
    text = "WASHINGTON — Two navy patrol boats were seized by Iranian forces in the Persian Gulf on Tuesday."
    assert places(text, "seizure") == {("persian-gulf", "location")}
    text = "BRUSSELS — The German foreign minister condemned the Russian strikes on Odesa on Tuesday."
    assert ("brussels", "location") in places(text, "condemnation")


def test_a_seizure_is_made_where_its_seizers_are() -> None:
    assert places("Authorities in Panama seized a North Korean freighter on Monday.", "seizure") == {
        ("panama", "location")}
    text = "Customs officers at the port of Mersin seized a shipment of rifles."
    assert places(text, "seizure") == {("mersin-tr", "location")}
    # where the sentence places the seizure itself wins
    text = "Iranian forces in the Gulf seized a Greek tanker off the coast of Oman."
    assert places(text, "seizure") == {("oman", "location")}


def test_a_place_a_distance_is_measured_from_locates_a_deed() -> None:
    text = "The freighter was attacked by pirates 300 miles off the coast of Somalia in 2011."
    assert places(text, "attack") == {("somalia", "location")}
    assert places("Iranian gunboats seized the tanker 20 miles off the coast of Oman.", "seizure") == {
        ("oman", "location")}
    text = "Russian missiles struck a village 30 kilometres north of Kharkiv on Friday."
    assert places(text, "attack") == {("kharkiv", "location")}
    assert places("Russian drones hit a fuel depot 15 km from Odesa.", "attack") == {("odesa", "location")}


def test_a_country_goods_pass_on_the_way_to_others_is_a_via() -> None:
    text = "Rifles flown into Turkey for Syrian rebels were later found in Idlib."
    assert ("turkey", "via") in places(text, "transfer")
    assert ("russia", "destination") in places("Iran shipped drones to Russia.", "transfer")


def test_a_launch_site_is_a_place_not_a_vehicle_qualified_by_a_state() -> None:
    text = "Militias fired rockets from Lebanon and Syria at Israeli towns."
    assert {("lebanon", "origin"), ("syria", "origin")} <= places(text, "attack")
    text = "Rebels fired a missile from a Russian warship at the port, officials said."
    assert ("russia", "origin") not in places(text, "attack")


def test_according_to_names_a_source_not_a_destination() -> None:
    text = "According to Turkish officials, the ship carried rifles from Ukraine."
    found = [e for e in events(text) if e.type == "transfer"]
    assert found and all("turkey" not in e.target for e in found)
    assert ("turkey", "destination") not in places(text, "transfer")


def test_where_the_weapon_came_down_is_where_the_event_was() -> None:
    text = "North Korea fired a ballistic missile that landed in the Sea of Japan on Thursday."
    assert ("sea-of-japan", "location") in places(text, "weapons_test")
    text = "The militants launched a rocket that failed in flight and crashed in Syria, the army said."
    assert ("syria", "location") in places(text, "attack")


def test_an_attack_falls_where_the_things_it_struck_lie() -> None:
    text = "Dozens of attacks by rebel militias on army garrisons in Chad and Niger were reported last year."
    assert {("chad", "location"), ("niger", "location")} <= places(text, "attack")
    text = "The drone that killed two Dutch sailors in Djibouti was launched by insurgents, the navy said."
    assert ("djibouti", "location") in places(text, "attack")


def test_a_seized_ship_taken_to_a_port_has_that_destination() -> None:
    text = "Coast guards seized a fishing trawler off Sakhalin and towed it to a Russian harbour."
    assert ("russia", "destination") in places(text, "seizure")
    text = "Commandos seized the freighter and escorted it to the port of Mombasa on Friday."
    assert ("mombasa-ke", "destination") in places(text, "seizure")
    # the way it was seized is no journey's end
    text = "Marines seized the cargo ship in the Gulf of Guinea on its way to Lagos."
    assert not any(role == "destination" for _, role in places(text, "seizure"))


def test_a_later_sentence_that_tells_where_the_weapons_were_launched_places_the_test() -> None:
    text = ("Pakistan tested a cruise missile on Monday. The missile was fired from a submarine off the "
            "coast of Karachi.")
    assert places(text, "weapons_test") == {("karachi", "location")}
    # a weapon with no article is not the one told before
    text = "Pakistan tested a cruise missile on Monday. Missiles were fired from Karachi in 2019."
    assert places(text, "weapons_test") == set()


def test_the_verb_carrying_an_event_noun_says_where_it_was() -> None:
    text = "India carried out a test of its Agni missile off the coast of Odisha."
    assert places(text, "weapons_test") == {("odisha", "location")}
    # the parser hangs the place on the weapon tested
    text = "The US conducted a test of a hypersonic missile at Cape Canaveral."
    assert places(text, "weapons_test") == {("cape-canaveral", "location")}
