"""Unit assignments: the clauses that say which units lead or share a task.

Three families of cue, each read by one function:

* :func:`labelled_assignment` -- a label of the 牵头单位 / 责任单位 family inside any
  bracket (or opening a line), possibly after other text (a deadline, a score):
  ``（牵头单位：区发改局；责任单位：区财政局、各镇街）``.
* :func:`suffix_assignment` -- no label, the role given by a suffix:
  ``（市发改委牵头，市财政局、市自然资源局配合）``, ``（区住建局负责）``.
* :func:`bare_assignment` -- a bracket closing a sentence that holds nothing but unit
  names: ``（市发改委、市财政局）``. Everyone is responsible unless the document states
  a rule such as 列第一位的为牵头单位 (:func:`first_listed_leads`).

Lists are split at top-level separators (、 , ; and spaces between names), never inside
nested brackets or quotes, so ``市财政局（国资办）`` and ``各乡镇（场）、街道`` stay whole.
Collectives (:func:`is_collective`) keep their own role; a bare level noun following a
collective (``相关镇、街道``) belongs to it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..document import Document, fold_width
from ..intervals import span_index
from .model import Assignment, UnitMention
from .patterns import alternation

# --- cue data -------------------------------------------------------------------

CUES_FILE = Path(__file__).with_name("cues") / "assignments.json"
"""The cue families (labels, role suffixes, unit endings, collectives ...) with their examples."""


@dataclass(frozen=True)
class AssignmentCues:
    """The cue words of assignments, read from a data file (:data:`CUES_FILE`) by :func:`load_cues`."""

    lead_labels: tuple[str, ...]
    responsible_labels: tuple[str, ...]
    bare_labels: frozenset[str]
    role_suffixes: tuple[tuple[str, str], ...]
    lead_markers: tuple[str, ...]
    responsible_markers: tuple[str, ...]
    unit_suffixes: tuple[str, ...]
    collective_prefixes: tuple[str, ...]
    collective_infixes: tuple[str, ...]
    level_nouns: frozenset[str]
    not_name_prefixes: tuple[str, ...]
    trailing_noise: tuple[str, ...]
    collective_tails: frozenset[str] = frozenset()
    not_name_words: tuple[str, ...] = ()
    list_joiners: tuple[str, ...] = ()
    trailing_verbs: tuple[str, ...] = ()
    label_re: re.Pattern = field(repr=False, compare=False, default=None)
    line_label_re: re.Pattern = field(repr=False, compare=False, default=None)
    role_marker_re: re.Pattern = field(repr=False, compare=False, default=None)
    not_name_re: re.Pattern = field(repr=False, compare=False, default=None)

    def __post_init__(self):
        labels = self.lead_labels + self.responsible_labels
        full = alternation(x for x in labels if x not in self.bare_labels)
        # a label, possibly in its own brackets (【牵头单位】 folds to (牵头单位)), then an optional colon
        object.__setattr__(self, "label_re", re.compile(
            r"(?:\(\s*(?P<blabel>" + full + r")\s*\)|(?P<label>" + alternation(labels) + r"))\s*(?::|：)?\s*"))
        object.__setattr__(self, "line_label_re", re.compile(
            r"(?:(?<=^)|(?<=\n)|(?<=[。;]))[ \t]*(?=(?:" + full + r")\s*:|\(\s*(?:" + full + r")\s*\))", re.M))
        object.__setattr__(self, "not_name_re", re.compile(r"\d|[年月]|" + alternation(self.not_name_words)))
        object.__setattr__(self, "role_marker_re", re.compile(
            r"\((" + alternation(self.lead_markers + self.responsible_markers) + r")\)$"))


def _words(family: dict, key: str = "words") -> tuple[str, ...]:
    return tuple(family.get(key, ()))


def load_cues(path: str | Path | None = None) -> AssignmentCues:
    """The assignment cues of a JSON file shaped like :data:`CUES_FILE` (that file by default).

    >>> cues = load_cues()
    >>> "牵头单位" in cues.lead_labels, cues.role_suffixes[0]
    (True, ('按照职责分工负责', 'responsible'))
    """
    with open(path or CUES_FILE, encoding="utf-8") as fh:
        return cues_from_data(json.load(fh))


def _qualified(labels: tuple[str, ...], qualifiers: tuple[str, ...]) -> tuple[str, ...]:
    """Labels with each qualifier put before their 单位/部门 (牵头单位 -> 牵头考核单位), the labels first.

    >>> _qualified(("牵头单位", "责任主体"), ("考核",))
    ('牵头单位', '责任主体', '牵头考核单位')
    """
    more = [w[:-2] + q + w[-2:] for w in labels if w.endswith(("单位", "部门")) for q in qualifiers]
    return tuple(dict.fromkeys(labels + tuple(m for m in more if m not in labels)))


def cues_from_data(data: dict) -> AssignmentCues:
    """The assignment cues of the parsed JSON of a cue file."""
    lead, resp = data["lead_labels"], data["responsible_labels"]
    qualifiers = _words(data.get("label_qualifiers", {}))
    suffixes = [(w, "lead") for w in _words(data["role_suffixes"], "lead")]
    suffixes += [(w, "responsible") for w in _words(data["role_suffixes"], "responsible")]
    return AssignmentCues(
        lead_labels=_qualified(_words(lead), qualifiers) + _words(lead, "bare"),
        responsible_labels=_qualified(_words(resp), qualifiers) + _words(resp, "bare"),
        bare_labels=frozenset(_words(lead, "bare") + _words(resp, "bare")),
        role_suffixes=tuple(sorted(suffixes, key=lambda x: len(x[0]), reverse=True)),
        lead_markers=_words(data["role_markers"], "lead"),
        responsible_markers=_words(data["role_markers"], "responsible"),
        unit_suffixes=_words(data["unit_suffixes"]),
        collective_prefixes=_words(data["collective_prefixes"]),
        collective_infixes=_words(data["collective_infixes"]),
        level_nouns=frozenset(_words(data["level_nouns"])),
        not_name_prefixes=_words(data["not_name_prefixes"]),
        trailing_noise=tuple(sorted(_words(data["trailing_noise"]), key=len, reverse=True)),
        collective_tails=frozenset(_words(data.get("collective_tails", {}))),
        not_name_words=_words(data.get("not_name_words", {})),
        list_joiners=tuple(sorted(_words(data.get("list_joiners", {})), key=len, reverse=True)),
        trailing_verbs=tuple(sorted(_words(data.get("trailing_verbs", {})), key=len, reverse=True)),
    )


DEFAULT_CUES = load_cues()
"""The cues of :data:`CUES_FILE`, used when a function is given none."""

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

# --- splitting ------------------------------------------------------------------

_OPEN, _CLOSE = "(“‘\"", ")”’\""
_SEPARATORS = "、,;。"


@dataclass(frozen=True)
class Item:
    """A list item: its text as written and its offsets."""

    text: str
    start: int
    end: int
    sep: str = ""


def split_items(text: str, norm: str, start: int, end: int) -> list[Item]:
    """Split ``norm[start:end]`` at top-level separators; offsets are absolute.

    >>> s = "市财政局(国资办)、各乡镇(场),街道"
    >>> [i.text for i in split_items(s, s, 0, len(s))]
    ['市财政局(国资办)', '各乡镇(场)', '街道']
    """
    items: list[Item] = []
    depth = 0
    quote = False
    piece_start = start

    sep = ""

    def flush(stop: int) -> None:
        raw = text[piece_start:stop]
        lead = len(raw) - len(raw.lstrip())
        body = raw.strip()
        if body:
            items.append(Item(body, piece_start + lead, piece_start + lead + len(body), sep))

    for i in range(start, end):
        ch = norm[i]
        if ch in "“‘":
            quote = True
        elif ch in "”’":
            quote = False
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch in _SEPARATORS and depth == 0 and not quote:
            flush(i)
            piece_start, sep = i + 1, ch
    flush(end)
    return items


def _strip_item(item: Item, cues: AssignmentCues = DEFAULT_CUES) -> Item | None:
    text = item.text.rstrip("。.,;:： ")
    text = re.sub(r"^(?:由|请|和|及|以及)", "", text)
    for verb in cues.trailing_verbs:
        if text.endswith(verb) and len(text) > len(verb):
            text = text[: -len(verb)]
            break
    for noise in cues.trailing_noise:
        if text.endswith(noise) and len(text) > len(noise):
            text = text[: -len(noise)]
            break
    text = text.strip()
    if not text:
        return None
    offset = item.text.find(text)
    return Item(text, item.start + offset, item.start + offset + len(text), item.sep)


def _joined(item: Item, cues: AssignmentCues = DEFAULT_CUES) -> list[Item]:
    """Names joined by 和 / 及 / 会同 inside one item, split when every part ends like a unit
    name or names a collective (省文化和旅游厅, 有关部门和单位 stay whole).

    >>> [i.text for i in _joined(Item("市发改委会同市财政局", 0, 10))]
    ['市发改委', '市财政局']
    >>> [i.text for i in _joined(Item("省文化和旅游厅", 0, 7))], [i.text for i in _joined(Item("有关部门和单位", 0, 7))]
    (['省文化和旅游厅'], ['有关部门和单位'])
    >>> [i.text for i in _joined(Item("各市工业和信息化局", 0, 9))], [i.text for i in _joined(Item("市财政局及各区县", 0, 8))]
    (['各市工业和信息化局'], ['市财政局', '各区县'])
    """
    if not cues.list_joiners or "(" in item.text or "（" in item.text:
        return [item]
    pattern = re.compile(alternation(cues.list_joiners))
    parts, pos = [], 0
    for m in pattern.finditer(item.text):
        parts.append((item.text[pos:m.start()], pos))
        pos = m.end()
    parts.append((item.text[pos:], pos))
    def ends_like_name(p: str) -> bool:
        return _unit_core(p).endswith(cues.unit_suffixes + tuple(cues.level_nouns) + cues.collective_infixes)

    # every part but the last ends like a name (各市工业和信息化局 is one collective); the last
    # may be a collective of any form (市财政局及各区县)
    if len(parts) < 2 or not all(p and ends_like_name(p) for p, _ in parts[:-1]) or not (
            parts[-1][0] and (ends_like_name(parts[-1][0]) or is_collective(parts[-1][0], cues))):
        return [item]
    return [Item(p, item.start + off, item.start + off + len(p), item.sep if not off else "和") for p, off in parts]


def _space_split(item: Item, cues: AssignmentCues = DEFAULT_CUES) -> list[Item]:
    """Names separated only by spaces (common in text copied from PDFs)."""
    parts = [(m.group(), m.start()) for m in re.finditer(r"\S+", item.text)]
    if len(parts) > 1 and all(looks_like_unit(p, cues) for p, _ in parts):
        return [Item(p, item.start + off, item.start + off + len(p), item.sep) for p, off in parts]
    return [item]


# --- classification ---------------------------------------------------------------


def is_collective(name: str, cues: AssignmentCues = DEFAULT_CUES) -> bool:
    """A class of units (各镇街, 相关乡镇(街道), 区直各部门), not one unit.

    >>> [is_collective(n) for n in ("各镇街", "相关乡镇(街道)", "区直各部门", "沿江镇", "街道", "花湖开发区", "东风路街道")]
    [True, True, True, True, True, False, False]
    """
    folded = name.replace("（", "(").replace("）", ")")
    if folded.startswith(cues.collective_prefixes):
        return True
    if any(infix in folded for infix in cues.collective_infixes):
        return True
    return folded in cues.level_nouns


def is_level_noun(name: str, cues: AssignmentCues = DEFAULT_CUES) -> bool:
    return name.replace("（", "(").replace("）", ")") in cues.level_nouns


def _unit_core(name: str) -> str:
    """A name without a closing parenthesised alias: 县委宣传部(县新闻办) -> 县委宣传部."""
    return re.sub(r"\([^()]*\)$", "", name.replace("（", "(").replace("）", ")"))


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

    >>> [looks_like_unit(n) for n in ("市发改委", "区城投公司", "各镇街", "省科协", "县妇联", "大冶段", "2024年底前完成")]
    [True, True, True, True, True, False, False]
    """
    if not name or len(name) > 40 or is_not_name(name, cues) or name.startswith(cues.not_name_prefixes):
        return False
    core = _unit_core(name)
    return is_collective(name, cues) or core.endswith(cues.unit_suffixes) or _vocabulary_names_unit(core)


