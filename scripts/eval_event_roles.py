"""Role filling on labelled news the rules were not written from: who did it (actor), to whom (target), where.

usage: python scripts/eval_event_roles.py [--corpus rams|geneva|both] [--misses N] [--out DIR] [--reuse]

The events stage's rules were written while reading the seeds and the development reports; this measures
its roles on other text. Each passage of RAMS dev (news, one labelled event each) and each GENEVA train/dev
sentence with an event of our types goes through the whole pipeline (`armswatch analyze` on a JSON Lines
feed, the text being the article), and each gold event the pipeline also finds (an event mention of the
same type whose trigger overlaps the gold trigger) is compared role by role: a role entity is right when the
span it was read from (the mention's `evidence`) overlaps a gold argument of the same side, wrong when it
overlaps one of the other side (supplier for recipient), and unlabelled when it overlaps none (the gold
may leave an argument out, so these are counted apart, not as errors). Recall is over the gold arguments
of the trigger's own sentence that name something the pipeline can link (a capitalised word), since our
roles are entities and are taken only from the sentence that states the event (issue 10): RAMS's
arguments in neighbouring sentences are counted apart. GENEVA's test split is never read.

Places (`places` of the mention, an entity and a role) are scored against the gold place arguments: RAMS
`place` (any type) as our "location", `origin` and `destination` (transfers) as ours; GENEVA's transfer
`Goal` as destination and `Source` as origin (GENEVA labels no place of our other types). The dossier keeps
no span for a place, so a place of ours matches an argument whose text holds one of its entity's names or
aliases. Precision is over the found events whose gold labels some place: right (a place argument of the
same role), other role (origin for location...), or none of the labelled places (a wrong place, or a finer
or broader one than the gold's: "Aleppo" for "Syria" counts as wrong); places of events whose gold labels
none are counted apart. Recall is over the gold place arguments that name a place the pipeline links in
that text (a country, place or facility of the dossier whose name the argument holds), in the trigger's
sentence and, apart, in the others (RAMS's window of five sentences: the dateline, the sentence before). For
places alone, a gold event the pipeline finds by another word of its sentence (a mention of the same type
whose sentence holds the trigger) is scored too, so that more events test the place rules.

Items (the mention's `items`) are scored against the gold arguments naming what was moved or used: RAMS
`artifact` (transfers) and `instrument` (attacks), GENEVA's `Goods` and `Theme` (transfers), `Weapon` and
`Instrument` (attacks) and `Product` (weapons tests). The dossier keeps no span for an item, so an item is
placed where its text occurs in the mention's sentence (else anywhere in the text); where it occurs more
than once ("missiles"), it is right when one of them overlaps an item argument. Precision is over the
found events whose gold labels an item argument: right (the item overlaps one), or wrong; items of events
whose gold labels none are counted apart. As for places, an event found by another word of its sentence
is scored too. Recall is over the gold item arguments of the trigger's sentence
that hold something the item lexicon knows (`find_items` on the argument alone: "two tanks", not "the
property" or "information"), so it measures which event gets the item, not the lexicon; how many labelled
arguments the lexicon knows at all is printed beside it. A quantity is scored on the gold item arguments that
hold a number (digits or a number word): right when an item of ours carries a quantity whose text lies in
that argument, and a quantity of ours on a labelled event is wrong when it lies in none.

Development only: the texts are read from ../shared at run time and never stored in the project.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

from feed_run import dossier_of

ROOT = Path(__file__).resolve().parents[1]
EVENTS = ROOT.parent / "shared" / "data" / "events"

# Source roles on the actor's side and on the target's side, per our type (RAMS role names lower-case,
# GENEVA's FrameNet names as written); roles of neither side (place, instrument, artifact) are not scored.
ACTOR_ROLES = {
    "attack": {"attacker", "Assailant", "Terrorist", "Killer", "Side_1", "Agent", "Perpetrator", "Attacker"},
    "transfer": {"giver", "Supplier", "Seller", "Sender", "Offerer", "Donor", "Exporter", "Exporting_area"},
    "meeting": {"participant", "Interlocutors", "Individuals", "Speaker", "Party_1"},
    "sanction": {"preventer", "Avenger", "Agent"},
    "condemnation": {"Communicator", "Speaker", "Judge"},
    "weapons_test": {"Tester", "Agent"},
    "seizure": {"Perpetrator", "Agent", "Taker"},
    "denial": {"Speaker", "Communicator"},
    "exercise": {"Agent"},
}
TARGET_ROLES = {
    "attack": {"target", "victim", "Victim", "Side_2", "Target"},
    "transfer": {"recipient", "beneficiary", "Recipient", "Buyer", "Importer", "Importing_area"},
    "meeting": {"participant", "Interlocutors", "Individuals", "Addressee", "Party_2"},
    "sanction": {"recipient", "giver", "Offender"},
    "condemnation": {"Evaluee", "Addressee"},
    "weapons_test": set(),
    "seizure": {"Victim", "Owner"},
    "denial": set(),
    "exercise": set(),
}
SYMMETRIC = {"meeting"}
# Gold place roles as ours: (corpus, our type or "*", source role) -> our place role
PLACE_ROLES = {
    ("rams", "*", "place"): "location",
    ("rams", "transfer", "origin"): "origin",
    ("rams", "transfer", "destination"): "destination",
    ("geneva", "transfer", "Goal"): "destination",
    ("geneva", "transfer", "Source"): "origin",
}
PLACE_TYPES = frozenset({"country", "place", "facility"})
# Gold roles naming what was moved or used: (corpus, our type) -> source roles
ITEM_ROLES = {
    ("rams", "transfer"): {"artifact"},
    ("rams", "attack"): {"instrument"},
    ("geneva", "transfer"): {"Goods", "Theme"},
    ("geneva", "attack"): {"Weapon", "Instrument"},
    ("geneva", "weapons_test"): {"Product"},
}
# a count: not a designator's digits ("M-11", "Shehab-3"), nor a share ("20%", "98 percent")
NUMBER = re.compile(
    r"(?:(?<![\w/-])\d[\d,.]*(?![\w/-])(?!\s*(?:%|per\s*cent|percent))|\b(?:one|two|three|four|five|six|"
    r"seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundreds?|thousands?|millions?|"
    r"billions?|dozens?|a pair|scores)\b)", re.IGNORECASE)


def load_items(corpus: str) -> list[dict]:
    items: list[dict] = []
    if corpus in ("rams", "both"):
        for line in (EVENTS / "rams-dev.jsonl").read_text(encoding="utf-8").splitlines():
            d = json.loads(line)
            events = [e for e in d["events"] if e["type"]]
            if events:
                items.append({"id": "rams-" + d["id"][-24:], "text": d["text"], "events": events,
                              "sentences": d["sentence_starts"], "corpus": "rams"})
    if corpus in ("geneva", "both"):
        for line in (EVENTS / "geneva.jsonl").read_text(encoding="utf-8").splitlines():
            d = json.loads(line)
            if d.get("split") == "test":
                continue  # the independent check: never read here
            events = [e for e in d["events"] if e["type"]]
            if events:
                items.append({"id": "geneva-" + d["id"], "text": d["text"], "events": events,
                              "sentences": [0], "corpus": "geneva"})
    return items


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def sentence_of(starts: list[int], offset: int) -> int:
    return max(i for i, s in enumerate(starts) if s <= offset) if starts else 0


def place_role(corpus: str, etype: str, role: str) -> str | None:
    return PLACE_ROLES.get((corpus, etype, role)) or PLACE_ROLES.get((corpus, "*", role))


def entity_names(dossier: dict) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Each entity's names (name and aliases, lower-case) and, per document, its place entities."""
    names: dict[str, list[str]] = {}
    places_in: dict[str, list[str]] = {}
    for e in dossier["entities"]:
        names[e["id"]] = [n.lower() for n in [e["name"], *e.get("aliases", [])] if len(n) >= 3]
        if e["type"] in PLACE_TYPES:
            for d in e.get("documents", []):
                places_in.setdefault(d, []).append(e["id"])
    return names, places_in


