"""Every screen and dialog of the app, opened as a person would reach it, for the checks.

`SCREENS` names them; `open_screen` brings one up on an unlocked window and returns the
top-level widget to check (the main window, or the dialog). The accessibility, keyboard
and layout tests (`test_screens.py`) go through all of them, so a screen added here is
checked by all three.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from forms.model import FormField
from koffer.store.errors import WrongPassphrase
from koffer.ui.enrollment_dialog import EnrollmentDialog
from koffer.ui.fields import FieldRow
from koffer.ui.visits_dialog import VisitsDialog
from koffer.ui.window.shell import MainWindow
from tests.gui.conftest import PASSPHRASE, finalised_wohngeld
from tests.helpers.accessibility import FieldExpectation
from tests.unit.printing.fakes import FakeBackend

WOHNGELD = "wohngeld-mietzuschuss"

SCREENS = (
    "unlock",
    "catalog",
    "form",
    "form_rows",
    "form_documents",
    "review",
    "review_two_signatures",
    "review_lock_warning",
    "applications",
    "print_dialog",
    "queue",
    "visits",
    "enrollment",
)


@dataclass
class Opened:
    """A screen on display: what to check, and what the engine says about its fields."""

    top: QWidget
    window: MainWindow
    expect: Callable[[QWidget], FieldExpectation | None] | None = None


def _form(window: MainWindow) -> QWidget:
    template = window.catalog.get(WOHNGELD) if window.catalog else None
    assert template is not None
    window.start_draft(template)
    assert window.form is not None
    return window.form


def _field_expectations(window: MainWindow) -> Callable[[QWidget], FieldExpectation | None]:
    """What the forms engine says of the field a widget edits: required, and its error.

    Every error the engine finds now is expected in the field's description (the test
    asks the form to show all open points first, as "Prüfen" does).
    """
    form = window.form
    assert form is not None
    evaluation = form.editor.evaluation
    language = form.language
    messages: dict[str, str] = {}
    for finding in evaluation.findings:
        if finding.severity == "error":
            messages.setdefault(finding.path, finding.message_in(language))
    from forms.display import words

    marker = words(language).required

    def expect(widget: QWidget) -> FieldExpectation | None:
        parent: QWidget | None = widget
        while parent is not None and not isinstance(parent, FieldRow):
            parent = parent.parentWidget()
        if parent is None or widget not in parent.editor.focus_widgets():
            return None
        path = parent.path
        field: FormField = parent.field
        if not field.holds_answer or field.compute is not None:
            return None
        return FieldExpectation(evaluation.is_required(path), messages.get(path), marker)

    return expect


def _complete_wohngeld(window: MainWindow) -> str:
    """A complete Wohngeld draft, not signed yet (what the citizen reviews and signs)."""
    from tests.unit.printing.samples import WOHNGELD_ANSWERS

    workspace = window.session.workspace
    assert workspace is not None
    template = window.catalog.get(WOHNGELD) if window.catalog else None
    assert template is not None
    draft_id = workspace.create_draft(template, "Erika Mustermann").draft.id
    answers = {k: v for k, v in WOHNGELD_ANSWERS.items() if k != "unterschrift"}
    answers.update(familienname="Mustermann", vorname="Erika", nachweise=[])
    answers["datum_unterschrift"] = dt.date.today().isoformat()  # noqa: DTZ011 - a local date
    workspace.drafts.set_answers(draft_id, answers)
    return draft_id


def _wbs_with_partner(window: MainWindow) -> str:
    """A complete Wohnberechtigungsschein draft with a partner moving in, not signed."""
    from tests.unit.drafting.test_signatures import CHILD_ROW, PARTNER_ROW, fill_required

    workspace = window.session.workspace
    assert workspace is not None
    template = window.catalog.get("wohnberechtigungsschein") if window.catalog else None
    assert template is not None
    opened = workspace.create_draft(template, "Erika Mustermann")
    answers = {**opened.draft.answers, "mitziehende": [PARTNER_ROW, CHILD_ROW]}
    workspace.drafts.set_answers(opened.draft.id, fill_required(workspace, template, answers))
    return opened.draft.id


def open_screen(name: str, window: MainWindow, make_window: Callable[[], MainWindow]) -> Opened:
    """Bring up screen `name` (one of `SCREENS`) starting from the unlocked `window`."""
    if name == "unlock":
        window.lock()
        screen = window.unlock_screen
        screen.passphrase.setText("falsch")
        screen.unlock.click()  # an error is shown: it must be tied to the field
        QApplication.processEvents()
        wrong = FieldExpectation(False, WrongPassphrase().user_message, "Pflichtfeld")
        return Opened(window, window, lambda w: wrong if w is screen.passphrase else None)
    if name == "catalog":
        window.show_catalog()
        QTest.keyClicks(window.catalog_screen.search, "Miete")  # shows the clear button
        window.catalog_screen.refresh()
        return Opened(window, window)
    if name in ("form", "form_rows"):
        form = _form(window)
        if name == "form_rows":
            form.go_to("haushaltsmitglieder")
            editor = form.rows["weitere_personen"].editor
            next(b for v, b in editor.buttons if v is True).click()  # type: ignore[attr-defined]
            form.groups["haushalt"].add.click()
        else:
            form.go_to("antragsteller")
        form.reveal_all_findings()
        QApplication.processEvents()
        return Opened(window, window, _field_expectations(window))
    if name == "form_documents":
        form = _form(window)
        workspace = window.session.workspace
        assert workspace is not None
        info = workspace.attach(form.draft_id, "nachweise", "mietvertrag.pdf", b"%PDF-1.4 x")
        form.editor.attached(info.id, info.filename)
        form.apply_change("nachweise", [info.id])
        form.go_to("__documents__")  # the check boxes, each with its proof box
        assert form.documents is not None
        assert form.documents.rows
        QApplication.processEvents()
        return Opened(window, window)
    if name == "review_lock_warning":
        opened = open_screen("review", window, make_window)
        window.idle.stop()  # nothing locks while the screen is checked
        window.idle.warning.emit(30)  # as the watcher does 30 s before the lock
        assert window.lock_warning.isVisible()
        return opened
    if name == "review_two_signatures":
        # a Wohnberechtigungsschein with a partner moving in: two pads, the first signed
        window.open_draft(_wbs_with_partner(window))
        assert window.form is not None
        window.form.review.click()
        review = window.review
        assert review is not None
        assert len(review.parts) == 2, review.blocking
        QTest.mousePress(review.pad, Qt.MouseButton.LeftButton, pos=QPoint(40, 120))
        QTest.mouseMove(review.pad, QPoint(300, 90))
        QTest.mouseRelease(review.pad, Qt.MouseButton.LeftButton, pos=QPoint(300, 90))
        review.sign.click()
        assert not review.signed  # the partner's signature is still to be given
        review.parts[1].pad.setFocus()  # scrolls the second pad into view
        QApplication.processEvents()
        return Opened(window, window)
    if name == "review":
        window.open_draft(_complete_wohngeld(window))
        assert window.form is not None
        window.form.review.click()
        assert window.review is not None
        assert window.review.pad.isEnabled(), window.review.blocking  # ready to sign
        return Opened(window, window)
    if name == "applications":
        finalised_wohngeld(window, "Otto Beispielmann-Langenscheidt")
        _form(window)
        window.drafts.close_form()
        # more rows than the list shows at 200 %: it must still show one whole
        workspace = window.session.workspace
        assert workspace is not None
        assert window.catalog is not None
        wohngeld = window.catalog.get(WOHNGELD)
        assert wohngeld is not None
        for citizen in ("Anna Beispiel", "Karl Beispiel-Meier", "Ute Beispiel"):
            workspace.create_draft(wohngeld, citizen)
        window.show_drafts()
        QTest.keyClicks(window.drafts_screen.search, "Beispiel")
        window.refresh_drafts(window.drafts_screen.search.text())
        # the bottom bar full: not connected, a printout waiting for the printer
        from printing.queue import NOT_DONE

        window.printing._job_update(f"Drucker nicht bereit. {NOT_DONE}")
        window.printing._set_count(1)
        return Opened(window, window)
    if name == "print_dialog":
        window.printing.use_backend(FakeBackend(printers=("buero", "mobil")))
        window.show_catalog()
        window.catalog_screen.print_blank.click()
        dialog = window.printing.dialog
        assert dialog is not None
        return Opened(dialog, window)
    if name == "queue":
        window.printing.use_backend(FakeBackend(printers=("buero",)))
        window.printing.show_queue()
        view = window.printing.queue_view
        assert view is not None
        return Opened(view, window)
    if name == "visits":
        drafts = window.session.drafts
        assert drafts is not None
        drafts.add_visit(
            "Erika Mustermann",
            dt.datetime.now().astimezone() + dt.timedelta(hours=2),
            address="Lindenweg 4, 34117 Kassel",
            note="Wohngeld, Erstantrag",
        )
        window.nav_visits.click()
        dialog = window.visits_dialog
        assert dialog is not None
        assert isinstance(dialog, VisitsDialog)
        return Opened(dialog, window)
    if name == "enrollment":
        enrollment = EnrollmentDialog(window.sync._store(), window)
        enrollment.show()
        return Opened(enrollment, window)
    raise AssertionError(f"unknown screen {name}")


__all__ = ["PASSPHRASE", "SCREENS", "Opened", "open_screen"]
