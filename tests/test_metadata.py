"""Title, issuer, date and genre inferred from the text; the manifest overrides them."""

from __future__ import annotations

import pytest

from kg.document import Document
from kg.errors import ManifestError
from kg.extract.metadata import find_plan_info, merge_plan_info
from kg.manifest import manifest_entry, parse_manifest


@pytest.mark.parametrize(
    "text, title, issuer, date, genre",
    [
        ("今天是 智能问答无障碍浏览长者模式\n\n鄂城区“三新三强”打擂台2024年行动方案\n\n信息来源:鄂城融媒 日期:2024-03-15\n正文。",
         "鄂城区“三新三强”打擂台2024年行动方案", "鄂城区", "2024-03-15", "plan"),
        ("当前位置:\n首页\n发布日期:2022-01-12\n武穴市人民政府办公室关于印发《武穴市推进“三百”工程行动方案》的通知\n",
         "武穴市推进“三百”工程行动方案", "武穴市", "2022-01-12", "plan"),
        ("成都市武侯区2025年优化营商环境工作要点\n2025年2月8日\n一、总体要求",
         "成都市武侯区2025年优化营商环境工作要点", "武侯区", "2025-02-08", "plan"),
        ("在全县经济工作会议上的讲话（第2/3页）\n同志们：", "在全县经济工作会议上的讲话", None, None, "speech"),
        ("中共某某县第十五次代表大会报告\n同志们：", "中共某某县第十五次代表大会报告", "某某县", None, "report"),
    ],
)
def test_inferred_plan_info(text, title, issuer, date, genre):
    info = find_plan_info(Document.from_text(text, "x.txt"))
    assert (info.title, info.issuer, info.date, info.genre) == (title, issuer, date, genre)


def test_manifest_overrides_inferred_values(tmp_path):
    (tmp_path / "manifest.csv").write_text(
        "file,title,issuer,parents,date,genre,source\na.txt,正式标题,大冶市,黄石市;湖北省,2023-07-28,plan,融媒体中心\n",
        encoding="utf-8",
    )
    (tmp_path / "a.txt").write_text("别的标题方案\n正文", encoding="utf-8")
    given = manifest_entry(tmp_path / "a.txt")
    merged = merge_plan_info(find_plan_info(Document.from_text("别的标题方案\n正文", "a.txt")), given)
    assert (merged.title, merged.issuer, merged.parents, merged.date) == ("正式标题", "大冶市", ("黄石市", "湖北省"), "2023-07-28")
    assert manifest_entry(tmp_path / "b.txt") is None


@pytest.mark.parametrize(
    "text, problem",
    [
        ("name,title\na.txt,x\n", "no 'file' column"),
        ("file,genre\na.txt,poem\n", "genre 'poem'"),
        ("file,title\n,x\n", "empty 'file'"),
    ],
)
def test_bad_manifest_is_named(text, problem):
    with pytest.raises(ManifestError, match=problem) as info:
        parse_manifest(text, "corpus/manifest.csv")
    assert "corpus/manifest.csv" in str(info.value)


@pytest.mark.parametrize(
    "title, issuer, parents",
    [
        ("成都市武侯区2025年优化营商环境工作要点", "武侯区", ("成都市", "四川省")),
        ("广州市2024年数字政府改革建设工作要点", "广州市", ("广东省",)),
        ("武穴市推进“三百”工程行动方案", "武穴市", ("黄冈市", "湖北省")),
        ("关于印发某某县乡村振兴实施方案的通知", "某某县", ()),
    ],
)
def test_issuer_and_parents_from_the_division_table(title, issuer, parents):
    info = find_plan_info(Document.from_text(title + "\n正文。", "x.txt"))
    assert (info.issuer, info.parents) == (issuer, parents)


@pytest.mark.parametrize(
    "text, issuer, parents",
    [
        # an office of a national body named after its place: that place, not 国网鄂州 (…州)
        ("国网鄂州供电公司关于印发《电网建设行动方案》的通知\n正文。", "鄂州市", ("湖北省",)),
        ("国网山东省电力公司关于印发《电网建设行动方案》的通知\n正文。", "山东省", ()),
        ("某某县人民政府办公室关于印发《乡村振兴实施方案》的通知\n正文。", "某某县", ()),
    ],
)
def test_a_body_before_a_place_in_the_issuing_organ(text, issuer, parents):
    info = find_plan_info(Document.from_text(text, "x.txt"))
    assert (info.issuer, info.parents) == (issuer, parents)


def test_manifest_issuer_gets_its_own_parents():
    inferred = find_plan_info(Document.from_text("广州市工作要点\n正文。", "x.txt"))
    given = parse_manifest("file,issuer\nx.txt,鄂城区\n")["x.txt"]
    assert merge_plan_info(inferred, given).parents == ("鄂州市", "湖北省")
