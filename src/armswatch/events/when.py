"""When an event mention took place: which of a report's time expressions date which event.

Called by `events.extract` in three steps (why here: the time of events is one concern, kept apart
from the roles and frames it reads):
- `assign_times`, per sentence: a time expression belongs to the event whose trigger it hangs from in
  the parse; one hanging from a speech verb dates the statement; the rest date the sentence's undated
  events.
- `lead_times`, for the lead sentence: its undated statements and meetings are of the report's day.
- `default_times` and `narrative_times`, over the report: an undated event takes the date of its
  statement (a sale notified or signed: that day), the time said earlier with the same definite noun
  ("Kuleba's visit"), for a statement the day its speaker's words were dated before, or the time the
  narrative last named in a main clause a few sentences before; meetings and voyages told in the present
  progressive, and statements said once with no time near, are of the report's day; a deed in an
  "after" clause is of the week before the dated reaction it prompted.
`merge_spans` turns an event's time expressions into its `when`.
"""

from __future__ import annotations

import bisect
from datetime import date, timedelta
from itertools import accumulate
from typing import TYPE_CHECKING

from spacy.attrs import IS_ALPHA
from spacy.tokens import Doc, Span, Token

from armswatch.events.entity_map import _token_starts
from armswatch.events.frames import Candidate, reduced_relative_of
from armswatch.events.frames.lexicon import frame_type, lexicon
from armswatch.events.models import TimeSpan
from armswatch.time import TimeExpression, interval_bounds

if TYPE_CHECKING:  # extract imports this module; the record type is only named here
    from armswatch.events.extract import _Found

__all__ = ["assign_times", "default_times", "lead_times", "merge_spans", "narrative_times"]


def merge_spans(times: list[TimeExpression]) -> TimeSpan | None:
    """One interval over an event's time expressions; a broader frame around a narrower one ("on Tuesday,
    the third attempt this year") gives way to the narrower one."""
    if not times:
        return None
    times = [t for t in times if not any(u is not t and _strictly_inside(u, t) for u in times)]
    start = min(times, key=lambda t: (t.start, -len(t.start))).start
    end = max(times, key=lambda t: t.end.ljust(10, "9")).end
    return TimeSpan(start, end, " ... ".join(dict.fromkeys(t.text for t in times)))


def _strictly_inside(inner: TimeExpression, outer: TimeExpression) -> bool:
    lo_in, hi_in = interval_bounds(inner.start, inner.end)
    lo_out, hi_out = interval_bounds(outer.start, outer.end)
    return lo_out <= lo_in and hi_in <= hi_out and (lo_out, hi_out) != (lo_in, hi_in)


def token_at(starts: list[int], char: int) -> int:
    """The index of the token holding a character offset (`starts`: every token's first offset)."""
    return max(0, bisect.bisect_right(starts, char) - 1)


def _time_root(tok_starts: list[int], doc: Doc, t: TimeExpression) -> Token:
    """The token of a time expression whose head lies outside it."""
    a = token_at(tok_starts, t.char_start)
    return _span_root(doc, a, token_at(tok_starts, max(t.char_end - 1, t.char_start)) + 1)


def _hung_from(root: Token) -> Token:
    """The word a time expression hangs from, through its preposition ("visit ... on Thursday")."""
    return root.head.head if root.head.dep_ == "prep" else root.head


def _span_root(doc: Doc, a: int, b: int) -> Token:
    """The token of doc[a:b] whose head lies outside it."""
    for t in doc[a : max(b, a + 1)]:
        if not (a <= t.head.i < b) or t.head == t:
            return t
    return doc[a]


