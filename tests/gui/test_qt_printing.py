"""Qt's print support as a printer backend: to a file, to a real CUPS scheduler, in the app.

On Windows Koffer prints through Qt (QtPdf renders the pages, QPrinter prints them).
Here Qt's CUPS plugin stands in for the Windows spooler: it talks to the scheduler that
libcups is told of, i.e. `CUPS_SERVER` (libcups reads it at a thread's first call and
keeps it per thread; the tests' private scheduler is the only one any test talks to).
The document that arrives is made of page images, so its words are read back by OCR.
"""

from __future__ import annotations

import io
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader

from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter

from koffer.ui.print_controller import default_backend
from koffer.ui.qt_print_backend import QtPrintBackend
from koffer.ui.window.shell import MainWindow
from printing.backend import JobUnknownError, PrinterInfo, PrintError
from printing.options import PrintOptions
from printing.queue import UNKNOWN_OUTCOME, OfflinePrintQueue, PrintRequest, QueueState
from printing.render import render_filled
from printing.status import HANDED_TO_SYSTEM, JobState
from tests.gui.conftest import finalised_wohngeld
from tests.helpers.cups_server import IPP_QUEUE, PDF_QUEUE, CupsServer, cups_server, cups_session
from tests.helpers.ocr import ocr_pdf
from tests.unit.printing.fakes import MemoryPrintQueueStore
from tests.unit.printing.samples import sample_content

pytestmark = pytest.mark.gui
__all__ = ["cups_server", "cups_session"]  # the private CUPS scheduler fixtures

PRINTER = PrinterInfo("buero", "Büro", "", "", "", False, True, True, False)


def to_file(out: Path) -> Any:
    """A printer factory that writes what Qt would spool into `out` (a PDF)."""

    def make(_name: str) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setPageOrientation(QPageLayout.Orientation.Portrait)
        return printer

    return make


def page_brightness(pdf: Path, page: int = 1) -> float:
    """Mean grey level (0 black … 255 white) of a page, as poppler renders it."""
    png = subprocess.run(
        ["pdftoppm", "-r", "30", "-gray", "-png", "-f", str(page), "-l", str(page), str(pdf)],
        check=True,
        capture_output=True,
        timeout=60,
    ).stdout
    image = Image.open(io.BytesIO(png)).convert("L")
    histogram = image.histogram()
    return sum(level * count for level, count in enumerate(histogram)) / sum(histogram)


def wait_for_new_pdf(server: CupsServer, before: int, timeout: float = 30.0) -> Path:
    deadline = time.monotonic() + timeout
    while len(server.printed_pdfs()) == before and time.monotonic() < deadline:
        server.check_alive()
        time.sleep(0.1)
    printed = server.printed_pdfs()[before:]
    assert len(printed) == 1, f"{len(printed)} documents arrived"
    return printed[0]


# ---------------------------------------------------------------------- to a file
@pytest.mark.parametrize("grayscale", [True, False])
def test_pages_print_on_white_in_colour_and_in_black_and_white(
    qtbot, tmp_path: Path, grayscale: bool
) -> None:
    """QtPdf renders on a transparent background: converted naively to grey, every page
    came out black (black and white is the dialog's default)."""
    del qtbot
    out = tmp_path / "qt.pdf"
    backend = QtPrintBackend(printer_factory=to_file(out), printers=lambda: [PRINTER])
    source = render_filled(sample_content(), "office")
    backend.submit(source, "probe", "buero", PrintOptions(grayscale=grayscale))
    pages = len(PdfReader(io.BytesIO(source)).pages)
    assert len(PdfReader(out).pages) == pages
    for page in range(1, pages + 1):
        assert page_brightness(out, page) > 200  # mostly paper, a little ink
    assert page_brightness(out, 1) < 254  # and not a blank page either


def test_a_job_is_handed_over_untracked_and_says_so(qtbot, tmp_path: Path) -> None:
    del qtbot
    out = tmp_path / "a.pdf"
    backend = QtPrintBackend(printer_factory=to_file(out), printers=lambda: [PRINTER])
    job = backend.submit(render_filled(sample_content(), "office"), "p", "buero", PrintOptions())
    status = backend.job_status(job.job_id)
    assert status.state is JobState.COMPLETED
    assert not status.tracked
    assert status.uuid == job.uuid != ""
    assert status.message == HANDED_TO_SYSTEM
    assert "kann Koffer" in status.message
    assert "bitte prüfen Sie den Ausdruck" in status.message
    with pytest.raises(PrintError, match="Druckerwarteschlange des Laptops"):
        backend.cancel(job.job_id)  # Qt cannot take a job back
    assert backend.is_reachable("buero")
    assert not backend.is_reachable("weg")
    assert backend.why_unreachable("weg") == "Drucker nicht erreichbar"
    stopped = PrinterInfo("aus", "Aus", "", "", "", False, False, False, True)
    other = QtPrintBackend(printer_factory=to_file(tmp_path / "b.pdf"), printers=lambda: [stopped])
    assert not other.is_reachable("aus")
    assert other.why_unreachable("aus") == "Drucker nicht bereit"


