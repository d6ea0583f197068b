"""Linking rules: every entity span of a spaCy Doc -> one canonical entity id (``Span.kb_id_``).

The rules run per document over the spans the gazetteer matcher and the statistical NER found:
gazetteer hits win over overlapping NER spans (longest hit first); titles, honorifics, determiners and
possessives are trimmed; seats of power are the government unless the text means the place ("in Pyongyang");
demonyms link to their country; short forms link to the full name given earlier in the same report; aliases
that need context ("the North") link only where the report is about the peninsula; romanisation variants
are matched by a transliteration key and rapidfuzz; entities not in the gazetteer keep an id from their
normalised name. Mentions found only in lines that are not prose (menus, share bars, teasers) are dropped.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from spacy.tokens import Doc, Span, Token

from armswatch.entities import geocode
from armswatch.entities.gazetteer import (
    DIRECTION_WORDS,
    INSTITUTION_SEP,
    Gazetteer,
    GazetteerEntry,
    normalise,
    slug,
    translit_key,
)
from armswatch.entities.notnames import UNITS, credit_ranges, names_a_law, names_a_model
from armswatch.entities.offices import office_spans, titles_of_names
from armswatch.entities.orgnames import find_org_names
from armswatch.entities.shortnames import link_acronyms, link_name_tails
from armswatch.entities.vessels import SHIP_CLASSES, VESSELS_ATTR, ShipMention, VesselFacts, find_vessels

HITS_ATTR = "armswatch_hits"  # Doc extension set by the gazetteer matcher: [(start, end, phrase)]
INSTITUTION_PREFIX = "\x00inst:"  # matcher key of a generic institution form ("Foreign Ministry")
SURNAME_PREFIX = "\x00surname:"  # matcher key of a distinctive surname ("Lavrov"), linked only as a name

# NER labels that name entities an analyst tracks; dates, quantities, laws, works, languages are not entities.
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT"})
TYPE_TO_LABEL = {"country": "GPE", "place": "GPE", "facility": "FAC", "organization": "ORG",
                 "armed_group": "ORG", "person": "PERSON", "vessel": "VESSEL", "other": "MISC"}
LABEL_TO_TYPE = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place",
                 "FAC": "facility", "VESSEL": "vessel", "PRODUCT": "vessel"}
# Words of titles and roles written before a name ("Secretary of State Antony Blinken", "Mr Lavrov").
_TITLES = """
mr mr. mrs mrs. ms ms. miss dr dr. sir dame lord lady president vice prime minister ministers foreign
defence defense secretary state general gen gen. lt lt. lieutenant colonel col col. admiral adm adm.
chairman chairwoman chair leader supreme ambassador spokesman spokeswoman spokesperson senator sen sen. rep
rep. representative governor gov gov. king queen prince princess crown sheikh comrade marshal premier
chancellor director commander chief deputy first envoy special under undersecretary national security
adviser advisor unification of the press officer official ayatollah captain capt capt. major maj maj.
sergeant former acting senior brig brig. sgt sgt. spc spc. cpl cpl. pvt pvt. warrant staff master petty
"""
TITLE_WORDS = frozenset(_TITLES.split())
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
STANCE_PREFIXES = frozenset({"pro", "anti"})  # written with a hyphen before a name ("pro-Houthi")
# Prepositions after which a capital means the place, not its government ("talks in Pyongyang").
LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside", "around", "into", "via", "toward", "towards",
                            "across", "within", "inside", "through", "throughout", "above", "over", "off"})
MOVEMENT_LEMMAS = frozenset({"visit", "trip", "travel", "fly", "flight", "return", "arrive", "journey", "go",
                             "come", "head", "move", "route", "voyage", "sail", "drive", "ship", "transport"})
SHIP_WORDS = frozenset({
    "ship", "ships", "vessel", "vessels", "tanker", "tankers", "freighter", "freighters", "carrier",
    "carriers", "boat", "boats", "cargo", "mv", "m/v", "bulker", "dhow", "dhows", "destroyer", "destroyers",
    "frigate", "frigates", "warship", "warships", "cruiser", "cruisers", "corvette", "corvettes",
    "submarine", "submarines",
})
# Prefixes of navies' ship names ("USS Mason", "HMS Diamond") and the state whose navy each stands for: a
# name that starts with one is a ship.
NAVY_OF_PREFIX = {"USS": "united-states", "HMS": "united-kingdom", "HMAS": "australia", "HMCS": "canada",
                  "HMNZS": "new-zealand", "INS": "india", "RFS": "russia", "ROKS": "south-korea"}
NAVAL_PREFIXES = frozenset(NAVY_OF_PREFIX)
# Institutions that name no one until their country is given ("the Foreign Ministry").
GENERIC_INSTITUTIONS = frozenset(normalise(x.strip()) for x in """
Foreign Ministry | Defence Ministry | Defense Ministry | Ministry of Defence | Ministry of Defense |
Ministry of Foreign Affairs | Foreign Affairs Ministry | Interior Ministry | Finance Ministry |
Justice Ministry | Trade Ministry | Ministry | Government | Cabinet | Parliament | National Assembly
| Congress | Senate | Army | Navy | Air Force | Coast Guard | Military | Joint Chiefs of Staff | JCS
| Presidential Office | Presidential office | Defence Department | Defense Department | Department |
Agency | Council | Security Council | General Staff | Embassy | Administration | Treasury |
Intelligence | Foreign Office | Unification Ministry | Armed Forces | Navy's | Ministry of National
Defense | Ministry of National Defence | Defence Forces | Defense Forces
""".replace("\n", " ").split("|"))
# Fuzzy matching of names not found exactly: 90 keeps one-letter variants of names of 8+ letters
# (Zelenskyy/Zelenskiy) and rejects different names sharing a stem; set on hand-written variant pairs.
FUZZY_CUTOFF = 90
FUZZY_MIN_LEN = 6
# A line is prose when it ends like a sentence or is long; share bars, menus and teasers are neither.
PROSE_MIN_WORDS = 12
SENTENCE_END = (".", "!", "?", ":", ";", '"', "\u201d", "'", "\u2019", ")")


@dataclass
class EntityMention:
    """One surface form in one document's body."""

    entity_id: str
    text: str
    start: int  # character offsets in the document body
    end: int
    imo: str | None = None  # a vessel's IMO number as the report states it (check digit verified)
    flag: str | None = None  # a vessel's flag as the report states it (ISO 3166 alpha-2)
    former: bool = False  # a vessel's past name ("formerly known as ...")


@dataclass
class _Cand:
    start: int  # token offsets
    end: int
    label: str
    entity_id: str = ""
    from_gazetteer: bool = False
    phrase: str = ""
    forced_id: str = ""  # id fixed when the hit was made (a country's institution)
    name: str = ""  # canonical name proposed for an entity not in the gazetteer
    unknown: bool = False  # id made from the name: not in the gazetteer
    by_form: bool = False  # a name found by its form and cues (orgnames.py), not by the NER


