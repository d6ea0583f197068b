"""The detector's features read from per-Doc columns are those read token by token (is_candidate,
sentence_has_goods, token_features), sentence by sentence."""

from __future__ import annotations

from armswatch.events.detector.features import (
    is_candidate,
    sentence_features,
    sentence_has_goods,
    token_features,
)
from armswatch.nlp import load_pipeline

# Candidates of every kind: verbs, nouns, past participles as adjectives, proper nouns outside entities
# (headline case), short ones that are not candidates, goods named by lemma and by word.
TEXT = ("Iran Test-Fires Missiles As Navy Seizes Tanker\n"
        "Russia shipped 300 drones and artillery shells to the rebels on Monday, officials said. "
        "The seized cargo was unloaded in Port Sudan. Talks were frozen. Xi met Putin in Moscow.\n"
        "Sanctioned firms sold dual-use goods; the ammunition arrived by rail.")


def test_columns_give_the_token_by_token_features() -> None:
    doc = load_pipeline()(TEXT)
    sents = list(doc.sents)
    assert len(sents) >= 5
    for sent in sents:
        goods = sentence_has_goods(sent)
        expected = [(t.i, token_features(t, goods)) for t in sent if is_candidate(t)]
        assert sentence_features(sent) == expected
    assert sentence_features(doc) == [p for s in sents for p in sentence_features(s)]
    assert any(sentence_has_goods(s) for s in sents) and not all(sentence_has_goods(s) for s in sents)
