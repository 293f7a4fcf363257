"""``scripts/make_corpus.py``: a varied benchmark corpus, deterministic from its seed."""

from __future__ import annotations

import csv
import importlib.util
import re
import sys
from pathlib import Path

import pytest

from .conftest import CORPUS, ROOT

SCRIPT = ROOT / "scripts" / "make_corpus.py"


@pytest.fixture(scope="module")
def make_corpus():
    spec = importlib.util.spec_from_file_location("make_corpus", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _manifest(folder: Path) -> list[dict]:
    with (folder / "manifest.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_writes_n_plans_and_a_manifest(make_corpus, tmp_path):
    paths = make_corpus.make_corpus(12, tmp_path / "c", seed=3)
    rows = _manifest(tmp_path / "c")
    assert len(paths) == 12 and [r["file"] for r in rows] == [p.name for p in paths]
    seeds = sorted(CORPUS.glob("*.txt"))
    for i, (path, row) in enumerate(zip(paths, rows, strict=True)):
        text = path.read_text(encoding="utf-8")
        seed = seeds[i % len(seeds)]
        seed_issuer = {r["file"]: r["issuer"] for r in _manifest(CORPUS)}[seed.name]
        if seed_issuer in seed.read_text(encoding="utf-8"):  # (the speech is anonymised: X区)
            assert row["issuer"] in text, path.name  # the new county issues the plan
        if seed_issuer != row["issuer"]:
            assert seed_issuer not in text, path.name


def test_same_seed_same_bytes_other_seed_other_plans(make_corpus, tmp_path):
    make_corpus.make_corpus(6, tmp_path / "a", seed=7)
    make_corpus.make_corpus(6, tmp_path / "b", seed=7)
    make_corpus.make_corpus(6, tmp_path / "c", seed=8)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert _files(tmp_path / "a") != _files(tmp_path / "c")


def test_issuers_and_department_names_vary(make_corpus, tmp_path):
    paths = make_corpus.make_corpus(30, tmp_path / "c", seed=1)
    issuers = {r["issuer"] for r in _manifest(tmp_path / "c")}
    assert len(issuers) >= 25
    forms = [f for group in make_corpus.department_forms() for f in group]
    pattern = re.compile("|".join(sorted(map(re.escape, forms), key=len, reverse=True)))
    seen_forms = {m.group(0) for p in paths for m in pattern.finditer(p.read_text(encoding="utf-8"))}
    # e.g. 发改局 / 发展和改革局 / 发展改革局 all occur somewhere in the corpus
    (reform,) = [g for g in make_corpus.department_forms() if "发改局" in g]
    assert len(seen_forms & set(reform)) >= 2
    named = {f"{r['issuer']}{form}" for r, p in zip(_manifest(tmp_path / "c"), paths, strict=True)
             for form in seen_forms if f"{r['issuer']}{form}" in p.read_text(encoding="utf-8")}
    assert len(named) >= 100  # units with the county prefix: hundreds from 30 plans


@pytest.mark.parametrize("group, member, outsider", [
    ("发展和改革局", "发改局", "发展改革和经济信息化局"),
    ("农业农村局", "农业局", "农机局"),
])
def test_forms_of_one_department(make_corpus, group, member, outsider):
    (forms,) = [g for g in make_corpus.department_forms() if group in g]
    assert member in forms and outsider not in forms


def test_counties_have_their_parents(make_corpus):
    counties = {c.name: c for c in make_corpus.counties()}
    assert counties["大冶市"].prefecture == "黄石市" and counties["大冶市"].province == "湖北省"
    assert len(counties) > 2000
