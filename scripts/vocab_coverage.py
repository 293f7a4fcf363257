"""How much of a set of plans the department-type vocabulary covers.

A unit mention is *covered* when its name resolves to a department type
(``ontology/department-types.ttl``). Two views:

* ``gold DIR``: the lead and responsible unit strings of gold files (the schema of
  ``kg evaluate --gold``: ``issuer_place`` and ``tasks`` with ``lead_units`` and
  ``responsible_units``), each resolved the way the extractor resolves a unit of a plan
  issued by ``issuer_place``. Collectives are not counted.
* ``extracted PATH...``: the non-collective unit mentions of the tasks ``kg extract``
  finds in PATH (files or folders), or in ``kg extract --format jsonl`` output given
  with ``--jsonl FILE`` (``-`` for stdin).

Prints covered/total and the uncovered names with their counts, most frequent first;
``--exclude FILE`` (one name per line) sets aside names that are not units at all
(cut wrongly by the extractor), listed separately and left out of the total.
``--min SHARE`` exits 1 when the share is lower. Exit code 2: a file cannot be read.

    python scripts/vocab_coverage.py gold tests/data/devset/labelled/gold
    python scripts/vocab_coverage.py extracted my_plans/ --min 0.95
    kg extract my_plans/ --format jsonl | python scripts/vocab_coverage.py extracted --jsonl -
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

from kg.extract.metadata import issuer_parents  # noqa: E402
from kg.extract.model import PlanInfo  # noqa: E402
from kg.extract.units import resolve_unit  # noqa: E402

GOLD_ROLES = ("lead_units", "responsible_units")
"""The gold fields whose strings are unit names (collective_units are not)."""


@dataclass
class Coverage:
    """Covered and uncovered unit mentions of one view."""

    view: str
    covered: int = 0
    uncovered: Counter = field(default_factory=Counter)
    excluded: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return self.covered + sum(self.uncovered.values())

    @property
    def share(self) -> float:
        """Covered mentions over all counted mentions (1.0 when there are none).

        >>> c = Coverage("x", covered=3, uncovered=Counter({"某某协调小组": 1}))
        >>> c.total, c.share
        (4, 0.75)
        """
        return self.covered / self.total if self.total else 1.0

    def add(self, name: str, covered: bool, exclude: frozenset[str] = frozenset()) -> None:
        if name in exclude:
            self.excluded[name] += 1
        elif covered:
            self.covered += 1
        else:
            self.uncovered[name] += 1


def plan_of(doc: str, issuer: str | None) -> PlanInfo:
    """A plan issued by ``issuer`` with its parents from the division table (when listed).

    >>> plan_of("a", "广州市").parents
    ('广东省',)
    """
    return PlanInfo(doc, None, issuer, None, parents=issuer_parents(issuer))


def gold_units(gold_dir: str | Path) -> Iterator[tuple[PlanInfo, str]]:
    """``(plan, unit string)`` for every lead and responsible unit of every ``*.json`` in ``gold_dir``."""
    paths = sorted(Path(gold_dir).glob("*.json"))
    if not paths:
        raise FileNotFoundError(f"{gold_dir}: no gold *.json files")
    for path in paths:
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
            plan = plan_of(path.stem, gold.get("issuer_place"))
            for task in gold["tasks"]:
                for role in GOLD_ROLES:
                    for surface in task.get(role, ()):
                        yield plan, surface
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}: not a gold file ({exc})") from None


def gold_coverage(gold_dir: str | Path, exclude: Iterable[str] = ()) -> Coverage:
    """Coverage of the gold unit strings of ``gold_dir``, each resolved as the extractor would."""
    exclude = frozenset(exclude)
    cov = Coverage("gold")
    for plan, surface in gold_units(gold_dir):
        cov.add(surface, resolve_unit(surface, plan).unit_type is not None, exclude)
    return cov


def extracted_coverage(records: Iterable[dict], exclude: Iterable[str] = ()) -> Coverage:
    """Coverage of the non-collective unit mentions of ``kg extract`` task records (dicts).

    >>> rec = {"type": "task", "units": [
    ...     {"surface": "区发改局", "role": "lead", "unit_type": "development-reform"},
    ...     {"surface": "某某专项小组", "role": "responsible", "unit_type": None},
    ...     {"surface": "各镇街", "role": "collective", "unit_type": "township-street"}]}
    >>> cov = extracted_coverage([rec])
    >>> cov.covered, dict(cov.uncovered)
    (1, {'某某专项小组': 1})
    """
    exclude = frozenset(exclude)
    cov = Coverage("extracted")
    for rec in records:
        if rec.get("type") != "task":
            continue
        for unit in rec.get("units", ()):
            if unit.get("role") != "collective":
                cov.add(unit["surface"], unit.get("unit_type") is not None, exclude)
    return cov


def extract_records(paths: Iterable[str | Path]) -> Iterator[dict]:
    """``kg extract`` records of the documents under ``paths``.

    A file that cannot be read is reported on stderr (by kg's logger) and left out.
    """
    from kg import extract_paths
    from kg.errors import KgError

    for result in extract_paths(paths):
        if isinstance(result, KgError):
            continue
        yield from result.record_dicts()


def read_jsonl(path: str) -> Iterator[dict]:
    stream = sys.stdin if path == "-" else open(path, encoding="utf-8")
    try:
        for n, line in enumerate(stream, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except ValueError as exc:
                    raise ValueError(f"{path}:{n}: not a JSON line ({exc})") from None
    finally:
        if stream is not sys.stdin:
            stream.close()


def format_coverage(cov: Coverage, limit: int | None = None) -> str:
    """covered/total, then the uncovered (and the excluded) names with their counts.

    >>> print(format_coverage(Coverage("gold", covered=3, uncovered=Counter({"某某协调小组": 1}))))
    gold: 3/4 unit mentions have a department type (75.0%)
    uncovered (1 names, 1 mentions):
          1  某某协调小组
    """
    lines = [f"{cov.view}: {cov.covered}/{cov.total} unit mentions have a department type ({cov.share:.1%})"]
    for title, names in (("uncovered", cov.uncovered), ("excluded as not units", cov.excluded)):
        if names:
            lines.append(f"{title} ({len(names)} names, {sum(names.values())} mentions):")
            rows = sorted(names.items(), key=lambda kv: (-kv[1], kv[0]))
            lines += [f"  {n:5d}  {name}" for name, n in rows[:limit]]
            if limit is not None and len(rows) > limit:
                lines.append(f"  ... {len(rows) - limit} more")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="view", required=True)
    gold = sub.add_parser("gold", help="gold unit strings of a folder of gold *.json files")
    gold.add_argument("gold_dir")
    ext = sub.add_parser("extracted", help="unit mentions kg extract finds")
    ext.add_argument("paths", nargs="*", help="plans (files or folders) to extract")
    ext.add_argument("--jsonl", help="read kg extract --format jsonl output instead (- for stdin)")
    for p in (gold, ext):
        p.add_argument("--exclude", help="file of names that are not units (one a line): set aside")
        p.add_argument("--min", type=float, help="exit 1 when the covered share is below this")
        p.add_argument("--limit", type=int, help="list at most this many names")
    args = parser.parse_args(argv)
    try:
        exclude = Path(args.exclude).read_text(encoding="utf-8").split("\n") if args.exclude else ()
        exclude = [line.strip() for line in exclude if line.strip()]
        if args.view == "gold":
            cov = gold_coverage(args.gold_dir, exclude)
        else:
            if bool(args.paths) == bool(args.jsonl):
                parser.error("give plans to extract or --jsonl FILE, not both")
            records = read_jsonl(args.jsonl) if args.jsonl else extract_records(args.paths)
            cov = extracted_coverage(records, exclude)
    except (OSError, ValueError) as exc:
        print(f"vocab_coverage: {exc}", file=sys.stderr)
        return 2
    print(format_coverage(cov, args.limit))
    return 1 if args.min is not None and cov.share < args.min else 0


if __name__ == "__main__":
    sys.exit(main())
