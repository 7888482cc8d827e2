"""The page "Mitzubringende Unterlagen": the proofs the office needs for these answers,
ticked off as the worker sees them or links them to an attachment.

What the states mean, which documents are missing and what a removed attachment does is
decided in `koffer.drafting.documents`; this page shows a `Checklist` and forwards the
worker's choice (`state_chosen`). Each document is a check box ("vorgelegt") and, once
the draft has attachments, a box to say how it was proven ("Original vorgelegt" or one
of the attachments).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QVBoxLayout, QWidget

from koffer.drafting.documents import Checklist, DocState, DocumentLine
from koffer.ui.widgets import CheckLine, heading, paragraph, restyle

#: The box's entry for "seen in the original" (its data; attachments carry their id).
_PRESENTED = "#presented"


class _DocumentRow(QWidget):
    """One document: its check box, how it is proven, what it still needs."""

    def __init__(self, line: DocumentLine, attachments: dict[str, str], parent: QWidget) -> None:
        super().__init__(parent)
        self.document_id = line.id
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.setSpacing(2)
        label = line.label + (" " + self.tr("(falls vorhanden)") if line.optional else "")
        # A QCheckBox cannot wrap its text: long names ("Untermietvertrag oder
        # Bestätigung …") made the page wider than the screen at 200 %.
        self.line = CheckLine(label, self)
        self.check = self.line.box
        self.check.setAccessibleName(self.tr("{label}, vorgelegt").format(label=label))
        layout.addWidget(self.line)
        proof_row = QHBoxLayout()
        proof_row.setContentsMargins(self.check.sizeHint().width() + 6, 0, 0, 0)
        self.proof = QComboBox(self)
        self.proof.setAccessibleName(self.tr("Nachweis für {label}").format(label=line.label))
        self.proof.setPlaceholderText(self.tr("— noch offen —"))
        self.proof.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.proof.setMinimumContentsLength(14)
        self.proof.addItem(self.tr("Original vorgelegt"), _PRESENTED)
        for attachment_id, name in attachments.items():
            self.proof.addItem(self.tr("Anhang: {name}").format(name=name), attachment_id)
        self.proof.setVisible(bool(attachments))
        proof_row.addWidget(self.proof)
        proof_row.addStretch(1)
        layout.addLayout(proof_row)
        self.status = paragraph("", self, "help")
        self.status.setIndent(self.check.sizeHint().width() + 6)
        layout.addWidget(self.status)
        if line.help:
            help_label = paragraph(line.help, self, "help")
            help_label.setIndent(self.check.sizeHint().width() + 6)
            layout.addWidget(help_label)

    def focus_widgets(self) -> list[QWidget]:
        """Check box, then the proof box (when shown)."""
        return [self.check, self.proof] if not self.proof.isHidden() else [self.check]

    def show_line(self, line: DocumentLine, *, read_only: bool) -> None:
        """The document's state, without telling anyone (no signal is sent)."""
        for widget in (self.check, self.proof):
            widget.blockSignals(True)
        self.check.setChecked(line.done)
        if line.state is DocState.ATTACHED:
            self.proof.setCurrentIndex(self.proof.findData(line.attachment_id))
        elif line.state is DocState.PRESENTED:
            self.proof.setCurrentIndex(self.proof.findData(_PRESENTED))
        else:
            self.proof.setCurrentIndex(-1)
        for widget in (self.check, self.proof):
            widget.blockSignals(False)
            widget.setEnabled(not read_only)
        text, role = self._status_text(line)
        self.status.setText(text)
        if self.status.property("role") != role:
            self.status.setProperty("role", role)
            restyle(self.status)
        self.check.setAccessibleDescription(text)

    def _status_text(self, line: DocumentLine) -> tuple[str, str]:
        if line.state is DocState.ATTACHED:
            return self.tr("beigefügt: {name}").format(name=line.attachment_name), "ok"
        if line.state is DocState.PRESENTED:
            return self.tr("im Original vorgelegt"), "ok"
        if line.attachment_removed:
            return (
                self.tr(
                    "Der verknüpfte Anhang wurde entfernt. Bitte erneut beifügen oder "
                    "„Original vorgelegt“ wählen."
                ),
                "warning",
            )
        if line.optional:
            return self.tr("nicht vorgelegt (nur falls vorhanden)"), "help"
        return self.tr("fehlt noch – kann nachgereicht werden"), "help"


