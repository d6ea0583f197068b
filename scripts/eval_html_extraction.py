#!/usr/bin/env python3
"""Run armswatch.clean.html.extract_html over a folder of pages (NNNN.html.gz or .html) and write a
minimal dossier.json for /work/shared/eval/score_body.py.

usage: eval_html_extraction.py [--html DIR] [--out dossier.json] [--gold-urls GOLD_DIR] [--baselines GOLD_DIR]

--baselines also runs trafilatura alone (bare_extraction with its metadata) and htmldate alone (find_date
with its default settings, extensive search included) on every page and prints, for each fold of
train_html_blocks.py's leave-site-out split (seed 0), title and published date of ours against theirs.

--gold-urls passes each page's URL from its gold file, as a crawler would know it (off by default).
Note: the body model shipped in the package was trained on all of wcxb-dev, so scores here are in-sample
for the body; the cross-validated body figure comes from scripts/train_html_blocks.py --cv-dossier.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import re
import sys
import time
from pathlib import Path

import dateparser
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from armswatch.clean.html import extract_html  # noqa: E402

DEFAULT_HTML = ROOT.parent / "shared" / "data" / "wcxb-dev-articles" / "html"


def read_page(path: Path) -> str:
    data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    return data.decode("utf-8", "replace")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--html", type=Path, default=DEFAULT_HTML)
    ap.add_argument("--out", type=Path, default=Path("dossier.json"))
    ap.add_argument("--gold-urls", type=Path)
    ap.add_argument("--baselines", type=Path, help="gold folder: per fold against trafilatura, htmldate")
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args()
    docs, times, cpu_times = [], [], []
    paths = sorted(p for p in args.html.iterdir() if p.name.endswith((".html", ".html.gz")))
    # one-off costs (model load, dateparser's locale tables behind htmldate) are not per page
    extract_html(read_page(paths[0]))
    dateparser.parse("12 March 2020")
    for path in paths:
        pid = path.name.split(".")[0]
        url = None
        if args.gold_urls:
            url = json.loads((args.gold_urls / f"{pid}.json").read_text(encoding="utf-8")).get("url")
        page = read_page(path)
        t0, c0 = time.perf_counter(), time.process_time()
        ex = extract_html(page, url=url)
        times.append(time.perf_counter() - t0)
        cpu_times.append(time.process_time() - c0)
        docs.append({"id": pid, "body": ex.body, "title": ex.title, "published": ex.published,
                     "author": ex.author, "outlet": ex.outlet, "url": ex.url})
    now = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    args.out.write_text(json.dumps({"schema_version": "1", "generated_at": now, "documents": docs,
                                    "entities": [], "events": []}, ensure_ascii=False))
    ms, cpu = 1000 * np.array(times), 1000 * np.array(cpu_times)
    # CPU time is what a page costs on a quiet machine; wall time grows with other processes' load
    print(f"{len(docs)} pages after warm-up: wall mean {ms.mean():.0f} ms/page (median {np.median(ms):.0f}, "
          f"p90 {np.percentile(ms, 90):.0f}); CPU mean {cpu.mean():.0f} ms/page "
          f"(median {np.median(cpu):.0f})"
          f" -> {args.out}")
    if args.baselines:
        compare_baselines(paths, docs, args.baselines, args.folds)
    return 0


def _norm(s: str | None) -> str:
    return re.sub(r"\W+", " ", (s or "").casefold()).strip()


def compare_baselines(paths: list[Path], docs: list[dict], gold_dir: Path, folds: int) -> None:
    """Title and published date per fold: ours, trafilatura alone, htmldate alone (score_body.py's tests)."""
    from htmldate import find_date
    from trafilatura import bare_extraction

    order = np.random.RandomState(0).permutation(len(paths))  # train_html_blocks.folds_of, seed 0
    fold = {int(i): k % folds for k, i in enumerate(order)}
    rows = []
    for i, (path, doc) in enumerate(zip(paths, docs, strict=True)):
        gold = json.loads((gold_dir / f"{doc['id']}.json").read_text(encoding="utf-8"))
        page = read_page(path)
        try:
            traf = bare_extraction(page, with_metadata=True).as_dict()
        except Exception:  # noqa: BLE001
            traf = {}
        try:
            hd = find_date(page, outputformat="%Y-%m-%d")
        except Exception:  # noqa: BLE001
            hd = None
        gd = (gold.get("publish_date") or "")[:10]
        titles = (doc["title"], traf.get("title"))
        days = (doc["published"], traf.get("date"), hd)
        rows.append({"fold": fold[i], "dated": bool(gd),
                     "title": [_norm(t) == _norm(gold.get("title")) for t in titles],
                     "published": [bool(gd) and (d or "")[:10] == gd for d in days]})
    for k in [*range(folds), None]:
        sel = [r for r in rows if k is None or r["fold"] == k]
        n, nd = len(sel), sum(r["dated"] for r in sel)
        t = [sum(r["title"][j] for r in sel) for j in range(2)]
        p = [sum(r["published"][j] for r in sel) for j in range(3)]
        name = "all" if k is None else f"fold {k}"
        print(f"{name}: title ours {t[0]}/{n} trafilatura {t[1]}/{n}; published ours {p[0]}/{nd}"
              f" ({p[0] / max(nd, 1):.3f}) htmldate {p[2]}/{nd} ({p[2] / max(nd, 1):.3f}) "
              f"trafilatura {p[1]}/{nd}")


if __name__ == "__main__":
    sys.exit(main())
