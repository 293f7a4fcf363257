"""``kg explain``: the spans of one document as records, or drawn over its text."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.document import read_document
from kg.extract import extract_file
from kg.extract.explain import LEGEND, explain_doc, explain_html, explain_spans
from kg.manifest import manifest_entry

from .conftest import CORPUS

FILES = sorted(CORPUS.glob("*.txt"))


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_corpus_file_explains(path, tmp_path):
    out = tmp_path / "page.html"
    result = run("-q", "explain", str(path), "--out", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    page = out.read_text(encoding="utf-8")
    doc = explain_doc(read_document(path), manifest_entry(path))
    rows = explain_spans(doc)
    assert page.count('class="kg-paragraph"') > 10 and rows
    for label, *_ in LEGEND:  # every span's label is drawn where it starts (again on each line it continues)
        assert page.count(f"\n        {label}") >= sum(r["label"] == label for r in rows)
    assert "http://" not in page.replace('xmlns="http://www.w3.org', "") and "https://" not in page
    for label, *_ in LEGEND:
        assert f'data-label="{label}"' in page


def test_jsonl_lists_the_records_spans():
    path = FILES[0]
    result = run("explain", str(path), "--format", "jsonl")
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    extraction = extract_file(path)
    text = extraction.text
    assert all(text[r["start"]:r["end"]] == r["text"] for r in rows)
    tasks = [(r["start"], r["end"]) for r in rows if r["label"] == "TASK"]
    assert tasks == sorted((t.start, t.end) for t in extraction.tasks)
    units = sorted((r["start"], r["label"].lower(), r["canonical"]) for r in rows if r["key"] == "kg.units")
    assert units == sorted((u.start, u.role, u.canonical) for t in extraction.tasks for u in t.units)
    assert {r["label"] for r in rows} >= {"TASK", "LEAD", "TARGET", "PLACE", "PROJECT"}


@pytest.mark.parametrize("name, data", [("empty.txt", b""), ("missing.txt", None)])
def test_unreadable_file_exits_2(tmp_path, name, data):
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    result = run("explain", str(path))
    assert result.exit_code == 2 and name in result.stderr


def test_page_escapes_the_text():
    from kg.document import Document

    page = explain_html(explain_doc(Document.from_text("<b>1.推进</b>。（牵头单位：县发改局）", "x<y>.txt")))
    assert "<b>1.推进" not in page and "&lt;b&gt;" in page and "x&lt;y&gt;.txt" in page


def test_spans_match_the_doc():
    path = FILES[1]
    doc = explain_doc(read_document(path), manifest_entry(path))
    rows = explain_spans(doc)
    assert len(rows) == sum(len(doc.spans[k]) for k in ("kg.tasks", "kg.units", "kg.targets", "kg.place_mentions",
                                                         "kg.projects", "kg.enterprises"))
