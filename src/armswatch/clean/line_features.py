"""Features of the lines of a plain-text page dump, for the line classifier of `dump.py`.

Only the non-blank lines of a dump are described (blank lines only separate blocks); each gets
its own shape features (length, stopwords, punctuation, capitalisation, dates, page-furniture
vocabulary, repeats), page-level context (position, distance from the densest run of prose)
and the shape features of its three neighbours on either side: in page dumps the context of a
line says more than the line itself (a short line inside prose is a subheading, the same line
among menus is a menu item).

Pure Python + numpy so that the runtime needs no scikit-learn; regexes are compiled once.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

WORD_RE = re.compile(r"\w+", re.UNICODE)
SPACE_RE = re.compile(r"\s+")
SENTENCE_END_RE = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
INNER_SENTENCE_RE = re.compile(r"[.!?][\"'”’)\]]*\s+[\"'“‘(]?[A-Z]")
MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
DATE_RE = re.compile(
    rf"\b(?:(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{MONTHS})\.?,?\s+\d{{4}}"
    r"|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}"
    r"|\d+\s+(?:second|minute|hour|day|week|month|year)s?\s+ago)\b",
    re.IGNORECASE,
)
TIME_RE = re.compile(
    r"\b\d{1,2}:\d{2}\s*(?:am|pm|a\.m\.|p\.m\.)?(?:\s*(?:[A-Z]{2,4}T|UTC|GMT))?", re.IGNORECASE
)
BYLINE_RE = re.compile(r"^\s*(?:by|written by|posted by|author:?|words by|reporting by)\s+\S", re.IGNORECASE)
CAPTION_CREDIT_RE = re.compile(
    r"(?:\((?:photo|image|credit|file|getty|ap|afp|reuters|[^()]{0,20}\.(?:com|net|org))[^()]{0,40}\)\s*$"
    r"|[—–-]\s*(?:AFP|AP|Reuters|Getty Images|EPA|Yonhap|Xinhua)\s*$|\b(?:photo|image)\s*(?:credit)?\s*:)",
    re.IGNORECASE,
)
URL_EMAIL_RE = re.compile(r"(?:https?://|www\.|\S+@\S+\.\w+)", re.IGNORECASE)
SEPARATOR_RE = re.compile(r"\s[|>»/·•]\s|^\s*[|>»·•]")
BULLET_RE = re.compile(r"^\s*(?:[•·▪◦‣*-]|\d{1,2}[.)])\s+")

# A general lexicon of page furniture (navigation, sharing, accounts, ads, comments, legal):
# product data written by hand, not derived from any evaluation page.
FURNITURE_WORDS = frozenset(
    (
        "home",
        "menu",
        "search",
        "login",
        "log",
        "logout",
        "sign",
        "signup",
        "subscribe",
        "subscription",
        "subscribers",
        "newsletter",
        "newsletters",
        "share",
        "shares",
        "shared",
        "tweet",
        "facebook",
        "twitter",
        "linkedin",
        "whatsapp",
        "pinterest",
        "instagram",
        "youtube",
        "tiktok",
        "reddit",
        "telegram",
        "email",
        "print",
        "copy",
        "link",
        "comments",
        "comment",
        "reply",
        "replies",
        "cookie",
        "cookies",
        "privacy",
        "policy",
        "terms",
        "conditions",
        "copyright",
        "rights",
        "reserved",
        "advertisement",
        "advertise",
        "sponsored",
        "ad",
        "ads",
        "skip",
        "content",
        "navigation",
        "toggle",
        "close",
        "open",
        "next",
        "previous",
        "prev",
        "read",
        "more",
        "related",
        "popular",
        "trending",
        "latest",
        "most",
        "viewed",
        "recommended",
        "follow",
        "us",
        "contact",
        "about",
        "careers",
        "faq",
        "help",
        "account",
        "register",
        "password",
        "cart",
        "checkout",
        "shop",
        "download",
        "app",
        "icon",
        "arrow",
        "caret",
        "calendar",
        "loading",
        "video",
        "watch",
        "listen",
        "podcast",
        "photos",
        "gallery",
        "tags",
        "tag",
        "categories",
        "category",
        "archives",
        "archive",
        "topics",
        "sections",
        "section",
        "edition",
        "editions",
        "premium",
        "free",
        "trial",
        "unlock",
    )
)
PHRASE_FURNITURE_RE = re.compile(
    r"\b(?:read more|see more|load more|show more|click here|sign up|log in|sign in|all rights reserved"
    r"|terms of (?:use|service)|privacy policy|cookie|most (?:popular|read|viewed)"
    r"|related (?:posts|articles|stories)"
    r"|you (?:may|might) also like|follow us|share (?:this|on)|leave a (?:reply|comment)|subscribe|newsletter"
    r"|advertisement|back to top|skip to|comments?\b|minute read|min read|(?:read|see) also|also read"
    r"|support (?:us|our)|join our|donate|become a (?:member|subscriber|supporter)"
    r"|(?:our|independent) journalism"
    r"|help us|correction|all posts|posted in|filed under)",
    re.IGNORECASE,
)

# The case-insensitive patterns above whose literals are all lower case run in shape_features as
# case-sensitive twins over the lower-cased line: Python's re is about three times slower with
# IGNORECASE (measured over the 20,677 lines of 80 wcxb-dev dumps, with the same answer on every line).
_DATE_LOWER = re.compile(DATE_RE.pattern)
_BYLINE_LOWER = re.compile(BYLINE_RE.pattern)
_URL_EMAIL_LOWER = re.compile(URL_EMAIL_RE.pattern)
_PHRASE_FURNITURE_LOWER = re.compile(PHRASE_FURNITURE_RE.pattern)
# Characters one of which a line must hold for the pattern to match at all (cheap exact gates).
_CAPTION_GATE = frozenset("(:-–—")
_DECIMAL = re.compile(r"\d")
_SEPARATOR_GATE = frozenset("|>»/·•")

SHAPE_NAMES = (
    "log_words",
    "log_chars",
    "stop_ratio",
    "log_stops",
    "ends_sentence",
    "inner_sentences",
    "comma_rate",
    "title_case",
    "all_caps",
    "digit_ratio",
    "has_date",
    "has_time",
    "furniture_ratio",
    "furniture_phrase",
    "byline",
    "caption_credit",
    "url_email",
    "separator",
    "bullet",
    "ends_colon",
    "ends_ellipsis",
    "starts_lower",
    "log_copies",
    "dup_adjacent",
    "blank_before",
    "blank_after",
    "avg_word_len",
)
CONTEXT_SHAPES = (
    "log_words",
    "stop_ratio",
    "ends_sentence",
    "title_case",
    "has_date",
    "furniture_ratio",
    "furniture_phrase",
    "log_copies",
    "blank_before",
    "dup_adjacent",
)
PAGE_NAMES = (
    "rel_position",
    "mass_before",
    "mass_after",
    "dist_dense",
    "in_dense",
    "log_run_short",
    "words_vs_max",
    "window_stop_mean",
    "window_words_mean",
    "window_end_mean",
    "log_lines",
    "first_nonblank",
    "last_nonblank",
    "dist_dense_signed",
)
NEIGHBOUR_OFFSETS = (-3, -2, -1, 1, 2, 3)
# Prose "mass" of a line: its stopwords count, a crude but language-shape proxy for running text.
DENSE_WINDOW = 7  # lines; span over which the densest block of prose is sought


def feature_names() -> list[str]:
    """Names of the columns of `line_feature_matrix`, in order."""
    names = list(SHAPE_NAMES) + list(PAGE_NAMES)
    for off in NEIGHBOUR_OFFSETS:
        names += [f"{name}@{off:+d}" for name in CONTEXT_SHAPES]
        names.append(f"exists@{off:+d}")
    return names


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """jusText's English stoplist (a runtime dependency already), loaded once."""
    import justext

    return frozenset(w.casefold() for w in justext.get_stoplist("English"))


