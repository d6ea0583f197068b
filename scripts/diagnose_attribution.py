"""List, per development report, the matched event units whose attribution the scorer counts wrong.

usage: python scripts/diagnose_attribution.py DOSSIER [--gold eval/gold/dev-reports.yaml] [--doc ID] [--all]

Uses the shared scorer's own matching and attribute scoring (``compatible``, ``attr_scores``, the best
system unit per gold unit) so what it prints is exactly what the figure counts. For each matched gold unit
with an attribution it prints the gold sources, the system's ``attributed_to`` per mention, and the
mention's sentence with the paragraph before it, then a guess at the kind of miss:

- matched to another event: the system unit the scorer picked has no date within the gold event's (the
  roles fit, but it is another event of the report, so its source says nothing of this one's)
- own-voice given a speaker: the gold has no source, the system names one
- matched to another mention: another compatible system unit carries the gold source
- outlet credited: the system names a news outlet or wire as the source
- speaker in the sentence, not linked: a name of a gold source is in the mention's sentence
- speech in the sentence, speaker not found: "said", "according to" ... in the sentence, no source given
- said elsewhere: the source is named in another sentence of the paragraph (a quote, "he said" after)
- said in another paragraph: the source is only named further off
- wrong speaker: the system names someone else

Development only: the reports' text comes from the dossier at run time and is never stored.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

from seed_gold import load_scorer  # noqa: E402 - scripts/ is on the path of a script run

ROOT = Path(__file__).resolve().parents[1]
SPEECH = re.compile(
    r"\b(said|says|say|told|according to|announced|stated|added|claimed|reported|confirmed|denied|"
    r"warned|statement)\b",
    re.IGNORECASE,
)
# Outlets and wires: credited as a source only when the report cites another outlet's reporting
OUTLET_TYPES = frozenset({"outlet", "media", "news_agency"})


def paragraph_before(body: str, start: int) -> str:
    """The text of the mention's paragraph before it (where a quotation's speaker is often named)."""
    p = body.rfind("\n", 0, start) + 1
    return body[p:start]


def another_event(gu: dict, su: dict, interval) -> bool:  # noqa: ANN001 - the scorer's function
    """Are the gold unit's dates and the system unit's both known and disjoint?"""
    spans = []
    for w in su["when"]:
        try:
            spans.append(interval(w.get("start"), w.get("end") or w.get("start")))
        except (TypeError, ValueError, AttributeError):
            continue
    gold = [interval(g[0], g[1]) for g in gu["when"]]
    if not spans or not gold:
        return False
    return not any(s_lo <= g_hi and g_lo <= s_hi for s_lo, s_hi in spans for g_lo, g_hi in gold)


def kind_of_miss(gu: dict, mentions: list[dict], others_ok: bool, gold_names: set[str],
                 sys_names: set[str], outlets: set[str], body: str, norm) -> str:  # noqa: ANN001
    """A guess at why the attribution of a matched unit is counted wrong (see the module's list)."""
    if gu["own_voice"] and not gu["attributed_to"]:
        return "own-voice given a speaker"
    if others_ok:
        return "matched to another mention"
    if sys_names & outlets:
        return "outlet credited"
    if sys_names:
        return "wrong speaker"
    texts = [norm(m["text"]) for m in mentions]
    if any(re.search(rf"\b{re.escape(n)}\b", t) for n in gold_names if n for t in texts):
        return "speaker in the sentence, not linked"
    if any(SPEECH.search(m["text"]) for m in mentions):
        return "speech in the sentence, speaker not found"
    before = " ".join(norm(paragraph_before(body, m.get("start", 0))) for m in mentions)
    if any(re.search(rf"\b{re.escape(n)}\b", before) for n in gold_names if n):
        return "said elsewhere in the paragraph"
    return "said in another paragraph"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dossier", type=Path)
    parser.add_argument("--gold", type=Path, default=ROOT / "eval" / "gold" / "dev-reports.yaml")
    parser.add_argument("--doc", help="only this report id")
    parser.add_argument("--all", action="store_true", help="print the hits too")
    args = parser.parse_args()
    score = load_scorer()
    gold = score.Gold(str(args.gold))
    dossier = json.loads(args.dossier.read_text(encoding="utf-8"))
    system = score.System(dossier)
    bodies = {d["id"]: d.get("body") or "" for d in dossier.get("documents", [])}
    outlets = {score.norm(d.get("outlet")) for d in dossier.get("documents", []) if d.get("outlet")}
    outlets |= {n for e in dossier.get("entities", []) if e.get("type") in OUTLET_TYPES
                for n in system.names(e["id"])}
    gunits = score.collapse_gold(gold)
    sunits = [u for u in system.pairs() if u["doc"] in gold.g["documents"]]
    comp = [(gi, si) for gi, gu in enumerate(gunits) for si, su in enumerate(sunits)
            if not gu["optional"] and score.compatible(gu, su, gold, system)]
    mentions: dict[tuple[str, str], list[dict]] = {}
    for event in dossier.get("events", []):
        for m in event.get("mentions", []):
            mentions.setdefault((m["document"], event["id"]), []).append(m)
    kinds: Counter[str] = Counter()
    hits = total = 0
    for gi, gu in enumerate(gunits):
        cands = [si for g2, si in comp if g2 == gi]
        if not cands or not (gu["attributed_to"] or gu["own_voice"]):
            continue
        if args.doc and gu["doc"] != args.doc:
            continue
        scored = [(sum(h for h, _ in score.attr_scores(gu, sunits[si], gold, system).values()), si)
                  for si in cands]
        best = max(scored)[1]
        ok = score.attr_scores(gu, sunits[best], gold, system)["attribution"][0]
        others_ok = any(score.attr_scores(gu, sunits[si], gold, system)["attribution"][0]
                        for si in cands if si != best)
        total += 1
        hits += ok
        if ok and not args.all:
            continue
        su = sunits[best]
        ms = mentions.get((gu["doc"], su["sys_event"]), [])
        gold_ids = [a for slot in gu["attributed_to"] for a in slot]
        gold_names = set().union(set(), *(gold.names.get(a, {score.norm(a)}) for a in gold_ids))
        sys_names = system.names_of(su["attributed_to"])
        kind = "hit" if ok else "matched to another event" if another_event(gu, su, score.interval) \
            else kind_of_miss(gu, ms, others_ok, gold_names, sys_names, outlets, bodies.get(gu["doc"], ""),
                              score.norm)
        kinds[kind] += 1
        print(f"== {gu['doc']} {gu['type']} {gu['event']}: {kind}")
        print(f"   gold: {gu['attributed_to'] or 'own voice'}")
        for m in ms:
            before = paragraph_before(bodies.get(gu["doc"], ""), m.get("start", 0))[-300:]
            print(f"   sys [{m.get('trigger')}] attributed_to={m.get('attributed_to')}"
                  f" stance={m.get('stance')}")
            if before.strip():
                print(f"      before: ...{before}")
            print(f"      text:   {m['text'][:400]}")
    print(f"attribution {hits}/{total}; by kind: {dict(kinds.most_common())}")


if __name__ == "__main__":
    main()
