"""The learned event detector: which of the nine event types a sentence reports, and at which word.

    detect_triggers(doc) -> list[DetectedTrigger]

A multinomial logistic regression over the sparse features of `features.py` and WordLlama word vectors
(the word, its head, its arguments, its sentence), trained by
`scripts/train_event_detector.py` on GENEVA, RAMS and our own labelled sentences (data card and figures:
`data/MODEL_CARD.md`; evaluation: `scripts/eval_event_detection.py`). Why a linear model: it runs at a
small fraction of the parser's cost (one dictionary look-up per feature, one numpy reduction per
report), needs no model download, and its weights can be read. The weights ship inside the package
(`data/detector.npz`) and are loaded once per process.

How it combines with the hand frames (`events/frames/`), in one place (`events/extract.py`,
`_sentence_events`): the detector decides whether a word states an event and of which type; the frames
and the parse then fill its roles (supplier, recipient, attacker, target, condemner ...), its places,
items and time. A frames trigger the detector scores below `VETO` for its type is dropped; a word the
detector finds that the frames lexicon lacks is given the frame of its type.
"""

from __future__ import annotations

import bisect
import os
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy
from spacy.tokens import Doc, Span, Token

from armswatch.events.detector.features import DIM, embed_words, sentence_features, sentence_vectors

MODEL_PATH = Path(__file__).with_name("data") / "detector.npz"
MAX_CACHED = 200_000  # words whose projected vectors are kept (about 8 MB at 10 classes)

__all__ = ["DetectedTrigger", "EventDetector", "detect_triggers", "load_detector"]


@dataclass(frozen=True)
class DetectedTrigger:
    token: int  # token index in the Doc
    type: str
    probability: float


