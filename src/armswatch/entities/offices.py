"""People named by their office alone: "the Iranian president said", "Kenya's defence minister", "the
Turkish leader met his Azerbaijani counterpart".

    office_spans(doc, spans, gaz) -> list[Span]   (PERSON spans over the title word, kb_id = entity id)

A title with no name beside it is still a person who speaks and acts, and "He added" after it stands for
that person. The title word (only: "Iranian" stays the state's own mention, so the roles still name the
state, as the contract's role slots do) is linked to
1. the holder the same report names with that title ("President Ebrahim Raisi ... the Iranian president"),
   of the same state where both are known: the person, not a second entity; else
2. the office itself, "president-of-iran" ("President of Iran", type person), where the title names its
   state. An office is not one person across years, but the text names no one, and the holder cannot be
   taken from world knowledge (who held it when is the analyst's to judge from the event's date, and a
   guessed holder would be a false name); the office is the real thing the report speaks of, one at any time,
   as the gazetteer's "Pope" is. Its id is stable across runs and reports, as the contract asks.
A title naming no state ("the president said") takes the holder or office the report named before with that
title, and is left unlinked where there is none: whose president is not the linker's guess.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from armswatch.entities.gazetteer import INSTITUTION_SEP, OFFICE_HEADS, OFFICE_QUALIFIERS, Gazetteer

# Spellings of the qualifiers (American and British)
_QUALIFIER_FORMS = {"defense": "defence", **{q: q for q in OFFICE_QUALIFIERS}}
# Titles that name no particular office alone ("the minister": which one?)
_NEEDS_QUALIFIER = frozenset({"minister", "secretary"})
# Modifiers that make the title someone else's than the office's present holder ("the former president")
_NOT_PRESENT = frozenset({"former", "late", "ex", "then", "previous", "outgoing", "incoming", "future",
                          "acting", "interim", "elected", "deposed", "ousted", "exiled"})
# "the minister of defence", "the minister for foreign affairs": the qualifier after the title
_OF_QUALIFIERS = {"defence": "defence", "defense": "defence", "interior": "interior", "finance": "finance",
                  "affairs": "foreign"}
COUNTERPART = "counterpart"
_TITLE_FORMS = frozenset({*OFFICE_HEADS, COUNTERPART, "pope"})


# The offices of a state's head, any of which "the Russian leader" may stand for
TOP_OFFICES = frozenset({"president", "prime-minister", "premier", "chancellor", "king", "queen", "emir",
                         "supreme-leader", "leader"})
# How many sentences apart a title and a holder of unknown state may be to be taken as one person
NEAR_SENTENCES = 2


@dataclass
class _Office:
    start: int  # token of the title word
    key: str  # "foreign-minister"
    country: str  # country id, "" when the title names none
    entity_id: str  # the holder's or the office's id ("" while unknown)


def is_title_form(form: str) -> bool:
    """A mention's text that is a title alone ("president", "the Pope"): never the name of its holder."""
    return form.lower().removeprefix("the ") in _TITLE_FORMS


def is_office(entity_id: str) -> bool:
    """Is the id a state's office named by its title ("president-of-iran"), whose state stands with it?"""
    key, sep, _ = entity_id.partition(INSTITUTION_SEP)
    words = key.split("-")
    return bool(sep) and words[-1] in OFFICE_HEADS and all(w in OFFICE_QUALIFIERS for w in words[:-1])


def office_key(tok: Token) -> str:
    """'foreign-minister' for the title word of "Kenya's foreign minister", "" when tok is no office's."""
    head = tok.lemma_.lower() if tok.lower_ not in OFFICE_HEADS else tok.lower_
    if head not in OFFICE_HEADS or tok.tag_ not in ("NN", "NNP"):
        return ""
    quals = []
    for c in tok.lefts:
        q = _QUALIFIER_FORMS.get(c.lower_)
        if q and c.dep_ in ("compound", "amod", "nmod") and q not in quals:
            quals.append(q)
    for p in tok.rights:
        if p.dep_ == "prep" and p.lower_ in ("of", "for"):
            for o in p.children:
                q = _OF_QUALIFIERS.get(o.lower_)
                if o.dep_ == "pobj" and q:
                    quals.append(q)
    if head in _NEEDS_QUALIFIER and not quals:
        return ""
    return "-".join([*sorted(quals, key=lambda q: q != "vice"), head])


def _country_at(doc: Doc, ids: list[str], gaz: Gazetteer, i: int) -> str:
    eid = ids[i]
    e = gaz.get(eid) if eid else None
    return eid if e is not None and e.type == "country" else ""


