"""Events in one report: every sentence's mentions of the nine event types, with roles, items, time,
places, vessels and attribution (the entry point of the events stage).

    extract_events(doc, document_id, reference, entity_mentions) -> list[EventMention]

`doc` is the processed body (one nlp.pipe result; nothing is re-parsed), `entity_mentions` its linked
entities (`entities.link_doc`). Per document the work is one pass over the tokens for triggers, one
`find_items`, one `find_quantities` and one `find_time_expressions` over the body, and walks of the parse
from each trigger; no model is called.

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

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from spacy.attrs import IDX
from spacy.tokens import Doc, Span, Token

from armswatch.entities.gazetteer import Gazetteer, load_gazetteer
from armswatch.entities.generic import generic_actor_mentions, generic_country, generic_type
from armswatch.entities.linking import LABEL_TO_TYPE, EntityMention
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
from armswatch.events.detected import combined_triggers, detected_candidate, passes_checks
from armswatch.events.detector import load_detector
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
    frame_type,
    lexicon,
    modality,
    subject_of,
)
from armswatch.events.frames import (
    in_sentence as in_sentence_words,
)
from armswatch.events.frames.roles import _scope_tokens
from armswatch.events.items import ItemMention, find_items
from armswatch.events.models import EVENT_TYPES, EventMention, ItemValue, PlaceRole, QuantityValue
from armswatch.events.quantities import Quantity, find_quantities, tokens_of
from armswatch.events.timex import TimeExpression, find_time_expressions
from armswatch.events.when import assign_times as _assign_times  # the time of events: events/when.py
from armswatch.events.when import default_times as _default_times
from armswatch.events.when import lead_times as _lead_times
from armswatch.events.when import merge_spans as _merge_spans
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


# head nouns after a leader's name that make the phrase the state ("the Assad regime")
STATE_NOUNS = frozenset({"regime", "government", "administration", "leadership"})
EVENT_COUNT_UNITS = frozenset({"test", "launch", "attempt", "strike", "attack", "shipment", "delivery"})
ONWARD_WORDS = frozenset({"then", "subsequently", "later", "onward", "onwards", "thereafter", "afterwards"})
ANAPHORIC_DETS = frozenset({"the", "this", "these", "those", "that", "such"})


@dataclass
class _Found:
    """A candidate with what the later passes add."""

    cand: Candidate
    sentence: Span
    sentence_no: int
    attribution: Attribution
    items: list[ItemValue] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    stated: list[TimeExpression] = field(default_factory=list)
    about: int | None = None
    judgement: bool = False
    dropped: bool = False
    kept: bool = False  # made into an EventMention


# ------------------------------------------------------------------------------------------ document maps


def _country_index(gaz: Gazetteer) -> dict[str, str]:
    return {e.country: e.id for e in gaz.entries.values() if e.type == "country" and e.country}


def _entity_index(
    doc: Doc, mentions: Sequence[EntityMention], gaz: Gazetteer, countries: dict[str, str]
) -> list[Entity | None]:
    """Per token: the linked entity covering it, with its type (gazetteer's, else from the NER label)."""
    labels = {(e.start_char, e.end_char): e.label_ for e in doc.ents}
    out: list[Entity | None] = [None] * len(doc)
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        entry = gaz.get(m.entity_id)
        etype = (
            entry.type if entry is not None else LABEL_TO_TYPE.get(labels.get((m.start, m.end), ""), "other")
        )
        eid = m.entity_id
        if entry is None and generic_type(eid):
            etype = generic_type(eid)
        if entry is None and span.start > 0 and doc[span.start - 1].lower_.rstrip(".") in HONORIFICS:
            etype = "person"  # "Mr. Clinton": the model may tag the name as a town
        if (
            entry is None
            and span.start > 0
            and (
                doc[span.start - 1].lemma_.lower() in lexicon().ships
                or doc[span.start - 1].text.upper() in ("MV", "M/V", "MT", "M/T")
            )
        ):
            etype = "vessel"  # "the cargo ship Galaxy Leader": a ship the gazetteer does not know
        if entry is None and any(
            c.dep_ == "appos" and c.lemma_.lower() in lexicon().ships for c in span.root.children
        ):
            etype = "vessel"  # "the Galaxy Leader, a car carrier"
        if etype == "person" and span.end < len(doc) and doc[span.end].lemma_.lower() in STATE_NOUNS:
            country = countries.get(entry.country or "") if entry is not None else None
            if country:
                eid, etype = country, "country"
        for i in range(span.start, span.end):
            out[i] = (eid, etype)
    _resolve_definite_groups(doc, out, gaz, countries)
    return out


# How many sentences back a definite description ("the group") looks for its antecedent
_ANTECEDENT_SENTENCES = 2


def _resolve_definite_groups(doc: Doc, out: list[Entity | None], gaz: Gazetteer, countries: dict[str, str]
                             ) -> None:
    """ "the group", "the rebel group", "the Lebanese militant group": an unnamed armed group with a
    definite article, in a report that names one armed group only (of that country, when one is given), is
    that group. With two groups named, it is the one named last in its sentence or the two before it, as a
    definite description takes the nearest fitting antecedent ("... known as the Islamic Resistance in Iraq
    has claimed dozens of attacks. On Sunday, the group claimed three drone attacks"), a name that only
    modifies another noun ("the Israel-Hamas war") not counting; else it is left open."""
    named: dict[str, str] = {}  # armed group id -> its country id
    last_named: list[tuple[int, str]] = []  # (token index, group id) of every named group's mention
    for k, e in enumerate(out):
        if e is not None and e[1] == "armed_group" and not generic_type(e[0]):
            if doc[k].dep_ not in ("compound", "amod", "nmod"):  # "the Israel-Hamas war" names no referent
                last_named.append((k, e[0]))
            if e[0] not in named:
                entry = gaz.get(e[0])
                named[e[0]] = countries.get(entry.country or "", "") if entry is not None else ""
    if not named:
        return
    sentence_starts = [sent.start for sent in doc.sents]
    i = 0
    while i < len(out):
        e = out[i]
        if e is None or generic_type(e[0]) != "armed_group":
            i += 1
            continue
        j = i
        while j < len(out) and out[j] == e:
            j += 1
        head = doc[j - 1]
        tie = generic_country(e[0])
        meant = [g for g, country in named.items() if not tie or tie in (country, g)]
        if len(meant) > 1:
            k = bisect.bisect_right(sentence_starts, i) - 1
            window = sentence_starts[max(0, k - _ANTECEDENT_SENTENCES)]
            before = [g for pos, g in last_named if window <= pos < i]
            if before and before[-1] in meant:
                meant = [before[-1]]
        definite = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in head.children)
        if len(meant) == 1 and definite:
            # the demonym ("the Lebanese militant group") is the group's own, not a second party
            qualifiers = [c.i for c in head.children if tie and out[c.i] is not None and out[c.i][0] == tie]
            for k in [*range(i, j), *qualifiers]:
                out[k] = (meant[0], "armed_group")
        i = j


