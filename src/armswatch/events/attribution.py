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
- Not what is said: an event in the speech verb's subject, in a clause or phrase that says when or why it
  was said ("following the strikes, X said", "in an interview after the raid"), in a past "after" clause
  the parser hangs on a called-for act ("urged them to punish Iran after it fired"), or judged by a verb
  that takes it as a fact ("condemned X for holding drills"; "accused X of" still makes it X's claim).
- "X did Y, officials said" where the parser hangs "said" beside the clause: the reporting clause set off
  by a comma after the event reports it; "X issued a statement: ..." speaks for what follows the colon.
- "according to X" inside a finite subordinate clause ("because, according to X, it was owned by ...")
  covers that clause only; a quotation's speaker covers only what is inside its quotation marks.
- "Peres, who cautioned that ..." : a relative pronoun speaker is its noun; a state body named by its bare
  title ("the Joint Chiefs of Staff said") is the body of that kind named with its state before (else the
  only one the report names).
- A speaker with no entity under another ("X said allied intelligence showed ...") passes it on: the one
  above is the source; a speaker inside dashes or brackets tells only that aside; "officials in Kyiv"
  speak for the state whose seat it is; "..., a claim Y denied" is the report's own note.
- Nothing found: the outlet speaks in its own voice (attributed_to empty).
- Stance: deny when a denial verb governs the event or the event is negated; hedge when a hedging verb
  governs it (believe, allege, claim, suspect) or a hedging word modifies its clause (alleged,
  reportedly, likely, appears); assert otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from armswatch.entities.gazetteer import load_gazetteer
from armswatch.entities.generic import GENERIC_PREFIX
from armswatch.events.frames import (
    SPEAKER_SKIP_PREPS,
    in_sentence,
    lexicon,
    subject_of,
)
from armswatch.events.frames.context import state_anaphor
from armswatch.events.resolver import (
    CLOSE_QUOTES,
    OPEN_QUOTES,
    ROLE_NOUNS,
    SPEAKER_MEMORY,
    Resolver,
    quotation_spans,
)

__all__ = ["Attribution", "Resolver", "according_to", "any_speakers", "attribute", "quotation_spans",
           "quote_groups", "sentence_speakers", "speaker_of"]

RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})


@dataclass
class Attribution:
    speakers: list[str] = field(default_factory=list)  # entity ids; empty: the outlet's own voice
    stance: str = "assert"
    verb: Token | None = None  # the speech verb (its time is the statement's date)


def speaker_of(verb: Token, resolver: Resolver) -> list[str]:
    """Entity ids of who speaks through a speech verb: its subject, a passive's agent, or "by" source."""
    subj = subject_of(verb)
    quoter = verb.head.head if verb.dep_ == "pcomp" and verb.head.lower_ == "as" else None
    if quoter is not None and quoter.lemma_.lower() in lexicon().speech:
        # "Interfax quoted a military source as saying ...": the one quoted, else (unnamed) the quoter
        quoted = next((c for c in quoter.children if c.dep_ == "dobj"), None)
        ids = named_speakers(quoted, resolver) if quoted is not None else []
        return ids or speaker_of(quoter, resolver)
    if subj is None:
        for c in verb.children:
            if c.dep_ == "agent":
                subj = next((x for x in c.children if x.dep_ == "pobj"), None)
    if subj is None:
        return []
    if subj.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl" and verb.head.pos_ in ("PROPN", "NOUN"):
        subj = verb.head  # "Peres, who cautioned that ...": the noun the relative clause hangs on speaks
    anaphor = subj.pos_ == "PRON" or subj.lower_ in lexicon().group_anaphors
    if anaphor or state_anaphor(subj, resolver.entity_at):
        return [e for e, _ in resolver.resolve(subj)]  # "he said", "the two said", "the regime said"
    ids = named_speakers(subj, resolver)
    if ids:
        return ids
    owner = next((c for c in subj.children if c.dep_ == "poss"), None)
    if owner is not None and state_anaphor(owner, resolver.entity_at):
        return [e for e, _ in resolver.resolve(owner)]  # "the country's president said": that country
    role_noun = subj.lemma_.lower() in ROLE_NOUNS or subj.lower_ in ROLE_NOUNS
    if role_noun and (ids := [e for e, _ in resolver.descriptor_referent(subj)]):
        return ids  # "Iran's foreign ministry issued a statement. The ministry said ...": the ministry named
    if role_noun and resolver.sentence_index - resolver.last_speaker_sentence <= SPEAKER_MEMORY:
        return list(resolver.last_speaker)
    return []


