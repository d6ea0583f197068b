"""The workbench in a real browser (Playwright driving Debian's Chromium, never a downloaded one), over the
bundled examples analysed by the real pipeline: log in, search, filter the event table, open an event and
see its evidence marked, reject an event and see it gone after a re-run, merge two events, set a report's
date, upload a report (and a bad file, reported and skipped). Screenshots go to out/test-artifacts/."""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web_fixture import PASSWORD

sync_api = pytest.importorskip("playwright.sync_api")

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "out" / "test-artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
RUN_TIMEOUT_MS = 240_000  # a run of the pipeline on a busy two-core machine

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium here: `apt-get install -y chromium`")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    import uvicorn

    from armswatch.pipeline import analyze
    from armswatch.web import auth
    from armswatch.web.app import create_app

    folder = tmp_path_factory.mktemp("workbench")
    inputs = folder / "inputs"
    shutil.copytree(REPO / "examples", inputs)
    analyze([inputs], folder / "out", write_html_report=False)
    app = create_app(folder / "out")
    auth.add_user(app.state.workbench.engine, "ana", "analyst", PASSWORD)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    yield {"url": f"http://127.0.0.1:{port}", "app": app, "folder": folder / "out"}
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def page(server: dict[str, Any]) -> Iterator[Any]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900}, base_url=server["url"])
        page.set_default_timeout(30_000)
        page.goto("/events")
        assert "/login" in page.url  # strangers are sent to the login page
        page.fill("input[name=username]", "ana")
        page.fill("input[name=password]", PASSWORD)
        page.click("form.login button[type=submit]")
        page.wait_for_url(re.compile(r"/events$"))
        yield page
        browser.close()


def shot(page: Any, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"web-{name}.png"), full_page=False)


def wait_for_job(page: Any) -> str:
    """On the upload page, until the run just submitted (named in the page's URL) is done; its row updates
    itself from /api/jobs. Without one named, the newest row: review decisions queue jobs of their own,
    so the first row may be an older, finished one."""
    page.wait_for_url(re.compile(r"/upload\?job="), timeout=RUN_TIMEOUT_MS)
    match = re.search(r"job=([\w-]+)", page.url)
    row = f"tr.job[data-job={match.group(1)}]" if match else "tr.job:first-child"
    page.wait_for_selector(f"{row}[data-state=done]", timeout=RUN_TIMEOUT_MS)
    return row


def test_log_in_and_search(page: Any) -> None:
    assert page.locator("header form.who").inner_text().startswith("ana (analyst)")
    page.fill("header input[name=q]", "Galaxy Leader")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"/search\?q="))
    assert page.locator("#entities a", has_text="Galaxy Leader").count() >= 1
    assert page.locator("#events li").count() >= 1 and page.locator("#documents li").count() >= 1
    shot(page, "search")
    page.locator("#entities a", has_text="Galaxy Leader").first.click()
    assert page.locator("h1").inner_text().startswith("Galaxy Leader")
    assert page.locator("ol.timeline li a").count() >= 1


def test_filter_the_event_table_and_open_an_event(page: Any) -> None:
    page.goto("/events")
    total = int(page.locator("h1 .muted").inner_text())
    page.locator("section.facet[data-facet=type] a", has_text="transfer").first.click()
    page.wait_for_url(re.compile(r"type=transfer"))
    types = page.locator("table.events tbody tr:not(.sentence) td:nth-child(3) a").all_inner_texts()
    assert types and set(types) == {"transfer"} and len(types) < total
    page.locator("th a", has_text="When").click()  # sort by date, then the other way
    page.wait_for_url(re.compile(r"sort=-?date"))
    shot(page, "events")
    page.locator("table.events tbody td:nth-child(3) a").first.click()
    page.wait_for_url(re.compile(r"/events/ev_"))
    trigger = page.locator("blockquote.evidence mark.ev-trigger").first
    assert trigger.is_visible() and trigger.inner_text()
    assert page.locator("blockquote.evidence mark").count() >= 2
    shot(page, "event")


def _event_ids(page: Any, query: str) -> list[str]:
    page.goto(f"/events?{query}")
    return [i.removeprefix("row-") for i in page.locator("table.events tbody tr[id]").evaluate_all(
        "rows => rows.map(r => r.id)")]


def test_review_reject_merge_date_and_a_rerun(page: Any, server: dict[str, Any]) -> None:
    # reject an attack event
    attack = _event_ids(page, "type=attack")[0]
    page.goto(f"/events/{attack}")
    page.fill("section.review input[name=why]", "not an attack on a state")
    page.click("#reject")
    page.wait_for_selector(".badge.review-rejected")
    assert attack not in _event_ids(page, "")
    # merge two condemnations from the table
    condemnations = _event_ids(page, "type=condemnation")
    assert len(condemnations) >= 2
    for event_id in condemnations[:2]:
        page.check(f"input[name=ids][value={event_id}]")
    page.click("#merge-button")
    page.wait_for_url(re.compile(rf"/events/{condemnations[0]}$"))
    assert page.locator("ol.mentions li.mention").count() >= 2
    shot(page, "merged")
    # set the date of a report
    page.goto("/documents")
    page.click('table.events a[href="/documents/feed-tanker-seizure"]')
    page.fill("#doc-date", "2020-08-15")
    page.click("#set-date")
    page.wait_for_selector("#reference-date .review-dated")
    assert "2020-08-15" in page.locator("#reference-date").inner_text()
    shot(page, "document")
    # a re-run writes a new dossier; the decisions hold over it
    dossier = server["folder"] / "dossier.json"
    before = dossier.stat().st_mtime_ns
    page.goto("/upload")
    page.click("#rerun")
    wait_for_job(page)
    assert dossier.stat().st_mtime_ns != before
    assert attack not in _event_ids(page, "")
    page.goto(f"/events/{attack}")
    assert page.locator(".badge.review-rejected").is_visible()  # with who rejected it, and why
    assert condemnations[1] not in _event_ids(page, "type=condemnation")
    page.goto("/documents")
    assert "2020-08-15" in page.locator("table.events").inner_text()
    page.goto("/audit")
    assert page.locator("table.events tbody tr").count() == 3
    shot(page, "audit")


def test_upload_a_report_and_a_bad_file(page: Any, tmp_path: Path) -> None:
    report = tmp_path / "new_report.md"
    report.write_text("---\ntitle: Drones for Southia\ndate: 2024-05-02\n---\n\n"
                      "Officials said on Thursday that Iran shipped 40 drones to Russia last week.\n",
                      encoding="utf-8")
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\n\x00\x01\x02 not a pdf at all")
    page.goto("/upload")
    page.set_input_files("#files", [str(report), str(bad)])
    page.click("#upload-button")
    page.wait_for_url(re.compile(r"/upload\?job="))
    row = page.locator(wait_for_job(page))
    assert "broken.pdf" in row.locator(".skipped").inner_text()
    assert "1 new" in row.locator(".progress").inner_text()
    shot(page, "upload")
    page.goto("/documents")
    assert page.locator("table.events a", has_text="Drones for Southia").count() == 1
