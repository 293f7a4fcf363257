"""A request written as a sentence outside brackets (请X、Y落实 / 请X于…前会签反馈) assigns nothing.

In these plans such sentences are cover-letter requests (会签, 反馈, 征求意见) or remarks, not the
assignment of a task: tasks are assigned in brackets, after labels, in tables or duty lists.
Inside a bracket or after a label, 请X、Y落实 does assign (tests/test_assignments.py).
"""

from __future__ import annotations

import pytest

from kg.document import Document
from kg.extract import extract_document


def tasks(text):
    return [(t.id, [(u.surface, u.role) for u in t.units]) for t in extract_document(Document.from_text(text)).tasks]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a cover letter's request, then the plan's own bracket
        ("关于商请会签《某县工作方案》的函\n县财政局、县民政局：\n现将方案送上，请县财政局、县民政局于7月26日前会签反馈。\n"
         "一、重点任务\n1.推进改革。加快建设。（牵头单位：县发改局）", [("1.", [("县发改局", "lead")])]),
        ("某县工作方案\n请各有关单位主要负责同志在会签页上签字。\n1.推进改革。（县发改局牵头，县财政局配合）",
         [("1.", [("县发改局", "lead"), ("县财政局", "responsible")])]),
        # a request sentence in a task's text: no assignment, no task
        ("某县工作方案\n1.推进改革。加快建设。请县财政局、县民政局落实。\n2.推进开放。（县商务局负责）",
         [("2.", [("县商务局", "responsible")])]),
        ("某县工作方案\n1.推进改革。加快建设，请县财政局、县民政局抓好落实。", []),
        # the same request in brackets assigns
        ("某县工作方案\n1.推进改革。加快建设。（请县财政局、县民政局落实）",
         [("1.", [("县财政局", "responsible"), ("县民政局", "responsible")])]),
    ],
)
def test_request_sentences_outside_brackets_assign_nothing(text, expected):
    assert tasks(text) == expected
