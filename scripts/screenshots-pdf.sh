#!/usr/bin/env bash
# Renders sample PDFs (Wohngeld office and citizen copy, a draft and its signature sheet,
# blank large-print form, visit
# record) and their first pages as small PNGs into docs/screenshots/pdf/ (pdftoppm, 60 dpi).
# Usage: scripts/screenshots-pdf.sh [path/to/venv/bin]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${1:-.venv/bin}"
OUT=docs/screenshots/pdf
command -v pdftoppm >/dev/null || { echo "pdftoppm missing: apt-get install poppler-utils" >&2; exit 1; }
mkdir -p "$OUT"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

"$BIN/python" - "$WORK" <<'PY'
import dataclasses
import sys
from pathlib import Path

from forms import catalog_dir
from forms.loader import load_template
from printing.blank import render_blank
from printing.content import RequiredDocument, VisitInfo
from printing.render import render_filled, render_visit_record
from tests.unit.printing.samples import (
    CREATED, VISIT_ANSWERS, WOHNGELD_ANSWERS, sample_content,
)

out = Path(sys.argv[1])
wohngeld = load_template(catalog_dir() / "wohngeld-mietzuschuss.yaml")
visit_form = load_template(catalog_dir() / "hausbesuchsprotokoll.yaml")
content = dataclasses.replace(
    sample_content(template=wohngeld, answers=WOHNGELD_ANSWERS),
    documents=(
        RequiredDocument("Personalausweis oder Reisepass (zur Ansicht)", "presented"),
        RequiredDocument("Mietvertrag", "attached", attachment="mietvertrag.pdf"),
        RequiredDocument("Einkommensnachweise der letzten zwölf Monate", "open"),
        RequiredDocument("Letzte Heiz- und Nebenkostenabrechnung", "open", optional=True),
    ),
)
(out / "wohngeld-amt.pdf").write_bytes(render_filled(content, "office"))
(out / "wohngeld-buerger.pdf").write_bytes(render_filled(content, "citizen"))
draft = dataclasses.replace(content, reference="", draft=True, review_sha256="ab" * 32)
(out / "wohngeld-entwurf.pdf").write_bytes(render_filled(draft, "citizen"))
(out / "wohngeld-unterschriftenblatt.pdf").write_bytes(
    render_filled(dataclasses.replace(draft, signer="Gülşen Öztürk", signature=None), "signing")
)
(out / "wohngeld-blanko-grossdruck.pdf").write_bytes(
    render_blank(wohngeld, large_print=True, created_at=CREATED)
)
visit = VisitInfo(
    visited_at=CREATED,
    address="Äußere Grünstraße 3, 12345 Musterstadt",
    staff_name="Petra Schmidt",
    participants=("Gülşen Öztürk", "Jürgen Öztürk (Sohn)"),
)
visit_content = dataclasses.replace(
    sample_content(template=visit_form, answers=VISIT_ANSWERS), visit=visit
)
(out / "hausbesuchsprotokoll.pdf").write_bytes(render_visit_record(visit_content))
PY

rm -f "$OUT"/*.png
for pdf in "$WORK"/*.pdf; do
  name="$(basename "$pdf" .pdf)"
  pdftoppm -r 60 -l 3 -png "$pdf" "$OUT/$name"  # first 3 pages keep the repo small
done
ls "$OUT"
