"""Warn, then lock after a time without input: one application-wide event filter, two timers.

When it warns and when it locks is decided in `koffer.drafting.idle`; this module
only counts the time and tells the window.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from koffer.drafting.idle import idle_times

ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
        QEvent.Type.TabletMove,
    }
)


class IdleWatcher(QObject):
    """Emits `warning` ahead of the lock and `idle` when nobody touched keyboard, mouse,
    pen or screen for `minutes`; input after the warning emits `resumed`."""

    idle = Signal()
    warning = Signal(int)  # seconds left until the lock
    resumed = Signal()

    def __init__(self, minutes: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._warn = QTimer(self)
        self._warn.setSingleShot(True)
        self._warn.timeout.connect(self._on_warn)
        self._lock = QTimer(self)
        self._lock.setSingleShot(True)
        self._lock.timeout.connect(self._on_lock)
        self._minutes = minutes
        self._reviewing = False
        self.warned = False
        self._apply()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def _apply(self) -> None:
        times = idle_times(self._minutes, reviewing=self._reviewing)
        self._warn.setInterval(max(1, round(times.warn_after * 1000)))
        self._lock.setInterval(max(1, round((times.lock_after - times.warn_after) * 1000)))

    def set_minutes(self, minutes: float) -> None:
        """Change the idle time (settings)."""
        self._minutes = minutes
        self._apply()
        if self.active:
            self._restart()

    def set_reviewing(self, on: bool) -> None:
        """The citizen's review is shown (or no longer): it waits longer before locking."""
        self._reviewing = on
        self._apply()
        if self.active:
            self._restart()

    def start(self) -> None:
        """Start watching (after unlock)."""
        self._restart()

    def stop(self) -> None:
        """Stop watching (while locked)."""
        self._warn.stop()
        self._lock.stop()
        self.warned = False

    def keep_going(self) -> None:
        """The answer to the warning ("Weiterlesen"): count from now again."""
        if self.active:
            self._restart()

    @property
    def active(self) -> bool:
        """Whether the countdown runs."""
        return self._warn.isActive() or self._lock.isActive()

    def _restart(self) -> None:
        was_warned = self.warned
        self._lock.stop()
        self.warned = False
        self._warn.start()
        if was_warned:
            self.resumed.emit()

    def _on_warn(self) -> None:
        self.warned = True
        self._lock.start()
        self.warning.emit(max(1, round(self._lock.interval() / 1000)))

    def _on_lock(self) -> None:
        self.warned = False
        self.idle.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Any input restarts the countdown (and answers a warning)."""
        if event.type() in ACTIVITY and self.active:
            self._restart()
        return super().eventFilter(watched, event)
