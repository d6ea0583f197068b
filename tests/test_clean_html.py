"""Tests of armswatch.clean.html: main text and metadata of HTML pages (fixtures written for these tests)."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from pathlib import Path

import lxml.html
import numpy as np
import pytest

from armswatch.clean import html_features as F
from armswatch.clean.html import BlockModel, HtmlExtraction, extract_html, join_names

SHARED = Path(__file__).parents[2] / "shared"
WCXB = SHARED / "data" / "wcxb-dev-articles"

PARAS = [
    "The harbour authority said on Tuesday that the cargo ship had been held for inspection after customs "
    "officers found crates that did not match the declared manifest of agricultural machinery.",
    "According to the port's statement, the vessel had sailed from a northern terminal three weeks earlier "
    "and had made two unscheduled stops, which investigators now want to explain in detail.",
    "A spokesperson for the shipping company told reporters that it was cooperating fully with the "
    "authorities and that it had no knowledge of what the containers actually held when they were loaded.",
    "Independent analysts who reviewed photographs of the crates said the markings were consistent with "
    "military equipment, although they cautioned that markings alone could not prove where it came from.",
]

ARTICLE_PAGE = f"""<!DOCTYPE html>
<html><head>
<title>Cargo ship held at harbour after inspection | Coastal Ledger</title>
<meta property="og:title" content="Cargo ship held at harbour after inspection">
<meta property="og:site_name" content="Coastal Ledger">
<meta name="author" content="Meta Author">
<link rel="canonical" href="https://ledger.example.org/2024/03/cargo-ship-held">
<script type="application/ld+json">
{{"@context": "https://schema.org", "@type": "NewsArticle",
  "headline": "Cargo ship held at harbour after inspection",
  "datePublished": "2024-03-05T08:30:00+00:00", "dateModified": "2024-03-07T10:00:00+00:00",
  "author": [{{"@type": "Person", "name": "Ana Moreno"}}, {{"@type": "Person", "name": "Piet de Vries"}}],
  "publisher": {{"@type": "Organization", "name": "Coastal Ledger"}}}}
