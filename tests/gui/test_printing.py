"""Printing in the app: blank form, reprint with receipt, offline queue, real CUPS (Qt's
print support: test_qt_printing.py)."""

from __future__ import annotations

import io
import time

import pytest
from pypdf import PdfReader

from koffer.printouts.references import provisional_reference
from koffer.ui.print_dialog import PrintDialog
from koffer.ui.window.shell import MainWindow
from printing.backend import SubmittedJob
from printing.options import PrintOptions
from printing.queue import QueueState
from printing.status import JobState
from tests.gui.conftest import create_profile, finalised_wohngeld
from tests.helpers.cups_server import PDF_QUEUE, CupsServer, cups_server, cups_session
from tests.helpers.town_pdf import answers as town_answers
from tests.helpers.town_pdf import beratungshilfe, install_source_pdf
from tests.unit.printing.fakes import FakeBackend

pytestmark = pytest.mark.gui
__all__ = ["cups_server", "cups_session"]  # the private CUPS scheduler fixtures

RUNDFUNK = "rundfunkbeitrag-befreiung"


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


class DoneBackend(FakeBackend):
    """A fake print system whose jobs reach the printer at once."""

    def submit(self, pdf, title, printer, options) -> SubmittedJob:
        job = super().submit(pdf, title, printer, options)
        self.set_state(job.job_id, JobState.COMPLETED)
        return job


def use(window: MainWindow, backend) -> None:
    window.printing.use_backend(backend)


def open_dialog(window: MainWindow) -> PrintDialog:
    dialog = window.printing.dialog
    assert dialog is not None
    assert dialog.isVisible()
    return dialog


def create_draft(window: MainWindow, answers: dict) -> str:
    store = window.session.drafts
    assert store is not None
    assert window.catalog is not None
    template = window.catalog.get(RUNDFUNK)
    assert template is not None
    draft = store.create_draft(template.id, template.version, "Erika Mustermann")
    store.set_answers(draft.id, answers)
    window.show_drafts()
    return draft.id


def test_blank_form_from_catalog_with_preview_and_remembered_printer(unlocked: MainWindow) -> None:
    backend = DoneBackend(printers=("buero", "mobil"))
    use(unlocked, backend)
    screen = unlocked.catalog_screen
    assert screen.print_blank.isEnabled()
    template = screen.selected_template()
    assert template is not None
    screen.print_blank.click()
    dialog = open_dialog(unlocked)
    assert dialog.preview.count() >= 1
    assert "Seite 1 von" in dialog.preview.item(0).text()
    assert not dialog.preview.item(0).icon().isNull()
    assert dialog.printer.count() == 2
    dialog.printer.setCurrentIndex(dialog.printer.findData("mobil"))
    dialog.large_print.setChecked(True)
    dialog.copies.setValue(2)
    dialog.print_button.click()
    assert len(backend.submitted) == 1
    _job, pdf, title, printer, options = backend.submitted[0]
    assert printer == "mobil"
    assert options == PrintOptions(copies=2, grayscale=True)
    assert template.title in pdf_text(pdf)
    assert title.startswith("koffer-Befreiung-oder-Ermaessigung-vom-Rundfunkbeitrag-")
    assert "übergeben" in dialog.state.text()
    assert "übergeben" in unlocked.printing.status_label.text()
    dialog.close_button.click()
    # the printer is remembered for next time
    screen.print_blank.click()
    assert open_dialog(unlocked).printer.currentData() == "mobil"


