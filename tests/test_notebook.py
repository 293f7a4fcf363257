"""The walkthrough notebook runs top to bottom (nbclient, python3 kernel) in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "01-explore-the-graph.ipynb"


def test_notebook_runs(tmp_path, corpus_dir, monkeypatch):
    monkeypatch.setenv("KG_CORPUS", str(corpus_dir))
    monkeypatch.setenv("KG_OUT", str(tmp_path / "build"))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert not any(cell.get("outputs") for cell in nb.cells if cell.cell_type == "code"), "commit the notebook without outputs"
    client = NotebookClient(nb, kernel_name="python3", timeout=300, resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    outputs = "".join(o.get("text", "") for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs)
    assert "conforms" in outputs
    assert "units-by-tasks-led" in outputs
    assert (tmp_path / "build" / "graph.ttl").is_file()
    errors = [o for cell in nb.cells for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors


@pytest.mark.parametrize("name", ["build_graph", "validate_graph", "query", "list_queries", "load_graph"])
def test_notebook_uses_the_library(name):
    assert f"kg.{name}(" in NOTEBOOK.read_text(encoding="utf-8")
