"""The report at a thousand events (tests/report_scale.py): a header that says what the case is, what made
it and from what; a page of a sensible size whose events are paged and filterable; a timeline whose axis
labels never overlap; the reports' texts left out on request; files anyone may read (0644)."""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import html as lxml_html
from typer.testing import CliRunner

from armswatch import __version__
from armswatch.cli import app as cli_app
from armswatch.dossier import write_dossier
from armswatch.report import render_report, write_report
from tests.fusion_sample import sample_dossier
from tests.report_scale import thousand_event_dossier
from tests.test_report_browser import chromium, run_browser

MAX_BYTES = 3_000_000  # about 2.1 MB: the dossier itself (2 kB an event), the code and the basemap
CHAR_PX = 7  # the axis font's widest digit is under this (report.js: CHAR_PX)


@pytest.fixture(scope="module")
def big() -> dict:
    return thousand_event_dossier()


def embedded(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="dossier-data">(.*?)</script>', page, re.S)
    assert m is not None
    return json.loads(m.group(1))


def test_a_thousand_events_make_a_page_of_sensible_size(big: dict) -> None:
    page = render_report(big, inputs=["cases/drones"])
    assert len(big["events"]) == 1000
    assert len(page.encode("utf-8")) < MAX_BYTES
    assert len(embedded(page)["events"]) == 1000  # every event travels; the page draws one page of them
    assert 'id="filters"' in page and "Pager(" in page and "PAGE = { events: 25" in page


def test_the_header_names_the_case_tool_inputs_and_run(big: dict) -> None:
    page = render_report(big, inputs=["cases/drones", "extra.jsonl"])
    head = lxml_html.fromstring(page).xpath("//header")[0]
    assert head.xpath("string(h1)").startswith("armswatch dossier: drones, extra.jsonl (")
    meta = head.xpath('string(.//p[@id="meta"])')
    assert f"armswatch {__version__}" in meta and f"run {big['generated_at']}" in meta
    assert "inputs: cases/drones, extra.jsonl" in meta
    named = render_report({**big, "case": "Drones <to> Russia"})
    assert "<h1>Drones &lt;to&gt; Russia</h1>" in named  # a case named by the analyst, escaped


def test_report_text_can_be_left_out(big: dict) -> None:
    full, bare = render_report(big), render_report(big, include_text=False)
    data = embedded(bare)
    assert data["text_included"] is False and embedded(full)["text_included"] is True
    assert all("body" not in d for d in data["documents"])
    assert all(m["text"] for e in data["events"] for m in e["mentions"])  # the evidence stays
    assert len(bare) < len(full)
    assert "report texts left out" in bare and "report texts left out" not in full


def test_cli_documents_the_option() -> None:
    out = CliRunner().invoke(cli_app, ["analyze", "--help"], env={"COLUMNS": "200", "NO_COLOR": "1"}).output
    assert "--no-report-text" in re.sub(r"\x1b\[[0-9;]*m", "", out)


@pytest.fixture
def default_umask() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_written_files_have_ordinary_permissions(tmp_path: Path, default_umask: None) -> None:
    report = write_report(sample_dossier(), tmp_path)
    dossier = write_dossier(sample_dossier(), tmp_path / "dossier.json")
    for path in (report, dossier):
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path


# -- in a browser -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rendered(big: dict, tmp_path_factory: pytest.TempPathFactory) -> lxml_html.HtmlElement:
    chromium()
    page = write_report(big, tmp_path_factory.mktemp("big"), include_text=False)
    return lxml_html.fromstring(run_browser(["--dump-dom", page.as_uri()]))


def test_events_are_paged(rendered: lxml_html.HtmlElement) -> None:
    body = rendered.find("body")
    assert body.get("data-ready") == "1" and body.get("data-error") is None
    assert len(rendered.xpath('//*[@id="event-list"]//article[@class="event"]')) == 25
    pager = rendered.xpath('//nav[@id="events-pager"]')[0]
    assert pager.get("data-pages") == "40" and pager.get("data-page") == "1"
    assert len(rendered.xpath('//table[@class="claims"]//tr[@class="claim-row"]')) == 50
    assert len(rendered.xpath('//*[@id="document-list"]//article[@class="doc"]')) == 10
    assert "1000 events" in rendered.xpath('string(//*[@id="filter-count"])')
    # without the texts, each fact's sentence is still shown, marked, where its links lead
    assert rendered.xpath('//*[@id="document-list"]//ol[@class="sentences"]/li/mark[@class="fact"]')


def test_timeline_is_cut_to_readable_rows_with_a_readable_axis(rendered: lxml_html.HtmlElement) -> None:
    assert len(rendered.xpath('//*[@id="timeline-view"]//*[contains(@class, "tl-item")]')) == 120
    assert "most important of" in rendered.xpath('string(//*[contains(@class, "tl-cut")])')
    axis = rendered.xpath('//*[@id="timeline-view"]//*[@class="tl-axis"]')[0]
    assert axis.get("data-unit") in {"month", "year"}  # five years: no days
    ticks = [(float(t.get("x")), t.text) for t in axis.xpath('.//*[@class="tl-tick"]')]
    assert len(ticks) >= 4
    for (x1, label), (x2, _) in zip(ticks, ticks[1:], strict=False):
        assert x2 - x1 >= len(label) * CHAR_PX, (label, x1, x2)  # never on top of each other
    labels = [label for _, label in ticks]
    assert len(set(labels)) == len(labels)


def test_a_short_span_is_labelled_by_month(tmp_path: Path) -> None:
    chromium()
    page = write_report(sample_dossier(), tmp_path)
    dom = lxml_html.fromstring(run_browser(["--dump-dom", page.as_uri()]))
    axis = dom.xpath('//*[@id="timeline-view"]//*[@class="tl-axis"]')[0]
    assert axis.get("data-unit") == "month"
    assert all(re.fullmatch(r"\d{4}-\d{2}", t.text) for t in axis.xpath('.//*[@class="tl-tick"]'))


def test_filters_narrow_the_events_and_links_turn_the_page(big: dict, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    exe = chromium()
    page_file = write_report(big, tmp_path)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=exe, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(90_000)  # two cores shared by a whole test run
        page.goto(page_file.as_uri())
        page.wait_for_selector("body[data-ready='1']")
        page.select_option("#filters select[name=type]", "meeting")
        page.fill("#filters input[name=from]", "2023")
        page.wait_for_selector("#filter-count:has-text('match')")  # the page's CSP forbids wait_for_function
        types = set(page.locator("#event-list article.event").evaluate_all("a => a.map(x => x.dataset.type)"))
        assert types == {"meeting"}
        assert int(page.locator("#events-pager").get_attribute("data-pages")) < 40
        last = big["events"][-1]["id"]  # on the last page of all events: a link to it clears the filter
        page.evaluate(f"location.hash = '#ev-{last}'")
        page.wait_for_selector(f"#ev-{last}")
        assert page.locator("#filter-count").inner_text() == "1000 events"
        # a sentence link turns the documents to the page of its report and marks the sentence
        page.locator("#claims-view a.fact-link").last.click()
        flashed = page.locator("#document-list mark.fact.flash")
        flashed.wait_for()
        assert int(page.locator("#documents-pager").get_attribute("data-page")) > 1
        assert page.evaluate("document.body.getAttribute('data-error')") is None
        browser.close()


def test_a_rewrite_keeps_the_choice_of_text_and_inputs(tmp_path: Path) -> None:
    first = write_report(sample_dossier(), tmp_path, include_text=False, inputs=["a</script>", "b"])
    write_report(sample_dossier(), tmp_path)  # as `armswatch match` rewrites it
    data = embedded(first.read_text(encoding="utf-8"))
    assert data["text_included"] is False and data["report_inputs"] == ["a</script>", "b"]
    write_report(sample_dossier(), tmp_path, include_text=True)
    assert embedded(first.read_text(encoding="utf-8"))["text_included"] is True