# --- cue families -------------------------------------------------------------------


def _mentions(doc: Document, items: list[Item], role: str, cues: AssignmentCues = DEFAULT_CUES) -> list[UnitMention]:
    """Unit mentions from list items, merging a bare level noun into the collective before it."""
    out: list[UnitMention] = []
    for raw in items:
        for piece, item in _pieces(raw, cues):
            tail = item.sep == "、" and item.text.replace("（", "(").replace("）", ")") in cues.collective_tails
            if (tail or is_level_noun(item.text, cues)) and out and out[-1].role == "collective":
                prev = out.pop()
                out.append(UnitMention(doc.text[prev.start:item.end], "collective", prev.start, item.end))
                continue
            item_role = role
            marker = cues.role_marker_re.search(fold_width(item.text))
            if marker and marker.start() > 0:
                # 市发改委（牵头）: the role written after the name
                item_role = "lead" if marker.group(1) in cues.lead_markers else "responsible"
                item = Item(item.text[:marker.start()].rstrip(), item.start, item.start + len(item.text[:marker.start()].rstrip()), item.sep)
            if is_collective(item.text, cues):
                item_role = "collective"
            out.append(UnitMention(item.text, item_role, item.start, item.end))
            after = _collective_after_etc(doc, piece, item, cues)
            if after is not None:
                out.append(after)
    return out


