"""Enrollment, catalog pull, sealing and exactly-once delivery against the real backend."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from koffer.settings import RETENTION_DAYS
from koffer.store import DraftStatus
from sync.client.api import TownHallApi
from sync.client.enrollment import api_for
from sync.client.errors import EnrollmentFailed
from sync.client.runner import SyncOptions, sync_once
from sync.server.db import Database
from sync.server.inbox import export
from tests.helpers.server import OFFICE_ID, office_key

from .conftest import Laptop, TownHall, make_laptop

pytestmark = pytest.mark.integration


def _api(laptop: Laptop) -> TownHallApi:
    api = api_for(laptop.store, laptop.store, timeout=10)
    assert api is not None
    return api


def test_enrollment_pins_keys_and_keeps_token_in_keyring(laptop: Laptop) -> None:
    assert laptop.store.get_token()
    assert laptop.device.get_setting("sync.catalog_keys")
    assert laptop.device.get_setting("sync.device_id")
    # the token is not in device.db settings
    settings = laptop.device.connection.query("SELECT value FROM settings")
    assert not any(laptop.store.get_token() in str(row[0]) for row in settings)


def test_used_code_is_refused_with_german_message(tmp_path: Path, town_hall: TownHall) -> None:
    invite = town_hall.invite()
    first = make_laptop(tmp_path / "a", invite)
    try:
        with pytest.raises(EnrollmentFailed) as info:
            make_laptop(tmp_path / "b", invite)
        assert "Anmeldecode" in info.value.user_message
    finally:
        first.profile.close()


def test_first_sync_installs_catalog_then_one_request_when_unchanged(laptop: Laptop) -> None:
    with _api(laptop) as api:
        report = sync_once(laptop.store, api, SyncOptions(app_version="1.0"))
    assert report.error is None, report.error
    assert report.catalog is not None
    assert report.catalog.changed
    assert laptop.device.get_template_text("hilfeantrag", "1.0.0") is not None
    assert laptop.store.office_keys()
    with _api(laptop) as api:
        again = sync_once(laptop.store, api, SyncOptions(app_version="1.0"))
    assert again.catalog is not None
    assert not again.catalog.changed
    assert again.catalog.requests == 1


def test_sealed_drafts_delivered_once_with_receipts_and_export(
    laptop: Laptop, town_hall: TownHall, tmp_path: Path
) -> None:
    RETENTION_DAYS.write(laptop.device, 30)
    with _api(laptop) as api:
        sync_once(laptop.store, api)  # catalog with the office key
    big = bytes(range(256)) * 4096 * 3  # 3 MiB
    ids = [laptop.finished_draft("Erika Beispiel", big), laptop.finished_draft("Max Muster")]
    assert laptop.drafts.get_draft(ids[0]).status == DraftStatus.SEALED
    assert laptop.device.outbox_count() == 2
    with _api(laptop) as api:
        report = sync_once(laptop.store, api, SyncOptions(chunk_size=1 << 20))
    assert report.error is None, report.error
    assert sorted(report.delivery.delivered)
    assert report.outbox_left == 0
    for draft_id in ids:
        draft = laptop.drafts.get_draft(draft_id)
        assert draft.status == DraftStatus.RECEIVED
        assert draft.reference
        assert draft.reference.startswith("SOZ-")
    # the office opens exactly what was typed
    db = Database.connect(town_hall.seed.database_url, pool_size=1)
    try:
        with db.write.begin() as session:
            result = export(
                session, office_id=OFFICE_ID, private_key=office_key(), out_dir=tmp_path / "out"
            )
    finally:
        db.dispose()
    assert len(result.written) == 2
    records = [json.loads((p / "submission.json").read_text()) for p in result.written]
    names = sorted(r["content"]["answers"]["name"] for r in records)
    assert names == ["Erika Beispiel", "Max Muster"]
    with_file = next(p for p in result.written if any((p / "attachments").glob("*beleg*")))
    assert next((with_file / "attachments").glob("*beleg*")).read_bytes() == big


def test_receipt_waits_in_device_db_while_locked(laptop: Laptop) -> None:
    with _api(laptop) as api:
        sync_once(laptop.store, api)
    draft_id = laptop.finished_draft("Erika Beispiel")
    laptop.workspace.close()  # idle lock: drafts.db closed
    with _api(laptop) as api:
        report = sync_once(laptop.store, api)
    assert report.error is None
    assert report.delivery.delivered
    receipts = laptop.device.outbox_receipts()
    assert [r[0] for r in receipts] == [draft_id]
    workspace = laptop.unlock()
    # retention 0 days: applied and purged at unlock
    assert all(d.id != draft_id for d in workspace.list_drafts())
    actions = [e.action for e in laptop.device.audit_entries(draft_id)]
    assert actions[-2:] == ["received", "purged"]


def test_rejected_submission_comes_back_with_server_message(
    laptop: Laptop, town_hall: TownHall
) -> None:
    with _api(laptop) as api:
        sync_once(laptop.store, api)
    draft_id = laptop.finished_draft("Erika Beispiel")
    # the server does not know this template version: corrupt the queued row
    item = laptop.device.outbox_items()[0]
    laptop.device.connection.execute(
        "UPDATE outbox SET template_version = '9.9.9' WHERE submission_id = ?",
        (item.submission_id,),
    )
    with _api(laptop) as api:
        report = sync_once(laptop.store, api)
    assert [r.draft_id for r in report.delivery.rejected] == [draft_id]
    assert "Formular" in report.delivery.rejected[0].message
    rejected = laptop.store.rejected()
    assert rejected
    assert rejected[0].message == report.delivery.rejected[0].message
    assert laptop.store.pending() == []  # not retried forever, not dropped
    assert laptop.device.outbox_count() == 1
    returned = laptop.workspace.return_refused()
    assert [(r.submission_id, r.draft_id) for r in returned] == [(item.submission_id, draft_id)]
    assert laptop.drafts.get_draft(draft_id).status == DraftStatus.DRAFT
    assert laptop.device.outbox_count() == 0


def test_revocation_wipes_profile(
    laptop: Laptop, town_hall: TownHall, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))  # never this machine user's
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    dialog_state = tmp_path / "QtProject.conf"
    dialog_state.write_text("[FileDialog]\nlastVisited=file:///home/e/Zqxmustermann\n")
    device_id = laptop.device.get_setting("sync.device_id")
    db = Database.connect(town_hall.seed.database_url, pool_size=1)
    try:
        from sync.server import fleet

        with db.write.begin() as session:
            fleet.revoke(session, device_id)
    finally:
        db.dispose()
    with _api(laptop) as api:
        report = sync_once(laptop.store, api)
    assert report.revoked
    assert not laptop.profile.exists()
    assert "Zqxmustermann" not in dialog_state.read_text()  # the desktop's traces too
