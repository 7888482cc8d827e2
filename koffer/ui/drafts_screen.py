"""The list of applications in progress: who, which form, when, how complete, status."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QHeaderView,
    QStyle,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from koffer.drafting.wording import (
    AWAITING_KEY_NOTE,
    BACKUP_COLUMN,
    CONTEXT,
    LIST_TITLE,
    stage_label,
)
from koffer.ui.widgets import (
    button,
    heading,
    paragraph,
    primary_button,
    row_table,
    scroll_page,
    search_field,
)
from koffer.ui.wrap_layout import WrapLayout

ID_ROLE = Qt.ItemDataRole.UserRole + 1


#: The column of the backup's line ("gesichert 14:32").
BACKUP_COLUMN_INDEX = 5
#: The stage's column; in the compact list it also says when and how complete.
STAGE_COLUMN_INDEX = 4
#: Columns whose long texts wrap (the others fit their contents).
WRAPPING_COLUMNS = frozenset({0, 1, STAGE_COLUMN_INDEX, BACKUP_COLUMN_INDEX})
#: The last change and the completeness: folded into the stage's cell when compact.
FOLDED_COLUMNS = (2, 3)
#: Where a wrapping text may break: at spaces and after a hyphen or dash.
_BREAKS = re.compile(r"\s+|(?<=[-–])")


def status_text(status: str) -> str:
    """The stage in the list's words (`koffer.drafting.wording`), translated."""
    return QApplication.translate(CONTEXT, stage_label(status))


def backup_text(line: Any) -> str:
    """A draft's backup line (`koffer.drafting.backups.BackupLine`), translated."""
    if line is None:
        return ""
    return QApplication.translate(CONTEXT, line.text).format(time=line.time)


