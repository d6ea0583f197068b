"""`write_report`: the dossier as one self-contained HTML file (inline CSS, JS, data and basemap).

The page builds its views (key judgements, timeline, map, actor network, claims table, events, documents
with highlighted sentences) in vanilla JavaScript from the dossier embedded as JSON. Report text reaches
the page only through textContent in the script, and the embedded JSON has "<", ">" and "&" escaped, so
no report can close the script tag or inject markup. A Content-Security-Policy forbids every network
request: the report works offline and cannot leak that it was opened.
"""

from __future__ import annotations

import html
import json
import os
import re
import tempfile
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from armswatch.report.judgements import key_judgements
from armswatch.report.mapdata import country_points

TOKEN = re.compile(r"\{\{([A-Z_]+)\}\}")
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_UNSAFE = re.compile("[<>&\u2028\u2029]")


@cache
def asset(name: str) -> str:
    """Text of a file shipped in armswatch/report/assets."""
    return resources.files("armswatch.report").joinpath("assets", name).read_text(encoding="utf-8")


def script_json(data: Any) -> str:
    """JSON safe to place inside <script type="application/json">: nothing in it can end the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return _JSON_UNSAFE.sub(lambda m: _JSON_ESCAPES[m.group()], text)


def report_title(dossier: dict[str, Any]) -> str:
    n = len(dossier.get("documents") or [])
    return f"armswatch dossier: {n} report{'s' if n != 1 else ''}"


def render_report(dossier: dict[str, Any]) -> str:
    """The report page as a string (one pass over the template, so no inserted text is re-scanned)."""
    basemap = json.loads(asset("basemap-110m.json"))
    values = {
        "TITLE": html.escape(report_title(dossier)),
        "CSS": asset("report.css"),
        "JS": asset("report.js"),
        # the key judgements are chosen here (tested in Python), the page only words them
        "DOSSIER_JSON": script_json({**dossier, "key_judgements": key_judgements(dossier),
                                     "country_points": country_points(dossier)}),
        "BASEMAP_JSON": script_json(basemap),
        "CREDIT": html.escape("Basemap: " + basemap.get("credit", "")),
    }
    return TOKEN.sub(lambda m: values[m.group(1)], asset("report.html"))


def write_report(dossier: dict[str, Any], path: Path) -> Path:
    """Write the report to `path` (a directory gets `report.html` inside it), atomically; return the file."""
    path = Path(path)
    if path.is_dir() or not path.suffix:
        path = path / "report.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".report-", suffix=".html", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(render_report(dossier))
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a report is meant to be shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
