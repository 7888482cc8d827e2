"""FIM XDatenfelder import: real public schemas, a hand-built 3.0.0 schema, bad files."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from forms.engine import compile_template
from forms.importers import ImportRefused
from forms.importers.fim import Options, import_fim
from forms.importers.genericode import CodeLists
from forms.loader import load_template_text
from forms.migration import migrate_answers
from forms.model import Template
from tests.unit.forms.test_catalog import complete_answers

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "fim"
BLAUE_KARTE = FIXTURES / "ozg" / "BlaueKarte.xml"
XDF3 = FIXTURES / "built" / "xdf3-schema.xml"
CODELISTS = FIXTURES / "codelists"
FLXBE = sorted((FIXTURES / "xdatenfelder-xml").glob("*.xml"))


def _import(path: Path, **kwargs: object) -> object:
    return import_fim(path.read_bytes(), str(path), **kwargs)  # type: ignore[arg-type]


def _field(template: Template, label: str) -> object:
    return next(f for f in template.iter_fields() if f.label == label)


@pytest.fixture(scope="module")
def blaue_karte() -> object:
    return _import(BLAUE_KARTE, codelists=CodeLists.from_folder(CODELISTS))


def test_real_xdf2_schema_becomes_a_valid_template(blaue_karte: object) -> None:
    template = blaue_karte.template  # type: ignore[attr-defined]
    # the YAML written is what the loader reads back
    assert load_template_text(blaue_karte.yaml).key == template.key  # type: ignore[attr-defined]
    assert template.title == "Antrag auf Blaue Karte EU"
    assert template.legal_basis == "§ 19a AufenthG"
    assert template.origin is not None
    assert (template.origin.id, template.origin.version) == ("S00000121", "1.0")
    assert template.origin.standard == "XDatenfelder 2.0"
    assert template.version == "1.0.0"
    assert template.format == 2


def test_multiplicity_precision_and_help_are_mapped(blaue_karte: object) -> None:
    template = blaue_karte.template  # type: ignore[attr-defined]
    familienname = template.fields_by_id["g630_f13"]  # G00000630 / F00000013, 1:1
    assert familienname.label == "Familienname"
    assert familienname.required is True
    assert familienname.help == "Geben Sie den Nachnamen, Zunamen bzw. Familiennamen an."
    titel = template.fields_by_id["g630_f43"]  # 0:1
    assert titel.required is False
    geburtsort = template.fields_by_id["g630_f67"]  # praezisierung {"maxLength":"80"}
    assert geburtsort.max_length == 80
    assert template.fields_by_id["g630_f1017"].type == "decimal"  # datentyp num


def test_code_list_from_genericode_becomes_options_with_codes(blaue_karte: object) -> None:
    geschlecht = blaue_karte.template.fields_by_id["g630_f65"]  # type: ignore[attr-defined]
    assert geschlecht.type == "choice"
    assert [(o.code, o.label) for o in geschlecht.options] == [
        ("m", "männlich"),
        ("w", "weiblich"),
        ("x", "keine Angabe"),
        ("d", "divers"),
    ]


def test_unresolved_code_list_is_a_text_field_in_the_report(blaue_karte: object) -> None:
    template = blaue_karte.template  # type: ignore[attr-defined]
    staat = template.fields_by_id["g630_f39"]  # Staatsangehörigkeit: list not given
    assert staat.type == "text"
    needs = [i for i in blaue_karte.report.of("needs_person") if i.field_id == "g630_f39"]  # type: ignore[attr-defined]
    assert needs
    assert "staatsangehoerigkeit" in needs[0].message


def test_the_same_fim_field_under_two_groups_gets_two_ids(blaue_karte: object) -> None:
    ids = [f.id for f in blaue_karte.template.iter_fields() if f.id.endswith("_f53")]  # type: ignore[attr-defined]
    assert len(ids) >= 2  # F00000053 "Straße" in two addresses
    assert len(set(ids)) == len(ids)


def test_imported_template_renders_blank_and_accepts_complete_answers(
    blaue_karte: object,
) -> None:
    from printing.blank import render_blank

    template = blaue_karte.template  # type: ignore[attr-defined]
    assert render_blank(template).startswith(b"%PDF-")
    _answers, evaluation = complete_answers(template)
    assert evaluation.is_complete, [f.message for f in evaluation.findings][:5]


def test_every_public_fixture_imports_or_is_refused_clearly() -> None:
    imported = 0
    for path in [BLAUE_KARTE, XDF3, *FLXBE]:
        result = _import(path)
        template = result.template  # type: ignore[attr-defined]
        _answers, evaluation = complete_answers(template)
        assert evaluation.is_complete, path.name
        imported += 1
    assert imported == 2 + len(FLXBE)


def test_xdf3_schema_groups_values_and_constraints() -> None:
    result = _import(XDF3)
    template = result.template  # type: ignore[attr-defined]
    assert template.title == "Antrag auf Hilfe zur Pflege (Test)"
    assert template.legal_basis == "§ 61 SGB XII; § 63 SGB XII"
    assert template.keywords == ["Pflege"]
    fields = template.fields_by_id
    name = fields["g60000000200_f60000000227"]
    assert name.max_length == 120
    assert [c.message for c in name.constraints] == ["Bitte mindestens 2 Zeichen eingeben."]
    pflegegrad = fields["g60000000300_f60000000302"]
    assert (pflegegrad.type, pflegegrad.min, pflegegrad.max) == ("integer", 1, 5)
    assert fields["g60000000300_f60000000303"].type == "currency"
    stand = fields["g60000000200_f60000000230"]  # inline werte
    assert [o.code for o in stand.options] == ["LD", "VH", "VW"]
    # a nested group is flattened with its label as a sub-heading
    heading = fields["g60000000200_g60000000086_titel"]
    assert (heading.type, heading.label) == ("info", "Anschrift")
    assert "g60000000200_g60000000086_f60000000243" in fields
    # 0:* and 2:5 are repeat groups with min/max from the multiplicity
    haushalt, kontakt = fields["g60000000400"], fields["g60000000500"]
    assert (haushalt.type, haushalt.min_count, haushalt.max_count) == ("group", 0, 20)
    assert (kontakt.min_count, kontakt.max_count, kontakt.required) == (2, 5, True)
    # hidden fields are left out, labels become information
    assert "g60000000200_f60000000231" not in fields
    assert fields["g60000000300_f60000000305"].label == "Leistungen der Pflegekasse gehen vor."
    evaluation = compile_template(template).evaluate(
        {"g60000000200_f60000000227": "A"}, today=dt.date(2026, 12, 1)
    )
    messages = {f.path: f.message for f in evaluation.findings}
    assert messages["g60000000200_f60000000227"] == "Bitte mindestens 2 Zeichen eingeben."


def test_rules_and_patterns_go_to_the_report_not_into_expressions() -> None:
    result = _import(XDF3)
    report = result.report  # type: ignore[attr-defined]
    texts = [i.message for i in report.of("needs_person")]
    assert any("Pflichtangabe" in t for t in texts)  # the free-text rule, verbatim
    assert any("[0-9 +/-]+" in t for t in texts)  # the pattern
    template = result.template  # type: ignore[attr-defined]
    grad = template.fields_by_id["g60000000300_f60000000302"]
    assert grad.required is False  # nothing guessed from the rule
    data = report.to_json()
    assert data["counts"]["needs_person"] == len(texts)
    assert json.loads(json.dumps(data)) == data


def test_flxbe_rules_are_listed() -> None:
    result = _import(FIXTURES / "xdatenfelder-xml" / "v3-simple.xml")
    messages = [i.message for i in result.report.of("needs_person")]  # type: ignore[attr-defined]
    assert any("Anschrift Inland Straßenanschrift" in m for m in messages)


def _next_version(text: str) -> bytes:
    """The same schema in version 1.3.0, without the time field."""
    moved = text.replace(
        "<xdf:version>1.2.0</xdf:version></xdf:identifikation>\n    <xdf:name>Testantrag",
        "<xdf:version>1.3.0</xdf:version></xdf:identifikation>\n    <xdf:name>Testantrag",
    )
    field = moved.index("<xdf:identifikation><xdf:id>F60000000304")
    start = moved.rindex("<xdf:struktur>", 0, field)
    end = moved.index("</xdf:struktur>", field) + len("</xdf:struktur>")
    moved = moved[:start] + moved[end:]
    return moved.encode()


def test_ids_are_stable_and_migration_rules_follow_the_fim_paths() -> None:
    first = _import(XDF3).template  # type: ignore[attr-defined]
    second = import_fim(
        _next_version(XDF3.read_text(encoding="utf-8")),
        "xdf3-schema-1.3.xml",
        options=Options(previous=first),
    ).template
    assert second.id == first.id
    assert second.version == "1.3.0"
    kept = set(first.fields_by_id) & set(second.fields_by_id)
    assert "g60000000200_f60000000227" in kept
    assert second.migrate is not None
    assert second.migrate.from_version == "1.2.0"
    removed = [r.remove for r in second.migrate.rules if r.remove]
    assert removed == ["g60000000300_f60000000304"]
    report = migrate_answers(
        first,
        second,
        {"g60000000200_f60000000227": "Schmidt", "g60000000300_f60000000304": "14:30"},
    )
    assert report.answers["g60000000200_f60000000227"] == "Schmidt"
    assert any(path == "g60000000300_f60000000304" for path, _ in report.dropped)


def test_importing_the_same_version_again_with_previous_is_refused() -> None:
    first = _import(XDF3).template  # type: ignore[attr-defined]
    with pytest.raises(ImportRefused, match="already imported"):
        import_fim(XDF3.read_bytes(), "x.xml", options=Options(previous=first))


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (FIXTURES / "ozg" / "WaBeKa.xml", "XDatenfelder 1 is not supported"),
    ],
)
def test_unsupported_versions_are_refused(path: Path, message: str) -> None:
    with pytest.raises(ImportRefused, match=message):
        _import(path)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<x:a xmlns:x='urn:other'/>", "not an XDatenfelder"),
        (b"not xml at all", "not well-formed"),
        (
            b"<?xml version='1.0'?><!DOCTYPE a [<!ENTITY b 'c'>]><a>&b;</a>",
            "DTD or entities",
        ),
        (
            b"<?xml version='1.0'?><!DOCTYPE a [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
            b"<a>&x;</a>",
            "DTD or entities",
        ),
        (b"<a>" * 5000 + b"</a>" * 5000, "nested deeper"),
        (b" " * (21 * 1024 * 1024), "at most 20 MB"),
    ],
)
def test_bad_and_hostile_xml_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(ImportRefused, match=message):
        import_fim(data, "bad.xml")


def test_bad_multiplicity_is_refused() -> None:
    text = XDF3.read_text(encoding="utf-8").replace(
        "<xdf:anzahl>2:5</xdf:anzahl>", "<xdf:anzahl>5:2</xdf:anzahl>"
    )
    with pytest.raises(ImportRefused, match="max < min"):
        import_fim(text.encode(), "x.xml")


def test_a_field_that_moved_to_another_group_is_renamed() -> None:
    from forms.importers.fim import migration_rules

    first = _import(XDF3).template  # type: ignore[attr-defined]
    moved = {
        "sections": [
            {
                "fields": [
                    {"id": "g60000000300_f60000000229", "type": "text"},  # phone, new group
                    *[
                        {"id": f.id, "type": f.type}
                        for f in first.iter_fields()
                        if f.id != "g60000000200_f60000000229"
                    ],
                ]
            }
        ]
    }
    rules = migration_rules(first, moved)
    assert {
        "rename": {"from": "g60000000200_f60000000229", "to": "g60000000300_f60000000229"}
    } in rules
