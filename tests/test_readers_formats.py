"""Each format gives what the plain text gives: the annotated plans as web page, Word, WPS, PDF and OFD.

The files are made here from the corpus texts (see tests/fixtures/documents.py): a
government-site page around the text, a .docx with Word's own list numbers, a PDF
printed from the page by headless Chromium (running header and footer included), a
.doc and a .wps written by LibreOffice, an OFD. Each is scored against
corpus/annotations with the project's evaluator.
"""

from __future__ import annotations

import functools
import hashlib
import json
import shutil

import pytest
from click.testing import CliRunner

from kg.evaluation import score_assignments
from kg.extract import extract_document, extract_file
from kg.manifest import manifest_entry
from kg.readers import read_document

from .conftest import ANNOTATIONS, CORPUS
from .fixtures.documents import (
    TABLE_PLAN_MERGES,
    TABLE_PLAN_ROWS,
    TABLE_PLAN_TASKS,
    TABLE_PLAN_TEXT,
    convert_many_with_libreoffice,
    html_page,
    plan_lines,
    print_pdf,
    table_plan_html_table,
    write_docx,
    write_ofd,
)

ANNOTATED = sorted(p.stem for p in ANNOTATIONS.glob("*.json"))
FORMATS = ("html", "docx", "pdf", "doc", "ofd")


@functools.cache
def _plain(name: str):
    return extract_file(CORPUS / name)


