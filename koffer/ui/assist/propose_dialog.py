"""The expert proposes a value for one field, with a short reason."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from forms.model import AnswerValue, FormField
from koffer.ui.fields import make_editor
from koffer.ui.widgets import heading, paragraph


class ProposeDialog(QDialog):
    """The field's own editor (so the value has the field's format) and a reason."""

    def __init__(
        self, field: FormField, current: AnswerValue, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Wert vorschlagen"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(field.label, self, level=2))
        layout.addWidget(
            paragraph(
                self.tr(
                    "Die Kollegin im Außendienst sieht Ihren Vorschlag und entscheidet, ob er "
                    "übernommen wird."
                ),
                self,
                role="help",
            )
        )
        self.editor = make_editor(field, self)
        self.editor.set_value(current)
        layout.addWidget(self.editor)
        self.reason = QLineEdit(self)
        self.reason.setMaxLength(500)
        self.reason.setPlaceholderText(self.tr("Kurze Begründung, z. B. „laut Mietvertrag“"))
        self.reason.setAccessibleName(self.tr("Begründung"))
        layout.addWidget(self.reason)
        self.problem = paragraph("", self, role="error")
        self.problem.hide()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(self)
        self.send = buttons.addButton(
            self.tr("Vorschlag senden"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(self.tr("Abbrechen"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.value: AnswerValue = None

    def _check(self) -> None:
        value = self.editor.value()
        if self.editor.local_error:
            self._say(self.editor.local_error)
            return
        if not self.reason.text().strip():
            self._say(self.tr("Bitte kurz begründen, warum dieser Wert richtig ist."))
            self.reason.setFocus()
            return
        self.value = value
        self.accept()

    def _say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    @property
    def reason_text(self) -> str:
        """The reason as typed (trimmed)."""
        return self.reason.text().strip()
