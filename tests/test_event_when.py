"""When an event took place (events/when.py), on sentences written for these tests."""

from __future__ import annotations

from datetime import date

from armswatch.entities import link_doc
from armswatch.events.extract import extract_events
from armswatch.events.models import EventMention
from armswatch.headlines import sentence_case_headlines
from armswatch.nlp import load_pipeline

REF = date(2024, 3, 17)  # a Sunday


def events(text: str, reference: date = REF) -> list[EventMention]:
    doc = load_pipeline()(sentence_case_headlines(text))  # the text as annotate gives it to the parser
    return extract_events(doc, "t", reference, link_doc(doc))


def span(e: EventMention) -> tuple[str, str] | None:
    return (e.when.start, e.when.end) if e.when is not None else None


def of_type(found: list[EventMention], etype: str) -> list[EventMention]:
    return [e for e in found if e.type == etype]


def test_coordinated_predicates_share_the_time_said_once() -> None:
    found = events("On March 12, Houthi militants fired a ballistic missile and struck a Greek tanker.")
    attacks = of_type(found, "attack")
    assert attacks and all(span(e) == ("2024-03-12", "2024-03-12") for e in attacks)


def test_a_strike_claimed_in_a_dated_statement_takes_the_statement_day() -> None:
    found = events("Russia is shelling Kharkiv daily. On Friday, the Ukrainian army said it struck a Russian "
                   "ammunition depot in Crimea.")
    struck = [e for e in of_type(found, "attack") if e.trigger == "struck"]
    assert struck and span(struck[0]) == ("2024-03-15", "2024-03-15")


def test_a_since_clause_does_not_date_the_event_it_bounds() -> None:
    found = events("Mr. Lavrov's visit to Pyongyang was the first by a Russian foreign minister since the "
                   "war began two years ago.")
    for e in of_type(found, "meeting"):
        assert span(e) is None or not span(e)[0].startswith("2022")


def test_a_statement_answering_a_dated_deed_is_of_the_report_day() -> None:
    text = ("Iranian gunboats seized a tanker in the Gulf of Oman on Thursday. Tehran said the ship had "
            "smuggled fuel. Britain condemned the seizure as piracy.")
    found = events(text)
    seizure = of_type(found, "seizure")
    assert seizure and span(seizure[0]) == ("2024-03-14", "2024-03-14")
    condemnation = of_type(found, "condemnation")
    assert condemnation and span(condemnation[0]) == ("2024-03-17", "2024-03-17")


def test_a_statement_at_a_dated_meeting_keeps_the_meeting_day() -> None:
    text = ("Antony Blinken met Japanese Foreign Minister Yoko Kamikawa in Tokyo on Thursday. Japan and the "
            "United States condemned North Korea for its missile launches.")
    condemnation = of_type(events(text), "condemnation")
    assert condemnation and span(condemnation[0]) == ("2024-03-14", "2024-03-14")


def test_a_meeting_under_way_is_of_the_report_day() -> None:
    text = ("The State Department said the United States had approved the sale of missiles to Saudi Arabia. "
            "The approval came as President Joe Biden was visiting Saudi Arabia.")
    meetings = of_type(events(text), "meeting")
    assert meetings and span(meetings[0]) == ("2024-03-17", "2024-03-17")


def test_a_plan_takes_no_time_the_story_told_before() -> None:
    text = "Netanyahu and Abbas met in Washington in 2019. Biden will also sit down with Mahmoud Abbas."
    plans = [e for e in of_type(events(text), "meeting") if e.planned]
    assert plans and span(plans[0]) is None


def test_a_time_in_a_clause_about_a_noun_does_not_date_the_story_after_it() -> None:
    # "passed in February" dates the law; the statement two sentences on is of the report's day
    text = ("The Treasury blacklisted six officials on Friday. Officials said the campaign was growing. "
            "Under a law passed in February, the State Department listed the camps. "
            "“The regime continues to inflict cruelty on its people,” said the Treasury's top official.")
    for e in of_type(events(text), "condemnation"):
        assert span(e) != ("2024-02", "2024-02")
    text = ("The ministry has said it will not enforce foreign sanctions, including when a yacht owned by a "
            "sanctioned tycoon anchored in the bay in October 2022. The minister's meeting with the "
            "ambassador was brief.")
    for e in of_type(events(text), "meeting"):
        assert span(e) != ("2022-10", "2022-10")


def test_a_line_that_only_stamps_the_date_is_no_narrative_time() -> None:
    text = ("Published: 2024-03-17\nIsrael vowed revenge after blaming Hezbollah for a rocket attack that "
            "killed 12.")
    for e in of_type(events(text), "attack"):
        assert span(e) != ("2024-03-17", "2024-03-17")


BACKGROUND = ("The United States imposed sanctions on North Korea on Friday. The sanctions are the broadest "
              "yet. They target banks. They also target shipping firms. Officials expect more. ")


def test_a_statement_said_once_without_a_time_is_of_the_report_day_not_a_habit() -> None:
    text = BACKGROUND + "The U.S. Treasury's top official condemned North Korea's abuses."
    said = of_type(events(text), "condemnation")
    assert said and span(said[0]) == ("2024-03-17", "2024-03-17")
    text = BACKGROUND + "North Korea has repeatedly denied running prison camps."
    denied = of_type(events(text), "denial")
    assert denied and span(denied[0]) is None


def test_talks_under_way_in_the_present_are_of_the_report_day() -> None:
    text = ("Joe Biden met King Abdullah II in Amman on Thursday. The United States and Israel have been "
            "holding talks for months over the aid package.")
    talks = [e for e in of_type(events(text), "meeting") if e.trigger == "talks"]
    assert talks and span(talks[0]) == ("2024-03-17", "2024-03-17")
    text = "Joe Biden met King Abdullah II in Amman on Thursday. Israel was holding talks with Egypt."
    talks = [e for e in of_type(events(text), "meeting") if e.trigger == "talks"]
    assert talks and span(talks[0]) == ("2024-03-14", "2024-03-14")  # past: the story's time holds


def test_a_definite_noun_takes_the_time_said_with_it_before() -> None:
    text = ("Ukraine's Foreign Minister Dmytro Kuleba urged Hong Kong to curb trade with Russia during a "
            "visit to the city on Thursday. Hong Kong says it follows UN sanctions. It says it owes nothing "
            "to other states. In October 2022, a sanctioned tycoon's yacht anchored there. Banks there "
            "follow US rules. Kuleba's visit to Hong Kong was the last leg of his trip to China.")
    visits = [e for e in of_type(events(text), "meeting") if "last leg" in e.text]
    assert visits and span(visits[0]) == ("2024-03-14", "2024-03-14")


def test_an_undated_statement_takes_the_day_its_speaker_was_dated_before() -> None:
    text = ("South Korea will weigh a response, an official in Seoul said Saturday, referring to comments "
            "Friday by US spokesperson John Kirby. The US said Pyongyang had delivered arms to Russia. "
            "Officials gave no details. Nor did they say how the arms were paid for. "
            "“We condemn North Korea for providing Russia with this military equipment,” Kirby said.")
    said = [e for e in of_type(events(text), "condemnation") if "Kirby said" in e.text]
    assert said and span(said[0]) == ("2024-03-15", "2024-03-15")


def test_a_sale_notified_to_congress_is_dated_by_the_notification_a_bare_plan_is_not() -> None:
    notified = events("The Bush administration said on Monday it had notified Congress of plans to sell "
                      "Saudi Arabia 900 bomb-guidance kits.")
    assert [span(e) for e in of_type(notified, "transfer")] == [("2024-03-11", "2024-03-11")]
    planned = events("The Bush administration said on Monday it plans to sell Saudi Arabia 900 bomb-guidance "
                     "kits.")
    assert [span(e) for e in of_type(planned, "transfer")] == [None]


def test_a_ship_carrying_cargo_is_on_its_voyage_as_the_report_speaks_a_campaign_is_not() -> None:
    voyage = events("The Russian cargo ship Alaed is carrying attack helicopters to Syria, officials said.")
    assert [span(e) for e in of_type(voyage, "transfer")] == [("2024-03-17", "2024-03-17")]
    campaign = events("Russia is providing Syria with attack helicopters, officials said.")
    assert [span(e) for e in of_type(campaign, "transfer")] == [None]


def test_a_deed_told_after_which_a_dated_reaction_came_is_of_the_week_before_it() -> None:
    found = events("Israeli Prime Minister Benjamin Netanyahu on Sunday called on world powers to punish "
                   "Iran after the country test-fired two ballistic missiles.")
    assert [span(e) for e in of_type(found, "weapons_test")] == [("2024-03-10", "2024-03-16")]


def test_a_time_in_a_relative_clause_dates_no_event_outside_it() -> None:
    found = events("On a visit to the town where the rocket attack killed children on Saturday, Israel's "
                   "Defense Minister Yoav Gallant condemned Hezbollah.")
    assert all(span(e) != ("2024-03-16", "2024-03-16") for e in of_type(found, "condemnation"))


def test_a_participial_clause_dates_only_what_it_tells() -> None:
    # "set up in 2009" dates the panel, not the report it made nor the shipments it reported
    found = events("The monitoring team, set up in 2011, had reported that Belarus was sending rifles to "
                   "Sudan in breach of the embargo.")
    assert all(span(e) != ("2011", "2011") for e in of_type(found, "transfer"))


def test_a_statement_does_not_take_the_day_of_a_scene_without_an_event() -> None:
    # the day dates the stand-off told before, not the words that follow it
    text = ("Tensions between the neighbours rose again on Friday when Pakistani fishing boats crowded the "
            "harbour of Mumbai. The Indian foreign ministry condemned Pakistan for the crowding, calling "
            "it very provocative.")
    condemnation = of_type(events(text, date(2024, 3, 16)), "condemnation")
    assert condemnation and span(condemnation[0]) == ("2024-03-16", "2024-03-16")


