"""Reading kg's RDF layout: predicate indexes over a graph or a dataset, literal helpers.

Used by :func:`kg.analysis.convert.to_networkx` only.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import PurePosixPath
from urllib.parse import unquote

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.graph import ConjunctiveGraph

from ..namespaces import DEPT, KGR, SKOS

log = logging.getLogger("kg.analysis")


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


class Text(str):
    """A literal read from a build's N-Quads entries: its lexical form, with its ``language``.

    What an :class:`Index` reads of a literal (its text, its language, a number in it),
    made without rdflib's checks and casts, which the entries (written by kg, parsed by
    Oxigraph) do not need. It compares as its text.
    """

    __slots__ = ("language",)


_new_str = str.__new__


def _light(terms: dict, term):
    """An Oxigraph term of an entry as an :class:`~rdflib.URIRef` (made without checking it again) or a :class:`Text`."""
    found = terms.get(term)
    if found is None:
        import pyoxigraph

        if isinstance(term, pyoxigraph.NamedNode):
            found = _new_str(URIRef, term.value)
        elif isinstance(term, pyoxigraph.Literal):
            found = _new_str(Text, term.value)
            found.language = term.language
        else:
            found = from_oxigraph(term)
        terms[term] = found
    return found


def entry_files(graph) -> list | None:
    """The cached N-Quads entries behind a dataset that :func:`kg.graph.store.load_graph` opened
    from a build folder, when they hold exactly what its store holds; else None."""
    named = named_entry_files(graph)
    return None if named is None else [path for _, path in named]


def named_entry_files(graph) -> list[tuple[str, object]] | None:
    """(named graph IRI, N-Quads file) of each entry :func:`entry_files` gives, sorted by graph; else None."""
    from ..graph.store import BUILD_ATTR

    build = getattr(graph, BUILD_ATTR, None)
    if build is None:
        return None
    from ..graph.corpus_files import store_entries

    return store_entries(build)


def read_entries(paths, predicates, terms: dict | None = None, objects: dict | None = None) -> dict:
    """predicate -> {subject: its object, or a set of its objects} for the ``predicates``, from N-Quads files.

    Only the lines of the wanted predicates are parsed (picked by one regular expression
    per file), so a pass costs little more than reading the files. ``objects`` maps a
    predicate to the only IRIs wanted as its objects (``rdf:type`` to a few classes).

    >>> import tempfile, pathlib
    >>> from rdflib import RDF, RDFS
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "a.nq"
    >>> _ = f.write_text('# kg-cache 00\\n<http://x/a> <http://www.w3.org/2000/01/rdf-schema#label> "A B"@zh <http://x/g> .\\n'
    ...                  '<http://x/a> <http://x/other> <http://x/b> <http://x/g> .\\n', encoding="utf-8")
    >>> found = read_entries([f], [RDFS.label, RDF.type])
    >>> [(str(s), str(o), o.language) for s, held in found[RDFS.label].items() for o in objects_of(held)], found[RDF.type]
    ([('http://x/a', 'A B', 'zh')], {})
    >>> _ = f.write_text('<http://x/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://x/A> <http://x/g> .\\n'
    ...                  '<http://x/b> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://x/B> <http://x/g> .\\n')
    >>> read_entries([f], [RDF.type], objects={RDF.type: [URIRef("http://x/B")]})[RDF.type]
    {rdflib.term.URIRef('http://x/b'): rdflib.term.URIRef('http://x/B')}
    """
    import re

    import pyoxigraph

    terms = {} if terms is None else terms
    maps: dict = {p: {} for p in predicates}
    by_iri = {pyoxigraph.NamedNode(str(p)): maps[p] for p in predicates}
    objects = {p: v for p, v in (objects or {}).items() if p in maps}

    def either(iris) -> bytes:
        return rb"<(?:" + b"|".join(re.escape(str(i).encode("utf-8")) for i in sorted(iris, key=str)) + rb")> "

    shapes = [either(p for p in predicates if p not in objects)] if len(objects) < len(maps) else []
    shapes += [either([p]) + either(wanted) for p, wanted in sorted(objects.items(), key=lambda kv: str(kv[0]))]
    lines = re.compile(rb"^[^ \n]+ (?:" + b"|".join(shapes) + rb")[^\n]*\n", re.MULTILINE)
    for path in paths:
        with open(path, "rb") as fh:
            kept = b"".join(lines.findall(fh.read()))
        if kept:
            for q in pyoxigraph.parse(kept, format=pyoxigraph.RdfFormat.N_QUADS):
                _add(by_iri[q.predicate], _light(terms, q.subject), _light(terms, q.object))
    return maps


def _add(values: dict, subject, obj) -> None:
    """Keep ``obj`` under ``subject``: the term itself while it is the only one, else a set (most have one)."""
    held = values.get(subject)
    if held is None:
        values[subject] = obj
    elif type(held) is set:
        held.add(obj)
    elif held != obj:
        values[subject] = {held, obj}


def objects_of(held) -> tuple | set:
    """The objects an :class:`Index` map holds for one subject (see :func:`_add`).

    >>> from rdflib import URIRef
    >>> objects_of(URIRef("http://x/a")), sorted(objects_of({URIRef("http://x/b"), URIRef("http://x/a")}))
    ((rdflib.term.URIRef('http://x/a'),), [rdflib.term.URIRef('http://x/a'), rdflib.term.URIRef('http://x/b')])
    """
    if held is None:
        return ()
    return held if type(held) is set else (held,)


class Index:
    """Lazily built subject -> objects maps, one per predicate (values deduplicated).

    A map holds one term per subject, or a set when there are several: read it through
    :meth:`items`, :meth:`all`, :meth:`one` and :meth:`text`.

    A dataset opened from a build folder whose cached entries match its store (see
    :func:`entry_files`) is read from those files: on the first lookup, every predicate of
    ``predicates`` is read in one pass (a predicate not listed costs one more pass), and
    of the predicates in ``objects`` only the objects listed there may be kept.
    """

    def __init__(self, graph, predicates=(), objects: dict | None = None):
        self.graph = graph
        self._maps: dict = {}
        self._terms: dict = {}
        self._files = entry_files(graph) if graph is not None else None
        self._predicates = tuple(predicates)
        self._objects = objects or {}
        self.passes = 0
        """Passes over the entry files so far."""

    def __call__(self, predicate) -> dict:
        if predicate not in self._maps:
            if self._files is not None:
                wanted = {predicate, *(p for p in self._predicates if p not in self._maps)}
                try:
                    self._maps.update(read_entries(self._files, wanted, self._terms, self._objects))
                    self.passes += 1
                    return self._maps[predicate]
                except (OSError, SyntaxError) as exc:  # an entry went away or changed meanwhile: read the store
                    log.warning("reading the store instead of the build's entries (%s)", exc)
                    self._files, self._maps = None, {}
            out: dict = {}
            if self.graph is not None:
                for s, o in pairs(self.graph, predicate, terms=self._terms):
                    _add(out, s, o)
            self._maps[predicate] = out
        return self._maps[predicate]

    @classmethod
    def of_maps(cls, maps: dict) -> Index:
        """An index over maps already made (predicate -> {subject: held}); a predicate it lacks has no values."""
        idx = cls(None)
        idx._maps = maps
        return idx

    def items(self, predicate):
        """(subject, objects) of one predicate."""
        return ((s, objects_of(held)) for s, held in self(predicate).items())

    def all(self, subject, predicate) -> list:
        return sorted(objects_of(self(predicate).get(subject)), key=sort_key)

    def one(self, subject, predicate):
        held = self(predicate).get(subject)
        if type(held) is set:
            return min(held, key=sort_key)
        return held

    def text(self, subject, *predicates) -> str | None:
        """The best literal of the first predicate that has one: Chinese first, then plain."""
        for predicate in predicates:
            values = [v for v in objects_of(self(predicate).get(subject)) if isinstance(v, (Literal, Text))]
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
