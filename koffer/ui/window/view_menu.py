"""The "Einstellungen" menu and what it sets: text size, contrast, idle lock, language.

The values are settings of the registry (`koffer.settings`); this module keeps
their in-memory copy on screen and asks for each change to be written back (on the
store lane). The menu also carries the rare actions that have no button of their own
(restoring drafts from the backup, "Über Koffer" as its last entry); it only forwards
them as signals. What concerns applications (a new form version, refused ones) is on the
applications screen; connecting to the town hall is beside the connection state in the
status bar, the print queue's button there appears while jobs wait: where a worker looks
for them (issue 12).
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QFont
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from koffer.drafting import wording
from koffer.settings import IDLE_LOCK_MINUTES, TEXT_SCALE, THEME, Setting, Values
from koffer.ui import theme

T = TypeVar("T")

#: The idle-lock choices offered (the registry accepts exactly these).
LOCK_MINUTES = (2, 5, 10, 15, 30)


class ViewMenu(QObject):
    """The menu behind "Einstellungen" and the settings it changes.

    Named "Einstellungen", not "Ansicht": besides the view it sets the idle lock and the
    language (issue 12: a worker did not look for those under a view).
    """

    #: a setting changed in memory; write it back
    changed = Signal(object)  # Setting
    #: the view (scale, theme) was applied; the window may need a new layout
    applied = Signal()
    idle_minutes_changed = Signal(int)
    visits_requested = Signal()
    restore_requested = Signal()
    language_chosen = Signal(str)
    about_requested = Signal()

    def __init__(self, settings: Values, parent: QWidget) -> None:
        super().__init__(parent)
        self.settings = settings
        self.menu = QMenu(parent)
        self._build()

    def _build(self) -> None:
        menu = self.menu
        bigger = QAction(self.tr("Schrift größer (Strg++)"), menu)
        bigger.triggered.connect(lambda: self.change_scale(1))
        smaller = QAction(self.tr("Schrift kleiner (Strg+-)"), menu)
        smaller.triggered.connect(lambda: self.change_scale(-1))
        normal = QAction(self.tr("Normale Schriftgröße (Strg+0)"), menu)
        normal.triggered.connect(lambda: self.set_scale(100))
        self.contrast_action = QAction(self.tr("Hoher Kontrast"), menu)
        self.contrast_action.setCheckable(True)
        self.contrast_action.toggled.connect(self.set_high_contrast)
        # Stands in for the "Termine" button when large text leaves no room for it in the bar.
        self.visits_action = QAction(self.tr("Termine …"), menu)
        self.visits_action.triggered.connect(self.visits_requested.emit)
        self.visits_action.setVisible(False)
        menu.addAction(self.visits_action)
        menu.addActions([bigger, smaller, normal])
        menu.addSeparator()
        menu.addAction(self.contrast_action)
        menu.addSeparator()
        lock_menu = menu.addMenu(self.tr("Automatisch sperren nach"))
        self.lock_actions = QActionGroup(lock_menu)
        for minutes in LOCK_MINUTES:
            action = QAction(self.tr("{n} Minuten").format(n=minutes), lock_menu)
            action.setCheckable(True)
            action.setData(minutes)
            action.triggered.connect(lambda _c=False, m=minutes: self.set_idle_minutes(m))
            self.lock_actions.addAction(action)
            lock_menu.addAction(action)
        menu.addSeparator()
        # Offered where the town hall holds a backup of this person that is not here yet.
        self.restore_action = QAction(
            QApplication.translate(wording.CONTEXT, wording.RESTORE_ACTION), menu
        )
        self.restore_action.triggered.connect(self.restore_requested.emit)
        self.restore_action.setVisible(False)
        menu.addAction(self.restore_action)
        menu.addSeparator()
        language = menu.addMenu(self.tr("Sprache der Oberfläche"))
        for code, name in (("de", "Deutsch"), ("en", "English")):
            action = QAction(name, language)
            action.triggered.connect(lambda _c=False, c=code: self.language_chosen.emit(c))
            language.addAction(action)
        menu.addSeparator()
        self.about_action = QAction(self.tr("&Über Koffer …"), menu)
        self.about_action.triggered.connect(self.about_requested.emit)
        menu.addAction(self.about_action)

    # ------------------------------------------------------------------ changes
    def _set(self, setting: Setting[T], value: T) -> None:
        self.settings[setting] = value
        self.apply()
        self.changed.emit(setting)

    def set_scale(self, percent: int) -> None:
        """Text size in percent (100–200)."""
        self._set(TEXT_SCALE, theme.clamp_scale(percent))

    def change_scale(self, steps: int) -> None:
        """Ctrl+plus / Ctrl+minus."""
        self.set_scale(self.settings[TEXT_SCALE] + steps * theme.SCALE_STEP)

    def set_high_contrast(self, on: bool) -> None:
        """Switch the high-contrast theme."""
        self._set(THEME, "high_contrast" if on else "default")

    def set_idle_minutes(self, minutes: int) -> None:
        """Lock after `minutes` without input."""
        self._set(IDLE_LOCK_MINUTES, minutes)
        self.idle_minutes_changed.emit(minutes)

    # ------------------------------------------------------------------ applying
    def apply(self) -> str:
        """Apply theme and text scale to the whole application; returns the scale label."""
        scale = theme.clamp_scale(self.settings[TEXT_SCALE])
        app = QApplication.instance()
        if isinstance(app, QApplication):
            font = QFont(app.font())
            font.setPointSize(theme.point_size(scale))
            if app.font().pointSize() != font.pointSize():
                app.setFont(font)
            sheet = theme.stylesheet(self.settings[THEME], scale)
            if app.styleSheet() != sheet:  # re-polishing every widget is costly: only on change
                app.setStyleSheet(sheet)
        self.contrast_action.blockSignals(True)
        self.contrast_action.setChecked(self.settings[THEME] == "high_contrast")
        self.contrast_action.blockSignals(False)
        for action in self.lock_actions.actions():
            action.setChecked(action.data() == self.settings[IDLE_LOCK_MINUTES])
        QTimer.singleShot(0, self, self.applied.emit)  # once the new sizes are polished
        return self.tr("Schrift {p} %").format(p=scale)
