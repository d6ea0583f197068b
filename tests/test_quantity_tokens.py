"""The quantity finder's tokens of a spaCy Doc (armswatch.quantities.tokens)."""

from __future__ import annotations

import spacy

from armswatch.quantities.tokens import Tok, tokens_of


def test_a_docs_tokens_are_read_column_wise_as_from_its_tokens(nlp: spacy.language.Language) -> None:
    """tokens_of reads a Doc from one to_array, each distinct string looked up once: the same text as
    Doc.text and, where no number is glued to a unit, one Tok per spaCy Token with its attributes."""
    for text in ("The ship carried fuel.  Then it left.\nA new line. ", "",
                 "Ünïcode words: “quoted” in the 1990s, 5 tonnes."):
        doc = nlp(text)
        toks, doc_text = tokens_of(doc)
        assert doc_text == doc.text
        assert toks == [Tok(t.text, t.lower_, t.idx, t.idx + len(t.text), t.pos_, t.tag_, t.lemma_.lower(),
                            bool(t.is_sent_start) or t.i == 0) for t in doc]
    doc = nlp("It carried 75ml of fuel.")
    toks, doc_text = tokens_of(doc)
    assert doc_text == doc.text and [t.text for t in toks][2:4] == ["75", "ml"]
