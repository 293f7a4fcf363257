"""Scoring extracted places, projects and targets against hand-checked annotations.

An annotation file (``corpus/annotations/extra/*.json``, schema of
``000_437e3f8e08c71f6e.json``) lists a document's ``places``, ``projects`` and
``targets``; its ``doc`` key names the text file (``<doc>.txt``) beside which the
annotation folder's documents are found (see :func:`find_annotated`).

Places and projects (names compared after width folding and removing quotation marks
and spaces):

* a **place** matches a reference place when the names are equal once one trailing
  administrative suffix (省 市 区 县 镇 乡 街道 ..., the place-name endings of
  ``ontology/jurisdiction-words.ttl``) is dropped from each, or equal to the
  reference's ``same_as`` name the same way (华容 is 华容区, 大武汉 is 武汉);
* a **project** matches when the names are equal, or one holds the other and the
  shorter has more than half of the longer's characters.

Reference items flagged ``borderline`` are left out of recall; a found item matching
only borderline items is left out of precision.

Targets. An extracted target and a reference target match when their values are
equal (a range equals a range with the same ends), the reference ``line`` lies
within the lines the extracted quote spans, and their indicators share a pair of
adjacent characters; pairs are taken one-to-one, best indicator overlap (Dice
coefficient of the character pairs) first. Recall counts ``core`` reference
targets; an extracted target matching a non-core reference target counts neither
way; comparator and year agreement are taken over all matched targets; a reference
achievement matched by a ``goal`` or ``task`` is an achievement reported as a
commitment.

>>> ref = {"places": [{"name": "华容", "same_as": "华容区"}, {"name": "孔关", "borderline": True}],
...        "projects": [{"name": "华容宾馆"}, {"name": "“一下三民”实践活动"}], "targets": []}
>>> s = score_names(["华容区", "丁桥村"], ref["places"], place_matches)
>>> (s.recall, s.precision, s.misses, s.extra)
(1.0, 0.5, [], ['丁桥村'])
>>> score_names(["华容宾馆"], ref["projects"], name_matches).recall
0.5
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path

from .document import fold_width
from .vocab_names import PLACE_SUFFIXES

KINDS = ("places", "projects", "targets")


def _norm(name: str) -> str:
    return re.sub(r"[“”\"'‘’《》\s]", "", fold_width(name))


def place_key(name: str) -> str:
    """A place name without quotation marks and one trailing administrative suffix
    (:data:`kg.vocab_names.PLACE_SUFFIXES`, longest first), if two characters remain.

    >>> place_key("华容区"), place_key("临清"), place_key("省"), place_key("恩施州"), place_key("喀什地区")
    ('华容', '临清', '省', '恩施', '喀什')
    """
    name = _norm(name)
    for suffix in PLACE_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def place_matches(found: str, ref: dict) -> bool:
    """A found place name against a reference place record (its ``name`` or ``same_as``)."""
    return place_key(found) in {place_key(ref["name"]), place_key(ref.get("same_as") or ref["name"])}


def name_matches(found: str, ref: dict) -> bool:
    """A found project name against a reference project record.

    >>> name_matches("滨江科技新区“五横三纵三环”路网", {"name": "“五横三纵三环”路网"})
    True
    >>> name_matches("花湖机场高速二期", {"name": "花湖机场"})
    False
    """
    a, b = _norm(found), _norm(ref["name"])
    short, long = sorted((a, b), key=len)
    return a == b or (short in long and 2 * len(short) > len(long))


@dataclass
class NameScore:
    """Recall and precision of found items against reference records, with counts.

    Scores add up field by field, so documents can be summed into an overall score.
    """

    hits: int = 0
    wanted: int = 0
    correct: int = 0
    judged: int = 0
    misses: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.hits / self.wanted if self.wanted else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.judged if self.judged else 1.0

    def __add__(self, other):
        return type(self)(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})


def score_names(found: Sequence[str], refs: Sequence[dict], match: Callable[[str, dict], bool]) -> NameScore:
    """Score found names; borderline reference items count neither way (module docstring)."""
    wanted = [r for r in refs if not r.get("borderline")]
    borderline = [r for r in refs if r.get("borderline")]
    hits = [r for r in wanted if any(match(f, r) for f in found)]
    judged = [f for f in found if any(match(f, r) for r in wanted) or not any(match(f, r) for r in borderline)]
    correct = [f for f in judged if any(match(f, r) for r in wanted)]
    return NameScore(len(hits), len(wanted), len(correct), len(judged),
                     [r["name"] for r in wanted if r not in hits], [f for f in judged if f not in correct])


def _pairs(text: str) -> set[str]:
    s = re.sub(r"[^\u4e00-\u9fffA-Za-z0-9]", " ", text)
    return {s[i:i + 2] for i in range(len(s) - 1) if " " not in s[i:i + 2]}


def _value(v):
    return tuple(float(x) for x in v) if isinstance(v, (list, tuple)) else float(v)


def match_targets(text: str, extracted: Sequence, reference: Sequence[dict]) -> dict[int, int]:
    """Extracted index -> reference index, one-to-one (see the module docstring).

    ``extracted`` items need ``indicator``, ``value``, ``start`` and ``end`` (offsets into ``text``).
    """
    def line(pos):
        return text.count("\n", 0, pos) + 1

    candidates = []
    for i, e in enumerate(extracted):
        first, last = line(e.start), line(e.end)
        for j, r in enumerate(reference):
            if _value(e.value) != _value(r["value"]) or not first <= r["line"] <= last:
                continue
            a, b = _pairs(e.indicator), _pairs(r["indicator"])
            if a & b:
                candidates.append((2 * len(a & b) / (len(a) + len(b)), -i, -j))
    out: dict[int, int] = {}
    used: set[int] = set()
    for _, i, j in sorted(candidates, reverse=True):
        if -i not in out and -j not in used:
            out[-i] = -j
            used.add(-j)
    return out


@dataclass
class TargetScore(NameScore):
    """Target recall/precision over core reference targets, attribute agreement over matches."""

    matched: int = 0
    comparator_agree: int = 0
    year_agree: int = 0
    achievements_matched: int = 0
    achievements_as_commitments: list[str] = field(default_factory=list)
    disagreements: list[str] = field(default_factory=list)

    @property
    def comparator(self) -> float:
        return self.comparator_agree / self.matched if self.matched else 1.0

    @property
    def year(self) -> float:
        return self.year_agree / self.matched if self.matched else 1.0


def score_targets(text: str, extracted: Sequence, reference: Sequence[dict]) -> TargetScore:
    """Score extracted targets (records with ``indicator value unit comparator year kind quote start end``)."""
    matched = match_targets(text, extracted, reference)
    core = {j for j, r in enumerate(reference) if r.get("core", True)}
    matched_core = {j for j in matched.values() if j in core}
    neutral = sum(1 for j in matched.values() if j not in core)
    s = TargetScore(hits=len(matched_core), wanted=len(core), correct=len(matched_core),
                    judged=len(extracted) - neutral, matched=len(matched))
    for i, j in matched.items():
        e, r = extracted[i], reference[j]
        s.comparator_agree += e.comparator == r["comparator"]
        s.year_agree += e.year == r["year"]
        if e.comparator != r["comparator"] or e.year != r["year"]:
            s.disagreements.append(f"{r['id']} {r['quote']}: comparator {e.comparator} (ref {r['comparator']}), "
                                   f"year {e.year} (ref {r['year']})")
        if r["kind"] == "achievement":
            s.achievements_matched += 1
            if e.kind != "achievement":
                s.achievements_as_commitments.append(f"{r['id']} {r['quote']} (extracted as {e.kind})")
    s.extra = [f"{e.indicator} {e.value} {e.unit} | {e.quote}" for i, e in enumerate(extracted) if i not in matched]
    found = set(matched.values())
    s.misses = [f"{r['id']} {r['quote']}" for j, r in enumerate(reference) if j in core and j not in found]
    return s


@dataclass
class DocumentScore:
    """One document's scores per kind."""

    doc: str
    places: NameScore
    projects: NameScore
    targets: TargetScore

    def __add__(self, other: DocumentScore) -> DocumentScore:
        return DocumentScore("overall", self.places + other.places, self.projects + other.projects,
                             self.targets + other.targets)


