"""Measure the entity layer on the seed reports with the shared scorer, and its speed.

usage: python scripts/eval_entities.py [--gold GOLD.yaml] [--bodies DOSSIER.json] [--out dossier.json]
                                       [--repeat N] [--verbose]

Bodies come from the gold's body_lines of each raw seed file (as score.py's self-test does), or with
--bodies from the documents of an existing dossier.json (to re-measure with the real cleaner). Writes a
dossier with those documents and the linked entities, runs ../shared/eval/score.py on it and prints the
entity figures, then the throughput (words/second) of bare nlp.pipe vs the full entity pipeline.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

from armswatch.clean.models import Article
from armswatch.dossier.build import document_record
from armswatch.entities import link_entities
from armswatch.nlp import add_entity_components, load_base_pipeline

sys.path.insert(0, str(Path(__file__).parent))
from seed_gold import GOLD, SCORER, gold_body_articles  # noqa: E402


def gold_documents(gold_path: Path) -> list[dict]:
    """Documents whose body is the gold body lines of each raw seed file."""
    return [document_record(a) for a in gold_body_articles(gold_path)]


def as_article(d: dict) -> Article:
    return Article(id=d["id"], source=d.get("source") or "", title=d.get("title"),
                   published=d.get("published"),
                   reference_date=d.get("reference_date") or "", reference_date_inferred=False,
                   outlet=d.get("outlet"), author=d.get("author"), body=d.get("body") or "",
                   content_sha256=d.get("content_sha256") or "")


def throughput(bodies: list[str], repeat: int) -> dict[str, float]:
    """Words/second of bare nlp.pipe and of the pipeline with the entity components, same texts, same run."""
    words = sum(len(b.split()) for b in bodies) * repeat
    bare = load_base_pipeline()
    full = add_entity_components(load_base_pipeline())
    texts = bodies * repeat
    out = {"bare": 0.0, "full": 0.0}
    for nlp in (bare, full):
        list(nlp.pipe(bodies[:2]))  # warm-up
    for _ in range(3):  # interleaved rounds, best of three: the machine may be shared
        for name, nlp in (("bare", bare), ("full", full)):
            t = time.perf_counter()
            for _ in nlp.pipe(texts, batch_size=32):
                pass
            out[name] = max(out[name], words / (time.perf_counter() - t))
    out["ratio"] = out["full"] / out["bare"]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--bodies", type=Path, help="take documents (and bodies) from this dossier.json")
    ap.add_argument("--out", type=Path, default=Path("/tmp/armswatch_entities_dossier.json"))
    ap.add_argument("--repeat", type=int, default=20, help="copies of the bodies for the speed measurement")
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    if a.bodies:
        docs = json.loads(a.bodies.read_text(encoding="utf-8"))["documents"]
    else:
        docs = gold_documents(a.gold)
    t = time.perf_counter()
    ann = link_entities([as_article(d) for d in docs])
    print(f"linked {len(docs)} documents in {time.perf_counter() - t:.2f}s (incl. model and gazetteer load)")
    dossier = {"schema_version": "1", "generated_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
               "documents": docs, "entities": [{k: v for k, v in asdict(e).items() if v is not None}
                                               for e in ann.entities], "events": []}
    a.out.write_text(json.dumps(dossier, indent=1, ensure_ascii=False), encoding="utf-8")
    score_json = a.out.with_suffix(".score.json")
    cmd = [sys.executable, str(SCORER), str(a.out), str(a.gold), "--json", str(score_json)]
    subprocess.run(cmd + (["--verbose"] if a.verbose else []), check=True, capture_output=not a.verbose)
    res = json.loads(score_json.read_text(encoding="utf-8"))
    print("entities:", json.dumps(res["summary"]["entities"], ensure_ascii=False))
    for doc_id, r in res["documents"].items():
        if "entities" in r:
            e = r["entities"]
            print(f"  {doc_id}: p={e['precision']} r={e['recall']} missing={e['missing']} "
                  f"unmatched={e['unmatched_system']} leaks={e['boilerplate_leaks']}")
    if a.repeat:
        tp = throughput([d.get("body") or "" for d in docs], a.repeat)
        print(f"throughput: bare nlp.pipe {tp['bare']:.0f} words/s, with entity layer "
              f"{tp['full']:.0f} words/s, ratio {tp['ratio']:.3f}")


if __name__ == "__main__":
    main()
