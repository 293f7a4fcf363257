"""``kg evaluate``: score extraction against a folder of hand-checked gold files."""

from __future__ import annotations

import logging
import sys

import click

from ..errors import EXIT_LOAD, EXIT_USER, KgError
from ..evaluation import evaluate_records
from ..gold import GoldError, load_gold_dir, read_records
from ..output import render
from . import format_option

log = logging.getLogger("kg.evaluate")


def _extracted_records(paths, workers) -> tuple[list[dict], bool]:
    from ..extract import iter_extractions

    records, failed = [], False
    for result in iter_extractions(paths, workers):
        if isinstance(result, KgError):
            failed = True  # reported on stderr by the library's logger
            continue
        records += result.record_dicts()
    return records, failed


@click.command("evaluate")
@click.option("--gold", "gold_dir", required=True, type=click.Path(),
              help="Folder of gold files, one <document stem>.json per document.")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@format_option(["table", "json", "csv"])
@click.option("--errors", "show_errors", is_flag=True,
              help="List every missed and spurious assignment instead of the scores.")
@click.option("--min-f1", type=click.FloatRange(0, 1), default=None,
              help="Exit 1 when the overall assignment F1 is below this value.")
@click.option("--workers", type=click.IntRange(min=0), default=1, show_default=True,
              help="Processes extracting documents in parallel (0: one per CPU core).")
def command(gold_dir, paths, fmt, show_errors, min_f1, workers):
    """Score extraction of PATHS (files or folders) against the gold files in --gold.

    \b
    PATHS '-' reads `kg extract --format jsonl` output from stdin instead.
    One row per document with a gold file, then the overall row '(all)':
    assignment precision, recall and F1 over (task, role, unit), collectives
    by presence per task, and how many task titles agree. Documents without a
    gold file, and gold files without a document, are named on stderr.
    Exit codes: 0 ok, 1 F1 below --min-f1, 2 bad gold folder or unreadable input.
    """
    if "-" in paths and len(paths) > 1:
        raise click.UsageError("'-' (extract output on stdin) cannot be combined with other paths")
    gold = load_gold_dir(gold_dir)
    if paths == ("-",):
        records, failed = read_records(sys.stdin, "<stdin>"), False
    else:
        records, failed = _extracted_records(paths, workers)
    result = evaluate_records(records, gold)
    for name in result.without_gold:
        log.warning("%s: no gold file in %s; not scored", name, gold_dir)
    for name in result.without_document:
        log.warning("%s: gold file without a document among the inputs; not scored", name)
    if not result.documents:
        if failed:
            sys.exit(EXIT_LOAD)
        raise GoldError(f"{gold_dir}: no input document has a gold file here (gold files are named <document stem>.json)")
    if show_errors:
        sys.stdout.write(render(result.error_rows(), fmt,
                                columns=["doc", "gold_task", "task", "kind", "role", "unit"]))
    else:
        sys.stdout.write(render(result.rows(), fmt))
    if failed:
        sys.exit(EXIT_LOAD)
    if min_f1 is not None and result.overall.f1 < min_f1:
        click.echo(f"kg: assignment F1 {result.overall.f1:.3f} is below --min-f1 {min_f1}", err=True)
        sys.exit(EXIT_USER)
