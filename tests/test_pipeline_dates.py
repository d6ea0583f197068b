"""Reference dates settled across the collection: years from the other reports, quoted statements,
reports that write no date (never dated to the day of the run), and the analyst's --date and sidecar."""

import json
import os
from datetime import date, datetime
from pathlib import Path

from armswatch.clean.metadata import SINCE_BASIS, infer_reference_date
from armswatch.clean.models import Article
from armswatch.events.models import Event, EventMention
from armswatch.pipeline import (
    RunSummary,
    analyze,
    anchor_on_quoted_statements,
    date_by_shared_quotations,
    settle_year_less_dates,
)
from armswatch.read.sidecar import read_sidecar
from armswatch.store import Store

QUOTE = "“We will not allow these shipments to pass through our waters again,”"


def _article(doc_id: str, body: str, ref: str, inferred: bool, basis: str) -> Article:
    return Article(
        id=doc_id,
        source=doc_id,
        title=None,
        published=None if inferred else ref,
        reference_date=ref,
        reference_date_inferred=inferred,
        outlet=None,
        author=None,
        body=body,
        content_sha256=doc_id * 64 if len(doc_id) == 1 else doc_id,
        reference_date_basis=basis,
    )


def _event(mention: EventMention, status: str) -> Event:
    """A one-mention event, as fusion would make of a report's statement."""
    return Event(id="e", type=mention.type, actor=[], target=[], items=[], when=None, places=[], vessels=[],
                 status=status, mentions=[mention], sources={"documents": 1, "outlets": 1}, credibility=6)


def test_a_report_is_not_older_than_a_statement_it_quotes(tmp_path: Path) -> None:
    dated = _article(
        "a", f"On 9 May, the minister said: {QUOTE} officials reported.", "2024-05-10", False, "published"
    )
    undated = _article(
        "b",
        f"The coast guard said Saturday it was watching.\nThe minister said {QUOTE}.",
        "2024-05-04",
        True,
        "latest date in the text (2024-05-01) moved to the Saturday",
    )
    mention = EventMention(
        document="a", type="seizure", text=dated.body, start=0, end=len(dated.body), stated_on="2024-05-09"
    )
    event = _event(mention, "asserted")
    with Store(f"sqlite:///{tmp_path / 's.db'}") as store:
        assert anchor_on_quoted_statements([dated, undated], [event], store) is True
    assert undated.reference_date == "2024-05-11"  # 9 May 2024, moved on to the Saturday the lead names
    assert dated.reference_date == "2024-05-10"  # a stated date never moves
    assert "another report dates words it quotes" in undated.reference_date_basis


SPEECH = "“we will hold all those responsible to account at a time and in a manner our choosing”"


def _guessed(body: str) -> Article:
    """A report dated by its text alone, as cleaning dates it."""
    ref = infer_reference_date(None, body, body.split("\n")[0])
    assert ref is not None
    return _article("g", body, ref.value, True, ref.basis)


def test_a_report_dated_by_a_background_year_takes_the_date_of_one_quoting_the_same_words(
    tmp_path: Path,
) -> None:
    dated = _article("d", f"The president said on Sunday: {SPEECH}.", "2024-01-28", False, "published")
    guessed = _guessed(
        "Officials said Monday the drone was mistaken for their own.\n"
        "It was one of dozens of attacks since Oct. 7. The base grew after troops arrived in late 2015.\n"
        "The president promised to “hold all those responsible to account at a time and in a manner (of) "
        "our choosing” on Sunday."
    )
    assert guessed.reference_date == "2015-10-12"  # Oct. 7 in the only year named, on to Monday
    with Store(f"sqlite:///{tmp_path / 's.db'}") as store:
        date_by_shared_quotations([dated, guessed], store)
    # a run of 8 quoted words in common (the reporter's "(of)" aside): the same statement's news, the
    # day after; "Oct. 7" takes the year nearest before it
    assert guessed.reference_date == "2024-01-29"
    assert "report d (2024-01-28) quotes the same words" in guessed.reference_date_basis
    assert dated.reference_date == "2024-01-28"