</script>
</head><body>
<header class="site-header"><nav class="main-nav"><ul>
<li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/business">Business</a></li>
</ul></nav></header>
<main><article class="post-content">
<h1>Cargo ship held at harbour after inspection</h1>
<p class="byline">By Ana Moreno and Piet de Vries</p>
{"".join(f"<p>{p}</p>" for p in PARAS)}
<div class="share-buttons"><a href="#">Share on Facebook</a> <a href="#">Share on Twitter</a></div>
</article>
<aside class="related-posts"><h3>Related stories</h3><ul>
<li><a href="/a">Port workers strike over pay for the second time this year</a></li>
<li><a href="/b">New customs scanners installed at the eastern terminal</a></li>
</ul></aside>
<section class="comments"><h3>Comments</h3>
<div class="comment"><p>Great reporting, thanks for keeping us informed about this story!</p></div>
</section></main>
<footer class="site-footer"><p>© 2024 Coastal Ledger. All rights reserved.</p>
<a href="/privacy">Privacy policy</a> <a href="/terms">Terms of use</a></footer>
</body></html>"""


def words(text: str) -> Counter:
    return Counter(re.findall(r"\w+", text.casefold()))


@pytest.fixture(scope="module")
def article() -> HtmlExtraction:
    return extract_html(ARTICLE_PAGE, url="https://ledger.example.org/x")


def test_article_body_keeps_paragraphs_and_drops_furniture(article: HtmlExtraction) -> None:
    for p in PARAS[:3]:
        assert p in article.body
    for furniture in ("Privacy policy", "Share on Facebook", "Port workers strike", "Great reporting",
                      "All rights reserved", "Home"):
        assert furniture not in article.body
    assert "\n" in article.body  # one paragraph a line


def test_article_body_keeps_last_paragraph(article: HtmlExtraction) -> None:
    # an earlier model dropped it on this short page (p=0.23); the current one keeps it (p~0.5), and
    # keep_blocks' guard would hold it anyway (see test_guard_keeps_prose_trafilatura_kept)
    assert PARAS[3] in article.body


def test_guard_keeps_prose_trafilatura_kept() -> None:
    from armswatch.clean.html import GUARD_FLOOR, KEEP_THRESHOLD, TRAF_KEPT, keep_blocks

    root = F.parse_html("<html><body>" + "".join(f"<p>{p}</p>" for p in PARAS) + "<p>Share</p></body></html>")
    blocks = F.extract_blocks(root)
    X = np.zeros((len(blocks), len(F.feature_names())))
    X[:4, TRAF_KEPT] = 1.0  # trafilatura kept the four paragraphs, not "Share"
    X[4, TRAF_KEPT] = 1.0
    between = (GUARD_FLOOR + KEEP_THRESHOLD) / 2
    probs = np.array([0.9, between, GUARD_FLOOR / 2, 0.9, between])
    # held: prose kept by trafilatura above the floor; dropped: below the floor, or too short ("Share")
    assert keep_blocks(blocks, probs, X).tolist() == [True, True, False, True, False]


def test_article_metadata(article: HtmlExtraction) -> None:
    assert article.title == "Cargo ship held at harbour after inspection"
    assert article.published == "2024-03-05"  # datePublished, not dateModified
    assert article.author == "Ana Moreno and Piet de Vries"
    assert article.outlet == "Coastal Ledger"
    assert article.url == "https://ledger.example.org/2024/03/cargo-ship-held"


def test_title_from_title_tag_without_site_suffix() -> None:
    page = ("<html><head><title>Drone parts seized at border crossing - Valley Courier</title></head><body>"
            "<div>" + "".join(f"<p>{p}</p>" for p in PARAS) + "</div></body></html>")
    ex = extract_html(page)
    assert ex.title == "Drone parts seized at border crossing"
    assert ex.published is None  # nothing on the page states a date
    assert PARAS[0] in ex.body


def test_meta_tags_without_jsonld() -> None:
    page = ("<html><head><title>Report</title>"
            '<meta property="article:published_time" content="2023-11-20T12:00:00Z">'
            '<meta name="author" content="Lena Fischer"></head><body><article>'
            "<h1>Export licences under review</h1>" + "".join(f"<p>{p}</p>" for p in PARAS)
            + "</article></body></html>")
    ex = extract_html(page)
    assert ex.title == "Export licences under review"
    assert ex.published == "2023-11-20"
    assert ex.author == "Lena Fischer"


def test_short_page_where_trafilatura_finds_little() -> None:
    page = "<html><body><div><span>Brief note: the shipment was delayed.</span></div></body></html>"
    ex = extract_html(page)
    assert isinstance(ex.body, str)  # may be empty: the lead then falls back to the text-dump cleaner


@pytest.mark.parametrize("bad", ["", "   ", "<html", "<<<>>>", "\x00\x01binary", "<p>" * 5000])
def test_broken_markup_never_raises(bad: str) -> None:
    ex = extract_html(bad)
    assert isinstance(ex, HtmlExtraction)


def test_blocks_skip_scripts_and_hidden_parts() -> None:
    root = F.parse_html("<html><body><p>Visible text here.</p><script>var x = 1;</script>"
                        "<div hidden>Hidden text</div><div style='display:none'>Also hidden</div>"
                        "<p>More <a href='#'>linked</a> text.</p></body></html>")
    blocks = F.extract_blocks(root)
    assert [b.text for b in blocks] == ["Visible text here.", "More linked text."]
    assert blocks[1].link_chars == len("linked")


def test_align_blocks_in_order() -> None:
    root = F.parse_html(
        "<html><body><p>Share</p><p>one two three four five six</p><p>Share</p></body></html>")
    blocks = F.extract_blocks(root)
    fractions = F.align_blocks(blocks, "one two three four five six")
    assert fractions.tolist() == [0.0, 1.0, 0.0]


def test_kept_fractions_counts_trigrams_and_whole_cells() -> None:
    root = F.parse_html("<html><body><p>Share</p><p>one two three four five six</p><p>one two three seven</p>"
                        "<p>Pros</p><p>Menu</p></body></html>")
    blocks = F.extract_blocks(root)
    text = "Zero one two three four five six.\n| Pros | Cons |\nWe share menu ideas."
    assert F.kept_fractions(blocks, text).tolist() == [0.0, 1.0, 0.5, 1.0, 0.0]


def test_hidden_parts_read_when_page_shows_nothing_else() -> None:
    # streamed server rendering: the article sits in <div hidden> until a script reveals it
    page = "<html><body><div hidden>" + "".join(f"<p>{p}</p>" for p in PARAS) + "</div></body></html>"
    blocks = F.extract_blocks(F.parse_html(page))
    assert [b.text for b in blocks] == PARAS


def test_justext_classes_of_blocks() -> None:
    # jusText: a long paragraph full of stopwords is good, a shorter one next to it near-good, then good
    page = (f"<html><body><p><a href='/'>Home</a></p><p>{PARAS[0]} {PARAS[1]}</p><p>{PARAS[2]}</p>"
            "<p>© 2024 Example</p></body></html>")
    classes = F.justext_classes(F.extract_blocks(F.parse_html(page)))
    column = {name: classes[:, i].tolist() for i, name in enumerate(F.JUSTEXT_FEATURES)}
    assert column["jt_cf_good"] == [0.0, 1.0, 0.0, 0.0]
    assert column["jt_cf_neargood"] == [0.0, 0.0, 1.0, 0.0]
    assert column["jt_good"] == [0.0, 1.0, 1.0, 0.0]


def test_headline_date_wins_when_metadata_states_it() -> None:
    # metadata says published 2019, modified 2024; the page shows "Updated March 4, 2024" by the headline
    page = ("<html><head><script type='application/ld+json'>{\"@type\": \"NewsArticle\", "
            "\"datePublished\": \"2019-05-01\", \"dateModified\": \"2024-03-04\"}</script></head><body>"
            "<nav><a href='/'>Home</a></nav><article><h1>Export licences under review</h1>"
            "<p class='date'>Updated March 4, 2024</p>" + "".join(f"<p>{p}</p>" for p in PARAS)
            + "<p>Read also: a story from January 2, 2020</p></article></body></html>")
    assert extract_html(page).published == "2024-03-04"


def test_headline_date_ignored_when_metadata_disagrees() -> None:
    page = ("<html><head><meta property='article:published_time' content='2023-11-20T12:00:00Z'></head>"
            "<body><article><h1>Export licences under review</h1><p>Event on March 4, 2024</p>"
            + "".join(f"<p>{p}</p>" for p in PARAS) + "</article></body></html>")
    assert extract_html(page).published == "2023-11-20"


def test_block_model_evaluates_exported_trees() -> None:
    # one stump: feature 0 <= 0.5 -> -2 else +2
    spec = {"features": ["f"], "init": 0.0, "learning_rate": 1.0,
            "trees": [{"feature": [0, -2, -2], "threshold": [0.5, 0, 0], "left": [1, -1, -1],
                       "right": [2, -1, -1], "value": [0.0, -2.0, 2.0]}]}
    probs = BlockModel(spec).predict(np.array([[0.0], [1.0]]))
    assert probs[0] < 0.2 < 0.8 < probs[1]


def _walk(tree: dict, row: np.ndarray) -> float:
    node = 0
    while tree["left"][node] >= 0:
        go_left = row[tree["feature"][node]] <= tree["threshold"][node]
        node = tree["left"][node] if go_left else tree["right"][node]
    return tree["value"][node]


def test_block_model_matches_a_tree_walk() -> None:
    # trees of different depths and sizes (padded to one width inside BlockModel), several features
    rng = np.random.default_rng(0)
    trees = [
        {"feature": [1, -2, 0, -2, -2], "threshold": [0.3, 0, 0.6, 0, 0], "left": [1, -1, 3, -1, -1],
         "right": [2, -1, 4, -1, -1], "value": [0.0, -1.5, 0.0, 0.7, 2.1]},
        {"feature": [2, -2, -2], "threshold": [0.5, 0, 0], "left": [1, -1, -1], "right": [2, -1, -1],
         "value": [0.0, 0.4, -0.9]},
        {"feature": [-2], "threshold": [0], "left": [-1], "right": [-1], "value": [0.25]},
    ]
    spec = {"features": ["a", "b", "c"], "init": -0.2, "learning_rate": 1.0, "trees": trees}
    X = rng.random((50, 3))
    raw = np.array([-0.2 + sum(_walk(t, row) for t in trees) for row in X])
    assert np.allclose(BlockModel(spec).predict(X), 1 / (1 + np.exp(-raw)))


def test_page_text_for_the_dump_view_skips_only_what_shows_nothing() -> None:
    from inscriptis.html_engine import Inscriptis

    from armswatch.clean.html import html_to_dump

    page = ("<html><head><title>Site title</title><style>p {color: red}</style><meta name='x' content='y'>"
            "</head><body><script>var a = 1;</script>Lead text<p>First para</p><title>Stray</title>tail words"
            "<script style='display:block'>styled script</script><ul><li>one</li><li>two</li></ul>"
            "</body></html>")
    root = F.parse_html(page)
    expected = Inscriptis(root, None).get_text()
    assert "tail words" in expected and "var a" not in expected
    assert html_to_dump(page, root) == html_to_dump(page) == "\n".join(
        re.sub(r"^[\s•·▪●◦‣*+\-–—]+", "", line).rstrip() for line in expected.split("\n"))


def test_block_lines_follow_document_order() -> None:
    root = F.parse_html("<html><body><p>Share</p><p>" + PARAS[0] + "</p><p>Share</p><p>" + PARAS[1]
                        + "</p><ul><li>Menu item one</li></ul></body></html>")
    blocks = F.extract_blocks(root)
    lines = [["menu", "share"], ["share"], F.norm_tokens(PARAS[0]).split(), ["share"],
             F.norm_tokens(PARAS[1]).split(), ["menu", "item", "one"]]
    found = F.block_lines(blocks, lines)
    assert found[0] == [1] and found[2] == [3]  # the repeated "Share" lines, each at its own place
    assert set(found[1]) == {2} and set(found[3]) == {4} and found[4] == [5]


def test_block_lines_of_trigrams_on_several_lines() -> None:
    root = F.parse_html("<html><body><p>read the full story</p><p>" + PARAS[0] + "</p>"
                        "<p>read the full story</p></body></html>")
    blocks = F.extract_blocks(root)
    story = ["read", "the", "full", "story"]
    lines = [story, F.norm_tokens(PARAS[0]).split(), ["x"], story, story + story]
    found = F.block_lines(blocks, lines)
    assert found[0] == [0, 0] and found[2] == [3, 3]  # each copy at the first line at or after the last


def test_nearest_distance_to_marked_positions() -> None:
    rng = np.random.default_rng(0)
    for n in (1, 2, 7, 50):
        pos = np.arange(n)
        marks = np.flatnonzero(rng.random(n) < 0.3)
        if not len(marks):
            marks = np.array([n - 1])
        brute = np.min(np.abs(pos[:, None] - marks[None, :]), axis=1)
        assert np.array_equal(F._nearest_distance(pos, marks), brute)


def test_parsed_elements_are_html_elements() -> None:
    root = F.parse_html("<html><body><form><label>Name</label><input name='q' value='x'></form>"
                        "<p>Text <b>here</b></p></body></html>")
    assert root is not None
    assert all(isinstance(el, lxml.html.HtmlElement) for el in root.iter())
    assert root.find(".//form").text_content() == "Name"


def test_dump_line_features_of_blocks() -> None:
    root = F.parse_html("<html><body><p>" + PARAS[0] + "</p><p>Unrelated words here</p></body></html>")
    blocks = F.extract_blocks(root)
    lines = [F.norm_tokens(PARAS[0]).split()]
    out = F.dump_line_features(blocks, lines, np.array([0.9]), np.array([True]))
    names = list(F.DUMP_FEATURES)
    assert out.shape == (2, len(names))
    assert out[0, names.index("dump_p_mean")] == pytest.approx(0.9)
    assert out[0, names.index("dump_keep")] == 1.0 and out[0, names.index("dump_cover")] == 1.0
    assert out[1, names.index("dump_p_mean")] == -1.0  # no line holds it
    assert out[1, names.index("dump_p_prev")] == pytest.approx(0.9)


def test_dump_view_of_page() -> None:
    from armswatch.clean.html import dump_view

    view = dump_view(ARTICLE_PAGE)
    assert F.norm_tokens(PARAS[0]).split() in view.words
    assert view.features.shape[0] == len(view.words)


def test_repeated_paragraphs_kept_once() -> None:
    from armswatch.clean.html import drop_repeats

    texts = [*PARAS[:2], PARAS[0], "Share", "Share"]
    root = F.parse_html("<html><body>" + "".join(f"<p>{p}</p>" for p in texts) + "</body></html>")
    blocks = F.extract_blocks(root)
    keep = drop_repeats(blocks, np.ones(len(blocks), dtype=bool))
    assert keep.tolist() == [True, True, False, True, True]  # short repeats are not paragraphs


def test_join_names() -> None:
    assert join_names(["A"]) == "A"
    assert join_names(["A", "B"]) == "A and B"
    assert join_names(["A", "B", "C"]) == "A, B, and C"


@pytest.mark.corpus
@pytest.mark.skipif(not WCXB.exists(), reason="needs ../shared/data/wcxb-dev-articles")
def test_wcxb_dev_floors() -> None:
    """Floors under what was measured (in-sample: the shipped body model was trained on these pages;
    metadata rules were written while looking at them). Cross-validated body F1 is lower (0.966)."""
    f1s, titles, dates, n_dates = [], 0, 0, 0
    norm = lambda s: re.sub(r"\W+", " ", (s or "").casefold()).strip()  # noqa: E731
    for path in sorted((WCXB / "html").glob("*.html.gz")):
        pid = path.name.split(".")[0]
        gold = json.loads((WCXB / "gold" / f"{pid}.json").read_text(encoding="utf-8"))
        ex = extract_html(gzip.decompress(path.read_bytes()).decode("utf-8", "replace"))
        p, g = words(ex.body), words(gold["main_content"])
        tp = sum((p & g).values())
        f1s.append(2 * tp / (sum(p.values()) + sum(g.values())) if p else 0.0)
        titles += norm(ex.title) == norm(gold["title"])
        if gold.get("publish_date"):
            n_dates += 1
            dates += (ex.published or "") == gold["publish_date"][:10]
    assert np.mean(f1s) >= 0.97  # measured 0.99 in-sample
    assert titles / len(f1s) >= 0.83  # measured 197/228
    assert dates / n_dates >= 0.88  # measured 179/194


def test_trafilatura_text_stands_where_the_block_model_is_unsure() -> None:
    from armswatch.clean.html import KEEP_THRESHOLD, TRAF_KEPT, choose_body, unsure_share

    words = "one two three four five six seven eight nine ten"
    blocks = [F.Block(text=f"{words} {i}", element=None, link_chars=0, tokens=f"{words} {i}".split())
              for i in range(3)]
    X = np.zeros((3, len(F.feature_names())))
    X[:, TRAF_KEPT] = [1.0, 1.0, 0.0]  # trafilatura kept the first two blocks
    traf = "trafilatura's own text"
    sure = np.array([0.99, 0.99, 0.99])  # keeps the third block too, and is sure of it
    assert unsure_share(blocks, sure, X, np.ones(3, dtype=bool)) < 0.01
    assert choose_body(blocks, sure, X, traf, fallback=0.2).count("\n") == 2
    unsure = np.array([0.99, 0.99, KEEP_THRESHOLD + 0.001])  # the same decision, at the threshold
    assert choose_body(blocks, unsure, X, traf, fallback=0.2) == traf
    assert choose_body(blocks, np.zeros(3), X, traf) == traf  # nothing kept: trafilatura's text
    assert choose_body([], np.zeros(0), X[:0], traf) == traf
