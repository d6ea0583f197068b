#!/usr/bin/env python3
"""Event detection at sentence level: the shipped detector, the events stage with it, and the frames
alone, on GENEVA's test split and on RAMS dev.

    .venv/bin/python scripts/eval_event_detection.py [--rams-cv]

GENEVA test (447 sentences, never used in training or selection): for each sentence, the set of our
types it reports; micro and per-type precision, recall and F1 over (sentence, type) pairs.
How GENEVA's `check` field is treated (../shared/data/events/README.md):
- "as labelled" (the headline figure): every mapped mention counts as gold of its type, checks included.
  The detector finds event frames; the checks (goods for a transfer, a military exercise, one act rather
  than "the war") are applied after it by the events stage, so this row measures the detector.
- "checks unscored": mentions with a check are neither gold nor false alarms (a prediction of that
  type in that sentence is ignored); every other mention counts as above.
Rows: `detector` (the shipped model's words above its threshold), `pipeline` (types of the event
mentions `extract_events` returns: detector + frames + checks + roles), `frames` (the same stage with the
detector switched off, as before it existed).

RAMS dev (924 passages, one labelled event each, so recall only): a labelled event is found when its
type is given to a word of its trigger's sentence. The shipped model was trained on RAMS, so its RAMS
figure is in-sample; `--rams-cv` adds the honest figure: 5-fold cross-validation grouped by article
(train_event_detector.rams_cv).
"""

from __future__ import annotations

import argparse
import bisect
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import armswatch.events.extract as extract_module  # noqa: E402
from armswatch.entities import link_doc  # noqa: E402
from armswatch.events.detector import load_detector  # noqa: E402
from armswatch.events.extract import extract_events  # noqa: E402
from detector_data import TYPES, Text, load_texts, parse, trigger_token  # noqa: E402

REFERENCE = date(2016, 1, 1)


