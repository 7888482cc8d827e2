"""Before a session starts: the citizen's consent, and which attachments to share."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QVBoxLayout,
    QWidget,
)

from koffer.ui.widgets import heading, paragraph


class StartDialog(QDialog):
    """ "Kollegin zuschalten": consent (required) and attachments (none by default)."""

    def __init__(self, files: Mapping[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Kollegin zuschalten"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Kollegin zuschalten"), self, level=2))
        layout.addWidget(
            paragraph(
                self.tr(
                    "Eine Expertin oder ein Experte aus dem Rathaus sieht diesen einen Antrag, "
                    "zeigt auf Felder und macht Vorschläge. Sie entscheiden über jeden "
                    "Vorschlag. Besonders schützenswerte Angaben (IBAN, Steuer-ID, "
                    "Gesundheit) bleiben verdeckt, bis Sie eine freigeben."
                ),
                self,
            )
        )
        self.consent = QCheckBox(self.tr("Die Bürgerin / der Bürger ist einverstanden."), self)
        layout.addWidget(self.consent)
        self.files: dict[str, QCheckBox] = {}
        if files:
            layout.addWidget(paragraph(self.tr("Diese Anlagen darf die Expertin sehen:"), self))
            for file_id, name in files.items():
                box = QCheckBox(name, self)
                self.files[file_id] = box
                layout.addWidget(box)
        else:
            layout.addWidget(paragraph(self.tr("Der Antrag hat keine Anlagen."), self, "help"))
        self.problem = paragraph("", self, "error")
        self.problem.hide()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(self)
        self.start = buttons.addButton(
            self.tr("Zugangscode erzeugen"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(self.tr("Abbrechen"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _check(self) -> None:
        if not self.consent.isChecked():
            self.problem.setText(
                self.tr("Bitte zuerst fragen, ob die Bürgerin oder der Bürger einverstanden ist.")
            )
            self.problem.show()
            self.consent.setFocus()
            return
        self.accept()

    @property
    def shared(self) -> list[str]:
        """The ids of the attachments ticked."""
        return [file_id for file_id, box in self.files.items() if box.isChecked()]
