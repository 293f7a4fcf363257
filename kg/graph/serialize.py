"""Canonical serialisations: the same triples always give the same bytes.

* N-Triples / N-Quads: one statement per line, lines sorted, duplicates dropped.
* A build's files are streamed from the per-document N-Quads files of the cache
  (each sorted), never holding the corpus in memory: :func:`merge_nquads` merges
  them into the sorted ``graph.nq`` and, on the way, the sorted union of their
  triples (each once); :func:`write_rdf` writes Turtle (from that union), TriG and
  JSON-LD (graphs in IRI order) with pyoxigraph's serializers.
* The in-memory helpers (rdflib's Turtle, TriG and JSON-LD of a Dataset) remain for
  small graphs and tests.

No blank nodes are minted by kg, so no blank-node labels can vary between runs.

>>> from rdflib import Literal, URIRef
>>> s, p = URIRef("http://example.org/s"), URIRef("http://example.org/p")
>>> print(ntriples([(s, p, Literal("b")), (s, p, Literal("a")), (s, p, Literal("a"))]), end="")
<http://example.org/s> <http://example.org/p> "a" .
<http://example.org/s> <http://example.org/p> "b" .
>>> print(nquads({"http://example.org/g": ntriples([(s, p, Literal("a"))])}), end="")
<http://example.org/s> <http://example.org/p> "a" <http://example.org/g> .
"""

from __future__ import annotations

import heapq
import io
import json
import os
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.plugins.serializers.trig import TrigSerializer

from ..namespaces import bind_prefixes


def ntriples(triples: Iterable[tuple]) -> str:
    """Sorted, de-duplicated N-Triples text of some rdflib triples.

    The terms are written directly (:func:`nt_term`), byte for byte as rdflib's
    N-Triples serialiser writes them, without building a Graph.
    """
    return "".join(line + " .\n" for line in statements(triples))


def statements(triples: Iterable[tuple]) -> list[str]:
    """The distinct statements of some rdflib triples in N-Triples, sorted, each without its final `` .``.

    A statement sorts where it does with any suffix starting with a space (`` .`` or
    `` <graph> .``): no statement is the start of another followed by a space or by
    a character sorting before it.
    """
    return sorted(_distinct(triples))


def named_graph(triples: Iterable[tuple], graph: str) -> bytes:
    """The N-Quads of some triples in the named graph ``graph``: ``nquads({graph: ntriples(triples)})`` encoded.

    Lines are sorted as UTF-8 bytes, which sort as their characters do.

    >>> from rdflib import Literal, URIRef
    >>> s, p = URIRef("http://example.org/s"), URIRef("http://example.org/p")
    >>> triples = [(s, p, Literal("b")), (s, p, Literal("a"))]
    >>> named_graph(triples, "http://example.org/g") == nquads({"http://example.org/g": ntriples(triples)}).encode()
    True
    """
    return b"".join(sorted(line.encode("utf-8") for line in _distinct(triples, f" <{graph}> .\n")))


def _distinct(triples: Iterable[tuple], suffix: str = "") -> set[str]:
    """The statements of some triples, each once, with ``suffix``.

    Each term object is written once (terms recur: :mod:`kg.graph.triples` makes each
    name's terms once); terms are told apart by identity, cheaper than rdflib's
    equality, and kept alive while written.
    """
    written: dict[int, str] = {}
    held = []
    lines = set()
    last, head = None, ""
    for s, p, o in triples:
        if s is not last:  # a node's statements come together
            ts = written.get(id(s))
            if ts is None:
                ts = written[id(s)] = nt_term(s)
                held.append(s)
            last, head = s, ts + " "
        tp = written.get(id(p))
        if tp is None:
            tp = written[id(p)] = nt_term(p)
            held.append(p)
        to = written.get(id(o))
        if to is None:
            to = written[id(o)] = nt_term(o)
            held.append(o)
        lines.add(f"{head}{tp} {to}{suffix}")
    return lines


def nt_term(term) -> str:
    r"""One term in N-Triples, as rdflib's N-Triples serialiser writes it.

    IRIs and blank nodes as ``term.n3()`` (which refuses an IRI with characters
    N-Triples cannot hold); literals with backslash, newline, ``"`` and carriage
    return escaped, then ``@lang`` or ``^^<datatype>``.

    >>> from rdflib import Literal, URIRef
    >>> print(nt_term(Literal('say "hi"', lang="zh")), nt_term(Literal(2)), nt_term(URIRef("http://example.org/x")))
    "say \"hi\""@zh "2"^^<http://www.w3.org/2001/XMLSchema#integer> <http://example.org/x>
    """
    if isinstance(term, Literal):
        text = '"' + (str(term).replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')
                      .replace("\r", "\\r")) + '"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype:
            return f"{text}^^<{term.datatype}>"
        return text
    return term.n3()


