"""Agency copy inside NITF, NewsML and SGML records (armswatch.read.wirecopy): paragraphs marked by an
indented first line in hard-wrapped text, an editor's note and a byline line above the lede, the desk's
sign-off and a short note under a rule after the story; NITF bylines without their title and the outlet a
NITF file names as distributor or copyright holder. Every line here is written for these tests; the habits
were seen in real agency files read for issue 11 (not kept in the repository)."""

from __future__ import annotations

from pathlib import Path

import pytest

from armswatch.clean import clean_report
from armswatch.read import read_reports
from armswatch.read.models import RawReport
from armswatch.read.wirecopy import headline_line, strip_wire_habits, wire_paragraphs


def _reports(path: Path) -> list[RawReport]:
    items = list(read_reports([path]))
    assert all(isinstance(item, RawReport) for item in items), items
    return items  # type: ignore[return-value]


# ---- paragraphs -----------------------------------------------------------------------------------

def test_indented_first_lines_start_paragraphs_in_wrapped_copy() -> None:
    text = ("(Updates with port statement)\n"
            "    * Ferry service halted for a second day\n"
            "    * Storm expected to ease on Friday\n\n"
            "    By Mara Ellison\n"
            "    LOWPORT, March 3 (Harbour Wire) - Ferries stayed in port\n"
            "on Thursday as a storm battered the coast, the operator\n"
            "said.\n"
            "    The port authority said it would review the timetable\n"
            "once the wind dropped.\n")
    assert wire_paragraphs(text) == [
        "(Updates with port statement)",
        "* Ferry service halted for a second day",
        "* Storm expected to ease on Friday",
        "By Mara Ellison",
        "LOWPORT, March 3 (Harbour Wire) - Ferries stayed in port on Thursday as a storm battered the coast, "
        "the operator said.",
        "The port authority said it would review the timetable once the wind dropped."]


def test_a_pretty_printed_paragraph_stays_one() -> None:
    """Every line indented alike is an XML pretty-printer's layout, not paragraph starts."""
    text = ("The council met on Tuesday and voted\n"
            "            to close the old bridge to lorries\n"
            "            from next month.\n            ")
    assert wire_paragraphs(text) == ["The council met on Tuesday and voted to close the old bridge to "
                                     "lorries from next month."]
    assert wire_paragraphs("One line.") == ["One line."]
    assert wire_paragraphs("First part.\n\nSecond part.") == ["First part.", "Second part."]


# ---- notes, bylines, sign-offs ------------------------------------------------------------------

@pytest.mark.parametrize("sign_off", ["ends", "END", "-0-", "###", "(END)", "Reuter", "(Harbour Wire)",
                                      "HWN KLT dm", "gr/bp", "***"])
def test_sign_offs_are_dropped(sign_off: str) -> None:
    story = ["The ferry resumed its crossings on Friday.", "Passengers were told to expect delays."]
    assert strip_wire_habits([*story, sign_off]) == (story, None)


@pytest.mark.parametrize("last", ["(Reporting by Mara Ellison; Editing by Tom Reyes)",
                                  "Passengers were told to expect delays.",
                                  "Officials said: ends of the pier were damaged.",
                                  "The storm ends tonight."])
def test_a_last_paragraph_of_the_story_stays(last: str) -> None:
    story = ["The ferry resumed its crossings on Friday.", last]
    assert strip_wire_habits(story) == (story, None)


def test_reuters_sign_off_run_on_and_editor_note() -> None:
    lines, author = strip_wire_habits(["(Corrects name of port in second paragraph)",
                                       "The ferry resumed on Friday.", "Delays were expected. Reuter"])
    assert lines == ["The ferry resumed on Friday.", "Delays were expected."] and author is None
    # a parenthesis that is the story's own opening words stays
    kept = ["(This story was written for a test) The ferry resumed.", "Delays were expected."]
    assert strip_wire_habits(kept) == (kept, None)


@pytest.mark.parametrize(("line", "name"), [("By Mara Ellison", "Mara Ellison"),
                                            ("By TOM REYES", "TOM REYES"),
                                            ("By Ana de Vries and Li Wen", "Ana de Vries and Li Wen")])
