"""The report in a real browser: headless Chromium (Debian package `chromium`) renders it offline; the test
reads the DOM after the script ran and keeps a screenshot in out/test-artifacts/."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from lxml import html as lxml_html

from armswatch.report import write_report
from tests.fusion_sample import sample_dossier

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "out" / "test-artifacts"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--mute-audio",
    "--virtual-time-budget=10000",
]


def chromium() -> str:
    for exe in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(exe)
        if path:
            return path
    pytest.skip("no Chromium here: install it with `apt-get install -y chromium` (CI does)")


def run_browser(args: list[str]) -> str:
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [chromium(), *FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> lxml_html.HtmlElement:
    page = write_report(sample_dossier(), tmp_path_factory.mktemp("report"))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "report.png"
    shot.unlink(missing_ok=True)
    run_browser([f"--screenshot={shot}", "--window-size=1400,2000", page.as_uri()])
    assert shot.exists() and shot.stat().st_size > 10_000
    shutil.copy(page, ARTIFACTS / "report.html")
    return lxml_html.fromstring(run_browser(["--dump-dom", page.as_uri()]))


def test_script_ran_without_errors_or_requests(rendered: lxml_html.HtmlElement) -> None:
    body = rendered.find("body")
    assert body.get("data-ready") == "1"
    assert body.get("data-error") is None
    assert body.get("data-resources") == "0"


def test_key_judgements_use_likelihood_words(rendered: lxml_html.HtmlElement) -> None:
    items = rendered.xpath('//div[@id="judgement-list"]/div[@class="judgement"]')
    assert len(items) >= 4
    words = {i.xpath('string(.//span[@class="likely"])') for i in items}
    assert "roughly even chance" in words  # single sources; the supply (grade 2) is disputed: no judgement
    assert not rendered.xpath('//div[@id="judgement-list"]//span[contains(@class, "status-disputed")]')
    assert all(
        w in {"very likely", "likely", "roughly even chance", "unlikely", "very unlikely", "cannot be judged"}
        for w in words
    )


def test_timeline_shows_dated_events_with_precision(rendered: lxml_html.HtmlElement) -> None:
    rows = rendered.xpath('//*[@id="timeline-view"]//*[contains(@class, "tl-item")]')
    assert len(rows) == 7  # every event with a time
    assert {r.get("data-precision") for r in rows} >= {"day", "range"}
    assert rendered.xpath('count(//*[@id="timeline-view"]//*[@class="tl-stated"])') >= 7
    assert len(rendered.xpath('//*[@id="timeline-view"]//li[@class="tl-undated"]')) == 1


def test_map_has_basemap_places_and_routes(rendered: lxml_html.HtmlElement) -> None:
    view = rendered.xpath('//*[@id="map-view"]')[0]
    assert len(view.xpath('.//*[@class="land"]')) > 150
    assert len(view.xpath('.//*[@class="route"]')) == 1  # Amirabad -> Makhachkala
    assert len(view.xpath('.//*[@class="route-implied"]')) == 1  # Iran -> Russia, no route stated
    assert sorted(view.xpath('.//g[@class="place"]/@data-entity')) == [
        "amirabad",
        "makhachkala",
        "paris",
        "tokyo",
    ]


def test_network_and_claims(rendered: lxml_html.HtmlElement) -> None:
    nodes = rendered.xpath('//*[@id="network-view"]//g[starts-with(@class, "net-node")]/@data-entity')
    assert {"iran", "russia", "france", "germany", "japan", "australia"} <= set(nodes)
    assert rendered.xpath('count(//*[@id="network-view"]//*[@class="net-edge"])') >= 4
    rows = rendered.xpath('//table[@class="claims"]//tr[@class="claim-row"]')
    assert len(rows) == 11  # every mention
    assert {r.get("data-stance") for r in rows} == {"assert", "deny"}


def test_every_fact_links_to_a_highlighted_sentence(rendered: lxml_html.HtmlElement) -> None:
    marks = {m.get("id"): m.text_content() for m in rendered.xpath('//mark[@class="fact"]')}
    links = rendered.xpath('//a[contains(@class, "fact-link")]/@href')
    assert links and all(h.startswith("#") and h[1:] in marks for h in links)
    assert any(t.startswith("A cargo ship, the Caspian Star") for t in marks.values())


def test_report_text_is_shown_as_text(rendered: lxml_html.HtmlElement) -> None:
    assert not rendered.xpath("//img") and len(rendered.xpath("//script")) == 3
    assert "<script>alert('x')</script>" in rendered.xpath('string(//*[@id="document-list"])')
    assert "<img src=x onerror=alert(2)>" in rendered.xpath('string(//*[@id="network-view"])')


def test_sanctioned_entities_are_marked(tmp_path: Path) -> None:
    dossier = sample_dossier()
    for e in dossier["entities"]:
        if e["id"] == "caspian_star":
            e["sanctioned"] = [
                {
                    "list": "us_ofac_sdn",
                    "programme": "<b>IRAN</b>",
                    "score": 1.0,
                    "matched_id": "fx-cs",
                    "matched_name": "CASPIAN STAR",
                    "accepted": True,
                    "reviewed": False,
                },
                {
                    "list": "rejected_list",
                    "programme": "X",
                    "score": 0.9,
                    "matched_id": "fx-no",
                    "matched_name": "NO",
                    "accepted": False,
                    "reviewed": True,
                },
            ]
    page = write_report(dossier, tmp_path)
    dom = lxml_html.fromstring(run_browser(["--dump-dom", page.as_uri()]))
    assert dom.find("body").get("data-error") is None
    [item] = dom.xpath('//*[@id="sanctions-view"]//li')
    assert item.get("data-entity") == "caspian_star"
    assert "sanctioned: us_ofac_sdn — <b>IRAN</b>" in item.text_content()  # as text, not markup
    assert "rejected_list" not in item.text_content()
    marks = dom.xpath('//*[@id="event-list"]//span[contains(@class, "sanctioned")]')
    assert marks and not dom.xpath('//*[@id="sanctions-view"]//b')
