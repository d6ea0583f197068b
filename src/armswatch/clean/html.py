"""Main text and metadata of an HTML page: `extract_html(html, url) -> HtmlExtraction`.

Body: the page is split into text blocks (html_features.extract_blocks); a gradient-boosted tree model
trained on wcxb-dev (scripts/train_html_blocks.py) keeps or drops each block from its own features, its
markup context, its neighbours and whether trafilatura kept it. Metadata: rules over JSON-LD, meta tags,
h1 and visible bylines (functions at the end of this module), htmldate as the date fallback.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
from htmldate import find_date
from trafilatura import bare_extraction

from armswatch.clean import html_features as F

log = logging.getLogger(__name__)

# 0.3: best macro body F1 on wcxb-dev, 5-fold CV (scripts/train_html_blocks.py prints 0.3..0.6).
KEEP_THRESHOLD = 0.3
MAX_BLOCKS = 20000  # pages beyond this are boilerplate dumps: fall back to trafilatura's text alone


@dataclass
class HtmlExtraction:
    body: str  # main text, paragraphs separated by "\n" ("" when nothing found)
    title: str | None
    published: str | None  # YYYY-MM-DD, only when the page states it
    author: str | None
    outlet: str | None
    url: str | None


class BlockModel:
    """Gradient-boosted trees exported from scikit-learn as JSON, evaluated with numpy.

    Why not pickle: scikit-learn is a dev-only dependency and its pickles break across versions.
    """

    def __init__(self, spec: dict) -> None:
        self.features: list[str] = spec["features"]
        self.init = float(spec["init"])
        self.lr = float(spec["learning_rate"])
        trees = spec["trees"]
        width = max(len(t["feature"]) for t in trees)
        shape = (len(trees), width)
        self.feature = np.zeros(shape, dtype=np.int64)
        self.threshold = np.zeros(shape)
        self.left = np.zeros(shape, dtype=np.int64)
        self.right = np.zeros(shape, dtype=np.int64)
        self.value = np.zeros(shape)
        for i, t in enumerate(trees):
            n = len(t["feature"])
            self.feature[i, :n] = np.maximum(t["feature"], 0)
            self.threshold[i, :n] = t["threshold"]
            left, right = np.array(t["left"]), np.array(t["right"])
            leaf = left < 0
            self.left[i, :n] = np.where(leaf, np.arange(n), left)  # leaves point to themselves
            self.right[i, :n] = np.where(leaf, np.arange(n), right)
            self.value[i, :n] = t["value"]
        self.depth = max(_tree_depth(t["left"], t["right"]) for t in trees)

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Probability of 'main text' for each row of X."""
        if len(X) == 0:
            return np.zeros(0)
        n_trees = self.feature.shape[0]
        tree_ix = np.arange(n_trees)[None, :]
        node = np.zeros((len(X), n_trees), dtype=np.int64)
        rows = np.arange(len(X))[:, None]
        for _ in range(self.depth):
            f = self.feature[tree_ix, node]
            go_left = X[rows, f] <= self.threshold[tree_ix, node]
            node = np.where(go_left, self.left[tree_ix, node], self.right[tree_ix, node])
        raw = self.init + self.lr * self.value[tree_ix, node].sum(axis=1)
        return 1.0 / (1.0 + np.exp(-raw))


def _tree_depth(left: list[int], right: list[int]) -> int:
    depth, frontier = 0, [0]
    while frontier:
        nxt = [c for i in frontier for c in (left[i], right[i]) if c >= 0]
        if not nxt:
            break
        depth += 1
        frontier = nxt
    return depth


@lru_cache(maxsize=1)
def block_model() -> BlockModel | None:
    """The shipped model, loaded once per process; None when the package data is missing."""
    try:
        spec = json.loads(resources.files("armswatch.clean").joinpath("data/html_blocks.json").read_text())
    except (FileNotFoundError, ModuleNotFoundError, OSError):
        log.warning("html block model missing: using trafilatura's main text alone")
        return None
    return BlockModel(spec)


def run_trafilatura(html: str) -> dict:
    """Trafilatura's main text and metadata ({} when it fails on the page)."""
    try:
        doc = bare_extraction(html, with_metadata=True, include_comments=False)
    except Exception as e:  # noqa: BLE001 - a library crash on one page must not stop a batch
        log.debug("trafilatura failed: %s", e)
        return {}
    if doc is None:
        return {}
    return doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)


