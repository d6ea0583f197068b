"""Whether a trigger states a fact: hypothetical, planned, negated, conditional or asked for."""

from __future__ import annotations

from spacy.tokens import Token

from armswatch.events.frames.lexicon import (
    HYPOTHETICAL_ADJECTIVES,
    HYPOTHETICAL_NOUNS,
    PLANNED_NOUNS,
    THREAT_WORDS,
    lexicon,
)
from armswatch.events.frames.parse import clause_head


def modality(tok: Token) -> tuple[bool, bool, bool]:
    """(hypothetical, planned, negated) of the clause a trigger is in."""
    lex = lexicon()
    verb = clause_head(tok)
    chain = [tok, verb] if verb != tok else [tok]
    reported = verb.dep_ == "ccomp" and verb.head.lemma_.lower() in lex.speech  # "would not confirm that X"
    # "will travel to Seoul to meet X": a purpose clause shares its head's future
    purpose = verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if (verb.dep_ in ("xcomp", "ccomp") or purpose) and verb.head != verb and not reported:
        chain.append(verb.head)
    elif verb.dep_ in ("csubj", "csubjpass") and verb.head != verb:
        chain.append(verb.head)  # "directly sanctioning Mr Kim could have implications": a supposition
    hypothetical = planned = negated = False
    for v in chain:
        auxes = [c for c in v.children if c.dep_ in ("aux", "auxpass", "neg", "mark")]
        words = {c.lower_ for c in auxes}
        if words & lex.hypothetical and not (words & {"have", "has", "had"}):
            hypothetical = True
        if "if" in words or "unless" in words:
            hypothetical = True
        if words & {"will", "would", "shall", "'ll"} or v.lemma_.lower() in lex.planned and v != tok:
            planned = True
        if v != tok and v.lemma_.lower() in THREAT_WORDS:
            hypothetical = True  # a threatened act is a threat (CAMEO 13), not the act: it has not happened
        if any(c.dep_ == "neg" for c in auxes) and v in (tok, verb):
            negated = True
    if any(c.dep_ == "neg" or c.lower_ in ("no",) for c in tok.children if c.dep_ in ("neg", "det")):
        negated = True
    if tok.pos_ == "VERB" and any(d.dep_ == "det" and d.lower_ == "no" for c in tok.children
                                  if c.dep_ in ("nsubjpass", "dobj") for d in c.children):
        negated = True  # "no drones had been delivered", "sent no weapons": nothing was done
    if _under_condition(tok) or _warned_of(verb):
        hypothetical = True
    if planned and _conditioned(tok):
        hypothetical = True  # "vowed to hit North Korea hard if provoked": a promise with a condition
    first = verb  # "capacity to wage war and kill": "kill" shares the infinitive of "wage"
    while first.dep_ == "conj" and first.head != first and first.head.pos_ in ("VERB", "AUX"):
        first = first.head
    if first.dep_ == "acl" and first.head.pos_ == "NOUN":  # "a threat to arm Iran", "plans to buy jets"
        head = first.head.lemma_.lower()
        if head in HYPOTHETICAL_NOUNS:
            hypothetical = True
        elif head in PLANNED_NOUNS:
            planned = True
    if _infinitive_of(first) and first.head.pos_ == "ADJ" \
            and first.head.lemma_.lower() in HYPOTHETICAL_ADJECTIVES:
        hypothetical = True
    if tok.lemma_.lower() in ("offer", "propose", "pledge", "promise") and tok.pos_ == "VERB":
        planned = True  # what is offered, proposed, pledged or promised has not happened yet
    if tok.pos_ in ("NOUN", "PROPN"):
        governor = _noun_governor(tok)
        if any(c.dep_ == "det" and c.lower_ in ("any", "every") for c in tok.children) or \
                governor in HYPOTHETICAL_NOUNS:
            hypothetical = True  # "the potential for any transfer", "the risk of an attack"
        elif governor in PLANNED_NOUNS:
            planned = True  # "a pledge of new sanctions", "plans for joint drills"
        if _feared_or_foiled(tok):
            hypothetical = True
    elif _kept_from(tok):
        hypothetical = True  # "warned Serbia against buying Chinese weapons", "refrained from striking"
    elif _any_party(tok) and not negated:  # ("never supplied weapons to any party": "any" of a negation)
        hypothetical = True  # "sanctions on any country that buys oil", "retaliate against any attack"
    return hypothetical, planned, negated


# ("every" is left out: "struck every building in the block" is done; the object "any" is left out too:
# "denied supplying any weapons" speaks of a transfer the denial is about)
ANY_WORDS = frozenset({"any", "whoever"})


