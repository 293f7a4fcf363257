"""The corpus manifest: ``manifest.csv`` beside the documents.

Columns: ``file, title, issuer, parents, date, genre, source``; ``parents`` lists the
places above the issuer, nearest first, separated by ``;`` (``鄂州市;湖北省``). Every
column but ``file`` may be empty; a document without a row has its title, issuer and
date inferred from its text (:mod:`kg.extract.metadata`).
"""

from __future__ import annotations

import csv
import datetime
import io
from functools import lru_cache
from pathlib import Path

from .document import decode_bytes
from .errors import DocumentError, ManifestError
from .extract.model import PlanInfo

MANIFEST_NAME = "manifest.csv"
COLUMNS = ("file", "title", "issuer", "parents", "date", "genre", "source")
GENRES = ("plan", "speech", "report")


def check_date(value: str) -> str:
    """A manifest date as the graph writes it: ``YYYY``, ``YYYY-MM`` or a real ``YYYY-MM-DD``.

    >>> check_date("2024-02-29"), check_date("2024")
    ('2024-02-29', '2024')
    >>> check_date("2024-13-45")
    Traceback (most recent call last):
    ValueError: 2024-13-45 is not a date (YYYY-MM-DD, YYYY-MM or YYYY)
    """
    parts = value.split("-")
    try:
        if not all(p.isdigit() for p in parts) or len(parts[0]) != 4 or any(len(p) != 2 for p in parts[1:]):
            raise ValueError
        if len(parts) == 3:
            datetime.date(*map(int, parts))
        elif len(parts) == 2 and not 1 <= int(parts[1]) <= 12:
            raise ValueError
        elif len(parts) > 3:
            raise ValueError
    except ValueError:
        raise ValueError(f"{value} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)") from None
    return value


def _rows(text: str, name: str):
    """``(line number, row)`` of each record; the line is where the record starts."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), strict=True)
    try:
        fieldnames = reader.fieldnames
    except csv.Error as exc:
        raise ManifestError(f"{name}: line 1: {_csv_problem(exc)}") from None
    if fieldnames is None or "file" not in fieldnames:
        raise ManifestError(f"{name}: no 'file' column in the header (expected {', '.join(COLUMNS)})")
    while True:
        start = reader.reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ManifestError(f"{name}: line {start}: {_csv_problem(exc)}") from None
        if row.get(None):
            raise ManifestError(f"{name}: line {start}: more fields than the header has "
                                "(a value holding a comma needs double quotes)")
        yield start, row


def _csv_problem(exc: csv.Error) -> str:
    if "end of data" in str(exc):
        return "a double quote opened here is never closed"
    return f"broken CSV ({exc})"


def parse_manifest(text: str, name: str = MANIFEST_NAME) -> dict[str, PlanInfo]:
    """Rows of a manifest by file name; :class:`ManifestError` names the line of a bad row.

    >>> rows = parse_manifest("file,title,issuer,parents,date,genre,source\\na.txt,甲方案,鄂城区,鄂州市;湖北省,2024-03-15,plan,\\n")
    >>> rows["a.txt"].parents, rows["a.txt"].genre
    (('鄂州市', '湖北省'), 'plan')
    """
    out: dict[str, PlanInfo] = {}
    for lineno, row in _rows(text, name):
        file = (row.get("file") or "").strip()
        if not file:
            raise ManifestError(f"{name}: line {lineno}: empty 'file'")
        genre = (row.get("genre") or "").strip() or None
        if genre is not None and genre not in GENRES:
            raise ManifestError(f"{name}: line {lineno}: genre {genre!r} is not one of {', '.join(GENRES)}")
        date = (row.get("date") or "").strip() or None
        if date is not None:
            try:
                check_date(date)
            except ValueError as exc:
                raise ManifestError(f"{name}: line {lineno}: {exc}") from None
        parents = tuple(p.strip() for p in (row.get("parents") or "").split(";") if p.strip())
        out[file] = PlanInfo(
            doc=file,
            title=(row.get("title") or "").strip() or None,
            issuer=(row.get("issuer") or "").strip() or None,
            date=date,
            genre=genre,
            parents=parents,
            source=(row.get("source") or "").strip() or None,
        )
    return out


@lru_cache(maxsize=64)
def _load(path: str, mtime: float) -> dict[str, PlanInfo]:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ManifestError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        text, _ = decode_bytes(data, path)  # the same decoding as documents (Excel saves GBK)
    except DocumentError as exc:
        raise ManifestError(str(exc)) from None
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