def _pieces(raw: Item, cues: AssignmentCues = DEFAULT_CUES) -> list[tuple[Item, Item]]:
    """The names of a list item, each with the piece it was cut from: split at spaces
    (:func:`_space_split`) and joiners (:func:`_joined`), trailing 等 and verbs dropped."""
    out = []
    for piece in _space_split(raw, cues):
        item = _strip_item(piece, cues)
        if item is not None:
            out.extend((piece, part) for part in _joined(item, cues))
    return out


def _names(items: list[Item], cues: AssignmentCues = DEFAULT_CUES) -> list[str]:
    return [item.text for raw in items for _, item in _pieces(raw, cues)]


def _collective_after_etc(doc: Document, raw: Item, item: Item, cues: AssignmentCues) -> UnitMention | None:
    """The collective of ``A、B等有关部门``: what follows 等 when it names a class of units."""
    rest = doc.text[item.end:raw.end].rstrip("。.,;:： ")
    if not rest.startswith("等"):
        return None
    name = rest[1:].strip()
    for verb in cues.trailing_verbs:
        if name.endswith(verb):
            name = name[: -len(verb)]
            break
    if not name or not is_collective(name, cues):
        return None
    start = item.end + rest.index(name)
    return UnitMention(name, "collective", start, start + len(name))


