"""Numerals, units, comparators and ranges (kg.extract.numbers)."""

from __future__ import annotations

import pytest

from kg.document import fold_width
from kg.extract.numbers import (
    cn_value,
    find_multiples,
    find_quantities,
    find_rankings,
    parse_number,
    unit_kind,
    unit_scale,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一", 1), ("两", 2), ("十", 10), ("十一", 11), ("二十", 20), ("五十", 50), ("九十九", 99),
        ("百", 100), ("一百零五", 105), ("三百", 300), ("千", 1000), ("三千五百", 3500),
        ("一万二千", 12000), ("十万", 100000), ("强", None), ("", None),
        # digits alone, read one by one as years are written
        ("二〇二四", 2024), ("二零二五", 2025), ("一九九八", 1998), ("〇", 0), ("二〇二四年", None), ("两万", 20000),
    ],
)
def test_cn_value(text, expected):
    assert cn_value(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("7", 7.0), ("7.5", 7.5), ("1.70", 1.7), ("1.3万", 13000.0), ("2亿", 2e8), ("十", 10.0), ("两", 2.0),
     ("百", 100.0), ("x", None)],
)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("unit", "kind", "scale"),
    [("%", "percent", 1.0), ("个百分点", "percent", 1.0), ("万亩", "measure", 1e4), ("亿元", "measure", 1e8),
     ("家", "count", 1.0), ("万人次", "count", 1e4), ("万", "bare", 1e4), ("倍", "multiple", 1.0),
     ("个工作日", "time", 1.0), ("平方公里", "measure", 1.0)],
)
def test_unit_kind_and_scale(unit, kind, scale):
    assert unit_kind(unit) == kind
    assert unit_scale(unit) == scale