def normalise_line(line: str) -> str:
    """Casefolded line with collapsed whitespace: the key under which repeated lines are counted."""
    return SPACE_RE.sub(" ", line).strip().casefold()


@dataclass
class DumpLines:
    """The non-blank lines of a dump: their indexes into text.split("\\n"), their text and words."""

    indexes: list[int]
    texts: list[str]
    words: list[list[str]]
    blank_before: list[bool]
    blank_after: list[bool]


def split_dump(text: str) -> DumpLines:
    """Non-blank lines of a dump with their words and whether a blank line surrounds them."""
    raw = text.split("\n")
    indexes = [i for i, line in enumerate(raw) if line.strip()]
    texts = [raw[i].strip() for i in indexes]
    words = [WORD_RE.findall(t) for t in texts]
    blank_before = [i == 0 or not raw[i - 1].strip() for i in indexes]
    blank_after = [i == len(raw) - 1 or not raw[i + 1].strip() for i in indexes]
    return DumpLines(indexes, texts, words, blank_before, blank_after)


def shape_features(
    text: str, words: list[str], copies: int, dup_adjacent: bool, blank_before: bool, blank_after: bool
) -> list[float]:
    """Features of one line on its own (order of SHAPE_NAMES)."""
    stops = stopwords()
    n = len(words)
    # counts by map over C methods, not generators: the same integers at half the cost
    folded = list(map(str.casefold, words))
    n_stop = sum(map(stops.__contains__, folded))
    n_furn = sum(map(FURNITURE_WORDS.__contains__, folded))
    alpha = [w for w in words if w[0].isalpha()]
    title = sum([w[0].isupper() for w in alpha])
    caps = sum([len(w) > 1 and w.isupper() for w in alpha])
    digits = sum([w[0].isdigit() for w in words])
    stripped = text.rstrip()
    lowered = text.lower()
    # a cheap gate before the costlier regexes: both need a decimal digit (\d) to match at all
    has_digit = _DECIMAL.search(text) is not None
    chars = set(text)
    url_like = "@" in text or "://" in text or "www." in lowered
    return [
        math.log1p(n),
        math.log1p(len(text)),
        n_stop / n if n else 0.0,
        math.log1p(n_stop),
        1.0 if SENTENCE_END_RE.search(stripped) else 0.0,
        math.log1p(len(INNER_SENTENCE_RE.findall(text))),
        text.count(",") / n if n else 0.0,
        title / len(alpha) if alpha else 0.0,
        caps / len(alpha) if alpha else 0.0,
        digits / n if n else 0.0,
        1.0 if has_digit and _DATE_LOWER.search(lowered) else 0.0,
        1.0 if has_digit and ":" in text and TIME_RE.search(text) else 0.0,
        n_furn / n if n else 0.0,
        1.0 if _PHRASE_FURNITURE_LOWER.search(lowered) else 0.0,
        1.0 if _BYLINE_LOWER.search(lowered) else 0.0,
        1.0 if not chars.isdisjoint(_CAPTION_GATE) and CAPTION_CREDIT_RE.search(text) else 0.0,
        1.0 if url_like and _URL_EMAIL_LOWER.search(lowered) else 0.0,
        1.0 if not chars.isdisjoint(_SEPARATOR_GATE) and SEPARATOR_RE.search(text) else 0.0,
        1.0 if BULLET_RE.search(text) else 0.0,
        1.0 if stripped.endswith(":") else 0.0,
        1.0 if stripped.endswith(("...", "…")) else 0.0,
        1.0 if text[:1].islower() else 0.0,
        math.log(copies),
        1.0 if dup_adjacent else 0.0,
        1.0 if blank_before else 0.0,
        1.0 if blank_after else 0.0,
        (sum(map(len, words)) / n) / 10.0 if n else 0.0,
    ]


