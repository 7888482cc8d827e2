"""A draft on screen: new, open, review, sign (pad or paper), finalise, delete, move.

Every decision is the application layer's (`koffer.drafting`): this module asks the
worker to run the workspace's steps on the store lane and shows their outcome. It owns
the open form and review screens; nothing else reaches into them.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from PySide6.QtCore import QDateTime, QObject, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from koffer.drafting import wording
from koffer.drafting.idle import Place
from koffer.ui.widgets import Dialog, button, heading, paragraph, primary_button
from koffer.ui.worker import Lane, run_in_background

#: Print kinds (`koffer.drafting.claims.PrintKind` values; that module loads the forms
#: models, which the window's first screen must not wait for).
SIGNING, CITIZEN, OFFICE = "signing", "citizen", "office"

if TYPE_CHECKING:
    from forms.model import Template
    from koffer.drafting.lifecycle import Stage
    from koffer.drafting.locking import Unsaved
    from koffer.drafting.review import SignatureSlot
    from koffer.drafting.saving import Saver
    from koffer.drafting.workspace import OpenedDraft, Workspace
    from koffer.store import SignatureInfo, Strokes
    from koffer.ui.form.screen import FormScreen
    from koffer.ui.review_screen import ReviewScreen
    from koffer.ui.session import Session

log = logging.getLogger(__name__)
T = TypeVar("T")


def say(text: str) -> str:
    """A text of `koffer.drafting.wording`, in the window's language."""
    return QApplication.translate(wording.CONTEXT, text)


class Prompts(Protocol):
    """What the flow asks of the window: questions and calm messages."""

    def ask_citizen_name(self) -> str | None:
        """Whom the new application is for (None: cancelled)."""
        ...

    def confirm(self, title: str, text: str) -> bool:
        """Ask before something that cannot be undone."""
        ...

    def show_alert(self, problem: BaseException | str, *, error: bool = True) -> None:
        """A message at the top of the window."""
        ...


class PaperSignatureDialog(Dialog):
    """ "Auf Papier unterschreiben": print the sheet, then record who signed which line
    and when (one name per signature field that applies)."""

    print_requested = Signal()
    recorded = Signal(object, object)  # {field id: signer}, signed at (aware datetime)

    def __init__(
        self,
        citizen_name: str,
        slots: tuple[SignatureSlot, ...] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Auf Papier unterschreiben"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Auf Papier unterschreiben"), self, level=2))
        layout.addWidget(
            paragraph(
                self.tr(
                    "1. Drucken Sie das Unterschriftenblatt. Es zeigt alle Angaben und eine "
                    "Prüfsumme.\n2. Die Bürgerin oder der Bürger unterschreibt es mit dem "
                    "Stift.\n3. Tragen Sie hier ein, wer wann unterschrieben hat. Das Blatt "
                    "geht mit dem Antrag an das Amt."
                ),
                self,
            )
        )
        self.print_sheet = button(self.tr("Unterschriftenblatt drucken …"), self)
        layout.addWidget(self.print_sheet)
        form = QFormLayout()
        #: one name per line of the sheet, by signature field (a form with one: prefilled)
        self.signers: dict[str, QLineEdit] = {}
        single = len(slots) <= 1
        for slot in slots:
            edit = QLineEdit(citizen_name if single else "", self)
            if single:
                edit.setAccessibleName(self.tr("Wer hat unterschrieben?"))
                form.addRow(self.tr("Unterschrieben von:"), edit)
            else:
                text = (
                    self.tr("{label} – unterschrieben von:")
                    if slot.required
                    else self.tr("{label} (freiwillig, kann leer bleiben) – unterschrieben von:")
                ).format(label=slot.label)
                edit.setAccessibleName(text)
                form.addRow(paragraph(text, self), edit)
            self.signers[slot.field_id] = edit
        self.signed_at = QDateTimeEdit(QDateTime.currentDateTime(), self)
        self.signed_at.setDisplayFormat("dd.MM.yyyy HH:mm")
        self.signed_at.setMaximumDateTime(QDateTime.currentDateTime().addSecs(300))
        self.signed_at.setAccessibleName(self.tr("Wann wurde unterschrieben?"))
        form.addRow(self.tr("Unterschrieben am:"), self.signed_at)
        layout.addLayout(form)
        self.error = paragraph("", self, "error")
        self.error.hide()
        layout.addWidget(self.error)
        actions = QHBoxLayout()
        self.cancel = button(self.tr("Abbrechen"), self)
        self.record = primary_button(self.tr("Unterschrift eintragen"), self)
        actions.addStretch(1)
        actions.addWidget(self.cancel)
        actions.addWidget(self.record)
        layout.addLayout(actions)
        self.print_sheet.clicked.connect(self.print_requested.emit)
        self.cancel.clicked.connect(self.reject)
        self.record.clicked.connect(self._record)

    @property
    def signer(self) -> QLineEdit:
        """The first line's name (a form with one signature has only this one)."""
        return next(iter(self.signers.values()))

    def _record(self) -> None:
        when = self.signed_at.dateTime().toPython()
        moment = (
            when.astimezone() if isinstance(when, dt.datetime) else dt.datetime.now().astimezone()
        )
        names = {field_id: edit.text().strip() for field_id, edit in self.signers.items()}
        self.recorded.emit(names, moment)

    def show_error(self, text: str) -> None:
        """Why the signature could not be recorded."""
        self.error.setText(text)
        self.error.setVisible(bool(text))


