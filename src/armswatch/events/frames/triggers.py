"""Finding trigger words in a sentence, and the senses of a word its context rules in or out."""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from functools import lru_cache

import numpy
from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Span, Token

from armswatch.events.frames.destined import DESTINED_WORDS, destination_word
from armswatch.events.frames.lexicon import TRADE_NOUNS, Lexicon, frame_type, lexicon
from armswatch.events.frames.parse import noun_phrase_key, phrasal_key, verb_lemmas
from armswatch.events.frames.roles import _light_verb


def _trigger_words(lex: Lexicon) -> frozenset[str]:
    """Every single word that can be (the head word of) a trigger."""
    words = {k.split()[0] for k in lex.verbs} | {k.split()[-1] for k in lex.nouns} | {"use", "attempt"}
    words |= IMPACT_VERBS | DISOWNED_NOUNS | PHONED_VERBS | THROWING_VERBS | TRADE_BARS
    words |= {"lay", "find", "shoot", "make", "call"} | DESTINED_WORDS | {"route"}
    # the lemmatizer leaves "-l" verbs' inflections odd ("trialled" -> "trialle"): match their forms
    words |= {w + end for w in lex.verbs if w.endswith("l") and " " not in w
              for end in ("led", "ling", "ed", "ing", "s")}
    # and "-y" verbs the word lists lack theirs ("resupplied" -> "resupplie")
    words |= {w[:-1] + "ie" for w in lex.verbs if w.endswith("y") and " " not in w}
    return frozenset(words)


# Nouns that deny what they are said of when "no" goes with them: "there is no truth to the reports",
# "the claims have no basis in fact"
NEGATED_DENY_NOUNS = frozenset({"truth", "basis"})


@lru_cache(maxsize=8)
def _word_hashes(strings: object, group: str) -> numpy.ndarray:
    """Hashes of a word group's words, as written and capitalised, in a vocabulary's string store:
    sorted, for a binary search per token (re-sorting them for numpy.isin on every Doc cost more than
    the search; measured on the seeds)."""
    lex = lexicon()
    words = {
        "trigger": _trigger_words(lex),
        "speech": lex.speech,
        "judge": lex.judgement_words | lex.deny_words | lex.concern_words | {"responsible"}  # blame
        | NEGATED_DENY_NOUNS | BREACHING_VERBS,
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


# A part in an act that a speaker says they had none of: a denial (CAMEO 016 "deny responsibility"), as
# in "Iran says it had no role in the attack", "Minsk said it had no involvement in the shipment"
DISOWNED_NOUNS = frozenset({"involvement", "role", "part", "hand", "link", "connection", "responsibility"})
DISOWNING_SPEECH = frozenset({"say", "insist", "state", "stress", "maintain", "tell", "reiterate", "claim",
                              "assert", "add"})


def disowned(tok: Token) -> bool:
    """ "(X said) it had no role in ...": the noun has "no", is had or played, in a speaker's clause."""
    if not any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children) or tok.dep_ != "dobj":
        return False
    have = tok.head
    if have.lemma_.lower() not in ("have", "play", "bear"):
        return False
    return have.dep_ == "ccomp" and have.head.lemma_.lower() in DISOWNING_SPEECH


# Verbs of a blow that take the frames' attack_impact only with "into"/"through" what they hit ("slam"
# alone is a condemnation, "tear" alone nothing of ours); crash, smash and plough take it by the lexicon
IMPACT_VERBS = frozenset({"slam", "tear", "rip"})


# The tagger often reads a plural event noun as a present-tense verb ("staged live-fire drills": "drills"
# VBZ, yet the object of "staged"); a verb form the parser itself attaches as a subject or object, with
# no subject or object of its own, is a noun. Only event nouns are retagged (of the four such tokens in
# the 36 development reports, two were real verbs of misparsed headlines: "... heads for Russia").
NOMINAL_DEPS = frozenset({"dobj", "nsubj", "nsubjpass", "pobj"})
VERB_OWN_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "ccomp", "xcomp"})
VERB_AS_NOUN_TAGS = {"VBZ": "NNS", "VBP": "NN", "VB": "NN"}


