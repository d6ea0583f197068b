"""Near-duplicate reports: the same wire story carried by two outlets is one source, not two.

MinHash over word 5-shingles with banded locality-sensitive hashing, so the work is linear in the number
of reports (no all-pairs comparison), then union-find over the candidate pairs whose estimated Jaccard
similarity passes the threshold. Written here rather than taken from a library because the one good
library for it (datasketch) is not a dependency and the method is thirty lines of numpy.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from armswatch.clean.models import Article
from armswatch.fuse.sources import UNKNOWN, Source, source_of

WORD = re.compile(r"\w+")
SHINGLE = 5  # words per shingle: long enough that common phrases ("the foreign ministry said") rarely match
PERMUTATIONS = 64
BANDS = 16  # 16 bands x 4 rows: pairs near Jaccard 0.5 become candidates with probability about 0.6,
ROWS = PERMUTATIONS // BANDS  # pairs at 0.8 with probability > 0.99
# 0.5: half of the shingles shared: a lightly edited or shortened copy of one story. Chosen by reasoning
# about wire copies (a headline and a paragraph changed), not tuned: no labelled duplicate pairs exist here.
DUPLICATE_JACCARD = 0.5
_MASK = np.uint64(0xFFFFFFFFFFFFFFFF)


@dataclass(frozen=True)
class _Hashes:
    a: np.ndarray
    b: np.ndarray


def _hash_family() -> _Hashes:
    rng = np.random.default_rng(20231013)  # fixed seed: the same input gives the same groups
    a = rng.integers(1, 2**63 - 1, size=PERMUTATIONS, dtype=np.uint64) | np.uint64(1)  # odd multipliers
    b = rng.integers(0, 2**63 - 1, size=PERMUTATIONS, dtype=np.uint64)
    return _Hashes(a, b)


_FAMILY = _hash_family()


def shingle_hashes(text: str) -> np.ndarray:
    """64-bit hashes of the text's word 5-shingles (lower-cased), distinct and sorted; empty for texts
    under five words. Each distinct word is hashed once (blake2b), and a shingle's hash is a polynomial
    of its five word hashes computed in numpy: one Python hash per shingle made fingerprinting 10,000
    reports cost more than clustering them (issue 16)."""
    words = WORD.findall(text.casefold())
    if len(words) < SHINGLE:
        return np.empty(0, dtype=np.uint64)
    vocabulary: dict[str, int] = {}
    codes = np.fromiter((vocabulary.setdefault(w, len(vocabulary)) for w in words), dtype=np.int64,
                        count=len(words))
    digests = b"".join(hashlib.blake2b(w.encode(), digest_size=8).digest() for w in vocabulary)
    word_hashes = np.frombuffer(digests, dtype="<u8").astype(np.uint64)[codes]
    n = len(words) - SHINGLE + 1
    out = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(SHINGLE):  # wrapping arithmetic mod 2**64: h = sum(word_j * P**j)
            out = out * _SHINGLE_PRIME + word_hashes[j : j + n]
    return np.unique(out)


_SHINGLE_PRIME = np.uint64(0x100000001B3)  # the 64-bit FNV prime: odd, bits spread


def minhash_signature(hashes: np.ndarray) -> np.ndarray:
    """PERMUTATIONS minimum values of multiply-shift hashes of the shingle hashes."""
    with np.errstate(over="ignore"):
        mixed = (hashes[None, :] * _FAMILY.a[:, None] + _FAMILY.b[:, None]) & _MASK
    return (mixed >> np.uint64(16)).min(axis=1)


def _find(parent: dict[str, str], x: str) -> str:
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def _union(parent: dict[str, str], a: str, b: str) -> None:
    ra, rb = _find(parent, a), _find(parent, b)
    if ra != rb:
        lo, hi = sorted((ra, rb))  # the smaller id represents the group: deterministic
        parent[hi] = lo


def fingerprint(text: str) -> bytes:
    """A text's MinHash signature as bytes (empty under five words): per-report data computed once, when
    the report is annotated, and stored beside its annotations. Fingerprinting costs about 1 ms a report
    (regex, hashing), which at 100,000 reports was a third of fusion's time budget (issue 16)."""
    hashes = shingle_hashes(text)
    return b"" if hashes.size == 0 else minhash_signature(hashes).astype("<u8").tobytes()


def fingerprint_text(fp: bytes) -> str:
    """A fingerprint as text for a JSON payload."""
    return base64.b64encode(fp).decode("ascii")


def fingerprint_from_text(text: str) -> bytes:
    return base64.b64decode(text)


