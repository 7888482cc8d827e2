"""Status bar → "Verbinden …" (Mit dem Rathaus verbinden): paste the invitation or its QR code.

The dialog only collects the invitation and a device name; `sync.client.enrollment`
does the work (pinned CA, one-time code, token into the keyring) in the background.
Problems are shown in German right in the dialog, next to what caused them.
"""

from __future__ import annotations

import platform
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from koffer.ui.widgets import Dialog, button, paragraph, primary_button
from koffer.ui.worker import Lane, run_in_background


class EnrollmentDialog(Dialog):
    """Collects the invitation; accepts once the town hall confirmed the device."""

    def __init__(self, store: Any, parent: QWidget | None = None, *, transport: Any = None) -> None:
        """Args:
        store: `koffer.townhall.store_port.KofferSyncStore` (settings and keyring token).
        transport: httpx transport for tests.
        """
        super().__init__(parent)
        self.store = store
        self.transport = transport
        self.result_info: Any = None
        self.setWindowTitle(self.tr("Mit dem Rathaus verbinden"))
        self.setModal(True)
        layout = QVBoxLayout(self)
        layout.addWidget(
            paragraph(
                self.tr(
                    "Fügen Sie den Text der Einladung aus dem Rathaus ein (er beginnt mit "
                    "„koffer-enroll:“) oder öffnen Sie das Bild mit dem QR-Code."
                ),
                self,
            )
        )
        form = QFormLayout()
        self.invitation = QPlainTextEdit(self)
        self.invitation.setAccessibleName(self.tr("Einladung"))
        self.invitation.setTabChangesFocus(True)
        self.invitation.setMinimumHeight(90)
        form.addRow(self.tr("Einladung"), self.invitation)
        self.device_name = QLineEdit(platform.node() or "Koffer-Laptop", self)
        self.device_name.setAccessibleName(self.tr("Name dieses Geräts"))
        form.addRow(self.tr("Name dieses Geräts"), self.device_name)
        layout.addLayout(form)
        self.error = QLabel("", self)
        self.error.setWordWrap(True)
        self.error.setProperty("role", "error")
        self.error.hide()
        layout.addWidget(self.error)
        actions = QHBoxLayout()
        self.open_qr = button(self.tr("QR-Code-Bild öffnen …"), self)
        self.cancel = button(self.tr("Abbrechen"), self)
        self.connect_button = primary_button(self.tr("Verbinden"), self)
        actions.addWidget(self.open_qr)
        actions.addStretch(1)
        actions.addWidget(self.cancel)
        actions.addWidget(self.connect_button)
        layout.addLayout(actions)
        self.open_qr.clicked.connect(self._choose_qr)
        self.cancel.clicked.connect(self.reject)
        self.connect_button.clicked.connect(self.submit)
        self.invitation.setFocus()

    def show_error(self, text: str) -> None:
        """Show a German problem text and give the controls back."""
        self.error.setText(text)
        self.error.setAccessibleName(text)
        self.error.show()
        self._busy(False)

    def _busy(self, busy: bool) -> None:
        for widget in (self.connect_button, self.open_qr, self.invitation, self.device_name):
            widget.setEnabled(not busy)
        self.connect_button.setText(self.tr("Verbinde …") if busy else self.tr("Verbinden"))

    def _choose_qr(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("QR-Code-Bild öffnen"), "", self.tr("Bilder (*.png *.jpg *.jpeg)")
        )
        if path:
            self.read_qr(Path(path))

    def read_qr(self, path: Path) -> None:
        """Read the invitation from an image into the text field."""
        from sync.client.enrollment import read_qr_image
        from sync.client.errors import EnrollmentFailed

        try:
            invite = read_qr_image(path)
        except EnrollmentFailed as exc:
            self.show_error(exc.user_message)
            return
        self.invitation.setPlainText(invite.to_uri())
        self.error.hide()

    def submit(self) -> None:
        """Parse the invitation and enroll in the background."""
        from sync.client.enrollment import enroll, parse_invitation
        from sync.client.errors import EnrollmentFailed

        try:
            invite = parse_invitation(self.invitation.toPlainText())
        except EnrollmentFailed as exc:
            self.show_error(exc.user_message)
            self.invitation.setFocus()
            return
        name = self.device_name.text().strip()
        if not name:
            self.show_error(self.tr("Bitte einen Namen für dieses Gerät eingeben."))
            self.device_name.setFocus()
            return
        self._busy(True)
        store, transport = self.store, self.transport

        def job() -> Any:
            return enroll(invite, name, store, store, transport=transport)

        def done(info: Any) -> None:
            self.result_info = info
            self.accept()

        def failed(exc: BaseException) -> None:
            message = getattr(exc, "user_message", None)
            self.show_error(
                str(message)
                if message
                else self.tr("Die Verbindung konnte nicht eingerichtet werden.")
            )

        run_in_background(job, done, failed, Lane.CPU)
