#!/usr/bin/env python3
"""Fusion at scale: time and peak memory of `fuse_events` over the mentions of 10,000 and 100,000
synthetic reports, and the growth exponent between them.

    .venv/bin/python scripts/bench_fusion.py [--sizes 10000 100000] [--work /tmp/armswatch-fusion-bench]

The reports are real ones recombined: the seeds and dev reports (../shared) are analysed once (cached
under --work); each synthetic report copies one real report's event mentions, its date shifted by a
whole number of months (within +-SHIFT_YEARS years) and each actor, target or vessel kept with
probability KEEP_ACTOR else replaced by one of ACTOR_VARIANTS variants of it, so that events recur
across reports (as wire copies and follow-ups do) without every report joining one giant event. Its
body is the real body under a header line of its own (so near-duplicate detection works on real text);
the benchmark holds the reports as a store streams them to fusion (see `_synthetic`): fingerprints
and the head of each body, not whole bodies, and one object for equal names and times.
Each size runs in a fresh process; peak memory is that process's maximum resident size
(resource.getrusage), the reports and mentions themselves included; fusion's own is that peak less the
resident size just before fusion starts. The near-duplicate fingerprints are computed
before fusion is timed, as `analyze` computes them once a report when it annotates it and stores them
with its annotations; their cost (per report, paid once) is printed apart.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import math
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

SHIFT_YEARS = 5
KEEP_ACTOR = 0.6
ACTOR_VARIANTS = 40
SEED = 16
_DAY = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def _real(work: Path, shared: Path) -> tuple[list, dict]:
    """Articles and event mentions of the real arms reports, from a cached analyze run."""
    from armswatch.annotate import ANNOTATION_STAGE, annotation_version
    from armswatch.events.models import event_mention_from_json
    from armswatch.pipeline import analyze
    from armswatch.store import Store, default_database_url

    out = work / "real"
    for _ in range(2):
        if (out / "dossier.json").exists():
            with Store(default_database_url(out)) as store:
                articles = list(store.articles())
                mentions = {}
                for a in articles:
                    cached = store.annotation(a.content_sha256, ANNOTATION_STAGE, annotation_version()) or {}
                    mentions[a.id] = [event_mention_from_json(e) for e in cached.get("events", [])]
            if any(mentions.values()):
                return articles, mentions
        # not analysed yet, or by another version of the code: analyse (again, only what changed)
        inputs = sorted((shared / "seeds").glob("*.txt")) + [shared / "data/dev-reports/reports"]
        analyze(inputs, out, write_html_report=False, workers=1)
    raise SystemExit("the real reports gave no event mentions")


def _shift(value: str | None, months: int) -> str | None:
    m = _DAY.match(value or "")
    if not m:
        return value
    year, month, day = int(m[1]), int(m[2] or 1), m[3]
    if m[2] is None:
        return str(year + (months // 12))
    total = year * 12 + month - 1 + months
    out = f"{total // 12:04d}-{total % 12 + 1:02d}"
    return out if day is None else f"{out}-{min(int(day), 28):02d}"


def _synthetic(n: int, articles: list, mentions: dict) -> tuple[list, list, dict, float]:
    """n synthetic reports: their articles, mentions, near-duplicate fingerprints and the CPU seconds
    the fingerprints took. Held as a store streams them to fusion: each article keeps only the head of
    its body that fusion reads (the dateline and source-address reach of `fuse.sources`), its
    fingerprint made from the whole body as `analyze` makes it when annotating; equal names, times,
    lists and place roles of the mentions are one object each (the store's rows decoded once)."""
    from armswatch.events.models import TimeSpan
    from armswatch.fuse.duplicates import fingerprint
    from armswatch.fuse.sources import DATELINE_REACH, URL_REACH

    head = max(DATELINE_REACH, URL_REACH)
    rng = random.Random(SEED)
    sources = [a for a in articles if mentions.get(a.id)]
    shared: dict = {}  # one object for each equal string, time span and list

    def one(value: object) -> object:
        return shared.setdefault(value, value)

    def names(values: list[str]) -> list[str]:
        key = ("list", *values)
        if key not in shared:
            shared[key] = [one(v) for v in values]
        return shared[key]

    out_articles, out_mentions, fingerprints = [], [], {}
    seconds = 0.0
    for k in range(n):
        src = rng.choice(sources)
        months = rng.randint(-12 * SHIFT_YEARS, 12 * SHIFT_YEARS)
        doc = f"s{k:06d}"
        variant: dict[str, str] = {}

        def vary(e: str, variant: dict[str, str] = variant) -> str:
            if e not in variant:
                variant[e] = e if rng.random() < KEEP_ACTOR else f"{e}~{rng.randrange(ACTOR_VARIANTS)}"
            return variant[e]

        body = f"Report {doc} of {_shift(src.reference_date, months)}.\n{src.body}"
        t0 = time.process_time()
        fingerprints[doc] = fingerprint(body)  # stored with the annotations in a real run
        seconds += time.process_time() - t0
        out_articles.append(dataclasses.replace(
            src, id=doc, source=doc, reference_date=one(_shift(src.reference_date, months)),
            published=one(_shift(src.published, months)), body=body[:head],
            content_sha256=hashlib.sha256(body.encode()).hexdigest()))
        shift = len(body) - len(src.body)
        for m in mentions[src.id]:
            when = None if m.when is None else one(TimeSpan(
                _shift(m.when.start, months), _shift(m.when.end, months), m.when.text))
            out_mentions.append(dataclasses.replace(
                m, document=doc, start=m.start + shift, end=m.end + shift,
                actor=names([vary(e) for e in m.actor]), target=names([vary(e) for e in m.target]),
                vessels=names([vary(e) for e in m.vessels]),
                attributed_to=names([vary(e) for e in m.attributed_to]), when=when,
                stated_on=one(_shift(m.stated_on, months))))
    return out_articles, out_mentions, fingerprints, seconds


def _one(n: int, work: Path, shared: Path) -> dict:
    """In a fresh process: fuse the mentions of n synthetic reports; seconds and peak memory."""
    from armswatch.fuse import fuse_events
    from armswatch.pipeline import affiliations

    articles, mentions = _real(work, shared)
    types: dict[str, str] = {}
    names: dict[str, str] = {}
    dossier = json.loads((work / "real" / "dossier.json").read_text())
    for e in dossier["entities"]:
        types[e["id"]], names[e["id"]] = e["type"], e["name"]
    arts, ms, fingerprints, fingerprint_seconds = _synthetic(n, articles, mentions)
    for m in ms:
        for e in (*m.actor, *m.target, *m.vessels):
            base = e.split("~")[0]
            types.setdefault(e, types.get(base, "other"))
    aff = affiliations()
    before_mb = _resident_mb()
    t0 = time.process_time()
    events = fuse_events(ms, arts, types, affiliations=aff, entity_names=names, fingerprints=fingerprints)
    seconds = time.process_time() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"reports": n, "mentions": len(ms), "events": len(events), "seconds": round(seconds, 2),
            "peak_mb": round(peak_mb), "fusion_mb": round(peak_mb - before_mb),
            "fingerprint_ms_per_report": round(1000 * fingerprint_seconds / n, 3)}


