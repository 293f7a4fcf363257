"""Readers, one piece at a time: sniffing, tables, list numbers, page furniture, bad input."""

from __future__ import annotations

import html
import re
import shutil
import zipfile

import pytest

from kg.errors import EXIT_LOAD, DocumentError
from kg.readers import read_document
from kg.readers.html import read_html
from kg.readers.numbering import format_number
from kg.readers.pdf import is_page_number, join_lines, strip_page_furniture
from kg.readers.sniff import OLE_MAGIC, sniff, sniff_bytes
from kg.readers.tables import table_lines

from .fixtures.documents import html_page, write_docx, write_ofd

PLAN = """某某区2024年行动方案
一、重点任务
1.推行产业链长制。（牵头单位：区发改局；责任单位：区财政局、各镇街）
2.推进链式招商。（牵头单位：区招商中心；责任单位：区商务局）
二、保障措施
1.加强组织领导。（牵头单位：区政府办）
"""


# --- sniffing -------------------------------------------------------------------------------------


def _ole(*streams: str) -> bytes:
    return OLE_MAGIC + b"\x00" * 504 + b"".join(s.encode("utf-16-le") + b"\x00\x00" for s in streams)


@pytest.mark.parametrize("head, suffix, expected", [
    (b"%PDF-1.7\n%\xe2\xe3", ".pdf", "pdf"),
    (b"%PDF-1.4", ".txt", "pdf"),  # a PDF saved with the wrong ending
    (b"<!DOCTYPE html><html><body>x</body></html>", ".txt", "html"),
    (b"\xef\xbb\xbf  <html lang='zh'><head>", ".doc", "html"),  # gov sites serve pages named .doc
    (b"<?xml version='1.0'?>\n<!DOCTYPE html><html>", ".htm", "html"),
    (b"<div>x</div><meta charset='gbk'>", ".html", "html"),
    ("一、总体要求\n<p>不是网页</p>".encode(), ".txt", "text"),
    ("一、总体要求".encode("gb18030"), ".txt", "text"),
    (b"{\\rtf1\\ansi ...", ".rtf", "rtf"),
    (_ole("Root Entry", "WordDocument", "1Table"), ".doc", "doc"),
    (_ole("Root Entry", "WordDocument"), ".wps", "wps"),
    (_ole("Root Entry", "Workbook"), ".xls", "ole"),
    (_ole("Root Entry", "EncryptionInfo", "EncryptedPackage"), ".docx", "encrypted-office"),
])
def test_sniff_bytes(head, suffix, expected):
    assert sniff_bytes(head, suffix) == expected


def _zip(path, members):
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


@pytest.mark.parametrize("name, members, expected", [
    ("a.docx", {"[Content_Types].xml": "x", "word/document.xml": "x"}, "docx"),
    ("a.zip", {"[Content_Types].xml": "x", "word/document.xml": "x"}, "docx"),
    ("a.ofd", {"OFD.xml": "x"}, "ofd"),
    ("a.odt", {"mimetype": "application/vnd.oasis.opendocument.text"}, "odt"),
    ("a.xlsx", {"[Content_Types].xml": "x", "xl/workbook.xml": "x"}, "zip"),
])
def test_sniff_zip_members(tmp_path, name, members, expected):
    assert sniff(_zip(tmp_path / name, members)) == expected


def test_a_damaged_zip_is_judged_by_its_ending(tmp_path):
    path = tmp_path / "a.docx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    assert sniff(path) == "docx"


