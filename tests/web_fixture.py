"""A small dossier written for the web app's tests (our own sentences), and helpers to log in."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

PASSWORD = "correct horse battery"

BODY_A = (
    "Officials said on Monday that Northland shipped 200 drones to Southia in March 2024. "
    "Southia denied the report. The cargo ship Blue Heron carried the drones from Port Alpha."
)
BODY_B = "A second outlet wrote that Northland delivered drones to Southia in March 2024."


def _span(body: str, text: str, nth: int = 0) -> list[int]:
    starts = [m.start() for m in re.finditer(re.escape(text), body)]
    return [starts[nth], starts[nth] + len(text)]


def _sentence(body: str, index: int) -> tuple[str, int, int]:
    sentences = re.split(r"(?<=\.) ", body)
    start = sum(len(s) + 1 for s in sentences[:index])
    return sentences[index], start, start + len(sentences[index])


def dossier() -> dict[str, Any]:
    s1, a1, b1 = _sentence(BODY_A, 0)
    s2, a2, b2 = _sentence(BODY_A, 1)
    s3, a3, b3 = _sentence(BODY_A, 2)
    t1, c1, d1 = _sentence(BODY_B, 0)
    march = {"start": "2024-03", "end": "2024-03", "text": "in March 2024"}
    drones = [
        {
            "category": "drone",
            "text": "drones",
            "quantity": {
                "value": 200,
                "unit": "drone",
                "approximate": False,
                "bound": "exact",
                "text": "200",
            },
        }
    ]
    return {
        "schema_version": "1",
        "generated_at": "2024-04-01T00:00:00Z",
        "documents": [
            {
                "id": "doc-a",
                "source": "doc-a.txt",
                "title": "Drones shipped",
                "published": None,
                "reference_date": "2024-04-01",
                "reference_date_inferred": True,
                "reference_date_basis": "the collection's median date",
                "outlet": "Daily Example",
                "author": None,
                "url": None,
                "form": "text",
                "body": BODY_A,
                "content_sha256": "a" * 64,
            },
            {
                "id": "doc-b",
                "source": "doc-b.txt",
                "title": "Second report",
                "published": "2024-04-02",
                "reference_date": "2024-04-02",
                "reference_date_inferred": False,
                "reference_date_basis": "published",
                "outlet": "Weekly Sample",
                "author": None,
                "url": None,
                "form": "text",
                "body": BODY_B,
                "content_sha256": "b" * 64,
            },
        ],
        "entities": [
            {
                "id": "northland",
                "name": "Northland",
                "type": "country",
                "aliases": ["the North"],
                "documents": ["doc-a", "doc-b"],
            },
            {
                "id": "southia",
                "name": "Southia",
                "type": "country",
                "aliases": [],
                "documents": ["doc-a", "doc-b"],
            },
            {
                "id": "blue-heron",
                "name": "Blue Heron",
                "type": "vessel",
                "aliases": [],
                "documents": ["doc-a"],
                "imo": "9999999",
                "flag": "NL",
            },
            {
                "id": "port-alpha",
                "name": "Port Alpha",
                "type": "place",
                "aliases": [],
                "documents": ["doc-a"],
                "lat": 10.5,
                "lon": 20.25,
            },
        ],
        "events": [
            {
                "id": "ev_transfer_a",
                "type": "transfer",
                "actor": ["northland"],
                "target": ["southia"],
                "items": drones,
                "when": march,
                "places": [{"entity": "port-alpha", "role": "origin"}],
                "vessels": ["blue-heron"],
                "status": "asserted",
                "credibility": 3,
                "reliability": "C",
                "sources": {"documents": 1, "outlets": 1},
                "source_list": [
                    {
                        "name": "Daily Example",
                        "reliability": "C",
                        "known": False,
                        "documents": ["doc-a"],
                        "supports": True,
                    }
                ],
                "mentions": [
                    {
                        "document": "doc-a",
                        "text": s1,
                        "start": a1,
                        "end": b1,
                        "attributed_to": [],
                        "stance": "assert",
                        "stated_on": None,
                        "items": drones,
                        "when": march,
                        "evidence": {
                            "trigger": _span(BODY_A, "shipped"),
                            "actor": {"northland": _span(BODY_A, "Northland")},
                            "target": {"southia": _span(BODY_A, "Southia")},
                        },
                    }
                ],
            },
            {
                "id": "ev_transfer_b",
                "type": "transfer",
                "actor": ["northland"],
                "target": ["southia"],
                "items": [{"category": "drone", "text": "drones", "quantity": None}],
                "when": march,
                "places": [],
                "vessels": [],
                "status": "asserted",
                "credibility": 4,
                "reliability": "C",
                "sources": {"documents": 1, "outlets": 1},
                "source_list": [
                    {
                        "name": "Weekly Sample",
                        "reliability": "C",
                        "known": False,
                        "documents": ["doc-b"],
                        "supports": True,
                    }
                ],
                "mentions": [
                    {
                        "document": "doc-b",
                        "text": t1,
                        "start": c1,
                        "end": d1,
                        "attributed_to": [],
                        "stance": "assert",
                        "stated_on": None,
                        "evidence": {
                            "trigger": _span(BODY_B, "delivered"),
                            "actor": {"northland": _span(BODY_B, "Northland")},
                        },
                    }
                ],
            },
            {
                "id": "ev_denial",
                "type": "denial",
                "actor": ["southia"],
                "target": [],
                "items": [],
                "when": {"start": "2024-04-01", "end": "2024-04-01", "text": "Monday"},
                "places": [],
                "vessels": [],
                "status": "asserted",
                "credibility": 5,
                "reliability": "C",
                "sources": {"documents": 1, "outlets": 1},
                "source_list": [],
                "mentions": [
                    {
                        "document": "doc-a",
                        "text": s2,
                        "start": a2,
                        "end": b2,
                        "attributed_to": [],
                        "stance": "assert",
                        "stated_on": None,
                        "evidence": {"trigger": _span(BODY_A, "denied")},
                    }
                ],
            },
            {
                "id": "ev_seizure",
                "type": "seizure",
                "actor": [],
                "target": ["blue-heron"],
                "items": [],
                "when": None,
                "places": [],
                "vessels": ["blue-heron"],
                "status": "alleged",
                "credibility": 6,
                "reliability": "C",
                "sources": {"documents": 1, "outlets": 1},
                "source_list": [],
                "mentions": [
                    {
                        "document": "doc-a",
                        "text": s3,
                        "start": a3,
                        "end": b3,
                        "attributed_to": [],
                        "stance": "hedge",
                        "stated_on": None,
                        "evidence": {"vessels": {"blue-heron": _span(BODY_A, "Blue Heron")}},
                    }
                ],
            },
        ],
    }


def write_folder(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "dossier.json").write_text(json.dumps(dossier()), encoding="utf-8")
    return folder


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def log_in(client: Any, name: str, password: str = PASSWORD) -> str:
    """Log a TestClient in through the form; returns the session's CSRF token."""
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"username": name, "password": password, "csrf": csrf_of(page.text), "next": "/events"},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/events", response.text
    return csrf_of(client.get("/events").text)