def assign_times(
    doc: Doc, sent: Span, starts: list[int], times: list[TimeExpression], found: list[_Found]
) -> None:
    """A time expression belongs to the event whose trigger (or light verb) it hangs from in the parse;
    one hanging from a speech verb dates the statement. Others go to the sentence's undated events."""
    lo = bisect.bisect_left([t.char_start for t in times], sent.start_char)
    anchors: dict[int, list[_Found]] = {}
    speech: dict[int, list[_Found]] = {}
    for f in found:
        for a in f.cand.anchors:
            anchors.setdefault(a.i, []).append(f)
        if f.attribution.verb is not None:
            speech.setdefault(f.attribution.verb.i, []).append(f)
    loose: list[tuple[TimeExpression, Token | None]] = []
    # times reached through an "after"/"following" phrase: they date the event only when it has no time
    # of its own ("arrives in Israel on Tuesday ... after a spat over the nuclear deal last year")
    followed: set[int] = set()
    for t in times[lo:]:
        if t.char_start >= sent.end_char:
            break
        a = token_at(starts, t.char_start)
        b = token_at(starts, max(t.char_end - 1, t.char_start)) + 1
        root = cur = _span_root(doc, a, b)
        hit = False
        if root.dep_ in NOUN_TIME_DEPS and root.head.pos_ == "NOUN" and root.head.i not in anchors and (
                root.dep_ == "poss" or not _time_word(root.head)):
            # "Following last week's missile launches, the ambassador said ...", "charged him over the 1995
            # shooting", "under a 2019 law": a time that is a noun's possessive or modifier dates what
            # that noun names, not the clause around it
            continue
        for _ in range(12):
            if _opens_after(cur):
                followed.add(id(t))
            if cur.i in anchors:
                for f in anchors[cur.i]:
                    if f.cand.type in ("condemnation", "denial") or not f.times or cur == f.cand.trigger:
                        f.times.append(t)
                if any(f.cand.frame == "negated_claim" for f in anchors[cur.i]):
                    for f in speech.get(cur.i, []):  # the speech verb of a denial also dates what it denies
                        if cur not in f.cand.anchors:
                            f.stated.append(t)
                hit = True
                participle = cur.dep_ == "acl" and cur.tag_ == "VBG" or reduced_relative_of(cur) is not None
                if not (participle and cur.head != cur):
                    break
                # "boarded a tanker carrying oil ... on Friday": the parser hangs the time on the
                # participle, but it dates the event whose object the participle describes as well
                cur = cur.head
                continue
            if cur.i in speech:
                for f in speech[cur.i]:
                    f.stated.append(t)
                hit = True
                break
            if cur != root and _opens_since(cur) and not (cur.dep_ == "prep" and root.head == cur):
                # "the first visit since the invasion began two years ago": the start of a period the
                # event ends, not its time ("since Monday" itself still bounds the event). A time under
                # "after"/"following" goes on up: with no time of its own, the event is dated by what
                # it followed ("after the recordings emerged last year, Egypt dismissed them")
                hit = True
                break
            if (cur.dep_ == "relcl" or _noun_participle(cur)) and cur.head.i not in anchors:
                # "the town where the attack killed children on Saturday", "the panel, set up in 2009,
                # reported ...": a relative or participial clause's time dates what the clause tells,
                # not the event or the statement of the sentence around it
                break
            if cur.head == cur:
                break
            cur = cur.head
        if not hit:
            loose.append((t, _dependent_clause(root)))
    for f in found:
        if any(id(t) not in followed for t in f.times):
            f.times = [t for t in f.times if id(t) not in followed]
    for f in found:
        if f.times or _in_other_time(f.cand.trigger):
            continue
        # "Gallant, visiting the town where the attack left children dead on Saturday, pledged": a
        # time in a clause of its own dates only the events inside that clause
        i = f.cand.trigger.i
        f.times.extend(t for t, clause in loose
                       if clause is None or clause.left_edge.i <= i <= clause.right_edge.i)
    _share_coordinated(found)


# How a time modifies a noun ("last week's launches", "the 1995 shooting", "the January 1998 bombing")
NOUN_TIME_DEPS = frozenset({"poss", "nummod", "nmod", "compound"})
# Nouns a time expression runs on into ("Sunday afternoon", "the March 3 deadline" is a noun of its own)
TIME_NOUNS = frozenset({"morning", "afternoon", "evening", "night", "time", "day", "week", "month", "year",
                        "hour", "noon", "midnight", "dawn", "weekend", "period", "season", "quarter"})


def _time_word(tok: Token) -> bool:
    """A word of time itself, not a thing a time could date ("Sunday afternoon", "local time")."""
    return tok.lemma_.lower() in TIME_NOUNS or tok.ent_type_ in ("DATE", "TIME")


# Subordinators of a clause dated apart from the one it modifies: "Netanyahu called on Sunday for
# sanctions after the country test-fired missiles" (the test came before the call)
TEMPORAL_MARKS = frozenset({"after", "before", "since", "until", "till", "once"})


