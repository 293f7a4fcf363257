"""The corpus manifest: ``manifest.csv`` beside the documents.

Columns: ``file, title, issuer, parents, date, genre, source``; ``parents`` lists the
places above the issuer, nearest first, separated by ``;`` (``鄂州市;湖北省``). Every
column but ``file`` may be empty; a document without a row has its title, issuer and
date inferred from its text (:mod:`kg.extract.metadata`).
"""

from __future__ import annotations

import csv
import io
from functools import lru_cache
from pathlib import Path

from .errors import ManifestError
from .extract.model import PlanInfo

MANIFEST_NAME = "manifest.csv"
COLUMNS = ("file", "title", "issuer", "parents", "date", "genre", "source")
GENRES = ("plan", "speech", "report")


def parse_manifest(text: str, name: str = MANIFEST_NAME) -> dict[str, PlanInfo]:
    """Rows of a manifest by file name.

    >>> rows = parse_manifest("file,title,issuer,parents,date,genre,source\\na.txt,甲方案,鄂城区,鄂州市;湖北省,2024-03-15,plan,\\n")
    >>> rows["a.txt"].parents, rows["a.txt"].genre
    (('鄂州市', '湖北省'), 'plan')
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if reader.fieldnames is None or "file" not in reader.fieldnames:
        raise ManifestError(f"{name}: no 'file' column in the header (expected {', '.join(COLUMNS)})")
    out: dict[str, PlanInfo] = {}
    for lineno, row in enumerate(reader, start=2):
        file = (row.get("file") or "").strip()
        if not file:
            raise ManifestError(f"{name}: line {lineno}: empty 'file'")
        genre = (row.get("genre") or "").strip() or None
        if genre is not None and genre not in GENRES:
            raise ManifestError(f"{name}: line {lineno}: genre {genre!r} is not one of {', '.join(GENRES)}")
        parents = tuple(p.strip() for p in (row.get("parents") or "").split(";") if p.strip())
        out[file] = PlanInfo(
            doc=file,
            title=(row.get("title") or "").strip() or None,
            issuer=(row.get("issuer") or "").strip() or None,
            date=(row.get("date") or "").strip() or None,
            genre=genre,
            parents=parents,
            source=(row.get("source") or "").strip() or None,
        )
    return out


@lru_cache(maxsize=64)
def _load(path: str, mtime: float) -> dict[str, PlanInfo]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(f"{path}: cannot be read ({exc})") from None
    return parse_manifest(text, path)


def load_manifest(path: str | Path) -> dict[str, PlanInfo]:
    path = Path(path)
    return _load(str(path), path.stat().st_mtime)


def manifest_entry(doc_path: str | Path) -> PlanInfo | None:
    """The manifest row of a document: from ``manifest.csv`` in its folder or the one above."""
    doc_path = Path(doc_path)
    for folder in (doc_path.parent, doc_path.parent.parent):
        candidate = folder / MANIFEST_NAME
        if candidate.is_file():
            return load_manifest(candidate).get(doc_path.name)
    return None
