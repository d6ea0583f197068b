"""Key judgements of the report: which events, and in which ICD 203 likelihood words.

Rules (reasoned from ICD 203 and the Admiralty system, not tuned):
- Only events that are asserted or confirmed and that at least one source states as a fact (stance
  assert, not planned, pledged or conditional). A disputed, denied, alleged or planned event is never a
  key judgement, so "likely" never stands beside "disputed". Statements (condemnations, denials) are
  claims about events, not judgements of their own.
- The likelihood word follows the information's credibility (1 very likely ... 3 roughly even chance);
  a source that is not usually reliable, unreliable or unknown (D, E, F) caps it at "roughly even
  chance": a claim cannot be judged likely on the word of an outlet nobody can vouch for.
"""

from __future__ import annotations

from typing import Any

LIKELIHOOD = {
    1: "very likely",
    2: "likely",
    3: "roughly even chance",
    4: "unlikely",
    5: "very unlikely",
    6: "cannot be judged",
}
JUDGEABLE_STATUS = frozenset({"asserted", "confirmed"})
STATEMENT_TYPES = frozenset({"denial", "condemnation"})
WEAK_SOURCES = frozenset({"D", "E", "F"})
MAX_CREDIBILITY = 3  # "possibly true" at worst: a doubtful claim is no key judgement
TYPE_ORDER = ("transfer", "sanction", "seizure", "attack", "weapons_test", "meeting", "exercise")
LIMIT = 10


def stated_as_fact(event: dict[str, Any]) -> bool:
    """At least one mention states the event as a fact: asserted, not planned or conditional."""
    return any(m.get("stance") == "assert" and not m.get("planned") for m in event.get("mentions") or [])


def likelihood_grade(event: dict[str, Any]) -> int:
    """The credibility grade whose word the judgement uses, capped for weak or unknown sources."""
    grade = int(event.get("credibility", 6))
    if event.get("reliability", "F") in WEAK_SOURCES:
        grade = max(grade, 3)
    return grade


def eligible(event: dict[str, Any]) -> bool:
    return (
        event.get("type") not in STATEMENT_TYPES
        and event.get("status") in JUDGEABLE_STATUS
        and int(event.get("credibility", 6)) <= MAX_CREDIBILITY
        and stated_as_fact(event)
    )


def key_judgements(dossier: dict[str, Any], limit: int = LIMIT) -> list[dict[str, Any]]:
    """The report's key judgements: event id, likelihood word and grade, best first."""
    chosen = [e for e in dossier.get("events") or [] if eligible(e)]

    def rank(e: dict[str, Any]) -> tuple[Any, ...]:
        kind = TYPE_ORDER.index(e["type"]) if e["type"] in TYPE_ORDER else len(TYPE_ORDER)
        outlets = int((e.get("sources") or {}).get("outlets", 0))
        return (likelihood_grade(e), e.get("reliability", "F"), -outlets, kind, e["id"])

    out = []
    for e in sorted(chosen, key=rank)[:limit]:
        grade = likelihood_grade(e)
        out.append(
            {
                "event": e["id"],
                "likelihood": LIKELIHOOD[grade],
                "likelihood_grade": grade,
                "credibility": e.get("credibility"),
                "reliability": e.get("reliability", "F"),
                "status": e.get("status"),
            }
        )
    return out