def _opens_since(tok: Token) -> bool:
    """`tok` is "since" as a preposition, or the verb of a clause "since" marks."""
    if tok.lower_ == "since" and tok.dep_ in ("prep", "mark", "advmod"):
        return True
    return tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "since" for c in tok.children)


def _opens_after(tok: Token) -> bool:
    """`tok` is "after"/"following" as a preposition, or the verb of a clause one of them marks."""
    if tok.lower_ in AFTER_WORDS and tok.dep_ in ("prep", "mark"):
        return True
    return tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in AFTER_WORDS for c in tok.children)


def _in_other_time(tok: Token) -> bool:
    """`tok` lies in a temporal clause ("after the country test-fired ..."): a time the parse left
    unattached in the main clause is not its time."""
    cur = tok
    for _ in range(12):
        if cur.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in TEMPORAL_MARKS for c in cur.children):
            return True
        if cur.head == cur:
            return False
        cur = cur.head
    return False


def _share_coordinated(found: list[_Found]) -> None:
    """ "On Jan. 15 militants fired a missile and struck a container ship": coordinated predicates share
    the time said once for both; an undated conjunct takes that of the one it is coordinated with."""
    dated = {f.cand.trigger.i: f for f in found if f.times}
    for f in found:
        if f.times:
            continue
        t = f.cand.trigger
        partners = [t.head] if t.dep_ == "conj" else []
        partners += [c for c in t.children if c.dep_ == "conj"]
        for p in partners:
            g = dated.get(p.i)
            # "sent drones in 2022 and will send more": a plan beside a deed is not of the deed's time
            if g is not None and g is not f and g.cand.planned == f.cand.planned:
                f.times = list(g.times)
                break


def lead_times(sent: Span, found: list[_Found], reference: date) -> None:
    """The lead sentence reports the day's news: its undated statements and meetings are of the report's
    day."""
    ref = reference.isoformat()
    day = TimeExpression(ref, ref, "", sent.start_char, sent.start_char, "reference")
    for f in found:
        if f.cand.type in ("condemnation", "denial", "meeting") and not f.times and not f.cand.planned:
            f.times.append(day)


NARRATIVE_TYPES = frozenset(
    {"condemnation", "denial", "meeting", "exercise", "weapons_test", "attack", "seizure", "sanction"}
)
STATEMENT_TYPES = frozenset({"condemnation", "denial"})
# deeds a statement answers later; a meeting or a sanction is where and when statements are made
ANSWERED_TYPES = frozenset({"attack", "weapons_test", "seizure", "exercise", "transfer"})
# done on one day and claimed the same day: strikes and seizures are claimed as they happen, while a
# state's own weapons test is often announced by its media the morning after ("North Korea said Sunday
# it test-fired a missile": fired on Saturday)
DEED_TYPES = frozenset({"attack", "seizure"})
NARRATIVE_SPAN = 3  # sentences back a time still holds (a paragraph in wire copy)
DATED_KINDS = frozenset({"date", "range", "relative", "anaphoric"})


