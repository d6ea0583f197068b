"""Events in one report: every sentence's mentions of the nine event types, with roles, items, time,
places, vessels and attribution (the entry point of the events stage).

    extract_events(doc, document_id, reference, entity_mentions) -> list[EventMention]

`doc` is the processed body (one nlp.pipe result; nothing is re-parsed), `entity_mentions` its linked
entities (`entities.link_doc`). Per document the work is one pass over the tokens for triggers, one
`find_items`, one `find_quantities` and one `find_time_expressions` over the body, and walks of the parse
from each trigger; no model is called.

Beside it: `entity_map` (the token -> entity map the frames read), `found` (a candidate and what the
passes add), `discourse` (the passes below), `mentions` (candidates to the dossier's mentions, with each
role's evidence span), `when` (each event's time).

Discourse rules applied after the sentences (why: reports state a transfer once in full and then refer
back to it):
- A transfer with one side unsaid takes it from the latest transfer in the report with the same other
  side ("Officials said Tehran sent drones to Moscow. ... the government later supplied 300 more");
  with neither side said, an anaphoric cargo ("the shipment", "those containers") takes both.
- "in exchange/return for X": X flows the other way; the two transfers complete each other's sides.
- A denial or condemnation speaks of the transfer in its object, else of the latest transfer before it
  (`about`); a denial sets the stance of a transfer in its object to deny; a condemnation without a named
  target condemns that transfer's supplier; a judgement without one ("trade between the two breaches the
  embargo") condemns both sides.
- A shipment's legs: when a later sentence moves the same cargo "then" onwards, the earlier leg's
  destination becomes a "via" place.
- Mentions of one type with the same actor and target in one sentence are one mention.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Protocol

from spacy.tokens import Doc, Span, Token

from armswatch.entities.gazetteer import load_gazetteer
from armswatch.entities.generic import generic_actor_mentions
from armswatch.entities.linking import EntityMention
from armswatch.entities.vessels import ship_anaphors
from armswatch.events.attribution import (
    Attribution,
    Resolver,
    according_to,
    any_speakers,
    attribute,
    quote_groups,
    sentence_speakers,
)
from armswatch.events.dateline import WIRE_DATELINE, dateline_place
from armswatch.events.detected import combined_triggers, detected_candidate, passes_checks
from armswatch.events.detector import load_detector
from armswatch.events.discourse import (
    _carry_statement_dates,
    _complete_exchanges,
    _fill_transfer_sides,
    _legs_to_via,
    _link_about,
    _scope_indices,
)
from armswatch.events.entity_map import (
    _country_index_cached,
    _drop_sponsors,
    _entity_index,
    _token_starts,
    with_states,
)
from armswatch.events.found import _Found
from armswatch.events.frames import (
    ACTOR_TYPES,
    ROLE_PREPS,
    VESSEL_TYPES,
    Candidate,
    Context,
    Entity,
    build_candidate,
    candidate_tokens,
    clause_head,
    entities_under,
    find_triggers,
    lexicon,
    modality,
    retag_event_nouns,
    subject_of,
)
from armswatch.events.frames import (
    in_sentence as in_sentence_words,
)
from armswatch.events.frames.lexicon import frame_type
from armswatch.events.frames.places import SAID_OR_MET, anaphoric_event_noun, occurrence_places
from armswatch.events.frames.triggers import NEGATED_DENY_NOUNS, breaks_a_rule
from armswatch.events.frames.verbs import CLAIM_NOUNS
from armswatch.events.items import ItemMention, find_items
from armswatch.events.mentions import (
    _doer_vessels,
    _entity_spans,
    _evidence,
    _keep_near_roles,
    _to_mentions,
    vessels_in,
)
from armswatch.events.models import EventMention, ItemValue, PlaceRole, QuantityValue
from armswatch.events.quantities import Quantity, find_quantities, tokens_of
from armswatch.events.timex import find_time_expressions
from armswatch.events.when import assign_times as _assign_times  # the time of events: events/when.py
from armswatch.events.when import default_times as _default_times
from armswatch.events.when import lead_times as _lead_times
from armswatch.events.when import narrative_times as _narrative_times
from armswatch.events.when import token_at

__all__ = ["EventExtractor", "extract_events", "get_extractor", "register_extractor"]


class EventExtractor(Protocol):
    """What an event extractor is: the rule-based default here, or a pluggable one (for example backed by
    a language model) registered under another name; all return the same EventMentions."""

    def __call__(
        self, doc: Doc, document_id: str, reference: date, entity_mentions: list[EntityMention]
    ) -> list[EventMention]: ...


_EXTRACTORS: dict[str, EventExtractor] = {}


def register_extractor(name: str, extractor: EventExtractor) -> None:
    """Make an extractor available by name (the default, "rules", runs offline on the CPU)."""
    _EXTRACTORS[name] = extractor


def get_extractor(name: str = "rules") -> EventExtractor:
    """The extractor registered under `name`; "rules" is always there."""
    if name not in _EXTRACTORS:
        raise KeyError(f"no event extractor named {name!r}; known: {sorted(_EXTRACTORS)}")
    return _EXTRACTORS[name]
EVENT_COUNT_UNITS = frozenset({"test", "launch", "attempt", "strike", "attack", "shipment", "delivery",
                               "raid", "airstrike"})


# ------------------------------------------------------------------------------------------ helpers


def _quantity_value(q: Quantity) -> QuantityValue:
    return QuantityValue(q.value, q.unit, q.approximate, q.bound, q.text, q.low, q.high)


def _no_truth_in_a_claim(tok: Token) -> bool:
    """ "there is no truth to the reports", "the accusations have no basis": a claim said to be untrue
    (not "sanctions have no basis in international law", a condemnation of the measure)."""
    if tok.lemma_.lower() not in NEGATED_DENY_NOUNS or not any(
            c.dep_ == "det" and c.lower_ == "no" for c in tok.children):
        return False
    said_of = [o for p in tok.children if p.dep_ == "prep" and p.lower_ in ("to", "in")
               for o in p.children if o.dep_ == "pobj"]
    subj = _judged_subject(tok)
    return any(t.lemma_.lower() in CLAIM_NOUNS for t in said_of + ([subj] if subj is not None else []))


def _judged_subject(tok: Token) -> Token | None:
    """What a judgement word is said of: the subject of "be", the object of "call/term/describe"."""
    verb = clause_head(tok)
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    lemma = verb.lemma_.lower()
    if lemma == "be" or _copular_judgement(tok, verb) or (
            lemma == "have" and tok.dep_ == "dobj" and tok.lemma_.lower() in NEGATED_DENY_NOUNS):
        return subject_of(verb)  # "X is baseless", "the claims have no basis"
    if verb is tok and tok.dep_ == "ccomp" and tok.head.lemma_.lower() in lexicon().speech and any(
            c.dep_ == "auxpass" for c in tok.children):
        return next((c for c in tok.children if c.dep_ == "nsubjpass"), None)  # "said X were fabricated"
    if lemma in NAMING_VERBS:
        objs = [c for c in verb.children if c.dep_ == "dobj"]
        return objs[0] if objs else None
    return None


SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


def _naming_read_as_clause(tok: Token) -> bool:
    """A judgement word ending a sentence that the parser made its root, with the naming verb and its long
    object as a clause on it ("Tehran called the allegations of deliveries to Moscow fabricated"): a
    root with no subject of its own, whose clause of naming has an object before the word."""
    if tok.dep_ != "ROOT" or tok.pos_ != "VERB" or any(c.dep_ in SUBJECT_DEPS for c in tok.children):
        return False
    return any(c.dep_ == "ccomp" and c.lemma_.lower() in NAMING_VERBS and c.i < tok.i
               and any(o.dep_ == "dobj" for o in c.children) for c in tok.children)


def _reattach_naming(tok: Token) -> None:
    """Make the naming verb the root and the judgement word what it names its object (oprd)."""
    verb = next(c for c in tok.children if c.dep_ == "ccomp" and c.lemma_.lower() in NAMING_VERBS)
    for c in list(tok.children):
        if c != verb:
            c.head = verb  # the full stop, an attribution: the clause's
    verb.head, verb.dep_ = verb, "ROOT"
    tok.head, tok.dep_ = verb, "oprd"


# Verbs that state what a thing is, as "be" does, in the wording of rights groups and UN statements ("the
# strike constitutes a war crime", "the bombing could amount to a war crime"; CAMEO 111 "accuse of crime")
COPULAR_VERBS = {"constitute": "dobj", "represent": "dobj", "amount": "to"}


def _copular_judgement(tok: Token, verb: Token) -> bool:
    """tok is what `verb` says its subject is: the object of "constitute", the "to" of "amount to"."""
    how = COPULAR_VERBS.get(verb.lemma_.lower())
    if how == "dobj":
        return tok.dep_ == "dobj" and tok.head == verb
    return how is not None and tok.dep_ == "pobj" and tok.head.lower_ == how and tok.head.head == verb


def _blamed_for_an_act(tok: Token) -> bool:
    """ "Hezbollah is responsible for this/the attack", said by someone: blame, a condemnation."""
    if tok.lower_ != "responsible" or tok.dep_ not in ("acomp", "attr"):
        return False
    lex = lexicon()
    return any(o.lower_ in ("this", "that", "it") or lex.nouns.get(o.lemma_.lower()) is not None
               for p in tok.children if p.dep_ == "prep" and p.lower_ == "for"
               for o in p.children if o.dep_ == "pobj")


def _doer_of_judged_deed(tok: Token) -> Token | None:
    """ "North Korea inflicts intolerable cruelty", "Russia commits flagrant violations": a judgement word
    on the object of a verb judges the verb's subject."""
    if tok.dep_ != "amod" or tok.head.dep_ != "dobj":
        return None
    verb = tok.head.head
    return subject_of(verb) if verb.pos_ in ("VERB", "AUX") else None


