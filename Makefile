# Two commands do all the set-up on a fresh machine:
#   make run   -- create .venv if missing, install, build the graph from corpus/,
#                 write the report and the visualisation into build/
#   make test  -- the same install, then the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.kg-installed
OUT    ?= build

.PHONY: run test install browser office lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test,dev]'
	touch $(STAMP)

install: $(STAMP)

# Headless Chromium for the page tests, from the system packages (idempotent).
browser:
	@bash scripts/install_browser.sh

# LibreOffice Writer (reads .doc/.wps) and a CJK font (Chinese PDFs printed by Chromium), idempotent.
office:
	@bash scripts/install_office.sh

run: install
	$(BIN)/kg run corpus --out $(OUT)

test: install browser office
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check kg tests scripts

# make bench BENCH_GRAPH_ARGS=--large also builds 10,000 generated plans
bench: install
	$(BIN)/python scripts/bench_extract.py
	$(BIN)/python scripts/bench_graph.py $(BENCH_GRAPH_ARGS)
	$(BIN)/python scripts/bench_docgraph.py

clean:
	rm -rf $(OUT) .pytest_cache
