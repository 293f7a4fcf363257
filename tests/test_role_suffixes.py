"""Role words written after unit names that say the units lead: 统筹 and 主抓 read as 牵头 does.

The suffix families live in ``kg/extract/cues/assignments.json`` (``role_suffixes``); the
longest suffix ending a clause wins, so 统筹推进 and 负责统筹 keep the responsible role, and
a label followed by 负总责 stays a note on how roles share the work (``role_shares``).
"""

from __future__ import annotations

import pytest

from kg.document import Document
from kg.extract.assignments import find_assignments

L, R, C = "lead", "responsible", "collective"


def flat(text):
    return [(u.surface, u.role) for a in find_assignments(Document.from_text(text)) for u in a.units]


@pytest.mark.parametrize(
    "text, expected",
    [
        # 统筹 / 统筹协调 after names: those units lead
        ("推进改革。（市发改委统筹）", [("市发改委", L)]),
        ("推进改革。（市发改委统筹，市财政局、各区县配合）", [("市发改委", L), ("市财政局", R), ("各区县", C)]),
        ("推进改革。（市发改委统筹协调，各区县落实）", [("市发改委", L), ("各区县", C)]),
        ("推进改革。（牵头单位：市发改委统筹；配合单位：市财政局）", [("市发改委", L), ("市财政局", R)]),
        # 主抓: the unit that mainly takes charge
        ("推进改革。（市住建局主抓）", [("市住建局", L)]),
        ("推进改革。（市住建局主抓，市财政局配合）", [("市住建局", L), ("市财政局", R)]),
        ("推进改革。（牵头单位：市住建局主抓；配合单位：市财政局）", [("市住建局", L), ("市财政局", R)]),
        # longer suffixes keep their role
        ("推进改革。（市发改委统筹推进，市财政局配合）", [("市发改委", R), ("市财政局", R)]),
        ("推进改革。（市发改委负责统筹，市财政局配合）", [("市发改委", R), ("市财政局", R)]),
        # no unit before the word: nothing (城乡 is a word, not a township: a one-character
        # level noun ends a name only after two characters or more)
        ("推进改革（城乡统筹）。", []),
        ("推进改革（城乡牵头）。", []),
        ("推进改革（城乡）。", []),
        ("推进改革。（王庄乡统筹，柳泉镇配合）", [("王庄乡", L), ("柳泉镇", R)]),
        ("推进改革。（县农业局、乡镇）", [("县农业局", R), ("乡镇", C)]),
        ("推进改革。（省级统筹）", []),
        # a note on roles, not a unit named 牵头单位
        ("推进改革。（牵头单位负总责，配合单位积极配合）", []),
    ],
)
def test_lead_suffixes(text, expected):
    assert flat(text) == expected
