"""Evaluate a template against answers: relevance, computed values, findings, completeness.

CONTRACT (shared by printing, store, UI, sync; keep these names stable):

    compiled = compile_template(template)          # parses every expression once;
                                                   # raises TemplateError with problems
    ev = compiled.evaluate(answers, today=date)     # never raises on bad answers
    ev.findings            -> list[Finding]         # errors and warnings, in form order
    ev.is_relevant(path)   -> bool                  # "name", "haushalt[1].einkommen", or a
                                                    # section id / document id
    ev.computed            -> dict[path, value]     # computed values (JSON-ready)
    ev.section_completeness-> dict[section_id, float in 0..1]
    ev.completeness        -> float in 0..1
    ev.is_complete         -> bool                  # no error findings
    ev.relevant_answers()  -> Answers               # only relevant fields, computed filled in:
                                                    # what is printed, reviewed and submitted
    ev.required_documents  -> list[DocumentItem]    # checklist items relevant now
    ev.is_required(path)   -> bool

A path names one answer: a top-level field id ("name"), or a member of a repeat group
row ("haushalt[0].einkommen", 0-based). `forms.paths` parses and formats them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem with the answers, tied to the field it concerns."""

    path: str
    severity: Severity
    code: str  # machine-readable: "required", "constraint", "type", "min", "max", ...
    message: str  # German, for the user
    message_easy: str | None = None  # Leichte Sprache, when the template has one
