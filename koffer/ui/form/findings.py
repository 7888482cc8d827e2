"""The open points of a form ("Noch offen"): a list beside the page, or a menu at large text.

Each entry names the field and its message; choosing one jumps to the field. At 200 %
text the whole message ran off the screen in a menu, so the menu lists the field names
and keeps the message as tooltip (the field shows it anyway once the person is there).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QMenu, QPushButton, QWidget

from koffer.ui.widgets import button, paragraph

#: Longest entry of the "Noch offen" menu, in average characters.
OPEN_POINT_CHARS = 44


class FindingsPanel(QObject):
    """The summary list (side panel) and the "Noch offen: n" button (compact bar)."""

    jump_requested = Signal(str)  # path

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.title = paragraph(self.tr("Noch offen"), parent, "help")
        self.summary = QListWidget(parent)
        self.summary.setAccessibleName(self.tr("Noch offene Angaben"))
        self.summary.setWordWrap(True)
        self.summary.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.open_points: QPushButton = button("", parent)
        self.open_points.setAccessibleDescription(
            self.tr("Zeigt die noch offenen Angaben; ein Eintrag springt zum Feld.")
        )
        self.menu = QMenu(self.open_points)
        self.menu.setToolTipsVisible(True)
        # Many open points at 200 %: scroll in one column instead of spreading over two.
        self.menu.setStyleSheet("QMenu { menu-scrollable: 1; }")
        self.open_points.setMenu(self.menu)
        self._shown: list[tuple[str, str, str]] | None = None
        # One click jumps to the field (as the user guide says), Enter does too.
        for signal in (self.summary.itemClicked, self.summary.itemActivated):
            signal.connect(
                lambda item: self.jump_requested.emit(str(item.data(Qt.ItemDataRole.UserRole)))
            )

    def show_points(self, points: list[tuple[str, str, str]]) -> None:
        """Show (label, whole text, path) of every open point, in form order."""
        if points != self._shown:
            self._shown = list(points)
            self.summary.clear()
            for _label, text, path in points:
                item = QListWidgetItem(text, self.summary)
                item.setData(Qt.ItemDataRole.UserRole, path)
            self._fill_menu(points)
        has = bool(points)
        self.summary.setVisible(has)
        self.title.setVisible(has)
        self.open_points.setVisible(has)
        self.open_points.setText(self.tr("Noch offen: {n}").format(n=len(points)))

    def _fill_menu(self, points: list[tuple[str, str, str]]) -> None:
        self.menu.clear()
        metrics = self.menu.fontMetrics()
        width = metrics.averageCharWidth() * OPEN_POINT_CHARS
        for label, text, path in points:
            short = metrics.elidedText(label, Qt.TextElideMode.ElideRight, width)
            action = self.menu.addAction(short)
            action.setToolTip(text)
            action.setStatusTip(text)
            action.triggered.connect(lambda _c=False, p=path: self.jump_requested.emit(p))
