"""What the citizen reads before signing: a question inside a list of persons is named
with its row, the same way in the review, in the open points and on the form screen.

The expected names are written out by hand ("Person 2 – Vorname"), not taken from the
code that makes them.
"""

from __future__ import annotations

import datetime as dt

from forms.engine import compile_template
from forms.model import Template
from koffer.drafting.review import build_review

TEMPLATE = Template.model_validate(
    {
        "id": "haushalt",
        "version": "1.0.0",
        "title": "Haushalt",
        "topic": "T",
        "office_id": "amt",
        "sections": [
            {
                "id": "s",
                "title": "Wer lebt im Haushalt?",
                "fields": [
                    {"id": "name", "type": "text", "label": "Ihr Name", "required": True},
                    {
                        "id": "personen",
                        "type": "group",
                        "label": "Weitere Personen",
                        "item_label": "Person",
                        "item_label_i18n": {"en": "Person"},
                        "fields": [
                            {
                                "id": "vorname",
                                "type": "text",
                                "label": "Vorname",
                                "label_i18n": {"en": "First name"},
                                "required": True,
                            }
                        ],
                    },
                    {
                        "id": "kinder",
                        "type": "group",
                        "label": "Kinder",
                        "fields": [{"id": "kind", "type": "text", "label": "Name"}],
                    },
                ],
            }
        ],
    }
)


def review(answers: dict[str, object], language: str = "de"):  # type: ignore[no-untyped-def]
    evaluation = compile_template(TEMPLATE).evaluate(answers, today=dt.date(2026, 12, 2))
    return build_review(TEMPLATE, evaluation, language)


def test_two_missing_first_names_say_whose_they_are() -> None:
    result = review({"name": "Erika", "personen": [{}, {"vorname": "Hans"}, {}]})

    assert [(p.path, p.label) for p in result.blocking] == [
        ("personen[0].vorname", "Person 1 – Vorname"),
        ("personen[2].vorname", "Person 3 – Vorname"),
    ]


def test_the_review_rows_use_the_same_names() -> None:
    result = review(
        {"name": "Erika", "personen": [{"vorname": "Hans"}], "kinder": [{"kind": "Lea"}]}
    )

    labels = [row.label for row in result.sections[0].rows]
    # a group without an item label is still named by row, never "1 – Name"
    assert labels == ["Ihr Name", "Person 1 – Vorname", "Eintrag 1 – Name"]


def test_names_follow_the_language() -> None:
    result = review({"name": "Erika", "personen": [{}]}, language="en")

    assert [p.label for p in result.blocking] == ["Person 1 – First name"]
    rows = review({"kinder": [{"kind": "Lea"}]}, language="en").sections[0].rows
    assert [row.label for row in rows] == ["Entry 1 – Name"]


def test_a_path_the_template_does_not_have_is_named_by_its_path() -> None:
    assert TEMPLATE.path_label("personen[0]", "de") == "Person 1"
    assert TEMPLATE.path_label("personen[0].gibtsnicht", "de") == "personen[0].gibtsnicht"
    assert TEMPLATE.path_label("name[0].vorname", "de") == "name[0].vorname"
    assert TEMPLATE.path_label("nicht da", "de") == "nicht da"
    assert TEMPLATE.field_at("personen[1]") is None
    assert TEMPLATE.field_at("personen[1].vorname") is TEMPLATE.fields_by_id["vorname"]
