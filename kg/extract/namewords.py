"""Words that tell a name from a common noun, shared by places and projects.

A stem before a place suffix (镇, 村 ...) or a project word (中心, 广场 ...) is a name only
when it is not a generic stem; a suffix followed by certain characters starts another word.
The words are data: ``kg/extract/cues/names.json``, each family with its examples.

>>> "重点" in COMMON_GENERIC_STEMS, "文化" in PROJECT_GENERIC_STEMS, "文化" in PLACE_GENERIC_STEMS
(True, True, False)
>>> NOT_AFTER["镇"], NOT_AFTER["中心"]
('街村区域级', '城区镇村线点')
"""

from __future__ import annotations

from .cue_files import read_cues

CUES = read_cues("names")
"""The cue words of this module (``kg/extract/cues/names.json``), each family with its examples."""

COMMON_GENERIC_STEMS = frozenset(CUES.words("common_generic_stems"))
"""Stems that make a common noun before a place suffix and before a project word alike."""

PLACE_GENERIC_STEMS = COMMON_GENERIC_STEMS | frozenset(CUES.words("place_generic_stems"))
"""Stems that make a common noun before a place suffix: 重点镇, 中心村, 城市新区."""

PROJECT_GENERIC_STEMS = COMMON_GENERIC_STEMS | frozenset(CUES.words("project_generic_stems"))
"""Stems that make a common noun before a project word: 文化广场, 养老服务中心."""

NOT_AFTER = CUES.table("not_after")
"""A place suffix or project word followed by one of these characters starts another word."""