def narrative_times(
    found: list[_Found], times: list[TimeExpression], sents: list[Span], reference: date | None = None
) -> None:
    """An undated statement, meeting or strike continues the time the report last named ("On 4 May the
    ministry ... . It spoke after a meeting ..."), if that was a few sentences before; transfers run over
    long stretches and are left undated. A statement whose last named time is that of a deed it answers
    was made when the report speaks: the reference day."""
    starts = [t.char_start for t in times]
    # the time of a shipment ("loaded at Najin in early September") dates that shipment, not the story's
    # present: a later undated denial or statement does not take it
    shipment_times = {id(t) for g in found if g.cand.type == "transfer" for t in g.times}
    # nor does a statement take the time of the deed it answers ("The boats swarmed the warships on
    # Sunday. ... He said the boats were very provocative"): it was made when the report speaks
    deed_times = {id(t) for g in found if g.cand.type in ANSWERED_TYPES for t in g.times}
    day = None
    if reference is not None:
        ref = reference.isoformat()
        day = TimeExpression(ref, ref, "", 0, 0, "reference")
        _scheduled_weekdays(found, reference)
    scene = _scene_setting(times, sents)
    _dated_by_later_name(found, times, starts)
    # sentences where the events stage found an event or a statement: their times date those
    eventful = {g.sentence_no for g in found}
    sent_starts = [s.start_char for s in sents]
    for f in found:
        if not f.times and day is not None and f.cand.type == "transfer" and not f.cand.planned and (
                not f.stated and f.cand.trigger.lemma_ in CARRIAGE and _ongoing(f.cand, present=True)):
            # "the ship is carrying helicopters", "reported to be carrying": one voyage, under way as
            # the report speaks ("is providing weapons" is a campaign, left undated)
            f.times = [day]
            continue
        if f.times or f.cand.type not in NARRATIVE_TYPES or f.cand.planned:
            continue  # a plan ("will sit down with Abbas") is not dated by what the story told before
        if f.cand.type in ANSWERED_TYPES and _after_head(f.cand.trigger) is not None:
            # "It came just days after a coalition carried out strikes": a deed told as what came
            # before is not of the story's present (`_before_reactions` dates it by what followed it)
            continue
        if f.attribution.verb is None and _past_perfect(f.cand):
            # "Israel condemned it on Thursday. Hamas had launched rockets": before that time (not so in
            # reported words, where "said it had lodged a protest" is the simple past moved back)
            continue
        if day is not None and f.cand.type in ONGOING_TYPES and _ongoing(f.cand, present=True):
            f.times = [day]  # "have been holding talks for months": under way as the report speaks
            continue
        named = _named_before(f.cand.trigger, times, starts)
        if named is None and f.cand.type in STATEMENT_TYPES and _said_once(f):
            # "Bush warned Iran ... Wednesday. [...] He said the boats were provocative": one speaker's
            # words in one report are of the day it gave them, not of the scene told in between
            named = _speaker_dated(f, found, times, starts, sents, scene)
        if named is not None:
            f.times = [named]
            continue
        k = bisect.bisect_left(starts, f.sentence.start_char)
        window_start = sents[max(0, f.sentence_no - NARRATIVE_SPAN)].start_char
        for t in reversed(times[:k]):
            if t.char_start < window_start:
                break
            if t.kind in DATED_KINDS and id(t) not in shipment_times:
                if f.cand.type in STATEMENT_TYPES and (id(t) in deed_times or _holds(t, reference)):
                    # answering a deed, or "this year" told before: a statement is made on one day,
                    # the day the report speaks
                    if day is not None:
                        f.times = [day]
                    break
                if id(t) not in scene:
                    continue  # "a law passed in February": the time of that clause, not the story's
                if f.cand.type in STATEMENT_TYPES and _said_once(f) and (
                        bisect.bisect_right(sent_starts, t.char_start) - 1 not in eventful):
                    # "Iran jumped back into the spotlight Sunday when boats harassed ships. [...] He
                    # said the boats were provocative": a scene the report tells without an event or a
                    # statement is not the day of the words that follow
                    continue
                f.times = [t]
                break
        if f.times or day is None:
            continue
        if f.cand.type in ONGOING_TYPES and _ongoing(f.cand):
            f.times = [day]  # "the announcement came as Bush was visiting Riyadh": under way as it is told
        elif f.cand.type in STATEMENT_TYPES and _said_once(f):
            # news names the day of its statements once, at the top, and reports the day's words after
            # it ("..., said the Treasury's top sanctions official"): with no other time near, its day
            f.times = [day]
    _before_reactions(found, times)


WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})


def _scheduled_weekdays(found: list[_Found], reference: date) -> None:
    """ "The two ministers meet in Tokyo on Tuesday", "the navies hold drills Sunday": an act told in the
    simple present with a bare weekday is a schedule in news copy (a deed done is told in the past), so
    the weekday is the coming one, not the one before the report. Not in the first sentence, where a
    headline tells past news in the present, nor for statements ("condemns")."""
    for f in found:
        if f.sentence_no == 0 or f.cand.type in STATEMENT_TYPES or not f.times:
            continue
        verbs = [v for v in dict.fromkeys([f.cand.trigger, *f.cand.anchors]) if v.pos_ in ("VERB", "AUX")]
        if not verbs or not all(v.tag_ in ("VBP", "VBZ") and not any(c.dep_ in ("aux", "auxpass")
                                                                       for c in v.children) for v in verbs):
            continue
        for k, t in enumerate(f.times):
            words = t.text.lower().split()  # "Monday", "on Monday": a bare weekday, resolved to one day
            if not words or words[-1] not in WEEKDAYS or len(words) > 2 or len(t.start) != 10 or (
                    t.start != t.end):
                continue
            day = date.fromisoformat(t.start)
            if day < reference:
                ahead = (day + timedelta(days=7)).isoformat()
                f.times[k] = TimeExpression(ahead, ahead, t.text, t.char_start, t.char_end, t.kind)


