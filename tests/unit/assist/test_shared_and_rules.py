"""What an expert sees of a draft (masking, attachments, signature) and what it may propose."""

from __future__ import annotations

import json

import pytest

from forms.engine import compile_template
from forms.loader import load_template_text
from koffer.assist import rules
from koffer.assist.shared import SharedCopy, SharedDraft, SharedFile, project

FORM = """\
format: 2
id: pruefantrag
version: 1.0.0
title: Prüfantrag
topic: Test
office_id: sozialamt
sections:
  - id: person
    title: Person
    fields:
      - id: name
        type: text
        label: Name
        required: true
      - id: iban
        type: iban
        label: IBAN
      - id: diagnose
        type: textarea
        label: Diagnose
        sensitive: true
      - id: beleg
        type: attachment
        label: Beleg
      - id: kinder
        type: group
        label: Kinder
        fields:
          - id: kind_name
            type: text
            label: Name des Kindes
          - id: kind_krankheit
            type: text
            label: Erkrankung
            sensitive: true
      - id: alter
        type: integer
        label: Alter
        compute: "1 + 1"
      - id: unterschrift
        type: signature
        label: Unterschrift
"""
IBAN = "DE89370400440532013000"


@pytest.fixture
def template():
    return load_template_text(FORM, "test")


def _project(template, answers, **kw):
    evaluation = compile_template(template).evaluate(answers)
    return project(template, FORM, answers, evaluation, stage="draft", **kw).roots


ANSWERS = {
    "name": "Erika Mustermann",
    "iban": IBAN,
    "diagnose": "Diabetes",
    "beleg": "att-1",
    "kinder": [{"kind_name": "Max", "kind_krankheit": "Asthma"}],
    "unterschrift": "sig-1",
}


def test_sensitive_answers_signature_and_unshared_files_are_masked(template):
    roots = _project(template, ANSWERS)
    text = json.dumps(roots)
    for secret in (IBAN, "Diabetes", "Asthma", "sig-1", "att-1"):
        assert secret not in text
    assert {k: json.loads(v) for k, v in roots["masked"].items()} == {
        "iban": "sensitive",
        "diagnose": "sensitive",
        "beleg": "attachment",
        "kinder[0].kind_krankheit": "sensitive",
        "unterschrift": "signature",
    }
    assert json.loads(roots["answers"]["kinder"]) == [{"kind_name": "Max"}]
    assert json.loads(roots["answers"]["name"]) == "Erika Mustermann"


def test_unmasked_answers_and_shared_files_are_shown(template):
    shared = {"att-1": SharedFile("att-1", "miete.pdf", "application/pdf", 10, "beleg")}
    roots = _project(
        template, ANSWERS, unmasked={"iban", "kinder[0].kind_krankheit"}, shared_files=shared
    )
    assert json.loads(roots["answers"]["iban"]) == IBAN
    assert json.loads(roots["answers"]["beleg"]) == "att-1"
    assert json.loads(roots["answers"]["kinder"])[0]["kind_krankheit"] == "Asthma"
    assert "diagnose" in roots["masked"]
    assert json.loads(roots["view"]["files"])["att-1"]["filename"] == "miete.pdf"


def test_findings_of_masked_answers_do_not_leak(template):
    answers = dict(ANSWERS, iban="DE00 kaputt")
    roots = _project(template, answers)
    findings = json.loads(roots["view"]["findings"])
    assert all(f["path"] != "iban" for f in findings)
    opened = json.loads(_project(template, answers, unmasked={"iban"})["view"]["findings"])
    assert any(f["path"] == "iban" for f in opened)


def test_the_copy_catches_up_from_its_state_vector_and_keeps_types(template):
    draft, copy = SharedDraft(), SharedCopy()
    from koffer.assist.shared import Projection

    roots = _project(template, dict(ANSWERS, name="A"))
    assert draft.publish(Projection(roots)) is not None
    copy.apply(draft.update_since(copy.state()))
    assert copy.answers["name"] == "A"
    changed = draft.publish(Projection(_project(template, dict(ANSWERS, name="B"))))
    assert changed is not None
    assert draft.publish(Projection(_project(template, dict(ANSWERS, name="B")))) is None
    copy.apply(draft.update_since(copy.state()))
    assert copy.answers["name"] == "B"
    assert copy.view["computed"] == {"alter": 2}
    assert isinstance(copy.view["computed"]["alter"], int)
    copy.forget()
    assert copy.answers == {}


@pytest.mark.parametrize(
    ("path", "value", "rows", "allowed"),
    [
        ("name", "Erika", {}, True),
        ("kinder[0].kind_name", "Max", {"kinder": 1}, True),
        ("kinder[3].kind_name", "Max", {"kinder": 1}, False),  # no such row
        ("unterschrift", "x", {}, False),
        ("beleg", "att-9", {}, False),
        ("alter", 5, {}, False),  # computed
        ("kinder", "x", {}, False),  # a whole group
        ("gibt_es_nicht", "x", {}, False),
        ("name", 1.5, {}, False),  # floats lose digits
        ("name", ["a"], {}, False),
    ],
)
def test_what_may_be_proposed(template, path, value, rows, allowed):
    if allowed:
        assert rules.check_proposal(template, path, value, rows) is not None
    else:
        with pytest.raises(rules.Refusal):
            rules.check_proposal(template, path, value, rows)


@pytest.mark.parametrize(
    "kind", ["sign", "print", "finalise", "open_draft", "attachment", "update"]
)
def test_forbidden_kinds_have_a_german_refusal(kind):
    refusal = rules.refusal_for_kind(kind)
    assert refusal is not None
    assert refusal.message
    assert rules.refusal_for_kind("propose") is None
    assert rules.refusal_for_kind("something-new").message == rules.MSG_UNKNOWN_KIND


def test_a_sensitive_key_needs_format_2():
    from forms.errors import TemplateError

    with pytest.raises(TemplateError, match="format: 2"):
        load_template_text(FORM.replace("format: 2", "format: 1"), "test")
