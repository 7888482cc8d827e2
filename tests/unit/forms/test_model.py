"""The template models: shape rules that hold before any expression is compiled."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from forms.model import Template


def minimal(**changes):
    data = {
        "id": "form",
        "version": "1.0.0",
        "title": "Formular",
        "topic": "T",
        "office_id": "amt",
        "sections": [
            {"id": "s", "title": "S", "fields": [{"id": "a", "type": "text", "label": "A"}]}
        ],
    }
    data.update(changes)
    return data


def field(**extra):
    return minimal(sections=[{"id": "s", "title": "S", "fields": [extra]}])


def test_minimal_template_is_valid():
    template = Template.model_validate(minimal())
    assert template.key == ("form", "1.0.0")
    assert template.fields_by_id["a"].holds_answer
    assert template.section_of == {"a": "s"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (minimal(extra_key=1), "Extra inputs are not permitted"),
        (minimal(version="1.0"), "version must look like 1.2.0"),
        (minimal(id="Form"), "String should match pattern"),
        (field(id="c", type="choice", label="C"), "a choice needs 'options'"),
        (
            field(id="c", type="text", label="C", options=[{"value": "a", "label": "A"}]),
            "only choice fields take 'options'",
        ),
        (field(id="g", type="group", label="G"), "a group needs 'fields'"),
        (field(id="n", type="integer", label="N", min=5, max=1), "min is larger than max"),
        (field(id="i", type="info", label="I", compute="1"), "cannot be computed"),
        (
            field(id="t", type="text", label="T", media_types=["image/png"]),
            "only attachment fields",
        ),
        (
            minimal(migrate={"from_version": "1.0.0", "rules": [{"remove": "a", "rename": None}]}),
            None,
        ),
        (
            minimal(migrate={"from_version": "1.0.0", "rules": [{}]}),
            "exactly one of rename",
        ),
        (field(id="d", type="declaration", label="Ich versichere."), "need 'format: 3'"),
        (
            field(id="d", type="declaration", label="Ich versichere.", default=True)
            | {"format": 3},
            "a declaration has no default",
        ),
        (
            field(id="d", type="declaration", label="Ich versichere.", compute="true")
            | {"format": 3},
            "cannot be computed",
        ),
        (field(id="d", type="declaration", label="Ich versichere.") | {"format": 3}, None),
        (field(id="d", type="date", label="Datum", prefill="today"), "need 'format: 3'"),
        (
            field(id="d", type="text", label="Datum", prefill="today") | {"format": 3},
            "prefill today does not fit a text",
        ),
        (
            field(id="d", type="date", label="D", prefill="today", default="2026-01-01")
            | {"format": 3},
            "exclude each other",
        ),
        (
            field(
                id="g",
                type="group",
                label="G",
                fields=[{"id": "m", "type": "text", "label": "M", "prefill": "staff_name"}],
            )
            | {"format": 3},
            "rows of a group are not prefilled",
        ),
    ],
)
def test_shape_rules(data, message):
    if message is None:
        Template.model_validate(data)
        return
    with pytest.raises(ValidationError, match=message):
        Template.model_validate(data)


def test_group_members_are_listed_after_their_group():
    template = Template.model_validate(
        field(
            id="g",
            type="group",
            label="G",
            fields=[{"id": "m1", "type": "text", "label": "M"}],
        )
    )
    assert [f.id for f in template.iter_fields()] == ["g", "m1"]
    assert template.group_of == {"m1": "g"}


def test_prefills_name_what_the_app_fills_in():
    data = minimal(format=3)
    data["sections"][0]["fields"] += [
        {"id": "besuch", "type": "date", "label": "Besuch", "prefill": "today"},
        {"id": "wer", "type": "text", "label": "Wer", "prefill": "staff_name"},
    ]
    assert Template.model_validate(data).prefills == {"besuch": "today", "wer": "staff_name"}
