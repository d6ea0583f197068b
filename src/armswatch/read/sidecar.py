"""A sidecar file: the analyst's own date, outlet and url for reports, by report id.

CSV or TSV (a header row with an `id` column and any of `date`, `outlet`, `url`; other columns are
ignored) or YAML (a list of such
mappings, or a mapping from id to {date, outlet, url}). The id is the report's id: its file name
without extensions, or a feed item's own id; a file name with extensions is accepted too. A bad row
is a ReadProblem naming the file and line, and the other rows still apply.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from armswatch.read.decode import decode_bytes, normalise_newlines
from armswatch.read.models import ReadProblem
from armswatch.read.origin import strip_extensions

FIELDS = ("id", "date", "outlet", "url")
# Other spellings of the column names that analysts' spreadsheets use.
_ALIASES = {"file": "id", "filename": "id", "file_name": "id", "report": "id", "published": "date",
            "publication_date": "date", "published_date": "date", "pub_date": "date",
            "source": "outlet", "publisher": "outlet", "link": "url"}
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class SidecarRow:
    """What the analyst says about one report; None where the row leaves a field empty."""

    id: str
    line: int
    date: str | None = None
    outlet: str | None = None
    url: str | None = None


@dataclass
class Sidecar:
    """The rows of one sidecar file by report id, and what was wrong with the rest."""

    path: Path
    rows: dict[str, SidecarRow] = field(default_factory=dict)
    problems: list[ReadProblem] = field(default_factory=list)

    def row_for(self, report_id: str, source: str | None = None) -> SidecarRow | None:
        """The row for a report, by its id or, for a file, by its file name (ids with a hash suffix)."""
        row = self.rows.get(sidecar_key(report_id))
        if row is None and source and "://" not in source:
            row = self.rows.get(sidecar_key(source))
        return row

    def _problem(self, line: int | None, reason: str) -> None:
        self.problems.append(ReadProblem(str(self.path), reason, line))


def sidecar_key(report: str) -> str:
    """The id a sidecar's id or file name stands for: "dir/a.html.gz" -> "a"."""
    return strip_extensions(report.strip().rsplit("/", 1)[-1])


def read_sidecar(path: Path) -> Sidecar:
    """Every good row of the sidecar at `path`; a problem for each bad one (or for the whole file)."""
    sidecar = Sidecar(path)
    try:
        text = normalise_newlines(decode_bytes(path.read_bytes())).lstrip("\ufeff")
    except OSError as error:
        sidecar._problem(None, f"cannot read the sidecar: {error.strerror or error}")
        return sidecar
    if _is_yaml(path, text):
        _read_yaml(text, sidecar)
    else:
        _read_csv(text, sidecar)
    return sidecar


def _is_yaml(path: Path, text: str) -> bool:
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml", ".json"):
        return True
    if suffix in (".csv", ".tsv", ".txt"):
        return False
    first = next((line.strip() for line in text.split("\n") if line.strip() and not line.startswith("#")), "")
    return first.startswith(("-", "{", "[", "---")) or bool(re.match(r"^[\w.-]+\s*:", first))


def _read_csv(text: str, sidecar: Sidecar) -> None:
    first = text.split("\n", 1)[0]
    delimiter = "\t" if sidecar.path.suffix.lower() == ".tsv" or "\t" in first else ";" if (
        first.count(";") > first.count(",")) else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader, None)
    except csv.Error as error:
        sidecar._problem(1, f"malformed CSV header: {error}")
        return
    columns = [_column(cell) for cell in header or []]
    if "id" not in columns:
        sidecar._problem(1, f"no id column (columns: {', '.join(header or []) or 'none'}); "
                            f"expected {', '.join(FIELDS)}")
        return
    # Other columns are left alone: an analyst's spreadsheet carries notes, topics, word counts.
    previous = reader.line_num
    while True:
        line = previous + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            sidecar._problem(line, f"malformed CSV: {error}")
            previous = reader.line_num
            continue
        previous = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(columns):
            sidecar._problem(line, f"{len(cells)} fields where the header has {len(columns)}")
            continue
        values = {c: v for c, v in zip(columns, cells, strict=True) if c in FIELDS}
        _add_row(sidecar, line, values)


def _column(name: str) -> str:
    key = name.strip().lower().replace(" ", "_")
    return _ALIASES.get(key, key)


def _read_yaml(text: str, sidecar: Sidecar) -> None:
    # Composed, not loaded: nodes keep their line, and scalars their text ("2024-03-05" stays a string,
    # so a date is checked as written rather than as YAML understood it).
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        sidecar._problem(line, f"malformed YAML: {getattr(error, 'problem', None) or error}")
        return
    if root is None:
        return
    entries: list[tuple[int, str | None, yaml.Node]] = []
    if isinstance(root, yaml.SequenceNode):
        entries = [(node.start_mark.line + 1, None, node) for node in root.value]
    elif isinstance(root, yaml.MappingNode):
        for key, node in root.value:
            entries.append((key.start_mark.line + 1, _scalar(key), node))
    else:
        sidecar._problem(root.start_mark.line + 1, "expected a list of {id, date, outlet, url} "
                         "or a mapping from id to {date, outlet, url}")
        return
    for line, key, node in entries:
        if not isinstance(node, yaml.MappingNode):
            sidecar._problem(line, "expected a mapping of id, date, outlet, url")
            continue
        values: dict[str, str] = {} if key is None else {"id": key}
        bad = False
        for k, v in node.value:
            name = _column(_scalar(k) or "")
            if name not in FIELDS:
                sidecar._problem(k.start_mark.line + 1,
                                 f"key {_scalar(k)!r} is not among {', '.join(FIELDS)}: ignored")
                continue
            if not isinstance(v, yaml.ScalarNode):
                sidecar._problem(v.start_mark.line + 1, f"{name} is not a plain value")
                bad = True
                continue
            values[name] = _scalar(v) or ""
        if not bad:
            _add_row(sidecar, line, values)


def _scalar(node: yaml.Node) -> str | None:
    if not isinstance(node, yaml.ScalarNode) or node.tag.endswith(":null"):
        return None
    return str(node.value).strip()


def _add_row(sidecar: Sidecar, line: int, values: dict[str, str]) -> None:
    """Check one row and keep it; a problem naming the line when it is bad (the row is then left out)."""
    report = values.get("id", "").strip()
    if not report:
        sidecar._problem(line, "no id")
        return
    day = values.get("date", "").strip() or None
    if day is not None and not _is_day(day):
        sidecar._problem(line, f"date {day!r} of {report} is not a date written YYYY-MM-DD")
        return
    url = values.get("url", "").strip() or None
    if url is not None and not re.match(r"^[a-z][a-z0-9+.-]*://\S+$", url, re.IGNORECASE):
        sidecar._problem(line, f"url {url!r} of {report} is not a URL (scheme://...)")
        return
    outlet = values.get("outlet", "").strip() or None
    if day is None and url is None and outlet is None:
        sidecar._problem(line, f"the row for {report} gives no date, outlet or url")
        return
    key = sidecar_key(report)
    if key in sidecar.rows:
        sidecar._problem(line, f"{report} is given again (first on line {sidecar.rows[key].line}): "
                               "this row is ignored")
        return
    sidecar.rows[key] = SidecarRow(report, line, day, outlet, url)


def _is_day(text: str) -> bool:
    if not _ISO_DAY.match(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True
