"""Migration of answers between template versions."""

from __future__ import annotations

import textwrap

from forms.loader import load_template_text
from forms.migration import migrate_answers

OLD = textwrap.dedent(
    """\
    id: mig
    version: 1.0.0
    title: Alt
    topic: T
    office_id: amt
    sections:
      - id: s
        title: S
        fields:
          - id: name
            type: text
            label: Name
          - id: miete
            type: currency
            label: Miete
          - id: baujahr
            type: integer
            label: Baujahr
          - id: wohnverhaeltnis
            type: choice
            label: Wohnverhältnis
            options:
              - {value: hauptmieter, label: H}
              - {value: untermieter, label: U}
              - {value: heim, label: Heim}
          - id: kinder
            type: integer
            label: Kinder
          - id: bemerkung
            type: text
            label: Bemerkung
          - id: alt_feld
            type: text
            label: Gibt es bald nicht mehr
          - id: personen
            type: group
            label: Personen
            fields:
              - {id: p_name, type: text, label: Name}
              - {id: p_alter, type: integer, label: Alter}
              - id: p_status
                type: choice
                label: Status
                options: [{value: a, label: A}, {value: b, label: B}]
    """
)

NEW = textwrap.dedent(
    """\
    id: mig
    version: 2.0.0
    title: Neu
    topic: T
    office_id: amt
    migrate:
      from_version: 1.0.0
      rules:
        - split: {from: name, into: [vorname, familienname]}
        - rename: {from: miete, to: gesamtmiete}
        - remove: baujahr
        - map_values:
            field: wohnverhaeltnis
            values: {hauptmieter: miete, untermieter: untermiete}
        - rename: {from: p_name, to: p_vorname}
    sections:
      - id: s
        title: S
        fields:
          - {id: vorname, type: text, label: Vorname}
          - {id: familienname, type: text, label: Familienname}
          - {id: gesamtmiete, type: decimal, label: Miete}
          - id: wohnverhaeltnis
            type: choice
            label: Wohnverhältnis
            options: [{value: miete, label: M}, {value: untermiete, label: U}]
          - {id: kinder, type: boolean, label: Kinder?}
          - {id: bemerkung, type: textarea, label: Bemerkung}
          - id: personen
            type: group
            label: Personen
            max_count: 1
            fields:
              - {id: p_vorname, type: text, label: Vorname}
              - {id: p_alter, type: integer, label: Alter}
              - {id: p_status, type: choice, label: Status, options: [{value: a, label: A}]}
    """
)

ANSWERS = {
    "name": "Anna Maria Schmidt",
    "miete": "450.00",
    "baujahr": 1970,
    "wohnverhaeltnis": "hauptmieter",
    "kinder": 2,
    "bemerkung": "Bitte nachmittags",
    "alt_feld": "weg",
    "personen": [
        {"p_name": "Ben", "p_alter": 7, "p_status": "b"},
        {"p_name": "Cleo", "p_alter": 9},
    ],
}


def migrate(answers=None, old=OLD, new=NEW):
    return migrate_answers(
        load_template_text(old, "old.yaml"), load_template_text(new, "new.yaml"), answers or ANSWERS
    )


def test_rules_and_automatic_carry_over():
    report = migrate()
    assert report.answers == {
        "vorname": "Anna Maria",
        "familienname": "Schmidt",
        "gesamtmiete": "450.00",
        "wohnverhaeltnis": "miete",
        "bemerkung": "Bitte nachmittags",
        "personen": [{"p_vorname": "Ben", "p_alter": 7}],
    }
    assert ("miete", "gesamtmiete") in report.renamed
    assert report.split == [("name", ["vorname", "familienname"])]
    assert report.mapped == [("wohnverhaeltnis", "hauptmieter", "miete")]
    assert set(report.carried) == {
        "vorname",
        "familienname",
        "gesamtmiete",
        "wohnverhaeltnis",
        "bemerkung",
        "personen",
    }


def test_everything_not_carried_is_reported_in_german():
    dropped = dict(migrate().dropped)
    assert set(dropped) == {"baujahr", "kinder", "alt_feld", "personen[0].p_status", "personen[1]"}
    assert "entfernt" in dropped["baujahr"]
    assert "ganze Zahl → Ja/Nein" in dropped["kinder"]
    assert "nicht mehr" in dropped["alt_feld"]
    assert "„b“ gibt es nicht mehr" in dropped["personen[0].p_status"]
    assert "höchstens 1" in dropped["personen[1]"]


def test_old_answers_are_not_changed():
    answers = {"name": "A B", "personen": [{"p_name": "X"}]}
    migrate(answers)
    assert answers == {"name": "A B", "personen": [{"p_name": "X"}]}


def test_rules_for_another_version_are_not_applied():
    report = migrate(old=OLD.replace("version: 1.0.0", "version: 1.5.0"))
    assert report.renamed == []
    assert dict(report.dropped)["miete"].startswith("Dieses Feld gibt es")
    assert "wohnverhaeltnis" in dict(report.dropped)


def test_split_with_one_word_fills_the_last_part():
    report = migrate({"name": "Schmidt"})
    assert report.answers == {"familienname": "Schmidt"}


def test_same_template_carries_everything_valid():
    old = load_template_text(OLD, "old.yaml")
    report = migrate_answers(old, old, ANSWERS)
    assert report.answers == ANSWERS
    assert report.dropped == []


def test_a_yes_no_question_that_became_a_declaration_carries_yes_only():
    def form(kind: str, fmt: int) -> str:
        field = f'{{id: richtig, type: {kind}, label: "Ich versichere."}}'
        section = f"{{id: s, title: S, fields: [{field}]}}"
        return (
            f"{{format: {fmt}, id: erklaerung, version: 1.0.0, title: T, topic: T, "
            f"office_id: amt, sections: [{section}]}}"
        )

    old = load_template_text(form("boolean", 1), "old.yaml")
    new = load_template_text(form("declaration", 3), "new.yaml")
    assert migrate_answers(old, new, {"richtig": True}).answers == {"richtig": True}
    report = migrate_answers(old, new, {"richtig": False})
    assert report.answers == {}
    (path, reason) = report.dropped[0]
    assert path == "richtig"
    assert "angekreuzt" in reason