def names_in(names: list[str], text: str) -> bool:
    text = text.lower()
    return any(n in text for n in names)


def score_places(it: dict, g: dict, m: dict, t: Counter, names: dict[str, list[str]],
                 linkable: list[str], shown: list[int], misses: int) -> None:
    """One found event's places against its gold place arguments (see the module's notes)."""
    gold = [(a, r) for a in g["arguments"] if (r := place_role(it["corpus"], g["type"], a["role"]))]
    ours = [(p["entity"], p["role"]) for p in m.get("places") or []]
    text, trig = it["text"], (g["trigger_start"], g["trigger_end"])
    for ent, role in ours:
        if not gold:
            t["place unlabelled"] += 1
            continue
        hit = [r for a, r in gold if names_in(names.get(ent, []), a["text"])]
        if role in hit:
            t["place right"] += 1
        elif hit:
            t["place other role"] += 1
        else:
            t["place wrong"] += 1
            if shown[0] < misses:
                shown[0] += 1
                print(f"WRONG place {g['type']} [{g['trigger']}] {ent} ({role}); gold "
                      f"{[(a['text'], r) for a, r in gold]} :: {text[max(0, trig[0] - 150):trig[1] + 150]}")
    sent = sentence_of(it["sentences"], trig[0])
    for a, role in gold:
        if not any(names_in(names.get(e, []), a["text"]) for e in linkable):
            continue  # nothing the pipeline links there ("the area", "a village")
        where = "" if sentence_of(it["sentences"], a["start"]) == sent else " elsewhere"
        t[f"place gold{where}"] += 1
        if any(r == role and names_in(names.get(e, []), a["text"]) for e, r in ours):
            t[f"place gold{where} found"] += 1
        elif shown[0] < misses:
            shown[0] += 1
            print(f"MISSED place{where} {g['type']} [{g['trigger']}] {a['text']!r} ({role}); ours {ours} :: "
                  f"{text[max(0, trig[0] - 150):trig[1] + 150]}")


