"""``kg extract``: print what the extractors read, without building a graph."""

from __future__ import annotations

import sys

import click

from ..document import STDIN, read_stdin
from ..errors import EXIT_LOAD, KgError
from ..extract import iter_extractions
from ..output import render
from ..summary import document_summary, unknown_units
from . import format_option


def _table_row(rec: dict) -> dict:
    """A compact row for ``--format table``, ``csv`` and ``md``."""
    kind = rec["type"]
    what = rec.get("title") or rec.get("name") or rec.get("indicator") or ""
    detail = ""
    if kind == "task":
        detail = "; ".join(f"{u['role'][0]}:{u['surface']}" for u in rec["units"])
    elif kind == "target":
        value = rec["value"]
        value = f"{value[0]:g}-{value[1]:g}" if isinstance(value, list) else f"{value:g}"
        detail = f"{rec['comparator']} {value}{rec.get('unit') or ''} ({rec.get('year') or '-'}, {rec['kind']})"
    elif kind == "plan":
        detail = f"{rec.get('issuer') or '?'} {rec.get('date') or ''} {rec.get('genre') or ''}"
    elif kind in ("project", "place"):
        detail = rec.get("kind") or rec.get("level") or ""
    return {"type": kind, "doc": rec["doc"], "id": rec.get("id") or "", "what": what, "detail": detail}


def _jsonl(extraction) -> str:
    """The jsonl lines of one extraction's records (made where it was extracted, in a worker too)."""
    return render(extraction.record_dicts(), "jsonl")


def _record_dicts(extraction) -> list[dict]:
    return extraction.record_dicts()


def _extractions(paths, workers, finish=None):
    """Standard input for ``-`` (first), then the files and folders, in order (``finish`` applied to each)."""
    files = [p for p in paths if p != STDIN]
    if len(files) < len(paths):
        from ..extract import extract_document

        try:
            extraction = extract_document(read_stdin())
            yield extraction if finish is None else finish(extraction)
        except KgError as exc:
            click.echo(f"kg: error: {exc}", err=True)
            yield exc
    if files:
        yield from iter_extractions(files, workers, finish)


@click.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@format_option(["jsonl", "json", "table", "csv", "md"], default="jsonl")
@click.option("--unknown", is_flag=True, help="List the units whose department type is not in the vocabulary.")
@click.option("--summary", is_flag=True, help="One row of figures per document instead of the records.")
@click.option("--workers", type=click.IntRange(min=0), default=1, show_default=True,
              help="Processes extracting documents in parallel (0: one per CPU core). Output order is unchanged.")
def command(paths, fmt, unknown, summary, workers):
    """Extract plans, tasks, units, targets, projects and places from PATHS (files or folders; - for stdin).

    \b
    Records stream one per line in jsonl (type: plan, goal, task, target, project,
    enterprise, place); json gives the same records as one list; table, csv and md give
    one compact row per record (type, doc, id, what, detail). A file that cannot be read is reported on stderr and the
    others are still extracted; the exit code is then 2.
    """
    failed = False
    done = []
    collected: list[dict] = []
    # the output of each document is made where it is extracted: workers send back lines, not records and text
    finish = None if unknown or summary else _jsonl if fmt == "jsonl" else _record_dicts
    for result in _extractions(paths, workers, finish):
        if isinstance(result, KgError):
            failed = True  # already reported on stderr by the library's logger
            continue
        if unknown or summary:
            done.append(result)
        elif fmt == "jsonl":
            sys.stdout.write(result)
            sys.stdout.flush()
        else:
            collected.extend(result)
    if unknown:
        sys.stdout.write(render(unknown_units(done), fmt))
    elif summary:
        sys.stdout.write(render([document_summary(ex) for ex in done], fmt))
    elif fmt == "json":
        sys.stdout.write(render(collected, "json"))
    elif fmt in ("table", "csv", "md"):
        sys.stdout.write(render([_table_row(r) for r in collected], fmt, columns=["type", "doc", "id", "what", "detail"]))
    if failed:
        sys.exit(EXIT_LOAD)