def _any_party(verb: Token) -> bool:
    """A verb whose doer, or what it acts against, is anyone at all: a rule or a threat, not something
    done."""
    args = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    args += [o for p in verb.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"]
    if verb.dep_ == "relcl":  # "any country that buys": the antecedent
        args.append(verb.head)
    return any(a.lower_ in ANY_WORDS or any(d.dep_ == "det" and d.lower_ in ANY_WORDS for d in a.children)
               for a in args)


# Verbs whose object event has not happened: feared, expected, warned of, or stopped before it was done
# ("officials fear an attack on the embassy", "police foiled a bombing", "braced for a strike")
UNREALISED_OBJECT_VERBS = frozenset({"fear", "dread", "anticipate", "predict", "expect", "prevent", "avert",
                                     "thwart", "foil", "forestall", "deter"})
UNREALISED_PREP_VERBS = frozenset({"warn", "brace", "prepare"})


# Verbs that keep someone from an act named by a gerund after "against/from/of" ("cautioned Serbia against
# buying", "refrained from retaliating", "barred them from exporting", "stopped short of sanctioning")
KEPT_FROM_VERBS = UNREALISED_PREP_VERBS | {"caution", "advise", "dissuade", "discourage", "deter", "refrain",
                                          "prevent", "stop", "bar", "ban", "prohibit", "block", "urge"}


def _kept_from(verb: Token) -> bool:
    """A gerund trigger governed by "against/from/of" of a verb that keeps its doer from the act."""
    if verb.dep_ != "pcomp" or verb.head.lower_ not in ("against", "from", "of", "short"):
        return False
    gov = verb.head.head
    if gov.lower_ == "short":  # "stopped short of"
        gov = gov.head
    return gov.lemma_.lower() in KEPT_FROM_VERBS


def _feared_or_foiled(noun: Token) -> bool:
    head = noun.head
    if noun.dep_ == "dobj":
        return head.lemma_.lower() in UNREALISED_OBJECT_VERBS
    if noun.dep_ == "pobj" and head.lower_ in ("of", "for", "against"):
        return head.head.lemma_.lower() in UNREALISED_PREP_VERBS
    return False


def _warned_of(verb: Token) -> bool:
    """A future act a warning or threat is about, however deep its clause ("warned that it would continue
    to target ships"): a threat (CAMEO 13), not the act. The direct case is in `modality`'s chain."""
    cur = verb
    future = False
    for _ in range(4):
        future = future or any(c.dep_ == "aux" and c.lower_ in ("will", "would", "'ll", "shall")
                               for c in cur.children)
        if cur.dep_ not in ("xcomp", "ccomp", "advcl", "conj") or cur.head == cur:
            return False
        cur = cur.head
        if future and cur.lemma_.lower() in THREAT_WORDS:
            return True
    return False


def _under_condition(tok: Token) -> bool:
    """Inside a clause of "whether", "if" or "unless" ("confusion about whether the US will confront Iran",
    "if Iran attacks, ..."): asked about or supposed, not asserted."""
    cur = tok
    for _ in range(8):
        if any(c.dep_ == "mark" and c.lower_ in ("whether", "if", "unless") for c in cur.children):
            return True
        if cur.head == cur:
            return False
        cur = cur.head
    return False


def _conditioned(tok: Token) -> bool:
    """A condition hung on the trigger itself ("will strike back if attacked", "would supply jets unless
    talks resume"); with a future or a vow, the act depends on it and has not happened."""
    return any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless")
                                         for m in c.children) for c in tok.children)


def _infinitive_of(verb: Token) -> bool:
    """ "to strike" (its own "to", or that of the verb it is coordinated with: "to wage war and kill")."""
    while True:
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            return True
        if verb.dep_ != "conj" or verb.head == verb:
            return False
        verb = verb.head


def _noun_governor(tok: Token) -> str:
    """The noun a nominal trigger hangs on through "of"/"for" ("risk of war" -> "risk"), else ""."""
    cur = tok
    for _ in range(2):
        if cur.dep_ != "pobj" or cur.head.lower_ not in ("of", "for"):
            return ""
        gov = cur.head.head
        if gov.pos_ == "NOUN":
            return gov.lemma_.lower()
        cur = gov
    return ""


# "urged Europe to expand sanctions", "called for sanctions": what is asked of others has not happened
REQUEST_VERBS = frozenset({"call", "urge", "ask", "press", "appeal", "demand", "encourage", "implore",
                           "request", "lobby", "push"})


FACT_MARKS = frozenset({"after", "since", "because", "as", "when", "while", "once", "though", "although"})


def _requested(tok: Token) -> bool:
    if tok.dep_ == "pobj" and tok.head.lower_ == "for" and tok.head.head.lemma_.lower() in REQUEST_VERBS:
        return True
    clause = clause_head(tok)
    for _ in range(3):  # "urged China to stop supplying": up through the chain of "to" clauses
        if clause.dep_ not in ("xcomp", "advcl", "ccomp") or clause.head == clause:
            return False
        if any(c.dep_ == "mark" and c.lower_ in FACT_MARKS for c in clause.children):
            return False  # "called for sanctions after Iran test-fired missiles": the test happened
        if clause.head.lemma_.lower() in REQUEST_VERBS:
            return True
        clause = clause.head
    return False