def densest_block(mass: list[float], window: int = DENSE_WINDOW) -> tuple[int, int]:
    """[start, end) of the window of `window` lines with the most prose mass (first such window)."""
    n = len(mass)
    if n <= window:
        return 0, n
    cum = np.concatenate(([0.0], np.cumsum(mass)))
    sums = cum[window:] - cum[:-window]
    start = int(np.argmax(sums))
    return start, start + window


def short_runs(words: list[list[str]], max_words: int = 5) -> list[int]:
    """Length of the run of consecutive short lines (menus, tag lists) each line belongs to (0 if long)."""
    out = [0] * len(words)
    i = 0
    while i < len(words):
        if len(words[i]) > max_words:
            i += 1
            continue
        j = i
        while j < len(words) and len(words[j]) <= max_words:
            j += 1
        for k in range(i, j):
            out[k] = j - i
        i = j
    return out


def line_feature_matrix(lines: DumpLines) -> np.ndarray:
    """One row per non-blank line, columns as in `feature_names()`."""
    n = len(lines.texts)
    n_cols = len(feature_names())
    if n == 0:
        return np.zeros((0, n_cols))
    keys = [normalise_line(t) for t in lines.texts]
    counts = Counter(keys)
    shapes = []
    for i in range(n):
        dup_adj = (i > 0 and keys[i - 1] == keys[i]) or (i + 1 < n and keys[i + 1] == keys[i])
        shapes.append(
            shape_features(
                lines.texts[i],
                lines.words[i],
                counts[keys[i]],
                dup_adj,
                lines.blank_before[i],
                lines.blank_after[i],
            )
        )
    shape = np.asarray(shapes, dtype=np.float64)
    col = {name: k for k, name in enumerate(SHAPE_NAMES)}
    stops = stopwords()
    # prose mass: stopwords of lines that look like sentences, repeated lines count once
    mass = [sum(map(stops.__contains__, map(str.casefold, ws))) / counts[keys[i]]
            for i, ws in enumerate(lines.words)]
    total = sum(mass) or 1.0
    cum = np.cumsum(mass)
    d_start, d_end = densest_block(mass)
    idx = np.arange(n)
    signed = np.where(idx < d_start, idx - d_start, np.where(idx >= d_end, idx - d_end + 1, 0))
    n_words = np.array([len(w) for w in lines.words], dtype=np.float64)
    runs = short_runs(lines.words)
    half = 2
    pad_stop = np.pad(shape[:, col["stop_ratio"]], half, mode="constant")
    pad_words = np.pad(shape[:, col["log_words"]], half, mode="constant")
    pad_end = np.pad(shape[:, col["ends_sentence"]], half, mode="constant")
    kernel = np.ones(2 * half + 1) / (2 * half + 1)
    page = np.column_stack(
        [
            idx / max(n - 1, 1),
            (cum - np.asarray(mass)) / total,
            (total - cum) / total,
            np.log1p(np.abs(signed)),
            (signed == 0).astype(np.float64),
            np.log1p(np.asarray(runs, dtype=np.float64)),
            n_words / max(n_words.max(), 1.0),
            np.convolve(pad_stop, kernel, mode="valid"),
            np.convolve(pad_words, kernel, mode="valid"),
            np.convolve(pad_end, kernel, mode="valid"),
            np.full(n, math.log1p(n)),
            (idx == 0).astype(np.float64),
            (idx == n - 1).astype(np.float64),
            np.sign(signed) * np.log1p(np.abs(signed)),
        ]
    )
    ctx_cols = [col[name] for name in CONTEXT_SHAPES]
    ctx = shape[:, ctx_cols]
    blocks = [shape, page]
    for off in NEIGHBOUR_OFFSETS:
        shifted = np.zeros_like(ctx)
        exists = np.zeros((n, 1))
        if off < 0:
            shifted[-off:] = ctx[:off]
            exists[-off:] = 1.0
        else:
            shifted[:-off] = ctx[off:]
            exists[:-off] = 1.0
        blocks += [shifted, exists]
    return np.hstack(blocks)