def _past_perfect(cand: Candidate) -> bool:
    """The event is told in the past perfect ("had launched", "had been seized") in a clause of its own, not
    one a verb of saying governs: before the time the narrative speaks of, so not of it."""
    cur = cand.trigger
    for _ in range(8):
        if cur.dep_ in ("ccomp", "parataxis"):
            return False
        if cur.head == cur:
            break
        cur = cur.head
    for verb in dict.fromkeys([cand.trigger, *cand.anchors]):
        if verb.pos_ in ("VERB", "AUX") and verb.tag_ == "VBN" and any(
                c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in verb.children):
            return True
    return False


def _dated_by_later_name(found: list[_Found], times: list[TimeExpression], starts: list[int]) -> None:
    """News tells an event first and names its day later, as a possessive of the event's noun:
    "Obama, hosting the Gulf leaders for a summit, pledged ... . [...] loomed over Thursday's meetings",
    "the State Department would not comment on Saturday's launch". The day dates the nearest undated event
    of that noun's type told before it."""
    if not found:
        return
    doc = found[0].cand.trigger.doc
    tok_starts = _token_starts(doc)
    nouns = lexicon().nouns
    for t in times:
        if t.kind not in DATED_KINDS:
            continue
        root = _time_root(tok_starts, doc, t)
        noun = root.head
        if root.dep_ != "poss" or noun.pos_ != "NOUN" or noun.lemma_.lower() not in nouns:
            continue
        etype = frame_type(nouns[noun.lemma_.lower()])
        before = [f for f in found if f.cand.type == etype and f.cand.trigger.i < root.i]
        if before and not before[-1].times and not before[-1].cand.planned:
            before[-1].times = [t]


# News tells a reaction "after" the deed that prompted it, days before it at most: a week.
AFTER_WINDOW_DAYS = 7
AFTER_WORDS = frozenset({"after", "following"})


def _before_reactions(found: list[_Found], times: list[TimeExpression]) -> None:
    """ "Netanyahu on Sunday called on world powers to punish Iran after the country test-fired two
    missiles": an undated deed in an "after" clause came in the week before the dated event it prompted
    (the day before it at the latest)."""
    for f in found:
        if f.times or f.cand.planned or f.cand.type not in ANSWERED_TYPES:
            continue
        main = _after_head(f.cand.trigger)
        if main is None:
            continue
        day = _day_of(main, found, f, times)
        if day is not None:
            lo = (day - timedelta(days=AFTER_WINDOW_DAYS)).isoformat()
            hi = (day - timedelta(days=1)).isoformat()
            f.times = [TimeExpression(lo, hi, "", 0, 0, "before_reaction")]


def _after_head(trigger: Token) -> Token | None:
    """The verb an "after" clause or phrase holding `trigger` modifies, else None."""
    cur = trigger
    for _ in range(6):
        if cur.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in AFTER_WORDS for c in cur.children):
            return cur.head
        if cur.dep_ in ("pcomp", "pobj") and cur.head.lower_ in AFTER_WORDS and cur.head.dep_ == "prep":
            return cur.head.head
        if cur.head == cur:
            return None
        cur = cur.head
    return None


