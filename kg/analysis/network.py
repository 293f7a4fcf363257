"""Network measures of the Unit–Unit co-responsibility graph.

Plain functions over a networkx graph whose edges carry ``weight`` (shared tasks).
The heavy algorithms go through networkx's backend dispatch: ``nx.pagerank``,
``nx.betweenness_centrality`` and ``nx.community.louvain_communities`` receive the
``backend`` keyword unchanged, so ``backend="parallel"`` (nx-parallel) or any other
installed backend is used without code changes. Randomised algorithms are seeded, so
the same graph always gives the same figures.

>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_weighted_edges_from([("a", "b", 3), ("b", "c", 1), ("c", "d", 3)])
>>> m = centrality(G)
>>> m["b"]["degree"], m["b"]["weighted_degree"], m["b"]["betweenness"]
(2, 4, 0.666667)
>>> round(sum(v["pagerank"] for v in m.values()), 6)
1.0
>>> communities(G)
{'a': 1, 'b': 1, 'c': 2, 'd': 2}
"""

from __future__ import annotations

import logging

import networkx as nx

log = logging.getLogger("kg.analysis")

__all__ = ["centrality", "communities", "pagerank", "SAMPLE_ABOVE", "SAMPLE_K", "SEED"]

SAMPLE_ABOVE = 500
"""Betweenness is exact up to this many nodes; above it, sampled from ``SAMPLE_K`` sources."""

SAMPLE_K = 256
"""Number of source nodes sampled for betweenness on large graphs."""

SEED = 0
"""Seed of every randomised algorithm (sampled betweenness, Louvain)."""

DIGITS = 6
"""Betweenness is rounded to this many decimals (stable output across platforms)."""

PAGERANK_DIGITS = 4
"""PageRank is rounded coarser: it is iterated to a tolerance, not computed exactly."""


def pagerank(G: nx.Graph, weight: str = "weight", alpha: float = 0.85, backend=None) -> dict:
    """Weighted PageRank through ``nx.pagerank`` (dispatchable: pass ``backend``).

    >>> import networkx as nx
    >>> pr = pagerank(nx.star_graph(3))
    >>> round(pr[0], 3), round(pr[1], 3)
    (0.48, 0.173)
    """
    if len(G) == 0:
        return {}
    return nx.pagerank(G, alpha=alpha, weight=weight, backend=backend)


def centrality(G: nx.Graph, weight: str = "weight", *, k: int | None = None, seed: int = SEED,
               backend=None) -> dict[str, dict]:
    """Per node: ``degree``, ``weighted_degree``, ``betweenness`` and ``pagerank``.

    Betweenness counts shortest paths in hops (a shared task is a tie, its weight is a
    strength, not a distance) and is normalised; above :data:`SAMPLE_ABOVE` nodes it
    is estimated from ``k`` (default :data:`SAMPLE_K`) sources drawn with ``seed``.
    PageRank uses the shared-task weights.
    """
    if len(G) == 0:
        return {}
    if k is None and len(G) > SAMPLE_ABOVE:
        k = SAMPLE_K
    if k is not None and k >= len(G):
        k = None
    between = nx.betweenness_centrality(G, k=k, seed=seed if k else None, normalized=True, backend=backend)
    ranks = pagerank(G, weight=weight, backend=backend)
    out = {}
    for node in G:
        out[node] = {
            "degree": G.degree(node),
            "weighted_degree": G.degree(node, weight=weight),
            "betweenness": round(between.get(node, 0.0), DIGITS),
            "pagerank": round(ranks.get(node, 0.0), PAGERANK_DIGITS),
        }
    return out


def communities(G: nx.Graph, weight: str = "weight", *, seed: int = SEED, resolution: float = 1.0,
                backend=None) -> dict[str, int]:
    """Louvain communities (seeded), numbered 1, 2, ... from the largest.

    Ties in size are ordered by their smallest node, so numbering is stable.
    """
    if len(G) == 0:
        return {}
    found = nx.community.louvain_communities(G, weight=weight, resolution=resolution, seed=seed, backend=backend)
    ordered = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
    return {node: i for i, members in enumerate(ordered, 1) for node in members}