def trim_span(doc: Doc, start: int, end: int, label: str) -> tuple[int, int]:
    """Drop determiners, titles (for people), possessives and punctuation from a span's edges."""
    while start < end and (doc[start].is_punct or doc[start].lower_ in DETERMINERS):
        start += 1
    if end - start > 2 and doc[start].lower_ in STANCE_PREFIXES and doc[start + 1].text == "-":
        start += 2  # "a pro-Muslim Brotherhood channel", "anti-Kremlin": the body named is the Brotherhood
    if label == "PERSON":  # titles, and a rank's grade number ("Chief Warrant Officer 4 Jane Roe")
        while end - start > 1 and (doc[start].lower_ in TITLE_WORDS or doc[start].like_num):
            start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in ("'s", "\u2019s", "'")):
        end -= 1
    return start, end


def is_noise(text: str) -> bool:
    """Spans that cannot be an entity: no capital letter, too short, links, handles, numbers."""
    caseless = any(c.isalpha() and not c.isupper() and not c.islower() for c in text)  # Hangul, Chinese
    if len(text) < 2 or not (caseless or any(c.isupper() for c in text)) or not any(c.isalpha()
                                                                                   for c in text):
        return True
    if text in TIME_ZONES or text in UNITS:  # "6:30 p.m. local time (0930 GMT)", "a 57,000 DWT bulker"
        return True
    return any(m in text for m in ("@", "http", "www.", "#", "/"))


TIME_ZONES = frozenset({"GMT", "UTC", "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "CET", "CEST",
                        "EET", "EEST", "BST", "KST", "JST", "MSK", "IST", "AST", "HKT", "SGT"})


def _looks_like_name(doc: Doc, c: _Cand) -> bool:
    """An NER span outside the gazetteer is kept only if it reads as a name: not titles alone ("State" of
    "Secretary of State"), and a proper noun or acronym rather than a capitalised common word ("Historic")."""
    tokens = [t for t in doc[c.start:c.end] if t.is_alpha]
    if not tokens or all(t.lower_ in TITLE_WORDS for t in tokens):
        return False
    return any(t.pos_ == "PROPN" or (t.is_upper and len(t) > 1) for t in tokens)


# Dependencies of a noun phrase standing on its own (not modifying another noun)
NOMINAL_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "appos", "conj", "attr"})

# Nouns of a kind of place, whose name-modifier is that place's name
PLACE_KIND_NOUNS = frozenset({"city", "town", "village", "camp", "district", "province", "region", "oblast",
                              "governorate", "county", "port", "harbour", "harbor", "crossing", "border",
                              "suburb", "neighbourhood", "neighborhood", "outskirts", "airport", "strait",
                              "peninsula", "coast", "area", "valley"})


def is_locative(doc: Doc, i: int, lists: bool = False) -> bool:
    """Does the token at i stand as a place ("in Pyongyang", "a trip to Moscow", "Seoul-based")? With `lists`,
    a name listed after one that does stands as it does ("flights to Doha, Dubai and Beirut"): for a seat of
    power the gazetteer holds, not for a name the NER model read as a person ("in Becker, Clay, Douglas")."""
    if i + 2 < len(doc) and doc[i + 1].text == "-" and doc[i + 2].lower_ in ("based", "bound"):
        return True
    if doc[i].dep_ == "compound" and doc[i].head.lemma_.lower() in PLACE_KIND_NOUNS | {"time"}:
        return True  # "the Rafah camp", "the Kherson region", "the Kerch strait", "4 p.m. (Sanaa time)"
    first = doc[i]
    while lists and first.dep_ == "conj" and first.head.i < first.i:
        first = first.head
    if first.i != i:  # "flights to Doha, Dubai and Beirut": a list's names stand as its first one does
        return is_locative(doc, first.i)
    if i == 0:
        return False
    prev = doc[i - 1]
    if prev.lower_ == "at" and _addressed_at(prev.head):
        return False  # "lashed out at Budapest", "took a swipe at Kyiv": the government is addressed
    if prev.lower_ in LOCATIVE_PREPS:
        return True
    if prev.lower_ in ("to", "from"):
        return prev.head.lemma_.lower() in MOVEMENT_LEMMAS
    if prev.lower_ == "of" and prev.head.lemma_.lower() in PLACE_KIND_NOUNS:
        return True  # "the town of Goma", "the outskirts of Gao"
    tok = doc[i]
    while tok.dep_ in ("compound", "flat") and tok.head.i > tok.i and tok.head.pos_ == "PROPN":
        tok = tok.head  # "shelled El Fasher": the name's last word stands in the clause
    head = tok.head if tok.dep_ in ("dobj", "compound", "flat") else None
    return head is not None and head.dep_ != "compound" and head.lemma_.lower() in (GROUND_TAKING_LEMMAS
                                                                                   | LEAVING_LEMMAS)


# Verbs whose object is ground taken or struck ("rebels seized Goma", "shelled Rafah"): a name there that
# the gazetteer holds as a city is the city, whoever the NER model takes it for
GROUND_TAKING_LEMMAS = frozenset({"capture", "seize", "retake", "recapture", "overrun", "storm", "besiege",
                                  "shell", "bomb", "bombard", "encircle", "liberate", "occupy", "invade",
                                  "enter"})


# Verbs whose object is a place left ("flights departing London", "fled Khartoum")
LEAVING_LEMMAS = frozenset({"depart", "leave", "flee", "evacuate"})


# Verbs and nouns whose "at" names whom words are aimed at, not where (CAMEO 111 "hit out at", "rail at")
ADDRESSED_AT_LEMMAS = frozenset({"rail", "swipe", "jab", "snap", "dig", "barb", "blast"})


def _addressed_at(head: Token) -> bool:
    return head.lemma_.lower() in ADDRESSED_AT_LEMMAS or (
        head.pos_ == "VERB" and any(c.dep_ == "prt" and c.lower_ == "out" for c in head.children))


def _sentence_words(doc: Doc, start: int) -> set[str]:
    sent = doc[start].sent if doc.has_annotation("SENT_START") else doc[:]
    return {t.lower_ for t in sent}


def choose_by_context(doc: Doc, start: int, ids: Sequence[str], gaz: Gazetteer,
                      doc_words: Callable[[], set[str]]) -> str:
    """Among entities sharing an alias, the one whose context words occur in the sentence, else the report
    (`doc_words`: the report's lower-cased words, built on first need: few hits are ambiguous)."""
    if len(ids) == 1:
        return ids[0]
    entries = [gaz.get(i) for i in ids]
    for words in (_sentence_words(doc, start), doc_words()):
        for e in entries:
            if e is not None and words.intersection(e.context):
                return e.id
    return ids[0]


