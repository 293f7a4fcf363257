"""SHACL shapes compiled to SPARQL and run by Oxigraph: the fast engine of :mod:`kg.graph.validate`.

:func:`compile_shapes` reads a shapes graph (``ontology/shapes.ttl``) and turns each
shape into SPARQL SELECTs of its results (``?this``, the focus node, and ``?value``),
one query per check (the ``sh:minCount`` / ``sh:maxCount`` checks of one target: one
query), that :mod:`kg.graph.shacl_oxigraph` runs over a graph. The
shapes stay data: the compiler knows the SHACL constructs below and refuses
(:class:`UnsupportedShapes`) a shapes graph using any other, so that the caller
validates with pySHACL instead, which stays the reference the tests compare with.

Supported: targets ``sh:targetClass`` (with ``rdfs:subClassOf``), ``sh:targetNode``,
``sh:targetSubjectsOf``, ``sh:targetObjectsOf``; property shapes with a predicate
path or an ``sh:inversePath``; ``sh:minCount``, ``sh:maxCount``, ``sh:class``,
``sh:datatype``, ``sh:in``, ``sh:nodeKind``, ``sh:pattern`` (``sh:flags``),
``sh:minInclusive`` and the other range bounds, ``sh:minLength``, ``sh:maxLength``,
``sh:uniqueLang``, ``sh:lessThan``, ``sh:lessThanOrEquals``, ``sh:or``, ``sh:xone``,
``sh:and``, ``sh:not`` (their member shapes holding value constraints, or property
shapes with ``sh:minCount 1`` / ``sh:maxCount 0``), SPARQL-based constraints
(``sh:sparql`` with ``sh:select``, ``$this`` bound by the query's own patterns) and
``sh:severity``. Every shape reporting results needs an ``sh:message`` (pySHACL's
generated messages are not reproduced).

Results are reported per (focus, path, value, message): the pairs of constraint
components that pySHACL reports separately for the same value collapse into one
violation there too (:func:`kg.graph.validate.validate_graph` de-duplicates them).
"""

from __future__ import annotations

import itertools
import logging
import re
from dataclasses import dataclass
from functools import lru_cache

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD

log = logging.getLogger("kg.graph.shacl_sparql")


class UnsupportedShapes(ValueError):
    """A shapes graph uses a construct the SPARQL compiler does not handle."""


@dataclass(frozen=True)
class Check:
    """What one part of the compiled query reports: shape, path, messages, severity, value kind."""

    shape: str
    predicate: str | None
    inverse: bool
    messages: tuple[str, ...]
    severity: str
    value: str  # "value": the ?value column; "focus": the focus node itself; "none"


@dataclass(frozen=True)
class Counted:
    """A ``sh:minCount`` / ``sh:maxCount`` check, one of those a count query reports together."""

    check: Check
    low: int | None
    high: int | None

    def broken(self, n: int) -> bool:
        """Whether ``n`` distinct values break the bounds."""
        return (self.low is not None and n < self.low) or (self.high is not None and n > self.high)


@dataclass(frozen=True)
class CompiledShapes:
    reports: tuple[Check | tuple[Counted, ...], ...]
    """What each query's rows report: one check (a row per result), or the count checks of one target
    (a row per focus node breaking one of them, with its number of values of each as ``?_n0``, ``?_n1`` ...)."""
    queries: tuple[str, ...]
    """One SELECT per check, except the count checks: one SELECT per target (Oxigraph plans many small
    queries faster than their union; each count needs a look-up per focus node, so they are made together)."""
    closed_queries: tuple[str, ...] = ()
    """The same with each ``rdf:type/rdfs:subClassOf*`` path replaced by the ontology's subclasses of its
    class: what a graph without ``rdfs:subClassOf`` statements of its own is checked with."""
    classes: tuple[frozenset[str] | None, ...] = ()
    """Per closed query, when its targets are instances of some classes: those and the ontology's
    subclasses of them (a graph with an instance of none gives no result, so the query is not run)."""

    @property
    def checks(self) -> tuple[Check, ...]:
        """Every check, in the order of the queries."""
        return tuple(c for r in self.reports for c in ((r,) if isinstance(r, Check) else (x.check for x in r)))


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