def test_a_speaker_named_only_as_a_bystander_does_not_date_their_words() -> None:
    text = ("Mr. Ruto warned Ethiopia of grave consequences on Wednesday, opening a regional tour. "
            "Already a worry for Ruto, Ethiopia made headlines on Sunday when its troops massed near "
            "Moyale. Ruto said the massing was a dangerous provocation.")
    found = events(text, date(2024, 3, 13))
    for e in of_type(found, "condemnation"):
        assert span(e) != ("2024-03-10", "2024-03-10")


def test_a_day_named_later_as_the_events_possessive_dates_it() -> None:
    text = ("Egypt has vowed to back Jordan in its dispute over the Jordan River's water. "
            "Egyptian President Abdel Fattah al-Sisi, hosting King Abdullah of Jordan for a summit in "
            "Cairo, pledged support for a ceasefire. Water disputes loomed over Thursday's talks, which "
            "ended without a statement.")
    meetings = of_type(events(text, date(2024, 3, 16)), "meeting")
    assert meetings and span(meetings[0]) == ("2024-03-14", "2024-03-14")


def test_a_time_after_after_does_not_widen_an_event_dated_itself() -> None:
    text = ("Foreign Minister Sergei Lavrov arrives in India on Tuesday to mend ties after a bitter quarrel "
            "over oil prices last year.")
    meetings = of_type(events(text, date(2024, 3, 19)), "meeting")
    assert meetings and span(meetings[0]) == ("2024-03-19", "2024-03-19")


def test_a_test_a_state_announced_is_of_that_day_or_the_one_before() -> None:
    found = of_type(events("Pakistan said Sunday that it successfully test-fired a cruise missile.",
                           date(2024, 3, 17)), "weapons_test")
    assert found and span(found[0]) == ("2024-03-16", "2024-03-17")


def test_a_time_that_is_a_nouns_possessive_does_not_date_the_clause() -> None:
    text = ("Following last week's rocket launches, the Japanese foreign ministry condemned North Korea, "
            "calling the launches reckless.")
    condemnation = of_type(events(text, date(2024, 3, 17)), "condemnation")
    assert condemnation and span(condemnation[0]) == ("2024-03-17", "2024-03-17")


def test_a_deed_in_an_after_clause_is_not_of_the_day_it_was_reported_or_told() -> None:
    found = events("Police found the rifle in a ditch weeks after gunmen ambushed a convoy near Gao, the "
                   "ministry said on Friday.")
    ambush = of_type(found, "attack")
    assert ambush and span(ambush[0]) != ("2024-03-15", "2024-03-15")
    found = events("On Tuesday, rebels shelled the port. It came days after the army bombed rebel camps in "
                   "the north.")
    bombed = [e for e in of_type(found, "attack") if e.trigger == "bombed"]
    assert bombed and span(bombed[0]) != ("2024-03-12", "2024-03-12")


def test_an_act_told_in_the_simple_present_with_a_weekday_is_scheduled_ahead() -> None:
    found = events("Border clashes flared last week. The defence chiefs of Peru and Chile meet in Lima on "
                   "Tuesday to ease tensions.")
    assert [span(e) for e in of_type(found, "meeting")] == [("2024-03-19", "2024-03-19")]
    # told in the past, it is the Tuesday before; in a headline, the present tells past news
    found = events("Border clashes flared last week. The defence chiefs of Peru and Chile met in Lima on "
                   "Tuesday to ease tensions.")
    assert [span(e) for e in of_type(found, "meeting")] == [("2024-03-12", "2024-03-12")]
    found = events("Peru and Chile hold naval drills on Tuesday")
    assert all(span(e) != ("2024-03-19", "2024-03-19") for e in of_type(found, "exercise"))


def test_a_deed_told_in_the_past_perfect_is_not_of_the_narratives_time() -> None:
    found = events("Chile protested to Peru on Thursday. Peruvian gunboats had shelled a Chilean trawler.")
    shelled = of_type(found, "attack")
    assert shelled and span(shelled[0]) != ("2024-03-14", "2024-03-14")
    # in reported words the past perfect is the simple past moved back: the statement's frame holds
    found = events("Chile protested to Peru on Thursday. It said Peruvian gunboats had shelled a Chilean "
                   "trawler.")
    shelled = of_type(found, "attack")
    assert shelled and span(shelled[0]) == ("2024-03-14", "2024-03-14")


def test_a_time_that_modifies_a_noun_dates_that_noun_not_the_clause() -> None:
    found = events("The UN criticised the 2011 intervention in Libya on Wednesday.")
    assert [span(e) for e in of_type(found, "condemnation")] == [("2024-03-13", "2024-03-13")]
    found = events("Under a 2019 law, the Treasury imposed sanctions on three Iranian banks.")
    assert all(span(e) != ("2019", "2019") for e in of_type(found, "sanction"))
    # a time running on into a word of time is still the clause's ("on Sunday afternoon")
    found = events("Rebels seized the cargo ship in the Red Sea on Sunday afternoon local time.")
    assert [span(e) for e in of_type(found, "seizure")] == [("2024-03-17", "2024-03-17")]