def _resident_mb() -> float:
    """This process's resident memory now (Linux), to tell fusion's own memory from its input's."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0.0
    return pages * resource.getpagesize() / 2**20


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--work", type=Path, default=Path("/tmp/armswatch-fusion-bench"))
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1] / "../shared")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    if args.one:
        print(json.dumps(_one(args.one, args.work, args.shared.resolve())))
        return
    _real(args.work, args.shared.resolve())  # the real reports analysed once, before timing
    rows = []
    for n in args.sizes:
        done = subprocess.run([sys.executable, __file__, "--one", str(n), "--work", str(args.work),
                               "--shared", str(args.shared)], capture_output=True, text=True, check=True)
        row = json.loads(done.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(f"{row['reports']:>7} reports, {row['mentions']:>7} mentions -> {row['events']:>6} events: "
              f"{row['seconds']:.1f} s CPU, peak {row['peak_mb']} MB of which fusion's own "
              f"{row['fusion_mb']} MB (fingerprints, stored at annotation: "
              f"{row['fingerprint_ms_per_report']} ms a report)", flush=True)
    if len(rows) >= 2:
        a, b = rows[0], rows[-1]
        exponent = math.log(b["seconds"] / a["seconds"]) / math.log(b["reports"] / a["reports"])
        print(f"growth exponent of fusion time from {a['reports']} to {b['reports']} reports: {exponent:.2f}")


if __name__ == "__main__":
    main()
