"""Attribution and stance on sentences written for these tests (none is taken from the sample reports)."""

from __future__ import annotations

from datetime import date

import pytest

from armswatch.entities import link_doc
from armswatch.events.extract import extract_events
from armswatch.events.models import EventMention
from armswatch.nlp import load_pipeline

REF = date(2024, 3, 15)


def events(text: str) -> list[EventMention]:
    doc = load_pipeline()(text)
    return extract_events(doc, "t", REF, link_doc(doc))


def transfers(text: str) -> list[EventMention]:
    return [e for e in events(text) if e.type == "transfer"]


def test_own_voice_has_no_speaker() -> None:
    (e,) = transfers("Iran delivered drones to Russia in January.")
    assert e.attributed_to == [] and e.stance == "assert"


def test_speaker_is_the_subject_of_the_speech_verb() -> None:
    (e,) = transfers("The White House said Iran had delivered drones to Russia.")
    assert e.attributed_to[0] == "white-house"
    assert "united-states" in e.attributed_to  # the body the speaker speaks for


def test_according_to() -> None:
    (e,) = transfers("Iran delivered drones to Russia, according to Reuters.")
    assert e.attributed_to == ["reuters"]


def test_stated_on_is_the_date_of_the_statement() -> None:
    (e,) = transfers("On Monday, the White House said Iran had delivered drones to Russia.")
    assert e.stated_on == "2024-03-11"


def test_quote_across_sentences_takes_the_speaker_of_the_quotation() -> None:
    text = (
        "\u201cThe deliveries continue. Iran sent more drones to Russia last week,\u201d Antony Blinken said."
    )
    (e,) = transfers(text)
    assert "antony-blinken" in e.attributed_to


def test_quote_opened_in_an_earlier_sentence() -> None:
    text = (
        "Antony Blinken told reporters: \u201cWe are watching closely. "
        "Iran sent more drones to Russia last week.\u201d"
    )
    (e,) = transfers(text)
    assert "antony-blinken" in e.attributed_to


def test_it_said_refers_to_the_last_speaker() -> None:
    text = (
        "The Pentagon released a statement on Monday. "
        "\u201cIran has shipped missiles to Russia,\u201d it said."
    )
    (e,) = transfers(text)
    assert "us-department-of-defense" in e.attributed_to


def test_role_noun_refers_back_to_the_named_source() -> None:
    text = (
        "A senior official at the Pentagon said on Monday that talks continued. "
        "\u201cIran has shipped missiles to Russia,\u201d the official said."
    )
    (e,) = transfers(text)
    assert "us-department-of-defense" in e.attributed_to


def test_first_person_condemner_is_the_speaker() -> None:
    found = events("\u201cWe condemn Iran for sending drones to Russia,\u201d John Kirby said.")
    (c,) = [e for e in found if e.type == "condemnation"]
    assert "john-kirby" in c.actor and c.target == ["iran"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Iran allegedly delivered drones to Russia.",
        "Iran reportedly delivered drones to Russia.",
        "Ukraine believes Iran delivered drones to Russia.",
        "Iran appears to have delivered drones to Russia.",
        "Iran has likely delivered drones to Russia.",
        "The US expressed concern over alleged drone shipments from Iran to Russia.",
    ],
)
def test_hedges(sentence: str) -> None:
    (e,) = transfers(sentence)
    assert e.stance == "hedge"


@pytest.mark.parametrize(
    "sentence",
    [
        "Tehran denied that Iran had delivered drones to Russia.",
        "Moscow dismissed claims that Iran had delivered drones to Russia.",
        "Iran did not deliver drones to Russia, the foreign ministry said.",
    ],
)
def test_denials_set_deny(sentence: str) -> None:
    (e,) = transfers(sentence)
    assert e.stance == "deny"


def test_unsubstantiated_is_a_denial_by_the_speaker() -> None:
    found = events("A Kremlin spokesman said reports of Iranian drone deliveries were unsubstantiated.")
    (d,) = [e for e in found if e.type == "denial"]
    assert d.actor == ["russia"]


def test_denial_is_its_own_dated_event_about_the_transfer() -> None:
    text = (
        "Iran delivered drones to Russia in August, US officials said. "
        "On Friday, Tehran rejected the accusation."
    )
    found = events(text)
    (d,) = [e for e in found if e.type == "denial"]
    assert d.actor == ["iran"] and d.when is not None and d.when.start == "2024-03-15"
    assert d.about is not None and found[d.about].type == "transfer"


def test_relative_pronoun_speaker_is_the_noun_it_hangs_on() -> None:
    (e,) = transfers("Reporters asked Antony Blinken, who said that Iran had delivered drones to Russia.")
    assert "antony-blinken" in e.attributed_to


@pytest.mark.parametrize(
    "sentence",
    [
        # a circumstance of the speech ("following", "in an interview after") is not what is said
        "Following the delivery of drones by Iran to Russia, Antony Blinken said the alliance would respond.",
        "In an interview after Iran shipped drones to Russia, Antony Blinken said the alliance would respond"
        " \u201cfirmly.\u201d",
        # "after" a call: when the call was made, not part of it
        "Lloyd Austin urged allies to punish Tehran after Iran shipped drones to Russia.",
    ],
)
def test_what_a_statement_follows_is_the_reports_own(sentence: str) -> None:
    (e,) = transfers(sentence)
    assert e.attributed_to == []