def _named_as_a_ship(doc: Doc, start: int, end: int) -> bool:
    """ "the tanker Saviz", "a North Korean ship, the Rye Song Gang 1", "Maria, a Russian vessel": a name
    the parse ties to a ship noun (the NER model calls ship names organisations or people)."""
    if start > 0 and doc[start - 1].lower_ in SHIP_WORDS:
        return True
    if doc[start].text in NAVAL_PREFIXES and end > start + 1:
        return True
    root = doc[start:end].root
    if root.dep_ == "appos" and root.head.lower_ in SHIP_WORDS:
        return True
    return any(c.dep_ == "appos" and c.lower_ in SHIP_WORDS for c in root.children)


def _has_ship_word(doc: Doc, start: int) -> bool:
    return bool(_sentence_words(doc, start) & SHIP_WORDS)


def resolve_hit(doc: Doc, c: _Cand, gaz: Gazetteer, doc_words: Callable[[], set[str]]) -> str:
    """Entity id of a gazetteer phrase hit, or '' when its conditions fail (a vessel name with no ship)."""
    if c.forced_id:
        return c.forced_id
    ids = gaz.phrases.get(c.phrase, [])
    if not ids:
        return ""
    if c.phrase in gaz.vessel_phrases and not _has_ship_word(doc, c.start):
        return ""
    if c.phrase in gaz.metonyms:
        gov, place = gaz.metonyms[c.phrase]
        return place if place and is_locative(doc, c.start, lists=True) else gov
    return choose_by_context(doc, c.start, ids, gaz, doc_words)


def _label_for(gaz: Gazetteer, entity_id: str, phrase: str) -> str:
    if phrase in gaz.demonyms and gaz.demonyms[phrase] == entity_id:
        return "NORP"
    e = gaz.get(entity_id)
    return TYPE_TO_LABEL.get(e.type, "MISC") if e else "MISC"


def _fuzzy_pools(gaz: Gazetteer) -> dict[str, dict[str, str]]:
    """normalised alias -> id, per NER label family, for rapidfuzz (built once per gazetteer)."""
    cached = getattr(gaz, "_fuzzy_pools", None)
    if cached is not None:
        return cached
    groups = {"PERSON": {"person"}, "ORG": {"organization", "armed_group"},
              "GPE": {"country", "place", "facility"}, "LOC": {"place", "facility"},
              "FAC": {"facility", "place"}}
    pools: dict[str, dict[str, str]] = {k: {} for k in groups}
    for key, ids in gaz.keys.items():
        if len(key) < FUZZY_MIN_LEN:
            continue
        for label, types in groups.items():
            e = gaz.get(ids[0])
            if e is not None and e.type in types:
                pools[label].setdefault(key, ids[0])
    object.__setattr__(gaz, "_fuzzy_pools", pools)
    return pools


