"""Per-document cost against document length: one long plan, extracted whole.

A long plan is made from the plans of ``corpus/`` (and of ``--extra`` folders, e.g. a
dev set): each part is one source plan whose issuer is replaced by another county of
the division table (with its prefecture), and whose numbers are redrawn, so the text
varies all along instead of one paragraph repeated. Parts follow each other under
their own numbered chapter heading, as a compilation of plans would.

For each size (``--sizes`` in MB) the document is extracted in a fresh process
(``kg extract FILE --summary``, start-up included) and timed; the cost per MB shows
whether the cost is linear in the length. A separate check times a 200 KB file
holding a 100,000-digit number. The table goes to stdout and into
``docs/benchmarks.md`` between the ``bench_long`` markers.

    python scripts/bench_long.py [--sizes 1 4 12 50] [--extra DIR ...] [--no-write]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.output import replace_section  # noqa: E402

CORPUS = ROOT / "corpus"
DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- bench_long:start -->", "<!-- bench_long:end -->"
CHAPTERS = "一二三四五六七八九十"


def _sources(extra: list[Path]) -> list[tuple[str, tuple[tuple[str, int], ...]]]:
    """``(text, ((place name, 0 issuer | 1 prefecture | 2 province), ...))`` of every source plan."""
    from kg.document import read_document
    from kg.errors import DocumentError
    from kg.extract.divisions import short_form
    from kg.extract.metadata import find_plan_info
    from kg.manifest import manifest_entry

    out = []
    for folder in [CORPUS, *extra]:
        for path in sorted(folder.glob("*.txt")):
            try:
                doc = read_document(path)
            except DocumentError as exc:
                print(f"left out: {exc}", file=sys.stderr)
                continue
            info = manifest_entry(path) or find_plan_info(doc)
            names = {}
            for rank, name in enumerate(n for n in (info.issuer, *info.parents) if n):
                names[name] = min(rank, 2)
                short = short_form(name)
                if short and len(short) >= 2:
                    names.setdefault(short, min(rank, 2))
            out.append((doc.text, tuple(sorted(names.items(), key=lambda kv: -len(kv[0])))))
    return out


def _counties() -> list[tuple[str, str, str]]:
    """``(county, its prefecture, province)`` names from the division table."""
    from kg.extract.divisions import divisions

    table = divisions()
    out = []
    for d in table.values():
        if d.level != "county" or not d.parent or d.parent not in table:
            continue
        pref = table[d.parent]
        prov = table.get(pref.parent) if pref.parent else None
        if prov is not None:
            out.append((d.name, pref.name, prov.name))
    return sorted(out)


def _redraw(number: str, rng: random.Random) -> str:
    """Another number of as many digits; years (19xx, 20xx) and list numbers (1-9) stay."""
    if len(number) == 1 or (len(number) == 4 and number[:2] in ("19", "20")):
        return number
    return str(rng.randrange(10 ** (len(number) - 1), 10 ** len(number)))


def make_long_plan(target_chars: int, extra: list[Path] = (), seed: int = 1) -> str:
    """A plan of about ``target_chars`` characters made of varied parts (see the module doc)."""
    rng = random.Random(seed)
    sources = _sources(list(extra))
    counties = _counties()
    parts = [f"{counties[0][0]}重点工作汇编\n"]
    size = len(parts[0])
    n = 0
    while size < target_chars:
        text, names = sources[n % len(sources)]
        chosen = rng.choice(counties)
        for name, rank in names:
            text = text.replace(name, chosen[rank])
        county = chosen[0]
        text = re.sub(r"\d+", lambda m: _redraw(m.group(), rng), text)
        chapter = CHAPTERS[n % 10] if n < 10 else f"{n + 1}"
        part = f"\n第{chapter}编 {county}部分\n{text}\n"
        parts.append(part)
        size += len(part)
        n += 1
    return "".join(parts)


def _time_extract(path: Path) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds, peak RSS (MB) and stdout of ``kg extract FILE --summary`` in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "kg", "-q", "extract", str(path), "--summary", "--format", "json"],
                         capture_output=True, text=True, cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    elapsed = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if run.returncode != 0:
        raise SystemExit(f"kg extract failed on {path}: {run.stderr[-2000:]}")
    return elapsed, cpu, after.ru_maxrss / 1024, run.stdout


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 4, 12, 50], help="Document sizes in MB (UTF-8).")
    parser.add_argument("--extra", type=Path, nargs="*", default=[], help="More folders of plans to draw parts from.")
    parser.add_argument("--no-write", action="store_true", help="Print only; leave docs/benchmarks.md alone.")
    args = parser.parse_args(argv)

    import json

    rows = []
    with tempfile.TemporaryDirectory(prefix="kg-bench-long-") as tmp:
        # first, so that its peak memory is its own (a process's children report their largest)
        rng = random.Random(5)
        digits = "".join(rng.choice("0123456789") for _ in range(100_000))
        base = (CORPUS / "000_437e3f8e08c71f6e.txt").read_text(encoding="utf-8")
        text = base[:5000] + "\n1.提高产值,目标" + digits + "亿元。(牵头单位:区发改局)\n" + base[5000:]
        text = (text * (200_000 // len(text.encode("utf-8")) + 1))[: 200_000 // 3 + 100_000]
        path = Path(tmp) / "digits.txt"
        path.write_text(text, encoding="utf-8")
        seconds, cpu, rss, _ = _time_extract(path)
        size = path.stat().st_size / 1e6
        rows.append((f"{size * 1000:.0f} KB file with a 100,000-digit number", seconds, cpu, cpu / size, rss, None, None))
        print(f"{rows[-1][0]}: {seconds:.1f} s wall, {cpu:.1f} s CPU", flush=True)
        for mb in sorted(args.sizes):
            text = make_long_plan(int(mb * 1_000_000 / 3), args.extra)  # about 3 bytes per character in UTF-8
            path = Path(tmp) / f"long_{mb:g}mb.txt"
            path.write_text(text, encoding="utf-8")
            size = path.stat().st_size / 1e6
            seconds, cpu, rss, out = _time_extract(path)
            (summary,) = json.loads(out)
            rows.append((f"{size:.1f} MB plan ({len(text):,} characters)", seconds, cpu, cpu / size, rss,
                         summary.get("tasks"), summary.get("targets")))
            print(f"{rows[-1][0]}: {seconds:.1f} s wall, {cpu:.1f} s CPU, {cpu / size:.2f} CPU s/MB, "
                  f"peak {rss:.0f} MB, {summary.get('tasks')} tasks, {summary.get('targets')} targets", flush=True)
            path.unlink()
    sources = len(_sources(args.extra))

    lines = [START, "", "| document | wall seconds | CPU seconds | CPU seconds per MB | peak memory (MB) | tasks | targets |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, seconds, cpu, per_mb, rss, tasks, targets in rows:
        lines.append(f"| {name} | {seconds:.1f} | {cpu:.1f} | {per_mb:.2f} | {rss:.0f} | {'' if tasks is None else tasks} | "
                     f"{'' if targets is None else targets} |")
    extra = " --extra FOLDER ..." if args.extra else ""
    lines += ["", f"`python scripts/bench_long.py --sizes {' '.join(f'{s:g}' for s in sorted(args.sizes))}{extra}`: "
              f"parts drawn from {sources} plans ({len(list(CORPUS.glob('*.txt')))} of `corpus/`"
              + (f", the others from {len(args.extra)} folder(s) of a dev set" if args.extra else "")
              + "), one fresh process per document (`kg extract FILE --summary`, start-up included). "
              f"The machine has {os.cpu_count()} cores shared with other work, so wall seconds are noisy; "
              "CPU seconds per MB across sizes is the figure that shows the cost is linear in the length.",
              "", END]
    block = "\n".join(lines)
    print(block)
    if not args.no_write:
        replace_section(DOC, START, END, "## Long documents\n\n" + block if START not in DOC.read_text(encoding="utf-8")
                        else block)
    return 0


if __name__ == "__main__":
    sys.exit(main())