def test_according_to_inside_a_reason_clause_covers_only_that_clause() -> None:
    found = events(
        "The Treasury sanctioned Rosoboronexport on Friday because, according to Reuters, the company had"
        " shipped drones to Iran."
    )
    (s,) = [e for e in found if e.type == "sanction"]
    (t,) = [e for e in found if e.type == "transfer"]
    assert s.attributed_to == [] and t.attributed_to == ["reuters"]


def test_statement_introduced_by_a_colon() -> None:
    (e,) = transfers("The Pentagon issued a statement: On Monday, Iran shipped drones to Russia.")
    assert "us-department-of-defense" in e.attributed_to


def test_trailing_reporting_clause() -> None:
    (e,) = transfers("Iran sent drones to Russia in May, and more came in June, US officials told the paper.")
    assert "united-states" in e.attributed_to


def test_bare_title_of_a_state_body_is_the_one_named_before() -> None:
    text = (
        "South Korea's Joint Chiefs of Staff reported a launch on Monday. "
        "North Korea last test-launched a cruise missile in May, but that test failed, the Joint Chiefs of"
        " Staff said."
    )
    (e,) = [e for e in events(text) if e.type == "weapons_test" and "May" in e.text]
    assert "joint-chiefs-of-staff-of-south-korea" in e.attributed_to


def test_quotation_speaks_only_for_what_is_inside_its_marks() -> None:
    text = (
        "\u201cThe winter will be hard,\u201d Volodymyr Zelensky said. "
        "Germany delivered two Patriot batteries to Ukraine on Monday, and the deliveries will go on,"
        " \u201cuntil the skies are safe.\u201d"
    )
    (e,) = [e for e in transfers(text) if "Patriot" in e.text]
    assert e.attributed_to == []


def test_trailing_reporting_clause_after_two_clauses() -> None:
    # the parser takes the second clause for what "told" reports; the speaker still reports the first
    found = events("Two sailors were killed by a Houthi missile and five crew members were hurt on the"
                   " tanker, Greek officials told reporters.")
    (a,) = [e for e in found if e.type == "attack"]
    assert "greece" in a.attributed_to


def test_condemned_act_is_a_fact_an_accused_one_a_claim() -> None:
    (x,) = [e for e in events("Poland condemned Belarus for holding joint military drills with Russia near"
                              " the border.") if e.type == "exercise"]
    assert x.attributed_to == []
    (t,) = transfers("Poland accused Belarus of shipping artillery shells to Russia.")
    assert t.attributed_to == ["poland"]


def test_it_in_a_denied_claim_is_the_denier() -> None:
    (t,) = transfers("The Wagner Group rejected claims that it had supplied rifles to the Sudanese army.")
    assert t.actor == ["wagner-group"] and t.stance == "deny"


def test_an_unnamed_source_passed_on_is_told_by_the_speaker_above() -> None:
    (e,) = transfers("Rutte said allied intelligence showed that Belarus had delivered tanks to Russia.")
    assert "mark-rutte" in e.attributed_to


def test_an_unnamed_source_with_nobody_above_leaves_the_event_unattributed() -> None:
    (e,) = transfers("Western intelligence agencies suspect that Belarus supplied fuel to the Russian army.")
    assert e.attributed_to == [] and e.stance == "hedge"


def test_it_said_with_no_speaker_before_is_the_last_subject() -> None:
    found = events("The Georgian defence ministry issued a statement on Friday. It said Russian jets bombed "
                   "a village near Gori.")
    attacks = [e for e in found if e.type == "attack"]
    assert attacks and "georgia" in attacks[0].attributed_to


def test_a_speaker_in_an_aside_does_not_tell_what_follows_it() -> None:
    found = events("The raids continued (a Syrian official said on Monday that 30 people had died) and "
                   "Turkish drones struck a power station near Qamishli.")
    attacks = [e for e in found if e.type == "attack"]
    assert attacks and all(e.attributed_to == [] for e in attacks)


def test_officials_in_a_capital_speak_for_its_state() -> None:
    found = events("Officials in Tehran said Israeli jets struck an air base near Isfahan.")
    attacks = [e for e in found if e.type == "attack"]
    assert attacks and "iran" in attacks[0].attributed_to


def test_diplomats_in_a_capital_are_not_its_state() -> None:
    (e,) = transfers("Western diplomats in Beijing said China had sold drone engines to Russia.")
    assert "china" not in e.attributed_to


def test_quoted_as_saying_is_the_one_quoted_else_the_quoter() -> None:
    found = events("Reuters quoted an unnamed official as saying that militants attacked a checkpoint near "
                   "Kirkuk.")
    attacks = [e for e in found if e.type == "attack"]
    assert attacks and attacks[0].attributed_to == ["reuters"]
    (e,) = transfers("AFP quoted a Turkish official as saying that Ankara had sold drones to Niger.")
    assert "turkey" in e.attributed_to
