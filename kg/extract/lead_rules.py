"""Rules a document states once for reading the leads off its lists of units.

列第一位的为牵头单位 (the first unit of each list leads) or 分号前的单位为牵头单位 (the units
before the first semicolon lead), in the cover text or inside the first block (…，下同):
:func:`lead_rule` reads the rule, :func:`_apply_rule` gives the leads of a list that names
none, :func:`_without_rule` cuts the rule off the list it ends. Without a rule, no lead is
ever inferred. The lists are read by :mod:`kg.extract.assignments`.
"""

from __future__ import annotations

import re

from ..document import Document
from .model import UnitMention

FIRST_LEADS_RE = re.compile(  # the lookahead lets the scan skip characters that start no match
    r"(?=[列排位第首])(?:列|排|排在|位列|排名|位居)?(?:第一位|第一个|首位|首个|第一)(?:的|者)?(?:单位|部门)?(?:为|是)牵头(?:单位|部门)"
)
"""A document-level rule making the first unit of each list the lead."""

PUNCT_LEADS_RE = re.compile(
    r"(?:第一个|首个)?(?P<mark>分号|逗号|顿号|“[;,、]”|[;,、])(?:前|之前|以前)(?:的|者)?(?:单位|部门)?(?:为|是)牵头(?:单位|部门)"
)
"""A document-level rule making the units before the first semicolon (comma ...) of each list the leads."""

_MARKS = {"分号": ";", "逗号": ",", "顿号": "、"}
_RULE_RE = re.compile(r"(?:" + FIRST_LEADS_RE.pattern + r"|" + PUNCT_LEADS_RE.pattern.replace("?P<mark>", "") + r")(?:[,;]?\s*下同)?")


def _as_lead(u: UnitMention) -> UnitMention:
    """``u`` made lead by a rule the document states; a collective stays one (各县市区 can lead)."""
    return UnitMention(u.surface, "lead", u.start, u.end, collective=u.is_collective)


def lead_rule(doc: Document) -> str | None:
    """The rule the document states for reading the lead off a list: ``"first"`` (列第一位的为
    牵头单位), a punctuation mark (分号前为牵头单位: ``";"``), or None.

    >>> [lead_rule(Document.from_text(t)) for t in ("排在首位的为牵头单位。", "各任务中分号前的单位为牵头单位。", "无")]
    ['first', ';', None]
    """
    if FIRST_LEADS_RE.search(doc.norm):
        return "first"
    m = PUNCT_LEADS_RE.search(doc.norm)
    if m:
        mark = m.group("mark").strip("“”")
        return _MARKS.get(mark, mark)
    return None


def _apply_rule(units: list[UnitMention], rule: str | None, norm: str, start: int, end: int) -> list[UnitMention]:
    """Leads by the document's rule, for a list that names none (never more than the rule says)."""
    if not rule or not units or any(u.role == "lead" for u in units):
        return units
    if rule == "first":
        cut = units[0].end if units[0].role in ("responsible", "collective") else -1
    else:
        depth, cut = 0, -1
        for i in range(start, end):
            ch = norm[i]
            depth += ch == "("
            depth -= ch == ")" and depth > 0
            if ch == rule and depth == 0:
                cut = i
                break
    return [_as_lead(u) if u.role in ("responsible", "collective") and u.end <= cut else u for u in units]


def _without_rule(norm: str, start: int, end: int) -> int:
    """The end of a bracket's list when the bracket also states the lead rule (…。列第一位的为牵头单位，下同)."""
    m = _RULE_RE.search(norm, start, end)
    if not m:
        return end
    cut = m.start()
    while cut > start and norm[cut - 1] in " \t。;,:":
        cut -= 1
    return cut


def first_listed_leads(doc: Document) -> bool:
    """Whether the document states that the first unit listed leads.

    >>> first_listed_leads(Document.from_text("各项任务列第一位的为牵头单位，其他为配合单位。"))
    True
    """
    return FIRST_LEADS_RE.search(doc.norm) is not None