# Verbs by which someone passes a judgement on what they name ("X called/described the test a violation"):
# their subject is the one judging, as a speaker is.
NAMING_VERBS = frozenset({"call", "term", "describe", "brand", "label", "deem", "consider", "regard", "see",
                          "dub", "characterize", "characterise"})


def _naming_subject(tok: Token, ctx: Context) -> list[str]:
    """Who passes the judgement `tok` by a naming verb ("Japan described the test as a violation")."""
    verb = clause_head(tok)
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in NAMING_VERBS:
        return []
    subj = subject_of(verb)
    return [e for e, t in entities_under(subj, ctx) if t in ACTOR_TYPES] if subj is not None else []


# ------------------------------------------------------------------------------------------ main


def extract_events(
    doc: Doc, document_id: str, reference: date, entity_mentions: list[EntityMention]
) -> list[EventMention]:
    """Every event mention in one report body, in reading order."""
    if len(doc) == 0:
        return []
    gaz = load_gazetteer()
    countries = _country_index_cached(gaz)
    generic = generic_actor_mentions(doc, entity_mentions)
    entity_at = _entity_index(doc, [*entity_mentions, *generic], gaz, countries)
    _drop_sponsors(doc, entity_at)
    # "the same ship", "the vessel": the ship named last, a few sentences before (entities.vessels)
    vessel_at = [e[0] if e is not None and e[1] in VESSEL_TYPES else None for e in entity_at]
    for i, vessel in ship_anaphors(doc, vessel_at).items():
        if entity_at[i] is None:
            entity_at[i] = (vessel, "vessel")
    starts = _token_starts(doc)
    sents = list(doc.sents)
    trigger_words = candidate_tokens(doc, "trigger")
    retag_event_nouns(doc, trigger_words)
    detector = load_detector()
    combined = [combined_triggers(sent, find_triggers(sent, trigger_words), detector) for sent in sents]
    triggers_of = [triggers for triggers, _ in combined]
    speech_words = candidate_tokens(doc, "speech")
    judge_words = candidate_tokens(doc, "judge")
    item_at = [-1] * len(doc)
    cargo_at = [-1] * len(doc)
    items, quantities = _goods(doc, starts, item_at, cargo_at) if any(triggers_of) else ([], [])
    text = tokens_of(doc)[1]  # Doc.text is rebuilt on each access; this one is kept per Doc
    times = find_time_expressions(text, reference)
    if (opening := WIRE_DATELINE.match(text[:160])) is not None:
        # "DUBAI, Jan 11 (Reuters) - Iran's navy seized ... on Thursday": the dateline's date is the
        # story's, read with its metadata; it dates no event of the sentence it opens
        times = [t for t in times if t.char_start >= opening.end()]
    resolver = Resolver(doc, entity_at)

    def country_of(entity_id: str) -> str:
        e = gaz.get(entity_id)
        return countries.get(e.country or "", "") if e is not None and e.type != "country" else ""

    ctx = Context(
        entity_at,
        item_at,
        cargo_at,
        resolver.resolve,
        country_of,
        item_category=lambda k: items[k].category,
        types={e[0]: e[1] for e in entity_at if e is not None},
        known=frozenset(e[0] for e in entity_at if e is not None and gaz.get(e[0]) is not None),
    )
    groups = quote_groups(text, sents)
    own_speakers, any_speakers_of, group_speakers = _speakers(sents, groups, resolver, text, speech_words)

    found: list[_Found] = []
    occurrences: list[tuple[int, str, list[str]]] = []
    lead = _lead_sentence(sents, entity_at)
    for k, sent in enumerate(sents):
        resolver.sentence_index = k
        if TEASER.match(sent.text) or BRACKETED.match(sent.text):
            continue  # "RELATED: ...", "Read more: ...": a link to another story, not a fact of this one
        own = own_speakers[k]
        quoted = own or (group_speakers.get(groups[k], []) if groups[k] >= 0 else [])
        resolver.quote_speakers = quoted
        sources = according_to(sent, resolver) or quoted
        if (
            not sources
            and k + 1 < len(sents)
            and sents[k + 1][0].lower_ == "according"
            and len(sents[k + 1]) <= FRAGMENT_TOKENS
        ):
            sources = according_to(sents[k + 1], resolver)  # '..." — according to X.' split off
        in_sentence = _sentence_events(triggers_of[k], combined[k][1], sent, k, ctx, resolver, sources)
        _judgements(
            sent, in_sentence_words(judge_words, sent), k, ctx, resolver, quoted or sources, in_sentence
        )
        _party_denials(sent, k, in_sentence)
        _assign_times(doc, sent, starts, times, in_sentence)
        if k == lead:
            _lead_defaults(doc, sent, in_sentence, reference, entity_at)
        for f in in_sentence:
            if f.cand.type == "meeting":
                resolver.note_group([(a, "person") for a in f.cand.actor])
            f.items = _event_items(f.cand, items, quantities, starts, doc)
            if f.cand.type in ("transfer", "seizure"):
                seizers = _doer_vessels(f.cand, entity_at) if f.cand.type == "seizure" else set()
                f.cand.vessels += [v for v in vessels_in(sent, entity_at)
                                   if v not in f.cand.vessels and v not in seizers]
        found.extend(in_sentence)
        occurrences += _occurrences(triggers_of[k], in_sentence, k, ctx)
        resolver.note_speaker(own or any_speakers_of[k])
        _note_groups(sent, resolver)
    _place_told_later(found, occurrences)
    _complete_exchanges(found, items, starts, entity_at)
    _fill_transfer_sides(found)
    _link_about(found)
    _legs_to_via(found)
    _default_times(found)
    _narrative_times(found, times, sents, reference)
    _carry_statement_dates(found)
    spans = _entity_spans([*entity_mentions, *generic], entity_at, doc)
    sent_starts = [s.start_char for s in sents]
    for f in found:
        _keep_near_roles(f, spans, sent_starts)
    out = _to_mentions(found, document_id, text)
    for f, m in zip([f for f in found if f.kept], out, strict=True):
        m.evidence = _evidence(f, spans)
    used = {e for m in out for e in (*m.actor, *m.target)}
    if any(g.entity_id in used for g in generic):  # the generic actors that fill a role become entities
        entity_mentions.extend(g for g in generic if g.entity_id in used)
        entity_mentions.sort(key=lambda m: (m.start, m.end))
    return out