# "Iran-backed militants": the named state sponsors the group; it is not the one who acts (unlike
# "Iranian-made drones", whose maker is the supplier)
# ("X-led" and "X-controlled" stay: a US-led coalition's strikes are reported as the US's, and strikes on
# "Houthi-controlled areas" strike the Houthis)
SPONSOR_WORDS = frozenset({"backed", "allied", "aligned", "supported", "sponsored", "funded", "armed",
                           "trained", "affiliated", "linked"})


def _drop_sponsors(doc: Doc, entity_at: list[Entity | None]) -> None:
    """Take the entity of an "X-backed" modifier out of the role index (it stays in the entity list)."""
    for t in doc:
        if t.lower_ not in SPONSOR_WORDS or t.i < 2 or doc[t.i - 1].text != "-":
            continue
        eid = entity_at[t.i - 2]
        if eid is not None:
            j = t.i - 2
            while j >= 0 and entity_at[j] == eid:
                entity_at[j] = None
                j -= 1


HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "sen", "rep", "gen", "adm", "col",
                        "lt", "capt", "maj", "sgt", "president", "minister", "secretary", "senator"})


def _token_starts(doc: Doc) -> list[int]:
    return doc.to_array([IDX]).tolist()  # one C pass, not a Token object per word


# ------------------------------------------------------------------------------------------ helpers