def lookup_name(text: str, label: str, gaz: Gazetteer) -> str:
    """Gazetteer id for a name the phrase matcher missed: exact key, demonym, short name, city, fuzzy."""
    key = normalise(text)
    ids = gaz.keys.get(key)
    if ids and label == "PERSON":  # a person is never a town of the same name ("Mr. Clinton")
        ids = [i for i in ids if (e := gaz.get(i)) is None or e.type != "place"]
    if ids:
        return ids[0]
    if label == "NORP":
        return gaz.demonyms.get(text, "") or geocode.region_demonym(text, gaz)
    if text.endswith(".") and text[:-1] in geocode.US_STATE_ABBREVIATIONS:
        return ""  # "Va." is Virginia after a city (geocode pass), never the town of Wa
    if label in ("GPE", "LOC", "FAC") and (key in gaz.region_keys or key in gaz.city_keys):
        return (gaz.region_keys.get(key) or gaz.city_keys[key])[0]
    if label not in ("PERSON", "ORG", "GPE", "LOC", "FAC") or len(key) < FUZZY_MIN_LEN:
        return ""
    tids = gaz.translit.get(translit_key(text))
    if tids and label == "PERSON":  # "Mr Cameron", spelt nearly like Cameroon, is still a person
        tids = [i for i in tids if (e := gaz.get(i)) is None or e.type != "country"]
    if tids:
        return tids[0]
    pool = _fuzzy_pools(gaz)[label]
    hit = process.extractOne(key, pool.keys(), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    if hit and hit[0][:1] == key[:1]:
        if label == "PERSON" and hit[0].split()[-1] != key.split()[-1]:
            return ""  # a misspelt first name is the same person; another surname is another person (Putilin)
        return pool[hit[0]]
    return ""


POSSESSIVE_TOKENS = frozenset({"'s", "\u2019s", "'", "\u2019"})


def institution_hits(doc: Doc, hits: list[tuple[int, int, str]],
                     gaz: Gazetteer) -> list[tuple[int, int, str, str]]:
    """A generic institution next to a country qualifier: "Russia's Foreign Ministry", "the South Korean
    navy", "the Foreign Ministry in Seoul", "Ministry of Defence of Ukraine" -> (start, end, '', its id)."""
    forms = [(s, e, k[len(INSTITUTION_PREFIX):]) for s, e, k in hits if k.startswith(INSTITUTION_PREFIX)]
    if not forms:
        return []
    ends: dict[int, list[tuple[int, str]]] = {}
    starts: dict[int, list[tuple[int, str]]] = {}
    for s, e, k in hits:
        if not k.startswith(INSTITUTION_PREFIX):
            country = gaz.country_of(k)
            if country:
                ends.setdefault(e, []).append((s, country))
                starts.setdefault(s, []).append((e, country))
    out = []
    for s, e, form in forms:
        if doc[e - 1].pos_ == "ADJ":
            continue  # "military cooperation": an attribute, not the body
        key = gaz.institution_forms[form]
        poss = s > 0 and doc[s - 1].lower_ in POSSESSIVE_TOKENS
        before = ends.get(s) or (ends.get(s - 1) if poss else None)
        if before:
            qs, country = min(before)  # the longest qualifier
            if qs > 0 and doc[qs - 1].text in ("-", "\u2013"):
                continue  # "North Korea-Russia military ...": a pair of states, not one state's body
            out.append((qs, e, "", gaz.institution_of(key, country)))
            continue
        if e < len(doc) and (doc[e].lower_ == "of" or (doc[e].lower_ == "in" and key != "embassy")):
            after = starts.get(e + 1)
            if after:
                qe, country = max(after)
                out.append((s, qe, "", gaz.institution_of(key, country)))
                continue
        if s > 1 and doc[s - 1].lower_ in ("and", "or", ","):
            # "U.S. Army and Air Force personnel", "Russia's army and navy": the state of the body before
            country = _state_body_before(s - 1, hits, out, gaz)
            if country:
                out.append((s, e, "", gaz.institution_of(key, country)))
    return out


def _state_body_before(end: int, hits: list[tuple[int, int, str]], found: list[tuple[int, int, str, str]],
                       gaz: Gazetteer) -> str:
    """Country id of the state body (a country's institution, found or curated) that ends at token `end`."""
    ids = [eid for _, e, _, eid in found if e == end]
    ids += [i for _, e, k in hits if e == end and not k.startswith(INSTITUTION_PREFIX)
            for i in gaz.phrases.get(k, [])[:1]]
    bodies = set(gaz.institution_ids.values())
    for eid in ids:
        entry = gaz.get(eid)
        if entry is not None and entry.type == "organization" and entry.country and (
                eid in bodies or INSTITUTION_SEP in eid):
            return gaz.country_ids.get(entry.country, "")
    return ""


def _select_spans(doc: Doc, hits: list[tuple[int, int, str]], gaz: Gazetteer) -> list[_Cand]:
    """Gazetteer hits (longest first, no overlaps) merged with the NER spans they do not contradict."""
    chosen: list[_Cand] = []
    owner: list[_Cand | None] = [None] * len(doc)  # token -> the gazetteer hit covering it
    all_hits = [(s, e, k, "") for s, e, k in hits if not k.startswith(INSTITUTION_PREFIX)
                and not (k in gaz.context_aliases and _runs_on_with_of(doc, e))]
    all_hits += institution_hits(doc, hits, gaz)
    # longest first; on equal length a plain alias before a context alias ("The North| Korean" loses to
    # "The |North Korean|"), then the earliest
    def order(h: tuple[int, int, str, str]) -> tuple[int, bool, bool, int]:
        return h[0] - h[1], h[3] == "", h[2] in gaz.context_aliases, h[0]

    for start, end, phrase, forced in sorted(all_hits, key=order):
        if any(owner[start:end]):
            continue
        hit = _Cand(start, end, "", from_gazetteer=True, phrase=phrase, forced_id=forced)
        chosen.append(hit)
        owner[start:end] = [hit] * (end - start)
    # doc.ents never overlap one another, so the hits an entity overlaps are all gazetteer hits
    for ent in doc.ents:
        overlapped = list({id(c): c for c in owner[ent.start:ent.end] if c is not None}.values())
        if not overlapped:
            chosen.append(_Cand(ent.start, ent.end, ent.label_))
            continue
        if ent.label_ not in ENTITY_LABELS:
            continue
        inside = [c for c in overlapped if c.start >= ent.start and c.end <= ent.end]
        if ent.label_ in ("GPE", "LOC", "NORP") and not inside and all(
                c.phrase in gaz.context_aliases and c.end < ent.end for c in overlapped):
            # "the South| Charleston", "the North| Las Vegas": an alias of context that runs into a longer
            # place name yields to it
            chosen = [c for c in chosen if c not in overlapped]
            chosen.append(_Cand(ent.start, ent.end, ent.label_))
            continue
        if len(inside) == len(overlapped) and (_ner_span_wins(doc, ent, inside, gaz)
                                               or _longer_place_name(ent, inside, gaz)):
            chosen = [c for c in chosen if c not in inside]
            chosen.append(_Cand(ent.start, ent.end, ent.label_))
            continue
        tail = max(c.end for c in overlapped)
        if ent.label_ == "PERSON" and tail < ent.end:  # "North Korean leader Kim" -> "Kim"
            s, e = trim_span(doc, tail, ent.end, "PERSON")
            if s < e and not any(owner[s:e]):
                chosen.append(_Cand(s, e, "PERSON"))
    return sorted(chosen, key=lambda c: c.start)


def _runs_on_with_of(doc: Doc, end: int) -> bool:
    """ "Gulf| of Alaska", "the North| of England": an alias of context that is the head of a longer name."""
    return end + 1 < len(doc) and doc[end].lower_ == "of" and doc[end + 1].is_title


def _ner_span_wins(doc: Doc, ent: Span, inside: list[_Cand], gaz: Gazetteer) -> bool:
    """A named organisation or person containing a place name ("Korea Institute for Defense Analyses",
    "George Washington") is kept whole; an NER span that merely strings known entities together is not."""
    if ent.label_ not in ("ORG", "FAC", "PERSON", "WORK_OF_ART"):
        return False
    if ent.label_ == "PERSON" and ent.start > 0 and doc[ent.start - 1].lower_.rstrip(".") in HONORIFICS \
            and all(_only_places(c, gaz) for c in inside):
        return True  # "Mr. Clinton", "President Jackson": a person, whatever towns bear the name
    if ent.label_ == "PERSON" and not is_locative(doc, ent.start) \
            and all(_only_small_towns(c, gaz) for c in inside):
        return True  # "Bush said": a person the model reads as one, not a town of 5,000
    for c in inside:
        ids = [c.forced_id] if c.forced_id else gaz.phrases.get(c.phrase, [])
        e = gaz.get(ids[0]) if ids else None
        if e is None or e.type not in ("country", "place") or c.phrase in gaz.context_aliases:
            return False
    covered = {i for c in inside for i in range(c.start, c.end)}
    rest = [doc[i] for i in range(ent.start, ent.end) if i not in covered]
    if any(t.lower_ in ("and", "&", ",", "/", "or") for t in rest):
        return False
    words = [t for t in rest if t.is_alpha and t.lower_ not in ("the", "'s", "of", "for")]
    if not words or words[0].lower_ in TITLE_WORDS:
        return False
    return any(t.is_title or t.is_upper for t in words)


HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "sen", "rep", "gov", "president",
                        "senator", "congressman", "congresswoman"})


# A town smaller than this is not taken over a name the model reads as a person's (outside "in X", "to X").
# Cities the small model calls people ("Odesa", "Dnipro") are far larger.
SMALL_TOWN = 100_000


def _only_small_towns(c: _Cand, gaz: Gazetteer) -> bool:
    ids = [c.forced_id] if c.forced_id else gaz.phrases.get(c.phrase, [])
    entries = [gaz.get(i) for i in ids]
    return bool(entries) and all(e is not None and e.type == "place" and e.role is None
                                 and (e.population or 0) < SMALL_TOWN for e in entries)


def _only_places(c: _Cand, gaz: Gazetteer) -> bool:
    ids = [c.forced_id] if c.forced_id else gaz.phrases.get(c.phrase, [])
    return bool(ids) and all((e := gaz.get(i)) is not None and e.type == "place" for i in ids)


def _longer_place_name(ent: Span, inside: list[_Cand], gaz: Gazetteer) -> bool:
    """A place name the NER reads whole and the gazetteer knows whole beats the shorter hits inside it
    ("Indian Ocean" is no India, "New Mexico" no Mexico)."""
    if ent.label_ not in ("GPE", "LOC", "FAC") or all(c.end - c.start == ent.end - ent.start for c in inside):
        return False
    return geocode.names_a_place(ent.text, gaz)


