"""The offline print queue: what waits for the printer, retried or discarded by the user.

Shows neutral job titles (form, copy, reference) and never a citizen's name, so the list
can be opened with a citizen at the table. Every store and printer call runs on the
worker through the `PrintController`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMessageBox,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from koffer.ui.widgets import Dialog, button, heading, paragraph, primary_button, row_table

if TYPE_CHECKING:
    from printing.queue import QueuedPrint

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class PrintQueueView(Dialog):
    """See the waiting print jobs; retry them now or discard one.

    The dialog does no work itself: it emits what the user asked for and the
    controller answers with `set_items` / `set_message`.
    """

    refresh_requested = Signal()
    retry_requested = Signal()
    requeue_requested = Signal(str)  # item id
    discard_requested = Signal(str)  # item id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Druckwarteschlange"))
        self.resize(860, 480)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(heading(self.tr("Druckwarteschlange"), self, level=2))
        layout.addWidget(
            paragraph(
                self.tr(
                    "Hier steht jeder Ausdruck, der noch nicht fertig ist. Koffer druckt ihn, "
                    "sobald der Drucker bereit ist. Die Dokumente sind verschlüsselt "
                    "gespeichert."
                ),
                self,
            )
        )
        self.table = row_table(
            [self.tr("Erstellt"), self.tr("Dokument"), self.tr("Drucker"), self.tr("Stand")],
            self.tr("Wartende Druckaufträge"),
            stretch={1, 3},
            parent=self,
        )
        layout.addWidget(self.table, 1)
        self.empty = paragraph(self.tr("Keine Aufträge in der Warteschlange."), self)
        self.empty.hide()
        layout.addWidget(self.empty)
        self.message = paragraph("", self)  # normal size: it says what just happened
        self.message.setAccessibleName(self.tr("Meldung der Druckwarteschlange"))
        layout.addWidget(self.message)
        actions = QHBoxLayout()
        self.discard = button(self.tr("Verwerfen …"), self)
        self.discard.setAccessibleDescription(
            self.tr("Entfernt den gewählten Auftrag endgültig aus der Warteschlange.")
        )
        self.requeue = button(self.tr("Erneut drucken"), self)
        self.retry = primary_button(self.tr("Jetzt drucken"), self)
        self.retry.setAccessibleDescription(
            self.tr("Versucht jetzt, alle wartenden Aufträge zu drucken.")
        )
        self.close_button = button(self.tr("Schließen"), self)
        actions.addWidget(self.discard)
        actions.addWidget(self.requeue)
        actions.addStretch(1)
        actions.addWidget(self.close_button)
        actions.addWidget(self.retry)
        layout.addLayout(actions)
        self.confirm: Callable[[str], bool] = self._confirm
        self.close_button.clicked.connect(self.accept)
        self.retry.clicked.connect(self.retry_requested.emit)
        self.requeue.clicked.connect(self._requeue)
        self.discard.clicked.connect(self._discard)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self._items: dict[str, Any] = {}
        self._update_buttons()

    def set_items(self, items: list[QueuedPrint]) -> None:
        """Show the queue (oldest first)."""
        selected = self.selected_id()
        self._items = {item.id: item for item in items}
        self.table.setRowCount(0)
        for item in items:
            row = self.table.rowCount()
            self.table.insertRow(row)
            created = item.created_at.astimezone().strftime("%d.%m.%Y %H:%M")
            cells = [created, item.request.title, item.request.printer, item.state_text]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setData(ID_ROLE, item.id)
                self.table.setItem(row, column, cell)
            if item.id == selected:
                self.table.selectRow(row)
        if self.table.rowCount() and self.selected_id() is None:
            self.table.selectRow(0)
        self.empty.setVisible(not items)
        self.table.setVisible(bool(items))
        self.retry.setEnabled(bool(items))
        self._update_buttons()

    def set_message(self, text: str) -> None:
        """A line about the last action."""
        self.message.setText(text)

    def selected_id(self) -> str | None:
        """The selected job's id."""
        cells = self.table.selectedItems()
        return str(cells[0].data(ID_ROLE)) if cells else None

    def _update_buttons(self) -> None:
        item = self._items.get(self.selected_id() or "")
        self.discard.setEnabled(item is not None)
        state = str(getattr(getattr(item, "state", None), "value", ""))
        self.requeue.setEnabled(item is not None and state == "failed")

    def _requeue(self) -> None:
        item_id = self.selected_id()
        if item_id:
            self.requeue_requested.emit(item_id)

    def _discard(self) -> None:
        item_id = self.selected_id()
        if item_id and self.confirm(item_id):
            self.discard_requested.emit(item_id)

    def _confirm(self, item_id: str) -> bool:
        item = self._items.get(item_id)
        title = item.request.title if item is not None else ""
        answer = QMessageBox.question(
            self,
            self.tr("Auftrag verwerfen?"),
            self.tr(
                "Den Druckauftrag „{title}“ endgültig verwerfen? Er wird dann nicht gedruckt."
            ).format(title=title),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes
