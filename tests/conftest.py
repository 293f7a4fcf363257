"""Shared fixtures: paths to the project's corpus and ontology (never the working directory)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

# the browser fixtures are imported by the page tests as a plugin and as a module
pytest.register_assert_rewrite("tests.fixtures.browser")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
ANNOTATIONS = CORPUS / "annotations"
WORKLOAD_FIXTURE = Path(__file__).resolve().parent / "fixtures" / "workload.trig"
"""A hand-made graph in the layout kg builds: 3 plans in 2 jurisdictions (analysis, report, viz tests)."""


_CACHE_DIR: str | None = None


def pytest_configure(config):
    """Keep kg's start-up data cache (:mod:`kg.datacache`) in a temporary folder for the run."""
    global _CACHE_DIR
    if "KG_CACHE_DIR" not in os.environ:
        _CACHE_DIR = tempfile.mkdtemp(prefix="kg-test-cache-")
        os.environ["KG_CACHE_DIR"] = _CACHE_DIR


def pytest_unconfigure(config):
    if _CACHE_DIR is not None:
        os.environ.pop("KG_CACHE_DIR", None)
        shutil.rmtree(_CACHE_DIR, ignore_errors=True)


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def annotations_dir() -> Path:
    return ANNOTATIONS


@pytest.fixture(scope="session")
def corpus_build(tmp_path_factory) -> Path:
    """``corpus/`` built once per test session (files and embedded store; SHACL is tested elsewhere)."""
    from kg.graph.build import build_graph

    out = tmp_path_factory.mktemp("corpus-build")
    build_graph([CORPUS], out=out, validate=False)
    return out


def workload_dataset():
    """A fresh rdflib Dataset of :data:`WORKLOAD_FIXTURE`."""
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(WORKLOAD_FIXTURE, format="trig")
    return ds


@pytest.fixture(scope="module")
def dataset():
    return workload_dataset()


@pytest.fixture(scope="module")
def graphs(dataset):
    """The networkx graphs of :data:`WORKLOAD_FIXTURE`."""
    from kg.analysis.convert import to_networkx

    return to_networkx(dataset)