def score_extraction(extraction, annotation: dict) -> DocumentScore:
    """Score one :class:`~kg.extract.model.Extraction` against its annotation."""
    return DocumentScore(
        annotation["doc"],
        score_names([p.name for p in extraction.places], annotation["places"], place_matches),
        score_names([p.name for p in extraction.projects], annotation["projects"], name_matches),
        score_targets(extraction.text, extraction.targets, annotation["targets"]),
    )


def find_annotated(folders: Iterable[tuple[Path, Path]]) -> list[tuple[Path, Path]]:
    """(text, annotation) pairs for every ``*.json`` in each (annotation folder, text folder).

    An annotation whose text file is missing is an error naming both files.
    """
    pairs = []
    for ann_dir, text_dir in folders:
        for ann in sorted(Path(ann_dir).glob("*.json")):
            doc = json.loads(ann.read_text(encoding="utf-8"))["doc"]
            text = Path(text_dir) / f"{doc}.txt"
            if not text.is_file():
                raise FileNotFoundError(f"{ann}: annotated document {text} not found")
            pairs.append((text, ann))
    return pairs


def score_document(text_path: str | Path, annotation_path: str | Path) -> DocumentScore:
    """Extract one document (manifest row looked up beside it) and score it against its annotation."""
    from .extract import extract_file

    annotation = json.loads(Path(annotation_path).read_text(encoding="utf-8"))
    return score_extraction(extract_file(text_path), annotation)