def test_the_queue_lets_a_handed_over_job_go_and_asks_after_a_restart(
    qtbot, tmp_path: Path
) -> None:
    """Handed over: it leaves Koffer's queue with Qt's honest words. A job the queue still
    held as handed over when Koffer stopped is unknown to the next run: the user checks
    the paper (never a second copy on a guess)."""
    del qtbot
    store = MemoryPrintQueueStore()
    printers = lambda: [PRINTER]  # noqa: E731
    backend = QtPrintBackend(printer_factory=to_file(tmp_path / "q.pdf"), printers=printers)
    queue = OfflinePrintQueue(backend, store)
    pdf = render_filled(sample_content(), "citizen")
    outcome = queue.print(PrintRequest(pdf, "Ausfertigung", "buero"))
    assert not outcome.queued
    assert outcome.item_id is not None
    assert outcome.job_id is not None
    settled = queue.settle(outcome.item_id, backend.job_status(outcome.job_id))
    assert settled.message == HANDED_TO_SYSTEM
    assert store.list() == []

    outcome = queue.print(PrintRequest(pdf, "Ausfertigung", "buero"))  # Koffer stops here
    assert [i.state for i in store.list()] == [QueueState.SUBMITTED]
    restarted = OfflinePrintQueue(
        QtPrintBackend(printer_factory=to_file(tmp_path / "r.pdf"), printers=printers), store
    )
    with pytest.raises(JobUnknownError):
        restarted.backend.job_status(outcome.job_id or 0)
    (item,) = restarted.refresh()
    assert item.state is QueueState.FAILED
    assert item.message == UNKNOWN_OUTCOME
    assert not (tmp_path / "r.pdf").exists()  # nothing printed again


# ---------------------------------------------------------------------- real CUPS
@pytest.mark.integration
def test_qt_prints_to_the_scheduler_named_by_cups_server(
    qtbot, cups_server: CupsServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    del qtbot
    monkeypatch.setenv("CUPS_SERVER", cups_server.host)
    cups_server.cancel_all_jobs()
    before = len(cups_server.printed_pdfs())
    pdf = render_filled(sample_content(), "citizen")
    backend = QtPrintBackend()
    seen: dict[str, Any] = {}

    def work() -> None:  # a fresh thread: libcups reads CUPS_SERVER at its first call
        seen["printers"] = [p.name for p in backend.list_printers()]
        seen["reachable"] = backend.is_reachable(PDF_QUEUE)
        title = "Druckprobe – Ausfertigung Bürger"
        seen["job"] = backend.submit(pdf, title, PDF_QUEUE, PrintOptions())

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(60)
    assert {PDF_QUEUE, IPP_QUEUE} <= set(seen["printers"])  # the private scheduler's queues
    assert seen["reachable"]
    arrived = wait_for_new_pdf(cups_server, before)
    assert len(PdfReader(arrived).pages) == len(PdfReader(io.BytesIO(pdf)).pages)
    text = ocr_pdf(arrived, last=1)
    assert "Eingangsbestätigung" in text
    assert "Öztürk" in text
    assert "Antrag auf Druckprobe" in text
    assert backend.job_status(seen["job"].job_id).message == HANDED_TO_SYSTEM
    assert cups_server.alive()


@pytest.mark.integration
def test_citizen_copy_through_the_print_dialog_with_qt_printing(
    unlocked: MainWindow, cups_server: CupsServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`KOFFER_PRINT_BACKEND=qt` picks Qt's print support on a machine that has pycups.

    The dialog's jobs run on the test's thread here, whose libcups may have chosen its
    scheduler before (libcups reads CUPS_SERVER once per thread), so the thread is
    pointed at the private scheduler through libcups itself (pycups shares it with Qt's
    CUPS plugin); the test above shows that CUPS_SERVER alone does it in a new thread.
    """
    cups = pytest.importorskip("cups")
    cups.setServer("127.0.0.1")
    cups.setPort(cups_server.port)
    monkeypatch.setenv("KOFFER_PRINT_BACKEND", "qt")
    backend = default_backend()
    assert isinstance(backend, QtPrintBackend)
    unlocked.printing.use_backend(backend)
    cups_server.cancel_all_jobs()
    before = len(cups_server.printed_pdfs())
    finalised_wohngeld(unlocked)
    unlocked.show_drafts()
    unlocked.drafts_screen.reprint.click()
    dialog = unlocked.printing.dialog
    assert dialog is not None
    index = dialog.printer.findData(PDF_QUEUE)
    assert index >= 0, "Qt did not list the private scheduler's queue"
    dialog.printer.setCurrentIndex(index)
    dialog.print_button.click()
    assert dialog.state.text() == HANDED_TO_SYSTEM  # what Qt can say, and no more
    assert not dialog.retry_button.isVisibleTo(dialog)
    assert unlocked.session.drafts is not None
    assert unlocked.session.drafts.list_print_jobs() == []  # the system's queue has it
    arrived = wait_for_new_pdf(cups_server, before)
    text = ocr_pdf(arrived, last=1)
    assert "Eingangsbestätigung" in text
    assert "Mustermann" in text
