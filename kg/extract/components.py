"""kg's pipeline components: each finds one kind of thing and writes it on the Doc.

:class:`Component` is their base (a name, no state to save); a :class:`CueComponent`
reads its cue words (``kg/extract/cues/*.json``) in ``initialize`` and runs copies of
its modules when the user gives a file of their own; :class:`AssignmentFinder` reads the
assignment cues. Each step is :func:`_guarded`: a failure is kept on the Doc
(``doc._.kg_error``) and the later components pass that Doc by. :data:`_CLASSES` maps the
registered names (``kg_plan`` ...) to the classes (:mod:`kg.extract.language` registers them).
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span

from . import spans as S
from .model import Assignment, UnitMention

log = logging.getLogger("kg.extract")


def _guarded(fn):
    """Run a component's step unless an earlier one failed; a failure is kept on the Doc."""

    @functools.wraps(fn)
    def call(self, doc: Doc) -> Doc:
        if doc._.kg_error is not None:
            return doc
        try:
            fn(self, doc)
        except Exception as exc:  # a rule's bug must not cost the other documents
            log.debug("%s failed on %s", self.name, doc._.kg_name, exc_info=True)
            doc._.kg_error = f"extraction failed in {self.name} ({type(exc).__name__}: {exc})"
        return doc

    return call


class Component:
    """Base of kg's components: a name, and no state to save."""

    def __init__(self, nlp: Language, name: str):
        self.name = name

    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs):
        return self

    def to_disk(self, path, **kwargs) -> None:
        pass

    def from_disk(self, path, **kwargs):
        return self


class AssignmentFinder(Component):
    """Assignment clauses and the units they name, with their roles (:mod:`kg.extract.assignments`).

    Its cue words (labels, role suffixes, unit endings, collectives) are data, read in
    :meth:`initialize` from ``kg/extract/cues/assignments.json`` or from the file given
    as ``cues``, and saved with the pipeline.
    """

    def __init__(self, nlp: Language, name: str):
        super().__init__(nlp, name)
        self.cues_data: dict | None = None
        self.cues = None

    def initialize(self, get_examples=None, *, nlp=None, cues: str | None = None) -> None:
        from .assignments import CUES_FILE

        self._set_cues(srsly.read_json(cues or CUES_FILE))

    def _set_cues(self, data: dict) -> None:
        from .assignments import cues_from_data

        self.cues_data, self.cues = data, cues_from_data(data)

    @_guarded
    def __call__(self, doc: Doc) -> None:
        from .assignments import find_assignments

        if self.cues is None:
            self.initialize()
        found = find_assignments(S.source(doc), S.read_records(doc, "headings"), self.cues)
        clauses, units = [], []
        for i, a in enumerate(found):
            span = Span(doc, a.start, a.end, label=S.LABELS["assignments"], span_id=i)
            span._.labelled = a.labelled
            clauses.append(span)
            units += [(u, i) for u in a.units]
        doc.spans[S.SPAN_KEYS["assignments"]] = clauses
        S.write_units(doc, units)

    def to_bytes(self, **kwargs) -> bytes:
        return srsly.msgpack_dumps({"cues": self.cues_data})

    def from_bytes(self, data: bytes, **kwargs):
        cues = srsly.msgpack_loads(data).get("cues")
        if cues is not None:
            self._set_cues(cues)
        return self

    def to_disk(self, path, **kwargs) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        if self.cues_data is not None:
            srsly.write_json(path / "cues.json", self.cues_data)

    def from_disk(self, path, **kwargs):
        if (Path(path) / "cues.json").is_file():
            self._set_cues(srsly.read_json(Path(path) / "cues.json"))
        return self


