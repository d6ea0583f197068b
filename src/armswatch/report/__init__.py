"""Present stage: the dossier as one self-contained, offline HTML report."""

from armswatch.report.render import render_report, write_report

__all__ = ["render_report", "write_report"]
