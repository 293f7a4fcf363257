"""Inputs that are normal, not errors: standard input, files kg does not read, build
folders inside input folders, manifests saved by Excel, and text in other encodings."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.document import decode_bytes, is_build_folder, iter_paths, select_inputs
from kg.errors import EXIT_LOAD, EXIT_OK, DocumentError, ManifestError
from kg.manifest import load_manifest, parse_manifest

PLAN = "某县2024年工作要点\n1.推进改革。（牵头单位：县发改局；责任单位：县财政局、各乡镇）\n"
HEADER = "file,title,issuer,parents,date,genre,source\n"


def invoke(*args, **kwargs):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False, **kwargs)


# -- standard input ----------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_extract_reads_standard_input(encoding):
    result = invoke("extract", "-", input=PLAN.encode(encoding))
    assert result.exit_code == EXIT_OK, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records[0]["type"] == "plan" and records[0]["doc"] == "<stdin>" and records[0]["issuer"] == "某县"
    (task,) = [r for r in records if r["type"] == "task"]
    assert [u["surface"] for u in task["units"]] == ["县发改局", "县财政局", "各乡镇"]


def test_extract_stdin_and_a_folder(tmp_path):
    (tmp_path / "a.txt").write_text(PLAN.replace("某县", "某区").replace("县", "区"), encoding="utf-8")
    result = invoke("extract", "-", str(tmp_path), input=PLAN.encode())
    docs = [json.loads(line)["doc"] for line in result.stdout.splitlines() if '"type": "plan"' in line]
    assert result.exit_code == EXIT_OK and docs == ["<stdin>", "a.txt"]


def test_empty_standard_input_is_a_load_error():
    result = invoke("extract", "-", input=b"")
    assert result.exit_code == EXIT_LOAD and "<stdin>: empty file" in result.stderr


# -- files kg does not read --------------------------------------------------------------


def test_skipped_files_are_named(tmp_path):
    (tmp_path / "a.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "b.xlsx").write_bytes(b"PK\x03\x04")
    (tmp_path / "c.pptx").write_bytes(b"PK\x03\x04")
    (tmp_path / "manifest.csv").write_text(HEADER, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(PLAN, encoding="utf-8")
    result = invoke("extract", str(tmp_path))
    assert result.exit_code == EXIT_OK
    assert "b.xlsx" in result.stderr and "c.pptx" in result.stderr and "skipped" in result.stderr
    assert "manifest.csv" not in result.stderr and ".hidden" not in result.stderr
    assert {json.loads(line)["doc"] for line in result.stdout.splitlines()} == {"a.txt"}


@pytest.mark.parametrize("verb", ["extract", "build"])
def test_a_folder_of_unread_files_exits_2(tmp_path, verb):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "plan.xlsx").write_bytes(b"PK\x03\x04")
    (folder / "plan.png").write_bytes(b"\x89PNG\r\n")
    args = [verb, str(folder)] + (["--out", str(tmp_path / "out")] if verb == "build" else [])
    result = invoke(*args)
    assert result.exit_code == EXIT_LOAD
    assert "no document kg reads" in result.stderr and "plan.xlsx" in result.stderr and "plan.png" in result.stderr
    assert not (tmp_path / "out").exists()


def test_the_input_decision_is_one_function(tmp_path):
    (tmp_path / "a.TXT").write_text(PLAN, encoding="utf-8")
    (tmp_path / "b.md").write_text(PLAN, encoding="utf-8")
    (tmp_path / "c.pptx").write_bytes(b"x")
    files, skipped = select_inputs([tmp_path])
    assert [p.name for p in files] == ["a.TXT", "b.md"] and [p.name for p in skipped] == ["c.pptx"]


# -- outputs are never inputs ------------------------------------------------------------


def test_build_folders_are_not_walked(tmp_path):
    (tmp_path / "a.txt").write_text(PLAN, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.nq").write_text("", encoding="utf-8")
    (out / "report.md").write_text("# 报告\n", encoding="utf-8")
    assert is_build_folder(out)
    assert [p.name for p in iter_paths([tmp_path])] == ["a.txt"]
    with pytest.raises(DocumentError, match="no document kg reads"):
        iter_paths([out])


def test_run_twice_into_a_folder_inside_the_input(tmp_path):
    corpus = tmp_path / "plans"
    corpus.mkdir()
    (corpus / "a.txt").write_text(PLAN, encoding="utf-8")
    out = corpus / "out"
    for _ in range(2):
        result = invoke("run", str(corpus), "--out", str(out))
        assert result.exit_code in (0, 1), result.stderr  # 1: a non-conforming graph is not this test's concern
    assert (out / "report.md").is_file() and (out / "validation.txt").is_file()
    summary = invoke("query", "document-summary", "--graph", str(out), "--format", "json")
    assert [row["file"] for row in json.loads(summary.stdout)] == ["a.txt"], summary.stdout


# -- the manifest ------------------------------------------------------------------------


def test_manifest_saved_in_gbk(tmp_path):
    (tmp_path / "manifest.csv").write_bytes((HEADER + "a.txt,甲方案,鄂城区,鄂州市;湖北省,2024-03-15,plan,鄂城融媒\n").encode("gbk"))
    rows = load_manifest(tmp_path / "manifest.csv")
    assert rows["a.txt"].issuer == "鄂城区" and rows["a.txt"].parents == ("鄂州市", "湖北省")


@pytest.mark.parametrize(
    "body, line, problem",
    [
        ('a.txt,甲方案,鄂城区,,2024-03-15,plan,\nb.txt,"乙方案,华容区,,2024-03-16,plan,\nc.txt,丙,,,,,\n', 3, "never closed"),
        ("a.txt,甲方案,鄂城区,,2024-13-45,plan,\n", 2, "2024-13-45 is not a date"),
        ("a.txt,甲方案,鄂城区,,2024-02-30,plan,\n", 2, "2024-02-30 is not a date"),
        ("a.txt,甲方案,鄂城区,,2024-3-5,plan,\n", 2, "is not a date"),
        ("a.txt,甲方案,鄂城区,,2024,plan,\nb.txt,乙,方案,鄂城区,,2024,plan,\n", 3, "more fields than the header"),
        ("a.txt,甲方案,鄂城区,,2024,novel,\n", 2, "genre 'novel'"),
    ],
)
def test_manifest_errors_name_the_line(body, line, problem):
    with pytest.raises(ManifestError, match=rf"manifest.csv: line {line}: .*{problem}"):
        parse_manifest(HEADER + body)


@pytest.mark.parametrize("date", ["2024", "2024-03", "2024-02-29", ""])
def test_manifest_dates_that_are_dates(date):
    assert parse_manifest(HEADER + f"a.txt,甲方案,鄂城区,,{date},plan,\n")["a.txt"].date == (date or None)


def test_build_reports_a_bad_manifest_date(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(PLAN, encoding="utf-8")
    (folder / "manifest.csv").write_text(HEADER + "a.txt,甲方案,某县,,2024-13-45,plan,\n", encoding="utf-8")
    result = invoke("build", str(folder), "--out", str(tmp_path / "out"), "--no-validate")
    assert result.exit_code == EXIT_LOAD and "line 2" in result.stderr and "2024-13-45" in result.stderr


PLAN_TTL = """
@prefix kg: <https://w3id.org/kg-policy/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/kg-policy/id/test/plan> a kg:Plan ; dcterms:identifier "p.txt" ; kg:genre "plan" ; dcterms:date {date} .
"""


@pytest.mark.parametrize(
    "date, conforms",
    [('"2024-03-15"^^xsd:date', True), ('"2024"^^xsd:gYear', True), ('"2024-03"^^xsd:gYearMonth', True),
     ('"2024-13-45"^^xsd:date', False), ('"2024-02-30"^^xsd:date', False), ('"2024年"', False)],
)
def test_date_shape(date, conforms):
    from rdflib import Graph

    from kg.graph.validate import validate_graph

    report = validate_graph(Graph().parse(data=PLAN_TTL.replace("{date}", date), format="turtle"))
    assert report.conforms is conforms
    if not conforms:
        assert "a valid xsd:date" in report.text(limit=5)


# -- encodings ---------------------------------------------------------------------------

JAPANESE = "東京都の行政計画について、市民の皆様へお知らせします。令和六年度の予算案を発表しました。担当は総務局です。"
KOREAN = "서울특별시 행정 계획에 대하여 시민 여러분께 알려드립니다. 올해 예산안을 발표했습니다. 담당은 기획조정실입니다."
TRADITIONAL = "臺北市政府關於推動數位轉型的實施方案，由市政府資訊局負責執行，各區公所配合辦理。"
SIMPLIFIED = "鄂城区推进改革行动方案，区发改局牵头，区财政局配合。"


@pytest.mark.parametrize(
    "text, encoding",
    [(JAPANESE, "shift_jis"), (KOREAN, "euc-kr"), (TRADITIONAL, "big5"), (SIMPLIFIED, "gbk"), (SIMPLIFIED, "gb18030")],
)
def test_other_encodings_decode_right_not_as_gb18030_mojibake(text, encoding):
    decoded, found = decode_bytes(text.encode(encoding), "x.txt")
    assert decoded == text, (found, decoded[:20])


def test_mojibake_is_refused():
    # GB18030 decodes these bytes (Shift-JIS lead bytes paired at random), but only to nonsense
    import random

    rng = random.Random(7)
    data = bytes(b for _ in range(400) for b in (rng.choice(range(0x81, 0x9F)), rng.choice(range(0x40, 0x7F))))
    with pytest.raises(DocumentError) as err:
        decode_bytes(data, "odd.txt")
    assert err.value.path == "odd.txt"


def test_full_width_spaces_are_text():
    # paragraphs indented with ideographic spaces (U+3000) and en spaces, as many published plans are
    text = "第一章\u3000总则\n\n\u3000\n" + "\u3000\u3000第一条\u2002\u3000\u2002为加快产业园建设,制定本细则。\n" * 20
    assert decode_bytes(text.encode("utf-8"), "a.txt")[0] == text


@pytest.mark.parametrize("verb", ["extract", "build", "run"])
def test_an_empty_folder_exits_2_and_writes_nothing(tmp_path, verb):
    folder = tmp_path / "empty"
    folder.mkdir()
    args = [verb, str(folder)] + (["--out", str(tmp_path / "out")] if verb != "extract" else [])
    result = invoke(*args)
    assert result.exit_code == EXIT_LOAD
    assert "no documents" in result.stderr and result.stdout == ""
    assert not (tmp_path / "out").exists()
