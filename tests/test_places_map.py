"""The report's map: transfers between a state's bodies and other states drawn from country to country."""

from __future__ import annotations

import json
import re

from armswatch.report import render_report
from armswatch.report.mapdata import country_points

DOSSIER = {
    "documents": [],
    "entities": [
        {"id": "rosoboronexport", "name": "Rosoboronexport", "type": "organization"},
        {"id": "venezuela", "name": "Venezuela", "type": "country", "lat": 8.0, "lon": -66.0},
        {"id": "navy-of-iran", "name": "Navy of Iran", "type": "organization"},
        {"id": "najin", "name": "Najin", "type": "facility"},
        {"id": "someone-unknown", "name": "Someone Unknown", "type": "organization"},
    ],
    "events": [{"id": "ev_1", "type": "transfer", "actor": ["rosoboronexport"], "target": ["venezuela"],
                "places": [], "mentions": []}],
}


def test_state_bodies_stand_at_their_country_point() -> None:
    points = country_points(DOSSIER)
    assert points["rosoboronexport"]["country"] == "Russia"
    assert 50 < points["rosoboronexport"]["lat"] < 70  # Russia's point, not Moscow's
    assert points["navy-of-iran"]["country"] == "Iran"
    # a place keeps no point rather than its country's middle; an entity the gazetteer lacks gets none
    assert "najin" not in points and "someone-unknown" not in points and "venezuela" not in points


def test_report_embeds_the_points_for_the_map() -> None:
    page = render_report(DOSSIER)
    data = re.search(r'<script[^>]*id="dossier-data"[^>]*>(.*?)</script>', page, re.S)
    assert data is not None
    embedded = json.loads(data.group(1))
    assert "rosoboronexport" in embedded["country_points"]