def retag_event_nouns(doc: Doc, candidates: list[int]) -> None:
    """Give an event noun the tagger read as a verb ("drills", "talks", "strikes" in object or subject
    position) its noun tags, so every rule after this reads it as the noun it is."""
    nouns = lexicon().nouns
    for i in candidates:
        tok = doc[i]
        if tok.pos_ == "NOUN" and _modifier_read_as_verb(tok):
            _reattach_modifier(tok)
            continue
        if _verb_read_as_modifier(tok):
            _reattach_clause(tok)
            continue
        if (subject := _headline_verb_read_as_noun(tok)) is not None:
            _reattach_headline_verb(tok, subject)
            continue
        if _weapon_class_read_as_verb(tok):
            _reattach_weapon_class(tok)
            continue
        if tok.pos_ == "VERB" and (modifier := _compound_read_as_subject(tok, nouns)) is not None:
            # "imposed asset freezes on five officials": the parser made "asset" the subject of a clause
            # "freezes"; it is the noun's modifier, and the noun the object of the verb above
            tok.tag_, tok.pos_, tok.dep_ = VERB_AS_NOUN_TAGS[tok.tag_], "NOUN", "dobj"
            modifier.dep_ = "compound"
            continue
        if tok.pos_ == "VERB" and (pair := _coordinated_compound_read_as_subject(tok, nouns)) is not None:
            # "announced travel bans and asset freezes on 14 officials": the parser made "travel bans and
            # asset" the subject of a clause "freezes"; "asset freezes" is the object, "travel bans" its
            # conjunct, both of the verb above
            first, modifier = pair
            tok.tag_, tok.pos_, tok.dep_ = VERB_AS_NOUN_TAGS[tok.tag_], "NOUN", "dobj"
            modifier.dep_, modifier.head = "compound", tok
            first.dep_, first.head = "conj", tok
            continue
        if tok.pos_ != "VERB" or tok.tag_ not in VERB_AS_NOUN_TAGS or tok.lemma_.lower() not in nouns:
            continue
        if tok.dep_ in NOMINAL_DEPS and not any(c.dep_ in VERB_OWN_DEPS for c in tok.children):
            tok.tag_ = VERB_AS_NOUN_TAGS[tok.tag_]
            tok.pos_ = "NOUN"
        elif (named := _name_read_as_subject(tok)) is not None:
            # "began their annual Freedom Shield drills": the parser made the exercise's name the subject
            # of a clause "Shield drills"; it is the name modifying the noun, which is the object
            tok.tag_, tok.pos_, tok.dep_ = VERB_AS_NOUN_TAGS[tok.tag_], "NOUN", "dobj"
            named.dep_ = "compound"


# Modifiers of event nouns the tagger reads as verbs: "began snap drills" parsed as "began [to] snap
# drills" (the Russian and Belarusian forces' drills at short notice, see frames.yaml's exercise nouns)
VERB_READ_MODIFIERS = frozenset({"snap"})


def _modifier_read_as_verb(tok: Token) -> bool:
    """An event noun whose head is such a modifier, read as a verb complement right before it."""
    head = tok.head
    return (head.i == tok.i - 1 and head.lower_ in VERB_READ_MODIFIERS and head.pos_ == "VERB"
            and tok.dep_ == "dobj" and head.dep_ in ("xcomp", "ccomp") and head.head != head)


def _reattach_modifier(tok: Token) -> None:
    """Make the verb-read modifier an adjective of the noun, and the noun the object of the verb above."""
    modifier, verb = tok.head, tok.head.head
    tok.head = verb
    for c in list(modifier.children):
        if c != tok:
            c.head = verb  # "near the border": where the drills are, on the verb as the parser would have
    modifier.head = tok
    modifier.dep_, modifier.pos_, modifier.tag_ = "amod", "ADJ", "JJ"


def _verb_read_as_modifier(tok: Token) -> bool:
    """A sentence parsed as one noun phrase with its finite verb as an adjective ("North Korea test-fired
    two missiles into the sea": "North Korea" and "test-fired" modifiers of the root "missiles"), which
    the small parser does to short sentences of a name, a past-tense verb and a plural object."""
    head = tok.head
    if tok.pos_ != "VERB" or tok.tag_ not in ("VBD", "VBN") or tok.dep_ != "amod" or head.dep_ != "ROOT" \
            or head.pos_ not in ("NOUN", "PROPN") or head.i <= tok.i:
        return False
    if any(t.tag_ in ("VBD", "VBZ", "VBP") and t != tok for t in tok.sent):
        return False  # the sentence has a finite verb of its own: the participle is a modifier
    return _names_before(tok) != []