def test_an_unfinished_draft_prints_as_a_draft_without_receipt(unlocked: MainWindow) -> None:
    """The blocker: a draft at 37 % printed a receipt, a reference and a QR code."""
    backend = DoneBackend()
    use(unlocked, backend)
    create_draft(unlocked, {"familienname": "Mustermann", "vorname": "Erika"})
    unlocked.drafts_screen.reprint.click()
    dialog = open_dialog(unlocked)
    assert tuple(dialog.kind_boxes) == ("review_copy", "office")
    assert dialog.chosen_kinds() == ("review_copy",)
    assert dialog.reference.isHidden()
    assert "ENTWURF – kein Antrag gestellt" in dialog.intro.text()
    dialog.kind_boxes["office"].setChecked(True)
    dialog.print_button.click()
    assert len(backend.submitted) == 2
    for _job, pdf, title, _printer, _options in backend.submitted:
        pages = [p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages]
        assert all("ENTWURF – kein Antrag gestellt" in page for page in pages)
        text = "\n".join(pages)
        assert "Eingangsbestätigung" not in text
        assert "Vorgangsnummer" not in text
        assert "VORL-" not in title


def test_reprint_citizen_copy_has_receipt_with_provisional_reference(
    unlocked: MainWindow,
) -> None:
    backend = DoneBackend()
    use(unlocked, backend)
    draft_id = finalised_wohngeld(unlocked)
    unlocked.show_drafts()
    screen = unlocked.drafts_screen
    assert screen.selected_id() == draft_id
    screen.reprint.click()
    dialog = open_dialog(unlocked)
    assert dialog.chosen_kinds() == ("citizen",)
    assert "vorläufig" in dialog.reference.text()
    reference = provisional_reference(draft_id)
    assert reference in dialog.reference.text()
    dialog.kind_boxes["office"].setChecked(True)
    dialog.print_button.click()
    titles = [s[2] for s in backend.submitted]  # what the print system sees
    assert len(titles) == 2
    assert "-Ausfertigung-Buerger-VORL-" in titles[0]
    assert "-Ausfertigung-Amt-VORL-" in titles[1]
    citizen = pdf_text(backend.submitted[0][1])
    assert "Eingangsbestätigung (vorläufig)" in citizen
    assert f"{reference} (vorläufig)" in citizen
    assert "Mustermann" in citizen
    assert "ENTWURF" not in citizen
    assert "Eingangsbestätigung" not in pdf_text(backend.submitted[1][1])
    assert "Mustermann" not in backend.submitted[0][2]  # job titles stay neutral


def reprint_with_the_printer_away(window: MainWindow) -> tuple[DoneBackend, PrintDialog]:
    """The reprint dialog of a new draft, while the portable printer is off."""
    backend = DoneBackend()
    backend.reachable["mobil"] = False
    use(window, backend)
    create_draft(window, {"familienname": "Mustermann"})
    window.drafts_screen.reprint.click()
    return backend, open_dialog(window)


def test_unreachable_printer_queues_calmly_then_prints_from_queue(unlocked: MainWindow) -> None:
    backend, dialog = reprint_with_the_printer_away(unlocked)
    dialog.print_button.click()
    assert backend.submitted == []
    assert dialog.state.text() == (
        "Drucker nicht erreichbar. Der Ausdruck ist noch nicht fertig. "
        "Koffer druckt ihn, sobald der Drucker bereit ist."
    )
    assert dialog.state.property("role") == "notice"  # large type, not a grey line
    assert dialog.retry_button.isVisibleTo(dialog)
    assert unlocked.printing.queue_button.isVisibleTo(unlocked)
    assert "(1)" in unlocked.printing.queue_button.text()

    dialog.queue_view_button.click()  # "Warteschlange ansehen"
    assert not dialog.isVisible()
    view = unlocked.printing.queue_view
    assert view is not None
    assert view.table.rowCount() == 1
    assert "Wartet auf den Drucker" in view.table.item(0, 3).text()

    backend.reachable["mobil"] = True
    view.retry.click()  # submits; the next refresh sees it completed and drops it
    assert len(backend.submitted) == 1
    unlocked.printing.retry_queue()
    assert view.table.rowCount() == 0 or not view.table.isVisibleTo(view)
    assert not unlocked.printing.queue_button.isVisibleTo(unlocked)
    assert unlocked.session.drafts is not None
    assert unlocked.session.drafts.list_print_jobs() == []


