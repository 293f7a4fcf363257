"""Counts of the union graph (distinct triples, instances per class) from per-document summaries.

The union's distinct triples are not found by merging every graph's N-Quads: a triple
whose subject was minted under a plan's IRI (:data:`~kg.graph.validate_cross.DOCUMENT_SCOPED`:
its sections, tasks, targets, spans ...) is in that plan's graph alone, so such triples
are counted per document, with a byte search over the document's sorted entry (they
are a few contiguous runs of lines). Only the other triples (units, places, the
ontology, the follow-through links ...) go through a set of digests. A document's
summary (:func:`summary`) is made as its entry is written and cached beside it.

>>> g = "<https://w3id.org/kg-policy/id/graph/a>"
>>> t = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
>>> entry = (f"# kg-cache k\\n<https://w3id.org/kg-policy/id/plan/a> {t} <urn:C> {g} .\\n"
...          f"<https://w3id.org/kg-policy/id/plan/a/task/1> {t} <urn:C> {g} .\\n"
...          f"<urn:unit> {t} <urn:C> {g} .\\n").encode()
>>> s = summary(entry, "a", ["urn:C"])
>>> s.own, s.own_instances, s.shared
(2, {'urn:C': 2}, [b'<urn:unit> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <urn:C>'])
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from ..namespaces import KGR
from . import cache
from .validate_cross import DOCUMENT_SCOPED

RDF_TYPE = b" <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <"
PLAN_PREFIX = f"<{KGR}plan/".encode()
SCOPED = f"<{DOCUMENT_SCOPED}".encode()
COUNTS_ENTRY = "derived/counts-1/"
"""Where a document's summary is cached, under its entry's key (this module is not part of the
code fingerprint: the number changes with the summary's format)."""


@dataclass
class Summary:
    """One graph's part of the union counts: its own triples (subjects minted under its plan) and
    their instances per class, and its other triples (text, without the graph)."""

    own: int = 0
    own_instances: dict[str, int] = field(default_factory=dict)
    shared: list[bytes] = field(default_factory=list)

    def to_bytes(self) -> bytes:
        head = json.dumps({"own": self.own, "instances": self.own_instances}, sort_keys=True).encode()
        return head + b"\n" + b"".join(t + b"\n" for t in self.shared)

    @classmethod
    def from_bytes(cls, data: bytes) -> Summary:
        head, _, rest = data.partition(b"\n")
        meta = json.loads(head)
        return cls(own=meta["own"], own_instances=meta["instances"], shared=rest.split(b"\n")[:-1])


def _triple(line: bytes) -> bytes:
    """The triple of an N-Quads line (without its graph and final dot)."""
    return line[:-2].rsplit(b" ", 1)[0]


def _runs(data: bytes, stem: str | None) -> list[tuple[int, int]] | None:
    """The runs ``[start, end)`` of lines whose subject was minted under the plan ``stem``; None if
    they are not contiguous (an entry not sorted)."""
    if stem is None:
        return []
    runs = []
    base = PLAN_PREFIX + quote(stem, safe="").encode()
    for tail in (b"#", b"/", b"> "):
        needle = b"\n" + base + tail
        first = data.find(needle)
        if first < 0:
            continue
        last = data.rfind(needle)
        end = data.find(b"\n", last + 1)
        end = len(data) if end < 0 else end + 1
        start = first + 1
        if data.count(b"\n", start, end) != data.count(needle, first, end):
            return None
        runs.append((start, end))
    return sorted(runs)


def summary(entry: bytes, stem: str | None, classes: Iterable[str]) -> Summary:
    """The :class:`Summary` of a cache entry (its key line first) of the document ``stem``
    (None for a graph of no document: every triple is shared). ``classes``: the counted classes."""
    if not entry.startswith(b"\n"):
        entry = b"\n" + entry
    runs = _runs(entry, stem)
    result = Summary()
    if runs is None:  # not contiguous: line by line
        base = PLAN_PREFIX + quote(stem, safe="").encode()
        own_lines, rest = [], []
        for line in entry.split(b"\n"):
            if line.startswith(base) and line[len(base):len(base) + 1] in (b"#", b"/", b">"):
                own_lines.append(line)
            elif line and not line.startswith(b"#"):
                rest.append(line)
        own_text = b"".join(b"\n" + line + b"\n" for line in own_lines)
        result.own = len(own_lines)
    else:
        own_text = b"".join(entry[a:b] for a, b in runs)
        result.own = own_text.count(b"\n")
        rest, at = [], 0
        for a, b in [*runs, (len(entry), len(entry))]:
            rest += [line for line in entry[at:a].split(b"\n") if line and not line.startswith(b"#")]
            at = b
    for cls in classes:
        n = own_text.count(RDF_TYPE + cls.encode() + b"> <")
        if n:
            result.own_instances[cls] = n
    result.shared = [_triple(line) for line in rest]
    return result


def save_summary(cache_dir: str | Path, stem: str, key: str, entry: bytes, classes: Iterable[str]) -> Summary:
    """The summary of a document's entry just written (``entry``: its body), cached."""
    result = summary(entry, stem, classes)
    cache.write_entry(cache_dir, COUNTS_ENTRY + stem, key, result.to_bytes())
    return result


def _summary_of(cache_dir: Path, path: Path, key: str, stem: str | None, classes) -> Summary:
    if stem is not None:
        data = cache.read_entry(cache_dir, COUNTS_ENTRY + stem, key)
        if data is not None:
            return Summary.from_bytes(data)
    data = Path(path).read_bytes()
    data = data.partition(b"\n")[2] if data.startswith(cache.HEADER.encode()) else data
    if stem is None:
        return summary(data, None, classes)
    return save_summary(cache_dir, stem, key, data, classes)


@dataclass
class CorpusStats:
    """Distinct triples of the union, instances per counted class, and the classes (any) with an
    instance whose IRI was not minted under a plan's (a node several documents may describe)."""

    triples: int = 0
    instances: Counter = field(default_factory=Counter)
    shared_classes: set[str] = field(default_factory=set)


def _owner(triple: bytes) -> str | None:
    """The stem of the plan under whose IRI the subject of ``triple`` was minted, if any."""
    if not triple.startswith(PLAN_PREFIX):
        return None
    rest = triple[len(PLAN_PREFIX):]
    cut = min((i for i in (rest.find(b"/"), rest.find(b"#"), rest.find(b">")) if i >= 0), default=-1)
    if cut < 0:
        return None
    from urllib.parse import unquote

    return unquote(rest[:cut].decode("utf-8"))


def corpus_stats(cache_dir: str | Path, entries: list[tuple[str, Path, str]], stems: dict[str, str],
                 classes: Iterable[str], on_triple=None) -> CorpusStats:
    """The union counts of ``entries`` (``(graph IRI, N-Quads file, key)``); ``stems`` maps the
    graph IRI of each document to its stem (other graphs share every triple).

    ``on_triple(triple)`` is called with each distinct triple whose subject was not minted
    under a plan's IRI (the others are counted, not read).
    """
    classes = list(classes)
    wanted = {cls.encode(): cls for cls in classes}
    cache_dir = Path(cache_dir)
    stats = CorpusStats()
    seen: set[bytes] = set()
    waiting: dict[str, list[bytes]] = {}
    owned = {stem: name for name, stem in stems.items()}

    def add(triple: bytes) -> None:
        digest = hashlib.blake2b(triple, digest_size=16).digest()
        if digest in seen:
            return
        seen.add(digest)
        stats.triples += 1
        if on_triple is not None and not triple.startswith(SCOPED):
            on_triple(triple)
        at = triple.find(RDF_TYPE)
        if at > 0:
            cls = wanted.get(triple[at + len(RDF_TYPE):-1])
            if cls is not None:
                stats.instances[cls] += 1
            if triple.startswith(b"<") and not triple.startswith(SCOPED):
                stats.shared_classes.add(triple[at + len(RDF_TYPE):-1].decode("utf-8"))

    paths = {name: path for name, path, _ in entries}
    for name, path, key in entries:
        result = _summary_of(cache_dir, path, key, stems.get(name), classes)
        stats.triples += result.own
        stats.instances.update(result.own_instances)
        for triple in result.shared:
            owner = _owner(triple)
            if owner is not None and owner in owned:
                waiting.setdefault(owner, []).append(triple)  # counted already, if its plan's graph has it
            else:
                add(triple)
    for owner, triples in waiting.items():
        graph = owned[owner]
        data = Path(paths[graph]).read_bytes()
        for triple in triples:
            if b"\n" + triple + b" <" + graph.encode() + b"> .\n" not in data:
                add(triple)
    return stats
