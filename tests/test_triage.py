"""Triage: the cheap relevance pass before the parser (sentences written for these tests)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from armswatch import triage
from armswatch.pipeline import analyze, is_stream
from armswatch.triage import lexicon_hits, lexicons, triage_text

ARMS = (
    "North Korea has shipped more than a million artillery shells to Russia by rail and sea since August, "
    "South Korean intelligence said on Monday. The deliveries were loaded on cargo ships at Rajin and "
    "unloaded at the port of Dunai, officials added. Moscow denied receiving any weapons from Pyongyang."
)
OFF_TOPIC = (
    "Our summer menu brings fresh strawberries, crisp lettuce and a lemon tart to every table. Order "
    "before noon for same-day pickup, or subscribe to our newsletter for weekly recipes and coupons. "
    "Free shipping on orders over fifty dollars."
)


def test_lexicons_cover_frames_items_and_cameo() -> None:
    triggers, items, cameo = lexicons()
    assert {"shipped", "seized", "supplies", "condemned"} <= triggers
    assert {"shells", "drones", "ammunition"} & items
    assert "accuse" in cameo
    frame, item, _ = lexicon_hits({"shipped", "shells", "the"})
    assert frame >= 1 and item >= 1 and lexicon_hits({"the", "menu"})[:2] == (0, 0)


def test_arms_report_kept_and_scored_over_a_shopping_page() -> None:
    assert triage_text(ARMS).keep
    assert triage_text(OFF_TOPIC).score < triage_text(ARMS).score


def test_a_text_of_no_words_is_scored() -> None:
    assert triage_text("").score == triage_text("12 34 -- !!").score


def test_short_items_scored_by_the_sentence_model() -> None:
    """Sentences are no longer all kept (issue 16: the page model's threshold kept every short text): an
    arms headline is kept, a page's furniture set aside."""
    assert triage_text("Ukraine received a second battery of air defence missiles from Germany.").keep
    assert not triage_text("Sign up for our newsletter to get the latest deals.").keep


@pytest.fixture
def strict_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shipped threshold keeps nearly every news-like text (recall first, see the README); the
    plumbing is tested with one between these two texts' scores."""
    sentence, page = triage.load_model()  # both texts are under PAGE_WORDS: the sentence model's
    middle = (triage_text(ARMS).score + triage_text(OFF_TOPIC).score) / 2
    strict = triage.Model(sentence.weights, sentence.bias, middle)
    monkeypatch.setattr(triage, "load_model", lambda: (strict, page))


def test_triage_runs_at_tokenizer_speed() -> None:
    page = (OFF_TOPIC + "\n") * 20  # about 4,000 characters, a news page's length
    triage_text(page)
    started = time.process_time()
    for _ in range(200):
        triage_text(page)
    per_report = (time.process_time() - started) / 200
    assert per_report < 0.005  # the parser takes about 0.1 s on such a page: 20x is 5 ms


def is_stream_name(path: Path) -> bool:
    path.write_bytes(b"")
    return is_stream(path)


@pytest.mark.usefixtures("strict_threshold")
def test_crawls_are_triaged_by_default_feeds_and_folders_are_not(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "a", "text": ARMS, "published": "2024-05-06"}) + "\n"
                    + json.dumps({"id": "b", "text": OFF_TOPIC, "published": "2024-05-06"}) + "\n",
                    encoding="utf-8")
    assert not is_stream(feed) and not is_stream("-") and not is_stream(tmp_path)
    assert is_stream_name(tmp_path / "crawl.warc.gz")
    out = tmp_path / "out"
    summary = analyze([feed], out, write_html_report=False, triage=True)
    assert summary.triage and summary.set_aside == 1 and summary.set_aside_ids == ["b"]
    assert summary.as_json()["triage"] == {"on": True, "set_aside": 1, "set_aside_ids": ["b"]}
    assert summary.documents_in_dossier == 1
    # re-run without triage: the report set aside is annotated, and kept by later triaged runs
    again = analyze([feed], out, write_html_report=False, triage=False)
    assert not again.set_aside and again.annotated == 1 and again.documents_in_dossier == 2
    third = analyze([feed], out, write_html_report=False, triage=True)
    assert third.triage and not third.set_aside and third.annotated == 0


@pytest.mark.usefixtures("strict_threshold")
def test_folder_not_triaged(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "menu.txt").write_text(OFF_TOPIC, encoding="utf-8")
    summary = analyze([tmp_path / "in"], tmp_path / "out", write_html_report=False)
    assert not summary.triage and summary.documents_in_dossier == 1


def test_a_report_triage_fails_on_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(text: str) -> triage.Verdict:
        raise ValueError("no verdict")

    monkeypatch.setattr(triage, "triage_text", broken)
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "b", "text": OFF_TOPIC, "published": "2024-05-06"}) + "\n",
                    encoding="utf-8")
    summary = analyze([feed], tmp_path / "out", write_html_report=False, triage=True)
    assert summary.set_aside == 0 and summary.annotated == 1 and not summary.problems