def _person_index(doc: Doc, cands: list[_Cand], gaz: Gazetteer) -> dict[str, list[tuple[int, str]]]:
    """First and last words of every full person name in the report -> [(token position, entity id)]."""
    index: dict[str, list[tuple[int, str]]] = {}
    for c in cands:
        if not c.entity_id or c.end - c.start < 2:
            continue
        e = None if c.unknown else gaz.get(c.entity_id)
        is_person = (e.type == "person") if e else c.label == "PERSON"
        if not is_person:
            continue
        words = [t.text for t in doc[c.start:c.end] if t.is_alpha]
        for w in {words[0], words[-1]} if words else ():
            index.setdefault(w, []).append((c.start, c.entity_id))
    return index


def _short_form(word: str, pos: int, index: dict[str, list[tuple[int, str]]]) -> str:
    """The full name nearest before (else after) a short form that matches its first or last word."""
    found = index.get(word)
    if not found:
        return ""
    before = [(p, i) for p, i in found if p < pos]
    return max(before)[1] if before else min(found)[1]


def _prose_line_flags(text: str) -> list[tuple[int, bool]]:
    """(line start offset, is prose) for each line of the body."""
    out = []
    pos = 0
    for line in text.split("\n"):
        s = line.strip()
        prose = bool(s) and (s.endswith(SENTENCE_END) or len(s.split()) >= PROSE_MIN_WORDS)
        out.append((pos, prose))
        pos += len(line) + 1
    return out


def _in_prose(flags: list[tuple[int, bool]], char: int) -> bool:
    lo, hi = 0, len(flags) - 1
    while lo < hi:  # last line starting at or before char
        mid = (lo + hi + 1) // 2
        if flags[mid][0] <= char:
            lo = mid
        else:
            hi = mid - 1
    return flags[lo][1]


def link_spans(doc: Doc, gaz: Gazetteer) -> list[Span]:
    """The linked entity spans of a Doc (kb_id_ = entity id), plus its other NER spans (dates, numbers)."""
    hits = doc._.get(HITS_ATTR) or []
    surnames = [(st, e, k[len(SURNAME_PREFIX):]) for st, e, k in hits if k.startswith(SURNAME_PREFIX)]
    hits = [h for h in hits if not h[2].startswith(SURNAME_PREFIX)]
    cands = _put_org_names(doc, _select_spans(doc, hits, gaz), find_org_names(doc))
    ships, facts = find_vessels(doc, gaz)
    doc._.set(VESSELS_ATTR, facts if (facts.imo or facts.flag or facts.former_spans) else None)
    ships = [s for s in ships if not names_a_model(doc, s.start, s.end)]  # "shipped Mohajer-6 drones"
    if ships:
        cands = _put_ships(doc, cands, ships, gaz)
    doc_words = functools.cache(lambda: {t.lower_ for t in doc})
    linked: list[_Cand] = []
    law_acronyms: set[str] = set()  # "(NPT)" after "the Non-Proliferation Treaty"
    for c in cands:
        if c.label == "VESSEL" and c.entity_id:  # named in a ship's context (vessels.py)
            linked.append(c)
            continue
        if c.from_gazetteer:
            c.entity_id = resolve_hit(doc, c, gaz, doc_words)
            c.label = _label_for(gaz, c.entity_id, c.phrase) if c.entity_id else ""
            c.name = doc[c.start:c.end].text
            if c.entity_id:
                linked.append(c)
            continue
        if c.label not in ENTITY_LABELS:
            linked.append(c)  # kept as a span without an entity (the events stage reads dates, quantities)
            continue
        c.start, c.end = trim_span(doc, c.start, c.end, c.label)
        if c.start >= c.end:
            continue
        text = doc[c.start:c.end].text
        if is_noise(text) or normalise(text) in SHIP_CLASSES:  # "a Suezmax tanker": a size, not a name
            continue
        if c.label not in ("NORP", "GPE", "LOC") and (  # "the Boston bomber" names a city
                names_a_model(doc, c.start, c.end) or names_a_law(doc, c.start, c.end, law_acronyms)):
            continue
        if c.end - c.start == 1 and c.start > 0 and doc[c.start - 1].lower_ == "the" and \
                doc[c.start].lower_ in DIRECTION_WORDS:
            continue  # "the West", "the East": a bloc of states, not a place of that name (West, Texas)
        if c.label == "PRODUCT":
            if not _has_ship_word(doc, c.start):
                continue
            c.label = "VESSEL"
        elif c.label in ("ORG", "FAC", "PERSON", "WORK_OF_ART") and _named_as_a_ship(doc, c.start, c.end):
            c.label = "VESSEL"
        if c.label in ("PERSON", "ORG") and is_locative(doc, c.start) and normalise(text) in gaz.city_keys:
            c.label = "GPE"  # the small NER model calls some cities people: "in Odessa", "a trip to Dnipro"
        elif c.label == "NORP" and text not in gaz.demonyms and normalise(text) in gaz.city_keys and (
                is_locative(doc, c.start) or doc[c.end - 1].dep_ in NOMINAL_DEPS):
            c.label = "GPE"  # and some nationalities: "Aleppo" (not "Liberal MPs", which modifies a noun)
        elif c.label in ("GPE", "LOC", "ORG") and text in gaz.short_names and _not_a_place_name(text, gaz):
            c.label = "PERSON"  # and some people places: "to meet Yoon"
        elif c.label in ("GPE", "LOC", "NORP") and c.start > 0 and doc[c.start - 1].lower_.rstrip(".") in \
                HONORIFICS and doc[c.start].is_title:
            c.label = "PERSON"  # "Mr Cameron", "Sen. Georgia": whoever the model takes them for, a person
        c.entity_id = lookup_name(text, c.label, gaz)
        if not c.entity_id and not _looks_like_name(doc, c):
            continue
        if c.entity_id and c.label != "NORP":
            c.label = _label_for(gaz, c.entity_id, "")
        c.name = text
        linked.append(c)
    _link_unknowns(linked)
    _one_sense_per_report(doc, linked, gaz)
    _link_short_forms(doc, linked, gaz)
    link_name_tails(doc, linked, gaz)  # "Bou Habib" after "Abdallah Bou Habib"
    link_acronyms(doc, linked, gaz)  # "Middle East Airlines (MEA)"
    _drop_lone_initial_words(doc, linked)
    linked = _bare_surnames(doc, linked, surnames, gaz)
    _lone_surnames(doc, linked, gaz)
    _apply_context_aliases(linked, gaz)
    linked = _geocode(doc, linked, gaz)
    _drop_furniture(doc, linked)
    linked = _drop_credits(doc, linked)
    _places_within(doc, linked, gaz)
    spans = []
    for c in linked:
        label = c.label or "MISC"
        spans.append(Span(doc, c.start, c.end, label=label, kb_id=c.entity_id or ""))
    spans = titles_of_names(doc, spans, gaz)  # "UN Secretary-General Ban Ki-moon": the person
    offices = office_spans(doc, spans, gaz)  # "the Iranian president": its holder or the office
    return sorted(spans + offices, key=lambda s: s.start) if offices else spans


