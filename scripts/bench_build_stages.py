"""Wall and CPU time of each stage of one ``kg build``, with peak memory: for comparing two versions
of the build on a busy machine, where CPU seconds say more than wall seconds.

Each stage function of the build modules found is wrapped: wall seconds, CPU seconds of this
process, CPU seconds of the worker processes that ended during it (``os.times`` children), and
the load average at the start. The last lines give the whole build and the peak RSS of this
process and of the largest worker (``getrusage``).

    python scripts/bench_build_stages.py CORPUS OUT [--workers 2] [--keep] [--touch N]

``--touch N`` first builds (untimed unless the folder is already built), then appends a line to
the N-th document of a copy of the corpus and times the rebuild of that one plan.
"""

from __future__ import annotations

import argparse
import importlib
import os
import resource
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STAGES = [
    ("kg.graph.build", "_prepare"), ("kg.graph.build", "_process"), ("kg.graph.build", "_ontology_entry"),
    ("kg.graph.build", "follow_through_entries"), ("kg.graph.build", "_write_files"),
    ("kg.graph.build", "_union_stats"), ("kg.graph.build", "_save_texts"), ("kg.graph.build", "sync_store"),
    ("kg.graph.build", "_graph_delta"), ("kg.graph.build", "_whole_cross_checks"),
    ("kg.graph.build", "_cross_document"),
]


def _children_cpu() -> float:
    t = os.times()
    return t.children_user + t.children_system


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--keep", action="store_true", help="keep an existing build folder (warm or rebuild)")
    ap.add_argument("--touch", type=int, default=None, help="rebuild with the N-th document changed")
    args = ap.parse_args(argv)

    from kg.graph.build import build_graph

    corpus = args.corpus
    if args.touch is not None:
        copy = args.out.with_name(args.out.name + "-corpus")
        if not copy.is_dir():
            shutil.copytree(args.corpus, copy)
        corpus = copy
        if not (args.out / "build-state.json").is_file():
            build_graph([corpus], args.out, workers=args.workers)
        doc = sorted(p for p in corpus.iterdir() if p.suffix == ".txt")[args.touch]
        with doc.open("a", encoding="utf-8") as fh:
            fh.write(f"\n（{time.time_ns()}）推进重点任务。（牵头单位：区发展改革局）\n")
    elif not args.keep and args.out.exists():
        shutil.rmtree(args.out)

    rows = []

    def wrap(module, name):
        fn = getattr(module, name)

        def timed(*a, **k):
            load = os.getloadavg()[0]
            w0, c0, k0 = time.perf_counter(), time.process_time(), _children_cpu()
            try:
                return fn(*a, **k)
            finally:
                rows.append((name, time.perf_counter() - w0, time.process_time() - c0, _children_cpu() - k0, load))
        return timed

    for modname, name in STAGES:
        module = importlib.import_module(modname)
        if hasattr(module, name):
            setattr(module, name, wrap(module, name))

    load = os.getloadavg()[0]
    w0, c0, k0 = time.perf_counter(), time.process_time(), _children_cpu()
    result = build_graph([corpus], args.out, workers=args.workers)
    wall, cpu, children = time.perf_counter() - w0, time.process_time() - c0, _children_cpu() - k0
    print(f"{'stage':28} {'wall s':>8} {'cpu s':>8} {'workers cpu s':>14} {'load':>5}")
    for name, w, c, k, lo in rows:
        print(f"{name:28} {w:8.1f} {c:8.1f} {k:14.1f} {lo:5.1f}")
    print(f"{'whole build':28} {wall:8.1f} {cpu:8.1f} {children:14.1f} {load:5.1f}")
    print(f"peak RSS MiB: main {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}, "
          f"largest worker {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f}")
    print(f"documents {len(result.documents)}, extracted {len(result.extracted)}, triples {result.triples}, "
          f"counts {result.counts}, conforms {result.conforms}, work {result.work}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
