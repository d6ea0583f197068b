"""`fuse_events`: event mentions from many reports -> fused events with sources, status and credibility."""

from __future__ import annotations

import gc
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from armswatch.clean.models import Article
from armswatch.events.models import Event, EventMention, ItemValue, PlaceRole, TimeSpan
from armswatch.fuse.duplicates import SourceGroup, article_texts, near_duplicate_groups, source_groups
from armswatch.fuse.grouping import (
    Cluster,
    Interned,
    Matcher,
    Profile,
    cluster_mentions,
    parent_of,
    profile,
    shipment_legs,
)
from armswatch.fuse.sources import source_of
from armswatch.fuse.status import Denial, judge
from armswatch.fuse.timespan import Interval, contains, interval_of, parse_day, span_days

RELATING_TYPES = frozenset({"denial", "condemnation"})


@dataclass
class FusedEvent(Event):
    """An Event with the Admiralty source reliability kept apart from the information's credibility."""

    reliability: str = "F"  # A-F of the best supporting source; F when no supporting outlet is known
    reliability_reason: str = ""
    source_list: list[dict[str, Any]] = field(default_factory=list)  # each independent source


def fuse_events(
    mentions: Sequence[EventMention],
    articles: Sequence[Article],
    entity_types: Mapping[str, str],
    *,
    affiliations: Mapping[str, str] | None = None,
    entity_names: Mapping[str, str] | None = None,
    fingerprints: Mapping[str, bytes] | None = None,
) -> list[Event]:
    """Group mentions across reports into events (sub-events linked by `part_of`, denials and
    condemnations linked by `related` to the events they speak of), with the sources, status and
    Admiralty credibility of each. `affiliations` (person or body id -> country id) lets a person match
    the country they serve; `entity_names` makes the credibility reasons readable. Deterministic: the same
    input gives the same events, ids and order. `fingerprints` (document id -> `duplicates.fingerprint`
    of its body, stored with its annotations) spares computing them again."""
    with no_cyclic_gc():
        by_id = {a.id: a for a in articles}
        dup = near_duplicate_groups(article_texts(articles, {m.document for m in mentions}), fingerprints)
        return fuse_block(mentions, by_id, entity_types, affiliations or {}, entity_names or {}, dup,
                          shipment_legs(mentions), about_targets(mentions))


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Fusion makes millions of small objects (profiles, clusters, sets) and no reference cycles, so the
    cyclic garbage collector only rescans them again and again: a quarter to a third of fusion's time at
    20,000 mentions (loading a large store's cached annotations likewise). Reference counting still frees
    everything; the collector is back on after."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            # what was made meanwhile moved out of the collector's sight (it makes no cycles): turned back
            # on, the collector's next full collection would scan it all once more (a loaded store's
            # annotations: a second of CPU at 10,000 reports, issue 16); `analyze` gives them back at its end
            gc.freeze()
            gc.enable()


def about_targets(mentions: Sequence[EventMention]) -> dict[int, int]:
    """Mention index -> index of the mention its `about` points at (a denial's or condemnation's event,
    `about` counting the document's mentions in order), for those whose target is there."""
    per_doc: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        per_doc[m.document].append(i)
    out = {}
    for i, m in enumerate(mentions):
        if m.about is None or m.type not in RELATING_TYPES:
            continue
        doc_list = per_doc[m.document]
        if 0 <= m.about < len(doc_list):
            out[i] = doc_list[m.about]
    return out


def fuse_block(
    mentions: Sequence[EventMention],
    by_id: Mapping[str, Article],
    entity_types: Mapping[str, str],
    affiliations: Mapping[str, str],
    names: Mapping[str, str],
    dup: Mapping[str, str],
    legs: Mapping[int, Interval],
    targets: Mapping[int, int],
) -> list[Event]:
    """The events of `mentions`, given what fusion works out over all of a store's mentions: `dup`
    (document -> its near-duplicate group, `near_duplicate_groups`), `legs` (`shipment_legs`) and
    `targets` (`about_targets`), by index into `mentions`. `fuse_events` passes every mention; an
    incremental run (armswatch.fuse.incremental) the mentions of the blocks that changed."""
    interned = Interned()
    profiles = [profile(i, m, _reference(m, by_id), legs.get(i), interned) for i, m in enumerate(mentions)]
    del interned  # the shared sets live on in the profiles
    matcher = Matcher(entity_types, affiliations)
    clusters = cluster_mentions(profiles, matcher)
    cluster_of = {p.index: c.number for c in clusters for p in c.members}
    ids = event_ids(clusters)
    parents = _parents(clusters, matcher)
    related, denials_of = _relations(mentions, cluster_of, targets)

    docs = {m.document for m in mentions}
    found = {d: source_of(by_id.get(d)) for d in sorted(docs)}  # once a report, not once an event

    def groups(docs: Sequence[str]) -> list[SourceGroup]:
        return source_groups(docs, by_id, dup, found)

    events = []
    for c in clusters:
        ms = [
            p.mention for p in sorted(c.members, key=lambda p: (p.mention.document, p.mention.start, p.index))
        ]
        verdict = judge(
            ms, c.participants, denials_of.get(c.number, []), groups, affiliations, lambda e: names.get(e, e)
        )
        events.append(
            FusedEvent(
                id=ids[c.number],
                type=c.type,
                actor=_ranked(m.actor for m in ms),
                target=_ranked(m.target for m in ms),
                items=_items(ms),
                when=_when(ms),
                places=_places(ms),
                vessels=_ranked(m.vessels for m in ms),
                status=verdict.status,
                mentions=ms,
                sources={
                    "documents": verdict.documents,
                    "outlets": verdict.outlets,
                    "unknown": verdict.unknown,
                },
                credibility=verdict.credibility,
                credibility_reason=verdict.reason,
                part_of=ids[parents[c.number]] if c.number in parents else None,
                related=sorted(ids[n] for n in related.get(c.number, ())),
                reliability=verdict.reliability,
                reliability_reason=verdict.reliability_reason,
                source_list=[dict(x) for x in verdict.sources],
            )
        )
    return sorted(events, key=_event_order)


def _reference(m: EventMention, by_id: Mapping[str, Article]) -> date:
    a = by_id.get(m.document)
    return parse_day(m.stated_on) or parse_day(a.reference_date if a else None) or date(1970, 1, 1)


def _first_key(p: Profile) -> tuple[Any, ...]:
    """Order of mentions for `first_mention`: the report's date, then its id and place in the text."""
    m = p.mention
    return (p.reference, m.document, m.start, m.end, m.type, m.trigger, sorted(m.actor), sorted(m.target))


def first_mention(c: Cluster) -> EventMention:
    """The event's first mention: in the earliest report, the first in its text."""
    return min(c.members, key=_first_key).mention


def event_id(c: Cluster) -> str:
    """An id derived from the event's first mention alone (its report, place, type, trigger and roles),
    never from the cluster's make-up: a report added later, speaking of the event, leaves it unchanged."""
    m = first_mention(c)
    key = "|".join(
        [
            m.type,
            m.document,
            str(m.start),
            str(m.end),
            m.trigger,
            ",".join(sorted(m.actor)),
            ",".join(sorted(m.target)),
        ]
    )
    return "ev_" + hashlib.sha1(key.encode()).hexdigest()[:12]


def event_ids(clusters: Sequence[Cluster]) -> dict[int, str]:
    """Cluster number -> id; two events whose first mentions are alike (one sentence stating two) are told
    apart by a suffix, in the order of their first mentions."""
    ids: dict[int, str] = {}
    seen: Counter[str] = Counter()
    for c in sorted(clusters, key=lambda c: _first_key(min(c.members, key=_first_key))):
        base = event_id(c)
        seen[base] += 1
        ids[c.number] = base if seen[base] == 1 else f"{base}-{seen[base]}"
    return ids


_ANY_TIME = -1  # a campaign stating no time, or spanning more than _MAX_YEARS: any episode's


_MAX_YEARS = 50
# A much-named country's campaigns of one type covering one year number hundreds at 100,000 reports,
# and every one of them was compared with each episode (a growing scan, issue 16). Those sharing most of
# the episode's participants, then the largest, are compared; the seeds, dev reports and tests never
# reach the bound, so their links are those of the full scan.
MAX_PARENT_CANDIDATES = 64
PARENT_BUCKET = 256  # campaigns read of one (type, participant, year) bucket; the largest first


def _parents(clusters: Sequence[Cluster], matcher: Matcher) -> dict[int, int]:
    """Episode cluster -> the campaign it is part of, looked up through a (type, participant, year)
    index: a campaign whose time is stated can hold only an episode that starts in a year it covers
    (`parent_of`'s containment check), so an episode meets those, never every campaign of a much-named
    country. An episode stating no time meets every campaign sharing a participant, as before."""
    by_year: dict[tuple[str, str, int], list[int]] = defaultdict(list)
    by_entity: dict[tuple[str, str], list[int]] = defaultdict(list)
    for c in clusters:
        if c.episode:
            continue
        if c.hull is None or c.hull[1].year - c.hull[0].year > _MAX_YEARS:
            years: Sequence[int] = (_ANY_TIME,)
        else:
            years = range(c.hull[0].year, c.hull[1].year + 1)
        for e in c.participants:
            by_entity[(c.type, e)].append(c.number)
            for y in years:
                by_year[(c.type, e, y)].append(c.number)
    # each bucket's largest campaigns first (then the earliest), and only PARENT_BUCKET of them read:
    # a much-named country's bucket held thousands at 100,000 reports, read whole for every episode
    for index in (by_year, by_entity):
        for numbers in index.values():
            if len(numbers) > PARENT_BUCKET:
                numbers.sort(key=lambda n: (-len(clusters[n].members), n))
    out = {}
    for c in clusters:
        if not c.episode:
            continue
        found: Counter[int] = Counter()
        for e in c.participants:
            if c.hull is None:
                found.update(by_entity.get((c.type, e), ())[:PARENT_BUCKET])
            else:
                found.update(by_year.get((c.type, e, c.hull[0].year), ())[:PARENT_BUCKET])
                found.update(by_year.get((c.type, e, _ANY_TIME), ())[:PARENT_BUCKET])
        if len(found) > MAX_PARENT_CANDIDATES:
            # `parent_of` prefers the campaign sharing most participants, then the largest: those first,
            # of the campaigns that pass its cheap checks (items, time)
            ranked = sorted((-hits, -len(clusters[n].members), n) for n, hits in found.items()
                            if _may_hold(clusters[n], c))
            found = Counter({n: 1 for _, _, n in ranked[:MAX_PARENT_CANDIDATES]})
        parent = parent_of(c, [clusters[n] for n in sorted(found)], matcher)
        if parent is not None:
            out[c.number] = parent.number
    return out


def _may_hold(campaign: Cluster, episode: Cluster) -> bool:
    """`parent_of`'s cheap checks: items that agree, a time that contains the episode's."""
    if episode.items and campaign.items and not episode.items & campaign.items:
        return False
    return campaign.hull is None or episode.hull is None or contains(campaign.hull, episode.hull)


def _relations(
    mentions: Sequence[EventMention], cluster_of: Mapping[int, int], targets: Mapping[int, int]
) -> tuple[dict[int, set[int]], dict[int, list[Denial]]]:
    """Links from `about` (a denial or condemnation speaking of another event of the same report),
    `targets` as `about_targets` gives them."""
    related: dict[int, set[int]] = defaultdict(set)
    denials: dict[int, list[Denial]] = defaultdict(list)
    for i, j in sorted(targets.items()):
        m = mentions[i]
        a, b = cluster_of[i], cluster_of[j]
        if a == b:
            continue
        related[a].add(b)
        related[b].add(a)
        if m.type == "denial":
            denials[b].append(Denial(tuple(sorted(set(m.actor) | set(m.attributed_to))), m.document))
    return related, {k: sorted(set(v), key=lambda d: (d.document, d.by)) for k, v in denials.items()}


def _ranked(named: Iterable[Sequence[str]]) -> list[str]:
    """Entities of all mentions, most often named first (ties by id)."""
    lists = list(named)
    if len(lists) == 1:  # most events have one mention: each entity named once, so by id
        return sorted(set(lists[0]))
    counts: Counter[str] = Counter()
    for ids in lists:
        counts.update(dict.fromkeys(ids, 1))
    return sorted(counts, key=lambda e: (-counts[e], e))


def _items(ms: Sequence[EventMention]) -> list[ItemValue]:
    """Every distinct item and figure, side by side (a figure per category, value and unit once)."""
    seen: set[tuple[str, float | None, str | None]] = set()
    out = []
    for m in ms:
        for it in m.items:
            key = (
                it.category,
                it.quantity.value if it.quantity else None,
                it.quantity.unit if it.quantity else None,
            )
            if key in seen:
                continue
            seen.add(key)
            out.append(it)
    figured = {it.category for it in out if it.quantity is not None}
    return [it for it in out if it.quantity is not None or it.category not in figured]


def _when(ms: Sequence[EventMention]) -> TimeSpan | None:
    """The most precise stated time that every other stated time contains; else the span covering all."""
    spans = [(interval_of(m.when), m.when) for m in ms if m.when is not None]
    spans = [(iv, w) for iv, w in spans if iv is not None]
    if not spans:
        return None
    spans.sort(key=lambda s: (span_days(s[0]), s[0], s[1].start, s[1].end, s[1].text))
    for iv, w in spans:
        if all(contains(other, iv) for other, _ in spans):
            return w
    lo = min(spans, key=lambda s: (s[0][0], len(s[1].start)))[1].start
    hi = max(spans, key=lambda s: (s[0][1], -len(s[1].end)))[1].end
    return TimeSpan(lo, hi, "; ".join(sorted({w.text for _, w in spans if w.text})))


def _places(ms: Sequence[EventMention]) -> list[PlaceRole]:
    seen: dict[tuple[str, str], PlaceRole] = {}
    for m in ms:
        for p in m.places:
            seen.setdefault((p.role, p.entity), p)
    order = {"origin": 0, "via": 1, "destination": 2, "location": 3}
    return sorted(seen.values(), key=lambda p: (order.get(p.role, 9), p.entity))


def _event_order(e: Event) -> tuple[str, str, str]:
    start = e.when.start if e.when else "9999"
    return (start, e.type, e.id)
