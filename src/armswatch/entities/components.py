"""spaCy components of the entity layer, registered by name and configured (never subclassed).

- ``armswatch_gazetteer_matcher``: a PhraseMatcher over every curated gazetteer surface form (case-sensitive,
  on ORTH); it records its hits on ``Doc._.armswatch_hits`` for the linker. Cost: one hash lookup per token
  n-gram, independent of the gazetteer's size.
- ``armswatch_entity_linker``: after the statistical NER, merges hits and NER spans and applies the linking
  rules of :mod:`armswatch.entities.linking`; writes ``doc.ents`` with ``Span.kb_id_`` = entity id.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from armswatch.entities.gazetteer import Gazetteer, load_gazetteer
from armswatch.entities.linking import HITS_ATTR, INSTITUTION_PREFIX, SURNAME_PREFIX, link_spans

MATCHER_NAME = "armswatch_gazetteer_matcher"
LINKER_NAME = "armswatch_entity_linker"
# Phrase patterns are tokenised in batches when the matcher is built.
PATTERN_BATCH = 1000

if not Doc.has_extension(HITS_ATTR):
    Doc.set_extension(HITS_ATTR, default=None)


class GazetteerMatcher:
    """Finds every gazetteer surface form in a Doc."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.strings = nlp.vocab.strings
        phrases = sorted(gazetteer.phrases)
        forms = sorted(gazetteer.institution_forms)
        surnames = sorted(gazetteer.short_names)
        keys = phrases + [INSTITUTION_PREFIX + f for f in forms] + [SURNAME_PREFIX + n for n in surnames]
        patterns = nlp.tokenizer.pipe(phrases + forms + surnames, batch_size=PATTERN_BATCH)
        for key, pattern in zip(keys, patterns, strict=True):
            self.matcher.add(key, [pattern])

    def __call__(self, doc: Doc) -> Doc:
        doc._.set(HITS_ATTR, [(s, e, self.strings[m]) for m, s, e in self.matcher(doc)])
        return doc


class EntityLinker:
    """Sets doc.ents to the linked spans (kb_id_ = canonical entity id) plus the remaining NER spans."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def __call__(self, doc: Doc) -> Doc:
        doc.ents = link_spans(doc, self.gazetteer)
        doc._.set(HITS_ATTR, None)  # the hits are consumed; keep the Doc small
        return doc


@Language.factory(MATCHER_NAME)
def make_gazetteer_matcher(nlp: Language, name: str) -> GazetteerMatcher:
    return GazetteerMatcher(nlp, load_gazetteer())


@Language.factory(LINKER_NAME)
def make_entity_linker(nlp: Language, name: str) -> EntityLinker:
    return EntityLinker(load_gazetteer())
