"""Roles, role IRIs and the weighted-workload formula are defined once (``kg/roles.py``,
:func:`kg.analysis.workload.weighted_load`), and every user reads those definitions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph

import kg.roles as roles
from kg.analysis.convert import EXAMPLE, to_networkx
from kg.analysis.workload import load_parts, weighted_load, workload

KG_DIR = Path(roles.__file__).resolve().parent


def test_graph_and_analysis_share_the_role_tables():
    from kg.analysis import convert, graphs, nodes, typed
    from kg.graph import triples

    assert triples.ROLE_TERMS is roles.ROLE_TERMS and triples.ROLE_PROPERTIES is roles.ROLE_PROPERTIES
    assert typed.ROLE_PROPERTIES is roles.ROLE_PROPERTIES and typed.role_of is roles.role_of
    assert nodes.ROLE_PROPERTIES is roles.ROLE_PROPERTIES
    assert graphs.ROLES is roles.ROLES and convert.ROLE_RANK is roles.ROLE_RANK


@pytest.mark.parametrize("pattern", [
    r"\{\s*\"lead\"\s*:\s*KG\.", r"KG\.Lead\s*:", r"^ROLE_LABELS\s*=", r"^ROLE_RANK\s*=",
    r"^ROLES\s*=",
    r"\*\s*\w+\[\"lead\"\]", r"\*\s*\w+\[\"responsible\"\]",
])
def test_no_second_definition(pattern):
    """Role tables and the workload formula are written in one module each."""
    owners = {"kg/roles.py", "kg/analysis/workload.py"}
    found = sorted(str(p.relative_to(KG_DIR.parent)) for p in KG_DIR.rglob("*.py")
                   if re.search(pattern, p.read_text(encoding="utf-8"), re.M))
    assert set(found) <= owners, found


def test_extraction_gives_the_roles_of_kg_roles():
    """The units that extraction finds carry the roles of :data:`kg.roles.ROLES`, each of them."""
    from kg.document import Document
    from kg.extract import extract_document

    text = "某县2024年工作要点\n1.推进改革。（牵头单位：县发改局；责任单位：县财政局、各乡镇）"
    found = {u.role for t in extract_document(Document.from_text(text)).tasks for u in t.units}
    assert found == set(roles.ROLES)


@pytest.mark.parametrize("weights", [None, {"lead": 2, "responsible": 1}, {"lead": 1, "responsible": 0}])
def test_every_figure_uses_the_one_formula(weights):
    from kg.analysis.workload import resolve_weights
    from kg.report.model import build_report, top_units
    from kg.report.svg import bar_geometry
    from kg.viz.select import select

    graphs = to_networkx(Graph().parse(data=EXAMPLE, format="turtle"))
    w = resolve_weights(weights)
    rows = workload(graphs, weights=weights)
    for r in rows:
        assert r["weighted"] == weighted_load(r["led"], r["responsible"], w)
    by_unit = {(r["plan"], r["unit"]): r["weighted"] for r in rows}
    assert all(by_unit[(plan, unit)] == value for plan, units in top_units(graphs, weights=weights).items()
               for unit, value in units)
    report = build_report(graphs, weights=weights)
    assert [r["weighted"] for r in report.rows] == [r["weighted"] for r in rows]
    selection = select(graphs, weights=weights)
    for load in selection.workload.values():
        assert load["weighted"] == weighted_load(load["led"], load["responsible"], w)
    chart = bar_geometry(rows, w)
    for bar in chart["bars"]:
        lead, resp = load_parts(bar["led"], bar["responsible"], w)
        assert bar["w_lead"] * resp == pytest.approx(bar["w_resp"] * lead)
