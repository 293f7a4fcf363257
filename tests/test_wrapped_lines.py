"""A line break that wraps a name inside an assignment bracket (text copied from PDF pages).

The bracket still closes on the next line, so it is read; the name keeps its offsets and
loses the break (:func:`kg.extract.unit_lists.unwrap`). A bracket left open at the end of a
paragraph still never spans paragraphs.
"""

from __future__ import annotations

import pytest

from kg.document import Document
from kg.extract import extract_document
from kg.extract.assignments import find_assignments

L, R, C = "lead", "responsible", "collective"


def flat(text):
    return [(u.surface, u.role) for a in find_assignments(Document.from_text(text)) for u in a.units]


@pytest.mark.parametrize(
    "text, expected",
    [
        # wrapped inside a name, with a role suffix, a label, or a bare list
        ("推动发展。（青岛市绿色低碳高\n质量发展先行区建设办公室负责）", [("青岛市绿色低碳高质量发展先行区建设办公室", R)]),
        ("推动发展。(青岛市绿色低碳高\n质量发展先行区建设办公室负责)(十七)智驾之都", [("青岛市绿色低碳高质量发展先行区建设办公室", R)]),
        ("推动发展。（市发展改革委、市财\n政局负责）", [("市发展改革委", R), ("市财政局", R)]),
        ("推动发展。（责任单位：市发展改革\n委、市财政局）", [("市发展改革委", R), ("市财政局", R)]),
        ("推动发展。（牵头单位：市发展改革委；责任单位：市财\n政局）", [("市发展改革委", L), ("市财政局", R)]),
        # not a wrap: punctuation before the break, or the next line opens a bracket first
        ("推动发展（一是，\n二是区发改局负责）。", []),
        ("推动发展（一\n二、推进。（区发改局负责）", [("区发改局", R)]),
        # names separated by spaces still split
        ("推动发展。（市发改委 市财政局）", [("市发改委", R), ("市财政局", R)]),
    ],
)
def test_wrapped_names(text, expected):
    assert flat(text) == expected


def test_a_wrapped_bracket_gives_its_task():
    text = ("四、重点任务\n(一)建设影视基地\n打造基地。每年举办活动不少于2场。(青岛市绿色低碳高\n质量发展先行区建设办公室负责)"
            "(二)建设智驾之都\n开展应用。(济南市发展改革委负责)")
    tasks = extract_document(Document.from_text(text)).tasks
    assert [(t.id, [u.surface for u in t.units]) for t in tasks] == [
        ("(一)", ["青岛市绿色低碳高质量发展先行区建设办公室"]), ("(二)", ["济南市发展改革委"])]