def _names_before(tok: Token) -> list[Token]:
    """The name the misread verb follows, as the parser hung it on the noun: a compound ("North Korea
    test-fired"), or, for a verb tagged as a participle ("Armenia hosted military exercises"), a bare
    name right before it that the parser made an adverbial noun (a participle modifier with a name before
    it is hyphenated, "Iran-backed", or the name is the noun's compound)."""
    noun = tok.head
    names = [c for c in noun.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < tok.i]
    if names:
        return names
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    if tok.tag_ == "VBN" and prev is not None and prev.pos_ == "PROPN" and prev.dep_ == "npadvmod" \
            and prev.head in (tok, noun):
        return [prev]
    return []


def _reattach_clause(tok: Token) -> None:
    """Make the verb the root, the noun its object and the name before it its subject."""
    noun = tok.head
    names = _names_before(tok)
    subject = names[-1]
    tok.head, tok.dep_, tok.tag_ = tok, "ROOT", "VBD"
    for c in list(noun.children):
        if c.dep_ == "prep" or (c.dep_ == "punct" and c.i > noun.i):
            c.head = tok  # "into the sea", the full stop: the clause's, as the parser would have had them
    noun.head, noun.dep_ = tok, "dobj"
    subject.head, subject.dep_ = tok, "nsubj"
    for c in names[:-1]:
        c.head = subject  # "North" of "North Korea"


# Plurals that name goods or trade far more often than they are a headline's verb ("US arms sales to ...",
# "China exports data")
GOODS_PLURALS = TRADE_NOUNS | {"arm"}


def _headline_verb_read_as_noun(tok: Token) -> Token | None:
    """A headline's present-tense verb read as a plural noun modifying its object ("US sanctions Chinese
    firms over drone parts", "North Korea test-fires new cruise missiles off west coast, KCNA says"):
    names from the sentence's start, then the -s word of a frame verb, then its object's noun phrase, and
    nothing else before it (so no finite verb). Returns the subject, the last of the names."""
    doc = tok.doc
    if tok.tag_ not in ("NNS", "VBZ") or tok.dep_ not in ("nmod", "compound", "amod") \
            or tok.i + 1 >= len(doc):
        return None
    lex = lexicon()
    lemma = tok.lemma_.lower()
    if lemma not in lex.verbs or not tok.lower_.endswith("s") or lemma in GOODS_PLURALS:
        return None
    test_fires = tok.i >= 2 and doc[tok.i - 1].text == "-" and doc[tok.i - 2].lower_ == "test"
    start = tok.i - 2 if test_fires else tok.i
    noun = tok.head
    if noun.i <= tok.i or noun.pos_ not in ("NOUN", "PROPN") or doc[tok.i + 1].pos_ not in (
            "DET", "ADJ", "NUM", "NOUN", "PROPN"):
        return None
    if noun.dep_ != "ROOT" and not (noun.dep_ == "ccomp" and noun.head.i > noun.i
                                    and noun.head.lemma_.lower() in lex.speech):
        return None  # a clause of its own, or a noun phrase inside a sentence with its verb elsewhere
    names = doc[tok.sent.start : start]
    if not len(names) or any(t.pos_ != "PROPN" and not t.ent_type_ for t in names):
        return None  # (a name may be tagged as a common noun: "Russia fires missiles at ...")
    return names[-1]