def near_duplicate_groups(texts: Mapping[str, str], fingerprints: Mapping[str, bytes] | None = None
                          ) -> dict[str, str]:
    """Map each document id to its group's representative id (the smallest id among near-duplicates).
    `fingerprints` (document id -> `fingerprint` of its text, stored) spares computing them again;
    documents without one are fingerprinted here."""
    parent = {doc: doc for doc in texts}
    known = fingerprints or {}
    docs: list[str] = []
    prints: list[bytes] = []
    for doc in sorted(texts):
        fp = known.get(doc)
        if fp is None:
            fp = fingerprint(texts[doc])
        if fp:
            docs.append(doc)
            prints.append(fp)
    if not docs:
        return parent
    signatures = np.frombuffer(b"".join(prints), dtype="<u8").reshape(len(prints), PERMUTATIONS)
    n = len(docs)
    checked: set[int] = set()  # pairs (a, b) as a * n + b
    for members in _shared_bands(signatures):
        # each document meets the bucket's leaders (the first of each group found in it), not every
        # other document: many copies of one wire story made the all-pairs loop quadratic. The agreement
        # of every member with the first leader is counted at once (one numpy call, not one a pair).
        first = members[0]
        with_first = np.count_nonzero(signatures[members] == signatures[first], axis=1)
        leaders: list[int] = []
        for k, b in enumerate(members):
            for a in leaders:
                if a * n + b in checked:
                    continue
                checked.add(a * n + b)
                agree = with_first[k] if a == first else np.count_nonzero(signatures[a] == signatures[b])
                if agree / PERMUTATIONS >= DUPLICATE_JACCARD:
                    _union(parent, docs[a], docs[b])
                    break
            else:
                leaders.append(b)
    return {doc: _find(parent, doc) for doc in texts}


def _shared_bands(signatures: np.ndarray) -> list[list[int]]:
    """The documents (rows) whose signatures agree on a whole band, for each band value shared by two or
    more, in the order of (first member, band): one numpy sort a band instead of a dictionary of a
    million byte-string keys at 100,000 reports."""
    n = len(signatures)
    bands = signatures.reshape(n, BANDS, ROWS)
    found: list[tuple[int, int, list[int]]] = []
    for band in range(BANDS):
        keys = np.ascontiguousarray(bands[:, band, :]).view(np.dtype((np.void, ROWS * 8))).ravel()
        _, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
        shared = np.flatnonzero(counts[inverse] > 1)
        if not shared.size:
            continue
        rows = shared[np.argsort(inverse[shared], kind="stable")]  # by value, ascending rows within
        cuts = np.flatnonzero(np.diff(inverse[rows])) + 1
        found.extend((int(m[0]), band, m.tolist()) for m in np.split(rows, cuts))
    found.sort(key=lambda t: (t[0], t[1]))
    return [members for _, _, members in found]


def outlet_key(article: Article | None, doc: str) -> str:
    """The source a document counts for (a wire agency, an outlet), else the document itself."""
    src = source_of(article)
    return src.key if src.key is not None else "doc:" + doc


@dataclass(frozen=True)
class SourceGroup:
    """Documents that count as one source: one wire story or outlet, near-duplicate texts joined.
    `source` is the group's best-identified source; unknown when no document in it names one."""

    documents: tuple[str, ...]
    source: Source

    @property
    def known(self) -> bool:
        return self.source.known


def source_groups(
    docs: Iterable[str],
    articles: Mapping[str, Article],
    dup_group: Mapping[str, str],
    sources: Mapping[str, Source] | None = None,
) -> list[SourceGroup]:
    """Documents grouped into independent sources: one outlet or wire agency is one source (a wire story
    counts for its agency, whoever carries it), and near-duplicate texts join their sources into one.
    A group none of whose documents names its outlet is unknown: it is a source, never a corroborating
    one. Groups sorted by their documents. `sources` (document -> `source_of` its article, computed once
    for all events) spares reading each report's dateline again for every event it speaks of."""
    docs = sorted(set(docs))
    parent = {d: d for d in docs}
    first_of: dict[str, str] = {}
    found = {d: sources[d] if sources is not None and d in sources else source_of(articles.get(d))
             for d in docs}
    for d in docs:
        keys = ["dup:" + dup_group.get(d, d)]
        if found[d].key is not None:
            keys.append(found[d].key)
        for key in keys:
            if key in first_of:
                _union(parent, first_of[key], d)
            else:
                first_of[key] = d
    groups: dict[str, list[str]] = defaultdict(list)
    for d in docs:
        groups[_find(parent, d)].append(d)
    out = []
    for members in sorted(groups.values()):
        known = [found[d] for d in members if found[d].known]
        # the most reliable identification stands for the group (a wire copy found by its dateline)
        best = min(known, key=lambda s: (s.reliability, s.key or "")) if known else UNKNOWN
        out.append(SourceGroup(tuple(members), best))
    return out


def independent_sources(
    docs: Iterable[str], articles: Mapping[str, Article], dup_group: Mapping[str, str]
) -> list[list[str]]:
    """The documents of each independent source (see `source_groups`)."""
    return [list(g.documents) for g in source_groups(docs, articles, dup_group)]


class _Bodies(Mapping[str, str]):
    """Document id -> body, each read when asked for: `near_duplicate_groups` reads only the bodies of
    documents with no stored fingerprint (reading every one from the store was 1.7 of a 14 s rerun of
    1,000 stored reports under the profiler, issue 16)."""

    def __init__(self, articles: dict[str, Article]) -> None:
        self._articles = articles

    def __getitem__(self, key: str) -> str:
        return self._articles[key].body

    def __iter__(self) -> Iterator[str]:
        return iter(self._articles)

    def __len__(self) -> int:
        return len(self._articles)


def article_texts(articles: Sequence[Article], wanted: Iterable[str]) -> Mapping[str, str]:
    """Bodies of the wanted documents (only those that carry mentions need comparing), read lazily."""
    keep = set(wanted)
    return _Bodies({a.id: a for a in articles if a.id in keep})
