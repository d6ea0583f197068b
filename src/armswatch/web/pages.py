"""The server-rendered pages: login, search, the event table, event, entity and document pages, review
forms, upload and the audit log. Every form posts its session's CSRF token."""

from __future__ import annotations

import hashlib
import math
import secrets
from glob import escape as glob_escape
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from armswatch import __version__
from armswatch.store.query import MARK_END, MARK_START
from armswatch.web import auth, review
from armswatch.web.api import Filters, SortParam, events_csv
from armswatch.web.data import FACETS, Workbench
from armswatch.web.jobs import UPLOADS
from armswatch.web.render import document_html, evidence_spans, highlight
from armswatch.web.security import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    Analyst,
    LoginThrottle,
    Viewer,
    check_form_csrf,
    current_login,
)

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))


def marked(text: str | None) -> Markup:
    """A search snippet escaped, then its marks (MARK_START, MARK_END) made <mark> elements."""
    return Markup(str(escape(text or "")).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


templates.env.filters["marked"] = marked
PAGE_SIZE = 50


def _wb(request: Request) -> Workbench:
    return request.app.state.workbench


WB = Annotated[Workbench, Depends(_wb)]


def render(request: Request, name: str, login: auth.Login | None, **context: Any) -> HTMLResponse:
    wb: Workbench = request.app.state.workbench
    context.update(login=login, version=__version__, name=wb.view().name,
                   may_review=bool(login and login.user.may("analyst")))
    return templates.TemplateResponse(request, name, context)


def back(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def _local(next_url: str) -> str:
    # only a path of this site: a crafted ?next= never sends the analyst elsewhere
    return next_url if next_url.startswith("/") and not next_url.startswith("//") else "/"


# -- logging in ------------------------------------------------------------------------------------------

@router.get("/login")
def login_page(request: Request, next: str = "/", error: str = "") -> HTMLResponse:
    # login CSRF: the form's token must match a cookie this page set (double submit), so no other site
    # can log a browser in under an account of its choosing
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(24)
    response = templates.TemplateResponse(request, "login.html", {"next": _local(next), "error": error,
                                                                   "csrf": token, "login": None,
                                                                   "version": __version__})
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", secure=_secure(request))
    return response


@router.post("/login")
def login(request: Request, username: Annotated[str, Form()], password: Annotated[str, Form()],
          csrf: Annotated[str, Form()], next: Annotated[str, Form()] = "/") -> Response:
    if not auth.same_token(csrf, request.cookies.get(LOGIN_CSRF_COOKIE) or ""):
        raise HTTPException(403, "the login form is stale: reload it")
    throttle: LoginThrottle = request.app.state.login_throttle
    address = request.client.host if request.client else ""
    wait = throttle.wait(username, address)
    if wait > 0:
        raise HTTPException(429, "too many failed logins: try again in a minute",
                            headers={"Retry-After": str(math.ceil(wait))})
    user = auth.check_password(request.app.state.workbench.engine, username, password)
    if user is None:
        throttle.failed(username, address)
        return back("/login?" + urlencode({"next": _local(next), "error": "wrong name or password"}))
    session = auth.open_session(request.app.state.workbench.engine, user)
    response = back(_local(next))
    response.set_cookie(SESSION_COOKIE, session.token, httponly=True, samesite="lax", secure=_secure(request),
                        max_age=auth.SESSION_DAYS * 86400)
    return response


@router.post("/logout")
def logout(request: Request, login: Viewer, csrf: Annotated[str, Form()]) -> Response:
    check_form_csrf(login, csrf)
    auth.close_session(request.app.state.workbench.engine, login.token)
    response = back("/login")
    response.delete_cookie(SESSION_COOKIE)
    return response


# -- reading ---------------------------------------------------------------------------------------------

@router.get("/")
def home(login: Viewer) -> Response:
    return back("/events")


@router.get("/search")
def search_page(request: Request, wb: WB, login: Viewer, q: str = "") -> HTMLResponse:
    results = wb.search(q[:500], limit=50)
    terms = [t for t in q.casefold().split() if t]
    return render(request, "search.html", login, q=q, results=results, terms=terms)


@router.get("/events")
def events_page(request: Request, wb: WB, login: Viewer, filters: Filters, sort: SortParam = "-date",
                page: int = 1, after: Annotated[str | None, Query(max_length=1000)] = None) -> HTMLResponse:
    page = max(page, 1)
    # "next" links carry the last row's cursor (keyset paging); a page number alone counts an offset
    result = wb.events_page(filters, sort, PAGE_SIZE, 0 if after else (page - 1) * PAGE_SIZE, after)
    query = filters.as_query()

    def link(**change: Any) -> str:
        merged = {**query, "sort": sort, **{k: v for k, v in change.items()}}
        return "?" + urlencode({k: v for k, v in merged.items() if v not in (None, "")})

    return render(request, "events.html", login, result=result, filters=filters, query=query, sort=sort,
                  page=page, pages=max(math.ceil(result["total"] / PAGE_SIZE), 1), link=link, facets=FACETS,
                  csv_link="/events.csv?" + urlencode({**query, "sort": sort}))


@router.get("/events.csv")
def events_export(wb: WB, login: Viewer, filters: Filters, sort: SortParam = "-date") -> Response:
    return Response(events_csv(wb.all_event_rows(filters, sort)), media_type="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="events.csv"'})


@router.get("/events/{event_id}")
def event_page(request: Request, event_id: str, wb: WB, login: Viewer) -> Response:
    event = wb.event(event_id)
    if event is None:
        rejected = wb.rejection(event_id)
        if rejected is None:
            raise HTTPException(404, "no such event")
        response = render(request, "gone.html", login, event_id=event_id, decision=rejected)
        response.status_code = 410
        return response
    if event["id"] != event_id:
        return back(f"/events/{event['id']}")
    view = wb.view()
    mentions = [{"mention": m, "document": view.documents.get(m["document"]),
                 "html": highlight(m["text"], evidence_spans(m, view.name, view.aliases),
                                   int(m["start"]))}
                for m in event.get("mentions", [])]
    ids = set((event.get("review") or {}).get("decisions", []))
    history = [d for d in wb.decisions()
               if d["target"] == event_id or d["payload"].get("into") == event_id or d["id"] in ids]
    return render(request, "event.html", login, event=event, mentions=mentions, history=history,
                  types=sorted({r["type"] for r in view.rows if r["type"]}))


@router.get("/entities/{entity_id}")
def entity_page(request: Request, entity_id: str, wb: WB, login: Viewer) -> HTMLResponse:
    page = wb.entity_page(entity_id)
    if page is None:
        raise HTTPException(404, "no such entity")
    return render(request, "entity.html", login, **page)


@router.get("/documents")
def documents_page(request: Request, wb: WB, login: Viewer) -> HTMLResponse:
    documents = sorted(wb.view().documents.values(), key=lambda d: (d.get("reference_date") or "", d["id"]),
                       reverse=True)
    return render(request, "documents.html", login, documents=documents)


@router.get("/documents/{document_id}")
def document_page(request: Request, document_id: str, wb: WB, login: Viewer) -> HTMLResponse:
    page = wb.document_page(document_id)
    if page is None:
        raise HTTPException(404, "no such document")
    view = wb.view()
    document = page["document"]
    return render(request, "document.html", login, document=document, mentions=page["mentions"],
                  body=document_html(document.get("body", ""), page["mentions"], view.name, view.aliases),
                  raw=raw_file(wb, document) is not None)


def raw_file(wb: Workbench, document: dict[str, Any]) -> Path | None:
    """The report's own file, when it was uploaded into the served folder (the only files it serves):
    found by its name under uploads/ and recognised by the hash of its bytes."""
    if wb.folder is None or not document.get("content_sha256"):
        return None
    uploads = wb.folder / UPLOADS
    name = Path(str(document.get("source") or "")).name
    if not name or not uploads.is_dir():
        return None
    for path in sorted(uploads.glob(f"*/{glob_escape(name)}")):
        if path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == document["content_sha256"]:
            return path
    return None


@router.get("/documents/{document_id}/raw")
def document_raw(document_id: str, wb: WB, login: Viewer) -> FileResponse:
    document = wb.view().documents.get(document_id)
    path = raw_file(wb, document) if document else None
    if path is None:
        raise HTTPException(404, "the raw file is not in the served folder")
    return FileResponse(path, filename=path.name, media_type="application/octet-stream")


@router.get("/audit")
def audit_page(request: Request, wb: WB, login: Viewer) -> HTMLResponse:
    decisions = wb.decisions()
    undone = {d["target"] for d in decisions if d["kind"] == "undo"}
    return render(request, "audit.html", login, decisions=list(reversed(decisions)), undone=undone)


# -- reviewing -------------------------------------------------------------------------------------------

def _decide(request: Request, login: auth.Login, kind: str, target: str, payload: dict[str, Any],
            why: str) -> None:
    try:
        request.app.state.workbench.record_decision(kind, target, payload, login.user.name, why)
    except review.DecisionError as exc:
        raise HTTPException(422, str(exc)) from exc


@router.post("/events/{event_id}/review")
def review_event(request: Request, event_id: str, login: Analyst, csrf: Annotated[str, Form()],
                 action: Annotated[str, Form()], why: Annotated[str, Form()] = "") -> Response:
    check_form_csrf(login, csrf)
    if action not in {"accept", "reject"}:
        raise HTTPException(422, "accept or reject")
    _decide(request, login, f"{action}_event", event_id, {}, why)
    return back(f"/events/{event_id}")


@router.post("/decisions/{decision_id}/undo")
def undo_decision(request: Request, decision_id: str, login: Analyst, csrf: Annotated[str, Form()],
                  why: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "/audit") -> Response:
    check_form_csrf(login, csrf)
    _decide(request, login, "undo", decision_id, {}, why)
    return back(_local(next))


@router.post("/events/{event_id}/edit")
def edit_event(request: Request, event_id: str, login: Analyst, csrf: Annotated[str, Form()],
               type: Annotated[str, Form()] = "", status: Annotated[str, Form()] = "",
               why: Annotated[str, Form()] = "") -> Response:
    check_form_csrf(login, csrf)
    payload = {k: v for k, v in {"type": type, "status": status}.items() if v}
    _decide(request, login, "edit_event", event_id, payload, why)
    return back(f"/events/{event_id}")


@router.post("/events/merge")
def merge_events(request: Request, login: Analyst, csrf: Annotated[str, Form()],
                 ids: Annotated[list[str], Form()], into: Annotated[str, Form()] = "",
                 why: Annotated[str, Form()] = "") -> Response:
    check_form_csrf(login, csrf)
    chosen = list(dict.fromkeys(i for i in ids if i))
    into = into or (chosen[0] if chosen else "")
    if len(set(chosen) | {into}) < 2:
        raise HTTPException(422, "choose two events or more to merge")
    for event_id in chosen:
        if event_id != into:
            _decide(request, login, "merge_events", event_id, {"into": into}, why)
    return back(f"/events/{into}")


@router.post("/documents/{document_id}/date")
def set_document_date(request: Request, document_id: str, login: Analyst, csrf: Annotated[str, Form()],
                      date: Annotated[str, Form()], why: Annotated[str, Form()] = "") -> Response:
    check_form_csrf(login, csrf)
    _decide(request, login, "set_document_date", document_id, {"date": date}, why)
    return back(f"/documents/{document_id}")


@router.post("/documents/{document_id}/exclude")
def exclude_document(request: Request, document_id: str, login: Analyst, csrf: Annotated[str, Form()],
                     why: Annotated[str, Form()] = "") -> Response:
    check_form_csrf(login, csrf)
    _decide(request, login, "exclude_document", document_id, {}, why)
    return back("/documents")


@router.post("/entities/{entity_id}/rename")
def rename_entity(request: Request, entity_id: str, login: Analyst, csrf: Annotated[str, Form()],
                  name: Annotated[str, Form()], why: Annotated[str, Form()] = "") -> Response:
    check_form_csrf(login, csrf)
    _decide(request, login, "rename_entity", entity_id, {"name": name}, why)
    return back(f"/entities/{entity_id}")


@router.post("/entities/{entity_id}/merge")
def merge_entity(request: Request, entity_id: str, login: Analyst, csrf: Annotated[str, Form()],
                 into: Annotated[str, Form()], why: Annotated[str, Form()] = "") -> Response:
    check_form_csrf(login, csrf)
    _decide(request, login, "merge_entities", entity_id, {"into": into}, why)
    return back(f"/entities/{into}")


@router.post("/sources/grade")
def grade_source(request: Request, login: Analyst, csrf: Annotated[str, Form()],
                 source: Annotated[str, Form()], grade: Annotated[str, Form()],
                 why: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "/events") -> Response:
    check_form_csrf(login, csrf)
    _decide(request, login, "grade_source", source, {"grade": grade}, why)
    return back(_local(next))


# -- ingesting -------------------------------------------------------------------------------------------

@router.get("/upload")
def upload_page(request: Request, login: Viewer) -> HTMLResponse:
    return render(request, "upload.html", login, jobs=request.app.state.jobs.all())


@router.post("/upload")
async def upload(request: Request, login: Analyst, csrf: Annotated[str, Form()],
                 files: Annotated[list[UploadFile], File()]) -> Response:
    check_form_csrf(login, csrf)
    job = await request.app.state.accept_uploads(files, login.user.name)
    return back(f"/upload?job={job.id}")


@router.post("/rerun")
def rerun(request: Request, login: Analyst, csrf: Annotated[str, Form()]) -> Response:
    check_form_csrf(login, csrf)
    job = request.app.state.jobs.submit("rerun", [], login.user.name)
    return back(f"/upload?job={job.id}")


def logged_in(request: Request) -> bool:
    return current_login(request) is not None
