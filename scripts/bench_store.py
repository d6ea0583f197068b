#!/usr/bin/env python3
"""The store at scale (issue 14): a store of 100,000 synthetic events, and the time of the workbench's
queries over it (the event table, full-text search, an entity page; a document and an event page too),
on SQLite and on PostgreSQL.

    .venv/bin/python scripts/bench_store.py [--events 100000] [--queries 60] [--backends sqlite postgresql]
                                            [--work /tmp/armswatch-store-bench] [--real DOSSIER.json]
                                            [--pg-url URL] [--keep] [--quiet-check] [--slowest N]

The events are real ones recombined: the seeds and dev reports (../shared) are analysed once (cached
under --work; or --real names a dossier.json to start from). Each synthetic event copies a real event,
its date shifted by a whole number of months (within +-SHIFT_YEARS years), each actor, target or vessel
kept with probability KEEP_ENTITY else replaced by one of ENTITY_VARIANTS variants of it (so that facets
and entity pages see thousands of entities, and the commonest real ones, Russia or Iran, stay heavy:
the worst entity pages). Each synthetic report holds EVENTS_PER_DOCUMENT events: its body is their
real sentences, recombined, and each mention points at its sentence there.

Queries are drawn at random (seeded) from what an analyst does: the event table unfiltered, or by
type, actor, country, source, date range or words, sorted by date or credibility, on one of its first
20 pages (reached as its "next" links do, after the page before's last row), with facets; a search for
one or two words of the sentences (the search page's question: the 50 best entities, events and
documents, and how many of each); the page of one of the 10 busiest entities or of any entity. Each
query's wall and CPU time are measured (after five warm-up queries): the CPU of this process, and on
PostgreSQL that of the server's processes too, read from /proc when the server runs on this machine.
The table prints p50, p95 and max. With no --pg-url, PostgreSQL runs on a throwaway cluster
(tests/pg_server.py), skipped where PostgreSQL is not installed. --keep measures the stores an earlier
run wrote (migrated to this version when they are older) instead of writing them again; without
--pg-url its PostgreSQL cluster is kept under --work (pg/, database bench_N), made and written the
first time. --quiet-check is the end-of-session measurement: --keep, and each backend measured once the
machine's 1-minute load average is at most --quiet-load, by default its number of cores (waiting up to
20 minutes each).
--slowest N lists each kind's N costliest queries (CPU) with what they asked.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.pg_server, for a throwaway PostgreSQL

SHIFT_YEARS = 5
KEEP_ENTITY = 0.6
ENTITY_VARIANTS = 40
EVENTS_PER_DOCUMENT = 8
SEED = 14
SORTS = ["-date", "date", "-credibility"]
_DAY = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
Drawn = tuple[str, Any]  # a query drawn: what it asks, and the call that asks it


def real_dossier(work: Path, given: Path | None) -> dict[str, Any]:
    if given is not None:
        return json.loads(given.read_text(encoding="utf-8"))
    out = work / "real"
    if not (out / "dossier.json").exists():
        from armswatch.pipeline import analyze

        shared = ROOT.parent / "shared"
        inputs = sorted((shared / "seeds").glob("*.txt")) + [shared / "data/dev-reports/reports"]
        analyze(inputs, out, write_html_report=False, workers=1)
    return json.loads((out / "dossier.json").read_text(encoding="utf-8"))


def _shift(value: str | None, months: int) -> str | None:
    m = _DAY.match(value or "")
    if not m:
        return value
    year = int(m[1])
    if m[2] is None:
        return str(year + months // 12)
    total = year * 12 + int(m[2]) - 1 + months
    out = f"{total // 12:04d}-{total % 12 + 1:02d}"
    return out if m[3] is None else f"{out}-{min(int(m[3]), 28):02d}"


def synthetic(real: dict[str, Any], n_events: int) -> dict[str, Any]:
    """A dossier of `n_events` events recombined from the real ones (see the module's docstring)."""
    rng = random.Random(SEED)
    models = [e for e in real["events"] if e.get("mentions")]
    real_entities = {e["id"]: e for e in real["entities"]}
    entities: dict[str, dict[str, Any]] = {}

    def variant(entity_id: str) -> str:
        if rng.random() < KEEP_ENTITY or entity_id not in real_entities:
            chosen, suffix = entity_id, ""
        else:
            k = rng.randrange(ENTITY_VARIANTS)
            chosen, suffix = f"{entity_id}-v{k}", f" ({k})"
        if chosen not in entities:
            base = real_entities.get(entity_id, {"id": entity_id, "name": entity_id, "type": "organization"})
            entities[chosen] = dict(copy.deepcopy(base), id=chosen, name=base["name"] + suffix, documents=[])
        return chosen

    documents, events = [], []
    for d in range(-(-n_events // EVENTS_PER_DOCUMENT)):
        doc_id = f"synthetic-{d:06d}"
        body, picked = "", []
        for _ in range(min(EVENTS_PER_DOCUMENT, n_events - len(events))):
            model = rng.choice(models)
            sentence = rng.choice(model["mentions"])["text"]
            start = len(body)
            body += sentence + "\n\n"
            picked.append((model, sentence, start))
        months = rng.randint(-12 * SHIFT_YEARS, 12 * SHIFT_YEARS)
        day = _shift("2023-06-15", months) or "2023-06-15"
        documents.append({"id": doc_id, "source": f"{doc_id}.txt", "title": f"Report {d}", "published": day,
                          "reference_date": day, "reference_date_inferred": False,
                          "reference_date_basis": "published", "outlet": f"Outlet {d % 300}", "author": None,
                          "url": None, "metadata_basis": {}, "form": "text", "body": body,
                          "content_sha256": f"{d:064x}"})
        for model, sentence, start in picked:
            event = copy.deepcopy(model)
            # sorted: a set's order changes with each process's string hashes, and the draws with it
            ids = {x: variant(x) for x in sorted({*event["actor"], *event["target"], *event["vessels"],
                                                  *(p["entity"] for p in event["places"])})}
            event["id"] = f"ev_{len(events):012x}"
            for key in ("actor", "target", "vessels"):
                event[key] = list(dict.fromkeys(ids[x] for x in event[key]))
            event["places"] = [dict(p, entity=ids[p["entity"]]) for p in event["places"]]
            if event.get("when"):
                event["when"] = dict(event["when"], start=_shift(event["when"]["start"], months),
                                     end=_shift(event["when"]["end"], months))
            mention = dict(model["mentions"][0], document=doc_id, text=sentence, start=start,
                           end=start + len(sentence), actor=event["actor"], target=event["target"])
            event["mentions"] = [mention]
            outlet = f"Outlet {d % 300}"
            event["source_list"] = [{"name": outlet, "reliability": "ABCDEF"[d % 6], "known": True,
                                     "documents": [doc_id], "supports": True}]
            event["related"], event["part_of"] = [], None
            events.append(event)
            for x in ids.values():
                entities[x]["documents"].append(doc_id)
    for e in entities.values():
        e["documents"] = list(dict.fromkeys(e["documents"]))
    return {"schema_version": "1", "generated_at": "2026-01-01T00:00:00Z", "documents": documents,
            "entities": list(entities.values()), "events": events}


def _server_processes(engine: Any) -> int | None:
    """PostgreSQL's postmaster, when it runs on this machine (its processes' CPU is read from /proc):
    the parent of a connection's server process."""
    if engine.dialect.name != "postgresql":
        return None
    with engine.connect() as connection:
        backend = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
    try:
        return int(Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def _server_cpu(postmaster: int | None) -> float:
    """Seconds of CPU (user and system) used so far by the server's processes (the postmaster's
    children: the connections' backends, background workers, parallel query workers)."""
    if postmaster is None:
        return 0.0
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == postmaster:
            total += int(fields[11]) + int(fields[12])  # utime, stime (clock ticks)
    return total / os.sysconf("SC_CLK_TCK")


def _timed(fn: Any, postmaster: int | None = None) -> tuple[float, float]:
    """Wall and CPU milliseconds of one call. The CPU is this process's (the query's own on SQLite, which
    runs in it) plus, on PostgreSQL, its server processes' (read from /proc in clock ticks, 10 ms, so
    only their sum over many queries is exact); on a shared machine the wall time also counts the waits
    for a core."""
    server = _server_cpu(postmaster)
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return wall * 1000, (cpu + _server_cpu(postmaster) - server) * 1000


def measure(engine: Any, dossier: dict[str, Any], queries: int, only: list[str] | None = None
            ) -> dict[str, list[tuple[float, float, str]]]:
    from armswatch.store import query
    from armswatch.store.query import event_facets
    from armswatch.store.review import (
        EventFilters,
        document_page,
        entity_page,
        event_page,
        events_page,
    )
    from armswatch.store.search import search_by_kind

    rng = random.Random(SEED)
    entity_counts: dict[str, int] = {}
    for e in dossier["events"]:
        for x in {*e["actor"], *e["target"]}:
            entity_counts[x] = entity_counts.get(x, 0) + 1
    busiest = sorted(entity_counts, key=lambda x: -entity_counts[x])[:10]
    countries = [e["id"] for e in dossier["entities"] if e["type"] == "country"]
    every_entity = list(entity_counts)
    words = [w for e in dossier["events"][:2000] for m in e["mentions"]
             for w in re.findall(r"[A-Za-z]{5,}", m["text"])]
    types = sorted({e["type"] for e in dossier["events"]})

    def a_filter() -> EventFilters:
        pick = rng.randrange(8)
        if pick == 0:
            return EventFilters()
        if pick == 1:
            return EventFilters(type=rng.choice(types))
        if pick == 2:
            return EventFilters(actor=rng.choice(busiest))
        if pick == 3:
            return EventFilters(country=rng.choice(countries))
        if pick == 4:
            return EventFilters(source=f"Outlet {rng.randrange(300)}")
        if pick == 5:
            year = rng.randint(2019, 2027)
            return EventFilters(date_from=f"{year}-01-01", date_to=f"{year}-03-31")
        if pick == 6:
            return EventFilters(q=rng.choice(words))
        return EventFilters(type=rng.choice(types), country=rng.choice(countries))

    def described(filters: EventFilters) -> str:
        return " ".join(f"{k}={v}" for k, v in vars(filters).items() if v is not None) or "(all)"

    def a_page(facets: bool) -> Drawn:
        """One of the first 20 pages, reached as the pages' "next" links do: after the last row of the
        page before (its cursor found first, untimed), not past an offset."""
        filters, sort, page = a_filter(), rng.choice(SORTS), rng.randrange(20)
        after = None
        if page:
            after = events_page(engine, filters, sort=sort, limit=50, offset=50 * (page - 1),
                                facets=False).next_after
        return (f"{described(filters)} sort={sort} page={page + 1}",
                lambda: events_page(engine, filters, sort=sort, limit=50, after=after, facets=facets))

    postmaster = _server_processes(engine)
    skipped: dict[str, list[bool]] = {"facets": [], "table+facets": []}

    def facets_of(filters: EventFilters) -> Drawn:
        def run() -> None:
            skipped["facets"].append("actor" not in event_facets(engine, filters))
        return described(filters), run

    def page_with_facets() -> Drawn:
        label, run = a_page(True)
        return label, lambda: skipped["table+facets"].append(bool(run().facets_skipped))

    def search_for(q: str) -> Drawn:
        return f"q={q}", lambda: search_by_kind(engine, q, limit=50)

    def entity(x: str) -> Drawn:
        return f"{x} ({entity_counts[x]:,} events)", lambda: entity_page(engine, x)

    def document(x: str) -> Drawn:
        return x, lambda: document_page(engine, x)

    def event(x: str) -> Drawn:
        return x, lambda: event_page(engine, x)

    plans: dict[str, Any] = {
        "event table": lambda: a_page(False),
        "facets": lambda: facets_of(a_filter()),
        "table+facets": page_with_facets,
        "search": lambda: search_for(" ".join(rng.sample(words, rng.randint(1, 2)))),
        "entity page": lambda: entity(rng.choice(busiest if rng.random() < 0.5 else every_entity)),
        "document page": lambda: document(rng.choice(dossier["documents"])["id"]),
        "event page": lambda: event(rng.choice(dossier["events"])["id"]),
    }
    times: dict[str, list[tuple[float, float, str]]] = {}
    for name, plan in plans.items():  # each plan draws a query (untimed), then runs it
        if only and name not in only:
            continue
        for _ in range(5):  # warm-up: the first queries read the pages from disk
            plan()[1]()
        if name in skipped:
            skipped[name].clear()  # the timed queries' alone
        times[name] = []
        for _ in range(queries):
            label, fn = plan()
            times[name].append((*_timed(fn, postmaster), label))
    for name, flags in skipped.items():
        if not flags:
            continue
        print(f"{name}: the facets of entities and sources left out of {sum(flags)} of {len(flags)} "
              f"(over {query.FACET_MAX_EVENTS:,} events or past {query.FACET_TIME_LIMIT_MS:g} ms of the "
              "page)")
    return times


def _p(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def run_backend(name: str, url: str, dossier: dict[str, Any], queries: int, keep: bool = False,
                only: list[str] | None = None, slowest: int = 0) -> None:
    from armswatch.store import open_engine
    from armswatch.store.review import write_dossier_tables

    engine = open_engine(url)
    if keep:
        with engine.connect() as connection:
            held = connection.exec_driver_sql("SELECT count(*) FROM events").scalar() or 0
        if held >= len(dossier["events"]):
            print(f"\n{name}: the store written before ({held:,} events), migrated to this version")
            report(name, engine, dossier, queries, only, slowest)
            return
    started, cpu = time.perf_counter(), time.process_time()
    write_dossier_tables(engine, dossier, run_id=1)
    written, cpu = time.perf_counter() - started, time.process_time() - cpu
    if name == "postgresql":
        # what autovacuum does within minutes of a large write: until the visibility map is set, the
        # index-only scans read the heap too (a store measured at once: table+facets p95 100 ms of CPU)
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.exec_driver_sql("VACUUM ANALYZE")
    print(f"\n{name}: {len(dossier['events']):,} events, {len(dossier['entities']):,} entities, "
          f"{len(dossier['documents']):,} documents written in {written:.1f} s ({cpu:.1f} s CPU here)")
    # a run adding 10 reports: their events new, as many older events changed (a second source)
    added = copy.deepcopy(dossier["events"][-10 * EVENTS_PER_DOCUMENT:])
    for event in added:
        event["id"] += "-new"
    changed = copy.deepcopy(dossier["events"][:10 * EVENTS_PER_DOCUMENT])
    for event in changed:
        event["credibility"] = max(1, event["credibility"] - 1)
    later = changed + dossier["events"][10 * EVENTS_PER_DOCUMENT:] + added
    started, cpu = time.perf_counter(), time.process_time()
    write_dossier_tables(engine, dict(dossier, events=later), run_id=2)
    print(f"written again after 10 reports more (160 events new or changed): "
          f"{time.perf_counter() - started:.1f} s ({time.process_time() - cpu:.1f} s CPU here)")
    report(name, engine, dossier, queries, only, slowest)


def report(name: str, engine: Any, dossier: dict[str, Any], queries: int, only: list[str] | None = None,
           slowest: int = 0) -> None:
    load_before = os.getloadavg()[0]
    times = measure(engine, dossier, queries, only)
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    cpu = "CPU here and in the server" if name == "postgresql" else "CPU"
    print(f"{'query':<15}{'n':>5}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'cpu p50':>9}{'cpu p95':>9}"
          f"{'cpu sum':>9}   (load average {load_before:.1f} at the start, {load} at the end, on "
          f"{os.cpu_count()} cores; {cpu})")
    for query, measured in times.items():
        wall, cpu_ms = [w for w, _, _ in measured], [c for _, c, _ in measured]
        print(f"{query:<15}{len(wall):>5}{_p(wall, 50):>9.1f}{_p(wall, 95):>9.1f}{max(wall):>9.1f}"
              f"{_p(cpu_ms, 50):>9.1f}{_p(cpu_ms, 95):>9.1f}{sum(cpu_ms):>9.0f}")
    for query, measured in times.items() if slowest else ():
        print(f"{query}: the {slowest} slowest in CPU (wall, CPU ms)")
        for wall_ms, cpu_ms, label in sorted(measured, key=lambda x: -x[1])[:slowest]:
            print(f"  {wall_ms:7.1f} {cpu_ms:7.1f}  {label}")
    engine.dispose()


def wait_for_quiet(most: float, minutes: float) -> None:
    """Waits (up to `minutes`) until the 1-minute load average is at most `most`: a measurement of wall
    time means little while other jobs hold the cores (--quiet-check)."""
    deadline = time.monotonic() + 60 * minutes
    while os.getloadavg()[0] > most and time.monotonic() < deadline:
        print(f"load average {os.getloadavg()[0]:.1f}: waiting for at most {most:g}", flush=True)
        time.sleep(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=60, help="timed queries of each kind")
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--work", type=Path, default=Path("/tmp/armswatch-store-bench"))
    parser.add_argument("--real", type=Path, default=None,
                        help="a dossier.json of real reports to recombine")
    parser.add_argument("--pg-url", default=None, help="a PostgreSQL database (default: a throwaway cluster)")
    parser.add_argument("--facet-limit-ms", type=float, default=None,
                        help="the facets' time limit (armswatch.store.query.FACET_TIME_LIMIT_MS) to run with")
    parser.add_argument("--keep", action="store_true",
                        help="measure the stores written by an earlier run (the SQLite file under --work, "
                             "--pg-url) when they hold the events, instead of writing them again")
    parser.add_argument("--slowest", type=int, default=0,
                        help="list each query kind's N slowest queries in CPU, with what they asked")
    parser.add_argument("--quiet-check", action="store_true",
                        help="the end-of-session check: --keep, each backend measured once the 1-minute "
                             "load average is at most --quiet-load (waiting up to 20 minutes)")
    parser.add_argument("--quiet-load", type=float, default=float(os.cpu_count() or 1),
                        help="the load average --quiet-check waits for (default: the number of cores)")
    parser.add_argument("--only", nargs="+", default=None,
                        help="measure these queries alone (event table, facets, table+facets, search, "
                             "entity page, document page, event page)")
    args = parser.parse_args()
    args.keep = args.keep or args.quiet_check
    args.work.mkdir(parents=True, exist_ok=True)

    def settle() -> None:
        if args.quiet_check:
            wait_for_quiet(args.quiet_load, 20)

    if args.facet_limit_ms is not None:
        from armswatch.store import query

        query.FACET_TIME_LIMIT_MS = args.facet_limit_ms
    real = real_dossier(args.work, args.real)
    dossier = synthetic(real, args.events)
    print(f"from {len(real['events'])} real events of {len(real['documents'])} reports")
    if "sqlite" in args.backends:
        db = args.work / f"bench-{args.events}.db"
        if not args.keep:
            for path in db.parent.glob(db.name + "*"):
                path.unlink()
        settle()
        run_backend("sqlite", f"sqlite:///{db}", dossier, args.queries, args.keep, args.only, args.slowest)
    if "postgresql" in args.backends:
        if args.pg_url:
            settle()
            run_backend("postgresql", args.pg_url, dossier, args.queries, args.keep, args.only, args.slowest)
            return
        from tests.pg_server import PgServer, find_binaries

        binaries = find_binaries()
        if binaries is None:
            print("\npostgresql: skipped (initdb and pg_ctl not found)")
            return
        # with --keep, a cluster kept under --work (its store written by the first run); else a throwaway
        server = PgServer(binaries, args.work / "pg" if args.keep else None)
        try:
            server.start()
            url = server.database(f"bench_{args.events}" if args.keep else None)
            settle()
            run_backend("postgresql", url, dossier, args.queries, args.keep, args.only, args.slowest)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
