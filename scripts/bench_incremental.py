#!/usr/bin/env python3
"""Adding a few reports to a large store: CPU time of `analyze` with NEW reports on a store of SIZE
annotated reports, less the CPU time of the same run on an empty store (what annotating the new
reports costs on its own), and the CPU time of a rerun that adds nothing.

    .venv/bin/python scripts/bench_incremental.py [--size 1000 3000 10000] [--new 10] [--inputs DIR]
                                                 [--work /tmp/armswatch-incremental-bench]

The store is built once (cached under --work, rebuilt when the annotating code changes): SIZE copies
of the seeds and dev reports (../shared), analysed once (under --work/real), each under a header
line of its own and its date shifted by whole months (as scripts/bench_fusion.py does), stored with
its annotations shifted to match, as `analyze` would have stored them. Before the measured runs the
built store is analysed once more, untimed, so that it holds what the code keeps between runs (fusion's
state, the entity state, dossier.json's index, each report's events stored apart), as a store analysed
by that code would. The new reports are the
first NEW files of --inputs (default: the WCXB development pages, ../shared). Each run is a fresh
process working on a fresh copy of the store; CPU time is the process's (user + system), measured
around `analyze` alone, the HTML report included, as the command runs by default. With several sizes,
the growth exponent of the cost beyond annotating, from the smallest size to the largest.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import math
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_fusion import SEED, SHIFT_YEARS, _real, _shift  # noqa: E402


def _build(store_dir: Path, size: int, work: Path, shared: Path) -> None:
    """SIZE shifted copies of the real reports, stored with their annotations, then one analyze."""
    from armswatch.annotate import ANNOTATION_STAGE, _shift_evidence, annotation_version
    from armswatch.entities import counted
    from armswatch.fuse.duplicates import fingerprint, fingerprint_text
    from armswatch.pipeline import analyze
    from armswatch.store import Store, default_database_url

    articles, _ = _real(work, shared)
    version = annotation_version()
    marker = store_dir / "built.json"
    if marker.exists() and json.loads(marker.read_text()) == {"size": size, "version": version}:
        return
    shutil.rmtree(store_dir, ignore_errors=True)
    store_dir.mkdir(parents=True)
    rng = random.Random(SEED)
    with Store(default_database_url(work / "real")) as real:
        payloads = {a.id: real.annotation(a.content_sha256, ANNOTATION_STAGE, version) for a in articles}
    sources = [a for a in articles if payloads.get(a.id) and "events" in payloads[a.id]]
    # the counted entity mentions the annotating code stores (armswatch.entities.counted)
    rows = {a.id: payloads[a.id].get("entity_rows") or [
        [r.entity_id, r.text, r.former, r.imo, r.flag, r.count] for r in counted(payloads[a.id]["mentions"])]
        for a in sources}
    with Store(default_database_url(store_dir)) as store:
        for k in range(size):
            src = rng.choice(sources)
            months = rng.randint(-12 * SHIFT_YEARS, 12 * SHIFT_YEARS)
            doc = f"s{k:06d}"
            day = _shift(src.reference_date, months)
            body = f"Report {doc} of {day}.\n{src.body}"
            shift = len(body) - len(src.body)
            article = dataclasses.replace(
                src, id=doc, source=f"{doc}.txt", reference_date=day, published=_shift(src.published, months),
                body=body, content_sha256=hashlib.sha256(body.encode()).hexdigest())
            payload = payloads[src.id]
            events = []
            for e in payload["events"]:
                e = dict(e, start=e["start"] + shift, end=e["end"] + shift, document=doc,
                         stated_on=_shift(e.get("stated_on"), months),
                         evidence=_shift_evidence(e.get("evidence") or {}, shift))
                if e.get("when"):
                    e["when"] = dict(e["when"], start=_shift(e["when"]["start"], months),
                                     end=_shift(e["when"]["end"], months))
                events.append(e)
            store.add(article)
            store.put_annotation(article.content_sha256, ANNOTATION_STAGE, version, {
                "mentions": [dict(m, start=m["start"] + shift, end=m["end"] + shift)
                             for m in payload["mentions"]],
                "entity_rows": rows[src.id],
                "labels": payload["labels"],
                "events": events,
                "reference_date": day,
                "fingerprint": fingerprint_text(fingerprint(body)),
            })
    analyze([], store_dir, write_html_report=True, workers=1)  # the dossier and tables of the store
    marker.write_text(json.dumps({"size": size, "version": version}))


def _one(inputs: list[str], out: Path) -> dict:
    """In a fresh process: CPU seconds of one analyze run of `inputs` into `out`."""
    from armswatch.nlp import load_pipeline
    from armswatch.pipeline import affiliations, analyze

    load_pipeline()  # the model and gazetteer loaded before timing: both runs would pay them alike
    affiliations()
    before = resource.getrusage(resource.RUSAGE_SELF)
    summary = analyze([Path(i) for i in inputs], out, workers=1)
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"cpu": round(cpu, 2), "annotated": summary.annotated, "documents": summary.documents_in_dossier,
            "events": summary.events, "new": summary.new.total}


def _run(inputs: list[Path], out: Path) -> dict:
    done = subprocess.run([sys.executable, __file__, "--one", str(out), *map(str, inputs)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, nargs="+", default=[10_000])
    ap.add_argument("--new", type=int, default=10)
    root = Path(__file__).resolve().parents[1]
    ap.add_argument("--inputs", type=Path, default=root / "../shared/data/wcxb-dev-articles/html")
    ap.add_argument("--work", type=Path, default=Path("/tmp/armswatch-incremental-bench"))
    ap.add_argument("--shared", type=Path, default=root / "../shared")
    ap.add_argument("--build-only", action="store_true", help="build (or check) the stores, run nothing")
    ap.add_argument("--one", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(_one(args.one[1:], Path(args.one[0]))))
        return
    args.work.mkdir(parents=True, exist_ok=True)
    if args.build_only:
        for size in args.size:
            _build(args.work / f"store{size}", size, args.work, args.shared.resolve())
        return
    beyond = {size: _measure(size, args) for size in args.size}
    if len(beyond) > 1:
        small, large = min(beyond), max(beyond)
        if beyond[small] > 0 and beyond[large] > 0:
            print(f"growth exponent of the cost beyond annotating, {small} to {large} stored reports: "
                  f"{math.log(beyond[large] / beyond[small]) / math.log(large / small):.2f}")


def _measure(size: int, args: argparse.Namespace) -> float:
    """Build (or reuse) the store of `size`, run the three analyses; the CPU beyond annotating."""
    t0 = time.process_time()
    store_dir = args.work / f"store{size}"
    _build(store_dir, size, args.work, args.shared.resolve())
    print(f"store of {size} reports ready ({time.process_time() - t0:.0f} s CPU here)", flush=True)
    # one run adding nothing, untimed, so that the store holds what this code keeps between runs (fusion's
    # blocks, the entity state, the index of dossier.json) as a store analysed by it would: a store built
    # by other code would otherwise pay a whole fusion in the measured run
    primed = _run([], store_dir)
    print(f"primed: a rerun of the built store {primed['cpu']:.1f} s CPU", flush=True)
    new = sorted(p for p in args.inputs.iterdir() if p.is_file())[: args.new]
    with tempfile.TemporaryDirectory(dir=args.work) as tmp:
        alone = _run(new, Path(tmp) / "alone")
        shutil.copytree(store_dir, Path(tmp) / "big")
        added = _run(new, Path(tmp) / "big")
        again = _run([], Path(tmp) / "big")
    print(f"{len(new)} new reports on an empty store: {alone['cpu']:.1f} s CPU "
          f"({alone['annotated']} annotated, {alone['events']} events)")
    print(f"the same on a store of {size}: {added['cpu']:.1f} s CPU ({added['annotated']} annotated, "
          f"{added['documents']} documents, {added['events']} events)")
    print(f"beyond annotating the {len(new)}: {added['cpu'] - alone['cpu']:.1f} s CPU; "
          f"a rerun adding nothing: {again['cpu']:.1f} s CPU", flush=True)
    return added["cpu"] - alone["cpu"]


if __name__ == "__main__":
    main()