def _reattach_headline_verb(tok: Token, subject: Token) -> None:
    """Make the word the verb in the noun's place, the noun its object, the last name its subject, and
    what followed the noun ("over drone parts", "off west coast") the verb's."""
    doc, noun = tok.doc, tok.head
    tok.pos_, tok.tag_ = "VERB", "VBZ"
    if noun.dep_ == "ROOT":
        tok.head, tok.dep_ = tok, "ROOT"
    else:
        tok.head, tok.dep_ = noun.head, noun.dep_
    for c in list(noun.children):
        if c.i > noun.i and c.dep_ in ("prep", "punct", "advmod", "npadvmod"):
            c.head = tok
    noun.head, noun.dep_ = tok, "dobj"
    for t in doc[tok.sent.start : subject.i]:
        t.head, t.dep_ = subject, "compound"  # "North" of "North Korea"
    subject.head, subject.dep_ = tok, "nsubj"
    for t in doc[subject.i + 1 : tok.i]:  # the "test" and hyphen of "test-fires"
        t.head, t.dep_ = tok, ("punct" if t.text == "-" else "npadvmod")


# Words that name a class of weapon before a carrier noun ("attack helicopters", "strike drones")
WEAPON_CLASS_WORDS = frozenset({"attack", "strike"})
WEAPON_CARRIERS = frozenset({"helicopter", "aircraft", "drone", "jet", "plane", "submarine", "boat", "craft",
                             "fighter", "uav", "vessel"})


def _weapon_class_read_as_verb(tok: Token) -> bool:
    """ "received fighter jets and attack helicopters from Russia": the parser reads "attack" as a verb
    coordinated with the first goods, with the carrier as its object and the rest of the clause on it."""
    doc = tok.doc
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    return (tok.lower_ in WEAPON_CLASS_WORDS and tok.pos_ == "VERB" and tok.dep_ == "conj"
            and tok.head.pos_ in ("NOUN", "PROPN") and nxt is not None and nxt.head == tok
            and nxt.dep_ == "dobj" and nxt.lemma_.lower() in WEAPON_CARRIERS)


def _reattach_weapon_class(tok: Token) -> None:
    """Make the carrier the conjunct of the first goods and the class word its modifier; what hung on the
    misread verb ("from Russia") goes to the clause's verb, as it would for the first goods."""
    carrier, goods = tok.doc[tok.i + 1], tok.head
    clause = goods.head if goods.dep_ in ("dobj", "nsubjpass", "pobj") and goods.head != goods else goods
    for c in list(tok.children):
        if c != carrier:
            c.head = clause
    carrier.head, carrier.dep_ = goods, "conj"
    tok.head, tok.dep_, tok.pos_, tok.tag_ = carrier, "compound", "NOUN", "NN"


def _name_read_as_subject(tok: Token) -> Token | None:
    """The subject just before a verb-tagged event noun in a clause complement, when that subject carries
    a possessive or an adjective ("their annual Freedom Shield drills"), which a clause's subject rarely
    does and a noun phrase's name modifier often does."""
    if tok.dep_ not in ("ccomp", "xcomp") or tok.i == 0 or any(c.dep_ == "dobj" for c in tok.children):
        return None
    subj = tok.doc[tok.i - 1]
    if subj.dep_ != "nsubj" or subj.head != tok or subj.pos_ not in ("PROPN", "NOUN"):
        return None
    return subj if any(c.dep_ in ("poss", "amod") for c in subj.children) else None


def _compound_read_as_subject(tok: Token, nouns: Mapping[str, str]) -> Token | None:
    """The bare singular noun right before a present-tense event noun read as a clause ("asset freezes",
    "travel bans" after "imposed"): a clause's subject takes a determiner or a plural far more often
    than a noun modifier does, and an event noun with no object of its own is the verb's object."""
    if tok.dep_ not in ("ccomp", "xcomp") or tok.tag_ != "VBZ" or tok.i == 0 \
            or any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in tok.children):
        return None
    subj = tok.doc[tok.i - 1]
    if subj.dep_ != "nsubj" or subj.head != tok or subj.tag_ != "NN" or any(True for _ in subj.children):
        return None
    lemma = tok.lemma_.lower()
    return subj if lemma in nouns or f"{subj.lower_} {lemma}" in nouns else None


