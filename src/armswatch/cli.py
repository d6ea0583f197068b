"""The `armswatch` command line (Typer): a thin shell over armswatch.pipeline."""

from __future__ import annotations

import json
import os
import re
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from armswatch import __version__
from armswatch.distributed import ClusterMismatch
from armswatch.lock import FolderInUse
from armswatch.pipeline import DEFAULT_MAX_REPORT_MB, RunSummary, analyze

app = typer.Typer(
    help="armswatch reads reports on arms transfers and sanctions violations and builds a dossier.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
console = Console(stderr=True)

# C0 and C1 control characters (escape sequences, bells, carriage returns) and the bidirectional
# overrides: text from inputs (file names, CSV headers, JSON keys) must never drive the terminal.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def safe(text: str) -> str:
    """Text from inputs made inert for the console: control characters shown as "?", Rich markup
    ("[/]", "[link=...]") escaped so that it prints as written."""
    return escape(_CONTROL.sub("?", text))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"armswatch {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """armswatch: from a folder of saved reports to one dossier."""


@app.command("analyze")
def analyze_command(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Report files, folders (read recursively) or - for standard input. Text dumps, HTML, "
            "Markdown, JSON Lines / JSON arrays / CSV feeds, WARC; .gz, .bz2, .xz and .zip are opened "
            "transparently."
        ),
    ],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder for dossier.json, run.json and the store.")
    ],
    db: Annotated[
        str | None,
        typer.Option(help="SQLAlchemy database URL of the store (default: sqlite:///OUT/armswatch.db)."),
    ] = None,
    max_report_mb: Annotated[
        float, typer.Option(help="Skip any single report larger than this many megabytes.")
    ] = DEFAULT_MAX_REPORT_MB,
    strict: Annotated[bool, typer.Option(help="Exit with status 1 when any report was skipped.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")] = False,
    report: Annotated[
        bool, typer.Option(help="Also write OUT/report.html, the self-contained report.")
    ] = True,
    report_text: Annotated[
        bool, typer.Option(help="Put the reports' texts in report.html (--no-report-text leaves them out: "
                           "the sentences each fact was read from stay; smaller, and shareable where the "
                           "articles are not).")
    ] = True,
    reannotate: Annotated[
        bool, typer.Option(help="Annotate every stored report again instead of reusing cached annotations.")
    ] = False,
    workers: Annotated[
        int, typer.Option("--workers", "-w", min=1, metavar="N",
                          help="Clean and annotate reports in N processes (default: every core of this "
                          "machine). The dossier is the same whatever N; 1 runs in this process only.")
    ] = max(1, os.cpu_count() or 1),
    cluster: Annotated[
        str | None, typer.Option("--cluster", metavar="ADDRESS",
                                 help="Clean and annotate on a Dask cluster instead of --workers: the "
                                 "scheduler's address (tcp://HOST:8786; workers started with `dask worker "
                                 "tcp://HOST:8786`, the same armswatch installed), or local:N to start N "
                                 "worker processes here. The store and fusion stay in this process; the "
                                 "dossier is the same as a single process gives.")
    ] = None,
    triage: Annotated[
        bool | None, typer.Option("--triage/--no-triage",
                                  help="Set aside, before the parser, reports that cannot hold an event of "
                                  "our types (a lexicon and linear-model pass, a millisecond a report). "
                                  "Default: on when an input is a crawl (a WARC file, compressed or not), "
                                  "off for folders, feeds, standard input and other files, which an analyst "
                                  "chose. Reports set aside are stored and counted in "
                                  "OUT/run.json (triage); run again with --no-triage to annotate them.",
                                  show_default=False)
    ] = None,
    wait: Annotated[
        float, typer.Option("--wait", metavar="SECONDS",
                            help="When another run is using OUT (or the store), wait this long for it to "
                            "finish before giving up (default: give up at once, saying so).")
    ] = 0.0,
    date: Annotated[
        datetime | None,
        typer.Option(
            "--date",
            formats=["%Y-%m-%d"],
            metavar="YYYY-MM-DD",
            help="The date of every report that states none (relative dates such as 'on Thursday' are "
            "resolved against it). A report's own stated date still wins: --date is a blanket date for a "
            "collection, the stated date is the report's word. It also wins over a date inferred from the "
            "text. A sidecar's date wins over both.",
        ),
    ] = None,
    sidecar: Annotated[
        Path | None,
        typer.Option(
            "--sidecar",
            exists=True,
            dir_okay=False,
            readable=True,
            metavar="FILE",
            help="A CSV (header: id,date,outlet,url; other columns are ignored) or YAML (a list of "
            "{id, date, outlet, url}, or a mapping from id to {date, outlet, url}) file giving reports' "
            "date (YYYY-MM-DD), outlet and url; id is the report id (file name without extensions, or a "
            "feed item's id) or the file name. It is the analyst's word: it wins over what the report "
            "states and what the run infers. A bad row is reported with its file and line and the other "
            "rows still apply.",
        ),
    ] = None,
) -> None:
    """Read reports, clean them, store them, and write OUT/dossier.json.

    Running again on the same input adds nothing; adding reports adds only those. A report that cannot
    be read is reported and skipped; the exit status is 1 only when nothing could be read (or, with
    --strict, when anything was skipped or a sidecar row was bad).

    A report that states no date is dated from its text, else from its collection (the median date of the
    dated reports), else from when its file was saved, never from the day of the run without saying so;
    each one is listed on the console and in OUT/run.json (undated) with the date given and how. Dates
    given with --date or --sidecar are kept in the store for later runs.
    """
    with Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}[/]"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[label]}", style="dim"),
        console=console,
        disable=quiet,
        transient=True,
    ) as progress:
        reading = progress.add_task("reading", total=None, label="")
        annotating = progress.add_task("annotating", total=None, label="", visible=False)

        def read_one(label: str) -> None:
            progress.update(reading, advance=1, label=safe(label[-60:]))

        def annotate_one(label: str) -> None:
            progress.update(annotating, advance=1, label=safe(label[-60:]), visible=True)

        try:
            summary = analyze(
                inputs,
                out,
                database_url=db,
                max_report_mb=max_report_mb,
                stdin=sys.stdin.buffer,
                on_report=read_one,
                on_annotated=annotate_one,
                reannotate=reannotate,
                write_html_report=report,
                report_text=report_text,
                default_date=date.date() if date is not None else None,
                sidecar=sidecar,
                lock_wait=wait,
                workers=workers,
                triage=triage,
                cluster=cluster,
            )
        except FolderInUse as exc:
            progress.stop()
            console.print(f"[bold red]{safe(str(exc))}[/]")
            raise typer.Exit(code=2) from exc
        except (ClusterMismatch, OSError) as exc:
            if cluster is None and not isinstance(exc, ClusterMismatch):
                raise
            progress.stop()  # the cluster could not be reached, or runs another armswatch
            console.print(f"[bold red]--cluster {safe(cluster or '')}: {safe(str(exc))}[/]")
            raise typer.Exit(code=2) from exc
    (out / "run.json").write_text(
        json.dumps(summary.as_json(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    if not quiet:
        _print_summary(summary)
    if summary.read == 0 or (strict and (summary.problems or summary.sidecar_problems)):
        raise typer.Exit(code=1)


def _print_summary(summary: RunSummary) -> None:
    table = Table(title="armswatch analyze", show_header=False, title_justify="left")
    table.add_row("reports read", str(summary.read))
    table.add_row("  new", str(summary.new.total))
    table.add_row("  already in the store", str(summary.already_stored.total))
    table.add_row("skipped", str(getattr(summary.problems, "total", len(summary.problems))))
    table.add_row("documents in the dossier", str(summary.documents_in_dossier))
    table.add_row("  annotated in this run", str(summary.annotated))
    if summary.triage:
        table.add_row("  set aside by triage", str(summary.set_aside))
    table.add_row("entities", str(summary.entities))
    table.add_row("events", str(summary.events))
    table.add_row("time", f"{summary.seconds:.1f} s")
    table.add_row("dossier", str(summary.dossier_path))
    if summary.report_path:
        table.add_row("report", str(summary.report_path))
    console.print(table)
    if summary.problems:
        # Counted by kind over every problem (the log keeps only the first few of each kind)
        reasons = getattr(summary.problems, "counts", None) or Counter(
            p.reason.split(":")[0] for p in summary.problems)
        counted = ", ".join(f"{n} × {r}" for r, n in reasons.most_common())
        console.print("[bold yellow]skipped:[/] " + safe(counted))
        total = getattr(summary.problems, "total", len(summary.problems))
        for p in summary.problems[:20]:
            console.print(f"  [yellow]{safe(str(p))}[/]")
        if total > 20:
            console.print(f"  … and {total - 20} more (counted by kind in run.json)")
    if summary.notes:
        console.print(f"[bold]notes:[/] {getattr(summary.notes, 'total', len(summary.notes))} worked around")
        for p in summary.notes[:10]:
            console.print(f"  {safe(str(p))}")
    if summary.sidecar_problems:
        console.print(f"[bold red]sidecar:[/] {len(summary.sidecar_problems)} rows not applied")
        for p in summary.sidecar_problems[:20]:
            console.print(f"  [red]{safe(str(p))}[/]")
        if len(summary.sidecar_problems) > 20:
            console.print(f"  … and {len(summary.sidecar_problems) - 20} more in run.json")
    if summary.undated:
        console.print(f"[bold yellow]undated:[/] {len(summary.undated)} reports state no date; the dates "
                      "given them (set them with --date or --sidecar):")
        for u in summary.undated[:20]:
            console.print(f"  [yellow]{safe(str(u))}[/]")
        if len(summary.undated) > 20:
            console.print(f"  … and {len(summary.undated) - 20} more in run.json")


@app.command("bench")
def bench_command(
    inputs: Annotated[list[Path], typer.Argument(help="Reports to time (files or folders).")],
    rounds: Annotated[
        int, typer.Option(min=1, help="Rounds over the reports (each report timed on both sides, back to "
                          "back, caches emptied first); the median round's ratio is shown.")
    ] = 5,
    repeat: Annotated[
        int, typer.Option(min=1, help="Take each report this many times per round (longer rounds; the "
                          "repeats find the content caches warm).")
    ] = 1,
) -> None:
    """Words per second of armswatch's per-report pipeline and of bare spaCy nlp.pipe (the model as
    shipped) on the same texts, in the same run, and their ratio (CPU time)."""
    from armswatch.bench import run_benchmark

    with console.status("timing…"):
        r = run_benchmark(inputs, rounds=rounds, repeat=repeat)
    spread = f"{min(r.annotate_ratios):.2f}-{max(r.annotate_ratios):.2f}"
    table = Table(
        title=f"armswatch bench: {r.documents} reports, {r.words} words, {r.rounds} rounds of CPU time "
        f"(annotate ratio per round {spread}; medians shown)",
        title_justify="left",
    )
    for col in ("stage", "seconds", "words/s", "ratio to bare nlp.pipe"):
        table.add_column(col, justify="right" if col != "stage" else "left")
    table.add_row(
        "bare nlp.pipe (spaCy only)",
        f"{r.bare_seconds:.3f}",
        f"{r.words_per_second(r.bare_seconds):,.0f}",
        "1.00",
    )
    table.add_row(
        "annotate (nlp.pipe + linking + events)",
        f"{r.annotate_seconds:.3f}",
        f"{r.words_per_second(r.annotate_seconds):,.0f}",
        f"{r.annotate_ratio:.2f}",
    )
    share = r.detector_seconds / r.annotate_seconds if r.annotate_seconds else 0.0
    table.add_row(
        f"  of which the event detector ({share:.0%} of annotate)", f"{r.detector_seconds:.3f}", "", ""
    )
    table.add_row(
        "clean (read → article)", f"{r.clean_seconds:.3f}", f"{r.words_per_second(r.clean_seconds):,.0f}", ""
    )
    table.add_row(
        "per report (clean + annotate)",
        f"{r.per_report_seconds:.3f}",
        f"{r.words_per_second(r.per_report_seconds):,.0f}",
        f"{r.per_report_ratio:.2f}",
    )
    Console().print(table)


@app.command("validate")
def validate_command(
    dossier: Annotated[Path, typer.Argument(help="A dossier.json to check against the shipped schema.")],
) -> None:
    """Check a dossier.json against the contract's JSON Schema."""
    from armswatch.dossier import DossierInvalid, validate_dossier

    try:
        data = json.loads(dossier.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        console.print(f"[red]{dossier}: {exc}[/]")
        raise typer.Exit(code=2) from exc
    try:
        validate_dossier(data)
    except DossierInvalid as exc:
        console.print(f"[red]{dossier}: {exc}[/]")
        raise typer.Exit(code=1) from exc
    console.print(f"[green]{dossier}: valid (schema_version {data.get('schema_version')})[/]")


@app.command("schema")
def schema_command() -> None:
    """Print the dossier's JSON Schema."""
    from armswatch.dossier import dossier_schema

    typer.echo(json.dumps(dossier_schema(), indent=1))


def _format_help() -> str:
    from armswatch.export import FORMATS

    # one line per format: Rich keeps the line breaks of a help text between blank lines
    lines = (f"[bold]{name}[/]: {what}" for name, (what, _) in FORMATS.items())
    return "Output format:\n\n" + "\n\n".join(lines)


@app.command("export")
def export_command(
    source: Annotated[str, typer.Argument(help="A dossier folder (DIR/dossier.json), a dossier.json, or a "
                                          "store (a .db file or a database URL).")],
    format: Annotated[str, typer.Option("--format", "-f", help=_format_help())],
    out: Annotated[Path, typer.Option("--out", "-o", help="File to write (a folder for csv and parquet).")],
) -> None:
    """Write a dossier in one of the field's formats, sanctions matches (matches.json) merged in."""
    from armswatch.export import FORMATS, ExportError, export_dossier

    if format not in FORMATS:
        console.print(f"[red]unknown format {safe(format)}; one of {', '.join(FORMATS)}[/]")
        raise typer.Exit(code=2)
    try:
        written = export_dossier(source, format, out)
    except ExportError as exc:
        console.print(f"[red]{safe(str(exc))}[/]")
        raise typer.Exit(code=2) from exc
    for path in written:
        console.print(f"wrote {safe(str(path))}")


@app.command("match")
def match_command(
    source: Annotated[str, typer.Argument(help="A dossier folder, a dossier.json, or a store (.db or URL).")],
    against: Annotated[Path, typer.Option("--against", exists=True, dir_okay=False, help="A sanctions or "
                                          "watch list as FollowTheMoney JSON lines (as OpenSanctions "
                                          "publishes).")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Where to write the matches (default: "
                                             "matches.json beside the dossier).")] = None,
) -> None:
    """Match the dossier's vessels (IMO, then name and flag), companies, groups and people (name, country,
    identifiers) against a list; write matches.json, which exports merge in. A match an analyst marked
    reviewed keeps its verdict when matching again."""
    from armswatch.export import ExportError
    from armswatch.export.common import MATCHES_FILE, dossier_folder, load_dossier
    from armswatch.export.match import match_dossier

    try:
        dossier = load_dossier(source)
    except ExportError as exc:
        console.print(f"[red]{safe(str(exc))}[/]")
        raise typer.Exit(code=2) from exc
    target = out or ((dossier_folder(source) or Path(".")) / MATCHES_FILE)
    previous = json.loads(target.read_text(encoding="utf-8")) if target.is_file() else None
    result = match_dossier(dossier, against, previous)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    table = Table(title=f"matches against {safe(against.name)}", title_justify="left")
    for col in ("entity", "candidate", "score", "method", "programmes"):
        table.add_column(col)
    for m in result["matches"]:
        table.add_row(safe(m["entity_name"]), safe(m["candidate_name"]), f"{m['score']:.2f}", m["method"],
                      safe(", ".join(m.get("programs", []))))
    console.print(table)
    console.print(f"wrote {safe(str(target))}")
    if out is None:  # the dossier and its report show the matches on their entities
        from armswatch.export.common import show_matches_in_dossier

        for path in show_matches_in_dossier(source):
            console.print(f"updated {safe(str(path))}")


def _register_web() -> None:
    from armswatch.web.cli import register  # `serve` and `users` live with the web app

    register(app)


_register_web()


if __name__ == "__main__":  # pragma: no cover
    app()
