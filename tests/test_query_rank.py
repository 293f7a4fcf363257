"""`# rank` sub-selects: rows ranked in Python in their ORDER BY order, equal keys sharing a rank."""

import pytest
from rdflib import Graph

from kg.sparql import QueryError, rank_subselects

DATA = """<http://x/a> <http://x/f> "b" ; <http://x/n> 2 .
<http://x/b> <http://x/f> "a" ; <http://x/n> 10 .
<http://x/c> <http://x/f> "b" ; <http://x/n> 1 ."""


@pytest.mark.parametrize("order, expected", [
    ("?f", ['("a" 1)', '("b" 2)']),
    ("DESC(?f)", ['("b" 1)', '("a" 2)']),
])
def test_rank_shares_equal_keys(order, expected):
    g = Graph().parse(data=DATA, format="turtle")
    text = f"SELECT * WHERE {{\n {{ SELECT DISTINCT ?f WHERE {{ ?s <http://x/f> ?f }} ORDER BY {order}\n # rank ?r\n }}\n}}"
    out = rank_subselects(text, g.query)
    assert out.index(expected[0]) < out.index(expected[1])


def test_rank_orders_numbers_by_value():
    g = Graph().parse(data=DATA, format="turtle")
    text = "SELECT * WHERE {\n { SELECT ?s ?n WHERE { ?s <http://x/n> ?n } ORDER BY ?n\n # rank ?r\n }\n}"
    out = rank_subselects(text, g.query)
    assert out.index("<http://x/c>") < out.index("<http://x/a>") < out.index("<http://x/b>")
    assert out.count("#integer> ") == 3 and out.index('"10"') > out.index('"2"')


def test_rank_without_rows_matches_nothing():
    g = Graph().parse(data=DATA, format="turtle")
    text = "SELECT * WHERE { ?s ?p ?o .\n { SELECT ?f WHERE { ?s <http://x/none> ?f } ORDER BY ?f\n # rank ?r\n }\n}"
    assert list(g.query(rank_subselects(text, g.query))) == []


@pytest.mark.parametrize("text", [
    "SELECT * WHERE {\n { SELECT ?f WHERE { ?s <http://x/f> ?f }\n # rank ?r\n }\n}",
    "SELECT * WHERE {\n { SELECT ?f WHERE { ?s <http://x/f> ?f } ORDER BY STR(?f)\n # rank ?r\n }\n}",
    "SELECT * WHERE {\n { SELECT ?f WHERE { ?s <http://x/f> ?f } ORDER BY ?g\n # rank ?r\n }\n}",
])
def test_rank_needs_an_order_of_selected_variables(text):
    g = Graph().parse(data=DATA, format="turtle")
    with pytest.raises(QueryError):
        rank_subselects(text, g.query)


def test_inline_puts_the_rows_of_a_sub_select_in_place():
    g = Graph().parse(data=DATA, format="turtle")
    text = "SELECT * WHERE {\n { SELECT ?s ?n WHERE { ?s <http://x/n> ?n }\n # inline\n }\n}"
    out = rank_subselects(text, g.query)
    assert "SELECT ?s" not in out and out.count("<http://x/") == 3
    assert sorted(str(r.s) for r in g.query(out)) == ["http://x/a", "http://x/b", "http://x/c"]


@pytest.mark.parametrize("rows, kept", [
    (None, ["http://x/a", "http://x/b", "http://x/c"]),  # every row wanted: none left out
    (1, ["http://x/b"]),  # the first ?f ("a") ranks 1
    (2, ["http://x/a", "http://x/b", "http://x/c"]),  # "b" ranks 2, shared by a and c
])
def test_rank_page_keeps_the_ranks_of_the_rows_wanted(rows, kept):
    g = Graph().parse(data=DATA, format="turtle")
    text = ("SELECT ?s WHERE {\n { SELECT ?s ?f WHERE { ?s <http://x/f> ?f } ORDER BY ?f\n # rank ?r page ?f\n }\n"
            " OPTIONAL { ?s <http://x/none> ?o }\n}")
    out = rank_subselects(text, g.query, rows)
    assert sorted(str(r.s) for r in g.query(out)) == kept
