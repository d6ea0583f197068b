"""Second, stacked pass of the main-text block model: each block seen against the article's run.

The first model (html.py, `html_blocks.json`) scores blocks one by one from their own features and a few
neighbours' raw features. Much of what it gets wrong is where the article ends: author bios, source lists,
disclaimers and "related" teasers after the text, often kept by trafilatura too. This pass adds what only
a model's probabilities can describe (features of `sequence_features`, from a small tree model's):

- the neighbours' probabilities (before and after, windows, maxima): sequence context, as boilerplate
  removers that label a block from its neighbours' labels do (boilerpipe's rules, Web2Text's CRF);
- where the block sits against the run of long blocks the first pass keeps: before its start, after its
  end, how many blocks and words away, how much of the kept text lies before it;
- the markup: the deepest element holding that run (the article's container), whether the block is in
  it, how many levels up its path meets it, whether the block's branch of it comes after the last branch
  holding the run, and the first pass's mean probability over the block's parent and grandparent;
- tail cues of the text itself (copyright lines, reporting credits, a bio's "X is a reporter at ...",
  a source list's heading, disclaimers, "read more" teasers), general web conventions.

A second tree model (`html_blocks_seq.json`, scripts/train_html_blocks.py --stack) reads the first pass's
features and these; it is trained on small-model probabilities of pages the small model was not trained on
(stacking). html.block_probs uses it at the run's ends only.
"""

from __future__ import annotations

import re

import lxml.etree as etree
import numpy as np

from armswatch.clean.html_features import Block

# A block of the article's run: the first pass keeps it and it is more than a line (bylines, dates and
# captions inside the article are short). 10 words: wcxb-dev, where shorter blocks are headings, dates
# and captions on most pages.
RUN_PROB, RUN_MIN_WORDS = 0.5, 10
CAP_BLOCKS, CAP_LEVELS = 20, 10

# Tail cues, each a general convention of web articles. wcxb-dev pages where each occurs in a block outside
# the gold article text / inside it: copyright 191/6, credit 38/2, bio 16/2 (before 'owner', 'expert',
# 'VP' and the like were added), sources 18/14, disclaimer 20/6, teaser 120/22. Features, not rules: the
# second model weighs them with the block's place.
TAIL_CUES: dict[str, re.Pattern[str]] = {
    "cue_copyright": re.compile(r"©|\(c\)\s*\d{4}|\bcopyright\b|\ball rights reserved\b", re.I),
    "cue_credit": re.compile(r"\bcontributed (?:to )?(?:this )?report|\b(?:additional )?reporting by\b"
                             r"|\bediting by\b|\bwritten by\b|\bthis (?:article|story|post) (?:was |first )?"
                             r"(?:originally |first )?(?:published|appeared|written)\b", re.I),
    "cue_bio": re.compile(r"^(?:[A-Z][\w.'’-]*,?\s(?:\(@?\w+\)\s)?){1,4}(?:is|was|has been|serves as)\s"
                          r"(?:a|an|the)\s(?:[\w,'’-]+\s){0,6}?(?i:reporter|writer|editor|correspondent"
                          r"|journalist|columnist|contributor|author|producer|analyst|fellow|professor"
                          r"|researcher|founder|co-?founder|director|owner|expert|specialist|manager|consultant"
                          r"|strategist|vp|ceo)\b"),
    "cue_sources": re.compile(r"^(?:sources?|references?|citations?|notes?|bibliography|further reading"
                              r"|footnotes?)\b\s*:?", re.I),
    "cue_disclaimer": re.compile(r"\bdisclaimer\b|\b(?:views|opinions) expressed\b|\bfor (?:general )?"
                                 r"informational purposes\b|\bdoes not constitute\b|\baffiliate (?:links?"
                                 r"|commission)\b", re.I),
    "cue_teaser": re.compile(r"^(?:related|read (?:more|next|also)|see also|more (?:from|on|stories)"
                             r"|recommended|you (?:may|might) (?:also )?like|also read|trending|popular)\b",
                             re.I),
}