# --- tables ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("rows, expected", [
    # spaced header names, a caption row above the header, an empty column dropped
    ([["附件：重点任务分工表", "附件：重点任务分工表", "附件：重点任务分工表", ""],
      ["序号", "工作任务", "牵 头 单 位", ""], ["1", "推进改革", "市发改委", ""]],
     ["附件：重点任务分工表", "", "序号\t工作任务\t牵头单位", "1\t推进改革\t市发改委"]),
    # two header rows: 责任单位 merged over 牵头单位 | 配合单位
    ([["序号", "任务", "责任单位", "责任单位"], ["序号", "任务", "牵头单位", "配合单位"], ["1", "建园区", "市发改委", "市财政局"]],
     ["序号\t任务\t牵头单位\t配合单位", "1\t建园区\t市发改委\t市财政局"]),
    # the header repeated on the next page is dropped; an empty cell keeps its column
    ([["序号", "任务", "牵头单位", "责任单位"], ["1", "甲", "市发改委", ""], ["序号", "任务", "牵头单位", "责任单位"],
      ["2", "乙", "市财政局", "市税务局"]],
     ["序号\t任务\t牵头单位\t责任单位", "1\t甲\t市发改委\t", "2\t乙\t市财政局\t市税务局"]),
    # a column without a name in the header
    ([["序号", "", "牵头单位"], ["1", "推进改革", "市发改委"]], ["序号\t—\t牵头单位", "1\t推进改革\t市发改委"]),
    # a cell's lines and tabs become spaces
    ([["序号", "任务", "牵头单位"], ["1", "推进\n改革", "市发改委\t"]], ["序号\t任务\t牵头单位", "1\t推进 改革\t市发改委"]),
    # no unit column: rows laid out all the same (the table step ignores them)
    ([["指标", "2023年", "2024年"], ["地区生产总值", "100", "107"]], ["指标\t2023年\t2024年", "地区生产总值\t100\t107"]),
    # a one-column table is a list of paragraphs
    ([["一、总体要求"], ["二、主要目标"]], ["一、总体要求", "二、主要目标"]),
    ([["", ""], [None, " "]], []),
])
def test_table_lines(rows, expected):
    assert table_lines(rows) == expected


def test_table_rows_become_tasks_with_roles_from_the_headers():
    from kg.extract import extract_document
    from kg.readers.model import Block, FileDocument, render_blocks

    rows = (("序号", "重点任务", "牵头单位", "配合单位", "完成时限"),
            ("1", "推进链长制", "区发改局", "区财政局、各镇街", "2024年底"),
            ("2", "优化营商环境", "区发改局", "", "长期坚持"),
            ("", "建设数字政府", "区大数据中心", "区委网信办", "2024年"))
    text, blocks = render_blocks([Block("paragraph", "某区2024年工作方案"), Block("table", rows=rows)])
    ex = extract_document(FileDocument(name="t.docx", text=text, format="docx", blocks=blocks))
    assert [(t.id, t.title, [(u.surface, u.role) for u in t.units]) for t in ex.tasks] == [
        ("1", "推进链长制", [("区发改局", "lead"), ("区财政局", "responsible"), ("各镇街", "collective")]),
        ("2", "优化营商环境", [("区发改局", "lead")]),
        ("", "建设数字政府", [("区大数据中心", "lead"), ("区委网信办", "responsible")]),
    ]
    # offsets index the text: every unit quotes itself
    assert all(text[u.start:u.end] == u.surface for t in ex.tasks for u in t.units)


# --- Word list numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize("n, fmt, expected", [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (12, "chineseCountingThousand", "十二"),
    (30, "chineseCounting", "三十"), (101, "chineseCounting", "一百零一"), (3, "chineseLegalSimplified", "叁"),
    (7, "decimal", "7"), (4, "decimalEnclosedCircle", "④"), (2, "ideographTraditional", "乙"),
    (3, "upperLetter", "C"), (9, "lowerRoman", "ix"), (5, "decimalZero", "05"), (1, "none", ""),
])
def test_format_number(n, fmt, expected):
    assert format_number(n, fmt) == expected


def test_word_list_numbers_are_put_back(tmp_path):
    path = write_docx(PLAN, tmp_path / "plan.docx")
    with zipfile.ZipFile(path) as zf:
        body = zf.read("word/document.xml").decode("utf-8")
    assert "一、" not in body and "1.推行" not in body and "推行产业链长制" in body  # markers are list numbers
    doc = read_document(path)
    assert doc.format == "docx"
    lines = doc.text.split("\n")
    assert [ln[:6] for ln in lines if ln and ln[0] in "一二12"] == ["一、重点任务", "1.推行产业", "2.推进链式", "二、保障措施",
                                                             "1.加强组织"]


