"""Titles of duty-list entries keyed by unit: what the unit is to do, not the unit's name.

An entry ``（一）县财政局：负责资金保障，…`` assigns the entry to its key; its title is the
first clause of the duties after the colon, or, when no colon follows the key
(``（三）县武装部根据需要，担负…``), the entry's own first clause. A heading whose title is
more than the task's units keeps that title.
"""

from __future__ import annotations

import pytest

from kg.extract import extract_text

HEAD = "某县防灾减灾工作规则\n三、成员单位职责\n"

CASES = [
    ("（一）县财政局：负责资金保障，做好监督。\n（二）县应急局：牵头统筹救灾工作，会同县水利局做好防汛。",
     [("县财政局", "负责资金保障"), ("县应急局", "牵头统筹救灾工作")]),
    # a semicolon ends the first duty
    ("（一）县工信局：协调救灾物资、装备生产；参与重点工程建设。\n（二）县财政局：按照事权与支出责任相匹配的原则，负责资金保障。",
     [("县工信局", "协调救灾物资、装备生产"), ("县财政局", "按照事权与支出责任相匹配的原则")]),
    # ASCII colon and parentheses of flattened text
    ("(一)县委办公室:负责综合协调。(二)县政府办公室:负责督促落实。",
     [("县委办公室", "负责综合协调"), ("县政府办公室", "负责督促落实")]),
    # a key with no colon: the entry's first clause, subject included
    ("（一）县财政局：负责资金保障。\n（二）县应急局：负责统筹救灾。\n（三）县人武部和县消防救援大队根据救灾需要，担负抢险救援任务。",
     [("县财政局", "负责资金保障"), ("县应急局", "负责统筹救灾"), ("县人武部", "县人武部和县消防救援大队根据救灾需要")]),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_duty_list_entry_titled_by_its_duties(text, expected):
    ex = extract_text(HEAD + text)
    assert [(t.units[0].surface, t.title) for t in ex.tasks] == expected


def test_a_heading_that_is_more_than_its_units_keeps_its_title():
    ex = extract_text("某县工作方案\n一、重点任务\n1.推进县发改局改革。加快建设。（牵头单位：县发改局）")
    assert [t.title for t in ex.tasks] == ["推进县发改局改革"]
