#!/usr/bin/env python3
"""Train the event detector (src/armswatch/events/detector) and write its weights and model card.

    .venv/bin/python scripts/train_event_detector.py [--grid] [--setup C,weight,slot+slot,alpha[,neg]]
        [--no-write] [--passages] [--probe]

Data (see scripts/detector_data.py): GENEVA train and dev splits (../shared/data/events/geneva.jsonl,
PlusLabNLP/GENEVA at 559e21e9, CC BY 3.0), RAMS 1.0 dev (rams-dev.jsonl, believed CC BY-SA 4.0; only the
labelled trigger of each passage is used, as a positive), and our own labels in
scripts/data/event_labels/ (their README is the data card; the RAMS passages labelled in full only with
--passages). GENEVA's test split is never read here.

Model: multinomial logistic regression (scikit-learn, lbfgs, fixed seed) over sparse features
(features.py), a vocabulary of the features seen at least MIN_COUNT times, beside the WordLlama vector of
the word (`SLOTS`). `--grid` (or `--setup C,weight,slots,alpha`) measures setups on GENEVA dev (trained
on GENEVA train + the rest) and on RAMS by 5-fold cross-validation grouped by article; the shipped values
are the constants below, set from that run (MODEL_CARD.md). Then one model is trained on everything and
written to data/detector.npz.

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
from dataclasses import dataclass
from pathlib import Path

import numpy
from scipy import sparse

sys.path.insert(0, str(Path(__file__).resolve().parent))
from armswatch.events.detector import MODEL_PATH  # noqa: E402
from armswatch.events.detector.cameo import write_table  # noqa: E402
from armswatch.events.detector.features import (  # noqa: E402
    DENSE_SLOTS,
    DIM,
    sentence_features,
    sentence_has_goods,
    sentence_vectors,
)
from detector_data import TYPES, Text, load_texts, parse, trigger_token  # noqa: E402

CLASSES = ("none", *TYPES)
MIN_COUNT = 2
SEED = 13
# chosen with --grid (GENEVA dev micro F1 and RAMS cross-validated recall), then among the grid's best by
# the whole events stage on the development reports (see MODEL_CARD.md): the 0.4.0 model
C = 2.0
THRESHOLD = 0.2
RAMS_WEIGHT = 3.0
VETO = 0.001
SLOTS: tuple[str, ...] = ()  # WordLlama vectors beside the sparse features: none in the shipped model
ALPHA = 1.0  # scale of the dense columns (their share of the l2 penalty)
# weights of the probe fixture's news sentences (probe.jsonl, detector_probe.py): 0, not used. Sessions 10
# and 11 measured them (1 / 0.3, 0.5 / 0.3 and others: better on held-out news, worse on GENEVA dev and
# by one event on the development reports through the whole events stage; MODEL_CARD.md)
PROBE = 0.0
PROBE_NEGATIVE = 0.0


@dataclass(frozen=True)
class Setup:
    """The hyperparameters one model is trained with."""

    c: float = C
    rams_weight: float = RAMS_WEIGHT
    slots: tuple[str, ...] = SLOTS
    alpha: float = ALPHA
    rams_negative: float = 1.0  # weight of negatives in RAMS passages labelled in full (--passages)
    probe: float = PROBE  # weight of the probe fixture's positives and eventless rows; 0: unused
    probe_negative: float = PROBE_NEGATIVE  # weight of the other words of its rows that report an event


class Dense:
    """WordLlama features of every candidate of every text, computed once (all slots; a Setup picks)."""

    def __init__(self, docs: list, vectors: bool = True) -> None:
        # without vectors (no setup of the run uses them) nothing is computed and wordllama is not needed
        self.rows: list[numpy.ndarray] = [
            sentence_vectors(doc, DENSE_SLOTS) if vectors
            else numpy.zeros((len(sentence_features(doc)), DIM * len(DENSE_SLOTS)), numpy.float32)
            for doc in docs]
        self.where: list[dict[int, int]] = [{i: r for r, (i, _) in enumerate(sentence_features(doc))}
                                            for doc in docs]

    def columns(self, slots: tuple[str, ...]) -> numpy.ndarray:
        return numpy.concatenate([numpy.arange(DENSE_SLOTS.index(s) * DIM, (DENSE_SLOTS.index(s) + 1) * DIM)
                                  for s in slots]).astype(numpy.intp) if slots else numpy.zeros(0, numpy.intp)

    def of(self, keys: list[tuple[int, int]], setup: Setup) -> numpy.ndarray:
        """Dense features of (text, token) candidates, scaled."""
        cols = self.columns(setup.slots)
        out = numpy.zeros((len(keys), len(cols)), dtype=numpy.float32)
        for n, (k, i) in enumerate(keys):
            out[n] = self.rows[k][self.where[k][i], cols]
        return out * setup.alpha


def examples(texts: list[Text], docs: list) -> tuple[list[list[str]], list[int], list[int], list[int]]:
    """(features, label index, text index, token index) of every labelled candidate."""
    feats: list[list[str]] = []
    labels: list[int] = []
    owner: list[int] = []
    tokens: list[int] = []
    for k, (t, doc) in enumerate(zip(texts, docs, strict=True)):
        gold: dict[int, str] = {}
        covered: set[int] = set()
        for start, end, etype, check in t.labels:
            i = trigger_token(doc, start, end)
            if i is None:
                continue
            span = doc.char_span(start, end, alignment_mode="expand")
            covered.update(range(span.start, span.end))
            if check == "skip":  # a word of another type than the row's label: left out
                continue
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


def matrix(feats: list[list[str]], vocab: dict[str, int],
           dense: numpy.ndarray | None = None) -> sparse.csr_matrix:
    indptr = [0]
    indices: list[int] = []
    for fs in feats:
        indices.extend(sorted({vocab[f] for f in fs if f in vocab}))
        indptr.append(len(indices))
    data = numpy.ones(len(indices), dtype=numpy.float32)
    x = sparse.csr_matrix((data, indices, indptr), shape=(len(feats), len(vocab)))
    if dense is not None and dense.shape[1]:
        x = sparse.hstack([x, sparse.csr_matrix(dense)], format="csr")
    return x


def fit(feats: list[list[str]], labels: list[int], c: float, weights: list[float] | None = None,
        dense: numpy.ndarray | None = None):
    from sklearn.linear_model import LogisticRegression

    vocab = vocabulary(feats)
    model = LogisticRegression(C=c, max_iter=1000, random_state=SEED)
    model.fit(matrix(feats, vocab, dense), numpy.asarray(labels), sample_weight=weights)
    return vocab, model


def sample_weights(texts: list[Text], owner: list[int], labels: list[int], rams_weight: float,
                   rams_negative: float = 1.0, probe: float = 0.0,
                   probe_negative: float = 0.0) -> list[float]:
    """News positives (RAMS's labelled triggers) count `rams_weight` times: they are the only news-domain
    positives of attack, meeting and sanction, and RAMS gives no negatives beside them (but for the
    passages labelled in full, read with --passages, whose negatives count `rams_negative` times). The
    probe fixture's rows (--probe): its positives and the words of its eventless rows count `probe`
    times, the other words of a row that reports an event `probe_negative` times (they may hold a second
    event the row's one label does not name). A weight of 0 leaves the example out."""
    out = []
    for k, y in zip(owner, labels, strict=True):
        t = texts[k]
        if t.source == "rams":
            out.append(rams_weight if y != 0 else rams_negative)
        elif t.source == "probe":  # a row reports an event when it has a trigger ("own"; "skip" are others)
            reports = any(lab[3] == "own" for lab in t.labels)
            out.append(probe if y != 0 or not reports else probe_negative)
        else:
            out.append(1.0)
    return out


def predict(vocab, model, feats: list[list[str]], dense: numpy.ndarray | None = None) -> numpy.ndarray:
    """Probabilities over CLASSES (columns in CLASSES order even if a class was absent in training)."""
    probs = model.predict_proba(matrix(feats, vocab, dense))
    out = numpy.zeros((len(feats), len(CLASSES)))
    for j, cls in enumerate(model.classes_):
        out[:, cls] = probs[:, j]
    return out


def train_on(texts, feats, labels, owner, tokens, keep: list[int], setup: Setup, dense: Dense):
    """A model trained on the examples `keep`."""
    w = sample_weights(texts, [owner[j] for j in keep], [labels[j] for j in keep], setup.rams_weight,
                       setup.rams_negative, setup.probe, setup.probe_negative)
    keep, w = [j for j, v in zip(keep, w, strict=True) if v > 0], [v for v in w if v > 0]
    d = dense.of([(owner[j], tokens[j]) for j in keep], setup)
    return fit([feats[j] for j in keep], [labels[j] for j in keep], setup.c, w, d)


def score_texts(vocab, model, docs, ks: list[int], setup: Setup, dense: Dense):
    """((text, token) keys, probabilities) of every candidate of the texts ks, labelled or not."""
    te_feats, te_keys = [], []
    for k in ks:
        for i, fs in sentence_features(docs[k]):
            te_feats.append(fs)
            te_keys.append((k, i))
    return te_keys, predict(vocab, model, te_feats, dense.of(te_keys, setup))


def threshold_array(threshold: float | dict[str, float]) -> numpy.ndarray:
    """One threshold per class: a number for all, or a {type: threshold} map over THRESHOLD."""
    if isinstance(threshold, dict):
        return numpy.array([threshold.get(c, THRESHOLD) for c in CLASSES], dtype=numpy.float32)
    return numpy.full(len(CLASSES), threshold, dtype=numpy.float32)


def decide(probs: numpy.ndarray, threshold: float | dict[str, float]) -> list[str]:
    p = probs.copy()
    p[:, 0] = -1
    best = p.argmax(axis=1)
    th = threshold_array(threshold)
    return [CLASSES[b] if p[k, b] >= th[b] else "none" for k, b in enumerate(best)]


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


def rams_cv(texts, docs, feats, labels, owner, tokens, setup: Setup, thresholds, dense: Dense, folds=5):
    """RAMS recall by cross-validation grouped by article: each fold's passages (and every label on them)
    are held out of that fold's training."""
    import hashlib
    rams = [k for k, t in enumerate(texts) if t.source == "rams"]
    fold_of = {k: int(hashlib.sha1(texts[k].group.encode()).hexdigest(), 16) % folds for k in rams}
    decided = {th: {} for th in thresholds}
    for f in range(folds):
        held = {k for k, v in fold_of.items() if v == f}
        tr = [j for j in range(len(feats)) if owner[j] not in held]
        vocab, model = train_on(texts, feats, labels, owner, tokens, tr, setup, dense)
        te_keys, probs = score_texts(vocab, model, docs, sorted(held), setup, dense)
        for th in thresholds:
            for key, d in zip(te_keys, decide(probs, th), strict=True):
                decided[th][key] = d
    pos = {k: n for n, k in enumerate(rams)}
    return {th: rams_recall([texts[k] for k in rams], [docs[k] for k in rams],
                            {(pos[k], i): d for (k, i), d in decided[th].items()})
            for th in thresholds}


def rams_unseen(texts, docs, feats, labels, owner, tokens, setup: Setup, dense: Dense, folds=5):
    """RAMS CV recall (RAMS's own attack, meeting, sanction, transfer labels, threshold THRESHOLD) split by
    whether the trigger's lemma is a positive of any type in the fold's training data: (found, total) for
    seen and for unseen lemmas. Measures what generalises to words no training sentence has."""
    import hashlib
    rams = [k for k, t in enumerate(texts) if t.source == "rams"]
    fold_of = {k: int(hashlib.sha1(texts[k].group.encode()).hexdigest(), 16) % folds for k in rams}
    out = {"seen": [0, 0], "unseen": [0, 0]}
    for f in range(folds):
        held = {k for k, v in fold_of.items() if v == f}
        tr = [j for j in range(len(feats)) if owner[j] not in held]
        positive = {docs[owner[j]][tokens[j]].lemma_.lower() for j in tr if labels[j] != 0}
        vocab, model = train_on(texts, feats, labels, owner, tokens, tr, setup, dense)
        keys, probs = score_texts(vocab, model, docs, sorted(held), setup, dense)
        decided = dict(zip(keys, decide(probs, THRESHOLD), strict=True))
        for k in sorted(held):
            for start, end, etype, check in texts[k].labels:
                i = trigger_token(docs[k], start, end)
                if i is None or check == "own" or etype not in ("attack", "meeting", "sanction", "transfer"):
                    continue
                sent = docs[k][i].sent
                row = out["seen" if docs[k][i].lemma_.lower() in positive else "unseen"]
                row[0] += any(decided.get((k, j)) == etype for j in range(sent.start, sent.end))
                row[1] += 1
    return out


def geneva_dev(texts, docs, feats, labels, owner, tokens, setup: Setup, thresholds, dense: Dense):
    dev = {k for k, t in enumerate(texts) if t.source == "geneva" and t.split == "dev"}
    tr = [j for j in range(len(feats)) if owner[j] not in dev]
    vocab, model = train_on(texts, feats, labels, owner, tokens, tr, setup, dense)
    sub = sorted(dev)
    te_keys, probs = score_texts(vocab, model, docs, sub, setup, dense)
    pos = {k: n for n, k in enumerate(sub)}
    out = {}
    for th in thresholds:
        decided = {(pos[k], i): d for (k, i), d in zip(te_keys, decide(probs, th), strict=True)}
        gold, pred = sentence_sets([texts[k] for k in sub], [docs[k] for k in sub], decided)
        out[th] = sentence_scores(gold, pred)
    return out


GRID = [  # (C, RAMS weight, WordLlama slots, alpha) measured by --grid for the model card
    Setup(1.0, 3.0, (), 1.0), Setup(2.0, 3.0, (), 1.0), Setup(2.0, 5.0, (), 1.0), Setup(4.0, 3.0, (), 1.0),
    Setup(2.0, 3.0, ("word",), 1.0), Setup(2.0, 5.0, ("word", "head"), 1.0),
    Setup(2.0, 3.0, DENSE_SLOTS, 1.0),
]


def parse_setup(text: str) -> Setup:
    """'C,weight,slot+slot,alpha[,RAMS negative weight[,probe weight,probe negative weight]]' (slots may be
    empty: the sparse features alone; the probe weights default to the shipped ones, '0,0' leaves the
    probe rows out as every model before session 10 did)."""
    c, w, slots, a, *rest = text.split(",")
    probe = (float(rest[1]), float(rest[2])) if len(rest) > 2 else (PROBE, PROBE_NEGATIVE)
    return Setup(float(c), float(w), tuple(s for s in slots.split("+") if s), float(a),
                 float(rest[0]) if rest else 1.0, *probe)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--grid", action="store_true", help="GENEVA dev and RAMS CV over GRID (slow)")
    ap.add_argument("--setup", action="append", type=parse_setup, default=[],
                    help="measure this setup (C,weight,slot+slot,alpha); repeatable")
    ap.add_argument("--unseen", action="store_true",
                    help="RAMS CV recall on triggers whose lemma training lacks, per setup given")
    ap.add_argument("--thresholds", action="store_true",
                    help="choose per-type thresholds on out-of-fold probabilities (detector_thresholds.py)")
    ap.add_argument("--errors", action="store_true",
                    help="out-of-fold misses and false alarms by type and GENEVA frame (MODEL_CARD.md)")
    ap.add_argument("--no-write", action="store_true", help="measure only; keep the shipped model")
    ap.add_argument("--passages", action="store_true",
                    help="add the RAMS passages labelled in full (not in the shipped model; MODEL_CARD.md)")
    ap.add_argument("--probe", action="store_true",
                    help="add the probe rows (probe.jsonl), for setups that weight them (MODEL_CARD.md)")
    args = ap.parse_args()
    cameo = Path(__file__).resolve().parents[1].parent / "shared/data/events/cameo-verbs/CAMEO.2.0.txt"
    if cameo.exists():
        print("CAMEO table rows:", write_table(cameo))
    t0 = time.time()
    texts = load_texts(passages=args.passages, probe=args.probe or PROBE > 0)  # the shipped data has them
    docs = parse(texts)
    print(f"{len(texts)} texts parsed in {time.time() - t0:.0f}s")
    feats, labels, owner, tokens = examples(texts, docs)
    runs = (GRID if args.grid else []) + args.setup + ([] if args.no_write or args.unseen else [Setup()])
    dense = Dense(docs, vectors=any(setup.slots for setup in runs))
    print(f"{len(feats)} examples; labels:", Counter(CLASSES[y] for y in labels))
    thresholds = [0.1, 0.15, 0.2, 0.25, 0.3, 0.35]
    shipped = Setup()
    for setup in (GRID if args.grid else [] if args.unseen else args.setup):
        t1 = time.process_time()
        dev = geneva_dev(texts, docs, feats, labels, owner, tokens, setup, thresholds, dense)
        cv = rams_cv(texts, docs, feats, labels, owner, tokens, setup, thresholds, dense)
        for th in thresholds:
            per_type = [(k, v[2]) for k, v in cv[th].items()]
            print(f"C={setup.c} w={setup.rams_weight} slots={'+'.join(setup.slots) or '-'} a={setup.alpha} "
                  f"th={th} GENEVA dev {dev[th]['micro'][3:]} RAMS CV {cv[th]['all four']} {per_type} "
                  f"({time.process_time() - t1:.0f}s CPU)", flush=True)
    for setup in args.setup if args.unseen else []:
        print(setup, "RAMS CV recall by lemma (found, total):",
              rams_unseen(texts, docs, feats, labels, owner, tokens, setup, dense), flush=True)
    if args.thresholds:
        print_thresholds(texts, docs, feats, labels, owner, tokens, shipped, dense)
    if args.errors:
        import detector_thresholds as dt

        probs = dt.out_of_fold(sys.modules[__name__], texts, docs, feats, labels, owner, tokens, shipped,
                               dense)
        print_errors(texts, docs, probs)
    if args.no_write:
        return
    dev = geneva_dev(texts, docs, feats, labels, owner, tokens, shipped, [THRESHOLD], dense)[THRESHOLD]
    print("GENEVA dev of the shipped setup:", json.dumps(dev))
    vocab, model = train_on(texts, feats, labels, owner, tokens, list(range(len(feats))), shipped, dense)
    write_model(vocab, model, shipped)


def print_thresholds(texts, docs, feats, labels, owner, tokens, setup: Setup, dense: Dense) -> None:
    """Per-type thresholds (detector_thresholds.py) against the one THRESHOLD: chosen on the out-of-fold
    probabilities of GENEVA train and RAMS only and then read on GENEVA dev (the honest comparison), and
    chosen on all of them (what would ship)."""
    import detector_thresholds as dt

    probs = dt.out_of_fold(sys.modules[__name__], texts, docs, feats, labels, owner, tokens, setup, dense)
    scorer = dt.Scorer(texts, docs, probs, CLASSES, trigger_token, sentence_has_goods)
    dev = {k for k, t in enumerate(texts) if t.source == "geneva" and t.split == "dev"}
    not_dev = {g for g, (k, _) in zip(scorer.group, scorer.sent, strict=True) if k not in dev}
    vocab, model = train_on(texts, feats, labels, owner, tokens,
                            [j for j in range(len(feats)) if owner[j] not in dev], setup, dense)
    sub = sorted(dev)
    keys, dev_probs = score_texts(vocab, model, docs, sub, setup, dense)
    pos = {k: n for n, k in enumerate(sub)}

    def dev_micro(threshold: float | dict[str, float]) -> tuple:
        decided = {(pos[k], i): d for (k, i), d in zip(keys, decide(dev_probs, threshold), strict=True)}
        gold, pred = sentence_sets([texts[k] for k in sub], [docs[k] for k in sub], decided)
        return sentence_scores(gold, pred)["micro"]

    print(f"uniform {THRESHOLD}: GENEVA dev {dev_micro(THRESHOLD)}, out of fold (GENEVA micro F1, RAMS "
          f"recall) {scorer.score(threshold_array(THRESHOLD))}")
    for name, pool in (("GENEVA train + RAMS", not_dev), ("all", None)):
        chosen, picks = dt.stable_thresholds(scorer, THRESHOLD, pool)
        for p in picks:
            print("  resample:", dict(zip(CLASSES[1:], p[1:].tolist(), strict=True)))
        print(f"chosen on {name}: {chosen}; GENEVA dev {dev_micro(chosen)}, out of fold "
              f"{scorer.score(threshold_array(chosen))}", flush=True)


def print_errors(texts: list[Text], docs: list, probs: dict[tuple[int, int], numpy.ndarray],
                 threshold: float = THRESHOLD, top: int = 20) -> None:
    """Sentence-level misses by (type, GENEVA frame of the first gold mention, its check) and false alarms
    by (type, GENEVA frame at the word that fired, '-' for a word GENEVA left unannotated), with their
    commonest words, over the out-of-fold probabilities of the GENEVA train/dev texts."""
    import bisect

    from detector_data import EVENTS, _load_jsonl

    frames = {(d["id"], e["trigger_start"], e["trigger_end"]): e["type_original"]
              for d in _load_jsonl(EVENTS / "geneva.jsonl") if d["split"] != "test" for e in d["events"]}
    by_text: dict[int, list[int]] = {}
    keys = sorted(probs)
    for n, (k, _) in enumerate(keys):
        if texts[k].source == "geneva":
            by_text.setdefault(k, []).append(n)
    decided = decide(numpy.stack([probs[key] for key in keys]), threshold)
    misses: dict[tuple[str, str, str], Counter] = {}
    alarms: dict[tuple[str, str], Counter] = {}
    for k, rows in by_text.items():
        t, doc = texts[k], docs[k]
        starts = [s.start for s in doc.sents]
        frame_at: dict[int, str] = {}
        gold: dict[tuple[int, str], tuple[str, str, str]] = {}
        for start, end, etype, check in t.labels:
            i = trigger_token(doc, start, end)
            if i is None:
                continue
            frame = "ours" if check == "own" else frames.get((t.id, start, end), "?")
            frame_at.setdefault(i, frame)
            if etype != "none":
                gold.setdefault((bisect.bisect_right(starts, i) - 1, etype), (frame, check, doc[i].lower_))
        pred: dict[tuple[int, str], tuple[str, str]] = {}
        for n in rows:
            i = keys[n][1]
            if decided[n] != "none":
                pred.setdefault((bisect.bisect_right(starts, i) - 1, decided[n]),
                                (frame_at.get(i, "-"), doc[i].lemma_.lower()))
        for (s, etype), (frame, check, word) in gold.items():
            if (s, etype) not in pred:
                misses.setdefault((etype, frame, check), Counter())[word] += 1
        for (s, etype), (frame, lemma) in pred.items():
            if (s, etype) not in gold:
                alarms.setdefault((etype, frame), Counter())[lemma] += 1
    for name, table in (("misses (type, frame, check)", misses),
                        ("false alarms (type, frame at the word)", alarms)):
        print(f"{name}: {sum(sum(c.values()) for c in table.values())}")
        for key, words in sorted(table.items(), key=lambda kv: -sum(kv[1].values()))[:top]:
            print(f"  {sum(words.values()):4d} {' / '.join(key)}: {dict(words.most_common(8))}")


def write_model(vocab: dict[str, int], model, setup: Setup) -> None:
    classes = list(CLASSES)
    n_sparse = len(vocab)
    coef = numpy.zeros((model.coef_.shape[1], len(classes)), dtype=numpy.float32)
    bias = numpy.zeros(len(classes), dtype=numpy.float32)
    for j, cls in enumerate(model.classes_):
        coef[:, cls] = model.coef_[j]
        bias[cls] = model.intercept_[j]
    missing = [CLASSES[k] for k in range(len(CLASSES)) if k not in set(model.classes_)]
    bias[[CLASSES.index(m) for m in missing]] = -30.0  # a class without examples is never predicted
    weights, dense_weights = coef[:n_sparse], coef[n_sparse:] * setup.alpha  # the scale folded in
    features = sorted(vocab, key=vocab.get)
    # drop features whose weights are all but zero: a smaller file, the same decisions
    keep = numpy.abs(weights).max(axis=1) >= 1e-3
    numpy.savez_compressed(MODEL_PATH, classes=numpy.array(classes), features=numpy.array(features)[keep],
                           weights=weights[keep].astype(numpy.float16), bias=bias,
                           dense_slots=numpy.array(setup.slots, dtype=str),
                           dense_weights=dense_weights.astype(numpy.float32),
                           threshold=numpy.float32(THRESHOLD), veto=numpy.float32(VETO))
    print(f"wrote {MODEL_PATH} ({MODEL_PATH.stat().st_size / 1e6:.1f} MB, {int(keep.sum())} sparse features, "
          f"{dense_weights.shape[0]} dense)")


if __name__ == "__main__":
    main()