# Roles a bare surname plays when it names the person ("Lavrov held talks", "met Peskov", "Sybiha's visit")
# rather than being a word ("Cleverly, the ..." is an adverb, "Gallant troops" an adjective)
NAME_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "poss", "conj", "appos"})
# the roles in which a surname the NER model reads as an organisation is still the person: the subject of
# a verb (at a sentence's start the small model often reads "Lavrov" as an organisation; "Prigozhin's
# men" and a firm's name modify a noun)
PERSON_DEPS = frozenset({"nsubj", "nsubjpass"})


def _not_a_place_name(text: str, gaz: Gazetteer) -> bool:
    key = normalise(text)
    return key not in gaz.keys and key not in gaz.city_keys


def _bare_surnames(doc: Doc, cands: list[_Cand], surnames: list[tuple[int, int, str]],
                   gaz: Gazetteer) -> list[_Cand]:
    """A distinctive surname of the gazetteer ("Lavrov", "Peskov"; `surnames`: the matcher's one-word hits)
    that the NER model did not tag, where the parse uses it as a name: linked to its person."""
    taken = {i for c in cands for i in range(c.start, c.end)}
    extra = [
        _Cand(s, e, "PERSON", entity_id=gaz.short_names[name], name=name)
        for s, e, name in surnames
        if e == s + 1 and s not in taken and doc[s].pos_ == "PROPN" and doc[s].dep_ in NAME_DEPS
    ]
    return sorted(cands + extra, key=lambda c: c.start) if extra else cands


def _lone_surnames(doc: Doc, cands: list[_Cand], gaz: Gazetteer) -> None:
    """A listed person's surname alone that the NER model reads as an organisation ("Prigozhin's men", a
    firm named after someone) names that person only where the report names them in full or with a title
    ("President Putin"): a namesake, a relative or a body named after them is not them, and a sanctions
    match on a surname is no identification. Read as a person ("Putin said"), as a place the small model
    mistakes ("to meet Yoon") or by the parse ("Lavrov held talks"), the surname stands."""
    full = {c.entity_id for c in cands if c.end - c.start > 1 and c.entity_id}
    ner = {i: e.label_ for e in doc.ents for i in range(e.start, e.end)}  # the model's spans, before linking
    for c in cands:
        e = gaz.get(c.entity_id) if c.entity_id and c.end - c.start == 1 else None
        if e is None or e.type != "person" or c.entity_id in full or normalise(e.name) == normalise(c.name):
            continue
        if ner.get(c.start) != "ORG" or (
                c.start > 0 and doc[c.start - 1].lower_.rstrip(".") in TITLE_WORDS | HONORIFICS):
            continue
        if doc[c.start].dep_ in PERSON_DEPS and doc[c.start].head.pos_ in ("VERB", "AUX"):
            continue  # "Lavrov said", "Lavrov spoke with Blinken": the parse makes the surname a doer
        c.entity_id = ""


def _link_short_forms(doc: Doc, cands: list[_Cand], gaz: Gazetteer) -> None:
    """'Kirby' after 'John Kirby', 'Mr Yoon' after 'Yoon Suk Yeol': the nearest full name in the report."""
    index = _person_index(doc, cands, gaz)
    for c in cands:
        if c.end - c.start != 1 or c.label not in ("PERSON", "ORG", "GPE", "NORP", "LOC"):
            continue
        e = None if c.unknown else gaz.get(c.entity_id)
        if e is not None and e.type != "place":
            continue  # a gazetteer entity stands; a one-word city may be a surname ("Kirby")
        target = _short_form(doc[c.start].text, c.start, index)
        if target:
            c.entity_id, c.label, c.unknown = target, "PERSON", False
        elif c.unknown and c.label == "PERSON" and doc[c.start].text in gaz.short_names:
            # a distinctive surname the gazetteer knows, with no full name of that surname in the report
            c.entity_id, c.unknown = gaz.short_names[doc[c.start].text], False


def _link_unknowns(cands: list[_Cand]) -> None:
    """Entities not in the gazetteer: a stable id from the normalised name."""
    from armswatch.entities.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    for c in cands:
        named = c.label in ENTITY_LABELS or c.label == "VESSEL"
        if named and not c.entity_id and normalise(c.name) not in GENERIC_INSTITUTIONS and c.label != "NORP":
            eid = slug(c.name)
            if gaz.get(eid) is not None:  # "Clinton" the person is not the town the gazetteer calls clinton
                eid = f"{eid}-{LABEL_TO_TYPE.get(c.label, 'other')}"
            c.entity_id, c.unknown = eid, True


def _one_sense_per_report(doc: Doc, cands: list[_Cand], gaz: Gazetteer) -> None:
    """A one-word name the NER calls a person or a body where the report names a place the same way
    elsewhere ("in Aleppo" ... "gunships attacked Aleppo", "Aleppo has joined Homs") is that place: a report
    uses a name in one sense (Gale, Church and Yarowsky's one sense per discourse), and the small model
    reads a bare city as a person in subject and object positions."""
    places: dict[str, str] = {}
    for c in cands:
        e = gaz.get(c.entity_id) if c.entity_id and not c.unknown else None
        if e is not None and e.type == "place":
            places.setdefault(doc[c.start:c.end].text, c.entity_id)
    for c in cands:
        if c.unknown and c.label in ("PERSON", "ORG") and c.end - c.start == 1:
            place = places.get(doc[c.start].text)
            if place:
                c.entity_id, c.unknown, c.label = place, False, "GPE"


def _is_initial(doc: Doc, i: int) -> bool:
    """First word of a sentence or line (after bullets and quotes), where any word is capitalised."""
    j = i - 1
    while j >= 0 and not doc[j].is_alpha and "\n" not in doc[j].text and not doc[j].is_sent_end:
        j -= 1
    return j < 0 or doc[i].is_sent_start or "\n" in doc[j].text or doc[j].is_sent_end or doc[j].text in ".!?"


def _drop_lone_initial_words(doc: Doc, cands: list[_Cand]) -> None:
    """One capitalised word outside the gazetteer, seen only where every word is capitalised ("Satellite
    imagery showed...") is more likely a common word than a name."""
    lone = [c for c in cands if c.unknown and c.end - c.start == 1 and _is_initial(doc, c.start)
            and c.label != "VESSEL" and not c.by_form]  # a ship named in a ship's context is no common word
    if not lone:
        return
    elsewhere = {doc[c.start].text for c in cands if c.unknown and not _is_initial(doc, c.start)}
    for c in lone:
        if doc[c.start].text not in elsewhere:
            c.entity_id, c.unknown = "", False


