"""The workbench's views (/views): the timeline that zooms, the map of places and routes and the network,
through their JSON endpoints (/api/views/...) over the test dossier (tests/web_fixture.py) given
coordinates, and once in a real browser (Chromium through Playwright, skipped where there is none)."""

from __future__ import annotations

import json
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from armswatch.web import auth
from armswatch.web.app import create_app
from armswatch.web.data import View
from armswatch.web.views import first_day, network, timeline
from tests.web_fixture import PASSWORD, dossier, log_in

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "out" / "test-artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def mapped_dossier() -> dict[str, Any]:
    """The test dossier with points for its two countries and a stated route for the first transfer
    (Port Alpha → Port Beta → Southia); the second transfer names no place (a country-to-country line)."""
    d = dossier()
    points = {"northland": (60.0, 10.0), "southia": (-10.0, 30.0)}
    for e in d["entities"]:
        if e["id"] in points:
            e["lat"], e["lon"] = points[e["id"]]
    d["entities"].append({"id": "port-beta", "name": "Port Beta", "type": "place", "aliases": [],
                          "documents": ["doc-a"], "lat": 2.0, "lon": 25.0})
    d["entities"].append({"id": "nowhere", "name": "Nowhere Bay", "type": "place", "aliases": [],
                          "documents": ["doc-a"]})
    first = d["events"][0]
    first["places"] = [{"entity": "port-alpha", "role": "origin"}, {"entity": "port-beta", "role": "via"},
                       {"entity": "southia", "role": "destination"}, {"entity": "nowhere", "role": "via"}]
    return d


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def app(tmp_path: Path):  # noqa: ANN201 - a FastAPI app
    folder = tmp_path / "wb"
    folder.mkdir()
    (folder / "dossier.json").write_text(json.dumps(mapped_dossier()), encoding="utf-8")
    application = create_app(folder, runner=lambda job, tick: {}, apply_at_once=False)
    auth.add_user(application.state.workbench.engine, "vic", "viewer", PASSWORD)
    return application


@pytest.fixture
def client(app) -> TestClient:  # noqa: ANN001
    c = TestClient(app)
    log_in(c, "vic")
    return c