def sort_lines(text: str) -> str:
    """Sort statement lines, drop blank lines, comments and duplicates.

    Lines end at ``\\n`` only: a literal may hold a form feed or U+2028, which
    ``str.splitlines`` would take for line ends.
    """
    lines = sorted({line for line in text.split("\n") if line.strip() and not line.startswith("#")})
    return "".join(line + "\n" for line in lines)


def nquads(graphs: Mapping[str, str]) -> str:
    """N-Quads of named graphs given as ``{graph IRI: N-Triples text}``; sorted."""
    lines = []
    for name, text in graphs.items():
        suffix = f" <{name}> ."
        for line in text.split("\n"):
            line = line.rstrip("\r ")
            if line and not line.startswith("#"):
                if not line.endswith(" ."):
                    raise ValueError(f"not an N-Triples statement: {line[:80]!r}")
                lines.append(line[:-2] + suffix)
    return "".join(line + "\n" for line in sorted(set(lines)))


def nquads_to_ntriples(text: str) -> str:
    """The union of the graphs of N-Quads ``text`` (statements ending with a graph IRI) as sorted N-Triples.

    >>> print(nquads_to_ntriples('<http://e/s> <http://e/p> "a <b>" <http://e/g> .\\n'), end="")
    <http://e/s> <http://e/p> "a <b>" .
    """
    lines = set()
    for line in text.split("\n"):
        line = line.rstrip("\r ")
        if not line or line.startswith("#"):
            continue
        if not line.endswith("> ."):
            raise ValueError(f"not an N-Quads statement in a named graph: {line[:80]!r}")
        cut = line.rfind(" <", 0, len(line) - 2)
        lines.add(line[:cut] + " .")
    return "".join(line + "\n" for line in sorted(lines))


def dataset_from_nquads(text: str) -> Dataset:
    """An in-memory rdflib Dataset (union default graph) holding N-Quads text."""
    ds = bind_prefixes(Dataset(default_union=True))
    if text.strip():
        ds.parse(data=text, format="nquads")
    return ds


def union_graph(ds: Dataset) -> Graph:
    """Every triple of every graph of ``ds`` in one plain in-memory Graph."""
    graph = bind_prefixes(Graph())
    for context in _graphs(ds):
        graph.addN((s, p, o, graph) for s, p, o in context)
    return graph


def _graphs(ds):
    """The graphs of a Dataset (``graphs()``) or of a ConjunctiveGraph (``contexts()``)."""
    return ds.graphs() if isinstance(ds, Dataset) else ds.contexts()


def turtle(graph: Graph | Dataset) -> str:
    """Turtle of a graph; for a Dataset, of the union of its graphs."""
    if isinstance(graph, Dataset):
        graph = union_graph(graph)
    return bind_prefixes(graph).serialize(format="turtle")


class _SortedTrigSerializer(TrigSerializer):
    """rdflib's TriG serializer with the graphs in IRI order."""

    def __init__(self, store):
        super().__init__(store)
        self.contexts = sorted(
            (c for c in self.contexts if len(c)), key=lambda c: str(c.identifier)
        )


def trig(ds: Dataset) -> str:
    """TriG: one block per named graph, graphs in IRI order."""
    bind_prefixes(ds)
    buf = io.BytesIO()
    _SortedTrigSerializer(ds).serialize(buf, encoding="utf-8")
    return buf.getvalue().decode("utf-8")


