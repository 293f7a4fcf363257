"""Classifying the names of a unit list: a unit, a collective (a class of units), or no name.

:func:`is_collective` tells a class of units (各镇街, 区直各部门) from one unit;
:func:`looks_like_unit` tells a name from a deadline or a remark where no label says the
words are units (:func:`is_not_name`). The lists themselves are read by
:mod:`kg.extract.unit_lists`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..document import fold_width
from .assignment_cues import DEFAULT_CUES, AssignmentCues


def is_collective(name: str, cues: AssignmentCues = DEFAULT_CUES) -> bool:
    """A class of units (各镇街, 相关乡镇(街道), 区直各部门), not one unit.

    >>> [is_collective(n) for n in ("各镇街", "相关乡镇(街道)", "区直各部门", "沿江镇", "街道", "花湖开发区", "东风路街道")]
    [True, True, True, True, True, False, False]
    >>> [is_collective(n) for n in ("市相关行业主管部门", "县有关企业", "市各级部门", "市场监管局", "市委组织部")]
    [True, True, True, False, False]
    """
    folded = name.replace("（", "(").replace("）", ")")
    if folded.startswith(cues.collective_prefixes):
        return True
    if any(infix in folded for infix in cues.collective_infixes):
        return True
    if any(p in folded[1:] for p in cues.collective_prefixes) and _after_level(folded).startswith(cues.collective_prefixes):
        return True  # 市相关行业主管部门: a level, then a quantifier
    return folded in cues.level_nouns


@lru_cache(maxsize=16384)
def _after_level(name: str) -> str:
    """A name without the level word that opens it (市相关行业主管部门 -> 相关行业主管部门), or the name."""
    from ..vocab import load_vocabulary

    parts = load_vocabulary().split_name(name)
    return parts.rest if parts.level and not parts.places else name


def is_level_noun(name: str, cues: AssignmentCues = DEFAULT_CUES) -> bool:
    return name.replace("（", "(").replace("）", ")") in cues.level_nouns


_ALIAS_AT_END_RE = re.compile(r"\([^()]*\)$")


def _unit_core(name: str) -> str:
    """A name without a closing bracketed alias or remark: 县委宣传部(县新闻办), 县委宣传部[牵头] -> 县委宣传部."""
    folded = fold_width(name)
    return _ALIAS_AT_END_RE.sub("", folded) if "(" in folded else folded


def is_not_name(name: str, cues: AssignmentCues = DEFAULT_CUES) -> bool:
    """A deadline, a score or a verb phrase (not a unit), unless it ends like a unit name or names a collective.

    >>> [is_not_name(n) for n in ("2024年底前完成", "持续推进", "省推进数字经济发展专项工作组", "市青年联合会", "省推进改革专项工作组成员单位")]
    [True, True, False, False, False]
    """
    return (bool(cues.not_name_re.search(name)) and not _unit_core(name).endswith(cues.unit_suffixes)
            and not is_collective(name, cues))


@lru_cache(maxsize=65536)
def _vocabulary_names_unit(core: str) -> bool:
    """A jurisdiction prefix, then a name that ends with a department word of the vocabulary
    (``ontology/department-types.ttl``): 省科协, 县妇联, 团县委 -- endings no fixed list holds."""
    from ..vocab import load_vocabulary

    vocab = load_vocabulary()
    parts = vocab.split_name(core)
    if not (parts.level or parts.places) or not parts.rest:
        return False
    segments = vocab.segments(parts.rest)
    return bool(segments) and len(segments[-1].text) > 1 and segments[-1].end == len(parts.rest)


def looks_like_unit(name: str, cues: AssignmentCues = DEFAULT_CUES) -> bool:
    """Whether a name, with no label around it, reads as a unit or a collective.

    A one-character level noun (乡, 镇) ends a unit's name only after a name of two characters
    or more (王庄乡, 柳泉镇): 城乡 (城乡统筹, 城乡负责) is a word, not a township.

    >>> [looks_like_unit(n) for n in ("市发改委", "区城投公司", "各镇街", "省科协", "县妇联", "花溪区", "大冶段", "市区", "2024年底前完成")]
    [True, True, True, True, True, True, False, False, False]
    >>> [looks_like_unit(n) for n in ("城乡", "王庄乡", "柳泉镇")]
    [False, True, True]
    """
    if not name or len(name) > 40 or is_not_name(name, cues) or name.startswith(cues.not_name_prefixes):
        return False
    core = _unit_core(name)
    if len(core) == 2 and core[1] in cues.level_nouns and core.endswith(cues.unit_suffixes) and not is_collective(name, cues):
        return False
    return (is_collective(name, cues) or core.endswith(cues.unit_suffixes) or _vocabulary_names_unit(core)
            or (len(core) >= 3 and core.endswith(cues.place_suffixes)))