# --- web pages ------------------------------------------------------------------------------------


def test_web_page_meta_tags_and_main_text():
    page = html_page(PLAN, "某某区2024年行动方案", date="2024-03-15", source="某某区人民政府办公室")
    blocks, meta = read_html(page.encode("utf-8"), "p.html")
    assert meta == {"title": "某某区2024年行动方案", "date": "2024-03-15", "publisher": "某某区人民政府办公室"}
    text = "\n".join(b.text for b in blocks)
    assert "推行产业链长制" in text and "二、保障措施" in text
    assert "网站地图" not in text and "政民互动" not in text and "相关阅读" not in text  # chrome is left out


def test_web_page_date_and_publisher_reach_the_plan(tmp_path):
    from kg.extract import extract_file

    path = tmp_path / "p.html"
    path.write_text(html_page(PLAN, "某某区2024年行动方案", date="2024-03-15", source="某某区人民政府办公室"),
                    encoding="utf-8")
    plan = extract_file(path).plan
    assert (plan.title, plan.date, plan.source) == ("某某区2024年行动方案", "2024-03-15", "某某区人民政府办公室")


def test_gbk_web_page(tmp_path):
    page = html_page(PLAN, "某某区2024年行动方案").replace('charset="utf-8"', 'charset="gb2312"')
    path = tmp_path / "p.htm"
    path.write_bytes(page.encode("gb18030"))
    assert "推行产业链长制" in read_document(path).text


def test_merged_html_cells_are_repeated():
    table = ('<table><tr><th>序号</th><th>重点任务</th><th>牵头单位</th><th>责任单位</th></tr>'
             '<tr><td>1</td><td>推进链长制</td><td rowspan="2">区发改局</td><td>区财政局</td></tr>'
             '<tr><td>2</td><td>建设园区</td><td>区住建局</td></tr>'
             '<tr><td colspan="4">二、民生</td></tr></table>')
    blocks, _ = read_html(html_page("某区方案\n为推进工作，制定本方案。", "某区方案", tables=table).encode(), "p.html")
    (rows,) = [b.rows for b in blocks if b.kind == "table"]
    assert rows[2] == ("2", "建设园区", "区发改局", "区住建局")
    assert rows[3] == ("二、民生",) * 4


# --- PDF and OFD layout ---------------------------------------------------------------------------


@pytest.mark.parametrize("line, expected", [
    ("- 12 -", True), ("— 3 —", True), ("第 2 页", True), ("第2页 共9页", True), ("3/9", True), ("Page 2 of 5", True),
    ("12", True), ("2024年", False), ("一、总体要求", False), ("(一)加快发展", False),
])
def test_page_numbers(line, expected):
    assert is_page_number(line) is expected


def test_running_headers_and_footers_are_removed():
    body = [f"正文{c}" for c in "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳"]
    pages = [["某市人民政府文件", "2024/3/15 某某方案", *body[4 * i:4 * i + 4], f"- {i + 1} -"] for i in range(4)]
    assert strip_page_furniture(pages) == [body[4 * i:4 * i + 4] for i in range(4)]
    assert strip_page_furniture([["某某方案", "正文", "2/9"]]) == [["某某方案", "正文"]]  # one page: numbers only


def test_lines_rejoin_across_a_page_break():
    full, short = 540.0, 300.0
    pages = [[(72, 200, "一、总体要求"), (72, full, "以习近平新时代中国特色社会主义思想为指导，全面贯")],
             [(72, short, "彻党中央决策部署。"), (72, 200, "二、主要目标")]]
    assert [b.text for b in join_lines(pages)] == ["一、总体要求", "以习近平新时代中国特色社会主义思想为指导，全面贯彻党中央决策部署。",
                                                   "二、主要目标"]


