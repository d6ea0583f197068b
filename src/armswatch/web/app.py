"""The workbench web app: `create_app(DIR_OR_DB)` gives the FastAPI application `armswatch serve` runs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from armswatch import __version__
from armswatch.web import api, pages, views
from armswatch.web.data import Workbench
from armswatch.web.jobs import MAX_UPLOAD_MB, UPLOADS, Job, Jobs, safe_name
from armswatch.web.security import LoginRequired, LoginThrottle

# Only this site's own files run: no inline script, no CDN, no framing by another site.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                               "script-src 'self'; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def pipeline_runner(wb: Workbench) -> Callable[[Job, Callable[[str], None]], dict[str, Any]]:
    """A job's work: the pipeline over the job's files into the served folder (it applies every decision
    in the store: a report's date before annotation, the rest after fusion)."""

    def run(job: Job, tick: Callable[[str], None]) -> dict[str, Any]:
        from armswatch.pipeline import analyze  # spaCy loads on the first run, not at start-up

        if wb.folder is None:
            raise RuntimeError("runs need a folder to write the dossier in (serve a folder or a .db file)")
        summary = analyze([Path(f) for f in job.files], wb.folder, database_url=wb.database_url,
                          on_report=lambda label: tick(f"read {label}"),
                          on_annotated=lambda label: tick(f"annotated {label}"),
                          lock_wait=600.0, workers=1, triage=False)
        return summary.as_json()

    return run


def create_app(source: str | Path, runner: Callable[..., dict[str, Any]] | None = None,
               apply_at_once: bool = True) -> FastAPI:
    """The app over DIR_OR_DB. `runner` stands for the pipeline (tests); with `apply_at_once`, each review
    decision is written into the tables and dossier.json by a short job, so that the store answers the
    pages again (an undo waits for the next run, which alone can bring a rejected event back)."""
    wb = Workbench(source)
    app = FastAPI(title="armswatch workbench", version=__version__,
                  description="The dossier's events, entities and documents, and the analysts' review "
                  "decisions. Authenticate with `Authorization: Bearer TOKEN` "
                  "(`armswatch users token NAME`).",
                  openapi_url="/api/openapi.json", docs_url=None, redoc_url=None)  # those pages need a CDN
    app.state.workbench = wb
    app.state.login_throttle = LoginThrottle()  # 5 failures a minute per name, 20 per address
    pipeline = runner or pipeline_runner(wb)

    def work(job: Job, tick: Callable[[str], None]) -> dict[str, Any]:
        return wb.write_applied() if job.kind == "apply" else pipeline(job, tick)

    app.state.jobs = jobs = Jobs(work)

    def after_decision(kind: str) -> None:
        if kind == "undo" or any(j.kind == "apply" and j.state == "queued" for j in jobs.all()):
            return
        jobs.submit("apply", [], "(review)")

    if apply_at_once and wb.folder is not None:
        wb.on_decision = after_decision

    async def accept_uploads(files: list[UploadFile], user: str) -> Job:
        if wb.folder is None:
            raise HTTPException(409, "uploads need a folder to keep the reports in")
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        folder = wb.folder / UPLOADS / stamp
        saved: list[str] = []
        for upload in files:
            data = await upload.read(MAX_UPLOAD_MB * 1024 * 1024 + 1)
            if len(data) > MAX_UPLOAD_MB * 1024 * 1024:
                raise HTTPException(413, f"{safe_name(upload.filename or '')}: over {MAX_UPLOAD_MB} MB")
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / safe_name(upload.filename or "")
            while path.exists():
                path = path.with_name("_" + path.name)
            path.write_bytes(data)
            saved.append(str(path))
        if not saved:
            raise HTTPException(422, "no file")
        return app.state.jobs.submit("upload", saved, user)

    app.state.accept_uploads = accept_uploads
    app.include_router(api.router)
    app.include_router(views.router)  # the timeline, map and network (/views and /api/views/...)
    app.include_router(views.pages)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=str(Path(__file__).parent / "static")), name="static")

    @app.exception_handler(LoginRequired)
    async def to_login(request: Request, exc: LoginRequired) -> Response:
        from urllib.parse import urlencode

        return RedirectResponse("/login?" + urlencode({"next": exc.next_url}), status_code=303)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/api/") or "text/html" not in request.headers.get("accept", ""):
            from fastapi.exception_handlers import http_exception_handler

            return await http_exception_handler(request, exc)
        login = pages.current_login(request)
        response = pages.templates.TemplateResponse(
            request, "error.html", {"status": exc.status_code, "detail": exc.detail, "login": login,
                                    "version": __version__, "may_review": False},
            status_code=exc.status_code)
        return response

    @app.middleware("http")
    async def headers(request: Request, call_next: Callable[..., Any]) -> Response:
        response = await call_next(request)
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        return response

    return app
