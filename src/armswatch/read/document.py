"""One report from its bytes: decode, split off front matter, tell its form, make the RawReport."""

from __future__ import annotations

from dataclasses import replace

from armswatch.read.decode import decode_bytes, normalise_newlines
from armswatch.read.detect import binary_reason, document_form
from armswatch.read.markdown import front_matter_meta, markdown_to_plain, parse_front_matter
from armswatch.read.models import RawReport, TextForm
from armswatch.read.problems import ReadFailure
from armswatch.read.story import split_story
from armswatch.read.streams import HEAD_BYTES


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
    """A RawReport from decoded text. Front matter goes into meta (over the container's meta);
    Markdown is turned into plain prose; `form` forces the form (a WARC record served as text/html);
    `is_article` says the text is the article itself (a feed item's text), see RawReport.
    """
    merged = dict(meta or {})
    # every reader's text passes here: a lone \r (an e-mail's or a feed item's) is a line end too
    front_matter, body, front_problem = parse_front_matter(normalise_newlines(text))
    if front_matter is not None:
        merged.update(front_matter_meta(front_matter))
    story = split_story(body) if form is None and front_matter is None else None
    if story is not None:
        body, is_article = story[0], True  # a .story's text is the article; its @highlight lines go
    if form is None:
        form = document_form(body, name)
        if (front_matter is not None or front_problem) and form == "text":
            form = "markdown"
    if form == "markdown":
        body = markdown_to_plain(body)
    if not body.strip():
        raise ReadFailure("no text after the front matter" if front_matter is not None or front_problem
                          else "no text")
    return RawReport(id=report_id, source=source, raw=raw, form=form, text=body, meta=merged,
                     is_article=is_article, notes=(front_problem,) if front_problem else ())


def document_report(data: bytes, *, report_id: str, source: str, name: str,
                    meta: dict[str, str] | None = None, declared_charset: str | None = None,
                    form: TextForm | None = None) -> RawReport:
    """A RawReport for a whole file (or archive member, or WARC payload) given as bytes."""
    notes: list[str] = []
    text = decode_document(data, declared_charset, notes)
    report = text_report(text, report_id=report_id, source=source, raw=data, name=name, meta=meta, form=form)
    return replace(report, notes=tuple(notes) + report.notes) if notes else report
