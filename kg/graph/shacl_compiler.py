"""The compiler of SHACL shapes to SPARQL: each construct of a shapes graph as SPARQL text.

:class:`Compiler` reads a shapes graph, remembering each statement it read (so that
one it does not know is reported), and makes the SELECT of each shape's results:
targets and paths, value constraints as filter expressions, the count checks of a
target together, SPARQL-based constraints joined to their targets.
:func:`kg.graph.shacl_sparql.compile_shapes` runs it over every shape with a target.
"""

from __future__ import annotations

import itertools
import re

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD

from .shacl_checks import Check, Counted, UnsupportedShapes

_IGNORED = {SH.name, SH.description, SH.order, SH.group, SH.defaultValue}
_NODE_KINDS = {
    SH.IRI: "isIRI({v})", SH.BlankNode: "isBlank({v})", SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "!isLiteral({v})", SH.BlankNodeOrLiteral: "!isIRI({v})", SH.IRIOrLiteral: "!isBlank({v})",
}
_RANGES = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}
# Lexical forms of the datatypes whose literals the store keeps as values: a literal of
# one of them that does not match is ill-typed (and fails sh:datatype, as in pySHACL).
_LEXICAL = {
    XSD.integer: r"^[+-]?[0-9]+$",
    XSD.decimal: r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$",
    XSD.boolean: r"^(true|false|1|0)$",
    XSD.date: r"^-?[0-9]{4,}-[0-9]{2}-[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})?$",
    XSD.gYear: r"^-?[0-9]{4,}(Z|[+-][0-9]{2}:[0-9]{2})?$",
    XSD.gYearMonth: r"^-?[0-9]{4,}-[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})?$",
}
_CASTS = {XSD.integer, XSD.decimal, XSD.boolean, XSD.date}
"""Datatypes whose values the SPARQL cast functions also check (a month 13 is not a date)."""


def nt(term) -> str:
    """A term of the shapes graph as SPARQL (N-Triples syntax)."""
    from .serialize import nt_term

    if isinstance(term, BNode):
        raise UnsupportedShapes(f"a blank node {term} as a constraint's parameter")
    return nt_term(term)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


