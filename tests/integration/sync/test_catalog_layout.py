"""Manifest layout 2 through the real server: source PDFs, the service directory, unknown
fields, and the legacy manifest that laptops from before this layout still verify."""

from __future__ import annotations

import datetime as dt
import json

import httpx
import pytest

from forms.directory import demo_directory_path, load_directory, load_directory_bytes
from forms.importers.pdf import Options, import_pdf
from sync import crypto
from sync.client.enrollment import api_for
from sync.client.runner import SyncReport, sync_once
from sync.protocol import MANIFEST_LAYOUT_HEADER, SignedManifest
from sync.server import catalog
from sync.server.db import Database, PublishedManifest, utcnow
from tests.helpers.pdf_forms import sample_form
from tests.helpers.server import OFFICE_ID
from tests.unit.sync.test_crypto import _old_laptop_verifies

from .conftest import Laptop, TownHall

pytestmark = pytest.mark.integration


def _sync(laptop: Laptop) -> SyncReport:
    api = api_for(laptop.store, laptop.store, timeout=10)
    assert api is not None
    with api:
        return sync_once(laptop.store, api)


def _publish_pdf_form_and_directory(town_hall: TownHall) -> tuple[bytes, str]:
    pdf = sample_form(1)
    imported = import_pdf(pdf, "antrag.pdf", Options(template_id="pdf-antrag", office_id=OFFICE_ID))
    db = Database.connect(town_hall.seed.database_url, pool_size=1)
    try:
        with db.write.begin() as session:
            catalog.add_template(
                session, imported.yaml.encode(), "pdf-antrag.yaml", {imported.pdf_name: pdf}
            )
            catalog.put_services(session, list(load_directory(demo_directory_path()).services))
            catalog.publish(session, town_hall.seed.signing_key)
    finally:
        db.dispose()
    return pdf, imported.template.source_pdf.sha256  # type: ignore[union-attr]


def test_a_form_with_its_pdf_and_the_directory_reach_the_laptop(
    laptop: Laptop, town_hall: TownHall
) -> None:
    pdf, digest = _publish_pdf_form_and_directory(town_hall)
    report = _sync(laptop)
    assert report.error is None
    assert report.catalog_problem is None
    assert laptop.device.get_catalog_file(digest) == pdf
    assert laptop.device.get_template_text("pdf-antrag", "1.0.0") is not None
    installed = SignedManifest.model_validate_json(laptop.device.latest_manifest()[1])  # type: ignore[index]
    assert installed.directory is not None
    directory = load_directory_bytes(
        laptop.device.get_catalog_file(installed.directory.sha256) or b""
    )
    assert "beratungshilfe" in directory.by_id()


def test_an_old_laptop_gets_a_legacy_manifest_it_can_verify(
    laptop: Laptop, town_hall: TownHall
) -> None:
    _publish_pdf_form_and_directory(town_hall)
    api = api_for(laptop.store, laptop.store, timeout=10)
    assert api is not None
    with api:
        old = api.http.get("/catalog/manifest")  # no layout header: what app 0.1 sends
        new = api.http.get("/catalog/manifest", headers={MANIFEST_LAYOUT_HEADER: "2"})
    assert old.status_code == new.status_code == 200
    assert old.headers["ETag"] != new.headers["ETag"]
    body = _old_laptop_verifies(old.text, town_hall.seed.signing_key)
    assert "pdf-antrag" not in [t.id for t in body.templates]  # it could not load it
    assert "directory" not in json.loads(old.text)
    full = crypto.verify_manifest(new.text, [crypto.catalog_key(town_hall.seed.signing_key)])
    assert "pdf-antrag" in [t.id for t in full.templates]
    assert body.catalog_version == full.catalog_version


def test_a_manifest_field_the_laptop_does_not_know_still_installs(
    laptop: Laptop, town_hall: TownHall
) -> None:
    assert _sync(laptop).error is None
    db = Database.connect(town_hall.seed.database_url, pool_size=1)
    try:
        with db.write.begin() as session:
            body = catalog.build_manifest(session, validity=dt.timedelta(days=30))
            data = {**body.model_dump(mode="json"), "maintenance_window": "So 02:00-04:00"}
            data["templates"][0]["printing_hint"] = {"duplex": True}
            document = crypto.sign_manifest(data, town_hall.seed.signing_key)
            session.add(
                PublishedManifest(
                    catalog_version=body.catalog_version,
                    document=document,
                    etag=crypto.sha256_hex(document.encode()),
                    published_at=utcnow(),
                )
            )
            version = body.catalog_version
    finally:
        db.dispose()
    report = _sync(laptop)
    assert report.error is None
    assert report.catalog_problem is None
    assert laptop.store.catalog_version() == version
    stored = laptop.device.latest_manifest()
    assert stored is not None
    assert json.loads(stored[1])["maintenance_window"] == "So 02:00-04:00"


def test_the_server_serves_catalog_files_by_hash_only_to_devices(
    laptop: Laptop, town_hall: TownHall
) -> None:
    pdf, digest = _publish_pdf_form_and_directory(town_hall)
    assert httpx.get(f"{town_hall.url}/v1/catalog/files/{digest}", timeout=10).status_code == 401
    api = api_for(laptop.store, laptop.store, timeout=10)
    assert api is not None
    with api:
        assert api.catalog_file(digest) == pdf
        assert api.http.get(f"/catalog/files/{'0' * 64}").status_code == 404
        assert api.http.get("/catalog/files/nothex").status_code in (404, 422)