def total(scores: Sequence[DocumentScore]) -> DocumentScore:
    """Counts summed over documents (micro-average)."""
    out = DocumentScore("overall", NameScore(), NameScore(), TargetScore())
    for s in scores:
        out = out + s
    return out


def format_scores(scores: Sequence[DocumentScore]) -> str:
    """A plain-text table: per document and overall, recall and precision per kind."""
    head = (f"{'document':<30} {'places R':>8} {'P':>5} {'projects R':>10} {'P':>5} {'targets R':>9} {'P':>5} "
            f"{'cmp':>5} {'year':>5} {'ach->commit':>11}")
    rows = [head]
    for s in [*scores, total(scores)]:
        t = s.targets
        rows.append(f"{s.doc[:30]:<30} {s.places.recall:>8.3f} {s.places.precision:>5.3f} "
                    f"{s.projects.recall:>10.3f} {s.projects.precision:>5.3f} {t.recall:>9.3f} {t.precision:>5.3f} "
                    f"{t.comparator:>5.3f} {t.year:>5.3f} {len(t.achievements_as_commitments):>5}/{t.achievements_matched:<5}")
    return "\n".join(rows)


def format_errors(score: DocumentScore) -> str:
    """What one document's extraction missed or added, per kind."""
    t = score.targets
    lines = [f"== {score.doc}",
             f"places missed {score.places.misses}", f"places not in the reference {score.places.extra}",
             f"projects missed {score.projects.misses}", f"projects not in the reference {score.projects.extra}"]
    lines += [f"targets missed: {m}" for m in t.misses]
    lines += [f"targets not in the reference: {m}" for m in t.extra]
    lines += [f"targets disagreeing: {m}" for m in t.disagreements]
    lines += [f"achievement reported as a commitment: {m}" for m in t.achievements_as_commitments]
    return "\n".join(lines)
