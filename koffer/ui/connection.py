"""The connection indicator in the status bar; the sync layer feeds it through `set_state`."""

from __future__ import annotations

import enum

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QLabel, QWidget


class ConnectionState(enum.Enum):
    """How far the laptop can reach the town hall."""

    NOT_CONFIGURED = "not_configured"
    OFFLINE = "offline"
    NETWORK_NO_TOWN_HALL = "network_no_town_hall"
    CONNECTED = "connected"


class ConnectionIndicator(QLabel):
    """Text (not colour alone) telling the connection state."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = ConnectionState.NOT_CONFIGURED
        self.set_state(ConnectionState.NOT_CONFIGURED)

    def _text(self, state: ConnectionState) -> str:
        return {
            ConnectionState.NOT_CONFIGURED: self.tr("Kein Rathaus eingerichtet"),
            ConnectionState.OFFLINE: self.tr("Offline – alles wird lokal gespeichert"),
            ConnectionState.NETWORK_NO_TOWN_HALL: self.tr("Netz da, Rathaus nicht erreichbar"),
            ConnectionState.CONNECTED: self.tr("Mit dem Rathaus verbunden"),
        }[state]

    @Slot(object)
    def set_state(self, state: ConnectionState) -> None:
        """Show `state` (slot for the sync layer)."""
        self.state = state
        text = self._text(state)
        self.setText("● " + text if state is ConnectionState.CONNECTED else "○ " + text)
        self.setAccessibleName(self.tr("Verbindung: {state}").format(state=text))
