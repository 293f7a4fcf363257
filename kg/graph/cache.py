"""The build cache: one N-Quads file per document under ``build/cache/``.

A document's entry ``<stem>.nq`` holds the sorted N-Quads of its named graph,
after a first comment line with its key; it is itself a valid N-Quads file, so the
store's loader and the file writers read it as it is. Beside it, ``<stem>.shacl.json``
holds the document's SHACL report (:mod:`kg.graph.validate`), keyed the same way
plus the validation code. The ontology's graph is kept like a document in
``ontology/graph.nq`` (a document cannot be named so: stems have no ``/``).

An entry is reused when its key still matches: the document's bytes (SHA-256), its
manifest row, the kg version and a fingerprint of the code and vocabularies that
turn text into triples (so a changed extractor or vocabulary never serves stale
triples). Entries are written atomically; a corrupt or foreign entry is simply a miss.

>>> len(cache_key("a", "0" * 64, None)) == 64
True
>>> cache_key("a", "0" * 64, None) == cache_key("b", "0" * 64, None)
False
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

from .. import __version__
from ..output import write_atomic
from ..resources import PACKAGE_DIR, ontology_dir

CACHE_DIR = "cache"
HEADER = "# kg-cache "
ONTOLOGY_ENTRY = "ontology/graph"
"""The ontology graph's entry name (not a possible document stem)."""

NOT_FINGERPRINTED = ("cli", "report", "viz", "analysis", "queries", "sparql", "__pycache__")
"""Folders of the package (relative to ``kg/``) that never decide a document's triples.

Every other file of the package (code and data: extraction, vocabularies, segmentation,
namespaces, the division table ...) is part of the fingerprint, so a new module is
covered without being listed."""

NOT_FINGERPRINTED_FILES = (
    "graph/build.py", "graph/build_documents.py", "graph/build_folder.py", "graph/build_result.py", "graph/rebuild.py",
    "graph/store.py", "graph/store_sync.py", "graph/store_remote.py", "graph/engine.py", "graph/counts.py",
    "graph/corpus_files.py", "pipeline.py")
"""Files that run a build or read its result but never decide a document's triples: editing
them must not make a build of thousands of documents extract them all again."""


def fingerprinted_files() -> list[tuple[str, Path]]:
    """``(name, path)`` of the package files whose content decides a document's triples."""
    files = []
    for path in sorted(PACKAGE_DIR.rglob("*")):
        rel = path.relative_to(PACKAGE_DIR)
        if path.is_file() and rel.parts[0] not in NOT_FINGERPRINTED and "__pycache__" not in rel.parts \
                and rel.as_posix() not in NOT_FINGERPRINTED_FILES and path.suffix not in (".pyc", ".pyo"):
            files.append((rel.as_posix(), path))
    return files
VALIDATION_CODE = ("graph/validate.py", "graph/validate_cross.py", "graph/validation_report.py")
"""Parts of the package whose code decides a document's SHACL report (with the shapes)."""


def _fingerprint(files: list[tuple[str, Path]], with_ontology: bool) -> str:
    h = hashlib.sha256(__version__.encode())
    files = list(files)
    if with_ontology:
        try:
            files += [(f"ontology/{p.name}", p) for p in sorted(ontology_dir().iterdir()) if p.is_file()]
        except FileNotFoundError:
            pass
    for name, path in files:
        h.update(name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """SHA-256 over the kg version, the package files of :func:`fingerprinted_files` and ``ontology/``."""
    return _fingerprint(fingerprinted_files(), with_ontology=True)


@lru_cache(maxsize=1)
def validation_fingerprint() -> str:
    """SHA-256 over the validating code (the shapes are in :func:`code_fingerprint`)."""
    return _fingerprint([(part, PACKAGE_DIR / part) for part in VALIDATION_CODE], with_ontology=False)


def cache_key(stem: str, content_hash: str, plan) -> str:
    """The key of one document's entry."""
    h = hashlib.sha256()
    for part in (code_fingerprint(), stem, content_hash, repr(plan)):
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def entry_path(cache_dir: str | os.PathLike, stem: str) -> Path:
    return Path(cache_dir) / f"{stem}.nq"


def report_path(cache_dir: str | os.PathLike, stem: str) -> Path:
    return Path(cache_dir) / f"{stem}.shacl.json"


def has_entry(cache_dir: str | os.PathLike, stem: str, key: str) -> bool:
    """Whether the entry of ``stem`` exists with this key (reads its first line only)."""
    return is_entry(entry_path(cache_dir, stem), key)


def is_entry(path: str | os.PathLike, key: str) -> bool:
    """Whether the file at ``path`` is an entry written with this key (reads its first line only)."""
    try:
        with open(path, "rb") as fh:
            first = fh.readline(200)
    except OSError:
        return False
    return first == f"{HEADER}{key}\n".encode("ascii")


def read_entry(cache_dir: str | os.PathLike, stem: str, key: str) -> bytes | None:
    """The cached N-Quads of a document (without the key line), or None when missing or stale."""
    try:
        data = entry_path(cache_dir, stem).read_bytes()
    except OSError:
        return None
    first, _, body = data.partition(b"\n")
    return body if first == (HEADER + key).encode("ascii") else None


def write_entry(cache_dir: str | os.PathLike, stem: str, key: str, nquads: bytes) -> Path:
    return write_atomic(entry_path(cache_dir, stem), f"{HEADER}{key}\n".encode("ascii") + nquads)


def read_report(cache_dir: str | os.PathLike, stem: str, key: str) -> dict | None:
    """The cached SHACL report of a document (a dict), or None when missing or stale."""
    try:
        data = json.loads(report_path(cache_dir, stem).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != _report_key(key):
        return None
    return data.get("report")


def write_report(cache_dir: str | os.PathLike, stem: str, key: str, report: dict) -> Path:
    text = json.dumps({"key": _report_key(key), "report": report}, ensure_ascii=False, sort_keys=True)
    return write_atomic(report_path(cache_dir, stem), text + "\n")


def _report_key(key: str) -> str:
    return hashlib.sha256(f"{key}\0{validation_fingerprint()}".encode("ascii")).hexdigest()