def test_byline_line_above_the_lede_names_the_author(line: str, name: str) -> None:
    lines, author = strip_wire_habits([line, "LOWPORT, March 3 - Ferries stayed in port.", "More later."])
    assert author == name and lines == ["LOWPORT, March 3 - Ferries stayed in port.", "More later."]


@pytest.mark.parametrize("line", ["By then the ferries had stopped.", "By Tuesday night the port was shut",
                                  "By the harbour, crowds gathered"])
def test_sentences_opening_with_by_are_no_byline(line: str) -> None:
    story = [line, "Officials gave no date."]
    assert strip_wire_habits(story) == (story, None)


def test_short_note_under_a_rule_after_the_story() -> None:
    story = ["The ferry resumed on Friday.", "Delays were expected."]
    note = ["___", "Mara Ellison can be reached at her desk in Lowport."]
    assert strip_wire_habits([*story, *note]) == (story, None)
    long_note = ["___", " ".join(["word"] * 80)]
    assert strip_wire_habits([*story, *long_note])[0] == [*story, *long_note]


# ---- the readers --------------------------------------------------------------------------------

NITF = b"""<?xml version="1.0"?>
<nitf><head><docdata><date.issue norm="20240305T091500Z"/><doc.copyright holder="Harbour Wire Ltd"/>
</docdata></head>
<body><body.head><hedline><hl1>Ferries stay in port as storm hits coast</hl1></hedline>
<byline>By MARA ELLISON<byttl>Harbour Wire Transport Writer</byttl></byline>
<distributor>Harbour Wire</distributor></body.head>
<body.content><block id="Main">
<p>LOWPORT (HW) - Ferries stayed in port on Thursday as a storm battered the coast.</p>
<p>The operator said crossings would resume once the wind dropped.</p>
<p>___</p>
<p>Mara Ellison can be reached at her desk in Lowport.</p>
</block></body.content></body></nitf>"""


def test_nitf_byline_without_its_title_distributor_and_note(tmp_path: Path) -> None:
    (tmp_path / "storm.xml").write_bytes(NITF)
    (report,) = _reports(tmp_path / "storm.xml")
    assert report.meta["author"] == "MARA ELLISON" and report.meta["outlet"] == "Harbour Wire"
    assert report.meta["outlet_from"] == "NITF distributor"
    assert report.text.split("\n") == ["LOWPORT (HW) - Ferries stayed in port on Thursday as a storm "
                                       "battered the coast.", "The operator said crossings would resume "
                                       "once the wind dropped."]
    (tmp_path / "storm.xml").write_bytes(NITF.replace(b"<distributor>Harbour Wire</distributor>", b""))
    (report,) = _reports(tmp_path / "storm.xml")
    assert report.meta["outlet"] == "Harbour Wire Ltd"
    assert report.meta["outlet_from"] == "NITF doc.copyright holder"


NEWSML = b"""<?xml version="1.0"?>
<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet>
<newsItem guid="storm-2"><itemMeta><versionCreated>2024-03-07T08:00:00Z</versionCreated></itemMeta>
<contentMeta><headline>Storm closes ferry routes</headline><creditline>Harbour Wire</creditline>
</contentMeta>
<contentSet><inlineXML><html xmlns="http://www.w3.org/1999/xhtml"><body><p>(Adds operator comment)
    By Mara Ellison
    LOWPORT, March 7 (Harbour Wire) - Ferries stayed in port
on Thursday as a storm battered the coast.
    "We will sail when it is safe," the operator said.

 (Reporting by Mara Ellison; Editing by Tom Reyes)</p></body></html></inlineXML></contentSet>
</newsItem></itemSet></newsMessage>"""


def test_newsml_wrapped_copy_in_one_paragraph(tmp_path: Path) -> None:
    (tmp_path / "storm.xml").write_bytes(NEWSML)
    (report,) = _reports(tmp_path / "storm.xml")
    assert report.meta["author"] == "Mara Ellison"
    assert report.meta["author_from"] == "NewsML byline line of the text"
    assert report.text.split("\n") == [
        "LOWPORT, March 7 (Harbour Wire) - Ferries stayed in port on Thursday as a storm battered the coast.",
        '"We will sail when it is safe," the operator said.',
        "(Reporting by Mara Ellison; Editing by Tom Reyes)"]
    assert clean_report(report).author == "Mara Ellison"


