"""List, per development report, the gold events missed and the system events the scorer counts as spurious.

usage: python scripts/diagnose_dev_events.py DOSSIER [--gold eval/gold/dev-reports.yaml] [--doc ID] [--type T]

Uses the shared scorer's own matching (``compatible``) so what it prints is exactly what the figure counts.
For a missed gold unit it prints its type, roles and summary, and the system's mentions of the same type in
that report (with their roles), which tells a wrong role from a missed trigger. For a spurious unit it prints
the sentence and trigger, which tells a wrong type from an event the gold leaves out. Development only: the
reports' text is read from ../shared at run time and never stored.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from seed_gold import load_scorer  # noqa: E402 - scripts/ is on the path of a script run

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dossier", type=Path)
    parser.add_argument("--gold", type=Path, default=ROOT / "eval" / "gold" / "dev-reports.yaml")
    parser.add_argument("--doc", help="only this report id")
    parser.add_argument("--type", help="only this event type")
    args = parser.parse_args()
    score = load_scorer()
    gold = score.Gold(str(args.gold))
    system = score.System(json.loads(args.dossier.read_text(encoding="utf-8")))
    gunits = score.collapse_gold(gold)
    sunits = [u for u in system.pairs() if u["doc"] in gold.g["documents"]]
    comp = {(gi, si) for gi, gu in enumerate(gunits) for si, su in enumerate(sunits)
            if score.compatible(gu, su, gold, system)}
    matched_g = {gi for gi, _ in comp}
    matched_s = {si for _, si in comp}
    mentions: dict[tuple[str, str], list[dict]] = {}
    for event in system.d.get("events", []):
        for m in event.get("mentions", []):
            mentions.setdefault((m["document"], event["id"]), []).append(m)
    missed_types: Counter[str] = Counter()
    spurious_types: Counter[str] = Counter()
    for doc in sorted(gold.g["documents"]):
        if args.doc and doc != args.doc:
            continue
        lines = []
        for gi, gu in enumerate(gunits):
            if gu["doc"] != doc or gu["optional"] or gi in matched_g:
                continue
            if args.type and gu["type"] != args.type:
                continue
            missed_types[gu["type"]] += 1
            summary = gold.events.get(gu["event"], {}).get("summary", "")
            lines.append(f"  MISSED {gu['type']:13} {gu['event']}: actor={gu['actor']} target={gu['target']}")
            lines.append(f"         {summary}")
            for su in sunits:
                if su["doc"] == doc and su["type"] == gu["type"]:
                    for m in mentions.get((doc, su["sys_event"]), []):
                        lines.append(f"         sys {su['sys_event']} actor={m['actor']} target={m['target']}"
                                     f" | {m['text'][:150]}")
        for si, su in enumerate(sunits):
            if su["doc"] != doc or si in matched_s:
                continue
            if args.type and su["type"] != args.type:
                continue
            spurious_types[su["type"]] += 1
            for m in mentions.get((doc, su["sys_event"]), []):
                lines.append(f"  SPURIOUS {su['type']:11} [{m.get('trigger')}] actor={m['actor']}"
                             f" target={m['target']} | {m['text'][:200]}")
        if lines:
            print(f"== {doc}")
            print("\n".join(lines))
    print("missed by type:", dict(missed_types.most_common()))
    print("spurious by type:", dict(spurious_types.most_common()))


if __name__ == "__main__":
    main()
