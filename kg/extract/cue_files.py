"""Cue words as data: the files of ``kg/extract/cues/`` and how the extractors read them.

Each file (``targets.json``, ``places.json`` ...) holds families of cue words: every
family has an ``about`` line, documented ``examples`` and its words (``words``, a
character string ``chars``, a ``table`` of word -> characters, a regular expression
``pattern``, or ``groups`` of words). The modules that use a file read it when they
are imported (:func:`read_cues`), so that their rules stay plain module constants.

A user's file shaped like one of them, given to a component's ``initialize``
(``cues``), is read by fresh copies of the modules that use it (:func:`cue_modules`):
the component runs those copies, the modules of every other pipeline keep the
shipped words.

>>> cues = read_cues("targets")
>>> cues.words("funding_verbs")[:2], cues.about("funding_verbs").startswith("Verbs whose object")
(('设立', '安排'), True)
>>> sorted(read_cues("names").table("not_after"))[:3]
['中心', '乡', '公园']
"""

from __future__ import annotations

import copy
import importlib.util
import json
import re
import sys
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import ModuleType

CUES_DIR = Path(__file__).with_name("cues")
"""The cue files shipped with kg."""

KINDS = ("words", "chars", "table", "pattern", "groups")
"""What a family may hold besides its ``about`` and ``examples``."""

_OVERRIDES: dict[str, dict] = {}
_LOCK = threading.RLock()


class CueError(ValueError):
    """A cue file that is not shaped like the shipped one (names the file and the family)."""


def cue_file(name: str) -> Path:
    """The shipped cue file called ``name`` (``targets`` -> ``kg/extract/cues/targets.json``)."""
    return CUES_DIR / f"{name}.json"


def load_data(path: str | Path) -> dict:
    """The parsed JSON of a cue file, checked: every family documented, with examples and words."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError) as exc:
        raise CueError(f"{path}: cannot read the cue file ({exc})") from exc
    check_data(data, str(path))
    return data


def check_data(data: dict, where: str = "cue file") -> None:
    if not isinstance(data, dict):
        raise CueError(f"{where}: a cue file is a JSON object of families")
    for family, body in data.items():
        if family == "about":
            continue
        if not isinstance(body, dict) or not body.get("about") or "examples" not in body:
            raise CueError(f"{where}: family {family!r} needs an 'about' and 'examples'")
        if not any(k in body for k in KINDS):
            raise CueError(f"{where}: family {family!r} holds none of {', '.join(KINDS)}")


class Cues(Mapping):
    """The families of one cue file, read as the modules need them."""

    def __init__(self, name: str, data: dict):
        self.name, self.data = name, data

    def __getitem__(self, family: str) -> dict:
        try:
            return self.data[family]
        except KeyError:
            raise CueError(f"cue file {self.name!r} has no family {family!r}") from None

    def __iter__(self):
        return (k for k in self.data if k != "about")

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def about(self, family: str) -> str:
        return self[family]["about"]

    def examples(self, family: str) -> list:
        return self[family]["examples"]

    def words(self, family: str) -> tuple[str, ...]:
        """The family's words, in the file's order."""
        return tuple(self[family]["words"])

    def chars(self, family: str) -> str:
        """The family's characters, as one string."""
        return self[family]["chars"]

    def table(self, family: str) -> dict[str, str]:
        """The family's table (word -> characters), in the file's order."""
        return dict(self[family]["table"])

    def groups(self, family: str) -> list[dict]:
        """The family's groups of words, each a small object (``kind``, ``words`` ...)."""
        return [dict(g) for g in self[family]["groups"]]

    def pattern(self, family: str, flags: int = 0) -> re.Pattern:
        """The family's regular expression (a list of strings is joined)."""
        value = self[family]["pattern"]
        return re.compile("".join(value) if isinstance(value, list) else value, flags)


def read_cues(name: str) -> Cues:
    """The cue file ``name`` as the importing module should read it: the shipped file,
    or the user's data while :func:`cue_modules` makes copies of the modules."""
    with _LOCK:
        data = _OVERRIDES.get(name)
    return Cues(name, data if data is not None else shipped(name))


_SHIPPED: dict[str, dict] = {}


def shipped(name: str) -> dict:
    """The parsed shipped cue file ``name`` (read once per process; a copy is not made)."""
    if name not in _SHIPPED:
        _SHIPPED[name] = load_data(cue_file(name))
    return _SHIPPED[name]


def shipped_copy(name: str) -> dict:
    """A copy of the shipped cue file ``name`` to change (tests, a user's variant)."""
    return copy.deepcopy(shipped(name))


def cue_modules(modules: Iterable[str], data: Mapping[str, dict]) -> dict[str, ModuleType]:
    """Fresh copies of ``modules`` (in that order, each importing the copies before it) that read ``data``.

    ``data`` maps a cue file's name to the user's content for it. A module imported by
    a copy and not in ``modules`` is the ordinary one. The copies are returned by name;
    ``sys.modules`` is left as it was.
    """
    modules = list(modules)
    for name, content in data.items():
        check_data(content, f"cue data for {name!r}")
    copies: dict[str, ModuleType] = {}
    with _LOCK:
        saved = {m: sys.modules.get(m) for m in modules}
        before = dict(_OVERRIDES)
        _OVERRIDES.update(data)
        try:
            for name in modules:
                spec = importlib.util.find_spec(name)
                module = importlib.util.module_from_spec(spec)
                sys.modules[name] = module  # the next copies import this one
                spec.loader.exec_module(module)
                copies[name] = module
        finally:
            _OVERRIDES.clear()
            _OVERRIDES.update(before)
            for name, module in saved.items():
                if module is None:
                    sys.modules.pop(name, None)
                else:
                    sys.modules[name] = module
    return copies
