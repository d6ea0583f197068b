"""When events happened, on labelled news the rules were not written from: TimeML's event-time links.

usage: python scripts/eval_event_time.py [--misses N] [--out DIR] [--reuse]

TempEval-3's TBAQ-cleaned TimeBank and AQUAINT articles (`../shared/data/components/timeml/`, the time
component's development set; the platinum test set is not there and is never read) label events and link
them to time expressions (TLINKs). Each article goes through the whole pipeline (`armswatch analyze` on a
JSON Lines feed, its DCT as the publication date), and each event mention the pipeline finds whose trigger
overlaps a labelled EVENT is compared with that EVENT's links to dates (a DATE TIMEX3 whose value is a year,
month or day, or the DCT):

- an EVENT inside a date (IS_INCLUDED, DURING or SIMULTANEOUS with it; a date that INCLUDES it): the
  mention's `when` (its own, else its event's, as the dossier scorer reads it) is **right** when it lies
  inside the narrowest such date, **coarse** when it holds it but is wider, **wrong** when it lies
  elsewhere, **none** when the mention has no time;
- an EVENT only ordered against a date (BEFORE or AFTER it, or IBEFORE/IAFTER: mostly "before the
  report's day", a past event a report tells): the `when` is **consistent** when it lies entirely on the
  right side, **wrong** when it does not (a past event dated with the report's day), **none** without one.

The events found are few (arms, attacks, meetings, sanctions of 1989-2000 newswire), so the figures are
small-sample checks of the event-time rules, not of the time component (scripts/eval_time.py).
Development only: the texts are read from ../shared at run time and never stored in the project.
"""

from __future__ import annotations

import argparse
import calendar
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date
from pathlib import Path

from feed_run import dossier_of

ROOT = Path(__file__).resolve().parents[1]
TIMEML = ROOT.parent / "shared" / "data" / "components" / "timeml"
INSIDE = {"IS_INCLUDED", "DURING", "SIMULTANEOUS"}  # event -> time
HOLDS = {"INCLUDES", "SIMULTANEOUS"}  # time -> event
BEFORE = {"BEFORE", "IBEFORE"}
AFTER = {"AFTER", "IAFTER"}
DATE_VALUE = re.compile(r"^\d{4}(?:-\d\d(?:-\d\d)?)?$")
# the same text under two DCTs (the corpus README's quirk): keep the first
DUPLICATE = {"APW20000115.0209"}


def bounds(value: str) -> tuple[date, date]:
    p = [int(v) for v in value.split("-")]
    if len(p) == 1:
        return date(p[0], 1, 1), date(p[0], 12, 31)
    if len(p) == 2:
        return date(p[0], p[1], 1), date(p[0], p[1], calendar.monthrange(p[0], p[1])[1])
    return date(*p), date(*p)


def _as_body(raw: str) -> tuple[str, list[int]]:
    """The text as the pipeline keeps it as a body (stripped, a run of blank lines one line break), and
    each raw offset's place in it."""
    out: list[str] = []
    new_at: list[int] = []
    for m in re.finditer(r"\s*\n\s*|[^\n]", raw.strip()):
        new_at += [len(out)] * len(m.group())
        out.append("\n" if len(m.group()) > 1 or m.group() == "\n" else m.group())
    lead = len(raw) - len(raw.lstrip())
    new_at = [0] * lead + new_at + [len(out)] * (len(raw) - lead - len(new_at) + 1)
    return "".join(out), new_at


def read_article(path: Path) -> dict | None:
    root = ET.parse(path).getroot()
    dct = root.find(".//DCT/TIMEX3")
    text_el = root.find("TEXT")
    if dct is None or text_el is None:
        return None
    parts: list[str] = []
    tags: list[tuple[str, dict, int, int]] = []

    def walk(el: ET.Element) -> None:
        start = sum(len(p) for p in parts)
        parts.append(el.text or "")
        for ch in el:
            walk(ch)
            parts.append(ch.tail or "")
        tags.append((el.tag, dict(el.attrib), start, sum(len(p) for p in parts)))

    walk(text_el)
    text, new_at = _as_body("".join(parts))
    tags = [(tag, at, new_at[a], new_at[b]) for tag, at, a, b in tags]
    times = {"t0": dct.get("value", "")[:10]}
    events: dict[str, tuple[int, int, str]] = {}  # eid -> span, text
    for tag, at, a, b in tags:
        if tag == "TIMEX3" and at.get("type") == "DATE":
            times[at["tid"]] = at.get("value", "")
        elif tag == "EVENT":
            events[at["eid"]] = (a, b, text[a:b])
    inst = {m.get("eiid"): m.get("eventID") for m in root.iter("MAKEINSTANCE")}
    inside: dict[str, list[str]] = {}
    before: dict[str, list[str]] = {}
    after: dict[str, list[str]] = {}
    for link in root.iter("TLINK"):
        rel = link.get("relType", "")
        ei, t = link.get("eventInstanceID"), link.get("relatedToTime")
        if ei is None or t is None:  # time -> event: the relation read from the event's side
            ei, t = link.get("relatedToEventInstance"), link.get("timeID")
            rel = {"INCLUDES": "IS_INCLUDED", "SIMULTANEOUS": "SIMULTANEOUS", "BEFORE": "AFTER",
                   "AFTER": "BEFORE", "IBEFORE": "IAFTER", "IAFTER": "IBEFORE"}.get(rel, "")
        eid = inst.get(ei)
        value = times.get(t or "")
        if eid is None or not value or not DATE_VALUE.match(value):
            continue
        for rels, into in ((INSIDE, inside), (BEFORE, before), (AFTER, after)):
            if rel in rels:
                into.setdefault(eid, []).append(value)
    return {"id": "timeml-" + path.stem, "text": text, "dct": times["t0"], "events": events,
            "inside": inside, "before": before, "after": after}