SEQ_FEATURES: tuple[str, ...] = (
    ("p1", "p_prev1", "p_prev2", "p_next1", "p_next2", "p_win5", "p_win15", "p_max_before5", "p_max_after5",
     "before_run", "after_run", "run_dist_start", "run_dist_end", "run_words_before", "run_words_after",
     "mass_before", "mass_after", "in_container", "lca_up", "branch_after_run", "branch_before_run",
     "branch_rank_end", "p_parent", "p_grandparent", "page_has_run")
    + tuple(TAIL_CUES)
)


def block_paths(blocks: list[Block]) -> list[tuple[int, ...]]:
    """Each block's element as its path of element numbers from the root (numbers in order of first
    sight); elements are walked once, their paths memoised."""
    number: dict[etree._Element, tuple[int, ...]] = {}

    def path(el: etree._Element) -> tuple[int, ...]:
        chain = []
        cur: etree._Element | None = el
        while cur is not None and cur not in number:
            chain.append(cur)
            cur = cur.getparent()
        base = number[cur] if cur is not None else ()
        for node in reversed(chain):
            base = (*base, len(number))
            number[node] = base
        return base

    return [path(b.element) if b.element is not None else () for b in blocks]


def _common_prefix(a: tuple[int, ...], b: tuple[int, ...]) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def _shifted(x: np.ndarray, off: int) -> np.ndarray:
    """x moved by `off` rows (x[i - off] at row i), -1 where there is none."""
    out = np.full(len(x), -1.0)
    if off > 0 and len(x) > off:
        out[off:] = x[:-off]
    elif off < 0 and len(x) > -off:
        out[:off] = x[-off:]
    return out


def _window_mean(x: np.ndarray, half: int) -> np.ndarray:
    n = len(x)
    c = np.concatenate([[0.0], np.cumsum(x)])
    lo = np.clip(np.arange(n) - half, 0, n)
    hi = np.clip(np.arange(n) + half + 1, 0, n)
    return (c[hi] - c[lo]) / np.maximum(hi - lo, 1)


def _running_max(x: np.ndarray, width: int, before: bool) -> np.ndarray:
    """Max of the `width` values before (or after) each row, -1 where there are none."""
    out = np.full(len(x), -1.0)
    for k in range(1, width + 1):
        out = np.maximum(out, _shifted(x, k if before else -k))
    return out


