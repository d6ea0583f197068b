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

import orjson

from armswatch import __version__
from armswatch.report.judgements import key_judgements
from armswatch.report.mapdata import country_points

TOKEN = re.compile(r"\{\{([A-Z_]+)\}\}")
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


@cache
def asset(name: str) -> str:
    """Text of a file shipped in armswatch/report/assets."""
    return resources.files("armswatch.report").joinpath("assets", name).read_text(encoding="utf-8")


def script_json(data: Any) -> str:
    """JSON safe to place inside <script type="application/json">: nothing in it can end the element.
    Encoded by orjson (the standard library's encoder took 2.3 s of CPU for a store of 10,000 reports,
    orjson 0.14 s, issue 16); the same JSON values (floats under 1e-4 are spelled 0.00001 rather than
    1e-05, both read back alike), and NaN becomes null, which JSON.parse accepts where NaN broke it."""
    return script_json_bytes(data).decode("utf-8")


def script_json_bytes(data: Any) -> bytes:
    """`script_json` as UTF-8 (what the report file is written in)."""
    try:
        raw = orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS)
    except (TypeError, orjson.JSONEncodeError):  # a value orjson refuses (an int past 64 bits, say)
        raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    for unsafe, escaped in _JSON_ESCAPES.items():  # a few C passes, not a Python call per match
        raw = raw.replace(unsafe.encode("utf-8"), escaped.encode("ascii"))
    return raw


def ordinary_mode() -> int:
    """The mode an ordinary new file gets here (0644 under the default umask 022): mkstemp's files are
    0600, which a colleague reading the dossier on a shared drive cannot open."""
    try:  # Linux tells the umask without changing it (os.umask would, for every thread, for a moment)
        status = Path("/proc/self/status").read_text(encoding="ascii")
        mask = int(re.search(r"^Umask:\s*([0-7]+)", status, re.M).group(1), 8)  # type: ignore[union-attr]
    except (OSError, AttributeError, ValueError):
        mask = os.umask(0o022)
        os.umask(mask)
    return 0o666 & ~mask


def case_title(dossier: dict[str, Any], inputs: list[str] | None = None) -> str:
    """The case the report is about: the dossier's own `case`, else what was read (the inputs' names)."""
    if dossier.get("case"):
        return str(dossier["case"])
    n = len(dossier.get("documents") or [])
    names = [Path(i).name or str(i) for i in inputs or [] if str(i) != "-"]
    what = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    return f"armswatch dossier: {what or 'reports'} ({n} report{'s' if n != 1 else ''})"


def report_title(dossier: dict[str, Any]) -> str:
    return case_title(dossier)


def report_meta(dossier: dict[str, Any], inputs: list[str] | None, include_text: bool) -> str:
    """The line under the title: the tool and its version, the run's date, the inputs, what was left out."""
    parts = [f"armswatch {__version__}", f"run {dossier.get('generated_at') or 'date unknown'}"]
    if inputs:
        parts.append("inputs: " + ", ".join(str(i) for i in inputs))
    if not include_text:
        parts.append("report texts left out (sentences of facts kept)")
    return " · ".join(parts)


def without_text(dossier: dict[str, Any]) -> dict[str, Any]:
    """The dossier without the documents' bodies: the sentences each fact was read from stay (in the
    mentions), the articles themselves do not travel with the report (copyright, size, sensitivity)."""
    return {**dossier, "documents": [{k: v for k, v in d.items() if k != "body"}
                                     for d in dossier.get("documents") or []]}


def render_report(dossier: dict[str, Any], *, inputs: list[str] | None = None,
                  include_text: bool = True) -> str:
    """The report page as a string (one pass over the template, so no inserted text is re-scanned).
    `inputs` are named at the top; without `include_text` the reports' texts are left out."""
    return b"".join(render_parts(dossier, inputs=inputs, include_text=include_text)).decode("utf-8")


def render_parts(dossier: dict[str, Any], *, inputs: list[str] | None = None,
                 include_text: bool = True) -> list[bytes]:
    """`render_report`'s page in UTF-8, as the template's pieces and the values put between them, to be
    written one after another: at 10,000 reports the page is 100 MB, and decoding the data's JSON, putting
    it into the template as a string and encoding the page again took longer than encoding the data
    (issue 16)."""
    basemap = json.loads(asset("basemap-110m.json"))
    inputs = [str(i) for i in inputs] if inputs else list(dossier.get("inputs") or [])
    shown = dossier if include_text else without_text(dossier)
    values = {
        "TITLE": html.escape(case_title(dossier, inputs)),
        "META": html.escape(report_meta(dossier, inputs, include_text)),
        "CSS": asset("report.css"),
        "JS": asset("report.js"),
        # the key judgements are chosen here (tested in Python), the page only words them
        "DOSSIER_JSON": script_json_bytes({**shown, "key_judgements": key_judgements(dossier),
                                           "country_points": country_points(dossier),
                                           "text_included": include_text, "report_inputs": inputs}),
        "BASEMAP_JSON": script_json_bytes(basemap),
        "CREDIT": html.escape("Basemap: " + basemap.get("credit", "")),
    }
    # TOKEN.sub's one pass: the template's text and its tokens alternate in the split
    pieces = TOKEN.split(asset("report.html"))
    out: list[bytes] = []
    for n, piece in enumerate(pieces):
        value = values[piece] if n % 2 else piece
        out.append(value if isinstance(value, bytes) else value.encode("utf-8"))
    return out


_OPTIONS = re.compile(r',"text_included":(true|false),"report_inputs":(\[.*?\])\}</script>', re.S)


def previous_options(path: Path) -> tuple[bool, list[str]] | None:
    """Whether the report already at `path` carried the reports' texts, and its inputs: a rewrite that is
    not told otherwise (`armswatch match` marking sanctioned entities) keeps the analyst's choice."""
    try:
        found = _OPTIONS.search(path.read_text(encoding="utf-8"))
        return (found.group(1) == "true", [str(i) for i in json.loads(found.group(2))]) if found else None
    except (OSError, ValueError):
        return None


def write_report(dossier: dict[str, Any], path: Path, *, inputs: list[str] | None = None,
                 include_text: bool | None = None) -> Path:
    """Write the report to `path` (a directory gets `report.html` inside it), atomically, readable as any
    file the user writes (see ordinary_mode); return the file. `include_text` and `inputs` left None keep
    those of the report being replaced (texts included for a new one)."""
    path = Path(path)
    if path.is_dir() or not path.suffix:
        path = path / "report.html"
    before = previous_options(path) if include_text is None or inputs is None else None
    if include_text is None:
        include_text = before[0] if before else True
    if inputs is None and before:
        inputs = before[1]
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".report-", suffix=".html", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.writelines(render_parts(dossier, inputs=inputs, include_text=include_text))
        os.chmod(tmp, ordinary_mode())  # mkstemp makes it private; a report is meant to be shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
