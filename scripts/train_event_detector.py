#!/usr/bin/env python3
"""Train the event detector (src/armswatch/events/detector) and write its weights and model card.

    .venv/bin/python scripts/train_event_detector.py [--select] [--cv-rams]

Data (see scripts/detector_data.py): GENEVA train and dev splits (../shared/data/events/geneva.jsonl,
PlusLabNLP/GENEVA at 559e21e9, CC BY 3.0), RAMS 1.0 dev (rams-dev.jsonl, believed CC BY-SA 4.0; only the
labelled trigger of each passage is used, as a positive), and our own labels in
scripts/data/event_labels/ (their README is the data card). GENEVA's test split is never read here.

Model: multinomial logistic regression (scikit-learn, lbfgs, fixed seed) over sparse features
(features.py), a vocabulary of the features seen at least MIN_COUNT times. `--select` chooses C and the
decision threshold on GENEVA dev (trained on GENEVA train + the rest) and on RAMS by 5-fold
cross-validation grouped by article; the shipped values are the constants below, set from that run.
Then one model is trained on everything and written to data/detector.npz.

Every label keeps its GENEVA/RAMS `check` (goods, military_context, ...) as a positive of its type: the
detector finds event frames; the checks are applied after it by the frames (a transfer needs goods, an
exercise a military actor), see events/extract.py.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy
from scipy import sparse

sys.path.insert(0, str(Path(__file__).resolve().parent))
from armswatch.events.detector import MODEL_PATH  # noqa: E402
from armswatch.events.detector.cameo import write_table  # noqa: E402
from armswatch.events.detector.features import sentence_features, sentence_has_goods  # noqa: E402
from detector_data import TYPES, Text, load_texts, parse, trigger_token  # noqa: E402

CLASSES = ("none", *TYPES)
MIN_COUNT = 2
SEED = 13
# chosen with --select (GENEVA dev micro F1 and RAMS cross-validated recall; see MODEL_CARD.md)
C = 2.0
THRESHOLD = 0.2
RAMS_WEIGHT = 3.0
VETO = 0.001


def examples(texts: list[Text], docs: list) -> tuple[list[list[str]], list[int], list[int], list[int]]:
    """(features, label index, text index, token index) of every labelled candidate."""
    feats: list[list[str]] = []
    labels: list[int] = []
    owner: list[int] = []
    tokens: list[int] = []
    for k, (t, doc) in enumerate(zip(texts, docs, strict=True)):
        gold: dict[int, str] = {}
        covered: set[int] = set()
        for start, end, etype, _check in t.labels:
            i = trigger_token(doc, start, end)
            if i is None:
                continue
            span = doc.char_span(start, end, alignment_mode="expand")
            covered.update(range(span.start, span.end))
            if etype != "none" or i not in gold:
                gold[i] = etype
        for i, f in sentence_features(doc):
            if i in gold:
                lab = gold[i]
            elif t.exhaustive and i not in covered:
                lab = "none"
            else:
                continue
            feats.append(f)
            labels.append(CLASSES.index(lab))
            owner.append(k)
            tokens.append(i)
    return feats, labels, owner, tokens


def vocabulary(feats: list[list[str]]) -> dict[str, int]:
    counts = Counter(f for fs in feats for f in set(fs))
    return {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= MIN_COUNT))}


def matrix(feats: list[list[str]], vocab: dict[str, int]) -> sparse.csr_matrix:
    indptr = [0]
    indices: list[int] = []
    for fs in feats:
        indices.extend(sorted({vocab[f] for f in fs if f in vocab}))
        indptr.append(len(indices))
    data = numpy.ones(len(indices), dtype=numpy.float32)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(feats), len(vocab)))


def fit(feats: list[list[str]], labels: list[int], c: float, weights: list[float] | None = None):
    from sklearn.linear_model import LogisticRegression

    vocab = vocabulary(feats)
    model = LogisticRegression(C=c, max_iter=400, random_state=SEED)
    model.fit(matrix(feats, vocab), numpy.asarray(labels), sample_weight=weights)
    return vocab, model


def sample_weights(texts: list[Text], owner: list[int], labels: list[int], rams_weight: float) -> list[float]:
    """News positives (RAMS's labelled triggers) count `rams_weight` times: they are the only news-domain
    positives of attack, meeting and sanction, and RAMS gives no negatives beside them."""
    return [rams_weight if texts[k].source == "rams" and y != 0 else 1.0
            for k, y in zip(owner, labels, strict=True)]


def predict(vocab, model, feats: list[list[str]]) -> numpy.ndarray:
    """Probabilities over CLASSES (columns in CLASSES order even if a class was absent in training)."""
    probs = model.predict_proba(matrix(feats, vocab))
    out = numpy.zeros((len(feats), len(CLASSES)))
    for j, cls in enumerate(model.classes_):
        out[:, cls] = probs[:, j]
    return out


def decide(probs: numpy.ndarray, threshold: float) -> list[str]:
    p = probs.copy()
    p[:, 0] = -1
    best = p.argmax(axis=1)
    return [CLASSES[b] if p[k, b] >= threshold else "none" for k, b in enumerate(best)]


def sentence_scores(gold: dict[tuple, set[str]], pred: dict[tuple, set[str]]) -> dict[str, tuple]:
    """Per type and micro: (tp, fp, fn, P, R, F1) over sentences."""
    out = {}
    tot = [0, 0, 0]
    for etype in TYPES:
        tp = sum(1 for k in gold if etype in gold[k] and etype in pred.get(k, set()))
        fp = sum(1 for k in pred if etype in pred[k] and etype not in gold.get(k, set()))
        fn = sum(1 for k in gold if etype in gold[k] and etype not in pred.get(k, set()))
        tot = [tot[0] + tp, tot[1] + fp, tot[2] + fn]
        out[etype] = _prf(tp, fp, fn)
    out["micro"] = _prf(*tot)
    return out


def _prf(tp: int, fp: int, fn: int) -> tuple:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return tp, fp, fn, round(p, 3), round(r, 3), round(f, 3)


def sentence_sets(texts: list[Text], docs: list, decided: dict[tuple[int, int], str],
                  own_only: bool | None = None, military: bool = False):
    """Gold and predicted type sets per (text, sentence); own_only=False leaves out our own labels."""
    gold: dict[tuple, set[str]] = {}
    pred: dict[tuple, set[str]] = {}
    for k, (t, doc) in enumerate(zip(texts, docs, strict=True)):
        sents = list(doc.sents)
        starts = [s.start for s in sents]

        def sent_of(i: int, starts: list[int] = starts) -> int:
            import bisect
            return bisect.bisect_right(starts, i) - 1

        for start, end, etype, check in t.labels:
            i = trigger_token(doc, start, end)
            if i is None or etype == "none" or (own_only is False and check == "own"):
                continue
            if military and etype == "transfer" and not sentence_has_goods(doc[i].sent):
                continue  # RAMS's transfers of money, food, homes: not the military transfers measured
            gold.setdefault((k, sent_of(i)), set()).add(etype)
        for (kk, i), etype in decided.items():
            if kk == k and etype != "none":
                pred.setdefault((k, sent_of(i)), set()).add(etype)
    return gold, pred


def rams_recall(texts: list[Text], docs: list, decided: dict[tuple[int, int], str]) -> dict[str, tuple]:
    """Per type: (found, total, recall) of RAMS labelled events; found = the detector gives the gold type
    to a word of the trigger's sentence."""
    # RAMS's own labels only, and of its transfers the military ones
    gold, pred = sentence_sets(texts, docs, decided, own_only=False, military=True)
    out = {}
    groups = {t: [t] for t in ("attack", "meeting", "sanction", "transfer")}
    allf = allt = 0
    for name, types in groups.items():
        keys = [k for k, g in gold.items() for t in g if t in types]
        found = sum(1 for k in keys if pred.get(k, set()) & set(types))
        out[name] = (found, len(keys), round(found / len(keys), 3) if keys else 0.0)
        allf, allt = allf + found, allt + len(keys)
    out["all four"] = (allf, allt, round(allf / allt, 3) if allt else 0.0)
    return out


def rams_cv(texts, docs, feats, labels, owner, tokens, c, thresholds, folds=5, rams_weight=RAMS_WEIGHT):
    """RAMS recall by cross-validation grouped by article: each fold's passages (and every label on them)
    are held out of that fold's training."""
    import hashlib
    rams = [k for k, t in enumerate(texts) if t.source == "rams"]
    fold_of = {k: int(hashlib.sha1(texts[k].group.encode()).hexdigest(), 16) % folds for k in rams}
    decided = {th: {} for th in thresholds}
    for f in range(folds):
        held = {k for k, v in fold_of.items() if v == f}
        tr = [j for j in range(len(feats)) if owner[j] not in held]
        te = [j for j in range(len(feats)) if owner[j] in held]
        w = sample_weights(texts, [owner[j] for j in tr], [labels[j] for j in tr], rams_weight)
        vocab, model = fit([feats[j] for j in tr], [labels[j] for j in tr], c, w)
        # every candidate of the held-out passages, labelled or not
        te_feats, te_keys = [], []
        for k in sorted(held):
            for i, fs in sentence_features(docs[k]):
                te_feats.append(fs)
                te_keys.append((k, i))
        probs = predict(vocab, model, te_feats)
        for th in thresholds:
            for key, d in zip(te_keys, decide(probs, th), strict=True):
                decided[th][key] = d
        del te
    sub = [k for k in rams]
    return {th: rams_recall([texts[k] for k in sub], [docs[k] for k in sub],
                            {(sub.index(k), i): d for (k, i), d in decided[th].items()})
            for th in thresholds}


def geneva_dev(texts, docs, feats, labels, owner, c, thresholds, rams_weight=RAMS_WEIGHT):
    dev = {k for k, t in enumerate(texts) if t.source == "geneva" and t.split == "dev"}
    tr = [j for j in range(len(feats)) if owner[j] not in dev]
    w = sample_weights(texts, [owner[j] for j in tr], [labels[j] for j in tr], rams_weight)
    vocab, model = fit([feats[j] for j in tr], [labels[j] for j in tr], c, w)
    sub = sorted(dev)
    te_feats, te_keys = [], []
    for n, k in enumerate(sub):
        for i, fs in sentence_features(docs[k]):
            te_feats.append(fs)
            te_keys.append((n, i))
    probs = predict(vocab, model, te_feats)
    out = {}
    for th in thresholds:
        decided = dict(zip(te_keys, decide(probs, th), strict=True))
        gold, pred = sentence_sets([texts[k] for k in sub], [docs[k] for k in sub], decided)
        out[th] = sentence_scores(gold, pred)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--select", action="store_true", help="choose C and the threshold (slow)")
    ap.add_argument("--cv-rams", action="store_true", help="RAMS recall by grouped 5-fold CV at C")
    ap.add_argument("--c", type=float, default=C)
    ap.add_argument("--rams-weight", type=float, default=RAMS_WEIGHT)
    ap.add_argument("--grid", action="store_true", help="RAMS CV and GENEVA dev over C x RAMS weight")
    ap.add_argument("--no-write", action="store_true", help="measure only; keep the shipped model")
    args = ap.parse_args()
    cameo = Path(__file__).resolve().parents[1].parent / "shared/data/events/cameo-verbs/CAMEO.2.0.txt"
    if cameo.exists():
        print("CAMEO table rows:", write_table(cameo))
    t0 = time.time()
    texts = load_texts()
    docs = parse(texts)
    print(f"{len(texts)} texts parsed in {time.time() - t0:.0f}s")
    feats, labels, owner, tokens = examples(texts, docs)
    print(f"{len(feats)} examples; labels:", Counter(CLASSES[y] for y in labels))
    thresholds = [0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6]
    if args.select:
        for c in (0.1, 0.25, 0.5, 1.0, 2.0):
            dev = geneva_dev(texts, docs, feats, labels, owner, c, thresholds)
            for th in thresholds:
                print(f"C={c} th={th} GENEVA dev micro {dev[th]['micro']}")
    if args.cv_rams or args.select:
        cv = rams_cv(texts, docs, feats, labels, owner, tokens, args.c, thresholds,
                     rams_weight=args.rams_weight)
        for th in thresholds:
            print(f"C={args.c} th={th} RAMS CV recall {cv[th]}")
    if args.grid:
        for c in (1.0, 2.0, 4.0):
            for w in (1.0, 3.0):
                dev = geneva_dev(texts, docs, feats, labels, owner, c, thresholds, w)
                cv = rams_cv(texts, docs, feats, labels, owner, tokens, c, thresholds, rams_weight=w)
                for th in thresholds:
                    per_type = [(k, v[2]) for k, v in cv[th].items()]
                    print(f"C={c} w={w} th={th} GENEVA dev micro F1 {dev[th]['micro'][5]} "
                          f"RAMS CV {cv[th]['all four']} {per_type}", flush=True)
    dev = geneva_dev(texts, docs, feats, labels, owner, args.c, [THRESHOLD], args.rams_weight)[THRESHOLD]
    print("GENEVA dev at shipped C/threshold:", json.dumps(dev))
    if args.no_write:
        return
    vocab, model = fit(feats, labels, args.c, sample_weights(texts, owner, labels, args.rams_weight))
    classes = list(CLASSES)
    weights = numpy.zeros((len(vocab), len(classes)), dtype=numpy.float32)
    bias = numpy.zeros(len(classes), dtype=numpy.float32)
    for j, cls in enumerate(model.classes_):
        weights[:, cls] = model.coef_[j]
        bias[cls] = model.intercept_[j]
    missing = [CLASSES[k] for k in range(len(CLASSES)) if k not in set(model.classes_)]
    bias[[CLASSES.index(m) for m in missing]] = -30.0  # a class without examples is never predicted
    features = sorted(vocab, key=vocab.get)
    # drop features whose weights are all but zero: a smaller file, the same decisions
    keep = numpy.abs(weights).max(axis=1) >= 1e-3
    numpy.savez_compressed(MODEL_PATH, classes=numpy.array(classes), features=numpy.array(features)[keep],
                           weights=weights[keep].astype(numpy.float16), bias=bias,
                           threshold=numpy.float32(THRESHOLD), veto=numpy.float32(VETO))
    print(f"wrote {MODEL_PATH} ({MODEL_PATH.stat().st_size / 1e6:.1f} MB, {int(keep.sum())} features)")


if __name__ == "__main__":
    main()
