"""One output module for every command's ``--format``.

Commands produce rows (dicts, or lists with a header) and hand them to :func:`render`;
data goes to stdout, logs to stderr. Writing to disk goes through :func:`write_atomic`
so that a crash never leaves a half-written file.

>>> print(render([{"unit": "市发改局", "led": 3}], "csv"), end="")
unit,led
市发改局,3
>>> print(render([{"unit": "市发改局", "led": 3}], "md"), end="")
| unit | led |
| --- | --- |
| 市发改局 | 3 |

Text from documents is data in every format, never an instruction to the program that
opens the output: CSV cells that a spreadsheet would read as a formula get a leading
``'`` (:func:`csv_text`), Markdown cells and headings are escaped (:func:`md_text`),
and terminal control characters are removed from ``table`` output (:func:`plain_text`).

>>> print(render([{"title": "=HYPERLINK('http://x')", "n": -1}], "csv"), end="")
title,n
'=HYPERLINK('http://x'),-1
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
import unicodedata
from pathlib import Path

from .errors import OutputError

FORMATS = ("table", "jsonl", "json", "csv", "md")
"""Formats every tabular command accepts; commands may offer a subset or add ``html``."""


def _columns(rows) -> list[str]:
    cols: list[str] = []
    for row in rows:
        for key in row:
            if key not in cols:
                cols.append(key)
    return cols


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return "、".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection)."""


def csv_text(value: str) -> str:
    r"""A CSV cell that a spreadsheet shows as text: a leading ``'`` before a formula start.

    >>> [csv_text(v) for v in ("=1+1", "+86", "-x", "@SUM(A1)", "\tA", "市发改局", "")]
    ["'=1+1", "'+86", "'-x", "'@SUM(A1)", "'\tA", '市发改局', '']
    """
    return "'" + value if value.startswith(_FORMULA_START) else value


# ``_`` is left alone: inside words (file names, IRIs) it never starts emphasis.
_MD_SPECIAL = re.compile(r"([\\`*{}\[\]<>()#+!|~&])")


def md_text(value) -> str:
    r"""Escape a text for Markdown so that it is shown as written, never as markup or a link.

    Line breaks become spaces (a table row stays one line).

    >>> print(md_text("区<b>局</b>*1"))
    区\<b\>局\</b\>\*1
    >>> print(md_text("[x](javascript:alert(1))"))
    \[x\]\(javascript:alert\(1\)\)
    """
    text = "" if value is None else str(value)
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.splitlines()))


_ESCAPE_SEQUENCE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def plain_text(value: str) -> str:
    r"""Text safe to print on a terminal: escape sequences removed, other controls as spaces.

    Bidirectional overrides are removed too, so a cell cannot reorder what follows it.

    >>> plain_text("区\x1b[31m财政\x1b[0m局\x1b]0;title\x07\t1\u202e2")
    '区财政局 12'
    """
    text = _ESCAPE_SEQUENCE.sub("", value)
    return _CONTROL.sub(lambda m: " " if m.group() in "\t\n\r\x0b\x0c" else "", text)


def _csv_cell(value) -> str:
    """Numbers are written as they are (``-1`` is a number, not a formula); text is neutralised.

    A carriage return inside a cell becomes a line feed, so that the writer quotes the cell.
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _cell(value)
    return csv_text(_cell(value)).replace("\r\n", "\n").replace("\r", "\n")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


_JSON_LINE = json.JSONEncoder(ensure_ascii=False)


def render(rows, fmt: str, columns: list[str] | None = None) -> str:
    """Render a list of dict rows in one of :data:`FORMATS`; returns the text."""
    rows = list(rows)
    if fmt == "jsonl":
        return "".join(_JSON_LINE.encode(r) + "\n" for r in rows)
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    cols = columns or _columns(rows)
    raw = cols
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(cols)
        for r in rows:
            writer.writerow([_csv_cell(r.get(c)) for c in cols])
        return buf.getvalue()
    if fmt == "md":
        lines = ["| " + " | ".join(md_text(c) for c in cols) + " |", "| " + " | ".join("---" for _ in cols) + " |"]
        lines += ["| " + " | ".join(md_text(_cell(r.get(c))) for c in cols) + " |" for r in rows]
        return "\n".join(lines) + "\n"
    if fmt == "table":
        if not cols:
            return "(no rows)\n"
        cols = [plain_text(c) for c in cols]
        cells = [[plain_text(_cell(r.get(c))) for c in raw] for r in rows]
        widths = [max([_width(c)] + [_width(row[i]) for row in cells]) for i, c in enumerate(cols)]
        widths = [min(w, 60) for w in widths]

        def clip(s: str, w: int) -> str:
            if _width(s) <= w:
                return s
            out = ""
            for ch in s:
                if _width(out + ch) > w - 1:
                    break
                out += ch
            return out + "…"

        lines = ["  ".join(_pad(clip(c, w), w) for c, w in zip(cols, widths, strict=True)).rstrip()]
        lines.append("  ".join("-" * w for w in widths))
        for row in cells:
            lines.append("  ".join(_pad(clip(v, w), w) for v, w in zip(row, widths, strict=True)).rstrip())
        return "\n".join(lines) + "\n"
    raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")


def write_atomic(path: str | os.PathLike, data: str | bytes) -> Path:
    """Write a file atomically: to a temporary file beside it, then rename over it.

    When that fails (disk full, no permission, a file where a folder should be) the old
    file is left as it was and :class:`~kg.errors.OutputError` names the path.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = "wb" if isinstance(data, bytes) else "w"
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(path, f"cannot be written ({_reason(exc, path)})", exc.errno) from None
    try:
        with os.fdopen(fd, mode, **({} if mode == "wb" else {"encoding": "utf-8", "newline": ""})) as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise OutputError(path, f"cannot be written ({_reason(exc, path)}); the previous file is kept",
                              exc.errno) from None
        raise
    return path


def _reason(exc: OSError, path: Path) -> str:
    if isinstance(exc, (FileExistsError, NotADirectoryError)):
        parent = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
        if parent is not None:
            return f"{parent} is a file, not a folder"
    return exc.strerror or str(exc)


def replace_section(path: str | os.PathLike, start: str, end: str, block: str, header: str = "") -> Path:
    """Put ``block`` (which starts with the ``start`` marker and ends with ``end``) into a text file.

    The text between an existing pair of markers is replaced; without one, the block is
    appended (to ``header`` when the file does not exist yet). Written atomically.
    """
    path = Path(path)
    current = path.read_text(encoding="utf-8") if path.exists() else header
    if start in current and end in current:
        head, rest = current.split(start, 1)
        _, tail = rest.split(end, 1)
        text = head + block + tail
    else:
        text = current.rstrip("\n") + "\n\n" + block + "\n"
    return write_atomic(path, text)
