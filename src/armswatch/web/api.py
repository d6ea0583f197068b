"""The JSON API under /api/, for scripts (with an API token) and the pages' own scripts (with the session
and its CSRF token). Its OpenAPI schema is served at /api/openapi.json."""

from __future__ import annotations

import csv
import io
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, HTTPException, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from armswatch.web import review
from armswatch.web.data import SORTS, EventFilters, Workbench
from armswatch.web.security import ApiAnalyst, ApiViewer

router = APIRouter(prefix="/api", tags=["api"])

# a day, a month or a year; empty (a form's blank field) filters nothing
PARTIAL_DATE = r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"
SortParam = Annotated[str, Query(description=f"one of {', '.join(SORTS)}; a leading '-' sorts descending",
                                 max_length=20)]


class DecisionIn(BaseModel):
    kind: Literal[review.KINDS]  # type: ignore[valid-type]
    target: str = Field(min_length=1, max_length=512,
                        description="the event, document or entity id, or a source's name")
    payload: dict[str, Any] = Field(default_factory=dict,
                                    description="merge_*: {into}; set_document_date: {date}; "
                                    "rename_entity: {name}; grade_source: {grade}; edit_event: fields")
    why: str = Field("", max_length=2000)


class Me(BaseModel):
    name: str
    role: str


def workbench(request: Request) -> Workbench:
    return request.app.state.workbench


WB = Annotated[Workbench, Depends(workbench)]


def event_filters(
    type: Annotated[str | None, Query(max_length=64)] = None,
    actor: Annotated[str | None, Query(max_length=300)] = None,
    target: Annotated[str | None, Query(max_length=300)] = None,
    country: Annotated[str | None, Query(max_length=300)] = None,
    vessel: Annotated[str | None, Query(max_length=300)] = None,
    status: Annotated[str | None, Query(max_length=32)] = None,
    credibility: Annotated[int | None, Query(ge=1, le=6)] = None,
    source: Annotated[str | None, Query(max_length=300)] = None,
    review: Annotated[str | None, Query(max_length=32)] = None,
    date_from: Annotated[str | None, Query(max_length=10, pattern=PARTIAL_DATE)] = None,
    date_to: Annotated[str | None, Query(max_length=10, pattern=PARTIAL_DATE)] = None,
    entity: Annotated[str | None, Query(max_length=300)] = None,
    new_since: Annotated[str | None, Query(max_length=10, pattern=r"^(\d{4}-\d{2}-\d{2})?$",
                                           description="events first written on or after this day")] = None,
    new_since_run: Annotated[str | None, Query(max_length=9, pattern=r"^\d*$",
                                               description="first written by this run or later")] = None,
) -> EventFilters:
    return EventFilters(type=type, actor=actor, target=target, country=country, vessel=vessel, status=status,
                        credibility=credibility, source=source, review=review, date_from=date_from,
                        date_to=date_to, entity=entity, new_since=new_since,
                        new_since_run=int(new_since_run) if new_since_run else None)


Filters = Annotated[EventFilters, Depends(event_filters)]

CSV_COLUMNS = ("id", "type", "date_start", "date_end", "actor_names", "target_names", "country", "vessel",
               "items", "status", "credibility", "reliability", "n_documents", "source", "review", "sentence")


def events_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        cells = ["; ".join(map(str, v)) if isinstance(v, list) else ("" if v is None else v)
                 for v in (row[c] for c in CSV_COLUMNS)]
        # a cell a spreadsheet would run as a formula is quoted as text (CSV injection)
        writer.writerow(["'" + c if isinstance(c, str) and c[:1] in "=+-@\t\r" else c for c in cells])
    return out.getvalue()


@router.get("/me", response_model=Me)
def me(user: ApiViewer) -> Me:
    return Me(name=user.name, role=user.role)


@router.get("/events")
def list_events(wb: WB, user: ApiViewer, filters: Filters, sort: SortParam = "-date",
                limit: Annotated[int, Query(ge=1, le=500)] = 50,
                offset: Annotated[int, Query(ge=0)] = 0,
                after: Annotated[str | None, Query(max_length=1000, description=(
                    "the `next_after` of the page before: the page after its last row"))] = None
                ) -> dict[str, Any]:
    """The faceted event table: filtered, sorted, one page of rows and the facets' counts; `next_after`
    asks for the next page (keyset paging, cheaper than an offset deep into the table)."""
    return wb.events_page(filters, sort, limit, offset, after)


@router.get("/events.csv", response_class=Response,
            responses={200: {"content": {"text/csv": {}}, "description": "every matching event"}})
def export_events(wb: WB, user: ApiViewer, filters: Filters, sort: SortParam = "-date") -> Response:
    return Response(events_csv(wb.all_event_rows(filters, sort)), media_type="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="events.csv"'})


@router.get("/events/{event_id}")
def get_event(event_id: str, wb: WB, user: ApiViewer) -> dict[str, Any]:
    event = wb.event(event_id)
    if event is None:
        raise HTTPException(404, "no such event")
    return event


@router.get("/entities/{entity_id}")
def get_entity(entity_id: str, wb: WB, user: ApiViewer) -> dict[str, Any]:
    page = wb.entity_page(entity_id)
    if page is None:
        raise HTTPException(404, "no such entity")
    return page


@router.get("/documents/{document_id}")
def get_document(document_id: str, wb: WB, user: ApiViewer) -> dict[str, Any]:
    page = wb.document_page(document_id)
    if page is None:
        raise HTTPException(404, "no such document")
    return {"document": page["document"],
            "mentions": [{"event": e["id"], **m} for e, m in page["mentions"]]}


@router.get("/search")
def search(wb: WB, user: ApiViewer, q: Annotated[str, Query(max_length=500)] = "",
           limit: Annotated[int, Query(ge=1, le=200)] = 20,
           offset: Annotated[int, Query(ge=0)] = 0) -> dict[str, Any]:
    """Entities by name or alias, events by sentence or participant, documents by title or text."""
    return wb.search(q, limit, offset)


@router.get("/decisions")
def decisions(wb: WB, user: ApiViewer) -> list[dict[str, Any]]:
    """The audit log: every decision, oldest first."""
    return wb.decisions()


@router.post("/decisions", status_code=201)
def add_decision(body: DecisionIn, wb: WB, user: ApiAnalyst) -> dict[str, Any]:
    """Record a review decision; it is applied at once and after every later run."""
    try:
        return wb.record_decision(body.kind, body.target, body.payload, user.name, body.why)
    except review.DecisionError as exc:
        raise HTTPException(422, str(exc)) from exc


@router.post("/uploads", status_code=202)
async def upload(request: Request, user: ApiAnalyst,
                 files: Annotated[list[UploadFile], File(description="report files")]) -> dict[str, Any]:
    """Store the files and analyse them in the background; GET /api/jobs/{id} follows the run."""
    job = await request.app.state.accept_uploads(files, user.name)
    return job.as_json()


@router.post("/rerun", status_code=202)
def rerun(request: Request, user: ApiAnalyst) -> dict[str, Any]:
    """Run the pipeline again over the stored reports (decisions are applied to its result)."""
    return request.app.state.jobs.submit("rerun", [], user.name).as_json()


@router.get("/jobs")
def jobs(request: Request, user: ApiViewer) -> list[dict[str, Any]]:
    return [j.as_json() for j in request.app.state.jobs.all()]


@router.get("/jobs/{job_id}")
def job(job_id: str, request: Request, user: ApiViewer) -> dict[str, Any]:
    found = request.app.state.jobs.get(job_id)
    if found is None:
        raise HTTPException(404, "no such job")
    return found.as_json()