def _quantity_value(q: Quantity) -> QuantityValue:
    return QuantityValue(q.value, q.unit, q.approximate, q.bound, q.text, q.low, q.high)


def _scope_indices(c: Candidate) -> set[int]:
    out: set[int] = set()
    for root in c.scope:
        out.update(t.i for t in _scope_tokens(root, c.trigger))
    return out


def _judged_subject(tok: Token) -> Token | None:
    """What a judgement word is said of: the subject of "be", the object of "call/term/describe"."""
    verb = clause_head(tok)
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    lemma = verb.lemma_.lower()
    if lemma == "be":
        return subject_of(verb)
    if lemma in NAMING_VERBS:
        objs = [c for c in verb.children if c.dep_ == "dobj"]
        return objs[0] if objs else None
    return None


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
        resolver.note_speaker(own or any_speakers_of[k])
        _note_groups(sent, resolver)
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


# How far (in sentences) a transfer may borrow an unsaid side from another: a report's follow-up
# sentences ("the government later supplied 300 more") come within a few sentences of the full account;
# further off, the sides belong to another story (a ship's former owner, background of another year).
SIDE_WINDOW = 4
# "[Israel to launch a new missile defence system]": a bracketed headline links to another story
BRACKETED = re.compile(r"^\s*\[[^\]]+\]\s*$")
# Lines that point to another story (link labels of news sites and wire services)
TEASER = re.compile(
    r"\s*(related( stories| articles| coverage| content)?|read more|read also|also read|see also|"
    r"more on this|more:|watch|listen|recommended|trending|most read|click here|sign up)\b\s*[:|>»-]",
    re.IGNORECASE)
FRAGMENT_TOKENS = 8  # a sentence this short starting "according to" is the tail of the one before


_COUNTRY_CACHE: dict[int, dict[str, str]] = {}


def _country_index_cached(gaz: Gazetteer) -> dict[str, str]:
    key = id(gaz)
    if key not in _COUNTRY_CACHE:
        _COUNTRY_CACHE[key] = _country_index(gaz)
    return _COUNTRY_CACHE[key]


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
    quantities = [q for q in find_quantities(doc) if q.unit in lex.cargo or q.unit in EVENT_COUNT_UNITS]
    for k, it in enumerate(items):
        for i in range(
            token_at(starts, it.char_start), token_at(starts, max(it.char_end - 1, it.char_start)) + 1
        ):
            item_at[i] = k
    for k, q in enumerate(quantities):
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
        if not (cand.actor or cand.target or fallback):
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
        if tok.lower_ in lex.concern_words and tok.pos_ in ("ADJ", "VERB"):
            _concern(tok, sent, k, ctx, resolver, sources, found)
            continue
        deny = w in lex.deny_words or tok.lower_ in lex.deny_words
        # "concerning", "alarming": participles the tagger often reads as verbs
        judge = (w in lex.judgement_words or tok.lower_ in lex.judgement_words) and (
            tok.pos_ in ("ADJ", "NOUN") or tok.tag_ == "VBG"
        ) or _blamed_for_an_act(tok)
        if not (deny or judge):
            continue
        etype = "denial" if deny else "condemnation"
        if any(f.cand.type == etype for f in found):
            continue
        subj = _judged_subject(tok)
        if subj is None and judge:
            subj = _doer_of_judged_deed(tok)  # "X continues to inflict intolerable cruelty"
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
        if hypothetical or (negated and not deny):
            continue
        cand = Candidate(
            etype, tok, "judgement", anchors=[tok] + ([attr.verb] if attr.verb is not None else [])
        )
        cand.actor = list(speakers)
        if judge and subj is not None:
            ents = entities_under(subj, ctx, skip_preps=ROLE_PREPS - {"between"})  # "between the two"
            cand.target = [e for e, t in ents if t in ACTOR_TYPES and e not in cand.actor]
            cand.scope = [subj]
        found.append(_Found(cand, sent, k, Attribution(list(speakers), "assert", attr.verb), judgement=True))