def _coordinated_compound_read_as_subject(tok: Token, nouns: Mapping[str, str]) -> tuple[Token, Token] | None:
    """ "travel bans and asset freezes" after a verb: a bare singular noun right before a present-tense
    event noun, itself the conjunct of an event noun that the parser made the clause's subject."""
    if tok.dep_ not in ("ccomp", "xcomp") or tok.tag_ != "VBZ" or tok.i < 3 \
            or any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in tok.children):
        return None
    modifier = tok.doc[tok.i - 1]
    first = modifier.head
    if modifier.dep_ != "conj" or modifier.tag_ != "NN" or first.dep_ != "nsubj" or first.head != tok \
            or not _event_noun(first, nouns) or any(c.dep_ != "cc" and c != modifier and c.i > first.i
                                                        for c in first.children):
        return None
    lemma = tok.lemma_.lower()
    return (first, modifier) if lemma in nouns or f"{modifier.lower_} {lemma}" in nouns else None


def _event_noun(tok: Token, nouns: Mapping[str, str]) -> bool:
    return tok.lemma_.lower() in nouns or noun_phrase_key(tok) in nouns


# Saying that an act breaks a law, a charter or a state's sovereignty is a condemnation of it (CAMEO 112
# "accuse", PLOVER ACCUSE: the diplomats' "violates international law", "breaches the UN Charter")
BREACHING_VERBS = frozenset({"violate", "breach", "contravene", "flout"})
BROKEN_RULES = frozenset({"law", "charter", "sovereignty", "resolution", "agreement", "treaty", "ceasefire",
                          "truce", "accord", "convention", "norm", "integrity", "embargo", "sanction",
                          "armistice"})


def breaks_a_rule(verb: Token) -> Token | None:
    """ "(X said) the annexation violates international law": the subject said to break the rule, for a
    verb of breaching whose object is a law, charter, sovereignty, resolution or agreement."""
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in BREACHING_VERBS:
        return None
    if not any(o.dep_ == "dobj" and o.lemma_.lower() in BROKEN_RULES
               for c in (verb, *(x for x in verb.children if x.dep_ == "conj")) for o in c.children):
        return None
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)


# What is hit back at in words ("hit back at the claims", "struck back at critics' remarks")
WORDS_HIT_BACK_AT = frozenset({"threat", "claim", "criticism", "remark", "comment", "statement", "accusation",
                               "allegation", "rhetoric", "critic", "charge", "report", "warning", "insult"})


def _hit_back_at_words(v: Token) -> bool:
    back = any(c.dep_ in ("advmod", "prt") and c.lower_ == "back" for c in v.children)
    at = [o for p in v.children if p.dep_ == "prep" and p.lower_ == "at" for o in p.children]
    return back and any(o.lemma_.lower() in WORDS_HIT_BACK_AT for o in at)


# Manned aircraft: shooting one down is an attack; shooting down drones and missiles is air defence
MANNED_AIRCRAFT = frozenset({"jet", "plane", "aircraft", "helicopter", "fighter", "bomber", "warplane",
                             "airliner", "chopper", "gunship"})


def shot_down(v: Token) -> bool:
    """ "shot down" (shoot with its particle), whatever was downed."""
    return v.lemma_.lower() == "shoot" and any(p.dep_ == "prt" and p.lower_ == "down" for p in v.children)


def _downed_aircraft(v: Token) -> bool:
    return shot_down(v) and any(o.dep_ == "dobj" and o.lemma_.lower() in MANNED_AIRCRAFT for o in v.children)


# What a state refuses that is a travel ban ("denied entry to", "refused visas to"); CAMEO 163
ENTRY_NOUNS = frozenset({"entry", "visa"})


