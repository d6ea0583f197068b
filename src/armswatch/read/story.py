"""CNN/Daily Mail `.story` files: the article, then its summary as `@highlight` paragraphs.

The highlights are the summary, not the report's text (nor its headline): they are cut off, and the
article is kept whole (it has no page furniture).
"""

from __future__ import annotations

import re

_HIGHLIGHT = re.compile(r"^@highlight[ \t]*$", re.MULTILINE)


def split_story(text: str) -> tuple[str, list[str]] | None:
    """(article, highlights) when the text is a .story (its last blocks are @highlight ones), else None."""
    first = _HIGHLIGHT.search(text)
    if first is None:
        return None
    article, rest = text[: first.start()], text[first.start():]
    highlights = [block.strip() for block in _HIGHLIGHT.split(rest) if block.strip()]
    return article, highlights
