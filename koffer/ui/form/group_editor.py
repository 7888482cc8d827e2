"""A repeat group on the form: one card per row (e.g. a household member), add and remove."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from forms.model import FormField
from koffer.ui.widgets import button, card, heading, paragraph


class GroupEditor(QWidget):
    """The cards of one repeat group; the form screen fills them with field rows."""

    add_requested = Signal()
    remove_requested = Signal(int)

    def __init__(self, field: FormField, parent: QWidget) -> None:
        super().__init__(parent)
        self.field = field
        self.language = "de"
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 8)
        self.title = heading(field.label, self, level=2)
        layout.addWidget(self.title)
        self.help = paragraph(field.help or "", self, "help")
        self.help.setVisible(bool(field.help))
        layout.addWidget(self.help)
        self.rows_box = QVBoxLayout()
        self.rows_box.setSpacing(12)
        layout.addLayout(self.rows_box)
        self.message = paragraph("", self, "error")
        self.message.hide()
        layout.addWidget(self.message)
        self.add = button("", self)
        self.add.clicked.connect(self.add_requested.emit)
        layout.addWidget(self.add, 0, Qt.AlignmentFlag.AlignLeft)
        self.cards: list[QFrame] = []
        self.remove_buttons: list[QPushButton] = []
        self.set_language("de")

    def item_label(self) -> str:
        """Name of one row ("Person")."""
        return self.field.item_label_in(self.language)

    def entry_name(self, index: int) -> str:
        """The name of row `index` as screen and screen reader say it ("Person 2")."""
        return self.field.entry_name(index, self.language)

    def set_language(self, language: str) -> None:
        """Relabel title and buttons."""
        self.language = language
        self.title.setText(self.field.label_in(language))
        self.add.setText(self.tr("{item} hinzufügen").format(item=self.item_label()))

    def clear_rows(self) -> None:
        """Remove every row card."""
        for frame in self.cards:
            frame.setParent(None)
            frame.deleteLater()
        self.cards = []
        self.remove_buttons = []

    def add_card(self, index: int) -> QVBoxLayout:
        """A card for row `index`; returns the layout to put member rows in."""
        frame, layout = card(self)
        head = QHBoxLayout()
        label = self.entry_name(index)
        head.addWidget(heading(label, frame, level=2), 1)
        remove = button(self.tr("{label} entfernen").format(label=label), frame)
        remove.clicked.connect(lambda: self.remove_requested.emit(index))
        head.addWidget(remove, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(head)
        self.rows_box.addWidget(frame)
        self.cards.append(frame)
        self.remove_buttons.append(remove)
        return layout

    def update_buttons(self, count: int) -> None:
        """Enable add/remove within min_count..max_count."""
        self.add.setEnabled(count < self.field.max_count)
        for remove in self.remove_buttons:
            remove.setEnabled(count > self.field.min_count)
