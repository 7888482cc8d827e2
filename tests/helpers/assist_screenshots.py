"""Pictures of "Kollegin zuschalten" for the user guide (both ends, a local server).

`python -m tests.helpers.assist_screenshots [OUT_DIR]` (default docs/screenshots), best
under `xvfb-run`. A throwaway demo profile (enrolled with a throwaway town hall on
loopback) opens Erika Mustermann's Wohngeld draft, an expert access joins, both confirm,
the expert points and proposes; then the laptop's window and the expert's window are
saved. Nothing touches a real profile, keyring or server. It lives beside the tests
because it runs the server (the app itself never imports the server stack).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtTest import QTest

from koffer.demo import DEMO_PASSPHRASE, create_demo
from koffer.store import Profile, ProfilePaths
from koffer.store.keys import TEST_KDF, Keyring
from koffer.townhall.store_port import KofferSyncStore
from koffer.ui import worker
from koffer.ui.app import make_app
from koffer.ui.assist.expert_window import ExpertWindow
from koffer.ui.assist.start_dialog import StartDialog
from koffer.ui.enrollment_dialog import EnrollmentDialog
from koffer.ui.screenshots import _save, _ThrowawayKeyring
from koffer.ui.session import Session
from koffer.ui.window.shell import MainWindow
from sync.protocol import EnrollmentInvite
from sync.server import assist
from sync.server.db import Database, default_database_url
from sync.server.settings import ServerSettings
from tests.helpers.server import Seed, ThreadedServer


def _until(condition, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("screen did not get there")
        QTest.qWait(20)


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    make_app([])
    worker.set_runner(worker.SyncRunner())
    folder = Path(tempfile.mkdtemp(prefix="koffer-assist-screens-"))
    keyring = _ThrowawayKeyring()
    create_demo(folder / "profile", kdf=TEST_KDF, keyring_backend=keyring)
    data = folder / "server"
    seed = Seed(default_database_url(data)).prepare()
    settings = ServerSettings(
        data_dir=data, assist_conference_url="https://jitsi.rathaus.example/sozialamt"
    )
    with ThreadedServer(settings) as server:
        window = MainWindow(
            Session(Profile(ProfilePaths(folder / "profile"), keyring, kdf=TEST_KDF))
        )
        window.resize(1366, 860)
        window.show()
        window.start()
        window.unlock_screen.passphrase.setText(DEMO_PASSPHRASE)
        window.unlock_screen.unlock.click()
        store = KofferSyncStore(
            window.session.profile, window.session.device, lambda: window.session.workspace
        )
        dialog = EnrollmentDialog(store, window)
        invite = EnrollmentInvite(url=server.url, code=seed.code(), insecure_http=True)
        dialog.invitation.setPlainText(invite.to_uri())
        dialog.submit()
        db = Database.connect(seed.database_url, pool_size=1)
        with db.write.begin() as session:
            code = assist.create_expert_invite(session, "Frau Becker (Wohngeldstelle)")
        db.dispose()
        expert = ExpertWindow(
            folder=folder / "expert", keyring=Keyring("expert", _ThrowawayKeyring())
        )
        expert.resize(1280, 860)
        expert.show()
        expert_invite = EnrollmentInvite(
            url=server.url, code=code, insecure_http=True, role="expert"
        )
        expert.invitation.setPlainText(expert_invite.to_uri())
        _save(expert, out, "20-experte-einrichten.png")
        expert.setup_button.click()

        window.show_drafts()
        table = window.drafts_screen.table
        table.selectRow(
            next(
                r
                for r in range(table.rowCount())
                if (i := table.item(r, 0)) and i.text() == "Erika Mustermann"
            )
        )
        window.drafts_screen.open.click()
        form = window.form
        assert form is not None
        form.go_to("antragsteller")

        def consent(start_dialog: StartDialog) -> int:
            start_dialog.consent.setChecked(True)
            _save(start_dialog, out, "21-kollegin-zuschalten.png")
            start_dialog.start.click()
            return int(start_dialog.result())

        StartDialog.exec = consent  # type: ignore[method-assign]
        form.assist_button.click()
        panel = window.assist.panel
        _save(window, out, "22-zugangscode.png")
        expert.code.setText(panel.join_code.text())
        _save(expert, out, "23-experte-beitreten.png")
        expert.join_button.click()
        _until(lambda: panel.verification.isVisible() and expert.verification.isVisible())
        _save(window, out, "24-pruefnummer.png")
        panel.verification.match.click()
        expert.verification.match.click()
        _until(lambda: "geburtsname" in expert.draft_view.rows)
        expert.draft_view.rows["geburtsdatum"].point.click()  # type: ignore[union-attr]
        expert.propose_value("geburtsname", "Schulz", "laut Personalausweis")
        expert.comments.input.setText("Bitte die Mietbescheinigung beilegen.")
        expert.comments.send_button.click()
        _until(lambda: len(panel._cards) == 1 and panel.comments.list.count() == 1)
        _save(window, out, "25-vorschlag.png")
        _save(expert, out, "26-experte-sitzung.png")
        panel.end.click()
        window.close()
        expert.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
