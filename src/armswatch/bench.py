"""Throughput of the per-report pipeline against bare spaCy `nlp.pipe`, measured side by side in one run.

One model is loaded once: the bare figure runs the same Language with the project's components
disabled (`nlp.select_pipes`), so the ratio isolates what armswatch adds on top of spaCy. Times are the
process's CPU time (`time.process_time`): on a shared or virtual machine wall-clock ratios of the same
run moved between 0.75 and 1.1, CPU-time ratios far less.
"""

from __future__ import annotations

import statistics
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
    rounds: int
    clean_seconds: float  # read reports → Articles (best round)
    bare_seconds: float  # nlp.pipe with only spaCy's own components (best round)
    annotate_seconds: float  # nlp.pipe with armswatch's components + linking + event extraction (best round)
    annotate_ratios: tuple[float, ...]  # per round: bare / annotate, the two timed back to back
    per_report_ratios: tuple[float, ...]  # per round: bare / (clean + annotate)

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


def _clean_or_none(raw: RawReport) -> Article | None:
    try:
        return clean_report(raw)
    except Exception:  # a report the pipeline would skip is not timed either
        return None


def run_benchmark(
    inputs: Sequence[str | Path], rounds: int = 5, batch_size: int = 32, repeat: int = 1
) -> BenchResult:
    """Clean the inputs, then time bare and full annotation back to back, `rounds` times; words/s come
    from the best round of each, the ratios are the median of the rounds' paired ratios. `repeat` times
    the same reports several times over, for timings long enough to be stable on few reports."""
    from armswatch.entities import link_doc
    from armswatch.nlp import CUSTOM_COMPONENTS, load_pipeline

    raws = [r for r in read_reports(inputs) if isinstance(r, RawReport)] * repeat
    nlp = load_pipeline()
    extract = _events_extractor()
    texts: list[str] = []
    articles: list[Article] = []
    cleans, bares, fulls = [], [], []
    disabled = [p for p in CUSTOM_COMPONENTS if p in nlp.pipe_names]

    def bare() -> float:
        t0 = time.process_time()
        with nlp.select_pipes(disable=disabled):
            for _doc in nlp.pipe(texts, batch_size=batch_size):
                pass
        return time.process_time() - t0

    def full() -> float:
        t0 = time.process_time()
        for article, doc in zip(articles, nlp.pipe(texts, batch_size=batch_size), strict=True):
            mentions = link_doc(doc)
            if extract is not None:
                extract(doc, article.id, date.fromisoformat(article.reference_date), mentions)
        return time.process_time() - t0

    for i in range(rounds):
        t0 = time.process_time()
        articles = [a for a in map(_clean_or_none, raws) if a is not None]
        cleans.append(time.process_time() - t0)
        texts = [a.body for a in articles]
        # alternate which side goes first, so a machine slowing down or speeding up favours neither
        if i % 2 == 0:
            bares.append(bare())
            fulls.append(full())
        else:
            fulls.append(full())
            bares.append(bare())
    words = sum(len(t.split()) for t in texts)
    return BenchResult(
        len(texts),
        words,
        rounds,
        min(cleans),
        min(bares),
        min(fulls),
        tuple(b / f for b, f in zip(bares, fulls, strict=True)),
        tuple(b / (c + f) for b, c, f in zip(bares, cleans, fulls, strict=True)),
    )