class DocumentsPage(QWidget):
    """The checklist of required documents; rows are rebuilt only when the documents
    or the attachments offered change, so a tick keeps the keyboard focus where it is."""

    #: document id, state (`DocState` value), attachment id ("" for none)
    state_chosen = Signal(str, str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 16, 16)
        layout.addWidget(heading(self.tr("Mitzubringende Unterlagen"), self))
        layout.addWidget(
            paragraph(
                self.tr(
                    "Diese Nachweise braucht das Amt nach den bisherigen Angaben. Haken Sie "
                    "ab, was Sie im Original gesehen haben, oder wählen Sie den Anhang, der "
                    "es belegt."
                ),
                self,
                "help",
            )
        )
        self.summary = paragraph("", self, "help")
        layout.addWidget(self.summary)
        self.no_attachments = paragraph(
            self.tr(
                "Noch keine Anhänge: Nachweise, die Sie im Formular anhängen, können Sie "
                "hier verknüpfen."
            ),
            self,
            "help",
        )
        layout.addWidget(self.no_attachments)
        self.items = QVBoxLayout()
        layout.addLayout(self.items)
        layout.addStretch(1)
        self.rows: dict[str, _DocumentRow] = {}
        self._shown: tuple[object, ...] | None = None

    def focus_widgets(self) -> list[QWidget]:
        """Every row's controls, in order (the form's Tab chain)."""
        return [w for row in self.rows.values() for w in row.focus_widgets()]

    def show_checklist(
        self, checklist: Checklist, attachments: dict[str, str], *, read_only: bool = False
    ) -> None:
        """Show the documents required now with their states (`DraftEditor.checklist`)."""
        shown = (
            tuple((line.id, line.label, line.help, line.optional) for line in checklist.lines),
            tuple(attachments.items()),
        )
        if shown != self._shown:
            self._shown = shown
            self._rebuild(checklist, attachments)
        for line in checklist.lines:
            self.rows[line.id].show_line(line, read_only=read_only)
        self.no_attachments.setVisible(bool(checklist.lines) and not attachments and not read_only)
        self._show_summary(checklist)

    def _rebuild(self, checklist: Checklist, attachments: dict[str, str]) -> None:
        for row in self.rows.values():
            self.items.removeWidget(row)
            row.hide()
            row.deleteLater()
        self.rows = {}
        for line in checklist.lines:
            row = _DocumentRow(line, attachments, self)
            row.check.toggled.connect(lambda on, d=line.id: self._checked(d, on))
            row.proof.activated.connect(lambda index, r=row: self._proof_chosen(r, index))
            self.items.addWidget(row)
            self.rows[line.id] = row

    def _checked(self, document_id: str, on: bool) -> None:
        state = DocState.PRESENTED if on else DocState.OPEN
        self.state_chosen.emit(document_id, state.value, "")

    def _proof_chosen(self, row: _DocumentRow, index: int) -> None:
        data = row.proof.itemData(index)
        if data == _PRESENTED:
            self.state_chosen.emit(row.document_id, DocState.PRESENTED.value, "")
        elif isinstance(data, str):
            self.state_chosen.emit(row.document_id, DocState.ATTACHED.value, data)

    def _show_summary(self, checklist: Checklist) -> None:
        required, missing = len(checklist.required), len(checklist.missing)
        optional = checklist.optional
        parts = []
        if not checklist.lines:
            parts.append(self.tr("Nach den bisherigen Angaben sind keine Nachweise nötig."))
        elif missing:
            parts.append(
                self.tr(
                    "Noch offen: {n} von {total} nötigen Unterlagen. Sie können auch "
                    "nachgereicht werden; der Antrag kann trotzdem abgeschlossen werden."
                ).format(n=missing, total=required)
            )
        elif required:
            parts.append(self.tr("Alle nötigen Unterlagen sind vorgelegt oder beigefügt."))
        if optional:
            done = sum(1 for line in optional if line.done)
            parts.append(
                self.tr("Falls vorhanden: {done} von {total} vorgelegt.").format(
                    done=done, total=len(optional)
                )
            )
        text = " ".join(parts)
        role = "warning" if missing else "ok" if checklist.lines else "help"
        self.summary.setText(text)
        if self.summary.property("role") != role:
            self.summary.setProperty("role", role)
            restyle(self.summary)
