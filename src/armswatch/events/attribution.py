"""Who says an event happened, and how firmly: speaker, "according to X", quotes across sentences, stance.

Rules, and why each exists:
- The speaker of an event is the subject of the nearest speech or cognition verb above its trigger in the
  parse ("the White House said X delivered ..." -> the White House); verbs of condemning, denying and
  accusing speak for their subject too ("condemned X's transfer", "accused X of supplying").
- Without such a verb, "according to X" anywhere in the sentence names the source.
- A sentence inside a quotation without its own speech verb belongs to the speaker named where the
  quotation is introduced or closed ("'... .' ... 'It will not stand,' he said."): quotes are tracked
  across the sentences of a paragraph.
- Pronouns: "he/she/his" -> the person who is the sentence's main subject when the pronoun comes first
  ("During his visit ..., Lavrov said"), else the last person named; "we/I" inside a quotation -> its
  speaker; "it/they" as the subject of a complement of a speech verb -> that verb's speaker ("the navy said
  it held drills"); "they" elsewhere -> the entities named before it in the sentence, else the last group;
  "the two"/"both" -> the last group of entities named together.
- A speaker named by role without a name ("the ministry official said") is the last speaker named in
  the previous few sentences: reports name a source once and then refer back to it.
- Nothing found: the outlet speaks in its own voice (attributed_to empty).
- Stance: deny when a denial verb governs the event or the event is negated; hedge when a hedging verb
  governs it (believe, allege, claim, suspect) or a hedging word modifies its clause (alleged,
  reportedly, likely, appears); assert otherwise.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from armswatch.events.frames import (
    ACTOR_TYPES,
    CLAUSE_DEPS,
    SPEAKER_SKIP_PREPS,
    Entity,
    in_sentence,
    lexicon,
    subject_of,
)

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
SPEAKER_MEMORY = (
    3  # sentences a role-noun speaker may refer back over (a source is renamed within a paragraph)
)
OPEN_QUOTES = "\u201c\u00ab"
CLOSE_QUOTES = "\u201d\u00bb"


@dataclass
class Attribution:
    speakers: list[str] = field(default_factory=list)  # entity ids; empty: the outlet's own voice
    stance: str = "assert"
    verb: Token | None = None  # the speech verb (its time is the statement's date)


# "the country test-fired missiles", "the regime denied it": the country named just before
STATE_ANAPHORS = frozenset({"country", "regime", "nation"})


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
            if speech is not None and tok.dep_ in ("nsubj", "nsubjpass"):
                subj = subject_of(speech)
                if subj is not None and subj.i != tok.i and subj.pos_ != "PRON":
                    ents = self.raw_entities(subj)
                    plural_name = subj.tag_ in ("NNPS", "NNS") or any(t == "armed_group" for _, t in ents)
                    if ents and (singular or len(ents) >= 2 or plural_name):
                        # "the navy said it held drills", "X and Y said they ...", "the Houthis said they"
                        return ents
            if singular and tok.dep_ == "nsubj" and tok.head.lemma_.lower() in lex.speech:
                return self._speaker_ids_as_entities(self.last_speaker)  # "..., it said."
            if not singular:
                before = [
                    self.entity_at[t.i] for t in sent if t.i < tok.i and self.entity_at[t.i] is not None
                ]
                uniq = list(dict.fromkeys(e for e in before if e and e[1] in ACTOR_TYPES))
                if len(uniq) >= 2:
                    return uniq
                return list(self.last_group)
        return []

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


def speaker_of(verb: Token, resolver: Resolver) -> list[str]:
    """Entity ids of who speaks through a speech verb: its subject, a passive's agent, or "by" source."""
    subj = subject_of(verb)
    if subj is None:
        for c in verb.children:
            if c.dep_ == "agent":
                subj = next((x for x in c.children if x.dep_ == "pobj"), None)
    if subj is None:
        return []
    if subj.pos_ == "PRON" or subj.lower_ in lexicon().group_anaphors:
        return [e for e, _ in resolver.resolve(subj)]
    ents = resolver.raw_entities(subj)
    if ents:
        return list(dict.fromkeys(e for e, _ in ents))
    role_noun = subj.lemma_.lower() in ROLE_NOUNS or subj.lower_ in ROLE_NOUNS
    if role_noun and resolver.sentence_index - resolver.last_speaker_sentence <= SPEAKER_MEMORY:
        return list(resolver.last_speaker)
    return []


def according_to(sent: Span, resolver: Resolver) -> list[str]:
    """Sources named by "according to X" in a sentence."""
    for t in sent:
        if t.lower_ == "according":
            for p in t.children:
                if p.lower_ == "to":
                    for obj in p.children:
                        if obj.dep_ == "pobj":
                            ents = resolver.raw_entities(obj, frozenset())
                            if ents:
                                return list(dict.fromkeys(e for e, _ in ents))
                            if obj.pos_ == "PRON":
                                return [e for e, _ in resolver.resolve(obj)]
    return []


