"""Training and evaluation data of the event detector: GENEVA and RAMS (../shared/data/events), our own
labels (scripts/data/event_labels), parsed once with the project's pipeline and cached outside the repo.

Used by train_event_detector.py and eval_event_detection.py. A token's label is an event type or "none";
`None` means "not known" (RAMS labels one event per passage: its other tokens are neither positive nor
negative, so they are left out of training).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc, DocBin

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ARMSWATCH_SHARED", ROOT.parent / "shared"))
EVENTS = SHARED / "data" / "events"
LABELS = ROOT / "scripts" / "data" / "event_labels"
CACHE = Path(os.environ.get("ARMSWATCH_CACHE", "/tmp/armswatch-detector-cache"))
# the probe rows' word labels (detector_probe.py derive); another derivation for a side-by-side measure
PROBE = Path(os.environ.get("ARMSWATCH_PROBE", LABELS / "probe.jsonl"))
TYPES = ("transfer", "condemnation", "denial", "meeting", "sanction", "exercise", "weapons_test", "attack",
         "seizure")


@dataclass
class Text:
    """One labelled text: its id, source, split, group (for grouped cross-validation), and trigger labels
    as (char start, char end, type or "none")."""

    id: str
    source: str  # geneva, rams, written
    split: str  # train, dev, test (GENEVA); rams; written
    group: str
    text: str
    labels: list[tuple[int, int, str, str]] = field(default_factory=list)  # start, end, type|none, check
    exhaustive: bool = True  # every unlabelled candidate is a negative


def _load_jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def load_texts(include_test: bool = False, passages: bool = False, probe: bool | str = False) -> list[Text]:
    """All labelled texts. GENEVA's test split only when asked (evaluation only, never training).
    `passages`: also the RAMS passages labelled in full (passages.jsonl, exhaustive.jsonl), whose other
    words become negatives; measured in session 8 and not used by the shipped model (MODEL_CARD.md).
    `probe`: also the probe fixture's sentences with their derived word labels (probe.jsonl, made by
    detector_probe.py): source "probe", split the session that wrote them, group the batch; labels whose
    check is "skip" are words of another type the events stage reports there (neither positive nor
    negative), and a row's other candidates are negatives (weighted by the Setup). `probe="lexicon"`: a
    trigger whose word the lexicons do not give the row's type (its `lexicon` flag) is left out likewise."""
    out: list[Text] = []
    by_key: dict[tuple[str, str], Text] = {}
    for d in _load_jsonl(EVENTS / "geneva.jsonl"):
        if d["split"] == "test" and not include_test:
            continue
        t = Text(d["id"], "geneva", d["split"], d["doc"], d["text"])
        for e in d["events"]:
            t.labels.append((e["trigger_start"], e["trigger_end"], e["type"] or "none", e.get("check") or ""))
        out.append(t)
        by_key[("geneva", d["id"])] = t
    for d in _load_jsonl(EVENTS / "rams-dev.jsonl"):
        t = Text(d["id"], "rams", "rams", d.get("url") or d["id"], d["text"], exhaustive=False)
        for e in d["events"]:
            if e["type"]:
                t.labels.append((e["trigger_start"], e["trigger_end"], e["type"], e.get("check") or ""))
        out.append(t)
        by_key[("rams", d["id"])] = t
    corpus = [LABELS / "corpus_labels.jsonl"] + ([LABELS / "passages.jsonl"] if passages else [])
    for path in (p for p in corpus if p.exists()):
        for d in _load_jsonl(path):
            t = by_key.get((d["source"], d["id"]))
            if t is None:  # a label on a GENEVA test line is never used (and the checker refuses it)
                continue
            span = (d["start"], d["end"])
            t.labels = [lab for lab in t.labels if (lab[0], lab[1]) != span]
            t.labels.append((d["start"], d["end"], d["type"] or "none", "own"))
    exhaustive = LABELS / "exhaustive.jsonl"
    if passages and exhaustive.exists():  # every mention labelled: their other candidates are negatives
        for d in _load_jsonl(exhaustive):
            t = by_key.get((d["source"], d["id"]))
            if t is not None:
                t.exhaustive = True
    written = LABELS / "written.jsonl"
    if written.exists():
        for k, d in enumerate(_load_jsonl(written)):
            t = Text(f"written-{k}", "written", "written", f"written-{k // 10}", d["text"])
            for e in d.get("events") or []:
                t.labels.append((e["start"], e["end"], e["type"] or "none", "own"))
            out.append(t)
    probe_path = PROBE
    if probe and probe_path.exists():
        for d in _load_jsonl(probe_path):
            events = [e for e in d["events"] if probe != "lexicon" or e.get("lexicon")]
            # a row reporting an event whose trigger was not derived (or kept) gives no example
            t = Text(f"probe-{d['row']}", "probe", d["session"], d["batch"], d["text"],
                     exhaustive=d["label"] == "none" or bool(events))
            for e in d["events"]:
                t.labels.append((e["start"], e["end"], e["type"], "own" if e in events else "skip"))
            for e in d.get("skip") or []:
                t.labels.append((e["start"], e["end"], e["type"], "skip"))
            out.append(t)
    return out


def parse(texts: list[Text]) -> list[Doc]:
    """The texts parsed by the project's pipeline, cached by content and model version."""
    import spacy

    from armswatch.nlp import load_pipeline

    nlp = load_pipeline()
    key = hashlib.sha256()
    key.update(spacy.__version__.encode())
    key.update(nlp.meta.get("version", "").encode())
    for t in texts:
        key.update(t.text.encode())
        key.update(b"\0")
    path = CACHE / f"docs-{key.hexdigest()[:16]}.spacy"
    if path.exists():
        return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    docs = list(nlp.pipe((t.text for t in texts), batch_size=64))
    CACHE.mkdir(parents=True, exist_ok=True)
    DocBin(store_user_data=False, docs=docs).to_disk(path)
    return docs


def trigger_token(doc: Doc, start: int, end: int) -> int | None:
    """The head token of a trigger's character span."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    return span.root.i
