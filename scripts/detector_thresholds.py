"""Per-type thresholds of the event detector, chosen on out-of-fold probabilities (train_event_detector.py
--thresholds).

Every GENEVA train/dev document and RAMS article falls in one of five folds (by a hash of its id); each
fold's candidates are scored by a model trained on the other folds and on our written sentences. On those
probabilities a threshold per type is chosen by coordinate ascent over THRESHOLD_GRID, maximising GENEVA
sentence-level micro F1 while RAMS recall over the four news types stays at least RAMS_FLOOR. The same
choice is repeated on bootstrap resamples of 80% of the documents: a type keeps its own threshold only
where most resamples agree (AGREE of RESAMPLES) and it has MIN_SUPPORT gold sentences, so a type with few
examples does not get a threshold fitted to two sentences.
"""

from __future__ import annotations

import bisect
import hashlib
from collections import Counter

import numpy

THRESHOLD_GRID = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)
RAMS_FLOOR = 0.80  # the issue asks 0.75; the margin is the spread of RAMS CV between fold splits
RESAMPLES = 8
AGREE = 6
MIN_SUPPORT = 20  # gold GENEVA sentences of the type (exercise has 5, seizure 4)
FOLDS = 5
SEED = 13


def fold_of(texts) -> dict[int, int]:
    """Fold of every GENEVA and RAMS text, grouped by document or article."""
    return {k: int(hashlib.sha1((t.source + t.group).encode()).hexdigest(), 16) % FOLDS
            for k, t in enumerate(texts) if t.source in ("geneva", "rams")}


def out_of_fold(train, texts, docs, feats, labels, owner, tokens, setup,
                dense) -> dict[tuple[int, int], numpy.ndarray]:
    """{(text, token): class probabilities} of every candidate of GENEVA train/dev and RAMS, each from the
    model that did not see its document. `train` is the train_event_detector module."""
    folds = fold_of(texts)
    out: dict[tuple[int, int], numpy.ndarray] = {}
    for f in range(FOLDS):
        held = {k for k, v in folds.items() if v == f}
        keep = [j for j in range(len(feats)) if owner[j] not in held]
        vocab, model = train.train_on(texts, feats, labels, owner, tokens, keep, setup, dense)
        keys, probs = train.score_texts(vocab, model, docs, sorted(held), setup, dense)
        out.update(zip(keys, probs, strict=True))
    return out


class Scorer:
    """Sentence-level scores of out-of-fold probabilities under any thresholds, computed fast."""

    def __init__(self, texts, docs, probs: dict[tuple[int, int], numpy.ndarray], classes: tuple[str, ...],
                 trigger_token, has_goods) -> None:
        keys = sorted(probs)
        self.classes = classes
        self.p = numpy.stack([probs[k] for k in keys])
        self.p[:, 0] = -1.0
        starts = {k: [s.start for s in docs[k].sents] for k in {k for k, _ in keys}}
        self.sent = [(k, bisect.bisect_right(starts[k], i) - 1) for k, i in keys]
        self.rams = numpy.array([texts[k].source == "rams" for k, _ in keys])
        self.group = [texts[k].source + texts[k].group for k, _ in keys]
        self.first: dict[tuple[int, int], int] = {}  # a candidate of each sentence
        for n, s in enumerate(self.sent):
            self.first.setdefault(s, n)
        self.gold: dict[tuple[int, int], set[str]] = {}  # GENEVA, our labels on it included
        self.gold_group: dict[tuple[int, int], str] = {}
        self.news: dict[tuple[int, int], set[str]] = {}  # RAMS's own labels of the four types
        for k in starts:
            t, doc = texts[k], docs[k]
            for start, end, etype, check in t.labels:
                i = trigger_token(doc, start, end)
                if i is None or etype == "none":
                    continue
                s = (k, bisect.bisect_right(starts[k], i) - 1)
                if t.source == "geneva":
                    self.gold.setdefault(s, set()).add(etype)
                    self.gold_group[s] = t.source + t.group
                elif check != "own" and etype in ("attack", "meeting", "sanction", "transfer") and (
                        etype != "transfer" or has_goods(doc[i].sent)):
                    self.news.setdefault(s, set()).add(etype)  # military transfers only, as rams_recall

    def score(self, th: numpy.ndarray, groups: set[str] | None = None) -> tuple[float, float]:
        """(GENEVA micro F1, RAMS recall) over the documents `groups` (all when None)."""
        best = self.p.argmax(axis=1)
        fired = self.p[numpy.arange(len(best)), best] >= th[best]
        pred: dict[tuple[int, int], set[str]] = {}
        inside: set[tuple[int, int]] = set()
        for n in range(len(best)):
            if groups is None or self.group[n] in groups:
                inside.add(self.sent[n])
                if fired[n]:
                    pred.setdefault(self.sent[n], set()).add(self.classes[best[n]])
        tp = fp = fn = 0
        # a gold trigger that is no candidate (an adjective: 'lethal') is missed in any case
        inside |= {s for s, g in self.gold_group.items() if groups is None or g in groups}
        for s in inside:
            if s in self.news or (s in self.first and self.rams[self.first[s]]):
                continue  # a RAMS sentence: recall only, below
            g, p = self.gold.get(s, set()), pred.get(s, set())
            tp, fp, fn = tp + len(g & p), fp + len(p - g), fn + len(g - p)
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        news = [(s, t) for s, ts in self.news.items() for t in ts if s in inside]
        found = sum(1 for s, t in news if t in pred.get(s, set()))
        return f1, found / len(news) if news else 0.0


def choose(scorer: Scorer, base: float, groups: set[str] | None = None) -> numpy.ndarray:
    """Per-class thresholds by two sweeps of coordinate ascent from `base` everywhere."""
    def objective(th: numpy.ndarray) -> float:
        f1, recall = scorer.score(th, groups)
        return f1 - (1.0 if recall < RAMS_FLOOR else 0.0)

    th = numpy.full(len(scorer.classes), base)
    best = objective(th)
    for _ in range(2):
        for c in range(1, len(scorer.classes)):
            for v in THRESHOLD_GRID:
                trial = th.copy()
                trial[c] = v
                if (o := objective(trial)) > best + 1e-9:
                    best, th = o, trial
    return th


def stable_thresholds(scorer: Scorer, base: float,
                      pool: set[str] | None = None) -> tuple[dict[str, float], list[numpy.ndarray]]:
    """{type: threshold} for the types most resamples of the documents `pool` (all when None) agree on
    and that have at least MIN_SUPPORT gold GENEVA sentences, and every resample's choice."""
    groups = sorted(pool if pool is not None else set(scorer.group))
    support = Counter(t for g in scorer.gold.values() for t in g)
    rng = numpy.random.default_rng(SEED)
    picks = [choose(scorer, base, {groups[g] for g in rng.choice(len(groups), int(0.8 * len(groups)),
                                                                   replace=False)})
             for _ in range(RESAMPLES)]
    out: dict[str, float] = {}
    for c, name in enumerate(scorer.classes[1:], start=1):
        value, n = Counter(float(p[c]) for p in picks).most_common(1)[0]
        if n >= AGREE and value != base and support[name] >= MIN_SUPPORT:
            out[name] = value
    return out, picks