class _Compiler:
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


def compile_shapes(shapes: Graph, hierarchy: Graph | None = None) -> CompiledShapes:
    """Every shape with a target, as SPARQL queries and the checks their rows belong to.

    ``hierarchy``: the ``rdfs:subClassOf`` statements mixed into the data (default:
    the ontology's, :func:`kg.graph.validate.class_hierarchy`). Raises
    :class:`UnsupportedShapes` naming the first construct it cannot compile.
    """
    if hierarchy is None:
        from .validate import class_hierarchy

        hierarchy = class_hierarchy()
    c = _Compiler(shapes)
    for s in set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape)):
        if (s, RDF.type, RDFS.Class) in shapes:
            raise UnsupportedShapes(f"{s} is also a class (implicit class target)")
    targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
    roots = sorted({s for t in targets for s in shapes.subjects(t, None)})
    parts: list[tuple[Check | tuple[Counted, ...], str]] = []
    targets: list[str] = []
    for root in roots:
        made = c.shape(root)
        parts.extend(made)
        targets += [c.last_target] * len(made)
    counts = c.count_queries()
    parts.extend(counts)
    targets += list(c.counts)
    left = c.leftovers()
    if left:
        raise UnsupportedShapes(", ".join(left[:5]))
    queries = tuple(query for _, query in parts)
    if c.reads_hierarchy:
        return CompiledShapes(tuple(report for report, _ in parts), queries)
    closed = tuple(_closed(q, hierarchy) for q in queries)

    def instances_of(target: str) -> frozenset[str] | None:
        classes = c.target_classes.get(target)
        if classes is None:
            return None
        return frozenset(str(k) for cls in classes for k in (cls, *hierarchy.transitive_subjects(RDFS.subClassOf, cls)))

    return CompiledShapes(tuple(report for report, _ in parts), queries, closed, tuple(map(instances_of, targets)))


_INSTANCE = re.compile(r"(\?\w+) <" + re.escape(str(RDF.type)) + ">/<" + re.escape(str(RDFS.subClassOf))
                       + r">\* <([^>]+)>")


_CLASS_TARGET = re.compile(r"\{ SELECT DISTINCT \?this WHERE \{ \{ \?this <" + re.escape(str(RDF.type)) + ">/<"
                           + re.escape(str(RDFS.subClassOf)) + r">\* <([^>]+)> \} \} \}")
"""The targets of a shape with one ``sh:targetClass`` (:meth:`_Compiler.target`)."""


def _closed(query: str, hierarchy: Graph) -> str:
    """``query`` with ``?x rdf:type/rdfs:subClassOf* <C>`` as ``VALUES ?c { C and its subclasses } ?x rdf:type ?c``.

    The targets of a class without subclasses are its instances, ``?this rdf:type <C>``:
    the sub-select that keeps each once is left out (a graph holds a triple once; the
    queries' results are distinct, their counts count distinct values).
    """
    names = itertools.count()

    def instances(match) -> str:
        cls = URIRef(match.group(1))
        if any(True for _ in hierarchy.subjects(RDFS.subClassOf, cls)):
            return match.group(0)
        return f"?this <{RDF.type}> <{cls}> ."

    def expand(match) -> str:
        cls = URIRef(match.group(2))
        classes = sorted({cls, *hierarchy.transitive_subjects(RDFS.subClassOf, cls)})
        c = f"?_class{next(names)}"
        return f"VALUES {c} {{ {' '.join(f'<{k}>' for k in classes)} }} {match.group(1)} <{RDF.type}> {c}"

    return _INSTANCE.sub(expand, _CLASS_TARGET.sub(instances, query))


@lru_cache(maxsize=8)
def _compiled(shapes: Graph) -> CompiledShapes | None:
    try:
        return compile_shapes(shapes)
    except UnsupportedShapes as exc:
        log.warning("SHACL shapes not compiled to SPARQL (%s): validating with pySHACL", exc)
        return None


def compiled_shapes(shapes: Graph) -> CompiledShapes | None:
    """:func:`compile_shapes`, once per shapes graph; None (and a log line) when it cannot."""
    return _compiled(shapes)