CONCERN_DEPS = frozenset({"acomp", "ROOT", "conj", "ccomp"})  # "is concerned", "said it was concerned"


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
    cand.scope = [o for p in tok.children if p.dep_ in ("prep", "agent")
                  and p.lower_ in ("by", "about", "over", "at") for o in p.children if o.dep_ == "pobj"]
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
        if f.cand.type != "transfer" or a.stance != "deny" or a.verb is None or not f.cand.negated:
            continue
        if not set(a.speakers) & set(f.cand.actor + f.cand.target):
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


def _lead_defaults(
    doc: Doc, sent: Span, found: list[_Found], reference: date, entity_at: list[Entity | None]
) -> None:
    """The lead sentence reports the day's news: its undated statements and meetings are of the report's
    day, and a dateline ("SEOUL:") is where they took place."""
    _lead_times(sent, found, reference)
    dateline = _dateline_place(doc, entity_at)
    for f in found:
        if dateline and f.cand.type != "transfer" and not f.cand.places:
            f.cand.places.append(PlaceRole(dateline, "location"))


def _dateline_place(doc: Doc, entity_at: list[Entity | None]) -> str:
    """The place of a dateline opening the body ("SEOUL:", "KYIV (Reuters) -")."""
    for t in doc[:6]:
        if t.text in (":", "-", "\u2014", "\u2013") and t.i > 0:
            e = entity_at[t.i - 1] or (entity_at[t.i - 4] if t.i >= 4 and doc[t.i - 1].text == ")" else None)
            if (
                e is not None
                and e[1] in ("place", "facility")
                and doc[t.i - 1].is_upper
                or (e is not None and e[1] in ("place", "facility") and doc[t.i - 1].text == ")")
            ):
                return e[0]
            return ""
    return ""


def _event_items(
    c: Candidate, items: list[ItemMention], quantities: list[Quantity], starts: list[int], doc: Doc
) -> list[ItemValue]:
    """Items in the event's arguments; a cargo or event count there without an item becomes an item of
    category "other" ("300 containers", "two attempts"), so its quantity is kept."""
    scope = _scope_indices(c) | {c.trigger.i}
    exchange = {t.i for t in c.exchange.subtree} if c.exchange is not None and c.type == "transfer" else set()
    out: list[ItemValue] = []
    used: list[tuple[int, int]] = []
    for it in items:
        span = range(
            token_at(starts, it.char_start), token_at(starts, max(it.char_end - 1, it.char_start)) + 1
        )
        i = next((j for j in span if j in scope), -1)  # any word of it ("Shahed-136 drones": the drones)
        if i >= 0 and i not in exchange:
            q = _quantity_value(it.quantity) if it.quantity else None
            out.append(ItemValue(it.category, it.text, q))
            if it.quantity:
                used.append((it.quantity.char_start, it.quantity.char_end))
    for q in quantities:
        i = token_at(starts, q.char_start)
        if i not in scope or i in exchange or any(a <= q.char_start < b for a, b in used):
            continue
        if q.unit in EVENT_COUNT_UNITS and c.type not in ("weapons_test", "attack"):
            continue
        category = out[0].category if out else "other"
        out.append(ItemValue(category, q.text, _quantity_value(q)))
    return out


# ------------------------------------------------------------------------------------------ discourse passes


def _complete_exchanges(
    found: list[_Found], items: list[ItemMention], starts: list[int], entity_at: list[Entity | None]
) -> None:
    """ "X supplies shells in exchange for Y's satellite know-how": a counter-transfer of the technology."""
    extra: list[tuple[int, _Found]] = []
    for n, f in enumerate(found):
        c = f.cand
        if c.type != "transfer" or c.exchange is None:
            continue
        x = c.exchange
        if x.lemma_.lower() in ("exchange", "return"):
            continue  # "in return" alone: the sides are filled from the report (_fill_transfer_sides)
        sub = {t.i for t in x.subtree}
        suppliers = list(
            dict.fromkeys(
                e[0] for i in sorted(sub) if (e := entity_at[i]) is not None and e[1] in ACTOR_TYPES
            )
        )
        counter = Candidate("transfer", x, "exchange", anchors=[x], scope=[x])
        counter.actor = suppliers or list(c.target)
        counter.target = list(c.actor)
        if not c.target and suppliers:
            c.target = [s for s in suppliers if s not in c.actor]
        if not counter.actor or not counter.target:
            continue
        its = [
            ItemValue(it.category, it.text, None) for it in items if token_at(starts, it.char_start) in sub
        ]
        if not its:
            continue
        g = _Found(counter, f.sentence, f.sentence_no, f.attribution, items=its, times=list(f.times))
        extra.append((n + 1, g))
    for pos, g in reversed(extra):
        found.insert(pos, g)


