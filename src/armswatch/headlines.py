"""Headlines in Title Case put in sentence case before parsing, so the parser reads their verbs as verbs.

    sentence_case_headlines(text) -> str   (same length, only the case of some letters changed)

"Iran Seizes Oil Tanker In Gulf Of Oman": the small English model reads a line of capitalised words as
one long name (every word a proper noun), and finds no event in it; a feed item whose text is a headline
is often written so (wire and RSS titles). In a line where every word but the short function words is
capitalised, a word is lower-cased when the model's own lemmatizer tables know it as an English word (a
noun, verb, adjective or adverb, or an inflection of one) and the gazetteer does not name it (a state, a
demonym, a person's distinctive surname, or a word of a multi-word name found in the line, "Gulf of
Oman"); the first word, acronyms and words with digits keep their case. The text keeps its length and
offsets: evidence is quoted from it, so a headline's evidence reads in sentence case.

Why by hand: truecasers in the field are trained models (statistical or neural) whose data would have to
ship with us; the lemmatizer's word lists and the gazetteer already in the package answer the question
this needs (is this capitalised word a name or a word?).
"""

from __future__ import annotations

import functools
import re

from armswatch.cached_lemmatizer import CACHED_LEMMATIZER_NAME, STOCK_LEMMATIZER_NAME
from armswatch.entities.gazetteer import load_gazetteer, normalise

# Words a Title Case style may leave in lower case (Chicago, AP): they do not tell a headline from prose
SMALL_WORDS = frozenset({"a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "by",
                         "for", "with", "as", "from", "into", "via", "over", "after", "vs"})
WORD = re.compile(r"[^\W\d_][\w'’.-]*")
# Endings of the names of peoples and their languages ("Kurdish", "Sudanese"), which the lemmatizer's
# tables list in lower case as adjectives
PEOPLE_ENDINGS = ("ish", "ese")
BIG_CITY = 100_000  # people: a city this large is named in news more often than a word spelt the same
MIN_WORDS = 3  # "North Korea" alone is a name, not a headline
MAX_HEADLINE_CHARS = 300
LONGEST_NAME = 4  # words in the longest gazetteer name looked for in a headline


def sentence_case_headlines(text: str) -> str:
    """The text with each Title Case line in sentence case (see the module's docstring)."""
    lines = text.split("\n")
    changed = False
    for n, line in enumerate(lines):
        fixed = _sentence_case(line)
        if fixed is not None:
            lines[n], changed = fixed, True
    return "\n".join(lines) if changed else text


def _sentence_case(line: str) -> str | None:
    if len(line) > MAX_HEADLINE_CHARS:
        return None  # (most of a body's lines: no word is matched in them)
    words = list(WORD.finditer(line))
    if len(words) < MIN_WORDS:
        return None
    if not all(w.group()[:1].isupper() or w.group().lower() in SMALL_WORDS for w in words):
        return None
    if sum(1 for w in words if w.group()[:1].isupper()) < MIN_WORDS:
        return None
    keep = _named(words)
    out = list(line)
    for k, w in enumerate(words):
        word = w.group()
        if k == 0 or k in keep or not _lowerable(word):
            continue
        lower = word.lower()
        if len(lower) == len(word):  # (a few letters change length in lower case: left as they are)
            out[w.start():w.end()] = lower
    return "".join(out)


def common_word(word: str) -> bool:
    """A capitalised word that is an English word and no name the gazetteer knows ("Artillery" at the
    start of a sentence; not "Goma", "Kurdish", "Hamas")."""
    return _lowerable(word)


def _lowerable(word: str) -> bool:
    """A word in Title Case (not an acronym, not "McDonald") that the lemmatizer's tables know."""
    if not word[1:].islower() and len(word) > 1:
        return False
    lower = word.lower()
    if lower in SMALL_WORDS:
        return True
    gaz = load_gazetteer()
    if word in gaz.demonyms or word in gaz.short_names or word in gaz.metonyms or normalise(word) in gaz.keys:
        return False
    if any(int(gaz.city_rows[c][5] or 0) >= BIG_CITY for c in gaz.city_keys.get(normalise(word), [])[:1]
           if c in gaz.city_rows):
        return False  # "Goma", "Mosul": a city of news, though the word lists know a word spelt so
    if lower.endswith(PEOPLE_ENDINGS):
        return False  # "Kurdish", "Sudanese": names of peoples and tongues the gazetteer has no state for
    # (a small town's name that is also a word, "Deal", "Villages", is read as the word)
    return _english_word(lower)


def _named(words: list[re.Match[str]]) -> set[int]:
    """Indexes of the words inside a multi-word gazetteer name ("Gulf of Oman", "Kim Jong Un"); their
    short function words are put in lower case as the name writes them."""
    gaz = load_gazetteer()
    keep: set[int] = set()
    for size in range(LONGEST_NAME, 1, -1):
        for start in range(len(words) - size + 1):
            span = range(start, start + size)
            if keep.intersection(span):
                continue
            if normalise(" ".join(words[i].group() for i in span)) in gaz.keys:
                keep.update(i for i in span if words[i].group().lower() not in SMALL_WORDS)
    return keep


@functools.cache
def _tables() -> tuple[dict, dict, dict]:
    """The English lemmatizer's word index, exceptions and suffix rules (spaCy's lookups, shipped in the
    model package): those the pipeline's cached lemmatizer already holds, its word lists as sets."""
    from armswatch.nlp import load_pipeline  # the one pipeline of the process

    nlp = load_pipeline()
    if CACHED_LEMMATIZER_NAME in nlp.pipe_names:
        lookups = nlp.get_pipe(CACHED_LEMMATIZER_NAME).rules.lookups
    else:
        lookups = nlp.get_pipe(STOCK_LEMMATIZER_NAME).lookups
    return tuple(dict(lookups.get_table(name).items())  # type: ignore[return-value]
                 for name in ("lemma_index", "lemma_exc", "lemma_rules"))


@functools.lru_cache(maxsize=50_000)
def _english_word(lower: str) -> bool:
    """Is this (lower-case) form an English noun, verb, adjective or adverb, or an inflection of one?"""
    index, exc, rules = _tables()
    for pos, known in index.items():
        if lower in known or lower in exc.get(pos, {}):
            return True
        if any(lower.endswith(old) and lower[: len(lower) - len(old)] + new in known
               for old, new in rules.get(pos, [])):
            return True
    return False
