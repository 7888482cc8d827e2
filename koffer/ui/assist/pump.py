"""Bring a session's network events onto the UI thread.

The relay link runs on its own threads and calls `wake` after each event; `SessionPump`
turns that into a queued Qt signal, and on the UI thread drains the session's queue
(`pump`) and hands the resulting events to the screen. So a session is only ever touched
from the UI thread, never inside a network callback.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, Qt, Signal, Slot


class Pumped(Protocol):
    """A session model (`OwnerSession`, `ExpertSession`)."""

    def pump(self) -> list[Any]:
        """Handle what arrived; the events for the screen."""


class SessionPump(QObject):
    """Wake-ups from the link's threads → `pump` on the UI thread → `on_events`."""

    woken = Signal()

    def __init__(
        self, on_events: Callable[[list[Any]], None], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._on_events = on_events
        self.session: Pumped | None = None
        self.woken.connect(self._pump, Qt.ConnectionType.QueuedConnection)

    def wake(self) -> None:
        """Called from any thread (the link's)."""
        self.woken.emit()

    @Slot()
    def _pump(self) -> None:
        if self.session is None:
            return
        events = self.session.pump()
        if events:
            self._on_events(events)

    def pump_now(self) -> None:
        """Drain at once (after an intent that may have produced events)."""
        self._pump()