def _apply_context_aliases(cands: list[_Cand], gaz: Gazetteer) -> None:
    """'the North' stands for North Korea only where the report also names the peninsula's states."""
    present = {c.entity_id for c in cands if c.entity_id and c.phrase not in gaz.context_aliases}
    # a place puts the report in its country too (the dateline "WASHINGTON", "Bandar Abbas")
    present |= {gaz.country_ids.get(e.country or "", "") for i in list(present)
                if (e := gaz.get(i)) is not None and e.type in ("place", "facility")}
    for c in cands:
        ca = gaz.context_aliases.get(c.phrase)
        if ca is not None and not (ca.requires & present):
            c.entity_id = ""


def _state_after_comma(doc: Doc, c: _Cand, by_start: dict[int, _Cand],
                       gaz: Gazetteer) -> tuple[str, str, int]:
    """ "Birmingham, Ala.", "Springfield, Illinois", "Kent, England": (iso2, admin1, end token) that the words
    after the comma put a place in, else ('', '', 0). Abbreviations count only here, where a state is
    expected."""
    i = c.end
    if i + 1 >= len(doc) or doc[i].text != ",":
        return "", "", 0
    tok = doc[i + 1]
    abbr = tok.text.rstrip(".")
    if abbr in geocode.US_STATE_ABBREVIATIONS and (tok.text.endswith(".") or doc[i + 2:i + 3].text == "."):
        end = i + 2 if tok.text.endswith(".") else i + 3
        return "US", geocode.US_STATE_ABBREVIATIONS[abbr], end
    nxt = by_start.get(i + 1)
    e = gaz.get(nxt.entity_id) if nxt is not None and nxt.entity_id else None
    if e is None or not e.country:
        return "", "", 0
    if e.type == "country":
        return e.country, "", nxt.end
    if gaz.regions.get((e.country, e.admin1)) == e.id:
        return e.country, e.admin1, nxt.end
    return "", "", 0


LIST_JOINERS = frozenset({",", "and", "or", "&"})


def _region_in_list(doc: Doc, c: _Cand, cands: list[_Cand], seat: GazetteerEntry, gaz: Gazetteer) -> str:
    """A seat of government that is also a first-level region of its country, listed beside another of that
    country's regions ("Arizona, Oregon, Washington and Idaho"): the region, not the capital; else ''."""
    region = geocode.region_of(doc[c.start:c.end].text, seat.country or "", gaz)
    city = gaz.get(gaz.metonyms[c.phrase][1]) if gaz.metonyms[c.phrase][1] else None
    r = gaz.get(region) if region else None
    if r is None or (city is not None and city.admin1 == r.admin1):
        return ""  # Beijing, Oslo, Khartoum: the city's own region is the city
    for n in cands:
        lo, hi = (n.end, c.start) if n.end <= c.start else (c.end, n.start)
        if n is c or not 0 < hi - lo <= 2 or not all(t.lower_ in LIST_JOINERS for t in doc[lo:hi]):
            continue
        if geocode.region_of(doc[n.start:n.end].text, seat.country or "", gaz):
            return region
    return ""


def _curated_homonyms(phrase: str, gaz: Gazetteer) -> bool:
    """Several curated entities bear the phrase (the linker chose among them by the sentence's words); two
    geonames regions of one name ("San Jose" in Costa Rica and Uruguay) are the geocoder's to weigh, with the
    cities that bear it (San Jose, California)."""
    ids = gaz.phrases.get(phrase, [])
    return len(ids) > 1 and any((e := gaz.get(i)) is not None
                                and gaz.regions.get((e.country or "", e.admin1)) != i for i in ids)


def _geocode(doc: Doc, cands: list[_Cand], gaz: Gazetteer) -> list[_Cand]:
    """Places whose name several places bear, resolved by the report's context (geocode.py); a US state
    abbreviation after a city becomes the state's mention."""
    places: list[tuple[_Cand, list[str]]] = []
    sure: list[GazetteerEntry] = []
    seats: list[tuple[_Cand, GazetteerEntry]] = []  # "Paris": France, unless the story is in Tennessee
    lone: list[tuple[_Cand, GazetteerEntry]] = []  # one city of the name, and small namesakes in other lands
    minor = [c for c in cands if c.unknown and c.label in ("GPE", "LOC")]  # a town the gazetteer lacks?
    for c in cands:
        e = gaz.get(c.entity_id) if c.entity_id and not c.unknown else None
        if e is None or e.type not in geocode.PLACE_TYPES or c.label == "NORP" or c.forced_id:
            continue
        if c.from_gazetteer and c.phrase in gaz.metonyms:
            seats.append((c, e))
            continue
        curated = e.type != "country" and gaz.regions.get((e.country or "", e.admin1)) != e.id  # no region
        if c.from_gazetteer and (curated or _curated_homonyms(c.phrase, gaz)):
            sure.append(e)  # the curated places and homonyms keep the linker's choice
            continue
        ids = geocode.candidates(doc[c.start:c.end].text, gaz)
        if len(ids) > 1:
            places.append((c, ids))
        elif geocode.has_minor_namesake_abroad(doc[c.start:c.end].text, e, gaz):
            lone.append((c, e))  # Suffolk, Virginia, or the English county: the report's other places say
        else:
            sure.append(e)
    if not places and not minor and not seats and not lone:
        _one_place_per_name(doc, cands, gaz, {})
        return cands
    by_start = {c.start: c for c in cands}
    text = {id(c): doc[c.start:c.end].text for c in cands}
    ctx = geocode.context_of(sure, gaz)
    for c, e in lone:
        c.entity_id = geocode.namesake_at_home(text[id(c)], e, ctx, gaz) or c.entity_id
        c.label = _label_for(gaz, c.entity_id, "")
    ctx = geocode.context_of([gaz.get(c.entity_id) for c, _ in lone], gaz, ctx)
    geocode.vote(ctx, [(text[id(c)], ids) for c, ids in places]
                 + [(text[id(c)], geocode.minor_candidates(text[id(c)], gaz)) for c in minor], gaz)
    for c, e in seats:
        alt = _region_in_list(doc, c, cands, e, gaz) or geocode.namesake_instead(text[id(c)], e, ctx, gaz)
        if alt:
            c.entity_id, c.label = alt, "GPE"
        else:
            sure.append(e)  # the seat of power keeps the linker's choice, and is context
    votes, ctx = ctx.votes, geocode.context_of(sure, gaz)
    ctx.votes = votes
    for c in minor:
        if eid := geocode.choose_minor(doc[c.start:c.end].text, ctx, gaz):
            c.entity_id, c.unknown, c.label = eid, False, "GPE"
    geocode.context_of([gaz.get(c.entity_id) for c in minor if not c.unknown], gaz, ctx)
    extra: list[_Cand] = []
    qualified: dict[str, str] = {}  # "Louisville, Ky.": the name's place, said outright
    for c, ids in places:
        cc, admin1, end = _state_after_comma(doc, c, by_start, gaz)
        if cc:
            ids = geocode.within(ids, cc, admin1, gaz) or ids
            region = gaz.regions.get((cc, admin1)) if admin1 else None
            if region and end and (c.end + 1) not in by_start:
                extra.append(_Cand(c.end + 1, end, "GPE", entity_id=region, name=doc[c.end + 1:end].text))
        c.entity_id = geocode.choose(text[id(c)], geocode.with_minor(text[id(c)], ids, ctx, gaz), ctx, gaz)
        c.label = _label_for(gaz, c.entity_id, "")
        if cc:
            qualified.setdefault(text[id(c)], c.entity_id)
    _one_place_per_name(doc, cands, gaz, qualified)
    return sorted(cands + extra, key=lambda c: c.start) if extra else cands