# "[Israel to launch a new missile defence system]": a bracketed headline links to another story
BRACKETED = re.compile(r"^\s*\[[^\]]+\]\s*$")
# Lines that point to another story (link labels of news sites and wire services), also in brackets inside a
# paragraph ("(RELATED: ...)")
TEASER = re.compile(
    r"\s*[(\[]?\s*(related( stories| articles| coverage| content)?|read more|read also|also read|see also|"
    r"more on this|more:|watch|listen|recommended|trending|most read|click here|sign up)\b\s*[:|>»-]",
    re.IGNORECASE)
FRAGMENT_TOKENS = 8  # a sentence this short starting "according to" is the tail of the one before


def _speakers(
    sents: list[Span], groups: list[int], resolver: Resolver, text: str, speech: list[int]
) -> tuple[list[list[str]], list[list[str]], dict[int, list[str]]]:
    """Per sentence: who it quotes and who speaks in it at all; per quotation: its speaker (the first one
    named in any of its sentences). One pass in reading order, as speakers refer back."""
    own: list[list[str]] = []
    spoken: list[list[str]] = []
    by_group: dict[int, list[str]] = {}
    for k, sent in enumerate(sents):
        resolver.sentence_index = k
        ids = sentence_speakers(sent, resolver, text[sent.start_char : sent.end_char], speech)
        anyone = ids or any_speakers(sent, resolver, speech)
        own.append(ids)
        spoken.append(anyone)
        if groups[k] >= 0 and ids and groups[k] not in by_group:
            by_group[groups[k]] = ids
        resolver.note_speaker(anyone)
    resolver.last_speaker, resolver.last_speaker_sentence = [], -10
    _continue_quotes(sents, groups, spoken, by_group, text)
    return own, spoken, by_group


