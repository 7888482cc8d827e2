"""The validation engine: relevance, computed values, findings, completeness."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import forms
from forms.engine import compile_template
from forms.errors import TemplateError
from forms.loader import load_template_text
from forms.model import Template
from tests.helpers.forms_factory import make_answers, make_template

from .conftest import SMALL

TODAY = dt.date(2026, 6, 15)
CATALOG = forms.catalog_dir()


@pytest.fixture(scope="module")
def compiled():
    return compile_template(load_template_text(SMALL, "t.yaml"))


def good_answers():
    return {
        "name": "Erika Muster",
        "geburtsdatum": "1950-04-12",
        "wohnform": "miete",
        "miete": "450.00",
        "haushalt": [
            {"vorname": "Erika", "hat_einkommen": True, "einkommen": "1200.50"},
            {"vorname": "Paul", "hat_einkommen": False, "einkommen": "999"},
        ],
    }


def codes(evaluation):
    return [(f.path, f.code) for f in evaluation.findings]


def test_complete_answers_have_no_findings(compiled):
    ev = compiled.evaluate(good_answers(), today=TODAY)
    assert ev.findings == []
    assert ev.is_complete
    assert ev.completeness == 1.0
    assert ev.section_completeness == {"person": 1.0, "haushalt_abschnitt": 1.0}


def test_computed_values_ignore_non_relevant_rows_members(compiled):
    ev = compiled.evaluate(good_answers(), today=TODAY)
    # Paul's income is not relevant (hat_einkommen false), so it does not count.
    assert ev.computed == {"summe": "1650.50"}


def test_relevant_answers_leave_out_non_relevant_and_fill_in_computed(compiled):
    answers = good_answers()
    ev = compiled.evaluate(answers, today=TODAY)
    out = ev.relevant_answers()
    assert out["haushalt"][1] == {"vorname": "Paul", "hat_einkommen": False}
    assert out["summe"] == "1650.50"
    assert answers["haushalt"][1]["einkommen"] == "999", "the draft itself is untouched"


def test_section_relevance_applies_to_all_its_fields(compiled):
    answers = good_answers() | {"wohnform": "eigentum"}
    ev = compiled.evaluate(answers, today=TODAY)
    assert not ev.is_relevant("haushalt_abschnitt")
    assert not ev.is_relevant("haushalt")
    assert not ev.is_relevant("haushalt[0].vorname")
    assert not ev.is_relevant("miete")
    assert "haushalt" not in ev.relevant_answers()
    assert "miete" not in ev.relevant_answers()
    assert ev.section_completeness["haushalt_abschnitt"] == 1.0
    assert ev.is_complete


def test_row_member_relevance_is_evaluated_per_row(compiled):
    ev = compiled.evaluate(good_answers(), today=TODAY)
    assert ev.is_relevant("haushalt[0].einkommen")
    assert not ev.is_relevant("haushalt[1].einkommen")
    assert ev.is_required("haushalt[0].einkommen")
    assert not ev.is_required("haushalt[1].einkommen")
    assert ev.is_required("haushalt"), "min_count 1 makes the group required"
    assert not ev.is_required("summe"), "computed fields are never required"
    assert not ev.is_relevant("haushalt[7].einkommen")
    assert not ev.is_relevant("gibtsnicht")
    assert not ev.is_relevant("Kaputt[")


def test_required_documents_follow_relevance(compiled):
    ev = compiled.evaluate(good_answers(), today=TODAY)
    assert [d.id for d in ev.required_documents] == ["mietvertrag", "ausweis"]
    ev = compiled.evaluate(good_answers() | {"wohnform": "eigentum"}, today=TODAY)
    assert [d.id for d in ev.required_documents] == ["ausweis"]
    assert not ev.is_relevant("mietvertrag")


def test_missing_required_answers_are_findings_in_form_order(compiled):
    answers = {"wohnform": "miete", "haushalt": [{"hat_einkommen": True}]}
    ev = compiled.evaluate(answers, today=TODAY)
    assert codes(ev) == [
        ("name", "required"),
        ("miete", "required"),
        ("haushalt[0].vorname", "required"),
        ("haushalt[0].einkommen", "required"),
    ]
    assert ev.findings[0].message == "Bitte ausfüllen."
    assert ev.findings[0].message_easy
    assert not ev.is_complete
    assert ev.section_completeness["person"] == 0.0
    assert 0.0 < ev.completeness < 1.0


def test_constraint_message_and_easy_variant(compiled):
    ev = compiled.evaluate(good_answers() | {"geburtsdatum": "2015-01-01"}, today=TODAY)
    (finding,) = ev.findings
    assert finding.path == "geburtsdatum"
    assert finding.code == "constraint"
    assert finding.message == "Sie müssen volljährig sein."
    assert finding.message_easy == "Sie müssen 18 Jahre oder älter sein."


@pytest.mark.parametrize(
    ("change", "path", "code"),
    [
        ({"miete": "abc"}, "miete", "type"),
        ({"miete": "12.345"}, "miete", "type"),
        ({"miete": "-1"}, "miete", "min"),
        ({"miete": "5000.01"}, "miete", "max"),
        ({"name": "x" * 21}, "name", "max_length"),
        ({"name": 42}, "name", "type"),
        ({"geburtsdatum": "12.04.1950"}, "geburtsdatum", "type"),
        ({"geburtsdatum": "1950-02-30"}, "geburtsdatum", "type"),
        ({"geburtsdatum": "1850-01-01"}, "geburtsdatum", "date_range"),
        ({"wohnform": "zelt"}, "wohnform", "choice"),
        ({"haushalt": []}, "haushalt", "required"),
        ({"haushalt": [{"vorname": "a"}] * 4}, "haushalt", "max_count"),
        ({"haushalt": "kaputt"}, "haushalt", "type"),
        ({"haushalt": [7]}, "haushalt[0]", "type"),
    ],
)
def test_type_and_range_checks(compiled, change, path, code):
    ev = compiled.evaluate(good_answers() | change, today=TODAY)
    assert (path, code) in codes(ev), codes(ev)


def test_wrong_values_never_raise(compiled):
    weird = {
        "name": ["x"],
        "geburtsdatum": 19500412,
        "wohnform": None,
        "miete": True,
        "haushalt": [None, {"einkommen": {"a": 1}, "hat_einkommen": "ja"}],
    }
    ev = compiled.evaluate(weird, today=TODAY)
    assert not ev.is_complete
    ev = compiled.evaluate("not a dict", today=TODAY)  # type: ignore[arg-type]
    assert not ev.is_complete


def test_initial_answers_hold_defaults_and_minimum_rows(compiled):
    assert compiled.initial_answers() == {
        "wohnform": "miete",
        "haushalt": [{"hat_einkommen": False}],
    }
    assert compiled.initial_row("haushalt") == {"hat_einkommen": False}
    with pytest.raises(KeyError):
        compiled.initial_row("name")


def template_with(field_yaml: str, extra: str = "", fmt: int = 1) -> Template:
    text = (
        f"format: {fmt}\nid: t-form\nversion: 1.0.0\ntitle: T\ntopic: T\noffice_id: amt\n"
        "sections:\n  - id: s\n    title: S\n    fields:\n" + field_yaml + extra
    )
    return load_template_text(text, "t.yaml")


@pytest.mark.parametrize(
    ("kind", "good", "bad", "code"),
    [
        ("integer", "42", "4.2", "type"),
        ("integer", 42, True, "type"),
        ("decimal", "4,25", "4.2.1", "type"),
        ("iban", "DE89 3704 0044 0532 0130 00", "DE89 3704 0044 0532 0130 01", "iban"),
        ("tax_id", "36 574 261 809", "12345678901", "tax_id"),
        ("email", "erika@example.org", "erika@", "type"),
        ("phone", "+49 30 123456", "(030) 1234", "type"),
        ("phone", "030/123 45-6", "+49+30", "type"),
        ("postal_code", "10115", "1011", "type"),
        ("boolean", False, "nein", "type"),
        ("signature", "sig-1", ["x"], "type"),
        ("attachment", ["att-1"], "att-1", "type"),
    ],
)
def test_field_types(kind, good, bad, code):
    compiled = compile_template(
        template_with(f"      - id: feld\n        type: {kind}\n        label: Feld\n")
    )
    assert compiled.evaluate({"feld": good}, today=TODAY).findings == []
    findings = compiled.evaluate({"feld": bad}, today=TODAY).findings
    assert [(f.path, f.code) for f in findings] == [("feld", code)]
    assert findings[0].message


def test_multichoice_values_must_be_known():
    compiled = compile_template(
        template_with(
            "      - id: feld\n        type: multichoice\n        label: Feld\n"
            "        options: [{value: a, label: A}, {value: b, label: B}]\n"
        )
    )
    assert compiled.evaluate({"feld": ["a", "b"]}, today=TODAY).findings == []
    (finding,) = compiled.evaluate({"feld": ["a", "z"]}, today=TODAY).findings
    assert finding.code == "choice"


def test_attachment_counts_are_validated():
    compiled = compile_template(
        template_with(
            "      - id: belege\n        type: attachment\n        label: Belege\n"
            "        max_count: 2\n        min_count: 1\n"
        )
    )
    (finding,) = compiled.evaluate({"belege": ["a", "b", "c"]}, today=TODAY).findings
    assert finding.code == "max_count"


def test_division_by_zero_is_null_plus_a_warning():
    compiled = compile_template(
        template_with(
            "      - id: a\n        type: integer\n        label: A\n"
            "      - id: b\n        type: integer\n        label: B\n"
            "      - id: q\n        type: decimal\n        label: Q\n        compute: a / b\n"
        )
    )
    ev = compiled.evaluate({"a": 1, "b": 0}, today=TODAY)
    assert "q" not in ev.computed
    (finding,) = ev.findings
    assert (finding.path, finding.severity, finding.code) == ("q", "warning", "expression")
    assert "Division durch null" in finding.message
    assert ev.is_complete
    assert compiled.evaluate({"a": 1, "b": 4}, today=TODAY).computed == {"q": "0.25"}


def test_required_expression():
    compiled = compile_template(
        template_with(
            "      - id: alleinstehend\n        type: boolean\n        label: Allein\n"
            "      - id: partner\n        type: text\n        label: Partner\n"
            '        required: "not alleinstehend"\n'
        )
    )
    assert compiled.evaluate({"alleinstehend": True}, today=TODAY).is_complete
    ev = compiled.evaluate({"alleinstehend": False}, today=TODAY)
    assert [(f.path, f.code) for f in ev.findings] == [("partner", "required")]
    assert ev.is_required("partner")


def test_compile_template_without_loader_raises_template_error():
    template = template_with("      - id: a\n        type: text\n        label: A\n")
    broken = template.model_copy(
        update={
            "sections": [
                template.sections[0].model_copy(
                    update={
                        "fields": [
                            template.sections[0].fields[0].model_copy(update={"relevant": "b"})
                        ]
                    }
                )
            ]
        }
    )
    with pytest.raises(TemplateError, match="unknown field 'b'"):
        compile_template(broken)


def test_synthetic_template_validates_cleanly():
    template = make_template(120, groups=2, members=4)
    compiled = compile_template(template)
    ev = compiled.evaluate(make_answers(template, rows=3), today=TODAY)
    assert ev.findings == []
    assert ev.completeness == 1.0
    assert ev.computed["g0summe"] == "30.00"


_ANSWER_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.sampled_from(["vorname", "einkommen", "hat_einkommen", "x"]), inner, max_size=4
        ),
    ),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["name", "geburtsdatum", "wohnform", "miete", "haushalt", "summe", "zz"]),
        _ANSWER_VALUES,
        max_size=7,
    )
)
def test_evaluation_never_raises_on_arbitrary_answers(answers):
    compiled = compile_template(load_template_text(SMALL, "t.yaml"))
    ev = compiled.evaluate(answers, today=TODAY)
    assert 0.0 <= ev.completeness <= 1.0
    for finding in ev.findings:
        assert finding.message
    ev.relevant_answers()


def test_huge_answers_are_bounded(compiled):
    answers = good_answers() | {
        "name": "x" * 5_000_000,
        "miete": "9" * 100_000,
        "haushalt": [{"vorname": "a"}] * 100_000,
    }
    ev = compiled.evaluate(answers, today=TODAY)
    assert ("name", "max_length") in codes(ev)
    assert ("miete", "type") in codes(ev)
    assert ("haushalt", "max_count") in codes(ev)
    assert len(ev.relevant_answers()["haushalt"]) == 3


# -- what a person is told -----------------------------------------------------------------


def _one_field(kind: str, extra: str = "", fmt: int = 1) -> object:
    return compile_template(
        template_with(
            f"      - id: feld\n        type: {kind}\n        label: Feld\n"
            "        required: true\n" + extra,
            fmt=fmt,
        )
    )


@pytest.mark.parametrize(
    ("typed", "told"),
    [
        ("30.02.1950", "Den 30.02.1950 gibt es nicht: Der Februar 1950 hat 28 Tage."),
        ("29.02.2023", "Der Februar 2023 hat 28 Tage."),
        ("31.04.2020", "Der April 2020 hat 30 Tage."),
        ("1950-02-30", "Den 30.02.1950 gibt es nicht"),
        ("12.13.1950", "Einen Monat 13 gibt es nicht."),
        ("3.2.50", "Jahr mit vier Ziffern"),
        ("gestern", "TT.MM.JJJJ"),
    ],
)
def test_a_typed_date_that_is_no_day_is_an_answer_with_a_precise_message(typed, told):
    # The screen keeps what was typed (it is saved with the draft) until it is corrected;
    # the field is answered, wrongly, so it is not also listed as "Bitte ausfüllen".
    compiled = _one_field("date")
    (finding,) = compiled.evaluate({"feld": typed}, today=TODAY).findings
    assert finding.code == "type"
    assert told in finding.message
    assert finding.message_in("en") != finding.message


def test_a_future_birth_date_gets_one_message_not_also_of_age():
    from forms.loader import load_template

    wohngeld = compile_template(load_template(CATALOG / "wohngeld-mietzuschuss.yaml"))
    ev = wohngeld.evaluate({"geburtsdatum": "2030-01-01"}, today=TODAY)
    messages = [f.message for f in ev.findings if f.path == "geburtsdatum"]
    assert messages == ["Das Geburtsdatum liegt in der Zukunft. Bitte prüfen Sie das Datum."]
    ev = wohngeld.evaluate({"geburtsdatum": "2015-01-01"}, today=TODAY)
    assert next(f.message for f in ev.findings if f.path == "geburtsdatum").startswith(
        "Den Antrag stellen volljährige Personen."
    )


def test_warnings_before_the_first_error_stay_and_nothing_follows_it():
    compiled = _one_field(
        "integer",
        "        constraints:\n"
        "          - {rule: 'feld > 10', message: W1, severity: warning}\n"
        "          - {rule: 'feld > 5', message: E1}\n"
        "          - {rule: 'feld > 3', message: E2}\n"
        "          - {rule: 'feld > 20', message: W2, severity: warning}\n",
    )
    assert [f.message for f in compiled.evaluate({"feld": 2}, today=TODAY).findings] == [
        "W1",
        "E1",
    ]
    assert [f.message for f in compiled.evaluate({"feld": 7}, today=TODAY).findings] == [
        "W1",
        "W2",
    ]


def test_a_number_out_of_range_is_not_also_checked_by_the_rules():
    compiled = _one_field(
        "integer",
        "        max: 9\n        constraints:\n          - {rule: 'feld < 5', message: E}\n",
    )
    assert [f.code for f in compiled.evaluate({"feld": 12}, today=TODAY).findings] == ["max"]


@pytest.mark.parametrize(
    ("typed", "told"),
    [
        ("DE1234", "Eine deutsche IBAN hat 22 Zeichen, hier sind es 6."),
        ("DE89 3704 0044 0532 0130 0", "hier sind es 21"),
        ("DE89 3704 0044 0532 0130 01", "Prüfziffer"),
        ("DE89 3704 0044 0532 0130 O0", "ein O statt einer 0"),
        ("XY89 3704", "mit XY am Anfang gibt es nicht"),
        ("1234 5678", "zwei Buchstaben für das Land"),
        ("NL91 ABNA 0417 1643", "IBAN aus dem Land NL hat 18 Zeichen"),
    ],
)
def test_iban_messages_say_what_is_wrong_in_the_order_a_person_checks(typed, told):
    (finding,) = _one_field("iban").evaluate({"feld": typed}, today=TODAY).findings
    assert told in finding.message
    assert finding.message_in("en") != finding.message


@pytest.mark.parametrize("path", sorted(CATALOG.glob("*.yaml")), ids=lambda p: p.stem)
def test_required_messages_do_not_repeat_the_label(path):
    from forms.loader import load_template

    template = load_template(path)
    ev = compile_template(template).evaluate({}, today=TODAY)
    assert ev.findings
    for finding in ev.findings:
        field = template.fields_by_id[finding.path.rsplit(".", 1)[-1].split("[")[0]]
        assert field.label not in finding.message, finding
        assert field.label_in("en") not in finding.message_in("en"), finding


@pytest.mark.parametrize(
    ("kind", "bad"),
    [
        ("integer", "4.2"),
        ("decimal", "x"),
        ("currency", "1.234"),
        ("date", "1850-01-01"),
        ("boolean", "nein"),
        ("choice", "zelt"),
        ("iban", "DE1234"),
        ("tax_id", "12345678901"),
        ("email", "erika@"),
        ("phone", "(030)"),
        ("postal_code", "1011"),
        ("text", 7),
        ("signature", 7),
        ("attachment", "att-1"),
        ("declaration", False),
    ],
)
def test_every_message_of_the_engine_has_english(kind, bad):
    extra = "        options: [{value: a, label: A}]\n" if kind == "choice" else ""
    compiled = _one_field(kind, extra, fmt=3)
    for answers in ({}, {"feld": bad}):
        (finding,) = compiled.evaluate(answers, today=TODAY).findings
        english = finding.message_in("en")
        assert english, (kind, answers)
        assert english != finding.message, (kind, answers, finding)
        assert finding.message_in("de") == finding.message


def test_a_declaration_is_given_by_ticking_it():
    compiled = _one_field("declaration", fmt=3)
    (missing,) = compiled.evaluate({}, today=TODAY).findings
    assert (missing.code, missing.message) == (
        "required",
        "Bitte ankreuzen, wenn die Erklärung zutrifft.",
    )
    assert missing.message_in("de", easy=True) == "Bitte ein Kreuz machen, wenn es stimmt."
    assert compiled.evaluate({"feld": True}, today=TODAY).findings == []
    assert [f.code for f in compiled.evaluate({"feld": False}, today=TODAY).findings] == ["type"]


def test_a_count_of_one_file_is_said_in_the_singular():
    compiled = compile_template(
        template_with(
            "      - id: belege\n        type: attachment\n        label: Belege\n"
            "        max_count: 1\n"
        )
    )
    (finding,) = compiled.evaluate({"belege": ["a", "b"]}, today=TODAY).findings
    assert finding.message == "Bitte höchstens 1 Datei anhängen."
