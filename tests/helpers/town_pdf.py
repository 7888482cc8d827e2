"""A town's own fillable PDF in the catalog: the real Beratungshilfe form, imported.

The template is imported from tests/fixtures/pdf/antrag-beratungshilfe.pdf (an official
Vordruck, see the README there) with the real importer, and its PDF stored in device.db
as a catalog update stores it (by SHA-256), so the app finds it like a published form.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Any

from forms.importers.pdf import import_pdf
from forms.model import Template
from sync import crypto

BERATUNGSHILFE = (
    Path(__file__).resolve().parents[1] / "fixtures" / "pdf" / "antrag-beratungshilfe.pdf"
)


@functools.cache
def _imported() -> tuple[bytes, Template, str]:
    data = BERATUNGSHILFE.read_bytes()
    result = import_pdf(data, "beratungshilfe.pdf")
    return data, result.template, result.yaml


def beratungshilfe() -> tuple[bytes, Template]:
    """The real PDF and the template imported from it (3 pages, 121 fields)."""
    data, template, _yaml = _imported()
    return data, template


def field_id(template: Template, pdf_name: str) -> str:
    """The id of the template field that fills the PDF field `pdf_name`."""
    for item in template.iter_fields():
        target = item.pdf
        if target is None:
            continue
        if target.field == pdf_name or any(s.field == pdf_name for s in target.states.values()):
            return item.id
    raise KeyError(pdf_name)


def install_source_pdf(
    device: Any, pdf: bytes, *, version: int = 1, with_template: bool = False
) -> None:
    """Store `pdf` in device.db the way an installed catalog update does (with the
    imported Beratungshilfe template too when `with_template`)."""
    body = {
        "catalog_version": version,
        "issued_at": "2026-12-01T00:00:00Z",
        "expires_at": "2027-03-01T00:00:00Z",
        "templates": [],
        "office_keys": {},
    }
    document = crypto.sign_manifest(body, crypto.generate_signing_key())
    digest = hashlib.sha256(pdf).hexdigest()
    _data, template, yaml_text = _imported()
    templates = [(template.id, template.version, yaml_text)] if with_template else []
    files = [(digest, "application/pdf", pdf)]
    device.install_catalog(version, document, "sig", templates, files=files)


#: Answers for the Beratungshilfe form, by the PDF's own field names.
ANSWERS_BY_PDF_NAME: dict[str, object] = {
    "Antragsteller (Name, Vorname ggf Geburtsname)": "Öztürk, Gülşen",
    "Geburtsdatum des Antragstellers": "07.03.1948",
    "Familienstand des Antragstellers": "verwitwet",
    "Beruf, Erwerbstätigkeit": "Rentnerin, früher Bäckerin",
    "D4-Wohnung, alleine": True,
}


def answers(template: Template) -> dict[str, object]:
    """`ANSWERS_BY_PDF_NAME` by the template's field ids."""
    return {field_id(template, name): value for name, value in ANSWERS_BY_PDF_NAME.items()}