def _continue_quotes(
    sents: list[Span], groups: list[int], spoken: list[list[str]], by_group: dict[int, list[str]], text: str
) -> None:
    """ '"...," Kirby said. "..."': a quotation that names no speaker goes on in the voice of the quotation
    just before it, in the same paragraph or the next, when nobody else speaks in between."""
    paragraph = 0
    last: tuple[int, int] | None = None  # (group, paragraph) of the latest quotation
    for k, sent in enumerate(sents):
        if k:
            paragraph += text.count("\n", sents[k - 1].start_char, sent.start_char)
        g = groups[k]
        if g < 0:
            if spoken[k]:
                last = None  # someone else speaks outside quotation marks
            continue
        if last is not None and last[0] != g and g not in by_group and last[0] in by_group \
                and paragraph - last[1] <= 1:
            by_group[g] = by_group[last[0]]
        last = (g, paragraph)


def _note_groups(sent: Span, resolver: Resolver) -> None:
    """Entities named together ("North Korea and Russia"): what a later "the two" stands for."""
    for t in sent:
        if resolver.entity_at[t.i] is not None and t.n_rights and any(c.dep_ == "conj" for c in t.rights):
            resolver.note_group(resolver.raw_entities(t))


def _goods(
    doc: Doc, starts: list[int], item_at: list[int], cargo_at: list[int]
) -> tuple[list[ItemMention], list[Quantity]]:
    """Items and cargo/event counts of the report, recorded per token. Called once per Doc: on a Span
    the item and quantity finders rebuild the whole text, so per-sentence calls would cost more."""
    lex = lexicon()
    items = find_items(doc)
    quantities = [q for q in find_quantities(doc)
                  if q.unit in lex.cargo or q.unit in EVENT_COUNT_UNITS or q.unit == "time"]
    for k, it in enumerate(items):
        for i in range(
            token_at(starts, it.char_start), token_at(starts, max(it.char_end - 1, it.char_start)) + 1
        ):
            item_at[i] = k
    for k, q in enumerate(quantities):
        if q.unit == "time":
            continue  # "14 times" counts an event only, no cargo (kept for `_event_items`)
        for i in range(
            token_at(starts, q.char_start), token_at(starts, max(q.char_end - 1, q.char_start)) + 1
        ):
            cargo_at[i] = k
    return items, quantities