def refused_entry(v: Token) -> bool:
    return any(c.dep_ == "dobj" and c.lemma_.lower() in ENTRY_NOUNS for c in v.children)


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
        if pos in ("VERB", "ADJ", "NOUN") and destination_word(tok):
            out.append((tok, "transfer_bound"))  # "missiles destined for Hezbollah", "en route to Juba"
            continue
        if pos in ("VERB", "AUX") or (pos == "ADJ" and tok.tag_ == "VBN"):
            if phrasal_key(tok) in OTHER_SENSE_PHRASALS:
                continue  # "carried out strikes": the strikes are the event, "carry" is no delivery
            frame = (lex.verbs.get(phrasal_key(tok)) or lex.verbs.get(lemma) or lex.verbs.get(tok.lower_)
                     or next((f for v in verb_lemmas(tok)[1:] if (f := lex.verbs.get(v))), None))
            if lemma in IMPACT_VERBS and any(c.dep_ == "prep" and c.lower_ in ("into", "through")
                                             for c in tok.children):
                # "a drone slammed into a block", "a bomb tore through a bus" (slamming a decision condemns)
                frame = "attack_impact"
            if frame is None and lemma == "use":
                frame = "use"
            if frame is None and lemma == "call" and _phoned_someone(tok):
                frame = "meeting"  # "Macron called his Ukrainian counterpart" (CAMEO 041: a consultation)
            if frame is None and lemma in PHONED_VERBS and _by_phone(tok):
                frame = "meeting"  # "spoke by phone with Wang Yi" (CAMEO 041: a consultation)
            if frame is None and lemma in THROWING_VERBS and _throws_arms(tok):
                frame = "attack"  # "lobbed grenades at a checkpoint", "hurled a petrol bomb at the embassy"
            if lemma in ("find", "make") and _finds_its_way(tok):
                frame = "transfer_arrive"  # "shells made in Bulgaria found their way to Ukraine": reached it
            if frame is None and lemma == "lay" and _lays_siege(tok):
                frame = "attack_armed"  # "laid siege to the hotel": besieged it (CAMEO 191)
            if frame is None and lemma == "shoot" and _shot_dead(tok):
                frame = "attack_armed"  # "gunmen shot dead a local official" (CAMEO 186 assassinate)
            if lemma in ("hit", "strike") and _hit_back_at_words(tok):
                frame = "condemnation"  # "Seoul hit back at Pyongyang's threats": a retort, no blow
            if frame is None and lemma == "shoot" and _downed_aircraft(tok):
                frame = "attack"  # "shot down a Ukrainian Su-25 jet" (CAMEO 190: a blow at its crew)
            if lemma in ("deny", "refuse") and refused_entry(tok):
                frame = "sanction"  # "denied entry to 15 officials": a travel ban, not a claim denied
            if frame:
                out.append((tok, frame))
        elif pos in ("NOUN", "PROPN"):
            if tok.dep_ == "compound" and tok.head.lemma_.lower() not in ("test", "launch"):
                continue  # "launch facility", "sanctions regime", "arms shipment" (the item word)
            frame = lex.nouns.get(noun_phrase_key(tok)) or lex.nouns.get(lemma) or lex.nouns.get(tok.lower_)
            if frame is None and lemma in ("attempt", "use"):
                frame = lemma
            if frame is None and lemma in TRADE_BARS and _bans_trade(tok):
                frame = "sanction"
            if frame is None and lemma == "host" and tok.dep_ == "dobj" and tok.head.lemma_.lower() == "play":
                frame = "meeting"  # "played host to Russia's defence minister"
            if frame is None and lemma in DISOWNED_NOUNS and disowned(tok):
                frame = "denial"  # "Minsk said it had no involvement in the shipment"
            if frame is None and lemma == "fire" and under_attack(tok):
                frame = "attack"  # "came under rocket fire": only there is "fire" an attack noun
            if frame is None and lemma == "call" and _call_with(tok):
                frame = "meeting"  # "had a call with Macron" (CAMEO 041: a consultation)
            if frame:
                out.append((tok, frame))
    return out


def _call_with(noun: Token) -> bool:
    """ "had/held a call with X": a call had with someone (not "a call for restraint")."""
    return (noun.dep_ == "dobj" and noun.head.lemma_.lower() in ("have", "hold")
            and any(c.dep_ == "prep" and c.lower_ == "with" for c in (*noun.children, *noun.head.children)))


PHONE_WORDS = frozenset({"phone", "telephone", "video", "videoconference", "videolink", "hotline"})
PHONED_VERBS = frozenset({"speak", "talk"})


def _by_phone(verb: Token) -> bool:
    """ "spoke by phone", "talked over the telephone", "spoke via video link"."""
    return any(c.dep_ == "prep" and c.lower_ in ("by", "over", "via", "on")
               and any(o.lemma_.lower() in PHONE_WORDS for o in c.children if o.dep_ == "pobj")
               for c in verb.children)


# Whom one calls by telephone ("called his Iranian counterpart", "called President Ruto")
CALLED_PEOPLE = frozenset({"counterpart", "president", "premier", "minister", "chancellor", "leader", "king",
                           "emir", "envoy", "secretary"})
