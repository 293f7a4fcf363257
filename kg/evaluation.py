"""Scoring extracted assignments against hand-checked annotations.

An annotation file (``corpus/annotations/*.json``) lists, per task, its
``lead_units``, ``responsible_units`` and ``collective_units`` as written. Scoring:

1. Names are compared after width folding and removal of spaces. A collective is
   compared part by part, split at top-level ``、`` on both sides (an annotation may
   list ``各乡镇(场)`` and ``街道`` where the extractor keeps ``各乡镇(场)、街道`` whole).
2. Extracted tasks are aligned one-to-one with annotated tasks by their units:
   each pair is scored by the Jaccard overlap of their (role, name) sets, and pairs
   are taken best first (ties in document order), so no printed id or title is needed.
3. Precision and recall count (task, role, name) assignments; an unaligned task's
   assignments all count as false positives (extracted) or false negatives (annotated).

>>> ann = {"tasks": [{"id": "1.", "title": "甲", "lead_units": ["区发改局"], "responsible_units": [], "collective_units": ["各镇", "街道"]}]}
>>> got = [{"units": [{"surface": "区发改局", "role": "lead"}, {"surface": "各镇、街道", "role": "collective"}]}]
>>> s = score_assignments(got, ann)
>>> s.precision, s.recall
(1.0, 1.0)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .document import fold_width

_ROLE_KEYS = (("lead", "lead_units"), ("responsible", "responsible_units"), ("collective", "collective_units"))


def _name(name: str) -> str:
    return "".join(fold_width(name).split())


def _split_top(name: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for ch in _name(name):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if ch == "、" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return [p for p in parts if p]


def _pairs(role: str, names) -> set[tuple[str, str]]:
    out = set()
    for name in names:
        for part in (_split_top(name) if role == "collective" else [_name(name)]):
            out.add((role, part))
    return out


def annotated_pairs(task: dict) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for role, key in _ROLE_KEYS:
        out |= _pairs(role, task.get(key) or [])
    return out


def extracted_pairs(task) -> set[tuple[str, str]]:
    units = task["units"] if isinstance(task, dict) else [{"surface": u.surface, "role": u.role} for u in task.units]
    out: set[tuple[str, str]] = set()
    for u in units:
        out |= _pairs(u["role"], [u["surface"]])
    return out


@dataclass
class Score:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    aligned: list[tuple[int, int]] = field(default_factory=list)
    missed: list[tuple[str, tuple[str, str]]] = field(default_factory=list)
    spurious: list[tuple[str, tuple[str, str]]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0

    def __add__(self, other: Score) -> Score:
        return Score(
            self.true_positives + other.true_positives,
            self.false_positives + other.false_positives,
            self.false_negatives + other.false_negatives,
            self.aligned + other.aligned,
            self.missed + other.missed,
            self.spurious + other.spurious,
        )


def score_assignments(extracted_tasks, annotation: dict) -> Score:
    """Precision and recall of (task, role, unit) assignments; see the module docstring."""
    got = [extracted_pairs(t) for t in extracted_tasks]
    want = [annotated_pairs(t) for t in annotation["tasks"]]
    candidates = []
    for i, g in enumerate(got):
        for j, w in enumerate(want):
            union = g | w
            if union and g & w:
                candidates.append((-len(g & w) / len(union), i, j))
    candidates.sort()
    used_g, used_w, score = set(), set(), Score()
    for _, i, j in candidates:
        if i in used_g or j in used_w:
            continue
        used_g.add(i)
        used_w.add(j)
        score.aligned.append((i, j))
        g, w = got[i], want[j]
        score.true_positives += len(g & w)
        score.false_positives += len(g - w)
        score.false_negatives += len(w - g)
        label = annotation["tasks"][j].get("title", str(j))
        score.missed += [(label, p) for p in sorted(w - g)]
        score.spurious += [(label, p) for p in sorted(g - w)]
    for i, g in enumerate(got):
        if i not in used_g:
            score.false_positives += len(g)
            score.spurious += [(f"unaligned task {i}", p) for p in sorted(g)]
    for j, w in enumerate(want):
        if j not in used_w:
            score.false_negatives += len(w)
            score.missed += [(annotation["tasks"][j].get("title", str(j)), p) for p in sorted(w)]
    return score