TITLE_NAMES = (
    "prob",
    "prob_prev",
    "prob_next",
    "kept",
    "before_body",
    "log_dist_body",
    "log_kept_before",
    "log_rank",
    "body_overlap",
    "log_words",
    "title_case",
    "ends_sentence",
    "log_copies",
    "has_date",
    "furniture_ratio",
    "furniture_phrase",
    "byline",
    "rel_position",
    "mass_before",
    "all_caps",
    "separator",
    "first_nonblank",
    "blank_before",
    "blank_after",
    "digit_ratio",
    "ends_colon",
    "dup_adjacent",
    "caption_credit",
    "log_cands_to_body",
    "prev_meta",
    "next_meta",
    "stop_ratio",
)
TITLE_MAX_WORDS = (
    25  # longer lines are prose or captions: the longest of the 228 wcxb-dev gold titles has 24 words
)


def title_feature_matrix(
    lines: DumpLines, features: np.ndarray, probs: np.ndarray, keep: np.ndarray
) -> tuple[np.ndarray, list[int]]:
    """Features of the candidate headline lines (order of TITLE_NAMES) and their positions in `lines`."""
    n = len(lines.texts)
    candidates = [i for i in range(n) if 1 <= len(lines.words[i]) <= TITLE_MAX_WORDS]
    if not candidates:
        return np.zeros((0, len(TITLE_NAMES))), []
    names = feature_names()
    col = {name: k for k, name in enumerate(names)}
    kept_idx = np.flatnonzero(keep)
    first_kept = int(kept_idx[0]) if len(kept_idx) else n
    kept_cum = np.concatenate(([0], np.cumsum(keep)))
    body_vocab = {w.casefold() for i in kept_idx[:40] for w in lines.words[i]}
    cands_before_body = sum(1 for i in candidates if i < first_kept)
    # bylines and datelines sit next to headlines
    is_meta = (features[:, col["byline"]] + features[:, col["has_date"]] + features[:, col["has_time"]]) > 0
    rows = []
    for rank, i in enumerate(candidates):
        ws = [w.casefold() for w in lines.words[i]]
        overlap = sum(1 for w in ws if w in body_vocab) / len(ws)
        f = features[i]
        rows.append(
            [
                probs[i],
                probs[i - 1] if i > 0 else 0.0,
                probs[i + 1] if i + 1 < n else 0.0,
                float(keep[i]),
                float(i < first_kept),
                math.copysign(math.log1p(abs(i - first_kept)), i - first_kept),
                math.log1p(kept_cum[i]),
                math.log1p(rank),
                overlap,
                f[col["log_words"]],
                f[col["title_case"]],
                f[col["ends_sentence"]],
                f[col["log_copies"]],
                f[col["has_date"]],
                f[col["furniture_ratio"]],
                f[col["furniture_phrase"]],
                f[col["byline"]],
                f[col["rel_position"]],
                f[col["mass_before"]],
                f[col["all_caps"]],
                f[col["separator"]],
                f[col["first_nonblank"]],
                f[col["blank_before"]],
                f[col["blank_after"]],
                f[col["digit_ratio"]],
                f[col["ends_colon"]],
                f[col["dup_adjacent"]],
                f[col["caption_credit"]],
                math.log1p(abs(cands_before_body - rank)),
                float(i > 0 and is_meta[i - 1]),
                float(i + 1 < n and is_meta[i + 1]),
                f[col["stop_ratio"]],
            ]
        )
    return np.asarray(rows, dtype=np.float64), candidates
