"""Where kg's data files are: the ontology, the SHACL shapes, the named queries."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def ontology_dir() -> Path:
    """``ontology/`` of the source checkout, else the copy packaged as ``kg/ontology``."""
    for candidate in (PACKAGE_DIR.parent / "ontology", PACKAGE_DIR / "ontology"):
        if (candidate / "policy.ttl").is_file():
            return candidate
    raise FileNotFoundError("kg cannot find its ontology/ folder (policy.ttl)")


def ontology_file(name: str) -> Path:
    return ontology_dir() / name


def queries_dir() -> Path:
    return PACKAGE_DIR / "queries"
