"""The expert's window against a real server: set up the access, join, verify, see the
draft live, point, propose, comment, and be dropped when the worker ends the session.

The laptop's end here is the Qt-free `OwnerSession` over a draft in memory; the
whole app on both sides is `test_assist_app.py`."""

from __future__ import annotations

import datetime as dt
import re
import threading

import pytest

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from koffer.assist.connect import open_as_owner
from koffer.assist.owner import OwnerSession
from koffer.store.keys import Keyring
from koffer.ui.assist.expert_window import ExpertWindow
from sync.assist.endpoint import Phase
from sync.server import assist
from sync.server.db import Database, default_database_url
from sync.server.settings import ServerSettings
from tests.helpers.assist import WOHNGELD, AssistWorld, DeviceAudit, MemoryDraft
from tests.helpers.keyring_backends import MemoryKeyring
from tests.helpers.server import Seed, ThreadedServer

pytestmark = [pytest.mark.gui, pytest.mark.integration]


@pytest.fixture
def town_hall(tmp_path):
    data = tmp_path / "data"
    seed = Seed(default_database_url(data)).prepare()
    settings = ServerSettings(
        data_dir=data,
        assist_conference_url="https://jitsi.rathaus.example/sozialamt",
        assist_check_interval=dt.timedelta(milliseconds=300),
    )
    with ThreadedServer(settings) as server:
        yield server, seed


def _invitation(server, seed) -> str:
    from sync.protocol import EnrollmentInvite

    db = Database.connect(seed.database_url, pool_size=1)
    with db.write.begin() as session:
        code = assist.create_expert_invite(session, "Frau Becker")
    db.dispose()
    return EnrollmentInvite(url=server.url, code=code, insecure_http=True, role="expert").to_uri()


def test_the_expert_window_through_a_whole_session(qtbot, tmp_path, town_hall):
    server, seed = town_hall
    world = AssistWorld.create(server.url, seed, expert_name="Herr Ohm")
    window = ExpertWindow(folder=tmp_path / "expert", keyring=Keyring("expert", MemoryKeyring()))
    qtbot.addWidget(window)
    window.show()
    assert window.stack.currentWidget() is window.setup_page
    window.invitation.setPlainText(f"Bitte einrichten:\n{_invitation(server, seed)}\n")
    window.setup_button.click()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.join_page)

    wake = threading.Event()
    draft = MemoryDraft(WOHNGELD.read_text(encoding="utf-8"))
    draft.set("familienname", "Mustermann")
    draft.set("iban", "DE89370400440532013000")
    endpoint, opened = open_as_owner(world.laptop(), world.device_id, wake=wake.set)
    audit = DeviceAudit()
    owner = OwnerSession(endpoint, draft, audit, join_code=opened.join_code)
    events: list[object] = []

    def pump_owner() -> bool:
        events.extend(owner.pump())
        return True

    try:
        window.code.setText("000-000-000")
        window.join_button.click()
        qtbot.waitUntil(window.join_problem.isVisible)
        assert "Zugangscode ist falsch" in window.join_problem.text()

        window.code.setText(opened.join_code.replace("-", " "))
        window.join_button.click()
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.session_page)
        qtbot.waitUntil(lambda: pump_owner() and owner.phase is Phase.VERIFY, timeout=10_000)
        qtbot.waitUntil(window.verification.isVisible, timeout=10_000)
        assert window.verification.code.text() == owner.verification_code
        owner.confirm_code()
        window.verification.match.click()
        qtbot.waitUntil(lambda: pump_owner() and "familienname" in window.draft_view.rows)
        row = window.draft_view.rows["familienname"]
        qtbot.waitUntil(lambda: row.row.editor.value() == "Mustermann", timeout=10_000)
        iban = window.draft_view.rows["iban"]
        assert not iban.row.editor.isVisibleTo(iban)
        assert "verdeckt" in iban.masked_note.text()
        assert window.findChildren(type(window.voice_holder.itemAt(0).widget()))[
            0
        ].open_room.isVisibleTo(window)

        # live typing
        draft.set("familienname", "Musterfrau")
        owner.draft_changed()
        qtbot.waitUntil(lambda: row.row.editor.value() == "Musterfrau", timeout=10_000)

        # point, propose, comment
        point = window.draft_view.rows["vorname"].point
        assert point is not None
        point.click()
        from koffer.assist.owner import Pointed

        qtbot.waitUntil(lambda: pump_owner() and any(isinstance(e, Pointed) for e in events))
        proposal = window.propose_value("vorname", "Erika", "laut Ausweis")
        qtbot.waitUntil(lambda: pump_owner() and len(owner.proposals) == 1)
        owner.accept(proposal)
        qtbot.waitUntil(
            lambda: (
                pump_owner()
                and window.proposals.count() == 1
                and "übernommen" in window.proposals.item(0).text()
            ),
            timeout=10_000,
        )
        window.comments.input.setText("Mietbescheinigung fehlt noch.")
        window.comments.send_button.click()
        qtbot.waitUntil(lambda: pump_owner() and len(owner.comments) == 1)
        assert owner.comments[0].text == "Mietbescheinigung fehlt noch."

        # the worker ends: the expert is back on the join page, nothing of the draft left
        owner.end()
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.join_page, timeout=10_000)
        assert window.session is None
        assert "beendet" in window.join_problem.text()
        assert window.draft_view.rows == {}
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        assert not window.findChildren(type(row.row.editor))  # no widget holds a value
    finally:
        endpoint.close()
        window.leave()
    assert re.search("assist.accepted", " ".join(audit.actions()))
