"""Reading the department-type scheme (``ontology/department-types.ttl``, SKOS in Turtle) into concepts.

:func:`_read_concepts` returns one :class:`Concept` per ``skos:Concept`` of the scheme
(its slug, zh and en preferred labels, alternative and hidden labels, group), or raises
:class:`VocabularyError` naming the file and what is wrong with it.
:func:`_read_jurisdiction_words` reads ``ontology/jurisdiction-words.ttl`` the same way: the
words of jurisdictions in unit names (place-name endings, level prefixes).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import EXIT_LOAD, KgError

_SCHEME = "https://w3id.org/kg-policy/department-type"


class VocabularyError(KgError):
    """The department-type scheme cannot be read."""

    exit_code = EXIT_LOAD


@dataclass(frozen=True)
class Concept:
    """One concept of the scheme: slug (IRI local name), labels and group."""

    slug: str
    zh: str
    en: str | None = None
    alt: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()
    broader: str | None = None
    top: bool = False


def _parse_turtle(path: Path):
    """The rdflib graph of a vocabulary file; :class:`VocabularyError` naming the file when it is missing or bad."""
    from rdflib import Graph

    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except FileNotFoundError:
        raise VocabularyError(f"{path}: no such file") from None
    except Exception as exc:  # rdflib raises several unrelated types for bad Turtle
        raise VocabularyError(f"{path}: not valid Turtle ({exc})") from None
    return graph


def _read_concepts(path: Path) -> list[Concept]:
    from rdflib import URIRef
    from rdflib.namespace import RDF, SKOS

    from .namespaces import DEPT

    graph = _parse_turtle(path)
    scheme = URIRef(_SCHEME)
    base = str(DEPT)

    def slug(node) -> str:
        text = str(node)
        if not text.startswith(base):
            raise VocabularyError(f"{path}: concept {text} is outside {base}")
        return text[len(base):]

    def texts(node, prop, lang):
        return sorted(str(o) for o in graph.objects(node, prop) if getattr(o, "language", None) == lang)

    concepts = []
    for node in sorted(set(graph.subjects(RDF.type, SKOS.Concept))):
        zh = texts(node, SKOS.prefLabel, "zh")
        if len(zh) != 1:
            raise VocabularyError(f"{path}: {slug(node)} needs exactly one skos:prefLabel in zh, has {len(zh)}")
        en = texts(node, SKOS.prefLabel, "en")
        broader = sorted(graph.objects(node, SKOS.broader))
        concepts.append(Concept(
            slug=slug(node),
            zh=zh[0],
            en=en[0] if en else None,
            alt=tuple(texts(node, SKOS.altLabel, "zh")),
            hidden=tuple(texts(node, SKOS.hiddenLabel, "zh")),
            broader=slug(broader[0]) if broader else None,
            top=(node, SKOS.topConceptOf, scheme) in graph,
        ))
    if not concepts:
        raise VocabularyError(f"{path}: no skos:Concept found")
    return concepts


_WORDS = "https://w3id.org/kg-policy/jurisdiction-word/"


def _read_jurisdiction_words(path: Path) -> dict[str, tuple[str, ...]]:
    """The ordered collections of ``ontology/jurisdiction-words.ttl`` (``place-suffixes``,
    ``level-prefixes``), each as the zh prefLabels of its members in the file's order."""
    from rdflib import Literal, URIRef
    from rdflib.collection import Collection
    from rdflib.namespace import RDF, SKOS

    graph = _parse_turtle(path)
    out = {}
    for node in sorted(graph.subjects(RDF.type, SKOS.OrderedCollection)):
        name = str(node).removeprefix(_WORDS)
        head = graph.value(node, SKOS.memberList)
        if head is None:
            raise VocabularyError(f"{path}: {name} has no skos:memberList")
        words = []
        for member in Collection(graph, head):
            zh = [o for o in graph.objects(member, SKOS.prefLabel) if isinstance(o, Literal) and o.language == "zh"]
            if len(zh) != 1 or not isinstance(member, URIRef):
                raise VocabularyError(f"{path}: {member} in {name} needs exactly one skos:prefLabel in zh")
            words.append(str(zh[0]))
        out[name] = tuple(words)
    return out