def named_speakers(
    subj: Token, resolver: Resolver, skip_preps: frozenset[str] = SPEAKER_SKIP_PREPS
) -> list[str]:
    """Entity ids a speaker's phrase names; a state body named by its bare title ("the Joint Chiefs of
    Staff said", "a statement from the military") is the one the report named with its state before."""
    ents = resolver.raw_entities(subj, skip_preps)
    if not ents and (seat := _seat_of_power(subj)):
        return [seat]
    if not any(not e.startswith(GENERIC_PREFIX) for e, _ in ents):
        heads = [subj] + [o for p in subj.children if p.dep_ == "prep" and p.lower_ in ("from", "of", "by")
                          for o in p.children if o.dep_ == "pobj"]
        for h in heads:
            body = resolver.earlier_institution(h)
            if body:
                return [body]
    return list(dict.fromkeys(e for e, _ in ents))


# Speakers that "in <capital>" places in its government ("officials in Kyiv", "the authorities in Tehran");
# not diplomats, envoys or journalists, who are as often foreigners posted there
SEATED_SPEAKERS = frozenset({"official", "officials", "authority", "authorities", "government", "leadership"})


def _seat_of_power(subj: Token) -> str:
    """ "Officials in Kyiv said": the state whose seat of power the speaker is placed in ('' if none)."""
    if subj.lower_ not in SEATED_SPEAKERS:
        return ""
    gaz = load_gazetteer()
    for p in subj.children:
        if p.dep_ == "prep" and p.lower_ == "in":
            for o in p.children:
                if o.dep_ == "pobj" and o.text in gaz.metonyms:
                    return gaz.country_of(o.text)
    return ""


def according_to(sent: Span, resolver: Resolver) -> list[str]:
    """Sources named by "according to X" in a sentence."""
    for t in sent:
        if t.lower_ == "according":
            for p in t.children:
                if p.lower_ == "to":
                    for obj in p.children:
                        if obj.dep_ == "pobj":
                            ids = named_speakers(obj, resolver, frozenset())
                            if ids:
                                return ids
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
    background = False  # crossed "after X did Y" under a called-for act: said of the call, not in it
    beside = False  # passed a speech verb the event is not said by: the quotation there is not its source
    inner: Token | None = None  # a speech verb whose unnamed subject tells the event to a speaker above
    for _ in range(12):
        if cur.head == cur:
            break
        prev, cur = cur, cur.head
        path.append(cur)
        lemma = cur.lemma_.lower()
        if prev.dep_ == "relcl" and _summing_noun(cur):
            break  # "X said Y attacked, a claim Y denied": the report's own note on what was said
        under_call, background = background, _past_background(prev) and cur.dep_ == "xcomp"
        judging = lemma in lex.speech or lemma in lex.agent_object_verbs  # "said", "punish X for"
        if lemma in FACTIVE_JUDGING and cur != trigger:
            continue  # "blasted Seoul for holding drills": the drills are a fact the report states
        if prev.dep_ in ("nsubj", "nsubjpass", "csubj", "advcl", "relcl", "parataxis") and judging:
            beside = beside or lemma in lex.speech
            continue  # the event is the speaker's subject, or a clause beside what is said, not what is said
        if judging and (_circumstance(prev) or (under_call and prev.dep_ == "xcomp")):
            beside = True
            continue  # "following the strikes, X said", "in a statement after the attack": when it was said
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
            if (ids or lemma in lex.speech) and _outside_aside(cur, trigger):
                beside = True
                continue  # "... - an official told reporters there were 70 - but X was hurt in an attack"
            if not ids and lemma in lex.speech and _unnamed_speaker(cur):
                # "X said allied intelligence showed that ...": whoever tells it in turn is the source
                hedge = hedge or lemma in lex.hedge_verbs or _withheld_confirmation(cur)
                deny = deny or lexicon().verbs.get(lemma) == "denial"
                inner = inner or cur
                continue
            if ids or lemma in lex.speech:
                out.speakers = ids
                out.verb = cur
                hedge = hedge or lemma in lex.hedge_verbs or _withheld_confirmation(cur)
                deny = deny or lexicon().verbs.get(lemma) == "denial"
                break
    seems = out.verb is not None and out.verb.head.lemma_.lower() in ("appear", "seem")
    if seems and out.verb is not None and out.verb.dep_ == "xcomp":
        hedge = True  # "images appear to show that ...": the showing itself is hedged
    if out.verb is None and inner is not None:
        out.verb = inner  # no one above tells it: the unnamed source, which no entity carries
    if out.verb is None:
        reporter = _reporting_clause(trigger) or _statement_before_colon(trigger)
        if reporter is not None and (ids := speaker_of(reporter, resolver)):
            out.speakers, out.verb = ids, reporter
            hedge = hedge or reporter.lemma_.lower() in lex.hedge_verbs
    if out.verb is None:
        out.speakers = _sources_over(trigger, sent_sources, resolver, beside)
    return _finish(out, path, trigger, is_speech_act, negated, hedge, deny)


