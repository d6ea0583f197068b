"""The cached lemmatizer gives exactly the stock rule lemmatizer's lemmas, and the pipeline uses it."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.tokens import Doc

from armswatch.cached_lemmatizer import (
    CACHED_LEMMATIZER_NAME,
    STOCK_LEMMATIZER_NAME,
    CachedLemmatizer,
    cached_twin,
)
from armswatch.nlp import CUSTOM_COMPONENTS, load_pipeline, shipped_components

# Base forms and inflected ones of one word under several tags, contractions, proper nouns, numbers and
# runs of whitespace: every branch of the English rule lemmatizer.
SENTENCES = [
    "The ships shipped shipments; the shipping ship ships ships, and shipped ones were shipping.",
    "Y'all gonna see: let's c'mon, we got ta go, it ain't nothin' new.",
    "There is a  \n\n  convoy.  There are   drones, and there were shells, better and best ones.",
    "Officials said Pyongyang had shipped 1,000 containers to Russia's Dunai port on 3 March 2023.",
    "The Houthis test-fired missiles; Iran Seizes Tanker as the U.S. Navy's ships watched.",
    "Mice, geese and children were seen; he was being driven, she had been writing, they've gone.",
]


def _lemmas_both_ways(texts: list[str]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    nlp = load_pipeline()
    stock = nlp.get_pipe(STOCK_LEMMATIZER_NAME)
    twin = cached_twin(stock)
    assert twin is not None
    # the pipeline up to the lemmatizer (the components before the twin), then each lemmatizer on a copy
    with nlp.select_pipes(enable=nlp.pipe_names[:nlp.pipe_names.index(CACHED_LEMMATIZER_NAME)]):
        docs = list(nlp.pipe(texts))
    a: list[tuple[str, str]] = []
    b: list[tuple[str, str]] = []
    for doc in docs:
        a += [(t.text, t.lemma_) for t in stock(doc.copy())]
        b += [(t.text, t.lemma_) for t in twin(twin(doc.copy()))]  # the second pass: every answer cached
    return a, b


def test_same_lemmas_as_the_stock_lemmatizer_on_written_sentences() -> None:
    a, b = _lemmas_both_ways(SENTENCES)
    assert len(a) > 100
    assert a == b


def test_a_lemma_set_before_is_kept() -> None:
    nlp = load_pipeline()
    twin = cached_twin(nlp.get_pipe(STOCK_LEMMATIZER_NAME))
    assert isinstance(twin, CachedLemmatizer)
    doc = Doc(nlp.vocab, words=["ships", "sailed"], pos=["NOUN", "VERB"], lemmas=["boat", ""])
    twin(doc)
    assert [t.lemma_ for t in doc] == ["boat", "sail"]
    assert twin(Doc(nlp.vocab, words=[])) is not None  # an empty Doc


def test_pipeline_runs_the_cached_lemmatizer_and_keeps_the_stock_one_for_the_benchmark() -> None:
    nlp = load_pipeline()
    assert CACHED_LEMMATIZER_NAME in nlp.pipe_names and CACHED_LEMMATIZER_NAME in CUSTOM_COMPONENTS
    assert STOCK_LEMMATIZER_NAME in nlp.component_names and STOCK_LEMMATIZER_NAME not in nlp.pipe_names
    assert STOCK_LEMMATIZER_NAME in shipped_components(nlp)
    assert CACHED_LEMMATIZER_NAME not in shipped_components(nlp)


@pytest.mark.corpus
def test_same_lemmas_on_the_seeds() -> None:
    seeds = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
    if not texts:
        pytest.skip("no seeds")
    a, b = _lemmas_both_ways(texts)
    assert a == b
