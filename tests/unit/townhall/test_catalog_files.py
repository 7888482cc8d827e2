"""The app's access to catalog files: source PDFs by hash, the service directory."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from forms.directory import ServiceDirectory, ServiceEntry
from forms.importers.pdf import import_pdf
from koffer.store import Profile, ProfilePaths
from koffer.store.keys import TEST_KDF
from koffer.townhall.catalog_files import service_directory, source_pdf
from sync import crypto
from tests.helpers.keyring_backends import MemoryKeyring
from tests.helpers.pdf_forms import sample_form


@pytest.fixture
def device(tmp_path: Path) -> Iterator[object]:
    profile = Profile(ProfilePaths(tmp_path / "profil"), MemoryKeyring(), kdf=TEST_KDF)
    profile.create("Erika Mustermann", "Korrekt Pferd Batterie")
    yield profile.open_device()
    profile.close()


def _install(device: object, files: list[tuple[str, str, bytes]], body: dict[str, object]) -> None:
    key = crypto.generate_signing_key()
    document = crypto.sign_manifest(body, key)
    device.install_catalog(1, document, "sig", [], files=files)  # type: ignore[attr-defined]


def _body(directory: bytes | None = None) -> dict[str, object]:
    body: dict[str, object] = {
        "catalog_version": 1,
        "issued_at": "2026-12-01T00:00:00Z",
        "expires_at": "2027-03-01T00:00:00Z",
        "templates": [],
        "office_keys": {},
    }
    if directory is not None:
        body["directory"] = {
            "sha256": hashlib.sha256(directory).hexdigest(),
            "size": len(directory),
            "services": 1,
        }
    return body


def test_source_pdf_comes_from_device_db_and_must_match_its_hash(device: object) -> None:
    pdf = sample_form(1)
    template = import_pdf(pdf, "antrag.pdf").template
    assert source_pdf(device, template) is None  # not installed yet
    _install(device, [(hashlib.sha256(pdf).hexdigest(), "application/pdf", pdf)], _body())
    assert source_pdf(device, template) == pdf
    other = import_pdf(sample_form(2), "zwei.pdf").template
    assert source_pdf(device, other) is None


def test_service_directory_from_the_catalog_else_the_demo(device: object) -> None:
    demo = service_directory(device)
    assert "beratungshilfe" in demo.by_id()
    published = ServiceDirectory(services=[ServiceEntry(id="nur-hier", name="Nur hier")])
    data = published.to_bytes()
    _install(
        device,
        [(hashlib.sha256(data).hexdigest(), "application/json", data)],
        _body(data),
    )
    assert list(service_directory(device).by_id()) == ["nur-hier"]
