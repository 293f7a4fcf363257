"""Records produced by the extractors.

Every record is a frozen dataclass with character offsets (``start``, ``end``) into
:attr:`kg.document.Document.text`. :func:`record_to_dict` gives the JSON form that
``kg extract`` prints, one object per line; the ``type`` key names the record kind.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from functools import cache


@dataclass(frozen=True)
class PlanInfo:
    """What a document is: from the manifest, else inferred from its text."""

    doc: str
    title: str | None
    issuer: str | None
    date: str | None
    genre: str | None = None
    parents: tuple[str, ...] = ()
    source: str | None = None

    record_type = "plan"


@dataclass(frozen=True)
class Heading:
    """A numbered heading and the extent of the section it opens.

    ``number`` is the printed id (``一、``, ``（一）``, ``1.``, ``（1）``, ``①``) as
    written; ``style`` names its numbering family; ``depth`` is 1 for the outermost
    family in use in the document. ``title_end`` ends the lead phrase; ``end`` ends the
    section (the start of the next heading of the same or a shallower depth).
    """

    number: str
    style: str
    ordinal: int
    depth: int
    title: str
    start: int
    title_end: int
    end: int

    @property
    def label(self) -> str:
        return f"{self.number}{self.title}"


@dataclass(frozen=True)
class UnitMention:
    """A unit or collective named in an assignment, with its role (one of :data:`kg.roles.ROLES`) and normal form."""

    surface: str
    role: str
    start: int
    end: int
    canonical: str | None = None
    unit_type: str | None = None
    jurisdiction: str | None = None
    unit_types: tuple[str, ...] = ()
    collective: bool = False
    """A collective (各县（市、区）人民政府) in a role the text gives it, ``lead`` (由各区县政府牵头);
    a collective named without one has the role ``collective``."""

    @property
    def is_collective(self) -> bool:
        return self.collective or self.role == "collective"


@dataclass(frozen=True)
class Assignment:
    """One assignment clause (a bracket or a labelled line) and the units it names."""

    start: int
    end: int
    units: tuple[UnitMention, ...]
    labelled: bool


@dataclass(frozen=True)
class Task:
    """The smallest numbered piece of a plan that carries an assignment.

    ``id`` is the number as printed (``1.``, which may repeat under several parents);
    ``uid`` is unique within the document: the printed numbers of the heading path
    (``三、(一)1.``), and ``[k]`` for the k-th sentence run under one number. Targets and
    projects name their task by ``uid``.
    """

    id: str
    title: str
    section: tuple[str, ...]
    start: int
    end: int
    units: tuple[UnitMention, ...]
    goal: str | None = None
    uid: str = ""

    record_type = "task"


@dataclass(frozen=True)
class Goal:
    """A goal or goal area (qualitative), e.g. 强产争先 under 主要目标."""

    id: str
    title: str
    section: tuple[str, ...]
    start: int
    end: int

    record_type = "goal"


@dataclass(frozen=True)
class Target:
    """A quantified commitment (or a past achievement, ``kind='achievement'``)."""

    indicator: str
    change: str | None
    value: float | tuple[float, float]
    unit: str | None
    comparator: str
    year: int | None
    frequency: str | None
    kind: str
    quote: str
    start: int
    end: int
    task: str | None = None
    goal: str | None = None

    record_type = "target"


@dataclass(frozen=True)
class Project:
    """A named project, facility or programme."""

    name: str
    kind: str
    start: int
    end: int
    task: str | None = None
    places: tuple[str, ...] = ()

    record_type = "project"


@dataclass(frozen=True)
class Enterprise:
    """A company named as an actor."""

    name: str
    start: int
    end: int

    record_type = "enterprise"


@dataclass(frozen=True)
class Place:
    """A named place with its level, parent and mention count in one document.

    ``name`` is the normalised name (鄂城区 for 鄂城); ``surface`` the text of the first
    mention as written (full-width forms kept).
    """

    name: str
    level: str
    parent: str | None
    code: str | None
    mentions: int
    start: int = -1
    end: int = -1
    surface: str = ""

    record_type = "place"


@dataclass(frozen=True)
class Extraction:
    """Everything read from one document."""

    plan: PlanInfo
    headings: tuple[Heading, ...] = ()
    tasks: tuple[Task, ...] = ()
    goals: tuple[Goal, ...] = ()
    targets: tuple[Target, ...] = ()
    projects: tuple[Project, ...] = ()
    enterprises: tuple[Enterprise, ...] = ()
    places: tuple[Place, ...] = ()
    text: str = field(default="", repr=False)
    content_hash: str = ""

    def records(self):
        """Yield the records in stream order: plan, goals, tasks, targets, projects, enterprises, places."""
        yield self.plan
        yield from self.goals
        yield from self.tasks
        yield from self.targets
        yield from self.projects
        yield from self.enterprises
        yield from self.places

    def record_dicts(self) -> list[dict]:
        """The records as the dicts ``kg extract --format jsonl`` prints (:func:`record_to_dict`)."""
        return [record_to_dict(r, self.plan.doc) for r in self.records()]


_SCALARS = (str, int, float, bool, type(None))


def _plain(value):
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


@cache
def _field_names(cls) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def record_to_dict(record, doc: str | None = None) -> dict:
    """The JSON object of a record, ``type`` and ``doc`` first.

    >>> record_to_dict(Enterprise("鄂城钢铁", 10, 14), doc="a.txt")
    {'type': 'enterprise', 'doc': 'a.txt', 'name': '鄂城钢铁', 'start': 10, 'end': 14}
    """
    out: dict = {"type": record.record_type}
    if isinstance(record, PlanInfo):
        data = asdict(record)
        out["doc"] = data.pop("doc")
        out.update(_plain(data))
        return out
    out["doc"] = doc
    for name in _field_names(type(record)):
        value = getattr(record, name)
        out[name] = [unit_to_dict(u) for u in value] if name == "units" else _plain(value)
    return out


def unit_to_dict(unit: UnitMention) -> dict:
    extra = {"collective": True} if unit.collective else {}
    return {
        "surface": unit.surface,
        "role": unit.role,
        "canonical": unit.canonical,
        "unit_type": unit.unit_type,
        "jurisdiction": unit.jurisdiction,
        "unit_types": list(unit.unit_types),
        "start": unit.start,
        "end": unit.end,
        **extra,
    }