# A sentence that says its claim is unconfirmed hedges the events it reports.
UNVERIFIED = re.compile(
    r"\b(?:could not|cannot|can't|couldn't|has not been|have not been|was not|were not)\s+(?:be\s+)?"
    r"(?:independently\s+)?(?:verif|confirm|corroborat)\w*|\bunverified\b|\bunconfirmed\b",
    re.IGNORECASE,
)


def _sentence_events(
    triggers: list[tuple[Token, str]],
    detected: dict[int, str],
    sent: Span,
    k: int,
    ctx: Context,
    resolver: Resolver,
    sources: list[str],
) -> list[_Found]:
    out: list[_Found] = []
    unverified = bool(triggers) and bool(UNVERIFIED.search(sent.text))
    for tok, frame in triggers:
        cand = build_candidate(tok, frame, ctx)
        if cand is not None and tok.i in detected and not passes_checks(cand, ctx):
            cand = None  # a word only the detector found, filled by the frames, still meets the checks
        fallback = cand is None and tok.i in detected
        if fallback:  # the detector's word, which the frames turned down: roles as the parse gives them
            cand = detected_candidate(tok, detected[tok.i], ctx)
        if cand is None:
            continue
        speech_act = cand.type in ("condemnation", "denial")
        attr = attribute(tok, speech_act, sources, resolver, cand.negated)
        if attr.stance == "assert" and not speech_act and unverified:
            attr.stance = "hedge"  # "..., a claim that could not be independently verified"
        if cand.first_person:  # "we condemn", "I will meet him": the speaker, when the report names one
            if not (attr.speakers or sources):
                continue
            _extend(cand.actor, attr.speakers or sources)
        if not (cand.actor or cand.target or fallback or cand.unnamed_blow):
            continue  # the frames' event with nobody named (a detected one may have an unnamed actor)
        out.append(_Found(cand, sent, k, attr))
    return _merge_same(out)


def _extend(dst: list[str], src: list[str]) -> None:
    dst.extend(x for x in src if x not in dst)


def _merge_same(found: list[_Found]) -> list[_Found]:
    """One mention per (type, actor, target) in a sentence; a nested trigger of the same type that adds
    nothing new ("delivery of a shipment", "a package of sanctions") folds into the outer one."""
    out: list[_Found] = []
    for f in found:
        twin = next(
            (
                g
                for g in out
                if g.cand.type == f.cand.type
                and (
                    (set(g.cand.actor) == set(f.cand.actor) and set(g.cand.target) == set(f.cand.target))
                    or _nested(f.cand, g.cand)
                    or (f.cand.type in ("meeting", "exercise") and _same_gathering(f.cand, g.cand))
                )
            ),
            None,
        )
        if twin is None:
            out.append(f)
            continue
        g = twin.cand
        if g.type in ("meeting", "exercise"):
            _extend(g.actor, f.cand.actor)  # all sides of one gathering
        for a in f.cand.actor:
            if a not in g.actor and not g.actor:
                g.actor.append(a)
        for a in f.cand.target:
            if a not in g.target and not g.target:
                g.target.append(a)
        g.places += [p for p in f.cand.places if p not in g.places]
        g.vessels += [v for v in f.cand.vessels if v not in g.vessels]
        g.scope += f.cand.scope
        g.anchors += f.cand.anchors
    return out


