"""Features of a candidate trigger token, shared by training (`scripts/train_event_detector.py`) and
the detector at run time, so the two can never drift apart.

A candidate is a verb, a common noun, a past participle used as an adjective, or a proper noun that no
entity covers (headlines: "Iran Test-Fires Missiles"). Its features are sparse strings: the word, its
lemma and suffix, its dependency and head, its direct dependents (with their entity types), its
prepositions, its class in the frames lexicon and in the CAMEO verb dictionary, and whether military
goods are named near it. CAMEO and the frames lexicon carry the class of verbs that no training sentence
has; the parse features let the model tell "struck a deal" from "struck a convoy".
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy
import yaml
from spacy.attrs import ENT_TYPE, IS_ALPHA, LEMMA, LENGTH, LOWER, POS, TAG
from spacy.symbols import IDS as spacy_ids
from spacy.tokens import Doc, Span, Token

from armswatch.events.detector.cameo import cameo_table, code_type
from armswatch.events.frames import frame_type, lexicon

CANDIDATE_POS = frozenset({"VERB", "NOUN"})
# dependents whose words tell what the event is (its doer, what is done, how)
ARG_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "agent", "prt", "compound", "amod", "dative",
                      "acomp", "xcomp", "oprd", "npadvmod", "poss", "nmod"})
_ITEMS_PATH = Path(__file__).resolve().parent.parent / "data" / "items.yaml"


@lru_cache(maxsize=1)
def goods_words() -> frozenset[str]:
    """Single words that name military or sanctioned goods (the items lexicon's one-word terms and the
    heads of its many-word terms)."""
    with open(_ITEMS_PATH, encoding="utf-8") as f:
        data = yaml.safe_load(f)
    words: set[str] = set()
    for cat in (data.get("categories") or {}).values():
        for term in cat.get("terms") or []:
            parts = str(term).lower().split()
            if parts:
                words.add(parts[-1])
    words.update(str(w).lower() for w in data.get("generic_heads") or [])
    words.update(lexicon().cargo)
    return frozenset(words)


def is_candidate(tok: Token) -> bool:
    """Whether a token may be a trigger."""
    pos = tok.pos_
    if pos in CANDIDATE_POS:
        return True
    if pos == "ADJ" and tok.tag_ == "VBN":
        return True
    return pos == "PROPN" and not tok.ent_type_ and tok.is_alpha and len(tok) > 2


def candidates(sent: Span | Doc) -> list[Token]:
    return [t for t in sent if is_candidate(t)]


def _frame_features(lemma: str, lower: str, is_verb: bool) -> list[str]:
    lex = lexicon()
    table = lex.verbs if is_verb else lex.nouns
    frame = table.get(lemma) or table.get(lower)
    return [f"fr:{frame_type(frame)}", f"frm:{frame}"] if frame else []


def _cameo_features(lemma: str, obj: str, prefix: str) -> list[str]:
    own, patterns = cameo_table()
    out: list[str] = []
    for code in own.get(lemma, ()):
        out += [f"{prefix}c:{code}", f"{prefix}c3:{code[:3]}", f"{prefix}c2:{code[:2]}"]
        if t := code_type(code):
            out.append(f"{prefix}ct:{t}")
    if obj:
        for code in patterns.get((lemma, obj), ()):
            out += [f"{prefix}cp:{code[:3]}"]
            if t := code_type(code):
                out.append(f"{prefix}cpt:{t}")
    return out


def token_features(tok: Token, sentence_goods: bool) -> list[str]:
    """The sparse features of one candidate token."""
    lex = lexicon()
    lemma = tok.lemma_.lower()
    lower = tok.lower_
    pos = tok.pos_
    is_verb = pos == "VERB" or tok.tag_ == "VBN"
    dep = tok.dep_
    f = [f"l:{lemma}", f"lp:{lemma}|{pos}", f"p:{pos}", f"t:{tok.tag_}", f"d:{dep}", f"s3:{lower[-3:]}",
         f"ld:{lemma}|{dep}"]
    if lower != lemma:
        f.append(f"w:{lower}")
    head = tok.head
    if head is not tok:
        hl = head.lemma_.lower()
        f += [f"h:{hl}|{dep}", f"hp:{head.pos_}|{dep}"]
        if not is_verb:
            for etype, verbs in lex.light.items():
                if hl in verbs:
                    f.append(f"lv:{frame_type(etype)}")
            if hl in lex.receive_light:
                f.append("lv:receive")
        if head.ent_type_:
            f.append(f"he:{head.ent_type_}|{dep}")
    obj = ""
    goods_near = False
    goods = goods_words()
    for c in tok.children:
        cdep = c.dep_
        if cdep in ARG_DEPS:
            cl = c.lemma_.lower()
            f.append(f"c:{cdep}|{cl}")
            if c.ent_type_:
                f.append(f"ce:{cdep}|{c.ent_type_}")
            elif c.pos_ == "PRON":
                f.append(f"ce:{cdep}|PRON")
            if cdep in ("dobj", "nsubjpass") and not obj:
                obj = cl
            if cdep in ("dobj", "nsubjpass", "compound", "amod") and cl in goods:
                goods_near = True
        elif cdep == "prep":
            p = c.lower_
            f.append(f"pr:{p}")
            for g in c.children:
                if g.dep_ == "pobj":
                    gl = g.lemma_.lower()
                    f.append(f"po:{p}|{gl}")
                    if g.ent_type_:
                        f.append(f"pe:{p}|{g.ent_type_}")
                    if gl in goods:
                        goods_near = True
        elif cdep == "neg":
            f.append("neg")
        elif cdep in ("aux", "auxpass") and c.lower_ in ("will", "would", "could", "might", "may", "to"):
            f.append(f"aux:{c.lower_}")
    if goods_near:
        f.append("goods:near")
    if sentence_goods:
        f.append("goods:sent")
    f += _frame_features(lemma, lower, is_verb)
    f += _cameo_features(lemma, obj, "" if is_verb else "n")
    if tok.is_title and tok.i > 0 and pos == "PROPN":
        f.append("headline-case")
    return f


def sentence_has_goods(sent: Span) -> bool:
    goods = goods_words()
    return any(t.lemma_.lower() in goods or t.lower_ in goods for t in sent)


def sentence_features(sent: Span | Doc) -> list[tuple[int, list[str]]]:
    """(token index, features) of every candidate of a sentence (or of each sentence of a Doc)."""
    if isinstance(sent, Doc):
        return [pair for s in sent.sents for pair in sentence_features(s)]
    candidate, goods_at = _doc_columns(sent.doc)
    goods = bool(goods_at[sent.start:sent.end].any())
    doc = sent.doc
    return [(i, token_features(doc[i], goods))
            for i in (numpy.flatnonzero(candidate[sent.start:sent.end]) + sent.start).tolist()]


_COLUMNS_KEY = "armswatch_detector_columns"  # Doc.user_data key: _doc_columns, read once per Doc
_POS_IDS = {name: spacy_ids[name] for name in ("VERB", "NOUN", "ADJ", "PROPN")}


def _doc_columns(doc: Doc) -> tuple[numpy.ndarray, numpy.ndarray]:
    """Per token of the Doc: whether it is a candidate (`is_candidate`) and whether it names goods (the
    test of `sentence_has_goods`), from one to_array: the detector scores every sentence, and building
    a Token for each word of each was most of its feature cost on long web pages."""
    cached = doc.user_data.get(_COLUMNS_KEY)
    if cached is not None and len(cached[0]) == len(doc):
        return cached
    rows = doc.to_array([POS, TAG, ENT_TYPE, IS_ALPHA, LENGTH, LEMMA, LOWER])
    pos, tag = rows[:, 0], rows[:, 1]
    candidate = ((pos == _POS_IDS["VERB"]) | (pos == _POS_IDS["NOUN"])
                 | ((pos == _POS_IDS["ADJ"]) & (tag == doc.vocab.strings["VBN"]))
                 | ((pos == _POS_IDS["PROPN"]) & (rows[:, 2] == 0) & (rows[:, 3] == 1) & (rows[:, 4] > 2)))
    goods = goods_words()
    strings = doc.vocab.strings
    lemma_goods = {h: strings[h].lower() in goods for h in set(rows[:, 5].tolist())}
    lower_goods = {h: strings[h] in goods for h in set(rows[:, 6].tolist())}
    goods_at = numpy.fromiter((lemma_goods[lem] or lower_goods[low] for lem, low in rows[:, 5:7].tolist()),
                              dtype=bool, count=len(rows))
    doc.user_data[_COLUMNS_KEY] = (candidate, goods_at)
    return candidate, goods_at


# Dense features: WordLlama's 256-dimension word vectors (shipped inside its wheel) of the candidate, its
# head, its arguments and its sentence, meant to let a verb no training sentence has score like the verbs
# near it (on RAMS it barely does: MODEL_CARD.md). Each slot is one unit vector; the detector records
# which slots it was trained with.
DENSE_SLOTS = ("word", "head", "args", "sent")
DIM = 256


@lru_cache(maxsize=1)
def _wordllama():  # noqa: ANN202 (wordllama has no type stubs)
    import wordllama
    from wordllama import WordLlama

    # the weights and tokenizer ship in the package folder: nothing is downloaded
    return WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)


def embed_words(words: list[str]) -> numpy.ndarray:
    """Unit WordLlama vectors of words: the mean of their tokens' embeddings, as `WordLlama.embed` pools
    them, computed word by word (its batch tokenizer starts a thread pool per call, 3 ms each)."""
    wl = _wordllama()
    table = wl.embedding
    out = numpy.zeros((len(words), DIM), dtype=numpy.float32)
    for n, w in enumerate(words):
        ids = numpy.clip(wl.tokenizer.encode(w, add_special_tokens=False).ids, 0, table.shape[0] - 1)
        if len(ids):  # a blank has no tokens: a zero vector
            v = table[ids].sum(axis=0, dtype=numpy.float32) / numpy.float32(len(ids))
            norm = numpy.linalg.norm(v)
            out[n] = v / norm if norm > 0 else v
    return out


_VECTORS: dict[str, numpy.ndarray] = {}


def word_vectors(words: list[str]) -> numpy.ndarray:
    """Unit vectors of lower-cased words, cached (for training: the detector caches its projections)."""
    new = sorted({w for w in words if w not in _VECTORS})
    if new:
        for w, v in zip(new, embed_words(new), strict=True):
            _VECTORS[w] = v
    if not words:
        return numpy.zeros((0, DIM), dtype=numpy.float32)
    return numpy.stack([_VECTORS[w] for w in words])


def _mean(rows: numpy.ndarray) -> numpy.ndarray:
    if not len(rows):
        return numpy.zeros(DIM, dtype=numpy.float32)
    m = rows.mean(axis=0)
    n = numpy.linalg.norm(m)
    return m / n if n > 0 else m


def sentence_vectors(sent: Span | Doc, slots: tuple[str, ...]) -> numpy.ndarray:
    """(candidates, 256 x len(slots)) dense features, rows in the order of `sentence_features`."""
    if isinstance(sent, Doc):
        parts = [sentence_vectors(s, slots) for s in sent.sents]
        return numpy.vstack(parts) if parts else numpy.zeros((0, DIM * len(slots)), dtype=numpy.float32)
    cands = candidates(sent)
    if not cands or not slots:
        return numpy.zeros((len(cands), DIM * len(slots)), dtype=numpy.float32)
    content = [t for t in sent if t.is_alpha and not t.is_stop]
    words = [t.lower_ for t in sent]
    vec = word_vectors(words)
    start = sent.start
    sent_mean = _mean(vec[[t.i - start for t in content]])
    out = numpy.zeros((len(cands), DIM * len(slots)), dtype=numpy.float32)
    for r, tok in enumerate(cands):
        for s, slot in enumerate(slots):
            if slot == "word":
                v = vec[tok.i - start]
            elif slot == "head":
                v = vec[tok.head.i - start] if tok.head is not tok else numpy.zeros(DIM, dtype=numpy.float32)
            elif slot == "args":
                v = _mean(vec[[c.i - start for c in tok.children if c.dep_ in ARG_DEPS or c.dep_ == "prep"]])
            else:
                v = sent_mean
            out[r, s * DIM:(s + 1) * DIM] = v
    return out
