"""Synthetic templates and answers of any size, for engine tests and benchmarks."""

from __future__ import annotations

from typing import Any

import yaml

from forms.model import Template

_CYCLE = (
    "text",
    "integer",
    "decimal",
    "currency",
    "date",
    "boolean",
    "choice",
    "email",
    "phone",
    "postal_code",
    "iban",
    "textarea",
    "multichoice",
)

_VALUES: dict[str, Any] = {
    "text": "Erika Mustermann",
    "textarea": "Ein längerer Text\nmit zwei Zeilen.",
    "integer": 3,
    "decimal": "12.5",
    "currency": "1234.50",
    "date": "1950-04-12",
    "boolean": True,
    "choice": "b",
    "multichoice": ["a", "c"],
    "email": "erika@example.org",
    "phone": "+49 30 123456-7",
    "postal_code": "10115",
    "iban": "DE89 3704 0044 0532 0130 00",
}

_OPTIONS = [{"value": v, "label": v.upper()} for v in ("a", "b", "c")]


def _field(fid: str, kind: str, index: int, flag: str | None) -> dict[str, Any]:
    field: dict[str, Any] = {"id": fid, "type": kind, "label": f"Feld {index}"}
    if kind in ("choice", "multichoice"):
        field["options"] = [dict(o) for o in _OPTIONS]
    if index % 3 == 0:
        field["required"] = True
    if flag is not None and index % 4 == 1:
        field["relevant"] = f"{flag} == true"
    if kind == "integer":
        field["min"] = 0
        field["max"] = 100
        field["constraints"] = [{"rule": f"{fid} != 13", "message": "Bitte nicht 13."}]
    if kind == "date":
        field["constraints"] = [
            {"rule": f"{fid} <= today()", "message": "Das Datum liegt in der Zukunft."}
        ]
    if kind in ("text", "textarea"):
        field["max_length"] = 200
    return field


def template_dict(
    n_fields: int = 300, groups: int = 3, members: int = 5, per_section: int = 25
) -> dict[str, Any]:
    """A template with `n_fields` answer fields in all, `groups` repeat groups among them."""
    top_count = n_fields - groups * members
    sections: list[dict[str, Any]] = []
    fields: list[dict[str, Any]] = []
    flag: str | None = None
    numeric: list[str] = []
    for i in range(top_count):
        kind = _CYCLE[i % len(_CYCLE)]
        fid = f"f{i}"
        fields.append(_field(fid, kind, i, flag))
        if kind == "boolean" and flag is None:
            flag = fid
        if kind in ("integer", "currency"):
            numeric.append(fid)
        if len(fields) == per_section:
            sections.append({"id": f"s{len(sections)}", "title": "Abschnitt", "fields": fields})
            fields = []
    for g in range(groups):
        group_members = [
            _field(f"g{g}m{k}", _CYCLE[k % len(_CYCLE)], k, None) for k in range(members - 1)
        ]
        group_members.append(
            {
                "id": f"g{g}betrag",
                "type": "currency",
                "label": "Betrag",
                "relevant": f"g{g}m0 != ''",
            }
        )
        fields.append(
            {
                "id": f"g{g}",
                "type": "group",
                "label": f"Gruppe {g}",
                "min_count": 1,
                "fields": group_members,
            }
        )
        fields.append(
            {
                "id": f"g{g}summe",
                "type": "currency",
                "label": "Summe",
                "compute": f"sum(g{g}.g{g}betrag)",
            }
        )
    if numeric:
        fields.append(
            {
                "id": "gesamt",
                "type": "decimal",
                "label": "Gesamt",
                "compute": " + ".join(f"coalesce({n}, 0)" for n in numeric[:10]),
            }
        )
    sections.append({"id": f"s{len(sections)}", "title": "Abschnitt", "fields": fields})
    return {
        "id": "synthetic",
        "version": "1.0.0",
        "title": f"Synthetisches Formular mit {n_fields} Feldern",
        "topic": "Test",
        "office_id": "testamt",
        "sections": sections,
        "documents": [{"id": "nachweis", "label": "Nachweis", "relevant": f"{flag} == true"}],
    }


def make_template(n_fields: int = 300, groups: int = 3, members: int = 5) -> Template:
    """The synthetic template as a model."""
    return Template.model_validate(template_dict(n_fields, groups, members))


def template_yaml(n_fields: int = 300, groups: int = 3, members: int = 5) -> str:
    """The synthetic template as YAML text."""
    return yaml.safe_dump(template_dict(n_fields, groups, members), allow_unicode=True)


def make_answers(template: Template, rows: int = 4) -> dict[str, Any]:
    """Valid answers for every field of `template` (groups get `rows` rows)."""
    answers: dict[str, Any] = {}
    for section in template.sections:
        for field in section.fields:
            if field.compute is not None:
                continue
            if field.type == "group":
                answers[field.id] = [
                    {
                        m.id: _VALUES.get(m.type, "x") if m.type != "currency" else f"{10 * r}.00"
                        for m in field.fields
                    }
                    for r in range(rows)
                ]
            else:
                answers[field.id] = _VALUES.get(field.type, "x")
    return answers
