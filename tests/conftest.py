"""Shared fixtures: paths to the project's corpus and ontology (never the working directory)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
ANNOTATIONS = CORPUS / "annotations"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def annotations_dir() -> Path:
    return ANNOTATIONS
