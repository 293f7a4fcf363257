"""``kg run``: the whole pipeline, as ``make run`` calls it."""

from __future__ import annotations

import json
import sys

import click

from ..analysis.workload import DEFAULT_WEIGHTS
from ..output import md_text, render
from ..pipeline import run_pipeline
from ..sparql import timeout_for
from . import show_progress
from .build import engine_options

RUN_FORMATS = ("table", "md", "json")
"""``kg run`` prints several tables: as text sections, Markdown sections, or one JSON object."""


def _section(title: str, fmt: str) -> str:
    return f"\n## {md_text(title)}\n\n" if fmt == "md" else f"\n== {title} ==\n"


@click.command("run")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--out", type=click.Path(file_okay=False), default="build", show_default=True, help="Output folder.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, help="Processes that extract the documents, and then read the build for the reports.")
@click.option("--top", type=click.IntRange(min=1), default=5, show_default=True, help="Departments listed per plan.")
@click.option("--format", "fmt", type=click.Choice(RUN_FORMATS), default="table", show_default=True,
              help="Output format of the summary on stdout.")
@engine_options
@click.pass_context
def command(ctx, paths, out, workers, top, fmt, files, wait, endpoint, update_endpoint, gsp, timeout, engine,
            scheduler):
    """Build the graph of PATHS (default: corpus/), write the reports and the graph page into --out.

    \b
    Prints one row per document (tasks, assignments, units, unknown department types,
    goals, targets, projects, places), where the graph is and what it holds, and the
    top departments by weighted workload per plan and across plans. The build options
    (where the graph goes, which engine extracts, which files) are those of `kg build`.
    """
    with timeout_for(timeout):
        result = run_pipeline(paths or ("corpus",), out=out, workers=workers, top=top, progress=show_progress(ctx),
                              files=files, wait=wait, endpoint=endpoint, update_endpoint=update_endpoint, gsp=gsp,
                              timeout=timeout, engine=engine, scheduler=scheduler or None)
    rows = []
    for plan, units in result.top.items():
        for rank, (label, weighted) in enumerate(units, start=1):
            rows.append({"plan": plan, "rank": rank, "unit": label, "weighted": weighted})
    weights = f"lead {DEFAULT_WEIGHTS['lead']:g}, co-responsible {DEFAULT_WEIGHTS['responsible']:g}"
    sections = [
        ("documents", "documents", result.documents),
        ("graph", f"graph in {result.build.out}", result.build.summary()),
        ("top", f"top {top} departments by weighted workload ({weights})", rows),
        ("files", "files", [{"file": name, "path": str(path)} for name, path in result.files.items()]),
    ]
    if fmt == "json":
        sys.stdout.write(json.dumps({key: data for key, _, data in sections}, ensure_ascii=False, indent=2) + "\n")
    else:
        for _, title, data in sections:
            sys.stdout.write(_section(title, fmt))
            sys.stdout.write(render(data, fmt))
    sys.exit(result.exit_code)
