"""The agents and places of the graph as triples: places, a jurisdiction's government, units and collectives.

Each is made once per name (the same unit and place recur within and across
plans): :func:`place_node`, :func:`government_node` (the kg:Government that
publishes a jurisdiction's plans and holds its units) and :func:`unit_triples`
(the kg:Unit or kg:Collective a mention names).
"""

from __future__ import annotations

from functools import lru_cache

from rdflib import URIRef

from ..extract.model import UnitMention
from . import iris
from .triples_context import Context
from .triples_terms import CACHED, KG, ORG, RDF, RDFS, SKOS, Triple, zh


@lru_cache(maxsize=CACHED)
def place_node(name: str) -> tuple[URIRef, tuple[Triple, ...]]:
    node = iris.place_iri(name)
    return node, ((node, RDF.type, KG.Place), (node, RDFS.label, zh(name)))


GOVERNMENT_SUFFIX = "党委政府"
"""Label of a jurisdiction's kg:Government: the place name and this word (party committee and government)."""


@lru_cache(maxsize=CACHED)
def government_node(place_name: str) -> tuple[URIRef, tuple[Triple, ...]]:
    """The kg:Government of a jurisdiction: the agent that publishes its plans and holds its units.

    >>> node, triples = government_node("鄂城区")
    >>> [str(o) for _, p, o in triples if p == SKOS.prefLabel]
    ['鄂城区党委政府']
    """
    node = iris.government_iri(place_name)
    place, triples = place_node(place_name)
    return node, (*triples, (node, RDF.type, KG.Government), (node, RDF.type, ORG.Organization),
                  (node, SKOS.prefLabel, zh(place_name + GOVERNMENT_SUFFIX)), (node, KG.governs, place))



def unit_triples(ctx: Context, mention: UnitMention) -> tuple[URIRef, tuple[Triple, ...]]:
    """The Unit or Collective a mention names, with its labels, jurisdiction and types."""
    types = tuple(t for t in (mention.unit_type, *mention.unit_types) if t)
    return _agent(mention.jurisdiction or ctx.issuer, mention.canonical or mention.surface, mention.surface,
                  mention.is_collective, types)


@lru_cache(maxsize=CACHED)
def _agent(jurisdiction: str | None, name: str, surface: str, is_collective: bool,
           types: tuple[str, ...]) -> tuple[URIRef, tuple[Triple, ...]]:
    """:func:`unit_triples` of a mention reduced to what they depend on (the same unit recurs in a plan)."""
    out: list[Triple] = []
    if jurisdiction:
        place, triples = place_node(jurisdiction)
        out += triples
    else:
        place = None
    if is_collective:
        node = iris.collective_iri(jurisdiction, name)
        out.append((node, RDF.type, KG.Collective))
    else:
        node = iris.unit_iri(jurisdiction, name)
        out.append((node, RDF.type, KG.Unit))
        if types:
            out.append((node, KG.departmentType, iris.department_type_iri(types[0])))
            out += [(node, KG.alsoDepartmentType, iris.department_type_iri(t)) for t in dict.fromkeys(types[1:]) if t != types[0]]
    out.append((node, SKOS.prefLabel, zh(name)))
    if surface != name:
        out.append((node, SKOS.altLabel, zh(surface)))
    if place is not None:
        out.append((node, KG.jurisdiction, place))
        if not is_collective:
            government, triples = government_node(jurisdiction)
            out += triples
            out.append((node, ORG.subOrganizationOf, government))
    return node, tuple(out)
