"""The workbench web app without a browser: accounts and roles, CSRF, the pages, the event table, the JSON
API and the review overlay, over a small dossier of our own (tests/web_fixture.py). Runs of the pipeline
are replaced by a stub here; tests/test_web_browser.py runs the real one."""

from __future__ import annotations

import csv
import io
import json
import re
import time
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from armswatch.store.write import write_dossier_tables
from armswatch.web import api, auth, pages, review
from armswatch.web.app import create_app
from armswatch.web.data import EventFilters, sort_rows
from armswatch.web.jobs import safe_name
from armswatch.web.render import Span, highlight
from tests.web_fixture import PASSWORD, csrf_of, dossier, log_in, write_folder


def stub_runner(job: Any, tick: Any) -> dict[str, Any]:
    """Stands for the pipeline: every file named bad* is skipped, the others read."""
    skipped = [
        {"source": Path(f).name, "line": None, "reason": "unreadable"}
        for f in job.files
        if Path(f).name.startswith("bad")
    ]
    for f in job.files:
        tick(f"read {Path(f).name}")
    return {"new": len(job.files) - len(skipped), "events": 4, "skipped": skipped}


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    # argon2's defaults cost 64 MiB and most of a second on a loaded machine: the tests hash cheaply
    monkeypatch.setattr(auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture(params=["memory", "store"])
def reader(request: pytest.FixtureRequest) -> str:
    """Where the pages read from: the view in memory, or the store's tables holding the same dossier."""
    return str(request.param)


@pytest.fixture
def app(tmp_path: Path):  # noqa: ANN201 - a FastAPI app
    # decisions stay pending in memory here; test_decisions_reach_the_tables_at_once covers the job
    application = create_app(write_folder(tmp_path / "wb"), runner=stub_runner, apply_at_once=False)
    engine = application.state.workbench.engine
    for name, role in (("vic", "viewer"), ("ana", "analyst"), ("adm", "admin")):
        auth.add_user(engine, name, role, PASSWORD)
    return application


@pytest.fixture
def client(app) -> TestClient:  # noqa: ANN001
    return TestClient(app)


def analyst(app) -> tuple[TestClient, str]:  # noqa: ANN001
    client = TestClient(app)
    return client, log_in(client, "ana")


# -- accounts ---------------------------------------------------------------------------------------------


def test_passwords_are_hashed_with_argon2(app) -> None:  # noqa: ANN001
    with app.state.workbench.engine.connect() as conn:
        stored = conn.execute(auth.users.select()).mappings().all()
    assert all(row["password_hash"].startswith("$argon2id$") for row in stored)
    assert auth.check_password(app.state.workbench.engine, "ana", PASSWORD).role == "analyst"
    assert auth.check_password(app.state.workbench.engine, "ana", "wrong password") is None
    assert auth.check_password(app.state.workbench.engine, "nobody", PASSWORD) is None
    with pytest.raises(auth.AuthError):
        auth.add_user(app.state.workbench.engine, "ana", "viewer", PASSWORD)
    with pytest.raises(auth.AuthError):
        auth.add_user(app.state.workbench.engine, "eve", "superuser", PASSWORD)


def test_login_sets_a_safe_cookie_and_logout_ends_the_session(client: TestClient) -> None:
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"username": "ana", "password": PASSWORD, "csrf": csrf_of(page.text)},
        follow_redirects=False,
    )
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    csrf = csrf_of(client.get("/events").text)
    assert client.post("/logout", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    assert client.get("/events", follow_redirects=False).headers["location"].startswith("/login")


def test_login_refuses_a_wrong_password_and_a_forged_form(client: TestClient) -> None:
    page = client.get("/login")
    wrong = client.post(
        "/login",
        data={"username": "ana", "password": "nope", "csrf": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert "/login" in wrong.headers["location"] and "aw_session" not in wrong.headers.get("set-cookie", "")
    forged = TestClient(client.app).post(
        "/login", data={"username": "ana", "password": PASSWORD, "csrf": "x"}
    )
    assert forged.status_code == 403


def test_failed_logins_are_throttled_per_name(client: TestClient) -> None:
    """Five wrong passwords for one name in a minute: the next login with that name is refused before its
    password is checked, even the right one; another name still logs in."""
    page = client.get("/login")

    def attempt(name: str, password: str) -> Any:
        form = {"username": name, "password": password, "csrf": csrf_of(page.text)}
        return client.post("/login", data=form, follow_redirects=False)

    assert all(attempt("ana", "nope").status_code == 303 for _ in range(5))
    refused = attempt("ana", PASSWORD)
    assert refused.status_code == 429 and 0 < int(refused.headers["retry-after"]) <= 60
    other = attempt("vic", PASSWORD)
    assert other.status_code == 303 and "aw_session" in other.headers.get("set-cookie", "")


def test_the_login_throttle_forgets_failures_after_its_window() -> None:
    from armswatch.web.security import LoginThrottle

    now = [0.0]
    throttle = LoginThrottle(per_name=2, per_address=3, window=60, clock=lambda: now[0])
    throttle.failed("Ana", "10.0.0.1")
    assert throttle.wait("ana", "10.0.0.1") == 0
    throttle.failed("ana", "10.0.0.1")
    assert throttle.wait("ANA", "10.0.0.2") == 60  # by name, from any address
    throttle.failed("bob", "10.0.0.1")
    now[0] = 30.0
    assert throttle.wait("carol", "10.0.0.1") == 30  # by address, whatever the name
    now[0] = 61.0
    assert throttle.wait("ana", "10.0.0.1") == 0 and throttle.wait("carol", "10.0.0.1") == 0


def test_pages_send_strangers_to_the_login_page_and_the_api_answers_401(client: TestClient) -> None:
    for path in ("/", "/events", "/events/ev_denial", "/search?q=drones", "/upload", "/audit"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/login"), path
    for path in ("/api/events", "/api/events/ev_denial", "/api/search?q=x", "/api/decisions", "/api/jobs"):
        assert client.get(path).status_code == 401, path
    assert client.get("/api/me", headers={"Authorization": "Bearer aw_wrong"}).status_code == 401


def _write_routes() -> list[tuple[str, str]]:
    """Every route that is not a read, from the app's two routers (the login form excepted)."""
    return [
        (method, route.path)
        for router in (api.router, pages.router)
        for route in router.routes
        if isinstance(route, APIRoute)
        for method in route.methods
        if method not in {"GET", "HEAD"} and route.path != "/login"
    ]


def _fill(path: str) -> str:
    return (
        path.replace("{event_id}", "ev_denial")
        .replace("{document_id}", "doc-a")
        .replace("{entity_id}", "northland")
    )


def test_every_write_endpoint_refuses_anonymous_and_viewers(app) -> None:  # noqa: ANN001
    routes = _write_routes()
    assert ("POST", "/api/decisions") in routes and ("POST", "/events/{event_id}/review") in routes
    engine = app.state.workbench.engine
    token = auth.new_api_token(engine, "vic")
    viewer = TestClient(app)
    viewer_csrf = log_in(viewer, "vic")
    anonymous = TestClient(app)
    for method, path in routes:
        url = _fill(path)
        form = {
            "csrf": viewer_csrf,
            "action": "reject",
            "ids": ["ev_denial", "ev_seizure"],
            "into": "ev_seizure",
            "date": "2024-01-01",
            "name": "X",
            "grade": "A",
            "source": "Daily Example",
        }
        files = {"files": ("r.txt", b"text", "text/plain")} if "upload" in path else None
        anon = anonymous.request(method, url, data=form, files=files, follow_redirects=False)
        if path == "/logout":
            assert anon.status_code in {303, 401}, (method, path)
            continue
        assert anon.status_code in {401, 303} and (
            anon.status_code == 401 or anon.headers["location"].startswith("/login")
        ), (path, anon)
        assert (
            viewer.request(
                method, url, data=form, files=files, headers={"X-CSRF-Token": viewer_csrf}
            ).status_code
            == 403
        ), path
        # a viewer's API token: refused by the API, and pages take no token (to the login page)
        with_token = anonymous.request(
            method,
            url,
            data=form,
            files=files,
            follow_redirects=False,
            headers={"Authorization": f"Bearer {token}"},
        )
        assert with_token.status_code == (403 if path.startswith("/api/") else 303), path
    assert review.list_decisions(engine) == [] and app.state.jobs.all() == []


def test_forms_and_cookie_api_writes_need_the_csrf_token(app) -> None:  # noqa: ANN001
    client, csrf = analyst(app)
    assert (
        client.post("/events/ev_denial/review", data={"action": "reject", "csrf": "forged"}).status_code
        == 403
    )
    body = {"kind": "reject_event", "target": "ev_denial"}
    assert client.post("/api/decisions", json=body).status_code == 403
    assert client.post("/api/decisions", json=body, headers={"X-CSRF-Token": csrf}).status_code == 201


def test_api_tokens_act_for_their_user(app) -> None:  # noqa: ANN001
    token = auth.new_api_token(app.state.workbench.engine, "ana", "script")
    client = TestClient(app, headers={"Authorization": f"Bearer {token}"})
    assert client.get("/api/me").json() == {"name": "ana", "role": "analyst"}
    made = client.post(
        "/api/decisions", json={"kind": "accept_event", "target": "ev_denial", "why": "seen it"}
    )
    assert made.status_code == 201 and made.json()["user"] == "ana"
    bad = client.post("/api/decisions", json={"kind": "merge_events", "target": "ev_denial", "payload": {}})
    assert bad.status_code == 422


# -- reading ---------------------------------------------------------------------------------------------


def read_from(app, reader: str) -> None:  # noqa: ANN001
    if reader == "store":
        write_dossier_tables(app.state.workbench.engine, dossier())
    assert (app.state.workbench.tables() is not None) == (reader == "store")


def test_event_table_filters_sorts_pages_and_exports(app, reader: str) -> None:  # noqa: ANN001
    read_from(app, reader)
    client, _ = analyst(app)
    page = client.get("/api/events", params={"type": "transfer"}).json()
    assert page["total"] == 2 and {r["id"] for r in page["items"]} == {"ev_transfer_a", "ev_transfer_b"}
    assert {f["value"]: f["count"] for f in page["facets"]["source"]} == {
        "Daily Example": 1,
        "Weekly Sample": 1,
    }
    assert client.get("/api/events", params={"vessel": "blue-heron"}).json()["total"] == 2
    assert client.get("/api/events", params={"country": "southia", "credibility": 5}).json()["total"] == 1
    dated = client.get("/api/events", params={"date_from": "2024-04", "date_to": "2024-12"}).json()
    assert [r["id"] for r in dated["items"]] == ["ev_denial"]
    by_credibility = client.get(
        "/api/events", params={"sort": "-credibility", "limit": 2, "offset": 1}
    ).json()
    assert [r["credibility"] for r in by_credibility["items"]] == [5, 4] and by_credibility["total"] == 4
    rows = list(csv.DictReader(io.StringIO(client.get("/events.csv", params={"type": "transfer"}).text)))
    assert {r["id"] for r in rows} == {"ev_transfer_a", "ev_transfer_b"} and rows[0][
        "actor_names"
    ] == "Northland"
    html = client.get("/events", params={"type": "transfer", "sort": "date"}).text
    assert "ev_transfer_a" in html and "ev_denial" not in html and "Export CSV" in html


def test_next_pages_follow_by_cursor(app, reader: str, monkeypatch) -> None:  # noqa: ANN001
    """The API's and the event table's "next" pages start after the last row of the page before (its
    cursor, `next_after`), and are the pages an offset gives."""
    from armswatch.web import pages

    read_from(app, reader)
    client, _ = analyst(app)
    for sort in ("-date", "credibility"):
        by_offset = [r["id"] for r in client.get("/api/events", params={"sort": sort}).json()["items"]]
        walked, after = [], None
        for _ in range(len(by_offset)):
            cursor = {"after": after} if after else {}
            page = client.get("/api/events", params={"sort": sort, "limit": 1, **cursor})
            walked += [r["id"] for r in page.json()["items"]]
            after = page.json()["next_after"]
            if after is None:
                break
        assert walked == by_offset, sort
    newest = [r["id"] for r in client.get("/api/events", params={"sort": "-date"}).json()["items"]]
    monkeypatch.setattr(pages, "PAGE_SIZE", 1)
    first = client.get("/events", params={"sort": "-date"}).text
    link = re.search(r'href="([^"]*)" rel="next"', first)
    assert link is not None and "after=" in link.group(1)
    second = client.get("/events" + unescape(link.group(1))).text
    assert f'id="row-{newest[1]}"' not in first and f'id="row-{newest[1]}"' in second


def test_blank_form_fields_and_new_since(app, reader: str) -> None:  # noqa: ANN001
    read_from(app, reader)
    client, _ = analyst(app)
    blank = client.get(
        "/events", params={"date_from": "", "date_to": "", "new_since": "", "new_since_run": ""}
    )
    assert blank.status_code == 200 and "ev_denial" in blank.text
    assert client.get("/api/events", params={"new_since": "2999-01-01"}).json()["total"] == 0
    since = client.get("/api/events", params={"new_since": "2000-01-01"}).json()["total"]
    # the store keeps when it first wrote each event; a dossier without its tables has no such dates
    assert since == (4 if reader == "store" else 0)
    assert client.get("/api/events", params={"date_from": "2024-13-99x"}).status_code == 422


def test_undated_events_sort_last_and_stay_outside_date_ranges() -> None:
    rows = [
        {"id": "a", "date_start": None},
        {"id": "b", "date_start": "2023"},
        {"id": "c", "date_start": "2024"},
    ]
    assert [r["id"] for r in sort_rows(rows, "-date")] == ["c", "b", "a"]
    assert EventFilters(date_from="2023").as_query() == {"date_from": "2023"}


def test_event_page_marks_each_fields_evidence(app) -> None:  # noqa: ANN001
    client, _ = analyst(app)
    html = client.get("/events/ev_transfer_a").text
    assert '<mark class="ev ev-trigger" title="trigger">shipped</mark>' in html
    assert '<mark class="ev ev-actor" title="actor: Northland">Northland</mark>' in html
    assert '<mark class="ev ev-when"' in html and '<mark class="ev ev-items"' in html
    assert "Daily Example" in html and "Blue Heron" in html


def test_search_entity_and_document_pages(app, reader: str) -> None:  # noqa: ANN001
    read_from(app, reader)
    client, _ = analyst(app)
    found = client.get("/api/search", params={"q": "the north"}).json()
    assert [e["id"] for e in found["entities"]] == ["northland"]
    found = client.get("/api/search", params={"q": "drones southia"}).json()
    assert {e["id"] for e in found["events"]} == {"ev_transfer_a", "ev_transfer_b"}
    assert {d["id"] for d in found["documents"]} == {"doc-a", "doc-b"}
    assert "Blue Heron" in client.get("/search", params={"q": "heron"}).text
    entity = client.get("/api/entities/blue-heron").json()
    assert {r["id"] for r in entity["events"]} == {"ev_transfer_a", "ev_seizure"}
    assert "IMO 9999999" in client.get("/entities/blue-heron").text
    document = client.get("/documents/doc-a").text
    assert (
        'href="/events/ev_denial"' in document
        and '<mark class="ev ev-trigger" title="trigger">denied' in document
    )
    assert client.get("/api/documents/nothing").status_code == 404
    assert client.get("/events/nothing", headers={"accept": "text/html"}).status_code == 404


def test_pages_escape_report_text_and_carry_a_strict_content_policy() -> None:
    marked = highlight("<b>Northland</b> & co", [Span(3, 12, "actor", 'x" onmouseover="y')])
    assert "<b>" not in marked and "&lt;b&gt;" in marked and 'onmouseover="y' not in marked
    assert safe_name("../../etc/passwd") == "passwd" and safe_name("a\x00b.txt") == "a_b.txt"


def test_report_text_is_escaped_in_every_page(tmp_path: Path) -> None:
    hostile = dossier()
    hostile["documents"][0]["title"] = "<script>alert(1)</script>"
    hostile["entities"][0]["name"] = "<img src=x onerror=alert(1)>"
    folder = tmp_path / "wb"
    folder.mkdir()
    (folder / "dossier.json").write_text(json.dumps(hostile), encoding="utf-8")
    app = create_app(folder, runner=stub_runner)
    auth.add_user(app.state.workbench.engine, "ana", "analyst", PASSWORD)
    client, _ = analyst(app)
    for path in (
        "/documents",
        "/documents/doc-a",
        "/events",
        "/events/ev_transfer_a",
        "/entities/northland",
        "/search?q=drones",
    ):
        html = client.get(path).text
        assert "<script>alert" not in html and "<img src=x" not in html, path


def test_security_headers(client: TestClient) -> None:
    headers = client.get("/login").headers
    assert "script-src 'self'" in headers["content-security-policy"] and headers["x-frame-options"] == "DENY"


# -- review ----------------------------------------------------------------------------------------------


def test_reject_merge_and_set_a_date_through_the_forms(app) -> None:  # noqa: ANN001
    client, csrf = analyst(app)
    client.post("/events/ev_seizure/review", data={"csrf": csrf, "action": "reject", "why": "a misreading"})
    listed = {r["id"] for r in client.get("/api/events").json()["items"]}
    assert "ev_seizure" not in listed
    gone = client.get("/events/ev_seizure")
    assert gone.status_code == 410 and "a misreading" in gone.text and "Undo the rejection" in gone.text
    client.post("/events/merge", data={"csrf": csrf, "ids": ["ev_transfer_a", "ev_transfer_b"]})
    merged = client.get("/api/events/ev_transfer_a").json()
    assert len(merged["mentions"]) == 2 and merged["sources"]["documents"] == 2
    assert (
        client.get("/events/ev_transfer_b", follow_redirects=False).headers["location"]
        == "/events/ev_transfer_a"
    )
    client.post("/documents/doc-a/date", data={"csrf": csrf, "date": "2024-03-30"})
    document = client.get("/api/documents/doc-a").json()["document"]
    assert document["reference_date"] == "2024-03-30" and document["reference_date_basis"].startswith(
        "set by ana"
    )
    log = client.get("/api/decisions").json()
    assert [d["kind"] for d in log] == ["reject_event", "merge_events", "set_document_date"]
    assert log[0]["user"] == "ana" and log[0]["why"] == "a misreading"
    assert "a misreading" in client.get("/audit").text


def test_decisions_survive_a_new_dossier(app, tmp_path: Path) -> None:  # noqa: ANN001
    client, csrf = analyst(app)
    client.post("/events/ev_denial/review", data={"csrf": csrf, "action": "reject"})
    time.sleep(0.01)
    write_folder(tmp_path / "wb")  # a re-run writes the dossier again, the rejected event in it
    assert "ev_denial" not in {r["id"] for r in client.get("/api/events").json()["items"]}


def test_entity_and_source_decisions(app) -> None:  # noqa: ANN001
    client, csrf = analyst(app)
    client.post("/entities/southia/rename", data={"csrf": csrf, "name": "Republic of Southia"})
    assert client.get("/api/entities/southia").json()["entity"]["aliases"] == ["Southia"]
    client.post("/entities/port-alpha/merge", data={"csrf": csrf, "into": "northland"})
    event = client.get("/api/events/ev_transfer_a").json()
    assert event["places"] == [{"entity": "northland", "role": "origin"}]
    client.post("/sources/grade", data={"csrf": csrf, "source": "Daily Example", "grade": "B"})
    assert client.get("/api/events/ev_transfer_a").json()["source_list"][0]["reliability"] == "B"
    client.post("/documents/doc-b/exclude", data={"csrf": csrf})
    assert client.get("/api/events/ev_transfer_b").status_code == 404


def test_an_undo_brings_a_pending_rejection_back(app) -> None:  # noqa: ANN001
    client, csrf = analyst(app)
    client.post("/events/ev_denial/review", data={"csrf": csrf, "action": "reject"})
    assert client.get("/events/ev_denial").status_code == 410
    rejection = client.get("/api/decisions").json()[-1]
    client.post(f"/decisions/{rejection['id']}/undo", data={"csrf": csrf, "why": "it was right"})
    assert client.get("/events/ev_denial").status_code == 200
    assert "undone" in client.get("/audit").text


def test_decisions_reach_the_tables_at_once(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "wb")
    app = create_app(folder, runner=stub_runner)
    write_dossier_tables(app.state.workbench.engine, dossier())
    auth.add_user(app.state.workbench.engine, "ana", "analyst", PASSWORD)
    client, csrf = analyst(app)
    assert app.state.workbench.tables() is not None
    client.post("/events/ev_seizure/review", data={"csrf": csrf, "action": "reject"})
    job = app.state.jobs.all()[0]
    assert job.kind == "apply" and _wait(client, job.id)["summary"]["applied"] == 1
    assert app.state.workbench.tables() is not None  # the store answers again
    assert "ev_seizure" not in {r["id"] for r in client.get("/api/events").json()["items"]}
    written = json.loads((folder / "dossier.json").read_text(encoding="utf-8"))
    assert "ev_seizure" not in {e["id"] for e in written["events"]}
    assert [d["kind"] for d in written["review"]["decisions"]] == ["reject_event"]
    assert "pending" not in written["review"]


# -- ingest ----------------------------------------------------------------------------------------------


def _wait(client: TestClient, job_id: str) -> dict[str, Any]:
    for _ in range(200):
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["state"] in {"done", "failed"}:
            return job
        time.sleep(0.02)
    raise AssertionError("the job did not finish")


def test_upload_runs_in_the_background_and_reports_a_bad_file(app) -> None:  # noqa: ANN001
    client, csrf = analyst(app)
    files = [
        ("files", ("good.txt", b"Northland shipped drones.", "text/plain")),
        ("files", ("bad.bin", b"\x00\x01", "application/octet-stream")),
    ]
    response = client.post("/api/uploads", files=files, headers={"X-CSRF-Token": csrf})
    assert response.status_code == 202
    job = _wait(client, response.json()["id"])
    assert job["state"] == "done" and job["skipped"] == [
        {"source": "bad.bin", "line": None, "reason": "unreadable"}
    ]
    stored = Path(job["files"][0])
    assert stored.read_bytes() == b"Northland shipped drones." and stored.parent.parent.name == "uploads"
    page = client.get("/upload").text
    assert "bad.bin: unreadable" in page
    redirect = client.post("/upload", data={"csrf": csrf}, files=[files[0]], follow_redirects=False)
    assert redirect.status_code == 303 and "/upload?job=" in redirect.headers["location"]


def test_an_edit_must_keep_the_dossiers_form(app) -> None:  # noqa: ANN001
    client, csrf = analyst(app)
    bad = client.post(
        "/api/decisions",
        headers={"X-CSRF-Token": csrf},
        json={"kind": "edit_event", "target": "ev_denial", "payload": {"when": 5}},
    )
    assert bad.status_code == 422
    good = client.post(
        "/api/decisions",
        headers={"X-CSRF-Token": csrf},
        json={"kind": "edit_event", "target": "ev_denial", "payload": {"type": "condemnation"}},
    )
    assert good.status_code == 201 and client.get("/api/events/ev_denial").json()["type"] == "condemnation"


def test_a_role_entity_without_evidence_is_found_by_its_name_or_alias() -> None:
    from armswatch.web.render import evidence_spans

    mention = {
        "text": "The North sent drones to Southia.",
        "start": 100,
        "actor": ["northland"],
        "target": ["southia"],
        "evidence": {"target": {"southia": [125, 132]}},
    }
    spans = evidence_spans(mention, lambda i: i.title(), lambda i: ["the North", "The North"])
    assert [(s.start, s.end, s.field) for s in spans] == [(125, 132, "target"), (100, 109, "actor")]


def test_users_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from armswatch.cli import app as cli

    folder = str(write_folder(tmp_path / "wb"))
    monkeypatch.setenv("ARMSWATCH_PASSWORD", PASSWORD)
    runner = CliRunner()
    added = runner.invoke(cli, ["users", "add", "boss", "--in", folder, "--role", "admin"])
    assert added.exit_code == 0 and "added boss (admin)" in added.output
    assert runner.invoke(cli, ["users", "add", "boss", "--in", folder]).exit_code == 2
    assert runner.invoke(cli, ["users", "add", "x", "--in", folder, "--role", "king"]).exit_code == 2
    assert runner.invoke(cli, ["users", "list", "--in", folder]).output.split() == ["boss", "admin"]
    token = runner.invoke(cli, ["users", "token", "boss", "--in", folder]).output.strip()
    app = create_app(folder, runner=stub_runner)
    assert (
        TestClient(app).get("/api/me", headers={"Authorization": f"Bearer {token}"}).json()["role"] == "admin"
    )
    assert "--host" in runner.invoke(cli, ["serve", "--help"]).output
