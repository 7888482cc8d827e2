# Koffer — one command to set up and run, one to set up and test (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.koffer-stamp
export UV_PROJECT_ENVIRONMENT := $(abspath $(VENV))
export QT_QPA_PLATFORM ?= offscreen

.PHONY: help setup system-deps run test lint typecheck importlint pytest bench screenshots translations clean

help:
	@echo "make run    set everything up and start Koffer (demo profile)"
	@echo "make test   set everything up and run every check and test"
	@echo "make bench  run the benchmarks (results: docs/benchmarks.md)"

system-deps:
	@scripts/system-deps.sh

$(UV):
	python3 -m venv $(TOOLS)
	$(TOOLS)/bin/pip install -q "uv==$(UV_VERSION)"

$(STAMP): pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --quiet --compile-bytecode --all-extras
	@touch $@

setup: system-deps $(STAMP) translations

run: setup
	QT_QPA_PLATFORM= $(BIN)/koffer demo

test: setup lint typecheck importlint pytest

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck:
	$(BIN)/mypy forms printing sync koffer

importlint:
	$(BIN)/lint-imports

pytest:
	dbus-run-session -- scripts/with-test-keyring.sh $(BIN)/pytest $(PYTEST_ARGS)

bench: setup
	@# Installed apps run from bytecode; measure them that way even where the environment
	@# sets PYTHONDONTWRITEBYTECODE.
	$(BIN)/python -m compileall -q koffer forms printing sync
	dbus-run-session -- scripts/with-test-keyring.sh $(BIN)/python -m bench

translations: $(STAMP)
	@scripts/translations.sh $(BIN)

screenshots: setup
	scripts/screenshots.sh $(BIN)
	scripts/screenshots-pdf.sh $(BIN)

clean:
	rm -rf $(VENV) $(TOOLS) .mypy_cache .ruff_cache .pytest_cache
