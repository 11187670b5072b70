# The two commands of the README: `make crawl` (install, then crawl the bundled sample site offline)
# and `make test` (install what the tests need, then lint and test). Both build .venv themselves.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: crawl test test-fast lint install install-test score bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'

crawl: install
	$(BIN)/iomcrawl crawl

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test-fast: install-test  # the quick subset while working: no crawls of big sites, no long property runs
	$(BIN)/pytest -m "not slow"

test: lint
	$(BIN)/pytest

bench: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/extraction_speed.py --pages 1000

score: install
	PATH="$(abspath $(BIN)):$$PATH" $(PYTHON) ../shared/eval/score.py ../shared/eval/dev
	PATH="$(abspath $(BIN)):$$PATH" $(PYTHON) ../shared/eval/score.py fixtures/labelled

clean:
	rm -rf $(VENV) output/*.jsonl