def _fill_transfer_sides(found: list[_Found]) -> None:
    """Unsaid sides of a transfer from the latest transfer shortly before it (at most SIDE_WINDOW
    sentences) that shares the said side: a side is never taken from an unrelated part of the report."""
    seen: list[_Found] = []

    def near(g: _Found, f: _Found) -> bool:
        return abs(f.sentence_no - g.sentence_no) <= SIDE_WINDOW

    for f in found:
        c = f.cand
        if c.type != "transfer":
            continue
        recent = [g.cand for g in seen if near(g, f)]
        if c.actor and not c.target:
            prev = next((p for p in reversed(recent) if set(p.actor) & set(c.actor) and p.target), None)
            if prev is not None:
                c.target = [t for t in prev.target if t not in c.actor]
        elif c.target and not c.actor:
            prev = next((p for p in reversed(recent) if set(p.target) & set(c.target) and p.actor), None)
            if prev is None and c.exchange is not None:  # "in return": the other side of the last deal
                prev2 = next((p for p in reversed(recent) if set(p.actor) & set(c.target) and p.target), None)
                if prev2 is not None:
                    c.actor = [t for t in prev2.target if t not in c.target]
            elif prev is not None:
                c.actor = [a for a in prev.actor if a not in c.target]
        elif not c.actor and not c.target and _anaphoric_cargo(c) and recent:
            c.actor, c.target = list(recent[-1].actor), list(recent[-1].target)
        if c.actor or c.target:
            seen.append(f)
        if not (c.actor or c.target):
            f.dropped = True
    # a lead that names one side ("X's supply of arms") is completed by the fuller account after it
    for n, f in enumerate(found):
        c = f.cand
        if c.type != "transfer" or f.dropped or (c.actor and c.target):
            continue
        later = [
            g.cand for g in found[n + 1 :]
            if g.cand.type == "transfer" and g.cand.actor and g.cand.target and near(g, f)
        ]
        if c.actor:
            nxt = next((p for p in later if set(p.actor) & set(c.actor)), None)
            if nxt is not None:
                c.target = [t for t in nxt.target if t not in c.actor]
        else:
            nxt = next((p for p in later if set(p.target) & set(c.target)), None)
            if nxt is not None:
                c.actor = [a for a in nxt.actor if a not in c.target]


def _anaphoric_cargo(c: Candidate) -> bool:
    for root in c.scope + [c.trigger]:
        for t in root.subtree:
            if t.dep_ == "det" and t.lower_ in ANAPHORIC_DETS and t.head.lemma_.lower() in lexicon().cargo:
                return True
    subj = subject_of(c.trigger) if c.trigger.pos_ == "VERB" else None
    psubj = [x for x in c.trigger.children if x.dep_ == "nsubjpass"]
    for s in ([subj] if subj is not None else []) + psubj:
        if any(d.lower_ in ANAPHORIC_DETS for d in s.children if d.dep_ == "det"):
            return True
    return False


