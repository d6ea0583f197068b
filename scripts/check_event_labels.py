"""Check the extra event-trigger labels under scripts/data/event_labels/.

Verifies that every corpus label points at a real GENEVA (train/dev only) or RAMS line and
that its offsets reproduce the stored trigger, that every written sentence's offsets match
its text, that every passage listed as labelled in full (exhaustive.jsonl) exists and is not a
GENEVA test line, and prints counts per type. Exits with status 1 on any error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

TYPES = {
    "transfer",
    "condemnation",
    "denial",
    "meeting",
    "sanction",
    "exercise",
    "weapons_test",
    "attack",
    "seizure",
    None,
}
ROOT = Path(__file__).resolve().parent
LABEL_DIR = ROOT / "data" / "event_labels"
CORPUS_DIR = Path("/work/shared/data/events")
CORPUS_FILES = {"geneva": "geneva.jsonl", "rams": "rams-dev.jsonl"}


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_corpora(corpus_dir: Path) -> dict[str, dict[str, dict[str, Any]]]:
    corpora: dict[str, dict[str, dict[str, Any]]] = {}
    for source, name in CORPUS_FILES.items():
        corpora[source] = {row["id"]: row for row in read_jsonl(corpus_dir / name)}
    return corpora


def check_corpus_labels(
    rows: list[dict[str, Any]],
    corpora: dict[str, dict[str, dict[str, Any]]],
    name: str = "corpus_labels.jsonl",
    seen: set[tuple[str, str, int, int]] | None = None,
) -> tuple[list[str], Counter[tuple[str, str]]]:
    """`seen` is shared between files so that no span is labelled in two of them."""
    errors: list[str] = []
    counts: Counter[tuple[str, str]] = Counter()
    seen = set() if seen is None else seen
    for n, row in enumerate(rows, 1):
        where = f"{name}:{n}"
        source = row.get("source")
        if source not in corpora:
            errors.append(f"{where}: unknown source {source!r}")
            continue
        line = corpora[source].get(row.get("id", ""))
        if line is None:
            errors.append(f"{where}: id {row.get('id')!r} not in {source}")
            continue
        if line.get("split") == "test":
            errors.append(f"{where}: points at a GENEVA test-split line")
        start, end = row.get("start"), row.get("end")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(line["text"])):
            errors.append(f"{where}: bad offsets {start}..{end}")
            continue
        if line["text"][start:end] != row.get("trigger"):
            errors.append(f"{where}: text[{start}:{end}] != trigger {row.get('trigger')!r}")
        if row.get("type") not in TYPES:
            errors.append(f"{where}: unknown type {row.get('type')!r}")
        if not row.get("note"):
            errors.append(f"{where}: missing note")
        key = (source, row["id"], start, end)
        if key in seen:
            errors.append(f"{where}: duplicate label {key}")
        seen.add(key)
        counts[(source, str(row.get("type")))] += 1
    return errors, counts


def check_exhaustive(
    rows: list[dict[str, Any]], corpora: dict[str, dict[str, dict[str, Any]]]
) -> list[str]:
    """Passages marked as labelled in full must be real RAMS (or GENEVA train/dev) lines, listed once."""
    errors: list[str] = []
    seen: set[tuple[str, str]] = set()
    for n, row in enumerate(rows, 1):
        where = f"exhaustive.jsonl:{n}"
        source, ident = row.get("source"), row.get("id", "")
        line = corpora.get(source, {}).get(ident)
        if line is None:
            errors.append(f"{where}: id {ident!r} not in {source!r}")
            continue
        if line.get("split") == "test":
            errors.append(f"{where}: points at a GENEVA test-split line")
        if not row.get("note"):
            errors.append(f"{where}: missing note")
        if (source, ident) in seen:
            errors.append(f"{where}: listed twice")
        seen.add((source, ident))
    return errors


def check_written(rows: list[dict[str, Any]]) -> tuple[list[str], Counter[str], int]:
    errors: list[str] = []
    counts: Counter[str] = Counter()
    no_event = 0
    for n, row in enumerate(rows, 1):
        where = f"written.jsonl:{n}"
        text = row.get("text", "")
        events = row.get("events", [])
        if not any(ev.get("type") for ev in events):
            no_event += 1
        for ev in events:
            start, end = ev.get("start"), ev.get("end")
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
                errors.append(f"{where}: bad offsets {start}..{end}")
                continue
            if text[start:end] != ev.get("trigger"):
                errors.append(f"{where}: text[{start}:{end}] != trigger {ev.get('trigger')!r}")
            if ev.get("type") not in TYPES:
                errors.append(f"{where}: unknown type {ev.get('type')!r}")
            counts[str(ev.get("type"))] += 1
    return errors, counts, no_event


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--labels", type=Path, default=LABEL_DIR)
    parser.add_argument("--corpora", type=Path, default=CORPUS_DIR)
    args = parser.parse_args()

    corpora = load_corpora(args.corpora)
    seen: set[tuple[str, str, int, int]] = set()
    corpus_errors, corpus_counts = check_corpus_labels(
        read_jsonl(args.labels / "corpus_labels.jsonl"), corpora, seen=seen
    )
    passages_path = args.labels / "passages.jsonl"
    passage_rows = read_jsonl(passages_path) if passages_path.exists() else []
    passage_errors, passage_counts = check_corpus_labels(passage_rows, corpora, "passages.jsonl", seen)
    written_rows = read_jsonl(args.labels / "written.jsonl")
    written_errors, written_counts, no_event = check_written(written_rows)

    print("corpus_labels.jsonl (source, type): count")
    for (source, typ), count in sorted(corpus_counts.items()):
        print(f"  {source:7s} {typ:13s} {count}")
    print(f"written.jsonl: {len(written_rows)} sentences, {no_event} with no event of our types")
    for typ, count in sorted(written_counts.items()):
        print(f"  {typ:13s} {count}")
    print("passages.jsonl (source, type): count")
    for (source, typ), count in sorted(passage_counts.items()):
        print(f"  {source:7s} {typ:13s} {count}")
    exhaustive_path = args.labels / "exhaustive.jsonl"
    exhaustive_rows = read_jsonl(exhaustive_path) if exhaustive_path.exists() else []
    exhaustive_errors = check_exhaustive(exhaustive_rows, corpora)
    print(f"exhaustive.jsonl: {len(exhaustive_rows)} passages labelled in full")
    errors = corpus_errors + passage_errors + written_errors + exhaustive_errors
    for error in errors[:50]:
        print("ERROR", error, file=sys.stderr)
    print(f"{len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