def _same_gathering(a: Candidate, b: Candidate) -> bool:
    """ "held talks with his counterpart": the talks and the holding are one meeting when one's sides are
    among the other's (a trigger and its light verb, or two words for the same talks)."""
    if not (a.actor and b.actor):
        return False
    sa, sb = set(a.actor), set(b.actor)
    if a.type == "exercise" and (sa <= sb or sb <= sa):
        return True  # "held the exercise with the US ... on the last day of the drill": one drill
    return (sa <= sb or sb <= sa) and (a.trigger.is_ancestor(b.trigger) or b.trigger.is_ancestor(a.trigger)
                                       or a.trigger.head == b.trigger or b.trigger.head == a.trigger)


def _nested(a: Candidate, b: Candidate) -> bool:
    """Is one trigger inside the other's arguments, with no conflicting sides?"""
    inside = a.trigger.is_ancestor(b.trigger) or b.trigger.is_ancestor(a.trigger)
    if not inside:
        return False
    conflict = (a.actor and b.actor and not set(a.actor) & set(b.actor)) or (
        a.target and b.target and not set(a.target) & set(b.target)
    )
    return not conflict


def _judgements(
    sent: Span,
    words: list[int],
    k: int,
    ctx: Context,
    resolver: Resolver,
    sources: list[str],
    found: list[_Found],
) -> None:
    """ "X said the transfers are illegal" (a condemnation by X); "X called the reports baseless" (a
    denial by X): judgement words in what a speaker says."""
    lex = lexicon()
    for tok in (sent.doc[i] for i in words):
        w = tok.lemma_.lower()
        if _naming_read_as_clause(tok):
            _reattach_naming(tok)
        if tok.lower_ in lex.concern_words and tok.pos_ in ("ADJ", "VERB"):
            _concern(tok, sent, k, ctx, resolver, sources, found)
            continue
        deny = w in lex.deny_words or tok.lower_ in lex.deny_words or _no_truth_in_a_claim(tok)
        if w in NEGATED_DENY_NOUNS and not deny:
            continue  # "the truth is", "on a regular basis", "sanctions have no basis in law"
        # "concerning", "alarming": participles the tagger often reads as verbs
        breaker = breaks_a_rule(tok)  # "said the annexation violates international law"
        judge = (w in lex.judgement_words or tok.lower_ in lex.judgement_words) and (
            tok.pos_ in ("ADJ", "NOUN") or tok.tag_ == "VBG"
        ) or _blamed_for_an_act(tok) or breaker is not None
        if not (deny or judge):
            continue
        etype = "denial" if deny else "condemnation"
        # an event of this type stands, unless it is this word read by the detector with nobody as its
        # actor ("a spokesman for X said the reports were fabricated": the speaker denies)
        actorless = [f for f in found if f.cand.type == etype and f.cand.trigger == tok and not f.cand.actor]
        if any(f.cand.type == etype for f in found if f not in actorless):
            continue
        subj = breaker or _judged_subject(tok)
        if subj is None and judge:
            subj = _doer_of_judged_deed(tok)  # "X continues to inflict intolerable cruelty"
        copular = subj is not None and _copular_judgement(tok, clause_head(tok))
        if subj is None and tok.dep_ not in ("acomp", "attr", "oprd"):
            continue  # only a judgement said of something ("X is illegal", "called the claims baseless")
        attr = attribute(tok, True, sources, resolver, False)
        judges = _naming_subject(tok, ctx) if judge else []
        if attr.verb is None and not sources and not judges:
            continue
        speakers = attr.speakers or sources or judges
        if not speakers:
            continue
        hypothetical, planned, negated = modality(tok)
        if (hypothetical and not copular) or (negated and not deny):
            continue  # ("could amount to a war crime" is the hedged judgement itself, not a hypothesis)
        cand = Candidate(
            etype, tok, "judgement", anchors=[tok] + ([attr.verb] if attr.verb is not None else [])
        )
        cand.actor = list(speakers)
        if judge and subj is not None:
            ents = entities_under(subj, ctx, skip_preps=ROLE_PREPS - {"between"})  # "between the two"
            cand.target = [e for e, t in ents if t in ACTOR_TYPES and e not in cand.actor]
            cand.scope = [subj]
        for f in actorless:
            cand.target = cand.target or f.cand.target
            found.remove(f)
        found.append(_Found(cand, sent, k, Attribution(list(speakers), "assert", attr.verb), judgement=True))