def test_the_choices_column_is_not_cut_off_when_the_waiting_actions_appear(
    unlocked: MainWindow,
) -> None:
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QAbstractScrollArea, QApplication

    _backend, dialog = reprint_with_the_printer_away(unlocked)
    dialog.print_button.click()  # the printer is away: "Erneut drucken", "Warteschlange …"
    area = dialog.retry_button.parentWidget()
    while not isinstance(area, QAbstractScrollArea):
        area = area.parentWidget()
    viewport = area.viewport()

    def right_edge(widget) -> int:
        return widget.mapTo(viewport, QPoint(widget.width(), 0)).x()

    # what the field worker sees once the posted layout requests are done (no timer)
    for _ in range(3):
        QApplication.processEvents()
    for widget in (dialog.queue_view_button, dialog.printer, dialog.copies, dialog.state):
        assert right_edge(widget) <= viewport.width(), widget.accessibleName()


def test_failed_job_can_be_retried_or_discarded(unlocked: MainWindow) -> None:
    backend = FakeBackend()
    use(unlocked, backend)
    store = unlocked.session.drafts
    assert store is not None
    service = unlocked.printing.service()
    assert service is not None
    backend.reachable["mobil"] = False
    from printing.queue import PrintRequest

    outcome = service.queue.print(PrintRequest(b"%PDF-1.4 x", "probe", "mobil"))
    assert outcome.queued
    backend.reachable["mobil"] = True
    service.retry_queue()
    job_id = backend.submitted[0][0]
    backend.set_state(job_id, JobState.ABORTED, reasons=("media-jam-error",))
    unlocked.printing.show_queue()
    view = unlocked.printing.queue_view
    assert view is not None
    unlocked.printing.retry_queue()
    assert view.table.rowCount() == 1
    assert view.table.item(0, 3).text().startswith("Nicht gedruckt")
    assert view.requeue.isEnabled()
    view.requeue.click()
    assert len(backend.submitted) == 2  # printed again from the queue
    view.confirm = lambda _item: True
    view.table.selectRow(0)
    view.discard.click()
    assert store.list_print_jobs() == []
    assert backend.cancelled  # the job still at the printer was cancelled


def test_print_again_from_the_dialog_once_the_printer_is_back(unlocked: MainWindow) -> None:
    backend, dialog = reprint_with_the_printer_away(unlocked)
    assert not dialog.retry_button.isVisibleTo(dialog)  # nothing to retry yet
    dialog.print_button.click()
    assert dialog.retry_button.isVisibleTo(dialog)
    assert dialog.retry_button.text() == "Erneut drucken"
    assert dialog.queue_view_button.text() == "Warteschlange ansehen"
    assert "CUPS" not in dialog.state.text()

    dialog.retry_button.click()  # still away: it stays, said the same calm way
    assert backend.submitted == []
    assert dialog.state.text().endswith("Koffer druckt ihn, sobald der Drucker bereit ist.")

    backend.reachable["mobil"] = True
    dialog.retry_button.click()
    assert len(backend.submitted) == 1
    assert dialog.state.text().startswith("An den Drucker übergeben")
    assert not dialog.retry_button.isVisibleTo(dialog)
    assert dialog.state.property("role") == ""
    assert unlocked.session.drafts is not None
    assert unlocked.session.drafts.list_print_jobs() == []


def test_visit_form_prints_the_visit_record(unlocked: MainWindow) -> None:
    backend = DoneBackend()
    use(unlocked, backend)
    store = unlocked.session.drafts
    assert store is not None
    assert unlocked.catalog is not None
    template = unlocked.catalog.get("hausbesuchsprotokoll")
    assert template is not None
    draft = store.create_draft(template.id, template.version, "Erika Mustermann")
    store.set_answers(
        draft.id,
        {"besuchsdatum": "2026-11-20", "uhrzeit_beginn": "10:30", "anschrift": "Lindenweg 3"},
    )
    unlocked.printing.print_draft(draft.id)
    dialog = open_dialog(unlocked)
    assert dialog.chosen_kinds() == ("visit",)
    dialog.print_button.click()
    text = pdf_text(backend.submitted[0][1])
    assert "ENTWURF – kein Antrag gestellt" in text  # not finalised
    assert "Hausbesuch" in text
    assert "Lindenweg 3" in text
    assert "20.11.2026" in text


