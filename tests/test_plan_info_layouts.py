"""Title, issuer and genre of plans laid out as real plans are: one row per failure class.

The title is the document's title line (or the plan a cover notice or letter carries),
never a sentence of the preamble or a numbered heading; the issuer is the jurisdiction of
the title, of an organ that opens the head or signs the document off, or the one the text
names, never a verb phrase that happens to end in a level word.
"""

from __future__ import annotations

import pytest

from kg.document import Document
from kg.extract.metadata import find_plan_info

BODY = "\n一、总体要求\n1.推进建设。（牵头单位：市发改委）\n"

# (failure class, text, title, issuer, genre)
CASES = [
    ("preamble sentence is not a title; 全市 in it is not a place",
     "为加快全市人工智能产业创新发展，推进工业强市建设，制定本行动计划。" + BODY, None, None, "plan"),
    ("preamble that quotes a plan is not a title",
     "为贯彻落实《数字经济发展规划（2018-2022年）》，加快推进建设，制定本行动方案" + BODY, None, None, "plan"),
    ("opinion preamble gives the genre",
     "各市人民政府，各县（市、区）人民政府：\n为加快产业发展，现提出如下意见。" + BODY, None, None, "plan"),
    ("a numbered heading is not a title",
     "一、培育壮大市场主体\n1．支持企业做强。（责任单位：市工业和信息化局）", None, None, None),
    ("a heading that ends in a title word is not a title",
     "为加快发展，制定本方案。\n一、重点任务\n二、保障措施\n1.加强保障。", None, None, "plan"),
    ("a chapter heading is not a title; a quoted notice in an article is not a cover",
     "第一章　总则\n第一条 为加快建设，根据《某市人民政府办公厅关于印发某政策的通知》，制定本细则。", None, None, None),
    ("an OCR-mangled heading is not a title",
     "场景创新是以新技术为导向:以促进供需链接为路径。\n总体要求-、\n坚持创新引领。", None, None, None),
    ("a verb phrase before 由市 is not a place",
     "成立由市领导任组长的工作专班，统筹推进。" + BODY, None, None, None),
    ("a title opening with 加强全省 names no issuer",
     "加强全省煤炭储备能力建设工作方案(2021-2025年)" + BODY, "加强全省煤炭储备能力建设工作方案(2021-2025年)", None, "plan"),
    ("a title line with a bracketed period",
     "山东省服务业数字化转型行动方案（2021—2023）\n\n为深入贯彻，制定本方案。" + BODY,
     "山东省服务业数字化转型行动方案（2021—2023）", "山东省", "plan"),
    ("a title line may hold a comma; a preamble sentence may not",
     "关于进一步优化营商环境，激发市场主体活力的实施意见\n为加快发展，现提出如下意见。" + BODY,
     "关于进一步优化营商环境，激发市场主体活力的实施意见", None, "plan"),
    ("a cover letter asking for co-signature carries the plan; its organ is the issuer",
     "山东省发展和改革委员会公文稿纸山东省发展和改革委员会关于商请会签《加强全省煤炭储备能力建设工作方案(2021-2025年)》"
     "的函省工业和信息化厅、省公安厅:按照部署要求，我委牵头修改了方案。",
     "加强全省煤炭储备能力建设工作方案(2021-2025年)", "山东省", "plan"),
    ("a reference number between the organ and 关于",
     "湖南省交通运输厅湘交城市函（2020）39号关于商请会签《湖南省城市轨道交通运营突发事件应急预案》的函省委宣传部:根据要求。",
     "湖南省城市轨道交通运营突发事件应急预案", "湖南省", "plan"),
    ("a joint document quoted inside a letter asking for comments",
     "河北省住房和城乡建设厅关于征求《中共河北省委办公厅河北省人民政府办公厅<关于推动城乡建设绿色发展的若干措施>》意见建议的函"
     "省直有关部门:为贯彻落实。", "关于推动城乡建设绿色发展的若干措施", "河北省", "plan"),
    ("a notice that forwards a plan without quotes",
     "江西省人民政府办公厅关于印发支持数字经济发展若干政策的通知\n各市人民政府：\n现印发给你们。" + BODY,
     "支持数字经济发展若干政策", "江西省", "plan"),
    ("the sign-off names the issuer (outside the division table)",
     "乡村振兴实施方案\n为推进振兴，制定本方案。" + BODY + "某某县人民政府\n2024年3月1日", "乡村振兴实施方案", "某某县", "plan"),
    ("the sign-off names the issuer (in the division table)",
     "乡村振兴实施方案\n为推进振兴，制定本方案。" + BODY + "宜昌市人民政府办公室\n2024年3月1日", "乡村振兴实施方案", "宜昌市", "plan"),
    ("units named by the province's level: a city the plan names often is not the issuer",
     "新一代信息技术产业行动计划（2024-2025年）\n一、重点任务\n1.做强产业。支持青岛市、青岛市、青岛市、青岛市发展。"
     "（省发展改革委、省工业和信息化厅、省科技厅按职责分工负责）\n2.加强保障。在山东建设。（省财政厅负责）",
     "新一代信息技术产业行动计划（2024-2025年）", "山东省", "plan"),
]


@pytest.mark.parametrize("case, text, title, issuer, genre", CASES, ids=[c[0] for c in CASES])
def test_plan_info_on_real_layouts(case, text, title, issuer, genre):
    info = find_plan_info(Document.from_text(text, "x.txt"))
    assert (info.title, info.issuer, info.genre) == (title, issuer, genre)
