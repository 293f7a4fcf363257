"""The build cache: one file per document under ``build/cache/``.

A document's entry holds the N-Triples of its named graph. It is reused when its
key still matches: the document's bytes (SHA-256), its manifest row, the kg version
and a fingerprint of the code and vocabularies that turn text into triples (so a
changed extractor or vocabulary never serves stale triples). Entries are written
atomically; a corrupt or foreign entry is simply a miss.

>>> len(cache_key("a", "0" * 64, None)) == 64
True
>>> cache_key("a", "0" * 64, None) == cache_key("b", "0" * 64, None)
False
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

from .. import __version__
from ..output import write_atomic
from ..resources import PACKAGE_DIR, ontology_dir

CACHE_DIR = "cache"
HEADER = "# kg-cache "

NOT_FINGERPRINTED = ("cli", "report", "viz", "analysis", "queries", "__pycache__")
"""Folders of the package (relative to ``kg/``) that never decide a document's triples.

Every other file of the package (code and data: extraction, vocabularies, segmentation,
namespaces, the division table ...) is part of the fingerprint, so a new module is
covered without being listed."""


def fingerprinted_files() -> list[tuple[str, Path]]:
    """``(name, path)`` of the package files whose content decides a document's triples."""
    files = []
    for path in sorted(PACKAGE_DIR.rglob("*")):
        rel = path.relative_to(PACKAGE_DIR)
        if path.is_file() and rel.parts[0] not in NOT_FINGERPRINTED and "__pycache__" not in rel.parts \
                and path.suffix not in (".pyc", ".pyo"):
            files.append((rel.as_posix(), path))
    return files


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """SHA-256 over the kg version, the package files of :func:`fingerprinted_files` and ``ontology/``."""
    h = hashlib.sha256(__version__.encode())
    files = fingerprinted_files()
    try:
        files += [(f"ontology/{p.name}", p) for p in sorted(ontology_dir().iterdir()) if p.is_file()]
    except FileNotFoundError:
        pass
    for name, path in files:
        h.update(name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def cache_key(stem: str, content_hash: str, plan) -> str:
    """The key of one document's entry."""
    h = hashlib.sha256()
    for part in (code_fingerprint(), stem, content_hash, repr(plan)):
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def entry_path(cache_dir: str | os.PathLike, stem: str) -> Path:
    return Path(cache_dir) / f"{stem}.nt"


def read_entry(cache_dir: str | os.PathLike, stem: str, key: str) -> str | None:
    """The cached N-Triples of a document, or None when missing or stale."""
    path = entry_path(cache_dir, stem)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    first, _, body = text.partition("\n")
    return body if first == HEADER + key else None


def write_entry(cache_dir: str | os.PathLike, stem: str, key: str, ntriples: str) -> Path:
    return write_atomic(entry_path(cache_dir, stem), f"{HEADER}{key}\n{ntriples}")
