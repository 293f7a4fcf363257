"""kg's extractor as a spaCy pipeline: :func:`load` and the registered components.

:func:`load` returns a ``spacy.Language`` (``zh``) whose tokenizer makes one token per
character (``kg.CharTokenizer.v1``; words are segmented only inside the components
that need them, by :mod:`kg.extract.lexicon`), followed by kg's components, each
registered with ``@Language.factory``. A component finds, then writes its findings
as ``doc.spans["kg.<thing>"]`` with attributes on each span (:mod:`kg.extract.spans`);
later components read earlier findings from the Doc.

========================  ==========================================  ===========================
component                 writes                                      reads
========================  ==========================================  ===========================
``kg_plan``               ``doc._.kg_plan`` (title, issuer, date ...)  ``doc._.kg_given_plan``
``kg_structure``          ``kg.headings``                             --
``kg_assignments``        ``kg.assignments``, ``kg.units`` (role)     ``kg.headings``
``kg_tasks``              ``kg.tasks``, ``kg.units`` (task)           headings, assignments, units
``kg_units``              ``kg.units`` (canonical, jurisdiction ...)  ``kg.units``, the plan
``kg_goals``              ``kg.goals``, ``kg.tasks`` (goal)           headings, tasks
``kg_targets``            ``kg.targets``                              headings, tasks, goals, plan
``kg_enterprises``        ``kg.enterprises``, ``kg.cue_clauses``      --
``kg_places``             ``kg.places``, ``kg.place_mentions``        enterprises, plan
``kg_projects``           ``kg.projects``                             headings, tasks, enterprises,
                                                                      place mentions, cue clauses
========================  ==========================================  ===========================

>>> import kg
>>> nlp = kg.load()
>>> doc = nlp("某县2024年工作要点\\n1.推进改革。（牵头单位：县发改局；责任单位：各乡镇）")
>>> [(s.text, s.label_, s._.canonical) for s in doc.spans["kg.units"]]
[('县发改局', 'LEAD', '某县发展和改革局'), ('各乡镇', 'COLLECTIVE', '某县各乡镇')]
>>> [(s.text[:6], s._.uid) for s in doc.spans["kg.tasks"]]
[('1.推进改革', '1.')]

Cue words are data (``kg/extract/cues/*.json``, :mod:`kg.extract.cue_files`), read by the
components' ``initialize``; a user's file given there as ``cues`` (or ``names``) replaces
the shipped one for that pipeline and is saved with it.

A failure inside a component never costs the other documents of ``nlp.pipe``: the
Doc carries the message in ``doc._.kg_error`` and the later components pass it by.
"""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import spans as S
from .components import (  # noqa: F401 (the components were defined here: their names stay importable from this module)
    _CLASSES,
    AssignmentFinder,
    Component,
    CueComponent,
    EnterpriseFinder,
    GoalFinder,
    PlaceFinder,
    PlanReader,
    ProjectFinder,
    StructureFinder,
    TargetFinder,
    TaskFinder,
    UnitResolver,
    _guarded,
    cue_clauses,
    place_mentions,
    read_assignments,
)
from .model import PlanInfo
from .tokenizer import TOKENIZER, CharTokenizer, DocumentText, char_tokenizer  # noqa: F401 (as above: the tokenizer)

__all__ = ["load", "COMPONENTS", "CharTokenizer", "DocumentText"]

COMPONENTS = (
    "kg_plan", "kg_structure", "kg_assignments", "kg_tasks", "kg_units", "kg_goals", "kg_targets",
    "kg_enterprises", "kg_places", "kg_projects",
)
"""kg's components, in pipeline order."""


def _register(name: str, cls):
    def make(nlp: Language, name: str):
        return cls(nlp, name)

    make.__name__ = make.__qualname__ = f"make_{name}"
    make.__doc__ = cls.__doc__
    Language.factory(name, func=make)
    return make


# module-level factories (``make_kg_plan`` ...): the ``spacy_factories`` entry points name them,
# so that ``spacy.load`` finds kg's components without importing kg first
for _name, _cls in _CLASSES.items():
    globals()[f"make_{_name}"] = _register(_name, _cls)


# --- the pipeline ------------------------------------------------------------------


MAX_LENGTH = 2**31 - 1
"""``nlp.max_length`` of :func:`load`: documents of any length (a 50 MB compilation of plans) are read whole."""


@functools.lru_cache(maxsize=1)
def _shared() -> Language:
    return load()


def load() -> Language:
    """A new ``spacy.Language`` for Chinese plans: the character tokenizer and :data:`COMPONENTS`.

    Add a component of your own with ``nlp.add_pipe`` (after ``kg_tasks`` it can read
    ``doc.spans["kg.tasks"]``); what it writes under ``doc.spans`` stays on the Doc.
    """
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}})
    for name in COMPONENTS:
        nlp.add_pipe(name)
    nlp.initialize()  # the components read their cue data
    nlp.max_length = MAX_LENGTH
    return nlp


def shared_nlp() -> Language:
    """One pipeline per process, built on first use (what :func:`kg.extract.extract_document` runs)."""
    return _shared()


def make_doc(nlp: Language, text: str, name: str = "<text>", plan: PlanInfo | None = None) -> Doc:
    """The tokenised Doc of a document, with its name and manifest row set.

    No length limit applies (spaCy's ``max_length`` guards its parser and NER, which
    this pipeline does not have; every kg component is linear in the length), also in a
    pipeline loaded with ``spacy.load``, which does not keep ``max_length``.
    """
    doc = nlp.tokenizer(text)
    doc._.kg_name = name
    doc._.kg_given_plan = S.plan_to_dict(plan)
    return doc
