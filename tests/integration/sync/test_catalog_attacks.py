"""Catalog attacks against a laptop, through the real server: each refused and reported.

The server (or someone between) offers: a manifest signed with a key the laptop never
pinned, an older catalog version (rollback), a template whose bytes do not match the
manifest's hash, and an expired manifest. The laptop keeps its installed catalog, the
error reaches the fleet view through the heartbeat, and only the expired manifest marks
the catalog stale.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from sync import crypto
from sync.client.api import TownHallApi
from sync.client.enrollment import api_for
from sync.client.runner import SyncReport, sync_once
from sync.server import catalog, fleet
from sync.server.db import Database, PublishedManifest, StoredTemplate

from .conftest import FORM_YAML, Laptop, TownHall

pytestmark = pytest.mark.integration

FORM_V2 = FORM_YAML.replace("version: 1.0.0", "version: 2.0.0").replace(
    "title: Hilfeantrag", "title: Hilfeantrag (neu)"
)


def _server(town_hall: TownHall, action: Callable[[Session], object]) -> None:
    db = Database.connect(town_hall.seed.database_url, pool_size=1)
    try:
        with db.write.begin() as session:
            action(session)
    finally:
        db.dispose()


def _sync(laptop: Laptop) -> SyncReport:
    api: TownHallApi | None = api_for(laptop.store, laptop.store, timeout=10)
    assert api is not None
    with api:
        return sync_once(laptop.store, api)


def _fleet_error(town_hall: TownHall, laptop: Laptop) -> str | None:
    device_id = laptop.device.get_setting("sync.device_id")
    db = Database.connect(town_hall.seed.database_url, pool_size=1)
    try:
        with db.read() as session:
            rows = [d for d in fleet.list_devices(session) if d.id == device_id]
    finally:
        db.dispose()
    return rows[0].last_error


@pytest.fixture
def synced(laptop: Laptop) -> Laptop:
    report = _sync(laptop)
    assert report.error is None
    assert report.catalog_problem is None
    return laptop


def test_manifest_signed_with_unknown_key_is_refused(synced: Laptop, town_hall: TownHall) -> None:
    before = synced.store.catalog_version()
    rogue = crypto.generate_signing_key()

    def publish_v2(session: Session) -> None:
        catalog.add_template(session, FORM_V2.encode(), "v2.yaml")
        catalog.publish(session, rogue)

    _server(town_hall, publish_v2)
    report = _sync(synced)
    assert report.catalog_problem is not None
    assert report.catalog_problem.code == "manifest_signature"
    assert synced.store.catalog_version() == before
    assert synced.device.get_template_text("hilfeantrag", "2.0.0") is None
    assert (_fleet_error(town_hall, synced) or "").startswith("manifest_signature")


def test_older_catalog_version_is_refused(synced: Laptop, town_hall: TownHall) -> None:
    _server(
        town_hall,
        lambda s: (
            catalog.add_template(s, FORM_V2.encode(), "v2.yaml"),
            catalog.publish(s, town_hall.seed.signing_key),
        ),
    )
    assert _sync(synced).catalog_problem is None
    installed = synced.store.catalog_version()

    def roll_back(session: Session) -> None:
        newest = session.scalar(
            select(PublishedManifest.catalog_version).order_by(
                PublishedManifest.catalog_version.desc()
            )
        )
        session.execute(
            delete(PublishedManifest).where(PublishedManifest.catalog_version == newest)
        )

    _server(town_hall, roll_back)
    report = _sync(synced)
    assert report.catalog_problem is not None
    assert report.catalog_problem.code == "manifest_rollback"
    assert synced.store.catalog_version() == installed
    assert (_fleet_error(town_hall, synced) or "").startswith("manifest_rollback")


def test_template_with_wrong_hash_is_refused(synced: Laptop, town_hall: TownHall) -> None:
    before = synced.store.catalog_version()

    def tamper(session: Session) -> None:
        catalog.add_template(session, FORM_V2.encode(), "v2.yaml")
        catalog.publish(session, town_hall.seed.signing_key)
        evil = FORM_V2.replace("label: Name", "label: Nome").encode()
        session.execute(
            update(StoredTemplate)
            .where(StoredTemplate.template_id == "hilfeantrag", StoredTemplate.version == "2.0.0")
            .values(content=evil)
        )

    _server(town_hall, tamper)
    report = _sync(synced)
    assert report.catalog_problem is not None
    assert report.catalog_problem.code == "template_hash"
    assert synced.store.catalog_version() == before
    assert synced.device.get_template_text("hilfeantrag", "2.0.0") is None
    assert (_fleet_error(town_hall, synced) or "").startswith("template_hash")


def test_expired_manifest_only_marks_catalog_stale(synced: Laptop, town_hall: TownHall) -> None:
    before = synced.store.catalog_version()
    assert not synced.store.catalog_stale()
    _server(
        town_hall,
        lambda s: (
            catalog.add_template(s, FORM_V2.encode(), "v2.yaml"),
            catalog.publish(s, town_hall.seed.signing_key, validity=dt.timedelta(seconds=-60)),
        ),
    )
    report = _sync(synced)
    assert report.catalog_problem is not None
    assert report.catalog_problem.code == "manifest_expired"
    assert synced.store.catalog_stale()
    assert synced.store.catalog_version() == before
    # every stored form stays usable
    assert synced.device.get_template_text("hilfeantrag", "1.0.0") is not None
    assert (_fleet_error(town_hall, synced) or "").startswith("manifest_expired")


def test_good_update_is_installed_and_drafts_keep_their_version(
    synced: Laptop, town_hall: TownHall
) -> None:
    draft = synced.drafts.create_draft("hilfeantrag", "1.0.0", "Erika Beispiel")
    _server(
        town_hall,
        lambda s: (
            catalog.add_template(s, FORM_V2.encode(), "v2.yaml"),
            catalog.publish(s, town_hall.seed.signing_key),
        ),
    )
    report = _sync(synced)
    assert report.catalog is not None
    assert report.catalog.downloaded == [("hilfeantrag", "2.0.0")]
    assert synced.drafts.get_draft(draft.id).template_version == "1.0.0"
    assert _fleet_error(town_hall, synced) is None