def any_speakers(sent: Span, resolver: Resolver, speech: list[int]) -> list[str]:
    """The speaker of the first speech verb in a sentence that names one (what later "the official
    said" refers back to); `speech`: indices of the document's speech words."""
    lex = lexicon()
    for t in (sent.doc[i] for i in in_sentence(speech, sent)):
        if t.lemma_.lower() in lex.speech and t.pos_ in ("VERB", "AUX"):
            ids = speaker_of(t, resolver)
            if ids:
                return ids
    return []


def sentence_speakers(sent: Span, resolver: Resolver, sent_text: str, speech: list[int]) -> list[str]:
    """Who the sentence quotes: the speaker of a speech verb in a sentence with a quotation."""
    has_quote = any(ch in sent_text for ch in OPEN_QUOTES + CLOSE_QUOTES + '"')
    return any_speakers(sent, resolver, speech) if has_quote else []


def quote_groups(text: str, sents: list[Span]) -> list[int]:
    """For each sentence, the id of the quotation it is in or opens (-1: none). A quotation runs from an
    opening quote mark to its closing one and never past the end of a paragraph."""
    groups = []
    depth = 0
    current = -1
    next_group = 0
    for s in sents:
        if s.start > 0 and "\n" in text[s.doc[s.start - 1].idx : s.start_char]:
            depth = 0
        group = current if depth > 0 else -1
        for ch in text[s.start_char : s.end_char]:
            opens = ch in OPEN_QUOTES or (ch == '"' and depth == 0)
            if opens:
                depth += 1
                if depth == 1:
                    current, next_group = next_group, next_group + 1
                    group = current if group < 0 else group
            elif ch in CLOSE_QUOTES or ch == '"':
                depth = max(0, depth - 1)
        groups.append(group)
    return groups


def attribute(
    trigger: Token, is_speech_act: bool, sent_sources: list[str], resolver: Resolver, negated: bool
) -> Attribution:
    """Speaker and stance of the event at `trigger` (for a condemnation or denial, of the report of it)."""
    lex = lexicon()
    out = Attribution()
    hedge = deny = False
    cur = trigger
    path = [trigger]
    if is_speech_act and trigger.dep_ in ("advcl", "conj", "parataxis"):
        out.speakers = list(sent_sources)  # a statement beside another: the report's own account of it
        return _finish(out, path, trigger, is_speech_act, negated, False, False)
    for _ in range(12):
        if cur.head == cur:
            break
        prev, cur = cur, cur.head
        path.append(cur)
        lemma = cur.lemma_.lower()
        if (
            prev.dep_ in ("nsubj", "nsubjpass", "csubj", "advcl", "relcl", "parataxis")
            and lemma in lex.speech
        ):
            continue  # the event is the speaker's subject, or a clause beside what is said, not what is said
        if lemma in lex.speech or lemma in lex.agent_object_verbs or lexicon().verbs.get(lemma) == "denial":
            if cur.pos_ not in ("VERB", "AUX") and lemma not in ("according",):
                continue
            if prev.dep_ == "ccomp" and prev.i < cur.i and lemma not in lex.speech:
                continue  # "X launched missiles, ... after Y denounced the drills": a misparse, not Y's claim
            ids = speaker_of(cur, resolver)
            impersonal = not ids and any(c.dep_ == "nsubjpass" for c in cur.children) and not any(
                c.dep_ == "agent" for c in cur.children)
            if impersonal:  # "the North is believed to have ...": hedged; who says so may come further up
                hedge = hedge or lemma in lex.hedge_verbs
                continue
            if ids or lemma in lex.speech:
                out.speakers = ids
                out.verb = cur
                hedge = hedge or lemma in lex.hedge_verbs or _withheld_confirmation(cur)
                deny = deny or lexicon().verbs.get(lemma) == "denial"
                break
    if out.verb is None:
        out.speakers = list(sent_sources)
    return _finish(out, path, trigger, is_speech_act, negated, hedge, deny)


CONFIRM_VERBS = frozenset({"confirm", "verify", "corroborate"})
REFUSE_VERBS = frozenset({"decline", "refuse", "fail"})


def _withheld_confirmation(verb: Token) -> bool:
    """ "declined to confirm reports that ...", "would not confirm that ...": the speaker leaves the claim
    unconfirmed, which hedges it."""
    if verb.lemma_.lower() not in CONFIRM_VERBS:
        return False
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in REFUSE_VERBS


def _finish(
    out: Attribution,
    path: list[Token],
    trigger: Token,
    is_speech_act: bool,
    negated: bool,
    hedge: bool,
    deny: bool,
) -> Attribution:
    lex = lexicon()
    for t in path:
        for c in t.children:
            if c.lower_ in lex.hedge_words and c.dep_ in ("amod", "advmod", "aux", "acomp", "xcomp"):
                if c.lower_ in lex.hypothetical and not any(x.lower_ in ("have", "has") for x in t.children):
                    continue
                hedge = True
        if t.lemma_.lower() in ("appear", "seem") and t != trigger:
            hedge = True
    if negated and not is_speech_act:
        deny = True
    out.stance = "deny" if deny else ("hedge" if hedge else "assert")
    return out
