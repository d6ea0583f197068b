"""Markdown reports: YAML front matter into meta, the body into plain prose.

The body is parsed with markdown-it-py (CommonMark, with tables) rather than stripped with
regular expressions, so that emphasis, links, lists, code and escapes come out right. Each block
(paragraph, heading, list item, table row, code line) becomes one line; soft-wrapped lines of a
paragraph are joined with a space, hard line breaks stay line breaks; link text is kept and link
targets, images and inline HTML are dropped. The lines are then what a page dump's lines are.
"""

from __future__ import annotations

import re
from typing import Any

import frontmatter
import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from armswatch.read.meta import meta_from_mapping

_PARSER = MarkdownIt("commonmark", {"html": True}).enable("table")
_TAG = re.compile(r"<[^<>]{0,2000}>")
_FRONT_MATTER_START = re.compile(r"\A(?:\ufeff)?(?:---|\+\+\+)[ \t]*\r?\n")


def split_front_matter(text: str) -> tuple[dict[str, Any] | None, str]:
    """(front matter mapping, the rest) when the text opens with YAML/TOML front matter, else (None, text).

    Front matter that does not parse as a mapping is no front matter (a page may open with a rule).
    """
    if not _FRONT_MATTER_START.match(text):
        return None, text
    try:
        metadata, content = frontmatter.parse(text.lstrip("\ufeff"))
    except (yaml.YAMLError, ValueError, TypeError):
        return None, text
    if not metadata or not isinstance(metadata, dict):
        return None, text
    return metadata, content


def front_matter_meta(metadata: dict[str, Any]) -> dict[str, str]:
    """title, published, author, url, outlet from front matter keys (date/pubDate, authors, link...)."""
    return meta_from_mapping(metadata)


def markdown_to_plain(text: str) -> str:
    """Plain prose from Markdown, one block per line (see the module's comment)."""
    lines: list[str] = []
    row: list[str] | None = None
    for token in _PARSER.parse(text):
        if token.type == "inline":
            content = _inline_text(token.children or [])
            if row is not None:
                row.append(" ".join(content.split()))
            else:
                lines.extend(content.split("\n"))
        elif token.type in ("fence", "code_block"):
            lines.extend(token.content.splitlines())
        elif token.type == "html_block":
            lines.extend(_TAG.sub(" ", token.content).splitlines())
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and row is not None:
            lines.append(" | ".join(cell for cell in row if cell))
            row = None
    return "\n".join(line for line in (" ".join(line.split()) for line in lines) if line)


def _inline_text(children: list[Token]) -> str:
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
    return "".join(parts)
