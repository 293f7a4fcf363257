"""kg: a knowledge graph of Chinese local-government plans.

The library is the product; the ``kg`` command line is a thin shell over it::

    import kg
    result = kg.extract_paths(["corpus"])            # records per document
    graph = kg.build_graph(["corpus"], out="build")  # RDF graph
    rows = kg.query("units-by-tasks-led", graph=graph)

Names are imported lazily so that ``import kg`` stays fast.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_LAZY = {
    "Document": "kg.document",
    "read_document": "kg.readers",  # any format; kg.document.read_document decodes plain text
    "load": "kg.extract.language",
    "extract_document": "kg.extract",
    "extract_text": "kg.extract",
    "extract_paths": "kg.extract",
    "build_graph": "kg.graph.build",
    "load_graph": "kg.graph.store",
    "validate_graph": "kg.graph.validate",
    "query": "kg.sparql",
    "list_queries": "kg.sparql",
    "to_networkx": "kg.analysis.convert",
    "workload": "kg.analysis.workload",
    "workload_report": "kg.report",
    "render_graph_html": "kg.viz",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