def test_lock_closes_the_print_dialog(unlocked: MainWindow) -> None:
    use(unlocked, DoneBackend())
    unlocked.catalog_screen.print_blank.click()
    dialog = open_dialog(unlocked)
    unlocked.lock()
    assert not dialog.isVisible()
    assert unlocked.printing.dialog is None


@pytest.mark.integration
def test_citizen_copy_from_the_app_lands_through_real_cups(
    unlocked: MainWindow, cups_server: CupsServer
) -> None:
    from printing.cups_printer import CupsBackend

    cups_server.cancel_all_jobs()
    before = len(cups_server.printed_pdfs())
    use(unlocked, CupsBackend(host="127.0.0.1", port=cups_server.port))
    draft_id = finalised_wohngeld(unlocked)
    unlocked.show_drafts()
    unlocked.drafts_screen.reprint.click()
    dialog = open_dialog(unlocked)
    index = dialog.printer.findData(PDF_QUEUE)
    assert index >= 0
    dialog.printer.setCurrentIndex(index)
    dialog.print_button.click()
    assert "übergeben" in dialog.state.text()
    deadline = time.monotonic() + 20
    while len(cups_server.printed_pdfs()) == before and time.monotonic() < deadline:
        time.sleep(0.1)
    printed = cups_server.printed_pdfs()[before:]
    assert len(printed) == 1
    text = pdf_text(printed[0].read_bytes())
    assert "Mustermann" in text
    assert provisional_reference(draft_id) in text
    assert "Eingangsbestätigung" in text


def test_queue_state_names_are_the_store_states() -> None:
    from koffer.printouts.queue_store import _FROM_STORE, _TO_STORE

    for state in QueueState:
        assert state in _TO_STORE
    assert all(_TO_STORE[v] == k for k, v in _FROM_STORE.items())


def test_preview_and_printing_on_the_real_worker_threads(threaded, make_window, qtbot) -> None:
    window = make_window()
    qtbot.waitUntil(lambda: window.root.currentWidget() is window.setup, timeout=10_000)
    create_profile(window)
    qtbot.waitUntil(lambda: not window.is_locked and window.catalog is not None, timeout=10_000)
    backend = DoneBackend()
    use(window, backend)
    window.catalog_screen.print_blank.click()
    qtbot.waitUntil(lambda: window.printing.dialog is not None, timeout=10_000)
    dialog = open_dialog(window)
    qtbot.waitUntil(dialog.print_button.isEnabled, timeout=10_000)
    qtbot.waitUntil(lambda: "Seite 1 von" in dialog.preview.item(0).text(), timeout=10_000)
    dialog.print_button.click()
    qtbot.waitUntil(lambda: "übergeben" in dialog.state.text(), timeout=10_000)
    assert len(backend.submitted) == 1
    assert threaded.wait_idle(10_000)


# ---------------------------------------------------------------------- the town's own PDF
def town_form_draft(window: MainWindow) -> str:
    """The Beratungshilfe form as a catalog update brings it (template and PDF in
    device.db), the catalog reloaded, and a draft of it with some answers."""
    device = window.session.device
    pdf, form = beratungshilfe()
    install_source_pdf(device, pdf, with_template=True)
    window.sync.catalog_changed.emit()  # what the app does after a catalog update
    assert window.catalog is not None
    template = window.catalog.get(form.id)
    assert template is not None
    workspace = window.session.workspace
    assert workspace is not None
    draft_id = workspace.create_draft(template, "Gülşen Öztürk").draft.id
    workspace.drafts.set_answers(draft_id, town_answers(template))
    return draft_id


