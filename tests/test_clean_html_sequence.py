"""Tests of armswatch.clean.html_sequence, the block model's stacked second pass (fixtures written here)."""

from __future__ import annotations

import numpy as np

from armswatch.clean import html_features as F
from armswatch.clean import html_sequence as S
from armswatch.clean.html import BlockModel, SecondPass, block_probs, combine, run_ends

PROSE = ("The committee met on Tuesday to review the budget and agreed that the new funding rules would "
         "apply to every school district in the region from next year onwards.")
PAGE = f"""<html><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
<main><article><div class="body">
<h1>Committee agrees new school funding rules</h1>
<p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p>
</div>
<div class="author-box"><p>Jane Doe is a staff reporter covering education for the paper.</p></div>
</article>
<aside><p>Related: Five things to know about the budget</p></aside></main>
<footer><p>© 2024 Example News. All rights reserved.</p></footer>
</body></html>"""


def blocks_of(html: str) -> list[F.Block]:
    root = F.parse_html(html)
    assert root is not None
    return F.extract_blocks(root)


def col(name: str) -> int:
    return S.SEQ_FEATURES.index(name)


def test_block_paths_share_the_container() -> None:
    blocks = blocks_of(PAGE)
    paths = S.block_paths(blocks)
    texts = [b.text for b in blocks]
    paras = [paths[i] for i, t in enumerate(texts) if t == PROSE]
    assert len(paras) == 3 and len({p[:-1] for p in paras}) == 1  # one parent
    assert len({p[-1] for p in paras}) == 3  # three elements
    bio = paths[next(i for i, t in enumerate(texts) if t.startswith("Jane Doe"))]
    assert bio[:len(paras[0]) - 2] == paras[0][:-2]  # they meet in <article>
    assert S.block_paths([]) == []


def test_sequence_features_place_blocks_against_the_run() -> None:
    blocks = blocks_of(PAGE)
    texts = [b.text for b in blocks]
    probs = np.array([0.99 if t == PROSE else 0.6 if t.startswith("Committee") else 0.3 for t in texts])
    X = S.sequence_features(blocks, S.block_paths(blocks), probs)
    assert X.shape == (len(blocks), len(S.SEQ_FEATURES))
    first, bio = texts.index(PROSE), next(i for i, t in enumerate(texts) if t.startswith("Jane Doe"))
    footer = next(i for i, t in enumerate(texts) if t.startswith("©"))
    assert X[0, col("before_run")] == 1 and X[first, col("before_run")] == 0
    assert X[bio, col("after_run")] == 1 and X[first + 2, col("after_run")] == 0
    assert X[first, col("in_container")] == 1 and X[bio, col("in_container")] == 0
    assert X[footer, col("lca_up")] > X[bio, col("lca_up")] > 0  # the footer meets the run higher up
    assert X[bio, col("cue_bio")] == 1 and X[first, col("cue_bio")] == 0
    assert X[footer, col("cue_copyright")] == 1
    assert X[footer - 1, col("cue_teaser")] == 1
    assert X[first, col("p_prev1")] == probs[first - 1] and X[0, col("p_prev1")] == -1
    assert X[-1, col("p_next1")] == -1 and X[first, col("p_next1")] == probs[first + 1]
    assert X[bio, col("mass_after")] < 0.05 < X[first, col("mass_after")]
    assert np.all(X[:, col("page_has_run")] == 1)


def test_sequence_features_without_a_run() -> None:
    blocks = blocks_of(PAGE)
    X = S.sequence_features(blocks, S.block_paths(blocks), np.zeros(len(blocks)))
    assert np.all(X[:, col("page_has_run")] == 0) and np.all(X[:, col("after_run")] == 0)
    assert S.sequence_features([], [], np.zeros(0)).shape == (0, len(S.SEQ_FEATURES))


