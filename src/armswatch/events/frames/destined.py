"""Goods on their way to someone: "missiles destined for Hezbollah", "the crates were headed to rebels in
South Sudan", "tanks en route to Juba", and a carrier "bound for Port Sudan" carrying arms.

A consignment named with its destination is a transfer under way to the party there, whether or not it
arrived (PLOVER AID's "provide military aid" covers shipments in transit; UN panel reports count
intercepted shipments as attempted transfers to their consignee). Only goods of the field make one: "the
flight bound for Dubai", "passengers headed to Athens" carry nobody's arms.
"""

from __future__ import annotations

from spacy.tokens import Token

from armswatch.events.frames.context import Candidate, Context, Entity, _add, entities_under
from armswatch.events.frames.lexicon import ACTOR_TYPES, PLACE_TYPES, VESSEL_TYPES
from armswatch.events.frames.parse import children, preps
from armswatch.events.frames.roles import _is_arms_trade, _places_from, goods_beyond
from armswatch.events.models import PlaceRole

# Participles and adjectives that name where something is going ("destined for", "bound for", "headed
# to", "intended for", "earmarked for"); "en route to" is told by the noun "route" after "en"
DESTINED_WORDS = frozenset({"destine", "destined", "intend", "intended", "earmark", "earmarked", "head",
                            "headed", "bind", "bound"})
DESTINATION_PREPS = ("for", "to", "toward", "towards")
# Nouns of what carries a consignment ("a ship bound for North Korea")
CARRIER_NOUNS = frozenset({"ship", "vessel", "freighter", "tanker", "boat", "dhow", "plane", "aircraft",
                           "flight", "truck", "lorry", "convoy", "train", "carrier", "barge", "trawler"})
# Verbs of a carrier setting off for a destination ("before sailing for Syria", "steamed towards Aden")
SAILING_VERBS = frozenset({"sail", "steam", "set", "depart", "leave"})


def destination_word(tok: Token) -> bool:
    """A trigger of the destined frame: a participle of going-to with its "for/to" phrase, or "en route"."""
    lemma = tok.lemma_.lower()
    if lemma == "route":
        return tok.head.lower_ == "en" and bool(preps(tok, *DESTINATION_PREPS))
    if lemma not in DESTINED_WORDS and tok.lower_ not in DESTINED_WORDS:
        return False
    if lemma in ("head", "bind") and tok.tag_ != "VBN":
        return False  # "Lavrov heads to Pyongyang", "the treaty binds": not goods described by their end
    return any(c.dep_ == "prep" and c.lower_ in DESTINATION_PREPS for c in tok.children)


def _goods(tok: Token) -> Token | None:
    """What is on its way: the head noun a reduced relative describes ("missiles destined for"), the
    subject of "were headed/intended/en route"."""
    if tok.lemma_.lower() == "route":
        tok = tok.head.head  # "were en route": the copula carries the subject
    if tok.dep_ in ("acl", "amod") and tok.head.pos_ in ("NOUN", "PROPN"):
        return tok.head
    subj = children(tok, "nsubjpass", "nsubj")
    if subj and tok.dep_ == "relcl" and subj[0].lower_ in ("which", "that"):
        return tok.head  # "the drones, which were destined for Russia"
    return subj[0] if subj else None


def _ends(tok: Token, ctx: Context) -> list[Token]:
    """The objects of the destination phrase; where the parser left "for" without an object ("missiles
    destined for Hezbollah was found": the name read as the clause's subject), the name right after it."""
    ends = preps(tok, *DESTINATION_PREPS)
    for p in tok.children:
        if p.dep_ == "prep" and p.lower_ in DESTINATION_PREPS and not any(
                c.dep_ in ("pobj", "pcomp") for c in p.children):
            nxt = p.nbor(1) if p.i + 1 < len(p.doc) else None
            if nxt is not None and ctx.entity_at[nxt.i] is not None:
                ends.append(nxt)
    return ends


def _destination(ends: list[Token], ctx: Context) -> tuple[list[str], list[PlaceRole]]:
    """Recipients (states, armed groups, bodies; the state a named place lies in) and destination places."""
    found: list[Entity] = [e for o in ends for e in entities_under(o, ctx)]
    places = [PlaceRole(e, "destination") for e, t in found if t in PLACE_TYPES]
    recipients = [e for e, t in found if t in ACTOR_TYPES and t != "person"]
    _add(recipients, [k for p in places if (k := ctx.country_of(p.entity))])
    return recipients, places


# Goods whose destination alone makes no transfer of the field: trade goods and aid ("wheat destined
# for Egypt"); dual-use parts ("missile parts destined for Iran") are what export controls watch
TRADE_GOODS = frozenset({"commodity", "other", "fuel"})


def destined_goods(c: Candidate, ctx: Context) -> bool:
    """ "A cargo of anti-tank missiles destined for Hezbollah": goods named with the party or place they
    are going to; the supplier is who they come "from" or the state named on them."""
    from armswatch.events.frames.verbs import _maker_of_goods  # verbs imports this module

    goods = _goods(c.trigger)
    if goods is None or goods.pos_ == "PRON":
        return False
    c.scope = [goods]
    if not goods_beyond(c, ctx, TRADE_GOODS):
        return False  # "a cargo of wheat destined for Egypt", "an aid convoy bound for Gaza"
    recipients, places = _destination(_ends(c.trigger, ctx), ctx)
    c.places = places
    more, _ = _places_from(c.trigger, ctx, motion=True)
    c.places += [p for p in more if p.entity not in {q.entity for q in c.places}]
    sources = [e for o in preps(c.trigger, "from") + preps(goods, "from")
               for e, t in entities_under(o, ctx) if t in ACTOR_TYPES and t != "person"]
    c.target = recipients
    c.actor = sources[:1] or [m for m in _maker_of_goods(c, ctx) if m not in c.target][:1]
    c.target = [t for t in c.target if t not in c.actor]
    return bool(c.target) and _is_arms_trade(c, ctx)


def carrier_destination(
    carrier: Token | None, verb: Token, ctx: Context, goods: list[Token] | None = None
) -> tuple[list[str], list[PlaceRole]]:
    """Where a carrier carrying goods was going: "the freighter, bound for Port Sudan, was carrying",
    "loaded ammunition in Bandar Abbas before sailing for Syria", "missiles found on a ship bound for
    North Korea were being sent ..." (a carrier named inside the goods' phrase)."""
    carriers = [carrier] if carrier is not None else []
    carriers += [t for g in goods or [] for t in g.subtree if t.lemma_.lower() in CARRIER_NOUNS
                 or (ctx.entity_at[t.i] is not None and ctx.entity_at[t.i][1] in VESSEL_TYPES)]
    ends: list[Token] = []
    for held in carriers:
        ends += [o for a in held.children if a.dep_ in ("acl", "amod") and destination_word(a)
                 for o in _ends(a, ctx)]
    for clause in verb.children:
        if clause.dep_ in ("advcl", "conj", "pcomp") and clause.lemma_.lower() in SAILING_VERBS:
            ends += preps(clause, *DESTINATION_PREPS)
    for p in verb.children:  # "before sailing for Syria": the clause hangs on "before"
        if p.dep_ == "prep":
            ends += [o for c in p.children if c.dep_ == "pcomp" and c.lemma_.lower() in SAILING_VERBS
                     for o in preps(c, *DESTINATION_PREPS)]
    return _destination(ends, ctx)