def test_a_generic_nitf_byline_gives_way_to_the_byline_line(tmp_path: Path) -> None:
    nitf = (b'<nitf><head><title>Storm closes ferry routes</title></head><body><body.head>'
            b'<byline>By<person>Staff Reporter</person><byttl>Harbour Wire</byttl></byline></body.head>'
            b'<body.content><p>By Mara Ellison</p><p>Ferries stayed in port on Thursday.</p>'
            b'<p>(Harbour Wire)</p></body.content></body></nitf>')
    (tmp_path / "storm.xml").write_bytes(nitf)
    (report,) = _reports(tmp_path / "storm.xml")
    assert report.meta["author"] == "Mara Ellison" and report.text == "Ferries stayed in port on Thursday."
    named = nitf.replace(b"<person>Staff Reporter</person>", b"<person>Tom Reyes</person>")
    (tmp_path / "storm.xml").write_bytes(named)
    (report,) = _reports(tmp_path / "storm.xml")
    assert report.meta["author"] == "Tom Reyes"  # a stated name is kept; the byline line still leaves


def test_sgml_record_byline_line_and_sign_off(tmp_path: Path) -> None:
    record = (b"<DOC>\n<DOCNO> HW240307-0002 </DOCNO>\n<HEADLINE>Storm closes ferry routes</HEADLINE>\n"
              b"<TEXT>\n   By Mara Ellison\n   Ferries stayed in port on Thursday as a storm\n"
              b"battered the coast.\n   The operator gave no date.\n   -0-\n</TEXT>\n</DOC>\n")
    (tmp_path / "hw240307").write_bytes(record)
    (report,) = _reports(tmp_path / "hw240307")
    assert report.meta["author"] == "Mara Ellison"
    assert report.text.split("\n") == ["Ferries stayed in port on Thursday as a storm battered the coast.",
                                       "The operator gave no date."]


# ---- a headline line above the dateline ---------------------------------------------------------

@pytest.mark.parametrize("lede", ["LOWPORT, March 3 (Harbour Wire) - Ferries stayed in port.",
                                  "LOWPORT, March 3 - Ferries stayed in port.",
                                  "LOWPORT (HW) - Ferries stayed in port.",
                                  "NEW HAVEN, Conn., Feb 26 - Ferries stayed in port."])
def test_headline_line_above_a_dateline(lede: str) -> None:
    assert headline_line(["Storm keeps ferries in port", lede, "More later."]) == (
        "Storm keeps ferries in port", [lede, "More later."])


@pytest.mark.parametrize("paragraphs", [
    ["The storm kept ferries in port.", "LOWPORT, March 3 - Ferries stayed in port."],  # a sentence
    ["Storm keeps ferries in port", "Ferries stayed in port on Thursday."],  # no dateline after it
    [" ".join(["word"] * 20), "LOWPORT, March 3 - Ferries stayed in port."],  # too long for a headline
    ["Storm keeps ferries in port"]])
def test_no_headline_line(paragraphs: list[str]) -> None:
    assert headline_line(paragraphs) == (None, paragraphs)


def test_sgml_record_without_a_headline_tag(tmp_path: Path) -> None:
    record = (b'<DOC id="HW_ENG_20240307.0003" type="multi" >\n<TEXT>\n   Storm keeps ferries in port\n'
              b"    LOWPORT, March 7 (HW) - Ferries stayed in port on Thursday\n"
              b"as a storm battered the coast.\n</TEXT>\n</DOC>\n")
    (tmp_path / "hw_multi").write_bytes(record)
    (report,) = _reports(tmp_path / "hw_multi")
    assert report.meta["title"] == "Storm keeps ferries in port"
    assert report.text == ("LOWPORT, March 7 (HW) - Ferries stayed in port on Thursday as a storm battered "
                           "the coast.")
    with_tag = record.replace(b"<TEXT>", b"<HEADLINE>Ferries halted</HEADLINE>\n<TEXT>")
    (tmp_path / "hw_multi").write_bytes(with_tag)
    (report,) = _reports(tmp_path / "hw_multi")
    assert report.meta["title"] == "Ferries halted" and report.text.startswith("Storm keeps ferries in port")
