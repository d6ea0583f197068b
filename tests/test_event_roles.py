"""Who did what to whom, and when, where the parse misleads: roles of events on sentences written for these
tests (the probe fixture checks types and actors; these pin the roles a wrong reading would fill)."""

from __future__ import annotations

from tests.test_event_when import events, of_type, span


def roles(text: str, etype: str) -> list[tuple[list[str], list[str]]]:
    return [(e.actor, e.target) for e in of_type(events(text), etype)]


def test_a_ship_suspected_of_smuggling_is_the_smuggler_not_the_state_that_stopped_it() -> None:
    found = roles("Greek authorities detained a tanker suspected of smuggling arms to Libya.", "transfer")
    assert found and all("greece" not in actor for actor, _ in found)
    assert any("libya" in target for _, target in found)


def test_a_carried_cargos_origin_is_no_recipient() -> None:
    found = roles("Iran's navy seized a tanker carrying U.S. crude in the Gulf of Oman.", "transfer")
    assert all("united-states" not in target for _, target in found)


def test_the_listed_supplied_not_the_body_that_listed_them() -> None:
    text = "The EU placed two Belarusian firms on its blacklist for supplying weapons to Russia."
    assert all("european-union" not in actor for actor, _ in roles(text, "transfer"))
    assert any("belarus" in actor for actor, _ in roles(text, "transfer"))
    assert any("european-union" in actor for actor, _ in roles(text, "sanction"))


def test_a_passive_agent_hung_on_the_object_imposes_the_sanctions() -> None:
    found = roles("Sanctions were slapped on the Wagner Group's leadership by the United States and Britain.",
                  "sanction")
    assert found == [(["united-states", "united-kingdom"], ["wagner-group"])]


def test_the_seizer_of_an_interception_is_not_the_shipments_sender() -> None:
    text = "The interception of an Iranian arms shipment by the US Navy in the Arabian Sea was announced."
    assert roles(text, "seizure") == [(["us-navy"], ["iran"])]
    assert all("us-navy" not in actor for actor, _ in roles(text, "transfer"))


def test_people_described_as_accused_make_no_condemnation() -> None:
    assert not of_type(events("Britain froze the assets of three Sudanese commanders accused of atrocities "
                              "in Darfur."), "condemnation")


def test_downing_drones_is_air_defence_and_downing_a_jet_is_an_attack() -> None:
    assert not of_type(events("Ukraine said it shot down 30 of the 40 drones Russia launched overnight."),
                       "attack")
    jet = "Russia shot down a Ukrainian Su-25 jet over Donetsk."
    assert roles(jet, "attack") == [(["russia"], ["ukraine"])]


def test_a_navy_holding_manoeuvres_is_an_exercise_not_a_meeting() -> None:
    found = events("The Iranian navy held large-scale manoeuvres in the Strait of Hormuz on Monday.")
    assert [e.type for e in found] == ["exercise"]


def test_a_wire_datelines_date_dates_no_event() -> None:
    text = "DUBAI, Jan 11 (Reuters) - Iran's navy seized a tanker in the Gulf of Oman on Thursday."
    assert [span(e) for e in of_type(events(text), "seizure")] == [("2024-03-14", "2024-03-14")]


def test_pledged_goods_are_a_planned_transfer() -> None:
    found = of_type(events("Germany pledged 18 Leopard tanks to Ukraine."), "transfer")
    assert [(e.actor, e.target, e.planned) for e in found] == [(["germany"], ["ukraine"], True)]


def test_a_refusal_of_entry_is_a_travel_ban_not_a_denial() -> None:
    found = events("Canada denied entry to 15 Iranian officials.")
    assert [(e.type, e.actor, e.target) for e in found] == [("sanction", ["canada"], ["iran"])]
    assert not events("The court denied the request for bail.")


def test_a_ship_seized_told_in_a_participle_is_a_seizure_dated_there() -> None:
    text = "The tanker, seized by Iran in April last year, was released on Monday."
    found = of_type(events(text), "seizure")
    assert [(e.actor, span(e)) for e in found] == [(["iran"], ("2023-04", "2023-04"))]


def test_a_missile_fired_at_a_ship_and_shot_down_has_no_doer_from_the_clause_above() -> None:
    found = roles("US jets shot down a missile fired towards the destroyer USS Carney from Yemen.", "attack")
    assert found == [([], ["uss-carney"])]


def test_a_ship_struck_told_as_it_is_the_target() -> None:
    text = "The tanker MT Horizon was sailing from Oman to India when it was struck by a drone."
    assert roles(text, "attack") == [([], ["horizon"])]


def test_goods_named_with_their_destination_go_to_the_party_there() -> None:
    assert roles("A cargo of anti-tank missiles destined for Hezbollah was found aboard the vessel.",
                 "transfer") == [([], ["hezbollah"])]
    found = events("The Ukrainian-built T-72 tanks aboard the ship were en route to Juba via Mombasa.")
    assert [(e.target, [(p.entity, p.role) for p in e.places]) for e in of_type(found, "transfer")] == [
        (["south-sudan"], [("juba", "destination")])]
    assert not of_type(events("The cargo of wheat destined for Egypt left Odesa on Monday."), "transfer")


