"""Reference dates settled across the collection: years from the other reports, quoted statements."""

from pathlib import Path

from armswatch.clean.models import Article
from armswatch.events.models import Event, EventMention
from armswatch.pipeline import anchor_on_quoted_statements, settle_year_less_dates
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