def test_a_written_year_or_an_unrelated_quotation_keeps_a_reports_date(tmp_path: Path) -> None:
    dated = _article("d", f"The president said on Sunday: {SPEECH}.", "2024-01-28", False, "published")
    written = _guessed(f"Officials said on Oct. 7, 2015 that {SPEECH}.")
    other = _guessed("Officials said on Oct. 7 in late 2015 that “the base will grow to hold three hundred "
                     "troops within the year”.")
    before = (written.reference_date, other.reference_date)
    with Store(f"sqlite:///{tmp_path / 's.db'}") as store:
        date_by_shared_quotations([dated, written, other], store)
    assert (written.reference_date, other.reference_date) == before == ("2015-10-07", "2015-10-07")


def test_a_day_a_since_phrase_counts_from_is_a_bound_not_the_reports_date() -> None:
    text = ("Talks on the frozen funds resumed on March 3, 2013.\n"
            "Sanctions have been in force since the first test on 9 October 2006.")
    ref = infer_reference_date(None, text, "")
    assert ref is not None and ref.value == "2013-03-03" and SINCE_BASIS not in ref.basis
    # the only day written opens a period: the report is of some day after it, a guess the collection
    # may correct (it is no day of a year the text names after it)
    text = ("The ship was stopped in 2010 and searched.\n"
            "Sanctions have been in force since its first nuclear test on October 9, 2006.")
    ref = infer_reference_date(None, text, "")
    assert ref is not None and ref.value == "2006-10-09" and SINCE_BASIS in ref.basis


UNLOADING = "'We are going to keep unloading the ship and find out exactly what was inside,'"
CAPTAIN = "'The captain tried to harm himself when the coast guard came on board the vessel,'"


def test_single_quoted_statements_date_a_chain_of_reports_of_one_story(tmp_path: Path) -> None:
    stated = _article("d", f"The president said on Monday: “{UNLOADING[1:-2]}”.", "2013-07-17", False,
                      "published")
    # a British report quoting him in single marks, and one that quotes only what the first one quotes
    first = _guessed(f"{UNLOADING} the president told television. {CAPTAIN} a police officer said. "
                     "Sanctions are in force since its first test on October 9, 2006.")
    assert first.reference_date == "2006-10-09"
    second = _article("s", f"It's the ship's crew's second arrest. {CAPTAIN} an officer said.", "2014-06-29",
                      True, "no date in the text: the median reference date of the 9 dated reports")
    with Store(f"sqlite:///{tmp_path / 's.db'}") as store:
        date_by_shared_quotations([stated, first, second], store)
    assert first.reference_date == "2013-07-17"
    assert "report d (2013-07-17) quotes the same words" in first.reference_date_basis
    assert second.reference_date == "2013-07-17"
    assert f"report {first.id} (2013-07-17) quotes the same words" in second.reference_date_basis


def test_short_quotations_prove_nothing(tmp_path: Path) -> None:
    dated = _article("a", "He said: “no comment”.", "2024-05-10", False, "published")
    undated = _article("b", "He said “no comment” again.", "2024-05-04", True, "latest date in the text")
    mention = EventMention(
        document="a", type="denial", text=dated.body, start=0, end=10, stated_on="2024-05-09"
    )
    event = _event(mention, "denied")
    with Store(f"sqlite:///{tmp_path / 's.db'}") as store:
        assert anchor_on_quoted_statements([dated, undated], [event], store) is False


def test_year_less_reports_take_the_collection_year(tmp_path: Path) -> None:
    others = [_article(c, "Text.", f"2021-0{i}-10", False, "published") for i, c in enumerate("abc", start=3)]
    year_less = _article(
        "d",
        "The ship left on Oct. 1 and arrived on Oct. 9.",
        "2026-11-23",
        True,
        "no date in the text: date of the run",
    )
    with Store(f"sqlite:///{tmp_path / 's.db'}") as store:
        settle_year_less_dates([*others, year_less], store)
    assert year_less.reference_date == "2021-10-09"
    assert "year 2021 from the collection" in year_less.reference_date_basis


# A feed: three reports that state their date, one that writes none (in our own words, names invented).
DATED = {"a": "2021-03-01", "b": "2021-03-05", "c": "2021-04-10"}
UNDATED_TEXT = "The coast guard of Tarvos said it was watching the freighter Amber Gull closely"


