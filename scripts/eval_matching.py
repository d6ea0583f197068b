"""Score sanctions matching end to end: the sentences of tests/fixtures/sanctions/mentions.yaml go through
`armswatch analyze` (one JSON Lines feed item per sentence) and `armswatch match --against
designations.ftm.jsonl`; each sentence's matches (the accepted matches of the entities the dossier lists
in its document) are compared with the designation the sentence names (`expect`, null for a name on no
list).

usage: python scripts/eval_matching.py [--work DIR] [--misses]

Counted per sentence: a true positive where the expected designation is among its matches, a false
positive for every other designation matched there, a false negative where the expected one is missing.
Also reported: matches of a vessel to a different IMO number (must be none), and for each miss whether
the pipeline picked the name out as an entity at all (and with which type).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "sanctions"
LIST = FIXTURES / "designations.ftm.jsonl"
CLI = [sys.executable, "-m", "armswatch.cli"]


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    wrong_imo: list[str] = field(default_factory=list)  # a matched entity's IMO differs from the list's
    # a sentence's ship (IMO given) matched to a listed ship of another IMO, because the entity linker
    # merged it with a namesake of another IMO
    imo_crossed_by_linking: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    not_extracted: int = 0  # false negatives where no entity of the sentence bears its name

    @property
    def recall_extracted(self) -> float:
        """Recall over the sentences whose name the pipeline picked out as an entity: the matcher's part."""
        return self.tp / max(self.tp + self.fn - self.not_extracted, 1)

    @property
    def precision(self) -> float:
        return self.tp / max(self.tp + self.fp, 1)

    @property
    def recall(self) -> float:
        return self.tp / max(self.tp + self.fn, 1)


def write_feed(cases: list[dict[str, Any]], path: Path) -> None:
    # a JSON array, not JSON Lines: a .jsonl feed is a stream, which analyze may triage
    items = [
        {
            "id": f"s{n:03d}",
            "title": f"Sentence {n}",
            "url": f"https://example.org/s{n:03d}",
            "published": "2024-01-01",
            "text": c["text"],
        }
        for n, c in enumerate(cases)
    ]
    path.write_text(json.dumps(items, ensure_ascii=False, indent=1), encoding="utf-8")


def run_pipeline(cases: list[dict[str, Any]], work: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    feed, out = work / "mentions.json", work / "out"
    write_feed(cases, feed)
    for args in (
        ["analyze", str(feed), "--out", str(out), "--workers", "1"],
        ["match", str(out), "--against", str(LIST)],
    ):
        done = subprocess.run([*CLI, *args], capture_output=True, text=True, cwd=ROOT)
        if done.returncode != 0:
            raise RuntimeError(f"armswatch {args[0]} failed: {done.stderr[-2000:]}")
    dossier = json.loads((out / "dossier.json").read_text(encoding="utf-8"))
    matches = json.loads((out / "matches.json").read_text(encoding="utf-8"))
    return dossier, matches


def _norm(name: str) -> str:
    return " ".join(name.casefold().replace("-", " ").replace(".", " ").split())


def score(cases: list[dict[str, Any]], dossier: dict[str, Any], matches: dict[str, Any]) -> Score:
    entities = {e["id"]: e for e in dossier["entities"]}
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for e in dossier["entities"]:
        for d in e.get("documents", []):
            by_doc.setdefault(d, []).append(e)
    found: dict[str, set[str]] = {}
    listed_imo: dict[str, str | None] = {}
    result = Score()
    for m in matches["matches"]:
        if not m.get("accepted", True):
            continue
        entity = entities.get(m["entity"], {})
        if entity.get("imo") and m.get("candidate_imo") and entity["imo"] != m["candidate_imo"]:
            result.wrong_imo.append(f"{entity['name']} (IMO {entity['imo']}) -> {m['candidate']}")
        for d in entity.get("documents", []):
            found.setdefault(d, set()).add(m["candidate"])
        listed_imo[m["candidate"]] = m.get("candidate_imo")
    for n, case in enumerate(cases):
        doc = f"s{n:03d}"
        got, expect = found.get(doc, set()), case["expect"]
        if case["type"] == "vessel" and case.get("imo"):
            for c in got:
                if listed_imo.get(c) and listed_imo[c] != str(case["imo"]):
                    result.imo_crossed_by_linking.append(f"{case['name']} (IMO {case['imo']}) -> {c}")
        if expect is not None and expect in got:
            result.tp += 1
        elif expect is not None:
            result.fn += 1
            wanted = _norm(case["name"])
            names = [{_norm(n) for n in [e["name"], *e.get("aliases", [])]} for e in by_doc.get(doc, [])]
            if not any(wanted in n for n in names):
                result.not_extracted += 1
        wrong = got - {expect, *case.get("also", [])}
        result.fp += len(wrong)
        if wrong or (expect is not None and expect not in got):
            seen = ", ".join(f"{e['name']!r}/{e['type']}" for e in by_doc.get(doc, [])) or "no entity"
            result.misses.append(
                f"{case['name']!r} ({case['type']}): expected {expect}, got {sorted(got) or None}; "
                f"entities: {seen}"
            )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--work", type=Path, help="folder for the feed and the dossier (default: a tmp one)")
    parser.add_argument("--misses", action="store_true", help="list every miss and false positive")
    args = parser.parse_args()
    cases = yaml.safe_load((FIXTURES / "mentions.yaml").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        result = score(cases, *run_pipeline(cases, work))
    print(f"sentences {len(cases)}  tp {result.tp}  fp {result.fp}  fn {result.fn}")
    print(f"precision {result.precision:.3f}  recall {result.recall:.3f}  wrong IMO {len(result.wrong_imo)}")
    print(
        f"misses where no entity bears the name: {result.not_extracted}  "
        f"recall over names picked out as entities {result.recall_extracted:.3f}"
    )
    for line in result.wrong_imo:
        print("  wrong IMO:", line)
    for line in result.imo_crossed_by_linking:
        print("  IMO crossed by the entity linker:", line)
    if args.misses:
        for line in result.misses:
            print("  ", line)


if __name__ == "__main__":
    main()
