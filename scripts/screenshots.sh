#!/usr/bin/env bash
# Saves pictures of the main screens to docs/screenshots/ (make screenshots).
# Runs the app under a virtual X server on a throwaway demo profile.
set -euo pipefail
bin=${1:-.venv/bin}
out=${2:-docs/screenshots}
mkdir -p "$out"
export QT_QPA_PLATFORM=xcb
exec xvfb-run -a -s "-screen 0 1400x900x24" "$bin/python" -m koffer.ui.screenshots "$out"
