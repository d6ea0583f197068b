"""Metadata as the file states it: titles cleaned of labels and site names, "Source:" lines, dates in
URL paths, redirect links, and the url and metadata_basis a document carries into the store."""

from __future__ import annotations

from pathlib import Path

from armswatch.clean import clean_report
from armswatch.clean.metadata import clean_title, source_line, unwrap_redirect, url_date
from armswatch.read.document import document_report
from armswatch.store import Store


def test_titles_never_labels_bullets_or_captions() -> None:
    assert clean_title("Title: Freighter leaves port") == ("Freighter leaves port", None)
    assert clean_title("# Freighter leaves port") == ("Freighter leaves port", None)
    assert clean_title("• Freighter leaves port") == (None, None)
    assert clean_title("Photo: the freighter at the quay") == (None, None)
    assert clean_title("Freighter leaves port | CNN Business") == ("Freighter leaves port", "CNN Business")
    assert clean_title("Freighter leaves port &#8211; Wall Street Journal") == (
        "Freighter leaves port", "The Wall Street Journal")
    assert clean_title("Harbour Times | Freighter leaves the port at dawn") == (
        "Freighter leaves the port at dawn", "Harbour Times")
    # A dash inside a headline is not a site name unless it names a known outlet.
    assert clean_title("Talks end - no deal on arms sales") == ("Talks end - no deal on arms sales", None)


def test_source_lines_urls_and_redirects() -> None:
    assert source_line(["Headline", "Source: https://news.example/2024/01/11/story.html", "Text."]) == (
        "https://news.example/2024/01/11/story.html", None)
    assert source_line(["Text of the story.", "Source: AP"]) == (None, "Associated Press")
    assert url_date("https://news.example/2024/01/11/story.html") == "2024-01-11"
    assert url_date("https://news.example/news/20231105/story") == "2023-11-05"
    assert url_date("https://news.example/2024/13/40/story") is None
    assert unwrap_redirect("http://news.google.com/news/url?sa=t&#038;url=http://paper.example/a") == (
        "http://paper.example/a")


def test_markdown_post_metadata_and_basis(tmp_path: Path) -> None:
    text = ("# Freighter leaves port | CNN Politics\n\nPublished : `2024-07-28 10:14:36`\n\n"
            "> Source: [https://www.cnn.com/2024/07/27/x/index.html](https://www.cnn.com/2024/07/27/x/index.html)"
            "\n\nThe freighter left the port on Saturday with forty containers, officials said.\n")
    raw = document_report(text.encode(), report_id="post", source="post.md", name="post.md")
    article = clean_report(raw)
    assert article.title == "Freighter leaves port" and article.outlet == "CNN Politics"
    assert article.published == "2024-07-28"  # the stamp the post states wins over the URL's date
    assert article.url == "https://www.cnn.com/2024/07/27/x/index.html"
    assert article.metadata_basis == {"title": "Markdown heading", "outlet": "site name in the title "
                                      "(Markdown heading)", "url": "'Source:' line",
                                      "published": "'Published/Posted' line"}


def test_wordpress_front_matter(tmp_path: Path) -> None:
    text = ("---\npost_title: 'Cargo ship seized off the coast &#8211; Fox News'\n"
            "post_date: 2016-04-23 15:05:05\n"
            "published: true\npermalink: https://mirror.example/cargo-seized/\n---\n\n"
            "The cargo was seized on Saturday, officials said.\n")
    article = clean_report(document_report(text.encode(), report_id="p", source="p.md", name="p.md"))
    assert article.title == "Cargo ship seized off the coast"
    assert (article.published, article.outlet) == ("2016-04-23", "Fox News")
    assert article.metadata_basis["published"] == "front matter post_date"
    assert article.url == "https://mirror.example/cargo-seized/"


def test_url_and_basis_survive_the_store(tmp_path: Path) -> None:
    text = "---\ntitle: Cargo\nlink: https://paper.example/2024/03/05/cargo\n---\n\nThe cargo left.\n"
    article = clean_report(document_report(text.encode(), report_id="c", source="c.md", name="c.md"))
    assert article.published == "2024-03-05" and article.metadata_basis["published"] == "date in the URL path"
    with Store(f"sqlite:///{tmp_path / 'a.db'}") as store:
        store.add(article)
        (back,) = store.articles()
    assert back.url == article.url and back.metadata_basis == article.metadata_basis
