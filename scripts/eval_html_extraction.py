#!/usr/bin/env python3
"""Run armswatch.clean.html.extract_html over a folder of pages (NNNN.html.gz or .html) and write a
minimal dossier.json for /work/shared/eval/score_body.py.

usage: eval_html_extraction.py [--html DIR] [--out dossier.json] [--gold-urls GOLD_DIR]

--gold-urls passes each page's URL from its gold file, as a crawler would know it (off by default).
Note: the body model shipped in the package was trained on all of wcxb-dev, so scores here are in-sample
for the body; the cross-validated body figure comes from scripts/train_html_blocks.py --cv-dossier.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
