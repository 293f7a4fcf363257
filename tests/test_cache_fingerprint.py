"""The build cache's fingerprint covers every file that decides a document's triples."""

from __future__ import annotations

import shutil

import pytest

from kg.graph import cache
from kg.resources import PACKAGE_DIR


@pytest.fixture
def package_copy(tmp_path, monkeypatch):
    copy = tmp_path / "kg"
    shutil.copytree(PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE_DIR", copy)
    cache.code_fingerprint.cache_clear()
    yield copy
    cache.code_fingerprint.cache_clear()


@pytest.mark.parametrize("name", [
    "vocab.py", "nlp.py", "memo.py", "namespaces.py", "document.py", "extract/assignments.py",
    "extract/spans.py", "graph/triples.py", "data/countries.txt",
])
def test_editing_a_file_extraction_reads_changes_the_key(package_copy, name):
    before = cache.cache_key("a", "0" * 64, None)
    with open(package_copy / name, "a", encoding="utf-8") as f:
        f.write("\n")
    cache.code_fingerprint.cache_clear()
    assert cache.cache_key("a", "0" * 64, None) != before


@pytest.mark.parametrize("name", ["cli/__init__.py", "report/__init__.py", "viz/page.py", "graph/build.py",
                                  "graph/build_documents.py", "graph/build_folder.py", "graph/build_result.py",
                                  "graph/rebuild.py", "graph/counts.py", "graph/corpus_files.py", "graph/store.py",
                                  "graph/store_sync.py", "graph/store_remote.py", "graph/engine.py", "pipeline.py",
                                  "sparql/__init__.py", "sparql/endpoint.py"])
def test_files_that_do_not_decide_triples_leave_the_key(package_copy, name):
    before = cache.cache_key("a", "0" * 64, None)
    with open(package_copy / name, "a", encoding="utf-8") as f:
        f.write("\n")
    cache.code_fingerprint.cache_clear()
    assert cache.cache_key("a", "0" * 64, None) == before


def test_the_extraction_modules_are_fingerprinted():
    names = {name for name, _ in cache.fingerprinted_files()}
    assert {"vocab.py", "nlp.py", "memo.py", "namespaces.py", "extract/language.py", "data/divisions.tsv"} <= names
    assert not any(n.startswith(("cli/", "report/", "viz/")) or "__pycache__" in n for n in names)
