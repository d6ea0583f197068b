"""armswatch: reads reports on arms transfers and sanctions violations and builds a dossier.

The pipeline, one package per stage:
read (files → RawReport) → clean (RawReport → Article) → annotate (entities, ...) →
fuse → store → present (dossier.json).
"""

__version__ = "0.5.0"
