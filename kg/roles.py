"""The roles a plan gives a unit on a task, defined once for the graph and the analyses.

A task names a lead (牵头), co-responsible units (配合: listed under 责任单位 or
配合单位 without leading) and collectives (集合: 各镇街, 区直各部门 ...). Each role
has one kg:Role individual (``ontology/policy.ttl``, whose Chinese label is the one
in :data:`ROLE_LABELS`), one direct task property used for counting, and one Chinese
label that every report, chart and page shows. A collective the text makes lead
(由各区县政府牵头, 牵头单位：各县（市、区）人民政府) has the role ``lead``: "who leads"
includes it, and it stays a kg:Collective (workload counts units only).

>>> ROLES
('lead', 'responsible', 'collective')
>>> role_of(ROLE_TERMS["responsible"]), ROLE_LABELS["responsible"]
('responsible', '配合')
>>> sorted(["collective", "lead", "responsible"], key=ROLE_RANK.get)
['lead', 'responsible', 'collective']
"""

from __future__ import annotations

from .namespaces import KG

__all__ = ["ROLES", "ROLE_RANK", "ROLE_LABELS", "ROLE_TERMS", "ROLE_PROPERTIES", "role_of"]

ROLES = ("lead", "responsible", "collective")
"""Assignment roles, strongest first."""

ROLE_RANK = {role: i for i, role in enumerate(ROLES)}
"""Role -> rank (0 is the strongest): a unit named twice on a task counts once, in its strongest role."""

ROLE_LABELS = {"lead": "牵头", "responsible": "配合", "collective": "集合"}
"""How roles are named in reports, charts and pages (and in the ontology's Chinese labels)."""

ROLE_TERMS = {"lead": KG.Lead, "responsible": KG.Responsible, "collective": KG.CollectiveRole}
"""Role -> the kg:Role individual of a qualified kg:Assignment (``kg:role``)."""

ROLE_PROPERTIES = {"lead": KG.leadUnit, "responsible": KG.responsibleUnit, "collective": KG.collective}
"""Role -> the direct task property (``?task kg:leadUnit ?unit``) used for counting."""

_BY_TERM = {term: role for role, term in ROLE_TERMS.items()}


def role_of(term) -> str | None:
    """The role of a kg:Role individual, ``None`` for anything else."""
    return _BY_TERM.get(term)
