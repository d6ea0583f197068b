"""Fuse stage: event mentions from many reports grouped into events, with corroboration and credibility."""

from armswatch.fuse.duplicates import independent_sources, near_duplicate_groups
from armswatch.fuse.fusion import event_id, fuse_events

__all__ = ["event_id", "fuse_events", "independent_sources", "near_duplicate_groups"]
