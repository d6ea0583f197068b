"""The document's token -> entity map as the events stage reads it: named entities, generic actors,
"the group" resolved, sponsors ("Iran-backed") set apart."""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.attrs import IDX
from spacy.tokens import Doc

from armswatch.entities.gazetteer import Gazetteer, load_gazetteer
from armswatch.entities.generic import generic_country, generic_type
from armswatch.entities.linking import LABEL_TO_TYPE, EntityMention
from armswatch.events.frames import Entity, lexicon

# head nouns after a leader's name that make the phrase the state ("the Assad regime")
STATE_NOUNS = frozenset({"regime", "government", "administration", "leadership"})


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
            window = doc[i].sent.start  # only here: the report's sentences are not listed again
            for _ in range(_ANTECEDENT_SENTENCES):
                if window > 0:
                    window = doc[window - 1].sent.start
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
        if t.i < 2 or doc[t.i - 1].text != "-":
            continue
        # where a named group sits is no party either ("Lebanon-based Hezbollah fired ..."); companies known
        # only by it keep it ("designated two UAE-based companies": the UAE stands for them)
        based = t.lower_ == "based" and entity_at[t.head.i] is not None and t.head.i > t.i
        if t.lower_ not in SPONSOR_WORDS and not based:
            continue
        eid = entity_at[t.i - 2]
        if eid is not None:
            j = t.i - 2
            while j >= 0 and entity_at[j] == eid:
                entity_at[j] = None
                j -= 1


HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "sen", "rep", "gen", "adm", "col",
                        "lt", "capt", "maj", "sgt", "president", "minister", "secretary", "senator"})


_STARTS_KEY = "armswatch_token_starts"  # Doc.user_data key: every token's first character offset


def _token_starts(doc: Doc) -> list[int]:
    """Every token's first character offset: one C pass per Doc, not a Token object per word, kept in the
    Doc's user_data (the events stage and its dating rules ask for it once per event). Read only."""
    starts = doc.user_data.get(_STARTS_KEY)
    if starts is None or len(starts) != len(doc):
        starts = doc.user_data[_STARTS_KEY] = doc.to_array([IDX]).tolist()
    return starts


_COUNTRY_CACHE: dict[int, dict[str, str]] = {}


def _country_index_cached(gaz: Gazetteer) -> dict[str, str]:
    key = id(gaz)
    if key not in _COUNTRY_CACHE:
        _COUNTRY_CACHE[key] = _country_index(gaz)
    return _COUNTRY_CACHE[key]


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