def test_sequence_features_of_some_rows_are_those_of_all() -> None:
    blocks = blocks_of(PAGE)
    texts = [b.text for b in blocks]
    probs = np.array([0.99 if t == PROSE else 0.3 for t in texts])
    paths = S.block_paths(blocks)
    rows = np.zeros(len(blocks), dtype=bool)
    rows[[0, len(blocks) - 2, len(blocks) - 1]] = True
    some = S.sequence_features(blocks, paths, probs, rows=rows)
    every = S.sequence_features(blocks, paths, probs)
    assert np.array_equal(some[rows], every[rows])
    assert some[~rows, col("in_container")].sum() == 0 < every[~rows, col("in_container")].sum()


def test_tail_cues_of_more_than_one_form() -> None:
    cues = S.TAIL_CUES
    assert cues["cue_bio"].search("Scott Levine is a contributing stock market analyst covering energy.")
    assert cues["cue_bio"].search("Eduard Kovacs (@EduardKovacs) is the managing editor at SecurityWeek.")
    assert cues["cue_bio"].search("Sam is the revenue-focused VP of Marketing at Dealfront.")
    assert not cues["cue_bio"].search("The minister said the ship is a danger to the harbour.")
    assert cues["cue_credit"].search("Reuters staff contributed to this report.")
    assert cues["cue_credit"].search("Additional reporting by Ana Moreno; editing by Piet de Vries")
    assert cues["cue_disclaimer"].search("This article contains affiliate links that earn us a commission.")
    assert cues["cue_disclaimer"].search("The views expressed are the author's own.")
    assert cues["cue_sources"].search("Sources: Ministry of Defence; SIPRI")
    assert cues["cue_teaser"].search("Read more: How the port handles inspections")


def _constant_model(value: float, n_features: int) -> BlockModel:
    """A one-leaf tree ensemble giving every row the probability `value`."""
    raw = float(np.log(value / (1 - value)))
    return BlockModel({"features": [f"f{i}" for i in range(n_features)], "init": raw, "learning_rate": 1.0,
                       "trees": [{"feature": [0], "threshold": [0.0], "left": [-1], "right": [-1],
                                  "value": [0.0]}]})


def test_block_probs_use_the_second_pass_at_the_runs_ends_only() -> None:
    blocks = blocks_of(PAGE)
    n_first = len(F.feature_names())
    X = np.zeros((len(blocks), n_first))
    first = _constant_model(0.8, n_first)
    small, n_second = _constant_model(0.5, n_first), n_first + len(S.SEQ_FEATURES)
    lower = SecondPass(small=small, second=_constant_model(0.2, n_second), how="min")
    higher = SecondPass(small=small, second=_constant_model(0.9, n_second), how="min")
    mean = SecondPass(small=small, second=_constant_model(0.2, n_second), how="mean")
    assert np.allclose(block_probs(blocks, X, first), 0.8)
    # every block has p 0.8: the run spans the first to the last block of 10+ words
    ends = run_ends(blocks, np.full(len(blocks), 0.8))
    long_blocks = [i for i, b in enumerate(blocks) if len(b.tokens) >= S.RUN_MIN_WORDS]
    assert ends.sum() == len(blocks) - (long_blocks[-1] - long_blocks[0] + 1) > 0
    assert np.allclose(block_probs(blocks, X, first, lower), np.where(ends, 0.2, 0.8))
    assert np.allclose(block_probs(blocks, X, first, higher), 0.8)  # "min" never raises a block
    assert np.allclose(block_probs(blocks, X, first, mean), np.where(ends, 0.5, 0.8))
    assert block_probs([], X[:0], first, lower).shape == (0,)


def test_run_ends_without_a_run() -> None:
    blocks = blocks_of(PAGE)
    assert not run_ends(blocks, np.zeros(len(blocks))).any()
    assert np.array_equal(combine(np.array([0.9, 0.1]), np.array([0.2, 0.6]), np.array([True, True]), "min"),
                          [0.2, 0.1])
