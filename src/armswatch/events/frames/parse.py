"""Walking the dependency parse: subjects, objects, prepositions, clause heads, verb lemmas."""

from __future__ import annotations

from spacy.tokens import Token

from armswatch.events.frames.lexicon import PLANNED_NOUNS, lexicon

# ------------------------------------------------------------------------------------------ parse helpers


def children(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def preps(tok: Token, *words: str) -> list[Token]:
    """Objects of tok's prepositions with these words ("to Russia" -> Russia)."""
    out = []
    for p in tok.children:
        if p.dep_ == "prep" and (not words or p.lower_ in words):
            out.extend(c for c in p.children if c.dep_ in ("pobj", "pcomp"))
    return out


# Second words of "from inside X", "from across the border": the place is where the act came from
FROM_WHERE = frozenset({"inside", "within", "behind", "across", "beyond", "outside", "under", "over", "near"})


def prep_objects(tok: Token) -> list[tuple[str, Token]]:
    """(preposition, object) pairs under tok, including two-word ones ("according to")."""
    out = []
    for p in tok.children:
        if p.dep_ != "prep":
            continue
        for c in p.children:
            if c.dep_ in ("pobj", "pcomp"):
                out.append((p.lower_, c))
            elif c.dep_ == "prep":  # "out of", "away from"; "from inside Yemen" is still whence
                word = p.lower_ if p.lower_ == "from" and c.lower_ in FROM_WHERE else c.lower_
                out.extend((word, cc) for cc in c.children if cc.dep_ == "pobj")
    return out


# Verbs whose object, not their subject, does what their "to" clause says ("urged China to stop supplying")
OBJECT_CONTROL_VERBS = frozenset({"urge", "ask", "press", "encourage", "persuade", "force", "order", "tell",
                                  "allow", "permit", "help", "warn", "call", "invite", "pressure", "compel"})
# Verbs whose passive "by" agent, not their passive subject, does what the "to" clause says ("the ship was
# used/chartered by X to carry"); raising verbs ("X is believed by analysts to have sold") are not here.
INSTRUMENT_VERBS = frozenset({"use", "employ", "charter", "hire", "lease", "task", "commission", "deploy"})


def reduced_relative_of(verb: Token) -> Token | None:
    """ "seized a dhow carrying arms": a participle the parser hangs on the verb (advcl) though it describes
    the object just before it, with no comma between; that object, else None."""
    if verb.dep_ != "advcl" or verb.tag_ != "VBG" or verb.i == 0 or verb.nbor(-1).is_punct:
        return None
    for obj in verb.head.children:
        if obj.dep_ == "dobj" and obj.right_edge.i == verb.i - 1:
            return obj
    return None


# (not "that": "the drone that killed three soldiers" defines a thing by its act; "Poland, which has sent
# 300 tanks" and "militants who stormed a base" tell what a party did)
RELATIVE_PRONOUNS = frozenset({"who", "which"})


def _subject_before_parenthetical(verb: Token) -> Token | None:
    """ "Secretary of State John Kerry, an official said, was notified ...": the parser makes the name a
    second subject of the inserted "an official said"; with the verb itself left with none, the earlier
    subject, set off by a comma before the speaker, is the verb's."""
    if any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in verb.children):
        return None
    for said in verb.children:
        if said.dep_ != "parataxis" or said.lemma_.lower() not in lexicon().speech:
            continue
        subjects = sorted((c for c in said.children if c.dep_ == "nsubj"), key=lambda c: c.i)
        if len(subjects) >= 2 and subjects[0].i + 1 < len(verb.doc) and subjects[0].nbor(1).text == ",":
            return subjects[0]
    return None


