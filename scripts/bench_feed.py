#!/usr/bin/env python3
"""Peak memory of `armswatch analyze --triage` over a large JSON Lines feed, measured by
`/usr/bin/time -v` (maximum resident set size), for one or more feed sizes.

    .venv/bin/python scripts/bench_feed.py [--lines 1000 3000] [--work /tmp/armswatch-feed-bench]
                                           [--workers 1] [--build-only] [--short] [--kept-share 0.02]

The feed is built from real texts recombined, written under --work (never into the repository): the
pool of scripts/train_triage.py (the WCXB page dumps, GENEVA pieces of two sentences, RAMS passages,
the seeds and dev reports, ../shared); each line joins two texts of one kind (so a line is as on- or
off-topic as its texts, and no two lines share a content hash), with an id, a title, an outlet and a
date of its own. With --short, each line is one or two sentences of one pool text instead
(`build_short_feed`: headline- or sentence-length items, every line distinct, a cheap way to see what a
run holds per line; triage's sentence model sets aside some 10% of them). With --kept-share S, short
items of which about S are ones triage keeps and the rest ones it sets aside (`build_triaged_feed`: a
crawl triage mostly sets aside, the cheap way to run a very large feed; not a real crawl's mix). Each
size is one fresh `analyze` run on a fresh store, so the figure is what one run over that feed holds at
its peak; the rows show how it grows with the number of items. Beside /usr/bin/time's figure (the
largest single process), the run's whole process tree is sampled every 10 s (summed RSS and PSS, Linux
/proc): with --workers N > 1 the run is N + 1 processes.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SEED = 16
OUTLETS = ("Eastern Wire", "Harbour Gazette", "Caspian Courier", "Steppe Times", "Gulf Monitor")


def build_feed(path: Path, lines: int, shared: Path) -> dict[str, int]:
    """Write `lines` recombined items to `path`; items of each kind written."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from train_triage import _stream

    pool: dict[str, list[str]] = {}
    for row in _stream(shared):
        pool.setdefault(row["kind"], []).append(row["text"])
    kinds = sorted(pool)
    weights = [len(pool[k]) for k in kinds]  # the kinds in the proportions of the pool
    rng = random.Random(SEED)
    counts: dict[str, int] = dict.fromkeys(kinds, 0)
    with path.open("w", encoding="utf-8") as out:
        for k in range(lines):
            kind = rng.choices(kinds, weights)[0]
            a, b = rng.choice(pool[kind]), rng.choice(pool[kind])
            day = f"{rng.randint(2015, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            item = {"id": f"item{k:07d}", "title": _title(a), "outlet": rng.choice(OUTLETS),
                    "published": day, "text": f"{a}\n\n{b}"}
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
            counts[kind] += 1
    return counts


# A sentence of a pool text: the unit of the short feed (headline- or sentence-length items)
_SENTENCE = re.compile(r"[^.!?\n]{30,280}[.!?]")