def _day_of(verb: Token, found: list[_Found], skip: _Found, times: list[TimeExpression]) -> date | None:
    """The day of the event, statement or clause at `verb` or a verb above it, when dated to one day."""
    doc = verb.doc
    tok_starts = _token_starts(doc)
    hung: dict[int, set[str]] = {}  # token index -> the days of the times hanging from it
    sent = verb.sent
    for t in times:
        if t.start == t.end and len(t.start) == 10 and sent.start_char <= t.char_start < sent.end_char:
            hung.setdefault(_hung_from(_time_root(tok_starts, doc, t)).i, set()).add(t.start)
    cur = verb
    for _ in range(4):
        days = set(hung.get(cur.i, set()))
        for g in found:
            if g is skip:
                continue
            if cur == g.cand.trigger or cur in g.cand.anchors:
                days |= {t.start for t in g.times if t.start == t.end and len(t.start) == 10}
            elif cur == g.attribution.verb:
                days |= {t.start for t in g.stated if t.start == t.end and len(t.start) == 10}
        if len(days) == 1:
            return date.fromisoformat(days.pop())
        if days or cur.head == cur:
            return None
        cur = cur.head
    return None


ONGOING_TYPES = frozenset({"meeting", "exercise"})
CARRIAGE = frozenset({"carry", "transport", "ferry", "haul", "ship"})  # what a vessel on a voyage does
DEFINITE = frozenset({"the", "this", "that"})


def _named_before(trigger: Token, times: list[TimeExpression], starts: list[int]) -> TimeExpression | None:
    """A definite noun ("the visit", "Kuleba's visit", "the attack") names an event the report told
    before: the time said with that noun earlier ("during a visit to the city on Thursday") is its time,
    however far back. A plural ("the attacks") is a class of events, not that one."""
    if trigger.pos_ != "NOUN" or trigger.tag_ in ("NNS", "NNPS"):
        return None
    if not any(c.dep_ == "poss" or c.dep_ == "det" and c.lower_ in DEFINITE for c in trigger.children):
        return None
    doc = trigger.doc
    tok_starts = _token_starts(doc)
    for t in reversed(times[: bisect.bisect_left(starts, trigger.idx)]):
        if t.kind not in DATED_KINDS:
            continue
        head = _hung_from(_time_root(tok_starts, doc, t))
        if head.lemma_ == trigger.lemma_ and head.i < trigger.i:
            return t
    return None
# Clauses dated apart from the sentence they sit in: a time in them dates their own event, not the
# story's present ("Under a law passed in February, the department released ...", "including when a
# yacht dropped anchor in October 2022"): relative and participial clauses, and clauses a subordinator
# opens (when, while, after, ...)
SUBORDINATE_MARKS = TEMPORAL_MARKS | {"when", "while", "whenever", "as"}
FINITE = frozenset({"VBD", "VBZ", "VBP"})
STAMP_WORDS = 2  # "Published: 2024-07-28", "Updated 10:14": a line that is only a date is no narrative


def _scene_setting(times: list[TimeExpression], sents: list[Span]) -> set[int]:
    """ids of the times that set the story's present for the sentences after them: said in a main clause,
    not in a clause dated apart, nor on a line that only stamps the page's date."""
    if not sents:
        return set()
    doc = sents[0].doc
    starts = _token_starts(doc)
    sent_starts = [s.start_char for s in sents]
    # alphabetic tokens before each token index, from one to_array (not a spaCy Token per word of a sentence
    # for every time in it)
    alpha_before = [0, *accumulate(doc.to_array(IS_ALPHA).tolist())]
    out: set[int] = set()
    for t in times:
        a = token_at(starts, t.char_start)
        b = token_at(starts, max(t.char_end - 1, t.char_start)) + 1
        sent = sents[max(0, bisect.bisect_right(sent_starts, t.char_start) - 1)]
        # the sentence's words outside the time expression [a, b)
        lo, hi = min(max(a, sent.start), sent.end), max(min(b, sent.end), sent.start)
        inside = max(0, alpha_before[hi] - alpha_before[lo])
        words = alpha_before[sent.end] - alpha_before[sent.start] - inside
        if words <= STAMP_WORDS:
            continue
        if not _in_dependent_clause(_span_root(doc, a, b)):
            out.add(id(t))
    return out


def _in_dependent_clause(tok: Token) -> bool:
    """`tok` lies in a relative or participial clause, a clause a subordinator opens, or a "since"
    phrase (the start of a period, not a present)."""
    return _dependent_clause(tok) is not None


def _noun_participle(tok: Token) -> bool:
    """A non-finite verb modifying a noun ("the panel, set up in 2009"), as `_dependent_clause` reads one."""
    return (tok.dep_ == "acl" and tok.tag_ not in FINITE and tok.head.pos_ in ("NOUN", "PROPN")
            and tok.sent.root.pos_ in ("VERB", "AUX"))


