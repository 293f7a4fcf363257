"""Throughput of ``kg extract`` against two references over the same text.

The corpus is replicated (under new file names) until it holds at least ``--mb``
megabytes of UTF-8. Three whole processes run over the same files, one after the other:

1. ``kg extract DIR --format jsonl`` (the whole extractor, start-up included);
2. the floor: a bare regex scan for assignment brackets (read files, ``finditer``);
3. ``spacy.blank("zh")`` with the jieba segmenter only tokenising the text, which any
   spaCy pipeline pays before it does anything.

Each is timed by wall clock (best of ``--repeat``) with its peak memory (max RSS);
the table goes to stdout and into ``docs/benchmarks.md`` between the
``bench_extract`` markers.

    python scripts/bench_extract.py [--mb 10] [--repeat 1] [--no-write]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- bench_extract:start -->", "<!-- bench_extract:end -->"

REGEX_FLOOR = r"""
import re, sys
from pathlib import Path
pattern = re.compile(r"[（(〔【][^（）()〔〕【】]*(?:牵头|责任|配合)[^（）()〔〕【】]*[）)〕】]")
hits = 0
for p in sorted(Path(sys.argv[1]).glob("*.txt")):
    hits += sum(1 for _ in pattern.finditer(p.read_text(encoding="utf-8")))
print(hits)
"""

JIEBA_TOKENISE = r"""
import sys, logging
from pathlib import Path
import jieba
jieba.setLogLevel(logging.ERROR)
import spacy
nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
tokens = 0
for p in sorted(Path(sys.argv[1]).glob("*.txt")):
    text = p.read_text(encoding="utf-8")
    # spaCy's own limit is 1,000,000 characters a doc; our files are far smaller
    tokens += len(nlp.make_doc(text))
print(tokens)
"""


def make_dataset(target_bytes: int, folder: Path) -> tuple[int, int, int]:
    """Copy the corpus under new names until ``target_bytes``; return (files, bytes, chars)."""
    sources = sorted(CORPUS.glob("*.txt"))
    files = size = chars = 0
    copy = 0
    while size < target_bytes:
        for src in sources:
            text = src.read_text(encoding="utf-8")
            dest = folder / f"{src.stem}_{copy:04d}.txt"
            dest.write_text(text, encoding="utf-8")
            files += 1
            size += len(text.encode("utf-8"))
            chars += len(text)
        copy += 1
    return files, size, chars


def run(cmd: list[str], repeat: int) -> tuple[float, float]:
    """Best wall time over ``repeat`` runs and the peak RSS (MiB) of that process alone."""
    best, peak = float("inf"), 0.0
    for _ in range(repeat):
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            raise SystemExit(f"{cmd[0]} exited {proc.returncode}")
        best = min(best, elapsed)
        peak = max(peak, usage.ru_maxrss / 1024)
    return best, peak


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=10.0, help="size of the replicated corpus in MB (default 10)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each command; the best is kept")
    parser.add_argument("--no-write", action="store_true", help="print only, leave docs/benchmarks.md alone")
    args = parser.parse_args(argv)

    kg = shutil.which("kg", path=str(Path(sys.executable).parent)) or "kg"
    folder = Path(tempfile.mkdtemp(prefix="kg-bench-extract-"))
    try:
        files, size, chars = make_dataset(int(args.mb * 1_000_000), folder)
        rows = []
        subprocess.run([kg, "-q", "extract", str(CORPUS)], stdout=subprocess.DEVNULL, check=True)  # fills the start-up cache
        for name, cmd in (
            ("kg extract (whole process)", [kg, "-q", "extract", str(folder), "--format", "jsonl"]),
            ("kg extract --workers 2 (whole process)", [kg, "-q", "extract", str(folder), "--format", "jsonl", "--workers", "2"]),
            ("regex scan for brackets (floor)", [sys.executable, "-c", REGEX_FLOOR, str(folder)]),
            ("spaCy blank zh + jieba, tokenise only", [sys.executable, "-c", JIEBA_TOKENISE, str(folder)]),
        ):
            seconds, rss = run(cmd, args.repeat)
            rows.append((name, seconds, chars / seconds, rss))
            print(f"{name:40s} {seconds:8.2f} s {chars / seconds / 1e6:8.3f} M chars/s  {rss:7.0f} MiB", file=sys.stderr)
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    kg_speed, kg2_speed, floor_speed, tok_speed = (r[2] for r in rows)
    lines = [
        START,
        "## Extraction throughput",
        "",
        f"`python scripts/bench_extract.py --mb {args.mb:g}`: the corpus replicated to {files} files, "
        f"{size / 1e6:.1f} MB, {chars:,} characters; whole processes, wall clock, best of {args.repeat}; "
        f"{os.cpu_count()} cores.",
        "",
        "| process | seconds | characters / s | peak RSS (MiB) | vs tokenising |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, seconds, speed, rss in rows:
        lines.append(f"| {name} | {seconds:.2f} | {speed:,.0f} | {rss:.0f} | {speed / tok_speed:.2f}x |")
    lines += [
        "",
        f"In one process `kg extract` runs at {kg_speed / floor_speed:.3f}x the speed of the bare regex floor and "
        f"{kg_speed / tok_speed:.2f}x the speed of jieba tokenisation alone "
        f"({'faster' if kg_speed > tok_speed else 'slower'} than tokenising; it tokenises only the short spans that need it). "
        f"With two worker processes it runs at {kg2_speed / tok_speed:.2f}x the single-process tokenisation "
        f"({'faster' if kg2_speed > tok_speed else 'slower'}); that comparison gives kg twice the cores.",
        "",
        "What the single-process figure includes and leaves out:",
        "",
        "* both processes pay for importing spaCy and loading jieba's dictionary (about 1 s);",
        "* kg also loads jieba's part-of-speech tags and the department-type vocabulary, from its",
        "  start-up cache (`kg/datacache.py`); the run before the timed ones fills it, and a run",
        "  without it costs about 0.2 s more;",
        "* memoised segmentation is per document (`kg/memo.py`), so the replicated copies gain",
        "  nothing from each other there; unit resolution is memoised per (name, issuer) across",
        "  documents, which a corpus from one jurisdiction also benefits from;",
        "* kg's pipeline (`kg.load()`) makes one spaCy Doc per document, one token per character,",
        "  and its components write their findings as span groups; the records are read back",
        "  from the Doc;",
        "* the short spans kg segments into words (target phrases, place and project names) go",
        "  through one dictionary-only segmenter equal to `jieba.lcut(text, HMM=False)`",
        "  (checked in `tests/test_lexicon.py`).",
        END,
    ]
    block = "\n".join(lines)
    print(block)
    if not args.no_write:
        from kg.output import replace_section

        replace_section(DOC, START, END, block, header="# Benchmarks\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
