"""Who a pronoun, "the two" or a definite description ("the country", "the regime") stands for, and who
spoke last: the per-document memory the frames and attribution share, filled in sentence order.

Rules, and why each exists, are in the docstrings; the attribution rules that use them are described in
events.attribution.

Why rules written here rather than a coreference library: the spaCy-based resolvers on PyPI need model
weights fetched at install or run time (coreferee's "python -m coreferee install en" downloads its model
from its release page; spacy-experimental's coref and fastcoref load transformer weights from a hub), and
armswatch installs from pinned wheels and runs offline with no download. The cases the events need are
few and well described (a definite description or pronoun for the last compatible state, group, body or
ship; a bare title for the speaker named before), so a small resolver in the tradition of Hobbs's search,
with binding theory's Principle C and number agreement, does them.
"""

from __future__ import annotations

import bisect
import sys

from spacy.tokens import Doc, Token

from armswatch.entities.gazetteer import INSTITUTION_SEP, load_gazetteer
from armswatch.entities.generic import FORCE_NOUNS
from armswatch.events.entity_map import state_of
from armswatch.events.frames import (
    ACTOR_TYPES,
    CLAUSE_DEPS,
    SPEAKER_SKIP_PREPS,
    Entity,
    clause_head,
    lexicon,
    subject_of,
)
from armswatch.events.frames.context import QUALIFIED_STATE_ANAPHORS, STATE_ANAPHORS, state_anaphor

OPEN_QUOTES = "\u201c\u00ab"
CLOSE_QUOTES = "\u201d\u00bb"