# Verbs of judging that take what they judge as a fact ("condemned X for holding drills", "praised X's
# deliveries"): unlike "accuse" or "blame", they do not make the judged act the judge's claim.
FACTIVE_JUDGING = frozenset({"condemn", "denounce", "criticise", "criticize", "censure", "slam", "rebuke",
                             "praise", "thank", "blast", "berate", "castigate", "lambast", "lambaste",
                             "chastise", "deplore", "decry"})
# Prepositions that say when, where or why something was said, never what: "following the strikes, X
# said", "in a statement after the attack, Y said", "amid the fighting, Z warned".
CIRCUMSTANCE_PREPS = frozenset({"after", "before", "following", "since", "amid", "amidst", "during", "in",
                                "despite", "at"})
# Subordinators of a clause that tells what had happened when something was said or called for
BACKGROUND_MARKS = frozenset({"after", "since", "when", "as", "following", "because", "once"})
SUBORDINATE_DEPS = frozenset({"advcl", "relcl", "ccomp", "acl", "csubj"})


# Nouns that sum up a statement in an appositive after it ("..., a claim the group denied", "..., a charge
# Paris rejects"): what their relative clause tells is the report's note, not the first speaker's
SUMMING_NOUNS = frozenset({"claim", "charge", "accusation", "allegation", "assertion", "assessment"})


def _summing_noun(noun: Token) -> bool:
    left = noun.left_edge.i
    return (noun.lemma_.lower() in SUMMING_NOUNS and noun.pos_ == "NOUN" and left > noun.sent.start
            and noun.doc[left - 1].text == ",")


def _circumstance(prep: Token) -> bool:
    return prep.dep_ == "prep" and prep.lower_ in CIRCUMSTANCE_PREPS


def _past_background(clause: Token) -> bool:
    """ "(called on them to punish Iran) after it test-fired missiles": a past clause of time or cause. The
    parser hangs it on the called-for act, but it tells when the call was made, which is the report's own
    account (nothing is called for in the past)."""
    return (clause.dep_ == "advcl" and clause.tag_ in ("VBD", "VBN")
            and any(c.dep_ == "mark" and c.lower_ in BACKGROUND_MARKS for c in clause.children))


def _reporting_clause(trigger: Token) -> Token | None:
    """ "X struck Y on Monday, officials said": a speech verb set off by a comma after the clause it reports,
    which the parser hangs beside that clause (conj, parataxis) rather than above it. It has no complement
    of its own: what it reports is the clause before it."""
    lex = lexicon()
    for v in trigger.sent:
        if v.i <= trigger.i or v.lemma_.lower() not in lex.speech or v.pos_ != "VERB":
            continue
        if v.dep_ not in ("conj", "parataxis", "ccomp"):
            continue
        if not (v.head == trigger or v.head.is_ancestor(trigger)):
            continue
        if v.is_ancestor(trigger) or any(
            c.dep_ == "mark" or (c.dep_ in ("ccomp", "xcomp") and c.i > v.i) for c in v.children
        ):
            continue  # "..., officials said the ship sank": it reports what follows it
        subj = subject_of(v)
        left = subj.left_edge.i if subj is not None and subj.i < v.i else v.i  # "..., said the ministry"
        if left > v.sent.start and v.doc[left - 1].text == ",":
            return v
    return None


