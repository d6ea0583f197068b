"""Finding trigger words in a sentence, and the senses of a word its context rules in or out."""

from __future__ import annotations

import bisect
from functools import lru_cache

import numpy
from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Span, Token

from armswatch.events.frames.lexicon import Lexicon, frame_type, lexicon
from armswatch.events.frames.parse import noun_phrase_key, phrasal_key, verb_lemmas
from armswatch.events.frames.roles import _light_verb


def _trigger_words(lex: Lexicon) -> frozenset[str]:
    """Every single word that can be (the head word of) a trigger."""
    words = {k.split()[0] for k in lex.verbs} | {k.split()[-1] for k in lex.nouns} | {"use", "attempt"}
    return frozenset(words)


@lru_cache(maxsize=8)
def _word_hashes(strings: object, group: str) -> numpy.ndarray:
    """Hashes of a word group's words, as written and capitalised, in a vocabulary's string store:
    sorted, for a binary search per token (re-sorting them for numpy.isin on every Doc cost more than
    the search; measured on the seeds)."""
    lex = lexicon()
    words = {
        "trigger": _trigger_words(lex),
        "speech": lex.speech,
        "judge": lex.judgement_words | lex.deny_words | lex.concern_words | {"responsible"},  # blame
    }[group]
    # with each "-e" verb's form as spaCy's rule lemmatizer may strip it ("staged" -> "stag")
    words = set(words) | {w[:-1] for w in words if w.endswith("e") and " " not in w and len(w) > 3}
    hashes = {strings[w] for word in words for w in (word, word.capitalize())}  # type: ignore[index]
    return numpy.array(sorted(hashes), dtype=numpy.uint64)


def candidate_tokens(doc: Doc, group: str) -> list[int]:
    """Indices of tokens whose lemma or lower-case form is in a word group ("trigger", "speech", "judge"):
    one vectorised pass over the Doc, so the rules look only at these tokens."""
    hashes = _word_hashes(doc.vocab.strings, group)
    arr = doc.user_data.get("armswatch_lemma_lower")
    if arr is None:  # one array per Doc, shared by the word groups
        arr = doc.user_data["armswatch_lemma_lower"] = doc.to_array([LEMMA, LOWER])
    hit = _among(arr[:, 0], hashes) | _among(arr[:, 1], hashes)
    return numpy.flatnonzero(hit).tolist()


def _among(values: numpy.ndarray, sorted_keys: numpy.ndarray) -> numpy.ndarray:
    """Which values occur in `sorted_keys` (a boolean mask)."""
    if not len(sorted_keys):
        return numpy.zeros(len(values), dtype=bool)
    at = numpy.minimum(numpy.searchsorted(sorted_keys, values), len(sorted_keys) - 1)
    return sorted_keys[at] == values


def in_sentence(indices: list[int], sent: Span) -> list[int]:
    """The indices (sorted) that fall inside a sentence."""
    return indices[bisect.bisect_left(indices, sent.start) : bisect.bisect_left(indices, sent.end)]


def find_triggers(sent: Span, candidates: list[int] | None = None) -> list[tuple[Token, str]]:
    """(token, frame name) for every trigger in a sentence (among `candidates`, token indices, if given)."""
    lex = lexicon()
    out = []
    doc = sent.doc
    tokens = sent if candidates is None else (doc[i] for i in in_sentence(candidates, sent))
    for tok in tokens:
        pos = tok.pos_
        lemma = tok.lemma_.lower()
        if pos in ("VERB", "AUX") or (pos == "ADJ" and tok.tag_ == "VBN"):
            if phrasal_key(tok) in OTHER_SENSE_PHRASALS:
                continue  # "carried out strikes": the strikes are the event, "carry" is no delivery
            frame = (lex.verbs.get(phrasal_key(tok)) or lex.verbs.get(lemma) or lex.verbs.get(tok.lower_)
                     or next((f for v in verb_lemmas(tok)[1:] if (f := lex.verbs.get(v))), None))
            if frame is None and lemma == "use":
                frame = "use"
            if frame:
                out.append((tok, frame))
        elif pos in ("NOUN", "PROPN"):
            if tok.dep_ == "compound" and tok.head.lemma_.lower() not in ("test", "launch"):
                continue  # "launch facility", "sanctions regime", "arms shipment" (the item word)
            frame = lex.nouns.get(noun_phrase_key(tok)) or lex.nouns.get(lemma) or lex.nouns.get(tok.lower_)
            if frame is None and lemma in ("attempt", "use"):
                frame = lemma
            if frame is None and lemma == "ban" and _bans_trade(tok):
                frame = "sanction"
            if frame:
                out.append((tok, frame))
    return out


# What a ban must bar to be a sanction ("a ban on trade with Libya", "a ban on arms sales"), not a smoking ban
BANNED_TRADE = frozenset({"trade", "export", "import", "arm", "arms", "sale", "weapon", "oil", "investment",
                          "transaction", "shipment", "purchase", "dealing", "business", "commerce"})


def sense_fixed_by_context(tok: Token, frame: str) -> bool:
    """A noun whose event sense its context fixes: carried by its frame's light verb ("lodged a protest",
    "imposed sanctions"), or a ban, which the frames take only where it bars trade ("an export ban", "a ban
    on trade with Libya")."""
    if tok.pos_ != "NOUN":
        return False
    return tok.lemma_.lower() == "ban" or _light_verb(tok, frame_type(frame)) is not None


def _bans_trade(tok: Token) -> bool:
    return any(t.pos_ == "NOUN" and (t.lemma_.lower() in BANNED_TRADE or t.lower_ in BANNED_TRADE)
               for p in tok.children if p.dep_ == "prep" and p.lower_ == "on"
               for o in p.children if o.dep_ == "pobj" for t in o.subtree)


# Phrasal verbs whose particle takes the verb out of its frame ("carry out" an attack, "take out" a
# target, "fire up" a crowd, "test out" an idea)
OTHER_SENSE_PHRASALS = frozenset({
    "carry out", "carry on", "take out", "fire up", "fire off", "test out", "give up", "give in", "hit back",
    "send off", "move on", "ship off", "hand out", "deliver on"})
