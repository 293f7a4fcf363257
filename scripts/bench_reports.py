"""Memory and CPU of the reports stage of ``kg run`` on an existing build folder.

Two steps, each in a fresh process so that its peak RSS is its own:

* ``to_networkx``: the build's graph read into :class:`~kg.analysis.graphs.WorkloadGraphs`;
* ``write_reports``: what ``kg run`` does after the build (the graphs, the follow-through
  section, the report, ``report.html``, ``report.md``, ``workload.csv`` and ``graph.html``),
  written into a temporary folder, or into ``--out``.

The build folder is only read. With ``--compare DIR``, the files written are compared
byte for byte with those of ``DIR`` (the same step run by another version of the code).

    python scripts/bench_reports.py BUILD [--steps to_networkx write_reports] [--out DIR] [--compare DIR] [--workers N]
"""

from __future__ import annotations

import argparse
import filecmp
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

STEPS = {
    "to_networkx": "from kg.analysis.convert import to_networkx\n"
                   "graphs = to_networkx(load_graph(build), workers=workers)\n",
    "write_reports": "from kg.analysis.convert import to_networkx\n"
                     "from kg.report import write_reports\n"
                     "from kg.report.followthrough import follow_through_section\n"
                     "graph = load_graph(build)\n"
                     "write_reports(to_networkx(graph, workers=workers), out, follow_through=follow_through_section(graph))\n",
}

RUN = """import os, sys, time
from kg.graph.store import load_graph
build, out, workers = sys.argv[1], sys.argv[2], int(sys.argv[3])
start = os.times()
{step}
end = os.times()
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
cpu = end.user - start.user + end.system - start.system
print(f"{{cpu + end.children_user - start.children_user + end.children_system - start.children_system:.1f}}"
      f" {{peak / 1024:.0f}} {{end.elapsed - start.elapsed:.1f}}")
"""


def measure(step: str, build: Path, out: Path, workers: int = 1) -> tuple[float, float, float]:
    """(CPU seconds of the step, its worker processes' included; peak RSS of its main process in MiB; wall seconds)."""
    found = subprocess.run([sys.executable, "-c", RUN.format(step=STEPS[step]), str(build), str(out), str(workers)],
                           cwd=ROOT, check=True, capture_output=True, text=True)
    cpu, peak, wall = found.stdout.split()[-3:]
    return float(cpu), float(peak), float(wall)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build", type=Path)
    parser.add_argument("--steps", nargs="+", choices=list(STEPS), default=list(STEPS))
    parser.add_argument("--out", type=Path, help="write the reports here (default: a temporary folder)")
    parser.add_argument("--compare", type=Path, help="compare the files written with those of this folder")
    parser.add_argument("--workers", type=int, default=1, help="processes reading the build's entries (kg run --workers)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        print("| step | wall s | CPU s | peak RSS MiB |\n| --- | ---: | ---: | ---: |")
        for step in args.steps:
            cpu, peak, wall = measure(step, args.build, out, args.workers)
            print(f"| {step} | {wall:.1f} | {cpu:.1f} | {peak:,.0f} |", flush=True)
        if args.compare and "write_reports" in args.steps:
            names = sorted(p.name for p in out.iterdir() if p.is_file())
            same, differ, missing = filecmp.cmpfiles(out, args.compare, names, shallow=False)
            print(f"same as {args.compare}: {', '.join(same) or 'none'}"
                  + (f"; different: {', '.join(differ + missing)}" if differ or missing else ""))
            return 1 if differ or missing else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
