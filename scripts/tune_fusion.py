"""Tune fusion thresholds on the development gold, choosing on one half of the reports and checking on the
other (split by same-event cluster, so no real event is on both sides), with the seeds as a guard.

The mentions come from dossiers the whole pipeline wrote (`armswatch analyze`), so fusion is measured on
what extraction really finds; only fusion is rerun per setting. The figure is score.py's fusion B-cubed
(over gold units matched to system mentions), restricted to the documents of one half.

usage:
  .venv/bin/armswatch analyze ../shared/data/dev-reports/reports --out /tmp/devH
  .venv/bin/armswatch analyze ../shared/seeds --out /tmp/seedsH
  .venv/bin/python scripts/tune_fusion.py /tmp/devH/dossier.json /tmp/seedsH/dossier.json [--diagnose]
"""

from __future__ import annotations

import argparse
import copy
import csv
import dataclasses
import itertools
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from armswatch.clean.models import Article
from armswatch.events.models import event_mention_from_json
from armswatch.fuse import fuse_events
from armswatch.fuse import grouping as G
from seed_gold import load_scorer  # scripts/ is on the path of a script run

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DEV_GOLD = REPO / "eval" / "gold" / "dev-reports.yaml"
SEEDS_GOLD = SHARED / "eval" / "gold" / "seeds.yaml"
INDEX = SHARED / "data" / "dev-reports" / "index.tsv"

# The grid: each threshold around its reasoned value.
GRID: dict[str, list[Any]] = {
    "EPISODE_MAX_DAYS": [7, 14, 31],
    "EPISODE_WITH_DETAIL_MAX_DAYS": [31, 92, 183],
    "UNDATED_LAG_DAYS": [90, 180, 365],
    "LEG_MAX_GAP_DAYS": [31],  # no dev or seed report has legs: the grid showed it inert
    "RECENT_EPISODE_DAYS": [0, 3, 7],
}
DEFAULTS = {
    "EPISODE_MAX_DAYS": 14,
    "EPISODE_WITH_DETAIL_MAX_DAYS": 92,
    "UNDATED_LAG_DAYS": 180,
    "LEG_MAX_GAP_DAYS": 31,
    "RECENT_EPISODE_DAYS": 0,
}


def halves() -> tuple[set[str], set[str]]:
    """Dev reports split in two by cluster: each same-event cluster whole on one side, singletons
    alternating by number. Half A chooses, half B checks."""
    units: list[list[str]] = []
    by_cluster: dict[str, list[str]] = defaultdict(list)
    with open(INDEX, encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            doc = row["file"].split(".")[0]
            if row["cluster"]:
                by_cluster[row["cluster"]].append(doc)
            else:
                units.append([doc])
    units += [by_cluster[c] for c in sorted(by_cluster)]
    a: set[str] = set()
    b: set[str] = set()
    for i, u in enumerate(sorted(units)):
        (a if i % 2 == 0 else b).update(u)
    return a, b


def load_dossier(path: Path) -> tuple[list[Any], list[Article], dict[str, str], dict[str, Any]]:
    d = json.loads(path.read_text(encoding="utf-8"))
    seen: set[tuple[str, int, int, str, str]] = set()
    mentions = []
    for e in d["events"]:
        for m in e["mentions"]:
            mentions.append(event_mention_from_json(m))
    mentions.sort(key=lambda m: (m.document, m.start, m.end))
    del seen
    arts = [
        Article(
            id=x["id"],
            source=x.get("source") or x["id"],
            title=x.get("title"),
            published=x.get("published"),
            reference_date=x["reference_date"],
            reference_date_inferred=bool(x.get("reference_date_inferred")),
            outlet=x.get("outlet"),
            author=x.get("author"),
            body=x["body"],
            content_sha256=x.get("content_sha256") or x["id"],
        )
        for x in d["documents"]
    ]
    types = {e["id"]: e["type"] for e in d["entities"]}
    return mentions, arts, types, d


def set_params(p: dict[str, Any]) -> None:
    from datetime import timedelta

    G.EPISODE_MAX_DAYS = p["EPISODE_MAX_DAYS"]
    G.EPISODE_WITH_DETAIL_MAX_DAYS = p["EPISODE_WITH_DETAIL_MAX_DAYS"]
    G.UNDATED_LAG = timedelta(days=p["UNDATED_LAG_DAYS"])
    G.UNDATED_LOOKBACK_MONTHS = p["UNDATED_LAG_DAYS"] // 30 + 1
    G.LEG_MAX_GAP_DAYS = p["LEG_MAX_GAP_DAYS"]
    G.RECENT_EPISODE_DAYS = p["RECENT_EPISODE_DAYS"]


def fusion_b3(scorer: Any, dossier: dict[str, Any], gold: Any, docs: set[str] | None) -> dict[str, Any]:
    """score.py's fusion B-cubed, on the gold units of `docs` only (all when None)."""
    g = copy.copy(gold)
    if docs is not None:
        g.g = {
            **gold.g,
            "documents": {k: v for k, v in gold.g["documents"].items() if k in docs},
            "mentions": [m for m in gold.g["mentions"] if m["doc"] in docs],
        }
    system = scorer.System(dossier)
    gunits = scorer.collapse_gold(g)
    sunits = [u for u in system.pairs() if u["doc"] in g.g["documents"]]
    comp = [
        (gi, si)
        for gi, gu in enumerate(gunits)
        for si, su in enumerate(sunits)
        if scorer.compatible(gu, su, g, system)
    ]
    best: dict[int, int] = {}
    for gi in sorted({gi for gi, _ in comp if not gunits[gi]["optional"]}):
        cands = [si for g2, si in comp if g2 == gi]
        scored = [
            (sum(h for h, _ in scorer.attr_scores(gunits[gi], sunits[si], g, system).values()), si)
            for si in cands
        ]
        best[gi] = max(scored)[1]
    units = sorted(best)
    ps, rs = [], []
    errors = []
    for u in units:
        S = {v for v in units if sunits[best[v]]["sys_event"] == sunits[best[u]]["sys_event"]}
        Gs = {v for v in units if gunits[v]["event"] == gunits[u]["event"]}
        D = {v for v in units if g.related(gunits[v]["event"], gunits[u]["event"])}
        ps.append(len(S & Gs) / max(1, len(S - D)))
        rs.append(len(S & Gs) / len(Gs))
        if Gs != S - D:
            errors.append(
                (
                    gunits[u]["doc"],
                    gunits[u]["event"],
                    sunits[best[u]]["sys_event"],
                    sorted(f"{gunits[v]['doc']}:{gunits[v]['event']}" for v in S - D - Gs),
                    sorted(f"{gunits[v]['doc']}:{gunits[v]['event']}" for v in Gs - S),
                )
            )
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(f, 3), "units": len(units), "errors": errors}