CONCERN_DEPS = frozenset({"acomp", "ROOT", "conj", "ccomp"})  # "is concerned", "said it was concerned"
CONCERN_PREPS = frozenset({"by", "about", "over", "at", "with"})  # what alarms: "dissatisfied with X"


def _concern(
    tok: Token, sent: Span, k: int, ctx: Context, resolver: Resolver, sources: list[str], found: list[_Found]
) -> None:
    """ "Tokyo was gravely concerned by the arms transfers", "Seoul is alarmed over X's launches": a
    condemnation by who is concerned (else the speaker) of what concerns it."""
    if any(f.cand.type == "condemnation" for f in found) or tok.dep_ not in CONCERN_DEPS:
        return
    hypothetical, _, negated = modality(tok)
    if hypothetical or negated:
        return
    # "Tokyo was concerned by X" parses as a passive: Tokyo is its nsubjpass, "by X" its agent
    subj = subject_of(tok) or next((c for c in tok.children if c.dep_ == "nsubjpass"), None) \
        or _judged_subject(tok)
    attr = attribute(tok, True, sources, resolver, False)
    first_person = subj is not None and subj.pos_ == "PRON" and subj.lower_ in lexicon().first_person
    concerned = [e for e, t in entities_under(subj, ctx) if t in ACTOR_TYPES] \
        if subj is not None and not first_person else []  # "we are concerned": the speakers
    actor = concerned or attr.speakers or sources
    if not actor:
        return
    cand = Candidate("condemnation", tok, "judgement", anchors=[tok] + ([attr.verb] if attr.verb else []))
    cand.actor = list(dict.fromkeys(actor))
    cand.scope = [o for p in tok.children if p.dep_ in ("prep", "agent") and p.lower_ in CONCERN_PREPS
                  for o in p.children if o.dep_ == "pobj"]
    cand.target = [e for o in cand.scope for e, t in entities_under(o, ctx) if t in ACTOR_TYPES
                   and e not in cand.actor]
    found.append(_Found(cand, sent, k, Attribution(list(attr.speakers or actor), "assert", attr.verb),
                        judgement=True))


def _party_denials(sent: Span, k: int, found: list[_Found]) -> None:
    """ "Peskov said Russia had not bought any weapons from Iran", "China said it has never supplied
    weapons": a side of a transfer saying it did not happen denies it, a denial event of its own (a third
    party saying so only reports a transfer that did not happen)."""
    if any(f.cand.type == "denial" for f in found):
        return
    for f in list(found):
        a = f.attribution
        if f.cand.type != "transfer" or a.stance != "deny" or a.verb is None or not f.cand.negated \
                or f.cand.planned:
            continue  # ("said it would not supply more weapons": a refusal of what is to come, no denial)
        # (a ministry or spokesman of a side speaks for it: "Iran's foreign ministry said Tehran had not")
        if not set(with_states(a.speakers, True)) & set(with_states(f.cand.actor + f.cand.target, True)):
            continue
        cand = Candidate("denial", a.verb, "negated_claim", anchors=[a.verb])
        cand.actor = list(a.speakers)
        found.append(_Found(cand, sent, k, Attribution(list(a.speakers), "assert", a.verb)))
        return


LEAD_MIN_WORDS = 8  # a headline, menu or caption fragment before the lead is shorter or has no finite verb


def _lead_sentence(sents: list[Span], entity_at: list[Entity | None]) -> int:
    """Index of the report's lead: its first sentence of prose that names someone (a finite verb, a few
    words, a linked entity); what a cleaner left before it (a date line, icon labels) is not the lead."""
    for k, sent in enumerate(sents):
        words = sum(1 for t in sent if t.is_alpha)
        if (
            words >= LEAD_MIN_WORDS
            and any(t.tag_ in ("VBD", "VBZ", "VBP") for t in sent)
            and any(entity_at[t.i] is not None for t in sent)
        ):
            return k
    return 0


# What a lead sentence tells at its dateline's place: words said and met there, measures announced there
DATELINE_TYPES = SAID_OR_MET | {"sanction"}


