"""The whole pipeline in one call: what ``make run`` (``kg run``) does.

Build the graph of a corpus (extract, convert, validate, store), then write the
workload reports and the graph page beside it, and gather the figures worth printing:
one summary row per document, the graph's counts, and the top departments by weighted
workload per plan and across plans.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger("kg.pipeline")


@dataclass
class RunResult:
    build: object  # kg.graph.build.BuildResult
    documents: list[dict]
    top: dict[str, list[tuple[str, float]]]
    files: dict[str, Path] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        return self.build.exit_code


def run_pipeline(paths=("corpus",), out: str | os.PathLike = "build", workers: int = 1, top: int = 5,
                 progress: bool = False, **build_options) -> RunResult:
    """Build, validate, store, report and draw the corpus under ``paths`` into ``out``.

    ``build_options`` go to :func:`kg.graph.build.build_graph` as they are (``engine``,
    ``scheduler``, ``endpoint``, ``gsp``, ``files``, ``wait`` ...); with ``endpoint``,
    the reports read the server. Nothing is written when no document can be read (the
    build raises first).
    """
    from .analysis.convert import to_networkx
    from .graph.build import build_graph
    from .graph.store import load_graph
    from .report import top_units, write_reports
    from .report.followthrough import follow_through_section
    from .sparql import query

    out = Path(out)
    built = build_graph(paths, out=out, workers=workers, progress=progress, **build_options)
    graph = load_graph(out, endpoint=build_options.get("endpoint"))
    documents = list(query("document-summary", graph=graph, limit=None))
    graphs = to_networkx(graph, workers=workers)
    files = dict(built.files)
    files.update(write_reports(graphs, out, follow_through=follow_through_section(graph)))
    return RunResult(build=built, documents=documents, top=top_units(graphs, n=top), files=files)
