"""Who a pronoun, "the two" or a definite description ("the country", "the regime") stands for, and who
spoke last: the per-document memory the frames and attribution share, filled in sentence order.

Rules, and why each exists, are in the docstrings; the attribution rules that use them are described in
events.attribution.
"""

from __future__ import annotations

import bisect
import sys

from spacy.tokens import Doc, Token

from armswatch.entities.gazetteer import INSTITUTION_SEP, load_gazetteer
from armswatch.entities.generic import FORCE_NOUNS
from armswatch.events.frames import (
    ACTOR_TYPES,
    CLAUSE_DEPS,
    SPEAKER_SKIP_PREPS,
    Entity,
    clause_head,
    lexicon,
    subject_of,
)

OPEN_QUOTES = "\u201c\u00ab"
CLOSE_QUOTES = "\u201d\u00bb"

PERSON_ROLES = frozenset(
    {
        "minister",
        "president",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "leader",
        "official",
        "envoy",
        "ambassador",
        "secretary",
        "chief",
        "premier",
        "chancellor",
        "commander",
        "general",
        "adviser",
        "advisor",
        "diplomat",
        "king",
        "prince",
    }
)


# "the country test-fired missiles", "the regime denied it": the country named just before
STATE_ANAPHORS = frozenset({"country", "regime", "nation"})


# Prepositions whose object "it" is a party to the clause's act, resolved to a state or body named before
# ("measures against it", "sanctions on it", "arms to it")
OBJECT_IT_PREPS = frozenset({"against", "on", "to", "with"})