# What makes "call" a naming or a summons, not a phone call: "called Putin a killer", "called it
# barbaric", "called on Germany to ...", "called off the talks", "called for restraint"
CALL_NAMING_DEPS = frozenset({"oprd", "attr", "acomp", "xcomp", "ccomp", "prt", "dative"})


def _phoned_someone(verb: Token) -> bool:
    """ "X called Y" with a person (or a title, "his counterpart") as the only complement: a phone call."""
    objs = [c for c in verb.children if c.dep_ == "dobj"]
    if not objs:  # "called Chinese Foreign Minister Wang Yi": the parser may read the name as a naming
        objs = [c for c in verb.children if c.dep_ == "oprd" and c.ent_type_ == "PERSON"]
    if any(c.dep_ in CALL_NAMING_DEPS and c not in objs for c in verb.children):
        return False
    if any(c.dep_ == "prep" and c.lower_ in ("for", "on", "upon") and c.i == verb.i + 1
           for c in verb.children):
        return False
    return len(objs) == 1 and (objs[0].ent_type_ == "PERSON" or objs[0].lemma_.lower() in CALLED_PEOPLE)


# Throwing an explosive at someone or something is an attack (PLOVER ASSAULT, CAMEO 18x/19x: grenade and
# firebomb attacks); throwing stones or shoes is a protest, and throwing "a party" nothing of ours
THROWING_VERBS = frozenset({"throw", "hurl", "lob", "fling", "toss"})
THROWN_ARMS = frozenset({"grenade", "bomb", "firebomb", "explosive", "cocktail", "incendiary", "device",
                         "dynamite"})


def _throws_arms(verb: Token) -> bool:
    """A verb of throwing whose object is an explosive, aimed "at", "into" or "onto" something."""
    objs = [o for o in verb.children if o.dep_ in ("dobj", "nsubjpass")]
    aimed = any(c.dep_ == "prep" and c.lower_ in ("at", "into", "onto", "toward", "towards")
                for c in (*verb.children, *(k for o in objs for k in o.children)))
    return aimed and any(o.lemma_.lower() in THROWN_ARMS and (o.lemma_.lower() != "device" or any(
        m.lemma_.lower() in ("explosive", "incendiary") for m in o.children)) for o in objs)


def _finds_its_way(verb: Token) -> bool:
    """ "found its/their way to/into X", "made their way to X": arrived there (the goods as subject are
    checked by the frame)."""
    return any(o.dep_ == "dobj" and o.lemma_.lower() == "way" for o in verb.children) and any(
        c.dep_ == "prep" and c.lower_ in ("to", "into") for c in (*verb.children, *(
            k for o in verb.children if o.lemma_.lower() == "way" for k in o.children)))


def _lays_siege(verb: Token) -> bool:
    """ "laid siege to X": the phrase of besieging."""
    return any(o.dep_ == "dobj" and o.lemma_.lower() == "siege" for o in verb.children) and any(
        c.dep_ == "prep" and c.lower_ == "to" for c in verb.children)


def _shot_dead(verb: Token) -> bool:
    """ "shot dead a local official", "was shot dead": the killing by gunfire (not "shot a film")."""
    doc = verb.doc
    return verb.i + 1 < len(doc) and doc[verb.i + 1].lower_ == "dead"  # (the parser hangs "dead" anywhere)


# Verbs that put their subject "under" an attack ("came under fire", "remained under shelling")
UNDER_ATTACK_VERBS = frozenset({"come", "be", "remain", "stay", "fall"})
# "Came under fire/attack" is as often criticism ("the minister came under fire from lawmakers over the
# deal"): it is an attack only when the fire is a weapon's or the enemy's, or what came under it is a
# place or a unit that can be shot at, and no reason ("for", "over") follows as for a reproach.
WEAPON_FIRE_WORDS = frozenset({"rocket", "artillery", "mortar", "gun", "machine", "machine-gun", "tank",
                               "sniper", "enemy", "missile", "drone", "shell", "cannon", "naval", "mortars",
                               "anti-aircraft", "small", "hostile", "grenade"})
