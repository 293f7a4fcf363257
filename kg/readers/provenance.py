"""Where a plan's text came from: the source file in the graph, the text beside the graph.

Offsets and quotes of every record index the text kg extracted from a file (for a
web page, Word file or PDF that is not the file's bytes). So that each evidence
span can be shown and checked:

* :func:`source_triples` records the original file in the plan's graph: the plan is
  ``dcterms:source`` and ``prov:wasDerivedFrom`` a file node ``urn:sha256:<hex>``
  (named by the SHA-256 of its bytes, so the same file gives the same IRI on any
  machine), which carries its file name (``dcterms:identifier``), its media type
  (``dcterms:format``) and the hash itself (``kg:contentHash``);
* :func:`save_texts` writes each plan's text (``kg:text``) to ``<out>/texts/<doc>.txt``.

>>> from rdflib import Graph, URIRef
>>> from kg.namespaces import DCTERMS
>>> g = Graph()
>>> g += source_triples(URIRef("urn:x:plan"), "方案.pdf", "ab" * 32)
>>> str(g.value(URIRef("urn:x:plan"), DCTERMS.source)) == "urn:sha256:" + "ab" * 32
True
>>> str(g.value(URIRef("urn:sha256:" + "ab" * 32), DCTERMS.format))
'application/pdf'
"""

from __future__ import annotations

import mimetypes
import os
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePath

from rdflib import Literal, URIRef

from ..namespaces import DCTERMS, KG, PROV, RDF

TEXTS_DIR = "texts"
"""Folder of the build output holding each document's extracted text."""

MEDIA_TYPES = {
    ".txt": "text/plain", ".text": "text/plain", ".md": "text/markdown", ".html": "text/html", ".htm": "text/html",
    ".shtml": "text/html", ".pdf": "application/pdf", ".ofd": "application/ofd",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".doc": "application/msword", ".wps": "application/vnd.ms-works", ".rtf": "application/rtf",
    ".odt": "application/vnd.oasis.opendocument.text",
}
"""Media types by file ending (fixed here so that every machine writes the same graph)."""


def source_iri(sha256: str) -> URIRef:
    """The IRI of a source file: its content hash as a URN."""
    return URIRef(f"urn:sha256:{sha256}")


def source_triples(plan: URIRef, file_name: str, sha256: str):
    """The triples linking ``plan`` to the file it was read from (see the module doc)."""
    node = source_iri(sha256)
    name = PurePath(file_name.replace("\\", "/")).name
    media = MEDIA_TYPES.get(PurePath(name).suffix.lower()) or mimetypes.guess_type(name, strict=False)[0]
    yield (plan, DCTERMS.source, node)
    yield (plan, PROV.wasDerivedFrom, node)
    yield (node, RDF.type, PROV.Entity)
    yield (node, DCTERMS.identifier, Literal(name))
    yield (node, KG.contentHash, Literal(sha256))
    if media:
        yield (node, DCTERMS.format, Literal(media))


def plan_texts(nquads_files: Iterable[str | os.PathLike]) -> Iterator[tuple[str, str]]:
    """``(file name, text)`` of each plan (``dcterms:identifier``, ``kg:text``) in N-Quads files."""
    for path in nquads_files:
        yield from texts_of(Path(path).read_bytes())


def lines_with(data: bytes, needles: Iterable[bytes]) -> bytes:
    """The lines of ``data`` that hold one of ``needles`` (each line once, in order): a byte search,
    far cheaper than parsing every line.

    >>> lines_with(b"a 1\\nb 2\\nc 1 2\\n", [b" 1", b" 2"])
    b'a 1\\nb 2\\nc 1 2\\n'
    """
    spans = set()
    for needle in needles:
        at = data.find(needle)
        while at >= 0:
            start = data.rfind(b"\n", 0, at) + 1
            end = data.find(b"\n", at)
            end = len(data) if end < 0 else end + 1
            spans.add((start, end))
            at = data.find(needle, end)
    return b"".join(data[a:b] for a, b in sorted(spans))


def texts_of(nquads: bytes) -> list[tuple[str, str]]:
    """``(file name, text)`` of each plan in some N-Quads (:func:`plan_texts`), sorted by the plan's IRI.

    Only the lines naming the two predicates are parsed.

    >>> texts_of(b'<urn:p> <http://purl.org/dc/terms/identifier> "a.txt" <urn:g> .\\n'
    ...          b'<urn:p> <https://w3id.org/kg-policy/ontology#text> "x y" <urn:g> .\\n'
    ...          b'<urn:p> <urn:other> "z" <urn:g> .\\n')
    [('a.txt', 'x y')]
    """
    import pyoxigraph

    text_iri, identifier_iri = str(KG.text), str(DCTERMS.identifier)
    lines = lines_with(nquads, [f"> <{text_iri}> ".encode(), f"> <{identifier_iri}> ".encode()])
    texts: dict[str, str] = {}
    identifiers: dict[str, str] = {}
    for quad in pyoxigraph.parse(input=lines, format=pyoxigraph.RdfFormat.N_QUADS):
        predicate = quad.predicate.value
        if predicate == text_iri:
            texts[str(quad.subject)] = quad.object.value
        elif predicate == identifier_iri:
            identifiers[str(quad.subject)] = quad.object.value
    return [(identifiers[subject], text) for subject, text in sorted(texts.items()) if subject in identifiers]


def save_texts(texts: Iterable[tuple[str, str]], out: str | os.PathLike) -> Path:
    """Write each plan's text, ``(file name, text)`` pairs (:func:`plan_texts`), to
    ``<out>/texts/<doc>.txt`` (atomically); return the folder.

    Texts of documents not given are removed, so the folder matches the build.
    """
    from ..graph.iris import doc_stem
    from ..output import write_atomic

    folder = Path(out) / TEXTS_DIR
    written: set[str] = set()
    for identifier, text in texts:
        name = f"{doc_stem(identifier)}.txt"
        write_atomic(folder / name, text)
        written.add(name)
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.txt"):
        if stale.name not in written:
            stale.unlink()
    return folder
