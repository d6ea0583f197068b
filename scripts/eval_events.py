"""Measure event extraction on the seed reports with the shared scorer, and its cost.

usage: python scripts/eval_events.py [--gold GOLD.yaml] [--out dossier.json] [--gold-bodies] [--show]
                                     [--speed N]

Reads the seeds through the real stages (read -> clean; when the cleaner cannot run yet, or with
--gold-bodies, bodies are the gold body_lines of each raw file, as score.py's self-test builds them), runs
the pipeline once (nlp.pipe), links entities, extracts events, and writes a dossier whose events are a
stand-in for fusion: mentions grouped across the collection by (type, sorted actor, sorted target). Then
runs ../shared/eval/score.py on it. --show prints every mention; --speed N times bare nlp.pipe against
nlp.pipe + link_doc + extract_events over the bodies repeated N times.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import asdict
from pathlib import Path

import yaml

from armswatch.clean.models import Article
from armswatch.dossier.build import document_record, entity_record
from armswatch.entities import link_doc, merge_entities
from armswatch.events.extract import extract_events
from armswatch.events.models import EventMention
from armswatch.nlp import load_base_pipeline, load_pipeline

sys.path.insert(0, str(Path(__file__).parent))
from seed_gold import GOLD, SCORER, gold_body_articles  # noqa: E402


def cleaned_articles(gold_path: Path) -> list[Article] | None:
    """The seeds read and cleaned by the real stages, or None when the cleaner cannot run yet."""
    from armswatch.clean import clean_report
    from armswatch.read import read_reports

    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    folder = gold_path.parent / gold.get("inputs", "../../seeds")
    try:
        return [clean_report(r) for r in read_reports([folder]) if not hasattr(r, "reason")]
    except Exception as exc:  # the cleaner's models may not be trained yet
        print(f"cleaner unavailable ({exc!r}); using gold body lines", file=sys.stderr)
        return None


def stand_in_events(mentions: list[EventMention], sources: dict[str, str | None]) -> list[dict]:
    """Until fusion exists: one event per (type, sorted actor, sorted target) across the collection."""
    groups: dict[tuple, list[EventMention]] = defaultdict(list)
    for m in mentions:
        groups[(m.type, tuple(sorted(m.actor)), tuple(sorted(m.target)))].append(m)
    events = []
    for n, ((etype, actor, target), ms) in enumerate(sorted(groups.items())):
        items = [asdict(i) for m in ms for i in m.items]
        when = None  # fusion's job: a mention without a time must not borrow another report's
        places = list({(p.entity, p.role): asdict(p) for m in ms for p in m.places}.values())
        vessels = sorted({v for m in ms for v in m.vessels})
        docs = {m.document for m in ms}
        events.append(
            {
                "id": f"E{n:04d}",
                "type": etype,
                "actor": list(actor),
                "target": list(target),
                "items": items,
                "when": when,
                "places": places,
                "vessels": vessels,
                "status": "asserted",
                "sources": {"documents": len(docs), "outlets": len({sources.get(d) for d in docs})},
                "credibility": 6,
                "mentions": [asdict(m) for m in ms],
            }
        )
    return events


def run(articles: list[Article], show: bool) -> tuple[list[dict], list[dict], list[EventMention]]:
    nlp = load_pipeline()
    mentions: dict[str, list] = {}
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    events: list[EventMention] = []
    for a, doc in zip(articles, nlp.pipe([a.body for a in articles]), strict=True):
        ms = link_doc(doc)
        mentions[a.id] = ms
        for ent in doc.ents:
            if ent.kb_id_:
                labels[ent.kb_id_][ent.label_] += 1
        evs = extract_events(doc, a.id, dt.date.fromisoformat(a.reference_date), ms)
        events.extend(evs)
        if show:
            print(f"##### {a.id}")
            for e in evs:
                items = [(i.category, i.quantity and (i.quantity.value, i.quantity.unit)) for i in e.items]
                print(
                    f"  {e.type:13} {e.actor} -> {e.target} [{e.trigger}] by={e.attributed_to} {e.stance}"
                    f" when={e.when and (e.when.start, e.when.end)} stated={e.stated_on} items={items}"
                    f" places={[(p.entity, p.role) for p in e.places]} vessels={e.vessels}"
                    f"{' PLANNED' if e.planned else ''}\n      | {e.text[:150]}"
                )
    entities = [entity_record(e) for e in merge_entities(mentions, labels)]
    return [document_record(a) for a in articles], entities, events


def speed(articles: list[Article], repeat: int) -> None:
    """Words/second of bare nlp.pipe, of the pipeline with entity linking, and with events too (best of
    three interleaved rounds: the machine may be shared)."""
    texts = [a.body for a in articles] * repeat
    words = sum(len(t.split()) for t in texts)
    bare = load_base_pipeline()
    full = load_pipeline()
    refs = [dt.date.fromisoformat(a.reference_date) for a in articles] * repeat
    best = {"bare": 0.0, "entities": 0.0, "entities+events": 0.0}
    for _ in range(3):
        t = time.perf_counter()
        for _ in bare.pipe(texts, batch_size=32):
            pass
        best["bare"] = max(best["bare"], words / (time.perf_counter() - t))
        t = time.perf_counter()
        for doc in full.pipe(texts, batch_size=32):
            link_doc(doc)
        best["entities"] = max(best["entities"], words / (time.perf_counter() - t))
        t = time.perf_counter()
        for doc, ref in zip(full.pipe(texts, batch_size=32), refs, strict=True):
            extract_events(doc, "x", ref, link_doc(doc))
        best["entities+events"] = max(best["entities+events"], words / (time.perf_counter() - t))
    print(
        "words/s",
        {k: round(v) for k, v in best.items()},
        "events cost vs entities:",
        round(best["entities+events"] / best["entities"], 3),
        "all vs bare:",
        round(best["entities+events"] / best["bare"], 3),
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--out", type=Path, default=Path("/tmp/armswatch_events_dossier.json"))
    ap.add_argument("--gold-bodies", action="store_true")
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--speed", type=int, default=0)
    a = ap.parse_args()
    articles = None if a.gold_bodies else cleaned_articles(a.gold)
    articles = articles or gold_body_articles(a.gold)
    documents, entities, mentions = run(articles, a.show)
    events = stand_in_events(mentions, {d["id"]: d.get("outlet") for d in documents})
    dossier = {
        "schema_version": "1",
        "generated_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "documents": documents,
        "entities": entities,
        "events": events,
    }
    a.out.write_text(json.dumps(dossier, ensure_ascii=False, indent=1), encoding="utf-8")
    cmd = [sys.executable, str(SCORER), str(a.out), str(a.gold)] + (["--verbose"] if a.verbose else [])
    subprocess.run(cmd, check=False)
    if a.speed:
        speed(articles, a.speed)


if __name__ == "__main__":
    main()