def page_features(html: str, root=None, traf: dict | None = None):  # noqa: ANN001, ANN201
    """(blocks, feature matrix, info) for a page, or None when it has no parseable markup."""
    root = F.parse_html(html) if root is None else root
    if root is None:
        return None
    traf = run_trafilatura(html) if traf is None else traf
    blocks = F.extract_blocks(root)
    if len(blocks) > MAX_BLOCKS:
        blocks = []
    traf_text = traf.get("text") or ""
    X = F.block_matrix(blocks, traf_text)
    return blocks, X, {"traf_text": traf_text, "traf": traf, "root": root}


def decode_body(blocks: list[F.Block], probs: np.ndarray, threshold: float = KEEP_THRESHOLD) -> str:
    """Join the kept blocks, one paragraph a line."""
    return "\n".join(b.text for b, p in zip(blocks, probs, strict=False) if p >= threshold)


def extract_html(html: str, url: str | None = None) -> HtmlExtraction:
    """Main text and metadata of one HTML page. Never raises on bad markup: returns what it can."""
    empty = HtmlExtraction(body="", title=None, published=None, author=None, outlet=None, url=url)
    try:
        root = F.parse_html(html)
    except Exception as e:  # noqa: BLE001 - lxml raises assorted errors on hostile input
        log.debug("unparseable html: %s", e)
        return empty
    if root is None:
        return empty
    traf = run_trafilatura(html)
    feats = page_features(html, root=root, traf=traf)
    body = traf.get("text") or ""
    model = block_model()
    if feats is not None and model is not None and len(feats[0]):
        blocks, X, _ = feats
        body = decode_body(blocks, model.predict(X)) or body
    meta = extract_metadata(root, traf, html=html, url=url)
    return HtmlExtraction(body=body.strip(), title=meta.title, published=meta.published, author=meta.author,
                          outlet=meta.outlet, url=meta.url)


# ---------------------------------------------------------------- metadata


@dataclass
class PageMetadata:
    title: str | None
    published: str | None
    author: str | None
    outlet: str | None
    url: str | None


_TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|·|•|»|/)\s+")
_DATE_ISO = re.compile(r"((?:19|20)\d\d)-(\d\d)-(\d\d)")
_AUTHOR_JUNK = re.compile(r"^\s*(?:by|written by|posted by|author:?)\s+|\s*\S+@\S+\s*", re.I)
ARTICLE_TYPES = ("article", "newsarticle", "blogposting", "reportagenewsarticle", "webpage", "posting",
                 "analysisnewsarticle", "opinionnewsarticle", "techarticle", "scholarlyarticle", "report")
PUBLISHED_META = ("article:published_time", "datepublished", "publishdate", "pubdate", "publish-date",
                  "date", "dc.date", "dc.date.issued", "dcterms.created", "sailthru.date", "parsely-pub-date",
                  "og:published_time", "article.published", "published_time", "release_date")
AUTHOR_META = ("author", "article:author", "byl", "parsely-author", "sailthru.author", "dc.creator",
               "twitter:creator")


def _norm(s: str | None) -> str:
    return re.sub(r"\W+", " ", (s or "").casefold()).strip()


def _jsonld_types(obj: dict) -> set[str]:
    t = obj.get("@type")
    types = t if isinstance(t, list) else [t]
    return {str(x).lower() for x in types if x}


def _article_objects(meta: F.PageMeta) -> list[dict]:
    """JSON-LD objects describing the page's article (articles first, then web pages)."""
    arts = [o for o in meta.jsonld if _jsonld_types(o) & set(ARTICLE_TYPES[:4] + ARTICLE_TYPES[6:])]
    return arts + [o for o in meta.jsonld if "webpage" in _jsonld_types(o)]


def _strip_site(title: str, site: str | None) -> str:
    """'Headline | Site' -> 'Headline': drop separator-delimited parts naming the site, else a short tail."""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) == 1:
        return title.strip()
    if site:
        ns = _norm(site)
        kept = [p for p in parts if _norm(p) != ns and not (ns and ns in _norm(p) and len(_norm(p)) < len(ns) + 8)]
        if kept and len(kept) < len(parts):
            return " - ".join(kept).strip()
    # no site name to match: the last part is the site when it is shorter than the rest
    if len(parts[-1]) < len(" ".join(parts[:-1])):
        return _TITLE_SEPARATORS.split(title, maxsplit=len(parts) - 2)[0].strip() if len(parts) > 2 else parts[0]
    return title.strip()


