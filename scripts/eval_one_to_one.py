"""Event figures under a one-to-one matching of gold and system units, beside score.py's own.

usage: python scripts/eval_one_to_one.py DOSSIER.json GOLD.yaml [--scorer PATH] [--json OUT.json]

score.py lets one system event count for every gold event it is compatible with (same document and
type, an actor and a target among the gold alternatives), so a single broad system event can recall
several gold events. This script reuses score.py's own units and compatibility test (it imports the
scorer, it does not copy it) and pairs each system unit with at most one gold unit and each gold unit
with at most one system unit, by a maximum bipartite matching (scipy). As in score.py, optional gold
units count neither way: a system unit compatible only with optional gold units is left out of
precision, and matching is over the non-optional gold units.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_bipartite_matching

DEFAULT_SCORER = Path(__file__).resolve().parents[2] / "shared" / "eval" / "score.py"


def load_scorer(path: Path) -> ModuleType:
    """Import score.py from its path (it is a script outside the package, not an installed module)."""
    if not path.is_file():
        raise SystemExit(f"scorer not found: {path}")
    spec = importlib.util.spec_from_file_location("armswatch_shared_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot import the scorer at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def prf(tp_p: int, n_sys: int, tp_r: int, n_gold: int) -> dict[str, float]:
    p = tp_p / n_sys if n_sys else 1.0
    r = tp_r / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


def one_to_one(score: ModuleType, dossier: dict[str, Any], gold_path: Path) -> dict[str, Any]:
    """Scorer-compatible ("many") and one-to-one event figures for one dossier against one gold file."""
    gold = score.Gold(str(gold_path))
    system = score.System(dossier)
    gunits = score.collapse_gold(gold)
    sunits = [u for u in system.pairs() if u["doc"] in gold.g["documents"]]
    comp = {(gi, si) for gi, gu in enumerate(gunits) for si, su in enumerate(sunits)
            if score.compatible(gu, su, gold, system)}
    required = [gi for gi, gu in enumerate(gunits) if not gu["optional"]]
    s_ok = {si for gi, si in comp if not gunits[gi]["optional"]}
    s_opt_only = {si for gi, si in comp if gunits[gi]["optional"]} - s_ok
    n_gold = len(required)
    n_sys = len(sunits) - len(s_opt_only)
    g_ok = {gi for gi, si in comp if not gunits[gi]["optional"]}
    many = prf(len(s_ok), n_sys, len(g_ok), n_gold)
    row_of = {gi: k for k, gi in enumerate(required)}
    edges = [(row_of[gi], si) for gi, si in comp if gi in row_of]
    matched = 0
    pairs: list[tuple[str, str, str]] = []
    if edges and sunits:
        rows = [r for r, _ in edges]
        cols = [c for _, c in edges]
        graph = csr_matrix((np.ones(len(edges)), (rows, cols)), shape=(len(required), len(sunits)))
        match = maximum_bipartite_matching(graph, perm_type="column")
        for k, si in enumerate(match):
            if si >= 0:
                matched += 1
                gu = gunits[required[k]]
                pairs.append((gu["doc"], gu["event"], str(sunits[si]["sys_event"])))
    return {"many": {**many, "gold_units": n_gold, "system_units": n_sys},
            "one_to_one": {**prf(matched, n_sys, matched, n_gold), "matched": matched, "gold_units": n_gold,
                           "system_units": n_sys},
            "pairs": sorted(pairs)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dossier", type=Path)
    ap.add_argument("gold", type=Path)
    ap.add_argument("--scorer", type=Path, default=DEFAULT_SCORER, help="score.py (default ../shared)")
    ap.add_argument("--json", type=Path, help="write the figures and the matched pairs here")
    args = ap.parse_args(argv)
    score = load_scorer(args.scorer)
    try:
        dossier = json.loads(args.dossier.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise SystemExit(f"{args.dossier}: cannot read the dossier ({exc})") from exc
    res = one_to_one(score, dossier, args.gold)
    m, o = res["many"], res["one_to_one"]
    print(f"scorer matching:     P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f}"
          f" ({m['gold_units']} gold units, {m['system_units']} system units)")
    print(f"one-to-one matching: P {o['precision']:.3f} R {o['recall']:.3f} F1 {o['f1']:.3f}"
          f" ({o['matched']} pairs)")
    if args.json:
        args.json.write_text(json.dumps(res, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