def test_ofd_text(tmp_path, corpus_dir):
    text = (corpus_dir / "004_8dd9535f0da935f7.txt").read_text(encoding="utf-8")
    path = write_ofd(text, tmp_path / "plan.ofd", "武穴市推进“三百”工程行动方案", lines_per_page=12)
    doc = read_document(path)
    assert doc.format == "ofd" and doc.metadata["title"] == "武穴市推进“三百”工程行动方案"
    lines = doc.text.split("\n")
    assert [ln for ln in lines if re.fullmatch(r"- \d+ -", ln)] == []  # page numbers gone
    # every line of the source is one paragraph again (wrapped lines and page breaks re-joined)
    assert ["".join(ln.split()) for ln in lines if ln] == ["".join(ln.split()) for ln in text.split("\n") if ln.strip()]


# --- bad input ------------------------------------------------------------------------------------


def _corrupt_docx(tmp_path):
    good = write_docx(PLAN, tmp_path / "good.docx")
    data = good.read_bytes()
    path = tmp_path / "corrupt.docx"
    path.write_bytes(data[: len(data) // 2])
    return path


def _docx_with_broken_xml(tmp_path):
    return _zip(tmp_path / "broken-xml.docx", {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document"})


def _corrupt_pdf(tmp_path):
    path = tmp_path / "corrupt-pdf.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n garbage without xref")
    return path


def _locked_pdf(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="confidential plan")
    pdf.set_encryption(owner_password="owner", user_password="secret")
    path = tmp_path / "locked.pdf"
    pdf.output(str(path))
    return path


def _scanned_pdf(tmp_path):
    from fpdf import FPDF
    from PIL import Image

    image = Image.new("L", (200, 280), 255)
    for x in range(20, 180):  # something drawn, no text
        image.putpixel((x, 40), 0)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(image, x=10, y=10, w=180)
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    return path


def _empty_page(tmp_path):
    path = tmp_path / "nav-only.html"
    path.write_text('<!DOCTYPE html><html><head><meta charset="utf-8"><title>首页</title></head><body>'
                    '<ul class="nav"><li><a href="/">首页</a></li><li><a href="/a">政务公开</a></li></ul>'
                    '<div class="footer">版权所有</div><script>render()</script></body></html>', encoding="utf-8")
    return path


def _spreadsheet(tmp_path):
    return _zip(tmp_path / "tasks.xlsx", {"[Content_Types].xml": "x", "xl/workbook.xml": "x"})


def _old_spreadsheet(tmp_path):
    path = tmp_path / "tasks.xls"
    path.write_bytes(_ole("Root Entry", "Workbook"))
    return path


def _image(tmp_path):
    path = tmp_path / "photo.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    return path


def _fake_pdf(tmp_path):
    path = tmp_path / "fake.pdf"
    path.write_bytes(bytes(range(256)) * 8)
    return path


def _broken_ofd(tmp_path):
    return _zip(tmp_path / "broken-ofd.ofd", {"OFD.xml": "<ofd:OFD xmlns:ofd='http://www.ofdspec.org/2016'><ofd:DocBody>"
                                                     "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"})


BAD = [
    (_corrupt_docx, "damaged Word file"),
    (_docx_with_broken_xml, "damaged Word file"),
    (_corrupt_pdf, "damaged PDF"),
    (_locked_pdf, "password-protected PDF"),
    (_scanned_pdf, "without a text layer"),
    (_empty_page, "web page without main text"),
    (_spreadsheet, "zip archive that is not a Word"),
    (_old_spreadsheet, "not a Word document"),
    (_image, "binary file"),
    (_fake_pdf, "named .pdf but not such a file"),
    (_broken_ofd, "damaged OFD file"),
]


@pytest.mark.parametrize("make, problem", BAD, ids=[m.__name__.strip("_") for m, _ in BAD])
def test_bad_input_is_a_clear_error_naming_the_file(tmp_path, make, problem):
    path = make(tmp_path)
    with pytest.raises(DocumentError) as info:
        read_document(path)
    assert problem in info.value.problem
    assert info.value.path == str(path) and str(path) in str(info.value)
    assert info.value.exit_code == EXIT_LOAD


def test_doc_without_libreoffice_says_what_to_install(tmp_path, monkeypatch):
    path = tmp_path / "old.doc"
    path.write_bytes(_ole("Root Entry", "WordDocument", "1Table"))
    monkeypatch.setenv("KG_SOFFICE", str(tmp_path / "no-such-soffice"))
    with pytest.raises(DocumentError) as info:
        read_document(path)
    assert "needs LibreOffice" in info.value.problem and "apt-get install libreoffice-writer" in info.value.problem
    assert info.value.path == str(path)


def test_bad_files_cost_no_other_document(tmp_path):
    from kg.graph.build import build_graph

    folder = tmp_path / "in"
    folder.mkdir()
    write_docx(PLAN, folder / "plan.docx")
    (folder / "page.html").write_text(html_page(PLAN.replace("某某区", "另一区"), "另一区2024年行动方案"), encoding="utf-8")
    for make, _ in BAD:
        shutil.move(str(make(tmp_path)), folder)
    result = build_graph([folder], out=tmp_path / "out", validate=False, store=False)
    assert sorted(result.documents) == ["page", "plan"]
    assert result.tasks == 6
    # every bad file that a folder walk picks up is reported by name
    assert {p.split("/")[-1] for p in (e.path for e in result.errors)} >= {
        "corrupt.docx", "broken-xml.docx", "corrupt-pdf.pdf", "locked.pdf", "scan.pdf", "nav-only.html", "fake.pdf",
        "broken-ofd.ofd"}
    assert result.exit_code == EXIT_LOAD


def test_a_page_whose_article_is_one_paragraph_of_line_breaks(tmp_path, corpus_dir, annotations_dir):
    """Many gov pages put the whole article in one <p> with <br> and &nbsp; indents."""
    import json

    from kg.evaluation import score_assignments
    from kg.extract import extract_file
    from kg.manifest import manifest_entry

    source = corpus_dir / "000_437e3f8e08c71f6e.txt"
    lines = [ln for ln in source.read_text(encoding="utf-8").split("\n") if ln.strip()]
    body = "<br/>".join("&nbsp;&nbsp;" + html.escape(ln) for ln in lines)
    path = tmp_path / "000_437e3f8e08c71f6e.html"
    path.write_text(f'<html><head><meta charset="utf-8"><title>x</title></head><body><div class="nav"><a>首页</a></div>'
                    f'<div class="TRS_Editor"><p>{body}</p></div><div class="footer">版权所有</div></body></html>',
                    encoding="utf-8")
    annotation = json.loads((annotations_dir / "000_437e3f8e08c71f6e.json").read_text(encoding="utf-8"))
    extraction = extract_file(path, manifest_entry(source))
    score = score_assignments(extraction.tasks, annotation)
    assert (score.precision, score.recall) == (1.0, 1.0)


def test_word_numbers_in_a_table_column(tmp_path):
    """A 序号 column numbered by Word (the numbers are not in the cells' text)."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    from kg.extract import extract_document

    document = docx.Document()
    document.add_paragraph("某区2024年重点工作任务分工方案")
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="77"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        f'<w:numFmt w:val="decimal"/><w:lvlText w:val="%1"/><w:suff w:val="nothing"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="77"><w:abstractNumId w:val="77"/></w:num>'))
    rows = [("", "重点任务", "牵头单位", "配合单位"), (None, "推进链长制", "区发改局", "区财政局"),
            (None, "建设园区", "区住建局", "各镇街"), (None, "优化营商环境", "区政务服务局", "")]
    table = document.add_table(rows=len(rows), cols=4)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            if value is None:
                cell.paragraphs[0]._p.get_or_add_pPr().insert(0, parse_xml(
                    f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="77"/></w:numPr>'))
            else:
                cell.text = value
    table.cell(0, 0).text = "序号"
    document.add_paragraph("")
    path = tmp_path / "numbered.docx"
    document.save(path)
    tasks = extract_document(read_document(path)).tasks
    assert [(t.id, t.title, [(u.surface, u.role) for u in t.units]) for t in tasks] == [
        ("1", "推进链长制", [("区发改局", "lead"), ("区财政局", "responsible")]),
        ("2", "建设园区", [("区住建局", "lead"), ("各镇街", "collective")]),
        ("3", "优化营商环境", [("区政务服务局", "lead")]),
    ]
