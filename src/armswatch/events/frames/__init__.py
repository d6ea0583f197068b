"""Event frames: which words signal which event type, and how the dependency parse gives each role.

A trigger is a verb or noun whose lemma is in the lexicon (data/frames.yaml). Its frame says how the
parse's relations map to roles: the subject of "supply" is the supplier and its "to" object the recipient,
the subject of "receive" is the recipient and its "from" object the supplier, the possessor of a nominal
"transfer" is the supplier ("Iran's transfer of drones"), the subject of a light verb gives a
nominal trigger its actor ("X imposed sanctions on Y", "X conducted drills").

Why lemma lookups rather than spaCy's Matcher/DependencyMatcher: every trigger is one token (a lemma, or
a lemma and its particle), and all the work is in walking the parse from it, which the matchers do not do;
a dict lookup per token is the cheapest form of a `{"LEMMA": {"IN": [...]}}` pattern and keeps the
lexicon in one YAML file. Nothing here re-parses or calls the pipeline.

Rules, and why each exists:
- Entities of a role are the linked entities in the argument's subtree, not crossing clauses and not
  crossing prepositions that introduce another role ("the US envoy for North Korea" is the US's envoy;
  "condemned X's transfer of missiles to Russia" condemns X, not Russia). Where the head names no entity
  the nested ones count ("to a depot in western Iran near Kermanshah").
- A verb without its own subject takes its governor's ("travelled to X to meet Y", "seeks to receive",
  "after meeting his counterparts"), as English leaves the shared subject unsaid.
- "accuse/condemn/blame X of/for [event]": X is the event's agent.
- A purpose clause "to help/bolster X" names the recipient of a transfer ("sent arms to help Russia's war").
- A transfer needs goods in its arguments (an item of the item lexicon, or cargo: "300 containers"):
  "provide", "send" and "move" are everyday verbs; civil goods (fuel, coal, machinery, cargo) count only
  with a state or armed group on one side ("the company sells clothing" is no event of the field).
  Goods named with their maker ("Iranian-made drones") name the supplier when no one else does.
- A meeting needs two parties: a named person or body, a counterpart noun ("his counterparts") or a
  plural subject ("X and Y met"); "the plan meets the requirements" and "visit our site" are none.
- "designate" sanctions only someone (an entity, or entities, companies, vessels ...), not a day.
- The subject nearest the verb wins (a dateline "KYIV (Reuters) - Russia has ..." parses as a second).
- A place's role comes from its preposition: from -> origin, to/into -> destination, via/through -> via,
  in/at/near/off/... -> location; a country after "to"/"from" of a transfer is the recipient/supplier.
- "fire/launch" a missile is a test unless it is aimed ("at/on/against" a country or place): an attack.
- Negated triggers ("did not condemn") are not events, except transfers, which become denied ones;
  "could/might/may" (without "have") make an event hypothetical and it is dropped; "will/would",
  "plan/vow/pledge to" mark it planned.

The package, in the order a trigger goes through it: `lexicon` (the words of each frame), `triggers`
(finding them in a sentence), `build` (`build_candidate`: a trigger to a candidate event), whose builders
are in `verbs` and `nouns`, one per event type, drawing on `roles` (places, goods, agents, light verbs),
`context` (which entities a subtree names), `parse` (walking the dependency tree) and `modality` (facts
apart from plans, hypotheses and requests).
"""

from __future__ import annotations

from armswatch.events.frames.build import build_candidate
from armswatch.events.frames.context import Candidate, Context, Entity, entities_under
from armswatch.events.frames.lexicon import (
    ACTOR_TYPES,
    CLAUSE_DEPS,
    PLACE_TYPES,
    ROLE_PREPS,
    SPEAKER_SKIP_PREPS,
    VESSEL_TYPES,
    frame_type,
    lexicon,
)
from armswatch.events.frames.modality import modality
from armswatch.events.frames.parse import (
    children,
    clause_head,
    phrasal_key,
    preps,
    reduced_relative_of,
    subject_of,
)
from armswatch.events.frames.triggers import (
    OTHER_SENSE_PHRASALS,
    candidate_tokens,
    find_triggers,
    in_sentence,
    retag_event_nouns,
    sense_fixed_by_context,
)

__all__ = [
    "ACTOR_TYPES",
    "CLAUSE_DEPS",
    "Candidate",
    "Context",
    "Entity",
    "OTHER_SENSE_PHRASALS",
    "PLACE_TYPES",
    "ROLE_PREPS",
    "SPEAKER_SKIP_PREPS",
    "VESSEL_TYPES",
    "build_candidate",
    "candidate_tokens",
    "children",
    "clause_head",
    "entities_under",
    "find_triggers",
    "frame_type",
    "in_sentence",
    "lexicon",
    "modality",
    "phrasal_key",
    "preps",
    "reduced_relative_of",
    "retag_event_nouns",
    "sense_fixed_by_context",
    "subject_of",
]