def run(
    mentions: list[Any],
    arts: list[Article],
    types: dict[str, str],
    base: dict[str, Any],
    docs: set[str] | None,
) -> dict[str, Any]:
    from armswatch.pipeline import affiliations

    ms = [m for m in mentions if docs is None or m.document in docs]
    events = fuse_events(ms, arts, types, affiliations=affiliations())
    return {
        **base,
        "events": [{**dataclasses.asdict(e), "mentions": [m.as_json() for m in e.mentions]} for e in events],
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dev", type=Path)
    ap.add_argument("seeds", type=Path)
    ap.add_argument("--diagnose", action="store_true", help="list the fusion errors at the defaults")
    ap.add_argument("--set", default="", help="JSON of thresholds to report (else the grid)")
    a = ap.parse_args()
    scorer = load_scorer()
    dev_gold, seeds_gold = scorer.Gold(str(DEV_GOLD)), scorer.Gold(str(SEEDS_GOLD))
    dev, seeds = load_dossier(a.dev), load_dossier(a.seeds)
    half_a, half_b = halves()

    def measure(params: dict[str, Any]) -> dict[str, Any]:
        set_params(params)
        out = {}
        for name, docs in (("A", half_a), ("B", half_b)):
            out[name] = fusion_b3(scorer, run(*dev, docs), dev_gold, docs)
        out["all"] = fusion_b3(scorer, run(*dev, None), dev_gold, None)
        out["seeds"] = fusion_b3(scorer, run(*seeds, None), seeds_gold, None)
        return out

    if a.diagnose or a.set:
        params = {**DEFAULTS, **(json.loads(a.set) if a.set else {})}
        res = measure(params)
        for k, v in res.items():
            print(k, {x: v[x] for x in ("p", "r", "f1", "units")})
        if a.diagnose:
            for e in res["all"]["errors"]:
                print("  ", e)
            for e in res["seeds"]["errors"]:
                print("  seeds", e)
        return
    rows = []
    keys = list(GRID)
    for values in itertools.product(*(GRID[k] for k in keys)):
        params = dict(zip(keys, values, strict=True))
        res = measure(params)
        rows.append((params, res))
        print(json.dumps(params), {k: v["f1"] for k, v in res.items()}, flush=True)
    ok = [r for r in rows if r[1]["seeds"]["f1"] >= 0.90]
    best = max(
        ok,
        key=lambda r: (r[1]["A"]["f1"], -sum(abs(r[0][k] - DEFAULTS[k]) / max(1, DEFAULTS[k]) for k in keys)),
    )
    print("chosen on half A:", json.dumps(best[0]), {k: v["f1"] for k, v in best[1].items()})
    default = next(r for r in rows if r[0] == DEFAULTS)
    print("defaults:", {k: v["f1"] for k, v in default[1].items()})


if __name__ == "__main__":
    main()
