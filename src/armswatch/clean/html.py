"""Main text and metadata of an HTML page: `extract_html(html, url) -> HtmlExtraction`.

Body: the page is split into text blocks (html_features.extract_blocks); a gradient-boosted tree model
trained on wcxb-dev (scripts/train_html_blocks.py) keeps or drops each block from its own features, its
markup context, its neighbours and whether trafilatura kept it. Metadata: rules over JSON-LD, meta tags,
h1 and visible bylines (functions at the end of this module), htmldate as the date fallback.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
from trafilatura import bare_extraction

from armswatch.clean import html_features as F

log = logging.getLogger(__name__)

# 0.5: best macro body F1 on wcxb-dev, 5-fold CV (scripts/train_html_blocks.py prints 0.3..0.6).
KEEP_THRESHOLD = 0.5
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


def extract_metadata(root, traf: dict, html: str, url: str | None) -> PageMetadata:  # noqa: ANN001
    return PageMetadata(title=traf.get("title"), published=traf.get("date"), author=traf.get("author"),
                        outlet=traf.get("sitename"), url=traf.get("url") or url)