def _prf(tp: int, fp: int, fn: int) -> tuple[int, int, int, float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return tp, fp, fn, round(p, 3), round(r, 3), round(2 * p * r / (p + r), 3) if p + r else 0.0


def score(gold: list[set[str]], pred: list[set[str]], ignore: list[set[str]]) -> dict[str, tuple]:
    out = {}
    tot = [0, 0, 0]
    for t in TYPES:
        tp = sum(1 for g, p, i in zip(gold, pred, ignore, strict=True) if t in g and t in p)
        fp = sum(1 for g, p, i in zip(gold, pred, ignore, strict=True)
                 if t in p and t not in g and t not in i)
        fn = sum(1 for g, p, i in zip(gold, pred, ignore, strict=True) if t in g and t not in p)
        out[t] = _prf(tp, fp, fn)
        tot = [tot[0] + tp, tot[1] + fp, tot[2] + fn]
    out["micro"] = _prf(*tot)
    return out


def _sent_index(doc, i: int) -> int:
    starts = [s.start for s in doc.sents]
    return bisect.bisect_right(starts, i) - 1


def _sent_of_char(doc, char: int) -> int:
    starts = [s.start_char for s in doc.sents]
    return bisect.bisect_right(starts, char) - 1


def predictions(texts: list[Text], docs: list, row: str) -> list[dict[int, set[str]]]:
    """Per text: {sentence index: predicted types}."""
    out: list[dict[int, set[str]]] = []
    detector = load_detector()
    for t, doc in zip(texts, docs, strict=True):
        found: dict[int, set[str]] = {}
        if row == "detector":
            for s_no, sent in enumerate(doc.sents):
                for trig in detector(sent):
                    found.setdefault(s_no, set()).add(trig.type)
        else:
            original = extract_module.load_detector
            if row == "frames":
                extract_module.load_detector = lambda: None  # type: ignore[assignment]
            try:
                for m in extract_events(doc, t.id, REFERENCE, link_doc(doc)):
                    found.setdefault(_sent_of_char(doc, m.start), set()).add(m.type)
            finally:
                extract_module.load_detector = original
        out.append(found)
    return out


def geneva(texts: list[Text], docs: list) -> None:
    rows = {}
    gold_sets, ignore_sets = [], []
    for t, doc in zip(texts, docs, strict=True):
        g: dict[int, set[str]] = {}
        ig: dict[int, set[str]] = {}
        for start, end, etype, check in t.labels:
            i = trigger_token(doc, start, end)
            if i is None or etype == "none":
                continue
            g.setdefault(_sent_index(doc, i), set()).add(etype)
            if check:
                ig.setdefault(_sent_index(doc, i), set()).add(etype)
        gold_sets.append(g)
        ignore_sets.append(ig)
    for row in ("detector", "pipeline", "frames"):
        pred = predictions(texts, docs, row)
        keys = [(k, s) for k, doc in enumerate(docs) for s in range(len(list(doc.sents)))]
        gold = [gold_sets[k].get(s, set()) for k, s in keys]
        p = [pred[k].get(s, set()) for k, s in keys]
        ign = [ignore_sets[k].get(s, set()) for k, s in keys]
        rows[row] = (score(gold, p, [set()] * len(gold)),
                     score([g - i for g, i in zip(gold, ign, strict=True)], p, ign))
    print(f"GENEVA test, {len(texts)} sentences: (tp, fp, fn, P, R, F1) per type")
    for row, (as_labelled, unscored) in rows.items():
        print(f"  {row:9s} as labelled    micro {as_labelled['micro']}")
        print(f"  {row:9s} checks unscored micro {unscored['micro']}")
        for t in TYPES:
            print(f"      {t:13s} {as_labelled[t]}")


def rams(texts: list[Text], docs: list) -> None:
    print(f"RAMS dev, {len(texts)} passages: recall (found, total) of labelled events by type")
    for row in ("detector", "pipeline", "frames"):
        pred = predictions(texts, docs, row)
        found: dict[str, list[int]] = {t: [0, 0] for t in ("attack", "meeting", "sanction", "transfer")}
        for k, (t, doc) in enumerate(zip(texts, docs, strict=True)):
            for start, end, etype, _ in t.labels:
                i = trigger_token(doc, start, end)
                if i is None or etype not in found:
                    continue
                found[etype][1] += 1
                if etype in pred[k].get(_sent_index(doc, i), set()):
                    found[etype][0] += 1
        allf = sum(v[0] for v in found.values())
        allt = sum(v[1] for v in found.values())
        note = " (in-sample: the shipped model was trained on RAMS)" if row != "frames" else ""
        print(f"  {row:9s} all four {allf}/{allt} = {allf / allt:.3f}{note}; "
              + ", ".join(f"{t} {f}/{n}" for t, (f, n) in found.items()))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rams-cv", action="store_true", help="also RAMS recall by grouped 5-fold CV (slow)")
    args = ap.parse_args()
    test = [t for t in load_texts(include_test=True) if t.source == "geneva" and t.split == "test"]
    geneva(test, parse(test))
    ram = [t for t in load_texts() if t.source == "rams"]
    # only RAMS's own labels: our corpus labels on RAMS passages are training data, not this measure
    for t in ram:
        t.labels = [lab for lab in t.labels if lab[3] != "own"]
    rams(ram, parse(ram))
    if args.rams_cv:
        import train_event_detector as train

        texts = load_texts()
        docs = parse(texts)
        feats, labels, owner, tokens = train.examples(texts, docs)
        cv = train.rams_cv(texts, docs, feats, labels, owner, tokens, train.Setup(), [train.THRESHOLD],
                           train.Dense(docs))
        print(f"RAMS 5-fold CV grouped by article, detector as shipped ({train.Setup()}), threshold "
              f"{train.THRESHOLD}: "
              f"{cv[train.THRESHOLD]}")


if __name__ == "__main__":
    main()