class Resolver:
    """Per-document memory for pronouns and speakers, filled in sentence order."""

    def __init__(self, doc: Doc, entity_at: list[Entity | None]) -> None:
        self.doc = doc
        self.entity_at = entity_at
        self.person_tokens = [i for i, e in enumerate(entity_at) if e is not None and e[1] == "person"]
        self.last_speaker: list[str] = []
        self.last_speaker_sentence = -10
        self.last_group: list[Entity] = []
        self.last_states: list[Entity] = []
        self.sentence_index = 0
        self.quote_speakers: list[str] = []  # speaker of the quotation the current sentence is in
        self._quoted: list[tuple[int, int]] | None = None  # character spans inside quotation marks

    # ---- plain entity collection (no pronoun resolution: used while resolving pronouns)
    def raw_entities(self, tok: Token, skip_preps: frozenset[str] = SPEAKER_SKIP_PREPS) -> list[Entity]:
        out: list[Entity] = []
        stack = [tok]
        while stack:
            t = stack.pop()
            e = self.entity_at[t.i]
            if e is not None and e[1] in ACTOR_TYPES and e not in out:
                out.append(e)
            for c in t.children:
                if c.dep_ in CLAUSE_DEPS - {"acl"} and c != tok:
                    continue
                if c.dep_ == "acl" and c.tag_ == "VBN" and any(x.dep_ == "agent" for x in c.children):
                    continue  # "a UN report seen by Reuters said": who holds the report does not speak
                if c.dep_ == "prep" and (
                    c.lower_ in skip_preps
                    or (c.lower_ == "for" and not t.lemma_.lower().startswith("spokes"))
                ):
                    continue  # "the envoy for North Korea" speaks for the US; "a spokesman for X" for X
                stack.append(c)
        return out

    def _last_person_before(self, i: int) -> list[Entity]:
        k = bisect.bisect_left(self.person_tokens, i)
        if k == 0:
            return []
        e = self.entity_at[self.person_tokens[k - 1]]
        return [e] if e else []

    def _speech_above(self, tok: Token) -> Token | None:
        lex = lexicon()
        cur = tok
        for _ in range(10):
            if cur.head == cur:
                return None
            prev, cur = cur, cur.head
            lemma = cur.lemma_.lower()
            if cur.pos_ == "NOUN":
                continue  # "denied claims that it supplied": the claim is others' word, the denial its own
            if (lemma in lex.speech or lex.verbs.get(lemma) == "denial") and prev.dep_ not in (
                "nsubj",
                "nsubjpass",
            ):
                return cur  # "the Kremlin denied that it ..." speaks of itself
        return None

    def resolve(self, tok: Token) -> list[Entity]:
        """Entities a pronoun (or "the two") stands for; [] when unsure."""
        lex = lexicon()
        w = tok.lower_
        sent = tok.sent
        if w in lex.person_pronouns:
            root_subj = subject_of(sent.root)
            if root_subj is not None and root_subj.i > tok.i:
                ents = [e for e in self.raw_entities(root_subj) if e[1] == "person"]
                if ents:
                    return ents[:1]
            return self._person_before(tok)
        if w in lex.first_person:
            return self._speaker_ids_as_entities(self.quote_speakers)
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in STATE_ANAPHORS:  # "the country", "the regime"
            return self._last_country_before(tok.i)
        if w in lex.group_anaphors:  # "the two countries" are the last two countries named together
            states = tok.head.lemma_.lower() in ("country", "nation", "state", "government", "neighbour")
            return list(self.last_states if states else self.last_group)
        if w in lex.group_pronouns:
            speech = self._speech_above(tok)
            singular = w in ("it", "its", "itself")
            # "the military said it struck ...", "Israel said its jets struck ...": the speaker's own forces
            # or arms (not "said its subsidiary no longer owns ...": a company's holdings act for nobody)
            subject_like = tok.dep_ in ("nsubj", "nsubjpass") or (
                tok.dep_ == "poss" and tok.head.dep_ in ("nsubj", "nsubjpass")
                and tok.head.lemma_.lower() in OWN_FORCE_NOUNS)
            if speech is not None and subject_like:
                subj = subject_of(speech)
                if subj is not None and subj.i != tok.i and subj.pos_ != "PRON":
                    ents = self.raw_entities(subj)
                    plural_name = subj.tag_ in ("NNPS", "NNS") or any(t == "armed_group" for _, t in ents)
                    if ents and (singular or len(ents) >= 2 or plural_name):
                        # "the navy said it held drills", "X and Y said they ...", "the Houthis said they"
                        return ents
            said = singular and tok.dep_ == "nsubj" and tok.head.lemma_.lower() in lex.speech
            if said and (self.last_speaker or tok.head.dep_ != "ROOT"):
                return self._speaker_ids_as_entities(self.last_speaker)  # "..., it said."
            # "X issued a statement. It said ...": with no speaker yet, the sentence before's subject
            if w == "it" and tok.dep_ in ("nsubj", "nsubjpass"):
                return self._nearest_singular_antecedent(tok)
            if w == "it" and tok.dep_ == "pobj" and tok.head.lower_ in OBJECT_IT_PREPS:
                # "the US has imposed punitive measures against it": not the clause's own subject, which
                # would be "itself"
                return self._nearest_singular_antecedent(tok, skip=clause_head(tok.head))
            if not singular:
                before = [
                    self.entity_at[t.i] for t in sent if t.i < tok.i and self.entity_at[t.i] is not None
                ]
                uniq = list(dict.fromkeys(e for e in before if e and e[1] in ACTOR_TYPES))
                if len(uniq) >= 2:
                    return uniq
                return list(self.last_group)
        return []

    def _nearest_singular_antecedent(self, tok: Token, skip: Token | None = None) -> list[Entity]:
        """"sanctions on North Korea since it tested a nuclear weapon", "North Korea faces new sanctions.
        It tested ...": "it" stands for the nearest singular noun phrase before it, in its sentence or the
        one before; a state, group or body only when that phrase names one ("launched a missile, and it
        hit a ship" is the missile). Plurals, coordinated names and times cannot be "it"."""
        def singular(t: Token) -> bool:
            return (t.pos_ in ("NOUN", "PROPN") and t.ent_type_ not in NOT_ANTECEDENT_ENTS
                    and t.tag_ not in ("NNS", "NNPS")
                    # "the U.S. and the United Nations": they, not it
                    and t.dep_ != "conj" and not any(c.dep_ == "conj" for c in t.children))

        def named(t: Token) -> list[Entity]:
            e = self.entity_at[t.i]
            return [e] if e is not None and e[1] in ("country", "armed_group", "organization") else []

        sent = tok.sent
        cur = tok.head
        # the subject of a clause above it comes first ("the nation will be able to trade with the
        # United States, allowing it to buy": the nation), as in Hobbs's search; but a clause of its own
        # that "since", "after" or "because" opens tells of the last one named ("sanctions on North
        # Korea since it tested")
        adverbial = any(c.dep_ == "mark" for c in cur.children) and cur.dep_ == "advcl"
        for _ in range(0 if adverbial else 8):
            subj = subject_of(cur) if cur != skip else None
            if subj is not None and subj.i < tok.i and singular(subj):
                return named(subj)
            if cur.head == cur:
                break
            cur = cur.head
        own = subject_of(skip) if skip is not None else None
        for t in reversed(sent[: tok.i - sent.start]):
            if t.dep_ not in ("compound", "poss", "npadvmod", "nmod") and singular(t) and t != own:
                if skip is not None and t.head == skip and t.dep_ in ("dobj", "attr"):
                    continue  # the clause's own object ("imposed measures against it"): not it
                return named(t)
        if sent.start == 0:
            return []
        # across a sentence boundary "it" continues the topic: the subject of the sentence before
        subj = subject_of(self.doc[sent.start - 1].sent.root)
        return named(subj) if subj is not None and singular(subj) else []

    def _last_country_before(self, i: int) -> list[Entity]:
        """The country named last before token i, in its sentence or the two before it."""
        floor = self.doc[i].sent.start
        for _ in range(2):
            if floor == 0:
                break
            floor = self.doc[floor - 1].sent.start
        for j in range(i - 1, floor - 1, -1):
            e = self.entity_at[j]
            if e is not None and e[1] == "country":
                return [e]
        return []

    def _person_before(self, tok: Token) -> list[Entity]:
        """The nearest person named before a pronoun: in its own sentence a named person, else a role
        noun with its country ("Russia's foreign minister ... his country"), else the last person named."""
        sent = tok.sent
        for t in reversed(sent[: tok.i - sent.start]):
            e = self.entity_at[t.i]
            if e is not None and e[1] == "person":
                return [e]
            if t.lemma_.lower() in PERSON_ROLES and t.pos_ == "NOUN":
                ents = self.raw_entities(t)
                if ents:
                    return ents[:1]
        return self._last_person_before(tok.i)

    def _speaker_ids_as_entities(self, ids: list[str]) -> list[Entity]:
        return [(i, "organization") for i in ids]

    def in_quotation(self, char: int) -> bool:
        """Is the character inside quotation marks? Quotations close at the end of a paragraph."""
        if self._quoted is None:
            self._quoted = quotation_spans(self.doc.text)
        # past every span starting at `char` (ends are offsets of the text), without rebuilding Doc.text
        k = bisect.bisect_right(self._quoted, (char, sys.maxsize))
        return k > 0 and self._quoted[k - 1][0] <= char < self._quoted[k - 1][1]

    def earlier_institution(self, subj: Token) -> str:
        """ "The Joint Chiefs of Staff said", "a statement from the military": a state body named without
        its state is the body of that kind the report named with its state before (a report names the
        speaker in full once, then by its bare title); '' when none was."""
        gaz = load_gazetteer()
        words = [t for t in subj.subtree if t.dep_ not in ("det", "punct") and t.i <= subj.i + 3]
        phrase = " ".join(t.text for t in words)
        key = gaz.institution_forms.get(phrase) or gaz.institution_forms.get(subj.text)
        if key is None:
            return ""
        curated = {i for (_, k), i in gaz.institution_ids.items() if k == key}
        bodies = [(j, e[0]) for j, e in enumerate(self.entity_at)
                  if e is not None and (e[0] in curated or e[0].startswith(key + INSTITUTION_SEP))]
        before = [b for j, b in bodies if j < subj.left_edge.i]
        if before:
            return before[-1]
        # named in full only further on: the one body of that kind the report names, if only one
        return bodies[0][1] if len({b for _, b in bodies}) == 1 else ""

    def note_group(self, ents: list[Entity]) -> None:
        actors = [e for e in ents if e[1] in ACTOR_TYPES]
        if len(actors) >= 2:
            self.last_group = actors
        states = [e for e in actors if e[1] == "country"]
        if len(states) >= 2:
            self.last_states = states

    def note_speaker(self, ids: list[str]) -> None:
        if ids:
            self.last_speaker = ids
            self.last_speaker_sentence = self.sentence_index


# What a state or group's "its/their" stands for when they act: its forces and its arms (generic.py's force
# nouns and the carriers and weapons that strike)
OWN_FORCE_NOUNS = FORCE_NOUNS | {
    "jet", "warplane", "aircraft", "plane", "drone", "missile", "ship", "warship", "vessel", "fighter",
    "bomber", "artillery", "helicopter", "submarine", "militant", "gunboat", "boat"}


# entity types of words that are never what "it" stands for in a story of states and groups
NOT_ANTECEDENT_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"})


def quotation_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quotation's inside, in order; an unclosed one ends with its paragraph."""
    out: list[tuple[int, int]] = []
    start = -1
    for i, ch in enumerate(text):
        if ch == "\n" and start >= 0:
            out.append((start, i))
            start = -1
        elif start < 0 and (ch in OPEN_QUOTES or ch == '"'):
            start = i + 1
        elif start >= 0 and (ch in CLOSE_QUOTES or ch == '"'):
            out.append((start, i))
            start = -1
    if start >= 0:
        out.append((start, len(text)))
    return out