def test_a_draft_prints_on_the_towns_form_marked_on_every_page(unlocked: MainWindow) -> None:
    backend = DoneBackend()
    use(unlocked, backend)
    draft_id = town_form_draft(unlocked)
    town_pages = len(PdfReader(io.BytesIO(beratungshilfe()[0])).pages)
    unlocked.printing.print_draft(draft_id)
    dialog = open_dialog(unlocked)
    assert dialog.on_original.isVisibleTo(dialog)
    assert dialog.on_original.isChecked()  # the town's form is what the office works with
    assert dialog.on_original.text().replace("&", "") == "Auf dem Formular der Stadt drucken"
    on_town_form = dialog.preview.count()
    assert on_town_form > town_pages
    assert f"Seite 1 von {on_town_form}" in dialog.preview.item(0).text()
    dialog.kind_boxes["office"].setChecked(True)
    dialog.print_button.click()
    assert len(backend.submitted) == 2
    for _job, pdf, _title, _printer, _options in backend.submitted:
        text = [p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages]
        assert len(text) > town_pages
        assert all("ENTWURF – kein Antrag gestellt" in page for page in text)
        assert "Rentnerin, früher Bäckerin" in text[0]  # in the town's own box
        joined = "\n".join(text)
        for claim in ("Eingangsbestätigung", "Vorgangsnummer", "VORL-"):
            assert claim not in joined

    dialog.on_original.setChecked(False)  # paper runs short: Koffer's pages only
    assert dialog.preview.count() == on_town_form - town_pages
    dialog.kind_boxes["office"].setChecked(False)
    dialog.print_button.click()
    koffer_only = PdfReader(io.BytesIO(backend.submitted[-1][1]))
    assert len(koffer_only.pages) == on_town_form - town_pages


def test_a_finalised_application_prints_the_towns_form_then_the_receipt(
    unlocked: MainWindow,
) -> None:
    backend = DoneBackend()
    use(unlocked, backend)
    draft_id = town_form_draft(unlocked)
    workspace = unlocked.session.workspace
    assert workspace is not None
    digest = workspace.check(draft_id).digest
    workspace.sign_on_pad(draft_id, digest, strokes=[[[0.1, 0.1, 0.5, 0]]], png=b"\x89PNG-x")
    workspace.finalise(draft_id)
    unlocked.printing.print_draft(draft_id)
    dialog = open_dialog(unlocked)
    assert dialog.chosen_kinds() == ("citizen",)
    assert dialog.on_original.isChecked()
    dialog.print_button.click()
    text = [p.extract_text() or "" for p in PdfReader(io.BytesIO(backend.submitted[0][1])).pages]
    town_pages = len(PdfReader(io.BytesIO(beratungshilfe()[0])).pages)
    assert "07.03.1948" in text[0]
    assert not any("ENTWURF" in page for page in text)
    assert not any("Eingangsbestätigung" in page for page in text[:town_pages])
    koffer = "\n".join(text[town_pages:])
    assert "Eingangsbestätigung (vorläufig)" in koffer
    assert f"{provisional_reference(draft_id)} (vorläufig)" in koffer


def test_forms_without_the_towns_pdf_do_not_offer_it(unlocked: MainWindow) -> None:
    use(unlocked, DoneBackend())
    create_draft(unlocked, {"familienname": "Mustermann"})
    unlocked.drafts_screen.reprint.click()
    assert not open_dialog(unlocked).on_original.isVisibleTo(open_dialog(unlocked))


def test_the_blank_form_prints_as_the_towns_form(unlocked: MainWindow) -> None:
    backend = DoneBackend()
    use(unlocked, backend)
    town_form_draft(unlocked)
    assert unlocked.catalog is not None
    template = unlocked.catalog.get(beratungshilfe()[1].id)
    assert template is not None
    unlocked.printing.print_blank(template)
    dialog = open_dialog(unlocked)
    assert dialog.on_original.isChecked()
    dialog.print_button.click()
    blank = PdfReader(io.BytesIO(backend.submitted[0][1]))
    assert len(blank.pages) == len(PdfReader(io.BytesIO(beratungshilfe()[0])).pages)
    assert not blank.get_fields()
