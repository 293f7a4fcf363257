"""Reading speed of each input format: the corpus as text, web page, Word, PDF, DOC and OFD.

Every corpus text (and the table-only plan of the tests) is written in each format
the way the reader tests make them (``tests/fixtures/documents.py``): a government-site
page, a .docx with Word list numbers, a PDF printed from the page by headless Chromium,
a .doc written by LibreOffice from the .docx, an OFD. Then each format's files are read
with :func:`kg.readers.read_document` in this one process, best of ``--repeat``:

* wall-clock seconds, and CPU seconds of this process plus its children (LibreOffice
  converts .doc files in a child process), which is steadier than wall clock on a
  shared machine;
* MB of input per second and pages per second, a page being a page of the same
  plan printed to PDF, so every format is measured in the same pages;
* the CPU time relative to reading the plain text (same run, so the machine's load
  shifts all rows alike).

The table goes to stdout and into ``docs/benchmarks.md`` between the ``bench_readers``
markers.

    python scripts/bench_readers.py [--repeat 3] [--no-write]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.output import replace_section  # noqa: E402
from kg.readers import read_document  # noqa: E402
from tests.fixtures.documents import (  # noqa: E402
    TABLE_PLAN_MERGES,
    TABLE_PLAN_ROWS,
    TABLE_PLAN_TEXT,
    convert_many_with_libreoffice,
    html_page,
    plan_lines,
    print_pdf,
    table_plan_html_table,
    write_docx,
    write_ofd,
)

CORPUS = ROOT / "corpus"
DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- bench_readers:start -->", "<!-- bench_readers:end -->"
FORMATS = ("txt", "html", "docx", "pdf", "doc", "ofd")


def make_files(folder: Path) -> dict[str, list[Path]]:
    """Every plan in every format; returns the files by format."""
    for fmt in FORMATS:
        (folder / fmt).mkdir(parents=True)
    plans = [(p.stem, p.read_text(encoding="utf-8"), "") for p in sorted(CORPUS.glob("*.txt"))]
    plans.append(("table-plan", TABLE_PLAN_TEXT, table_plan_html_table()))
    docx = []
    for stem, text, table in plans:
        title = plan_lines(text)[0][:60]
        shutil.copyfile(CORPUS / f"{stem}.txt", folder / "txt" / f"{stem}.txt") if not table else \
            (folder / "txt" / f"{stem}.txt").write_text(text, encoding="utf-8")
        page = folder / "html" / f"{stem}.html"
        page.write_text(html_page(text, title, tables=table), encoding="utf-8")
        docx.append(write_docx(text, folder / "docx" / f"{stem}.docx",
                               table=(TABLE_PLAN_ROWS, TABLE_PLAN_MERGES) if table else None))
        print_pdf(page, folder / "pdf" / f"{stem}.pdf")
        write_ofd(text, folder / "ofd" / f"{stem}.ofd", title)
    convert_many_with_libreoffice(docx, "doc", folder / "doc")
    return {fmt: sorted((folder / fmt).iterdir()) for fmt in FORMATS}


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def measure(files: list[Path], repeat: int) -> tuple[float, float, int]:
    """Best wall and CPU seconds to read ``files``, and the characters of text they give."""
    read_document(files[0])  # imports and first-call set-up are not timed
    best_wall = best_cpu = float("inf")
    chars = 0
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), _cpu()
        chars = sum(len(read_document(p).text) for p in files)
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, _cpu() - cpu)
    return best_wall, best_cpu, chars


def pdf_pages(files: list[Path]) -> dict[str, int]:
    import pypdfium2 as pdfium

    out = {}
    for p in files:
        pdf = pdfium.PdfDocument(str(p))
        out[p.stem] = len(pdf)
        pdf.close()
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kg-bench-readers-") as tmp:
        print("writing the plans in every format (Chromium, LibreOffice)...", file=sys.stderr)
        files = make_files(Path(tmp))
        pages = pdf_pages(files["pdf"])
        rows = []
        for fmt in FORMATS:
            wall, cpu, chars = measure(files[fmt], args.repeat)
            size = sum(p.stat().st_size for p in files[fmt]) / 1e6
            n_pages = sum(pages[p.stem] for p in files[fmt])
            rows.append((fmt, len(files[fmt]), size, n_pages, chars, wall, cpu))
            print(f"{fmt}: {wall:.3f} s wall, {cpu:.3f} s CPU", file=sys.stderr)
    lines = [
        "| format | files | MB | pages | characters out | wall s | CPU s | MB / CPU s | pages / CPU s | CPU ms / page |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for fmt, n, size, n_pages, chars, wall, cpu in rows:
        lines.append(f"| {fmt} | {n} | {size:.2f} | {n_pages} | {chars:,} | {wall:.3f} | {cpu:.3f} | "
                     f"{size / cpu:,.2f} | {n_pages / cpu:,.1f} | {1000 * cpu / n_pages:,.2f} |")
    table = "\n".join(lines)
    block = f"""{START}
## Reading formats

`python scripts/bench_readers.py --repeat {args.repeat}`: the {len(files['txt']) - 1} corpus plans and the tests'
table-only plan, each written as plain text, a government-site page (`html`), a Word file with list
numbering (`docx`), a PDF printed by headless Chromium (`pdf`, with its running header and footer),
a `.doc` written by LibreOffice, and an OFD; read with `kg.readers.read_document` in one process,
best of {args.repeat}. A page is a page of the same plan printed to PDF (US Letter, Chromium's
default), so all rows count the same pages. CPU seconds include child processes (LibreOffice
for `.doc`).

{table}

Reading is not extraction: `kg extract` then spends its own time on the text (see
*Extraction throughput*). What the figures include:

* `doc` (and `.wps`, `.rtf`, `.odt`) start one headless LibreOffice per file to convert it to
  .docx; that start-up is nearly all of its time (a large batch of .doc files is better
  converted once with `soffice --convert-to docx *.doc` and read as .docx);
* `pdf` reads the text layer of every page with PDFium and hands only the pages that draw
  rules or boxes to pdfplumber for ruled tables (here the table-only plan's page): pdfplumber
  parses a page in pure Python and costs far more per page than PDFium;
* the `html` row is trafilatura's main-content extraction (with its fallbacks), over pages
  of 30 to 40 kB;
* measured while other work ran on the machine's 2 cores: wall-clock figures are noisy
  (several times the CPU time); the CPU columns are the figures to compare, and the
  plain-text row is too small to be more than an order of magnitude.
{END}"""
    print(block)
    if not args.no_write:
        replace_section(DOC, START, END, block)
        print(f"wrote {DOC}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