STATEMENT_NOUNS = frozenset({"statement", "communique", "communiqué", "announcement", "readout", "release"})


def _statement_before_colon(trigger: Token) -> Token | None:
    """ "CENTCOM issued a statement: On Jan. 15, militants fired ...": what follows the colon is the
    statement's content; the verb whose subject speaks is returned."""
    lex = lexicon()
    sent = trigger.sent
    colon = next((t for t in sent if t.text == ":" and t.i < trigger.i), None)
    if colon is None:
        return None
    for t in sent[: colon.i - sent.start]:
        if t.lemma_.lower() in lex.speech and t.pos_ == "VERB":
            return t
        if t.lemma_.lower() in STATEMENT_NOUNS and t.dep_ == "dobj" and t.head.pos_ == "VERB":
            return t.head
    return None


def _sources_over(trigger: Token, sources: list[str], resolver: Resolver, beside: bool) -> list[str]:
    """The sentence's sources that cover the event: "according to X" inside a subordinate clause ("because,
    according to Treasury, it was owned by ...") speaks for that clause only, not the main one; the
    quotation a sentence holds speaks for its events, except one the speech verb of the sentence is known
    not to say (`beside`: "following the strikes, X said '...'" - the strikes are the report's)."""
    if not sources:
        return []
    sent = trigger.sent
    if sent.end < len(sent.doc) and sent.doc[sent.end].lower_ == "according" \
            and sources == according_to(sent.doc[sent.end].sent, resolver):
        return list(sources)  # '..." - according to X.' split off as a sentence of its own
    acc = [t for t in trigger.sent if t.lower_ == "according" and any(c.lower_ == "to" for c in t.children)]
    from_according = bool(acc) and sources == according_to(trigger.sent, resolver)
    if from_according and any(_covers(a, trigger) for a in acc):
        return list(sources)
    # what is left is the voice of a quotation: it speaks for what is inside the quotation marks only
    # ("Bush flew to Jerusalem for talks with Peres, who cautioned that '...'": the talks are the report's)
    quoted = resolver.quote_speakers if from_according else sources
    return [] if beside or not resolver.in_quotation(trigger.idx) else list(quoted)


def _covers(according: Token, trigger: Token) -> bool:
    """Does the clause "according to" hangs on contain the event, or only a finite subordinate clause
    (one with its own subject or subordinator) beside it?"""
    h = according.head
    while h.pos_ not in ("VERB", "AUX") and h.head != h:
        h = h.head
    while not (h == trigger or h.is_ancestor(trigger)):
        finite = any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in h.children)
        if (h.dep_ in SUBORDINATE_DEPS and finite) or h.head == h:
            return False
        h = h.head
    return True


def _unnamed_speaker(verb: Token) -> bool:
    """Does a speech verb nested under another speech verb have a subject that names nobody ("allied
    intelligence showed", "sources told him")? Then the speaker above passes it on and is the source."""
    lex = lexicon()
    subj = subject_of(verb)
    if subj is None or subj.pos_ == "PRON" or subj.lower_ in RELATIVE_PRONOUNS:
        return False
    cur = verb
    for _ in range(8):
        if cur.head == cur:
            return False
        cur = cur.head
        if cur.lemma_.lower() in lex.speech and cur.pos_ in ("VERB", "AUX"):
            return True
    return False


ASIDE_MARKS = {"\u2014": "\u2014", "\u2013": "\u2013", "--": "--", "(": ")"}


def _outside_aside(verb: Token, trigger: Token) -> bool:
    """Is the speech verb inside an aside set off by a pair of dashes or brackets that the event lies
    outside of ("... since the attacks began - an official told reporters there were 70 - but the Pentagon
    ...")? An aside says what is inside it only; the parser may still hang the rest on its verb."""
    sent = verb.sent
    opened: Token | None = None
    for t in sent:
        if opened is None and t.text in ASIDE_MARKS:
            opened = t
        elif opened is not None and t.text == ASIDE_MARKS[opened.text]:
            if opened.i < verb.i < t.i:
                return not opened.i < trigger.i < t.i
            opened = None
    return False


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