def _lexicon_items(text: str) -> bool:
    from armswatch.events.items import find_items  # the package under test; imported late for --help

    return bool(find_items(text))


def _located(needle: str, text: str, sentence: tuple[int, int]) -> list[tuple[int, int]]:
    """Where an item's or quantity's text may lie: each place in the mention's sentence, else in the text."""
    if not needle:
        return []
    for lo, hi in (sentence, (0, len(text))):
        found = [(m.start(), m.end()) for m in re.finditer(re.escape(needle), text[lo:hi])]
        if found:
            return [(a + lo, b + lo) for a, b in found]
    return []


def _within(places: list[tuple[int, int]], arg: dict) -> bool:
    return any(arg["start"] <= a and b <= arg["end"] for a, b in places)


def score_items(it: dict, g: dict, m: dict, t: Counter, shown: list[int], misses: int) -> None:
    """One found event's items and quantities against its gold item arguments (see the module's notes)."""
    roles = ITEM_ROLES.get((it["corpus"], g["type"]))
    if roles is None:
        return
    text, trig = it["text"], (g["trigger_start"], g["trigger_end"])
    gold = [a for a in g["arguments"] if a["role"] in roles]
    sentence = (m["start"], m["end"])
    ours = []
    for item in m.get("items") or []:
        where = _located(item["text"], text, sentence)
        q = item.get("quantity")
        qwhere = _located(q["text"], text, sentence) if q else []
        ours.append((item, where, q, qwhere))
    context = text[max(0, trig[0] - 150):trig[1] + 150]
    for item, where, q, qwhere in ours:
        if not gold:
            t["item unlabelled"] += 1
            continue
        hit = any(overlaps(w, (a["start"], a["end"])) for w in where for a in gold)
        t["item right" if hit else "item wrong"] += 1
        if not hit and shown[0] < misses:
            shown[0] += 1
            print(f"WRONG item {g['type']} [{g['trigger']}] {item['text']!r} ({item['category']}); gold "
                  f"{[a['text'] for a in gold]} :: {context}")
        if q:
            counted = [a for a in gold if NUMBER.search(a["text"])]
            qhit = any(_within(qwhere, a) for a in counted)
            t["quantity right" if qhit else "quantity wrong"] += 1
    sent = sentence_of(it["sentences"], trig[0])
    for a in gold:
        if sentence_of(it["sentences"], a["start"]) != sent:
            t["item gold elsewhere"] += 1
            continue
        t["item labelled"] += 1
        if not _lexicon_items(a["text"]):
            continue  # "the property", "information": nothing the lexicon names
        t["item gold"] += 1
        arg = (a["start"], a["end"])
        mine = [(item, q, qw) for item, w, q, qw in ours if any(overlaps(x, arg) for x in w)]
        if mine:
            t["item gold found"] += 1
        elif shown[0] < misses:
            shown[0] += 1
            print(f"MISSED item {g['type']} [{g['trigger']}] {a['text']!r} ({a['role']}); ours "
                  f"{[i['text'] for i, *_ in ours]} :: {context}")
        if NUMBER.search(a["text"]):
            t["quantity gold"] += 1
            if any(q and _within(qw, a) for _, q, qw in mine):
                t["quantity gold found"] += 1
            elif shown[0] < misses:
                shown[0] += 1
                print(f"MISSED quantity {g['type']} [{g['trigger']}] {a['text']!r}; ours "
                      f"{[(i['text'], q and q['text']) for i, q, _ in mine]} :: {context}")


