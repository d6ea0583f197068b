#!/usr/bin/env python3
"""Reports per second of `analyze --workers 1` and `--workers N`, side by side in one run, and whether
their dossiers are the same (apart from generated_at).

    .venv/bin/python scripts/bench_workers.py ../shared/data/wcxb-dev-articles/html [--workers 2]

Wall-clock time (the point of workers is to use more than one core), each run on a fresh store, the
language model loaded once before both so neither pays for it.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from armswatch.nlp import load_pipeline
from armswatch.pipeline import analyze


def _dossier(out: Path) -> dict:
    data = json.loads((out / "dossier.json").read_text(encoding="utf-8"))
    data.pop("generated_at", None)
    return data


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="+", type=Path)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    args = ap.parse_args()
    load_pipeline()
    seconds: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in (1, args.workers):
            out = Path(tmp) / f"w{n}"
            t0 = time.perf_counter()
            summary = analyze(args.inputs, out, workers=n, write_html_report=False)
            seconds[n] = time.perf_counter() - t0
            print(f"--workers {n}: {summary.documents_in_dossier} reports in {seconds[n]:.1f} s, "
                  f"{summary.documents_in_dossier / seconds[n]:.2f} reports/s", flush=True)
        same = _dossier(Path(tmp) / "w1") == _dossier(Path(tmp) / f"w{args.workers}")
    print(f"speed-up {seconds[1] / seconds[args.workers]:.2f}x on {os.cpu_count()} cores; "
          f"dossiers identical: {same}")


if __name__ == "__main__":
    main()