def _title_country(tok: Token, ids: list[str], gaz: Gazetteer, counterpart: bool = False) -> tuple[str, bool]:
    """The state a title names ("Iranian", "Iran's", "of Iran") and whether it names another kind of owner
    ("Hamas's leader", "the bank's president": no state's office; "his counterpart" is the other's)."""
    countries, other = [], False
    near = [c for c in tok.lefts if c.dep_ in ("amod", "compound", "poss", "nmod")]
    near += [o for p in tok.rights if p.dep_ == "prep" and p.lower_ == "of"
             for o in p.children if o.dep_ == "pobj"]
    for c in near:
        found = {_country_at(tok.doc, ids, gaz, t.i) for t in c.subtree if ids[t.i]}
        if counterpart and c.pos_ == "PRON":
            continue
        if "" in found or (not found and c.dep_ == "poss"):
            other = True  # a named body or person, or "its", "his": not a state we can tell
        countries += [f for f in found if f]
    uniq = list(dict.fromkeys(countries))
    return (uniq[0] if len(uniq) == 1 else ""), other or len(uniq) > 1


def _holders(doc: Doc, spans: list[Span], ids: list[str], gaz: Gazetteer) -> list[_Office]:
    """People the report names with a title before the name: "Iranian President Ebrahim Raisi",
    "Foreign Minister Wang Yi" -> (title key, state, the person)."""
    out = []
    for sp in spans:
        if not sp.kb_id_ or sp.label_ != "PERSON" or sp.start == 0:
            continue
        title = doc[sp.start - 1]
        if (sp.start >= 3 and title.lower_ in _OF_QUALIFIERS and doc[sp.start - 2].lower_ in ("of", "for")
                and office_key(doc[sp.start - 3])):
            title = doc[sp.start - 3]  # "Minister of Defense Minoru Kihara"
        key = office_key(title)
        if not key:
            continue
        country = ""
        j = title.i - 1
        while j >= 0 and doc[j].lower_ in _QUALIFIER_FORMS:
            j -= 1
        if j >= 0 and doc[j].lower_.rstrip("-") in _NOT_PRESENT:
            continue  # "former Prime Minister Ariel Sharon" holds it no more
        if j >= 0 and doc[j].text in ("'s", "\u2019s"):
            j -= 1
        if j >= 0:
            country = _country_at(doc, ids, gaz, j)
        if not country:
            e = gaz.get(sp.kb_id_)
            country = gaz.country_ids.get(e.country or "", "") if e is not None else ""
        out.append(_Office(title.i, key, country, sp.kb_id_))
    return out


def _present(tok: Token) -> bool:
    """A title of the office's holder now: with "the" or a state's possessive, not "former", "a" or "any"."""
    if any(c.lower_.rstrip("-") in _NOT_PRESENT for c in tok.lefts):
        return False
    if tok.i > 0 and tok.doc[tok.i - 1].text == "-" and tok.i > 1 and \
            tok.doc[tok.i - 2].lower_ in _NOT_PRESENT:
        return False  # "ex-president", "then-president"
    dets = [c for c in tok.children if c.dep_ in ("det", "poss")]
    return bool(dets) and all(c.dep_ == "poss" or c.lower_ in ("the", "this") for c in dets)


def _same_office(key: str, holder: str) -> bool:
    """"the Israeli leader" is the prime minister the report names; "the president" is only a president."""
    return key == holder or (key == "leader" and holder in TOP_OFFICES)


def _pick(doc: Doc, holders: list[_Office], key: str, country: str, at: int) -> str:
    """The holder (or office) of that title and state the report named nearest before, else first after; a
    holder whose state is unknown only where the report names no other holder of the title, a sentence or
    two away (in the same sentence two titles are two people: "President X met the Russian president")."""
    fits = [h for h in holders if _same_office(key, h.key) and h.entity_id and (
        h.country == country if country else True)]
    earlier = [h for h in fits if h.start < at]
    if earlier:
        return max(earlier, key=lambda h: h.start).entity_id
    if fits and country:
        return fits[0].entity_id
    same = [h for h in holders if _same_office(key, h.key) and h.entity_id]
    if not country or len({h.entity_id for h in same}) != 1 or same[0].country:
        return ""
    sents = {s.start: k for k, s in enumerate(doc.sents)}
    here, there = sents[doc[at].sent.start], sents[doc[same[0].start].sent.start]
    return same[0].entity_id if 0 < abs(here - there) <= NEAR_SENTENCES else ""


