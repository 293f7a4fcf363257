"""Reading documents: decoding, width folding and the :class:`Document` the extractors read.

Offsets everywhere in kg index :attr:`Document.text`: the decoded file with its BOM
removed and line ends made ``\\n`` (as Python's universal newlines do).
:attr:`Document.norm` has exactly the same length, with full-width forms and every
bracket family folded, so rules are written once against half-width ASCII:

>>> fold_width("（牵头单位：市发改局；责任单位：市财政局〔国资办〕）")
'(牵头单位:市发改局;责任单位:市财政局(国资办))'
>>> len(fold_width("１．【注】")) == len("１．【注】")
True
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DocumentError

log = logging.getLogger("kg.document")

SUFFIXES = (".txt", ".text", ".md",
            ".html", ".htm", ".shtml", ".docx", ".doc", ".wps", ".rtf", ".odt", ".pdf", ".ofd")  # kg.readers
"""File endings read when a folder is given."""

_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FOLD.update({0x3000: 0x20, 0x00A0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x200B: 0x20, 0xFEFF: 0x20})
for _open in "〔【〖［｛﹝⦅〘[{":
    _FOLD[ord(_open)] = ord("(")
for _close in "〕】〗］｝﹞⦆〙]}":
    _FOLD[ord(_close)] = ord(")")
_FOLD.update({ord("﹐"): ord(","), ord("﹔"): ord(";"), ord("﹕"): ord(":"), ord("︰"): ord(":")})
_FOLD_CHARS = {chr(k): chr(v) for k, v in _FOLD.items()}
_FOLD_RE = re.compile("[" + re.escape("".join(_FOLD_CHARS)) + "]")


def fold_width(text: str) -> str:
    """Fold full-width forms and all bracket families to ASCII, one character for one.

    (A pattern over the folded characters is many times faster than ``str.translate``
    on Chinese text, where most characters are left alone.)
    """
    return _FOLD_RE.sub(lambda m: _FOLD_CHARS[m.group()], text)


@dataclass(frozen=True)
class Document:
    """A decoded document. Build with :func:`read_document` or :meth:`from_text`."""

    name: str
    text: str
    encoding: str = "utf-8"
    path: str | None = None
    content_hash: str = ""
    norm: str = field(default="", repr=False)

    def __post_init__(self):
        if not self.norm:
            object.__setattr__(self, "norm", fold_width(self.text))
        if not self.content_hash:
            digest = hashlib.sha256(self.text.encode("utf-8")).hexdigest()
            object.__setattr__(self, "content_hash", digest)

    @classmethod
    def from_text(cls, text: str, name: str = "<text>") -> Document:
        """A document from a string (line ends normalised as when reading a file)."""
        return cls(name=name, text=_newlines(text))


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _plausible_share(text: str) -> float:
    """Share of characters that ordinary Chinese or ASCII prose is made of.

    Printable characters and white space (also the ideographic space U+3000 and the
    en space U+2002 that indent many plans) count; control, format, private-use,
    surrogate and unassigned code points do not (Python's ``str.isprintable``). Each
    distinct character is judged once.

    >>> _plausible_share("市发改局\\n"), _plausible_share("ab\\x00\\x01"), _plausible_share("\\u3000\\u2002第一条")
    (1.0, 0.5, 1.0)
    """
    if not text:
        return 0.0
    rest = _SURELY_PRINTABLE.sub("", text)
    bad = sum(n for ch, n in Counter(rest).items() if not (ch.isspace() or ch.isprintable()))
    return (len(text) - bad) / len(text)


_SURELY_PRINTABLE = re.compile(r"[\u4e00-\u9fff\u3001-\u3011\uff01-\uff5e\x20-\x7e\n\t]+")
"""Runs of characters that are printable for certain (CJK ideographs, CJK and full-width
punctuation, printable ASCII); only what is left is looked at one by one."""


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


MOJIBAKE_RATIO = 0.1
"""Above this "mess" (charset-normalizer's measure of unlikely character sequences) a
decoding is taken for mojibake. Chinese plans decoded right measure 0 to 0.03; Japanese
Shift-JIS or Korean EUC-KR decoded as GB18030 measure about 0.2, Big5 more than 2."""

_MESS_SAMPLE = 20_000
"""Characters measured from the start, the middle and the end of a long text."""


def _mess(text: str) -> float:
    from charset_normalizer.md import mess_ratio

    if len(text) <= 3 * _MESS_SAMPLE:
        return mess_ratio(text)
    mid = len(text) // 2
    windows = (text[:_MESS_SAMPLE], text[mid:mid + _MESS_SAMPLE], text[-_MESS_SAMPLE:])
    return max(mess_ratio(w) for w in windows)


def _decode_8bit(data: bytes, name: str) -> tuple[str, str]:
    """Text without a BOM or NUL bytes: UTF-8, else GB18030 unless that gives mojibake, else
    what charset-normalizer finds (Big5, Shift-JIS, EUC-KR, a Windows code page ...)."""
    text = _try(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    text = _try(data, "gb18030")
    if text is not None and _mess(text) < MOJIBAKE_RATIO:
        return text, "gb18030"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        found = str(best)
        if found and _mess(found) < MOJIBAKE_RATIO:
            return found, best.encoding
    if text is not None:
        raise DocumentError(name, "decodes as GB18030 only to mojibake and no other encoding fits; "
                                  "save it as UTF-8")
    raise DocumentError(name, "not text in UTF-8, UTF-16, GB18030/GBK or another encoding kg can recognise")


def decode_bytes(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Decode a file's bytes; return ``(text, encoding)`` or raise :class:`DocumentError`.

    UTF-8 (with or without BOM), UTF-16 (with a BOM, or without one when the byte
    pattern says so) and GB18030 (which covers GBK and GB2312) are recognised; other
    encodings (Big5, Shift-JIS, EUC-KR ...) through charset-normalizer. Text that
    decodes only to mojibake is refused.

    >>> decode_bytes("市发改局".encode("gbk"))
    ('市发改局', 'gb18030')
    >>> decode_bytes("\\ufeff市发改局".encode("utf-8"))
    ('市发改局', 'utf-8-sig')
    """
    if not data or not data.strip(b" \t\r\n\x00"):
        raise DocumentError(name, "empty file: no text to read")
    if data.startswith(b"\xef\xbb\xbf"):
        text, encoding = _try(data[3:], "utf-8"), "utf-8-sig"
        if text is None:
            raise DocumentError(name, "starts with a UTF-8 byte-order mark but is not valid UTF-8")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
        text = _try(data, "utf-16")
        if text is None:
            raise DocumentError(name, "starts with a UTF-16 byte-order mark but is not valid UTF-16")
    else:
        text, encoding = None, None
        if b"\x00" in data:
            # UTF-16 without a BOM: NULs sit in every other byte for ASCII text.
            for candidate in ("utf-16-le", "utf-16-be"):
                decoded = _try(data, candidate)
                if decoded is not None and "\x00" not in decoded and _plausible_share(decoded) > 0.95:
                    text, encoding = decoded, candidate
                    break
            if text is None:
                raise DocumentError(name, "binary file (contains NUL bytes), not a text document")
        else:
            text, encoding = _decode_8bit(data, name)
    if _plausible_share(text) < 0.95:
        raise DocumentError(name, f"decodes as {encoding} but is not readable text (binary or unknown encoding)")
    text = _newlines(text.lstrip("\ufeff"))
    if not text.strip():
        raise DocumentError(name, "empty file: no text to read")
    return text, encoding


def read_file_bytes(path: Path) -> bytes:
    """The bytes of ``path``; :class:`DocumentError` naming it when it cannot be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DocumentError(path, "no such file") from None
    except IsADirectoryError:
        raise DocumentError(path, "is a directory, not a file") from None
    except OSError as exc:
        raise DocumentError(path, f"cannot be read ({exc.strerror or exc})") from None


def read_document(path: str | os.PathLike) -> Document:
    """Read and decode one file; raise :class:`DocumentError` naming it when that fails."""
    path = Path(path)
    data = read_file_bytes(path)
    text, encoding = decode_bytes(data, str(path))
    return Document(
        name=path.name,
        text=text,
        encoding=encoding,
        path=str(path),
        content_hash=hashlib.sha256(data).hexdigest(),
    )


BUILD_MARKERS = (".kg-build", "graph.nq", "graph.trig", "store-state.json", "validation.txt")
"""Files whose presence makes a folder a kg build (output) folder: never walked for inputs."""

NOT_DOCUMENTS = (
    ".json", ".jsonl", ".csv", ".tsv", ".ttl", ".nt", ".nq", ".trig", ".jsonld", ".rq", ".py", ".ipynb",
    ".log", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".css", ".js",
)
"""Endings of data kept beside documents (annotations, manifests, graphs, code, images):
skipped when a folder is walked, named only with ``-v``. Any other file kg does not read
is named on stderr as skipped."""

STDIN = "-"
"""The path that stands for standard input (``kg extract -``)."""


class NoInputsError(DocumentError):
    """Folders were given, but none of their files is a document kg reads."""


def is_input(path: Path) -> bool:
    """Whether kg reads ``path`` when it walks a folder: the one place that decides it.

    >>> is_input(Path("a/方案.txt")), is_input(Path("a/方案.xlsx")), is_input(Path("a/.方案.txt"))
    (True, False, False)
    """
    return not path.name.startswith(".") and path.suffix.lower() in SUFFIXES


def is_build_folder(path: Path) -> bool:
    """A folder that ``kg build`` or ``kg run`` wrote (:data:`BUILD_MARKERS`)."""
    return any((path / marker).exists() for marker in BUILD_MARKERS)


def _walk(folder: Path, skipped: list[Path]) -> list[Path]:
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        here = Path(root)
        kept = []
        for d in sorted(dirs):
            sub = here / d
            if d.startswith("."):
                continue
            if is_build_folder(sub):
                log.info("skipped %s: a kg build folder, never an input", sub)
                continue
            kept.append(d)
        dirs[:] = kept
        for f in files:
            p = here / f
            if is_input(p):
                found.append(p)
            elif not f.startswith(".") and f != "manifest.csv":
                skipped.append(p)
    return sorted(found)


def select_inputs(paths) -> tuple[list[Path], list[Path]]:
    """``(documents, skipped)``: the files kg reads under ``paths``, and the files it does not.

    Folders are walked for files that :func:`is_input` accepts; hidden files and folders
    and kg build folders (:func:`is_build_folder`) are left out. A file given by name is
    kept whatever its ending, and so is a path that does not exist, so that reading it
    reports the problem for that file alone.
    """
    out: list[Path] = []
    skipped: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            if is_build_folder(path):
                log.warning("skipped %s: a kg build folder, never an input", path)
                skipped.append(path)
                continue
            out.extend(_walk(path, skipped))
        else:
            out.append(path)
    seen: set[Path] = set()
    unique = []
    for p in out:
        if p not in seen:
            seen.add(p)
            unique.append(p)
    return unique, skipped


def iter_paths(paths) -> list[Path]:
    """Expand files and folders into a sorted list of document files (:func:`select_inputs`).

    Each skipped file that could be a document is named on stderr; when files were
    skipped and none is left, :class:`NoInputsError` (exit code 2) names them.
    """
    files, skipped = select_inputs(paths)
    for p in skipped:
        if p.is_file():
            (log.info if p.suffix.lower() in NOT_DOCUMENTS else log.warning)(
                "skipped %s: kg does not read %s files (it reads %s)", p, p.suffix or "extension-less",
                ", ".join(SUFFIXES))
    if not files and skipped:
        names = ", ".join(str(p) for p in skipped[:10]) + (f" and {len(skipped) - 10} more" if len(skipped) > 10 else "")
        raise NoInputsError(", ".join(map(str, paths)),
                            f"no document kg reads (it reads {', '.join(SUFFIXES)}); skipped {names}")
    return files


def read_stdin(stream=None, name: str = "<stdin>") -> Document:
    """A document from standard input (bytes decoded as files are)."""
    stream = stream if stream is not None else sys.stdin.buffer
    log.info("reading a document from standard input")
    data = stream.read()
    text, encoding = decode_bytes(data, name)
    return Document(name=name, text=text, encoding=encoding, content_hash=hashlib.sha256(data).hexdigest())
