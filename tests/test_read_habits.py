"""Tests of the habits of real text files: metadata headers that are not YAML, hard-wrapped lines,
Daily Mail captions in .story files, HTML behind front matter, and text encoded twice.

The fixtures in tests/fixtures/forms/ are written in our own words; names, places and events are
invented. Each case is read end to end (read_reports, then clean_report) as an analyst's file would be.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from armswatch.clean.models import Article
from armswatch.clean.report import clean_report
from armswatch.read import RawReport, ReadProblem, read_reports
from armswatch.read.headers import org_to_plain, split_key_value_header, split_org_keywords
from armswatch.read.story import is_story_caption, story_article
from armswatch.read.wrapping import broken_mid_sentence, unwrap, wrap_width

FORMS = Path(__file__).parent / "fixtures" / "forms"


def read_one(path: Path) -> tuple[RawReport, Article]:
    items = list(read_reports([str(path)]))
    assert len(items) == 1 and isinstance(items[0], RawReport), items
    return items[0], clean_report(items[0])


# ---- "Key: value" headers (Pelican, MultiMarkdown, e-mail-like) and Org keywords -----------------

def test_a_pelican_header_gives_title_date_author_and_url() -> None:
    raw, article = read_one(FORMS / "pelican.md")
    assert article.title == "Customs hold a container of rifles at Veldmar"
    assert article.published == "2015-03-02"  # Date, not Modified
    assert article.author == "Ana Kesting"
    assert article.url == "https://harbour-ledger.example/2015/03/veldmar-rifles"
    assert article.metadata_basis["title"] == "'Key: value' header title"
    assert article.metadata_basis["published"] == "'Key: value' header date"
    assert "Title:" not in article.body and "Slug:" not in article.body
    # the header's end is the first blank line: an "Update:" paragraph below stays in the text
    assert "Update: the authority later said" in article.body
    assert "Luis Eduardo Marquez" in article.body


def test_an_email_like_header_with_a_continued_value() -> None:
    raw, article = read_one(FORMS / "mmd-header.txt")
    assert article.title == "Frigate escorts grain ship out of Port Selva"
    assert article.metadata_basis["title"] == "'Key: value' header subject"
    assert article.published == "2023-11-14"
    assert article.body.startswith("A frigate of the Carvel navy escorted a grain ship")
    assert "Keywords" not in article.body and "\n" not in article.body  # one paragraph, wrapped lines joined


def test_a_transcript_is_no_header() -> None:
    raw, article = read_one(FORMS / "transcript.txt")
    assert "title_from" not in raw.meta and "published" not in raw.meta
    assert "Answer: It came in on Monday" in article.body
    assert "Update: The port authority said" in article.body


@pytest.mark.parametrize("text", [
    "Question: Who sent it?\nAnswer: A trading company.\n\nThe rest of the talk.\n",
    "Update: The port reopened.\n\nShips came in on Tuesday.\n",  # one key, not one a header states
    "Title: Rifles at the port\nDate: 2015-03-02\n",  # no blank line and no text after: not a header
    "The port reopened on Tuesday.\nTitle: Rifles at the port\n\nMore text.\n",  # not at the very top
    "Title: Rifles\nThe customs officers said on Monday that a container held rifles.\n\nMore.\n",
])
def test_what_is_no_header_block(text: str) -> None:
    assert split_key_value_header(text) is None


def test_a_header_block_of_too_many_lines_is_a_table() -> None:
    text = "".join(f"Title: row {n}\n" for n in range(40)) + "\nText after it.\n"
    assert split_key_value_header(text) is None


def test_a_header_with_no_text_after_it_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "only-header.md"
    path.write_text("Title: Rifles at the port\nDate: 2015-03-02\n", encoding="utf-8")
    items = list(read_reports([str(path)]))
    assert len(items) == 1 and isinstance(items[0], RawReport)  # no crash, the lines are the text


def test_org_keywords_and_body() -> None:
    raw, article = read_one(FORMS / "notes.org")
    assert article.title == "Parliament approves the sale of two frigates"
    assert article.published == "2021-07-08" and article.author == "J. Marten"
    assert article.metadata_basis["published"] == "Org keyword date"
    body = article.body
    assert "#+" not in body and ":PROPERTIES:" not in body and "a note to myself" not in body
    assert "according to the published record" in body and "[[" not in body
    assert "navy of Osterland on Thursday" in body  # a wrapped line joined


def test_org_pieces() -> None:
    keys, rest = split_org_keywords("#+title: A\n#+date: [2020-01-02 Thu]\n\nText.\n") or ({}, "")
    assert keys == {"title": "A", "date": "[2020-01-02 Thu]"} and rest.strip() == "Text."
    assert split_org_keywords("#+ not a keyword\nText.\n") is None
    plain = org_to_plain("** TODO Heading :tag:\n- item one\n- item two\n")
    assert plain == "Heading\n- item one\n- item two"


def test_an_org_file_of_keywords_only_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "empty.org"
    path.write_text("#+TITLE: Nothing here\n#+DATE: <2021-01-01 Fri>\n", encoding="utf-8")
    items = list(read_reports([str(path)]))
    assert len(items) == 1 and isinstance(items[0], ReadProblem) and "no text" in items[0].reason


def test_toml_front_matter() -> None:
    raw, article = read_one(FORMS / "post.toml.md")
    assert article.title == "Parliament approves the sale of two frigates"
    assert article.published == "2021-07-08" and article.author == "J. Marten"
    assert article.metadata_basis["title"] == "front matter title"


# ---- HTML behind front matter, and text encoded twice --------------------------------------------

def test_front_matter_then_a_whole_html_page_goes_through_html_extraction() -> None:
    raw, article = read_one(FORMS / "jekyll-html.md")
    assert raw.form == "html"
    assert article.title == "Drones seen over the harbour at Port Selva"
    assert article.published == "2019-05-04"
    assert article.url == "https://harbour-ledger.example/2019/05/04/drones/"
    assert article.body.startswith("Residents of the harbour district of Port Selva")
    for furniture in ("Home", "About us", "Copyright", "city archive", "<p>", "<figcaption>"):
        assert furniture not in article.body


def test_mojibake_inside_html_behind_front_matter_is_repaired() -> None:
    raw, article = read_one(FORMS / "mojibake-html.md")
    assert article.title == "Café owner charged in Veldmar"
    assert "a café near the port" in article.body and "Ã" not in article.body


# ---- hard-wrapped and damaged text -----------------------------------------------------------------

def test_hard_wrapped_text_reaches_the_cleaner_as_paragraphs() -> None:
    raw, article = read_one(FORMS / "wrapped.txt")
    assert raw.text.split("\n")[0] == "Customs hold a container of rifles at Veldmar"
    paragraphs = [line for line in raw.text.split("\n") if line.strip()]
    assert len(paragraphs) == 3
    assert "Luis Eduardo Marquez, said the cargo" in article.body
    assert "An anti-smuggling unit" in article.body  # a word cut at its hyphen is whole again
    assert article.title == "Customs hold a container of rifles at Veldmar"


def test_lines_broken_without_a_margin_are_joined_mid_sentence() -> None:
    raw, article = read_one(FORMS / "ragged.txt")
    assert "authority, Luis Eduardo Marquez, said" in article.body
    assert "farm machinery and that its papers named" in article.body


CONVOY = ("The convoy left the port of Selva at dawn on Monday with four ships and two frigates as escort, "
          "the navy said in a statement issued at noon. It listed the cargo in the order the ships had "
          "loaded it, and said that the frigates would turn back at the edge of the strait.")
SECOND_CONVOY = ("The second convoy is due to leave the port at the end of the month, the navy said, if the "
                 "weather allows and the harbour is open to shipping by then.")


@pytest.mark.parametrize("width", [60, 72, 80])
def test_unwrap_restores_paragraphs_and_keeps_offsets(width: int) -> None:
    text = "\n\n".join(textwrap.fill(paragraph, width) for paragraph in (CONVOY, SECOND_CONVOY)) + "\n"
    assert wrap_width(text.split("\n")) is not None
    flowing = unwrap(text)
    assert flowing == f"{CONVOY}\n\n{SECOND_CONVOY}\n"
    assert len(flowing) == len(text)  # a break became a space: every character keeps its offset


def test_unwrap_keeps_list_items_on_their_lines() -> None:
    items = "- grain and flour for the towns of the north\n- spare parts for the frigates in the dock\n"
    text = textwrap.fill(CONVOY, 64) + "\n" + items + "\n" + textwrap.fill(SECOND_CONVOY, 64) + "\n"
    flowing = unwrap(text)
    assert flowing.split("\n")[:3] == [CONVOY, *items.split("\n")[:2]]


def test_a_page_dump_one_block_a_line_is_not_unwrapped() -> None:
    long = ("The freighter left the port of Vostrava on Tuesday carrying forty sealed containers, according "
            "to a customs official who asked not to be named, and sailed south.")
    dump = ("Home\nWorld\nBusiness\nSport\nSign in\n\nFreighter leaves Vostrava\nBy Ana Ruiz\n"
            f"{long}\n{long}\nRead more\nShare this story\nMost read\n")
    assert wrap_width(dump.split("\n")) is None and not broken_mid_sentence(dump.split("\n"))
    assert unwrap(dump) == dump


def test_short_heading_lines_keep_their_breaks() -> None:
    lines = ("Tablet Consolidation\nCentralized Reporting\nMenu Management\nIntegrations and Pricing\n"
             "Get Started With Us Today\nRead Our Latest Customer Success Stories\n")
    assert unwrap(lines) == lines


# ---- .story captions and the Daily Mail header ---------------------------------------------------

def test_story_header_and_captions() -> None:
    raw, article = read_one(FORMS / "captions.story")
    assert article.author == "Ana Kesting" and article.published == "2015-03-03"
    assert article.metadata_basis["published"] == "Daily Mail story header 'PUBLISHED'"
    body = article.body
    assert body.startswith("Customs officers in Veldmar held a container")
    for caption in ("Scroll down for video", "Seized:", "Pictured:", "PUBLISHED", "@highlight",
                    "Rifles found in a container"):
        assert caption not in body
    assert "The head of the authority said: 'We will find who sent it.'" in body


@pytest.mark.parametrize(("line", "caption"), [
    ("Seized: The container at the port, where officers found rifles", True),
    ("Photo: The quay at dawn.", True),
    ("Scroll down for video", True),
    ("He told reporters: The cargo was not ours", False),  # speech, not a photo
    ("Update: The officials later said the cargo would be destroyed.", False),  # ends a sentence
    ("Answer: It came in on Monday from the south.", False),
    ("The cargo had been declared as farm machinery, officials said", False),  # no label
])
def test_what_is_a_story_caption(line: str, caption: bool) -> None:
    assert is_story_caption(line) is caption


def test_story_header_variants() -> None:
    text, meta = story_article("Last updated at 4:31 PM on 6th February 2012 . The ship left.\n")
    assert text == "The ship left.\n" and meta["published"] == "2012-02-06"
    text, meta = story_article("By . Ana Kesting and . Tom Ruiz . The ship left.\n")
    assert text == "The ship left.\n" and meta["author"] == "Ana Kesting and Tom Ruiz"
    text, meta = story_article("The ship left on Monday. By then it was late.\n")
    assert meta == {} and text.startswith("The ship left")


# ---- HTML figure captions ---------------------------------------------------------------------------

DRONES = ("Residents of the harbour district of Port Selva reported three drones flying low over the docks "
          "on Friday night, the city council said in a statement on Saturday.")
INQUIRY = ("The council said the drones were not its own and that the police had opened an inquiry into who "
           "had flown them over the military quay, where two frigates were moored at the time.")
ARRESTS = ("No arrests have been made, a police spokesman said on Sunday, adding that the inquiry would take "
           "weeks and that the navy had been told of the flights.")
CAPTION = ("Two frigates of the Carvel navy moored at the military quay of Port Selva, where residents said "
           "the drones had circled for more than an hour on Friday night before flying out to sea.")


def test_a_long_figcaption_stays_out_of_the_html_body() -> None:
    from armswatch.clean.html import extract_html

    page = (f"<html><head><title>Drones</title></head><body><nav><a href='/'>Home</a></nav><article>"
            f"<h1>Drones over Port Selva</h1><p>{DRONES}</p><figure><img src='q.jpg'>"
            f"<figcaption><span>{CAPTION}</span></figcaption></figure><p>{INQUIRY}</p><p>{ARRESTS}</p>"
            "</article></body></html>")
    body = extract_html(page).body
    assert body.split("\n") == [DRONES, INQUIRY, ARRESTS]  # it leaked as a paragraph of the article before


# ---- text encoded twice, on every path -----------------------------------------------------------------

def test_mojibake_in_an_email_a_feed_item_and_html_character_references(tmp_path: Path) -> None:
    import email.message
    import json

    message = email.message.EmailMessage()
    message["Subject"], message["From"] = "Caf\u00c3\u00a9 owner charged", "desk@ledger.example"
    message.set_content("The owner of a caf\u00c3\u00a9 near the port was charged on Monday.\n")
    (tmp_path / "saved.eml").write_bytes(message.as_bytes())
    item = {"id": "c1", "title": "Caf\u00c3\u00a9 owner charged",
            "text": "The owner of a caf\u00c3\u00a9 near the port was charged on Monday, the court said."}
    (tmp_path / "feed.jsonl").write_text(json.dumps(item) + "\n", encoding="utf-8")
    page = ("<html><body><article><h1>Caf&Atilde;&copy; owner charged</h1>"
            f"<p>The owner of a caf&Atilde;&copy; near the port was charged. {DRONES}</p><p>{INQUIRY}</p>"
            "</article></body></html>")
    (tmp_path / "page.md").write_text(f'---\ntitle: "Caf&Atilde;&copy; owner charged"\n---\n{page}\n',
                                      encoding="utf-8")
    items = list(read_reports([str(tmp_path)]))
    assert len(items) == 3 and all(isinstance(item, RawReport) for item in items), items
    for raw in items:
        assert isinstance(raw, RawReport)
        article = clean_report(raw)
        assert any("decoded back" in note for note in raw.notes) or raw.form == "html", raw.source
        assert article.title == "Café owner charged", raw.source
        assert "a café near the port" in article.body and "Ã" not in article.body, raw.source


# ---- Hugo's JSON front matter, Setext titles ---------------------------------------------------------

def test_hugo_json_front_matter() -> None:
    raw, article = read_one(FORMS / "hugo-json.md")
    assert article.title == "Parliament approves the sale of two frigates"
    assert article.published == "2021-07-08" and article.metadata_basis["published"] == "front matter date"
    assert article.body.startswith("The parliament of Carvel approved") and "{" not in article.body


@pytest.mark.parametrize("text", [
    '{"title": "A"}',  # a JSON document and nothing after it
    '{"title": "A"} and prose on the same line\n\nMore.\n',
    "{braces in prose} opening a line\n\nMore.\n",
    "[" * 5000 + "\n\nMore.\n",
])
def test_what_is_no_json_front_matter(text: str) -> None:
    from armswatch.read.markdown import parse_front_matter

    assert parse_front_matter(text) == (None, text, None)


def test_json_front_matter_nested_too_deep_is_cut(tmp_path: Path) -> None:
    path = tmp_path / "deep.md"
    deep = '{"title": ' + '{"a": ' * 40 + "1" + "}" * 40 + "}"
    path.write_text(deep + "\n\nThe ship left port.\n", encoding="utf-8")
    raw, article = read_one(path)
    assert article.body == "The ship left port." and any("nested more than" in note for note in raw.notes)


def test_a_setext_heading_is_the_title() -> None:
    raw, article = read_one(FORMS / "setext.md")
    assert article.title == "Parliament approves the sale of two frigates"
    assert article.metadata_basis["title"] == "Markdown heading"
    assert "navy of Osterland on Thursday" in article.body


def test_wordpress_shortcodes_leave_an_exported_post() -> None:
    raw, article = read_one(FORMS / "wordpress-export.md")
    assert article.title == "Frigate escorts grain ship out of Port Selva"
    assert article.published == "2016-06-27"
    assert article.body.startswith("A frigate of the Carvel navy escorted")
    for leftover in ("[caption", "[/caption]", "navy press office", "<!--more-->", "<a href"):
        assert leftover not in article.body
    assert "the escort would continue" in article.body


def test_shortcodes_are_stripped_only_by_name() -> None:
    from armswatch.read.markdown import strip_shortcodes

    text = "[ad_1] Ships [left] port, [caption id=\"a\"]<img> A ship[/caption] [embed]https://v.example/1[/embed]"
    assert strip_shortcodes(text) == " Ships [left] port,  "


def test_a_pelican_restructuredtext_post() -> None:
    raw, article = read_one(FORMS / "pelican-post.rst")
    assert article.title == "Customs hold a container of rifles at Veldmar"
    assert article.metadata_basis["title"] == "reStructuredText underlined title"
    assert article.published == "2015-03-02" and article.author == "Ana Kesting"
    assert article.body.startswith("Customs officers in Veldmar held a container of rifles on Monday, "
                                   "the port authority said.")
    assert ":date:" not in article.body and "####" not in article.body and "*" not in article.body


def test_an_underlined_line_without_metadata_fields_is_no_rst_header() -> None:
    from armswatch.read.headers import split_rst_fields

    assert split_rst_fields("Results\n=======\n\n:note: none\n\nText.\n") is None  # no metadata field
    assert split_rst_fields("Results\n\n:date: 2015-03-02\n\nText.\n") is None  # no title, not .rst
    fields = split_rst_fields(":date: 2015-03-02\n\nText.\n", "post.rst")
    assert fields == ({"date": "2015-03-02"}, "\nText.\n")


def test_a_message_copied_out_of_a_mail_client() -> None:
    raw, article = read_one(FORMS / "mail-copy.txt")
    assert article.title == "Rifles held at Veldmar" and article.author == "Ana Ruiz"
    assert article.published == "2015-03-02"
    assert article.metadata_basis["published"] == "'Key: value' header sent"
    assert article.body.startswith("Customs officers in Veldmar") and "Sent:" not in article.body


def test_a_bare_sender_address_and_a_hostile_sent_line() -> None:
    from armswatch.read.headers import HEADER_WHERE, header_meta

    keys = {"from": "desk@ledger.example", "sent": " " * 50000 + "x", "subject": "A"}
    meta = header_meta(keys, HEADER_WHERE)
    assert "author" not in meta and "published" not in meta and meta["title"] == "A"
