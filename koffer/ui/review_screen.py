"""The citizen's review (§ 36a Abs. 2b SGB I): the whole declaration in large print, then sign.

What is shown is the application layer's review (`koffer.drafting.review.Review`): only
relevant answers, formatted as on paper, with the digest a signature is bound to. The
citizen signs on the pad, or on the printed signature sheet ("Auf Papier
unterschreiben"); a signed review shows that signature again when it is reopened.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from forms.display import format_datetime
from koffer.drafting.review import OpenPoint, Review
from koffer.store import SignatureInfo, SignatureMethod, Strokes
from koffer.ui.signature_pad import SignaturePad
from koffer.ui.widgets import button, card, heading, paragraph, primary_button, scroll_page
from koffer.ui.wrap_layout import WrapLayout


def _label(text: str, role: str) -> QLabel:
    """An answer (or its question) to read: not a Tab stop of its own.

    A hundred labels taking the focus one by one, without a visible focus, put the
    signature pad 104 Tabs away. The page scrolls by the arrow and page keys instead
    (it takes the focus), and a screen reader reads it in its reading mode.
    """
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setProperty("role", role)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return label


class ReviewScreen(QWidget):
    """Read everything, sign (pad or paper), finish."""

    back_requested = Signal()
    sign_requested = Signal(object, bytes, str)  # strokes, png, digest
    paper_requested = Signal(str)  # digest: print the sheet, record who signed
    finish_requested = Signal()

    def __init__(
        self,
        review: Review,
        citizen_name: str,
        signature: SignatureInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.review = review
        self.digest = review.digest
        self.signature = (
            signature if signature and signature.content_sha256 == review.digest else None
        )
        self.blocking: tuple[OpenPoint, ...] = review.blocking
        self._resigning = False

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(32, 16, 32, 24)
        layout.setSpacing(16)
        layout.addWidget(heading(review.title, content))
        layout.addWidget(
            paragraph(
                self.tr(
                    "Bitte lesen Sie alle Angaben in Ruhe durch. Stimmt alles, unterschreiben "
                    "Sie unten. Möchten Sie etwas ändern, wählen Sie „Zurück zum Formular“."
                ),
                content,
            )
        )
        if citizen_name:
            layout.addWidget(
                paragraph(self.tr("Antrag von {name}").format(name=citizen_name), content, "h2")
            )
        for section in review.sections:
            frame, box = card(content)
            box.addWidget(heading(section.title, frame, level=2))
            form = QFormLayout()
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
            form.setVerticalSpacing(10)
            for row in section.rows:
                form.addRow(_label(row.label, "review-label"), _label(row.value, "review-value"))
            box.addLayout(form)
            layout.addWidget(frame)

        self.problems = paragraph("", content, "error")
        if self.blocking:
            lines = [self.tr("Bevor unterschrieben werden kann, fehlt noch:")]
            lines += [f"• {p.label}: {p.message}" for p in self.blocking[:12]]
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
        self.resign = button(self.tr("Neu unterschreiben"), sign_frame)
        self.paper = button(self.tr("Auf Papier unterschreiben …"), sign_frame)
        self.paper.setAccessibleDescription(
            self.tr(
                "Druckt das Unterschriftenblatt. Danach tragen Sie ein, wer es wann "
                "unterschrieben hat."
            )
        )
        for widget in (self.clear, self.undo, self.redo):
            pad_actions.add(widget)
        pad_actions.add_right(self.paper)
        pad_actions.add_right(self.resign)
        pad_actions.add_right(self.sign)
        sign_box.addLayout(pad_actions)
        self.sign_state = paragraph("", sign_frame, "ok")
        sign_box.addWidget(self.sign_state)
        layout.addWidget(sign_frame)
        layout.addStretch(1)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.page = scroll_page(content, self, reading=self.tr("Angaben zum Prüfen"))
        outer.addWidget(self.page, 1)
        actions = WrapLayout()
        actions.setContentsMargins(24, 8, 24, 16)
        self.back = button(self.tr("Zurück zum Formular"), self)
        self.finish = primary_button(self.tr("Abschließen …"), self)
        actions.add(self.back)
        actions.add_right(self.finish)
        outer.addLayout(actions)

        self.back.clicked.connect(self.back_requested.emit)
        self.clear.clicked.connect(self.pad.clear)
        self.undo.clicked.connect(self.pad.undo_stroke)
        self.redo.clicked.connect(self.pad.redo_stroke)
        self.sign.clicked.connect(self._sign)
        self.resign.clicked.connect(self._sign_again)
        self.paper.clicked.connect(lambda: self.paper_requested.emit(self.digest))
        self.finish.clicked.connect(self.finish_requested.emit)
        self.pad.changed.connect(self._update)
        self._show_signature()

    @property
    def signed(self) -> bool:
        """A signature of exactly this content is stored."""
        return self.signature is not None

    def mark_signed(self, signature: SignatureInfo) -> None:
        """The workspace stored the signature."""
        self.signature = signature
        self._resigning = False
        self._show_signature()

    def _show_signature(self) -> None:
        """A stored signature is shown again: its strokes, or who signed on paper."""
        signature = self.signature
        if signature is not None and signature.method is SignatureMethod.PAD:
            self.pad.show_strokes(signature.strokes)
        elif not self._resigning:
            self.pad.clear()
        self._update()

    def _sign(self) -> None:
        if self.pad.is_empty or self.blocking:
            return
        strokes: Strokes = [[list(point) for point in stroke] for stroke in self.pad.strokes]
        self.sign_requested.emit(strokes, self.pad.to_png(), self.digest)

    def _sign_again(self) -> None:
        self._resigning = True
        self.pad.clear()
        self._update()
        self.pad.setFocus()

    def _update(self) -> None:
        shown = self.signed and not self._resigning
        drawing = not shown and not self.blocking
        self.pad.setEnabled(drawing)
        self.sign.setVisible(not shown)
        self.sign.setEnabled(drawing and not self.pad.is_empty)
        for widget in (self.clear, self.undo, self.redo):
            widget.setVisible(not shown)
            widget.setEnabled(drawing and not self.pad.is_empty)
        self.redo.setEnabled(drawing)
        self.resign.setVisible(shown)
        self.paper.setVisible(not shown)
        self.paper.setEnabled(not self.blocking)
        signature = self.signature
        if shown and signature is not None and signature.method is SignatureMethod.PAPER:
            self.pad.hide()
            self.sign_state.setText(
                self.tr("✓ Auf Papier unterschrieben von {name}, {when}.").format(
                    name=signature.signer, when=format_datetime(signature.created_at.astimezone())
                )
                + " "
                + self.tr("Sie können jetzt abschließen.")
            )
        elif shown:
            self.pad.show()
            self.sign_state.setText(self.tr("✓ Unterschrieben. Sie können jetzt abschließen."))
        elif self.blocking:
            self.pad.show()
            self.sign_state.setText("")
        else:
            self.pad.show()
            self.sign_state.setText(self.tr("Noch nicht unterschrieben."))
        self.finish.setEnabled(self.signed and not self.blocking and not self._resigning)
