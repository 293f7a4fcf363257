"""Extraction in worker processes (:mod:`kg.extract.workers`): same results, same order, failures in place."""

from __future__ import annotations

import os
import pickle

import pytest

from kg.errors import DocumentError, ManifestError
from kg.extract import extract_files
from kg.extract.workers import Failure, chunk_size, map_documents, worker_count

PLAN = "某县2024年工作要点\n一、重点任务\n1.推进改革。（牵头单位：县发改局；责任单位：各乡镇）\n"


def _square(x: int) -> int:
    return x * x


@pytest.mark.parametrize("workers, expected", [(0, os.cpu_count() or 1), (1, 1), (3, 3)])
def test_worker_count(workers, expected):
    assert worker_count(workers) == expected


@pytest.mark.parametrize("items, workers, expected", [(1000, 2, 8), (20, 2, 2), (3, 2, 1), (0, 2, 1)])
def test_chunk_size(items, workers, expected):
    assert chunk_size(items, workers) == expected


def test_map_documents_keeps_input_order():
    assert list(map_documents(_square, range(40), workers=2)) == [x * x for x in range(40)]


@pytest.mark.parametrize("error", [DocumentError("a/b.txt", "is empty"), ManifestError("manifest.csv: bad row 3")])
def test_a_failure_comes_back_as_the_same_error(error):
    back = pickle.loads(pickle.dumps(Failure(error))).restore()
    assert type(back) is type(error) and str(back) == str(error) and vars(back) == vars(error)


def test_workers_give_the_same_results_and_failures_in_place(tmp_path):
    names = []
    for i in range(5):
        (tmp_path / f"p{i}.txt").write_text(PLAN.replace("某县", f"某{i}县"), encoding="utf-8")
        names.append(f"p{i}.txt")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02" * 50)
    names.insert(2, "bad.txt")
    names.insert(4, "missing.txt")
    items = [(tmp_path / n, None) for n in names]
    items.append((tmp_path / "p0.txt", ManifestError("manifest.csv: bad row")))
    serial = list(extract_files(items, workers=1))
    parallel = list(extract_files(items, workers=2))
    kinds = [type(r).__name__ for r in parallel]
    assert kinds == ["Extraction", "Extraction", "DocumentError", "Extraction", "DocumentError", "Extraction",
                     "Extraction", "ManifestError"]
    assert kinds == [type(r).__name__ for r in serial]
    for a, b in zip(serial, parallel, strict=True):
        if isinstance(a, Exception):
            assert str(a) == str(b) and getattr(a, "problem", None) == getattr(b, "problem", None)
        else:
            assert a == b
    assert "missing.txt" in str(parallel[4]) and [u.surface for u in parallel[0].tasks[0].units] == ["县发改局", "各乡镇"]


def _task_units(extraction) -> list[list[str]]:
    return [[u.surface for u in t.units] for t in extraction.tasks]


@pytest.mark.parametrize("workers", [1, 2])
def test_finish_is_applied_where_a_document_is_extracted_and_failures_stay_in_place(tmp_path, workers):
    names = ["p0.txt", "bad.txt", "p1.txt"]
    (tmp_path / "p0.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "p1.txt").write_text(PLAN.replace("县发改局", "县财政局"), encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02" * 50)
    results = list(extract_files([(tmp_path / n, None) for n in names], workers=workers, finish=_task_units))
    assert results[0] == [["县发改局", "各乡镇"]] and results[2] == [["县财政局", "各乡镇"]]
    assert isinstance(results[1], DocumentError)