class EventDetector:
    """A callable over a Doc (or a sentence Span): its triggers above the model's threshold."""

    def __init__(self, path: Path = MODEL_PATH) -> None:
        with numpy.load(path, allow_pickle=False) as z:
            self.classes: list[str] = [str(c) for c in z["classes"]]
            self.weights: numpy.ndarray = z["weights"].astype(numpy.float32)
            self.bias: numpy.ndarray = z["bias"].astype(numpy.float32)
            features = [str(f) for f in z["features"]]
            self.threshold = float(z["threshold"])
            self.veto = float(z["veto"])
            # WordLlama vectors of the word, its head, its arguments and its sentence (features.py), and
            # their weights; a model trained without them has none
            slots = z.get("dense_slots", ())
            self.slots: tuple[str, ...] = tuple(str(s) for s in slots)
            self.dense_weights: numpy.ndarray | None = (
                z["dense_weights"].astype(numpy.float32) if self.slots else None)
        self.index = {f: i for i, f in enumerate(features)}
        # a word's and a head's vector only ever enter as their product with the dense weights: that
        # product is cached per word (10 floats, not 256), bounded so a long run's memory stays flat
        self.projected: dict[str, numpy.ndarray] = {}
        self.per_word = set(self.slots) <= {"word", "head"}
        self.none = self.classes.index("none")
        self.cpu_seconds = 0.0  # CPU time spent scoring, for the benchmark's share of the detector
        self._last_doc: tuple[Doc, int, Any] | None = None  # _doc_scores' Doc and what it found

    def probabilities(self, sent: Span | Doc) -> tuple[list[int], numpy.ndarray]:
        """(candidate token indices, class probabilities per candidate)."""
        t0 = time.process_time()
        try:
            return self._probabilities(sent)
        finally:
            self.cpu_seconds += time.process_time() - t0

    def _probabilities(self, sent: Span | Doc) -> tuple[list[int], numpy.ndarray]:
        if isinstance(sent, Span) and self.dense_weights is None:
            # a sentence's rows cut from its Doc's probabilities, computed for all its sentences at once: the
            # same values (each row is the softmax of the bias plus its own features' weights), without
            # numpy's fixed cost per call paid for every sentence (most of the detector's CPU beside the
            # features on wcxb-dev pages)
            found = self._doc_scores(sent.doc)
            if found is not None and (sent.start, sent.end) in found[0]:
                idx_all, probs_all = found[1], found[2]
                lo, hi = bisect.bisect_left(idx_all, sent.start), bisect.bisect_left(idx_all, sent.end)
                return idx_all[lo:hi], probs_all[lo:hi].copy()
        pairs = sentence_features(sent)
        if not pairs:
            return [], numpy.zeros((0, len(self.classes)), dtype=numpy.float32)
        scores = self._sparse_scores(pairs)
        if self.dense_weights is not None:
            scores += (self._word_scores(sent, [i for i, _ in pairs]) if self.per_word
                       else sentence_vectors(sent, self.slots) @ self.dense_weights)
        return [i for i, _ in pairs], self._softmax(scores)

    def _doc_scores(self, doc: Doc) -> tuple[set[tuple[int, int]], list[int], numpy.ndarray] | None:
        """The Doc's sentences (start, end), its candidates' token indices and their probabilities, kept for
        the Doc last asked about (its sentences are asked one after another); None without sentence
        boundaries. Like the candidates read once per Doc (features._doc_columns), they are read after the
        events stage's retagging of event nouns, which comes before any sentence is scored."""
        cached = self._last_doc
        if cached is not None and cached[0] is doc and cached[1] == len(doc):
            return cached[2]
        found = None
        if doc.has_annotation("SENT_START"):
            pairs = sentence_features(doc)
            probs = (self._softmax(self._sparse_scores(pairs)) if pairs
                     else numpy.zeros((0, len(self.classes)), dtype=numpy.float32))
            found = ({(s.start, s.end) for s in doc.sents}, [i for i, _ in pairs], probs)
        self._last_doc = (doc, len(doc), found)
        return found

    @staticmethod
    def _softmax(scores: numpy.ndarray) -> numpy.ndarray:
        scores -= scores.max(axis=1, keepdims=True)
        probs = numpy.exp(scores)
        probs /= probs.sum(axis=1, keepdims=True)
        return probs

    def _sparse_scores(self, pairs: list[tuple[int, list[str]]]) -> numpy.ndarray:
        """The bias plus the weights of each candidate's known features, one row per candidate."""
        rows: list[int] = []
        offsets: list[int] = []
        index = self.index
        for _, feats in pairs:
            offsets.append(len(rows))
            rows.extend(i for f in feats if (i := index.get(f)) is not None)
        scores = numpy.tile(self.bias, (len(pairs), 1))
        if rows:
            gathered = self.weights[numpy.asarray(rows, dtype=numpy.intp)]
            starts = numpy.asarray(offsets, dtype=numpy.intp)
            nonempty = numpy.append(starts[1:], len(rows)) > starts
            sums = numpy.add.reduceat(gathered, starts[nonempty], axis=0)
            scores[nonempty] += sums
        return scores

    def _word_scores(self, sent: Span | Doc, idx: list[int]) -> numpy.ndarray:
        """The dense part of the scores when every slot is one word's vector (the word, its head): the
        same sum as `sentence_vectors(sent, slots) @ dense_weights`, from the per-word cache."""
        doc = sent.doc if isinstance(sent, Span) else sent
        keys: list[list[str | None]] = []
        for i in idx:
            tok = doc[i]
            keys.append([tok.lower_ if slot == "word" else (tok.head.lower_ if tok.head is not tok else None)
                         for slot in self.slots])
        cache = self.projected
        if len(cache) > MAX_CACHED:
            cache.clear()
        needed = {w for row in keys for w in row if w is not None}
        # looked up once into a local map, so a cache emptied meanwhile (another thread) loses nothing
        found = {w: v for w in needed if (v := cache.get(w)) is not None}
        new = sorted(needed - found.keys())
        if new:
            w = self.dense_weights.reshape(len(self.slots), DIM, -1)  # type: ignore[union-attr]
            fresh = dict(zip(new, numpy.einsum("nd,sdc->nsc", embed_words(new), w), strict=True))
            cache.update(fresh)
            found.update(fresh)
        out = numpy.zeros((len(idx), len(self.classes)), dtype=numpy.float32)
        for r, row in enumerate(keys):
            for s, word in enumerate(row):
                if word is not None:
                    out[r] += found[word][s]
        return out

    def __call__(self, sent: Span | Doc) -> list[DetectedTrigger]:
        idx, probs = self.probabilities(sent)
        out = []
        for k, i in enumerate(idx):
            p = probs[k].copy()
            p[self.none] = -1.0
            best = int(p.argmax())
            if p[best] >= self.threshold:
                out.append(DetectedTrigger(i, self.classes[best], float(p[best])))
        return out

    def knows(self, tok: Token) -> bool:
        """Whether the model was trained on this word (its lemma is one of its features)."""
        return f"l:{tok.lemma_.lower()}" in self.index


@lru_cache(maxsize=1)
def load_detector() -> EventDetector | None:
    """The shipped detector, loaded once per process (None when the package was built without it, or
    with ARMSWATCH_NO_DETECTOR set: the frames alone, for ablations)."""
    if os.environ.get("ARMSWATCH_NO_DETECTOR"):
        return None
    return EventDetector() if MODEL_PATH.exists() else None


def detect_triggers(doc: Doc | Span) -> list[DetectedTrigger]:
    """Every trigger the shipped detector finds in a Doc or sentence."""
    detector = load_detector()
    return detector(doc) if detector is not None else []
