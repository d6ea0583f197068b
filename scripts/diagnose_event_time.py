"""List each gold event unit with a `when`, what the system gave it, and why a miss is a miss.

usage: python scripts/diagnose_event_time.py DOSSIER [--gold eval/gold/dev-reports.yaml] [--misses-only]

Uses the shared scorer's own matching (``compatible``, ``attr_scores``, the best system unit per gold
unit), so the count it prints is the scorer's `event_attributes.time`. For every gold unit with a time it
prints the gold interval(s), the system unit's `when` (the mention's own, else the fused event's, as the
scorer reads it), the mention's evidence sentence from the dossier, and for a miss a class:

- ``no time``: the system gave none;
- ``ref date``: the report's reference date is off the gold's (beyond its tolerance);
- ``fused``: the mention has no time of its own and the fused event's `when` comes from other reports;
- ``coarse``: the system's interval holds the gold one but is wider (a year for a day);
- ``anchor``: a relative expression ("Monday", "last week") resolved to a day near but outside the gold;
- ``other event``: the time is right for another gold event of the report the same system unit is
  compatible with (the gold event itself was not found apart: an extraction or fusion miss);
- ``wrong expr``: the time came from another expression of the report.

Development only: nothing of the reports' text is stored; it is read from the dossier at run time.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

from seed_gold import load_scorer  # noqa: E402 - scripts/ is on the path of a script run

ROOT = Path(__file__).resolve().parents[1]
NEAR_DAYS = 10  # a relative day resolved this close to the gold is an anchor error, not another expression
_HAS_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")


def classify(score: ModuleType, gold_when: list[list[str]], whens: list[dict[str, Any]], own: bool,
             ref_ok: bool) -> str:
    """The likeliest cause of a time miss (see the module docstring)."""
    if not whens:
        return "no time"
    if not ref_ok:
        return "ref date"
    if not own:
        return "fused"
    g_lo, g_hi = score.interval(*gold_when[0])
    w = whens[0]
    s_lo, s_hi = score.interval(w.get("start"), w.get("end") or w.get("start"))
    if s_lo <= g_lo and g_hi <= s_hi:
        return "coarse"
    text = w.get("text") or ""
    near = min(abs((s_lo - g_lo).days), abs((s_hi - g_hi).days)) <= NEAR_DAYS
    if text and not _HAS_YEAR.search(text) and near:
        return "anchor"
    return "wrong expr"


def _right_for_other(score: ModuleType, whens: list[dict[str, Any]], others: list[list[list[str]]]) -> bool:
    """One of the system's times lies inside the time of another gold event."""
    for w in whens:
        try:
            s_lo, s_hi = score.interval(w.get("start"), w.get("end") or w.get("start"))
        except (TypeError, ValueError):
            continue
        for when in others:
            for g in when:
                g_lo, g_hi = score.interval(*g)
                if g_lo <= s_lo and s_hi <= g_hi:
                    return True
    return False


def _ref_ok(doc: dict[str, Any] | None, gold_doc: dict[str, Any]) -> bool:
    rd = gold_doc.get("reference_date") or {}
    if not doc or not rd.get("date") or not doc.get("reference_date"):
        return bool(doc and doc.get("reference_date"))
    delta = abs((date.fromisoformat(doc["reference_date"]) - date.fromisoformat(rd["date"])).days)
    return delta <= rd.get("tolerance_days", 0)


class Matched:
    """A dossier scored against a gold file by the scorer's own matching: its units, which pairs are
    compatible, and each system event's mentions (shared by the time and place diagnostics)."""

    def __init__(self, dossier_path: Path, gold_path: Path) -> None:
        self.score = score = load_scorer()
        self.gold = gold = score.Gold(str(gold_path))
        self.dossier = json.loads(dossier_path.read_text(encoding="utf-8"))
        self.system = system = score.System(self.dossier)
        self.gunits = score.collapse_gold(gold)
        self.sunits = [u for u in system.pairs() if u["doc"] in gold.g["documents"]]
        self.comp = {(gi, si) for gi, gu in enumerate(self.gunits) for si, su in enumerate(self.sunits)
                     if score.compatible(gu, su, gold, system)}
        self.mentions: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for event in self.dossier.get("events", []):
            for m in event.get("mentions", []):
                self.mentions.setdefault((m["document"], event["id"]), []).append(m)

    def best(self, field: str) -> list[tuple[int, int]]:
        """(gold unit, best compatible system unit) for each counted gold unit stating `field` that the
        system found (a missed event is not an error of the field)."""
        out = []
        for gi, gu in enumerate(self.gunits):
            if gu["optional"] or not gu[field]:
                continue
            cands = [si for g2, si in self.comp if g2 == gi]
            if cands:
                out.append((gi, max((sum(h for h, _ in self.score.attr_scores(
                    gu, self.sunits[si], self.gold, self.system).values()), si) for si in cands)[1]))
        return out


def matched_from_command_line(description: str) -> tuple[Matched, argparse.Namespace]:
    """The diagnostics' shared command line (DOSSIER [--gold FILE] [--misses-only]) and its scored match."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("dossier", type=Path)
    parser.add_argument("--gold", type=Path, default=ROOT / "eval" / "gold" / "dev-reports.yaml")
    parser.add_argument("--misses-only", action="store_true")
    args = parser.parse_args()
    return Matched(args.dossier, args.gold), args


def main() -> None:
    match, args = matched_from_command_line(__doc__.splitlines()[0])
    score, gold, system = match.score, match.gold, match.system
    gunits, comp, mentions = match.gunits, match.comp, match.mentions
    classes: Counter[str] = Counter()
    right = total = 0
    for gi, best in match.best("when"):
        gu, su = gunits[gi], match.sunits[best]
        ok = score.attr_scores(gu, su, gold, system)["time"][0]
        total += 1
        right += ok
        ms = mentions.get((su["doc"], su["sys_event"]), [])
        own = any(m.get("when") for m in ms)
        doc = system.docs.get(su["doc"])
        cls = "" if ok else classify(score, gu["when"], su["when"], own,
                                     _ref_ok(doc, gold.g["documents"][su["doc"]]))
        others = [gunits[g2]["when"] for g2, s2 in comp if s2 == best and g2 != gi and gunits[g2]["when"]]
        if cls in ("anchor", "wrong expr", "coarse", "fused") and _right_for_other(score, su["when"], others):
            cls = "other event"
        classes[cls or "right"] += 1
        if ok and args.misses_only:
            continue
        ref = doc.get("reference_date") if doc else None
        print(f"{'OK  ' if ok else 'MISS'} {cls:11s} {su['doc']} {gu['event']} ({gu['type']}) ref {ref}")
        print(f"     gold {gu['when']}")
        print(f"     sys  {[(w.get('start'), w.get('end'), w.get('text')) for w in su['when']]}"
              f"{'' if own else '  (from the fused event)'}")
        for m in ms[:2]:
            print(f"     | {' '.join((m.get('text') or '').split())[:300]}")
    print(f"\ntime {right}/{total}; " + ", ".join(f"{k} {v}" for k, v in classes.most_common()))


if __name__ == "__main__":
    main()
