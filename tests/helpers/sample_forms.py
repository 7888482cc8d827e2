"""A small form for sync tests: a required name, a proof only when one is at hand, a
signature — enough to seal, deliver and check relevance, small enough to read at a glance."""

from __future__ import annotations

HILFEANTRAG_ID = "hilfeantrag"
HILFEANTRAG_YAML = """\
id: hilfeantrag
version: 1.0.0
title: Hilfeantrag
topic: Test
office_id: sozialamt
sections:
  - id: person
    title: Angaben
    fields:
      - id: name
        type: text
        label: Name
        required: true
      - id: hat_nachweis
        type: boolean
        label: Nachweis vorhanden
      - id: nachweis
        type: attachment
        label: Nachweis
        relevant: "hat_nachweis == true"
      - id: unterschrift
        type: signature
        label: Unterschrift
"""
