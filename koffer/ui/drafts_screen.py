"""The list of applications in progress: who, which form, when, how complete, status."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QHeaderView,
    QLineEdit,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from koffer.drafting.wording import AWAITING_KEY_NOTE, BACKUP_COLUMN, CONTEXT, stage_label
from koffer.ui.widgets import button, heading, paragraph, primary_button, row_table
from koffer.ui.wrap_layout import WrapLayout

ID_ROLE = Qt.ItemDataRole.UserRole + 1


#: The column of the backup's line ("gesichert 14:32").
BACKUP_COLUMN_INDEX = 5


def status_text(status: str) -> str:
    """The stage in the list's words (`koffer.drafting.wording`), translated."""
    return QApplication.translate(CONTEXT, stage_label(status))


def backup_text(line: Any) -> str:
    """A draft's backup line (`koffer.drafting.backups.BackupLine`), translated."""
    if line is None:
        return ""
    return QApplication.translate(CONTEXT, line.text).format(time=line.time)


class DraftsScreen(QWidget):
    """Open or delete applications; search by citizen name or form."""

    open_requested = Signal(str)  # draft id
    delete_requested = Signal(str, str)  # draft id, citizen name
    print_requested = Signal(str)  # draft id
    search_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(14)
        layout.addWidget(heading(self.tr("Anträge in Arbeit"), self))
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Nach Name oder Formular suchen …"))
        self.search.setAccessibleName(self.tr("Anträge durchsuchen"))
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        self.table = row_table(
            [
                self.tr("Bürgerin / Bürger"),
                self.tr("Formular"),
                self.tr("Letzte Änderung"),
                self.tr("Vollständig"),
                self.tr("Stand"),
                QApplication.translate(CONTEXT, BACKUP_COLUMN),
            ],
            self.tr("Anträge"),
            stretch={0, 1},
            parent=self,
        )
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        self.empty = paragraph(self.tr("Noch keine Anträge. Beginnen Sie im Katalog."), self)
        self.empty.hide()
        layout.addWidget(self.empty)
        actions = WrapLayout()
        self.delete = button(self.tr("Löschen …"), self)
        self.reprint = button(self.tr("Drucken …"), self)
        self.reprint.setAccessibleDescription(
            self.tr(
                "Druckt den gewählten Antrag erneut: für die Bürgerin / den Bürger oder das Amt."
            )
        )
        self.open = primary_button(self.tr("Öffnen"), self)
        actions.add(self.delete)
        actions.add(self.reprint)
        actions.add_right(self.open)
        layout.addLayout(actions)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(lambda: self.search_changed.emit(self.search.text()))
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.table.itemActivated.connect(lambda _item: self._open())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.open.clicked.connect(self._open)
        self.delete.clicked.connect(self._delete)
        self.reprint.clicked.connect(self._reprint)
        self._update_buttons()

    def set_drafts(self, drafts: list[Any], backup: dict[str, Any] | None = None) -> None:
        """Show `drafts` (DraftSummary objects) and, per draft id, its backup's line
        (`koffer.drafting.backups.BackupLine`; the column is hidden without a backup)."""
        backup = backup or {}
        self.table.setColumnHidden(BACKUP_COLUMN_INDEX, not backup)
        selected = self.selected_id()
        self.table.setRowCount(0)
        for summary in drafts:
            row = self.table.rowCount()
            self.table.insertRow(row)
            updated = summary.updated_at.astimezone().strftime("%d.%m.%Y %H:%M")
            stale = self.tr(" – lange nicht bearbeitet") if summary.flagged_stale else ""
            cells = [
                summary.citizen_name or self.tr("(ohne Namen)"),
                summary.form_title,
                updated,
                f"{round(summary.completeness * 100)} %",
                status_text(summary.status) + stale,
                backup_text(backup.get(summary.id)),
            ]
            # Waiting for the office's key is said where this one draft is shown: its row.
            note = (
                QApplication.translate(CONTEXT, AWAITING_KEY_NOTE)
                if summary.status == "awaiting_key"
                else ""
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, summary.id)
                item.setData(ID_ROLE + 1, summary.citizen_name)
                if note:
                    item.setToolTip(note)
                self.table.setItem(row, column, item)
            if summary.id == selected:
                self.table.selectRow(row)
        if self.table.rowCount() and self.selected_id() is None:
            self.table.selectRow(0)
        self.empty.setVisible(self.table.rowCount() == 0)
        self._update_buttons()

    def clear(self) -> None:
        """Forget every row at once (lock)."""
        self.table.setRowCount(0)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)

    def selected_id(self) -> str | None:
        """Id of the selected draft."""
        items = self.table.selectedItems()
        return str(items[0].data(ID_ROLE)) if items else None

    def _update_buttons(self) -> None:
        has = self.selected_id() is not None
        self.open.setEnabled(has)
        self.delete.setEnabled(has)
        self.reprint.setEnabled(has)

    def _open(self) -> None:
        draft_id = self.selected_id()
        if draft_id:
            self.open_requested.emit(draft_id)

    def _delete(self) -> None:
        items = self.table.selectedItems()
        if items:
            self.delete_requested.emit(str(items[0].data(ID_ROLE)), items[0].text())

    def _reprint(self) -> None:
        draft_id = self.selected_id()
        if draft_id:
            self.print_requested.emit(draft_id)