def test_a_carrier_bound_for_a_port_gives_the_recipient() -> None:
    found = of_type(events("The freighter, bound for Port Sudan, was carrying 3,000 assault rifles loaded "
                           "in Bulgaria."), "transfer")
    assert [(e.actor, e.target) for e in found] == [(["bulgaria"], ["sudan"])]
    assert roles("The vessel had loaded 200 containers of ammunition in Bandar Abbas before sailing for "
                 "Syria.", "transfer") == [(["iran"], ["syria"])]


def test_those_hit_with_sanctions_are_sanctioned_not_imposers() -> None:
    found = roles("Sidorov was one of 14 Russian and Belarusian officials hit with economic sanctions today, "
                  "and mocked them online.", "sanction")
    assert found and all("russia" not in actor for actor, _ in found)
    assert roles("Six Russian generals were hit with fresh sanctions by Canada on Thursday.", "sanction") == [
        (["canada"], ["russia"])]
    assert not of_type(events("The United States hit Iran's oil sector with new sanctions."), "attack")


def test_drills_protested_against_are_not_held_by_the_protester() -> None:
    found = events("North Korea launched several missiles last month in protest at US-South Korean drills.")
    assert all("north-korea" not in e.actor for e in of_type(found, "exercise"))
    assert [e.actor for e in of_type(found, "weapons_test")] == [["north-korea"]]


def test_a_test_watched_is_a_test_and_a_missile_paraded_is_no_transfer() -> None:
    found = events("Kim Jong Un inspected the test firing of a new rocket launcher, state media said.")
    assert [e.type for e in found] == ["weapons_test"]
    assert not events("State television aired old footage of Hwasong missiles carried through Pyongyang "
                      "during a military parade.")


def test_a_call_to_a_counterpart_is_a_meeting_and_a_naming_is_not() -> None:
    found = of_type(events("Macron called his Ukrainian counterpart, Volodymyr Zelensky."), "meeting")
    assert found and {"emmanuel-macron", "volodymyr-zelensky"} <= set(found[0].actor)
    assert not events("Biden called Putin a killer.")


def test_a_vow_with_a_condition_is_no_attack() -> None:
    assert not events("Ankara said it would strike Kurdish militias in Syria if they approached the border.")
    assert not events("In response, Seoul has vowed to hit the North hard if provoked.")


def test_saying_an_act_violates_international_law_condemns_it() -> None:
    found = of_type(events("Britain said Russia violated Ukraine's sovereignty."), "condemnation")
    assert [(e.actor, e.target) for e in found] == [(["united-kingdom"], ["russia"])]
    assert not events("The company said the contract did not violate any export rules.")


def test_shells_fired_into_a_neighbours_waters_are_fired_at_it() -> None:
    found = events("North Korea fired artillery shells into South Korean waters near the border on Friday.")
    assert [(e.type, e.actor, e.target) for e in found] == [("attack", ["north-korea"], ["south-korea"])]
    found = events("North Korea fired a missile into its eastern waters on Sunday.")
    assert [e.type for e in found] == ["weapons_test"]


def test_condemnation_drawn_from_named_parties() -> None:
    found = roles("Iran's seizure of the tanker sparked condemnation from Britain and France.",
                  "condemnation")
    assert found == [(["united-kingdom", "france"], ["iran"])]
    assert not events("The proposal drew criticism from opposition lawmakers.")


def test_an_ally_of_a_state_is_not_that_state() -> None:
    found = roles("Washington delayed the sale of F-35 jets to a close U.S. ally in the Gulf.", "transfer")
    assert all("united-states" not in target for _, target in found)


def test_where_a_blow_came_from_is_not_its_target() -> None:
    found = of_type(events("Militants shelled the border district from inside Afghanistan."), "attack")
    assert found and all("afghanistan" not in e.target for e in found)
    assert any(("afghanistan", "origin") in [(p.entity, p.role) for p in e.places] for e in found)


def test_fire_exchanged_with_the_other_side_strikes_it() -> None:
    found = roles("Indian troops exchanged fire with Pakistani forces along the Line of Control.", "attack")
    assert found == [(["india"], ["pakistan"])]


def test_relief_supplies_are_no_transfer_of_the_field() -> None:
    assert not events("Egypt sent 20 trucks of food and medicine to Sudan.")
    assert roles("Iran sent cash and weapons to Hezbollah.", "transfer") == [(["iran"], ["hezbollah"])]


def test_a_sea_named_where_a_blow_fell_is_not_whom_it_struck() -> None:
    found = of_type(events("A North Korean mortar attack last year killed two South Korean fishermen on a "
                           "small Yellow Sea islet."), "attack")
    assert found and all("yellow-sea" not in e.target for e in found)
    assert any("south-korea" in e.target for e in found)


def test_a_blow_at_sea_keeps_the_sea_as_its_place_not_its_target() -> None:
    found = of_type(events("The Houthis attacked ships in the Red Sea on Sunday."), "attack")
    assert [(e.target, [p.entity for p in e.places]) for e in found] == [([], ["red-sea"])]
    found = of_type(events("A drone struck a tanker in the Gulf of Aden."), "attack")
    assert found and not found[0].target


def test_what_a_party_holds_or_uses_struck_strikes_that_party() -> None:
    assert roles("Turkish drones hit positions in northern Iraq held by PKK militants.", "attack") == [
        (["turkey"], ["kurdistan-workers-party"])]
    assert roles("Israeli jets bombed weapons depots in Syria operated by Iranian forces.", "attack") == [
        (["israel"], ["iran"])]
