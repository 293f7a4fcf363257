"""Build benchmarks on the varied corpus: time and peak memory per stage, rebuilds, named queries.

For each size (100 and 1,000 plans; 10,000 with ``--large``) a corpus is written by
``scripts/make_corpus.py`` (plans re-issued by other counties, department names
varied), then built as ``kg run`` does (:func:`kg.pipeline.run_pipeline`: the build,
then the workload reports and the graph page):

* cold: every stage of the build timed, then what follows it, with the peak RSS of
  this process during the stage
  (``/proc/self/clear_refs`` resets the peak between stages) and, when extraction
  runs in worker processes, the largest worker's peak;
* warm: everything from the cache (no extraction, no file written, no graph loaded);
* one plan changed: that plan extracted again and its named graph replaced in the store;
* the named queries on the largest store, each in its own process (cold open included).

Results go to stdout and into ``docs/benchmarks.md`` between the ``bench_graph`` markers.

    python scripts/bench_graph.py [--sizes 100 1000] [--large] [--workers 2] [--seed 0] [--no-write]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from make_corpus import make_corpus  # noqa: E402

import kg.graph.build as build  # noqa: E402
from kg.output import render, replace_section  # noqa: E402
from kg.sparql import list_queries  # noqa: E402

DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- bench_graph:start -->", "<!-- bench_graph:end -->"

STAGES = {
    "_prepare": "read documents, keys, cache look-up",
    "_process": "extract, convert, SHACL per document (and, in the main process meanwhile: store load, texts, counts)",
    "_ontology_entry": "ontology graph",
    "follow_through_entries": "follow-through links (from the cached figure properties)",
    "_write_files": "graph.nq (merge), graph.ttl, graph.trig (when asked: --files)",
    "_union_stats": "union counts, and the nodes the cross-document checks ask about (from each document's cached summary)",
    "_save_texts": "texts/ (those not written as entries came back)",
    "sync_store": "load the Oxigraph store (what was not loaded during extraction) and switch it in",
    "_graph_delta": "what the changed graphs alone hold (counts, touched nodes)",
    "_whole_cross_checks": "cross-document checks (SPARQL over the store, on the nodes given too many values)",
    "_cross_document": "cross-document checks over the touched nodes (SPARQL)",
}
"""Functions of :mod:`kg.graph.build` timed as stages, in build order."""

SAMPLE_PARAMS = {
    "unit-responsibilities": {"unit": "发改"},
    "who-is-responsible": {"item": "项目"},
    "units-by-tasks-led": {"plan": "00003"},
    "units-by-tasks-shared": {"plan": "00003"},
    "tasks-without-lead": {"plan": "00004"},
    "targets-by-unit": {"unit": "发改"},
}


def _status(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith(field + ":"))


def _reset_peak() -> None:
    with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
        fh.write("5")


class StageMeter:
    """Wraps the stage functions of :mod:`kg.graph.build`: seconds and peak RSS (MiB) of each call."""

    def __init__(self):
        self.rows: list[dict] = []
        self._saved = {}

    def __enter__(self):
        for name, label in STAGES.items():
            original = getattr(build, name)
            self._saved[name] = original
            setattr(build, name, self._wrap(original, label))
        return self

    def __exit__(self, *exc):
        for name, original in self._saved.items():
            setattr(build, name, original)

    def _wrap(self, fn, label):
        def timed(*args, **kwargs):
            _reset_peak()
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.rows.append({"stage": label, "seconds": time.perf_counter() - start,
                                  "peak RSS MiB": _status("VmHWM") / 1024})
        return timed


RUN_STAGE = "reports and graph page (what kg run does after the build)"


def cold_run(corpus: Path, out: Path, workers: int) -> tuple[list[dict], float, build.BuildResult]:
    """What ``kg run`` does (:func:`kg.pipeline.run_pipeline`) into a new folder: the build's stages, then the rest.

    The rows are the build's stages, then one row for what follows the build (reading the
    store for the reports, the reports, the graph page), with its peak RSS.
    """
    from kg.pipeline import run_pipeline

    children_before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    ends = []
    original = build.build_graph

    def timed_build(*args, **kwargs):
        try:
            return original(*args, **kwargs)
        finally:
            ends.append(time.perf_counter())
            _reset_peak()

    build.build_graph = timed_build
    try:
        with StageMeter() as meter:
            start = time.perf_counter()
            result = run_pipeline([corpus], out=out, workers=workers).build
            total = time.perf_counter() - start
    finally:
        build.build_graph = original
    rows = meter.rows
    rows.append({"stage": "whole build", "seconds": ends[0] - start,
                 "peak RSS MiB": max(r["peak RSS MiB"] for r in rows)})
    rows.append({"stage": RUN_STAGE, "seconds": start + total - ends[0], "peak RSS MiB": _status("VmHWM") / 1024})
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if workers > 1 and children > children_before:
        for row in rows:
            if row["stage"] == STAGES["_process"]:
                row["worker peak RSS MiB"] = children / 1024
    return rows, total, result


def change_one_plan(corpus: Path) -> Path:
    path = sorted(corpus.glob("*.txt"))[len(list(corpus.glob("*.txt"))) // 2]
    path.write_text(path.read_text(encoding="utf-8") + "\n1.新增任务。推进数字化改造。(牵头单位:县发改局)\n",
                    encoding="utf-8")
    return path


def query_latencies(out: Path, timeout: float) -> list[dict]:
    """Each named query in a fresh process on the built store (opening it included), ms and rows."""
    from kg.graph import iris

    first = sorted((out / "cache").glob("*.nq"))[0]
    prefix = f"<{iris.plan_iri(first.stem)}/task/"
    with first.open(encoding="utf-8") as fh:  # a task of the first plan, for the provenance query
        task = next(line.split()[0][1:-1] for line in fh if line.startswith(prefix))
    samples = dict(SAMPLE_PARAMS, provenance={"fact": task})
    rows = []
    for named in list_queries():
        params = samples.get(named.name, {})
        code = (f"import sys, time; sys.path.insert(0, {str(ROOT)!r}); from kg.sparql import query; "
                f"t = time.perf_counter(); r = query({named.name!r}, graph={str(out)!r}, params={params!r}); "
                "print(time.perf_counter() - t, len(r))")
        try:
            proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout)
            seconds, count = proc.stdout.split()
            rows.append({"query": named.name, "ms": f"{float(seconds) * 1000:,.0f}", "rows": int(count)})
        except subprocess.TimeoutExpired:
            rows.append({"query": named.name, "ms": f"> {timeout:g} s (stopped)", "rows": ""})
        except ValueError:
            rows.append({"query": named.name, "ms": f"failed: {proc.stderr.strip().splitlines()[-1:]}", "rows": ""})
        print(f"  {rows[-1]}", flush=True)
    return rows


def command_costs(out: Path, tmp: Path, timeout: float) -> list[dict]:
    """``kg report workload`` and ``kg viz`` on the build folder ``out``, each a new process: wall, CPU, peak RSS, size."""
    rows = []
    for name, args, made in [
        ("kg report workload", ["report", "workload", "--graph", str(out), "--out", str(tmp / "report.html")],
         tmp / "report.html"),
        ("kg viz", ["viz", "--graph", str(out), "--out", str(tmp / "graph.html")], tmp / "graph.html"),
    ]:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        try:
            proc = subprocess.run([sys.executable, "-m", "kg", "-q", *args], capture_output=True, text=True,
                                  timeout=timeout, cwd=ROOT)
        except subprocess.TimeoutExpired:
            rows.append({"command": name, "wall s": f"> {timeout:g} (stopped)", "CPU s": "", "peak RSS MiB": "",
                         "output MB": ""})
            continue
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        ok = proc.returncode == 0 and made.is_file()
        rows.append({"command": name, "wall s": f"{wall:.1f}", "CPU s": f"{cpu:.1f}",
                     "peak RSS MiB": f"{after.ru_maxrss / 1024:.0f}",
                     "output MB": f"{made.stat().st_size / 1e6:.1f}" if ok
                     else f"exit {proc.returncode}: {proc.stderr.strip().splitlines()[-1:]}",
                     "drawn in Chromium s": draw_seconds(made) if ok and name == "kg viz" else ""})
        print(f"  {rows[-1]}", flush=True)
    return rows


def draw_seconds(page: Path) -> str:
    """Seconds from opening ``page`` in headless Chromium until its network is drawn (nodes in, ink on the canvas)."""
    try:
        from playwright.sync_api import sync_playwright

        from tests.fixtures.browser import CHROMIUM, LAUNCH_ARGS, wait_for_drawing
    except ImportError as exc:  # the test extras are not installed
        return f"not measured ({exc})"
    if not CHROMIUM.is_file():
        return f"not measured ({CHROMIUM} missing: make browser)"
    with tempfile.TemporaryDirectory(prefix="kg-chromium-") as profile, sync_playwright() as p:
        context = p.chromium.launch_persistent_context(profile, executable_path=str(CHROMIUM), headless=True,
                                                       args=LAUNCH_ARGS, viewport={"width": 1280, "height": 900})
        try:
            tab = context.new_page()
            start = time.perf_counter()
            tab.goto(page.resolve().as_uri(), wait_until="load")
            wait_for_drawing(tab, timeout=60_000)
            return f"{time.perf_counter() - start:.1f}"
        finally:
            context.close()


def environment() -> str:
    import pyoxigraph
    import pyshacl
    import rdflib

    return (f"{platform.machine()}, {os.cpu_count()} CPU, Python {platform.python_version()}, "
            f"rdflib {rdflib.__version__}, pyoxigraph {pyoxigraph.__version__}, pySHACL {pyshacl.__version__}")


def _du(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def measure_size(n: int, tmp: Path, args) -> tuple[list[str], Path, float]:
    corpus, out = tmp / f"corpus-{n}", tmp / f"build-{n}"
    make_corpus(n, corpus, seed=args.seed)
    chars = sum(len(p.read_text(encoding="utf-8")) for p in corpus.glob("*.txt"))
    print(f"{n} plans: cold kg run ...", flush=True)
    stages, cold, result = cold_run(corpus, out, args.workers)
    print(f"  {cold:.1f} s", flush=True)
    warm_start = time.perf_counter()
    warm = build.build_graph([corpus], out=out, workers=args.workers)
    warm_s = time.perf_counter() - warm_start
    changed_path = change_one_plan(corpus)
    with StageMeter() as one_meter:
        one_start = time.perf_counter()
        one = build.build_graph([corpus], out=out, workers=args.workers)
        one_s = time.perf_counter() - one_start
    assert one.extracted == (changed_path.stem,), one.extracted
    table = [{"stage": r["stage"], "seconds": f"{r['seconds']:.1f}", "peak RSS MiB": f"{r['peak RSS MiB']:.0f}",
              "worker peak RSS MiB": f"{r['worker peak RSS MiB']:.0f}" if "worker peak RSS MiB" in r else ""}
             for r in stages]
    table.append({"stage": "whole cold kg run", "seconds": f"{cold:.1f}",
                  "peak RSS MiB": f"{max(r['peak RSS MiB'] for r in stages):.0f}", "worker peak RSS MiB": ""})
    rebuilds = [
        {"rebuild": "warm: nothing changed", "seconds": f"{warm_s:.1f}", **_work(warm)},
        {"rebuild": "one plan changed", "seconds": f"{one_s:.1f}", **_work(one)},
    ]
    lines = [
        f"### {n:,} plans ({chars:,} characters, {result.triples:,} triples, {result.units:,} units, "
        f"{result.tasks:,} tasks; conforms: {str(result.conforms).lower()}; files {_du(out) - _du(out / 'cache') - _du(out / 'store'):.0f} MiB, "
        f"store {_du(out / 'store'):.0f} MiB, cache {_du(out / 'cache'):.0f} MiB)",
        "",
        render(table, "md"),
        "",
        render(rebuilds, "md"),
        "",
        "One plan changed, by stage:",
        "",
        render(_stage_table(one_meter.rows), "md"),
    ]
    print("\n".join(lines), flush=True)
    return lines, out, cold


def _work(result) -> dict:
    return {"extracted": result.work["extracted"], "validated": result.work["validated"],
            "files written": result.work["files_written"], "graphs loaded": result.work["graphs_loaded"]}


def _stage_table(rows: list[dict]) -> list[dict]:
    """Stage rows summed by stage (a stage may run several times), in the order first seen."""
    totals: dict[str, dict] = {}
    for row in rows:
        seen = totals.setdefault(row["stage"], {"stage": row["stage"], "seconds": 0.0, "peak RSS MiB": 0.0})
        seen["seconds"] += row["seconds"]
        seen["peak RSS MiB"] = max(seen["peak RSS MiB"], row["peak RSS MiB"])
    return [{"stage": r["stage"], "seconds": f"{r['seconds']:.1f}", "peak RSS MiB": f"{r['peak RSS MiB']:.0f}"}
            for r in totals.values()]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000], help="corpus sizes (plans)")
    parser.add_argument("--large", action="store_true", help="also 10,000 plans")
    parser.add_argument("--workers", type=int, default=2, help="extraction processes (default 2)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated corpus")
    parser.add_argument("--timeout", type=float, default=120, help="seconds before a query process is stopped")
    parser.add_argument("--no-queries", action="store_true", help="skip the named-query timings")
    parser.add_argument("--no-write", action="store_true", help="print only, leave docs/benchmarks.md alone")
    parser.add_argument("--on", type=Path, default=None, metavar="BUILD",
                        help="build nothing: time the named queries, kg report workload and kg viz on this build folder")
    parser.add_argument("--note", default="", help="a line about the conditions of the run, written with the figures")
    args = parser.parse_args(argv)
    sizes = sorted(set(args.sizes + ([10_000] if args.large else [])))
    if args.on is not None:
        return measure_existing(args.on, args.timeout)

    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-graph-"))
    try:
        body = [f"Machine: {environment()}; `--workers {args.workers}`.", ""]
        if args.note:
            body += [args.note, ""]
        out = None
        runs = {}
        for n in sizes:
            lines, out, runs[n] = measure_size(n, tmp, args)
            body += lines + [""]
        for small, large in zip(sizes, sizes[1:], strict=False):
            body += [f"A cold `kg run` of {large:,} plans took {runs[large] / runs[small]:.1f} times as long as one of "
                     f"{small:,} ({large // small} times the plans).", ""]
        if out is not None and not args.no_queries:
            print("named queries ...", flush=True)
            body += [f"Named queries on the {sizes[-1]:,}-plan store, each in a new process (opening the store "
                     "included; the first page, at most 1,000 rows, as `kg query` gives by default), ms:", "",
                     render(query_latencies(out, args.timeout), "md"), ""]
            print("kg report workload, kg viz ...", flush=True)
            body += [f"`kg report workload` and `kg viz` on the {sizes[-1]:,}-plan build, each in a new process:", "",
                     render(command_costs(out, tmp, args.timeout), "md")]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    text = "\n".join(body)
    print(text)
    if not args.no_write:
        replace_section(DOC, START, END, f"{START}\n{INTRO}\n{text}\n{END}", header="# Benchmarks\n")
    return 0


def measure_existing(out: Path, timeout: float) -> int:
    """``--on BUILD``: the named queries, the report and the page on a build folder already made (printed only)."""
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-on-"))
    try:
        print(f"{out}: kg report workload, kg viz ...", flush=True)
        costs = command_costs(out, tmp, timeout)
        print("named queries ...", flush=True)
        queries = query_latencies(out, timeout)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(render(costs, "md"))
    print()
    print(render(queries, "md"))
    return 0


INTRO = """## Graph build

`python scripts/bench_graph.py` (also `make bench`; `--large` adds 10,000 plans). The corpus is
written by `scripts/make_corpus.py` (seed 0): the corpus plans re-issued by counties drawn from the
GB/T 2260 table, with department names varied among their usual forms, so units number in the
thousands. Stages are the steps of `kg.graph.build.build_graph`; each row gives its wall time and
the peak resident memory of the building process during the stage (extraction runs in worker
processes: their largest peak is given apart). The build streams: each document's N-Quads and
SHACL report are made once (`kg.graph.docgraph.document_graph`) and cached by content hash; while
the workers extract, the main process bulk-loads each entry into a fresh store and writes its text,
counts summary and follow-through properties; the cross-document checks are SPARQL over the store,
asked only about the shared nodes found given too many values as the union's triples are counted; the whole-corpus files
(`graph.nq`, `graph.ttl`, `graph.trig`) are written by pyoxigraph from the cached entries for up
to 200 documents, and above that only on request (`--files`). Rebuilds: with nothing changed no
document is extracted, no file written and no graph loaded; with one plan changed, that plan is
extracted again, its named graph replaced in the store in place, the counts and the
cross-document checks computed from its old and new graphs alone.
"""


if __name__ == "__main__":
    sys.exit(main())
