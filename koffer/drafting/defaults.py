"""What a new draft and a new repeat-group row start with: one source for both.

The defaults come from the forms engine (`initial_answers`, `initial_row`): every field
default of the template, the minimum number of group rows with their members' defaults.
On top come the citizen's name and address where the worker typed them already (at
"Neuer Antrag", or in a visit from the town hall), in the fields every catalog form uses
for them. Nothing else is guessed: the worker checks it with the citizen.
"""

from __future__ import annotations

import re

from forms.engine import CompiledTemplate
from forms.model import Answers, AnswerValue, Template

_ADDRESS = re.compile(r"^\s*(?P<street>[^,\n]+?)\s*[,\n]\s*(?P<plz>\d{5})\s+(?P<city>[^,\n]+?)\s*$")


def _top_level_fields(template: Template) -> dict[str, str]:
    return {f.id: f.type for section in template.sections for f in section.fields}


def prefill(template: Template, citizen_name: str, address: str = "") -> Answers:
    """Name and address answers for the usual fields of the form, where it has them.

    vorname/familienname from "Erika Anna Mustermann" (the last word is the family
    name), strasse/plz/ort from "Lindenweg 4, 34117 Kassel", else the whole address in
    a field "anschrift". A one-word name or an address of another shape is left out.
    """
    fields = _top_level_fields(template)
    answers: Answers = {}
    words = citizen_name.split()
    if len(words) >= 2 and fields.get("vorname") == "text" and fields.get("familienname") == "text":
        answers["vorname"] = " ".join(words[:-1])
        answers["familienname"] = words[-1]
    match = _ADDRESS.match(address)
    if match and {"strasse", "plz", "ort"} <= fields.keys():
        answers["strasse"] = match["street"]
        answers["plz"] = match["plz"]
        answers["ort"] = match["city"]
    elif address.strip() and fields.get("anschrift") in ("text", "textarea"):
        answers["anschrift"] = address.strip()
    return answers


def new_draft_answers(
    compiled: CompiledTemplate,
    citizen_name: str = "",
    address: str = "",
    extra: Answers | None = None,
) -> Answers:
    """The answers a new draft starts with.

    Args:
        compiled: the compiled template (defaults and minimum rows).
        citizen_name, address: what the worker typed already.
        extra: answers that win over everything (e.g. a copied draft).
    """
    answers = compiled.initial_answers()
    answers.update(prefill(compiled.template, citizen_name, address))
    answers.update(extra or {})
    return answers


def new_row(compiled: CompiledTemplate, group_id: str) -> dict[str, AnswerValue]:
    """The answers a new row of repeat group `group_id` starts with (its defaults)."""
    return compiled.initial_row(group_id)
