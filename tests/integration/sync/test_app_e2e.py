"""End to end through the real app and the real backend (pytest-qt, offscreen).

The laptop was enrolled in the office and has the catalog with the office keys. In the
field (backend down) the worker fills Wohngeld, the citizen signs, "Abschließen" seals
it into the outbox. Back in reach (backend up), the status bar goes to connected, the
submission is delivered, the receipt reference appears on the draft, the draft is purged
after its retention, and `koffer-admin inbox export` with the office key gives back
exactly the answers that were typed.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from koffer.settings import RETENTION_DAYS
from koffer.store import DraftStatus
from koffer.townhall.store_port import KofferSyncStore
from koffer.ui import worker
from koffer.ui.connection import ConnectionState
from koffer.ui.enrollment_dialog import EnrollmentDialog
from sync import crypto
from sync.protocol import EnrollmentInvite
from sync.server import catalog
from sync.server.db import Database, default_database_url
from sync.server.inbox import export
from tests.helpers.fixtures import sync_worker
from tests.helpers.server import Seed, ServerProcess, free_port, office_key

from .conftest import new_app

__all__ = ["sync_worker"]  # the fixture
pytestmark = [pytest.mark.integration, pytest.mark.gui]

PASSPHRASE = "Sehr-geheim-2026"
WOHNGELD_OFFICE = "wohngeldstelle"


@pytest.fixture(autouse=True)
def _jobs_run_at_once(sync_worker: worker.SyncRunner) -> worker.SyncRunner:
    return sync_worker


@pytest.fixture
def backend(tmp_path: Path) -> Iterator[tuple[Seed, ServerProcess]]:
    from forms import catalog_dir

    data = tmp_path / "server"
    data.mkdir()
    url = default_database_url(data)
    seed = Seed(url).prepare()
    db = Database.connect(url, pool_size=1)
    try:
        with db.write.begin() as session:
            path = catalog_dir() / "wohngeld-mietzuschuss.yaml"
            catalog.add_template(session, path.read_bytes(), path.name)
            catalog.add_office(
                session, WOHNGELD_OFFICE, json.dumps(crypto.public_jwk(office_key()))
            )
            catalog.publish(session, seed.signing_key)
    finally:
        db.dispose()
    process = ServerProcess(data, url, port=free_port())
    yield seed, process
    process.stop()


def test_fill_sign_finish_offline_then_deliver(
    qtbot, tmp_path: Path, backend: tuple[Seed, ServerProcess], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.gui.test_form import open_wohngeld
    from tests.gui.test_review_and_attachments import draw_signature, fill_minimum

    seed, server = backend
    monkeypatch.setenv("KOFFER_PROFILE_DIR", str(tmp_path / "profile"))
    window, profile = new_app(qtbot, tmp_path / "profile", PASSPHRASE)
    window.ask_citizen_name = lambda: "Erika Mustermann"  # type: ignore[method-assign]
    window.confirm = lambda title, text: True  # type: ignore[method-assign]
    controller = window.sync
    controller.online = True  # the container's network state does not matter here
    RETENTION_DAYS.write(window.session.device, 1)

    # in the office: connect with the invitation, first pass brings catalog + office keys
    server.start()
    store = KofferSyncStore(profile, window.session.device, lambda: window.session.workspace)
    dialog = EnrollmentDialog(store, window)
    dialog.invitation.setPlainText(
        "Als Text: "
        + EnrollmentInvite(url=server.url, code=seed.code(), insecure_http=True).to_uri()
    )
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.error.text()
    controller.sync_now()
    assert window.connection.state is ConnectionState.CONNECTED
    assert store.office_keys().get(WOHNGELD_OFFICE)

    # in the field: no town hall
    server.kill()
    form = open_wohngeld(window)
    fill_minimum(form)
    form.review.click()
    draw_signature(window.review.pad)
    window.review.sign.click()
    draft_id = form.draft_id
    window.review.finish.click()
    drafts = window.session.drafts
    assert drafts.get_draft(draft_id).status == DraftStatus.SEALED
    assert window.session.device.outbox_count() == 1
    typed = drafts.get_draft(draft_id).answers
    controller.sync_now()
    assert window.connection.state is ConnectionState.NETWORK_NO_TOWN_HALL
    assert window.session.device.outbox_count() == 1

    # back in reach
    server.start()
    controller.sync_now()
    assert window.connection.state is ConnectionState.CONNECTED
    draft = drafts.get_draft(draft_id)
    assert draft.status == DraftStatus.RECEIVED
    assert draft.reference
    assert controller.detail.text() == f"Ein Antrag gesendet, Eingangsnummer {draft.reference}"
    assert draft.reference.startswith("SOZ-")
    window.show_drafts()
    table = window.drafts_screen.table
    statuses = [table.item(r, 4).text() for r in range(table.rowCount())]
    assert statuses == ["im Rathaus angekommen"]
    assert window.session.device.outbox_count() == 0

    # retention: one day after the receipt the draft is gone
    purged = drafts.purge_expired(dt.datetime.now(dt.UTC) + dt.timedelta(days=2))
    assert purged == [draft_id]

    # the office opens exactly what was typed (relevant answers only)
    db = Database.connect(seed.database_url, pool_size=1)
    try:
        with db.write.begin() as session:
            report = export(
                session,
                office_id=WOHNGELD_OFFICE,
                private_key=office_key(),
                out_dir=tmp_path / "export",
            )
    finally:
        db.dispose()
    assert len(report.written) == 1
    record = json.loads((report.written[0] / "submission.json").read_text())
    answers = record["content"]["answers"]
    for key in ("familienname", "vorname", "iban", "gesamtmiete", "strasse"):
        assert answers[key] == typed[key]
    assert record["reference"] == draft.reference
    window.close()


def test_visit_from_town_hall_prefills_form(
    qtbot, tmp_path: Path, backend: tuple[Seed, ServerProcess], monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QInputDialog

    from sync.client.enrollment import enroll, parse_invitation
    from sync.server import fleet

    seed, server = backend
    server.start()
    monkeypatch.setenv("KOFFER_PROFILE_DIR", str(tmp_path / "profile"))
    window, profile = new_app(qtbot, tmp_path / "profile", PASSPHRASE)
    store = KofferSyncStore(profile, window.session.device, lambda: window.session.workspace)
    invite = EnrollmentInvite(
        url=server.url, code=seed.code("Laptop Termine"), insecure_http=True
    ).to_uri()
    enroll(parse_invitation(invite), "Laptop Termine", store, store)
    starts = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).replace(microsecond=0)
    csv_text = (
        "device,starts_at,citizen_name,address,purpose,suggested_forms\n"
        f"Laptop Termine,{starts.isoformat()},Erika Anna Mustermann,"
        '"Lindenweg 4, 34117 Kassel",Erstantrag Wohngeld,wohngeld-mietzuschuss\n'
    )
    db = Database.connect(seed.database_url, pool_size=1)
    try:
        with db.write.begin() as session:
            assert fleet.import_visits(session, csv_text) == 1
    finally:
        db.dispose()
    controller = window.sync
    controller.online = True
    controller.started = True
    controller.sync_now()
    assert controller.last_report.visits == 1

    picked: list[list[str]] = []

    def choose(parent, title, label, items, current, editable):
        picked.append(list(items))
        return items[0], True

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(choose))
    window.nav_visits.click()
    dialog = window.visits_dialog
    assert dialog.list.count() == 1
    assert "Erika Anna Mustermann" in dialog.list.item(0).text()
    dialog.start.click()
    assert picked[0][0].startswith("Wohngeld")  # the suggested form comes first
    assert window.form is not None
    draft = window.session.drafts.get_draft(window.form.draft_id)
    assert draft.citizen_name == "Erika Anna Mustermann"
    assert draft.answers["vorname"] == "Erika Anna"
    assert draft.answers["familienname"] == "Mustermann"
    assert (draft.answers["strasse"], draft.answers["plz"], draft.answers["ort"]) == (
        "Lindenweg 4",
        "34117",
        "Kassel",
    )
    assert window.session.drafts.list_visits(include_done=False) == []
    window.close()


def test_offer_to_move_a_draft_to_the_new_form_version(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from .conftest import FORM_YAML

    monkeypatch.setenv("KOFFER_PROFILE_DIR", str(tmp_path / "profile"))
    window, _profile = new_app(qtbot, tmp_path / "profile", PASSPHRASE)
    asked: list[str] = []
    window.confirm = lambda title, text: asked.append(text) or True  # type: ignore[method-assign]
    device, drafts = window.session.device, window.session.drafts
    v2 = (
        FORM_YAML.replace("version: 1.0.0", "version: 2.0.0")
        .replace(
            "      - id: hat_nachweis\n        type: boolean\n        label: Nachweis vorhanden\n",
            "",
        )
        .replace('        relevant: "hat_nachweis == true"\n', "")
    )
    device.put_template("hilfeantrag", "1.0.0", FORM_YAML)
    device.put_template("hilfeantrag", "2.0.0", v2)
    window._load_catalog()
    old = drafts.create_draft("hilfeantrag", "1.0.0", "Erika Beispiel")
    drafts.set_answer(old.id, "name", "Erika Beispiel")
    drafts.set_answer(old.id, "hat_nachweis", True)
    window.show_drafts()
    window.drafts_screen.table.selectRow(0)
    window.drafts_screen.new_version.click()
    assert asked
    assert "Nicht übernommen" in asked[0]
    assert window.form is not None
    moved = drafts.get_draft(window.form.draft_id)
    assert moved.template_version == "2.0.0"
    assert moved.answers["name"] == "Erika Beispiel"
    assert "hat_nachweis" not in moved.answers
    window.close()
