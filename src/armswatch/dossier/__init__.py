"""Present stage: assemble the dossier (spec/dossier.md), validate it against the shipped schema, write it."""

from armswatch.dossier.build import (
    SCHEMA_VERSION,
    DossierInvalid,
    build_dossier,
    dossier_schema,
    entity_record,
    event_record,
    validate_dossier,
    write_dossier,
)

__all__ = [
    "SCHEMA_VERSION",
    "DossierInvalid",
    "build_dossier",
    "dossier_schema",
    "entity_record",
    "event_record",
    "validate_dossier",
    "write_dossier",
]