def score(items: list[dict], dossier: dict, misses: int) -> dict[str, Counter]:
    bodies = {d["id"]: d.get("body") for d in dossier["documents"]}
    names, places_in = entity_names(dossier)
    shown_places, shown_items = [0], [0]
    mentions: dict[str, list[dict]] = {}
    for ev in dossier["events"]:
        for m in ev["mentions"]:
            mentions.setdefault(m["document"], []).append(m)
    tally: dict[str, Counter] = {}
    shown = 0
    for it in items:
        if bodies.get(it["id"]) != it["text"]:
            tally.setdefault("all", Counter())["text changed"] += 1
            continue
        for g in it["events"]:
            t = tally.setdefault(g["type"], Counter())
            t["gold events"] += 1
            trig = (g["trigger_start"], g["trigger_end"])
            found = [m for m in mentions.get(it["id"], [])
                     if m["type"] == g["type"] and overlaps(tuple(m["evidence"]["trigger"]), trig)]
            if not found:
                # places only: a mention of the type in the trigger's sentence (another trigger word
                # of one event: "the launch took place ..."), so that more events test the place rules
                near = [m for m in mentions.get(it["id"], [])
                        if m["type"] == g["type"] and m["start"] <= trig[0] < m["end"]]
                if near:
                    t["found in sentence"] += 1
                    score_places(it, g, near[0], t, names, places_in.get(it["id"], []), shown_places, misses)
                    score_items(it, g, near[0], t, shown_items, misses)
                continue
            t["found"] += 1
            sent = sentence_of(it["sentences"], trig[0])
            sides = {"actor": ACTOR_ROLES.get(g["type"], set()), "target": TARGET_ROLES.get(g["type"], set())}
            m = found[0]
            score_places(it, g, m, t, names, places_in.get(it["id"], []), shown_places, misses)
            score_items(it, g, m, t, shown_items, misses)
            evidence = {side: list((m["evidence"].get(side) or {}).values()) for side in sides}
            if g["type"] in SYMMETRIC:  # participants: one side, ours and theirs
                sides = {"actor": sides["actor"] | sides["target"], "target": set()}
                evidence = {"actor": evidence["actor"] + evidence["target"], "target": []}
            args = {side: [a for a in g["arguments"] if a["role"] in roles] for side, roles in sides.items()}
            for side in ("actor", "target"):
                other = "target" if side == "actor" else "actor"
                spans = evidence[side]
                # our roles: right / wrong side / unlabelled
                for sp in spans:
                    if any(overlaps(tuple(sp), (a["start"], a["end"])) for a in args[side]):
                        t[f"{side} right"] += 1
                    elif any(overlaps(tuple(sp), (a["start"], a["end"])) for a in args[other]):
                        t[f"{side} wrong side"] += 1
                        if shown < misses:
                            shown += 1
                            print(f"WRONG {side} {g['type']} [{g['trigger']}] {it['text'][sp[0]:sp[1]]!r} :: "
                                  f"{it['text'][max(0, trig[0] - 150):trig[1] + 150]}")
                    else:
                        t[f"{side} unlabelled"] += 1
                # gold arguments: found or missed (same sentence, named), or in another sentence
                for a in args[side]:
                    if not any(ch.isupper() for ch in a["text"]):
                        continue  # "civilians", "opponents": our roles are entities
                    if sentence_of(it["sentences"], a["start"]) != sent:
                        t[f"{side} gold elsewhere"] += 1
                        continue
                    t[f"{side} gold"] += 1
                    if any(overlaps(tuple(sp), (a["start"], a["end"])) for sp in spans):
                        t[f"{side} gold found"] += 1
                    elif shown < misses:
                        shown += 1
                        print(f"MISSED {side} {g['type']} [{g['trigger']}] {a['text']!r} ({a['role']}) :: "
                              f"{it['text'][max(0, trig[0] - 150):trig[1] + 150]}")
    return tally


