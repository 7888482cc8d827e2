""" "Entwürfe wiederherstellen": the passphrase of the person's backup, then the restore.

The dialog collects the passphrase and shows progress and the outcome; the application
layer (`koffer.drafting.backups.Backups.restore`) does the work on the store lane, with
the downloads on a network thread of its own. A wrong passphrase changes nothing and can
simply be typed again.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from koffer.drafting import wording
from koffer.ui.widgets import button, paragraph, primary_button
from koffer.ui.worker import run_in_background


def words(text: str, **values: object) -> str:
    """A text of `koffer.drafting.wording`, translated, with `values` put in."""
    return QApplication.translate(wording.CONTEXT, text).format(**values)


class RestoreDialog(QDialog):
    """Asks for the passphrase and restores; accepts when the drafts are here."""

    #: (n, m): the n-th of m drafts is being restored (emitted from the store lane)
    progress = Signal(int, int)

    def __init__(
        self, session: Any, store: Any, parent: QWidget | None = None, *, transport: Any = None
    ) -> None:
        """Args:
        session: the UI session (profile, unlocked workspace).
        store: `koffer.townhall.store_port.KofferSyncStore` (server URL, token).
        transport: httpx transport for tests.
        """
        super().__init__(parent)
        self.session = session
        self.store = store
        self.transport = transport
        self.report: Any = None
        self.setWindowTitle(words(wording.RESTORE_TITLE))
        self.setModal(True)
        layout = QVBoxLayout(self)
        layout.addWidget(paragraph(words(wording.RESTORE_OFFER), self))
        prompt = QLabel(words(wording.RESTORE_PROMPT), self)
        prompt.setWordWrap(True)
        layout.addWidget(prompt)
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("Kennwort der Sicherung"))
        prompt.setBuddy(self.passphrase)
        layout.addWidget(self.passphrase)
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        self.status.hide()
        layout.addWidget(self.status)
        actions = QHBoxLayout()
        self.cancel = button(self.tr("Später"), self)
        self.start = primary_button(self.tr("Wiederherstellen"), self)
        actions.addStretch(1)
        actions.addWidget(self.cancel)
        actions.addWidget(self.start)
        layout.addLayout(actions)
        self.cancel.clicked.connect(self.reject)
        self.start.clicked.connect(self.submit)
        self.passphrase.returnPressed.connect(self.submit)
        self.progress.connect(self._progress)
        self.passphrase.setFocus()

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setProperty("role", "error" if error else "")
        self.status.setText(text)
        self.status.setAccessibleName(text)
        self.status.show()

    def _busy(self, busy: bool) -> None:
        for widget in (self.start, self.passphrase, self.cancel):
            widget.setEnabled(not busy)

    def _progress(self, done: int, total: int) -> None:
        self._say(words(wording.RESTORE_RUNNING, n=done, m=total))

    def submit(self) -> None:
        """Restore in the background (store lane) with the passphrase typed."""
        passphrase = self.passphrase.text()
        workspace = self.session.workspace
        if not passphrase or workspace is None or workspace.backups is None:
            return
        backups, profile, store, transport = (
            workspace.backups,
            self.session.profile,
            self.store,
            self.transport,
        )
        self._busy(True)
        self._say(words(wording.RESTORE_RUNNING, n=0, m="…"))

        def own(candidate: str) -> bool:
            return profile.keyring().drafts_material().derive(candidate) is not None

        def job() -> Any:
            from sync.client.backup import BackupApi
            from sync.client.enrollment import api_for

            api = api_for(store, store, transport=transport)
            if api is None:
                raise RuntimeError("not enrolled")
            with api:
                return backups.restore(BackupApi(api), passphrase, own, self.progress.emit)

        run_in_background(job, self._done, self._failed)

    def _done(self, report: Any) -> None:
        from koffer.drafting.backups import report_words

        self.report = report
        self._busy(False)
        self.passphrase.clear()
        self._say("\n".join(words(text, **values) for text, values in report_words(report)))
        self.start.hide()
        self.cancel.setText(self.tr("Schließen"))
        self.cancel.clicked.disconnect()
        self.cancel.clicked.connect(self.accept)

    def _failed(self, exc: BaseException) -> None:
        from koffer.drafting.backups import refusal_words
        from koffer.townhall.restore import RestoreRefused

        self._busy(False)
        if isinstance(exc, RestoreRefused):
            self._say(words(refusal_words(exc)), error=True)
        else:
            self._say(
                str(getattr(exc, "user_message", "") or self.tr("Das hat nicht geklappt.")),
                error=True,
            )
        self.passphrase.selectAll()
        self.passphrase.setFocus()
