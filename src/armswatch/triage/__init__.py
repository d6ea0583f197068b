"""Triage: a cheap relevance pass before the language pipeline.

Most of a crawl (sport, shopping, recipes) can hold no event of our types; parsing it costs about 0.1 s
a report. `triage_text(text)` scores a report at tokenizer speed (a regular expression and a few set
lookups, about a millisecond) with a linear model over hashed words plus the counts of our lexicons'
words: the event trigger words of events/data/frames.yaml, the item terms of items.yaml and the CAMEO
verbs of events/detector/data/cameo_verbs.tsv. A report scoring under the shipped threshold is set
aside: stored, counted in run.json, and annotated by a later run with `--no-triage`.

The weights are trained by scripts/train_triage.py (fixed seed) on the full pipeline's own verdicts, so
the model learns which reports the parser would find an event in; its threshold is set low on purpose
(recall first: a report set aside is lost to the dossier, one kept costs only time). Two models share
the features: pages and long paragraphs (PAGE_WORDS words or more) are scored by the page model, shorter
texts (headlines, posts, a sentence or two: a feed's items) by the sentence model, trained on all
lengths with its words scaled to unit length (issue 16: the page model kept every short text).
"""

from __future__ import annotations

import math
import re
import zlib
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import numpy as np
import yaml

# Hashed word features, then a few dense ones at the end (lexicon counts, length)
DIMENSIONS = 1 << 18
_DENSE = DIMENSIONS - 16
_FRAME, _ITEM, _CAMEO, _LENGTH, _FRAME_AND_ITEM = range(_DENSE, _DENSE + 5)

_WORD = re.compile(r"[a-z][a-z0-9\-]*[a-z0-9]|[a-z]")


@dataclass(frozen=True)
class Verdict:
    keep: bool
    score: float  # the model's score; `keep` is score >= the shipped threshold


def _forms(lemma: str) -> set[str]:
    """The inflected forms of an English lemma, near enough for a lexicon lookup (ship: ships, shipped,
    shipping; seize: seized, seizing; supply: supplies, supplied)."""
    out = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "ing", lemma + "d"}
    if lemma.endswith("e"):
        out |= {lemma[:-1] + "ing"}
    if lemma.endswith("y"):
        out |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if len(lemma) > 2 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou":
        out |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return out


@cache
def lexicons() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(frame trigger forms, item words, CAMEO verb forms), every one lower case. Multi-word entries
    count by their head (last) word for items and their first word for phrasal verbs."""
    events = resources.files("armswatch.events")
    frames = yaml.safe_load(events.joinpath("data/frames.yaml").read_text(encoding="utf-8"))
    triggers: set[str] = set()
    for section in ("verbs", "nouns"):
        for words in frames[section].values():
            for word in words:
                triggers |= _forms(str(word).lower().split()[0])
    items = yaml.safe_load(events.joinpath("data/items.yaml").read_text(encoding="utf-8"))
    item_words: set[str] = set()
    for category in items["categories"].values():
        for term in category.get("terms", []):
            item_words |= _forms(str(term).lower().split()[-1])
    cameo: set[str] = set()
    table = resources.files("armswatch.events.detector").joinpath("data/cameo_verbs.tsv")
    for line in table.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            cameo |= _forms(line.split("\t", 1)[0].lower().split()[0])
    return frozenset(triggers), frozenset(item_words), frozenset(cameo)


def lexicon_hits(words: set[str]) -> tuple[int, int, int]:
    """How many distinct words of a report are frame triggers, item words, CAMEO verbs."""
    triggers, items, cameo = lexicons()
    return len(words & triggers), len(words & items), len(words & cameo)


@lru_cache(maxsize=1 << 16)  # bounded: a long stream brings ever more distinct words (issue 16)
def _slot(word: str) -> int:
    # crc32, not hash(): Python's string hash changes with every process, the weights must not
    return zlib.crc32(word.encode()) % _DENSE


def features(text: str, unit: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """(indexes, values) of a report's features: each distinct word once (presence, so a long page is
    not scored by its length alone), and the log counts of lexicon hits and of words. With `unit`, the
    words' values are scaled to unit length (1/sqrt of the distinct words): a sentence and a paragraph
    then score on one scale, where raw presence left a sentence's score near the bias, above any
    threshold a page needs (the sentence model); raw presence is the page model's."""
    return _features(_WORD.findall(text.lower()), unit)


def _features(tokens: list[str], unit: bool) -> tuple[np.ndarray, np.ndarray]:
    words = set(tokens)
    frame, item, cameo = lexicon_hits(words)
    idx = [_slot(w) for w in words]
    val = [1.0 / math.sqrt(len(idx)) if unit else 1.0] * len(idx) if idx else []  # a text of no words
    idx += [_FRAME, _ITEM, _CAMEO, _LENGTH, _FRAME_AND_ITEM]
    val += [math.log1p(frame), math.log1p(item), math.log1p(cameo), math.log1p(len(tokens)) / 4,
            float(frame > 0 and item > 0)]
    return np.asarray(idx, dtype=np.int64), np.asarray(val, dtype=np.float32)


# Words from which a report is scored by the page model: pages and long paragraphs, the lengths it was
# trained on; shorter ones (headlines, posts, a sentence or two) by the sentence model (issue 16)
PAGE_WORDS = 150


@dataclass(frozen=True)
class Model:
    weights: np.ndarray
    bias: float
    threshold: float


@cache
def load_model() -> tuple[Model, Model]:
    """(the sentence model, the page model) shipped in triage/data/model.npz."""
    with resources.files("armswatch.triage").joinpath("data/model.npz").open("rb") as fh:
        data = np.load(fh)
        return tuple(Model(data[f"{name}weights"].astype(np.float32), float(data[f"{name}bias"]),
                           float(data[f"{name}threshold"])) for name in ("", "page_"))  # type: ignore[return-value]


def triage_text(text: str) -> Verdict:
    """The entry point: whether a report may hold an event of our types (keep) or can be set aside."""
    sentence, page = load_model()
    tokens = _WORD.findall(text.lower())
    long = len(tokens) >= PAGE_WORDS
    model = page if long else sentence
    idx, val = _features(tokens, unit=not long)
    score = float(np.dot(model.weights[idx], val)) + model.bias
    return Verdict(score >= model.threshold, score)