def _link_about(found: list[_Found]) -> None:
    """Denials and condemnations -> the transfer they speak of; denials set its stance."""
    last_transfer: int | None = None
    for n, f in enumerate(found):
        c = f.cand
        if c.type == "transfer" and not f.dropped:
            last_transfer = n
            continue
        if c.type not in ("denial", "condemnation"):
            continue
        inside = None
        scope = _scope_indices(c) | ({t.i for t in c.trigger.subtree} if not f.judgement else set())
        for m, g in enumerate(found):
            if g.cand.type == "transfer" and g.sentence_no == f.sentence_no and g.cand.trigger.i in scope:
                inside = m
                break
        if inside is None and c.type == "condemnation" and not c.target:
            named = _named_event(found, n, _scope_indices(c))
            condemned = [a for a in found[named].cand.actor if a not in c.actor] if named is not None else []
            if condemned:  # "denounced the launch": the launch's actor is the condemned
                f.about, c.target = named, condemned
                continue
        f.about = inside if inside is not None else last_transfer
        if inside is not None and found[inside].attribution.verb in (None, c.trigger):
            g = found[inside]
            if c.type == "denial":
                g.attribution = Attribution(list(c.actor), "deny", f.attribution.verb)
            elif not g.attribution.speakers:
                g.attribution.speakers = list(c.actor)
        if not c.target and c.type == "condemnation" and f.about is not None:
            t = found[f.about].cand
            c.target = [a for a in (t.actor + (t.target if f.judgement else [])) if a not in c.actor]


# How far back (sentences) a condemnation's object ("the launch", "the strike") looks for the event it
# names; a report states the event and the reactions to it in neighbouring paragraphs. Reasoned (two or
# three sentences of reaction per paragraph), not measured: the seeds have no such case.
NAMED_EVENT_REACH = 6


# Nouns that name an act without saying which ("condemned the decision/move/step")
GENERIC_EVENT_NOUNS = frozenset({"decision", "move", "step", "measure", "action", "act"})


def _named_event(found: list[_Found], n: int, scope: set[int]) -> int | None:
    """The event a condemnation's object names by its noun ("condemned the launch/strike/seizure"): one
    of that type in the same sentence under the object, else the latest one before it in the report."""
    f = found[n]
    lex = lexicon()
    nouns = [t for t in f.sentence
             if t.i in scope and t.i != f.cand.trigger.i and t.pos_ in ("NOUN", "PROPN")]
    named_types = {
        frame_type(frame) for t in nouns if (frame := lex.nouns.get(t.lemma_.lower())) is not None
    } - {"condemnation", "denial", "transfer"}
    if not named_types and any(t.lemma_.lower() in GENERIC_EVENT_NOUNS for t in nouns):
        # "condemned the decision": the latest act of any kind
        named_types = set(EVENT_TYPES) - {"condemnation", "denial"}
    if not named_types:
        return None
    for m, g in enumerate(found):
        if g.sentence_no == f.sentence_no and g.cand.trigger.i in scope and g.cand.type in named_types:
            if g.cand.actor:
                return m
            break  # "said the launch was a provocation": the launch told before, with who launched
    for m in range(n - 1, -1, -1):
        g = found[m]
        if f.sentence_no - g.sentence_no > NAMED_EVENT_REACH:
            break
        if g.cand.type in named_types and g.cand.actor and not g.dropped:
            return m
    return None


def _condemns_an_act(f: _Found) -> bool:
    """A condemnation with nobody named as condemned still stands when a condemning verb or noun has an
    act of our types as its object ("Iraq's government condemned the drone strike": who struck is not yet
    known). A judgement word alone ("a serious threat") needs someone it is said of, and "criticised the
    decision" names no act."""
    if f.judgement:
        return False
    lex = lexicon()
    scope = _scope_indices(f.cand)
    return any(
        t.i in scope and t.pos_ == "NOUN" and (frame := lex.nouns.get(t.lemma_.lower())) is not None
        and frame_type(frame) not in ("condemnation", "denial")
        for t in f.sentence
    )


def _legs_to_via(found: list[_Found]) -> None:
    """ "... sailed to A. From there the cargo went by road to B": A is a via point of the shipment."""
    prev: _Found | None = None
    for f in found:
        c = f.cand
        if c.type != "transfer" or f.dropped:
            continue
        onward = any(t.lower_ in ONWARD_WORDS for t in c.trigger.children if t.dep_ == "advmod")
        if onward and prev is not None and any(p.role == "destination" for p in c.places):
            prev.cand.places = [
                PlaceRole(p.entity, "via") if p.role == "destination" else p for p in prev.cand.places
            ]
        prev = f


