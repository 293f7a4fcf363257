"""Errors and the exit codes they map to.

Exit codes are a contract shared by every command:

* 0 -- success (and, for ``kg validate``, a conforming graph);
* 1 -- user error or non-conformance (a SHACL violation, a query that failed);
* 2 -- usage or load error (bad options, a file that cannot be read or decoded,
  an output that cannot be written, a SPARQL server that does not answer);
* 130 -- interrupted (Ctrl-C), as shells expect.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_USER = 1
EXIT_LOAD = 2
EXIT_INTERRUPTED = 130


class KgError(Exception):
    """Base class; ``exit_code`` says how the CLI ends when it is raised."""

    exit_code = EXIT_USER


class DocumentError(KgError):
    """A document cannot be read: missing, empty, binary or in an unknown encoding."""

    exit_code = EXIT_LOAD

    def __init__(self, path, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class ManifestError(KgError):
    exit_code = EXIT_LOAD


class OutputError(KgError, OSError):
    """An output file cannot be written (disk full, a file where a folder should be ...).

    Also an :class:`OSError` with the cause's ``errno``, so code that tolerates a failed
    write (a cache) still catches it.
    """

    exit_code = EXIT_LOAD

    def __init__(self, path, problem: str, errno: int | None = None):
        self.path = str(path)
        self.problem = problem
        OSError.__init__(self, errno, problem, self.path)

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"
