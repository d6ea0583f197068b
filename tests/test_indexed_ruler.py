"""The indexed attribute ruler gives exactly the stock attribute_ruler's output, and the pipeline uses it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from armswatch.indexed_ruler import (
    INDEXED_RULER_NAME,
    STOCK_RULER_NAME,
    IndexedAttributeRuler,
    UnsupportedPattern,
    index_attribute_ruler,
)
from armswatch.nlp import CUSTOM_COMPONENTS, load_base_pipeline, load_pipeline, stock_components

# Sentences that touch the ruler's exceptions: contractions, "there is", auxiliaries, runs of spaces.
SENTENCES = [
    "Y'all gonna see: let's c'mon, we got ta go, it ain't nothin' new.",
    "There is a  \n\n  convoy.  There are   drones, and there were shells.",
    "The ship was seized by the navy and has been held since Thursday; it isn't leaving.",
    "Officials said Pyongyang had shipped 1,000 containers to Russia's Dunai port.",
]


def _tokens(doc: Doc) -> list[tuple[str, ...]]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]


def _compare(texts: list[str]) -> tuple[int, int]:
    """(tokens that differ, tokens) between the stock ruler and its indexed twin, lemmatised after."""
    nlp = load_base_pipeline()
    stock = nlp.get_pipe(STOCK_RULER_NAME)
    indexed = index_attribute_ruler(stock)
    assert indexed is not None
    lemmatizer = nlp.get_pipe("lemmatizer")
    with nlp.select_pipes(disable=[STOCK_RULER_NAME, "lemmatizer"]):
        docs = list(nlp.pipe(texts))
    differ = total = 0
    for doc in docs:
        a = lemmatizer(stock(doc.copy()))
        b = lemmatizer(indexed(doc.copy()))
        differ += sum(x != y for x, y in zip(_tokens(a), _tokens(b), strict=True))
        total += len(doc)
    return differ, total


def test_same_output_as_the_stock_ruler_on_written_sentences() -> None:
    differ, total = _compare(SENTENCES)
    assert total > 60
    assert differ == 0


def test_exception_rules_still_apply() -> None:
    doc = load_pipeline()("Let's c'mon, it ain't nothin'.")
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["'s"] == "us" and lemmas["c'm"] == "come" and lemmas["nothin'"] == "nothing"


def test_pipeline_runs_the_indexed_ruler_and_keeps_the_stock_one_for_the_benchmark() -> None:
    nlp = load_pipeline()
    assert INDEXED_RULER_NAME in nlp.pipe_names
    assert STOCK_RULER_NAME in nlp.component_names and STOCK_RULER_NAME not in nlp.pipe_names
    assert INDEXED_RULER_NAME in CUSTOM_COMPONENTS
    assert STOCK_RULER_NAME in stock_components(nlp) and INDEXED_RULER_NAME not in stock_components(nlp)


def test_patterns_beyond_the_index_are_refused() -> None:
    vocab = Language().vocab
    with pytest.raises(UnsupportedPattern):
        IndexedAttributeRuler(vocab, [([[{"TAG": "NN", "OP": "+"}]], {}, 0)])
    with pytest.raises(UnsupportedPattern):
        IndexedAttributeRuler(vocab, [([[{"SHAPE": "Xxxx"}]], {}, 0)])


@pytest.mark.corpus
def test_same_output_over_the_wcxb_gold_texts(shared: Path) -> None:
    """Every token of 40 gold main texts from as many sites (about 90,000 tokens) gets the same tag, POS,
    morphology, lemma and dependency label from both rulers (all 228: 535,663 tokens, none differ)."""
    texts = []
    for path in sorted((shared / "data" / "wcxb-dev-articles" / "gold").glob("*.json"))[:40]:
        record = json.loads(path.read_text(encoding="utf-8"))
        texts.append(max((v for v in record.values() if isinstance(v, str)), key=len, default=""))
    differ, total = _compare(texts)
    assert total > 50_000
    assert differ == 0


def test_regex_cache_bounded_and_output_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    """The words' regex candidates are a cache: emptied when full (issue 16: a long stream brings ever
    more distinct words), the ruler's output the same."""
    import armswatch.indexed_ruler as module

    monkeypatch.setattr(module, "REGEX_CACHE_WORDS", 5)
    differ, total = _compare(SENTENCES)
    assert total > 60 and differ == 0
    nlp = load_base_pipeline()
    indexed = index_attribute_ruler(nlp.get_pipe(STOCK_RULER_NAME))
    assert indexed is not None and indexed.by_regex
    with nlp.select_pipes(disable=[STOCK_RULER_NAME, "lemmatizer"]):
        for doc in nlp.pipe(SENTENCES):
            indexed(doc)
    assert 0 < len(indexed._regex_hits) <= 5
