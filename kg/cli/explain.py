"""``kg explain``: what extraction found in one document, drawn over its text."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from ..output import render, write_atomic
from . import format_option

log = logging.getLogger("kg.explain")


@click.command("explain")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@format_option(["html", "jsonl"], default="html")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path, allow_dash=True), default=Path("-"),
              show_default=True, help="File to write ('-' for stdout).")
def command(file, fmt, out):
    """Show every task, unit (with its role), target, place, project and enterprise found in FILE.

    \b
    html: one self-contained page (displaCy's span renderer, a legend, no network);
    jsonl: one span per line (doc, key, label, start, end, text and its attributes).
    A file that cannot be read or extracted exits 2.
    """
    from ..document import read_document
    from ..extract.explain import explain_doc, explain_html, explain_spans
    from ..manifest import manifest_entry

    doc = explain_doc(read_document(file), manifest_entry(file))
    data = explain_html(doc) if fmt == "html" else render(explain_spans(doc), "jsonl")
    if str(out) == "-":
        sys.stdout.write(data)
    else:
        write_atomic(out, data)
        log.info("wrote %s", out)