def _dependent_clause(tok: Token) -> Token | None:
    """The head of the relative or participial clause, subordinate clause or "since" phrase `tok` lies
    in, else None."""
    cur = tok
    for _ in range(12):
        # a finite verb hung on a noun as "acl", or any in a sentence the parser gave no verb for root,
        # is the small model's misparse of a main verb ("Speculation about ... stores flared last
        # month"), not a participle
        participle = cur.dep_ == "acl" and cur.tag_ not in FINITE and cur.sent.root.pos_ in ("VERB", "AUX")
        if cur.dep_ == "relcl" or participle or _opens_since(cur):
            return cur
        if cur.pos_ in ("VERB", "AUX") and any(
            c.dep_ in ("mark", "advmod") and c.lower_ in SUBORDINATE_MARKS and c.i < cur.i
            for c in cur.children
        ):
            return cur
        if cur.head == cur:
            return None
        cur = cur.head
    return None


def _ongoing(cand: Candidate, present: bool = False) -> bool:
    """The event is told as under way ("was visiting", "is hosting", "have been having talks"): with no
    time named, it holds when the report speaks. Not the simple present: in a quote ("We condemn ...")
    it is the speaker's day. `present`: only the present progressive ("is hosting", "has been holding"),
    which holds when the report speaks even where the story named another time before."""
    # the trigger, or the light verb it is the object of ("have been having talks"), carries the aspect
    for verb in dict.fromkeys([cand.trigger, *cand.anchors]):
        aux = [c for c in verb.children if c.dep_ == "aux"]
        if verb.tag_ == "VBG" and any(c.lemma_ == "be" for c in aux):
            # present: "is", "have been"; or an infinitive under a verb of report ("was reported to be
            # carrying"), which speaks of the time of the report
            return not present or any(c.tag_ in ("VBZ", "VBP") or c.tag_ == "TO" for c in aux)
    return False


def _speaker_dated(
    f: _Found, found: list[_Found], times: list[TimeExpression], starts: list[int], sents: list[Span],
    scene: set[int],
) -> TimeExpression | None:
    """The day the report gave the statement's speaker's words before: that of the latest earlier
    statement by the same speaker dated to a day ("Bush warned Iran ... Wednesday. ... He said"), else
    the day said nearest the name in the latest earlier sentence naming the speaker and a day in its main
    clause ("comments Friday by ... John Kirby"; the speaker by the last word of a name in the speech
    verb's subject)."""
    def speakers_of(g: _Found) -> set[str]:  # an own-voice statement's actor is its speaker
        return set(g.attribution.speakers or g.cand.actor)

    speakers = speakers_of(f)
    for g in reversed(found):
        if g.sentence_no < f.sentence_no and speakers and speakers & speakers_of(g) and (
                g.cand.type in STATEMENT_TYPES):
            days = [t for t in g.times if t.start == t.end and len(t.start) == 10]
            if days:
                return days[0]
    verb = f.attribution.verb if f.attribution.verb is not None else f.cand.trigger
    names = {t.text for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree
             if t.pos_ == "PROPN" and (t.i + 1 >= len(t.doc) or t.doc[t.i + 1].pos_ != "PROPN")}
    if not names:
        return None
    for sent in reversed(sents[: f.sentence_no]):
        # the speaker as a doer there ("Bush warned ... Wednesday", "comments Friday by Kirby"), not a
        # bystander of another scene ("a troubling issue for Bush, Iran jumped back ... Sunday")
        named = [t.idx for t in sent if t.text in names and _agentive(t)]
        lo, hi = bisect.bisect_left(starts, sent.start_char), bisect.bisect_left(starts, sent.end_char)
        days = [t for t in times[lo:hi]
                if id(t) in scene and t.kind in DATED_KINDS and t.start == t.end and len(t.start) == 10]
        if named and days:  # the time said nearest the name
            return min(days, key=lambda t: min(abs(t.char_start - i) for i in named))
    return None


