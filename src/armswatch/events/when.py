"""When an event mention took place: which of a report's time expressions date which event.

Called by `events.extract` in three steps (why here: the time of events is one concern, kept apart
from the roles and frames it reads):
- `assign_times`, per sentence: a time expression belongs to the event whose trigger it hangs from in
  the parse; one hanging from a speech verb dates the statement; the rest date the sentence's undated
  events.
- `lead_times`, for the lead sentence: its undated statements and meetings are of the report's day.
- `default_times` and `narrative_times`, over the report: an undated event takes the date of its
  statement, or the time the narrative last named a few sentences before.
`merge_spans` turns an event's time expressions into its `when`.
"""

from __future__ import annotations

import bisect
from datetime import date
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from armswatch.events.frames import Candidate, reduced_relative_of
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
    loose: list[TimeExpression] = []
    for t in times[lo:]:
        if t.char_start >= sent.end_char:
            break
        a = token_at(starts, t.char_start)
        b = token_at(starts, max(t.char_end - 1, t.char_start)) + 1
        root = cur = _span_root(doc, a, b)
        hit = False
        for _ in range(12):
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
            if cur.head == cur:
                break
            cur = cur.head
        if not hit:
            loose.append(t)
    if loose:
        for f in found:
            if not f.times and not _in_other_time(f.cand.trigger):
                f.times.extend(loose)
    _share_coordinated(found)


# Subordinators of a clause dated apart from the one it modifies: "Netanyahu called on Sunday for
# sanctions after the country test-fired missiles" (the test came before the call)
TEMPORAL_MARKS = frozenset({"after", "before", "since", "until", "till", "once"})


def _opens_since(tok: Token) -> bool:
    """`tok` is "since" as a preposition, or the verb of a clause "since" marks."""
    if tok.lower_ == "since" and tok.dep_ in ("prep", "mark", "advmod"):
        return True
    return tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "since" for c in tok.children)


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
    scene = _scene_setting(times, sents)
    for f in found:
        if f.times or f.cand.type not in NARRATIVE_TYPES or f.cand.planned:
            continue  # a plan ("will sit down with Abbas") is not dated by what the story told before
        if day is not None and f.cand.type in ONGOING_TYPES and _ongoing(f.cand, present=True):
            f.times = [day]  # "have been holding talks for months": under way as the report speaks
            continue
        named = _named_before(f.cand.trigger, times, starts)
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
                f.times = [t]
                break
        if f.times or day is None:
            continue
        if f.cand.type in ONGOING_TYPES and _ongoing(f.cand):
            f.times = [day]  # "the announcement came as Bush was visiting Riyadh": under way as it is told
        elif f.cand.type in STATEMENT_TYPES and _said_once(f):
            # news names the day of its statements once, at the top, and reports the day's words after
            # it ("..., said the Treasury's top sanctions official"): with no other time near, the day
            # the report dated that speaker's words before ("comments Friday by ... John Kirby"), else
            # the report's day
            f.times = [_speaker_dated(f, times, starts, sents) or day]


ONGOING_TYPES = frozenset({"meeting", "exercise"})
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
    tok_starts = [t.idx for t in doc]
    for t in reversed(times[: bisect.bisect_left(starts, trigger.idx)]):
        if t.kind not in DATED_KINDS:
            continue
        root = _span_root(doc, token_at(tok_starts, t.char_start),
                          token_at(tok_starts, max(t.char_end - 1, t.char_start)) + 1)
        head = root.head.head if root.head.dep_ == "prep" else root.head
        if head.lemma_ == trigger.lemma_ and head.i < trigger.i:
            return t
    return None
# Clauses dated apart from the sentence they sit in: a time in them dates their own event, not the
# story's present ("Under a law passed in February, the department released ...", "including when a
# yacht dropped anchor in October 2022"): relative and participial clauses, and clauses a subordinator
# opens (when, while, after, ...)
SUBORDINATE_MARKS = TEMPORAL_MARKS | {"when", "while", "whenever", "as"}
NOUN_CLAUSES = frozenset({"acl", "relcl"})
STAMP_WORDS = 2  # "Published: 2024-07-28", "Updated 10:14": a line that is only a date is no narrative


