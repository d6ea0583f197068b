"""Clean stage: RawReport → Article (body without page furniture, and metadata).

Entry point: `clean_report`. HTML goes through `extract_html` (main text and metadata from markup) and
falls back to the plain-text cleaner on the page's visible text when that finds nothing; plain-text page
dumps go through `clean_dump` (a learned line classifier); Markdown is already clean prose.
"""

from armswatch.clean.models import Article
from armswatch.clean.report import CleanOptions, clean_report, html_to_dump

__all__ = ["Article", "CleanOptions", "clean_report", "html_to_dump"]
