"""Read stage: files, folders, feeds, archives and crawls in; RawReport and ReadProblem out.

    for item in read_reports(["reports/", "feed.jsonl.gz", "-"]):
        if isinstance(item, ReadProblem): warn(str(item))
        else: handle(item)  # a RawReport
"""

from armswatch.read.models import RawReport, ReadProblem, TextForm
from armswatch.read.reader import DEFAULT_MAX_REPORT_BYTES, read_reports

__all__ = ["DEFAULT_MAX_REPORT_BYTES", "RawReport", "ReadProblem", "TextForm", "read_reports"]