def _annotation(stem: str) -> dict:
    return json.loads((ANNOTATIONS / f"{stem}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def formats_dir(tmp_path_factory):
    """The annotated plans and the table-only plan in every format (one folder per format)."""
    root = tmp_path_factory.mktemp("formats")
    for fmt in FORMATS + ("wps",):
        (root / fmt).mkdir()
    docx_files = []
    for stem in ANNOTATED:
        text = (CORPUS / f"{stem}.txt").read_text(encoding="utf-8")
        title = _annotation(stem)["plan_title"]
        page = root / "html" / f"{stem}.html"
        page.write_text(html_page(text, title), encoding="utf-8")
        docx_files.append(write_docx(text, root / "docx" / f"{stem}.docx"))
        print_pdf(page, root / "pdf" / f"{stem}.pdf")
        write_ofd(text, root / "ofd" / f"{stem}.ofd", title)
    title = plan_lines(TABLE_PLAN_TEXT)[0]
    page = root / "html" / "table-plan.html"
    page.write_text(html_page(TABLE_PLAN_TEXT, title, tables=table_plan_html_table()), encoding="utf-8")
    docx_files.append(write_docx(TABLE_PLAN_TEXT, root / "docx" / "table-plan.docx",
                                 table=(TABLE_PLAN_ROWS, TABLE_PLAN_MERGES)))
    print_pdf(page, root / "pdf" / "table-plan.pdf")
    convert_many_with_libreoffice(docx_files, "doc", root / "doc")
    # a WPS writer file is a Word 97 binary document under its own ending
    shutil.copyfile(root / "doc" / f"{ANNOTATED[0]}.doc", root / "wps" / f"{ANNOTATED[0]}.wps")
    return root


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("stem", ANNOTATED)
def test_each_format_gives_the_annotated_assignments(formats_dir, stem, fmt):
    annotation = _annotation(stem)
    path = formats_dir / fmt / f"{stem}.{fmt}"
    doc = read_document(path)
    assert doc.format == fmt
    extraction = extract_document(doc, manifest_entry(CORPUS / annotation["source"]))
    score = score_assignments(extraction.tasks, annotation)
    assert score.missed == [] and score.spurious == []
    assert (score.precision, score.recall) == (1.0, 1.0)
    plain = _plain(annotation["source"])
    assert [t.title for t in extraction.tasks] == [t.title for t in plain.tasks]
    if fmt != "doc":
        # LibreOffice's .doc export starts a restarted Word list (a startOverride) as a list of its own,
        # so its own rendering numbers such lists 1, 1, 2...: the .doc differs there, not the reader
        assert [t.id for t in extraction.tasks] == [t.id for t in plain.tasks]
    # offsets and quotes refer to the extracted text
    assert all(doc.text[u.start:u.end] == u.surface for t in extraction.tasks for u in t.units)


def test_wps_file(formats_dir):
    stem = ANNOTATED[0]
    annotation = _annotation(stem)
    doc = read_document(formats_dir / "wps" / f"{stem}.wps")
    assert doc.format == "wps"
    score = score_assignments(extract_document(doc).tasks, annotation)
    assert (score.precision, score.recall) == (1.0, 1.0)


@pytest.mark.parametrize("fmt", ("html", "docx", "pdf", "doc"))
def test_a_table_only_plan_gives_one_task_per_row(formats_dir, fmt):
    doc = read_document(formats_dir / fmt / f"table-plan.{fmt}")
    tasks = extract_document(doc).tasks
    assert [(t.id, t.title, [(u.surface, u.role) for u in t.units]) for t in tasks] == TABLE_PLAN_TASKS
    assert [t.section for t in tasks] == [("一、提升政务服务效能",)] * 2 + [("二、优化市场环境",)] * 2


def test_kg_run_on_a_folder_of_every_format(formats_dir, tmp_path):
    from rdflib import Graph, URIRef

    from kg.cli import cli
    from kg.namespaces import DCTERMS, KG, PROV

    folder = tmp_path / "downloads"
    folder.mkdir()
    # small plans where a format allows, to keep the run short
    picks = {"html": "table-plan", "docx": ANNOTATED[0], "pdf": "table-plan", "doc": "table-plan", "ofd": ANNOTATED[1],
             "wps": ANNOTATED[0]}
    for fmt, stem in picks.items():
        shutil.copyfile(formats_dir / fmt / f"{stem}.{fmt}", folder / f"{fmt}-{stem}.{fmt}")
    shutil.copyfile(CORPUS / f"{ANNOTATED[2]}.txt", folder / f"text-{ANNOTATED[2]}.txt")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["-q", "run", str(folder), "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    stems = sorted(p.stem for p in folder.iterdir())
    assert sorted(p.stem for p in (out / "texts").glob("*.txt")) == stems
    graph = Graph().parse(out / "graph.ttl", format="turtle")
    plans = sorted(graph.subjects(DCTERMS.identifier, None))
    sources = {}
    for plan in set(graph.subjects(KG.text, None)):
        name = str(graph.value(plan, DCTERMS.identifier))
        source = graph.value(plan, DCTERMS.source)
        assert graph.value(plan, PROV.wasDerivedFrom) == source
        digest = hashlib.sha256((folder / name).read_bytes()).hexdigest()
        assert source == URIRef(f"urn:sha256:{digest}") and str(graph.value(source, KG.contentHash)) == digest
        # the kept text is the one the evidence offsets index
        assert (out / "texts" / f"{(folder / name).stem}.txt").read_text(encoding="utf-8") == str(graph.value(plan, KG.text))
        sources[name] = str(graph.value(source, DCTERMS.format))
    assert len(sources) == len(stems) and plans
    assert sources["pdf-table-plan.pdf"] == "application/pdf"
    assert sources["doc-table-plan.doc"] == "application/msword"


def test_a_pdf_table_over_several_pages_keeps_every_row(tmp_path):
    """Rows after a page break have no header above them: the table continues from the page before."""
    import html

    units = ["区发改局", "区财政局", "区住建局", "区教育局", "区卫健局", "区商务局"]
    rows = [["序号", "重点任务", "牵头单位", "责任单位", "完成时限"]]
    rows += [[str(i), f"推进第{i}项重点工作任务落实", units[i % 6], f"{units[(i + 1) % 6]}、各镇街", "2024年底"]
             for i in range(1, 61)]
    table = "<table border=1 style='border-collapse:collapse'>" + "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows) + "</table>"
    page = tmp_path / "long.html"
    page.write_text(html_page(TABLE_PLAN_TEXT, plan_lines(TABLE_PLAN_TEXT)[0], tables=table), encoding="utf-8")
    doc = read_document(print_pdf(page, tmp_path / "long.pdf"))
    assert doc.metadata["pages"] >= 2
    tasks = extract_document(doc).tasks
    assert [t.id for t in tasks] == [str(i) for i in range(1, 61)]
    assert all([(u.surface, u.role) for u in t.units] == [(units[int(t.id) % 6], "lead"),
                                                          (units[(int(t.id) + 1) % 6], "responsible"),
                                                          ("各镇街", "collective")] for t in tasks)