def report(tally: dict[str, Counter]) -> None:
    total: Counter = Counter()
    for t in tally.values():
        total.update(t)
    for name, t in [*sorted(tally.items()), ("all", total)]:
        if not t.get("gold events"):
            continue
        cells = [f"{name:13s} found {t['found']}/{t['gold events']}"]
        for side in ("actor", "target"):
            right, wrong, unl = t[f"{side} right"], t[f"{side} wrong side"], t[f"{side} unlabelled"]
            p = right / (right + wrong) if right + wrong else float("nan")
            r = t[f"{side} gold found"] / t[f"{side} gold"] if t[f"{side} gold"] else float("nan")
            cells.append(f"{side}: P {p:.3f} (right {right}, wrong side {wrong}, unlabelled {unl}) "
                         f"R {r:.3f} ({t[f'{side} gold found']}/{t[f'{side} gold']}; "
                         f"{t[f'{side} gold elsewhere']} in other sentences)")
        print(" | ".join(cells))
        report_places(t)
        report_items(t)


def report_places(t: Counter) -> None:
    right, other, wrong = t["place right"], t["place other role"], t["place wrong"]
    unl = t["place unlabelled"]
    near = (t["place gold found"], t["place gold"])
    far = (t["place gold elsewhere found"], t["place gold elsewhere"])
    if not right + other + wrong + unl + near[1] + far[1]:
        return
    p = right / (right + other + wrong) if right + other + wrong else float("nan")
    r = (near[0] + far[0]) / (near[1] + far[1]) if near[1] + far[1] else float("nan")
    print(f"{'':13s} places of {t['found'] + t['found in sentence']} events: P {p:.3f} (right {right}, "
          f"other role {other}, wrong {wrong}, unlabelled {unl}) R {r:.3f} ({near[0] + far[0]}/"
          f"{near[1] + far[1]}: {near[0]}/{near[1]} in the trigger's sentence, {far[0]}/{far[1]} in others)")


def report_items(t: Counter) -> None:
    right, wrong, unl = t["item right"], t["item wrong"], t["item unlabelled"]
    if not right + wrong + unl + t["item labelled"]:
        return
    p = right / (right + wrong) if right + wrong else float("nan")
    r = t["item gold found"] / t["item gold"] if t["item gold"] else float("nan")
    qr, qw = t["quantity right"], t["quantity wrong"]
    qp = qr / (qr + qw) if qr + qw else float("nan")
    qrec = t["quantity gold found"] / t["quantity gold"] if t["quantity gold"] else float("nan")
    print(f"{'':13s} items: P {p:.3f} (right {right}, wrong {wrong}, unlabelled {unl}) R {r:.3f} "
          f"({t['item gold found']}/{t['item gold']} the lexicon knows, of {t['item labelled']} in the "
          f"trigger's sentence; {t['item gold elsewhere']} in others) | quantities: P {qp:.3f} "
          f"({qr}/{qr + qw}) R {qrec:.3f} ({t['quantity gold found']}/{t['quantity gold']})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=("rams", "geneva", "both"), default="both")
    parser.add_argument("--misses", type=int, default=0, help="print this many wrong and missed roles")
    parser.add_argument("--out", type=Path, help="keep the run here (default: a temporary folder)")
    parser.add_argument("--reuse", action="store_true", help="score the dossier in --out again, run nothing")
    args = parser.parse_args()
    items = load_items(args.corpus)
    records = [{"id": it["id"], "text": it["text"], "published": "2016-06-01"} for it in items]
    dossier = dossier_of(records, args.out, args.reuse)
    for corpus in ("rams", "geneva"):
        part = [it for it in items if it["corpus"] == corpus]
        if part:
            print(f"== {corpus} ({len(part)} texts)")
            report(score(part, dossier, args.misses))


if __name__ == "__main__":
    sys.exit(main())
