"""A plan whose issuer neither the title nor a manifest gives: inferred from its units'
prefixes and its text, or, when it cannot be known, a conforming graph and one warning."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.extract.metadata import issuer_from_text
from kg.graph.build import build_graph
from kg.sparql import query

from .conftest import CORPUS

UNITS = """
PREFIX kg: <https://w3id.org/kg-policy/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?unit ?place WHERE {
  ?u a ?class ; skos:prefLabel ?unit ; kg:jurisdiction/rdfs:label ?place .
  FILTER(?class IN (kg:Unit, kg:Collective))
}
"""


@pytest.mark.parametrize(
    ("text", "title", "expected"),
    [
        # the units' own prefixes and the text name the city; its prefecture is named less
        ("大冶市融媒体中心。落实黄石市委部署,作出大冶贡献。(牵头单位:大冶市发改局;责任单位:大冶市财政局)", None, "大冶市"),
        # a place named in the title, short form
        ("数字山东建设。山东省、山东、山东。", "数字山东2021行动方案", "山东省"),
        # units named by level say which level issued the plan
        ("(省发展改革委、省能源局、省财政厅按职责分工负责)山东省、山东省、山东;济南市、济南市、济南市、济南市、国铁济南局",
         None, "山东省"),
        # ordinary words that are also short forms of divisions (资源县, 合作市) are no evidence
        ("加强资源合作,节约资源,深化合作,资源共享,合作共赢。", None, None),
        # a single mention is no evidence
        ("学习大冶经验。(牵头单位:市发改局)", None, None),
    ],
)
def test_issuer_from_text(text, title, expected):
    found = issuer_from_text(text, title)
    assert (found.name if found else None) == expected


def test_a_plan_alone_without_its_manifest_row(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copy(CORPUS / "003_806b7ce717d61b69.txt", folder)
    result = build_graph([folder], out=tmp_path / "build")
    assert result.conforms, result.validation.text(limit=5)
    rows = query(UNITS, graph=tmp_path / "build").rows
    places = {r["place"] for r in rows}
    assert "大冶市" in places and not any("未知" in p for p in places)
    assert {r["unit"] for r in rows if r["unit"] == "大冶市发展和改革局"}


UNKNOWN = ("关于推进改革的实施方案\n一、重点任务\n"
           "1.推进链长制。（牵头单位：市发改局；责任单位：市财政局、省发展改革委、黄石市生态环境局、各镇街）\n"
           "2.优化环境。（牵头单位：区住建局；责任单位：城发集团）\n")


def test_an_unknown_issuer_still_conforms_and_warns_once(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "a.txt").write_text(UNKNOWN, encoding="utf-8")
    (folder / "b.txt").write_text(UNKNOWN.replace("链长制", "河长制"), encoding="utf-8")
    run = CliRunner().invoke(cli, ["build", str(folder), "--out", str(tmp_path / "build")])
    assert run.exit_code == 0, run.stderr
    for doc in ("a.txt", "b.txt"):
        warnings = [line for line in run.stderr.splitlines() if line.startswith(f"kg: WARNING: {doc}: ")]
        assert len(warnings) == 1 and "manifest.csv" in warnings[0] and "'issuer'" in warnings[0]
    rows = query(UNITS, graph=tmp_path / "build").rows
    by_unit: dict[str, set[str]] = {}
    for r in rows:
        by_unit.setdefault(r["unit"], set()).add(r["place"])
    assert by_unit["黄石市生态环境局"] == {"黄石市"}  # the jurisdiction a unit names is kept
    assert by_unit["市发展和改革局"] == {"未知市（a）", "未知市（b）"}  # never merged across plans
    assert by_unit["省发展和改革委员会"] == {"未知省（a）", "未知省（b）"}


def test_the_manifest_column_fixes_it(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "a.txt").write_text(UNKNOWN, encoding="utf-8")
    (folder / "manifest.csv").write_text("file,issuer,parents\na.txt,大冶市,黄石市;湖北省\n", encoding="utf-8")
    run = CliRunner().invoke(cli, ["build", str(folder), "--out", str(tmp_path / "build")])
    assert run.exit_code == 0 and "WARNING" not in run.stderr
    places = {r["unit"]: r["place"] for r in query(UNITS, graph=tmp_path / "build").rows}
    assert places["大冶市发展和改革局"] == "大冶市" and places["湖北省发展和改革委员会"] == "湖北省"