def _lead_defaults(
    doc: Doc, sent: Span, found: list[_Found], reference: date, entity_at: list[Entity | None]
) -> None:
    """The lead sentence reports the day's news: its undated statements and meetings are of the report's
    day, and a dateline ("SEOUL:") is where they, and sanctions a government announces, took place. Not
    a deed's place: a wire story is filed from where statements are made, about blows, launches and
    seizures elsewhere ("WASHINGTON - Two Navy boats were seized by Iran ...", "SEOUL - North Korea fired
    two missiles ...")."""
    _lead_times(sent, found, reference)
    dateline = dateline_place(doc, entity_at)
    for f in found:
        if dateline and f.cand.type in DATELINE_TYPES and not f.cand.places:
            f.cand.places.append(PlaceRole(dateline, "location"))


def _occurrences(
    triggers: list[tuple[Token, str]], in_sentence: list[_Found], k: int, ctx: Context
) -> list[tuple[int, str, list[str]]]:
    """(sentence, type, places) of the sentence's definite event nouns that no event of it holds and that
    a verb of occurring places: "The launch took place near Sinpo" names nobody, but where."""
    held = {a.i for f in in_sentence for a in (f.cand.trigger, *f.cand.anchors)}
    out = []
    for tok, frame in triggers:
        if tok.i in held or not anaphoric_event_noun(tok):
            continue
        where = occurrence_places(tok, ctx)
        if where:
            out.append((k, frame_type(frame), where))
    return out


def _place_told_later(found: list[_Found], occurrences: list[tuple[int, str, list[str]]]) -> None:
    """A later sentence that places "the launch" places the latest launch told before it, when that one
    has no location yet (the report tells the event, then where it took place)."""
    for k, etype, where in occurrences:
        before = [f for f in found if f.sentence_no < k and f.cand.type == etype and not f.cand.planned]
        if not before or any(p.role == "location" for p in before[-1].cand.places):
            continue
        before[-1].cand.places += [PlaceRole(e, "location") for e in where[:2]]


def _event_items(
    c: Candidate, items: list[ItemMention], quantities: list[Quantity], starts: list[int], doc: Doc
) -> list[ItemValue]:
    """Items in the event's arguments; a cargo or event count there without an item becomes an item of
    category "other" ("300 containers", "two attempts"), so its quantity is kept."""
    scope = _scope_indices(c) | {c.trigger.i}
    stops = {r.i for r in c.scope} | {c.trigger.i}
    exchange = {t.i for t in c.exchange.subtree} if c.exchange is not None and c.type == "transfer" else set()
    out: list[ItemValue] = []
    used: list[tuple[int, int]] = []
    for it in items:
        span = range(
            token_at(starts, it.char_start), token_at(starts, max(it.char_end - 1, it.char_start)) + 1
        )
        i = next((j for j in span if j in scope), -1)  # any word of it ("Shahed-136 drones": the drones)
        if i >= 0 and i not in exchange and not _other_clause(doc[i], stops):
            q = _quantity_value(it.quantity) if it.quantity else None
            out.append(ItemValue(it.category, it.text, q))
            if it.quantity:
                used.append((it.quantity.char_start, it.quantity.char_end))
    for q in quantities:
        i = token_at(starts, q.char_start)
        # the count of the event itself: "dozens of air raids", "attacked US bases more than 60 times"
        counts_trigger = q.char_start <= c.trigger.idx < q.char_end or (
            q.unit == "time" and doc[token_at(starts, q.char_end - 1)].head.i == c.trigger.i)
        if not counts_trigger and (i not in scope or q.unit == "time") or i in exchange:
            continue
        if any(a <= q.char_start < b for a, b in used):
            continue
        if _other_clause(doc[i], stops):
            continue
        if (q.unit in EVENT_COUNT_UNITS or q.unit == "time") and c.type not in ("weapons_test", "attack"):
            continue
        category = out[0].category if out else "other"
        value = _quantity_value(q)
        if q.unit == "time":  # "60 times" counts attacks or tests
            value = replace(value, unit="test" if c.type == "weapons_test" else "attack")
        out.append(ItemValue(category, q.text, value))
    return out


def _other_clause(t: Token, stops: set[int]) -> bool:
    """Whether t lies in a clause coordinated inside the event's argument, with a verb of its own ("sold
    40 tonnes of explosives and plans to ship another 90 tonnes", "deals to buy drones and to expand
    cooperation on missile technology"): what the second verb moves or concerns is not the first's. The
    path from t up to the argument's root (or the trigger) is read, not above it."""
    while t.i not in stops and t.head.i != t.i:  # (spaCy makes a new Token object on each access)
        if t.dep_ == "conj" and t.pos_ in ("VERB", "AUX"):
            return True
        t = t.head
    return False


register_extractor("rules", extract_events)
