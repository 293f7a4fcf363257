"""Department types of units beyond the bureaus: regulators, vertical offices, companies,
institutes, associations, task forces; and how much of real plans the vocabulary covers.

Names are made up or taken from jurisdictions outside the development set; the coverage
floor is measured on the labelled development plans (``tests/data/devset/labelled``).
"""

from __future__ import annotations

import doctest
import importlib.util
import json
import sys
from pathlib import Path

import pytest

from kg.vocab import load_vocabulary

ROOT = Path(__file__).resolve().parent.parent
DEVSET_GOLD = Path(__file__).resolve().parent / "data" / "devset" / "labelled" / "gold"
COVERAGE_FLOOR = 0.95


def _load_script():
    spec = importlib.util.spec_from_file_location("vocab_coverage", ROOT / "scripts" / "vocab_coverage.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def vocab():
    return load_vocabulary()


@pytest.fixture(scope="module")
def script():
    return _load_script()


@pytest.mark.parametrize(
    "name, expected",
    [
        # private economy and SMEs
        ("州民营经济发展局", ("private-economy",)),
        ("县中小企业服务中心", ("private-economy",)),
        # communications and postal regulators (not the operators)
        ("湖南省通信管理局", ("communications-administration",)),
        ("区无线电管理办公室", ("communications-administration",)),
        ("河北省邮政管理局", ("postal-administration",)),
        # national financial regulators, apart from the local financial office
        ("国家金融监督管理总局湖北监管局", ("financial-regulation",)),
        ("金融监管总局宜昌监管分局", ("financial-regulation",)),
        ("襄阳银保监分局", ("financial-regulation",)),
        ("江西证监局", ("financial-regulation",)),
        ("市地方金融监管局", ("financial-affairs",)),
        ("市政府金融办", ("financial-affairs",)),
        # People's Bank branches, customs, tax, statistics survey teams
        ("人民银行衡阳市分行", ("peoples-bank",)),
        ("人民银行常德市中心支行", ("peoples-bank",)),
        ("人民银行长沙中心支行营业管理部", ("peoples-bank",)),
        ("长沙海关", ("customs",)),
        ("国家税务总局株洲市税务局", ("taxation",)),
        ("国家统计局邵阳调查队", ("statistics",)),
        # power, telecom and railway companies
        ("国网湘潭供电公司", ("public-utility",)),
        ("中国移动湖南有限公司", ("public-utility",)),
        ("中国铁塔益阳分公司", ("public-utility",)),
        ("中国联通衡阳分公司", ("public-utility",)),
        ("中国铁路广州局集团有限公司", ("railway",)),
        ("国铁南宁局", ("railway",)),
        ("中铁上海局", ("railway",)),
        ("市烟草专卖局", ("tobacco",)),
        # research institutes, laboratories, universities
        ("中国科学院长春应用化学研究所", ("research-institute",)),
        ("岳麓山实验室", ("research-institute",)),
        ("县农业科学研究所", ("research-institute", "agriculture-rural")),
        ("中南大学", ("school",)),
        ("湖南工业职业技术学院", ("school",)),
        # associations and other social organisations
        ("市软件行业协会", ("social-organization",)),
        ("县慈善总会", ("social-organization",)),
        ("市贸促会", ("trade-promotion",)),
        # task forces, headquarters, leading-group offices: the function first where named
        ("县防汛抗旱指挥部", ("coordination-body",)),
        ("区优化营商环境专项工作组", ("coordination-body",)),
        ("县乡村振兴工作专班", ("rural-revitalization", "coordination-body")),
        ("市新型城镇化工作领导小组办公室", ("coordination-body",)),
        ("长株潭绿心先行区建设办公室", ("development-zone",)),
        # party organs
        ("县委军民融合办", ("military-civilian-integration",)),
        ("县委机要保密局", ("secrecy",)),
        ("省密码管理局", ("secrecy",)),
        ("县委社会工作部", ("social-work",)),
        ("团县委", ("communist-youth-league",)),
        # government functions spelled in ways not listed before
        ("县机关事务服务中心", ("government-affairs-service",)),
        ("县大数据中心", ("government-services-data",)),
        ("市投资促进局", ("investment-promotion",)),
        ("县审批服务局", ("administrative-approval",)),
        ("县海洋与渔业局", ("ocean",)),
        ("省广电局", ("radio-television",)),
        ("市文旅广电局", ("culture-tourism", "radio-television")),
        ("市知识产权局", ("intellectual-property",)),
        ("县地震局", ("earthquake",)),
        ("省药监局", ("market-regulation",)),
        ("省退役军人厅", ("veterans-affairs",)),
        ("市经贸委", ("economy-information",)),
        ("市外经贸局", ("commerce",)),
        ("市法制办", ("justice",)),
        ("县住房保障局", ("housing-construction",)),
        ("县畜牧局", ("agriculture-rural",)),
        ("省台港澳办", ("foreign-affairs",)),
        ("县老龄办", ("civil-affairs",)),
        ("县爱卫办", ("health",)),
        # armed forces
        ("湘西军分区", ("military-district",)),
        ("武警郴州支队", ("military-district",)),
    ],
)
def test_match_new_families(vocab, name, expected):
    assert vocab.match(name) == expected


@pytest.mark.parametrize(
    "name, expected",
    [
        # abbreviations written in full
        ("广电局", "广播电视局"),
        ("药监局", "药品监督管理局"),
        ("经贸委", "经济贸易委员会"),
        ("退役军人厅", "退役军人事务厅"),
        ("通管局", "通信管理局"),
        # names in use that are not abbreviations of a listed full form stay as written
        ("银保监局", "银保监局"),
        ("海洋局", "海洋局"),
        ("法制办", "法制办"),
        ("烟草公司", "烟草公司"),
        ("住房保障办", "住房保障办"),
        ("中国铁路公司", "中国铁路公司"),
        ("铁塔公司", "铁塔公司"),
        ("电信公司", "电信公司"),
    ],
)
def test_full_name_new_families(vocab, name, expected):
    assert vocab.full_name(name) == expected


def test_gold_units_of_the_development_set_are_covered(script):
    cov = script.gold_coverage(DEVSET_GOLD)
    assert cov.total > 600  # every lead and responsible unit string, collectives left out
    assert cov.share >= COVERAGE_FLOOR, script.format_coverage(cov)


def test_coverage_counts_and_excludes(script, tmp_path):
    gold = {
        "issuer_place": "长沙市",
        "tasks": [
            {"id": "1", "lead_units": ["市发改委"], "responsible_units": ["市某某协调小组", "县级市"],
             "collective_units": ["各区县（市）"]},
            {"id": "2", "lead_units": ["长沙海关"], "responsible_units": [], "collective_units": []},
        ],
    }
    (tmp_path / "a.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    cov = script.gold_coverage(tmp_path, exclude=["县级市"])
    assert (cov.covered, cov.total) == (2, 3)
    assert dict(cov.uncovered) == {"市某某协调小组": 1}
    assert dict(cov.excluded) == {"县级市": 1}


def test_cli_exit_codes(script, tmp_path, capsys):
    assert script.main(["gold", str(DEVSET_GOLD), "--min", str(COVERAGE_FLOOR)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("gold: ") and "unit mentions have a department type" in out
    assert script.main(["gold", str(DEVSET_GOLD), "--min", "1.01"]) == 1
    capsys.readouterr()
    assert script.main(["gold", str(tmp_path / "missing")]) == 2
    assert "no gold" in capsys.readouterr().err


def test_cli_reads_extract_jsonl(script, tmp_path, capsys):
    records = [
        {"type": "plan", "doc": "a.txt"},
        {"type": "task", "doc": "a.txt", "units": [
            {"surface": "县海洋与渔业局", "role": "lead", "unit_type": "ocean"},
            {"surface": "县某某协调小组", "role": "responsible", "unit_type": None},
            {"surface": "各乡镇", "role": "collective", "unit_type": "township-street"},
        ]},
    ]
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    assert script.main(["extracted", "--jsonl", str(path), "--min", "0.9"]) == 1
    out = capsys.readouterr().out
    assert "extracted: 1/2 unit mentions" in out and "县某某协调小组" in out
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    assert script.main(["extracted", "--jsonl", str(bad)]) == 2
    assert "bad.jsonl:1" in capsys.readouterr().err


def test_cli_extracts_plans(script, tmp_path, capsys):
    plan = tmp_path / "p.txt"
    plan.write_text("长沙市某某行动方案\n一、任务\n1.建设海洋牧场。（牵头单位：市海洋发展局；责任单位：市某某协调小组）\n",
                    encoding="utf-8")
    assert script.main(["extracted", str(plan)]) == 0
    out = capsys.readouterr().out
    assert "extracted: 1/2" in out and "市某某协调小组" in out


def test_script_doctests(script):
    result = doctest.testmod(script)
    assert result.attempted > 0 and result.failed == 0
