"""The JSON API against its own OpenAPI schema (schemathesis): requests generated from the schema, as an
analyst with an API token and as nobody, never meet a server error. A few examples per operation keep
this quick; ARMSWATCH_API_EXAMPLES raises them."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from armswatch.web import auth
from armswatch.web.app import create_app
from tests.web_fixture import PASSWORD, write_folder

EXAMPLES = int(os.environ.get("ARMSWATCH_API_EXAMPLES", "6"))
TOKENS: dict[str, str] = {}


def stub_runner(job: Any, tick: Any) -> dict[str, Any]:
    return {"new": len(job.files), "events": 0, "skipped": []}


def build_app():  # noqa: ANN201 - a FastAPI app
    """The app over the test dossier in a temporary folder, with an analyst and their API token: built at
    import, as schemathesis reads the schema when the tests are collected."""
    folder = Path(tempfile.mkdtemp(prefix="armswatch-api-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    app = create_app(write_folder(folder / "wb"), runner=stub_runner)
    auth.add_user(app.state.workbench.engine, "ana", "analyst", PASSWORD)
    TOKENS["analyst"] = auth.new_api_token(app.state.workbench.engine, "ana")
    return app


# a minute for the schema (its default 10 s: read timed out on the shared 2-core machine at a load of 16,
# the first request building the app's whole OpenAPI schema)
schema = schemathesis.openapi.from_asgi("/api/openapi.json", build_app(), timeout=60)


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_api_never_fails_on_generated_requests(case: schemathesis.Case) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {TOKENS['analyst']}"},
                           checks=[not_a_server_error])


@schema.parametrize()
@settings(max_examples=2, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_api_refuses_strangers(case: schemathesis.Case) -> None:
    response = case.call()
    # 401 for the lack of credentials; 400, 405 and 422 where the request itself is refused first
    assert response.status_code in {400, 401, 405, 422}, (case.method, case.path, response.status_code)


def test_the_schema_documents_every_api_route(tmp_path: Path) -> None:
    app = create_app(write_folder(tmp_path / "wb"), runner=stub_runner)
    paths = app.openapi()["paths"]
    assert {"/api/events", "/api/events.csv", "/api/events/{event_id}", "/api/entities/{entity_id}",
            "/api/documents/{document_id}", "/api/search", "/api/decisions", "/api/uploads", "/api/rerun",
            "/api/jobs", "/api/jobs/{job_id}", "/api/me"} <= set(paths)
    assert not any(p.startswith(("/events", "/login", "/documents")) for p in paths)