def build_short_feed(path: Path, lines: int, shared: Path) -> dict[str, int]:
    """Write `lines` SHORT items to `path`: each one or two sentences (30-280 characters each) of one
    pool text, the kinds in the proportions of the pool (so mostly off-topic), dated and titled as in
    `build_feed`; every line's text distinct (once a drawn item was written, two sentences of two texts of
    its kind instead). A cheap stand-in for a feed of headlines, to measure what a run holds per line."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from train_triage import _stream

    pool: dict[str, list[list[str]]] = {}
    for row in _stream(shared):
        sentences = [s.strip() for s in _SENTENCE.findall(row["text"])]
        if sentences:
            pool.setdefault(row["kind"], []).append(sentences)
    kinds = sorted(pool)
    weights = [len(pool[k]) for k in kinds]
    rng = random.Random(SEED)
    counts: dict[str, int] = dict.fromkeys(kinds, 0)
    seen: set[str] = set()
    with path.open("w", encoding="utf-8") as out:
        for k in range(lines):
            kind = rng.choices(kinds, weights)[0]
            sentences = rng.choice(pool[kind])
            start = rng.randrange(len(sentences))
            text = " ".join(sentences[start:start + rng.randint(1, 2)])
            while text in seen:
                # a pool holds some 30,000 distinct items of this kind: past them, a line joins sentences
                # of two texts of its kind, so that every line is new to the store (a repeated text is
                # only counted as already stored, which would flatter a large feed)
                text = f"{rng.choice(rng.choice(pool[kind]))} {rng.choice(rng.choice(pool[kind]))}"
            seen.add(text)
            day = f"{rng.randint(2015, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            item = {"id": f"item{k:07d}", "title": _title(text), "outlet": rng.choice(OUTLETS),
                    "published": day, "text": text}
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
            counts[kind] += 1
    return counts


def build_triaged_feed(path: Path, lines: int, shared: Path, kept_share: float) -> dict[str, int]:
    """Write `lines` short items, every line distinct, about `kept_share` of them ones triage keeps and the
    rest ones it sets aside: each line one sentence (30-280 characters) of a pool text (as in
    `build_short_feed`), drawn from the pool's sentences triage keeps or those it sets aside
    (`armswatch.triage.triage_text`), the kinds in the pool's proportions; past the distinct sentences,
    two of one kind and side joined (kept only when triage's verdict on the pair is the side's). A
    stand-in for a crawl that triage mostly sets aside (a cheap way to run a very large feed: a line set
    aside costs reading, storing and triage, not the parser). Not a real crawl's mix: triage keeps most
    news sentences whatever their topic (see the README's triage row)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from armswatch.triage import triage_text
    from train_triage import _stream

    # each distinct sentence of the pool, by kind and triage's verdict
    pool: dict[tuple[str, bool], list[str]] = {}
    for row in _stream(shared):
        for sentence in dict.fromkeys(s.strip() for s in _SENTENCE.findall(row["text"])):
            pool.setdefault((row["kind"], triage_text(sentence).keep), []).append(sentence)
    kinds = sorted({kind for kind, _ in pool})
    rng = random.Random(SEED)
    counts: dict[str, int] = {"kept": 0, "set_aside": 0}
    seen: set[str] = set()
    with path.open("w", encoding="utf-8") as out:
        for k in range(lines):
            keep = rng.random() < kept_share
            side = [kind for kind in kinds if pool.get((kind, keep))]
            weights = [len(pool[kind, keep]) for kind in side]  # the kinds in the proportions of the pool
            while True:
                sentences = pool[rng.choices(side, weights)[0], keep]
                text = rng.choice(sentences)
                if text in seen:  # past the pool's sentences, two of one kind and side joined
                    text = f"{text} {rng.choice(sentences)}"
                    if text in seen or triage_text(text).keep != keep:
                        continue
                break
            seen.add(text)
            day = f"{rng.randint(2015, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            item = {"id": f"item{k:07d}", "title": _title(text), "outlet": rng.choice(OUTLETS),
                    "published": day, "text": text}
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
            counts["kept" if keep else "set_aside"] += 1
    return counts


def _title(text: str) -> str:
    words = re.findall(r"\w+", text[:200])
    return " ".join(words[:8]) or "Untitled"


def _tree(pid: int) -> list[int]:
    """`pid` and its descendants (Linux /proc)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            children = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except OSError:
            continue
        todo += [int(c) for c in children]
    return out


def _tree_memory(pid: int) -> tuple[int, int]:
    """Summed RSS and PSS (kB) of `pid`'s process tree: with --workers N > 1 the run is N + 1 processes,
    and /usr/bin/time -v's maximum resident set size is that of the largest one alone."""
    rss = pss = 0
    for p in _tree(pid):
        try:
            rows = Path(f"/proc/{p}/smaps_rollup").read_text().splitlines()
        except OSError:
            continue
        values = {k: int(v.split()[0]) for k, _, v in (r.partition(":") for r in rows[1:]) if v.strip()}
        rss, pss = rss + values.get("Rss", 0), pss + values.get("Pss", 0)
    return rss, pss