def _feed(folder: Path, undated: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    items = [{"id": key, "published": day, "text": f"Officials in Velmar inspected cargo number {i}"}
             for i, (key, day) in enumerate(DATED.items())]
    if undated:
        items.append({"id": "d", "text": UNDATED_TEXT})
    feed = folder / "feed.jsonl"
    feed.write_text("".join(json.dumps(item) + "\n" for item in items), encoding="utf-8")
    return feed


def _run(inputs: list[Path], out: Path, **options: object) -> tuple[RunSummary, dict[str, dict]]:
    summary = analyze(inputs, out, write_html_report=False, **options)  # type: ignore[arg-type]
    dossier = json.loads((out / "dossier.json").read_text(encoding="utf-8"))
    return summary, {doc["id"]: doc for doc in dossier["documents"]}


def test_a_report_that_writes_no_date_takes_its_collections_not_the_run_day(tmp_path: Path) -> None:
    summary, docs = _run([_feed(tmp_path / "in")], tmp_path / "out")
    d = docs["d"]
    assert d["reference_date"] == "2021-03-05" != date.today().isoformat()  # the median of the three
    assert d["reference_date_inferred"] is True and d["published"] is None
    assert d["reference_date_basis"].startswith("no date in the text: the median reference date of the 3")
    assert [u.id for u in summary.undated] == ["d"]  # the stated ones are not warned about
    assert "states no date; dated 2021-03-05" in str(summary.undated[0])


def test_with_nothing_dated_beside_it_a_report_takes_its_files_date(tmp_path: Path) -> None:
    report = tmp_path / "in" / "lone.txt"
    report.parent.mkdir()
    report.write_text(f"{UNDATED_TEXT}.\nThe ministry declined to comment on the inspection.\n",
                      encoding="utf-8")
    saved = datetime(2019, 6, 1, 12).timestamp()
    os.utime(report, (saved, saved))
    summary, docs = _run([report.parent], tmp_path / "out")
    assert docs["lone"]["reference_date"] == "2019-06-01"
    assert "the day its file was last modified (2019-06-01)" in docs["lone"]["reference_date_basis"]
    assert [u.id for u in summary.undated] == ["lone"]


def test_date_option_dates_reports_that_state_none_and_a_stated_date_wins(tmp_path: Path) -> None:
    summary, docs = _run([_feed(tmp_path / "in")], tmp_path / "out", default_date=date(2022, 2, 2))
    assert (docs["d"]["reference_date"], docs["d"]["reference_date_inferred"]) == ("2022-02-02", False)
    assert docs["d"]["reference_date_basis"] == "given with --date"
    assert docs["a"]["reference_date"] == "2021-03-01"  # the report's own stated date
    assert summary.undated == []


SIDECAR_CSV = """id,date,outlet,url
d.txt,2020-12-24,The Tarvos Herald,https://herald.example/amber-gull
a,2021-02-28,,
"""

SIDECAR_YAML = """# the analyst's notes
d:
  date: 2020-12-24
  outlet: The Tarvos Herald
  url: https://herald.example/amber-gull
a: {date: 2021-02-28}
"""


def _check_sidecar_applied(docs: dict[str, dict], summary: RunSummary) -> None:
    d, a = docs["d"], docs["a"]
    assert (d["published"], d["reference_date"], d["reference_date_inferred"]) == (
        "2020-12-24", "2020-12-24", False)
    assert (d["outlet"], d["source"]) == ("The Tarvos Herald", "https://herald.example/amber-gull")
    assert d["reference_date_basis"].startswith("given in the sidecar")
    assert a["published"] == "2021-02-28"  # the analyst's word wins over the feed's own date
    assert summary.undated == [] and summary.sidecar_problems == []


def test_a_csv_sidecar_sets_date_outlet_and_url(tmp_path: Path) -> None:
    sidecar = tmp_path / "notes.csv"
    sidecar.write_text(SIDECAR_CSV, encoding="utf-8")
    summary, docs = _run([_feed(tmp_path / "in")], tmp_path / "out", sidecar=sidecar)
    _check_sidecar_applied(docs, summary)
    assert "notes.csv, line 2" in docs["d"]["reference_date_basis"]


def test_a_yaml_sidecar_on_a_second_run_fixes_reports_already_stored(tmp_path: Path) -> None:
    feed, out = _feed(tmp_path / "in"), tmp_path / "out"
    first, _ = _run([feed], out)
    assert [u.id for u in first.undated] == ["d"]
    sidecar = tmp_path / "notes.yaml"
    sidecar.write_text(SIDECAR_YAML, encoding="utf-8")
    summary, docs = _run([feed], out, sidecar=sidecar)
    assert summary.new == []
    _check_sidecar_applied(docs, summary)


def test_bad_sidecar_rows_are_named_by_file_and_line_and_the_rest_apply(tmp_path: Path) -> None:
    sidecar = tmp_path / "notes.csv"
    sidecar.write_text(
        "id,date,outlet,url\n"
        "d,2020-12-24,,\n"
        "a,24/12/2020,,\n"  # line 3: not YYYY-MM-DD
        ",2020-01-01,,\n"  # line 4: no id
        "b,2021-02-30,,\n"  # line 5: no such day
        "c,,,not a url\n"  # line 6
        "zz,2020-01-01,,\n"  # line 7: no such report
        "c,2021,x\n",  # line 8: too few fields
        encoding="utf-8",
    )
    summary, docs = _run([_feed(tmp_path / "in")], tmp_path / "out", sidecar=sidecar)
    assert docs["d"]["reference_date"] == "2020-12-24"
    assert docs["a"]["published"] == "2021-03-01"
    lines = {p.line: p.reason for p in summary.sidecar_problems}
    assert all(p.source == str(sidecar) for p in summary.sidecar_problems)
    assert sorted(lines) == [3, 4, 5, 6, 7, 8]
    assert "24/12/2020" in lines[3] and "YYYY-MM-DD" in lines[3]
    assert "no id" in lines[4] and "2021-02-30" in lines[5] and "not a URL" in lines[6]
    assert "no report with id zz" in lines[7]
    assert str(summary.sidecar_problems[0]).startswith(f"{sidecar}:3: ")


def test_sidecar_yaml_list_form_and_its_errors(tmp_path: Path) -> None:
    path = tmp_path / "notes.yml"
    path.write_text("- id: a.html.gz\n  date: 2020-01-02\n- id: b\n  date: soon\n- just text\n"
                    "- id: c\n  colour: red\n", encoding="utf-8")
    sidecar = read_sidecar(path)
    assert sidecar.rows["a"].date == "2020-01-02" and sidecar.row_for("a-1234abcd", "sub/a.html.gz")
    assert {(p.line, p.reason.split(" ")[0]) for p in sidecar.problems} == {
        (3, "date"), (5, "expected"), (7, "key"), (6, "the")}
    broken = tmp_path / "broken.yaml"
    broken.write_text("a: [1, 2\nb: c\n", encoding="utf-8")
    [problem] = read_sidecar(broken).problems
    assert problem.source == str(broken) and "malformed YAML" in problem.reason and problem.line


def test_quotation_dating_gives_the_same_dates_on_a_second_run(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    items = [
        {"id": "a", "published": "2021-01-04", "text": "Officials in Velmar inspected cargo number 1."},
        {"id": "b", "published": "2021-06-01", "text": f"The president said on Tuesday: {SPEECH}."},
        {"id": "g", "text": "Officials said Wednesday that troops came in late 2015 and left on Oct. 7. "
                            "The president vowed to “hold all those responsible to account at a time and "
                            "in a manner of our choosing”."},
        {"id": "u", "text": "Officials in Velmar inspected more cargo."},
    ]
    (folder / "feed.jsonl").write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    _, first = _run([folder / "feed.jsonl"], tmp_path / "out")
    _, second = _run([folder / "feed.jsonl"], tmp_path / "out")
    assert first["g"]["reference_date"] == "2021-06-02"  # b's day, on to the Wednesday its lead names
    assert [first[k]["reference_date"] for k in "gu"] == [second[k]["reference_date"] for k in "gu"]
    assert first["u"]["reference_date"] == "2021-06-01"  # the median counts g at its new date
