"""The shared output module: formats, atomic writes, marked sections."""

from __future__ import annotations

import json
import os
import stat

import pytest

from kg.output import FORMATS, render, replace_section, write_atomic

ROWS = [{"unit": "市发改局", "led": 3, "types": ["a", "b"]}, {"unit": "市财政局", "led": None}]


@pytest.mark.parametrize(
    "fmt, expected",
    [
        ("jsonl", '{"unit": "市发改局", "led": 3, "types": ["a", "b"]}\n{"unit": "市财政局", "led": null}\n'),
        ("csv", "unit,led,types\n市发改局,3,a、b\n市财政局,,\n"),
        ("md", "| unit | led | types |\n| --- | --- | --- |\n| 市发改局 | 3 | a、b |\n| 市财政局 |  |  |\n"),
    ],
)
def test_formats(fmt, expected):
    assert render(ROWS, fmt) == expected


def test_json_and_table():
    assert json.loads(render(ROWS, "json")) == ROWS
    table = render(ROWS, "table").splitlines()
    assert table[0].split() == ["unit", "led", "types"] and "市财政局" in table[3]
    assert set(FORMATS) == {"table", "jsonl", "json", "csv", "md"}


def test_write_atomic_leaves_no_temporary_file(tmp_path):
    path = write_atomic(tmp_path / "sub" / "a.txt", "甲")
    assert path.read_text(encoding="utf-8") == "甲"
    assert os.listdir(path.parent) == ["a.txt"]
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask


def test_replace_section(tmp_path):
    doc = tmp_path / "bench.md"
    replace_section(doc, "<!-- s -->", "<!-- e -->", "<!-- s -->\none\n<!-- e -->", header="# B\n")
    replace_section(doc, "<!-- t -->", "<!-- u -->", "<!-- t -->\nother\n<!-- u -->")
    replace_section(doc, "<!-- s -->", "<!-- e -->", "<!-- s -->\ntwo\n<!-- e -->")
    assert doc.read_text(encoding="utf-8") == "# B\n\n<!-- s -->\ntwo\n<!-- e -->\n\n<!-- t -->\nother\n<!-- u -->\n"
