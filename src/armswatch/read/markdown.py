"""Markdown reports: YAML front matter into meta, the body into plain prose.

The body is parsed with markdown-it-py (CommonMark, with tables) rather than stripped with
regular expressions, so that emphasis, links, lists, code and escapes come out right. Each block
(paragraph, heading, list item, table row, code line) becomes one line; soft-wrapped lines of a
paragraph are joined with a space, hard line breaks stay line breaks; link text is kept and link
targets, images and inline HTML are dropped. The lines are then what a page dump's lines are.
"""

from __future__ import annotations

import json
import re
import tomllib
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from armswatch.read.meta import meta_from_mapping

_PARSER = MarkdownIt("commonmark", {"html": True}).enable("table")
_TAG = re.compile(r"<[^<>]{0,2000}>")
_FRONT_MATTER_START = re.compile(r"\A(?:\ufeff)?(?:---|\+\+\+)[ \t]*\r?\n")


# Limits on front matter, enforced while it is parsed: a title or author list is a few hundred bytes
# and never needs aliases. A 1 KB "billion laughs" of nested aliases expanded exponentially and hung the
# run; a few aliases (an author reused) are kept, more are refused before anything is expanded.
MAX_FRONT_MATTER_BYTES = 64 * 1024
MAX_YAML_ALIASES = 16
MAX_YAML_DEPTH = 32
_YAML_FENCE = re.compile(r"^-{3,}\s*$", re.MULTILINE)
_TOML_FENCE = re.compile(r"^\+{3,}\s*$", re.MULTILINE)
_KEY_LINE = re.compile(r"\A\s*(?:[\w-]+\s*[:=]|\[)", re.MULTILINE)


class FrontMatterError(ValueError):
    """Front matter that is there (a fenced block of keys) but cannot be used, and why."""


class _LimitedLoader(yaml.SafeLoader):
    """PyYAML's safe loader (no Python tags) that refuses more than MAX_YAML_ALIASES aliases and nesting
    past MAX_YAML_DEPTH while composing, before any value is built."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._aliases = 0
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_YAML_ALIASES:
                raise FrontMatterError(f"more than {MAX_YAML_ALIASES} YAML aliases "
                                       "(refused as an alias bomb)")
        self._depth += 1
        try:
            if self._depth > MAX_YAML_DEPTH:
                raise FrontMatterError(f"YAML nested more than {MAX_YAML_DEPTH} deep")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def load_yaml_limited(text: str) -> Any:
    """yaml.safe_load with the alias and depth limits above; FrontMatterError or yaml.YAMLError."""
    loader = _LimitedLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def parse_front_matter(text: str) -> tuple[dict[str, Any] | None, str, str | None]:
    """(front matter mapping, the rest, problem) for text that opens with YAML (---), TOML (+++) or
    JSON ({...}, Hugo's third form) front matter; (None, text, None) when it does not.

    A fenced block that is not a mapping of keys (a page opening with a Markdown rule) is no front
    matter and stays in the body. A block of keys that cannot be used (broken YAML, a `!!python` tag,
    an alias bomb, TOML that does not parse) is cut from the body, never pasted into it, and the
    problem says why.
    """
    if text.lstrip("\ufeff").startswith("{"):
        return _json_front_matter(text)
    if not _FRONT_MATTER_START.match(text):
        return None, text, None
    stripped = text.lstrip("\ufeff").strip()
    toml = stripped.startswith("+")
    parts = (_TOML_FENCE if toml else _YAML_FENCE).split(stripped, 2)
    if len(parts) < 3:
        return None, text, None  # no closing fence: a rule at the top of a page
    block, content = parts[1], parts[2].strip()
    keyed = bool(_KEY_LINE.match(block))
    try:
        if len(block.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
            raise FrontMatterError(f"front matter of more than {MAX_FRONT_MATTER_BYTES // 1024} KB")
        if toml:
            metadata: Any = tomllib.loads(block)
        else:
            metadata = load_yaml_limited(block)
    except (FrontMatterError, yaml.YAMLError, tomllib.TOMLDecodeError, ValueError, TypeError,
            RecursionError) as error:
        if not keyed:
            return None, text, None
        kind = "TOML" if toml else "YAML"
        reason = str(error).split("\n")[0] if isinstance(error, FrontMatterError) else _first_line(error)
        return None, content, f"{kind} front matter not used ({reason}); cut from the body"
    if not metadata or not isinstance(metadata, dict):
        return None, text, None
    return metadata, content, None


def _json_front_matter(text: str) -> tuple[dict[str, Any] | None, str, str | None]:
    """Hugo's JSON front matter: an object of keys at the very top, then the text on the next lines.

    Anything else that opens with "{" (a JSON document, prose in braces) stays text as it was.
    """
    stripped = text.lstrip("\ufeff")
    try:
        # cut at the size limit: a real front matter closes well before it, and nothing longer is parsed
        metadata, end = json.JSONDecoder().raw_decode(stripped[:MAX_FRONT_MATTER_BYTES])
    except (ValueError, RecursionError):
        return None, text, None
    rest = stripped[end:]
    if not isinstance(metadata, dict) or not metadata or not rest.startswith(("\n", "\r\n")):
        return None, text, None
    if not rest.strip():
        return None, text, None
    if _depth(metadata) > MAX_YAML_DEPTH:
        problem = f"JSON front matter nested more than {MAX_YAML_DEPTH} deep; cut from the body"
        return None, rest.strip(), problem
    return metadata, rest.strip(), None


def _depth(value: Any, level: int = 0) -> int:
    if level > MAX_YAML_DEPTH:
        return level
    if isinstance(value, dict):
        return max((_depth(item, level + 1) for item in value.values()), default=level + 1)
    if isinstance(value, list):
        return max((_depth(item, level + 1) for item in value), default=level + 1)
    return level


def split_front_matter(text: str) -> tuple[dict[str, Any] | None, str]:
    """(front matter mapping, the rest) when the text opens with YAML/TOML front matter, else (None, text)."""
    metadata, content, _problem = parse_front_matter(text)
    return metadata, content


def _first_line(error: Exception) -> str:
    problem = getattr(error, "problem", None)  # PyYAML's short description ("could not determine a tag")
    text = str(problem or error).strip().split("\n")[0]
    return text[:160] or type(error).__name__


def front_matter_meta(metadata: dict[str, Any]) -> dict[str, str]:
    """title, published, author, url, outlet from front matter keys (date/pubDate, authors, link...)."""
    return meta_from_mapping(metadata, "front matter")


# WordPress shortcodes left in exported posts (Jekyll's importer, wp2hugo): a [caption]...[/caption] is a
# photo and its caption, an [embed] a link, [ad_1] an advert slot: none is the article's text.
_SHORTCODE_BLOCK = re.compile(r"\[(caption|wp_caption|gallery|embed|video|audio|playlist)\b[^\]\n]{0,2000}\]"
                              r"[^\[]{0,5000}?\[/\1\]", re.IGNORECASE)
_SHORTCODE_TAG = re.compile(r"\[/?(?:caption|wp_caption|gallery|embed|video|audio|playlist|ad_?\d+|adsense|"
                            r"contact-form(?:-7)?|youtube|tweet|instagram|soundcloud)\b[^\]\n]{0,2000}\]",
                            re.IGNORECASE)


def strip_shortcodes(text: str) -> str:
    """A post's text without WordPress shortcodes (see above); text without "[" is returned as it is."""
    if "[" not in text:
        return text
    return _SHORTCODE_TAG.sub("", _SHORTCODE_BLOCK.sub("", text))


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
