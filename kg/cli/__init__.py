"""The ``kg`` command line: one click group whose verbs follow the pipeline.

Each verb lives in its own module of this package and is a thin shell: it parses
options, calls one importable library function and hands the result to
:mod:`kg.output`. Exit codes: 0 ok, 1 user error or non-conformance, 2 usage or
load error (see :mod:`kg.errors`).
"""

from __future__ import annotations

import importlib
import logging
import sys

import click

from .. import __version__
from ..errors import EXIT_INTERRUPTED, EXIT_LOAD, KgError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

# verb -> module in this package defining ``command``; listed in pipeline order.
VERBS = {
    "extract": "extract",
    "build": "build",
    "validate": "validate",
    "query": "query",
    "report": "report",
    "viz": "viz",
    "explain": "explain",
    "run": "run",
    "evaluate": "evaluate",
    "serve": "serve",
}

log = logging.getLogger("kg")


class KgGroup(click.Group):
    """Loads verbs lazily (fast ``kg -h``) and turns :class:`KgError` into exit codes."""

    def list_commands(self, ctx):
        return [v for v in VERBS if self._module(v) is not None]

    def _module(self, name):
        modname = VERBS.get(name)
        if modname is None:
            return None
        try:
            return importlib.import_module(f"{__name__}.{modname}")
        except ModuleNotFoundError as exc:
            if exc.name == f"{__name__}.{modname}":
                return None
            raise

    def get_command(self, ctx, name):
        module = self._module(name)
        return None if module is None else module.command

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KgError as exc:
            click.echo(f"kg: error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("kg: interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except OSError as exc:  # an input or output the library did not name (a full disk in a store, a pipe)
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"kg: error: {where}{exc.strerror or exc}", err=True)
            ctx.exit(EXIT_LOAD)


def setup_logging(quiet: bool, verbose: int) -> None:
    level = logging.ERROR if quiet else (logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("kg: %(levelname)s: %(message)s"))
    root = logging.getLogger("kg")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


@click.group(cls=KgGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "--version", prog_name="kg")
@click.option("-q", "--quiet", is_flag=True, help="Silence logs and progress on stderr.")
@click.option("-v", "--verbose", count=True, help="More logging on stderr (-vv for debug).")
@click.pass_context
def cli(ctx, quiet, verbose):
    """kg: a knowledge graph of plans, tasks, responsible units, targets, projects and places.

    \b
    Pipeline:  kg extract -> kg build -> kg validate -> kg query / kg report / kg viz
    Exit codes: 0 ok, 1 user error or non-conformance, 2 usage or load error, 130 interrupted.
    """
    setup_logging(quiet, verbose)
    ctx.ensure_object(dict)
    ctx.obj["quiet"] = quiet


def format_option(choices=None, default="table"):
    """The shared ``--format`` option; ``choices`` defaults to :data:`kg.output.FORMATS`."""
    from ..output import FORMATS

    return click.option(
        "--format", "fmt", type=click.Choice(list(choices or FORMATS)), default=default, show_default=True,
        help="Output format.",
    )


def show_progress(ctx) -> bool:
    """Whether a command shows progress bars: stderr is a terminal and ``-q`` was not given."""
    quiet = bool((ctx.find_root().obj or {}).get("quiet"))
    return not quiet and sys.stderr.isatty()