class CueComponent(Component):
    """A component whose cue words are data: files of ``kg/extract/cues/`` (:mod:`kg.extract.cue_files`).

    :meth:`initialize` reads the shipped files, or the user's file given as ``cues``
    (shaped like the component's own file, :attr:`cue_files` [0]; or a mapping of any of
    :attr:`cue_files` to a user's file) and, for places and projects, ``names`` (shaped
    like ``names.json``). With a user's file the component
    runs copies of its modules that read it; the data is saved with the pipeline.
    """

    cue_files: tuple[str, ...] = ()
    """The cue files the component reads: its own first."""
    cue_modules: tuple[str, ...] = ()
    """The modules that read them and that the component calls, each after those it imports."""

    def __init__(self, nlp: Language, name: str):
        super().__init__(nlp, name)
        self.cues_data: dict[str, dict] | None = None
        self.modules: dict | None = None

    def initialize(self, get_examples=None, *, nlp=None, cues: str | dict[str, str] | None = None,
                   names: str | None = None) -> None:
        from .cue_files import load_data, shipped

        given = dict(cues) if isinstance(cues, dict) else {self.cue_files[0]: cues}
        given["names"] = names or given.get("names")
        if names is not None and "names" not in self.cue_files:
            raise ValueError(f"{self.name} reads no name stems: 'names' applies to kg_places and kg_projects")
        if unknown := sorted(f for f, path in given.items() if path and f not in self.cue_files):
            raise ValueError(f"{self.name} reads no cue file {', '.join(unknown)}: it reads {', '.join(self.cue_files)}")
        self._set_cues({f: load_data(given[f]) if given.get(f) else shipped(f) for f in self.cue_files})

    def _set_cues(self, data: dict[str, dict]) -> None:
        import importlib

        from .cue_files import cue_modules, shipped

        changed = {f: d for f, d in data.items() if d != shipped(f)}
        self.cues_data = data
        self.modules = (cue_modules(self.cue_modules, changed) if changed
                        else {m: importlib.import_module(m) for m in self.cue_modules})

    def rules(self, module: str):
        """The module ``kg.extract.<module>`` as this component's cue words read it."""
        if self.modules is None:
            if self.cues_data is None:
                self.initialize()
            else:  # unpickled: the modules are made again from the data
                self._set_cues(self.cues_data)
        return self.modules[f"kg.extract.{module}"]

    def __getstate__(self) -> dict:
        return {**self.__dict__, "modules": None}  # modules do not pickle; the data does

    def to_bytes(self, **kwargs) -> bytes:
        return srsly.msgpack_dumps({"cues": self.cues_data})

    def from_bytes(self, data: bytes, **kwargs):
        cues = srsly.msgpack_loads(data).get("cues")
        if cues:
            self._set_cues(cues)
        return self

    def to_disk(self, path, **kwargs) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for name, data in (self.cues_data or {}).items():
            srsly.write_json(path / f"{name}.json", data)

    def from_disk(self, path, **kwargs):
        files = {f: Path(path) / f"{f}.json" for f in self.cue_files}
        if all(p.is_file() for p in files.values()):
            self._set_cues({f: srsly.read_json(p) for f, p in files.items()})
        return self


def read_assignments(doc: Doc) -> tuple[Assignment, ...]:
    """The assignment clauses of ``doc.spans["kg.assignments"]`` with their units."""
    by_clause: dict[int, list[UnitMention]] = {}
    for unit, owner in S.read_units(doc):
        if isinstance(owner, int):
            by_clause.setdefault(owner, []).append(unit)
    return tuple(Assignment(s.start, s.end, tuple(by_clause.get(i, ())), bool(s._.labelled))
                 for i, s in enumerate(doc.spans.get(S.SPAN_KEYS["assignments"], ())))


class PlanReader(CueComponent):
    """Title, issuer (and its parents), date and genre; the manifest row (``doc._.kg_given_plan``) wins
    (:mod:`kg.extract.metadata`; cue words ``cues/metadata.json``)."""

    cue_files = ("metadata",)
    cue_modules = ("kg.extract.metadata_title", "kg.extract.metadata_issuer", "kg.extract.metadata")

    @_guarded
    def __call__(self, doc: Doc) -> None:
        rules = self.rules("metadata")
        S.write_plan(doc, rules.merge_plan_info(rules.find_plan_info(S.source(doc)), S.given_plan(doc)))


class StructureFinder(CueComponent):
    """Numbered headings and the sections they open (:mod:`kg.extract.structure`; cue words ``cues/headings.json``)."""

    cue_files, cue_modules = ("headings",), ("kg.extract.structure",)

    @_guarded
    def __call__(self, doc: Doc) -> None:
        S.write_records(doc, "headings", self.rules("structure").find_headings(S.source(doc)))


class TaskFinder(CueComponent):
    """Tasks: the numbered pieces that carry assignments, and task-breakdown table rows
    (:mod:`kg.extract.tasks`; cue words of tables ``cues/tables.json``)."""

    cue_files, cue_modules = ("tables",), ("kg.extract.tables", "kg.extract.tasks")

    @_guarded
    def __call__(self, doc: Doc) -> None:
        tasks = self.rules("tasks").find_tasks(S.source(doc), S.read_records(doc, "headings"), assignments=read_assignments(doc))
        S.write_records(doc, "tasks", tasks)
        S.assign_units(doc, [(t.uid, t.units) for t in tasks])


class UnitResolver(Component):
    """Each unit's canonical name, jurisdiction and department types, relative to the plan's issuer."""

    @_guarded
    def __call__(self, doc: Doc) -> None:
        from .units import resolve_mention

        plan = S.read_plan(doc)
        S.update_units(doc, lambda u: resolve_mention(u, plan))


