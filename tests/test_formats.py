"""The report forms beyond pages and feeds: PDF, Word, e-mail, RSS/Atom, NITF/NewsML, SGML wire archives
and .story files. Every fixture is written here (nothing third-party); each form has bad-input tests."""

from __future__ import annotations

import io
import json
import time
import zipfile
from email.message import EmailMessage
from pathlib import Path

from armswatch.clean import clean_report
from armswatch.read import read_reports
from armswatch.read.detect import Kind, sniff_kind
from armswatch.read.models import RawReport, ReadProblem


def _read(path: Path) -> list[RawReport | ReadProblem]:
    return list(read_reports([path]))


def _reports(path: Path) -> list[RawReport]:
    items = _read(path)
    problems = [item for item in items if isinstance(item, ReadProblem)]
    assert not problems, problems
    return [item for item in items if isinstance(item, RawReport)]


# ---- a small PDF writer (Helvetica text placed line by line) -------------------------------------

def make_pdf(pages, info=None, encrypt=False, columns=None):
    """A small PDF: each page a list of lines (Helvetica 11pt, top to bottom); `columns`: a page of
    two columns given as (left lines, right lines)."""
    objects = []
    def add(body):
        objects.append(body)
        return len(objects)
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    pages_id = len(objects) + 1 + 0
    objects.append(None)  # pages placeholder
    kids = []
    def esc(t):
        return t.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1")
    def content(placed):
        ops = [b"BT /F1 11 Tf"]
        for x, y, text in placed:
            ops.append(b"1 0 0 1 %d %d Tm (" % (x, y) + esc(text) + b") Tj")
        ops.append(b"ET")
        return b"\n".join(ops)
    all_pages = [("lines", p) for p in pages] + ([("cols", columns)] if columns else [])
    for kind, page in all_pages:
        if kind == "lines":
            placed = [(72, 760 - 14 * i, line) for i, line in enumerate(page)]
        else:
            left, right = page
            placed = [(40, 700 - 14 * i, line) for i, line in enumerate(left)]
            placed += [(320, 700 - 14 * i, line) for i, line in enumerate(right)]
        stream = content(placed)
        c = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                        b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (pages_id, c, font)))
    objects[pages_id - 1] = (b"<< /Type /Pages /Count %d /Kids [" % len(kids)
                             + b" ".join(b"%d 0 R" % k for k in kids) + b"] >>")
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    info_id = None
    if info:
        entries = b" ".join(b"/%s (%s)" % (k.encode(), esc(v)) for k, v in info.items())
        info_id = add(b"<< " + entries + b" >>")
    encrypt_id = None
    if encrypt:
        encrypt_id = add(b"<< /Filter /Standard /V 1 /R 2 /O <" + b"ab" * 32 + b"> /U <" + b"cd" * 32
                         + b"> /P -4 >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    trailer = b"<< /Size %d /Root %d 0 R" % (len(objects) + 1, catalog)
    if info_id:
        trailer += b" /Info %d 0 R" % info_id
    if encrypt_id:
        file_id = b"<0123456789abcdef0123456789abcdef>"
        trailer += b" /Encrypt %d 0 R /ID [%s %s]" % (encrypt_id, file_id, file_id)
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _page(number: int) -> list[str]:
    """A report page: a running header, three body lines, a running footer with the page number."""
    return [
        "Monitoring Group on Arms Transfers   Interim report",
        f"The group traced shipment {number * 7} of rifles that left the northern port on",
        f"a Tuesday, according to two officials.{number} The vessel carried {number * 11} crates",
        "of ammunition and was met at sea by a second ship.",
        f"Interim report  |  page {number + 2} of 40",
    ]


def test_pdf_text_pages_and_info(tmp_path: Path) -> None:
    data = make_pdf([_page(n) for n in range(1, 5)],
                    info={"Title": "Interim report on arms transfers", "Author": "Monitoring Group",
                          "CreationDate": "D:20240315120000Z"})
    (tmp_path / "interim.pdf").write_bytes(data)
    (report,) = _reports(tmp_path / "interim.pdf")
    assert report.id == "interim" and report.is_article
    lines = report.text.split("\n")
    assert len(lines) == 4  # one paragraph per page: headers, footers and page numbers gone
    assert "Monitoring Group on Arms Transfers" not in report.text and "page 3 of 40" not in report.text
    assert lines[0].startswith("The group traced shipment 7 of rifles")
    assert "officials. The vessel" in lines[0]  # the footnote marker glued to the sentence is gone
    assert json.loads(report.meta["pages"]) == [[0, 1, ""], [1, 2, ""], [2, 3, ""], [3, 4, ""]]
    assert report.meta["title"] == "Interim report on arms transfers"
    assert report.meta["published"] == "2024-03-15"
    article = clean_report(report)
    assert article.published == "2024-03-15" and article.title == "Interim report on arms transfers"
    assert article.metadata_basis["published"] == "PDF Info CreationDate"
    # Evidence can cite a page: the body offset where each page starts.
    assert [start for _, start, _ in article.pages][:2] == [0, len(lines[0]) + 1]


def test_pdf_two_columns_read_column_by_column(tmp_path: Path) -> None:
    left = ["The left column opens the story of the", "seized cargo and its papers.", "Left ends here."]
    right = ["The right column follows with the", "statement of the ministry.", "Right ends here."]
    (tmp_path / "cols.pdf").write_bytes(make_pdf([], columns=(left * 2, right * 2)))
    (report,) = _reports(tmp_path / "cols.pdf")
    assert report.text.index("Left ends here.") < report.text.index("The right column")


def test_pdf_detected_from_content_not_name(tmp_path: Path) -> None:
    (tmp_path / "download.bin").write_bytes(make_pdf([_page(1)]))
    assert sniff_kind(make_pdf([_page(1)])[:65536], "download.bin")[0] is Kind.PDF
    (report,) = _reports(tmp_path / "download.bin")
    assert "shipment 7" in report.text


def test_pdf_truncated_encrypted_scanned(tmp_path: Path) -> None:
    whole = make_pdf([_page(n) for n in range(1, 4)])
    (tmp_path / "cut.pdf").write_bytes(whole[: len(whole) // 3])
    (tmp_path / "locked.pdf").write_bytes(make_pdf([_page(1)], encrypt=True))
    (tmp_path / "scan.pdf").write_bytes(make_pdf([[], []]))
    problems = {p.source: p.reason for p in _read(tmp_path) if isinstance(p, ReadProblem)}
    assert problems["cut.pdf"].startswith("corrupt or truncated PDF")
    assert problems["locked.pdf"].startswith("encrypted PDF")
    assert problems["scan.pdf"].startswith("scanned PDF: no text layer on any of its 2 pages")


def test_pdf_of_2000_pages_within_the_size_limit(tmp_path: Path) -> None:
    pages = [[f"Annex entry {n * 3} lists a vessel, its flag and the cargo it declared.",
              "A second line of the entry closes it."] for n in range(2000)]
    data = make_pdf(pages)
    assert len(data) < 10 * 1024 * 1024
    (tmp_path / "annex.pdf").write_bytes(data)
    started = time.perf_counter()
    (report,) = _reports(tmp_path / "annex.pdf")
    assert time.perf_counter() - started < 30
    assert len(json.loads(report.meta["pages"])) == 2000
    assert "Annex entry 5997" in report.text


def test_pdf_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    (tmp_path / "big.pdf").write_bytes(make_pdf([_page(n) for n in range(1, 200)]))
    (problem,) = list(read_reports([tmp_path / "big.pdf"], max_report_bytes=20_000))
    assert isinstance(problem, ReadProblem) and "exceeds" in problem.reason


# ---- Word ---------------------------------------------------------------------------------------

def _docx(title: str = "") -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.author = "Desk Officer"
    document.add_heading("Ministry confirms rifle shipment", level=1)
    document.add_paragraph("The ministry said on Tuesday that 300 rifles left the port.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Vessel", "Cargo"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx(tmp_path: Path) -> None:
    (tmp_path / "brief.docx").write_bytes(_docx())
    (report,) = _reports(tmp_path / "brief.docx")
    assert report.text.split("\n") == ["Ministry confirms rifle shipment",
                                       "The ministry said on Tuesday that 300 rifles left the port.",
                                       "Vessel | Cargo"]
    assert report.meta["title"] == "Ministry confirms rifle shipment"
    assert report.meta["author"] == "Desk Officer"
    assert "published" not in report.meta  # python-docx's template date is no date of this report
    (tmp_path / "brief.docx").unlink()
    (tmp_path / "renamed.zip").write_bytes(_docx("Weekly brief"))
    (report,) = _reports(tmp_path / "renamed.zip")
    assert report.meta["title"] == "Weekly brief"


def test_docx_corrupt(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<not-closed")
    (tmp_path / "broken.docx").write_bytes(buffer.getvalue())
    (problem,) = _read(tmp_path / "broken.docx")
    assert isinstance(problem, ReadProblem) and problem.reason.startswith("corrupt Word document")


# ---- e-mail -------------------------------------------------------------------------------------

def _email(with_body: bool = True) -> bytes:
    message = EmailMessage()
    message["From"] = "Field Office <field@example.org>"
    message["To"] = "desk@example.org"
    message["Subject"] = "Fwd: Cargo seized at the northern port"
    message["Date"] = "Tue, 14 Nov 2023 09:30:00 +0000"
    message["Message-ID"] = "<1@example.org>"
    if with_body:
        message.set_content("Customs officers seized 40 crates of rifle parts on Monday.\n")
    message.add_attachment(make_pdf([_page(1)]), maintype="application", subtype="pdf",
                           filename="notice.pdf")
    message.add_attachment(b"The port authority confirmed the seizure in a statement.\n",
                           maintype="text", subtype="plain", filename="statement.txt")
    return message.as_bytes()


def test_email_and_its_attachments(tmp_path: Path) -> None:
    (tmp_path / "tip.eml").write_bytes(_email())
    reports = _reports(tmp_path / "tip.eml")
    assert [r.source for r in reports] == ["tip.eml", "tip.eml!notice.pdf", "tip.eml!statement.txt"]
    message = reports[0]
    assert message.meta["title"] == "Cargo seized at the northern port"
    assert message.meta["published"] == "2023-11-14" and message.meta["author"] == "Field Office"
    assert message.text.strip() == "Customs officers seized 40 crates of rifle parts on Monday."
    assert "shipment 7" in reports[1].text


def test_email_detected_without_extension_and_bad_attachment(tmp_path: Path) -> None:
    message = EmailMessage()
    message["From"] = "a@example.org"
    message["Subject"] = "Report"
    message["Date"] = "Tue, 14 Nov 2023 09:30:00 +0000"
    message["Message-ID"] = "<2@example.org>"
    message.set_content("Text of the message.")
    message.add_attachment(b"%PDF-1.4 broken", maintype="application", subtype="pdf", filename="x.pdf")
    (tmp_path / "saved").write_bytes(message.as_bytes())
    items = _read(tmp_path / "saved")
    assert isinstance(items[0], RawReport) and items[0].text.strip() == "Text of the message."
    assert isinstance(items[1], ReadProblem) and items[1].source == "saved!x.pdf"


def test_a_dump_that_opens_with_a_date_line_is_no_email() -> None:
    head = b"Date: 12 May 2024\nTitle: Ship seized\nFrom: our correspondent\n\nThe ship was seized.\n"
    assert sniff_kind(head, "page.txt")[0] is Kind.DOCUMENT


# ---- RSS, Atom ----------------------------------------------------------------------------------

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>The Harbour Ledger</title><link>https://ledger.example/</link>
<item><title>Frigate escorts cargo ship</title><link>https://ledger.example/2024/01/05/frigate</link>
<pubDate>Fri, 05 Jan 2024 10:00:00 GMT</pubDate><dc:creator>Ana Ruiz</dc:creator>
<content:encoded><![CDATA[<p>A frigate escorted the cargo ship through the strait on Friday.</p>
<p>The navy declined to comment.</p>]]></content:encoded></item>
<item><title>No text here</title><link>https://ledger.example/empty</link></item>
<item><title>Minister denies arms sale</title>
<description>The minister denied the sale on Monday.</description>
<pubDate>Mon, 08 Jan 2024 08:00:00 GMT</pubDate></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Coast Watch</title>
<entry><title>Patrol boat seized</title><link rel="alternate" href="https://coast.example/a/1"/>
<published>2023-10-26T09:00:00+02:00</published><author><name>J. Smith</name></author>
<content type="html">&lt;p&gt;The patrol boat was seized on Thursday.&lt;/p&gt;</content></entry>
</feed>"""


def test_rss_one_report_per_item(tmp_path: Path) -> None:
    (tmp_path / "ledger.xml").write_bytes(RSS)
    items = _read(tmp_path / "ledger.xml")
    first, problem, third = items
    assert isinstance(first, RawReport) and isinstance(third, RawReport)
    assert first.meta["title"] == "Frigate escorts cargo ship" and first.meta["published"] == "2024-01-05"
    assert first.meta["outlet"] == "The Harbour Ledger" and first.meta["author"] == "Ana Ruiz"
    assert first.meta["url"] == "https://ledger.example/2024/01/05/frigate"
    assert first.source == "https://ledger.example/2024/01/05/frigate" and first.form == "html"
    article = clean_report(first)
    assert "frigate escorted" in article.body.lower() and article.url == first.meta["url"]
    assert isinstance(problem, ReadProblem) and "has no text" in problem.reason and problem.line
    assert third.text == "The minister denied the sale on Monday." and third.is_article


def test_atom(tmp_path: Path) -> None:
    (tmp_path / "coast.atom").write_bytes(ATOM)
    (report,) = _reports(tmp_path / "coast.atom")
    assert report.meta["published"] == "2023-10-26" and report.meta["author"] == "J. Smith"
    assert report.meta["url"] == "https://coast.example/a/1" and report.meta["outlet"] == "Coast Watch"


def test_malformed_and_hostile_feeds(tmp_path: Path) -> None:
    (tmp_path / "cut.xml").write_bytes(RSS[:300])
    bomb = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b"<rss><channel><title>T</title><item><title>&b;&x;</title><description>text</description>"
            b"</item></channel></rss>")
    (tmp_path / "xxe.xml").write_bytes(bomb)
    items = {item.source: item for item in _read(tmp_path)}
    cut = items["cut.xml"]
    assert isinstance(cut, ReadProblem) and cut.reason.startswith("malformed XML at line")
    xxe = items.get("xxe.xml")
    if isinstance(xxe, RawReport):  # read without expanding entities, never with the file's content
        assert "root:" not in xxe.meta.get("title", "") and "aaaa" not in xxe.meta.get("title", "")


# ---- NITF and NewsML ----------------------------------------------------------------------------

NITF = b"""<?xml version="1.0"?>
<nitf><head><title>Head title</title><docdata><date.issue norm="20240212T101500Z"/></docdata>
<pubdata name="Northern Wire" ex-ref="https://wire.example/n/123"/></head>
<body><body.head><hedline><hl1>Border crossing closed after shelling</hl1></hedline>
<byline>By Lena Ortiz</byline><dateline>KYIV, Feb 12</dateline></body.head>
<body.content><p>The crossing was closed after shelling on Monday.</p><p>Officials gave no date.</p>
</body.content></body></nitf>"""

NEWSML = b"""<?xml version="1.0"?>
<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet>
<newsItem guid="a"><itemMeta><versionCreated>2024-03-01T12:00:00Z</versionCreated></itemMeta>
<contentMeta><contentCreated>2024-02-29T08:00:00Z</contentCreated><headline>Drill off the coast</headline>
<creditline>Harbour Agency</creditline></contentMeta>
<contentSet><inlineXML><html><body><p>Ships held a drill off the coast.</p></body></html></inlineXML>
</contentSet>
</newsItem>
<newsItem guid="b"><contentMeta><headline>Empty</headline></contentMeta></newsItem>
</itemSet></newsMessage>"""


def test_nitf(tmp_path: Path) -> None:
    (tmp_path / "story.xml").write_bytes(NITF)
    (report,) = _reports(tmp_path / "story.xml")
    assert report.meta["title"] == "Border crossing closed after shelling"
    assert report.meta["published"] == "2024-02-12" and report.meta["outlet"] == "Northern Wire"
    assert report.meta["author"] == "Lena Ortiz" and report.meta["url"] == "https://wire.example/n/123"
    assert report.text.split("\n") == ["The crossing was closed after shelling on Monday.",
                                       "Officials gave no date."]


def test_newsml_items_and_an_empty_one(tmp_path: Path) -> None:
    (tmp_path / "pack.xml").write_bytes(NEWSML)
    first, second = _read(tmp_path / "pack.xml")
    assert isinstance(first, RawReport) and first.text == "Ships held a drill off the coast."
    assert first.meta["published"] == "2024-02-29" and first.meta["outlet"] == "Harbour Agency"
    assert first.meta["title"] == "Drill off the coast"
    assert isinstance(second, ReadProblem) and "no content" in second.reason


# ---- SGML wire archives -------------------------------------------------------------------------

REUTERS_SGML = b"""<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="YES" NEWID="101">
<DATE>26-FEB-1987 15:01:01.79</DATE>
<UNKNOWN>&#5;&#5;&#5;C T
&#22;&#22;&#1;f0708&#31;reute</UNKNOWN>
<TEXT>&#2;
<TITLE>PORT AUTHORITY SEIZES CARGO</TITLE>
<DATELINE>    HARBOURTOWN, Feb 26 - </DATELINE><BODY>The port authority said it seized a cargo
of rifle parts on a ship from the south.
    It said the papers were forged.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="NO" NEWID="102">
<DATE>27-FEB-1987 09:00:00.00</DATE>
<TEXT TYPE="BRIEF">&#2;
<TITLE>HEADLINE ONLY&lt;</TITLE>
&#3;
</TEXT>
</REUTERS>
"""

TREC_SGML = b"""<DOC>
<DOCNO> AP880212-0001 </DOCNO>
<FILEID>AP-NR-02-12-88 2344EST</FILEID>
<HEAD>Navy Intercepts Arms Boat</HEAD>
<BYLINE>By TOM REED</BYLINE>
<DATELINE>MANILA, Philippines (AP) </DATELINE>
<TEXT>
   The navy intercepted a boat carrying rifles on Friday, officials said.
   The crew of six was detained.
</TEXT>
</DOC>
"""


def test_reuters_sgml_records(tmp_path: Path) -> None:
    (tmp_path / "reut2-000.sgm").write_bytes(REUTERS_SGML)
    first, second = _read(tmp_path / "reut2-000.sgm")
    assert isinstance(first, RawReport) and first.id == "101"
    assert first.meta["published"] == "1987-02-26" and first.meta["outlet"] == "Reuters"
    assert first.meta["title"] == "PORT AUTHORITY SEIZES CARGO"
    assert first.meta["dateline"].startswith("HARBOURTOWN, Feb 26")
    assert first.text.split("\n") == ["The port authority said it seized a cargo of rifle parts on a ship "
                                      "from the south.", "It said the papers were forged."]
    assert not any(ord(c) < 32 and c != "\n" for c in first.text)
    assert isinstance(second, ReadProblem) and "record 2 has no text" in second.reason and second.line


def test_trec_sgml_record_and_truncated_archive(tmp_path: Path) -> None:
    (tmp_path / "ap880212").write_bytes(TREC_SGML)
    (report,) = _reports(tmp_path / "ap880212")
    assert report.id == "AP880212-0001" and report.meta["published"] == "1988-02-12"
    assert report.meta["outlet"] == "Associated Press" and report.meta["author"] == "TOM REED"
    assert report.meta["title"] == "Navy Intercepts Arms Boat"
    assert report.text.startswith("The navy intercepted a boat")
    (tmp_path / "ap880212").write_bytes(TREC_SGML[:200])
    (problem,) = _read(tmp_path / "ap880212")
    assert isinstance(problem, ReadProblem) and "no complete" in problem.reason


# ---- .story -------------------------------------------------------------------------------------

def test_story_highlights_are_not_the_text(tmp_path: Path) -> None:
    text = ("The minister said the deliveries were suspended.\n\nHe gave no reason.\n\n"
            "@highlight\n\nDeliveries suspended\n\n@highlight\n\nNo reason given\n")
    (tmp_path / "abc.story").write_text(text, encoding="utf-8")
    (report,) = _reports(tmp_path / "abc.story")
    assert report.id == "abc" and report.is_article
    article = clean_report(report)
    assert "Deliveries suspended" not in article.body and "He gave no reason." in article.body
    assert article.title is None
