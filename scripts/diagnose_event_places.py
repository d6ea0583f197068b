"""List each gold event unit with places, what the system gave it, and why a miss is a miss.

usage: python scripts/diagnose_event_places.py DOSSIER [--gold eval/gold/dev-reports.yaml] [--misses-only]

The companion of `diagnose_event_time.py`, on whole reports: it uses the shared scorer's own matching
(``compatible``, ``attr_scores``, the best system unit per gold unit), so its count is the scorer's
`event_attributes.places`. For every gold unit with places it prints the gold places (entity ids and
role), the system unit's places (entity names and role), and the evidence sentences of its mentions with
the places each mention gave. A gold place missed is classed:

- ``no place``: the system unit has no place at all;
- ``other role``: the system has the place, in another role (origin for location...);
- ``other place``: the system has places, none of them this one (a finer or broader one, another event's,
  the dateline's).

Development only: nothing of the reports' text is stored; it is read from the dossier at run time.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from diagnose_event_time import matched_from_command_line  # noqa: E402 - scripts/ is on the path of a script run

ROOT = Path(__file__).resolve().parents[1]


def _named(places: list[dict[str, Any]], names: dict[str, str]) -> list[tuple[str, str]]:
    """(entity name, role) of the dossier's places."""
    return [(names.get(p.get("entity", ""), p.get("entity", "")), p.get("role", "")) for p in places]


def main() -> None:
    match, args = matched_from_command_line(__doc__.splitlines()[0])
    score, gold, system, mentions = match.score, match.gold, match.system, match.mentions
    names = {e["id"]: e.get("name", e["id"]) for e in match.dossier.get("entities", [])}
    classes: Counter[str] = Counter()
    right = total = 0
    for gi, best in match.best("places"):
        gu, su = match.gunits[gi], match.sunits[best]
        hits, n = score.attr_scores(gu, su, gold, system)["places"]
        right += hits
        total += n
        misses = []
        for p in gu["places"]:
            alts = set().union(*(gold.names.get(a, {score.norm(a)}) for a in p["entity"]))
            same = [sp for sp in su["places"] if system.names(sp.get("entity")) & alts]
            if any(sp.get("role") == p["role"] for sp in same):
                classes["right"] += 1
                continue
            cls = "no place" if not su["places"] else "other role" if same else "other place"
            classes[cls] += 1
            misses.append(f"{'/'.join(p['entity'])} ({p['role']}): {cls}")
        if not misses and args.misses_only:
            continue
        print(f"{'MISS' if misses else 'OK  '} {hits}/{n} {su['doc']} {gu['event']} ({gu['type']})")
        for line in misses:
            print(f"     missed {line}")
        print(f"     gold {[('/'.join(p['entity']), p['role']) for p in gu['places']]}")
        print(f"     sys  {_named(su['places'], names)}")
        for m in mentions.get((su["doc"], su["sys_event"]), [])[:3]:
            text = " ".join((m.get("text") or "").split())[:300]
            print(f"     | {text} {_named(m.get('places') or [], names)}")
    print(f"\nplaces {right}/{total}; " + ", ".join(f"{k} {v}" for k, v in classes.most_common()))


if __name__ == "__main__":
    main()