def _q(text):
    return [(q.value, q.unit, q.comparator) for q in find_quantities(fold_width(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # comparators after the unit
        ("增长7%以上", [(7.0, "%", ">=")]),
        ("达到70%及以上", [(70.0, "%", ">=")]),
        ("控制在50户以下", [(50.0, "户", "<=")]),
        ("办理时限2小时以内", [(2.0, "小时", "<=")]),
        ("增长12%左右", [(12.0, "%", "~")]),
        # comparators before the number
        ("不少于80个", [(80.0, "个", ">=")]),
        ("不低于500亿元", [(500.0, "亿元", ">=")]),
        ("至少1个", [(1.0, "个", ">=")]),
        ("突破1200亿元", [(1200.0, "亿元", ">")]),
        ("超过40%", [(40.0, "%", ">")]),
        ("城区人口过40万人", [(40.0, "万人", ">")]),
        ("不超过5个工作日", [(5.0, "个工作日", "<=")]),
        ("失业率控制在5.5%", [(5.5, "%", "<=")]),
        ("低于4%", [(4.0, "%", "<")]),
        ("总投资约120亿元", [(120.0, "亿元", "~")]),
        ("盘活200多亩", [(200.0, "亩", ">")]),
        ("惠及3000余户", [(3000.0, "户", ">")]),
        ("十余家企业落户", [(10.0, "家", ">")]),
        ("新增300家", [(300.0, "家", "=")]),
        # ranges
        ("招引落地1-2家", [((1.0, 2.0), "家", "=")]),
        ("每年引进3~5家", [((3.0, 5.0), "家", "=")]),
        ("建设1—2个示范园", [((1.0, 2.0), "个", "=")]),
        ("建设３～５个", [((3.0, 5.0), "个", "=")]),
        ("培育三至五家", [((3.0, 5.0), "家", "=")]),
        ("提高20%-30%", [((20.0, 30.0), "%", "=")]),
        # Chinese and mixed numerals, unit as written
        ("建成十个示范村", [(10.0, "个", "=")]),
        ("打造百个美丽乡村", [(100.0, "个", "=")]),
        ("新增两家上市公司", [(2.0, "家", "=")]),
        ("高标准农田1.3万亩", [(1.3, "万亩", "=")]),
        ("年度计划投资104.5亿元", [(104.5, "亿元", "=")]),
        ("能源综合生产能力13.04万吨标准煤", [(13.04, "万吨标准煤", "=")]),
        ("PM2.5浓度35微克/立方米以下", [(35.0, "微克/立方米", "<=")]),
        ("提高2个百分点", [(2.0, "个百分点", "=")]),
        ("增长1倍", [(1.0, "倍", "=")]),
        ("人口160万的都市区", [(160.0, "万", "=")]),
        # numbers without a unit, only in a comparison
        ("差距比低于1.70,", [(1.7, None, "<")]),
        ("收入比缩小至1.8。", [(1.8, None, "<=")]),
        ("指数保持在1及以上", [(1.0, None, ">=")]),
        ("比值达到2:1;", [(2.0, None, "=")]),
    ],
)
def test_quantities(text, expected):
    assert _q(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2024年3月15日",                     # dates
        "日期:2024-03-15",
        "(1月31日——2月21日)",
        "为期三年",                          # durations
        "力争通过3年左右时间",
        "用两年时间",
        "3个月内",
        "60周岁以上老年人",                   # ages
        "3岁以下婴幼儿",
        "新中国成立75周年",
        "鄂发〔2023〕5号",                    # document numbers
        "武政办发〔2021〕26号",
        "12.提升基层治理能力",                 # section numbers
        "(三)强村争效",
        "电话:027-60896105",                  # phone, ICP, registration numbers
        "鄂ICP备17005283号-1",
        "5G网络全覆盖",                       # codes
        "G106改线工程",
        "4A级景区",
        "第19位",                            # ordinals
        "三新三强",                           # slogans without a unit
        "133产业集群",
        "八大行动",
        "十大民生实事",
        "一批项目",                          # lone 一
        "共计16698个字",                      # page furniture
    ],
)
def test_not_quantities(text):
    assert _q(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("强县工程冲刺全省十强", [(10.0, "<=")]),
        ("进入全国县域经济五十强", [(50.0, "<=")]),
        ("奋进50强", [(50.0, "<=")]),
        ("确保增速黄石前三", [(3.0, "<=")]),
        ("着力打造全省前五的营商环境", [(5.0, "<=")]),
        ("营商环境排名全市第一", [(1.0, "=")]),
        ("冲刺县域经济全省十强、全国百强", [(10.0, "<="), (100.0, "<=")]),
        ("对比全国百强、全省十强", []),
        ("发展是第一要务", []),
        ("着力招引世界500强企业", []),
    ],
)
def test_rankings(text, expected):
    assert [(r.value, r.comparator) for r in find_rankings(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("旅游收入倍增", [("倍增", 2.0)]),
        ("村集体经济收入翻一番", [("翻一番", 2.0)]),
        ("经济总量翻两番", [("翻两番", 4.0)]),
        ("实施科小倍增计划", []),
        ("开展倍增行动", []),
    ],
)
def test_multiples(text, expected):
    assert [(w, f) for w, f, _, _ in find_multiples(text)] == expected


def test_offsets_cover_prefix_and_suffix():
    norm = "总投资不低于500亿元。"
    (q,) = find_quantities(norm)
    assert norm[q.start:q.end] == "不低于500亿元"
    assert norm[q.number_start:q.end] == "500亿元"


def test_a_long_digit_run_is_scanned_in_linear_time():
    import random
    import time

    rng = random.Random(3)
    run = "".join(rng.choice("0123456789") for _ in range(100_000))
    norm = "目标" + run + "亿元,冲刺全省十强。" + "推进改革。" * 20_000
    began = time.perf_counter()
    ranks = find_rankings(norm)
    quantities = find_quantities(norm)
    elapsed = time.perf_counter() - began
    assert [r.value for r in ranks] == [10.0] and quantities[0].unit == "亿元"
    assert elapsed < 5, f"{elapsed:.1f} s for a 100,000-digit run (a quadratic scan takes minutes)"
