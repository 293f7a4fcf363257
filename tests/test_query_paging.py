"""Answers a page at a time: ``limit`` and ``offset`` of :func:`kg.sparql.query` and ``kg query``."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import EXIT_OK
from kg.graph.store import load_graph
from kg.sparql import DEFAULT_LIMIT, QueryUsageError, paged, query

# a listing of the corpus with well over a few rows, and a query with a LIMIT of its own
LISTING = "targets-by-year"
OWN_LIMIT = "SELECT ?t WHERE { ?t a kg:Task } ORDER BY ?t LIMIT 7"


@pytest.fixture(scope="module", params=["oxigraph", "memory"])
def graph(request, corpus_build):
    return load_graph(corpus_build, store=request.param)


@pytest.fixture(scope="module")
def every_row(corpus_build):
    return query(LISTING, graph=corpus_build, limit=None).rows


def test_the_corpus_listing_is_longer_than_the_pages_tested(every_row):
    assert 40 < len(every_row) < DEFAULT_LIMIT


@pytest.mark.parametrize("limit, offset", [(10, 0), (10, 10), (25, 7), (1, 0), (None, 30)])
def test_pages_are_slices_of_the_whole_answer(graph, every_row, limit, offset):
    page = query(LISTING, graph=graph, limit=limit, offset=offset)
    end = None if limit is None else offset + limit
    assert page.rows == every_row[offset:end]
    assert page.offset == offset
    assert page.more == (end is not None and end < len(every_row))


def test_the_last_page_says_no_more_rows(graph, every_row):
    page = query(LISTING, graph=graph, limit=10, offset=len(every_row) - 10)
    assert len(page) == 10 and not page.more
    assert query(LISTING, graph=graph, limit=10, offset=len(every_row)).rows == []


def test_the_default_page_holds_every_row_of_the_corpus(graph, every_row):
    page = query(LISTING, graph=graph)
    assert page.rows == every_row and not page.more


def test_a_query_with_its_own_limit_is_cut_after_it_runs(graph):
    whole = query(OWN_LIMIT, graph=graph, limit=None).rows
    assert len(whole) == 7
    page = query(OWN_LIMIT, graph=graph, limit=3, offset=2)
    assert page.rows == whole[2:5] and page.more


@pytest.mark.parametrize("text, expected", [
    ("SELECT ?s WHERE { ?s ?p ?o }", "SELECT ?s WHERE { ?s ?p ?o }\nLIMIT 6 OFFSET 3"),
    ("SELECT ?s WHERE { ?s ?p ?o } # LIMIT 2", "SELECT ?s WHERE { ?s ?p ?o } # LIMIT 2\nLIMIT 6 OFFSET 3"),
    ('SELECT ?s WHERE { ?s ?p "LIMIT }" }', 'SELECT ?s WHERE { ?s ?p "LIMIT }" }\nLIMIT 6 OFFSET 3'),
    ("SELECT ?s WHERE { ?s ?p ?o } OFFSET 1", None),
    ("SELECT ?s WHERE { ?s ?p ?o } VALUES ?s { <urn:a> }", None),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", None),
])
def test_the_page_goes_into_the_query_text_when_it_can(text, expected):
    assert paged(text, 5, 3) == ((expected, True) if expected else (text, False))


def test_negative_pages_are_usage_errors(corpus_build):
    with pytest.raises(QueryUsageError):
        query(LISTING, graph=corpus_build, limit=-1)
    with pytest.raises(QueryUsageError):
        query(LISTING, graph=corpus_build, offset=-1)


def test_cli_pages_and_says_on_stderr_that_more_rows_follow(corpus_build, every_row):
    run = CliRunner().invoke(cli, ["query", LISTING, "--graph", str(corpus_build), "--format", "json",
                                   "--limit", "5", "--offset", "5"])
    assert run.exit_code == EXIT_OK, run.output
    rows = json.loads(run.stdout)
    assert [r["target"] for r in rows] == [r["target"] for r in every_row[5:10]]
    assert "more rows follow" in run.stderr and "--offset 10" in run.stderr and "--limit 0" in run.stderr


def test_cli_limit_0_gives_every_row_and_no_note(corpus_build, every_row):
    run = CliRunner().invoke(cli, ["query", LISTING, "--graph", str(corpus_build), "--format", "jsonl", "--limit", "0"])
    assert run.exit_code == EXIT_OK, run.output
    assert len(run.stdout.splitlines()) == len(every_row)
    assert "more rows" not in run.stderr


def test_cli_quiet_silences_the_note(corpus_build):
    run = CliRunner().invoke(cli, ["-q", "query", LISTING, "--graph", str(corpus_build), "--limit", "2"])
    assert run.exit_code == EXIT_OK and run.stderr == ""


@pytest.mark.parametrize("option", [["--limit", "-1"], ["--offset", "-3"], ["--limit", "many"]])
def test_cli_bad_pages_are_usage_errors(corpus_build, option):
    run = CliRunner().invoke(cli, ["query", LISTING, "--graph", str(corpus_build), *option])
    assert run.exit_code == 2 and "Invalid value" in run.stderr


@pytest.mark.parametrize("name, params", [
    ("targets-by-year", {"year": "2025"}),
    ("targets-by-year", {"plan": "003"}),
    ("targets-by-unit", {"unit": "发改", "role": "responsible"}),
    ("unit-responsibilities", {"unit": "发改"}),
])
def test_parameters_bound_in_a_sub_select_filter_the_page(graph, corpus_build, name, params):
    """Queries that bind their parameters in a sub-select (``# values``) page over matching rows only."""
    every = query(name, graph=corpus_build, params=params, limit=None).rows
    assert every, "the corpus has rows for these parameters"
    assert query(name, graph=graph, params=params, limit=None).rows == every
    assert query(name, graph=graph, params=params, limit=3, offset=2).rows == every[2:5]
    for key, value in params.items():
        column = {"year": "target_year", "plan": "file", "role": "unit_role", "unit": "unit_name"}[key]
        assert all(value in str(row[column]) or key == "unit" for row in every)
