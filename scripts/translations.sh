#!/usr/bin/env bash
# Compiles the Qt translation sources (.ts) to .qm with PySide6's lrelease.
set -euo pipefail
bin=$1
shopt -s nullglob
for ts in resources/translations/*.ts; do
  "$bin/pyside6-lrelease" -silent "$ts" -qm "${ts%.ts}.qm"
done
