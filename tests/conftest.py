"""Shared fixtures: where the evaluation material beside the repository lives."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EXAMPLES = REPO / "examples"


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared beside the repository (seeds, gold, corpora); tests that need it skip without it."""
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared is not beside the repository")
    return SHARED


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The model package's own pipeline, loaded once for the whole test session (tests of the entity layer
    override it with the project's pipeline)."""
    from armswatch.nlp import load_base_pipeline

    return load_base_pipeline()