class Compiler:
    def __init__(self, shapes: Graph):
        self.g = shapes
        self.used: set[tuple] = set()
        self.names = itertools.count()
        self.reads_hierarchy = False
        self.counts: dict[str, list[tuple[Counted, tuple[str, bool]]]] = {}
        self.last_target = ""
        self.target_classes: dict[str, tuple[URIRef, ...]] = {}
        """Targets that are the instances of some classes (``sh:targetClass`` only): those classes."""

    # -- reading the shapes graph, remembering what was read -----------------------------
    def objects(self, node, prop) -> list:
        self.used.add((node, prop))
        return sorted(self.g.objects(node, prop))

    def one(self, node, prop):
        values = self.objects(node, prop)
        if len(values) > 1:
            raise UnsupportedShapes(f"{node} has {len(values)} values of {prop}")
        return values[0] if values else None

    def members(self, node, prop) -> list:
        head = self.one(node, prop)
        if head is None:
            return []
        return list(Collection(self.g, head))

    def var(self) -> str:
        return f"?_{next(self.names)}"

    def leftovers(self) -> list[str]:
        """SHACL statements no compiled shape read (a construct the compiler does not know)."""
        left = set()
        for s, p, _ in self.g:
            if str(p).startswith(str(SH)) and (s, p) not in self.used and p not in _IGNORED:
                left.add(f"{p.n3(self.g.namespace_manager)} on {s.n3(self.g.namespace_manager)}")
        return sorted(left)

    # -- targets, paths ----------------------------------------------------------------
    def target(self, shape) -> str:
        parts = []
        for cls in self.objects(shape, SH.targetClass):
            parts.append(f"{{ ?this <{RDF.type}>/<{RDFS.subClassOf}>* {nt(cls)} }}")
        for node in self.objects(shape, SH.targetNode):
            parts.append(f"{{ VALUES ?this {{ {nt(node)} }} }}")
        for prop in self.objects(shape, SH.targetSubjectsOf):
            parts.append(f"{{ ?this {nt(prop)} {self.var()} }}")
        for prop in self.objects(shape, SH.targetObjectsOf):
            parts.append(f"{{ {self.var()} {nt(prop)} ?this }}")
        target = "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(parts) + " } }"
        classes = tuple(self.objects(shape, SH.targetClass))
        if len(classes) == len(parts):
            self.target_classes[target] = classes
        return target

    def path(self, shape) -> tuple[str, bool]:
        path = self.one(shape, SH.path)
        if isinstance(path, URIRef):
            return str(path), False
        if isinstance(path, BNode):
            inverse = self.one(path, SH.inversePath)
            if isinstance(inverse, URIRef) and set(self.g.predicates(path)) == {SH.inversePath}:
                return str(inverse), True
        raise UnsupportedShapes(f"the path of {shape} (only a predicate or sh:inversePath of one)")

    @staticmethod
    def triple(focus: str, path: tuple[str, bool], value: str) -> str:
        predicate, inverse = path
        return f"{value} <{predicate}> {focus} ." if inverse else f"{focus} <{predicate}> {value} ."

    # -- conditions on one value node -------------------------------------------------
    def value_conditions(self, shape, v: str) -> list[str]:
        """SPARQL expressions, each true when ``v`` meets one value constraint of ``shape``."""
        out = []
        for cls in self.objects(shape, SH["class"]):
            out.append(f"EXISTS {{ {v} <{RDF.type}>/<{RDFS.subClassOf}>* {nt(cls)} }}")
        for dt in self.objects(shape, SH.datatype):
            out.append(self.datatype(v, dt))
        members = self.members(shape, SH["in"])
        if self.objects(shape, SH["in"]):
            out.append("(" + (" || ".join(f"sameTerm({v}, {nt(m)})" for m in members) or "false") + ")")
        for kind in self.objects(shape, SH.nodeKind):
            if kind not in _NODE_KINDS:
                raise UnsupportedShapes(f"sh:nodeKind {kind}")
            out.append(_NODE_KINDS[kind].format(v=v))
        flags = self.one(shape, SH.flags)
        for pattern in self.objects(shape, SH.pattern):
            flag = f", {_quote(str(flags))}" if flags is not None else ""
            out.append(f"(!isBlank({v}) && REGEX(STR({v}), {_quote(str(pattern))}{flag}))")
        for prop, op in _RANGES.items():
            for bound in self.objects(shape, prop):
                out.append(f"({v} {op} {nt(bound)})")
        for prop, op in ((SH.minLength, ">="), (SH.maxLength, "<=")):
            for bound in self.objects(shape, prop):
                out.append(f"(!isBlank({v}) && STRLEN(STR({v})) {op} {int(bound)})")
        for prop in (SH["or"], SH.xone, SH["and"]):
            if self.objects(shape, prop):
                parts = [self.conforms(member, v) for member in self.members(shape, prop)]
                if prop == SH["or"]:
                    out.append("(" + (" || ".join(parts) or "false") + ")")
                elif prop == SH["and"]:
                    out.append("(" + (" && ".join(parts) or "true") + ")")
                else:
                    out.append("(" + (" + ".join(f"IF({p}, 1, 0)" for p in parts) or "0") + " = 1)")
        for negated in self.objects(shape, SH["not"]):
            out.append(f"!{self.conforms(negated, v)}")
        return [f"COALESCE({c}, false)" for c in out]

    @staticmethod
    def datatype(v: str, dt) -> str:
        if dt == RDFS.Literal:
            return f"isLiteral({v})"
        test = f"isLiteral({v}) && DATATYPE({v}) = {nt(dt)}"
        if dt in _LEXICAL:
            test += f" && REGEX(STR({v}), {_quote(_LEXICAL[dt])})"
        if dt in _CASTS:
            test += f" && isLiteral({nt(dt)}(STR({v})))"
        return f"({test})"

    def conforms(self, shape, v: str) -> str:
        """One expression: ``v`` conforms to ``shape`` (a member of sh:or / sh:xone / sh:and / sh:not)."""
        if self.objects(shape, SH.targetClass) or self.objects(shape, SH.sparql) or self.objects(shape, SH.path):
            raise UnsupportedShapes(f"{shape} (a member shape with targets, a path or SPARQL)")
        parts = self.value_conditions(shape, v)
        for prop in self.objects(shape, SH.property):
            parts.append(self.nested_property(prop, v))
        return "(" + (" && ".join(parts) or "true") + ")"

    def nested_property(self, prop, v: str) -> str:
        path = self.path(prop)
        low, high = self.one(prop, SH.minCount), self.one(prop, SH.maxCount)
        parts = []
        x = self.var()
        if low is not None and int(low) > 1 or high is not None and int(high) != 0:
            raise UnsupportedShapes(f"{prop}: in a member shape, only sh:minCount 1 and sh:maxCount 0")
        if low is not None and int(low) == 1:
            parts.append(f"EXISTS {{ {self.triple(v, path, x)} }}")
        if high is not None:
            parts.append(f"NOT EXISTS {{ {self.triple(v, path, x)} }}")
        known = {SH.path, SH.minCount, SH.maxCount} | _IGNORED
        extra = {p for p in self.g.predicates(prop) if str(p).startswith(str(SH))} - known
        if extra:
            raise UnsupportedShapes(f"{prop}: in a member shape, {sorted(extra)}")
        return "(" + (" && ".join(parts) or "true") + ")"

    # -- shapes with targets ------------------------------------------------------------
    def messages(self, node, fallback=()) -> tuple[str, ...]:
        found = tuple(sorted(str(m) for m in self.objects(node, SH.message))) or tuple(fallback)
        if not found:
            raise UnsupportedShapes(f"{node} has no sh:message")
        return found

    def severity(self, node) -> str:
        value = self.one(node, SH.severity)
        return "Violation" if value is None else str(value).rsplit("#", 1)[-1]

    def deactivated(self, node) -> None:
        if self.objects(node, SH.deactivated):
            raise UnsupportedShapes(f"sh:deactivated on {node}")

    def shape(self, shape) -> list[tuple[Check, str]]:
        self.deactivated(shape)
        target = self.last_target = self.target(shape)
        if self.objects(shape, SH.path):
            return self.property_shape(shape, target)
        out = []
        severity = self.severity(shape)
        conditions = self.value_conditions(shape, "?this")
        if conditions:
            check = Check(str(shape), None, False, self.messages(shape), severity, "focus")
            out.append((check, f"SELECT DISTINCT ?this WHERE {{ {target} FILTER (!({' && '.join(conditions)})) }}"))
        else:
            self.objects(shape, SH.message)
        for prop in self.objects(shape, SH.property):
            self.deactivated(prop)
            out.extend(self.property_shape(prop, target))
        for constraint in self.objects(shape, SH.sparql):
            out.append(self.sparql(shape, constraint, target, severity))
        return out

    def property_shape(self, prop, target: str) -> list[tuple[Check, str]]:
        path = self.path(prop)
        messages, severity = self.messages(prop), self.severity(prop)
        checks = []

        def check(value: str, query: str):
            checks.append((Check(str(prop), path[0], path[1], messages, severity, value), query))

        step = self.triple("?this", path, "?value")
        low, high = self.one(prop, SH.minCount), self.one(prop, SH.maxCount)
        low, high = (None if low is None else int(low)), (None if high is None else int(high))
        if low is not None or high is not None:  # made with the target's other counts (count_queries)
            counted = Counted(Check(str(prop), path[0], path[1], messages, severity, "none"), low, high)
            self.counts.setdefault(target, []).append((counted, path))
        unique = self.one(prop, SH.uniqueLang)
        if unique is not None and bool(unique.toPython()) is True:
            check("none", f"SELECT DISTINCT ?this WHERE {{ {{ SELECT ?this WHERE {{ {target} {step} "
                          f"FILTER (isLiteral(?value) && LANG(?value) != \"\") }} "
                          f"GROUP BY ?this (LCASE(LANG(?value)) AS ?lang) HAVING (COUNT(DISTINCT ?value) > 1) }} }}")
        conditions = self.value_conditions(prop, "?value")
        for pair, op in ((SH.lessThan, "<"), (SH.lessThanOrEquals, "<=")):
            for other in self.objects(prop, pair):
                if not isinstance(other, URIRef):
                    raise UnsupportedShapes(f"{pair} {other} (only a predicate)")
                o = self.var()
                conditions.append(f"NOT EXISTS {{ ?this <{other}> {o} FILTER (!COALESCE(?value {op} {o}, false)) }}")
        if conditions:
            check("value", f"SELECT DISTINCT ?this ?value WHERE {{ {target} {step} "
                           f"FILTER (!({' && '.join(conditions)})) }}")
        if self.objects(prop, SH.property) or self.objects(prop, SH.sparql):
            raise UnsupportedShapes(f"{prop}: sh:property or sh:sparql on a property shape")
        return checks

    def count_queries(self) -> list[tuple[tuple[Counted, ...], str]]:
        """One query per target for its count checks: the distinct values of each path, counted per focus node.

        Each count is a sub-select joined to the targets (``OPTIONAL``: no value is
        0), so a focus node's paths are not multiplied together; a row is a focus
        node that breaks one of the bounds.
        """
        out = []
        for target, counts in self.counts.items():
            parts, broken = [], []
            for i, (counted, path) in enumerate(counts):
                parts.append(f"OPTIONAL {{ SELECT ?this (COUNT(DISTINCT ?_c{i}) AS ?_n{i}) "
                             f"WHERE {{ {self.triple('?this', path, f'?_c{i}')} }} GROUP BY ?this }}")
                n = f"COALESCE(?_n{i}, 0)"
                broken += ([f"{n} < {counted.low}"] if counted.low is not None else []) + (
                    [f"{n} > {counted.high}"] if counted.high is not None else [])
            columns = " ".join(f"?_n{i}" for i in range(len(counts)))
            out.append((tuple(c for c, _ in counts),
                        f"SELECT ?this {columns} WHERE {{ {target} {' '.join(parts)} FILTER ({' || '.join(broken)}) }}"))
        return out

    def sparql(self, shape, constraint, target: str, severity: str) -> tuple[Check, str]:
        self.deactivated(constraint)
        text = self.one(constraint, SH.select)
        if text is None:
            raise UnsupportedShapes(f"{constraint}: an sh:sparql without sh:select")
        text = str(text)
        projected = _this_bound_select(text)
        # pySHACL reports the shape's messages and the constraint's; "{?var}" templates are not filled in here
        messages = tuple(sorted({str(m) for m in self.g.objects(shape, SH.message)}
                                | {str(m) for m in self.objects(constraint, SH.message)}))
        if not messages:
            raise UnsupportedShapes(f"{constraint} has no sh:message")
        if any("{?" in m or "{$" in m for m in messages):
            raise UnsupportedShapes(f"{constraint}: a message template with variables")
        value = "value" if "value" in projected else "focus"
        columns = "?this ?value" if value == "value" else "?this"
        self.reads_hierarchy = self.reads_hierarchy or _reads_any_predicate(text)
        return (Check(str(shape), None, False, messages, severity, value),
                f"SELECT DISTINCT {columns} WHERE {{ {target} {{ {text} }} }}")