def load_articles() -> list[dict]:
    out = []
    for sub in ("timebank", "aquaint"):
        for path in sorted((TIMEML / sub).glob("*.tml")):
            if path.stem in DUPLICATE:
                continue
            art = read_article(path)
            if art is not None and DATE_VALUE.match(art["dct"]):
                out.append(art)
    return out


def judge(when: dict | None, art: dict, eid: str) -> tuple[str, str]:
    """(kind, verdict) of one mention's `when` against its EVENT's links."""
    if art["inside"].get(eid):
        kind = "dated"
        g_lo, g_hi = min((bounds(v) for v in art["inside"][eid]), key=lambda b: b[1] - b[0])
    elif art["before"].get(eid) or art["after"].get(eid):
        kind = "ordered"
    else:
        return "", ""
    if not when:
        return kind, "none"
    try:
        s_lo, s_hi = bounds(when["start"])[0], bounds(when.get("end") or when["start"])[1]
    except (ValueError, KeyError):
        return kind, "wrong"
    if kind == "dated":
        if g_lo <= s_lo and s_hi <= g_hi:
            return kind, "right"
        return kind, "coarse" if s_lo <= g_lo and g_hi <= s_hi else "wrong"
    ok = all(s_hi < bounds(v)[0] for v in art["before"].get(eid, [])) and all(
        s_lo > bounds(v)[1] for v in art["after"].get(eid, []))
    return kind, "consistent" if ok else "wrong"


def score(arts: list[dict], dossier: dict, misses: int) -> Counter:
    bodies = {d["id"]: d.get("body") for d in dossier["documents"]}
    found: dict[str, list[tuple[dict, dict]]] = {}
    for ev in dossier["events"]:
        for m in ev["mentions"]:
            found.setdefault(m["document"], []).append((m, ev))
    tally: Counter = Counter()
    shown = 0
    for art in arts:
        if bodies.get(art["id"]) != art["text"]:
            tally["text changed"] += 1
            continue
        for m, ev in found.get(art["id"], []):
            tally["mentions"] += 1
            a, b = m["evidence"]["trigger"]
            eids = [e for e, (x, y, _) in art["events"].items() if x < b and a < y]
            kind = verdict = ""
            for eid in eids:
                kind, verdict = judge(m.get("when") or ev.get("when"), art, eid)
                if kind:
                    break
            if not kind:
                tally["mentions without a dated link"] += 1
                continue
            tally[f"{kind} {verdict}"] += 1
            tally[kind] += 1
            if verdict not in ("right", "consistent") and shown < misses:
                shown += 1
                w = m.get("when") or ev.get("when")
                gold = art["inside"].get(eid) or {k: art[k].get(eid) for k in ("before", "after")}
                print(f"{verdict.upper()} {m['type']} [{art['text'][a:b]}] sys "
                      f"{w and (w['start'], w['end'])} gold {gold} dct {art['dct']} :: "
                      f"{art['text'][m['start']:m['end']]!r}")
    return tally


def report(t: Counter) -> None:
    print(f"mentions {t['mentions']} (text changed in {t['text changed']} articles); "
          f"{t['mentions'] - t['mentions without a dated link']} on an EVENT linked to a date")
    d = t["dated"]
    if d:
        print(f"dated: right {t['dated right']}/{d} ({t['dated right'] / d:.3f}); "
              f"coarse {t['dated coarse']}, wrong {t['dated wrong']}, none {t['dated none']}")
    o = t["ordered"]
    if o:
        print(f"ordered only: consistent {t['ordered consistent']}/{o} ({t['ordered consistent'] / o:.3f}); "
              f"wrong {t['ordered wrong']}, none {t['ordered none']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", type=int, default=0, help="print this many mentions not right")
    parser.add_argument("--out", type=Path, help="keep the run here (default: a temporary folder)")
    parser.add_argument("--reuse", action="store_true", help="score the dossier in --out again, run nothing")
    args = parser.parse_args()
    arts = load_articles()
    records = [{"id": a["id"], "text": a["text"], "published": a["dct"]} for a in arts]
    dossier = dossier_of(records, args.out, args.reuse)
    report(score(arts, dossier, args.misses))


if __name__ == "__main__":
    sys.exit(main())
