"""Names that are no entities of a report, though the NER model tags them: weapon models and programmes,
laws and treaties, units, and the people and places of credit lines and authors' notes.

The spec's entities are the parties, bodies, places and ships a report speaks of (dossier contract,
Entity); a model ("Akinci drones"), a law ("the Arms Export Control Act") or a reporter ("Reporting by
...") is none of them, and an entity made of one becomes a false party of the events (a drone model as a
supplier). Used by the linker (linking.py) on the NER spans outside the gazetteer.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from armswatch.entities.gazetteer import normalise

# Units of shipping and trade that the NER model calls organisations ("a 57,000 DWT bulker")
UNITS = frozenset({"DWT", "GRT", "GT", "TEU", "TEUs", "BPD", "bpd", "MMBtu"})

# Nouns of weapons and their carriers: a name outside the gazetteer that modifies one is a model or programme
# ("Akinci drones", "a Patriot battery", "Kalibr cruise missiles", "the B-2 Spirit bomber", "Coyote
# interceptors"), an item of the report and never a party to it (the NER model calls such names ORG or PERSON)
WEAPON_NOUNS = frozenset({
    "drone", "uav", "missile", "rocket", "tank", "howitzer", "launcher", "battery", "system", "interceptor",
    "munition", "bomber", "jet", "helicopter", "gunship", "rifle", "shell", "bomb", "warhead", "radar",
    "torpedo", "mortar", "aircraft", "airframe", "warplane", "artillery", "gun", "vehicle", "variant",
})
# Designations the press writes alone ("Russia fired Shaheds at Kyiv", "supplied HIMARS"): coined names of
# weapon types in wide use since 2014 (makers' and armed forces' designations, as SIPRI's Arms Transfers
# Database and Oryx's equipment lists write them). Names that are also words or surnames ("Lancet", "Abrams",
# "Caesar") are left to the weapon-noun rule above.
WEAPON_DESIGNATIONS = frozenset(normalise(x) for x in """
Shahed | Shaheds | Shahed-136 | Shahed-131 | Shahed-238 | Geran-2 | Mohajer-6 | Akinci | Bayraktar TB2 |
TB2 | TB2s | HIMARS | ATACMS | GMLRS | NASAMS | IRIS-T | Kalibr | Iskander-M | Kinzhal | Storm Shadow |
JDAM | JDAMs | NLAW | NLAWs | Javelins | Stingers | Wing Loong | Fateh-110 | Zolfaghar | KN-23 | KN-24 |
Orlan-10 | Tornado-S | Krasukha | Pantsir | Tor-M2 | S-300 | S-400 | Leopard 2 | Leopard 1
""".replace("\n", " ").split("|"))
LAW_HEADS = frozenset({"act", "treaty", "convention", "protocol", "accord", "accords", "agreement", "charter",
                       "law", "resolution", "code", "amendment", "directive", "regulation"})


def names_a_model(doc: Doc, start: int, end: int) -> bool:
    """Do tokens start:end name a weapon's model or programme, not an actor (WEAPON_NOUNS,
    WEAPON_DESIGNATIONS)?"""
    if normalise(doc[start:end].text) in WEAPON_DESIGNATIONS:
        return True
    root = doc[start:end].root
    head = root.head
    if root.dep_ not in ("compound", "amod", "nmod", "nummod") or head.i < end \
            or head.lemma_.lower() not in WEAPON_NOUNS or doc[end - 1].lower_ in COMPANY_WORDS:
        return False
    # a maker names a model before the noun ("Lockheed Martin F-35 jets"); a model comes right before it, or
    # before its kind ("Kalibr cruise missiles", "a Lancet loitering munition")
    return all(t.is_lower or t.text == "-" for t in doc[end:head.i])


# Words that end the names of arms makers ("BAE Systems", "Rafael Advanced Defense Systems"): parties
COMPANY_WORDS = frozenset({
    "systems", "industries", "industry", "corporation", "corp", "corp.", "group", "aerospace", "defence",
    "defense", "dynamics", "technologies", "company", "holding", "holdings", "electronics", "works", "ltd",
    "ltd.", "inc", "inc.", "plc", "ag", "sa", "gmbh", "llc", "co", "co."})
# Weapon nouns that end a weapon's full name ("Naval Strike Missile"); not "Systems" and the like, which end
# makers' names
WEAPON_NAME_HEADS = WEAPON_NOUNS - {"system", "vehicle", "battery", "gun", "variant", "artillery", "aircraft"}


def is_thing_head(tok: Token) -> bool:
    return tok.lower_ in LAW_HEADS or tok.lemma_.lower() in WEAPON_NAME_HEADS


def names_a_law(doc: Doc, start: int, end: int, acronyms: set[str]) -> bool:
    """A law, treaty or resolution ("the Arms Export Control Act", "the Non-Proliferation Treaty (NPT)"), or a
    weapon named in full ("a Naval Strike Missile (NSM)", "a Joint Direct Attack Munition"): the spec's
    entities are parties, bodies, places and ships; laws are the NER model's LAW, no entity. An acronym given
    for one in brackets is that thing too (added to `acronyms`, or read off the words before the bracket)."""
    if doc[start:end].text in acronyms:
        return True
    if end - start == 1 and start >= 2 and doc[start - 1].text == "(" and doc[start].is_upper \
            and end < len(doc) and doc[end].text == ")" and is_thing_head(doc[start - 2]):
        return True  # "a Long-Range Anti-Ship Missile (LRSAM)": the NER model read only the acronym
    if end - start < 2 or not is_thing_head(doc[end - 1]) or not doc[end - 1].is_title:
        return False
    if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")" and doc[end + 1].is_upper:
        acronyms.add(doc[end + 1].text)
    return True


# Credit lines name the journalists and photographers who made the report, not its actors (the dossier's
# Document keeps the byline): "(Reporting by ...; Editing by ...)", "Additional reporting by ... in Geneva",
# "Associated Press writers ... contributed", "Thanks to ... for contributing to this post". Wire styles of
# Reuters, AP, AFP, CNN and blogs; every mention inside such a line is dropped (its places too).
CREDIT_LINE = re.compile(
    r"^\W*(?:(?:additional|further|with|and) )?(?:reporting|writing|editing|research|compiled|translation|"
    r"translated|graphics|photos?|video|produced|edited|written|reported) by\b"
    r"|\bcontributed (?:reporting|to (?:this|the) (?:report|story|article|post))\W*$"
    r"|^\W*thanks to\b.{0,80}\bfor contributing\b", re.IGNORECASE)


# An author's note closing an analysis ("Jane Roe is a senior fellow at the Institute ..."): the lines from it
# to the end speak of the writer, not of the report's parties.
AUTHOR_NOTE = re.compile(
    r"^[A-Z][\w.'\u2019-]+(?: [A-Z][\w.'\u2019-]+){1,3} (?:is|was|serves as) (?:a|an|the)\b.{0,80}?\b"
    r"(?:fellow|researcher|analyst|professor|candidate|director|editor|correspondent|journalist|reporter|writer|author|"
    r"scholar|student|lecturer|associate|chair)\b")
AUTHOR_NOTE_LAST_LINES = 3  # where an author's note stands: among the body's last lines
CREDIT_LINE_MAX = 400  # characters: a credit line is short


def credit_ranges(text: str) -> list[tuple[int, int]]:
    """(start, end) character ranges of the credit lines (CREDIT_LINE) and the closing author's note
    (AUTHOR_NOTE) of a body: the mentions inside them are no entities of the report."""
    raw = text.split("\n")
    ranges = []
    pos = 0
    starts = []
    for line in raw:
        starts.append(pos)
        if len(line) < CREDIT_LINE_MAX and CREDIT_LINE.search(line.strip()):
            ranges.append((pos, pos + len(line)))
        pos += len(line) + 1
    filled = [k for k, line in enumerate(raw) if line.strip()]
    for k in filled[-AUTHOR_NOTE_LAST_LINES:]:
        if AUTHOR_NOTE.search(raw[k].strip()):
            ranges.append((starts[k], len(text)))
            break
    return ranges
