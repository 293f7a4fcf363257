"""``kg run``: the whole pipeline, as ``make run`` calls it."""

from __future__ import annotations

import sys

import click

from ..output import render
from ..pipeline import run_pipeline
from . import show_progress


def _section(title: str) -> str:
    return f"\n== {title} ==\n"


@click.command("run")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--out", type=click.Path(file_okay=False), default="build", show_default=True, help="Output folder.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, help="Extraction processes.")
@click.option("--top", type=click.IntRange(min=1), default=5, show_default=True, help="Departments listed per plan.")
@click.pass_context
def command(ctx, paths, out, workers, top):
    """Build the graph of PATHS (default: corpus/), write the reports and the graph page into --out.

    \b
    Prints one row per document (tasks, assignments, units, unknown department types,
    goals, targets, projects, places), where the graph is and what it holds, and the
    top departments by weighted workload per plan and across plans.
    """
    result = run_pipeline(paths or ("corpus",), out=out, workers=workers, top=top, progress=show_progress(ctx))
    w = sys.stdout.write
    w(_section("documents"))
    w(render(result.documents, "table"))
    w(_section(f"graph in {result.build.out}"))
    w(render(result.build.summary(), "table"))
    w(_section(f"top {top} departments by weighted workload (lead 1, co-responsible 0.5)"))
    rows = []
    for plan, units in result.top.items():
        for rank, (label, weighted) in enumerate(units, start=1):
            rows.append({"plan": plan, "rank": rank, "unit": label, "weighted": weighted})
    w(render(rows, "table"))
    w(_section("files"))
    w(render([{"file": name, "path": str(path)} for name, path in result.files.items()], "table"))
    sys.exit(result.exit_code)
