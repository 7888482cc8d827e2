"""What a new draft and a new repeat-group row start with: one source for both.

The defaults come from the forms engine (`initial_answers`, `initial_row`): every field
default of the template, the minimum number of group rows with their members' defaults.
On top come the citizen's name and address where the worker typed them already (at
"Neuer Antrag", or in a visit from the town hall), in the fields every catalog form uses
for them. Nothing else is guessed: the worker checks it with the citizen.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from forms.engine import CompiledTemplate
from forms.model import Answers, AnswerValue, Template

#: The field ids every catalog form uses for the citizen (the name and address typed at
#: "Neuer Antrag" or from a visit go there; the drafts list is searched by them).
FIRST_NAME, FAMILY_NAME, BIRTH_DATE = "vorname", "familienname", "geburtsdatum"
STREET, POSTAL_CODE, CITY, WHOLE_ADDRESS = "strasse", "plz", "ort", "anschrift"


@dataclass(frozen=True)
class Known:
    """What the app knows when a draft starts, for the template's `prefill` fields."""

    today: dt.date | None = None
    staff_name: str = ""
    place: str = ""


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
    if len(words) >= 2 and fields.get(FIRST_NAME) == "text" and fields.get(FAMILY_NAME) == "text":
        answers[FIRST_NAME] = " ".join(words[:-1])
        answers[FAMILY_NAME] = words[-1]
    match = _ADDRESS.match(address)
    if match and {STREET, POSTAL_CODE, CITY} <= fields.keys():
        answers[STREET] = match["street"]
        answers[POSTAL_CODE] = match["plz"]
        answers[CITY] = match["city"]
    elif address.strip() and fields.get(WHOLE_ADDRESS) in ("text", "textarea"):
        answers[WHOLE_ADDRESS] = address.strip()
    return answers


def prefill_known(template: Template, known: Known) -> Answers:
    """The template's `prefill` fields filled with what the app knows (nothing guessed)."""
    values = {
        "today": known.today.isoformat() if known.today is not None else "",
        "staff_name": known.staff_name.strip(),
        "place": known.place.strip(),
    }
    return {fid: values[source] for fid, source in template.prefills.items() if values[source]}


def new_draft_answers(
    compiled: CompiledTemplate,
    citizen_name: str = "",
    address: str = "",
    extra: Answers | None = None,
    known: Known | None = None,
) -> Answers:
    """The answers a new draft starts with.

    Args:
        compiled: the compiled template (defaults and minimum rows).
        citizen_name, address: what the worker typed already.
        extra: answers that win over everything (e.g. a copied draft).
        known: today, the worker, the place: for the template's `prefill` fields.
    """
    answers = compiled.initial_answers()
    answers.update(prefill_known(compiled.template, known or Known()))
    answers.update(prefill(compiled.template, citizen_name, address))
    answers.update(extra or {})
    return answers


def new_row(compiled: CompiledTemplate, group_id: str) -> dict[str, AnswerValue]:
    """The answers a new row of repeat group `group_id` starts with (its defaults)."""
    return compiled.initial_row(group_id)
