"""The citizen's review (§ 36a Abs. 2b SGB I): the whole declaration in large print, then sign.

What is shown is the application layer's review (`koffer.drafting.review.Review`): only
relevant answers, formatted as on paper, with the digest a signature is bound to. Every
signature field that applies (`Review.signatures`: the applicant's, the partner's …) has
its own part, headed by its label, with its own pad and buttons; the line under them
says who still has to sign. Each is signed on its pad, or all on the printed signature
sheet ("Auf Papier unterschreiben"); a signed review shows its signatures again when it
is reopened. Whether the draft is signed is the application layer's rule
(`koffer.drafting.review.signature_state`); this screen only shows it.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from forms.display import format_datetime
from koffer.drafting.review import OpenPoint, Review, SignatureSlot, point_text, signature_state
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


class SignaturePart(QWidget):
    """One signature field: its label, its pad, its buttons, and whether it is given."""

    sign_requested = Signal(str, object, bytes)  # field id, strokes, png

    def __init__(self, slot: SignatureSlot, single: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slot = slot
        self.signature: SignatureInfo | None = None
        self.resigning = False
        self.blocked = False
        label = slot.label
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(12)
        box.addWidget(heading(label, self, level=2))
        if single:
            intro = self.tr(
                "Mit Ihrer Unterschrift bestätigen Sie die Angaben oben, genau so wie sie "
                "hier stehen."
            )
        elif slot.required:
            intro = self.tr(
                "Mit dieser Unterschrift werden die Angaben oben bestätigt, genau so wie sie "
                "hier stehen."
            )
        else:
            intro = self.tr("Diese Unterschrift ist freiwillig. Sie kann auch leer bleiben.")
        box.addWidget(paragraph(intro, self))
        self.pad = SignaturePad(self)
        self.pad.setAccessibleName(self.tr("Unterschriftenfeld: {label}").format(label=label))
        box.addWidget(self.pad)
        self.buttons_row = WrapLayout()
        self.clear = self._button(self.tr("Löschen"))
        self.undo = self._button(self.tr("Letzten Strich zurück"))
        self.redo = self._button(self.tr("Strich wiederholen"))
        self.sign = self._button(self.tr("Unterschrift übernehmen"))
        self.resign = self._button(self.tr("Neu unterschreiben"))
        for widget in (self.clear, self.undo, self.redo):
            self.buttons_row.add(widget)
        box.addLayout(self.buttons_row)
        #: this part's state (with several parts; with one the screen's line says it)
        self.state = paragraph("", self, "ok")
        self.state.setVisible(not single)
        box.addWidget(self.state)
        self.clear.clicked.connect(self.pad.clear)
        self.undo.clicked.connect(self.pad.undo_stroke)
        self.redo.clicked.connect(self.pad.redo_stroke)
        self.sign.clicked.connect(self._sign)
        self.resign.clicked.connect(self._sign_again)

    def place_right(self, *before: QWidget) -> None:
        """Lay out the right-hand buttons: `before` (the screen's "Auf Papier
        unterschreiben …" on a form with one signature), then resign and sign."""
        for widget in (*before, self.resign, self.sign):
            self.buttons_row.add_right(widget)

    def _button(self, text: str) -> QPushButton:
        """A button whose accessible name says whose signature it acts on."""
        widget = button(text, self)
        widget.setAccessibleName(
            self.tr("{action} – {label}").format(action=text, label=self.slot.label)
        )
        return widget

    @property
    def shown(self) -> bool:
        """A valid signature is shown (not being given again)."""
        return self.signature is not None and not self.resigning

    def show_signature(self, signature: SignatureInfo | None) -> None:
        """A stored signature of exactly the reviewed content (None: none)."""
        self.signature = signature
        self.resigning = False
        if signature is not None and signature.method is SignatureMethod.PAD:
            self.pad.show_strokes(signature.strokes)
        else:
            self.pad.clear()
        self.update_state()

    def _sign(self) -> None:
        if self.pad.is_empty or self.blocked:
            return
        strokes: Strokes = [[list(point) for point in stroke] for stroke in self.pad.strokes]
        self.sign_requested.emit(self.slot.field_id, strokes, self.pad.to_png())

    def _sign_again(self) -> None:
        self.resigning = True
        self.pad.clear()
        self.update_state()
        self.pad.setFocus()

    def paper_text(self) -> str:
        """Who signed this part on paper, and when ("" when not on paper)."""
        signature = self.signature
        if signature is None or signature.method is not SignatureMethod.PAPER:
            return ""
        return self.tr("✓ Auf Papier unterschrieben von {name}, {when}.").format(
            name=signature.signer, when=format_datetime(signature.created_at.astimezone())
        )

    def update_state(self) -> None:
        """Buttons, pad and state line after any change."""
        shown = self.shown
        drawing = not shown and not self.blocked
        self.pad.setEnabled(drawing)
        self.sign.setVisible(not shown)
        self.sign.setEnabled(drawing and not self.pad.is_empty)
        for widget in (self.clear, self.undo, self.redo):
            widget.setVisible(not shown)
            widget.setEnabled(drawing and not self.pad.is_empty)
        self.redo.setEnabled(drawing)
        self.resign.setVisible(shown)
        on_paper = self.paper_text() if shown else ""
        self.pad.setVisible(not on_paper)
        if on_paper:
            self.state.setText(on_paper)
        elif shown:
            self.state.setText(self.tr("✓ Unterschrieben."))
        elif self.blocked:
            self.state.setText("")
        elif self.slot.required:
            self.state.setText(self.tr("Noch nicht unterschrieben."))
        else:
            self.state.setText(self.tr("Freiwillig – noch nicht unterschrieben."))


class ReviewScreen(QWidget):
    """Read everything, sign (each signature on its pad, or all on paper), finish."""

    back_requested = Signal()
    sign_requested = Signal(str, object, bytes, str)  # field id, strokes, png, digest
    paper_requested = Signal(str)  # digest: print the sheet, record who signed
    finish_requested = Signal()

    def __init__(
        self,
        review: Review,
        citizen_name: str,
        signatures: Mapping[str, SignatureInfo] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.review = review
        self.digest = review.digest
        self.blocking: tuple[OpenPoint, ...] = review.blocking

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
            lines += [point_text(p.label, p.message) for p in self.blocking[:12]]
            self.problems.setText("\n".join(lines))
        self.problems.setVisible(bool(self.blocking))
        layout.addWidget(self.problems)

        sign_frame, sign_box = card(content)
        single = len(review.signatures) <= 1
        #: one part per signature field that applies, in form order (Tab: reading order)
        self.parts: list[SignaturePart] = []
        for index, slot in enumerate(review.signatures):
            if index:
                sign_box.addSpacing(24)  # whose signature is whose: parts apart
            part = SignaturePart(slot, single, sign_frame)
            part.blocked = bool(self.blocking)
            part.sign_requested.connect(self._sign)
            part.pad.changed.connect(self._update)
            part.resign.clicked.connect(self._update)
            sign_box.addWidget(part)
            self.parts.append(part)
        # created after the pads' buttons: it comes after them when tabbing
        self.paper = button(self.tr("Auf Papier unterschreiben …"), sign_frame)
        self.paper.setAccessibleDescription(
            self.tr(
                "Druckt das Unterschriftenblatt. Danach tragen Sie ein, wer es wann "
                "unterschrieben hat."
            )
        )
        if single and self.parts:  # beside the one pad's buttons, as it always was
            self.parts[0].place_right(self.paper)
        else:  # one sheet for every signature: below all pads
            for part in self.parts:
                part.place_right()
            paper_actions = WrapLayout()
            paper_actions.add_right(self.paper)
            sign_box.addLayout(paper_actions)
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
        self.paper.clicked.connect(lambda: self.paper_requested.emit(self.digest))
        self.finish.clicked.connect(self.finish_requested.emit)
        stored = signatures or {}
        for part in self.parts:
            signature = stored.get(part.slot.field_id)
            valid = signature is not None and signature.content_sha256 == review.digest
            part.show_signature(signature if valid else None)
        self._update()

    # ------------------------------------------------------------------ the first part
    # (a form with one signature, as the screen always had it)
    @property
    def pad(self) -> SignaturePad:
        """The first signature's pad."""
        return self.parts[0].pad

    @property
    def sign(self) -> QPushButton:
        """The first signature's "Unterschrift übernehmen"."""
        return self.parts[0].sign

    @property
    def resign(self) -> QPushButton:
        """The first signature's "Neu unterschreiben"."""
        return self.parts[0].resign

    def part(self, field_id: str) -> SignaturePart:
        """The part of the signature field `field_id`."""
        return next(p for p in self.parts if p.slot.field_id == field_id)

    # ------------------------------------------------------------------ state
    def _given(self) -> dict[str, SignatureInfo]:
        return {p.slot.field_id: p.signature for p in self.parts if p.signature is not None}

    @property
    def signed(self) -> bool:
        """Every required signature of exactly this content is stored."""
        state = signature_state(self.review.signatures, self._given(), self.digest)
        return state.signed

    @property
    def missing(self) -> tuple[SignatureSlot, ...]:
        """Required signatures still to be given, in form order."""
        return signature_state(self.review.signatures, self._given(), self.digest).missing

    def mark_signed(self, *signatures: SignatureInfo) -> None:
        """The workspace stored these signatures."""
        for signature in signatures:
            if any(p.slot.field_id == signature.field_id for p in self.parts):
                self.part(signature.field_id).show_signature(signature)
        self._update()

    def _sign(self, field_id: str, strokes: Strokes, png: bytes) -> None:
        self.sign_requested.emit(field_id, strokes, png, self.digest)

    def _update(self) -> None:
        for part in self.parts:
            part.update_state()
        resigning = any(p.resigning for p in self.parts)
        signed = self.signed and not resigning
        self.paper.setVisible(not signed)
        self.paper.setEnabled(not self.blocking and bool(self.parts))
        if self.blocking:
            text = ""
        elif len(self.parts) == 1:
            text = self._single_state(signed)
        elif signed:
            text = self.tr(
                "✓ Alle nötigen Unterschriften sind gegeben. Sie können jetzt abschließen."
            )
        else:
            who = ", ".join(slot.label for slot in self.missing) or ", ".join(
                p.slot.label for p in self.parts if p.resigning
            )
            text = self.tr("Noch zu unterschreiben: {who}.").format(who=who)
        self.sign_state.setText(text)
        self.finish.setEnabled(signed and not self.blocking)

    def _single_state(self, signed: bool) -> str:
        part = self.parts[0]
        if not signed:
            return self.tr("Noch nicht unterschrieben.")
        on_paper = part.paper_text()
        if on_paper:
            return on_paper + " " + self.tr("Sie können jetzt abschließen.")
        return self.tr("✓ Unterschrieben. Sie können jetzt abschließen.")
