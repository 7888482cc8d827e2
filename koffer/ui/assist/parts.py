"""Pieces both ends' session screens share: the verification code, comments, voice."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from koffer.ui.widgets import button, heading, paragraph, primary_button


class VerificationBox(QWidget):
    """The six-digit code to compare on the phone, with "matches" / "does not match"."""

    confirmed = Signal()
    rejected = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading(self.tr("Prüfnummer vergleichen"), self, level=2))
        self.explain = paragraph(
            self.tr(
                "Lesen Sie sich die Prüfnummer gegenseitig am Telefon vor. Nur wenn beide "
                "gleich sind, ist die Verbindung sicher."
            ),
            self,
        )
        layout.addWidget(self.explain)
        self.code = QLabel(self)
        self.code.setProperty("role", "h1")
        self.code.setAccessibleName(self.tr("Prüfnummer"))
        layout.addWidget(self.code)
        row = QHBoxLayout()
        self.match = primary_button(self.tr("Stimmt überein"), self)
        self.mismatch = button(self.tr("Stimmt nicht"), self)
        row.addWidget(self.match)
        row.addWidget(self.mismatch)
        row.addStretch(1)
        layout.addLayout(row)
        self.match.clicked.connect(self.confirmed)
        self.mismatch.clicked.connect(self.rejected)

    def show_code(self, code: str | None) -> None:
        """Show the code (None: hide the box)."""
        self.setVisible(code is not None)
        if code:
            self.code.setText(code)
            self.code.setAccessibleDescription(" ".join(code.replace(" ", "")))


class CommentsBox(QWidget):
    """The side panel's comments and a line to write one."""

    send = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading(self.tr("Kommentare"), self, level=2))
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Kommentare"))
        self.list.setWordWrap(True)
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.input = QLineEdit(self)
        self.input.setAccessibleName(self.tr("Neuer Kommentar"))
        self.input.setPlaceholderText(self.tr("Kommentar schreiben …"))
        self.input.setMaxLength(2000)
        self.send_button = button(self.tr("Senden"), self)
        row.addWidget(self.input, 1)
        row.addWidget(self.send_button)
        layout.addLayout(row)
        self.send_button.clicked.connect(self._send)
        self.input.returnPressed.connect(self._send)

    def _send(self) -> None:
        text = self.input.text().strip()
        if text:
            self.input.clear()
            self.send.emit(text)

    def show_comments(self, lines: Sequence[str]) -> None:
        """Replace the list with `lines` (oldest first)."""
        if [self.list.item(i).text() for i in range(self.list.count())] == list(lines):
            return
        self.list.clear()
        self.list.addItems(list(lines))
        self.list.scrollToBottom()


class VoiceBox(QWidget):
    """How the two talk: the phone, or the town's conferencing room if the admin set one."""

    def __init__(
        self,
        conference_url: str | None,
        parent: QWidget | None = None,
        opener: Callable[[QUrl], Any] = QDesktopServices.openUrl,
    ) -> None:
        super().__init__(parent)
        self._url = conference_url
        self._opener = opener
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(
            paragraph(
                self.tr("Sprechen Sie am Telefon miteinander.")
                if not conference_url
                else self.tr(
                    "Sprechen Sie am Telefon miteinander oder im Videoraum des Rathauses."
                ),
                self,
            )
        )
        self.open_room = button(self.tr("Videoraum öffnen"), self)
        self.open_room.setVisible(bool(conference_url))
        self.open_room.setToolTip(conference_url or "")
        self.open_room.clicked.connect(self._open)
        layout.addWidget(self.open_room)

    def _open(self) -> None:
        if self._url:
            self._opener(QUrl(self._url))