def _scene_setting(times: list[TimeExpression], sents: list[Span]) -> set[int]:
    """ids of the times that set the story's present for the sentences after them: said in a main clause,
    not in a clause dated apart, nor on a line that only stamps the page's date."""
    if not sents:
        return set()
    doc = sents[0].doc
    starts = [tok.idx for tok in doc]
    sent_starts = [s.start_char for s in sents]
    out: set[int] = set()
    for t in times:
        a = token_at(starts, t.char_start)
        b = token_at(starts, max(t.char_end - 1, t.char_start)) + 1
        sent = sents[max(0, bisect.bisect_right(sent_starts, t.char_start) - 1)]
        words = [w for w in sent if w.is_alpha and not a <= w.i < b]
        if len(words) <= STAMP_WORDS:
            continue
        if not _in_dependent_clause(_span_root(doc, a, b)):
            out.add(id(t))
    return out


def _in_dependent_clause(tok: Token) -> bool:
    """`tok` lies in a relative or participial clause, a clause a subordinator opens, or a "since"
    phrase (the start of a period, not a present)."""
    cur = tok
    for _ in range(12):
        if cur.dep_ in NOUN_CLAUSES or _opens_since(cur):
            return True
        if cur.pos_ in ("VERB", "AUX") and any(
            c.dep_ in ("mark", "advmod") and c.lower_ in SUBORDINATE_MARKS and c.i < cur.i
            for c in cur.children
        ):
            return True
        if cur.head == cur:
            return False
        cur = cur.head
    return False


def _ongoing(cand: Candidate, present: bool = False) -> bool:
    """The event is told as under way ("was visiting", "is hosting", "have been having talks"): with no
    time named, it holds when the report speaks. Not the simple present: in a quote ("We condemn ...")
    it is the speaker's day. `present`: only the present progressive ("is hosting", "has been holding"),
    which holds when the report speaks even where the story named another time before."""
    # the trigger, or the light verb it is the object of ("have been having talks"), carries the aspect
    for verb in dict.fromkeys([cand.trigger, *cand.anchors]):
        aux = [c for c in verb.children if c.dep_ == "aux"]
        if verb.tag_ == "VBG" and any(c.lemma_ == "be" for c in aux):
            return not present or any(c.tag_ in ("VBZ", "VBP") for c in aux)
    return False


def _speaker_dated(
    f: _Found, times: list[TimeExpression], starts: list[int], sents: list[Span]
) -> TimeExpression | None:
    """The day, said nearest the name, of the latest earlier sentence that names the statement's speaker
    and a day (the speaker by the last word of a name in the speech verb's subject: "Kirby")."""
    verb = f.attribution.verb if f.attribution.verb is not None else f.cand.trigger
    names = {t.text for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree
             if t.pos_ == "PROPN" and (t.i + 1 >= len(t.doc) or t.doc[t.i + 1].pos_ != "PROPN")}
    if not names:
        return None
    for sent in reversed(sents[: f.sentence_no]):
        named = [t.idx for t in sent if t.text in names]
        lo, hi = bisect.bisect_left(starts, sent.start_char), bisect.bisect_left(starts, sent.end_char)
        days = [t for t in times[lo:hi] if t.kind in DATED_KINDS and t.start == t.end and len(t.start) == 10]
        if named and days:  # the time said nearest the name
            return min(days, key=lambda t: min(abs(t.char_start - i) for i in named))
    return None


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
        if f.cand.type in ("condemnation", "denial"):
            f.times = list(f.stated)
        elif f.cand.type in DEED_TYPES and not f.cand.planned:
            # "the IDF said on Sunday it struck Hezbollah sites": news reports a strike or a seizure
            # on the day it is claimed; the statement's day dates it
            st = merge_spans(f.stated)
            if st is not None and st.start == st.end and len(st.start) == 10:
                f.times = [TimeExpression(st.start, st.end, st.text, 0, 0, "statement_day")]
        elif f.cand.type == "transfer" and not f.cand.planned:
            st = merge_spans(f.stated)
            if st is not None:
                f.times = [TimeExpression(st.start[:4], st.end, st.text, 0, 0, "before_statement")]
