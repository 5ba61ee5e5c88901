# Two entry points for people: `make run` (dashboard on the bundled sample data) and
# `make test` (the whole suite). Both build the virtual environment they need from scratch.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export PYTHAINLP_OFFLINE := 1

.PHONY: run test lint format install install-dev browser bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

browser:
	bash scripts/ensure_system.sh

run: install
	$(BIN)/streamlit run dashboard.py

# rewrite the code in the house format (ruff format, pyproject.toml), then fix what ruff can
format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# ruff (lint + format check), mypy and the import rules (import-linter), as configured in pyproject.toml
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

test: install-dev browser lint
	$(BIN)/python -m pytest

bench: install-dev
	$(BIN)/python benchmarks/import_bench.py

clean:
	rm -rf $(VENV) .pytest_cache
