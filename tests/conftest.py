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


PLAN_TEXT = """{place}2024年{topic}行动方案

一、重点任务

(一)构建新产业

1.推行产业链长制。围绕主导产业推行链长制。(牵头单位:区发改局;责任单位:区财政局、各镇街)

2.推进链式招商。开展精准招商。(牵头单位:区招商中心;责任单位:区发改局)
"""


def write_corpus(folder: Path, docs: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in docs.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def small_corpus(tmp_path) -> Path:
    return write_corpus(tmp_path / "docs", {
        "a.txt": PLAN_TEXT.format(place="鄂城区", topic="产业"),
        "b.txt": PLAN_TEXT.format(place="华容区", topic="招商"),
        "c.txt": PLAN_TEXT.format(place="梁子湖区", topic="农业"),
    })


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