def _agentive(tok: Token) -> bool:
    """The name is a clause's subject, a "by" agent or a possessor ("Kirby's comments"), through the
    compounds, flat names and appositions it heads."""
    while tok.dep_ in ("compound", "flat", "appos", "conj") and tok.head is not tok:
        tok = tok.head
    if tok.dep_ in ("nsubj", "nsubjpass", "poss"):
        return True
    return tok.dep_ == "pobj" and tok.head.lower_ == "by"


# Words that make a statement a habit, not one day's words ("Iran regularly denies ...")
HABITUAL = frozenset({"repeatedly", "regularly", "often", "always", "routinely", "consistently", "long",
                      "frequently", "previously", "usually", "never", "ever"})


def _said_once(f: _Found) -> bool:
    """The statement is told as said once, in the simple past ("said", "denied", "told CNN"), not as a
    habit, a perfect ("has repeatedly denied") or a plan."""
    verb = f.attribution.verb if f.attribution.verb is not None else f.cand.trigger
    if verb.tag_ == "VBG" and verb.dep_ in ("advcl", "xcomp"):
        verb = verb.head  # "said ..., condemning Pyongyang": the finite verb carries the tense
    if verb.tag_ != "VBD":
        return False
    return not any(c.dep_ == "aux" or c.lower_ in HABITUAL for c in verb.children)


def _holds(t: TimeExpression, reference: date | None) -> bool:
    """`t` is a period longer than a day that runs up to or over the reference day ("this year")."""
    if reference is None or t.start == t.end and len(t.start) == 10:
        return False
    lo, hi = interval_bounds(t.start, t.end)
    return lo < reference <= hi


def default_times(found: list[_Found]) -> None:
    """Undated events whose statement is dated: a condemnation or denial is the statement itself; a
    transfer reported as done happened before the statement, within its year (reports of deliveries speak
    of the recent past)."""
    for f in found:
        if f.times or not f.stated:
            continue
        if f.cand.type in ANSWERED_TYPES and _after_head(f.cand.trigger) is not None:
            # "was seen crossing the border days after a sniper killed a doctor, the paper reported
            # Friday": the deed came before what the sentence tells, not on the day it is reported
            continue
        if f.cand.type in ("condemnation", "denial"):
            f.times = list(f.stated)
        elif f.cand.type in DEED_TYPES and not f.cand.planned:
            # "the IDF said on Sunday it struck Hezbollah sites": news reports a strike or a seizure
            # on the day it is claimed; the statement's day dates it
            st = merge_spans(f.stated)
            if st is not None and st.start == st.end and len(st.start) == 10:
                f.times = [TimeExpression(st.start, st.end, st.text, 0, 0, "statement_day")]
        elif f.cand.type == "weapons_test" and not f.cand.planned:
            # "North Korea said Sunday it test-fired a missile": a state's media announce its tests the
            # same day or the morning after; "claimed a successful test in May": within that month
            st = merge_spans(f.stated)
            if st is not None and st.start == st.end and len(st.start) == 10:
                day = date.fromisoformat(st.start)
                f.times = [TimeExpression((day - timedelta(days=1)).isoformat(), st.end, st.text, 0, 0,
                                          "announced_test")]
            elif st is not None:
                f.times = [TimeExpression(st.start, st.end, st.text, 0, 0, "announced_test")]
        elif f.cand.type == "transfer" and not f.cand.planned:
            st = merge_spans(f.stated)
            if st is not None:
                f.times = [TimeExpression(st.start[:4], st.end, st.text, 0, 0, "before_statement")]
        elif f.cand.type == "transfer" and _formally_made(f.cand.trigger):
            # "said on Monday it had notified Congress of plans to sell": the sale is still a plan, but
            # notifying, approving or signing it is an act of the statement's day
            f.times = list(f.stated)


# Formal acts that make a planned sale a fact of their day (a notification to Congress, a signature)
FORMAL_ACTS = frozenset({"notify", "approve", "sign", "authorize", "authorise", "ratify", "clear"})


def _formally_made(trigger: Token) -> bool:
    """A planned transfer is the object of a formal act a few steps up the parse ("notified Congress
    of plans to sell", "approved the sale of")."""
    cur = trigger
    for _ in range(5):
        if cur.head == cur:
            return False
        cur = cur.head
        if cur.pos_ == "VERB" and cur.lemma_ in FORMAL_ACTS:
            return True
    return False
