#!/usr/bin/env python3
"""Other model classes for the event detector, measured beside the shipped logistic regression over the
same sparse features (session 9, MODEL_CARD.md): a one-hidden-layer network, gradient-boosted trees, and
their probabilities averaged with the logistic regression's.

    OMP_NUM_THREADS=1 .venv/bin/python scripts/detector_models.py "LR(2.0)" "MLP(64,1e-2,(4,6,8),(13,14))"
    .venv/bin/python scripts/detector_models.py --compare "LR(2.0)" "MLP(...):6@0.5" ...

Each model is given as its constructor call. For each it writes the class probabilities of every candidate
word of GENEVA dev (model trained on everything else) and out of fold (detector_thresholds.py's 5-fold
split of GENEVA train+dev and RAMS, grouped by document) to CACHE, and prints GENEVA dev micro F1,
out-of-fold GENEVA micro F1 and RAMS recall over the four news types at thresholds 0.15-0.3. An `MLP`
with several epoch marks is one fit per seed read after each mark (its learning curve). `--compare BASE
CAND[:epoch][@w,w]` reads those files: the candidate (or its probabilities averaged with BASE's, weight
w) against BASE, with a paired bootstrap over GENEVA documents (90% interval of the F1 difference) on
dev and out of fold. `GBM` needs lightgbm, which the project does not depend on (install it elsewhere
and put it on PYTHONPATH).
"""

from __future__ import annotations

import argparse
import ast
import bisect
import pickle
import sys
import time
import warnings
from pathlib import Path

import numpy

sys.path.insert(0, str(Path(__file__).resolve().parent))
import detector_thresholds as dt  # noqa: E402
import train_event_detector as train  # noqa: E402
from armswatch.events.detector.features import sentence_features  # noqa: E402
from detector_data import CACHE, load_texts, parse, trigger_token  # noqa: E402

THRESHOLDS = (0.15, 0.2, 0.25, 0.3)
BOOTSTRAPS = 2000
SEED = 13


class LR:
    """The shipped model class (train_event_detector.fit)."""

    def __init__(self, c: float = train.C) -> None:
        self.c = c

    def fit(self, feats, labels, weights) -> LR:
        self.vocab, self.model = train.fit(feats, labels, self.c, weights)
        return self

    def predict(self, feats) -> numpy.ndarray:
        return train.predict(self.vocab, self.model, feats)


def _columns(model, probs: numpy.ndarray, n: int) -> numpy.ndarray:
    """Probabilities in CLASSES order, whatever classes the model saw."""
    out = numpy.zeros((n, len(train.CLASSES)))
    for j, cls in enumerate(model.classes_):
        out[:, cls] = probs[:, j]
    return out


class MLP:
    """scikit-learn's MLPClassifier (one ReLU layer, adam) on the same sparse matrix; one network per
    seed trained epoch by epoch, their probabilities averaged after each epoch in `marks`."""

    def __init__(self, hidden: int = 64, alpha: float = 1e-2, marks: tuple[int, ...] = (6,),
                 seeds: tuple[int, ...] = (SEED,), lr: float = 1e-3, batch: int = 256) -> None:
        self.hidden, self.alpha, self.marks, self.seeds = hidden, alpha, marks, seeds
        self.lr, self.batch = lr, batch

    def fit(self, feats, labels, weights) -> MLP:
        self.vocab = train.vocabulary(feats)
        self.x, self.y = train.matrix(feats, self.vocab), numpy.asarray(labels)
        self.w = numpy.asarray(weights, dtype=float)
        return self

    def predict(self, feats) -> dict[int, numpy.ndarray]:
        from sklearn.neural_network import MLPClassifier

        x = train.matrix(feats, self.vocab)
        outs = {m: numpy.zeros((len(feats), len(train.CLASSES))) for m in self.marks}
        classes = numpy.unique(self.y)
        for seed in self.seeds:
            net = MLPClassifier((self.hidden,), alpha=self.alpha, batch_size=self.batch,
                                learning_rate_init=self.lr, random_state=seed)
            for epoch in range(1, max(self.marks) + 1):
                net.partial_fit(self.x, self.y, sample_weight=self.w, classes=classes)
                if epoch in outs:
                    outs[epoch] += _columns(net, net.predict_proba(x), len(feats)) / len(self.seeds)
        return outs