# Role nouns that name a speaker without naming who ("the official said", "the statement said").
ROLE_NOUNS = frozenset(
    {
        "official",
        "officials",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "minister",
        "ministry",
        "statement",
        "readout",
        "diplomat",
        "aide",
        "envoy",
        "adviser",
        "advisor",
        "representative",
        "source",
        "sources",
        "office",
        "department",
        "agency",
        "military",
        "army",
        "navy",
        "government",
        "administration",
        "leader",
        "president",
        "secretary",
        "communique",
        "communiqué",
        "declaration",
        "report",
        "command",
        "chief",
        "council",
    }
)
SPEAKER_MEMORY = (
    3  # sentences a role-noun speaker may refer back over (a source is renamed within a paragraph)
)
# Sentences back that "the two", "both sides" or "they" may refer to parties named together
GROUP_MEMORY = 2
# What a speaker issues, so that "the statement said" is who issued it ("X released a statement")
ISSUED_NOUNS = frozenset({"statement", "communique", "communiqué", "readout", "declaration", "report",
                          "announcement", "release"})
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
        self.last_group_sentence = -10  # the sentence where they were named together
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
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in STATE_ANAPHORS | QUALIFIED_STATE_ANAPHORS:
            return self._last_country_before(tok)  # "the country", "the regime", "the communist state"
        if w in lex.group_anaphors:  # "the two countries" are the last two countries named together
            states = tok.head.lemma_.lower() in ("country", "nation", "state", "government", "neighbour")
            if self._group_recent():
                return list(self.last_states if states else self.last_group)
            # "Russia has expanded its trade with Iran. Washington imposed sanctions on both countries": two
            # states named apart, the last two before it (not its own clause's subject)
            return self._last_two_countries(tok) if states else []
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
                    if singular:  # "It had been stopped before, Mr. X said": "it" is never the person
                        ents = [e for e in ents if e[1] != "person"]
                    plural_name = subj.tag_ in ("NNPS", "NNS") or any(t == "armed_group" for _, t in ents)
                    if ents and (singular or len(ents) >= 2 or plural_name):
                        # "the navy said it held drills", "X and Y said they ...", "the Houthis said they"
                        return ents
                    if not ents and singular and subj.tag_ == "NN" and subj.lemma_.lower() in ROLE_NOUNS and (
                            referent := self.descriptor_referent(subj)):
                        return referent  # "The ministry said it had never sent ...": the body named before
            said = singular and tok.dep_ == "nsubj" and tok.head.lemma_.lower() in lex.speech
            if said and (self.last_speaker or tok.head.dep_ != "ROOT"):
                return self._speaker_ids_as_entities(self.last_speaker)  # "..., it said."
            # "X issued a statement. It said ...": with no speaker yet, the sentence before's subject
            if w == "it" and tok.dep_ in ("nsubj", "nsubjpass"):
                return self._nearest_singular_antecedent(tok)
            if w == "its" and tok.dep_ == "poss" and tok.head.dep_ in ("nsubj", "nsubjpass") \
                    and tok.head.lemma_.lower() in OWN_FORCE_NOUNS:
                return self._nearest_singular_antecedent(tok)  # "Israel's military said ... Its jets struck"
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
                recent = list(self.last_group) if self._group_recent() else []
                return self._plural_subject_before(tok) or recent
        return []

    def _plural_subject_before(self, tok: Token) -> list[Entity]:
        """ "The Houthis say they act for Gaza. They fired ...": "they" continues a plural subject, that of a
        clause above it in its sentence, else the sentence before's, when it names a party (a plural name,
        names joined by "and", an armed group); [] when that subject is no party ("Officials said ...")
        or singular, so that the last group named together is asked next."""
        cur = tok
        subjects: list[Token] = []
        for _ in range(8):
            if cur.head == cur:
                break
            cur = cur.head
            subj = subject_of(cur)
            if subj is not None and subj.i < tok.i and subj.pos_ != "PRON":
                subjects.append(subj)
                break
        sent = tok.sent
        if not subjects and sent.start > 0:
            subj = subject_of(self.doc[sent.start - 1].sent.root)
            if subj is not None and subj.lower_ == "they" and subj.i < tok.i:
                # a chain: "The Houthis began using drones in 2016. They used ... They also used ..."
                return [e for e in self.resolve(subj) if e[1] in ACTOR_TYPES]
            if subj is not None and subj.pos_ != "PRON":
                subjects.append(subj)
        for subj in subjects:
            ents = [e for e in self.raw_entities(subj) if e[1] in ACTOR_TYPES]
            plural = (subj.tag_ in ("NNS", "NNPS") or len(ents) >= 2
                      or any(t == "armed_group" for _, t in ents))
            if ents and plural:
                return ents
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
            if e is None and state_anaphor(t, self.entity_at):
                return self._last_country_before(t)  # "the regime ... It ...": the state it stands for
            if e is None and t.lemma_.lower() in ROLE_NOUNS:
                # "China's commerce ministry responded. It said ...": the body's state, or the body named
                ents = self.body_state(t) or self.descriptor_referent(t)
                return [x for x in ents if x[1] in IT_TYPES][:1]
            if e is None and t.lemma_.lower() in lexicon().ships and t.i + 1 < len(self.doc):
                # "the cargo ship Ocean Star", "the tanker Golden Bay": the ship's name after the ship noun
                e = self.entity_at[t.i + 1]
                e = e if e is not None and e[1] == "vessel" else None
            return [e] if e is not None and e[1] in IT_TYPES else []

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
        # across a sentence boundary "it" continues the topic: the subject of the sentence before, else (a
        # plural subject: "Investigators said the tanker X had been stopped ...") the first singular noun
        # phrase there in Hobbs's breadth-first order
        before = self.doc[sent.start - 1].sent

        def person(t: Token) -> bool:  # "it" is never a person ("..., Mr. X said. He said it had ...")
            e = self.entity_at[t.i]
            return t.ent_type_ == "PERSON" or (e is not None and e[1] == "person")

        def chained(t: Token) -> bool:  # "It was stopped in 2010 ... It had been attacked": the same one
            return t.lower_ == "it" and t.dep_ in ("nsubj", "nsubjpass")

        subj = subject_of(before.root)
        if subj is not None and chained(subj):
            return [e for e in self.resolve(subj) if e[1] in IT_TYPES]
        if subj is not None and singular(subj) and not person(subj):
            return named(subj)
        level = [before.root]
        while level:
            for t in level:
                if chained(t):
                    return [e for e in self.resolve(t) if e[1] in IT_TYPES]
                if t.dep_ not in ("compound", "poss", "npadvmod", "nmod") and singular(t) and not person(t):
                    return named(t)
            level = [c for t in level for c in t.children]
        return []

    def body_state(self, t: Token) -> list[Entity]:
        """The state a body's own phrase names ("China's commerce ministry", "the Iranian military")."""
        return [e for c in t.children if c.i < t.i and c.dep_ in ("poss", "amod", "compound", "nmod")
                for e in self.raw_entities(c) if e[1] == "country"][:1]

    def descriptor_referent(self, t: Token) -> list[Entity]:
        """What a bare title ("the ministry", "the official", "the spokesman") that names nobody itself
        stands for: the last phrase before it, within SPEAKER_MEMORY sentences, with the same head noun
        that named someone ("Iran's foreign ministry ... The ministry said"; "Defence Secretary Lloyd
        Austin ... the secretary added"), as a definite description repeats its antecedent's head; []
        when none did, so that the last speaker is asked next."""
        lemma = t.lemma_.lower()
        floor = t.sent.start
        for _ in range(SPEAKER_MEMORY):
            if floor == 0:
                break
            floor = self.doc[floor - 1].sent.start
        for j in range(t.i - 1, floor - 1, -1):
            u = self.doc[j]
            if u.lemma_.lower() != lemma or u.pos_ not in ("NOUN", "PROPN"):
                continue
            e = self.entity_at[j]
            if e is not None and e[1] in ACTOR_TYPES:
                return [e]
            ents = self.raw_entities(u)
            if not ents and u.dep_ in ("compound", "appos", "amod"):
                ents = self.raw_entities(u.head)  # "Defence Secretary Lloyd Austin": the title's holder
            if not ents and u.dep_ == "dobj" and lemma in ISSUED_NOUNS and (
                    issuer := subject_of(u.head)) is not None:
                ents = self.raw_entities(issuer)  # "X released a statement ... the statement said": X
            if ents:
                return ents
        return []

    def _last_country_before(self, tok: Token) -> list[Entity]:
        """The country a definite description ("the country", "the regime") stands for: in its own sentence
        the last named before it; else, in the sentence before (then the one before that), the country its
        main subject names, or stands for when that subject is such a description itself, as the subject
        of the sentence before is the topic a description continues ("Iran denies supplying Moscow. ...
        the regime's drone makers": Iran), else the last country named there. Never the subject of a
        clause above it, which the description cannot repeat (binding theory's Principle C: "Japan
        imposed sanctions on the country", "Russia launched drones at the country" are not Japan and
        Russia; "Ukraine's air force said ... the country" may be Ukraine)."""
        binders = self._commanding_subjects(tok)

        def country(j: int) -> Entity | None:
            e = self.entity_at[j]
            if e is not None and e[1] != "country" and (state := state_of(e[0])):
                e = (state, "country")  # "Myanmar's junta ... the regime": the state the body serves
            return e if e is not None and e[1] == "country" and e not in binders else None

        sent = tok.sent
        for j in _hobbs_order(tok):
            if (e := country(j)) is not None:
                return [e]
        for _ in range(2):
            if sent.start == 0:
                break
            sent = self.doc[sent.start - 1].sent
            subj = subject_of(sent.root)
            if subj is not None and (e := country(subj.i)) is not None:
                return [e]
            if subj is not None and state_anaphor(subj, self.entity_at):
                topic = [x for x in self._last_country_before(subj) if x not in binders]
                if topic:
                    return topic
            for j in range(sent.end - 1, sent.start - 1, -1):
                if (e := country(j)) is not None:
                    return [e]
        return []

    def _last_two_countries(self, tok: Token) -> list[Entity]:
        """The last two states named before `tok`, in its sentence or the two before it, by recency; none
        that its own clause's subject names; [] when fewer than two."""
        binders = self._commanding_subjects(tok)
        floor = tok.sent.start
        for _ in range(GROUP_MEMORY):
            if floor > 0:
                floor = self.doc[floor - 1].sent.start
        found: list[Entity] = []
        for j in range(tok.i - 1, floor - 1, -1):
            e = self.entity_at[j]
            if e is not None and e[1] == "country" and e not in binders and e not in found:
                found.append(e)
                if len(found) == 2:
                    return found[::-1]
        return []

    def _commanding_subjects(self, tok: Token) -> set[Entity]:
        """Entities a description cannot stand for (binding theory's Principle C: it never shares a referent
        with a phrase that c-commands it, nor with a name it c-commands): the subject of its own clause, by
        the subject's head ("Ukraine's air force said" binds as the air force); for a description that is
        itself the subject, every name in the rest of its clause ("the nation will be able to trade with
        the United States" is not the United States). Only its own clause's subject: an epithet in a
        clause further down may repeat a subject above ("North Korea fired missiles ... days after the
        country tested ...", as Principle C is known to be weak for epithets)."""
        verb = clause_head(tok.head) if tok.head != tok else tok
        if tok.dep_ in ("nsubj", "nsubjpass"):
            own = {t.i for t in tok.subtree}
            return {e for t in verb.subtree if t.i not in own and (e := self.entity_at[t.i]) is not None}
        subj = subject_of(verb) if verb.pos_ in ("VERB", "AUX") else None
        if subj is None or subj == tok or subj.i > tok.i or subj.is_ancestor(tok):
            return set()
        return {e for x in (subj, *subj.conjuncts) if (e := self.entity_at[x.i]) is not None}

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

    def _group_recent(self) -> bool:
        """Were parties last named together in this sentence or the two before it? "Both sides" or "they"
        further on is about others ("the Ukrainian and Kenyan governments" ... three sentences later
        "weapons flowing to both sides" of another war)."""
        return self.sentence_index - self.last_group_sentence <= GROUP_MEMORY

    def note_group(self, ents: list[Entity]) -> None:
        actors = [e for e in ents if e[1] in ACTOR_TYPES]
        if len(actors) >= 2:
            self.last_group = actors
            self.last_group_sentence = self.sentence_index
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


# Entity types "it" may stand for in a story of states, groups and ships ("the tanker X ... It was seized")
IT_TYPES = frozenset({"country", "armed_group", "organization", "vessel"})
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


def _hobbs_order(tok: Token) -> list[int]:
    """Indices of the tokens before `tok` in its sentence in the order Hobbs's search proposes antecedents:
    up the tree from `tok`, at each node above it the node itself, then the branches to the left of the
    path breadth first, left to right ("North Korea fired missiles, a South Korean official said, days
    after the country tested ...": North Korea, the subject above, before the nearer "South Korean")."""
    out: list[int] = []
    seen: set[int] = set()
    path, cur = tok, tok
    while cur.head != cur:
        path, cur = cur, cur.head
        if cur.i < tok.i and cur.i not in seen:
            out.append(cur.i)
            seen.add(cur.i)
        level = [c for c in cur.children if c.i < path.i]
        while level:
            out.extend(t.i for t in level if t.i < tok.i and t.i not in seen)
            seen.update(t.i for t in level)
            level = [c for t in level for c in t.children]
    return out
