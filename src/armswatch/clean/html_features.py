"""Parsing of an HTML page into text blocks with features, and metadata candidates.

A *block* is the text between two block-level boundaries (p, li, h2, div, br, ...), the unit the main-text
classifier in html.py keeps or drops. Features describe the block itself (length, link density, stopwords,
punctuation), its markup (tag, ancestors' tags and class/id vocabulary), whether trafilatura kept it
(`kept_fractions`) and jusText's class for it (`justext_classes`); context (neighbours) is added in
`block_matrix`. Written by hand because no library exposes per-block
features with the markup context we need; trafilatura and jusText only return their final decision.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import repeat

import lxml.etree as etree
import lxml.html
import numpy as np
from justext import get_stoplist
from justext.core import classify_paragraphs, revise_paragraph_classification
from justext.paragraph import Paragraph

# Elements whose start or end separates two blocks of text.
BLOCK_TAGS = frozenset((
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dd", "dt", "td", "th", "blockquote", "pre", "figcaption",
    "caption", "div", "section", "article", "main", "header", "footer", "nav", "aside", "ul", "ol", "dl",
    "table", "tr", "tbody", "thead", "form", "address", "details", "summary", "figure", "br", "hr", "body",
))
# Elements whose content is never visible text. Not <button>: libxml2 nests whole pages in an unclosed one.
SKIP_TAGS = frozenset((
    "script", "style", "noscript", "template", "svg", "head", "iframe", "select", "option", "input",
    "textarea", "object", "embed", "canvas", "math", "video", "audio", "map", "title", "meta", "link",
))
# As trafilatura parses: from bytes, comments dropped (a "<!-- -->" in text can otherwise derail libxml2).
_PARSER = lxml.html.HTMLParser(
    collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True, remove_pis=True
)
# Every element an HtmlElement, chosen in C: lxml.html's own lookup runs a Python function each time an
# element is touched (about 7,000 times a page between our walks, trafilatura, inscriptis and htmldate)
# only to give forms, inputs and labels their own classes, whose extra methods none of them calls. The
# same output on all 228 wcxb-dev pages; ~3% less CPU in cleaning.
_PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment, pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity))
HEADING_TAGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
TAG_CLASSES = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "div", "blockquote", "pre", "span",
               "dd", "figcaption", "section", "article", "a", "other")
ANCESTOR_TAGS = ("article", "main", "nav", "header", "footer", "aside", "form", "li", "table", "figure",
                 "blockquote", "ul", "ol", "a", "section", "label")
# class/id vocabulary of page furniture and of content containers (general web conventions).
CLASS_CATEGORIES: dict[str, str] = {
    "nav": r"nav|menu|breadcrumb|pagination|pager|skip",
    "footer": r"footer|copyright|legal",
    "header": r"header|masthead|topbar|top-bar",
    "comment": r"comment|disqus|reply|respond|discussion",
    "related": r"related|recommend|trending|popular|read-?next|more-?(?:stories|articles|from)|recirc|teaser"
    r"|promo|card|tease|carousel|slider|similar",
    "share": r"share|social|follow|sharing|facebook|twitter|whatsapp|linkedin|pinterest",
    "sidebar": r"sidebar|widget|aside|rail|secondary",
    "ad": r"(?:^|[\s_-])ads?(?:$|[\s_-])|advert|sponsor|dfp|banner|google_ad|adsense|outbrain|taboola",
    "newsletter": r"newsletter|subscri|signup|sign-up|cta|optin|opt-in|paywall|register",
    "cookie": r"cookie|consent|gdpr|modal|popup|overlay|dialog",
    "author": r"author|byline|bio|avatar|profile",
    "meta": r"meta|date|time|tags?(?:$|[\s_-])|categor|label|badge|read-?time",
    "content": r"content|article|post|entry|story|body|text|main|prose|rich|blog|single",
    "caption": r"caption|credit|figure|image|photo|media|gallery",
    "toc": r"toc(?:$|[\s_-])|table-of-contents|contents-list",
    "hidden": r"hidden|sr-only|visually-hidden|screen-reader|offscreen",
    "title": r"title|headline|heading",
    "list": r"list|grid|items?(?:$|[\s_-])|feed",
}
_CLASS_RES = {k: re.compile(v) for k, v in CLASS_CATEGORIES.items()}
CATEGORY_NAMES = tuple(CLASS_CATEGORIES)
_WS = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden")
STOPWORDS = frozenset(w.casefold() for w in get_stoplist("English"))
_SENT_END = re.compile(r"[.!?…:;][\"'”’)]?$")
_SENTENCE_STOP = re.compile(r"[.!?](?:\s|$)")


@dataclass
class Block:
    """One run of visible text and where it sits in the markup."""

    text: str
    element: etree._Element
    link_chars: int
    index: int = 0
    tokens: list[str] = field(default_factory=list)


def parse_html(html: str) -> etree._Element | None:
    """Parse possibly broken markup; None when nothing usable comes out."""
    if not html or not html.strip():
        return None
    try:
        return lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None


def _tag(el: etree._Element) -> str:
    t = el.tag
    return t.lower() if isinstance(t, str) else ""


def block_tag(block: Block) -> str:
    """Tag name of the element holding the block."""
    return _tag(block.element)


def _is_hidden(el: etree._Element) -> bool:
    if el.get("hidden") is not None or el.get("aria-hidden") == "true" and _tag(el) not in ("body", "html"):
        return True
    style = el.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


# Fewer words than this once hidden parts are skipped: the page shows its text by script (e.g. streamed
# server rendering puts the article in <div hidden> and reveals it), so hidden parts are read after all.
MIN_VISIBLE_TOKENS = 50


def extract_blocks(root: etree._Element) -> list[Block]:
    """Split the visible text of the page into blocks in document order."""
    blocks = _extract_blocks(root, skip_hidden=True)
    if sum(len(b.tokens) for b in blocks) < MIN_VISIBLE_TOKENS:
        revealed = _extract_blocks(root, skip_hidden=False)
        if sum(len(b.tokens) for b in revealed) >= MIN_VISIBLE_TOKENS:
            return revealed
    return blocks


def _extract_blocks(root: etree._Element, skip_hidden: bool) -> list[Block]:
    """One pass over the tree (no recursion), skipping invisible elements."""
    body = root.find("body")
    start = body if body is not None else root
    blocks: list[Block] = []
    stack: list[etree._Element] = [start]
    buf: list[str] = []
    link_chars = 0
    link_depth = 0

    def flush(owner: etree._Element) -> None:
        nonlocal buf, link_chars
        if buf:
            text = _WS.sub(" ", "".join(buf)).strip()
            if text:
                blocks.append(Block(text=text, element=owner, link_chars=min(link_chars, len(text))))
        buf = []
        link_chars = 0

    def add(text: str | None) -> None:
        nonlocal link_chars
        if text:
            buf.append(text)
            if link_depth:
                link_chars += len(text.strip())

    walker = etree.iterwalk(start, events=("start", "end"))
    skipped: set[etree._Element] = set()
    for event, el in walker:
        tag = _tag(el)
        if event == "start":
            if el is start:
                add(el.text)
                continue
            if not tag or tag in SKIP_TAGS or (skip_hidden and _is_hidden(el)):  # scripts, hidden parts
                if tag:
                    walker.skip_subtree()
                    skipped.add(el)
                continue
            if tag in BLOCK_TAGS:
                flush(stack[-1])
                stack.append(el)
            elif tag == "a":
                link_depth += 1
            add(el.text)
        else:
            if el is start:
                flush(stack[-1])
                continue
            if el in skipped:
                skipped.discard(el)
            elif tag in BLOCK_TAGS:
                flush(stack[-1])
                if len(stack) > 1:
                    stack.pop()
            elif tag == "a":
                link_depth = max(0, link_depth - 1)
            add(el.tail)
    for i, b in enumerate(blocks):
        b.index = i
        b.tokens = _WORD.findall(b.text.casefold())
    return blocks


def norm_tokens(text: str) -> str:
    """Casefolded words joined by single spaces, padded: for containment tests between texts."""
    return " " + " ".join(_WORD.findall(text.casefold())) + " "


def align_blocks(blocks: list[Block], text: str) -> np.ndarray:
    """Fraction of each block's words that line up with `text` (word-level longest matching runs).
    Training labels against the gold text (scripts/train_html_blocks.py); run time uses `kept_fractions`.

    A sequence alignment rather than substring tests: short blocks ("Services", "Share") occur anywhere
    by chance, and long ones may differ from `text` by a few words. difflib because it is exact and fast
    enough here (about 30 ms on a long page); autojunk off so frequent words still align.
    """
    words: list[str] = []
    owner: list[int] = []
    for i, b in enumerate(blocks):
        words += b.tokens
        owner += [i] * len(b.tokens)
    hits = np.zeros(len(blocks))
    target = _WORD.findall(text.casefold())
    if not words or not target:
        return hits
    owner_arr = np.array(owner)
    matcher = SequenceMatcher(None, words, target, autojunk=False)
    for start, _, size in matcher.get_matching_blocks():
        if size:
            np.add.at(hits, owner_arr[start:start + size], 1)
    return hits / np.maximum(1, [len(b.tokens) for b in blocks])


def kept_fractions(blocks: list[Block], text: str) -> np.ndarray:
    """Share of each block's words that `text` (trafilatura's output) contains, in linear time.

    Blocks of three words or more: share of their word trigrams found among the text's trigrams (partial
    when trafilatura trimmed part of a block). Shorter blocks count only when they are a whole line or
    table cell ("| a | b |" in trafilatura's text): "Share" or "Menu" also occur inside prose by chance.
    A cheap stand-in for `align_blocks` (difflib, ~30 ms a long page), used for the feature in training
    and at run time alike; the two disagree on 1.1% of the words of wcxb-dev (repeated blocks mostly).
    """
    out = np.zeros(len(blocks))
    words = _WORD.findall(text.casefold())
    if not words:
        return out
    trigrams = set(zip(words, words[1:], words[2:], strict=False))
    cells = (cell for line in text.splitlines() for cell in line.split("|"))
    segments = {" ".join(_WORD.findall(cell.casefold())) for cell in cells}
    for i, b in enumerate(blocks):
        t = b.tokens
        if len(t) >= 3:
            out[i] = sum(map(trigrams.__contains__, zip(t, t[1:], t[2:], strict=False))) / (len(t) - 2)
        elif t:
            out[i] = float(" ".join(t) in segments)
    return out


@lru_cache(maxsize=65536)
def _categories_of(class_id_role: str) -> frozenset[str]:
    """Categories of a class/id/role string; cached: a page repeats the same few strings many times."""
    if not class_id_role.strip():
        return frozenset()
    return frozenset(k for k, rx in _CLASS_RES.items() if rx.search(class_id_role))


class AncestryCache:
    """Ancestor tags and class/id categories of elements, computed once per element."""

    def __init__(self) -> None:
        self._tags: dict[etree._Element, frozenset[str]] = {}
        self._cats: dict[etree._Element, frozenset[str]] = {}
        self._depth: dict[etree._Element, int] = {}

    @staticmethod
    def own_categories(el: etree._Element) -> frozenset[str]:
        return _categories_of(f"{el.get('class') or ''} {el.get('id') or ''} {el.get('role') or ''}".lower())

    def get(self, el: etree._Element) -> tuple[frozenset[str], frozenset[str], int]:
        if el in self._tags:
            return self._tags[el], self._cats[el], self._depth[el]
        chain = []
        cur: etree._Element | None = el
        while cur is not None and cur not in self._tags:
            chain.append(cur)
            cur = cur.getparent()
        tags, cats, depth = (self._tags[cur], self._cats[cur], self._depth[cur]) if cur is not None else (
            frozenset(), frozenset(), 0)
        for node in reversed(chain):
            t = _tag(node)
            if t in ANCESTOR_TAGS:
                tags = tags | {t}
            own = self.own_categories(node)
            if own:
                cats = cats | own
            depth += 1
            self._tags[node], self._cats[node], self._depth[node] = tags, cats, depth
        return tags, cats, depth


BASE_FEATURES: tuple[str, ...] = (
    ("log_tokens", "log_chars", "link_density", "stop_ratio", "punct_ratio", "digit_ratio", "upper_start",
     "sent_end", "n_sentences", "avg_word_len", "traf_kept", "traf_overlap", "duplicate", "rel_pos",
     "in_traf_span", "dist_traf", "depth", "own_hidden_like", "is_heading", "title_like")
    + tuple(f"tag_{t}" for t in TAG_CLASSES)
    + tuple(f"anc_{t}" for t in ANCESTOR_TAGS)
    + tuple(f"cat_{c}" for c in CATEGORY_NAMES)
    + tuple(f"own_{c}" for c in CATEGORY_NAMES)
)
PAGE_FEATURES = ("page_log_blocks", "page_traf_frac", "page_traf_empty")
ANCESTOR_LEVELS = (0, 1, 2, 3)  # the block's element, its parent, grandparent, great-grandparent
ANCESTOR_REACH = 8  # blocks count towards ancestors up to this many levels above them
SUBTREE_FEATURES = tuple(f"up{lv}_{k}" for lv in ANCESTOR_LEVELS for k in ("traf_frac", "log_tokens", "link"))
CONTEXT_KEYS = ("log_tokens", "link_density", "stop_ratio", "traf_kept", "traf_overlap", "is_heading",
                "sent_end")
CONTEXT_OFFSETS = (-2, -1, 1, 2)


def feature_names() -> list[str]:
    names = list(BASE_FEATURES) + list(PAGE_FEATURES) + list(SUBTREE_FEATURES)
    for off in CONTEXT_OFFSETS:
        names += [f"ctx{off:+d}_{k}" for k in CONTEXT_KEYS]
    names += [f"win5_{k}" for k in ("traf_kept", "link_density", "stop_ratio")]
    names += [f"win15_{k}" for k in ("traf_kept", "link_density", "stop_ratio")]
    return names + list(JUSTEXT_FEATURES) + list(DUMP_FEATURES)


def block_matrix(blocks: list[Block], traf_text: str, title_norm: str = "",
                 dump: np.ndarray | None = None) -> np.ndarray:
    """Feature matrix (one row per block) in the order of `feature_names()`; `dump`: the block's
    `dump_line_features` (unknown, -1, when not given)."""
    n = len(blocks)
    if dump is None:
        dump = np.full((n, len(DUMP_FEATURES)), -1.0)
    base_idx = {k: i for i, k in enumerate(BASE_FEATURES)}
    base = np.zeros((n, len(BASE_FEATURES)), dtype=np.float64)
    traf_vocab = set(_WORD.findall(traf_text.casefold())) if traf_text else set()
    traf_kept = kept_fractions(blocks, traf_text) if traf_text else np.zeros(n)
    # Columns built from Python lists in one go: item-by-item writes into the numpy matrix cost more than
    # the features themselves (same values; ~250 blocks a page on wcxb-dev).
    texts = [b.text for b in blocks]
    toks_of = [b.tokens for b in blocks]
    nts = np.array([len(t) for t in toks_of], dtype=np.float64)
    ncs = np.array([len(t) for t in texts], dtype=np.float64)
    has_t, has_c = nts > 0, ncs > 0
    safe_nt, safe_nc = np.maximum(nts, 1), np.maximum(ncs, 1)

    def col(name: str, values: object) -> None:
        base[:, base_idx[name]] = values

    col("log_tokens", np.log1p(nts))
    col("log_chars", np.log1p(ncs))
    col("link_density", np.where(has_c, np.array([b.link_chars for b in blocks], dtype=np.float64) / safe_nc,
                                 0.0))
    stops = np.array([sum(map(STOPWORDS.__contains__, toks)) for toks in toks_of], dtype=np.float64)
    col("stop_ratio", np.where(has_t, stops / safe_nt, 0.0))
    punct = np.array([sum(map(t.count, ".,;:!?")) for t in texts], dtype=np.float64)
    col("punct_ratio", np.where(has_t, punct / safe_nt, 0.0))
    digits = np.array([len(_DIGIT.findall(t)) for t in texts], dtype=np.float64)
    col("digit_ratio", np.where(has_c, digits / safe_nc, 0.0))
    col("upper_start", [float(t[:1].isupper()) for t in texts])
    col("sent_end", [float(bool(_SENT_END.search(t))) for t in texts])
    col("n_sentences", np.log1p(np.array([len(_SENTENCE_STOP.findall(t)) for t in texts], dtype=np.float64)))
    word_chars = np.array([sum(map(len, toks)) for toks in toks_of], dtype=np.float64)
    col("avg_word_len", np.where(has_t, word_chars / safe_nt, 0.0))
    col("traf_kept", np.where(has_t, traf_kept, 0.0))
    in_traf = traf_vocab.__contains__
    col("traf_overlap", np.where(has_t, np.array([sum(map(in_traf, toks)) for toks in toks_of],
                                                 dtype=np.float64) / safe_nt, 0.0))
    if title_norm.strip():
        col("title_like", [float(bool(toks) and " ".join(toks) == title_norm.strip()) for toks in toks_of])
    seen = Counter(texts)
    col("duplicate", [float(seen[t] > 1) for t in texts])
    col("rel_pos", np.arange(n) / max(1, n - 1))
    cache = AncestryCache()
    # The markup's one-hot columns gathered as (row, column) pairs and set in one numpy write; the
    # column lists of a set of tags or categories are looked up once per distinct set (pages repeat them).
    depths, hidden, heading, one_rows, one_cols = [], [], [], [], []
    cols_of: dict[tuple[str, frozenset[str]], list[int]] = {}

    def cols(prefix: str, names: frozenset[str]) -> list[int]:
        key = (prefix, names)
        if key not in cols_of:
            cols_of[key] = [base_idx[f"{prefix}{x}"] for x in names]
        return cols_of[key]

    for i, b in enumerate(blocks):
        tags, cats, depth = cache.get(b.element)
        own = AncestryCache.own_categories(b.element)
        tag = _tag(b.element)
        depths.append(min(depth, 40) / 40)
        hidden.append(float("hidden" in own))
        heading.append(float(tag in HEADING_TAGS))
        ones = [base_idx[f"tag_{tag if tag in TAG_CLASSES else 'other'}"], *cols("anc_", tags),
                *cols("cat_", cats), *cols("own_", own)]
        one_rows += [i] * len(ones)
        one_cols += ones
    if n:
        col("depth", depths)
        col("own_hidden_like", hidden)
        col("is_heading", heading)
        base[one_rows, one_cols] = 1.0
    kept = base[:, base_idx["traf_kept"]] > 0
    kept_idx = np.flatnonzero(kept)
    if len(kept_idx):
        first, last = kept_idx[0], kept_idx[-1]
        pos = np.arange(n)
        base[:, base_idx["in_traf_span"]] = ((pos >= first) & (pos <= last)).astype(float)
        # blocks to the nearest kept block, capped: how far a block sits from the prose trafilatura found
        dist = _nearest_distance(pos, kept_idx) if n * len(kept_idx) < 4e6 else np.where(kept, 0, 10)
        base[:, base_idx["dist_traf"]] = np.minimum(dist, 10) / 10
    else:
        base[:, base_idx["dist_traf"]] = 1.0
    tok_counts = np.array([len(b.tokens) for b in blocks], dtype=float)
    page = np.zeros((n, len(PAGE_FEATURES)))
    page[:, 0] = np.log1p(n)
    page[:, 1] = tok_counts[kept].sum() / tok_counts.sum() if tok_counts.sum() else 0.0
    page[:, 2] = float(not traf_text.strip()) if traf_text is not None else 1.0
    subtree = _subtree_features(blocks, base[:, base_idx["traf_kept"]])
    ctx_cols = [base_idx[k] for k in CONTEXT_KEYS]
    ctx = []
    for off in CONTEXT_OFFSETS:
        shifted = np.full((n, len(ctx_cols)), -1.0)
        src = base[:, ctx_cols]
        if off < 0 and n > -off:
            shifted[-off:] = src[:off]
        elif off > 0 and n > off:
            shifted[:-off] = src[off:]
        ctx.append(shifted)
    win_cols = [base_idx[k] for k in ("traf_kept", "link_density", "stop_ratio")]
    wins = [_window_mean(base[:, win_cols], w) for w in (2, 7)]
    return np.hstack([base, page, subtree, *ctx, *wins, justext_classes(blocks), dump])


def _nearest_distance(pos: np.ndarray, marks: np.ndarray) -> np.ndarray:
    """Distance from each position to the nearest of the sorted, non-empty `marks`: the closer of its two
    neighbours among them (the same integers as the minimum over all, in n log k instead of n k)."""
    j = np.searchsorted(marks, pos)
    after = marks[np.minimum(j, len(marks) - 1)]
    before = marks[np.maximum(j - 1, 0)]
    return np.minimum(np.abs(after - pos), np.abs(pos - before))


def _subtree_features(blocks: list[Block], kept: np.ndarray) -> np.ndarray:
    """For the block's element and its first ancestors: share of the subtree's words trafilatura kept,
    subtree size, link density. Says whether a block sits in the container holding the main text.
    Each element's chain of ancestors is read from the tree once (lxml builds a proxy on every getparent)."""
    agg: dict[etree._Element, list[float]] = {}
    chains: dict[etree._Element, list[etree._Element]] = {}

    def chain(el: etree._Element) -> list[etree._Element]:
        got = chains.get(el)
        if got is None:
            got, cur = [], el
            while cur is not None and len(got) < ANCESTOR_REACH:
                got.append(cur)
                cur = cur.getparent()
            chains[el] = got
        return got

    for b, k in zip(blocks, kept, strict=True):
        nt, link_chars, n_chars = len(b.tokens), b.link_chars, len(b.text)
        if b.element is None:
            continue
        for el in chain(b.element):
            a = agg.get(el)
            if a is None:
                a = agg[el] = [0.0, 0.0, 0.0, 0.0]
            a[0] += nt
            a[1] += k * nt
            a[2] += link_chars
            a[3] += n_chars
    rows = []
    zero = (0.0, 0.0, 0.0, 0.0)
    for b in blocks:
        row: list[float] = []
        els = chain(b.element) if b.element is not None else []
        for j in range(len(ANCESTOR_LEVELS)):
            if j >= len(els):
                row += row[-3:] if j else [0.0, 0.0, 0.0]
                continue
            tot, kept_n, links, chars = agg.get(els[j], zero)
            row += [kept_n / tot if tot else 0.0, tot, links / chars if chars else 0.0]
        rows.append(row)
    out = np.array(rows, dtype=np.float64).reshape(len(blocks), len(SUBTREE_FEATURES))
    out[:, 1::3] = np.log1p(out[:, 1::3])
    return out


def _window_mean(x: np.ndarray, half: int) -> np.ndarray:
    """Mean of each column over rows i-half..i+half (clipped at the ends), by cumulative sums."""
    n = len(x)
    if n == 0:
        return x
    c = np.vstack([np.zeros((1, x.shape[1])), np.cumsum(x, axis=0)])
    lo = np.clip(np.arange(n) - half, 0, n)
    hi = np.clip(np.arange(n) + half + 1, 0, n)
    return (c[hi] - c[lo]) / (hi - lo)[:, None]


# ---------------------------------------------------------------- metadata candidates


@dataclass
class PageMeta:
    """Metadata statements found in the page head, JSON-LD and markup."""

    meta: dict[str, list[str]]  # lowercased name/property/itemprop -> contents, in page order
    jsonld: list[dict]  # flattened JSON-LD objects
    title_tag: str | None
    h1: list[str]
    canonical: str | None
    times: list[tuple[str, str]]  # (datetime attribute, tag context) of <time> elements


def _flatten_jsonld(obj: object, out: list[dict], depth: int = 0) -> None:
    if depth > 6:
        return
    if isinstance(obj, list):
        for o in obj:
            _flatten_jsonld(o, out, depth + 1)
    elif isinstance(obj, dict):
        out.append(obj)
        if "@graph" in obj:
            _flatten_jsonld(obj["@graph"], out, depth + 1)
        for key in ("mainEntity", "mainEntityOfPage", "itemListElement"):
            if isinstance(obj.get(key), dict | list):
                _flatten_jsonld(obj[key], out, depth + 1)


def _load_jsonld(text: str) -> object:
    text = text.strip()
    if not text:
        return None
    try:
        return json.loads(text, strict=False)
    except ValueError:
        try:  # common breakage: trailing commas, HTML comments around the JSON
            return json.loads(re.sub(r",\s*([}\]])", r"\1", text.strip("<!-> \n")), strict=False)
        except ValueError:
            return None


def page_meta(root: etree._Element) -> PageMeta:
    meta: dict[str, list[str]] = {}
    for m in root.iter("meta"):
        content = m.get("content")
        if not content:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = m.get(attr)
            if key:
                meta.setdefault(key.strip().lower(), []).append(content.strip())
    jsonld: list[dict] = []
    for s in root.iter("script"):
        if (s.get("type") or "").strip().lower() == "application/ld+json" and s.text:
            _flatten_jsonld(_load_jsonld(s.text), jsonld)
    title_el = root.find(".//title")
    title_tag = _WS.sub(" ", title_el.text_content()).strip() if title_el is not None else None
    h1 = []
    for el in root.iter("h1"):
        if _is_hidden(el):
            continue
        t = _WS.sub(" ", el.text_content()).strip()
        if t:
            h1.append(t)
    canonical = None
    for link in root.iter("link"):
        if (link.get("rel") or "").lower().strip() == "canonical" and link.get("href"):
            canonical = link.get("href").strip()
            break
    times = []
    for t in root.iter("time"):
        dt = t.get("datetime") or t.get("content") or ""
        ctx = " ".join(
            f"{a.get('class') or ''} {a.get('id') or ''} {a.get('itemprop') or ''}"
            for a in [t, t.getparent()] if a is not None
        ).lower()
        times.append((dt.strip() or _WS.sub(" ", t.text_content()).strip(), ctx))
    return PageMeta(meta=meta, jsonld=jsonld, title_tag=title_tag, h1=h1, canonical=canonical, times=times)


def jsonld_values(objs: Iterable[dict], key: str) -> list[object]:
    return [o[key] for o in objs if key in o and o[key]]


# ---------------------------------------------------------------- jusText's paragraph classes

JUSTEXT_FEATURES = ("jt_cf_good", "jt_cf_neargood", "jt_cf_short", "jt_good", "win5_jt_good")


class _JtParagraph(Paragraph):
    """A jusText paragraph over one of our blocks; its text stored once (jusText re-joins it on each use)."""

    text = ""  # shadows Paragraph.text, a property

    def __init__(self, block: Block) -> None:  # not Paragraph.__init__: there is no DOM path object
        self.dom_path, self.xpath = block_tag(block), ""
        self.text = block.text
        self.text_nodes = [block.text]
        self.chars_count_in_links = block.link_chars
        self.tags_count = 0
        self.class_type = ""

    def __len__(self) -> int:
        return len(self.text)

    def stopwords_density(self, stopwords: frozenset[str]) -> float:
        """jusText's value, with the text split once instead of three times."""
        words = self.text.split()
        return sum(w.lower() in stopwords for w in words) / len(words) if words else 0


def justext_classes(blocks: list[Block]) -> np.ndarray:
    """jusText's classes for our blocks (its context-free class, then its context-revised 'good'), by
    running its two classification passes on our blocks rather than re-parsing the page its own way."""
    paras = [_JtParagraph(b) for b in blocks]
    out = np.zeros((len(blocks), len(JUSTEXT_FEATURES)))
    if not paras:
        return out
    classify_paragraphs(paras, STOPWORDS)
    revise_paragraph_classification(paras)
    for i, p in enumerate(paras):
        out[i, :4] = (p.cf_class == "good", p.cf_class == "neargood", p.cf_class == "short",
                      p.class_type == "good")
    out[:, 4] = _window_mean(out[:, 3:4], 2)[:, 0]
    return out


# ---------------------------------------------------------------- the page-dump line classifier's view

# The line classifier of dump.py scores the page's visible text line by line (inscriptis' rendering):
# a second, independent view of each block. mean/max/min of the probabilities of the lines holding the
# block's words, the share of them the dump decoder keeps, how many of the block's words were found, and
# the mean probability of the previous, next and five surrounding blocks. -1: no line found.
DUMP_FEATURES = ("dump_p_mean", "dump_p_max", "dump_p_min", "dump_keep", "dump_cover", "dump_p_prev",
                 "dump_p_next", "dump_p_win5")
# A block's words not found as trigrams are looked up one by one this many lines ahead of the last match.
LINE_LOOKAHEAD = 30


def block_lines(blocks: list[Block], line_words: list[list[str]]) -> list[list[int]]:
    """For each block, the dump lines holding its words (one entry per word trigram found; whole short
    blocks, then single words, when no trigram is). Both texts run in document order, so among repeated
    matches the first at or after the previous block's line wins. Linear time: hash lookups, and a
    look-ahead of LINE_LOOKAHEAD lines for the words of blocks no trigram placed."""
    # Each trigram's line (dict and Counter built in C), and the lines of those on several: the same
    # lookups as one dict of lists, at half its cost.
    grams: list[tuple[str, str, str]] = []
    owners: list[int] = []
    wholes: dict[str, list[int]] = {}
    for li, ws in enumerate(line_words):
        line_grams = list(zip(ws, ws[1:], ws[2:], strict=False))
        grams += line_grams
        owners += repeat(li, len(line_grams))
        wholes.setdefault(" ".join(ws), []).append(li)
    line_of = dict(zip(grams, owners, strict=True))
    several: dict[tuple[str, str, str], list[int]] = {}
    counts = Counter(grams)
    if len(counts) < len(grams):
        repeated = {g for g, c in counts.items() if c > 1}
        for g, li in zip(grams, owners, strict=True):
            if g in repeated:
                several.setdefault(g, []).append(li)
    line_sets: dict[int, frozenset[str]] = {}  # words of the lines the fallback looked at

    def next_at(lines: list[int], cursor: int) -> int:
        j = bisect_left(lines, cursor)
        return lines[j] if j < len(lines) else lines[-1]

    def first_line_with(word: str, cursor: int) -> int | None:
        for li in range(cursor, min(cursor + LINE_LOOKAHEAD + 1, len(line_words))):
            if li not in line_sets:
                line_sets[li] = frozenset(line_words[li])
            if word in line_sets[li]:
                return li
        return None

    cursor = 0
    out: list[list[int]] = []
    for b in blocks:
        t = b.tokens
        hits: list[int] = []
        if len(t) >= 3:  # a trigram on one line only (most of them) needs no search
            hits = [li if g not in several else next_at(several[g], cursor)
                    for g in zip(t, t[1:], t[2:], strict=False) if (li := line_of.get(g)) is not None]
        elif t and (c := wholes.get(" ".join(t))):
            hits = [next_at(c, cursor)]
        if not hits:
            hits = [li for w in t if (li := first_line_with(w, cursor)) is not None]
        if hits:
            cursor = hits[0]
        out.append(hits)
    return out


def dump_line_features(blocks: list[Block], line_words: list[list[str]], probs: np.ndarray,
                       keep: np.ndarray) -> np.ndarray:
    """DUMP_FEATURES of each block from the line probabilities and decoder decisions of the page dump;
    `line_words`: casefolded words of each non-blank line of the dump."""
    n = len(blocks)
    out = np.full((n, len(DUMP_FEATURES)), -1.0)
    hits = block_lines(blocks, line_words)
    counts = np.array([len(h) for h in hits], dtype=np.int64)
    found = counts > 0
    flat = np.fromiter((li for h in hits for li in h), dtype=np.int64, count=int(counts.sum()))
    owner = np.repeat(np.arange(n), counts)
    p, k = probs[flat], keep[flat].astype(float)
    mean = np.full(n, -1.0)
    if found.any():  # per-block reductions over the flat hit list (segments in block order)
        starts = (np.cumsum(counts) - counts)[found]
        mean[found] = np.bincount(owner, p, n)[found] / counts[found]
        out[found, 0] = mean[found]
        out[found, 1] = np.maximum.reduceat(p, starts)
        out[found, 2] = np.minimum.reduceat(p, starts)
        out[found, 3] = np.bincount(owner, k, n)[found] / counts[found]
    trigram_counts = np.array([len(b.tokens) - 2 for b in blocks], dtype=float)
    out[:, 4] = np.where(trigram_counts >= 1, np.minimum(counts / np.maximum(trigram_counts, 1), 1.0),
                         found.astype(float))
    if n:
        out[1:, 5] = mean[:-1]
        out[:-1, 6] = mean[1:]
        sums = _window_mean(np.column_stack([np.where(found, mean, 0.0), found]), 2)
        out[:, 7] = np.where(sums[:, 1] > 0, sums[:, 0] / np.maximum(sums[:, 1], 1e-9), -1.0)
    return out