def _one_place_per_name(doc: Doc, cands: list[_Cand], gaz: Gazetteer, qualified: dict[str, str]) -> None:
    """One place for one name in a report (geocode.one_place_per_name): "Louisville, Ky." ... "Louisville"."""
    named = [c for c in cands if not c.forced_id]
    for n, eid in geocode.one_place_per_name([(doc[c.start:c.end].text, c.entity_id, c.unknown, c.label)
                                              for c in named], qualified, gaz).items():
        named[n].entity_id, named[n].unknown, named[n].label = eid, False, _label_for(gaz, eid, "")


# Names no table holds that may hold a place ("Henderson County Jail", "Vancouver International Airport")
WITHIN_LABELS = frozenset({"FAC", "ORG", "GPE", "LOC"})


def _places_within(doc: Doc, cands: list[_Cand], gaz: Gazetteer) -> None:
    """The places inside the report's unknown names (geocode.place_within), on Doc._.armswatch_places_within,
    read in the context of the places it names."""
    unknown = [c for c in cands if c.unknown and c.entity_id and c.label in WITHIN_LABELS]
    if not unknown:
        doc._.set(geocode.WITHIN_ATTR, None)
        return
    ctx = geocode.context_of([gaz.get(c.entity_id) for c in cands if c.entity_id and not c.unknown], gaz)
    # the report's places by the names it gives them ("Dublin" in "Dublin Art Stroll")
    named = geocode.named_places([(doc[c.start:c.end].text, c.phrase, c.entity_id) for c in cands
                                  if c.entity_id and not c.unknown and c.label != "NORP"], gaz)
    found = []
    for c in unknown:
        span = doc[c.start:c.end]
        if (hit := geocode.place_within(span.text, ctx, gaz, named)) is not None:
            found.append((span.start_char + hit[0], span.start_char + hit[1], hit[2]))
    doc._.set(geocode.WITHIN_ATTR, found or None)


def _drop_credits(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """Mentions inside credit lines and a closing author's note (notnames.credit_ranges) name no entity and
    are no place of the report: dropped."""
    ranges = credit_ranges(doc.text)
    if not ranges:
        return cands
    return [c for c in cands if not (c.entity_id and any(lo <= doc[c.start].idx < hi for lo, hi in ranges))]


def _drop_furniture(doc: Doc, cands: list[_Cand]) -> None:
    """Entities named only in lines that are not prose (menus, share bars, teasers) are page furniture."""
    text = doc.text  # built from the tokens on every access: once
    if "\n" not in text:
        return
    flags = _prose_line_flags(text)
    in_prose = {c.entity_id for c in cands if c.entity_id and _in_prose(flags, doc[c.start].idx)}
    for c in cands:
        if c.entity_id and c.entity_id not in in_prose:
            c.entity_id = ""


def _put_ships(doc: Doc, cands: list[_Cand], ships: list[ShipMention], gaz: Gazetteer) -> list[_Cand]:
    """Ships named in context replace the spans they overlap (the NER's "Gibraltar" in "Gibraltar Eagle", a
    person "Graceful"); "IMO" before an IMO number is the number's label, not the organisation."""
    covered = [False] * len(doc)
    for s in ships:
        covered[s.start:s.end] = [True] * (s.end - s.start)
    kept = [c for c in cands if not any(covered[c.start:c.end]) and not _imo_label(doc, c)]
    kept += [_Cand(s.start, s.end, "VESSEL", entity_id=s.entity_id, name=doc[s.start:s.end].text,
                   unknown=gaz.get(s.entity_id) is None) for s in ships]
    return sorted(kept, key=lambda c: c.start)


def _put_org_names(doc: Doc, cands: list[_Cand], names: list[tuple[int, int, str]]) -> list[_Cand]:
    """Names found by form (legal forms, sector words, scripts) where the NER and gazetteer have none, or
    replacing shorter spans they contain ("Iran" in "Islamic Republic of Iran Shipping Line")."""
    for start, end, label in names:
        inside = [c for c in cands if c.start < end and start < c.end]
        same = [c for c in inside if (c.start, c.end) == (start, end) and not c.from_gazetteer]
        if same and same[0].label in ENTITY_LABELS:  # the NER's span too: a name, even first in a sentence
            same[0].by_form = True
            continue
        if any(c.start < start or c.end > end or c.end - c.start >= end - start for c in inside):
            continue
        cands = [c for c in cands if c not in inside]
        cands.append(_Cand(start, end, label, by_form=True))
    return sorted(cands, key=lambda c: c.start)


def _imo_label(doc: Doc, c: _Cand) -> bool:
    if doc[c.start:c.end].text.upper() != "IMO":
        return False
    j = c.end
    while j < len(doc) and j - c.end < 3 and doc[j].lower_ in (":", "number", "no", "no.", "#"):
        j += 1
    return j < len(doc) and doc[j].text.isdigit() and len(doc[j].text) == 7


def link_doc(doc: Doc) -> list[EntityMention]:
    """Mentions of linked entities in one processed Doc (its text is the document body), in text order;
    a vessel's mentions carry the IMO number and flag the report gives it."""
    facts: VesselFacts | None = doc._.get(VESSELS_ATTR)
    if facts is None:
        return [EntityMention(ent.kb_id_, ent.text, ent.start_char, ent.end_char)
                for ent in doc.ents if ent.kb_id_]
    return [EntityMention(ent.kb_id_, ent.text, ent.start_char, ent.end_char, imo=facts.imo.get(ent.kb_id_),
                          flag=facts.flag.get(ent.kb_id_),
                          former=(ent.start_char, ent.end_char) in facts.former_spans)
            for ent in doc.ents if ent.kb_id_]


def describe(entity_id: str, gaz: Gazetteer) -> GazetteerEntry | None:
    return gaz.get(entity_id)
