"""Throughput of the per-report pipeline against bare spaCy `nlp.pipe`, measured side by side in one run.

One model is loaded once: the bare figure runs the same Language with the project's components
disabled (`nlp.select_pipes`), so the ratio isolates what armswatch adds on top of spaCy.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from armswatch.clean import clean_report
from armswatch.clean.models import Article
from armswatch.read import read_reports
from armswatch.read.models import RawReport


@dataclass(frozen=True)
class BenchResult:
    documents: int
    words: int
    rounds: int  # each timing is the best of this many rounds
    clean_seconds: float  # read reports → Articles (once per round)
    bare_seconds: float  # nlp.pipe with only spaCy's own components
    annotate_seconds: float  # nlp.pipe with armswatch's components + linking + event extraction
    per_report_seconds: float  # clean + annotate: the whole per-report pipeline

    def words_per_second(self, seconds: float) -> float:
        return self.words / seconds if seconds else 0.0

    @property
    def annotate_ratio(self) -> float:
        """Throughput of armswatch's annotation over bare nlp.pipe (1.0 = no overhead)."""
        return self.bare_seconds / self.annotate_seconds if self.annotate_seconds else 0.0

    @property
    def per_report_ratio(self) -> float:
        return self.bare_seconds / self.per_report_seconds if self.per_report_seconds else 0.0


def _events_extractor() -> Callable | None:
    try:
        from armswatch.events.extract import extract_events
    except ImportError:  # the events stage is optional in a benchmark run
        return None
    return extract_events


def _clean_or_none(raw: RawReport) -> Article | None:
    try:
        return clean_report(raw)
    except Exception:  # a report the pipeline would skip is not timed either
        return None


def run_benchmark(inputs: Sequence[str | Path], rounds: int = 3, batch_size: int = 32) -> BenchResult:
    """Clean the inputs, then time bare and full annotation alternately, `rounds` times each; the
    best round of each is kept, which is the usual way to read timings on a shared machine."""
    from armswatch.entities import link_doc
    from armswatch.nlp import CUSTOM_COMPONENTS, load_pipeline

    raws = [r for r in read_reports(inputs) if isinstance(r, RawReport)]
    nlp = load_pipeline()
    extract = _events_extractor()
    texts: list[str] = []
    articles: list[Article] = []
    best_clean = best_bare = best_full = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        articles = [a for a in map(_clean_or_none, raws) if a is not None]
        best_clean = min(best_clean, time.perf_counter() - t0)
        texts = [a.body for a in articles]

        t0 = time.perf_counter()
        with nlp.select_pipes(disable=[p for p in CUSTOM_COMPONENTS if p in nlp.pipe_names]):
            for _doc in nlp.pipe(texts, batch_size=batch_size):
                pass
        best_bare = min(best_bare, time.perf_counter() - t0)

        t0 = time.perf_counter()
        for article, doc in zip(articles, nlp.pipe(texts, batch_size=batch_size), strict=True):
            mentions = link_doc(doc)
            if extract is not None:
                extract(doc, article.id, date.fromisoformat(article.reference_date), mentions)
        best_full = min(best_full, time.perf_counter() - t0)
    words = sum(len(t.split()) for t in texts)
    return BenchResult(len(texts), words, rounds, best_clean, best_bare, best_full, best_clean + best_full)
