"""Reading kg's RDF layout: predicate indexes over a graph or a dataset, literal helpers.

Used by :func:`kg.analysis.convert.to_networkx` only.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from pathlib import PurePosixPath
from urllib.parse import unquote

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.graph import ConjunctiveGraph

from ..namespaces import DEPT, KGR, SKOS


def oxigraph_store(graph):
    """The ``pyoxigraph.Store`` behind an Oxigraph-backed rdflib graph, else None."""
    inner = getattr(getattr(graph, "store", None), "_inner", None)
    try:
        import pyoxigraph
    except ImportError:  # pragma: no cover - pyoxigraph is a dependency
        return None
    return inner if isinstance(inner, pyoxigraph.Store) else None


def pairs(graph, predicate, obj=None, terms: dict | None = None):
    """(subject, object) pairs of a predicate, across every named graph of a dataset.

    An Oxigraph-backed dataset is read straight from its store (rdflib's dataset API
    makes a graph object per quad, which costs more than the read itself); ``terms``
    keeps the rdflib term made for each Oxigraph term, so a node read under several
    predicates is converted once.
    """
    store = oxigraph_store(graph) if isinstance(graph, ConjunctiveGraph) else None
    if store is not None:
        import pyoxigraph

        wanted = None
        if obj is not None:  # only IRIs are asked for (rdf:type classes)
            wanted = pyoxigraph.NamedNode(str(obj))
        quads = store.quads_for_pattern(None, pyoxigraph.NamedNode(str(predicate)), wanted, None)
        if terms is None:
            return ((from_oxigraph(q.subject), from_oxigraph(q.object)) for q in quads)
        return ((_memo(terms, q.subject), _memo(terms, q.object)) for q in quads)
    if isinstance(graph, ConjunctiveGraph):
        return ((s, o) for s, _, o, _ in graph.quads((None, predicate, obj)))
    return ((s, o) for s, o in graph.subject_objects(predicate) if obj is None or o == obj)


def from_oxigraph(term):
    """An Oxigraph term as the rdflib term oxrdflib would give."""
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _memo(terms: dict, term):
    found = terms.get(term)
    if found is None:
        found = terms[term] = from_oxigraph(term)
    return found


def entry_files(graph) -> list | None:
    """The cached N-Quads entries behind a dataset that :func:`kg.graph.store.load_graph` opened
    from a build folder, when they hold exactly what its store holds; else None."""
    from ..graph.store import BUILD_ATTR

    build = getattr(graph, BUILD_ATTR, None)
    if build is None:
        return None
    from ..graph.corpus_files import store_sources

    return store_sources(build)


def read_entries(paths, predicates, terms: dict | None = None) -> dict:
    """predicate -> {subject: {objects}} for the ``predicates``, from N-Quads files, in one pass.

    Only the lines of the wanted predicates are parsed (picked by one regular expression
    per file), so a pass costs little more than reading the files.

    >>> import tempfile, pathlib
    >>> from rdflib import RDF, RDFS
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "a.nq"
    >>> _ = f.write_text('# kg-cache 00\\n<http://x/a> <http://www.w3.org/2000/01/rdf-schema#label> "A B"@zh <http://x/g> .\\n'
    ...                  '<http://x/a> <http://x/other> <http://x/b> <http://x/g> .\\n', encoding="utf-8")
    >>> found = read_entries([f], [RDFS.label, RDF.type])
    >>> [(str(s), str(o), o.language) for s, objects in found[RDFS.label].items() for o in objects], dict(found[RDF.type])
    ([('http://x/a', 'A B', 'zh')], {})
    """
    import re

    import pyoxigraph

    terms = {} if terms is None else terms
    maps = {p: defaultdict(set) for p in predicates}
    by_iri = {pyoxigraph.NamedNode(str(p)): maps[p] for p in predicates}
    alternatives = b"|".join(re.escape(str(p).encode("utf-8")) for p in sorted(predicates, key=str))
    lines = re.compile(rb"^[^ \n]+ <(?:" + alternatives + rb")> [^\n]*\n", re.MULTILINE)
    for path in paths:
        with open(path, "rb") as fh:
            kept = b"".join(lines.findall(fh.read()))
        if kept:
            for q in pyoxigraph.parse(kept, format=pyoxigraph.RdfFormat.N_QUADS):
                by_iri[q.predicate][_memo(terms, q.subject)].add(_memo(terms, q.object))
    return maps


class Index:
    """Lazily built subject -> objects maps, one per predicate (values deduplicated).

    A dataset opened from a build folder whose cached entries match its store (see
    :func:`entry_files`) is read from those files: on the first lookup, every predicate of
    ``predicates`` is read in one pass (a predicate not listed costs one more pass).
    """

    def __init__(self, graph, predicates=()):
        self.graph = graph
        self._maps: dict = {}
        self._terms: dict = {}
        self._files = entry_files(graph)
        self._predicates = tuple(predicates)
        self.passes = 0
        """Passes over the entry files so far."""

    def __call__(self, predicate) -> dict:
        if predicate not in self._maps:
            if self._files is not None:
                wanted = {predicate, *(p for p in self._predicates if p not in self._maps)}
                self._maps.update(read_entries(self._files, wanted, self._terms))
                self.passes += 1
                return self._maps[predicate]
            out: dict = defaultdict(set)
            for s, o in pairs(self.graph, predicate, terms=self._terms):
                out[s].add(o)
            self._maps[predicate] = out
        return self._maps[predicate]

    def all(self, subject, predicate) -> list:
        return sorted(self(predicate).get(subject, ()), key=sort_key)

    def one(self, subject, predicate):
        values = self.all(subject, predicate)
        return values[0] if values else None

    def text(self, subject, *predicates) -> str | None:
        """The best literal of the first predicate that has one: Chinese first, then plain."""
        for predicate in predicates:
            values = [v for v in self(predicate).get(subject, ()) if isinstance(v, Literal)]
            if values:
                values.sort(key=lambda v: ({"zh": 0, None: 1}.get(v.language and v.language.split("-")[0], 2), str(v)))
                return str(values[0])
        return None


def sort_key(term):
    return (type(term).__name__, str(term))


def as_number(literal):
    """A decimal literal as int when integral, else float; None when absent or not numeric."""
    if literal is None:
        return None
    try:
        value = float(str(literal))
    except ValueError:
        return None
    return int(value) if value.is_integer() else value


def as_year(literal):
    if literal is None:
        return None
    text = str(literal).strip()
    return int(text[:4]) if text[:4].isdigit() else None


@lru_cache(maxsize=1)
def scheme_labels() -> dict[str, str]:
    """zh labels of the department types from ``ontology/department-types.ttl``, if present."""
    try:
        from ..resources import ontology_file

        path = ontology_file("department-types.ttl")
    except FileNotFoundError:
        return {}
    if not path.is_file():
        return {}
    scheme = Graph().parse(path, format="turtle")
    index = Index(scheme)
    return {str(c): index.text(c, SKOS.prefLabel) for c in index(SKOS.prefLabel)}


def slug(concept) -> str:
    text = str(concept)
    return text[len(str(DEPT)):] if text.startswith(str(DEPT)) else text


def plan_id(iri: str, identifier: str | None) -> str:
    prefix = str(KGR) + "plan/"
    if iri.startswith(prefix) and "/" not in iri[len(prefix):]:
        return unquote(iri[len(prefix):])
    if identifier:
        return PurePosixPath(identifier).stem
    return iri
