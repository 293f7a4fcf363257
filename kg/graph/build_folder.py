"""The build's output folder: its lock and the state the last build left in it.

:func:`output_lock` keeps two builds from writing one folder at once;
:data:`STATE_FILE` (``build-state.json``) records what the last complete build
wrote, read back by :func:`read_build_state`, with :func:`graph_signature` (what
the graph depends on) and :func:`relative_path` (sources recorded so the folder
can move).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import EXIT_LOAD, KgError

log = logging.getLogger("kg.graph.build")

VALIDATION_FILE = "validation.txt"
STATE_FILE = "build-state.json"
"""What the last complete build wrote: its signature, counts and combined report."""


class BuildLockedError(KgError):
    """Another build is writing the same output folder."""

    exit_code = EXIT_LOAD


LOCK_WAIT = 300.0
"""Seconds a build waits for another build of the same output folder to finish (``kg build --wait``)."""
LOCK_POLL = 0.2


@contextmanager
def output_lock(out: Path, wait: float = 0.0) -> Iterator[Path]:
    """Hold an exclusive lock on the output folder (created if missing) while building into it.

    While another build holds it, wait up to ``wait`` seconds for it to finish (saying
    so once on the log), then raise :class:`BuildLockedError`. A folder this call
    created is removed again if the build left it empty.
    """
    import time

    created = not out.exists()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KgError(f"{out}: the output folder cannot be created ({exc.strerror or exc})") from None
    fd = os.open(out, os.O_RDONLY)
    try:
        deadline = time.monotonic() + max(0.0, wait)
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    waited = f" (waited {wait:g} s)" if wait > 0 else ""
                    raise BuildLockedError(
                        f"{out}: another kg build is writing this folder{waited}; wait for it to finish "
                        f"(--wait SECONDS) or choose another --out"
                    ) from None
                if not told:
                    log.warning("%s: another kg build is writing this folder; waiting up to %g s for it", out, wait)
                    told = True
                time.sleep(LOCK_POLL)
        try:
            yield out
        finally:
            if created and not any(out.iterdir()):
                out.rmdir()
    finally:
        os.close(fd)


def graph_signature(entries: list[tuple[str, Path, str]]) -> str:
    """What the graph of a build depends on: every graph's key."""
    h = hashlib.sha256()
    for name, _, key in entries:
        h.update(f"{name} {key}\n".encode())
    return h.hexdigest()


def relative_path(path: Path, out: Path) -> str:
    """``path`` relative to the build folder when it lies inside it (the folder can move), else absolute."""
    try:
        return Path(path).resolve().relative_to(out.resolve()).as_posix()
    except ValueError:
        return str(Path(path).resolve())


def read_build_state(out: Path) -> dict:
    """What the last build into ``out`` recorded (:data:`STATE_FILE`); empty when there is none or it is unreadable."""
    try:
        state = json.loads((out / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}
