"""Where a report came from: the `source` shown for it, the name its id derives from, nesting depth."""

from __future__ import annotations

from dataclasses import dataclass, replace

# Extensions removed from a file name to make its id ("0001.html.gz" -> "0001"). Only known ones,
# so that "report.v2" or "2023.11.10-story.txt" keep their dotted parts.
_KNOWN_EXTENSIONS = frozenset({
    "txt", "text", "html", "htm", "xhtml", "shtml", "php", "asp", "aspx", "jsp", "md", "markdown", "mdown",
    "mkd", "mkdn", "json", "jsonl", "ndjson", "jsonlines", "csv", "tsv", "warc", "arc", "gz", "gzip",
    "tgz", "bz2", "xz", "lzma", "zip", "xml", "rss", "atom", "eml", "out", "dump",
    # more report forms: PDF and Word, SGML wire archives, NITF/NewsML, CNN/Daily Mail .story files
    "pdf", "docx", "sgm", "sgml", "nitf", "newsml", "story",
})

STDIN_NAME = "-"
STDIN_STEM = "stdin"


def strip_extensions(file_name: str) -> str:
    """The file name without its known extensions; the whole name when that would leave nothing."""
    stem = file_name
    while "." in stem:
        base, extension = stem.rsplit(".", 1)
        if not base or extension.lower() not in _KNOWN_EXTENSIONS:
            break
        stem = base
    return stem


@dataclass(frozen=True)
class Origin:
    """`source`: the path relative to the input root ("sub/a.txt", "pack.zip!b.txt", "-").

    `name`: the file name its content came under, with compression suffixes dropped once
    decompressed ("a.html" for "a.html.gz"): its extension is a hint to the form, its stem the id.
    """

    source: str
    name: str
    depth: int = 0

    @property
    def stem(self) -> str:
        if self.name == STDIN_NAME:
            return STDIN_STEM
        return strip_extensions(self.name.rsplit("/", 1)[-1])

    def inside(self, name: str) -> Origin:
        """The origin of content decompressed from this one (same source, inner name)."""
        return replace(self, name=name, depth=self.depth + 1)

    def member(self, member_name: str) -> Origin:
        """The origin of an archive member: "archive.zip!dir/member.txt"."""
        return Origin(f"{self.source}!{member_name}", member_name, self.depth + 1)
