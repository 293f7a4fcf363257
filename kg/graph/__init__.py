"""The RDF graph: from extraction records to a validated, stored, queryable graph.

* :mod:`kg.graph.iris` mints every instance IRI (deterministic, from stable keys);
* :mod:`kg.graph.triples` turns one document's records into triples (pure, no I/O);
* :mod:`kg.graph.serialize` writes canonical N-Triples, N-Quads, TriG, Turtle, JSON-LD;
* :mod:`kg.graph.cache` keeps each document's triples between builds;
* :mod:`kg.graph.build` runs the whole build (:func:`~kg.graph.build.build_graph`), with its
  per-document step in :mod:`kg.graph.build_documents`, its output folder (lock, state) in
  :mod:`kg.graph.build_folder` and what it returns in :mod:`kg.graph.build_result`;
* :mod:`kg.graph.validate` checks the graph against ``ontology/shapes.ttl`` (its reports in
  :mod:`kg.graph.validation_report`, the cross-document checks in :mod:`kg.graph.validate_cross`);
* :mod:`kg.graph.store` opens it: embedded Oxigraph, rdflib memory or a SPARQL server;
  :mod:`kg.graph.store_sync` keeps the embedded store in step with a build and
  :mod:`kg.graph.store_remote` sends the graphs to a server.
"""
