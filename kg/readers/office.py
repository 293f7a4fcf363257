"""Older Word (.doc), WPS, RTF and OpenDocument files: converted to .docx by LibreOffice.

LibreOffice is an optional dependency: ``soffice`` (or ``libreoffice``) on the
``PATH``, e.g. Debian's ``libreoffice-writer-nogui``. Without it such a file gets a
:class:`DocumentError` naming it and what to install. Each conversion runs headless
in a throw-away user profile (so conversions in parallel workers do not collide),
within :data:`TIMEOUT` seconds; the .docx is then read by :mod:`kg.readers.docx`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import DocumentError
from .docx import read_docx

TIMEOUT = 180
"""Seconds one conversion may take."""

INSTALL_HINT = ("install LibreOffice Writer to read it (Debian/Ubuntu: apt-get install libreoffice-writer-nogui; "
                "or save the file as .docx)")

NAMES = {"doc": "Word 97-2003", "wps": "WPS", "rtf": "RTF", "odt": "OpenDocument"}


def soffice() -> str | None:
    """The LibreOffice program, or None when it is not installed (``KG_SOFFICE`` names another)."""
    given = os.environ.get("KG_SOFFICE")
    if given:
        return given if Path(given).is_file() or shutil.which(given) else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(path: str | os.PathLike, target: str, outdir: str | os.PathLike, name: str | None = None,
            kind: str = "doc") -> Path:
    """Convert ``path`` with LibreOffice to format ``target`` (``docx``, ``doc``, ``pdf``...) in ``outdir``."""
    path = Path(path)
    name = name or str(path)
    program = soffice()
    if program is None:
        raise DocumentError(name, f"{NAMES.get(kind, kind)} file needs LibreOffice, which is not installed: {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="kg-soffice-") as profile:
        # LibreOffice names its output after the input's stem: convert a copy with a plain name
        source = Path(profile) / f"input{path.suffix.lower() or '.doc'}"
        shutil.copyfile(path, source)
        command = [program, f"-env:UserInstallation={Path(profile, 'user').as_uri()}", "--headless", "--norestore",
                   "--nolockcheck", "--convert-to", target, "--outdir", str(Path(profile, "out")), str(source)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT,
                                  env={**os.environ, "HOME": profile})
        except subprocess.TimeoutExpired:
            raise DocumentError(name, f"LibreOffice did not convert the {NAMES.get(kind, kind)} file within {TIMEOUT} s") from None
        except OSError as exc:
            raise DocumentError(name, f"LibreOffice could not be started ({exc})") from None
        produced = Path(profile, "out", f"input.{target.split(':')[0]}")
        if done.returncode != 0 or not produced.is_file():
            detail = (done.stderr or done.stdout or "").strip().splitlines()
            why = detail[-1] if detail else f"exit code {done.returncode}"
            raise DocumentError(name, f"LibreOffice could not read this {NAMES.get(kind, kind)} file "
                                      f"(damaged or password-protected?): {why}")
        Path(outdir).mkdir(parents=True, exist_ok=True)
        final = Path(outdir) / f"{path.stem}.{target.split(':')[0]}"
        shutil.move(str(produced), final)
        return final


def read_office(path, name: str, kind: str):
    """The blocks and metadata of a .doc, .wps, .rtf or .odt file (through a .docx)."""
    with tempfile.TemporaryDirectory(prefix="kg-office-") as tmp:
        converted = convert(path, "docx", tmp, name=name, kind=kind)
        blocks, meta = read_docx(converted, name)
    meta["converted_by"] = "LibreOffice"
    return blocks, meta
