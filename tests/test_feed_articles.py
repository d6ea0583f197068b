"""Every item of a feed reaches the dossier: a feed item's text is already the article.

The sentences are generated here from templates in our own words (subjects, verbs, objects and
endings written for this test); none ends in a full stop, the case the page-furniture model used to drop.
"""

from __future__ import annotations

import csv
import itertools
import json
from pathlib import Path

from armswatch.clean import clean_report
from armswatch.pipeline import analyze
from armswatch.read import RawReport, ReadProblem, read_reports

SUBJECTS = (
    "The coast guard", "Border police in Tarvos", "A ministry spokeswoman", "Rebel fighters",
    "The navy of Ostrelia", "Customs officers", "Two patrol boats", "The foreign minister of Velmar",
    "Militia units loyal to the council", "An unnamed official",
)
VERBS = (
    "seized", "inspected", "shelled", "escorted", "condemned", "delivered", "intercepted", "tracked",
    "denied receiving", "photographed",
)
OBJECTS = (
    "a cargo of rifles bound for the port of Keshet", "three trucks near the northern crossing",
    "the freighter Amber Gull off the coast", "a shipment of drone parts on Monday",
    "the convoy outside the capital overnight",
    "twelve containers of ammunition at the depot",
    "a fishing vessel carrying mortar shells last week",
    "the arms deal announced by the neighbouring state",
    "a train of armoured vehicles crossing the border",
    "the fuel tanker after a two-day chase",
)
# Sentences in feeds end in many ways other than a full stop: nothing at all, a question, a quotation.
ENDINGS = ("", "", "", " according to officials", "!", "?", ", witnesses said", ";", ":", " (updated)")


def sentences(count: int = 1000) -> list[str]:
    """`count` distinct sentences, none ending in a full stop."""
    combos = itertools.product(SUBJECTS, VERBS, OBJECTS)
    out = [f"{s} {v} {o}{ENDINGS[i % len(ENDINGS)]}" for i, (s, v, o) in enumerate(combos)]
    assert len(out) >= count and not any(text.rstrip().endswith(".") for text in out)
    return out[:count]


def _write_jsonl(path: Path, texts: list[str]) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for i, text in enumerate(texts):
            handle.write(json.dumps({"id": f"s{i:04d}", "text": text}) + "\n")
    return path


def _cleaned(path: Path) -> list[tuple[RawReport, str]]:
    out = []
    for item in read_reports([path]):
        assert not isinstance(item, ReadProblem), str(item)
        out.append((item, clean_report(item).body))
    return out


def test_every_one_of_a_thousand_feed_sentences_keeps_its_text(tmp_path: Path) -> None:
    texts = sentences()
    cleaned = _cleaned(_write_jsonl(tmp_path / "feed.jsonl", texts))
    assert [body for _, body in cleaned] == texts
    assert all(raw.is_article for raw, _ in cleaned)


def test_csv_and_json_array_items_are_articles_too(tmp_path: Path) -> None:
    texts = sentences(40)
    with (tmp_path / "feed.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text"])
        writer.writerows([f"c{i}", t] for i, t in enumerate(texts))
    (tmp_path / "feed.json").write_text(json.dumps([{"id": f"j{i}", "text": t} for i, t in enumerate(texts)]),
                                        encoding="utf-8")
    assert [body for _, body in _cleaned(tmp_path / "feed.csv")] == texts
    assert [body for _, body in _cleaned(tmp_path / "feed.json")] == texts


def test_a_feed_passage_keeps_every_paragraph_and_a_page_still_gets_cleaned(tmp_path: Path) -> None:
    passage = "Subscribe to our newsletter\n\nThe navy tracked the freighter for two days\n   \nShare this"
    (tmp_path / "feed.jsonl").write_text(json.dumps({"id": "p", "text": passage}) + "\n", encoding="utf-8")
    [(raw, body)] = _cleaned(tmp_path / "feed.jsonl")
    # What looks like furniture in a page is the producer's choice in a feed: nothing is dropped.
    assert body == "Subscribe to our newsletter\nThe navy tracked the freighter for two days\nShare this"
    (tmp_path / "page.txt").write_text(passage, encoding="utf-8")
    [page] = [item for item in read_reports([tmp_path / "page.txt"]) if isinstance(item, RawReport)]
    assert not page.is_article  # a file of its own is a page dump and goes through the dump cleaner


def test_an_html_item_still_goes_through_html_extraction(tmp_path: Path) -> None:
    page = ("<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><p>"
            + " ".join(sentences(6)) + "</p></article></body></html>")
    (tmp_path / "feed.jsonl").write_text(json.dumps({"id": "h", "html": page}) + "\n", encoding="utf-8")
    [(raw, body)] = _cleaned(tmp_path / "feed.jsonl")
    assert raw.form == "html" and not raw.is_article
    assert "Home" not in body and sentences(1)[0] in body


def test_a_thousand_feed_sentences_reach_the_dossier(tmp_path: Path) -> None:
    texts = sentences()
    feed = _write_jsonl(tmp_path / "feed.jsonl", texts)
    summary = analyze([feed], tmp_path / "out", write_html_report=False)
    assert summary.problems == []
    dossier = json.loads((tmp_path / "out" / "dossier.json").read_text(encoding="utf-8"))
    bodies = {doc["id"]: doc["body"] for doc in dossier["documents"]}
    assert len(bodies) == len(texts)
    assert all(bodies[f"s{i:04d}"] == text for i, text in enumerate(texts))