def test_the_views_need_a_login(app) -> None:  # noqa: ANN001
    anon = TestClient(app)
    for path in ("/api/views/timeline", "/api/views/map", "/api/views/network", "/api/views/basemap"):
        assert anon.get(path).status_code == 401, path
    page = anon.get("/views", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login")


def test_the_page_loads_its_own_script_only(client: TestClient) -> None:
    page = client.get("/views")
    assert page.status_code == 200
    assert 'src="/static/views.js"' in page.text and "<script>" not in page.text  # the CSP allows no inline
    assert 'href="/views"' in page.text  # in the navigation
    assert all(client.get(f"/static/views.{ext}").status_code == 200 for ext in ("js", "css"))


def test_timeline_counts_events_a_day_and_follows_the_filters(client: TestClient) -> None:
    data = client.get("/api/views/timeline").json()
    assert data["total"] == 4 and data["undated"] == 1  # the seizure states no time
    assert [(d["day"], d["count"], d["types"]) for d in data["days"]] == [
        ("2024-03-01", 2, {"transfer": 2}), ("2024-04-01", 1, {"denial": 1})]
    assert (data["first"], data["last"]) == ("2024-03-01", "2024-04-01")
    brushed = client.get("/api/views/timeline",
                         params={"date_from": "2024-03-15", "date_to": "2024-04-30"}).json()
    assert [d["day"] for d in brushed["days"]] == ["2024-03-01", "2024-04-01"]  # March overlaps the range
    assert client.get("/api/views/timeline", params={"date_from": "2024-04"}).json()["total"] == 1
    assert client.get("/api/views/timeline", params={"type": "denial"}).json()["total"] == 1
    assert client.get("/api/views/timeline", params={"date_from": "March"}).status_code == 422


def test_map_has_places_stated_routes_and_country_lines(client: TestClient) -> None:
    data = client.get("/api/views/map").json()
    assert {p["id"] for p in data["points"]} == {"port-alpha", "port-beta", "southia", "northland"}
    stated = [r for r in data["routes"] if r["stated"]]
    implied = [r for r in data["routes"] if not r["stated"]]
    assert [(r["event"], r["stops"]) for r in stated] == [
        ("ev_transfer_a", ["port-alpha", "port-beta", "southia"])]
    assert [(r["event"], r["stops"]) for r in implied] == [("ev_transfer_b", ["northland", "southia"])]
    assert data["missing"] == ["Nowhere Bay"] and data["routes_left_out"] == 0
    only_denials = client.get("/api/views/map", params={"type": "denial"}).json()
    assert only_denials["routes"] == [] and only_denials["points"] == []


def test_network_filters_by_type_and_dates(client: TestClient) -> None:
    data = client.get("/api/views/network").json()
    assert {n["id"] for n in data["nodes"]} == {"northland", "southia", "blue-heron"}
    [edge] = [e for e in data["edges"] if e["type"] == "transfer"]
    assert (edge["source"], edge["target"], edge["directed"], edge["events"]) == (
        "northland", "southia", True, 2)
    assert data["types"] == ["denial", "seizure", "transfer"]
    seizures = client.get("/api/views/network", params={"type": "seizure"}).json()
    assert [n["id"] for n in seizures["nodes"]] == ["blue-heron"] and seizures["edges"] == []
    april = client.get("/api/views/network", params={"date_from": "2024-04"}).json()
    assert [n["id"] for n in april["nodes"]] == ["southia"]
    assert client.get("/api/views/network", params={"limit": 1}).status_code == 422


def test_basemap_is_served_from_the_package(client: TestClient) -> None:
    response = client.get("/api/views/basemap")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/json")
    data = response.json()
    assert len(data["countries"]) > 150 and "Natural Earth" in data["credit"]


def test_endpoints_are_typed_in_the_schema(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    for path, model in (("/api/views/timeline", "TimelineOut"), ("/api/views/map", "MapOut"),
                        ("/api/views/network", "NetworkOut"), ("/api/views/basemap", "Basemap")):
        ok = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert ok == {"$ref": f"#/components/schemas/{model}"}, path
    params = {p["name"] for p in schema["paths"]["/api/views/network"]["get"]["parameters"]}
    assert {"type", "date_from", "date_to", "limit"} <= params


def test_pure_helpers() -> None:
    assert [first_day(v) for v in ("2024", "2024-03", "2024-03-09")] == [
        "2024-01-01", "2024-03-01", "2024-03-09"]
    view = View.of(mapped_dossier(), {})
    events = list(view.events.values())
    assert timeline(events).total == 4
    assert [n.id for n in network(view, events, limit=2).nodes] == ["southia", "northland"]


# -- in a browser -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if CHROMIUM is None:
        pytest.skip("no Chromium here: `apt-get install -y chromium`")
    import uvicorn

    folder = tmp_path_factory.mktemp("views")
    (folder / "dossier.json").write_text(json.dumps(mapped_dossier()), encoding="utf-8")
    application = create_app(folder, runner=lambda job, tick: {}, apply_at_once=False)
    auth.add_user(application.state.workbench.engine, "vic", "viewer", PASSWORD)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(application, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_views_render_and_the_brush_zooms(served: str) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900}, base_url=served)
        page.set_default_timeout(60_000)  # two cores shared by a whole test run
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto("/login?next=/views")
        page.fill("input[name=username]", "vic")
        page.fill("input[name=password]", PASSWORD)
        page.click("form.login button[type=submit]")
        page.wait_for_url(re.compile(r"/views$"))
        for chart in ("timeline", "map", "network"):
            page.wait_for_selector(f"#{chart}-chart[data-ready='1']")
        assert page.locator("#timeline-chart rect.tl-bar-rect").count() >= 2
        assert page.locator("#map-chart path.land").count() > 150
        assert page.locator("#map-chart path.route").count() == 2
        assert page.locator("#map-chart a.place").count() == 4
        assert page.locator("#network-chart a.net-node").count() == 3
        assert page.locator("table.view-events tbody tr").count() == 4  # no range yet: every event
        page.screenshot(path=str(ARTIFACTS / "web-views.png"), full_page=True)
        ticks = page.locator("#timeline-chart text.tl-tick").evaluate_all(
            "t => t.map(x => [x.getBBox().x, x.getBBox().x + x.getBBox().width])")
        assert len(ticks) >= 3 and all(a[1] < b[0] for a, b in zip(ticks, ticks[1:], strict=False))
        # brush the right half of the timeline (April): the table, map and network follow
        box = page.locator("#timeline-chart svg").bounding_box()
        y = box["y"] + box["height"] / 2
        page.mouse.move(box["x"] + box["width"] * 0.8, y)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] * 0.99, y, steps=5)
        page.mouse.up()
        page.wait_for_url(re.compile(r"date_from=2024-0"))
        page.wait_for_selector("#view-status:empty", state="attached")  # every view redrawn
        # the late days of March and April: the transfers of March overlap it, the undated seizure is gone
        rows = page.locator("table.view-events tbody tr").evaluate_all("r => r.map(x => x.dataset.event)")
        assert "ev_denial" in rows and "ev_seizure" not in rows
        assert page.locator("#network-chart a.net-node[data-entity=blue-heron]").count() == 0
        page.screenshot(path=str(ARTIFACTS / "web-views-zoomed.png"), full_page=False)
        assert "date_from=" in page.locator("#open-table").get_attribute("href")
        page.click("#zoom-out")
        page.wait_for_selector("table.view-events tbody tr >> nth=3")
        page.select_option("#view-filters select[name=type]", "transfer")
        page.wait_for_url(re.compile(r"type=transfer"))
        page.wait_for_selector("#view-status:empty", state="attached")
        assert page.locator("#network-chart path.net-edge").count() == 1
        assert not errors, errors
        browser.close()
