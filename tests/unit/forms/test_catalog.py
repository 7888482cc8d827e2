"""The shipped catalog: every template loads, is translated, printable and fillable.

The heart of this module is `complete_answers`: a generator that fills every relevant
required field with a valid value for its type (respecting min/max, options and the
template's own constraints), adding repeat-group rows as needed, and repeats until the
answers are stable, because an answer can make other questions relevant. Each template
must then evaluate without any error and with completeness 1.0 — so a template whose
rules contradict each other, or whose expressions fail at runtime, fails here.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

import forms
from forms.model import FieldType, FormField, Template

#: Fixed "today", so dates and ages in the generated answers are deterministic.
TODAY = dt.date(2026, 6, 15)
CATALOG = forms.catalog_dir()
FILES = sorted(CATALOG.glob("*.yaml"))
OLD_WOHNGELD = Path(__file__).parents[2] / "fixtures" / "forms" / "wohngeld-mietzuschuss-1.0.0.yaml"
#: The one form filled in by the staff member, not by the citizen.
VISIT_RECORD = "hausbesuchsprotokoll"
TOPICS = {"Wohnen", "Grundsicherung", "Pflege", "Behinderung", "Familie", "Allgemein", "Senioren"}
MEDIA_TYPES = {"application/pdf", "image/jpeg", "image/png"}
VALID_IBAN = "DE89370400440532013000"
VALID_TAX_ID = "86095742719"
MAX_ROUNDS = 60


def _load(path: Path) -> Template:
    from forms.loader import load_template  # lazily: the loader compiles every expression

    return load_template(path)


@pytest.fixture(scope="module")
def templates() -> list[Template]:
    return [_load(path) for path in FILES]


def _ids(path: Path) -> str:
    return path.stem


# -- value generator ----------------------------------------------------------------------


def _years_ago(years: int) -> dt.date:
    return TODAY.replace(year=TODAY.year - years)


def _clamp(value: Decimal, field: FormField) -> Decimal:
    if field.min is not None and value < field.min:
        value = field.min
    if field.max is not None and value > field.max:
        value = field.max
    return value


def _numbers(field: FormField) -> list[Decimal]:
    wanted = [Decimal(500), Decimal(1), Decimal(0), Decimal(25)]
    bounds = [b for b in (field.min, field.max) if b is not None]
    out: list[Decimal] = []
    for value in [*(_clamp(v, field) for v in wanted), *bounds]:
        if value not in out:
            out.append(value)
    return out


def candidates(field: FormField, reverse_choices: bool = False) -> list[Any]:
    """Valid answers for `field`, most ordinary first (JSON-encoded as in a draft).

    With `reverse_choices`, yes/no and choice answers come in reverse order, so a second
    run takes the other branches of the template's conditions.
    """
    values = _candidates(field)
    if reverse_choices and field.type in ("boolean", "choice", "multichoice"):
        values.reverse()
    return values


def _candidates(field: FormField) -> list[Any]:
    kind: FieldType = field.type
    if kind in ("text", "textarea"):
        texts = ["Erika Mustermann", "123456789", "65170839J003", "14:30", "Ja"]
        if kind == "textarea":
            texts.insert(0, "Alles besprochen; siehe Gespräch vom Vormittag.")
        limit = field.max_length
        return [t for t in texts if limit is None or len(t) <= limit]
    if kind == "integer":
        return [int(v) for v in _numbers(field)]
    if kind in ("decimal", "currency"):
        return [f"{v:.2f}" for v in _numbers(field)]
    if kind == "date":
        dates = [
            _years_ago(40),
            TODAY,
            TODAY - dt.timedelta(days=7),
            _years_ago(10),
            TODAY + dt.timedelta(days=30),
            _years_ago(80),
        ]
        return [d.isoformat() for d in dates]
    if kind == "boolean":
        return [True, False]
    if kind == "declaration":
        return [True]
    if kind == "choice":
        return [o.value for o in field.options]
    if kind == "multichoice":
        return [[o.value] for o in field.options]
    fixed: dict[str, list[Any]] = {
        "iban": [VALID_IBAN],
        "tax_id": [VALID_TAX_ID],
        "email": ["erika.mustermann@example.org"],
        "phone": ["+49 30 1234567"],
        "postal_code": ["10115"],
        "signature": ["signature-1"],
        "attachment": [["attachment-1"]],
    }
    if kind in fixed:
        return fixed[kind]
    raise AssertionError(f"no generator for field type {kind!r} ({field.id})")


def _answer_paths(template: Template, answers: dict[str, Any]) -> Iterator[tuple[str, FormField]]:
    """Every path that can hold an answer now: top-level fields and members of each row."""
    from forms.paths import format_path

    for section in template.sections:
        for field in section.fields:
            if field.type == "group":
                rows = answers.get(field.id) or []
                for index in range(len(rows)):
                    for member in field.fields:
                        if member.holds_answer and member.compute is None:
                            yield format_path(field.id, index, member.id), member
            elif field.holds_answer and field.compute is None:
                yield field.id, field


def complete_answers(template: Template, other_branch: bool = False) -> tuple[dict[str, Any], Any]:
    """A complete, valid answer set for `template`, and its evaluation.

    Args:
        template: the template to fill in.
        other_branch: try the last choice (and "no") first instead of the first one.
    """
    from forms.engine import compile_template
    from forms.fieldtypes import is_unanswered
    from forms.paths import get_value, set_value

    compiled = compile_template(template)
    answers: dict[str, Any] = compiled.initial_answers()
    tried: dict[str, int] = {}
    groups = {f.id: f for f in template.iter_fields() if f.type == "group"}
    for _ in range(MAX_ROUNDS):
        ev = compiled.evaluate(answers, today=TODAY)
        changed = False
        for gid, group in groups.items():
            rows = list(answers.get(gid) or [])
            needed = max(group.min_count, 1)
            if ev.is_relevant(gid) and len(rows) < needed:
                rows += [compiled.initial_row(gid) for _ in range(needed - len(rows))]
                answers[gid] = rows
                changed = True
        fields = dict(_answer_paths(template, answers))
        for path, field in fields.items():
            if ev.is_required(path) and is_unanswered(get_value(answers, path)):
                tried[path] = 0
                answers = set_value(answers, path, candidates(field, other_branch)[0])
                changed = True
        for finding in ev.findings:
            if finding.severity != "error" or finding.code == "required":
                continue  # unanswered required fields were filled just above
            if finding.path not in fields:
                continue
            options = candidates(fields[finding.path], other_branch)
            index = tried.get(finding.path, 0) + 1
            if index >= len(options):
                raise AssertionError(
                    f"{template.id}: no generated value satisfies {finding.path}: "
                    f"{finding.code}: {finding.message}"
                )
            tried[finding.path] = index
            answers = set_value(answers, finding.path, options[index])
            changed = True
        if not changed:
            return answers, ev
    raise AssertionError(f"{template.id}: answers did not become stable")


# -- loading ------------------------------------------------------------------------------


def test_catalog_has_the_agreed_forms() -> None:
    ids = {path.stem for path in FILES}
    agreed = {
        "wohngeld-mietzuschuss",
        "grundsicherung-sgb12",
        "hilfe-zur-pflege",
        "schwerbehinderung-feststellung",
        "wohnberechtigungsschein",
        "rundfunkbeitrag-befreiung",
        "bildung-und-teilhabe",
        "aenderungsmitteilung",
        "schweigepflichtentbindung",
        "vollmacht",
        "hausnotruf-seniorenhilfe",
        "hausbesuchsprotokoll",
    }
    assert agreed <= ids
    assert len(ids) >= 13


@pytest.mark.parametrize("path", FILES, ids=_ids)
def test_file_validates_against_the_model_and_loader(path: Path) -> None:
    from forms.model import Template as Model

    raw = Model.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    loaded = _load(path)
    assert loaded == raw
    assert path.name == f"{loaded.id}.yaml", "one file per form, named <id>.yaml"


def test_load_catalog_reads_every_file_and_ids_are_unique(templates: list[Template]) -> None:
    from forms.loader import load_catalog

    catalog = load_catalog(CATALOG)
    assert sorted(t.id for t in catalog) == sorted(t.id for t in templates)
    duplicates = [i for i, n in Counter(t.id for t in templates).items() if n > 1]
    assert duplicates == []


# -- content rules ------------------------------------------------------------------------


def _english_gaps(template: Template) -> Iterator[str]:
    if "en" not in template.title_i18n:
        yield "title"
    if template.description and "en" not in template.description_i18n:
        yield "description"
    for section in template.sections:
        if "en" not in section.title_i18n:
            yield f"section {section.id}"
    for field in template.iter_fields():
        if "en" not in field.label_i18n:
            yield f"field {field.id}"
        if field.item_label and "en" not in field.item_label_i18n:
            yield f"item_label of {field.id}"
        for option in field.options:
            if "en" not in option.label_i18n:
                yield f"option {field.id}.{option.value}"
        for index, constraint in enumerate(field.constraints):
            if "en" not in constraint.message_i18n:
                yield f"constraint {index} of {field.id}"
    for doc in template.documents:
        if "en" not in doc.label_i18n:
            yield f"document {doc.id}"


@pytest.mark.parametrize("path", FILES, ids=_ids)
def test_everything_has_an_english_translation(path: Path) -> None:
    template = _load(path)
    assert template.languages == ["de", "en"]
    assert list(_english_gaps(template)) == []


@pytest.mark.parametrize("path", FILES, ids=_ids)
def test_metadata_for_search_and_routing(path: Path) -> None:
    template = _load(path)
    assert template.topic in TOPICS
    assert template.office_id
    assert template.legal_basis
    assert len(template.keywords) >= 3
    assert len(template.synonyms) >= 3
    assert template.description


@pytest.mark.parametrize("path", FILES, ids=_ids)
def test_documents_receipt_signature_and_plain_language(path: Path) -> None:
    template = _load(path)
    fields = list(template.iter_fields())
    assert template.documents, "every form has a documents checklist"
    assert any(f.print.receipt for f in fields), "something goes on the receipt"
    assert any(f.help_easy for f in fields), "Leichte-Sprache help where it matters"
    signatures = [f for f in fields if f.type == "signature" and f.required is True]
    assert signatures, "a required signature"
    last_section = template.sections[-1]
    assert any(f.type == "signature" for f in last_section.fields), "signature at the end"
    if template.id != VISIT_RECORD:
        declarations = [
            f for f in last_section.fields if f.type == "declaration" and f.required is True
        ]
        assert declarations, "declarations before the signature"


@pytest.mark.parametrize("path", FILES, ids=_ids)
def test_declarations_are_check_boxes_not_yes_no_questions(path: Path) -> None:
    # A yes/no field that only "yes" may answer is a declaration: one check box with
    # the declaration as its text, not a Ja/Nein pair whose "Nein" is an error.
    template = _load(path)
    must_be_yes = [
        f.id
        for f in template.iter_fields()
        if f.type == "boolean"
        and any(
            c.severity == "error" and c.rule.replace(" ", "") == f"{f.id}==true"
            for c in f.constraints
        )
    ]
    assert must_be_yes == []
    for field in template.iter_fields():
        if field.type == "declaration":
            assert not field.label.rstrip().endswith("?"), f"{field.id} is a statement"
            assert template.format >= 3


@pytest.mark.parametrize("path", FILES, ids=_ids)
def test_computed_fields_carry_no_constraints(path: Path) -> None:
    # The engine checks constraints only on answered fields, never on computed ones; a
    # rule there would be silently ignored, so it belongs on an answered field.
    computed = [f.id for f in _load(path).iter_fields() if f.compute and f.constraints]
    assert computed == []


@pytest.mark.parametrize("path", FILES, ids=_ids)
def test_attachments_accept_the_agreed_media_types(path: Path) -> None:
    for field in _load(path).iter_fields():
        if field.type == "attachment":
            assert field.media_types
            assert set(field.media_types) <= MEDIA_TYPES
            assert field.max_size_mb is not None


def test_every_field_type_is_used_somewhere(templates: list[Template]) -> None:
    used = {f.type for t in templates for f in t.iter_fields()}
    assert used == set(FieldType.__args__)  # type: ignore[attr-defined]


def test_group_features_are_used(templates: list[Template]) -> None:
    groups = [f for t in templates for f in t.iter_fields() if f.type == "group"]
    assert any(g.min_count >= 1 for g in groups)
    assert all(g.item_label for g in groups)
    assert any(f.compute for t in templates for f in t.iter_fields())
    assert any(s.relevant for t in templates for s in t.sections)
    assert any(s.print.page_break_before for t in templates for s in t.sections)
    assert any(s.print.columns == 2 for t in templates for s in t.sections)


# -- engine: generated answers ------------------------------------------------------------


@pytest.mark.parametrize("other_branch", [False, True], ids=["first-choices", "last-choices"])
@pytest.mark.parametrize("path", FILES, ids=_ids)
def test_generated_complete_answers_have_no_errors(path: Path, other_branch: bool) -> None:
    template = _load(path)
    answers, ev = complete_answers(template, other_branch)
    errors = [f for f in ev.findings if f.severity == "error"]
    assert errors == []
    assert [f for f in ev.findings if f.code == "expression"] == []
    assert ev.is_complete
    assert ev.completeness == 1.0
    assert all(value == 1.0 for value in ev.section_completeness.values())
    assert answers, "the generator filled something in"


@pytest.mark.parametrize("path", FILES, ids=_ids)
def test_empty_answers_are_incomplete(path: Path) -> None:
    from forms.engine import compile_template

    ev = compile_template(_load(path)).evaluate({}, today=TODAY)
    assert any(f.code == "required" and f.severity == "error" for f in ev.findings)
    assert not ev.is_complete
    assert ev.completeness < 1.0


# -- the showcase: Wohngeld ----------------------------------------------------------------


@pytest.fixture(scope="module")
def wohngeld() -> Any:
    from forms.engine import compile_template

    return compile_template(_load(CATALOG / "wohngeld-mietzuschuss.yaml"))


@pytest.fixture(scope="module")
def wohngeld_answers() -> dict[str, Any]:
    answers, _ = complete_answers(_load(CATALOG / "wohngeld-mietzuschuss.yaml"))
    return answers


def _with(answers: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {**answers, **changes}


def test_wohngeld_tenant_needs_the_tenancy_agreement(
    wohngeld: Any, wohngeld_answers: dict[str, Any]
) -> None:
    ev = wohngeld.evaluate(_with(wohngeld_answers, wohnverhaeltnis="miete"), today=TODAY)
    docs = {d.id for d in ev.required_documents}
    assert "mietvertrag" in docs
    assert not ev.is_relevant("hauptmieter_abschnitt")


def test_wohngeld_subtenant_gets_the_main_tenant_section(
    wohngeld: Any, wohngeld_answers: dict[str, Any]
) -> None:
    ev = wohngeld.evaluate(_with(wohngeld_answers, wohnverhaeltnis="untermiete"), today=TODAY)
    assert ev.is_relevant("hauptmieter_abschnitt")
    assert ev.is_required("hauptmieter_name")
    docs = {d.id for d in ev.required_documents}
    assert "mietvertrag" not in docs
    assert "untermietvertrag" in docs


def test_wohngeld_income_sum_counts_applicant_and_household(
    wohngeld: Any, wohngeld_answers: dict[str, Any]
) -> None:
    row = {
        "hm_vorname": "Max",
        "hm_familienname": "Mustermann",
        "hm_geburtsdatum": "1980-02-01",
        "hm_verwandtschaft": "partner",
        "hm_einkommensart": "erwerbstaetigkeit",
        "einkommen": "1200.50",
    }
    answers = _with(
        wohngeld_answers,
        einkommensart="rente",
        einkommen_brutto="900.00",
        weitere_personen=True,
        haushalt=[row, {**row, "hm_vorname": "Mia", "einkommen": "99.50"}],
    )
    ev = wohngeld.evaluate(answers, today=TODAY)
    assert Decimal(str(ev.computed["einkommen_gesamt"])) == Decimal("2200.00")
    assert ev.computed["haushalt_personen"] == 3
    assert "rentenbescheid" in {d.id for d in ev.required_documents}


def test_wohngeld_without_household_hides_the_rows(
    wohngeld: Any, wohngeld_answers: dict[str, Any]
) -> None:
    answers = _with(wohngeld_answers, weitere_personen=False, einkommensart="keins")
    ev = wohngeld.evaluate(answers, today=TODAY)
    assert not ev.is_relevant("haushalt")
    assert not ev.is_relevant("einkommen_brutto")
    assert Decimal(str(ev.computed["einkommen_gesamt"])) == 0
    assert "haushalt" not in ev.relevant_answers()
    assert any(f.path == "einkommensart" and f.severity == "warning" for f in ev.findings)


def test_wohngeld_heating_above_rent_is_an_error_in_german(
    wohngeld: Any, wohngeld_answers: dict[str, Any]
) -> None:
    answers = _with(wohngeld_answers, gesamtmiete="400.00", heizkosten="450.00")
    ev = wohngeld.evaluate(answers, today=TODAY)
    errors = [f for f in ev.findings if f.path == "heizkosten" and f.severity == "error"]
    assert [f.code for f in errors] == ["constraint"]
    assert "Gesamtmiete" in errors[0].message
    assert errors[0].message_easy


def test_wohngeld_minor_applicant_is_rejected(
    wohngeld: Any, wohngeld_answers: dict[str, Any]
) -> None:
    answers = _with(wohngeld_answers, geburtsdatum=_years_ago(17).isoformat())
    ev = wohngeld.evaluate(answers, today=TODAY)
    assert any(f.path == "geburtsdatum" and f.severity == "error" for f in ev.findings)


def test_wohngeld_migrates_from_version_1(wohngeld: Any) -> None:
    from forms.migration import migrate_answers

    old = _load(OLD_WOHNGELD)
    new = _load(CATALOG / "wohngeld-mietzuschuss.yaml")
    assert new.migrate is not None
    assert new.migrate.from_version == old.version
    old_answers: dict[str, Any] = {
        "name": "Erika Mustermann",
        "geburtsdatum": "1950-03-15",
        "wohnverhaeltnis": "hauptmieter",
        "baujahr": 1965,
        "miete": "612.40",
        "heizung": "80.00",
        "iban": VALID_IBAN,
    }
    report = migrate_answers(old, new, old_answers)
    assert report.answers["vorname"] == "Erika"
    assert report.answers["familienname"] == "Mustermann"
    assert report.answers["gesamtmiete"] == "612.40"
    assert report.answers["heizkosten"] == "80.00"
    assert report.answers["wohnverhaeltnis"] == "miete"
    assert "baujahr" not in report.answers
    assert "baujahr" in {path for path, _ in report.dropped}
    ev = wohngeld.evaluate(report.answers, today=TODAY)
    assert not any(f.path == "gesamtmiete" for f in ev.findings)


# -- search ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Mietzuschuss", "wohngeld-mietzuschuss"),
        ("Wohnkosten Zuschuss", "wohngeld-mietzuschuss"),
        ("GEZ", "rundfunkbeitrag-befreiung"),
        ("Beerdigung", "bestattungskosten"),
        ("Notrufknopf", "hausnotruf-seniorenhilfe"),
        ("Behindertenausweis", "schwerbehinderung-feststellung"),
        ("Klassenfahrt", "bildung-und-teilhabe"),
        ("Sozialwohnung", "wohnberechtigungsschein"),
        ("Pflegeheim bezahlen", "hilfe-zur-pflege"),
    ],
)
def test_keywords_and_synonyms_find_the_form(
    templates: list[Template], query: str, expected: str
) -> None:
    from forms.search import CatalogIndex

    found = CatalogIndex(templates).search(query)
    assert found
    assert found[0].id == expected


# -- the documented example -----------------------------------------------------------------

DOC = Path(__file__).parents[3] / "docs" / "template-format.md"


def _doc_blocks(language: str) -> list[str]:
    """The fenced blocks of `language` after the "Complete example" heading."""
    text = DOC.read_text(encoding="utf-8").split("## Complete example", 1)[1]
    text = text.split("\n## ", 1)[0]
    fence = f"```{language}\n"
    return [part.split("```", 1)[0] for part in text.split(fence)[1:]]


def test_documented_example_validates_and_completes() -> None:
    import json

    from forms.engine import compile_template
    from forms.loader import load_template_text

    (template_text,) = _doc_blocks("yaml")
    (answers_text,) = _doc_blocks("json")
    template = load_template_text(template_text, "docs/template-format.md")
    assert list(_english_gaps(template)) == []
    ev = compile_template(template).evaluate(json.loads(answers_text), today=TODAY)
    assert [f for f in ev.findings if f.severity == "error"] == []
    assert ev.completeness == 1.0
    assert Decimal(str(ev.computed["einkommen_summe"])) == Decimal("980.00")
    assert "rentenbescheid" in {d.id for d in ev.required_documents}
    assert not ev.is_relevant("partner_abschnitt")
    _, generated = complete_answers(template, other_branch=True)
    assert generated.is_complete
