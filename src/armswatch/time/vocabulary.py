"""The words and patterns of time expressions in English news, and the cues around them (a future
cue, a past-tense verb, a name before a weekday) that `armswatch.time.handlers` reads."""

from __future__ import annotations

import re
from collections.abc import Iterable

from armswatch.clean.dates import MONTHS, WEEKDAYS
from armswatch.time.intervals import (
    _norm,
)

# ---------------------------------------------------------------- vocabulary


def _cased(words: Iterable[str]) -> str:
    """Title and upper case forms only: "May"/"MAY" name a month, "may" does not."""
    forms = {f for w in words for f in (w.title(), w.upper())}
    return "|".join(sorted(forms, key=len, reverse=True))


_FULL_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
                "october", "november", "december")
_ABBR_MONTHS = ("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")
_MONTH_ANY = rf"(?:{_cased(_FULL_MONTHS)})\b|(?:{_cased(_ABBR_MONTHS)})\b\.?"
_MONTH_BARE = rf"(?:{_cased(_FULL_MONTHS)})\b|(?:{_cased(_ABBR_MONTHS)})\."
# months that are also common words or given names: alone they need a cue word before them
_AMBIGUOUS_MONTHS = {"may", "march", "april", "june", "august"}

_WEEKDAY_WORD = rf"(?:{_cased(WEEKDAYS)})\b|(?:Tues|Thurs|Tue|Wed|Thu|Fri)\."
_WEEKDAY_INDEX = {w[:3]: i for i, w in enumerate(WEEKDAYS)}
# capitalised words that make a weekday a name ("Good Friday", "Black Monday")
_WEEKDAY_NAMES_BEFORE = {"good", "black", "bloody", "ash", "holy", "palm", "easter", "super", "cyber",
                         "maundy", "shrove", "great", "girl", "man"}

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "eighteen": 18,
    "twenty": 20, "thirty": 30,
}
_VAGUE_COUNTS = {"a few": (2, 7), "few": (2, 7), "several": (2, 7), "some": (2, 7), "a couple of": (2, 3),
                 "a couple": (2, 3)}
_NUM = (r"(?:\d{1,3}|a\s+couple\s+of|a\s+few|few|several|some|"
        + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + ")")


def _count(words: str) -> tuple[int, int] | None:
    w = _norm(words) or ""
    if w.isdigit():
        return int(w), int(w)
    if w in _VAGUE_COUNTS:
        return _VAGUE_COUNTS[w]
    n = _NUMBER_WORDS.get(w)
    return (n, n) if n else None