class DraftsScreen(QWidget):
    """Open or delete applications; search by name, birth date, address or form."""

    open_requested = Signal(str)  # draft id
    delete_requested = Signal(str, str, str)  # draft id, citizen name, form title
    print_requested = Signal(str)  # draft id
    move_requested = Signal(str)  # draft id: onto the newest version of its form
    take_back_requested = Signal()  # every application the town hall refused
    search_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The page scrolls as a whole when the window is too low for the list to show
        # even one whole row beside the search and the buttons (200 % on 768 px): the
        # list keeps that height (`_keep_a_row`), the page gets a scroll bar.
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        page = QWidget(self)
        outer.addWidget(scroll_page(page, self))
        layout = QVBoxLayout(page)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(14)
        layout.addWidget(heading(QApplication.translate(CONTEXT, LIST_TITLE), self))
        self.search = search_field(
            self.tr("Name, Geburtsdatum, Adresse oder Formular …"),
            self.tr("Anträge durchsuchen"),
            self,
        )
        self.search.setAccessibleDescription(
            self.tr("Findet Anträge auch bei Tippfehlern; jedes Wort muss passen.")
        )
        layout.addWidget(self.search)
        self.table = row_table(
            [
                self.tr("Name"),
                self.tr("Formular"),
                self.tr("Letzte Änderung"),
                self.tr("Vollständig"),
                self.tr("Stand"),
                QApplication.translate(CONTEXT, BACKUP_COLUMN),
            ],
            self.tr("Liste der Anträge"),
            # The stage and the backup line wrap too: fitted to their longest text they
            # left the name and the form under 100 px at 200 % (with the backup column).
            stretch=set(WRAPPING_COLUMNS),
            parent=self,
        )
        self.compact = False
        self._shown: tuple[list[Any], dict[str, Any]] = ([], {})
        self._needed = 0  # the width the shown rows need uncompacted
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        self.empty = paragraph("", self)
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
        # What concerns applications is here, where they are listed (not in a menu).
        self.new_version = button(self.tr("Neue Formularfassung …"), self)
        self.new_version.setAccessibleDescription(
            self.tr(
                "Legt den gewählten Antrag in der neuesten Fassung seines Formulars neu an; "
                "der bisherige bleibt erhalten."
            )
        )
        self.take_back = button(self.tr("Abgelehnte wieder bearbeiten"), self)
        self.take_back.setAccessibleDescription(
            self.tr("Holt die Anträge, die das Rathaus abgelehnt hat, zurück in Bearbeitung.")
        )
        self.take_back.hide()  # shown while the town hall has refused something
        self.open = primary_button(self.tr("Öffnen"), self)  # created last: Tab reaches it last
        actions.add(self.delete)
        actions.add(self.reprint)
        actions.add(self.new_version)
        actions.add(self.take_back)
        actions.add_right(self.open)
        layout.addLayout(actions)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(lambda: self.search_changed.emit(self.search.text()))
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.table.itemActivated.connect(lambda _item: self._open())
        # rows grow and shrink with the columns' width (wrapped text): keep one whole
        self.table.verticalHeader().sectionResized.connect(lambda *_: self._keep_a_row())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.open.clicked.connect(self._open)
        self.delete.clicked.connect(self._delete)
        self.reprint.clicked.connect(self._reprint)
        self.new_version.clicked.connect(self._move)
        self.take_back.clicked.connect(self.take_back_requested.emit)
        self._update_buttons()

    def set_drafts(
        self, drafts: list[Any], backup: dict[str, Any] | None = None, refused: int | None = None
    ) -> None:
        """Show `drafts` (DraftSummary objects) and, per draft id, its backup's line
        (`koffer.drafting.backups.BackupLine`; the column is hidden without a backup).

        `refused`: how many submissions the town hall refused; "Abgelehnte wieder
        bearbeiten" is there only while there are some (None: unchanged). At 200 % the
        buttons take a row of the little height the list has.
        """
        backup = backup or {}
        if refused is not None:
            self.take_back.setVisible(refused > 0)
        self._shown = (drafts, backup)
        self.table.setColumnHidden(BACKUP_COLUMN_INDEX, not backup)
        rows = [self._cells(summary, backup) for summary in drafts]
        self._needed = self._full_width(rows)  # measured once per rows and font
        self.compact = self._needed > self.table.viewport().width()
        for column in FOLDED_COLUMNS:
            self.table.setColumnHidden(column, self.compact)
        selected = self.selected_id()
        # No selection signals while the rows are rebuilt (a sync pass refreshes the list
        # at any time): the buttons would be disabled for a moment, and Qt moves the
        # keyboard focus off a disabled button, away from where the worker was.
        self.table.blockSignals(True)
        try:
            self.table.setRowCount(0)
            for summary, texts in zip(drafts, rows, strict=True):
                row = self.table.rowCount()
                self.table.insertRow(row)
                cells = self._folded(texts, summary) if self.compact else texts
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
                    item.setData(ID_ROLE + 2, summary.form_title)
                    if note:
                        item.setToolTip(note)
                    self.table.setItem(row, column, item)
                if summary.id == selected:
                    self.table.selectRow(row)
            if self.table.rowCount() and self.selected_id() is None:
                self.table.selectRow(0)
        finally:
            self.table.blockSignals(False)
        from koffer.drafting.listing import empty_message  # with the store: after unlock

        query = self.search.text()
        self.empty.setText(
            QApplication.translate(CONTEXT, empty_message(query)).format(query=query.strip())
        )
        self.empty.setVisible(self.table.rowCount() == 0)
        self._update_buttons()
        self._keep_a_row()

    def _keep_a_row(self) -> None:
        """The list is never lower than its header and its tallest row."""
        table = self.table
        rows = [table.rowHeight(row) for row in range(table.rowCount())]
        if not rows:
            table.setMinimumHeight(0)
            return
        header = table.horizontalHeader().sizeHint().height()
        table.setMinimumHeight(header + max(rows) + 2 * table.frameWidth())

    def _cells(self, summary: Any, backup: dict[str, Any]) -> list[str]:
        """The texts of one draft's row, one per column."""
        updated = summary.updated_at.astimezone().strftime("%d.%m.%Y %H:%M")
        stale = self.tr(" – lange nicht bearbeitet") if summary.flagged_stale else ""
        return [
            summary.citizen_name or self.tr("(ohne Namen)"),
            summary.form_title,
            updated,
            f"{round(summary.completeness * 100)} %",
            status_text(summary.status) + stale,
            backup_text(backup.get(summary.id)),
        ]

    def _folded(self, cells: list[str], summary: Any) -> list[str]:
        """The compact row: when and how complete go into the stage's cell (the time
        short: "heute 07:26", so it does not take a line of its own at 200 %)."""
        from koffer.drafting.listing import changed_short  # with the store: after unlock

        source, fields = changed_short(summary.updated_at, dt.datetime.now().astimezone())
        when = QApplication.translate(CONTEXT, source).format(**fields)
        folded = list(cells)
        folded[STAGE_COLUMN_INDEX] = "\n".join(
            [
                cells[STAGE_COLUMN_INDEX],
                self.tr("{percent} ausgefüllt").format(percent=cells[3]),
                self.tr("geändert {when}").format(when=when),
            ]
        )
        return folded

    def _full_width(self, rows: list[list[str]]) -> int:
        """The width all columns need so that no word is cut (a cell elides a word wider
        than its column): wrapping columns their widest word, the others their whole
        text, every header its label. Wider than the list: the list goes compact
        (issue 12: at 200 % names and form titles were cut to "Musterma…")."""
        table = self.table
        cell = table.fontMetrics()
        header = table.horizontalHeader()
        head = header.fontMetrics()
        style = table.style()
        pad = 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1)
        head_pad = 2 * style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
        total = 0
        for column in range(table.columnCount()):
            if column == BACKUP_COLUMN_INDEX and table.isColumnHidden(column):
                continue
            label = table.horizontalHeaderItem(column)
            need = head.horizontalAdvance(label.text() if label else "") + head_pad
            for cells in rows:
                text = cells[column]
                parts = _BREAKS.split(text) if column in WRAPPING_COLUMNS else [text]
                widest = max((cell.horizontalAdvance(p) for p in parts), default=0)
                need = max(need, widest + pad)
            total += need + cell.averageCharWidth()  # a little air between columns
        return total

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A narrower window, or a wider one: full or compact list (the width the rows
        need was measured when they were shown)."""
        super().resizeEvent(event)
        drafts, backup = self._shown
        if drafts and (self._needed > self.table.viewport().width()) != self.compact:
            self.set_drafts(drafts, backup)

    def changeEvent(self, event: QEvent) -> None:
        """Larger or smaller text: the rows are measured again."""
        super().changeEvent(event)
        drafts, backup = self._shown
        if event.type() == QEvent.Type.FontChange and drafts:
            self.set_drafts(drafts, backup)

    def clear(self) -> None:
        """Forget every row at once (lock)."""
        self._shown = ([], {})
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
        self.new_version.setEnabled(has)

    def _open(self) -> None:
        draft_id = self.selected_id()
        if draft_id:
            self.open_requested.emit(draft_id)

    def _delete(self) -> None:
        items = self.table.selectedItems()
        if items:
            first = items[0]
            self.delete_requested.emit(
                str(first.data(ID_ROLE)),
                str(first.data(ID_ROLE + 1) or ""),
                str(first.data(ID_ROLE + 2) or ""),
            )

    def _move(self) -> None:
        draft_id = self.selected_id()
        if draft_id:
            self.move_requested.emit(draft_id)

    def _reprint(self) -> None:
        draft_id = self.selected_id()
        if draft_id:
            self.print_requested.emit(draft_id)