class GBM:
    """LightGBM multiclass trees on the same sparse matrix (not a project dependency)."""

    def __init__(self, n: int = 300, lr: float = 0.05, leaves: int = 15, min_child: int = 10,
                 colsample: float = 0.3, lam: float = 1.0) -> None:
        self.params = dict(n_estimators=n, learning_rate=lr, num_leaves=leaves, min_child_samples=min_child,
                           colsample_bytree=colsample, reg_lambda=lam, subsample=0.8, subsample_freq=1,
                           n_jobs=1, random_state=SEED, verbose=-1)

    def fit(self, feats, labels, weights) -> GBM:
        import lightgbm

        self.vocab = train.vocabulary(feats)
        self.model = lightgbm.LGBMClassifier(objective="multiclass", **self.params)
        self.model.fit(train.matrix(feats, self.vocab), numpy.asarray(labels),
                       sample_weight=numpy.asarray(weights, dtype=float))
        return self

    def predict(self, feats) -> numpy.ndarray:
        return _columns(self.model, self.model.predict_proba(train.matrix(feats, self.vocab)), len(feats))


MODELS = {"LR": LR, "MLP": MLP, "GBM": GBM}


def load_data():
    texts = load_texts()
    docs = parse(texts)
    feats, labels, owner, _ = train.examples(texts, docs)
    return texts, docs, feats, labels, owner


def held_out_probabilities(make, texts, docs, feats, labels, owner) -> dict:
    """{'dev': {(text, token): probs}, 'oof': {...}}, or {epoch: that} for a learning curve."""
    dev = {k for k, t in enumerate(texts) if t.source == "geneva" and t.split == "dev"}
    folds = dt.fold_of(texts)
    out: dict = {}
    for part, held in [("dev", dev)] + [("oof", {k for k, v in folds.items() if v == f})
                                         for f in range(dt.FOLDS)]:
        keep = [j for j in range(len(feats)) if owner[j] not in held]
        weights = train.sample_weights(texts, [owner[j] for j in keep], [labels[j] for j in keep],
                                       train.RAMS_WEIGHT)
        model = make().fit([feats[j] for j in keep], [labels[j] for j in keep], weights)
        keys = [(k, i) for k in sorted(held) for i, _ in sentence_features(docs[k])]
        probs = model.predict([f for k in sorted(held) for _, f in sentence_features(docs[k])])
        for mark, p in (probs.items() if isinstance(probs, dict) else [(None, probs)]):
            target = out.setdefault(mark, {}) if mark is not None else out
            target.setdefault(part, {}).update(zip(keys, p, strict=True))
    return out


def counts(texts, docs, probs: dict, threshold: float) -> tuple[dict[str, list[int]], list[int]]:
    """GENEVA (tp, fp, fn) per document over (sentence, type) pairs, and 0/1 per RAMS news label found:
    the measures of detector_thresholds.Scorer (out of fold) and train_event_detector.geneva_dev (dev)."""
    keys = sorted(probs)
    p = numpy.stack([probs[k] for k in keys])
    p[:, 0] = -1
    best = p.argmax(axis=1)
    fired = p[numpy.arange(len(best)), best] >= threshold
    starts = {k: [s.start for s in docs[k].sents] for k in {k for k, _ in keys}}
    pred: dict[tuple[int, int], set[str]] = {}
    for n, (k, i) in enumerate(keys):
        if fired[n]:
            pred.setdefault((k, bisect.bisect_right(starts[k], i) - 1), set()).add(train.CLASSES[best[n]])
    per_doc: dict[str, list[int]] = {}
    rams: list[int] = []
    for k in starts:
        t, doc = texts[k], docs[k]
        gold: dict[int, set[str]] = {}
        for start, end, etype, check in t.labels:
            i = trigger_token(doc, start, end)
            if i is None or etype == "none":
                continue
            s = bisect.bisect_right(starts[k], i) - 1
            if t.source == "geneva":
                gold.setdefault(s, set()).add(etype)
            elif check != "own" and etype in ("attack", "meeting", "sanction", "transfer") and (
                    etype != "transfer" or train.sentence_has_goods(doc[i].sent)):
                rams.append(int(etype in pred.get((k, s), set())))
        if t.source == "geneva":
            c = per_doc.setdefault(t.group, [0, 0, 0])
            for s in range(len(starts[k])):
                g, found = gold.get(s, set()), pred.get((k, s), set())
                c[0], c[1], c[2] = c[0] + len(g & found), c[1] + len(found - g), c[2] + len(g - found)
    return per_doc, rams