SHOT_AT_NOUNS = frozenset({"position", "convoy", "base", "troop", "soldier", "ship", "vessel", "tanker",
                           "village", "town", "city", "patrol", "unit", "post", "outpost", "checkpoint",
                           "camp",
                           "plane", "aircraft", "helicopter", "embassy", "district", "port", "airport",
                           "trench", "column", "boat", "warship", "frigate", "destroyer", "garrison", "area",
                           "neighbourhood", "neighborhood", "settlement", "front", "line", "facility"})
LITERAL_ATTACK_NOUNS = frozenset({"shelling", "bombardment", "bombing", "airstrike", "air strike"})


def under_attack(n: Token) -> bool:
    """An attack noun (or "fire") governed by "under" of a verb that puts its subject in it, in the
    literal sense."""
    if n.dep_ != "pobj" or n.head.lower_ != "under" or n.head.head.lemma_.lower() not in UNDER_ATTACK_VERBS:
        return False
    held = n.head.head
    if any(p.dep_ == "prep" and p.lower_ in ("for", "over") for p in (*n.children, *held.children)):
        return False
    if n.lemma_.lower() in LITERAL_ATTACK_NOUNS:
        return True
    if any(m.lemma_.lower() in WEAPON_FIRE_WORDS for m in n.children if m.dep_ in ("compound", "amod")):
        return True
    sources = [o for p in n.children if p.dep_ == "prep" and p.lower_ == "from" for o in p.children]
    if any(m.lemma_.lower() in WEAPON_FIRE_WORDS for o in sources for m in o.subtree):
        return True
    return any(s.lemma_.lower() in SHOT_AT_NOUNS for s in held.children if s.dep_ in ("nsubj", "nsubjpass"))


# Nouns of a measure that bars or limits trade: a sanction when they bar it ("a ban on arms sales",
# "restrictions on exports of dual-use goods to Russia", "curbs on oil imports"), not "a smoking ban"
TRADE_BARS = frozenset({"ban", "restriction", "curb", "control"})
# What a ban must bar to be a sanction ("a ban on trade with Libya", "a ban on arms sales"), not a smoking ban
BANNED_TRADE = frozenset({"trade", "export", "import", "arm", "arms", "sale", "weapon", "oil", "investment",
                          "transaction", "shipment", "purchase", "dealing", "business", "commerce"})


def sense_fixed_by_context(tok: Token, frame: str) -> bool:
    """A noun whose event sense its context fixes: carried by its frame's light verb ("lodged a protest",
    "imposed sanctions"), or a ban, which the frames take only where it bars trade ("an export ban", "a ban
    on trade with Libya"); a verb whose particle makes it a phrasal verb of the frames ("ended up in the
    hands of", "a bomb went off"), where the model, which reads the verb's lemma, mostly saw "end", "go"."""
    if tok.pos_ in ("VERB", "AUX"):
        key = phrasal_key(tok)
        return bool(key) and key in lexicon().verbs
    if tok.pos_ != "NOUN":
        return False
    return tok.lemma_.lower() == "ban" or _light_verb(tok, frame_type(frame)) is not None or (
        tok.lemma_.lower() in TRADE_BARS and _bans_trade(tok))


def barred(measure: Token) -> list[Token]:
    """The objects of a measure's "on" ("a ban on arms sales"), or of its verb's, where the parser hangs
    it there ("imposed curbs on exports")."""
    holders = [measure, measure.head] if measure.dep_ == "dobj" else [measure]
    return [o for h in holders for p in h.children if p.dep_ == "prep" and p.lower_ == "on"
            for o in p.children if o.dep_ == "pobj"]


def _bans_trade(tok: Token) -> bool:
    return any(t.pos_ == "NOUN" and (t.lemma_.lower() in BANNED_TRADE or t.lower_ in BANNED_TRADE)
               for o in barred(tok) for t in o.subtree)


# Phrasal verbs whose particle takes the verb out of its frame ("carry out" an attack, "take out" a
# target, "fire up" a crowd, "test out" an idea)
OTHER_SENSE_PHRASALS = frozenset({
    "carry out", "carry on", "take out", "fire up", "fire off", "test out", "give up", "give in", "hit back",
    "send off", "move on", "ship off", "hand out", "deliver on"})