def sequence_features(blocks: list[Block], paths: list[tuple[int, ...]], probs: np.ndarray,
                      rows: np.ndarray | None = None) -> np.ndarray:
    """SEQ_FEATURES of each block (one row each) from the first pass's probabilities `probs`. With `rows`
    (a mask), the features built a block at a time (markup and tail cues) are filled in for those rows
    only, the others left at 0: at run time the second model reads the run's ends alone (html.block_probs),
    and those rows are the same either way."""
    n = len(blocks)
    out = np.zeros((n, len(SEQ_FEATURES)))
    if n == 0:
        return out
    col = {k: i for i, k in enumerate(SEQ_FEATURES)}
    p = np.asarray(probs, dtype=float)
    words = np.array([len(b.tokens) for b in blocks], dtype=float)
    out[:, col["p1"]] = p
    for name, off in (("p_prev1", 1), ("p_prev2", 2), ("p_next1", -1), ("p_next2", -2)):
        out[:, col[name]] = _shifted(p, off)
    out[:, col["p_win5"]] = _window_mean(p, 2)
    out[:, col["p_win15"]] = _window_mean(p, 7)
    out[:, col["p_max_before5"]] = _running_max(p, 5, before=True)
    out[:, col["p_max_after5"]] = _running_max(p, 5, before=False)
    mass = p * words
    total = mass.sum()
    cum = np.cumsum(mass)
    if total > 0:
        out[:, col["mass_before"]] = (cum - mass) / total
        out[:, col["mass_after"]] = (total - cum) / total
    run = np.flatnonzero((p >= RUN_PROB) & (words >= RUN_MIN_WORDS))
    if not len(run):
        run = np.array([int(np.argmax(mass))]) if total > 0 else run
    pos = np.arange(n)
    if len(run):
        out[:, col["page_has_run"]] = 1.0
        first, last = run[0], run[-1]
        out[:, col["before_run"]] = pos < first
        out[:, col["after_run"]] = pos > last
        out[:, col["run_dist_start"]] = np.clip(pos - first, -CAP_BLOCKS, CAP_BLOCKS) / CAP_BLOCKS
        out[:, col["run_dist_end"]] = np.clip(pos - last, -CAP_BLOCKS, CAP_BLOCKS) / CAP_BLOCKS
        cw = np.cumsum(words) - words  # words before each block
        out[:, col["run_words_before"]] = np.log1p(np.maximum(cw[first] - cw - words, 0))
        out[:, col["run_words_after"]] = np.log1p(np.maximum(cw - cw[last] - words[last], 0))
        _markup_features(out, col, paths, run, p, words, rows)
    wanted = range(n) if rows is None else np.flatnonzero(rows)
    for name, rx in TAIL_CUES.items():
        out[wanted, col[name]] = [float(bool(rx.search(blocks[i].text))) for i in wanted]
    return out


def _markup_features(out: np.ndarray, col: dict[str, int], paths: list[tuple[int, ...]], run: np.ndarray,
                     p: np.ndarray, words: np.ndarray, rows: np.ndarray | None = None) -> None:
    """in_container .. p_grandparent: the block against the deepest element holding the whole run."""
    container = paths[run[0]]
    for i in run[1:]:
        container = container[:_common_prefix(container, paths[i])]
    if len(run) == 1 and container:  # one block: its parent holds the article
        container = container[:-1]
    depth = len(container)
    branch_of = [path[depth] if len(path) > depth and path[:depth] == container else -1 for path in paths]
    run_branches = {branch_of[i] for i in run}
    # document order of the container's branches (a branch's rank: the order of its first block)
    rank: dict[int, int] = {}
    for br in branch_of:
        if br >= 0 and br not in rank:
            rank[br] = len(rank)
    run_ranks = [rank[b] for b in run_branches if b >= 0]
    last_rank, first_rank = (max(run_ranks), min(run_ranks)) if run_ranks else (-1, -1)
    parent_sum: dict[tuple[int, ...], list[float]] = {}
    for path, pi, w in zip(paths, p, words, strict=True):
        for up in (1, 2):
            key = path[:-up] if len(path) >= up else ()
            s = parent_sum.setdefault((up, *key), [0.0, 0.0])
            s[0] += pi * (w + 1)
            s[1] += w + 1
    for i in range(len(paths)) if rows is None else np.flatnonzero(rows):
        path, br = paths[i], branch_of[i]
        inside = br >= 0 or path == container
        out[i, col["in_container"]] = inside
        out[i, col["lca_up"]] = min(depth - _common_prefix(path, container), CAP_LEVELS) / CAP_LEVELS
        if br >= 0 and run_ranks:
            out[i, col["branch_after_run"]] = rank[br] > last_rank
            out[i, col["branch_before_run"]] = rank[br] < first_rank
            out[i, col["branch_rank_end"]] = np.clip(rank[br] - last_rank, -CAP_BLOCKS, CAP_BLOCKS) / (
                CAP_BLOCKS)
        for up, name in ((1, "p_parent"), (2, "p_grandparent")):
            key = path[:-up] if len(path) >= up else ()
            s, w = parent_sum[(up, *key)]
            own = p[i] * (words[i] + 1)
            rest = w - (words[i] + 1)
            out[i, col[name]] = (s - own) / rest if rest > 0 else -1.0
