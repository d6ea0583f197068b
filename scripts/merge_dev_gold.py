#!/usr/bin/env python3
"""Merge the two halves of the development gold (eval/gold/dev-reports-a.yaml, -b.yaml, annotated
separately) into eval/gold/dev-reports.yaml, the file score.py reads.

score.py's own `include` lets the later file's entity win whole; here an entity defined in both halves
keeps the union of its names, so neither half's surface forms are lost. Event ids of the two halves are
kept apart by a suffix where both use one id for different events.
"""

from __future__ import annotations

from pathlib import Path

import yaml

GOLD = Path(__file__).resolve().parents[1] / "eval" / "gold"


def main() -> None:
    a = yaml.safe_load((GOLD / "dev-reports-a.yaml").read_text(encoding="utf-8"))
    b = yaml.safe_load((GOLD / "dev-reports-b.yaml").read_text(encoding="utf-8"))
    entities = dict(a["entities"])
    for k, v in b["entities"].items():
        if k in entities:
            names = list(dict.fromkeys([*entities[k]["names"], *v["names"]]))
            entities[k] = {**entities[k], "names": names}
        else:
            entities[k] = v
    clash = set(a["events"]) & set(b["events"])
    rename = {k: f"{k}_B" for k in clash}
    events = dict(a["events"])
    for k, v in b["events"].items():
        v = dict(v)
        if v.get("part_of") in rename:
            v["part_of"] = rename[v["part_of"]]
        if v.get("related"):
            v["related"] = [rename.get(r, r) for r in v["related"]]
        events[rename.get(k, k)] = v
    mentions = list(a["mentions"])
    mentions += [{**m, "event": rename.get(m["event"], m["event"])} for m in b["mentions"]]
    documents = {**a["documents"], **b["documents"]}
    merged = {"inputs": a["inputs"], "entities": entities, "documents": documents, "events": events,
              "mentions": mentions}
    header = ("# Development gold of 36 real reports (../../../shared/data/dev-reports), merged from\n"
              "# dev-reports-a.yaml (001-017) and dev-reports-b.yaml (018-036)\n"
              "# by scripts/merge_dev_gold.py;\n"
              "# edit the halves, not this file. Annotation rules: at the top of each half.\n")
    body = yaml.safe_dump(merged, sort_keys=False, allow_unicode=True, width=120)
    (GOLD / "dev-reports.yaml").write_text(header + body, encoding="utf-8")
    print(f"{len(entities)} entities, {len(merged['documents'])} documents, {len(events)} events, "
          f"{len(mentions)} mentions; renamed {sorted(rename)}")


if __name__ == "__main__":
    main()
