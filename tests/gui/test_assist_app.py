"""Kollegin zuschalten, end to end: two real Koffer instances through the real server.

The field worker's Koffer (the whole main window, a real SQLCipher profile, enrolled
with the town hall) and the expert's Koffer (the expert window with an access enrolled
from an invitation) talk through the real `koffer-server` relay on loopback: start with
the citizen's consent, join with the code, compare the verification code, see the
draft live, point, propose, accept, reject, comment, end. The accepted value is in the
draft, saved, undoable, and in the audit log with the expert's name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from koffer.store.keys import Keyring
from koffer.townhall.store_port import KofferSyncStore
from koffer.ui.assist.expert_window import ExpertWindow
from koffer.ui.assist.start_dialog import StartDialog
from koffer.ui.enrollment_dialog import EnrollmentDialog
from sync.protocol import EnrollmentInvite
from sync.server import assist
from sync.server.db import Database, default_database_url
from sync.server.settings import ServerSettings
from tests.gui.conftest import create_profile
from tests.gui.test_form import open_wohngeld, type_into
from tests.helpers.keyring_backends import MemoryKeyring
from tests.helpers.server import Seed, ThreadedServer

pytestmark = [pytest.mark.gui, pytest.mark.integration]
#: How long a step of the session may take: conditions are awaited, so a quiet machine
#: goes on at once; the whole suite on two busy cores needed more than 5 s at times.
WAIT_MS = 30_000

CONFERENCE = "https://jitsi.rathaus.example/sozialamt"


@pytest.fixture
def town_hall(tmp_path: Path) -> Iterator[tuple[ThreadedServer, Seed]]:
    data = tmp_path / "server"
    seed = Seed(default_database_url(data)).prepare()
    settings = ServerSettings(
        data_dir=data,
        assist_conference_url=CONFERENCE,
        assist_check_interval=dt.timedelta(milliseconds=300),
    )
    with ThreadedServer(settings) as server:
        yield server, seed


@pytest.fixture
def consent_given(monkeypatch: pytest.MonkeyPatch) -> list[StartDialog]:
    """The worker asks the citizen, ticks "einverstanden" and starts (no modal loop)."""
    shown: list[StartDialog] = []

    def exec_(dialog: StartDialog) -> int:
        shown.append(dialog)
        dialog.start.click()  # refused: consent not ticked yet
        assert dialog.problem.isVisibleTo(dialog)
        dialog.consent.setChecked(True)
        dialog.start.click()
        return int(dialog.result())

    monkeypatch.setattr(StartDialog, "exec", exec_)
    return shown


def _worker(make_window, server: ThreadedServer, seed: Seed):
    window = make_window()
    create_profile(window)
    store = KofferSyncStore(
        window.session.profile, window.session.device, lambda: window.session.workspace
    )
    dialog = EnrollmentDialog(store, window)
    invite = EnrollmentInvite(url=server.url, code=seed.code(), insecure_http=True)
    dialog.invitation.setPlainText(invite.to_uri())
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.error.text()
    return window


def _expert(qtbot, tmp_path: Path, server: ThreadedServer, seed: Seed) -> ExpertWindow:
    db = Database.connect(seed.database_url, pool_size=1)
    with db.write.begin() as session:
        code = assist.create_expert_invite(session, "Frau Becker")
    db.dispose()
    window = ExpertWindow(folder=tmp_path / "expert", keyring=Keyring("expert", MemoryKeyring()))
    qtbot.addWidget(window)
    window.show()
    invite = EnrollmentInvite(url=server.url, code=code, insecure_http=True, role="expert")
    window.invitation.setPlainText(invite.to_uri())
    window.setup_button.click()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.join_page, timeout=WAIT_MS)
    return window


def _join_and_verify(qtbot, laptop, expert: ExpertWindow):
    """Read the code out, join, compare the verification code on both screens."""
    panel = laptop.assist.panel
    assert panel is not None
    assert panel.join_code.isVisibleTo(panel)
    expert.code.setText(panel.join_code.text())
    expert.join_button.click()
    qtbot.waitUntil(lambda: expert.verification.isVisibleTo(expert), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: panel.verification.isVisibleTo(panel), timeout=WAIT_MS)
    assert panel.verification.code.text() == expert.verification.code.text()
    panel.verification.match.click()
    expert.verification.match.click()
    return panel


def test_a_worker_and_an_expert_fill_a_wohngeld_application_together(
    qtbot, tmp_path, make_window, town_hall, consent_given
):
    server, seed = town_hall
    laptop = _worker(make_window, server, seed)
    expert = _expert(qtbot, tmp_path, server, seed)
    form = open_wohngeld(laptop)
    form.go_to("antragsteller")
    type_into(form, "familienname", "Mustermann")

    # What the laptop told the worker (a session that ends says why): reported if the
    # session ends before the test does, instead of a deleted widget further on.
    alerts: list[str] = []
    laptop.show_alert = lambda message, error=False: alerts.append(message)
    form.assist_button.click()
    assert consent_given
    _join_and_verify(qtbot, laptop, expert)
    panel = laptop.assist.panel
    qtbot.waitUntil(lambda: "familienname" in expert.draft_view.rows, timeout=WAIT_MS)
    remote = expert.draft_view.rows
    qtbot.waitUntil(
        lambda: remote["familienname"].row.editor.value() == "Mustermann", timeout=WAIT_MS
    )
    assert laptop.assist.panel is panel, f"the session ended: {alerts}"
    assert "Frau Becker" in panel.status.text()
    assert expert.findChildren(type(expert.voice_holder.itemAt(0).widget()))
    assert expert.voice_holder.itemAt(0).widget().open_room.toolTip() == CONFERENCE

    # the worker types; the expert sees it live
    type_into(form, "geburtsname", "Schulz")
    qtbot.waitUntil(lambda: remote["geburtsname"].row.editor.value() == "Schulz", timeout=WAIT_MS)

    # the expert points: the worker's screen goes there and marks the field
    form.go_to("wohnung")
    point = remote["geburtsdatum"].point
    assert point is not None
    point.click()
    qtbot.waitUntil(lambda: form.rows["geburtsdatum"].property("pointed") is True, timeout=WAIT_MS)
    assert form.current_section() == "antragsteller"
    assert "Geburtsdatum" in panel.pointed.text()

    # two proposals: one accepted, one rejected
    assert form.editor.answers["vorname"] == "Erika"  # from "Neuer Antrag"
    accepted = expert.propose_value("vorname", "Erika Maria", "laut Personalausweis")
    rejected = expert.propose_value("familienname", "Musterfrau", "Tippfehler?")
    qtbot.waitUntil(lambda: len(panel._cards) == 2, timeout=WAIT_MS)
    panel._cards[accepted].accept.click()
    panel._cards[rejected].reject.click()
    assert form.editor.answers["vorname"] == "Erika Maria"
    assert form.rows["vorname"].editor.value() == "Erika Maria"
    assert form.editor.answers["familienname"] == "Mustermann"

    # the expert's list is rebuilt as the outcomes arrive: read what it holds each time
    def outcomes() -> list[str]:
        return [expert.proposals.item(i).text() for i in range(expert.proposals.count())]

    qtbot.waitUntil(
        lambda: (
            any("übernommen" in line for line in outcomes())
            and any("abgelehnt" in line for line in outcomes())
        ),
        timeout=WAIT_MS,
    )
    qtbot.waitUntil(lambda: remote["vorname"].row.editor.value() == "Erika Maria", timeout=WAIT_MS)

    # comments both ways
    expert.comments.input.setText("Bitte die Mietbescheinigung beilegen.")
    expert.comments.send_button.click()
    qtbot.waitUntil(lambda: panel.comments.list.count() == 1, timeout=WAIT_MS)
    panel.comments.input.setText("Mache ich.")
    panel.comments.send_button.click()
    qtbot.waitUntil(lambda: expert.comments.list.count() == 2, timeout=WAIT_MS)

    # end with one click: the expert's copy is gone
    panel.end.click()
    qtbot.waitUntil(lambda: expert.stack.currentWidget() is expert.join_page, timeout=WAIT_MS)
    assert laptop.assist.session is None
    assert expert.draft_view.rows == {}

    # the accepted value is saved with the expert's name in the audit log, and undoable
    form.saver.flush_now()
    draft_id = form.draft_id
    stored = laptop.session.drafts.get_draft(draft_id).answers
    assert stored["vorname"] == "Erika Maria"
    entries = laptop.session.device.audit_entries(draft_id)
    actions = [e.action for e in entries]
    for action in ("assist.consent", "assist.started", "assist.verified", "assist.proposed",
                   "assist.accepted", "assist.rejected", "assist.ended"):  # fmt: skip
        assert action in actions, actions
    accepted_entry = next(e for e in entries if e.action == "assist.accepted")
    assert accepted_entry.detail == "path=vorname by=expert:Frau Becker"
    assert "Maria" not in " ".join(e.detail for e in entries)
    form.undo()
    assert form.editor.answers.get("vorname") == "Erika"  # as it was before the proposal


def test_locking_the_laptop_ends_the_session(
    qtbot, tmp_path, make_window, town_hall, consent_given
):
    server, seed = town_hall
    laptop = _worker(make_window, server, seed)
    expert = _expert(qtbot, tmp_path, server, seed)
    form = open_wohngeld(laptop)
    form.assist_button.click()
    _join_and_verify(qtbot, laptop, expert)
    laptop.lock()
    assert laptop.assist.session is None
    qtbot.waitUntil(lambda: expert.stack.currentWidget() is expert.join_page, timeout=WAIT_MS)
    assert "beendet" in expert.join_problem.text()
