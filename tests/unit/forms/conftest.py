"""Fixtures of the forms tests: a small template as YAML text."""

from __future__ import annotations

import textwrap

import pytest

SMALL = textwrap.dedent(
    """\
    id: test-form
    version: 1.0.0
    title: Testformular
    topic: Test
    office_id: testamt
    keywords: [Prüfung]
    sections:
      - id: person
        title: Person
        fields:
          - id: name
            type: text
            label: Name
            required: true
            max_length: 20
          - id: geburtsdatum
            type: date
            label: Geburtsdatum
            constraints:
              - rule: "age(geburtsdatum) >= 18"
                message: Sie müssen volljährig sein.
                message_easy: Sie müssen 18 Jahre oder älter sein.
          - id: wohnform
            type: choice
            label: Wohnform
            default: miete
            options:
              - {value: miete, label: Miete}
              - {value: eigentum, label: Eigentum}
          - id: miete
            type: currency
            label: Miete
            relevant: "wohnform == 'miete'"
            required: true
            min: 0
            max: 5000
      - id: haushalt_abschnitt
        title: Haushalt
        relevant: "wohnform == 'miete'"
        fields:
          - id: haushalt
            type: group
            label: Haushalt
            min_count: 1
            max_count: 3
            fields:
              - id: vorname
                type: text
                label: Vorname
                required: true
              - id: hat_einkommen
                type: boolean
                label: Hat Einkommen
                default: false
              - id: einkommen
                type: currency
                label: Einkommen
                relevant: "hat_einkommen == true"
                required: true
          - id: summe
            type: currency
            label: Summe
            compute: "sum(haushalt.einkommen) + coalesce(miete, 0)"
    documents:
      - id: mietvertrag
        label: Mietvertrag
        relevant: "wohnform == 'miete'"
      - id: ausweis
        label: Ausweis
    """
)


@pytest.fixture
def small_yaml() -> str:
    return SMALL
