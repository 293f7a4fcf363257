"""No slow cliff: extraction's cost grows with a document's length, not with its square."""

from __future__ import annotations

import importlib.util
import logging
import time
from pathlib import Path

import pytest

from kg.extract import extract_text

ROOT = Path(__file__).resolve().parent.parent


def _bench_long():
    spec = importlib.util.spec_from_file_location("bench_long", ROOT / "scripts" / "bench_long.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def long_plans():
    make = _bench_long().make_long_plan
    return make(100_000, seed=11), make(400_000, seed=12)


def _cpu_seconds(text: str) -> float:
    began = time.process_time()
    extraction = extract_text(text, "long.txt")
    assert len(extraction.tasks) > 20  # the parts' tasks are all found
    return time.process_time() - began


def test_the_long_plan_varies(long_plans):
    _, big = long_plans
    paragraphs = [p for p in big.split("\n") if len(p) > 40]
    # five source plans: what repeats is wording without numbers or places (about two thirds of paragraphs differ)
    assert len(set(paragraphs)) > 0.5 * len(paragraphs)


def test_cost_is_linear_in_length(long_plans, caplog):
    small, big = long_plans
    caplog.set_level(logging.ERROR)
    extract_text(small[:2000], "warm.txt")  # start-up work (vocabularies, spaCy) out of the timing
    ratio = _cpu_seconds(big) / _cpu_seconds(small)
    # 4x the text: about 4x the time when linear, 16x when quadratic
    assert ratio < 8, f"4x the text took {ratio:.1f}x the time"