def f1(tp: float, fp: float, fn: float) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def measures(texts, docs, result: dict, threshold: float) -> tuple[float, float, float]:
    """(GENEVA dev micro F1, out-of-fold GENEVA micro F1, out-of-fold RAMS recall)."""
    dev, _ = counts(texts, docs, result["dev"], threshold)
    oof, rams = counts(texts, docs, result["oof"], threshold)
    return (f1(*numpy.sum(list(dev.values()), axis=0)), f1(*numpy.sum(list(oof.values()), axis=0)),
            sum(rams) / len(rams))


def paired_bootstrap(texts, docs, base: dict, cand: dict, threshold: float) -> tuple[float, float, float]:
    """F1(cand) - F1(base) at `threshold` (base at train.THRESHOLD), and its 90% interval over GENEVA
    documents resampled with replacement."""
    a, _ = counts(texts, docs, base, train.THRESHOLD)
    b, _ = counts(texts, docs, cand, threshold)
    groups = sorted(a)
    ma, mb = numpy.array([a[g] for g in groups]), numpy.array([b[g] for g in groups])
    rng = numpy.random.default_rng(SEED)
    diffs = numpy.sort([f1(*mb[i].sum(0)) - f1(*ma[i].sum(0))
                        for i in (rng.integers(0, len(groups), len(groups)) for _ in range(BOOTSTRAPS))])
    return f1(*mb.sum(0)) - f1(*ma.sum(0)), diffs[int(0.05 * BOOTSTRAPS)], diffs[int(0.95 * BOOTSTRAPS)]


def build(spec: str):
    """A model from its constructor call, e.g. 'MLP(64,1e-2,(4,6),(13,))' (literal arguments only)."""
    name, _, inner = spec.strip().partition("(")
    args = ast.literal_eval(f"({inner.rstrip()[:-1]},)") if inner.strip(" )") else ()
    return MODELS[name](*args)


def _path(spec: str) -> Path:
    return CACHE / f"model-{spec.replace(' ', '')}.pkl"


def _load(spec: str) -> dict:
    name, _, mark = spec.partition(":")
    with _path(name).open("rb") as f:
        result = pickle.load(f)
    return result[int(mark)] if mark else result


def compare(texts, docs, base_spec: str, specs: list[str]) -> None:
    base = _load(base_spec)
    for spec in specs:
        name, _, ws = spec.partition("@")
        cand = _load(name)
        for w in [float(x) for x in ws.split(",")] if ws else [1.0]:
            mixed = {part: {k: (1 - w) * base[part][k] + w * cand[part][k] for k in base[part]}
                     for part in ("dev", "oof")}
            for th in THRESHOLDS:
                dev, oof, rams = measures(texts, docs, mixed, th)
                d, o = (paired_bootstrap(texts, docs, base[part], mixed[part], th) for part in ("dev", "oof"))
                print(f"{name} w={w} th={th}: dev {dev:.3f} oof {oof:.3f} RAMS {rams:.3f} | against "
                      f"{base_spec}: dev {d[0]:+.3f} [{d[1]:+.3f}, {d[2]:+.3f}], oof {o[0]:+.3f} "
                      f"[{o[1]:+.3f}, {o[2]:+.3f}]", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("models", nargs="+", help='constructor calls, e.g. "MLP(64,1e-2,(6,),(13,))"')
    ap.add_argument("--compare", action="store_true", help="first model is the base; read saved results")
    args = ap.parse_args()
    warnings.filterwarnings("ignore", category=UserWarning)  # partial_fit's convergence warnings
    texts, docs, feats, labels, owner = load_data()
    if args.compare:
        compare(texts, docs, args.models[0], args.models[1:])
        return
    for spec in args.models:
        t0 = time.process_time()
        result = held_out_probabilities(lambda spec=spec: build(spec), texts, docs, feats, labels, owner)
        CACHE.mkdir(parents=True, exist_ok=True)
        with _path(spec).open("wb") as f:
            pickle.dump(result, f)
        for mark, res in (result.items() if "dev" not in result else [("", result)]):
            for th in THRESHOLDS:
                dev, oof, rams = measures(texts, docs, res, th)
                print(f"{spec} epoch={mark} th={th}: GENEVA dev {dev:.3f}, out of fold {oof:.3f}, RAMS "
                      f"{rams:.3f} ({time.process_time() - t0:.0f}s CPU)", flush=True)


if __name__ == "__main__":
    main()
