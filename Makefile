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

.PHONY: help setup system-deps run test lint typecheck importlint pytest bench screenshots translations clean package package-test

help:
	@echo "make run    set everything up and start Koffer (demo profile)"
	@echo "make test   set everything up and run every check and test"
	@echo "make bench  run the benchmarks (results: docs/benchmarks.md)"
	@echo "make package       build/koffer_*.deb (laptop) and build/koffer-server_*.deb"
	@echo "make package-test  install both, smoke-test the installed programs, remove (root)"

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
	$(BIN)/mypy forms printing sync koffer bench

importlint:
	$(BIN)/lint-imports

# Two pytest workers (pytest-xdist), each test file on one worker: the suite is CPU-bound
# and single-threaded, so this halves it on the project's 2-core machines (17 min → 9 min
# measured). Every fixture makes its own servers, queues and profiles, so files do not
# share state. `make test PYTEST_ARGS=-n0` runs it serially.
PYTEST_ARGS ?= -n 2 --dist loadfile

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

# The laptop .deb (PyInstaller bundle of koffer[laptop]) and the server .deb (a virtual
# environment of koffer[server] for the system's python3); see packaging/README.md.
package: setup
	scripts/package-laptop.sh
	scripts/package-server.sh

# Installs both packages on THIS machine with apt-get, tests the installed programs and
# removes them again; needs root and the packages from `make package`.
package-test: setup
	scripts/package-test.sh

clean:
	rm -rf $(VENV) $(TOOLS) .mypy_cache .ruff_cache .pytest_cache
