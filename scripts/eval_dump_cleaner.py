#!/usr/bin/env python3
"""Run the shipped page-dump cleaner over a folder of dumps and write a minimal dossier.json for scoring.

usage: eval_dump_cleaner.py DUMPS_DIR OUT.json [--model JSON]

  seeds:    eval_dump_cleaner.py ../shared/seeds /tmp/seeds.json
            python3 ../shared/eval/score.py /tmp/seeds.json ../shared/eval/gold/seeds.yaml --verbose
  wcxb-dev: eval_dump_cleaner.py ../shared/data/wcxb-dev-articles/dumps /tmp/wcxb.json
            python3 ../shared/eval/score_body.py /tmp/wcxb.json ../shared/data/wcxb-dev-articles/gold
            (in-sample for the shipped model, which is trained on these pages; the cross-validated
            figure comes from scripts/train_line_classifier.py --cv-dossier)

Each document has id = file name without extensions, body, title, and null published/author.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from armswatch.clean.dump import clean_dump, load_model, model_from_json  # noqa: E402


def minimal_dossier(documents: list[dict]) -> dict:
    return {"schema_version": "1", "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "documents": documents, "entities": [], "events": []}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dumps", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--model", type=Path, help="model JSON (default: the shipped one)")
    a = ap.parse_args()
    model = model_from_json(json.loads(a.model.read_text(encoding="utf-8"))) if a.model else load_model()
    docs = []
    t0 = time.perf_counter()
    paths = sorted(a.dumps.glob("*.txt"))
    for path in paths:
        cleaned = clean_dump(path.read_text(encoding="utf-8", errors="replace"), model)
        docs.append({"id": path.name.split(".")[0], "body": cleaned.body, "title": cleaned.title,
                     "published": None, "author": None})
    elapsed = time.perf_counter() - t0
    a.out.write_text(json.dumps(minimal_dossier(docs), ensure_ascii=False, indent=1), encoding="utf-8")
    rate = len(docs) / max(elapsed, 1e-9) * 60
    print(f"{len(docs)} dumps cleaned in {elapsed:.2f}s ({rate:.0f}/min) -> {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
