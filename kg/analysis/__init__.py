"""Workload analyses over the graph, with networkx.

The RDF graph is turned into networkx graphs exactly once, by
:func:`kg.analysis.convert.to_networkx`; everything else in this package is a plain
function over those networkx graphs:

* :mod:`kg.analysis.convert` -- RDF -> :class:`~kg.analysis.convert.WorkloadGraphs`
  (a typed graph of every node, the bipartite Unit–Task graph, the Unit–Unit
  co-responsibility projection);
* :mod:`kg.analysis.network` -- centralities and communities of the projection
  (through networkx's backend dispatch);
* :mod:`kg.analysis.workload` -- the workload figures per unit, per department type,
  per jurisdiction, coordination pairs, hidden load and the accountability matrix.
"""

from __future__ import annotations

from .convert import WorkloadGraphs, to_networkx
from .workload import DEFAULT_WEIGHTS, workload

__all__ = ["WorkloadGraphs", "to_networkx", "workload", "DEFAULT_WEIGHTS"]