def _is_label(norm: str, m: re.Match, start: int, cues: AssignmentCues) -> bool:
    """A label counts when a colon follows it, or (not a bare label) when it opens a group:
    in 含牵头单位本身 or 包括牵头单位自身 it is a word of the text."""
    if m.group("blabel"):
        return True
    if re.match(r"\s*:", norm[m.end("label"):m.end("label") + 3]):
        return True
    if m.group("label") in cues.bare_labels:
        return False
    before = norm[start:m.start()].rstrip()
    return not before or before[-1] in "(、,;。:\n"


def labelled_assignment(doc: Document, start: int, end: int, cues: AssignmentCues = DEFAULT_CUES) -> list[UnitMention] | None:
    """Units named after labels of the 牵头单位 / 责任单位 family in ``norm[start:end]``.

    Text before the first label (a deadline, a score) is ignored; after a label, its
    list runs to the next label, or to a ``;`` or ``。`` followed by something that is
    not a unit name.

    >>> d = Document.from_text("（2024年底前完成；牵头单位：区发改局；责任单位：区财政局、各镇（街），花湖开发区等）")
    >>> [(u.surface, u.role) for u in labelled_assignment(d, 1, len(d.text) - 1)]
    [('区发改局', 'lead'), ('区财政局', 'responsible'), ('各镇（街）', 'collective'), ('花湖开发区', 'responsible')]
    """
    norm = doc.norm
    labels = [m for m in cues.label_re.finditer(norm, start, end) if _is_label(norm, m, start, cues)]
    if not labels:
        return None
    mentions: list[UnitMention] = []
    for idx, m in enumerate(labels):
        role = "lead" if (m.group("blabel") or m.group("label")) in cues.lead_labels else "responsible"
        stop = labels[idx + 1].start() if idx + 1 < len(labels) else end
        # the list stops at text that is not a name (a deadline), or at a sentence
        # break followed by something that does not read as a unit
        kept: list[Item] = []
        for item in split_items(doc.text, norm, m.end(), stop):
            names = _names([item], cues) or [item.text]
            if any(is_not_name(n, cues) for n in names) or (
                    item.sep in ";。" and item.sep and not all(looks_like_unit(n, cues) for n in names)):
                break
            kept.append(item)
        mentions.extend(_mentions(doc, kept, role, cues))
    return mentions