def _this_bound_select(text: str) -> set[str]:
    """The projected variables of a SHACL SPARQL SELECT that the compiler can run as a join.

    ``$this`` must be projected and bound by a triple pattern of the query's main
    group (so that joining the query with the targets equals pre-binding ``$this``);
    no prologue, no other pre-bound variable, no ``?path``/``?message``/``?failure``.
    """
    from rdflib.plugins.sparql import algebra, parser

    if re.match(r"\s*(PREFIX|BASE)\b", text, re.I):
        raise UnsupportedShapes("a SPARQL constraint with PREFIX or BASE declarations")
    if re.search(r"[?$](currentShape|shapesGraph|PATH)\b", text):
        raise UnsupportedShapes("a SPARQL constraint using $currentShape, $shapesGraph or $PATH")
    try:
        query = algebra.translateQuery(parser.parseQuery(text))
    except Exception as exc:
        raise UnsupportedShapes(f"a SPARQL constraint rdflib cannot parse ({exc})") from exc
    root = query.algebra
    if root.name != "SelectQuery":
        raise UnsupportedShapes("a SPARQL constraint that is not a SELECT")
    projected = {str(v) for v in root.get("PV", ())}
    if "this" not in projected or projected & {"path", "message", "failure"}:
        raise UnsupportedShapes("a SPARQL constraint must project $this (and no ?path, ?message, ?failure)")

    def bound(node) -> bool:
        name = getattr(node, "name", None)
        if name == "BGP":
            return any(str(t) == "this" for triple in node["triples"] for t in triple)
        if name in ("Join",):
            return bound(node["p1"]) or bound(node["p2"])
        if name in ("LeftJoin", "Minus", "Filter", "Extend", "Project", "Distinct", "Reduced", "Slice",
                    "OrderBy", "ToMultiSet", "SelectQuery"):
            return bound(node["p"] if "p" in node else node["p1"])
        return False

    if not bound(root):
        raise UnsupportedShapes("a SPARQL constraint whose main group does not bind $this")
    return projected


def _reads_any_predicate(text: str) -> bool:
    """Whether a SPARQL query may read ``rdfs:subClassOf`` statements: it names the property,
    or a triple pattern has a variable or a path in the predicate position."""
    from rdflib.plugins.sparql import algebra, parser

    if str(RDFS.subClassOf) in text:
        return True

    def walk(node) -> bool:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "triples" and any(not isinstance(t[1], URIRef) for t in value):
                    return True
                if walk(value):
                    return True
        elif isinstance(node, (list, tuple)):
            return any(walk(v) for v in node)
        return False

    return walk(algebra.translateQuery(parser.parseQuery(text)).algebra)
