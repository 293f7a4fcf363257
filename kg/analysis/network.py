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

__all__ = ["betweenness", "centrality", "communities", "dense_betweenness", "pagerank", "EXACT_COMPONENT_MAX",
           "SAMPLE_ABOVE", "SAMPLE_K", "SEED"]

SAMPLE_ABOVE = 500
"""Betweenness is exact up to this many nodes, or when no connected component has more than
:data:`EXACT_COMPONENT_MAX`; otherwise it is sampled from ``SAMPLE_K`` sources."""

EXACT_COMPONENT_MAX = 1000
"""Betweenness stays exact, component by component, while every component is at most this large.

The co-responsibility graph across plans falls apart by government (units of different
jurisdictions share no task), so its components stay small however many plans there are."""

SAMPLE_K = 256
"""Number of source nodes sampled for betweenness on large graphs."""

SEED = 0
"""Seed of every randomised algorithm (sampled betweenness, Louvain)."""

DIGITS = 6
"""Betweenness is rounded to this many decimals (stable output across platforms)."""

PAGERANK_DIGITS = 4
"""PageRank is rounded coarser: it is iterated to a tolerance, not computed exactly."""


DENSE_MAX = 500
"""Up to this many nodes, exact betweenness is computed on the adjacency matrix (:func:`dense_betweenness`)."""


def dense_betweenness(G: nx.Graph) -> dict:
    """Exact normalised betweenness of a small undirected graph, in hops, with matrix products.

    The same figures as ``nx.betweenness_centrality(G, normalized=True)``, where Brandes'
    algorithm walks every edge once per source in Python. With d the distances and σ the
    numbers of shortest paths (σ_st is the number of walks of length d(s, t): such a walk
    cannot repeat a node), v lies on σ_sv·σ_vt of the σ_st shortest s-t paths when
    d(s, v) + d(v, t) = d(s, t). Grouping the pairs by a = d(s, v) and b = d(v, t), the
    sum over s and t is a column sum of ``X_a ∘ (M_{a+b} X_b)``, where ``X_a`` keeps σ
    where d = a and ``M_k`` keeps 1/σ where d = k: a few matrix products per graph.

    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("c", "d"), ("a", "e"), ("e", "c"), ("x", "y"), ("y", "z")])
    >>> exact = nx.betweenness_centrality(G, normalized=True)
    >>> all(abs(dense_betweenness(G)[n] - exact[n]) < 1e-12 for n in G)
    True
    """
    import numpy as np

    nodes = list(G)
    n = len(nodes)
    if n <= 2:
        return dict.fromkeys(nodes, 0.0)
    index = {node: i for i, node in enumerate(nodes)}
    adjacency = np.zeros((n, n))
    for a, b in G.edges():
        if a != b:
            adjacency[index[a], index[b]] = adjacency[index[b], index[a]] = 1.0
    dist = np.full((n, n), -1, dtype=np.int64)
    np.fill_diagonal(dist, 0)
    paths = np.eye(n)
    walks = np.eye(n)
    longest = 0
    for length in range(1, n):
        walks = walks @ adjacency
        new = (dist < 0) & (walks > 0)
        if not new.any():
            break
        dist[new] = length
        paths[new] = walks[new]
        walks = np.where(new, walks, 0.0)  # go on from the nodes just reached: counts of shortest paths only
        longest = length
    layer = {d: np.where(dist == d, paths, 0.0) for d in range(1, longest + 1)}
    inverse = {d: np.divide(1.0, layer[d], out=np.zeros((n, n)), where=dist == d) for d in range(2, longest + 1)}
    total = np.zeros(n)
    for a in range(1, longest):
        for b in range(1, longest - a + 1):
            total += (layer[a] * (inverse[a + b] @ layer[b])).sum(axis=0)
    scale = 1.0 / ((n - 1) * (n - 2))
    return {node: float(total[i]) * scale for i, node in enumerate(nodes)}


def betweenness(G: nx.Graph, components=None) -> dict:
    """Exact normalised betweenness in hops, computed component by component.

    Equal to ``nx.betweenness_centrality(G, normalized=True)``: a shortest path never
    leaves its component, so each component is computed alone (small ones on the
    adjacency matrix, :func:`dense_betweenness`) and rescaled from its own number of node
    pairs to the whole graph's. ``components`` may be given when already known.

    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("x", "y"), ("y", "z"), ("z", "w")])
    >>> exact = nx.betweenness_centrality(G, normalized=True)
    >>> all(abs(betweenness(G)[n] - exact[n]) < 1e-12 for n in G)
    True
    """
    n = len(G)
    if components is None:
        components = list(nx.connected_components(G))
    out = dict.fromkeys(G, 0.0)
    if n <= 2:
        return out
    for part in components:
        size = len(part)
        if size <= 2:
            continue
        sub = G.subgraph(part)
        found = dense_betweenness(sub) if size <= DENSE_MAX else nx.betweenness_centrality(sub, normalized=True)
        scale = ((size - 1) * (size - 2)) / ((n - 1) * (n - 2))
        for node, value in found.items():
            out[node] = value * scale
    return out


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
    strength, not a distance) and is normalised. It is exact (:func:`betweenness`) up to
    :data:`SAMPLE_ABOVE` nodes, or while no component exceeds :data:`EXACT_COMPONENT_MAX`;
    otherwise it is estimated from ``k`` (default :data:`SAMPLE_K`) sources drawn with
    ``seed``. PageRank uses the shared-task weights.
    """
    if len(G) == 0:
        return {}
    parts = None
    if k is None and len(G) > SAMPLE_ABOVE:
        parts = list(nx.connected_components(G))
        if max(map(len, parts)) > EXACT_COMPONENT_MAX:
            k, parts = SAMPLE_K, None
    if k is not None and k >= len(G):
        k = None
    if k is None and backend is None:
        between = betweenness(G, parts)
    else:
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
