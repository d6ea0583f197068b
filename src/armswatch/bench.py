"""Throughput of the per-report pipeline against bare spaCy `nlp.pipe`, measured side by side in one run.

One model is loaded once: the bare figure runs the same Language as the model package ships it (its
own components only, its stock attribute ruler and lemmatizer instead of the project's indexed and
cached twins, which give the same output), so the ratio compares armswatch's whole per-report pipeline
with what a bare `spacy.load(...).pipe` costs. Times are the process's CPU time (`time.process_time`):
on a shared or virtual machine wall-clock ratios of the same run moved between 0.75 and 1.1, CPU-time
ratios far less.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from armswatch.clean import clean_report
from armswatch.clean.models import Article
from armswatch.headlines import sentence_case_headlines
from armswatch.read import read_reports
from armswatch.read.models import RawReport

if TYPE_CHECKING:
    from spacy.language import Language


@dataclass(frozen=True)
class BenchResult:
    documents: int
    words: int
    rounds: int
    clean_seconds: float  # read reports → Articles (best round)
    bare_seconds: float  # nlp.pipe with only spaCy's own components (best round)
    annotate_seconds: float  # nlp.pipe with armswatch's components + linking + event extraction (best round)
    annotate_ratios: tuple[float, ...]  # per round: bare / annotate, the two timed back to back
    per_report_ratios: tuple[float, ...]  # per round: bare / (clean + annotate)
    detector_seconds: float = 0.0  # of annotate_seconds: the event detector's scoring (same round)

    def words_per_second(self, seconds: float) -> float:
        return self.words / seconds if seconds else 0.0

    @property
    def per_report_seconds(self) -> float:
        return self.clean_seconds + self.annotate_seconds

    @property
    def annotate_ratio(self) -> float:
        """Throughput of armswatch's annotation over bare nlp.pipe (1.0 = no overhead): the median of
        the rounds' paired ratios, steadier than a ratio of best times on a shared machine."""
        return statistics.median(self.annotate_ratios)

    @property
    def per_report_ratio(self) -> float:
        return statistics.median(self.per_report_ratios)


def _events_extractor() -> Callable | None:
    try:
        from armswatch.events.extract import extract_events
    except ImportError:  # the events stage is optional in a benchmark run
        return None
    return extract_events


def clear_content_caches(nlp: Language) -> None:
    """Empty the caches keyed on report content (word n-grams, words, lemmas, class names, date strings), so a
    round over the same reports costs what it costs a fresh process: rounds after the first would
    otherwise find every answer cached, which a stream of new reports never does (a long run warms
    these caches only partly, so the benchmark's figure is the conservative one)."""
    from armswatch.cached_lemmatizer import CACHED_LEMMATIZER_NAME, CachedLemmatizer
    from armswatch.clean.html_features import _categories_of
    from armswatch.events import items, timex
    from armswatch.indexed_ruler import INDEXED_RULER_NAME, IndexedAttributeRuler

    for cached in (items.norm_key, items._lookup_shipped, items._can_start, timex._dateparser_absolute,
                   _categories_of):
        cached.cache_clear()
    if INDEXED_RULER_NAME in nlp.component_names:
        ruler = nlp.get_pipe(INDEXED_RULER_NAME)
        if isinstance(ruler, IndexedAttributeRuler):
            ruler.clear_cache()
    if CACHED_LEMMATIZER_NAME in nlp.component_names:
        lemmatizer = nlp.get_pipe(CACHED_LEMMATIZER_NAME)
        if isinstance(lemmatizer, CachedLemmatizer):
            lemmatizer.clear_cache()


def _clean_or_none(raw: RawReport) -> Article | None:
    try:
        return clean_report(raw)
    except Exception:  # a report the pipeline would skip is not timed either
        return None


def run_benchmark(
    inputs: Sequence[str | Path], rounds: int = 5, batch_size: int = 1, repeat: int = 1
) -> BenchResult:
    """Time cleaning, bare spaCy and armswatch's annotation over the inputs, `rounds` times.

    Each round walks the reports in batches of `batch_size` and times both sides on every batch, back
    to back, in alternating order: this VM's speed drifts by ±30 % within seconds (whole-corpus timings
    of the same pipeline moved between 0.91 and 1.46 s), and interleaving at batch level makes a drift
    hit both sides alike. Seconds are each side's best round; the ratios are the median of the rounds'
    ratios. `repeat` times the same reports several times over, for longer rounds on few reports."""
    from armswatch.entities import link_doc
    from armswatch.nlp import load_pipeline, shipped_components

    raws = [r for r in read_reports(inputs) if isinstance(r, RawReport)] * repeat
    nlp = load_pipeline()
    extract = _events_extractor()
    stock = shipped_components(nlp)
    enabled = set(nlp.pipe_names)

    def switch_to(names: set[str] | list[str]) -> None:
        for name in nlp.component_names:
            (nlp.enable_pipe if name in names else nlp.disable_pipe)(name)

    def bare(texts: list[str]) -> float:
        switch_to(stock)  # the model as shipped: the components its package enables, ours off
        try:
            t0 = time.process_time()
            for _doc in nlp.pipe(texts, batch_size=batch_size):
                pass
            return time.process_time() - t0
        finally:
            switch_to(enabled)

    def full(articles: list[Article], texts: list[str]) -> float:
        t0 = time.process_time()
        parsed = (sentence_case_headlines(t) for t in texts)  # as annotate feeds the parser
        for article, doc in zip(articles, nlp.pipe(parsed, batch_size=batch_size), strict=True):
            mentions = link_doc(doc)
            if extract is not None:
                extract(doc, article.id, date.fromisoformat(article.reference_date), mentions)
        return time.process_time() - t0

    from armswatch.events.detector import load_detector

    detector = load_detector()
    batches = [raws[i:i + batch_size] for i in range(0, len(raws), batch_size)]
    # One report through every stage before timing: tables each stage loads on first use (the block and
    # line models, the CAMEO table of the event detector: ~1.5 s of CPU once) are a process's start-up
    # cost, as the language model's loading is, not a per-report one.
    warm = [a for a in map(_clean_or_none, raws[:1]) if a is not None]
    if warm:
        bare([warm[0].body])
        full(warm, [warm[0].body])
    cleans, bares, fulls, detects = [], [], [], []
    words = documents = 0
    for round_no in range(rounds):
        clear_content_caches(nlp)
        clean_s = bare_s = full_s = 0.0
        words = documents = 0
        detector_before = detector.cpu_seconds if detector is not None else 0.0
        for batch_no, batch in enumerate(batches):
            t0 = time.process_time()
            articles = [a for a in map(_clean_or_none, batch) if a is not None]
            clean_s += time.process_time() - t0
            texts = [a.body for a in articles]
            words += sum(len(t.split()) for t in texts)
            documents += len(texts)
            if (round_no + batch_no) % 2 == 0:
                bare_s += bare(texts)
                full_s += full(articles, texts)
            else:
                full_s += full(articles, texts)
                bare_s += bare(texts)
        cleans.append(clean_s)
        bares.append(bare_s)
        fulls.append(full_s)
        detects.append((detector.cpu_seconds if detector is not None else 0.0) - detector_before)
    return BenchResult(
        documents,
        words,
        rounds,
        min(cleans),
        min(bares),
        min(fulls),
        tuple(b / f for b, f in zip(bares, fulls, strict=True)),
        tuple(b / (c + f) for b, c, f in zip(bares, cleans, fulls, strict=True)),
        detects[fulls.index(min(fulls))] if fulls else 0.0,
    )