class GoalFinder(CueComponent):
    """Goals and goal areas, and the goal each task serves (:mod:`kg.extract.goals`; cue words ``cues/goals.json``)."""

    cue_files, cue_modules = ("goals",), ("kg.extract.goals",)

    @_guarded
    def __call__(self, doc: Doc) -> None:
        rules = self.rules("goals")
        find_goals, link_tasks_to_goals = rules.find_goals, rules.link_tasks_to_goals
        headings = S.read_records(doc, "headings")
        goals = find_goals(S.source(doc), headings)
        S.write_records(doc, "goals", goals)
        linked = link_tasks_to_goals(S.read_records(doc, "tasks", units=False), goals, headings)
        for span, task in zip(doc.spans.get(S.SPAN_KEYS["tasks"], ()), linked, strict=True):
            span._.goal = task.goal


class TargetFinder(CueComponent):
    """Quantified targets and past achievements (:mod:`kg.extract.targets`; cue words ``cues/targets.json``,
    ``cues/numbers.json`` and ``cues/periods.json``)."""

    cue_files = ("targets", "numbers", "periods")
    cue_modules = ("kg.extract.numbers", "kg.extract.periods", "kg.extract.target_rules", "kg.extract.targets")

    @_guarded
    def __call__(self, doc: Doc) -> None:
        S.write_records(doc, "targets", self.rules("targets").find_targets(
            S.source(doc), S.read_records(doc, "headings"), S.read_records(doc, "tasks", units=False),
            S.read_records(doc, "goals"), S.read_plan(doc)))


class EnterpriseFinder(CueComponent):
    """Companies named as actors, outside the clauses that open with an assignment cue
    (:mod:`kg.extract.enterprises`; cue words ``cues/enterprises.json``)."""

    cue_files, cue_modules = ("enterprises", "lexicon"), ("kg.extract.lexicon", "kg.extract.enterprises")

    @_guarded
    def __call__(self, doc: Doc) -> None:
        rules = self.rules("enterprises")
        assignment_spans, find_enterprises = rules.assignment_spans, rules.find_enterprises
        src = S.source(doc)
        clauses = assignment_spans(src.norm)
        doc.spans[S.SPAN_KEYS["cue_clauses"]] = [Span(doc, a, b, label=S.LABELS["cue_clauses"]) for a, b in clauses]
        S.write_records(doc, "enterprises", find_enterprises(src, cue_clauses=clauses))


def cue_clauses(doc: Doc) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in doc.spans.get(S.SPAN_KEYS["cue_clauses"], ())]


class PlaceFinder(CueComponent):
    """Places named in the text, with level, parent and mention count
    (:mod:`kg.extract.places`; cue words ``cues/places.json`` and ``cues/names.json``)."""

    cue_files = ("places", "names", "lexicon")
    cue_modules = ("kg.extract.lexicon", "kg.extract.namewords", "kg.extract.divisions", "kg.extract.place_mentions",
                   "kg.extract.place_finders", "kg.extract.places")

    @_guarded
    def __call__(self, doc: Doc) -> None:
        rules = self.rules("places")
        mentions_of, place_spans, places_of = rules.mentions_of, rules.place_spans, rules.places_of
        source = S.source(doc)
        found = place_spans(source, S.read_plan(doc), S.read_records(doc, "enterprises"))
        S.write_records(doc, "places", places_of(found, source.text))
        # one span per mention; the place it names is the span's kb_id (its canonical name)
        doc.spans[S.SPAN_KEYS["place_mentions"]] = [
            Span(doc, start, end, label="PLACE", kb_id=name) for name, start, end in mentions_of(found)]


def place_mentions(doc: Doc) -> tuple[tuple[str, int, int], ...]:
    return tuple((s.kb_id_, s.start, s.end) for s in doc.spans.get(S.SPAN_KEYS["place_mentions"], ()))


class ProjectFinder(CueComponent):
    """Named projects, facilities and programmes, with the task holding each
    (:mod:`kg.extract.projects`; cue words ``cues/projects.json`` and ``cues/names.json``)."""

    cue_files = ("projects", "names", "lexicon")
    cue_modules = ("kg.extract.lexicon", "kg.extract.namewords", "kg.extract.project_names",
                   "kg.extract.project_finders", "kg.extract.projects")

    @_guarded
    def __call__(self, doc: Doc) -> None:
        S.write_records(doc, "projects", self.rules("projects").find_projects(
            S.source(doc), S.read_records(doc, "headings"), S.read_records(doc, "tasks", units=False), S.read_plan(doc),
            enterprises=S.read_records(doc, "enterprises"), mentions=place_mentions(doc),
            cue_clauses=cue_clauses(doc)))


_CLASSES = {
    "kg_plan": PlanReader, "kg_structure": StructureFinder, "kg_assignments": AssignmentFinder,
    "kg_tasks": TaskFinder, "kg_units": UnitResolver, "kg_goals": GoalFinder, "kg_targets": TargetFinder,
    "kg_enterprises": EnterpriseFinder, "kg_places": PlaceFinder, "kg_projects": ProjectFinder,
}
