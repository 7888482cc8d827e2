"""The document checklist's ticks go with the draft backup through the real town hall
(loopback) and come back on the replacement laptop; a tick alone makes a new record."""

from __future__ import annotations

import pytest

from sync.client.api import TownHallApi
from sync.client.backup import BackupApi
from tests.integration.sync.test_backup_e2e import (
    OTHER_PASSPHRASE,
    _backup,
    _laptop_b,
    _pass,
    _restore,
    _unlock_kek,
    hall,  # noqa: F401 - the fixture
)
from tests.integration.sync.test_backup_e2e import Hall as _Hall

from .conftest import FORM_ID, PASSPHRASE, make_laptop

pytestmark = pytest.mark.integration


def test_ticks_are_backed_up_and_restored(tmp_path, hall: _Hall):  # noqa: F811
    a = make_laptop(tmp_path / "a", hall.invite("Laptop A"))
    assert _pass(a, None).error is None
    backup = _backup(a)
    _unlock_kek(backup, PASSPHRASE)
    draft = a.drafts.create_draft(FORM_ID, "1.0.0", "Erika Beispiel")
    a.drafts.set_answer(draft.id, "hat_nachweis", True)
    scan = a.drafts.add_attachment(
        draft.id, "nachweis", "mietvertrag.pdf", "application/pdf", b"%PDF-1.4 Miete"
    )
    a.drafts.set_document_tick(draft.id, "mietvertrag", "attached", scan.id)
    report = _pass(a, backup)
    assert report.error is None, report.error
    assert report.backup.records_sent == 1

    # a tick alone changes the draft: its record is made again and sent
    a.drafts.set_document_tick(draft.id, "ausweis", "presented")
    assert backup.prepare_changed() == 1
    assert _pass(a, backup).backup.records_sent == 1
    a.profile.wipe()  # the laptop is gone

    b, _ = _laptop_b(tmp_path, hall)
    try:
        with TownHallApi(hall.town.url, b.store.get_token(), timeout=10) as api:
            report = _restore(BackupApi(api), b, PASSPHRASE, own=OTHER_PASSPHRASE)
        assert report.restored
        assert report.damaged == []
        assert b.drafts.document_ticks(draft.id) == {
            "ausweis": ("presented", None),
            "mietvertrag": ("attached", scan.id),
        }
        assert b.drafts.get_attachment_data(scan.id) == b"%PDF-1.4 Miete"
    finally:
        b.profile.close()
