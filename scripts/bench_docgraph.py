"""CPU time per plan of a build's unit of work (:func:`kg.graph.docgraph.document_graph`), stage by stage.

    .venv/bin/python scripts/bench_docgraph.py [--plans 100] [--no-reference]
    .venv/bin/python scripts/bench_docgraph.py --folder /tmp/var100 [--limit N]

Without ``--folder``, ``--plans`` plans are written by ``scripts/make_corpus.py`` (seed 0)
into a temporary folder.

Stages, in one process: extract (read + pipeline), triples (``extraction_to_triples``),
serialise (the sorted N-Quads, ``serialize.named_graph``), validate (SHACL,
``validate_named_graph``). Serialising and validating are each measured two ways in the
same run: what a build does (terms written directly;
shapes compiled to SPARQL, run by Oxigraph) and the reference (an rdflib Graph and its
N-Triples serialiser; pySHACL), and their outputs are compared: the N-Quads byte for
byte, the reports violation for violation. Figures are CPU seconds (``time.process_time``),
so other processes on a shared machine disturb them less than wall-clock time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folder", type=Path, help="plans to measure (default: --plans generated plans)")
    parser.add_argument("--plans", type=int, default=100, help="plans to generate without --folder (default 100)")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--no-reference", action="store_true", help="skip the rdflib / pySHACL reference stages")
    args = parser.parse_args(argv)
    if args.folder is not None:
        return measure(args.folder, args.limit, args.no_reference)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from make_corpus import make_corpus

    with tempfile.TemporaryDirectory(prefix="kg-bench-docgraph-") as tmp:
        make_corpus(args.plans, tmp)
        return measure(Path(tmp), args.limit, args.no_reference)


def measure(folder: Path, limit: int | None, no_reference: bool) -> int:
    """Print the CPU seconds per plan of each stage; 1 when the two ways' outputs differ."""

    from rdflib import Graph

    from kg.extract import extract_file
    from kg.graph import iris, serialize
    from kg.graph.triples import extraction_to_triples
    from kg.graph.validate import validate_graph, validate_named_graph, validate_ntriples

    files = sorted(p for p in folder.iterdir() if p.suffix in {".txt", ".html", ".docx", ".pdf", ".md"})
    files = files[:limit] if limit else files
    times: dict[str, list[float]] = {}
    mismatches = []

    def timed(stage, fn, *args):
        start = time.process_time()
        result = fn(*args)
        times.setdefault(stage, []).append(time.process_time() - start)
        return result

    def direct(stem, triples):
        return serialize.named_graph(triples, stem)

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
        report = timed("validate", validate_named_graph, nq, triples)
        if no_reference:
            continue
        graph, reference_nq = timed("serialise (rdflib Graph)", via_rdflib, stem, triples)
        reference = timed("validate (pySHACL)", lambda g: validate_graph(g, inplace=True, engine="pyshacl"), graph)
        if reference_nq != nq:
            mismatches.append(f"{path.name}: N-Quads differ")
        if reference != report:
            mismatches.append(f"{path.name}: reports differ ({len(reference.violations)} against "
                              f"{len(report.violations)} violations)")

    n = len(files)
    print(f"{n} plans from {folder}, CPU seconds per plan (mean, median)")
    for stage, values in times.items():
        print(f"  {stage:26s} {sum(values) / n:7.4f}  {statistics.median(values):7.4f}")
    build = sum(sum(times[s]) for s in ("extract", "triples", "serialise", "validate")) / n
    print(f"  {'document_graph (total)':26s} {build:7.4f}")
    for line in mismatches:
        print("MISMATCH", line)
    if not no_reference:
        print(f"outputs identical to the reference: {'yes' if not mismatches else 'no'}")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
