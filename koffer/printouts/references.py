"""References on paper: the laptop's provisional one, and neutral job titles for CUPS."""

from __future__ import annotations

import re

from forms.model import Template

#: Prefix of a reference made on the laptop before the town hall gave one.
PROVISIONAL_PREFIX = "VORL-"

KIND_TITLE: dict[str, str] = {
    "office": "Ausfertigung Amt",
    "citizen": "Ausfertigung Bürger",
    "review_copy": "Entwurf",
    "signing": "Unterschriftenblatt",
    "visit": "Hausbesuchsprotokoll",
    "blank": "Leeres Formular",
}


def provisional_reference(draft_id: str) -> str:
    """A local reference until the town hall gives one: "VORL-" + first 8 of the draft id."""
    return PROVISIONAL_PREFIX + re.sub(r"[^0-9A-Za-z]", "", draft_id)[:8]


def is_provisional(reference: str) -> bool:
    """Whether `reference` was made on the laptop (not yet the town hall's)."""
    return reference.startswith(PROVISIONAL_PREFIX)


def job_title(template: Template, kind: str, reference: str = "") -> str:
    """A neutral CUPS job title (form, copy, reference; never a citizen's name).

    CUPS keeps job titles in its history, so only what identifies the paper, not the
    person, goes in.
    """
    parts = [template.title, KIND_TITLE.get(kind, kind)]
    if reference:
        parts.append(reference)
    return " – ".join(parts)