STATEMENT_CARRY_SENTENCES = 3  # a spokesman's briefing runs over a few sentences of a report (reasoned)


def _carry_statement_dates(found: list[_Found]) -> None:
    """ "The US said on Tuesday that ... . '...,' Kirby told reporters": an undated statement by a speaker
    who made a dated one a few sentences before was made that day (stated_on only; `when` is settled)."""
    voices = [set(with_states(f.attribution.speakers, True)) for f in found]  # Kirby speaks for the US
    for n, f in enumerate(found):
        if f.stated or not voices[n] or f.attribution.stance == "hedge":  # "the US believes": no one day
            continue
        for m in range(n - 1, -1, -1):
            g = found[m]
            if f.sentence_no - g.sentence_no > STATEMENT_CARRY_SENTENCES:
                break
            day = _merge_spans(g.stated)
            if day is not None and day.start == day.end and len(day.start) == 10 and voices[n] & voices[m]:
                f.stated = list(g.stated)
                break


# How far (in sentences) a role's name may stand from the sentence that states the event: a pronoun's
# antecedent, the subject of the paragraph, a side of the transfer just told (SIDE_WINDOW). A name
# further off belongs to another part of the report and never fills a role (a ship's former owner three
# paragraphs up, the parties of an unrelated debate).
ROLE_WINDOW = 4


