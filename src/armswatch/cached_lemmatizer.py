"""A cached drop-in for spaCy's rule ``lemmatizer``: the same lemmas, looked up once per distinct word form.

The English rule lemmatizer's lemma of a token is a function of its word form, part of speech and
morphology alone (``Lemmatizer.rule_lemmatize`` keys its own cache on exactly these; ``is_base_form``
reads only the part of speech and the morphology). Its cost is not that rule: it builds a ``Token`` for
every word, returns before its cache for base forms (most nouns and verbs), and tests each candidate
form against a word list of up to 57,528 entries: 2.75 s of 39.5 s of spaCy's own CPU on 57 WCXB pages.
Here the three keys are read for the whole Doc in one ``to_array``, the rules run once per distinct key
over the same tables with the word lists as sets, and the lemmas are written back with one
``from_array``; ``tests/test_cached_lemmatizer.py`` compares both token by token. The stock component
stays in the pipeline, disabled (the benchmark's bare side runs it).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.lookups import Lookups, Table
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

from armswatch.component_twin import use_twin

CACHED_LEMMATIZER_NAME = "armswatch_cached_lemmatizer"
STOCK_LEMMATIZER_NAME = "lemmatizer"
# Distinct (form, part of speech, morphology) keys kept: about 40 MB at most; a long run's cache is
# emptied when full, so memory stays flat.
MAX_CACHED = 300_000


class CachedLemmatizer:
    """Callable over a Doc: the stock rule lemmatizer's lemma for every token whose lemma is unset."""

    def __init__(self, stock: Lemmatizer) -> None:
        self.stock = stock
        self.strings = stock.vocab.strings
        self.cache: dict[tuple[int, int, int], int] = {}
        # The lemma of a new key comes from a rule lemmatizer of the stock one's class over the same
        # tables, with each part of speech's word index as a set: spaCy keeps it as a list (57,528 nouns)
        # and its rules test `form in index` for every candidate form, which was most of the stock
        # lemmatizer's cost on words seen for the first time (membership is all the rules ask of it).
        self.rules = type(stock)(stock.vocab, None, name=stock.name, mode="rule", overwrite=False)
        lookups = Lookups()
        for name in stock.lookups.tables:
            table, fast = stock.lookups.get_table(name), Table(name=name)
            for key, value in table.items():
                as_set = name == "lemma_index" and isinstance(value, list)
                fast.set(key, frozenset(value) if as_set else value)
            lookups.set_table(name, fast)
        self.rules.lookups = lookups

    def clear_cache(self) -> None:
        """Forget every lemma (the benchmark starts every round cold)."""
        self.cache.clear()
        self.rules.cache.clear()  # the rules' own cache of inflected forms (spaCy's)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = rows[:, 3].copy()
        cache = self.cache
        if len(cache) > MAX_CACHED:
            self.clear_cache()  # both caches, so a long run's memory stays flat
        todo = numpy.flatnonzero(lemmas == 0)  # a lemma the attribute ruler set is kept, as spaCy keeps it
        for i, (orth, pos, morph) in zip(todo.tolist(), rows[todo, :3].tolist(), strict=True):
            key = (orth, pos, morph)
            lemma = cache.get(key)
            if lemma is None:
                lemma = self.strings.add(self.rules.lemmatize(doc[i])[0])
                cache[key] = lemma
            lemmas[i] = lemma
        doc.from_array([LEMMA], lemmas)
        return doc


def cached_twin(stock: object) -> CachedLemmatizer | None:
    """The cached twin of a stock lemmatizer, or None when its lemmas may depend on more than the three
    keys (a lookup-mode, overwriting or custom lemmatizer is left as it is)."""
    # English's is_base_form reads the part of speech and the morphology only; another language's may not
    if type(stock) not in (Lemmatizer, EnglishLemmatizer) or stock.mode != "rule" or stock.overwrite:
        return None
    return CachedLemmatizer(stock)


@Language.factory(CACHED_LEMMATIZER_NAME)
def make_cached_lemmatizer(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """Built on the pipeline's own ``lemmatizer`` (it must be in the pipeline, initialised)."""
    twin = cached_twin(nlp.get_pipe(STOCK_LEMMATIZER_NAME))
    if twin is None:
        raise ValueError("the pipeline's lemmatizer is not a rule lemmatizer the cache can reproduce")
    return twin


def use_cached_lemmatizer(nlp: Language) -> Language:
    """Put the cached lemmatizer where the stock one is and disable the stock one (kept for the
    benchmark's bare figure); a pipeline whose lemmatizer the cache cannot reproduce is left as it is."""
    return use_twin(nlp, STOCK_LEMMATIZER_NAME, CACHED_LEMMATIZER_NAME)