def _month_number(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


_DAY = r"(?P<{0}>[0-3]?\d)(?:st|nd|rd|th)?\b(?![:.,]\d)"
_YEAR = r"(?P<{0}>(?:1[89]|20)\d\d)(?!\d)"
_RANGE_DASH = r"\s*(?:-|–|—|to|through|thru|until|till)\s*"
_PART_WORDS = (r"end|beginning|start|middle|first\s+half|second\s+half|first\s+ten\s+days|"
               r"(?:first|second|third|fourth|last)\s+(?:week|quarter)")
# "the end of", "the first half of", "early", "mid-", "late", "end-"
_PART = rf"(?:(?i:\b(?:the\s+)?(?P<part>{_PART_WORDS})\s+of\s+|\b(?P<part2>early|mid|late|end)(?:-|\s+)))"


def _p(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# written dates
_ISO = _p(r"\b(?P<y>(?:19|20)\d\d)([-/])(?P<m>[01]\d)\2(?P<d>[0-3]\d)\b")
_NUMERIC = _p(r"\b(?P<a>[0-3]?\d)([/.])(?P<b>[0-3]?\d)\2(?P<y>(?:19|20)\d\d)\b")
_MONTH_DAY = _p(
    rf"\b(?P<m1>{_MONTH_ANY})\s*{_DAY.format('d1')}"
    rf"(?:{_RANGE_DASH}(?:(?P<m2>{_MONTH_ANY})\s*)?{_DAY.format('d2')})?"
    rf"(?:,?\s+{_YEAR.format('y')})?"
)
_DAY_MONTH = _p(
    rf"\b{_DAY.format('d1')}(?:{_RANGE_DASH}{_DAY.format('d2')})?\s+(?:of\s+)?(?P<m1>{_MONTH_ANY})"
    rf"(?:,?\s+{_YEAR.format('y')})?"
)
_BETWEEN_DAYS = _p(
    rf"\b(?i:between)\s+(?:{_DAY.format('d1')}\s+and\s+{_DAY.format('d2')}\s+(?:of\s+)?(?P<m1>{_MONTH_ANY})"
    rf"|(?P<m2>{_MONTH_ANY})\s*{_DAY.format('e1')}\s+and\s+{_DAY.format('e2')})(?:,?\s+{_YEAR.format('y')})?"
)
_MONTH_YEAR = _p(rf"(?:{_PART})?\b(?P<m1>{_MONTH_ANY})(?:\s+of)?,?\s+{_YEAR.format('y')}")
_MONTH_ALONE = _p(
    rf"(?:\b(?P<rel>(?i:last|next|this|coming|past))\s+)?(?:{_PART})?\b(?P<m1>{_MONTH_BARE})(?!\s*\d)"
)
_YEAR_CUED = _p(
    r"\b(?i:in|since|during|throughout|until|till|through|by|from|before|after|of|for|between)\s+"
    r"(?:(?i:the\s+year)\s+)?" + _YEAR.format("y") + r"(?:\s*[-–/]\s*(?P<y2>\d{4}|\d{2})\b)?"
)
_YEAR_SPAN = _p(r"\b(?i:from|between)\s+" + _YEAR.format("y")
                 + r"(?:\s*[-–]\s*|\s+(?i:to|and|until|till|through)\s+)" + _YEAR.format("y2"))
_YEAR_ADJECTIVE = _p(r"\b(?i:the|its|a|his|her|their|our|my|your)\s+" + _YEAR.format("y")
                     + r"(?=\s+[a-z])|\b" + _YEAR.format("y2")
                     + r"(?='s\b|’s\b)")
_PART_YEAR = _p(rf"{_PART}{_YEAR.format('y')}|\b(?P<q>[QH][1-4])\s*(?:of\s+)?{_YEAR.format('y2')}")
_DECADE = _p(r"\b(?i:the\s+)(?:(?P<part>(?i:early|mid|late))[-\s]+)?(?P<d>(?:19|20)\d)0s\b")
_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                 "eighties": 8, "nineties": 9}
# "the nineties", "the late eighties": the twentieth century's decades
_DECADE_WORD = _p(r"(?i:\bthe\s+(?:(?P<part>early|mid|late)[-\s]+)?(?:nineteen[-\s]+)?(?P<w>"
                  + "|".join(_DECADE_WORDS) + r")\b)")
_SEASON = _p(
    r"(?i:\b(?:(?P<rel>last|this|next|past|coming)\s+|(?P<cue>in\s+(?:the\s+)?|during\s+(?:the\s+)?"
    r"|by\s+(?:the\s+)?|the\s+))?(?:(?P<part>early|mid|late)[-\s])?"
    r"(?P<season>spring|summer|autumn|fall|winter)\b(?:\s+(?:of\s+)?(?P<y>(?:19|20)\d\d)(?!\d)"
    r"(?:\s*[-–/]\s*(?P<y2>\d{4}|\d{2})\b)?)?)"
)

# relative to the reference
_WEEKDAY = _p(rf"(?:\b(?P<rel>(?i:last|next|this|coming|past|previous))\s+)?(?P<wd>{_WEEKDAY_WORD})")
_REL_DAY = _p(
    r"(?i:\b(?P<w>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday|today|tonight|"
    r"tomorrow|last\s+night|this\s+(?:morning|afternoon|evening)|earlier\s+today|later\s+today)\b)"
)
# "over the weekend": the latest weekend up to the report's day (news reports it after the fact)
# Holidays on a fixed day of the Gregorian calendar, as news names them ("injured on Christmas Day",
# "the New Year's Eve strikes"); holidays whose day moves (Easter, Eid, Thanksgiving) or differs by
# country ("Independence Day", "Victory Day") are left alone
FIXED_HOLIDAYS: dict[str, tuple[int, int]] = {
    "christmas day": (12, 25), "christmas eve": (12, 24), "christmas": (12, 25), "boxing day": (12, 26),
    "new year's day": (1, 1), "new year's eve": (12, 31), "valentine's day": (2, 14),
    "halloween": (10, 31), "bastille day": (7, 14), "armistice day": (11, 11),
}
_HOLIDAY = _p(r"(?i:\b(?P<h>christmas\s+(?:day|eve)|christmas(?!\s+(?:tree|market|card|gift|message|"
              r"address|holidays?|season|period|truce))|boxing\s+day|new\s+year[’']s\s+(?:day|eve)|"
              r"valentine[’']s\s+day|halloween|bastille\s+day|armistice\s+day)\b)")
_WEEKEND = _p(r"(?i:\b(?:over|at|on|during)\s+the\s+weekend\b)")
_REL_PERIOD = _p(
    r"(?i:\b(?:(?P<part2>early|earlier|mid|late|later|end)[-\s]+|(?:the\s+)?(?P<part>" + _PART_WORDS
    + r")\s+of\s+)?(?P<rel>last|this|next|coming)\s+(?P<unit>weekend|week|month|year|quarter|decade|"
    r"spring|summer|autumn|fall|winter)\b)"
)
_AGO = _p(
    rf"(?i:\b(?:(?P<n>{_NUM})\s+)?(?P<unit>hour|day|week|month|year|decade)s?\s+ago\b)"
)
_DURATION = _p(
    rf"(?i:\b(?:in|over|during|for|within|throughout)\s+the\s+(?:past|last|previous|preceding)\s+"
    rf"(?:(?P<n>{_NUM})\s+)?(?P<unit>hour|day|week|month|year|decade)s?\b)"
)
_RECENT = _p(r"(?i:\b(?:in\s+|over\s+|during\s+)?(?:the\s+)?recent\s+(?P<unit>days|weeks|months|years)\b"
             r"|\b(?P<adv>recently|lately)\b)")

# relative to the previous time
_SHIFT = _p(
    rf"(?i:\b(?:(?P<n>{_NUM})\s+)?(?P<unit>day|week|month|year|decade)s?\s+"
    r"(?P<dir>later|earlier|afterwards?|after|before|prior|previously)\b)"
)
_ANAPHOR = _p(
    r"(?i:\b(?P<w>(?:later|earlier)\s+(?:that|the\s+same)\s+(?:day|week|month|year)"
    r"|(?:that|the\s+same)\s+(?:day|night|week|month|year)"
    r"|the\s+(?:following|next|previous|preceding)\s+(?:day|week|month|year)"
    r"|the\s+(?:day|week|month|year)\s+(?:before|after|earlier))\b)"
)

_CUE_BEFORE = re.compile(
    r"(?i:\b(?:in|on|since|during|by|until|till|from|through|throughout|before|after|of|and|or|to|between"
    r"|early|mid|late|end|last|next|this)[\s-]+)$"
)
_THE_BEFORE = re.compile(r"(?i:\bthe\s+)$")
_NAME_AFTER = re.compile(r"\s+[A-Z][a-z]")
_CAPITALISED_WORD_BEFORE = re.compile(r"\b([A-Z][\w'’-]*)\s+$")
_SINCE_BEFORE = re.compile(r"(?i:\b(?:ever\s+)?since\s+(?:the\s+)?)$")
_FROM_BETWEEN_BEFORE = re.compile(r"(?i:\b(?P<w>from|between)\s+)$")
_RANGE_GAP = re.compile(r"\s*(?:-|–|—|to|through|thru|until|till|and)\s*")
_COORD_GAP = re.compile(r"\s*,?\s*(?:and|or|&)\s*")
_WEEKDAY_DATE_GAP = re.compile(r"\s*,?\s*\(?\s*")
_CLAUSE_END_AFTER = re.compile(r"\s*(?:[,.;:)!?\-–—]|$|(?i:that|this|then|and)\b)")
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)]*\s+(?=[A-Z\"“‘(])|\n")
_FUTURE_CUE = re.compile(
    r"(?i:\b(?:will|shall|would\s+be\s+held|to\s+be\s+held|scheduled|planned\s+for|plans?\s+to|intends?\s+to"
    # plans, and the future of reported speech: "planned to leave on Thursday", "planned a rally on
    # Saturday" (not "planned the attack": a plan already carried out), "were planning to drive around the
    # airport on Monday", "would be traveling Thursday", "could come as early as Tuesday" (not "would not
    # comment on Saturday's launch", a refusal)
    r"|planned\s+(?:to|an?)\b|planning|(?:would|could|might)(?!\s+(?:have|not)\b)|as\s+(?:soon|early)\s+as"
    r"|due\s+to|expected\s+to|set\s+to|upcoming|forthcoming|ahead\s+of"
    # deadlines and terms run forward: "payable Dec. 7", "effective Feb. 1", "expires Nov. 21", "to run
    # through June", "is to resume trading Tuesday"
    r"|payable|effective|takes?\s+effect|deadline|expires?|(?:is|are)\s+to"
    r"|to\s+(?:run|last|continue|remain|stay|expire|end|close|resume|begin|start|take\s+effect)"
    r"|(?:runs?|lasts?|continues?|remains?)\s+(?:until|through|till|to))\b|'ll\b)"
)
# TimeML duration codes by unit (P3Y, PT2H, P2DE)
_UNIT_CODES = {"second": "TS", "minute": "TM", "hour": "TH", "day": "D", "night": "D", "week": "W",
               "month": "M", "year": "Y", "decade": "DE", "century": "CE", "quarter": "Q"}
_SPEECH_VERB = re.compile(r"(?i:\b(?:said|says|told|announced|stated|added|reported|according|wrote)\b)")


def _before(text: str, pos: int, width: int = 24) -> str:
    return text[max(0, pos - width):pos]


def _clause_before(text: str, pos: int, width: int = 80) -> str:
    window = text[max(0, pos - width):pos]
    breaks = list(_SENTENCE_BREAK.finditer(window))
    return window[breaks[-1].end():] if breaks else window


# A deadline: "by Dec. 15", "until mid-November", "extended to Nov. 20", "the Nov. 1 deadline". News sets
# deadlines ahead of the day it reports; a past perfect ("had left by March") looks back from a past
# time and is no deadline. Not "through" ("this year through August" runs to a past day) nor "by the"
# ("laid down by the Feb. 23 accord" names an agent).
_DEADLINE_BEFORE = re.compile(
    r"(?i:\b(?:by|until|till|(?:extended|postponed|delayed|deferred|pushed\s+back|put\s+off)"
    r"\s+(?:\w+\s+){0,3}?(?:to|until))\s+(?:the\s+(?:end|beginning|start|middle)\s+of\s+)?)$"
)
_DEADLINE_AFTER = re.compile(r"(?i:\s+deadline\b)")
_PAST_PERFECT = re.compile(r"(?i:\b(?:had|'d)\b)")


def _is_deadline(text: str, pos: int, end: int) -> bool:
    if _DEADLINE_AFTER.match(text, end):
        return True
    if not _DEADLINE_BEFORE.search(_before(text, pos, 60)):
        return False
    after = text[end:end + 60]
    stop = _SENTENCE_BREAK.search(after)
    around = _clause_before(text, pos) + " " + (after[:stop.start()] if stop else after)
    return not _PAST_PERFECT.search(around)


def _is_future(text: str, pos: int, end: int | None = None) -> bool:
    """A future cue shortly before `pos`, with no speech verb after it ("will ..., he said Friday"), or a
    deadline around the expression that ends at `end`."""
    if end is not None and _is_deadline(text, pos, end):
        return True
    clause = _clause_before(text, pos)
    cues = list(_FUTURE_CUE.finditer(clause))
    return bool(cues) and not _SPEECH_VERB.search(clause, cues[-1].end())


def _opens_future_clause(text: str, pos: int, end: int) -> bool:
    """The time opens its clause and a future cue follows it before any past or speech verb: "On
    Thursday Biden will meet King Abdullah", "Next Tuesday, the ministers are to sign" (not "On
    Thursday, he said he will go")."""
    if not _OPENS_CLAUSE.fullmatch(_clause_before(text, pos)):
        return False
    after = text[end:end + 60]
    stop = _SENTENCE_BREAK.search(after)
    after = after[:stop.start()] if stop else after
    cue = _FUTURE_CUE.search(after)
    if cue is None:
        return False
    verbs = [m.start() for m in (_PAST_VERB.search(after), _SPEECH_VERB.search(after)) if m is not None]
    return not verbs or min(verbs) > cue.start()


# what may stand before a time that opens its clause: nothing, a preposition, a conjunction
_OPENS_CLAUSE = re.compile(r'(?is:.*(?:^|[.;:,\n"“(])\s*(?:(?:and|but|so|then)\s+)?'
                           r'(?:on|by|from|this|next|until|before|after|early|late)?\s*)')


# past-tense verbs (and -ed participles, which in news clauses mostly are past verbs)
_PAST_VERB = re.compile(r"(?i:\b(?:was|were|had|did|came|went|began|met|held|left|took|made|said|told|sent"
                        r"|\w{3,}ed)\b)")


def _is_past(text: str, pos: int) -> bool:
    return _PAST_VERB.search(_clause_before(text, pos)) is not None


def _name_before(text: str, pos: int) -> str | None:
    """A capitalised word right before `pos` that is not a sentence opener like "In"/"On"."""
    m = _CAPITALISED_WORD_BEFORE.search(_before(text, pos))
    if m is None or _CUE_BEFORE.search(m.group(1) + " "):
        return None
    return m.group(1)
