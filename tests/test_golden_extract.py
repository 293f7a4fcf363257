"""Golden output of ``kg extract``: the records of ``corpus/`` and of the labelled dev set.

``tests/golden/extract-*.jsonl`` hold what ``kg extract --format jsonl`` printed for
these folders; any change in what extraction finds shows up here as a diff. A change
that is meant (better extraction) updates the golden file in the same commit, after
scoring it against the dev set's gold (``tests/data/devset/labelled/gold``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
FOLDERS = {
    "corpus": ROOT / "corpus",
    "devset": TESTS / "data" / "devset" / "labelled" / "docs",
}
CASES = [("corpus", 1), ("devset", 1), ("corpus", 2)]
"""(folder, worker processes): the parallel run must print the same bytes in the same order."""


def _diff(expected: list[str], actual: list[str]) -> str:
    for i, (e, a) in enumerate(zip(expected, actual, strict=False)):
        if e != a:
            return f"first difference at line {i + 1}:\n- {e}\n+ {a}"
    return f"{len(expected)} lines expected, {len(actual)} printed"


@pytest.mark.parametrize("name, workers", CASES, ids=[f"{n}-workers{w}" for n, w in CASES])
def test_extract_output_equals_golden(name, workers):
    folder = FOLDERS[name]
    expected = (TESTS / "golden" / f"extract-{name}.jsonl").read_text(encoding="utf-8")
    result = CliRunner().invoke(cli, ["-q", "extract", str(folder), "--format", "jsonl", "--workers", str(workers)],
                                catch_exceptions=False)
    assert result.exit_code == 0
    if result.stdout != expected:
        pytest.fail(_diff(expected.splitlines(), result.stdout.splitlines()))