class DraftFlow(QObject):
    """The open draft's screens and steps (see the module docstring)."""

    opened = Signal()  # a form is shown
    leaving = Signal()  # the open form is about to close or be finalised
    closed = Signal()  # the form is gone
    drafts_changed = Signal()  # the drafts list should be read again
    #: print this draft: (draft id, kinds to tick, intro text)
    print_requested = Signal(str, object, str)
    finalised = Signal(str, object)  # draft id, Stage
    #: where the worker is now (`koffer.drafting.idle.Place`), None: they left it
    place_changed = Signal(object)
    reviewing = Signal(bool)  # the citizen's review is shown / no longer
    assist_requested = Signal(object)  # the FormScreen whose "Kollegin zuschalten" was pressed

    def __init__(
        self,
        session: Session,
        content: QStackedWidget,
        prompts: Prompts,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.content = content
        self.prompts = prompts
        self.form: FormScreen | None = None
        self.review: ReviewScreen | None = None
        self.paper_dialog: PaperSignatureDialog | None = None

    # ------------------------------------------------------------------ helpers
    def _workspace(self) -> Workspace | None:
        return self.session.workspace

    def _run(
        self,
        job: Callable[[Workspace], T],
        done: Callable[[T], None] | None = None,
        failed: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Run a workspace step on the store lane; failures become a calm message."""
        workspace = self._workspace()
        if workspace is None:
            return
        run_in_background(lambda: job(workspace), done, failed or self.prompts.show_alert)

    # ------------------------------------------------------------------ new and open
    def start_draft(self, template: Template) -> None:
        """Ask whom it is for, create a draft of `template` and open it."""
        if self._workspace() is None:
            return
        name = self.prompts.ask_citizen_name()
        if name is None:
            return
        self._run(lambda ws: ws.create_draft(template, name), self.show_opened)

    def start_from_visit(self, template: Template, name: str, address: str, visit_id: str) -> None:
        """Create a draft for a visit from the town hall (name and address filled in)."""
        self._run(
            lambda ws: ws.create_draft(template, name, address=address, visit_id=visit_id),
            self.show_opened,
        )

    def open_draft(self, draft_id: str) -> None:
        """Load a draft (answers, signature, files) and show it."""
        self._run(lambda ws: ws.open_draft(draft_id), self.show_opened)

    def return_to(self, place: Place) -> None:
        """Open the draft the worker was in, at its section (and its review), after a lock
        or a crash; a draft that can no longer be opened is said calmly and forgotten."""

        def shown(opened: OpenedDraft) -> None:
            self.show_opened(opened)
            form = self.form
            if form is None:
                return
            if place.section is not None and place.section in form.page_keys():
                form.go_to(place.section)
                form.focus_sections()
            if place.review and form.review.isEnabled() and not form.review.isHidden():
                self.show_review()

        def failed(exc: BaseException) -> None:
            self.place_changed.emit(None)
            self.prompts.show_alert(exc)

        self._run(lambda ws: ws.open_draft(place.draft_id), shown, failed)

    def _where(self) -> Place | None:
        form = self.form
        if form is None:
            return None
        return Place(form.draft_id, form.current_section(), self.review is not None)

    def _tell_place(self) -> None:
        self.place_changed.emit(self._where())

    def show_opened(self, opened: OpenedDraft) -> None:
        """Show a draft the workspace opened."""
        workspace = self._workspace()
        if workspace is None:
            return
        from koffer.drafting.editor import DraftEditor
        from koffer.drafting.saving import Saver
        from koffer.ui.form.screen import FormScreen

        self.close_form()
        editor = DraftEditor(opened)
        editor.saver = Saver(
            opened.draft.id,
            workspace.save,
            lambda job, done, failed: run_in_background(job, done, failed, Lane.STORE),
            on_stage=editor.moved_to,
        )
        form = FormScreen(editor, workspace, workspace.actor, self.content)
        form.finished.connect(self._form_finished)
        form.review_requested.connect(self.show_review)
        form.section_shown.connect(lambda _section: self._tell_place())
        form.assist_requested.connect(lambda: self.assist_requested.emit(form))
        self.form = form
        self.content.addWidget(form)
        self.content.setCurrentWidget(form)
        self.opened.emit()
        form.focus_sections()
        self._tell_place()

    def show_open(self) -> None:
        """Bring the open form (or its review) to the front."""
        if self.review is not None:
            self.content.setCurrentWidget(self.review)
        elif self.form is not None:
            self.content.setCurrentWidget(self.form)

    def close_form(self, *, left: bool = True) -> Saver | None:
        """Close the open form: its saves go first, then its data is forgotten.

        Returns the form's saver: the lock waits on it for what is still to be written
        (`koffer.drafting.locking`).

        Args:
            left: the worker left the draft (closed, finalised, deleted it); False for a
                lock or quitting, after which Koffer comes back to it.
        """
        self._close_review()
        form, self.form = self.form, None
        if form is None:
            return None
        self.leaving.emit()  # a remote expert session ends with the form
        saver = form.saver
        saver.flush_now()
        form.close_form()
        self.content.removeWidget(form)
        form.deleteLater()
        self.closed.emit()
        if left:
            self.place_changed.emit(None)
        return saver

    def restore_unsaved(self, unsaved: Unsaved) -> None:
        """After an unlock: open the draft whose last input the lock could not save, with
        that input put back (and saved again)."""

        def opened(draft: OpenedDraft) -> None:
            self.show_opened(draft)
            if self.form is not None and self.form.draft_id == unsaved.draft_id:
                self.form.restore(unsaved.batch)
                self.prompts.show_alert(say(wording.RESTORED_AFTER_UNLOCK), error=False)

        self._run(lambda ws: ws.open_draft(unsaved.draft_id), opened)

    def _close_review(self) -> None:
        review, self.review = self.review, None
        if self.paper_dialog is not None:
            self.paper_dialog.reject()
            self.paper_dialog.deleteLater()  # it holds the signer's name
            self.paper_dialog = None
        if review is not None:
            self.content.removeWidget(review)
            review.deleteLater()
            self.reviewing.emit(False)

    def _form_finished(self) -> None:
        self.close_form()
        self.drafts_changed.emit()

    # ------------------------------------------------------------------ review and sign
    def show_review(self) -> None:
        """The citizen's review of the open form."""
        form = self.form
        if form is None:
            return
        from koffer.ui.review_screen import ReviewScreen

        form.reveal_all_findings()
        self._close_review()
        editor = form.editor
        review = ReviewScreen(
            editor.review(form.language),
            form.citizen_name,
            editor.signatures,
            parent=self.content,
        )
        review.back_requested.connect(self._review_back)
        review.sign_requested.connect(self._sign)
        review.paper_requested.connect(self._paper)
        review.finish_requested.connect(self._finalise)
        self.review = review
        self.content.addWidget(review)
        self.content.setCurrentWidget(review)
        review.back.setFocus()
        self.reviewing.emit(True)
        self._tell_place()

    def _review_back(self) -> None:
        self._close_review()
        if self.form is not None:
            self.content.setCurrentWidget(self.form)
        self._tell_place()

    def _signed(self, form: FormScreen, *infos: SignatureInfo) -> None:
        if self.form is not form:
            return
        form.editor.signed(*infos)
        form.stage_changed()
        if self.review is not None:
            self.review.mark_signed(*infos)
        self.drafts_changed.emit()

    def _sign(self, field_id: str, strokes: Strokes, png: bytes, digest: str) -> None:
        form = self.form
        if form is None:
            return
        form.saver.flush_now()  # the store lane runs the saves before the signature
        draft_id = form.draft_id
        self._run(
            lambda ws: ws.sign_on_pad(
                draft_id, digest, strokes=strokes, png=png, field_id=field_id
            ),
            lambda info: self._signed(form, info),
        )

    def _paper(self, digest: str) -> None:
        form = self.form
        if form is None or self.review is None:
            return
        form.saver.flush_now()
        dialog = PaperSignatureDialog(
            form.citizen_name, self.review.review.signatures, self.content
        )
        draft_id = form.draft_id
        dialog.print_requested.connect(lambda: self.print_requested.emit(draft_id, (SIGNING,), ""))

        def record(signers: dict[str, str], when: dt.datetime) -> None:
            def done(infos: tuple[SignatureInfo, ...]) -> None:
                dialog.accept()
                self._signed(form, *infos)

            self._run(
                lambda ws: ws.sign_on_paper(draft_id, digest, signers=signers, signed_at=when),
                done,
                lambda exc: dialog.show_error(_message(exc)),
            )

        dialog.recorded.connect(record)
        dialog.finished.connect(lambda _r: self._paper_closed(dialog))
        self.paper_dialog = dialog
        dialog.open()

    def _paper_closed(self, dialog: PaperSignatureDialog) -> None:
        if self.paper_dialog is dialog:
            self.paper_dialog = None

    # ------------------------------------------------------------------ finalise
    def _finalise(self) -> None:
        form = self.form
        if form is None or not form.signature_valid:
            return
        question = say(wording.FINALISE_QUESTION)
        missing = [line.label for line in form.editor.checklist(form.language).missing]
        if missing:
            note = wording.by_count(
                len(missing), wording.FINALISE_MISSING_ONE, wording.FINALISE_MISSING_MANY
            )
            question += "\n\n" + say(note).format(documents=", ".join(missing))
        if not self.prompts.confirm(say(wording.FINALISE_TITLE), question):
            return
        self.leaving.emit()  # a remote expert session ends before the draft is finalised
        form.saver.flush_now()
        draft_id = form.draft_id

        def done(stage: Stage) -> None:
            self.close_form()
            self.drafts_changed.emit()
            self.finalised.emit(draft_id, stage)
            intro = say(wording.PRINT_AFTER_FINALISE)
            if stage == "awaiting_key":
                intro += "\n\n" + say(wording.AWAITING_KEY_NOTE)
            self.print_requested.emit(draft_id, (CITIZEN, OFFICE), intro)

        self._run(lambda ws: ws.finalise(draft_id), done)

    # ------------------------------------------------------------------ delete, move, return
    def delete_draft(self, draft_id: str, citizen_name: str, form_title: str) -> None:
        """Delete a draft after asking, the form and the citizen named."""
        question = say(wording.delete_question(citizen_name))
        if not self.prompts.confirm(
            say(wording.DELETE_TITLE),
            question.format(form=form_title, name=citizen_name.strip()),
        ):
            return
        if self.form is not None and self.form.draft_id == draft_id:
            self.close_form()
        self._run(lambda ws: ws.delete_draft(draft_id), lambda _r: self.drafts_changed.emit())

    def offer_move(self, draft_id: str | None) -> None:
        """Offer to move a draft to the newest version of its form (the old one stays)."""
        if draft_id is None:
            self.prompts.show_alert(self.tr("Bitte zuerst einen Antrag in der Liste auswählen."))
            return
        from koffer.drafting.moving import describe_report

        def previewed(report: Any) -> None:
            if report is None:
                self.prompts.show_alert(
                    self.tr("Für diesen Antrag gibt es keine neuere Formularfassung."),
                    error=False,
                )
                return
            text = (
                describe_report(report)
                + "\n\n"
                + self.tr(
                    "Es wird ein neuer Antrag in der neuen Fassung angelegt; der bisherige "
                    "bleibt erhalten."
                )
            )
            if self.prompts.confirm(self.tr("Auf neue Formularfassung umstellen?"), text):
                self._run(lambda ws: ws.move_to_newest(draft_id), moved)

        def moved(result: tuple[str, Any] | None) -> None:
            self.drafts_changed.emit()
            if result is not None:
                self.open_draft(result[0])

        self._run(lambda ws: ws.preview_move(draft_id), previewed)

    def take_back_refused(self) -> None:
        """Return every submission the town hall refused to editing."""

        def done(returned: list[Any]) -> None:
            if not returned:
                self.prompts.show_alert(self.tr("Es gibt keine abgelehnten Anträge."), error=False)
                return
            self.drafts_changed.emit()
            reasons = " / ".join(dict.fromkeys(r.message for r in returned))
            text = say(wording.returned_message(len(returned)))
            self.prompts.show_alert(text.format(n=len(returned), why=reasons), error=False)

        self._run(lambda ws: ws.return_refused(), done)


def _message(exc: BaseException) -> str:
    text = getattr(exc, "user_message", None)
    if isinstance(text, str) and text:
        return text
    return QApplication.translate(
        "DraftFlow", "Das hat leider nicht geklappt. Ihre Daten sind sicher gespeichert."
    )