def _entity_spans(mentions: list[EntityMention], entity_at: list[Entity | None], doc: Doc
                  ) -> dict[str, list[tuple[int, int]]]:
    """Character spans of every entity in the body (named mentions and ship anaphors), in order."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for m in mentions:
        spans.setdefault(m.entity_id, []).append((m.start, m.end))
    for t in doc:
        e = entity_at[t.i]
        if e is not None and e[0] not in spans:  # an id the index derived (a ship anaphor, a state)
            spans.setdefault(e[0], []).append((t.idx, t.idx + len(t)))
    for v in spans.values():
        v.sort()
    return spans


def _nearest(spans: list[tuple[int, int]], start: int, end: int, _trigger: int = -1) -> tuple[int, int]:
    """The span inside [start, end), else the last one before it, else the first after it."""
    inside = [s for s in spans if start <= s[0] < end]
    if inside:
        return inside[0]
    before = [s for s in spans if s[0] < start]
    return before[-1] if before else spans[0]


def _nearest_to_trigger(spans: list[tuple[int, int]], start: int, end: int, trigger: int) -> tuple[int, int]:
    """A role's evidence: of the entity's names in the sentence, the one nearest the trigger, which is the
    one the parse gave the role far more often than an earlier one ("the Kazakh ministry denied reports
    that Kazakhstan planned to sell missiles": the seller is the second)."""
    inside = [s for s in spans if start <= s[0] < end]
    if inside:
        return min(inside, key=lambda s: (abs(s[0] - trigger), s[0]))
    return _nearest(spans, start, end)


def _keep_near_roles(f: _Found, spans: dict[str, list[tuple[int, int]]], sent_starts: list[int]) -> None:
    """Drop role entities named only far from the event's sentence (ROLE_WINDOW)."""
    c = f.cand
    k = f.sentence_no

    def near(eid: str) -> bool:
        where = spans.get(eid)
        if not where or eid in c.derived:
            return True  # derived from a name in the sentence (a place's country, an official's state)
        s = _nearest(where, f.sentence.start_char, f.sentence.end_char)
        return abs(bisect.bisect_right(sent_starts, s[0]) - 1 - k) <= ROLE_WINDOW

    c.actor[:] = [a for a in c.actor if near(a)]
    c.target[:] = [t for t in c.target if near(t)]


def _evidence(f: _Found, spans: dict[str, list[tuple[int, int]]]) -> dict[str, Any]:
    c = f.cand
    start, end = f.sentence.start_char, f.sentence.end_char
    out: dict[str, Any] = {"trigger": [c.trigger.idx, c.trigger.idx + len(c.trigger)]}
    roles = {"actor": c.actor, "target": c.target, "vessels": c.vessels,
             "attributed_to": f.attribution.speakers}
    trigger = c.trigger.idx
    for role, ids in roles.items():
        near = _nearest if role == "attributed_to" else _nearest_to_trigger
        got = {e: list(near(spans[e], start, end, trigger)) for e in ids if spans.get(e)}
        if got:
            out[role] = got
    return out


def _to_mentions(found: list[_Found], document_id: str, text: str) -> list[EventMention]:
    out: list[EventMention] = []
    index: dict[int, int] = {}
    kept = [
        f
        for f in found
        if not f.dropped
        and (f.cand.actor or f.cand.target)
        and not (f.cand.type == "condemnation" and not f.cand.target and not _condemns_an_act(f))
    ]
    for f in kept:
        f.kept = True
    for n, f in enumerate(found):
        if f in kept:
            index[n] = kept.index(f)
    for f in kept:
        c = f.cand
        sent = f.sentence
        stated = _merge_spans(f.stated)
        out.append(
            EventMention(
                document=document_id,
                type=c.type,
                text=text[sent.start_char : sent.end_char].strip(),
                start=sent.start_char,
                end=sent.start_char + len(text[sent.start_char : sent.end_char].rstrip()),
                actor=with_states(c.actor, False),
                target=[t for t in c.target if t not in c.actor],
                items=f.items,
                when=_merge_spans(f.times),
                places=list(dict.fromkeys(c.places)),
                vessels=list(c.vessels),
                attributed_to=_attribution(c, f.attribution.speakers),
                stance=f.attribution.stance,
                stated_on=stated.start if stated and len(stated.start) == 10 else None,  # contract: a day
                trigger=c.trigger.text,
                planned=c.planned,
                about=index.get(f.about) if f.about is not None else None,
            )
        )
    return out


_STATE_BODY = re.compile(
    r"government|ministry|executive|military|armed forces|army|navy|air force|intelligence|"
    r"state institution|council|department|parliament|presiden|cabinet|office of",
    re.I,
)
_NOT_STATE = re.compile(r"news|media|agency|broadcaster|newspaper|party|company|corporation", re.I)


def state_of(entity_id: str) -> str:
    """The country a state body or official speaks for ("" for anyone else)."""
    gaz = load_gazetteer()
    e = gaz.get(entity_id)
    if e is None or not e.country or e.type not in ("organization", "person"):
        return ""
    if e.type == "organization" and (
        not _STATE_BODY.search(e.source or "") or _NOT_STATE.search(e.source or "")
    ):
        return ""
    if e.type == "person" and not e.role:
        return ""
    return _country_index_cached(gaz).get(e.country, "")


# Speech acts and meetings are told by the report itself: "Bush warned Iran" is the reporter's account
# of what Bush did, not Bush's claim, so the act's own doer is not its source (the gold's convention too)
SELF_TOLD = frozenset({"condemnation", "denial", "meeting"})


def _attribution(c: Candidate, speakers: list[str]) -> list[str]:
    said = with_states(speakers, True)
    if c.type not in SELF_TOLD:
        return said
    doers = set(with_states(c.actor, False)) | set(c.actor)
    if all(s in doers or state_of(s) in doers for s in speakers):
        return []
    return said


def with_states(ids: list[str], people: bool) -> list[str]:
    """Ids with the state each state body (and, for `people`, each official) speaks for added: "the
    speaker and the body they speak for"."""
    out = list(dict.fromkeys(ids))
    for i in list(out):
        e = load_gazetteer().get(i)
        if e is not None and (e.type == "organization" or people):
            s = state_of(i)
            if s and s not in out:
                out.append(s)
    return out


def _doer_vessels(c: Candidate, entity_at: list[Entity | None]) -> set[str]:
    """Ships on the seizing side ("sailors from the USS Mason boarded ..."): not the ship seized."""
    subj = subject_of(c.trigger)
    if subj is None:
        return set()
    return {e[0] for t in subj.subtree if (e := entity_at[t.i]) is not None and e[1] in VESSEL_TYPES}


def vessels_in(sent: Span, entity_at: list[Entity | None]) -> list[str]:
    return list(
        dict.fromkeys(e[0] for t in sent if (e := entity_at[t.i]) is not None and e[1] in VESSEL_TYPES)
    )


register_extractor("rules", extract_events)