def _measure(feed: Path, out: Path, workers: int, every: float = 10.0) -> dict:
    """One analyze run under /usr/bin/time -v: peak resident MB, seconds, and run.json's counts; the
    process tree's summed RSS and PSS sampled every `every` seconds (their peaks, in MB)."""
    cmd = ["/usr/bin/time", "-v", str(Path(sys.executable).parent / "armswatch"), "analyze", str(feed),
           "--out", str(out), "--triage", "--no-report", "-q", "--workers", str(workers)]
    t0 = time.perf_counter()
    peaks = [0, 0]
    log = out.parent / "analyze.stderr"  # a file, not a pipe: nothing waits on a full pipe while sampling
    out.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as err, subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err) as run:
        while run.poll() is None:
            peaks = [max(a, b) for a, b in zip(peaks, _tree_memory(run.pid), strict=True)]
            with contextlib.suppress(subprocess.TimeoutExpired):
                run.wait(timeout=every)
    done = subprocess.CompletedProcess(cmd, run.returncode, "", log.read_text())
    wall = time.perf_counter() - t0
    field = {k.strip(): v.strip() for k, _, v in (line.partition(": ") for line in done.stderr.splitlines())}
    run = json.loads((out / "run.json").read_text()) if (out / "run.json").exists() else {}
    peak_kb = int(field.get("Maximum resident set size (kbytes)", 0))
    cpu = float(field.get("User time (seconds)", 0)) + float(field.get("System time (seconds)", 0))
    return {"rc": done.returncode, "peak_mb": round(peak_kb / 1024), "cpu": round(cpu, 1),
            "tree_rss_mb": round(peaks[0] / 1024), "tree_pss_mb": round(peaks[1] / 1024),
            "wall": round(wall, 1), "read": run.get("read"),
            "set_aside": (run.get("triage") or {}).get("set_aside"),
            "annotated": run.get("annotated"), "events": run.get("events"),
            "error": done.stderr[-2000:] if done.returncode else ""}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lines", type=int, nargs="+", default=[1000, 3000])
    ap.add_argument("--work", type=Path, default=Path("/tmp/armswatch-feed-bench"))
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1] / "../shared")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--build-only", action="store_true", help="write the feeds, run nothing")
    ap.add_argument("--short", action="store_true",
                    help="short items (one or two sentences each; see build_short_feed), not news-length")
    ap.add_argument("--kept-share", type=float, default=None,
                    help="short items of which about this share are ones triage keeps, the rest ones it "
                         "sets aside (see build_triaged_feed)")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    for n in args.lines:
        kind = f"kept{args.kept_share:g}-" if args.kept_share is not None else "short-" if args.short else ""
        feed = args.work / f"feed-{kind}{n}.jsonl"
        if not feed.exists():
            if args.kept_share is not None:
                counts = build_triaged_feed(feed, n, args.shared.resolve(), args.kept_share)
            else:
                counts = (build_short_feed if args.short else build_feed)(feed, n, args.shared.resolve())
            print(f"{feed}: {n} lines, {feed.stat().st_size / 2**20:.0f} MB ({counts})", flush=True)
        if args.build_only:
            continue
        with tempfile.TemporaryDirectory(dir=args.work) as tmp:
            row = _measure(feed, Path(tmp) / "out", args.workers)
        print(f"{n:>8} lines: peak {row['peak_mb']} MB (sampled, all processes: RSS {row['tree_rss_mb']} MB, "
              f"PSS {row['tree_pss_mb']} MB), {row['cpu']} s CPU ({row['wall']} s wall); "
              f"read {row['read']}, triage set aside {row['set_aside']}, annotated {row['annotated']}, "
              f"events {row['events']}" + (f"; FAILED rc {row['rc']}: {row['error']}" if row["rc"] else ""),
              flush=True)


if __name__ == "__main__":
    main()