def subject_of(verb: Token) -> Token | None:
    """The subject of a verb, or of the verb whose unsaid subject it shares (xcomp, advcl, conj); for
    "accused X of supplying" X; for "ships offloading" the ships; for "X's attempts to buy" X."""
    lex = lexicon()
    cur = verb
    for _ in range(5):
        subj = [c for c in cur.children if c.dep_ in ("nsubj", "csubj")]
        if subj:  # the nearest: a dateline ("KYIV (Reuters) - Russia has ...") may parse as a second one
            nearest = max(subj, key=lambda x: x.i if x.i < cur.i else -1)
            if cur.dep_ == "relcl" and nearest.lower_ in RELATIVE_PRONOUNS \
                    and cur.head.pos_ in ("NOUN", "PROPN"):
                return cur.head  # "Poland, which has sent 300 tanks": the relative's antecedent
            return nearest
        if cur != verb:
            parenthetical = _subject_before_parenthetical(cur)
            if parenthetical is not None:  # "Kerry, an official said, was told ... while meeting with X"
                return parenthetical
            shared = [c for c in cur.children if c.dep_ == "nsubjpass"]
            if shared and verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.head == cur:
                return shared[0]  # "X was notified of it while meeting with Y": X was meeting Y
        if cur != verb and verb.dep_ == "xcomp" and cur.lemma_.lower() in INSTRUMENT_VERBS:
            agent = agent_of(cur)  # "the tanker was used by X to supply": X supplies
            if agent is not None:
                return agent
        if cur != verb and verb.dep_ == "xcomp":  # "X is believed/said to have sold": X sold
            raised = [c for c in cur.children if c.dep_ == "nsubjpass"]
            if raised:
                return raised[0]
        if cur.dep_ in ("pcomp", "pobj") and cur.head.dep_ == "prep" and cur.head.lower_ in ("of", "for"):
            gov = cur.head.head
            if gov.lemma_.lower() in lex.agent_object_verbs:
                objs = [c for c in gov.children if c.dep_ in ("dobj", "nsubjpass")]
                if objs:
                    return objs[0]
                if gov.dep_ == "acl" and gov.tag_ == "VBN":
                    return gov.head  # "a tanker suspected of smuggling arms": the tanker, not the clause's
        if cur.dep_ == "acl" and cur.tag_ == "VBG":
            return cur.head
        carried_by = reduced_relative_of(cur)
        if carried_by is not None:
            return carried_by
        infinitive_relcl = cur.dep_ == "relcl" and any(c.dep_ == "aux" and c.lower_ == "to"
                                                        for c in cur.children)  # "a deal to supply"
        if cur.dep_ == "acl" and cur.tag_ == "VBN" and not any(c.dep_ == "agent" for c in cur.children):
            return None  # "shot down a missile fired towards the destroyer": a passive's doer left unsaid
        if (cur.dep_ == "acl" or infinitive_relcl) and cur.head.pos_ in ("NOUN", "PROPN"):
            poss = [c for c in cur.head.children if c.dep_ == "poss"]
            if poss:
                return poss[0]
            if cur.head.dep_ == "dobj" and cur.head.head != cur.head:  # "X signed a contract to buy": X
                cur = cur.head.head
                continue
            if (cur.head.dep_ == "pobj" and cur.head.lemma_.lower() in PLANNED_NOUNS
                    and cur.head.head.dep_ == "prep" and cur.head.head.head.pos_ in ("VERB", "AUX")):
                cur = cur.head.head.head  # "X notified Congress of plans to sell": X plans to sell
                continue
            return None
        if (cur.dep_ == "advcl" and cur.tag_ == "VBG" and cur.i > 0 and cur.nbor(-1).text == ","
                and cur.head.dep_ == "ccomp" and cur.head.head != cur.head):
            # "X denied that Y had supplied arms, calling the reports lies": the parser hangs the
            # participle on the reported clause, but it is X who calls them so
            cur = cur.head.head
            continue
        if cur.dep_ == "xcomp" and cur.head.lemma_.lower() in OBJECT_CONTROL_VERBS:
            objs = [c for c in cur.head.children if c.dep_ == "dobj"]
            if objs:  # "urged China to stop supplying": China would be the one supplying
                return objs[0]
        if cur.dep_ in ("xcomp", "advcl", "conj", "pcomp", "acomp", "oprd") and cur.head != cur:
            cur = cur.head
            if cur.dep_ == "prep" and cur.head != cur:
                cur = cur.head
            continue
        return None
    return None


def passive_subject(verb: Token) -> Token | None:
    """The passive subject of a verb, or the one it shares as a second participle ("the drones were
    assembled in Iran and flown to Russia": the drones were flown)."""
    s = children(verb, "nsubjpass")
    if not s and verb.dep_ == "conj" and verb.tag_ == "VBN" and not children(verb, "nsubj", "dobj"):
        s = children(verb.head, "nsubjpass") if verb.head.tag_ == "VBN" else []
    return s[0] if s else None


def agent_of(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ == "agent":
            objs = children(c, "pobj")
            return objs[0] if objs else None
    return None


def phrasal_key(tok: Token) -> str:
    prt = [c.lower_ for c in tok.children if c.dep_ == "prt"]
    return f"{tok.lemma_.lower()} {prt[0]}" if prt else ""


def noun_phrase_key(tok: Token) -> str:
    comp = [c.lower_ for c in tok.children if c.dep_ in ("compound", "amod") and c.i == tok.i - 1]
    return f"{comp[0]} {tok.lemma_.lower()}" if comp else ""


def clause_head(tok: Token) -> Token:
    """The verb of the clause a token is in (itself for a verb)."""
    cur = tok
    for _ in range(8):
        if cur.pos_ in ("VERB", "AUX") or cur.head == cur:
            return cur
        cur = cur.head
    return cur


def verb_lemmas(tok: Token) -> tuple[str, ...]:
    """The verb's lemma, and for an -ed/-ing form also that lemma + "e": spaCy's rule lemmatizer strips
    "staged" to "stag" and "staging" to "stag" (as it must "tagged" to "tag")."""
    lemma = tok.lemma_.lower()
    lower = tok.lower_
    if lower.endswith(("lled", "lling")):  # British doubling: "trialled", "travelled" ("trialle")
        return lemma, lower[: -3 if lower.endswith("lled") else -4]
    if lower.endswith(("ed", "ing")) and not lemma.endswith("e"):
        return lemma, lemma + "e"
    if lower.endswith("led") and lemma.endswith("le"):  # "trialed" -> "triale"
        return lemma, lower[:-2]
    if lower.endswith(("ied", "ies")) and lemma.endswith("ie"):  # a verb the word lists lack: "resupplie"
        return lemma, lemma[:-2] + "y"
    return (lemma,)


HEDGE_VERBS = frozenset({"appear", "seem", "look"})


def hedged_objects(verb: Token) -> list[Token]:
    """ "fired what appeared to be a ballistic missile": the thing named inside the hedge, which the parser
    hangs on a clause ("what" the subject of "appeared") instead of on the verb as its object."""
    out: list[Token] = []
    for clause in verb.children:
        if clause.dep_ not in ("ccomp", "dobj") or clause.lemma_.lower() not in HEDGE_VERBS:
            continue
        if not any(c.dep_ == "nsubj" and c.lower_ == "what" for c in clause.children):
            continue
        for x in clause.children:  # "appeared to be X" (xcomp "be" with attr X) or "looked like X"
            if x.dep_ == "xcomp":
                out += [a for a in x.children if a.dep_ in ("attr", "acomp")]
            elif x.dep_ == "prep" and x.lower_ == "like":
                out += [a for a in x.children if a.dep_ == "pobj"]
    return out
