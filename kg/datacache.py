"""Data derived from files kg reads at start-up, kept between runs.

Parsing jieba's dictionary for part-of-speech tags and the department-type vocabulary
for its concepts takes a noticeable share of a short run. :func:`cached` keeps the
parsed form (plain lists, tuples, dicts and strings, stored with :mod:`marshal`) in a
cache folder, as jieba does for its own dictionary:

* ``$KG_CACHE_DIR`` when set, else ``$XDG_CACHE_HOME/kg``, else ``~/.cache/kg``;
* an entry's file name carries a digest of its name, kg's version, the Python version
  and each source file's path, size and modification time, so an edited source is
  parsed again;
* entries are written atomically; a folder that cannot be written, or an entry that
  cannot be read, only means the data is parsed again. ``KG_CACHE_DIR=off`` turns the
  cache off.

>>> import tempfile, os
>>> folder = tempfile.mkdtemp()
>>> source = os.path.join(folder, "words.txt")
>>> with open(source, "w") as fh:
...     _ = fh.write("市 发改局")
>>> calls = []
>>> def parse():
...     calls.append(1)
...     return open(source).read().split()
>>> os.environ["KG_CACHE_DIR"] = folder
>>> cached("words", [source], parse), cached("words", [source], parse), len(calls)
(['市', '发改局'], ['市', '发改局'], 1)
>>> del os.environ["KG_CACHE_DIR"]
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
log = logging.getLogger("kg.datacache")


def cache_dir() -> Path | None:
    """The cache folder, or None when the cache is off."""
    chosen = os.environ.get("KG_CACHE_DIR")
    if chosen:
        return None if chosen.lower() == "off" else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "kg"


def _key(name: str, sources: Iterable[str | os.PathLike]) -> str:
    from . import __version__

    parts = [name, __version__, sys.version]
    for source in sources:
        st = os.stat(source)
        parts += [os.path.abspath(source), str(st.st_size), str(st.st_mtime_ns)]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:24]


def cached(name: str, sources: Iterable[str | os.PathLike], build: Callable[[], T]) -> T:
    """``build()``, or what it returned on an earlier run for the same ``sources``."""
    folder = cache_dir()
    if folder is None:
        return build()
    sources = list(sources)
    try:
        path = folder / f"{name}-{_key(name, sources)}.marshal"
    except OSError:  # a source is missing: let build() report it
        return build()
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        pass
    value = build()
    try:
        from .output import write_atomic

        write_atomic(path, marshal.dumps(value))
        for old in folder.glob(f"{name}-*.marshal"):  # entries for earlier versions of the sources
            if old != path:
                old.unlink(missing_ok=True)
    except (OSError, ValueError) as exc:
        log.debug("cannot keep %s in %s: %s", name, folder, exc)
    return value
