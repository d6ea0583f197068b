"""Fusion alone, measured on the gold: every gold mention becomes one EventMention (with the gold's entity
ids, first alternative of each slot, as score.py's self-test does), `fuse_events` groups them ignoring the
gold's event ids, and score.py's B-cubed compares the grouping with the gold events.

usage: python scripts/eval_fusion_gold.py [GOLD.yaml] [--dossier OUT.json]
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from armswatch.clean.models import Article
from armswatch.events.models import EventMention, ItemValue, PlaceRole, QuantityValue, TimeSpan
from armswatch.fuse import fuse_events
from seed_gold import load_scorer  # scripts/ is on the path of a script run

SHARED = Path(__file__).resolve().parents[2] / "shared"


def gold_mentions(gold: Any) -> list[EventMention]:
    out = []
    per_doc: dict[str, int] = {}
    for m in gold.g["mentions"]:
        n = per_doc[m["doc"]] = per_doc.get(m["doc"], -1) + 1
        q = m.get("quantity")
        items = []
        for i, cat in enumerate(m.get("items") or []):
            qty = None
            if q and i == 0:
                unit = q["unit"] if isinstance(q["unit"], str) else q["unit"][0]
                qty = QuantityValue(float(q["value"]), unit, False, "exact", str(q["value"]))
            items.append(ItemValue(cat, cat, qty))
        when = TimeSpan(m["when"][0], m["when"][1], "") if m.get("when") else None
        stated = m.get("stated_on")
        out.append(
            EventMention(
                document=m["doc"],
                type=m["type"],
                text=m.get("note", ""),
                start=n * 100,
                end=n * 100 + 50,
                actor=[s[0] for s in m.get("actor") or []],
                target=[s[0] for s in m.get("target") or []],
                items=items,
                when=when,
                places=[PlaceRole(p["entity"][0], p["role"]) for p in m.get("places") or []],
                vessels=list(m.get("vessels") or []),
                attributed_to=[s[0] for s in m.get("attributed_to") or []],
                stated_on=stated if stated and len(stated) == 10 else None,
            )
        )
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold", nargs="?", default=str(SHARED / "eval" / "gold" / "seeds.yaml"))
    ap.add_argument("--dossier")
    a = ap.parse_args()
    scorer = load_scorer(SHARED / "eval" / "score.py")
    gold = scorer.Gold(a.gold)
    base = scorer.self_dossier(gold)
    articles = [
        Article(
            id=d["id"],
            source=d["id"],
            title=d["title"],
            published=d["published"],
            reference_date=d["reference_date"],
            reference_date_inferred=False,
            outlet=d["outlet"],
            author=None,
            body=d["body"],
            content_sha256=hashlib.sha256(d["body"].encode()).hexdigest(),
        )
        for d in base["documents"]
    ]
    types = {e["id"]: e["type"] for e in base["entities"]}
    names = {e["id"]: e["name"] for e in base["entities"]}
    events = fuse_events(gold_mentions(gold), articles, types, entity_names=names)
    dossier = {**base, "events": [dataclasses.asdict(e) for e in events]}
    res = scorer.score(dossier, gold)
    if a.dossier:
        Path(a.dossier).write_text(json.dumps(dossier, indent=1, ensure_ascii=False), encoding="utf-8")
    print(
        json.dumps(
            {
                "events": res["summary"]["events"],
                "fusion": res["summary"]["fusion"],
                "fused_events": len(events),
                "gold_events": len(gold.events),
            }
        )
    )
    json.dump(
        [
            {
                "id": e.id,
                "type": e.type,
                "mentions": len(e.mentions),
                "status": e.status,
                "credibility": e.credibility,
                "part_of": e.part_of,
                "reason": e.credibility_reason,
            }
            for e in events
        ],
        sys.stdout,
        indent=None,
    )
    print()


if __name__ == "__main__":
    main()