def _clauses(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """Top-level clauses split at , ; 。 (not at 、)."""
    out, depth, piece = [], 0, start
    for i in range(start, end):
        ch = norm[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch in ",;。" and depth == 0:
            out.append((piece, i))
            piece = i + 1
    out.append((piece, end))
    return [(a, b) for a, b in out if norm[a:b].strip()]


def suffix_assignment(doc: Document, start: int, end: int, cues: AssignmentCues = DEFAULT_CUES) -> list[UnitMention] | None:
    """Units whose role is given by a suffix (…牵头, …负责, …配合, …按职责分工负责).

    Every clause must be a list of unit names, with or without a role suffix; at
    least one clause carries a suffix. A clause without one is co-responsible. Once
    a suffixed clause has been read, a clause that is not a list of names (a remark:
    以下各项任务均需…落实，不再一一列出) ends the block.

    >>> d = Document.from_text("（市发改委牵头，市财政局、市自然资源局按职责分工负责）")
    >>> [(u.surface, u.role) for u in suffix_assignment(d, 1, len(d.text) - 1)]
    [('市发改委', 'lead'), ('市财政局', 'responsible'), ('市自然资源局', 'responsible')]
    """
    norm = doc.norm
    mentions: list[UnitMention] = []
    suffixed = False
    for a, b in _clauses(norm, start, end):
        clause = norm[a:b].rstrip()
        role = "responsible"
        cut = len(clause)
        for suffix, suffix_role in cues.role_suffixes:
            if clause.endswith(suffix):
                role, cut, suffixed = suffix_role, len(clause) - len(suffix), True
                break
        items = split_items(doc.text, norm, a, a + cut)
        names = _names(items, cues)
        if not names or not all(looks_like_unit(n, cues) for n in names):
            if suffixed and mentions:
                break
            return None
        mentions.extend(_mentions(doc, items, role, cues))
    return mentions if suffixed else None


def bare_assignment(doc: Document, start: int, end: int, first_leads: bool = False,
                    cues: AssignmentCues = DEFAULT_CUES) -> list[UnitMention] | None:
    """A bracket of nothing but unit names; the first leads when the document says so.

    >>> d = Document.from_text("（市发改委、市财政局、各县市区）")
    >>> [(u.surface, u.role) for u in bare_assignment(d, 1, len(d.text) - 1, first_leads=True)]
    [('市发改委', 'lead'), ('市财政局', 'responsible'), ('各县市区', 'collective')]
    """
    names = _names(split_items(doc.text, doc.norm, start, end), cues)
    if not names or not all(looks_like_unit(n, cues) for n in names):
        return None
    mentions = _mentions(doc, split_items(doc.text, doc.norm, start, end), "responsible", cues)
    if first_leads and mentions and mentions[0].role == "responsible":
        first = mentions[0]
        mentions[0] = UnitMention(first.surface, "lead", first.start, first.end)
    return mentions


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
        cut = units[0].end if units[0].role == "responsible" else -1
    else:
        depth, cut = 0, -1
        for i in range(start, end):
            ch = norm[i]
            depth += ch == "("
            depth -= ch == ")" and depth > 0
            if ch == rule and depth == 0:
                cut = i
                break
    return [UnitMention(u.surface, "lead", u.start, u.end) if u.role == "responsible" and u.end <= cut else u
            for u in units]


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


_DUTY_KEY_RE = re.compile(r"[ \t]*([^:,;。()\n]{2,30}?)[ \t]*:")
"""The key of a duty-list entry: a name, then a colon, right after the entry's number."""


def duty_list_assignments(doc: Document, headings, cues: AssignmentCues = DEFAULT_CUES) -> list[Assignment]:
    """Entries of a duty list keyed by unit: ``(三)县财政局：负责…；…``.

    Each numbered entry whose text opens with a unit name and a colon assigns the entry
    to that unit (co-responsible: the entry states its duties, not a lead); units named
    inside the duties are not assignments. A list needs at least two such entries, so a
    lone ``(一)主要目标：…`` or one keyed line is never read as one. Names joined by 和
    in a key are split when both read as units.

    >>> from kg.extract.structure import find_headings
    >>> d = Document.from_text("三、成员单位职责\\n（一）县财政局：负责资金保障。\\n（二）县应急局：牵头统筹救灾工作，会同县水利局做好防汛。")
    >>> [[(u.surface, u.role) for u in a.units] for a in duty_list_assignments(d, find_headings(d))]
    [[('县财政局', 'responsible')], [('县应急局', 'responsible')]]
    """
    norm = doc.norm
    found: list[Assignment] = []
    for h in headings:
        body = h.start + len(h.number)
        m = _DUTY_KEY_RE.match(norm, body)
        if not m:
            continue
        a, b = m.span(1)
        items = [s for s in (_strip_item(i, cues) for i in split_items(doc.text, norm, a, b)) if s]
        pieces: list[Item] = []
        for item in items:
            parts = item.text.split("和")
            if len(parts) == 2 and all(looks_like_unit(x, cues) for x in parts):
                pieces.append(Item(parts[0], item.start, item.start + len(parts[0]), item.sep))
                pieces.append(Item(parts[1], item.end - len(parts[1]), item.end, "和"))
            else:
                pieces.append(item)
        if not pieces or not all(looks_like_unit(i.text, cues) for i in pieces):
            continue
        end = h.end
        line_end = norm.find("\n", m.end(), end)
        end = line_end if line_end != -1 else end
        while end > m.end() and doc.text[end - 1] in " \t\n":
            end -= 1
        found.append(Assignment(a, end, _dedupe(_mentions(doc, pieces, "responsible", cues)), True))
    return found if len(found) >= 2 else []


_SENTENCE_RE = re.compile(r"[^。;!?\n]+")
_PROSE_LEAD_RE = re.compile(
    r"\s*(?:\(\d+\)|\d+[.、]|\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+、)?"
    r"(?:由(?P<by>.+?)牵头(?:负责)?(?P<rest>.*)|(?P<name>.+?)牵头(?:负责)?)")
_LEVEL_STARTS = "省市州盟县区旗镇乡"


def _glued_tail(norm: str, start: int, end: int, cues: AssignmentCues = DEFAULT_CUES) -> int:
    """Where a unit name glued to a preceding name begins (综合协调组省交通运输厅牵头: the
    group's own name, then its lead), or ``start``."""
    for p in range(start + 2, end - 1):
        if (norm[p] in _LEVEL_STARTS and _unit_core(norm[start:p]).endswith(cues.unit_suffixes)
                and looks_like_unit(norm[p:end], cues)):
            return p
    return start


def prose_assignments(doc: Document, cues: AssignmentCues = DEFAULT_CUES) -> list[Assignment]:
    """``由X牵头，Y配合`` written in a task's sentence, for documents without assignment blocks.

    A sentence assigns when one of its clauses is ``由X牵头…`` or ``X牵头`` with X a list of
    unit names; the clauses right after it that are names with a role suffix (``Y配合``,
    ``Y按职责分工负责``) add co-responsible units. A sentence naming units without 牵头
    (``由X负责日常工作``, ``配合X做好…``) assigns nothing: the text does not say who leads.

    >>> d = Document.from_text("1.建立机制。由县发改局牵头，县财政局、县统计局配合，建立考核机制。")
    >>> [[(u.surface, u.role) for u in a.units] for a in prose_assignments(d)]
    [[('县发改局', 'lead'), ('县财政局', 'responsible'), ('县统计局', 'responsible')]]
    """
    norm = doc.norm
    found: list[Assignment] = []
    for sentence in _SENTENCE_RE.finditer(norm):
        clauses = _clauses(norm, sentence.start(), sentence.end())
        for k, (a, b) in enumerate(clauses):
            m = _PROSE_LEAD_RE.fullmatch(norm, a, b)
            if not m:
                continue
            na, nb = m.span("by") if m.group("by") is not None else m.span("name")
            if m.group("name") is not None:
                na = _glued_tail(norm, na, nb, cues)
            items = split_items(doc.text, norm, na, nb)
            names = _names(items, cues)
            if not names or not all(looks_like_unit(n, cues) for n in names):
                continue
            mentions = _mentions(doc, items, "lead", cues)
            end = nb
            if not (m.group("rest") or "").strip():
                for c, d in clauses[k + 1:]:
                    more = suffix_assignment(doc, c, d, cues)
                    if not more or any(u.role == "lead" for u in more):
                        break
                    mentions.extend(more)
                    end = d
            found.append(Assignment(na, end, _dedupe(mentions), False))
            break
    return found


# --- finding assignments -----------------------------------------------------------

_BRACKET_OR_BREAK_RE = re.compile(r"[()\n]")


def top_level_brackets(norm: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every outermost bracket pair; ``end`` is past the closer.

    >>> top_level_brackets("a(b(c)d)e(f)")
    [(1, 8), (9, 12)]
    """
    out, stack = [], []
    for m in _BRACKET_OR_BREAK_RE.finditer(norm):
        i, ch = m.start(), m.group()
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            begin = stack.pop()
            if not stack:
                out.append((begin, i + 1))
        elif ch == "\n" and stack:
            # an unclosed bracket never spans paragraphs
            stack.clear()
    return out


def _ends_sentence(norm: str, start: int, end: int) -> bool:
    """Whether a sentence ends (or the text does) right before ``start`` or right after ``end``, spaces aside."""
    while start and norm[start - 1] in " \t":
        start -= 1
    while end < len(norm) and norm[end] in " \t":
        end += 1
    return not start or norm[start - 1] in "。;!?\n" or end == len(norm) or norm[end] in "。;!?\n"


def _is_alias(doc: Document, start: int, end: int, cues: AssignmentCues = DEFAULT_CUES) -> bool:
    """A bracket holding one name without a jurisdiction, right after a name: another name of
    what precedes it (工程研究中心（实验室）), not the unit that carries the sentence.

    >>> d = Document.from_text("认定为工程研究中心（实验室）。")
    >>> _is_alias(d, 9, 14), _is_alias(Document.from_text("建成服务中心（市民政局）。"), 6, 12)
    (True, False)
    """
    inner = doc.norm[start + 1:end - 1].strip()
    if not inner or any(sep in inner for sep in _SEPARATORS):
        return False
    before = doc.norm[max(0, start - 12):start]
    if not before or not _unit_core(before).endswith(cues.unit_suffixes):
        return False
    from ..vocab import load_vocabulary

    parts = load_vocabulary().split_name(inner)
    return not (parts.level or parts.places) and not is_collective(inner, cues)


def _dedupe(mentions: list[UnitMention]) -> tuple[UnitMention, ...]:
    seen, out = set(), []
    for m in mentions:
        key = (m.role, m.surface)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return tuple(out)


def find_assignments(doc: Document, headings=(), cues: AssignmentCues = DEFAULT_CUES) -> tuple[Assignment, ...]:
    """Every assignment clause in ``doc``, in document order (``cues``: see :func:`load_cues`).

    >>> d = Document.from_text("1.推行链长制。内容（牵头单位：区发改局；责任单位：区财政局）\\n2.其他。（由市教育局负责）")
    >>> [[(u.surface, u.role) for u in a.units] for a in find_assignments(d)]
    [[('区发改局', 'lead'), ('区财政局', 'responsible')], [('市教育局', 'responsible')]]
    """
    norm = doc.norm
    rule = lead_rule(doc)
    found: list[Assignment] = []
    covered: list[tuple[int, int]] = []
    for start, end in top_level_brackets(norm):
        inner_start, inner_end = start + 1, _without_rule(norm, start + 1, end - 1)
        units = labelled_assignment(doc, inner_start, inner_end, cues)
        labelled = units is not None
        if labelled:
            units = _apply_rule(units, rule, norm, inner_start, inner_end)
        if units is None:
            units = suffix_assignment(doc, inner_start, inner_end, cues)
        if units is None and _ends_sentence(norm, start, end) and not _is_alias(doc, start, end, cues):
            units = bare_assignment(doc, inner_start, inner_end, False, cues)
            if units:
                units = _apply_rule(units, rule, norm, inner_start, inner_end)
        if units:
            found.append(Assignment(start, end, _dedupe(units), labelled))
        covered.append((start, end))
    # labels opening a line, outside any bracket: 牵头单位：… 责任单位：…
    heading_starts = sorted(h.start for h in headings)
    brackets = span_index(tuple(covered))
    taken: tuple[int, int] | None = None  # the labelled line taken last (they come in text order, apart)
    for m in cues.line_label_re.finditer(norm):
        pos = m.end()
        if any(a < pos for a, _ in brackets.containing(pos)) or (taken and taken[0] < pos < taken[1]):
            continue
        # the labelled text runs to the end of the line, the next heading, or a full stop
        stop = norm.find("\n", pos)
        stop = len(norm) if stop == -1 else stop
        stop = min([stop] + [h for h in heading_starts if pos < h < stop])
        full_stop = norm.find("。", pos, stop)
        stop = stop if full_stop == -1 else full_stop
        units = labelled_assignment(doc, pos, stop, cues)
        if units:
            end = stop
            while end and doc.text[end - 1] in " \t。":
                end -= 1
            found.append(Assignment(pos, end, _dedupe(units), True))
            covered.append((pos - 1, end))
            taken = (pos - 1, end)
    if not found:
        found = duty_list_assignments(doc, headings, cues) or prose_assignments(doc, cues)
    found.sort(key=lambda a: a.start)
    return tuple(found)
