"""Write a varied benchmark corpus: the corpus plans re-issued by other counties.

    python scripts/make_corpus.py N OUT [--seed S] [--corpus corpus]

Plan ``i`` is the corpus plan ``i mod 5`` with its issuer replaced by a county drawn
from the GB/T 2260 table (``kg/data/divisions.tsv``), its prefecture and province by
the county's own, and every department name varied among its usual forms (the
``skos:altLabel`` names of one department type in ``ontology/department-types.ttl``
that end alike: 发改局 / 发展和改革局 / 发展改革局), one form per plan, written with
the county prefix (大冶市发展和改革局) or the bare level (市发改局), so that units
number in the thousands, as in a real multi-county corpus. ``OUT/manifest.csv`` gives
each plan's title, issuer and parents. The same N, seed and corpus give the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.output import write_atomic  # noqa: E402
from kg.resources import PACKAGE_DIR, ontology_file  # noqa: E402

DIVISIONS = PACKAGE_DIR / "data" / "divisions.tsv"
MANIFEST_FIELDS = ("file", "title", "issuer", "parents", "date", "genre", "source")
SUFFIX_CLASSES = (("委员会", "委"), ("委", "委"), ("局", "局"), ("办公室", "办"), ("办", "办"), ("中心", "中心"))
"""Name endings that make one group of interchangeable forms (委员会 and 委 are one)."""
LEVELS = "省市区县旗"


@dataclass(frozen=True)
class County:
    code: str
    name: str
    prefecture: str
    province: str


@dataclass(frozen=True)
class Seed:
    path: Path
    text: str
    row: dict


def counties(path: Path = DIVISIONS) -> list[County]:
    """Counties whose parent is a prefecture and grandparent a province, in code order."""
    rows = {}
    with path.open(encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t"):
        rows[row["code"]] = row
    found = []
    for row in rows.values():
        if row["level"] != "county" or len(row["name"]) < 2 or row["name"][-1] not in LEVELS:
            continue
        parent = rows.get(row["parent"])
        grand = rows.get(parent["parent"]) if parent else None
        if parent and grand and parent["level"] == "prefecture" and grand["level"] == "province":
            found.append(County(row["code"], row["name"], parent["name"], grand["name"]))
    return sorted(found, key=lambda c: c.code)


def department_forms(path: Path | None = None) -> list[list[str]]:
    """Groups of interchangeable unit names (without jurisdiction) from the department-type scheme.

    A group is the altLabels of one concept with one kind of ending that spell the
    longest of them in order (发改局 and 发展改革局 within 发展和改革局; 农机局 is another
    bureau of the agriculture type, not a form of 农业农村局); a name that is an
    altLabel of several concepts (a merged bureau) is left out.
    """
    from rdflib import Graph
    from rdflib.namespace import SKOS

    graph = Graph().parse(path or ontology_file("department-types.ttl"), format="turtle")
    owners: dict[str, set] = {}
    for concept, label in graph.subject_objects(SKOS.altLabel):
        if getattr(label, "language", None) == "zh":
            owners.setdefault(str(label), set()).add(concept)
    groups: dict[tuple, set[str]] = {}
    for label, concepts in owners.items():
        if len(concepts) != 1 or len(label) < 3:
            continue
        kind = next((k for end, k in SUFFIX_CLASSES if label.endswith(end)), None)
        if kind is not None:
            groups.setdefault((str(next(iter(concepts))), kind), set()).add(label)
    result = []
    for _, forms in sorted(groups.items()):
        # each form that no other form of its kind spells heads a group of the forms that spell it
        # (价格监督检查局 and 发展和改革局 are two bureaus of one type, each with its own short forms)
        heads = [f for f in sorted(forms) if not any(g != f and _spells(f, g) for g in forms)]
        for head in sorted(heads, key=lambda h: (-len(h), h)):
            result.append(sorted(f for f in forms if _spells(f, head)))
    return result


def _spells(short: str, long: str) -> bool:
    """Whether the characters of ``short`` appear in ``long`` in order."""
    rest = iter(long)
    return all(ch in rest for ch in short)


def read_seeds(corpus: Path) -> list[Seed]:
    with (corpus / "manifest.csv").open(encoding="utf-8", newline="") as fh:
        rows = {row["file"]: row for row in csv.DictReader(fh)}
    seeds = []
    for path in sorted(corpus.glob("*.txt")):
        if path.name in rows:
            seeds.append(Seed(path, path.read_text(encoding="utf-8"), rows[path.name]))
    if not seeds:
        raise SystemExit(f"{corpus}: no plans with a manifest row")
    return seeds


def _short(name: str) -> str:
    """A place name without its level (鄂城区 -> 鄂城), when that leaves two characters or more."""
    return name[:-1] if len(name) >= 3 and name[-1] in LEVELS else name


def _substitute(text: str, mapping: dict[str, str]) -> str:
    if not mapping:
        return text
    pattern = re.compile("|".join(re.escape(k) for k in sorted(mapping, key=len, reverse=True)))
    return pattern.sub(lambda m: mapping[m.group(0)], text)


class Variator:
    """Re-issues seed plans under other counties with varied department names."""

    def __init__(self, forms: list[list[str]]):
        self.groups = forms
        self.group_of = {form: i for i, group in enumerate(forms) for form in group}
        alternatives = "|".join(re.escape(f) for f in sorted(self.group_of, key=len, reverse=True))
        self.pattern = re.compile(f"(?P<pre>[{LEVELS}])?(?P<form>{alternatives})")

    def plan(self, seed: Seed, county: County, rng: random.Random) -> tuple[str, dict]:
        issuer = seed.row["issuer"]
        parents = [p for p in seed.row["parents"].split(";") if p]
        places = {issuer: county.name}
        news = [county.prefecture, county.province]
        for old, new in zip(parents, news, strict=False):
            places[old] = new
        for old, new in list(places.items()):
            if _short(old) != old and _short(old) not in places:
                places[_short(old)] = _short(new)
        choice = [rng.choice(group) for group in self.groups]
        full_prefix = rng.random() < 0.5
        level = issuer[-1]

        def department(m: re.Match) -> str:
            form = choice[self.group_of[m.group("form")]]
            pre = m.group("pre") or ""
            if pre == level:
                pre = county.name if full_prefix else county.name[-1]
            return pre + form

        text = self.pattern.sub(department, _substitute(seed.text, places))
        row = dict(seed.row)
        row.update(title=_substitute(seed.row["title"], places), issuer=county.name,
                   parents=";".join(news[:len(parents)] or news), source=f"generated from {seed.path.name}")
        return text, row


def make_corpus(n: int, out: str | Path, seed: int = 0, corpus: str | Path = ROOT / "corpus") -> list[Path]:
    """Write ``n`` plans and ``manifest.csv`` into ``out``; the plans' paths."""
    out = Path(out)
    rng = random.Random(seed)
    seeds = read_seeds(Path(corpus))
    pool = counties()
    variator = Variator(department_forms())
    rows, written = [], []
    for i in range(n):
        origin = seeds[i % len(seeds)]
        county = pool[rng.randrange(len(pool))]
        text, row = variator.plan(origin, county, rng)
        name = f"{i:05d}_{county.code}_{origin.path.stem[:3]}.txt"
        row["file"] = name
        written.append(write_atomic(out / name, text))
        rows.append(row)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=MANIFEST_FIELDS, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    write_atomic(out / "manifest.csv", buf.getvalue())
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of plans")
    parser.add_argument("out", help="output folder")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--corpus", default=str(ROOT / "corpus"), help="seed plans with their manifest.csv")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be at least 1")
    paths = make_corpus(args.n, args.out, seed=args.seed, corpus=args.corpus)
    print(f"{len(paths)} plans and manifest.csv written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