def pick_title(meta: F.PageMeta, traf: dict, site: str | None) -> str | None:
    """The visible headline: an h1 that the page's metadata titles agree with, else a cleaned meta title."""
    metas = [v for k in ("og:title", "twitter:title") for v in meta.meta.get(k, [])[:1]]
    metas += [str(o["headline"]) for o in _article_objects(meta) if isinstance(o.get("headline"), str)][:1]
    if meta.title_tag:
        metas.append(meta.title_tag)
    metas_norm = [_norm(m) for m in metas if m]
    for h in meta.h1[:5]:
        hn = _norm(h)
        if len(hn) < 4:
            continue
        if any(m.startswith(hn) or hn in m or (len(m) > 10 and m in hn) for m in metas_norm):
            return h
    h1s = [h for h in meta.h1 if len(_norm(h)) >= 12]
    if len(h1s) == 1:  # a single substantial h1 is the headline even when the meta titles are SEO rewrites
        return h1s[0]
    for m in metas:
        if m:
            return _strip_site(m, site) or None
    return traf.get("title")


def _iso_day(value: object) -> str | None:
    m = _DATE_ISO.search(str(value or ""))
    if not m:
        return None
    y, mo, d = (int(x) for x in m.groups())
    return f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else None


def pick_published(meta: F.PageMeta, traf: dict, root) -> str | None:  # noqa: ANN001
    """Publication day stated by the page: JSON-LD, then meta tags, then <time>, then htmldate."""
    for o in _article_objects(meta):
        for key in ("datePublished", "dateCreated", "uploadDate"):
            day = _iso_day(o.get(key))
            if day:
                return day
    for key in PUBLISHED_META:
        for v in meta.meta.get(key, []):
            day = _iso_day(v)
            if day:
                return day
    for value, ctx in meta.times:
        if "modif" in ctx or "updat" in ctx:
            continue
        day = _iso_day(value)
        if day and ("publish" in ctx or "date" in ctx or "posted" in ctx):
            return day
    return _iso_day(traf.get("date")) or _htmldate(root)


def _htmldate(root) -> str | None:  # noqa: ANN001
    try:
        return find_date(root, original_date=True, extensive_search=True, outputformat="%Y-%m-%d")
    except Exception:  # noqa: BLE001 - htmldate raises assorted errors on odd pages
        return None


def _person_names(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name")
        return [name] if isinstance(name, str) else []
    if isinstance(value, list):
        return [n for v in value for n in _person_names(v)]
    return []


def clean_author(name: str | None, site: str | None) -> str | None:
    if not name:
        return None
    name = _AUTHOR_JUNK.sub(" ", name)
    name = re.sub(r"\s+", " ", name).strip(" ,|-")
    if not name or name.startswith("http") or len(name) > 80 or (site and _norm(name) == _norm(site)):
        return None
    return name


def pick_author(meta: F.PageMeta, traf: dict, site: str | None) -> str | None:
    for o in _article_objects(meta):
        names = [clean_author(n, site) for n in _person_names(o.get("author"))]
        names = [n for n in names if n]
        if names:
            return ", ".join(dict.fromkeys(names))
    for key in AUTHOR_META:
        for v in meta.meta.get(key, []):
            n = clean_author(v, site)
            if n and not n.startswith("@"):
                return n
    return clean_author(traf.get("author"), site)


def pick_outlet(meta: F.PageMeta, traf: dict) -> str | None:
    for v in meta.meta.get("og:site_name", [])[:1]:
        return v
    for o in meta.jsonld:
        pub = o.get("publisher")
        if isinstance(pub, dict) and isinstance(pub.get("name"), str):
            return pub["name"]
    for o in meta.jsonld:
        if _jsonld_types(o) & {"organization", "newsmediaorganization", "website"} and isinstance(o.get("name"), str):
            return o["name"]
    return traf.get("sitename") or None


def extract_metadata(root, traf: dict, html: str, url: str | None) -> PageMetadata:  # noqa: ANN001
    meta = F.page_meta(root)
    outlet = pick_outlet(meta, traf)
    return PageMetadata(title=pick_title(meta, traf, outlet), published=pick_published(meta, traf, root),
                        author=pick_author(meta, traf, outlet), outlet=outlet,
                        url=meta.canonical or (meta.meta.get("og:url") or [None])[0] or url)
