"""Scoring extracted assignments against hand-checked annotations.

Two scorers live here. :func:`evaluate_records` / :func:`score_document` score
``kg extract`` records against a gold folder (:mod:`kg.gold`), names compared exactly as
written; this is what ``kg evaluate`` prints. :func:`score_assignments`, described
next, scores the corpus references more leniently.

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
from pathlib import PurePath

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


# --------------------------------------------------------------------------------------
# Scoring against a gold folder (``kg evaluate``)
# --------------------------------------------------------------------------------------
#
# Gold files (:mod:`kg.gold`) are keyed by document stem. Scoring follows these rules,
# all on names exactly as written:
#
# * Each gold task is aligned with at most one extracted task of the same document:
#   candidate pairs share at least one name (lead, responsible or collective, role
#   ignored); pairs are taken by the largest number of shared names, then the smallest
#   distance between the two tasks' positions in their lists, then the later gold and
#   the later extracted task.
# * Assignments are (task, role, name) pairs with role lead or responsible; a pair of an
#   unaligned task counts as missed (gold) or spurious (extracted).
# * Collectives count by presence per task: an aligned pair where both name a collective
#   is a hit, where only one does a miss or a false alarm. A collective that leads
#   (gold ``lead_units``, extracted role ``lead``) is scored as a lead assignment instead.
# * A task title agrees when one title (spaces removed) holds the other's first six
#   characters (fewer when a title is shorter, at least two).


def doc_key(doc) -> str:
    """The key a document is scored under: its file name without folder and suffix."""
    return PurePath(str(doc or "")).stem


def same_title(gold: str, got: str | None) -> bool:
    """Whether an extracted title agrees with the gold one (see the rules above).

    >>> same_title("推动企业上云上平台", "推动企业上云上平台，对企业…"), same_title("推动企业上云", "培育平台")
    (True, False)
    """
    g, p = "".join(gold.split()), "".join((got or "").split())
    k = min(6, len(g), len(p))
    return k >= 2 and (g[:k] in p or p[:k] in g)


def _gold_task(task: dict) -> tuple[set, set]:
    pairs = {("lead", u) for u in task.get("lead_units", [])} | {("responsible", u) for u in task.get("responsible_units", [])}
    return pairs, set(task.get("collective_units", []))


def _extracted_task(record: dict) -> tuple[set, set]:
    pairs, collectives = set(), set()
    for u in record.get("units", []):
        role, name = u.get("role"), (u.get("surface") or "").strip()
        if role == "collective":
            collectives.add(name)
        elif role in ("lead", "responsible"):
            pairs.add((role, name))
    return pairs, collectives


def _ratio(part: int, whole: int, empty: float) -> float:
    return part / whole if whole else empty


@dataclass
class DocumentScore:
    """Figures of one document (or, summed with ``+``, of several)."""

    doc: str
    gold_tasks: int = 0
    extracted_tasks: int = 0
    aligned: int = 0
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    collective_hits: int = 0
    collective_false_alarms: int = 0
    collective_misses: int = 0
    titles_agreeing: int = 0
    errors: list[dict] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """Share of extracted assignments that are right (1.0 when nothing was expected nor found)."""
        return _ratio(self.true_positives, self.true_positives + self.false_positives, float(not self.false_negatives))

    @property
    def recall(self) -> float:
        return _ratio(self.true_positives, self.true_positives + self.false_negatives, float(not self.false_positives))

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def collective_precision(self) -> float:
        return _ratio(self.collective_hits, self.collective_hits + self.collective_false_alarms,
                      float(not self.collective_misses))

    @property
    def collective_recall(self) -> float:
        return _ratio(self.collective_hits, self.collective_hits + self.collective_misses,
                      float(not self.collective_false_alarms))

    @property
    def title_agreement(self) -> float:
        return _ratio(self.titles_agreeing, self.gold_tasks, 1.0)

    def __add__(self, other: DocumentScore) -> DocumentScore:
        counts = {f: getattr(self, f) + getattr(other, f) for f in _COUNTS}
        return DocumentScore(doc="(all)", errors=self.errors + other.errors, **counts)

    def row(self) -> dict:
        """The figures as one output row (ratios to three decimals)."""
        row = {"doc": self.doc, "gold_tasks": self.gold_tasks, "tasks": self.extracted_tasks, "aligned": self.aligned,
               "precision": self.precision, "recall": self.recall, "f1": self.f1,
               "tp": self.true_positives, "fp": self.false_positives, "fn": self.false_negatives,
               "collective_precision": self.collective_precision, "collective_recall": self.collective_recall,
               "titles": f"{self.titles_agreeing}/{self.gold_tasks}", "title_agreement": self.title_agreement}
        return {k: round(v, 3) if isinstance(v, float) else v for k, v in row.items()}


_COUNTS = ("gold_tasks", "extracted_tasks", "aligned", "true_positives", "false_positives", "false_negatives",
           "collective_hits", "collective_false_alarms", "collective_misses", "titles_agreeing")


def score_document(records, gold: dict, doc: str = "") -> DocumentScore:
    """Score one document's extracted task records (dicts as ``kg extract`` prints) against its gold.

    >>> gold = {"tasks": [{"id": "1", "title": "推行链长制", "lead_units": ["区发改局"],
    ...                    "responsible_units": ["区财政局"], "collective_units": ["各镇街"]}]}
    >>> got = [{"type": "task", "id": "1.", "title": "推行链长制。", "units": [
    ...     {"surface": "区发改局", "role": "lead"}, {"surface": "区财政局", "role": "lead"}]}]
    >>> s = score_document(got, gold)
    >>> (s.true_positives, s.false_positives, s.false_negatives, s.collective_misses, s.titles_agreeing)
    (1, 1, 1, 1, 1)
    """
    records = [r for r in records if r.get("type", "task") == "task"]
    want = [_gold_task(t) for t in gold["tasks"]]
    got = [_extracted_task(r) for r in records]
    candidates = []
    for i, (gp, gc) in enumerate(want):
        gold_names = {u for _, u in gp} | gc
        for j, (pp, pc) in enumerate(got):
            shared = len(gold_names & ({u for _, u in pp} | pc))
            if shared:
                candidates.append((shared, -abs(i - j), i, j))
    candidates.sort(reverse=True)
    match: dict[int, int] = {}
    used: set[int] = set()
    for _, _, i, j in candidates:
        if i not in match and j not in used:
            match[i] = j
            used.add(j)
    s = DocumentScore(doc=doc, gold_tasks=len(want), extracted_tasks=len(got), aligned=len(match))

    def note(kind, i, j, pairs):
        for role, name in sorted(pairs):
            s.errors.append({"doc": doc, "kind": kind, "role": role, "unit": name,
                             "gold_task": gold["tasks"][i].get("id") if i is not None else None,
                             "task": records[j].get("id") if j is not None else None})

    for i, (gp, gc) in enumerate(want):
        j = match.get(i)
        pp, pc = got[j] if j is not None else (set(), set())
        s.true_positives += len(gp & pp)
        s.false_negatives += len(gp - pp)
        s.false_positives += len(pp - gp)
        note("missed", i, j, gp - pp)
        note("spurious", i, j, pp - gp)
        if gc and pc:
            s.collective_hits += 1
        elif gc:
            s.collective_misses += 1
            note("missed", i, j, {("collective", c) for c in gc})
        elif pc:
            s.collective_false_alarms += 1
            note("spurious", i, j, {("collective", c) for c in pc})
        if j is not None and same_title(gold["tasks"][i].get("title", ""), records[j].get("title")):
            s.titles_agreeing += 1
    for j, (pp, pc) in enumerate(got):
        if j not in used:
            s.false_positives += len(pp)
            s.collective_false_alarms += int(bool(pc))
            note("spurious", None, j, pp | {("collective", c) for c in pc})
    return s


@dataclass
class Evaluation:
    """Scores of the documents found both in the gold folder and among the extracted records."""

    documents: list[DocumentScore]
    without_gold: list[str] = field(default_factory=list)
    without_document: list[str] = field(default_factory=list)

    @property
    def overall(self) -> DocumentScore:
        total = DocumentScore(doc="(all)")
        for s in self.documents:
            total = total + s
        return total

    def rows(self) -> list[dict]:
        return [s.row() for s in self.documents] + [self.overall.row()]

    def error_rows(self) -> list[dict]:
        return [e for s in self.documents for e in s.errors]


def evaluate_records(records, gold: dict[str, dict]) -> Evaluation:
    """Score extracted records (any types; tasks are used) against gold files keyed by document stem.

    A document is scored when it has a gold file and at least one record (every
    extracted document has its ``plan`` record); the others are listed, not scored.
    """
    by_doc: dict[str, list[dict]] = {}
    for r in records:
        tasks = by_doc.setdefault(doc_key(r.get("doc")), [])
        if r.get("type") == "task":
            tasks.append(r)
    scores = [score_document(by_doc[k], gold[k], k) for k in sorted(gold) if k in by_doc]
    return Evaluation(scores, without_gold=sorted(k for k in by_doc if k not in gold),
                      without_document=sorted(k for k in gold if k not in by_doc))
