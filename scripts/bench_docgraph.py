"""CPU time per plan of a build's unit of work (:func:`kg.graph.docgraph.document_graph`), stage by stage.

    .venv/bin/python scripts/make_corpus.py 100 /tmp/var100
    .venv/bin/python scripts/bench_docgraph.py /tmp/var100 [--limit N] [--no-reference]

Stages, in one process: extract (read + pipeline), triples (``extraction_to_triples``),
serialise (sorted N-Triples and N-Quads), validate (SHACL). Serialising and validating
are each measured two ways in the same run: what a build does (terms written directly;
shapes compiled to SPARQL, run by Oxigraph) and the reference (an rdflib Graph and its
N-Triples serialiser; pySHACL), and their outputs are compared: the N-Quads byte for
byte, the reports violation for violation. Figures are CPU seconds (``time.process_time``),
so other processes on a shared machine disturb them less than wall-clock time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--no-reference", action="store_true", help="skip the rdflib / pySHACL reference stages")
    args = parser.parse_args(argv)

    from rdflib import Graph

    from kg.extract import extract_file
    from kg.graph import iris, serialize
    from kg.graph.triples import extraction_to_triples
    from kg.graph.validate import validate_graph, validate_ntriples

    files = sorted(p for p in args.folder.iterdir() if p.suffix in {".txt", ".html", ".docx", ".pdf", ".md"})
    files = files[: args.limit] if args.limit else files
    times: dict[str, list[float]] = {}
    mismatches = []

    def timed(stage, fn, *args):
        start = time.process_time()
        result = fn(*args)
        times.setdefault(stage, []).append(time.process_time() - start)
        return result

    def direct(stem, triples):
        return serialize.nquads({stem: serialize.ntriples(triples)}).encode("utf-8")

    def via_rdflib(stem, triples):
        graph = Graph()
        graph.addN((s, p, o, graph) for s, p, o in triples)
        nt = serialize.sort_lines(graph.serialize(format="nt", encoding="utf-8").decode("utf-8"))
        return graph, serialize.nquads({stem: nt}).encode("utf-8")

    validate_ntriples("")  # compile the shapes once, outside the figures
    for path in files:
        extraction = timed("extract", extract_file, path)
        triples = timed("triples", lambda ex: list(extraction_to_triples(ex)), extraction)
        stem = str(iris.graph_iri(iris.doc_stem(path.name)))
        nq = timed("serialise", direct, stem, triples)
        text = serialize.nquads_to_ntriples(nq.decode("utf-8"))
        report = timed("validate", validate_ntriples, text, triples)
        if args.no_reference:
            continue
        graph, reference_nq = timed("serialise (rdflib Graph)", via_rdflib, stem, triples)
        reference = timed("validate (pySHACL)", lambda g: validate_graph(g, inplace=True, engine="pyshacl"), graph)
        if reference_nq != nq:
            mismatches.append(f"{path.name}: N-Quads differ")
        if reference != report:
            mismatches.append(f"{path.name}: reports differ ({len(reference.violations)} against "
                              f"{len(report.violations)} violations)")

    n = len(files)
    print(f"{n} plans from {args.folder}, CPU seconds per plan (mean, median)")
    for stage, values in times.items():
        print(f"  {stage:26s} {sum(values) / n:7.4f}  {statistics.median(values):7.4f}")
    build = sum(sum(times[s]) for s in ("extract", "triples", "serialise", "validate")) / n
    print(f"  {'document_graph (total)':26s} {build:7.4f}")
    for line in mismatches:
        print("MISMATCH", line)
    if not args.no_reference:
        print(f"outputs identical to the reference: {'yes' if not mismatches else 'no'}")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
