"""The citizen's review (§ 36a Abs. 2b SGB I): the whole declaration in large print, then sign.

Only relevant answers are shown (exactly what will be printed and submitted). The
signature is stored with the SHA-256 of exactly that content, so any later change
voids it visibly.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from forms.model import Answers, FormField, Template
from koffer.ui.formatting import display_value
from koffer.ui.session import review_digest
from koffer.ui.signature_pad import SignaturePad
from koffer.ui.widgets import button, card, heading, paragraph, primary_button, scroll_page
from koffer.ui.wrap_layout import WrapLayout

SKIPPED_TYPES = frozenset({"info", "signature"})


def signature_field(template: Template) -> str:
    """Id of the form's signature field ("unterschrift" if it has none)."""
    return next((f.id for f in template.iter_fields() if f.type == "signature"), "unterschrift")


def _label(text: str, role: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setProperty("role", role)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
    label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return label


class ReviewScreen(QWidget):
    """Read everything, sign, finish."""

    back_requested = Signal()
    sign_requested = Signal(object, bytes, str)  # strokes, png, digest
    finish_requested = Signal()

    def __init__(
        self,
        template: Template,
        evaluation: Any,
        citizen_name: str,
        language: str = "de",
        *,
        signed_digest: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.template = template
        self.evaluation = evaluation
        self.language = language
        self.relevant: Answers = evaluation.relevant_answers()
        self.digest = review_digest(template, self.relevant)
        self.signed_digest = signed_digest
        signature_ids = {f.id for f in template.iter_fields() if f.type == "signature"}
        self.blocking = [
            f
            for f in evaluation.findings
            if f.severity == "error" and f.path.split("[")[0] not in signature_ids
        ]

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(32, 16, 32, 24)
        layout.setSpacing(16)
        layout.addWidget(heading(template.title_in(language), content))
        layout.addWidget(
            paragraph(
                self.tr(
                    "Bitte lesen Sie alle Angaben in Ruhe durch. Stimmt alles, unterschreiben "
                    "Sie unten. Möchten Sie etwas ändern, tippen Sie auf „Zurück zum Formular“."
                ),
                content,
            )
        )
        if citizen_name:
            layout.addWidget(
                paragraph(self.tr("Antrag von {name}").format(name=citizen_name), content, "h2")
            )
        for section in template.sections:
            if not evaluation.is_relevant(section.id):
                continue
            rows = self._section_rows(section.fields)
            if not rows:
                continue
            frame, box = card(content)
            box.addWidget(heading(section.title_in(language), frame, level=2))
            form = QFormLayout()
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
            form.setVerticalSpacing(10)
            for label, value in rows:
                form.addRow(_label(label, "review-label"), _label(value, "review-value"))
            box.addLayout(form)
            layout.addWidget(frame)

        self.problems = paragraph("", content, "error")
        if self.blocking:
            lines = [self.tr("Bevor unterschrieben werden kann, fehlt noch:")]
            for finding in self.blocking[:12]:
                field = template.fields_by_id.get(finding.path.rsplit(".", 1)[-1].split("[")[0])
                name = field.label_in(language) if field else finding.path
                lines.append(f"• {name}: {finding.message}")
            self.problems.setText("\n".join(lines))
        self.problems.setVisible(bool(self.blocking))
        layout.addWidget(self.problems)

        sign_frame, sign_box = card(content)
        sign_box.addWidget(heading(self.tr("Unterschrift"), sign_frame, level=2))
        sign_box.addWidget(
            paragraph(
                self.tr(
                    "Mit Ihrer Unterschrift bestätigen Sie die Angaben oben, genau so wie sie "
                    "hier stehen."
                ),
                sign_frame,
            )
        )
        self.pad = SignaturePad(sign_frame)
        sign_box.addWidget(self.pad)
        pad_actions = WrapLayout()
        self.clear = button(self.tr("Löschen"), sign_frame)
        self.undo = button(self.tr("Letzten Strich zurück"), sign_frame)
        self.redo = button(self.tr("Strich wiederholen"), sign_frame)
        self.sign = button(self.tr("Unterschrift übernehmen"), sign_frame)
        for widget in (self.clear, self.undo, self.redo):
            pad_actions.add(widget)
        pad_actions.add_right(self.sign)
        sign_box.addLayout(pad_actions)
        self.sign_state = paragraph("", sign_frame, "ok")
        sign_box.addWidget(self.sign_state)
        layout.addWidget(sign_frame)
        layout.addStretch(1)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll_page(content, self), 1)
        actions = WrapLayout()
        actions.setContentsMargins(24, 8, 24, 16)
        self.back = button(self.tr("Zurück zum Formular"), self)
        self.finish = primary_button(self.tr("Abschließen"), self)
        actions.add(self.back)
        actions.add_right(self.finish)
        outer.addLayout(actions)

        self.back.clicked.connect(self.back_requested.emit)
        self.clear.clicked.connect(self.pad.clear)
        self.undo.clicked.connect(self.pad.undo_stroke)
        self.redo.clicked.connect(self.pad.redo_stroke)
        self.sign.clicked.connect(self._sign)
        self.finish.clicked.connect(self.finish_requested.emit)
        self.pad.changed.connect(self._update)
        self._update()

    def _section_rows(self, fields: list[FormField]) -> list[tuple[str, str]]:
        rows: list[tuple[str, str]] = []
        for field in fields:
            if field.type in SKIPPED_TYPES or field.id not in self.relevant:
                continue
            value = self.relevant[field.id]
            if field.type == "group" and isinstance(value, list):
                item = field.item_label_i18n.get(self.language) or field.item_label or ""
                for index, row in enumerate(value):
                    if not isinstance(row, dict):
                        continue
                    for member in field.fields:
                        if member.type in SKIPPED_TYPES or member.id not in row:
                            continue
                        label = f"{item} {index + 1} – {member.label_in(self.language)}"
                        rows.append((label, display_value(member, row[member.id], self.language)))
                continue
            rows.append((field.label_in(self.language), display_value(field, value, self.language)))
        return rows

    @property
    def signed(self) -> bool:
        """A signature of exactly this content is stored."""
        return self.signed_digest == self.digest

    def mark_signed(self, digest: str) -> None:
        """The store confirmed the signature."""
        self.signed_digest = digest
        self._update()

    def _sign(self) -> None:
        if self.pad.is_empty or self.blocking:
            return
        strokes = [list(stroke) for stroke in self.pad.strokes]
        self.sign_requested.emit(strokes, self.pad.to_png(), self.digest)

    def _update(self) -> None:
        can_sign = not self.pad.is_empty and not self.blocking
        self.sign.setEnabled(can_sign)
        self.clear.setEnabled(not self.pad.is_empty)
        self.undo.setEnabled(not self.pad.is_empty)
        self.pad.setEnabled(not self.blocking)
        if self.signed:
            self.sign_state.setText(self.tr("✓ Unterschrieben. Sie können jetzt abschließen."))
        elif self.blocking:
            self.sign_state.setText("")
        else:
            self.sign_state.setText(self.tr("Noch nicht unterschrieben."))
        self.finish.setEnabled(self.signed and not self.blocking)
