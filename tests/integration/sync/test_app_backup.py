"""The draft backup through the real app window and the real backend (pytest-qt).

Laptop A backs up two drafts and is lost. On laptop B, enrolled for the same person, the
first pass offers "Entwürfe wiederherstellen"; a wrong passphrase is refused with a
German message and changes nothing; the right one brings the drafts back, and the
drafts list says for each that it is backed up ("gesichert HH:MM"). A draft changed on B
is then waiting in the status bar until the next pass sends it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from koffer.drafting import backups as backups_module
from koffer.drafting.backups import attach
from koffer.townhall.backup import BackupOutbox
from koffer.townhall.store_port import KofferSyncStore
from koffer.ui import worker
from koffer.ui.connection import ConnectionState
from koffer.ui.restore_dialog import RestoreDialog
from sync import backup_crypto
from sync.client.api import TownHallApi
from sync.client.enrollment import enroll, parse_invitation
from sync.client.runner import SyncOptions, sync_once
from sync.protocol import EnrollmentInvite
from sync.server.db import default_database_url
from tests.helpers.fixtures import sync_worker
from tests.helpers.server import Seed, ServerProcess

from .conftest import FORM_ID, PASSPHRASE, make_laptop, new_app, publish_form

__all__ = ["sync_worker"]  # the fixture
pytestmark = [pytest.mark.integration, pytest.mark.gui]

B_PASSPHRASE = "Neuer-Laptop-2026"


@pytest.fixture(autouse=True)
def _jobs_run_at_once(sync_worker: worker.SyncRunner) -> worker.SyncRunner:
    return sync_worker


@pytest.fixture(autouse=True)
def _cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app's Argon2id would take seconds per unlock here; the test's is the cheapest."""
    monkeypatch.setattr(backups_module, "KDF", backup_crypto.TEST_BACKUP_KDF)


@pytest.fixture
def backend(tmp_path: Path) -> Iterator[tuple[Seed, ServerProcess]]:
    data = tmp_path / "server"
    data.mkdir()
    url = default_database_url(data)
    seed = Seed(url).prepare()
    publish_form(seed)
    with ServerProcess(data, url) as process:
        yield seed, process


def _invite(seed: Seed, server: ServerProcess, name: str) -> str:
    code = seed.code(name, staff="feld.p", staff_name="Petra Feld")
    return EnrollmentInvite(url=server.url, code=code, insecure_http=True).to_uri()


def test_a_new_laptop_offers_the_restore_and_lists_what_is_backed_up(
    qtbot, tmp_path: Path, backend: tuple[Seed, ServerProcess], monkeypatch: pytest.MonkeyPatch
) -> None:
    seed, server = backend
    # laptop A (the application layer without a window) backs up two drafts
    a = make_laptop(tmp_path / "a", _invite(seed, server, "Laptop A"))
    backups = attach(a.workspace, a.profile)
    with TownHallApi(server.url, a.store.get_token()) as api:
        sync_once(a.store, api, SyncOptions(fetch_visits=False))
    backups.use_kek(backup_crypto.derive_kek(PASSPHRASE, backup_crypto.TEST_BACKUP_KDF))
    for name in ("Erika Mustermann", "Max Muster"):
        draft = a.drafts.create_draft(FORM_ID, "1.0.0", name, form_title="Hilfeantrag")
        a.drafts.set_answer(draft.id, "name", name)
    with TownHallApi(server.url, a.store.get_token()) as api:
        report = sync_once(
            a.store, api, SyncOptions(fetch_visits=False), backup=backups.outbox(lambda f: f())
        )
    assert report.backup is not None
    assert report.backup.records_sent == 2
    a.profile.wipe()

    # laptop B: a new profile, enrolled for the same person
    monkeypatch.setenv("KOFFER_PROFILE_DIR", str(tmp_path / "b"))
    window, profile = new_app(qtbot, tmp_path / "b", B_PASSPHRASE)
    store = KofferSyncStore(profile, window.session.device, lambda: window.session.workspace)
    enroll(parse_invitation(_invite(seed, server, "Laptop B")), "Laptop B", store, store)
    controller = window.sync
    controller.online = True
    controller.started = True
    controller.sync_now()
    assert window.connection.state is ConnectionState.CONNECTED

    # the first pass found the person's backup: the restore is offered at once
    dialog = window.restore_dialog
    assert isinstance(dialog, RestoreDialog)
    assert dialog.isVisible()
    assert window.view.restore_action.isVisible()
    dialog.passphrase.setText("ganz falsch")
    dialog.start.click()
    assert "passt nicht" in dialog.status.text()
    assert window.session.drafts.list_drafts() == []

    dialog.passphrase.setText(PASSPHRASE)
    dialog.start.click()
    assert dialog.report is not None
    assert "Wiederhergestellt: 2 Entwürfe." in dialog.status.text()
    dialog.cancel.click()  # "Schließen"
    assert not window.view.restore_action.isVisible()
    table = window.drafts_screen.table
    assert window.content.currentWidget() is window.drafts_screen
    rows = {table.item(r, 0).text(): table.item(r, 5).text() for r in range(table.rowCount())}
    assert set(rows) == {"Erika Mustermann", "Max Muster"}
    assert all(text.startswith("gesichert ") for text in rows.values()), rows
    assert not table.isColumnHidden(5)

    # a change on B waits in the status bar until the next pass sends it
    workspace = window.session.workspace
    draft_id = next(d.id for d in workspace.list_drafts() if d.citizen_name == "Max Muster")
    workspace.drafts.set_answer(draft_id, "name", "Max Muster-Neu")
    workspace.backups.prepare_now()
    window._backup_changed(workspace.device.backup.waiting_count())  # as after a pass
    assert window.backup_label.isVisible()
    assert "ein Entwurf wartet" in window.backup_label.text()
    controller.sync_now()
    assert not window.backup_label.isVisible()
    window.show_drafts()
    rows = {table.item(r, 0).text(): table.item(r, 5).text() for r in range(table.rowCount())}
    assert rows["Max Muster"].startswith("gesichert ")
    with TownHallApi(server.url, store.get_token()) as api:
        stats = sync_once(
            store,
            api,
            SyncOptions(fetch_visits=False),
            backup=BackupOutbox(window.session.device),
        ).backup
    assert stats is not None
    assert stats.records_sent == 0  # nothing left waiting
    window.close()