# Last words of a curated office's name that make it a title when a name follows ("United Nations
# Secretary-General Ban Ki-moon", "Pope Francis")
_TITLE_ENDINGS = frozenset({*OFFICE_HEADS, "general", "pope", "chairman", "chairwoman", "envoy", "ambassador",
                            "commissioner", "governor"})


def titles_of_names(doc: Doc, spans: list[Span], gaz: Gazetteer) -> list[Span]:
    """The spans without a curated office written as the title of the person named right after it: "UN
    Secretary-General Ban Ki-moon" is Ban Ki-moon, not the office and its holder as two entities; the
    office named alone in that report ("the Pope said", after "Pope Francis") is that holder."""
    drop = set()
    held: list[tuple[int, str, str]] = []  # (token, office id, holder id)
    for k, sp in enumerate(spans[:-1]):
        nxt = spans[k + 1]
        e = gaz.get(sp.kb_id_) if sp.kb_id_ else None
        if (e is not None and e.type in ("organization", "person", "other") and nxt.start == sp.end
                and nxt.label_ == "PERSON" and nxt.kb_id_ and nxt.kb_id_ != sp.kb_id_
                and doc[sp.end - 1].lower_ in _TITLE_ENDINGS):
            drop.add(k)
            held.append((sp.start, sp.kb_id_, nxt.kb_id_))
    if not drop:
        return spans
    out = []
    for k, sp in enumerate(spans):
        if k in drop:
            continue
        holders = [(i, h) for i, o, h in held if o == sp.kb_id_]
        if holders:
            before = [x for x in holders if x[0] < sp.start]
            holder = (max(before) if before else holders[0])[1]
            sp = Span(doc, sp.start, sp.end, label="PERSON", kb_id=holder)
        out.append(sp)
    return out


def _a_person(entity_id: str, label: str, gaz: Gazetteer) -> bool:
    e = gaz.get(entity_id) if entity_id else None
    return e.type == "person" if e is not None else label in ("PERSON", "ORG")


def office_spans(doc: Doc, spans: list[Span], gaz: Gazetteer) -> list[Span]:
    """PERSON spans over the title words of people named by their office alone (see the module's doc)."""
    if not len(doc):
        return []
    ids = [""] * len(doc)
    labels = [""] * len(doc)
    covered = [False] * len(doc)
    for sp in spans:
        for i in range(sp.start, sp.end):
            covered[i] = True
            ids[i], labels[i] = sp.kb_id_, sp.label_
    holders = _holders(doc, spans, ids, gaz)
    titles = {h.start for h in holders}
    out: list[Span] = []
    for tok in doc:
        if covered[tok.i] or tok.dep_ == "compound" or tok.i in titles:
            continue  # "President Raisi": the title of a name
        if tok.i + 1 < len(doc) and ids[tok.i + 1] and labels[tok.i + 1] == "PERSON":
            continue  # (a title the parse did not make a compound of the name)
        key = office_key(tok)
        counterpart = not key and tok.lower_ == COUNTERPART
        if not key and not counterpart:
            continue
        country, other = _title_country(tok, ids, gaz, counterpart)
        if other or not (_present(tok) or counterpart):
            continue
        # "Ebrahim Raisi, the Iranian president," / "the Iranian president, Ebrahim Raisi": that person
        # (a name the gazetteer lacks is a person there, whatever the NER model called it)
        named = [c.i for c in tok.children if c.dep_ == "appos"]
        if tok.dep_ == "appos":
            named.append(tok.head.i)
        person = next((ids[i] for i in named if _a_person(ids[i], labels[i], gaz)), "")
        if counterpart:
            # "his Azerbaijani counterpart": the same office as the title met last in the sentence, of the
            # state named with it
            mine = sorted((h for h in holders if tok.sent.start <= h.start < tok.i), key=lambda h: h.start)
            if not country or not mine or mine[-1].country == country:
                continue
            key = mine[-1].key
        eid = person or _pick(doc, holders, key, country, tok.i)
        if not eid and counterpart and key not in TOP_OFFICES:
            continue  # "his US counterpart" of a defence minister is the Secretary of Defense, not so named
            # (a head of state's or government's title is the same word everywhere)
        if not eid and country:
            eid = f"{key}{INSTITUTION_SEP}{country}"
            if gaz.get(eid) is None:
                continue
        if not eid:
            continue
        holders.append(_Office(tok.i, key, country, eid))
        out.append(Span(doc, tok.i, tok.i + 1, label="PERSON", kb_id=eid))
    return out
