"""One report from its bytes: decode, split off front matter, tell its form, make the RawReport."""

from __future__ import annotations

from dataclasses import replace

from armswatch.read.decode import decode_bytes, normalise_newlines, undo_mojibake
from armswatch.read.detect import binary_reason, document_form
from armswatch.read.headers import (
    HEADER_WHERE,
    ORG_WHERE,
    RST_WHERE,
    header_meta,
    org_to_plain,
    split_key_value_header,
    split_org_keywords,
    split_rst_fields,
)
from armswatch.read.markdown import front_matter_meta, markdown_to_plain, parse_front_matter, strip_shortcodes
from armswatch.read.models import RawReport, TextForm
from armswatch.read.problems import ReadFailure
from armswatch.read.story import split_story, story_article
from armswatch.read.streams import HEAD_BYTES
from armswatch.read.wrapping import unwrap

# Container metadata that is text a person wrote (and may have been encoded twice), not a date or a URL.
_TEXT_META = frozenset({"title", "author", "outlet"})


def decode_document(data: bytes, declared_charset: str | None = None, notes: list[str] | None = None) -> str:
    """The text of a report's bytes, with \\n line ends and no BOM; ReadFailure when it is no text."""
    if not data:
        raise ReadFailure("empty file")
    reason = binary_reason(data[:HEAD_BYTES])
    if reason is not None:
        raise ReadFailure(reason)
    text = normalise_newlines(decode_bytes(data, declared_charset, notes)).lstrip("\ufeff")
    if not text.strip():
        raise ReadFailure("no text (only whitespace)")
    return text


def text_report(
    text: str,
    *,
    report_id: str,
    source: str,
    raw: bytes,
    name: str = "",
    meta: dict[str, str] | None = None,
    form: TextForm | None = None,
    is_article: bool = False,
) -> RawReport:
    """A RawReport from decoded text. Front matter, a "Key: value" header or Org keywords go into meta
    (over the container's meta); Markdown and Org are turned into plain prose, hard-wrapped text into
    one paragraph a line; `form` forces the form (a WARC record served as text/html);
    `is_article` says the text is the article itself (a feed item's text), see RawReport.
    """
    # Every reader's text passes here, so text encoded twice is decoded back here too: a file's bytes were
    # (decode_bytes), but an e-mail's, a feed item's or an XML item's text and the titles they state were not.
    notes: list[str] = []
    text = undo_mojibake(text, notes)
    merged = {key: undo_mojibake(value) if key in _TEXT_META else value
              for key, value in (meta or {}).items()}
    # a lone \r (an e-mail's or a feed item's) is a line end too
    front_matter, body, front_problem = parse_front_matter(normalise_newlines(text))
    header = False
    if front_matter is not None:
        merged.update(front_matter_meta(front_matter))
    elif form is None and not front_problem:
        body, header, is_article, form = _read_header(body, name, merged, is_article)
    if front_matter is not None or header:
        body = strip_shortcodes(body)  # a blog export's [caption]...[/caption], [ad_1]
    story = split_story(body) if form is None and front_matter is None and not header else None
    if story is not None:
        body, story_meta = story_article(story[0])
        is_article = True  # a .story's text is the article; its @highlight lines go
        for key, value in story_meta.items():
            merged.setdefault(key, value)
    if form is None:
        form = document_form(body, name)
        if (front_matter is not None or front_problem or header) and form == "text":
            form = "markdown"
    if form == "markdown":
        body = markdown_to_plain(body)
    elif form == "text":
        body = unwrap(body)  # hard-wrapped paragraphs reach the cleaner and the parser as one line each
    if not body.strip():
        raise ReadFailure("no text after the front matter" if front_matter is not None or front_problem
                          else "no text after the header" if header else "no text")
    if front_problem:
        notes.append(front_problem)
    return RawReport(id=report_id, source=source, raw=raw, form=form, text=body, meta=merged,
                     is_article=is_article, notes=tuple(notes))


def _read_header(text: str, name: str, meta: dict[str, str],
                 is_article: bool) -> tuple[str, bool, bool, TextForm | None]:
    """(body, whether a header was read, is_article, form) for a text that may open with Org-mode
    keywords or a "Key: value" header (see headers.py); the header's values go into `meta`.

    An Org file's body is made plain here (its headlines, links, drawers) and is an article kept whole.
    """
    org = split_org_keywords(text, name)
    if org is not None or name.lower().endswith(".org"):
        keys, rest = org or ({}, text)
        meta.update(header_meta(keys, ORG_WHERE))
        return org_to_plain(rest), org is not None, True, "text"
    fields = split_rst_fields(text, name)
    if fields is not None:  # Pelican's reST posts: the body's paragraphs are read as Markdown's are
        meta.update(header_meta(fields[0], RST_WHERE))
        return fields[1], True, is_article, None
    header = split_key_value_header(text)
    if header is None:
        return text, False, is_article, None
    meta.update(header_meta(header[0], HEADER_WHERE))
    return header[1], True, is_article, None


def document_report(data: bytes, *, report_id: str, source: str, name: str,
                    meta: dict[str, str] | None = None, declared_charset: str | None = None,
                    form: TextForm | None = None) -> RawReport:
    """A RawReport for a whole file (or archive member, or WARC payload) given as bytes."""
    notes: list[str] = []
    text = decode_document(data, declared_charset, notes)
    report = text_report(text, report_id=report_id, source=source, raw=data, name=name, meta=meta, form=form)
    return replace(report, notes=tuple(notes) + report.notes) if notes else report