def _canonical_json(value, key: str | None = None):
    if isinstance(value, dict):
        return {k: _canonical_json(v, k) for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [_canonical_json(v) for v in value]
        if key == "@list":  # an RDF list: order is meaningful
            return items
        return sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return value


def jsonld(ds: Dataset) -> str:
    """JSON-LD of every named graph, with kg's prefixes as the context; canonical order."""
    bind_prefixes(ds)
    context = {prefix: str(ns) for prefix, ns in sorted(ds.namespaces()) if prefix}
    raw = json.loads(ds.serialize(format="json-ld", context=context, auto_compact=True))
    return json.dumps(_canonical_json(raw), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def graph_names(ds: Dataset) -> list[URIRef]:
    """IRIs of the non-empty named graphs of ``ds``, sorted."""
    return sorted(URIRef(str(c.identifier)) for c in _graphs(ds) if len(c) and isinstance(c.identifier, URIRef))


# -- streaming writers for a build -------------------------------------------------------

MERGE_FAN_IN = 256
"""Files merged at once; more inputs are merged in rounds through temporary files."""
RDF_TYPE = b" <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <"


@dataclass
class UnionStats:
    """What :func:`merge_nquads` saw: distinct triples of the union and instances per class IRI."""

    triples: int = 0
    quads: int = 0
    instances: Counter = field(default_factory=Counter)


def _statements(path: Path) -> Iterator[bytes]:
    """The statement lines of an N-Quads file (comments and blank lines skipped), each ending in a newline."""
    with open(path, "rb") as fh:
        for line in fh:
            if line[:1] in (b"#", b"\n", b""):
                continue
            yield line if line.endswith(b"\n") else line + b"\n"


def _merged(paths: list[Path], stack: ExitStack, tmp: Path) -> Iterator[bytes]:
    """The sorted merge of sorted files (``MERGE_FAN_IN`` at a time, in rounds)."""
    while len(paths) > MERGE_FAN_IN:
        rounds = []
        for i in range(0, len(paths), MERGE_FAN_IN):
            fd, name = tempfile.mkstemp(prefix="merge-", suffix=".nq", dir=tmp)
            with os.fdopen(fd, "wb") as fh:
                fh.writelines(heapq.merge(*(_statements(p) for p in paths[i:i + MERGE_FAN_IN])))
            rounds.append(Path(name))
        paths = rounds
    return heapq.merge(*(_statements(p) for p in paths))


def merge_nquads(entries: Iterable[str | os.PathLike], nquads_out, union_out=None, tmp_dir=None,
                 on_triple=None) -> UnionStats:
    """Merge sorted N-Quads files into one sorted, de-duplicated N-Quads stream.

    ``nquads_out`` and ``union_out`` are binary files (or None): the first receives
    every quad, the second the N-Triples of the union, each triple once, sorted.
    ``on_triple(triple)`` is called with each distinct triple too (its text without the final dot).
    Memory holds one line per input file; merge rounds of many files go to ``tmp_dir``.
    """
    stats = UnionStats()
    previous_line = previous_triple = None
    with ExitStack() as stack, tempfile.TemporaryDirectory(prefix="kg-merge-", dir=tmp_dir) as tmp:
        for line in _merged([Path(p) for p in entries], stack, Path(tmp)):
            if line == previous_line:
                continue
            previous_line = line
            stats.quads += 1
            if nquads_out is not None:
                nquads_out.write(line)
            body = line.rstrip(b"\n")
            if not body.endswith(b" ."):
                raise ValueError(f"not an N-Quads statement: {body[:80]!r}")
            triple = body[:-2].rsplit(b" ", 1)[0]
            if triple == previous_triple:  # the same triple in another graph: lines with it are adjacent
                continue
            previous_triple = triple
            stats.triples += 1
            if union_out is not None:
                union_out.write(triple + b" .\n")
            if on_triple is not None:
                on_triple(triple)
            at = triple.find(RDF_TYPE)
            if at > 0:
                stats.instances[triple[at + len(RDF_TYPE):-1].decode("utf-8")] += 1
    return stats


def _prefixes() -> dict[str, str]:
    from ..namespaces import _PREFIXES

    return {prefix: str(ns) for prefix, ns in _PREFIXES.items()}


def _quads(entries: Iterable[str | os.PathLike]):
    import pyoxigraph

    for path in entries:
        yield from pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.N_QUADS)


def write_rdf(kind: str, source, output: str | os.PathLike) -> None:
    """Write ``output`` with pyoxigraph: ``turtle`` from an N-Triples file (the union), or
    ``trig`` / ``jsonld`` from a list of N-Quads files (one graph each, in the order given)."""
    import pyoxigraph

    if kind == "turtle":
        data = pyoxigraph.parse(path=str(source), format=pyoxigraph.RdfFormat.N_TRIPLES)
        fmt = pyoxigraph.RdfFormat.TURTLE
    elif kind in ("trig", "jsonld"):
        data = _quads(source)
        fmt = pyoxigraph.RdfFormat.TRIG if kind == "trig" else pyoxigraph.RdfFormat.JSON_LD
    else:
        raise ValueError(f"unknown kind {kind!r}")
    with open(output, "wb") as fh:
        pyoxigraph.serialize(data, output=fh, format=fmt, prefixes=_prefixes())
