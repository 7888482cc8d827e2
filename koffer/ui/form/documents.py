"""The page "Mitzubringende Unterlagen": the proofs the office needs for these answers."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

from koffer.ui.widgets import heading, paragraph


class DocumentsPage(QWidget):
    """The checklist of required documents, rebuilt only when it changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 16, 16)
        layout.addWidget(heading(self.tr("Mitzubringende Unterlagen"), self))
        layout.addWidget(
            paragraph(
                self.tr("Diese Nachweise braucht das Amt nach den bisherigen Angaben:"),
                self,
                "help",
            )
        )
        self.items = QVBoxLayout()
        layout.addLayout(self.items)
        layout.addStretch(1)
        self._shown: tuple[object, ...] | None = None

    def show_documents(self, documents: list[Any], language: str, *, easy: bool) -> None:
        """Show the documents the evaluation requires (`forms.model.DocumentItem`)."""
        shown = (tuple(d.id for d in documents), language, easy)
        if shown == self._shown:
            return  # unchanged: do not rebuild labels on every keystroke
        self._shown = shown
        while self.items.count():
            item = self.items.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for document in documents:
            label = document.label_i18n.get(language, document.label)
            if document.optional:
                label += " " + self.tr("(falls vorhanden)")
            self.items.addWidget(paragraph("• " + label, self))
            help_text = document.help_easy if easy and document.help_easy else document.help
            if help_text:
                self.items.addWidget(paragraph(help_text, self, "help"))
